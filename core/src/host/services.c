/* host/services.c — the host services table (rc_host) every plugin calls: messages, its
 * config section, the panel, dimension results, result tables and atomic report output.
 * Each service checks its context: a dimension-only service called from a reporter (or the
 * reverse) fails with an error instead of misbehaving. */
#include "host/context.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

static void svc_log(rc_ctx *ctx, int32_t level, const char *message)
{
    if (!ctx || !message) return;
    const char *name = ctx->plugin ? ctx->plugin->name : "plugin";
    if (level <= RC_LOG_WARN) rc_pl_warn(ctx->pl, "%s: %s", name, message);
    else if (level == RC_LOG_INFO) rc_pl_info(ctx->pl, "%s: %s", name, message);
    else if (ctx->pl && ctx->pl->opts && ctx->pl->opts->verbosity >= 3)
        rc_pl_info(ctx->pl, "%s: %s", name, message);
}

static void svc_set_error(rc_ctx *ctx, const char *message)
{
    if (!ctx) return;
    rc_error_set(&ctx->err, RC_ERRK_PLUGIN, "%s", message ? message : "unspecified error");
    ctx->err_set = 1;
}

/* A service failure: remembered in the context with its own kind (config, data …). */
static int32_t svc_fail(rc_ctx *ctx, const rc_error *e, int32_t code)
{
    ctx->err = *e;
    ctx->err_set = 1;
    return code;
}

static int32_t svc_misuse(rc_ctx *ctx, const char *service)
{
    rc_error e;
    rc_error_set(&e, RC_ERRK_PLUGIN, "called %s from a callback that cannot use it", service);
    return svc_fail(ctx, &e, RC_EINVAL);
}

/* ---- config ---- */
static const rc_node *svc_config(rc_ctx *ctx) { return ctx ? ctx->section : NULL; }

static const rc_node *svc_node_get(rc_ctx *ctx, const rc_node *map, const char *key)
{
    (void)ctx;
    return map && key ? rc_node_get(map, key) : NULL;
}

static int32_t svc_node_kind(rc_ctx *ctx, const rc_node *n)
{
    (void)ctx;
    return n ? n->kind : RC_NODE_NONE;
}

static size_t svc_node_len(rc_ctx *ctx, const rc_node *n)
{
    (void)ctx;
    return n && n->kind != RC_NODE_SCALAR ? n->n : 0;
}

static const rc_node *svc_node_at(rc_ctx *ctx, const rc_node *n, size_t i)
{
    (void)ctx;
    return n && n->kind != RC_NODE_SCALAR && i < n->n ? n->items[i] : NULL;
}

static const char *svc_node_key_at(rc_ctx *ctx, const rc_node *n, size_t i)
{
    (void)ctx;
    return n && n->kind == RC_NODE_MAP && i < n->n ? n->keys[i] : NULL;
}

static const char *svc_node_str(rc_ctx *ctx, const rc_node *n)
{
    (void)ctx;
    return n ? rc_node_as_str(n) : NULL;
}

static int32_t svc_node_number(rc_ctx *ctx, const rc_node *n, double *out)
{
    (void)ctx;
    return n && out && rc_node_as_number(n, out) == 0 ? RC_OK : RC_EINVAL;
}

static int32_t svc_node_int(rc_ctx *ctx, const rc_node *n, int64_t *out)
{
    (void)ctx;
    return n && out && rc_node_as_int(n, out) == 0 ? RC_OK : RC_EINVAL;
}

static int32_t svc_node_bool(rc_ctx *ctx, const rc_node *n, int32_t *out)
{
    (void)ctx;
    int b;
    if (!n || !out || rc_node_as_bool(n, &b) != 0) return RC_EINVAL;
    *out = b;
    return RC_OK;
}

static const char *svc_node_where(rc_ctx *ctx, const rc_node *n)
{
    if (!ctx || !n) return "";
    return rc_node_where(n, ctx->where_buf, sizeof ctx->where_buf);
}

/* ---- panel ---- */
static size_t svc_n_regions(rc_ctx *ctx) { return ctx && ctx->pl && ctx->pl->panel ? ctx->pl->nr : 0; }
static size_t svc_n_years(rc_ctx *ctx) { return ctx && ctx->pl && ctx->pl->panel ? ctx->pl->ny : 0; }

static const char *svc_region_id(rc_ctx *ctx, size_t r)
{
    return ctx && ctx->pl && ctx->pl->panel && r < ctx->pl->nr ? ctx->pl->panel->region_ids[r] : NULL;
}

static int32_t svc_year(rc_ctx *ctx, size_t t)
{
    return ctx && ctx->pl && ctx->pl->panel && t < ctx->pl->ny ? ctx->pl->panel->years[t] : 0;
}

static const char *svc_region_group(rc_ctx *ctx, const char *grouping, size_t r)
{
    if (!ctx || !ctx->pl || !ctx->pl->panel || !grouping || r >= ctx->pl->nr) return NULL;
    const rc_grouping *g = rc_panel_grouping(ctx->pl->panel, grouping);
    return g ? g->labels[g->of_region[r]] : NULL;
}

static int32_t svc_series(rc_ctx *ctx, const char *name, const double **values)
{
    if (!ctx || !ctx->pl || !ctx->pl->panel || !name || !values) return RC_EINVAL;
    const double *v = ctx->dim ? rc_dim_series(ctx->pl, ctx->dim, name)
                               : (rc_panel_series(ctx->pl->panel, name) >= 0
                                      ? ctx->pl->panel->values[rc_panel_series(ctx->pl->panel, name)]
                                      : NULL);
    *values = v;
    return v ? RC_OK : RC_ENOTFOUND;
}

static int32_t svc_neighbours(rc_ctx *ctx, size_t r, const size_t **index, const double **weight,
                              size_t *n)
{
    if (!ctx || !ctx->pl || !ctx->pl->panel || !index || !weight || !n) return RC_EINVAL;
    const rc_spatial *s = ctx->pl->panel->spatial;
    if (!s) return RC_ENOTFOUND;
    if (r >= s->n) return RC_EINVAL;
    *index = s->nbr + s->off[r];
    *weight = s->w + s->off[r];
    *n = s->off[r + 1] - s->off[r];
    return RC_OK;
}

/* ---- dimension results ---- */
static int32_t svc_add_indicator(rc_ctx *ctx, const char *id, int32_t direction,
                                 const double *values, const char *description)
{
    if (!ctx || !ctx->dim) return ctx ? svc_misuse(ctx, "add_indicator") : RC_EINVAL;
    rc_error e;
    rc_error_clear(&e);
    if (!id || !values || (direction != RC_BENEFIT && direction != RC_COST)) {
        rc_error_set(&e, RC_ERRK_PLUGIN, "add_indicator needs an id, values and a direction of +1 or -1");
        return svc_fail(ctx, &e, RC_EINVAL);
    }
    if (rc_dim_add_values(ctx->pl, ctx->dim, id, direction, values, description, &e) != 0)
        return svc_fail(ctx, &e, RC_EINVAL);
    return RC_OK;
}

static int32_t svc_add_formula_indicator(rc_ctx *ctx, const char *id, int32_t direction,
                                         const char *formula, const char *description)
{
    if (!ctx || !ctx->dim) return ctx ? svc_misuse(ctx, "add_formula_indicator") : RC_EINVAL;
    rc_error e;
    rc_error_clear(&e);
    if (!id || !formula || (direction != RC_BENEFIT && direction != RC_COST)) {
        rc_error_set(&e, RC_ERRK_PLUGIN,
                     "add_formula_indicator needs an id, a formula and a direction of +1 or -1");
        return svc_fail(ctx, &e, RC_EINVAL);
    }
    if (rc_dim_add_formula(ctx->pl, ctx->dim, id, direction, formula, description, &e) != 0)
        return svc_fail(ctx, &e, e.kind == RC_ERRK_DATA ? RC_EDATA : RC_EINVAL);
    return RC_OK;
}

static int32_t svc_score_default(rc_ctx *ctx)
{
    if (!ctx || !ctx->dim) return ctx ? svc_misuse(ctx, "score_default") : RC_EINVAL;
    rc_error e;
    rc_error_clear(&e);
    if (rc_dim_score_default(ctx->pl, ctx->dim, &e) != 0)
        return svc_fail(ctx, &e, e.kind == RC_ERRK_DATA ? RC_EDATA : RC_EINVAL);
    return RC_OK;
}

static int32_t svc_set_scores(rc_ctx *ctx, const double *scores)
{
    if (!ctx || !ctx->dim) return ctx ? svc_misuse(ctx, "set_scores") : RC_EINVAL;
    rc_dim_run *d = ctx->dim;
    size_t n = ctx->pl->nr * ctx->pl->ny;
    if (!scores && n > 0) {
        rc_error e;
        rc_error_set(&e, RC_ERRK_PLUGIN, "set_scores was given no scores");
        return svc_fail(ctx, &e, RC_EINVAL);
    }
    if (!d->root.score) {
        d->root.score = rc_calloc(n, sizeof(double));
        if (!d->root.score) return RC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        double v = scores[i];
        if (!isnan(v) && !isfinite(v)) {
            rc_error e;
            rc_error_set(&e, RC_ERRK_PLUGIN, "set_scores was given an infinite score");
            return svc_fail(ctx, &e, RC_EINVAL);
        }
        d->root.score[i] = v;
    }
    d->scores = d->root.score;
    d->scored = 1;
    /* scores of the plugin's own: the tree's coverage no longer describes them */
    free(d->root.share);
    free(d->root.n_present);
    free(d->root.why);
    d->root.share = NULL;
    d->root.n_present = NULL;
    d->root.why = NULL;
    return RC_OK;
}

/* ---- results ---- */
static size_t svc_n_tables(rc_ctx *ctx) { return ctx && ctx->pl && ctx->pl->rs ? ctx->pl->rs->n : 0; }

static const rc_table *svc_table_at(rc_ctx *ctx, size_t i)
{
    return ctx && ctx->pl && ctx->pl->rs && i < ctx->pl->rs->n ? ctx->pl->rs->tables[i] : NULL;
}

static const rc_table *svc_table_by_name(rc_ctx *ctx, const char *name)
{
    return ctx && ctx->pl && ctx->pl->rs && name ? rc_table_get(ctx->pl->rs, name) : NULL;
}

static const char *svc_table_name(rc_ctx *ctx, const rc_table *t) { (void)ctx; return t ? t->name : NULL; }
static size_t svc_table_ncols(rc_ctx *ctx, const rc_table *t) { (void)ctx; return t ? t->ncols : 0; }
static size_t svc_table_nrows(rc_ctx *ctx, const rc_table *t) { (void)ctx; return t ? t->nrows : 0; }

static const char *svc_col_name(rc_ctx *ctx, const rc_table *t, size_t c)
{
    (void)ctx;
    return t && c < t->ncols ? t->col_names[c] : NULL;
}

static int32_t svc_col_type(rc_ctx *ctx, const rc_table *t, size_t c)
{
    (void)ctx;
    return t && c < t->ncols ? t->col_types[c] : 0;
}

static int64_t svc_col_index(rc_ctx *ctx, const rc_table *t, const char *name)
{
    (void)ctx;
    return t && name ? (int64_t)rc_table_col(t, name) : -1;
}

static const char *svc_cell_str(rc_ctx *ctx, const rc_table *t, size_t r, size_t c)
{
    (void)ctx;
    return t ? rc_table_str(t, r, c) : NULL;
}

static double svc_cell_num(rc_ctx *ctx, const rc_table *t, size_t r, size_t c)
{
    (void)ctx;
    return t ? rc_table_num(t, r, c) : NAN;
}

static int64_t svc_cell_int(rc_ctx *ctx, const rc_table *t, size_t r, size_t c)
{
    (void)ctx;
    return t ? rc_table_int(t, r, c) : 0;
}

static const char *svc_cell_text(rc_ctx *ctx, const rc_table *t, size_t r, size_t c)
{
    if (!ctx || !t) return "";
    return rc_table_text(t, r, c, ctx->text_buf, sizeof ctx->text_buf);
}

/* ---- output ---- */
static const char *svc_output_path(rc_ctx *ctx) { return ctx ? ctx->output_path : NULL; }

static const char *svc_language(rc_ctx *ctx)
{
    if (ctx && ctx->report) {
        const rc_node *l = rc_node_get(ctx->report->node, "language");
        if (l && rc_node_as_str(l)) return rc_node_as_str(l);
    }
    return ctx && ctx->pl && ctx->pl->cfg->language ? ctx->pl->cfg->language : "en";
}

static rc_output *svc_output_begin(rc_ctx *ctx, const char *path)
{
    if (!ctx || !ctx->report || !path) {
        if (ctx) svc_misuse(ctx, "output_begin");
        return NULL;
    }
    rc_buf full;
    rc_buf_init(&full);
    if (path[0] == '/') rc_buf_puts(&full, path);
    else rc_buf_printf(&full, "%s/%s", ctx->output_path, path);
    rc_error e;
    rc_error_clear(&e);
    rc_output *out = NULL;
    if (full.failed) rc_error_set(&e, RC_ERRK_OTHER, "out of memory");
    else out = rc_outputs_begin(&ctx->pl->outputs, full.data, &e);
    rc_buf_free(&full);
    if (!out) svc_fail(ctx, &e, RC_EIO);
    return out;
}

static const char *svc_output_temp_path(rc_ctx *ctx, rc_output *out)
{
    (void)ctx;
    return out ? out->temp_path : NULL;
}

static int32_t svc_output_write(rc_ctx *ctx, rc_output *out, const void *data, size_t len)
{
    if (!ctx || !out || (!data && len)) return RC_EINVAL;
    rc_error e;
    if (rc_outputs_write(out, data, len, &e) != 0) return svc_fail(ctx, &e, RC_EIO);
    return RC_OK;
}

static int32_t svc_output_end(rc_ctx *ctx, rc_output *out)
{
    if (!ctx || !out) return RC_EINVAL;
    rc_error e;
    if (rc_outputs_end(out, &e) != 0) return svc_fail(ctx, &e, RC_EIO);
    return RC_OK;
}

const rc_host rc_host_services = {
    .size = sizeof(rc_host),
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .log = svc_log,
    .set_error = svc_set_error,
    .config = svc_config,
    .node_get = svc_node_get,
    .node_kind = svc_node_kind,
    .node_len = svc_node_len,
    .node_at = svc_node_at,
    .node_key_at = svc_node_key_at,
    .node_str = svc_node_str,
    .node_number = svc_node_number,
    .node_int = svc_node_int,
    .node_bool = svc_node_bool,
    .node_where = svc_node_where,
    .n_regions = svc_n_regions,
    .n_years = svc_n_years,
    .region_id = svc_region_id,
    .year = svc_year,
    .region_group = svc_region_group,
    .series = svc_series,
    .neighbours = svc_neighbours,
    .add_indicator = svc_add_indicator,
    .add_formula_indicator = svc_add_formula_indicator,
    .score_default = svc_score_default,
    .set_scores = svc_set_scores,
    .n_tables = svc_n_tables,
    .table_at = svc_table_at,
    .table_by_name = svc_table_by_name,
    .table_name = svc_table_name,
    .table_ncols = svc_table_ncols,
    .table_nrows = svc_table_nrows,
    .col_name = svc_col_name,
    .col_type = svc_col_type,
    .col_index = svc_col_index,
    .cell_str = svc_cell_str,
    .cell_num = svc_cell_num,
    .cell_int = svc_cell_int,
    .cell_text = svc_cell_text,
    .output_path = svc_output_path,
    .language = svc_language,
    .output_begin = svc_output_begin,
    .output_temp_path = svc_output_temp_path,
    .output_write = svc_output_write,
    .output_end = svc_output_end,
};

void rc_ctx_error(const rc_ctx *ctx, const char *what, int32_t rc, rc_error *err)
{
    const char *name = ctx->plugin ? ctx->plugin->name : "?";
    if (ctx->err_set) {
        rc_errkind kind = ctx->err.kind == RC_ERRK_NONE ? RC_ERRK_PLUGIN : ctx->err.kind;
        rc_error_set(err, kind, "plugin '%s' (%s): %s", name, what, ctx->err.msg);
    } else {
        rc_error_set(err, RC_ERRK_PLUGIN, "plugin '%s' (%s) failed with code %d and gave no reason",
                     name, what, (int)rc);
    }
}
