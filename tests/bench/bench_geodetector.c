/* tests/bench/bench_geodetector.c — times the geodetector on 3,000 regions × 20 continuous
 * factors: the optimal discretisation of every factor (5 methods × k = 3..8, natural breaks
 * included) with its factor detector, then the interaction detector over the 190 pairs of
 * optimal strata; beside it, as the baseline measured in the same run, one fixed quantile
 * discretisation (k = 5) with its factor detector. Prints seconds; not a CTest test:
 * build/bench/bench_geodetector [regions] [factors]. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gd_kernel.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t state = 88172645463325252ull;
static double uniform(void) /* xorshift64*, deterministic */
{
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (double)((state * 2685821657736338717ull) >> 11) * 0x1.0p-53;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)atol(argv[1]) : 3000, m = argc > 2 ? (size_t)atol(argv[2]) : 20;
    double *x = malloc(n * m * sizeof *x), *y = malloc(n * sizeof *y), *sorted = malloc(n * sizeof *sorted);
    int *s = malloc(n * m * sizeof *s), *s12 = malloc(n * sizeof *s12);
    size_t *L = malloc(m * sizeof *L);
    if (!x || !y || !sorted || !s || !s12 || !L) return 1;
    for (size_t i = 0; i < n; i++) {
        y[i] = 0.0;
        for (size_t f = 0; f < m; f++) {
            x[f * n + i] = 0.1 + uniform() * (1.0 + (double)f);
            y[i] += sin(x[f * n + i]) / (1.0 + (double)f);
        }
        y[i] += 0.2 * uniform();
    }
    /* baseline: quantile k = 5 and the factor detector */
    double t0 = now(), qsum0 = 0.0;
    for (size_t f = 0; f < m; f++) {
        double br[6];
        memcpy(sorted, x + f * n, n * sizeof *sorted);
        qsort(sorted, n, sizeof *sorted, cmp_d);
        if (gd_breaks(sorted, n, GD_QUANTILE, 5, br) != 1) return 1;
        size_t l = gd_classify(x + f * n, n, br, 5, s + f * n, NULL);
        gd_factor fd;
        if (gd_factor_detect(y, s + f * n, n, l, &fd) != 0) return 1;
        qsum0 += fd.q;
    }
    double t_base = now() - t0;
    /* optimal discretisation + factor detector, then interactions */
    t0 = now();
    double qsum = 0.0;
    for (size_t f = 0; f < m; f++) {
        int method, k;
        double q;
        L[f] = gd_optimal(y, x + f * n, n, (1u << GD_NMETHODS) - 1, 3, 8, s + f * n, &method, &k, &q);
        if (L[f] == 0 || L[f] == (size_t)-1) return 1;
        gd_factor fd;
        if (gd_factor_detect(y, s + f * n, n, L[f], &fd) != 0) return 1;
        qsum += fd.q;
    }
    double t_opt = now() - t0;
    t0 = now();
    size_t pairs = 0;
    for (size_t a = 0; a < m; a++)
        for (size_t b = a + 1; b < m; b++) {
            size_t l12 = gd_intersect(s + a * n, L[a], s + b * n, L[b], n, s12);
            gd_factor fd;
            if (l12 == 0 || gd_factor_detect(y, s12, n, l12, &fd) != 0) return 1;
            pairs++;
        }
    double t_int = now() - t0;
    printf("geodetector, %zu regions x %zu factors\n", n, m);
    printf("  baseline: quantile k=5 + factor detector   %8.4f s  (mean q %.4f)\n", t_base, qsum0 / m);
    printf("  optimal discretisation (5 methods x k=3..8) + factor detector  %8.4f s  (mean q %.4f)\n", t_opt, qsum / m);
    printf("  interaction detector, %zu pairs            %8.4f s\n", pairs, t_int);
    free(x);
    free(y);
    free(sorted);
    free(s);
    free(s12);
    free(L);
    return 0;
}
