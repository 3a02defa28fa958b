/* plugins/analyses/vikor/vikor_kernel.c — VIKOR's S, R, Q, ranks and compromise solution
 * (vikor_kernel.h). */
#include "vikor_kernel.h"

#include <math.h>
#include <stdlib.h>

/* ranks of x (1 = smallest; ties share the smaller rank) */
static void rank_min(const double *x, size_t m, int *rank)
{
    for (size_t i = 0; i < m; i++) {
        int r = 1;
        for (size_t j = 0; j < m; j++)
            if (x[j] < x[i]) r++;
        rank[i] = r;
    }
}

typedef struct order_ctx {
    const double *Q, *S, *R;
} order_ctx;

/* a before b: by Q, then S, then R, then input order */
static int before(const order_ctx *c, size_t i, size_t j)
{
    if (c->Q[i] != c->Q[j]) return c->Q[i] < c->Q[j];
    if (c->S[i] != c->S[j]) return c->S[i] < c->S[j];
    if (c->R[i] != c->R[j]) return c->R[i] < c->R[j];
    return i < j;
}

/* ord = 0..m−1 in that order (insertion sort: stable, no global comparator state) */
static void order_by_q(const order_ctx *c, size_t m, size_t *ord)
{
    for (size_t t = 0; t < m; t++) {
        size_t x = t, u = t;
        while (u > 0 && before(c, x, ord[u - 1])) {
            ord[u] = ord[u - 1];
            u--;
        }
        ord[u] = x;
    }
}

int vikor(const double *F, size_t m, size_t n, const double *w, const int *dir, double v,
          double *S, double *R, double *Q, int *rank_S, int *rank_R, int *rank_Q,
          int *in_compromise, vikor_result *out)
{
    if (m < 2 || n == 0 || !(v >= 0.0 && v <= 1.0)) return -1;
    double wsum = 0.0;
    for (size_t j = 0; w && j < n; j++) {
        if (!(w[j] >= 0.0)) return -1;
        wsum += w[j];
    }
    if (w && !(wsum > 0.0)) return -1;
    size_t *ord = malloc(m * sizeof *ord);
    if (!ord) return -2;
    out->flat_criteria = 0;
    for (size_t i = 0; i < m; i++) S[i] = R[i] = 0.0;
    for (size_t j = 0; j < n; j++) {
        int neg = dir && dir[j] < 0;
        double best = F[j], worst = F[j];
        for (size_t i = 1; i < m; i++) {
            double x = F[i * n + j];
            if (neg ? x < best : x > best) best = x;
            if (neg ? x > worst : x < worst) worst = x;
        }
        double wj = w ? w[j] / wsum : 1.0 / (double)n;
        if (best == worst) {
            out->flat_criteria++;
            continue;
        }
        for (size_t i = 0; i < m; i++) {
            double d = wj * (best - F[i * n + j]) / (best - worst);
            S[i] += d;
            if (d > R[i]) R[i] = d;
        }
    }
    double sb = S[0], sw = S[0], rb = R[0], rw = R[0];
    for (size_t i = 1; i < m; i++) {
        if (S[i] < sb) sb = S[i];
        if (S[i] > sw) sw = S[i];
        if (R[i] < rb) rb = R[i];
        if (R[i] > rw) rw = R[i];
    }
    out->S_best = sb;
    out->S_worst = sw;
    out->R_best = rb;
    out->R_worst = rw;
    out->flat_S = !(sw > sb);
    out->flat_R = !(rw > rb);
    for (size_t i = 0; i < m; i++)
        Q[i] = (out->flat_S ? 0.0 : v * (S[i] - sb) / (sw - sb)) +
               (out->flat_R ? 0.0 : (1.0 - v) * (R[i] - rb) / (rw - rb));
    rank_min(S, m, rank_S);
    rank_min(R, m, rank_R);
    rank_min(Q, m, rank_Q);
    order_ctx oc = {Q, S, R};
    order_by_q(&oc, m, ord);
    size_t a1 = ord[0], a2 = ord[1];
    out->first = a1;
    out->second = a2;
    out->DQ = 1.0 / (double)(m - 1);
    out->c1 = Q[a2] - Q[a1] >= out->DQ;
    out->c2 = rank_S[a1] == 1 || rank_R[a1] == 1;
    for (size_t i = 0; i < m; i++) in_compromise[i] = 0;
    in_compromise[a1] = 1;
    out->n_compromise = 1;
    if (!out->c1) {
        for (size_t t = 1; t < m && Q[ord[t]] - Q[a1] < out->DQ; t++) {
            in_compromise[ord[t]] = 1;
            out->n_compromise++;
        }
    } else if (!out->c2) {
        in_compromise[a2] = 1;
        out->n_compromise = 2;
    }
    free(ord);
    return 0;
}
