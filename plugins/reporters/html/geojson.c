/* plugins/reporters/html/geojson.c — the html reporter's choropleth: reads a GeoJSON
 * FeatureCollection of the regions with jansson (Polygon and MultiPolygon features, keyed
 * by a property), projects it equirectangularly fitted to its bounds, and draws each
 * feature coloured by the report year's index. */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

typedef struct geo_feature {
    char *key;              /* the region id it names, or NULL */
    size_t ring0, n_rings;  /* its rings in html_map.ring_start */
} geo_feature;

struct html_map {
    geo_feature *f;
    size_t n_f, cap_f;
    size_t *ring_start;     /* first point of ring i; ring_start[n_rings] = n_pts */
    size_t n_rings, cap_rings;
    double *pts;            /* lon, lat pairs */
    size_t n_pts, cap_pts;
    double min_lon, max_lon, min_lat, max_lat;
};

void html_map_free(html_map *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n_f; i++) free(m->f[i].key);
    free(m->f);
    free(m->ring_start);
    free(m->pts);
    free(m);
}

/* Grows *p (of *cap items of `size`) to hold `need` items; 0 (and *p allocated) or -1. */
static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap && *p) return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * size);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

typedef struct geo_load {
    const rc_host *h;
    rc_ctx *ctx;
    const char *path;
    html_map *m;
    size_t feature; /* 1-based, for messages */
} geo_load;

static int32_t geo_error(geo_load *g, int32_t rc, const char *what)
{
    char msg[1024];
    if (g->feature)
        snprintf(msg, sizeof msg, "geojson '%s': feature %zu: %s", g->path, g->feature, what);
    else
        snprintf(msg, sizeof msg, "geojson '%s': %s", g->path, what);
    g->h->set_error(g->ctx, msg);
    return rc;
}

/* One linear ring: an array of at least 3 positions [lon, lat, ...]. */
static int32_t add_ring(geo_load *g, const json_t *ring)
{
    html_map *m = g->m;
    if (!json_is_array(ring) || json_array_size(ring) < 3)
        return geo_error(g, RC_EDATA, "a polygon ring must be an array of at least 3 positions");
    size_t n = json_array_size(ring);
    if (grow((void **)&m->ring_start, &m->cap_rings, m->n_rings + 2, sizeof *m->ring_start) ||
        grow((void **)&m->pts, &m->cap_pts, 2 * (m->n_pts + n), sizeof *m->pts))
        return geo_error(g, RC_ENOMEM, "out of memory");
    m->ring_start[m->n_rings++] = m->n_pts;
    for (size_t i = 0; i < n; i++) {
        const json_t *p = json_array_get(ring, i);
        const json_t *x = json_array_get(p, 0), *y = json_array_get(p, 1);
        if (!json_is_array(p) || !json_is_number(x) || !json_is_number(y))
            return geo_error(g, RC_EDATA, "a position must be an array [longitude, latitude]");
        double lon = json_number_value(x), lat = json_number_value(y);
        if (!isfinite(lon) || !isfinite(lat) || lon < -360 || lon > 360 || lat < -90 ||
            lat > 90)
            return geo_error(g, RC_EDATA, "a position lies outside longitude/latitude range");
        m->pts[2 * m->n_pts] = lon;
        m->pts[2 * m->n_pts + 1] = lat;
        m->n_pts++;
        if (m->n_pts == 1 && m->n_rings == 1) {
            m->min_lon = m->max_lon = lon;
            m->min_lat = m->max_lat = lat;
        }
        if (lon < m->min_lon) m->min_lon = lon;
        if (lon > m->max_lon) m->max_lon = lon;
        if (lat < m->min_lat) m->min_lat = lat;
        if (lat > m->max_lat) m->max_lat = lat;
    }
    m->ring_start[m->n_rings] = m->n_pts;
    return RC_OK;
}

static int32_t add_polygon(geo_load *g, const json_t *rings)
{
    if (!json_is_array(rings) || json_array_size(rings) == 0)
        return geo_error(g, RC_EDATA, "a Polygon's coordinates must be a non-empty array of rings");
    for (size_t i = 0; i < json_array_size(rings); i++) {
        int32_t rc = add_ring(g, json_array_get(rings, i));
        if (rc != RC_OK) return rc;
    }
    return RC_OK;
}

/* The feature's key as text: a string, or an integer property; NULL when absent. */
static char *key_text(const json_t *v)
{
    char buf[64];
    const char *s = NULL;
    if (json_is_string(v)) s = json_string_value(v);
    else if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        s = buf;
    }
    if (!s) return NULL;
    char *c = malloc(strlen(s) + 1);
    if (c) strcpy(c, s);
    return c;
}

static const json_t *feature_key(const json_t *feature, const char *key)
{
    const json_t *props = json_object_get(feature, "properties");
    static const char *const DEFAULT_KEYS[] = {"id", "region", "name"};
    for (int k = 0; k < 3; k++) {
        const char *name = key ? key : DEFAULT_KEYS[k];
        const json_t *v = json_is_object(props) ? json_object_get(props, name) : NULL;
        if (!v && strcmp(name, "id") == 0) v = json_object_get(feature, "id");
        if (json_is_string(v) || json_is_integer(v)) return v;
        if (key) break;
    }
    return NULL;
}

html_map *html_map_load(const rc_host *h, rc_ctx *ctx, const char *path, const char *key,
                        int32_t *rc)
{
    geo_load g = {h, ctx, path, NULL, 0};
    json_error_t err;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        char what[400];
        if (err.line > 0)
            snprintf(what, sizeof what, "line %d, column %d: %s", err.line, err.column, err.text);
        else
            snprintf(what, sizeof what, "%s", err.text);
        *rc = geo_error(&g, RC_EIO, what);
        return NULL;
    }
    const json_t *type = json_object_get(root, "type");
    const json_t *features = json_object_get(root, "features");
    if (!json_is_string(type) || strcmp(json_string_value(type), "FeatureCollection") != 0 ||
        !json_is_array(features)) {
        *rc = geo_error(&g, RC_EDATA,
                        "not a GeoJSON FeatureCollection (needs \"type\": \"FeatureCollection\" "
                        "and a \"features\" array)");
        json_decref(root);
        return NULL;
    }
    g.m = calloc(1, sizeof *g.m);
    if (!g.m) {
        *rc = geo_error(&g, RC_ENOMEM, "out of memory");
        json_decref(root);
        return NULL;
    }
    html_map *m = g.m;
    *rc = RC_OK;
    for (size_t i = 0; i < json_array_size(features) && *rc == RC_OK; i++) {
        const json_t *f = json_array_get(features, i);
        g.feature = i + 1;
        const json_t *geom = json_object_get(f, "geometry");
        const json_t *gt = json_object_get(geom, "type");
        const json_t *coords = json_object_get(geom, "coordinates");
        if (!json_is_object(f)) {
            *rc = geo_error(&g, RC_EDATA, "not an object");
            break;
        }
        if (!json_is_string(gt)) continue; /* null geometry: nothing to draw */
        int multi = strcmp(json_string_value(gt), "MultiPolygon") == 0;
        if (!multi && strcmp(json_string_value(gt), "Polygon") != 0) continue;
        if (grow((void **)&m->f, &m->cap_f, m->n_f + 1, sizeof *m->f)) {
            *rc = geo_error(&g, RC_ENOMEM, "out of memory");
            break;
        }
        geo_feature *gf = &m->f[m->n_f++];
        gf->key = NULL;
        gf->ring0 = m->n_rings;
        const json_t *kv = feature_key(f, key);
        if (kv && !(gf->key = key_text(kv))) {
            *rc = geo_error(&g, RC_ENOMEM, "out of memory");
            break;
        }
        if (multi) {
            if (!json_is_array(coords) || json_array_size(coords) == 0) {
                *rc = geo_error(&g, RC_EDATA,
                                "a MultiPolygon's coordinates must be a non-empty array of polygons");
                break;
            }
            for (size_t k = 0; k < json_array_size(coords) && *rc == RC_OK; k++)
                *rc = add_polygon(&g, json_array_get(coords, k));
        } else {
            *rc = add_polygon(&g, coords);
        }
        gf->n_rings = m->n_rings - gf->ring0;
    }
    g.feature = 0;
    if (*rc == RC_OK && m->n_f == 0)
        *rc = geo_error(&g, RC_EDATA, "has no Polygon or MultiPolygon feature to draw");
    json_decref(root);
    if (*rc != RC_OK) {
        html_map_free(m);
        return NULL;
    }
    return m;
}

/* ------------------------------------------------------------------ drawing */

static const unsigned char RAMP[4][3] = {{239, 245, 252}, {158, 202, 225}, {49, 130, 189},
                                         {8, 48, 107}};

static void ramp_colour(double f, char *buf, size_t size)
{
    if (!(f >= 0)) f = 0;
    if (f > 1) f = 1;
    double pos = f * 3;
    int i = (int)pos;
    if (i > 2) i = 2;
    double u = pos - i;
    int c[3];
    for (int k = 0; k < 3; k++)
        c[k] = (int)lround(RAMP[i][k] + (RAMP[i + 1][k] - RAMP[i][k]) * u);
    snprintf(buf, size, "#%02x%02x%02x", c[0], c[1], c[2]);
}

void html_chart_map(html_report *R, const html_map *m, const char *id, const char *title,
                    size_t *matched)
{
    const html_data *d = &R->d;
    *matched = 0;
    if (!m || !d->index || d->report_t >= d->n_years) return;
    const double *v = d->index + d->report_t * d->n_regions;
    double vmin = NAN, vmax = NAN;
    for (size_t r = 0; r < d->n_regions; r++) {
        if (isnan(v[r])) continue;
        if (isnan(vmin) || v[r] < vmin) vmin = v[r];
        if (isnan(vmax) || v[r] > vmax) vmax = v[r];
    }
    unsigned char *seen = calloc(d->n_regions ? d->n_regions : 1, 1);
    if (!seen) {
        R->out.failed = 1;
        return;
    }
    /* equirectangular, x scaled by cos(mid latitude), fitted into the box */
    double k = cos((m->min_lat + m->max_lat) / 2 * 3.14159265358979323846 / 180);
    double gw = (m->max_lon - m->min_lon) * k, gh = m->max_lat - m->min_lat;
    const double box_w = 780, box_h = 560, pad = 10;
    if (gw <= 0) gw = 1e-9;
    if (gh <= 0) gh = 1e-9;
    double s = box_w / gw < box_h / gh ? box_w / gw : box_h / gh;
    double ox = pad + (box_w - gw * s) / 2, map_h = gh * s;
    double legend_y = pad + map_h + 16, h = legend_y + 40;

    hbuf *o = &R->out;
    hb_puts(o, "<figure>\n<figcaption>");
    hb_esc(o, title);
    hb_printf(o, "</figcaption>\n<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 800 ", id);
    hb_coord(o, h);
    hb_puts(o, "\" width=\"100%\" role=\"img\" aria-label=\"");
    hb_esc(o, title);
    hb_puts(o, "\" preserveAspectRatio=\"xMinYMin meet\" font-size=\"12\">\n");
    for (size_t i = 0; i < m->n_f; i++) {
        const geo_feature *f = &m->f[i];
        long g = f->key ? html_region_find(d, f->key) : -1;
        double val = g >= 0 ? v[g] : NAN;
        char fill[16] = "#d9d9d9";
        if (!isnan(val)) {
            ramp_colour(vmax > vmin ? (val - vmin) / (vmax - vmin) : 1, fill, sizeof fill);
            if (!seen[g]) (*matched)++;
            seen[g] = 1;
        }
        hb_printf(o, "<path class=\"region\" fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.6\" "
                     "fill-rule=\"evenodd\" d=\"", fill);
        for (size_t rg = f->ring0; rg < f->ring0 + f->n_rings; rg++) {
            long px = LONG_MIN, py = 0;
            for (size_t p = m->ring_start[rg]; p < m->ring_start[rg + 1]; p++) {
                double x = ox + (m->pts[2 * p] - m->min_lon) * k * s;
                double y = pad + (m->max_lat - m->pts[2 * p + 1]) * s;
                long qx = lround(x * 10), qy = lround(y * 10);
                if (qx == px && qy == py) continue; /* same point at this resolution */
                hb_puts(o, p == m->ring_start[rg] ? (rg == f->ring0 ? "M" : " M") : " L");
                hb_coord(o, x);
                hb_puts(o, " ");
                hb_coord(o, y);
                px = qx;
                py = qy;
            }
            hb_puts(o, " Z");
        }
        hb_puts(o, "\"><title>");
        hb_esc(o, f->key ? f->key : "?");
        hb_puts(o, ": ");
        if (isnan(val)) {
            hb_esc(o, R->L->no_value);
            if (g >= 0 && d->why_missing && d->why_missing[g] && *d->why_missing[g]) {
                hb_puts(o, " — ");
                hb_esc(o, d->why_missing[g]);
            }
        } else {
            hb_fixed(o, val, R->decimals);
        }
        hb_puts(o, "</title></path>\n");
    }
    /* legend: five steps from the lowest to the highest value, and "no value" */
    char fill[16], buf[64];
    for (int i = 0; i < 5 && !isnan(vmin); i++) {
        double f = i / 4.0, x = 10 + 110 * i;
        ramp_colour(f, fill, sizeof fill);
        hb_puts(o, "<rect class=\"legend\" x=\"");
        hb_coord(o, x);
        hb_puts(o, "\" y=\"");
        hb_coord(o, legend_y);
        hb_printf(o, "\" width=\"24\" height=\"14\" fill=\"%s\"/>\n", fill);
        hbuf t = {0};
        hb_fixed(&t, vmin + (vmax - vmin) * f, R->decimals);
        snprintf(buf, sizeof buf, "%s", t.data ? t.data : "");
        free(t.data);
        hb_puts(o, "<text x=\"");
        hb_coord(o, x + 30);
        hb_puts(o, "\" y=\"");
        hb_coord(o, legend_y + 11.5);
        hb_printf(o, "\" font-size=\"11\">%s</text>\n", buf);
    }
    hb_puts(o, "<rect class=\"legend\" x=\"560\" y=\"");
    hb_coord(o, legend_y);
    hb_puts(o, "\" width=\"24\" height=\"14\" fill=\"#d9d9d9\"/>\n<text x=\"590\" y=\"");
    hb_coord(o, legend_y + 11.5);
    hb_puts(o, "\" font-size=\"11\">");
    char why[1024];
    size_t n_missing = 0;
    const char *missing = html_missing_legend(R, why, sizeof why, &n_missing);
    hb_esc(o, missing ? missing : R->L->no_value);
    hb_puts(o, "</text>\n</svg>\n</figure>\n");
    free(seen);
}
