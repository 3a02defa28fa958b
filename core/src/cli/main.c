/* cli/main.c — the regcoord command line: parses the command and options, runs it, and
 * maps errors to the documented exit codes (0 success, 2 usage or config error, 3 data
 * error, 4 plugin error, 1 anything else). The only place that prints errors and exits. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/signals.h"

static void usage(FILE *f)
{
    fputs("usage: regcoord [--version] [--help] <command> [options]\n"
          "\n"
          "Evaluates how regions grow together in the digital economy: scores regions on\n"
          "configured pathway dimensions, builds a composite index, analyses coordination,\n"
          "disparity, convergence and spatial patterns, and writes reports.\n"
          "\n"
          "commands:\n"
          "  run [CONFIG]        run an assessment (no CONFIG: the bundled example)\n"
          "  validate CONFIG     check the config, data files, series, formulas and plugin\n"
          "                      sections without scoring\n"
          "  plugins             list the plugins found (and those refused, with the reason)\n"
          "  new-plugin NAME --kind dimension|reporter\n"
          "                      write a buildable plugin project (docs/tutorial.md)\n"
          "  plugin-check FILE.so  check a plugin's conformance in a child process\n"
          "  baseline CONFIG -o FILE  freeze normalisation bounds and weights for annual runs\n"
          "                      (then: run CONFIG --baseline FILE)\n"
          "  compare OLD NEW     what moved between two results (scores, ranks, weights,\n"
          "                      methods): JSON reports or STORE.sqlite#RUN_ID\n"
          "  schema [-o FILE]    a JSON Schema of the config keys, for editors\n"
          "\n"
          "common options:\n"
          "  --plugin-path DIR   search DIR for plugins first (repeatable; absolute paths)\n"
          "  -q, --quiet         print errors only\n"
          "  -v, --verbose       print progress\n"
          "  -h, --help          help for a command: regcoord run --help\n"
          "  --version           print the version\n"
          "\n"
          "exit codes: 0 success, 1 other error (I/O, output folder in use), 2 usage or\n"
          "config error, 3 data error, 4 plugin error; stopped by SIGINT 130, SIGTERM 143,\n"
          "SIGHUP 129 (temporary files removed, previous reports intact)\n",
          f);
}

int main(int argc, char **argv)
{
    rc_cli_install_signals();
    if (argc < 2) {
        usage(stderr);
        return RC_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        if (argc > 2) {
            char *sub[] = {argv[2], "--help", NULL};
            return rc_cli_dispatch(2, sub, usage);
        }
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("regcoord %s (plugin ABI %d.%d)\n", REGCOORD_VERSION, RC_CLI_ABI_MAJOR, RC_CLI_ABI_MINOR);
        return 0;
    }
    return rc_cli_dispatch(argc - 1, argv + 1, usage);
}
