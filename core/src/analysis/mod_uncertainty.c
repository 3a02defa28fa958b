/* analysis/mod_uncertainty.c — the `uncertainty` analysis as a module of the registry: its
 * keys (`analysis.uncertainty` with `weights` and `sensitivity`) and the checks of its values,
 * so `regcoord validate` sees every error; the analysis itself runs in pipeline/uncertainty.c
 * (it re-scores the whole model) and makes the tables `uncertainty` and `sensitivity`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"
#include "config/schema.h"
#include "methods/methods.h"

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

/* An integer key within [lo, hi] (absent is fine). */
static int int_in(const struct rc_node *sec, const char *key, const char *what, int64_t lo,
                  int64_t hi, rc_error *err)
{
    char w[256];
    const struct rc_node *n = rc_node_get(sec, key);
    int64_t v;
    if (n && (rc_node_as_int(n, &v) != 0 || v < lo || v > hi))
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: %s.%s must be an integer from %lld to %lld",
                            rc_node_where(n, w, sizeof w), what, key, (long long)lo, (long long)hi);
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
                            rc_node_where(v, w, sizeof w), key ? "." : "", key ? key : "");
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
                                rc_node_where(lv, w, sizeof w));
        for (size_t i = 0; i < v->n; i++) {
            int idx = -1;
            for (size_t l = 0; l < 3; l++)
                if (v->keys[i] && strcmp(v->keys[i], k_weight_levels[l]) == 0) idx = (int)l;
            if (idx < 0) {
                const char *sug = rc_suggest(v->keys[i], k_weight_levels, 3);
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.uncertainty.weights.noise: unknown level '%s'%s%s%s;"
                                    " valid: indicators, components, dimensions",
                                    rc_node_where(v->items[i], w, sizeof w), v->keys[i],
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
                                rc_node_where(lv->items[i], w, sizeof w), s ? s : "(not a text value)",
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
                            "(e.g. [1, 2, 3, 4, 5]) or remove the key", rc_node_where(n, w, sizeof w));
    for (size_t i = 0; i < n->n; i++) {
        int64_t v;
        const struct rc_node *it = n->items[i];
        if (it->kind == RC_NODE_SCALAR && rc_node_as_int(it, &v) == 0) {
            if (v < 0 || v > 1000000000)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: analysis.uncertainty.treat: a winsorisation limit must be "
                                    "a whole number from 0 to 1000000000",
                                    rc_node_where(it, w, sizeof w));
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
                            NCOLS(uncertainty_weights_keys), NULL, 0, rc_node_where(n, pw, sizeof pw), err))
            return -1;
        if (check_noise(n, err)) return -1;
    }
    if ((n = rc_node_get(sec, "treat")) && check_treat_list(n, err)) return -1;
    static const char *const years[] = {"last", "all"};
    int yi = 0;
    if (rc_an_parse_choice(sec, "years", "uncertainty", years, 2, &yi, err)) return -1;
    const char *lists[] = {"normalize", "aggregate", "impute"};
    for (size_t l = 0; l < 3; l++) {
        if (!(n = rc_node_get(sec, lists[l]))) continue;
        if (n->n == 0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.uncertainty.%s lists no method; list one or more "
                                "or remove the key", rc_node_where(n, w, sizeof w), lists[l]);
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
                            NCOLS(sensitivity_keys), NULL, 0, rc_node_where(n, pw, sizeof pw), err))
            return -1;
        if (int_in(n, "samples", "analysis.uncertainty.sensitivity", 2, 10000000, err) ||
            int_in(n, "bootstrap", "analysis.uncertainty.sensitivity", 0, 100000, err))
            return -1;
    }
    return 0;
}

static int uncertainty_parse(const rc_config *cfg, const struct rc_node *sec, void *opts,
                             rc_error *err)
{
    (void)cfg;
    (void)opts;
    return parse_uncertainty(sec, err);
}

static const rc_config_section k_sections[] = {
    {"analysis.uncertainty", "Rank uncertainty and sensitivity analysis.", uncertainty_keys,
     NCOLS(uncertainty_keys)},
    {"analysis.uncertainty.weights", "Weight noise.", uncertainty_weights_keys,
     NCOLS(uncertainty_weights_keys)},
    {"analysis.uncertainty.sensitivity", "Variance-based sensitivity indices.", sensitivity_keys,
     NCOLS(sensitivity_keys)},
};
static const char *const k_tables[] = {"uncertainty", "sensitivity", NULL};

const rc_analysis_module rc_mod_uncertainty = {
    "uncertainty",
    "Rank uncertainty and sensitivity (run by pipeline/uncertainty.c; docs/uncertainty.md).",
    k_sections, NCOLS(k_sections), k_tables, 0, uncertainty_parse, NULL, NULL,
};
