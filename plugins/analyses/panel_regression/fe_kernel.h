/* plugins/analyses/panel_regression/fe_kernel.h — two-way fixed-effects panel regression
 * (region and year effects) with cluster-robust standard errors by region, as a pure
 * function over arrays: the region effects are swept out by demeaning within regions and
 * the year effects enter as dummies (exact for unbalanced panels, by Frisch–Waugh–Lovell),
 * then least squares by QR (LAPACKE dgeqrf/dormqr/dtrtrs) and the sandwich
 * V = c (D̃'D̃)⁻¹ [Σ_g D̃_g' e_g e_g' D̃_g] (D̃'D̃)⁻¹ with c = G/(G − 1) · (N − 1)/(N − K),
 * K = p + (T − 1) + 1 (the slopes, the year dummies and the constant, as Stata's
 * `xtreg …, fe vce(cluster id)`); t = β/se and p from Student t with G − 1 df.
 *
 * Inputs are borrowed and hold no NaN (the caller keeps complete observations only);
 * scratch is allocated and freed inside. */
#ifndef REGCOORD_PLUGINS_FE_KERNEL_H
#define REGCOORD_PLUGINS_FE_KERNEL_H

#include <stddef.h>

enum {
    FE_OK = 0,
    FE_TOO_FEW = 1,   /* N ≤ K or fewer than 2 regions: nothing estimated */
    FE_COLLINEAR = 2, /* a regressor is collinear with the others or constant within
                         regions: fe_result.bad_column names it */
    FE_NOMEM = -1
};

typedef struct fe_result {
    size_t N, G, T;      /* observations, regions (clusters), years present */
    size_t K;            /* p + (T − 1) + 1 */
    double r2_within;    /* 1 − SSR / Σ (y − ȳ_region)² */
    double df;           /* G − 1, the df of the t tests */
    size_t bad_column;   /* with FE_COLLINEAR: the slot (0..p−1 a regressor, p + t − 1 the
                            dummy of year code t) */
} fe_result;

/* y[0..N), X column-major N × p (X[j*N + i]), region[i] in 0..G−1, year[i] in 0..T−1
 * (codes; a code with no observation is allowed and ignored). Writes coef, se
 * (cluster-robust), t and p — arrays of p + T − 1: slots 0..p−1 the regressors, slot
 * p + t − 1 the effect of year code t against the base (the first year present); the
 * base's slot and those of years without observations stay NaN. Returns FE_* (the
 * arrays are all NaN unless FE_OK). */
int fe_twoway(const double *y, const double *X, size_t N, size_t p, const size_t *region,
              size_t G, const size_t *year, size_t T, double *coef, double *se, double *tval,
              double *pval, fe_result *out);

#endif
