/* tests/integration/test_real_pathways.c — runs configs/cn_real_pathways.yaml (the NBS and
 * S&T yearbook provincial panels through the four pathway plugins' domain measures, with
 * the province adjacency) in process and checks the measures for internal consistency:
 * each spatial lag equals the mean of the neighbours' values recomputed here from the
 * indicators table and the adjacency file, each frontier gap is the value over the year's
 * best, flows and similarities stay in their ranges, and the plugin's trading intensity
 * agrees with the host-evaluated catalogue formula over the same series. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "data/csv.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

#define CONFIGS REGCOORD_TEST_DATA_DIR "/configs"
#define ADJACENCY REGCOORD_SHARED_DIR "/data/cn_province_meta/adjacency.csv"
#define NREG 31
#define Y0 2016
#define NYEAR 8 /* 2016-2023 */

static rc_resultset *g_rs;

static void run_once(void)
{
    char tmpl[] = "/tmp/rc_real_pathways_XXXXXX";
    char *out = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(out);
    rc_error err;
    rc_config *cfg = NULL;
    ck_assert_msg(rc_config_load(CONFIGS "/cn_real_pathways.yaml", &cfg, &err) == 0, "%s",
                  err.msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = out, .verbosity = 1, .log = devnull};
    int rc = rc_run(cfg, reg, &o, &g_rs, &err);
    fclose(devnull);
    rc_registry_free(reg);
    rc_config_free(cfg);
    ck_assert_msg(rc == 0, "run failed: %s", err.msg);
}

/* The region ids in the order of the index table's first year. */
static char g_regions[NREG][64];

static int region_index(const char *id)
{
    for (int r = 0; r < NREG; r++)
        if (strcmp(g_regions[r], id) == 0)
            return r;
    return -1;
}

static void read_regions(void)
{
    const struct rc_table *ix = rc_table_get(g_rs, "index");
    ck_assert_ptr_nonnull(ix);
    ck_assert_uint_eq(ix->nrows, NREG * NYEAR);
    int n = 0;
    for (size_t i = 0; i < ix->nrows; i++) {
        if (rc_table_int(ix, i, 1) != Y0)
            continue;
        ck_assert_int_lt(n, NREG);
        snprintf(g_regions[n++], sizeof g_regions[0], "%s", rc_table_str(ix, i, 0));
    }
    ck_assert_int_eq(n, NREG);
}

/* raw[t][r] of one indicator from the indicators table; returns its direction. */
static int raw_values(const char *indicator, double raw[NYEAR][NREG])
{
    const struct rc_table *t = rc_table_get(g_rs, "indicators");
    ck_assert_ptr_nonnull(t);
    long cr = rc_table_col(t, "region"), cy = rc_table_col(t, "year"),
         ci = rc_table_col(t, "indicator"), cd = rc_table_col(t, "direction"),
         cv = rc_table_col(t, "raw");
    ck_assert(cr >= 0 && cy >= 0 && ci >= 0 && cd >= 0 && cv >= 0);
    for (int y = 0; y < NYEAR; y++)
        for (int r = 0; r < NREG; r++)
            raw[y][r] = -12345.0; /* a sentinel: every cell must be filled */
    int direction = 0;
    size_t rows = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(rc_table_str(t, i, (size_t)ci), indicator) != 0)
            continue;
        long year = (long)rc_table_int(t, i, (size_t)cy);
        int r = region_index(rc_table_str(t, i, (size_t)cr));
        ck_assert_msg(r >= 0 && year >= Y0 && year < Y0 + NYEAR, "%s: row for %s %ld",
                      indicator, rc_table_str(t, i, (size_t)cr), year);
        raw[year - Y0][r] = rc_table_num(t, i, (size_t)cv);
        direction = (int)rc_table_int(t, i, (size_t)cd);
        rows++;
    }
    ck_assert_msg(rows == NREG * NYEAR, "%s has %zu rows, want %d", indicator, rows,
                  NREG * NYEAR);
    return direction;
}

static void close_rel(double got, double want, const char *what, int r, int y)
{
    ck_assert_msg(fabs(got - want) <= 1e-12 * fmax(1.0, fabs(want)),
                  "%s %s %d: got %.17g, want %.17g", what, g_regions[r], Y0 + y, got, want);
}

/* adj[r][j] = 1 when the adjacency file pairs them (undirected). */
static void read_adjacency(unsigned char adj[NREG][NREG])
{
    memset(adj, 0, NREG * NREG);
    rc_csv *csv = NULL;
    rc_error err;
    ck_assert_msg(rc_csv_read(ADJACENCY, &csv, &err) == 0, "%s", err.msg);
    long ca = rc_csv_col(csv, "region_a"), cb = rc_csv_col(csv, "region_b");
    ck_assert(ca >= 0 && cb >= 0);
    for (size_t i = 0; i < csv->n_rows; i++) {
        int a = region_index(csv->rows[i].fields[ca]), b = region_index(csv->rows[i].fields[cb]);
        ck_assert_msg(a >= 0 && b >= 0, "adjacency row %zu names an unknown region", i);
        adj[a][b] = adj[b][a] = 1;
    }
    ck_assert_uint_eq(csv->n_rows, 69);
    rc_csv_free(csv);
}

static void setup(void)
{
    run_once();
    read_regions();
}

static void teardown(void)
{
    rc_resultset_free(g_rs);
    g_rs = NULL;
}

static void check_spatial_lag(const char *indicator)
{
    static double x[NYEAR][NREG], lag[NYEAR][NREG];
    static unsigned char adj[NREG][NREG];
    char id[128];
    snprintf(id, sizeof id, "%s_spatial_lag", indicator);
    int dir_x = raw_values(indicator, x);
    int dir_lag = raw_values(id, lag);
    ck_assert_int_eq(dir_lag, dir_x);
    read_adjacency(adj);
    size_t checked = 0;
    for (int y = 0; y < NYEAR; y++)
        for (int r = 0; r < NREG; r++) {
            double sum = 0;
            int n = 0;
            for (int j = 0; j < NREG; j++)
                if (adj[r][j] && !isnan(x[y][j])) {
                    sum += x[y][j];
                    n++;
                }
            if (n == 0) {
                ck_assert_msg(isnan(lag[y][r]), "%s %s %d: want missing", id, g_regions[r],
                              Y0 + y);
                continue;
            }
            close_rel(lag[y][r], sum / n, id, r, y);
            checked++;
        }
    ck_assert_uint_ge(checked, NREG * NYEAR - 10);
}

START_TEST(spatial_lags_equal_the_mean_of_the_neighbours_values)
{
    check_spatial_lag("broadband_ports_per_100");
    check_spatial_lag("mobile_internet_users_per_100");
}
END_TEST

START_TEST(frontier_gap_is_value_over_the_years_best_and_reaches_one)
{
    static double x[NYEAR][NREG], gap[NYEAR][NREG];
    raw_values("broadband_ports_per_100", x);
    ck_assert_int_eq(raw_values("broadband_ports_per_100_frontier_gap", gap), 1);
    for (int y = 0; y < NYEAR; y++) {
        double best = -INFINITY, top = -INFINITY;
        for (int r = 0; r < NREG; r++)
            if (!isnan(x[y][r]))
                best = fmax(best, x[y][r]);
        ck_assert(best > 0);
        for (int r = 0; r < NREG; r++) {
            if (isnan(x[y][r])) {
                ck_assert(isnan(gap[y][r]));
                continue;
            }
            close_rel(gap[y][r], x[y][r] / best, "frontier gap", r, y);
            ck_assert(gap[y][r] > 0 && gap[y][r] <= 1);
            top = fmax(top, gap[y][r]);
        }
        ck_assert_double_eq(top, 1.0);
    }
    /* a raw series by name */
    ck_assert_int_eq(raw_values("optical_cable_length_frontier_gap", gap), 1);
    for (int y = 0; y < NYEAR; y++) {
        double top = 0;
        for (int r = 0; r < NREG; r++)
            if (!isnan(gap[y][r]))
                top = fmax(top, gap[y][r]);
        ck_assert_double_eq(top, 1.0);
    }
}
END_TEST

START_TEST(flows_are_in_range_and_trading_intensity_agrees_with_the_catalogue)
{
    static double nb[NYEAR][NREG], fi[NYEAR][NREG], ti[NYEAR][NREG], cat[NYEAR][NREG];
    ck_assert_int_eq(raw_values("net_flow_balance", nb), 1);
    ck_assert_int_eq(raw_values("flow_intensity", fi), 1);
    ck_assert_int_eq(raw_values("ecommerce_sales_trading_intensity", ti), 1);
    raw_values("ecommerce_sales_gdp", cat);
    size_t present = 0, exporters = 0, importers = 0;
    for (int y = 0; y < NYEAR; y++)
        for (int r = 0; r < NREG; r++) {
            if (!isnan(nb[y][r])) {
                ck_assert_msg(nb[y][r] >= -1 && nb[y][r] <= 1, "balance %g", nb[y][r]);
                present++;
                exporters += nb[y][r] > 0;
                importers += nb[y][r] < 0;
            }
            if (!isnan(fi[y][r]))
                ck_assert(fi[y][r] >= 0);
            /* the catalogue's ecommerce_sales / gdp * 100 is the same ratio in percent */
            if (!isnan(cat[y][r]))
                close_rel(ti[y][r] * 100, cat[y][r], "trading intensity x 100", r, y);
        }
    ck_assert_uint_ge(present, NREG * NYEAR - 10);
    ck_assert_uint_gt(exporters, 0); /* Beijing exports technology on balance */
    ck_assert_uint_gt(importers, 0);
}
END_TEST

START_TEST(fusion_degree_and_structural_similarity_lie_in_the_unit_interval)
{
    static double fd[NYEAR][NREG], ss[NYEAR][NREG];
    ck_assert_int_eq(raw_values("fusion_degree", fd), 1);
    ck_assert_int_eq(raw_values("structural_similarity", ss), -1);
    size_t nf = 0, ns = 0;
    double fmin = 1, fmaxv = 0;
    for (int y = 0; y < NYEAR; y++)
        for (int r = 0; r < NREG; r++) {
            if (!isnan(fd[y][r])) {
                ck_assert_msg(fd[y][r] >= 0 && fd[y][r] <= 1, "fusion %g", fd[y][r]);
                fmin = fmin < fd[y][r] ? fmin : fd[y][r];
                fmaxv = fmaxv > fd[y][r] ? fmaxv : fd[y][r];
                nf++;
            }
            if (!isnan(ss[y][r])) {
                ck_assert_msg(ss[y][r] > 0 && ss[y][r] <= 1 + 1e-12, "similarity %g",
                              ss[y][r]);
                ns++;
            }
        }
    ck_assert_uint_ge(nf, NREG * NYEAR / 2);
    ck_assert_uint_ge(ns, NREG * NYEAR - 10);
    ck_assert(fmaxv > fmin); /* the measure varies across regions */
}
END_TEST

START_TEST(every_dimension_scores_every_region_within_the_scale)
{
    const struct rc_table *sc = rc_table_get(g_rs, "scores");
    ck_assert_uint_eq(sc->nrows, NREG * NYEAR * 4);
    for (size_t i = 0; i < sc->nrows; i++) {
        double s = rc_table_num(sc, i, 3);
        ck_assert_msg(!isnan(s) && s >= 0 && s <= 100, "%s %s: %g", rc_table_str(sc, i, 0),
                      rc_table_str(sc, i, 2), s);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("real_pathways");
    TCase *tc = tcase_create("cn_real_pathways");
    tcase_set_timeout(tc, 300);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, spatial_lags_equal_the_mean_of_the_neighbours_values);
    tcase_add_test(tc, frontier_gap_is_value_over_the_years_best_and_reaches_one);
    tcase_add_test(tc, flows_are_in_range_and_trading_intensity_agrees_with_the_catalogue);
    tcase_add_test(tc, fusion_degree_and_structural_similarity_lie_in_the_unit_interval);
    tcase_add_test(tc, every_dimension_scores_every_region_within_the_scale);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
