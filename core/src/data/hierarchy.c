/* data/hierarchy.c — the region hierarchy (parents and levels from the regions file):
 * orphan and cycle checks, ancestors at a level, and the roll-up of the raw panel to a
 * level by a rule per series (sum, mean, weighted mean). */
#include "data/hierarchy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

void rc_hierarchy_free(rc_hierarchy *h)
{
    free(h->parent);
    free(h->level);
    memset(h, 0, sizeof *h);
}

static const char *cell_trim(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

typedef struct id_at {
    const char *id;
    size_t i;
} id_at;

static int cmp_id_at(const void *a, const void *b)
{
    return strcmp(((const id_at *)a)->id, ((const id_at *)b)->id);
}

static long find_id(const id_at *sorted, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sorted[mid].id, key);
        if (c == 0) return (long)sorted[mid].i;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return -1;
}

int rc_hierarchy_build(const rc_csv *regions, const char *name, const char *const *ids,
                       size_t n, long c_parent, long c_level, rc_hierarchy *h, rc_error *err)
{
    memset(h, 0, sizeof *h);
    h->n = n;
    h->parent = rc_calloc(n ? n : 1, sizeof *h->parent);
    h->level = rc_calloc(n ? n : 1, sizeof *h->level);
    id_at *order = rc_calloc(n ? n : 1, sizeof *order);
    unsigned char *state = rc_calloc(n ? n : 1, 1);
    char w[512];
    int rc = 0;
    if (!h->parent || !h->level || !order || !state) {
        rc = rc_error_set(err, RC_ERRK_OTHER, "out of memory reading the region hierarchy");
        goto done;
    }
    for (size_t i = 0; i < n; i++) order[i] = (id_at){.id = ids[i], .i = i};
    qsort(order, n, sizeof *order, cmp_id_at);
    for (size_t i = 0; i < n && !rc; i++) {
        const rc_csv_row *row = &regions->rows[i];
        h->level[i] = c_level >= 0 ? cell_trim(row->fields[c_level]) : NULL;
        const char *par = c_parent >= 0 ? cell_trim(row->fields[c_parent]) : "";
        h->parent[i] = -1;
        if (!*par) continue;
        long p = find_id(order, n, par);
        rc_csv_where(regions, name, row, c_parent, w, sizeof w);
        if (p < 0) {
            rc = rc_error_set(err, RC_ERRK_DATA,
                              "%s: the parent '%s' of region '%s' is not in the regions file "
                              "(an orphan: list the parent, or leave the cell empty at the top)",
                              w, par, ids[i]);
        } else if ((size_t)p == i) {
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: region '%s' is its own parent", w, ids[i]);
        } else {
            h->parent[i] = p;
        }
    }
    /* cycles: walk up from each region; state 1 = on the current path, 2 = known to end */
    for (size_t i = 0; i < n && !rc; i++) {
        size_t steps = 0;
        long r = (long)i;
        while (r >= 0 && state[r] == 0 && steps <= n) {
            state[r] = 1;
            r = h->parent[r];
            steps++;
        }
        if (r >= 0 && state[r] == 1) {
            rc_buf b;
            rc_buf_init(&b);
            long q = r;
            do {
                rc_buf_printf(&b, "%s -> ", ids[q]);
                q = h->parent[q];
            } while (q != r && b.len < 400);
            rc_buf_printf(&b, "%s", ids[r]);
            rc_csv_where(regions, name, &regions->rows[r], c_parent, w, sizeof w);
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: the region hierarchy has a cycle: %s", w,
                              b.data ? b.data : "");
            rc_buf_free(&b);
        }
        for (long q = (long)i; q >= 0 && state[q] == 1; q = h->parent[q]) state[q] = 2;
    }
    for (size_t i = 0; i < n && !rc && c_level >= 0; i++) {
        long p = h->parent[i];
        if (p >= 0 && strcmp(h->level[i], h->level[p]) == 0 && *h->level[i])
            rc = rc_error_set(err, RC_ERRK_DATA,
                              "%s: region '%s' and its parent '%s' are both at level '%s'",
                              rc_csv_where(regions, name, &regions->rows[i], c_level, w, sizeof w),
                              ids[i], ids[p], h->level[i]);
    }
done:
    free(order);
    free(state);
    if (rc) rc_hierarchy_free(h);
    return rc;
}

long rc_hierarchy_at_level(const rc_hierarchy *h, size_t r, const char *level)
{
    for (long q = (long)r; q >= 0; q = h->parent[q])
        if (h->level && h->level[q] && strcmp(h->level[q], level) == 0) return q;
    return -1;
}

typedef enum rule_kind { RULE_NONE = 0, RULE_SUM, RULE_MEAN, RULE_WMEAN } rule_kind;

typedef struct rule {
    rule_kind kind;
    long weight; /* series index for RULE_WMEAN */
} rule;

static int parse_rule(const struct rc_node *n, const rc_panel *p, rule *out, rc_error *err)
{
    char w[512];
    const char *s = rc_node_as_str(n);
    if (s && strcmp(s, "sum") == 0) {
        out->kind = RULE_SUM;
        return 0;
    }
    if (s && strcmp(s, "mean") == 0) {
        out->kind = RULE_MEAN;
        return 0;
    }
    if (n->kind == RC_NODE_MAP && n->n == 1 && strcmp(n->keys[0], "mean") == 0) {
        const char *ws = rc_node_as_str(n->items[0]);
        long si = ws ? rc_panel_series(p, ws) : -1;
        if (si < 0) {
            const char *sug =
                ws ? rc_suggest(ws, (const char *const *)p->series_names, p->n_series) : NULL;
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: the weight series '%s' is not in the data%s%s%s",
                                rc_node_where(n->items[0], w, sizeof w), ws ? ws : "?",
                                sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
        }
        out->kind = RULE_WMEAN;
        out->weight = si;
        return 0;
    }
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: an aggregation rule is sum, mean or {mean: weight_series}",
                        rc_node_where(n, w, sizeof w));
}

rc_panel *rc_panel_aggregate(const rc_panel *src, const rc_hierarchy *h, const char *level,
                             const struct rc_node *rules, const char **data_level,
                             unsigned char *keep, rc_error *err)
{
    char w[512];
    *data_level = NULL;
    size_t nr = src->n_regions, ny = src->n_years, cells = nr * ny;
    /* the level the data sit at: every region with any value */
    const char *dl = NULL;
    long dl_region = -1;
    for (size_t r = 0; r < nr; r++) {
        int any = 0;
        for (size_t s = 0; s < src->n_series && !any; s++)
            for (size_t t = 0; t < ny && !any; t++) any = !isnan(src->values[s][t * nr + r]);
        if (!any) continue;
        const char *lv = h->level[r] ? h->level[r] : "";
        if (!dl) {
            dl = lv;
            dl_region = (long)r;
        } else if (strcmp(dl, lv) != 0) {
            rc_error_set(err, RC_ERRK_DATA,
                         "the data hold regions at two levels ('%s' at level '%s', '%s' at level "
                         "'%s'); aggregate_to rolls up data given at one level",
                         src->region_ids[dl_region], dl, src->region_ids[r], lv);
            return NULL;
        }
    }
    *data_level = dl;
    size_t nt = 0;
    long *target_of = rc_calloc(nr ? nr : 1, sizeof *target_of);
    rule *rl = rc_calloc(src->n_series ? src->n_series : 1, sizeof *rl);
    const char **ids = rc_calloc(nr ? nr : 1, sizeof *ids);
    const char **names = rc_calloc(nr ? nr : 1, sizeof *names);
    size_t *tidx = rc_calloc(nr ? nr : 1, sizeof *tidx);
    rc_panel *out = NULL;
    double *num = NULL, *den = NULL;
    unsigned char *bad = NULL;
    if (!target_of || !rl || !ids || !names || !tidx) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory while aggregating");
        goto done;
    }
    for (size_t r = 0; r < nr; r++) {
        keep[r] = h->level[r] && strcmp(h->level[r], level) == 0;
        if (keep[r]) {
            tidx[r] = nt;
            ids[nt] = src->region_ids[r];
            names[nt++] = src->region_names[r];
        }
    }
    if (nt == 0) {
        rc_error_set(err, RC_ERRK_CONFIG, "aggregate_to: no region of the regions file is at level '%s'",
                     level);
        goto done;
    }
    if (dl && strcmp(dl, level) == 0) {
        rc_error_set(err, RC_ERRK_DATA,
                     "the data are already at level '%s': drop aggregate_to, or give the data at "
                     "a lower level",
                     level);
        goto done;
    }
    for (size_t r = 0; r < nr; r++) {
        long a = rc_hierarchy_at_level(h, r, level);
        target_of[r] = a >= 0 && (size_t)a != r ? (long)tidx[a] : -1;
    }
    /* rules: the series' own, else "*" */
    const struct rc_node *star = rules ? rc_node_get(rules, "*") : NULL;
    for (size_t i = 0; rules && i < rules->n; i++)
        if (strcmp(rules->keys[i], "*") != 0 && rc_panel_series(src, rules->keys[i]) < 0) {
            const char *sug = rc_suggest(rules->keys[i], (const char *const *)src->series_names,
                                         src->n_series);
            rc_error_set(err, RC_ERRK_CONFIG, "%s: 'aggregate' names series '%s', which is not in "
                         "the data%s%s%s",
                         rc_node_key_where(rules, rules->keys[i], w, sizeof w), rules->keys[i],
                         sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
            goto done;
        }
    for (size_t s = 0; s < src->n_series; s++) {
        const struct rc_node *n = rules ? rc_node_get(rules, src->series_names[s]) : NULL;
        if (!n) n = star;
        if (!n) {
            rc_error_set(err, RC_ERRK_CONFIG,
                         "regions.aggregate gives no rule for series '%s' (sum for totals, mean "
                         "or {mean: population} for rates; \"*\" sets one for every other series)",
                         src->series_names[s]);
            goto done;
        }
        if (parse_rule(n, src, &rl[s], err)) goto done;
    }
    out = rc_panel_create(nt, ids, names, ny, src->years, err);
    if (!out) goto done;
    size_t tc = nt * ny;
    num = rc_calloc(tc ? tc : 1, sizeof *num);
    den = rc_calloc(tc ? tc : 1, sizeof *den);
    bad = rc_calloc(tc ? tc : 1, 1);
    if (!num || !den || !bad) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory while aggregating");
        goto fail;
    }
    for (size_t s = 0; s < src->n_series; s++) {
        memset(num, 0, tc * sizeof *num);
        memset(den, 0, tc * sizeof *den);
        memset(bad, 0, tc);
        const double *x = src->values[s];
        const double *wt = rl[s].kind == RULE_WMEAN ? src->values[rl[s].weight] : NULL;
        for (size_t t = 0; t < ny; t++)
            for (size_t r = 0; r < nr; r++) {
                long a = target_of[r];
                if (a < 0) continue;
                /* only the data level contributes (regions in between hold no data) */
                if (!dl || !h->level[r] || strcmp(h->level[r], dl) != 0) continue;
                size_t c = t * nt + (size_t)a;
                double v = x[t * nr + r];
                double wv = wt ? wt[t * nr + r] : 1.0;
                if (isnan(v) || isnan(wv)) {
                    bad[c] = 1;
                    continue;
                }
                num[c] += rl[s].kind == RULE_SUM ? v : v * wv;
                den[c] += wv;
            }
        double *dst = rc_reallocarray(NULL, tc ? tc : 1, sizeof *dst);
        if (!dst) {
            rc_error_set(err, RC_ERRK_OTHER, "out of memory while aggregating");
            goto fail;
        }
        for (size_t c = 0; c < tc; c++) {
            if (bad[c] || den[c] == 0) dst[c] = NAN;
            else if (rl[s].kind == RULE_SUM) dst[c] = num[c];
            else dst[c] = num[c] / den[c];
            if (!isfinite(dst[c])) dst[c] = NAN;
        }
        int arc = rc_panel_add_series(out, src->series_names[s], dst, err);
        free(dst);
        if (arc) goto fail;
        if (src->series_units && src->series_units[s] &&
            rc_panel_set_unit(out, s, src->series_units[s], err))
            goto fail;
    }
    (void)cells;
    goto done;
fail:
    rc_panel_free(out);
    out = NULL;
done:
    free(num);
    free(den);
    free(bad);
    free(target_of);
    free(rl);
    free(ids);
    free(names);
    free(tidx);
    return out;
}
