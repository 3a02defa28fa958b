/* institutional.c — the institutional-coordination pathway: a dimension plugin that adds its
 * default indicator catalogue (public R&D effort, science and education budgets, research
 * workforce, digital-economy policy activity) to the dimension as formula indicators over
 * canonical raw series, adds the measures configured under its own keys (market
 * segmentation and integration of adjacent regions by the relative-price method, policy
 * series), then scores the dimension with the host's configured methods.
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
    {"rd_intensity", "rd_expenditure / gdp * 100", RC_BENEFIT,
     "Gross domestic expenditure on R&D as a share of GDP (%)"},
    {"gov_science_share", "gov_expenditure_science / gov_expenditure_total * 100", RC_BENEFIT,
     "Science and technology in local general public budget expenditure (%)"},
    {"gov_education_share", "gov_expenditure_education / gov_expenditure_total * 100",
     RC_BENEFIT, "Education in local general public budget expenditure (%)"},
    {"rd_gov_funding_share", "rd_funds_government / rd_intramural_total * 100", RC_BENEFIT,
     "Government-funded share of intramural R&D expenditure (%)"},
    {"researchers_per_10k", "rd_researchers_fte / population", RC_BENEFIT,
     "R&D researchers, full-time equivalent, per 10,000 residents (person-years per 10k)"},
    {"digital_policies", "digital_policies", RC_BENEFIT,
     "Digital-economy policy documents issued by the provincial government in the year "
     "(documents)"},
};

#define PW_PLUGIN_NAME "institutional"
#define PW_PLUGIN_SUMMARY \
    "Institutional coordination: public R&D effort, science budgets, research workforce, policy"

/* The catalogue as the shared pathway code reads it. */
static const pw_catalogue k_pathway = {PW_PLUGIN_NAME, k_catalogue,
                                       sizeof k_catalogue / sizeof k_catalogue[0]};

/* ------------------------------------------------------------------ market integration */

#define IN_MAX_CATEGORIES 64

enum { IN_LEVEL = 0, IN_CHAINED = 1 };
enum { IN_SEGMENTATION = 1, IN_INTEGRATION = 2, IN_BOTH = 3 };

static int32_t in_error(const rc_host *host, rc_ctx *ctx, int32_t code, const char *msg)
{
    host->set_error(ctx, msg);
    return code;
}

/* The segmentation of the pair (i, j) in year t > 0: the variance across categories of
 * |ΔQ_k| de-meaned across categories, where ΔQ_k = ln(P_ik,t/P_jk,t) − ln(P_ik,t−1/P_jk,t−1)
 * for level indices and ln(P_ik,t/P_jk,t) for chained (previous year = 100) indices. A
 * category whose prices are missing or not positive in a year needed is left out; fewer
 * than two categories left gives NaN. */
static double in_pair(const double **p, int m, int type, size_t nr, size_t t, size_t i,
                      size_t j)
{
    double q[IN_MAX_CATEGORIES];
    int used = 0;
    for (int k = 0; k < m; k++) {
        double pi = p[k][t * nr + i], pj = p[k][t * nr + j];
        if (!(pi > 0.0) || !(pj > 0.0))
            continue;
        double d = log(pi / pj);
        if (type == IN_LEVEL) {
            double ai = p[k][(t - 1) * nr + i], aj = p[k][(t - 1) * nr + j];
            if (!(ai > 0.0) || !(aj > 0.0))
                continue;
            d -= log(ai / aj);
        }
        if (!isfinite(d))
            continue;
        q[used++] = fabs(d);
    }
    if (used < 2)
        return NAN;
    double mean = 0.0;
    for (int k = 0; k < used; k++)
        mean += q[k];
    mean /= used;
    double var = 0.0;
    for (int k = 0; k < used; k++) {
        double dev = q[k] - mean; /* de-meaned across categories */
        var += dev * dev;
    }
    return var / used;
}

/* Reads the `prices:` mapping. Returns RC_OK or an error code with the error set. */
static int32_t in_read_prices(const rc_host *host, rc_ctx *ctx, const rc_node *prices,
                              const char **names, int *m, int *type, int *form)
{
    char msg[PW_MSG];
    if (host->node_kind(ctx, prices) != RC_NODE_MAP) {
        snprintf(msg, sizeof msg,
                 "%s: prices must be a mapping {categories: [series...], index_type: "
                 "level|chained, integration_form: segmentation|integration|both}",
                 host->node_where(ctx, prices));
        return in_error(host, ctx, RC_EINVAL, msg);
    }
    for (size_t i = 0; i < host->node_len(ctx, prices); i++) {
        const char *k = host->node_key_at(ctx, prices, i);
        if (k == NULL || (strcmp(k, "categories") != 0 && strcmp(k, "index_type") != 0 &&
                          strcmp(k, "integration_form") != 0)) {
            snprintf(msg, sizeof msg,
                     "%s: prices takes the keys categories, index_type and integration_form, "
                     "not '%s'",
                     host->node_where(ctx, host->node_at(ctx, prices, i)), k ? k : "");
            return in_error(host, ctx, RC_EINVAL, msg);
        }
    }
    const rc_node *cats = host->node_get(ctx, prices, "categories");
    size_t n = cats ? host->node_len(ctx, cats) : 0;
    if (cats == NULL || host->node_kind(ctx, cats) != RC_NODE_LIST || n < 2 ||
        n > IN_MAX_CATEGORIES) {
        snprintf(msg, sizeof msg,
                 "%s: prices.categories must be a list of 2 to %d price-index series "
                 "(the variance across categories needs at least two)",
                 host->node_where(ctx, cats ? cats : prices), IN_MAX_CATEGORIES);
        return in_error(host, ctx, RC_EINVAL, msg);
    }
    for (size_t i = 0; i < n; i++) {
        const rc_node *item = host->node_at(ctx, cats, i);
        names[i] = item ? host->node_str(ctx, item) : NULL;
        if (names[i] == NULL || names[i][0] == '\0') {
            snprintf(msg, sizeof msg, "%s: each item of prices.categories must be a series name",
                     host->node_where(ctx, item ? item : cats));
            return in_error(host, ctx, RC_EINVAL, msg);
        }
    }
    *m = (int)n;
    const rc_node *tn = host->node_get(ctx, prices, "index_type");
    const char *ts = tn ? host->node_str(ctx, tn) : "level";
    if (ts != NULL && strcmp(ts, "level") == 0)
        *type = IN_LEVEL;
    else if (ts != NULL && strcmp(ts, "chained") == 0)
        *type = IN_CHAINED;
    else {
        snprintf(msg, sizeof msg,
                 "%s: prices.index_type must be 'level' (indices on a fixed base) or 'chained' "
                 "(previous year = 100)",
                 host->node_where(ctx, tn));
        return in_error(host, ctx, RC_EINVAL, msg);
    }
    const rc_node *fn = host->node_get(ctx, prices, "integration_form");
    const char *fs = fn ? host->node_str(ctx, fn) : "segmentation";
    if (fs != NULL && strcmp(fs, "segmentation") == 0)
        *form = IN_SEGMENTATION;
    else if (fs != NULL && strcmp(fs, "integration") == 0)
        *form = IN_INTEGRATION;
    else if (fs != NULL && strcmp(fs, "both") == 0)
        *form = IN_BOTH;
    else {
        snprintf(msg, sizeof msg,
                 "%s: prices.integration_form must be 'segmentation', 'integration' or 'both'",
                 host->node_where(ctx, fn));
        return in_error(host, ctx, RC_EINVAL, msg);
    }
    return RC_OK;
}

/* `prices:` → market_segmentation (cost) and/or market_integration (benefit). */
static int32_t in_add_market(const rc_host *host, rc_ctx *ctx, const rc_node *prices,
                             size_t nr, size_t ny, double *seg)
{
    const char *names[IN_MAX_CATEGORIES];
    const double *p[IN_MAX_CATEGORIES];
    int m = 0, type = IN_LEVEL, form = IN_SEGMENTATION;
    char msg[PW_MSG];
    int32_t rc = in_read_prices(host, ctx, prices, names, &m, &type, &form);
    if (rc != RC_OK)
        return rc;
    for (int k = 0; k < m; k++) {
        rc = host->series(ctx, names[k], &p[k]);
        if (rc != RC_OK) {
            snprintf(msg, sizeof msg,
                     "prices.categories needs the series '%s', which the data does not have; "
                     "add it to the data or map it under series:",
                     names[k]);
            return in_error(host, ctx, rc == RC_ENOTFOUND ? RC_ENOTFOUND : rc, msg);
        }
    }
    for (size_t r = 0; r < nr; r++) {
        const size_t *idx = NULL;
        const double *w = NULL;
        size_t nn = 0;
        rc = host->neighbours(ctx, r, &idx, &w, &nn);
        if (rc == RC_ENOTFOUND)
            return in_error(host, ctx, RC_EINVAL,
                            "prices: market segmentation compares adjacent regions and needs "
                            "regions.adjacency in the config");
        if (rc != RC_OK)
            return in_error(host, ctx, rc, "reading the neighbours of a region failed");
        if (ny > 0)
            seg[r] = NAN; /* the first year has no change */
        for (size_t t = 1; t < ny; t++) {
            double sum = 0.0;
            size_t used = 0;
            for (size_t q = 0; q < nn; q++) {
                if (idx[q] >= nr || idx[q] == r)
                    continue;
                double v = in_pair(p, m, type, nr, t, r, idx[q]);
                if (isnan(v))
                    continue;
                sum += v;
                used++;
            }
            seg[t * nr + r] = used > 0 ? sum / (double)used : NAN;
        }
    }
    if (form & IN_SEGMENTATION) {
        rc = host->add_indicator(ctx, "market_segmentation", RC_COST, seg,
                                 "Market segmentation by the relative-price method: mean over "
                                 "adjacent pairs of Var_k(|dQ|), a cost indicator");
        if (rc != RC_OK)
            return rc;
    }
    if (form & IN_INTEGRATION) {
        for (size_t i = 0; i < nr * ny; i++)
            seg[i] = seg[i] > 0.0 ? 1.0 / sqrt(seg[i]) : NAN;
        rc = host->add_indicator(ctx, "market_integration", RC_BENEFIT, seg,
                                 "Market integration: 1 / sqrt(market segmentation)");
    }
    return rc;
}

/* `policy: [series...]` → each series as a benefit indicator of the same id. */
static int32_t in_add_policy(const rc_host *host, rc_ctx *ctx, const rc_node *list)
{
    char msg[PW_MSG];
    if (host->node_kind(ctx, list) != RC_NODE_LIST) {
        snprintf(msg, sizeof msg, "%s: policy must be a list of series names",
                 host->node_where(ctx, list));
        return in_error(host, ctx, RC_EINVAL, msg);
    }
    for (size_t i = 0; i < host->node_len(ctx, list); i++) {
        const rc_node *item = host->node_at(ctx, list, i);
        const char *name = item ? host->node_str(ctx, item) : NULL;
        if (name == NULL || name[0] == '\0') {
            snprintf(msg, sizeof msg, "%s: each item of policy must be a series name",
                     host->node_where(ctx, item ? item : list));
            return in_error(host, ctx, RC_EINVAL, msg);
        }
        const double *v = NULL;
        int32_t rc = host->series(ctx, name, &v);
        if (rc != RC_OK) {
            snprintf(msg, sizeof msg,
                     "policy needs the series '%s', which the data does not have; add it to "
                     "the data or map it under series:",
                     name);
            return in_error(host, ctx, rc == RC_ENOTFOUND ? RC_ENOTFOUND : rc, msg);
        }
        char desc[PW_MSG];
        snprintf(desc, sizeof desc, "Policy alignment: the series %s", name);
        if ((rc = host->add_indicator(ctx, name, RC_BENEFIT, v, desc)) != RC_OK)
            return rc;
    }
    return RC_OK;
}

static int32_t in_add_measures(const rc_host *host, rc_ctx *ctx)
{
    const rc_node *section = host->config(ctx);
    const rc_node *prices = section ? host->node_get(ctx, section, "prices") : NULL;
    const rc_node *policy = section ? host->node_get(ctx, section, "policy") : NULL;
    int32_t rc = RC_OK;
    if (prices != NULL) {
        size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), n = nr * ny;
        double *seg = malloc((n ? n : 1) * sizeof *seg);
        if (seg == NULL)
            return in_error(host, ctx, RC_ENOMEM, "out of memory computing market segmentation");
        rc = in_add_market(host, ctx, prices, nr, ny, seg);
        free(seg);
    }
    if (rc == RC_OK && policy != NULL)
        rc = in_add_policy(host, ctx, policy);
    return rc;
}

static int32_t pw_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    return pw_score_dimension(host, ctx, &k_pathway, in_add_measures);
}

static const rc_config_key k_keys[] = {
    PW_CATALOGUE_KEY,
    {"prices", RC_CFG_MAP, 0, NULL,
     "Category price indices {categories: [series...], index_type: level|chained (default "
     "level), integration_form: segmentation|integration|both (default segmentation)}: adds "
     "market_segmentation (cost) and/or market_integration (benefit) over adjacent pairs."},
    {"policy", RC_CFG_LIST, 0, NULL,
     "Policy series added as benefit indicators, each under its series name."},
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

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &k_descriptor;
}
