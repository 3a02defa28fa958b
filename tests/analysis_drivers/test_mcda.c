/* tests/analysis_drivers/test_mcda.c — grey relational analysis, RSR with probit grading and
 * VIKOR against ref/mcda_expected.txt (ref/mcda_ref.py, numpy/scipy from the published
 * formulas) at 1e-9: GRA coefficients and grades of regions against the ideal (min-max
 * with a cost criterion, weights; mean preprocessing, ρ = 0.3) and of factors against a
 * reference series (initial value); RSR ranks with ties, plain, weighted and non-integer,
 * the probit table, line and grades for 3–6 grades; VIKOR S, R, Q, C1, C2 and the
 * compromise set (both conditions holding, C1 failing, C2 failing). Edge cases: identical
 * regions, a constant column, all sequences equal to the reference, one distinct RSR. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gra_kernel.h"
#include "refvals.h"
#include "rsr_kernel.h"
#include "vikor_kernel.h"

enum { M = 12, N = 5 };
static const int dir[N] = {1, 1, -1, 1, 1};
static const double w[N] = {0.3, 0.2, 0.15, 0.25, 0.1};

static void load(double *X, double *y)
{
    char col[8];
    for (int j = 0; j < N; j++) {
        size_t rows;
        snprintf(col, sizeof col, "c%d", j);
        double *c = ref_csv_column("mcda_input.csv", col, &rows);
        ck_assert_uint_eq(rows, M);
        for (int i = 0; i < M; i++) X[i * N + j] = c[i];
        free(c);
    }
    size_t rows;
    double *c = ref_csv_column("mcda_input.csv", "y", &rows);
    ck_assert_uint_eq(rows, M);
    memcpy(y, c, M * sizeof *y);
    free(c);
}

START_TEST(test_grey_relational_grades_match_reference)
{
    refvals *r = ref_load("mcda_expected.txt");
    double X[M * N], y[M], Z[M * N], ref[N], xi[M * N], g[M];
    load(X, y);
    size_t checked = 0;
    /* (a) regions vs the ideal: min-max per column with directions, weights, ρ = 0.5 */
    memcpy(Z, X, sizeof Z);
    for (int j = 0; j < N; j++) ck_assert_int_eq(gra_preprocess(Z + j, M, N, GRA_MINMAX, dir[j]), 0);
    gra_ideal(Z, M, N, NULL, ref);
    ck_assert_int_eq(gra_grades(ref, Z, M, N, 0.5, w, xi, g), 0);
    for (int i = 0; i < M; i++) {
        ck_ref(g[i], ref_get(r, "gra.minmax.grade.%d", i));
        for (int j = 0; j < N; j++) ck_ref(xi[i * N + j], ref_get(r, "gra.minmax.xi.%d.%d", i, j));
        checked += 1 + N;
    }
    /* identical regions 5 and 9 get identical grades */
    ck_assert(g[5] == g[9]);
    /* (b) mean preprocessing, the ideal per direction, equal weights, ρ = 0.3 */
    memcpy(Z, X, sizeof Z);
    for (int j = 0; j < N; j++) ck_assert_int_eq(gra_preprocess(Z + j, M, N, GRA_MEAN, dir[j]), 0);
    gra_ideal(Z, M, N, dir, ref);
    ck_assert_int_eq(gra_grades(ref, Z, M, N, 0.3, NULL, NULL, g), 0);
    for (int i = 0; i < M; i++, checked++) ck_ref(g[i], ref_get(r, "gra.mean.grade.%d", i));
    /* (c) the five columns as factor sequences against y, initial values */
    double F[N * M], yy[M];
    for (int f = 0; f < N; f++)
        for (int i = 0; i < M; i++) F[f * M + i] = X[i * N + f];
    memcpy(yy, y, sizeof yy);
    ck_assert_int_eq(gra_preprocess(yy, M, 1, GRA_INITIAL, 1), 0);
    for (int f = 0; f < N; f++) ck_assert_int_eq(gra_preprocess(F + f * M, M, 1, GRA_INITIAL, 1), 0);
    double gf[N];
    ck_assert_int_eq(gra_grades(yy, F, N, M, 0.5, NULL, NULL, gf), 0);
    for (int f = 0; f < N; f++, checked++) ck_ref(gf[f], ref_get(r, "gra.factor.grade.%d", f));
    ck_assert_uint_eq(checked, M * (1 + N) + M + N);
    ref_free(r);
}
END_TEST

START_TEST(test_grey_relational_edge_cases)
{
    /* every sequence equals the reference: Δmax = 0, ξ = 1 by definition, flagged */
    double ref[3] = {1, 2, 3}, X[6] = {1, 2, 3, 1, 2, 3}, g[2], xi[6];
    ck_assert_int_eq(gra_grades(ref, X, 2, 3, 0.5, NULL, xi, g), 1);
    ck_assert(g[0] == 1.0 && g[1] == 1.0 && xi[4] == 1.0);
    /* hand calculation: ref (1, 1), X1 = (1, 0), X2 = (0, 0): Δ = {0, 1; 1, 1}, Δmin 0,
       Δmax 1, ρ = 0.5: ξ1 = (1, 1/3), ξ2 = (1/3, 1/3) */
    double r2[2] = {1, 1}, Y[4] = {1, 0, 0, 0};
    ck_assert_int_eq(gra_grades(r2, Y, 2, 2, 0.5, NULL, xi, g), 0);
    ck_assert(fabs(g[0] - 2.0 / 3.0) < 1e-15 && fabs(g[1] - 1.0 / 3.0) < 1e-15);
    /* bad ρ, bad weights */
    double wz[2] = {0, 0};
    ck_assert_int_eq(gra_grades(r2, Y, 2, 2, 0.0, NULL, NULL, g), -1);
    ck_assert_int_eq(gra_grades(r2, Y, 2, 2, 0.5, wz, NULL, g), -1);
    /* preprocessing that is undefined is refused and leaves the values alone */
    double c[3] = {4, 4, 4}, z0[3] = {0, 1, 2}, zm[2] = {-1, 1};
    ck_assert_int_eq(gra_preprocess(c, 3, 1, GRA_MINMAX, 1), 1);
    ck_assert(c[0] == 4.0);
    ck_assert_int_eq(gra_preprocess(z0, 3, 1, GRA_INITIAL, 1), 1);
    ck_assert_int_eq(gra_preprocess(zm, 2, 1, GRA_MEAN, 1), 1);
    ck_assert_int_eq(gra_preprocessing_by_name("minmax"), GRA_MINMAX);
    ck_assert_int_eq(gra_preprocessing_by_name("zscore"), -1);
}
END_TEST

START_TEST(test_rsr_ranks_probit_and_grades_match_reference)
{
    refvals *r = ref_load("mcda_expected.txt");
    double X[M * N], y[M], ranks[M * N], v[M], pr[M], fit[M], cut[5];
    int grade[M];
    load(X, y);
    const char *labels[] = {"plain", "weighted", "nonint"};
    size_t checked = 0;
    for (int c = 0; c < 3; c++) {
        ck_assert_int_eq(rsr_ratio(X, M, N, dir, c == 0 ? NULL : w, c == 2, ranks, v), 0);
        for (int i = 0; i < M; i++) {
            ck_ref(v[i], ref_get(r, "rsr.%s.rsr.%d", labels[c], i));
            for (int j = 0; j < N; j++)
                ck_ref(ranks[i * N + j], ref_get(r, "rsr.%s.rank.%d.%d", labels[c], i, j));
            checked += 1 + N;
        }
        for (int gr = 3; gr <= 6; gr++) {
            rsr_fit f;
            ck_assert_int_eq(rsr_probit(v, M, gr, pr, fit, grade, cut, &f), 0);
            ck_ref(f.a, ref_get(r, "rsr.%s.%d.a", labels[c], gr));
            ck_ref(f.b, ref_get(r, "rsr.%s.%d.b", labels[c], gr));
            ck_ref(f.r2, ref_get(r, "rsr.%s.%d.r2", labels[c], gr));
            ck_assert_uint_eq(f.distinct, (size_t)ref_get(r, "rsr.%s.%d.distinct", labels[c], gr));
            for (int k = 0; k < gr - 1; k++) ck_ref(cut[k], ref_get(r, "rsr.%s.%d.cut.%d", labels[c], gr, k));
            for (int i = 0; i < M; i++) {
                ck_ref(pr[i], ref_get(r, "rsr.%s.%d.probit.%d", labels[c], gr, i));
                ck_ref(fit[i], ref_get(r, "rsr.%s.%d.fitted.%d", labels[c], gr, i));
                ck_assert_int_eq(grade[i], (int)ref_get(r, "rsr.%s.%d.grade.%d", labels[c], gr, i));
            }
            checked += 4 + (size_t)(gr - 1) + 3 * M;
        }
    }
    ck_assert_uint_eq(checked, 3 * (M * (1 + N) + 16 + 14 + 36 * 4));
    ref_free(r);
}
END_TEST

START_TEST(test_rsr_edge_cases)
{
    /* identical regions: one distinct RSR, no line, every region the middle grade */
    double X[6] = {2, 3, 2, 3, 2, 3}, v[3], pr[3], fit[3], cut[2];
    int grade[3];
    rsr_fit f;
    ck_assert_int_eq(rsr_ratio(X, 3, 2, NULL, NULL, 0, NULL, v), 0);
    ck_assert(v[0] == v[1] && v[1] == v[2] && fabs(v[0] - 2.0 / 3.0) < 1e-15); /* rank 2 of 3 */
    ck_assert_int_eq(rsr_probit(v, 3, 3, pr, fit, grade, cut, &f), 1);
    ck_assert(f.b == 0.0 && isnan(f.r2) && grade[0] == 2 && f.distinct == 1);
    /* non-integer ranks of a constant column are (m + 1)/2 */
    ck_assert_int_eq(rsr_ratio(X, 3, 2, NULL, NULL, 1, NULL, v), 0);
    ck_assert(fabs(v[0] - 2.0 / 3.0) < 1e-15);
    ck_assert_int_eq(rsr_probit(v, 3, 7, pr, fit, grade, cut, &f), -1);
    ck_assert_int_eq(rsr_ratio(X, 1, 2, NULL, NULL, 0, NULL, v), -1);
}
END_TEST

static void check_vikor_case(const refvals *r, const char *label, const double *F, size_t m,
                             double v, size_t *checked)
{
    double S[16], R[16], Q[16];
    int rs[16], rr[16], rq[16], comp[16];
    vikor_result res;
    ck_assert_int_eq(vikor(F, m, N, w, dir, v, S, R, Q, rs, rr, rq, comp, &res), 0);
    ck_assert_uint_eq(m, (size_t)ref_get(r, "vikor.%s.m", label));
    for (size_t i = 0; i < m; i++) {
        ck_ref(S[i], ref_get(r, "vikor.%s.S.%zu", label, i));
        ck_ref(R[i], ref_get(r, "vikor.%s.R.%zu", label, i));
        ck_ref(Q[i], ref_get(r, "vikor.%s.Q.%zu", label, i));
        ck_assert_int_eq(comp[i], (int)ref_get(r, "vikor.%s.comp.%zu", label, i));
        *checked += 4;
    }
    ck_assert_int_eq(res.c1, (int)ref_get(r, "vikor.%s.c1", label));
    ck_assert_int_eq(res.c2, (int)ref_get(r, "vikor.%s.c2", label));
    ck_assert(fabs(res.DQ - 1.0 / (double)(m - 1)) < 1e-15);
    *checked += 2;
}

START_TEST(test_vikor_s_r_q_and_compromise_match_reference)
{
    refvals *r = ref_load("mcda_expected.txt");
    double X[M * N], y[M], T[(M + 1) * N], F[6 * N];
    load(X, y);
    size_t checked = 0;
    check_vikor_case(r, "v05", X, M, 0.5, &checked);
    check_vikor_case(r, "v03", X, M, 0.3, &checked);
    /* an added ideal alternative (best in every criterion) wins with S = R = Q = 0 */
    memcpy(T, X, sizeof X);
    for (int j = 0; j < N; j++) {
        double b = X[j];
        for (int i = 1; i < M; i++)
            if (dir[j] > 0 ? X[i * N + j] > b : X[i * N + j] < b) b = X[i * N + j];
        T[M * N + j] = b;
    }
    check_vikor_case(r, "top", T, M + 1, 0.5, &checked);
    const char *small[] = {"noc1", "noc2"};
    for (int c = 0; c < 2; c++) {
        for (int i = 0; i < 6; i++)
            for (int j = 0; j < N; j++) F[i * N + j] = ref_get(r, "vikor.%s.F.%d.%d", small[c], i, j);
        check_vikor_case(r, small[c], F, 6, 0.5, &checked);
    }
    ck_assert_uint_eq(checked, 4 * (2 * M + M + 1 + 12) + 10);
    ref_free(r);
}
END_TEST

START_TEST(test_vikor_edge_cases)
{
    /* identical alternatives: every criterion flat, S = R = Q = 0, both tie at the top */
    double F[4] = {1, 2, 1, 2}, S[2], R[2], Q[2];
    int rs[2], rr[2], rq[2], comp[2];
    vikor_result res;
    ck_assert_int_eq(vikor(F, 2, 2, NULL, NULL, 0.5, S, R, Q, rs, rr, rq, comp, &res), 0);
    ck_assert_uint_eq(res.flat_criteria, 2);
    ck_assert(res.flat_S && res.flat_R && Q[0] == 0.0 && Q[1] == 0.0);
    /* Q(a″) − Q(a′) = 0 < DQ = 1: C1 fails and both are in the compromise set */
    ck_assert(!res.c1 && comp[0] && comp[1] && res.n_compromise == 2);
    ck_assert_int_eq(vikor(F, 2, 2, NULL, NULL, 1.5, S, R, Q, rs, rr, rq, comp, &res), -1);
    ck_assert_int_eq(vikor(F, 1, 2, NULL, NULL, 0.5, S, R, Q, rs, rr, rq, comp, &res), -1);
}
END_TEST

Suite *mcda_suite(void);
Suite *mcda_suite(void)
{
    Suite *s = suite_create("mcda");
    TCase *tc = tcase_create("kernels");
    tcase_add_test(tc, test_grey_relational_grades_match_reference);
    tcase_add_test(tc, test_grey_relational_edge_cases);
    tcase_add_test(tc, test_rsr_ranks_probit_and_grades_match_reference);
    tcase_add_test(tc, test_rsr_edge_cases);
    tcase_add_test(tc, test_vikor_s_r_q_and_compromise_match_reference);
    tcase_add_test(tc, test_vikor_edge_cases);
    suite_add_tcase(s, tc);
    return s;
}
