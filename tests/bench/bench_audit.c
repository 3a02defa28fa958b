/* tests/bench/bench_audit.c — times the statistical audit (plugins/analyses/audit: reading
 * the hierarchy from the result tables, inferring the aggregations, and every audit table)
 * on the bundled example (configs/example/assessment.yaml) and on COINr's ASEM example
 * (tests/uncertainty/configs/asem_coinr_example.yaml: 51 countries, 49 indicators, 8
 * pillars, 2 sub-indices), beside the baseline of the nominal run of the same config in the
 * same process, and through the plugin: a whole run with `analysis: {audit: {}}` minus the
 * same run without. Best (and median) of 7 repetitions; the target (issue 16): under 1 s.
 * Not a CTest test; run it by hand:  build/bench/bench_audit */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "../../plugins/analyses/audit/audit_load.h"
#include "../analysis_plugins/audit_core_reader.h"
#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"

enum { REPS = 7 };

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Removes a run's output folder (the bundled example writes its reports there). */
static void remove_tree(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "bench_audit: could not remove %s\n", dir);
}

/* A sink that only counts cells (the host's table writes are not what is measured). */
static size_t g_cells;
static int s_table(void *u, const char *n, size_t nc, const char *const *c, const int32_t *t)
{
    (void)u, (void)n, (void)nc, (void)c, (void)t;
    return 0;
}
static int s_row(void *u)
{
    (void)u;
    return 0;
}
static int s_str(void *u, size_t c, const char *v)
{
    (void)u, (void)c, (void)v;
    g_cells++;
    return 0;
}
static int s_num(void *u, size_t c, double v)
{
    (void)u, (void)c, (void)v;
    g_cells++;
    return 0;
}
static int s_int(void *u, size_t c, int64_t v)
{
    (void)u, (void)c, (void)v;
    g_cells++;
    return 0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The config at path, with `analysis: {audit: {}}` added when `with_audit` (the bundled
 * example has an analysis section: the audit goes into it). */
static rc_config *load(const char *path, const char *dir, int with_audit, rc_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char text[1 << 17];
    size_t n = fread(text, 1, sizeof text - 64, f);
    fclose(f);
    text[n] = 0;
    if (with_audit) {
        char *a = strstr(text, "\nanalysis:\n");
        if (a) {
            a += strlen("\nanalysis:\n");
            memmove(a + 12, a, strlen(a) + 1);
            memcpy(a, "  audit: {}\n", 12);
        } else {
            strcat(text, "\nanalysis:\n  audit: {}\n");
        }
    }
    rc_config *cfg = NULL;
    return rc_config_load_string(text, path, dir, &cfg, err) == 0 ? cfg : NULL;
}

/* Best of REPS whole runs (seconds), or -1. */
static double best_run(rc_config *cfg, rc_registry *reg)
{
    double best = -1;
    for (int k = 0; k < REPS; k++) {
        FILE *devnull = fopen("/dev/null", "w");
        char tmpl[] = "/tmp/rc_audit_XXXXXX";
        if (!mkdtemp(tmpl)) abort();
        rc_run_opts o = {.out_dir = tmpl, .verbosity = 0, .log = devnull};
        rc_resultset *rs = NULL;
        rc_error err;
        double t0 = now();
        int rc = rc_run(cfg, reg, &o, &rs, &err);
        double t = now() - t0;
        fclose(devnull);
        remove_tree(tmpl);
        rc_resultset_free(rs);
        if (rc != 0) {
            fprintf(stderr, "bench_audit: %s\n", err.msg);
            return -1;
        }
        if (best < 0 || t < best) best = t;
    }
    return best;
}

static int bench(const char *label, const char *path, const char *dir)
{
    rc_error err;
    rc_config *cfg = NULL, *with = NULL;
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    if (!(cfg = load(path, dir, 0, &err)) || !(with = load(path, dir, 1, &err)) ||
        rc_registry_scan(&reg, dirs, 1, NULL, &err) != 0) {
        fprintf(stderr, "bench_audit: %s\n", err.msg);
        return 1;
    }
    double t_without = best_run(cfg, reg), t_with = best_run(with, reg);
    rc_config_free(with);
    double run_t[REPS], audit_t[REPS];
    size_t units = 0;
    for (int k = 0; k < REPS; k++) {
        FILE *devnull = fopen("/dev/null", "w");
        char tmpl[] = "/tmp/rc_audit_XXXXXX";
        if (!mkdtemp(tmpl)) abort();
        rc_run_opts o = {.out_dir = tmpl, .verbosity = 0, .log = devnull};
        rc_resultset *rs = NULL;
        double t0 = now();
        int rc = rc_run(cfg, reg, &o, &rs, &err);
        run_t[k] = now() - t0;
        fclose(devnull);
        remove_tree(tmpl);
        if (rc != 0) {
            fprintf(stderr, "bench_audit: %s\n", err.msg);
            return 1;
        }
        const char **regions = NULL;
        int *years = NULL;
        size_t nr = 0, ny = 0;
        char why[256];
        au_reader rd;
        au_loaded l;
        au_options opt;
        au_options_default(&opt);
        au_sink sk = {NULL, s_table, s_row, s_str, s_num, s_int};
        g_cells = 0;
        t0 = now();
        acr_reader(rs, &rd);
        if (acr_panel(rs, &regions, &nr, &years, &ny) != 0 ||
            au_load(&rd, nr, ny, regions, years, &l, why, sizeof why) != 0) {
            fprintf(stderr, "bench_audit: %s\n", why);
            return 1;
        }
        au_infer_aggregation(&l);
        rc = au_audit_run(&l.m, &opt, &sk, why, sizeof why);
        audit_t[k] = now() - t0;
        units = l.m.n;
        au_loaded_free(&l);
        free(regions);
        free(years);
        rc_resultset_free(rs);
        if (rc != 0) {
            fprintf(stderr, "bench_audit: %s\n", why);
            return 1;
        }
    }
    qsort(run_t, REPS, sizeof *run_t, cmp);
    qsort(audit_t, REPS, sizeof *audit_t, cmp);
    printf("%-28s %3zu units  audit kernels best %7.4f s median %7.4f s (%zu cells); "
           "baseline nominal run best %7.4f s median %7.4f s\n",
           label, units, audit_t[0], audit_t[REPS / 2], g_cells, run_t[0], run_t[REPS / 2]);
    printf("%-28s through the plugin: run with analysis.audit best %7.4f s, without %7.4f s, "
           "audit %7.4f s\n", "", t_with, t_without, t_with - t_without);
    rc_registry_free(reg);
    rc_config_free(cfg);
    return 0;
}

int main(void)
{
    printf("bench_audit (%d repetitions; target: audit < 1 s)\n", REPS);
    int rc = bench("bundled example", REGCOORD_SOURCE_DIR "/configs/example/assessment.yaml",
                   REGCOORD_SOURCE_DIR "/configs/example");
    rc |= bench("ASEM (COINr example coin)",
                REGCOORD_SOURCE_DIR "/tests/uncertainty/configs/asem_coinr_example.yaml",
                REGCOORD_SOURCE_DIR "/tests/uncertainty/configs");
    return rc;
}
