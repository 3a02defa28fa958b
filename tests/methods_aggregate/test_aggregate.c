/* tests/methods_aggregate/test_aggregate.c — pins down aggregation (against the toy panel's
 * reference composites in ../shared/reference/expected), the missing-child policy,
 * imputation and outlier treatment (against hand calculations), and the parsing of
 * `aggregate:`, `missing:`, `impute:` and `treat:` nodes (built by hand). */
#include <check.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/methods.h"

#define NR 12
#define NY 3
#define NK 6
#define NCELL (NR * NY)

static const char *const k_ind[NK] = {"I1", "I2", "I3", "I4", "I5", "I6"};
static const int k_years[NY] = {2020, 2021, 2022};
static char k_region_buf[NR][8];
static const char *k_regions[NR];

/* ---------------- a tiny CSV reader (no quoting needed for these files) ---------------- */

typedef struct {
    char *text;
    char **cell; /* rows × cols */
    size_t rows, cols;
} csv_t;

static void csv_free(csv_t *c)
{
    free(c->text);
    free(c->cell);
    memset(c, 0, sizeof *c);
}

static int csv_read(const char *rel, csv_t *c)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/reference/%s", REGCOORD_SHARED_DIR, rel);
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    c->text = malloc((size_t)len + 1);
    if (fread(c->text, 1, (size_t)len, f) != (size_t)len) {
        fclose(f);
        return -1;
    }
    fclose(f);
    c->text[len] = '\0';
    size_t lines = 0, fields = 1;
    for (char *p = c->text; *p && *p != '\n'; p++) fields += *p == ',';
    for (char *p = c->text; *p; p++) lines += *p == '\n';
    c->cols = fields;
    c->cell = calloc((lines + 1) * fields, sizeof *c->cell);
    char *p = c->text;
    while (*p) {
        char *eol = strchr(p, '\n');
        if (eol) *eol = '\0';
        if (eol && eol > p && eol[-1] == '\r') eol[-1] = '\0';
        if (*p) {
            size_t k = 0;
            char *q = p;
            for (;;) {
                char *comma = strchr(q, ',');
                if (comma) *comma = '\0';
                if (k < fields) c->cell[c->rows * fields + k++] = q;
                if (!comma) break;
                q = comma + 1;
            }
            c->rows++;
        }
        if (!eol) break;
        p = eol + 1;
    }
    return 0;
}

static long csv_col(const csv_t *c, const char *name)
{
    for (size_t j = 0; j < c->cols; j++) {
        if (c->cell[j] && strcmp(c->cell[j], name) == 0) return (long)j;
    }
    return -1;
}

static const char *csv_at(const csv_t *c, size_t row, size_t col)
{
    return c->cell[row * c->cols + col];
}

static long region_index(const char *id)
{
    for (size_t r = 0; r < NR; r++) {
        if (strcmp(k_regions[r], id) == 0) return (long)r;
    }
    return -1;
}

static long year_index(int y)
{
    for (size_t t = 0; t < NY; t++) {
        if (k_years[t] == y) return (long)t;
    }
    return -1;
}

/* ---------------- reference fixture ---------------- */

static double g_norm[NK][NCELL];  /* pooled min-max normalised values */
static double g_oriented[NK][NCELL]; /* raw values times direction */
static double g_w[NY * NK];       /* entropy weights (pooled, min-max), each year */
static csv_t g_comp;

static void load_fixture(void)
{
    for (size_t r = 0; r < NR; r++) {
        snprintf(k_region_buf[r], sizeof k_region_buf[r], "R%02zu", r + 1);
        k_regions[r] = k_region_buf[r];
    }
    csv_t n;
    ck_assert_int_eq(csv_read("expected/normalisation.csv", &n), 0);
    long cs = csv_col(&n, "scope"), cm = csv_col(&n, "method"), cr = csv_col(&n, "region"),
         cy = csv_col(&n, "year"), ci = csv_col(&n, "indicator"), cv = csv_col(&n, "value");
    ck_assert(cs >= 0 && cm >= 0 && cr >= 0 && cy >= 0 && ci >= 0 && cv >= 0);
    size_t filled = 0;
    for (size_t i = 1; i < n.rows; i++) {
        if (strcmp(csv_at(&n, i, (size_t)cs), "pooled") || strcmp(csv_at(&n, i, (size_t)cm), "minmax"))
            continue;
        long r = region_index(csv_at(&n, i, (size_t)cr));
        long t = year_index(atoi(csv_at(&n, i, (size_t)cy)));
        long j = -1;
        for (size_t q = 0; q < NK; q++) {
            if (strcmp(k_ind[q], csv_at(&n, i, (size_t)ci)) == 0) j = (long)q;
        }
        ck_assert(r >= 0 && t >= 0 && j >= 0);
        g_norm[j][t * NR + r] = strtod(csv_at(&n, i, (size_t)cv), NULL);
        filled++;
    }
    ck_assert_uint_eq(filled, NK * NCELL);
    csv_free(&n);

    csv_t ind, raw;
    int dir[NK];
    ck_assert_int_eq(csv_read("toy/indicators.csv", &ind), 0);
    for (size_t i = 1; i < ind.rows; i++) {
        for (size_t j = 0; j < NK; j++) {
            if (strcmp(csv_at(&ind, i, 0), k_ind[j]) == 0)
                dir[j] = atoi(csv_at(&ind, i, (size_t)csv_col(&ind, "direction")));
        }
    }
    csv_free(&ind);
    ck_assert_int_eq(dir[5], -1);
    ck_assert_int_eq(csv_read("toy/panel_wide.csv", &raw), 0);
    ck_assert_uint_eq(raw.rows, NCELL + 1);
    for (size_t i = 1; i < raw.rows; i++) {
        long r = region_index(csv_at(&raw, i, (size_t)csv_col(&raw, "region")));
        long t = year_index(atoi(csv_at(&raw, i, (size_t)csv_col(&raw, "year"))));
        ck_assert(r >= 0 && t >= 0);
        for (size_t j = 0; j < NK; j++) {
            g_oriented[j][t * NR + r] =
                dir[j] * strtod(csv_at(&raw, i, (size_t)csv_col(&raw, k_ind[j])), NULL);
        }
    }
    csv_free(&raw);

    char path[1024];
    snprintf(path, sizeof path, "%s/reference/expected/weights.json", REGCOORD_SHARED_DIR);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    ck_assert_ptr_nonnull(root);
    json_t *w = json_object_get(json_object_get(root, "entropy_pooled_minmax"), "w");
    ck_assert_uint_eq(json_array_size(w), NK);
    for (size_t t = 0; t < NY; t++) {
        for (size_t j = 0; j < NK; j++) g_w[t * NK + j] = json_real_value(json_array_get(w, j));
    }
    json_decref(root);

    ck_assert_int_eq(csv_read("expected/composite.csv", &g_comp), 0);
    ck_assert_uint_eq(g_comp.rows, NCELL + 1);
}

/* Compares out (ny × nr) with composite.csv's column `name` to 1e-9 relative (absolute
 * near 0); returns the number of cells compared. */
static size_t check_against(const double *out, const char *name)
{
    long c = csv_col(&g_comp, name);
    ck_assert_msg(c >= 0, "composite.csv has no column %s", name);
    size_t n = 0;
    for (size_t i = 1; i < g_comp.rows; i++) {
        long r = region_index(csv_at(&g_comp, i, 0));
        long t = year_index(atoi(csv_at(&g_comp, i, (size_t)csv_col(&g_comp, "year"))));
        double want = strtod(csv_at(&g_comp, i, (size_t)c), NULL);
        double got = out[t * NR + r];
        ck_assert_msg(fabs(got - want) <= 1e-9 * fmax(fabs(want), 1e-12),
                      "%s %s %d: got %.17g want %.17g", name, k_regions[r], k_years[t], got, want);
        n++;
    }
    return n;
}

static const double *g_cols[NK];
static const double *g_ocols[NK];

static void setup(void)
{
    load_fixture();
    for (size_t j = 0; j < NK; j++) {
        g_cols[j] = g_norm[j];
        g_ocols[j] = g_oriented[j];
    }
}

static void teardown(void)
{
    csv_free(&g_comp);
}

/* ---------------- aggregation against the reference ---------------- */

START_TEST(arithmetic_with_entropy_weights_reproduces_S_linear_entropy)
{
    rc_agg_spec s;
    rc_agg_default(&s);
    double out[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, g_cols, NK, NR, NY, g_w, RC_MISSING_AVAILABLE, k_ind,
                                  k_regions, k_years, out, &e), 0);
    ck_assert_uint_eq(check_against(out, "S_linear_entropy"), NCELL);
}
END_TEST

START_TEST(arithmetic_within_subsystems_reproduces_U_columns)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/reference/expected/subsystem_weights.json", REGCOORD_SHARED_DIR);
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    ck_assert_ptr_nonnull(root);
    const char *sub;
    json_t *members;
    size_t checked = 0;
    json_object_foreach(root, sub, members) {
        const double *cols[NK];
        double wm[NK], wk[NY * NK];
        size_t k = 0;
        const char *ind;
        json_t *wv;
        json_object_foreach(members, ind, wv) {
            for (size_t j = 0; j < NK; j++) {
                if (strcmp(ind, k_ind[j]) == 0) cols[k] = g_norm[j];
            }
            wm[k++] = json_real_value(wv);
        }
        for (size_t t = 0; t < NY; t++) {
            for (size_t j = 0; j < k; j++) wk[t * k + j] = wm[j];
        }
        rc_agg_spec s;
        rc_agg_default(&s);
        double out[NCELL];
        rc_error e;
        ck_assert_int_eq(rc_aggregate(&s, cols, k, NR, NY, wk, RC_MISSING_STRICT, NULL, NULL,
                                      NULL, out, &e), 0);
        char name[32];
        snprintf(name, sizeof name, "U_%s", sub);
        checked += check_against(out, name);
    }
    json_decref(root);
    ck_assert_uint_eq(checked, 4 * NCELL);
}
END_TEST

START_TEST(geometric_shift_adds_to_each_value_before_the_log)
{
    /* S_geometric_shift1e-4 = exp(Σ w ln(x' + 1e-4)) with x' the pooled min-max values
     * and the unshifted entropy weights */
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_GEOMETRIC;
    s.shift = 1e-4;
    double out[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, g_cols, NK, NR, NY, g_w, RC_MISSING_AVAILABLE, k_ind,
                                  k_regions, k_years, out, &e), 0);
    check_against(out, "S_geometric_shift1e-4");
}
END_TEST

START_TEST(geometric_without_shift_matches_reference_and_refuses_zeros)
{
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_GEOMETRIC;
    long c = csv_col(&g_comp, "S_geometric_noshift");
    size_t matched = 0, refused = 0;
    for (size_t i = 1; i < g_comp.rows; i++) {
        long r = region_index(csv_at(&g_comp, i, 0));
        long t = year_index(atoi(csv_at(&g_comp, i, (size_t)csv_col(&g_comp, "year"))));
        size_t cell = (size_t)t * NR + (size_t)r;
        const double *one[NK];
        for (size_t j = 0; j < NK; j++) one[j] = g_norm[j] + cell;
        double out;
        rc_error e;
        rc_error_clear(&e);
        double want = strtod(csv_at(&g_comp, i, (size_t)c), NULL);
        int rc = rc_aggregate(&s, one, NK, 1, 1, g_w + (size_t)t * NK, RC_MISSING_AVAILABLE,
                              k_ind, k_regions + r, k_years + t, &out, &e);
        if (want == 0.0) {
            /* the reference takes the limit 0; we refuse and name the cell */
            ck_assert_int_eq(rc, -1);
            ck_assert_int_eq(e.kind, RC_ERRK_DATA);
            char needle[64];
            snprintf(needle, sizeof needle, "region %s, year %d, indicator", k_regions[r], k_years[t]);
            ck_assert_msg(strstr(e.msg, needle), "%s", e.msg);
            refused++;
        } else {
            ck_assert_int_eq(rc, 0);
            ck_assert_double_eq_tol(out, want, 1e-9 * want);
            matched++;
        }
    }
    ck_assert_uint_eq(refused, 2); /* R10 2020 and R11 2020 hold pooled minima */
    ck_assert_uint_eq(matched, NCELL - 2);

    /* the whole panel at once: the first offending cell in year, region, child order */
    double out[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, g_cols, NK, NR, NY, g_w, RC_MISSING_AVAILABLE, k_ind,
                                  k_regions, k_years, out, &e), -1);
    ck_assert_msg(strstr(e.msg, "region R10, year 2020, indicator I2"), "%s", e.msg);
    ck_assert_msg(strstr(e.msg, "shift"), "the message says what to do: %s", e.msg);
}
END_TEST

START_TEST(topsis_minmax_uses_pooled_ideals_and_reproduces_closeness_and_distances)
{
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_TOPSIS;
    double c[NCELL], dp[NCELL], dm[NCELL], out[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_topsis(&s, g_cols, NK, NR, NY, g_w, RC_MISSING_AVAILABLE, c, dp, dm, &e), 0);
    check_against(c, "topsis_minmax_entropy");
    check_against(dp, "topsis_minmax_Dplus");
    check_against(dm, "topsis_minmax_Dminus");
    ck_assert_int_eq(rc_aggregate(&s, g_cols, NK, NR, NY, g_w, RC_MISSING_AVAILABLE, NULL, NULL,
                                  NULL, out, &e), 0);
    ck_assert_mem_eq(out, c, sizeof out);

    /* per-year ideals give other values (the reference is the pooled form) */
    s.topsis_scope = RC_SCOPE_PER_YEAR;
    ck_assert_int_eq(rc_aggregate(&s, g_cols, NK, NR, NY, g_w, RC_MISSING_AVAILABLE, NULL, NULL,
                                  NULL, out, &e), 0);
    size_t differ = 0;
    for (size_t i = 0; i < NCELL; i++) differ += fabs(out[i] - c[i]) > 1e-6;
    ck_assert_uint_gt(differ, NCELL / 2);
}
END_TEST

START_TEST(topsis_vector_on_oriented_raw_values_reproduces_reference)
{
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_TOPSIS;
    s.topsis_vector = 1;
    double out[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, g_w, RC_MISSING_AVAILABLE, NULL, NULL,
                                  NULL, out, &e), 0);
    check_against(out, "topsis_vector_entropy");
}
END_TEST

START_TEST(mpi_population_and_sample_sd_reproduce_both_reference_columns)
{
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_MPI;
    double out[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, NULL, RC_MISSING_AVAILABLE, NULL, NULL,
                                  k_years, out, &e), 0);
    check_against(out, "MPI_minus_popsd_cs");
    s.mpi_ddof = 1;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, NULL, RC_MISSING_AVAILABLE, NULL, NULL,
                                  k_years, out, &e), 0);
    check_against(out, "MPI_minus_samplesd_cs");
}
END_TEST

START_TEST(mpi_plus_adds_the_penalty_that_mpi_minus_subtracts)
{
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_MPI;
    double lo[NCELL], hi[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, NULL, RC_MISSING_AVAILABLE, NULL, NULL,
                                  NULL, lo, &e), 0);
    s.mpi_penalty = +1;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, NULL, RC_MISSING_AVAILABLE, NULL, NULL,
                                  NULL, hi, &e), 0);
    /* MPI± = M ± S²/M: their mean is M, the mean of the z scores; the z of each year
     * average to 100 over regions, so the mean over regions of (lo + hi)/2 is 100 */
    for (size_t t = 0; t < NY; t++) {
        double m = 0;
        for (size_t r = 0; r < NR; r++) {
            ck_assert(hi[t * NR + r] >= lo[t * NR + r]);
            m += (lo[t * NR + r] + hi[t * NR + r]) / 2;
        }
        ck_assert_double_eq_tol(m / NR, 100.0, 1e-9);
    }
}
END_TEST

START_TEST(ampi_with_first_year_mean_as_reference_reproduces_reference)
{
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_AMPI;
    double out[NCELL];
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, NULL, RC_MISSING_AVAILABLE, NULL, NULL,
                                  k_years, out, &e), 0);
    check_against(out, "AMPI_minus_ref2020mean");
    s.ampi_ref_year = 2020;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, NULL, RC_MISSING_AVAILABLE, NULL, NULL,
                                  k_years, out, &e), 0);
    check_against(out, "AMPI_minus_ref2020mean");
    s.ampi_ref_year = 2019;
    ck_assert_int_eq(rc_aggregate(&s, g_ocols, NK, NR, NY, NULL, RC_MISSING_AVAILABLE, NULL, NULL,
                                  k_years, out, &e), -1);
    ck_assert_msg(strstr(e.msg, "2019") && strstr(e.msg, "2020"), "%s", e.msg);
}
END_TEST

/* ---------------- missing children (hand calculations) ---------------- */

START_TEST(available_case_renormalises_weights_and_strict_gives_missing)
{
    /* 2 regions, 1 year, 3 children, w = (0.5, 0.3, 0.2); region 2 lacks child 2 */
    double a[2] = {0.2, 0.4}, b[2] = {0.6, NAN}, c[2] = {0.9, 0.8};
    const double *cols[3] = {a, b, c};
    double w[3] = {0.5, 0.3, 0.2}, out[2];
    rc_agg_spec s;
    rc_agg_default(&s);
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, cols, 3, 2, 1, w, RC_MISSING_AVAILABLE, NULL, NULL, NULL, out, &e), 0);
    ck_assert_double_eq_tol(out[0], 0.5 * 0.2 + 0.3 * 0.6 + 0.2 * 0.9, 1e-15);  /* 0.46 */
    ck_assert_double_eq_tol(out[1], (0.5 * 0.4 + 0.2 * 0.8) / 0.7, 1e-15);      /* 0.36/0.7 */
    ck_assert_int_eq(rc_aggregate(&s, cols, 3, 2, 1, w, RC_MISSING_STRICT, NULL, NULL, NULL, out, &e), 0);
    ck_assert_double_eq_tol(out[0], 0.46, 1e-15);
    ck_assert(isnan(out[1]));

    s.method = RC_AGG_GEOMETRIC;
    ck_assert_int_eq(rc_aggregate(&s, cols, 3, 2, 1, w, RC_MISSING_AVAILABLE, NULL, NULL, NULL, out, &e), 0);
    ck_assert_double_eq_tol(out[1], pow(0.4, 0.5 / 0.7) * pow(0.8, 0.2 / 0.7), 1e-15);
    ck_assert_int_eq(rc_aggregate(&s, cols, 3, 2, 1, w, RC_MISSING_STRICT, NULL, NULL, NULL, out, &e), 0);
    ck_assert(isnan(out[1]));

    /* every child missing ⇒ missing, under either policy */
    double n1[1] = {NAN}, n2[1] = {NAN};
    const double *none[2] = {n1, n2};
    double w2[2] = {0.5, 0.5};
    s.method = RC_AGG_ARITHMETIC;
    ck_assert_int_eq(rc_aggregate(&s, none, 2, 1, 1, w2, RC_MISSING_AVAILABLE, NULL, NULL, NULL, out, &e), 0);
    ck_assert(isnan(out[0]));
}
END_TEST

START_TEST(geometric_error_names_region_year_and_indicator)
{
    /* 3 regions × 2 years; R03 in 2021 has I2 = -0.1 */
    double i1[6] = {1, 2, 3, 1, 2, 3}, i2[6] = {1, 1, 1, 1, 1, -0.1};
    const double *cols[2] = {i1, i2};
    const char *ids[2] = {"I1", "I2"}, *regs[3] = {"R01", "R02", "R03"};
    int years[2] = {2020, 2021};
    double w[4] = {0.5, 0.5, 0.5, 0.5}, out[6];
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_GEOMETRIC;
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, cols, 2, 3, 2, w, RC_MISSING_AVAILABLE, ids, regs, years, out, &e), -1);
    ck_assert_int_eq(e.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(e.msg, "region R03, year 2021, indicator I2"), "%s", e.msg);
    /* a shift that keeps x + shift > 0 makes it valid: exp(0.5 ln 4 + 0.5 ln 0.9) */
    s.shift = 1.0;
    ck_assert_int_eq(rc_aggregate(&s, cols, 2, 3, 2, w, RC_MISSING_AVAILABLE, ids, regs, years, out, &e), 0);
    ck_assert_double_eq_tol(out[5], sqrt(4.0 * 0.9), 1e-15);
    /* a shift too small still fails, saying so */
    s.shift = 0.05;
    ck_assert_int_eq(rc_aggregate(&s, cols, 2, 3, 2, w, RC_MISSING_AVAILABLE, ids, regs, years, out, &e), -1);
    ck_assert_msg(strstr(e.msg, "region R03, year 2021, indicator I2") && strstr(e.msg, "shift"), "%s", e.msg);
}
END_TEST

START_TEST(geometric_error_reports_the_first_bad_cell_in_region_then_indicator_order)
{
    /* one year, 3 regions: R02 has I1 = -1 and R01 has I3 = 0; R01's cell comes first even
     * though its indicator comes later (the block loop runs indicators outermost) */
    double i1[3] = {1, -1, 2}, i2[3] = {1, 1, 1}, i3[3] = {0, 1, 1};
    const double *cols[3] = {i1, i2, i3};
    const char *ids[3] = {"I1", "I2", "I3"}, *regs[3] = {"R01", "R02", "R03"};
    int years[1] = {2020};
    double w[3] = {1, 1, 1}, out[3];
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_GEOMETRIC;
    rc_error e;
    ck_assert_int_eq(rc_aggregate(&s, cols, 3, 3, 1, w, RC_MISSING_AVAILABLE, ids, regs, years, out, &e), -1);
    ck_assert_msg(strstr(e.msg, "region R01, year 2020, indicator I3"), "%s", e.msg);
}
END_TEST

START_TEST(precomputed_logs_give_the_bits_of_the_geometric_mean_on_600_regions_with_gaps)
{
    /* 600 regions (three blocks of the loop) x 2 years x 3 children, every 7th cell missing;
     * child 0 and 2 pass ln(x + shift), child 1 does not: both policies, every one of the
     * 1,200 cells bit for bit equal to rc_aggregate, and a NaN weight handled alike */
    enum { LR = 600, LY = 2, LK = 3, LN = LR * LY };
    static double c[LK][LN], l[LK][LN], a[LN], b[LN];
    for (size_t j = 0; j < LK; j++)
        for (size_t i = 0; i < LN; i++) {
            c[j][i] = (i + j) % 7 == 0 ? NAN : 0.5 + (double)((i * 37 + j * 11) % 101) / 7.0;
            l[j][i] = isnan(c[j][i]) ? NAN : log(c[j][i] + 0.25);
        }
    const double *cols[LK] = {c[0], c[1], c[2]}, *logs[LK] = {l[0], NULL, l[2]};
    double w[LY * LK] = {0.2, 0.3, 0.5, 0.6, NAN, 0.4};
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_GEOMETRIC;
    s.shift = 0.25;
    rc_error e;
    size_t checked = 0;
    for (int pol = 0; pol < 2; pol++) {
        rc_missing_policy mp = pol ? RC_MISSING_STRICT : RC_MISSING_AVAILABLE;
        ck_assert_int_eq(rc_aggregate(&s, cols, LK, LR, LY, w, mp, NULL, NULL, NULL, a, &e), 0);
        ck_assert_int_eq(rc_aggregate_logs(&s, cols, logs, LK, LR, LY, w, mp, NULL, NULL, NULL, b, &e), 0);
        for (size_t i = 0; i < LN; i++, checked++) ck_assert(memcmp(&a[i], &b[i], sizeof a[i]) == 0);
    }
    ck_assert_uint_eq(checked, 2 * LN);
    /* strict (the last pass): region 2 in year 1 is complete, year 2's NaN weight misses all */
    ck_assert(!isnan(a[1]) && isnan(a[LR + 1]));
}
END_TEST

START_TEST(topsis_by_hand_on_two_regions)
{
    /* one child, w = 1, values 0 and 1 in one year: R1 is the anti-ideal (C = 0), R2 the
     * ideal (C = 1); a third region at 0.25 has D+ = 0.75, D- = 0.25, C = 0.25 */
    double x[3] = {0.0, 1.0, 0.25};
    const double *cols[1] = {x};
    double w[1] = {1.0}, c[3], dp[3], dm[3];
    rc_agg_spec s;
    rc_agg_default(&s);
    s.method = RC_AGG_TOPSIS;
    rc_error e;
    ck_assert_int_eq(rc_topsis(&s, cols, 1, 3, 1, w, RC_MISSING_AVAILABLE, c, dp, dm, &e), 0);
    ck_assert_double_eq_tol(c[0], 0.0, 1e-15);
    ck_assert_double_eq_tol(c[1], 1.0, 1e-15);
    ck_assert_double_eq_tol(dp[2], 0.75, 1e-15);
    ck_assert_double_eq_tol(dm[2], 0.25, 1e-15);
    ck_assert_double_eq_tol(c[2], 0.25, 1e-15);
}
END_TEST

/* ---------------- parsing (nodes built by hand) ---------------- */

static struct rc_node scalar_node(const char *text, int line, int col)
{
    struct rc_node n;
    memset(&n, 0, sizeof n);
    n.kind = RC_NODE_SCALAR;
    n.file = "a.yaml";
    n.line = line;
    n.col = col;
    n.str = (char *)text;
    return n;
}

/* A mapping of up to 4 scalar entries. */
typedef struct {
    struct rc_node map, vals[4];
    char *keys[4];
    struct rc_node *items[4];
    int kl[4], kc[4];
} map_node;

static void build_map(map_node *m, size_t n, const char *const *kv)
{
    memset(m, 0, sizeof *m);
    m->map.kind = RC_NODE_MAP;
    m->map.file = "a.yaml";
    m->map.line = 3;
    m->map.col = 12;
    m->map.n = n;
    m->map.keys = m->keys;
    m->map.items = m->items;
    m->map.key_line = m->kl;
    m->map.key_col = m->kc;
    for (size_t i = 0; i < n; i++) {
        m->keys[i] = (char *)kv[2 * i];
        m->vals[i] = scalar_node(kv[2 * i + 1], 4 + (int)i, 20);
        m->items[i] = &m->vals[i];
        m->kl[i] = 4 + (int)i;
        m->kc[i] = 7;
    }
}

START_TEST(aggregate_config_forms_parse_into_the_spec)
{
    rc_agg_spec s;
    rc_error e;
    struct rc_node n = scalar_node("geometric", 2, 14);
    ck_assert_int_eq(rc_agg_parse(&n, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_AGG_GEOMETRIC);
    ck_assert(s.shift == 0.0);

    map_node m;
    build_map(&m, 2, (const char *const[]){"method", "geometric", "shift", "0.0001"});
    ck_assert_int_eq(rc_agg_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_AGG_GEOMETRIC);
    ck_assert(s.shift == 0.0001);
    /* a mapping without a method keeps the inherited one */
    rc_agg_spec child;
    build_map(&m, 1, (const char *const[]){"shift", "0.01"});
    ck_assert_int_eq(rc_agg_parse(&m.map, &s, &child, &e), 0);
    ck_assert_int_eq(child.method, RC_AGG_GEOMETRIC);
    ck_assert(child.shift == 0.01);

    build_map(&m, 3, (const char *const[]){"method", "topsis", "form", "vector", "scope", "per_year"});
    ck_assert_int_eq(rc_agg_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_AGG_TOPSIS);
    ck_assert_int_eq(s.topsis_vector, 1);
    ck_assert_int_eq(s.topsis_scope, RC_SCOPE_PER_YEAR);

    build_map(&m, 3, (const char *const[]){"method", "mpi", "sd", "sample", "penalty", "positive"});
    ck_assert_int_eq(rc_agg_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_AGG_MPI);
    ck_assert_int_eq(s.mpi_ddof, 1);
    ck_assert_int_eq(s.mpi_penalty, 1);

    build_map(&m, 2, (const char *const[]){"method", "ampi", "ref_year", "2020"});
    ck_assert_int_eq(rc_agg_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_AGG_AMPI);
    ck_assert_int_eq(s.ampi_ref_year, 2020);
    ck_assert_int_eq(s.mpi_penalty, -1);
    ck_assert_int_eq(s.mpi_ddof, 0);
    rc_agg_free(&s);

    rc_missing_policy p;
    n = scalar_node("strict", 1, 1);
    ck_assert_int_eq(rc_missing_parse(&n, &p, &e), 0);
    ck_assert_int_eq(p, RC_MISSING_STRICT);
    n = scalar_node("available", 1, 1);
    ck_assert_int_eq(rc_missing_parse(&n, &p, &e), 0);
    ck_assert_int_eq(p, RC_MISSING_AVAILABLE);
}
END_TEST

START_TEST(unknown_aggregate_method_or_parameter_is_an_error_listing_the_valid_ones)
{
    rc_agg_spec s;
    rc_error e;
    struct rc_node n = scalar_node("geometrik", 2, 14);
    ck_assert_int_eq(rc_agg_parse(&n, NULL, &s, &e), -1);
    ck_assert_int_eq(e.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(e.msg, "a.yaml:2:14"), "%s", e.msg);
    ck_assert_msg(strstr(e.msg, "did you mean 'geometric'"), "%s", e.msg);
    ck_assert_msg(strstr(e.msg, "arithmetic, geometric, topsis, mpi, ampi"), "%s", e.msg);

    map_node m;
    build_map(&m, 2, (const char *const[]){"method", "topsis", "shift", "0.1"});
    ck_assert_int_eq(rc_agg_parse(&m.map, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "a.yaml:5:7"), "points at the key: %s", e.msg);
    ck_assert_msg(strstr(e.msg, "'shift'") && strstr(e.msg, "method, form, scope"), "%s", e.msg);

    build_map(&m, 2, (const char *const[]){"method", "mpi", "sd", "populaton"});
    ck_assert_int_eq(rc_agg_parse(&m.map, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "population, sample") && strstr(e.msg, "a.yaml:5:20"), "%s", e.msg);

    build_map(&m, 2, (const char *const[]){"method", "geometric", "shift", "-1"});
    ck_assert_int_eq(rc_agg_parse(&m.map, NULL, &s, &e), -1);

    rc_missing_policy p;
    n = scalar_node("lenient", 7, 3);
    ck_assert_int_eq(rc_missing_parse(&n, &p, &e), -1);
    ck_assert_msg(strstr(e.msg, "available, strict") && strstr(e.msg, "a.yaml:7:3"), "%s", e.msg);
}
END_TEST

/* ---------------- imputation (hand-made panels) ---------------- */

typedef struct {
    size_t n;
    size_t region[16], year[16];
    double value[16];
} imp_log;

static void imp_cb(void *user, size_t region, size_t year, double value)
{
    imp_log *l = user;
    if (l->n < 16) {
        l->region[l->n] = region;
        l->year[l->n] = year;
        l->value[l->n] = value;
    }
    l->n++;
}

/* 4 regions × 3 years (rows are years):
 *          R1   R2   R3   R4
 *   t0      1  NaN    3    8
 *   t1      2    4  NaN  NaN
 *   t2    NaN    6    9   10      */
static void panel(double x[12])
{
    const double v[12] = {1, NAN, 3, 8, 2, 4, NAN, NAN, NAN, 6, 9, 10};
    memcpy(x, v, sizeof v);
}

START_TEST(mean_and_median_impute_per_year_or_pooled)
{
    double x[12];
    rc_impute_spec s = {.method = RC_IMPUTE_MEAN, .scope = RC_SCOPE_PER_YEAR};
    imp_log l = {0};
    rc_error e;
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, imp_cb, &l, &e), 0);
    ck_assert_double_eq_tol(x[1], (1 + 3 + 8) / 3.0, 1e-15);
    ck_assert_double_eq_tol(x[6], 3.0, 1e-15); /* (2 + 4) / 2 */
    ck_assert_double_eq_tol(x[7], 3.0, 1e-15);
    ck_assert_double_eq_tol(x[8], (6 + 9 + 10) / 3.0, 1e-15);
    ck_assert_uint_eq(l.n, 4);
    ck_assert_uint_eq(l.region[0], 1);
    ck_assert_uint_eq(l.year[0], 0);

    s.method = RC_IMPUTE_MEDIAN;
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, NULL, NULL, &e), 0);
    ck_assert_double_eq_tol(x[1], 3.0, 1e-15);  /* median of 1, 3, 8 */
    ck_assert_double_eq_tol(x[6], 3.0, 1e-15);  /* median of 2, 4 */
    ck_assert_double_eq_tol(x[8], 9.0, 1e-15);  /* median of 6, 9, 10 */

    s.scope = RC_SCOPE_POOLED; /* observed: 1 3 8 2 4 6 9 10 → median (4 + 6)/2 */
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, NULL, NULL, &e), 0);
    ck_assert_double_eq_tol(x[1], 5.0, 1e-15);
    ck_assert_double_eq_tol(x[7], 5.0, 1e-15);
    s.method = RC_IMPUTE_MEAN; /* 43 / 8 */
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, NULL, NULL, &e), 0);
    ck_assert_double_eq_tol(x[8], 43.0 / 8.0, 1e-15);
}
END_TEST

START_TEST(group_mean_uses_the_regions_group_in_that_year)
{
    double x[12];
    size_t grp[4] = {0, 0, 1, 1}; /* R1, R2 | R3, R4 */
    rc_impute_spec s = {.method = RC_IMPUTE_GROUP_MEAN, .scope = RC_SCOPE_PER_YEAR};
    rc_error e;
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, grp, 2, NULL, NULL, &e), 0);
    ck_assert_double_eq_tol(x[1], 1.0, 1e-15);   /* R2 t0 ← R1 t0 */
    ck_assert(isnan(x[6]) && isnan(x[7]));       /* group 2 has nothing in t1 */
    ck_assert_double_eq_tol(x[8], 6.0, 1e-15);   /* R1 t2 ← R2 t2 */
    s.scope = RC_SCOPE_POOLED;
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, grp, 2, NULL, NULL, &e), 0);
    ck_assert_double_eq_tol(x[6], (3 + 8 + 9 + 10) / 4.0, 1e-15);
    ck_assert_double_eq_tol(x[1], (1 + 2 + 4 + 6) / 4.0, 1e-15);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, NULL, NULL, &e), -1); /* no grouping */
}
END_TEST

START_TEST(locf_carries_forward_and_leaves_leading_gaps)
{
    double x[12];
    rc_impute_spec s = {.method = RC_IMPUTE_LOCF};
    imp_log l = {0};
    rc_error e;
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, imp_cb, &l, &e), 0);
    ck_assert(isnan(x[1]));                     /* R2 leading gap */
    ck_assert_double_eq_tol(x[6], 3.0, 1e-15);  /* R3 t1 ← t0 */
    ck_assert_double_eq_tol(x[7], 8.0, 1e-15);  /* R4 t1 ← t0 */
    ck_assert_double_eq_tol(x[8], 2.0, 1e-15);  /* R1 t2 ← t1 */
    ck_assert_uint_eq(l.n, 3);
}
END_TEST

START_TEST(linear_interpolates_inside_and_never_extrapolates)
{
    /* one region over 6 years: NaN 2 NaN NaN 8 NaN */
    double x[6] = {NAN, 2, NAN, NAN, 8, NAN};
    rc_impute_spec s = {.method = RC_IMPUTE_LINEAR};
    imp_log l = {0};
    rc_error e;
    ck_assert_int_eq(rc_impute(&s, x, 1, 6, NULL, 0, imp_cb, &l, &e), 0);
    ck_assert(isnan(x[0]) && isnan(x[5]));
    ck_assert_double_eq_tol(x[2], 4.0, 1e-15);
    ck_assert_double_eq_tol(x[3], 6.0, 1e-15);
    ck_assert_uint_eq(l.n, 2);
    ck_assert_uint_eq(l.year[0], 2);
    double p[12];
    panel(p);
    ck_assert_int_eq(rc_impute(&s, p, 4, 3, NULL, 0, NULL, NULL, &e), 0);
    ck_assert_double_eq_tol(p[6], 6.0, 1e-15);  /* R3: 3, _, 9 */
    ck_assert_double_eq_tol(p[7], 9.0, 1e-15);  /* R4: 8, _, 10 */
    ck_assert(isnan(p[1]) && isnan(p[8]));
}
END_TEST

/* {method: constant, value: 0} fills every missing cell with 0 (official practice), each
 * reported; `constant` without `value` and a non-number value are config errors. */
START_TEST(constant_imputation_fills_the_given_value_and_needs_it)
{
    rc_impute_spec s;
    rc_error e;
    map_node m;
    build_map(&m, 2, (const char *const[]){"method", "constant", "value", "0"});
    ck_assert_int_eq(rc_impute_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_IMPUTE_CONSTANT);
    ck_assert_double_eq(s.value, 0.0);
    double x[12];
    panel(x);
    imp_log l = {0};
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, imp_cb, &l, &e), 0);
    const double want[12] = {1, 0, 3, 8, 2, 4, 0, 0, 0, 6, 9, 10};
    for (size_t i = 0; i < 12; i++) ck_assert_double_eq(x[i], want[i]);
    ck_assert_uint_eq(l.n, 4);
    for (size_t i = 0; i < 4; i++) ck_assert_double_eq(l.value[i], 0.0);
    ck_assert_str_eq(rc_impute_method_name(s.method), "constant");
    rc_impute_free(&s);

    build_map(&m, 2, (const char *const[]){"method", "constant", "value", "-2.5"});
    ck_assert_int_eq(rc_impute_parse(&m.map, NULL, &s, &e), 0);
    panel(x);
    ck_assert_int_eq(rc_impute(&s, x, 4, 3, NULL, 0, NULL, NULL, &e), 0);
    ck_assert_double_eq(x[1], -2.5);
    rc_impute_free(&s);

    struct rc_node n = scalar_node("constant", 3, 12);
    ck_assert_int_eq(rc_impute_parse(&n, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "a.yaml:3:12") && strstr(e.msg, "value: 0"), "%s", e.msg);
    build_map(&m, 2, (const char *const[]){"method", "constant", "value", "zero"});
    ck_assert_int_eq(rc_impute_parse(&m.map, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "finite number"), "%s", e.msg);
    build_map(&m, 2, (const char *const[]){"method", "mean", "value", "0"});
    ck_assert_int_eq(rc_impute_parse(&m.map, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "'value'"), "%s", e.msg);
}
END_TEST

START_TEST(impute_config_forms_and_errors)
{
    rc_impute_spec s;
    rc_error e;
    map_node m;
    build_map(&m, 2, (const char *const[]){"method", "group_mean", "group", "province"});
    ck_assert_int_eq(rc_impute_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_IMPUTE_GROUP_MEAN);
    ck_assert_str_eq(s.group, "province");
    rc_impute_spec c;
    ck_assert_int_eq(rc_impute_parse(NULL, &s, &c, &e), 0);
    ck_assert_str_eq(c.group, "province");
    ck_assert_ptr_ne(c.group, s.group);
    rc_impute_free(&c);
    rc_impute_free(&s);

    build_map(&m, 2, (const char *const[]){"method", "median", "scope", "pooled"});
    ck_assert_int_eq(rc_impute_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_int_eq(s.method, RC_IMPUTE_MEDIAN);
    ck_assert_int_eq(s.scope, RC_SCOPE_POOLED);
    rc_impute_free(&s);

    struct rc_node n = scalar_node("interpolate", 9, 11);
    ck_assert_int_eq(rc_impute_parse(&n, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "a.yaml:9:11") &&
                      strstr(e.msg, "none, mean, median, group_mean, locf, linear, constant"), "%s", e.msg);
    build_map(&m, 2, (const char *const[]){"method", "locf", "scope", "pooled"});
    ck_assert_int_eq(rc_impute_parse(&m.map, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "'scope'") && strstr(e.msg, "a.yaml:5:7"), "%s", e.msg);
}
END_TEST

/* ---------------- outlier treatment (hand-made columns) ---------------- */

/* Excel's definitions, written out independently of the library:
 * SKEW = n/((n-1)(n-2)) Σ((x-m)/s)³, KURT = n(n+1)/((n-1)(n-2)(n-3)) Σ((x-m)/s)⁴
 * - 3(n-1)²/((n-2)(n-3)), s the sample SD. */
static void excel_moments(const double *x, size_t n, double *skew, double *kurt)
{
    double m = 0, ss = 0, s3 = 0, s4 = 0;
    for (size_t i = 0; i < n; i++) m += x[i] / (double)n;
    for (size_t i = 0; i < n; i++) ss += (x[i] - m) * (x[i] - m);
    double s = sqrt(ss / (double)(n - 1)), dn = (double)n;
    for (size_t i = 0; i < n; i++) {
        s3 += pow((x[i] - m) / s, 3);
        s4 += pow((x[i] - m) / s, 4);
    }
    *skew = dn / ((dn - 1) * (dn - 2)) * s3;
    *kurt = dn * (dn + 1) / ((dn - 1) * (dn - 2) * (dn - 3)) * s4 -
            3 * (dn - 1) * (dn - 1) / ((dn - 2) * (dn - 3));
}

typedef struct {
    size_t n;
    size_t region[32], year[32];
    double from[32], to[32];
    char method[32][16];
} treat_log;

static void treat_cb(void *user, size_t region, size_t year, double from, double to,
                     const char *method)
{
    treat_log *l = user;
    if (l->n < 32) {
        l->region[l->n] = region;
        l->year[l->n] = year;
        l->from[l->n] = from;
        l->to[l->n] = to;
        snprintf(l->method[l->n], sizeof l->method[l->n], "%s", method);
    }
    l->n++;
}

START_TEST(skew_and_kurt_follow_excel)
{
    const double x[10] = {1, 2, 2, 3, 3, 3, 4, 4, 5, 40};
    double sk, ku;
    excel_moments(x, 10, &sk, &ku);
    /* the same by the Excel formula evaluated in Python: 3.105252523746636, 9.736383620038605 */
    ck_assert_double_eq_tol(sk, 3.105252523746636, 1e-12);
    ck_assert_double_eq_tol(ku, 9.736383620038605, 1e-12);
    ck_assert_double_eq_tol(rc_stat_skew_excel(x, 10), sk, 1e-12);
    ck_assert_double_eq_tol(rc_stat_kurt_excel(x, 10), ku, 1e-12);
    const double withnan[5] = {1, NAN, 2, 3, 10};
    const double four[4] = {1, 2, 3, 10};
    ck_assert_double_eq_tol(rc_stat_skew_excel(withnan, 5), rc_stat_skew_excel(four, 4), 1e-15);
    const double flat[4] = {2, 2, 2, 2};
    ck_assert(isnan(rc_stat_skew_excel(flat, 4)));
    ck_assert(isnan(rc_stat_kurt_excel(four, 3)));
}
END_TEST

START_TEST(winsorise_sets_the_outlier_to_the_next_value)
{
    /* the column as 2 years × 5 regions; the outlier 40 sits at year 1, region 4. It fails
     * (skew 3.11 ≥ 2, kurt 9.74 ≥ 3.5); 40 → 5 gives skew -0.088: one point treated */
    double x[10] = {1, 2, 2, 3, 3, 3, 4, 4, 40, 5};
    const double want[10] = {1, 2, 2, 3, 3, 3, 4, 4, 5, 5};
    double sk, ku;
    excel_moments(want, 10, &sk, &ku);
    ck_assert(fabs(sk) < 2);
    rc_treat_spec s = {.enabled = 1, .max_points = 5, .skew_limit = 2, .kurt_limit = 3.5,
                       .scope = RC_SCOPE_POOLED};
    treat_log l = {0};
    rc_error e;
    ck_assert_int_eq(rc_treat(&s, x, 5, 2, treat_cb, &l, &e), 0);
    for (size_t i = 0; i < 10; i++) ck_assert_double_eq(x[i], want[i]);
    ck_assert_uint_eq(l.n, 1);
    ck_assert_uint_eq(l.region[0], 3);
    ck_assert_uint_eq(l.year[0], 1);
    ck_assert_double_eq(l.from[0], 40);
    ck_assert_double_eq(l.to[0], 5);
    ck_assert_str_eq(l.method[0], "winsorised");

    /* the mirror image: negative skew treats the lowest value */
    double y[10] = {-1, -2, -2, -3, -3, -3, -4, -4, -40, -5};
    ck_assert_int_eq(rc_treat(&s, y, 5, 2, NULL, NULL, &e), 0);
    for (size_t i = 0; i < 10; i++) ck_assert_double_eq(y[i], -want[i]);

    /* a column that passes is left alone */
    double z[10] = {1, 2, 2, 3, 3, 3, 4, 4, 5, 5};
    l.n = 0;
    ck_assert_int_eq(rc_treat(&s, z, 10, 1, treat_cb, &l, &e), 0);
    ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(log_transform_when_winsorising_max_points_is_not_enough)
{
    /* 20 values 1..5 (4 times) + 100, 150, 200. Steps (COINr's count: the distinct cells
     * moved, i.e. those tied at the top after the step): 200 → 150 (1 cell; skew 2.50,
     * kurt 4.92: fails), both 150 → 100 (2 cells moved; skew 2.343, kurt 3.833: fails).
     * With max_points 2 the loop stops there; fallback: ln(x - 1 + 0.01·199) of the
     * original values. */
    double x[23];
    for (size_t i = 0; i < 20; i++) x[i] = (double)(i % 5 + 1);
    x[20] = 100, x[21] = 150, x[22] = 200;
    double orig[23];
    memcpy(orig, x, sizeof x);
    double sk, ku, step[23];
    memcpy(step, x, sizeof x);
    step[22] = 150, step[21] = step[22] = 100;
    excel_moments(step, 23, &sk, &ku);
    ck_assert(sk >= 2 && ku >= 3.5); /* still failing after 2 distinct cells */
    rc_treat_spec s = {.enabled = 1, .max_points = 2, .skew_limit = 2, .kurt_limit = 3.5,
                       .scope = RC_SCOPE_POOLED};
    treat_log l = {0};
    rc_error e;
    ck_assert_int_eq(rc_treat(&s, x, 23, 1, treat_cb, &l, &e), 0);
    for (size_t i = 0; i < 23; i++) ck_assert_double_eq_tol(x[i], log(orig[i] - 1 + 1.99), 1e-15);
    ck_assert_uint_eq(l.n, 23);
    ck_assert_str_eq(l.method[22], "log");
    ck_assert_double_eq(l.from[22], 200);

    /* with room for 3 distinct cells (the default 5 too) the third step, the three 100s
     * → 5, passes: the column is winsorised instead */
    for (size_t mp = 3; mp <= 5; mp += 2) {
        memcpy(x, orig, sizeof x);
        s.max_points = mp;
        l.n = 0;
        ck_assert_int_eq(rc_treat(&s, x, 23, 1, treat_cb, &l, &e), 0);
        ck_assert_uint_eq(l.n, 3);
        ck_assert_double_eq(x[20], 5);
        ck_assert_double_eq(x[22], 5);
        ck_assert_str_eq(l.method[0], "winsorised");
    }
}
END_TEST

/* COINr counts the distinct cells moved (nwin = the cells tied at the extreme of the latest
 * step), not the sum of every step's ties. 1..20 plus 150, 200, 300 (n = 23): skew 2.779,
 * kurt 7.264 fail; 300 → 200 (1 cell; skew 2.403, kurt 4.391: fails); both 200 → 150
 * (2 cells; skew 2.289, kurt 3.682: fails); the three 150 → 20 (3 cells; skew -0.156,
 * kurt -1.324: passes). 3 distinct cells ≤ 5: winsorised, each outlier set to 20. The old
 * count (1 + 2 + 3 = 6 > 5) fell back to the log transform. */
START_TEST(winsorisation_counts_distinct_cells_as_coinr)
{
    double x[23];
    for (size_t i = 0; i < 20; i++) x[i] = (double)(i + 1);
    x[20] = 150, x[21] = 200, x[22] = 300;
    rc_treat_spec s = {.enabled = 1, .max_points = 5, .skew_limit = 2, .kurt_limit = 3.5,
                       .scope = RC_SCOPE_POOLED};
    treat_log l = {0};
    rc_error e;
    ck_assert_int_eq(rc_treat(&s, x, 23, 1, treat_cb, &l, &e), 0);
    for (size_t i = 0; i < 20; i++) ck_assert_double_eq(x[i], (double)(i + 1));
    for (size_t i = 20; i < 23; i++) ck_assert_double_eq(x[i], 20);
    ck_assert_uint_eq(l.n, 3);
    for (size_t i = 0; i < 3; i++) ck_assert_str_eq(l.method[i], "winsorised");
    double sk, ku;
    excel_moments(x, 23, &sk, &ku);
    ck_assert_double_eq_tol(sk, -0.15569485569268546, 1e-12);
    ck_assert_double_eq_tol(ku, -1.3241261912461488, 1e-12);
}
END_TEST

START_TEST(treat_config_forms_and_errors)
{
    rc_treat_spec s;
    rc_error e;
    struct rc_node n = scalar_node("winsorise", 1, 8);
    ck_assert_int_eq(rc_treat_parse(&n, NULL, &s, &e), 0);
    ck_assert_int_eq(s.enabled, 1);
    ck_assert_uint_eq(s.max_points, 5);
    ck_assert(s.skew_limit == 2 && s.kurt_limit == 3.5);
    map_node m;
    build_map(&m, 4, (const char *const[]){"method", "winsorise", "max_points", "3", "skew", "2.25",
                                           "kurtosis", "4"});
    ck_assert_int_eq(rc_treat_parse(&m.map, NULL, &s, &e), 0);
    ck_assert_uint_eq(s.max_points, 3);
    ck_assert(s.skew_limit == 2.25 && s.kurt_limit == 4);
    n = scalar_node("none", 1, 8);
    ck_assert_int_eq(rc_treat_parse(&n, NULL, &s, &e), 0);
    ck_assert_int_eq(s.enabled, 0);
    n = scalar_node("winsorize", 1, 8);
    ck_assert_int_eq(rc_treat_parse(&n, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "did you mean 'winsorise'") && strstr(e.msg, "none, winsorise"), "%s", e.msg);
    build_map(&m, 2, (const char *const[]){"method", "winsorise", "points", "3"});
    ck_assert_int_eq(rc_treat_parse(&m.map, NULL, &s, &e), -1);
    ck_assert_msg(strstr(e.msg, "method, max_points, skew, kurtosis, scope"), "%s", e.msg);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("methods_aggregate");
    TCase *ref = tcase_create("reference");
    tcase_add_checked_fixture(ref, setup, teardown);
    tcase_add_test(ref, arithmetic_with_entropy_weights_reproduces_S_linear_entropy);
    tcase_add_test(ref, arithmetic_within_subsystems_reproduces_U_columns);
    tcase_add_test(ref, geometric_shift_adds_to_each_value_before_the_log);
    tcase_add_test(ref, geometric_without_shift_matches_reference_and_refuses_zeros);
    tcase_add_test(ref, topsis_minmax_uses_pooled_ideals_and_reproduces_closeness_and_distances);
    tcase_add_test(ref, topsis_vector_on_oriented_raw_values_reproduces_reference);
    tcase_add_test(ref, mpi_population_and_sample_sd_reproduce_both_reference_columns);
    tcase_add_test(ref, mpi_plus_adds_the_penalty_that_mpi_minus_subtracts);
    tcase_add_test(ref, ampi_with_first_year_mean_as_reference_reproduces_reference);
    suite_add_tcase(s, ref);
    TCase *hand = tcase_create("hand");
    tcase_add_test(hand, available_case_renormalises_weights_and_strict_gives_missing);
    tcase_add_test(hand, geometric_error_names_region_year_and_indicator);
    tcase_add_test(hand, geometric_error_reports_the_first_bad_cell_in_region_then_indicator_order);
    tcase_add_test(hand, precomputed_logs_give_the_bits_of_the_geometric_mean_on_600_regions_with_gaps);
    tcase_add_test(hand, topsis_by_hand_on_two_regions);
    tcase_add_test(hand, aggregate_config_forms_parse_into_the_spec);
    tcase_add_test(hand, unknown_aggregate_method_or_parameter_is_an_error_listing_the_valid_ones);
    tcase_add_test(hand, mean_and_median_impute_per_year_or_pooled);
    tcase_add_test(hand, group_mean_uses_the_regions_group_in_that_year);
    tcase_add_test(hand, locf_carries_forward_and_leaves_leading_gaps);
    tcase_add_test(hand, linear_interpolates_inside_and_never_extrapolates);
    tcase_add_test(hand, impute_config_forms_and_errors);
    tcase_add_test(hand, skew_and_kurt_follow_excel);
    tcase_add_test(hand, winsorise_sets_the_outlier_to_the_next_value);
    tcase_add_test(hand, log_transform_when_winsorising_max_points_is_not_enough);
    tcase_add_test(hand, winsorisation_counts_distinct_cells_as_coinr);
    tcase_add_test(hand, constant_imputation_fills_the_given_value_and_needs_it);
    tcase_add_test(hand, treat_config_forms_and_errors);
    suite_add_tcase(s, hand);
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
