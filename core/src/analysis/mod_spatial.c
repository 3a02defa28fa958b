/* analysis/mod_spatial.c — the `spatial` analysis as one module: its keys
 * (`analysis.spatial`), parsing and checking its section, and running it: global Moran's I and
 * local Moran (LISA) per year on adjacency or distance weights, into the tables `spatial` and
 * `lisa` (columns in docs/analysis.md). Region-years with missing values are left out of each
 * year's cross-section. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"
#include "config/schema.h"

enum { RC_W_ADJACENCY = 1, RC_W_DISTANCE = 2 };

typedef struct spatial_opts {
    /* spatial */
    int weights;
    double cutoff_km;         /* 0 = none */
    long perms;
    uint64_t seed;
    int lisa;
    const char *sp_on;
    char where[256];          /* the section's file:line:col, for the limits' messages */
} spatial_opts;

static const rc_config_key spatial_keys[] = {
    {"weights", RC_CFG_STRING, 0, NULL, "adjacency or distance (default: what the config has)."},
    {"cutoff", RC_CFG_NUMBER, 0, NULL, "Distance weights: neighbours within this many km."},
    {"moran", RC_CFG_MAP, 0, NULL, "{permutations: 999, seed: 1}"},
    {"lisa", RC_CFG_BOOL, 0, "true", "Local Moran per region."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
};
static const rc_config_key moran_keys[] = {
    {"permutations", RC_CFG_INT, 0, "999", "Random permutations for the pseudo p-values."},
    {"seed", RC_CFG_INT, 0, "1", "Seed of the permutation generator."},
};

static int parse_spatial(const rc_config *cfg, const struct rc_node *sec, void *opts,
                 rc_error *err)
{
    spatial_opts *o = opts;
    char w[256];
    o->perms = 999;
    o->seed = 1;
    rc_node_where(sec, o->where, sizeof o->where);
    o->lisa = 1;
    const struct rc_node *n;
    static const char *const ws[] = {"adjacency", "distance"};
    int wi = -1;
    if (rc_an_parse_choice(sec, "weights", "spatial", ws, 2, &wi, err)) return -1;
    if (wi < 0) {
        if (cfg->regions.adjacency) wi = 0;
        else if (cfg->regions.coordinates) wi = 1;
        else
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.spatial needs regions.adjacency or "
                                "regions.coordinates in the config; add one of them to "
                                "`regions:`", rc_node_where(sec, w, sizeof w));
    }
    o->weights = wi == 0 ? RC_W_ADJACENCY : RC_W_DISTANCE;
    if (o->weights == RC_W_ADJACENCY && !cfg->regions.adjacency)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.spatial uses adjacency weights but the config has no "
                            "regions.adjacency; add 'adjacency: <file with two region "
                            "columns>' to `regions:`%s",
                            rc_node_where(sec, w, sizeof w),
                            cfg->regions.coordinates ? " or set 'weights: distance'" : "");
    if (o->weights == RC_W_DISTANCE && !cfg->regions.coordinates)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.spatial uses distance weights but the config has no "
                            "regions.coordinates; add 'coordinates: <file: region, longitude, "
                            "latitude>' to `regions:`", rc_node_where(sec, w, sizeof w));
    if ((n = rc_node_get(sec, "cutoff"))) {
        rc_node_as_number(n, &o->cutoff_km);
        if (o->weights != RC_W_DISTANCE)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.spatial.cutoff applies to distance weights only; "
                                "add 'weights: distance' or remove the cutoff",
                                rc_node_where(n, w, sizeof w));
        if (!(o->cutoff_km > 0.0))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.spatial.cutoff must be a distance in km above 0",
                                rc_node_where(n, w, sizeof w));
    }
    const struct rc_node *m = rc_node_get(sec, "moran");
    if (m) {
        char pw[256];
        if (rc_schema_check(m, "analysis.spatial.moran", moran_keys, NCOLS(moran_keys), NULL,
                            0, rc_node_where(m, pw, sizeof pw), err))
            return -1;
        int64_t v;
        if ((n = rc_node_get(m, "permutations")) && rc_node_as_int(n, &v) == 0) {
            if (v < 0 || v > 10000000)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.spatial.moran.permutations must be between 0 "
                                    "and 10000000", rc_node_where(n, w, sizeof w));
            o->perms = (long)v;
        }
        if ((n = rc_node_get(m, "seed")) && rc_node_as_int(n, &v) == 0) o->seed = (uint64_t)v;
    }
    if ((n = rc_node_get(sec, "lisa"))) rc_node_as_bool(n, &o->lisa);
    return rc_an_parse_on(cfg, sec, "spatial", &o->sp_on, err);
}


/* Dense distance weights (no cutoff) are built for at most RC_SPATIAL_DENSE_MAX regions. */
static int dense_limit(const spatial_opts *o, size_t nr, rc_error *err)
{
    if (o->weights != RC_W_DISTANCE || o->cutoff_km > 0.0 || nr <= RC_SPATIAL_DENSE_MAX) return 0;
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: analysis.spatial: distance weights without a cutoff link every "
                        "pair of the %zu regions (%zu links), beyond the %d regions dense "
                        "weights are built for; set analysis.spatial.cutoff (km), or use k "
                        "nearest neighbours (the spatial_weights analysis, kind: knn)",
                        o->where, nr, nr * (nr - 1), RC_SPATIAL_DENSE_MAX);
}

/* The permutation tests visit permutations × links neighbours a year. */
static int perm_budget(const spatial_opts *o, size_t nr, double links, rc_error *err)
{
    double visits = (double)o->perms * links;
    if (visits <= RC_SPATIAL_PERM_BUDGET) return 0;
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: analysis.spatial: %ld permutations over the %.0f links of the %s "
                        "weights (%zu regions) are %.3g neighbour visits a year, beyond the "
                        "%.0e a run makes; set a distance cutoff (analysis.spatial.cutoff), "
                        "use k nearest neighbours (the spatial_weights analysis, kind: knn), "
                        "or lower analysis.spatial.moran.permutations",
                        o->where, o->perms, links,
                        o->weights == RC_W_DISTANCE ? "distance" : "adjacency", nr, visits,
                        RC_SPATIAL_PERM_BUDGET);
}

/* Before scoring: the limits that the panel's size and weights decide (a cutoff's links are
 * known only once built: run checks those). */
static int check_spatial(const rc_config *cfg, const void *opts, const rc_panel *p,
                         rc_error *err)
{
    (void)cfg;
    const spatial_opts *o = opts;
    size_t nr = p->n_regions;
    if (dense_limit(o, nr, err)) return -1;
    if (o->weights == RC_W_DISTANCE && o->cutoff_km <= 0.0)
        return perm_budget(o, nr, (double)nr * (double)(nr ? nr - 1 : 0), err);
    if (o->weights == RC_W_ADJACENCY && p->spatial && p->spatial->n)
        return perm_budget(o, nr, (double)p->spatial->off[p->spatial->n], err);
    return 0;
}

static int run_spatial(const rc_an_ctx *c, const void *opts, rc_resultset *rs, rc_error *err)
{
    const spatial_opts *o = opts;
    const rc_panel *p = c->p;
    const double *v = rc_an_values_of(c, o->sp_on, err);
    if (!v) return -1;
    size_t nr = c->nr;
    rc_spatial own = {0};
    const rc_spatial *W = NULL;
    if (o->weights == RC_W_DISTANCE) {
        if (!p->coord_x || !p->coord_y)
            return rc_error_set(err, RC_ERRK_DATA,
                                "analysis.spatial: distance weights need region coordinates, "
                                "but none were loaded; check regions.coordinates");
        if (dense_limit(o, nr, err)) return -1;
        if (o->cutoff_km > 0.0 || p->spatial) { /* W of its own: a cutoff, or adjacency loaded too */
            if (rc_spatial_from_coords(p->coord_x, p->coord_y, nr, o->cutoff_km, &own))
                return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
            W = &own;
        } else if (rc_panel_weights(p, &W, err) != 0) { /* the panel's, built once */
            return -1;
        }
    } else {
        W = p->spatial;
        if (!W)
            return rc_error_set(err, RC_ERRK_DATA,
                                "analysis.spatial: adjacency weights were requested but none "
                                "were loaded; check regions.adjacency");
    }
    if (perm_budget(o, nr, W->n ? (double)W->off[W->n] : 0.0, err)) {
        rc_spatial_free_arrays(&own);
        return -1;
    }
    if (W->n != nr) {
        rc_spatial_free_arrays(&own);
        return rc_error_set(err, RC_ERRK_DATA,
                            "analysis.spatial: the weights cover %zu regions, the panel %zu",
                            W->n, nr);
    }
    static const char *const sn[] = {
        "year", "on", "weights", "n", "n_islands", "islands", "I", "EI", "var_normality",
        "var_randomisation", "z_normality", "z_randomisation", "p_normality",
        "p_randomisation", "p_two_sided_normality", "p_two_sided_randomisation",
        "permutations", "seed", "pseudo_p", "note"};
    static const int32_t stp[] = {I, S, S, I, I, S, N, N, N, N, N, N, N, N, N, N, I, I, N, S};
    static const char *const ln[] = {"region", "year", "value", "z", "lag", "Ii", "quadrant",
                                     "pseudo_p", "E_Ii", "var_Ii", "z_Ii", "p_Ii",
                                     "neighbours", "note"};
    static const int32_t ltp[] = {S, I, N, N, N, N, S, N, N, N, N, N, I, S};
    size_t nn = nr ? nr : 1;
    double *y = rc_malloc(nn * sizeof *y), *work = rc_malloc(3 * nn * sizeof *work);
    double *Ii = rc_malloc(nn * sizeof *Ii), *lag = rc_malloc(nn * sizeof *lag);
    double *pp = rc_malloc(nn * sizeof *pp), *le = rc_malloc(4 * nn * sizeof *le);
    int *quad = rc_malloc(nn * sizeof *quad);
    size_t *reg = rc_malloc(nn * sizeof *reg), *iw = rc_malloc(nn * sizeof *iw);
    size_t *map = rc_malloc(nn * sizeof *map);
    rc_buf isl;
    rc_buf_init(&isl);
    int rc = -1;
    rc_tw ws = {0}, wl = {0};
    if (!y || !work || !Ii || !lag || !pp || !le || !quad || !reg || !iw || !map) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (rc_tw_open(&ws, rs, "spatial", NCOLS(sn), sn, stp, err)) goto done;
    if (o->lisa && rc_tw_open(&wl, rs, "lisa", NCOLS(ln), ln, ltp, err)) goto done;
    const char *on = o->sp_on ? o->sp_on : "index";
    for (size_t t = 0; t < c->ny; t++) {
        int year = p->years[t];
        size_t n = rc_an_cross_section(c, v, t, y, reg);
        rc_spatial sub = {0};
        const rc_spatial *Wt = W;
        if (n < nr) {
            if (rc_spatial_subset(W, reg, n, nr, &sub, map)) {
                rc_error_set(err, RC_ERRK_OTHER, "out of memory");
                goto done;
            }
            Wt = &sub;
        }
        rc_moran m;
        rc_rng rng;
        /* one stream per year, so adding a year leaves the others' p-values unchanged */
        rc_rng_seed(&rng, o->seed * 0x100000001b3ULL + (uint64_t)(int64_t)year);
        int mr = n >= 2 ? rc_moran_global(Wt, y, (size_t)o->perms, &rng, work, &m) : -1;
        isl.len = 0;
        if (isl.data) isl.data[0] = 0;
        size_t nisl = 0;
        for (size_t i = 0; i < n; i++)
            if (Wt->off[i] == Wt->off[i + 1]) {
                rc_buf_printf(&isl, "%s%s", nisl ? "," : "", p->region_ids[reg[i]]);
                nisl++;
            }
        rc_buf note;
        rc_buf_init(&note);
        if (n < nr) rc_buf_printf(&note, "%zu region(s) with a missing value left out; ", nr - n);
        if (nisl) rc_buf_printf(&note, "%zu island(s) without neighbours kept with zero lag; ", nisl);
        if (mr == 1) rc_buf_puts(&note, "Moran's I undefined: the values are all equal or no "
                                        "region has a neighbour; ");
        if (mr < 0) rc_buf_puts(&note, "Moran's I undefined: fewer than two regions; ");
        if (note.len >= 2) note.data[note.len - 2] = 0;
        rc_tw_row(&ws);
        rc_tw_i(&ws, 0, year);
        rc_tw_s(&ws, 1, on);
        rc_tw_s(&ws, 2, o->weights == RC_W_DISTANCE ? "distance" : "adjacency");
        rc_tw_i(&ws, 3, (int64_t)n);
        rc_tw_i(&ws, 4, (int64_t)nisl);
        rc_tw_s(&ws, 5, isl.data ? isl.data : "");
        int ok = mr >= 0;
        rc_tw_n(&ws, 6, ok ? m.moran_i : NAN);
        rc_tw_n(&ws, 7, ok ? m.EI : NAN);
        rc_tw_n(&ws, 8, ok ? m.var_norm : NAN);
        rc_tw_n(&ws, 9, ok ? m.var_rand : NAN);
        rc_tw_n(&ws, 10, ok ? m.z_norm : NAN);
        rc_tw_n(&ws, 11, ok ? m.z_rand : NAN);
        rc_tw_n(&ws, 12, ok ? m.p_norm : NAN);
        rc_tw_n(&ws, 13, ok ? m.p_rand : NAN);
        rc_tw_n(&ws, 14, ok ? m.p_norm_two : NAN);
        rc_tw_n(&ws, 15, ok ? m.p_rand_two : NAN);
        rc_tw_i(&ws, 16, o->perms);
        rc_tw_i(&ws, 17, (int64_t)o->seed);
        rc_tw_n(&ws, 18, ok ? m.perm_p : NAN);
        rc_tw_s(&ws, 19, note.data ? note.data : "");
        rc_buf_free(&note);
        if (o->lisa && n >= 2) {
            int lr = rc_moran_local(Wt, y, (size_t)o->perms, &rng, Ii, lag, quad, pp, work, iw);
            double *lE = le, *lV = le + nn, *lZ = le + 2 * nn, *lP = le + 3 * nn;
            if (rc_moran_local_normal(Wt, y, lE, lV, lZ, lP, work) < 0)
                for (size_t i = 0; i < n; i++) lE[i] = lV[i] = lZ[i] = lP[i] = NAN;
            double mean = 0.0;
            for (size_t i = 0; i < n; i++) mean += y[i];
            mean /= (double)n;
            for (size_t i = 0; i < n; i++) {
                int island = Wt->off[i] == Wt->off[i + 1];
                rc_tw_row(&wl);
                rc_tw_s(&wl, 0, p->region_ids[reg[i]]);
                rc_tw_i(&wl, 1, year);
                rc_tw_n(&wl, 2, y[i]);
                rc_tw_n(&wl, 3, y[i] - mean);
                rc_tw_n(&wl, 4, lr == 0 ? lag[i] : NAN);
                rc_tw_n(&wl, 5, lr == 0 ? Ii[i] : NAN);
                rc_tw_s(&wl, 6, lr == 0 ? (island ? "island" : rc_quadrant_name(quad[i])) : "");
                rc_tw_n(&wl, 7, lr == 0 ? pp[i] : NAN);
                rc_tw_n(&wl, 8, lE[i]);
                rc_tw_n(&wl, 9, lV[i]);
                rc_tw_n(&wl, 10, lZ[i]);
                rc_tw_n(&wl, 11, lP[i]);
                rc_tw_i(&wl, 12, (int64_t)(Wt->off[i + 1] - Wt->off[i]));
                rc_tw_s(&wl, 13, island ? "no neighbours" : lr == 1 ? "undefined: all values equal"
                                                               : "");
            }
        }
        rc_spatial_free_arrays(&sub);
    }
    rc = rc_tw_close(&ws, err);
    if (!rc && o->lisa) rc = rc_tw_close(&wl, err);
done:
    rc_spatial_free_arrays(&own);
    free(y); free(work); free(Ii); free(lag); free(pp); free(le); free(quad); free(reg); free(iw);
    free(map);
    rc_buf_free(&isl);
    return rc;
}

static const rc_config_section k_sections[] = {
    {"analysis.spatial", "Global and local Moran's I per year.", spatial_keys, NCOLS(spatial_keys)},
    {"analysis.spatial.moran", "Permutation test of Moran's I.", moran_keys, NCOLS(moran_keys)},
};
static const char *const k_tables[] = {"spatial", "lisa", NULL};

const rc_analysis_module rc_mod_spatial = {
    "spatial", "Global and local Moran's I per year.", k_sections, NCOLS(k_sections), k_tables,
    sizeof(spatial_opts), parse_spatial, run_spatial, NULL, check_spatial,
};
