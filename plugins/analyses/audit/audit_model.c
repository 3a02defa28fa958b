/* plugins/analyses/audit/audit_model.c — the audit over a scored hierarchy (audit_model.h):
 * which columns each table compares, the leave-one-out re-aggregation of the index, and the
 * writing of the seven tables through the sink. The statistics themselves are the kernels
 * of audit_kernel.h. Columns and choices: docs/audit.md. */
#include "audit_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_kernel.h"

void au_options_default(au_options *o)
{
    au_limits l;
    au_limits_default(&l);
    o->all_years = 0;
    o->collinear = 0.9;
    o->weak = 0.3;
    o->skew = l.skew;
    o->kurt = l.kurt;
    o->avail = l.avail;
    o->nzv_unique = l.nzv_unique;
    o->nzv_freq = l.nzv_freq;
    o->region_avail = 0.65;
}

static const char *const k_kind[] = {"indicator", "component", "dimension", "index"};

/* ---------------- run state ---------------- */

typedef struct run {
    const au_model *m;
    const au_options *o;
    const au_sink *s;
    size_t *depth;             /* per unit */
    size_t *child0, *nchild;   /* children of unit u: kids[child0[u] .. + nchild[u]) */
    size_t *kids;
    double *work;              /* 8 nr doubles */
    size_t *iwork;             /* 4 nr */
    int fail;
} run;

static void cell_s(run *r, size_t c, const char *v)
{
    if (!r->fail && r->s->str(r->s->user, c, v ? v : "")) r->fail = 1;
}
static void cell_n(run *r, size_t c, double v)
{
    if (!r->fail && r->s->num(r->s->user, c, v)) r->fail = 1;
}
static void cell_i(run *r, size_t c, int64_t v)
{
    if (!r->fail && r->s->integer(r->s->user, c, v)) r->fail = 1;
}
static void new_row(run *r)
{
    if (!r->fail && r->s->row(r->s->user)) r->fail = 1;
}
static void new_table(run *r, const char *name, size_t nc, const char *const *cols,
                      const int32_t *types)
{
    if (!r->fail && r->s->table(r->s->user, name, nc, cols, types)) r->fail = 1;
}

#define S AU_COL_STR
#define I AU_COL_INT
#define N AU_COL_NUM
#define NC(a) (sizeof(a) / sizeof((a)[0]))

static size_t y_first(const run *r) { return r->o->all_years ? 0 : r->m->ny - 1; }

static const double *col(const run *r, size_t u, size_t t)
{
    return r->m->u[u].value ? r->m->u[u].value + t * r->m->nr : NULL;
}

/* ---------------- audit_stats, audit_availability ---------------- */

static void flags_text(const au_stats *st, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%s%s", st->outlier ? "outlier" : "",
             st->outlier && (st->low_avail || st->near_zero_var) ? ", " : "",
             st->low_avail ? "low availability" : "",
             st->low_avail && st->near_zero_var ? ", " : "",
             st->near_zero_var ? "near-zero variance" : "");
}

static void table_stats(run *r)
{
    static const char *cols[] = {"indicator", "parent", "year", "values", "n", "cells",
                                 "availability", "min", "max", "mean", "median", "sd",
                                 "skewness", "kurtosis", "zeros", "negatives", "distinct",
                                 "outlier", "low_availability", "near_zero_variance", "flags"};
    static const int32_t types[] = {S, S, I, S, I, I, N, N, N, N, N, N, N, N, I, I, I, I, I, I, S};
    new_table(r, "audit_stats", NC(cols), cols, types);
    const au_model *m = r->m;
    au_limits lim = {r->o->skew, r->o->kurt, r->o->avail, r->o->nzv_unique, r->o->nzv_freq};
    for (size_t t = y_first(r); t < m->ny; t++) {
        for (size_t u = 0; u < m->n; u++) {
            if (m->u[u].kind != AU_INDICATOR) continue;
            for (int v = 0; v < 2; v++) {
                const double *x = v == 0 ? m->u[u].raw : m->u[u].value;
                if (!x) continue;
                au_stats st;
                au_stats_compute(x + t * m->nr, m->nr, &lim, &st, r->work);
                char fl[96];
                flags_text(&st, fl, sizeof fl);
                new_row(r);
                cell_s(r, 0, m->u[u].id);
                cell_s(r, 1, m->u[u].parent != AU_NONE ? m->u[m->u[u].parent].id : "");
                cell_i(r, 2, m->years[t]);
                cell_s(r, 3, v == 0 ? "raw" : "normalised");
                cell_i(r, 4, (int64_t)st.n);
                cell_i(r, 5, (int64_t)st.n_total);
                cell_n(r, 6, st.avail);
                cell_n(r, 7, st.min);
                cell_n(r, 8, st.max);
                cell_n(r, 9, st.mean);
                cell_n(r, 10, st.median);
                cell_n(r, 11, st.sd);
                cell_n(r, 12, st.skew);
                cell_n(r, 13, st.kurt);
                cell_i(r, 14, (int64_t)st.zeros);
                cell_i(r, 15, (int64_t)st.negatives);
                cell_i(r, 16, (int64_t)st.n_unique);
                cell_i(r, 17, st.outlier);
                cell_i(r, 18, st.low_avail);
                cell_i(r, 19, st.near_zero_var);
                cell_s(r, 20, fl);
            }
        }
    }
}

static void table_availability(run *r)
{
    static const char *cols[] = {"region", "year", "indicators_present", "indicators", "share",
                                 "low_availability"};
    static const int32_t types[] = {S, I, I, I, N, I};
    new_table(r, "audit_availability", NC(cols), cols, types);
    const au_model *m = r->m;
    for (size_t t = y_first(r); t < m->ny; t++) {
        for (size_t g = 0; g < m->nr; g++) {
            size_t have = 0, all = 0;
            for (size_t u = 0; u < m->n; u++) {
                if (m->u[u].kind != AU_INDICATOR) continue;
                const double *x = m->u[u].raw ? m->u[u].raw : m->u[u].value;
                all++;
                have += x && !isnan(x[t * m->nr + g]);
            }
            double share = all ? (double)have / (double)all : NAN;
            new_row(r);
            cell_s(r, 0, m->regions[g]);
            cell_i(r, 1, m->years[t]);
            cell_i(r, 2, (int64_t)have);
            cell_i(r, 3, (int64_t)all);
            cell_n(r, 4, share);
            cell_i(r, 5, !(share >= r->o->region_avail));
        }
    }
}

/* ---------------- audit_correlation ---------------- */

static void corr_row(run *r, size_t t, const char *kind, const char *group, size_t a, size_t b,
                     int within)
{
    const au_model *m = r->m;
    const double *x = col(r, a, t), *y = col(r, b, t);
    size_t pairs = 0;
    double p = x && y ? au_pearson(x, y, m->nr, &pairs) : NAN;
    double s = x && y ? au_spearman(x, y, m->nr, NULL, r->work, r->iwork) : NAN;
    const char *flag = "";
    if (within && p > r->o->collinear) flag = "collinear";
    else if (!strcmp(kind, "parent") && p < 0.0) flag = "negative";
    else if (!strcmp(kind, "parent") && p < r->o->weak) flag = "weak";
    new_row(r);
    cell_i(r, 0, m->years[t]);
    cell_s(r, 1, kind);
    cell_s(r, 2, group);
    cell_s(r, 3, k_kind[m->u[a].kind]);
    cell_s(r, 4, m->u[a].id);
    cell_s(r, 5, m->u[b].id);
    cell_n(r, 6, p);
    cell_n(r, 7, s);
    cell_i(r, 8, (int64_t)pairs);
    cell_s(r, 9, flag);
}

static void table_correlation(run *r)
{
    static const char *cols[] = {"year", "kind", "group", "level", "a", "b", "pearson",
                                 "spearman", "n", "flag"};
    static const int32_t types[] = {I, S, S, S, S, S, N, N, I, S};
    new_table(r, "audit_correlation", NC(cols), cols, types);
    const au_model *m = r->m;
    for (size_t t = y_first(r); t < m->ny; t++) {
        /* within each group */
        for (size_t g = 0; g < m->n; g++)
            for (size_t i = 0; i < r->nchild[g]; i++)
                for (size_t j = i + 1; j < r->nchild[g]; j++)
                    corr_row(r, t, "within", m->u[g].id, r->kids[r->child0[g] + i],
                             r->kids[r->child0[g] + j], 1);
        /* against the parent, the grandparent and the index */
        for (size_t u = 1; u < m->n; u++) {
            size_t p = m->u[u].parent;
            corr_row(r, t, "parent", m->u[p].id, u, p, 0);
            size_t gp = m->u[p].parent;
            if (gp != AU_NONE) corr_row(r, t, "grandparent", m->u[gp].id, u, gp, 0);
            if (gp != AU_NONE && gp != 0) corr_row(r, t, "index", m->u[0].id, u, 0, 0);
        }
        /* each level among itself: units of the same kind and depth */
        for (size_t a = 1; a < m->n; a++)
            for (size_t b = a + 1; b < m->n; b++)
                if (m->u[a].kind == m->u[b].kind && r->depth[a] == r->depth[b] &&
                    m->u[a].parent != m->u[b].parent)
                    corr_row(r, t, "level", k_kind[m->u[a].kind], a, b, 0);
    }
}

/* ---------------- audit_reliability ---------------- */

/* The children of g in year t as a column-major matrix (nr × k) into X; the number of
 * regions with every child present. */
static size_t group_matrix(const run *r, size_t g, size_t t, double *X)
{
    const au_model *m = r->m;
    size_t k = r->nchild[g], complete = 0;
    for (size_t j = 0; j < k; j++) {
        const double *c = col(r, r->kids[r->child0[g] + j], t);
        for (size_t i = 0; i < m->nr; i++) X[j * m->nr + i] = c ? c[i] : NAN;
    }
    for (size_t i = 0; i < m->nr; i++) {
        int ok = 1;
        for (size_t j = 0; j < k; j++) ok &= !isnan(X[j * m->nr + i]);
        complete += (size_t)ok;
    }
    return complete;
}

static int table_reliability(run *r)
{
    static const char *cols[] = {"year", "group", "level", "item", "items", "regions",
                                 "alpha", "std_alpha", "alpha_if_deleted", "component",
                                 "eigenvalue", "pc1_share", "loading1", "kmo", "msa",
                                 "bartlett_chi2", "bartlett_df", "bartlett_p"};
    static const int32_t types[] = {I, S, S, S, I, I, N, N, N, I, N, N, N, N, N, N, N, N};
    new_table(r, "audit_reliability", NC(cols), cols, types);
    const au_model *m = r->m;
    size_t kmax = 0;
    for (size_t g = 0; g < m->n; g++)
        if (r->nchild[g] > kmax) kmax = r->nchild[g];
    double *X = malloc((kmax * m->nr + 1) * sizeof *X);
    double *R = malloc((kmax * kmax + 1) * sizeof *R), *v = malloc((5 * kmax + 1) * sizeof *v);
    if (!X || !R || !v) {
        free(X), free(R), free(v);
        return -1;
    }
    double *drop = v, *eig = v + kmax, *load = v + 2 * kmax, *msa = v + 3 * kmax;
    for (size_t t = y_first(r); t < m->ny; t++) {
        for (size_t g = 0; g < m->n; g++) {
            size_t k = r->nchild[g];
            if (k < 2) continue;
            size_t complete = group_matrix(r, g, t, X);
            double std_a, alpha = au_cronbach(X, m->nr, k, drop, &std_a), kmo, chi2, df, pv;
            au_cor_matrix(X, m->nr, k, R);
            if (au_pca(R, k, eig, load) != 0)
                for (size_t j = 0; j < k; j++) eig[j] = load[j] = NAN;
            au_kmo(R, k, &kmo, msa);
            au_bartlett(R, k, complete, &chi2, &df, &pv);
            new_row(r);
            cell_i(r, 0, m->years[t]);
            cell_s(r, 1, m->u[g].id);
            cell_s(r, 2, k_kind[m->u[g].kind]);
            cell_s(r, 3, "");
            cell_i(r, 4, (int64_t)k);
            cell_i(r, 5, (int64_t)complete);
            cell_n(r, 6, alpha);
            cell_n(r, 7, std_a);
            cell_n(r, 8, NAN);
            cell_i(r, 9, 0);
            cell_n(r, 10, NAN);
            cell_n(r, 11, eig[0] / (double)k);
            cell_n(r, 12, NAN);
            cell_n(r, 13, kmo);
            cell_n(r, 14, NAN);
            cell_n(r, 15, chi2);
            cell_n(r, 16, df);
            cell_n(r, 17, pv);
            for (size_t j = 0; j < k; j++) {
                new_row(r);
                cell_i(r, 0, m->years[t]);
                cell_s(r, 1, m->u[g].id);
                cell_s(r, 2, k_kind[m->u[g].kind]);
                cell_s(r, 3, m->u[r->kids[r->child0[g] + j]].id);
                cell_i(r, 4, (int64_t)k);
                cell_i(r, 5, (int64_t)complete);
                cell_n(r, 6, NAN);
                cell_n(r, 7, NAN);
                cell_n(r, 8, drop[j]);
                cell_i(r, 9, (int64_t)j + 1);
                cell_n(r, 10, eig[j]);
                cell_n(r, 11, NAN);
                cell_n(r, 12, load[j]);
                cell_n(r, 13, NAN);
                cell_n(r, 14, msa[j]);
                cell_n(r, 15, NAN);
                cell_n(r, 16, NAN);
                cell_n(r, 17, NAN);
            }
        }
    }
    free(X);
    free(R);
    free(v);
    return 0;
}

/* ---------------- audit_importance ---------------- */

static int table_importance(run *r)
{
    static const char *cols[] = {"year", "parent", "child", "level", "nominal_weight",
                                 "corr_ratio", "corr_ratio_share", "pearson_r2", "r2_share",
                                 "bandwidth", "n"};
    static const int32_t types[] = {I, S, S, S, N, N, N, N, N, N, I};
    new_table(r, "audit_importance", NC(cols), cols, types);
    const au_model *m = r->m;
    size_t kmax = 0;
    for (size_t g = 0; g < m->n; g++)
        if (r->nchild[g] > kmax) kmax = r->nchild[g];
    double *v = malloc((4 * kmax + 1) * sizeof *v);
    if (!v) return -1;
    double *eta = v, *r2 = v + kmax, *h = v + 2 * kmax, *np = v + 3 * kmax;
    for (size_t t = y_first(r); t < m->ny; t++) {
        for (size_t g = 0; g < m->n; g++) {
            size_t k = r->nchild[g];
            if (!k) continue;
            double se = 0.0, sr = 0.0, sw = 0.0;
            const double *y = col(r, g, t);
            for (size_t j = 0; j < k; j++) {
                size_t c = r->kids[r->child0[g] + j], pairs = 0;
                const double *x = col(r, c, t);
                double rr = x && y ? au_pearson(x, y, m->nr, &pairs) : NAN;
                eta[j] = x && y ? au_corr_ratio(x, y, m->nr, 0.0, &h[j], r->work, r->iwork) : NAN;
                r2[j] = rr * rr;
                np[j] = (double)pairs;
                if (!isnan(eta[j])) se += eta[j];
                if (!isnan(r2[j])) sr += r2[j];
                const double *w = m->u[c].weight;
                if (w && !isnan(w[t])) sw += w[t];
            }
            for (size_t j = 0; j < k; j++) {
                size_t c = r->kids[r->child0[g] + j];
                const double *w = m->u[c].weight;
                new_row(r);
                cell_i(r, 0, m->years[t]);
                cell_s(r, 1, m->u[g].id);
                cell_s(r, 2, m->u[c].id);
                cell_s(r, 3, k_kind[m->u[c].kind]);
                cell_n(r, 4, w && sw > 0.0 ? w[t] / sw : NAN);
                cell_n(r, 5, eta[j]);
                cell_n(r, 6, se > 0.0 ? eta[j] / se : NAN);
                cell_n(r, 7, r2[j]);
                cell_n(r, 8, sr > 0.0 ? r2[j] / sr : NAN);
                cell_n(r, 9, h[j]);
                cell_i(r, 10, (int64_t)np[j]);
            }
        }
    }
    free(v);
    return 0;
}

/* ---------------- audit_leave_one_out ---------------- */

/* The score of unit u in year t (nr values into out) with the units marked in `gone` left
 * out (their weight removed from their parent); returns 1 when u is left out altogether (it
 * or all its children gone), 0 otherwise. `buf` holds 3 nr doubles of scratch per level
 * below u. */
static int rescore(const run *r, size_t u, size_t t, const unsigned char *gone, double *out,
                   double *buf)
{
    const au_model *m = r->m;
    const au_unit *un = &m->u[u];
    if (gone[u]) return 1;
    if (r->nchild[u] == 0) {
        const double *c = col(r, u, t);
        for (size_t i = 0; i < m->nr; i++) out[i] = c ? c[i] : NAN;
        return 0;
    }
    /* this level's scratch: den, kid and the missing flags (3 nr); the children get the rest */
    double *num = out, *den = buf, *kid = buf + m->nr, *rest = buf + 2 * m->nr;
    for (size_t i = 0; i < m->nr; i++) num[i] = den[i] = 0.0;
    unsigned char *strict_missing = (unsigned char *)rest;
    memset(strict_missing, 0, m->nr);
    int any = 0;
    for (size_t j = 0; j < r->nchild[u]; j++) {
        size_t c = r->kids[r->child0[u] + j];
        if (rescore(r, c, t, gone, kid, rest + m->nr)) continue;
        any = 1;
        double w = m->u[c].weight ? m->u[c].weight[t] : 1.0;
        for (size_t i = 0; i < m->nr; i++) {
            double x = kid[i];
            if (isnan(x) || (un->agg == AU_AGG_GEOMETRIC && !(x > 0.0))) {
                if (un->strict || !isnan(x)) strict_missing[i] = 1;
                continue;
            }
            num[i] += w * (un->agg == AU_AGG_GEOMETRIC ? log(x) : x);
            den[i] += w;
        }
    }
    if (!any) return 1;
    for (size_t i = 0; i < m->nr; i++) {
        double v = strict_missing[i] || !(den[i] > 0.0) ? NAN : num[i] / den[i];
        out[i] = un->agg == AU_AGG_GEOMETRIC && !isnan(v) ? exp(v) : v;
    }
    return 0;
}

/* Ranks descending, ties sharing the lowest rank, NaN unranked (0), as the core ranks.
 * `idx` holds 2n scratch entries. */
static void rank_desc(const double *v, size_t n, long *rank, size_t *idx)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        rank[i] = 0;
        if (!isnan(v[i])) idx[m++] = i;
    }
    au_sort_index(v, idx, idx + n, m); /* ascending */
    for (size_t k = m; k-- > 0;) {
        size_t i = idx[k];
        rank[i] = k + 1 < m && v[idx[k + 1]] == v[i] ? rank[idx[k + 1]] : (long)(m - k);
    }
}

static int table_leave_one_out(run *r)
{
    static const char *cols[] = {"year", "dropped", "level", "mean_abs_rank_shift",
                                 "median_abs_rank_shift", "max_abs_rank_shift",
                                 "region_max_shift", "regions", "note"};
    static const int32_t types[] = {I, S, S, N, N, N, S, I, S};
    new_table(r, "audit_leave_one_out", NC(cols), cols, types);
    const au_model *m = r->m;
    size_t maxd = 0;
    for (size_t u = 0; u < m->n; u++)
        if (r->depth[u] > maxd) maxd = r->depth[u];
    size_t nr = m->nr;
    double *cols_ = malloc(((3 * (maxd + 2) + 2) * nr + 1) * sizeof *cols_);
    long *rk = malloc((2 * nr + 1) * sizeof *rk);
    unsigned char *gone = calloc(m->n + 1, 1);
    if (!cols_ || !rk || !gone) {
        free(cols_), free(rk), free(gone);
        return -1;
    }
    double *idx = cols_, *buf = cols_ + nr;
    long *nom = rk, *alt = rk + nr;
    const char *why = "";
    for (size_t u = 0; u < m->n; u++)
        if (r->nchild[u] && m->u[u].agg == AU_AGG_OTHER)
            why = "not recomputed: an aggregation other than arithmetic or geometric";
    for (size_t t = y_first(r); t < m->ny && !r->fail; t++) {
        /* the nominal index recomputed must rank as the published one */
        const double *pub = col(r, 0, t);
        long *pubr = alt;
        char note[160];
        snprintf(note, sizeof note, "%s", why);
        if (!*note) {
            rescore(r, 0, t, gone, idx, buf);
            rank_desc(idx, nr, nom, r->iwork);
            rank_desc(pub, nr, pubr, r->iwork);
            for (size_t i = 0; i < nr; i++)
                if (nom[i] != pubr[i]) {
                    snprintf(note, sizeof note,
                             "not recomputed: re-aggregating the nominal tree does not give the "
                             "published ranks (region %s)", m->regions[i]);
                    break;
                }
        }
        for (int pass = 0; pass < 2; pass++) {
            au_kind want = pass == 0 ? AU_INDICATOR : AU_DIMENSION;
            for (size_t u = 0; u < m->n; u++) {
                if (m->u[u].kind != want) continue;
                au_shift sh = {NAN, NAN, NAN, nr, 0};
                if (!*note) {
                    gone[u] = 1;
                    int all_gone = rescore(r, 0, t, gone, idx, buf);
                    gone[u] = 0;
                    if (!all_gone) {
                        rank_desc(idx, nr, alt, r->iwork);
                        au_rank_shift(nom, alt, nr, &sh, r->work);
                    }
                }
                new_row(r);
                cell_i(r, 0, m->years[t]);
                cell_s(r, 1, m->u[u].id);
                cell_s(r, 2, k_kind[want]);
                cell_n(r, 3, sh.mean);
                cell_n(r, 4, sh.median);
                cell_n(r, 5, sh.max);
                cell_s(r, 6, sh.arg_max < nr ? m->regions[sh.arg_max] : "");
                cell_i(r, 7, (int64_t)sh.n);
                cell_s(r, 8, note);
            }
        }
    }
    free(cols_);
    free(rk);
    free(gone);
    return 0;
}

/* ---------------- audit_external ---------------- */

static void table_external(run *r)
{
    static const char *cols[] = {"year", "series", "target", "level", "pearson", "spearman", "n"};
    static const int32_t types[] = {I, S, S, S, N, N, I};
    new_table(r, "audit_external", NC(cols), cols, types);
    const au_model *m = r->m;
    for (size_t t = y_first(r); t < m->ny; t++) {
        for (size_t e = 0; e < m->n_ext; e++) {
            const double *x = m->ext[e].value + t * m->nr;
            for (size_t u = 0; u < m->n; u++) {
                if (m->u[u].kind != AU_INDEX && m->u[u].kind != AU_DIMENSION) continue;
                const double *y = col(r, u, t);
                size_t pairs = 0;
                double p = y ? au_pearson(x, y, m->nr, &pairs) : NAN;
                double s = y ? au_spearman(x, y, m->nr, NULL, r->work, r->iwork) : NAN;
                new_row(r);
                cell_i(r, 0, m->years[t]);
                cell_s(r, 1, m->ext[e].name);
                cell_s(r, 2, m->u[u].id);
                cell_s(r, 3, k_kind[m->u[u].kind]);
                cell_n(r, 4, p);
                cell_n(r, 5, s);
                cell_i(r, 6, (int64_t)pairs);
            }
        }
    }
}

/* ---------------- entry ---------------- */

int au_audit_run(const au_model *m, const au_options *o, const au_sink *s, char *why,
                 size_t why_size)
{
    run r;
    memset(&r, 0, sizeof r);
    r.m = m;
    r.o = o;
    r.s = s;
    if (m->n == 0 || m->ny == 0 || m->u[0].kind != AU_INDEX) {
        snprintf(why, why_size, "the audit needs an index (unit 0) and at least one year");
        return -1;
    }
    r.depth = calloc(m->n, sizeof *r.depth);
    r.child0 = calloc(m->n, sizeof *r.child0);
    r.nchild = calloc(m->n, sizeof *r.nchild);
    r.kids = calloc(m->n, sizeof *r.kids);
    r.work = malloc((8 * m->nr + 8) * sizeof *r.work);
    r.iwork = malloc((4 * m->nr + 4) * sizeof *r.iwork);
    int rc = -1;
    if (!r.depth || !r.child0 || !r.nchild || !r.kids || !r.work || !r.iwork) {
        snprintf(why, why_size, "out of memory in the audit");
        goto done;
    }
    for (size_t u = 1; u < m->n; u++) {
        size_t p = m->u[u].parent;
        if (p == AU_NONE || p >= u) {
            snprintf(why, why_size, "audit: unit '%s' has no parent before it", m->u[u].id);
            goto done;
        }
        r.depth[u] = r.depth[p] + 1;
        r.nchild[p]++;
    }
    for (size_t u = 1; u < m->n; u++) r.child0[u] = r.child0[u - 1] + r.nchild[u - 1];
    size_t *fill = calloc(m->n, sizeof *fill);
    if (!fill) {
        snprintf(why, why_size, "out of memory in the audit");
        goto done;
    }
    for (size_t u = 1; u < m->n; u++) {
        size_t p = m->u[u].parent;
        r.kids[r.child0[p] + fill[p]++] = u;
    }
    free(fill);
    table_stats(&r);
    table_availability(&r);
    table_correlation(&r);
    if (table_reliability(&r) != 0 || table_importance(&r) != 0 || table_leave_one_out(&r) != 0) {
        snprintf(why, why_size, "out of memory in the audit");
        goto done;
    }
    if (m->n_ext) table_external(&r);
    if (r.fail) {
        snprintf(why, why_size, "the audit could not write its tables (out of memory)");
        goto done;
    }
    rc = 0;
done:
    free(r.depth);
    free(r.child0);
    free(r.nchild);
    free(r.kids);
    free(r.work);
    free(r.iwork);
    return rc;
}
