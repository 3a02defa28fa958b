/* data/boundary.c — reads region polygons from GeoJSON (jansson) or shapefiles
 * (shapelib) and derives queen/rook contiguity and centroids with GEOS (reentrant API). */
#include "data/boundary.h"

#include <errno.h>
#include <fcntl.h>
#include <geos_c.h>
#include <jansson.h>
#include <math.h>
#include <shapefil.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/readfile.h"
#include "data/weights.h"
#include "util/str.h"

#define MAX_BOUNDARY_FILE ((size_t)1 << 30)

/* A ring: points [pt0, pt0 + n) of the shared point array; a polygon: rings, the first
 * its shell; a region: polygons. */
typedef struct ring {
    size_t pt0, n;
} ring;

typedef struct poly {
    size_t ring0, n_rings;
} poly;

struct rc_boundaries {
    size_t n;          /* regions */
    size_t *poly0, *n_polys; /* per region; n_polys 0 = no polygon */
    poly *polys;
    size_t n_p, cap_p;
    ring *rings;
    size_t n_r, cap_r;
    double *xy;        /* x, y pairs */
    size_t n_xy, cap_xy;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap * 2 : 64;
    while (c < need) c *= 2;
    void *q = rc_reallocarray(*p, c, size);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

void rc_boundaries_free(rc_boundaries *b)
{
    if (!b) return;
    free(b->poly0);
    free(b->n_polys);
    free(b->polys);
    free(b->rings);
    free(b->xy);
    free(b);
}

size_t rc_boundaries_count(const rc_boundaries *b)
{
    size_t k = 0;
    for (size_t r = 0; r < b->n; r++) k += b->n_polys[r] > 0;
    return k;
}

static int add_point(rc_boundaries *b, double x, double y)
{
    if (grow((void **)&b->xy, &b->cap_xy, 2 * (b->n_xy + 1), sizeof *b->xy)) return -1;
    b->xy[2 * b->n_xy] = x;
    b->xy[2 * b->n_xy + 1] = y;
    b->n_xy++;
    return 0;
}

static int begin_ring(rc_boundaries *b)
{
    if (grow((void **)&b->rings, &b->cap_r, b->n_r + 1, sizeof *b->rings)) return -1;
    b->rings[b->n_r].pt0 = b->n_xy;
    b->rings[b->n_r].n = 0;
    b->n_r++;
    return 0;
}

static int begin_poly(rc_boundaries *b)
{
    if (grow((void **)&b->polys, &b->cap_p, b->n_p + 1, sizeof *b->polys)) return -1;
    b->polys[b->n_p].ring0 = b->n_r;
    b->polys[b->n_p].n_rings = 0;
    b->n_p++;
    return 0;
}

static rc_boundaries *new_boundaries(size_t n)
{
    rc_boundaries *b = rc_calloc(1, sizeof *b);
    if (!b) return NULL;
    b->n = n;
    b->poly0 = rc_calloc(n ? n : 1, sizeof *b->poly0);
    b->n_polys = rc_calloc(n ? n : 1, sizeof *b->n_polys);
    if (!b->poly0 || !b->n_polys) {
        rc_boundaries_free(b);
        return NULL;
    }
    return b;
}

/* ---- GeoJSON ------------------------------------------------------------------------------ */

/* A ring [[x, y], ...]; returns -1 with a message in msg when malformed. */
static int json_ring(rc_boundaries *b, const json_t *arr, char *msg, size_t size)
{
    if (!json_is_array(arr) || json_array_size(arr) < 4) {
        snprintf(msg, size, "a ring needs at least 4 positions");
        return -1;
    }
    if (begin_ring(b)) goto oom;
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *pt = json_array_get(arr, i);
        const json_t *x = json_array_get(pt, 0), *y = json_array_get(pt, 1);
        if (!json_is_number(x) || !json_is_number(y) || !isfinite(json_number_value(x)) ||
            !isfinite(json_number_value(y))) {
            snprintf(msg, size, "position %zu of a ring is not [x, y]", i + 1);
            return -1;
        }
        if (add_point(b, json_number_value(x), json_number_value(y))) goto oom;
        b->rings[b->n_r - 1].n++;
    }
    return 0;
oom:
    snprintf(msg, size, "out of memory");
    return -1;
}

static int json_polygon(rc_boundaries *b, const json_t *rings, char *msg, size_t size)
{
    if (!json_is_array(rings) || json_array_size(rings) == 0) {
        snprintf(msg, size, "a Polygon needs at least one ring");
        return -1;
    }
    if (begin_poly(b)) {
        snprintf(msg, size, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < json_array_size(rings); i++) {
        if (json_ring(b, json_array_get(rings, i), msg, size)) return -1;
        b->polys[b->n_p - 1].n_rings++;
    }
    return 0;
}

/* The id property as text ("110000" for the number 110000). */
static const char *prop_text(const json_t *v, char *buf, size_t size)
{
    if (json_is_string(v)) return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        snprintf(buf, size, "%.17g", json_real_value(v));
        return buf;
    }
    return NULL;
}

static int read_geojson(const char *path, const char *name, const char *id_prop,
                        rc_boundaries *b, rc_region_find_fn find, void *user, size_t *n_unknown,
                        rc_error *err)
{
    char *buf = NULL;
    size_t len = 0;
    if (rc_read_regular_file(path, MAX_BOUNDARY_FILE, &buf, &len, err)) return -1;
    json_error_t je;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    free(buf);
    if (!root)
        return rc_error_set(err, RC_ERRK_DATA, "%s:%d: malformed GeoJSON: %s", name, je.line,
                            je.text);
    int rc = 0;
    const json_t *feats = json_object_get(root, "features");
    if (!json_is_array(feats)) {
        rc = rc_error_set(err, RC_ERRK_DATA,
                          "%s: not a GeoJSON FeatureCollection (no \"features\" list)", name);
        goto done;
    }
    for (size_t i = 0; i < json_array_size(feats) && !rc; i++) {
        const json_t *f = json_array_get(feats, i);
        const json_t *props = json_object_get(f, "properties");
        const json_t *idv = json_is_object(props) ? json_object_get(props, id_prop) : NULL;
        char tmp[64], msg[256];
        const char *id = idv ? prop_text(idv, tmp, sizeof tmp) : NULL;
        if (!id) {
            rc_buf names;
            rc_buf_init(&names);
            const char *k;
            const json_t *v;
            if (json_is_object(props))
                json_object_foreach((json_t *)props, k, v) {
                    (void)v;
                    rc_buf_printf(&names, "%s%s", names.len ? ", " : "", k);
                }
            rc = rc_error_set(err, RC_ERRK_DATA,
                              "%s: feature %zu has no %sproperty '%s' (its properties: %s); "
                              "name the id property with regions.boundary_id",
                              name, i + 1, idv ? "text or number " : "", id_prop,
                              names.data ? names.data : "none");
            rc_buf_free(&names);
            break;
        }
        long r = find(user, id);
        if (r < 0) {
            (*n_unknown)++;
            continue;
        }
        if (b->n_polys[r]) {
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: feature %zu: region '%s' has a polygon twice",
                              name, i + 1, id);
            break;
        }
        const json_t *g = json_object_get(f, "geometry");
        const char *type = json_string_value(json_object_get(g, "type"));
        const json_t *coords = json_object_get(g, "coordinates");
        size_t first = b->n_p;
        msg[0] = '\0';
        int grc = 0;
        if (type && strcmp(type, "Polygon") == 0) {
            grc = json_polygon(b, coords, msg, sizeof msg);
        } else if (type && strcmp(type, "MultiPolygon") == 0 && json_is_array(coords)) {
            for (size_t k = 0; k < json_array_size(coords) && !grc; k++)
                grc = json_polygon(b, json_array_get(coords, k), msg, sizeof msg);
        } else {
            grc = -1;
            snprintf(msg, sizeof msg, "the geometry is %s, not a Polygon or MultiPolygon",
                     type ? type : "missing");
        }
        if (grc) {
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: feature %zu (region '%s'): %s", name, i + 1,
                              id, msg);
            break;
        }
        b->poly0[r] = first;
        b->n_polys[r] = b->n_p - first;
    }
done:
    json_decref(root);
    return rc;
}

/* ---- shapefile ---------------------------------------------------------------------------- */

/* The .shp/.shx/.dbf files must be regular files (opened non-blocking to check). */
static int check_regular(const char *path, rc_error *err)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return rc_error_set(err, RC_ERRK_DATA, "%s: cannot open the file: %s", path,
                            strerror(errno));
    struct stat st;
    int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    close(fd);
    return ok ? 0 : rc_error_set(err, RC_ERRK_DATA, "%s: not a regular file", path);
}

static double signed_area(const double *xy, size_t n)
{
    double a = 0;
    for (size_t i = 0; i + 1 < n; i++) a += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
    return a / 2;
}

static int read_shp(const char *path, const char *name, const char *id_prop, rc_boundaries *b,
                    rc_region_find_fn find, void *user, size_t *n_unknown, rc_error *err)
{
    size_t pl = strlen(path);
    char *alt = rc_malloc(pl + 1);
    if (!alt) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    static const char *const exts[] = {"shp", "shx", "dbf"};
    for (int k = 0; k < 3; k++) {
        memcpy(alt, path, pl + 1);
        memcpy(alt + pl - 3, exts[k], 3);
        if (check_regular(alt, err)) {
            free(alt);
            return -1;
        }
    }
    free(alt);
    SHPHandle shp = SHPOpen(path, "rb");
    DBFHandle dbf = DBFOpen(path, "rb");
    int rc = 0;
    if (!shp || !dbf) {
        rc = rc_error_set(err, RC_ERRK_DATA, "%s: not a readable shapefile (.shp/.shx/.dbf)", name);
        goto done;
    }
    int n_ent = 0, type = 0;
    SHPGetInfo(shp, &n_ent, &type, NULL, NULL);
    if (type != SHPT_POLYGON && type != SHPT_POLYGONZ && type != SHPT_POLYGONM) {
        rc = rc_error_set(err, RC_ERRK_DATA, "%s: the shapes are %s, not polygons", name,
                          SHPTypeName(type));
        goto done;
    }
    int field = DBFGetFieldIndex(dbf, id_prop);
    if (field < 0) {
        rc_buf names;
        rc_buf_init(&names);
        for (int f = 0; f < DBFGetFieldCount(dbf); f++) {
            char fname[16];
            DBFGetFieldInfo(dbf, f, fname, NULL, NULL);
            rc_buf_printf(&names, "%s%s", f ? ", " : "", fname);
        }
        rc = rc_error_set(err, RC_ERRK_DATA,
                          "%s: the attribute table has no field '%s' (its fields: %s); name the "
                          "id field with regions.boundary_id",
                          name, id_prop, names.data ? names.data : "none");
        rc_buf_free(&names);
        goto done;
    }
    if (DBFGetRecordCount(dbf) < n_ent) {
        rc = rc_error_set(err, RC_ERRK_DATA, "%s: the .dbf has fewer records than the .shp shapes",
                          name);
        goto done;
    }
    for (int i = 0; i < n_ent && !rc; i++) {
        char idbuf[256];
        const char *s = DBFReadStringAttribute(dbf, i, field);
        snprintf(idbuf, sizeof idbuf, "%s", s ? s : "");
        char *id = idbuf;
        while (*id == ' ') id++;
        size_t il = strlen(id);
        while (il > 0 && id[il - 1] == ' ') id[--il] = '\0';
        long r = *id ? find(user, id) : -1;
        if (r < 0) {
            (*n_unknown)++;
            continue;
        }
        if (b->n_polys[r]) {
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: shape %d: region '%s' has a polygon twice",
                              name, i + 1, id);
            break;
        }
        SHPObject *o = SHPReadObject(shp, i);
        if (!o || o->nParts < 1 || o->nVertices < 4) {
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: shape %d (region '%s') has no polygon", name,
                              i + 1, id);
            if (o) SHPDestroyObject(o);
            break;
        }
        size_t first = b->n_p;
        for (int part = 0; part < o->nParts && !rc; part++) {
            int a = o->panPartStart[part];
            int e = part + 1 < o->nParts ? o->panPartStart[part + 1] : o->nVertices;
            if (a < 0 || e > o->nVertices || e - a < 4) {
                rc = rc_error_set(err, RC_ERRK_DATA, "%s: shape %d (region '%s'): a ring needs at "
                                  "least 4 vertices", name, i + 1, id);
                break;
            }
            size_t pt0 = b->n_xy;
            for (int v = a; v < e && !rc; v++)
                if (add_point(b, o->padfX[v], o->padfY[v])) rc = -1;
            if (rc) {
                rc_error_set(err, RC_ERRK_OTHER, "out of memory");
                break;
            }
            /* shapefile shells run clockwise (negative area), holes counter-clockwise */
            int hole = signed_area(b->xy + 2 * pt0, b->n_xy - pt0) > 0 && b->n_p > first;
            if (!hole && begin_poly(b)) rc = rc_error_set(err, RC_ERRK_OTHER, "out of memory");
            if (rc || grow((void **)&b->rings, &b->cap_r, b->n_r + 1, sizeof *b->rings)) {
                if (!rc) rc = rc_error_set(err, RC_ERRK_OTHER, "out of memory");
                break;
            }
            b->rings[b->n_r].pt0 = pt0;
            b->rings[b->n_r].n = b->n_xy - pt0;
            b->n_r++;
            b->polys[b->n_p - 1].n_rings++;
        }
        SHPDestroyObject(o);
        b->poly0[r] = first;
        b->n_polys[r] = b->n_p - first;
    }
done:
    if (shp) SHPClose(shp);
    if (dbf) DBFClose(dbf);
    return rc;
}

int rc_boundaries_read(const char *path, const char *id_prop, size_t n_regions,
                       rc_region_find_fn find, void *user, rc_boundaries **out,
                       size_t *n_unknown, rc_error *err)
{
    *out = NULL;
    *n_unknown = 0;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    rc_boundaries *b = new_boundaries(n_regions);
    if (!b) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    int rc;
    if (dot && strcasecmp(dot, ".shp") == 0)
        rc = read_shp(path, name, id_prop, b, find, user, n_unknown, err);
    else if (dot && (strcasecmp(dot, ".geojson") == 0 || strcasecmp(dot, ".json") == 0))
        rc = read_geojson(path, name, id_prop, b, find, user, n_unknown, err);
    else
        rc = rc_error_set(err, RC_ERRK_CONFIG,
                          "%s: regions.boundaries must be a .geojson (or .json) or .shp file", name);
    if (rc) {
        rc_boundaries_free(b);
        return -1;
    }
    *out = b;
    return 0;
}

/* ---- GEOS ----------------------------------------------------------------------------------- */

static void geos_message(const char *fmt, ...)
{
    (void)fmt; /* GEOS's notices are not the run's business; failures are checked */
}

static GEOSGeometry *make_ring(GEOSContextHandle_t g, const rc_boundaries *b, const ring *rg)
{
    GEOSCoordSequence *cs = GEOSCoordSeq_create_r(g, (unsigned)rg->n, 2);
    if (!cs) return NULL;
    for (size_t k = 0; k < rg->n; k++)
        GEOSCoordSeq_setXY_r(g, cs, (unsigned)k, b->xy[2 * (rg->pt0 + k)],
                             b->xy[2 * (rg->pt0 + k) + 1]);
    /* close an open ring */
    if (rg->n && (b->xy[2 * rg->pt0] != b->xy[2 * (rg->pt0 + rg->n - 1)] ||
                  b->xy[2 * rg->pt0 + 1] != b->xy[2 * (rg->pt0 + rg->n - 1) + 1])) {
        GEOSCoordSeq_destroy_r(g, cs);
        cs = GEOSCoordSeq_create_r(g, (unsigned)rg->n + 1, 2);
        if (!cs) return NULL;
        for (size_t k = 0; k <= rg->n; k++) {
            size_t q = rg->pt0 + (k == rg->n ? 0 : k);
            GEOSCoordSeq_setXY_r(g, cs, (unsigned)k, b->xy[2 * q], b->xy[2 * q + 1]);
        }
    }
    return GEOSGeom_createLinearRing_r(g, cs);
}

/* Region r's geometry (a MultiPolygon), or NULL. */
static GEOSGeometry *region_geom(GEOSContextHandle_t g, const rc_boundaries *b, size_t r)
{
    size_t np = b->n_polys[r];
    if (!np) return NULL;
    GEOSGeometry **polys = rc_calloc(np, sizeof *polys);
    if (!polys) return NULL;
    size_t made = 0;
    for (size_t i = 0; i < np; i++) {
        const poly *pg = &b->polys[b->poly0[r] + i];
        GEOSGeometry *shell = make_ring(g, b, &b->rings[pg->ring0]);
        GEOSGeometry **holes = pg->n_rings > 1 ? rc_calloc(pg->n_rings - 1, sizeof *holes) : NULL;
        size_t nh = 0;
        for (size_t k = 1; shell && k < pg->n_rings && (holes || pg->n_rings <= 1); k++) {
            GEOSGeometry *h = make_ring(g, b, &b->rings[pg->ring0 + k]);
            if (h) holes[nh++] = h;
        }
        GEOSGeometry *p = shell ? GEOSGeom_createPolygon_r(g, shell, holes, (unsigned)nh) : NULL;
        free(holes);
        if (p) polys[made++] = p;
    }
    GEOSGeometry *m =
        made ? GEOSGeom_createCollection_r(g, GEOS_MULTIPOLYGON, polys, (unsigned)made) : NULL;
    free(polys);
    if (m && !GEOSisValid_r(g, m)) {
        GEOSGeometry *v = GEOSMakeValid_r(g, m);
        GEOSGeom_destroy_r(g, m);
        m = v;
    }
    return m;
}

typedef struct env {
    double x0, y0, x1, y1;
    size_t r;
} env;

static int cmp_env(const void *a, const void *b)
{
    const env *p = a, *q = b;
    if (p->x0 != q->x0) return (p->x0 > q->x0) - (p->x0 < q->x0);
    return (p->r > q->r) - (p->r < q->r);
}

static int cmp_pair(const void *x, const void *y)
{
    const rc_pair *p = x, *q = y;
    if (p->a != q->a) return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

int rc_boundaries_contiguity(const rc_boundaries *b, int rook, rc_spatial **out, rc_error *err)
{
    *out = NULL;
    GEOSContextHandle_t g = GEOS_init_r();
    if (!g) return rc_error_set(err, RC_ERRK_OTHER, "cannot start GEOS");
    GEOSContext_setNoticeHandler_r(g, geos_message);
    GEOSContext_setErrorHandler_r(g, geos_message);
    size_t n = b->n;
    GEOSGeometry **geo = rc_calloc(n ? n : 1, sizeof *geo);
    const GEOSPreparedGeometry **prep = rc_calloc(n ? n : 1, sizeof *prep);
    env *e = rc_calloc(n ? n : 1, sizeof *e);
    rc_pair *pairs = NULL;
    size_t np = 0, cap = 0, ne = 0;
    int rc = 0;
    if (!geo || !prep || !e) {
        rc = rc_error_set(err, RC_ERRK_OTHER, "out of memory building contiguity");
        goto done;
    }
    for (size_t r = 0; r < n; r++) {
        if (!b->n_polys[r]) continue;
        geo[r] = region_geom(g, b, r);
        if (!geo[r]) {
            rc = rc_error_set(err, RC_ERRK_DATA, "GEOS could not build the polygon of region %zu",
                              r + 1);
            goto done;
        }
        prep[r] = GEOSPrepare_r(g, geo[r]);
        double x0, y0, x1, y1;
        GEOSGeom_getXMin_r(g, geo[r], &x0);
        GEOSGeom_getYMin_r(g, geo[r], &y0);
        GEOSGeom_getXMax_r(g, geo[r], &x1);
        GEOSGeom_getYMax_r(g, geo[r], &y1);
        e[ne++] = (env){.x0 = x0, .y0 = y0, .x1 = x1, .y1 = y1, .r = r};
    }
    /* sweep by x: only pairs whose envelopes overlap are tested */
    qsort(e, ne, sizeof *e, cmp_env);
    for (size_t i = 0; i < ne && !rc; i++)
        for (size_t j = i + 1; j < ne && e[j].x0 <= e[i].x1; j++) {
            if (e[j].y0 > e[i].y1 || e[j].y1 < e[i].y0) continue;
            size_t a = e[i].r, c = e[j].r;
            char hit = GEOSPreparedIntersects_r(g, prep[a], geo[c]);
            if (hit == 2) {
                rc = rc_error_set(err, RC_ERRK_DATA, "GEOS failed comparing two polygons");
                break;
            }
            if (hit && rook) {
                GEOSGeometry *x = GEOSIntersection_r(g, geo[a], geo[c]);
                hit = x && GEOSGeom_getDimensions_r(g, x) >= 1 && !GEOSisEmpty_r(g, x);
                if (x) GEOSGeom_destroy_r(g, x);
            }
            if (!hit) continue;
            if (np == cap && grow((void **)&pairs, &cap, np + 1, sizeof *pairs)) {
                rc = rc_error_set(err, RC_ERRK_OTHER, "out of memory building contiguity");
                break;
            }
            pairs[np].a = a < c ? a : c;
            pairs[np++].b = a < c ? c : a;
        }
    if (!rc) {
        /* the sweep meets each pair once; the weights want them sorted by (a, b) */
        if (np) qsort(pairs, np, sizeof *pairs, cmp_pair);
        char *src = rc_strdup(rook ? "rook" : "queen");
        if (!src || rc_spatial_from_pairs(n, pairs, np, out) != 0) {
            free(src);
            rc = rc_error_set(err, RC_ERRK_OTHER, "out of memory building contiguity");
        } else {
            free((*out)->source);
            (*out)->source = src;
        }
    }
done:
    for (size_t r = 0; geo && r < n; r++) {
        if (prep && prep[r]) GEOSPreparedGeom_destroy_r(g, prep[r]);
        if (geo[r]) GEOSGeom_destroy_r(g, geo[r]);
    }
    free(geo);
    free(prep);
    free(e);
    free(pairs);
    GEOS_finish_r(g);
    return rc;
}

int rc_boundaries_centroids(const rc_boundaries *b, double *x, double *y, rc_error *err)
{
    GEOSContextHandle_t g = GEOS_init_r();
    if (!g) return rc_error_set(err, RC_ERRK_OTHER, "cannot start GEOS");
    GEOSContext_setNoticeHandler_r(g, geos_message);
    GEOSContext_setErrorHandler_r(g, geos_message);
    int rc = 0;
    for (size_t r = 0; r < b->n && !rc; r++) {
        x[r] = y[r] = NAN;
        GEOSGeometry *m = region_geom(g, b, r);
        if (!m) continue;
        GEOSGeometry *c = GEOSGetCentroid_r(g, m);
        if (!c || GEOSGeomGetX_r(g, c, &x[r]) != 1 || GEOSGeomGetY_r(g, c, &y[r]) != 1)
            rc = rc_error_set(err, RC_ERRK_DATA, "GEOS could not compute the centroid of region %zu",
                              r + 1);
        if (c) GEOSGeom_destroy_r(g, c);
        GEOSGeom_destroy_r(g, m);
    }
    GEOS_finish_r(g);
    return rc;
}
