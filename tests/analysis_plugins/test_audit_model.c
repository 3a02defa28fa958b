/* tests/analysis_plugins/test_audit_model.c — the audit over a hierarchy
 * (plugins/analyses/audit/audit_model.c) on a hand-made index of five regions (index =
 * mean of D1 = mean(I1, I2) and D2 = I3): leave-one-out rank shifts worked out by hand, the
 * correlation rows and flags, the reliability and importance rows, availability, and the
 * refusal to re-aggregate methods it cannot reproduce. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/analyses/audit/audit_kernel.h"
#include "../../plugins/analyses/audit/audit_model.h"
#include "audit_mem_sink.h"

/* ---------------- the hand-made index ---------------- */
static const double I1[5] = {1, 2, 3, 4, 5}, I2[5] = {2, 1, 4, 3, 6}, I3[5] = {4, 8, 1, 2, 3};
static double D1[5], D2[5], IX[5];
static const double HALF[1] = {0.5}, ONE[1] = {1.0};
static const char *const REG[5] = {"R1", "R2", "R3", "R4", "R5"};
static const int YEARS[1] = {2020};

static void build(au_unit *u, au_agg agg)
{
    for (int i = 0; i < 5; i++) {
        D1[i] = (I1[i] + I2[i]) / 2; /* 1.5 1.5 3.5 3.5 5.5 */
        D2[i] = I3[i];
        IX[i] = (D1[i] + D2[i]) / 2; /* 2.75 4.75 2.25 2.75 4.25: ranks 3 1 5 3 2 */
    }
    au_unit v[6] = {
        {"index", AU_INDEX, AU_NONE, IX, NULL, NULL, agg, 0},
        {"D1", AU_DIMENSION, 0, D1, NULL, HALF, AU_AGG_ARITHMETIC, 0},
        {"D2", AU_DIMENSION, 0, D2, NULL, HALF, AU_AGG_ARITHMETIC, 0},
        {"I1", AU_INDICATOR, 1, I1, I1, HALF, AU_AGG_ARITHMETIC, 0},
        {"I2", AU_INDICATOR, 1, I2, I2, HALF, AU_AGG_ARITHMETIC, 0},
        {"I3", AU_INDICATOR, 2, I3, I3, ONE, AU_AGG_ARITHMETIC, 0},
    };
    memcpy(u, v, sizeof v);
}

static void audit(au_agg agg, const au_options *o, msink *s)
{
    au_unit u[6];
    build(u, agg);
    au_model m = {5, 1, REG, YEARS, u, 6, NULL, 0};
    au_sink sk;
    m_sink(s, &sk);
    char why[256];
    ck_assert_msg(au_audit_run(&m, o, &sk, why, sizeof why) == 0, "%s", why);
}

static void expect_shift(const mtable *t, const char *dropped, double mean, double median,
                         double max, const char *region)
{
    long r = m_find(t, "dropped", dropped, NULL, NULL);
    ck_assert_int_ge(r, 0);
    ck_assert_msg(m_numc(t, (size_t)r, "mean_abs_rank_shift") == mean, "%s mean %s", dropped,
                  m_cell(t, (size_t)r, "mean_abs_rank_shift"));
    ck_assert(m_numc(t, (size_t)r, "median_abs_rank_shift") == median);
    ck_assert(m_numc(t, (size_t)r, "max_abs_rank_shift") == max);
    ck_assert_str_eq(m_cell(t, (size_t)r, "region_max_shift"), region);
    ck_assert_str_eq(m_cell(t, (size_t)r, "note"), "");
}

START_TEST(leaving_out_each_indicator_and_dimension_shifts_ranks_as_worked_by_hand)
{
    /* nominal ranks 3 1 5 3 2. Without I1: D1 = I2, index 3 4.5 2.5 2.5 4.5 → ranks 3 1 4 4 1,
     * shifts 0 0 1 1 1. Without I3 (and so D2): index = D1 → ranks 4 4 2 2 1, shifts
     * 1 3 3 1 1. Without D1: index = D2 → ranks 2 1 5 4 3, shifts 1 0 0 1 1. Without I2:
     * D1 = I1, index 2.5 5 2 3 4 → ranks 4 1 5 3 2, shifts 1 0 0 0 0. */
    au_options o;
    au_options_default(&o);
    msink s;
    audit(AU_AGG_ARITHMETIC, &o, &s);
    const mtable *t = m_get(&s, "audit_leave_one_out");
    ck_assert_uint_eq(t->nr, 5); /* 3 indicators, then 2 dimensions */
    expect_shift(t, "I1", 0.6, 1, 1, "R3");
    expect_shift(t, "I2", 0.2, 0, 1, "R1");
    expect_shift(t, "I3", 1.8, 1, 3, "R2");
    expect_shift(t, "D1", 0.6, 1, 1, "R1");
    expect_shift(t, "D2", 1.8, 1, 3, "R2");
    ck_assert_str_eq(m_cell(t, 3, "level"), "dimension");
    m_free(&s);
}
END_TEST

START_TEST(an_aggregation_it_cannot_reproduce_is_not_recomputed_and_says_so)
{
    au_options o;
    au_options_default(&o);
    msink s;
    audit(AU_AGG_OTHER, &o, &s);
    const mtable *t = m_get(&s, "audit_leave_one_out");
    ck_assert_uint_eq(t->nr, 5);
    for (size_t r = 0; r < t->nr; r++) {
        ck_assert(isnan(m_numc(t, r, "mean_abs_rank_shift")));
        ck_assert_msg(strstr(m_cell(t, r, "note"), "not recomputed") != NULL, "%s",
                      m_cell(t, r, "note"));
    }
    m_free(&s);
    /* a published index that the tree does not give is refused too: geometric claimed at the
     * index, √(D1·D2) ranks 4 2 5 3 1, the published (arithmetic) index 3 1 5 3 2 */
    audit(AU_AGG_GEOMETRIC, &o, &s);
    t = m_get(&s, "audit_leave_one_out");
    for (size_t r = 0; r < t->nr; r++) {
        ck_assert(isnan(m_numc(t, r, "mean_abs_rank_shift")));
        ck_assert_msg(strstr(m_cell(t, r, "note"), "does not give the published ranks (region R1)"),
                      "%s", m_cell(t, r, "note"));
    }
    m_free(&s);
}
END_TEST

START_TEST(correlations_cover_groups_parents_grandparents_and_levels_with_flags)
{
    au_options o;
    au_options_default(&o);
    o.collinear = 0.5; /* r(I1, I2) = 10/√148 = 0.822: flagged at 0.5 */
    msink s;
    audit(AU_AGG_ARITHMETIC, &o, &s);
    const mtable *t = m_get(&s, "audit_correlation");
    long w = m_find(t, "kind", "within", "group", "D1");
    ck_assert_int_ge(w, 0);
    ck_assert_double_eq_tol(m_numc(t, (size_t)w, "pearson"), au_pearson(I1, I2, 5, NULL), 1e-15);
    ck_assert_double_eq_tol(m_numc(t, (size_t)w, "pearson"), 10.0 / sqrt(148.0), 1e-12);
    ck_assert_str_eq(m_cell(t, (size_t)w, "flag"), "collinear");
    /* I3 against its parent D2: r = 1; D2 against the index: r(I3, IX) */
    long p = m_find(t, "kind", "parent", "a", "I3");
    ck_assert_int_ge(p, 0);
    ck_assert_double_eq_tol(m_numc(t, (size_t)p, "pearson"), 1.0, 1e-12);
    long g = m_find(t, "kind", "grandparent", "a", "I3");
    ck_assert_int_ge(g, 0);
    ck_assert_double_eq_tol(m_numc(t, (size_t)g, "pearson"), au_pearson(I3, IX, 5, NULL), 1e-15);
    /* D1 against the index is negative here? r(D1, IX) */
    long d = m_find(t, "kind", "parent", "a", "D1");
    double rd = au_pearson(D1, IX, 5, NULL);
    ck_assert_str_eq(m_cell(t, (size_t)d, "flag"), rd < 0 ? "negative" : rd < 0.3 ? "weak" : "");
    /* level: indicators of different parents (I1–I3, I2–I3); siblings are in "within" */
    size_t lv = 0;
    for (size_t r = 0; r < t->nr; r++) lv += !strcmp(m_cell(t, r, "kind"), "level");
    ck_assert_uint_eq(lv, 2);
    /* rows: within 2 (D1, index) + parent 5 + grandparent 3 + index 0 + level 2 */
    ck_assert_uint_eq(t->nr, 12);
    m_free(&s);
}
END_TEST

START_TEST(reliability_and_importance_rows_per_group_with_shares_summing_to_one)
{
    au_options o;
    au_options_default(&o);
    msink s;
    audit(AU_AGG_ARITHMETIC, &o, &s);
    const mtable *rl = m_get(&s, "audit_reliability");
    ck_assert_uint_eq(rl->nr, 6); /* groups D1 and index (2 items each): 1 + 2 rows each */
    long g = m_find(rl, "group", "D1", "item", "");
    ck_assert_int_ge(g, 0);
    double X[10];
    memcpy(X, I1, sizeof I1);
    memcpy(X + 5, I2, sizeof I2);
    ck_assert_double_eq_tol(m_numc(rl, (size_t)g, "alpha"), au_cronbach(X, 5, 2, NULL, NULL), 1e-15);
    /* two items with correlation r: eigenvalues 1 ± r, first share (1 + r)/2 */
    ck_assert_double_eq_tol(m_numc(rl, (size_t)g, "pc1_share"), (1.0 + 10.0 / sqrt(148.0)) / 2, 1e-12);
    const mtable *im = m_get(&s, "audit_importance");
    ck_assert_uint_eq(im->nr, 5); /* D1, D2 in the index; I1, I2 in D1; I3 in D2 */
    double share = 0.0, r2 = 0.0, w = 0.0;
    for (size_t r = 0; r < im->nr; r++)
        if (!strcmp(m_cell(im, r, "parent"), "D1")) {
            share += m_numc(im, r, "corr_ratio_share");
            r2 += m_numc(im, r, "r2_share");
            w += m_numc(im, r, "nominal_weight");
        }
    ck_assert_double_eq_tol(share, 1.0, 1e-12);
    ck_assert_double_eq_tol(r2, 1.0, 1e-12);
    ck_assert_double_eq_tol(w, 1.0, 1e-12);
    long one = m_find(im, "child", "I3", NULL, NULL); /* the only child: r² = 1 */
    ck_assert_double_eq_tol(m_numc(im, (size_t)one, "pearson_r2"), 1.0, 1e-12);
    const mtable *av = m_get(&s, "audit_availability");
    ck_assert_uint_eq(av->nr, 5);
    for (size_t r = 0; r < 5; r++) ck_assert(m_numc(av, r, "share") == 1.0);
    const mtable *st = m_get(&s, "audit_stats");
    ck_assert_uint_eq(st->nr, 6); /* 3 indicators × raw, normalised */
    m_free(&s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("audit_model");
    TCase *t = tcase_create("model");
    tcase_add_test(t, leaving_out_each_indicator_and_dimension_shifts_ranks_as_worked_by_hand);
    tcase_add_test(t, an_aggregation_it_cannot_reproduce_is_not_recomputed_and_says_so);
    tcase_add_test(t, correlations_cover_groups_parents_grandparents_and_levels_with_flags);
    tcase_add_test(t, reliability_and_importance_rows_per_group_with_shares_summing_to_one);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
