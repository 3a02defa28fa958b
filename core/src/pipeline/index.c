/* pipeline/index.c — the index over dimensions (index.weights, index.aggregate, scale),
 * ranks per year, changes against the previous year, and the standard tables built from
 * the scored run: indicators, weights, scores, index. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/baseline.h"
#include "pipeline/internal.h"
#include "util/str.h"

/* `index.missing`: strict by default, so that no index is published for a region-year
 * lacking a whole dimension unless the config asks for it. */
static int index_missing(const rc_config *cfg, rc_missing_spec *out, rc_error *err)
{
    rc_missing_spec safe;
    rc_missing_default(&safe);
    safe.policy = RC_MISSING_STRICT;
    return rc_missing_parse_spec(cfg->index_node ? rc_node_get(cfg->index_node, "missing") : NULL,
                                 &safe, out, err);
}

int rc_index_check_methods(const rc_config *cfg, rc_error *err)
{
    rc_missing_spec ms;
    if (index_missing(cfg, &ms, err) != 0) return -1;
    rc_weight_spec base_w, ws;
    rc_agg_spec base_a, as;
    rc_weights_default(&base_w);
    rc_agg_default(&base_a);
    memset(&ws, 0, sizeof ws);
    memset(&as, 0, sizeof as);
    int rc = rc_weights_parse(cfg->index_weights, &base_w, &ws, err);
    if (rc == 0) rc = rc_agg_parse(cfg->index_aggregate, &base_a, &as, err);
    rc_weights_free(&ws);
    rc_agg_free(&as);
    rc_weights_free(&base_w);
    rc_agg_free(&base_a);
    return rc;
}

/* The index's coverage from its dimensions' (a dimension its plugin scored itself counts
 * as one part, present or not). */
static int index_coverage(rc_pipeline *pl, const double *const *cols)
{
    size_t k = pl->n_dims, n = pl->nr * pl->ny;
    if (rc_cov_alloc(n, &pl->index_share, &pl->index_present, &pl->index_why) != 0) return -1;
    const double **shares = rc_calloc(k ? k : 1, sizeof *shares);
    const unsigned **present = rc_calloc(k ? k : 1, sizeof *present);
    if (!shares || !present) {
        free(shares);
        free(present);
        return -1;
    }
    pl->index_expected = 0;
    for (size_t i = 0; i < k; i++) {
        const rc_dim_run *d = &pl->dims[i];
        int tree = d->scores == d->root.score && d->root.share;
        shares[i] = tree ? d->root.share : NULL;
        present[i] = tree ? d->root.n_present : NULL;
        pl->index_expected += tree ? d->root.n_leaves : 1;
    }
    rc_cov_node(pl->nr, pl->ny, k, cols, shares, present, pl->dim_weights, &pl->index_missing,
                pl->index, pl->index_share, pl->index_present, pl->index_why);
    free(shares);
    free(present);
    return 0;
}

int rc_index_build(rc_pipeline *pl, rc_error *err)
{
    const rc_config *cfg = pl->cfg;
    size_t k = pl->n_dims, n = pl->nr * pl->ny;
    rc_weight_spec base_w, ws;
    rc_agg_spec base_a, as;
    rc_weights_default(&base_w);
    rc_agg_default(&base_a);
    memset(&ws, 0, sizeof ws);
    memset(&as, 0, sizeof as);
    int rc = -1;
    const double **cols = rc_calloc(k, sizeof *cols);
    const char **ids = rc_calloc(k, sizeof *ids);
    double *expl = rc_calloc(k, sizeof *expl);
    pl->dim_weights = rc_calloc(k * pl->ny, sizeof(double));
    pl->index = rc_malloc(n * sizeof(double));
    if (!cols || !ids || !expl || !pl->dim_weights || !pl->index) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (rc_weights_parse(cfg->index_weights, &base_w, &ws, err) != 0) goto done;
    if (rc_agg_parse(cfg->index_aggregate, &base_a, &as, err) != 0) goto done;
    if (index_missing(cfg, &pl->index_missing, err) != 0) goto done;
    for (size_t i = 0; i < k; i++) {
        cols[i] = pl->dims[i].scores;
        ids[i] = pl->dims[i].cfg->root.id;
        expl[i] = pl->dims[i].weight_index;
    }
    rc_weight_info info;
    memset(&info, 0, sizeof info);
    if (pl->baseline) { /* frozen dimension weights, the same in every year */
        for (size_t i = 0; i < k; i++) {
            const rc_bl_weight *e = rc_baseline_weight(pl->baseline, NULL, ids[i]);
            if (!e) {
                rc_error_set(err, RC_ERRK_CONFIG, "dimension '%s' of config %s has no index "
                             "weight in baseline %s; the baseline does not match the config "
                             "(make a new one with `regcoord baseline`)", ids[i], cfg->path,
                             pl->baseline->name);
                goto done;
            }
            for (size_t t = 0; t < pl->ny; t++) pl->dim_weights[t * k + i] = e->w;
        }
        snprintf(info.method, sizeof info.method, "baseline");
    } else if (rc_weights_compute(&ws, cols, NULL, k, pl->nr, pl->ny, expl, ids, pl->dim_weights,
                                  &info, err) != 0) {
        rc_error_prefix(err, "index weights: ");
        goto done;
    }
    snprintf(pl->index_weights_method, sizeof pl->index_weights_method, "%s", info.method);
    if (info.fallback_equal)
        rc_pl_warn(pl, "index weights: %s weights are undefined on these data; equal weights used",
                   info.method);
    else if (info.warning[0])
        rc_pl_warn(pl, "index weights: %s", info.warning);
    if (rc_aggregate(&as, cols, k, pl->nr, pl->ny, pl->dim_weights, pl->index_missing.policy,
                     ids, (const char *const *)pl->panel->region_ids, pl->panel->years,
                     pl->index, err) != 0) {
        rc_error_prefix(err, "index: ");
        goto done;
    }
    if (index_coverage(pl, cols) != 0) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    pl->index_agg = as; /* owns no memory */
    snprintf(pl->index_aggregate_method, sizeof pl->index_aggregate_method, "%s",
             rc_agg_method_name(as.method));
    /* overall leaf weights: product of local weights down the tree times the dimension's */
    rc = 0;
done:
    rc_weights_free(&ws);
    rc_agg_free(&as);
    rc_weights_free(&base_w);
    rc_agg_free(&base_a);
    free(cols);
    free(ids);
    free(expl);
    return rc;
}

static int overall_weights(rc_pipeline *pl, rc_comp_run *c, const double *parent_w)
{
    double *mine = rc_malloc(pl->ny * sizeof(double));
    if (!mine) return -1;
    for (size_t t = 0; t < pl->ny; t++) mine[t] = parent_w[t];
    for (size_t i = 0; i < c->n_inds; i++)
        for (size_t t = 0; t < pl->ny; t++) c->inds[i]->w_overall[t] = mine[t] * c->inds[i]->w_local[t];
    for (size_t j = 0; j < c->n_comps; j++) {
        double *sub = rc_malloc(pl->ny * sizeof(double));
        for (size_t t = 0; sub && t < pl->ny; t++) sub[t] = mine[t] * c->comps[j].w_local[t];
        int bad = !sub || overall_weights(pl, &c->comps[j], sub) != 0;
        free(sub);
        if (bad) { free(mine); return -1; }
    }
    free(mine);
    return 0;
}

/* Ranks of one ny × nr column, year by year, into rank (ny × nr). */
static int rank_by_year(const rc_pipeline *pl, const double *v, long *rank)
{
    for (size_t t = 0; t < pl->ny; t++) rc_rank_desc(v + t * pl->nr, pl->nr, rank + t * pl->nr);
    return 0;
}

static int is_weights_constant(const rc_pipeline *pl, const double *w, size_t stride, size_t off)
{
    for (size_t t = 1; t < pl->ny; t++)
        if (w[t * stride + off] != w[off] && !(isnan(w[t * stride + off]) && isnan(w[off]))) return 0;
    return 1;
}

static int add_weight_rows(rc_pipeline *pl, struct rc_table *tw, const char *level,
                           const char *parent, const char *child, const double *w, size_t stride,
                           size_t off, const char *method)
{
    int constant = is_weights_constant(pl, w, stride, off);
    for (size_t t = 0; t < (constant ? 1 : pl->ny); t++) {
        long r = rc_table_add_row(tw);
        if (r < 0) return -1;
        char yb[16];
        snprintf(yb, sizeof yb, "%d", pl->panel->years[t]);
        if (rc_table_set_str(tw, (size_t)r, 0, level) || rc_table_set_str(tw, (size_t)r, 1, parent) ||
            rc_table_set_str(tw, (size_t)r, 2, child) ||
            rc_table_set_str(tw, (size_t)r, 3, constant ? "all" : yb) ||
            rc_table_set_num(tw, (size_t)r, 4, w[t * stride + off]) ||
            rc_table_set_str(tw, (size_t)r, 5, method))
            return -1;
    }
    return 0;
}

static int comp_tables(rc_pipeline *pl, const rc_dim_run *d, const rc_comp_run *c,
                       struct rc_table *ti, struct rc_table *tw, const char *const *regions)
{
    const char *dim = rc_table_intern(ti, d->cfg->root.id), *path = rc_table_intern(ti, c->path);
    if (!dim || !path) return -1;
    for (size_t i = 0; i < c->n_inds; i++) {
        const rc_ind_run *ind = c->inds[i];
        if (add_weight_rows(pl, tw, "indicator", c->path, ind->id, ind->w_local, 1, 0,
                            c->weights_method) != 0)
            return -1;
        const char *id = rc_table_intern(ti, ind->id);
        if (!id) return -1;
        for (size_t t = 0; t < pl->ny; t++) {
            for (size_t r = 0; r < pl->nr; r++) {
                size_t cell = t * pl->nr + r;
                long row = rc_table_add_row(ti);
                if (row < 0) return -1;
                size_t R = (size_t)row;
                rc_cell *cl = ti->cells + R * ti->ncols; /* columns in the order of icols */
                cl[0].s = regions[r];
                cl[1].i = pl->panel->years[t];
                cl[2].s = dim;
                cl[3].s = path;
                cl[4].s = id;
                cl[5].i = ind->direction;
                cl[6].d = ind->raw[cell];
                cl[7].d = ind->value[cell];
                cl[8].d = ind->norm[cell];
                cl[9].d = ind->w_local[t];
                cl[10].d = ind->w_overall[t];
            }
        }
    }
    for (size_t j = 0; j < c->n_comps; j++) {
        if (add_weight_rows(pl, tw, "component", c->path, c->comps[j].id, c->comps[j].w_local, 1, 0,
                            c->weights_method) != 0)
            return -1;
        if (comp_tables(pl, d, &c->comps[j], ti, tw, regions) != 0) return -1;
    }
    return 0;
}

/* Rows of the `components` table for every component below c (the dimension itself is in
 * `scores`). */
static int component_rows(rc_pipeline *pl, const char *dim, const rc_comp_run *c, struct rc_table *t,
                          long *rank)
{
    for (size_t j = 0; j < c->n_comps; j++) {
        const rc_comp_run *sub = &c->comps[j];
        for (size_t y = 0; y < pl->ny; y++) rc_rank_desc(sub->score + y * pl->nr, pl->nr, rank + y * pl->nr);
        for (size_t y = 0; y < pl->ny; y++) {
            for (size_t r = 0; r < pl->nr; r++) {
                size_t cell = y * pl->nr + r;
                long row = rc_table_add_row(t);
                if (row < 0) return -1;
                size_t R = (size_t)row;
                double v = sub->score[cell];
                if (rc_table_set_str(t, R, 0, pl->panel->region_ids[r]) ||
                    rc_table_set_int(t, R, 1, pl->panel->years[y]) || rc_table_set_str(t, R, 2, dim) ||
                    rc_table_set_str(t, R, 3, sub->path) ||
                    rc_table_set_num(t, R, 4, isnan(v) ? NAN : v * pl->cfg->index_scale) ||
                    rc_table_set_int(t, R, 5, rank[cell]) ||
                    rc_table_set_int(t, R, 6, !isnan(v) && sub->n_present &&
                                                  sub->n_present[cell] < sub->n_leaves))
                    return -1;
            }
        }
        if (component_rows(pl, dim, sub, t, rank) != 0) return -1;
    }
    return 0;
}

/* Adds score, rank, change, rank_change and partial columns for one series of values;
 * `present` (NULL = never partial) counts the indicators each cell is built from, of
 * `expected`. */
static int score_rows(rc_pipeline *pl, struct rc_table *t, const char *dim, const double *v,
                      const long *rank, double scale, const unsigned *present, size_t expected)
{
    size_t off = dim ? 1 : 0;
    for (size_t y = 0; y < pl->ny; y++) {
        for (size_t r = 0; r < pl->nr; r++) {
            size_t cell = y * pl->nr + r;
            long row = rc_table_add_row(t);
            if (row < 0) return -1;
            size_t R = (size_t)row;
            double val = isnan(v[cell]) ? NAN : v[cell] * scale;
            if (rc_table_set_str(t, R, 0, pl->panel->region_ids[r]) ||
                rc_table_set_int(t, R, 1, pl->panel->years[y]) ||
                (dim && rc_table_set_str(t, R, 2, dim)) || rc_table_set_num(t, R, 2 + off, val))
                return -1;
            if (rank[cell] > 0) rc_table_set_int(t, R, 3 + off, rank[cell]);
            else rc_table_set_int(t, R, 3 + off, 0);
            if (y > 0) {
                size_t prev = (y - 1) * pl->nr + r;
                if (!isnan(v[cell]) && !isnan(v[prev]))
                    rc_table_set_num(t, R, 4 + off, (v[cell] - v[prev]) * scale);
                if (rank[cell] > 0 && rank[prev] > 0)
                    rc_table_set_num(t, R, 5 + off, (double)(rank[prev] - rank[cell]));
            }
            int partial = present && !isnan(v[cell]) && present[cell] < expected;
            if (rc_table_set_int(t, R, 6 + off, partial)) return -1;
        }
    }
    return 0;
}

int rc_tables_build(rc_pipeline *pl, rc_error *err)
{
    static const char *icols[] = {"region", "year", "dimension", "component", "indicator",
                                  "direction", "raw", "value", "normalised", "weight",
                                  "weight_overall"};
    static const int32_t itypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_STRING,
                                     RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_NUMBER,
                                     RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER};
    static const char *wcols[] = {"level", "parent", "child", "year", "weight", "method"};
    static const int32_t wtypes[] = {RC_COL_STRING, RC_COL_STRING, RC_COL_STRING, RC_COL_STRING,
                                     RC_COL_NUMBER, RC_COL_STRING};
    static const char *scols[] = {"region", "year", "dimension", "score", "rank", "change",
                                  "rank_change", "partial"};
    static const int32_t stypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_NUMBER,
                                     RC_COL_INT, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_INT};
    static const char *ccols[] = {"region", "year", "dimension", "component", "score", "rank",
                                  "partial"};
    static const int32_t ctypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_STRING,
                                     RC_COL_NUMBER, RC_COL_INT, RC_COL_INT};
    static const char *xcols[] = {"region", "year", "index", "rank", "change", "rank_change",
                                  "partial"};
    static const int32_t xtypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_INT,
                                     RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_INT};
    size_t n = pl->nr * pl->ny;
    struct rc_table *ti = rc_table_add(pl->rs, "indicators", 11, icols, itypes);
    struct rc_table *tw = rc_table_add(pl->rs, "weights", 6, wcols, wtypes);
    struct rc_table *ts = rc_table_add(pl->rs, "scores", 8, scols, stypes);
    struct rc_table *tx = rc_table_add(pl->rs, "index", 7, xcols, xtypes);
    struct rc_table *tc = rc_table_add(pl->rs, "components", 7, ccols, ctypes);
    long *rank = rc_malloc(n * sizeof(long));
    const char **regions = NULL;
    int rc = -1;
    if (!ti || !tw || !ts || !tx || !tc || !rank) goto nomem;
    for (size_t i = 0; i < pl->n_dims; i++) {
        rc_dim_run *d = &pl->dims[i];
        double *dw = rc_malloc(pl->ny * sizeof(double));
        if (!dw) goto nomem;
        for (size_t t = 0; t < pl->ny; t++) dw[t] = pl->dim_weights[t * pl->n_dims + i];
        int bad = overall_weights(pl, &d->root, dw) != 0;
        free(dw);
        if (bad) goto nomem;
    }
    for (size_t i = 0; i < pl->n_dims; i++) {
        if (add_weight_rows(pl, tw, "dimension", "index", pl->dims[i].cfg->root.id,
                            pl->dim_weights, pl->n_dims, i, pl->index_weights_method) != 0)
            goto nomem;
    }
    regions = rc_malloc(pl->nr * sizeof *regions);
    if (!regions) goto nomem;
    {
        size_t leaves = 0; /* one indicators row per region, year and leaf */
        for (size_t i = 0; i < pl->n_dims; i++) leaves += rc_comp_count_leaves(&pl->dims[i].root);
        if (rc_table_reserve(ti, leaves * n) != 0 || rc_table_reserve(ts, pl->n_dims * n) != 0 ||
            rc_table_reserve(tx, n) != 0)
            goto nomem;
    }
    for (size_t r = 0; r < pl->nr; r++)
        if (!(regions[r] = rc_table_intern(ti, pl->panel->region_ids[r]))) goto nomem;
    for (size_t i = 0; i < pl->n_dims; i++)
        if (comp_tables(pl, &pl->dims[i], &pl->dims[i].root, ti, tw, regions) != 0) goto nomem;
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_dim_run *d = &pl->dims[i];
        rank_by_year(pl, d->scores, rank);
        if (score_rows(pl, ts, d->cfg->root.id, d->scores, rank, pl->cfg->index_scale,
                       d->scores == d->root.score ? d->root.n_present : NULL,
                       d->root.n_leaves) != 0)
            goto nomem;
    }
    for (size_t i = 0; i < pl->n_dims; i++)
        if (component_rows(pl, pl->dims[i].cfg->root.id, &pl->dims[i].root, tc, rank) != 0) goto nomem;
    rank_by_year(pl, pl->index, rank);
    if (score_rows(pl, tx, NULL, pl->index, rank, pl->cfg->index_scale, pl->index_present,
                   pl->index_expected) != 0)
        goto nomem;
    rc = 0;
    goto done;
nomem:
    rc_error_set(err, RC_ERRK_OTHER, "out of memory while building the result tables");
done:
    free(rank);
    free(regions);
    return rc;
}
