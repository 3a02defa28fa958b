/* data_market.c — the data-factor-market pathway: a dimension plugin that adds its default
 * indicator catalogue (e-commerce and technology-market trading relative to GDP, data
 * exchange turnover, data resources per person) to the dimension as formula indicators
 * over canonical raw series, adds the flow measures configured under its own keys (flow
 * intensity and net flow balance of paired inflow/outflow series, trading intensity of
 * transaction series), then scores the dimension with the host's configured methods.
 *
 * The catalogue engine below (everything from "catalogue engine" to "end of engine") is
 * kept identical in the four pathway plugins so that each plugin stays one self-contained
 * file a team can copy as a template; only the catalogue table and descriptor differ. */
#include <regcoord/plugin.h>

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One default indicator: a formula over canonical raw series names (the dimension's
 * `series:` mapping renames them to the data's series). */
typedef struct pw_entry {
    const char *id;
    const char *formula;
    int32_t direction;       /* RC_BENEFIT or RC_COST */
    const char *description; /* one line, with the unit */
} pw_entry;

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

/* ------------------------------------------------------------------ catalogue engine */

#define PW_N_ENTRIES (sizeof k_catalogue / sizeof k_catalogue[0])
#define PW_MAX_NAME 128
#define PW_MSG 2048
#define PW_LIST 512

enum { PW_SELECT_NONE = 0, PW_SELECT_ALL = 1, PW_SELECT_LISTED = 2 };

/* The host fills rc_host up to its own size; every service this engine calls must be
 * there. Returns RC_OK, or RC_EINVAL (with the error set when the host can take it). */
static int32_t pw_check_host(const rc_host *host, rc_ctx *ctx)
{
    if (host != NULL && host->abi_major == RC_ABI_MAJOR &&
        host->size >= offsetof(rc_host, score_default) + sizeof host->score_default)
        return RC_OK;
    if (host != NULL && host->size >= offsetof(rc_host, set_error) + sizeof host->set_error)
        host->set_error(ctx, "the host is too old for the " PW_PLUGIN_NAME
                             " plugin: it lacks the dimension services");
    return RC_EINVAL;
}

static int pw_find(const char *id)
{
    for (size_t i = 0; i < PW_N_ENTRIES; i++)
        if (strcmp(k_catalogue[i].id, id) == 0)
            return (int)i;
    return -1;
}

static int pw_is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int pw_is_ident_char(char c)
{
    return pw_is_ident_start(c) || (c >= '0' && c <= '9') || c == '.';
}

/* Calls fn(name) for each series name the formula reads (identifiers not followed by '(',
 * which are function calls). Stops at the first non-zero return and returns it. */
static int pw_each_series(const char *formula, int (*fn)(void *u, const char *name), void *u)
{
    const char *p = formula;
    while (*p) {
        if (pw_is_ident_start(*p)) {
            const char *s = p;
            while (pw_is_ident_char(*p))
                p++;
            const char *q = p;
            while (*q == ' ')
                q++;
            if (*q == '(')
                continue;
            char name[PW_MAX_NAME];
            size_t len = (size_t)(p - s);
            if (len >= sizeof name)
                len = sizeof name - 1;
            memcpy(name, s, len);
            name[len] = '\0';
            int rc = fn(u, name);
            if (rc != 0)
                return rc;
        } else if (*p >= '0' && *p <= '9') {
            while (pw_is_ident_char(*p))
                p++; /* a number, including exponents like 1e4 */
        } else {
            p++;
        }
    }
    return 0;
}

/* Collects the raw series a formula needs that the host does not have. */
typedef struct pw_missing {
    const rc_host *host;
    rc_ctx *ctx;
    char list[PW_LIST]; /* "'a', 'b'" */
    size_t n;
    int32_t rc;         /* a failure other than "not found" */
} pw_missing;

static int pw_check_one(void *u, const char *name)
{
    pw_missing *m = u;
    const double *values = NULL;
    int32_t rc = m->host->series(m->ctx, name, &values);
    if (rc == RC_OK)
        return 0;
    if (rc != RC_ENOTFOUND) {
        m->rc = rc;
        return 1;
    }
    char quoted[PW_MAX_NAME + 2];
    snprintf(quoted, sizeof quoted, "'%s'", name);
    if (strstr(m->list, quoted) == NULL) {
        size_t used = strlen(m->list);
        snprintf(m->list + used, sizeof m->list - used, "%s%s", m->n ? ", " : "", quoted);
        m->n++;
    }
    return 0;
}

/* Reads `catalogue:` (absent, `all`, `none` or a list of ids) into sel[] flags.
 * Returns the selection mode, or a negative code after setting the error. */
static int32_t pw_read_selection(const rc_host *host, rc_ctx *ctx, const rc_node *section,
                                 unsigned char *sel)
{
    const rc_node *cat = section ? host->node_get(ctx, section, "catalogue") : NULL;
    char msg[PW_MSG];
    memset(sel, 0, PW_N_ENTRIES);
    if (cat == NULL) {
        int configured = section != NULL && (host->node_get(ctx, section, "indicators") != NULL ||
                                             host->node_get(ctx, section, "components") != NULL);
        if (configured)
            return PW_SELECT_NONE;
        memset(sel, 1, PW_N_ENTRIES);
        return PW_SELECT_ALL;
    }
    int32_t kind = host->node_kind(ctx, cat);
    if (kind == RC_NODE_SCALAR) {
        const char *s = host->node_str(ctx, cat);
        if (s != NULL && strcmp(s, "all") == 0) {
            memset(sel, 1, PW_N_ENTRIES);
            return PW_SELECT_ALL;
        }
        if (s != NULL && strcmp(s, "none") == 0)
            return PW_SELECT_NONE;
    } else if (kind == RC_NODE_LIST) {
        size_t n = host->node_len(ctx, cat);
        for (size_t i = 0; i < n; i++) {
            const rc_node *item = host->node_at(ctx, cat, i);
            const char *id = item ? host->node_str(ctx, item) : NULL;
            int k = id ? pw_find(id) : -1;
            if (k < 0) {
                size_t used = (size_t)snprintf(
                    msg, sizeof msg,
                    "%s: '%s' is not in the %s catalogue; its indicators are",
                    host->node_where(ctx, item ? item : cat), id ? id : "(not a scalar)",
                    PW_PLUGIN_NAME);
                for (size_t j = 0; j < PW_N_ENTRIES && used < sizeof msg; j++)
                    used += (size_t)snprintf(msg + used, sizeof msg - used, "%s %s",
                                             j ? "," : "", k_catalogue[j].id);
                host->set_error(ctx, msg);
                return RC_EINVAL;
            }
            sel[k] = 1;
        }
        return PW_SELECT_LISTED;
    }
    snprintf(msg, sizeof msg,
             "%s: catalogue must be 'all', 'none' or a list of catalogue indicator ids",
             host->node_where(ctx, cat));
    host->set_error(ctx, msg);
    return RC_EINVAL;
}

/* Adds the selected catalogue indicators. Under `all` (or by default) an entry whose raw
 * series are missing is skipped with a warning; an entry listed by id is an error. */
static int32_t pw_add_catalogue(const rc_host *host, rc_ctx *ctx)
{
    const rc_node *section = host->config(ctx);
    unsigned char sel[PW_N_ENTRIES];
    int32_t mode = pw_read_selection(host, ctx, section, sel);
    if (mode < 0)
        return mode;
    if (mode == PW_SELECT_NONE)
        return RC_OK;
    const rc_node *configured = section ? host->node_get(ctx, section, "indicators") : NULL;
    const rc_node *components = section ? host->node_get(ctx, section, "components") : NULL;
    size_t added = 0;
    char msg[PW_MSG];
    char skipped[PW_LIST * 2] = "";
    for (size_t i = 0; i < PW_N_ENTRIES; i++) {
        const pw_entry *e = &k_catalogue[i];
        if (!sel[i])
            continue;
        if (configured != NULL && host->node_get(ctx, configured, e->id) != NULL) {
            snprintf(msg, sizeof msg,
                     "catalogue indicator '%s' is configured under indicators:; using the "
                     "configured definition",
                     e->id);
            host->log(ctx, RC_LOG_INFO, msg);
            continue;
        }
        pw_missing m;
        memset(&m, 0, sizeof m);
        m.host = host;
        m.ctx = ctx;
        pw_each_series(e->formula, pw_check_one, &m);
        if (m.rc != RC_OK)
            return m.rc;
        if (m.n > 0) {
            if (mode == PW_SELECT_LISTED) {
                snprintf(msg, sizeof msg,
                         "catalogue indicator '%s' (%s) needs raw series %s, which the data "
                         "does not have; add it to the data or map it under series:",
                         e->id, e->formula, m.list);
                host->set_error(ctx, msg);
                return RC_ENOTFOUND;
            }
            snprintf(msg, sizeof msg,
                     "skipping catalogue indicator '%s' (%s): raw series %s missing", e->id,
                     e->formula, m.list);
            host->log(ctx, RC_LOG_WARN, msg);
            size_t used = strlen(skipped);
            snprintf(skipped + used, sizeof skipped - used, "%s%s needs %s", used ? "; " : "",
                     e->id, m.list);
            continue;
        }
        int32_t rc = host->add_formula_indicator(ctx, e->id, e->direction, e->formula,
                                                 e->description);
        if (rc != RC_OK)
            return rc;
        added++;
    }
    if (added == 0 && configured == NULL && components == NULL) {
        snprintf(msg, sizeof msg,
                 "the dimension has no indicators: none are configured and no catalogue "
                 "indicator has its raw series (%s); map them under series: or configure "
                 "indicators:",
                 skipped[0] ? skipped : "nothing selected");
        host->set_error(ctx, msg);
        return RC_EDATA;
    }
    return RC_OK;
}

/* ------------------------------------------------------------------ end of engine */

/* ------------------------------------------------------------------ data flows */

static int32_t dm_error(const rc_host *host, rc_ctx *ctx, int32_t code, const char *msg)
{
    host->set_error(ctx, msg);
    return code;
}

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
        char msg[PW_MSG];
        snprintf(msg, sizeof msg, "%s: %s.%s must be a series name", host->node_where(ctx, n),
                 where_key, key);
        host->set_error(ctx, msg);
        return NULL;
    }
    return s;
}

static int32_t dm_series(const rc_host *host, rc_ctx *ctx, const char *name, const char *what,
                         const double **out)
{
    int32_t rc = host->series(ctx, name, out);
    if (rc == RC_OK)
        return RC_OK;
    char msg[PW_MSG];
    if (rc == RC_ENOTFOUND) {
        snprintf(msg, sizeof msg,
                 "%s needs the series '%s', which the data does not have; add it to the data "
                 "or map it under series:",
                 what, name);
        return dm_error(host, ctx, RC_ENOTFOUND, msg);
    }
    snprintf(msg, sizeof msg, "%s: reading the series '%s' failed", what, name);
    return dm_error(host, ctx, rc, msg);
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
    char msg[PW_MSG];
    if (host->node_kind(ctx, flows) != RC_NODE_MAP)
        goto shape;
    for (size_t i = 0; i < host->node_len(ctx, flows); i++) {
        const char *k = host->node_key_at(ctx, flows, i);
        if (k == NULL || (strcmp(k, "inflow") != 0 && strcmp(k, "outflow") != 0 &&
                          strcmp(k, "gdp") != 0)) {
            snprintf(msg, sizeof msg,
                     "%s: flows takes the keys inflow, outflow and gdp, not '%s'",
                     host->node_where(ctx, host->node_at(ctx, flows, i)), k ? k : "");
            return dm_error(host, ctx, RC_EINVAL, msg);
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
    if ((rc = dm_series(host, ctx, in_name, "flows.inflow", &in)) != RC_OK ||
        (rc = dm_series(host, ctx, out_name, "flows.outflow", &out)) != RC_OK ||
        (rc = dm_series(host, ctx, gdp_name, "flows.gdp", &gdp)) != RC_OK)
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
    snprintf(msg, sizeof msg,
             "%s: flows must be a mapping {inflow: series, outflow: series, gdp: series} "
             "(gdp defaults to the series 'gdp')",
             host->node_where(ctx, flows));
    return dm_error(host, ctx, RC_EINVAL, msg);
}

/* `trading: [series…]` → <series>_trading_intensity = series / GDP. */
static int32_t dm_add_trading(const rc_host *host, rc_ctx *ctx, const rc_node *list,
                              const char *gdp_name, double *y, size_t n)
{
    char msg[PW_MSG];
    if (host->node_kind(ctx, list) != RC_NODE_LIST) {
        snprintf(msg, sizeof msg, "%s: trading must be a list of series names",
                 host->node_where(ctx, list));
        return dm_error(host, ctx, RC_EINVAL, msg);
    }
    const double *gdp = NULL;
    int32_t rc = RC_OK;
    if (host->node_len(ctx, list) > 0 &&
        (rc = dm_series(host, ctx, gdp_name, "trading", &gdp)) != RC_OK)
        return rc;
    for (size_t i = 0; i < host->node_len(ctx, list); i++) {
        const rc_node *item = host->node_at(ctx, list, i);
        const char *name = item ? host->node_str(ctx, item) : NULL;
        if (name == NULL || name[0] == '\0' || strlen(name) >= PW_MAX_NAME) {
            snprintf(msg, sizeof msg, "%s: each item of trading must be a series name",
                     host->node_where(ctx, item ? item : list));
            return dm_error(host, ctx, RC_EINVAL, msg);
        }
        const double *x = NULL;
        if ((rc = dm_series(host, ctx, name, "trading", &x)) != RC_OK)
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
        return dm_error(host, ctx, RC_ENOMEM, "out of memory computing the flow measures");
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
    int32_t rc = pw_check_host(host, ctx);
    if (rc != RC_OK)
        return rc;
    rc = pw_add_catalogue(host, ctx);
    if (rc != RC_OK)
        return rc;
    rc = dm_add_measures(host, ctx);
    if (rc != RC_OK)
        return rc;
    return host->score_default(ctx);
}

static const rc_config_key k_keys[] = {
    {"catalogue", RC_CFG_ANY, 0, NULL,
     "Catalogue indicators to add: 'all' (skips those whose raw series are missing), "
     "'none', or a list of ids (each must have its raw series); default: all when the "
     "dimension configures no indicators or components, none otherwise."},
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

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &k_descriptor;
}
