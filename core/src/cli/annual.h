/* cli/annual.h — the commands for annual publishing: `baseline` (freeze the bounds and
 * weights of an assessment) and `compare` (what moved between two result sets). */
#ifndef RC_CLI_ANNUAL_H
#define RC_CLI_ANNUAL_H

/* argv[0] is the command name; return the exit code (0, 2 usage/bad input, 3 data, 4 plugin,
 * 1 other). */
int rc_cmd_baseline(int argc, char **argv);
int rc_cmd_compare(int argc, char **argv);

#endif
