/* methods/methods.h — the methods library: normalisation, weighting, aggregation,
 * imputation, outlier treatment and ranking, each parsed from its config node into a spec
 * and applied to panel columns. Formulas, parameters and edge-case choices are listed in
 * docs/methods.md (after ../shared/reference/formulas.md §1–3 and §10).
 *
 * Layout convention: a column is one indicator (or child score) over the panel,
 * n_years × n_regions doubles at index t * nr + r, NaN for missing. Weights are always
 * given per year (ny × k at t * k + j) so pooled and per-year methods share one shape.
 * Specs own nothing but their strings (free with the matching _free). No function
 * allocates per cell. */
#ifndef RC_METHODS_H
#define RC_METHODS_H

#include <stddef.h>

#include "config/node.h"
#include "util/error.h"

typedef enum { RC_SCOPE_POOLED = 0, RC_SCOPE_PER_YEAR = 1 } rc_scope;

/* ---------------- normalisation ---------------- */
typedef enum {
    RC_NORM_MINMAX = 0, RC_NORM_ZSCORE, RC_NORM_GOALPOSTS, RC_NORM_RANK,
    RC_NORM_FRACMAX, RC_NORM_DIST2REF, RC_NORM_NONE
} rc_norm_method;

typedef struct rc_norm_spec {
    rc_norm_method method;
    rc_scope scope;        /* default pooled */
    double lo, hi;         /* minmax target range, default [0, 1] */
    double shift;          /* added after normalising, default 0 */
    int ddof;              /* zscore: 1 = sample SD (default), 0 = population */
    double gp_min, gp_max; /* goalposts (raw units) */
    int clip;              /* goalposts: clip to [0,1] (default 1) */
    char *ref_region;      /* dist2ref: reference region id, or NULL */
    double ref_value;      /* dist2ref: reference value when no region (NaN = none) */
    int ref_cap;           /* dist2ref: cap at 1 (default 1) */
    /* Frozen bounds from a baseline (min, max of the raw values), used instead of the
     * data's when has_frozen is set (minmax, fracmax). */
    int has_frozen;
    double frozen_min, frozen_max;
    const struct rc_node *node;
} rc_norm_spec;

/* What a normalisation used, for the weights/baseline tables and warnings. */
typedef struct rc_norm_info {
    double min, max;       /* pooled bounds used (NaN for per-year scope) */
    int zero_range;        /* 1 if some scope had max == min (values set to lo, warned) */
    size_t n_beyond;       /* values outside frozen bounds or goalposts (drift) */
} rc_norm_info;

/* Parses `normalize:` — a string ("minmax") or a mapping ({method: minmax, scope: pooled,
 * range: [0, 1], shift: 0.0001}); `inherit` (may be NULL) supplies the defaults.
 * Unknown methods or parameters are RC_ERRK_CONFIG errors at the node, listing the valid
 * ones. */
int rc_norm_parse(const struct rc_node *node, const rc_norm_spec *inherit, rc_norm_spec *out,
                  rc_error *err);
void rc_norm_default(rc_norm_spec *out); /* minmax, pooled, [0, 1], no shift */
void rc_norm_free(rc_norm_spec *s);
/* Normalises one column x (ny × nr) with direction +1/-1 into out. `region_ids` is needed
 * for dist2ref. `what` names the indicator for messages. */
int rc_normalize(const rc_norm_spec *s, const double *x, size_t nr, size_t ny, int direction,
                 const char *const *region_ids, const char *what, double *out,
                 rc_norm_info *info, rc_error *err);

/* ---------------- weighting ---------------- */
typedef enum {
    RC_W_EQUAL = 0, RC_W_EXPLICIT, RC_W_ENTROPY, RC_W_CRITIC, RC_W_CV, RC_W_PCA, RC_W_AHP
} rc_weight_method;

typedef struct rc_weight_spec {
    rc_weight_method method;
    rc_scope scope;        /* entropy/CRITIC/CV/PCA: pooled (default) or per_year */
    double shift;          /* entropy: added to values before p (default 0 = 0·ln0 limit) */
    int pca_squared;       /* PCA: 1 = Σ η a², 0 = Σ η |a| (default) */
    double pca_threshold;  /* PCA: keep components with λ > threshold (default 1) */
    size_t ahp_n;          /* AHP: matrix order */
    char **ahp_order;      /* AHP: child ids in matrix order (NULL = children order) */
    double *ahp_matrix;    /* AHP: ahp_n × ahp_n, row-major */
    int ahp_allow_inconsistent;
    const struct rc_node *node;
} rc_weight_spec;

typedef struct rc_weight_info {
    char method[32];       /* "equal", "explicit", "entropy", … */
    double ahp_cr;         /* AHP consistency ratio (NaN otherwise) */
    double pca_explained;  /* PCA: share of variance of the kept components (NaN otherwise) */
    size_t pca_kept;
    int fallback_equal;    /* 1 when the method was undefined and equal weights were used */
} rc_weight_info;

int rc_weights_parse(const struct rc_node *node, const rc_weight_spec *inherit,
                     rc_weight_spec *out, rc_error *err);
void rc_weights_default(rc_weight_spec *out); /* equal */
void rc_weights_free(rc_weight_spec *s);
/* Computes weights of k children from their normalised columns (`cols`, k pointers) and,
 * for CV, their raw columns (`raw_cols`, may be NULL: then cols are used). `explicit_w`
 * holds each child's `weight:` (NaN where not given; required for explicit). `child_ids`
 * name children in messages and match AHP orders. Writes w (ny × k), each year summing
 * to 1. */
int rc_weights_compute(const rc_weight_spec *s, const double *const *cols,
                       const double *const *raw_cols, size_t k, size_t nr, size_t ny,
                       const double *explicit_w, const char *const *child_ids, double *w,
                       rc_weight_info *info, rc_error *err);

/* ---------------- aggregation ---------------- */
typedef enum {
    RC_AGG_ARITHMETIC = 0, RC_AGG_GEOMETRIC, RC_AGG_TOPSIS, RC_AGG_MPI, RC_AGG_AMPI
} rc_agg_method;

typedef enum { RC_MISSING_AVAILABLE = 0, RC_MISSING_STRICT = 1 } rc_missing_policy;

typedef struct rc_agg_spec {
    rc_agg_method method;
    double shift;          /* geometric: added before logs (default 0 = error on ≤ 0) */
    int topsis_vector;     /* TOPSIS: 1 = vector normalisation, 0 = min-max (default) */
    int mpi_penalty;       /* MPI/AMPI: -1 = MPI⁻ (default, penalise imbalance), +1 = MPI⁺ */
    int ampi_ref_year;     /* AMPI: base year for Ref (default the first year) */
    const struct rc_node *node;
} rc_agg_spec;

int rc_agg_parse(const struct rc_node *node, const rc_agg_spec *inherit, rc_agg_spec *out,
                 rc_error *err);
void rc_agg_default(rc_agg_spec *out); /* arithmetic */
void rc_agg_free(rc_agg_spec *s);
/* Aggregates k child columns with weights w (ny × k) into out (ny × nr). With the
 * available-case policy a region-year's missing children are skipped and the remaining
 * weights renormalised (all missing ⇒ missing); strict ⇒ any missing child gives missing.
 * `child_ids`, `region_ids` and `years` name cells in messages (e.g. a non-positive
 * value under geometric aggregation: "region R03, year 2021, indicator I2"). */
int rc_aggregate(const rc_agg_spec *s, const double *const *cols, size_t k, size_t nr,
                 size_t ny, const double *w, rc_missing_policy missing,
                 const char *const *child_ids, const char *const *region_ids,
                 const int *years, double *out, rc_error *err);
/* Parses `missing:` ("available" | "strict"). */
int rc_missing_parse(const struct rc_node *node, rc_missing_policy *out, rc_error *err);

/* ---------------- imputation ---------------- */
typedef enum {
    RC_IMPUTE_NONE = 0, RC_IMPUTE_MEAN, RC_IMPUTE_MEDIAN, RC_IMPUTE_GROUP_MEAN,
    RC_IMPUTE_LOCF, RC_IMPUTE_LINEAR
} rc_impute_method;

typedef struct rc_impute_spec {
    rc_impute_method method;
    rc_scope scope;        /* mean/median: over the year (per_year, default) or pooled */
    char *group;           /* group_mean: grouping column */
    const struct rc_node *node;
} rc_impute_spec;

/* Called for every imputed cell (region index, year index, new value). */
typedef void (*rc_impute_cb)(void *user, size_t region, size_t year, double value);

int rc_impute_parse(const struct rc_node *node, const rc_impute_spec *inherit,
                    rc_impute_spec *out, rc_error *err);
void rc_impute_free(rc_impute_spec *s);
/* Fills missing cells of x (ny × nr) in place. `group_of_region` (nr labels' indices) is
 * required for group_mean. */
int rc_impute(const rc_impute_spec *s, double *x, size_t nr, size_t ny,
              const size_t *group_of_region, size_t n_groups, rc_impute_cb cb, void *user,
              rc_error *err);

/* ---------------- outlier treatment ---------------- */
typedef struct rc_treat_spec {
    int enabled;           /* `treat: winsorise` or {method: winsorise, max_points: 5} */
    size_t max_points;     /* default 5 */
    double skew_limit;     /* default 2 */
    double kurt_limit;     /* default 3.5 */
    rc_scope scope;        /* pooled (default) or per_year */
    const struct rc_node *node;
} rc_treat_spec;

/* Called for every treated cell: region, year, original and new value, and the method
 * ("winsorised" or "log"). */
typedef void (*rc_treat_cb)(void *user, size_t region, size_t year, double from, double to,
                            const char *method);

int rc_treat_parse(const struct rc_node *node, const rc_treat_spec *inherit,
                   rc_treat_spec *out, rc_error *err);
/* Treats x (ny × nr) in place by the skew/kurtosis rule (formulas in docs/methods.md). */
int rc_treat(const rc_treat_spec *s, double *x, size_t nr, size_t ny, rc_treat_cb cb,
             void *user, rc_error *err);

/* ---------------- ranks ---------------- */
/* Ranks n values in descending order (1 = highest); ties share the lowest rank ("min", as
 * COINr and sports tables do: 1, 2, 2, 4); NaN gets rank 0 (unranked). */
void rc_rank_desc(const double *v, size_t n, long *rank);

/* ---------------- helpers shared by methods and analyses ---------------- */
/* Sample statistics over the non-missing values: returns the count. */
size_t rc_stat_mean_sd(const double *x, size_t n, int ddof, double *mean, double *sd);

#endif
