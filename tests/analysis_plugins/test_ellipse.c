/* tests/analysis_plugins/test_ellipse.c — the ellipse kernel (plugins/analyses/ellipse/
 * sde.c) against reference/ellipse_ref.csv and ellipse_moves_ref.csv (numpy,
 * reference_ellipse.py: ArcGIS's tan θ formula, cross-checked with eigenvalues): weighted
 * and unweighted lon/lat with √2, weighted and unweighted planar, CrimeStat's correction
 * (as PySAL pointpats); and by hand a rotated rectangle, a
 * circle, coincident points, too few points, zero weight, a negative weight, compass. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../plugins/analyses/ellipse/sde.h"
#include "refdata.h"

#define ck_close(a, b)                                                                    \
    do {                                                                                  \
        double a_ = (a), b_ = (b);                                                        \
        ck_assert_msg(rd_close(a_, b_, 1e-9), "%s = %.17g, expected %.17g", #a, a_, b_); \
    } while (0)

static double refv(const rd_csv *c, const char *cs, const char *a, const char *b, const char *q)
{
    for (size_t r = 1; r < c->nrows; r++) {
        char **row = c->cell[r];
        size_t last = c->ncols - 1;
        if (!strcmp(row[0], cs) && !strcmp(row[1], a) && !strcmp(row[last - 1], q) &&
            (c->ncols == 4 || !strcmp(row[2], b)))
            return strtod(row[last], NULL);
    }
    ck_abort_msg("no reference %s %s %s %s", cs, a, b ? b : "", q);
    return NAN;
}

START_TEST(ellipses_and_moves_match_numpy_for_lonlat_and_planar_points)
{
    rd_fixture *f = rd_fixture_read();
    rd_csv *e = rd_csv_read(RD_REF "ellipse_ref.csv"), *mv = rd_csv_read(RD_REF "ellipse_moves_ref.csv");
    size_t n = f->n, checked = 0;
    double lon0 = 0.0, lat0 = 0.0, *px = calloc(n, sizeof *px), *py = calloc(n, sizeof *py);
    for (size_t i = 0; i < n; i++) { lon0 += f->lon[i] / (double)n; lat0 += f->lat[i] / (double)n; }
    for (size_t i = 0; i < n; i++) el_project(f->lon[i], f->lat[i], lon0, lat0, &px[i], &py[i]);
    const char *cases[] = {"lonlat_w", "planar_w", "planar_u", "lonlat_u", "planar_c"};
    const int corr[] = {EL_CORR_ARCGIS, EL_CORR_NONE, EL_CORR_ARCGIS, EL_CORR_ARCGIS, EL_CORR_CRIMESTAT};
    for (int k = 0; k < 5; k++) {
        int ll = k == 0 || k == 3, unweighted = k == 2 || k == 3;
        const double *x = ll ? px : f->x_km, *y = ll ? py : f->y_km;
        double pcx = NAN, pcy = NAN;
        for (size_t t = 0; t < (unweighted ? 1 : RD_YEARS); t++) {
            el_ellipse el;
            ck_assert_int_eq(el_sde(x, y, unweighted ? NULL : f->v[t], n, corr[k], &el), 0);
            ck_assert_int_eq(el.status, EL_OK);
            ck_assert_uint_eq(el.n, n);
            double cx = el.cx, cy = el.cy;
            if (ll) el_unproject(el.cx, el.cy, lon0, lat0, &cx, &cy);
            char yr[8], py_[8];
            snprintf(yr, sizeof yr, "%zu", 2016 + t);
            ck_close(cx, refv(e, cases[k], yr, NULL, "centre_x"));
            ck_close(cy, refv(e, cases[k], yr, NULL, "centre_y"));
            ck_close(el.sigma_major, refv(e, cases[k], yr, NULL, "sigma_major"));
            ck_close(el.sigma_minor, refv(e, cases[k], yr, NULL, "sigma_minor"));
            ck_close(el.theta, refv(e, cases[k], yr, NULL, "theta"));
            ck_close(el_area(&el, 1), refv(e, cases[k], yr, NULL, "area_1"));
            ck_close(el_area(&el, 2), refv(e, cases[k], yr, NULL, "area_2"));
            ck_close(el_area(&el, 3), refv(e, cases[k], yr, NULL, "area_3"));
            checked += 8;
            if (t > 0) {
                snprintf(py_, sizeof py_, "%zu", 2015 + t);
                double dist = k == 0 ? el_haversine_km(pcx, pcy, cx, cy) : hypot(cx - pcx, cy - pcy);
                double dir = k == 0 ? el_bearing_deg(pcx, pcy, cx, cy) : el_direction_deg(cx - pcx, cy - pcy);
                ck_close(dist, refv(mv, cases[k], py_, yr, "distance"));
                ck_close(dir, refv(mv, cases[k], py_, yr, "direction"));
                checked += 2;
            }
            pcx = cx;
            pcy = cy;
        }
    }
    ck_assert_uint_eq(checked, e->nrows - 1 + mv->nrows - 1); /* every reference value */
    free(px); free(py);
    rd_csv_free(e); rd_csv_free(mv);
    rd_fixture_free(f);
}
END_TEST

/* Four corners of a 4 × 2 rectangle rotated so that its long side points 30° east of
 * north: centre (0, 0), σ_major² = 4 (half-length 2), σ_minor² = 1, θ = 30°. */
START_TEST(a_rotated_rectangle_gives_its_axes_and_azimuth_by_hand)
{
    double x[4], y[4], a = 30.0 * M_PI / 180.0;
    double u[4] = {2, 2, -2, -2}, v[4] = {1, -1, 1, -1}; /* along, across */
    for (int i = 0; i < 4; i++) {
        x[i] = u[i] * sin(a) + v[i] * cos(a);
        y[i] = u[i] * cos(a) - v[i] * sin(a);
    }
    el_ellipse e;
    ck_assert_int_eq(el_sde(x, y, NULL, 4, EL_CORR_NONE, &e), 0);
    ck_close(e.theta, 30.0);
    ck_close(e.sigma_major, 2.0);
    ck_close(e.sigma_minor, 1.0);
    ck_assert(fabs(e.cx) < 1e-15 && fabs(e.cy) < 1e-15);
    ck_close(el_area(&e, 2), M_PI * 4.0 * 2.0);
    ck_assert_int_eq(el_sde(x, y, NULL, 4, EL_CORR_ARCGIS, &e), 0);
    ck_close(e.sigma_major, 2.0 * sqrt(2.0));
    ck_assert_int_eq(el_sde(x, y, NULL, 4, EL_CORR_CRIMESTAT, &e), 0);
    ck_close(e.sigma_major, 2.0 * sqrt(2.0 * 4.0 / 2.0)); /* √(2n/(n − 2)), n = 4 */
}
END_TEST

START_TEST(degenerate_point_sets_are_flagged)
{
    el_ellipse e;
    double sq_x[4] = {1, -1, 0, 0}, sq_y[4] = {0, 0, 1, -1};
    ck_assert_int_eq(el_sde(sq_x, sq_y, NULL, 4, 0, &e), 0);
    ck_assert_int_eq(e.status, EL_ISOTROPIC);
    ck_assert(isnan(e.theta));
    ck_close(e.sigma_major, sqrt(0.5));
    double same[3] = {5, 5, 5};
    ck_assert_int_eq(el_sde(same, same, NULL, 3, 0, &e), 0);
    ck_assert_int_eq(e.status, EL_COINCIDENT);
    ck_assert(e.sigma_major == 0.0 && isnan(e.theta));
    ck_assert_int_eq(el_sde(sq_x, sq_y, NULL, 2, 0, &e), 0);
    ck_assert_int_eq(e.status, EL_TOO_FEW);
    ck_assert(isnan(e.cx));
    double zero[4] = {0, 0, 0, 0}, neg[4] = {1, 1, -1, 1};
    ck_assert_int_eq(el_sde(sq_x, sq_y, zero, 4, 0, &e), 0);
    ck_assert_int_eq(e.status, EL_NO_WEIGHT);
    ck_assert_int_eq(el_sde(sq_x, sq_y, neg, 4, 0, &e), -1);
    /* a missing weight leaves its point out */
    double w[4] = {1, 1, 1, NAN};
    ck_assert_int_eq(el_sde(sq_x, sq_y, w, 4, 0, &e), 0);
    ck_assert_uint_eq(e.n, 3);
    ck_close(e.cy, 1.0 / 3.0);
}
END_TEST

START_TEST(compass_names_split_the_circle_in_eighths_and_bearings_are_clockwise)
{
    ck_assert_str_eq(el_compass(0.0), "N");
    ck_assert_str_eq(el_compass(22.4), "N");
    ck_assert_str_eq(el_compass(22.5), "NE");
    ck_assert_str_eq(el_compass(90.0), "E");
    ck_assert_str_eq(el_compass(200.0), "S");
    ck_assert_str_eq(el_compass(337.6), "N");
    ck_assert_str_eq(el_compass(NAN), "");
    ck_close(el_direction_deg(1, 0), 90.0);
    ck_close(el_direction_deg(0, -1), 180.0);
    ck_close(el_bearing_deg(100, 0, 101, 0), 90.0);
    /* one degree of latitude on the sphere of radius 6371.0088 km */
    ck_close(el_haversine_km(100, 10, 100, 11), 6371.0088 * M_PI / 180.0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ellipse");
    TCase *tc = tcase_create("sde");
    tcase_add_test(tc, ellipses_and_moves_match_numpy_for_lonlat_and_planar_points);
    tcase_add_test(tc, a_rotated_rectangle_gives_its_axes_and_azimuth_by_hand);
    tcase_add_test(tc, degenerate_point_sets_are_flagged);
    tcase_add_test(tc, compass_names_split_the_circle_in_eighths_and_bearings_are_clockwise);
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
