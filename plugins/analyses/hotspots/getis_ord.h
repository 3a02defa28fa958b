/* plugins/analyses/hotspots/getis_ord.h — Getis-Ord local G statistics on one year's cross
 * section, pure C over arrays: Gi (self excluded) and Gi* (self included) with the moments
 * and z of spdep's localG, the two-sided normal p, a folded conditional-permutation pseudo
 * p that draws region i from its own seeded stream (the same numbers on any thread
 * count), and the hot/cold classes at 99/95/90 %. Formulas in docs/analysis.md. */
#ifndef HS_GETIS_ORD_H
#define HS_GETIS_ORD_H

#include <stddef.h>
#include <stdint.h>

#include "../common/an_csr.h"

/* Per region i (arrays of n, any may be NULL except z):
 *  G  = Σ_j w_ij x_j / Σ_j x_j    (Gi: j ≠ i; Gi*: j over all, the diagonal kept)
 *  EG, VG its mean and variance, z = (G − EG)/√VG, p = 2 P(Z > |z|).
 * For Gi the diagonal entries of w are ignored; for Gi* (star = 1) w should hold them
 * (hs_star_weights). Islands (no weight) and zero variance give NaN. Returns 1 when the
 * values are all equal (everything NaN), -1 on bad input (n < 3 or a NaN x), else 0. */
int hs_local_g(const an_csr *w, const double *x, int star, double *G, double *EG, double *VG,
               double *z, double *p);

/* Folded conditional-permutation pseudo p: for each region with a neighbour, `perms`
 * draws of its neighbours' values from the other n − 1 regions without replacement (the
 * self weight of Gi* stays on x_i), p = (min(#≥, #<) + 1)/(perms + 1) comparing the lag.
 * Region i uses stream an_rng_seed3(seed, stream, i), so `threads` (≥ 1) only changes the
 * speed. Islands get NaN. Returns 0, -1 on bad input or out of memory. */
int hs_local_g_perm(const an_csr *w, const double *x, int star, size_t perms, uint64_t seed,
                    uint64_t stream, unsigned threads, double *p_perm);

/* The Gi* weights: each row of w (raw or row-standardised) plus a self weight equal to the
 * row's largest weight (1 for binary contiguity or kNN, as spdep's include.self), then
 * row-standardised; an island keeps only itself. Fills *out (allocated; an_csr_free).
 * Returns 0 or -1. */
int hs_star_weights(const an_csr *w, an_csr *out);

/* Class of a region from its z and p: +3/+2/+1 hot at 99/95/90 % (p < 0.01/0.05/0.10
 * with z > 0), −3/−2/−1 cold, 0 not significant; NaN p gives 0. */
int hs_class(double z, double p);
/* "hot 99%", …, "cold 90%", "not significant". */
const char *hs_class_name(int cls);

#endif
