/* pipeline/baseline.h — frozen baselines: writing one from a finished run (normalisation
 * bounds, weights at every level, method choices, config and data hashes) and reading one
 * back, so later runs score with the frozen values and years already published do not move
 * when a year is added. The file format is documented in docs/baselines.md. */
#ifndef RC_PIPELINE_BASELINE_H
#define RC_PIPELINE_BASELINE_H

#include <stddef.h>

#include "config/node.h"
#include "methods/methods.h"
#include "util/error.h"

struct rc_pipeline;

/* One indicator's frozen normalisation, keyed by its component path ("dim/comp") and id. */
typedef struct rc_bl_ind {
    char *path;
    char *id;
    rc_norm_method method;
    rc_scope scope;
    int has_range;         /* min/max present: the frozen bounds (minmax, fracmax, dist2ref),
                              the goalposts, or the observed range (zscore); the drift bounds */
    double min, max;
    int has_moments;       /* zscore: the frozen mean and SD */
    double mean, sd;
    int used;              /* set when the run looked it up */
    const struct rc_node *node;
} rc_bl_ind;

/* One frozen weight: a child of a component (parent = its path) or a dimension in the
 * index (parent = NULL). */
typedef struct rc_bl_weight {
    char *parent;
    char *child;
    double w;
    int used;
    const struct rc_node *node;
} rc_bl_weight;

typedef struct rc_baseline {
    char *path;            /* as given */
    const char *name;      /* file name part of path */
    char sha256[65];       /* of the file's bytes */
    struct rc_node *root;
    rc_bl_ind *inds;
    size_t n_inds;
    rc_bl_weight *weights;
    size_t n_weights;
} rc_baseline;

/* Reads a baseline file. Errors (RC_ERRK_CONFIG) name file:line:col. Free with
 * rc_baseline_free. */
int rc_baseline_load(const char *path, rc_baseline **out, rc_error *err);
void rc_baseline_free(rc_baseline *b);

/* Lookups (NULL when absent); mark the entry used. Pointers live as long as b. */
rc_bl_ind *rc_baseline_ind(rc_baseline *b, const char *path, const char *id);
rc_bl_weight *rc_baseline_weight(rc_baseline *b, const char *parent, const char *child);

/* After scoring: every entry of the baseline must have been used, else the baseline does
 * not match the config (RC_ERRK_CONFIG naming the entry, the baseline and the config). */
int rc_baseline_check_used(const rc_baseline *b, const char *config_name, rc_error *err);

/* Writes the baseline of a scored run (its manifest table built) to `path`: a temporary
 * file in the same folder renamed into place, so a failure leaves any old file as it was.
 * Errors: rank normalisation over the pooled panel (it cannot be frozen, RC_ERRK_CONFIG);
 * undefined weights (RC_ERRK_DATA); I/O (RC_ERRK_OTHER). */
int rc_baseline_write(struct rc_pipeline *pl, const char *path, rc_error *err);

#endif
