/* util/cancel.c — cancellation state shared by the CLI's signal handlers and the run: the
 * pending signal, the hold depth and the cleanup to run before the process ends. */
#include "util/cancel.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t g_pending = 0;
static volatile sig_atomic_t g_hold = 0;
static rc_cancel_cleanup_fn volatile g_fn = NULL;
static void *volatile g_arg = NULL;

void rc_cancel_set_cleanup(rc_cancel_cleanup_fn fn, void *arg)
{
    g_fn = NULL; /* never a function with another's argument */
    g_arg = arg;
    g_fn = fn;
}

static void put(const char *s) { (void)!write(STDERR_FILENO, s, strlen(s)); }

static const char *sig_name(int sig)
{
    switch (sig) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
    }
}

/* Runs the cleanup, says so and ends the process: only async-signal-safe calls. */
static void stop_now(int sig, const char *done)
{
    rc_cancel_cleanup_fn fn = g_fn;
    if (fn) fn(g_arg);
    put("regcoord: stopped by ");
    put(sig_name(sig));
    put(done ? "; " : "; temporary files removed, the previous reports left as they were");
    if (done) put(done);
    put("\n");
    _exit(128 + sig);
}

void rc_cancel_signal(int sig)
{
    if (!g_pending) g_pending = sig;
    if (g_hold == 0) stop_now(g_pending, NULL);
}

int rc_cancel_pending(void) { return g_pending; }

void rc_cancel_hold(void) { g_hold = g_hold + 1; }

void rc_cancel_release(const char *done)
{
    if (g_hold > 0) g_hold = g_hold - 1;
    if (g_hold == 0 && g_pending) stop_now(g_pending, done);
}

void rc_cancel_reset(void)
{
    g_pending = 0;
    g_hold = 0;
}
