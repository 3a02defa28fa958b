/* plugins/analyses/forecast/gm11_kernel.c — GM(1,1) fit, forecast and accuracy tests
 * (gm11_kernel.h). */
#include "gm11_kernel.h"

#include <math.h>

const char *gm11_grade_name(int grade)
{
    static const char *const names[] = {"", "good", "qualified", "barely qualified",
                                        "unqualified"};
    return grade >= 0 && grade <= 4 ? names[grade] : "";
}

static int grade_of_C(double C)
{
    return C <= 0.35 ? 1 : C <= 0.5 ? 2 : C <= 0.65 ? 3 : 4;
}

static int grade_of_P(double P)
{
    return P >= 0.95 ? 1 : P >= 0.80 ? 2 : P >= 0.70 ? 3 : 4;
}

int gm11_fit(const double *x, size_t n, size_t horizon, double *fitted, double *residual,
             double *rel_error, gm11 *out)
{
    *out = (gm11){.n = n, .a = NAN, .b = NAN, .C = NAN, .P = NAN, .mean_rel_error = NAN,
                  .ratio_min = NAN, .ratio_max = NAN};
    out->ratio_lo = exp(-2.0 / ((double)n + 1.0));
    out->ratio_hi = exp(2.0 / ((double)n + 1.0));
    for (size_t k = 0; k < n; k++)
        if (!(x[k] > 0.0)) return out->status = GM_NONPOSITIVE;
    if (n < 4) return out->status = GM_SHORT;
    out->ratio_min = INFINITY;
    out->ratio_max = -INFINITY;
    int constant = 1;
    for (size_t k = 1; k < n; k++) {
        double l = x[k - 1] / x[k];
        if (l < out->ratio_min) out->ratio_min = l;
        if (l > out->ratio_max) out->ratio_max = l;
        if (x[k] != x[0]) constant = 0;
    }
    out->ratio_ok = out->ratio_min > out->ratio_lo && out->ratio_max < out->ratio_hi;
    /* least squares of y(k) = x(k) on z(k): y = −a z + b, centred (k = 2..n) */
    double x1 = x[0], zbar = 0.0, ybar = 0.0;
    for (size_t k = 1; k < n; k++) {
        double z = x1 + x[k] / 2.0; /* (x¹(k−1) + x¹(k))/2 with x¹(k) = x¹(k−1) + x(k) */
        x1 += x[k];
        zbar += z;
        ybar += x[k];
    }
    zbar /= (double)(n - 1);
    ybar /= (double)(n - 1);
    double szz = 0.0, szy = 0.0;
    x1 = x[0];
    for (size_t k = 1; k < n; k++) {
        double z = x1 + x[k] / 2.0;
        x1 += x[k];
        szz += (z - zbar) * (z - zbar);
        szy += (z - zbar) * (x[k] - ybar);
    }
    double a = constant ? 0.0 : -szy / szz;
    double b = constant ? x[0] : ybar + a * zbar;
    out->a = a;
    out->b = b;
    /* x̂(k+1) = [x(1)(1 − e^a) + b (e^a − 1)/a] e^{−ak}, k ≥ 1 (b at a = 0) */
    double em1 = expm1(a), ratio = a != 0.0 ? em1 / a : 1.0;
    double c = -x[0] * em1 + b * ratio;
    fitted[0] = x[0];
    for (size_t k = 1; k < n + horizon; k++) fitted[k] = c * exp(-a * (double)k);
    double xbar = 0.0, ebar = 0.0, mre = 0.0;
    for (size_t k = 0; k < n; k++) {
        residual[k] = k == 0 ? 0.0 : x[k] - fitted[k];
        rel_error[k] = fabs(residual[k]) / x[k];
        xbar += x[k];
        ebar += residual[k];
        mre += rel_error[k];
    }
    xbar /= (double)n;
    ebar /= (double)n;
    out->mean_rel_error = mre / (double)n;
    if (constant) return out->status = GM_CONSTANT;
    double s1 = 0.0, s2 = 0.0;
    for (size_t k = 0; k < n; k++) {
        s1 += (x[k] - xbar) * (x[k] - xbar);
        s2 += (residual[k] - ebar) * (residual[k] - ebar);
    }
    s1 = sqrt(s1 / (double)n);
    s2 = sqrt(s2 / (double)n);
    out->C = s2 / s1;
    size_t hits = 0;
    for (size_t k = 0; k < n; k++)
        if (fabs(residual[k] - ebar) < 0.6745 * s1) hits++;
    out->P = (double)hits / (double)n;
    int gc = grade_of_C(out->C), gp = grade_of_P(out->P);
    out->grade = gc > gp ? gc : gp;
    return out->status = GM_OK;
}
