/* methods/normalize.c — normalisation of one indicator column: the `normalize:` config
 * parser and min-max, z-score, goalposts, rank, fraction-of-max and distance-to-reference
 * over a pooled or per-year scope (formulas.md §1; choices in docs/methods.md). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "methods/internal.h"
#include "methods/methods.h"
#include "util/str.h"

static const char *const NORM_NAMES[] = {"minmax", "zscore", "goalposts", "rank",
                                         "fracmax", "dist2ref", "none"};
#define N_NORM (sizeof NORM_NAMES / sizeof NORM_NAMES[0])

const char *rc_norm_method_name(rc_norm_method m)
{
    return (unsigned)m < N_NORM ? NORM_NAMES[m] : "?";
}

void rc_norm_default(rc_norm_spec *out)
{
    memset(out, 0, sizeof *out);
    out->method = RC_NORM_MINMAX;
    out->scope = RC_SCOPE_POOLED;
    out->lo = 0;
    out->hi = 1;
    out->shift = 0;
    out->ddof = 1;
    out->scale = 1;
    out->gp_min = NAN;
    out->gp_max = NAN;
    out->clip = 1;
    out->ref_value = NAN;
    out->ref_cap = 1;
    out->frozen_min = NAN;
    out->frozen_max = NAN;
}

void rc_norm_free(rc_norm_spec *s)
{
    if (!s) return;
    free(s->ref_region);
    s->ref_region = NULL;
}

int rc_norm_copy(rc_norm_spec *dst, const rc_norm_spec *src, rc_error *err)
{
    *dst = *src;
    dst->ref_region = NULL;
    if (src->ref_region && !(dst->ref_region = rc_strdup(src->ref_region)))
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory copying a normalisation");
    return 0;
}

/* ---------------- parsing ---------------- */

static int parse_method(const struct rc_node *n, rc_norm_method *m, rc_error *err)
{
    char where[512];
    const char *s = rcm_str(n);
    if (!s)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: normalisation method must be a text value, not %s; valid: "
                            "minmax, zscore, goalposts, rank, fracmax, dist2ref, none",
                            rcm_where(n, where, sizeof where), rcm_kind_name(n->kind));
    for (size_t i = 0; i < N_NORM; i++)
        if (strcmp(s, NORM_NAMES[i]) == 0) {
            *m = (rc_norm_method)i;
            return 0;
        }
    const char *sugg = rc_suggest(s, NORM_NAMES, N_NORM);
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: unknown normalisation method '%s'%s%s%s; valid: minmax, zscore, "
                        "goalposts, rank, fracmax, dist2ref, none",
                        rcm_where(n, where, sizeof where), s, sugg ? "; did you mean '" : "",
                        sugg ? sugg : "", sugg ? "'" : "");
}

int rcm_parse_scope(const struct rc_node *n, rc_scope *out, rc_error *err)
{
    char where[512];
    const char *s = rcm_str(n);
    if (s && strcmp(s, "pooled") == 0) *out = RC_SCOPE_POOLED;
    else if (s && strcmp(s, "per_year") == 0) *out = RC_SCOPE_PER_YEAR;
    else
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: unknown scope '%s'; valid: pooled, per_year",
                            rcm_where(n, where, sizeof where), s ? s : "(not a text value)");
    return 0;
}

static int need_number(const struct rc_node *map, const char *key, double *out, rc_error *err)
{
    const struct rc_node *n = rcm_get(map, key);
    if (!n) return 0;
    char where[512];
    if (rcm_number(n, out) != 0)
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' in normalize must be a number",
                            rcm_where(n, where, sizeof where), key);
    return 0;
}

static int need_bool(const struct rc_node *map, const char *key, int *out, rc_error *err)
{
    const struct rc_node *n = rcm_get(map, key);
    if (!n) return 0;
    char where[512];
    if (rcm_bool(n, out) != 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: '%s' in normalize must be true or false",
                            rcm_where(n, where, sizeof where), key);
    return 0;
}

/* Normalised values are summed (entropy), multiplied (weights, index.scale) and squared
 * downstream: parameters that put them near the end of the double range would make a
 * result infinite, so they are config errors at the parameter. */
#define RC_NORM_MAX_MAGNITUDE 1e300

static int check_magnitudes(const struct rc_node *node, const rc_norm_spec *s, rc_error *err)
{
    char where[512];
    const struct rc_node *n;
    double big = RC_NORM_MAX_MAGNITUDE;
    if ((n = rcm_get(node, "range")) && (fabs(s->lo) > big || fabs(s->hi) > big))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'range' [%g, %g] would make normalised values infinite "
                            "downstream; its bounds must lie within ±1e300",
                            rcm_where(n, where, sizeof where), s->lo, s->hi);
    if ((n = rcm_get(node, "shift")) &&
        (fabs(s->shift) > big || fabs(s->shift) + fmax(fabs(s->lo), fabs(s->hi)) > big))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'shift' %g would make normalised values infinite downstream; "
                            "shift plus the range must lie within ±1e300",
                            rcm_where(n, where, sizeof where), s->shift);
    if ((n = rcm_get(node, "scale")) && s->scale > big)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'scale' %g would make z-scores infinite downstream; it must "
                            "be at most 1e300", rcm_where(n, where, sizeof where), s->scale);
    if (isfinite(s->gp_min) && isfinite(s->gp_max) && !isfinite(s->gp_max - s->gp_min))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: goalposts [%g, %g] are too far apart (max − min overflows)",
                            rcm_where(rcm_get(node, "min") ? rcm_get(node, "min")
                                                           : rcm_get(node, "max"),
                                      where, sizeof where), s->gp_min, s->gp_max);
    return 0;
}

static int parse_map(const struct rc_node *node, rc_norm_spec *out, rc_error *err)
{
    char where[512];
    const struct rc_node *mn = rcm_get(node, "method");
    if (mn) {
        rc_norm_method m;
        if (parse_method(mn, &m, err) != 0) return -1;
        if (m != out->method) { /* a new method: its parameters start from the defaults */
            rc_scope scope = out->scope;
            double shift = out->shift;
            rc_norm_free(out);
            rc_norm_default(out);
            out->method = m;
            out->scope = scope;
            out->shift = shift;
        }
    }
    static const char *const common[] = {"method", "scope", "shift"};
    /* clip (minmax, fracmax): clip to bounds frozen by a baseline (docs/baselines.md) */
    static const char *const k_minmax[] = {"method", "scope", "shift", "range", "clip"};
    static const char *const k_fracmax[] = {"method", "scope", "shift", "clip"};
    static const char *const k_zscore[] = {"method", "scope", "shift", "ddof", "scale"};
    static const char *const k_goal[] = {"method", "scope", "shift", "min", "max", "clip"};
    static const char *const k_d2r[] = {"method", "scope", "shift", "region", "year", "value",
                                        "cap"};
    const char *const *valid = common;
    size_t nv = 3;
    switch (out->method) {
    case RC_NORM_MINMAX: valid = k_minmax; nv = 5; break;
    case RC_NORM_FRACMAX: valid = k_fracmax; nv = 4; break;
    case RC_NORM_ZSCORE: valid = k_zscore; nv = 5; break;
    case RC_NORM_GOALPOSTS: valid = k_goal; nv = 6; break;
    case RC_NORM_DIST2REF: valid = k_d2r; nv = 7; break;
    default: break;
    }
    char what[64];
    snprintf(what, sizeof what, "normalisation method '%s'", rc_norm_method_name(out->method));
    if (rcm_check_keys(node, valid, nv, what, err) != 0) return -1;

    const struct rc_node *n;
    if ((n = rcm_get(node, "scope")) && rcm_parse_scope(n, &out->scope, err) != 0) return -1;
    if (need_number(node, "shift", &out->shift, err) != 0) return -1;
    if ((n = rcm_get(node, "range"))) {
        double a, b;
        if (n->kind != RC_NODE_LIST || n->n != 2 || rcm_number(n->items[0], &a) != 0 ||
            rcm_number(n->items[1], &b) != 0 || !(a < b))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'range' must be a list of two numbers [a, b] with a < b",
                                rcm_where(n, where, sizeof where));
        out->lo = a;
        out->hi = b;
    }
    if ((n = rcm_get(node, "ddof"))) {
        double d;
        if (rcm_number(n, &d) != 0 || (d != 0 && d != 1))
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'ddof' must be 0 or 1",
                                rcm_where(n, where, sizeof where));
        out->ddof = (int)d;
    }
    if ((n = rcm_get(node, "scale"))) {
        double d;
        if (rcm_number(n, &d) != 0 || !(d > 0))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'scale' must be a number > 0 (COINr's 10 + 2z is "
                                "{method: zscore, scale: 2, shift: 10})",
                                rcm_where(n, where, sizeof where));
        out->scale = d;
    }
    if (need_number(node, "min", &out->gp_min, err) != 0 ||
        need_number(node, "max", &out->gp_max, err) != 0 ||
        need_bool(node, "clip", &out->clip, err) != 0 ||
        need_bool(node, "cap", &out->ref_cap, err) != 0 ||
        need_number(node, "value", &out->ref_value, err) != 0)
        return -1;
    if (check_magnitudes(node, out, err) != 0) return -1;
    if ((n = rcm_get(node, "region"))) {
        const char *s = rcm_str(n);
        if (!s || !*s)
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'region' must be a region id",
                                rcm_where(n, where, sizeof where));
        free(out->ref_region);
        if (!(out->ref_region = rc_strdup(s)))
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    }
    if ((n = rcm_get(node, "year"))) {
        double y;
        if (rcm_number(n, &y) != 0 || y != floor(y) || fabs(y) > 1e6)
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'year' must be a whole year",
                                rcm_where(n, where, sizeof where));
        out->has_ref_year = 1;
        out->ref_year = (int)y;
    }
    return 0;
}

/* Checks the parameters a method needs, at `node`. */
static int check_complete(const struct rc_node *node, const rc_norm_spec *s, rc_error *err)
{
    char where[512];
    rcm_where(node, where, sizeof where);
    if (s->method == RC_NORM_GOALPOSTS) {
        if (isnan(s->gp_min) || isnan(s->gp_max))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: goalposts need 'min' and 'max' (the raw-unit bounds)", where);
        if (!(s->gp_min < s->gp_max))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: goalposts need min < max (got min %g, max %g)", where,
                                s->gp_min, s->gp_max);
    }
    if (s->method == RC_NORM_DIST2REF) {
        if (!s->ref_region && isnan(s->ref_value))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: dist2ref needs a reference: 'region' (with optional "
                                "'year') or 'value'",
                                where);
        if (s->ref_region && !isnan(s->ref_value))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: dist2ref takes either 'region' or 'value', not both", where);
    }
    return 0;
}

int rc_norm_parse(const struct rc_node *node, const rc_norm_spec *inherit, rc_norm_spec *out,
                  rc_error *err)
{
    rc_norm_spec s;
    if (inherit) {
        if (rc_norm_copy(&s, inherit, err) != 0) return -1;
    } else {
        rc_norm_default(&s);
    }
    if (node) {
        char where[512];
        if (node->kind == RC_NODE_SCALAR) {
            rc_norm_method m;
            if (parse_method(node, &m, err) != 0) goto fail;
            if (m != s.method) {
                rc_scope scope = s.scope;
                double shift = s.shift;
                rc_norm_free(&s);
                rc_norm_default(&s);
                s.method = m;
                s.scope = scope;
                s.shift = shift;
            }
        } else if (node->kind == RC_NODE_MAP) {
            if (parse_map(node, &s, err) != 0) goto fail;
        } else {
            rc_error_set(err, RC_ERRK_CONFIG,
                         "%s: normalize must be a method name or a mapping, not %s",
                         rcm_where(node, where, sizeof where), rcm_kind_name(node->kind));
            goto fail;
        }
        s.node = node;
    }
    if (check_complete(node ? node : (inherit ? inherit->node : NULL), &s, err) != 0) goto fail;
    *out = s;
    return 0;
fail:
    rc_norm_free(&s);
    return -1;
}

/* ---------------- applying ---------------- */

static const char *cell_name(char *buf, size_t size, const char *const *region_ids,
                             const int *years, size_t nr, size_t cell, const char *what)
{
    size_t r = cell % nr, t = cell / nr;
    char rb[32], yb[32];
    snprintf(rb, sizeof rb, "#%zu", r + 1);
    snprintf(yb, sizeof yb, "#%zu", t + 1);
    if (years) snprintf(yb, sizeof yb, "%d", years[t]);
    snprintf(buf, size, "region %s, year %s, indicator %s",
             region_ids && region_ids[r] ? region_ids[r] : rb, yb, what ? what : "?");
    return buf;
}

static void min_max(const double *x, size_t m, double *mn, double *mx)
{
    double a = INFINITY, b = -INFINITY;
    for (size_t i = 0; i < m; i++)
        if (!isnan(x[i])) {
            if (x[i] < a) a = x[i];
            if (x[i] > b) b = x[i];
        }
    *mn = a;
    *mx = b;
}

/* Normalises one scope: cells [off, off + m) of the column. */
static int norm_scope(const rc_norm_spec *s, const double *x, size_t off, size_t m, size_t nr,
                      size_t ny, int d, const char *const *region_ids, const int *years,
                      const char *what, double *out, size_t *idx, double *tmp,
                      rc_norm_info *info, rc_error *err)
{
    const double *xs = x + off;
    double *os = out + off;
    double mn, mx;
    min_max(xs, m, &mn, &mx);
    if (isinf(mn)) { /* nothing present in this scope */
        for (size_t i = 0; i < m; i++) os[i] = NAN;
        return 0;
    }
    if (s->has_frozen && (s->method == RC_NORM_MINMAX || s->method == RC_NORM_FRACMAX ||
                          s->method == RC_NORM_DIST2REF)) {
        for (size_t i = 0; i < m; i++)
            if (!isnan(xs[i]) && (xs[i] < s->frozen_min || xs[i] > s->frozen_max))
                info->n_beyond++;
        mn = s->frozen_min;
        mx = s->frozen_max;
    }
    if (s->scope == RC_SCOPE_POOLED) {
        info->min = mn;
        info->max = mx;
    }
    char cell[256];
    switch (s->method) {
    case RC_NORM_MINMAX: {
        double range = mx - mn;
        if (!(range > 0)) info->zero_range = 1;
        /* extremes such as ±1.7e308 overflow mx − mn: take the same ratio on halves */
        int halves = isinf(range);
        if (halves) range = mx / 2 - mn / 2;
        for (size_t i = 0; i < m; i++) {
            if (isnan(xs[i])) { os[i] = NAN; continue; }
            double v;
            if (!(range > 0)) v = 0;
            else if (halves) v = d > 0 ? (xs[i] / 2 - mn / 2) / range : (mx / 2 - xs[i] / 2) / range;
            else v = d > 0 ? (xs[i] - mn) / range : (mx - xs[i]) / range;
            os[i] = s->lo + (s->hi - s->lo) * v + s->shift;
        }
        break;
    }
    case RC_NORM_ZSCORE: {
        double mean, sd, k = s->scale > 0 ? s->scale : 1.0; /* 0: a zeroed spec, not parsed */
        rc_stat_mean_sd(xs, m, s->ddof, &mean, &sd);
        int zero = !(sd > 0);
        if (zero) info->zero_range = 1;
        for (size_t i = 0; i < m; i++)
            os[i] = isnan(xs[i]) ? NAN : (zero ? 0 : k * d * (xs[i] - mean) / sd) + s->shift;
        break;
    }
    case RC_NORM_GOALPOSTS: {
        double L = s->gp_min, U = s->gp_max;
        for (size_t i = 0; i < m; i++) {
            if (isnan(xs[i])) { os[i] = NAN; continue; }
            if (xs[i] < L || xs[i] > U) info->n_beyond++;
            double v = d > 0 ? (xs[i] - L) / (U - L) : (U - xs[i]) / (U - L);
            if (s->clip) v = v < 0 ? 0 : v > 1 ? 1 : v;
            os[i] = v + s->shift;
        }
        break;
    }
    case RC_NORM_RANK: {
        for (size_t i = 0; i < m; i++) os[i] = isnan(xs[i]) ? NAN : d * xs[i];
        memcpy(tmp, os, m * sizeof *tmp); /* tmp, idx: one buffer per call, not per scope */
        rcm_rank_average(tmp, m, os, idx);
        for (size_t i = 0; i < m; i++) os[i] += s->shift;
        break;
    }
    case RC_NORM_FRACMAX: {
        for (size_t i = 0; i < m; i++) {
            if (isnan(xs[i])) continue;
            if (xs[i] < 0 || (d < 0 && xs[i] == 0))
                return rc_error_set(err, RC_ERRK_DATA,
                                    "fracmax needs positive values (%s%s), but %s is %g; "
                                    "use minmax or goalposts",
                                    d < 0 ? "min/x for a cost indicator" : "x/max",
                                    d < 0 ? "" : ", no negatives",
                                    cell_name(cell, sizeof cell, region_ids, years, nr, off + i,
                                              what),
                                    xs[i]);
        }
        if (d > 0 && !(mx > 0))
            return rc_error_set(err, RC_ERRK_DATA,
                                "fracmax needs a positive maximum, but indicator %s has maximum "
                                "%g",
                                what ? what : "?", mx);
        if (d < 0 && !(mn > 0))
            return rc_error_set(err, RC_ERRK_DATA,
                                "fracmax needs a positive minimum for cost indicator %s (got %g)",
                                what ? what : "?", mn);
        for (size_t i = 0; i < m; i++)
            os[i] = isnan(xs[i]) ? NAN : (d > 0 ? xs[i] / mx : mn / xs[i]) + s->shift;
        break;
    }
    case RC_NORM_DIST2REF: {
        /* x' = 1 - (y_ref - y)/(y_ref - y_min) on y = d·x */
        double ymin = d > 0 ? mn : -mx;
        size_t rref = 0;
        long tref = -1;
        if (s->ref_region) {
            size_t r = 0;
            while (r < nr && !(region_ids && region_ids[r] && !strcmp(region_ids[r], s->ref_region)))
                r++;
            if (r == nr)
                return rc_error_set(err, RC_ERRK_DATA,
                                    "dist2ref reference region '%s' is not in the panel "
                                    "(indicator %s)",
                                    s->ref_region, what ? what : "?");
            rref = r;
            if (s->has_ref_year) {
                for (size_t t = 0; years && t < ny; t++)
                    if (years[t] == s->ref_year) tref = (long)t;
                if (tref < 0)
                    return rc_error_set(err, RC_ERRK_DATA,
                                        "dist2ref reference year %d is not in the panel "
                                        "(indicator %s)",
                                        s->ref_year, what ? what : "?");
            }
        }
        for (size_t i = 0; i < m; i++) {
            if (isnan(xs[i])) { os[i] = NAN; continue; }
            double yref;
            if (s->ref_region) {
                size_t t = tref >= 0 ? (size_t)tref : (off + i) / nr;
                double xr = x[t * nr + rref];
                if (isnan(xr))
                    return rc_error_set(err, RC_ERRK_DATA,
                                        "dist2ref reference value is missing: %s",
                                        cell_name(cell, sizeof cell, region_ids, years, nr,
                                                  t * nr + rref, what));
                yref = d * xr;
            } else {
                yref = d * s->ref_value;
            }
            double den = yref - ymin, v;
            if (!(den != 0)) {
                info->zero_range = 1;
                v = 0;
            } else {
                v = 1 - (yref - d * xs[i]) / den;
            }
            if (s->ref_cap && v > 1) v = 1;
            os[i] = v + s->shift;
        }
        break;
    }
    case RC_NORM_NONE: /* oriented only: d·x, so larger is better downstream (MPI, TOPSIS) */
        for (size_t i = 0; i < m; i++) os[i] = d * xs[i] + s->shift;
        break;
    }
    return 0;
}

int rc_normalize(const rc_norm_spec *s, const double *x, size_t nr, size_t ny, int direction,
                 const char *const *region_ids, const int *years, const char *what,
                 double *out, rc_norm_info *info, rc_error *err)
{
    rc_norm_info dummy;
    if (!info) info = &dummy;
    info->min = NAN;
    info->max = NAN;
    info->zero_range = 0;
    info->n_beyond = 0;
    if (nr == 0 || ny == 0) return 0;
    if ((size_t)-1 / nr < ny)
        return rc_error_set(err, RC_ERRK_OTHER, "panel too large normalising %s", what);
    int d = direction < 0 ? -1 : 1;
    size_t *idx = NULL;
    size_t scope_n = s->scope == RC_SCOPE_POOLED ? nr * ny : nr;
    double *tmp = NULL;
    if (s->method == RC_NORM_RANK && (!(idx = rc_reallocarray(NULL, scope_n, sizeof *idx)) ||
                                      !(tmp = rc_reallocarray(NULL, scope_n, sizeof *tmp)))) {
        free(idx);
    free(tmp);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory normalising %s", what);
    }
    int rc = 0;
    if (s->scope == RC_SCOPE_POOLED) {
        rc = norm_scope(s, x, 0, nr * ny, nr, ny, d, region_ids, years, what, out, idx, tmp,
                        info, err);
    } else {
        for (size_t t = 0; t < ny && rc == 0; t++)
            rc = norm_scope(s, x, t * nr, nr, nr, ny, d, region_ids, years, what, out, idx,
                            tmp, info, err);
        info->min = NAN;
        info->max = NAN;
    }
    free(idx);
    free(tmp);
    return rc;
}
