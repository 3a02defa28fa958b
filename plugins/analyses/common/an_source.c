/* plugins/analyses/common/an_source.c — resolving names to values and reading list keys
 * (an_source.h). */
#include "an_source.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int32_t from_coupling(const rc_host *host, rc_ctx *ctx, const char *key,
                             const char *name, an_source *out)
{
    /* coupling.<col> or coupling.<system>.<col> */
    const char *rest = name + strlen("coupling.");
    const char *dot = strrchr(rest, '.');
    const char *col = dot ? dot + 1 : rest;
    size_t syslen = dot ? (size_t)(dot - rest) : 0;
    const rc_table *t = host->table_by_name(ctx, "coupling");
    if (!t)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: '%s' needs the coupling table; add 'coupling:' under analysis",
                         key, name);
    int64_t cr = host->col_index(ctx, t, "region"), cy = host->col_index(ctx, t, "year"),
            cv = host->col_index(ctx, t, col), cs = host->col_index(ctx, t, "system");
    if (cr < 0 || cy < 0 || cv < 0 || host->col_type(ctx, t, (size_t)cv) != RC_COL_NUMBER)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: '%s' names no number column of the coupling table (use "
                         "coupling.D, coupling.C or coupling.T)", key, name);
    if ((cs >= 0) != (syslen > 0))
        return rc_errorf(host, ctx, RC_EINVAL,
                         cs >= 0 ? "%s: '%s' is ambiguous: the coupling table has several "
                                   "systems (coupling.pairs); write coupling.<system>.%s"
                                 : "%s: '%s' names a coupling system, but coupling has no "
                                   "pairs; write coupling.%s",
                         key, name, col);
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx);
    size_t cells = nr * ny;
    double *v = malloc((cells > 0 ? cells : 1) * sizeof *v);
    if (!v) return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    for (size_t i = 0; i < cells; i++) v[i] = NAN;
    size_t rows = host->table_nrows(ctx, t), matched = 0;
    /* the coupling table lists regions in panel order and years ascending */
    size_t r = 0;
    for (size_t row = 0; row < rows; row++) {
        if (cs >= 0) {
            const char *s = host->cell_str(ctx, t, row, (size_t)cs);
            if (!s || strlen(s) != syslen || strncmp(s, rest, syslen)) continue;
        }
        const char *id = host->cell_str(ctx, t, row, (size_t)cr);
        int64_t yr = host->cell_int(ctx, t, row, (size_t)cy);
        size_t tries = 0;
        while (tries < nr && strcmp(host->region_id(ctx, r), id)) {
            r = (r + 1) % nr;
            tries++;
        }
        if (tries == nr) continue;
        for (size_t y = 0; y < ny; y++)
            if (host->year(ctx, y) == yr) {
                v[y * nr + r] = host->cell_num(ctx, t, row, (size_t)cv);
                matched++;
                break;
            }
    }
    if (!matched) {
        free(v);
        return rc_errorf(host, ctx, RC_EINVAL, "%s: the coupling table has no rows for '%s'",
                         key, name);
    }
    out->v = out->owned = v;
    out->kind = "coupling";
    return RC_OK;
}

int32_t an_source_get(const rc_host *host, rc_ctx *ctx, const char *key, const char *name,
                      an_source *out)
{
    memset(out, 0, sizeof *out);
    out->scale = 1.0;
    if (!name || !*name) return rc_errorf(host, ctx, RC_EINVAL, "%s: an empty name", key);
    if (!strcmp(name, "index")) {
        out->kind = "index";
        return host->index_values(ctx, &out->v, &out->scale);
    }
    for (size_t d = 0; d < host->n_dimensions(ctx); d++)
        if (!strcmp(host->dimension_id(ctx, d), name)) {
            out->kind = "dimension";
            return host->dimension_scores(ctx, d, &out->v);
        }
    if (!strncmp(name, "coupling.", 9)) return from_coupling(host, ctx, key, name, out);
    for (size_t i = 0; i < host->n_indicators(ctx); i++)
        if (!strcmp(host->indicator_id(ctx, i), name)) {
            out->kind = "indicator";
            return host->indicator_values(ctx, i, RC_IND_VALUE, &out->v);
        }
    if (host->series(ctx, name, &out->v) == RC_OK) {
        out->kind = "series";
        return RC_OK;
    }
    return rc_errorf(host, ctx, RC_ENOTFOUND,
                     "%s: '%s' is not 'index', a dimension id, coupling.D (or .C, .T), an "
                     "indicator id or a data series of this run", key, name);
}

void an_source_free(an_source *s)
{
    if (!s) return;
    free(s->owned);
    s->owned = NULL;
    s->v = NULL;
}

int32_t an_cfg_list(const rc_host *host, rc_ctx *ctx, const char *key, const char ***out,
                    size_t *n)
{
    *out = NULL;
    *n = 0;
    const rc_node *sec = host->config(ctx);
    const rc_node *l = sec ? host->node_get(ctx, sec, key) : NULL;
    if (!l) return RC_OK;
    if (host->node_kind(ctx, l) != RC_NODE_LIST)
        return rc_errorf(host, ctx, RC_EINVAL, "%s: %s must be a list", host->node_where(ctx, l),
                         key);
    size_t m = host->node_len(ctx, l);
    const char **v = calloc(m ? m : 1, sizeof *v);
    if (!v) return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    for (size_t i = 0; i < m; i++) {
        const rc_node *it = host->node_at(ctx, l, i);
        v[i] = host->node_str(ctx, it);
        if (!v[i]) {
            free(v);
            return rc_errorf(host, ctx, RC_EINVAL, "%s: each item of %s must be a name",
                             host->node_where(ctx, it), key);
        }
    }
    *out = v;
    *n = m;
    return RC_OK;
}

int32_t an_criteria_get(const rc_host *host, rc_ctx *ctx, const char *key, an_criteria *c)
{
    memset(c, 0, sizeof *c);
    const char **cost = NULL;
    size_t ncost = 0;
    int32_t rc = an_cfg_list(host, ctx, key, &c->names, &c->n);
    if (rc != RC_OK) return rc;
    if (c->n == 0) { /* every dimension */
        free(c->names);
        c->n = host->n_dimensions(ctx);
        c->names = calloc(c->n ? c->n : 1, sizeof *c->names);
        if (!c->names) return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        for (size_t j = 0; j < c->n; j++) c->names[j] = host->dimension_id(ctx, j);
    }
    if (c->n < 2) return rc_errorf(host, ctx, RC_EINVAL, "%s: give two or more criteria", key);
    c->src = calloc(c->n, sizeof *c->src);
    c->dir = calloc(c->n, sizeof *c->dir);
    if (!c->src || !c->dir) return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    for (size_t j = 0; j < c->n; j++) {
        c->dir[j] = 1;
        if ((rc = an_source_get(host, ctx, key, c->names[j], &c->src[j])) != RC_OK) return rc;
    }
    if ((rc = an_cfg_list(host, ctx, "cost", &cost, &ncost)) != RC_OK) return rc;
    for (size_t k = 0; k < ncost; k++) {
        size_t j = 0;
        while (j < c->n && strcmp(c->names[j], cost[k])) j++;
        if (j == c->n) {
            rc = rc_errorf(host, ctx, RC_EINVAL, "cost: '%s' is not one of the %s", cost[k], key);
            free(cost);
            return rc;
        }
        c->dir[j] = -1;
    }
    free(cost);
    const rc_node *sec = host->config(ctx);
    const rc_node *wl = sec ? host->node_get(ctx, sec, "weights") : NULL;
    if (!wl) return RC_OK;
    if (host->node_kind(ctx, wl) != RC_NODE_LIST || host->node_len(ctx, wl) != c->n)
        return rc_errorf(host, ctx, RC_EINVAL, "%s: weights must list %zu numbers, one per "
                         "criterion", host->node_where(ctx, wl), c->n);
    c->w = calloc(c->n, sizeof *c->w);
    if (!c->w) return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    double sum = 0.0;
    for (size_t j = 0; j < c->n; j++) {
        const rc_node *it = host->node_at(ctx, wl, j);
        if (host->node_number(ctx, it, &c->w[j]) != RC_OK || !(c->w[j] >= 0.0))
            return rc_errorf(host, ctx, RC_EINVAL, "%s: each weight must be a number ≥ 0",
                             host->node_where(ctx, it));
        sum += c->w[j];
    }
    if (!(sum > 0.0))
        return rc_errorf(host, ctx, RC_EINVAL, "%s: the weights are all 0",
                         host->node_where(ctx, wl));
    return RC_OK;
}

void an_criteria_free(an_criteria *c)
{
    for (size_t j = 0; c->src && j < c->n; j++) an_source_free(&c->src[j]);
    free(c->src);
    free(c->dir);
    free(c->w);
    free(c->names);
    memset(c, 0, sizeof *c);
}

size_t an_criteria_matrix(const an_criteria *c, size_t nr, size_t t, double *X, size_t *reg)
{
    size_t m = 0;
    for (size_t r = 0; r < nr; r++) {
        int ok = 1;
        for (size_t j = 0; ok && j < c->n; j++) ok = !isnan(c->src[j].v[t * nr + r]);
        if (!ok) continue;
        for (size_t j = 0; j < c->n; j++) X[m * c->n + j] = c->src[j].v[t * nr + r];
        reg[m++] = r;
    }
    return m;
}
