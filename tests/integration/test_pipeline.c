/* tests/integration/test_pipeline.c — whole runs in process: config → plugins → scores →
 * reports, checked against ../shared/reference/expected/composite.csv, against invariants
 * (index = weighted mean of dimensions, ranks, changes), for byte-identical output, and for
 * the promise that a failed run leaves the previous reports untouched. */
#include <check.h>
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/model.h"
#include "data/csv.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

#define CONFIGS REGCOORD_TEST_DATA_DIR "/configs"
#define EXPECTED REGCOORD_SHARED_DIR "/reference/expected"

static void close_rel(double got, double want, double rel, const char *what)
{
    double tol = rel * fmax(1.0, fabs(want));
    ck_assert_msg(fabs(got - want) <= tol, "%s: got %.17g, want %.17g", what, got, want);
}

static char *make_tmpdir(void)
{
    char tmpl[] = "/tmp/rc_pipeline_XXXXXX";
    char *d = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(d);
    return strdup(d);
}

static rc_registry *registry(void)
{
    rc_registry *reg = NULL;
    rc_error err;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    return reg;
}

/* Runs a config; returns 0/-1 and the result set and error. */
static int run_config(const char *path, const char *out_dir, rc_resultset **rs, rc_error *err)
{
    rc_config *cfg = NULL;
    if (rc_config_load(path, &cfg, err) != 0) return -1;
    rc_registry *reg = registry();
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = out_dir, .verbosity = 1, .log = devnull};
    int rc = rc_run(cfg, reg, &o, rs, err);
    fclose(devnull);
    rc_registry_free(reg);
    rc_config_free(cfg);
    return rc;
}

/* Starts a config at dir/name reading the toy panel (its regions and long data: lines 1
 * and 2); the caller writes the rest and closes it. The path goes to path. */
static FILE *toy_config(const char *dir, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f, "regions: {file: %s/reference/toy/regions.csv, id: region}\n"
               "data: [{file: %s/reference/toy/panel_long.csv, layout: long}]\n",
            REGCOORD_SHARED_DIR, REGCOORD_SHARED_DIR);
    return f;
}

/* Value of `col` in the table row matching region/year (and dimension when given). */
static double lookup(const struct rc_table *t, const char *region, long year, const char *dim,
                     const char *col)
{
    long cr = rc_table_col(t, "region"), cy = rc_table_col(t, "year"), cd = rc_table_col(t, "dimension");
    long cv = rc_table_col(t, col);
    ck_assert_int_ge(cv, 0);
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(rc_table_str(t, r, (size_t)cr), region) != 0) continue;
        if (rc_table_int(t, r, (size_t)cy) != year) continue;
        if (dim && strcmp(rc_table_str(t, r, (size_t)cd), dim) != 0) continue;
        return rc_table_num(t, r, (size_t)cv);
    }
    ck_abort_msg("no row for %s %ld %s in %s", region, year, dim ? dim : "", t->name);
    return NAN;
}

START_TEST(toy_subsystem_scores_equal_reference_U)
{
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    rc_error err;
    int rc = run_config(CONFIGS "/toy_subsystems.yaml", out, &rs, &err);
    ck_assert_msg(rc == 0, "run failed: %s", err.msg);
    const struct rc_table *scores = rc_table_get(rs, "scores");
    ck_assert_ptr_nonnull(scores);
    rc_csv *ref = NULL;
    ck_assert_int_eq(rc_csv_read(EXPECTED "/composite.csv", &ref, &err), 0);
    const char *dims[] = {"INF", "DAT", "FUS", "INS"};
    size_t checked = 0;
    for (size_t i = 0; i < ref->n_rows; i++) {
        const rc_csv_row *row = &ref->rows[i];
        const char *region = row->fields[rc_csv_col(ref, "region")];
        long year = atol(row->fields[rc_csv_col(ref, "year")]);
        for (size_t d = 0; d < 4; d++) {
            char col[16];
            snprintf(col, sizeof col, "U_%s", dims[d]);
            double want = atof(row->fields[rc_csv_col(ref, col)]);
            double got = lookup(scores, region, year, dims[d], "score");
            char what[64];
            snprintf(what, sizeof what, "%s %s %ld", dims[d], region, year);
            close_rel(got, want, 1e-9, what);
            checked++;
        }
    }
    ck_assert_uint_eq(checked, 12 * 3 * 4);
    rc_csv_free(ref);
    rc_resultset_free(rs);
    free(out);
}
END_TEST

START_TEST(toy_index_is_equal_weight_mean_of_dimension_scores)
{
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_config(CONFIGS "/toy_subsystems.yaml", out, &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *scores = rc_table_get(rs, "scores"), *index = rc_table_get(rs, "index");
    const char *dims[] = {"INF", "DAT", "FUS", "INS"};
    size_t checked = 0;
    for (size_t r = 0; r < index->nrows; r++, checked++) {
        const char *region = rc_table_str(index, r, 0);
        long year = (long)rc_table_int(index, r, 1);
        double mean = 0;
        for (size_t d = 0; d < 4; d++) mean += lookup(scores, region, year, dims[d], "score") / 4;
        close_rel(rc_table_num(index, r, 2), mean, 1e-12, "index = mean of dimensions");
    }
    ck_assert_uint_eq(checked, 12 * 3); /* every region-year of the toy panel */
    rc_resultset_free(rs);
    free(out);
}
END_TEST

START_TEST(toy_ranks_share_lowest_rank_and_changes_follow_previous_year)
{
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_config(CONFIGS "/toy_subsystems.yaml", out, &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *ix = rc_table_get(rs, "index");
    long crank = rc_table_col(ix, "rank"), cchg = rc_table_col(ix, "change");
    long crc = rc_table_col(ix, "rank_change");
    for (size_t a = 0; a < ix->nrows; a++) {
        /* rank = 1 + number of regions of the same year with a strictly higher index */
        long higher = 0;
        for (size_t b = 0; b < ix->nrows; b++)
            if (rc_table_int(ix, b, 1) == rc_table_int(ix, a, 1) &&
                rc_table_num(ix, b, 2) > rc_table_num(ix, a, 2))
                higher++;
        ck_assert_int_eq(rc_table_int(ix, a, (size_t)crank), higher + 1);
        long year = (long)rc_table_int(ix, a, 1);
        const char *region = rc_table_str(ix, a, 0);
        if (year == 2020) {
            ck_assert(isnan(rc_table_num(ix, a, (size_t)cchg)));
        } else {
            double prev = lookup(ix, region, year - 1, NULL, "index");
            double prev_rank = lookup(ix, region, year - 1, NULL, "rank");
            close_rel(rc_table_num(ix, a, (size_t)cchg), rc_table_num(ix, a, 2) - prev, 1e-12, "change");
            ck_assert_double_eq(rc_table_num(ix, a, (size_t)crc),
                                prev_rank - (double)rc_table_int(ix, a, (size_t)crank));
        }
    }
    rc_resultset_free(rs);
    free(out);
}
END_TEST

START_TEST(toy_single_dimension_entropy_composite_equals_reference_S)
{
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_config(CONFIGS "/toy_single.yaml", out, &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *scores = rc_table_get(rs, "scores");
    rc_csv *ref = NULL;
    ck_assert_int_eq(rc_csv_read(EXPECTED "/composite.csv", &ref, &err), 0);
    for (size_t i = 0; i < ref->n_rows; i++) {
        const rc_csv_row *row = &ref->rows[i];
        const char *region = row->fields[rc_csv_col(ref, "region")];
        long year = atol(row->fields[rc_csv_col(ref, "year")]);
        double want = atof(row->fields[rc_csv_col(ref, "S_linear_entropy")]);
        close_rel(lookup(scores, region, year, "all", "score"), want, 1e-9, region);
    }
    rc_csv_free(ref);
    rc_resultset_free(rs);
    free(out);
}
END_TEST

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    *len = fread(b, 1, (size_t)n, f);
    b[*len] = '\0';
    fclose(f);
    return b;
}

static void assert_same_file(const char *a, const char *b)
{
    size_t la = 0, lb = 0;
    char *x = slurp(a, &la), *y = slurp(b, &lb);
    ck_assert_msg(x && y, "missing %s or %s", a, b);
    ck_assert_msg(la == lb && memcmp(x, y, la) == 0, "%s and %s differ", a, b);
    free(x);
    free(y);
}

START_TEST(same_config_and_data_give_byte_identical_reports)
{
    char *o1 = make_tmpdir(), *o2 = make_tmpdir();
    rc_error err;
    ck_assert_msg(run_config(CONFIGS "/toy_subsystems.yaml", o1, NULL, &err) == 0, "%s", err.msg);
    ck_assert_msg(run_config(CONFIGS "/toy_subsystems.yaml", o2, NULL, &err) == 0, "%s", err.msg);
    const char *files[] = {"results.json", "tables/scores.csv", "tables/index.csv",
                           "tables/indicators.csv", "tables/weights.csv", "tables/manifest.csv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/%s", o1, files[i]);
        snprintf(b, sizeof b, "%s/%s", o2, files[i]);
        assert_same_file(a, b);
    }
    free(o1);
    free(o2);
}
END_TEST

static int count_temp_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp.")) n++;
    closedir(d);
    return n;
}

START_TEST(failed_run_leaves_previous_reports_untouched_and_no_temp_files)
{
    char *out = make_tmpdir();
    rc_error err;
    ck_assert_msg(run_config(CONFIGS "/toy_subsystems.yaml", out, NULL, &err) == 0, "%s", err.msg);
    char scores[512], copy[512];
    snprintf(scores, sizeof scores, "%s/tables/scores.csv", out);
    snprintf(copy, sizeof copy, "%s/scores.before", out);
    size_t len;
    char *before = slurp(scores, &len);
    FILE *f = fopen(copy, "wb");
    fwrite(before, 1, len, f);
    fclose(f);
    free(before);
    /* Same assessment, but its JSON report must go below tables/scores.csv, a file: the
     * csv reporter has already written its temporary files when the json one fails. */
    char cfgpath[512];
    f = toy_config(out, "bad.yaml", cfgpath, sizeof cfgpath);
    fprintf(f, "years: [2020, 2021]\n"
               "dimensions: {INF: {plugin: generic, indicators: {I1: {}}}}\n"
               "reports:\n  - {plugin: csv, path: tables}\n"
               "  - {plugin: json, path: tables/scores.csv/results.json}\n");
    fclose(f);
    ck_assert_int_ne(run_config(cfgpath, out, NULL, &err), 0);
    ck_assert_msg(strstr(err.msg, "scores.csv") != NULL, "error should name the path: %s", err.msg);
    assert_same_file(scores, copy);
    char tables[512];
    snprintf(tables, sizeof tables, "%s/tables", out);
    ck_assert_int_eq(count_temp_files(tables), 0);
    free(out);
}
END_TEST

START_TEST(unknown_series_is_a_config_error_naming_the_position)
{
    char *out = make_tmpdir();
    char cfgpath[512];
    FILE *f = toy_config(out, "typo.yaml", cfgpath, sizeof cfgpath);
    fprintf(f, "dimensions:\n  INF:\n    plugin: generic\n    indicators:\n      fibre: {series: I9}\n"
               "reports: [{plugin: csv, path: tables}]\n");
    fclose(f);
    rc_error err;
    ck_assert_int_ne(run_config(cfgpath, out, NULL, &err), 0);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(err.msg, "typo.yaml:7:") && strstr(err.msg, "'I9'"), "%s", err.msg);
    free(out);
}
END_TEST

START_TEST(unknown_plugin_is_a_plugin_error_with_a_suggestion)
{
    char *out = make_tmpdir();
    char cfgpath[512];
    FILE *f = toy_config(out, "plug.yaml", cfgpath, sizeof cfgpath);
    fprintf(f, "dimensions: {INF: {plugin: generik, indicators: {I1: {}}}}\n"
               "reports: [{plugin: csv, path: tables}]\n");
    fclose(f);
    rc_error err;
    ck_assert_int_ne(run_config(cfgpath, out, NULL, &err), 0);
    ck_assert_int_eq(err.kind, RC_ERRK_PLUGIN);
    ck_assert_msg(strstr(err.msg, "'generik'") && strstr(err.msg, "did you mean 'generic'"), "%s", err.msg);
    free(out);
}
END_TEST


/* Checks a finished run against invariants that hold for any available-case arithmetic
 * assessment with equal index weights: every dimension score is the weighted mean of its
 * indicators' normalised values (times scale), each dimension's indicator weights sum to 1
 * every year, scores lie in [0, scale], and the index is the mean of the dimension scores. */
static void check_consistency(const rc_resultset *rs, const char *const *dims, size_t nd,
                              size_t n_regions, size_t n_years, double scale)
{
    const struct rc_table *ind = rc_table_get(rs, "indicators"), *sc = rc_table_get(rs, "scores");
    const struct rc_table *ix = rc_table_get(rs, "index");
    ck_assert_uint_eq(ix->nrows, n_regions * n_years);
    ck_assert_uint_eq(sc->nrows, n_regions * n_years * nd);
    long ci_r = rc_table_col(ind, "region"), ci_y = rc_table_col(ind, "year"),
         ci_d = rc_table_col(ind, "dimension"), ci_n = rc_table_col(ind, "normalised"),
         ci_w = rc_table_col(ind, "weight");
    for (size_t r = 0; r < sc->nrows; r++) {
        const char *region = rc_table_str(sc, r, 0);
        long year = (long)rc_table_int(sc, r, 1);
        const char *dim = rc_table_str(sc, r, 2);
        double score = rc_table_num(sc, r, 3);
        ck_assert_msg(score >= 0 && score <= scale, "%s %ld %s: %g", region, year, dim, score);
        double num = 0, wsum = 0, wall = 0;
        for (size_t i = 0; i < ind->nrows; i++) {
            if (rc_table_int(ind, i, (size_t)ci_y) != year ||
                strcmp(rc_table_str(ind, i, (size_t)ci_r), region) != 0 ||
                strcmp(rc_table_str(ind, i, (size_t)ci_d), dim) != 0)
                continue;
            double w = rc_table_num(ind, i, (size_t)ci_w), x = rc_table_num(ind, i, (size_t)ci_n);
            wall += w;
            if (!isnan(x)) {
                num += w * x;
                wsum += w;
            }
        }
        close_rel(wall, 1.0, 1e-12, "indicator weights sum to 1");
        close_rel(score, scale * num / wsum, 1e-9, "score = available-case weighted mean");
    }
    for (size_t r = 0; r < ix->nrows; r++) {
        double mean = 0;
        for (size_t d = 0; d < nd; d++)
            mean += lookup(sc, rc_table_str(ix, r, 0), (long)rc_table_int(ix, r, 1), dims[d], "score") / (double)nd;
        close_rel(rc_table_num(ix, r, 2), mean, 1e-12, "index = mean of dimensions");
    }
}

/* Pooled entropy weights of one dimension recomputed by hand (formulas.md §2.2) from the
 * normalised values in the indicators table must equal the weights the run used. */
static void check_entropy_weights(const rc_resultset *rs, const char *dim)
{
    const struct rc_table *ind = rc_table_get(rs, "indicators");
    long ci_d = rc_table_col(ind, "dimension"), ci_i = rc_table_col(ind, "indicator"),
         ci_n = rc_table_col(ind, "normalised"), ci_w = rc_table_col(ind, "weight");
    const char *ids[64];
    double sum[64] = {0}, plogp[64] = {0}, used[64] = {0};
    size_t cnt[64] = {0}, k = 0;
    for (size_t pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < ind->nrows; i++) {
            if (strcmp(rc_table_str(ind, i, (size_t)ci_d), dim) != 0) continue;
            const char *id = rc_table_str(ind, i, (size_t)ci_i);
            size_t j = 0;
            while (j < k && strcmp(ids[j], id) != 0) j++;
            if (j == k) {
                ck_assert_uint_lt(k, 64);
                ids[k++] = id;
            }
            double x = rc_table_num(ind, i, (size_t)ci_n);
            used[j] = rc_table_num(ind, i, (size_t)ci_w);
            if (isnan(x)) continue;
            if (pass == 0) {
                sum[j] += x;
                cnt[j]++;
            } else if (x > 0) {
                double p = x / sum[j];
                plogp[j] += p * log(p);
            }
        }
    }
    ck_assert_uint_gt(k, 1);
    double d[64], dsum = 0;
    for (size_t j = 0; j < k; j++) {
        d[j] = 1 + plogp[j] / log((double)cnt[j]);
        dsum += d[j];
    }
    for (size_t j = 0; j < k; j++) close_rel(used[j], d[j] / dsum, 1e-9, ids[j]);
}

START_TEST(real_nbs_panel_scores_are_internally_consistent)
{
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_config(CONFIGS "/cn_nbs.yaml", out, &rs, &err) == 0, "%s", err.msg);
    const char *dims[] = {"infrastructure", "data_market", "industry_fusion", "economy"};
    check_consistency(rs, dims, 4, 31, 9, 100);
    check_entropy_weights(rs, "infrastructure");
    rc_resultset_free(rs);
    free(out);
}
END_TEST

START_TEST(bundled_example_scores_weights_and_index_are_consistent)
{
    char *out = make_tmpdir();
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_config(REGCOORD_SOURCE_DIR "/configs/example/assessment.yaml", out, &rs, &err) == 0,
                  "%s", err.msg);
    const char *dims[] = {"infrastructure", "data_market", "industry_fusion", "institutional", "green"};
    check_consistency(rs, dims, 5, 31, 9, 100);
    for (size_t d = 0; d < 5; d++) check_entropy_weights(rs, dims[d]);
    /* every analysis the example turns on produced its table */
    const char *tables[] = {"coupling", "disparity", "convergence", "spatial", "lisa", "density",
                            "obstacles", "manifest"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        ck_assert_msg(rc_table_get(rs, tables[i]) && rc_table_get(rs, tables[i])->nrows > 0,
                      "table %s missing or empty", tables[i]);
    rc_resultset_free(rs);
    free(out);
}
END_TEST

/* A dimension of 300 components (one leaf each, the toy's I1 over and over through a
 * formula) reaches the indicators table and the obstacle analysis in full. */
START_TEST(many_sibling_components_all_reach_the_tables_and_analyses)
{
    char *out = make_tmpdir();
    char cfgpath[512];
    FILE *f = toy_config(out, "wide.yaml", cfgpath, sizeof cfgpath);
    fprintf(f, "defaults: {weights: equal}\n"
               "dimensions:\n  A:\n    plugin: generic\n    components:\n");
    for (int c = 0; c < 300; c++)
        fprintf(f, "      c%03d: {indicators: {x%03d: {formula: \"I1 + %d\"}}}\n", c, c, c);
    fprintf(f, "  B: {plugin: generic, indicators: {I2: {}}}\n"
               "analysis: {obstacles: {top: 1}}\n"
               "reports: [{plugin: csv, path: tables, tables: [index]}]\n");
    fclose(f);
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_config(cfgpath, out, &rs, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(rc_table_get(rs, "indicators")->nrows, (size_t)(301 * 12 * 3));
    const struct rc_table *ob = rc_table_get(rs, "obstacles");
    long ci = rc_table_col(ob, "indicator");
    ck_assert_int_ge(ci, 0);
    int seen_last = 0;
    for (size_t r = 0; r < ob->nrows; r++)
        seen_last |= strcmp(rc_table_str(ob, r, (size_t)ci), "x299") == 0;
    ck_assert_msg(seen_last, "the 300th leaf is missing from the obstacles table");
    rc_resultset_free(rs);
    free(out);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pipeline");
    TCase *tc = tcase_create("toy");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, toy_subsystem_scores_equal_reference_U);
    tcase_add_test(tc, toy_index_is_equal_weight_mean_of_dimension_scores);
    tcase_add_test(tc, toy_ranks_share_lowest_rank_and_changes_follow_previous_year);
    tcase_add_test(tc, toy_single_dimension_entropy_composite_equals_reference_S);
    tcase_add_test(tc, same_config_and_data_give_byte_identical_reports);
    tcase_add_test(tc, failed_run_leaves_previous_reports_untouched_and_no_temp_files);
    tcase_add_test(tc, unknown_series_is_a_config_error_naming_the_position);
    tcase_add_test(tc, unknown_plugin_is_a_plugin_error_with_a_suggestion);
    tcase_add_test(tc, many_sibling_components_all_reach_the_tables_and_analyses);
    suite_add_tcase(s, tc);
    TCase *real = tcase_create("real");
    tcase_set_timeout(real, 300);
    tcase_add_test(real, real_nbs_panel_scores_are_internally_consistent);
    tcase_add_test(real, bundled_example_scores_weights_and_index_are_consistent);
    suite_add_tcase(s, real);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
