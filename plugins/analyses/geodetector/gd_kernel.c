/* plugins/analyses/geodetector/gd_kernel.c — the geographical detector's kernels declared
 * in gd_kernel.h: discretisation, the factor, interaction, risk and ecological detectors,
 * and the optimal discretisation. */
#include "gd_kernel.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_dist.h"

static const char *const method_names[GD_NMETHODS] = {"equal", "quantile", "natural",
                                                      "geometric", "sd"};

const char *gd_method_name(int method)
{
    return method >= 0 && method < GD_NMETHODS ? method_names[method] : NULL;
}

int gd_method_by_name(const char *name)
{
    for (int m = 0; name && m < GD_NMETHODS; m++)
        if (!strcmp(name, method_names[m])) return m;
    return -1;
}

static double quantile7(const double *s, size_t n, double prob)
{
    double h = (double)(n - 1) * prob;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= n) return s[n - 1];
    return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

/* ---- Fisher's exact natural breaks: dynamic programming over the sorted values with the
 * divide-and-conquer optimisation (the optimal start of the last class is monotone in its
 * end, since the within-class sum of squares of a run satisfies the quadrangle
 * inequality), O(k n log n). ---- */
typedef struct jenks {
    const double *s1, *s2; /* prefix sums of centred values and their squares (n + 1) */
    const double *prev;    /* D[c−1][·] */
    double *cur;           /* D[c][·] */
    size_t *arg;           /* start of the last class for D[c][j] */
} jenks;

static double run_ss(const jenks *J, size_t i, size_t j) /* values i..j inclusive */
{
    double len = (double)(j - i + 1), s = J->s1[j + 1] - J->s1[i];
    double v = J->s2[j + 1] - J->s2[i] - s * s / len;
    return v > 0.0 ? v : 0.0;
}

static void jenks_fill(const jenks *J, size_t c, size_t lo, size_t hi, size_t optlo,
                       size_t ophi)
{
    for (;;) {
        if (lo > hi) return;
        size_t j = lo + (hi - lo) / 2, best = optlo;
        double bestv = INFINITY;
        size_t top = ophi < j ? ophi : j;
        for (size_t i = optlo < c ? c : optlo; i <= top; i++) { /* last class = i..j */
            double v = J->prev[i - 1] + run_ss(J, i, j);
            if (v < bestv) {
                bestv = v;
                best = i;
            }
        }
        J->cur[j] = bestv;
        J->arg[j] = best;
        if (j > lo) jenks_fill(J, c, lo, j - 1, optlo, best);
        lo = j + 1; /* tail call on the right half */
        optlo = best;
    }
}

static int natural_breaks(const double *x, size_t n, int k, double *breaks)
{
    size_t kk = (size_t)k;
    double *s1 = malloc((n + 1) * sizeof *s1), *s2 = malloc((n + 1) * sizeof *s2);
    double *d = malloc(2 * n * sizeof *d);
    size_t *arg = malloc(kk * n * sizeof *arg);
    int rc = -1;
    if (!s1 || !s2 || !d || !arg) goto done;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    s1[0] = s2[0] = 0.0;
    for (size_t i = 0; i < n; i++) {
        double z = x[i] - mean;
        s1[i + 1] = s1[i] + z;
        s2[i + 1] = s2[i] + z * z;
    }
    jenks J = {s1, s2, NULL, NULL, NULL};
    double *prev = d, *cur = d + n;
    for (size_t j = 0; j < n; j++) {
        prev[j] = run_ss(&J, 0, j);
        arg[j] = 0;
    }
    for (size_t c = 1; c < kk; c++) {
        J.prev = prev;
        J.cur = cur;
        J.arg = arg + c * n;
        for (size_t j = 0; j < c; j++) cur[j] = INFINITY;
        jenks_fill(&J, c, c, n - 1, c, n - 1);
        double *t = prev;
        prev = cur;
        cur = t;
    }
    /* walk back: class c ends at `end` */
    size_t end = n - 1;
    breaks[kk] = x[n - 1];
    for (size_t c = kk - 1; c >= 1; c--) {
        size_t start = arg[c * n + end];
        breaks[c] = x[start - 1];
        end = start - 1;
    }
    breaks[0] = x[0];
    rc = 1;
done:
    free(s1);
    free(s2);
    free(d);
    free(arg);
    return rc;
}

int gd_breaks(const double *sorted, size_t n, int method, int k, double *breaks)
{
    if (n < 2 || k < 2 || k > GD_KMAX) return 0;
    double lo = sorted[0], hi = sorted[n - 1];
    if (!(hi > lo)) return 0;
    breaks[0] = lo;
    breaks[k] = hi;
    switch (method) {
    case GD_EQUAL:
        for (int c = 1; c < k; c++) breaks[c] = lo + c * (hi - lo) / k;
        return 1;
    case GD_QUANTILE:
        for (int c = 1; c < k; c++) breaks[c] = quantile7(sorted, n, (double)c / k);
        return 1;
    case GD_NATURAL:
        if (n < (size_t)k) return 0;
        return natural_breaks(sorted, n, k, breaks);
    case GD_GEOMETRIC:
        if (!(lo > 0.0)) return 0;
        for (int c = 1; c < k; c++) breaks[c] = lo * pow(hi / lo, (double)c / k);
        return 1;
    case GD_SD: {
        double mean = 0.0, ss = 0.0;
        for (size_t i = 0; i < n; i++) mean += sorted[i];
        mean /= (double)n;
        for (size_t i = 0; i < n; i++) ss += (sorted[i] - mean) * (sorted[i] - mean);
        double s = sqrt(ss / (double)(n - 1));
        for (int c = 1; c < k; c++) {
            double b = mean + (c - k / 2.0) * s;
            breaks[c] = b < lo ? lo : b > hi ? hi : b;
        }
        return 1;
    }
    default: return 0;
    }
}

size_t gd_classify(const double *x, size_t n, const double *breaks, int k, int *strata,
                   double *upper)
{
    size_t used[GD_KMAX] = {0};
    for (size_t i = 0; i < n; i++) {
        int a = 0, b = k - 1; /* first c with x ≤ breaks[c + 1] */
        while (a < b) {
            int m = (a + b) / 2;
            if (x[i] <= breaks[m + 1]) b = m;
            else a = m + 1;
        }
        strata[i] = a;
        used[a]++;
    }
    int code[GD_KMAX] = {0};
    size_t L = 0;
    for (int c = 0; c < k; c++) {
        code[c] = used[c] ? (int)L : -1;
        if (used[c]) {
            if (upper) upper[L] = breaks[c + 1];
            L++;
        }
    }
    for (size_t i = 0; i < n; i++) strata[i] = code[strata[i]];
    return L;
}

/* Per-stratum counts, means and within sums of squares (two passes). */
static void strata_moments(const double *y, const int *s, size_t n, size_t L, size_t *cnt,
                          double *mean, double *ss)
{
    for (size_t h = 0; h < L; h++) {
        cnt[h] = 0;
        mean[h] = ss[h] = 0.0;
    }
    for (size_t i = 0; i < n; i++) {
        cnt[s[i]]++;
        mean[s[i]] += y[i];
    }
    for (size_t h = 0; h < L; h++)
        if (cnt[h]) mean[h] /= (double)cnt[h];
    for (size_t i = 0; i < n; i++) {
        double d = y[i] - mean[s[i]];
        ss[s[i]] += d * d;
    }
}

double gd_ssw(const double *y, const int *strata, size_t n, size_t L)
{
    size_t *cnt = malloc((L ? L : 1) * sizeof *cnt);
    double *mean = malloc((L ? L : 1) * sizeof *mean), *ss = malloc((L ? L : 1) * sizeof *ss);
    double w = NAN;
    if (cnt && mean && ss) {
        strata_moments(y, strata, n, L, cnt, mean, ss);
        w = 0.0;
        for (size_t h = 0; h < L; h++) w += ss[h];
    }
    free(cnt);
    free(mean);
    free(ss);
    return w;
}

int gd_factor_detect(const double *y, const int *strata, size_t n, size_t L, gd_factor *out)
{
    out->q = out->F = out->ncp = out->p = NAN;
    out->n = n;
    out->L = L;
    out->status = GD_OK;
    if (n == 0 || L == 0) {
        out->status = GD_ZERO_VARIANCE;
        return 0;
    }
    size_t *cnt = malloc(L * sizeof *cnt);
    double *mean = malloc(L * sizeof *mean), *ss = malloc(L * sizeof *ss);
    if (!cnt || !mean || !ss) {
        free(cnt);
        free(mean);
        free(ss);
        return -1;
    }
    strata_moments(y, strata, n, L, cnt, mean, ss);
    double ybar = 0.0, sst = 0.0, ssw = 0.0;
    for (size_t i = 0; i < n; i++) ybar += y[i];
    ybar /= (double)n;
    for (size_t i = 0; i < n; i++) sst += (y[i] - ybar) * (y[i] - ybar);
    for (size_t h = 0; h < L; h++) ssw += ss[h];
    if (!(sst > 0.0)) {
        out->status = GD_ZERO_VARIANCE;
    } else if (L == 1) {
        out->q = 0.0;
        out->status = GD_SINGLE_STRATUM;
    } else {
        double q = 1.0 - ssw / sst;
        if (q < 0.0) q = 0.0; /* rounding: SSW ≤ SST exactly in real arithmetic */
        out->q = q;
        double v1 = 0.0, v2 = 0.0;
        for (size_t h = 0; h < L; h++) {
            v1 += mean[h] * mean[h];
            v2 += sqrt((double)cnt[h]) * mean[h];
        }
        out->ncp = (v1 - v2 * v2 / (double)n) / (sst / (double)n);
        if (out->ncp < 0.0) out->ncp = 0.0;
        if (n == L) {
            out->status = GD_NO_DF;
        } else {
            double df1 = (double)(L - 1), df2 = (double)(n - L);
            out->F = q < 1.0 ? df2 / df1 * q / (1.0 - q) : INFINITY;
            out->p = an_ncf_upper(out->F, df1, df2, out->ncp);
        }
    }
    free(cnt);
    free(mean);
    free(ss);
    return 0;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

size_t gd_intersect(const int *s1, size_t L1, const int *s2, size_t L2, size_t n, int *s12)
{
    (void)L1;
    long *codes = malloc((n ? n : 1) * sizeof *codes);
    if (!codes) return 0;
    for (size_t i = 0; i < n; i++) codes[i] = (long)s1[i] * (long)L2 + s2[i];
    long *sorted = malloc((n ? n : 1) * sizeof *sorted);
    if (!sorted) {
        free(codes);
        return 0;
    }
    memcpy(sorted, codes, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_long);
    size_t L = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || sorted[i] != sorted[i - 1]) sorted[L++] = sorted[i];
    for (size_t i = 0; i < n; i++) {
        const long *hit = bsearch(&codes[i], sorted, L, sizeof *sorted, cmp_long);
        s12[i] = (int)(hit - sorted);
    }
    free(codes);
    free(sorted);
    return L;
}

int gd_interaction_type(double q1, double q2, double q12)
{
    if (isnan(q1) || isnan(q2) || isnan(q12)) return 0;
    const double eps = 1e-10;
    double lo = q1 < q2 ? q1 : q2, hi = q1 < q2 ? q2 : q1, sum = q1 + q2;
    if (fabs(q12 - sum) <= eps) return 4;
    if (q12 < lo - eps) return 1;
    if (q12 <= hi + eps) return 2;
    if (q12 < sum) return 3;
    return 5;
}

const char *gd_interaction_name(int type)
{
    static const char *const names[] = {"",
                                        "weaken, nonlinear",
                                        "weaken, univariate",
                                        "enhance, bivariate",
                                        "independent",
                                        "enhance, nonlinear"};
    return type >= 0 && type <= 5 ? names[type] : "";
}

int gd_risk_detect(const double *y, const int *strata, size_t n, int h, int g, gd_risk *out)
{
    double sum[2] = {0, 0}, ss[2] = {0, 0};
    size_t cnt[2] = {0, 0};
    for (size_t i = 0; i < n; i++) {
        int w = strata[i] == h ? 0 : strata[i] == g ? 1 : -1;
        if (w < 0) continue;
        cnt[w]++;
        sum[w] += y[i];
    }
    double m[2];
    for (int w = 0; w < 2; w++) m[w] = cnt[w] ? sum[w] / (double)cnt[w] : NAN;
    for (size_t i = 0; i < n; i++) {
        int w = strata[i] == h ? 0 : strata[i] == g ? 1 : -1;
        if (w >= 0) ss[w] += (y[i] - m[w]) * (y[i] - m[w]);
    }
    out->mean_h = m[0];
    out->mean_g = m[1];
    out->n_h = cnt[0];
    out->n_g = cnt[1];
    out->t = out->df = out->p = NAN;
    if (cnt[0] < 2 || cnt[1] < 2) return 1;
    double v0 = ss[0] / (double)(cnt[0] - 1) / (double)cnt[0];
    double v1 = ss[1] / (double)(cnt[1] - 1) / (double)cnt[1];
    if (!(v0 + v1 > 0.0)) return 1;
    out->t = (m[0] - m[1]) / sqrt(v0 + v1);
    out->df = (v0 + v1) * (v0 + v1) /
              (v0 * v0 / (double)(cnt[0] - 1) + v1 * v1 / (double)(cnt[1] - 1));
    out->p = an_t_two_sided(out->t, out->df);
    return 0;
}

void gd_ecological(double ssw1, size_t n1, double ssw2, size_t n2, gd_eco *out)
{
    out->df1 = (double)n1 - 1.0;
    out->df2 = (double)n2 - 1.0;
    out->F = out->p = NAN;
    if (n1 < 2 || n2 < 2 || !(ssw2 > 0.0) || isnan(ssw1)) return;
    out->F = (double)n1 * ((double)n2 - 1.0) * ssw1 / ((double)n2 * ((double)n1 - 1.0) * ssw2);
    out->p = an_f_upper(out->F, out->df1, out->df2);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* q = 1 − SSW/SST of y over strata s (L of them), the same as gd_factor_detect's q. */
static double q_of(const double *y, const int *s, size_t n, size_t L, double sst,
                   size_t *cnt, double *mean, double *ss)
{
    if (L < 2) return 0.0;
    strata_moments(y, s, n, L, cnt, mean, ss);
    double ssw = 0.0;
    for (size_t h = 0; h < L; h++) ssw += ss[h];
    double q = 1.0 - ssw / sst;
    return q < 0.0 ? 0.0 : q;
}

size_t gd_optimal(const double *y, const double *x, size_t n, unsigned methods, int kmin,
                  int kmax, int *strata, int *method, int *k, double *q)
{
    *method = -1;
    *k = 0;
    *q = NAN;
    if (n < 2 || kmin < 2 || kmax > GD_KMAX || kmin > kmax) return 0;
    double *sorted = malloc(n * sizeof *sorted);
    int *cur = malloc(n * sizeof *cur);
    size_t cnt[GD_KMAX];
    double mean[GD_KMAX], ss[GD_KMAX], breaks[GD_KMAX + 1];
    if (!sorted || !cur) {
        free(sorted);
        free(cur);
        return (size_t)-1;
    }
    memcpy(sorted, x, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, cmp_double);
    double ybar = 0.0, sst = 0.0;
    for (size_t i = 0; i < n; i++) ybar += y[i];
    ybar /= (double)n;
    for (size_t i = 0; i < n; i++) sst += (y[i] - ybar) * (y[i] - ybar);
    size_t bestL = 0;
    for (int m = 0; m < GD_NMETHODS && sst > 0.0; m++) {
        if (!(methods & (1u << m))) continue;
        for (int kk = kmin; kk <= kmax; kk++) {
            int r = gd_breaks(sorted, n, m, kk, breaks);
            if (r < 0) {
                free(sorted);
                free(cur);
                return (size_t)-1;
            }
            if (r == 0) continue;
            size_t L = gd_classify(x, n, breaks, kk, cur, NULL);
            double qq = q_of(y, cur, n, L, sst, cnt, mean, ss);
            if (*method < 0 || qq > *q) {
                *q = qq;
                *method = m;
                *k = kk;
                bestL = L;
                memcpy(strata, cur, n * sizeof *strata);
            }
        }
    }
    free(sorted);
    free(cur);
    return bestL;
}
