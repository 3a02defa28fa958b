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
    int has_ref_year;      /* dist2ref: 1 = take the region's value in ref_year for every */
    int ref_year;          /*   year; 0 = the region's value in each cell's own year */
    double ref_value;      /* dist2ref: reference value when no region (NaN = none) */
    int ref_cap;           /* dist2ref: cap at 1 (default 1) */
    /* Frozen bounds from a baseline (min, max of the raw values), used instead of the
     * data's when has_frozen is set (minmax, fracmax). */
    int has_frozen;
    double frozen_min, frozen_max;
    const struct rc_node *node;
    double scale;          /* zscore: multiplies z before the shift, default 1 (COINr's
                              10 + 2z: scale 2, shift 10) */
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
/* Copies `src` into `dst` (dst owns its own copy of the strings). */
int rc_norm_copy(rc_norm_spec *dst, const rc_norm_spec *src, rc_error *err);
/* Normalises one column x (ny × nr) with direction +1/-1 into out (may not alias x).
 * `region_ids` (nr) is needed for dist2ref with a region; `years` (ny) for dist2ref with a
 * reference year and for messages (both may be NULL otherwise: messages then give
 * indices). `what` names the indicator for messages. NaN in ⇒ NaN out; a scope with no
 * values gives NaN. Errors (RC_ERRK_DATA): fracmax on a negative value, a cost value of 0
 * or a non-positive maximum (naming region, year, indicator); dist2ref reference missing.
 * `info` may be NULL. */
int rc_normalize(const rc_norm_spec *s, const double *x, size_t nr, size_t ny, int direction,
                 const char *const *region_ids, const int *years, const char *what,
                 double *out, rc_norm_info *info, rc_error *err);
/* The method's config name ("minmax", …). */
const char *rc_norm_method_name(rc_norm_method m);

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
    /* Appended (issue 3): */
    int pca_rotation;      /* PCA: 0 = none (default), 1 = varimax (Kaiser-normalised, as R
                              stats::varimax with eps 1e-5) of the kept loadings */
    size_t pca_components; /* PCA: keep exactly this many components (0 = the threshold rule) */
    size_t ahp_n_ri;       /* AHP: 0 = Saaty's table (default); else ahp_ri[0..n_ri-1] holds
                              RI for n = 1..n_ri from `ri: [...]` */
    double ahp_ri[32];
} rc_weight_spec;

typedef struct rc_weight_info {
    char method[32];       /* "equal", "explicit", "entropy", … */
    double ahp_cr;         /* AHP consistency ratio (NaN otherwise) */
    double pca_explained;  /* PCA: share of variance of the kept components (NaN otherwise) */
    size_t pca_kept;
    int fallback_equal;    /* 1 when the method was undefined and equal weights were used */
    size_t n_dropped;      /* children given weight 0 as constant (CRITIC, PCA) */
    char warning[256];     /* "" or one sentence for the caller to log (fallback, AHP RI) */
} rc_weight_info;

int rc_weights_parse(const struct rc_node *node, const rc_weight_spec *inherit,
                     rc_weight_spec *out, rc_error *err);
void rc_weights_default(rc_weight_spec *out); /* equal */
void rc_weights_free(rc_weight_spec *s);
int rc_weights_copy(rc_weight_spec *dst, const rc_weight_spec *src, rc_error *err);
const char *rc_weight_method_name(rc_weight_method m);
/* Computes weights of k children from their normalised columns (`cols`, k pointers) and,
 * for CV, their raw columns (`raw_cols`, may be NULL: then cols are used). `explicit_w`
 * holds each child's `weight:` (NaN where not given; required for explicit). `child_ids`
 * name children in messages and match AHP orders. Writes w (ny × k), each year summing
 * to 1 (pooled methods write the same row every year). Constant children get weight 0
 * (entropy d = 0; CRITIC/PCA drop them, info->n_dropped); when no weight is defined equal
 * weights are used and info->fallback_equal/warning say so. Errors: explicit weight missing
 * (names the child, RC_ERRK_CONFIG); entropy on negative values or with < 2 values per
 * scope, CV with mean ≤ 0, PCA with < 3 complete rows (RC_ERRK_DATA, naming the child);
 * AHP order/size mismatch, non-reciprocal matrix or CR > 0.1 (RC_ERRK_CONFIG).
 * `info` may be NULL. */
int rc_weights_compute(const rc_weight_spec *s, const double *const *cols,
                       const double *const *raw_cols, size_t k, size_t nr, size_t ny,
                       const double *explicit_w, const char *const *child_ids, double *w,
                       rc_weight_info *info, rc_error *err);

/* ---------------- aggregation ---------------- */
/* Columns given to rc_aggregate are oriented: larger is better. Normalised columns already
 * are; a raw column for TOPSIS-vector, MPI or AMPI must be passed as d·x for a cost
 * indicator (d = -1), which gives exactly the textbook cost forms (swapped ideals,
 * 100 - 10 z, 60 (Max - x)/(Max - Min) + 70). Formulas and choices: docs/methods.md. */
typedef enum {
    RC_AGG_ARITHMETIC = 0, RC_AGG_GEOMETRIC, RC_AGG_TOPSIS, RC_AGG_MPI, RC_AGG_AMPI
} rc_agg_method;

typedef enum { RC_MISSING_AVAILABLE = 0, RC_MISSING_STRICT = 1 } rc_missing_policy;

typedef struct rc_agg_spec {
    rc_agg_method method;
    double shift;          /* geometric: S = exp(Σ w ln(x + shift) / Σ w) (default 0 = error
                              on x ≤ 0) */
    int topsis_vector;     /* TOPSIS: 1 = vector normalisation, 0 = min-max (default) */
    rc_scope topsis_scope; /* TOPSIS: ideals (and vector norms) over the pooled panel
                              (default) or each year's cross-section */
    int mpi_penalty;       /* MPI/AMPI: -1 = MPI⁻ (default, penalise imbalance), +1 = MPI⁺ */
    int mpi_ddof;          /* MPI/AMPI: 0 = population SD (default, D7), 1 = sample SD; used
                              for the z standardisation and the penalty alike */
    int ampi_ref_year;     /* AMPI: base year for Ref (0 = the first year, the default) */
    const struct rc_node *node;
} rc_agg_spec;

/* Parses `aggregate:` — a method name (arithmetic | geometric | topsis | mpi | ampi) or a
 * mapping {method: geometric, shift: 0.0001}, {method: topsis, form: minmax|vector,
 * scope: pooled|per_year}, {method: mpi, sd: population|sample, penalty: negative|positive},
 * {method: ampi, ref_year: 2020, sd: …, penalty: …}. A mapping without `method` keeps the
 * inherited method and its parameters; naming another method resets the parameters.
 * `inherit` may be NULL (defaults); node NULL copies inherit. Unknown methods or parameters
 * are RC_ERRK_CONFIG errors naming file:line:col and listing the valid ones. */
/* The method\'s config name ("arithmetic", …). */
const char *rc_agg_method_name(rc_agg_method m);
int rc_agg_parse(const struct rc_node *node, const rc_agg_spec *inherit, rc_agg_spec *out,
                 rc_error *err);
void rc_agg_default(rc_agg_spec *out); /* arithmetic */
void rc_agg_free(rc_agg_spec *s);
/* Aggregates k child columns with weights w (ny × k) into out (ny × nr). With the
 * available-case policy a region-year's missing children are skipped and the remaining
 * weights renormalised (all missing ⇒ missing); strict ⇒ any missing child gives missing.
 * `child_ids`, `region_ids` and `years` name cells in messages (e.g. a non-positive
 * value under geometric aggregation: "region R03, year 2021, indicator I2"); each may be
 * NULL (indices are printed instead). MPI and AMPI are unweighted by definition: w is
 * ignored and may be NULL for them. Errors: RC_ERRK_DATA (non-positive value under
 * geometric, AMPI ref year absent from `years` or without data). */
int rc_aggregate(const rc_agg_spec *s, const double *const *cols, size_t k, size_t nr,
                 size_t ny, const double *w, rc_missing_policy missing,
                 const char *const *child_ids, const char *const *region_ids,
                 const int *years, double *out, rc_error *err);
/* rc_aggregate with precomputed logarithms for a geometric mean: when logs[j] is not NULL
 * its cells replace ln(cols[j] + s->shift) (same bits as computing them here, so the result
 * is rc_aggregate's); the caller guarantees every non-missing cell of such a column has
 * x + shift > 0. `logs` may be NULL and is ignored by the other methods. The uncertainty
 * analysis uses it so that a replication does not take the logarithm of every indicator. */
int rc_aggregate_logs(const rc_agg_spec *s, const double *const *cols,
                      const double *const *logs, size_t k, size_t nr, size_t ny, const double *w,
                      rc_missing_policy missing, const char *const *child_ids,
                      const char *const *region_ids, const int *years, double *out,
                      rc_error *err);
/* TOPSIS with its distances: the closeness C = D⁻/(D⁺ + D⁻) as rc_aggregate computes it
 * for a topsis spec, plus D⁺ and D⁻ (each ny × nr, either may be NULL). */
int rc_topsis(const rc_agg_spec *s, const double *const *cols, size_t k, size_t nr,
              size_t ny, const double *w, rc_missing_policy missing, double *closeness,
              double *dplus, double *dminus, rc_error *err);
/* Parses `missing:` ("available" | "strict" | a mapping, see rc_missing_parse_spec) into the
 * policy rc_aggregate applies: a mapping is strict when its min_coverage is 1, else
 * available (its coverage threshold is the caller's, through rc_missing_parse_spec). */
int rc_missing_parse(const struct rc_node *node, rc_missing_policy *out, rc_error *err);

/* The whole missing rule of one level of the tree. */
typedef struct rc_missing_spec {
    rc_missing_policy policy;  /* what rc_aggregate does with a missing child */
    double min_coverage;       /* a score needs this share of its nominal weight present
                                  (0 = any child present: available; 1 under strict) */
    double indicator_coverage; /* an indicator observed in fewer than this share of the
                                  window's region-years is warned about (an error under
                                  strict); default 0.5 */
    const struct rc_node *node;
} rc_missing_spec;

/* Parses `missing:` — available | strict | {method: available|strict, min_coverage: 0..1,
 * indicator_coverage: 0..1}; a mapping without `method` keeps the inherited policy unless
 * it sets min_coverage (then available with that share; min_coverage: 1 is strict).
 * node NULL copies inherit; inherit NULL = available, min_coverage 0, indicator_coverage
 * 0.5. Errors are RC_ERRK_CONFIG at the node. */
int rc_missing_parse_spec(const struct rc_node *node, const rc_missing_spec *inherit,
                          rc_missing_spec *out, rc_error *err);
void rc_missing_default(rc_missing_spec *out); /* available, 0, 0.5 */

/* ---------------- imputation ---------------- */
typedef enum {
    RC_IMPUTE_NONE = 0, RC_IMPUTE_MEAN, RC_IMPUTE_MEDIAN, RC_IMPUTE_GROUP_MEAN,
    RC_IMPUTE_LOCF, RC_IMPUTE_LINEAR, RC_IMPUTE_CONSTANT
} rc_impute_method;

typedef struct rc_impute_spec {
    rc_impute_method method;
    rc_scope scope;        /* mean/median/group_mean: over the year (per_year, default) or
                              over the whole panel (pooled) */
    char *group;           /* group_mean: grouping label of the regions (NULL = the regions'
                              `group` column); owned, free with rc_impute_free */
    const struct rc_node *node;
    double value;          /* constant: the fill value (`value:`, required) */
} rc_impute_spec;

/* Called for every imputed cell (region index, year index, new value). */
typedef void (*rc_impute_cb)(void *user, size_t region, size_t year, double value);

/* Parses `impute:` — none | mean | median | group_mean | locf | linear, or a mapping
 * {method: median, scope: pooled}, {method: group_mean, group: province},
 * {method: constant, value: 0} (a fixed fill, as official indices that fill gaps with 0). `inherit` may be
 * NULL (none); node NULL copies inherit (duplicating its string). */
/* The method\'s config name ("mean", …). */
const char *rc_impute_method_name(rc_impute_method m);
int rc_impute_parse(const struct rc_node *node, const rc_impute_spec *inherit,
                    rc_impute_spec *out, rc_error *err);
void rc_impute_free(rc_impute_spec *s);
/* Fills missing cells of x (ny × nr) in place. `group_of_region` (nr indices < n_groups) is
 * required for group_mean. locf carries a region's last observation forward over the
 * years (leading gaps stay missing); linear interpolates between a region's neighbouring
 * observations by year index (no extrapolation: leading and trailing gaps stay missing).
 * A cell with nothing to impute from (an all-missing year or group) stays missing. `cb`
 * may be NULL. */
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

/* Parses `treat:` — none | winsorise, or {method: winsorise, max_points: 5, skew: 2,
 * kurtosis: 3.5, scope: pooled|per_year}. `inherit` may be NULL (none). */
int rc_treat_parse(const struct rc_node *node, const rc_treat_spec *inherit,
                   rc_treat_spec *out, rc_error *err);
/* Treats x (ny × nr) in place by the skew/kurtosis rule (formulas in docs/methods.md):
 * a sample fails when |skew| ≥ skew_limit and kurt ≥ kurt_limit (Excel SKEW and KURT);
 * then its extreme values are winsorised one step at a time (up to max_points cells,
 * re-testing after each step); if it still fails, the original sample is log-transformed
 * instead. Samples with fewer than 4 values or zero spread are left alone. `cb` may be
 * NULL; it is called once per changed cell with the final outcome. */
int rc_treat(const rc_treat_spec *s, double *x, size_t nr, size_t ny, rc_treat_cb cb,
             void *user, rc_error *err);
/* Excel's SKEW and KURT of the n values (NaN skipped); NaN when undefined (fewer than 3
 * resp. 4 values, or zero SD). */
double rc_stat_skew_excel(const double *x, size_t n);
double rc_stat_kurt_excel(const double *x, size_t n);

/* ---------------- ranks ---------------- */
/* Ranks n values in descending order (1 = highest); ties share the lowest rank ("min", as
 * COINr and sports tables do: 1, 2, 2, 4); NaN gets rank 0 (unranked). */
void rc_rank_desc(const double *v, size_t n, long *rank);

/* ---------------- helpers shared by methods and analyses ---------------- */
/* Sample statistics over the non-missing values: returns the count. */
size_t rc_stat_mean_sd(const double *x, size_t n, int ddof, double *mean, double *sd);

#endif
