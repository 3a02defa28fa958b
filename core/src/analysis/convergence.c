/* analysis/convergence.c — convergence kernels: the regularized incomplete beta (for
 * Student t p-values), the normal tail, OLS by QR (LAPACKE) with standard errors, and
 * absolute β convergence with speed and half-life (formulas.md §6). */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "analysis/kernels.h"
#include "util/str.h"

/* Continued fraction for I_x(a, b) (modified Lentz), valid for x < (a + 1)/(a + b + 2). */
static double betacf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double qab = a + b, qap = a + 1.0, qam = a - 1.0;
    double c = 1.0, d = 1.0 - qab * x / qap;
    if (fabs(d) < tiny) d = tiny;
    d = 1.0 / d;
    double h = d;
    for (int m = 1; m <= 10000; m++) {
        double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        h *= d * c;
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        if (fabs(d) < tiny) d = tiny;
        c = 1.0 + aa / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 4.0 * DBL_EPSILON) break;
    }
    return h;
}

double rc_betainc(double a, double b, double x)
{
    if (isnan(a) || isnan(b) || isnan(x) || a <= 0.0 || b <= 0.0 || x < 0.0 || x > 1.0)
        return NAN;
    if (x == 0.0) return 0.0;
    if (x == 1.0) return 1.0;
    double lfront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x);
    if (x < (a + 1.0) / (a + b + 2.0)) return exp(lfront) * betacf(a, b, x) / a;
    return 1.0 - exp(lfront) * betacf(b, a, 1.0 - x) / b;
}

double rc_t_pvalue_two_sided(double t, double df)
{
    if (isnan(t) || !(df > 0.0)) return NAN;
    if (isinf(t)) return 0.0;
    double x = df / (df + t * t);
    return rc_betainc(df / 2.0, 0.5, x);
}

double rc_norm_upper(double z)
{
    return 0.5 * erfc(z / sqrt(2.0));
}

int rc_ols_fit(const double *X, const double *y, size_t n, size_t p, double *coef,
               double *se, double *tval, double *pval, rc_ols *info)
{
    if (p == 0 || n <= p) return -1;
    double *A = rc_malloc(n * p * sizeof *A);
    double *qy = rc_malloc(n * sizeof *qy);
    double *tau = rc_malloc(p * sizeof *tau);
    double *Ri = rc_calloc(p * p, sizeof *Ri);
    int rc = -1;
    if (!A || !qy || !tau || !Ri) goto done;
    memcpy(A, X, n * p * sizeof *A);
    memcpy(qy, y, n * sizeof *qy);
    lapack_int ln = (lapack_int)n, lp = (lapack_int)p;
    if (LAPACKE_dgeqrf(LAPACK_COL_MAJOR, ln, lp, A, ln, tau) != 0) goto done;
    double rmax = 0.0;
    for (size_t j = 0; j < p; j++)
        if (fabs(A[j * n + j]) > rmax) rmax = fabs(A[j * n + j]);
    for (size_t j = 0; j < p; j++)
        if (!(fabs(A[j * n + j]) > 1e-12 * rmax)) goto done; /* rank-deficient */
    if (LAPACKE_dormqr(LAPACK_COL_MAJOR, 'L', 'T', ln, 1, lp, A, ln, tau, qy, ln) != 0)
        goto done;
    if (LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'N', 'N', lp, 1, A, ln, qy, ln) != 0) goto done;
    for (size_t j = 0; j < p; j++) coef[j] = qy[j];
    /* residuals from the original data */
    double sse = 0.0, ym = 0.0, sst = 0.0;
    for (size_t i = 0; i < n; i++) ym += y[i];
    ym /= (double)n;
    for (size_t i = 0; i < n; i++) {
        double fit = 0.0;
        for (size_t j = 0; j < p; j++) fit += X[j * n + i] * coef[j];
        double e = y[i] - fit;
        sse += e * e;
        sst += (y[i] - ym) * (y[i] - ym);
    }
    double df = (double)(n - p);
    double s2 = sse / df;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i <= j; i++) Ri[j * p + i] = A[j * n + i];
    if (LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'U', 'N', lp, Ri, lp) != 0) goto done;
    for (size_t j = 0; j < p; j++) {
        /* (XᵀX)⁻¹ = R⁻¹ R⁻ᵀ: diagonal j is the squared norm of row j of R⁻¹ */
        double v = 0.0;
        for (size_t c = j; c < p; c++) v += Ri[c * p + j] * Ri[c * p + j];
        double sj = sqrt(s2 * v);
        if (se) se[j] = sj;
        double tj = coef[j] / sj;
        if (tval) tval[j] = tj;
        if (pval) pval[j] = rc_t_pvalue_two_sided(tj, df);
    }
    if (info) {
        info->r2 = sst > 0.0 ? 1.0 - sse / sst : NAN;
        info->sigma2 = s2;
        info->df = df;
    }
    rc = 0;
done:
    free(A); free(qy); free(tau); free(Ri);
    return rc;
}

int rc_beta_absolute(const double *s0, const double *s1, size_t n, double T, rc_beta *out)
{
    if (!out || n < 3 || !(T > 0.0)) return -1;
    double *X = rc_malloc(2 * n * sizeof *X);
    double *y = rc_malloc(n * sizeof *y);
    if (!X || !y) { free(X); free(y); return -1; }
    for (size_t i = 0; i < n; i++) {
        if (!(s0[i] > 0.0) || !(s1[i] > 0.0)) { free(X); free(y); return -1; }
        X[i] = 1.0;
        X[n + i] = log(s0[i]);
        y[i] = log(s1[i] / s0[i]) / T;
    }
    rc_ols info;
    int rc = rc_ols_fit(X, y, n, 2, out->coef, out->se, out->t, out->p, &info);
    free(X); free(y);
    if (rc != 0) return -1;
    out->n = n;
    out->r2 = info.r2;
    double onep = 1.0 + out->coef[1] * T;
    out->speed = onep > 0.0 ? -log(onep) / T : NAN;
    out->half_life = (out->speed > 0.0) ? log(2.0) / out->speed : NAN;
    return 0;
}
