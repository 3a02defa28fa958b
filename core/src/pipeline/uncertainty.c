/* pipeline/uncertainty.c — the uncertainty and sensitivity analysis of the index ranks:
 * a replication engine over the scored tree (what never changes — imputed and normalised
 * leaf columns per candidate method — is computed once; a replication draws its choices,
 * perturbs the weights, re-aggregates the tree and the index and ranks the regions), run on
 * every core with one random stream per replication, then summarised per region and, by
 * Saltelli sampling with the Jansen estimators, per uncertain input. docs/uncertainty.md. */
#include "pipeline/uncertainty.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analysis/kernels.h"
#include "pipeline/internal.h"
#include "util/cancel.h"
#include "util/str.h"

/* ---------------- random streams ---------------- */

enum { TAG_MC = 0x4d43, TAG_SA = 0x5341, TAG_BOOT = 0x424f, TAG_W = 0x5747 };

static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The stream of item i of a family (tag) under a seed: independent of any other item. */
static void stream(rc_rng *r, uint64_t seed, uint64_t tag, uint64_t i)
{
    rc_rng_seed(r, mix64(mix64(seed ^ (tag << 48)) ^ i));
}

static double uniform01(rc_rng *r) { return (double)(rc_rng_next(r) >> 11) * 0x1.0p-53; }

/* ---------------- Saltelli / Jansen ---------------- */

void rc_saltelli_point(uint64_t seed, size_t row, size_t col, size_t k, double *x)
{
    if (k > RC_SA_MAX_FACTORS) k = RC_SA_MAX_FACTORS;
    rc_rng r;
    stream(&r, seed, TAG_SA, row);
    double a[RC_SA_MAX_FACTORS], b[RC_SA_MAX_FACTORS];
    for (size_t i = 0; i < k; i++) a[i] = uniform01(&r);
    for (size_t i = 0; i < k; i++) b[i] = uniform01(&r);
    for (size_t i = 0; i < k; i++) x[i] = col == 1 ? b[i] : a[i];
    if (col >= 2 && col - 2 < k) x[col - 2] = b[col - 2];
}

/* S and ST of every factor over the rows idx (NULL = 0..n-1). */
static void jansen(const double *y, size_t n, size_t k, const size_t *idx, double *S, double *ST)
{
    size_t w = k + 2;
    double m = 0.0;
    for (size_t j = 0; j < n; j++) {
        size_t r = idx ? idx[j] : j;
        m += y[r * w] + y[r * w + 1];
    }
    m /= (double)(2 * n);
    double v = 0.0;
    for (size_t j = 0; j < n; j++) {
        size_t r = idx ? idx[j] : j;
        double a = y[r * w] - m, b = y[r * w + 1] - m;
        v += a * a + b * b;
    }
    v /= (double)(2 * n);
    for (size_t i = 0; i < k; i++) {
        double sb = 0.0, sa = 0.0;
        for (size_t j = 0; j < n; j++) {
            size_t r = idx ? idx[j] : j;
            double yab = y[r * w + 2 + i];
            double db = y[r * w + 1] - yab, da = y[r * w] - yab;
            sb += db * db;
            sa += da * da;
        }
        S[i] = v > 0.0 ? (v - 0.5 * sb / (double)n) / v : NAN;
        ST[i] = v > 0.0 ? 0.5 * sa / (double)n / v : NAN;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    if (isnan(x)) return isnan(y) ? 0 : 1;
    if (isnan(y)) return -1;
    return (x > y) - (x < y);
}

/* 2.5 % and 97.5 % type-7 quantiles of v (sorted in place), NaN values last and ignored. */
static void interval(double *v, size_t n, double *lo, double *hi)
{
    qsort(v, n, sizeof *v, cmp_double);
    size_t m = 0;
    while (m < n && !isnan(v[m])) m++;
    if (m < 2) {
        *lo = *hi = NAN;
        return;
    }
    *lo = rc_quantile7(v, m, 0.025);
    *hi = rc_quantile7(v, m, 0.975);
}

int rc_sobol_jansen(const double *y, size_t n_rows, size_t k, size_t n_boot, uint64_t boot_seed,
                    rc_sobol *out, rc_error *err)
{
    if (!y || !out || k == 0 || k > RC_SA_MAX_FACTORS || n_rows == 0)
        return rc_error_set(err, RC_ERRK_OTHER, "rc_sobol_jansen: bad arguments");
    double S[RC_SA_MAX_FACTORS], ST[RC_SA_MAX_FACTORS];
    jansen(y, n_rows, k, NULL, S, ST);
    for (size_t i = 0; i < k; i++) {
        out[i].first = S[i];
        out[i].total = ST[i];
        out[i].first_lo = out[i].first_hi = out[i].total_lo = out[i].total_hi = NAN;
    }
    if (n_boot < 2) return 0;
    size_t *idx = rc_malloc(n_rows * sizeof *idx);
    double *bs = rc_malloc(2 * k * n_boot * sizeof *bs);
    if (!idx || !bs) {
        free(idx);
        free(bs);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory (sensitivity bootstrap)");
    }
    rc_rng r;
    stream(&r, boot_seed, TAG_BOOT, 0);
    for (size_t b = 0; b < n_boot; b++) {
        for (size_t j = 0; j < n_rows; j++) idx[j] = (size_t)rc_rng_below(&r, n_rows);
        double s[RC_SA_MAX_FACTORS], st[RC_SA_MAX_FACTORS];
        jansen(y, n_rows, k, idx, s, st);
        for (size_t i = 0; i < k; i++) {
            bs[i * n_boot + b] = s[i];
            bs[(k + i) * n_boot + b] = st[i];
        }
    }
    for (size_t i = 0; i < k; i++) {
        interval(bs + i * n_boot, n_boot, &out[i].first_lo, &out[i].first_hi);
        interval(bs + (k + i) * n_boot, n_boot, &out[i].total_lo, &out[i].total_hi);
    }
    free(idx);
    free(bs);
    return 0;
}

/* ---------------- options ---------------- */

/* F_TREAT comes last so that adding it left the draws of the other inputs unchanged. */
enum { F_WEIGHTS = 0, F_NORM, F_AGG, F_IMPUTE, F_EXCLUDE, F_TREAT, F_N };
static const char *const k_factor_names[F_N] = {"weights", "normalisation", "aggregation",
                                                "imputation", "excluded_indicator", "treatment"};

/* The weight levels: an indicator within its component, a component within its parent, a
 * dimension within the index (the names of analysis/options.c). */
enum { LV_IND = 0, LV_COMP, LV_DIM, LV_N };
static const char *const k_level_names[LV_N] = {"indicators", "components", "dimensions"};

typedef struct ua_opts {
    size_t runs;
    uint64_t seed;
    double noise;              /* the largest of noise_lv (0: weights are not an input) */
    double noise_lv[LV_N];     /* per level */
    rc_agg_spec *aggs;
    size_t n_aggs;
    rc_norm_spec *norms;
    size_t n_norms;
    rc_impute_spec *imps;
    size_t n_imps;
    const rc_node **treats;    /* treat candidates (items of the `treat` list) */
    size_t n_treats;
    int runs_table;
    int exclude;
    size_t threads;
    int all_years;
    int sens;
    size_t samples, boot;
} ua_opts;

static void opts_free(ua_opts *o)
{
    for (size_t i = 0; i < o->n_aggs; i++) rc_agg_free(&o->aggs[i]);
    for (size_t i = 0; i < o->n_norms; i++) rc_norm_free(&o->norms[i]);
    for (size_t i = 0; i < o->n_imps; i++) rc_impute_free(&o->imps[i]);
    free(o->aggs);
    free(o->norms);
    free(o->imps);
    free(o->treats);
    memset(o, 0, sizeof *o);
}

static int get_size(const rc_node *sec, const char *key, size_t def, size_t *out)
{
    const rc_node *n = rc_node_get(sec, key);
    int64_t v;
    *out = def;
    if (n && rc_node_as_int(n, &v) == 0 && v > 0) *out = (size_t)v;
    return 0;
}

static double unit_noise(const rc_node *n)
{
    double p = 0.0;
    if (!n || rc_node_as_number(n, &p) != 0 || !(p >= 0.0 && p <= 1.0)) return 0.0;
    return p;
}

/* weights: {noise: p[, levels: [...]]} or {noise: {level: p, ...}}. */
static void weights_parse(const rc_node *w, ua_opts *o)
{
    const rc_node *nz = rc_node_get(w, "noise"), *lv = rc_node_get(w, "levels");
    for (size_t l = 0; l < LV_N; l++) {
        double p = 0.0;
        if (nz && nz->kind == RC_NODE_MAP) {
            p = unit_noise(rc_node_get(nz, k_level_names[l]));
        } else if (nz) {
            int on = !lv;
            for (size_t i = 0; lv && i < lv->n; i++) {
                const char *s = rc_node_as_str(lv->items[i]);
                on |= s && strcmp(s, k_level_names[l]) == 0;
            }
            p = on ? unit_noise(nz) : 0.0;
        }
        o->noise_lv[l] = p;
        if (p > o->noise) o->noise = p;
    }
}

/* Reads the section (already checked by rc_analysis_validate: analysis/options.c). */
static int opts_parse(const rc_node *sec, ua_opts *o, rc_error *err)
{
    memset(o, 0, sizeof *o);
    get_size(sec, "runs", 1000, &o->runs);
    const rc_node *n;
    int64_t v;
    o->seed = 1;
    if ((n = rc_node_get(sec, "seed")) && rc_node_as_int(n, &v) == 0) o->seed = (uint64_t)v;
    if ((n = rc_node_get(sec, "weights"))) weights_parse(n, o);
    if ((n = rc_node_get(sec, "aggregate")) && n->kind == RC_NODE_LIST && n->n) {
        if (!(o->aggs = rc_calloc(n->n, sizeof *o->aggs))) goto nomem;
        for (size_t i = 0; i < n->n; i++, o->n_aggs++)
            if (rc_agg_parse(n->items[i], NULL, &o->aggs[i], err) != 0) return -1;
    }
    if ((n = rc_node_get(sec, "normalize")) && n->kind == RC_NODE_LIST && n->n) {
        if (!(o->norms = rc_calloc(n->n, sizeof *o->norms))) goto nomem;
        for (size_t i = 0; i < n->n; i++) {
            if (rc_norm_parse(n->items[i], NULL, &o->norms[i], err) != 0) return -1;
            o->n_norms++;
        }
    }
    if ((n = rc_node_get(sec, "impute")) && n->kind == RC_NODE_LIST && n->n) {
        if (!(o->imps = rc_calloc(n->n, sizeof *o->imps))) goto nomem;
        for (size_t i = 0; i < n->n; i++) {
            if (rc_impute_parse(n->items[i], NULL, &o->imps[i], err) != 0) return -1;
            o->n_imps++;
        }
    }
    if ((n = rc_node_get(sec, "treat")) && n->kind == RC_NODE_LIST && n->n) {
        if (!(o->treats = rc_calloc(n->n, sizeof *o->treats))) goto nomem;
        for (size_t i = 0; i < n->n; i++) o->treats[o->n_treats++] = n->items[i];
    }
    if ((n = rc_node_get(sec, "runs_table"))) rc_node_as_bool(n, &o->runs_table);
    if ((n = rc_node_get(sec, "exclude_indicators"))) rc_node_as_bool(n, &o->exclude);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    get_size(sec, "threads", cores > 0 ? (size_t)cores : 1, &o->threads);
    if (o->threads > 256) o->threads = 256;
    const char *y = (n = rc_node_get(sec, "years")) ? rc_node_as_str(n) : NULL;
    o->all_years = y && strcmp(y, "all") == 0;
    if ((n = rc_node_get(sec, "sensitivity"))) {
        o->sens = 1;
        get_size(n, "samples", 1000, &o->samples);
        const rc_node *b = rc_node_get(n, "bootstrap");
        o->boot = 1000;
        if (b && rc_node_as_int(b, &v) == 0 && v >= 0) o->boot = (size_t)v;
    }
    return 0;
nomem:
    return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
}

/* ---------------- the model: the scoring tree flattened ---------------- */

enum { CH_LEAF = 0, CH_NODE = 1, CH_FIXED = 2 };

typedef struct ua_node {
    size_t k, child0;          /* children: model arrays [child0, child0 + k) */
    double *w_nom;             /* ny × k nominal weights (owned) */
    rc_agg_spec agg;           /* nominal aggregation */
    rc_missing_policy missing;
    const char *path;
} ua_node;

typedef struct ua_leaf {
    const rc_ind_run *ind;
    size_t child;              /* its slot in the model's child arrays */
    size_t node;               /* its parent node */
} ua_leaf;

typedef struct ua_model {
    const rc_pipeline *pl;
    const ua_opts *o;
    size_t nr, ny, n;          /* n = nr × ny */
    ua_node *nodes;            /* post-order: children before parents; the last is the index */
    size_t n_nodes, cap_nodes;
    int *ch_kind;              /* per child slot */
    size_t *ch_ref;            /* leaf or node index */
    const double **ch_fixed;   /* CH_FIXED: the column */
    const char **ch_id;
    size_t n_ch, cap_ch;
    ua_leaf *leaves;
    size_t n_leaves, cap_leaves;
    size_t *excl;              /* leaves that may be left out (parent has ≥ 2 children) */
    size_t n_excl;
    size_t ni, nt, nn;         /* imputation / treatment / normalisation candidates (≥ 1) */
    double **owned_cols;       /* per leaf, ni × nt × nn × n computed columns (or NULL) */
    const double **cand;       /* per leaf, ni × nt × nn column pointers */
    double **logs;             /* per entry of o->aggs: NULL, or for a geometric one
                                  ln(x + shift) of every candidate column (n_leaves × nc × n) */
    unsigned char **logs_ok;   /* per entry: candidate column whose values all have x + shift > 0 */
    unsigned char *ch_level;   /* per child slot: LV_IND, LV_COMP or LV_DIM */
    size_t nom_imputed;        /* leaves whose nominal run imputes / treats outliers */
    size_t nom_treated;
    /* output years */
    size_t y0, nyr;            /* reported years: [y0, y0 + nyr) */
    long *nom_rank;            /* nyr × nr */
} ua_model;

/* The method specs in force at one level (inherited down the tree). */
typedef struct chain {
    rc_norm_spec norm;
    rc_agg_spec agg;
    rc_treat_spec treat;
    rc_impute_spec impute;
    rc_missing_policy missing;
} chain;

static void chain_free(chain *c)
{
    rc_norm_free(&c->norm);
    rc_agg_free(&c->agg);
    rc_impute_free(&c->impute);
}

static int chain_derive(const chain *p, const rc_node *norm, const rc_node *agg,
                        const rc_node *treat, const rc_node *missing, const rc_node *impute,
                        chain *out, rc_error *err)
{
    memset(out, 0, sizeof *out);
    if (rc_norm_parse(norm, &p->norm, &out->norm, err) != 0) return -1;
    if (rc_agg_parse(agg, &p->agg, &out->agg, err) != 0) return -1;
    if (rc_treat_parse(treat, &p->treat, &out->treat, err) != 0) return -1;
    if (rc_impute_parse(impute, &p->impute, &out->impute, err) != 0) return -1;
    out->missing = p->missing;
    if (missing && rc_missing_parse(missing, &out->missing, err) != 0) return -1;
    return 0;
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 0;
    size_t c = *cap ? *cap * 2 : 16;
    while (c < need) c *= 2;
    void *q = rc_reallocarray(*p, c, size);
    if (!q) return -1;
    *p = q;
    *cap = c;
    return 0;
}

static long add_children(ua_model *m, size_t k)
{
    size_t need = m->n_ch + k;
    size_t cap = m->cap_ch;
    if (grow((void **)&m->ch_kind, &cap, need, sizeof *m->ch_kind)) return -1;
    cap = m->cap_ch;
    if (grow((void **)&m->ch_ref, &cap, need, sizeof *m->ch_ref)) return -1;
    cap = m->cap_ch;
    if (grow((void **)&m->ch_fixed, &cap, need, sizeof *m->ch_fixed)) return -1;
    cap = m->cap_ch;
    if (grow((void **)&m->ch_id, &cap, need, sizeof *m->ch_id)) return -1;
    cap = m->cap_ch;
    if (grow((void **)&m->ch_level, &cap, need, sizeof *m->ch_level)) return -1;
    m->cap_ch = cap;
    long off = (long)m->n_ch;
    for (size_t i = 0; i < k; i++) {
        m->ch_kind[m->n_ch + i] = CH_FIXED;
        m->ch_ref[m->n_ch + i] = 0;
        m->ch_fixed[m->n_ch + i] = NULL;
        m->ch_id[m->n_ch + i] = NULL;
        m->ch_level[m->n_ch + i] = LV_DIM;
    }
    m->n_ch = need;
    return off;
}

static long add_node(ua_model *m, size_t k, size_t child0, const chain *c, const char *path)
{
    if (grow((void **)&m->nodes, &m->cap_nodes, m->n_nodes + 1, sizeof *m->nodes)) return -1;
    ua_node *nd = &m->nodes[m->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->k = k;
    nd->child0 = child0;
    nd->agg = c->agg;
    nd->missing = c->missing;
    nd->path = path;
    if (!(nd->w_nom = rc_calloc(k * m->ny, sizeof(double)))) return -1;
    return (long)m->n_nodes++;
}

/* The treatment candidate t for a leaf whose nominal treatment is `nom`: a whole number n
 * is winsorisation with at most n points and the leaf's own limits; anything else is a
 * treat spec over the nominal one. */
static int treat_candidate(const rc_node *it, const rc_treat_spec *nom, rc_treat_spec *out,
                           rc_error *err)
{
    int64_t v;
    if (it->kind == RC_NODE_SCALAR && rc_node_as_int(it, &v) == 0 && v >= 0) {
        *out = *nom;
        out->enabled = 1;
        out->max_points = (size_t)v;
        return 0;
    }
    return rc_treat_parse(it, nom, out, err);
}

/* per: then imputation i and treatment t of one leaf into v (n cells). */
static int leaf_prepare(const ua_model *m, const rc_dim_run *d, const rc_ind_run *ind,
                        const chain *leaf, size_t i, size_t t, double *v, rc_error *err)
{
    const rc_pipeline *pl = m->pl;
    const ua_opts *o = m->o;
    const rc_indicator_cfg *ic = ind->cfg;
    size_t n = m->n;
    memcpy(v, ind->raw, n * sizeof(double));
    if (ic && ic->per) {
        const double *den = rc_dim_series((rc_pipeline *)pl, d, ic->per);
        for (size_t c = 0; c < n; c++)
            v[c] = (!den || isnan(v[c]) || isnan(den[c]) || den[c] == 0) ? NAN : v[c] / den[c];
    }
    const rc_impute_spec *is = o->n_imps ? &o->imps[i] : &leaf->impute;
    if (is->method != RC_IMPUTE_NONE) {
        const size_t *grp = NULL;
        size_t ng = 0;
        if (is->method == RC_IMPUTE_GROUP_MEAN) {
            const rc_grouping *g = is->group ? rc_panel_grouping(pl->panel, is->group) : NULL;
            if (!g)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "analysis.uncertainty.impute: group_mean needs a grouping "
                                    "column listed under regions.groups (got '%s')",
                                    is->group ? is->group : "none");
            grp = g->of_region;
            ng = g->n_labels;
        }
        if (rc_impute(is, v, m->nr, m->ny, grp, ng, NULL, NULL, err) != 0) return -1;
    }
    rc_treat_spec ts = leaf->treat;
    if (o->n_treats && treat_candidate(o->treats[t], &leaf->treat, &ts, err) != 0) return -1;
    if (ts.enabled && rc_treat(&ts, v, m->nr, m->ny, NULL, NULL, err) != 0) return -1;
    return 0;
}

/* Computes the candidate columns of one leaf (imputation × treatment × normalisation). */
static int leaf_candidates(ua_model *m, const rc_dim_run *d, const rc_ind_run *ind,
                           const chain *s, size_t li, rc_error *err)
{
    const rc_pipeline *pl = m->pl;
    const ua_opts *o = m->o;
    size_t nc = m->ni * m->nt * m->nn;
    const double **cand = m->cand + li * nc;
    const rc_indicator_cfg *ic = ind->cfg;
    const rc_node *nnode = ic ? ic->normalize : NULL, *tnode = ic ? ic->treat : NULL;
    const rc_node *inode = ic ? ic->impute : NULL;
    chain leaf;
    if (chain_derive(s, nnode, NULL, tnode, NULL, inode, &leaf, err) != 0) {
        chain_free(&leaf);
        goto prefix_only;
    }
    m->nom_imputed += leaf.impute.method != RC_IMPUTE_NONE;
    m->nom_treated += leaf.treat.enabled != 0;
    int redo = o->n_imps || o->n_treats; /* values other than the nominal ones */
    if (!redo && o->n_norms == 0) {
        cand[0] = ind->norm;
        chain_free(&leaf);
        return 0;
    }
    size_t n = m->n;
    double *cols = rc_malloc(nc * n * sizeof(double));
    double *v = redo ? rc_malloc(n * sizeof(double)) : NULL;
    int rc = -1;
    if (!cols || (redo && !v)) {
        free(cols);
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    m->owned_cols[li] = cols;
    for (size_t i = 0; i < m->ni; i++) {
        for (size_t t = 0; t < m->nt; t++) {
            const double *val = ind->value;
            if (redo) {
                if (leaf_prepare(m, d, ind, &leaf, i, t, v, err) != 0) goto prefix;
                val = v;
            }
            for (size_t j = 0; j < m->nn; j++) {
                const rc_norm_spec *ns = o->n_norms ? &o->norms[j] : &leaf.norm;
                size_t ci = (i * m->nt + t) * m->nn + j;
                double *out = cols + ci * n;
                if (rc_normalize(ns, val, m->nr, m->ny, ind->direction,
                                 (const char *const *)pl->panel->region_ids, pl->panel->years,
                                 ind->id, out, NULL, err) != 0)
                    goto prefix;
                cand[ci] = out;
            }
        }
    }
    rc = 0;
    goto done;
prefix:
    rc_error_prefix(err, "analysis.uncertainty, indicator '%s' in dimension '%s': ", ind->id,
                    d->cfg->root.id);
done:
    chain_free(&leaf);
    free(v);
    return rc;
prefix_only:
    rc_error_prefix(err, "analysis.uncertainty, indicator '%s' in dimension '%s': ", ind->id,
                    d->cfg->root.id);
    return -1;
}

/* Flattens component c (post-order); returns its node index or -1. */
static long build_comp(ua_model *m, const rc_dim_run *d, const rc_comp_run *c, const chain *parent,
                       rc_error *err)
{
    const rc_component_cfg *cc = c->cfg;
    chain s;
    long res = -1;
    if (chain_derive(parent, cc->normalize, cc->aggregate, cc->treat, cc->missing, cc->impute, &s,
                     err) != 0)
        goto done;
    size_t k = c->n_inds + c->n_comps;
    if (k < c->n_inds || k < c->n_comps) goto nomem; /* wrapped: cannot happen; keeps i, j < k */
    /* children first */
    size_t *subidx = k ? rc_calloc(k, sizeof *subidx) : NULL;
    if (k && !subidx) goto nomem;
    for (size_t j = 0; j < c->n_comps; j++) {
        long si = build_comp(m, d, &c->comps[j], &s, err);
        if (si < 0) {
            free(subidx);
            goto done;
        }
        subidx[c->n_inds + j] = (size_t)si;
    }
    long off = add_children(m, k);
    if (off < 0) {
        free(subidx);
        goto nomem;
    }
    long ni = add_node(m, k, (size_t)off, &s, c->path);
    if (ni < 0) {
        free(subidx);
        goto nomem;
    }
    ua_node *nd = &m->nodes[ni];
    for (size_t i = 0; i < c->n_inds; i++) {
        size_t slot = (size_t)off + i;
        if (grow((void **)&m->leaves, &m->cap_leaves, m->n_leaves + 1, sizeof *m->leaves)) {
            free(subidx);
            goto nomem;
        }
        ua_leaf *lf = &m->leaves[m->n_leaves];
        lf->ind = c->inds[i];
        lf->child = slot;
        lf->node = (size_t)ni;
        m->ch_kind[slot] = CH_LEAF;
        m->ch_ref[slot] = m->n_leaves;
        m->ch_id[slot] = c->inds[i]->id;
        m->ch_level[slot] = LV_IND;
        for (size_t t = 0; t < m->ny; t++) nd->w_nom[t * k + i] = c->inds[i]->w_local[t];
        m->n_leaves++;
    }
    for (size_t j = 0; j < c->n_comps; j++) {
        size_t slot = (size_t)off + c->n_inds + j;
        m->ch_kind[slot] = CH_NODE;
        m->ch_ref[slot] = subidx[c->n_inds + j];
        m->ch_id[slot] = c->comps[j].id;
        m->ch_level[slot] = LV_COMP;
        for (size_t t = 0; t < m->ny; t++) nd->w_nom[t * k + c->n_inds + j] = c->comps[j].w_local[t];
    }
    free(subidx);
    res = ni;
    goto done;
nomem:
    rc_error_set(err, RC_ERRK_OTHER, "out of memory");
done:
    chain_free(&s);
    return res;
}

/* Leaves' candidate columns, after the tree is flat (leaf order is final). */
static int build_leaf_columns(ua_model *m, const chain *top, rc_error *err)
{
    m->ni = m->o->n_imps ? m->o->n_imps : 1;
    m->nt = m->o->n_treats ? m->o->n_treats : 1;
    m->nn = m->o->n_norms ? m->o->n_norms : 1;
    m->cand = rc_calloc(m->n_leaves * m->ni * m->nt * m->nn + 1, sizeof *m->cand);
    m->owned_cols = rc_calloc(m->n_leaves + 1, sizeof *m->owned_cols);
    if (!m->cand || !m->owned_cols) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    /* walk the dimensions again to know each leaf's dimension and inherited specs */
    size_t li = 0;
    for (size_t di = 0; di < m->pl->n_dims; di++) {
        const rc_dim_run *d = &m->pl->dims[di];
        if (d->scores != d->root.score) continue;
        /* recursive walk with an explicit stack of (component, chain) */
        struct fr {
            const rc_comp_run *c;
            chain s;
        } *stk = rc_calloc(RC_NODE_MAX_DEPTH + 2, sizeof *stk);
        if (!stk) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        int rc = 0;
        /* post-order must match build_comp: children components first, then own leaves */
        size_t sp = 0;
        size_t *next = rc_calloc(RC_NODE_MAX_DEPTH + 2, sizeof *next);
        if (!next) {
            free(stk);
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        }
        const rc_component_cfg *rc0 = d->root.cfg;
        if (chain_derive(top, rc0->normalize, rc0->aggregate, rc0->treat, rc0->missing, rc0->impute,
                         &stk[0].s,
                         err) != 0) {
            chain_free(&stk[0].s);
            free(stk);
            free(next);
            return -1;
        }
        stk[0].c = &d->root;
        next[0] = 0;
        sp = 1;
        while (sp && rc == 0) {
            struct fr *f = &stk[sp - 1];
            if (next[sp - 1] < f->c->n_comps && sp < RC_NODE_MAX_DEPTH + 1) {
                const rc_comp_run *sub = &f->c->comps[next[sp - 1]++];
                const rc_component_cfg *cc = sub->cfg;
                if (chain_derive(&f->s, cc->normalize, cc->aggregate, cc->treat, cc->missing, cc->impute,
                                 &stk[sp].s, err) != 0) {
                    chain_free(&stk[sp].s);
                    rc = -1;
                    break;
                }
                stk[sp].c = sub;
                next[sp] = 0;
                sp++;
                continue;
            }
            for (size_t i = 0; i < f->c->n_inds && rc == 0; i++, li++)
                rc = leaf_candidates(m, d, f->c->inds[i], &f->s, li, err);
            chain_free(&f->s);
            sp--;
        }
        while (sp) chain_free(&stk[--sp].s);
        free(stk);
        free(next);
        if (rc) return -1;
    }
    return 0;
}

static void model_free(ua_model *m)
{
    for (size_t i = 0; i < m->n_nodes; i++) free(m->nodes[i].w_nom);
    free(m->nodes);
    free(m->ch_kind);
    free(m->ch_ref);
    free(m->ch_fixed);
    free(m->ch_id);
    free(m->ch_level);
    free(m->leaves);
    free(m->excl);
    if (m->owned_cols)
        for (size_t i = 0; i < m->n_leaves; i++) free(m->owned_cols[i]);
    free(m->owned_cols);
    free(m->cand);
    for (size_t a = 0; m->logs && a < m->o->n_aggs; a++) {
        free(m->logs[a]);
        free(m->logs_ok[a]);
    }
    free(m->logs);
    free(m->logs_ok);
    free(m->nom_rank);
}

/* The logarithms a geometric replication would take of every indicator, taken once: for
 * each geometric entry of `aggregate:` and each candidate column, ln(x + shift) of its
 * cells. A column with a value x + shift ≤ 0 is left to rc_aggregate (which reports it). */
static int build_logs(ua_model *m)
{
    const ua_opts *o = m->o;
    size_t nc = m->n_leaves * m->ni * m->nt * m->nn;
    if (!o->n_aggs || !nc) return 0;
    m->logs = rc_calloc(o->n_aggs, sizeof *m->logs);
    m->logs_ok = rc_calloc(o->n_aggs, sizeof *m->logs_ok);
    if (!m->logs || !m->logs_ok) return -1;
    for (size_t a = 0; a < o->n_aggs; a++) {
        if (o->aggs[a].method != RC_AGG_GEOMETRIC) continue;
        double shift = o->aggs[a].shift;
        m->logs[a] = rc_malloc(nc * m->n * sizeof(double));
        m->logs_ok[a] = rc_calloc(nc, 1);
        if (!m->logs[a] || !m->logs_ok[a]) return -1;
        for (size_t c = 0; c < nc; c++) {
            const double *x = m->cand[c];
            double *l = m->logs[a] + c * m->n;
            int ok = x != NULL;
            for (size_t i = 0; ok && i < m->n; i++) {
                if (isnan(x[i])) l[i] = NAN;
                else if (x[i] + shift > 0.0) l[i] = log(x[i] + shift);
                else ok = 0;
            }
            m->logs_ok[a][c] = (unsigned char)ok;
        }
    }
    return 0;
}

/* Ranks n values descending without allocating (ties share the lowest rank, NaN gets 0:
 * the same as rc_rank_desc). `order` holds n indices of scratch. Heap sort by (value
 * descending, index ascending). */
static int before(const double *v, size_t a, size_t b)
{
    return v[a] > v[b] || (v[a] == v[b] && a < b);
}

static void sift(const double *v, size_t *h, size_t i, size_t n)
{
    for (;;) {
        size_t l = 2 * i + 1, big = i;
        if (l < n && !before(v, h[l], h[big])) big = l; /* max-heap of "later" elements */
        if (l + 1 < n && !before(v, h[l + 1], h[big])) big = l + 1;
        if (big == i) return;
        size_t t = h[i];
        h[i] = h[big];
        h[big] = t;
        i = big;
    }
}

static void rank_desc(const double *v, size_t n, long *rank, size_t *order)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) rank[i] = 0;
        else order[m++] = i;
    }
    if (m <= 64) { /* few regions: insertion sort (same order: (value, index) is total) */
        for (size_t i = 1; i < m; i++) {
            size_t x = order[i], p = i;
            for (; p > 0 && before(v, x, order[p - 1]); p--) order[p] = order[p - 1];
            order[p] = x;
        }
    } else {
        for (size_t i = m / 2; i-- > 0;) sift(v, order, i, m);
        for (size_t e = m; e > 1; e--) {
            size_t t = order[0];
            order[0] = order[e - 1];
            order[e - 1] = t;
            sift(v, order, 0, e - 1);
        }
    }
    for (size_t p = 0; p < m; p++) {
        if (p > 0 && v[order[p]] == v[order[p - 1]]) rank[order[p]] = rank[order[p - 1]];
        else rank[order[p]] = (long)p + 1;
    }
}

static int model_build(ua_model *m, const rc_pipeline *pl, const ua_opts *o, rc_error *err)
{
    memset(m, 0, sizeof *m);
    m->pl = pl;
    m->o = o;
    m->nr = pl->nr;
    m->ny = pl->ny;
    m->n = pl->nr * pl->ny;
    const rc_config *cfg = pl->cfg;
    chain base, top;
    memset(&base, 0, sizeof base);
    memset(&top, 0, sizeof top);
    rc_norm_default(&base.norm);
    rc_agg_default(&base.agg);
    rc_treat_parse(NULL, NULL, &base.treat, NULL); /* none, with the default limits */
    base.impute.method = RC_IMPUTE_NONE;
    base.missing = RC_MISSING_AVAILABLE;
    int rc = -1;
    size_t *dim_node = rc_calloc(pl->n_dims + 1, sizeof *dim_node);
    if (!dim_node) goto nomem;
    if (chain_derive(&base, cfg->def_normalize, cfg->def_aggregate, cfg->def_treat,
                     cfg->def_missing, cfg->def_impute, &top, err) != 0)
        goto done;
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_dim_run *d = &pl->dims[i];
        if (d->scores != d->root.score) continue; /* scored by its plugin: a fixed column */
        long ni = build_comp(m, d, &d->root, &top, err);
        if (ni < 0) goto done;
        dim_node[i] = (size_t)ni;
    }
    /* the index */
    long off = add_children(m, pl->n_dims);
    if (off < 0) goto nomem;
    chain ix;
    memset(&ix, 0, sizeof ix);
    rc_agg_spec base_a;
    rc_agg_default(&base_a);
    if (rc_agg_parse(cfg->index_aggregate, &base_a, &ix.agg, err) != 0) goto done;
    ix.missing = pl->index_missing.policy; /* the index's own rule (strict by default), as published */
    long xi = add_node(m, pl->n_dims, (size_t)off, &ix, "index");
    if (xi < 0) goto nomem;
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_dim_run *d = &pl->dims[i];
        size_t slot = (size_t)off + i;
        m->ch_id[slot] = d->cfg->root.id;
        if (d->scores != d->root.score) {
            m->ch_kind[slot] = CH_FIXED;
            m->ch_fixed[slot] = d->scores;
        } else {
            m->ch_kind[slot] = CH_NODE;
            m->ch_ref[slot] = dim_node[i];
        }
        for (size_t t = 0; t < m->ny; t++)
            m->nodes[xi].w_nom[t * pl->n_dims + i] = pl->dim_weights[t * pl->n_dims + i];
    }
    if (build_leaf_columns(m, &top, err) != 0) goto done;
    if (build_logs(m) != 0) goto nomem;
    /* leaves that may be left out */
    m->excl = rc_calloc(m->n_leaves + 1, sizeof *m->excl);
    if (!m->excl) goto nomem;
    for (size_t i = 0; i < m->n_leaves; i++)
        if (m->nodes[m->leaves[i].node].k >= 2) m->excl[m->n_excl++] = i;
    /* reported years and nominal ranks */
    m->y0 = o->all_years ? 0 : m->ny - 1;
    m->nyr = o->all_years ? m->ny : 1;
    m->nom_rank = rc_calloc(m->nyr * m->nr, sizeof *m->nom_rank);
    size_t *order = rc_calloc(m->nr + 1, sizeof *order);
    if (!m->nom_rank || !order) {
        free(order);
        goto nomem;
    }
    for (size_t t = 0; t < m->nyr; t++)
        rank_desc(pl->index + (m->y0 + t) * m->nr, m->nr, m->nom_rank + t * m->nr, order);
    free(order);
    rc = 0;
    goto done;
nomem:
    rc_error_set(err, RC_ERRK_OTHER, "out of memory");
done:
    chain_free(&top);
    chain_free(&base);
    free(dim_node);
    return rc;
}

/* ---------------- one replication ---------------- */

typedef struct ua_scratch {
    double *scores;            /* n_nodes × n */
    const double **cols;       /* n_ch */
    const double **logs;       /* n_ch: precomputed ln(x + shift) of a leaf's column, or NULL */
    double *w;                 /* ny × max k */
    double *factor;            /* n_ch */
    long *rank;                /* nr */
    size_t *order;             /* nr */
} ua_scratch;

static void scratch_free(ua_scratch *s)
{
    free(s->scores);
    free(s->cols);
    free(s->logs);
    free(s->w);
    free(s->factor);
    free(s->rank);
    free(s->order);
}

static int scratch_init(ua_scratch *s, const ua_model *m)
{
    size_t kmax = 1;
    for (size_t i = 0; i < m->n_nodes; i++)
        if (m->nodes[i].k > kmax) kmax = m->nodes[i].k;
    s->scores = rc_malloc(m->n_nodes * m->n * sizeof(double));
    s->cols = rc_calloc(m->n_ch + 1, sizeof *s->cols);
    s->logs = rc_calloc(m->n_ch + 1, sizeof *s->logs);
    s->w = rc_malloc(m->ny * kmax * sizeof(double));
    s->factor = rc_malloc((m->n_ch + 1) * sizeof(double));
    s->rank = rc_malloc((m->nr + 1) * sizeof(long));
    s->order = rc_malloc((m->nr + 1) * sizeof(size_t));
    return s->scores && s->cols && s->logs && s->w && s->factor && s->rank && s->order ? 0 : -1;
}

static size_t pick(double x, size_t n)
{
    size_t i = (size_t)(x * (double)n);
    return i < n ? i : n - 1;
}

/* The weight multipliers of every child slot for weight input xw: 1 + p·(2u − 1) with p the
 * noise of the slot's level, u drawn for every slot in slot order (so one noise for every
 * level gives the draws it always gave). */
static void weight_factors(const ua_model *m, double xw, double *factor)
{
    rc_rng r;
    stream(&r, (uint64_t)(xw * 0x1.0p53), TAG_W, 0);
    for (size_t c = 0; c < m->n_ch; c++)
        factor[c] = 1.0 + m->o->noise_lv[m->ch_level[c]] * (2.0 * uniform01(&r) - 1.0);
}

/* Evaluates one replication at factor values x (each in [0, 1)): writes the ranks of the
 * reported years (nyr × nr) when `ranks` is not NULL and the mean absolute rank shift
 * against the nominal ranks into *y when y is not NULL. */
static int replicate(const ua_model *m, ua_scratch *s, const double *x, int32_t *ranks, double *y,
                     rc_error *err)
{
    const ua_opts *o = m->o;
    size_t inorm = pick(x[F_NORM], m->nn), iimp = pick(x[F_IMPUTE], m->ni);
    size_t itreat = pick(x[F_TREAT], m->nt);
    size_t iagg = o->n_aggs ? pick(x[F_AGG], o->n_aggs) : 0;
    const rc_agg_spec *agg = o->n_aggs ? &o->aggs[iagg] : NULL;
    const double *logs = agg && m->logs ? m->logs[iagg] : NULL;
    long excl_child = -1;
    if (o->exclude && m->n_excl) {
        size_t e = pick(x[F_EXCLUDE], m->n_excl + 1);
        if (e > 0) excl_child = (long)m->leaves[m->excl[e - 1]].child;
    }
    if (o->noise > 0.0) weight_factors(m, x[F_WEIGHTS], s->factor);
    size_t cidx = (iimp * m->nt + itreat) * m->nn + inorm, nc = m->ni * m->nt * m->nn;
    for (size_t ni = 0; ni < m->n_nodes; ni++) {
        const ua_node *nd = &m->nodes[ni];
        int changed = 0;
        for (size_t c = 0; c < nd->k; c++) {
            size_t slot = nd->child0 + c;
            if (o->noise_lv[m->ch_level[slot]] > 0.0) changed = 1;
            switch (m->ch_kind[slot]) {
            case CH_LEAF: {
                size_t ci = m->ch_ref[slot] * nc + cidx;
                s->cols[slot] = m->cand[ci];
                s->logs[slot] = logs && m->logs_ok[iagg][ci] ? logs + ci * m->n : NULL;
                break;
            }
            case CH_NODE:
                s->cols[slot] = s->scores + m->ch_ref[slot] * m->n;
                s->logs[slot] = NULL;
                break;
            default:
                s->cols[slot] = m->ch_fixed[slot];
                s->logs[slot] = NULL;
                break;
            }
            if ((long)slot == excl_child) changed = 1;
        }
        const double *w = nd->w_nom;
        if (changed) {
            for (size_t t = 0; t < m->ny; t++) {
                double sum = 0.0;
                for (size_t c = 0; c < nd->k; c++) {
                    size_t slot = nd->child0 + c;
                    double f = (long)slot == excl_child ? 0.0 : o->noise > 0.0 ? s->factor[slot] : 1.0;
                    double v = nd->w_nom[t * nd->k + c] * f;
                    s->w[t * nd->k + c] = v;
                    sum += v;
                }
                if (sum > 0.0)
                    for (size_t c = 0; c < nd->k; c++) s->w[t * nd->k + c] /= sum;
            }
            w = s->w;
        }
        if (rc_aggregate_logs(agg ? agg : &nd->agg, s->cols + nd->child0,
                              agg ? s->logs + nd->child0 : NULL, nd->k, m->nr, m->ny, w,
                              nd->missing, m->ch_id + nd->child0,
                              (const char *const *)m->pl->panel->region_ids,
                              m->pl->panel->years, s->scores + ni * m->n, err) != 0) {
            rc_error_prefix(err, "aggregating '%s': ", nd->path);
            return -1;
        }
    }
    const double *index = s->scores + (m->n_nodes - 1) * m->n;
    double shift = 0.0;
    size_t cnt = 0;
    for (size_t t = 0; t < m->nyr; t++) {
        rank_desc(index + (m->y0 + t) * m->nr, m->nr, s->rank, s->order);
        const long *nom = m->nom_rank + t * m->nr;
        for (size_t r = 0; r < m->nr; r++) {
            if (ranks) ranks[t * m->nr + r] = (int32_t)s->rank[r];
            if (s->rank[r] > 0 && nom[r] > 0) {
                shift += fabs((double)(s->rank[r] - nom[r]));
                cnt++;
            }
        }
    }
    if (y) *y = cnt ? shift / (double)cnt : NAN;
    return 0;
}

/* ---------------- threads ---------------- */

/* A stop asked for by a signal (the CLI's handlers, util/cancel.h): the workers stop at the
 * next item. Normally the handler ends the process at once; this matters when it may not. */
static int interrupted(void) { return rc_cancel_pending() != 0; }

typedef struct ua_shared {
    atomic_size_t done;
    atomic_size_t fail_at;     /* lowest failing item, SIZE_MAX when none */
    atomic_int finished;
} ua_shared;

enum { JOB_MC = 0, JOB_SA = 1 };

typedef struct ua_job {
    const ua_model *m;
    ua_shared *sh;
    ua_scratch s;
    int kind;
    size_t from, to;
    int32_t *ranks;            /* JOB_MC: runs × nyr × nr */
    double *mc_x, *mc_y;       /* JOB_MC with runs_table: runs × F_N inputs, runs shifts */
    double *y;                 /* JOB_SA: samples × (k + 2) */
    const int *act;            /* JOB_SA: active factors */
    size_t k;
    size_t err_at;
    rc_error err;
} ua_job;

static void *worker(void *arg)
{
    ua_job *j = arg;
    const ua_model *m = j->m;
    const ua_opts *o = m->o;
    j->err_at = SIZE_MAX;
    size_t per = m->nyr * m->nr;
    for (size_t i = j->from; i < j->to; i++) {
        if (interrupted() || i >= atomic_load(&j->sh->fail_at)) break;
        double x[F_N] = {0};
        int rc;
        if (j->kind == JOB_MC) {
            rc_rng r;
            stream(&r, o->seed, TAG_MC, i);
            for (size_t f = 0; f < F_N; f++) x[f] = uniform01(&r);
            if (j->mc_x) memcpy(j->mc_x + i * F_N, x, sizeof x);
            rc = replicate(m, &j->s, x, j->ranks + i * per, j->mc_y ? j->mc_y + i : NULL, &j->err);
        } else {
            size_t w = j->k + 2;
            double xs[RC_SA_MAX_FACTORS];
            rc_saltelli_point(o->seed, i / w, i % w, j->k, xs);
            for (size_t f = 0; f < j->k; f++) x[j->act[f]] = xs[f];
            rc = replicate(m, &j->s, x, NULL, j->y + i, &j->err);
        }
        if (rc != 0) {
            j->err_at = i;
            size_t cur = atomic_load(&j->sh->fail_at);
            while (i < cur && !atomic_compare_exchange_weak(&j->sh->fail_at, &cur, i)) {
            }
            break;
        }
        atomic_fetch_add(&j->sh->done, 1);
    }
    atomic_fetch_add(&j->sh->finished, 1);
    return NULL;
}

static void progress(FILE *log, size_t done, size_t total)
{
    enum { W = 30 };
    size_t fill = total ? done * W / total : W;
    char bar[W + 1];
    for (size_t i = 0; i < W; i++) bar[i] = i < fill ? '#' : '.';
    bar[W] = 0;
    fprintf(log, "\runcertainty [%s] %3zu%% (%zu/%zu)", bar, total ? done * 100 / total : 100,
            done, total);
    fflush(log);
}

/* Runs items [0, total) of one kind on the jobs' threads, one contiguous block each (a
 * block whose thread cannot be created runs on this thread), drawing the progress bar
 * on the run's log stream while they work when `show` is set. */
static void run_phase(ua_job *jobs, size_t nt, int kind, size_t total, ua_shared *sh,
                      FILE *show, size_t base, size_t grand)
{
    pthread_t tid[256];
    int started[256] = {0};
    atomic_store(&sh->finished, 0);
    for (size_t t = 0; t < nt; t++) {
        jobs[t].kind = kind;
        jobs[t].from = total * t / nt;
        jobs[t].to = total * (t + 1) / nt;
        started[t] = pthread_create(&tid[t], NULL, worker, &jobs[t]) == 0;
    }
    for (size_t t = 0; t < nt; t++)
        if (!started[t]) worker(&jobs[t]); /* no thread: run the block here */
    if (show) {
        while ((size_t)atomic_load(&sh->finished) < nt) {
            progress(show, base + atomic_load(&sh->done), grand);
            struct timespec ts = {0, 100000000L};
            nanosleep(&ts, NULL);
        }
    }
    for (size_t t = 0; t < nt; t++)
        if (started[t]) pthread_join(tid[t], NULL);
}

/* ---------------- summaries ---------------- */

/* The q-th (0-based) smallest of the n ranks counted in cnt[1..nr]. */
static double order_stat(const size_t *cnt, size_t nr, size_t q)
{
    size_t cum = 0;
    for (size_t r = 1; r <= nr; r++) {
        cum += cnt[r];
        if (cum > q) return (double)r;
    }
    return NAN;
}

/* Type-7 quantile (R's default) of the n ranks counted in a histogram cnt[1..nr]. */
static double hist_quantile(const size_t *cnt, size_t nr, size_t n, double p)
{
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    double frac = h - (double)lo;
    double a = order_stat(cnt, nr, lo);
    if (frac <= 0.0 || lo + 1 >= n) return a;
    double b = order_stat(cnt, nr, lo + 1);
    return a + frac * (b - a);
}

static int table_uncertainty(const ua_model *m, const int32_t *ranks, rc_resultset *rs,
                             rc_error *err)
{
    static const char *cols[] = {"region", "year", "nominal_rank", "mean_rank", "median_rank",
                                 "p05_rank", "p95_rank"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_INT, RC_COL_NUMBER,
                                    RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *t = rc_table_add(rs, "uncertainty", 7, cols, types);
    size_t *cnt = rc_calloc(m->nr + 1, sizeof *cnt);
    int rc = -1;
    if (!t || !cnt) goto nomem;
    size_t per = m->nyr * m->nr, runs = m->o->runs;
    for (size_t ty = 0; ty < m->nyr; ty++) {
        for (size_t r = 0; r < m->nr; r++) {
            memset(cnt, 0, (m->nr + 1) * sizeof *cnt);
            size_t n = 0;
            double sum = 0.0;
            for (size_t i = 0; i < runs; i++) {
                int32_t v = ranks[i * per + ty * m->nr + r];
                if (v <= 0 || (size_t)v > m->nr) continue;
                cnt[v]++;
                n++;
                sum += (double)v;
            }
            long row = rc_table_add_row(t);
            if (row < 0) goto nomem;
            size_t R = (size_t)row;
            if (rc_table_set_str(t, R, 0, m->pl->panel->region_ids[r]) ||
                rc_table_set_int(t, R, 1, m->pl->panel->years[m->y0 + ty]) ||
                rc_table_set_int(t, R, 2, m->nom_rank[ty * m->nr + r]) ||
                rc_table_set_num(t, R, 3, n ? sum / (double)n : NAN) ||
                rc_table_set_num(t, R, 4, n ? hist_quantile(cnt, m->nr, n, 0.5) : NAN) ||
                rc_table_set_num(t, R, 5, n ? hist_quantile(cnt, m->nr, n, 0.05) : NAN) ||
                rc_table_set_num(t, R, 6, n ? hist_quantile(cnt, m->nr, n, 0.95) : NAN))
                goto nomem;
        }
    }
    rc = 0;
    goto done;
nomem:
    rc_error_set(err, RC_ERRK_OTHER, "out of memory while building the uncertainty table");
done:
    free(cnt);
    return rc;
}

static int table_sensitivity(const ua_model *m, const int *act, size_t k, const double *y,
                             rc_resultset *rs, rc_error *err)
{
    static const char *cols[] = {"input", "first_order", "total", "first_order_ci_low",
                                 "first_order_ci_high", "total_ci_low", "total_ci_high"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER,
                                    RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *t = rc_table_add(rs, "sensitivity", 7, cols, types);
    if (!t) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    if (k == 0) return 0;
    rc_sobol sb[RC_SA_MAX_FACTORS];
    if (rc_sobol_jansen(y, m->o->samples, k, m->o->boot, m->o->seed, sb, err) != 0) return -1;
    for (size_t i = 0; i < k; i++) {
        long row = rc_table_add_row(t);
        if (row < 0) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        size_t R = (size_t)row;
        if (rc_table_set_str(t, R, 0, k_factor_names[act[i]]) ||
            rc_table_set_num(t, R, 1, sb[i].first) || rc_table_set_num(t, R, 2, sb[i].total) ||
            rc_table_set_num(t, R, 3, sb[i].first_lo) || rc_table_set_num(t, R, 4, sb[i].first_hi) ||
            rc_table_set_num(t, R, 5, sb[i].total_lo) || rc_table_set_num(t, R, 6, sb[i].total_hi))
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    }
    return 0;
}

/* A candidate's description for the runs table ("minmax [1, 100]", "zscore 10 + 2z", …). */
static void norm_label(const rc_norm_spec *ns, char *buf, size_t size)
{
    if (ns->method == RC_NORM_MINMAX)
        snprintf(buf, size, "minmax [%g, %g]", ns->lo + ns->shift, ns->hi + ns->shift);
    else if (ns->method == RC_NORM_ZSCORE)
        snprintf(buf, size, "zscore %g + %gz", ns->shift, ns->scale > 0 ? ns->scale : 1.0);
    else
        snprintf(buf, size, "%s", rc_norm_method_name(ns->method));
}

static void treat_label(const rc_node *it, char *buf, size_t size)
{
    int64_t v;
    if (it->kind == RC_NODE_SCALAR && rc_node_as_int(it, &v) == 0)
        snprintf(buf, size, "winsorise up to %lld points", (long long)v);
    else if (it->kind == RC_NODE_SCALAR)
        snprintf(buf, size, "%s", it->str ? it->str : "");
    else {
        const rc_node *mp = rc_node_get(it, "max_points");
        const char *mps = mp ? rc_node_as_str(mp) : NULL;
        snprintf(buf, size, "winsorise%s%s%s", mps ? " up to " : "", mps ? mps : "",
                 mps ? " points" : "");
    }
}

/* Tables uncertainty_runs (one row per replication: its inputs and its mean absolute rank
 * shift) and uncertainty_run_weights (one row per replication and perturbed weight). */
static int table_runs(const ua_model *m, const double *xs, const double *ys, rc_resultset *rs,
                      rc_error *err)
{
    static const char *cols[] = {"run",        "weights_key",        "normalisation",
                                 "aggregation", "imputation",        "treatment",
                                 "excluded_indicator", "mean_abs_rank_shift"};
    static const int32_t types[] = {RC_COL_INT,    RC_COL_INT,    RC_COL_STRING, RC_COL_STRING,
                                    RC_COL_STRING, RC_COL_STRING, RC_COL_STRING, RC_COL_NUMBER};
    static const char *wcols[] = {"run", "parent", "child", "level", "factor", "weight"};
    static const int32_t wtypes[] = {RC_COL_INT,    RC_COL_STRING, RC_COL_STRING,
                                     RC_COL_STRING, RC_COL_NUMBER, RC_COL_NUMBER};
    const ua_opts *o = m->o;
    struct rc_table *t = rc_table_add(rs, "uncertainty_runs", 8, cols, types);
    struct rc_table *tw = o->noise > 0.0
                              ? rc_table_add(rs, "uncertainty_run_weights", 6, wcols, wtypes)
                              : NULL;
    double *factor = rc_malloc((m->n_ch + 1) * sizeof *factor);
    int rc = -1;
    if (!t || (o->noise > 0.0 && !tw) || !factor) goto nomem;
    size_t last = m->ny - 1; /* weights are reported for the last year */
    for (size_t i = 0; i < o->runs; i++) {
        const double *x = xs + i * F_N;
        char nb[96] = "", ab[64] = "", ib[64] = "", tb[96] = "";
        const char *ex = "";
        if (o->n_norms) norm_label(&o->norms[pick(x[F_NORM], m->nn)], nb, sizeof nb);
        if (o->n_aggs) snprintf(ab, sizeof ab, "%s", rc_agg_method_name(o->aggs[pick(x[F_AGG], o->n_aggs)].method));
        if (o->n_imps) snprintf(ib, sizeof ib, "%s", rc_impute_method_name(o->imps[pick(x[F_IMPUTE], m->ni)].method));
        if (o->n_treats) treat_label(o->treats[pick(x[F_TREAT], m->nt)], tb, sizeof tb);
        if (o->exclude && m->n_excl) {
            size_t e = pick(x[F_EXCLUDE], m->n_excl + 1);
            if (e > 0) ex = m->ch_id[m->leaves[m->excl[e - 1]].child];
        }
        long row = rc_table_add_row(t);
        if (row < 0) goto nomem;
        size_t R = (size_t)row;
        if (rc_table_set_int(t, R, 0, (int64_t)i + 1) ||
            rc_table_set_int(t, R, 1, o->noise > 0.0 ? (int64_t)(x[F_WEIGHTS] * 0x1.0p53) : 0) ||
            rc_table_set_str(t, R, 2, nb) || rc_table_set_str(t, R, 3, ab) ||
            rc_table_set_str(t, R, 4, ib) || rc_table_set_str(t, R, 5, tb) ||
            rc_table_set_str(t, R, 6, ex) || rc_table_set_num(t, R, 7, ys[i]))
            goto nomem;
        if (!tw) continue;
        weight_factors(m, x[F_WEIGHTS], factor);
        for (size_t ni = 0; ni < m->n_nodes; ni++) {
            const ua_node *nd = &m->nodes[ni];
            double sum = 0.0;
            for (size_t c = 0; c < nd->k; c++) sum += nd->w_nom[last * nd->k + c] * factor[nd->child0 + c];
            for (size_t c = 0; c < nd->k; c++) {
                size_t slot = nd->child0 + c;
                if (!(o->noise_lv[m->ch_level[slot]] > 0.0)) continue;
                long wr = rc_table_add_row(tw);
                if (wr < 0) goto nomem;
                size_t W = (size_t)wr;
                double wv = nd->w_nom[last * nd->k + c] * factor[slot];
                if (rc_table_set_int(tw, W, 0, (int64_t)i + 1) ||
                    rc_table_set_str(tw, W, 1, nd->path) || rc_table_set_str(tw, W, 2, m->ch_id[slot]) ||
                    rc_table_set_str(tw, W, 3, k_level_names[m->ch_level[slot]]) ||
                    rc_table_set_num(tw, W, 4, factor[slot]) ||
                    rc_table_set_num(tw, W, 5, sum > 0.0 ? wv / sum : NAN))
                    goto nomem;
            }
        }
    }
    rc = 0;
    goto done;
nomem:
    rc_error_set(err, RC_ERRK_OTHER, "out of memory while building the uncertainty runs tables");
done:
    free(factor);
    return rc;
}

/* COINr varies a step the coin was built without silently; here it is said: an imputation
 * or treatment list while (some) indicators have no such step in the nominal run, and a
 * weight noise on a level with no weights to perturb. */
static void warn_missing_steps(rc_pipeline *pl, const ua_model *m)
{
    const ua_opts *o = m->o;
    if (o->n_imps && m->nom_imputed < m->n_leaves)
        rc_pl_warn(pl, "analysis.uncertainty.impute varies imputation, but %zu of %zu indicators "
                       "have no imputation in the nominal run (impute: none): the replications "
                       "impute them while the nominal ranks do not, so the rank shifts include "
                       "a step the published index lacks",
                   m->n_leaves - m->nom_imputed, m->n_leaves);
    if (o->n_treats && m->nom_treated < m->n_leaves)
        rc_pl_warn(pl, "analysis.uncertainty.treat varies outlier treatment, but %zu of %zu "
                       "indicators have no treatment in the nominal run (treat: none): the "
                       "replications treat them while the nominal ranks do not, so the rank "
                       "shifts include a step the published index lacks",
                   m->n_leaves - m->nom_treated, m->n_leaves);
    for (size_t l = 0; l < LV_N; l++) {
        if (!(o->noise_lv[l] > 0.0)) continue;
        size_t have = 0;
        for (size_t c = 0; c < m->n_ch; c++) have += m->ch_level[c] == l;
        if (!have)
            rc_pl_warn(pl, "analysis.uncertainty.weights: noise on the %s level, which this "
                           "index does not have (no weights there to perturb)", k_level_names[l]);
    }
}

/* ---------------- entry ---------------- */

int rc_uncertainty_run(struct rc_pipeline *pl, rc_error *err)
{
    const rc_node *a = pl->cfg->analysis;
    const rc_node *sec = a && a->kind == RC_NODE_MAP ? rc_node_get(a, "uncertainty") : NULL;
    if (!sec) return 0;
    ua_opts o;
    ua_model m;
    memset(&m, 0, sizeof m);
    int rc = -1;
    ua_job *jobs = NULL;
    size_t nt = 0;
    int32_t *ranks = NULL;
    double *y = NULL, *mc_x = NULL, *mc_y = NULL;
    if (opts_parse(sec, &o, err) != 0) goto done;
    if (model_build(&m, pl, &o, err) != 0) goto done;
    /* active factors, in the fixed order of k_factor_names */
    int act[F_N];
    size_t k = 0;
    if (o.noise > 0.0) act[k++] = F_WEIGHTS;
    if (o.n_norms > 1) act[k++] = F_NORM;
    if (o.n_aggs > 1) act[k++] = F_AGG;
    if (o.n_imps > 1) act[k++] = F_IMPUTE;
    if (o.exclude && m.n_excl) act[k++] = F_EXCLUDE;
    if (o.n_treats > 1) act[k++] = F_TREAT;
    warn_missing_steps(pl, &m);
    size_t per = m.nyr * m.nr;
    double bytes = (double)o.runs * (double)per * sizeof(int32_t);
    if (bytes > 4.0 * 1024 * 1024 * 1024) {
        rc_error_set(err, RC_ERRK_CONFIG,
                     "analysis.uncertainty: %zu runs × %zu region-years would keep %.1f GiB of "
                     "ranks; lower `runs` or use `years: last`", o.runs, per,
                     bytes / (1024.0 * 1024 * 1024));
        goto done;
    }
    size_t n_sa = o.sens && k ? o.samples * (k + 2) : 0;
    ranks = rc_malloc(o.runs * per * sizeof *ranks + 1);
    y = rc_malloc((n_sa + 1) * sizeof *y);
    if (o.runs_table) {
        mc_x = rc_malloc(o.runs * F_N * sizeof *mc_x);
        mc_y = rc_malloc(o.runs * sizeof *mc_y);
        if (!mc_x || !mc_y) {
            rc_error_set(err, RC_ERRK_OTHER, "out of memory (uncertainty runs table)");
            goto done;
        }
    }
    nt = o.threads; /* no more threads than items in the larger phase */
    if (nt > (o.runs > n_sa ? o.runs : n_sa)) nt = o.runs > n_sa ? o.runs : n_sa;
    if (nt < 1) nt = 1;
    jobs = rc_calloc(nt, sizeof *jobs);
    if (!ranks || !y || !jobs) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory (uncertainty analysis)");
        goto done;
    }
    for (size_t t = 0; t < nt; t++) {
        jobs[t].m = &m;
        jobs[t].ranks = ranks;
        jobs[t].y = y;
        jobs[t].mc_x = mc_x;
        jobs[t].mc_y = mc_y;
        jobs[t].act = act;
        jobs[t].k = k;
        if (scratch_init(&jobs[t].s, &m) != 0) {
            rc_error_set(err, RC_ERRK_OTHER, "out of memory (uncertainty analysis)");
            goto done;
        }
    }
    rc_pl_info(pl, "uncertainty: %zu runs, %zu sensitivity evaluations, %zu thread(s)", o.runs,
               n_sa, nt);
    /* the bar goes to the run's log stream (stderr unless the caller gave another), and only
     * when that is a terminal */
    FILE *show = pl->log && isatty(fileno(pl->log)) && pl->opts && pl->opts->verbosity >= 1
                     ? pl->log : NULL;
    ua_shared sh;
    atomic_init(&sh.done, 0);
    atomic_init(&sh.fail_at, SIZE_MAX);
    atomic_init(&sh.finished, 0);
    for (size_t t = 0; t < nt; t++) jobs[t].sh = &sh;
    size_t grand = o.runs + n_sa;
    run_phase(jobs, nt, JOB_MC, o.runs, &sh, show, 0, grand);
    size_t first_fail = SIZE_MAX, who = 0;
    for (size_t t = 0; t < nt; t++)
        if (jobs[t].err_at < first_fail) first_fail = jobs[t].err_at, who = t;
    if (first_fail == SIZE_MAX && n_sa && !interrupted()) {
        run_phase(jobs, nt, JOB_SA, n_sa, &sh, show, 0, grand);
        for (size_t t = 0; t < nt; t++)
            if (jobs[t].err_at < first_fail) first_fail = jobs[t].err_at, who = t;
        if (first_fail != SIZE_MAX) first_fail += o.runs;
    }
    if (show) {
        progress(show, atomic_load(&sh.done), grand);
        fputc('\n', show);
    }
    if (interrupted()) {
        rc_error_set(err, RC_ERRK_OTHER,
                     "interrupted by a signal during the uncertainty analysis after %zu of %zu "
                     "replications; no report was written", (size_t)atomic_load(&sh.done), grand);
        goto done;
    }
    if (first_fail != SIZE_MAX) {
        *err = jobs[who].err;
        if (first_fail < o.runs)
            rc_error_prefix(err, "analysis.uncertainty, replication %zu: ", first_fail + 1);
        else
            rc_error_prefix(err, "analysis.uncertainty, sensitivity evaluation %zu: ",
                            first_fail - o.runs + 1);
        goto done;
    }
    if (table_uncertainty(&m, ranks, pl->rs, err) != 0) goto done;
    if (o.sens && table_sensitivity(&m, act, k, y, pl->rs, err) != 0) goto done;
    if (o.runs_table && table_runs(&m, mc_x, mc_y, pl->rs, err) != 0) goto done;
    rc = 0;
done:
    if (jobs)
        for (size_t t = 0; t < nt; t++) scratch_free(&jobs[t].s);
    free(jobs);
    free(ranks);
    free(y);
    free(mc_x);
    free(mc_y);
    model_free(&m);
    opts_free(&o);
    return rc;
}
