/* analysis/internal.h — the parsed `analysis:` section shared by the validator and the
 * runner (analysis/options.c parses, analysis/run.c executes). Strings point into the
 * config tree, which outlives the options; only `alpha`, `controls` and the coupling systems
 * are allocated. */
#ifndef RC_ANALYSIS_INTERNAL_H
#define RC_ANALYSIS_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/kernels.h"
#include "config/model.h"
#include "util/error.h"

enum { RC_BETA_NONE = 0, RC_BETA_ABSOLUTE = 1, RC_BETA_CONDITIONAL = 2 };
enum { RC_W_ADJACENCY = 1, RC_W_DISTANCE = 2 };

typedef struct rc_analysis_opts {
    /* coupling */
    int coupling;
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
    /* disparity */
    int disparity;
    const char *by;           /* grouping column or NULL */
    int m_cv, m_gini, m_theil, m_dagum;
    int ddof;                 /* 0 population (default), 1 sample */
    const char *disp_on;      /* dimension id or NULL = index */
    const char *disp_weights; /* series weighting the regions (e.g. population) or NULL */
    /* convergence */
    int convergence;
    int sigma;
    int beta;
    const char **controls;
    size_t n_controls;
    long from_year, to_year;  /* 0 = first / last year */
    const char *conv_on;
    /* spatial */
    int spatial;
    int weights;
    double cutoff_km;         /* 0 = none */
    long perms;
    uint64_t seed;
    int lisa;
    const char *sp_on;
    /* density */
    int density;
    long points;
    double from, to;          /* NaN = from the data */
    const char *dens_on;
    /* obstacles */
    int obstacles;
    long top;
} rc_analysis_opts;

/* Parses and checks cfg->analysis into *o (zeroed first). Errors are RC_ERRK_CONFIG with
 * file:line:col. Free with rc_analysis_opts_free. */
int rc_analysis_opts_parse(const rc_config *cfg, rc_analysis_opts *o, rc_error *err);
/* The same with extra accepted names under `analysis:` (analysis plugins); `lenient` skips
 * the check of the top-level keys (they were checked at validate). */
int rc_analysis_opts_parse_ex(const rc_config *cfg, const char *const *extra, size_t n_extra,
                              int lenient, rc_analysis_opts *o, rc_error *err);
void rc_analysis_opts_free(rc_analysis_opts *o);

#endif
