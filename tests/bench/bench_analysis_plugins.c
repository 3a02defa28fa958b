/* tests/bench/bench_analysis_plugins.c — times the kernels of the spatial analysis plugins
 * on synthetic data and prints seconds beside a baseline measured in the same run:
 *  - kNN (k = 6) and a 25 km distance band for 50,000 lon/lat regions through the k-d tree,
 *    against brute force on 5,000 regions scaled by 100 (it is O(n²));
 *  - Gi* with 999 conditional permutations on 3,000 regions (kNN 6), on 1 and 2 threads
 *    (the p-values are identical; the bench checks it);
 *  - classic and spatial Markov chains on 3,000 regions × 20 years (5 pooled-quantile
 *    classes, lag classes under kNN 6: classes, counts, chain analysis, homogeneity tests).
 * Not a CTest test: run build/bench/bench_analysis_plugins by hand (tests/bench/bench_run.sh
 * runs it too). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../../plugins/analyses/common/an_stats.h"
#include "../../plugins/analyses/common/an_weights.h"
#include "../../plugins/analyses/hotspots/getis_ord.h"
#include "../../plugins/analyses/markov/markov_chain.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double unif(an_rng *r) { return (double)(an_rng_next(r) >> 11) * 0x1.0p-53; }

/* brute-force kNN row count (the baseline): k nearest by haversine for each point */
static double brute_knn(const an_points *p, size_t k)
{
    double t0 = now(), *best = malloc(k * sizeof *best), guard = 0.0;
    for (size_t i = 0; i < p->n; i++) {
        for (size_t a = 0; a < k; a++) best[a] = INFINITY;
        for (size_t j = 0; j < p->n; j++) {
            if (j == i) continue;
            double d = an_point_distance(p, i, j);
            if (d >= best[k - 1]) continue;
            size_t a = k - 1;
            while (a > 0 && best[a - 1] > d) { best[a] = best[a - 1]; a--; }
            best[a] = d;
        }
        guard += best[k - 1];
    }
    free(best);
    if (guard < 0) printf("?");
    return now() - t0;
}

int main(void)
{
    an_rng r;
    an_rng_seed(&r, 2026);
    /* ---- weights for 50,000 regions ---- */
    enum { BIG = 50000, SMALL = 5000 };
    double *lon = malloc(BIG * sizeof *lon), *lat = malloc(BIG * sizeof *lat);
    if (!lon || !lat) return 1;
    for (size_t i = 0; i < BIG; i++) {
        lon[i] = 75.0 + 59.0 * unif(&r);
        lat[i] = 18.0 + 35.0 * unif(&r);
    }
    an_points big = {lon, lat, BIG, 1}, small = {lon, lat, SMALL, 1};
    an_csr w;
    double t0 = now();
    if (an_w_knn(&big, 6, &w) != AN_W_OK) return 1;
    double t_knn = now() - t0;
    an_csr_free(&w);
    t0 = now();
    size_t same = 0;
    if (an_w_distance(&big, 1, 25.0, &w, &same) != AN_W_OK) return 1;
    double t_band = now() - t0;
    size_t nnz_band = w.off[BIG];
    an_csr_free(&w);
    double t_brute = brute_knn(&small, 6);
    printf("weights: kNN k=6, 50,000 lon/lat regions: %.3f s (k-d tree); baseline brute force "
           "5,000 regions %.3f s -> ~%.1f s at 50,000\n", t_knn, t_brute, t_brute * 100.0);
    printf("weights: 1/d within 25 km, 50,000 regions: %.3f s, %zu neighbours (%.1f per region)\n",
           t_band, nnz_band, (double)nnz_band / BIG);

    /* ---- Gi* on 3,000 regions ---- */
    enum { N = 3000, T = 20 };
    an_points pts = {lon, lat, N, 1};
    an_csr k6, star;
    if (an_w_knn(&pts, 6, &k6) != AN_W_OK || hs_star_weights(&k6, &star)) return 1;
    double *x = malloc(N * T * sizeof *x), *z = malloc(N * sizeof *z);
    double *p1 = malloc(N * sizeof *p1), *p2 = malloc(N * sizeof *p2);
    if (!x || !z || !p1 || !p2) return 1;
    for (size_t t = 0; t < T; t++)
        for (size_t i = 0; i < N; i++)
            x[t * N + i] = 0.3 + 0.004 * lat[i] + 0.01 * (double)t + 0.1 * unif(&r);
    t0 = now();
    hs_local_g(&star, x, 1, NULL, NULL, NULL, z, NULL);
    double t_an = now() - t0;
    t0 = now();
    if (hs_local_g_perm(&star, x, 1, 999, 1, 2020, 1, p1)) return 1;
    double t1 = now() - t0;
    t0 = now();
    if (hs_local_g_perm(&star, x, 1, 999, 1, 2020, 2, p2)) return 1;
    double t2 = now() - t0;
    printf("hotspots: Gi* 3,000 regions kNN 6: analytic %.4f s; 999 permutations %.3f s on 1 "
           "thread, %.3f s on 2 (p identical: %s)\n", t_an, t1, t2,
           memcmp(p1, p2, N * sizeof *p1) ? "NO" : "yes");

    /* ---- Markov on 3,000 × 20 ---- */
    size_t k = 5;
    int *cls = malloc(N * T * sizeof *cls), *lcls = malloc(N * T * sizeof *lcls);
    double *lag = malloc(N * T * sizeof *lag), cuts[4], lcuts[4];
    double *TT = malloc(k * k * sizeof *TT), *TS = malloc(k * k * k * sizeof *TS);
    if (!cls || !lcls || !lag || !TT || !TS) return 1;
    t0 = now();
    mk_panel_classes(x, N, T, k, MK_POOLED, NULL, cls, cuts);
    mk_count(cls, NULL, N, T, k, 1, TT);
    mk_chain c;
    if (mk_chain_analyse(TT, k, &c) < 0) return 1;
    mk_chain_free(&c);
    double t_classic = now() - t0;
    t0 = now();
    mk_spatial_lag(&k6, x, N, T, lag);
    mk_panel_classes(lag, N, T, k, MK_POOLED, NULL, lcls, lcuts);
    size_t counted = mk_count(cls, lcls, N, T, k, k, TS);
    for (size_t g = 0; g < k; g++) {
        if (mk_chain_analyse(TS + g * k * k, k, &c) < 0) return 1;
        mk_chain_free(&c);
    }
    mk_homogeneity h;
    mk_homogeneity_test(TS, k, k, &h);
    double t_spatial = now() - t0;
    printf("markov: 3,000 regions x 20 years, 5 classes: classic %.4f s; spatial (lag, 5 lag "
           "classes, 5 chains, Q/LR) %.4f s; %zu transitions, Q = %.2f (df %ld)\n", t_classic,
           t_spatial, counted, h.Q, h.dof);
    an_csr_free(&k6);
    an_csr_free(&star);
    free(lon); free(lat); free(x); free(z); free(p1); free(p2);
    free(cls); free(lcls); free(lag); free(TT); free(TS);
    return 0;
}
