/* pipeline/pipeline.c — one assessment run, start to finish: resolve and check the
 * plugins named by the config, load the panel, score each dimension through its plugin,
 * build the index and tables, run the analyses, call every reporter, and only then move
 * the reports into place. Any failure leaves no new or half-written file behind. */
#include "pipeline/pipeline.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "config/files.h"
#include "data/load.h"
#include "pipeline/context.h"
#include "pipeline/guard.h"
#include "pipeline/baseline.h"
#include "analysis/run_state.h"
#include "pipeline/uncertainty.h"
#include "util/file.h"
#include "util/str.h"

void rc_pl_warn(rc_pipeline *pl, const char *fmt, ...)
{
    if (!pl) return;
    if (pl->opts && pl->opts->verbosity < 1) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("warning: ", pl->log);
    vfprintf(pl->log, fmt, ap);
    fputc('\n', pl->log);
    va_end(ap);
}

void rc_pl_info(rc_pipeline *pl, const char *fmt, ...)
{
    if (!pl || !pl->opts || pl->opts->verbosity < 2) return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(pl->log, fmt, ap);
    fputc('\n', pl->log);
    va_end(ap);
}

static void panel_warning(void *user, const char *message)
{
    rc_pl_warn(user, "%s", message);
}

/* Finds the plugin a dimension or report names, of the right kind, with a clear error. */
static const rc_plugin *resolve_plugin(const rc_registry *reg, const char *name, int32_t kind,
                                       const char *what, const rc_node *node, rc_error *err)
{
    char wb[512];
    rc_node_where(node, wb, sizeof wb);
    const rc_plugin *p = rc_registry_find(reg, name);
    if (!p) {
        const rc_refusal *ref = rc_registry_refusal(reg, name);
        if (ref) {
            rc_error_set(err, RC_ERRK_PLUGIN, "%s: %s needs plugin '%s', which was refused: %s", wb,
                         what, name, ref->reason);
            return NULL;
        }
        rc_buf names;
        rc_buf_init(&names);
        const char *cands[256];
        size_t nc = 0;
        for (size_t i = 0; i < reg->n; i++) {
            if (reg->plugins[i].desc->kind != kind) continue;
            rc_buf_printf(&names, "%s%s", names.len ? ", " : "", reg->plugins[i].name);
            if (nc < 256) cands[nc++] = reg->plugins[i].name;
        }
        const char *s = rc_suggest(name, cands, nc);
        rc_error_set(err, RC_ERRK_PLUGIN, "%s: %s needs plugin '%s', which was not found%s%s%s; "
                     "available %s plugins: %s (see `regcoord plugins`)", wb, what, name,
                     s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "",
                     rc_kind_name(kind), names.data ? names.data : "none");
        rc_buf_free(&names);
        return NULL;
    }
    if (p->desc->kind != kind) {
        rc_error_set(err, RC_ERRK_PLUGIN, "%s: %s needs a %s plugin, but '%s' is a %s plugin", wb,
                     what, rc_kind_name(kind), name, rc_kind_name(p->desc->kind));
        return NULL;
    }
    return p;
}

static int check_plugins(rc_pipeline *pl, rc_error *err)
{
    const rc_config *cfg = pl->cfg;
    for (size_t i = 0; i < cfg->n_dims; i++) {
        const rc_dimension_cfg *dc = &cfg->dims[i];
        char what[300];
        snprintf(what, sizeof what, "dimension '%s'", dc->root.id);
        const rc_plugin *p = resolve_plugin(pl->reg, dc->plugin, RC_KIND_DIMENSION, what, dc->node, err);
        if (!p) return -1;
        if (rc_config_check_dimension(dc, p->keys, p->n_keys, err) != 0)
            return -1;
    }
    for (size_t i = 0; i < cfg->n_reports; i++) {
        const rc_report_cfg *rp = &cfg->reports[i];
        char what[300];
        snprintf(what, sizeof what, "report %zu", i + 1);
        const rc_plugin *p = resolve_plugin(pl->reg, rp->plugin, RC_KIND_REPORTER, what, rp->node, err);
        if (!p) return -1;
        if (rc_config_check_report(rp, i, p->keys, p->n_keys, err) != 0)
            return -1;
    }
    return 0;
}

static int score_dimension(rc_pipeline *pl, rc_dim_run *d, rc_error *err)
{
    const rc_plugin *p = d->plugin;
    rc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.plugin = p;
    ctx.pl = pl;
    ctx.section = d->cfg->node;
    ctx.dim = d;
    char what[300];
    snprintf(what, sizeof what, "dimension '%s'", d->cfg->root.id);
    void *state = NULL;
    int32_t rc = RC_OK;
    rc_guard g; /* crash, time limit and read-only checks around the callbacks */
    rc_guard_enter(&g, p->name, what, rc_guard_timeout(pl->cfg), pl->panel, NULL, &pl->outputs,
                   &pl->guard_sums);
    if (p->desc->init) {
        rc_guard_call(&g, "init");
        rc = p->desc->init(&rc_host_services, &ctx, &state);
        if (rc != RC_OK) {
            if (rc_guard_leave(&g, err) == 0) rc_ctx_error(&ctx, what, rc, err);
            return -1;
        }
    }
    rc_guard_call(&g, "score");
    rc = p->desc->score(state, &rc_host_services, &ctx);
    rc_guard_call(&g, "fini");
    if (p->desc->fini) p->desc->fini(state);
    if (rc_guard_leave(&g, err) != 0) return -1;
    if (rc != RC_OK) {
        rc_ctx_error(&ctx, what, rc, err);
        return -1;
    }
    if (!d->scored)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' (%s) returned without recording scores (it must call "
                            "score_default or set_scores)", p->name, what);
    return 0;
}

static int run_reporter(rc_pipeline *pl, const rc_report_cfg *rp, size_t i, rc_error *err)
{
    const rc_plugin *p = rc_registry_find(pl->reg, rp->plugin);
    rc_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.plugin = p;
    ctx.pl = pl;
    ctx.section = rp->node;
    ctx.report = rp;
    rc_buf path;
    rc_buf_init(&path);
    /* both folders are absolute; `root: config` keeps a store beside the config */
    rc_buf_printf(&path, "%s/%s", rp->root_config ? pl->cfg->dir : pl->outputs.root, rp->path);
    if (path.failed) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    ctx.output_path = path.data;
    char what[300];
    snprintf(what, sizeof what, "report %zu, %s", i + 1, rp->path);
    void *state = NULL;
    int32_t rc = RC_OK;
    rc_guard g; /* crash, time limit and read-only checks around the callbacks */
    rc_guard_enter(&g, p->name, what, rc_guard_timeout(pl->cfg), pl->panel, pl->rs, &pl->outputs,
                   &pl->guard_sums);
    rc_guard_call(&g, "init");
    if (p->desc->init) rc = p->desc->init(&rc_host_services, &ctx, &state);
    if (rc == RC_OK) {
        rc_guard_call(&g, "report");
        rc = p->desc->report(state, &rc_host_services, &ctx);
        rc_guard_call(&g, "fini");
        if (p->desc->fini) p->desc->fini(state);
    }
    if (rc_guard_leave(&g, err) != 0) {
        rc_buf_free(&path);
        return -1;
    }
    if (rc != RC_OK) rc_ctx_error(&ctx, what, rc, err);
    rc_buf_free(&path);
    return rc == RC_OK ? 0 : -1;
}

static void list_leaf(void *user, const rc_ind_run *ind)
{
    rc_leaf_lists *l = user;
    l->ids[l->n] = ind->id;
    l->dims[l->n] = l->dim;
    l->norm[l->n] = ind->norm;
    l->weight[l->n] = ind->w_overall;
    l->value[l->n] = ind->value;
    l->n++;
}

void rc_run_view_free(rc_run_view *v, size_t n_dims)
{
    free(v->dim_ids);
    free(v->dim_scores);
    for (size_t i = 0; v->dim_weight && i < n_dims; i++) free(v->dim_weight[i]);
    free(v->dim_weight);
    free(v->l.ids);
    free(v->l.dims);
    free(v->l.norm);
    free(v->l.weight);
    free(v->l.value);
}

int rc_run_view_build(rc_pipeline *pl, rc_run_view *v, rc_error *err)
{
    memset(v, 0, sizeof *v);
    size_t nl = 0, k = pl->n_dims, ny = pl->ny;
    for (size_t i = 0; i < k; i++) nl += rc_comp_count_leaves(&pl->dims[i].root);
    v->dim_ids = rc_calloc(k ? k : 1, sizeof *v->dim_ids);
    v->dim_scores = rc_calloc(k ? k : 1, sizeof *v->dim_scores);
    v->dim_weight = rc_calloc(k ? k : 1, sizeof *v->dim_weight);
    v->l.ids = rc_calloc(nl ? nl : 1, sizeof(const char *));
    v->l.dims = rc_calloc(nl ? nl : 1, sizeof(const char *));
    v->l.norm = rc_calloc(nl ? nl : 1, sizeof(const double *));
    v->l.weight = rc_calloc(nl ? nl : 1, sizeof(const double *));
    v->l.value = rc_calloc(nl ? nl : 1, sizeof(const double *));
    if (!v->dim_ids || !v->dim_scores || !v->dim_weight || !v->l.ids || !v->l.dims ||
        !v->l.norm || !v->l.weight || !v->l.value)
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    for (size_t i = 0; i < k; i++) {
        v->dim_ids[i] = pl->dims[i].cfg->root.id;
        v->dim_scores[i] = pl->dims[i].scores;
        v->dim_weight[i] = rc_calloc(ny ? ny : 1, sizeof(double));
        if (!v->dim_weight[i]) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t t = 0; t < ny && pl->dim_weights; t++)
            v->dim_weight[i][t] = pl->dim_weights[t * k + i];
        v->l.dim = v->dim_ids[i];
        rc_comp_each_leaf(&pl->dims[i].root, list_leaf, &v->l);
    }
    rc_run_state st = {
        .cfg = pl->cfg, .panel = pl->panel, .nr = pl->nr, .ny = pl->ny,
        .n_dims = k, .dim_ids = v->dim_ids, .dim_scores = v->dim_scores,
        .dim_weights = pl->dim_weights, .index = pl->index, .scale = pl->cfg->index_scale,
        .n_leaves = v->l.n, .leaf_ids = v->l.ids, .leaf_dim = v->l.dims, .leaf_norm = v->l.norm,
        .leaf_weight = v->l.weight, .leaf_value = v->l.value,
        .dim_weight = (const double *const *)v->dim_weight,
    };
    v->st = st;
    return 0;
}

/* The built-in analyses, the uncertainty analysis, then the analysis plugins (which may
 * read every table made before them). */
static int run_analyses(rc_pipeline *pl, rc_error *err)
{
    rc_run_view v;
    int rc = rc_run_view_build(pl, &v, err);
    if (rc == 0 && pl->cfg->analysis) rc = rc_analysis_run_timed(&v.st, pl->rs, pl->times, err);
    double t = rc_clock_now();
    if (rc == 0) rc = rc_uncertainty_run(pl, err);
    const rc_node *a = pl->cfg->analysis;
    if (a && a->kind == RC_NODE_MAP && rc_node_get(a, "uncertainty"))
        rc_phase_mark(pl->times, "analysis uncertainty", t);
    if (rc == 0) rc = rc_an_plugins_run(pl, &v.st, err);
    rc_run_view_free(&v, pl->n_dims);
    return rc;
}

static int add_cell_tables(rc_resultset *rs)
{
    static const char *icols[] = {"region", "year", "series", "method", "value"};
    static const int32_t itypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_STRING, RC_COL_NUMBER};
    static const char *tcols[] = {"region", "year", "series", "method", "from", "to"};
    static const int32_t ttypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_STRING,
                                     RC_COL_NUMBER, RC_COL_NUMBER};
    if (!rc_table_add(rs, "imputed", 5, icols, itypes)) return -1;
    if (!rc_table_add(rs, "treated", 6, tcols, ttypes)) return -1;
    return 0;
}

/* Loads the baseline in force (--baseline, else the config's; none when making one) and
 * adds the drift table its runs fill. */
static int use_baseline(rc_pipeline *pl, rc_error *err)
{
    const rc_run_opts *o = pl->opts;
    const char *path = o && o->baseline ? o->baseline : pl->cfg->baseline;
    if (!path || (o && o->make_baseline)) return 0;
    if (rc_baseline_load(path, &pl->baseline, err) != 0) return -1;
    static const char *cols[] = {"region", "year", "dimension", "indicator", "value", "bound", "side"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_STRING,
                                    RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_STRING};
    if (!rc_table_add(pl->rs, "drift", 7, cols, types))
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    return 0;
}

/* The manifest's baseline row: the file name and its SHA-256. */
static int manifest_baseline(rc_pipeline *pl, rc_error *err)
{
    struct rc_table *t = rc_table_get(pl->rs, "manifest");
    if (!pl->baseline || !t) return 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *k = t->cells[r * t->ncols].s;
        if (!k || strcmp(k, "baseline") != 0) continue;
        char v[1200];
        snprintf(v, sizeof v, "%s sha256:%s", pl->baseline->name, pl->baseline->sha256);
        if (rc_table_set_str(t, r, 1, v) != 0) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    }
    return 0;
}

/* No infinity reaches a report: the first infinite number in any table stops the run with
 * a data error naming the table, column and row (with its region and year when it has
 * them), instead of a report printing "inf". */
static int check_finite(const rc_pipeline *pl, rc_error *err)
{
    const rc_resultset *rs = pl->rs;
    for (size_t ti = 0; ti < rs->n; ti++) {
        const struct rc_table *t = rs->tables[ti];
        long cr = rc_table_col(t, "region"), cy = rc_table_col(t, "year");
        for (size_t c = 0; c < t->ncols; c++) {
            if (t->col_types[c] != RC_COL_NUMBER) continue;
            for (size_t r = 0; r < t->nrows; r++) {
                double v = t->cells[r * t->ncols + c].d;
                if (!isinf(v)) continue;
                char at[256] = "";
                if (cr >= 0 && t->col_types[cr] == RC_COL_STRING && cy >= 0 &&
                    t->col_types[cy] == RC_COL_INT)
                    snprintf(at, sizeof at, " (region %s, year %lld)",
                             t->cells[r * t->ncols + (size_t)cr].s ? t->cells[r * t->ncols + (size_t)cr].s : "?",
                             (long long)t->cells[r * t->ncols + (size_t)cy].i);
                return rc_error_set(err, RC_ERRK_DATA,
                                    "table '%s', column '%s', row %zu%s is %s: a value overflowed "
                                    "the double range; check the magnitudes of the data and of "
                                    "the method parameters (range, shift, scale)", t->name,
                                    t->col_names[c], r + 1, at, v > 0 ? "+infinity" : "-infinity");
            }
        }
    }
    return 0;
}

/* Moves a table to the end of the set (so the set reads in a natural order). */
static void move_last(rc_resultset *rs, const char *name)
{
    for (size_t i = 0; i + 1 < rs->n; i++) {
        if (strcmp(rs->tables[i]->name, name) == 0) {
            struct rc_table *t = rs->tables[i];
            memmove(rs->tables + i, rs->tables + i + 1, (rs->n - i - 1) * sizeof *rs->tables);
            rs->tables[rs->n - 1] = t;
            return;
        }
    }
}

/* An input that exists must be a regular file: a FIFO, device or folder is refused here,
 * before any reader opens it (a missing one is left to its reader's message). */
static int check_input(void *user, const char *path, const char *what, rc_errkind kind,
                       const rc_node *node)
{
    rc_error *err = user;
    struct stat st;
    if (stat(path, &st) != 0) return 0;
    if (rc_check_regular(path, what, kind, err) == 0) return 0;
    if (node) {
        char w[512];
        rc_error_prefix(err, "%s: ", rc_node_where(node, w, sizeof w));
    }
    return -1;
}

typedef struct input_note {
    rc_pipeline *pl;
    rc_error *err;
} input_note;

static int note_input(void *user, const char *path, const char *what, rc_errkind kind,
                      const rc_node *node)
{
    (void)what;
    (void)kind;
    (void)node;
    const input_note *n = user;
    return rc_outputs_add_input(&n->pl->outputs, path, n->err);
}

/* The run's inputs: the config's (config/files.h) and --baseline. */
static int each_input(rc_pipeline *pl, rc_input_fn fn, void *user, rc_error *err)
{
    int rc = rc_config_each_input(pl->cfg, fn, user, err);
    if (rc == 0 && pl->opts && pl->opts->baseline)
        rc = fn(user, pl->opts->baseline, "baseline", RC_ERRK_CONFIG, NULL);
    return rc;
}

/* Report keys with a core meaning, checked before scoring: `year` must be a year of the
 * panel (the results hold exactly those), `language` a supported one. */
static int check_report_keys(const rc_pipeline *pl, rc_error *err)
{
    const rc_config *cfg = pl->cfg;
    char w[512];
    for (size_t i = 0; i < cfg->n_reports; i++) {
        const rc_report_cfg *rp = &cfg->reports[i];
        const rc_node *y = rc_node_get(rp->node, "year"), *l = rc_node_get(rp->node, "language");
        if (y) {
            int64_t v = 0;
            int ok = rc_node_as_int(y, &v) == 0;
            for (size_t t = 0; ok && t < pl->ny; t++)
                if (pl->panel->years[t] == v) ok = 2;
            if (ok != 2) {
                rc_buf ys;
                rc_buf_init(&ys);
                if (pl->ny) rc_buf_printf(&ys, "%d", pl->panel->years[0]);
                if (pl->ny > 1) rc_buf_printf(&ys, "-%d", pl->panel->years[pl->ny - 1]);
                rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu (%s): 'year' %s%s%s is not a year "
                             "of the results, which hold %s", rc_node_where(y, w, sizeof w), i + 1,
                             rp->path, ok ? "" : "'", rc_node_as_str(y) ? rc_node_as_str(y) : "?",
                             ok ? "" : "' (a whole year is needed)",
                             ys.data ? ys.data : "no year");
                rc_buf_free(&ys);
                return -1;
            }
        }
        if (l && !rc_config_language_supported(rc_node_as_str(l)))
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: report %zu (%s): 'language' must be "
                                RC_CONFIG_LANGUAGES ", not '%s'", rc_node_where(l, w, sizeof w),
                                i + 1, rp->path, rc_node_as_str(l) ? rc_node_as_str(l) : "?");
    }
    return 0;
}

/* A report folder (csv tables) holding files this run did not write: an older run's
 * tables, which would read as current. They are listed, never deleted (they may be the
 * user's). */
static void warn_unwritten(rc_pipeline *pl)
{
    for (size_t i = 0; i < pl->cfg->n_reports; i++) {
        const rc_report_cfg *rp = &pl->cfg->reports[i];
        rc_buf dir, names;
        rc_buf_init(&dir);
        rc_buf_init(&names);
        rc_buf_printf(&dir, "%s/%s", pl->outputs.root, rp->path);
        size_t n = dir.failed ? 0 : rc_outputs_unwritten(&pl->outputs, dir.data, &names);
        if (n && !names.failed)
            rc_pl_warn(pl, "report %zu (%s): %zu file%s in that folder %s not written by this run "
                       "(left from an older run? delete %s if so): %s", i + 1, rp->path, n,
                       n == 1 ? "" : "s", n == 1 ? "was" : "were", n == 1 ? "it" : "them",
                       names.data);
        rc_buf_free(&dir);
        rc_buf_free(&names);
    }
}

int rc_run(const rc_config *cfg, const rc_registry *reg, const rc_run_opts *opts,
           rc_resultset **results_out, rc_error *err)
{
    rc_pipeline pl;
    memset(&pl, 0, sizeof pl);
    pl.cfg = cfg;
    pl.reg = reg;
    pl.opts = opts;
    pl.log = opts && opts->log ? opts->log : stderr;
    pl.times = opts ? opts->times : NULL;
    double t = rc_clock_now(); /* start of the phase being timed */
    int rc = -1;
    if (results_out) *results_out = NULL;

    if (check_plugins(&pl, err) != 0) goto done;
    if (rc_an_plugins_resolve(&pl, err) != 0) goto done;
    /* every method section is a config error before any file is read */
    if (rc_dim_check_config_methods(cfg, err) != 0 || rc_index_check_methods(cfg, err) != 0)
        goto done;
    if (each_input(&pl, check_input, err, err) != 0) goto done;
    if (rc_panel_load_ex(cfg, panel_warning, &pl, &pl.panel, err) != 0) goto done;
    pl.nr = pl.panel->n_regions;
    pl.ny = pl.panel->n_years;
    if (pl.nr == 0 || pl.ny == 0) {
        rc_error_set(err, RC_ERRK_DATA, "the data hold no region-year to score (check `years:` and the data files)");
        goto done;
    }
    t = rc_phase_mark(pl.times, "load", t);
    if (check_report_keys(&pl, err) != 0) goto done;
    if (cfg->analysis && rc_analysis_check_panel(cfg, pl.panel, err) != 0) goto done;
    pl.rs = rc_resultset_new();
    pl.dims = rc_calloc(cfg->n_dims, sizeof *pl.dims);
    if (!pl.rs || !pl.dims || add_cell_tables(pl.rs) != 0) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (use_baseline(&pl, err) != 0) goto done;
    for (size_t i = 0; i < cfg->n_dims; i++) {
        pl.n_dims = i + 1;
        pl.dims[i].plugin = rc_registry_find(reg, cfg->dims[i].plugin);
        if (rc_dim_prepare(&pl, &pl.dims[i], &cfg->dims[i], err) != 0) goto done;
        if (rc_dim_check_methods(&pl, &pl.dims[i], err) != 0) goto done;
    }
    if (rc_index_check_methods(cfg, err) != 0) goto done;
    /* validate scores too (nothing is written): the coverage and year warnings, and every
     * error scoring can raise, come out at validate as at run */
    for (size_t i = 0; i < pl.n_dims; i++) {
        rc_pl_info(&pl, "scoring dimension '%s' with plugin %s", cfg->dims[i].root.id,
                   pl.dims[i].plugin->name);
        if (score_dimension(&pl, &pl.dims[i], err) != 0) goto done;
    }
    t = rc_phase_mark(pl.times, "score", t);
    if (rc_index_build(&pl, err) != 0) goto done;
    t = rc_phase_mark(pl.times, "index", t);
    if (opts && opts->validate_only) {
        rc = rc_coverage_build(&pl, err);
        goto done;
    }
    if (pl.baseline && rc_baseline_check_used(pl.baseline, strrchr(cfg->path, '/') ?
                                              strrchr(cfg->path, '/') + 1 : cfg->path, err) != 0)
        goto done;
    if (rc_tables_build(&pl, err) != 0) goto done;
    if (rc_attribution_build(&pl, err) != 0) goto done;
    if (rc_coverage_build(&pl, err) != 0) goto done;
    move_last(pl.rs, "imputed");
    move_last(pl.rs, "treated");
    move_last(pl.rs, "drift");
    rc_phase_mark(pl.times, "tables", t);
    if (run_analyses(&pl, err) != 0) goto done;
    t = rc_clock_now();
    if (rc_names_build(&pl, err) != 0) goto done;
    if (rc_manifest_build(&pl, err) != 0) goto done;
    if (manifest_baseline(&pl, err) != 0) goto done;
    if (check_finite(&pl, err) != 0) goto done;
    input_note note = {&pl, err};
    if (each_input(&pl, note_input, &note, err) != 0) goto done;
    t = rc_phase_mark(pl.times, "manifest", t);
    if (opts && opts->make_baseline) { /* a baseline instead of reports */
        rc = rc_baseline_write(&pl, opts->make_baseline, err);
        goto done;
    }
    /* from the first write to the last rename the output folder is locked (a run with no
     * report writes nothing and takes no lock) */
    if (cfg->n_reports && rc_outputs_open(&pl.outputs, opts && opts->out_dir ? opts->out_dir : ".",
                                          opts ? opts->wait : 0, pl.log, err) != 0)
        goto done;
    t = rc_phase_mark(pl.times, "lock", t);
    for (size_t i = 0; i < cfg->n_reports; i++) {
        int failed = run_reporter(&pl, &cfg->reports[i], i, err) != 0;
        t = rc_phase_markf(pl.times, t, "report %zu %s (%s)", i + 1, cfg->reports[i].plugin,
                           cfg->reports[i].path);
        if (failed) goto done;
    }
    if (rc_outputs_commit(&pl.outputs, err) != 0) goto done;
    warn_unwritten(&pl);
    rc_phase_mark(pl.times, "commit", t);
    rc = 0;
    if (results_out) {
        *results_out = pl.rs;
        pl.rs = NULL;
    }
done:
    rc_phase_within(pl.times, "guard checksums", pl.guard_sums.seconds);
    t = rc_clock_now();
    rc_outputs_free(&pl.outputs); /* removes temporary files left by a failed run */
    for (size_t i = 0; i < pl.n_dims; i++) rc_dim_free(&pl.dims[i]);
    free(pl.dims);
    free(pl.index);
    free(pl.index_share);
    free(pl.index_present);
    free(pl.index_why);
    free(pl.dim_weights);
    rc_resultset_free(pl.rs);
    rc_panel_free(pl.panel);
    rc_baseline_free(pl.baseline);
    rc_buf_free(&pl.baseline_notes);
    free(pl.an);
    rc_phase_mark(pl.times, "free", t);
    return rc;
}
