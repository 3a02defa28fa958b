/* plugins/analyses/common/an_weights.c — the shared spatial-weights builders: a 3-D k-d
 * tree (points on the unit sphere for lon/lat, on the plane z = 0 otherwise) for k nearest
 * neighbours and distance bands, dense inverse-distance and economic matrices, nesting
 * (an_weights.h). */
#include "an_weights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EARTH_KM 6371.0088

double an_point_distance(const an_points *p, size_t i, size_t j)
{
    if (p->lonlat) {
        const double r = M_PI / 180.0;
        double p1 = p->y[i] * r, p2 = p->y[j] * r;
        double dp = (p->y[j] - p->y[i]) * r, dl = (p->x[j] - p->x[i]) * r;
        double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
        if (a > 1.0) a = 1.0;
        return 2.0 * EARTH_KM * asin(sqrt(a));
    }
    return hypot(p->x[j] - p->x[i], p->y[j] - p->y[i]);
}

static int valid(const an_points *p, size_t i) { return !isnan(p->x[i]) && !isnan(p->y[i]); }

/* ---------------- k-d tree ---------------- */
typedef struct kdtree {
    double *xyz;    /* 3 per point */
    size_t *perm;   /* the points with coordinates, arranged as an implicit tree */
    unsigned char *axis; /* split axis of the node whose point sits at perm[mid] */
    size_t m;
} kdtree;

static void kd_free(kdtree *t)
{
    free(t->xyz);
    free(t->perm);
    free(t->axis);
}

static double coord(const kdtree *t, size_t pt, int ax) { return t->xyz[3 * pt + (size_t)ax]; }

/* Quickselect: perm[lo..hi) partitioned so perm[k] is the k-th by axis (ties by index). */
static int before(const kdtree *t, size_t a, size_t b, int ax)
{
    double ca = coord(t, a, ax), cb = coord(t, b, ax);
    return ca < cb || (ca == cb && a < b);
}

static void kd_select(kdtree *t, size_t lo, size_t hi, size_t k, int ax)
{
    size_t *P = t->perm;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2, piv = P[mid];
        P[mid] = P[hi - 1];
        P[hi - 1] = piv;
        size_t store = lo;
        for (size_t i = lo; i + 1 < hi; i++)
            if (before(t, P[i], piv, ax)) {
                size_t tmp = P[i];
                P[i] = P[store];
                P[store] = tmp;
                store++;
            }
        P[hi - 1] = P[store];
        P[store] = piv;
        if (store == k) return;
        if (k < store) hi = store;
        else lo = store + 1;
    }
}

static void kd_build(kdtree *t, size_t lo, size_t hi)
{
    while (hi > lo) {
        double mn[3] = {INFINITY, INFINITY, INFINITY}, mx[3] = {-INFINITY, -INFINITY, -INFINITY};
        for (size_t i = lo; i < hi; i++)
            for (int a = 0; a < 3; a++) {
                double c = coord(t, t->perm[i], a);
                if (c < mn[a]) mn[a] = c;
                if (c > mx[a]) mx[a] = c;
            }
        int ax = 0;
        for (int a = 1; a < 3; a++)
            if (mx[a] - mn[a] > mx[ax] - mn[ax]) ax = a;
        size_t mid = lo + (hi - lo) / 2;
        kd_select(t, lo, hi, mid, ax);
        t->axis[mid] = (unsigned char)ax;
        kd_build(t, lo, mid);
        lo = mid + 1; /* the right half by iteration */
    }
}

static int kd_make(const an_points *p, kdtree *t)
{
    memset(t, 0, sizeof *t);
    size_t n = p->n ? p->n : 1;
    t->xyz = malloc(3 * n * sizeof *t->xyz);
    t->perm = malloc(n * sizeof *t->perm);
    t->axis = calloc(n, 1);
    if (!t->xyz || !t->perm || !t->axis) { kd_free(t); return -1; }
    const double r = M_PI / 180.0;
    for (size_t i = 0; i < p->n; i++) {
        double *c = t->xyz + 3 * i;
        if (!valid(p, i)) { c[0] = c[1] = c[2] = NAN; continue; }
        if (p->lonlat) {
            double la = p->y[i] * r, lo = p->x[i] * r;
            c[0] = cos(la) * cos(lo);
            c[1] = cos(la) * sin(lo);
            c[2] = sin(la);
        } else {
            c[0] = p->x[i];
            c[1] = p->y[i];
            c[2] = 0.0;
        }
        t->perm[t->m++] = i;
    }
    kd_build(t, 0, t->m);
    return 0;
}

static double d2_of(const kdtree *t, size_t a, size_t b)
{
    double s = 0.0;
    for (int k = 0; k < 3; k++) {
        double d = coord(t, a, k) - coord(t, b, k);
        s += d * d;
    }
    return s;
}

typedef struct knn_best {
    size_t k, found;
    double *d2;
    size_t *idx;
} knn_best;

static void best_offer(knn_best *b, double d2, size_t j)
{
    if (b->found == b->k && (d2 > b->d2[b->k - 1] || (d2 == b->d2[b->k - 1] && j > b->idx[b->k - 1])))
        return;
    size_t pos = b->found < b->k ? b->found++ : b->k - 1;
    while (pos > 0 && (b->d2[pos - 1] > d2 || (b->d2[pos - 1] == d2 && b->idx[pos - 1] > j))) {
        b->d2[pos] = b->d2[pos - 1];
        b->idx[pos] = b->idx[pos - 1];
        pos--;
    }
    b->d2[pos] = d2;
    b->idx[pos] = j;
}

static void kd_knn(const kdtree *t, size_t lo, size_t hi, size_t q, knn_best *b)
{
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2, pt = t->perm[mid];
        if (pt != q) best_offer(b, d2_of(t, q, pt), pt);
        int ax = t->axis[mid];
        double diff = coord(t, q, ax) - coord(t, pt, ax);
        size_t nlo = diff < 0 ? lo : mid + 1, nhi = diff < 0 ? mid : hi;
        size_t flo = diff < 0 ? mid + 1 : lo, fhi = diff < 0 ? hi : mid;
        kd_knn(t, nlo, nhi, q, b);
        if (b->found == b->k && diff * diff > b->d2[b->k - 1]) return;
        lo = flo;
        hi = fhi;
    }
}

typedef struct hits {
    size_t *idx;
    size_t n, cap;
    int fail;
} hits;

static void hits_add(hits *h, size_t j)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64;
        size_t *p = realloc(h->idx, cap * sizeof *p);
        if (!p) { h->fail = 1; return; }
        h->idx = p;
        h->cap = cap;
    }
    h->idx[h->n++] = j;
}

static void kd_range(const kdtree *t, size_t lo, size_t hi, size_t q, double r2, hits *h)
{
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2, pt = t->perm[mid];
        if (pt != q && d2_of(t, q, pt) <= r2) hits_add(h, pt);
        int ax = t->axis[mid];
        double diff = coord(t, q, ax) - coord(t, pt, ax);
        if (diff <= 0 || diff * diff <= r2) kd_range(t, lo, mid, q, r2, h);
        if (diff < 0 && diff * diff > r2) return;
        lo = mid + 1;
    }
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* ---------------- builders ---------------- */
int an_w_knn(const an_points *p, size_t k, an_csr *out)
{
    memset(out, 0, sizeof *out);
    if (k < 1) return AN_W_BAD;
    kdtree t;
    if (kd_make(p, &t)) return AN_W_NOMEM;
    size_t kk = t.m > 1 && k > t.m - 1 ? t.m - 1 : k;
    knn_best b = {kk, 0, malloc((kk ? kk : 1) * sizeof(double)), malloc((kk ? kk : 1) * sizeof(size_t))};
    int rc = AN_W_NOMEM;
    if (!b.d2 || !b.idx || an_csr_alloc(out, p->n, t.m * kk)) goto done;
    size_t nnz = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (valid(p, i) && kk > 0) {
            b.found = 0;
            kd_knn(&t, 0, t.m, i, &b);
            qsort(b.idx, b.found, sizeof *b.idx, cmp_size);
            for (size_t a = 0; a < b.found; a++) {
                out->nbr[nnz] = b.idx[a];
                out->w[nnz++] = 1.0 / (double)b.found;
            }
        }
        out->off[i + 1] = nnz;
    }
    rc = AN_W_OK;
done:
    free(b.d2);
    free(b.idx);
    kd_free(&t);
    if (rc) an_csr_free(out);
    return rc;
}

/* Appends row i (columns ascending) to a growing matrix. */
typedef struct grow {
    an_csr *m;
    size_t cap;
} grow;

static int grow_push(grow *g, size_t nnz, size_t j, double w)
{
    if (nnz == g->cap) {
        size_t cap = g->cap ? 2 * g->cap : 1024;
        size_t *nb = realloc(g->m->nbr, cap * sizeof *nb);
        if (!nb) return -1;
        g->m->nbr = nb;
        double *ww = realloc(g->m->w, cap * sizeof *ww);
        if (!ww) return -1;
        g->m->w = ww;
        g->cap = cap;
    }
    g->m->nbr[nnz] = j;
    g->m->w[nnz] = w;
    return 0;
}

static double inv_pow(double d, double power)
{
    return power == 0.0 ? 1.0 : power == 1.0 ? 1.0 / d : power == 2.0 ? 1.0 / (d * d) : pow(d, -power);
}

int an_w_distance(const an_points *p, double power, double cutoff, an_csr *out,
                  size_t *coincident)
{
    memset(out, 0, sizeof *out);
    if (coincident) *coincident = 0;
    if (!(power >= 0.0) || cutoff < 0.0) return AN_W_BAD;
    if (!(cutoff > 0.0) && p->n > AN_DENSE_MAX) return AN_W_TOO_DENSE;
    kdtree t;
    memset(&t, 0, sizeof t);
    if (cutoff > 0.0 && kd_make(p, &t)) return AN_W_NOMEM;
    if (an_csr_alloc(out, p->n, 1)) { kd_free(&t); return AN_W_NOMEM; }
    grow g = {out, 1};
    hits h = {NULL, 0, 0, 0};
    double r2 = 0.0;
    if (cutoff > 0.0) {
        double c = p->lonlat ? (cutoff / EARTH_KM >= M_PI ? 2.0 : 2.0 * sin(cutoff / (2.0 * EARTH_KM)))
                             : cutoff;
        r2 = c * c * (1.0 + 1e-9) + 1e-300; /* slack: the exact test is d ≤ cutoff below */
    }
    size_t nnz = 0, same = 0;
    int rc = AN_W_NOMEM;
    for (size_t i = 0; i < p->n; i++) {
        if (valid(p, i)) {
            h.n = 0;
            if (cutoff > 0.0) {
                kd_range(&t, 0, t.m, i, r2, &h);
                if (h.fail) goto done;
                if (h.n > 1) qsort(h.idx, h.n, sizeof *h.idx, cmp_size);
            } else {
                for (size_t j = 0; j < p->n; j++)
                    if (j != i && valid(p, j)) hits_add(&h, j);
                if (h.fail) goto done;
            }
            double rs = 0.0;
            size_t start = nnz;
            for (size_t a = 0; a < h.n; a++) {
                size_t j = h.idx[a];
                double d = an_point_distance(p, i, j);
                if (cutoff > 0.0 && d > cutoff) continue;
                if (!(d > 0.0)) { same++; continue; }
                double w = inv_pow(d, power);
                if (grow_push(&g, nnz, j, w)) goto done;
                rs += w;
                nnz++;
            }
            for (size_t e = start; e < nnz; e++) out->w[e] /= rs;
        }
        out->off[i + 1] = nnz;
    }
    if (coincident) *coincident = same / 2;
    rc = AN_W_OK;
done:
    free(h.idx);
    kd_free(&t);
    if (rc) an_csr_free(out);
    return rc;
}

int an_w_economic(const double *xbar, size_t n, an_csr *out, size_t *equal)
{
    memset(out, 0, sizeof *out);
    if (equal) *equal = 0;
    if (n > AN_DENSE_MAX) return AN_W_TOO_DENSE;
    size_t nnz = 0, same = 0;
    for (int pass = 0; pass < 2; pass++) {
        nnz = 0;
        for (size_t i = 0; i < n; i++) {
            double rs = 0.0;
            size_t start = nnz;
            for (size_t j = 0; j < n && !isnan(xbar[i]); j++) {
                if (j == i || isnan(xbar[j])) continue;
                double d = fabs(xbar[i] - xbar[j]);
                if (!(d > 0.0)) { if (pass) same++; continue; }
                if (pass) {
                    out->nbr[nnz] = j;
                    out->w[nnz] = 1.0 / d;
                    rs += 1.0 / d;
                }
                nnz++;
            }
            if (pass) {
                for (size_t e = start; e < nnz; e++) out->w[e] /= rs;
                out->off[i + 1] = nnz;
            }
        }
        if (pass == 0 && an_csr_alloc(out, n, nnz)) return AN_W_NOMEM;
    }
    if (equal) *equal = same / 2;
    return AN_W_OK;
}

int an_w_nested(const an_csr *a, const an_csr *b, double phi, an_csr *out)
{
    memset(out, 0, sizeof *out);
    if (a->n != b->n || !(phi >= 0.0 && phi <= 1.0)) return AN_W_BAD;
    size_t nnz = 0;
    for (size_t i = 0; i < a->n; i++) nnz += a->off[i + 1] - a->off[i] + b->off[i + 1] - b->off[i];
    if (an_csr_alloc(out, a->n, nnz)) return AN_W_NOMEM;
    nnz = 0;
    for (size_t i = 0; i < a->n; i++) {
        size_t ea = a->off[i], eb = b->off[i]; /* merge two ascending rows */
        while (ea < a->off[i + 1] || eb < b->off[i + 1]) {
            size_t ja = ea < a->off[i + 1] ? a->nbr[ea] : (size_t)-1;
            size_t jb = eb < b->off[i + 1] ? b->nbr[eb] : (size_t)-1;
            size_t j = ja < jb ? ja : jb;
            double w = 0.0;
            if (ja == j) w += phi * a->w[ea++];
            if (jb == j) w += (1.0 - phi) * b->w[eb++];
            if (w > 0.0) {
                out->nbr[nnz] = j;
                out->w[nnz++] = w;
            }
        }
        out->off[i + 1] = nnz;
    }
    an_csr_row_standardise(out);
    return AN_W_OK;
}

size_t an_w_islands(const an_csr *w)
{
    size_t k = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->off[i] == w->off[i + 1]) k++;
    return k;
}
