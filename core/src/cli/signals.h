/* cli/signals.h — SIGINT/SIGTERM/SIGHUP handling for every command (see signals.c). */
#ifndef RC_CLI_SIGNALS_H
#define RC_CLI_SIGNALS_H

/* Installs the stop handlers (exit 130, 143, 129 after cleaning up). */
void rc_cli_install_signals(void);

#endif
