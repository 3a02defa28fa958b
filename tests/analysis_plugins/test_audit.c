/* tests/analysis_plugins/test_audit.c — the audit kernels (plugins/analyses/audit) against
 * reference/audit_reference.R's outputs (base R and psych on the ASEM panel's raw indicators,
 * grouped by pillar, and on the toy panel's 2022 cross-section) to 1e-9, every row of
 * reference/audit_ref.csv; plus the edge cases (too few values, constant columns, singular
 * matrices) and hand-checked flags and rank shifts. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/analyses/audit/audit_kernel.h"
#include "refdata.h"

/* The inputs the reference used: per (dataset, group, item) the x column and the group's y. */
typedef struct item {
    char ds[16], group[32], id[32];
    double *x, *y;
    size_t n;
} item;

typedef struct inputs {
    item *it;
    size_t n;
} inputs;

static inputs *load_inputs(void)
{
    rd_csv *c = rd_csv_read(RD_REF "audit_ratio_inputs.csv");
    size_t cd = rd_col(c, "dataset"), cg = rd_col(c, "group"), ci = rd_col(c, "item");
    size_t cr = rd_col(c, "row"), cx = rd_col(c, "x"), cy = rd_col(c, "y");
    inputs *in = calloc(1, sizeof *in);
    ck_assert_ptr_nonnull(in);
    in->it = calloc(c->nrows, sizeof *in->it);
    ck_assert_ptr_nonnull(in->it);
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        if (strcmp(row[cr], "1") == 0) {
            item *t = &in->it[in->n++];
            snprintf(t->ds, sizeof t->ds, "%s", row[cd]);
            snprintf(t->group, sizeof t->group, "%s", row[cg]);
            snprintf(t->id, sizeof t->id, "%s", row[ci]);
            t->x = calloc(c->nrows, sizeof *t->x);
            t->y = calloc(c->nrows, sizeof *t->y);
            ck_assert(t->x && t->y);
        }
        item *t = &in->it[in->n - 1];
        t->x[t->n] = rd_num(row[cx]);
        t->y[t->n] = rd_num(row[cy]);
        t->n++;
    }
    rd_csv_free(c);
    return in;
}

static void free_inputs(inputs *in)
{
    for (size_t i = 0; i < in->n; i++) free(in->it[i].x), free(in->it[i].y);
    free(in->it);
    free(in);
}

static const item *find_item(const inputs *in, const char *ds, const char *group, const char *id)
{
    for (size_t i = 0; i < in->n; i++)
        if (!strcmp(in->it[i].ds, ds) && (!*group || !strcmp(in->it[i].group, group)) &&
            !strcmp(in->it[i].id, id))
            return &in->it[i];
    ck_abort_msg("no input %s/%s/%s", ds, group, id);
    return NULL;
}

/* The group's items as a column-major matrix (caller frees). */
static double *group_matrix(const inputs *in, const char *ds, const char *group, size_t *n,
                            size_t *p, const item **first)
{
    *p = 0;
    *first = NULL;
    for (size_t i = 0; i < in->n; i++)
        if (!strcmp(in->it[i].ds, ds) && !strcmp(in->it[i].group, group)) {
            if (!*first) *first = &in->it[i];
            (*p)++;
        }
    ck_assert_uint_gt(*p, 0);
    *n = (*first)->n;
    double *X = malloc(*n * *p * sizeof *X);
    ck_assert_ptr_nonnull(X);
    for (size_t j = 0; j < *p; j++) memcpy(X + j * *n, (*first)[j].x, *n * sizeof *X);
    return X;
}

static size_t index_in_group(const item *first, size_t p, const char *id)
{
    for (size_t j = 0; j < p; j++)
        if (!strcmp(first[j].id, id)) return j;
    ck_abort_msg("item %s not in its group", id);
    return 0;
}

/* One reference value recomputed by the kernels. */
static double compute(const inputs *in, const char *ds, const char *group, const char *id,
                      const char *stat)
{
    double work[4096];
    size_t iwork[2048];
    if (!*group) {
        const item *t = find_item(in, ds, "", id);
        au_limits lim;
        au_limits_default(&lim);
        au_stats s;
        au_stats_compute(t->x, t->n, &lim, &s, work);
        if (!strcmp(stat, "n")) return (double)s.n;
        if (!strcmp(stat, "min")) return s.min;
        if (!strcmp(stat, "max")) return s.max;
        if (!strcmp(stat, "mean")) return s.mean;
        if (!strcmp(stat, "median")) return s.median;
        if (!strcmp(stat, "sd")) return s.sd;
        if (!strcmp(stat, "skew")) return s.skew;
        if (!strcmp(stat, "kurt")) return s.kurt;
        if (!strcmp(stat, "zeros")) return (double)s.zeros;
        if (!strcmp(stat, "negatives")) return (double)s.negatives;
        ck_abort_msg("unknown stat %s", stat);
    }
    if (!strcmp(stat, "pearson") || !strcmp(stat, "spearman")) {
        char a[64];
        snprintf(a, sizeof a, "%s", id);
        char *bar = strchr(a, '|');
        ck_assert_ptr_nonnull(bar);
        *bar = 0;
        const item *x = find_item(in, ds, group, a), *y = find_item(in, ds, group, bar + 1);
        return stat[0] == 'p' ? au_pearson(x->x, y->x, x->n, NULL)
                              : au_spearman(x->x, y->x, x->n, NULL, work, iwork);
    }
    if (!strcmp(stat, "corr_ratio") || !strcmp(stat, "bandwidth")) {
        const item *t = find_item(in, ds, group, id);
        double h;
        double s = au_corr_ratio(t->x, t->y, t->n, 0.0, &h, work, iwork);
        return stat[0] == 'c' ? s : h;
    }
    size_t n, p;
    const item *first;
    double *X = group_matrix(in, ds, group, &n, &p, &first);
    double R[64 * 64], v[64], v2[64], out = NAN;
    ck_assert_uint_le(p, 64);
    au_cor_matrix(X, n, p, R);
    if (!strcmp(stat, "alpha") || !strcmp(stat, "std_alpha") || !strcmp(stat, "alpha_drop")) {
        double sa;
        double a = au_cronbach(X, n, p, v, &sa);
        out = !strcmp(stat, "alpha") ? a : !strcmp(stat, "std_alpha") ? sa
                                                                        : v[index_in_group(first, p, id)];
    } else if (!strcmp(stat, "eigenvalue") || !strcmp(stat, "loading1")) {
        ck_assert_int_eq(au_pca(R, p, v, v2), 0);
        out = stat[0] == 'e' ? v[atoi(id) - 1] : v2[index_in_group(first, p, id)];
    } else if (!strcmp(stat, "kmo") || !strcmp(stat, "msa")) {
        double k;
        ck_assert_int_eq(au_kmo(R, p, &k, v), 0);
        out = stat[0] == 'k' ? k : v[index_in_group(first, p, id)];
    } else if (!strncmp(stat, "bartlett_", 9)) {
        double chi2, df, pv;
        ck_assert_int_eq(au_bartlett(R, p, n, &chi2, &df, &pv), 0);
        out = !strcmp(stat, "bartlett_chi2") ? chi2 : !strcmp(stat, "bartlett_df") ? df : pv;
    } else {
        ck_abort_msg("unknown stat %s", stat);
    }
    free(X);
    return out;
}

START_TEST(every_reference_value_of_r_and_psych_is_matched_to_1e_9)
{
    inputs *in = load_inputs();
    rd_csv *c = rd_csv_read(RD_REF "audit_ref.csv");
    size_t cd = rd_col(c, "dataset"), cg = rd_col(c, "group"), ci = rd_col(c, "item");
    size_t cs = rd_col(c, "stat"), cv = rd_col(c, "value");
    size_t checked = 0, kinds[8] = {0};
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        double want = rd_num(row[cv]);
        double got = compute(in, row[cd], row[cg], row[ci], row[cs]);
        ck_assert_msg(rd_close(got, want, 1e-9), "%s %s %s %s: %.17g, R says %.17g", row[cd],
                      row[cg], row[ci], row[cs], got, want);
        checked++;
        const char *s = row[cs];
        kinds[!strcmp(s, "kmo") || !strcmp(s, "msa")         ? 1
              : !strncmp(s, "bartlett", 8)                   ? 2
              : strstr(s, "alpha")                           ? 3
              : !strcmp(s, "eigenvalue") || !strcmp(s, "loading1") ? 4
              : !strcmp(s, "corr_ratio")                     ? 5
              : !strcmp(s, "pearson") || !strcmp(s, "spearman") ? 6
                                                             : 0]++;
    }
    ck_assert_uint_eq(checked, c->nrows - 1);
    ck_assert_uint_ge(checked, 1200);
    for (int k = 0; k < 7; k++) ck_assert_uint_gt(kinds[k], 0);
    rd_csv_free(c);
    free_inputs(in);
}
END_TEST

START_TEST(outlier_flag_needs_both_skew_above_2_and_kurtosis_above_3_5)
{
    /* 19 ones and one 20: skew 4.47, kurtosis 20 (both over) → flagged; 1..20 is not */
    double x[20], y[20], work[20];
    for (int i = 0; i < 20; i++) x[i] = 1, y[i] = i + 1;
    x[19] = 20;
    au_limits lim;
    au_limits_default(&lim);
    au_stats s;
    au_stats_compute(x, 20, &lim, &s, work);
    ck_assert(s.skew > 2 && s.kurt > 3.5);
    ck_assert_int_eq(s.outlier, 1);
    /* 2 distinct of 20 (< 10 %) but counts 19:1 = 19, not above caret's 19 */
    ck_assert_int_eq(s.near_zero_var, 0);
    double z[40], wz[40];
    for (int i = 0; i < 40; i++) z[i] = i == 7 ? 2 : 1; /* 2 of 40 distinct, 39:1 */
    au_stats_compute(z, 40, &lim, &s, wz);
    ck_assert_int_eq(s.near_zero_var, 1);
    ck_assert_double_eq(s.freq_ratio, 39.0);
    au_stats_compute(y, 20, &lim, &s, work);
    ck_assert_int_eq(s.outlier, 0);
    ck_assert_int_eq(s.near_zero_var, 0);
    ck_assert_uint_eq(s.n_unique, 20);
}
END_TEST

START_TEST(availability_zeros_and_negatives_are_counted_over_the_cells)
{
    double x[8] = {0, -1, NAN, 2, NAN, 0, NAN, 3}, work[8];
    au_limits lim;
    au_limits_default(&lim);
    au_stats s;
    au_stats_compute(x, 8, &lim, &s, work);
    ck_assert_uint_eq(s.n, 5);
    ck_assert_double_eq(s.avail, 5.0 / 8.0);
    ck_assert_int_eq(s.low_avail, 1); /* 0.625 < 0.65 */
    ck_assert_uint_eq(s.zeros, 2);
    ck_assert_uint_eq(s.negatives, 1);
    ck_assert_double_eq(s.median, 0.0);
    ck_assert(isnan(s.kurt) == 0); /* 5 values: defined */
    double c[3] = {4, 4, 4};
    au_stats_compute(c, 3, &lim, &s, work);
    ck_assert(isnan(s.skew) && isnan(s.kurt));
    ck_assert_int_eq(s.near_zero_var, 1); /* sd 0 */
}
END_TEST

START_TEST(constant_and_short_columns_give_nan_not_a_crash)
{
    double a[3] = {1, 2, 3}, k[3] = {5, 5, 5}, work[16];
    size_t iw[8], pairs;
    ck_assert(isnan(au_pearson(a, k, 3, &pairs)));
    ck_assert_uint_eq(pairs, 3);
    ck_assert(isnan(au_spearman(a, a, 2, &pairs, work, iw)));
    ck_assert(isnan(au_corr_ratio(a, k, 3, 0.0, NULL, work, iw)));
    ck_assert(isnan(au_cronbach(a, 3, 1, NULL, NULL)));
    /* a singular correlation matrix: KMO and Bartlett refuse */
    double R[4] = {1, 1, 1, 1}, msa[2], kmo, chi2, df, p;
    ck_assert_int_eq(au_kmo(R, 2, &kmo, msa), -1);
    ck_assert(isnan(kmo) && isnan(msa[0]));
    ck_assert_int_eq(au_bartlett(R, 2, 10, &chi2, &df, &p), -1);
    ck_assert(isnan(chi2) && isnan(p));
    ck_assert_double_eq(df, 1.0);
}
END_TEST

START_TEST(rank_shift_reports_mean_median_max_and_the_region_that_moves_most)
{
    long a[5] = {1, 2, 3, 4, 0}, b[5] = {2, 1, 3, 5, 4};
    double work[5];
    au_shift s;
    au_rank_shift(a, b, 5, &s, work); /* shifts 1, 1, 0, 1 over 4 ranked regions */
    ck_assert_uint_eq(s.n, 4);
    ck_assert_double_eq(s.mean, 0.75);
    ck_assert_double_eq(s.median, 1.0);
    ck_assert_double_eq(s.max, 1.0);
    ck_assert_uint_eq(s.arg_max, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("audit");
    TCase *t = tcase_create("kernels");
    tcase_add_test(t, every_reference_value_of_r_and_psych_is_matched_to_1e_9);
    tcase_add_test(t, outlier_flag_needs_both_skew_above_2_and_kurtosis_above_3_5);
    tcase_add_test(t, availability_zeros_and_negatives_are_counted_over_the_cells);
    tcase_add_test(t, constant_and_short_columns_give_nan_not_a_crash);
    tcase_add_test(t, rank_shift_reports_mean_median_max_and_the_region_that_moves_most);
    suite_add_tcase(s, t);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
