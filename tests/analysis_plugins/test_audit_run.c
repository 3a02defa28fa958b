/* tests/analysis_plugins/test_audit_run.c — the audit of a real run: COINr's example coin
 * on the ASEM panel (tests/uncertainty/configs/asem_coinr_example.yaml) scored by the core,
 * its hierarchy read from the result tables (audit_load), every aggregate's aggregation
 * inferred, and the tables checked against what the run itself says: 49 indicators in 8
 * pillars in 2 sub-indices, min-max [0, 100] bounds, the 63 missing cells of the raw data,
 * and leaving out a sub-index ranking the index as the other sub-index's own ranks; then the
 * plugin `audit` in a whole run: its tables equal the audit of the same run through the
 * core's tables cell for cell, its external correlations are those of the data file's
 * column, and its config errors name their place. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../plugins/analyses/audit/audit_kernel.h"
#include "../../plugins/analyses/audit/audit_load.h"
#include "audit_core_reader.h"
#include "audit_mem_sink.h"
#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"

#define ASEM_DIR REGCOORD_TEST_DATA_DIR "/../uncertainty/configs"
#define ASEM ASEM_DIR "/asem_coinr_example.yaml"
#define ASEM_DATA REGCOORD_SHARED_DIR "/data/asem_coinr/ASEM_iData.csv"

/* The config at `path` with its first `from` replaced by `to` (when from is not NULL) and
 * `block` appended, run; NULL with err set when the run fails. */
static rc_resultset *run_config(const char *path, const char *from, const char *to,
                                const char *block, rc_error *err)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *text = calloc(1, 1 << 16);
    ck_assert_ptr_nonnull(text);
    size_t n = fread(text, 1, (1 << 15), f);
    fclose(f);
    memcpy(text + n, block, strlen(block) + 1);
    char *at = from ? strstr(text, from) : NULL;
    if (from) {
        ck_assert_ptr_nonnull(at);
        memmove(at + strlen(to), at + strlen(from), strlen(at + strlen(from)) + 1);
        memcpy(at, to, strlen(to));
    }
    rc_config *cfg = NULL;
    int rc = rc_config_load_string(text, path, ASEM_DIR, &cfg, err);
    free(text);
    if (rc != 0) return NULL;
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    char tmpl[] = "/tmp/rc_audit_XXXXXX";
    if (!mkdtemp(tmpl)) abort();
    rc_run_opts o = {.out_dir = tmpl, .verbosity = 0, .log = devnull};
    rc_resultset *rs = NULL;
    rc = rc_run(cfg, reg, &o, &rs, err);
    fclose(devnull);
    rmdir(tmpl);
    rc_registry_free(reg);
    rc_config_free(cfg);
    return rc == 0 ? rs : NULL;
}

static rc_resultset *run_asem_with(const char *block, rc_error *err)
{
    return run_config(ASEM, NULL, NULL, block, err);
}

static rc_resultset *run_asem(void)
{
    rc_error err;
    rc_config *cfg = NULL;
    ck_assert_msg(rc_config_load(ASEM, &cfg, &err) == 0, "%s", err.msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    char tmpl[] = "/tmp/rc_audit_XXXXXX";
    if (!mkdtemp(tmpl)) abort();
    rc_run_opts o = {.out_dir = tmpl, .verbosity = 0, .log = devnull};
    rc_resultset *rs = NULL;
    ck_assert_msg(rc_run(cfg, reg, &o, &rs, &err) == 0, "%s", err.msg);
    fclose(devnull);
    rmdir(tmpl);
    rc_registry_free(reg);
    rc_config_free(cfg);
    return rs;
}

typedef struct audited {
    rc_resultset *rs;
    au_loaded l;
    msink s;
    const char **regions;
    int *years;
} audited;

static void audit_asem(audited *a)
{
    a->rs = run_asem();
    size_t nr, ny;
    ck_assert_int_eq(acr_panel(a->rs, &a->regions, &nr, &a->years, &ny), 0);
    ck_assert_uint_eq(nr, 51);
    ck_assert_uint_eq(ny, 1);
    au_reader rd;
    acr_reader(a->rs, &rd);
    char why[256];
    ck_assert_msg(au_load(&rd, nr, ny, a->regions, a->years, &a->l, why, sizeof why) == 0, "%s", why);
    au_infer_aggregation(&a->l);
    au_options o;
    au_options_default(&o);
    au_sink sk;
    m_sink(&a->s, &sk);
    ck_assert_msg(au_audit_run(&a->l.m, &o, &sk, why, sizeof why) == 0, "%s", why);
}

static void audited_free(audited *a)
{
    m_free(&a->s);
    au_loaded_free(&a->l);
    rc_resultset_free(a->rs);
    free(a->regions);
    free(a->years);
}

START_TEST(the_hierarchy_and_its_arithmetic_means_are_recovered_from_the_tables)
{
    audited a;
    audit_asem(&a);
    size_t n[4] = {0};
    for (size_t u = 0; u < a.l.m.n; u++) {
        const au_unit *un = &a.l.m.u[u];
        n[un->kind]++;
        if (un->kind != AU_INDICATOR) {
            ck_assert_msg(un->agg == AU_AGG_ARITHMETIC, "%s: aggregation not recovered", un->id);
        }
    }
    ck_assert_uint_eq(n[AU_INDEX], 1);
    ck_assert_uint_eq(n[AU_DIMENSION], 2);
    ck_assert_uint_eq(n[AU_COMPONENT], 8);
    ck_assert_uint_eq(n[AU_INDICATOR], 49);
    audited_free(&a);
}
END_TEST

START_TEST(stats_count_the_missing_cells_and_see_the_minmax_bounds)
{
    audited a;
    audit_asem(&a);
    const mtable *t = m_get(&a.s, "audit_stats");
    ck_assert_uint_eq(t->nr, 98); /* 49 × raw, normalised */
    size_t missing = 0, rows = 0;
    for (size_t r = 0; r < t->nr; r++) {
        if (!strcmp(m_cell(t, r, "values"), "raw")) {
            missing += (size_t)(m_numc(t, r, "cells") - m_numc(t, r, "n"));
        } else {
            ck_assert_double_eq_tol(m_numc(t, r, "min"), 0.0, 1e-12);
            ck_assert_double_eq_tol(m_numc(t, r, "max"), 100.0, 1e-12);
        }
        rows++;
    }
    ck_assert_uint_eq(missing, 63); /* ASEM_iData: 63 of 2,499 cells */
    ck_assert_uint_eq(rows, 98);
    audited_free(&a);
}
END_TEST

START_TEST(leaving_out_a_sub_index_ranks_the_index_as_the_other_sub_index)
{
    audited a;
    audit_asem(&a);
    const mtable *t = m_get(&a.s, "audit_leave_one_out");
    ck_assert_uint_eq(t->nr, 49 + 2);
    for (size_t r = 0; r < t->nr; r++) ck_assert_str_eq(m_cell(t, r, "note"), "");
    /* without Sust the index is Conn: the shift of each country is |index rank − Conn rank| */
    const struct rc_table *ix = rc_table_get(a.rs, "index"), *sc = rc_table_get(a.rs, "scores");
    long ir = rc_table_col(ix, "rank"), sr = rc_table_col(sc, "rank"), sd = rc_table_col(sc, "dimension");
    double sum = 0.0, mx = 0.0;
    size_t n = 0;
    for (size_t i = 0; i < ix->nrows; i++) {
        const char *reg = rc_table_str(ix, i, 0);
        for (size_t j = 0; j < sc->nrows; j++) {
            if (strcmp(rc_table_str(sc, j, 0), reg) || strcmp(rc_table_str(sc, j, (size_t)sd), "Conn"))
                continue;
            double d = fabs((double)(rc_table_int(ix, i, (size_t)ir) - rc_table_int(sc, j, (size_t)sr)));
            sum += d;
            mx = fmax(mx, d);
            n++;
        }
    }
    ck_assert_uint_eq(n, 51);
    long row = m_find(t, "dropped", "Sust", NULL, NULL);
    ck_assert_int_ge(row, 0);
    ck_assert_double_eq_tol(m_numc(t, (size_t)row, "mean_abs_rank_shift"), sum / 51.0, 1e-12);
    ck_assert_double_eq_tol(m_numc(t, (size_t)row, "max_abs_rank_shift"), mx, 1e-12);
    audited_free(&a);
}
END_TEST

START_TEST(every_group_has_reliability_rows_and_importance_shares_summing_to_one)
{
    audited a;
    audit_asem(&a);
    const mtable *rl = m_get(&a.s, "audit_reliability");
    /* groups: index (2), Conn (5), Sust (3), 8 pillars (49 indicators): 11 group rows and
     * 2 + 5 + 3 + 49 item rows */
    ck_assert_uint_eq(rl->nr, 11 + 59);
    const mtable *im = m_get(&a.s, "audit_importance");
    ck_assert_uint_eq(im->nr, 2 + 8 + 49);
    const char *parents[] = {"index", "Conn", "Sust", "Physical", "Environ"};
    for (size_t p = 0; p < 5; p++) {
        double sw = 0.0, se = 0.0;
        size_t k = 0;
        for (size_t r = 0; r < im->nr; r++) {
            if (strcmp(m_cell(im, r, "parent"), parents[p])) continue;
            sw += m_numc(im, r, "nominal_weight");
            se += m_numc(im, r, "corr_ratio_share");
            k++;
        }
        ck_assert_uint_gt(k, 0);
        ck_assert_double_eq_tol(sw, 1.0, 1e-12);
        ck_assert_double_eq_tol(se, 1.0, 1e-12);
    }
    const mtable *c = m_get(&a.s, "audit_correlation");
    ck_assert_uint_gt(c->nr, 1000);
    audited_free(&a);
}
END_TEST

START_TEST(the_plugin_tables_equal_the_audit_of_the_run_through_the_core_tables)
{
    rc_error err;
    rc_resultset *rs = run_asem_with("analysis:\n  audit: {}\n", &err);
    ck_assert_msg(rs != NULL, "%s", err.msg);
    const char **regions;
    int *years;
    size_t nr, ny;
    ck_assert_int_eq(acr_panel(rs, &regions, &nr, &years, &ny), 0);
    au_reader rd;
    acr_reader(rs, &rd);
    au_loaded l;
    char why[256];
    ck_assert_msg(au_load(&rd, nr, ny, regions, years, &l, why, sizeof why) == 0, "%s", why);
    au_infer_aggregation(&l);
    au_options o;
    au_options_default(&o);
    msink s;
    au_sink sk;
    m_sink(&s, &sk);
    ck_assert_msg(au_audit_run(&l.m, &o, &sk, why, sizeof why) == 0, "%s", why);
    size_t cells = 0;
    ck_assert_uint_eq(s.nt, 6); /* no external series configured */
    for (size_t i = 0; i < s.nt; i++) {
        const mtable *mt = &s.t[i];
        const struct rc_table *t = rc_table_get(rs, mt->name);
        ck_assert_msg(t != NULL, "the plugin did not add %s", mt->name);
        ck_assert_uint_eq(t->nrows, mt->nr);
        ck_assert_uint_eq(t->ncols, mt->nc);
        for (size_t r = 0; r < mt->nr; r++)
            for (size_t c = 0; c < mt->nc; c++) {
                char buf[64];
                const char *want = mt->cell[r][c] ? mt->cell[r][c] : "";
                const char *got = buf;
                if (t->col_types[c] == RC_COL_STRING) {
                    got = rc_table_str(t, r, c);
                    if (!got) got = "";
                } else if (t->col_types[c] == RC_COL_INT) {
                    snprintf(buf, sizeof buf, "%lld", (long long)rc_table_int(t, r, c));
                } else {
                    snprintf(buf, sizeof buf, "%.17g", rc_table_num(t, r, c));
                }
                ck_assert_msg(!strcmp(got, want), "%s row %zu col %zu: %s vs %s", mt->name, r, c,
                              got, want);
                cells++;
            }
    }
    ck_assert_uint_gt(cells, 10000);
    m_free(&s);
    au_loaded_free(&l);
    free(regions);
    free(years);
    rc_resultset_free(rs);
}
END_TEST

/* Column `name` of ASEM_iData.csv (no field there holds a comma) by uCode. */
static double data_value(const char *code, const char *name)
{
    FILE *f = fopen(ASEM_DATA, "r");
    ck_assert_ptr_nonnull(f);
    char line[8192];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    int col = -1, k = 0;
    char want[64];
    snprintf(want, sizeof want, "\"%s\"", name);
    for (char *p = strtok(line, ",\r\n"); p; p = strtok(NULL, ",\r\n"), k++)
        if (!strcmp(p, want)) col = k;
    ck_assert_int_ge(col, 0);
    double v = NAN;
    snprintf(want, sizeof want, "\"%s\"", code);
    while (fgets(line, sizeof line, f)) {
        char *fields[80];
        int nf = 0;
        for (char *p = strtok(line, ",\r\n"); p && nf < 80; p = strtok(NULL, ",\r\n")) fields[nf++] = p;
        if (nf > col && !strcmp(fields[1], want)) v = strcmp(fields[col], "NA") ? atof(fields[col]) : NAN;
    }
    fclose(f);
    return v;
}

START_TEST(external_correlations_are_those_of_the_data_column_with_the_index)
{
    rc_error err;
    rc_resultset *rs = run_asem_with("analysis:\n  audit: {external: [GDP]}\n", &err);
    ck_assert_msg(rs != NULL, "%s", err.msg);
    const struct rc_table *ix = rc_table_get(rs, "index"), *ex = rc_table_get(rs, "audit_external");
    ck_assert_ptr_nonnull(ex);
    ck_assert_uint_eq(ex->nrows, 3); /* the index and two dimensions, one year */
    double x[64], y[64];
    ck_assert_uint_le(ix->nrows, 64);
    for (size_t r = 0; r < ix->nrows; r++) {
        x[r] = data_value(rc_table_str(ix, r, 0), "GDP");
        y[r] = rc_table_num(ix, r, (size_t)rc_table_col(ix, "index"));
    }
    ck_assert_str_eq(rc_table_str(ex, 0, (size_t)rc_table_col(ex, "target")), "index");
    ck_assert_double_eq_tol(rc_table_num(ex, 0, (size_t)rc_table_col(ex, "pearson")),
                            au_pearson(x, y, ix->nrows, NULL), 1e-12);
    ck_assert_int_eq(rc_table_int(ex, 0, (size_t)rc_table_col(ex, "n")), 51);
    rc_resultset_free(rs);
}
END_TEST

START_TEST(an_unknown_external_series_or_a_threshold_out_of_range_is_refused_with_its_place)
{
    rc_error err;
    rc_resultset *rs = run_asem_with("analysis:\n  audit:\n    external: [GDPpc]\n", &err);
    ck_assert_ptr_null(rs);
    ck_assert_msg(strstr(err.msg, "'GDPpc' is not a data series") && strstr(err.msg, "asem_coinr_example.yaml:"),
                  "%s", err.msg);
    rs = run_asem_with("analysis:\n  audit: {collinear: 1.5}\n", &err);
    ck_assert_ptr_null(rs);
    ck_assert_msg(strstr(err.msg, "collinear and weak are correlations"), "%s", err.msg);
    rs = run_asem_with("analysis:\n  audit: {years: every}\n", &err);
    ck_assert_ptr_null(rs);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
}
END_TEST

START_TEST(scores_published_on_the_index_scale_still_reveal_their_means)
{
    /* the toy panel (indicators directly under four dimensions, entropy weights) with
     * index.scale 100: every published score carries the factor 100, the normalised
     * indicators do not; the means are still recognised and leave-one-out recomputed */
    rc_error err;
    rc_resultset *rs = run_config(ASEM_DIR "/toy_uncertainty.yaml", "  scale: 1\n", "  scale: 100\n",
                                  "analysis:\n  audit: {}\n", &err);
    ck_assert_msg(rs != NULL, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "audit_leave_one_out");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nrows, 6 + 4);
    long cn = rc_table_col(t, "note"), cm = rc_table_col(t, "mean_abs_rank_shift");
    for (size_t r = 0; r < t->nrows; r++) {
        const char *note = rc_table_str(t, r, (size_t)cn);
        ck_assert_msg(!note || !*note, "%s", note);
        ck_assert(!isnan(rc_table_num(t, r, (size_t)cm)));
    }
    rc_resultset_free(rs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("audit_run");
    TCase *t = tcase_create("asem");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, the_hierarchy_and_its_arithmetic_means_are_recovered_from_the_tables);
    tcase_add_test(t, stats_count_the_missing_cells_and_see_the_minmax_bounds);
    tcase_add_test(t, leaving_out_a_sub_index_ranks_the_index_as_the_other_sub_index);
    tcase_add_test(t, every_group_has_reliability_rows_and_importance_shares_summing_to_one);
    tcase_add_test(t, the_plugin_tables_equal_the_audit_of_the_run_through_the_core_tables);
    tcase_add_test(t, external_correlations_are_those_of_the_data_column_with_the_index);
    tcase_add_test(t, an_unknown_external_series_or_a_threshold_out_of_range_is_refused_with_its_place);
    tcase_add_test(t, scores_published_on_the_index_scale_still_reveal_their_means);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
