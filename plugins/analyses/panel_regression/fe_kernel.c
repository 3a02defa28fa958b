/* plugins/analyses/panel_regression/fe_kernel.c — two-way fixed effects with cluster-robust
 * standard errors (fe_kernel.h). */
#include "fe_kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lapacke.h>

#include "an_dist.h"

/* Subtracts the region means from column v (N values). */
static void demean(double *v, size_t N, const size_t *region, size_t G, double *sum,
                   const size_t *cnt)
{
    for (size_t g = 0; g < G; g++) sum[g] = 0.0;
    for (size_t i = 0; i < N; i++) sum[region[i]] += v[i];
    for (size_t i = 0; i < N; i++) v[i] -= sum[region[i]] / (double)cnt[region[i]];
}

int fe_twoway(const double *y, const double *X, size_t N, size_t p, const size_t *region,
              size_t G, const size_t *year, size_t T, double *coef, double *se, double *tval,
              double *pval, fe_result *out)
{
    memset(out, 0, sizeof *out);
    out->r2_within = out->df = NAN;
    size_t ncoef = p + (T ? T - 1 : 0);
    for (size_t j = 0; j < ncoef; j++) coef[j] = se[j] = tval[j] = pval[j] = NAN;
    size_t *cnt = calloc(G ? G : 1, sizeof *cnt), *ycnt = calloc(T ? T : 1, sizeof *ycnt);
    size_t *slot = malloc((p + (T ? T : 1)) * sizeof *slot);
    double *sum = malloc((G ? G : 1) * sizeof *sum);
    double *D = NULL, *QR = NULL, *yt = NULL, *e = NULL, *tau = NULL, *Rinv = NULL,
           *bread = NULL, *meat = NULL, *score = NULL;
    int rc = FE_NOMEM;
    if (!cnt || !ycnt || !slot || !sum) goto done;
    for (size_t i = 0; i < N; i++) {
        cnt[region[i]]++;
        ycnt[year[i]]++;
    }
    size_t Gp = 0, Tp = 0;
    for (size_t g = 0; g < G; g++) Gp += cnt[g] > 0;
    /* design columns: the p regressors, then one dummy per year present after the first;
       slot[j] = where column j's results go (year code t → p + t − 1) */
    long *ycol = (long *)calloc(T ? T : 1, sizeof *ycol);
    if (!ycol) goto done;
    int seen = 0;
    for (size_t j = 0; j < p; j++) slot[j] = j;
    for (size_t t = 0; t < T; t++) {
        ycol[t] = -1;
        if (!ycnt[t]) continue;
        if (seen) {
            ycol[t] = (long)(p + Tp - 1);
            slot[p + Tp - 1] = p + t - 1;
        }
        seen = 1;
        Tp++;
    }
    size_t k = p + (Tp ? Tp - 1 : 0);
    out->N = N;
    out->G = Gp;
    out->T = Tp;
    out->K = k + 1;
    rc = FE_TOO_FEW;
    if (Gp < 2 || N <= out->K || k == 0) goto free_ycol;
    rc = FE_NOMEM;
    D = calloc(N * k, sizeof *D);
    QR = malloc(N * k * sizeof *QR);
    yt = malloc(N * sizeof *yt);
    e = malloc(N * sizeof *e);
    tau = malloc(k * sizeof *tau);
    Rinv = calloc(k * k, sizeof *Rinv);
    bread = calloc(k * k, sizeof *bread);
    meat = calloc(k * k, sizeof *meat);
    score = calloc(G * k, sizeof *score);
    if (!D || !QR || !yt || !e || !tau || !Rinv || !bread || !meat || !score) goto free_ycol;
    memcpy(D, X, N * p * sizeof *D);
    for (size_t i = 0; i < N; i++)
        if (ycol[year[i]] >= 0) D[(size_t)ycol[year[i]] * N + i] = 1.0;
    memcpy(yt, y, N * sizeof *yt);
    demean(yt, N, region, G, sum, cnt);
    for (size_t j = 0; j < k; j++) demean(D + j * N, N, region, G, sum, cnt);
    memcpy(QR, D, N * k * sizeof *QR);
    double sst = 0.0;
    for (size_t i = 0; i < N; i++) sst += yt[i] * yt[i];
    if (LAPACKE_dgeqrf(LAPACK_COL_MAJOR, (lapack_int)N, (lapack_int)k, QR, (lapack_int)N,
                       tau) != 0)
        goto free_ycol;
    /* collinear: |R_jj| tiny against the demeaned column's norm (or the column is 0) */
    rc = FE_COLLINEAR;
    for (size_t j = 0; j < k; j++) {
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += D[j * N + i] * D[j * N + i];
        if (!(s > 0.0) || !(fabs(QR[j * N + j]) > 1e-10 * sqrt(s))) {
            out->bad_column = slot[j];
            goto free_ycol;
        }
    }
    rc = FE_NOMEM;
    /* β = R⁻¹ Q'ỹ (in the first k entries of e) */
    memcpy(e, yt, N * sizeof *e);
    if (LAPACKE_dormqr(LAPACK_COL_MAJOR, 'L', 'T', (lapack_int)N, 1, (lapack_int)k, QR,
                       (lapack_int)N, tau, e, (lapack_int)N) != 0 ||
        LAPACKE_dtrtrs(LAPACK_COL_MAJOR, 'U', 'N', 'N', (lapack_int)k, 1, QR, (lapack_int)N, e,
                       (lapack_int)N) != 0)
        goto free_ycol;
    memcpy(tau, e, k * sizeof *tau); /* tau now holds β */
    const double *b = tau;
    /* (D̃'D̃)⁻¹ = R⁻¹ R⁻ᵀ */
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i <= j; i++) Rinv[j * k + i] = QR[j * N + i];
    if (LAPACKE_dtrtri(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)k, Rinv, (lapack_int)k) != 0)
        goto free_ycol;
    for (size_t r = 0; r < k; r++)
        for (size_t c = 0; c < k; c++) {
            double s = 0.0;
            for (size_t m = (r > c ? r : c); m < k; m++) s += Rinv[m * k + r] * Rinv[m * k + c];
            bread[c * k + r] = s;
        }
    /* residuals, within R², cluster scores s_g = Σ_{i ∈ g} d̃_i e_i and the meat */
    double ssr = 0.0;
    for (size_t i = 0; i < N; i++) {
        double f = 0.0;
        for (size_t j = 0; j < k; j++) f += D[j * N + i] * b[j];
        e[i] = yt[i] - f;
        ssr += e[i] * e[i];
        for (size_t j = 0; j < k; j++) score[region[i] * k + j] += D[j * N + i] * e[i];
    }
    for (size_t g = 0; g < G; g++)
        for (size_t c = 0; c < k; c++)
            for (size_t r = 0; r < k; r++) meat[c * k + r] += score[g * k + r] * score[g * k + c];
    double cfac = (double)Gp / (double)(Gp - 1) * (double)(N - 1) / (double)(N - out->K);
    out->df = (double)(Gp - 1);
    out->r2_within = sst > 0.0 ? 1.0 - ssr / sst : NAN;
    for (size_t j = 0; j < k; j++) {
        double v = 0.0; /* V_jj = c Σ_rc bread_jr meat_rc bread_cj */
        for (size_t r = 0; r < k; r++) {
            double s = 0.0;
            for (size_t c = 0; c < k; c++) s += meat[c * k + r] * bread[j * k + c];
            v += bread[r * k + j] * s;
        }
        v *= cfac;
        size_t o = slot[j];
        coef[o] = b[j];
        se[o] = v > 0.0 ? sqrt(v) : NAN;
        tval[o] = coef[o] / se[o];
        pval[o] = an_t_two_sided(tval[o], out->df);
    }
    rc = FE_OK;
free_ycol:
    free(ycol);
done:
    free(cnt);
    free(ycnt);
    free(slot);
    free(sum);
    free(D);
    free(QR);
    free(yt);
    free(e);
    free(tau);
    free(Rinv);
    free(bread);
    free(meat);
    free(score);
    return rc;
}
