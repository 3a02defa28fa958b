/* plugins/analyses/rsr/rsr_kernel.h — the rank-sum ratio (RSR) with probit grading (Tian
 * Fengdiao 1988/1993, 秩和比法; the usual table of distinct RSR values, average ranks,
 * percentiles and probits) as pure functions over arrays.
 *
 * Inputs are borrowed and hold no NaN (the caller drops incomplete regions first); nothing
 * outlives a call. */
#ifndef REGCOORD_PLUGINS_RSR_KERNEL_H
#define REGCOORD_PLUGINS_RSR_KERNEL_H

#include <stddef.h>

/* (Weighted) rank-sum ratio of the m × n matrix X (row-major: m objects, n criteria).
 * Ranks per column, 1 = worst: with `noninteger` 0, integer ranks with ties averaged
 * (benefit criteria rank ascending, dir[j] < 0 descending); with 1, the non-integer rank
 * R = 1 + (m − 1)(x − min)/(max − min) (reversed for dir < 0; a column with max = min gets
 * (m + 1)/2 for every object). RSR_i = Σ_j w_j R_ij / m with w normalised to sum 1 (w NULL:
 * 1/n, the plain RSR = Σ R / (m n)). ranks (m × n) may be NULL. Returns 0, -1 on bad
 * weights or m < 2, -2 out of memory. */
int rsr_ratio(const double *X, size_t m, size_t n, const int *dir, const double *w,
              int noninteger, double *ranks, double *rsr);

/* Probit grading. From the m RSR values: the distinct values ascending (values within
 * 1e-12 relative of a group's smallest count as one, so rounding never splits a tie), their
 * frequencies f, cumulative frequencies cf, average ranks R̄ = cf − (f − 1)/2, percentiles R̄/m (the
 * largest corrected to 1 − 1/(4m)), probits 5 + Φ⁻¹(percentile); the OLS line
 * RSR = a + b·probit over the distinct values; each object's probit, fitted RSR and grade
 * 1 (lowest) .. `grades` (highest) from the fitted RSR against the cut-offs a + b·P_c at
 * the probit thresholds of the standard table (3 grades: 4, 6; 4: 3.5, 5, 6.5;
 * 5: 3.2, 4.4, 5.6, 6.8; 6: 3, 4, 5, 6, 7), written to cut[0..grades−2].
 * Returns 0; 1 when fewer than 2 distinct RSR values (no line: a = mean, b = 0, every
 * object grade (grades + 1)/2 rounded down, r2 NaN); -1 for grades outside 3..6 or m < 2;
 * -2 out of memory. */
typedef struct rsr_fit {
    double a, b, r2;
    size_t distinct;
} rsr_fit;
int rsr_probit(const double *rsr, size_t m, int grades, double *probit, double *fitted,
               int *grade, double *cut, rsr_fit *fit);

#endif
