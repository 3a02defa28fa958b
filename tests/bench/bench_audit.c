/* tests/bench/bench_audit.c — times the statistical audit (plugins/analyses/audit: reading
 * the hierarchy from the result tables, inferring the aggregations, and every audit table)
 * on the bundled example (configs/example/assessment.yaml) and on COINr's ASEM example
 * (tests/uncertainty/configs/asem_coinr_example.yaml: 51 countries, 49 indicators, 8
 * pillars, 2 sub-indices), beside the baseline of the nominal run of the same config in the
 * same process. Best and median of 7 repetitions; the target (issue 16) is under 1 s each.
 * Not a CTest test; run it by hand:  build/bench/bench_audit */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static int bench(const char *label, const char *path)
{
    rc_error err;
    rc_config *cfg = NULL;
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    if (rc_config_load(path, &cfg, &err) != 0 || rc_registry_scan(&reg, dirs, 1, NULL, &err) != 0) {
        fprintf(stderr, "bench_audit: %s\n", err.msg);
        return 1;
    }
    double run_t[REPS], audit_t[REPS];
    size_t units = 0;
    for (int k = 0; k < REPS; k++) {
        FILE *devnull = fopen("/dev/null", "w");
        rc_run_opts o = {.out_dir = "/tmp", .verbosity = 0, .log = devnull};
        rc_resultset *rs = NULL;
        double t0 = now();
        int rc = rc_run(cfg, reg, &o, &rs, &err);
        run_t[k] = now() - t0;
        fclose(devnull);
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
    printf("%-34s %3zu units  audit best %7.4f s median %7.4f s  (%zu cells)   "
           "baseline nominal run best %7.4f s median %7.4f s\n",
           label, units, audit_t[0], audit_t[REPS / 2], g_cells, run_t[0], run_t[REPS / 2]);
    rc_registry_free(reg);
    rc_config_free(cfg);
    return 0;
}

int main(void)
{
    printf("bench_audit (%d repetitions; target: audit < 1 s)\n", REPS);
    int rc = bench("bundled example", REGCOORD_SOURCE_DIR "/configs/example/assessment.yaml");
    rc |= bench("ASEM (COINr example coin)",
                REGCOORD_SOURCE_DIR "/tests/uncertainty/configs/asem_coinr_example.yaml");
    return rc;
}
