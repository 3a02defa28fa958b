/* analysis/options.c — parses and checks the `analysis:` section: the keys of each
 * analysis, their values, and that the config provides each analysis's inputs (a grouping
 * for the decompositions, adjacency or coordinates for the spatial weights, two or more
 * dimensions for coupling), and the keys and values of `uncertainty` (run by the pipeline).
 * Every error names file:line:col and says what to write. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/internal.h"
#include "config/schema.h"
#include "methods/methods.h"
#include "util/str.h"

static const rc_config_key top_keys[] = {
    {"coupling", RC_CFG_MAP, 0, NULL, "Coupling coordination degree across the dimensions."},
    {"disparity", RC_CFG_MAP, 0, NULL, "CV, Gini, Theil and Dagum decomposition per year."},
    {"convergence", RC_CFG_MAP, 0, NULL, "Sigma and beta convergence."},
    {"spatial", RC_CFG_MAP, 0, NULL, "Global and local Moran's I per year."},
    {"density", RC_CFG_MAP, 0, NULL, "Gaussian kernel density per year on a common grid."},
    {"obstacles", RC_CFG_MAP, 0, NULL, "Obstacle degree per region, year and indicator."},
    {"uncertainty", RC_CFG_MAP, 0, NULL,
     "Rank uncertainty and sensitivity (run by pipeline/uncertainty.c; docs/uncertainty.md)."},
};
static const rc_config_key coupling_keys[] = {
    {"form", RC_CFG_STRING, 0, "standard", "standard or wang2021 (Wang et al. 2021)."},
    {"alpha", RC_CFG_ANY, 0, "equal", "equal, or a mapping dimension: weight summing to 1."},
    {"rescale", RC_CFG_BOOL, 0, "false", "Pooled min-max of the scores before coupling."},
    {"lag_threshold", RC_CFG_NUMBER, 0, "0.1", "max U - min U above which the lowest lags."},
    {"pair", RC_CFG_LIST, 0, NULL, "Two dimension ids [a, b]: relative development U_a/U_b."},
    {"dimensions", RC_CFG_LIST, 0, NULL, "Couple only these dimension ids (two or more)."},
    {"pairs", RC_CFG_MAP, 0, NULL, "Named systems {name: [dimension ids]}, each coupled apart."},
};
static const rc_config_key disparity_keys[] = {
    {"by", RC_CFG_STRING, 0, NULL, "Grouping column of the regions file for decompositions."},
    {"measures", RC_CFG_LIST, 0, "[cv, gini, theil, dagum]", "Which measures to compute."},
    {"sd", RC_CFG_STRING, 0, "population", "population or sample standard deviation in CV."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
    {"weights", RC_CFG_STRING, 0, NULL, "A series weighting the regions (e.g. population)."},
};
static const rc_config_key convergence_keys[] = {
    {"sigma", RC_CFG_BOOL, 0, "true", "Sigma convergence (sd and CV by year)."},
    {"beta", RC_CFG_STRING, 0, "absolute", "absolute, conditional or none."},
    {"controls", RC_CFG_LIST, 0, NULL, "Conditional beta: series or grouping names."},
    {"from", RC_CFG_INT, 0, NULL, "Initial year (default the first)."},
    {"to", RC_CFG_INT, 0, NULL, "Final year (default the last)."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
};
static const rc_config_key spatial_keys[] = {
    {"weights", RC_CFG_STRING, 0, NULL, "adjacency or distance (default: what the config has)."},
    {"cutoff", RC_CFG_NUMBER, 0, NULL, "Distance weights: neighbours within this many km."},
    {"moran", RC_CFG_MAP, 0, NULL, "{permutations: 999, seed: 1}"},
    {"lisa", RC_CFG_BOOL, 0, "true", "Local Moran per region."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
};
static const rc_config_key moran_keys[] = {
    {"permutations", RC_CFG_INT, 0, "999", "Random permutations for the pseudo p-values."},
    {"seed", RC_CFG_INT, 0, "1", "Seed of the permutation generator."},
};
static const rc_config_key density_keys[] = {
    {"points", RC_CFG_INT, 0, "101", "Grid points."},
    {"from", RC_CFG_NUMBER, 0, NULL, "Grid start (default min - 3h)."},
    {"to", RC_CFG_NUMBER, 0, NULL, "Grid end (default max + 3h)."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
};
static const rc_config_key obstacles_keys[] = {
    {"top", RC_CFG_INT, 0, "3", "How many leading obstacles per region-year."},
};

static const rc_config_key uncertainty_keys[] = {
    {"runs", RC_CFG_INT, 0, "1000", "Monte Carlo replications (1 to 10000000)."},
    {"seed", RC_CFG_INT, 0, "1", "Seed of the replications' random streams."},
    {"weights", RC_CFG_MAP, 0, NULL,
     "{noise: p, levels: [...]}: each weight times 1 + U(-p, p), renormalised."},
    {"treat", RC_CFG_LIST, 0, NULL,
     "Outlier-treatment candidates (winsorisation limits 1, 2, ... or treat specs)."},
    {"runs_table", RC_CFG_BOOL, 0, "false",
     "Store each replication's inputs (tables uncertainty_runs, uncertainty_run_weights)."},
    {"normalize", RC_CFG_LIST, 0, NULL, "Normalisation specs; each replication draws one."},
    {"aggregate", RC_CFG_LIST, 0, NULL, "Aggregation methods; each replication draws one."},
    {"impute", RC_CFG_LIST, 0, NULL, "Imputation methods; each replication draws one."},
    {"exclude_indicators", RC_CFG_BOOL, 0, "false", "Each replication may leave one indicator out."},
    {"threads", RC_CFG_INT, 0, "cores", "Worker threads (results do not depend on it)."},
    {"years", RC_CFG_STRING, 0, "last", "last or all: the years whose ranks are summarised."},
    {"sensitivity", RC_CFG_MAP, 0, NULL, "{samples: 1000, bootstrap: 1000}: Saltelli indices."},
};
static const rc_config_key uncertainty_weights_keys[] = {
    {"noise", RC_CFG_ANY, 1, NULL,
     "Relative noise p in [0, 1], or per level {indicators: p, components: p, dimensions: p}."},
    {"levels", RC_CFG_LIST, 0, "[indicators, components, dimensions]",
     "The levels whose weights a number `noise` perturbs."},
};
static const rc_config_key sensitivity_keys[] = {
    {"samples", RC_CFG_INT, 0, "1000", "Rows N of the Saltelli design: N (k + 2) evaluations."},
    {"bootstrap", RC_CFG_INT, 0, "1000", "Bootstrap resamples for the confidence intervals."},
};

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* The tables above, by path, for the JSON Schema and the docs (analysis.h). */
const rc_config_section rc_analysis_sections[] = {
    {"analysis", "Analyses run after scoring; each adds its own result tables.", top_keys,
     NKEYS(top_keys)},
    {"analysis.coupling", "Coupling coordination degree across the dimensions.", coupling_keys,
     NKEYS(coupling_keys)},
    {"analysis.disparity", "Disparity measures per year, overall and by a grouping.",
     disparity_keys, NKEYS(disparity_keys)},
    {"analysis.convergence", "Sigma and beta convergence.", convergence_keys,
     NKEYS(convergence_keys)},
    {"analysis.spatial", "Global and local Moran's I per year.", spatial_keys,
     NKEYS(spatial_keys)},
    {"analysis.spatial.moran", "Permutation test of Moran's I.", moran_keys, NKEYS(moran_keys)},
    {"analysis.density", "Gaussian kernel density per year.", density_keys, NKEYS(density_keys)},
    {"analysis.obstacles", "Obstacle degree per region, year and indicator.", obstacles_keys,
     NKEYS(obstacles_keys)},
    {"analysis.uncertainty", "Rank uncertainty and sensitivity analysis.", uncertainty_keys,
     NKEYS(uncertainty_keys)},
    {"analysis.uncertainty.weights", "Weight noise.", uncertainty_weights_keys,
     NKEYS(uncertainty_weights_keys)},
    {"analysis.uncertainty.sensitivity", "Variance-based sensitivity indices.", sensitivity_keys,
     NKEYS(sensitivity_keys)},
};
const size_t rc_analysis_nsections = NKEYS(rc_analysis_sections);

int rc_analysis_validate_with(const rc_config *cfg, const char *const *plugin_names, size_t n,
                              rc_error *err)
{
    rc_analysis_opts o;
    if (rc_analysis_opts_parse_ex(cfg, plugin_names, n, 0, &o, err)) return -1;
    rc_analysis_opts_free(&o);
    return 0;
}

static const char *where(const struct rc_node *n, char *buf, size_t size)
{
    return rc_node_where(n, buf, size);
}

static long dim_index(const rc_config *cfg, const char *id)
{
    for (size_t i = 0; i < cfg->n_dims; i++)
        if (cfg->dims[i].root.id && strcmp(cfg->dims[i].root.id, id) == 0) return (long)i;
    return -1;
}

static void dim_list(const rc_config *cfg, rc_buf *b)
{
    for (size_t i = 0; i < cfg->n_dims; i++)
        rc_buf_printf(b, "%s%s", i ? ", " : "", cfg->dims[i].root.id);
}

/* `on:` must name a dimension */
static int parse_on(const rc_config *cfg, const struct rc_node *sec, const char *what,
                    const char **out, rc_error *err)
{
    const struct rc_node *n = rc_node_get(sec, "on");
    *out = NULL;
    if (!n) return 0;
    const char *s = rc_node_as_str(n);
    if (dim_index(cfg, s) < 0) {
        char w[256];
        rc_buf b;
        rc_buf_init(&b);
        dim_list(cfg, &b);
        rc_error_set(err, RC_ERRK_CONFIG,
                     "%s: analysis.%s.on is '%s', which is not a dimension; use one of: %s "
                     "(or remove 'on' to analyse the index)",
                     where(n, w, sizeof w), what, s, b.data ? b.data : "");
        rc_buf_free(&b);
        return -1;
    }
    *out = s;
    return 0;
}

static int parse_choice(const struct rc_node *sec, const char *key, const char *what,
                        const char *const *choices, size_t nc, int *out, rc_error *err)
{
    const struct rc_node *n = rc_node_get(sec, key);
    if (!n) return 0;
    const char *s = rc_node_as_str(n);
    for (size_t i = 0; i < nc; i++)
        if (strcmp(s, choices[i]) == 0) { *out = (int)i; return 0; }
    char w[256];
    rc_buf b;
    rc_buf_init(&b);
    for (size_t i = 0; i < nc; i++) rc_buf_printf(&b, "%s'%s'", i ? " or " : "", choices[i]);
    const char *sug = rc_suggest(s, choices, nc);
    rc_error_set(err, RC_ERRK_CONFIG, "%s: analysis.%s.%s must be %s, not '%s'%s%s%s",
                 where(n, w, sizeof w), what, key, b.data ? b.data : "", s,
                 sug ? "; did you mean '" : "", sug ? sug : "", sug ? "'?" : "");
    rc_buf_free(&b);
    return -1;
}

/* A list of two or more distinct dimension ids (`what` names it in messages) into an
 * allocated array of config dimension indices. */
static int parse_dim_subset(const rc_config *cfg, const struct rc_node *n, const char *what,
                            size_t **out, size_t *nout, rc_error *err)
{
    char w[256];
    if (n->kind != RC_NODE_LIST || n->n < 2)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: %s must list two or more dimension ids to couple",
                            where(n, w, sizeof w), what);
    size_t *d = rc_calloc(n->n, sizeof *d);
    if (!d) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    for (size_t i = 0; i < n->n; i++) {
        const char *id = rc_node_as_str(n->items[i]);
        long k = id ? dim_index(cfg, id) : -1;
        int dup = 0;
        for (size_t j = 0; j < i && k >= 0; j++) dup |= d[j] == (size_t)k;
        if (k < 0 || dup) {
            rc_buf l;
            rc_buf_init(&l);
            dim_list(cfg, &l);
            rc_error_set(err, RC_ERRK_CONFIG,
                         dup ? "%s: %s lists '%s' twice" : "%s: %s has '%s', which is not a "
                                                          "dimension; the dimensions are: %s",
                         where(n->items[i], w, sizeof w), what, id ? id : "(not text)",
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
                                  rc_analysis_opts *o, rc_error *err)
{
    char w[256];
    const struct rc_node *dn = rc_node_get(sec, "dimensions"), *pn = rc_node_get(sec, "pairs");
    if (dn && pn)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling takes either 'dimensions' (one subset) or "
                            "'pairs' (named subsets), not both",
                            where(pn, w, sizeof w));
    size_t ns = dn ? 1 : pn ? pn->n : 0;
    if (pn && ns == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling.pairs names no system; give "
                            "{name: [dimension ids]} or remove it", where(pn, w, sizeof w));
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
static int in_subset(const rc_analysis_opts *o, size_t d)
{
    if (o->n_systems != 1 || o->sys_names[0]) return 1;
    for (size_t i = 0; i < o->sys_n[0]; i++)
        if (o->sys_dims[0][i] == d) return 1;
    return 0;
}

static int parse_coupling(const rc_config *cfg, const struct rc_node *sec,
                          rc_analysis_opts *o, rc_error *err)
{
    char w[256];
    o->coupling = 1;
    o->lag_threshold = 0.1;
    static const char *const forms[] = {"standard", "wang2021"};
    int f = 0;
    if (parse_choice(sec, "form", "coupling", forms, 2, &f, err)) return -1;
    o->form = f ? RC_CCD_WANG2021 : RC_CCD_STANDARD;
    if (cfg->n_dims < 2)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling needs at least two dimensions; the config "
                            "has %zu — add dimensions or remove analysis.coupling",
                            where(sec, w, sizeof w), cfg->n_dims);
    const struct rc_node *n;
    if ((n = rc_node_get(sec, "rescale")) && rc_node_as_bool(n, &o->rescale))
        return -1; /* type already checked by the schema */
    if ((n = rc_node_get(sec, "lag_threshold"))) {
        rc_node_as_number(n, &o->lag_threshold);
        if (!(o->lag_threshold >= 0.0))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.lag_threshold must be 0 or more",
                                where(n, w, sizeof w));
    }
    if ((n = rc_node_get(sec, "pair"))) {
        const char *a = n->n == 2 ? rc_node_as_str(n->items[0]) : NULL;
        const char *b = n->n == 2 ? rc_node_as_str(n->items[1]) : NULL;
        if (!a || !b || dim_index(cfg, a) < 0 || dim_index(cfg, b) < 0) {
            rc_buf l;
            rc_buf_init(&l);
            dim_list(cfg, &l);
            rc_error_set(err, RC_ERRK_CONFIG,
                         "%s: analysis.coupling.pair must list two dimension ids [a, b] "
                         "from: %s", where(n, w, sizeof w), l.data ? l.data : "");
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
                            where(n, w, sizeof w));
    if (n && (!in_subset(o, (size_t)dim_index(cfg, o->pair_a)) ||
              !in_subset(o, (size_t)dim_index(cfg, o->pair_b))))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.coupling.pair must name two of the coupled "
                            "'dimensions'", where(n, w, sizeof w));
    if ((n = rc_node_get(sec, "alpha"))) {
        if (n->kind == RC_NODE_SCALAR && strcmp(n->str, "equal") == 0) return 0;
        if (named)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.alpha must be 'equal' with 'pairs' (each "
                                "system's T is the plain mean of its dimensions)",
                                where(n, w, sizeof w));
        if (n->kind != RC_NODE_MAP)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.alpha must be 'equal' or a mapping "
                                "{dimension: weight} over every dimension, summing to 1",
                                where(n, w, sizeof w));
        o->alpha = rc_calloc(cfg->n_dims, sizeof *o->alpha);
        if (!o->alpha) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t i = 0; i < cfg->n_dims; i++) o->alpha[i] = NAN;
        double sum = 0.0;
        for (size_t k = 0; k < n->n; k++) {
            long d = dim_index(cfg, n->keys[k]);
            double v;
            if (d < 0) {
                rc_buf l;
                rc_buf_init(&l);
                dim_list(cfg, &l);
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
                                    where(n->items[k], w, sizeof w), n->keys[k]);
            o->alpha[d] = v;
            sum += v;
        }
        for (size_t i = 0; i < cfg->n_dims; i++)
            if (isnan(o->alpha[i]) && in_subset(o, i))
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.coupling.alpha gives no weight to dimension "
                                    "'%s'; add '%s: <weight>' (the weights must sum to 1)",
                                    where(n, w, sizeof w), cfg->dims[i].root.id,
                                    cfg->dims[i].root.id);
        if (fabs(sum - 1.0) > 1e-9)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.coupling.alpha sums to %g; the weights must sum "
                                "to 1", where(n, w, sizeof w), sum);
    }
    return 0;
}

static int has_group(const rc_config *cfg, const char *g)
{
    for (size_t i = 0; i < cfg->regions.n_groups; i++)
        if (strcmp(cfg->regions.groups[i], g) == 0) return 1;
    return 0;
}

static void group_list(const rc_config *cfg, rc_buf *b)
{
    for (size_t i = 0; i < cfg->regions.n_groups; i++)
        rc_buf_printf(b, "%s%s", i ? ", " : "", cfg->regions.groups[i]);
    if (cfg->regions.n_groups == 0) rc_buf_puts(b, "(none: add regions.groups)");
}

static int parse_disparity(const rc_config *cfg, const struct rc_node *sec,
                           rc_analysis_opts *o, rc_error *err)
{
    char w[256];
    o->disparity = 1;
    const struct rc_node *n;
    if ((n = rc_node_get(sec, "by"))) {
        o->by = rc_node_as_str(n);
        if (!has_group(cfg, o->by)) {
            rc_buf b;
            rc_buf_init(&b);
            group_list(cfg, &b);
            rc_error_set(err, RC_ERRK_CONFIG,
                         "%s: analysis.disparity.by is '%s', which is not a grouping column "
                         "of the regions; list it under regions.groups or use one of: %s",
                         where(n, w, sizeof w), o->by, b.data ? b.data : "");
            rc_buf_free(&b);
            return -1;
        }
    }
    static const char *const meas[] = {"cv", "gini", "theil", "dagum"};
    if ((n = rc_node_get(sec, "measures"))) {
        for (size_t k = 0; k < n->n; k++) {
            const char *s = rc_node_as_str(n->items[k]);
            int found = -1;
            for (int m = 0; m < 4 && s; m++)
                if (strcmp(s, meas[m]) == 0) found = m;
            if (found < 0) {
                const char *sug = s ? rc_suggest(s, meas, 4) : NULL;
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: unknown disparity measure '%s'; the measures are cv, "
                                    "gini, theil and dagum%s%s%s",
                                    where(n->items[k], w, sizeof w), s ? s : "(not text)",
                                    sug ? "; did you mean '" : "", sug ? sug : "",
                                    sug ? "'?" : "");
            }
            if (found == 0) o->m_cv = 1;
            if (found == 1) o->m_gini = 1;
            if (found == 2) o->m_theil = 1;
            if (found == 3) o->m_dagum = 1;
        }
    } else {
        o->m_cv = o->m_gini = o->m_theil = 1;
        o->m_dagum = o->by != NULL;
    }
    if (o->m_dagum && !o->by) {
        rc_buf b;
        rc_buf_init(&b);
        group_list(cfg, &b);
        rc_error_set(err, RC_ERRK_CONFIG,
                     "%s: the Dagum decomposition needs groups; add 'by: <grouping column>' "
                     "to analysis.disparity (grouping columns: %s)",
                     where(sec, w, sizeof w), b.data ? b.data : "");
        rc_buf_free(&b);
        return -1;
    }
    static const char *const sds[] = {"population", "sample"};
    if (parse_choice(sec, "sd", "disparity", sds, 2, &o->ddof, err)) return -1;
    if ((n = rc_node_get(sec, "weights"))) {
        o->disp_weights = rc_node_as_str(n);
        if (o->m_dagum)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.disparity.weights cannot weight the Dagum "
                                "decomposition (its pairwise terms count regions); drop dagum "
                                "from 'measures' or remove 'weights'",
                                where(n, w, sizeof w));
    }
    return parse_on(cfg, sec, "disparity", &o->disp_on, err);
}

static int parse_convergence(const rc_config *cfg, const struct rc_node *sec,
                             rc_analysis_opts *o, rc_error *err)
{
    char w[256];
    o->convergence = 1;
    o->sigma = 1;
    o->beta = RC_BETA_ABSOLUTE;
    const struct rc_node *n;
    if ((n = rc_node_get(sec, "sigma"))) rc_node_as_bool(n, &o->sigma);
    static const char *const betas[] = {"none", "absolute", "conditional"};
    if (parse_choice(sec, "beta", "convergence", betas, 3, &o->beta, err)) return -1;
    if ((n = rc_node_get(sec, "controls"))) {
        o->controls = rc_calloc(n->n ? n->n : 1, sizeof *o->controls);
        if (!o->controls) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t k = 0; k < n->n; k++) {
            const char *s = rc_node_as_str(n->items[k]);
            if (!s)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: each control must be a series or grouping name",
                                    where(n->items[k], w, sizeof w));
            o->controls[o->n_controls++] = s;
        }
        if (o->beta != RC_BETA_CONDITIONAL)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.convergence.controls apply to conditional beta "
                                "only; add 'beta: conditional' or remove the controls",
                                where(n, w, sizeof w));
    }
    if (o->beta == RC_BETA_CONDITIONAL && o->n_controls == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: conditional beta convergence needs control variables; add "
                            "'controls: [<series or grouping names>]' to analysis.convergence",
                            where(sec, w, sizeof w));
    int64_t v;
    if ((n = rc_node_get(sec, "from")) && rc_node_as_int(n, &v) == 0) o->from_year = (long)v;
    if ((n = rc_node_get(sec, "to")) && rc_node_as_int(n, &v) == 0) o->to_year = (long)v;
    if (o->from_year && o->to_year && o->from_year >= o->to_year)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.convergence.from (%ld) must come before to (%ld)",
                            where(sec, w, sizeof w), o->from_year, o->to_year);
    return parse_on(cfg, sec, "convergence", &o->conv_on, err);
}

static int parse_spatial(const rc_config *cfg, const struct rc_node *sec, rc_analysis_opts *o,
                         rc_error *err)
{
    char w[256];
    o->spatial = 1;
    o->perms = 999;
    o->seed = 1;
    o->lisa = 1;
    const struct rc_node *n;
    static const char *const ws[] = {"adjacency", "distance"};
    int wi = -1;
    if (parse_choice(sec, "weights", "spatial", ws, 2, &wi, err)) return -1;
    if (wi < 0) {
        if (cfg->regions.adjacency) wi = 0;
        else if (cfg->regions.coordinates) wi = 1;
        else
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.spatial needs regions.adjacency or "
                                "regions.coordinates in the config; add one of them to "
                                "`regions:`", where(sec, w, sizeof w));
    }
    o->weights = wi == 0 ? RC_W_ADJACENCY : RC_W_DISTANCE;
    if (o->weights == RC_W_ADJACENCY && !cfg->regions.adjacency)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.spatial uses adjacency weights but the config has no "
                            "regions.adjacency; add 'adjacency: <file with two region "
                            "columns>' to `regions:`%s",
                            where(sec, w, sizeof w),
                            cfg->regions.coordinates ? " or set 'weights: distance'" : "");
    if (o->weights == RC_W_DISTANCE && !cfg->regions.coordinates)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.spatial uses distance weights but the config has no "
                            "regions.coordinates; add 'coordinates: <file: region, longitude, "
                            "latitude>' to `regions:`", where(sec, w, sizeof w));
    if ((n = rc_node_get(sec, "cutoff"))) {
        rc_node_as_number(n, &o->cutoff_km);
        if (o->weights != RC_W_DISTANCE)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.spatial.cutoff applies to distance weights only; "
                                "add 'weights: distance' or remove the cutoff",
                                where(n, w, sizeof w));
        if (!(o->cutoff_km > 0.0))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.spatial.cutoff must be a distance in km above 0",
                                where(n, w, sizeof w));
    }
    const struct rc_node *m = rc_node_get(sec, "moran");
    if (m) {
        char pw[256];
        if (rc_schema_check(m, "analysis.spatial.moran", moran_keys, NKEYS(moran_keys), NULL,
                            0, where(m, pw, sizeof pw), err))
            return -1;
        int64_t v;
        if ((n = rc_node_get(m, "permutations")) && rc_node_as_int(n, &v) == 0) {
            if (v < 0 || v > 10000000)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.spatial.moran.permutations must be between 0 "
                                    "and 10000000", where(n, w, sizeof w));
            o->perms = (long)v;
        }
        if ((n = rc_node_get(m, "seed")) && rc_node_as_int(n, &v) == 0) o->seed = (uint64_t)v;
    }
    if ((n = rc_node_get(sec, "lisa"))) rc_node_as_bool(n, &o->lisa);
    return parse_on(cfg, sec, "spatial", &o->sp_on, err);
}

static int parse_density(const rc_config *cfg, const struct rc_node *sec, rc_analysis_opts *o,
                         rc_error *err)
{
    char w[256];
    o->density = 1;
    o->points = 101;
    o->from = o->to = NAN;
    const struct rc_node *n;
    int64_t v;
    if ((n = rc_node_get(sec, "points")) && rc_node_as_int(n, &v) == 0) {
        if (v < 2 || v > 100000)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.density.points must be between 2 and 100000",
                                where(n, w, sizeof w));
        o->points = (long)v;
    }
    if ((n = rc_node_get(sec, "from"))) rc_node_as_number(n, &o->from);
    if ((n = rc_node_get(sec, "to"))) rc_node_as_number(n, &o->to);
    if (!isnan(o->from) && !isnan(o->to) && !(o->from < o->to))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.density.from must be below to",
                            where(sec, w, sizeof w));
    return parse_on(cfg, sec, "density", &o->dens_on, err);
}

static int parse_obstacles(const struct rc_node *sec, rc_analysis_opts *o, rc_error *err)
{
    char w[256];
    o->obstacles = 1;
    o->top = 3;
    const struct rc_node *n;
    int64_t v;
    if ((n = rc_node_get(sec, "top")) && rc_node_as_int(n, &v) == 0) {
        if (v < 1)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.obstacles.top must be 1 or more",
                                where(n, w, sizeof w));
        o->top = (long)v;
    }
    return 0;
}

/* An integer key within [lo, hi] (absent is fine). */
static int int_in(const struct rc_node *sec, const char *key, const char *what, int64_t lo,
                  int64_t hi, rc_error *err)
{
    char w[256];
    const struct rc_node *n = rc_node_get(sec, key);
    int64_t v;
    if (n && (rc_node_as_int(n, &v) != 0 || v < lo || v > hi))
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: %s.%s must be an integer from %lld to %lld",
                            where(n, w, sizeof w), what, key, (long long)lo, (long long)hi);
    return 0;
}

/* The weight levels a noise can perturb (pipeline/uncertainty.c numbers them in this order). */
static const char *const k_weight_levels[] = {"indicators", "components", "dimensions"};

static int noise_value(const struct rc_node *v, const char *key, rc_error *err)
{
    char w[256];
    double p;
    if (rc_node_as_number(v, &p) != 0 || !(p >= 0.0 && p <= 1.0))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.uncertainty.weights.noise%s%s must be a number from 0 "
                            "to 1 (0.25 = each weight varies by up to ±25 %%)",
                            where(v, w, sizeof w), key ? "." : "", key ? key : "");
    return 0;
}

/* weights.noise: a number (with optional levels: [...]) or a mapping level: number. */
static int check_noise(const struct rc_node *n, rc_error *err)
{
    char w[256];
    const struct rc_node *v = rc_node_get(n, "noise"), *lv = rc_node_get(n, "levels");
    if (!v) return 0;
    if (v->kind == RC_NODE_MAP) {
        if (lv)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.uncertainty.weights: give either a noise per level "
                                "({noise: {components: 0.25}}) or a number with levels, not both",
                                where(lv, w, sizeof w));
        for (size_t i = 0; i < v->n; i++) {
            int idx = -1;
            for (size_t l = 0; l < 3; l++)
                if (v->keys[i] && strcmp(v->keys[i], k_weight_levels[l]) == 0) idx = (int)l;
            if (idx < 0) {
                const char *sug = rc_suggest(v->keys[i], k_weight_levels, 3);
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.uncertainty.weights.noise: unknown level '%s'%s%s%s;"
                                    " valid: indicators, components, dimensions",
                                    where(v->items[i], w, sizeof w), v->keys[i],
                                    sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
            }
            if (noise_value(v->items[i], v->keys[i], err)) return -1;
        }
        return 0;
    }
    if (noise_value(v, NULL, err)) return -1;
    for (size_t i = 0; lv && i < lv->n; i++) {
        const char *s = rc_node_as_str(lv->items[i]);
        int ok = 0;
        for (size_t l = 0; l < 3 && s; l++) ok |= strcmp(s, k_weight_levels[l]) == 0;
        if (!ok) {
            const char *sug = s ? rc_suggest(s, k_weight_levels, 3) : NULL;
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.uncertainty.weights.levels: unknown level '%s'%s%s%s; "
                                "valid: indicators, components, dimensions",
                                where(lv->items[i], w, sizeof w), s ? s : "(not a text value)",
                                sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
        }
    }
    return 0;
}

/* treat: [1, 2, {method: winsorise, max_points: 3}, none, …]: whole numbers are winsorisation
 * limits (max_points), anything else a treat spec. */
static int check_treat_list(const struct rc_node *n, rc_error *err)
{
    char w[256];
    if (n->n == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.uncertainty.treat lists no treatment; list one or more "
                            "(e.g. [1, 2, 3, 4, 5]) or remove the key", where(n, w, sizeof w));
    for (size_t i = 0; i < n->n; i++) {
        int64_t v;
        const struct rc_node *it = n->items[i];
        if (it->kind == RC_NODE_SCALAR && rc_node_as_int(it, &v) == 0) {
            if (v < 0 || v > 1000000000)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.uncertainty.treat: a winsorisation limit must be "
                                    "a whole number from 0 to 1000000000",
                                    where(it, w, sizeof w));
            continue;
        }
        rc_treat_spec s;
        if (rc_treat_parse(it, NULL, &s, err)) return -1;
    }
    return 0;
}

/* `analysis.uncertainty`: checked here so `regcoord validate` sees it; the analysis itself
 * runs in pipeline/uncertainty.c, which reads the same keys. */
static int parse_uncertainty(const struct rc_node *sec, rc_error *err)
{
    char w[256], pw[256];
    const char *what = "analysis.uncertainty";
    if (int_in(sec, "runs", what, 1, 10000000, err) || int_in(sec, "threads", what, 1, 256, err))
        return -1;
    const struct rc_node *n;
    if ((n = rc_node_get(sec, "weights"))) {
        if (rc_schema_check(n, "analysis.uncertainty.weights", uncertainty_weights_keys,
                            NKEYS(uncertainty_weights_keys), NULL, 0, where(n, pw, sizeof pw), err))
            return -1;
        if (check_noise(n, err)) return -1;
    }
    if ((n = rc_node_get(sec, "treat")) && check_treat_list(n, err)) return -1;
    static const char *const years[] = {"last", "all"};
    int yi = 0;
    if (parse_choice(sec, "years", "uncertainty", years, 2, &yi, err)) return -1;
    const char *lists[] = {"normalize", "aggregate", "impute"};
    for (size_t l = 0; l < 3; l++) {
        if (!(n = rc_node_get(sec, lists[l]))) continue;
        if (n->n == 0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.uncertainty.%s lists no method; list one or more "
                                "or remove the key", where(n, w, sizeof w), lists[l]);
        for (size_t i = 0; i < n->n; i++) {
            int rc;
            if (l == 0) {
                rc_norm_spec s;
                memset(&s, 0, sizeof s);
                rc = rc_norm_parse(n->items[i], NULL, &s, err);
                rc_norm_free(&s);
            } else if (l == 1) {
                rc_agg_spec s;
                memset(&s, 0, sizeof s);
                rc = rc_agg_parse(n->items[i], NULL, &s, err);
                rc_agg_free(&s);
            } else {
                rc_impute_spec s;
                memset(&s, 0, sizeof s);
                rc = rc_impute_parse(n->items[i], NULL, &s, err);
                rc_impute_free(&s);
            }
            if (rc) return -1;
        }
    }
    if ((n = rc_node_get(sec, "sensitivity"))) {
        if (rc_schema_check(n, "analysis.uncertainty.sensitivity", sensitivity_keys,
                            NKEYS(sensitivity_keys), NULL, 0, where(n, pw, sizeof pw), err))
            return -1;
        if (int_in(n, "samples", "analysis.uncertainty.sensitivity", 2, 10000000, err) ||
            int_in(n, "bootstrap", "analysis.uncertainty.sensitivity", 0, 100000, err))
            return -1;
    }
    return 0;
}

int rc_analysis_is_builtin(const char *name)
{
    for (size_t i = 0; name && i < NKEYS(top_keys); i++)
        if (strcmp(top_keys[i].key, name) == 0) return 1;
    return 0;
}

const char *rc_analysis_builtin_of_table(const char *table)
{
    static const char *const map[][2] = {
        {"coupling", "coupling"},       {"disparity", "disparity"},
        {"convergence", "convergence"}, {"spatial", "spatial"},
        {"lisa", "spatial"},            {"density", "density"},
        {"obstacles", "obstacles"},     {"obstacles_top", "obstacles"},
        {"uncertainty", "uncertainty"}, {"sensitivity", "uncertainty"},
    };
    for (size_t i = 0; table && i < NKEYS(map); i++)
        if (strcmp(map[i][0], table) == 0) return map[i][1];
    return NULL;
}

int rc_analysis_opts_parse(const rc_config *cfg, rc_analysis_opts *o, rc_error *err)
{
    return rc_analysis_opts_parse_ex(cfg, NULL, 0, 0, o, err);
}

int rc_analysis_opts_parse_ex(const rc_config *cfg, const char *const *extra, size_t n_extra,
                              int lenient, rc_analysis_opts *o, rc_error *err)
{
    memset(o, 0, sizeof *o);
    o->from = o->to = NAN;
    const struct rc_node *a = cfg ? cfg->analysis : NULL;
    if (!a || rc_node_is_null(a)) return 0;
    char pw[256];
    rc_config_key *ek = n_extra ? rc_calloc(n_extra, sizeof *ek) : NULL;
    if (n_extra && !ek) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    for (size_t i = 0; i < n_extra; i++) {
        ek[i].key = extra[i];
        ek[i].type = RC_CFG_ANY;
    }
    int bad = !lenient && rc_schema_check(a, "analysis", top_keys, NKEYS(top_keys), ek, n_extra,
                                          where(a, pw, sizeof pw), err);
    free(ek);
    if (bad) return -1;
    struct {
        const char *name;
        const rc_config_key *keys;
        size_t n;
    } secs[] = {
        {"coupling", coupling_keys, NKEYS(coupling_keys)},
        {"disparity", disparity_keys, NKEYS(disparity_keys)},
        {"convergence", convergence_keys, NKEYS(convergence_keys)},
        {"spatial", spatial_keys, NKEYS(spatial_keys)},
        {"density", density_keys, NKEYS(density_keys)},
        {"obstacles", obstacles_keys, NKEYS(obstacles_keys)},
        {"uncertainty", uncertainty_keys, NKEYS(uncertainty_keys)},
    };
    for (size_t i = 0; i < NKEYS(secs); i++) {
        const struct rc_node *s = rc_node_get(a, secs[i].name);
        if (!s) continue;
        char what[64];
        snprintf(what, sizeof what, "analysis.%s", secs[i].name);
        if (rc_schema_check(s, what, secs[i].keys, secs[i].n, NULL, 0, where(s, pw, sizeof pw),
                            err))
            goto fail;
        int rc = 0;
        switch (i) {
        case 0: rc = parse_coupling(cfg, s, o, err); break;
        case 1: rc = parse_disparity(cfg, s, o, err); break;
        case 2: rc = parse_convergence(cfg, s, o, err); break;
        case 3: rc = parse_spatial(cfg, s, o, err); break;
        case 4: rc = parse_density(cfg, s, o, err); break;
        case 5: rc = parse_obstacles(s, o, err); break;
        default: rc = parse_uncertainty(s, err); break;
        }
        if (rc) goto fail;
    }
    return 0;
fail:
    rc_analysis_opts_free(o);
    return -1;
}

void rc_analysis_opts_free(rc_analysis_opts *o)
{
    if (!o) return;
    free(o->alpha);
    free(o->controls);
    for (size_t s = 0; o->sys_dims && s < o->n_systems; s++) free(o->sys_dims[s]);
    free(o->sys_dims);
    free(o->sys_names);
    free(o->sys_n);
    o->alpha = NULL;
    o->controls = NULL;
    o->n_controls = 0;
    o->sys_dims = NULL;
    o->sys_names = NULL;
    o->sys_n = NULL;
    o->n_systems = 0;
}
