/* pipeline/internal.h — the run's working state, shared by the pipeline's files and the
 * host services: per-dimension scoring trees (components and leaf indicators with their
 * columns and method specs), the outputs being written, and the log. Not part of any API. */
#ifndef RC_PIPELINE_INTERNAL_H
#define RC_PIPELINE_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "config/model.h"
#include "data/panel.h"
#include "host/guard.h"
#include "host/loader.h"
#include "methods/methods.h"
#include "pipeline/output.h"
#include "pipeline/pipeline.h"
#include "results/table.h"
#include "util/error.h"
#include "util/str.h"

/* One leaf indicator of a dimension. Columns are ny × nr. */
typedef struct rc_ind_run {
    char *id;
    char *description;
    int direction;
    double weight_cfg;             /* `weight:` or NaN */
    const rc_indicator_cfg *cfg;   /* NULL for indicators a plugin added */
    const rc_node *where;          /* node for messages (NULL for plugin-added) */
    double *raw;                   /* as read or computed, before `per:` */
    double *value;                 /* after per, imputation and treatment */
    double *norm;                  /* normalised */
    double *w_local;               /* ny: weight within its parent */
    double *w_overall;             /* ny: weight in the index */
    rc_norm_info info;
    rc_norm_spec norm_used;        /* the normalisation applied (owned; for baselines) */
    size_t n_drift;                /* values beyond the baseline's bounds */
} rc_ind_run;

/* A dimension (the root) or a nested component. */
typedef struct rc_comp_run {
    const rc_component_cfg *cfg;
    char *id;
    char *path;                    /* "dim/comp/sub" */
    rc_ind_run **inds;
    size_t n_inds, cap_inds;
    struct rc_comp_run *comps;
    size_t n_comps;
    double weight_cfg;             /* `weight:` or NaN */
    double *score;                 /* ny × nr */
    double *w_local;               /* ny: weight within its parent */
    char weights_method[32];
    char aggregate_method[32];
} rc_comp_run;

typedef struct rc_dim_run {
    const rc_dimension_cfg *cfg;
    const rc_plugin *plugin;
    rc_comp_run root;
    int scored;                    /* scores recorded by score_default or set_scores */
    double *scores;                /* ny × nr, alias of root.score when scored by default */
    double weight_index;           /* NaN or `weight:` */
} rc_dim_run;

typedef struct rc_pipeline {
    const rc_config *cfg;
    const rc_registry *reg;
    const rc_run_opts *opts;
    FILE *log;
    rc_panel *panel;
    size_t nr, ny;
    rc_dim_run *dims;
    size_t n_dims;
    rc_resultset *rs;
    rc_outputs outputs;
    double *index;                 /* ny × nr, unscaled */
    double *dim_weights;           /* ny × n_dims */
    char index_weights_method[32];
    char index_aggregate_method[32];
    struct rc_baseline *baseline;  /* frozen bounds and weights in use, or NULL (baseline.h) */
    rc_buf baseline_notes;         /* when making a baseline: what it cannot freeze, a line each */
    /* checksums of the panel and result set known to hold, reused by the plugin guard so
     * each is summed once per run, not twice per plugin */
    rc_guard_sums guard_sums;
} rc_pipeline;

/* Logging through the run's log stream ("warning: …" at verbosity ≥ 1, "info" at 2). */
void rc_pl_warn(rc_pipeline *pl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rc_pl_info(rc_pipeline *pl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* dimension.c */
int rc_dim_prepare(rc_pipeline *pl, rc_dim_run *d, const rc_dimension_cfg *cfg, rc_error *err);
/* Looks a series up by name, applying the dimension's `series:` mapping first. */
const double *rc_dim_series(rc_pipeline *pl, const rc_dim_run *d, const char *name);
int rc_dim_add_values(rc_pipeline *pl, rc_dim_run *d, const char *id, int direction,
                      const double *values, const char *description, rc_error *err);
int rc_dim_add_formula(rc_pipeline *pl, rc_dim_run *d, const char *id, int direction,
                       const char *formula, const char *description, rc_error *err);
int rc_dim_score_default(rc_pipeline *pl, rc_dim_run *d, rc_error *err);
/* Parses every method section of the dimension (defaults down to each indicator), so an
 * unknown method or parameter is reported before any plugin runs. */
int rc_dim_check_methods(rc_pipeline *pl, const rc_dim_run *d, rc_error *err);
void rc_dim_free(rc_dim_run *d);
/* Leaf indicators below c (its own and its components', recursively). */
size_t rc_comp_count_leaves(const rc_comp_run *c);
/* Calls fn on every leaf below c, depth first in config order. */
void rc_comp_each_leaf(const rc_comp_run *c, void (*fn)(void *user, const rc_ind_run *ind),
                       void *user);

/* index.c: the index over dimensions, ranks, and the standard tables */
int rc_index_build(rc_pipeline *pl, rc_error *err);
/* Parses `index.weights` and `index.aggregate` without computing. */
int rc_index_check_methods(const rc_config *cfg, rc_error *err);
int rc_tables_build(rc_pipeline *pl, rc_error *err);
/* manifest.c */
int rc_manifest_build(rc_pipeline *pl, rc_error *err);

#endif
