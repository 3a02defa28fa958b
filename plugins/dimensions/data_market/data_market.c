/* data_market.c — the data-factor-market pathway: a dimension plugin that adds its default
 * indicator catalogue (e-commerce and technology-market trading relative to GDP, data
 * exchange turnover, data resources per person) to the dimension as formula indicators
 * over canonical raw series, adds the flow measures configured under its own keys (flow
 * intensity and net flow balance of paired inflow/outflow series, trading intensity of
 * transaction series), then scores the dimension with the host's configured methods.
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
    {"ecommerce_sales_gdp", "ecommerce_sales / gdp * 100", RC_BENEFIT,
     "Enterprise e-commerce sales as a share of GDP (%)"},
    {"ecommerce_purchases_gdp", "ecommerce_purchases / gdp * 100", RC_BENEFIT,
     "Enterprise e-commerce purchases as a share of GDP (%)"},
    {"tech_market_turnover_gdp", "(tech_contract_inflow + tech_contract_outflow) / gdp / 100",
     RC_BENEFIT,
     "Technology-market contract turnover, absorbed plus exported, as a share of GDP (%)"},
    {"tech_market_outflow_gdp", "tech_contract_outflow / gdp / 100", RC_BENEFIT,
     "Technology-market contracts exported to other regions as a share of GDP (%)"},
    {"data_exchange_turnover_gdp", "data_exchange_turnover / gdp * 10000", RC_BENEFIT,
     "Turnover on data exchanges per 10,000 CNY of GDP (CNY per 10k CNY)"},
    {"domain_names_per_1000", "domain_names / population * 1000", RC_BENEFIT,
     "Registered domain names per 1,000 residents (domains per 1000 persons)"},
    {"webpages_per_capita", "webpages / population", RC_BENEFIT,
     "Web pages hosted per resident (pages per person)"},
};

#define PW_PLUGIN_NAME "data_market"
#define PW_PLUGIN_SUMMARY \
    "Data-factor market: e-commerce and technology trading, data exchanges, data resources"

/* The catalogue as the shared pathway code reads it. */
static const pw_catalogue k_pathway = {PW_PLUGIN_NAME, k_catalogue,
                                       sizeof k_catalogue / sizeof k_catalogue[0]};

/* ------------------------------------------------------------------ data flows */

/* A string-valued child `key` of `map`, or `dflt` when absent; NULL (with the error set)
 * when present but not a non-empty scalar. */
static const char *dm_name(const rc_host *host, rc_ctx *ctx, const rc_node *map,
                           const char *key, const char *dflt, const char *where_key)
{
    const rc_node *n = host->node_get(ctx, map, key);
    if (n == NULL)
        return dflt;
    const char *s = host->node_str(ctx, n);
    if (s == NULL || s[0] == '\0' || strlen(s) >= PW_MAX_NAME) {
        rc_errorf(host, ctx, 0, "%s: %s.%s must be a series name", host->node_where(ctx, n),
                  where_key, key);
        return NULL;
    }
    return s;
}

/* a / b, NaN when either is missing or the result is not finite (b = 0). */
static double dm_ratio(double a, double b)
{
    double v = a / b;
    return isnan(a) || isnan(b) || !isfinite(v) ? NAN : v;
}

/* `flows: {inflow, outflow, gdp}` → flow_intensity and net_flow_balance. */
static int32_t dm_add_flows(const rc_host *host, rc_ctx *ctx, const rc_node *flows, double *y,
                            size_t n)
{
    if (host->node_kind(ctx, flows) != RC_NODE_MAP)
        goto shape;
    for (size_t i = 0; i < host->node_len(ctx, flows); i++) {
        const char *k = host->node_key_at(ctx, flows, i);
        if (k == NULL || (strcmp(k, "inflow") != 0 && strcmp(k, "outflow") != 0 &&
                          strcmp(k, "gdp") != 0)) {
            return rc_errorf(host, ctx, RC_EINVAL,
                             "%s: flows takes the keys inflow, outflow and gdp, not '%s'",
                             host->node_where(ctx, host->node_at(ctx, flows, i)), k ? k : "");
        }
    }
    const char *in_name = dm_name(host, ctx, flows, "inflow", NULL, "flows");
    const char *out_name = dm_name(host, ctx, flows, "outflow", NULL, "flows");
    const char *gdp_name = dm_name(host, ctx, flows, "gdp", "gdp", "flows");
    if (in_name == NULL || out_name == NULL || gdp_name == NULL) {
        if (host->node_get(ctx, flows, "inflow") != NULL &&
            host->node_get(ctx, flows, "outflow") != NULL)
            return RC_EINVAL; /* a bad name: the error is set */
        goto shape;
    }
    const double *in = NULL, *out = NULL, *gdp = NULL;
    int32_t rc;
    if ((rc = pw_series(host, ctx, in_name, "flows.inflow", &in)) != RC_OK ||
        (rc = pw_series(host, ctx, out_name, "flows.outflow", &out)) != RC_OK ||
        (rc = pw_series(host, ctx, gdp_name, "flows.gdp", &gdp)) != RC_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        y[i] = dm_ratio(in[i] + out[i], gdp[i]);
    rc = host->add_indicator(ctx, "flow_intensity", RC_BENEFIT, y,
                             "Flow intensity: (inflow + outflow) / GDP, in the series' units");
    if (rc != RC_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        y[i] = dm_ratio(out[i] - in[i], out[i] + in[i]);
    return host->add_indicator(ctx, "net_flow_balance", RC_BENEFIT, y,
                               "Net flow balance: (outflow - inflow) / (outflow + inflow), "
                               "in [-1, 1]; positive for a net exporter");
shape:
    return rc_errorf(host, ctx, RC_EINVAL,
                     "%s: flows must be a mapping {inflow: series, outflow: series, gdp: series} "
                     "(gdp defaults to the series 'gdp')",
                     host->node_where(ctx, flows));
}

/* `trading: [series…]` → <series>_trading_intensity = series / GDP. */
static int32_t dm_add_trading(const rc_host *host, rc_ctx *ctx, const rc_node *list,
                              const char *gdp_name, double *y, size_t n)
{
    if (host->node_kind(ctx, list) != RC_NODE_LIST) {
        return rc_errorf(host, ctx, RC_EINVAL, "%s: trading must be a list of series names",
                         host->node_where(ctx, list));
    }
    const double *gdp = NULL;
    int32_t rc = RC_OK;
    size_t len = host->node_len(ctx, list);
    if (len > 0 && (rc = pw_series(host, ctx, gdp_name, "trading", &gdp)) != RC_OK)
        return rc;
    for (size_t i = 0; i < len && gdp != NULL; i++) {
        const rc_node *item = host->node_at(ctx, list, i);
        const char *name = item ? host->node_str(ctx, item) : NULL;
        if (name == NULL || name[0] == '\0' || strlen(name) >= PW_MAX_NAME) {
            return rc_errorf(host, ctx, RC_EINVAL, "%s: each item of trading must be a series name",
                             host->node_where(ctx, item ? item : list));
        }
        const double *x = NULL;
        if ((rc = pw_series(host, ctx, name, "trading", &x)) != RC_OK)
            return rc;
        for (size_t k = 0; k < n; k++)
            y[k] = dm_ratio(x[k], gdp[k]);
        char id[PW_MAX_NAME + 32], desc[PW_MAX_NAME + 64];
        snprintf(id, sizeof id, "%s_trading_intensity", name);
        snprintf(desc, sizeof desc, "Trading intensity: %s / %s", name, gdp_name);
        if ((rc = host->add_indicator(ctx, id, RC_BENEFIT, y, desc)) != RC_OK)
            return rc;
    }
    return RC_OK;
}

static int32_t dm_add_measures(const rc_host *host, rc_ctx *ctx)
{
    const rc_node *section = host->config(ctx);
    const rc_node *flows = section ? host->node_get(ctx, section, "flows") : NULL;
    const rc_node *trading = section ? host->node_get(ctx, section, "trading") : NULL;
    if (flows == NULL && trading == NULL)
        return RC_OK;
    const char *gdp_name = "gdp";
    if (flows != NULL && host->node_kind(ctx, flows) == RC_NODE_MAP) {
        gdp_name = dm_name(host, ctx, flows, "gdp", "gdp", "flows");
        if (gdp_name == NULL)
            return RC_EINVAL;
    }
    size_t n = host->n_regions(ctx) * host->n_years(ctx);
    double *y = malloc((n ? n : 1) * sizeof *y);
    if (y == NULL)
        return rc_errorf(host, ctx, RC_ENOMEM, "out of memory computing the flow measures");
    int32_t rc = RC_OK;
    if (flows != NULL)
        rc = dm_add_flows(host, ctx, flows, y, n);
    if (rc == RC_OK && trading != NULL)
        rc = dm_add_trading(host, ctx, trading, gdp_name, y, n);
    free(y);
    return rc;
}

static int32_t pw_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    return pw_score_dimension(host, ctx, &k_pathway, dm_add_measures);
}

static const rc_config_key k_keys[] = {
    PW_CATALOGUE_KEY,
    {"flows", RC_CFG_MAP, 0, NULL,
     "Paired flow series {inflow: series, outflow: series, gdp: series (default gdp)}: adds "
     "flow_intensity = (inflow + outflow) / gdp and net_flow_balance = (outflow - inflow) / "
     "(outflow + inflow)."},
    {"trading", RC_CFG_LIST, 0, NULL,
     "Transaction series whose intensity per GDP (flows.gdp, or the series gdp) is added as "
     "<series>_trading_intensity."},
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
