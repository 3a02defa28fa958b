/* analysis/mod_coupling.c — the `coupling` analysis as one module: its keys
 * (`analysis.coupling`), parsing and checking its section, and running it: the coupling
 * coordination degree of the dimension scores (or of chosen subsets), with the lagging
 * subsystem and relative development, into the table `coupling` (columns in docs/analysis.md).
 * Region-years with missing values are left out of each year's cross-section. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"
#include "methods/methods.h"

typedef struct coupling_opts {
    /* coupling */
    rc_ccd_form form;
    double *alpha;            /* n_dims weights in config dimension order, NULL = equal */
    int rescale;
    double lag_threshold;     /* default 0.1 */
    const char *pair_a, *pair_b; /* relative development degree U_a/U_b; NULL = first two */
    /* the systems coupled: `dimensions: [...]` gives one unnamed system, `pairs:
       {name: [...]}` named ones; n_systems 0 = one system of every dimension. sys_dims[s]
       lists config dimension indices (allocated); sys_names[s] is NULL when unnamed. */
    size_t n_systems;
    const char **sys_names;
    size_t **sys_dims;
    size_t *sys_n;
} coupling_opts;

static const rc_config_key coupling_keys[] = {
    {"form", RC_CFG_STRING, 0, "standard", "standard or wang2021 (Wang et al. 2021)."},
    {"alpha", RC_CFG_ANY, 0, "equal", "equal, or a mapping dimension: weight summing to 1."},
    {"rescale", RC_CFG_BOOL, 0, "false", "Pooled min-max of the scores before coupling."},
    {"lag_threshold", RC_CFG_NUMBER, 0, "0.1", "max U - min U above which the lowest lags."},
    {"pair", RC_CFG_LIST, 0, NULL, "Two dimension ids [a, b]: relative development U_a/U_b."},
    {"dimensions", RC_CFG_LIST, 0, NULL, "Couple only these dimension ids (two or more)."},
    {"pairs", RC_CFG_MAP, 0, NULL, "Named systems {name: [dimension ids]}, each coupled apart."},
};

/* A list of two or more distinct dimension ids (`what` names it in messages) into an
 * allocated array of config dimension indices. */
static int parse_dim_subset(const rc_config *cfg, const struct rc_node *n, const char *what,
                            size_t **out, size_t *nout, rc_error *err)
{
    char w[256];
    if (n->kind != RC_NODE_LIST || n->n < 2)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: %s must list two or more dimension ids to couple",
                            rc_node_where(n, w, sizeof w), what);
    size_t *d = rc_calloc(n->n, sizeof *d);
    if (!d) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        const char *id = rc_node_as_str(n->items[i]);
        long k = id ? rc_an_dim_index(cfg, id) : -1;
        int dup = 0;
        for (size_t j = 0; j < i && k >= 0; j++) dup |= d[j] == (size_t)k;
        if (k < 0 || dup) {
            rc_buf l;
            rc_buf_init(&l);
            rc_an_dim_list(cfg, &l);
            rc_error_set(err, RC_ERRK_CONFIG,
                         dup ? "%s: %s lists '%s' twice" : "%s: %s has '%s', which is not a "
                                                          "dimension; the dimensions are: %s",
                         rc_node_where(n->items[i], w, sizeof w), what, id ? id : "(not text)",
                         l.data ? l.data : "");
            rc_buf_free(&l);
            free(d);
            return -1;
        }
        d[i] = (size_t)k;
    }
    *out = d;
    *nout = n->n;
    return 0;
}

/* `dimensions:` (one unnamed system) or `pairs:` (named systems), not both. */
static int parse_coupling_systems(const rc_config *cfg, const struct rc_node *sec,
                                  coupling_opts *o, rc_error *err)
{
    char w[256];
    const struct rc_node *dn = rc_node_get(sec, "dimensions"), *pn = rc_node_get(sec, "pairs");
    if (dn && pn)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling takes either 'dimensions' (one subset) or "
                            "'pairs' (named subsets), not both",
                            rc_node_where(pn, w, sizeof w));
    size_t ns = dn ? 1 : pn ? pn->n : 0;
    if (pn && ns == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling.pairs names no system; give "
                            "{name: [dimension ids]} or remove it", rc_node_where(pn, w, sizeof w));
    if (!ns) return 0;
    o->sys_names = rc_calloc(ns, sizeof *o->sys_names);
    o->sys_dims = rc_calloc(ns, sizeof *o->sys_dims);
    o->sys_n = rc_calloc(ns, sizeof *o->sys_n);
    if (!o->sys_names || !o->sys_dims || !o->sys_n)
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    o->n_systems = ns;
    if (dn) return parse_dim_subset(cfg, dn, "analysis.coupling.dimensions", &o->sys_dims[0],
                                    &o->sys_n[0], err);
    for (size_t s = 0; s < ns; s++) {
        char what[192];
        snprintf(what, sizeof what, "analysis.coupling.pairs.%s", pn->keys[s]);
        o->sys_names[s] = pn->keys[s];
        if (parse_dim_subset(cfg, pn->items[s], what, &o->sys_dims[s], &o->sys_n[s], err))
            return -1;
    }
    return 0;
}

/* 1 when config dimension d is coupled (every dimension without `dimensions:`). */
static int in_subset(const coupling_opts *o, size_t d)
{
    if (o->n_systems != 1 || o->sys_names[0]) return 1;
    for (size_t i = 0; i < o->sys_n[0]; i++)
        if (o->sys_dims[0][i] == d) return 1;
    return 0;
}

static int parse_coupling(const rc_config *cfg, const struct rc_node *sec,
                          void *opts, rc_error *err)
{
    coupling_opts *o = opts;
    char w[256];
    o->lag_threshold = 0.1;
    static const char *const forms[] = {"standard", "wang2021"};
    int f = 0;
    if (rc_an_parse_choice(sec, "form", "coupling", forms, 2, &f, err)) return -1;
    o->form = f ? RC_CCD_WANG2021 : RC_CCD_STANDARD;
    if (cfg->n_dims < 2)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling needs at least two dimensions; the config "
                            "has %zu — add dimensions or remove analysis.coupling",
                            rc_node_where(sec, w, sizeof w), cfg->n_dims);
    const struct rc_node *n;
    if ((n = rc_node_get(sec, "rescale")) && rc_node_as_bool(n, &o->rescale))
        return -1; /* type already checked by the schema */
    if ((n = rc_node_get(sec, "lag_threshold"))) {
        rc_node_as_number(n, &o->lag_threshold);
        if (!(o->lag_threshold >= 0.0))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.lag_threshold must be 0 or more",
                                rc_node_where(n, w, sizeof w));
    }
    if ((n = rc_node_get(sec, "pair"))) {
        const char *a = n->n == 2 ? rc_node_as_str(n->items[0]) : NULL;
        const char *b = n->n == 2 ? rc_node_as_str(n->items[1]) : NULL;
        if (!a || !b || rc_an_dim_index(cfg, a) < 0 || rc_an_dim_index(cfg, b) < 0) {
            rc_buf l;
            rc_buf_init(&l);
            rc_an_dim_list(cfg, &l);
            rc_error_set(err, RC_ERRK_CONFIG,
                         "%s: analysis.coupling.pair must list two dimension ids [a, b] "
                         "from: %s", rc_node_where(n, w, sizeof w), l.data ? l.data : "");
            rc_buf_free(&l);
            return -1;
        }
        o->pair_a = a;
        o->pair_b = b;
    }
    if (parse_coupling_systems(cfg, sec, o, err)) return -1;
    int named = o->n_systems && o->sys_names[0];
    n = rc_node_get(sec, "pair");
    if (n && named)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling.pair cannot be combined with 'pairs': E is "
                            "each system's first dimension over its second",
                            rc_node_where(n, w, sizeof w));
    if (n && (!in_subset(o, (size_t)rc_an_dim_index(cfg, o->pair_a)) ||
              !in_subset(o, (size_t)rc_an_dim_index(cfg, o->pair_b))))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling.pair must name two of the coupled "
                            "'dimensions'", rc_node_where(n, w, sizeof w));
    if ((n = rc_node_get(sec, "alpha"))) {
        if (n->kind == RC_NODE_SCALAR && strcmp(n->str, "equal") == 0) return 0;
        if (named)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.alpha must be 'equal' with 'pairs' (each "
                                "system's T is the plain mean of its dimensions)",
                                rc_node_where(n, w, sizeof w));
        if (n->kind != RC_NODE_MAP)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.alpha must be 'equal' or a mapping "
                                "{dimension: weight} over every dimension, summing to 1",
                                rc_node_where(n, w, sizeof w));
        o->alpha = rc_calloc(cfg->n_dims, sizeof *o->alpha);
        if (!o->alpha) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t i = 0; i < cfg->n_dims; i++) o->alpha[i] = NAN;
        double sum = 0.0;
        for (size_t k = 0; k < n->n; k++) {
            long d = rc_an_dim_index(cfg, n->keys[k]);
            double v;
            if (d < 0) {
                rc_buf l;
                rc_buf_init(&l);
                rc_an_dim_list(cfg, &l);
                rc_error_set(err, RC_ERRK_CONFIG,
                             "%s: analysis.coupling.alpha has '%s', which is not a dimension; "
                             "the dimensions are: %s",
                             rc_node_key_where(n, n->keys[k], w, sizeof w), n->keys[k],
                             l.data ? l.data : "");
                rc_buf_free(&l);
                return -1;
            }
            if (!in_subset(o, (size_t)d))
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.coupling.alpha has '%s', which is not among "
                                    "the coupled 'dimensions'",
                                    rc_node_key_where(n, n->keys[k], w, sizeof w), n->keys[k]);
            if (rc_node_as_number(n->items[k], &v) || !(v >= 0.0))
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.coupling.alpha.%s must be a number ≥ 0",
                                    rc_node_where(n->items[k], w, sizeof w), n->keys[k]);
            o->alpha[d] = v;
            sum += v;
        }
        for (size_t i = 0; i < cfg->n_dims; i++)
            if (isnan(o->alpha[i]) && in_subset(o, i))
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.coupling.alpha gives no weight to dimension "
                                    "'%s'; add '%s: <weight>' (the weights must sum to 1)",
                                    rc_node_where(n, w, sizeof w), cfg->dims[i].root.id,
                                    cfg->dims[i].root.id);
        if (fabs(sum - 1.0) > 1e-9)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.alpha sums to %g; the weights must sum "
                                "to 1", rc_node_where(n, w, sizeof w), sum);
    }
    return 0;
}

/* The run-state dimension of config dimension d (matched by id), or -1. */
static long st_dim_of(const rc_run_state *st, size_t d)
{
    if (!st->cfg || d >= st->cfg->n_dims) return -1;
    for (size_t j = 0; j < st->n_dims; j++)
        if (strcmp(st->cfg->dims[d].root.id, st->dim_ids[j]) == 0) return (long)j;
    return -1;
}

/* The systems to couple as run-state dimension indices: sys[s * K + i], i < n[s]; every
 * dimension when the options name none. */
static int coupling_systems(const rc_an_ctx *c, const coupling_opts *o, size_t *sys, size_t *n, size_t ns, rc_error *err)
{
    size_t K = c->st->n_dims;
    if (!o->n_systems) {
        for (size_t i = 0; i < K; i++) sys[i] = i;
        n[0] = K;
        return 0;
    }
    for (size_t s = 0; s < ns; s++) {
        n[s] = o->sys_n[s];
        for (size_t i = 0; i < n[s]; i++) {
            long j = st_dim_of(c->st, o->sys_dims[s][i]);
            if (j < 0)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "analysis.coupling: dimension '%s' has no scores in this run",
                                    c->st->cfg->dims[o->sys_dims[s][i]].root.id);
            sys[s * K + i] = (size_t)j;
        }
    }
    return 0;
}

/* Coupling is defined for U in [0, 1]: a score outside (z-scores, a 0..100 range, a
 * shift) is refused, naming the dimension, its range and a cell, unless `rescale` maps the
 * pooled range onto [0, 1]. lo/hi hold each dimension's pooled bounds. */
static int coupling_domain(const rc_an_ctx *c, const coupling_opts *o, const double *lo, const double *hi,
                           const size_t *coupled, rc_error *err)
{
    const rc_run_state *st = c->st;
    if (o->rescale) return 0;
    for (size_t d = 0; d < st->n_dims; d++) {
        if (!coupled[d] || (!(lo[d] < -1e-12) && !(hi[d] > 1.0 + 1e-12))) continue;
        double bad = lo[d] < -1e-12 ? lo[d] : hi[d];
        size_t at = 0;
        for (size_t i = 0; i < c->nr * c->ny; i++)
            if (st->dim_scores[d][i] == bad) { at = i; break; }
        char a[40], b[40], v[40];
        return rc_error_set(err, RC_ERRK_DATA,
                            "analysis.coupling needs dimension scores in [0, 1], but '%s' ranges "
                            "over [%s, %s] (region %s, %d: %s); normalise to [0, 1] (minmax, "
                            "goalposts) or set analysis.coupling.rescale: true to map the pooled "
                            "range onto [0, 1]", st->dim_ids[d], rc_fmt_double(lo[d], a, sizeof a),
                            rc_fmt_double(hi[d], b, sizeof b), c->p->region_ids[at % c->nr],
                            c->p->years[at / c->nr], rc_fmt_double(bad, v, sizeof v));
    }
    return 0;
}

static int run_coupling(const rc_an_ctx *c, const void *opts, rc_resultset *rs, rc_error *err)
{
    const coupling_opts *o = opts;
    const rc_run_state *st = c->st;
    size_t K = st->n_dims, nr = c->nr, ny = c->ny;
    if (K < 2)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "analysis.coupling needs at least two dimensions; the run has %zu",
                            K);
    const char *base[] = {"region", "year", "form", "C", "T", "D", "level", "level_zh",
                          "level_en", "lagging", "E", "E_pair", "system"};
    const int32_t btypes[] = {S, I, S, N, N, N, I, S, S, S, N, S, S};
    size_t ns = o->n_systems ? o->n_systems : 1;
    int named = o->n_systems && o->sys_names[0];
    size_t nb = NCOLS(base) - (named ? 0 : 1), nc = nb;
    const char **names = rc_calloc(nb + K, sizeof *names);
    int32_t *types = rc_calloc(nb + K, sizeof *types);
    char **ucols = rc_calloc(K, sizeof *ucols);
    double *u = rc_calloc(K, sizeof *u), *alpha_s = rc_calloc(K, sizeof *alpha_s);
    double *lo = rc_calloc(K, sizeof *lo), *hi = rc_calloc(K, sizeof *hi);
    size_t *sys = rc_calloc(ns * K, sizeof *sys), *sn = rc_calloc(ns, sizeof *sn);
    size_t *ucol = rc_calloc(K, sizeof *ucol); /* U_<d>'s column; 0 = not coupled */
    int rc = -1;
    rc_tw w = {0};
    if (!names || !types || !ucols || !u || !alpha_s || !lo || !hi || !sys || !sn || !ucol) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (coupling_systems(c, o, sys, sn, ns, err)) goto done;
    for (size_t i = 0; i < nb; i++) { names[i] = base[i]; types[i] = btypes[i]; }
    for (size_t s = 0; s < ns; s++)
        for (size_t i = 0; i < sn[s]; i++) ucol[sys[s * K + i]] = 1;
    for (size_t d = 0; d < K; d++) {
        if (!ucol[d]) continue; /* columns in run order, only the coupled dimensions */
        rc_buf b;
        rc_buf_init(&b);
        rc_buf_printf(&b, "U_%s", st->dim_ids[d]);
        ucols[d] = b.data;
        if (!ucols[d]) { rc_error_set(err, RC_ERRK_OTHER, "out of memory"); goto done; }
        ucol[d] = nc;
        names[nc] = ucols[d];
        types[nc++] = N;
    }
    /* pooled min-max bounds for `rescale` */
    for (size_t d = 0; d < K; d++) {
        lo[d] = INFINITY;
        hi[d] = -INFINITY;
        for (size_t i = 0; i < nr * ny; i++) {
            double x = st->dim_scores[d][i];
            if (isnan(x)) continue;
            if (x < lo[d]) lo[d] = x;
            if (x > hi[d]) hi[d] = x;
        }
    }
    if (coupling_domain(c, o, lo, hi, ucol, err) != 0) goto done;
    if (rc_tw_open(&w, rs, "coupling", nc, names, types, err)) goto done;
    for (size_t r = 0; r < nr; r++) {
        for (size_t t = 0; t < ny; t++) {
            for (size_t s = 0; s < ns; s++) {
                const size_t *dims = sys + s * K;
                size_t k = sn[s];
                /* alpha: configured in config order, matched by id; E: `pair` or the
                   system's first two */
                const double *alpha = NULL;
                long pa = 0, pb = 1;
                for (size_t i = 0; i < k; i++) {
                    const char *id = st->dim_ids[dims[i]];
                    alpha_s[i] = NAN;
                    for (size_t j = 0; o->alpha && st->cfg && j < st->cfg->n_dims; j++)
                        if (strcmp(st->cfg->dims[j].root.id, id) == 0) alpha_s[i] = o->alpha[j];
                    if (o->pair_a && strcmp(o->pair_a, id) == 0) pa = (long)i;
                    if (o->pair_b && strcmp(o->pair_b, id) == 0) pb = (long)i;
                }
                if (o->alpha && st->cfg) alpha = alpha_s;
                for (size_t i = 0; i < k; i++) {
                    size_t d = dims[i];
                    double x = st->dim_scores[d][t * nr + r];
                    if (o->rescale && !isnan(x) && hi[d] > lo[d])
                        x = (x - lo[d]) / (hi[d] - lo[d]);
                    u[i] = x;
                }
                double C = rc_ccd_coupling(u, k, o->form);
                double T = rc_ccd_T(u, alpha, k);
                double D = (isnan(C) || isnan(T) || C * T < 0.0) ? NAN : sqrt(C * T);
                int lv = rc_ccd_level(D);
                long lag = rc_ccd_lagging(u, k, o->lag_threshold);
                char pair[256];
                snprintf(pair, sizeof pair, "%s/%s", st->dim_ids[dims[pa]], st->dim_ids[dims[pb]]);
                rc_tw_row(&w);
                rc_tw_s(&w, 0, c->p->region_ids[r]);
                rc_tw_i(&w, 1, c->p->years[t]);
                rc_tw_s(&w, 2, o->form == RC_CCD_WANG2021 ? "wang2021" : "standard");
                rc_tw_n(&w, 3, C);
                rc_tw_n(&w, 4, T);
                rc_tw_n(&w, 5, D);
                rc_tw_i(&w, 6, lv + 1); /* 1..10, 0 = unclassified */
                rc_tw_s(&w, 7, lv >= 0 ? rc_ccd_level_zh(lv) : NULL);
                rc_tw_s(&w, 8, lv >= 0 ? rc_ccd_level_en(lv) : NULL);
                int anynan = isnan(T);
                rc_tw_s(&w, 9, anynan ? NULL : lag >= 0 ? st->dim_ids[dims[lag]] : "balanced");
                rc_tw_n(&w, 10, rc_ccd_relative(u[pa], u[pb]));
                rc_tw_s(&w, 11, pair);
                if (named) rc_tw_s(&w, 12, o->sys_names[s]);
                for (size_t i = 0; i < k; i++) rc_tw_n(&w, ucol[dims[i]], u[i]);
            }
        }
    }
    rc = rc_tw_close(&w, err);
done:
    if (ucols)
        for (size_t d = 0; d < K; d++) free(ucols[d]);
    free(ucols); free(names); free(types); free(u); free(alpha_s); free(lo); free(hi);
    free(sys); free(sn); free(ucol);
    return rc;
}

static void coupling_clear(void *opts)
{
    coupling_opts *o = opts;
    free(o->alpha);
    for (size_t s = 0; o->sys_dims && s < o->n_systems; s++) free(o->sys_dims[s]);
    free(o->sys_dims);
    free(o->sys_names);
    free(o->sys_n);
}

static const rc_config_section k_sections[] = {
    {"analysis.coupling", "Coupling coordination degree across the dimensions.", coupling_keys, NCOLS(coupling_keys)},
};
static const char *const k_tables[] = {"coupling", NULL};

const rc_analysis_module rc_mod_coupling = {
    "coupling", "Coupling coordination degree across the dimensions.", k_sections, NCOLS(k_sections), k_tables,
    sizeof(coupling_opts), parse_coupling, run_coupling, coupling_clear,
};
