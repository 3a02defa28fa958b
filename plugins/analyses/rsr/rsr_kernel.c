/* plugins/analyses/rsr/rsr_kernel.c — rank-sum ratio and probit grading (rsr_kernel.h). */
#include "rsr_kernel.h"

#include <math.h>
#include <stdlib.h>

#include "an_dist.h"

typedef struct keyed {
    double v;
    size_t i;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    if (x->v != y->v) return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

int rsr_ratio(const double *X, size_t m, size_t n, const int *dir, const double *w,
              int noninteger, double *ranks, double *rsr)
{
    if (m < 2 || n == 0) return -1;
    double wsum = 0.0;
    for (size_t j = 0; w && j < n; j++) {
        if (!(w[j] >= 0.0)) return -1;
        wsum += w[j];
    }
    if (w && !(wsum > 0.0)) return -1;
    keyed *k = malloc(m * sizeof *k);
    double *r = malloc(m * sizeof *r);
    if (!k || !r) {
        free(k);
        free(r);
        return -2;
    }
    for (size_t i = 0; i < m; i++) rsr[i] = 0.0;
    for (size_t j = 0; j < n; j++) {
        int neg = dir && dir[j] < 0;
        if (noninteger) {
            double lo = X[j], hi = X[j];
            for (size_t i = 1; i < m; i++) {
                double x = X[i * n + j];
                if (x < lo) lo = x;
                if (x > hi) hi = x;
            }
            for (size_t i = 0; i < m; i++) {
                double x = X[i * n + j];
                r[i] = hi > lo ? 1.0 + (double)(m - 1) * (neg ? hi - x : x - lo) / (hi - lo)
                               : (double)(m + 1) / 2.0;
            }
        } else {
            for (size_t i = 0; i < m; i++) {
                k[i].v = neg ? -X[i * n + j] : X[i * n + j];
                k[i].i = i;
            }
            qsort(k, m, sizeof *k, cmp_keyed);
            for (size_t a = 0; a < m;) {
                size_t b = a;
                while (b + 1 < m && k[b + 1].v == k[a].v) b++;
                double avg = ((double)a + (double)b) / 2.0 + 1.0; /* ranks a+1..b+1 */
                for (size_t t = a; t <= b; t++) r[k[t].i] = avg;
                a = b + 1;
            }
        }
        /* Σ_j w_j R_ij first (exact for the plain RSR: sums of half-integers), divided
           once at the end, so equal rank sums give bit-equal ratios */
        for (size_t i = 0; i < m; i++) {
            if (ranks) ranks[i * n + j] = r[i];
            rsr[i] += w ? w[j] * r[i] : r[i];
        }
    }
    for (size_t i = 0; i < m; i++) rsr[i] /= (w ? wsum : (double)n) * (double)m;
    free(k);
    free(r);
    return 0;
}

static const double thresholds[4][5] = {
    {4.0, 6.0}, {3.5, 5.0, 6.5}, {3.2, 4.4, 5.6, 6.8}, {3.0, 4.0, 5.0, 6.0, 7.0}};

int rsr_probit(const double *rsr, size_t m, int grades, double *probit, double *fitted,
               int *grade, double *cut, rsr_fit *fit)
{
    if (grades < 3 || grades > 6 || m < 2) return -1;
    keyed *k = malloc(m * sizeof *k);
    double *gp = malloc(m * sizeof *gp), *gv = malloc(m * sizeof *gv);
    if (!k || !gp || !gv) {
        free(k);
        free(gp);
        free(gv);
        return -2;
    }
    for (size_t i = 0; i < m; i++) {
        k[i].v = rsr[i];
        k[i].i = i;
    }
    qsort(k, m, sizeof *k, cmp_keyed);
    size_t g = 0;
    for (size_t a = 0; a < m;) {
        size_t b = a; /* one distinct value: within 1e-12 relative of the group's first */
        while (b + 1 < m && k[b + 1].v - k[a].v <= 1e-12 * fabs(k[a].v)) b++;
        double f = (double)(b - a + 1), cf = (double)(b + 1);
        double pct = b + 1 == m ? 1.0 - 1.0 / (4.0 * (double)m) : (cf - (f - 1.0) / 2.0) / (double)m;
        double pr = 5.0 + an_norm_quantile(pct);
        for (size_t t = a; t <= b; t++) probit[k[t].i] = pr;
        gp[g] = pr;
        gv[g] = k[a].v;
        g++;
        a = b + 1;
    }
    fit->distinct = g;
    int rc = 0;
    double mp = 0.0, mv = 0.0;
    for (size_t t = 0; t < g; t++) {
        mp += gp[t];
        mv += gv[t];
    }
    mp /= (double)g;
    mv /= (double)g;
    if (g < 2) {
        fit->a = mv;
        fit->b = 0.0;
        fit->r2 = NAN;
        rc = 1;
    } else {
        double sxy = 0.0, sxx = 0.0, syy = 0.0;
        for (size_t t = 0; t < g; t++) {
            sxy += (gp[t] - mp) * (gv[t] - mv);
            sxx += (gp[t] - mp) * (gp[t] - mp);
            syy += (gv[t] - mv) * (gv[t] - mv);
        }
        fit->b = sxy / sxx;
        fit->a = mv - fit->b * mp;
        fit->r2 = syy > 0.0 ? sxy * sxy / (sxx * syy) : NAN;
    }
    const double *th = thresholds[grades - 3];
    for (int c = 0; c < grades - 1; c++) cut[c] = fit->a + fit->b * th[c];
    for (size_t i = 0; i < m; i++) {
        fitted[i] = fit->a + fit->b * probit[i];
        int gr = 1;
        if (rc == 1) {
            gr = (grades + 1) / 2;
        } else {
            for (int c = 0; c < grades - 1; c++)
                if (fitted[i] >= cut[c]) gr = c + 2;
        }
        grade[i] = gr;
    }
    free(k);
    free(gp);
    free(gv);
    return rc;
}
