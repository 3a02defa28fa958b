/* tests/analysis_sdk/test_analysis_sdk.c — analysis plugins in whole runs: the
 * example plugin index_trend adds a table that reaches the csv and json reports with values
 * checked by hand (three equally spaced years: slope = (last − first) / 2); a plugin that
 * needs another's table runs after it whatever the config order; sections are checked
 * against the plugin's keys (enum included) before any data is read; a needed table whose
 * maker is not enabled, and a table the plugin did not declare, are refused. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

#define CONFIGS REGCOORD_TEST_DATA_DIR "/configs"

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/rc_anplug_XXXXXX";
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    return strdup(d);
}

static int run_cfg(rc_config *cfg, const char *out, int validate_only, rc_resultset **rs,
                   rc_error *err)
{
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR, AP_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 2, NULL, err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = out, .verbosity = 1, .log = devnull,
                     .validate_only = validate_only};
    int rc = rc_run(cfg, reg, &o, rs, err);
    fclose(devnull);
    rc_registry_free(reg);
    return rc;
}

/* The toy panel with two generic dimensions and the given `analysis:` body (indented
 * two spaces per line by the caller). Data files are absolute, so it runs from anywhere. */
static rc_config *toy_with(const char *analysis, rc_error *err)
{
    char yaml[4096];
    snprintf(yaml, sizeof yaml,
             "regions: {file: %s/reference/toy/regions.csv, id: region}\n"
             "data: [{file: %s/reference/toy/panel_long.csv, layout: long}]\n"
             "defaults: {normalize: {method: minmax, scope: pooled}, weights: equal}\n"
             "dimensions:\n"
             "  INF: {plugin: generic, indicators: {I1: {}, I2: {}}}\n"
             "  DAT: {plugin: generic, indicators: {I3: {}}}\n"
             "analysis:\n%s"
             "reports: [{plugin: csv, path: tables}]\n",
             REGCOORD_SHARED_DIR, REGCOORD_SHARED_DIR, analysis);
    rc_config *cfg = NULL;
    if (rc_config_load_string(yaml, "t.yaml", "/tmp", &cfg, err) != 0) return NULL;
    return cfg;
}

static long col(const struct rc_table *t, const char *name)
{
    long c = rc_table_col(t, name);
    ck_assert_msg(c >= 0, "table %s has no column %s", t->name, name);
    return c;
}

/* The published index of region in year, from the `index` table. */
static double index_of(const struct rc_table *ix, const char *region, int64_t year)
{
    long cr = col(ix, "region"), cy = col(ix, "year"), cv = col(ix, "index");
    for (size_t r = 0; r < ix->nrows; r++)
        if (strcmp(rc_table_str(ix, r, (size_t)cr), region) == 0 &&
            rc_table_int(ix, r, (size_t)cy) == year)
            return rc_table_num(ix, r, (size_t)cv);
    ck_abort_msg("no index row for %s %lld", region, (long long)year);
    return NAN;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

START_TEST(analysis_plugin_table_reaches_csv_and_json_with_hand_checked_slopes)
{
    char *out = make_tmpdir();
    rc_config *cfg = NULL;
    rc_error err;
    ck_assert_msg(rc_config_load(CONFIGS "/toy_trend.yaml", &cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = NULL;
    ck_assert_msg(run_cfg(cfg, out, 0, &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *tr = rc_table_get(rs, "index_trend");
    const struct rc_table *ix = rc_table_get(rs, "index");
    ck_assert_ptr_nonnull(tr);
    ck_assert_ptr_nonnull(ix);
    ck_assert_str_eq(tr->title, "Index trend by region");
    long cr = col(tr, "region"), cn = col(tr, "n_years"), cs = col(tr, "slope"),
         cc = col(tr, "change"), cd = col(tr, "direction");
    size_t checked = 0;
    for (size_t r = 0; r < tr->nrows; r++, checked++) {
        const char *region = rc_table_str(tr, r, (size_t)cr);
        double a = index_of(ix, region, 2020), c = index_of(ix, region, 2022);
        /* OLS over x = 2020, 2021, 2022: Σ(x − x̄)² = 2, Σ(x − x̄)y = c − a */
        double want = (c - a) / 2.0, got = rc_table_num(tr, r, (size_t)cs);
        ck_assert_msg(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want)), "%s slope %.17g, want %.17g",
                      region, got, want);
        ck_assert_double_eq_tol(rc_table_num(tr, r, (size_t)cc), c - a, 1e-9);
        ck_assert_int_eq(rc_table_int(tr, r, (size_t)cn), 3);
        const char *d = rc_table_str(tr, r, (size_t)cd);
        ck_assert_str_eq(d, want > 0.5 ? "rising" : want < -0.5 ? "falling" : "flat");
    }
    ck_assert_uint_eq(checked, 12);
    /* the csv reporter wrote the table without knowing it: header + 12 rows */
    char path[1024];
    snprintf(path, sizeof path, "%s/tables/index_trend.csv", out);
    const char *csv = slurp(path);
    /* the plugin's columns first (the csv reporter may append a region's display name) */
    ck_assert_msg(strncmp(csv, "region,n_years,from_year,to_year,slope,change,direction", 55) == 0,
                  "%s", csv);
    size_t lines = 0;
    for (const char *p = csv; *p; p++) lines += *p == '\n';
    ck_assert_uint_eq(lines, 13);
    snprintf(path, sizeof path, "%s/results.json", out);
    const char *json = slurp(path);
    ck_assert_ptr_nonnull(strstr(json, "\"index_trend\""));
    ck_assert_ptr_nonnull(strstr(json, "\"trend_count\""));
    rc_resultset_free(rs);
    rc_config_free(cfg);
    free(out);
}
END_TEST

START_TEST(analysis_plugin_runs_after_the_plugin_whose_table_it_needs)
{
    char *out = make_tmpdir();
    rc_config *cfg = NULL;
    rc_error err;
    ck_assert_msg(rc_config_load(CONFIGS "/toy_trend.yaml", &cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = NULL;
    ck_assert_msg(run_cfg(cfg, out, 0, &rs, &err) == 0, "%s", err.msg);
    long at_trend = -1, at_count = -1;
    for (size_t i = 0; i < rs->n; i++) {
        if (strcmp(rs->tables[i]->name, "index_trend") == 0) at_trend = (long)i;
        if (strcmp(rs->tables[i]->name, "trend_count") == 0) at_count = (long)i;
    }
    ck_assert_int_ge(at_trend, 0);
    ck_assert_int_gt(at_count, at_trend); /* listed first in the config, run second */
    const struct rc_table *tr = rs->tables[at_trend], *tc = rs->tables[at_count];
    long cd = col(tr, "direction");
    int64_t sum = 0;
    size_t checked = 0;
    for (size_t k = 0; k < tc->nrows; k++, checked++) {
        const char *dir = rc_table_str(tc, k, 0);
        int64_t want = 0;
        for (size_t r = 0; r < tr->nrows; r++) {
            const char *d = rc_table_str(tr, r, (size_t)cd);
            want += d && strcmp(d, dir) == 0;
        }
        ck_assert_int_eq(rc_table_int(tc, k, 1), want);
        sum += want;
    }
    ck_assert_uint_eq(checked, 3);
    ck_assert_int_eq(sum, 12);
    rc_resultset_free(rs);
    rc_config_free(cfg);
    free(out);
}
END_TEST

START_TEST(analysis_plugin_enum_key_unit_gives_the_unscaled_slope)
{
    rc_error err;
    rc_config *cfg = toy_with("  index_trend: {on: unit}\n", &err);
    ck_assert_msg(cfg != NULL, "%s", err.msg);
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    ck_assert_msg(run_cfg(cfg, out, 0, &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *tr = rc_table_get(rs, "index_trend");
    const struct rc_table *ix = rc_table_get(rs, "index");
    size_t checked = 0;
    for (size_t r = 0; r < tr->nrows; r++, checked++) {
        const char *region = rc_table_str(tr, r, 0);
        /* index.scale defaults to 100 */
        double want = (index_of(ix, region, 2022) - index_of(ix, region, 2020)) / 2.0 / 100.0;
        ck_assert_double_eq_tol(rc_table_num(tr, r, (size_t)col(tr, "slope")), want, 1e-12);
    }
    ck_assert_uint_eq(checked, 12);
    rc_resultset_free(rs);
    rc_config_free(cfg);
    free(out);
}
END_TEST

/* Each bad section is refused by validate (no data read) with its position and words. */
static const struct {
    const char *analysis, *words;
} bad_sections[] = {
    {"  index_trend: {tolerence: 1}\n",
     "t.yaml:8:17: unknown key 'tolerence' in analysis.index_trend; did you mean 'tolerance'?"},
    {"  index_trend: {on: scaled}\n",
     "t.yaml:8:21: 'on' in analysis.index_trend must be one of published, unit, not 'scaled'"},
    {"  index_trend: {min_years: many}\n",
     "t.yaml:8:28: 'min_years' in analysis.index_trend must be an integer"},
    {"  trend_count: {}\n",
     "t.yaml:8:3: analysis 'trend_count' needs table 'index_trend', which analysis plugin "
     "'index_trend' makes; add 'index_trend: {}'"},
    {"  index_trnd: {}\n", "t.yaml:8:3: unknown key 'index_trnd' in analysis; did you mean "
                           "'index_trend'?"},
    {"  csv: {}\n", "t.yaml:8:3: analysis 'csv' names plugin 'csv', which is a reporter plugin"},
};

START_TEST(analysis_plugin_section_errors_come_at_validate_with_their_position)
{
    rc_error err;
    rc_config *cfg = toy_with(bad_sections[_i].analysis, &err);
    ck_assert_msg(cfg != NULL, "%s", err.msg);
    rc_resultset *rs = NULL;
    char *out = make_tmpdir(); /* its own folder: runs in parallel must not share one */
    ck_assert_int_eq(run_cfg(cfg, out, 1, &rs, &err), -1);
    ck_assert_msg(strstr(err.msg, bad_sections[_i].words) != NULL, "got: %s", err.msg);
    ck_assert_int_ne(err.kind, RC_ERRK_NONE);
    rmdir(out);
    free(out);
    rc_config_free(cfg);
}
END_TEST

START_TEST(analysis_plugin_adding_an_undeclared_table_fails_the_run_and_writes_nothing)
{
    rc_error err;
    rc_config *cfg = toy_with("  bad_table: {}\n  index_trend: {}\n", &err);
    ck_assert_msg(cfg != NULL, "%s", err.msg);
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    ck_assert_int_eq(run_cfg(cfg, out, 0, &rs, &err), -1);
    ck_assert_msg(strstr(err.msg, "plugin 'bad_table' (analysis 'bad_table'): table_add('undeclared'): "
                                  "the plugin's descriptor does not list 'undeclared' under provides"),
                  "%s", err.msg);
    ck_assert_int_eq(err.kind, RC_ERRK_PLUGIN);
    char path[1024];
    snprintf(path, sizeof path, "%s/tables", out);
    ck_assert_int_ne(access(path, F_OK), 0);
    rc_config_free(cfg);
    free(out);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("analysis_sdk");
    TCase *tc = tcase_create("runs");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, analysis_plugin_table_reaches_csv_and_json_with_hand_checked_slopes);
    tcase_add_test(tc, analysis_plugin_runs_after_the_plugin_whose_table_it_needs);
    tcase_add_test(tc, analysis_plugin_enum_key_unit_gives_the_unscaled_slope);
    tcase_add_loop_test(tc, analysis_plugin_section_errors_come_at_validate_with_their_position, 0,
                        (int)(sizeof bad_sections / sizeof bad_sections[0]));
    tcase_add_test(tc, analysis_plugin_adding_an_undeclared_table_fails_the_run_and_writes_nothing);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
