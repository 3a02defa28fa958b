/* data/weights.c — the one spatial-weights module (data/weights.h): contiguity weights from
 * neighbour pairs, inverse-distance weights from coordinates, a subset of regions, and the
 * panel's weights (adjacency, else distance built once from the coordinates). */
#include "data/weights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/alloc.h"
#include "util/str.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* What rc_panel_weights builds on first use, kept with the panel. */
struct rc_panel_lazy {
    rc_spatial distance; /* inverse distance, no cutoff; n = 0 until built */
    int built;
};

int rc_spatial_from_pairs(size_t n, const rc_pair *pairs, size_t np, rc_spatial **out)
{
    *out = NULL;
    rc_spatial *s = rc_calloc(1, sizeof *s);
    if (!s) return -1;
    s->n = n;
    s->off = rc_calloc(n + 1, sizeof *s->off);
    s->nbr = rc_calloc(2 * np + 1, sizeof *s->nbr);
    s->w = rc_calloc(2 * np + 1, sizeof *s->w);
    s->source = rc_strdup("adjacency");
    size_t *fill = rc_calloc(n + 1, sizeof *fill);
    if (!s->off || !s->nbr || !s->w || !s->source || !fill) {
        free(fill);
        rc_spatial_free(s);
        return -1;
    }
    for (size_t k = 0; k < np; k++) {
        s->off[pairs[k].a + 1]++;
        s->off[pairs[k].b + 1]++;
    }
    for (size_t r = 0; r < n; r++) s->off[r + 1] += s->off[r];
    /* pairs are sorted by (a, b): each row's neighbours come out ascending */
    for (size_t k = 0; k < np; k++) {
        size_t a = pairs[k].a, b = pairs[k].b;
        s->nbr[s->off[a] + fill[a]++] = b;
        s->nbr[s->off[b] + fill[b]++] = a;
    }
    free(fill);
    for (size_t r = 0; r < n; r++) {
        size_t deg = s->off[r + 1] - s->off[r];
        for (size_t k = s->off[r]; k < s->off[r + 1]; k++) s->w[k] = 1.0 / (double)deg;
    }
    *out = s;
    return 0;
}

static double great_circle_km(double lon1, double lat1, double lon2, double lat2)
{
    const double rad = M_PI / 180.0, R = 6371.0088;
    double p1 = lat1 * rad, p2 = lat2 * rad;
    double dp = (lat2 - lat1) * rad, dl = (lon2 - lon1) * rad;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1.0) a = 1.0;
    return 2.0 * R * asin(sqrt(a));
}

void rc_spatial_free_arrays(rc_spatial *s)
{
    if (!s) return;
    free(s->off);
    free(s->nbr);
    free(s->w);
    free(s->source);
    memset(s, 0, sizeof *s);
}

int rc_spatial_from_coords(const double *lon, const double *lat, size_t n, double cutoff_km,
                           rc_spatial *out)
{
    memset(out, 0, sizeof *out);
    out->n = n;
    out->off = rc_calloc(n + 1, sizeof *out->off);
    out->source = rc_strdup("distance");
    if (!out->off || !out->source) { rc_spatial_free_arrays(out); return -1; }
    size_t nnz = 0;
    for (int pass = 0; pass < 2; pass++) {
        nnz = 0;
        for (size_t i = 0; i < n; i++) {
            size_t start = nnz;
            double rs = 0.0;
            for (size_t j = 0; j < n; j++) {
                if (j == i || isnan(lon[i]) || isnan(lat[i]) || isnan(lon[j]) || isnan(lat[j]))
                    continue;
                double d = great_circle_km(lon[i], lat[i], lon[j], lat[j]);
                if (!(d > 0.0) || (cutoff_km > 0.0 && d > cutoff_km)) continue;
                if (pass == 1) {
                    out->nbr[nnz] = j;
                    out->w[nnz] = 1.0 / d;
                    rs += 1.0 / d;
                }
                nnz++;
            }
            if (pass == 1) {
                for (size_t e = start; e < nnz; e++) out->w[e] /= rs;
            }
            out->off[i + 1] = nnz;
        }
        if (pass == 0) {
            out->nbr = rc_malloc((nnz ? nnz : 1) * sizeof *out->nbr);
            out->w = rc_malloc((nnz ? nnz : 1) * sizeof *out->w);
            if (!out->nbr || !out->w) { rc_spatial_free_arrays(out); return -1; }
        }
    }
    return 0;
}

int rc_spatial_subset(const rc_spatial *w, const size_t *keep, size_t m, size_t n_all,
                          rc_spatial *out, size_t *map)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n_all; i++) map[i] = (size_t)-1;
    for (size_t i = 0; i < m; i++) map[keep[i]] = i;
    size_t nnz = 0;
    for (size_t i = 0; i < m; i++)
        for (size_t e = w->off[keep[i]]; e < w->off[keep[i] + 1]; e++)
            if (map[w->nbr[e]] != (size_t)-1) nnz++;
    out->n = m;
    out->off = rc_calloc(m + 1, sizeof *out->off);
    out->nbr = rc_malloc((nnz ? nnz : 1) * sizeof *out->nbr);
    out->w = rc_malloc((nnz ? nnz : 1) * sizeof *out->w);
    if (!out->off || !out->nbr || !out->w) {
        rc_spatial_free_arrays(out);
        return -1;
    }
    nnz = 0;
    for (size_t i = 0; i < m; i++) {
        size_t start = nnz;
        double rs = 0.0;
        for (size_t e = w->off[keep[i]]; e < w->off[keep[i] + 1]; e++) {
            size_t j = map[w->nbr[e]];
            if (j == (size_t)-1) continue;
            out->nbr[nnz] = j;
            out->w[nnz] = w->w[e];
            rs += w->w[e];
            nnz++;
        }
        for (size_t e = start; e < nnz; e++) out->w[e] /= rs;
        out->off[i + 1] = nnz;
    }
    return 0;
}

int rc_panel_weights(const rc_panel *p, const rc_spatial **out, rc_error *err)
{
    *out = NULL;
    if (!p) return 0;
    if (p->spatial) {
        *out = p->spatial;
        return 0;
    }
    if (!p->coord_x || !p->coord_y || !p->lazy) return 0;
    struct rc_panel_lazy *lz = p->lazy;
    if (!lz->built) {
        if (p->n_regions > RC_SPATIAL_DENSE_MAX)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "the spatial weights would be inverse distances between every "
                                "pair of the %zu regions (regions.coordinates without "
                                "regions.adjacency): %zu links, beyond the %d regions dense "
                                "weights are built for; give regions.adjacency (or "
                                "regions.boundaries)",
                                p->n_regions, p->n_regions * (p->n_regions - 1),
                                RC_SPATIAL_DENSE_MAX);
        if (rc_spatial_from_coords(p->coord_x, p->coord_y, p->n_regions, 0.0, &lz->distance))
            return rc_error_set(err, RC_ERRK_OTHER,
                                "out of memory building the distance weights of %zu regions",
                                p->n_regions);
        lz->built = 1;
    }
    *out = &lz->distance;
    return 0;
}

int rc_panel_lazy_init(rc_panel *p)
{
    p->lazy = rc_calloc(1, sizeof *p->lazy);
    return p->lazy ? 0 : -1;
}

void rc_panel_weights_free(rc_panel *p)
{
    if (!p || !p->lazy) return;
    rc_spatial_free_arrays(&p->lazy->distance);
    free(p->lazy);
    p->lazy = NULL;
}
