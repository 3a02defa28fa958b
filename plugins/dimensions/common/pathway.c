/* plugins/dimensions/common/pathway.c — the pathway plugins' shared catalogue handling:
 * `catalogue:` selection, raw-series checks, formula indicators and their messages (see
 * pathway.h for the contract). */
#include "pathway.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PW_SELECT_NONE = 0, PW_SELECT_ALL = 1, PW_SELECT_LISTED = 2 };

int32_t pw_check_host(const rc_host *host, rc_ctx *ctx, const char *plugin_name)
{
    if (host != NULL && host->abi_major == RC_ABI_MAJOR && RC_HOST_HAS(host, score_default))
        return RC_OK;
    if (!RC_HOST_HAS(host, set_error)) return RC_EINVAL;
    return rc_errorf(host, ctx, RC_EINVAL,
                     "the host is too old for the %s plugin: it lacks the dimension services",
                     plugin_name);
}

int32_t pw_series(const rc_host *host, rc_ctx *ctx, const char *name, const char *what,
                  const double **out)
{
    int32_t rc = host->series(ctx, name, out);
    if (rc == RC_OK) return RC_OK;
    if (rc == RC_ENOTFOUND)
        return rc_errorf(host, ctx, RC_ENOTFOUND,
                         "%s needs the series '%s', which the data does not have; add it to "
                         "the data or map it under series:",
                         what, name);
    return rc_errorf(host, ctx, rc, "%s: reading the series '%s' failed", what, name);
}

int pw_find(const pw_catalogue *cat, const char *id)
{
    for (size_t i = 0; i < cat->n_entries; i++)
        if (strcmp(cat->entries[i].id, id) == 0)
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

/* Reads `catalogue:` (absent, `all`, `none` or a list of ids) into sel[] flags, one per
 * catalogue entry. Returns the selection mode, or a negative code after setting the error. */
static int32_t pw_read_selection(const rc_host *host, rc_ctx *ctx, const pw_catalogue *cat,
                                 const rc_node *section, unsigned char *sel)
{
    const rc_node *node = section ? host->node_get(ctx, section, "catalogue") : NULL;
    size_t n_entries = cat->n_entries;
    char msg[PW_MSG];
    memset(sel, 0, n_entries);
    if (node == NULL) {
        int configured = section != NULL && (host->node_get(ctx, section, "indicators") != NULL ||
                                             host->node_get(ctx, section, "components") != NULL);
        if (configured)
            return PW_SELECT_NONE;
        memset(sel, 1, n_entries);
        return PW_SELECT_ALL;
    }
    int32_t kind = host->node_kind(ctx, node);
    if (kind == RC_NODE_SCALAR) {
        const char *s = host->node_str(ctx, node);
        if (s != NULL && strcmp(s, "all") == 0) {
            memset(sel, 1, n_entries);
            return PW_SELECT_ALL;
        }
        if (s != NULL && strcmp(s, "none") == 0)
            return PW_SELECT_NONE;
    } else if (kind == RC_NODE_LIST) {
        size_t n = host->node_len(ctx, node);
        for (size_t i = 0; i < n; i++) {
            const rc_node *item = host->node_at(ctx, node, i);
            const char *id = item ? host->node_str(ctx, item) : NULL;
            int k = id ? pw_find(cat, id) : -1;
            if (k < 0) {
                size_t used = (size_t)snprintf(
                    msg, sizeof msg,
                    "%s: '%s' is not in the %s catalogue; its indicators are",
                    host->node_where(ctx, item ? item : node), id ? id : "(not a scalar)",
                    cat->plugin_name);
                for (size_t j = 0; j < n_entries && used < sizeof msg; j++)
                    used += (size_t)snprintf(msg + used, sizeof msg - used, "%s %s",
                                             j ? "," : "", cat->entries[j].id);
                host->set_error(ctx, msg);
                return RC_EINVAL;
            }
            sel[k] = 1;
        }
        return PW_SELECT_LISTED;
    }
    rc_errorf(host, ctx, 0,
              "%s: catalogue must be 'all', 'none' or a list of catalogue indicator ids",
              host->node_where(ctx, node));
    return RC_EINVAL;
}

/* Adds the selected entries once sel[] is read (see pw_add_catalogue). */
static int32_t pw_add_selected(const rc_host *host, rc_ctx *ctx, const pw_catalogue *cat,
                               const rc_node *section, int32_t mode, const unsigned char *sel)
{
    const rc_node *configured = section ? host->node_get(ctx, section, "indicators") : NULL;
    const rc_node *components = section ? host->node_get(ctx, section, "components") : NULL;
    size_t added = 0;
    char msg[PW_MSG];
    char skipped[PW_LIST * 2] = "";
    for (size_t i = 0; i < cat->n_entries; i++) {
        const pw_entry *e = &cat->entries[i];
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
                rc_errorf(host, ctx, 0,
                          "catalogue indicator '%s' (%s) needs raw series %s, which the data "
                          "does not have; add it to the data or map it under series:",
                          e->id, e->formula, m.list);
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
        rc_errorf(host, ctx, 0,
                  "the dimension has no indicators: none are configured and no catalogue "
                  "indicator has its raw series (%s); map them under series: or configure "
                  "indicators:",
                  skipped[0] ? skipped : "nothing selected");
        return RC_EDATA;
    }
    return RC_OK;
}

int32_t pw_add_catalogue(const rc_host *host, rc_ctx *ctx, const pw_catalogue *cat)
{
    const rc_node *section = host->config(ctx);
    unsigned char *sel = calloc(cat->n_entries ? cat->n_entries : 1, 1);
    if (sel == NULL) {
        host->set_error(ctx, "out of memory reading the catalogue selection");
        return RC_ENOMEM;
    }
    int32_t rc = pw_read_selection(host, ctx, cat, section, sel);
    if (rc == PW_SELECT_NONE)
        rc = RC_OK;
    else if (rc == PW_SELECT_ALL || rc == PW_SELECT_LISTED)
        rc = pw_add_selected(host, ctx, cat, section, rc, sel);
    free(sel);
    return rc;
}

int32_t pw_score_dimension(const rc_host *host, rc_ctx *ctx, const pw_catalogue *cat,
                           pw_measures_fn measures)
{
    int32_t rc = pw_check_host(host, ctx, cat->plugin_name);
    if (rc != RC_OK)
        return rc;
    rc = pw_add_catalogue(host, ctx, cat);
    if (rc != RC_OK)
        return rc;
    rc = measures(host, ctx);
    if (rc != RC_OK)
        return rc;
    return host->score_default(ctx);
}
