/* tests/analysis_drivers/test_panel_fe.c — two-way fixed effects with cluster-robust SE
 * against ref/fe_expected.txt (ref/fe_ref.py: full dummy-variable least squares by numpy,
 * the sandwich on that design) at 1e-9 on an unbalanced 30 × 8 panel: the 3 slopes and 7
 * year effects, their SE, t and p, within R², N, G, K; and the edge cases: a regressor
 * constant within regions (collinear with the region effects), one region, identical
 * regions (y and x the same in every region). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fe_kernel.h"
#include "refvals.h"

START_TEST(test_twoway_fe_matches_dummy_variable_reference)
{
    refvals *r = ref_load("fe_expected.txt");
    size_t n, n2;
    double *reg = ref_csv_column("fe_input.csv", "region", &n);
    double *yr = ref_csv_column("fe_input.csv", "year", &n2);
    double *y = ref_csv_column("fe_input.csv", "y", &n2);
    double *X = malloc(3 * n * sizeof *X);
    for (int j = 0; j < 3; j++) {
        char col[4] = {'x', (char)('0' + j), 0};
        double *c = ref_csv_column("fe_input.csv", col, &n2);
        memcpy(X + (size_t)j * n, c, n * sizeof *X);
        free(c);
    }
    size_t *rg = malloc(n * sizeof *rg), *yc = malloc(n * sizeof *yc);
    for (size_t i = 0; i < n; i++) {
        rg[i] = (size_t)reg[i];
        yc[i] = (size_t)yr[i];
    }
    double coef[10], se[10], t[10], p[10];
    fe_result fr;
    ck_assert_int_eq(fe_twoway(y, X, n, 3, rg, 30, yc, 8, coef, se, t, p, &fr), FE_OK);
    ck_assert_uint_eq(fr.N, (size_t)ref_get(r, "N"));
    ck_assert_uint_eq(fr.G, (size_t)ref_get(r, "G"));
    ck_assert_uint_eq(fr.T, (size_t)ref_get(r, "T"));
    ck_assert_uint_eq(fr.K, (size_t)ref_get(r, "K"));
    ck_ref(fr.r2_within, ref_get(r, "r2_within"));
    size_t checked = 5;
    for (int j = 0; j < 10; j++, checked += 4) {
        ck_ref(coef[j], ref_get(r, "coef.%d", j));
        ck_ref(se[j], ref_get(r, "se.%d", j));
        ck_ref(t[j], ref_get(r, "t.%d", j));
        ck_ref(p[j], ref_get(r, "p.%d", j));
    }
    ck_assert_uint_eq(checked, 45);
    free(reg);
    free(yr);
    free(y);
    free(X);
    free(rg);
    free(yc);
    ref_free(r);
}
END_TEST

START_TEST(test_twoway_fe_edge_cases)
{
    /* 3 regions × 3 years; x1 constant within each region: swept out by the region
       effects, so it is collinear and named */
    size_t rg[9] = {0, 0, 0, 1, 1, 1, 2, 2, 2}, yc[9] = {0, 1, 2, 0, 1, 2, 0, 1, 2};
    double y[9] = {1, 2, 4, 2, 3, 3, 5, 7, 6};
    double X[18] = {0.1, 0.5, 0.2, 0.9, 0.3, 0.4, 0.8, 0.7, 0.1, /* x0 */
                    1, 1, 1, 2, 2, 2, 3, 3, 3};                  /* x1 */
    double coef[4], se[4], t[4], p[4];
    fe_result fr;
    ck_assert_int_eq(fe_twoway(y, X, 9, 2, rg, 3, yc, 3, coef, se, t, p, &fr), FE_COLLINEAR);
    ck_assert_uint_eq(fr.bad_column, 1);
    ck_assert(isnan(coef[0]) && isnan(se[0]));
    /* one region: no clusters to compare */
    size_t one[9] = {0};
    ck_assert_int_eq(fe_twoway(y, X, 9, 1, one, 1, yc, 3, coef, se, t, p, &fr), FE_TOO_FEW);
    /* identical regions: y and x0 the same in every region, so after the year effects
       nothing varies: x0 is collinear with the year dummies */
    double yi[9] = {1, 2, 4, 1, 2, 4, 1, 2, 4}, xi[9] = {0.1, 0.5, 0.2, 0.1, 0.5, 0.2, 0.1, 0.5, 0.2};
    ck_assert_int_eq(fe_twoway(yi, xi, 9, 1, rg, 3, yc, 3, coef, se, t, p, &fr), FE_COLLINEAR);
    /* N ≤ K: 2 regions × 2 years with 1 regressor (K = 1 + 1 + 1 = 3 < N = 4 is fine, but
       dropping one observation leaves N = 3 = K) */
    size_t r2[3] = {0, 0, 1}, y2[3] = {0, 1, 0};
    double yy[3] = {1, 2, 3}, xx[3] = {0.3, 0.1, 0.2};
    ck_assert_int_eq(fe_twoway(yy, xx, 3, 1, r2, 2, y2, 2, coef, se, t, p, &fr), FE_TOO_FEW);
}
END_TEST

Suite *panel_fe_suite(void);
Suite *panel_fe_suite(void)
{
    Suite *s = suite_create("panel_fe");
    TCase *tc = tcase_create("kernel");
    tcase_add_test(tc, test_twoway_fe_matches_dummy_variable_reference);
    tcase_add_test(tc, test_twoway_fe_edge_cases);
    suite_add_tcase(s, tc);
    return s;
}
