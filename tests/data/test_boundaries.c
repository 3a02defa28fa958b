/* tests/data/test_boundaries.c — regions.boundaries on boundary files the tests build: a
 * 3 x 3 grid of unit squares (GeoJSON and shapefile), two triangles sharing an edge and two
 * squares touching at a corner; queen and rook contiguity counted by hand, centroids as
 * coordinates, and the refusals (no id property, a region twice, not a polygon). */
#define _GNU_SOURCE
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/model.h"
#include "data/load.h"
#include "suites.h"
#include "support_files.h"

static rc_panel *load_yaml(const char *dir, const char *yaml, rc_error *err)
{
    rc_config *cfg = NULL;
    rc_error_clear(err);
    if (rc_config_load_string(yaml, "cfg.yaml", dir, &cfg, err) != 0) return NULL;
    rc_panel *p = NULL;
    rc_panel_load(cfg, &p, err);
    rc_config_free(cfg);
    return p;
}

static rc_panel *load_ok(const char *dir, const char *yaml)
{
    rc_error err;
    rc_panel *p = load_yaml(dir, yaml, &err);
    ck_assert_msg(p, "load failed: %s", err.msg);
    return p;
}

static void load_fails(const char *dir, const char *yaml, const char *needle)
{
    rc_error err;
    rc_panel *p = load_yaml(dir, yaml, &err);
    ck_assert_msg(!p, "load succeeded; expected '%s'", needle);
    ck_assert_msg(strstr(err.msg, needle), "message '%s' lacks '%s'", err.msg, needle);
}

static size_t degree(const rc_panel *p, const char *id)
{
    long r = rc_panel_region(p, id);
    ck_assert_int_ge(r, 0);
    return p->spatial->off[r + 1] - p->spatial->off[r];
}

static int neighbours(const rc_panel *p, const char *a, const char *b)
{
    long r = rc_panel_region(p, a), s = rc_panel_region(p, b);
    for (size_t k = p->spatial->off[r]; k < p->spatial->off[r + 1]; k++)
        if (p->spatial->nbr[k] == (size_t)s) return 1;
    return 0;
}

/* The grid: region gI (I = 3 * row + col) is the unit square [col, col+1] x [row, row+1]. */
static void write_grid_files(const char *dir)
{
    char buf[8192];
    size_t k = 0;
    k += (size_t)snprintf(buf + k, sizeof buf - k, "{\"type\": \"FeatureCollection\", \"features\": [");
    for (int i = 0; i < 9; i++) {
        int x = i % 3, y = i / 3;
        k += (size_t)snprintf(buf + k, sizeof buf - k,
                              "%s{\"type\": \"Feature\", \"properties\": {\"code\": \"g%d\", "
                              "\"n\": %d}, \"geometry\": {\"type\": \"Polygon\", \"coordinates\": "
                              "[[[%d,%d],[%d,%d],[%d,%d],[%d,%d],[%d,%d]]]}}",
                              i ? "," : "", i, i, x, y, x + 1, y, x + 1, y + 1, x, y + 1, x, y);
    }
    snprintf(buf + k, sizeof buf - k, "]}");
    tf_write(dir, "grid.geojson", buf);
    tf_write(dir, "regions.csv", "region\ng0\ng1\ng2\ng3\ng4\ng5\ng6\ng7\ng8\n");
    tf_write(dir, "d.csv",
             "region,year,gdp\ng0,2020,1\ng1,2020,1\ng2,2020,1\ng3,2020,1\ng4,2020,1\n"
             "g5,2020,1\ng6,2020,1\ng7,2020,1\ng8,2020,1\n");
    /* the same grid as a shapefile, shells clockwise as the format wants */
    SHPHandle shp = SHPCreate(tf_path(dir, "grid.shp"), SHPT_POLYGON);
    DBFHandle dbf = DBFCreate(tf_path(dir, "grid.dbf"));
    ck_assert(shp && dbf);
    int fld = DBFAddField(dbf, "CODE", FTString, 10, 0);
    for (int i = 0; i < 9; i++) {
        double x = i % 3, y = i / 3;
        double xs[5] = {x, x, x + 1, x + 1, x}, ys[5] = {y, y + 1, y + 1, y, y};
        SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, 5, xs, ys, NULL);
        ck_assert_int_eq(SHPWriteObject(shp, -1, o), i);
        SHPDestroyObject(o);
        char id[8];
        snprintf(id, sizeof id, "g%d", i);
        DBFWriteStringAttribute(dbf, i, fld, id);
    }
    SHPClose(shp);
    DBFClose(dbf);
}

#define GRID_CFG(extra)                                                                      \
    "regions: {file: regions.csv, boundaries: " extra "}\n"                               \
    "data: [{file: d.csv, layout: wide}]\ndimensions: {d: {indicators: {gdp: {}}}}\n"

START_TEST(test_queen_and_rook_contiguity_of_a_grid_of_squares)
{
    char *dir = tf_dir();
    write_grid_files(dir);
    const char *queen[] = {GRID_CFG("grid.geojson, boundary_id: code"),
                           GRID_CFG("grid.shp, boundary_id: CODE")};
    for (int f = 0; f < 2; f++) {
        rc_panel *p = load_ok(dir, queen[f]);
        ck_assert_ptr_nonnull(p->spatial);
        ck_assert_str_eq(p->spatial->source, "queen");
        /* centre 8, edge middles 5, corners 3: 4*3 + 4*5 + 8 = 40 links */
        ck_assert_uint_eq(degree(p, "g4"), 8);
        ck_assert_uint_eq(degree(p, "g1"), 5);
        ck_assert_uint_eq(degree(p, "g0"), 3);
        ck_assert_uint_eq(p->spatial->off[9], 40);
        ck_assert(neighbours(p, "g0", "g4")); /* the diagonal */
        ck_assert(p->spatial->w[p->spatial->off[rc_panel_region(p, "g4")]] == 1.0 / 8);
        /* centroids: the squares' centres */
        long r5 = rc_panel_region(p, "g5");
        ck_assert(fabs(p->coord_x[r5] - 2.5) < 1e-12 && fabs(p->coord_y[r5] - 1.5) < 1e-12);
        rc_panel_free(p);
    }
    rc_panel *p = load_ok(dir, GRID_CFG("grid.geojson, boundary_id: code, contiguity: rook"));
    ck_assert_str_eq(p->spatial->source, "rook");
    /* centre 4, edge middles 3, corners 2: 4*2 + 4*3 + 4 = 24 */
    ck_assert_uint_eq(degree(p, "g4"), 4);
    ck_assert_uint_eq(degree(p, "g1"), 3);
    ck_assert_uint_eq(degree(p, "g0"), 2);
    ck_assert_uint_eq(p->spatial->off[9], 24);
    ck_assert(!neighbours(p, "g0", "g4"));
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_touching_triangles_and_corner_squares)
{
    char *dir = tf_dir();
    /* t1 and t2 share the edge (1,0)-(0,1); s1 and s2 touch at the point (5,1) only; numeric
     * ids keyed by a number property */
    tf_write(dir, "b.geojson",
             "{\"type\":\"FeatureCollection\",\"features\":["
             "{\"type\":\"Feature\",\"properties\":{\"id\":1},\"geometry\":{\"type\":\"Polygon\","
             "\"coordinates\":[[[0,0],[1,0],[0,1],[0,0]]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"id\":2},\"geometry\":{\"type\":\"Polygon\","
             "\"coordinates\":[[[1,0],[1,1],[0,1],[1,0]]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"id\":3},\"geometry\":{\"type\":\"MultiPolygon\","
             "\"coordinates\":[[[[4,0],[5,0],[5,1],[4,1],[4,0]]]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"id\":4},\"geometry\":{\"type\":\"Polygon\","
             "\"coordinates\":[[[5,1],[6,1],[6,2],[5,2],[5,1]]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"id\":99},\"geometry\":{\"type\":\"Polygon\","
             "\"coordinates\":[[[9,9],[10,9],[10,10],[9,9]]]}}]}");
    tf_write(dir, "r.csv", "region\n1\n2\n3\n4\n5\n");
    tf_write(dir, "d.csv", "region,year,gdp\n1,2020,1\n2,2020,1\n3,2020,1\n4,2020,1\n5,2020,1\n");
    rc_panel *p = load_ok(dir, "regions: {file: r.csv, boundaries: b.geojson, boundary_id: id}\n"
                               "data: [{file: d.csv, layout: wide}]\n"
                               "dimensions: {d: {indicators: {gdp: {}}}}\n");
    ck_assert(neighbours(p, "1", "2") && neighbours(p, "3", "4"));
    ck_assert_uint_eq(degree(p, "5"), 0); /* no polygon: an island without coordinates */
    ck_assert(isnan(p->coord_x[rc_panel_region(p, "5")]));
    /* triangle 1's centroid: (1/3, 1/3) */
    ck_assert(fabs(p->coord_x[0] - 1.0 / 3) < 1e-12 && fabs(p->coord_y[0] - 1.0 / 3) < 1e-12);
    rc_panel_free(p);
    p = load_ok(dir, "regions: {file: r.csv, boundaries: b.geojson, boundary_id: id, "
                     "contiguity: rook}\ndata: [{file: d.csv, layout: wide}]\n"
                     "dimensions: {d: {indicators: {gdp: {}}}}\n");
    ck_assert(neighbours(p, "1", "2"));
    ck_assert(!neighbours(p, "3", "4")); /* a corner is not an edge */
    ck_assert_uint_eq(p->spatial->off[5], 2);
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_polygon_files_without_the_id_property_and_other_refusals)
{
    char *dir = tf_dir();
    write_grid_files(dir);
    load_fails(dir, GRID_CFG("grid.geojson"),
               "grid.geojson: feature 1 has no property 'region' (its properties: code, n); "
               "name the id property with regions.boundary_id");
    load_fails(dir, GRID_CFG("grid.shp"),
               "grid.shp: the attribute table has no field 'region' (its fields: CODE)");
    tf_write(dir, "twice.geojson",
             "{\"type\":\"FeatureCollection\",\"features\":["
             "{\"type\":\"Feature\",\"properties\":{\"code\":\"g0\"},\"geometry\":{\"type\":"
             "\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}},"
             "{\"type\":\"Feature\",\"properties\":{\"code\":\"g0\"},\"geometry\":{\"type\":"
             "\"Point\",\"coordinates\":[0,0]}}]}");
    load_fails(dir, GRID_CFG("twice.geojson, boundary_id: code"),
               "twice.geojson: feature 2: region 'g0' has a polygon twice");
    tf_write(dir, "point.geojson",
             "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
             "{\"code\":\"g1\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[0,0]}}]}");
    load_fails(dir, GRID_CFG("point.geojson, boundary_id: code"),
               "point.geojson: feature 1 (region 'g1'): the geometry is Point, not a Polygon");
    tf_write(dir, "bad.geojson", "{\"type\": \"FeatureCollection\",\n \"features\": [}");
    load_fails(dir, GRID_CFG("bad.geojson"), "bad.geojson:2: malformed GeoJSON");
    tf_write(dir, "adj.csv", "a,b\ng0,g1\n");
    load_fails(dir, "regions: {file: regions.csv, boundaries: grid.geojson, adjacency: adj.csv}\n"
                    "data: [{file: d.csv, layout: wide}]\ndimensions: {d: {indicators: {gdp: {}}}}\n",
               "regions gives both adjacency and boundaries");
    tf_rmdir(dir);
}
END_TEST

Suite *boundaries_suite(void)
{
    Suite *s = suite_create("boundaries");
    TCase *tc = tcase_create("boundaries");
    tcase_add_test(tc, test_queen_and_rook_contiguity_of_a_grid_of_squares);
    tcase_add_test(tc, test_touching_triangles_and_corner_squares);
    tcase_add_test(tc, test_polygon_files_without_the_id_property_and_other_refusals);
    suite_add_tcase(s, tc);
    return s;
}
