/* analysis/coupling.c — the coupling coordination degree kernels: coupling C (standard and
 * Wang et al. 2021 forms), T, the ten-level classification of D, relative development
 * degree and the lagging subsystem (formulas.md §4, D3, D4). */
#include <math.h>

#include "analysis/kernels.h"

double rc_ccd_coupling(const double *u, size_t k, rc_ccd_form form)
{
    if (k < 2) return NAN;
    double sum = 0.0, mx = 0.0;
    int zero = 0;
    for (size_t i = 0; i < k; i++) {
        if (isnan(u[i])) return NAN;
        if (u[i] < 0.0) return NAN; /* scores are in [0, 1]; a negative one has no C */
        if (u[i] == 0.0) zero = 1;
        sum += u[i];
        if (u[i] > mx) mx = u[i];
    }
    if (zero || sum == 0.0) return 0.0;
    if (form == RC_CCD_STANDARD) {
        /* geometric mean over arithmetic mean, logs to avoid under/overflow of the product */
        double lg = 0.0;
        for (size_t i = 0; i < k; i++) lg += log(u[i]);
        return exp(lg / (double)k) / (sum / (double)k);
    }
    /* Wang et al. 2021: sqrt{[1 − Σ_{i>j}|Ui − Uj| / (k(k−1)/2)] · [Π Ui/max U]^{1/(k−1)}} */
    double diff = 0.0;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < i; j++) diff += fabs(u[i] - u[j]);
    double pairs = (double)k * (double)(k - 1) / 2.0;
    double first = 1.0 - diff / pairs;
    double prod = 1.0;
    for (size_t i = 0; i < k; i++) prod *= u[i] / mx;
    double second = pow(prod, 1.0 / (double)(k - 1));
    double c2 = first * second;
    return c2 <= 0.0 ? 0.0 : sqrt(c2);
}

double rc_ccd_T(const double *u, const double *alpha, size_t k)
{
    if (k == 0) return NAN;
    double t = 0.0;
    for (size_t i = 0; i < k; i++) {
        if (isnan(u[i])) return NAN;
        t += (alpha ? alpha[i] : 1.0 / (double)k) * u[i];
    }
    return t;
}

int rc_ccd_level(double d)
{
    if (isnan(d)) return -1;
    double r = round(d * 1e4) / 1e4; /* classify the published (4 dp) value */
    if (r < 0.0 || r > 1.0) return -1;
    /* compare against the 4-dp integer to keep the lower bounds closed exactly */
    long q = lround(r * 1e4);
    long lv = q / 1000;
    return lv > 9 ? 9 : (int)lv;
}

static const char *const level_zh[10] = {
    "极度失调", "严重失调", "中度失调", "轻度失调", "濒临失调",
    "勉强协调", "初级协调", "中级协调", "良好协调", "优质协调"};
static const char *const level_en[10] = {
    "extreme imbalance", "serious imbalance", "moderate imbalance", "mild imbalance",
    "on the verge of imbalance", "barely coordinated", "primary coordination",
    "intermediate coordination", "good coordination", "high-quality coordination"};

const char *rc_ccd_level_zh(int level)
{
    return level >= 0 && level <= 9 ? level_zh[level] : NULL;
}

const char *rc_ccd_level_en(int level)
{
    return level >= 0 && level <= 9 ? level_en[level] : NULL;
}

double rc_ccd_relative(double a, double b)
{
    if (isnan(a) || isnan(b) || b == 0.0) return NAN;
    return a / b;
}

long rc_ccd_lagging(const double *u, size_t k, double threshold)
{
    if (k == 0) return -1;
    size_t imin = 0;
    double mn = u[0], mx = u[0];
    for (size_t i = 0; i < k; i++) {
        if (isnan(u[i])) return -1;
        if (u[i] < mn) { mn = u[i]; imin = i; }
        if (u[i] > mx) mx = u[i];
    }
    return mx - mn > threshold ? (long)imin : -1;
}
