/* infrastructure.c — the digital-infrastructure pathway: a dimension plugin that adds its
 * default indicator catalogue (network penetration, fibre and 5G density, traffic per
 * person) to the dimension as formula indicators over canonical raw series, adds the
 * inter-regional connectivity measures configured under its own keys (the spatial lag of
 * an indicator over the neighbours, the gap to the year's frontier), then scores the
 * dimension with the host's configured methods.
 *
 * The catalogue handling (`catalogue:` selection, raw-series checks, formula indicators,
 * their errors) is shared with the other pathway plugins in ../common/pathway.c, which is
 * compiled into this plugin. Here each catalogue entry is a ratio (numerator, denominator,
 * scale) rather than a formula text, so that the connectivity measures can compute an
 * entry's values themselves; the formula handed to the shared code is printed from the
 * same three fields, so the two can never disagree. */
#include <regcoord/plugin.h>

#include "../common/pathway.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One default indicator: numerator / denominator * scale over canonical raw series names
 * (the dimension's `series:` mapping renames them to the data's series). */
typedef struct inf_ratio {
    const char *id;
    const char *numerator;
    const char *denominator;
    double scale;            /* 1 prints no factor */
    int32_t direction;       /* RC_BENEFIT or RC_COST */
    const char *description; /* one line, with the unit */
} inf_ratio;

static const inf_ratio k_catalogue[] = {
    {"broadband_ports_per_100", "broadband_ports", "population", 100, RC_BENEFIT,
     "Fixed broadband access ports per 100 residents (ports per 100 persons)"},
    {"broadband_users_per_100", "broadband_users", "population", 100, RC_BENEFIT,
     "Fixed broadband subscribers per 100 residents (subscribers per 100 persons)"},
    {"mobile_internet_users_per_100", "mobile_internet_users", "population", 100, RC_BENEFIT,
     "Mobile internet subscribers per 100 residents (subscribers per 100 persons)"},
    {"fibre_density", "fibre_km", "area_km2", 1, RC_BENEFIT,
     "Optical fibre cable route length per square kilometre of land (km per km2)"},
    {"base_stations_5g_per_10k", "base_stations_5g", "population", 1, RC_BENEFIT,
     "5G base stations per 10,000 residents (stations per 10k persons)"},
    {"base_stations_5g_density", "base_stations_5g", "area_km2", 100, RC_BENEFIT,
     "5G base stations per 100 square kilometres (stations per 100 km2)"},
    {"mobile_traffic_per_capita", "mobile_traffic", "population", 1, RC_BENEFIT,
     "Mobile internet access traffic per resident (GB per person)"},
};

/* The formula text of an entry: "num / den" or "num / den * scale". */
static void inf_formula(const inf_ratio *e, char *buf, size_t cap)
{
    if (e->scale == 1.0)
        snprintf(buf, cap, "%s / %s", e->numerator, e->denominator);
    else
        snprintf(buf, cap, "%s / %s * %.15g", e->numerator, e->denominator, e->scale);
}

#define PW_PLUGIN_NAME "infrastructure"
#define PW_PLUGIN_SUMMARY \
    "Digital infrastructure: network penetration, fibre and 5G density, traffic per person"

#define INF_N_ENTRIES (sizeof k_catalogue / sizeof k_catalogue[0])

/* Index of the catalogue entry `id`, or -1. */
static int inf_find(const char *id)
{
    for (size_t i = 0; i < INF_N_ENTRIES; i++)
        if (strcmp(k_catalogue[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* ------------------------------------------------------------------ connectivity */

/* Reads a configured indicator's `direction:` ("+", benefit, 1 / "-", cost, -1). */
static int32_t inf_direction(const rc_host *host, rc_ctx *ctx, const rc_node *ind)
{
    const rc_node *dir = ind ? host->node_get(ctx, ind, "direction") : NULL;
    const char *s = dir ? host->node_str(ctx, dir) : NULL;
    if (s != NULL && (strcmp(s, "-") == 0 || strcmp(s, "cost") == 0 || strcmp(s, "-1") == 0))
        return RC_COST;
    return RC_BENEFIT;
}

/* The values of indicator `id` for the connectivity measures, into out[n] (NaN missing):
 * a catalogue id is computed as numerator / denominator * scale; an indicator configured
 * under indicators: with series: (and per:) reads that series (over per); any other id is
 * read as a raw series of that name. A configured formula indicator cannot be evaluated
 * by the plugin and is an error. *direction receives the indicator's direction. */
static int32_t inf_indicator_values(const rc_host *host, rc_ctx *ctx, const char *id,
                                    const char *what, double *out, size_t n,
                                    int32_t *direction)
{
    const rc_node *section = host->config(ctx);
    const rc_node *inds = section ? host->node_get(ctx, section, "indicators") : NULL;
    const rc_node *ind = inds ? host->node_get(ctx, inds, id) : NULL;
    const char *num = id, *den = NULL;
    double scale = 1.0;
    int k = inf_find(id);
    *direction = RC_BENEFIT;
    if (ind != NULL) {
        if (host->node_get(ctx, ind, "formula") != NULL) {
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: %s: indicator '%s' is a formula indicator, whose values the "
                             "infrastructure plugin cannot compute; name a catalogue indicator, an "
                             "indicator configured with series:, or a raw series",
                             host->node_where(ctx, ind), what, id);
        }
        const rc_node *s = host->node_get(ctx, ind, "series");
        const rc_node *per = host->node_get(ctx, ind, "per");
        if (s != NULL && host->node_str(ctx, s) != NULL)
            num = host->node_str(ctx, s);
        if (per != NULL && host->node_str(ctx, per) != NULL)
            den = host->node_str(ctx, per);
        *direction = inf_direction(host, ctx, ind);
    } else if (k >= 0) {
        num = k_catalogue[k].numerator;
        den = k_catalogue[k].denominator;
        scale = k_catalogue[k].scale;
        *direction = k_catalogue[k].direction;
    }
    const double *a = NULL, *b = NULL;
    int32_t rc = pw_series(host, ctx, num, what, &a);
    if (rc != RC_OK)
        return rc;
    if (den != NULL && (rc = pw_series(host, ctx, den, what, &b)) != RC_OK)
        return rc;
    for (size_t i = 0; i < n; i++) {
        double v = a[i];
        if (b != NULL)
            v = b[i] != 0.0 && !isnan(b[i]) ? v / b[i] : NAN;
        v *= scale;
        out[i] = isfinite(v) ? v : NAN;
    }
    return RC_OK;
}

/* lag[t,r] = Σ_j w_rj x[t,j] over r's neighbours, the weights renormalised over the
 * neighbours whose value is present; NaN for a region without neighbours or when every
 * neighbour's value is missing. */
static int32_t inf_spatial_lag(const rc_host *host, rc_ctx *ctx, const double *x, size_t nr,
                               size_t ny, double *lag)
{
    for (size_t r = 0; r < nr; r++) {
        const size_t *idx = NULL;
        const double *w = NULL;
        size_t nn = 0;
        int32_t rc = host->neighbours(ctx, r, &idx, &w, &nn);
        if (rc == RC_ENOTFOUND)
            return rc_errorf(host, ctx, RC_EINVAL,
                             "spatial_lag needs spatial weights: give regions.adjacency (or "
                             "regions.coordinates) in the config");
        if (rc != RC_OK)
            return rc_errorf(host, ctx, rc, "reading the neighbours of a region failed");
        for (size_t t = 0; t < ny; t++) {
            double sum = 0.0, wsum = 0.0;
            for (size_t k = 0; k < nn; k++) {
                if (idx[k] >= nr)
                    continue;
                double v = x[t * nr + idx[k]];
                if (isnan(v))
                    continue;
                sum += w[k] * v;
                wsum += w[k];
            }
            lag[t * nr + r] = wsum > 0.0 ? sum / wsum : NAN;
        }
    }
    return RC_OK;
}

/* gap[t,r] = x[t,r] / max_j x[t,j]; NaN when the year has no positive maximum. */
static void inf_frontier_gap(const double *x, size_t nr, size_t ny, double *gap)
{
    for (size_t t = 0; t < ny; t++) {
        double best = NAN;
        for (size_t r = 0; r < nr; r++) {
            double v = x[t * nr + r];
            if (!isnan(v) && (isnan(best) || v > best))
                best = v;
        }
        for (size_t r = 0; r < nr; r++) {
            double v = x[t * nr + r];
            gap[t * nr + r] = !isnan(v) && best > 0.0 ? v / best : NAN;
        }
    }
}

/* Adds `<id>_spatial_lag` (mode 0) or `<id>_frontier_gap` (mode 1) for each id listed
 * under `key`. */
static int32_t inf_add_measure(const rc_host *host, rc_ctx *ctx, const char *key, int mode,
                               double *x, double *y)
{
    const rc_node *section = host->config(ctx);
    const rc_node *list = section ? host->node_get(ctx, section, key) : NULL;
    if (list == NULL) return RC_OK;
    if (host->node_kind(ctx, list) != RC_NODE_LIST) {
        return rc_errorf(host, ctx, RC_EINVAL, "%s: %s must be a list of indicator ids",
                         host->node_where(ctx, list), key);
    }
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), n = nr * ny;
    for (size_t i = 0; i < host->node_len(ctx, list); i++) {
        const rc_node *item = host->node_at(ctx, list, i);
        const char *id = item ? host->node_str(ctx, item) : NULL;
        if (id == NULL || id[0] == '\0' || strlen(id) >= PW_MAX_NAME) {
            return rc_errorf(host, ctx, RC_EINVAL, "%s: each item of %s must be an indicator id",
                             host->node_where(ctx, item ? item : list), key);
        }
        char what[PW_MAX_NAME + 32];
        snprintf(what, sizeof what, "%s of '%s'", key, id);
        int32_t direction = RC_BENEFIT;
        int32_t rc = inf_indicator_values(host, ctx, id, what, x, n, &direction);
        if (rc != RC_OK)
            return rc;
        char out_id[PW_MAX_NAME + 16], desc[PW_MAX_NAME * 2];
        if (mode == 0) {
            rc = inf_spatial_lag(host, ctx, x, nr, ny, y);
            if (rc != RC_OK)
                return rc;
            snprintf(out_id, sizeof out_id, "%s_spatial_lag", id);
            snprintf(desc, sizeof desc,
                     "Spatial lag of %s: weighted mean over the region's neighbours", id);
        } else {
            inf_frontier_gap(x, nr, ny, y);
            direction = RC_BENEFIT;
            snprintf(out_id, sizeof out_id, "%s_frontier_gap", id);
            snprintf(desc, sizeof desc,
                     "Gap to the frontier of %s: value over the year's best region (share)", id);
        }
        rc = host->add_indicator(ctx, out_id, direction, y, desc);
        if (rc != RC_OK)
            return rc;
    }
    return RC_OK;
}

static int32_t inf_add_connectivity(const rc_host *host, rc_ctx *ctx)
{
    const rc_node *section = host->config(ctx);
    if (section == NULL || (host->node_get(ctx, section, "spatial_lag") == NULL &&
                            host->node_get(ctx, section, "frontier_gap") == NULL))
        return RC_OK;
    size_t n = host->n_regions(ctx) * host->n_years(ctx);
    double *x = calloc(n ? n : 1, sizeof *x); /* zeroed: lets the analyser see every x[i] set */
    double *y = malloc((n ? n : 1) * sizeof *y);
    int32_t rc = RC_ENOMEM;
    if (x != NULL && y != NULL) {
        rc = inf_add_measure(host, ctx, "spatial_lag", 0, x, y);
        if (rc == RC_OK)
            rc = inf_add_measure(host, ctx, "frontier_gap", 1, x, y);
    } else {
        host->set_error(ctx, "out of memory computing the connectivity measures");
    }
    free(x);
    free(y);
    return rc;
}

/* Scores through the shared pathway code, the catalogue handed over with each ratio as its
 * printed formula. */
static int32_t pw_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    char formulas[INF_N_ENTRIES][PW_MAX_NAME * 3];
    pw_entry entries[INF_N_ENTRIES];
    for (size_t i = 0; i < INF_N_ENTRIES; i++) {
        const inf_ratio *r = &k_catalogue[i];
        inf_formula(r, formulas[i], sizeof formulas[i]);
        entries[i].id = r->id;
        entries[i].formula = formulas[i];
        entries[i].direction = r->direction;
        entries[i].description = r->description;
    }
    const pw_catalogue cat = {PW_PLUGIN_NAME, entries, INF_N_ENTRIES};
    return pw_score_dimension(host, ctx, &cat, inf_add_connectivity);
}

static const rc_config_key k_keys[] = {
    PW_CATALOGUE_KEY,
    {"spatial_lag", RC_CFG_LIST, 0, NULL,
     "Indicator ids (catalogue ids, indicators configured with series:, or raw series) "
     "whose spatial lag, the weighted mean over the neighbours, is added as "
     "<id>_spatial_lag; needs regions.adjacency or regions.coordinates."},
    {"frontier_gap", RC_CFG_LIST, 0, NULL,
     "Indicator ids whose gap to the frontier, the value over the year's best region, is "
     "added as <id>_frontier_gap (a benefit indicator in [0, 1])."},
};

static const rc_plugin_descriptor k_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = PW_PLUGIN_NAME,
    .version = "1.0.0",
    .summary = PW_PLUGIN_SUMMARY,
    .config_keys = k_keys,
    .n_config_keys = sizeof k_keys / sizeof k_keys[0],
    .init = NULL,
    .score = pw_score,
    .report = NULL,
    .fini = NULL,
};

RC_PLUGIN_DEFINE(k_descriptor);
