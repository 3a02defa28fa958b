/* tests/methods_norm_weights/test_norm_weights.c — normalisation, weighting, ranks and the
 * shared statistics, checked against ../shared/reference/expected (normalisation.csv,
 * weights.json, subsystem_weights.json) on the toy panel, against hand calculations, and on
 * the edge cases the formula sheet lists (zero range, constant and missing columns, a single
 * region, fracmax at zero, inconsistent and non-reciprocal AHP matrices, config typos). */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/node.h"
#include "methods/methods.h"

#define NR 12
#define NY 3
#define NI 6
#define NC (NR * NY)

static double X[NI][NC]; /* raw toy panel, column j at t*NR + r */
static char REG[NR][16];
static const char *REGP[NR];
static int YEARS[NY] = {2020, 2021, 2022};
static const int DIR[NI] = {1, 1, 1, 1, 1, -1}; /* toy/indicators.csv: I6 is a cost */
static const char *IND[NI] = {"I1", "I2", "I3", "I4", "I5", "I6"};

static void load_panel(void)
{
    FILE *f = fopen(REGCOORD_SHARED_DIR "/reference/toy/panel_wide.csv", "r");
    ck_assert_msg(f != NULL, "cannot open the toy panel");
    char line[512];
    ck_assert(fgets(line, sizeof line, f) != NULL); /* header */
    int rows = 0;
    while (fgets(line, sizeof line, f)) {
        char reg[16], grp[16];
        int year;
        double v[NI];
        int n = sscanf(line, "%15[^,],%15[^,],%d,%lf,%lf,%lf,%lf,%lf,%lf", reg, grp, &year, &v[0],
                       &v[1], &v[2], &v[3], &v[4], &v[5]);
        ck_assert_int_eq(n, 9);
        int r = atoi(reg + 1) - 1, t = year - 2020;
        ck_assert(r >= 0 && r < NR && t >= 0 && t < NY);
        snprintf(REG[r], sizeof REG[r], "%s", reg);
        for (int j = 0; j < NI; j++) X[j][t * NR + r] = v[j];
        rows++;
    }
    fclose(f);
    ck_assert_int_eq(rows, NC);
    for (int r = 0; r < NR; r++) REGP[r] = REG[r];
}

/* ---------------- expected normalisations ---------------- */

static const char *NORM_METHODS[] = {"minmax",   "shift1e-4", "shift0.01", "range0.002",
                                     "range0.01", "ratio",    "fracmax",   "zscore1",
                                     "zscore0",  "goalposts", "rank",      "dist2ref"};
#define NM (sizeof NORM_METHODS / sizeof NORM_METHODS[0])
static double E[2][NM][NI][NC]; /* [pooled, cross_section][method][indicator][cell] */
static int E_SEEN;

static void load_expected(void)
{
    FILE *f = fopen(REGCOORD_SHARED_DIR "/reference/expected/normalisation.csv", "r");
    ck_assert_msg(f != NULL, "cannot open normalisation.csv");
    char line[256];
    ck_assert(fgets(line, sizeof line, f) != NULL);
    ck_assert_str_eq(line, "scope,method,region,year,indicator,value\n");
    for (size_t a = 0; a < 2; a++)
        for (size_t b = 0; b < NM; b++)
            for (size_t c = 0; c < NI; c++)
                for (size_t d = 0; d < NC; d++) E[a][b][c][d] = NAN;
    E_SEEN = 0;
    while (fgets(line, sizeof line, f)) {
        char scope[32], meth[32], reg[16], ind[16];
        int year;
        double v;
        ck_assert_int_eq(sscanf(line, "%31[^,],%31[^,],%15[^,],%d,%15[^,],%lf", scope, meth, reg,
                                &year, ind, &v),
                         6);
        int s = strcmp(scope, "pooled") == 0 ? 0 : 1;
        size_t m = 0;
        while (m < NM && strcmp(NORM_METHODS[m], meth) != 0) m++;
        ck_assert_msg(m < NM, "normalisation.csv lists a method the test does not know: %s", meth);
        int j = ind[1] - '1', r = atoi(reg + 1) - 1, t = year - 2020;
        E[s][m][j][t * NR + r] = v;
        E_SEEN++;
    }
    fclose(f);
    ck_assert_int_eq(E_SEEN, 2 * (int)NM * NI * NC); /* every scope × method × cell present */
}

static void setup(void)
{
    load_panel();
}

/* The spec that reproduces one column of normalisation.csv. The goalposts are round
 * numbers per indicator read off the reference file (two unclipped points each); dist2ref
 * uses R01 as the reference unit: its 2020 value for the pooled scope, its own-year value
 * per year, uncapped (values > 1 appear in the file). */
static void spec_for(size_t m, int pooled, int j, rc_norm_spec *s)
{
    static const double GP[NI][2] = {{30, 70}, {10, 30}, {0, 50}, {5, 16}, {30, 60}, {25, 65}};
    rc_norm_default(s);
    s->scope = pooled ? RC_SCOPE_POOLED : RC_SCOPE_PER_YEAR;
    const char *n = NORM_METHODS[m];
    if (!strcmp(n, "shift1e-4")) s->shift = 1e-4;
    else if (!strcmp(n, "shift0.01")) s->shift = 0.01;
    else if (!strcmp(n, "range0.002")) { s->lo = 0.002; s->hi = 0.998; }
    else if (!strcmp(n, "range0.01")) { s->lo = 0.01; s->hi = 0.99; }
    else if (!strcmp(n, "ratio") || !strcmp(n, "fracmax")) s->method = RC_NORM_FRACMAX;
    else if (!strcmp(n, "zscore1")) { s->method = RC_NORM_ZSCORE; s->ddof = 1; }
    else if (!strcmp(n, "zscore0")) { s->method = RC_NORM_ZSCORE; s->ddof = 0; }
    else if (!strcmp(n, "goalposts")) {
        s->method = RC_NORM_GOALPOSTS;
        s->gp_min = GP[j][0];
        s->gp_max = GP[j][1];
    } else if (!strcmp(n, "rank")) s->method = RC_NORM_RANK;
    else if (!strcmp(n, "dist2ref")) {
        s->method = RC_NORM_DIST2REF;
        s->ref_region = "R01"; /* borrowed: not freed */
        s->ref_cap = 0;
        if (pooled) { s->has_ref_year = 1; s->ref_year = 2020; }
    }
}

static int close_to(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    return fabs(a - b) <= 1e-9 * fmax(1.0, fabs(b));
}

START_TEST(every_normalisation_matches_the_reference_in_both_scopes)
{
    load_expected();
    double out[NC];
    rc_error err;
    for (int pooled = 1; pooled >= 0; pooled--)
        for (size_t m = 0; m < NM; m++)
            for (int j = 0; j < NI; j++) {
                rc_norm_spec s;
                spec_for(m, pooled, j, &s);
                rc_norm_info info;
                int rc = rc_normalize(&s, X[j], NR, NY, DIR[j], REGP, YEARS, IND[j], out, &info,
                                      &err);
                ck_assert_msg(rc == 0, "%s: %s", NORM_METHODS[m], err.msg);
                for (int c = 0; c < NC; c++)
                    ck_assert_msg(close_to(out[c], E[pooled ? 0 : 1][m][j][c]),
                                  "%s %s %s cell %d: got %.17g, expected %.17g",
                                  pooled ? "pooled" : "per_year", NORM_METHODS[m], IND[j], c,
                                  out[c], E[pooled ? 0 : 1][m][j][c]);
                ck_assert_int_eq(info.zero_range, 0);
            }
}
END_TEST

/* ---------------- weights.json ---------------- */

static json_t *WJ;

static void load_weights_json(void)
{
    json_error_t je;
    WJ = json_load_file(REGCOORD_SHARED_DIR "/reference/expected/weights.json", 0, &je);
    ck_assert_msg(WJ != NULL, "weights.json: %s", je.text);
}

static void wsetup(void)
{
    load_panel();
    load_weights_json();
}

static void wteardown(void)
{
    json_decref(WJ);
    WJ = NULL;
}

static double jnum(const char *path1, const char *path2, size_t i)
{
    json_t *a = json_object_get(WJ, path1);
    ck_assert_msg(a != NULL, "weights.json has no %s", path1);
    if (path2) a = json_object_get(a, path2);
    ck_assert_msg(a != NULL, "weights.json has no %s.%s", path1, path2);
    if (json_is_array(a)) a = json_array_get(a, i);
    ck_assert(json_is_number(a));
    return json_number_value(a);
}

/* Normalises the six indicators with spec s into cols. */
static void normalise_all(const rc_norm_spec *s, double cols[NI][NC])
{
    rc_error err;
    for (int j = 0; j < NI; j++)
        ck_assert_msg(rc_normalize(s, X[j], NR, NY, DIR[j], REGP, YEARS, IND[j], cols[j], NULL,
                                   &err) == 0,
                      "%s", err.msg);
}

static void check_weights(const double *w, const char *key, const char *sub, size_t k)
{
    double sum = 0;
    for (size_t j = 0; j < k; j++) {
        double e = jnum(key, sub, j);
        ck_assert_msg(close_to(w[j], e), "%s%s%s w[%zu] = %.17g, expected %.17g", key,
                      sub ? "." : "", sub ? sub : "", j, w[j], e);
        sum += w[j];
    }
    ck_assert(fabs(sum - 1) < 1e-12);
}

static void compute(const rc_weight_spec *ws, double cols[NI][NC], const double *const *raw,
                    double *w, rc_weight_info *info)
{
    const double *cp[NI];
    for (int j = 0; j < NI; j++) cp[j] = cols[j];
    rc_error err;
    int rc = rc_weights_compute(ws, cp, raw, NI, NR, NY, NULL, IND, w, info, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
}

START_TEST(pooled_entropy_weights_match_the_reference_for_each_normalisation)
{
    static double cols[NI][NC];
    static const struct { const char *key; double shift, lo, hi; int fracmax; } cases[] = {
        {"entropy_pooled_minmax", 0, 0, 1, 0},       {"entropy_pooled_shift1e-4", 1e-4, 0, 1, 0},
        {"entropy_pooled_shift0.01", 0.01, 0, 1, 0}, {"entropy_pooled_range0.002", 0, 0.002, 0.998, 0},
        {"entropy_pooled_range0.01", 0, 0.01, 0.99, 0}, {"entropy_pooled_ratio", 0, 0, 1, 1},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        rc_norm_spec ns;
        rc_norm_default(&ns);
        ns.shift = cases[c].shift;
        ns.lo = cases[c].lo;
        ns.hi = cases[c].hi;
        if (cases[c].fracmax) ns.method = RC_NORM_FRACMAX;
        normalise_all(&ns, cols);
        rc_weight_spec ws;
        rc_weights_default(&ws);
        ws.method = RC_W_ENTROPY;
        double w[NY * NI];
        rc_weight_info info;
        compute(&ws, cols, NULL, w, &info);
        for (int t = 0; t < NY; t++) check_weights(w + t * NI, cases[c].key, "w", NI);
        ck_assert_str_eq(info.method, "entropy");
        ck_assert_int_eq(info.fallback_equal, 0);
    }
}
END_TEST

START_TEST(entropy_shift_parameter_equals_shifting_the_normalised_values)
{
    static double cols[NI][NC];
    rc_norm_spec ns;
    rc_norm_default(&ns);
    normalise_all(&ns, cols);
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    double w[NY * NI];
    ws.shift = 1e-4;
    compute(&ws, cols, NULL, w, NULL);
    check_weights(w, "entropy_pooled_shift1e-4", "w", NI);
    ws.shift = 0.01;
    compute(&ws, cols, NULL, w, NULL);
    check_weights(w, "entropy_pooled_shift0.01", "w", NI);
}
END_TEST

START_TEST(per_year_entropy_gives_each_year_its_cross_section_weights)
{
    static double cols[NI][NC];
    rc_norm_spec ns;
    rc_norm_default(&ns);
    ns.scope = RC_SCOPE_PER_YEAR;
    normalise_all(&ns, cols);
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    ws.scope = RC_SCOPE_PER_YEAR;
    double w[NY * NI];
    compute(&ws, cols, NULL, w, NULL);
    check_weights(w + 0 * NI, "entropy_cs_2020_minmax", "w", NI);
    check_weights(w + 1 * NI, "entropy_cs_2021_minmax", "w", NI);
    check_weights(w + 2 * NI, "entropy_cs_2022_minmax", "w", NI);
}
END_TEST

START_TEST(critic_and_cv_weights_match_the_reference)
{
    static double cols[NI][NC];
    rc_norm_spec ns;
    rc_norm_default(&ns);
    normalise_all(&ns, cols);
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_CRITIC;
    double w[NY * NI];
    rc_weight_info info;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "critic_pooled_minmax", NULL, NI);
    check_weights(w + 2 * NI, "critic_pooled_minmax", NULL, NI);
    ck_assert_uint_eq(info.n_dropped, 0);

    ws.method = RC_W_CV;
    const double *raw[NI];
    for (int j = 0; j < NI; j++) raw[j] = X[j];
    compute(&ws, cols, raw, w, NULL);
    check_weights(w, "cv_raw_pooled", NULL, NI);
    ns.shift = 0.01;
    normalise_all(&ns, cols);
    compute(&ws, cols, NULL, w, NULL);
    check_weights(w, "cv_minmax_shift0.01_pooled", NULL, NI);
}
END_TEST

START_TEST(pca_weights_use_loadings_of_components_above_the_threshold)
{
    static double cols[NI][NC];
    rc_norm_spec ns;
    rc_norm_default(&ns);
    ns.method = RC_NORM_ZSCORE;
    normalise_all(&ns, cols);
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_PCA;
    double w[NY * NI];
    rc_weight_info info;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "pca_abs_kaiser_unrotated", NULL, NI);
    ck_assert_uint_eq(info.pca_kept, (size_t)jnum("pca_n_components_kaiser", NULL, 0));
    double total = 0;
    for (int q = 0; q < NI; q++) total += jnum("pca_eigenvalues", NULL, (size_t)q);
    ck_assert(close_to(info.pca_explained, jnum("pca_eigenvalues", NULL, 0) / total));
    ws.pca_squared = 1;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "pca_sq_kaiser_unrotated", NULL, NI);

    /* min-max columns have the same correlation matrix as direction-signed z-scores */
    rc_norm_default(&ns);
    normalise_all(&ns, cols);
    ws.pca_squared = 0;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "pca_abs_kaiser_unrotated", NULL, NI);

    /* threshold 0.3 keeps λ1 = 4.88, λ2 = 0.377 and λ3 = 0.315 */
    ws.pca_threshold = 0.3;
    compute(&ws, cols, NULL, w, &info);
    ck_assert_uint_eq(info.pca_kept, 3);
    double l3 = jnum("pca_eigenvalues", NULL, 0) + jnum("pca_eigenvalues", NULL, 1) +
                jnum("pca_eigenvalues", NULL, 2);
    ck_assert(close_to(info.pca_explained, l3 / total));
}
END_TEST

static void ahp_matrix_from_json(double *a)
{
    json_t *m = json_object_get(WJ, "ahp_matrix");
    ck_assert(json_array_size(m) == 4);
    for (size_t i = 0; i < 4; i++)
        for (size_t j = 0; j < 4; j++)
            a[i * 4 + j] = json_number_value(json_array_get(json_array_get(m, i), j));
}

START_TEST(ahp_gives_the_principal_eigenvector_and_consistency_ratio)
{
    double a[16];
    ahp_matrix_from_json(a);
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_AHP;
    ws.ahp_n = 4;
    ws.ahp_matrix = a;
    double cols[4][NC] = {{0}}, w[NY * 4];
    const double *cp[4] = {cols[0], cols[1], cols[2], cols[3]};
    const char *ids[4] = {"A", "B", "C", "D"};
    rc_weight_info info;
    rc_error err;
    ck_assert_msg(rc_weights_compute(&ws, cp, NULL, 4, NR, NY, NULL, ids, w, &info, &err) == 0,
                  "%s", err.msg);
    check_weights(w, "ahp", "w_eigen", 4);
    check_weights(w + 2 * 4, "ahp", "w_eigen", 4);
    ck_assert(close_to(info.ahp_cr, jnum("ahp", "CR", 0)));
    ck_assert_str_eq(info.warning, "");

    /* an order list maps matrix rows to children whatever their order */
    char *order[4] = {"D", "C", "B", "A"};
    ws.ahp_order = order;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 4, NR, NY, NULL, ids, w, &info, &err) == 0);
    ck_assert(close_to(w[0], jnum("ahp", "w_eigen", 3)));
    ck_assert(close_to(w[3], jnum("ahp", "w_eigen", 0)));
    const char *ids2[4] = {"A", "B", "C", "E"};
    ck_assert(rc_weights_compute(&ws, cp, NULL, 4, NR, NY, NULL, ids2, w, &info, &err) != 0);
    ck_assert_msg(strstr(err.msg, "'E'") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(equal_weights_are_one_over_k_in_every_year)
{
    static double cols[NI][NC];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    double w[NY * NI];
    compute(&ws, cols, NULL, w, NULL);
    for (int t = 0; t < NY; t++) check_weights(w + t * NI, "equal", NULL, NI);
}
END_TEST

START_TEST(subsystem_entropy_weights_match_the_reference)
{
    json_error_t je;
    json_t *sw = json_load_file(REGCOORD_SHARED_DIR "/reference/expected/subsystem_weights.json",
                                0, &je);
    ck_assert(sw != NULL);
    static double cols[NI][NC];
    rc_norm_spec ns;
    rc_norm_default(&ns);
    normalise_all(&ns, cols);
    static const struct { const char *sub; int first, k; } subs[] = {
        {"INF", 0, 2}, {"DAT", 2, 1}, {"FUS", 3, 2}, {"INS", 5, 1}};
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    for (size_t s = 0; s < 4; s++) {
        const double *cp[2];
        for (int q = 0; q < subs[s].k; q++) cp[q] = cols[subs[s].first + q];
        double w[NY * 2];
        rc_error err;
        ck_assert(rc_weights_compute(&ws, cp, NULL, (size_t)subs[s].k, NR, NY, NULL,
                                     IND + subs[s].first, w, NULL, &err) == 0);
        for (int q = 0; q < subs[s].k; q++) {
            json_t *v = json_object_get(json_object_get(sw, subs[s].sub), IND[subs[s].first + q]);
            ck_assert(json_is_number(v));
            ck_assert_msg(close_to(w[q], json_number_value(v)), "%s %s", subs[s].sub,
                          IND[subs[s].first + q]);
        }
    }
    json_decref(sw);
}
END_TEST

/* ---------------- hand calculations and edge cases ---------------- */

START_TEST(zscore_with_scale_two_and_shift_ten_is_coinr_ten_plus_two_z)
{
    /* x = 1, 2, 3, 4 (one year, four regions): mean 2.5, sample sd sqrt(5/3); COINr's
     * n_zscore(x, c(10, 2)) = 10 + 2 (x − 2.5)/sd; a cost indicator flips the sign of z. */
    double x[4] = {1, 2, 3, 4}, out[4];
    rc_norm_spec s;
    rc_norm_default(&s);
    s.method = RC_NORM_ZSCORE;
    s.scale = 2;
    s.shift = 10;
    rc_error err;
    double sd = sqrt(5.0 / 3.0);
    ck_assert(rc_normalize(&s, x, 4, 1, 1, NULL, NULL, "K", out, NULL, &err) == 0);
    for (int i = 0; i < 4; i++) ck_assert(close_to(out[i], 10 + 2 * (x[i] - 2.5) / sd));
    ck_assert(rc_normalize(&s, x, 4, 1, -1, NULL, NULL, "K", out, NULL, &err) == 0);
    for (int i = 0; i < 4; i++) ck_assert(close_to(out[i], 10 - 2 * (x[i] - 2.5) / sd));
}
END_TEST

START_TEST(zero_range_sets_the_low_end_and_flags_it)
{
    double x[6] = {5, 5, 5, 5, 5, NAN}, out[6];
    rc_norm_spec s;
    rc_norm_default(&s);
    s.lo = 0.002;
    s.hi = 0.998;
    rc_norm_info info;
    rc_error err;
    ck_assert(rc_normalize(&s, x, 3, 2, 1, NULL, NULL, "K", out, &info, &err) == 0);
    for (int i = 0; i < 5; i++) ck_assert(out[i] == 0.002);
    ck_assert(isnan(out[5]));
    ck_assert_int_eq(info.zero_range, 1);
    s.method = RC_NORM_ZSCORE;
    ck_assert(rc_normalize(&s, x, 3, 2, 1, NULL, NULL, "K", out, &info, &err) == 0);
    for (int i = 0; i < 5; i++) ck_assert(out[i] == 0);
    ck_assert_int_eq(info.zero_range, 1);
}
END_TEST

START_TEST(every_normalisation_applies_the_direction)
{
    /* a cost indicator x scores as the benefit indicator −x (with mirrored goalposts and
     * reference value) under every method but fracmax, whose cost form is min/x */
    double x[6] = {3, -1, 7, NAN, 2, 5}, neg[6], a[6], b[6];
    for (int i = 0; i < 6; i++) neg[i] = -x[i];
    rc_error err;
    for (int m = RC_NORM_MINMAX; m <= RC_NORM_NONE; m++) {
        if (m == RC_NORM_FRACMAX) continue;
        for (int pooled = 0; pooled < 2; pooled++) {
            rc_norm_spec s, t;
            rc_norm_default(&s);
            s.method = (rc_norm_method)m;
            s.scope = pooled ? RC_SCOPE_POOLED : RC_SCOPE_PER_YEAR;
            s.gp_min = -2;
            s.gp_max = 6;
            s.ref_value = 4;
            s.ref_cap = 0;
            t = s;
            t.gp_min = -6;
            t.gp_max = 2;
            t.ref_value = -4;
            ck_assert_msg(rc_normalize(&s, x, 3, 2, -1, NULL, NULL, "K", a, NULL, &err) == 0, "%s",
                          err.msg);
            ck_assert(rc_normalize(&t, neg, 3, 2, 1, NULL, NULL, "K", b, NULL, &err) == 0);
            for (int i = 0; i < 6; i++)
                ck_assert_msg(close_to(a[i], b[i]), "%s cell %d: cost %g, mirrored benefit %g",
                              rc_norm_method_name((rc_norm_method)m), i, a[i], b[i]);
            /* and the cost result is not the benefit one (the direction did something) */
            ck_assert(rc_normalize(&s, x, 3, 2, 1, NULL, NULL, "K", b, NULL, &err) == 0);
            ck_assert_msg(!close_to(a[0], b[0]) || !close_to(a[2], b[2]),
                          "%s ignores the direction", rc_norm_method_name((rc_norm_method)m));
        }
    }
    /* none orients only: −x for a cost indicator */
    rc_norm_spec s;
    rc_norm_default(&s);
    s.method = RC_NORM_NONE;
    ck_assert(rc_normalize(&s, x, 3, 2, -1, NULL, NULL, "K", a, NULL, &err) == 0);
    ck_assert(a[0] == -3 && a[1] == 1 && isnan(a[3]));
    /* fracmax: benefit x/max, cost min/x */
    double pos[4] = {2, 4, 8, 1};
    s.method = RC_NORM_FRACMAX;
    ck_assert(rc_normalize(&s, pos, 4, 1, -1, NULL, NULL, "K", a, NULL, &err) == 0);
    ck_assert(close_to(a[0], 0.5) && close_to(a[2], 0.125) && close_to(a[3], 1));
    ck_assert(rc_normalize(&s, pos, 4, 1, 1, NULL, NULL, "K", a, NULL, &err) == 0);
    ck_assert(close_to(a[0], 0.25) && close_to(a[2], 1));
}
END_TEST

START_TEST(zero_variance_and_negative_values_where_logs_are_needed)
{
    rc_error err;
    /* z-score of a constant column: 0 and flagged; ddof 0 and 1 give sd √(n−1/n) apart */
    double c[4] = {5, 5, 5, 5}, out[4];
    rc_norm_spec s;
    rc_norm_default(&s);
    s.method = RC_NORM_ZSCORE;
    rc_norm_info info;
    ck_assert(rc_normalize(&s, c, 4, 1, 1, NULL, NULL, "K", out, &info, &err) == 0);
    ck_assert(out[0] == 0 && out[3] == 0 && info.zero_range == 1);
    double v[4] = {1, 2, 3, 4}, z1[4], z0[4];
    ck_assert(rc_normalize(&s, v, 4, 1, 1, NULL, NULL, "K", z1, NULL, &err) == 0);
    s.ddof = 0;
    ck_assert(rc_normalize(&s, v, 4, 1, 1, NULL, NULL, "K", z0, NULL, &err) == 0);
    /* sample sd = √(5/3), population sd = √(5/4) */
    ck_assert(close_to(z1[0], -1.5 / sqrt(5.0 / 3)) && close_to(z0[0], -1.5 / sqrt(5.0 / 4)));
    /* entropy needs p ln p: a negative value is refused, naming the child */
    double neg[4] = {0.5, -0.1, 0.2, 0.9};
    const double *cp[2] = {neg, v};
    const char *ids[2] = {"I_neg", "I_pos"};
    double w[2];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 2, 4, 1, NULL, ids, w, NULL, &err) != 0);
    ck_assert_msg(strstr(err.msg, "'I_neg' has -0.1") != NULL, "%s", err.msg);
    /* geometric mean needs ln x: a negative value is refused naming region, year, indicator */
    const char *regs[4] = {"R1", "R2", "R3", "R4"};
    int years[1] = {2020};
    double agg[4], wts[2] = {0.5, 0.5};
    rc_agg_spec as;
    rc_agg_default(&as);
    as.method = RC_AGG_GEOMETRIC;
    ck_assert(rc_aggregate(&as, cp, 2, 4, 1, wts, RC_MISSING_AVAILABLE, ids, regs, years, agg,
                           &err) != 0);
    ck_assert_msg(strstr(err.msg, "region R2, year 2020, indicator I_neg") != NULL, "%s", err.msg);
    /* with a shift large enough the same data aggregate: exp(Σ w ln(x + 0.5)) */
    as.shift = 0.5;
    ck_assert(rc_aggregate(&as, cp, 2, 4, 1, wts, RC_MISSING_AVAILABLE, ids, regs, years, agg,
                           &err) == 0);
    ck_assert(close_to(agg[1], exp(0.5 * log(0.4) + 0.5 * log(2.5))));
}
END_TEST

START_TEST(all_missing_values_stay_missing)
{
    double x[4] = {NAN, NAN, NAN, NAN}, out[4] = {1, 1, 1, 1};
    rc_error err;
    for (int m = RC_NORM_MINMAX; m <= RC_NORM_NONE; m++) {
        rc_norm_spec s;
        rc_norm_default(&s);
        s.method = (rc_norm_method)m;
        s.gp_min = 0;
        s.gp_max = 1;
        s.ref_value = 1;
        ck_assert_msg(rc_normalize(&s, x, 2, 2, 1, NULL, NULL, "K", out, NULL, &err) == 0, "%s",
                      err.msg);
        for (int i = 0; i < 4; i++) ck_assert(isnan(out[i]));
    }
    /* weighting an all-missing child is an error naming it */
    const double *cp[2] = {x, x};
    const char *ids[2] = {"gone", "gone2"};
    double w[4];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 2, 2, 2, NULL, ids, w, NULL, &err) != 0);
    ck_assert_msg(strstr(err.msg, "'gone'") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(a_single_region_has_zero_range_per_year_and_no_per_year_entropy)
{
    double x[3] = {1, 2, 4}, out[3];
    const char *r1[1] = {"R01"};
    rc_norm_spec s;
    rc_norm_default(&s);
    s.scope = RC_SCOPE_PER_YEAR;
    rc_norm_info info;
    rc_error err;
    ck_assert(rc_normalize(&s, x, 1, 3, 1, r1, YEARS, "K", out, &info, &err) == 0);
    ck_assert(out[0] == 0 && out[1] == 0 && out[2] == 0);
    ck_assert_int_eq(info.zero_range, 1);
    s.scope = RC_SCOPE_POOLED; /* pooled over the years: (x - 1)/3 */
    ck_assert(rc_normalize(&s, x, 1, 3, 1, r1, YEARS, "K", out, &info, &err) == 0);
    ck_assert(close_to(out[1], 1.0 / 3) && out[2] == 1 && info.zero_range == 0);

    const double *cp[2] = {out, x};
    const char *ids[2] = {"A", "B"};
    double w[6];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    ws.scope = RC_SCOPE_PER_YEAR;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 2, 1, 3, NULL, ids, w, NULL, &err) != 0);
    ck_assert_msg(strstr(err.msg, "at least 2") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(constant_columns_get_weight_zero_and_all_constant_falls_back_to_equal)
{
    /* hand entropy: column A = (0, 1, 1, 2)/…: p = 0, 1/4, 1/4, 1/2 → e = -(2·¼ln¼ + ½ln½)/ln4
     * = 0.75; column B constant → e = 1, d = 0 → w = (1, 0). */
    double a[4] = {0, 1, 1, 2}, b[4] = {0.5, 0.5, 0.5, 0.5}, zero[4] = {0, 0, 0, 0};
    const double *cp[3] = {a, b, zero};
    const char *ids[3] = {"A", "B", "Z"};
    double w[2 * 3];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    rc_weight_info info;
    rc_error err;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 3, 2, 2, NULL, ids, w, &info, &err) == 0);
    ck_assert(close_to(w[0], 1) && w[1] == 0 && w[2] == 0);
    ck_assert(close_to(w[3], 1) && w[4] == 0 && w[5] == 0);
    ws.method = RC_W_CRITIC;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 3, 2, 2, NULL, ids, w, &info, &err) == 0);
    ck_assert(w[0] == 1 && w[1] == 0 && w[2] == 0);
    ck_assert_uint_eq(info.n_dropped, 2);
    ws.method = RC_W_PCA;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 3, 2, 2, NULL, ids, w, &info, &err) == 0);
    ck_assert(w[0] == 1 && w[1] == 0 && w[2] == 0);

    /* every column constant: entropy undefined → equal, flagged */
    const double *cc[2] = {b, zero};
    ws.method = RC_W_ENTROPY;
    ck_assert(rc_weights_compute(&ws, cc, NULL, 2, 2, 2, NULL, ids, w, &info, &err) == 0);
    ck_assert(w[0] == 0.5 && w[1] == 0.5 && w[2] == 0.5 && w[3] == 0.5);
    ck_assert_int_eq(info.fallback_equal, 1);
    ck_assert(info.warning[0] != '\0');
}
END_TEST

START_TEST(hand_entropy_two_columns)
{
    /* A = (0,1,1,2): e_A = 0.75 (above); B = (1,1,2,0): same multiset → e_B = 0.75;
     * C = (1,3,0,0): p = ¼, ¾ → e = -(¼ln¼ + ¾ln¾)/ln4 */
    double a[4] = {0, 1, 1, 2}, c[4] = {1, 3, 0, 0};
    const double *cp[2] = {a, c};
    double w[2];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_ENTROPY;
    rc_error err;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 2, 4, 1, NULL, NULL, w, NULL, &err) == 0);
    double dA = 0.25, eC = -(0.25 * log(0.25) + 0.75 * log(0.75)) / log(4.0), dC = 1 - eC;
    ck_assert(close_to(w[0], dA / (dA + dC)));
    ck_assert(close_to(w[1], dC / (dA + dC)));
}
END_TEST

START_TEST(fracmax_refuses_a_zero_cost_value_naming_the_cell)
{
    rc_norm_spec s;
    rc_norm_default(&s);
    s.method = RC_NORM_FRACMAX;
    double out[NC];
    rc_error err;
    /* I3 has an exact zero at R10, 2020: fine as a benefit (x/max = 0), not as a cost */
    ck_assert(rc_normalize(&s, X[2], NR, NY, 1, REGP, YEARS, "I3", out, NULL, &err) == 0);
    ck_assert(out[0 * NR + 9] == 0);
    ck_assert(rc_normalize(&s, X[2], NR, NY, -1, REGP, YEARS, "I3", out, NULL, &err) != 0);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(err.msg, "region R10, year 2020, indicator I3") != NULL, "%s", err.msg);
    double neg[2] = {-1, 2};
    ck_assert(rc_normalize(&s, neg, 2, 1, 1, NULL, NULL, "N", out, NULL, &err) != 0);
}
END_TEST

START_TEST(frozen_bounds_and_unclipped_goalposts_count_values_beyond)
{
    double x[4] = {0, 5, 10, 12}, out[4];
    rc_norm_spec s;
    rc_norm_default(&s);
    s.has_frozen = 1;
    s.frozen_min = 2;
    s.frozen_max = 10;
    rc_norm_info info;
    rc_error err;
    ck_assert(rc_normalize(&s, x, 4, 1, 1, NULL, NULL, "K", out, &info, &err) == 0);
    ck_assert(close_to(out[0], -0.25) && close_to(out[1], 0.375) && out[2] == 1 &&
              close_to(out[3], 1.25));
    ck_assert_uint_eq(info.n_beyond, 2);
    ck_assert(info.min == 2 && info.max == 10);
    s.method = RC_NORM_FRACMAX; /* x / frozen max */
    ck_assert(rc_normalize(&s, x, 4, 1, 1, NULL, NULL, "K", out, &info, &err) == 0);
    ck_assert(close_to(out[3], 1.2) && info.n_beyond == 2);

    rc_norm_default(&s);
    s.method = RC_NORM_GOALPOSTS;
    s.gp_min = 4;
    s.gp_max = 8;
    s.clip = 0;
    ck_assert(rc_normalize(&s, x, 4, 1, -1, NULL, NULL, "K", out, &info, &err) == 0);
    ck_assert(close_to(out[0], 2) && close_to(out[1], 0.75) && close_to(out[3], -1));
    ck_assert_uint_eq(info.n_beyond, 3);
    s.clip = 1;
    ck_assert(rc_normalize(&s, x, 4, 1, -1, NULL, NULL, "K", out, &info, &err) == 0);
    ck_assert(out[0] == 1 && out[3] == 0 && info.n_beyond == 3);
}
END_TEST

START_TEST(rank_averages_ties_and_dist2ref_caps_at_one)
{
    double x[5] = {3, 1, 3, NAN, 2}, out[5];
    rc_norm_spec s;
    rc_norm_default(&s);
    s.method = RC_NORM_RANK;
    rc_error err;
    ck_assert(rc_normalize(&s, x, 5, 1, 1, NULL, NULL, "K", out, NULL, &err) == 0);
    ck_assert(out[0] == 3.5 && out[1] == 1 && out[2] == 3.5 && isnan(out[3]) && out[4] == 2);
    ck_assert(rc_normalize(&s, x, 5, 1, -1, NULL, NULL, "K", out, NULL, &err) == 0);
    ck_assert(out[0] == 1.5 && out[1] == 4 && out[2] == 1.5 && out[4] == 3);

    rc_norm_default(&s);
    s.method = RC_NORM_DIST2REF;
    s.ref_value = 2.5; /* 1 - (2.5 - x)/(2.5 - 1) */
    ck_assert(rc_normalize(&s, x, 5, 1, 1, NULL, NULL, "K", out, NULL, &err) == 0);
    ck_assert(out[0] == 1 && out[1] == 0 && close_to(out[4], 1 - 0.5 / 1.5));
    s.ref_cap = 0;
    ck_assert(rc_normalize(&s, x, 5, 1, 1, NULL, NULL, "K", out, NULL, &err) == 0);
    ck_assert(close_to(out[0], 1 + 0.5 / 1.5));
    s.ref_value = NAN;
    s.ref_region = "R99";
    const char *ids[5] = {"a", "b", "c", "d", "e"};
    ck_assert(rc_normalize(&s, x, 5, 1, 1, ids, NULL, "K", out, NULL, &err) != 0);
    ck_assert_msg(strstr(err.msg, "R99") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(ranks_descending_share_the_lowest_rank_and_skip_missing)
{
    double v[6] = {5, 7, 7, NAN, 1, 5};
    long r[6];
    rc_rank_desc(v, 6, r);
    ck_assert(r[1] == 1 && r[2] == 1 && r[0] == 3 && r[5] == 3 && r[4] == 5 && r[3] == 0);
    double m, sd;
    double y[5] = {1, 2, 3, 4, NAN};
    ck_assert_uint_eq(rc_stat_mean_sd(y, 5, 1, &m, &sd), 4);
    ck_assert(m == 2.5 && close_to(sd, sqrt(5.0 / 3)));
    ck_assert_uint_eq(rc_stat_mean_sd(y, 5, 0, &m, &sd), 4);
    ck_assert(close_to(sd, sqrt(5.0 / 4)));
}
END_TEST

START_TEST(explicit_weights_are_normalised_and_a_missing_one_is_named)
{
    double c[2] = {0, 1};
    const double *cp[3] = {c, c, c};
    const char *ids[3] = {"A", "B", "C"};
    double ew[3] = {2, 1, 1}, w[2 * 3];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_EXPLICIT;
    rc_error err;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 3, 1, 2, ew, ids, w, NULL, &err) == 0);
    ck_assert(w[0] == 0.5 && w[1] == 0.25 && w[2] == 0.25 && w[3] == 0.5 && w[5] == 0.25);
    ew[1] = NAN;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 3, 1, 2, ew, ids, w, NULL, &err) != 0);
    ck_assert_msg(strstr(err.msg, "'B'") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(cv_refuses_a_non_positive_mean)
{
    double a[3] = {-1, 0, 0.5}, b[3] = {1, 2, 3};
    const double *cp[2] = {a, b};
    const char *ids[2] = {"neg", "pos"};
    double w[2];
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_CV;
    rc_error err;
    ck_assert(rc_weights_compute(&ws, cp, NULL, 2, 3, 1, NULL, ids, w, NULL, &err) != 0);
    ck_assert_msg(strstr(err.msg, "'neg'") && strstr(err.msg, "mean"), "%s", err.msg);
}
END_TEST


/* ---------------- parsing ---------------- */

static struct rc_node *yaml(const char *text)
{
    rc_error err;
    struct rc_node *n = rc_yaml_load_string(text, strlen(text), "t.yaml", &err);
    ck_assert_msg(n != NULL, "%s", err.msg);
    return n;
}

START_TEST(pca_varimax_of_two_components_matches_the_reference)
{
    /* weights.json pca_*_2comp_varimax: loadings u·√λ of the first two components,
     * varimax-rotated (Kaiser-normalised, R stats::varimax), β = Σ η_q |a| (or a²) with the
     * unrotated shares η_q = λ_q/Σλ */
    static double cols[NI][NC];
    rc_norm_spec ns;
    rc_norm_default(&ns);
    ns.method = RC_NORM_ZSCORE;
    normalise_all(&ns, cols);
    rc_weight_spec ws;
    rc_weights_default(&ws);
    ws.method = RC_W_PCA;
    ws.pca_components = 2;
    ws.pca_rotation = 1;
    double w[NY * NI];
    rc_weight_info info;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "pca_abs_2comp_varimax", NULL, NI);
    check_weights(w + 2 * NI, "pca_abs_2comp_varimax", NULL, NI);
    ck_assert_uint_eq(info.pca_kept, 2);
    double total = 0;
    for (int q = 0; q < NI; q++) total += jnum("pca_eigenvalues", NULL, (size_t)q);
    ck_assert(close_to(info.pca_explained,
                       (jnum("pca_eigenvalues", NULL, 0) + jnum("pca_eigenvalues", NULL, 1)) / total));
    ws.pca_squared = 1;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "pca_sq_2comp_varimax", NULL, NI);

    /* with one component (the Kaiser rule here) varimax is a no-op */
    ws.pca_components = 0;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "pca_sq_kaiser_varimax", NULL, NI);
    ws.pca_squared = 0;
    compute(&ws, cols, NULL, w, &info);
    check_weights(w, "pca_abs_kaiser_varimax", NULL, NI);

    /* two components unrotated differ from the rotated weights */
    ws.pca_components = 2;
    ws.pca_rotation = 0;
    compute(&ws, cols, NULL, w, &info);
    double diff = 0;
    for (int j = 0; j < NI; j++) diff = fmax(diff, fabs(w[j] - jnum("pca_abs_2comp_varimax", NULL, (size_t)j)));
    ck_assert_msg(diff > 1e-3, "rotation made no difference (%g)", diff);

    /* more components asked than columns: all of them are kept */
    ws.pca_components = 50;
    compute(&ws, cols, NULL, w, &info);
    ck_assert_uint_eq(info.pca_kept, NI);
    ck_assert(close_to(info.pca_explained, 1));
}
END_TEST

START_TEST(ahp_random_index_is_a_parameter_and_beyond_ten_warns)
{
    struct rc_node *root = yaml(
        /* CI = 0.003454 (weights.json ahp): CR = CI / RI(4) */
        "a: {method: ahp, matrix: [[1, 2, 3, 2], [1/2, 1, 2, 1], [1/3, 1/2, 1, 1/2], [1/2, 1, 2, 1]], ri: [0, 0, 0.52, 0.89]}\n"
        "b: {method: ahp, matrix: [[1, 2, 3, 2], [1/2, 1, 2, 1], [1/3, 1/2, 1, 1/2], [1/2, 1, 2, 1]], ri: saaty}\n"
        "c: {method: ahp, matrix: [[1, 2, 3, 2], [1/2, 1, 2, 1], [1/3, 1/2, 1, 1/2], [1/2, 1, 2, 1]], ri: [0, 0, 0.52]}\n"
        "d: {method: ahp, matrix: [[1, 2, 3, 2], [1/2, 1, 2, 1], [1/3, 1/2, 1, 1/2], [1/2, 1, 2, 1]], ri: [0, 0, 0.52, 0]}\n"
        "e: {method: ahp, matrix: [[1, 2, 3, 2], [1/2, 1, 2, 1], [1/3, 1/2, 1, 1/2], [1/2, 1, 2, 1]], ri: fancy}\n"
        "f: {ri: [0, 0, 0.58, 0.001]}\n");
    double ci = jnum("ahp", "CI", 0);
    rc_weight_spec s, s2;
    rc_error err;
    double cols[4][NC] = {{0}}, w[NY * 4];
    const double *cp[4] = {cols[0], cols[1], cols[2], cols[3]};
    const char *ids[4] = {"A", "B", "C", "D"};
    rc_weight_info info;
    ck_assert_msg(rc_weights_parse(rc_node_get(root, "a"), NULL, &s, &err) == 0, "%s", err.msg);
    ck_assert(rc_weights_compute(&s, cp, NULL, 4, NR, NY, NULL, ids, w, &info, &err) == 0);
    ck_assert(close_to(info.ahp_cr, ci / 0.89));
    check_weights(w, "ahp", "w_eigen", 4);
    ck_assert_str_eq(info.warning, "");
    /* inheriting the matrix with a tiny RI for n = 4 makes it inconsistent: re-checked */
    ck_assert(rc_weights_parse(rc_node_get(root, "f"), &s, &s2, &err) != 0);
    ck_assert_msg(strstr(err.msg, "inconsistent: CR = 3.4543") != NULL, "%s", err.msg);
    rc_weights_free(&s);
    ck_assert(rc_weights_parse(rc_node_get(root, "b"), NULL, &s, &err) == 0);
    ck_assert(rc_weights_compute(&s, cp, NULL, 4, NR, NY, NULL, ids, w, &info, &err) == 0);
    ck_assert(close_to(info.ahp_cr, jnum("ahp", "CR", 0)));
    rc_weights_free(&s);
    ck_assert(rc_weights_parse(rc_node_get(root, "c"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "random index is known only up to n = 3") != NULL, "%s", err.msg);
    ck_assert(rc_weights_parse(rc_node_get(root, "d"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "random index for n = 4 must be a number > 0") != NULL, "%s",
                  err.msg);
    ck_assert(rc_weights_parse(rc_node_get(root, "e"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "'ri' must be saaty or a list") != NULL, "%s", err.msg);

    /* n = 11, a consistent matrix a_ij = v_i/v_j: weights v/Σv, CR = 0, and Saaty's table
     * beyond n = 10 is flagged */
    enum { N = 11 };
    static double m[N * N];
    double v[N], vs = 0;
    for (int i = 0; i < N; i++) vs += (v[i] = i + 1);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) m[i * N + j] = v[i] / v[j];
    rc_weights_default(&s);
    s.method = RC_W_AHP;
    s.ahp_n = N;
    s.ahp_matrix = m;
    static double c11[N][4];
    const double *cp11[N];
    for (int j = 0; j < N; j++) cp11[j] = c11[j];
    double w11[2 * N]; /* ny = 2 years × N children */
    ck_assert(rc_weights_compute(&s, cp11, NULL, N, 2, 2, NULL, NULL, w11, &info, &err) == 0);
    for (int j = 0; j < N; j++) ck_assert(close_to(w11[j], v[j] / vs));
    ck_assert(fabs(info.ahp_cr) < 1e-9);
    ck_assert_msg(strstr(info.warning, "beyond n = 10") && strstr(info.warning, "1.51"), "%s",
                  info.warning);
    /* a user table is the user's choice: no warning */
    s.ahp_n_ri = N;
    for (int j = 0; j < N; j++) s.ahp_ri[j] = j < 2 ? 0 : 1.5;
    ck_assert(rc_weights_compute(&s, cp11, NULL, N, 2, 2, NULL, NULL, w11, &info, &err) == 0);
    ck_assert_str_eq(info.warning, "");
    rc_node_free(root);
}
END_TEST


START_TEST(normalize_parses_strings_and_mappings_with_inheritance)
{
    struct rc_node *root = yaml("a: zscore\n"
                                "b: {method: minmax, scope: per_year, range: [0.01, 0.99], shift: 0.001}\n"
                                "c: {method: goalposts, min: 10, max: 20, clip: false}\n"
                                "d: {method: dist2ref, region: R01, year: 2020, cap: no}\n"
                                "e: {scope: pooled}\n");
    rc_norm_spec s, inh;
    rc_error err;
    ck_assert(rc_norm_parse(rc_node_get(root, "a"), NULL, &s, &err) == 0);
    ck_assert(s.method == RC_NORM_ZSCORE && s.ddof == 1 && s.scope == RC_SCOPE_POOLED);
    ck_assert(rc_norm_parse(rc_node_get(root, "b"), NULL, &inh, &err) == 0);
    ck_assert(inh.scope == RC_SCOPE_PER_YEAR && inh.lo == 0.01 && inh.hi == 0.99 &&
              inh.shift == 0.001);
    /* `e` overrides only the scope and inherits the range and shift */
    ck_assert(rc_norm_parse(rc_node_get(root, "e"), &inh, &s, &err) == 0);
    ck_assert(s.method == RC_NORM_MINMAX && s.scope == RC_SCOPE_POOLED && s.lo == 0.01 &&
              s.shift == 0.001);
    rc_norm_free(&s);
    rc_norm_free(&inh);
    ck_assert(rc_norm_parse(rc_node_get(root, "c"), NULL, &s, &err) == 0);
    ck_assert(s.gp_min == 10 && s.gp_max == 20 && s.clip == 0);
    ck_assert(rc_norm_parse(rc_node_get(root, "d"), NULL, &s, &err) == 0);
    ck_assert_str_eq(s.ref_region, "R01");
    ck_assert(s.has_ref_year && s.ref_year == 2020 && s.ref_cap == 0);
    rc_norm_free(&s);
    rc_node_free(root);
}
END_TEST

START_TEST(normalize_typos_are_errors_listing_the_valid_choices)
{
    struct rc_node *root = yaml("a: minmx\n"
                                "b: {method: minmax, rnage: [0, 1]}\n"
                                "c: {method: goalposts, min: 3}\n"
                                "d: {method: zscore, scope: yearly}\n");
    rc_norm_spec s;
    rc_error err;
    ck_assert(rc_norm_parse(rc_node_get(root, "a"), NULL, &s, &err) != 0);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(err.msg, "t.yaml:1:4: unknown normalisation method 'minmx'") &&
                      strstr(err.msg, "valid: minmax, zscore, goalposts, rank, fracmax, "
                                      "dist2ref, none"),
                  "%s", err.msg);
    ck_assert(rc_norm_parse(rc_node_get(root, "b"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "t.yaml:2:21: unknown parameter 'rnage'") &&
                      strstr(err.msg, "did you mean 'range'") &&
                      strstr(err.msg, "valid: method, scope, shift, range"),
                  "%s", err.msg);
    ck_assert(rc_norm_parse(rc_node_get(root, "c"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "'min' and 'max'"), "%s", err.msg);
    ck_assert(rc_norm_parse(rc_node_get(root, "d"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "valid: pooled, per_year"), "%s", err.msg);
    rc_node_free(root);
}
END_TEST

/* Overflow never gives silent zeros. Min-max with extremes ±1.7e308 (max − min overflows)
 * gives 0, 0.25, 0.5, 1 exactly as on ±1; z-scores of values × 1e200 (the squares
 * overflow) equal the z-scores of the values themselves; today every cell came out 0. */
START_TEST(overflowing_extremes_and_moments_give_the_right_values)
{
    double x[4] = {-1.7e308, -0.85e308, 0, 1.7e308}, out[4];
    rc_norm_spec s;
    rc_norm_default(&s);
    rc_error err;
    ck_assert(rc_normalize(&s, x, 4, 1, 1, NULL, NULL, "K", out, NULL, &err) == 0);
    const double want[4] = {0, 0.25, 0.5, 1};
    for (int i = 0; i < 4; i++) ck_assert_msg(close_to(out[i], want[i]), "%d: %g", i, out[i]);
    ck_assert(rc_normalize(&s, x, 4, 1, -1, NULL, NULL, "K", out, NULL, &err) == 0);
    for (int i = 0; i < 4; i++) ck_assert(close_to(out[i], 1 - want[i]));

    /* z-scores: 1, 2, 3, 4 → (x − 2.5)/sqrt(5/3), the same for 1e200·x */
    double y[4] = {1e200, 2e200, 3e200, 4e200};
    s.method = RC_NORM_ZSCORE;
    s.scale = 1;
    ck_assert(rc_normalize(&s, y, 4, 1, 1, NULL, NULL, "K", out, NULL, &err) == 0);
    double sd = sqrt(5.0 / 3.0);
    for (int i = 0; i < 4; i++)
        ck_assert_msg(close_to(out[i], (i + 1 - 2.5) / sd), "%d: %.17g", i, out[i]);
    double mean, sdv;
    ck_assert_uint_eq(rc_stat_mean_sd(y, 4, 1, &mean, &sdv), 4);
    ck_assert(fabs(mean / 2.5e200 - 1) < 1e-15 && fabs(sdv / (sd * 1e200) - 1) < 1e-15);
    /* sums beyond the range: mean of 1.5e308 and 1.7e308 */
    double z[2] = {1.5e308, 1.7e308};
    rc_stat_mean_sd(z, 2, 0, &mean, &sdv);
    ck_assert(fabs(mean / 1.6e308 - 1) < 1e-15 && fabs(sdv / 0.1e308 - 1) < 1e-12);
}
END_TEST

/* Parameters that make a result infinite downstream are config errors at the parameter. */
START_TEST(parameters_that_make_results_infinite_are_config_errors)
{
    struct rc_node *root = yaml("a: {method: minmax, range: [-1e308, 1e308]}\n"
                                "b: {method: minmax, shift: 1e308}\n"
                                "c: {method: zscore, scale: 1e305}\n"
                                "d: {method: goalposts, min: -1e308, max: 1e308}\n"
                                "e: {method: minmax, range: [0, 100], shift: 0.0001}\n");
    rc_norm_spec s;
    rc_error err;
    const char *keys[4] = {"a", "b", "c", "d"};
    for (int i = 0; i < 4; i++) {
        ck_assert(rc_norm_parse(rc_node_get(root, keys[i]), NULL, &s, &err) != 0);
        ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
        char line[16];
        snprintf(line, sizeof line, "t.yaml:%d:", i + 1);
        ck_assert_msg(strstr(err.msg, line) &&
                          (strstr(err.msg, "infinite") || strstr(err.msg, "overflows")),
                      "%s: %s", keys[i], err.msg);
    }
    ck_assert(rc_norm_parse(rc_node_get(root, "e"), NULL, &s, &err) == 0);
    rc_norm_free(&s);
    rc_node_free(root);
}
END_TEST

START_TEST(weights_parse_methods_and_ahp_fractions)
{
    struct rc_node *root = yaml(
        "a: entropy\n"
        "b: {method: pca, squared: true, threshold: 0.5, scope: per_year}\n"
        "c: {method: ahp, matrix: [[1, 3], [1/3, 1]], order: [y, x]}\n"
        "d: {method: entorpy}\n"
        "e: {method: critic, shift: 0.1}\n"
        "f: {method: ahp, matrix: [[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]]}\n"
        "g: {method: ahp, matrix: [[1, 9, 1/9], [1/9, 1, 9], [9, 1/9, 1]], allow_inconsistent: true}\n"
        "h: {method: ahp, matrix: [[1, 3], [0.5, 1]]}\n"
        "i: {method: ahp, matrix: [[1, -3], [-1/3, 1]]}\n");
    rc_weight_spec s;
    rc_error err;
    ck_assert(rc_weights_parse(rc_node_get(root, "a"), NULL, &s, &err) == 0);
    ck_assert(s.method == RC_W_ENTROPY && s.scope == RC_SCOPE_POOLED && s.shift == 0);
    ck_assert(rc_weights_parse(rc_node_get(root, "b"), NULL, &s, &err) == 0);
    ck_assert(s.method == RC_W_PCA && s.pca_squared == 1 && s.pca_threshold == 0.5 &&
              s.scope == RC_SCOPE_PER_YEAR);
    ck_assert_msg(rc_weights_parse(rc_node_get(root, "c"), NULL, &s, &err) == 0, "%s", err.msg);
    ck_assert(s.ahp_n == 2 && s.ahp_matrix[1] == 3 && close_to(s.ahp_matrix[2], 1.0 / 3));
    ck_assert_str_eq(s.ahp_order[0], "y");
    /* 2×2: w = (3/4, 1/4) for (y, x), CR = 0 */
    double col[2] = {0, 1}, w[2];
    const double *cp[2] = {col, col};
    const char *ids[2] = {"x", "y"};
    rc_weight_info info;
    ck_assert(rc_weights_compute(&s, cp, NULL, 2, 2, 1, NULL, ids, w, &info, &err) == 0);
    ck_assert(close_to(w[0], 0.25) && close_to(w[1], 0.75) && info.ahp_cr == 0);
    rc_weights_free(&s);

    ck_assert(rc_weights_parse(rc_node_get(root, "d"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "t.yaml:4:13: unknown weighting method 'entorpy'") &&
                      strstr(err.msg, "did you mean 'entropy'") &&
                      strstr(err.msg, "valid: equal, explicit, entropy, critic, cv, pca, ahp"),
                  "%s", err.msg);
    ck_assert(rc_weights_parse(rc_node_get(root, "e"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "unknown parameter 'shift'") &&
                      strstr(err.msg, "valid: method, scope"),
                  "%s", err.msg);
    /* cyclic judgements: λmax = 1 + 2·(9·9·9)^(1/3)/… — just pin CR > 0.1 and its text */
    ck_assert(rc_weights_parse(rc_node_get(root, "f"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "inconsistent: CR = ") && strstr(err.msg, "t.yaml:6:"), "%s",
                  err.msg);
    ck_assert(rc_weights_parse(rc_node_get(root, "g"), NULL, &s, &err) == 0);
    const double *cp3[3] = {col, col, col};
    const char *ids3[3] = {"p", "q", "r"};
    double w3[3];
    ck_assert(rc_weights_compute(&s, cp3, NULL, 3, 2, 1, NULL, ids3, w3, &info, &err) == 0);
    /* A = [[1,9,1/9],[1/9,1,9],[9,1/9,1]] is circulant: λmax = 1 + 9 + 1/9, w = ⅓ each,
     * CR = ((λmax - 3)/2)/0.58 */
    ck_assert(close_to(info.ahp_cr, ((1 + 9 + 1.0 / 9 - 3) / 2) / 0.58));
    ck_assert(close_to(w3[0], 1.0 / 3) && close_to(w3[2], 1.0 / 3));
    rc_weights_free(&s);
    ck_assert(rc_weights_parse(rc_node_get(root, "h"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "not reciprocal"), "%s", err.msg);
    ck_assert(rc_weights_parse(rc_node_get(root, "i"), NULL, &s, &err) != 0);
    ck_assert_msg(strstr(err.msg, "positive"), "%s", err.msg);
    rc_node_free(root);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("norm_weights");
    TCase *n = tcase_create("normalisation");
    tcase_add_checked_fixture(n, setup, NULL);
    tcase_add_test(n, every_normalisation_matches_the_reference_in_both_scopes);
    tcase_add_test(n, zero_range_sets_the_low_end_and_flags_it);
    tcase_add_test(n, zscore_with_scale_two_and_shift_ten_is_coinr_ten_plus_two_z);
    tcase_add_test(n, all_missing_values_stay_missing);
    tcase_add_test(n, a_single_region_has_zero_range_per_year_and_no_per_year_entropy);
    tcase_add_test(n, fracmax_refuses_a_zero_cost_value_naming_the_cell);
    tcase_add_test(n, frozen_bounds_and_unclipped_goalposts_count_values_beyond);
    tcase_add_test(n, rank_averages_ties_and_dist2ref_caps_at_one);
    tcase_add_test(n, ranks_descending_share_the_lowest_rank_and_skip_missing);
    suite_add_tcase(s, n);
    TCase *w = tcase_create("weights");
    tcase_add_checked_fixture(w, wsetup, wteardown);
    tcase_add_test(w, pooled_entropy_weights_match_the_reference_for_each_normalisation);
    tcase_add_test(w, entropy_shift_parameter_equals_shifting_the_normalised_values);
    tcase_add_test(w, per_year_entropy_gives_each_year_its_cross_section_weights);
    tcase_add_test(w, critic_and_cv_weights_match_the_reference);
    tcase_add_test(w, pca_weights_use_loadings_of_components_above_the_threshold);
    tcase_add_test(w, ahp_gives_the_principal_eigenvector_and_consistency_ratio);
    tcase_add_test(w, pca_varimax_of_two_components_matches_the_reference);
    tcase_add_test(w, every_normalisation_applies_the_direction);
    tcase_add_test(w, zero_variance_and_negative_values_where_logs_are_needed);
    tcase_add_test(w, ahp_random_index_is_a_parameter_and_beyond_ten_warns);
    tcase_add_test(w, equal_weights_are_one_over_k_in_every_year);
    tcase_add_test(w, subsystem_entropy_weights_match_the_reference);
    tcase_add_test(w, constant_columns_get_weight_zero_and_all_constant_falls_back_to_equal);
    tcase_add_test(w, hand_entropy_two_columns);
    tcase_add_test(w, explicit_weights_are_normalised_and_a_missing_one_is_named);
    tcase_add_test(w, cv_refuses_a_non_positive_mean);
    suite_add_tcase(s, w);
    TCase *p = tcase_create("parsing");
    tcase_add_test(p, normalize_parses_strings_and_mappings_with_inheritance);
    tcase_add_test(p, normalize_typos_are_errors_listing_the_valid_choices);
    tcase_add_test(p, overflowing_extremes_and_moments_give_the_right_values);
    tcase_add_test(p, parameters_that_make_results_infinite_are_config_errors);
    tcase_add_test(p, weights_parse_methods_and_ahp_fractions);
    suite_add_tcase(s, p);
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
