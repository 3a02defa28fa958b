/* util/phase.c — the phase-time list of util/phase.h: a growing array of named wall times
 * on the monotonic clock. */
#include "util/phase.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double rc_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void add(rc_phase_times *times, const char *name, double seconds, int within)
{
    if (times->n == times->cap) {
        size_t cap = times->cap ? times->cap * 2 : 32;
        rc_phase *v = realloc(times->v, cap * sizeof *v);
        if (!v) return;
        times->v = v;
        times->cap = cap;
    }
    rc_phase *p = &times->v[times->n++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->seconds = seconds;
    p->within = within;
}

double rc_phase_mark(rc_phase_times *times, const char *name, double since)
{
    double now = rc_clock_now();
    if (times && name) add(times, name, now - since, 0);
    return now;
}

double rc_phase_markf(rc_phase_times *times, double since, const char *fmt, ...)
{
    char name[sizeof ((rc_phase *)0)->name];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof name, fmt, ap);
    va_end(ap);
    return rc_phase_mark(times, name, since);
}

void rc_phase_within(rc_phase_times *times, const char *name, double seconds)
{
    if (times && name) add(times, name, seconds, 1);
}

void rc_phase_times_free(rc_phase_times *times)
{
    if (!times) return;
    free(times->v);
    times->v = NULL;
    times->n = times->cap = 0;
}
