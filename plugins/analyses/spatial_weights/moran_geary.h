/* plugins/analyses/spatial_weights/moran_geary.h — global Moran's I and Geary's C of one
 * year's cross-section under one weight matrix, pure C over arrays, with the moments,
 * z and one-sided p of spdep's moran.test and geary.test (zero.policy = TRUE,
 * adjust.n = TRUE: islands stay in the data and n counts the regions with a neighbour).
 * Formulas in docs/analysis.md. */
#ifndef SW_MORAN_GEARY_H
#define SW_MORAN_GEARY_H

#include <stddef.h>

#include "an_csr.h"

typedef struct sw_global {
    size_t n, n_islands;        /* regions, and those without a neighbour */
    double S0, S1, S2;
    double I, EI, var_I_norm, var_I_rand, z_I_norm, z_I_rand, p_I_norm, p_I_rand;
    double C, EC, var_C_norm, var_C_rand, z_C_norm, z_C_rand, p_C_norm, p_C_rand;
} sw_global;

/* Moran's I (p: P(Z > z), positive autocorrelation) and Geary's C (z = (1 − C)/√Var, p:
 * P(Z > z), C below 1 for positive autocorrelation) of x under w. Everything but n, the
 * islands and S0..S2 is NaN when the values are all equal or no region has a neighbour
 * (returns 1); -1 for n < 4 or a NaN value, -2 out of memory; else 0. */
int sw_moran_geary(const an_csr *w, const double *x, sw_global *out);

#endif
