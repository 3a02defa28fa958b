/* tests/analysis_drivers/test_geodetector.c — the geodetector kernels against
 * ref/geodetector_expected.txt (ref/geodetector_ref.py, numpy/scipy from the published
 * formulas) at 1e-9: every break of the five discretisations for k = 3..8, q per
 * discretisation, the optimal choice, the factor detector (q, F, λ, p), the interaction
 * q, Welch's t of the risk detector, the ecological F, the noncentral F tail; and the edge
 * cases: a single stratum, zero variance, every stratum a singleton, identical regions,
 * a stratum of one in the risk detector, the five interaction types. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_dist.h"
#include "gd_kernel.h"
#include "refvals.h"

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

typedef struct gdata {
    size_t n;
    double *y, *x1, *x2, *x3;
} gdata;

static gdata load(void)
{
    gdata d;
    size_t n2, n3, n4;
    d.y = ref_csv_column("geodetector_input.csv", "y", &d.n);
    d.x1 = ref_csv_column("geodetector_input.csv", "x1", &n2);
    d.x2 = ref_csv_column("geodetector_input.csv", "x2", &n3);
    d.x3 = ref_csv_column("geodetector_input.csv", "x3", &n4);
    ck_assert_uint_eq(d.n, 60);
    ck_assert(n2 == d.n && n3 == d.n && n4 == d.n);
    return d;
}

static void unload(gdata *d)
{
    free(d->y);
    free(d->x1);
    free(d->x2);
    free(d->x3);
}

START_TEST(test_breaks_and_q_of_every_method_match_reference)
{
    refvals *r = ref_load("geodetector_expected.txt");
    gdata d = load();
    size_t checked = 0;
    const char *names[] = {"x1", "x2"};
    const double *xs[] = {d.x1, d.x2};
    double *sorted = malloc(d.n * sizeof *sorted);
    int *s = malloc(d.n * sizeof *s);
    for (int f = 0; f < 2; f++) {
        memcpy(sorted, xs[f], d.n * sizeof *sorted);
        qsort(sorted, d.n, sizeof *sorted, cmp_d);
        for (int m = 0; m < GD_NMETHODS; m++)
            for (int k = 3; k <= 8; k++) {
                double br[GD_KMAX + 1];
                int rc = gd_breaks(sorted, d.n, m, k, br);
                double applies = ref_get(r, "applies.%s.%s.%d", names[f], gd_method_name(m), k);
                ck_assert_int_eq(rc, (int)applies);
                if (!rc) continue;
                for (int c = 0; c <= k; c++) {
                    ck_ref(br[c], ref_get(r, "break.%s.%s.%d.%d", names[f], gd_method_name(m), k, c));
                    checked++;
                }
                size_t L = gd_classify(xs[f], d.n, br, k, s, NULL);
                ck_assert_uint_eq(L, (size_t)ref_get(r, "L.%s.%s.%d", names[f], gd_method_name(m), k));
                gd_factor fd;
                ck_assert_int_eq(gd_factor_detect(d.y, s, d.n, L, &fd), 0);
                ck_ref(fd.q, ref_get(r, "q.%s.%s.%d", names[f], gd_method_name(m), k));
                checked++;
            }
        int method, k;
        double q;
        size_t L = gd_optimal(d.y, xs[f], d.n, (1u << GD_NMETHODS) - 1, 3, 8, s, &method, &k, &q);
        ck_assert(L >= 3);
        ck_ref(q, ref_get(r, "opt.%s.q", names[f]));
        ck_assert_int_eq(method, (int)ref_get(r, "opt.%s.method", names[f]));
        ck_assert_int_eq(k, (int)ref_get(r, "opt.%s.k", names[f]));
        checked += 3;
    }
    /* x2 has negative values: geometric never applies; x1 is positive: always */
    ck_assert_uint_eq(checked, 411); /* every break and q the reference lists, + 6 */
    free(sorted);
    free(s);
    unload(&d);
    ref_free(r);
}
END_TEST

/* the strata of x1 by 5 quantile classes and of the categorical x3 */
static size_t strata_x1q5(const gdata *d, int *s)
{
    double *sorted = malloc(d->n * sizeof *sorted), br[6];
    memcpy(sorted, d->x1, d->n * sizeof *sorted);
    qsort(sorted, d->n, sizeof *sorted, cmp_d);
    ck_assert_int_eq(gd_breaks(sorted, d->n, GD_QUANTILE, 5, br), 1);
    free(sorted);
    return gd_classify(d->x1, d->n, br, 5, s, NULL);
}

START_TEST(test_factor_interaction_risk_ecological_match_reference)
{
    refvals *r = ref_load("geodetector_expected.txt");
    gdata d = load();
    int *s1 = malloc(d.n * sizeof *s1), *s3 = malloc(d.n * sizeof *s3),
        *s13 = malloc(d.n * sizeof *s13);
    size_t L1 = strata_x1q5(&d, s1), L3 = 4;
    for (size_t i = 0; i < d.n; i++) s3[i] = (int)d.x3[i];
    size_t checked = 0;
    const char *names[] = {"x1q5", "x3"};
    const int *ss[] = {s1, s3};
    size_t Ls[] = {L1, L3};
    gd_factor fd[2];
    for (int f = 0; f < 2; f++) {
        ck_assert_int_eq(gd_factor_detect(d.y, ss[f], d.n, Ls[f], &fd[f]), 0);
        ck_assert_int_eq(fd[f].status, GD_OK);
        ck_ref(fd[f].q, ref_get(r, "factor.%s.q", names[f]));
        ck_ref(fd[f].F, ref_get(r, "factor.%s.F", names[f]));
        ck_ref(fd[f].ncp, ref_get(r, "factor.%s.ncp", names[f]));
        ck_ref(fd[f].p, ref_get(r, "factor.%s.p", names[f]));
        ck_assert_uint_eq(fd[f].L, (size_t)ref_get(r, "factor.%s.L", names[f]));
        ck_ref(gd_ssw(d.y, ss[f], d.n, Ls[f]), ref_get(r, "factor.%s.ssw", names[f]));
        checked += 6;
    }
    size_t L13 = gd_intersect(s1, L1, s3, L3, d.n, s13);
    ck_assert_uint_eq(L13, (size_t)ref_get(r, "inter.L12"));
    gd_factor f13;
    ck_assert_int_eq(gd_factor_detect(d.y, s13, d.n, L13, &f13), 0);
    ck_ref(f13.q, ref_get(r, "inter.q12"));
    /* q(x1 ∩ x3) = 0.629 > q1 + q3 = 0.468: nonlinear enhancement */
    ck_assert_int_eq(gd_interaction_type(fd[0].q, fd[1].q, f13.q), 5);
    checked += 2;
    for (int h = 0; h < 4; h++)
        for (int g = h + 1; g < 4; g++) {
            gd_risk rk;
            ck_assert_int_eq(gd_risk_detect(d.y, s3, d.n, h, g, &rk), 0);
            ck_ref(rk.t, ref_get(r, "risk.%d.%d.t", h, g));
            ck_ref(rk.df, ref_get(r, "risk.%d.%d.df", h, g));
            ck_ref(rk.p, ref_get(r, "risk.%d.%d.p", h, g));
            checked += 3;
        }
    gd_eco e;
    gd_ecological(gd_ssw(d.y, s1, d.n, L1), d.n, gd_ssw(d.y, s3, d.n, L3), d.n, &e);
    ck_ref(e.F, ref_get(r, "eco.F"));
    ck_ref(e.p, ref_get(r, "eco.p"));
    checked += 2;
    ck_assert_uint_eq(checked, 34);
    free(s1);
    free(s3);
    free(s13);
    unload(&d);
    ref_free(r);
}
END_TEST

START_TEST(test_noncentral_f_tail_matches_poisson_mixture_reference)
{
    refvals *r = ref_load("geodetector_expected.txt");
    const double c[6][4] = {{2.5, 4, 45, 8.0},   {0.7, 2, 10, 0.5},   {2.5, 7, 2992, 5.0},
                            {3.1, 7, 52, 40.0},  {1.2, 1, 5, 0.0},    {45.0, 10, 200, 150.0}};
    for (int i = 0; i < 6; i++)
        ck_ref(an_ncf_upper(c[i][0], c[i][1], c[i][2], c[i][3]), ref_get(r, "ncf.%d", i));
    ck_assert(an_ncf_upper(0.0, 3, 10, 2.0) == 1.0);
    ck_assert(an_ncf_upper(INFINITY, 3, 10, 2.0) == 0.0);
    ck_assert(isnan(an_ncf_upper(1.0, 0, 10, 2.0)));
    ref_free(r);
}
END_TEST

START_TEST(test_single_stratum_gives_q_zero_and_no_test)
{
    double y[] = {1, 2, 3, 4, 5};
    int s[] = {0, 0, 0, 0, 0};
    gd_factor f;
    ck_assert_int_eq(gd_factor_detect(y, s, 5, 1, &f), 0);
    ck_assert_int_eq(f.status, GD_SINGLE_STRATUM);
    ck_assert(f.q == 0.0 && isnan(f.F) && isnan(f.p));
    /* a factor with one distinct value cannot be discretised at all */
    double x[] = {7, 7, 7, 7, 7}, br[4];
    for (int m = 0; m < GD_NMETHODS; m++) ck_assert_int_eq(gd_breaks(x, 5, m, 3, br), 0);
    int method, k;
    double q;
    ck_assert_uint_eq(gd_optimal(y, x, 5, 31u, 3, 8, s, &method, &k, &q), 0);
    ck_assert_int_eq(method, -1);
}
END_TEST

START_TEST(test_zero_variance_target_gives_missing_q)
{
    double y[] = {2, 2, 2, 2, 2, 2};
    int s[] = {0, 0, 1, 1, 2, 2};
    gd_factor f;
    ck_assert_int_eq(gd_factor_detect(y, s, 6, 3, &f), 0);
    ck_assert_int_eq(f.status, GD_ZERO_VARIANCE);
    ck_assert(isnan(f.q) && isnan(f.F) && isnan(f.p));
    gd_risk rk;
    ck_assert_int_eq(gd_risk_detect(y, s, 6, 0, 1, &rk), 1); /* both variances 0 */
    ck_assert(isnan(rk.t) && isnan(rk.p));
    gd_eco e;
    gd_ecological(0.0, 6, 0.0, 6, &e);
    ck_assert(isnan(e.F));
}
END_TEST

START_TEST(test_perfect_stratification_gives_q_one_and_p_zero)
{
    /* identical regions within each stratum: SSW = 0, q = 1 (hand calculation) */
    double y[] = {1, 1, 1, 4, 4, 4};
    int s[] = {0, 0, 0, 1, 1, 1};
    gd_factor f;
    ck_assert_int_eq(gd_factor_detect(y, s, 6, 2, &f), 0);
    ck_assert(f.q == 1.0 && isinf(f.F) && f.p == 0.0);
    /* λ by hand: means 1 and 4, N_h = 3: [1 + 16 − (√3 + 4√3)²/6]/σ² = 4.5/2.25 = 2 */
    ck_assert(fabs(f.ncp - 2.0) < 1e-12);
    /* every stratum a single region: q = 1 but no residual df */
    int t[] = {0, 1, 2, 3, 4, 5};
    double z[] = {1, 2, 3, 4, 5, 6};
    ck_assert_int_eq(gd_factor_detect(z, t, 6, 6, &f), 0);
    ck_assert_int_eq(f.status, GD_NO_DF);
    ck_assert(f.q == 1.0 && isnan(f.F) && isnan(f.p));
    /* a stratum of one region has no variance for the risk detector */
    gd_risk rk;
    int u[] = {0, 1, 1, 1, 1, 1};
    ck_assert_int_eq(gd_risk_detect(z, u, 6, 0, 1, &rk), 1);
    ck_assert(isnan(rk.t) && rk.n_h == 1 && rk.n_g == 5 && rk.mean_g == 4.0);
}
END_TEST

START_TEST(test_interaction_types_follow_wang_xu_table)
{
    ck_assert_int_eq(gd_interaction_type(0.3, 0.4, 0.2), 1);
    ck_assert_int_eq(gd_interaction_type(0.3, 0.4, 0.35), 2);
    ck_assert_int_eq(gd_interaction_type(0.3, 0.4, 0.3), 2);
    ck_assert_int_eq(gd_interaction_type(0.3, 0.4, 0.6), 3);
    ck_assert_int_eq(gd_interaction_type(0.3, 0.4, 0.7), 4);
    ck_assert_int_eq(gd_interaction_type(0.3, 0.4, 0.8), 5);
    ck_assert_int_eq(gd_interaction_type(NAN, 0.4, 0.8), 0);
    ck_assert_str_eq(gd_interaction_name(3), "enhance, bivariate");
}
END_TEST

START_TEST(test_classify_drops_empty_classes_and_renumbers)
{
    /* breaks 0 | 1 | 2 | 3 with nothing in (1, 2]: two classes left */
    double x[] = {0.0, 0.5, 1.0, 2.5, 3.0}, br[] = {0, 1, 2, 3}, up[3];
    int s[5];
    ck_assert_uint_eq(gd_classify(x, 5, br, 3, s, up), 2);
    int want[] = {0, 0, 0, 1, 1};
    for (int i = 0; i < 5; i++) ck_assert_int_eq(s[i], want[i]);
    ck_assert(up[0] == 1.0 && up[1] == 3.0);
}
END_TEST

Suite *geodetector_suite(void);
Suite *geodetector_suite(void)
{
    Suite *s = suite_create("geodetector");
    TCase *tc = tcase_create("kernels");
    tcase_add_test(tc, test_breaks_and_q_of_every_method_match_reference);
    tcase_add_test(tc, test_factor_interaction_risk_ecological_match_reference);
    tcase_add_test(tc, test_noncentral_f_tail_matches_poisson_mixture_reference);
    tcase_add_test(tc, test_single_stratum_gives_q_zero_and_no_test);
    tcase_add_test(tc, test_zero_variance_target_gives_missing_q);
    tcase_add_test(tc, test_perfect_stratification_gives_q_one_and_p_zero);
    tcase_add_test(tc, test_interaction_types_follow_wang_xu_table);
    tcase_add_test(tc, test_classify_drops_empty_classes_and_renumbers);
    suite_add_tcase(s, tc);
    return s;
}
