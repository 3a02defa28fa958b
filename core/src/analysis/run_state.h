/* analysis/run_state.h — what the scoring stage hands to the analyses: the panel, the
 * dimension scores, the index, the leaf indicators with their normalised values and
 * overall weights. All arrays are borrowed from the pipeline for the analyses' run. */
#ifndef RC_ANALYSIS_RUN_STATE_H
#define RC_ANALYSIS_RUN_STATE_H

#include <stddef.h>

#include "config/model.h"
#include "data/panel.h"

typedef struct rc_run_state {
    const rc_config *cfg;
    const rc_panel *panel;     /* regions, years, groupings, spatial weights */
    size_t nr, ny;
    /* dimensions */
    size_t n_dims;
    const char *const *dim_ids;
    const double *const *dim_scores;  /* per dimension: ny × nr in [0,1] (NaN missing) */
    const double *dim_weights;        /* ny × n_dims: weight of each dimension in the index */
    /* the index, unscaled (in [0,1] for arithmetic aggregation of [0,1] scores) */
    const double *index;              /* ny × nr */
    double scale;                     /* `index.scale`: what published values are multiplied by */
    /* leaf indicators (every indicator of every dimension, in table order) */
    size_t n_leaves;
    const char *const *leaf_ids;
    const char *const *leaf_dim;      /* dimension id of each leaf */
    const double *const *leaf_norm;   /* normalised values, ny × nr */
    const double *const *leaf_weight; /* overall weight in the index (product of the
                                         weights down the tree), ny per leaf */
    const double *const *leaf_value;  /* after per, imputation and treatment, ny × nr */
    const double *const *dim_weight;  /* per dimension: ny weights in the index (the columns
                                         of dim_weights) */
} rc_run_state;

#endif
