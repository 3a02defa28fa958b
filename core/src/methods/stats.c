/* methods/stats.c — the small statistics every method and analysis shares: mean and SD over
 * the present values, descending "min" ranks, average ranks, Pearson correlation, and the
 * parameter-key check and word choices used by the methods' config parsers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/internal.h"
#include "methods/methods.h"
#include "util/str.h"

size_t rc_stat_mean_sd(const double *x, size_t n, int ddof, double *mean, double *sd)
{
    size_t cnt = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            sum += x[i];
            cnt++;
        }
    double m = cnt ? sum / (double)cnt : NAN;
    if (cnt && !isfinite(m)) { /* the sum overflowed (values near ±1.8e308): mean of x/n */
        m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i])) m += x[i] / (double)cnt;
    }
    double ss = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) ss += (x[i] - m) * (x[i] - m);
    size_t dd = ddof > 0 ? (size_t)ddof : 0;
    double s = cnt > dd ? sqrt(ss / (double)(cnt - dd)) : NAN;
    if (cnt > dd && !isfinite(s) && isfinite(m)) {
        /* the squares overflowed (values beyond ~1e154): scale by the largest deviation,
         * sd = A·sqrt(Σ((x − m)/A)² / (n − ddof)); the plain path above keeps every other
         * result bit for bit */
        double a = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i]) && fabs(x[i] / 2 - m / 2) > a) a = fabs(x[i] / 2 - m / 2);
        double q = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i]) && a > 0) {
                double z = (x[i] / 2 - m / 2) / a;
                q += z * z;
            }
        s = 2 * a * sqrt(q / (double)(cnt - dd));
    }
    if (mean) *mean = m;
    if (sd) *sd = s;
    return cnt;
}

typedef struct {
    double v;
    size_t i;
} rank_item;

static int cmp_desc(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->v > y->v) return -1;
    if (x->v < y->v) return 1;
    return x->i < y->i ? -1 : x->i > y->i; /* stable, so the result is deterministic */
}

void rc_rank_desc(const double *v, size_t n, long *rank)
{
    size_t m = 0;
    rank_item *it = n ? rc_malloc(n * sizeof *it) : NULL;
    if (!it) { /* no memory: count the larger values directly (O(n²), same result) */
        for (size_t i = 0; i < n; i++) {
            if (isnan(v[i])) { rank[i] = 0; continue; }
            long r = 1;
            for (size_t j = 0; j < n; j++)
                if (!isnan(v[j]) && v[j] > v[i]) r++;
            rank[i] = r;
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) rank[i] = 0;
        else it[m++] = (rank_item){v[i], i};
    }
    qsort(it, m, sizeof *it, cmp_desc);
    for (size_t p = 0; p < m; p++) {
        if (p > 0 && it[p].v == it[p - 1].v) rank[it[p].i] = rank[it[p - 1].i];
        else rank[it[p].i] = (long)p + 1;
    }
    free(it);
}

/* Stable merge sort of the indices idx by v[idx]; C11 qsort has no context pointer. */
static void merge_sort_idx(const double *v, size_t *idx, size_t *tmp, size_t n)
{
    if (n < 2) return;
    size_t h = n / 2;
    merge_sort_idx(v, idx, tmp, h);
    merge_sort_idx(v, idx + h, tmp, n - h);
    size_t a = 0, b = h, o = 0;
    while (a < h && b < n) {
        if (v[idx[b]] < v[idx[a]]) tmp[o++] = idx[b++];
        else tmp[o++] = idx[a++];
    }
    while (a < h) tmp[o++] = idx[a++];
    while (b < n) tmp[o++] = idx[b++];
    memcpy(idx, tmp, n * sizeof *idx);
}

void rcm_rank_average(const double *v, size_t n, double *rank, size_t *idx)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(v[i])) rank[i] = NAN;
        else idx[m++] = i;
    }
    /* stable merge sort (needs m more indices); insertion sort if they cannot be had */
    size_t *tmp = m ? rc_malloc(m * sizeof *tmp) : NULL;
    if (tmp) {
        merge_sort_idx(v, idx, tmp, m);
        free(tmp);
    } else {
        for (size_t i = 1; i < m; i++) {
            size_t x = idx[i], j = i;
            while (j > 0 && v[idx[j - 1]] > v[x]) {
                idx[j] = idx[j - 1];
                j--;
            }
            idx[j] = x;
        }
    }
    for (size_t p = 0; p < m;) {
        size_t q = p;
        while (q + 1 < m && v[idx[q + 1]] == v[idx[p]]) q++;
        double r = ((double)(p + 1) + (double)(q + 1)) / 2.0;
        for (size_t s = p; s <= q; s++) rank[idx[s]] = r;
        p = q + 1;
    }
}

double rcm_pearson(const double *a, const double *b, size_t n)
{
    size_t cnt = 0;
    double sa = 0, sb = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(a[i]) && !isnan(b[i])) {
            sa += a[i];
            sb += b[i];
            cnt++;
        }
    if (cnt < 2) return NAN;
    double ma = sa / (double)cnt, mb = sb / (double)cnt, sab = 0, saa = 0, sbb = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(a[i]) && !isnan(b[i])) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
    if (saa == 0 || sbb == 0) return NAN;
    return sab / sqrt(saa * sbb);
}

int rcm_check_keys(const struct rc_node *map, const char *const *valid, size_t n_valid,
                   const char *what, rc_error *err)
{
    if (!map || map->kind != RC_NODE_MAP) return 0;
    for (size_t i = 0; i < map->n; i++) {
        const char *key = map->keys[i];
        int ok = 0;
        for (size_t j = 0; j < n_valid && !ok; j++) ok = strcmp(key, valid[j]) == 0;
        if (ok) continue;
        rc_buf list;
        rc_buf_init(&list);
        for (size_t j = 0; j < n_valid; j++) {
            if (j) rc_buf_puts(&list, ", ");
            rc_buf_puts(&list, valid[j]);
        }
        const char *sugg = rc_suggest(key, valid, n_valid);
        char where[512];
        rcm_key_where(map, i, where, sizeof where);
        rc_error_set(err, RC_ERRK_CONFIG, "%s: unknown parameter '%s' for %s%s%s%s; valid: %s",
                     where, key, what, sugg ? "; did you mean '" : "", sugg ? sugg : "",
                     sugg ? "'" : "", list.failed || !list.data ? "?" : list.data);
        rc_buf_free(&list);
        return -1;
    }
    return 0;
}

void rcm_list_valid(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s%s", i ? ", " : "", names[i]);
        if (w < 0) break;
        used += (size_t)w;
    }
}

int rcm_unknown_word(rc_error *err, const char *where, const char *what, const char *word,
                     const char *const *names, size_t n)
{
    char valid[256];
    rcm_list_valid(valid, sizeof valid, names, n);
    const char *sug = rc_suggest(word, names, n);
    if (sug) {
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: unknown %s '%s' (did you mean '%s'?); valid: %s", where, what,
                            word, sug, valid);
    }
    return rc_error_set(err, RC_ERRK_CONFIG, "%s: unknown %s '%s'; valid: %s", where, what, word,
                        valid);
}

int rcm_choice(const struct rc_node *n, const char *label, const char *what,
               const char *const *names, size_t count, int *idx, rc_error *err)
{
    char where[512];
    const char *s = rcm_str(n);
    if (!s && !label) s = "(not a text value)";
    if (!s) {
        char valid[256];
        rcm_list_valid(valid, sizeof valid, names, count);
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: %s must be a text value; valid: %s",
                            rcm_where(n, where, sizeof where), label, valid);
    }
    int i = rcm_str(n) ? rcm_find_word(s, names, count) : -1;
    if (i < 0)
        return rcm_unknown_word(err, rcm_where(n, where, sizeof where), what, s, names, count);
    *idx = i;
    return 0;
}
