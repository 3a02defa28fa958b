/* institutional.c — the institutional-coordination pathway: a dimension plugin that adds its
 * default indicator catalogue (public R&D effort, science and education budgets, research
 * workforce, digital-economy policy activity) to the dimension as formula indicators over
 * canonical raw series, then scores the dimension with the host's configured methods.
 *
 * The catalogue engine below (everything from "catalogue engine" to "end of engine") is
 * kept identical in the four pathway plugins so that each plugin stays one self-contained
 * file a team can copy as a template; only the catalogue table and descriptor differ. */
#include <regcoord/plugin.h>

#include <stddef.h>
#include <stdio.h>
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

static int32_t pw_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    int32_t rc = pw_check_host(host, ctx);
    if (rc != RC_OK)
        return rc;
    rc = pw_add_catalogue(host, ctx);
    if (rc != RC_OK)
        return rc;
    return host->score_default(ctx);
}

static const rc_config_key k_keys[] = {
    {"catalogue", RC_CFG_ANY, 0, NULL,
     "Catalogue indicators to add: 'all' (skips those whose raw series are missing), "
     "'none', or a list of ids (each must have its raw series); default: all when the "
     "dimension configures no indicators or components, none otherwise."},
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
