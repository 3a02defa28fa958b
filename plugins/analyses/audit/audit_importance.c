/* plugins/analyses/audit/audit_importance.c — the effective importance of a component in its
 * aggregate: the Pearson correlation ratio (first-order sensitivity index, Paruolo, Saisana
 * and Saltelli 2013) estimated with a Gaussian Nadaraya–Watson smoother, the same as R's
 * ksmooth(kernel = "normal") with Silverman's bandwidth bw.nrd0 (audit_kernel.h;
 * docs/audit.md). */
#include <math.h>
#include <stdlib.h>

#include "audit_kernel.h"

/* R's ksmooth: the "normal" kernel has its quartiles at ±0.25 bandwidth, i.e. a standard
 * deviation of 0.3706506 × bandwidth, and is cut off at 4 standard deviations. */
#define KSMOOTH_SD 0.3706506

static double sample_var(const double *v, size_t m)
{
    double mean = 0.0, s = 0.0;
    for (size_t i = 0; i < m; i++) mean += v[i];
    mean /= (double)m;
    for (size_t i = 0; i < m; i++) s += (v[i] - mean) * (v[i] - mean);
    return s / (double)(m - 1);
}

/* Type-7 quantile of the sorted s[0..m). */
static double q7(const double *s, size_t m, double p)
{
    double h = (double)(m - 1) * p;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= m) return s[m - 1];
    return s[lo] + (h - (double)lo) * (s[lo + 1] - s[lo]);
}

/* R's bw.nrd0 of the values whose sorted copy is s[0..m) (x0: the first value in data order). */
static double bw_nrd0(const double *s, size_t m, double sd, double x0)
{
    double lo = fmin(sd, (q7(s, m, 0.75) - q7(s, m, 0.25)) / 1.34);
    if (!(lo > 0.0)) lo = sd > 0.0 ? sd : fabs(x0) > 0.0 ? fabs(x0) : 1.0;
    return 0.9 * lo * pow((double)m, -0.2);
}

double au_corr_ratio(const double *x, const double *y, size_t n, double h, double *h_used,
                     double *work, size_t *iwork)
{
    if (h_used) *h_used = NAN;
    double *xs = work, *ys = work + n, *fit = work + 2 * n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) xs[m] = x[i], ys[m] = y[i], m++;
    if (m < 3) return NAN;
    double vy = sample_var(ys, m);
    if (!(vy > 0.0)) return NAN;
    size_t *idx = iwork, *tmp = iwork + m;
    for (size_t i = 0; i < m; i++) idx[i] = i;
    au_sort_index(xs, idx, tmp, m);
    /* sorted copies: x into fit (temporarily), then y alongside */
    for (size_t i = 0; i < m; i++) fit[i] = xs[idx[i]];
    double first = xs[0];
    for (size_t i = 0; i < m; i++) xs[i] = fit[i];
    for (size_t i = 0; i < m; i++) fit[i] = ys[idx[i]];
    for (size_t i = 0; i < m; i++) ys[i] = fit[i];
    if (!(h > 0.0)) h = bw_nrd0(xs, m, sqrt(sample_var(xs, m)), first);
    if (h_used) *h_used = h;
    /* ksmooth works with the bandwidth b = h / 0.3706506 and multiplies it back: keep the
     * same two roundings so the cut-off lands on the same points */
    double bw = h / KSMOOTH_SD * KSMOOTH_SD, cutoff = 4.0 * bw;
    size_t imin = 0;
    for (size_t j = 0; j < m; j++) {
        double x0 = xs[j], num = 0.0, den = 0.0;
        for (size_t i = imin; i < m; i++) {
            if (xs[i] < x0 - cutoff) {
                imin = i;
                continue;
            }
            if (xs[i] > x0 + cutoff) break;
            double u = fabs(xs[i] - x0) / bw, w = exp(-0.5 * u * u);
            num += w * ys[i];
            den += w;
        }
        fit[j] = den > 0.0 ? num / den : NAN;
    }
    return sample_var(fit, m) / vy;
}
