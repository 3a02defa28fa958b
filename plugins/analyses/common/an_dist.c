/* plugins/analyses/common/an_dist.c — the distribution functions of an_dist.h: incomplete beta
 * (modified Lentz continued fraction), Student t and F tails from it, the noncentral F tail
 * as a Poisson mixture, and the normal quantile. */
#include "an_dist.h"

#include "an_stats.h"

#include <float.h>
#include <math.h>

/* Continued fraction of I_x(a, b) (Numerical Recipes' betacf form, modified Lentz),
 * convergent for x < (a + 1)/(a + b + 2). */
static double beta_cf(double a, double b, double x)
{
    const double tiny = 1e-300;
    double c = 1.0, d = 1.0 - (a + b) * x / (a + 1.0);
    d = 1.0 / (fabs(d) < tiny ? tiny : d);
    double h = d;
    for (int m = 1; m <= 20000; m++) {
        for (int half = 0; half < 2; half++) {
            double aa = half == 0
                            ? m * (b - m) * x / ((a - 1.0 + 2.0 * m) * (a + 2.0 * m))
                            : -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 1.0 + 2.0 * m));
            d = 1.0 + aa * d;
            d = 1.0 / (fabs(d) < tiny ? tiny : d);
            c = 1.0 + aa / c;
            if (fabs(c) < tiny) c = tiny;
            h *= d * c;
            if (half == 1 && fabs(d * c - 1.0) < 2.0 * DBL_EPSILON) return h;
        }
    }
    return h;
}

/* ln of x^a (1 − x)^b / (a B(a, b)), the factor in front of the continued fraction. */
static double beta_front(double a, double b, double x)
{
    return lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x) - log(a);
}

double an_betainc(double a, double b, double x)
{
    if (isnan(a) || isnan(b) || isnan(x) || a <= 0.0 || b <= 0.0 || x < 0.0 || x > 1.0)
        return NAN;
    if (x == 0.0) return 0.0;
    if (x == 1.0) return 1.0;
    if (x < (a + 1.0) / (a + b + 2.0)) return exp(beta_front(a, b, x)) * beta_cf(a, b, x);
    return 1.0 - exp(beta_front(b, a, 1.0 - x)) * beta_cf(b, a, 1.0 - x);
}

/* 1 − I_x(a, b) = I_{1−x}(b, a), computed on the side that does not cancel. */
static double betainc_upper(double a, double b, double x)
{
    if (x == 0.0) return 1.0;
    if (x == 1.0) return 0.0;
    if (x < (a + 1.0) / (a + b + 2.0)) return 1.0 - exp(beta_front(a, b, x)) * beta_cf(a, b, x);
    return exp(beta_front(b, a, 1.0 - x)) * beta_cf(b, a, 1.0 - x);
}

double an_t_two_sided(double t, double df)
{
    if (isnan(t) || !(df > 0.0)) return NAN;
    if (isinf(t)) return 0.0;
    return an_betainc(df / 2.0, 0.5, df / (df + t * t));
}

double an_f_upper(double f, double df1, double df2)
{
    return an_ncf_upper(f, df1, df2, 0.0);
}

double an_ncf_upper(double f, double df1, double df2, double ncp)
{
    if (isnan(f) || !(df1 > 0.0) || !(df2 > 0.0) || isnan(ncp) || ncp < 0.0) return NAN;
    if (f <= 0.0) return 1.0;
    if (isinf(f)) return 0.0;
    double a = df1 / 2.0, b = df2 / 2.0;
    /* x = df1 f/(df1 f + df2) and 1 − x, both without cancellation */
    double x = df1 * f / (df1 * f + df2), y = df2 / (df1 * f + df2);
    if (ncp == 0.0) return betainc_upper(a, b, x);
    double mu = ncp / 2.0;
    double j0 = floor(mu);
    double p0 = exp(-mu + j0 * log(mu) - lgamma(j0 + 1.0));
    /* upward: Q_{j+1} = Q_j + T_j with T_j = x^(a+j) y^b Γ(a+j+b)/(Γ(a+j+1)Γ(b)) */
    double q = betainc_upper(a + j0, b, x);
    double t = exp((a + j0) * log(x) + b * log(y) + lgamma(a + j0 + b) - lgamma(a + j0 + 1.0) -
                   lgamma(b));
    double sum = p0 * q, p = p0;
    for (double j = j0; j < j0 + 1e7; j++) {
        q += t;
        if (q > 1.0) q = 1.0;
        t *= x * (a + j + b) / (a + j + 1.0);
        p *= mu / (j + 1.0);
        sum += p * q;
        if (p < 1e-17 * sum || p == 0.0) break;
    }
    /* downward: each Q_j directly (a recurrence downwards would subtract) */
    p = p0;
    for (double j = j0 - 1.0; j >= 0.0; j--) {
        p *= (j + 1.0) / mu;
        double term = p * betainc_upper(a + j, b, x);
        sum += term;
        if (term < 1e-17 * sum) break;
    }
    return sum > 1.0 ? 1.0 : sum;
}

double an_norm_quantile(double p)
{
    if (!(p > 0.0 && p < 1.0)) return NAN;
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                               2.445134137142996e+00, 3.754408661907416e+00};
    const double plow = 0.02425;
    double x;
    if (p < plow) {
        double q = sqrt(-2.0 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else if (p > 1.0 - plow) {
        double q = sqrt(-2.0 * log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    } else {
        double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
    }
    /* two Halley steps on Φ(x) − p (the tail side computed by erfc without cancellation) */
    for (int it = 0; it < 2; it++) {
        double e = x < 0.0 ? an_norm_upper(-x) - p : (1.0 - p) - an_norm_upper(x);
        double u = e * 2.5066282746310002 * exp(x * x / 2.0); /* e·√(2π)·e^{x²/2} */
        x = x - u / (1.0 + x * u / 2.0);
    }
    return x;
}
