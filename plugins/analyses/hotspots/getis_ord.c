/* plugins/analyses/hotspots/getis_ord.c — Getis-Ord Gi and Gi*: statistics and moments as
 * spdep's localG, conditional permutation pseudo p (threaded, one stream per region), the
 * Gi* self weights and the hot/cold classes (getis_ord.h). */
#include "getis_ord.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "../common/an_stats.h"

static int all_equal(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0]) return 0;
    return 1;
}

int hs_local_g(const an_csr *w, const double *x, int star, double *G, double *EG, double *VG,
               double *z, double *p)
{
    if (!w || !x || !z || w->n < 3) return -1;
    size_t n = w->n;
    double dn = (double)n, sx = 0.0, sx2 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) return -1;
        sx += x[i];
        sx2 += x[i] * x[i];
    }
    double mean = sx / dn, ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    int constant = all_equal(x, n);
    for (size_t i = 0; i < n; i++) {
        double lag = 0.0, Wi = 0.0, S1 = 0.0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
            if (!star && w->nbr[e] == i) continue;
            lag += w->w[e] * x[w->nbr[e]];
            Wi += w->w[e];
            S1 += w->w[e] * w->w[e];
        }
        double xbar, s2, var, denom;
        if (star) {
            xbar = mean;
            s2 = ss / dn;
            var = s2 * (dn * S1 - Wi * Wi) / (dn - 1.0);
            denom = sx;
        } else {
            xbar = (sx - x[i]) / (dn - 1.0);
            s2 = (sx2 - x[i] * x[i]) / (dn - 1.0) - xbar * xbar;
            var = s2 * ((dn - 1.0) * S1 - Wi * Wi) / (dn - 2.0);
            denom = sx - x[i];
        }
        double e = Wi * xbar, zi = NAN;
        if (!constant && Wi != 0.0 && var > 0.0) zi = (lag - e) / sqrt(var);
        z[i] = zi;
        if (p) p[i] = isnan(zi) ? NAN : 2.0 * an_norm_upper(fabs(zi));
        int ok = !constant && Wi != 0.0 && denom != 0.0;
        if (G) G[i] = ok ? lag / denom : NAN;
        if (EG) EG[i] = ok ? e / denom : NAN;
        if (VG) VG[i] = ok ? var / (denom * denom) : NAN;
    }
    return constant ? 1 : 0;
}

/* ---------------- permutations ---------------- */
typedef struct perm_job {
    const an_csr *w;
    const double *x;
    int star;
    size_t perms;
    uint64_t seed, stream;
    double *p;
    size_t next; /* next region to take (under lock) */
    pthread_mutex_t lock;
    int fail;
} perm_job;

/* The pseudo p of region i; `idx` holds n − 1 size_t (scratch). */
static double perm_one(const perm_job *J, size_t i, size_t *idx)
{
    const an_csr *w = J->w;
    size_t n = w->n, k = 0;
    double self = 0.0, obs = 0.0;
    for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
        if (w->nbr[e] == i) {
            if (J->star) self += w->w[e] * J->x[i];
            continue;
        }
        k++;
    }
    if (k == 0) return NAN;
    for (size_t e = w->off[i]; e < w->off[i + 1]; e++)
        if (w->nbr[e] != i || J->star) obs += w->w[e] * J->x[w->nbr[e]];
    size_t m = 0;
    for (size_t j = 0; j < n; j++)
        if (j != i) idx[m++] = j;
    if (k > m) k = m;
    an_rng r;
    an_rng_seed3(&r, J->seed, J->stream, (uint64_t)i);
    size_t ge = 0;
    for (size_t t = 0; t < J->perms; t++) {
        double lag = self;
        size_t a = 0;
        for (size_t e = w->off[i]; e < w->off[i + 1] && a < k; e++) {
            if (w->nbr[e] == i) continue;
            size_t b = a + (size_t)an_rng_below(&r, (uint64_t)(m - a)); /* partial Fisher–Yates */
            size_t tmp = idx[a];
            idx[a] = idx[b];
            idx[b] = tmp;
            lag += w->w[e] * J->x[idx[a]];
            a++;
        }
        if (lag >= obs) ge++;
    }
    size_t folded = J->perms - ge < ge ? J->perms - ge : ge;
    return ((double)folded + 1.0) / ((double)J->perms + 1.0);
}

static void *perm_worker(void *arg)
{
    perm_job *J = arg;
    size_t n = J->w->n;
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!idx) {
        pthread_mutex_lock(&J->lock);
        J->fail = 1;
        pthread_mutex_unlock(&J->lock);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&J->lock);
        size_t i = J->next;
        size_t end = i + 16 < n ? i + 16 : n; /* blocks of 16 regions */
        J->next = end;
        pthread_mutex_unlock(&J->lock);
        if (i >= n) break;
        for (; i < end; i++) J->p[i] = perm_one(J, i, idx);
    }
    free(idx);
    return NULL;
}

int hs_local_g_perm(const an_csr *w, const double *x, int star, size_t perms, uint64_t seed,
                    uint64_t stream, unsigned threads, double *p_perm)
{
    if (!w || !x || !p_perm || w->n < 2 || perms == 0) return -1;
    perm_job J;
    memset(&J, 0, sizeof J);
    J.w = w;
    J.x = x;
    J.star = star;
    J.perms = perms;
    J.seed = seed;
    J.stream = stream;
    J.p = p_perm;
    if (pthread_mutex_init(&J.lock, NULL)) return -1;
    if (threads < 1) threads = 1;
    if (threads > 64) threads = 64;
    pthread_t tid[64];
    unsigned started = 0;
    for (unsigned t = 1; t < threads; t++) {
        if (pthread_create(&tid[started], NULL, perm_worker, &J)) break;
        started++;
    }
    perm_worker(&J); /* the calling thread works too */
    for (unsigned t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&J.lock);
    return J.fail ? -1 : 0;
}

/* ---------------- Gi* weights, classes ---------------- */
int hs_star_weights(const an_csr *w, an_csr *out)
{
    size_t nnz = 0;
    for (size_t i = 0; i < w->n; i++)
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++)
            if (w->nbr[e] != i) nnz++;
    if (an_csr_alloc(out, w->n, nnz + w->n)) return -1;
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++) {
        double mx = 0.0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++)
            if (w->nbr[e] != i && w->w[e] > mx) mx = w->w[e];
        int placed = 0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
            if (w->nbr[e] == i) continue;
            if (!placed && w->nbr[e] > i) { /* keep each row's columns ascending */
                out->nbr[k] = i;
                out->w[k++] = mx > 0.0 ? mx : 1.0;
                placed = 1;
            }
            out->nbr[k] = w->nbr[e];
            out->w[k++] = w->w[e];
        }
        if (!placed) {
            out->nbr[k] = i;
            out->w[k++] = mx > 0.0 ? mx : 1.0;
        }
        out->off[i + 1] = k;
    }
    an_csr_row_standardise(out);
    return 0;
}

int hs_class(double z, double p)
{
    if (isnan(p) || isnan(z) || z == 0.0) return 0;
    int level = p < 0.01 ? 3 : p < 0.05 ? 2 : p < 0.10 ? 1 : 0;
    return z > 0.0 ? level : -level;
}

const char *hs_class_name(int cls)
{
    static const char *const names[] = {"cold 99%", "cold 95%", "cold 90%", "not significant",
                                        "hot 90%",  "hot 95%",  "hot 99%"};
    return cls >= -3 && cls <= 3 ? names[cls + 3] : "";
}
