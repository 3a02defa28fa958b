/* pipeline/dimension.c — scoring one dimension: its configured indicators (series,
 * formulas, `per:` denominators), the indicators its plugin adds, and the default scoring
 * down the component tree (impute ► treat ► normalise ► weight ► aggregate), with method
 * specs inherited from defaults → dimension → component → indicator. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/formula.h"
#include "pipeline/baseline.h"
#include "pipeline/internal.h"
#include "util/str.h"

static const char *where(const rc_node *n, char *buf, size_t size)
{
    if (!n) return "";
    return rc_node_where(n, buf, size);
}

const double *rc_dim_series(rc_pipeline *pl, const rc_dim_run *d, const char *name)
{
    const char *target = name;
    if (d && d->cfg && d->cfg->series_map) {
        const rc_node *m = rc_node_get(d->cfg->series_map, name);
        if (m && rc_node_as_str(m)) target = rc_node_as_str(m);
    }
    long s = rc_panel_series(pl->panel, target);
    return s >= 0 ? pl->panel->values[s] : NULL;
}

typedef struct lookup_ctx {
    rc_pipeline *pl;
    const rc_dim_run *d;
} lookup_ctx;

static const double *formula_lookup(void *user, const char *name)
{
    lookup_ctx *lc = user;
    return rc_dim_series(lc->pl, lc->d, name);
}

static rc_ind_run *ind_new(rc_pipeline *pl, const char *id, int direction, double weight,
                           const char *description, rc_error *err)
{
    size_t n = pl->nr * pl->ny;
    rc_ind_run *ind = rc_calloc(1, sizeof *ind);
    if (!ind) goto nomem;
    ind->id = rc_strdup(id);
    ind->description = description ? rc_strdup(description) : NULL;
    ind->raw = rc_malloc(n * sizeof(double));
    ind->value = rc_malloc(n * sizeof(double));
    ind->norm = rc_malloc(n * sizeof(double));
    ind->w_local = rc_calloc(pl->ny, sizeof(double));
    ind->w_overall = rc_calloc(pl->ny, sizeof(double));
    if (!ind->id || !ind->raw || !ind->value || !ind->norm || !ind->w_local || !ind->w_overall ||
        (description && !ind->description))
        goto nomem;
    ind->direction = direction;
    ind->weight_cfg = weight;
    for (size_t i = 0; i < n; i++) ind->raw[i] = ind->value[i] = ind->norm[i] = NAN;
    return ind;
nomem:
    if (ind) {
        free(ind->id); free(ind->description); free(ind->raw); free(ind->value);
        free(ind->norm); free(ind->w_local); free(ind->w_overall); free(ind);
    }
    rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    return NULL;
}

static void ind_free(rc_ind_run *ind)
{
    if (!ind) return;
    free(ind->id); free(ind->description); free(ind->raw); free(ind->value);
    free(ind->norm); free(ind->w_local); free(ind->w_overall);
    rc_norm_free(&ind->norm_used);
    free(ind);
}

static int comp_has_id(const rc_comp_run *c, const char *id)
{
    for (size_t i = 0; i < c->n_inds; i++)
        if (strcmp(c->inds[i]->id, id) == 0) return 1;
    for (size_t i = 0; i < c->n_comps; i++)
        if (strcmp(c->comps[i].id, id) == 0) return 1;
    return 0;
}

static int comp_push(rc_comp_run *c, rc_ind_run *ind, rc_error *err)
{
    if (c->n_inds == c->cap_inds) {
        size_t cap = c->cap_inds ? c->cap_inds * 2 : 8;
        rc_ind_run **v = rc_reallocarray(c->inds, cap, sizeof *v);
        if (!v) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        c->inds = v;
        c->cap_inds = cap;
    }
    c->inds[c->n_inds++] = ind;
    return 0;
}

/* Evaluates a formula into out (n cells); unknown names are config errors. */
static int eval_formula(rc_pipeline *pl, const rc_dim_run *d, const char *formula, const char *id,
                        const rc_node *node, double *out, rc_error *err)
{
    char wb[512];
    rc_formula *f = rc_formula_compile(formula, err);
    if (!f) {
        rc_error_prefix(err, "%s%sformula of indicator '%s' in dimension '%s': ",
                        where(node, wb, sizeof wb), node ? ": " : "", id, d->cfg->root.id);
        err->kind = RC_ERRK_CONFIG;
        return -1;
    }
    for (size_t i = 0; i < rc_formula_n_names(f); i++) {
        const char *name = rc_formula_name(f, i);
        if (!rc_dim_series(pl, d, name)) {
            const char *s = rc_suggest(name, (const char *const *)pl->panel->series_names,
                                       pl->panel->n_series);
            rc_error_set(err, RC_ERRK_CONFIG,
                         "%s%sformula of indicator '%s' in dimension '%s' uses series '%s', which "
                         "is not in the data%s%s%s",
                         where(node, wb, sizeof wb), node ? ": " : "", id, d->cfg->root.id, name,
                         s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
            rc_formula_free(f);
            return -1;
        }
    }
    lookup_ctx lc = {pl, d};
    size_t n_domain = 0;
    int rc = rc_formula_eval(f, formula_lookup, &lc, pl->nr * pl->ny, out, &n_domain, err);
    rc_formula_free(f);
    if (rc != 0) {
        rc_error_prefix(err, "indicator '%s' in dimension '%s': ", id, d->cfg->root.id);
        return -1;
    }
    if (n_domain)
        rc_pl_warn(pl, "indicator '%s' in dimension '%s': %zu cell(s) became missing (division "
                   "by zero or a logarithm/square root out of its domain)",
                   id, d->cfg->root.id, n_domain);
    return 0;
}

static int add_configured_indicator(rc_pipeline *pl, rc_dim_run *d, rc_comp_run *c,
                                    const rc_indicator_cfg *ic, rc_error *err)
{
    char wb[512];
    if (comp_has_id(c, ic->id))
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' appears twice in '%s'",
                            where(ic->node, wb, sizeof wb), ic->id, c->path);
    rc_ind_run *ind = ind_new(pl, ic->id, ic->direction, ic->weight, ic->label, err);
    if (!ind) return -1;
    ind->cfg = ic;
    ind->where = ic->node;
    size_t n = pl->nr * pl->ny;
    if (ic->formula) {
        if (eval_formula(pl, d, ic->formula, ic->id, ic->node, ind->raw, err) != 0) goto fail;
    } else {
        const char *name = ic->series ? ic->series : ic->id;
        const double *v = rc_dim_series(pl, d, name);
        if (!v) {
            const char *s = rc_suggest(name, (const char *const *)pl->panel->series_names,
                                       pl->panel->n_series);
            rc_error_set(err, RC_ERRK_CONFIG,
                         "%s: indicator '%s' in dimension '%s' reads series '%s', which is not in "
                         "the data%s%s%s",
                         where(ic->node, wb, sizeof wb), ic->id, d->cfg->root.id, name,
                         s ? "; did you mean '" : "", s ? s : "", s ? "'?" : "");
            goto fail;
        }
        memcpy(ind->raw, v, n * sizeof(double));
    }
    if (ic->per && !rc_dim_series(pl, d, ic->per)) {
        const char *s = rc_suggest(ic->per, (const char *const *)pl->panel->series_names,
                                   pl->panel->n_series);
        rc_error_set(err, RC_ERRK_CONFIG,
                     "%s: indicator '%s' in dimension '%s' divides by series '%s' (per:), which "
                     "is not in the data%s%s%s", where(ic->node, wb, sizeof wb), ic->id,
                     d->cfg->root.id, ic->per, s ? "; did you mean '" : "", s ? s : "",
                     s ? "'?" : "");
        goto fail;
    }
    if (comp_push(c, ind, err) != 0) goto fail;
    return 0;
fail:
    ind_free(ind);
    return -1;
}

static int comp_build(rc_pipeline *pl, rc_dim_run *d, rc_comp_run *c,
                      const rc_component_cfg *cc, const char *parent_path, rc_error *err)
{
    c->cfg = cc;
    c->id = rc_strdup(cc->id);
    rc_buf p;
    rc_buf_init(&p);
    if (parent_path) rc_buf_printf(&p, "%s/%s", parent_path, cc->id);
    else rc_buf_puts(&p, cc->id);
    c->path = p.data;
    c->weight_cfg = cc->weight;
    c->w_local = rc_calloc(pl->ny, sizeof(double));
    if (!c->id || p.failed || !c->w_local) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    for (size_t i = 0; i < cc->n_indicators; i++)
        if (add_configured_indicator(pl, d, c, &cc->indicators[i], err) != 0) return -1;
    if (cc->n_components) {
        c->comps = rc_calloc(cc->n_components, sizeof *c->comps);
        if (!c->comps) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t i = 0; i < cc->n_components; i++) {
            c->n_comps = i + 1;
            if (comp_build(pl, d, &c->comps[i], &cc->components[i], c->path, err) != 0) return -1;
        }
    }
    return 0;
}

static void comp_free(rc_comp_run *c)
{
    for (size_t i = 0; i < c->n_inds; i++) ind_free(c->inds[i]);
    free(c->inds);
    for (size_t i = 0; i < c->n_comps; i++) comp_free(&c->comps[i]);
    free(c->comps);
    free(c->id);
    free(c->path);
    free(c->score);
    free(c->w_local);
    free(c->share);
    free(c->n_present);
    free(c->why);
}

size_t rc_comp_count_leaves(const rc_comp_run *c)
{
    size_t n = c->n_inds;
    for (size_t j = 0; j < c->n_comps; j++) n += rc_comp_count_leaves(&c->comps[j]);
    return n;
}

void rc_comp_each_leaf(const rc_comp_run *c, void (*fn)(void *user, const rc_ind_run *ind),
                       void *user)
{
    for (size_t i = 0; i < c->n_inds; i++) fn(user, c->inds[i]);
    for (size_t j = 0; j < c->n_comps; j++) rc_comp_each_leaf(&c->comps[j], fn, user);
}

int rc_dim_prepare(rc_pipeline *pl, rc_dim_run *d, const rc_dimension_cfg *cfg, rc_error *err)
{
    d->cfg = cfg;
    d->weight_index = cfg->root.weight;
    return comp_build(pl, d, &d->root, &cfg->root, NULL, err);
}

void rc_dim_free(rc_dim_run *d)
{
    if (!d) return;
    if (d->scores && d->scores != d->root.score) free(d->scores);
    comp_free(&d->root);
    memset(d, 0, sizeof *d);
}

int rc_dim_add_values(rc_pipeline *pl, rc_dim_run *d, const char *id, int direction,
                      const double *values, const char *description, rc_error *err)
{
    if (comp_has_id(&d->root, id))
        return rc_error_set(err, RC_ERRK_PLUGIN, "dimension '%s' already has an indicator '%s'",
                            d->cfg->root.id, id);
    rc_ind_run *ind = ind_new(pl, id, direction, NAN, description, err);
    if (!ind) return -1;
    size_t n = pl->nr * pl->ny;
    for (size_t i = 0; i < n; i++) {
        double v = values[i];
        ind->raw[i] = isfinite(v) ? v : NAN;
    }
    if (comp_push(&d->root, ind, err) != 0) {
        ind_free(ind);
        return -1;
    }
    return 0;
}

int rc_dim_add_formula(rc_pipeline *pl, rc_dim_run *d, const char *id, int direction,
                       const char *formula, const char *description, rc_error *err)
{
    if (comp_has_id(&d->root, id))
        return rc_error_set(err, RC_ERRK_PLUGIN, "dimension '%s' already has an indicator '%s'",
                            d->cfg->root.id, id);
    rc_ind_run *ind = ind_new(pl, id, direction, NAN, description, err);
    if (!ind) return -1;
    if (eval_formula(pl, d, formula, id, NULL, ind->raw, err) != 0 ||
        comp_push(&d->root, ind, err) != 0) {
        ind_free(ind);
        return -1;
    }
    return 0;
}

/* ---------------- default scoring ---------------- */

/* The method specs in force at one level of the tree. */
typedef struct specs {
    rc_norm_spec norm;
    rc_weight_spec weights;
    rc_agg_spec agg;
    rc_impute_spec impute;
    rc_treat_spec treat;
    rc_missing_spec missing;
} specs;

static void specs_free(specs *s)
{
    rc_norm_free(&s->norm);
    rc_weights_free(&s->weights);
    rc_agg_free(&s->agg);
    rc_impute_free(&s->impute);
}

/* Parses the nodes of one level over the inherited specs (NULL node = inherit as is). */
static int specs_derive(const specs *parent, const rc_node *norm, const rc_node *weights,
                        const rc_node *agg, const rc_node *impute, const rc_node *treat,
                        const rc_node *missing, specs *out, rc_error *err)
{
    memset(out, 0, sizeof *out);
    if (rc_norm_parse(norm, &parent->norm, &out->norm, err) != 0) return -1;
    if (rc_weights_parse(weights, &parent->weights, &out->weights, err) != 0) return -1;
    if (rc_agg_parse(agg, &parent->agg, &out->agg, err) != 0) return -1;
    if (rc_impute_parse(impute, &parent->impute, &out->impute, err) != 0) return -1;
    if (rc_treat_parse(treat, &parent->treat, &out->treat, err) != 0) return -1;
    if (rc_missing_parse_spec(missing, &parent->missing, &out->missing, err) != 0) return -1;
    return 0;
}

typedef struct cell_log {
    rc_pipeline *pl;
    const char *series;
    const char *method;
} cell_log;

static void on_imputed(void *user, size_t r, size_t t, double value)
{
    cell_log *cl = user;
    struct rc_table *tb = rc_table_get(cl->pl->rs, "imputed");
    if (!tb) return;
    long row = rc_table_add_row(tb);
    if (row < 0) return;
    rc_table_set_str(tb, (size_t)row, 0, cl->pl->panel->region_ids[r]);
    rc_table_set_int(tb, (size_t)row, 1, cl->pl->panel->years[t]);
    rc_table_set_str(tb, (size_t)row, 2, cl->series);
    rc_table_set_str(tb, (size_t)row, 3, cl->method);
    rc_table_set_num(tb, (size_t)row, 4, value);
}

static void on_treated(void *user, size_t r, size_t t, double from, double to, const char *method)
{
    cell_log *cl = user;
    struct rc_table *tb = rc_table_get(cl->pl->rs, "treated");
    if (!tb) return;
    long row = rc_table_add_row(tb);
    if (row < 0) return;
    rc_table_set_str(tb, (size_t)row, 0, cl->pl->panel->region_ids[r]);
    rc_table_set_int(tb, (size_t)row, 1, cl->pl->panel->years[t]);
    rc_table_set_str(tb, (size_t)row, 2, cl->series);
    rc_table_set_str(tb, (size_t)row, 3, method);
    rc_table_set_num(tb, (size_t)row, 4, from);
    rc_table_set_num(tb, (size_t)row, 5, to);
}

/* ---------------- frozen baselines ---------------- */

static int making_baseline(const rc_pipeline *pl)
{
    return pl->opts && pl->opts->make_baseline;
}

/* Puts the baseline's frozen values for one indicator into its normalisation spec; *out is
 * the baseline's entry. A missing entry or another method is a config error. */
static int apply_baseline(rc_pipeline *pl, const rc_comp_run *c, const rc_ind_run *ind,
                          rc_norm_spec *ns, const rc_bl_ind **out, rc_error *err)
{
    char wb[512];
    const char *cfg_name = pl->cfg->path ? strrchr(pl->cfg->path, '/') : NULL;
    cfg_name = cfg_name ? cfg_name + 1 : "(config)";
    const char *at = where(ind->where, wb, sizeof wb);
    rc_bl_ind *e = rc_baseline_ind(pl->baseline, c->path, ind->id);
    if (!e)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s%sindicator '%s' of '%s' in config %s is not in baseline %s; the "
                            "baseline does not match the config (make a new one with `regcoord "
                            "baseline`)", at, *at ? ": " : "", ind->id, c->path, cfg_name,
                            pl->baseline->name);
    const char *sc = ns->scope == RC_SCOPE_POOLED ? "pooled" : "per_year";
    if (e->method != ns->method || e->scope != ns->scope)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s%sindicator '%s' of '%s': config %s normalises with %s (%s) but "
                            "baseline %s froze %s (%s); make a new baseline for the new method",
                            at, *at ? ": " : "", ind->id, c->path, cfg_name,
                            rc_norm_method_name(ns->method), sc, pl->baseline->name,
                            rc_norm_method_name(e->method),
                            e->scope == RC_SCOPE_POOLED ? "pooled" : "per_year");
    if (ns->method == RC_NORM_GOALPOSTS) {
        if (e->has_range && (e->min != ns->gp_min || e->max != ns->gp_max))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s%sindicator '%s' of '%s': the goalposts in config %s differ "
                                "from baseline %s's [%g, %g]; make a new baseline", at,
                                *at ? ": " : "", ind->id, c->path, cfg_name, pl->baseline->name,
                                e->min, e->max);
    } else if (ns->scope == RC_SCOPE_POOLED && e->has_range &&
               (ns->method == RC_NORM_MINMAX || ns->method == RC_NORM_FRACMAX ||
                ns->method == RC_NORM_DIST2REF)) {
        ns->has_frozen = 1;
        ns->frozen_min = e->min;
        ns->frozen_max = e->max;
    }
    *out = e;
    return 0;
}

/* Normalises one indicator, with the baseline's frozen values when e is not NULL: frozen
 * bounds (through the spec), frozen mean and SD for zscore, values clipped to the frozen
 * bounds when the normalize mapping says `clip: true`. */
static int normalise_frozen(rc_pipeline *pl, rc_ind_run *ind, const rc_norm_spec *ns,
                            const rc_bl_ind *e, rc_error *err)
{
    size_t n = pl->nr * pl->ny;
    const char *const *regions = (const char *const *)pl->panel->region_ids;
    if (e && ns->method == RC_NORM_ZSCORE && e->has_moments) {
        int d = ind->direction < 0 ? -1 : 1, zero = !(e->sd > 0);
        if (zero) ind->info.zero_range = 1;
        for (size_t i = 0; i < n; i++)
            ind->norm[i] = isnan(ind->value[i]) ? NAN
                           : (zero ? 0 : d * (ind->value[i] - e->mean) / e->sd) + ns->shift;
        ind->info.min = e->min;
        ind->info.max = e->max;
        return 0;
    }
    const rc_node *cn = ns->node && ns->node->kind == RC_NODE_MAP ? rc_node_get(ns->node, "clip") : NULL;
    if (e && ns->has_frozen && cn && ns->clip &&
        (ns->method == RC_NORM_MINMAX || ns->method == RC_NORM_FRACMAX)) {
        double *x = rc_malloc(n * sizeof *x);
        if (!x) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t i = 0; i < n; i++) {
            double v = ind->value[i];
            x[i] = v < e->min ? e->min : v > e->max ? e->max : v;
        }
        int rc = rc_normalize(ns, x, pl->nr, pl->ny, ind->direction, regions, pl->panel->years,
                              ind->id, ind->norm, &ind->info, err);
        free(x);
        return rc;
    }
    return rc_normalize(ns, ind->value, pl->nr, pl->ny, ind->direction, regions,
                        pl->panel->years, ind->id, ind->norm, &ind->info, err);
}

/* Lists the indicator's values beyond the baseline's bounds in the drift table and warns
 * once with their count. */
static void record_drift(rc_pipeline *pl, const rc_dim_run *d, rc_ind_run *ind, const rc_bl_ind *e)
{
    if (!e || !e->has_range) return;
    if (e->scope != RC_SCOPE_POOLED && e->method != RC_NORM_GOALPOSTS) return;
    struct rc_table *tb = rc_table_get(pl->rs, "drift");
    ind->n_drift = 0;
    for (size_t t = 0; t < pl->ny; t++)
        for (size_t r = 0; r < pl->nr; r++) {
            double v = ind->value[t * pl->nr + r];
            if (isnan(v) || (v >= e->min && v <= e->max)) continue;
            ind->n_drift++;
            long row = tb ? rc_table_add_row(tb) : -1;
            if (row < 0) continue;
            size_t R = (size_t)row;
            rc_table_set_str(tb, R, 0, pl->panel->region_ids[r]);
            rc_table_set_int(tb, R, 1, pl->panel->years[t]);
            rc_table_set_str(tb, R, 2, d->cfg->root.id);
            rc_table_set_str(tb, R, 3, ind->id);
            rc_table_set_num(tb, R, 4, v);
            rc_table_set_num(tb, R, 5, v < e->min ? e->min : e->max);
            rc_table_set_str(tb, R, 6, v < e->min ? "below" : "above");
        }
    if (ind->n_drift) {
        char a[40], b[40];
        rc_pl_warn(pl, "indicator '%s' in dimension '%s': %zu value(s) beyond the baseline's "
                   "bounds [%s, %s] (scored, listed in the drift table)", ind->id,
                   d->cfg->root.id, ind->n_drift, rc_fmt_double(e->min, a, sizeof a),
                   rc_fmt_double(e->max, b, sizeof b));
    }
}

static int score_indicator(rc_pipeline *pl, rc_dim_run *d, const rc_comp_run *c, rc_ind_run *ind,
                           const specs *level, rc_error *err)
{
    size_t n = pl->nr * pl->ny;
    char wb[512];
    specs s;
    const rc_indicator_cfg *ic = ind->cfg;
    if (specs_derive(level, ic ? ic->normalize : NULL, NULL, NULL, ic ? ic->impute : NULL,
                     ic ? ic->treat : NULL, NULL, &s, err) != 0) {
        specs_free(&s);
        return -1;
    }
    memcpy(ind->value, ind->raw, n * sizeof(double));
    if (ic && ic->per) {
        const double *den = rc_dim_series(pl, d, ic->per);
        if (!den) {
            specs_free(&s);
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: indicator '%s' divides by series '%s' (per:), which is not in the data",
                                where(ic->node, wb, sizeof wb), ic->id, ic->per);
        }
        size_t zero = 0;
        for (size_t i = 0; i < n; i++) {
            if (isnan(ind->value[i]) || isnan(den[i])) ind->value[i] = NAN;
            else if (den[i] == 0) { ind->value[i] = NAN; zero++; }
            else ind->value[i] /= den[i];
        }
        if (zero)
            rc_pl_warn(pl, "indicator '%s' in dimension '%s': %zu cell(s) became missing because "
                       "'%s' is zero", ind->id, d->cfg->root.id, zero, ic->per);
    }
    if (s.impute.method != RC_IMPUTE_NONE) {
        const size_t *grp = NULL;
        size_t ng = 0;
        if (s.impute.method == RC_IMPUTE_GROUP_MEAN) {
            const rc_grouping *g = s.impute.group ? rc_panel_grouping(pl->panel, s.impute.group) : NULL;
            if (!g) {
                specs_free(&s);
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "indicator '%s': impute group_mean needs a grouping column listed "
                                    "under regions.groups (got '%s')", ind->id,
                                    s.impute.group ? s.impute.group : "none");
            }
            grp = g->of_region;
            ng = g->n_labels;
        }
        cell_log cl = {pl, ind->id, rc_impute_method_name(s.impute.method)};
        if (rc_impute(&s.impute, ind->value, pl->nr, pl->ny, grp, ng, on_imputed, &cl, err) != 0) {
            rc_error_prefix(err, "indicator '%s' in dimension '%s': ", ind->id, d->cfg->root.id);
            specs_free(&s);
            return -1;
        }
    }
    if (s.treat.enabled) {
        cell_log cl = {pl, ind->id, NULL};
        if (rc_treat(&s.treat, ind->value, pl->nr, pl->ny, on_treated, &cl, err) != 0) {
            rc_error_prefix(err, "indicator '%s' in dimension '%s': ", ind->id, d->cfg->root.id);
            specs_free(&s);
            return -1;
        }
    }
    memset(&ind->info, 0, sizeof ind->info);
    const rc_bl_ind *frozen = NULL;
    if (pl->baseline && apply_baseline(pl, c, ind, &s.norm, &frozen, err) != 0) {
        specs_free(&s);
        return -1;
    }
    if (making_baseline(pl)) {
        if ((s.impute.scope == RC_SCOPE_POOLED && (s.impute.method == RC_IMPUTE_MEAN ||
             s.impute.method == RC_IMPUTE_MEDIAN || s.impute.method == RC_IMPUTE_GROUP_MEAN)) ||
            s.impute.method == RC_IMPUTE_LINEAR)
            rc_buf_printf(&pl->baseline_notes, "indicator '%s' in '%s': imputation (%s%s) uses "
                          "later years, so a new year can change earlier imputed values\n", ind->id,
                          c->path, rc_impute_method_name(s.impute.method),
                          s.impute.method == RC_IMPUTE_LINEAR ? "" : ", pooled");
        if (s.treat.enabled && s.treat.scope == RC_SCOPE_POOLED)
            rc_buf_printf(&pl->baseline_notes, "indicator '%s' in '%s': outlier treatment over "
                          "the pooled panel is redone with each new year\n", ind->id, c->path);
    }
    if (normalise_frozen(pl, ind, &s.norm, frozen, err) != 0) {
        rc_error_prefix(err, "dimension '%s': ", d->cfg->root.id);
        specs_free(&s);
        return -1;
    }
    record_drift(pl, d, ind, frozen);
    rc_norm_free(&ind->norm_used);
    if (rc_norm_copy(&ind->norm_used, &s.norm, err) != 0) {
        specs_free(&s);
        return -1;
    }
    if (ind->info.zero_range)
        rc_pl_warn(pl, "indicator '%s' in dimension '%s' has the same value across a whole scope; "
                   "it carries no information there", ind->id, d->cfg->root.id);
    size_t any = 0;
    for (size_t i = 0; i < n && !any; i++) any = !isnan(ind->value[i]);
    if (!any)
        rc_pl_warn(pl, "indicator '%s' in dimension '%s' has no values in the selected years",
                   ind->id, d->cfg->root.id);
    specs_free(&s);
    return 0;
}

/* The coverage of c's score from its children's (indicators: present or not; components:
 * their own share and count), with c's min_coverage applied. */
static int comp_coverage(rc_pipeline *pl, rc_comp_run *c, const double *const *cols,
                         const double *w, size_t k, const rc_missing_spec *ms)
{
    size_t n = pl->nr * pl->ny;
    if (rc_cov_alloc(n, &c->share, &c->n_present, &c->why) != 0) return -1;
    const double **shares = rc_calloc(k, sizeof *shares);
    const unsigned **present = rc_calloc(k, sizeof *present);
    if (!shares || !present) {
        free(shares);
        free(present);
        return -1;
    }
    for (size_t j = 0; j < c->n_comps; j++) {
        shares[c->n_inds + j] = c->comps[j].share;
        present[c->n_inds + j] = c->comps[j].n_present;
    }
    c->missing = *ms;
    c->n_leaves = rc_comp_count_leaves(c);
    rc_cov_node(pl->nr, pl->ny, k, cols, shares, present, w, ms, c->score, c->share,
                c->n_present, c->why);
    free(shares);
    free(present);
    return 0;
}

static int score_comp(rc_pipeline *pl, rc_dim_run *d, rc_comp_run *c, const specs *parent,
                      rc_error *err)
{
    size_t n = pl->nr * pl->ny;
    char wb[512];
    const rc_component_cfg *cc = c->cfg;
    specs s;
    if (specs_derive(parent, cc->normalize, cc->weights, cc->aggregate, cc->impute, cc->treat,
                     cc->missing, &s, err) != 0) {
        specs_free(&s);
        return -1;
    }
    size_t k = c->n_inds + c->n_comps;
    if (k == 0) {
        specs_free(&s);
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: '%s' has no indicators: list them under indicators: (or "
                            "components:), or name a pathway plugin whose catalogue supplies them",
                            where(cc->node, wb, sizeof wb), c->path);
    }
    int rc = -1;
    const double **cols = rc_calloc(k, sizeof *cols);
    const double **raws = rc_calloc(k, sizeof *raws);
    const char **ids = rc_calloc(k, sizeof *ids);
    double *expl = rc_calloc(k, sizeof *expl);
    double *w = rc_calloc(k * pl->ny, sizeof *w);
    if (!cols || !raws || !ids || !expl || !w) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < c->n_inds; i++) {
        rc_ind_run *ind = c->inds[i];
        if (score_indicator(pl, d, c, ind, &s, err) != 0) goto done;
        cols[i] = ind->norm;
        raws[i] = ind->value;
        ids[i] = ind->id;
        expl[i] = isnan(ind->weight_cfg) && s.weights.method == RC_W_EXPLICIT && !ind->cfg
                      ? 1.0 : ind->weight_cfg;
        if (rc_cov_check_indicator(pl, d->cfg->root.id, ind, &s.missing, err) != 0) goto done;
    }
    for (size_t j = 0; j < c->n_comps; j++) {
        rc_comp_run *sub = &c->comps[j];
        if (score_comp(pl, d, sub, &s, err) != 0) goto done;
        cols[c->n_inds + j] = sub->score;
        raws[c->n_inds + j] = sub->score;
        ids[c->n_inds + j] = sub->id;
        expl[c->n_inds + j] = sub->weight_cfg;
    }
    rc_weight_info info;
    memset(&info, 0, sizeof info);
    if (pl->baseline) { /* frozen weights, the same in every year */
        for (size_t j = 0; j < k; j++) {
            const rc_bl_weight *e = rc_baseline_weight(pl->baseline, c->path, ids[j]);
            if (!e) {
                rc_error_set(err, RC_ERRK_CONFIG, "'%s' in '%s' of config %s has no weight in "
                             "baseline %s; the baseline does not match the config (make a new "
                             "one with `regcoord baseline`)", ids[j], c->path,
                             strrchr(pl->cfg->path, '/') ? strrchr(pl->cfg->path, '/') + 1
                                                         : pl->cfg->path,
                             pl->baseline->name);
                goto done;
            }
            for (size_t t = 0; t < pl->ny; t++) w[t * k + j] = e->w;
        }
        snprintf(info.method, sizeof info.method, "baseline");
    } else if (rc_weights_compute(&s.weights, cols, raws, k, pl->nr, pl->ny, expl, ids, w, &info,
                                  err) != 0) {
        rc_error_prefix(err, "weights of '%s': ", c->path);
        goto done;
    }
    if (making_baseline(pl) && s.agg.method == RC_AGG_TOPSIS && s.agg.topsis_scope == RC_SCOPE_POOLED)
        rc_buf_printf(&pl->baseline_notes, "aggregation of '%s': TOPSIS ideals over the pooled "
                      "panel move when a year is added\n", c->path);
    snprintf(c->weights_method, sizeof c->weights_method, "%s", info.method[0] ? info.method : "?");
    if (info.fallback_equal)
        rc_pl_warn(pl, "weights of '%s': %s weights are undefined on these data; equal weights used",
                   c->path, info.method);
    else if (info.warning[0])
        rc_pl_warn(pl, "weights of '%s': %s", c->path, info.warning);
    for (size_t t = 0; t < pl->ny; t++) {
        for (size_t i = 0; i < c->n_inds; i++) c->inds[i]->w_local[t] = w[t * k + i];
        for (size_t j = 0; j < c->n_comps; j++) c->comps[j].w_local[t] = w[t * k + c->n_inds + j];
    }
    if (!c->score && !(c->score = rc_malloc(n * sizeof(double)))) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (rc_aggregate(&s.agg, cols, k, pl->nr, pl->ny, w, s.missing.policy, ids,
                     (const char *const *)pl->panel->region_ids, pl->panel->years, c->score,
                     err) != 0) {
        rc_error_prefix(err, "aggregating '%s': ", c->path);
        goto done;
    }
    if (comp_coverage(pl, c, cols, w, k, &s.missing) != 0) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    snprintf(c->aggregate_method, sizeof c->aggregate_method, "%s", rc_agg_method_name(s.agg.method));
    c->agg = s.agg; /* owns no memory */
    rc = 0;
done:
    free(cols);
    free(raws);
    free(ids);
    free(expl);
    free(w);
    specs_free(&s);
    return rc;
}

/* Parses every method node below c (components and indicators) without computing. */
static int check_comp(const rc_comp_run *c, const specs *parent, rc_error *err)
{
    const rc_component_cfg *cc = c->cfg;
    specs s;
    int rc = specs_derive(parent, cc->normalize, cc->weights, cc->aggregate, cc->impute,
                          cc->treat, cc->missing, &s, err);
    for (size_t i = 0; rc == 0 && i < c->n_inds; i++) {
        const rc_indicator_cfg *ic = c->inds[i]->cfg;
        if (!ic) continue;
        specs leaf;
        rc = specs_derive(&s, ic->normalize, NULL, NULL, ic->impute, ic->treat, NULL, &leaf, err);
        specs_free(&leaf);
    }
    for (size_t j = 0; rc == 0 && j < c->n_comps; j++) rc = check_comp(&c->comps[j], &s, err);
    specs_free(&s);
    return rc;
}

/* The defaults' specs over the built-in ones; free both with specs_free. */
static int top_specs(const rc_config *cfg, specs *base, specs *top, rc_error *err)
{
    memset(base, 0, sizeof *base);
    rc_norm_default(&base->norm);
    rc_weights_default(&base->weights);
    rc_agg_default(&base->agg);
    base->impute.method = RC_IMPUTE_NONE;
    base->treat.enabled = 0;
    rc_missing_default(&base->missing);
    return specs_derive(base, cfg->def_normalize, cfg->def_weights, cfg->def_aggregate,
                        cfg->def_impute, cfg->def_treat, cfg->def_missing, top, err);
}

/* Like check_comp, over the config's tree alone (no data needed). */
static int check_comp_cfg(const rc_component_cfg *cc, const specs *parent, rc_error *err)
{
    specs s;
    int rc = specs_derive(parent, cc->normalize, cc->weights, cc->aggregate, cc->impute,
                          cc->treat, cc->missing, &s, err);
    for (size_t i = 0; rc == 0 && i < cc->n_indicators; i++) {
        const rc_indicator_cfg *ic = &cc->indicators[i];
        specs leaf;
        rc = specs_derive(&s, ic->normalize, NULL, NULL, ic->impute, ic->treat, NULL, &leaf, err);
        specs_free(&leaf);
    }
    for (size_t j = 0; rc == 0 && j < cc->n_components; j++)
        rc = check_comp_cfg(&cc->components[j], &s, err);
    specs_free(&s);
    return rc;
}

int rc_dim_check_config_methods(const rc_config *cfg, rc_error *err)
{
    specs base, top;
    int rc = top_specs(cfg, &base, &top, err);
    for (size_t i = 0; rc == 0 && i < cfg->n_dims; i++) rc = check_comp_cfg(&cfg->dims[i].root, &top, err);
    specs_free(&top);
    specs_free(&base);
    return rc;
}

int rc_dim_check_methods(rc_pipeline *pl, const rc_dim_run *d, rc_error *err)
{
    specs base, top;
    int rc = top_specs(pl->cfg, &base, &top, err);
    if (rc == 0) rc = check_comp(&d->root, &top, err);
    specs_free(&top);
    specs_free(&base);
    return rc;
}

int rc_dim_score_default(rc_pipeline *pl, rc_dim_run *d, rc_error *err)
{
    if (d->scored)
        return rc_error_set(err, RC_ERRK_PLUGIN, "dimension '%s' was scored twice", d->cfg->root.id);
    specs base, top;
    int rc = top_specs(pl->cfg, &base, &top, err);
    if (rc == 0) rc = score_comp(pl, d, &d->root, &top, err);
    specs_free(&top);
    specs_free(&base);
    if (rc != 0) return -1;
    d->scores = d->root.score;
    d->scored = 1;
    return 0;
}
