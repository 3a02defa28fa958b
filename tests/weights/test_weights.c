/* tests/weights/test_weights.c — the one spatial-weights module: contiguity weights from
 * neighbour pairs (1/degree, ascending neighbours), a subset renumbered and re-standardised,
 * the panel's weights (adjacency first, else inverse distance built once), and a whole run
 * of a config with regions.coordinates alone whose infrastructure `spatial_lag` measure
 * reads the distance weights through the host (it failed with "give regions.adjacency"
 * before the host service used this module). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "data/panel.h"
#include "data/weights.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

START_TEST(pairs_give_row_standardised_contiguity_with_ascending_neighbours)
{
    /* 4 regions: 0-1, 0-2, 1-2, 2-3 (sorted, no repeats) */
    const rc_pair pairs[] = {{0, 1}, {0, 2}, {1, 2}, {2, 3}};
    rc_spatial *w = NULL;
    ck_assert_int_eq(rc_spatial_from_pairs(4, pairs, 4, &w), 0);
    static const size_t want_off[] = {0, 2, 4, 7, 8};
    static const size_t want_nbr[] = {1, 2, 0, 2, 0, 1, 3, 2};
    static const double want_w[] = {0.5, 0.5, 0.5, 0.5, 1.0 / 3, 1.0 / 3, 1.0 / 3, 1.0};
    size_t checked = 0;
    for (size_t r = 0; r <= 4; r++) ck_assert_uint_eq(w->off[r], want_off[r]);
    for (size_t k = 0; k < 8; k++, checked++) {
        ck_assert_uint_eq(w->nbr[k], want_nbr[k]);
        ck_assert_double_eq_tol(w->w[k], want_w[k], 1e-15);
    }
    ck_assert_uint_eq(checked, 8);
    ck_assert_str_eq(w->source, "adjacency");
    rc_spatial_free(w);
}
END_TEST

START_TEST(subset_drops_left_out_regions_and_restandardises)
{
    const rc_pair pairs[] = {{0, 1}, {0, 2}, {1, 2}, {2, 3}};
    rc_spatial *w = NULL;
    ck_assert_int_eq(rc_spatial_from_pairs(4, pairs, 4, &w), 0);
    /* keep 0, 2, 3 (region 1 left out): 0 -> {2}, 2 -> {0, 3}, 3 -> {2}, renumbered 0,1,2 */
    const size_t keep[] = {0, 2, 3};
    size_t map[4];
    rc_spatial sub = {0};
    ck_assert_int_eq(rc_spatial_subset(w, keep, 3, 4, &sub, map), 0);
    ck_assert_uint_eq(sub.n, 3);
    static const size_t want_off[] = {0, 1, 3, 4};
    static const size_t want_nbr[] = {1, 0, 2, 1};
    static const double want_w[] = {1.0, 0.5, 0.5, 1.0};
    size_t checked = 0;
    for (size_t r = 0; r <= 3; r++) ck_assert_uint_eq(sub.off[r], want_off[r]);
    for (size_t k = 0; k < 4; k++, checked++) {
        ck_assert_uint_eq(sub.nbr[k], want_nbr[k]);
        ck_assert_double_eq_tol(sub.w[k], want_w[k], 1e-15);
    }
    ck_assert_uint_eq(checked, 4);
    rc_spatial_free_arrays(&sub);
    rc_spatial_free(w);
}
END_TEST

START_TEST(panel_weights_are_adjacency_else_distance_built_once)
{
    const char *ids[] = {"A", "B", "C"};
    const int years[] = {2020};
    rc_error err;
    rc_panel *p = rc_panel_create(3, ids, NULL, 1, years, &err);
    ck_assert_ptr_nonnull(p);
    const rc_spatial *w = NULL;
    ck_assert_int_eq(rc_panel_weights(p, &w, &err), 0);
    ck_assert_ptr_null(w); /* no spatial information */
    p->coord_x = calloc(3, sizeof(double));
    p->coord_y = calloc(3, sizeof(double));
    p->coord_x[1] = 1.0;
    p->coord_x[2] = 3.0;
    ck_assert_int_eq(rc_panel_weights(p, &w, &err), 0);
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->source, "distance");
    /* A's neighbours B (1°) and C (3°): weights 1 and 1/3, standardised: 3/4 and 1/4 */
    ck_assert_uint_eq(w->off[1], 2);
    ck_assert_double_eq_tol(w->w[0], 0.75, 1e-12);
    ck_assert_double_eq_tol(w->w[1], 0.25, 1e-12);
    const rc_spatial *again = NULL;
    ck_assert_int_eq(rc_panel_weights(p, &again, &err), 0);
    ck_assert_ptr_eq(again, w); /* built once */
    const rc_pair pairs[] = {{0, 1}};
    ck_assert_int_eq(rc_spatial_from_pairs(3, pairs, 1, &p->spatial), 0);
    ck_assert_int_eq(rc_panel_weights(p, &w, &err), 0);
    ck_assert_ptr_eq(w, p->spatial); /* adjacency wins when both are given */
    rc_panel_free(p);
}
END_TEST

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

/* Regions on the equator at longitudes 0, 1 and 3: great-circle distances are 1, 2 and 3
 * units, so with inverse-distance weights
 *   lag_A = (x_B + x_C / 3) / (4/3) = (3 x_B + x_C) / 4
 *   lag_B = (x_A + x_C / 2) / (3/2) = (2 x_A + x_C) / 3
 *   lag_C = (x_A / 3 + x_B / 2) / (5/6) = (2 x_A + 3 x_B) / 5 */
START_TEST(coordinates_only_config_gives_spatial_lag_from_distance_weights)
{
    char tmpl[] = "/tmp/rc_weights_XXXXXX";
    char *dir = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(dir);
    write_file(dir, "regions.csv", "region\nA\nB\nC\n");
    write_file(dir, "coords.csv", "region,x,y\nA,0,0\nB,1,0\nC,3,0\n");
    write_file(dir, "long.csv", "region,year,indicator,value\nA,2020,s,1\nB,2020,s,2\nC,2020,s,4\n"
                                "A,2021,s,3\nB,2021,s,5\nC,2021,s,11\n");
    write_file(dir, "a.yaml",
               "regions: {file: regions.csv, id: region, coordinates: coords.csv}\n"
               "data: [{file: long.csv, layout: long}]\n"
               "dimensions:\n"
               "  infra: {plugin: infrastructure, indicators: {s: {}}, spatial_lag: [s]}\n"
               "reports: [{plugin: csv, path: t}]\n");
    char path[1024];
    snprintf(path, sizeof path, "%s/a.yaml", dir);
    rc_config *cfg = NULL;
    rc_error err;
    ck_assert_msg(rc_config_load(path, &cfg, &err) == 0, "%s", err.msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = dir, .verbosity = 1, .log = devnull};
    rc_resultset *rs = NULL;
    int rc = rc_run(cfg, reg, &o, &rs, &err);
    fclose(devnull);
    ck_assert_msg(rc == 0, "%s", err.msg);
    const double x[2][3] = {{1, 2, 4}, {3, 5, 11}};
    const struct rc_table *t = rc_table_get(rs, "indicators");
    long ci = rc_table_col(t, "indicator"), cr = rc_table_col(t, "region"),
         cy = rc_table_col(t, "year"), cv = rc_table_col(t, "raw");
    size_t checked = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(rc_table_str(t, r, (size_t)ci), "s_spatial_lag") != 0) continue;
        const char *region = rc_table_str(t, r, (size_t)cr);
        size_t y = (size_t)(rc_table_int(t, r, (size_t)cy) - 2020);
        const double *v = x[y];
        double want = region[0] == 'A'   ? (3 * v[1] + v[2]) / 4
                      : region[0] == 'B' ? (2 * v[0] + v[2]) / 3
                                         : (2 * v[0] + 3 * v[1]) / 5;
        ck_assert_double_eq_tol(rc_table_num(t, r, (size_t)cv), want, 1e-12);
        checked++;
    }
    ck_assert_uint_eq(checked, 6);
    rc_resultset_free(rs);
    rc_registry_free(reg);
    rc_config_free(cfg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("weights");
    TCase *tc = tcase_create("weights");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, pairs_give_row_standardised_contiguity_with_ascending_neighbours);
    tcase_add_test(tc, subset_drops_left_out_regions_and_restandardises);
    tcase_add_test(tc, panel_weights_are_adjacency_else_distance_built_once);
    tcase_add_test(tc, coordinates_only_config_gives_spatial_lag_from_distance_weights);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
