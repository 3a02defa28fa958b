/* plugins/analyses/common/an_csr.c — sparse-row spatial weights: allocation, row
 * standardisation, spatial lag and restriction to the regions with a value (an_csr.h). */
#include "an_csr.h"

#include <stdlib.h>
#include <string.h>

int an_csr_alloc(an_csr *m, size_t n, size_t nnz)
{
    memset(m, 0, sizeof *m);
    m->n = n;
    m->off = calloc(n + 1, sizeof *m->off);
    m->nbr = malloc((nnz ? nnz : 1) * sizeof *m->nbr);
    m->w = malloc((nnz ? nnz : 1) * sizeof *m->w);
    if (!m->off || !m->nbr || !m->w) {
        an_csr_free(m);
        return -1;
    }
    return 0;
}

void an_csr_free(an_csr *m)
{
    if (!m) return;
    free(m->off);
    free(m->nbr);
    free(m->w);
    memset(m, 0, sizeof *m);
}

void an_csr_row_standardise(an_csr *m)
{
    for (size_t i = 0; i < m->n; i++) {
        double s = 0.0;
        for (size_t e = m->off[i]; e < m->off[i + 1]; e++) s += m->w[e];
        if (s != 0.0)
            for (size_t e = m->off[i]; e < m->off[i + 1]; e++) m->w[e] /= s;
    }
}

void an_csr_lag(const an_csr *m, const double *x, double *lag)
{
    for (size_t i = 0; i < m->n; i++) {
        double l = 0.0;
        for (size_t e = m->off[i]; e < m->off[i + 1]; e++) l += m->w[e] * x[m->nbr[e]];
        lag[i] = l;
    }
}

int an_csr_subset(const an_csr *m, const size_t *keep, size_t k, size_t *map, an_csr *out)
{
    for (size_t i = 0; i < m->n; i++) map[i] = (size_t)-1;
    for (size_t i = 0; i < k; i++) map[keep[i]] = i;
    size_t nnz = 0;
    for (size_t i = 0; i < k; i++)
        for (size_t e = m->off[keep[i]]; e < m->off[keep[i] + 1]; e++)
            if (map[m->nbr[e]] != (size_t)-1) nnz++;
    if (an_csr_alloc(out, k, nnz)) return -1;
    nnz = 0;
    for (size_t i = 0; i < k; i++) {
        for (size_t e = m->off[keep[i]]; e < m->off[keep[i] + 1]; e++) {
            size_t j = map[m->nbr[e]];
            if (j == (size_t)-1) continue;
            out->nbr[nnz] = j;
            out->w[nnz] = m->w[e];
            nnz++;
        }
        out->off[i + 1] = nnz;
    }
    an_csr_row_standardise(out);
    return 0;
}
