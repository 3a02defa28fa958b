/* util/phase.h — wall-time figures of a run's phases, measured on the monotonic clock: the
 * pipeline appends one entry per phase it finishes (load, score, index, tables, each
 * analysis, each report, commit, ...) and the caller (the CLI under -v) prints them. Nothing
 * here writes anywhere. The caller owns an rc_phase_times and frees it with
 * rc_phase_times_free; entry names are copied. */
#ifndef RC_UTIL_PHASE_H
#define RC_UTIL_PHASE_H

#include <stddef.h>

typedef struct rc_phase {
    char name[96];  /* e.g. "load", "analysis coupling", "report 2 json (out.json)" */
    double seconds; /* wall time of that phase */
    int within;     /* 1 = time spent inside the other phases (not part of their total) */
} rc_phase;

typedef struct rc_phase_times {
    rc_phase *v;
    size_t n, cap;
} rc_phase_times;

/* Seconds on CLOCK_MONOTONIC (an arbitrary origin: only differences mean something). */
double rc_clock_now(void);

/* Appends a phase that ran from `since` (an rc_clock_now() value) to now and returns now,
 * so phases chain: t = rc_phase_mark(times, "load", t). A NULL `times` only returns now;
 * when memory runs out the entry is dropped (the figures are advisory, never a result). */
double rc_phase_mark(rc_phase_times *times, const char *name, double since);

/* Same, with a printf-formatted name. */
double rc_phase_markf(rc_phase_times *times, double since, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Appends a figure of time spent inside the other phases (e.g. the plugin guard's
 * checksums), marked `within`; a NULL `times` does nothing. */
void rc_phase_within(rc_phase_times *times, const char *name, double seconds);

void rc_phase_times_free(rc_phase_times *times);

#endif
