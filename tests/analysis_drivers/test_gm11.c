/* tests/analysis_drivers/test_gm11.c — GM(1,1) against ref/gm11_expected.txt
 * (ref/gm11_ref.py, numpy least squares from the textbook procedure) at 1e-9: class-ratio
 * test, a, b, fitted values and a 3-step forecast, residuals, relative errors, C, P and the
 * grade for four series (one failing the ratio test); and the edge cases: fewer than 4
 * points, a value ≤ 0, a constant series (a = 0, C and P undefined). */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "gm11_kernel.h"
#include "refvals.h"

START_TEST(test_gm11_matches_reference_on_four_series)
{
    refvals *r = ref_load("gm11_expected.txt");
    const char *names[] = {"liu", "grow", "fall", "jump"};
    size_t checked = 0;
    for (int s = 0; s < 4; s++) {
        size_t n = (size_t)ref_get(r, "%s.x.count", names[s]);
        double x[16], fit[20], res[16], rel[16];
        ck_assert_uint_le(n, 16);
        for (size_t k = 0; k < n; k++) x[k] = ref_get(r, "%s.x.%zu", names[s], k);
        gm11 g;
        ck_assert_int_eq(gm11_fit(x, n, 3, fit, res, rel, &g), GM_OK);
        ck_ref(g.a, ref_get(r, "%s.a", names[s]));
        ck_ref(g.b, ref_get(r, "%s.b", names[s]));
        ck_ref(g.ratio_min, ref_get(r, "%s.ratio_min", names[s]));
        ck_ref(g.ratio_max, ref_get(r, "%s.ratio_max", names[s]));
        ck_ref(g.ratio_lo, ref_get(r, "%s.ratio_lo", names[s]));
        ck_ref(g.ratio_hi, ref_get(r, "%s.ratio_hi", names[s]));
        ck_assert_int_eq(g.ratio_ok, (int)ref_get(r, "%s.ratio_ok", names[s]));
        ck_ref(g.C, ref_get(r, "%s.C", names[s]));
        ck_ref(g.P, ref_get(r, "%s.P", names[s]));
        ck_ref(g.mean_rel_error, ref_get(r, "%s.mre", names[s]));
        ck_assert_int_eq(g.grade, (int)ref_get(r, "%s.grade", names[s]));
        checked += 11;
        for (size_t k = 0; k < n + 3; k++, checked++)
            ck_ref(fit[k], ref_get(r, "%s.fitted.%zu", names[s], k));
        for (size_t k = 0; k < n; k++, checked += 2) {
            ck_ref(res[k], ref_get(r, "%s.residual.%zu", names[s], k));
            ck_ref(rel[k], ref_get(r, "%s.rel.%zu", names[s], k));
        }
    }
    /* 4 × 11 + fitted (5+8+6+5 + 12) + residual and relative error 2 × 24 */
    ck_assert_uint_eq(checked, 44 + 36 + 48);
    ref_free(r);
}
END_TEST

START_TEST(test_gm11_refuses_short_and_nonpositive_series)
{
    double x3[] = {1.0, 1.1, 1.2}, fit[8] = {-1, -1, -1, -1, -1, -1, -1, -1}, res[4], rel[4];
    gm11 g;
    ck_assert_int_eq(gm11_fit(x3, 3, 2, fit, res, rel, &g), GM_SHORT);
    ck_assert(isnan(g.a) && fit[0] == -1.0); /* nothing written */
    double xz[] = {1.0, 0.0, 1.2, 1.3};
    ck_assert_int_eq(gm11_fit(xz, 4, 2, fit, res, rel, &g), GM_NONPOSITIVE);
    double xn[] = {1.0, 2.0, -1.2, 1.3, 1.4};
    ck_assert_int_eq(gm11_fit(xn, 5, 2, fit, res, rel, &g), GM_NONPOSITIVE);
    ck_assert(isnan(g.C) && fit[0] == -1.0);
    ck_assert_int_eq(gm11_fit(xz, 0, 2, fit, res, rel, &g), GM_SHORT);
}
END_TEST

START_TEST(test_gm11_constant_series_forecasts_the_constant)
{
    double x[] = {2.5, 2.5, 2.5, 2.5, 2.5}, fit[7], res[5], rel[5];
    gm11 g;
    ck_assert_int_eq(gm11_fit(x, 5, 2, fit, res, rel, &g), GM_CONSTANT);
    ck_assert(g.a == 0.0 && g.b == 2.5 && g.ratio_ok);
    for (int k = 0; k < 7; k++) ck_assert(fabs(fit[k] - 2.5) < 1e-15);
    ck_assert(isnan(g.C) && isnan(g.P) && g.grade == GM_GRADE_NONE && g.mean_rel_error == 0.0);
    ck_assert_str_eq(gm11_grade_name(GM_GRADE_BARELY), "barely qualified");
}
END_TEST

Suite *gm11_suite(void);
Suite *gm11_suite(void)
{
    Suite *s = suite_create("gm11");
    TCase *tc = tcase_create("kernel");
    tcase_add_test(tc, test_gm11_matches_reference_on_four_series);
    tcase_add_test(tc, test_gm11_refuses_short_and_nonpositive_series);
    tcase_add_test(tc, test_gm11_constant_series_forecasts_the_constant);
    suite_add_tcase(s, tc);
    return s;
}
