/* methods/treat.c — outlier treatment of one indicator column by the skew/kurtosis rule
 * (winsorisation, falling back to a log transform), Excel-compatible sample skewness and
 * kurtosis, and parsing `treat:`. Formulas and choices: docs/methods.md
 * "## Outlier treatment". */
#include "methods/methods.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "methods/internal.h"
#include "util/str.h"

/* ---------------- Excel SKEW and KURT ---------------- */

double rc_stat_skew_excel(const double *x, size_t n)
{
    double mean, sd;
    size_t m = rc_stat_mean_sd(x, n, 1, &mean, &sd);
    if (m < 3 || !(sd > 0.0)) return NAN;
    double s3 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        double z = (x[i] - mean) / sd;
        s3 += z * z * z;
    }
    double dm = (double)m;
    return dm / ((dm - 1.0) * (dm - 2.0)) * s3;
}

double rc_stat_kurt_excel(const double *x, size_t n)
{
    double mean, sd;
    size_t m = rc_stat_mean_sd(x, n, 1, &mean, &sd);
    if (m < 4 || !(sd > 0.0)) return NAN;
    double s4 = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        double z = (x[i] - mean) / sd;
        s4 += z * z * z * z;
    }
    double dm = (double)m;
    return dm * (dm + 1.0) / ((dm - 1.0) * (dm - 2.0) * (dm - 3.0)) * s4 -
           3.0 * (dm - 1.0) * (dm - 1.0) / ((dm - 2.0) * (dm - 3.0));
}

/* ---------------- parsing ---------------- */

static void treat_default(rc_treat_spec *s)
{
    memset(s, 0, sizeof *s);
    s->enabled = 0;
    s->max_points = 5;
    s->skew_limit = 2.0;
    s->kurt_limit = 3.5;
    s->scope = RC_SCOPE_POOLED;
}

static int method_word(const struct rc_node *n, int *enabled, rc_error *err)
{
    static const char *const methods[] = {"none", "winsorise"};
    return rcm_choice(n, "treatment method", "treatment method", methods, 2, enabled, err);
}

int rc_treat_parse(const struct rc_node *node, const rc_treat_spec *inherit,
                   rc_treat_spec *out, rc_error *err)
{
    char where[512];
    rc_treat_spec s;
    if (inherit) s = *inherit; else treat_default(&s);
    if (!node) {
        *out = s;
        return 0;
    }
    if (node->kind == RC_NODE_SCALAR) {
        int en;
        if (method_word(node, &en, err)) return -1;
        treat_default(&s);
        s.enabled = en;
        s.node = node;
        *out = s;
        return 0;
    }
    if (node->kind != RC_NODE_MAP) {
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'treat' must be none, winsorise or a mapping such as "
                            "{method: winsorise, max_points: 5}",
                            rcm_where(node, where, sizeof where));
    }
    static const char *const params[] = {"method", "max_points", "skew", "kurtosis", "scope"};
    int have_method = 0;
    for (size_t i = 0; i < node->n; i++) {
        if (node->keys && strcmp(node->keys[i], "method") == 0) {
            int en = 0; /* set unless method_word fails */
            if (method_word(node->items[i], &en, err)) return -1;
            if (en != s.enabled) treat_default(&s);
            s.enabled = en;
            have_method = 1;
        }
    }
    if (!have_method) s.enabled = 1; /* {max_points: 3} alone means winsorise */
    for (size_t i = 0; i < node->n; i++) {
        const char *key = node->keys ? node->keys[i] : "";
        const struct rc_node *v = node->items[i];
        int which = rcm_find_word(key, params, 5);
        if (which < 0 || (which > 0 && !s.enabled)) {
            return rcm_unknown_word(err, rcm_key_where(node, i, where, sizeof where),
                                s.enabled ? "parameter for treatment 'winsorise'"
                                          : "parameter for treatment 'none'",
                                key, params, s.enabled ? 5 : 1);
        }
        double d;
        switch (which) {
        case 1:
            if (rcm_plain_number(v, &d) || d != floor(d) || d < 0 || d > 1e9) {
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: 'max_points' must be a whole number ≥ 0 (e.g. 5)",
                                    rcm_where(v, where, sizeof where));
            }
            s.max_points = (size_t)d;
            break;
        case 2:
        case 3:
            if (rcm_plain_number(v, &d) || d <= 0) {
                return rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' must be a number > 0 (e.g. %s)",
                                    rcm_where(v, where, sizeof where), key,
                                    which == 2 ? "2" : "3.5");
            }
            if (which == 2) s.skew_limit = d;
            else s.kurt_limit = d;
            break;
        case 4: {
            static const char *const scopes[] = {"pooled", "per_year"};
            int idx = 0;
            if (rcm_choice(v, NULL, "value for 'scope'", scopes, 2, &idx, err)) return -1;
            s.scope = idx ? RC_SCOPE_PER_YEAR : RC_SCOPE_POOLED;
            break;
        }
        default:
            break;
        }
    }
    s.node = node;
    *out = s;
    return 0;
}

/* ---------------- treatment ---------------- */

static int fails(const rc_treat_spec *s, const double *v, size_t n, double *skew)
{
    double sk = rc_stat_skew_excel(v, n), ku = rc_stat_kurt_excel(v, n);
    *skew = sk;
    if (isnan(sk) || isnan(ku)) return 0;
    return fabs(sk) >= s->skew_limit && ku >= s->kurt_limit;
}

/* One sample: the n non-missing cells `cell[]` of x, values copied to orig[] and work[]. */
static void treat_sample(const rc_treat_spec *s, double *x, size_t nr, const size_t *cell,
                         const double *orig, double *work, size_t n, rc_treat_cb cb, void *user)
{
    double skew0;
    if (!fails(s, orig, n, &skew0)) return;
    memcpy(work, orig, n * sizeof *work);
    /* distinct cells moved so far, as COINr counts them: every cell moved at the top now
     * sits tied at the current maximum, so the cells tied at the extreme of the latest
     * high step (and of the latest low step) are exactly the cells moved on that side */
    size_t n_hi = 0, n_lo = 0;
    double skew = skew0;
    int ok = 0;
    for (;;) {
        if (n_hi + n_lo >= s->max_points) break; /* COINr: Winsorise while nwin < winmax */
        /* the extreme on the side of the skew, and the next value inward */
        int high = skew >= 0.0;
        double ext = work[0];
        for (size_t i = 1; i < n; i++) {
            if (high ? work[i] > ext : work[i] < ext) ext = work[i];
        }
        double next = NAN;
        size_t ties = 0;
        for (size_t i = 0; i < n; i++) {
            if (work[i] == ext) {
                ties++;
            } else if (isnan(next) || (high ? work[i] > next : work[i] < next)) {
                next = work[i];
            }
        }
        if (isnan(next)) break;
        for (size_t i = 0; i < n; i++) {
            if (work[i] == ext) work[i] = next;
        }
        if (high) n_hi = ties;
        else n_lo = ties;
        if (!fails(s, work, n, &skew)) {
            ok = 1;
            break;
        }
    }
    if (ok) {
        for (size_t i = 0; i < n; i++) {
            if (work[i] != orig[i]) {
                x[cell[i]] = work[i];
                if (cb) cb(user, cell[i] % nr, cell[i] / nr, orig[i], work[i], "winsorised");
            }
        }
        return;
    }
    /* still failing: log transform of the original values, mirrored for negative skew so
     * the order of the values is kept either way */
    double lo = orig[0], hi = orig[0];
    for (size_t i = 1; i < n; i++) {
        if (orig[i] < lo) lo = orig[i];
        if (orig[i] > hi) hi = orig[i];
    }
    double pad = 0.01 * (hi - lo);
    for (size_t i = 0; i < n; i++) {
        double y = skew0 >= 0.0 ? log(orig[i] - lo + pad) : -log(hi - orig[i] + pad);
        x[cell[i]] = y;
        if (cb) cb(user, cell[i] % nr, cell[i] / nr, orig[i], y, "log");
    }
}

int rc_treat(const rc_treat_spec *s, double *x, size_t nr, size_t ny, rc_treat_cb cb,
             void *user, rc_error *err)
{
    if (!s || (!x && nr && ny)) return rc_error_set(err, RC_ERRK_OTHER, "rc_treat: missing argument");
    if (!s->enabled || nr * ny == 0) return 0;
    size_t total = nr * ny;
    size_t *cell = rc_malloc(total * sizeof *cell);
    double *orig = rc_malloc(total * sizeof *orig);
    double *work = rc_malloc(total * sizeof *work);
    if (!cell || !orig || !work) {
        free(cell), free(orig), free(work);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory in outlier treatment");
    }
    size_t nscope = s->scope == RC_SCOPE_PER_YEAR ? ny : 1;
    size_t per = total / nscope;
    for (size_t sc = 0; sc < nscope; sc++) {
        size_t n = 0;
        for (size_t i = sc * per; i < (sc + 1) * per; i++) {
            if (isnan(x[i])) continue;
            cell[n] = i;
            orig[n] = x[i];
            n++;
        }
        if (n >= 4) treat_sample(s, x, nr, cell, orig, work, n, cb, user);
    }
    free(cell);
    free(orig);
    free(work);
    return 0;
}
