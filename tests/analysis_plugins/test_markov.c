/* tests/analysis_plugins/test_markov.c — the markov kernel (plugins/analyses/markov/
 * markov_chain.c) against reference/markov_ref.csv (numpy, reference_markov.py): classic
 * chains with pooled and per-year quantile classes, the spatial chain conditioned on the
 * lag class with its homogeneity tests, fixed cut-offs with empty classes; and by hand the
 * published Land of Oz chain (Kemeny and Snell 1960, p. 218), a reducible chain (giddy's
 * example), a periodic chain, an absorbing chain, no transitions at all, and a panel of
 * identical values (zero variance). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/analyses/markov/markov_chain.h"
#include "refdata.h"

#define ck_close(a, b)                                                                    \
    do {                                                                                  \
        double a_ = (a), b_ = (b);                                                        \
        ck_assert_msg(rd_close(a_, b_, 1e-9) || (fabs(b_) < 1e-12 && fabs(a_) < 1e-12),   \
                      "%s = %.17g, expected %.17g", #a, a_, b_);                          \
    } while (0)

static rd_csv *ref;
static rd_fixture *fx;
static double *panel; /* v[t * n + r] */

static void setup(void)
{
    ref = rd_csv_read(RD_REF "markov_ref.csv");
    fx = rd_fixture_read();
    panel = calloc(fx->n * RD_YEARS, sizeof *panel);
    for (size_t t = 0; t < RD_YEARS; t++)
        for (size_t r = 0; r < fx->n; r++) panel[t * fx->n + r] = fx->v[t][r];
}

static void teardown(void)
{
    rd_csv_free(ref);
    rd_fixture_free(fx);
    free(panel);
}

/* the reference value; asserts it exists */
static double refv(const char *cs, const char *q, int lag, int i, int j, int step)
{
    char l[16], a[16], b[16], s[16];
    snprintf(l, sizeof l, "%d", lag);
    snprintf(a, sizeof a, "%d", i);
    snprintf(b, sizeof b, "%d", j);
    snprintf(s, sizeof s, "%d", step);
    const char *key[] = {cs, q, l, a, b, s};
    return rd_keyed(ref, 6, key);
}

static size_t ref_count(const char *cs, const char *q)
{
    size_t m = 0;
    for (size_t r = 1; r < ref->nrows; r++)
        if (!strcmp(ref->cell[r][0], cs) && !strcmp(ref->cell[r][1], q)) m++;
    return m;
}

/* counts, probabilities, steady states, passage times, powers (and the projection from
 * `last` when given) of one chain against the reference; returns the values checked */
static size_t check_chain(const char *cs, int lag, const double *T, size_t k, const int *last,
                          size_t nlast)
{
    mk_chain c;
    ck_assert_int_ge(mk_chain_analyse(T, k, &c), 0);
    size_t checked = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            ck_close(T[i * k + j], refv(cs, "count", lag, (int)i, (int)j, 0));
            if (!c.empty[i]) ck_close(c.P[i * k + j], refv(cs, "prob", lag, (int)i, (int)j, 0));
            else ck_assert(isnan(c.P[i * k + j]));
            double m = refv(cs, "mfpt", lag, (int)i, (int)j, 0);
            if (isinf(m)) ck_assert(isinf(c.mfpt[i * k + j]));
            else ck_close(c.mfpt[i * k + j], m);
            checked += 3;
        }
    for (size_t s = 0; s < c.n_closed; s++)
        for (size_t j = 0; j < k; j++, checked++)
            ck_close(c.steady[s * k + j], refv(cs, "steady", lag, (int)s, (int)j, 0));
    double *Pn = calloc(k * k, sizeof *Pn), *work = calloc(k * k, sizeof *work);
    for (unsigned s = 1; s <= 3; s++) {
        mk_power(c.Pa, k, s, Pn, work);
        for (size_t i = 0; i < k * k; i++, checked++)
            ck_close(Pn[i], refv(cs, "power", lag, (int)(i / k), (int)(i % k), (int)s));
    }
    if (last) {
        double d0[16] = {0}, proj[48];
        for (size_t r = 0; r < nlast; r++) d0[last[r]] += 1.0 / (double)nlast;
        mk_project(c.Pa, k, d0, 3, proj, work);
        for (unsigned s = 1; s <= 3; s++)
            for (size_t j = 0; j < k; j++, checked++)
                ck_close(proj[(s - 1) * k + j], refv(cs, "projection", lag, -1, (int)j, (int)s));
    }
    free(Pn); free(work);
    mk_chain_free(&c);
    return checked;
}

START_TEST(classic_chain_with_pooled_quantiles_matches_numpy)
{
    size_t n = fx->n, k = 4;
    int *cls = calloc(n * RD_YEARS, sizeof *cls);
    double cuts[3], T[16];
    ck_assert_int_eq(mk_panel_classes(panel, n, RD_YEARS, k, MK_POOLED, NULL, cls, cuts), 0);
    for (int c = 0; c < 3; c++) ck_close(cuts[c], refv("pooled", "cut", -1, c, -1, 0));
    ck_assert_uint_eq(mk_count(cls, NULL, n, RD_YEARS, k, 1, T), n * (RD_YEARS - 1));
    size_t checked = check_chain("pooled", -1, T, k, cls + (RD_YEARS - 1) * n, n);
    ck_assert_uint_eq(checked, 3 * 16 + 4 + 3 * 16 + 3 * 4);
    ck_assert_uint_eq(ref_count("pooled", "steady"), 4); /* ergodic: one distribution */
    free(cls);
}
END_TEST

START_TEST(classic_chain_with_per_year_quantiles_matches_numpy)
{
    size_t n = fx->n, k = 4;
    int *cls = calloc(n * RD_YEARS, sizeof *cls);
    double cuts[3 * RD_YEARS], T[16];
    ck_assert_int_eq(mk_panel_classes(panel, n, RD_YEARS, k, MK_PER_YEAR, NULL, cls, cuts), 0);
    for (int t = 0; t < RD_YEARS; t++)
        for (int c = 0; c < 3; c++)
            ck_close(cuts[t * 3 + c], refv("peryear", "cut", -1, c, -1, 2016 + t));
    mk_count(cls, NULL, n, RD_YEARS, k, 1, T);
    ck_assert_uint_gt(check_chain("peryear", -1, T, k, cls + (RD_YEARS - 1) * n, n), 100);
    free(cls);
}
END_TEST

START_TEST(spatial_chain_by_lag_class_and_its_homogeneity_tests_match_numpy)
{
    size_t n = fx->n, k = 4;
    int *cls = calloc(n * RD_YEARS, sizeof *cls), *lcls = calloc(n * RD_YEARS, sizeof *lcls);
    double *lag = calloc(n * RD_YEARS, sizeof *lag), cuts[3], lcuts[3];
    double *TS = calloc(k * k * k, sizeof *TS);
    an_csr w;
    rd_contiguity(fx, &w);
    an_csr_row_standardise(&w);
    mk_panel_classes(panel, n, RD_YEARS, k, MK_POOLED, NULL, cls, cuts);
    mk_spatial_lag(&w, panel, n, RD_YEARS, lag);
    for (size_t t = 0; t < RD_YEARS; t++) ck_assert(isnan(lag[t * n + 42])); /* R43 island */
    mk_panel_classes(lag, n, RD_YEARS, k, MK_POOLED, NULL, lcls, lcuts);
    for (int c = 0; c < 3; c++) ck_close(lcuts[c], refv("spatial", "lagcut", -1, c, -1, 0));
    ck_assert_uint_eq(mk_count(cls, lcls, n, RD_YEARS, k, k, TS), (n - 1) * (RD_YEARS - 1));
    size_t checked = 0;
    for (size_t g = 0; g < k; g++) checked += check_chain("spatial", (int)g, TS + g * k * k, k, NULL, 0);
    ck_assert_uint_ge(checked, 4 * (3 * 16 + 4 + 3 * 16)); /* 4 lag classes */
    mk_homogeneity h;
    mk_homogeneity_test(TS, k, k, &h);
    ck_assert_int_eq(h.dof, 30); /* the reference rows carry dof in `step` */
    ck_close(h.Q, refv("spatial", "Q", -1, -1, -1, 30));
    ck_close(h.LR, refv("spatial", "LR", -1, -1, -1, 30));
    ck_close(h.p_Q, refv("spatial", "p_Q", -1, -1, -1, 30));
    ck_close(h.p_LR, refv("spatial", "p_LR", -1, -1, -1, 30));
    ck_close(h.transitions, (double)((n - 1) * (RD_YEARS - 1)));
    an_csr_free(&w);
    free(cls); free(lcls); free(lag); free(TS);
}
END_TEST

START_TEST(fixed_cutoffs_with_empty_classes_give_absorbing_rows_and_infinite_passages)
{
    size_t n = fx->n, k = 4;
    int *cls = calloc(n * RD_YEARS, sizeof *cls);
    double fixed[3] = {0.2, 0.9, 1.0}, cuts[3], T[16];
    mk_panel_classes(panel, n, RD_YEARS, k, MK_FIXED, fixed, cls, cuts);
    mk_count(cls, NULL, n, RD_YEARS, k, 1, T);
    check_chain("fixed", -1, T, k, cls + (RD_YEARS - 1) * n, n);
    mk_chain c;
    ck_assert_int_eq(mk_chain_analyse(T, k, &c), 0);
    ck_assert(c.empty[2] && c.empty[3] && !c.empty[0] && !c.empty[1]);
    ck_assert(c.absorbing[2] && c.absorbing[3]);
    ck_assert_uint_eq(c.n_closed, 3);
    ck_assert(!c.irreducible && !c.ergodic);
    ck_assert(isinf(c.mfpt[0 * k + 2]) && isinf(c.mfpt[2 * k + 0]));
    mk_chain_free(&c);
    free(cls);
}
END_TEST

/* Kemeny and Snell (1960) p. 218, the Land of Oz: P = [[.5 .25 .25] [.5 0 .5] [.25 .25 .5]]
 * (here as counts ×4): π = (0.4, 0.2, 0.4), M = [[2.5 4 10/3] [8/3 5 8/3] [10/3 4 2.5]]. */
START_TEST(land_of_oz_matches_the_published_steady_state_and_passage_times)
{
    double T[9] = {2, 1, 1, 2, 0, 2, 1, 1, 2};
    double M[9] = {2.5, 4, 10.0 / 3, 8.0 / 3, 5, 8.0 / 3, 10.0 / 3, 4, 2.5};
    mk_chain c;
    ck_assert_int_eq(mk_chain_analyse(T, 3, &c), 0);
    ck_assert(c.irreducible && c.ergodic);
    ck_assert_uint_eq(c.n_closed, 1);
    ck_close(c.steady[0], 0.4);
    ck_close(c.steady[1], 0.2);
    ck_close(c.steady[2], 0.4);
    for (int i = 0; i < 9; i++) ck_close(c.mfpt[i], M[i]);
    mk_chain_free(&c);
}
END_TEST

/* giddy's reducible example P = [[.5 .5 0] [.2 .8 0] [0 0 1]]: two closed classes with
 * (2/7, 5/7, 0) and (0, 0, 1); M = [[3.5 2 inf] [5 1.4 inf] [inf inf 1]]. */
START_TEST(reducible_chain_has_one_steady_state_per_closed_class)
{
    double T[9] = {1, 1, 0, 1, 4, 0, 0, 0, 3};
    mk_chain c;
    ck_assert_int_eq(mk_chain_analyse(T, 3, &c), 0);
    ck_assert(!c.irreducible && !c.ergodic);
    ck_assert_uint_eq(c.n_closed, 2);
    ck_assert_uint_eq(c.n_comm, 2);
    ck_close(c.steady[0], 2.0 / 7.0);
    ck_close(c.steady[1], 5.0 / 7.0);
    ck_close(c.steady[3 + 2], 1.0);
    ck_assert(c.absorbing[2] && !c.absorbing[0]);
    ck_close(c.mfpt[0], 3.5);
    ck_close(c.mfpt[1], 2.0);
    ck_close(c.mfpt[3], 5.0);
    ck_close(c.mfpt[4], 1.4);
    ck_close(c.mfpt[8], 1.0);
    ck_assert(isinf(c.mfpt[2]) && isinf(c.mfpt[5]) && isinf(c.mfpt[6]) && isinf(c.mfpt[7]));
    mk_chain_free(&c);
}
END_TEST

START_TEST(periodic_and_absorbing_chains_are_reported_as_such)
{
    double flip[4] = {0, 3, 3, 0};
    mk_chain c;
    ck_assert_int_eq(mk_chain_analyse(flip, 2, &c), 0);
    ck_assert(c.irreducible && !c.ergodic);
    ck_assert_int_eq(c.period[0], 2);
    ck_close(c.steady[0], 0.5);
    ck_close(c.mfpt[0], 2.0);
    ck_close(c.mfpt[1], 1.0);
    mk_chain_free(&c);
    /* 0 → {0, 1} evenly, 1 absorbing: m_01 = 2, m_10 = inf, m_00 = inf, π = (0, 1) */
    double ab[4] = {1, 1, 0, 2};
    ck_assert_int_eq(mk_chain_analyse(ab, 2, &c), 0);
    ck_assert(!c.closed[0] && c.closed[1] && c.absorbing[1]);
    ck_assert_int_eq(c.period[0], 0);
    ck_assert_uint_eq(c.n_closed, 1);
    ck_close(c.steady[1], 1.0);
    ck_close(c.mfpt[1], 2.0);
    ck_assert(isinf(c.mfpt[0]) && isinf(c.mfpt[2]));
    ck_close(c.mfpt[3], 1.0);
    mk_chain_free(&c);
}
END_TEST

START_TEST(no_transitions_and_identical_values_are_flagged_not_nan_garbage)
{
    double none[9] = {0};
    mk_chain c;
    ck_assert_int_eq(mk_chain_analyse(none, 3, &c), 1);
    for (int i = 0; i < 3; i++) ck_assert(c.empty[i] && c.absorbing[i]);
    ck_assert_uint_eq(c.n_closed, 3);
    mk_chain_free(&c);
    /* zero variance: every cut-off equals the value, every region lands in class 0 */
    double v[20];
    int cls[20];
    double cuts[3], T[16];
    for (int i = 0; i < 20; i++) v[i] = 0.7;
    mk_panel_classes(v, 5, 4, 4, MK_POOLED, NULL, cls, cuts);
    for (int i = 0; i < 20; i++) ck_assert_int_eq(cls[i], 0);
    ck_assert_uint_eq(mk_count(cls, NULL, 5, 4, 4, 1, T), 15);
    ck_assert_int_eq(mk_chain_analyse(T, 4, &c), 0);
    ck_assert(!c.empty[0] && c.empty[1] && c.empty[2] && c.empty[3]);
    ck_close(c.P[0], 1.0);
    for (int i = 0; i < 16; i++) ck_assert(!isnan(c.Pa[i]) && !isnan(c.mfpt[i]));
    mk_homogeneity h;
    mk_homogeneity_test(T, 1, 4, &h);
    ck_assert_int_eq(h.dof, 0);
    ck_assert(isnan(h.p_Q) && isnan(h.p_LR));
    mk_chain_free(&c);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("markov");
    TCase *tc = tcase_create("chain");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, classic_chain_with_pooled_quantiles_matches_numpy);
    tcase_add_test(tc, classic_chain_with_per_year_quantiles_matches_numpy);
    tcase_add_test(tc, spatial_chain_by_lag_class_and_its_homogeneity_tests_match_numpy);
    tcase_add_test(tc, fixed_cutoffs_with_empty_classes_give_absorbing_rows_and_infinite_passages);
    tcase_add_test(tc, land_of_oz_matches_the_published_steady_state_and_passage_times);
    tcase_add_test(tc, reducible_chain_has_one_steady_state_per_closed_class);
    tcase_add_test(tc, periodic_and_absorbing_chains_are_reported_as_such);
    tcase_add_test(tc, no_transitions_and_identical_values_are_flagged_not_nan_garbage);
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
