/* analysis/mod_density.c — the `density` analysis as one module: its keys
 * (`analysis.density`), parsing and checking its section, and running it: Gaussian kernel
 * density per year on a common grid, into the table `density` (columns in docs/analysis.md).
 * Region-years with missing values are left out of each year's cross-section. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"

typedef struct density_opts {
    /* density */
    long points;
    double from, to;          /* NaN = from the data */
    const char *dens_on;
} density_opts;

static const rc_config_key density_keys[] = {
    {"points", RC_CFG_INT, 0, "101", "Grid points."},
    {"from", RC_CFG_NUMBER, 0, NULL, "Grid start (default min - 3h)."},
    {"to", RC_CFG_NUMBER, 0, NULL, "Grid end (default max + 3h)."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
};

static int parse_density(const rc_config *cfg, const struct rc_node *sec, void *opts,
                 rc_error *err)
{
    density_opts *o = opts;
    char w[256];
    o->points = 101;
    o->from = o->to = NAN;
    const struct rc_node *n;
    int64_t v;
    if ((n = rc_node_get(sec, "points")) && rc_node_as_int(n, &v) == 0) {
        if (v < 2 || v > 100000)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.density.points must be between 2 and 100000",
                                rc_node_where(n, w, sizeof w));
        o->points = (long)v;
    }
    if ((n = rc_node_get(sec, "from"))) rc_node_as_number(n, &o->from);
    if ((n = rc_node_get(sec, "to"))) rc_node_as_number(n, &o->to);
    if (!isnan(o->from) && !isnan(o->to) && !(o->from < o->to))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.density.from must be below to",
                            rc_node_where(sec, w, sizeof w));
    return rc_an_parse_on(cfg, sec, "density", &o->dens_on, err);
}

static int run_density(const rc_an_ctx *c, const void *opts, rc_resultset *rs, rc_error *err)
{
    const density_opts *o = opts;
    const double *v = rc_an_values_of(c, o->dens_on, err);
    if (!v) return -1;
    size_t nr = c->nr, ny = c->ny, m = (size_t)o->points;
    double *y = rc_malloc((nr ? nr : 1) * sizeof *y), *work = rc_malloc((nr ? nr : 1) * sizeof *work);
    double *h = rc_malloc((ny ? ny : 1) * sizeof *h);
    double *grid = rc_malloc(m * sizeof *grid), *f = rc_malloc(m * sizeof *f);
    int rc = -1;
    rc_tw w = {0};
    if (!y || !work || !h || !grid || !f) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    double lo = INFINITY, hi = -INFINITY, hmax = 0.0;
    for (size_t t = 0; t < ny; t++) {
        size_t n = rc_an_cross_section(c, v, t, y, NULL);
        h[t] = rc_bw_nrd0(y, n, work);
        if (h[t] > hmax) hmax = h[t];
        for (size_t i = 0; i < n; i++) {
            if (y[i] < lo) lo = y[i];
            if (y[i] > hi) hi = y[i];
        }
    }
    double from = isnan(o->from) ? lo - 3.0 * hmax : o->from;
    double to = isnan(o->to) ? hi + 3.0 * hmax : o->to;
    static const char *const names[] = {"year", "x", "density", "bandwidth", "n"};
    static const int32_t types[] = {I, N, N, N, I};
    if (rc_tw_open(&w, rs, "density", NCOLS(names), names, types, err)) goto done;
    if (!(from < to)) { rc = rc_tw_close(&w, err); goto done; } /* no data */
    for (size_t g = 0; g < m; g++)
        grid[g] = g + 1 == m ? to : from + (to - from) * (double)g / (double)(m - 1);
    for (size_t t = 0; t < ny; t++) {
        size_t n = rc_an_cross_section(c, v, t, y, NULL);
        if (n < 2) continue;
        rc_kde_gauss(y, n, h[t], grid, m, f);
        for (size_t g = 0; g < m; g++) {
            rc_tw_row(&w);
            rc_tw_i(&w, 0, c->p->years[t]);
            rc_tw_n(&w, 1, grid[g]);
            rc_tw_n(&w, 2, f[g]);
            rc_tw_n(&w, 3, h[t]);
            rc_tw_i(&w, 4, (int64_t)n);
        }
    }
    rc = rc_tw_close(&w, err);
done:
    free(y); free(work); free(h); free(grid); free(f);
    return rc;
}

static const rc_config_section k_sections[] = {
    {"analysis.density", "Gaussian kernel density per year.", density_keys, NCOLS(density_keys)},
};
static const char *const k_tables[] = {"density", NULL};

const rc_analysis_module rc_mod_density = {
    "density", "Gaussian kernel density per year on a common grid.", k_sections, NCOLS(k_sections), k_tables,
    sizeof(density_opts), parse_density, run_density, NULL,
};
