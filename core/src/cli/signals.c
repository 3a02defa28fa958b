/* cli/signals.c — the only signal handlers of regcoord outside plugin guards: SIGINT,
 * SIGTERM and SIGHUP stop a command cleanly. The handler hands the signal to util/cancel,
 * which removes the run's temporary files and the folders it created and ends the process
 * with exit 128 + the signal (130, 143, 129), or — while the report set is being moved into
 * place — lets that finish first. */
#include "cli/signals.h"

#include <signal.h>
#include <string.h>

#include "util/cancel.h"

static void on_stop_signal(int sig) { rc_cancel_signal(sig); }

void rc_cli_install_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) sigaddset(&sa.sa_mask, sigs[i]);
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(sigs[i], &sa, NULL);
    }
}
