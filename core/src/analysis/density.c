/* analysis/density.c — distribution dynamics kernels: R's bw.nrd0 bandwidth (Silverman's
 * 0.9 rule with R's fallbacks), type-7 quantiles, and the Gaussian kernel density by exact
 * summation on a grid (formulas.md §8, D9). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/kernels.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double rc_quantile7(const double *sorted, size_t n, double prob)
{
    if (n == 0) return NAN;
    double h = (double)(n - 1) * prob;
    size_t lo = (size_t)floor(h);
    if (lo >= n - 1) return sorted[n - 1];
    return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

double rc_bw_nrd0(const double *x, size_t n, double *work)
{
    if (n < 2) return NAN;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    double sd = sqrt(ss / (double)(n - 1));
    memcpy(work, x, n * sizeof *work);
    qsort(work, n, sizeof *work, cmp_double);
    double iqr = rc_quantile7(work, n, 0.75) - rc_quantile7(work, n, 0.25);
    double lo = iqr / 1.34;
    if (sd < lo) lo = sd;
    if (!(lo > 0.0)) lo = sd;
    if (!(lo > 0.0)) lo = fabs(x[0]);
    if (!(lo > 0.0)) lo = 1.0;
    return 0.9 * lo * pow((double)n, -0.2);
}

void rc_kde_gauss(const double *x, size_t n, double h, const double *grid, size_t m,
                  double *f)
{
    const double c = 1.0 / sqrt(2.0 * M_PI);
    for (size_t g = 0; g < m; g++) {
        double acc = 0.0;
        for (size_t i = 0; i < n; i++) {
            double u = (grid[g] - x[i]) / h;
            acc += exp(-0.5 * u * u);
        }
        f[g] = (n > 0 && h > 0.0) ? c * acc / ((double)n * h) : NAN;
    }
}
