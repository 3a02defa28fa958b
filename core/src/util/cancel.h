/* util/cancel.h — cancellation of a run by a signal, without installing any handler: the
 * CLI owns the SIGINT/SIGTERM/SIGHUP handlers (cli/signals.c) and calls rc_cancel_signal
 * from them; the layers below only register what must be removed when the process is
 * stopped (rc_cancel_set_cleanup), mark the stretches that must not be cut short
 * (rc_cancel_hold/rc_cancel_release: moving the report set into place) and may poll
 * rc_cancel_pending. Outside a hold the handler runs the cleanup and ends the process at
 * once with exit 128 + the signal; inside a hold it only records the signal, and the
 * release acts on it. One cleanup at a time (runs are not nested). */
#ifndef RC_UTIL_CANCEL_H
#define RC_UTIL_CANCEL_H

/* Async-signal-safe cleanup: may only call write(2), unlink(2), rename(2) and the like. */
typedef void (*rc_cancel_cleanup_fn)(void *arg);

/* Sets (fn != NULL) or clears the cleanup the stop runs. */
void rc_cancel_set_cleanup(rc_cancel_cleanup_fn fn, void *arg);

/* Called from the CLI's signal handler (async-signal-safe). */
void rc_cancel_signal(int sig);

/* The signal that asked the run to stop, or 0. */
int rc_cancel_pending(void);

/* A stretch that must finish once begun: a stop requested inside it waits for the release.
 * Holds nest. */
void rc_cancel_hold(void);
/* Ends a hold; at the outermost release a pending stop is acted on (cleanup, message,
 * _exit(128 + signal)). `done` says what the held stretch achieved, for the message
 * ("the new reports are in place"); NULL for the default. */
void rc_cancel_release(const char *done);

/* For tests: forget a pending signal. */
void rc_cancel_reset(void);

#endif
