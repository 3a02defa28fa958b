/* tests/analysis_plugins/test_spatial_weights.c — the shared weight builders
 * (plugins/analyses/common/an_weights.c) and Moran/Geary (plugins/analyses/spatial_weights/
 * moran_geary.c) against reference/weights_ref.csv and moran_ref.csv (R spdep,
 * reference_spatial.R): kNN on lon/lat and planar points, inverse distance with and
 * without a cut-off, economic and nested matrices, Moran's I and Geary's C per year under
 * each, the island of the rook contiguity; the k-d tree against brute force on 2,000
 * random points; the refusal of dense matrices past AN_DENSE_MAX; coincident points, equal
 * economic means and missing coordinates. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/analyses/common/an_stats.h"
#include "../../plugins/analyses/common/an_weights.h"
#include "../../plugins/analyses/spatial_weights/moran_geary.h"
#include "refdata.h"

#define ck_close(a, b)                                                                    \
    do {                                                                                  \
        double a_ = (a), b_ = (b);                                                        \
        ck_assert_msg(rd_close(a_, b_, 1e-9), "%s = %.17g, expected %.17g", #a, a_, b_); \
    } while (0)

/* The matrix named as in reference_spatial.R, built by the plugins' builders. */
static void build(const rd_fixture *f, const char *name, an_csr *w)
{
    an_points ll = {f->lon, f->lat, f->n, 1}, pl = {f->x_km, f->y_km, f->n, 0};
    if (!strcmp(name, "contiguity")) {
        rd_contiguity(f, w);
        an_csr_row_standardise(w);
    } else if (!strcmp(name, "knn4")) ck_assert_int_eq(an_w_knn(&ll, 4, w), AN_W_OK);
    else if (!strcmp(name, "knn4_planar")) ck_assert_int_eq(an_w_knn(&pl, 4, w), AN_W_OK);
    else if (!strcmp(name, "idw1_150")) ck_assert_int_eq(an_w_distance(&ll, 1, 150, w, NULL), AN_W_OK);
    else if (!strcmp(name, "idw2")) ck_assert_int_eq(an_w_distance(&ll, 2, 0, w, NULL), AN_W_OK);
    else if (!strcmp(name, "econ_pop")) ck_assert_int_eq(an_w_economic(f->pop, f->n, w, NULL), AN_W_OK);
    else if (!strcmp(name, "nested")) {
        an_csr a, b;
        build(f, "idw1_150", &a);
        build(f, "econ_pop", &b);
        ck_assert_int_eq(an_w_nested(&a, &b, 0.5, w), AN_W_OK);
        an_csr_free(&a);
        an_csr_free(&b);
    } else ck_abort_msg("unknown matrix %s", name);
}

static const char *const matrices[] = {"contiguity", "knn4", "knn4_planar", "idw1_150",
                                       "idw2", "econ_pop", "nested"};

START_TEST(every_builder_reproduces_the_spdep_matrix_entry_by_entry)
{
    rd_fixture *f = rd_fixture_read();
    size_t entries = 0;
    for (size_t m = 1; m < 7; m++) {
        an_csr w, r;
        build(f, matrices[m], &w);
        rd_ref_matrix(f, matrices[m], &r);
        ck_assert_uint_eq(w.n, r.n);
        for (size_t i = 0; i <= w.n; i++)
            ck_assert_msg(w.off[i] == r.off[i], "%s row %zu: %zu vs %zu entries", matrices[m],
                          i, w.off[i], r.off[i]);
        for (size_t e = 0; e < w.off[w.n]; e++, entries++) {
            ck_assert_uint_eq(w.nbr[e], r.nbr[e]);
            ck_close(w.w[e], r.w[e]);
        }
        an_csr_free(&w);
        an_csr_free(&r);
    }
    ck_assert_uint_eq(entries, 6192 - 142); /* every row of weights_ref.csv but contiguity */
    rd_fixture_free(f);
}
END_TEST

START_TEST(moran_and_geary_match_spdep_under_every_matrix_and_year)
{
    rd_fixture *f = rd_fixture_read();
    rd_csv *c = rd_csv_read(RD_REF "moran_ref.csv");
    const char *q[] = {"I", "EI", "var_norm", "var_rand", "z_norm", "z_rand", "p_norm",
                       "p_rand", "C", "EC", "varC_norm", "varC_rand", "zC_norm", "zC_rand",
                       "pC_norm", "pC_rand"};
    size_t rows = 0;
    for (size_t m = 0; m < 7; m++) {
        an_csr w;
        build(f, matrices[m], &w);
        for (size_t t = 0; t < RD_YEARS; t++) {
            sw_global g;
            ck_assert_int_eq(sw_moran_geary(&w, f->v[t], &g), 0);
            double got[16] = {g.I, g.EI, g.var_I_norm, g.var_I_rand, g.z_I_norm, g.z_I_rand,
                              g.p_I_norm, g.p_I_rand, g.C, g.EC, g.var_C_norm, g.var_C_rand,
                              g.z_C_norm, g.z_C_rand, g.p_C_norm, g.p_C_rand};
            char yr[8];
            snprintf(yr, sizeof yr, "%zu", 2016 + t);
            for (size_t r = 1; r < c->nrows; r++) {
                if (strcmp(c->cell[r][0], matrices[m]) || strcmp(c->cell[r][1], yr)) continue;
                for (size_t k = 0; k < 16; k++) {
                    double want = rd_num(c->cell[r][rd_col(c, q[k])]);
                    ck_assert_msg(rd_close(got[k], want, 1e-9), "%s %s %s: %.17g vs %.17g",
                                  matrices[m], yr, q[k], got[k], want);
                }
                rows++;
            }
            size_t want_islands = m == 0 || m == 3 ? 1 : 0; /* R43: no rook pair, none within 150 km */
            ck_assert_uint_eq(g.n_islands, want_islands);
        }
        an_csr_free(&w);
    }
    ck_assert_uint_eq(rows, 7 * RD_YEARS);
    rd_csv_free(c);
    rd_fixture_free(f);
}
END_TEST

static double unif(an_rng *r) { return (double)(an_rng_next(r) >> 11) * 0x1.0p-53; }

START_TEST(kd_tree_neighbours_equal_brute_force_on_random_points)
{
    enum { N = 2000, K = 7 };
    double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
    an_rng r;
    an_rng_seed(&r, 99);
    for (size_t i = 0; i < N; i++) {
        x[i] = 70.0 + 60.0 * unif(&r);
        y[i] = 15.0 + 35.0 * unif(&r);
    }
    x[5] = x[6]; /* a coincident pair */
    y[5] = y[6];
    for (int lonlat = 0; lonlat < 2; lonlat++) {
        an_points p = {x, y, N, lonlat};
        an_csr w, b;
        ck_assert_int_eq(an_w_knn(&p, K, &w), AN_W_OK);
        double cut = lonlat ? 120.0 : 1.1;
        size_t same = 0;
        ck_assert_int_eq(an_w_distance(&p, 0, cut, &b, &same), AN_W_OK);
        ck_assert_uint_eq(same, 1);
        for (size_t i = 0; i < N; i += 7) { /* every 7th point, against all others */
            double *d = malloc(N * sizeof *d);
            size_t in_band = 0;
            for (size_t j = 0; j < N; j++) {
                d[j] = j == i ? INFINITY : an_point_distance(&p, i, j);
                if (j != i && d[j] > 0.0 && d[j] <= cut) in_band++;
            }
            /* the K-th smallest distance bounds the kNN row */
            double kth = 0.0;
            for (size_t e = w.off[i]; e < w.off[i + 1]; e++)
                if (d[w.nbr[e]] > kth) kth = d[w.nbr[e]];
            size_t closer = 0;
            for (size_t j = 0; j < N; j++)
                if (d[j] < kth) closer++;
            ck_assert_uint_eq(w.off[i + 1] - w.off[i], K);
            ck_assert_uint_le(closer, K - 1);
            ck_assert_uint_eq(b.off[i + 1] - b.off[i], in_band);
            for (size_t e = b.off[i]; e < b.off[i + 1]; e++) ck_assert(d[b.nbr[e]] <= cut);
            free(d);
        }
        an_csr_free(&w);
        an_csr_free(&b);
    }
    free(x);
    free(y);
}
END_TEST

START_TEST(dense_matrices_past_the_limit_are_refused_and_bands_are_not)
{
    size_t n = AN_DENSE_MAX + 1;
    double *x = calloc(n, sizeof *x), *y = calloc(n, sizeof *y);
    for (size_t i = 0; i < n; i++) { x[i] = (double)(i % 100); y[i] = (double)(i / 100); }
    an_points p = {x, y, n, 0};
    an_csr w;
    ck_assert_int_eq(an_w_distance(&p, 1, 0, &w, NULL), AN_W_TOO_DENSE);
    ck_assert_int_eq(an_w_economic(x, n, &w, NULL), AN_W_TOO_DENSE);
    ck_assert_int_eq(an_w_distance(&p, 1, 1.5, &w, NULL), AN_W_OK); /* a band is sparse */
    ck_assert_uint_eq(w.off[101] - w.off[100], 5);   /* (0,1): (0,0), (1,1), (0,2), (1,0), (1,2) */
    an_csr_free(&w);
    free(x);
    free(y);
}
END_TEST

START_TEST(missing_coordinates_equal_means_and_coincident_points_are_counted)
{
    double x[5] = {0, 1, 1, NAN, 3}, y[5] = {0, 0, 0, 1, 0}, xbar[5] = {1, 2, 2, NAN, 4};
    an_points p = {x, y, 5, 0};
    an_csr w;
    size_t same = 0;
    ck_assert_int_eq(an_w_distance(&p, 1, 0, &w, &same), AN_W_OK);
    ck_assert_uint_eq(same, 1);                    /* regions 1 and 2 coincide */
    ck_assert_uint_eq(w.off[4] - w.off[3], 0);     /* no coordinates: an island */
    ck_assert_uint_eq(w.off[2] - w.off[1], 2);     /* region 1: 0 and 4, not 2 */
    ck_close(w.w[w.off[1]], (1.0 / 1.0) / (1.0 + 0.5)); /* 1/d to region 0 over Σ 1/d */
    ck_assert_uint_eq(an_w_islands(&w), 1);
    an_csr_free(&w);
    ck_assert_int_eq(an_w_knn(&p, 2, &w), AN_W_OK);
    ck_assert_uint_eq(w.off[2] - w.off[1], 2);     /* kNN keeps the coincident neighbour */
    ck_assert_uint_eq(w.nbr[w.off[1]], 0);
    ck_assert_uint_eq(w.nbr[w.off[1] + 1], 2);
    an_csr_free(&w);
    ck_assert_int_eq(an_w_economic(xbar, 5, &w, &same), AN_W_OK);
    ck_assert_uint_eq(same, 1);
    ck_assert_uint_eq(w.off[4] - w.off[3], 0);
    an_csr_free(&w);
    /* Moran of identical values: undefined, flagged, not NaN garbage in n and S0 */
    double v[5] = {2, 2, 2, 2, 2};
    ck_assert_int_eq(an_w_knn(&p, 2, &w), AN_W_OK);
    sw_global g;
    ck_assert_int_eq(sw_moran_geary(&w, v, &g), 1);
    ck_assert(isnan(g.I) && isnan(g.C));
    ck_close(g.S0, 4.0);
    an_csr_free(&w);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("spatial_weights");
    TCase *tc = tcase_create("weights");
    tcase_add_test(tc, every_builder_reproduces_the_spdep_matrix_entry_by_entry);
    tcase_add_test(tc, moran_and_geary_match_spdep_under_every_matrix_and_year);
    tcase_add_test(tc, kd_tree_neighbours_equal_brute_force_on_random_points);
    tcase_add_test(tc, dense_matrices_past_the_limit_are_refused_and_bands_are_not);
    tcase_add_test(tc, missing_coordinates_equal_means_and_coincident_points_are_counted);
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
