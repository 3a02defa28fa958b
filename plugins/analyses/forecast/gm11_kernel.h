/* plugins/analyses/forecast/gm11_kernel.h — the grey model GM(1,1) (Deng 1982; Liu Sifeng
 * et al., Grey Systems: Theory and Applications, 2010, ch. 6) of one equally spaced series,
 * as a pure function: the class-ratio test, the development coefficient a and grey input b
 * by least squares, fitted values and a forecast to a horizon, residuals and relative
 * errors, the posterior variance ratio C, the small-error probability P and the accuracy
 * grade. Nothing is allocated; inputs are borrowed. */
#ifndef REGCOORD_PLUGINS_GM11_KERNEL_H
#define REGCOORD_PLUGINS_GM11_KERNEL_H

#include <stddef.h>

/* status of a fit */
enum {
    GM_OK = 0,
    GM_SHORT = 1,       /* fewer than 4 points: no model */
    GM_NONPOSITIVE = 2, /* a value ≤ 0 (or NaN): no model */
    GM_CONSTANT = 3     /* all values equal: a = 0, the forecast is the constant; C, P and
                           the grade are undefined */
};
/* accuracy grades (Liu et al. table 6.2.1): the worse of the grade of C and of P */
enum { GM_GRADE_NONE = 0, GM_GRADE_GOOD = 1, GM_GRADE_QUALIFIED = 2, GM_GRADE_BARELY = 3,
       GM_GRADE_UNQUALIFIED = 4 };

typedef struct gm11 {
    size_t n;
    int status;
    /* class ratios λ(k) = x(k−1)/x(k), k = 2..n, against the open interval
       (e^{−2/(n+1)}, e^{2/(n+1)}) */
    double ratio_min, ratio_max, ratio_lo, ratio_hi;
    int ratio_ok;            /* every λ(k) inside */
    double a, b;             /* x(k) + a z(k) = b, z(k) = (x¹(k) + x¹(k−1))/2 */
    double C;                /* S2/S1, population sds over k = 1..n, ε(1) = 0 */
    double P;                /* share of k = 1..n with |ε(k) − ε̄| < 0.6745 S1 */
    double mean_rel_error;   /* mean of |ε(k)|/x(k) over k = 1..n */
    int grade;               /* GM_GRADE_* */
} gm11;

/* Fits x[0..n) and writes fitted[0..n + horizon) (x̂(1) = x(1), then
 * x̂(k+1) = (1 − e^a)(x(1) − b/a) e^{−ak}, its limit b when a = 0), residual[0..n)
 * = x − x̂ and rel_error[0..n) = |residual|/x. With status GM_SHORT or GM_NONPOSITIVE
 * nothing but *out is written. Returns out->status. */
int gm11_fit(const double *x, size_t n, size_t horizon, double *fitted, double *residual,
             double *rel_error, gm11 *out);

/* "good", "qualified", "barely qualified", "unqualified", or "" */
const char *gm11_grade_name(int grade);

#endif
