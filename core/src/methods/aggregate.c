/* methods/aggregate.c — aggregation of child columns into one score column (weighted
 * arithmetic, weighted geometric, TOPSIS, MPI, AMPI), the missing-child policy, and the
 * parsing of `aggregate:` and `missing:` from their config nodes. Formulas and choices:
 * docs/methods.md "## Aggregation". */
#include "methods/methods.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/internal.h"
#include "util/str.h"

static const char *const k_methods[] = {"arithmetic", "geometric", "topsis", "mpi", "ampi"};
#define N_METHODS (sizeof k_methods / sizeof k_methods[0])

const char *rc_agg_method_name(rc_agg_method m)
{
    return (unsigned)m < N_METHODS ? k_methods[m] : "?";
}

/* ---------------- parsing ---------------- */

void rc_agg_default(rc_agg_spec *out)
{
    memset(out, 0, sizeof *out);
    out->method = RC_AGG_ARITHMETIC;
    out->shift = 0.0;
    out->topsis_vector = 0;
    out->topsis_scope = RC_SCOPE_POOLED;
    out->mpi_penalty = -1;
    out->mpi_ddof = 0;
    out->ampi_ref_year = 0;
    out->node = NULL;
}

void rc_agg_free(rc_agg_spec *s)
{
    (void)s; /* the spec owns no memory */
}

/* The parameters each method accepts, for validation and for the error text. */
static const char *const k_params_arith[] = {"method"};
static const char *const k_params_geo[] = {"method", "shift"};
static const char *const k_params_topsis[] = {"method", "form", "scope"};
static const char *const k_params_mpi[] = {"method", "sd", "penalty"};
static const char *const k_params_ampi[] = {"method", "ref_year", "sd", "penalty"};

static void method_params(rc_agg_method m, const char *const **names, size_t *n)
{
    switch (m) {
    case RC_AGG_GEOMETRIC: *names = k_params_geo; *n = 2; break;
    case RC_AGG_TOPSIS: *names = k_params_topsis; *n = 3; break;
    case RC_AGG_MPI: *names = k_params_mpi; *n = 3; break;
    case RC_AGG_AMPI: *names = k_params_ampi; *n = 4; break;
    default: *names = k_params_arith; *n = 1; break;
    }
}

static int parse_method_word(const struct rc_node *n, rc_agg_method *m, rc_error *err)
{
    int i = 0;
    if (rcm_choice(n, "aggregation method", "aggregation method", k_methods, N_METHODS, &i, err))
        return -1;
    *m = (rc_agg_method)i;
    return 0;
}

/* One of `names` as the value of parameter `key`. */
static int parse_choice(const struct rc_node *v, const char *key, const char *const *names,
                        size_t n, int *idx, rc_error *err)
{
    char label[64], what[64];
    snprintf(label, sizeof label, "'%s'", key);
    snprintf(what, sizeof what, "value for '%s'", key);
    return rcm_choice(v, label, what, names, n, idx, err);
}

int rc_agg_parse(const struct rc_node *node, const rc_agg_spec *inherit, rc_agg_spec *out,
                 rc_error *err)
{
    char where[512];
    rc_agg_spec s;
    if (inherit) s = *inherit; else rc_agg_default(&s);
    if (!node) {
        *out = s;
        return 0;
    }
    if (node->kind == RC_NODE_SCALAR) {
        rc_agg_method m;
        if (parse_method_word(node, &m, err)) return -1;
        rc_agg_default(&s);
        s.method = m;
        s.node = node;
        *out = s;
        return 0;
    }
    if (node->kind != RC_NODE_MAP) {
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'aggregate' must be a method name or a mapping such as "
                            "{method: geometric, shift: 0.0001}",
                            rcm_where(node, where, sizeof where));
    }
    /* method first: it decides which parameters are valid */
    for (size_t i = 0; i < node->n; i++) {
        if (node->keys && strcmp(node->keys[i], "method") == 0) {
            rc_agg_method m;
            if (parse_method_word(node->items[i], &m, err)) return -1;
            if (m != s.method) rc_agg_default(&s);
            s.method = m;
        }
    }
    const char *const *params;
    size_t np;
    method_params(s.method, &params, &np);
    for (size_t i = 0; i < node->n; i++) {
        const char *key = node->keys ? node->keys[i] : "";
        const struct rc_node *v = node->items[i];
        if (rcm_find_word(key, params, np) < 0) {
            char what[96];
            snprintf(what, sizeof what, "parameter for aggregation '%s'", k_methods[s.method]);
            return rcm_unknown_word(err, rcm_key_where(node, i, where, sizeof where), what, key,
                                    params, np);
        }
        if (strcmp(key, "method") == 0) continue;
        if (strcmp(key, "shift") == 0) {
            double d;
            if (rcm_plain_number(v, &d) || d < 0) {
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: 'shift' must be a number ≥ 0 (e.g. 0.0001)",
                                    rcm_where(v, where, sizeof where));
            }
            s.shift = d;
        } else if (strcmp(key, "form") == 0) {
            static const char *const forms[] = {"minmax", "vector"};
            int idx = 0;
            if (parse_choice(v, key, forms, 2, &idx, err)) return -1;
            s.topsis_vector = idx;
        } else if (strcmp(key, "scope") == 0) {
            static const char *const scopes[] = {"pooled", "per_year"};
            int idx = 0;
            if (parse_choice(v, key, scopes, 2, &idx, err)) return -1;
            s.topsis_scope = idx ? RC_SCOPE_PER_YEAR : RC_SCOPE_POOLED;
        } else if (strcmp(key, "sd") == 0) {
            static const char *const sds[] = {"population", "sample"};
            int idx = 0;
            if (parse_choice(v, key, sds, 2, &idx, err)) return -1;
            s.mpi_ddof = idx;
        } else if (strcmp(key, "penalty") == 0) {
            static const char *const pens[] = {"negative", "positive"};
            int idx = 0;
            if (parse_choice(v, key, pens, 2, &idx, err)) return -1;
            s.mpi_penalty = idx ? +1 : -1;
        } else if (strcmp(key, "ref_year") == 0) {
            double d;
            if (rcm_plain_number(v, &d) || d != floor(d) || d < 1 || d > 99999) {
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: 'ref_year' must be a year such as 2020",
                                    rcm_where(v, where, sizeof where));
            }
            s.ampi_ref_year = (int)d;
        }
    }
    s.node = node;
    *out = s;
    return 0;
}

void rc_missing_default(rc_missing_spec *out)
{
    memset(out, 0, sizeof *out);
    out->policy = RC_MISSING_AVAILABLE;
    out->min_coverage = 0.0;
    out->indicator_coverage = 0.5;
}

static int parse_policy_word(const struct rc_node *n, rc_missing_policy *out, rc_error *err)
{
    static const char *const names[] = {"available", "strict"};
    int i = 0;
    if (rcm_choice(n, "'missing'", "missing policy", names, 2, &i, err)) return -1;
    *out = i ? RC_MISSING_STRICT : RC_MISSING_AVAILABLE;
    return 0;
}

/* A share in [0, 1] as the value of `key`. */
static int parse_share(const struct rc_node *v, const char *key, double *out, rc_error *err)
{
    char where[512];
    double d;
    if (rcm_plain_number(v, &d) || d < 0.0 || d > 1.0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: '%s' must be a share between 0 and 1 (e.g. 0.75)",
                            rcm_where(v, where, sizeof where), key);
    *out = d;
    return 0;
}

int rc_missing_parse_spec(const struct rc_node *node, const rc_missing_spec *inherit,
                          rc_missing_spec *out, rc_error *err)
{
    char where[512];
    rc_missing_spec s;
    if (inherit) s = *inherit; else rc_missing_default(&s);
    if (!node) {
        *out = s;
        return 0;
    }
    if (node->kind == RC_NODE_SCALAR) {
        if (parse_policy_word(node, &s.policy, err)) return -1;
        s.min_coverage = s.policy == RC_MISSING_STRICT ? 1.0 : 0.0;
        s.node = node;
        *out = s;
        return 0;
    }
    if (node->kind != RC_NODE_MAP)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'missing' must be available, strict or a mapping such as "
                            "{min_coverage: 0.75}", rcm_where(node, where, sizeof where));
    static const char *const params[] = {"method", "min_coverage", "indicator_coverage"};
    if (rcm_check_keys(node, params, 3, "missing rule", err)) return -1;
    const struct rc_node *m = rcm_get(node, "method"), *mc = rcm_get(node, "min_coverage"),
                         *ic = rcm_get(node, "indicator_coverage");
    if (m) {
        if (parse_policy_word(m, &s.policy, err)) return -1;
        s.min_coverage = s.policy == RC_MISSING_STRICT ? 1.0 : 0.0;
    }
    if (mc) {
        if (parse_share(mc, "min_coverage", &s.min_coverage, err)) return -1;
        if (m && s.policy == RC_MISSING_STRICT && s.min_coverage < 1.0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'min_coverage' below 1 contradicts method strict (strict "
                                "needs every child); use method: available",
                                rcm_where(mc, where, sizeof where));
        s.policy = s.min_coverage >= 1.0 ? RC_MISSING_STRICT : RC_MISSING_AVAILABLE;
    }
    if (ic && parse_share(ic, "indicator_coverage", &s.indicator_coverage, err)) return -1;
    s.node = node;
    *out = s;
    return 0;
}

int rc_missing_parse(const struct rc_node *node, rc_missing_policy *out, rc_error *err)
{
    rc_missing_spec s;
    rc_missing_default(&s);
    if (rc_missing_parse_spec(node, &s, &s, err)) return -1;
    *out = s.policy;
    return 0;
}

/* ---------------- naming cells in messages ---------------- */

static void cell_name(char *buf, size_t size, const char *const *child_ids,
                      const char *const *region_ids, const int *years, size_t j, size_t r,
                      size_t t)
{
    char rb[32], yb[32], cb[32];
    snprintf(rb, sizeof rb, "#%zu", r + 1);
    snprintf(cb, sizeof cb, "#%zu", j + 1);
    if (years) snprintf(yb, sizeof yb, "%d", years[t]);
    else snprintf(yb, sizeof yb, "#%zu", t + 1);
    snprintf(buf, size, "region %s, year %s, indicator %s",
             region_ids && region_ids[r] ? region_ids[r] : rb, yb,
             child_ids && child_ids[j] ? child_ids[j] : cb);
}

/* ---------------- arithmetic and geometric ---------------- */

/* The message for a cell that geometric aggregation cannot take (x + shift ≤ 0). */
static int geo_error(const rc_agg_spec *s, double x, const char *const *child_ids,
                     const char *const *region_ids, const int *years, size_t j, size_t r,
                     size_t t, rc_error *err)
{
    char name[256];
    cell_name(name, sizeof name, child_ids, region_ids, years, j, r, t);
    if (s->shift > 0.0) {
        return rc_error_set(err, RC_ERRK_DATA,
                            "geometric aggregation needs x + shift > 0: %s has %.17g with "
                            "shift %.17g; raise 'shift' or normalise to a range above 0",
                            name, x, s->shift);
    }
    return rc_error_set(err, RC_ERRK_DATA,
                        "geometric aggregation needs positive values: %s is %.17g; set "
                        "'shift' (e.g. {method: geometric, shift: 0.0001}) or normalise to a "
                        "range above 0",
                        name, x);
}

/* Weighted arithmetic or geometric mean, one block of regions at a time with the children
 * in the outer loop (each cell still sums its children in order, so the bits are those of
 * a cell-by-cell loop; the block lets the compiler stream each column). The first bad cell
 * reported is the first in (year, region, child) order. */
enum { AGG_BLOCK = 256 };

static int agg_mean(const rc_agg_spec *s, const double *const *cols, const double *const *logs,
                    size_t k, size_t nr, size_t ny, const double *w, rc_missing_policy missing,
                    const char *const *child_ids, const char *const *region_ids,
                    const int *years, double *out, rc_error *err)
{
    int geo = s->method == RC_AGG_GEOMETRIC;
    double acc[AGG_BLOCK], wsum[AGG_BLOCK];
    unsigned char any[AGG_BLOCK], any_missing[AGG_BLOCK];
    for (size_t t = 0; t < ny; t++) {
        const double *wt = w + t * k;
        for (size_t r0 = 0; r0 < nr; r0 += AGG_BLOCK) {
            size_t nb = nr - r0 < AGG_BLOCK ? nr - r0 : AGG_BLOCK;
            size_t base = t * nr + r0;
            for (size_t b = 0; b < nb; b++) {
                acc[b] = wsum[b] = 0.0;
                any[b] = any_missing[b] = 0;
            }
            int bad = 0;
            for (size_t j = 0; j < k; j++) {
                const double *x = cols[j] + base;
                double wj = wt[j];
                if (isnan(wj)) {
                    for (size_t b = 0; b < nb; b++) any_missing[b] = 1;
                    continue;
                }
                const double *l = geo && logs && logs[j] ? logs[j] + base : NULL;
                if (l || !geo) { /* no check to make: a select, not a branch, per cell */
                    const double *v = l ? l : x;
                    for (size_t b = 0; b < nb; b++) {
                        int m = isnan(x[b]) != 0;
                        any_missing[b] |= (unsigned char)m;
                        any[b] |= (unsigned char)!m;
                        /* adding +0.0 leaves a sum that starts at +0.0 bit for bit */
                        acc[b] += m ? 0.0 : wj * v[b];
                        wsum[b] += m ? 0.0 : wj;
                    }
                    continue;
                }
                for (size_t b = 0; b < nb; b++) {
                    if (isnan(x[b])) {
                        any_missing[b] = 1;
                        continue;
                    }
                    double v;
                    if (l) {
                        v = l[b]; /* ln(x + shift), checked by the caller */
                    } else if (geo) {
                        double y = x[b] + s->shift;
                        if (!(y > 0.0)) {
                            bad = 1;
                            continue;
                        }
                        v = log(y);
                    } else {
                        v = x[b];
                    }
                    acc[b] += wj * v;
                    wsum[b] += wj;
                    any[b] = 1;
                }
            }
            if (bad) /* report the first bad cell in cell order */
                for (size_t b = 0; b < nb; b++)
                    for (size_t j = 0; j < k; j++) {
                        double x = cols[j][base + b];
                        if (isnan(x) || isnan(wt[j]) || (logs && logs[j])) continue;
                        if (!(x + s->shift > 0.0))
                            return geo_error(s, x, child_ids, region_ids, years, j, r0 + b, t,
                                             err);
                    }
            for (size_t b = 0; b < nb; b++) {
                if (!any[b] || (any_missing[b] && missing == RC_MISSING_STRICT) ||
                    !(wsum[b] > 0.0))
                    out[base + b] = NAN;
                else
                    out[base + b] = geo ? exp(acc[b] / wsum[b]) : acc[b] / wsum[b];
            }
        }
    }
    return 0;
}

/* ---------------- TOPSIS ---------------- */

/* r of one value: itself (min-max form: the column is already normalised) or x / ‖x‖. */
static double topsis_r(int vector, double norm, double x)
{
    if (!vector) return x;
    return norm > 0.0 ? x / norm : 0.0;
}

static int topsis_impl(const rc_agg_spec *s, const double *const *cols, size_t k, size_t nr,
                       size_t ny, const double *w, rc_missing_policy missing, double *cc,
                       double *dplus, double *dminus, rc_error *err)
{
    size_t nscope = s->topsis_scope == RC_SCOPE_PER_YEAR ? ny : 1;
    /* per scope and child: vector norm, ideal and anti-ideal of v = w r */
    double *buf = rc_calloc(nscope * k * 3 + 1, sizeof *buf);
    double *dp = rc_calloc(ny * nr + 1, sizeof *dp);
    double *dm = rc_calloc(ny * nr + 1, sizeof *dm);
    if (!buf || !dp || !dm) {
        free(buf), free(dp), free(dm);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory in TOPSIS aggregation");
    }
    double *norm = buf, *vhi = buf + nscope * k, *vlo = buf + 2 * nscope * k;
    for (size_t i = 0; i < nscope * k; i++) {
        norm[i] = 0.0;
        vhi[i] = -INFINITY;
        vlo[i] = INFINITY;
    }
    if (s->topsis_vector) {
        for (size_t t = 0; t < ny; t++) {
            size_t sc = nscope == 1 ? 0 : t;
            for (size_t j = 0; j < k; j++) {
                for (size_t r = 0; r < nr; r++) {
                    double x = cols[j][t * nr + r];
                    if (!isnan(x)) norm[sc * k + j] += x * x;
                }
            }
        }
        for (size_t i = 0; i < nscope * k; i++) norm[i] = sqrt(norm[i]);
    }
    for (size_t t = 0; t < ny; t++) {
        size_t sc = nscope == 1 ? 0 : t;
        for (size_t j = 0; j < k; j++) {
            for (size_t r = 0; r < nr; r++) {
                double x = cols[j][t * nr + r];
                if (isnan(x) || isnan(w[t * k + j])) continue;
                double v = w[t * k + j] * topsis_r(s->topsis_vector, norm[sc * k + j], x);
                if (v > vhi[sc * k + j]) vhi[sc * k + j] = v;
                if (v < vlo[sc * k + j]) vlo[sc * k + j] = v;
            }
        }
    }
    for (size_t t = 0; t < ny; t++) {
        size_t sc = nscope == 1 ? 0 : t;
        for (size_t r = 0; r < nr; r++) {
            size_t cell = t * nr + r;
            double a = 0.0, b = 0.0;
            int any = 0, any_missing = 0;
            for (size_t j = 0; j < k; j++) {
                double x = cols[j][cell];
                if (isnan(x) || isnan(w[t * k + j])) {
                    any_missing = 1;
                    continue;
                }
                double v = w[t * k + j] * topsis_r(s->topsis_vector, norm[sc * k + j], x);
                a += (v - vhi[sc * k + j]) * (v - vhi[sc * k + j]);
                b += (v - vlo[sc * k + j]) * (v - vlo[sc * k + j]);
                any = 1;
            }
            if (!any || (any_missing && missing == RC_MISSING_STRICT)) {
                dp[cell] = dm[cell] = NAN;
                cc[cell] = NAN;
                continue;
            }
            dp[cell] = sqrt(a);
            dm[cell] = sqrt(b);
            /* all units identical on every child: no ideal to be close to; the middle */
            cc[cell] = dp[cell] + dm[cell] > 0.0 ? dm[cell] / (dp[cell] + dm[cell]) : 0.5;
        }
    }
    if (dplus) memcpy(dplus, dp, ny * nr * sizeof *dp);
    if (dminus) memcpy(dminus, dm, ny * nr * sizeof *dm);
    free(buf);
    free(dp);
    free(dm);
    (void)err;
    return 0;
}

int rc_topsis(const rc_agg_spec *s, const double *const *cols, size_t k, size_t nr,
              size_t ny, const double *w, rc_missing_policy missing, double *closeness,
              double *dplus, double *dminus, rc_error *err)
{
    if (!s || (k && !cols) || (k && !w) || !closeness) {
        return rc_error_set(err, RC_ERRK_OTHER, "rc_topsis: missing argument");
    }
    return topsis_impl(s, cols, k, nr, ny, w, missing, closeness, dplus, dminus, err);
}

/* ---------------- MPI and AMPI ---------------- */

/* The penalised mean of one region-year's standardised values z (m of them). */
static double mpi_combine(const double *z, size_t m, int ddof, int penalty)
{
    double mean = 0.0;
    for (size_t j = 0; j < m; j++) mean += z[j];
    mean /= (double)m;
    double ss = 0.0;
    for (size_t j = 0; j < m; j++) ss += (z[j] - mean) * (z[j] - mean);
    double sd = m > (size_t)ddof ? sqrt(ss / (double)(m - (size_t)ddof)) : 0.0;
    /* M ± S·cv with cv = S/M; M > 0 always on the 100 ± 10 z and 70–130 scales */
    return mean + (double)penalty * sd * sd / mean;
}

static int agg_mpi(const rc_agg_spec *s, const double *const *cols, size_t k, size_t nr,
                   size_t ny, rc_missing_policy missing, const char *const *child_ids,
                   const int *years, double *out, rc_error *err)
{
    int ampi = s->method == RC_AGG_AMPI;
    /* per-child parameters: MPI per year (mean, sd), AMPI once (min, max of goalposts) */
    size_t npar = ampi ? k : k * ny;
    double *pa = rc_calloc(2 * npar + k + 1, sizeof *pa);
    if (!pa) return rc_error_set(err, RC_ERRK_OTHER, "out of memory in MPI aggregation");
    double *pb = pa + npar, *z = pa + 2 * npar;
    if (ampi) {
        size_t tref = 0;
        if (s->ampi_ref_year != 0) {
            size_t t = 0;
            for (; years && t < ny; t++) {
                if (years[t] == s->ampi_ref_year) break;
            }
            if (!years || t == ny) {
                free(pa);
                return rc_error_set(err, RC_ERRK_DATA,
                                    "AMPI reference year %d is not among the panel's years "
                                    "(%d–%d); set 'ref_year' to one of them",
                                    s->ampi_ref_year, years && ny ? years[0] : 0,
                                    years && ny ? years[ny - 1] : 0);
            }
            tref = t;
        }
        for (size_t j = 0; j < k; j++) {
            double lo = INFINITY, hi = -INFINITY, ref = 0.0;
            size_t nref = 0;
            for (size_t t = 0; t < ny; t++) {
                for (size_t r = 0; r < nr; r++) {
                    double x = cols[j][t * nr + r];
                    if (isnan(x)) continue;
                    if (x < lo) lo = x;
                    if (x > hi) hi = x;
                    if (t == tref) {
                        ref += x;
                        nref++;
                    }
                }
            }
            if (nref == 0) {
                char yb[32];
                if (years && ny) snprintf(yb, sizeof yb, "%d", years[tref]);
                else snprintf(yb, sizeof yb, "#%zu", tref + 1);
                free(pa);
                return rc_error_set(err, RC_ERRK_DATA,
                                    "AMPI: indicator %s has no value in the reference year %s; "
                                    "choose another 'ref_year' or impute",
                                    child_ids && child_ids[j] ? child_ids[j] : "?", yb);
            }
            ref /= (double)nref;
            double delta = (hi - lo) / 2.0;
            pa[j] = ref - delta; /* Min */
            pb[j] = ref + delta; /* Max */
        }
    } else {
        for (size_t t = 0; t < ny; t++) {
            for (size_t j = 0; j < k; j++) {
                double mean = 0.0, ss = 0.0;
                size_t n = 0;
                for (size_t r = 0; r < nr; r++) {
                    double x = cols[j][t * nr + r];
                    if (isnan(x)) continue;
                    mean += x;
                    n++;
                }
                if (n) mean /= (double)n;
                for (size_t r = 0; r < nr; r++) {
                    double x = cols[j][t * nr + r];
                    if (!isnan(x)) ss += (x - mean) * (x - mean);
                }
                pa[t * k + j] = mean;
                pb[t * k + j] = n > (size_t)s->mpi_ddof ? sqrt(ss / (double)(n - (size_t)s->mpi_ddof)) : 0.0;
            }
        }
    }
    for (size_t t = 0; t < ny; t++) {
        for (size_t r = 0; r < nr; r++) {
            size_t cell = t * nr + r, m = 0;
            int any_missing = 0;
            for (size_t j = 0; j < k; j++) {
                double x = cols[j][cell];
                if (isnan(x)) {
                    any_missing = 1;
                    continue;
                }
                if (ampi) {
                    double span = pb[j] - pa[j];
                    z[m++] = span > 0.0 ? 60.0 * (x - pa[j]) / span + 70.0 : 100.0;
                } else {
                    double mean = pa[t * k + j], sd = pb[t * k + j];
                    z[m++] = sd > 0.0 ? 100.0 + 10.0 * (x - mean) / sd : 100.0;
                }
            }
            if (m == 0 || (any_missing && missing == RC_MISSING_STRICT)) {
                out[cell] = NAN;
            } else {
                out[cell] = mpi_combine(z, m, s->mpi_ddof, s->mpi_penalty);
            }
        }
    }
    free(pa);
    return 0;
}

/* ---------------- entry point ---------------- */

int rc_aggregate(const rc_agg_spec *s, const double *const *cols, size_t k, size_t nr,
                 size_t ny, const double *w, rc_missing_policy missing,
                 const char *const *child_ids, const char *const *region_ids,
                 const int *years, double *out, rc_error *err)
{
    return rc_aggregate_logs(s, cols, NULL, k, nr, ny, w, missing, child_ids, region_ids, years,
                             out, err);
}

int rc_aggregate_logs(const rc_agg_spec *s, const double *const *cols,
                      const double *const *logs, size_t k, size_t nr, size_t ny, const double *w,
                      rc_missing_policy missing, const char *const *child_ids,
                      const char *const *region_ids, const int *years, double *out,
                      rc_error *err)
{
    if (!s || (k && !cols) || !out) {
        return rc_error_set(err, RC_ERRK_OTHER, "rc_aggregate: missing argument");
    }
    int weighted = s->method != RC_AGG_MPI && s->method != RC_AGG_AMPI;
    if (weighted && k && !w) {
        return rc_error_set(err, RC_ERRK_OTHER, "rc_aggregate: weights are required for %s",
                            k_methods[s->method]);
    }
    if (k == 0) {
        for (size_t i = 0; i < ny * nr; i++) out[i] = NAN;
        return 0;
    }
    switch (s->method) {
    case RC_AGG_ARITHMETIC:
    case RC_AGG_GEOMETRIC:
        return agg_mean(s, cols, logs, k, nr, ny, w, missing, child_ids, region_ids, years, out,
                        err);
    case RC_AGG_TOPSIS:
        return topsis_impl(s, cols, k, nr, ny, w, missing, out, NULL, NULL, err);
    case RC_AGG_MPI:
    case RC_AGG_AMPI:
        return agg_mpi(s, cols, k, nr, ny, missing, child_ids, years, out, err);
    }
    return rc_error_set(err, RC_ERRK_OTHER, "rc_aggregate: unknown method %d", (int)s->method);
}
