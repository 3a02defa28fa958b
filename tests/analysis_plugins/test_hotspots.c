/* tests/analysis_plugins/test_hotspots.c — the hotspots kernel (plugins/analyses/hotspots/
 * getis_ord.c): Gi and Gi* against spdep's localG on the fixture under rook contiguity
 * (with an island) and 4 nearest neighbours, p adjustment against R's p.adjust, the
 * permutation p identical on any thread count, the classes at their thresholds, and the
 * edge cases (constant values, identical regions, too few regions). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/analyses/common/an_stats.h"
#include "../../plugins/analyses/hotspots/getis_ord.h"
#include "refdata.h"

#define ck_close(a, b)                                                                    \
    do {                                                                                  \
        double a_ = (a), b_ = (b);                                                        \
        ck_assert_msg(rd_close(a_, b_, 1e-9), "%s = %.17g, expected %.17g", #a, a_, b_); \
    } while (0)

/* The matrix the R script used for `name` and statistic: Gi on the row-standardised
 * structure, Gi* on hs_star_weights of it. */
static void weights_for(const rd_fixture *f, const char *name, int star, an_csr *w)
{
    an_csr base;
    if (strcmp(name, "contiguity") == 0) {
        rd_contiguity(f, &base);
        an_csr_row_standardise(&base);
    } else {
        rd_ref_matrix(f, name, &base);
    }
    if (star) {
        ck_assert_int_eq(hs_star_weights(&base, w), 0);
        an_csr_free(&base);
    } else {
        *w = base;
    }
}

START_TEST(gi_and_gistar_match_spdep_localG_for_every_region_and_year)
{
    rd_fixture *f = rd_fixture_read();
    rd_csv *c = rd_csv_read(RD_REF "hotspots_ref.csv");
    size_t n = f->n, checked = 0, islands = 0;
    double *G = calloc(n, sizeof *G), *EG = calloc(n, sizeof *EG), *VG = calloc(n, sizeof *VG);
    double *z = calloc(n, sizeof *z), *p = calloc(n, sizeof *p);
    double *pf = calloc(n, sizeof *pf), *pb = calloc(n, sizeof *pb);
    const char *mats[] = {"contiguity", "knn4"};
    for (size_t m = 0; m < 2; m++)
        for (int star = 0; star < 2; star++) {
            an_csr w;
            weights_for(f, mats[m], star, &w);
            for (size_t t = 0; t < RD_YEARS; t++) {
                ck_assert_int_eq(hs_local_g(&w, f->v[t], star, G, EG, VG, z, p), 0);
                /* the contiguity island has no Gi, but a Gi* of its own value */
                ck_assert_int_eq(an_p_adjust(p, n, AN_ADJUST_FDR, pf), m == 0 && !star ? (long)n - 1 : (long)n);
                an_p_adjust(p, n, AN_ADJUST_BONFERRONI, pb);
                char year[8];
                snprintf(year, sizeof year, "%zu", 2016 + t);
                for (size_t r = 1; r < c->nrows; r++) {
                    char **row = c->cell[r];
                    if (strcmp(row[0], mats[m]) || strcmp(row[1], star ? "Gi*" : "Gi") ||
                        strcmp(row[2], year))
                        continue;
                    long i = rd_region(f, row[3]);
                    int island = w.off[i] == w.off[i + 1];
                    if (island) {
                        /* spdep writes G = 0 and z NaN for an island; the kernel leaves
                         * G, EG, VG missing as well */
                        ck_assert(isnan(G[i]) && isnan(z[i]) && isnan(rd_num(row[7])));
                        islands++;
                    } else {
                        ck_close(G[i], rd_num(row[4]));
                        ck_close(EG[i], rd_num(row[5]));
                        ck_close(VG[i], rd_num(row[6]));
                    }
                    ck_close(z[i], rd_num(row[7]));
                    ck_close(p[i], rd_num(row[8]));
                    ck_close(pf[i], rd_num(row[9]));
                    ck_close(pb[i], rd_num(row[10]));
                    checked++;
                }
            }
            an_csr_free(&w);
        }
    ck_assert_uint_eq(checked, 2 * 2 * RD_YEARS * n); /* 860 rows of hotspots_ref.csv */
    ck_assert_uint_eq(islands, RD_YEARS);             /* R43 under contiguity, Gi only */
    free(G); free(EG); free(VG); free(z); free(p); free(pf); free(pb);
    rd_csv_free(c);
    rd_fixture_free(f);
}
END_TEST

START_TEST(permutation_p_is_identical_on_one_two_and_seven_threads_and_missing_for_an_island)
{
    rd_fixture *f = rd_fixture_read();
    size_t n = f->n;
    an_csr w;
    weights_for(f, "knn4", 1, &w);
    double *p1 = calloc(n, sizeof *p1), *p2 = calloc(n, sizeof *p2), *p7 = calloc(n, sizeof *p7);
    ck_assert_int_eq(hs_local_g_perm(&w, f->v[0], 1, 999, 42, 2016, 1, p1), 0);
    ck_assert_int_eq(hs_local_g_perm(&w, f->v[0], 1, 999, 42, 2016, 2, p2), 0);
    ck_assert_int_eq(hs_local_g_perm(&w, f->v[0], 1, 999, 42, 2016, 7, p7), 0);
    ck_assert_mem_eq(p1, p2, n * sizeof *p1);
    ck_assert_mem_eq(p1, p7, n * sizeof *p1);
    for (size_t i = 0; i < n; i++) ck_assert(p1[i] >= 1.0 / 1000.0 && p1[i] <= 0.5 + 1e-12);
    /* an island of the rook contiguity (R43) has no permutation p for Gi */
    an_csr rook;
    weights_for(f, "contiguity", 0, &rook);
    ck_assert_int_eq(hs_local_g_perm(&rook, f->v[0], 0, 99, 42, 2016, 2, p2), 0);
    ck_assert(isnan(p2[42]) && !isnan(p2[0]));
    an_csr_free(&rook);
    /* another seed gives other draws */
    ck_assert_int_eq(hs_local_g_perm(&w, f->v[0], 1, 999, 43, 2016, 1, p2), 0);
    ck_assert(memcmp(p1, p2, n * sizeof *p1) != 0);
    free(p1); free(p2); free(p7);
    an_csr_free(&w);
    rd_fixture_free(f);
}
END_TEST

START_TEST(permutation_p_is_small_where_z_is_large_and_large_where_z_is_near_zero)
{
    rd_fixture *f = rd_fixture_read();
    size_t n = f->n, strong = 0, weak = 0;
    double *z = calloc(n, sizeof *z), *pp = calloc(n, sizeof *pp);
    for (int star = 0; star < 2; star++) {
        an_csr w;
        weights_for(f, "knn4", star, &w);
        for (size_t t = 0; t < RD_YEARS; t++) {
            hs_local_g(&w, f->v[t], star, NULL, NULL, NULL, z, NULL);
            ck_assert_int_eq(hs_local_g_perm(&w, f->v[t], star, 999, 1, t, 2, pp), 0);
            for (size_t i = 0; i < n; i++) {
                if (fabs(z[i]) > 3.0) { ck_assert_msg(pp[i] <= 0.02, "z %g p %g", z[i], pp[i]); strong++; }
                if (fabs(z[i]) < 0.3) { ck_assert_msg(pp[i] >= 0.2, "z %g p %g", z[i], pp[i]); weak++; }
            }
        }
        an_csr_free(&w);
    }
    ck_assert_uint_gt(strong, 5);
    ck_assert_uint_gt(weak, 5);
    free(z); free(pp);
    rd_fixture_free(f);
}
END_TEST

START_TEST(classes_follow_the_99_95_90_thresholds_by_sign_of_z)
{
    ck_assert_int_eq(hs_class(2.7, 0.009), 3);
    ck_assert_int_eq(hs_class(2.0, 0.0455), 2);
    ck_assert_int_eq(hs_class(2.0, 0.05), 1); /* p = 0.05 is not below 0.05 */
    ck_assert_int_eq(hs_class(1.7, 0.0891), 1);
    ck_assert_int_eq(hs_class(1.5, 0.10), 0);
    ck_assert_int_eq(hs_class(-3.0, 0.0027), -3);
    ck_assert_int_eq(hs_class(-2.0, 0.0455), -2);
    ck_assert_int_eq(hs_class(-1.7, 0.0891), -1);
    ck_assert_int_eq(hs_class(NAN, NAN), 0);
    ck_assert_str_eq(hs_class_name(3), "hot 99%");
    ck_assert_str_eq(hs_class_name(-2), "cold 95%");
    ck_assert_str_eq(hs_class_name(0), "not significant");
}
END_TEST

START_TEST(constant_values_give_no_statistic_and_too_few_regions_are_refused)
{
    rd_fixture *f = rd_fixture_read();
    size_t n = f->n;
    an_csr w;
    weights_for(f, "knn4", 0, &w);
    double *x = calloc(n, sizeof *x), *z = calloc(n, sizeof *z), *G = calloc(n, sizeof *G);
    for (size_t i = 0; i < n; i++) x[i] = 0.5;
    ck_assert_int_eq(hs_local_g(&w, x, 0, G, NULL, NULL, z, NULL), 1);
    for (size_t i = 0; i < n; i++) ck_assert(isnan(z[i]) && isnan(G[i]));
    x[3] = NAN;
    ck_assert_int_eq(hs_local_g(&w, x, 0, G, NULL, NULL, z, NULL), -1);
    an_csr two = w;
    two.n = 2;
    ck_assert_int_eq(hs_local_g(&two, f->v[0], 0, G, NULL, NULL, z, NULL), -1);
    free(x); free(z); free(G);
    an_csr_free(&w);
    rd_fixture_free(f);
}
END_TEST

/* Two regions with the same value and mirrored neighbourhoods get the same z: a path
 * 0-1-2-3-4 with values symmetric about the centre. Hand value for Gi* at the centre:
 * x = (1, 2, 3, 2, 1), n = 5, mean 1.8, s² = 0.56, W_i = 1, S1 = 1/3, lag = 7/3,
 * z = (7/3 − 1.8)/√(0.56 (5/3 − 1)/4). */
START_TEST(identical_regions_get_identical_statistics_and_the_centre_matches_by_hand)
{
    size_t off[6] = {0, 1, 3, 5, 7, 8}, nbr[8] = {1, 0, 2, 1, 3, 2, 4, 3};
    double wt[8] = {1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1};
    an_csr w = {5, off, nbr, wt}, ws;
    double x[5] = {1, 2, 3, 2, 1}, z[5], G[5];
    ck_assert_int_eq(hs_star_weights(&w, &ws), 0);
    ck_assert_int_eq(hs_local_g(&ws, x, 1, G, NULL, NULL, z, NULL), 0);
    ck_close(z[0], z[4]);
    ck_close(z[1], z[3]);
    ck_close(z[2], (7.0 / 3.0 - 1.8) / sqrt(0.56 * (5.0 / 3.0 - 1.0) / 4.0));
    ck_close(G[2], (7.0 / 3.0) / 9.0); /* lag over Σx = 9 */
    an_csr_free(&ws);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("hotspots");
    TCase *tc = tcase_create("getis_ord");
    tcase_add_test(tc, gi_and_gistar_match_spdep_localG_for_every_region_and_year);
    tcase_add_test(tc, permutation_p_is_identical_on_one_two_and_seven_threads_and_missing_for_an_island);
    tcase_add_test(tc, permutation_p_is_small_where_z_is_large_and_large_where_z_is_near_zero);
    tcase_add_test(tc, classes_follow_the_99_95_90_thresholds_by_sign_of_z);
    tcase_add_test(tc, constant_values_give_no_statistic_and_too_few_regions_are_refused);
    tcase_add_test(tc, identical_regions_get_identical_statistics_and_the_centre_matches_by_hand);
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
