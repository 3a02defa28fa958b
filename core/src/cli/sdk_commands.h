/* cli/sdk_commands.h — the plugin SDK's commands: `new-plugin` writes a buildable plugin
 * project and `plugin-check` runs a plugin through the conformance checks in child
 * processes. Each takes the command's argv (argv[0] is the command name) and returns an
 * exit code (RC_EXIT_*). */
#ifndef RC_CLI_SDK_COMMANDS_H
#define RC_CLI_SDK_COMMANDS_H

/* regcoord new-plugin NAME --kind dimension|reporter [--dir DIR]: writes DIR (default
 * ./NAME) holding CMakeLists.txt, NAME.c, test_NAME.c, README.md and example.yaml.
 * Refuses a NAME that is not a C identifier and a DIR that exists and is not empty. */
int rc_cmd_new_plugin(int argc, char **argv);

/* regcoord plugin-check FILE.so [--section FILE.yaml] [--timeout SECONDS]: prints one line
 * per check ("ok   …" or "FAIL …") and returns 0 when every check passed, RC_EXIT_PLUGIN
 * otherwise (RC_EXIT_USAGE for bad arguments). The plugin runs only in child processes. */
int rc_cmd_plugin_check(int argc, char **argv);

#endif
