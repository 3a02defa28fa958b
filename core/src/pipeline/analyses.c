/* pipeline/analyses.c — analysis plugins in a run: which keys of `analysis:` name one, the
 * check of each section against the plugin's declared keys, the order they run in (after
 * the providers of the tables they need), and the guarded call of each `analyse` callback,
 * whose tables join the result set. */
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "config/schema.h"
#include "pipeline/context.h"
#include "pipeline/internal.h"
#include "analysis/run_state.h"
#include "util/str.h"

/* Tables every run makes before the analyses (docs/tables.md). */
static int standard_table(const char *t)
{
    static const char *const names[] = {"indicators", "weights", "scores", "index",
                                        "components", "imputed", "treated", "drift"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i], t) == 0) return 1;
    return 0;
}

static const char *const *needs_of(const rc_plugin *p) { return RC_DESC_FIELD(p->desc, needs); }
static const char *const *provides_of(const rc_plugin *p)
{
    return RC_DESC_FIELD(p->desc, provides);
}

static int lists(const char *const *l, const char *name)
{
    for (size_t i = 0; l && l[i]; i++)
        if (strcmp(l[i], name) == 0) return 1;
    return 0;
}

/* Which enabled plugin (index into an) provides `table`, or -1. */
static long provider(const rc_an_plugin *an, size_t n, const char *table)
{
    for (size_t i = 0; i < n; i++)
        if (lists(provides_of(an[i].plugin), table)) return (long)i;
    return -1;
}

/* Checks needs/provides against the config and orders `an` so that providers come first
 * (Kahn's algorithm, taking the earliest ready plugin in config order). */
static int order(rc_pipeline *pl, rc_error *err)
{
    rc_an_plugin *an = pl->an;
    size_t n = pl->n_an;
    const rc_node *a = pl->cfg->analysis;
    char w[512];
    for (size_t i = 0; i < n; i++) {
        const char *const *prov = provides_of(an[i].plugin);
        rc_node_key_where(a, an[i].name, w, sizeof w);
        for (size_t k = 0; prov && prov[k]; k++) {
            const char *b = rc_analysis_builtin_of_table(prov[k]);
            if (b || standard_table(prov[k]))
                return rc_error_set(err, RC_ERRK_PLUGIN,
                                    "%s: analysis plugin '%s' provides table '%s', which the %s "
                                    "makes; a plugin must name its own tables", w, an[i].name,
                                    prov[k], b ? "built-in analysis" : "pipeline");
            long other = provider(an, i, prov[k]);
            if (other >= 0)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis plugins '%s' and '%s' both provide table '%s'; "
                                    "enable only one of them", w, an[other].name, an[i].name,
                                    prov[k]);
        }
        const char *const *need = needs_of(an[i].plugin);
        for (size_t k = 0; need && need[k]; k++) {
            if (standard_table(need[k]) || provider(an, n, need[k]) >= 0) continue;
            const char *b = rc_analysis_builtin_of_table(need[k]);
            if (b) {
                if (rc_node_get(a, b)) continue;
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis '%s' needs table '%s', which analysis.%s makes; "
                                    "add '%s: {}' (or its settings) under analysis:", w,
                                    an[i].name, need[k], b, b);
            }
            for (size_t r = 0; r < pl->reg->n; r++) {
                const rc_plugin *p = &pl->reg->plugins[r];
                if (p->desc->kind == RC_KIND_ANALYSIS && lists(provides_of(p), need[k]))
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "%s: analysis '%s' needs table '%s', which analysis plugin "
                                        "'%s' makes; add '%s: {}' (or its settings) under "
                                        "analysis:", w, an[i].name, need[k], p->name, p->name);
            }
            /* else: a table another stage may make; checked when the plugin runs */
        }
    }
    rc_an_plugin *sorted = rc_calloc(n ? n : 1, sizeof *sorted);
    char *done = rc_calloc(n ? n : 1, 1);
    int rc = 0;
    if (!sorted || !done) {
        rc = rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto out;
    }
    for (size_t placed = 0; placed < n; placed++) {
        size_t pick = n;
        for (size_t i = 0; i < n && pick == n; i++) {
            if (done[i]) continue;
            int ready = 1;
            const char *const *need = needs_of(an[i].plugin);
            for (size_t k = 0; need && need[k]; k++) {
                long p = provider(an, n, need[k]);
                if (p >= 0 && (size_t)p != i && !done[p]) ready = 0;
            }
            if (ready) pick = i;
        }
        if (pick == n) {
            rc_buf cyc;
            rc_buf_init(&cyc);
            for (size_t i = 0; i < n; i++)
                if (!done[i]) rc_buf_printf(&cyc, "%s%s", cyc.len ? ", " : "", an[i].name);
            rc_node_where(a, w, sizeof w);
            rc = rc_error_set(err, RC_ERRK_PLUGIN,
                              "%s: the analysis plugins %s need each other's tables in a cycle, "
                              "so none can run first", w, cyc.data ? cyc.data : "");
            rc_buf_free(&cyc);
            goto out;
        }
        done[pick] = 1;
        sorted[placed] = an[pick];
    }
    memcpy(an, sorted, n * sizeof *an);
out:
    free(sorted);
    free(done);
    return rc;
}

int rc_an_plugins_resolve(rc_pipeline *pl, rc_error *err)
{
    const rc_node *a = pl->cfg->analysis;
    if (!a || rc_node_is_null(a) || a->kind != RC_NODE_MAP || !pl->reg)
        return rc_analysis_validate(pl->cfg, err);
    char w[512];
    /* every analysis plugin found is a valid key (for the unknown-key suggestion) */
    const char **names = rc_calloc(pl->reg->n ? pl->reg->n : 1, sizeof *names);
    pl->an = rc_calloc(a->n ? a->n : 1, sizeof *pl->an);
    if (!names || !pl->an) {
        free(names);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    }
    size_t nn = 0;
    for (size_t i = 0; i < pl->reg->n; i++)
        if (pl->reg->plugins[i].desc->kind == RC_KIND_ANALYSIS && !rc_analysis_is_builtin(pl->reg->plugins[i].name))
            names[nn++] = pl->reg->plugins[i].name;
    for (size_t i = 0; i < a->n; i++) {
        const char *key = a->keys[i];
        if (rc_analysis_is_builtin(key)) continue;
        rc_node_key_where(a, key, w, sizeof w);
        const rc_plugin *p = rc_registry_find(pl->reg, key);
        const rc_refusal *ref = p ? NULL : rc_registry_refusal(pl->reg, key);
        if (ref) {
            free(names);
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "%s: analysis '%s' needs plugin '%s', which was refused: %s", w,
                                key, key, ref->reason);
        }
        if (p && p->desc->kind != RC_KIND_ANALYSIS) {
            free(names);
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "%s: analysis '%s' names plugin '%s', which is a %s plugin; only "
                                "analysis plugins go under analysis:", w, key, key,
                                rc_kind_name(p->desc->kind));
        }
        if (!p) continue; /* an unknown key: rc_analysis_validate_with names it */
        const rc_node *sec = a->items[i];
        rc_an_plugin *x = &pl->an[pl->n_an++];
        x->plugin = p;
        x->name = key;
        x->section = rc_node_is_null(sec) ? NULL : sec;
        x->where = sec;
    }
    int rc = rc_analysis_validate_with(pl->cfg, names, nn, err);
    free(names);
    if (rc != 0) return -1;
    for (size_t i = 0; i < pl->n_an; i++) {
        const rc_an_plugin *x = &pl->an[i];
        char what[300];
        snprintf(what, sizeof what, "analysis.%s", x->name);
        rc_node_key_where(a, x->name, w, sizeof w);
        if (rc_schema_check(x->section, what, x->plugin->keys, x->plugin->n_keys, NULL, 0, w,
                            err) != 0)
            return -1;
    }
    return order(pl, err);
}

/* One plugin's init → analyse → fini under the guard. */
static int run_one(rc_pipeline *pl, const rc_an_plugin *x, const rc_run_state *st, rc_error *err)
{
    const rc_plugin *p = x->plugin;
    const char *const *need = needs_of(p);
    for (size_t k = 0; need && need[k]; k++)
        if (!rc_table_get(pl->rs, need[k]))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "analysis plugin '%s' needs table '%s', which this run did not "
                                "make (enable the analysis that makes it)", x->name, need[k]);
    rc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.plugin = p;
    ctx.pl = pl;
    ctx.section = x->section;
    ctx.run = st;
    char what[300];
    snprintf(what, sizeof what, "analysis '%s'", x->name);
    void *state = NULL;
    int32_t rc = RC_OK;
    rc_guard g; /* crash, time limit and read-only checks around the callbacks */
    rc_guard_enter(&g, p->name, what, rc_guard_timeout(pl->cfg), pl->panel, NULL, &pl->outputs,
                   &pl->guard_sums);
    rc_guard_call(&g, "init");
    if (p->desc->init) rc = p->desc->init(&rc_host_services, &ctx, &state);
    if (rc == RC_OK) {
        rc_guard_call(&g, "analyse");
        rc = p->desc->analyse(state, &rc_host_services, &ctx);
        rc_guard_call(&g, "fini");
        if (p->desc->fini) p->desc->fini(state);
    }
    int failed = rc_guard_leave(&g, err) != 0;
    if (!failed && rc != RC_OK) {
        rc_ctx_error(&ctx, what, rc, err);
        failed = 1;
    }
    rc_ctx_free(&ctx);
    return failed ? -1 : 0;
}

int rc_an_plugins_run(rc_pipeline *pl, const rc_run_state *st, rc_error *err)
{
    double t = rc_clock_now();
    for (size_t i = 0; i < pl->n_an; i++) {
        rc_pl_info(pl, "running analysis plugin %s", pl->an[i].name);
        int rc = run_one(pl, &pl->an[i], st, err);
        t = rc_phase_markf(pl->times, t, "analysis %s", pl->an[i].name);
        if (rc != 0) return -1;
    }
    pl->guard_sums.have_rs = 0; /* the result set grew */
    return 0;
}
