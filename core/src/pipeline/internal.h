/* pipeline/internal.h — the run's working state, shared by the pipeline's files and the
 * host services: per-dimension scoring trees (components and leaf indicators with their
 * columns and method specs), the outputs being written, and the log. Not part of any API. */
#ifndef RC_PIPELINE_INTERNAL_H
#define RC_PIPELINE_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include "config/model.h"
#include "data/panel.h"
#include "pipeline/guard.h"
#include "host/loader.h"
#include "methods/methods.h"
#include "pipeline/output.h"
#include "pipeline/pipeline.h"
#include "analysis/run_state.h"
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
    rc_agg_spec agg;               /* the aggregation that made score (for attribution) */
    /* coverage (coverage.c), ny × nr each, NULL until scored by default */
    double *share;                 /* share of the nominal weight present in the score */
    unsigned *n_present;           /* leaf indicators the score is built from */
    unsigned char *why;            /* RC_COV_* reason of a missing score */
    size_t n_leaves;               /* leaf indicators below (expected) */
    rc_missing_spec missing;       /* the missing rule applied */
} rc_comp_run;

typedef struct rc_dim_run {
    const rc_dimension_cfg *cfg;
    const rc_plugin *plugin;
    rc_comp_run root;
    int scored;                    /* scores recorded by score_default or set_scores */
    double *scores;                /* ny × nr, alias of root.score when scored by default */
    double weight_index;           /* NaN or `weight:` */
} rc_dim_run;

/* An analysis plugin enabled under `analysis:` (its key names the plugin). */
typedef struct rc_an_plugin {
    const rc_plugin *plugin;
    const char *name;              /* the key under `analysis:` (= the plugin name) */
    const rc_node *section;        /* its mapping (NULL when written `name:` alone) */
    const rc_node *where;          /* for messages: the section, or `analysis:` itself */
} rc_an_plugin;

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
    /* coverage of the index (coverage.c), ny × nr each */
    double *index_share;
    unsigned *index_present;
    unsigned char *index_why;
    size_t index_expected;
    rc_missing_spec index_missing;
    rc_agg_spec index_agg;         /* the index's aggregation (for attribution) */
    /* what coverage.c found, for the manifest */
    size_t n_partial[3], n_missing[3]; /* index, dimension, component scores */
    int report_year;
    char report_year_reason[512];
    struct rc_baseline *baseline;  /* frozen bounds and weights in use, or NULL (baseline.h) */
    rc_buf baseline_notes;         /* when making a baseline: what it cannot freeze, a line each */
    /* checksums of the panel and result set known to hold, reused by the plugin guard so
     * each is summed once per run, not twice per plugin */
    rc_guard_sums guard_sums;
    rc_an_plugin *an;              /* analysis plugins in the order they run */
    size_t n_an;
    rc_phase_times *times;         /* opts->times: where phase wall times go (NULL = nowhere) */
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
/* Parses every method section of the config's dimension trees (the defaults chain, each
 * component and indicator) before any data is read, so a method typo is a config error
 * that comes first. */
int rc_dim_check_config_methods(const rc_config *cfg, rc_error *err);
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
/* coverage.c: what every score is built from */
enum { RC_COV_OK = 0, RC_COV_NO_DATA, RC_COV_BELOW_MIN, RC_COV_STRICT, RC_COV_UNDEFINED };
/* One node's coverage from its k children: child_score (k columns, NaN = missing),
 * child_share and child_present (k columns each; a NULL entry = 1 where the child is
 * present), their nominal weights w (ny × k). Applies the min_coverage rule of ms to score
 * (in place: a score below the share becomes missing) and writes share, present and why
 * (ny × nr each). */
void rc_cov_node(size_t nr, size_t ny, size_t k, const double *const *child_score,
                 const double *const *child_share, const unsigned *const *child_present,
                 const double *w, const rc_missing_spec *ms, double *score, double *share,
                 unsigned *present, unsigned char *why);
/* Allocates c's coverage arrays (once); -1 when out of memory. */
int rc_cov_alloc(size_t n, double **share, unsigned **present, unsigned char **why);
/* Indicator coverage before weighting: warns about (or, under strict, refuses) an
 * indicator observed in fewer than ms->indicator_coverage of the window's region-years. */
int rc_cov_check_indicator(rc_pipeline *pl, const char *dim, const rc_ind_run *ind,
                           const rc_missing_spec *ms, rc_error *err);
/* After the index: the `coverage` and `indicator_coverage` tables, the year warnings, the
 * partial-score warning and the report year (pl->report_year, pl->report_year_reason). */
int rc_coverage_build(rc_pipeline *pl, rc_error *err);
/* 1 when the score of a dimension cell is partial (present, built from fewer than all its
 * indicators). */
int rc_cov_dim_partial(const rc_pipeline *pl, const rc_dim_run *d, size_t cell);
/* names.c: the `regions` (id, display name, groups) and `labels` (kind, id, dimension,
 * label) tables */
int rc_names_build(rc_pipeline *pl, rc_error *err);
/* analyses.c: analysis plugins. Resolves every key of `analysis:` that is not a built-in
 * analysis to an analysis plugin, checks its section against the plugin's keys, checks
 * `analysis:` itself, and orders the plugins so each runs after the providers of the tables
 * it needs (config order otherwise). Errors name file:line:col. */
int rc_an_plugins_resolve(rc_pipeline *pl, rc_error *err);
/* Runs the resolved analysis plugins in order over the run state; their tables join pl->rs. */
int rc_an_plugins_run(rc_pipeline *pl, const rc_run_state *st, rc_error *err);
/* pipeline.c: what the analyses read, built from the scored run — the run state and the
 * arrays it points to (owned by the view; the scores and index stay the pipeline's). */
typedef struct rc_leaf_lists {
    const char *dim;
    const char **ids, **dims;
    const double **norm, **weight, **value;
    size_t n;
} rc_leaf_lists;
typedef struct rc_run_view {
    rc_run_state st;
    const char **dim_ids;
    const double **dim_scores;
    double **dim_weight;
    rc_leaf_lists l;
} rc_run_view;
int rc_run_view_build(rc_pipeline *pl, rc_run_view *v, rc_error *err);
void rc_run_view_free(rc_run_view *v, size_t n_dims);
/* attribution.c: the `attribution` table, each region's change between consecutive years
 * split into its children's contributions, index → dimensions → … → indicators */
int rc_attribution_build(rc_pipeline *pl, rc_error *err);
/* manifest.c */
int rc_manifest_build(rc_pipeline *pl, rc_error *err);

#endif
