/* analysis/weighted.c — disparity measures weighted by a series (population-weighted CV,
 * Gini and Theil with its between/within decomposition): every region counts with its
 * weight w_i instead of 1. With all weights equal they reduce to the unweighted measures
 * of disparity.c. Formulas in docs/analysis.md ("Weighted disparity"). */
#include <math.h>
#include <stdlib.h>

#include "analysis/kernels.h"
#include "util/str.h"

/* Σ w, Σ w y; 0 when any weight is not > 0 or a value is NaN (the caller filters first). */
static int weighted_sums(const double *y, const double *w, size_t n, double *W, double *WY)
{
    *W = *WY = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!(w[i] > 0.0) || isnan(y[i])) return 0;
        *W += w[i];
        *WY += w[i] * y[i];
    }
    return n > 0;
}

double rc_cv_weighted(const double *y, const double *w, size_t n, double *mean, double *sd)
{
    double W, WY, m = NAN, s = NAN;
    if (weighted_sums(y, w, n, &W, &WY)) {
        m = WY / W;
        double ss = 0.0;
        for (size_t i = 0; i < n; i++) ss += w[i] * (y[i] - m) * (y[i] - m);
        s = sqrt(ss / W);
    }
    if (mean) *mean = m;
    if (sd) *sd = s;
    return isnan(s) || m == 0.0 ? NAN : s / m;
}

typedef struct wy {
    double y, w;
} wy;

static int cmp_wy(const void *a, const void *b)
{
    double x = ((const wy *)a)->y, z = ((const wy *)b)->y;
    return (x > z) - (x < z);
}

double rc_gini_weighted(const double *y, const double *w, size_t n)
{
    double W, WY;
    if (!weighted_sums(y, w, n, &W, &WY) || WY == 0.0) return NAN;
    wy *s = malloc(n * sizeof *s);
    if (!s) return NAN;
    for (size_t i = 0; i < n; i++) s[i] = (wy){y[i], w[i]};
    qsort(s, n, sizeof *s, cmp_wy);
    /* Σ_i Σ_j w_i w_j |y_i − y_j| = 2 Σ_i w_i y_i (W_below − W_above) over sorted values */
    double below = 0.0, num = 0.0;
    for (size_t i = 0; i < n; i++) {
        double above = W - below - s[i].w;
        num += s[i].w * s[i].y * (below - above);
        below += s[i].w;
    }
    free(s);
    return num / (W * WY);
}

int rc_theil_weighted(const double *y, const double *w, const size_t *g, size_t n, size_t k,
                      rc_theil *out, double *T_group, double *L_group)
{
    out->T = out->L = out->T_between = out->T_within = out->L_between = out->L_within = NAN;
    for (size_t j = 0; j < k; j++) {
        if (T_group) T_group[j] = NAN;
        if (L_group) L_group[j] = NAN;
    }
    double W, WY;
    if (!weighted_sums(y, w, n, &W, &WY) || !(WY > 0.0)) return 0;
    int neg = 0, nonpos = 0;
    for (size_t i = 0; i < n; i++) {
        if (y[i] < 0.0) neg = 1;
        if (y[i] <= 0.0) nonpos = 1;
    }
    if (neg) return 0;
    /* population shares p_i = w_i/W, value shares s_i = w_i y_i/ΣwY */
    double T = 0.0, L = 0.0;
    for (size_t i = 0; i < n; i++) {
        double p = w[i] / W, s = w[i] * y[i] / WY;
        if (s > 0.0) T += s * log(s / p);
        if (!nonpos) L += p * log(p / s);
    }
    out->T = T;
    out->L = nonpos ? NAN : L;
    if (!g || k == 0) return 0;
    double *P = rc_calloc(k, sizeof *P), *S = rc_calloc(k, sizeof *S);
    double *tg = rc_calloc(k, sizeof *tg), *lg = rc_calloc(k, sizeof *lg);
    if (!P || !S || !tg || !lg) {
        free(P); free(S); free(tg); free(lg);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        if (g[i] >= k) continue;
        P[g[i]] += w[i] / W;
        S[g[i]] += w[i] * y[i] / WY;
    }
    for (size_t i = 0; i < n; i++) {
        if (g[i] >= k) continue;
        double p = w[i] / W / P[g[i]], s = S[g[i]] > 0.0 ? w[i] * y[i] / WY / S[g[i]] : 0.0;
        if (s > 0.0) tg[g[i]] += s * log(s / p);
        if (!nonpos) lg[g[i]] += p * log(p / s);
    }
    double Tb = 0.0, Tw = 0.0, Lb = 0.0, Lw = 0.0;
    for (size_t j = 0; j < k; j++) {
        if (!(P[j] > 0.0)) continue;
        if (S[j] > 0.0) Tb += S[j] * log(S[j] / P[j]);
        Tw += S[j] * tg[j];
        if (!nonpos) {
            Lb += P[j] * log(P[j] / S[j]);
            Lw += P[j] * lg[j];
        }
        if (T_group) T_group[j] = S[j] > 0.0 ? tg[j] : NAN;
        if (L_group) L_group[j] = nonpos ? NAN : lg[j];
    }
    out->T_between = Tb;
    out->T_within = Tw;
    out->L_between = nonpos ? NAN : Lb;
    out->L_within = nonpos ? NAN : Lw;
    free(P); free(S); free(tg); free(lg);
    return 0;
}
