/* tests/uncertainty/test_uncertainty.c — the uncertainty and sensitivity analysis: the
 * Jansen estimators against analytic Sobol indices (Ishigami, an additive model), whole
 * toy runs (zero noise with one method reproduces the nominal ranks; 1 and 2 threads give
 * identical tables; ranks and intervals are sane), config errors with file:line:col, and
 * Ctrl-C stopping the run cleanly. */
#include <check.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "pipeline/uncertainty.h"
#include "results/table.h"
#include "ua_support.h"
#include "util/cancel.h"

#define CONFIGS REGCOORD_TEST_DATA_DIR "/configs"
#define TOY CONFIGS "/toy_uncertainty.yaml"

/* ---------------- helpers ---------------- */

static int run_block(const char *block, rc_resultset **rs, rc_error *err)
{
    return ua_run(TOY, block, NULL, rs, err);
}

/* ---------------- estimators ---------------- */

static double ishigami(const double *u) /* u in [0,1)^3 mapped to [-π, π) */
{
    const double a = 7.0, b = 0.1;
    double x1 = M_PI * (2 * u[0] - 1), x2 = M_PI * (2 * u[1] - 1), x3 = M_PI * (2 * u[2] - 1);
    return sin(x1) + a * sin(x2) * sin(x2) + b * pow(x3, 4) * sin(x1);
}

/* Analytic indices of the Ishigami function, a = 7, b = 0.1 (Sobol' & Levitan 1999). */
static void ishigami_analytic(double *S, double *ST)
{
    const double a = 7.0, b = 0.1, p4 = pow(M_PI, 4), p8 = pow(M_PI, 8);
    double V1 = 0.5 * pow(1 + b * p4 / 5, 2), V2 = a * a / 8, V13 = b * b * p8 * (1.0 / 18 - 1.0 / 50);
    double V = V1 + V2 + V13;
    S[0] = V1 / V, S[1] = V2 / V, S[2] = 0.0;
    ST[0] = (V1 + V13) / V, ST[1] = V2 / V, ST[2] = V13 / V;
}

/* Jansen indices (with bootstrap intervals) of Ishigami on an N-row design. */
static void ishigami_design(uint64_t seed, size_t n, size_t n_boot, rc_sobol *out)
{
    enum { K = 3 };
    double *y = malloc(n * (K + 2) * sizeof *y);
    ck_assert_ptr_nonnull(y);
    for (size_t j = 0; j < n; j++) {
        for (size_t c = 0; c < K + 2; c++) {
            double x[K];
            rc_saltelli_point(seed, j, c, K, x);
            y[j * (K + 2) + c] = ishigami(x);
        }
    }
    rc_error err;
    ck_assert_int_eq(rc_sobol_jansen(y, n, K, n_boot, seed, out, &err), 0);
    free(y);
}

START_TEST(ishigami_jansen_estimates_converge_to_the_analytic_indices)
{
    double S[3], ST[3];
    ishigami_analytic(S, ST);
    /* the figures */
    ck_assert(fabs(S[0] - 0.3139) < 1e-4 && fabs(S[1] - 0.4424) < 1e-4);
    ck_assert(fabs(ST[0] - 0.5576) < 1e-4 && fabs(ST[2] - 0.2437) < 1e-4);
    rc_sobol out[3];
    ishigami_design(11, 1 << 15, 200, out);
    for (size_t i = 0; i < 3; i++) {
        ck_assert_msg(fabs(out[i].first - S[i]) < 0.02, "S%zu %.4f vs %.4f", i + 1, out[i].first, S[i]);
        ck_assert_msg(fabs(out[i].total - ST[i]) < 0.02, "ST%zu %.4f vs %.4f", i + 1, out[i].total, ST[i]);
        /* the intervals are informative, not the whole line */
        ck_assert(out[i].first_hi - out[i].first_lo < 0.06);
        ck_assert(out[i].total_hi - out[i].total_lo < 0.06);
    }
}
END_TEST

START_TEST(ishigami_analytic_indices_lie_within_the_bootstrap_intervals_95_percent_of_the_time)
{
    /* 40 independent designs × 6 indices: a 95 % interval should hold the analytic value
     * about 228 times in 240; fewer than 204 (85 %) would mean the intervals are too narrow,
     * all 240 with wide intervals would mean they say nothing. */
    double S[3], ST[3];
    ishigami_analytic(S, ST);
    size_t hit = 0, total = 0;
    double width = 0.0;
    for (uint64_t seed = 100; seed < 140; seed++) {
        rc_sobol out[3];
        ishigami_design(seed, 1024, 300, out);
        for (size_t i = 0; i < 3; i++) {
            hit += out[i].first_lo <= S[i] && S[i] <= out[i].first_hi;
            hit += out[i].total_lo <= ST[i] && ST[i] <= out[i].total_hi;
            width += (out[i].first_hi - out[i].first_lo) + (out[i].total_hi - out[i].total_lo);
            total += 2;
        }
    }
    ck_assert_msg(hit * 100 >= total * 85, "coverage %zu of %zu", hit, total);
    ck_assert_msg(width / (double)total < 0.25, "mean width %.3f", width / (double)total);
}
END_TEST

START_TEST(jansen_indices_of_an_additive_model_are_its_variance_shares)
{
    /* y = x1 + 2 x2 (x3 inert): Var = 1/12 + 4/12, S = ST = (1/5, 4/5, 0) */
    enum { K = 3, N = 4096 };
    double *y = malloc(N * (K + 2) * sizeof *y);
    ck_assert_ptr_nonnull(y);
    for (size_t j = 0; j < N; j++)
        for (size_t c = 0; c < K + 2; c++) {
            double x[K];
            rc_saltelli_point(3, j, c, K, x);
            y[j * (K + 2) + c] = x[0] + 2 * x[1];
        }
    rc_sobol out[K];
    rc_error err;
    ck_assert_int_eq(rc_sobol_jansen(y, N, K, 0, 1, out, &err), 0);
    ck_assert(fabs(out[0].first - 0.2) < 0.05 && fabs(out[1].first - 0.8) < 0.05);
    ck_assert(fabs(out[0].total - 0.2) < 0.05 && fabs(out[1].total - 0.8) < 0.05);
    ck_assert(fabs(out[2].first) < 0.05);
    ck_assert(out[2].total == 0.0); /* f(A) = f(A_B^3) exactly */
    ck_assert(isnan(out[0].first_lo)); /* no bootstrap asked */
    free(y);
}
END_TEST

START_TEST(saltelli_points_take_factor_i_from_B_in_column_i_plus_2)
{
    double A[4], B[4], X[4];
    rc_saltelli_point(9, 17, 0, 4, A);
    rc_saltelli_point(9, 17, 1, 4, B);
    for (size_t i = 0; i < 4; i++) {
        ck_assert(A[i] >= 0 && A[i] < 1 && A[i] != B[i]);
        rc_saltelli_point(9, 17, 2 + i, 4, X);
        for (size_t f = 0; f < 4; f++) ck_assert(X[f] == (f == i ? B[f] : A[f]));
    }
    rc_saltelli_point(9, 18, 0, 4, X);
    ck_assert(X[0] != A[0]); /* rows have their own streams */
}
END_TEST

/* ---------------- whole runs ---------------- */

START_TEST(zero_noise_and_one_method_give_the_nominal_rank_in_every_replication)
{
    rc_resultset *rs = NULL;
    rc_error err;
    int rc = run_block("analysis:\n  uncertainty: {runs: 300, seed: 7, weights: {noise: 0}, "
                       "aggregate: [arithmetic], years: all, threads: 2}\n", &rs, &err);
    ck_assert_msg(rc == 0, "run failed: %s", err.msg);
    const struct rc_table *u = rc_table_get(rs, "uncertainty"), *x = rc_table_get(rs, "index");
    ck_assert_ptr_nonnull(u);
    ck_assert_ptr_nonnull(x);
    ck_assert_uint_eq(u->nrows, 12 * 3);
    ck_assert_uint_eq(x->nrows, u->nrows);
    for (size_t r = 0; r < u->nrows; r++) {
        double nom = ua_num(u, r, "nominal_rank");
        /* same row order as the index table: year by year, regions in panel order */
        ck_assert_str_eq(rc_table_str(u, r, 0), rc_table_str(x, r, 0));
        ck_assert_int_eq((long)ua_num(u, r, "year"), (long)ua_num(x, r, "year"));
        ck_assert_int_eq((long)nom, (long)ua_num(x, r, "rank"));
        ck_assert(ua_num(u, r, "mean_rank") == nom);
        ck_assert(ua_num(u, r, "median_rank") == nom);
        ck_assert(ua_num(u, r, "p05_rank") == nom);
        ck_assert(ua_num(u, r, "p95_rank") == nom);
    }
    ck_assert_ptr_null(rc_table_get(rs, "sensitivity")); /* not asked for */
    rc_resultset_free(rs);
}
END_TEST

#define VARIED(threads, seed)                                                                  \
    "analysis:\n  uncertainty:\n    runs: 500\n    seed: " seed "\n    threads: " threads      \
    "\n    weights: {noise: 0.25}\n    aggregate: [arithmetic, geometric]\n"                     \
    "    normalize: [{method: minmax, range: [1, 100]}, {method: minmax, range: [10, 100]}]\n" \
    "    impute: [mean, median]\n    exclude_indicators: true\n"                               \
    "    sensitivity: {samples: 150, bootstrap: 200}\n"

START_TEST(same_seed_gives_identical_tables_with_one_and_two_threads)
{
    rc_resultset *r1 = NULL, *r2 = NULL, *r3 = NULL;
    rc_error err;
    ck_assert_msg(run_block(VARIED("1", "42"), &r1, &err) == 0, "%s", err.msg);
    ck_assert_msg(run_block(VARIED("2", "42"), &r2, &err) == 0, "%s", err.msg);
    ua_assert_tables_identical(rc_table_get(r1, "uncertainty"), rc_table_get(r2, "uncertainty"));
    ua_assert_tables_identical(rc_table_get(r1, "sensitivity"), rc_table_get(r2, "sensitivity"));
    /* and the seed matters */
    ck_assert_msg(run_block(VARIED("2", "43"), &r3, &err) == 0, "%s", err.msg);
    const struct rc_table *a = rc_table_get(r1, "uncertainty"), *c = rc_table_get(r3, "uncertainty");
    int differ = 0;
    for (size_t r = 0; r < a->nrows; r++) differ |= ua_num(a, r, "mean_rank") != ua_num(c, r, "mean_rank");
    ck_assert(differ);
    rc_resultset_free(r1);
    rc_resultset_free(r2);
    rc_resultset_free(r3);
}
END_TEST

START_TEST(toy_run_gives_ranks_within_one_to_n_and_ordered_intervals)
{
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_block(VARIED("2", "5"), &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *u = rc_table_get(rs, "uncertainty");
    ck_assert_ptr_nonnull(u);
    ck_assert_uint_eq(u->nrows, 12); /* the last year only, by default */
    int spread = 0;
    for (size_t r = 0; r < u->nrows; r++) {
        ck_assert_int_eq((long)ua_num(u, r, "year"), 2022);
        double nom = ua_num(u, r, "nominal_rank"), mean = ua_num(u, r, "mean_rank");
        double med = ua_num(u, r, "median_rank"), lo = ua_num(u, r, "p05_rank"), hi = ua_num(u, r, "p95_rank");
        ck_assert(nom >= 1 && nom <= 12);
        ck_assert(mean >= 1 && mean <= 12);
        ck_assert(lo >= 1 && hi <= 12);
        ck_assert_msg(lo <= med && med <= hi, "row %zu: %g %g %g", r, lo, med, hi);
        spread |= lo < hi;
    }
    ck_assert(spread); /* the inputs do move the ranks */
    const struct rc_table *s = rc_table_get(rs, "sensitivity");
    ck_assert_ptr_nonnull(s);
    const char *inputs[] = {"weights", "normalisation", "aggregation", "imputation",
                            "excluded_indicator"};
    ck_assert_uint_eq(s->nrows, 5);
    for (size_t r = 0; r < s->nrows; r++) {
        ck_assert_str_eq(rc_table_str(s, r, 0), inputs[r]);
        ck_assert(ua_num(s, r, "total") >= 0.0);
        ck_assert(ua_num(s, r, "first_order_ci_low") <= ua_num(s, r, "first_order_ci_high"));
        ck_assert(ua_num(s, r, "total_ci_low") <= ua_num(s, r, "total_ci_high"));
    }
    rc_resultset_free(rs);
}
END_TEST

START_TEST(leaving_indicators_out_changes_ranks_only_through_the_left_out_indicator)
{
    /* With only `exclude_indicators`, a replication either equals the nominal run or
     * drops one of I1, I2, I4, I5 (DAT and INS have a single indicator, which is kept).
     * Equal index weights over four dimensions: dropping I1 leaves INF = I2's score. */
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(run_block("analysis:\n  uncertainty: {runs: 400, exclude_indicators: true, "
                            "sensitivity: {samples: 50, bootstrap: 0}}\n", &rs, &err) == 0,
                  "%s", err.msg);
    const struct rc_table *u = rc_table_get(rs, "uncertainty"), *s = rc_table_get(rs, "sensitivity");
    ck_assert_ptr_nonnull(u);
    ck_assert_uint_eq(s->nrows, 1);
    ck_assert_str_eq(rc_table_str(s, 0, 0), "excluded_indicator");
    /* the one factor explains everything: S = ST = 1 (up to sampling of V) */
    ck_assert(isnan(ua_num(s, 0, "first_order_ci_low")));
    ck_assert(fabs(ua_num(s, 0, "total") - 1.0) < 0.35);
    int moved = 0;
    for (size_t r = 0; r < u->nrows; r++) {
        /* a fifth of the replications are nominal (5 equally likely outcomes): the median
         * cannot stray further than the outcomes allow, and p05..p95 covers the nominal */
        double nom = ua_num(u, r, "nominal_rank");
        ck_assert(ua_num(u, r, "p05_rank") <= nom && nom <= ua_num(u, r, "p95_rank"));
        moved |= ua_num(u, r, "p05_rank") != ua_num(u, r, "p95_rank");
    }
    ck_assert(moved);
    rc_resultset_free(rs);
}
END_TEST

START_TEST(a_failing_replication_is_named_and_fails_the_run_whatever_the_threads)
{
    /* minmax onto [0, 1] gives zeros, which geometric aggregation refuses: every
     * replication fails, and the first one is reported with 1 and with 2 threads */
    const char *fmt = "analysis:\n  uncertainty: {runs: 50, threads: %d, normalize: [minmax], "
                      "aggregate: [geometric]}\n";
    char block[256], first[RC_ERROR_MSG_MAX];
    for (int th = 1; th <= 2; th++) {
        snprintf(block, sizeof block, fmt, th);
        rc_resultset *rs = NULL;
        rc_error err;
        ck_assert_int_ne(run_block(block, &rs, &err), 0);
        ck_assert_ptr_null(rs);
        ck_assert_int_eq(err.kind, RC_ERRK_DATA);
        ck_assert_msg(strstr(err.msg, "analysis.uncertainty, replication 1: ") == err.msg, "%s",
                      err.msg);
        if (th == 1) snprintf(first, sizeof first, "%s", err.msg);
        else ck_assert_str_eq(err.msg, first);
    }
}
END_TEST

/* ---------------- config errors ---------------- */

static void expect_config_error(const char *block, long line_offset, const char *col,
                                const char *needle)
{
    ua_expect_config_error(TOY, block, line_offset, col, needle);
}

START_TEST(unknown_key_is_a_config_error_at_its_position)
{
    expect_config_error("analysis:\n  uncertainty:\n    runz: 10\n", 3, "5", "runs");
    expect_config_error("analysis:\n  uncertainty:\n    sensitivity: {sample: 10}\n", 3, "", "samples");
}
END_TEST

START_TEST(runs_of_zero_or_less_is_a_config_error_at_its_position)
{
    expect_config_error("analysis:\n  uncertainty:\n    runs: 0\n", 3, "11", "runs");
    expect_config_error("analysis:\n  uncertainty:\n    runs: -5\n", 3, "11", "runs");
}
END_TEST

START_TEST(bad_noise_and_unknown_methods_are_config_errors)
{
    expect_config_error("analysis:\n  uncertainty:\n    weights: {noise: 1.5}\n", 3, "", "noise");
    expect_config_error("analysis:\n  uncertainty:\n    aggregate: [arithmetic, geometrik]\n", 3, "",
                        "geometric");
    expect_config_error("analysis:\n  uncertainty:\n    years: some\n", 3, "12", "last");
}
END_TEST

/* ---------------- Ctrl-C ---------------- */

static atomic_int g_test_sigints;
static atomic_int g_stop_sender;

/* Like the CLI's handler (cli/signals.c): hands the signal to util/cancel. */
static void test_handler(int sig)
{
    atomic_fetch_add(&g_test_sigints, 1);
    rc_cancel_signal(sig);
}

static void *sender(void *arg)
{
    (void)arg;
    while (!atomic_load(&g_stop_sender)) {
        struct timespec ts = {0, 20000000L};
        nanosleep(&ts, NULL);
        kill(getpid(), SIGINT);
    }
    return NULL;
}

/* Inside a hold (so the stop is not acted on at once, as when the CLI's handler would end
 * the process), a pending SIGINT stops the replications at the next item and fails the run;
 * the analysis installs no handler of its own. */
START_TEST(sigint_stops_the_replications_fails_the_run_and_installs_no_handler)
{
    rc_cancel_reset();
    rc_cancel_hold();
    struct sigaction sa, cur;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = test_handler;
    sigemptyset(&sa.sa_mask);
    ck_assert_int_eq(sigaction(SIGINT, &sa, NULL), 0);
    atomic_store(&g_stop_sender, 0);
    pthread_t th;
    ck_assert_int_eq(pthread_create(&th, NULL, sender, NULL), 0);
    rc_resultset *rs = NULL;
    rc_error err;
    int rc = run_block("analysis:\n  uncertainty: {runs: 5000000, weights: {noise: 0.2}}\n", &rs,
                       &err);
    atomic_store(&g_stop_sender, 1);
    pthread_join(th, NULL);
    ck_assert_int_ne(rc, 0);
    ck_assert_ptr_null(rs);
    ck_assert_int_eq(err.kind, RC_ERRK_OTHER); /* exit code 1 */
    ck_assert_msg(strstr(err.msg, "interrupted") != NULL, "%s", err.msg);
    ck_assert_int_eq(sigaction(SIGINT, NULL, &cur), 0);
    ck_assert(cur.sa_handler == test_handler);
    ck_assert_int_eq(rc_cancel_pending(), SIGINT);
    signal(SIGINT, SIG_DFL);
    rc_cancel_reset();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("uncertainty");
    TCase *est = tcase_create("estimators");
    tcase_add_test(est, ishigami_jansen_estimates_converge_to_the_analytic_indices);
    tcase_add_test(est, ishigami_analytic_indices_lie_within_the_bootstrap_intervals_95_percent_of_the_time);
    tcase_add_test(est, jansen_indices_of_an_additive_model_are_its_variance_shares);
    tcase_add_test(est, saltelli_points_take_factor_i_from_B_in_column_i_plus_2);
    suite_add_tcase(s, est);
    TCase *runs = tcase_create("runs");
    tcase_set_timeout(runs, 120);
    tcase_add_test(runs, zero_noise_and_one_method_give_the_nominal_rank_in_every_replication);
    tcase_add_test(runs, same_seed_gives_identical_tables_with_one_and_two_threads);
    tcase_add_test(runs, toy_run_gives_ranks_within_one_to_n_and_ordered_intervals);
    tcase_add_test(runs, leaving_indicators_out_changes_ranks_only_through_the_left_out_indicator);
    tcase_add_test(runs, a_failing_replication_is_named_and_fails_the_run_whatever_the_threads);
    tcase_add_test(runs, sigint_stops_the_replications_fails_the_run_and_installs_no_handler);
    suite_add_tcase(s, runs);
    TCase *cfg = tcase_create("config");
    tcase_add_test(cfg, unknown_key_is_a_config_error_at_its_position);
    tcase_add_test(cfg, runs_of_zero_or_less_is_a_config_error_at_its_position);
    tcase_add_test(cfg, bad_noise_and_unknown_methods_are_config_errors);
    suite_add_tcase(s, cfg);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
