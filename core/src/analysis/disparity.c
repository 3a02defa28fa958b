/* analysis/disparity.c — disparity kernels: coefficient of variation, Gini, Theil T and L
 * with between/within decomposition, and the Dagum (1997) Gini decomposition computed by
 * sorting and prefix sums in O(n log n + k·n) (formulas.md §5, D8, D10). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/kernels.h"
#include "util/str.h"

double rc_cv(const double *y, size_t n, int ddof, double *mean, double *sd)
{
    double m = NAN, s = NAN;
    if (n > 0) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) sum += y[i];
        m = sum / (double)n;
        if (n > (size_t)ddof) {
            double ss = 0.0;
            for (size_t i = 0; i < n; i++) ss += (y[i] - m) * (y[i] - m);
            s = sqrt(ss / (double)(n - (size_t)ddof));
        }
    }
    if (mean) *mean = m;
    if (sd) *sd = s;
    if (n == 0 || isnan(s) || m == 0.0) return NAN;
    return s / m;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Gini of values already sorted ascending: Σ (2i − n − 1) y_(i) / (n Σ y), i 1-based. */
static double gini_sorted(const double *s, size_t n)
{
    if (n == 0) return NAN;
    double num = 0.0, sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        num += (2.0 * (double)(i + 1) - (double)n - 1.0) * s[i];
        sum += s[i];
    }
    if (sum == 0.0) return NAN;
    return num / ((double)n * sum);
}

double rc_gini(const double *y, size_t n, double *work)
{
    if (n == 0) return NAN;
    memcpy(work, y, n * sizeof *work);
    qsort(work, n, sizeof *work, cmp_double);
    return gini_sorted(work, n);
}

int rc_theil_decompose(const double *y, const size_t *g, size_t n, size_t k, rc_theil *out,
                       double *T_group, double *L_group)
{
    if (n == 0 || !out) return -1;
    double *sum = rc_calloc(k ? k : 1, sizeof *sum);
    size_t *cnt = rc_calloc(k ? k : 1, sizeof *cnt);
    double *tg = rc_calloc(k ? k : 1, sizeof *tg);
    double *lg = rc_calloc(k ? k : 1, sizeof *lg);
    if (!sum || !cnt || !tg || !lg) {
        free(sum); free(cnt); free(tg); free(lg);
        return -1;
    }
    double total = 0.0;
    int neg = 0, nonpos = 0;
    for (size_t i = 0; i < n; i++) {
        total += y[i];
        if (y[i] < 0.0) neg = 1;
        if (y[i] <= 0.0) nonpos = 1;
        if (g && g[i] < k) { sum[g[i]] += y[i]; cnt[g[i]]++; }
    }
    double mu = total / (double)n;
    double T = 0.0, L = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] > 0.0) T += (y[i] / mu) * log(y[i] / mu);
        if (!nonpos) L += log(mu / y[i]);
    }
    out->T = (neg || mu <= 0.0) ? NAN : T / (double)n;
    out->L = (nonpos || mu <= 0.0) ? NAN : L / (double)n;
    out->T_between = out->T_within = out->L_between = out->L_within = NAN;
    if (g && k > 0 && !isnan(out->T)) {
        for (size_t i = 0; i < n; i++) {
            if (g[i] >= k) continue;
            double mg = sum[g[i]] / (double)cnt[g[i]];
            if (y[i] > 0.0 && mg > 0.0) tg[g[i]] += (y[i] / mg) * log(y[i] / mg);
            if (!nonpos) lg[g[i]] += log(mg / y[i]);
        }
        double Tb = 0.0, Tw = 0.0, Lb = 0.0, Lw = 0.0;
        for (size_t j = 0; j < k; j++) {
            if (cnt[j] == 0) {
                if (T_group) T_group[j] = NAN;
                if (L_group) L_group[j] = NAN;
                continue;
            }
            double mg = sum[j] / (double)cnt[j];
            double pg = (double)cnt[j] / (double)n;
            double sg = sum[j] / total;
            double Tg = tg[j] / (double)cnt[j];
            double Lg = nonpos ? NAN : lg[j] / (double)cnt[j];
            if (mg > 0.0) Tb += pg * (mg / mu) * log(mg / mu);
            Tw += sg * Tg;
            if (!nonpos) {
                Lb += pg * log(mu / mg);
                Lw += pg * Lg;
            }
            if (T_group) T_group[j] = Tg;
            if (L_group) L_group[j] = Lg;
        }
        out->T_between = Tb;
        out->T_within = Tw;
        out->L_between = nonpos ? NAN : Lb;
        out->L_within = nonpos ? NAN : Lw;
    } else if (T_group || L_group) {
        for (size_t j = 0; j < k; j++) {
            if (T_group) T_group[j] = NAN;
            if (L_group) L_group[j] = NAN;
        }
    }
    free(sum); free(cnt); free(tg); free(lg);
    return 0;
}

/* Σ_{a ∈ A} Σ_{b ∈ B} max(a − b, 0) for sorted A and B, with prefix sums of B (pb[i] = sum
 * of the first i values): one merge pass. */
static double affluence(const double *A, size_t na, const double *B, const double *pb,
                        size_t nb)
{
    double acc = 0.0;
    size_t p = 0;
    for (size_t i = 0; i < na; i++) {
        while (p < nb && B[p] < A[i]) p++;
        acc += (double)p * A[i] - pb[p];
    }
    return acc;
}

int rc_dagum(const double *y, const size_t *g, size_t n, size_t k, rc_dagum_result *out,
             double *mean_g, size_t *n_g, double *Gjj, double *Gjh, double *Djh,
             size_t *order)
{
    if (n == 0 || k == 0 || !out) return -1;
    for (size_t i = 0; i < n; i++)
        if (g[i] >= k || isnan(y[i])) return -1;
    size_t *off = rc_calloc(k + 1, sizeof *off);
    size_t *fill = rc_calloc(k, sizeof *fill);
    double *s = rc_malloc(n * sizeof *s);
    double *pre = rc_malloc((n + k) * sizeof *pre);
    double *all = rc_malloc(n * sizeof *all);
    double *sum = rc_calloc(k, sizeof *sum);
    if (!off || !fill || !s || !pre || !all || !sum) {
        free(off); free(fill); free(s); free(pre); free(all); free(sum);
        return -1;
    }
    double total = 0.0;
    for (size_t i = 0; i < n; i++) { off[g[i] + 1]++; sum[g[i]] += y[i]; total += y[i]; }
    for (size_t j = 0; j < k; j++) off[j + 1] += off[j];
    for (size_t i = 0; i < n; i++) s[off[g[i]] + fill[g[i]]++] = y[i];
    for (size_t j = 0; j < k; j++) {
        size_t nj = off[j + 1] - off[j];
        if (nj > 1) qsort(s + off[j], nj, sizeof *s, cmp_double);
        double *pj = pre + off[j] + j; /* nj + 1 prefix sums per group */
        pj[0] = 0.0;
        for (size_t i = 0; i < nj; i++) pj[i + 1] = pj[i] + s[off[j] + i];
    }
    double mu = total / (double)n;
    out->G = rc_gini(y, n, all);
    for (size_t j = 0; j < k; j++) {
        size_t nj = off[j + 1] - off[j];
        if (n_g) n_g[j] = nj;
        if (mean_g) mean_g[j] = nj ? sum[j] / (double)nj : NAN;
        if (Gjj) Gjj[j] = nj ? gini_sorted(s + off[j], nj) : NAN;
        if (nj == 1 && Gjj) Gjj[j] = 0.0;
        if (order) order[j] = j;
    }
    /* groups by ascending mean (stable insertion sort: k is small) */
    if (order) {
        for (size_t a = 1; a < k; a++) {
            size_t v = order[a];
            double mv = off[v + 1] > off[v] ? sum[v] / (double)(off[v + 1] - off[v]) : INFINITY;
            size_t b = a;
            while (b > 0) {
                size_t u = order[b - 1];
                double mu_u = off[u + 1] > off[u] ? sum[u] / (double)(off[u + 1] - off[u])
                                                  : INFINITY;
                if (mu_u <= mv) break;
                order[b] = u;
                b--;
            }
            order[b] = v;
        }
    }
    double Gw = 0.0, Gnb = 0.0, Gt = 0.0;
    for (size_t j = 0; j < k; j++) {
        size_t nj = off[j + 1] - off[j];
        if (!nj) continue;
        double pj = (double)nj / (double)n, sj = sum[j] / total;
        double gjj = nj == 1 ? 0.0 : gini_sorted(s + off[j], nj);
        Gw += gjj * pj * sj;
        if (Gjh) Gjh[j * k + j] = gjj;
        if (Djh) Djh[j * k + j] = NAN;
        for (size_t h = 0; h < j; h++) {
            size_t nh = off[h + 1] - off[h];
            if (!nh) {
                if (Gjh) Gjh[j * k + h] = Gjh[h * k + j] = NAN;
                if (Djh) Djh[j * k + h] = Djh[h * k + j] = NAN;
                continue;
            }
            double muj = sum[j] / (double)nj, muh = sum[h] / (double)nh;
            /* a = richer group, b = poorer */
            size_t a = muj >= muh ? j : h, b = muj >= muh ? h : j;
            size_t na = off[a + 1] - off[a], nb = off[b + 1] - off[b];
            double d = affluence(s + off[a], na, s + off[b], pre + off[b] + b, nb);
            double p = affluence(s + off[b], nb, s + off[a], pre + off[a] + a, na);
            double nn = (double)na * (double)nb;
            double gjh = (d + p) / (nn * (muj + muh));
            double D = (d + p) > 0.0 ? (d - p) / (d + p) : 0.0;
            if (muj == muh) D = 0.0;
            double ph = (double)nh / (double)n, sh = sum[h] / total;
            double wgt = gjh * (pj * sh + ph * sj);
            Gnb += wgt * D;
            Gt += wgt * (1.0 - D);
            if (Gjh) Gjh[j * k + h] = Gjh[h * k + j] = gjh;
            if (Djh) Djh[j * k + h] = Djh[h * k + j] = D;
        }
    }
    (void)mu;
    out->Gw = Gw;
    out->Gnb = Gnb;
    out->Gt = Gt;
    double G = out->G;
    out->share_Gw = G > 0.0 ? Gw / G : NAN;
    out->share_Gnb = G > 0.0 ? Gnb / G : NAN;
    out->share_Gt = G > 0.0 ? Gt / G : NAN;
    free(off); free(fill); free(s); free(pre); free(all); free(sum);
    return 0;
}
