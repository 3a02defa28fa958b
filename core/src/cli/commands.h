/* cli/commands.h — the CLI's commands and the options they share. */
#ifndef RC_CLI_COMMANDS_H
#define RC_CLI_COMMANDS_H

#include <stdio.h>

#include "regcoord/plugin.h"
#include "util/error.h"

#define RC_CLI_ABI_MAJOR RC_ABI_MAJOR
#define RC_CLI_ABI_MINOR RC_ABI_MINOR

enum {
    RC_EXIT_OK = 0,
    RC_EXIT_OTHER = 1,
    RC_EXIT_USAGE = 2,
    RC_EXIT_DATA = 3,
    RC_EXIT_PLUGIN = 4
};

/* Options every command accepts. */
typedef struct rc_cli_opts {
    const char *plugin_dirs[32];
    size_t n_plugin_dirs;
    int verbosity;        /* 0 -q, 1 default, 2 -v */
    const char *out_dir;  /* -o */
    double wait;          /* --wait SECONDS for the output folder's lock */
    const char *config;   /* positional */
    int help;
} rc_cli_opts;

/* Runs a command: argv[0] is the command name. `usage` prints the top-level usage. */
int rc_cli_dispatch(int argc, char **argv, void (*usage)(FILE *));

/* Exit code for an error kind. */
int rc_cli_exit_code(const rc_error *err);

/* Absolute path of the running binary into buf (size PATH_MAX); NULL if unknown. */
const char *rc_cli_exe_path(char *buf, size_t size);

#endif
