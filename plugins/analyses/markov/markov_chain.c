/* plugins/analyses/markov/markov_chain.c — classes, transition counts, chain structure,
 * stationary distributions, first passage times, n-step projections and homogeneity tests
 * (markov_chain.h). Linear systems are solved by LAPACKE (dgesv). */
#include "markov_chain.h"

#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../common/an_stats.h"

/* ---------------- classes ---------------- */
static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

size_t mk_quantile_cuts(const double *x, size_t n, size_t k, double *cuts, double *work)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) work[m++] = x[i];
    for (size_t c = 0; c + 1 < k; c++) cuts[c] = NAN;
    if (m == 0 || k < 2) return m;
    qsort(work, m, sizeof *work, cmp_double);
    for (size_t c = 1; c < k; c++) {
        double h = (double)(m - 1) * (double)c / (double)k;
        size_t lo = (size_t)floor(h);
        double frac = h - (double)lo;
        cuts[c - 1] = lo + 1 < m ? work[lo] + frac * (work[lo + 1] - work[lo]) : work[lo];
    }
    return m;
}

int mk_class_of(double x, const double *cuts, size_t k)
{
    if (isnan(x)) return -1;
    int c = 0;
    for (size_t i = 0; i + 1 < k; i++)
        if (cuts[i] < x) c++;
    return c;
}

int mk_panel_classes(const double *v, size_t nr, size_t ny, size_t k, mk_scheme scheme,
                     const double *fixed, int *cls, double *cuts)
{
    size_t nc = k > 0 ? k - 1 : 0;
    size_t cells = nr * ny;
    double *work = malloc((cells ? cells : 1) * sizeof *work);
    if (!work) return -1;
    if (scheme == MK_FIXED) memcpy(cuts, fixed, nc * sizeof *cuts);
    else if (scheme == MK_POOLED) mk_quantile_cuts(v, nr * ny, k, cuts, work);
    for (size_t t = 0; t < ny; t++) {
        const double *c = cuts;
        if (scheme == MK_PER_YEAR) {
            mk_quantile_cuts(v + t * nr, nr, k, cuts + t * nc, work);
            c = cuts + t * nc;
        }
        for (size_t r = 0; r < nr; r++) cls[t * nr + r] = mk_class_of(v[t * nr + r], c, k);
    }
    free(work);
    return 0;
}

void mk_spatial_lag(const an_csr *w, const double *v, size_t nr, size_t ny, double *lag)
{
    for (size_t t = 0; t < ny; t++) {
        const double *x = v + t * nr;
        for (size_t i = 0; i < nr; i++) {
            double s = 0.0, sw = 0.0;
            if (!isnan(x[i]))
                for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
                    double xj = x[w->nbr[e]];
                    if (isnan(xj) || w->nbr[e] == i) continue;
                    s += w->w[e] * xj;
                    sw += w->w[e];
                }
            lag[t * nr + i] = sw > 0.0 ? s / sw : NAN;
        }
    }
}

size_t mk_count(const int *cls, const int *cond, size_t nr, size_t ny, size_t k, size_t m,
                double *T)
{
    memset(T, 0, m * k * k * sizeof *T);
    size_t n = 0;
    for (size_t t = 0; t + 1 < ny; t++)
        for (size_t r = 0; r < nr; r++) {
            int a = cls[t * nr + r], b = cls[(t + 1) * nr + r];
            if (a < 0 || b < 0 || (size_t)a >= k || (size_t)b >= k) continue;
            size_t g = 0;
            if (cond) {
                int l = cond[t * nr + r];
                if (l < 0 || (size_t)l >= m) continue;
                g = (size_t)l;
            }
            T[(g * k + (size_t)a) * k + (size_t)b] += 1.0;
            n++;
        }
    return n;
}

/* ---------------- chain structure ---------------- */
void mk_chain_free(mk_chain *c)
{
    if (!c) return;
    free(c->P); free(c->Pa); free(c->empty); free(c->comm); free(c->closed);
    free(c->absorbing); free(c->period); free(c->steady); free(c->mfpt);
    memset(c, 0, sizeof *c);
}

static size_t gcd_size(size_t a, size_t b)
{
    while (b) {
        size_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Stationary distribution of the closed class `members` (c states) of Pa into pi (k). */
static int stationary(const double *Pa, size_t k, const size_t *members, size_t c, double *pi)
{
    double *A = calloc(c * c, sizeof *A), *b = calloc(c, sizeof *b);
    lapack_int *piv = calloc(c, sizeof *piv);
    int rc = -1;
    if (!A || !b || !piv) goto done;
    /* (P_C^T − I) π = 0 with the last equation replaced by Σ π = 1 */
    for (size_t r = 0; r < c; r++)
        for (size_t s = 0; s < c; s++)
            A[r * c + s] = Pa[members[s] * k + members[r]] - (r == s ? 1.0 : 0.0);
    for (size_t s = 0; s < c; s++) A[(c - 1) * c + s] = 1.0;
    b[c - 1] = 1.0;
    if (LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)c, 1, A, (lapack_int)c, piv, b, 1) != 0)
        goto done;
    for (size_t i = 0; i < k; i++) pi[i] = 0.0;
    for (size_t s = 0; s < c; s++) pi[members[s]] = b[s];
    rc = 0;
done:
    free(A); free(b); free(piv);
    return rc;
}

/* Mean first passage times into j for every start (column j of mfpt). reach[a * k + b]:
 * b reachable from a. */
static int passage_into(const double *Pa, size_t k, size_t j, const unsigned char *reach,
                        double *mfpt, size_t *stack, unsigned char *seen, size_t *idx)
{
    /* finite from i ≠ j iff every state reachable from i before entering j can reach j */
    size_t ns = 0;
    for (size_t i = 0; i < k; i++) {
        idx[i] = (size_t)-1;
        if (i == j) continue;
        memset(seen, 0, k);
        size_t top = 0;
        int ok = 1;
        stack[top++] = i;
        seen[i] = 1;
        while (top && ok) {
            size_t u = stack[--top];
            if (!reach[u * k + j]) ok = 0;
            for (size_t v = 0; v < k && ok; v++)
                if (v != j && !seen[v] && Pa[u * k + v] > 0.0) { seen[v] = 1; stack[top++] = v; }
        }
        if (ok) idx[i] = ns++;
    }
    for (size_t i = 0; i < k; i++) mfpt[i * k + j] = INFINITY;
    if (ns > 0) {
        double *A = calloc(ns * ns, sizeof *A), *b = calloc(ns, sizeof *b);
        lapack_int *piv = calloc(ns, sizeof *piv);
        if (!A || !b || !piv) { free(A); free(b); free(piv); return -1; }
        /* (I − Q) m = 1 over the states that reach j surely */
        for (size_t i = 0; i < k; i++) {
            if (idx[i] == (size_t)-1) continue;
            b[idx[i]] = 1.0;
            for (size_t v = 0; v < k; v++)
                if (idx[v] != (size_t)-1)
                    A[idx[i] * ns + idx[v]] = (i == v ? 1.0 : 0.0) - Pa[i * k + v];
        }
        lapack_int info = LAPACKE_dgesv(LAPACK_ROW_MAJOR, (lapack_int)ns, 1, A, (lapack_int)ns,
                                        piv, b, 1);
        if (info == 0)
            for (size_t i = 0; i < k; i++)
                if (idx[i] != (size_t)-1) mfpt[i * k + j] = b[idx[i]];
        free(A); free(b); free(piv);
        if (info != 0) return -1;
    }
    /* recurrence: 1 + Σ_v P_jv m_vj, finite when every successor reaches j surely */
    double rec = 1.0;
    for (size_t v = 0; v < k; v++) {
        if (v == j || !(Pa[j * k + v] > 0.0)) continue;
        rec += Pa[j * k + v] * mfpt[v * k + j];
    }
    mfpt[j * k + j] = rec;
    return 0;
}

int mk_chain_analyse(const double *T, size_t k, mk_chain *c)
{
    memset(c, 0, sizeof *c);
    c->k = k;
    size_t kk = k * k;
    c->P = calloc(kk, sizeof *c->P);
    c->Pa = calloc(kk, sizeof *c->Pa);
    c->empty = calloc(k, sizeof *c->empty);
    c->comm = calloc(k, sizeof *c->comm);
    c->closed = calloc(k, sizeof *c->closed);
    c->absorbing = calloc(k, sizeof *c->absorbing);
    c->period = calloc(k, sizeof *c->period);
    c->mfpt = calloc(kk, sizeof *c->mfpt);
    unsigned char *reach = calloc(kk, 1), *seen = calloc(k, 1);
    size_t *stack = calloc(k * k + 1, sizeof *stack), *idx = calloc(k, sizeof *idx);
    size_t *members = calloc(k, sizeof *members);
    long *level = calloc(k, sizeof *level);
    int rc = -1;
    if (!c->P || !c->Pa || !c->empty || !c->comm || !c->closed || !c->absorbing ||
        !c->period || !c->mfpt || !reach || !seen || !stack || !idx || !members || !level)
        goto done;
    double total = 0.0;
    for (size_t i = 0; i < k; i++) {
        double n = 0.0;
        for (size_t j = 0; j < k; j++) n += T[i * k + j];
        total += n;
        c->empty[i] = !(n > 0.0);
        for (size_t j = 0; j < k; j++) {
            c->P[i * k + j] = n > 0.0 ? T[i * k + j] / n : NAN;
            c->Pa[i * k + j] = n > 0.0 ? T[i * k + j] / n : (i == j ? 1.0 : 0.0);
        }
    }
    /* reachability (reflexive transitive closure, Warshall) */
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) reach[i * k + j] = i == j || c->Pa[i * k + j] > 0.0;
    for (size_t m = 0; m < k; m++)
        for (size_t i = 0; i < k; i++)
            if (reach[i * k + m])
                for (size_t j = 0; j < k; j++)
                    if (reach[m * k + j]) reach[i * k + j] = 1;
    for (size_t i = 0; i < k; i++) c->comm[i] = -1;
    for (size_t i = 0; i < k; i++) {
        if (c->comm[i] >= 0) continue;
        int id = (int)c->n_comm++;
        for (size_t j = i; j < k; j++)
            if (reach[i * k + j] && reach[j * k + i]) c->comm[j] = id;
    }
    c->irreducible = c->n_comm == 1;
    for (size_t i = 0; i < k; i++) {
        int cl = 1;
        for (size_t j = 0; j < k; j++)
            if (c->Pa[i * k + j] > 0.0 && c->comm[j] != c->comm[i]) cl = 0;
        c->closed[i] = cl;
        c->absorbing[i] = c->Pa[i * k + i] == 1.0;
    }
    for (size_t i = 0; i < k; i++) /* a class is closed only if all its states are */
        if (!c->closed[i])
            for (size_t j = 0; j < k; j++)
                if (c->comm[j] == c->comm[i]) c->closed[j] = 0;
    c->steady = calloc((k ? k : 1) * k, sizeof *c->steady);
    if (!c->steady) goto done;
    int *done_comm = (int *)idx; /* reuse idx as a flag array for the class loop */
    for (size_t i = 0; i < k; i++) done_comm[i] = 0;
    for (size_t i = 0; i < k; i++) {
        int id = c->comm[i];
        if (!c->closed[i] || done_comm[id]) continue;
        done_comm[id] = 1;
        size_t nm = 0;
        for (size_t j = 0; j < k; j++)
            if (c->comm[j] == id) members[nm++] = j;
        /* period: gcd of level differences along the class's edges (BFS from its first) */
        for (size_t j = 0; j < k; j++) level[j] = -1;
        size_t head = 0, tail = 0;
        stack[tail++] = i;
        level[i] = 0;
        size_t g = 0;
        while (head < tail) {
            size_t u = stack[head++];
            for (size_t v = 0; v < k; v++) {
                if (!(c->Pa[u * k + v] > 0.0)) continue;
                if (level[v] < 0) { level[v] = level[u] + 1; stack[tail++] = v; }
                else g = gcd_size(g, (size_t)labs(level[u] + 1 - level[v]));
            }
        }
        for (size_t s = 0; s < nm; s++) c->period[members[s]] = g ? (int)g : 1;
        if (stationary(c->Pa, k, members, nm, c->steady + c->n_closed * k)) goto done;
        c->n_closed++;
    }
    c->ergodic = c->irreducible && k > 0 && c->period[0] == 1;
    for (size_t j = 0; j < k; j++)
        if (passage_into(c->Pa, k, j, reach, c->mfpt, stack, seen, idx)) goto done;
    rc = total > 0.0 ? 0 : 1;
done:
    free(reach); free(seen); free(stack); free(idx); free(members); free(level);
    if (rc < 0) mk_chain_free(c);
    return rc;
}

/* ---------------- powers, projections ---------------- */
static void matmul(const double *A, const double *B, size_t k, double *C)
{
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) {
            double s = 0.0;
            for (size_t m = 0; m < k; m++) s += A[i * k + m] * B[m * k + j];
            C[i * k + j] = s;
        }
}

void mk_power(const double *P, size_t k, unsigned n, double *out, double *work)
{
    double *tmp = work;
    for (size_t i = 0; i < k; i++)
        for (size_t j = 0; j < k; j++) out[i * k + j] = i == j ? 1.0 : 0.0;
    for (unsigned s = 0; s < n; s++) { /* repeated products: n is small (the horizon) */
        matmul(out, P, k, tmp);
        memcpy(out, tmp, k * k * sizeof *out);
    }
}

void mk_project(const double *P, size_t k, const double *dist0, unsigned steps, double *out,
                double *work)
{
    memcpy(work, dist0, k * sizeof *work);
    for (unsigned s = 0; s < steps; s++) {
        double *row = out + (size_t)s * k;
        for (size_t j = 0; j < k; j++) {
            double v = 0.0;
            for (size_t i = 0; i < k; i++) v += work[i] * P[i * k + j];
            row[j] = v;
        }
        memcpy(work, row, k * sizeof *work);
    }
}

/* ---------------- homogeneity ---------------- */
void mk_homogeneity_test(const double *M, size_t m, size_t k, mk_homogeneity *out)
{
    memset(out, 0, sizeof *out);
    double Q = 0.0, LR = 0.0;
    long dof = 0;
    for (size_t i = 0; i < k; i++) {
        double ni = 0.0;
        double pooled[64];
        size_t A = 0, b = 0;
        for (size_t j = 0; j < k && j < 64; j++) {
            double t = 0.0;
            for (size_t g = 0; g < m; g++) t += M[(g * k + i) * k + j];
            pooled[j] = t;
            ni += t;
            if (t > 0.0) A++;
        }
        out->transitions += ni;
        for (size_t j = 0; j < k && j < 64; j++) pooled[j] = ni > 0.0 ? pooled[j] / ni : 0.0;
        for (size_t g = 0; g < m; g++) {
            const double *row = M + (g * k + i) * k;
            double nim = 0.0;
            for (size_t j = 0; j < k; j++) nim += row[j];
            if (!(nim > 0.0)) continue;
            b++;
            for (size_t j = 0; j < k && j < 64; j++) {
                double pg = row[j] / nim, p = pooled[j];
                if (p > 0.0) Q += nim * (pg - p) * (pg - p) / p;
                if (row[j] > 0.0 && p > 0.0) LR += row[j] * log(pg / p);
            }
        }
        if (A > 0 && b > 0) dof += (long)(b - 1) * (long)(A - 1);
    }
    out->Q = Q;
    out->LR = 2.0 * LR;
    out->dof = dof;
    out->p_Q = dof > 0 ? an_chisq_upper(out->Q, (double)dof) : NAN;
    out->p_LR = dof > 0 ? an_chisq_upper(out->LR, (double)dof) : NAN;
}
