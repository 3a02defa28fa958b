/* pipeline/services.c — the host services table (rc_host) every plugin calls: messages, its
 * config section (raw nodes and typed getters applying the declared defaults), the panel,
 * dimension results, the run's results for analyses, reading and adding result tables, and
 * atomic report output.
 * Each service checks its context: a dimension-only service called from a reporter (or the
 * reverse) fails with an error instead of misbehaving. */
#include "pipeline/context.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/schema.h"
#include "data/weights.h"
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
    const rc_spatial *s = NULL; /* adjacency, else distance from the coordinates */
    rc_error e;
    if (rc_panel_weights(ctx->pl->panel, &s, &e) != 0) {
        if (e.kind == RC_ERRK_CONFIG || e.kind == RC_ERRK_DATA) {
            ctx->host_err = e;
            ctx->host_err_set = 1;
            return svc_fail(ctx, &e, RC_EINVAL);
        }
        return svc_fail(ctx, &e, RC_ENOMEM);
    }
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

/* ---- typed config getters (ABI 1.1) ---- */

/* The declared key `key` of the calling plugin, or NULL (error set). */
static const rc_config_key *declared_key(rc_ctx *ctx, const char *key, const char *service)
{
    const rc_plugin *p = ctx->plugin;
    for (size_t i = 0; p && key && i < p->n_keys; i++)
        if (strcmp(p->keys[i].key, key) == 0) return &p->keys[i];
    rc_error e;
    rc_error_set(&e, RC_ERRK_PLUGIN, "%s('%s'): the plugin declares no config key '%s'", service,
                 key ? key : "(null)", key ? key : "(null)");
    svc_fail(ctx, &e, RC_EINVAL);
    return NULL;
}

/* The node a getter reads: the key's value, or a scalar holding its default in *tmp
 * (buf holds the text). NULL when absent without default. */
static const rc_node *value_or_default(rc_ctx *ctx, const rc_config_key *k, rc_node *tmp,
                                       char *buf, size_t size)
{
    const rc_node *n = ctx->section ? rc_node_get(ctx->section, k->key) : NULL;
    if (n && !rc_node_is_null(n)) return n;
    if (!k->default_value) return NULL;
    memset(tmp, 0, sizeof *tmp);
    snprintf(buf, size, "%s", k->default_value);
    tmp->kind = RC_NODE_SCALAR;
    tmp->file = "(default)";
    tmp->str = buf;
    return tmp;
}

static int32_t bad_value(rc_ctx *ctx, const rc_config_key *k, const rc_node *n, const char *as)
{
    char w[512];
    rc_error e;
    rc_error_set(&e, RC_ERRK_CONFIG, "%s: '%s' must be %s", rc_node_where(n, w, sizeof w), k->key,
                 as);
    return svc_fail(ctx, &e, RC_EINVAL);
}

/* Common head of every getter: the key, and its value or default (RC_ENOTFOUND). */
#define GETTER_HEAD(service)                                                              \
    if (!ctx || !out) return RC_EINVAL;                                                   \
    const rc_config_key *k = declared_key(ctx, key, service);                             \
    if (!k) return RC_EINVAL;                                                             \
    rc_node tmp;                                                                          \
    char dbuf[512];                                                                       \
    const rc_node *n = value_or_default(ctx, k, &tmp, dbuf, sizeof dbuf);                 \
    if (!n) return RC_ENOTFOUND

static int32_t svc_cfg_str(rc_ctx *ctx, const char *key, const char **out)
{
    GETTER_HEAD("cfg_str");
    if (n == &tmp) { /* the default: the plugin's own static text */
        *out = k->default_value;
        return RC_OK;
    }
    const char *s = rc_node_as_str(n);
    if (!s) return bad_value(ctx, k, n, "a text value");
    *out = s;
    return RC_OK;
}

static int32_t svc_cfg_int(rc_ctx *ctx, const char *key, int64_t *out)
{
    GETTER_HEAD("cfg_int");
    return rc_node_as_int(n, out) == 0 ? RC_OK : bad_value(ctx, k, n, "an integer");
}

static int32_t svc_cfg_number(rc_ctx *ctx, const char *key, double *out)
{
    GETTER_HEAD("cfg_number");
    return rc_node_as_number(n, out) == 0 ? RC_OK : bad_value(ctx, k, n, "a number");
}

static int32_t svc_cfg_bool(rc_ctx *ctx, const char *key, int32_t *out)
{
    GETTER_HEAD("cfg_bool");
    int b;
    if (rc_node_as_bool(n, &b) != 0) return bad_value(ctx, k, n, "true or false");
    *out = b;
    return RC_OK;
}

static int32_t svc_cfg_enum(rc_ctx *ctx, const char *key, int32_t *out)
{
    GETTER_HEAD("cfg_enum");
    long i = k->type == RC_CFG_ENUM ? rc_choice_index(k->choices, rc_node_as_str(n)) : -1;
    if (i < 0) return bad_value(ctx, k, n, k->type == RC_CFG_ENUM ? "one of its choices"
                                                                 : "declared as an enum key");
    *out = (int32_t)i;
    return RC_OK;
}

/* ---- the run's results (ABI 1.1, analysis plugins) ---- */
static const rc_run_state *run_of(rc_ctx *ctx, const char *service)
{
    if (!ctx) return NULL;
    if (!ctx->run) svc_misuse(ctx, service);
    return ctx->run;
}

static size_t svc_n_dimensions(rc_ctx *ctx)
{
    const rc_run_state *st = run_of(ctx, "n_dimensions");
    return st ? st->n_dims : 0;
}

static const char *svc_dimension_id(rc_ctx *ctx, size_t d)
{
    const rc_run_state *st = run_of(ctx, "dimension_id");
    return st && d < st->n_dims ? st->dim_ids[d] : NULL;
}

/* Hands out one array of the run state, or fails as a service does. */
static int32_t give(rc_ctx *ctx, const double *v, const double **values, const char *what)
{
    if (!values) return RC_EINVAL;
    *values = v;
    if (v) return RC_OK;
    rc_error e;
    rc_error_set(&e, RC_ERRK_PLUGIN, "%s: no such dimension, indicator or array", what);
    return svc_fail(ctx, &e, RC_ENOTFOUND);
}

static int32_t svc_dimension_scores(rc_ctx *ctx, size_t d, const double **values)
{
    const rc_run_state *st = run_of(ctx, "dimension_scores");
    if (!st) return RC_EINVAL;
    return give(ctx, d < st->n_dims ? st->dim_scores[d] : NULL, values, "dimension_scores");
}

static int32_t svc_dimension_weights(rc_ctx *ctx, size_t d, const double **values)
{
    const rc_run_state *st = run_of(ctx, "dimension_weights");
    if (!st) return RC_EINVAL;
    return give(ctx, d < st->n_dims && st->dim_weight ? st->dim_weight[d] : NULL, values,
                "dimension_weights");
}

static int32_t svc_index_values(rc_ctx *ctx, const double **values, double *scale)
{
    const rc_run_state *st = run_of(ctx, "index_values");
    if (!st) return RC_EINVAL;
    if (scale) *scale = st->scale;
    return give(ctx, st->index, values, "index_values");
}

static size_t svc_n_indicators(rc_ctx *ctx)
{
    const rc_run_state *st = run_of(ctx, "n_indicators");
    return st ? st->n_leaves : 0;
}

static const char *svc_indicator_id(rc_ctx *ctx, size_t i)
{
    const rc_run_state *st = run_of(ctx, "indicator_id");
    return st && i < st->n_leaves ? st->leaf_ids[i] : NULL;
}

static const char *svc_indicator_dimension(rc_ctx *ctx, size_t i)
{
    const rc_run_state *st = run_of(ctx, "indicator_dimension");
    return st && i < st->n_leaves ? st->leaf_dim[i] : NULL;
}

static int32_t svc_indicator_values(rc_ctx *ctx, size_t i, int32_t which, const double **values)
{
    const rc_run_state *st = run_of(ctx, "indicator_values");
    if (!st) return RC_EINVAL;
    const double *v = NULL;
    if (i < st->n_leaves) {
        if (which == RC_IND_VALUE && st->leaf_value) v = st->leaf_value[i];
        else if (which == RC_IND_NORMALISED) v = st->leaf_norm[i];
        else if (which == RC_IND_WEIGHT) v = st->leaf_weight[i];
    }
    return give(ctx, v, values, "indicator_values");
}

static int32_t svc_region_coords(rc_ctx *ctx, size_t r, double *x, double *y)
{
    if (!ctx || !ctx->pl || !ctx->pl->panel || !x || !y) return RC_EINVAL;
    const rc_panel *p = ctx->pl->panel;
    if (!p->coord_x || !p->coord_y) return RC_ENOTFOUND;
    if (r >= p->n_regions) return RC_EINVAL;
    *x = p->coord_x[r];
    *y = p->coord_y[r];
    return RC_OK;
}

/* ---- adding result tables (ABI 1.1, analysis plugins) ---- */
static int32_t table_fail(rc_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int32_t table_fail(rc_ctx *ctx, const char *fmt, ...)
{
    char buf[RC_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    rc_error e;
    rc_error_set(&e, RC_ERRK_PLUGIN, "%s", buf);
    return svc_fail(ctx, &e, RC_EINVAL);
}

static rc_table *svc_table_add(rc_ctx *ctx, const char *name, size_t ncols,
                               const char *const *col_names, const int32_t *col_types)
{
    if (!ctx) return NULL;
    if (!ctx->run || !ctx->pl || !ctx->pl->rs) {
        svc_misuse(ctx, "table_add");
        return NULL;
    }
    const char *const *prov = ctx->plugin ? RC_DESC_FIELD(ctx->plugin->desc, provides) : NULL;
    int listed = 0;
    for (size_t i = 0; name && prov && prov[i]; i++) listed |= strcmp(prov[i], name) == 0;
    if (!listed) {
        table_fail(ctx, "table_add('%s'): the plugin's descriptor does not list '%s' under "
                        "provides", name ? name : "(null)", name ? name : "(null)");
        return NULL;
    }
    if (ncols == 0 || !col_names || !col_types || ncols > 4096) {
        table_fail(ctx, "table_add('%s'): a table needs 1 to 4096 columns, each with a name "
                        "and a type", name);
        return NULL;
    }
    for (size_t c = 0; c < ncols; c++) {
        if (!col_names[c] || !col_names[c][0] ||
            (col_types[c] != RC_COL_STRING && col_types[c] != RC_COL_INT &&
             col_types[c] != RC_COL_NUMBER)) {
            table_fail(ctx, "table_add('%s'): column %s has no name or a type that is not "
                            "RC_COL_STRING, RC_COL_INT or RC_COL_NUMBER", name,
                       col_names[c] ? col_names[c] : "(null)");
            return NULL;
        }
        for (size_t d = 0; d < c; d++)
            if (strcmp(col_names[d], col_names[c]) == 0) {
                table_fail(ctx, "table_add('%s'): two columns are named '%s'", name, col_names[c]);
                return NULL;
            }
    }
    if (rc_table_get(ctx->pl->rs, name)) {
        table_fail(ctx, "table_add('%s'): the run already has a table named '%s'", name, name);
        return NULL;
    }
    if (ctx->n_own == ctx->cap_own) {
        size_t cap = ctx->cap_own ? 2 * ctx->cap_own : 4;
        struct rc_table **g = rc_reallocarray(ctx->own, cap, sizeof *g);
        if (!g) return NULL;
        ctx->own = g;
        ctx->cap_own = cap;
    }
    struct rc_table *t = rc_table_add(ctx->pl->rs, name, ncols, col_names, col_types);
    if (!t) {
        table_fail(ctx, "table_add('%s'): out of memory", name);
        return NULL;
    }
    ctx->own[ctx->n_own++] = t;
    return t;
}

/* t when the calling callback created it, else NULL (error set). */
static struct rc_table *own_table(rc_ctx *ctx, rc_table *t, const char *service)
{
    for (size_t i = 0; ctx && t && i < ctx->n_own; i++)
        if (ctx->own[i] == t) return t;
    if (ctx)
        table_fail(ctx, "%s: the table was not added by this callback (only tables made with "
                        "table_add may be written)", service);
    return NULL;
}

static int64_t svc_table_add_row(rc_ctx *ctx, rc_table *t)
{
    struct rc_table *tt = own_table(ctx, t, "table_add_row");
    if (!tt) return -1;
    long r = rc_table_add_row(tt);
    if (r < 0) table_fail(ctx, "table_add_row('%s'): out of memory", tt->name);
    return r;
}

/* The table when (row, col) is a cell of the caller's own table of column type `type`. */
static struct rc_table *own_cell(rc_ctx *ctx, rc_table *t, size_t row, size_t col, int32_t type,
                                 const char *service)
{
    struct rc_table *tt = own_table(ctx, t, service);
    if (!tt) return NULL;
    if (row >= tt->nrows || col >= tt->ncols) {
        table_fail(ctx, "%s: row %zu, column %zu is outside table '%s' (%zu rows, %zu columns)",
                   service, row, col, tt->name, tt->nrows, tt->ncols);
        return NULL;
    }
    if (tt->col_types[col] != type) {
        table_fail(ctx, "%s: column '%s' has another type", service, tt->col_names[col]);
        return NULL;
    }
    return tt;
}

static int32_t svc_table_set_str(rc_ctx *ctx, rc_table *t, size_t row, size_t col, const char *v)
{
    struct rc_table *tt = own_cell(ctx, t, row, col, RC_COL_STRING, "table_set_str");
    if (!tt) return RC_EINVAL;
    return rc_table_set_str(tt, row, col, v) == 0 ? RC_OK : RC_ENOMEM;
}

static int32_t svc_table_set_num(rc_ctx *ctx, rc_table *t, size_t row, size_t col, double v)
{
    struct rc_table *tt = own_cell(ctx, t, row, col, RC_COL_NUMBER, "table_set_num");
    if (!tt) return RC_EINVAL;
    if (isinf(v)) return table_fail(ctx, "table_set_num: an infinite value in column '%s' of '%s'",
                                    tt->col_names[col], tt->name);
    return rc_table_set_num(tt, row, col, v) == 0 ? RC_OK : RC_EINVAL;
}

static int32_t svc_table_set_int(rc_ctx *ctx, rc_table *t, size_t row, size_t col, int64_t v)
{
    struct rc_table *tt = own_cell(ctx, t, row, col, RC_COL_INT, "table_set_int");
    if (!tt) return RC_EINVAL;
    return rc_table_set_int(tt, row, col, v) == 0 ? RC_OK : RC_EINVAL;
}

static int32_t svc_table_set_info(rc_ctx *ctx, rc_table *t, const char *title,
                                  const char *description)
{
    struct rc_table *tt = own_table(ctx, t, "table_set_info");
    if (!tt) return RC_EINVAL;
    return rc_table_set_info(tt, title, description) == 0 ? RC_OK : RC_ENOMEM;
}

static const char *svc_table_title(rc_ctx *ctx, const rc_table *t)
{
    (void)ctx;
    return t ? t->title : NULL;
}

static const char *svc_table_description(rc_ctx *ctx, const rc_table *t)
{
    (void)ctx;
    return t ? t->description : NULL;
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

/* A plugin's output path: absolute, or relative to the report's path (checked against the
 * output folder by pipeline/output.c). 0, or -1 with e set. */
static int full_output_path(const rc_ctx *ctx, const char *path, rc_buf *full, rc_error *e)
{
    rc_buf_init(full);
    rc_error_clear(e);
    if (path[0] == '/') rc_buf_puts(full, path);
    else rc_buf_printf(full, "%s/%s", ctx->output_path, path);
    return full->failed ? rc_error_set(e, RC_ERRK_OTHER, "out of memory") : 0;
}

static rc_output *svc_output_begin(rc_ctx *ctx, const char *path)
{
    if (!ctx || !ctx->report || !path) {
        if (ctx) svc_misuse(ctx, "output_begin");
        return NULL;
    }
    rc_buf full;
    rc_error e;
    rc_output *out = NULL;
    if (ctx->report->root_config) {
        rc_error_set(&e, RC_ERRK_CONFIG, "'root: config' is only for a store the reporter "
                     "updates in place (the sqlite history); plugin '%s' writes report files, "
                     "which stay in the output folder (-o): remove 'root'",
                     ctx->plugin ? ctx->plugin->name : "?");
        svc_fail(ctx, &e, RC_EINVAL);
        return NULL;
    }
    if (full_output_path(ctx, path, &full, &e) == 0)
        out = rc_outputs_begin(&ctx->pl->outputs, full.data, &e);
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

static int32_t svc_output_in_place(rc_ctx *ctx, const char *path,
                                   int32_t (*commit)(void *user, char *msg, size_t size),
                                   void (*release)(void *user), void *user)
{
    if (!ctx || !ctx->report || !path || !commit || !release) {
        if (release) release(user);
        return ctx ? svc_misuse(ctx, "output_in_place") : RC_EINVAL;
    }
    rc_buf full;
    rc_error e;
    int rc;
    if (full_output_path(ctx, path, &full, &e) != 0) {
        release(user);
        rc = -1;
    } else {
        rc = rc_outputs_in_place(&ctx->pl->outputs, full.data,
                                 ctx->report->root_config ? ctx->pl->cfg->dir : NULL, commit,
                                 release, user, &e);
    }
    rc_buf_free(&full);
    return rc == 0 ? RC_OK : svc_fail(ctx, &e, RC_EIO);
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
    .cfg_str = svc_cfg_str,
    .cfg_int = svc_cfg_int,
    .cfg_number = svc_cfg_number,
    .cfg_bool = svc_cfg_bool,
    .cfg_enum = svc_cfg_enum,
    .n_dimensions = svc_n_dimensions,
    .dimension_id = svc_dimension_id,
    .dimension_scores = svc_dimension_scores,
    .dimension_weights = svc_dimension_weights,
    .index_values = svc_index_values,
    .n_indicators = svc_n_indicators,
    .indicator_id = svc_indicator_id,
    .indicator_dimension = svc_indicator_dimension,
    .indicator_values = svc_indicator_values,
    .region_coords = svc_region_coords,
    .table_add = svc_table_add,
    .table_add_row = svc_table_add_row,
    .table_set_str = svc_table_set_str,
    .table_set_num = svc_table_set_num,
    .table_set_int = svc_table_set_int,
    .table_set_info = svc_table_set_info,
    .table_title = svc_table_title,
    .table_description = svc_table_description,
    .output_in_place = svc_output_in_place,
};

void rc_ctx_free(rc_ctx *ctx)
{
    if (!ctx) return;
    free(ctx->own);
    ctx->own = NULL;
    ctx->n_own = ctx->cap_own = 0;
}

void rc_ctx_error(const rc_ctx *ctx, const char *what, int32_t rc, rc_error *err)
{
    const char *name = ctx->plugin ? ctx->plugin->name : "?";
    if (ctx->host_err_set) {
        int same = ctx->err_set && strcmp(ctx->err.msg, ctx->host_err.msg) == 0;
        rc_error_set(err, ctx->host_err.kind, "plugin '%s' (%s): %s%s%s%s", name, what,
                     ctx->host_err.msg, ctx->err_set && !same ? " (the plugin said: " : "",
                     ctx->err_set && !same ? ctx->err.msg : "", ctx->err_set && !same ? ")" : "");
    } else if (ctx->err_set) {
        rc_errkind kind = ctx->err.kind == RC_ERRK_NONE ? RC_ERRK_PLUGIN : ctx->err.kind;
        /* a reporter that could not write its file (RC_EIO) failed on I/O, not as a plugin:
         * exit 1 like the host's own write errors */
        if (kind == RC_ERRK_PLUGIN && rc == RC_EIO) kind = RC_ERRK_OTHER;
        rc_error_set(err, kind, "plugin '%s' (%s): %s", name, what, ctx->err.msg);
    } else {
        rc_error_set(err, RC_ERRK_PLUGIN, "plugin '%s' (%s) failed with code %d and gave no reason",
                     name, what, (int)rc);
    }
}
