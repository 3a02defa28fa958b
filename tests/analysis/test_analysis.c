/* tests/analysis/test_analysis.c — the analyses against ../shared/reference/expected
 * (coupling, disparity, Dagum, convergence, Moran, KDE, obstacle degree) at 1e-9 relative,
 * their edge cases (zero subsystem, singleton group, island, constant series, a region
 * missing a year), config validation messages and the result tables rc_analysis_run
 * writes. */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/kernels.h"
#include "config/model.h"
#include "config/node.h"
#include "util/str.h"

#define REF REGCOORD_SHARED_DIR "/reference/expected/"
#define TOY REGCOORD_SHARED_DIR "/reference/toy/"

/* ---------------- helpers ---------------- */
static int close_rel(double a, double b, double tol)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (a == b) return 1;
    return fabs(a - b) <= tol * fabs(b);
}

#define ck_close(a, b)                                                                      \
    do {                                                                                    \
        double a_ = (a), b_ = (b);                                                          \
        ck_assert_msg(close_rel(a_, b_, 1e-9), "%s = %.17g, expected %.17g", #a, a_, b_); \
    } while (0)

/* A CSV file (no quoting) as rows of fields; row 0 is the header. */
typedef struct csvf {
    size_t nrows, ncols;
    char ***cell;
} csvf;

static csvf *csv_read(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    csvf *c = calloc(1, sizeof *c);
    char line[4096];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!*line) continue;
        if (c->nrows == cap) {
            cap = cap ? cap * 2 : 64;
            c->cell = realloc(c->cell, cap * sizeof *c->cell);
        }
        char **row = calloc(64, sizeof *row);
        size_t k = 0;
        char *p = line;
        for (;;) {
            char *comma = strchr(p, ',');
            if (comma) *comma = 0;
            row[k++] = strdup(p);
            if (!comma || k == 63) break;
            p = comma + 1;
        }
        if (c->nrows == 0) c->ncols = k;
        c->cell[c->nrows++] = row;
    }
    fclose(f);
    return c;
}

static void csv_free(csvf *c)
{
    for (size_t r = 0; r < c->nrows; r++) {
        for (size_t k = 0; c->cell[r][k]; k++) free(c->cell[r][k]);
        free(c->cell[r]);
    }
    free(c->cell);
    free(c);
}

static size_t csv_col(const csvf *c, const char *name)
{
    for (size_t k = 0; k < c->ncols; k++)
        if (strcmp(c->cell[0][k], name) == 0) return k;
    ck_abort_msg("column %s missing", name);
    return 0;
}

static double num(const char *s) { return *s ? strtod(s, NULL) : NAN; }

static json_t *json_read(const char *path)
{
    json_error_t je;
    json_t *j = json_load_file(path, 0, &je);
    ck_assert_msg(j != NULL, "cannot read %s: %s", path, je.text);
    return j;
}

static double jnum(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    ck_assert_msg(v != NULL && json_is_number(v), "key %s missing", key);
    return json_number_value(v);
}

/* The toy composite S (series_S.csv): 12 regions × 3 years, the regions' groups. */
static const char *const toy_regions[12] = {"R01", "R02", "R03", "R04", "R05", "R06",
                                            "R07", "R08", "R09", "R10", "R11", "R12"};
static double toy_S[3][12];
static size_t toy_group[12]; /* 0 Central, 1 East, 2 West (sorted labels) */
static const char *const toy_group_names[3] = {"Central", "East", "West"};

static void load_toy_S(void)
{
    csvf *c = csv_read(REF "series_S.csv");
    size_t cr = csv_col(c, "region"), cg = csv_col(c, "group"), cy = csv_col(c, "year"),
           cs = csv_col(c, "S_linear_entropy");
    for (size_t r = 1; r < c->nrows; r++) {
        int reg = atoi(c->cell[r][cr] + 1) - 1;
        int yr = atoi(c->cell[r][cy]) - 2020;
        toy_S[yr][reg] = num(c->cell[r][cs]);
        for (size_t g = 0; g < 3; g++)
            if (strcmp(c->cell[r][cg], toy_group_names[g]) == 0) toy_group[reg] = g;
    }
    csv_free(c);
}

/* Rook contiguity of the toy grid from contiguity.csv, row-standardised. */
static rc_spatial toy_w;
static size_t toy_nbr[64];
static double toy_wt[64];
static size_t toy_off[13];

static void load_toy_w(void)
{
    csvf *c = csv_read(TOY "contiguity.csv");
    size_t deg[12] = {0};
    for (size_t r = 1; r < c->nrows; r++) deg[atoi(c->cell[r][0] + 1) - 1]++;
    toy_off[0] = 0;
    for (size_t i = 0; i < 12; i++) toy_off[i + 1] = toy_off[i] + deg[i];
    size_t fill[12] = {0};
    for (size_t r = 1; r < c->nrows; r++) {
        size_t i = (size_t)atoi(c->cell[r][0] + 1) - 1, j = (size_t)atoi(c->cell[r][1] + 1) - 1;
        toy_nbr[toy_off[i] + fill[i]] = j;
        toy_wt[toy_off[i] + fill[i]] = 1.0 / (double)deg[i];
        fill[i]++;
    }
    csv_free(c);
    toy_w.n = 12;
    toy_w.off = toy_off;
    toy_w.nbr = toy_nbr;
    toy_w.w = toy_wt;
    toy_w.source = (char *)"adjacency";
}

static void setup(void)
{
    load_toy_S();
    load_toy_w();
}

/* ---------------- coupling ---------------- */
START_TEST(coupling_matches_ccd_reference_for_every_row)
{
    csvf *c = csv_read(REF "ccd.csv");
    const char *dims[4] = {"INF", "DAT", "FUS", "INS"};
    size_t cu[4];
    char name[32];
    for (int k = 0; k < 4; k++) {
        snprintf(name, sizeof name, "U_%s", dims[k]);
        cu[k] = csv_col(c, name);
    }
    size_t ccs = csv_col(c, "C_standard"), ccw = csv_col(c, "C_wang2021"), ct = csv_col(c, "T"),
           cds = csv_col(c, "D_standard"), cdw = csv_col(c, "D_wang2021"),
           cls = csv_col(c, "level_standard"), cln = csv_col(c, "level_name_standard"),
           clw = csv_col(c, "level_wang2021"), ce = csv_col(c, "E_INF_over_FUS"),
           clag = csv_col(c, "lagging_subsystem");
    size_t checked = 0;
    for (size_t r = 1; r < c->nrows; r++, checked++) {
        char **row = c->cell[r];
        double u[4];
        for (int k = 0; k < 4; k++) u[k] = num(row[cu[k]]);
        double Cs = rc_ccd_coupling(u, 4, RC_CCD_STANDARD);
        double Cw = rc_ccd_coupling(u, 4, RC_CCD_WANG2021);
        double T = rc_ccd_T(u, NULL, 4);
        ck_close(Cs, num(row[ccs]));
        ck_close(Cw, num(row[ccw]));
        ck_close(T, num(row[ct]));
        ck_close(sqrt(Cs * T), num(row[cds]));
        ck_close(sqrt(Cw * T), num(row[cdw]));
        ck_assert_int_eq(rc_ccd_level(sqrt(Cs * T)), atoi(row[cls]));
        ck_assert_str_eq(rc_ccd_level_zh(rc_ccd_level(sqrt(Cs * T))), row[cln]);
        ck_assert_int_eq(rc_ccd_level(sqrt(Cw * T)), atoi(row[clw]));
        ck_close(rc_ccd_relative(u[0], u[2]), num(row[ce]));
        long lag = rc_ccd_lagging(u, 4, 0.1);
        ck_assert_str_eq(lag < 0 ? "" : dims[lag], row[clag]);
    }
    ck_assert_uint_eq(checked, 12 * 3); /* every region-year of the toy panel */
    csv_free(c);
}
END_TEST

START_TEST(coupling_is_exactly_zero_when_a_subsystem_scores_zero)
{
    double u[3] = {0.5, 0.0, 0.9};
    ck_assert(rc_ccd_coupling(u, 3, RC_CCD_STANDARD) == 0.0);
    ck_assert(rc_ccd_coupling(u, 3, RC_CCD_WANG2021) == 0.0);
    double z[2] = {0.0, 0.0};
    ck_assert(rc_ccd_coupling(z, 2, RC_CCD_STANDARD) == 0.0);
    /* two subsystems by hand: C = 2√(0.36·0.64)/(0.36 + 0.64) = 0.96 */
    double two[2] = {0.36, 0.64};
    ck_close(rc_ccd_coupling(two, 2, RC_CCD_STANDARD), 0.96);
    /* Wang 2021, k = 2: √((1 − 0.28)·(0.36/0.64)) = √0.405 */
    ck_close(rc_ccd_coupling(two, 2, RC_CCD_WANG2021), sqrt(0.72 * 0.5625));
    double nan_u[2] = {NAN, 0.5};
    ck_assert(isnan(rc_ccd_coupling(nan_u, 2, RC_CCD_STANDARD)));
    ck_assert(isnan(rc_ccd_coupling(two, 1, RC_CCD_STANDARD)));
}
END_TEST

START_TEST(coupling_levels_are_closed_below_after_rounding_to_four_decimals)
{
    ck_assert_int_eq(rc_ccd_level(0.0), 0);
    ck_assert_int_eq(rc_ccd_level(0.09994), 0);
    ck_assert_int_eq(rc_ccd_level(0.09995), 1); /* rounds to 0.1000 */
    ck_assert_int_eq(rc_ccd_level(0.1), 1);
    ck_assert_int_eq(rc_ccd_level(0.59994), 5);
    ck_assert_int_eq(rc_ccd_level(0.9), 9);
    ck_assert_int_eq(rc_ccd_level(1.0), 9);
    ck_assert_int_eq(rc_ccd_level(NAN), -1);
    ck_assert_str_eq(rc_ccd_level_zh(0), "极度失调");
    ck_assert_str_eq(rc_ccd_level_zh(9), "优质协调");
    ck_assert_str_eq(rc_ccd_level_en(5), "barely coordinated");
    double bal[3] = {0.5, 0.55, 0.6};
    ck_assert_int_eq(rc_ccd_lagging(bal, 3, 0.1), -1);
}
END_TEST

/* ---------------- disparity ---------------- */
START_TEST(disparity_matches_reference_per_year)
{
    json_t *ref = json_read(REF "disparity.json");
    double work[12];
    for (int t = 0; t < 3; t++) {
        char yr[8];
        snprintf(yr, sizeof yr, "%d", 2020 + t);
        json_t *o = json_object_get(ref, yr);
        const double *y = toy_S[t];
        double mean, sd;
        ck_close(rc_cv(y, 12, 0, &mean, &sd), jnum(o, "cv_pop"));
        ck_close(mean, jnum(o, "mean"));
        ck_close(sd, jnum(o, "sd_pop"));
        ck_close(rc_cv(y, 12, 1, NULL, &sd), jnum(o, "cv_sample"));
        ck_close(sd, jnum(o, "sd_sample"));
        double G = rc_gini(y, 12, work);
        ck_close(G, jnum(o, "gini"));
        ck_close(G * 12.0 / 11.0, jnum(o, "gini_n_over_n_minus_1"));

        json_t *th = json_object_get(o, "theil");
        rc_theil tt;
        double Tg[3], Lg[3];
        ck_assert_int_eq(rc_theil_decompose(y, toy_group, 12, 3, &tt, Tg, Lg), 0);
        ck_close(tt.T, jnum(th, "T"));
        ck_close(tt.L, jnum(th, "L"));
        ck_close(tt.T_between, jnum(th, "T_between"));
        ck_close(tt.T_within, jnum(th, "T_within"));
        ck_close(tt.L_between, jnum(th, "L_between"));
        ck_close(tt.L_within, jnum(th, "L_within"));
        for (int g = 0; g < 3; g++) {
            char key[64];
            snprintf(key, sizeof key, "T_within_%s", toy_group_names[g]);
            ck_close(Tg[g], jnum(th, key));
            snprintf(key, sizeof key, "L_within_%s", toy_group_names[g]);
            ck_close(Lg[g], jnum(th, key));
        }

        json_t *dg = json_object_get(o, "dagum");
        rc_dagum_result d;
        double mg[3], Gjj[3], Gjh[9], Djh[9];
        size_t ng[3], order[3];
        ck_assert_int_eq(rc_dagum(y, toy_group, 12, 3, &d, mg, ng, Gjj, Gjh, Djh, order), 0);
        ck_close(d.G, jnum(dg, "G"));
        ck_close(d.Gw, jnum(dg, "Gw"));
        ck_close(d.Gnb, jnum(dg, "Gnb"));
        ck_close(d.Gt, jnum(dg, "Gt"));
        ck_close(d.share_Gw, jnum(dg, "share_Gw"));
        ck_close(d.share_Gnb, jnum(dg, "share_Gnb"));
        ck_close(d.share_Gt, jnum(dg, "share_Gt"));
        ck_assert(fabs(d.Gw + d.Gnb + d.Gt - d.G) < 1e-15);
        json_t *by = json_object_get(dg, "groups_by_mean");
        for (size_t g = 0; g < 3; g++)
            ck_assert_str_eq(toy_group_names[order[g]],
                             json_string_value(json_array_get(by, g)));
        for (size_t g = 0; g < 3; g++)
            ck_close(Gjj[g], jnum(json_object_get(dg, "Gjj"), toy_group_names[g]));
        /* pairs "richer-poorer" */
        for (size_t a = 0; a < 3; a++)
            for (size_t b = 0; b < 3; b++) {
                if (mg[a] <= mg[b]) continue;
                char key[64];
                snprintf(key, sizeof key, "%s-%s", toy_group_names[a], toy_group_names[b]);
                ck_close(Gjh[a * 3 + b], jnum(json_object_get(dg, "Gjh"), key));
                ck_close(Djh[a * 3 + b], jnum(json_object_get(dg, "Djh"), key));
                ck_close(Gjh[b * 3 + a], Gjh[a * 3 + b]);
            }
    }
    json_decref(ref);
}
END_TEST

START_TEST(dagum_reproduces_the_public_example_to_its_four_decimals)
{
    csvf *in = csv_read(REGCOORD_SHARED_DIR "/reference/dagum_example/dagum_example_input.csv");
    csvf *out = csv_read(REGCOORD_SHARED_DIR "/reference/dagum_example/dagum_example_peer_output.csv");
    size_t cy = csv_col(in, "year"), cg = csv_col(in, "group"), cv = csv_col(in, "value");
    for (size_t orow = 1; orow < out->nrows; orow++) {
        int year = atoi(out->cell[orow][0]);
        double y[400];
        size_t g[400], n = 0;
        for (size_t r = 1; r < in->nrows; r++) {
            if (atoi(in->cell[r][cy]) != year) continue;
            y[n] = num(in->cell[r][cv]);
            g[n] = (size_t)atoi(in->cell[r][cg]) - 1;
            n++;
        }
        ck_assert_uint_gt(n, 0);
        rc_dagum_result d;
        double mg[3], Gjj[3], Gjh[9], Djh[9];
        size_t ng[3], order[3];
        ck_assert_int_eq(rc_dagum(y, g, n, 3, &d, mg, ng, Gjj, Gjh, Djh, order), 0);
        char **row = out->cell[orow];
        /* columns: year, 总体, 1, 2, 3, 1-2, 1-3, 2-1, 2-3, 3-1, 3-2, 组内, 组间, 超变密度 */
        ck_assert(fabs(d.G - num(row[1])) <= 5.0001e-5);
        for (int k = 0; k < 3; k++) ck_assert(fabs(Gjj[k] - num(row[2 + k])) <= 5.0001e-5);
        const int pa[6] = {0, 0, 1, 1, 2, 2}, pb[6] = {1, 2, 0, 2, 0, 1};
        for (int k = 0; k < 6; k++)
            ck_assert(fabs(Gjh[pa[k] * 3 + pb[k]] - num(row[5 + k])) <= 5.0001e-5);
        ck_assert(fabs(100.0 * d.share_Gw - num(row[11])) <= 5.0001e-3);
        ck_assert(fabs(100.0 * d.share_Gnb - num(row[12])) <= 5.0001e-3);
        ck_assert(fabs(100.0 * d.share_Gt - num(row[13])) <= 5.0001e-3);
    }
    csv_free(in);
    csv_free(out);
}
END_TEST

START_TEST(dagum_gives_zero_within_gini_to_a_one_region_group)
{
    /* group 0 = {5}, group 1 = {1, 2, 3}; by hand: G = Σ|yi−yj|/(2n²μ) = 26/(2·16·2.75) */
    double y[4] = {5, 1, 2, 3};
    size_t g[4] = {0, 1, 1, 1};
    rc_dagum_result d;
    double mg[2], Gjj[2], Gjh[4], Djh[4];
    size_t ng[2], order[2];
    ck_assert_int_eq(rc_dagum(y, g, 4, 2, &d, mg, ng, Gjj, Gjh, Djh, order), 0);
    ck_assert(Gjj[0] == 0.0);
    ck_close(d.G, 26.0 / 88.0);
    /* group 1: Σ|.| = 8, 2·9·2 = 36 */
    ck_close(Gjj[1], 8.0 / 36.0);
    /* between: Σ|5 − {1,2,3}| = 9 over 1·3·(5 + 2) */
    ck_close(Gjh[1], 9.0 / 21.0);
    ck_assert(Djh[1] == 1.0); /* no transvariation */
    ck_assert_uint_eq(order[0], 1);
    ck_close(d.Gw + d.Gnb + d.Gt, d.G);
    /* theil with a zero: T uses 0·ln0 = 0 with n counting the zero (formulas D10) */
    double z[4] = {0, 1, 2, 3};
    rc_theil t;
    ck_assert_int_eq(rc_theil_decompose(z, NULL, 4, 0, &t, NULL, NULL), 0);
    json_t *r = json_read(REF "r_reference.json");
    ck_close(t.T, jnum(r, "hand_Theil_T_with_zero"));
    ck_assert(isnan(t.L));
    json_decref(r);
}
END_TEST

/* ---------------- convergence ---------------- */
START_TEST(student_t_and_normal_tails_match_tables)
{
    /* t(0.975, 10) = 2.228138851986274 (two-sided p = 0.05) */
    ck_assert(fabs(rc_t_pvalue_two_sided(2.228138851986274, 10) - 0.05) < 1e-13);
    /* t(0.995, 3) = 5.840909309733355 */
    ck_assert(fabs(rc_t_pvalue_two_sided(5.840909309733355, 3) - 0.01) < 1e-13);
    /* df = 1 is Cauchy: p = 1 − 2·atan(t)/π */
    ck_close(rc_t_pvalue_two_sided(3.0, 1), 1.0 - 2.0 * atan(3.0) / M_PI);
    ck_close(rc_norm_upper(1.959963984540054), 0.025);
    ck_close(rc_betainc(2, 3, 0.4), 0.5248); /* I_0.4(2,3) = 1 − (1·0.6⁴ + 4·0.4·0.6³) */
}
END_TEST

START_TEST(sigma_and_beta_convergence_match_reference)
{
    json_t *ref = json_read(REF "convergence.json");
    json_t *sig = json_object_get(ref, "sigma");
    for (int t = 0; t < 3; t++) {
        char yr[8];
        snprintf(yr, sizeof yr, "%d", 2020 + t);
        json_t *o = json_object_get(sig, yr);
        double sd, lny[12], sdl;
        ck_close(rc_cv(toy_S[t], 12, 0, NULL, &sd), jnum(o, "cv_pop"));
        ck_close(sd, jnum(o, "sd_pop"));
        for (int i = 0; i < 12; i++) lny[i] = log(toy_S[t][i]);
        rc_cv(lny, 12, 0, NULL, &sdl);
        ck_close(sdl, jnum(o, "sd_ln_pop"));
    }
    json_t *b = json_object_get(ref, "beta_absolute");
    rc_beta beta;
    ck_assert_int_eq(rc_beta_absolute(toy_S[0], toy_S[2], 12, 2.0, &beta), 0);
    ck_close(beta.coef[0], jnum(b, "alpha"));
    ck_close(beta.coef[1], jnum(b, "beta"));
    ck_close(beta.se[1], jnum(b, "se_beta"));
    ck_close(beta.t[1], jnum(b, "t_beta"));
    ck_close(beta.p[1], jnum(b, "p_beta"));
    ck_close(beta.r2, jnum(b, "r2"));
    ck_close(beta.speed, jnum(b, "speed_theta"));
    ck_close(beta.half_life, jnum(b, "half_life"));
    json_t *r = json_read(REF "r_reference.json");
    json_t *lm = json_object_get(r, "lm_beta_absolute");
    ck_close(beta.se[0], json_number_value(json_array_get(json_object_get(lm, "se"), 0)));

    /* conditional: dummies East and West (Central is the base) */
    json_t *c = json_object_get(ref, "beta_conditional_group_dummies");
    double X[12 * 4], y[12], coef[4], se[4], tv[4], pv[4];
    for (int i = 0; i < 12; i++) {
        X[i] = 1.0;
        X[12 + i] = log(toy_S[0][i]);
        X[24 + i] = toy_group[i] == 1;
        X[36 + i] = toy_group[i] == 2;
        y[i] = log(toy_S[2][i] / toy_S[0][i]) / 2.0;
    }
    rc_ols info;
    ck_assert_int_eq(rc_ols_fit(X, y, 12, 4, coef, se, tv, pv, &info), 0);
    for (int k = 0; k < 4; k++) {
        ck_close(coef[k], json_number_value(json_array_get(json_object_get(c, "params"), k)));
        ck_close(se[k], json_number_value(json_array_get(json_object_get(c, "bse"), k)));
        ck_close(tv[k], coef[k] / se[k]);
    }
    ck_close(info.r2, jnum(c, "r2"));
    /* rank deficiency is an error, not garbage */
    for (int i = 0; i < 12; i++) X[36 + i] = 2.0 * X[24 + i];
    ck_assert_int_eq(rc_ols_fit(X, y, 12, 4, coef, se, tv, pv, &info), -1);
    json_decref(r);
    json_decref(ref);
}
END_TEST

/* ---------------- spatial ---------------- */
START_TEST(moran_global_and_local_match_spdep)
{
    json_t *ref = json_read(REF "moran.json");
    json_t *rref = json_read(REF "r_reference.json");
    double work[36], lw[24], Ii[12], lag[12], pp[12];
    int quad[12];
    size_t iw[12];
    for (int t = 0; t < 3; t++) {
        char yr[8];
        snprintf(yr, sizeof yr, "%d", 2020 + t);
        json_t *o = json_object_get(ref, yr);
        rc_moran m;
        rc_rng rng;
        rc_rng_seed(&rng, 7 + (uint64_t)t);
        ck_assert_int_eq(rc_moran_global(&toy_w, toy_S[t], 9999, &rng, work, &m), 0);
        ck_close(m.moran_i, jnum(o, "I"));
        ck_close(m.EI, jnum(o, "EI"));
        ck_close(m.S0, jnum(o, "S0"));
        ck_close(m.S1, jnum(o, "S1"));
        ck_close(m.S2, jnum(o, "S2"));
        ck_close(m.b2, jnum(o, "b2_kurtosis"));
        ck_close(m.var_norm, jnum(o, "var_normality"));
        ck_close(m.var_rand, jnum(o, "var_randomisation"));
        ck_close(m.z_norm, jnum(o, "z_normality"));
        ck_close(m.z_rand, jnum(o, "z_randomisation"));
        ck_close(m.p_norm, jnum(o, "p_greater_normality"));
        ck_close(m.p_rand, jnum(o, "p_greater_randomisation"));
        ck_close(m.p_rand_two, jnum(o, "p_two_sided_randomisation"));
        ck_assert_uint_eq(m.n_islands, 0);
        /* permutation p within 4 binomial standard errors of the reference's */
        double pref = jnum(o, "perm_pseudo_p_greater");
        double se = sqrt(pref * (1.0 - pref) / 9999.0);
        ck_assert_msg(fabs(m.perm_p - pref) < 4.0 * se, "perm p %g vs %g", m.perm_p, pref);

        ck_assert_int_eq(rc_moran_local(&toy_w, toy_S[t], 999, &rng, Ii, lag, quad, pp, lw, iw), 0);
        json_t *li = json_object_get(o, "local_Ii"), *lq = json_object_get(o, "local_quadrant");
        for (int i = 0; i < 12; i++) {
            ck_close(Ii[i], jnum(li, toy_regions[i]));
            ck_assert_str_eq(rc_quadrant_name(quad[i]),
                             json_string_value(json_object_get(lq, toy_regions[i])));
            ck_assert(pp[i] > 0.0 && pp[i] <= 0.5 + 1e-12);
        }
        /* spdep localmoran's normal approximation (conditional): Z.Ii */
        double Z[12], P[12];
        ck_assert_int_eq(rc_moran_local_normal(&toy_w, toy_S[t], NULL, NULL, Z, P, lw), 0);
        json_t *lz = json_object_get(json_object_get(json_object_get(rref, "moran"), yr), "local_z");
        for (int i = 0; i < 12; i++) {
            ck_close(Z[i], jnum(lz, toy_regions[i]));
            ck_close(P[i], 2.0 * rc_norm_upper(fabs(Z[i])));
        }
    }
    json_decref(rref);
    json_decref(ref);
}
END_TEST

START_TEST(moran_permutations_are_deterministic_for_a_seed)
{
    double work[36];
    rc_moran a, b;
    rc_rng r1, r2;
    rc_rng_seed(&r1, 1);
    rc_rng_seed(&r2, 1);
    rc_moran_global(&toy_w, toy_S[0], 999, &r1, work, &a);
    rc_moran_global(&toy_w, toy_S[0], 999, &r2, work, &b);
    ck_assert(a.perm_p == b.perm_p);
    rc_rng_seed(&r1, 42);
    for (int i = 0; i < 1000; i++) ck_assert_uint_lt(rc_rng_below(&r1, 7), 7);
}
END_TEST

START_TEST(moran_reports_an_island_and_keeps_it)
{
    /* a 13th region with no neighbour: spdep zero.policy + adjust.n (n = 12 in the moments) */
    size_t off[14], nbr[64];
    double wt[64], x[13], work[39], lw[26], Ii[13], lag[13], pp[13];
    int quad[13];
    size_t iw[13];
    memcpy(off, toy_off, sizeof toy_off);
    off[13] = off[12];
    memcpy(nbr, toy_nbr, sizeof toy_nbr);
    memcpy(wt, toy_wt, sizeof toy_wt);
    rc_spatial w = {13, off, nbr, wt, (char *)"adjacency"};
    memcpy(x, toy_S[0], sizeof toy_S[0]);
    x[12] = 0.5;
    rc_moran m;
    ck_assert_int_eq(rc_moran_global(&w, x, 0, NULL, work, &m), 0);
    ck_assert_uint_eq(m.n_islands, 1);
    ck_assert_uint_eq(m.n, 12);
    ck_close(m.EI, -1.0 / 11.0);
    ck_close(m.S0, 12.0);
    /* I by hand: (12/S0)·Σ z_i lag_i / Σ z² with z over all 13 values */
    double mean = 0, zz = 0, cross = 0, z[13];
    for (int i = 0; i < 13; i++) mean += x[i] / 13.0;
    for (int i = 0; i < 13; i++) { z[i] = x[i] - mean; zz += z[i] * z[i]; }
    for (size_t i = 0; i < 12; i++)
        for (size_t e = off[i]; e < off[i + 1]; e++) cross += z[i] * wt[e] * z[nbr[e]];
    ck_close(m.moran_i, cross / zz);
    rc_rng rng;
    rc_rng_seed(&rng, 3);
    ck_assert_int_eq(rc_moran_local(&w, x, 99, &rng, Ii, lag, quad, pp, lw, iw), 0);
    ck_assert(Ii[12] == 0.0);
    ck_assert_int_eq(quad[12], 0);
    ck_assert(isnan(pp[12]));
}
END_TEST

START_TEST(moran_of_a_constant_series_is_undefined_not_a_crash)
{
    double x[12], work[36], lw[24], Ii[12], lag[12], pp[12];
    int quad[12];
    size_t iw[12];
    for (int i = 0; i < 12; i++) x[i] = 0.3;
    rc_moran m;
    rc_rng rng;
    rc_rng_seed(&rng, 1);
    ck_assert_int_eq(rc_moran_global(&toy_w, x, 99, &rng, work, &m), 1);
    ck_assert(isnan(m.moran_i) && isnan(m.z_rand) && isnan(m.perm_p));
    ck_assert_int_eq(rc_moran_local(&toy_w, x, 99, &rng, Ii, lag, quad, pp, lw, iw), 1);
    ck_assert(isnan(Ii[0]));
    x[3] = NAN;
    ck_assert_int_eq(rc_moran_global(&toy_w, x, 0, NULL, work, &m), -1);
}
END_TEST

START_TEST(distance_weights_are_row_standardised_inverse_great_circle)
{
    /* three points on the equator 1° apart: 111.195 km per degree */
    double lon[3] = {0, 1, 3}, lat[3] = {0, 0, 0};
    rc_spatial w;
    ck_assert_int_eq(rc_spatial_from_coords(lon, lat, 3, 0.0, &w), 0);
    ck_assert_uint_eq(w.off[1] - w.off[0], 2);
    /* region 0: distances 1° and 3° ⇒ weights 3/4 and 1/4 */
    ck_close(w.w[0], 0.75);
    ck_close(w.w[1], 0.25);
    rc_spatial_free_arrays(&w);
    ck_assert_int_eq(rc_spatial_from_coords(lon, lat, 3, 150.0, &w), 0);
    ck_assert_uint_eq(w.off[1] - w.off[0], 1);   /* 0–1 only */
    ck_assert_uint_eq(w.off[3] - w.off[2], 0);   /* region 2 (2° from 1) is an island */
    ck_close(w.w[0], 1.0);
    rc_spatial_free_arrays(&w);
}
END_TEST

/* ---------------- density ---------------- */
START_TEST(kde_bandwidth_and_density_match_reference)
{
    json_t *bw = json_read(REF "kde_bandwidths.json");
    csvf *c = csv_read(REF "kde.csv");
    size_t cy = csv_col(c, "year"), cx = csv_col(c, "x"), cf = csv_col(c, "f_hand_nrd0");
    double work[12], h[3];
    for (int t = 0; t < 3; t++) {
        char yr[8];
        snprintf(yr, sizeof yr, "%d", 2020 + t);
        h[t] = rc_bw_nrd0(toy_S[t], 12, work);
        ck_close(h[t], jnum(json_object_get(bw, yr), "h_silverman_0.9_nrd0"));
        ck_close(rc_quantile7(work, 12, 0.75) - rc_quantile7(work, 12, 0.25),
                 jnum(json_object_get(bw, yr), "iqr"));
    }
    for (size_t r = 1; r < c->nrows; r++) {
        int t = atoi(c->cell[r][cy]) - 2020;
        double x = num(c->cell[r][cx]), f;
        rc_kde_gauss(toy_S[t], 12, h[t], &x, 1, &f);
        ck_close(f, num(c->cell[r][cf]));
    }
    /* R's fallbacks: IQR = 0 ⇒ sd; all equal ⇒ |x1| */
    double same[4] = {2, 2, 2, 2};
    ck_close(rc_bw_nrd0(same, 4, work), 0.9 * 2.0 * pow(4.0, -0.2));
    csv_free(c);
    json_decref(bw);
}
END_TEST

/* ---------------- obstacles ---------------- */
START_TEST(obstacle_degree_matches_reference)
{
    json_t *wj = json_read(REF "weights.json");
    json_t *wa = json_object_get(json_object_get(wj, "entropy_pooled_minmax"), "w");
    double F[6];
    for (int j = 0; j < 6; j++) F[j] = json_number_value(json_array_get(wa, (size_t)j));
    csvf *nz = csv_read(REF "normalisation.csv");
    static double xn[12][3][6];
    for (size_t r = 1; r < nz->nrows; r++) {
        char **row = nz->cell[r];
        if (strcmp(row[0], "pooled") || strcmp(row[1], "minmax")) continue;
        xn[atoi(row[2] + 1) - 1][atoi(row[3]) - 2020][atoi(row[4] + 1) - 1] = num(row[5]);
    }
    csvf *c = csv_read(REF "obstacle.csv");
    const char *sub[6] = {"INF", "INF", "DAT", "FUS", "FUS", "INS"};
    const char *subs[4] = {"INF", "DAT", "FUS", "INS"};
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        int i = atoi(row[csv_col(c, "region")] + 1) - 1, t = atoi(row[csv_col(c, "year")]) - 2020;
        double O[6];
        ck_assert_uint_eq(rc_obstacle(F, xn[i][t], 6, O), 6);
        for (int j = 0; j < 6; j++) {
            char key[16];
            snprintf(key, sizeof key, "O_I%d", j + 1);
            ck_close(O[j], num(row[csv_col(c, key)]));
        }
        for (int k = 0; k < 4; k++) {
            double s = 0;
            for (int j = 0; j < 6; j++)
                if (!strcmp(sub[j], subs[k])) s += O[j];
            char key[16];
            snprintf(key, sizeof key, "U_%s", subs[k]);
            ck_close(s, num(row[csv_col(c, key)]));
        }
    }
    /* a unit at the maximum everywhere: 0/0 ⇒ O = 0 */
    double ones[6] = {1, 1, 1, 1, 1, 1}, O[6];
    rc_obstacle(F, ones, 6, O);
    for (int j = 0; j < 6; j++) ck_assert(O[j] == 0.0);
    csv_free(c);
    csv_free(nz);
    json_decref(wj);
}
END_TEST


/* ---------------- the analysis stage on a hand-built run state ---------------- */
typedef struct fixture {
    rc_config cfg;
    rc_dimension_cfg dims[4];
    char *groups[1];
    struct rc_node *root;
    rc_panel panel;
    rc_grouping zone;
    char *labels[3];
    size_t of_region[12];
    char *ids[12];
    int years[3];
    double index[36];
    double U[4][36];
    const double *dim_scores[4];
    const char *dim_ids[4];
    double norm[6][36];
    double lw[6][3];
    const double *leaf_norm[6];
    const double *leaf_weight[6];
    const char *leaf_ids[6];
    const char *leaf_dim[6];
    rc_run_state st;
} fixture;

static const char *const dimnames[4] = {"INF", "DAT", "FUS", "INS"};
static const char *const leafnames[6] = {"I1", "I2", "I3", "I4", "I5", "I6"};
static const char *const leafdims[6] = {"INF", "INF", "DAT", "FUS", "FUS", "INS"};

/* Builds the toy run: index = S, dimensions = the ccd.csv scores, leaves = pooled min-max
 * with the pooled entropy weights, grouping `zone`, rook adjacency. */
static fixture *fixture_new(const char *yaml, int with_adjacency)
{
    fixture *f = calloc(1, sizeof *f);
    rc_error err;
    f->root = rc_yaml_load_string(yaml, strlen(yaml), "analysis.yaml", &err);
    ck_assert_msg(f->root != NULL, "%s", err.msg);
    f->cfg.analysis = rc_node_get(f->root, "analysis");
    f->groups[0] = (char *)"zone";
    f->cfg.regions.groups = f->groups;
    f->cfg.regions.n_groups = 1;
    f->cfg.regions.adjacency = with_adjacency ? (char *)"/toy/contiguity.csv" : NULL;
    for (int d = 0; d < 4; d++) f->dims[d].root.id = (char *)dimnames[d];
    f->cfg.dims = f->dims;
    f->cfg.n_dims = 4;
    for (int i = 0; i < 12; i++) {
        f->ids[i] = (char *)toy_regions[i];
        f->of_region[i] = toy_group[i];
        for (int t = 0; t < 3; t++) f->index[t * 12 + i] = toy_S[t][i];
    }
    for (int g = 0; g < 3; g++) f->labels[g] = (char *)toy_group_names[g];
    f->zone.name = (char *)"zone";
    f->zone.labels = f->labels;
    f->zone.n_labels = 3;
    f->zone.of_region = f->of_region;
    for (int t = 0; t < 3; t++) f->years[t] = 2020 + t;
    f->panel.n_regions = 12;
    f->panel.n_years = 3;
    f->panel.region_ids = f->ids;
    f->panel.region_names = f->ids;
    f->panel.years = f->years;
    f->panel.groupings = &f->zone;
    f->panel.n_groupings = 1;
    f->panel.spatial = with_adjacency ? &toy_w : NULL;

    csvf *c = csv_read(REF "ccd.csv");
    for (size_t r = 1; r < c->nrows; r++) {
        int i = atoi(c->cell[r][csv_col(c, "region")] + 1) - 1;
        int t = atoi(c->cell[r][csv_col(c, "year")]) - 2020;
        for (int d = 0; d < 4; d++) {
            char key[16];
            snprintf(key, sizeof key, "U_%s", dimnames[d]);
            f->U[d][t * 12 + i] = num(c->cell[r][csv_col(c, key)]);
        }
    }
    csv_free(c);
    json_t *wj = json_read(REF "weights.json");
    json_t *wa = json_object_get(json_object_get(wj, "entropy_pooled_minmax"), "w");
    csvf *nz = csv_read(REF "normalisation.csv");
    for (size_t r = 1; r < nz->nrows; r++) {
        char **row = nz->cell[r];
        if (strcmp(row[0], "pooled") || strcmp(row[1], "minmax")) continue;
        f->norm[atoi(row[4] + 1) - 1][(atoi(row[3]) - 2020) * 12 + atoi(row[2] + 1) - 1] =
            num(row[5]);
    }
    csv_free(nz);
    for (int l = 0; l < 6; l++) {
        for (int t = 0; t < 3; t++) f->lw[l][t] = json_number_value(json_array_get(wa, (size_t)l));
        f->leaf_norm[l] = f->norm[l];
        f->leaf_weight[l] = f->lw[l];
        f->leaf_ids[l] = leafnames[l];
        f->leaf_dim[l] = leafdims[l];
    }
    json_decref(wj);
    for (int d = 0; d < 4; d++) {
        f->dim_scores[d] = f->U[d];
        f->dim_ids[d] = dimnames[d];
    }
    f->st.cfg = &f->cfg;
    f->st.panel = &f->panel;
    f->st.nr = 12;
    f->st.ny = 3;
    f->st.n_dims = 4;
    f->st.dim_ids = f->dim_ids;
    f->st.dim_scores = f->dim_scores;
    f->st.index = f->index;
    f->st.scale = 100;
    f->st.n_leaves = 6;
    f->st.leaf_ids = f->leaf_ids;
    f->st.leaf_dim = f->leaf_dim;
    f->st.leaf_norm = f->leaf_norm;
    f->st.leaf_weight = f->leaf_weight;
    return f;
}

static void fixture_free(fixture *f)
{
    rc_node_free(f->root);
    free(f);
}

/* The value of column `col` in the first row whose string/int columns match. */
static long find_row(const struct rc_table *t, const char *k1, const char *v1, const char *k2,
                     const char *v2, const char *k3, const char *v3)
{
    char buf[64];
    for (size_t r = 0; r < t->nrows; r++) {
        if (k1 && strcmp(rc_table_text(t, r, (size_t)rc_table_col(t, k1), buf, sizeof buf), v1)) continue;
        if (k2 && strcmp(rc_table_text(t, r, (size_t)rc_table_col(t, k2), buf, sizeof buf), v2)) continue;
        if (k3 && strcmp(rc_table_text(t, r, (size_t)rc_table_col(t, k3), buf, sizeof buf), v3)) continue;
        return (long)r;
    }
    return -1;
}

static double cell(const struct rc_table *t, long row, const char *col)
{
    ck_assert_msg(row >= 0, "row not found in %s", t->name);
    long c = rc_table_col(t, col);
    ck_assert_msg(c >= 0, "column %s missing in %s", col, t->name);
    return rc_table_num(t, (size_t)row, (size_t)c);
}

static const char *full_yaml =
    "analysis:\n"
    "  coupling: {form: standard, alpha: equal}\n"
    "  disparity: {by: zone, measures: [cv, gini, theil, dagum], sd: population}\n"
    "  convergence: {sigma: true, beta: conditional, controls: [zone]}\n"
    "  spatial: {weights: adjacency, moran: {permutations: 999, seed: 1}}\n"
    "  density: {points: 101, from: 0, to: 1}\n"
    "  obstacles: {top: 3}\n";

START_TEST(every_analysis_writes_its_table_with_reference_values)
{
    fixture *f = fixture_new(full_yaml, 1);
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_analysis_validate(&f->cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);

    const struct rc_table *t = rc_table_get(rs, "coupling");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nrows, 36);
    csvf *c = csv_read(REF "ccd.csv");
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        long tr = find_row(t, "region", row[0], "year", row[2], NULL, NULL);
        ck_close(cell(t, tr, "C"), num(row[csv_col(c, "C_standard")]));
        ck_close(cell(t, tr, "D"), num(row[csv_col(c, "D_standard")]));
        ck_close(cell(t, tr, "T"), num(row[csv_col(c, "T")]));
        /* default pair: the first two dimensions, E = U_INF / U_DAT */
        size_t at = (size_t)(atoi(row[2]) - 2020) * 12 + (size_t)atoi(row[0] + 1) - 1;
        ck_close(cell(t, tr, "E"), rc_ccd_relative(f->U[0][at], f->U[1][at]));
        ck_assert_int_eq(rc_table_int(t, (size_t)tr, (size_t)rc_table_col(t, "level")),
                         atoi(row[csv_col(c, "level_standard")]) + 1);
        ck_assert_str_eq(rc_table_str(t, (size_t)tr, (size_t)rc_table_col(t, "lagging")),
                         row[csv_col(c, "lagging_subsystem")]);
    }
    csv_free(c);

    t = rc_table_get(rs, "disparity");
    ck_assert_ptr_nonnull(t);
    json_t *dj = json_read(REF "disparity.json");
    json_t *d20 = json_object_get(dj, "2020");
    json_t *dg = json_object_get(d20, "dagum");
    ck_close(cell(t, find_row(t, "year", "2020", "measure", "cv_population", NULL, NULL), "value"),
             jnum(d20, "cv_pop"));
    ck_close(cell(t, find_row(t, "year", "2020", "measure", "gini", NULL, NULL), "value"),
             jnum(d20, "gini"));
    ck_close(cell(t, find_row(t, "year", "2020", "measure", "theil_T_between", NULL, NULL), "value"),
             jnum(json_object_get(d20, "theil"), "T_between"));
    ck_close(cell(t, find_row(t, "year", "2020", "measure", "dagum_Gnb", NULL, NULL), "value"),
             jnum(dg, "Gnb"));
    long r = find_row(t, "measure", "dagum_Gjh", "group", "East", "group2", "West");
    ck_close(cell(t, r, "value"), jnum(json_object_get(dg, "Gjh"), "East-West"));
    ck_close(cell(t, find_row(t, "measure", "dagum_Gjj", "group", "West", NULL, NULL), "value"),
             jnum(json_object_get(dg, "Gjj"), "West"));
    json_decref(dj);

    t = rc_table_get(rs, "convergence");
    ck_assert_ptr_nonnull(t);
    json_t *cj = json_read(REF "convergence.json");
    json_t *cc = json_object_get(cj, "beta_conditional_group_dummies");
    const char *terms[4] = {"const", "ln_initial", "zone=East", "zone=West"};
    for (size_t k = 0; k < 4; k++) {
        ck_close(cell(t, find_row(t, "type", "beta_conditional", "term", terms[k], "statistic", "coef"), "value"),
                 json_number_value(json_array_get(json_object_get(cc, "params"), k)));
        ck_close(cell(t, find_row(t, "type", "beta_conditional", "term", terms[k], "statistic", "se"), "value"),
                 json_number_value(json_array_get(json_object_get(cc, "bse"), k)));
    }
    ck_close(cell(t, find_row(t, "type", "sigma", "year", "2021", "statistic", "cv"), "value"),
             jnum(json_object_get(json_object_get(cj, "sigma"), "2021"), "cv_pop"));
    json_decref(cj);

    t = rc_table_get(rs, "spatial");
    ck_assert_ptr_nonnull(t);
    json_t *mj = json_read(REF "moran.json");
    for (int y = 0; y < 3; y++) {
        char yr[8];
        snprintf(yr, sizeof yr, "%d", 2020 + y);
        json_t *o = json_object_get(mj, yr);
        long sr = find_row(t, "year", yr, NULL, NULL, NULL, NULL);
        ck_close(cell(t, sr, "I"), jnum(o, "I"));
        ck_close(cell(t, sr, "var_randomisation"), jnum(o, "var_randomisation"));
        ck_close(cell(t, sr, "p_randomisation"), jnum(o, "p_greater_randomisation"));
        double pp = cell(t, sr, "pseudo_p"), pref = jnum(o, "perm_pseudo_p_greater");
        ck_assert(fabs(pp - pref) < 4.0 * sqrt(pref * (1 - pref) / 999.0) + 1.0 / 1000.0);
    }
    const struct rc_table *l = rc_table_get(rs, "lisa");
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(l->nrows, 36);
    r = find_row(l, "region", "R11", "year", "2020", NULL, NULL);
    ck_close(cell(l, r, "Ii"), jnum(json_object_get(json_object_get(mj, "2020"), "local_Ii"), "R11"));
    ck_assert_str_eq(rc_table_str(l, (size_t)r, (size_t)rc_table_col(l, "quadrant")), "LL");
    json_t *rr = json_read(REF "r_reference.json");
    ck_close(cell(l, r, "z_Ii"),
             jnum(json_object_get(json_object_get(json_object_get(rr, "moran"), "2020"), "local_z"), "R11"));
    json_decref(rr);
    json_decref(mj);

    t = rc_table_get(rs, "density");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->nrows, 303);
    c = csv_read(REF "kde.csv");
    for (size_t k = 1; k < c->nrows; k++) {
        /* grid point g of year y is row (y − 2020)·101 + g */
        size_t row = (size_t)(atoi(c->cell[k][0]) - 2020) * 101 + (k - 1) % 101;
        ck_assert(fabs(rc_table_num(t, row, 1) - num(c->cell[k][1])) < 1e-12);
        ck_close(rc_table_num(t, row, 2), num(c->cell[k][csv_col(c, "f_hand_nrd0")]));
    }
    csv_free(c);

    t = rc_table_get(rs, "obstacles");
    ck_assert_ptr_nonnull(t);
    c = csv_read(REF "obstacle.csv");
    for (size_t k = 1; k < c->nrows; k++) {
        char **row = c->cell[k];
        for (int j = 0; j < 6; j++) {
            char key[16];
            snprintf(key, sizeof key, "O_%s", leafnames[j]);
            ck_close(cell(t, find_row(t, "region", row[0], "year", row[2], "indicator", leafnames[j]), "obstacle"),
                     num(row[csv_col(c, key)]));
        }
        long dr = find_row(t, "region", row[0], "year", row[2], "dimension", "INF");
        /* the first INF row is an indicator row; find the dimension row */
        for (; dr >= 0 && (size_t)dr < t->nrows; dr++)
            if (!strcmp(rc_table_str(t, (size_t)dr, 2), "dimension") &&
                !strcmp(rc_table_str(t, (size_t)dr, 3), "INF")) break;
        ck_close(cell(t, dr, "obstacle"), num(row[csv_col(c, "U_INF")]));
    }
    csv_free(c);
    const struct rc_table *top = rc_table_get(rs, "obstacles_top");
    ck_assert_ptr_nonnull(top);
    ck_assert_uint_eq(top->nrows, 36 * 3);
    /* R01 2020: the largest obstacle is I6 (0.267) */
    ck_assert_str_eq(rc_table_str(top, 0, 3), "I6");
    ck_assert_int_eq(rc_table_int(top, 0, 2), 1);
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST

/* Ties share the lowest rank (docs/tables.md): R01 2020 at the maximum on every indicator
 * has O = 0 everywhere, so all six indicators rank 1 (today: 1..6 in config order), and
 * its dimensions all rank 1 too. R02 2020 without any INF value: INF's obstacle is missing
 * with rank 0 (today: 0 with a rank), the other dimensions are ranked among themselves. */
START_TEST(obstacle_ranks_share_ties_and_a_dimension_without_data_is_missing)
{
    fixture *f = fixture_new("analysis:\n  obstacles: {top: 3}\n", 0);
    for (int l = 0; l < 6; l++) f->norm[l][0] = 1.0; /* R01, 2020 */
    f->norm[0][1] = NAN;                             /* R02, 2020: I1 and I2 are INF's */
    f->norm[1][1] = NAN;
    rc_error err;
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "obstacles");
    ck_assert_ptr_nonnull(t);
    long cr = rc_table_col(t, "region"), cy = rc_table_col(t, "year"), cl = rc_table_col(t, "level"),
         cd = rc_table_col(t, "dimension"), co = rc_table_col(t, "obstacle"), ck = rc_table_col(t, "rank");
    size_t r01 = 0, r02 = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        if (rc_table_int(t, i, (size_t)cy) != 2020) continue;
        const char *reg = rc_table_str(t, i, (size_t)cr);
        int dimrow = strcmp(rc_table_str(t, i, (size_t)cl), "dimension") == 0;
        if (strcmp(reg, "R01") == 0) {
            ck_assert_double_eq(rc_table_num(t, i, (size_t)co), 0.0);
            ck_assert_int_eq(rc_table_int(t, i, (size_t)ck), 1);
            r01++;
        } else if (strcmp(reg, "R02") == 0 && dimrow) {
            double o = rc_table_num(t, i, (size_t)co);
            if (strcmp(rc_table_str(t, i, (size_t)cd), "INF") == 0) {
                ck_assert(isnan(o));
                ck_assert_int_eq(rc_table_int(t, i, (size_t)ck), 0);
            } else {
                ck_assert(!isnan(o));
                ck_assert_int_ge(rc_table_int(t, i, (size_t)ck), 1);
                ck_assert_int_le(rc_table_int(t, i, (size_t)ck), 3);
            }
            r02++;
        }
    }
    ck_assert_uint_eq(r01, 6 + 4);
    ck_assert_uint_eq(r02, 4);
    /* the top-3 rows of R01 2020 carry the shared rank */
    const struct rc_table *top = rc_table_get(rs, "obstacles_top");
    size_t n = 0;
    for (size_t i = 0; i < top->nrows; i++)
        if (!strcmp(rc_table_str(top, i, 0), "R01") && rc_table_int(top, i, 1) == 2020) {
            ck_assert_int_eq(rc_table_int(top, i, 2), 1);
            n++;
        }
    ck_assert_uint_eq(n, 3);
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST

/* Diverging regions: the final index is the initial one times (1 + initial), so growth
 * rises with the initial level, β > 0 and the speed −ln(1 + βT)/T is negative. The
 * half-life is then missing with a note, under conditional β (zone dummies) as under
 * absolute β; today the row is a bare blank. */
START_TEST(negative_beta_speed_gives_a_missing_half_life_with_a_note)
{
    for (int conditional = 0; conditional < 2; conditional++) {
        fixture *f = fixture_new(conditional ? "analysis:\n  convergence: {beta: conditional, "
                                               "controls: [zone]}\n"
                                             : "analysis:\n  convergence: {beta: absolute}\n",
                                 0);
        for (int i = 0; i < 12; i++) {
            double x0 = 0.1 + 0.05 * i;
            f->index[0 * 12 + i] = x0;
            f->index[1 * 12 + i] = x0 * (1 + x0 / 2);
            f->index[2 * 12 + i] = x0 * (1 + x0) * (1 + 0.01 * (i % 3)); /* not collinear */
        }
        rc_error err;
        rc_resultset *rs = rc_resultset_new();
        ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
        const struct rc_table *t = rc_table_get(rs, "convergence");
        const char *type = conditional ? "beta_conditional" : "beta_absolute";
        long rb = find_row(t, "type", type, "term", "ln_initial", "statistic", "coef");
        ck_assert(cell(t, rb, "value") > 0); /* divergence */
        long rs_ = find_row(t, "type", type, "statistic", "speed", NULL, NULL);
        ck_assert(cell(t, rs_, "value") < 0);
        long rh = find_row(t, "type", type, "statistic", "half_life", NULL, NULL);
        ck_assert(isnan(cell(t, rh, "value")));
        const char *note = rc_table_str(t, (size_t)rh, (size_t)rc_table_col(t, "note"));
        ck_assert_msg(note && strstr(note, "negative"), "note: %s", note ? note : "(none)");
        rc_resultset_free(rs);
        fixture_free(f);
    }
}
END_TEST

/* Scores outside [0, 1] (as under z-score normalisation) gave D = 1.24 with level 0 and
 * a negative Gini. Now coupling refuses them naming the dimension, its range and a cell,
 * or rescales on request; disparity refuses a negative value naming region and year. */
START_TEST(coupling_and_disparity_refuse_scores_outside_their_domain)
{
    fixture *f = fixture_new("analysis:\n  coupling: {form: standard}\n", 0);
    for (int i = 0; i < 36; i++) f->U[1][i] = 3.0 * f->U[1][i] - 0.5; /* DAT outside [0, 1] */
    rc_error err;
    rc_resultset *rs = rc_resultset_new();
    ck_assert_int_eq(rc_analysis_run(&f->st, rs, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(err.msg, "'DAT'") && strstr(err.msg, "[0, 1]") &&
                      strstr(err.msg, "rescale: true") && strstr(err.msg, "region R"),
                  "%s", err.msg);
    ck_assert_ptr_null(rc_table_get(rs, "coupling"));
    rc_resultset_free(rs);
    fixture_free(f);

    f = fixture_new("analysis:\n  coupling: {form: standard, rescale: true}\n", 0);
    for (int i = 0; i < 36; i++) f->U[1][i] = 3.0 * f->U[1][i] - 0.5;
    rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "coupling");
    ck_assert_uint_eq(t->nrows, 36);
    for (size_t r = 0; r < t->nrows; r++) {
        double D = rc_table_num(t, r, (size_t)rc_table_col(t, "D"));
        ck_assert_msg(isnan(D) || (D >= 0 && D <= 1), "D = %g", D);
    }
    rc_resultset_free(rs);
    fixture_free(f);

    f = fixture_new("analysis:\n  disparity: {measures: [cv, gini]}\n", 0);
    f->index[1 * 12 + 4] = -0.25; /* R05, 2021 */
    rs = rc_resultset_new();
    ck_assert_int_eq(rc_analysis_run(&f->st, rs, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(err.msg, "R05") && strstr(err.msg, "2021") && strstr(err.msg, "-0.25"),
                  "%s", err.msg);
    rc_resultset_free(rs);
    fixture_free(f);
    /* cv alone is fine on negative values */
    f = fixture_new("analysis:\n  disparity: {measures: [cv]}\n", 0);
    f->index[1 * 12 + 4] = -0.25;
    rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST

START_TEST(a_region_missing_a_year_is_skipped_and_said_so)
{
    fixture *f = fixture_new("analysis:\n  convergence: {beta: absolute}\n"
                             "  spatial: {moran: {permutations: 99}}\n"
                             "  disparity: {by: zone}\n", 1);
    f->index[0 * 12 + 2] = NAN; /* R03, 2020 */
    rc_error err;
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "convergence");
    long r = find_row(t, "type", "beta_absolute", "statistic", "n", NULL, NULL);
    ck_assert(cell(t, r, "value") == 11.0);
    ck_assert_ptr_nonnull(strstr(rc_table_str(t, (size_t)r, 5), "R03"));
    ck_assert(cell(t, find_row(t, "type", "beta_absolute", "statistic", "n_skipped", NULL, NULL), "value") == 1.0);
    /* the β on the other 11 regions, by the kernel */
    double s0[11], s1[11];
    for (int i = 0, k = 0; i < 12; i++)
        if (i != 2) { s0[k] = toy_S[0][i]; s1[k] = toy_S[2][i]; k++; }
    rc_beta b;
    ck_assert_int_eq(rc_beta_absolute(s0, s1, 11, 2.0, &b), 0);
    ck_close(cell(t, find_row(t, "type", "beta_absolute", "term", "ln_initial", "statistic", "coef"), "value"), b.coef[1]);
    t = rc_table_get(rs, "spatial");
    r = find_row(t, "year", "2020", NULL, NULL, NULL, NULL);
    ck_assert_int_eq(rc_table_int(t, (size_t)r, (size_t)rc_table_col(t, "n")), 11);
    ck_assert(!isnan(cell(t, r, "I")));
    ck_assert_ptr_nonnull(strstr(rc_table_str(t, (size_t)r, (size_t)rc_table_col(t, "note")), "missing"));
    t = rc_table_get(rs, "disparity");
    ck_assert(cell(t, find_row(t, "year", "2020", "measure", "n", NULL, NULL), "value") == 11.0);
    ck_assert(cell(t, find_row(t, "year", "2021", "measure", "n", NULL, NULL), "value") == 12.0);
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST

START_TEST(a_constant_series_gives_undefined_moran_with_a_note)
{
    fixture *f = fixture_new("analysis:\n  spatial: {weights: adjacency}\n", 1);
    for (int i = 0; i < 36; i++) f->index[i] = 0.5;
    rc_error err;
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "spatial");
    ck_assert_uint_eq(t->nrows, 3);
    ck_assert(isnan(cell(t, 0, "I")));
    ck_assert_ptr_nonnull(strstr(rc_table_str(t, 0, (size_t)rc_table_col(t, "note")), "undefined"));
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST

/* validation: the message, and that it names file:line:col */
static void expect_invalid(const char *yaml, int adjacency, const char *needle)
{
    fixture *f = fixture_new(yaml, adjacency);
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_analysis_validate(&f->cfg, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "'%s' not in: %s", needle, err.msg);
    ck_assert_msg(strncmp(err.msg, "analysis.yaml:", 14) == 0, "no position: %s", err.msg);
    fixture_free(f);
}

START_TEST(validate_rejects_analyses_whose_inputs_are_missing)
{
    expect_invalid("analysis:\n  spatial: {moran: {permutations: 99}}\n", 0,
                   "analysis.spatial needs regions.adjacency or regions.coordinates in the config");
    expect_invalid("analysis:\n  spatial: {weights: distance}\n", 1, "regions.coordinates");
    expect_invalid("analysis:\n  disparity: {measures: [dagum]}\n", 1, "add 'by: <grouping column>'");
    expect_invalid("analysis:\n  disparity: {by: province}\n", 1, "zone");
    expect_invalid("analysis:\n  disparity: {meaures: [cv]}\n", 1, "did you mean 'measures'");
    expect_invalid("analysis:\n  coupling: {form: wang}\n", 1, "'standard' or 'wang2021'");
    expect_invalid("analysis:\n  coupling: {alpha: {INF: 0.5, DAT: 0.5}}\n", 1, "FUS");
    expect_invalid("analysis:\n  convergence: {beta: conditional}\n", 1, "controls");
    expect_invalid("analysis:\n  density: {on: GREEN}\n", 1, "INF, DAT, FUS, INS");
    expect_invalid("analysis:\n  obstacles: {top: 0}\n", 1, "1 or more");
    fixture *f = fixture_new("analysis:\n  coupling: {alpha: {INF: 0.4, DAT: 0.2, FUS: 0.2, INS: 0.2}}\n", 1);
    rc_error err;
    ck_assert_msg(rc_analysis_validate(&f->cfg, &err) == 0, "%s", err.msg);
    fixture_free(f);
}
END_TEST

START_TEST(coupling_uses_configured_alpha_and_wang_form)
{
    fixture *f = fixture_new("analysis:\n  coupling: {form: wang2021, alpha: {INF: 0.4, DAT: 0.2, "
                             "FUS: 0.2, INS: 0.2}, pair: [INF, FUS]}\n", 1);
    rc_error err;
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "coupling");
    csvf *c = csv_read(REF "ccd.csv");
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        long tr = find_row(t, "region", row[0], "year", row[2], NULL, NULL);
        double u[4];
        for (int d = 0; d < 4; d++) u[d] = num(row[3 + d]);
        double T = 0.4 * u[0] + 0.2 * (u[1] + u[2] + u[3]);
        ck_close(cell(t, tr, "C"), num(row[csv_col(c, "C_wang2021")]));
        ck_close(cell(t, tr, "T"), T);
        ck_close(cell(t, tr, "D"), sqrt(num(row[csv_col(c, "C_wang2021")]) * T));
        ck_close(cell(t, tr, "E"), num(row[csv_col(c, "E_INF_over_FUS")]));
    }
    csv_free(c);
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST


START_TEST(distance_weights_come_from_coordinates_and_islands_are_listed)
{
    fixture *f = fixture_new("analysis:\n  spatial: {weights: distance, cutoff: 120, "
                             "moran: {permutations: 99}}\n", 0);
    f->cfg.regions.coordinates = (char *)"/toy/coordinates.csv";
    /* the toy 3×4 grid at 1° spacing near the equator: rook neighbours are ~111 km apart,
     * diagonals ~157 km, so a 120 km cut-off gives (almost exactly) rook contiguity */
    double lon[12], lat[12];
    for (int i = 0; i < 12; i++) { lon[i] = i % 4; lat[i] = -(i / 4); }
    f->panel.coord_x = lon;
    f->panel.coord_y = lat;
    rc_error err;
    ck_assert_msg(rc_analysis_validate(&f->cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "spatial");
    json_t *mj = json_read(REF "moran.json");
    ck_assert_str_eq(rc_table_str(t, 0, 2), "distance");
    ck_assert(fabs(cell(t, 0, "I") - jnum(json_object_get(mj, "2020"), "I")) < 1e-3);
    ck_assert_int_eq(rc_table_int(t, 0, (size_t)rc_table_col(t, "n_islands")), 0);
    rc_resultset_free(rs);
    /* move R12 far away: it becomes an island, reported and kept */
    lon[11] = 60.0;
    rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    t = rc_table_get(rs, "spatial");
    ck_assert_int_eq(rc_table_int(t, 0, (size_t)rc_table_col(t, "n_islands")), 1);
    ck_assert_str_eq(rc_table_str(t, 0, (size_t)rc_table_col(t, "islands")), "R12");
    ck_assert_int_eq(rc_table_int(t, 0, (size_t)rc_table_col(t, "n")), 12);
    ck_assert(!isnan(cell(t, 0, "I")));
    const struct rc_table *l = rc_table_get(rs, "lisa");
    long r = find_row(l, "region", "R12", "year", "2020", NULL, NULL);
    ck_assert_str_eq(rc_table_str(l, (size_t)r, (size_t)rc_table_col(l, "quadrant")), "island");
    ck_assert(isnan(cell(l, r, "pseudo_p")));
    json_decref(mj);
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST

START_TEST(the_bundled_example_turns_on_every_analysis_and_validates)
{
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_config_load(REGCOORD_TEST_DATA_DIR "/../../configs/example/assessment.yaml", &cfg,
                                 &err) == 0, "%s", err.msg);
    const char *keys[] = {"coupling", "disparity", "convergence", "spatial", "density",
                          "obstacles"};
    for (int k = 0; k < 6; k++) ck_assert_ptr_nonnull(rc_node_get(cfg->analysis, keys[k]));
    ck_assert_msg(rc_analysis_validate(cfg, &err) == 0, "%s", err.msg);
    rc_config_free(cfg);
}
END_TEST

/* U of dimension d ("U_INF" …) for a ccd.csv row */
static double ccd_u(const csvf *c, char **row, const char *d)
{
    char key[16];
    snprintf(key, sizeof key, "U_%s", d);
    return num(row[csv_col(c, key)]);
}

START_TEST(coupling_of_a_dimension_subset_and_of_named_pairs_by_hand)
{
    /* dimensions: [INF, FUS] — C = 2√(ab)/(a + b), T = (a + b)/2, D = √(CT), E = a/b; only
       the coupled dimensions get U_ columns */
    fixture *f = fixture_new("analysis:\n  coupling: {dimensions: [INF, FUS]}\n", 1);
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_analysis_validate(&f->cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "coupling");
    ck_assert_uint_eq(t->nrows, 36);
    ck_assert(rc_table_col(t, "U_DAT") < 0 && rc_table_col(t, "U_INS") < 0 &&
              rc_table_col(t, "system") < 0);
    csvf *c = csv_read(REF "ccd.csv");
    size_t checked = 0;
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        long tr = find_row(t, "region", row[0], "year", row[2], NULL, NULL);
        double a = ccd_u(c, row, "INF"), b = ccd_u(c, row, "FUS");
        double C = 2.0 * sqrt(a * b) / (a + b), T = (a + b) / 2.0;
        ck_close(cell(t, tr, "C"), C);
        ck_close(cell(t, tr, "T"), T);
        ck_close(cell(t, tr, "D"), sqrt(C * T));
        ck_close(cell(t, tr, "E"), b == 0.0 ? NAN : a / b); /* E missing when U_b = 0 */
        ck_close(cell(t, tr, "U_FUS"), b);
        checked++;
    }
    ck_assert_uint_eq(checked, 36);
    rc_resultset_free(rs);
    fixture_free(f);
    /* named pairs: one row per region, year and system, column `system` */
    f = fixture_new("analysis:\n  coupling: {pairs: {digital: [INF, DAT], fusion: [FUS, INS, DAT]}}\n", 1);
    ck_assert_msg(rc_analysis_validate(&f->cfg, &err) == 0, "%s", err.msg);
    rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    t = rc_table_get(rs, "coupling");
    ck_assert_uint_eq(t->nrows, 72);
    checked = 0;
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        long t1 = find_row(t, "region", row[0], "year", row[2], "system", "digital");
        long t2 = find_row(t, "region", row[0], "year", row[2], "system", "fusion");
        double i = ccd_u(c, row, "INF"), d = ccd_u(c, row, "DAT"), fu = ccd_u(c, row, "FUS"),
               in = ccd_u(c, row, "INS");
        ck_close(cell(t, t1, "C"), 2.0 * sqrt(i * d) / (i + d));
        ck_close(cell(t, t1, "E"), d == 0.0 ? NAN : i / d);
        ck_assert(isnan(cell(t, t1, "U_FUS")));
        double C3 = 3.0 * cbrt(fu * in * d) / (fu + in + d);
        ck_close(cell(t, t2, "C"), C3);
        ck_close(cell(t, t2, "D"), sqrt(C3 * (fu + in + d) / 3.0));
        ck_close(cell(t, t2, "E"), in == 0.0 ? NAN : fu / in);
        checked += 2;
    }
    ck_assert_uint_eq(checked, 72);
    csv_free(c);
    rc_resultset_free(rs);
    fixture_free(f);
}
END_TEST

START_TEST(validate_rejects_bad_coupling_subsets_and_weighted_dagum)
{
    static const char *const cases[][2] = {
        {"coupling: {dimensions: [INF]}", "two or more dimension ids"},
        {"coupling: {dimensions: [INF, GREEN]}", "'GREEN', which is not a dimension"},
        {"coupling: {dimensions: [INF, INF]}", "lists 'INF' twice"},
        {"coupling: {dimensions: [INF, DAT], pairs: {a: [INF, FUS]}}", "not both"},
        {"coupling: {dimensions: [INF, DAT], alpha: {INF: 0.5, FUS: 0.5}}",
         "'FUS', which is not among the coupled"},
        {"coupling: {dimensions: [INF, DAT], alpha: {INF: 1}}", "no weight to dimension 'DAT'"},
        {"coupling: {dimensions: [INF, DAT], pair: [INF, FUS]}", "two of the coupled"},
        {"coupling: {pairs: {a: [INF, FUS]}, pair: [INF, FUS]}", "cannot be combined"},
        {"coupling: {pairs: {a: [INF, FUS]}, alpha: {INF: 0.5, FUS: 0.5}}", "'equal' with 'pairs'"},
        {"disparity: {by: zone, weights: pop}", "cannot weight the Dagum"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char yaml[256];
        snprintf(yaml, sizeof yaml, "analysis:\n  %s\n", cases[i][0]);
        expect_invalid(yaml, 1, cases[i][1]);
    }
    fixture *f = fixture_new("analysis:\n  coupling: {dimensions: [INF, DAT], alpha: {INF: 0.7, DAT: 0.3}, pair: [DAT, INF]}\n", 1);
    rc_error err;
    ck_assert_msg(rc_analysis_validate(&f->cfg, &err) == 0, "%s", err.msg);
    fixture_free(f);
}
END_TEST

START_TEST(weighted_disparity_equals_the_unweighted_measures_of_replicated_regions)
{
    /* pop = 1, 2 or 3 by region; one region without a weight in 2021 is left out */
    fixture *f = fixture_new("analysis:\n  disparity: {by: zone, measures: [cv, gini, theil], weights: pop}\n", 1);
    double pop[36];
    for (int t = 0; t < 3; t++)
        for (int i = 0; i < 12; i++) pop[t * 12 + i] = (double)(1 + i % 3);
    pop[1 * 12 + 4] = NAN;
    char *sname[1] = {(char *)"pop"};
    double *svals[1] = {pop};
    f->panel.n_series = 1;
    f->panel.series_names = sname;
    f->panel.values = svals;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_analysis_validate(&f->cfg, &err) == 0, "%s", err.msg);
    rc_resultset *rs = rc_resultset_new();
    ck_assert_msg(rc_analysis_run(&f->st, rs, &err) == 0, "%s", err.msg);
    const struct rc_table *t = rc_table_get(rs, "disparity");
    size_t checked = 0;
    for (int yr = 0; yr < 3; yr++) {
        double rep[36], work[36];
        size_t g[36], m = 0;
        for (int i = 0; i < 12; i++) {
            double w = pop[yr * 12 + i];
            for (int c = 0; !isnan(w) && c < (int)w; c++) {
                g[m] = toy_group[i];
                rep[m++] = toy_S[yr][i];
            }
        }
        char year[8];
        snprintf(year, sizeof year, "%d", 2020 + yr);
        rc_theil th;
        double Tg[3], Lg[3];
        ck_assert_int_eq(rc_theil_decompose(rep, g, m, 3, &th, Tg, Lg), 0);
        ck_close(cell(t, find_row(t, "year", year, "measure", "weighted_n", NULL, NULL), "value"),
                 yr == 1 ? 11.0 : 12.0);
        ck_close(cell(t, find_row(t, "year", year, "measure", "weighted_gini", "group2", "pop"), "value"),
                 rc_gini(rep, m, work));
        ck_close(cell(t, find_row(t, "year", year, "measure", "weighted_cv_population", NULL, NULL), "value"),
                 rc_cv(rep, m, 0, NULL, NULL));
        ck_close(cell(t, find_row(t, "year", year, "measure", "weighted_theil_T", NULL, NULL), "value"), th.T);
        ck_close(cell(t, find_row(t, "year", year, "measure", "weighted_theil_L_between", NULL, NULL), "value"),
                 th.L_between);
        ck_close(cell(t, find_row(t, "year", year, "measure", "weighted_theil_T_group", "group", "East"), "value"),
                 Tg[1]);
        /* the unweighted rows are still there, unchanged in meaning */
        ck_assert(find_row(t, "year", year, "measure", "gini", NULL, NULL) >= 0);
        checked += 6;
    }
    ck_assert_uint_eq(checked, 18);
    rc_resultset_free(rs);
    /* a weights series the data do not have is a data error naming it */
    f->panel.n_series = 0;
    rs = rc_resultset_new();
    ck_assert_int_eq(rc_analysis_run(&f->st, rs, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(err.msg, "no series 'pop'") != NULL, "%s", err.msg);
    rc_resultset_free(rs);
    f->panel.series_names = NULL;
    f->panel.values = NULL;
    fixture_free(f);
}
END_TEST

static Suite *run_suite(void)
{
    Suite *s = suite_create("analysis stage");
    TCase *tc = tcase_create("run");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, every_analysis_writes_its_table_with_reference_values);
    tcase_add_test(tc, a_region_missing_a_year_is_skipped_and_said_so);
    tcase_add_test(tc, a_constant_series_gives_undefined_moran_with_a_note);
    tcase_add_test(tc, validate_rejects_analyses_whose_inputs_are_missing);
    tcase_add_test(tc, coupling_uses_configured_alpha_and_wang_form);
    tcase_add_test(tc, coupling_of_a_dimension_subset_and_of_named_pairs_by_hand);
    tcase_add_test(tc, validate_rejects_bad_coupling_subsets_and_weighted_dagum);
    tcase_add_test(tc, weighted_disparity_equals_the_unweighted_measures_of_replicated_regions);
    tcase_add_test(tc, distance_weights_come_from_coordinates_and_islands_are_listed);
    tcase_add_test(tc, the_bundled_example_turns_on_every_analysis_and_validates);
    suite_add_tcase(s, tc);
    return s;
}


static Suite *kernels_suite(void)
{
    Suite *s = suite_create("analysis kernels");
    TCase *tc = tcase_create("kernels");
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, coupling_matches_ccd_reference_for_every_row);
    tcase_add_test(tc, coupling_is_exactly_zero_when_a_subsystem_scores_zero);
    tcase_add_test(tc, coupling_levels_are_closed_below_after_rounding_to_four_decimals);
    tcase_add_test(tc, disparity_matches_reference_per_year);
    tcase_add_test(tc, dagum_reproduces_the_public_example_to_its_four_decimals);
    tcase_add_test(tc, dagum_gives_zero_within_gini_to_a_one_region_group);
    tcase_add_test(tc, student_t_and_normal_tails_match_tables);
    tcase_add_test(tc, sigma_and_beta_convergence_match_reference);
    tcase_add_test(tc, moran_global_and_local_match_spdep);
    tcase_add_test(tc, moran_permutations_are_deterministic_for_a_seed);
    tcase_add_test(tc, moran_reports_an_island_and_keeps_it);
    tcase_add_test(tc, moran_of_a_constant_series_is_undefined_not_a_crash);
    tcase_add_test(tc, distance_weights_are_row_standardised_inverse_great_circle);
    tcase_add_test(tc, kde_bandwidth_and_density_match_reference);
    tcase_add_test(tc, obstacle_degree_matches_reference);
    tcase_add_test(tc, obstacle_ranks_share_ties_and_a_dimension_without_data_is_missing);
    tcase_add_test(tc, negative_beta_speed_gives_a_missing_half_life_with_a_note);
    tcase_add_test(tc, coupling_and_disparity_refuse_scores_outside_their_domain);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(kernels_suite());
    srunner_add_suite(sr, run_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
