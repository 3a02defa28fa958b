/* plugins/analyses/grey_relational/gra_kernel.c — preprocessing, ideal reference and the
 * grey relational coefficients and grades of gra_kernel.h. */
#include "gra_kernel.h"

#include <math.h>
#include <string.h>

int gra_preprocessing_by_name(const char *name)
{
    static const char *const names[] = {"none", "initial", "mean", "minmax"};
    for (int i = 0; name && i < 4; i++)
        if (!strcmp(name, names[i])) return i;
    return -1;
}

int gra_preprocess(double *v, size_t K, size_t stride, int how, int direction)
{
    if (K == 0 || how == GRA_NONE) return 0;
    if (how == GRA_INITIAL) {
        double x1 = v[0];
        if (x1 == 0.0) return 1;
        for (size_t k = 0; k < K; k++) v[k * stride] /= x1;
        return 0;
    }
    if (how == GRA_MEAN) {
        double s = 0.0;
        for (size_t k = 0; k < K; k++) s += v[k * stride];
        s /= (double)K;
        if (s == 0.0) return 1;
        for (size_t k = 0; k < K; k++) v[k * stride] /= s;
        return 0;
    }
    double lo = v[0], hi = v[0];
    for (size_t k = 1; k < K; k++) {
        double x = v[k * stride];
        if (x < lo) lo = x;
        if (x > hi) hi = x;
    }
    if (!(hi > lo)) return 1;
    for (size_t k = 0; k < K; k++) {
        double x = v[k * stride];
        v[k * stride] = direction < 0 ? (hi - x) / (hi - lo) : (x - lo) / (hi - lo);
    }
    return 0;
}

void gra_ideal(const double *X, size_t m, size_t K, const int *dir, double *ref)
{
    for (size_t k = 0; k < K; k++) {
        double best = X[k];
        for (size_t i = 1; i < m; i++) {
            double x = X[i * K + k];
            if (dir && dir[k] < 0 ? x < best : x > best) best = x;
        }
        ref[k] = best;
    }
}

int gra_grades(const double *ref, const double *X, size_t m, size_t K, double rho,
               const double *w, double *xi, double *grade)
{
    if (!(rho > 0.0 && rho <= 1.0) || K == 0) return -1;
    double wsum = 0.0;
    for (size_t k = 0; w && k < K; k++) {
        if (!(w[k] >= 0.0)) return -1;
        wsum += w[k];
    }
    if (w && !(wsum > 0.0)) return -1;
    double dmin = INFINITY, dmax = 0.0;
    for (size_t i = 0; i < m; i++)
        for (size_t k = 0; k < K; k++) {
            double d = fabs(ref[k] - X[i * K + k]);
            if (d < dmin) dmin = d;
            if (d > dmax) dmax = d;
        }
    int flat = !(dmax > 0.0);
    for (size_t i = 0; i < m; i++) {
        double g = 0.0;
        for (size_t k = 0; k < K; k++) {
            double c = flat ? 1.0
                            : (dmin + rho * dmax) / (fabs(ref[k] - X[i * K + k]) + rho * dmax);
            if (xi) xi[i * K + k] = c;
            g += (w ? w[k] / wsum : 1.0 / (double)K) * c;
        }
        grade[i] = g;
    }
    return flat;
}
