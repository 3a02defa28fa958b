/* tests/analysis_drivers/test_drivers_run.c — the driver analysis plugins (forecast,
 * geodetector, rsr, vikor, grey_relational, panel_regression) in one whole run of
 * run/drivers.yaml, their tables checked at 1e-9 against run/expected.txt (run/run_ref.py:
 * numpy/scipy from the panel alone), and the notes of the edge cases in the fixture: a
 * region with y = 0 (no GM model), one with a gap, one failing the class-ratio test
 * (forecast flagged on every row); run/coupling.yaml against run/coupling_ref.py: the
 * geodetector with coupling D as the target and a grouping, a dimension and an indicator as
 * factors (q, interaction, a risk t test), grey relational grades in factors mode. Also: bad
 * key values are refused with a message naming them. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "refvals.h"
#include "results/table.h"

#define RUN_DIR REGCOORD_TEST_DATA_DIR "/run"

static int run_cfg(rc_config *cfg, rc_resultset **rs, rc_error *err)
{
    char tmpl[] = "/tmp/rc_drivers_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = tmpl, .verbosity = 1, .log = devnull};
    int rc = rc_run(cfg, reg, &o, rs, err);
    fclose(devnull);
    rc_registry_free(reg);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    if (system(cmd) != 0) ck_abort_msg("cannot remove %s", tmpl);
    return rc;
}

static long col(const struct rc_table *t, const char *name)
{
    long c = rc_table_col(t, name);
    ck_assert_msg(c >= 0, "table %s has no column %s", t->name, name);
    return c;
}

/* The row whose string column k1 is v1 (and k2 is v2 when given, or int column k2 = y2). */
static long row_of(const struct rc_table *t, const char *k1, const char *v1, const char *k2,
                   const char *v2, const char *ky, int64_t yv)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const char *a = rc_table_str(t, r, (size_t)col(t, k1));
        if (!a || strcmp(a, v1)) continue;
        if (k2) {
            const char *b = rc_table_str(t, r, (size_t)col(t, k2));
            if (!b || strcmp(b, v2)) continue;
        }
        if (ky && rc_table_int(t, r, (size_t)col(t, ky)) != yv) continue;
        return (long)r;
    }
    ck_abort_msg("no row %s=%s in %s", k1, v1, t->name);
    return -1;
}

static double num_at(const struct rc_table *t, long row, const char *c)
{
    return rc_table_num(t, (size_t)row, (size_t)col(t, c));
}

static const char *str_at(const struct rc_table *t, long row, const char *c)
{
    return rc_table_str(t, (size_t)row, (size_t)col(t, c));
}

START_TEST(driver_plugins_match_the_reference_in_a_whole_run)
{
    rc_config *cfg = NULL;
    rc_error err;
    ck_assert_msg(rc_config_load(RUN_DIR "/drivers.yaml", &cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = NULL;
    ck_assert_msg(run_cfg(cfg, &rs, &err) == 0, "%s", err.msg);
    refvals *r = ref_load("../run/expected.txt");
    size_t checked = 0;
    char id[8];
    /* forecast: every region with a model, and the notes of R03, R04, R05 */
    const struct rc_table *fm = rc_table_get(rs, "forecast_model"), *fc = rc_table_get(rs, "forecast");
    ck_assert(fm && fc);
    ck_assert_uint_eq(fm->nrows, 15);
    for (int i = 1; i <= 15; i++) {
        snprintf(id, sizeof id, "R%02d", i);
        long m = row_of(fm, "region", id, NULL, NULL, NULL, 0);
        if (!ref_has(r, "forecast.%s.a", id)) {
            ck_assert_ptr_nonnull(str_at(fm, m, "note"));
            continue;
        }
        ck_ref(num_at(fm, m, "a"), ref_get(r, "forecast.%s.a", id));
        ck_ref(num_at(fm, m, "b"), ref_get(r, "forecast.%s.b", id));
        ck_ref(num_at(fm, m, "C"), ref_get(r, "forecast.%s.C", id));
        ck_ref(num_at(fm, m, "P"), ref_get(r, "forecast.%s.P", id));
        checked += 4;
        for (int y = 2017; y <= 2024; y++, checked++) {
            long k = row_of(fc, "region", id, NULL, NULL, "year", y);
            ck_ref(num_at(fc, k, "fitted"), ref_get(r, "forecast.%s.fitted.%d", id, y));
            ck_assert_str_eq(str_at(fc, k, "kind"), y <= 2022 ? "fit" : "forecast");
        }
    }
    long m3 = row_of(fm, "region", "R03", NULL, NULL, NULL, 0);
    ck_assert_str_eq(str_at(fm, m3, "status"), "nonpositive");
    long m4 = row_of(fm, "region", "R04", NULL, NULL, NULL, 0);
    ck_assert_str_eq(str_at(fm, m4, "status"), "gap");
    ck_assert(strstr(str_at(fm, m4, "note"), "a gap in 2020") != NULL);
    long m5 = row_of(fm, "region", "R05", NULL, NULL, NULL, 0);
    ck_assert_str_eq(str_at(fm, m5, "status"), "ratio_failed");
    ck_assert_str_eq(str_at(fm, m5, "ratio_test"), "fail");
    long f5 = row_of(fc, "region", "R05", NULL, NULL, "year", 2024);
    ck_assert(strstr(str_at(fc, f5, "note"), "class-ratio test failed") != NULL);
    ck_assert_int_eq(ref_get(r, "forecast.R05.ratio_ok"), 0);
    /* geodetector 2022 */
    const struct rc_table *gd = rc_table_get(rs, "geodetector"), *gi = rc_table_get(rs, "geodetector_interaction");
    ck_assert(gd && gi);
    const char *fac[] = {"x1", "zone"};
    for (int f = 0; f < 2; f++, checked += 3) {
        long k = row_of(gd, "factor", fac[f], NULL, NULL, "year", 2022);
        ck_ref(num_at(gd, k, "q"), ref_get(r, "gd.%s.q", fac[f]));
        ck_ref(num_at(gd, k, "F"), ref_get(r, "gd.%s.F", fac[f]));
        ck_ref(num_at(gd, k, "p"), ref_get(r, "gd.%s.p", fac[f]));
        ck_assert_int_eq(rc_table_int(gd, (size_t)k, (size_t)col(gd, "strata")),
                         (int64_t)ref_get(r, "gd.%s.L", fac[f]));
    }
    ck_assert_str_eq(str_at(gd, row_of(gd, "factor", "zone", NULL, NULL, "year", 2022), "kind"),
                     "categorical");
    ck_ref(num_at(gi, row_of(gi, "factor1", "x1", "factor2", "zone", "year", 2022), "q12"),
           ref_get(r, "gd.inter.q12"));
    checked++;
    /* rsr, vikor, grey relational in 2022 */
    const struct rc_table *rt = rc_table_get(rs, "rsr"), *vt = rc_table_get(rs, "vikor"),
                          *gt = rc_table_get(rs, "grey_relational");
    ck_assert(rt && vt && gt);
    for (int i = 1; i <= 15; i++, checked += 4) {
        snprintf(id, sizeof id, "R%02d", i);
        ck_ref(num_at(rt, row_of(rt, "region", id, NULL, NULL, "year", 2022), "rsr"),
               ref_get(r, "rsr.%s", id));
        long v = row_of(vt, "region", id, NULL, NULL, "year", 2022);
        ck_ref(num_at(vt, v, "S"), ref_get(r, "vikor.%s.S", id));
        ck_ref(num_at(vt, v, "Q"), ref_get(r, "vikor.%s.Q", id));
        ck_ref(num_at(gt, row_of(gt, "item", id, NULL, NULL, "year", 2022), "grade"),
               ref_get(r, "gra.%s", id));
    }
    /* panel regression */
    const struct rc_table *pr = rc_table_get(rs, "panel_regression"), *pf = rc_table_get(rs, "panel_regression_fit");
    ck_assert(pr && pf);
    const char *xs[] = {"x1", "x3"};
    for (int j = 0; j < 2; j++, checked += 2) {
        long k = row_of(pr, "term", xs[j], NULL, NULL, NULL, 0);
        ck_ref(num_at(pr, k, "coef"), ref_get(r, "fe.%s.coef", xs[j]));
        ck_ref(num_at(pr, k, "se"), ref_get(r, "fe.%s.se", xs[j]));
    }
    ck_ref(num_at(pf, row_of(pf, "statistic", "N", NULL, NULL, NULL, 0), "value"), ref_get(r, "fe.N"));
    checked++;
    /* 13 regions with a model (R05 flagged) × (4 + 8), 7 geodetector, 60 MCDA, 5 regression */
    ck_assert_uint_eq(checked, 13 * 12 + 7 + 60 + 5);
    ref_free(r);
    rc_resultset_free(rs);
    rc_config_free(cfg);
}
END_TEST

START_TEST(geodetector_on_coupling_d_with_dimension_and_indicator_factors)
{
    rc_config *cfg = NULL;
    rc_error err;
    ck_assert_msg(rc_config_load(RUN_DIR "/coupling.yaml", &cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = NULL;
    ck_assert_msg(run_cfg(cfg, &rs, &err) == 0, "%s", err.msg);
    refvals *r = ref_load("../run/coupling_expected.txt");
    const struct rc_table *gd = rc_table_get(rs, "geodetector"), *gi = rc_table_get(rs, "geodetector_interaction"),
                          *gr = rc_table_get(rs, "geodetector_risk");
    ck_assert(gd && gi && gr && rc_table_get(rs, "geodetector_ecological") == NULL);
    const char *fac[] = {"zone", "G", "h1"};
    for (int f = 0; f < 3; f++) {
        long k = row_of(gd, "factor", fac[f], NULL, NULL, "year", 2022);
        ck_ref(num_at(gd, k, "q"), ref_get(r, "q.%s", fac[f]));
        ck_assert_str_eq(str_at(gd, k, "target"), "coupling.D");
    }
    ck_ref(num_at(gi, row_of(gi, "factor1", "zone", "factor2", "G", "year", 2022), "q12"),
           ref_get(r, "q.zone_G"));
    long k = row_of(gr, "stratum1", "North", "stratum2", "South", "year", 2022);
    ck_assert_str_eq(str_at(gr, k, "factor"), "zone");
    ck_ref(num_at(gr, k, "t"), ref_get(r, "risk.t"));
    ck_ref(num_at(gr, k, "p"), ref_get(r, "risk.p"));
    /* 3 factors in one year: 3 factor rows, 3 interactions */
    ck_assert_uint_eq(gd->nrows, 3);
    ck_assert_uint_eq(gi->nrows, 3);
    /* grey relational, factors mode, pooled over the 90 region-years */
    const struct rc_table *gt = rc_table_get(rs, "grey_relational");
    ck_assert_ptr_nonnull(gt);
    ck_assert_uint_eq(gt->nrows, 3);
    const char *gf[] = {"x1", "x2", "pop"};
    for (int f = 0; f < 3; f++) {
        long g = row_of(gt, "item", gf[f], "scope", "pooled", NULL, 0);
        ck_ref(num_at(gt, g, "grade"), ref_get(r, "gra.%s", gf[f]));
        ck_assert_int_eq(rc_table_int(gt, (size_t)g, (size_t)col(gt, "n")), 90);
    }
    ref_free(r);
    rc_resultset_free(rs);
    rc_config_free(cfg);
}
END_TEST

/* The fixture config with one analysis section replaced. */
static rc_config *fixture_with(const char *analysis, rc_error *err)
{
    char yaml[2048];
    snprintf(yaml, sizeof yaml,
             "regions: {file: %s/regions.csv, id: region, groups: [zone]}\n"
             "data: [{file: %s/panel_long.csv, layout: long}]\n"
             "defaults: {normalize: {method: minmax, scope: pooled}, weights: equal}\n"
             "dimensions:\n"
             "  G: {plugin: generic, indicators: {g1: {series: x1}, g2: {series: pop}}}\n"
             "analysis:\n  %s\n"
             "reports: [{plugin: csv, path: tables}]\n",
             RUN_DIR, RUN_DIR, analysis);
    rc_config *cfg = NULL;
    if (rc_config_load_string(yaml, "t.yaml", "/tmp", &cfg, err) != 0) return NULL;
    return cfg;
}

START_TEST(driver_plugins_refuse_bad_settings_with_a_message)
{
    static const char *const cases[][2] = {
        {"forecast: {on: nothing_here}", "'nothing_here' is not 'index'"},
        {"forecast: {horizon: 0}", "horizon is 0"},
        {"geodetector: {factors: [x1], k: 1, method: equal}", "k must be 2 to"},
        {"geodetector: {factors: [x1], methods: [jenks]}", "'jenks' is not one of"},
        {"rsr: {criteria: [x1, x2], grades: 9}", "grades is 9"},
        {"vikor: {criteria: [x1, x2], weights: [1]}", "weights must list 2 numbers"},
        {"grey_relational: {criteria: [x1, x2], rho: 0}", "rho must be in (0, 1]"},
        {"panel_regression: {y: y, x: []}", "list at least one regressor"},
        {"geodetector: {target: coupling.D, factors: [x1]}", "needs the coupling table"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rc_error err;
        rc_config *cfg = fixture_with(cases[i][0], &err);
        ck_assert_msg(cfg != NULL, "%s: %s", cases[i][0], err.msg);
        rc_resultset *rs = NULL;
        int rc = run_cfg(cfg, &rs, &err);
        ck_assert_msg(rc != 0, "%s was accepted", cases[i][0]);
        ck_assert_msg(strstr(err.msg, cases[i][1]) != NULL, "%s: '%s' not in: %s", cases[i][0],
                      cases[i][1], err.msg);
        rc_resultset_free(rs);
        rc_config_free(cfg);
    }
}
END_TEST

/* index.scale S: the regression of the published index has S times the coefficients and
 * standard errors of the unscaled one, and the same t (the scale reaches the plugin) */
START_TEST(panel_regression_of_the_index_uses_the_published_scale)
{
    double coef[2], se[2], t[2];
    for (int k = 0; k < 2; k++) {
        char yaml[2048];
        snprintf(yaml, sizeof yaml,
                 "regions: {file: %s/regions.csv, id: region}\n"
                 "data: [{file: %s/panel_long.csv, layout: long}]\n"
                 "defaults: {normalize: {method: minmax, scope: pooled}, weights: equal}\n"
                 "dimensions:\n"
                 "  G: {plugin: generic, indicators: {g1: {series: x1}, g2: {series: pop}}}\n"
                 "index: {scale: %d}\n"
                 "analysis:\n  panel_regression: {y: index, x: [x1]}\n"
                 "reports: [{plugin: csv, path: tables}]\n",
                 RUN_DIR, RUN_DIR, k ? 100 : 1);
        rc_config *cfg = NULL;
        rc_error err;
        ck_assert_msg(rc_config_load_string(yaml, "t.yaml", "/tmp", &cfg, &err) == 0, "%s", err.msg);
        rc_resultset *rs = NULL;
        ck_assert_msg(run_cfg(cfg, &rs, &err) == 0, "%s", err.msg);
        const struct rc_table *pr = rc_table_get(rs, "panel_regression");
        long row = row_of(pr, "term", "x1", NULL, NULL, NULL, 0);
        coef[k] = num_at(pr, row, "coef");
        se[k] = num_at(pr, row, "se");
        t[k] = num_at(pr, row, "t");
        rc_resultset_free(rs);
        rc_config_free(cfg);
    }
    ck_ref(coef[1], 100.0 * coef[0]);
    ck_ref(se[1], 100.0 * se[0]);
    ck_ref(t[1], t[0]);
    ck_assert(coef[0] != 0.0);
}
END_TEST

Suite *drivers_run_suite(void);
Suite *drivers_run_suite(void)
{
    Suite *s = suite_create("drivers_run");
    TCase *tc = tcase_create("run");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, driver_plugins_match_the_reference_in_a_whole_run);
    tcase_add_test(tc, geodetector_on_coupling_d_with_dimension_and_indicator_factors);
    tcase_add_test(tc, panel_regression_of_the_index_uses_the_published_scale);
    tcase_add_test(tc, driver_plugins_refuse_bad_settings_with_a_message);
    suite_add_tcase(s, tc);
    return s;
}
