/* plugins/analyses/common/an_csr.h — the spatial weights the analysis plugins compute on:
 * compressed sparse rows (the neighbours of region i are nbr[off[i] .. off[i+1]) with
 * weights w[…]; an empty row is an island). Who owns the arrays is said where a matrix is
 * made: the builders in spatial_weights/weights_build.h allocate them (free with
 * an_csr_free); a plugin that assembles a matrix from the host's rows owns its own. */
#ifndef AN_CSR_H
#define AN_CSR_H

#include <stddef.h>

typedef struct an_csr {
    size_t n;
    size_t *off; /* n + 1 */
    size_t *nbr;
    double *w;
} an_csr;

/* Allocates an n-row matrix with room for nnz entries (off zeroed). Returns 0 or -1. */
int an_csr_alloc(an_csr *m, size_t n, size_t nnz);
/* Frees the arrays and zeroes *m (NULL and a zeroed matrix are accepted). */
void an_csr_free(an_csr *m);
/* Divides each row by its sum (rows summing to 0 are left as they are). */
void an_csr_row_standardise(an_csr *m);
/* lag[i] = Σ_j w_ij x_j (0 for an island). */
void an_csr_lag(const an_csr *m, const double *x, double *lag);
/* The rows of m restricted to the regions keep[0..k) (ascending), renumbered 0..k−1 and
 * row-standardised again; `map` holds m->n size_t. Fills *out (allocated; an_csr_free).
 * Returns 0 or -1 out of memory. */
int an_csr_subset(const an_csr *m, const size_t *keep, size_t k, size_t *map, an_csr *out);

#endif
