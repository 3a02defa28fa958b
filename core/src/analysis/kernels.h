/* analysis/kernels.h — the numerical kernels of the analyses: pure functions on arrays of
 * doubles that know nothing of the config or the panel. Formulas follow
 * ../shared/reference/formulas.md §4–§9 and the choices of §10 (D3, D4, D8, D9, D10); each
 * is written down in docs/analysis.md. Unless stated otherwise, inputs are borrowed, nothing
 * is allocated that outlives the call, and a result that is mathematically undefined is NaN
 * (never a crash). */
#ifndef RC_ANALYSIS_KERNELS_H
#define RC_ANALYSIS_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#include "data/panel.h"   /* rc_spatial */
#include "data/weights.h" /* building W: rc_spatial_from_coords, rc_spatial_subset */

/* ---------------- coupling coordination (§4) ---------------- */
typedef enum { RC_CCD_STANDARD = 0, RC_CCD_WANG2021 = 1 } rc_ccd_form;

/* Coupling degree C of k ≥ 2 subsystem scores u (standard: geometric mean / arithmetic mean;
 * wang2021: Wang et al. 2021 corrected form). Any u = 0 (or Σu = 0) gives exactly 0; any NaN
 * or k < 2 gives NaN. */
double rc_ccd_coupling(const double *u, size_t k, rc_ccd_form form);
/* T = Σ alpha_k u_k (alpha NULL = equal weights 1/k). NaN if any u is NaN. */
double rc_ccd_T(const double *u, const double *alpha, size_t k);
/* Level 0..9 of D (0 = 极度失调 [0, 0.1) … 9 = 优质协调 [0.9, 1]): D is rounded to 4
 * decimals first, intervals are closed below. -1 for NaN or D outside [0, 1]. */
int rc_ccd_level(double d);
/* Labels of a level (NULL for an invalid level). */
const char *rc_ccd_level_zh(int level);
const char *rc_ccd_level_en(int level);
/* Relative development degree E = a / b (NaN when b = 0 or either is NaN). */
double rc_ccd_relative(double a, double b);
/* The lagging subsystem: argmin u when max u − min u > threshold (first on ties), else -1
 * (balanced); -1 also when any u is NaN. */
long rc_ccd_lagging(const double *u, size_t k, double threshold);

/* ---------------- disparity (§5) ---------------- */
/* Mean and standard deviation (ddof 0 = population, 1 = sample) of n values; returns the
 * CV = sd / mean (NaN when mean = 0, n = 0, or n ≤ ddof). mean/sd may be NULL. */
double rc_cv(const double *y, size_t n, int ddof, double *mean, double *sd);
/* Gini = Σ_i Σ_j |y_i − y_j| / (2 n² μ), by sorting (O(n log n)). NaN for n = 0 or μ = 0.
 * `work` holds n doubles (scratch). */
double rc_gini(const double *y, size_t n, double *work);

/* Theil T (GE(1), 0·ln0 = 0) and L (GE(0), NaN with any y ≤ 0) with their between/within
 * decomposition over groups g[i] ∈ [0, k). Per-group arrays (k entries) may be NULL. */
typedef struct rc_theil {
    double T, L, T_between, T_within, L_between, L_within;
} rc_theil;
int rc_theil_decompose(const double *y, const size_t *g, size_t n, size_t k, rc_theil *out,
                       double *T_group, double *L_group);

/* Dagum (1997) Gini decomposition over k groups. The caller provides arrays of k (per
 * group) and k·k (per pair, row-major [j*k + h]) doubles; pairs are filled symmetrically
 * (Gjh[j,h] = Gjh[h,j]; Djh[j,h] is the relative affluence of the richer over the poorer
 * group, also stored symmetrically). order[] receives the groups by ascending mean. Groups
 * with no member get NaN entries and are left out of the sums. O(n log n + k·n). */
typedef struct rc_dagum {
    double G, Gw, Gnb, Gt, share_Gw, share_Gnb, share_Gt;
} rc_dagum_result;
int rc_dagum(const double *y, const size_t *g, size_t n, size_t k, rc_dagum_result *out,
             double *mean_g, size_t *n_g, double *Gjj, double *Gjh, double *Djh,
             size_t *order);

/* Weighted by w (e.g. population; every w > 0, no NaN — otherwise NaN results), in
 * analysis/weighted.c: mean μ_w = Σ w y / W, population sd √(Σ w (y − μ_w)²/W) and
 * CV = sd/μ_w; Gini = Σ_i Σ_j w_i w_j |y_i − y_j| / (2 W² μ_w) by sorting (O(n log n));
 * Theil T = Σ s_i ln(s_i/p_i), L = Σ p_i ln(p_i/s_i) with p_i = w_i/W, s_i = w_i y_i/Σ w y,
 * and, with groups g[i] ∈ [0, k), T_b = Σ S_g ln(S_g/P_g), T_w = Σ S_g T_g,
 * L_b = Σ P_g ln(P_g/S_g), L_w = Σ P_g L_g (P_g, S_g the group's shares). Equal weights give
 * the unweighted measures (CV with ddof 0). rc_theil_weighted returns -1 out of memory. */
double rc_cv_weighted(const double *y, const double *w, size_t n, double *mean, double *sd);
double rc_gini_weighted(const double *y, const double *w, size_t n);
int rc_theil_weighted(const double *y, const double *w, const size_t *g, size_t n, size_t k,
                      rc_theil *out, double *T_group, double *L_group);

/* ---------------- convergence (§6) ---------------- */
/* Student t upper tail probabilities: returns P(T > |t|)·2 (two-sided) for df > 0. */
double rc_t_pvalue_two_sided(double t, double df);
/* Regularized incomplete beta I_x(a, b) (continued fraction, ~1e-15 relative). */
double rc_betainc(double a, double b, double x);
/* Standard normal upper tail 1 − Φ(z) (via erfc, accurate in the tail). */
double rc_norm_upper(double z);

/* Ordinary least squares y = X b + e with n rows and p columns (X column-major: X[j*n + i]),
 * p ≤ n. Uses a QR factorisation (LAPACKE dgeqrf). Fills coef, se, t, p (two-sided Student
 * t with n − p df) — each p entries — and r2 (centred, assumes a constant column). Returns
 * 0, or -1 when X is rank-deficient or n ≤ p. */
typedef struct rc_ols {
    double r2, sigma2, df;
} rc_ols;
int rc_ols_fit(const double *X, const double *y, size_t n, size_t p, double *coef,
               double *se, double *tval, double *pval, rc_ols *info);

/* Absolute β convergence: OLS of ln(s1/s0)/T on ln s0 for the n pairs (s0, s1 > 0 required
 * — the caller skips the others). coef[0] = α, coef[1] = β; speed λ = −ln(1 + βT)/T
 * (NaN when 1 + βT ≤ 0) and half-life ln2/λ. */
typedef struct rc_beta {
    double coef[2], se[2], t[2], p[2], r2, speed, half_life;
    size_t n;
} rc_beta;
int rc_beta_absolute(const double *s0, const double *s1, size_t n, double T, rc_beta *out);

/* ---------------- spatial autocorrelation (§7) ---------------- */
/* Portable deterministic PRNG (xoshiro256**, seeded through splitmix64). */
typedef struct rc_rng { uint64_t s[4]; } rc_rng;
void rc_rng_seed(rc_rng *r, uint64_t seed);
uint64_t rc_rng_next(rc_rng *r);
/* Uniform integer in [0, n) without modulo bias (n ≥ 1). */
uint64_t rc_rng_below(rc_rng *r, uint64_t n);

typedef struct rc_moran {
    double moran_i, EI, S0, S1, S2, b2;
    double var_norm, var_rand, z_norm, z_rand;
    double p_norm, p_rand;            /* one-sided "greater" (spdep's default) */
    double p_norm_two, p_rand_two;    /* two-sided */
    double perm_p;                    /* (M + 1)/(R + 1), M = #{I_perm ≥ I}; NaN if R = 0 */
    size_t n, n_islands;
} rc_moran;
/* Global Moran's I of x (n = w->n values, no NaN) under weights w; islands are kept with
 * zero lag and n adjusted as spdep's adjust.n. `perms` random permutations from `rng`
 * (may be NULL when perms = 0). Constant x (Σz² = 0) gives I = NaN and returns 1; n < 2
 * or missing values return -1. `work` holds 3n doubles. */
int rc_moran_global(const rc_spatial *w, const double *x, size_t perms, rc_rng *rng,
                    double *work, rc_moran *out);
/* Local Moran I_i = (z_i/m2) Σ_j w_ij z_j with m2 = Σz²/n, the spatial lag of z, the
 * quadrant (1 HH, 2 LH, 3 LL, 4 HL, 0 island or z = 0 or lag = 0), and a folded conditional
 * permutation pseudo-p (esda: min(#≥, #<) + 1)/(R + 1)); NaN p for islands or R = 0.
 * Returns 1 for constant x (everything NaN), -1 on bad input. `work` holds 2n doubles and
 * `iwork` n size_t. */
int rc_moran_local(const rc_spatial *w, const double *x, size_t perms, rc_rng *rng,
                   double *Ii, double *lag, int *quadrant, double *pseudo_p, double *work,
                   size_t *iwork);
/* The normal approximation of local Moran as spdep's localmoran (conditional = TRUE,
 * mlvar = TRUE): E[I_i] = −z_i² W_i/((n−1) m2), Var[I_i] = (z_i/m2)² · n/(n−2) ·
 * (w_i2 − W_i²/(n−1)) · (m2 − z_i²/(n−1)), Z_i = (I_i − E)/√Var, p two-sided normal; W_i and
 * w_i2 are the row's sum and sum of squares. Islands and constant x give NaN. Any output may
 * be NULL; `work` holds n doubles. Returns 1 for constant x, -1 on bad input. */
int rc_moran_local_normal(const rc_spatial *w, const double *x, double *EIi, double *VIi,
                          double *Zi, double *Pi, double *work);
/* "HH", "LH", "LL", "HL" or "" for code 0. */
const char *rc_quadrant_name(int code);


/* ---------------- kernel density (§8) ---------------- */
/* R's bw.nrd0: 0.9·min(sd, IQR/1.34)·n^(−1/5), sd ddof 1, IQR of type-7 quantiles, with R's
 * fallbacks (IQR = 0 ⇒ sd; sd = 0 ⇒ |x_1|; else 1). NaN for n < 2. `work` holds n doubles. */
double rc_bw_nrd0(const double *x, size_t n, double *work);
/* Type-7 quantile of sorted values. */
double rc_quantile7(const double *sorted, size_t n, double prob);
/* Gaussian KDE by exact summation at m grid points. */
void rc_kde_gauss(const double *x, size_t n, double h, const double *grid, size_t m,
                  double *f);

/* ---------------- obstacle degree (§9) ---------------- */
/* For one unit: O_j = F_j (1 − x_j) / Σ F (1 − x) over m indicators (fractions, summing to 1;
 * all 0 when the sum is 0). NaN x_j or F_j make that indicator NaN and leave it out of the
 * sum. Returns the number of indicators used. */
size_t rc_obstacle(const double *F, const double *x, size_t m, double *O);

#endif
