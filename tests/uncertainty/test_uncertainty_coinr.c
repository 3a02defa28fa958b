/* tests/uncertainty/test_uncertainty_coinr.c — the inputs that give parity with COINr's
 * uncertainty analysis: weight noise chosen per level, z-scores with a scale (10 + 2z), the
 * winsorisation limit as an input, the table of each replication's inputs, the warning for a
 * step the nominal run lacks; and the comparison with COINr's own output for its documented
 * example (coinr/coinr_ua_rankstats.csv and coinr_sa_indices.csv, from coinr/extract_coinr_*.R):
 * the nominal index of the example coin, the rank statistics within Monte Carlo error, and
 * the sensitivity indices within their bootstrap intervals. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/table.h"
#include "ua_support.h"

#define TOY UA_CONFIGS "/toy_uncertainty.yaml"
#define ASEM UA_CONFIGS "/asem_coinr_example.yaml"
#define COINR_CSV REGCOORD_TEST_DATA_DIR "/coinr/coinr_ua_rankstats.csv"

/* ---------------- toy: the new inputs ---------------- */

START_TEST(noise_on_the_dimension_level_only_perturbs_only_the_dimension_weights)
{
    rc_resultset *rs = NULL;
    rc_error err;
    int rc = ua_run(TOY, "analysis:\n  uncertainty: {runs: 50, seed: 3, runs_table: true, "
                         "weights: {noise: {dimensions: 0.3}}}\n", NULL, &rs, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    const struct rc_table *w = rc_table_get(rs, "uncertainty_run_weights");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->nrows, 50 * 4); /* 4 dimensions per run, no indicator weights */
    for (size_t r = 0; r < w->nrows; r += 4) {
        double sum = 0.0;
        for (size_t j = 0; j < 4; j++) {
            ck_assert_str_eq(rc_table_str(w, r + j, (size_t)rc_table_col(w, "level")), "dimensions");
            ck_assert_str_eq(rc_table_str(w, r + j, (size_t)rc_table_col(w, "parent")), "index");
            double f = ua_num(w, r + j, "factor");
            ck_assert(f >= 0.7 && f <= 1.3);
            sum += ua_num(w, r + j, "weight");
        }
        ck_assert_double_eq_tol(sum, 1.0, 1e-12);
    }
    ck_assert_uint_eq(rc_table_get(rs, "uncertainty_runs")->nrows, 50);
    rc_resultset_free(rs);
}
END_TEST

START_TEST(one_noise_for_every_level_equals_the_plain_noise_bit_for_bit)
{
    rc_resultset *a = NULL, *b = NULL, *c = NULL;
    rc_error err;
    ck_assert_msg(ua_run(TOY, "analysis:\n  uncertainty: {runs: 200, weights: {noise: 0.2}}\n",
                         NULL, &a, &err) == 0, "%s", err.msg);
    ck_assert_msg(ua_run(TOY, "analysis:\n  uncertainty: {runs: 200, weights: {noise: "
                              "{indicators: 0.2, components: 0.2, dimensions: 0.2}}}\n",
                         NULL, &b, &err) == 0, "%s", err.msg);
    ck_assert_msg(ua_run(TOY, "analysis:\n  uncertainty: {runs: 200, weights: {noise: 0.2, "
                              "levels: [dimensions]}}\n", NULL, &c, &err) == 0, "%s", err.msg);
    ua_assert_tables_identical(rc_table_get(a, "uncertainty"), rc_table_get(b, "uncertainty"));
    /* restricting the levels changes the result */
    const struct rc_table *ta = rc_table_get(a, "uncertainty"), *tc = rc_table_get(c, "uncertainty");
    int differ = 0;
    for (size_t r = 0; r < ta->nrows; r++) differ |= ua_num(ta, r, "mean_rank") != ua_num(tc, r, "mean_rank");
    ck_assert(differ);
    rc_resultset_free(a);
    rc_resultset_free(b);
    rc_resultset_free(c);
}
END_TEST

START_TEST(runs_table_lists_each_replication_and_arithmetic_runs_shift_nothing)
{
    /* aggregation drawn from {arithmetic, geometric}: the arithmetic draws are the nominal
     * run exactly (zero mean shift), the geometric ones are what moves */
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(ua_run(TOY, "analysis:\n  uncertainty: {runs: 120, seed: 9, runs_table: true, "
                              "aggregate: [arithmetic, geometric]}\n", NULL, &rs, &err) == 0,
                  "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "uncertainty_runs");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nrows, 120);
    ck_assert_ptr_null(rc_table_get(rs, "uncertainty_run_weights")); /* no weight noise */
    size_t n_ar = 0, n_geo = 0;
    size_t ca = (size_t)rc_table_col(t, "aggregation");
    for (size_t r = 0; r < t->nrows; r++) {
        ck_assert_int_eq((long)ua_num(t, r, "run"), (long)r + 1);
        const char *a = rc_table_str(t, r, ca);
        if (strcmp(a, "arithmetic") == 0) {
            n_ar++;
            ck_assert(ua_num(t, r, "mean_abs_rank_shift") == 0.0);
        } else {
            ck_assert_str_eq(a, "geometric");
            n_geo++;
        }
    }
    ck_assert(n_ar > 30 && n_geo > 30);
    rc_resultset_free(rs);
}
END_TEST

START_TEST(zscore_scale_two_shift_ten_scores_ten_plus_twice_the_z_score)
{
    /* one candidate, zscore 10 + 2z, arithmetic means: ranks equal those of plain z-scores,
     * and the table labels the candidate */
    rc_resultset *a = NULL, *b = NULL;
    rc_error err;
    ck_assert_msg(ua_run(TOY, "analysis:\n  uncertainty: {runs: 5, runs_table: true, normalize: "
                              "[{method: zscore, scale: 2, shift: 10}]}\n", NULL, &a, &err) == 0,
                  "%s", err.msg);
    ck_assert_msg(ua_run(TOY, "analysis:\n  uncertainty: {runs: 5, normalize: [zscore]}\n",
                         NULL, &b, &err) == 0, "%s", err.msg);
    ua_assert_tables_identical(rc_table_get(a, "uncertainty"), rc_table_get(b, "uncertainty"));
    const struct rc_table *t = rc_table_get(a, "uncertainty_runs");
    ck_assert_str_eq(rc_table_str(t, 0, (size_t)rc_table_col(t, "normalisation")), "zscore 10 + 2z");
    rc_resultset_free(a);
    rc_resultset_free(b);
}
END_TEST

START_TEST(a_treatment_list_when_the_nominal_run_treats_nothing_is_warned)
{
    rc_resultset *rs = NULL;
    rc_error err;
    char *buf = NULL;
    size_t len = 0;
    FILE *log = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(log);
    int rc = ua_run(TOY, "analysis:\n  uncertainty: {runs: 20, treat: [1, 5], impute: [mean]}\n",
                    log, &rs, &err);
    fclose(log);
    ck_assert_msg(rc == 0, "%s", err.msg);
    ck_assert_msg(strstr(buf, "warning: analysis.uncertainty.treat varies outlier treatment, but "
                              "6 of 6 indicators have no treatment") != NULL, "%s", buf);
    ck_assert_msg(strstr(buf, "warning: analysis.uncertainty.impute varies imputation, but 6 of 6")
                  != NULL, "%s", buf);
    free(buf);
    rc_resultset_free(rs);
}
END_TEST

START_TEST(the_nominal_treatment_limit_as_the_only_candidate_reproduces_the_nominal_ranks)
{
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(ua_run(ASEM, "analysis:\n  uncertainty: {runs: 10, treat: [5]}\n", NULL, &rs,
                         &err) == 0, "%s", err.msg);
    const struct rc_table *u = rc_table_get(rs, "uncertainty");
    ck_assert_uint_eq(u->nrows, 51);
    for (size_t r = 0; r < u->nrows; r++)
        ck_assert(ua_num(u, r, "mean_rank") == ua_num(u, r, "nominal_rank") &&
                  ua_num(u, r, "p05_rank") == ua_num(u, r, "p95_rank"));
    rc_resultset_free(rs);
}
END_TEST

START_TEST(bad_levels_and_treatment_limits_are_config_errors_at_their_position)
{
    ua_expect_config_error(TOY, "analysis:\n  uncertainty:\n    weights: {noise: {pillars: 0.2}}\n",
                           3, "", "unknown level 'pillars'");
    ua_expect_config_error(TOY, "analysis:\n  uncertainty:\n    weights: {noise: 0.2, levels: "
                                "[dimension]}\n", 3, "", "did you mean 'dimensions'");
    ua_expect_config_error(TOY, "analysis:\n  uncertainty:\n    treat: [1, -2]\n", 3, "",
                           "winsorisation limit");
    ua_expect_config_error(TOY, "analysis:\n  uncertainty:\n    normalize: [{method: zscore, "
                                "scale: 0}]\n", 3, "", "'scale' must be a number > 0");
    ua_expect_config_error(TOY, "analysis:\n  uncertainty:\n    weights: {noise: {dimensions: "
                                "0.2}, levels: [dimensions]}\n", 3, "", "not both");
}
END_TEST

/* ---------------- COINr's documented example ---------------- */

typedef struct coinr_row {
    char region[8];
    double score, nominal, mean, median, p05, p95, sd;
    int runs;
} coinr_row;

static size_t read_coinr(coinr_row *rows, size_t cap)
{
    FILE *f = fopen(COINR_CSV, "r");
    ck_assert_ptr_nonnull(f);
    char line[512];
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f)); /* header */
    size_t n = 0;
    while (n < cap && fgets(line, sizeof line, f)) {
        coinr_row *c = &rows[n];
        int got = sscanf(line, "%7[^,],%lf,%lf,%lf,%lf,%lf,%lf,%lf,%d", c->region, &c->score,
                         &c->nominal, &c->mean, &c->median, &c->p05, &c->p95, &c->sd, &c->runs);
        ck_assert_int_eq(got, 9);
        n++;
    }
    fclose(f);
    return n;
}

/* The first row whose first column is `key`, or -1. */
static long row_of(const struct rc_table *t, const char *key)
{
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(rc_table_str(t, r, 0), key) == 0) return (long)r;
    return -1;
}

/* COINr's sensitivity vignette, in regcoord's keys. */
#define COINR_SPEC(runs, seed)                                                               \
    "analysis:\n  uncertainty:\n    runs: " runs "\n    seed: " seed "\n"                     \
    "    treat: [1, 2, 3, 4, 5]\n"                                                            \
    "    normalize: [{method: minmax, range: [1, 100]}, {method: zscore, scale: 2, shift: 10}]\n" \
    "    weights: {noise: 0.25, levels: [components, dimensions]}\n"                          \
    "    aggregate: [arithmetic, geometric]\n"

START_TEST(nominal_index_of_the_coinr_example_coin_equals_coinr_nominal_scores)
{
    coinr_row c[64];
    size_t n = read_coinr(c, 64);
    ck_assert_uint_eq(n, 51);
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(ua_run(ASEM, "", NULL, &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *x = rc_table_get(rs, "index");
    ck_assert_uint_eq(x->nrows, 51);
    size_t checked = 0;
    for (size_t i = 0; i < n; i++) {
        long r = row_of(x, c[i].region);
        ck_assert_int_ge(r, 0);
        double v = ua_num(x, (size_t)r, "index");
        ck_assert_msg(fabs(v - c[i].score) <= 1e-9 * fabs(c[i].score), "%s: %.15g vs COINr %.15g",
                      c[i].region, v, c[i].score);
        ck_assert_int_eq((long)ua_num(x, (size_t)r, "rank"), (long)c[i].nominal);
        checked++;
    }
    ck_assert_uint_eq(checked, 51);
    rc_resultset_free(rs);
}
END_TEST

START_TEST(mean_ranks_agree_with_coinr_within_monte_carlo_error)
{
    /* COINr's mean rank of each country is the mean of 100 replications: its Monte Carlo
     * standard error is sd/√100. Ours (10,000 replications) must lie within 4 standard errors
     * of it for every country, and the 51 squared z-scores sum below the 99.9 % point of χ²(51)
     * (86.66). Countries whose rank never moved in COINr's 100 runs (sd 0) use our sd. */
    coinr_row c[64];
    size_t n = read_coinr(c, 64);
    ck_assert_uint_eq(n, 51);
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(ua_run(ASEM, COINR_SPEC("10000", "1") "    threads: 2\n", NULL, &rs, &err) == 0,
                  "%s", err.msg);
    const struct rc_table *u = rc_table_get(rs, "uncertainty");
    ck_assert_uint_eq(u->nrows, 51);
    double chi2 = 0.0;
    size_t checked = 0;
    for (size_t i = 0; i < n; i++) {
        long r = row_of(u, c[i].region);
        ck_assert_int_ge(r, 0);
        ck_assert_int_eq((long)ua_num(u, (size_t)r, "nominal_rank"), (long)c[i].nominal);
        double ours = ua_num(u, (size_t)r, "mean_rank");
        double sd = c[i].sd > 0 ? c[i].sd : 0.5; /* 0.5: a rank that moves once in 100 runs */
        double z = (ours - c[i].mean) / (sd / sqrt((double)c[i].runs));
        ck_assert_msg(fabs(z) < 4.0, "%s: mean rank %.3f vs COINr %.3f (z = %.2f)", c[i].region,
                      ours, c[i].mean, z);
        chi2 += z * z;
        checked++;
    }
    ck_assert_uint_eq(checked, 51);
    ck_assert_msg(chi2 < 86.66, "sum of z^2 = %.1f over 51 countries", chi2);
    rc_resultset_free(rs);
}
END_TEST

START_TEST(coinr_interval_width_lies_within_the_spread_of_100_run_analyses)
{
    /* COINr's average 5–95 % interval width (over 51 countries) comes from one 100-run
     * analysis. 30 of ours with 100 runs each (seeds 1–30) give the spread of that statistic;
     * COINr's value must lie within 3 of its standard deviations of our mean. */
    coinr_row c[64];
    size_t n = read_coinr(c, 64);
    ck_assert_uint_eq(n, 51);
    double w_coinr = 0.0;
    for (size_t i = 0; i < n; i++) w_coinr += (c[i].p95 - c[i].p05) / (double)n;
    enum { SEEDS = 30 };
    double w[SEEDS], mean = 0.0, var = 0.0;
    for (int s = 0; s < SEEDS; s++) {
        char block[1024], seed[16];
        snprintf(seed, sizeof seed, "%d", s + 1);
        snprintf(block, sizeof block,
                 "analysis:\n  uncertainty:\n    runs: 100\n    seed: %s\n    threads: 1\n"
                 "    treat: [1, 2, 3, 4, 5]\n"
                 "    normalize: [{method: minmax, range: [1, 100]}, {method: zscore, scale: 2, "
                 "shift: 10}]\n    weights: {noise: 0.25, levels: [components, dimensions]}\n"
                 "    aggregate: [arithmetic, geometric]\n", seed);
        rc_resultset *rs = NULL;
        rc_error err;
        ck_assert_msg(ua_run(ASEM, block, NULL, &rs, &err) == 0, "%s", err.msg);
        const struct rc_table *u = rc_table_get(rs, "uncertainty");
        ck_assert_uint_eq(u->nrows, 51);
        w[s] = 0.0;
        for (size_t r = 0; r < u->nrows; r++)
            w[s] += (ua_num(u, r, "p95_rank") - ua_num(u, r, "p05_rank")) / 51.0;
        mean += w[s] / SEEDS;
        rc_resultset_free(rs);
    }
    for (int s = 0; s < SEEDS; s++) var += (w[s] - mean) * (w[s] - mean) / (SEEDS - 1);
    double sd = sqrt(var);
    ck_assert(sd > 0.0);
    ck_assert_msg(fabs(w_coinr - mean) < 3.0 * sd,
                  "COINr width %.3f, ours %.3f ± %.3f (30 analyses of 100 runs)", w_coinr, mean, sd);
}
END_TEST

START_TEST(sensitivity_indices_agree_with_coinr_and_rank_the_inputs_alike)
{
    /* COINr's vignette SA (N = 100, 600 runs, 90 % bootstrap intervals) against ours
     * (N = 1,000, 95 % intervals): every first-order and total index's interval overlaps
     * COINr's, and the total indices order the four inputs as COINr's do. */
    FILE *f = fopen(REGCOORD_TEST_DATA_DIR "/coinr/coinr_sa_indices.csv", "r");
    ck_assert_ptr_nonnull(f);
    char line[512], name[32];
    double c[6][4];
    char names[4][32];
    size_t n = 0;
    ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
    while (n < 4 && fgets(line, sizeof line, f)) {
        ck_assert_int_eq(sscanf(line, "%31[^,],%lf,%lf,%lf,%lf,%lf,%lf", name, &c[0][n], &c[1][n],
                                &c[2][n], &c[3][n], &c[4][n], &c[5][n]), 7);
        snprintf(names[n], sizeof names[n], "%s", name);
        n++;
    }
    fclose(f);
    ck_assert_uint_eq(n, 4);
    rc_resultset *rs = NULL;
    rc_error err;
    ck_assert_msg(ua_run(ASEM, COINR_SPEC("10", "1") "    sensitivity: {samples: 1000, bootstrap: 200}\n",
                         NULL, &rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "sensitivity");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nrows, 4);
    double ours_total[4];
    for (size_t i = 0; i < n; i++) {
        long r = row_of(t, names[i]);
        ck_assert_msg(r >= 0, "no row %s", names[i]);
        double flo = ua_num(t, (size_t)r, "first_order_ci_low"), fhi = ua_num(t, (size_t)r, "first_order_ci_high");
        double tlo = ua_num(t, (size_t)r, "total_ci_low"), thi = ua_num(t, (size_t)r, "total_ci_high");
        ck_assert_msg(flo <= c[3][i] && fhi >= c[2][i], "%s first order [%g, %g] vs COINr [%g, %g]",
                      names[i], flo, fhi, c[2][i], c[3][i]);
        ck_assert_msg(tlo <= c[5][i] && thi >= c[4][i], "%s total [%g, %g] vs COINr [%g, %g]",
                      names[i], tlo, thi, c[4][i], c[5][i]);
        ours_total[i] = ua_num(t, (size_t)r, "total");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (c[1][i] < c[1][j]) ck_assert_msg(ours_total[i] < ours_total[j], "%s vs %s", names[i], names[j]);
    rc_resultset_free(rs);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("uncertainty_coinr");
    TCase *in = tcase_create("inputs");
    tcase_set_timeout(in, 120);
    tcase_add_test(in, noise_on_the_dimension_level_only_perturbs_only_the_dimension_weights);
    tcase_add_test(in, one_noise_for_every_level_equals_the_plain_noise_bit_for_bit);
    tcase_add_test(in, runs_table_lists_each_replication_and_arithmetic_runs_shift_nothing);
    tcase_add_test(in, zscore_scale_two_shift_ten_scores_ten_plus_twice_the_z_score);
    tcase_add_test(in, a_treatment_list_when_the_nominal_run_treats_nothing_is_warned);
    tcase_add_test(in, the_nominal_treatment_limit_as_the_only_candidate_reproduces_the_nominal_ranks);
    tcase_add_test(in, bad_levels_and_treatment_limits_are_config_errors_at_their_position);
    suite_add_tcase(s, in);
    TCase *co = tcase_create("coinr");
    tcase_set_timeout(co, 300);
    tcase_add_test(co, nominal_index_of_the_coinr_example_coin_equals_coinr_nominal_scores);
    tcase_add_test(co, mean_ranks_agree_with_coinr_within_monte_carlo_error);
    tcase_add_test(co, coinr_interval_width_lies_within_the_spread_of_100_run_analyses);
    tcase_add_test(co, sensitivity_indices_agree_with_coinr_and_rank_the_inputs_alike);
    suite_add_tcase(s, co);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
