/* plugins/analyses/audit/audit_corr.c — Pearson and Spearman correlations over
 * pairwise-complete cases and the Pearson correlation matrix of a group
 * (audit_kernel.h; docs/audit.md). */
#include <math.h>
#include <stdlib.h>

#include "audit_kernel.h"

static double pearson_full(const double *x, const double *y, size_t m)
{
    double mx = 0.0, my = 0.0;
    for (size_t i = 0; i < m; i++) mx += x[i], my += y[i];
    mx /= (double)m;
    my /= (double)m;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (size_t i = 0; i < m; i++) {
        double a = x[i] - mx, b = y[i] - my;
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
    }
    if (!(sxx > 0.0) || !(syy > 0.0)) return NAN;
    double r = sxy / sqrt(sxx * syy);
    return r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
}

double au_pearson(const double *x, const double *y, size_t n, size_t *pairs)
{
    double mx = 0.0, my = 0.0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) mx += x[i], my += y[i], m++;
    if (pairs) *pairs = m;
    if (m < 3) return NAN;
    mx /= (double)m;
    my /= (double)m;
    double sxy = 0.0, sxx = 0.0, syy = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || isnan(y[i])) continue;
        double a = x[i] - mx, b = y[i] - my;
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
    }
    if (!(sxx > 0.0) || !(syy > 0.0)) return NAN;
    double r = sxy / sqrt(sxx * syy);
    return r > 1.0 ? 1.0 : r < -1.0 ? -1.0 : r;
}

void au_sort_index(const double *v, size_t *idx, size_t *tmp, size_t m)
{
    for (size_t w = 1; w < m; w *= 2) {
        for (size_t lo = 0; lo < m; lo += 2 * w) {
            size_t mid = lo + w < m ? lo + w : m, hi = lo + 2 * w < m ? lo + 2 * w : m;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = v[idx[j]] < v[idx[i]] ? idx[j++] : idx[i++];
            while (i < mid) tmp[k++] = idx[i++];
            while (j < hi) tmp[k++] = idx[j++];
        }
        for (size_t k = 0; k < m; k++) idx[k] = tmp[k];
    }
}

/* Average ranks (1 = smallest, ties their mean rank) of v[0..m); idx holds 2m entries. */
static void avg_ranks(const double *v, size_t m, double *rank, size_t *idx)
{
    for (size_t i = 0; i < m; i++) idx[i] = i;
    au_sort_index(v, idx, idx + m, m);
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j + 1 < m && v[idx[j + 1]] == v[idx[i]]) j++;
        double r = 0.5 * (double)(i + j) + 1.0;
        for (size_t k = i; k <= j; k++) rank[idx[k]] = r;
        i = j + 1;
    }
}

double au_spearman(const double *x, const double *y, size_t n, size_t *pairs, double *work,
                   size_t *iwork)
{
    double *a = work, *b = work + n, *ra = work + 2 * n, *rb = work + 3 * n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) a[m] = x[i], b[m] = y[i], m++;
    if (pairs) *pairs = m;
    if (m < 3) return NAN;
    avg_ranks(a, m, ra, iwork);
    avg_ranks(b, m, rb, iwork);
    return pearson_full(ra, rb, m);
}

void au_cor_matrix(const double *X, size_t n, size_t p, double *R)
{
    for (size_t i = 0; i < p; i++) {
        R[i * p + i] = 1.0;
        for (size_t j = i + 1; j < p; j++) {
            double r = au_pearson(X + i * n, X + j * n, n, NULL);
            R[i * p + j] = R[j * p + i] = r;
        }
    }
}
