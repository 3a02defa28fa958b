/* tests/analysis_plugins/test_audit_run.c — the audit of a real run: COINr's example coin
 * on the ASEM panel (tests/uncertainty/configs/asem_coinr_example.yaml) scored by the core,
 * its hierarchy read from the result tables (audit_load), every aggregate's aggregation
 * inferred, and the tables checked against what the run itself says: 49 indicators in 8
 * pillars in 2 sub-indices, min-max [0, 100] bounds, the 63 missing cells of the raw data,
 * and leaving out a sub-index ranking the index as the other sub-index's own ranks. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/analyses/audit/audit_load.h"
#include "audit_core_reader.h"
#include "audit_mem_sink.h"
#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"

#define ASEM REGCOORD_TEST_DATA_DIR "/../uncertainty/configs/asem_coinr_example.yaml"

static rc_resultset *run_asem(void)
{
    rc_error err;
    rc_config *cfg = NULL;
    ck_assert_msg(rc_config_load(ASEM, &cfg, &err) == 0, "%s", err.msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = "/tmp", .verbosity = 0, .log = devnull};
    rc_resultset *rs = NULL;
    ck_assert_msg(rc_run(cfg, reg, &o, &rs, &err) == 0, "%s", err.msg);
    fclose(devnull);
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

int main(void)
{
    Suite *s = suite_create("audit_run");
    TCase *t = tcase_create("asem");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, the_hierarchy_and_its_arithmetic_means_are_recovered_from_the_tables);
    tcase_add_test(t, stats_count_the_missing_cells_and_see_the_minmax_bounds);
    tcase_add_test(t, leaving_out_a_sub_index_ranks_the_index_as_the_other_sub_index);
    tcase_add_test(t, every_group_has_reliability_rows_and_importance_shares_summing_to_one);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
