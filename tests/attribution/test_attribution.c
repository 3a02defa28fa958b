/* tests/attribution/test_attribution.c — "who moved and why": the attribution table of a
 * 3-region, 2-year panel with two dimensions of two indicators each, checked against
 * contributions calculated by hand in this file (arithmetic w̄Δx + x̄Δw, the two-player
 * Shapley value for geometric and TOPSIS) and against the sum property: the contributions
 * of a node's children (and its context row) add up to the node's change, at every level. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

/* R1 moves on every indicator; R2 holds the highs and R3 the lows of every column, so R1's
 * values never set a TOPSIS ideal. */
static const char PANEL[] =
    "region,year,indicator,value\n"
    "R1,2020,a1,0.2\nR1,2020,a2,0.4\nR1,2020,b1,0.5\nR1,2020,b2,0.1\n"
    "R1,2021,a1,0.6\nR1,2021,a2,0.8\nR1,2021,b1,0.3\nR1,2021,b2,0.5\n"
    "R2,2020,a1,0.9\nR2,2020,a2,0.9\nR2,2020,b1,0.9\nR2,2020,b2,0.9\n"
    "R2,2021,a1,0.95\nR2,2021,a2,0.9\nR2,2021,b1,0.95\nR2,2021,b2,1.0\n"
    "R3,2020,a1,0.05\nR3,2020,a2,0.05\nR3,2020,b1,0.05\nR3,2020,b2,0.05\n"
    "R3,2021,a1,0.1\nR3,2021,a2,0.1\nR3,2021,b1,0.05\nR3,2021,b2,0.1\n";

typedef struct run {
    char dir[64];
    rc_resultset *rs;
} run;

static void run_text(run *o, const char *panel, const char *cfg_text);

/* Runs the panel with dimension A's aggregation `agg_a`, B's weights `w_b` and the index
 * section `index`. */
static void run_with(run *o, const char *agg_a, const char *w_b, const char *index)
{
    char text[1024];
    snprintf(text, sizeof text,
             "data: [{file: panel.csv, layout: long}]\n"
             "defaults: {normalize: none}\n"
             "dimensions:\n"
             "  A: {plugin: generic, weights: explicit, aggregate: %s,\n"
             "      indicators: {a1: {weight: 3}, a2: {weight: 1}}}\n"
             "  B: {plugin: generic, weights: %s, indicators: {b1: {}, b2: {}}}\n"
             "index: %s\n",
             agg_a, w_b, index);
    run_text(o, PANEL, text);
}

/* Runs `cfg_text` (its data file is panel.csv) on `panel`. */
static void run_text(run *o, const char *panel, const char *cfg_text)
{
    snprintf(o->dir, sizeof o->dir, "/tmp/rc_attr_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(o->dir));
    char path[128];
    snprintf(path, sizeof path, "%s/panel.csv", o->dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(panel, f);
    fclose(f);
    snprintf(path, sizeof path, "%s/cfg.yaml", o->dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(cfg_text, f);
    fclose(f);
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_config_load(path, &cfg, &err) == 0, "%s", err.msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts ro = {.out_dir = o->dir, .verbosity = 0, .log = devnull};
    int rc = rc_run(cfg, reg, &ro, &o->rs, &err);
    fclose(devnull);
    rc_registry_free(reg);
    rc_config_free(cfg);
    ck_assert_msg(rc == 0, "%s", err.msg);
}

static void run_free(run *o)
{
    rc_resultset_free(o->rs);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", o->dir);
    ck_assert_int_eq(system(cmd), 0);
}

static long col(const struct rc_table *t, const char *name)
{
    long c = rc_table_col(t, name);
    ck_assert_msg(c >= 0, "no column %s", name);
    return c;
}

/* The attribution row of R1 for parent/item; the column's value. */
static double r1(const run *o, const char *parent, const char *item, const char *what)
{
    const struct rc_table *t = rc_table_get(o->rs, "attribution");
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < t->nrows; i++) {
        if (strcmp(rc_table_str(t, i, (size_t)col(t, "region")), "R1") != 0) continue;
        if (strcmp(rc_table_str(t, i, (size_t)col(t, "parent")), parent) != 0) continue;
        if (strcmp(rc_table_str(t, i, (size_t)col(t, "item")), item) != 0) continue;
        ck_assert_int_eq(rc_table_int(t, i, (size_t)col(t, "from_year")), 2020);
        return rc_table_num(t, i, (size_t)col(t, what));
    }
    ck_abort_msg("no attribution row R1 %s/%s", parent, item);
    return NAN;
}

static void near(double got, double want, const char *what)
{
    ck_assert_msg(fabs(got - want) <= 1e-12, "%s: got %.17g, want %.17g", what, got, want);
}

/* Every node of every region: the children's contributions (and a context row) sum to the
 * node's change; the index's to_index over each level sums to the index change. Returns
 * the number of nodes checked. */
static size_t check_sums(const run *o)
{
    const struct rc_table *t = rc_table_get(o->rs, "attribution");
    long cr = col(t, "region"), cl = col(t, "level"), cp = col(t, "parent"), ci = col(t, "item"),
         cc = col(t, "change"), cb = col(t, "contribution"), cx = col(t, "to_index"),
         cv = col(t, "value_part"), cw = col(t, "weight_part");
    size_t nodes = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const char *lvl = rc_table_str(t, i, (size_t)cl);
        ck_assert_str_ne(lvl, "note"); /* every change of this panel is split */
        double v = rc_table_num(t, i, (size_t)cv), w = rc_table_num(t, i, (size_t)cw);
        if (!isnan(v)) near(v + w, rc_table_num(t, i, (size_t)cb), "value + weight part");
        if (strcmp(lvl, "index") != 0 && strcmp(lvl, "dimension") != 0 && strcmp(lvl, "component") != 0)
            continue;
        const char *reg = rc_table_str(t, i, (size_t)cr);
        const char *node = strcmp(lvl, "index") == 0 ? "index" : rc_table_str(t, i, (size_t)ci);
        double sum = 0.0, sum_ix = 0.0;
        size_t kids = 0;
        for (size_t j = 0; j < t->nrows; j++) {
            if (strcmp(rc_table_str(t, j, (size_t)cr), reg) != 0 ||
                strcmp(rc_table_str(t, j, (size_t)cp), node) != 0)
                continue;
            sum += rc_table_num(t, j, (size_t)cb);
            sum_ix += rc_table_num(t, j, (size_t)cx);
            kids++;
        }
        ck_assert_uint_ge(kids, 2);
        near(sum, rc_table_num(t, i, (size_t)cc), "children sum to the change");
        near(sum_ix, rc_table_num(t, i, (size_t)cx), "to_index sums to the node's");
        nodes++;
    }
    return nodes;
}

static void arithmetic_hand(const run *o)
{
    /* A = 0.75 a1 + 0.25 a2: 0.25 → 0.65; B = (b1 + b2)/2: 0.3 → 0.4; index (A + B)/2 */
    near(r1(o, "index", "A", "change"), 0.4, "A change");
    near(r1(o, "A", "a1", "contribution"), 0.75 * 0.4, "a1 in A");
    near(r1(o, "A", "a2", "contribution"), 0.25 * 0.4, "a2 in A");
    near(r1(o, "B", "b1", "contribution"), 0.5 * -0.2, "b1 in B");
    near(r1(o, "B", "b2", "contribution"), 0.5 * 0.4, "b2 in B");
    near(r1(o, "index", "A", "contribution"), 0.5 * 0.4, "A in the index");
    near(r1(o, "index", "B", "contribution"), 0.5 * 0.1, "B in the index");
    near(r1(o, "index", "A", "weight_part"), 0.0, "fixed weights: no weight part");
    /* a1's share of the index change: A's 0.2 split as a1 0.3 of A's 0.4 */
    near(r1(o, "A", "a1", "to_index"), 0.2 * 0.3 / 0.4, "a1 to the index");
    near(r1(o, "B", "b1", "to_index"), 0.05 * -0.1 / 0.1, "b1 to the index");
    near(r1(o, "", "index", "change"), 0.5 * (0.65 + 0.4) - 0.5 * (0.25 + 0.3), "index change");
}

START_TEST(arithmetic_contributions_match_the_hand_calculation_and_sum_to_every_change)
{
    run o;
    run_with(&o, "arithmetic", "equal", "{weights: equal, aggregate: arithmetic, scale: 1}");
    arithmetic_hand(&o);
    ck_assert_uint_eq(check_sums(&o), 9); /* 3 regions × (index, A, B) */
    run_free(&o);
}
END_TEST

/* The weight of `child` in year y from the weights table. */
static double weight_of(const run *o, const char *child, const char *year)
{
    const struct rc_table *t = rc_table_get(o->rs, "weights");
    for (size_t i = 0; i < t->nrows; i++)
        if (strcmp(rc_table_str(t, i, (size_t)col(t, "child")), child) == 0 &&
            strcmp(rc_table_str(t, i, (size_t)col(t, "year")), year) == 0)
            return rc_table_num(t, i, (size_t)col(t, "weight"));
    ck_abort_msg("no weight of %s in %s", child, year);
    return NAN;
}

START_TEST(per_year_weights_give_a_weight_part_and_the_parts_still_sum_exactly)
{
    run o;
    run_with(&o, "arithmetic", "{method: entropy, scope: per_year}",
             "{weights: equal, aggregate: arithmetic, scale: 1}");
    double w0 = weight_of(&o, "b1", "2020"), w1 = weight_of(&o, "b1", "2021");
    double v0 = weight_of(&o, "b2", "2020"), v1 = weight_of(&o, "b2", "2021");
    ck_assert_msg(fabs(w1 - w0) > 1e-3, "entropy weights move between the years");
    /* by hand: w̄ Δx and x̄ Δw of b1 (0.5 → 0.3) and b2 (0.1 → 0.5) */
    near(r1(&o, "B", "b1", "value_part"), 0.5 * (w0 + w1) * (0.3 - 0.5), "b1 value part");
    near(r1(&o, "B", "b1", "weight_part"), 0.5 * (0.5 + 0.3) * (w1 - w0), "b1 weight part");
    near(r1(&o, "B", "b2", "weight_part"), 0.5 * (0.1 + 0.5) * (v1 - v0), "b2 weight part");
    near(r1(&o, "index", "B", "change"), (w1 * 0.3 + v1 * 0.5) - (w0 * 0.5 + v0 * 0.1), "B change");
    ck_assert_uint_eq(check_sums(&o), 9);
    run_free(&o);
}
END_TEST

START_TEST(geometric_dimension_splits_by_the_shapley_value_calculated_by_hand)
{
    run o;
    run_with(&o, "geometric", "equal", "{weights: equal, aggregate: arithmetic, scale: 1}");
    /* v(S) = a1^0.75 a2^0.25 with the players in S at their 2021 value */
    double v0 = pow(0.2, 0.75) * pow(0.4, 0.25), v1 = pow(0.6, 0.75) * pow(0.4, 0.25),
           v2 = pow(0.2, 0.75) * pow(0.8, 0.25), v12 = pow(0.6, 0.75) * pow(0.8, 0.25);
    near(r1(&o, "A", "a1", "contribution"), 0.5 * ((v1 - v0) + (v12 - v2)), "a1 (Shapley)");
    near(r1(&o, "A", "a2", "contribution"), 0.5 * ((v2 - v0) + (v12 - v1)), "a2 (Shapley)");
    near(r1(&o, "index", "A", "change"), v12 - v0, "A change");
    ck_assert_uint_eq(check_sums(&o), 9);
    run_free(&o);
}
END_TEST

/* TOPSIS closeness of (A, B) with weights 1/2 and the ideals hi/lo of each weighted column. */
static double closeness(double a, double b, const double hi[2], const double lo[2])
{
    double dp = sqrt(pow(0.5 * a - hi[0], 2) + pow(0.5 * b - hi[1], 2));
    double dm = sqrt(pow(0.5 * a - lo[0], 2) + pow(0.5 * b - lo[1], 2));
    return dm / (dp + dm);
}

START_TEST(topsis_index_splits_by_the_shapley_value_calculated_by_hand)
{
    run o;
    run_with(&o, "arithmetic", "equal", "{weights: equal, aggregate: topsis, scale: 1}");
    /* pooled ideals: R2 holds the highs (A 0.9375 in 2021, B 0.975), R3 the lows */
    const struct rc_table *s = rc_table_get(o.rs, "scores");
    double hi[2] = {-INFINITY, -INFINITY}, lo[2] = {INFINITY, INFINITY};
    size_t seen = 0;
    for (size_t i = 0; i < s->nrows; i++) {
        int k = strcmp(rc_table_str(s, i, (size_t)col(s, "dimension")), "A") == 0 ? 0 : 1;
        double v = 0.5 * rc_table_num(s, i, (size_t)col(s, "score"));
        hi[k] = fmax(hi[k], v);
        lo[k] = fmin(lo[k], v);
        seen++;
    }
    ck_assert_uint_eq(seen, 12);
    near(hi[0], 0.5 * (0.75 * 0.95 + 0.25 * 0.9), "A's ideal from R2 2021");
    double a0 = 0.25, a1 = 0.65, b0 = 0.3, b1 = 0.4;
    double v0 = closeness(a0, b0, hi, lo), vA = closeness(a1, b0, hi, lo),
           vB = closeness(a0, b1, hi, lo), vAB = closeness(a1, b1, hi, lo);
    near(r1(&o, "", "index", "change"), vAB - v0, "index change");
    near(r1(&o, "index", "A", "contribution"), 0.5 * ((vA - v0) + (vAB - vB)), "A (Shapley)");
    near(r1(&o, "index", "B", "contribution"), 0.5 * ((vB - v0) + (vAB - vA)), "B (Shapley)");
    /* R1 sets no ideal, so switching its values leaves the context as it was */
    near(r1(&o, "index", "(context)", "contribution"), 0.0, "context");
    ck_assert_uint_eq(check_sums(&o), 9);
    run_free(&o);
}
END_TEST

/* A dimension of five children with explicit weights 1..5 where R1's c4 is missing in 2020
 * and c5 in 2021 (and R2's c1 in 2021): the aggregate of a coalition is the weighted mean
 * over the children present in their chosen year. */
static const char PANEL_GAPS[] =
    "region,year,indicator,value\n"
    "R1,2020,c1,0.2\nR1,2020,c2,0.9\nR1,2020,c3,0.4\nR1,2020,c5,0.7\n"
    "R1,2021,c1,0.5\nR1,2021,c2,0.6\nR1,2021,c3,0.4\nR1,2021,c4,0.8\n"
    "R2,2020,c1,0.3\nR2,2020,c2,0.3\nR2,2020,c3,0.3\nR2,2020,c4,0.3\nR2,2020,c5,0.3\n"
    "R2,2021,c2,0.1\nR2,2021,c3,0.9\nR2,2021,c4,0.2\nR2,2021,c5,0.6\n";

static const double GAP_W[5] = {1, 2, 3, 4, 5};

/* v(S) for region data x0/x1 (NaN = missing): the children in mask S at their 2021 values. */
static double gap_value(const double *x0, const double *x1, unsigned S)
{
    double num = 0.0, den = 0.0;
    for (int j = 0; j < 5; j++) {
        double x = (S >> j) & 1u ? x1[j] : x0[j];
        if (isnan(x)) continue;
        num += GAP_W[j] * x;
        den += GAP_W[j];
    }
    return num / den;
}

/* The Shapley value of child j by the textbook sum over coalitions S without j. */
static double gap_shapley(const double *x0, const double *x1, int j)
{
    static const double fact[6] = {1, 1, 2, 6, 24, 120};
    double phi = 0.0;
    for (unsigned S = 0; S < 32; S++) {
        if ((S >> j) & 1u) continue;
        int s = __builtin_popcount(S);
        phi += fact[s] * fact[5 - s - 1] / fact[5] *
               (gap_value(x0, x1, S | (1u << j)) - gap_value(x0, x1, S));
    }
    return phi;
}

static double row_of(const run *o, const char *region, const char *item)
{
    const struct rc_table *t = rc_table_get(o->rs, "attribution");
    for (size_t i = 0; i < t->nrows; i++)
        if (strcmp(rc_table_str(t, i, (size_t)col(t, "region")), region) == 0 &&
            strcmp(rc_table_str(t, i, (size_t)col(t, "parent")), "C") == 0 &&
            strcmp(rc_table_str(t, i, (size_t)col(t, "item")), item) == 0) {
            ck_assert_str_eq(rc_table_str(t, i, (size_t)col(t, "method")), "shapley");
            return rc_table_num(t, i, (size_t)col(t, "contribution"));
        }
    ck_abort_msg("no attribution row %s C/%s", region, item);
    return NAN;
}

START_TEST(arithmetic_with_a_child_missing_in_one_year_splits_by_the_textbook_shapley_value)
{
    run o;
    run_text(&o, PANEL_GAPS,
             "data: [{file: panel.csv, layout: long}]\n"
             "defaults: {normalize: none, missing: available}\n"
             "dimensions:\n"
             "  C: {plugin: generic, weights: explicit, aggregate: arithmetic,\n"
             "      indicators: {c1: {weight: 1}, c2: {weight: 2}, c3: {weight: 3},\n"
             "                   c4: {weight: 4}, c5: {weight: 5}}}\n"
             "index: {weights: equal, aggregate: arithmetic, scale: 1, missing: available}\n");
    const double r1_0[5] = {0.2, 0.9, 0.4, NAN, 0.7}, r1_1[5] = {0.5, 0.6, 0.4, 0.8, NAN};
    const double r2_0[5] = {0.3, 0.3, 0.3, 0.3, 0.3}, r2_1[5] = {NAN, 0.1, 0.9, 0.2, 0.6};
    static const char *ids[5] = {"c1", "c2", "c3", "c4", "c5"};
    size_t checked = 0;
    for (int j = 0; j < 5; j++) {
        near(row_of(&o, "R1", ids[j]), gap_shapley(r1_0, r1_1, j), ids[j]);
        near(row_of(&o, "R2", ids[j]), gap_shapley(r2_0, r2_1, j), ids[j]);
        checked += 2;
    }
    ck_assert_uint_eq(checked, 10);
    /* efficiency: the values sum to v(all) − v(none), the dimension's change */
    double sum = 0.0;
    for (int j = 0; j < 5; j++) sum += gap_shapley(r1_0, r1_1, j);
    near(sum, gap_value(r1_0, r1_1, 31) - gap_value(r1_0, r1_1, 0), "efficiency");
    run_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("attribution");
    TCase *tc = tcase_create("attribution");
    tcase_add_test(tc, arithmetic_contributions_match_the_hand_calculation_and_sum_to_every_change);
    tcase_add_test(tc, per_year_weights_give_a_weight_part_and_the_parts_still_sum_exactly);
    tcase_add_test(tc, geometric_dimension_splits_by_the_shapley_value_calculated_by_hand);
    tcase_add_test(tc, topsis_index_splits_by_the_shapley_value_calculated_by_hand);
    tcase_add_test(tc, arithmetic_with_a_child_missing_in_one_year_splits_by_the_textbook_shapley_value);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
