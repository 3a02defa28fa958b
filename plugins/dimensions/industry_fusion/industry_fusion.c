/* industry_fusion.c — the digital–industry fusion pathway: a dimension plugin that adds its
 * default indicator catalogue (digital industry and software in GDP, enterprise
 * digitalisation, high-tech manufacturing, business R&D, invention patents) to the
 * dimension as formula indicators over canonical raw series, adds the fusion measures
 * configured under its own keys (the coupling coordination degree of a digital and a
 * traditional group of series, the structural similarity of sector shares), then scores
 * the dimension with the host's configured methods.
 *
 * The catalogue handling (`catalogue:` selection, raw-series checks, formula indicators,
 * their errors) is shared with the other pathway plugins in ../common/pathway.c, which is
 * compiled into this plugin; only the catalogue table, the measures and the descriptor
 * are this file's own. */
#include <regcoord/plugin.h>

#include "../common/pathway.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const pw_entry k_catalogue[] = {
    {"digital_industry_share", "digital_industry_value_added / gdp * 100", RC_BENEFIT,
     "Value added of the core digital-economy industries as a share of GDP (%)"},
    {"software_revenue_gdp", "software_revenue / gdp / 100", RC_BENEFIT,
     "Software and IT services revenue as a share of GDP (%)"},
    {"ecommerce_enterprise_share", "ent_ecommerce_count / ent_count * 100", RC_BENEFIT,
     "Share of surveyed enterprises trading by e-commerce (%)"},
    {"enterprise_websites_per_100", "ent_websites / ent_count * 100", RC_BENEFIT,
     "Websites owned per 100 surveyed enterprises (websites per 100 enterprises)"},
    {"hightech_revenue_gdp", "hightech_revenue / gdp * 100", RC_BENEFIT,
     "High-technology manufacturing revenue relative to GDP (%)"},
    {"business_rd_gdp", "rd_funds_business / gdp / 100", RC_BENEFIT,
     "R&D expenditure funded by enterprises as a share of GDP (%)"},
    {"invention_patents_per_10k", "patent_grants_invention / population", RC_BENEFIT,
     "Invention patents granted per 10,000 residents (patents per 10k persons)"},
};

#define PW_PLUGIN_NAME "industry_fusion"
#define PW_PLUGIN_SUMMARY \
    "Digital-industry fusion: digital industry, enterprise digitalisation, high-tech and innovation"

/* The catalogue as the shared pathway code reads it. */
static const pw_catalogue k_pathway = {PW_PLUGIN_NAME, k_catalogue,
                                       sizeof k_catalogue / sizeof k_catalogue[0]};

/* ------------------------------------------------------------------ fusion measures */

#define IF_MAX_SERIES 64

/* Reads a list of series names into names[] (borrowed); returns the count, or -1 with
 * the error set. */
static int if_names(const rc_host *host, rc_ctx *ctx, const rc_node *list, const char *key,
                    const char **names)
{
    size_t n = list ? host->node_len(ctx, list) : 0;
    if (list == NULL || host->node_kind(ctx, list) != RC_NODE_LIST || n == 0 ||
        n > IF_MAX_SERIES) {
        rc_errorf(host, ctx, 0, "%s: %s must be a list of 1 to %d series names",
                  list ? host->node_where(ctx, list) : "config", key, IF_MAX_SERIES);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const rc_node *item = host->node_at(ctx, list, i);
        names[i] = item ? host->node_str(ctx, item) : NULL;
        if (names[i] == NULL || names[i][0] == '\0') {
            rc_errorf(host, ctx, 0, "%s: each item of %s must be a series name",
                      host->node_where(ctx, item ? item : list), key);
            return -1;
        }
    }
    return (int)n;
}

/* Reads the named series into vals[]; RC_ENOTFOUND with the error set when one is absent. */
static int32_t if_series(const rc_host *host, rc_ctx *ctx, const char **names, int n,
                         const char *key, const double **vals)
{
    for (int i = 0; i < n; i++) {
        int32_t rc = host->series(ctx, names[i], &vals[i]);
        if (rc == RC_OK)
            continue;
        return rc_errorf(
            host, ctx, rc == RC_ENOTFOUND ? RC_ENOTFOUND : rc,
            "%s needs the series '%s', which the data does not have; add it to the data "
            "or map it under series:",
            key, names[i]);
    }
    return RC_OK;
}

/* U[t,r] = equal-weight mean over the group's series of the pooled min-max normalised
 * value (x - min) / (max - min), min and max over every region and year. A series that is
 * constant over the panel carries no information and is left out; U is missing where any
 * remaining series is missing, or when every series is constant. */
static void if_subsystem(const double **vals, int m, size_t n, double *u)
{
    double lo[IF_MAX_SERIES], hi[IF_MAX_SERIES];
    for (int s = 0; s < m; s++) {
        lo[s] = INFINITY;
        hi[s] = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            double v = vals[s][i];
            if (isnan(v))
                continue;
            if (v < lo[s])
                lo[s] = v;
            if (v > hi[s])
                hi[s] = v;
        }
    }
    for (size_t i = 0; i < n; i++) {
        double sum = 0.0;
        int used = 0, missing = 0;
        for (int s = 0; s < m; s++) {
            if (!(hi[s] > lo[s]))
                continue;
            double v = vals[s][i];
            if (isnan(v)) {
                missing = 1;
                break;
            }
            sum += (v - lo[s]) / (hi[s] - lo[s]);
            used++;
        }
        u[i] = missing || used == 0 ? NAN : sum / used;
    }
}

/* D = sqrt(C·T), C = 2·sqrt(U1·U2)/(U1+U2) (0 when a U is 0), T = (U1+U2)/2. */
static double if_coupling(double u1, double u2)
{
    if (isnan(u1) || isnan(u2))
        return NAN;
    double c = u1 > 0.0 && u2 > 0.0 ? 2.0 * sqrt(u1 * u2) / (u1 + u2) : 0.0;
    double t = (u1 + u2) / 2.0;
    return sqrt(c * t);
}

/* `fusion: {digital: [...], traditional: [...]}` → fusion_degree. */
static int32_t if_add_fusion(const rc_host *host, rc_ctx *ctx, const rc_node *fusion, size_t n,
                             double *u1, double *u2)
{
    if (host->node_kind(ctx, fusion) != RC_NODE_MAP) {
        return rc_errorf(
            host, ctx, RC_EINVAL,
            "%s: fusion must be a mapping {digital: [series...], traditional: [series...]}",
            host->node_where(ctx, fusion));
    }
    for (size_t i = 0; i < host->node_len(ctx, fusion); i++) {
        const char *k = host->node_key_at(ctx, fusion, i);
        if (k == NULL || (strcmp(k, "digital") != 0 && strcmp(k, "traditional") != 0)) {
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: fusion takes the keys digital and traditional, not '%s'",
                             host->node_where(ctx, host->node_at(ctx, fusion, i)), k ? k : "");
        }
    }
    const char *dn[IF_MAX_SERIES], *tn[IF_MAX_SERIES];
    const double *dv[IF_MAX_SERIES], *tv[IF_MAX_SERIES];
    const rc_node *dl = host->node_get(ctx, fusion, "digital");
    const rc_node *tl = host->node_get(ctx, fusion, "traditional");
    int nd = if_names(host, ctx, dl ? dl : fusion, "fusion.digital", dn);
    if (nd < 0)
        return RC_EINVAL;
    int nt = if_names(host, ctx, tl ? tl : fusion, "fusion.traditional", tn);
    if (nt < 0)
        return RC_EINVAL;
    int32_t rc = if_series(host, ctx, dn, nd, "fusion.digital", dv);
    if (rc == RC_OK)
        rc = if_series(host, ctx, tn, nt, "fusion.traditional", tv);
    if (rc != RC_OK)
        return rc;
    if_subsystem(dv, nd, n, u1);
    if_subsystem(tv, nt, n, u2);
    for (size_t i = 0; i < n; i++)
        u1[i] = if_coupling(u1[i], u2[i]);
    return host->add_indicator(ctx, "fusion_degree", RC_BENEFIT, u1,
                               "Coupling coordination degree D of the digital and the "
                               "traditional industry groups, in [0, 1]");
}

/* Sector shares of region r in year t into sh[k]; 0 when missing (a sector missing or
 * negative, or a zero total). */
static int if_shares(const double **vals, int m, size_t i, double *sh)
{
    double total = 0.0;
    for (int k = 0; k < m; k++) {
        double v = vals[k][i];
        if (isnan(v) || v < 0.0)
            return 0;
        total += v;
    }
    if (!(total > 0.0))
        return 0;
    for (int k = 0; k < m; k++)
        sh[k] = vals[k][i] / total;
    return 1;
}

/* S_ij = Σ_k s_ik s_jk / sqrt(Σ_k s_ik² · Σ_k s_jk²) over the sector shares. */
static double if_cosine(const double *a, const double *b, int m)
{
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (int k = 0; k < m; k++) {
        ab += a[k] * b[k];
        aa += a[k] * a[k];
        bb += b[k] * b[k];
    }
    return ab / sqrt(aa * bb);
}

/* `sectors: [...]` (+ similarity_scope) → structural_similarity. */
static int32_t if_add_similarity(const rc_host *host, rc_ctx *ctx, const rc_node *sectors,
                                 size_t nr, size_t ny, double *out)
{
    const rc_node *section = host->config(ctx);
    const rc_node *scope_node = host->node_get(ctx, section, "similarity_scope");
    const char *scope = scope_node ? host->node_str(ctx, scope_node) : "all";
    int neighbours = 0;
    if (scope != NULL && strcmp(scope, "neighbours") == 0)
        neighbours = 1;
    else if (scope == NULL || strcmp(scope, "all") != 0) {
        return rc_errorf(host, ctx, RC_EINVAL, "%s: similarity_scope must be 'all' or 'neighbours'",
                         host->node_where(ctx, scope_node));
    }
    const char *names[IF_MAX_SERIES];
    const double *vals[IF_MAX_SERIES];
    int m = if_names(host, ctx, sectors, "sectors", names);
    if (m < 0)
        return RC_EINVAL;
    int32_t rc = if_series(host, ctx, names, m, "sectors", vals);
    if (rc != RC_OK)
        return rc;
    size_t n = nr * ny;
    double *sh = malloc((n ? n : 1) * (size_t)m * sizeof *sh);
    unsigned char *ok = calloc(n ? n : 1, 1); /* zeroed: lets the analyser see every ok[i] set */
    if (sh == NULL || ok == NULL) {
        free(sh);
        free(ok);
        return rc_errorf(host, ctx, RC_ENOMEM, "out of memory computing structural_similarity");
    }
    for (size_t i = 0; i < n; i++)
        ok[i] = (unsigned char)if_shares(vals, m, i, sh + i * (size_t)m);
    rc = RC_OK;
    for (size_t r = 0; r < nr && rc == RC_OK; r++) {
        const size_t *idx = NULL;
        const double *w = NULL;
        size_t nn = 0;
        if (neighbours) {
            int32_t nrc = host->neighbours(ctx, r, &idx, &w, &nn);
            if (nrc == RC_ENOTFOUND) {
                rc = rc_errorf(host, ctx, RC_EINVAL,
                               "similarity_scope: neighbours needs spatial weights: give "
                               "regions.adjacency (or regions.coordinates) in the config");
                break;
            }
            if (nrc != RC_OK) {
                rc = rc_errorf(host, ctx, nrc, "reading the neighbours of a region failed");
                break;
            }
        }
        for (size_t t = 0; t < ny; t++) {
            size_t i = t * nr + r;
            double sum = 0.0;
            size_t used = 0;
            size_t count = neighbours ? nn : nr;
            for (size_t q = 0; ok[i] && q < count; q++) {
                size_t j = neighbours ? idx[q] : q;
                if (j == r || j >= nr || !ok[t * nr + j])
                    continue;
                sum += if_cosine(sh + i * (size_t)m, sh + (t * nr + j) * (size_t)m, m);
                used++;
            }
            out[i] = used > 0 ? sum / (double)used : NAN;
        }
    }
    free(sh);
    free(ok);
    if (rc != RC_OK)
        return rc;
    return host->add_indicator(ctx, "structural_similarity", RC_COST, out,
                               "Structural similarity coefficient of the region's sector "
                               "shares, mean over the other regions (or neighbours), in [0, 1]");
}

static int32_t if_add_measures(const rc_host *host, rc_ctx *ctx)
{
    const rc_node *section = host->config(ctx);
    const rc_node *fusion = section ? host->node_get(ctx, section, "fusion") : NULL;
    const rc_node *sectors = section ? host->node_get(ctx, section, "sectors") : NULL;
    if (fusion == NULL && sectors == NULL) {
        if (section != NULL && host->node_get(ctx, section, "similarity_scope") != NULL)
            host->log(ctx, RC_LOG_WARN, "similarity_scope has no effect without sectors:");
        return RC_OK;
    }
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), n = nr * ny;
    double *a = malloc((n ? n : 1) * sizeof *a);
    double *b = malloc((n ? n : 1) * sizeof *b);
    if (a == NULL || b == NULL) {
        free(a);
        free(b);
        return rc_errorf(host, ctx, RC_ENOMEM, "out of memory computing the fusion measures");
    }
    int32_t rc = RC_OK;
    if (fusion != NULL)
        rc = if_add_fusion(host, ctx, fusion, n, a, b);
    if (rc == RC_OK && sectors != NULL)
        rc = if_add_similarity(host, ctx, sectors, nr, ny, a);
    free(a);
    free(b);
    return rc;
}

static int32_t pw_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    return pw_score_dimension(host, ctx, &k_pathway, if_add_measures);
}

static const rc_config_key k_keys[] = {
    PW_CATALOGUE_KEY,
    {"fusion", RC_CFG_MAP, 0, NULL,
     "Two groups of series {digital: [...], traditional: [...]}: adds fusion_degree, their "
     "coupling coordination degree D in [0, 1] per region and year."},
    {"sectors", RC_CFG_LIST, 0, NULL,
     "Sector value-added series: adds structural_similarity (a cost indicator), the mean "
     "similarity coefficient of the region's sector shares against the other regions."},
    {"similarity_scope", RC_CFG_STRING, 0, "all",
     "Regions structural_similarity compares against: all (every other region) or "
     "neighbours (from regions.adjacency or regions.coordinates)."},
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
