/* plugins/analyses/spatial_weights/spatial_weights.c — the spatial_weights analysis
 * plugin: several named weight matrices in one config (contiguity, inverse distance,
 * k nearest neighbours, economic distance, nested economic–geographic), described one row
 * each in the table `spatial_weights` (which hotspots, markov and other plugins read to
 * rebuild the matrix they name), and global Moran's I and Geary's C per year under every
 * matrix in the table `moran`. Formulas in docs/analysis.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_plugin.h"
#include "an_weights.h"
#include "moran_geary.h"
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"matrices", RC_CFG_MAP, 1, NULL,
     "Named matrices: {name: {kind: contiguity|inverse_distance|knn|economic|nested, ...}}.",
     NULL},
    {"coordinates", RC_CFG_ENUM, 0, "lonlat",
     "lonlat (degrees, great-circle km) or planar (x, y in map units).", "lonlat|planar"},
    {"on", RC_CFG_STRING, 0, "index", "index, or a dimension id, for the moran table.", NULL},
    {"moran", RC_CFG_BOOL, 0, "true", "Moran's I and Geary's C per year under each matrix.",
     NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"spatial_weights", "moran", NULL};

enum { MAX_MATRICES = 32 };

/* One matrix definition from its mapping; every error names file:line:col. */
static int32_t parse_matrix(const rc_host *host, rc_ctx *ctx, const char *name,
                            const rc_node *m, int lonlat, an_wspec *s)
{
    memset(s, 0, sizeof *s);
    const char *where = host->node_where(ctx, m);
    if (strlen(name) >= sizeof s->name || !*name)
        return rc_errorf(host, ctx, RC_EINVAL, "%s: matrix name '%s' must be 1 to 63 characters",
                         where, name);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->k = 6;
    s->power = 1.0;
    s->phi = 0.5;
    s->lonlat = lonlat;
    if (host->node_kind(ctx, m) != RC_NODE_MAP)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: matrix '%s' must be a mapping such as {kind: knn, k: 6}", where, name);
    static const char *const keys[] = {"kind", "k", "power", "cutoff", "series", "phi"};
    for (size_t i = 0; i < host->node_len(ctx, m); i++) {
        const char *key = host->node_key_at(ctx, m, i);
        int known = 0;
        for (size_t k = 0; k < 6; k++) known |= strcmp(key, keys[k]) == 0;
        if (!known)
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: matrix '%s' has unknown key '%s'; the keys are kind, k, "
                             "power, cutoff, series, phi", host->node_where(ctx, host->node_at(ctx, m, i)),
                             name, key);
    }
    const rc_node *n = host->node_get(ctx, m, "kind");
    const char *kind = n ? host->node_str(ctx, n) : NULL;
    int found = 0;
    for (int k = 0; k < 5 && kind; k++)
        if (strcmp(kind, an_kind_name((an_kind)k)) == 0) { s->kind = (an_kind)k; found = 1; }
    if (!found)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: matrix '%s' needs 'kind: contiguity|inverse_distance|knn|"
                         "economic|nested'%s%s%s", n ? host->node_where(ctx, n) : where, name,
                         kind ? ", not '" : "", kind ? kind : "", kind ? "'" : "");
    int64_t iv;
    if ((n = host->node_get(ctx, m, "k"))) {
        if (host->node_int(ctx, n, &iv) != RC_OK || iv < 1 || iv > 1000 || s->kind != AN_K_KNN)
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: matrix '%s': k is for kind knn and must be 1 to 1000",
                             host->node_where(ctx, n), name);
        s->k = (long)iv;
    }
    int dist = s->kind == AN_K_INVERSE_DISTANCE || s->kind == AN_K_NESTED;
    if ((n = host->node_get(ctx, m, "power"))) {
        if (host->node_number(ctx, n, &s->power) != RC_OK || !dist ||
            !(s->power == 0.0 || s->power == 1.0 || s->power == 2.0))
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: matrix '%s': power is for inverse_distance or nested and "
                             "must be 0 (a binary band), 1 or 2", host->node_where(ctx, n), name);
    }
    if ((n = host->node_get(ctx, m, "cutoff"))) {
        if (host->node_number(ctx, n, &s->cutoff) != RC_OK || !dist || !(s->cutoff > 0.0))
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: matrix '%s': cutoff is for inverse_distance or nested and "
                             "must be a distance above 0 (km for lon/lat)",
                             host->node_where(ctx, n), name);
    }
    if (s->kind == AN_K_INVERSE_DISTANCE && s->power == 0.0 && !(s->cutoff > 0.0))
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: matrix '%s': power 0 is a distance band and needs a cutoff",
                         where, name);
    int econ = s->kind == AN_K_ECONOMIC || s->kind == AN_K_NESTED;
    n = host->node_get(ctx, m, "series");
    if (econ != (n != NULL) || (n && !host->node_str(ctx, n)))
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: matrix '%s': %s", n ? host->node_where(ctx, n) : where, name,
                         econ ? "economic and nested matrices need 'series: <data series>' "
                                "(x̄ is its mean over the years)"
                              : "series is for economic or nested matrices only");
    if (n) snprintf(s->series, sizeof s->series, "%s", host->node_str(ctx, n));
    if ((n = host->node_get(ctx, m, "phi"))) {
        if (host->node_number(ctx, n, &s->phi) != RC_OK || s->kind != AN_K_NESTED ||
            !(s->phi >= 0.0 && s->phi <= 1.0))
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: matrix '%s': phi is for nested matrices and must be in [0, 1]",
                             host->node_where(ctx, n), name);
    }
    return RC_OK;
}

static int32_t moran_rows(const rc_host *host, rc_ctx *ctx, rc_table *t, const an_wspec *s,
                          const an_csr *w, const double *v, const char *on)
{
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx);
    size_t *keep = malloc((nr ? nr : 1) * sizeof *keep), *map = malloc((nr ? nr : 1) * sizeof *map);
    double *y = malloc((nr ? nr : 1) * sizeof *y);
    if (!keep || !map || !y) {
        free(keep); free(map); free(y);
        return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    }
    int32_t rc = RC_OK;
    for (size_t t_ = 0; rc == RC_OK && t_ < ny; t_++) {
        size_t n = 0;
        for (size_t r = 0; r < nr; r++)
            if (!isnan(v[t_ * nr + r])) { keep[n] = r; y[n] = v[t_ * nr + r]; n++; }
        an_csr sub;
        if (an_csr_subset(w, keep, n, map, &sub)) { rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory"); break; }
        sw_global g;
        int mr = sw_moran_geary(&sub, y, &g);
        an_csr_free(&sub);
        if (mr == -2) { rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory"); break; }
        char note[256] = "";
        size_t len = 0;
        if (n < nr) len += (size_t)snprintf(note + len, sizeof note - len, "%zu region(s) without a value left out; ", nr - n);
        if (mr >= 0 && g.n_islands)
            len += (size_t)snprintf(note + len, sizeof note - len, "%zu island(s) kept with zero lag, n counts the others; ", g.n_islands);
        if (mr == 1) len += (size_t)snprintf(note + len, sizeof note - len, "undefined: the values are all equal or no region has a neighbour; ");
        if (mr < 0) len += (size_t)snprintf(note + len, sizeof note - len, "undefined: fewer than 4 regions with a value; ");
        if (len >= 2 && len < sizeof note) note[len - 2] = 0;
        int64_t row = host->table_add_row(ctx, t);
        if (row < 0) { rc = RC_ENOMEM; break; }
        size_t r = (size_t)row;
        int ok = mr >= 0;
        double vals[] = {g.I, g.EI, g.var_I_rand, g.z_I_rand, g.p_I_rand, g.var_I_norm,
                         g.z_I_norm, g.p_I_norm, g.C, g.EC, g.var_C_rand, g.z_C_rand,
                         g.p_C_rand, g.var_C_norm, g.z_C_norm, g.p_C_norm};
        if ((rc = host->table_set_int(ctx, t, r, 0, host->year(ctx, t_))) != RC_OK ||
            (rc = host->table_set_str(ctx, t, r, 1, s->name)) != RC_OK ||
            (rc = host->table_set_str(ctx, t, r, 2, on)) != RC_OK ||
            (rc = host->table_set_int(ctx, t, r, 3, (int64_t)n)) != RC_OK ||
            (rc = host->table_set_int(ctx, t, r, 4, ok ? (int64_t)g.n_islands : 0)) != RC_OK)
            break;
        for (size_t k = 0; rc == RC_OK && k < 16; k++)
            rc = host->table_set_num(ctx, t, r, 5 + k, ok ? vals[k] : NAN);
        if (rc == RC_OK) rc = host->table_set_str(ctx, t, r, 21, *note ? note : NULL);
    }
    free(keep); free(map); free(y);
    return rc;
}

static int32_t sw_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "spatial_weights needs a host of ABI 1.1 or newer");
    int32_t rc, coords = 0, do_moran = 1;
    const char *on = NULL;
    if ((rc = host->cfg_enum(ctx, "coordinates", &coords)) != RC_OK ||
        (rc = host->cfg_str(ctx, "on", &on)) != RC_OK ||
        (rc = host->cfg_bool(ctx, "moran", &do_moran)) != RC_OK)
        return rc;
    const rc_node *mats = host->node_get(ctx, host->config(ctx), "matrices");
    size_t nm = mats ? host->node_len(ctx, mats) : 0;
    if (!mats || host->node_kind(ctx, mats) != RC_NODE_MAP || nm == 0)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "analysis.spatial_weights.matrices must name at least one matrix, "
                         "e.g. {knn6: {kind: knn, k: 6}}");
    if (nm > MAX_MATRICES)
        return rc_errorf(host, ctx, RC_EINVAL, "%s: at most %d matrices", host->node_where(ctx, mats),
                         MAX_MATRICES);
    an_wspec specs[MAX_MATRICES];
    for (size_t i = 0; i < nm; i++)
        if ((rc = parse_matrix(host, ctx, host->node_key_at(ctx, mats, i), host->node_at(ctx, mats, i),
                               coords == 0, &specs[i])) != RC_OK)
            return rc;
    const double *v = NULL;
    if (do_moran && (rc = an_values_on(host, ctx, on, &v)) != RC_OK) return rc;
    rc_table *tw = host->table_add(ctx, "spatial_weights", an_wtable_ncols, an_wtable_cols,
                                   an_wtable_types);
    if (!tw) return RC_EFAIL;
    host->table_set_info(ctx, tw, "Spatial weight matrices",
                         "One row per named matrix: its kind and parameters, the regions, "
                         "links and islands (regions without a neighbour). Every matrix is "
                         "row-standardised; the spatial analyses name the one they use.");
    rc_table *tm = NULL;
    if (do_moran) {
        static const char *const cols[] = {
            "year", "weights", "on", "n", "n_islands", "I", "EI", "var_I", "z_I", "p_I",
            "var_I_normality", "z_I_normality", "p_I_normality", "C", "EC", "var_C", "z_C",
            "p_C", "var_C_normality", "z_C_normality", "p_C_normality", "note"};
        int32_t types[22];
        for (size_t k = 0; k < 22; k++) types[k] = RC_COL_NUMBER;
        types[0] = types[3] = types[4] = RC_COL_INT;
        types[1] = types[2] = types[21] = RC_COL_STRING;
        tm = host->table_add(ctx, "moran", 22, cols, types);
        if (!tm) return RC_EFAIL;
        host->table_set_info(ctx, tm, "Global Moran's I and Geary's C by weight matrix",
                             "Per year and matrix: Moran's I with E[I] = -1/(n-1), variance, z "
                             "and one-sided p under randomisation (and normality), and Geary's "
                             "C with E[C] = 1 (z = (1 - C)/sd), as spdep's moran.test and "
                             "geary.test; islands are kept with zero lag.");
    }
    for (size_t i = 0; rc == RC_OK && i < nm; i++) {
        an_csr w;
        an_winfo info;
        if ((rc = an_wspec_build(host, ctx, &specs[i], &w, &info)) != RC_OK) break;
        char note[200] = "";
        if (info.left_out)
            snprintf(note, sizeof note, "%zu pair(s) %s left out (no finite weight)", info.left_out,
                     specs[i].kind == AN_K_ECONOMIC ? "with equal means" : "at distance 0 or with equal means");
        rc = an_wtable_row(host, ctx, tw, &specs[i], &info, note);
        if (rc == RC_OK && do_moran) rc = moran_rows(host, ctx, tm, &specs[i], &w, v, on && *on ? on : "index");
        an_csr_free(&w);
    }
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "spatial_weights",
    .version = "1.0.0",
    .summary = "Named spatial weight matrices and Moran's I / Geary's C under each",
    .key_table = &k_key_table,
    .analyse = sw_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
