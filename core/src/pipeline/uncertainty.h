/* pipeline/uncertainty.h — uncertainty and sensitivity analysis of the index ranks
 * (`analysis.uncertainty`): Monte Carlo replications that perturb weights and draw the
 * normalisation, aggregation, imputation and an excluded indicator, summarised per region
 * (table `uncertainty`), and variance-based sensitivity indices by Saltelli sampling with
 * the Jansen estimators and bootstrap confidence intervals (table `sensitivity`). Method
 * and choices: docs/uncertainty.md. */
#ifndef RC_PIPELINE_UNCERTAINTY_H
#define RC_PIPELINE_UNCERTAINTY_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

struct rc_pipeline;

/* Runs `analysis.uncertainty` on a scored pipeline (index built, tables built) and adds the
 * tables `uncertainty` and, with `sensitivity:`, `sensitivity` to pl->rs. Returns 0 without
 * doing anything when the section is absent. The config must have passed
 * rc_analysis_validate (which checks this section). Results are identical for a given seed
 * whatever the number of threads. A SIGINT during the replications stops them and fails the
 * run (RC_ERRK_OTHER, exit code 1); the previous SIGINT disposition is restored before
 * returning. Errors of a replication (e.g. geometric aggregation meeting a zero) name the
 * replication; when several fail, the lowest-numbered one is reported. */
int rc_uncertainty_run(struct rc_pipeline *pl, rc_error *err);

/* ---------------- Saltelli sampling and Jansen estimators ---------------- */
#define RC_SA_MAX_FACTORS 16

/* The point of the Saltelli design at (row, col) for k factors (1 ≤ k ≤ RC_SA_MAX_FACTORS),
 * each uniform on [0, 1): row j of A and of B come from their own random stream, derived
 * from (seed, j); col 0 is A_j, col 1 is B_j, col 2 + i is A_j with factor i taken from B_j
 * (the matrix A_B^(i)). A design has N rows of k + 2 points; the model output of point
 * (j, c) goes to y[j * (k + 2) + c]. */
void rc_saltelli_point(uint64_t seed, size_t row, size_t col, size_t k, double *x);

typedef struct rc_sobol {
    double first, total;               /* Jansen S_i and S_Ti (NaN when Var Y = 0) */
    double first_lo, first_hi;         /* 95 % percentile bootstrap interval */
    double total_lo, total_hi;         /* (NaN when n_boot < 2) */
} rc_sobol;

/* Jansen estimators from the outputs y of an N-row design (layout above):
 * V = variance of the 2N outputs f(A), f(B);
 * S_i = (V − ½ mean (f(B) − f(A_B^i))²) / V;  S_Ti = ½ mean (f(A) − f(A_B^i))² / V.
 * Confidence intervals: n_boot resamples of the N rows with replacement (a stream derived
 * from boot_seed), 2.5 % and 97.5 % type-7 quantiles. Writes out[0..k-1]. Allocates its
 * scratch (O(N + k·n_boot)); returns -1 (RC_ERRK_OTHER) only when out of memory or on
 * bad arguments. */
int rc_sobol_jansen(const double *y, size_t n_rows, size_t k, size_t n_boot, uint64_t boot_seed,
                    rc_sobol *out, rc_error *err);

#endif
