/* tests/analysis/test_weighted_disparity.c — the population-weighted disparity kernels
 * (analysis/weighted.c) against ref/weighted_disparity.txt (ref/weighted_disparity_ref.py:
 * numpy, the Gini as a double sum over all pairs) at 1e-9: mean, sd, CV, Gini, Theil T and L
 * with between/within parts and per-group values for 25 regions in 3 groups; the invariant
 * that integer weights equal replicating each region that many times in the unweighted
 * measures; equal weights reduce to the unweighted measures; and the edge cases: identical
 * regions, a weight ≤ 0, a zero mean, a value ≤ 0 for Theil L. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "../analysis_drivers/refvals.h"
#include "analysis/kernels.h"

enum { N = 25, K = 3 };

START_TEST(test_weighted_measures_match_numpy_reference)
{
    refvals *r = ref_load("weighted_disparity.txt");
    double y[N], w[N], mean, sd, Tg[K], Lg[K];
    size_t g[N];
    for (int i = 0; i < N; i++) {
        y[i] = ref_get(r, "y.%d", i);
        w[i] = ref_get(r, "w.%d", i);
        g[i] = (size_t)ref_get(r, "g.%d", i);
    }
    ck_ref(rc_cv_weighted(y, w, N, &mean, &sd), ref_get(r, "cv"));
    ck_ref(mean, ref_get(r, "mean"));
    ck_ref(sd, ref_get(r, "sd"));
    ck_ref(rc_gini_weighted(y, w, N), ref_get(r, "gini"));
    rc_theil th;
    ck_assert_int_eq(rc_theil_weighted(y, w, g, N, K, &th, Tg, Lg), 0);
    ck_ref(th.T, ref_get(r, "theil_T"));
    ck_ref(th.L, ref_get(r, "theil_L"));
    ck_ref(th.T_between, ref_get(r, "theil_T_between"));
    ck_ref(th.T_within, ref_get(r, "theil_T_within"));
    ck_ref(th.L_between, ref_get(r, "theil_L_between"));
    ck_ref(th.L_within, ref_get(r, "theil_L_within"));
    size_t checked = 10;
    for (int j = 0; j < K; j++, checked += 2) {
        ck_ref(Tg[j], ref_get(r, "theil_T_group.%d", j));
        ck_ref(Lg[j], ref_get(r, "theil_L_group.%d", j));
    }
    ck_assert_uint_eq(checked, 16);
    ref_free(r);
}
END_TEST

START_TEST(test_integer_weights_equal_replicated_regions)
{
    double y[5] = {0.3, 1.2, 0.7, 2.5, 0.9}, w[5] = {2, 1, 4, 1, 3};
    size_t g[5] = {0, 1, 0, 1, 1};
    double rep[11], work[11];
    size_t rg[11], m = 0;
    for (int i = 0; i < 5; i++)
        for (int c = 0; c < (int)w[i]; c++) {
            rg[m] = g[i];
            rep[m++] = y[i];
        }
    ck_assert_uint_eq(m, 11);
    double m1, s1, m2, s2;
    ck_ref(rc_cv_weighted(y, w, 5, &m1, &s1), rc_cv(rep, m, 0, &m2, &s2));
    ck_ref(m1, m2);
    ck_ref(s1, s2);
    ck_ref(rc_gini_weighted(y, w, 5), rc_gini(rep, m, work));
    rc_theil a, b;
    double Ta[2], La[2], Tb[2], Lb[2];
    ck_assert_int_eq(rc_theil_weighted(y, w, g, 5, 2, &a, Ta, La), 0);
    ck_assert_int_eq(rc_theil_decompose(rep, rg, m, 2, &b, Tb, Lb), 0);
    ck_ref(a.T, b.T);
    ck_ref(a.L, b.L);
    ck_ref(a.T_between, b.T_between);
    ck_ref(a.T_within, b.T_within);
    ck_ref(a.L_between, b.L_between);
    ck_ref(a.L_within, b.L_within);
    for (int j = 0; j < 2; j++) {
        ck_ref(Ta[j], Tb[j]);
        ck_ref(La[j], Lb[j]);
    }
    /* equal weights: the unweighted measures of the regions themselves */
    double one[5] = {7, 7, 7, 7, 7};
    ck_ref(rc_gini_weighted(y, one, 5), rc_gini(y, 5, work));
    ck_ref(rc_cv_weighted(y, one, 5, NULL, NULL), rc_cv(y, 5, 0, NULL, NULL));
}
END_TEST

START_TEST(test_weighted_edge_cases)
{
    double same[4] = {2, 2, 2, 2}, w[4] = {1, 5, 2, 9};
    rc_theil th;
    ck_assert(rc_gini_weighted(same, w, 4) == 0.0);
    ck_assert(rc_cv_weighted(same, w, 4, NULL, NULL) == 0.0);
    ck_assert_int_eq(rc_theil_weighted(same, w, NULL, 4, 0, &th, NULL, NULL), 0);
    ck_assert(fabs(th.T) < 1e-15 && fabs(th.L) < 1e-15);
    double bad[4] = {1, 0, 2, 9}, y[4] = {1, 2, 3, 4};
    ck_assert(isnan(rc_gini_weighted(y, bad, 4)) && isnan(rc_cv_weighted(y, bad, 4, NULL, NULL)));
    double zero[4] = {0, 0, 0, 0};
    ck_assert(isnan(rc_gini_weighted(zero, w, 4)) && isnan(rc_cv_weighted(zero, w, 4, NULL, NULL)));
    double with0[4] = {0, 1, 2, 3};
    ck_assert_int_eq(rc_theil_weighted(with0, w, NULL, 4, 0, &th, NULL, NULL), 0);
    ck_assert(!isnan(th.T) && isnan(th.L)); /* 0·ln 0 = 0 for T; L needs every y > 0 */
}
END_TEST

static Suite *weighted_suite(void)
{
    Suite *s = suite_create("weighted_disparity");
    TCase *tc = tcase_create("kernels");
    tcase_add_test(tc, test_weighted_measures_match_numpy_reference);
    tcase_add_test(tc, test_integer_weights_equal_replicated_regions);
    tcase_add_test(tc, test_weighted_edge_cases);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(weighted_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
