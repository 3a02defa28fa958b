/* methods/impute.c — filling missing panel cells of one indicator column (mean, median,
 * group mean, last observation carried forward, linear interpolation) and parsing
 * `impute:`. Formulas and choices: docs/methods.md "## Imputation". */
#include "methods/methods.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/internal.h"
#include "util/str.h"

static const char *const k_methods[] = {"none", "mean", "median", "group_mean", "locf", "linear",
                                        "constant"};
#define N_METHODS (sizeof k_methods / sizeof k_methods[0])

const char *rc_impute_method_name(rc_impute_method m)
{
    return (unsigned)m < N_METHODS ? k_methods[m] : "?";
}

/* ---------------- parsing ---------------- */

void rc_impute_free(rc_impute_spec *s)
{
    if (!s) return;
    free(s->group);
    s->group = NULL;
}

static int method_word(const struct rc_node *n, rc_impute_method *m, rc_error *err)
{
    int i = 0;
    if (rcm_choice(n, "imputation method", "imputation method", k_methods, N_METHODS, &i, err))
        return -1;
    *m = (rc_impute_method)i;
    return 0;
}

int rc_impute_parse(const struct rc_node *node, const rc_impute_spec *inherit,
                    rc_impute_spec *out, rc_error *err)
{
    char where[512];
    rc_impute_spec s;
    memset(&s, 0, sizeof s);
    s.method = RC_IMPUTE_NONE;
    s.scope = RC_SCOPE_PER_YEAR;
    const char *group = NULL;
    if (inherit) {
        s.method = inherit->method;
        s.scope = inherit->scope;
        s.node = inherit->node;
        s.value = inherit->value;
        group = inherit->group;
    }
    int has_value = s.method == RC_IMPUTE_CONSTANT;
    if (node && node->kind == RC_NODE_SCALAR) {
        if (method_word(node, &s.method, err)) return -1;
        s.scope = RC_SCOPE_PER_YEAR;
        group = NULL;
        s.node = node;
        has_value = 0;
    } else if (node && node->kind == RC_NODE_MAP) {
        static const char *const params[] = {"method", "scope", "group", "value"};
        for (size_t i = 0; i < node->n; i++) {
            if (node->keys && strcmp(node->keys[i], "method") == 0) {
                rc_impute_method m = RC_IMPUTE_NONE; /* set unless method_word fails */
                if (method_word(node->items[i], &m, err)) return -1;
                if (m != s.method) {
                    s.scope = RC_SCOPE_PER_YEAR;
                    group = NULL;
                    has_value = 0;
                }
                s.method = m;
            }
        }
        for (size_t i = 0; i < node->n; i++) {
            const char *key = node->keys ? node->keys[i] : "";
            const struct rc_node *v = node->items[i];
            int which = rcm_find_word(key, params, 4);
            int ok_for_method = which == 0 ||
                                (which == 1 && (s.method == RC_IMPUTE_MEAN || s.method == RC_IMPUTE_MEDIAN ||
                                                s.method == RC_IMPUTE_GROUP_MEAN)) ||
                                (which == 2 && s.method == RC_IMPUTE_GROUP_MEAN) ||
                                (which == 3 && s.method == RC_IMPUTE_CONSTANT);
            if (which < 0 || !ok_for_method) {
                const char *valid[3];
                size_t nv = 0;
                valid[nv++] = "method";
                if (s.method == RC_IMPUTE_MEAN || s.method == RC_IMPUTE_MEDIAN || s.method == RC_IMPUTE_GROUP_MEAN)
                    valid[nv++] = "scope";
                if (s.method == RC_IMPUTE_GROUP_MEAN) valid[nv++] = "group";
                if (s.method == RC_IMPUTE_CONSTANT) valid[nv++] = "value";
                char what[96];
                snprintf(what, sizeof what, "parameter for imputation '%s'", k_methods[s.method]);
                return rcm_unknown_word(err, rcm_key_where(node, i, where, sizeof where), what,
                                        key, valid, nv);
            }
            if (which == 1) {
                static const char *const scopes[] = {"per_year", "pooled"};
                int idx = 0;
                if (rcm_choice(v, NULL, "value for 'scope'", scopes, 2, &idx, err)) return -1;
                s.scope = idx == 0 ? RC_SCOPE_PER_YEAR : RC_SCOPE_POOLED;
            } else if (which == 2) {
                const char *gv = rcm_str(v);
                if (!gv || !*gv) {
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "%s: 'group' must name a grouping label of the regions "
                                        "(e.g. group: province)",
                                        rcm_where(v, where, sizeof where));
                }
                group = gv;
            } else if (which == 3) {
                double d;
                if (rcm_number(v, &d) != 0)
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "%s: 'value' must be a finite number (e.g. value: 0)",
                                        rcm_where(v, where, sizeof where));
                s.value = d;
                has_value = 1;
            }
        }
        s.node = node;
    } else if (node) {
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'impute' must be a method name or a mapping such as "
                            "{method: median, scope: pooled}",
                            rcm_where(node, where, sizeof where));
    }
    if (s.method == RC_IMPUTE_CONSTANT && !has_value)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: imputation 'constant' needs the fill value: {method: constant, "
                            "value: 0}", rcm_where(node, where, sizeof where));
    if (group) {
        s.group = rc_strdup(group);
        if (!s.group) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    }
    *out = s;
    return 0;
}

/* ---------------- imputation ---------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Mean or median of the n values in v (n > 0); sorts v for the median. */
static double centre(double *v, size_t n, int median)
{
    if (!median) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) sum += v[i];
        return sum / (double)n;
    }
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static void fill(double *x, size_t cell, size_t nr, double value, rc_impute_cb cb, void *user)
{
    x[cell] = value;
    if (cb) cb(user, cell % nr, cell / nr, value);
}

/* mean / median, per year or pooled. The centres are computed from the observed values
 * before any cell is filled. */
static int impute_centre(const rc_impute_spec *s, double *x, size_t nr, size_t ny,
                         rc_impute_cb cb, void *user, rc_error *err)
{
    int median = s->method == RC_IMPUTE_MEDIAN;
    size_t nscope = s->scope == RC_SCOPE_POOLED ? 1 : ny;
    double *buf = rc_malloc((ny * nr + nscope + 1) * sizeof *buf);
    if (!buf) return rc_error_set(err, RC_ERRK_OTHER, "out of memory in imputation");
    double *c = buf + ny * nr;
    size_t per = s->scope == RC_SCOPE_POOLED ? ny * nr : nr;
    for (size_t sc = 0; sc < nscope; sc++) {
        size_t n = 0;
        for (size_t i = 0; i < per; i++) {
            double v = x[sc * per + i];
            if (!isnan(v)) buf[n++] = v;
        }
        c[sc] = n ? centre(buf, n, median) : NAN;
    }
    for (size_t cell = 0; cell < ny * nr; cell++) {
        if (!isnan(x[cell])) continue;
        double v = c[nscope == 1 ? 0 : cell / nr];
        if (!isnan(v)) fill(x, cell, nr, v, cb, user);
    }
    free(buf);
    return 0;
}

static int impute_group(const rc_impute_spec *s, double *x, size_t nr, size_t ny,
                        const size_t *group_of_region, size_t n_groups, rc_impute_cb cb,
                        void *user, rc_error *err)
{
    if (!group_of_region || n_groups == 0) {
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "group_mean imputation needs a grouping of the regions ('group: "
                            "<label>' naming a column of the regions table)");
    }
    for (size_t r = 0; r < nr; r++) {
        if (group_of_region[r] >= n_groups) {
            return rc_error_set(err, RC_ERRK_DATA,
                                "group_mean imputation: region #%zu has group index %zu, but "
                                "there are only %zu groups",
                                r + 1, group_of_region[r], n_groups);
        }
    }
    size_t nscope = s->scope == RC_SCOPE_POOLED ? 1 : ny;
    double *sum = rc_calloc(nscope * n_groups * 2 + 1, sizeof *sum);
    if (!sum) return rc_error_set(err, RC_ERRK_OTHER, "out of memory in imputation");
    double *cnt = sum + nscope * n_groups;
    for (size_t cell = 0; cell < ny * nr; cell++) {
        if (isnan(x[cell])) continue;
        size_t sc = nscope == 1 ? 0 : cell / nr;
        size_t g = group_of_region[cell % nr];
        sum[sc * n_groups + g] += x[cell];
        cnt[sc * n_groups + g] += 1.0;
    }
    for (size_t cell = 0; cell < ny * nr; cell++) {
        if (!isnan(x[cell])) continue;
        size_t sc = nscope == 1 ? 0 : cell / nr;
        size_t g = group_of_region[cell % nr];
        if (cnt[sc * n_groups + g] > 0) {
            fill(x, cell, nr, sum[sc * n_groups + g] / cnt[sc * n_groups + g], cb, user);
        }
    }
    free(sum);
    return 0;
}

static void impute_series(const rc_impute_spec *s, double *x, size_t nr, size_t ny,
                          rc_impute_cb cb, void *user)
{
    for (size_t r = 0; r < nr; r++) {
        size_t prev = (size_t)-1; /* year index of the last observation */
        for (size_t t = 0; t < ny; t++) {
            size_t cell = t * nr + r;
            if (!isnan(x[cell])) {
                if (s->method == RC_IMPUTE_LINEAR && prev != (size_t)-1 && t > prev + 1) {
                    double a = x[prev * nr + r], b = x[cell];
                    for (size_t u = prev + 1; u < t; u++) {
                        double f = (double)(u - prev) / (double)(t - prev);
                        fill(x, u * nr + r, nr, a + f * (b - a), cb, user);
                    }
                }
                prev = t;
            } else if (s->method == RC_IMPUTE_LOCF && prev != (size_t)-1) {
                /* the carried value: the last observation proper (imputed cells carry it on) */
                fill(x, cell, nr, x[prev * nr + r], cb, user);
            }
        }
    }
}

int rc_impute(const rc_impute_spec *s, double *x, size_t nr, size_t ny,
              const size_t *group_of_region, size_t n_groups, rc_impute_cb cb, void *user,
              rc_error *err)
{
    if (!s || (!x && nr && ny)) return rc_error_set(err, RC_ERRK_OTHER, "rc_impute: missing argument");
    switch (s->method) {
    case RC_IMPUTE_NONE:
        return 0;
    case RC_IMPUTE_MEAN:
    case RC_IMPUTE_MEDIAN:
        return impute_centre(s, x, nr, ny, cb, user, err);
    case RC_IMPUTE_GROUP_MEAN:
        return impute_group(s, x, nr, ny, group_of_region, n_groups, cb, user, err);
    case RC_IMPUTE_LOCF:
    case RC_IMPUTE_LINEAR:
        impute_series(s, x, nr, ny, cb, user);
        return 0;
    case RC_IMPUTE_CONSTANT:
        for (size_t cell = 0; cell < ny * nr; cell++)
            if (isnan(x[cell])) fill(x, cell, nr, s->value, cb, user);
        return 0;
    }
    return rc_error_set(err, RC_ERRK_OTHER, "rc_impute: unknown method %d", (int)s->method);
}
