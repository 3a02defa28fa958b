/* plugins/analyses/grey_relational/gra_kernel.h — grey relational analysis (Deng 1982;
 * Liu Sifeng et al., Grey Systems: Theory and Applications, ch. 3) as pure functions over
 * arrays: the preprocessing of a sequence (initial value, mean, min-max), the ideal
 * reference of a decision matrix, and the relational coefficients and grades.
 *
 * Inputs are borrowed and hold no NaN (the caller drops incomplete observations); nothing
 * is allocated. */
#ifndef REGCOORD_PLUGINS_GRA_KERNEL_H
#define REGCOORD_PLUGINS_GRA_KERNEL_H

#include <stddef.h>

enum { GRA_NONE = 0, GRA_INITIAL = 1, GRA_MEAN = 2, GRA_MINMAX = 3 };

/* The preprocessing of a name ("none", "initial", "mean", "minmax"), or -1. */
int gra_preprocessing_by_name(const char *name);

/* Preprocesses the K values v[0], v[stride], … in place:
 *   initial  x(k)/x(1)
 *   mean     x(k)/mean(x)
 *   minmax   (x(k) − min)/(max − min); with direction < 0, (max − x(k))/(max − min)
 * Returns 0, or 1 when the operation is undefined (x(1) = 0, mean 0, max = min) — the
 * values are then left unchanged and the caller must flag them. */
int gra_preprocess(double *v, size_t K, size_t stride, int how, int direction);

/* The ideal reference of the m × K matrix X (row-major): per column the largest value, or
 * the smallest where dir[k] < 0 (dir NULL: all largest). */
void gra_ideal(const double *X, size_t m, size_t K, const int *dir, double *ref);

/* Coefficients ξ_i(k) = (Δmin + ρ Δmax)/(Δ_i(k) + ρ Δmax) with Δ_i(k) = |ref(k) − X_ik| and
 * Δmin, Δmax the smallest and largest Δ over all i and k; grades r_i = Σ_k w_k ξ_i(k) with
 * the weights w normalised to sum 1 (NULL: 1/K). xi (m × K) may be NULL. ρ in (0, 1].
 * Returns 0, 1 when Δmax = 0 (every sequence equals the reference: ξ = 1, r = 1), -1 on bad
 * arguments (ρ outside (0, 1], negative or all-zero weights). */
int gra_grades(const double *ref, const double *X, size_t m, size_t K, double rho,
               const double *w, double *xi, double *grade);

#endif
