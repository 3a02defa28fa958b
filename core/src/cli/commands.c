/* cli/commands.c — the commands: option parsing shared by all, then run, validate and
 * plugins. Each prints one-line errors as "regcoord: error: …" and returns an exit code. */
#include "cli/commands.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "util/str.h"
#include "cli/sdk_commands.h"
#include "cli/annual.h"
#include "cli/schema.h"

int rc_cli_exit_code(const rc_error *err)
{
    switch (err->kind) {
    case RC_ERRK_CONFIG: return RC_EXIT_USAGE;
    case RC_ERRK_DATA: return RC_EXIT_DATA;
    case RC_ERRK_PLUGIN: return RC_EXIT_PLUGIN;
    default: return RC_EXIT_OTHER;
    }
}

const char *rc_cli_exe_path(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0) return NULL;
    buf[n] = '\0';
    return buf;
}

static int fail(const rc_error *err)
{
    fprintf(stderr, "regcoord: error: %s\n", err->msg);
    return rc_cli_exit_code(err);
}

static int usage_error(const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "regcoord %s: ", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see: regcoord %s --help)\n", cmd);
    return RC_EXIT_USAGE;
}

/* Parses the options of one command. `takes` lists which of -o and CONFIG it accepts. */
static int parse_opts(const char *cmd, int argc, char **argv, int takes_out, int takes_config,
                      rc_cli_opts *o)
{
    memset(o, 0, sizeof *o);
    o->verbosity = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            o->help = 1;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->verbosity = 0;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            o->verbosity = 2;
        } else if (!strcmp(a, "--plugin-path") || !strncmp(a, "--plugin-path=", 14)) {
            const char *v = a[13] == '=' ? a + 14 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) return usage_error(cmd, "%s needs a folder", "--plugin-path");
            if (v[0] != '/') return usage_error(cmd, "--plugin-path must be an absolute folder, not '%s'", v);
            if (o->n_plugin_dirs == 32) return usage_error(cmd, "%s given too many times", "--plugin-path");
            o->plugin_dirs[o->n_plugin_dirs++] = v;
        } else if (takes_out && (!strcmp(a, "-o") || !strcmp(a, "--output"))) {
            if (i + 1 >= argc) return usage_error(cmd, "%s needs a folder", a);
            o->out_dir = argv[++i];
            if (!o->out_dir[0]) return usage_error(cmd, "%s needs a folder name, not an empty one", a);
        } else if (takes_out && (!strcmp(a, "--wait") || !strncmp(a, "--wait=", 7))) {
            const char *v = a[6] == '=' ? a + 7 : (i + 1 < argc ? argv[++i] : NULL);
            char *end = NULL;
            double w = v ? strtod(v, &end) : -1;
            if (!v || !*v || *end || !(w >= 0 && w <= 86400))
                return usage_error(cmd, "--wait needs a number of seconds from 0 to 86400, not '%s'",
                                   v ? v : "");
            o->wait = w;
        } else if (a[0] == '-' && a[1]) {
            return usage_error(cmd, "unknown option '%s'", a);
        } else if (takes_config && !o->config) {
            o->config = a;
        } else {
            return usage_error(cmd, "unexpected argument '%s'", a);
        }
    }
    return 0;
}

static int load_registry(const rc_cli_opts *o, rc_registry **reg)
{
    char exe[PATH_MAX];
    rc_error err;
    rc_error_clear(&err);
    if (rc_registry_scan(reg, o->plugin_dirs, o->n_plugin_dirs, rc_cli_exe_path(exe, sizeof exe),
                         &err) != 0)
        return fail(&err);
    return 0;
}

/* The bundled example: <exe>/../<config folder>/example/assessment.yaml — installed, or the
 * build tree's copy of configs/ (made by the build), so no source path is compiled in. */
static const char *bundled_example(char *buf, size_t size)
{
    char exe[PATH_MAX];
    struct stat st;
    if (!rc_cli_exe_path(exe, sizeof exe)) return NULL;
    char *slash = strrchr(exe, '/');
    if (slash) *slash = '\0';
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b, "%s/../%s/example/assessment.yaml", exe, REGCOORD_CONFIG_RELDIR);
    int ok = !b.failed && b.len < size && stat(b.data, &st) == 0;
    if (ok) memcpy(buf, b.data, b.len + 1);
    rc_buf_free(&b);
    return ok ? buf : NULL;
}

/* -v: where the run's time went, one line per phase, after the run (also a failed one). */
static void print_phase_times(const rc_phase_times *t)
{
    double total = 0;
    for (size_t i = 0; i < t->n; i++)
        if (!t->v[i].within) total += t->v[i].seconds;
    fprintf(stderr, "regcoord: time per phase (wall clock, monotonic; includes waiting for a "
                    "busy machine):\n");
    for (size_t i = 0; i < t->n; i++)
        if (!t->v[i].within)
            fprintf(stderr, "  %-40s %9.3f s %5.1f %%\n", t->v[i].name, t->v[i].seconds,
                    total > 0 ? 100.0 * t->v[i].seconds / total : 0.0);
    fprintf(stderr, "  %-40s %9.3f s\n", "total", total);
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].within)
            fprintf(stderr, "  %-40s %9.3f s %5.1f %% (inside the phases above)\n", t->v[i].name,
                    t->v[i].seconds, total > 0 ? 100.0 * t->v[i].seconds / total : 0.0);
}

static int cmd_run(int argc, char **argv, int validate_only)
{
    const char *cmd = validate_only ? "validate" : "run";
    rc_cli_opts o;
    const char *baseline = NULL; /* --baseline FILE, taken out before the shared options */
    char **args = rc_calloc((size_t)argc + 1, sizeof *args);
    if (!args) return RC_EXIT_OTHER;
    int nargs = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && !strcmp(argv[i], "--baseline")) {
            if (i + 1 >= argc) {
                free(args);
                return usage_error(cmd, "%s needs a baseline file", "--baseline");
            }
            baseline = argv[++i];
        } else {
            args[nargs++] = argv[i];
        }
    }
    int rc = parse_opts(cmd, nargs, args, !validate_only, 1, &o);
    free(args);
    if (rc) return rc;
    if (o.help) {
        if (validate_only)
            printf("usage: regcoord validate CONFIG [--plugin-path DIR] [-q] [-v]\n\n"
                   "Checks the config (keys, types, methods, analyses), the data files, every\n"
                   "series and formula, and each plugin's section, without scoring or writing.\n");
        else
            printf("usage: regcoord run [CONFIG] [-o DIR] [--wait SECONDS] [--baseline FILE]\n"
                   "                    [--plugin-path DIR] [-q] [-v]\n\n"
                   "Runs an assessment and writes its reports. Without CONFIG, runs the bundled\n"
                   "example. -o DIR sets the output folder (default: the current folder); each\n"
                   "report's path is relative to it. Reports are written to temporary files and\n"
                   "moved into place only when the whole run succeeded. --baseline FILE scores\n"
                   "with the bounds and weights frozen by `regcoord baseline` (overrides the\n"
                   "config's `baseline:`). While it writes, the run holds a lock on DIR: a second\n"
                   "run into DIR fails with \"output folder in use by pid N\" (exit 1), or waits\n"
                   "up to --wait SECONDS for it. SIGINT, SIGTERM and SIGHUP stop the run at any\n"
                   "point with exit 130, 143 and 129, leaving the previous reports as they were.\n");
        return 0;
    }
    char example[PATH_MAX];
    if (!o.config) {
        if (validate_only) return usage_error(cmd, "%s", "needs a CONFIG file");
        o.config = bundled_example(example, sizeof example);
        if (!o.config) {
            fprintf(stderr, "regcoord: error: the bundled example assessment was not found; "
                            "give a CONFIG file\n");
            return RC_EXIT_USAGE;
        }
        if (o.verbosity >= 1) fprintf(stderr, "regcoord: running the bundled example %s\n", o.config);
    }
    rc_error err;
    rc_error_clear(&err);
    rc_config *cfg = NULL;
    if (rc_config_load(o.config, &cfg, &err) != 0) return fail(&err);
    rc_registry *reg = NULL;
    if ((rc = load_registry(&o, &reg)) != 0) {
        rc_config_free(cfg);
        return rc;
    }
    rc_phase_times times = {0};
    rc_run_opts ro = {.out_dir = o.out_dir ? o.out_dir : ".", .verbosity = o.verbosity,
                      .log = stderr, .validate_only = validate_only, .baseline = baseline,
                      .wait = o.wait, .times = o.verbosity >= 2 ? &times : NULL};
    int run_rc = rc_run(cfg, reg, &ro, NULL, &err);
    if (o.verbosity >= 2) print_phase_times(&times);
    rc_phase_times_free(&times);
    if (run_rc != 0) {
        rc = fail(&err);
    } else {
        rc = 0;
        if (!validate_only && cfg->n_reports == 0) /* even under -q: nothing to show for it */
            fprintf(stderr, "regcoord: %s has no reports: entry, so the run wrote nothing; add "
                            "one, e.g. reports: [{plugin: csv, path: tables}]\n", o.config);
        if (o.verbosity >= 1) {
            if (validate_only) {
                printf("%s: valid (%zu dimension%s, %zu report%s)\n", o.config, cfg->n_dims,
                       cfg->n_dims == 1 ? "" : "s", cfg->n_reports, cfg->n_reports == 1 ? "" : "s");
            } else {
                for (size_t i = 0; i < cfg->n_reports; i++)
                    fprintf(stderr, "regcoord: wrote %s/%s (%s)\n",
                            cfg->reports[i].root_config ? cfg->dir : ro.out_dir,
                            cfg->reports[i].path, cfg->reports[i].plugin);
            }
        }
    }
    rc_registry_free(reg);
    rc_config_free(cfg);
    return rc;
}

static int cmd_plugins(int argc, char **argv)
{
    rc_cli_opts o;
    int rc = parse_opts("plugins", argc, argv, 0, 0, &o);
    if (rc) return rc;
    if (o.help) {
        printf("usage: regcoord plugins [--plugin-path DIR]\n\n"
               "Lists the plugins found on the search path (--plugin-path, then\n"
               "REGCOORD_PLUGIN_PATH, then the install folder) with kind, version, ABI and path,\n"
               "and the files refused, with the reason.\n");
        return 0;
    }
    rc_registry *reg = NULL;
    if ((rc = load_registry(&o, &reg)) != 0) return rc;
    printf("%-18s %-10s %-9s %-5s %s\n", "NAME", "KIND", "VERSION", "ABI", "PATH");
    for (size_t i = 0; i < reg->n; i++) {
        const rc_plugin *p = &reg->plugins[i];
        printf("%-18s %-10s %-9s %u.%-3u %s\n", p->name,
               rc_kind_name(p->desc->kind), p->desc->version,
               p->desc->abi_major, p->desc->abi_minor, p->path);
        if (o.verbosity >= 2 && p->desc->summary) printf("    %s\n", p->desc->summary);
    }
    if (reg->n_refused) {
        printf("\nrefused:\n");
        for (size_t i = 0; i < reg->n_refused; i++) printf("  %s\n", reg->refused[i].reason);
    }
    if (o.verbosity >= 2) {
        printf("\nsearch path:\n");
        for (size_t i = 0; i < reg->n_search; i++) printf("  %s\n", reg->search_path[i]);
    }
    rc_registry_free(reg);
    return 0;
}

int rc_cli_dispatch(int argc, char **argv, void (*usage)(FILE *))
{
    const char *cmd = argv[0];
    if (!strcmp(cmd, "run")) return cmd_run(argc, argv, 0);
    if (!strcmp(cmd, "validate")) return cmd_run(argc, argv, 1);
    if (!strcmp(cmd, "plugins")) return cmd_plugins(argc, argv);
    if (!strcmp(cmd, "new-plugin")) return rc_cmd_new_plugin(argc, argv);
    if (!strcmp(cmd, "plugin-check")) return rc_cmd_plugin_check(argc, argv);
    if (!strcmp(cmd, "baseline")) return rc_cmd_baseline(argc, argv);
    if (!strcmp(cmd, "compare")) return rc_cmd_compare(argc, argv);
    if (!strcmp(cmd, "schema")) return rc_cmd_schema(argc, argv);
    static const char *cmds[] = {"run", "validate", "plugins", "new-plugin", "plugin-check",
                                 "baseline", "compare", "schema"};
    const char *s = rc_suggest(cmd, cmds, sizeof cmds / sizeof *cmds);
    fprintf(stderr, "regcoord: unknown command '%s'%s%s%s\n\n", cmd, s ? "; did you mean '" : "",
            s ? s : "", s ? "'?" : "");
    usage(stderr);
    return RC_EXIT_USAGE;
}
