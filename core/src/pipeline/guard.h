/* pipeline/guard.h — the plugin guard, put around every plugin callback by the pipeline.
 *
 * While a plugin's callbacks run, a crash (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) or a
 * callback running past the configured limit (`plugin_timeout`, SIGALRM) ends the process:
 * the handler, on its own stack, writes one line to stderr naming the plugin, the dimension
 * or report, the callback and the signal, unlinks every temporary report file of the run
 * (so the previous reports stay exactly as they were) and calls _exit(4) — exit code 4 is
 * a plugin error. Nothing else is done in the handler: everything it prints is prepared
 * before the callback starts, and it only calls write(2), unlink(2) and _exit(2).
 *
 * A plugin that writes to what it was lent read-only is caught after the callback: the
 * panel (and, for reporters, the result set) is checksummed before and after, and a change
 * is reported as an error value naming the plugin.
 *
 * The handlers and the timer are installed only between rc_guard_enter and rc_guard_leave
 * and the previous dispositions, alternate stack and timer are restored afterwards, so code
 * outside plugins (and sanitizers) keeps its own. One guard at a time (plugins are called
 * from one thread). docs/plugin-isolation.md explains why this runs in process. */
#ifndef RC_PIPELINE_GUARD_H
#define RC_PIPELINE_GUARD_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/time.h>

#include "config/model.h"
#include "data/panel.h"
#include "pipeline/output.h"
#include "results/table.h"
#include "util/error.h"

#define RC_GUARD_NSIG 6 /* SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGALRM */

/* Checksums known to hold for the panel and the result set, carried from one guarded plugin
 * to the next so that each is computed once per run rather than twice per plugin. */
typedef struct rc_guard_sums {
    int have_panel, have_rs;
    uint64_t panel, rs;
    double seconds;              /* wall time spent summing, over the run (for -v) */
} rc_guard_sums;

typedef struct rc_guard {
    const char *plugin;          /* borrowed for the guard's life */
    const char *what;            /* "dimension 'INF'" or "report 1, results.json" */
    double timeout;              /* seconds per callback; 0 = none */
    const rc_panel *panel;       /* checked when not NULL */
    const rc_resultset *rs;      /* checked when not NULL (reporters) */
    uint64_t panel_sum, rs_sum;
    rc_guard_sums *known;        /* may be NULL */
    struct sigaction old_act[RC_GUARD_NSIG];
    stack_t old_stack;
    struct itimerval old_timer;
    int active;
} rc_guard;

/* The configured time limit for one callback: top-level `plugin_timeout` in seconds, 60
 * when the key is absent, 0 for none. */
double rc_guard_timeout(const rc_config *cfg);

/* Starts guarding a plugin: checksums panel and rs (either may be NULL; a sum in `known`
 * is taken as is), prepares the crash line and installs the handlers. `outputs` is the run's
 * list of report files; every temporary file it lists when a signal arrives is unlinked (it
 * may grow meanwhile). `known` (may be NULL) is updated by rc_guard_leave. */
void rc_guard_enter(rc_guard *g, const char *plugin, const char *what, double timeout,
                    const rc_panel *panel, const rc_resultset *rs, const rc_outputs *outputs,
                    rc_guard_sums *known);
/* Names the callback about to run ("init", "score", "report", "fini") and restarts the
 * time limit for it. */
void rc_guard_call(rc_guard *g, const char *callback);
/* Stops guarding: disarms the timer, restores the previous handlers, stack and timer, and
 * compares the checksums. Returns -1 with err set (RC_ERRK_PLUGIN) naming the plugin and
 * what it modified, else 0. */
int rc_guard_leave(rc_guard *g, rc_error *err);

/* Checksums of what a plugin is lent read-only (exposed for tests and the isolation
 * measurement): every value, name and neighbour of the panel; every table name, column,
 * cell and pooled string of the result set. */
uint64_t rc_guard_panel_sum(const rc_panel *p);
uint64_t rc_guard_results_sum(const rc_resultset *rs);

#endif
