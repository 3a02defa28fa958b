/* methods/weights.c — weighting of k children: the `weights:` config parser and equal,
 * explicit, entropy, CRITIC, coefficient-of-variation, PCA (LAPACKE) and AHP weights over a
 * pooled or per-year scope (formulas.md §2, §10 D1, D2, D5, D6; docs/methods.md). */
#include <lapacke.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "methods/internal.h"
#include "methods/methods.h"
#include "util/str.h"

static const char *const W_NAMES[] = {"equal", "explicit", "entropy", "critic",
                                      "cv",    "pca",      "ahp"};
#define N_W (sizeof W_NAMES / sizeof W_NAMES[0])
_Static_assert(sizeof(size_t) <= sizeof(double), "index scratch shares the double buffer");
#define W_VALID "equal, explicit, entropy, critic, cv, pca, ahp"

/* Saaty's random index, n = 1..15 (formulas.md §2.6; n > 10 differs between sources). */
static const double SAATY_RI[16] = {0,    0,    0,    0.58, 0.90, 1.12, 1.24, 1.32,
                                    1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59};

const char *rc_weight_method_name(rc_weight_method m)
{
    return (unsigned)m < N_W ? W_NAMES[m] : "?";
}

void rc_weights_default(rc_weight_spec *out)
{
    memset(out, 0, sizeof *out);
    out->method = RC_W_EQUAL;
    out->scope = RC_SCOPE_POOLED;
    out->pca_threshold = 1.0;
}

void rc_weights_free(rc_weight_spec *s)
{
    if (!s) return;
    if (s->ahp_order)
        for (size_t i = 0; i < s->ahp_n; i++) free(s->ahp_order[i]);
    free(s->ahp_order);
    free(s->ahp_matrix);
    s->ahp_order = NULL;
    s->ahp_matrix = NULL;
    s->ahp_n = 0;
}

int rc_weights_copy(rc_weight_spec *dst, const rc_weight_spec *src, rc_error *err)
{
    *dst = *src;
    dst->ahp_order = NULL;
    dst->ahp_matrix = NULL;
    size_t n = src->ahp_n;
    if (src->ahp_matrix) {
        if (!(dst->ahp_matrix = rc_reallocarray(NULL, n * n, sizeof(double)))) goto oom;
        memcpy(dst->ahp_matrix, src->ahp_matrix, n * n * sizeof(double));
    }
    if (src->ahp_order) {
        if (!(dst->ahp_order = rc_calloc(n, sizeof(char *)))) goto oom;
        for (size_t i = 0; i < n; i++)
            if (!(dst->ahp_order[i] = rc_strdup(src->ahp_order[i]))) goto oom;
    }
    return 0;
oom:
    rc_weights_free(dst);
    return rc_error_set(err, RC_ERRK_OTHER, "out of memory copying weights");
}

/* ---------------- AHP core ---------------- */

/* Checks positivity and reciprocity; computes the principal eigenvector (normalised to sum
 * 1) into w (may be NULL), λmax and CR. Errors name `where` (file:line:col or "AHP"). */
/* The random index for order n: the spec's `ri:` list, else Saaty's table (n ≤ 15). NaN
 * when the table has no entry for n. */
static double ahp_ri(const rc_weight_spec *s, size_t n)
{
    if (s && s->ahp_n_ri) return n >= 1 && n <= s->ahp_n_ri ? s->ahp_ri[n - 1] : NAN;
    return n <= 15 ? SAATY_RI[n] : NAN;
}

static int ahp_solve(const rc_weight_spec *s, const double *a, size_t n, double *w,
                     double *lambda, double *cr, int *ri_extrapolated, const char *where,
                     rc_error *err)
{
    if (n == 0) return rc_error_set(err, RC_ERRK_CONFIG, "%s: the AHP matrix is empty", where);
    double ri = ahp_ri(s, n);
    if (isnan(ri)) {
        if (s && s->ahp_n_ri)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: the AHP matrix has order %zu but 'ri' lists random indices "
                                "only up to n = %zu",
                                where, n, s->ahp_n_ri);
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: AHP supports at most 15 children with Saaty's random index; "
                            "give your own table as 'ri: [...]' or group them into "
                            "sub-dimensions",
                            where);
    }
    if (n > 2 && !(ri > 0))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: the random index for n = %zu must be positive (got %g)", where, n,
                            ri);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double x = a[i * n + j], y = a[j * n + i];
            if (!(x > 0) || !isfinite(x))
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: AHP judgements must be positive numbers; row %zu, "
                                    "column %zu is %g",
                                    where, i + 1, j + 1, x);
            if (fabs(x * y - 1) > 1e-6)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: the AHP matrix is not reciprocal: a[%zu][%zu] = %g but "
                                    "a[%zu][%zu] = %g (must be 1/%g)",
                                    where, i + 1, j + 1, x, j + 1, i + 1, y, x);
        }
    double *m = rc_reallocarray(NULL, n * n + 3 * n + n * n, sizeof(double));
    if (!m) return rc_error_set(err, RC_ERRK_OTHER, "out of memory in AHP");
    double *wr = m + n * n, *wi = wr + n, *vr = wi + n;
    memcpy(m, a, n * n * sizeof(double));
    lapack_int info = LAPACKE_dgeev(LAPACK_ROW_MAJOR, 'N', 'V', (lapack_int)n, m, (lapack_int)n,
                                    wr, wi, NULL, 1, vr, (lapack_int)n);
    if (info != 0) {
        free(m);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: AHP eigen-decomposition failed (%d)", where,
                            (int)info);
    }
    size_t best = 0;
    for (size_t q = 1; q < n; q++)
        if (wr[q] > wr[best]) best = q;
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += fabs(vr[i * n + best]);
    if (w)
        for (size_t i = 0; i < n; i++) w[i] = fabs(vr[i * n + best]) / sum;
    *lambda = wr[best];
    free(m);
    *ri_extrapolated = n > 10 && !(s && s->ahp_n_ri);
    *cr = n <= 2 ? 0 : ((*lambda - (double)n) / (double)(n - 1)) / ri;
    if (*cr < 0 && *cr > -1e-12) *cr = 0;
    return 0;
}

static int ahp_check_cr(double cr, int allow, const char *where, rc_error *err)
{
    if (cr > 0.1 && !allow)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: the AHP matrix is inconsistent: CR = %.4f > 0.10; revise the "
                            "judgements or set allow_inconsistent: true",
                            where, cr);
    return 0;
}

/* ---------------- parsing ---------------- */

static int parse_method(const struct rc_node *n, rc_weight_method *m, rc_error *err)
{
    char where[512];
    const char *s = rcm_str(n);
    if (!s)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: weighting method must be a text value, not %s; valid: " W_VALID,
                            rcm_where(n, where, sizeof where), rcm_kind_name(n->kind));
    for (size_t i = 0; i < N_W; i++)
        if (strcmp(s, W_NAMES[i]) == 0) {
            *m = (rc_weight_method)i;
            return 0;
        }
    const char *sugg = rc_suggest(s, W_NAMES, N_W);
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: unknown weighting method '%s'%s%s%s; valid: " W_VALID,
                        rcm_where(n, where, sizeof where), s, sugg ? "; did you mean '" : "",
                        sugg ? sugg : "", sugg ? "'" : "");
}

static int parse_ahp(const struct rc_node *node, rc_weight_spec *s, rc_error *err)
{
    char where[512];
    const struct rc_node *mx = rcm_get(node, "matrix"), *ord = rcm_get(node, "order");
    if (!mx)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: AHP weights need 'matrix' (a square list of pairwise judgements)",
                            rcm_where(node, where, sizeof where));
    if (mx->kind != RC_NODE_LIST || mx->n == 0)
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'matrix' must be a non-empty list of rows",
                            rcm_where(mx, where, sizeof where));
    size_t k = mx->n;
    if (k > (s->ahp_n_ri ? s->ahp_n_ri : 15))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: the AHP matrix has %zu rows but the random index is known only "
                            "up to n = %zu (%s); give 'ri: [...]' up to n = %zu or group the "
                            "children into sub-dimensions",
                            rcm_where(mx, where, sizeof where), k,
                            s->ahp_n_ri ? s->ahp_n_ri : (size_t)15,
                            s->ahp_n_ri ? "your 'ri' list" : "Saaty's table", k);
    rc_weights_free(s);
    if (!(s->ahp_matrix = rc_reallocarray(NULL, k * k, sizeof(double))))
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    s->ahp_n = k;
    for (size_t i = 0; i < k; i++) {
        const struct rc_node *row = mx->items[i];
        if (row->kind != RC_NODE_LIST || row->n != k)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: row %zu of the AHP matrix must be a list of %zu numbers",
                                rcm_where(row, where, sizeof where), i + 1, k);
        for (size_t j = 0; j < k; j++)
            if (rcm_fraction(row->items[j], &s->ahp_matrix[i * k + j]) != 0)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: AHP judgement must be a number or a fraction like "
                                    "\"1/3\"",
                                    rcm_where(row->items[j], where, sizeof where));
    }
    if (ord) {
        if (ord->kind != RC_NODE_LIST || ord->n != k)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'order' must list the %zu child ids in matrix order",
                                rcm_where(ord, where, sizeof where), k);
        if (!(s->ahp_order = rc_calloc(k, sizeof(char *))))
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t i = 0; i < k; i++) {
            const char *id = rcm_str(ord->items[i]);
            if (!id)
                return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'order' entries must be child ids",
                                    rcm_where(ord->items[i], where, sizeof where));
            for (size_t j = 0; j < i; j++)
                if (!strcmp(s->ahp_order[j], id))
                    return rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' appears twice in 'order'",
                                        rcm_where(ord->items[i], where, sizeof where), id);
            if (!(s->ahp_order[i] = rc_strdup(id)))
                return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        }
    }
    double lambda, cr;
    int ext;
    rcm_where(mx, where, sizeof where);
    if (ahp_solve(s, s->ahp_matrix, k, NULL, &lambda, &cr, &ext, where, err) != 0) return -1;
    return ahp_check_cr(cr, s->ahp_allow_inconsistent, where, err);
}

/* `ri: saaty` or `ri: [0, 0, 0.58, …]` (RI for n = 1, 2, 3, …). */
static int parse_ri(const struct rc_node *n, rc_weight_spec *s, rc_error *err)
{
    char where[512];
    const char *name = rcm_str(n);
    if (name && strcmp(name, "saaty") == 0) {
        s->ahp_n_ri = 0;
        return 0;
    }
    size_t cap = sizeof s->ahp_ri / sizeof s->ahp_ri[0];
    if (n->kind != RC_NODE_LIST || n->n == 0 || n->n > cap)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'ri' must be saaty or a list of 1 to %zu random indices for "
                            "n = 1, 2, 3, …",
                            rcm_where(n, where, sizeof where), cap);
    for (size_t i = 0; i < n->n; i++) {
        double v;
        if (rcm_number(n->items[i], &v) != 0 || !(v >= 0) || !isfinite(v) || (i >= 2 && !(v > 0)))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: random index for n = %zu must be a number %s",
                                rcm_where(n->items[i], where, sizeof where), i + 1,
                                i >= 2 ? "> 0" : "≥ 0");
        s->ahp_ri[i] = v;
    }
    s->ahp_n_ri = n->n;
    return 0;
}

static int parse_map(const struct rc_node *node, rc_weight_spec *s, rc_error *err)
{
    char where[512];
    const struct rc_node *mn = rcm_get(node, "method"), *n;
    rc_weight_method m = s->method; /* no `method:` = the inherited one, new parameters */
    if (mn && parse_method(mn, &m, err) != 0) return -1;
    if (m != s->method) {
        rc_weights_free(s);
        rc_weights_default(s);
        s->method = m;
    }
    static const char *const k_plain[] = {"method"};
    static const char *const k_ent[] = {"method", "scope", "shift"};
    static const char *const k_scope[] = {"method", "scope"};
    static const char *const k_pca[] = {"method", "scope",    "squared",
                                        "threshold", "rotation", "components"};
    static const char *const k_ahp[] = {"method", "matrix", "order", "allow_inconsistent", "ri"};
    const char *const *valid = k_plain;
    size_t nv = 1;
    switch (m) {
    case RC_W_ENTROPY: valid = k_ent; nv = 3; break;
    case RC_W_CRITIC:
    case RC_W_CV: valid = k_scope; nv = 2; break;
    case RC_W_PCA: valid = k_pca; nv = 6; break;
    case RC_W_AHP: valid = k_ahp; nv = 5; break;
    default: break;
    }
    char what[64];
    snprintf(what, sizeof what, "weighting method '%s'", W_NAMES[m]);
    if (rcm_check_keys(node, valid, nv, what, err) != 0) return -1;
    if ((n = rcm_get(node, "scope")) && rcm_parse_scope(n, &s->scope, err) != 0) return -1;
    if ((n = rcm_get(node, "shift")) && (rcm_number(n, &s->shift) != 0 || s->shift < 0))
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'shift' must be a number ≥ 0",
                            rcm_where(n, where, sizeof where));
    if ((n = rcm_get(node, "squared")) && rcm_bool(n, &s->pca_squared) != 0)
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'squared' must be true or false",
                            rcm_where(n, where, sizeof where));
    if ((n = rcm_get(node, "threshold")) && (rcm_number(n, &s->pca_threshold) != 0 ||
                                             s->pca_threshold < 0))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'threshold' must be a number ≥ 0 (eigenvalue cut-off)",
                            rcm_where(n, where, sizeof where));
    if ((n = rcm_get(node, "allow_inconsistent")) && rcm_bool(n, &s->ahp_allow_inconsistent) != 0)
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'allow_inconsistent' must be true or false",
                            rcm_where(n, where, sizeof where));
    if ((n = rcm_get(node, "rotation"))) {
        const char *r = rcm_str(n);
        if (r && strcmp(r, "varimax") == 0) s->pca_rotation = 1;
        else if (r && strcmp(r, "none") == 0) s->pca_rotation = 0;
        else
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'rotation' must be none or varimax",
                                rcm_where(n, where, sizeof where));
    }
    if ((n = rcm_get(node, "components"))) {
        double v;
        if (rcm_number(n, &v) != 0 || !(v >= 1) || v != floor(v) || v > 1e6)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'components' must be a whole number ≥ 1 (how many principal "
                                "components to keep)",
                                rcm_where(n, where, sizeof where));
        s->pca_components = (size_t)v;
    }
    if ((n = rcm_get(node, "ri")) && parse_ri(n, s, err) != 0) return -1;
    if (m == RC_W_AHP && (rcm_get(node, "matrix") || !s->ahp_matrix))
        return parse_ahp(node, s, err);
    if (m == RC_W_AHP && (rcm_get(node, "ri") || rcm_get(node, "allow_inconsistent"))) {
        /* inherited matrix, new RI table or tolerance: check it again */
        double lambda, cr;
        int ext;
        const struct rc_node *at = s->node ? s->node : node;
        rcm_where(rcm_get(at, "matrix") ? rcm_get(at, "matrix") : node, where, sizeof where);
        if (ahp_solve(s, s->ahp_matrix, s->ahp_n, NULL, &lambda, &cr, &ext, where, err) != 0)
            return -1;
        return ahp_check_cr(cr, s->ahp_allow_inconsistent, where, err);
    }
    return 0;
}

int rc_weights_parse(const struct rc_node *node, const rc_weight_spec *inherit,
                     rc_weight_spec *out, rc_error *err)
{
    rc_weight_spec s;
    if (inherit) {
        if (rc_weights_copy(&s, inherit, err) != 0) return -1;
    } else {
        rc_weights_default(&s);
    }
    if (node) {
        char where[512];
        if (node->kind == RC_NODE_SCALAR) {
            rc_weight_method m;
            if (parse_method(node, &m, err) != 0) goto fail;
            if (m == RC_W_AHP) {
                rc_error_set(err, RC_ERRK_CONFIG,
                             "%s: AHP weights need a mapping: {method: ahp, matrix: [[…]], "
                             "order: [ids]}",
                             rcm_where(node, where, sizeof where));
                goto fail;
            }
            if (m != s.method) {
                rc_weights_free(&s);
                rc_weights_default(&s);
                s.method = m;
            }
        } else if (node->kind == RC_NODE_MAP) {
            if (parse_map(node, &s, err) != 0) goto fail;
        } else {
            rc_error_set(err, RC_ERRK_CONFIG, "%s: weights must be a method name or a mapping, "
                                              "not %s",
                         rcm_where(node, where, sizeof where), rcm_kind_name(node->kind));
            goto fail;
        }
        s.node = node;
    }
    *out = s;
    return 0;
fail:
    rc_weights_free(&s);
    return -1;
}

/* ---------------- computing ---------------- */

typedef struct {
    const rc_weight_spec *s;
    const double *const *cols;
    const double *const *raw;
    size_t k;
    const char *const *ids;
    rc_weight_info *info;
    rc_error *err;
    double *scratch; /* k*k + k*k + 2k + m*k doubles */
} wctx;

static const char *cid(const wctx *c, size_t j, char *buf, size_t size)
{
    if (c->ids && c->ids[j]) return c->ids[j];
    snprintf(buf, size, "#%zu", j + 1);
    return buf;
}

static void set_equal(double *w, size_t k, const size_t *use, size_t n_use)
{
    for (size_t j = 0; j < k; j++) w[j] = 0;
    for (size_t q = 0; q < n_use; q++) w[use ? use[q] : q] = 1.0 / (double)n_use;
}

static void fallback(wctx *c, double *w, const char *why)
{
    set_equal(w, c->k, NULL, c->k);
    c->info->fallback_equal = 1;
    snprintf(c->info->warning, sizeof c->info->warning,
             "%s weights are undefined (%s); equal weights used", W_NAMES[c->s->method], why);
}

/* Normalises w to sum 1; returns -1 if the sum is not positive. */
static int normalise_sum(double *w, size_t k)
{
    double sum = 0;
    for (size_t j = 0; j < k; j++) sum += w[j];
    if (!(sum > 0) || !isfinite(sum)) return -1;
    for (size_t j = 0; j < k; j++) w[j] /= sum;
    return 0;
}

static int w_entropy(wctx *c, size_t off, size_t m, double *w)
{
    char b[32];
    double shift = c->s->shift;
    for (size_t j = 0; j < c->k; j++) {
        const double *x = c->cols[j] + off;
        size_t n = 0;
        double sum = 0;
        for (size_t i = 0; i < m; i++) {
            if (isnan(x[i])) continue;
            if (x[i] + shift < 0)
                return rc_error_set(c->err, RC_ERRK_DATA,
                                    "entropy weights need non-negative normalised values, but "
                                    "'%s' has %g; normalise with minmax, goalposts or fracmax",
                                    cid(c, j, b, sizeof b), x[i]);
            sum += x[i] + shift;
            n++;
        }
        if (n < 2)
            return rc_error_set(c->err, RC_ERRK_DATA,
                                "entropy weights need at least 2 values per %s, but '%s' has %zu "
                                "(k = 1/ln N is undefined)",
                                c->s->scope == RC_SCOPE_POOLED ? "panel" : "year",
                                cid(c, j, b, sizeof b), n);
        double h = 0;
        if (sum > 0)
            for (size_t i = 0; i < m; i++) {
                if (isnan(x[i])) continue;
                double p = (x[i] + shift) / sum;
                if (p > 0) h += p * log(p);
            }
        double e = sum > 0 ? -h / log((double)n) : 1.0;
        double dj = 1 - e;
        w[j] = dj > 0 ? dj : 0;
    }
    if (normalise_sum(w, c->k) != 0) fallback(c, w, "every child is constant");
    return 0;
}

static int w_cv(wctx *c, size_t off, size_t m, double *w)
{
    char b[32];
    const double *const *src = c->raw ? c->raw : c->cols;
    for (size_t j = 0; j < c->k; j++) {
        double mean, sd;
        size_t n = rc_stat_mean_sd(src[j] + off, m, 1, &mean, &sd);
        if (n < 2)
            return rc_error_set(c->err, RC_ERRK_DATA,
                                "CV weights need at least 2 values of '%s' (got %zu)",
                                cid(c, j, b, sizeof b), n);
        if (!(mean > 0))
            return rc_error_set(c->err, RC_ERRK_DATA,
                                "CV weights need a positive mean, but '%s' has mean %g; use "
                                "ratio-scale raw data or a shifted normalisation",
                                cid(c, j, b, sizeof b), mean);
        w[j] = sd / mean;
    }
    if (normalise_sum(w, c->k) != 0) fallback(c, w, "every child is constant");
    return 0;
}

/* Marks constant (or near-empty) columns; returns how many are kept (their indices in use). */
static size_t usable_columns(wctx *c, size_t off, size_t m, double *sd, size_t *use)
{
    size_t nu = 0;
    for (size_t j = 0; j < c->k; j++) {
        double mean;
        size_t n = rc_stat_mean_sd(c->cols[j] + off, m, 1, &mean, &sd[j]);
        if (n >= 2 && sd[j] > 0) use[nu++] = j;
    }
    c->info->n_dropped = c->k - nu;
    return nu;
}

static int w_critic(wctx *c, size_t off, size_t m, double *w)
{
    double *sd = c->scratch;
    size_t *use = (size_t *)(void *)(c->scratch + c->k); /* k size_t fit in k doubles */
    size_t nu = usable_columns(c, off, m, sd, use);
    for (size_t j = 0; j < c->k; j++) w[j] = 0;
    if (nu == 0) {
        fallback(c, w, "every child is constant");
        return 0;
    }
    for (size_t a = 0; a < nu; a++) {
        double R = 0;
        for (size_t q = 0; q < nu; q++) {
            if (q == a) continue;
            double r = rcm_pearson(c->cols[use[a]] + off, c->cols[use[q]] + off, m);
            R += 1 - (isnan(r) ? 0 : r);
        }
        w[use[a]] = sd[use[a]] * R;
    }
    if (normalise_sum(w, c->k) != 0) {
        if (nu == 1) {
            set_equal(w, c->k, use, nu);
        } else {
            fallback(c, w, "no contrast between children");
        }
    }
    return 0;
}

/* Varimax rotation of the loadings A (p × nc, row-major) in place, Kaiser-normalised:
 * rows scaled to unit length, rotated, scaled back. The iteration and its stopping rule
 * are R's stats::varimax (normalize = TRUE, eps = 1e-5, at most 1000 steps):
 * B = Xᵀ(Z³ − Z·diag(Σ_i z²)/p), T = U Vᵀ from the SVD of B, stop when Σ singular values
 * grows by less than a factor 1 + eps, so the result equals R's to rounding. */
static int varimax(double *A, size_t p, size_t nc, rc_error *err)
{
    size_t n2 = nc * nc;
    double *buf = rc_reallocarray(NULL, p + 2 * p * nc + 6 * n2 + 2 * nc, sizeof(double));
    if (!buf) return rc_error_set(err, RC_ERRK_OTHER, "out of memory in varimax rotation");
    double *sc = buf, *x = sc + p, *z = x + p * nc, *T = z + p * nc, *B = T + n2, *U = B + n2,
           *Vt = U + n2, *Bc = Vt + n2, *Tn = Bc + n2, *S = Tn + n2, *sup = S + nc;
    for (size_t i = 0; i < p; i++) {
        double ss = 0;
        for (size_t q = 0; q < nc; q++) ss += A[i * nc + q] * A[i * nc + q];
        sc[i] = sqrt(ss);
        for (size_t q = 0; q < nc; q++) x[i * nc + q] = sc[i] > 0 ? A[i * nc + q] / sc[i] : 0;
    }
    for (size_t a = 0; a < nc; a++)
        for (size_t b = 0; b < nc; b++) T[a * nc + b] = a == b;
    double d = 0;
    int rc = 0;
    for (int iter = 0; iter < 1000; iter++) {
        /* z = x T */
        for (size_t i = 0; i < p; i++)
            for (size_t b = 0; b < nc; b++) {
                double v = 0;
                for (size_t a = 0; a < nc; a++) v += x[i * nc + a] * T[a * nc + b];
                z[i * nc + b] = v;
            }
        /* column means of z² (reuse S as scratch before the SVD overwrites it) */
        for (size_t b = 0; b < nc; b++) {
            double v = 0;
            for (size_t i = 0; i < p; i++) v += z[i * nc + b] * z[i * nc + b];
            S[b] = v / (double)p;
        }
        /* B = xᵀ (z³ − z·diag(S)) */
        for (size_t a = 0; a < nc; a++)
            for (size_t b = 0; b < nc; b++) {
                double v = 0;
                for (size_t i = 0; i < p; i++) {
                    double zz = z[i * nc + b];
                    v += x[i * nc + a] * (zz * zz * zz - zz * S[b]);
                }
                B[a * nc + b] = v;
            }
        memcpy(Bc, B, n2 * sizeof(double));
        lapack_int info = LAPACKE_dgesvd(LAPACK_ROW_MAJOR, 'A', 'A', (lapack_int)nc,
                                         (lapack_int)nc, Bc, (lapack_int)nc, S, U, (lapack_int)nc,
                                         Vt, (lapack_int)nc, sup);
        if (info != 0) {
            rc = rc_error_set(err, RC_ERRK_OTHER, "varimax rotation: SVD failed (%d)", (int)info);
            break;
        }
        for (size_t a = 0; a < nc; a++)
            for (size_t b = 0; b < nc; b++) {
                double v = 0;
                for (size_t q = 0; q < nc; q++) v += U[a * nc + q] * Vt[q * nc + b];
                Tn[a * nc + b] = v;
            }
        memcpy(T, Tn, n2 * sizeof(double));
        double dpast = d;
        d = 0;
        for (size_t q = 0; q < nc; q++) d += S[q];
        if (d < dpast * (1 + 1e-5)) break;
    }
    if (rc == 0)
        for (size_t i = 0; i < p; i++)
            for (size_t b = 0; b < nc; b++) {
                double v = 0;
                for (size_t a = 0; a < nc; a++) v += x[i * nc + a] * T[a * nc + b];
                A[i * nc + b] = v * sc[i];
            }
    free(buf);
    return rc;
}

static int w_pca(wctx *c, size_t off, size_t m, double *w, double *explained, size_t *kept)
{
    size_t k = c->k;
    double *sd = c->scratch;
    size_t *use = (size_t *)(void *)(c->scratch + k);
    double *R = c->scratch + 2 * k, *lam = R + k * k;
    size_t nu = usable_columns(c, off, m, sd, use);
    for (size_t j = 0; j < k; j++) w[j] = 0;
    *explained = NAN;
    *kept = 0;
    if (nu == 0) {
        fallback(c, w, "every child is constant");
        return 0;
    }
    if (nu == 1) {
        w[use[0]] = 1;
        *explained = 1;
        *kept = 1;
        return 0;
    }
    /* correlation over complete region-years only (listwise), as prcomp does */
    double *rows = lam + k; /* m × nu, complete rows */
    size_t nrow = 0;
    for (size_t i = 0; i < m; i++) {
        int ok = 1;
        for (size_t a = 0; a < nu && ok; a++) ok = !isnan(c->cols[use[a]][off + i]);
        if (!ok) continue;
        for (size_t a = 0; a < nu; a++) rows[a * m + nrow] = c->cols[use[a]][off + i];
        nrow++;
    }
    if (nrow < 3)
        return rc_error_set(c->err, RC_ERRK_DATA,
                            "PCA weights need at least 3 complete region-years (got %zu)", nrow);
    for (size_t a = 0; a < nu; a++)
        for (size_t b = 0; b < nu; b++) {
            double r = a == b ? 1 : rcm_pearson(rows + a * m, rows + b * m, nrow);
            R[a * nu + b] = isnan(r) ? 0 : r;
        }
    lapack_int info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int)nu, R,
                                    (lapack_int)nu, lam);
    if (info != 0)
        return rc_error_set(c->err, RC_ERRK_OTHER, "PCA eigen-decomposition failed (%d)",
                            (int)info);
    /* eigenvalues ascending; column q of R is the eigenvector of lam[q] */
    double total = 0;
    for (size_t q = 0; q < nu; q++) total += lam[q];
    /* components kept: a fixed count, or those above the threshold (at least one) */
    size_t p = 0;
    if (c->s->pca_components) {
        p = c->s->pca_components < nu ? c->s->pca_components : nu;
    } else {
        for (size_t q = nu; q-- > 0;) {
            if (p > 0 && !(lam[q] > c->s->pca_threshold)) break;
            p++;
        }
    }
    /* loadings a = u·√λ of the kept components, largest λ first (nu × p, row-major) */
    double *A = rc_reallocarray(NULL, nu * p, sizeof(double));
    if (!A) return rc_error_set(c->err, RC_ERRK_OTHER, "out of memory in PCA weights");
    double kept_sum = 0;
    for (size_t col = 0; col < p; col++) {
        size_t q = nu - 1 - col;
        double l = lam[q] > 0 ? lam[q] : 0;
        for (size_t a = 0; a < nu; a++) A[a * p + col] = R[a * nu + q] * sqrt(l);
        kept_sum += lam[q];
    }
    if (c->s->pca_rotation && p > 1 && varimax(A, nu, p, c->err) != 0) {
        free(A);
        return -1;
    }
    /* β_j = Σ_q η_q |a_jq| (or a²) with η_q = λ_q/Σλ, the unrotated variance shares */
    for (size_t col = 0; col < p; col++) {
        double eta = lam[nu - 1 - col] / total;
        for (size_t a = 0; a < nu; a++) {
            double load = A[a * p + col];
            w[use[a]] += eta * (c->s->pca_squared ? load * load : fabs(load));
        }
    }
    free(A);
    *explained = kept_sum / total;
    *kept = p;
    if (normalise_sum(w, k) != 0) fallback(c, w, "no component loads on any child");
    return 0;
}

static int w_ahp(wctx *c, double *w)
{
    const rc_weight_spec *s = c->s;
    char b[32];
    size_t k = c->k, n = s->ahp_n;
    if (!s->ahp_matrix || n != k)
        return rc_error_set(c->err, RC_ERRK_CONFIG,
                            "AHP matrix has order %zu but there are %zu children", n, k);
    double *v = c->scratch, lambda, cr;
    int ext;
    char where[512];
    if (s->node) rcm_where(rcm_get(s->node, "matrix") ? rcm_get(s->node, "matrix") : s->node,
                           where, sizeof where);
    else snprintf(where, sizeof where, "AHP weights");
    if (ahp_solve(s, s->ahp_matrix, n, v, &lambda, &cr, &ext, where, c->err) != 0) return -1;
    if (ahp_check_cr(cr, s->ahp_allow_inconsistent, where, c->err) != 0) return -1;
    c->info->ahp_cr = cr;
    if (ext)
        snprintf(c->info->warning, sizeof c->info->warning,
                 "AHP with %zu children: the random index beyond n = 10 differs between "
                 "sources (used %.2f)",
                 n, SAATY_RI[n]);
    for (size_t j = 0; j < k; j++) {
        size_t pos = j;
        if (s->ahp_order) {
            const char *id = c->ids ? c->ids[j] : NULL;
            for (pos = 0; pos < n; pos++)
                if (id && !strcmp(s->ahp_order[pos], id)) break;
            if (pos == n)
                return rc_error_set(c->err, RC_ERRK_CONFIG,
                                    "%s: child '%s' is not in the AHP 'order' list", where,
                                    cid(c, j, b, sizeof b));
        }
        w[j] = v[pos];
    }
    return 0;
}

int rc_weights_compute(const rc_weight_spec *s, const double *const *cols,
                       const double *const *raw_cols, size_t k, size_t nr, size_t ny,
                       const double *explicit_w, const char *const *child_ids, double *w,
                       rc_weight_info *info, rc_error *err)
{
    rc_weight_info dummy;
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    snprintf(info->method, sizeof info->method, "%s", rc_weight_method_name(s->method));
    info->ahp_cr = NAN;
    info->pca_explained = NAN;
    if (k == 0 || ny == 0) return 0;
    char b[32];
    wctx c = {s, cols, raw_cols, k, child_ids, info, err, NULL};

    if (s->method == RC_W_EQUAL || s->method == RC_W_EXPLICIT) {
        double *w0 = w; /* first year, copied to the others below */
        if (s->method == RC_W_EQUAL) {
            set_equal(w0, k, NULL, k);
        } else {
            for (size_t j = 0; j < k; j++) {
                double x = explicit_w ? explicit_w[j] : NAN;
                if (isnan(x))
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "explicit weights need a 'weight:' on every child, but "
                                        "'%s' has none",
                                        cid(&c, j, b, sizeof b));
                if (x < 0 || !isfinite(x))
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "weight of '%s' must be a finite number ≥ 0 (got %g)",
                                        cid(&c, j, b, sizeof b), x);
                w0[j] = x;
            }
            if (normalise_sum(w0, k) != 0)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "explicit weights sum to 0; give at least one child a "
                                    "positive weight");
        }
        for (size_t t = 1; t < ny; t++) memcpy(w + t * k, w0, k * sizeof *w);
        return 0;
    }

    size_t m = s->scope == RC_SCOPE_POOLED ? nr * ny : nr;
    size_t n_scratch = 2 * k + k * k + k + m * k + 8;
    if (!(c.scratch = rc_reallocarray(NULL, n_scratch, sizeof(double))))
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory computing weights");
    int rc = 0;
    size_t n_scopes = s->method == RC_W_AHP || s->scope == RC_SCOPE_POOLED ? 1 : ny;
    double expl_sum = 0;
    for (size_t g = 0; g < n_scopes && rc == 0; g++) {
        size_t off = g * nr;
        double *wg = w + g * k;
        double expl = NAN;
        size_t kept = 0;
        switch (s->method) {
        case RC_W_ENTROPY: rc = w_entropy(&c, off, m, wg); break;
        case RC_W_CRITIC: rc = w_critic(&c, off, m, wg); break;
        case RC_W_CV: rc = w_cv(&c, off, m, wg); break;
        case RC_W_PCA:
            rc = w_pca(&c, off, m, wg, &expl, &kept);
            expl_sum += expl;
            if (kept > info->pca_kept) info->pca_kept = kept;
            break;
        case RC_W_AHP: rc = w_ahp(&c, wg); break;
        default: rc = rc_error_set(err, RC_ERRK_OTHER, "unknown weighting method"); break;
        }
    }
    if (s->method == RC_W_PCA) info->pca_explained = expl_sum / (double)n_scopes;
    if (rc == 0 && n_scopes == 1)
        for (size_t t = 1; t < ny; t++) memcpy(w + t * k, w, k * sizeof *w);
    free(c.scratch);
    if (rc != 0 && s->method != RC_W_AHP && s->scope == RC_SCOPE_PER_YEAR && n_scopes > 1)
        rc_error_prefix(err, "%s weights (per year): ", W_NAMES[s->method]);
    return rc;
}
