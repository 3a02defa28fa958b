/* plugins/analyses/audit/audit_stats.c — descriptive statistics of one column with the
 * outlier, availability and near-zero-variance flags, Excel/COINr sample skewness and
 * kurtosis, and absolute rank shifts (audit_kernel.h; docs/audit.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "audit_kernel.h"

void au_limits_default(au_limits *l)
{
    l->skew = 2.0;
    l->kurt = 3.5;
    l->avail = 0.65;
    l->nzv_unique = 0.1;
    l->nzv_freq = 19.0;
}

static size_t mean_sd(const double *x, size_t n, double *mean, double *sd)
{
    size_t m = 0;
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) s += x[i], m++;
    *mean = m ? s / (double)m : NAN;
    double q = 0.0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) q += (x[i] - *mean) * (x[i] - *mean);
    *sd = m > 1 ? sqrt(q / (double)(m - 1)) : NAN;
    return m;
}

/* Sum of ((x − mean)/sd)^k over the values present. */
static double zpow_sum(const double *x, size_t n, double mean, double sd, int k)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        double z = (x[i] - mean) / sd, zk = z * z;
        s += k == 3 ? zk * z : zk * zk;
    }
    return s;
}

double au_skew(const double *x, size_t n)
{
    double mean, sd;
    size_t m = mean_sd(x, n, &mean, &sd);
    if (m < 3 || !(sd > 0.0)) return NAN;
    double dm = (double)m;
    return dm / ((dm - 1.0) * (dm - 2.0)) * zpow_sum(x, n, mean, sd, 3);
}

double au_kurt(const double *x, size_t n)
{
    double mean, sd;
    size_t m = mean_sd(x, n, &mean, &sd);
    if (m < 4 || !(sd > 0.0)) return NAN;
    double dm = (double)m;
    return dm * (dm + 1.0) / ((dm - 1.0) * (dm - 2.0) * (dm - 3.0)) * zpow_sum(x, n, mean, sd, 4) -
           3.0 * (dm - 1.0) * (dm - 1.0) / ((dm - 2.0) * (dm - 3.0));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void au_stats_compute(const double *x, size_t n, const au_limits *lim, au_stats *o,
                      double *work)
{
    memset(o, 0, sizeof *o);
    o->n_total = n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        work[m++] = x[i];
        o->zeros += x[i] == 0.0;
        o->negatives += x[i] < 0.0;
    }
    o->n = m;
    o->avail = n ? (double)m / (double)n : NAN;
    o->min = o->max = o->median = o->freq_ratio = NAN;
    mean_sd(x, n, &o->mean, &o->sd);
    o->skew = au_skew(x, n);
    o->kurt = au_kurt(x, n);
    if (m) {
        qsort(work, m, sizeof *work, cmp_double);
        o->min = work[0];
        o->max = work[m - 1];
        o->median = m % 2 ? work[m / 2] : 0.5 * (work[m / 2 - 1] + work[m / 2]);
        size_t best = 0, second = 0, run = 1;
        o->n_unique = 1;
        for (size_t i = 1; i <= m; i++) {
            if (i < m && work[i] == work[i - 1]) {
                run++;
                continue;
            }
            if (run > best) second = best, best = run;
            else if (run > second) second = run;
            if (i < m) o->n_unique++;
            run = 1;
        }
        o->freq_ratio = second ? (double)best / (double)second : INFINITY;
    }
    o->outlier = !isnan(o->skew) && !isnan(o->kurt) && fabs(o->skew) > lim->skew &&
                 o->kurt > lim->kurt;
    o->low_avail = !(o->avail >= lim->avail);
    o->near_zero_var = m > 0 && (!(o->sd > 0.0) ||
                                 ((double)o->n_unique / (double)m < lim->nzv_unique &&
                                  o->freq_ratio > lim->nzv_freq));
}

void au_rank_shift(const long *a, const long *b, size_t n, au_shift *out, double *work)
{
    size_t m = 0;
    out->mean = out->median = out->max = NAN;
    out->arg_max = n;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (a[i] <= 0 || b[i] <= 0) continue;
        double d = fabs((double)(a[i] - b[i]));
        work[m++] = d;
        sum += d;
        if (out->arg_max == n || d > out->max) out->max = d, out->arg_max = i;
    }
    out->n = m;
    if (!m) return;
    out->mean = sum / (double)m;
    qsort(work, m, sizeof *work, cmp_double);
    out->median = m % 2 ? work[m / 2] : 0.5 * (work[m / 2 - 1] + work[m / 2]);
}
