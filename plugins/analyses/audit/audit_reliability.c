/* plugins/analyses/audit/audit_reliability.c — the reliability of a group of items:
 * Cronbach's alpha (raw, standardised, if each item is deleted), PCA of the correlation
 * matrix, Kaiser–Meyer–Olkin sampling adequacy and Bartlett's test of sphericity, as R's
 * psych::alpha, eigen(), psych::KMO and psych::cortest.bartlett compute them
 * (audit_kernel.h; docs/audit.md). Linear algebra by LAPACK (dsyev, dgetrf/dgetri). */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_stats.h"
#include "audit_kernel.h"

/* Covariance of two columns over their pairwise-complete cases (R cov(use = "pairwise")). */
static double cov_pair(const double *x, const double *y, size_t n)
{
    double mx = 0.0, my = 0.0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) mx += x[i], my += y[i], m++;
    if (m < 2) return NAN;
    mx /= (double)m;
    my /= (double)m;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) s += (x[i] - mx) * (y[i] - my);
    return s / (double)(m - 1);
}

/* p/(p − 1) (1 − tr C / ΣC) over the items not equal to `skip` (p or more: none). */
static double alpha_of(const double *C, size_t p, size_t skip)
{
    double tr = 0.0, sum = 0.0;
    size_t k = 0;
    for (size_t i = 0; i < p; i++) {
        if (i == skip) continue;
        k++;
        tr += C[i * p + i];
        for (size_t j = 0; j < p; j++)
            if (j != skip) sum += C[i * p + j];
    }
    if (k < 2 || !(sum != 0.0) || isnan(sum)) return NAN;
    return (double)k / (double)(k - 1) * (1.0 - tr / sum);
}

double au_cronbach(const double *X, size_t n, size_t p, double *drop, double *std_alpha)
{
    if (std_alpha) *std_alpha = NAN;
    for (size_t i = 0; drop && i < p; i++) drop[i] = NAN;
    if (p < 2) return NAN;
    double *C = malloc(p * p * sizeof *C);
    if (!C) return NAN;
    for (size_t i = 0; i < p; i++)
        for (size_t j = i; j < p; j++) C[i * p + j] = C[j * p + i] = cov_pair(X + i * n, X + j * n, n);
    double a = alpha_of(C, p, p);
    if (drop && p > 2)
        for (size_t i = 0; i < p; i++) drop[i] = alpha_of(C, p, i);
    if (std_alpha) { /* psych: the correlations cov2cor(C) of the same covariances */
        double *d = malloc(p * sizeof *d);
        if (d) {
            for (size_t i = 0; i < p; i++) d[i] = sqrt(C[i * p + i]);
            for (size_t i = 0; i < p; i++)
                for (size_t j = 0; j < p; j++) C[i * p + j] /= d[i] * d[j];
            *std_alpha = alpha_of(C, p, p);
        }
        free(d);
    }
    free(C);
    return a;
}

int au_pca(const double *R, size_t p, double *eig, double *load1)
{
    for (size_t i = 0; i < p; i++) eig[i] = load1[i] = NAN;
    if (p == 0) return -1;
    double *A = malloc(p * p * sizeof *A), *w = malloc(p * sizeof *w);
    int rc = -1;
    if (!A || !w) goto done;
    for (size_t i = 0; i < p * p; i++) {
        if (isnan(R[i])) goto done;
        A[i] = R[i];
    }
    if (LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)p, A, (lapack_int)p, w) != 0)
        goto done;
    /* ascending from LAPACK: reverse; the last column is the leading eigenvector */
    for (size_t i = 0; i < p; i++) eig[i] = w[p - 1 - i];
    double sum = 0.0;
    for (size_t i = 0; i < p; i++) sum += A[i * p + (p - 1)];
    double sign = sum < 0.0 ? -1.0 : 1.0, root = eig[0] > 0.0 ? sqrt(eig[0]) : 0.0;
    for (size_t i = 0; i < p; i++) load1[i] = sign * A[i * p + (p - 1)] * root;
    rc = 0;
done:
    free(A);
    free(w);
    return rc;
}

/* The inverse of R (p × p) into Q and ln|det R| and the sign of det R; 0 or -1 (singular or
 * not finite). */
static int invert(const double *R, size_t p, double *Q, double *logdet, int *sign)
{
    lapack_int *piv = malloc(p * sizeof *piv);
    if (!piv) return -1;
    int rc = -1;
    for (size_t i = 0; i < p * p; i++) {
        if (isnan(R[i])) goto done;
        Q[i] = R[i];
    }
    if (LAPACKE_dgetrf(LAPACK_ROW_MAJOR, (lapack_int)p, (lapack_int)p, Q, (lapack_int)p, piv) != 0)
        goto done;
    double ld = 0.0;
    int sg = 1;
    for (size_t i = 0; i < p; i++) {
        double d = Q[i * p + i];
        if (d == 0.0) goto done;
        if (d < 0.0) sg = -sg;
        if (piv[i] != (lapack_int)i + 1) sg = -sg;
        ld += log(fabs(d));
    }
    *logdet = ld;
    *sign = sg;
    if (LAPACKE_dgetri(LAPACK_ROW_MAJOR, (lapack_int)p, Q, (lapack_int)p, piv) != 0) goto done;
    rc = 0;
done:
    free(piv);
    return rc;
}

int au_kmo(const double *R, size_t p, double *overall, double *msa)
{
    *overall = NAN;
    for (size_t i = 0; i < p; i++) msa[i] = NAN;
    if (p < 2) return -1;
    double *Q = malloc(p * p * sizeof *Q);
    if (!Q) return -1;
    double ld;
    int sg, rc = -1;
    if (invert(R, p, Q, &ld, &sg) != 0) goto done;
    double sr = 0.0, sq = 0.0;
    for (size_t j = 0; j < p; j++) {
        double cr = 0.0, cq = 0.0;
        for (size_t i = 0; i < p; i++) {
            if (i == j) continue;
            double q = Q[i * p + j] / sqrt(Q[i * p + i] * Q[j * p + j]); /* −partial r */
            cr += R[i * p + j] * R[i * p + j];
            cq += q * q;
        }
        msa[j] = cr / (cr + cq);
        sr += cr;
        sq += cq;
    }
    *overall = sr / (sr + sq);
    rc = 0;
done:
    free(Q);
    return rc;
}

int au_bartlett(const double *R, size_t p, size_t n, double *chi2, double *df, double *pval)
{
    *chi2 = *pval = NAN;
    *df = (double)p * ((double)p - 1.0) / 2.0;
    if (p < 2) return -1;
    double *Q = malloc(p * p * sizeof *Q);
    if (!Q) return -1;
    double ld;
    int sg, rc = -1;
    if (invert(R, p, Q, &ld, &sg) == 0 && sg > 0) {
        *chi2 = -ld * ((double)n - 1.0 - (2.0 * (double)p + 5.0) / 6.0);
        *pval = an_chisq_upper(*chi2, *df);
        rc = 0;
    }
    free(Q);
    return rc;
}
