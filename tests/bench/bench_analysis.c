/* tests/bench/bench_analysis.c — times the two heavy analyses on synthetic data and prints
 * seconds: the Dagum decomposition on 3,000 regions in 4 groups, and global Moran's I with
 * 999 permutations (plus LISA with 999 conditional permutations) on 3,000 regions with
 * k-nearest-neighbour weights on a jittered grid. Not a CTest test; run it by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "analysis/kernels.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double uniform(rc_rng *r) { return (double)(rc_rng_next(r) >> 11) * 0x1.0p-53; }

int main(void)
{
    enum { N = 3000, K = 6, G = 4, W = 60 };
    rc_rng rng;
    rc_rng_seed(&rng, 2024);
    double *y = malloc(N * sizeof *y), *px = malloc(N * sizeof *px), *py = malloc(N * sizeof *py);
    size_t *g = malloc(N * sizeof *g);
    if (!y || !px || !py || !g) return 1;
    for (size_t i = 0; i < N; i++) {
        px[i] = (double)(i % W) + 0.3 * uniform(&rng);
        py[i] = (double)(i / W) + 0.3 * uniform(&rng);
        g[i] = (size_t)rc_rng_below(&rng, G);
        y[i] = 0.2 + 0.1 * (double)g[i] + 0.5 * uniform(&rng) + 0.002 * py[i];
    }
    /* Dagum */
    rc_dagum_result d;
    double mg[G], Gjj[G], Gjh[G * G], Djh[G * G];
    size_t ng[G], order[G];
    double t0 = now();
    if (rc_dagum(y, g, N, G, &d, mg, ng, Gjj, Gjh, Djh, order) != 0) return 1;
    double t1 = now();
    printf("dagum: %d regions, %d groups: %.4f s (G = %.6f, Gw + Gnb + Gt − G = %.2e)\n", N, G,
           t1 - t0, d.G, d.Gw + d.Gnb + d.Gt - d.G);

    /* k-nearest weights, row-standardised */
    size_t *off = malloc((N + 1) * sizeof *off), *nbr = malloc(N * K * sizeof *nbr);
    double *w = malloc(N * K * sizeof *w);
    if (!off || !nbr || !w) return 1;
    for (size_t i = 0; i < N; i++) {
        size_t best[K];
        double bd[K];
        for (int k = 0; k < K; k++) { best[k] = 0; bd[k] = INFINITY; }
        for (size_t j = 0; j < N; j++) {
            if (j == i) continue;
            double dd = (px[i] - px[j]) * (px[i] - px[j]) + (py[i] - py[j]) * (py[i] - py[j]);
            if (dd >= bd[K - 1]) continue;
            int k = K - 1;
            while (k > 0 && bd[k - 1] > dd) { bd[k] = bd[k - 1]; best[k] = best[k - 1]; k--; }
            bd[k] = dd;
            best[k] = j;
        }
        off[i] = i * K;
        for (int k = 0; k < K; k++) { nbr[i * K + k] = best[k]; w[i * K + k] = 1.0 / K; }
    }
    off[N] = N * K;
    rc_spatial sw = {N, off, nbr, w, (char *)"knn"};
    double *work = malloc(3 * N * sizeof *work), *Ii = malloc(N * sizeof *Ii),
           *lag = malloc(N * sizeof *lag), *pp = malloc(N * sizeof *pp);
    int *quad = malloc(N * sizeof *quad);
    size_t *iw = malloc(N * sizeof *iw);
    if (!work || !Ii || !lag || !pp || !quad || !iw) return 1;
    rc_moran m;
    t0 = now();
    if (rc_moran_global(&sw, y, 999, &rng, work, &m) != 0) return 1;
    t1 = now();
    printf("moran: %d regions, 999 permutations: %.4f s (I = %.6f, pseudo-p = %.4f)\n", N,
           t1 - t0, m.moran_i, m.perm_p);
    t0 = now();
    if (rc_moran_local(&sw, y, 999, &rng, Ii, lag, quad, pp, work, iw) != 0) return 1;
    t1 = now();
    printf("lisa: %d regions, 999 conditional permutations: %.4f s\n", N, t1 - t0);
    free(y); free(px); free(py); free(g); free(off); free(nbr); free(w);
    free(work); free(Ii); free(lag); free(pp); free(quad); free(iw);
    return 0;
}
