/* analysis/mod_disparity.c — the `disparity` analysis as one module: its keys
 * (`analysis.disparity`), parsing and checking its section, and running it: disparity of the
 * index (or a dimension) per year: CV, Gini, Theil with its between/within decomposition,
 * Dagum, and population-weighted variants, into the table `disparity` (columns in
 * docs/analysis.md). Region-years with missing values are left out of each year's cross-
 * section. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"
#include "methods/methods.h"

typedef struct disparity_opts {
    /* disparity */
    const char *by;           /* grouping column or NULL */
    int m_cv, m_gini, m_theil, m_dagum;
    int ddof;                 /* 0 population (default), 1 sample */
    const char *disp_on;      /* dimension id or NULL = index */
    const char *disp_weights; /* series weighting the regions (e.g. population) or NULL */
} disparity_opts;

static const rc_config_key disparity_keys[] = {
    {"by", RC_CFG_STRING, 0, NULL, "Grouping column of the regions file for decompositions."},
    {"measures", RC_CFG_LIST, 0, "[cv, gini, theil, dagum]", "Which measures to compute."},
    {"sd", RC_CFG_STRING, 0, "population", "population or sample standard deviation in CV."},
    {"on", RC_CFG_STRING, 0, NULL, "A dimension id instead of the index."},
    {"weights", RC_CFG_STRING, 0, NULL, "A series weighting the regions (e.g. population)."},
};

static int has_group(const rc_config *cfg, const char *g)
{
    for (size_t i = 0; i < cfg->regions.n_groups; i++)
        if (strcmp(cfg->regions.groups[i], g) == 0) return 1;
    return 0;
}

static void group_list(const rc_config *cfg, rc_buf *b)
{
    for (size_t i = 0; i < cfg->regions.n_groups; i++)
        rc_buf_printf(b, "%s%s", i ? ", " : "", cfg->regions.groups[i]);
    if (cfg->regions.n_groups == 0) rc_buf_puts(b, "(none: add regions.groups)");
}

static int parse_disparity(const rc_config *cfg, const struct rc_node *sec,
                           void *opts, rc_error *err)
{
    disparity_opts *o = opts;
    char w[256];
    const struct rc_node *n;
    if ((n = rc_node_get(sec, "by"))) {
        o->by = rc_node_as_str(n);
        if (!has_group(cfg, o->by)) {
            rc_buf b;
            rc_buf_init(&b);
            group_list(cfg, &b);
            rc_error_set(err, RC_ERRK_CONFIG,
                         "%s: analysis.disparity.by is '%s', which is not a grouping column "
                         "of the regions; list it under regions.groups or use one of: %s",
                         rc_node_where(n, w, sizeof w), o->by, b.data ? b.data : "");
            rc_buf_free(&b);
            return -1;
        }
    }
    static const char *const meas[] = {"cv", "gini", "theil", "dagum"};
    if ((n = rc_node_get(sec, "measures"))) {
        for (size_t k = 0; k < n->n; k++) {
            const char *s = rc_node_as_str(n->items[k]);
            int found = -1;
            for (int m = 0; m < 4 && s; m++)
                if (strcmp(s, meas[m]) == 0) found = m;
            if (found < 0) {
                const char *sug = s ? rc_suggest(s, meas, 4) : NULL;
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: unknown disparity measure '%s'; the measures are cv, "
                                    "gini, theil and dagum%s%s%s",
                                    rc_node_where(n->items[k], w, sizeof w), s ? s : "(not text)",
                                    sug ? "; did you mean '" : "", sug ? sug : "",
                                    sug ? "'?" : "");
            }
            if (found == 0) o->m_cv = 1;
            if (found == 1) o->m_gini = 1;
            if (found == 2) o->m_theil = 1;
            if (found == 3) o->m_dagum = 1;
        }
    } else {
        o->m_cv = o->m_gini = o->m_theil = 1;
        o->m_dagum = o->by != NULL;
    }
    if (o->m_dagum && !o->by) {
        rc_buf b;
        rc_buf_init(&b);
        group_list(cfg, &b);
        rc_error_set(err, RC_ERRK_CONFIG,
                     "%s: the Dagum decomposition needs groups; add 'by: <grouping column>' "
                     "to analysis.disparity (grouping columns: %s)",
                     rc_node_where(sec, w, sizeof w), b.data ? b.data : "");
        rc_buf_free(&b);
        return -1;
    }
    static const char *const sds[] = {"population", "sample"};
    if (rc_an_parse_choice(sec, "sd", "disparity", sds, 2, &o->ddof, err)) return -1;
    if ((n = rc_node_get(sec, "weights"))) {
        o->disp_weights = rc_node_as_str(n);
        if (o->m_dagum)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.disparity.weights cannot weight the Dagum "
                                "decomposition (its pairwise terms count regions); drop dagum "
                                "from 'measures' or remove 'weights'",
                                rc_node_where(n, w, sizeof w));
    }
    return rc_an_parse_on(cfg, sec, "disparity", &o->disp_on, err);
}

static void disp_row(rc_tw *w, int year, const char *by, const char *measure, const char *g1,
                     const char *g2, double v)
{
    rc_tw_row(w);
    rc_tw_i(w, 0, year);
    rc_tw_s(w, 1, by);
    rc_tw_s(w, 2, measure);
    rc_tw_s(w, 3, g1);
    rc_tw_s(w, 4, g2);
    rc_tw_n(w, 5, v);
}

/* The rows `weighted_*` of year t: the n values y (regions reg) that also have a weight
 * > 0 in `wts`, weighted by it; group2 names the weighting series. y and reg are
 * compacted in place (the caller is done with them). */
static int weighted_rows(rc_tw *w, const rc_an_ctx *c, const disparity_opts *o, const double *wts, size_t t, double *y,
                         size_t *reg, size_t n, const rc_grouping *gr, size_t *g, double *Tg,
                         double *Lg, rc_error *err)
{
    const char *ws = o->disp_weights, *by = gr ? gr->name : "";
    int year = c->p->years[t];
    double *wv = rc_malloc((n ? n : 1) * sizeof *wv);
    if (!wv) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        double x = wts[t * c->nr + reg[i]];
        if (!(x > 0.0)) continue; /* no weight: left out of the weighted measures */
        y[m] = y[i];
        reg[m] = reg[i];
        wv[m++] = x;
    }
    disp_row(w, year, "", "weighted_n", NULL, ws, (double)m);
    if (m > 0 && o->m_cv) {
        double mean, sd, cv = rc_cv_weighted(y, wv, m, &mean, &sd);
        disp_row(w, year, "", "weighted_mean", NULL, ws, mean);
        disp_row(w, year, "", "weighted_sd_population", NULL, ws, sd);
        disp_row(w, year, "", "weighted_cv_population", NULL, ws, cv);
    }
    if (m > 0 && o->m_gini) disp_row(w, year, "", "weighted_gini", NULL, ws, rc_gini_weighted(y, wv, m));
    if (m > 0 && o->m_theil) {
        size_t k = gr ? gr->n_labels : 0;
        for (size_t i = 0; gr && i < m; i++) g[i] = gr->of_region[reg[i]];
        rc_theil th;
        if (rc_theil_weighted(y, wv, gr ? g : NULL, m, k, &th, Tg, Lg)) {
            free(wv);
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        }
        disp_row(w, year, "", "weighted_theil_T", NULL, ws, th.T);
        disp_row(w, year, "", "weighted_theil_L", NULL, ws, th.L);
        if (gr) {
            disp_row(w, year, by, "weighted_theil_T_between", NULL, ws, th.T_between);
            disp_row(w, year, by, "weighted_theil_T_within", NULL, ws, th.T_within);
            disp_row(w, year, by, "weighted_theil_L_between", NULL, ws, th.L_between);
            disp_row(w, year, by, "weighted_theil_L_within", NULL, ws, th.L_within);
            for (size_t j = 0; j < k; j++) {
                disp_row(w, year, by, "weighted_theil_T_group", gr->labels[j], ws, Tg[j]);
                disp_row(w, year, by, "weighted_theil_L_group", gr->labels[j], ws, Lg[j]);
            }
        }
    }
    free(wv);
    return 0;
}

/* Gini, Theil and Dagum are defined on non-negative values (a share of a total): a negative
 * score (z-scores) is refused, naming the series, region, year and value. */
static int disparity_domain(const rc_an_ctx *c, const disparity_opts *o, const double *v, rc_error *err)
{
    for (size_t i = 0; i < c->nr * c->ny; i++) {
        if (!(v[i] < 0.0)) continue;
        char b[40];
        return rc_error_set(err, RC_ERRK_DATA,
                            "analysis.disparity: Gini, Theil and Dagum need non-negative values, "
                            "but the %s%s%s of region %s in %d is %s; normalise to a non-negative "
                            "range (minmax, goalposts) or keep measures: [cv]",
                            o->disp_on ? "scores of dimension '" : "index",
                            o->disp_on ? o->disp_on : "", o->disp_on ? "'" : "",
                            c->p->region_ids[i % c->nr], c->p->years[i / c->nr],
                            rc_fmt_double(v[i], b, sizeof b));
    }
    return 0;
}

static int run_disparity(const rc_an_ctx *c, const void *opts, rc_resultset *rs, rc_error *err)
{
    const disparity_opts *o = opts;
    const double *v = rc_an_values_of(c, o->disp_on, err);
    if (!v) return -1;
    const double *wts = NULL;
    if (o->disp_weights) {
        long si = rc_panel_series(c->p, o->disp_weights);
        if (si < 0)
            return rc_error_set(err, RC_ERRK_DATA,
                                "analysis.disparity.weights: the data have no series '%s' to "
                                "weight the regions by; add it to a data file or fix the name",
                                o->disp_weights);
        wts = c->p->values[si];
    }
    const rc_grouping *gr = NULL;
    if (o->by) {
        gr = rc_panel_grouping(c->p, o->by);
        if (!gr)
            return rc_error_set(err, RC_ERRK_DATA,
                                "analysis.disparity.by: the regions have no grouping '%s'",
                                o->by);
    }
    size_t k = gr ? gr->n_labels : 0, nr = c->nr;
    double *y = rc_malloc((nr ? nr : 1) * sizeof *y), *work = rc_malloc((nr ? nr : 1) * sizeof *work);
    size_t *reg = rc_malloc((nr ? nr : 1) * sizeof *reg), *g = rc_malloc((nr ? nr : 1) * sizeof *g);
    size_t kk = k ? k : 1;
    double *Tg = rc_malloc(kk * sizeof *Tg), *Lg = rc_malloc(kk * sizeof *Lg);
    double *mg = rc_malloc(kk * sizeof *mg), *Gjj = rc_malloc(kk * sizeof *Gjj);
    double *Gjh = rc_malloc(kk * kk * sizeof *Gjh), *Djh = rc_malloc(kk * kk * sizeof *Djh);
    size_t *ng = rc_malloc(kk * sizeof *ng), *order = rc_malloc(kk * sizeof *order);
    int rc = -1;
    rc_tw w = {0};
    if (!y || !work || !reg || !g || !Tg || !Lg || !mg || !Gjj || !Gjh || !Djh || !ng || !order) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    static const char *const names[] = {"year", "group_by", "measure", "group", "group2", "value"};
    static const int32_t types[] = {I, S, S, S, S, N};
    if ((o->m_gini || o->m_theil || o->m_dagum) && disparity_domain(c, o, v, err) != 0) goto done;
    if (rc_tw_open(&w, rs, "disparity", NCOLS(names), names, types, err)) goto done;
    const char *by = gr ? gr->name : "";
    for (size_t t = 0; t < c->ny; t++) {
        int year = c->p->years[t];
        size_t n = rc_an_cross_section(c, v, t, y, reg);
        disp_row(&w, year, "", "n", NULL, NULL, (double)n);
        if (n == 0) continue;
        if (o->m_cv) {
            double mean, sd;
            double cv = rc_cv(y, n, o->ddof, &mean, &sd);
            disp_row(&w, year, "", "mean", NULL, NULL, mean);
            disp_row(&w, year, "", o->ddof ? "sd_sample" : "sd_population", NULL, NULL, sd);
            disp_row(&w, year, "", o->ddof ? "cv_sample" : "cv_population", NULL, NULL, cv);
        }
        if (o->m_gini) {
            double G = rc_gini(y, n, work);
            disp_row(&w, year, "", "gini", NULL, NULL, G);
            disp_row(&w, year, "", "gini_corrected", NULL, NULL,
                     n > 1 ? G * (double)n / (double)(n - 1) : NAN);
        }
        if (gr)
            for (size_t i = 0; i < n; i++) g[i] = gr->of_region[reg[i]];
        if (o->m_theil) {
            rc_theil th;
            if (rc_theil_decompose(y, gr ? g : NULL, n, k, &th, Tg, Lg)) {
                rc_error_set(err, RC_ERRK_OTHER, "out of memory");
                goto done;
            }
            disp_row(&w, year, "", "theil_T", NULL, NULL, th.T);
            disp_row(&w, year, "", "theil_L", NULL, NULL, th.L);
            if (gr) {
                disp_row(&w, year, by, "theil_T_between", NULL, NULL, th.T_between);
                disp_row(&w, year, by, "theil_T_within", NULL, NULL, th.T_within);
                disp_row(&w, year, by, "theil_L_between", NULL, NULL, th.L_between);
                disp_row(&w, year, by, "theil_L_within", NULL, NULL, th.L_within);
                for (size_t j = 0; j < k; j++) {
                    disp_row(&w, year, by, "theil_T_group", gr->labels[j], NULL, Tg[j]);
                    disp_row(&w, year, by, "theil_L_group", gr->labels[j], NULL, Lg[j]);
                }
            }
        }
        if (o->m_dagum && gr) {
            rc_dagum_result d;
            if (rc_dagum(y, g, n, k, &d, mg, ng, Gjj, Gjh, Djh, order)) {
                rc_error_set(err, RC_ERRK_OTHER, "out of memory");
                goto done;
            }
            disp_row(&w, year, by, "dagum_G", NULL, NULL, d.G);
            disp_row(&w, year, by, "dagum_Gw", NULL, NULL, d.Gw);
            disp_row(&w, year, by, "dagum_Gnb", NULL, NULL, d.Gnb);
            disp_row(&w, year, by, "dagum_Gt", NULL, NULL, d.Gt);
            disp_row(&w, year, by, "dagum_share_Gw", NULL, NULL, d.share_Gw);
            disp_row(&w, year, by, "dagum_share_Gnb", NULL, NULL, d.share_Gnb);
            disp_row(&w, year, by, "dagum_share_Gt", NULL, NULL, d.share_Gt);
            for (size_t a = 0; a < k; a++) {
                size_t j = order[k - 1 - a]; /* richest first */
                disp_row(&w, year, by, "group_n", gr->labels[j], NULL, (double)ng[j]);
                disp_row(&w, year, by, "group_mean", gr->labels[j], NULL, mg[j]);
                disp_row(&w, year, by, "dagum_Gjj", gr->labels[j], NULL, Gjj[j]);
            }
            for (size_t a = 0; a < k; a++)
                for (size_t b = a + 1; b < k; b++) {
                    size_t j = order[k - 1 - a], h = order[k - 1 - b]; /* j richer than h */
                    if (!ng[j] || !ng[h]) continue;
                    disp_row(&w, year, by, "dagum_Gjh", gr->labels[j], gr->labels[h],
                             Gjh[j * k + h]);
                    disp_row(&w, year, by, "dagum_Djh", gr->labels[j], gr->labels[h],
                             Djh[j * k + h]);
                }
        }
        if (wts && weighted_rows(&w, c, o, wts, t, y, reg, n, gr, g, Tg, Lg, err)) goto done;
    }
    rc = rc_tw_close(&w, err);
done:
    free(y); free(work); free(reg); free(g); free(Tg); free(Lg); free(mg); free(Gjj);
    free(Gjh); free(Djh); free(ng); free(order);
    return rc;
}

static const rc_config_section k_sections[] = {
    {"analysis.disparity", "Disparity measures per year, overall and by a grouping.", disparity_keys, NCOLS(disparity_keys)},
};
static const char *const k_tables[] = {"disparity", NULL};

const rc_analysis_module rc_mod_disparity = {
    "disparity", "CV, Gini, Theil and Dagum decomposition per year.", k_sections, NCOLS(k_sections), k_tables,
    sizeof(disparity_opts), parse_disparity, run_disparity, NULL,
};
