/* analysis/mod_convergence.c — the `convergence` analysis as one module: its keys
 * (`analysis.convergence`), parsing and checking its section, and running it: sigma and
 * (absolute or conditional) beta convergence, into the table `convergence` (columns in
 * docs/analysis.md). Region-years with missing values are left out of each year's cross-
 * section. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"
#include "methods/methods.h"

enum { RC_BETA_NONE = 0, RC_BETA_ABSOLUTE = 1, RC_BETA_CONDITIONAL = 2 };

typedef struct convergence_opts {
    /* convergence */
    int sigma;
    int beta;
    const char **controls;
    size_t n_controls;
    long from_year, to_year;  /* 0 = first / last year */
    const char *conv_on;
} convergence_opts;

static const rc_config_key convergence_keys[] = {
    {"sigma", RC_CFG_BOOL, 0, "true", "Sigma convergence (sd and CV by year)."},
    {"beta", RC_CFG_STRING, 0, "absolute", "absolute, conditional or none."},
    {"controls", RC_CFG_LIST, 0, NULL, "Conditional beta: series or grouping names."},
    {"from", RC_CFG_INT, 0, NULL, "Initial year (default the first)."},
    {"to", RC_CFG_INT, 0, NULL, "Final year (default the last)."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
};

static int parse_convergence(const rc_config *cfg, const struct rc_node *sec,
                             void *opts, rc_error *err)
{
    convergence_opts *o = opts;
    char w[256];
    o->sigma = 1;
    o->beta = RC_BETA_ABSOLUTE;
    const struct rc_node *n;
    if ((n = rc_node_get(sec, "sigma"))) rc_node_as_bool(n, &o->sigma);
    static const char *const betas[] = {"none", "absolute", "conditional"};
    if (rc_an_parse_choice(sec, "beta", "convergence", betas, 3, &o->beta, err)) return -1;
    if ((n = rc_node_get(sec, "controls"))) {
        o->controls = rc_calloc(n->n ? n->n : 1, sizeof *o->controls);
        if (!o->controls) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        for (size_t k = 0; k < n->n; k++) {
            const char *s = rc_node_as_str(n->items[k]);
            if (!s)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: each control must be a series or grouping name",
                                    rc_node_where(n->items[k], w, sizeof w));
            o->controls[o->n_controls++] = s;
        }
        if (o->beta != RC_BETA_CONDITIONAL)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.convergence.controls apply to conditional beta "
                                "only; add 'beta: conditional' or remove the controls",
                                rc_node_where(n, w, sizeof w));
    }
    if (o->beta == RC_BETA_CONDITIONAL && o->n_controls == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: conditional beta convergence needs control variables; add "
                            "'controls: [<series or grouping names>]' to analysis.convergence",
                            rc_node_where(sec, w, sizeof w));
    int64_t v;
    if ((n = rc_node_get(sec, "from")) && rc_node_as_int(n, &v) == 0) o->from_year = (long)v;
    if ((n = rc_node_get(sec, "to")) && rc_node_as_int(n, &v) == 0) o->to_year = (long)v;
    if (o->from_year && o->to_year && o->from_year >= o->to_year)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: analysis.convergence.from (%ld) must come before to (%ld)",
                            rc_node_where(sec, w, sizeof w), o->from_year, o->to_year);
    return rc_an_parse_on(cfg, sec, "convergence", &o->conv_on, err);
}

static void conv_row(rc_tw *w, const char *type, int year, const char *term, const char *stat,
                     double v, const char *note)
{
    rc_tw_row(w);
    rc_tw_s(w, 0, type);
    rc_tw_i(w, 1, year);
    rc_tw_s(w, 2, term);
    rc_tw_s(w, 3, stat);
    rc_tw_n(w, 4, v);
    rc_tw_s(w, 5, note);
}

static int run_convergence(const rc_an_ctx *c, const void *opts, rc_resultset *rs, rc_error *err)
{
    const convergence_opts *o = opts;
    const rc_panel *p = c->p;
    const double *v = rc_an_values_of(c, o->conv_on, err);
    if (!v) return -1;
    size_t nr = c->nr, ny = c->ny;
    static const char *const names[] = {"type", "year", "term", "statistic", "value", "note"};
    static const int32_t types[] = {S, I, S, S, N, S};
    rc_tw w = {0};
    if (rc_tw_open(&w, rs, "convergence", NCOLS(names), names, types, err)) return -1;
    size_t p_max = 2;
    /* columns of the conditional design: one per series control, labels − 1 per grouping */
    for (size_t i = 0; i < o->n_controls && o->beta == RC_BETA_CONDITIONAL; i++) {
        const rc_grouping *g = rc_panel_grouping(p, o->controls[i]);
        p_max += g ? (g->n_labels ? g->n_labels - 1 : 0) : 1;
    }
    double *y = rc_malloc((nr ? nr : 1) * sizeof *y), *ly = rc_malloc((nr ? nr : 1) * sizeof *ly);
    double *X = rc_malloc(p_max * (nr ? nr : 1) * sizeof *X), *dep = rc_malloc((nr ? nr : 1) * sizeof *dep);
    double *coef = rc_malloc(p_max * sizeof *coef), *se = rc_malloc(p_max * sizeof *se);
    double *tv = rc_malloc(p_max * sizeof *tv), *pv = rc_malloc(p_max * sizeof *pv);
    char **terms = rc_calloc(p_max, sizeof *terms);
    size_t *use = rc_malloc((nr ? nr : 1) * sizeof *use);
    rc_buf note;
    rc_buf_init(&note);
    int rc = -1;
    if (!y || !ly || !X || !dep || !coef || !se || !tv || !pv || !terms || !use) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (o->sigma) {
        for (size_t t = 0; t < ny; t++) {
            size_t n = rc_an_cross_section(c, v, t, y, NULL);
            double mean, sd, sdl = NAN;
            double cv = rc_cv(y, n, 0, &mean, &sd);
            int pos = n > 0;
            for (size_t i = 0; i < n; i++) {
                if (!(y[i] > 0.0)) pos = 0;
                ly[i] = pos ? log(y[i]) : NAN;
            }
            if (pos) rc_cv(ly, n, 0, NULL, &sdl);
            const char *nt = n < nr ? "regions with a missing value this year are left out" : NULL;
            conv_row(&w, "sigma", p->years[t], "", "n", (double)n, nt);
            conv_row(&w, "sigma", p->years[t], "", "mean", mean, NULL);
            conv_row(&w, "sigma", p->years[t], "", "sd", sd, NULL);
            conv_row(&w, "sigma", p->years[t], "", "cv", cv, NULL);
            conv_row(&w, "sigma", p->years[t], "", "sd_ln", sdl,
                     pos ? NULL : "undefined: a value is not positive");
        }
    }
    if (o->beta != RC_BETA_NONE && ny >= 2) {
        long t0 = 0, t1 = (long)ny - 1;
        if (o->from_year) t0 = rc_panel_year(p, (int)o->from_year);
        if (o->to_year) t1 = rc_panel_year(p, (int)o->to_year);
        if (t0 < 0 || t1 < 0) {
            rc_error_set(err, RC_ERRK_DATA,
                         "analysis.convergence: the panel has no year %ld",
                         t0 < 0 ? o->from_year : o->to_year);
            goto done;
        }
        double T = (double)(p->years[t1] - p->years[t0]);
        /* regions with both years positive and every control present */
        size_t n = 0, skipped = 0;
        for (size_t r = 0; r < nr; r++) {
            double a = v[(size_t)t0 * nr + r], b = v[(size_t)t1 * nr + r];
            int ok = a > 0.0 && b > 0.0;
            for (size_t i = 0; ok && i < o->n_controls && o->beta == RC_BETA_CONDITIONAL; i++) {
                if (rc_panel_grouping(p, o->controls[i])) continue;
                long s = rc_panel_series(p, o->controls[i]);
                if (s < 0 || isnan(p->values[s][(size_t)t0 * nr + r])) ok = 0;
            }
            if (ok) use[n++] = r;
            else {
                rc_buf_printf(&note, "%s%s", skipped ? ", " : "skipped (missing or not positive "
                              "in the initial or final year, or a missing control): ",
                              p->region_ids[r]);
                skipped++;
            }
        }
        const char *type = o->beta == RC_BETA_CONDITIONAL ? "beta_conditional" : "beta_absolute";
        size_t pcols = 2;
        terms[0] = rc_strdup("const");
        terms[1] = rc_strdup("ln_initial");
        for (size_t i = 0; i < n; i++) {
            size_t r = use[i];
            X[i] = 1.0;
            X[n + i] = log(v[(size_t)t0 * nr + r]);
            dep[i] = log(v[(size_t)t1 * nr + r] / v[(size_t)t0 * nr + r]) / T;
        }
        if (o->beta == RC_BETA_CONDITIONAL) {
            for (size_t ci = 0; ci < o->n_controls; ci++) {
                const char *cn = o->controls[ci];
                const rc_grouping *g = rc_panel_grouping(p, cn);
                if (g) {
                    for (size_t l = 1; l < g->n_labels; l++) { /* first label is the base */
                        rc_buf b;
                        rc_buf_init(&b);
                        rc_buf_printf(&b, "%s=%s", g->name, g->labels[l]);
                        terms[pcols] = b.data;
                        for (size_t i = 0; i < n; i++)
                            X[pcols * n + i] = g->of_region[use[i]] == l ? 1.0 : 0.0;
                        pcols++;
                    }
                    continue;
                }
                long s = rc_panel_series(p, cn);
                if (s < 0) {
                    rc_error_set(err, RC_ERRK_DATA,
                                 "analysis.convergence.controls: '%s' is neither a data series "
                                 "nor a grouping column of the regions", cn);
                    goto done;
                }
                terms[pcols] = rc_strdup(cn);
                for (size_t i = 0; i < n; i++)
                    X[pcols * n + i] = p->values[s][(size_t)t0 * nr + use[i]];
                pcols++;
            }
        }
        for (size_t j = 0; j < pcols; j++)
            if (!terms[j]) { rc_error_set(err, RC_ERRK_OTHER, "out of memory"); goto done; }
        rc_ols info = {NAN, NAN, NAN};
        int fit = (n > pcols && T > 0.0) ? rc_ols_fit(X, dep, n, pcols, coef, se, tv, pv, &info) : -1;
        int year = p->years[t1];
        if (fit == 0) {
            for (size_t j = 0; j < pcols; j++) {
                conv_row(&w, type, year, terms[j], "coef", coef[j], NULL);
                conv_row(&w, type, year, terms[j], "se", se[j], NULL);
                conv_row(&w, type, year, terms[j], "t", tv[j], NULL);
                conv_row(&w, type, year, terms[j], "p", pv[j], NULL);
            }
        }
        double beta = fit == 0 ? coef[1] : NAN;
        double onep = 1.0 + beta * T;
        double speed = onep > 0.0 ? -log(onep) / T : NAN;
        conv_row(&w, type, year, "", "from_year", (double)p->years[t0], NULL);
        conv_row(&w, type, year, "", "T", T, NULL);
        conv_row(&w, type, year, "", "n", (double)n, note.data);
        conv_row(&w, type, year, "", "n_skipped", (double)skipped, NULL);
        conv_row(&w, type, year, "", "r2", info.r2,
                 fit == 0 ? NULL : "not estimated: too few regions or collinear regressors");
        conv_row(&w, type, year, "", "speed", speed,
                 fit == 0 && !(onep > 0.0) ? "undefined: 1 + beta*T is not positive" : NULL);
        /* a negative speed is divergence: there is no half-life to publish, and the row
         * says why rather than leaving a bare blank */
        conv_row(&w, type, year, "", "half_life", speed > 0.0 ? log(2.0) / speed : NAN,
                 speed > 0.0 || isnan(speed) ? (isnan(speed) && fit == 0
                                                    ? "undefined: the speed is undefined" : NULL)
                 : speed < 0.0 ? "undefined: the speed is negative (beta > 0, the regions "
                                 "diverge), so there is no half-life"
                               : "undefined: the speed is 0 (no convergence)");
    }
    rc = rc_tw_close(&w, err);
done:
    if (terms)
        for (size_t j = 0; j < p_max; j++) free(terms[j]);
    free(terms); free(y); free(ly); free(X); free(dep); free(coef); free(se); free(tv);
    free(pv); free(use);
    rc_buf_free(&note);
    return rc;
}

static void convergence_clear(void *opts)
{
    convergence_opts *o = opts;
    free(o->controls);
}

static const rc_config_section k_sections[] = {
    {"analysis.convergence", "Sigma and beta convergence.", convergence_keys, NCOLS(convergence_keys)},
};
static const char *const k_tables[] = {"convergence", NULL};

const rc_analysis_module rc_mod_convergence = {
    "convergence", "Sigma and beta convergence.", k_sections, NCOLS(k_sections), k_tables,
    sizeof(convergence_opts), parse_convergence, run_convergence, convergence_clear,
};
