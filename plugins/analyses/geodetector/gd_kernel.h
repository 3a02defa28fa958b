/* plugins/analyses/geodetector/gd_kernel.h — the geographical detector (Wang & Xu 2017,
 * Acta Geographica Sinica 72(1):116–134; Wang et al. 2010, IJGIS 24(1):107–127) as pure
 * functions over arrays: discretisation of a continuous factor (equal, quantile, natural
 * breaks, geometric, sd) and the optimal one by maximum q, the factor detector (q with its
 * noncentral-F p), the interaction detector and its five types, the risk detector (Welch t
 * between strata) and the ecological detector (F). No host dependency: the plugin and the
 * tests call these directly.
 *
 * Inputs are borrowed and must hold no NaN (the caller drops missing observations first).
 * Strata are codes 0..L−1, every code used (gd_classify renumbers away empty classes).
 * Functions that allocate scratch return -1 when memory runs out; nothing they allocate
 * outlives the call. */
#ifndef REGCOORD_PLUGINS_GD_KERNEL_H
#define REGCOORD_PLUGINS_GD_KERNEL_H

#include <stddef.h>

enum { GD_EQUAL = 0, GD_QUANTILE = 1, GD_NATURAL = 2, GD_GEOMETRIC = 3, GD_SD = 4,
       GD_NMETHODS = 5 };
#define GD_KMAX 32

/* "equal", "quantile", "natural", "geometric", "sd"; NULL outside the range. */
const char *gd_method_name(int method);
/* The method of a name, or -1. */
int gd_method_by_name(const char *name);

/* Breaks b[0] = min ≤ b[1] ≤ … ≤ b[k] = max for k (2..GD_KMAX) classes of the n ascending
 * values `sorted`:
 *   equal      b_c = min + c (max − min)/k
 *   quantile   b_c = the type-7 quantile of c/k
 *   natural    Fisher's exact natural breaks (minimum within-class sum of squares; Jenks),
 *              b_c = the largest value of class c
 *   geometric  b_c = min (max/min)^{c/k}; needs min > 0
 *   sd         interior breaks μ + (c − k/2) s, c = 1..k−1 (s the sample sd), clipped to
 *              [min, max]
 * Returns 1 with the breaks written, 0 when the method does not apply (all values equal,
 * n < k for natural, geometric with a value ≤ 0), -1 on allocation failure. */
int gd_breaks(const double *sorted, size_t n, int method, int k, double *breaks);

/* Class of each x under breaks b[0..k]: the first c with x ≤ b[c+1] (c = 0 includes b[0];
 * intervals closed on the right). Empty classes are dropped and the rest renumbered
 * 0..L−1 in order; upper[0..L−1] (may be NULL) receives each kept class's upper break.
 * Returns L. */
size_t gd_classify(const double *x, size_t n, const double *breaks, int k, int *strata,
                   double *upper);

/* The factor detector. status: GD_OK, or why q or the test is undefined. */
enum { GD_OK = 0, GD_SINGLE_STRATUM = 1, GD_ZERO_VARIANCE = 2, GD_NO_DF = 3 };
typedef struct gd_factor {
    double q;   /* 1 − Σ N_h σ_h² / (N σ²) */
    double F;   /* (N − L)/(L − 1) · q/(1 − q); +inf when q = 1 */
    double ncp; /* λ = [Σ Ȳ_h² − (Σ √N_h Ȳ_h)²/N] / σ², σ² the population variance */
    double p;   /* P(F' > F), F' ~ noncentral F(L − 1, N − L; λ) */
    size_t n, L;
    int status; /* GD_SINGLE_STRATUM: q = 0, F and p NaN; GD_ZERO_VARIANCE: all NaN;
                   GD_NO_DF (every stratum a single observation, N = L): F and p NaN */
} gd_factor;
int gd_factor_detect(const double *y, const int *strata, size_t n, size_t L, gd_factor *out);

/* The strata of X1 ∩ X2 (codes a·L2 + b renumbered in order of first appearance of the
 * sorted pair codes); returns their number, or 0 on allocation failure. */
size_t gd_intersect(const int *s1, size_t L1, const int *s2, size_t L2, size_t n, int *s12);

/* The interaction type of q12 against q1, q2 (Wang & Xu 2017, table 1); equalities are
 * judged within 1e-10:
 *   1 weaken, nonlinear    q12 < min(q1, q2)
 *   2 weaken, univariate   min ≤ q12 ≤ max
 *   3 enhance, bivariate   max < q12 < q1 + q2
 *   4 independent          q12 = q1 + q2
 *   5 enhance, nonlinear   q12 > q1 + q2
 * 0 when any q is NaN. */
int gd_interaction_type(double q1, double q2, double q12);
const char *gd_interaction_name(int type);

/* The risk detector for strata h and g: Welch's t = (Ȳ_h − Ȳ_g)/√(s_h²/N_h + s_g²/N_g)
 * with Welch–Satterthwaite df, and the two-sided p. NaN t, df and p (returns 1) when a
 * stratum has fewer than 2 observations or both variances are 0. means and counts of the
 * two strata are written when the pointers are not NULL. */
typedef struct gd_risk {
    double mean_h, mean_g, t, df, p;
    size_t n_h, n_g;
} gd_risk;
int gd_risk_detect(const double *y, const int *strata, size_t n, int h, int g, gd_risk *out);

/* The ecological detector: F = [N1 (N2 − 1) SSW1] / [N2 (N1 − 1) SSW2] with SSW = Σ N_h σ_h²
 * of each factor's strata, df (N1 − 1, N2 − 1), p = P(F' > F). NaN when SSW2 = 0. */
typedef struct gd_eco { double F, df1, df2, p; } gd_eco;
void gd_ecological(double ssw1, size_t n1, double ssw2, size_t n2, gd_eco *out);
/* Σ_h N_h σ_h² of y over the strata (the within sum of squares). */
double gd_ssw(const double *y, const int *strata, size_t n, size_t L);

/* The optimal discretisation: every method in `methods` (bit 1 << GD_*) and k = kmin..kmax
 * classes, the one with the largest q (ties: the earlier method, then the smaller k).
 * Writes the winner's strata and returns its L (0 when no method applies, (size_t)-1 on
 * allocation failure); *method, *k and *q the winner. */
size_t gd_optimal(const double *y, const double *x, size_t n, unsigned methods, int kmin,
                  int kmax, int *strata, int *method, int *k, double *q);

#endif
