/* institutional.c — the institutional-coordination pathway: a dimension plugin that adds its
 * default indicator catalogue (public R&D effort, science and education budgets, research
 * workforce, digital-economy policy activity) to the dimension as formula indicators over
 * canonical raw series, adds the measures configured under its own keys (market
 * segmentation and integration of adjacent regions by the relative-price method, with
 * |ΔQ| de-meaned across categories or, as in the literature, per category-year across all
 * adjacent pairs; policy series), then scores the dimension with the host's configured
 * methods.
 *
 * The catalogue handling (`catalogue:` selection, raw-series checks, formula indicators,
 * their errors) is shared with the other pathway plugins in ../common/pathway.c, which is
 * compiled into this plugin; only the catalogue table, the measures and the descriptor
 * are this file's own. */
#include <regcoord/plugin.h>

#include "../common/pathway.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
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
enum { IN_DEMEAN_CATEGORIES = 0, IN_DEMEAN_PAIRS = 1 };

/* The `prices:` options as read from the config. */
typedef struct in_prices {
    const char *names[IN_MAX_CATEGORIES];
    const double *p[IN_MAX_CATEGORIES]; /* the category series, region × year */
    int m;                              /* number of categories */
    int type;                           /* IN_LEVEL or IN_CHAINED */
    int form;                           /* IN_SEGMENTATION, IN_INTEGRATION or IN_BOTH */
    int demean;                         /* IN_DEMEAN_CATEGORIES or IN_DEMEAN_PAIRS */
} in_prices;

/* One unordered adjacent pair, a < b. */
typedef struct in_pair {
    size_t a, b;
} in_pair;

static int in_pair_cmp(const void *x, const void *y)
{
    const in_pair *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return 0;
}

/* |ΔQ_ij,t^k|, where ΔQ = ln(P_ik,t/P_jk,t) − ln(P_ik,t−1/P_jk,t−1) for level indices and
 * ln(P_ik,t/P_jk,t) for chained (previous year = 100) indices; NaN when a price it needs
 * is missing or not positive. t > 0. */
static double in_abs_dq(const in_prices *pr, int k, size_t nr, size_t t, size_t i, size_t j)
{
    const double *p = pr->p[k];
    double pi = p[t * nr + i], pj = p[t * nr + j];
    if (!(pi > 0.0) || !(pj > 0.0))
        return NAN;
    double d = log(pi / pj);
    if (pr->type == IN_LEVEL) {
        double ai = p[(t - 1) * nr + i], aj = p[(t - 1) * nr + j];
        if (!(ai > 0.0) || !(aj > 0.0))
            return NAN;
        d -= log(ai / aj);
    }
    return isfinite(d) ? fabs(d) : NAN;
}

/* The population variance over the categories present of q_k = x[k] − off[k] (off NULL:
 * q_k = x[k]); NaN when fewer than two categories have a value. Subtracting the mean
 * across categories is part of the variance, so the `categories` de-meaning needs no
 * offset of its own. */
static double in_var(const double *x, const double *off, int m)
{
    double q[IN_MAX_CATEGORIES];
    int used = 0;
    for (int k = 0; k < m; k++)
        if (!isnan(x[k]))
            q[used++] = off != NULL ? x[k] - off[k] : x[k];
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

/* Reads the `prices:` mapping into pr (series not yet looked up). Returns RC_OK or an error
 * code with the error set. */
static int32_t in_read_prices(const rc_host *host, rc_ctx *ctx, const rc_node *prices,
                              in_prices *pr)
{
    if (host->node_kind(ctx, prices) != RC_NODE_MAP) {
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: prices must be a mapping {categories: [series...], index_type: "
                         "level|chained, integration_form: segmentation|integration|both, demean: "
                         "categories|pairs}",
                         host->node_where(ctx, prices));
    }
    for (size_t i = 0; i < host->node_len(ctx, prices); i++) {
        const char *k = host->node_key_at(ctx, prices, i);
        if (k == NULL || (strcmp(k, "categories") != 0 && strcmp(k, "index_type") != 0 &&
                          strcmp(k, "integration_form") != 0 && strcmp(k, "demean") != 0)) {
            return rc_errorf(
                host, ctx, RC_EINVAL,
                "%s: prices takes the keys categories, index_type, integration_form and "
                "demean, not '%s'",
                host->node_where(ctx, host->node_at(ctx, prices, i)), k ? k : "");
        }
    }
    const rc_node *cats = host->node_get(ctx, prices, "categories");
    size_t n = cats ? host->node_len(ctx, cats) : 0;
    if (cats == NULL || host->node_kind(ctx, cats) != RC_NODE_LIST || n < 2 ||
        n > IN_MAX_CATEGORIES) {
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: prices.categories must be a list of 2 to %d price-index series "
                         "(the variance across categories needs at least two)",
                         host->node_where(ctx, cats ? cats : prices), IN_MAX_CATEGORIES);
    }
    for (size_t i = 0; i < n; i++) {
        const rc_node *item = host->node_at(ctx, cats, i);
        pr->names[i] = item ? host->node_str(ctx, item) : NULL;
        if (pr->names[i] == NULL || pr->names[i][0] == '\0') {
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: each item of prices.categories must be a series name",
                             host->node_where(ctx, item ? item : cats));
        }
    }
    pr->m = (int)n;
    const rc_node *tn = host->node_get(ctx, prices, "index_type");
    const char *ts = tn ? host->node_str(ctx, tn) : "level";
    if (ts != NULL && strcmp(ts, "level") == 0)
        pr->type = IN_LEVEL;
    else if (ts != NULL && strcmp(ts, "chained") == 0)
        pr->type = IN_CHAINED;
    else {
        return rc_errorf(
            host, ctx, RC_EINVAL,
            "%s: prices.index_type must be 'level' (indices on a fixed base) or 'chained' "
            "(previous year = 100)",
            host->node_where(ctx, tn));
    }
    const rc_node *fn = host->node_get(ctx, prices, "integration_form");
    const char *fs = fn ? host->node_str(ctx, fn) : "segmentation";
    if (fs != NULL && strcmp(fs, "segmentation") == 0)
        pr->form = IN_SEGMENTATION;
    else if (fs != NULL && strcmp(fs, "integration") == 0)
        pr->form = IN_INTEGRATION;
    else if (fs != NULL && strcmp(fs, "both") == 0)
        pr->form = IN_BOTH;
    else {
        return rc_errorf(
            host, ctx, RC_EINVAL,
            "%s: prices.integration_form must be 'segmentation', 'integration' or 'both'",
            host->node_where(ctx, fn));
    }
    const rc_node *dn = host->node_get(ctx, prices, "demean");
    const char *ds = dn ? host->node_str(ctx, dn) : "categories";
    if (ds != NULL && strcmp(ds, "categories") == 0)
        pr->demean = IN_DEMEAN_CATEGORIES;
    else if (ds != NULL && strcmp(ds, "pairs") == 0)
        pr->demean = IN_DEMEAN_PAIRS;
    else {
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: prices.demean must be 'categories' (within each pair-year, across "
                         "categories) or 'pairs' (within each category-year, across all adjacent "
                         "pairs, as in Gui et al. 2006)",
                         host->node_where(ctx, dn));
    }
    return RC_OK;
}

/* Reads the neighbours of region r, turning "no spatial information" into the error the
 * measure needs. Returns RC_OK or an error code with the error set. */
static int32_t in_neighbours(const rc_host *host, rc_ctx *ctx, size_t r, const size_t **idx,
                             size_t *nn)
{
    const double *w = NULL;
    int32_t rc = host->neighbours(ctx, r, idx, &w, nn);
    if (rc == RC_ENOTFOUND)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "prices: market segmentation compares adjacent regions and needs "
                         "regions.adjacency in the config");
    if (rc != RC_OK) return rc_errorf(host, ctx, rc, "reading the neighbours of a region failed");
    if (*nn > 0 && *idx == NULL)
        return rc_errorf(host, ctx, RC_EINVAL, "the host gave neighbours without indices");
    return RC_OK;
}

/* The adjacent pairs {i, j}, i < j, each once and sorted, into *out (caller frees); *np is
 * their number. Returns RC_OK or an error code with the error set. */
static int32_t in_collect_pairs(const rc_host *host, rc_ctx *ctx, size_t nr, in_pair **out,
                                size_t *np)
{
    size_t total = 0;
    *out = NULL;
    *np = 0;
    for (size_t r = 0; r < nr; r++) {
        const size_t *idx = NULL;
        size_t nn = 0;
        int32_t rc = in_neighbours(host, ctx, r, &idx, &nn);
        if (rc != RC_OK)
            return rc;
        if (nn > SIZE_MAX / sizeof(in_pair) - total)
            return rc_errorf(host, ctx, RC_ENOMEM, "too many adjacent pairs");
        total += nn;
    }
    in_pair *pairs = malloc((total ? total : 1) * sizeof *pairs);
    if (pairs == NULL)
        return rc_errorf(host, ctx, RC_ENOMEM, "out of memory collecting adjacent pairs");
    size_t n = 0;
    for (size_t r = 0; r < nr; r++) {
        const size_t *idx = NULL;
        size_t nn = 0;
        int32_t rc = in_neighbours(host, ctx, r, &idx, &nn);
        if (rc != RC_OK) {
            free(pairs);
            return rc;
        }
        for (size_t q = 0; q < nn && n < total; q++) {
            size_t j = idx[q];
            if (j >= nr || j == r)
                continue;
            pairs[n].a = r < j ? r : j;
            pairs[n].b = r < j ? j : r;
            n++;
        }
    }
    if (n > 1)
        qsort(pairs, n, sizeof *pairs, in_pair_cmp);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || in_pair_cmp(&pairs[u - 1], &pairs[i]) != 0)
            pairs[u++] = pairs[i];
    *out = pairs;
    *np = u;
    return RC_OK;
}

/* Under demean: pairs, the segmentation of every pair-year into seg_pair[p * ny + t] (NaN
 * in year 0 and where fewer than two categories have a value), with |ΔQ| taken in the
 * pair's order (a, b). work holds np × ny × m doubles, mean ny × m. */
static void in_pair_segmentation(const in_prices *pr, const in_pair *pairs, size_t np,
                                 size_t nr, size_t ny, double *work, double *mean,
                                 double *seg_pair)
{
    size_t m = (size_t)pr->m;
    for (size_t p = 0; p < np; p++)
        for (size_t t = 1; t < ny; t++)
            for (size_t k = 0; k < m; k++)
                work[(p * ny + t) * m + k] =
                    in_abs_dq(pr, (int)k, nr, t, pairs[p].a, pairs[p].b);
    /* the mean of |ΔQ| per category-year over the pairs that have it */
    for (size_t t = 1; t < ny; t++)
        for (size_t k = 0; k < m; k++) {
            double sum = 0.0;
            size_t used = 0;
            for (size_t p = 0; p < np; p++) {
                double v = work[(p * ny + t) * m + k];
                if (!isnan(v)) {
                    sum += v;
                    used++;
                }
            }
            mean[t * m + k] = used > 0 ? sum / (double)used : NAN;
        }
    for (size_t p = 0; p < np; p++) {
        if (ny > 0)
            seg_pair[p * ny] = NAN; /* the first year has no change */
        for (size_t t = 1; t < ny; t++)
            seg_pair[p * ny + t] = in_var(&work[(p * ny + t) * m], &mean[t * m], pr->m);
    }
}

/* A region's segmentation: the mean over its neighbours j (in the host's order) of the
 * pair values present, into seg (region × year). Under demean: pairs the pair values are
 * looked up in seg_pair; under categories they are computed here with |ΔQ| in the order
 * (r, j), which keeps the numbers of earlier versions bit for bit. Returns RC_OK or an
 * error code with the error set. */
static int32_t in_region_segmentation(const rc_host *host, rc_ctx *ctx, const in_prices *pr,
                                      const in_pair *pairs, size_t np, const double *seg_pair,
                                      size_t nr, size_t ny, double *seg)
{
    double x[IN_MAX_CATEGORIES];
    for (size_t r = 0; r < nr; r++) {
        const size_t *idx = NULL;
        size_t nn = 0;
        int32_t rc = in_neighbours(host, ctx, r, &idx, &nn);
        if (rc != RC_OK)
            return rc;
        if (ny > 0)
            seg[r] = NAN; /* the first year has no change */
        for (size_t t = 1; t < ny; t++) {
            double sum = 0.0;
            size_t used = 0;
            for (size_t q = 0; q < nn; q++) {
                if (idx[q] >= nr || idx[q] == r)
                    continue;
                double v = NAN;
                if (pr->demean == IN_DEMEAN_PAIRS) {
                    in_pair key = {r < idx[q] ? r : idx[q], r < idx[q] ? idx[q] : r};
                    const in_pair *hit = bsearch(&key, pairs, np, sizeof *pairs, in_pair_cmp);
                    v = hit ? seg_pair[(size_t)(hit - pairs) * ny + t] : NAN;
                } else {
                    for (int k = 0; k < pr->m; k++)
                        x[k] = in_abs_dq(pr, k, nr, t, r, idx[q]);
                    v = in_var(x, NULL, pr->m);
                }
                if (isnan(v))
                    continue;
                sum += v;
                used++;
            }
            seg[t * nr + r] = used > 0 ? sum / (double)used : NAN;
        }
    }
    return RC_OK;
}

/* `prices:` → market_segmentation (cost) and/or market_integration (benefit). */
static int32_t in_add_market(const rc_host *host, rc_ctx *ctx, const rc_node *prices,
                             size_t nr, size_t ny, double *seg)
{
    in_prices pr;
    memset(&pr, 0, sizeof pr);
    int32_t rc = in_read_prices(host, ctx, prices, &pr);
    if (rc != RC_OK)
        return rc;
    for (int k = 0; k < pr.m; k++) {
        rc = host->series(ctx, pr.names[k], &pr.p[k]);
        if (rc != RC_OK) {
            return rc_errorf(
                host, ctx, rc == RC_ENOTFOUND ? RC_ENOTFOUND : rc,
                "prices.categories needs the series '%s', which the data does not have; "
                "add it to the data or map it under series:",
                pr.names[k]);
        }
    }
    in_pair *pairs = NULL;
    size_t np = 0;
    if (pr.demean == IN_DEMEAN_PAIRS) {
        rc = in_collect_pairs(host, ctx, nr, &pairs, &np);
        if (rc != RC_OK)
            return rc;
    }
    size_t m = (size_t)pr.m, cells = 0;
    double *work = NULL, *mean = NULL, *seg_pair = NULL;
    if (ny == 0 || np <= SIZE_MAX / sizeof(double) / ny / (m + 1)) {
        cells = np * ny;
        size_t n_work = cells * m, n_mean = ny * m; /* m >= 2 */
        work = malloc((n_work > 0 ? n_work : 1) * sizeof *work);
        mean = malloc((n_mean > 0 ? n_mean : 1) * sizeof *mean);
        seg_pair = malloc((cells ? cells : 1) * sizeof *seg_pair);
    }
    if (work == NULL || mean == NULL || seg_pair == NULL)
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory computing market segmentation");
    if (rc == RC_OK) {
        if (pr.demean == IN_DEMEAN_PAIRS)
            in_pair_segmentation(&pr, pairs, np, nr, ny, work, mean, seg_pair);
        rc = in_region_segmentation(host, ctx, &pr, pairs, np, seg_pair, nr, ny, seg);
    }
    free(work);
    free(mean);
    free(seg_pair);
    free(pairs);
    if (rc != RC_OK)
        return rc;
    if (pr.form & IN_SEGMENTATION) {
        rc = host->add_indicator(ctx, "market_segmentation", RC_COST, seg,
                                 pr.demean == IN_DEMEAN_PAIRS
                                     ? "Market segmentation by the relative-price method: mean "
                                       "over adjacent pairs of Var_k(|dQ| minus its mean over "
                                       "all pairs per category-year), a cost indicator"
                                     : "Market segmentation by the relative-price method: mean "
                                       "over adjacent pairs of Var_k(|dQ|), a cost indicator");
        if (rc != RC_OK)
            return rc;
    }
    if (pr.form & IN_INTEGRATION) {
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
    if (host->node_kind(ctx, list) != RC_NODE_LIST) {
        return rc_errorf(host, ctx, RC_EINVAL, "%s: policy must be a list of series names",
                         host->node_where(ctx, list));
    }
    for (size_t i = 0; i < host->node_len(ctx, list); i++) {
        const rc_node *item = host->node_at(ctx, list, i);
        const char *name = item ? host->node_str(ctx, item) : NULL;
        if (name == NULL || name[0] == '\0') {
            return rc_errorf(host, ctx, RC_EINVAL, "%s: each item of policy must be a series name",
                             host->node_where(ctx, item ? item : list));
        }
        const double *v = NULL;
        int32_t rc = host->series(ctx, name, &v);
        if (rc != RC_OK) {
            return rc_errorf(
                host, ctx, rc == RC_ENOTFOUND ? RC_ENOTFOUND : rc,
                "policy needs the series '%s', which the data does not have; add it to "
                "the data or map it under series:",
                name);
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
        double *seg = calloc(n ? n : 1, sizeof *seg); /* zeroed: the analyser sees seg[i] set */
        if (seg == NULL)
            return rc_errorf(host, ctx, RC_ENOMEM, "out of memory computing market segmentation");
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
     "level), integration_form: segmentation|integration|both (default segmentation), "
     "demean: categories|pairs (default categories; pairs removes each category-year's mean "
     "over all adjacent pairs, as in the literature)}: adds market_segmentation (cost) "
     "and/or market_integration (benefit) over adjacent pairs."},
    {"policy", RC_CFG_LIST, 0, NULL,
     "Policy series added as benefit indicators, each under its series name."},
};

static const rc_plugin_descriptor k_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = PW_PLUGIN_NAME,
    .version = "1.1.0", /* 1.1: prices.demean */
    .summary = PW_PLUGIN_SUMMARY,
    .config_keys = k_keys,
    .n_config_keys = sizeof k_keys / sizeof k_keys[0],
    .init = NULL,
    .score = pw_score,
    .report = NULL,
    .fini = NULL,
};

RC_PLUGIN_DEFINE(k_descriptor);
