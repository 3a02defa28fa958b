/* analysis/run.c — the entry the pipeline calls: validates `analysis:` and runs each
 * configured analysis on the run state, writing the tables `coupling`, `disparity`,
 * `convergence`, `spatial`, `lisa`, `density`, `obstacles` and `obstacles_top` (columns in
 * docs/analysis.md). Region-years with missing values are left out of each year's
 * cross-section and counted in the tables. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/internal.h"
#include "methods/methods.h"
#include "util/str.h"

int rc_analysis_validate(const rc_config *cfg, rc_error *err)
{
    rc_analysis_opts o;
    if (rc_analysis_opts_parse(cfg, &o, err)) return -1;
    rc_analysis_opts_free(&o);
    return 0;
}

/* ---------------- table writing ---------------- */
typedef struct tw {
    struct rc_table *t;
    size_t row;
    int fail;
} tw;

static int tw_open(tw *w, rc_resultset *rs, const char *name, size_t nc,
                   const char *const *names, const int32_t *types, rc_error *err)
{
    w->fail = 0;
    w->row = 0;
    w->t = rc_table_add(rs, name, nc, names, types);
    if (!w->t)
        return rc_error_set(err, RC_ERRK_OTHER,
                            "cannot create result table '%s' (out of memory or the name is "
                            "already taken)", name);
    return 0;
}

static void tw_row(tw *w)
{
    long r = rc_table_add_row(w->t);
    if (r < 0) w->fail = 1;
    else w->row = (size_t)r;
}

static void tw_s(tw *w, size_t c, const char *s)
{
    if (!w->fail && rc_table_set_str(w->t, w->row, c, s)) w->fail = 1;
}

static void tw_n(tw *w, size_t c, double v)
{
    if (!w->fail && rc_table_set_num(w->t, w->row, c, v)) w->fail = 1;
}

static void tw_i(tw *w, size_t c, int64_t v)
{
    if (!w->fail && rc_table_set_int(w->t, w->row, c, v)) w->fail = 1;
}

static int tw_close(tw *w, rc_error *err)
{
    if (w->fail)
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory while filling table '%s'",
                            w->t->name);
    return 0;
}

#define S RC_COL_STRING
#define I RC_COL_INT
#define N RC_COL_NUMBER
#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------- helpers ---------------- */
typedef struct ctx {
    const rc_run_state *st;
    const rc_panel *p;
    const rc_analysis_opts *o;
    size_t nr, ny;
} ctx;

/* The values an analysis works on: the index, or a dimension's scores (`on:`). */
static const double *values_of(const ctx *c, const char *on, rc_error *err)
{
    if (!on) {
        if (!c->st->index) rc_error_set(err, RC_ERRK_DATA, "the run produced no index to analyse");
        return c->st->index;
    }
    for (size_t d = 0; d < c->st->n_dims; d++)
        if (strcmp(c->st->dim_ids[d], on) == 0) return c->st->dim_scores[d];
    rc_error_set(err, RC_ERRK_CONFIG, "analysis 'on: %s' names no dimension of this run", on);
    return NULL;
}

/* Gathers year t's non-missing values (and their region indices). Returns the count. */
static size_t cross_section(const ctx *c, const double *v, size_t t, double *y, size_t *reg)
{
    size_t n = 0;
    for (size_t r = 0; r < c->nr; r++) {
        double x = v[t * c->nr + r];
        if (isnan(x)) continue;
        y[n] = x;
        if (reg) reg[n] = r;
        n++;
    }
    return n;
}

/* ---------------- coupling ---------------- */
/* The run-state dimension of config dimension d (matched by id), or -1. */
static long st_dim_of(const rc_run_state *st, size_t d)
{
    if (!st->cfg || d >= st->cfg->n_dims) return -1;
    for (size_t j = 0; j < st->n_dims; j++)
        if (strcmp(st->cfg->dims[d].root.id, st->dim_ids[j]) == 0) return (long)j;
    return -1;
}

/* The systems to couple as run-state dimension indices: sys[s * K + i], i < n[s]; every
 * dimension when the options name none. */
static int coupling_systems(const ctx *c, size_t *sys, size_t *n, size_t ns, rc_error *err)
{
    size_t K = c->st->n_dims;
    if (!c->o->n_systems) {
        for (size_t i = 0; i < K; i++) sys[i] = i;
        n[0] = K;
        return 0;
    }
    for (size_t s = 0; s < ns; s++) {
        n[s] = c->o->sys_n[s];
        for (size_t i = 0; i < n[s]; i++) {
            long j = st_dim_of(c->st, c->o->sys_dims[s][i]);
            if (j < 0)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "analysis.coupling: dimension '%s' has no scores in this run",
                                    c->st->cfg->dims[c->o->sys_dims[s][i]].root.id);
            sys[s * K + i] = (size_t)j;
        }
    }
    return 0;
}

/* Coupling is defined for U in [0, 1]: a score outside (z-scores, a 0..100 range, a
 * shift) is refused, naming the dimension, its range and a cell, unless `rescale` maps the
 * pooled range onto [0, 1]. lo/hi hold each dimension's pooled bounds. */
static int coupling_domain(const ctx *c, const double *lo, const double *hi,
                           const size_t *coupled, rc_error *err)
{
    const rc_run_state *st = c->st;
    if (c->o->rescale) return 0;
    for (size_t d = 0; d < st->n_dims; d++) {
        if (!coupled[d] || (!(lo[d] < -1e-12) && !(hi[d] > 1.0 + 1e-12))) continue;
        double bad = lo[d] < -1e-12 ? lo[d] : hi[d];
        size_t at = 0;
        for (size_t i = 0; i < c->nr * c->ny; i++)
            if (st->dim_scores[d][i] == bad) { at = i; break; }
        char a[40], b[40], v[40];
        return rc_error_set(err, RC_ERRK_DATA,
                            "analysis.coupling needs dimension scores in [0, 1], but '%s' ranges "
                            "over [%s, %s] (region %s, %d: %s); normalise to [0, 1] (minmax, "
                            "goalposts) or set analysis.coupling.rescale: true to map the pooled "
                            "range onto [0, 1]", st->dim_ids[d], rc_fmt_double(lo[d], a, sizeof a),
                            rc_fmt_double(hi[d], b, sizeof b), c->p->region_ids[at % c->nr],
                            c->p->years[at / c->nr], rc_fmt_double(bad, v, sizeof v));
    }
    return 0;
}

static int run_coupling(const ctx *c, rc_resultset *rs, rc_error *err)
{
    const rc_run_state *st = c->st;
    size_t K = st->n_dims, nr = c->nr, ny = c->ny;
    if (K < 2)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "analysis.coupling needs at least two dimensions; the run has %zu",
                            K);
    const char *base[] = {"region", "year", "form", "C", "T", "D", "level", "level_zh",
                          "level_en", "lagging", "E", "E_pair", "system"};
    const int32_t btypes[] = {S, I, S, N, N, N, I, S, S, S, N, S, S};
    size_t ns = c->o->n_systems ? c->o->n_systems : 1;
    int named = c->o->n_systems && c->o->sys_names[0];
    size_t nb = NCOLS(base) - (named ? 0 : 1), nc = nb;
    const char **names = rc_calloc(nb + K, sizeof *names);
    int32_t *types = rc_calloc(nb + K, sizeof *types);
    char **ucols = rc_calloc(K, sizeof *ucols);
    double *u = rc_calloc(K, sizeof *u), *alpha_s = rc_calloc(K, sizeof *alpha_s);
    double *lo = rc_calloc(K, sizeof *lo), *hi = rc_calloc(K, sizeof *hi);
    size_t *sys = rc_calloc(ns * K, sizeof *sys), *sn = rc_calloc(ns, sizeof *sn);
    size_t *ucol = rc_calloc(K, sizeof *ucol); /* U_<d>'s column; 0 = not coupled */
    int rc = -1;
    tw w = {0};
    if (!names || !types || !ucols || !u || !alpha_s || !lo || !hi || !sys || !sn || !ucol) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (coupling_systems(c, sys, sn, ns, err)) goto done;
    for (size_t i = 0; i < nb; i++) { names[i] = base[i]; types[i] = btypes[i]; }
    for (size_t s = 0; s < ns; s++)
        for (size_t i = 0; i < sn[s]; i++) ucol[sys[s * K + i]] = 1;
    for (size_t d = 0; d < K; d++) {
        if (!ucol[d]) continue; /* columns in run order, only the coupled dimensions */
        rc_buf b;
        rc_buf_init(&b);
        rc_buf_printf(&b, "U_%s", st->dim_ids[d]);
        ucols[d] = b.data;
        if (!ucols[d]) { rc_error_set(err, RC_ERRK_OTHER, "out of memory"); goto done; }
        ucol[d] = nc;
        names[nc] = ucols[d];
        types[nc++] = N;
    }
    /* pooled min-max bounds for `rescale` */
    for (size_t d = 0; d < K; d++) {
        lo[d] = INFINITY;
        hi[d] = -INFINITY;
        for (size_t i = 0; i < nr * ny; i++) {
            double x = st->dim_scores[d][i];
            if (isnan(x)) continue;
            if (x < lo[d]) lo[d] = x;
            if (x > hi[d]) hi[d] = x;
        }
    }
    if (coupling_domain(c, lo, hi, ucol, err) != 0) goto done;
    if (tw_open(&w, rs, "coupling", nc, names, types, err)) goto done;
    for (size_t r = 0; r < nr; r++) {
        for (size_t t = 0; t < ny; t++) {
            for (size_t s = 0; s < ns; s++) {
                const size_t *dims = sys + s * K;
                size_t k = sn[s];
                /* alpha: configured in config order, matched by id; E: `pair` or the
                   system's first two */
                const double *alpha = NULL;
                long pa = 0, pb = 1;
                for (size_t i = 0; i < k; i++) {
                    const char *id = st->dim_ids[dims[i]];
                    alpha_s[i] = NAN;
                    for (size_t j = 0; c->o->alpha && st->cfg && j < st->cfg->n_dims; j++)
                        if (strcmp(st->cfg->dims[j].root.id, id) == 0) alpha_s[i] = c->o->alpha[j];
                    if (c->o->pair_a && strcmp(c->o->pair_a, id) == 0) pa = (long)i;
                    if (c->o->pair_b && strcmp(c->o->pair_b, id) == 0) pb = (long)i;
                }
                if (c->o->alpha && st->cfg) alpha = alpha_s;
                for (size_t i = 0; i < k; i++) {
                    size_t d = dims[i];
                    double x = st->dim_scores[d][t * nr + r];
                    if (c->o->rescale && !isnan(x) && hi[d] > lo[d])
                        x = (x - lo[d]) / (hi[d] - lo[d]);
                    u[i] = x;
                }
                double C = rc_ccd_coupling(u, k, c->o->form);
                double T = rc_ccd_T(u, alpha, k);
                double D = (isnan(C) || isnan(T) || C * T < 0.0) ? NAN : sqrt(C * T);
                int lv = rc_ccd_level(D);
                long lag = rc_ccd_lagging(u, k, c->o->lag_threshold);
                char pair[256];
                snprintf(pair, sizeof pair, "%s/%s", st->dim_ids[dims[pa]], st->dim_ids[dims[pb]]);
                tw_row(&w);
                tw_s(&w, 0, c->p->region_ids[r]);
                tw_i(&w, 1, c->p->years[t]);
                tw_s(&w, 2, c->o->form == RC_CCD_WANG2021 ? "wang2021" : "standard");
                tw_n(&w, 3, C);
                tw_n(&w, 4, T);
                tw_n(&w, 5, D);
                tw_i(&w, 6, lv + 1); /* 1..10, 0 = unclassified */
                tw_s(&w, 7, lv >= 0 ? rc_ccd_level_zh(lv) : NULL);
                tw_s(&w, 8, lv >= 0 ? rc_ccd_level_en(lv) : NULL);
                int anynan = isnan(T);
                tw_s(&w, 9, anynan ? NULL : lag >= 0 ? st->dim_ids[dims[lag]] : "balanced");
                tw_n(&w, 10, rc_ccd_relative(u[pa], u[pb]));
                tw_s(&w, 11, pair);
                if (named) tw_s(&w, 12, c->o->sys_names[s]);
                for (size_t i = 0; i < k; i++) tw_n(&w, ucol[dims[i]], u[i]);
            }
        }
    }
    rc = tw_close(&w, err);
done:
    if (ucols)
        for (size_t d = 0; d < K; d++) free(ucols[d]);
    free(ucols); free(names); free(types); free(u); free(alpha_s); free(lo); free(hi);
    free(sys); free(sn); free(ucol);
    return rc;
}

/* ---------------- disparity ---------------- */
static void disp_row(tw *w, int year, const char *by, const char *measure, const char *g1,
                     const char *g2, double v)
{
    tw_row(w);
    tw_i(w, 0, year);
    tw_s(w, 1, by);
    tw_s(w, 2, measure);
    tw_s(w, 3, g1);
    tw_s(w, 4, g2);
    tw_n(w, 5, v);
}

/* The rows `weighted_*` of year t: the n values y (regions reg) that also have a weight
 * > 0 in `wts`, weighted by it; group2 names the weighting series. y and reg are
 * compacted in place (the caller is done with them). */
static int weighted_rows(tw *w, const ctx *c, const double *wts, size_t t, double *y,
                         size_t *reg, size_t n, const rc_grouping *gr, size_t *g, double *Tg,
                         double *Lg, rc_error *err)
{
    const rc_analysis_opts *o = c->o;
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
static int disparity_domain(const ctx *c, const double *v, rc_error *err)
{
    for (size_t i = 0; i < c->nr * c->ny; i++) {
        if (!(v[i] < 0.0)) continue;
        char b[40];
        return rc_error_set(err, RC_ERRK_DATA,
                            "analysis.disparity: Gini, Theil and Dagum need non-negative values, "
                            "but the %s%s%s of region %s in %d is %s; normalise to a non-negative "
                            "range (minmax, goalposts) or keep measures: [cv]",
                            c->o->disp_on ? "scores of dimension '" : "index",
                            c->o->disp_on ? c->o->disp_on : "", c->o->disp_on ? "'" : "",
                            c->p->region_ids[i % c->nr], c->p->years[i / c->nr],
                            rc_fmt_double(v[i], b, sizeof b));
    }
    return 0;
}

static int run_disparity(const ctx *c, rc_resultset *rs, rc_error *err)
{
    const rc_analysis_opts *o = c->o;
    const double *v = values_of(c, o->disp_on, err);
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
    tw w = {0};
    if (!y || !work || !reg || !g || !Tg || !Lg || !mg || !Gjj || !Gjh || !Djh || !ng || !order) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    static const char *const names[] = {"year", "group_by", "measure", "group", "group2", "value"};
    static const int32_t types[] = {I, S, S, S, S, N};
    if ((o->m_gini || o->m_theil || o->m_dagum) && disparity_domain(c, v, err) != 0) goto done;
    if (tw_open(&w, rs, "disparity", NCOLS(names), names, types, err)) goto done;
    const char *by = gr ? gr->name : "";
    for (size_t t = 0; t < c->ny; t++) {
        int year = c->p->years[t];
        size_t n = cross_section(c, v, t, y, reg);
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
        if (wts && weighted_rows(&w, c, wts, t, y, reg, n, gr, g, Tg, Lg, err)) goto done;
    }
    rc = tw_close(&w, err);
done:
    free(y); free(work); free(reg); free(g); free(Tg); free(Lg); free(mg); free(Gjj);
    free(Gjh); free(Djh); free(ng); free(order);
    return rc;
}

/* ---------------- convergence ---------------- */
static void conv_row(tw *w, const char *type, int year, const char *term, const char *stat,
                     double v, const char *note)
{
    tw_row(w);
    tw_s(w, 0, type);
    tw_i(w, 1, year);
    tw_s(w, 2, term);
    tw_s(w, 3, stat);
    tw_n(w, 4, v);
    tw_s(w, 5, note);
}

static int run_convergence(const ctx *c, rc_resultset *rs, rc_error *err)
{
    const rc_analysis_opts *o = c->o;
    const rc_panel *p = c->p;
    const double *v = values_of(c, o->conv_on, err);
    if (!v) return -1;
    size_t nr = c->nr, ny = c->ny;
    static const char *const names[] = {"type", "year", "term", "statistic", "value", "note"};
    static const int32_t types[] = {S, I, S, S, N, S};
    tw w = {0};
    if (tw_open(&w, rs, "convergence", NCOLS(names), names, types, err)) return -1;
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
            size_t n = cross_section(c, v, t, y, NULL);
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
    rc = tw_close(&w, err);
done:
    if (terms)
        for (size_t j = 0; j < p_max; j++) free(terms[j]);
    free(terms); free(y); free(ly); free(X); free(dep); free(coef); free(se); free(tv);
    free(pv); free(use);
    rc_buf_free(&note);
    return rc;
}

/* ---------------- spatial ---------------- */
/* Rows of w restricted to the regions in keep[0..m) (ascending), renumbered and
 * re-standardised. */
static int subset_weights(const rc_spatial *w, const size_t *keep, size_t m, size_t n_all,
                          rc_spatial *out, size_t *map)
{
    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n_all; i++) map[i] = (size_t)-1;
    for (size_t i = 0; i < m; i++) map[keep[i]] = i;
    size_t nnz = 0;
    for (size_t i = 0; i < m; i++)
        for (size_t e = w->off[keep[i]]; e < w->off[keep[i] + 1]; e++)
            if (map[w->nbr[e]] != (size_t)-1) nnz++;
    out->n = m;
    out->off = rc_calloc(m + 1, sizeof *out->off);
    out->nbr = rc_malloc((nnz ? nnz : 1) * sizeof *out->nbr);
    out->w = rc_malloc((nnz ? nnz : 1) * sizeof *out->w);
    if (!out->off || !out->nbr || !out->w) {
        rc_spatial_free_arrays(out);
        return -1;
    }
    nnz = 0;
    for (size_t i = 0; i < m; i++) {
        size_t start = nnz;
        double rs = 0.0;
        for (size_t e = w->off[keep[i]]; e < w->off[keep[i] + 1]; e++) {
            size_t j = map[w->nbr[e]];
            if (j == (size_t)-1) continue;
            out->nbr[nnz] = j;
            out->w[nnz] = w->w[e];
            rs += w->w[e];
            nnz++;
        }
        for (size_t e = start; e < nnz; e++) out->w[e] /= rs;
        out->off[i + 1] = nnz;
    }
    return 0;
}

static int run_spatial(const ctx *c, rc_resultset *rs, rc_error *err)
{
    const rc_analysis_opts *o = c->o;
    const rc_panel *p = c->p;
    const double *v = values_of(c, o->sp_on, err);
    if (!v) return -1;
    size_t nr = c->nr;
    rc_spatial own = {0};
    const rc_spatial *W = NULL;
    if (o->weights == RC_W_DISTANCE) {
        if (!p->coord_x || !p->coord_y)
            return rc_error_set(err, RC_ERRK_DATA,
                                "analysis.spatial: distance weights need region coordinates, "
                                "but none were loaded; check regions.coordinates");
        if (rc_spatial_from_coords(p->coord_x, p->coord_y, nr, o->cutoff_km, &own))
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        W = &own;
    } else {
        W = p->spatial;
        if (!W)
            return rc_error_set(err, RC_ERRK_DATA,
                                "analysis.spatial: adjacency weights were requested but none "
                                "were loaded; check regions.adjacency");
    }
    if (W->n != nr) {
        rc_spatial_free_arrays(&own);
        return rc_error_set(err, RC_ERRK_DATA,
                            "analysis.spatial: the weights cover %zu regions, the panel %zu",
                            W->n, nr);
    }
    static const char *const sn[] = {
        "year", "on", "weights", "n", "n_islands", "islands", "I", "EI", "var_normality",
        "var_randomisation", "z_normality", "z_randomisation", "p_normality",
        "p_randomisation", "p_two_sided_normality", "p_two_sided_randomisation",
        "permutations", "seed", "pseudo_p", "note"};
    static const int32_t stp[] = {I, S, S, I, I, S, N, N, N, N, N, N, N, N, N, N, I, I, N, S};
    static const char *const ln[] = {"region", "year", "value", "z", "lag", "Ii", "quadrant",
                                     "pseudo_p", "E_Ii", "var_Ii", "z_Ii", "p_Ii",
                                     "neighbours", "note"};
    static const int32_t ltp[] = {S, I, N, N, N, N, S, N, N, N, N, N, I, S};
    size_t nn = nr ? nr : 1;
    double *y = rc_malloc(nn * sizeof *y), *work = rc_malloc(3 * nn * sizeof *work);
    double *Ii = rc_malloc(nn * sizeof *Ii), *lag = rc_malloc(nn * sizeof *lag);
    double *pp = rc_malloc(nn * sizeof *pp), *le = rc_malloc(4 * nn * sizeof *le);
    int *quad = rc_malloc(nn * sizeof *quad);
    size_t *reg = rc_malloc(nn * sizeof *reg), *iw = rc_malloc(nn * sizeof *iw);
    size_t *map = rc_malloc(nn * sizeof *map);
    rc_buf isl;
    rc_buf_init(&isl);
    int rc = -1;
    tw ws = {0}, wl = {0};
    if (!y || !work || !Ii || !lag || !pp || !le || !quad || !reg || !iw || !map) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    if (tw_open(&ws, rs, "spatial", NCOLS(sn), sn, stp, err)) goto done;
    if (o->lisa && tw_open(&wl, rs, "lisa", NCOLS(ln), ln, ltp, err)) goto done;
    const char *on = o->sp_on ? o->sp_on : "index";
    for (size_t t = 0; t < c->ny; t++) {
        int year = p->years[t];
        size_t n = cross_section(c, v, t, y, reg);
        rc_spatial sub = {0};
        const rc_spatial *Wt = W;
        if (n < nr) {
            if (subset_weights(W, reg, n, nr, &sub, map)) {
                rc_error_set(err, RC_ERRK_OTHER, "out of memory");
                goto done;
            }
            Wt = &sub;
        }
        rc_moran m;
        rc_rng rng;
        /* one stream per year, so adding a year leaves the others' p-values unchanged */
        rc_rng_seed(&rng, o->seed * 0x100000001b3ULL + (uint64_t)(int64_t)year);
        int mr = n >= 2 ? rc_moran_global(Wt, y, (size_t)o->perms, &rng, work, &m) : -1;
        isl.len = 0;
        if (isl.data) isl.data[0] = 0;
        size_t nisl = 0;
        for (size_t i = 0; i < n; i++)
            if (Wt->off[i] == Wt->off[i + 1]) {
                rc_buf_printf(&isl, "%s%s", nisl ? "," : "", p->region_ids[reg[i]]);
                nisl++;
            }
        rc_buf note;
        rc_buf_init(&note);
        if (n < nr) rc_buf_printf(&note, "%zu region(s) with a missing value left out; ", nr - n);
        if (nisl) rc_buf_printf(&note, "%zu island(s) without neighbours kept with zero lag; ", nisl);
        if (mr == 1) rc_buf_puts(&note, "Moran's I undefined: the values are all equal or no "
                                        "region has a neighbour; ");
        if (mr < 0) rc_buf_puts(&note, "Moran's I undefined: fewer than two regions; ");
        if (note.len >= 2) note.data[note.len - 2] = 0;
        tw_row(&ws);
        tw_i(&ws, 0, year);
        tw_s(&ws, 1, on);
        tw_s(&ws, 2, o->weights == RC_W_DISTANCE ? "distance" : "adjacency");
        tw_i(&ws, 3, (int64_t)n);
        tw_i(&ws, 4, (int64_t)nisl);
        tw_s(&ws, 5, isl.data ? isl.data : "");
        int ok = mr >= 0;
        tw_n(&ws, 6, ok ? m.moran_i : NAN);
        tw_n(&ws, 7, ok ? m.EI : NAN);
        tw_n(&ws, 8, ok ? m.var_norm : NAN);
        tw_n(&ws, 9, ok ? m.var_rand : NAN);
        tw_n(&ws, 10, ok ? m.z_norm : NAN);
        tw_n(&ws, 11, ok ? m.z_rand : NAN);
        tw_n(&ws, 12, ok ? m.p_norm : NAN);
        tw_n(&ws, 13, ok ? m.p_rand : NAN);
        tw_n(&ws, 14, ok ? m.p_norm_two : NAN);
        tw_n(&ws, 15, ok ? m.p_rand_two : NAN);
        tw_i(&ws, 16, o->perms);
        tw_i(&ws, 17, (int64_t)o->seed);
        tw_n(&ws, 18, ok ? m.perm_p : NAN);
        tw_s(&ws, 19, note.data ? note.data : "");
        rc_buf_free(&note);
        if (o->lisa && n >= 2) {
            int lr = rc_moran_local(Wt, y, (size_t)o->perms, &rng, Ii, lag, quad, pp, work, iw);
            double *lE = le, *lV = le + nn, *lZ = le + 2 * nn, *lP = le + 3 * nn;
            if (rc_moran_local_normal(Wt, y, lE, lV, lZ, lP, work) < 0)
                for (size_t i = 0; i < n; i++) lE[i] = lV[i] = lZ[i] = lP[i] = NAN;
            double mean = 0.0;
            for (size_t i = 0; i < n; i++) mean += y[i];
            mean /= (double)n;
            for (size_t i = 0; i < n; i++) {
                int island = Wt->off[i] == Wt->off[i + 1];
                tw_row(&wl);
                tw_s(&wl, 0, p->region_ids[reg[i]]);
                tw_i(&wl, 1, year);
                tw_n(&wl, 2, y[i]);
                tw_n(&wl, 3, y[i] - mean);
                tw_n(&wl, 4, lr == 0 ? lag[i] : NAN);
                tw_n(&wl, 5, lr == 0 ? Ii[i] : NAN);
                tw_s(&wl, 6, lr == 0 ? (island ? "island" : rc_quadrant_name(quad[i])) : "");
                tw_n(&wl, 7, lr == 0 ? pp[i] : NAN);
                tw_n(&wl, 8, lE[i]);
                tw_n(&wl, 9, lV[i]);
                tw_n(&wl, 10, lZ[i]);
                tw_n(&wl, 11, lP[i]);
                tw_i(&wl, 12, (int64_t)(Wt->off[i + 1] - Wt->off[i]));
                tw_s(&wl, 13, island ? "no neighbours" : lr == 1 ? "undefined: all values equal"
                                                               : "");
            }
        }
        rc_spatial_free_arrays(&sub);
    }
    rc = tw_close(&ws, err);
    if (!rc && o->lisa) rc = tw_close(&wl, err);
done:
    rc_spatial_free_arrays(&own);
    free(y); free(work); free(Ii); free(lag); free(pp); free(le); free(quad); free(reg); free(iw);
    free(map);
    rc_buf_free(&isl);
    return rc;
}

/* ---------------- density ---------------- */
static int run_density(const ctx *c, rc_resultset *rs, rc_error *err)
{
    const rc_analysis_opts *o = c->o;
    const double *v = values_of(c, o->dens_on, err);
    if (!v) return -1;
    size_t nr = c->nr, ny = c->ny, m = (size_t)o->points;
    double *y = rc_malloc((nr ? nr : 1) * sizeof *y), *work = rc_malloc((nr ? nr : 1) * sizeof *work);
    double *h = rc_malloc((ny ? ny : 1) * sizeof *h);
    double *grid = rc_malloc(m * sizeof *grid), *f = rc_malloc(m * sizeof *f);
    int rc = -1;
    tw w = {0};
    if (!y || !work || !h || !grid || !f) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    double lo = INFINITY, hi = -INFINITY, hmax = 0.0;
    for (size_t t = 0; t < ny; t++) {
        size_t n = cross_section(c, v, t, y, NULL);
        h[t] = rc_bw_nrd0(y, n, work);
        if (h[t] > hmax) hmax = h[t];
        for (size_t i = 0; i < n; i++) {
            if (y[i] < lo) lo = y[i];
            if (y[i] > hi) hi = y[i];
        }
    }
    double from = isnan(o->from) ? lo - 3.0 * hmax : o->from;
    double to = isnan(o->to) ? hi + 3.0 * hmax : o->to;
    static const char *const names[] = {"year", "x", "density", "bandwidth", "n"};
    static const int32_t types[] = {I, N, N, N, I};
    if (tw_open(&w, rs, "density", NCOLS(names), names, types, err)) goto done;
    if (!(from < to)) { rc = tw_close(&w, err); goto done; } /* no data */
    for (size_t g = 0; g < m; g++)
        grid[g] = g + 1 == m ? to : from + (to - from) * (double)g / (double)(m - 1);
    for (size_t t = 0; t < ny; t++) {
        size_t n = cross_section(c, v, t, y, NULL);
        if (n < 2) continue;
        rc_kde_gauss(y, n, h[t], grid, m, f);
        for (size_t g = 0; g < m; g++) {
            tw_row(&w);
            tw_i(&w, 0, c->p->years[t]);
            tw_n(&w, 1, grid[g]);
            tw_n(&w, 2, f[g]);
            tw_n(&w, 3, h[t]);
            tw_i(&w, 4, (int64_t)n);
        }
    }
    rc = tw_close(&w, err);
done:
    free(y); free(work); free(h); free(grid); free(f);
    return rc;
}

/* ---------------- obstacles ---------------- */
typedef struct ranked {
    double v;
    size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    int xn = isnan(x->v), yn = isnan(y->v);
    if (xn != yn) return xn - yn;
    if (x->v > y->v) return -1;
    if (x->v < y->v) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int run_obstacles(const ctx *c, rc_resultset *rs, rc_error *err)
{
    const rc_run_state *st = c->st;
    size_t L = st->n_leaves, K = st->n_dims, nr = c->nr, ny = c->ny;
    size_t LL = L ? L : 1, KK = K ? K : 1;
    double *F = rc_malloc(LL * sizeof *F), *x = rc_malloc(LL * sizeof *x);
    double *O = rc_malloc(LL * sizeof *O), *U = rc_malloc(KK * sizeof *U);
    size_t *dim_of = rc_malloc(LL * sizeof *dim_of);
    ranked *rk = rc_malloc((LL > KK ? LL : KK) * sizeof *rk);
    long *rank_l = rc_malloc(LL * sizeof *rank_l), *rank_d = rc_malloc(KK * sizeof *rank_d);
    int rc = -1;
    tw w = {0}, wt = {0};
    if (!F || !x || !O || !U || !dim_of || !rk || !rank_l || !rank_d) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    for (size_t l = 0; l < L; l++) {
        dim_of[l] = (size_t)-1;
        for (size_t d = 0; d < K; d++)
            if (st->leaf_dim[l] && strcmp(st->leaf_dim[l], st->dim_ids[d]) == 0) dim_of[l] = d;
    }
    static const char *const names[] = {"region", "year", "level", "dimension", "indicator",
                                        "obstacle", "rank"};
    static const int32_t types[] = {S, I, S, S, S, N, I};
    static const char *const tnames[] = {"region", "year", "rank", "indicator", "dimension",
                                         "obstacle"};
    static const int32_t ttypes[] = {S, I, I, S, S, N};
    if (tw_open(&w, rs, "obstacles", NCOLS(names), names, types, err)) goto done;
    if (tw_open(&wt, rs, "obstacles_top", NCOLS(tnames), tnames, ttypes, err)) goto done;
    for (size_t r = 0; r < nr; r++) {
        for (size_t t = 0; t < ny; t++) {
            for (size_t l = 0; l < L; l++) {
                F[l] = st->leaf_weight[l][t];
                double xv = st->leaf_norm[l][t * nr + r];
                x[l] = xv > 1.0 ? 1.0 : xv; /* V = 1 − x' never negative (shifted x') */
            }
            rc_obstacle(F, x, L, O);
            /* a dimension with no indicator value in this cell has no obstacle (NaN) */
            for (size_t d = 0; d < K; d++) U[d] = NAN;
            for (size_t l = 0; l < L; l++)
                if (dim_of[l] != (size_t)-1 && !isnan(O[l]))
                    U[dim_of[l]] = isnan(U[dim_of[l]]) ? O[l] : U[dim_of[l]] + O[l];
            for (size_t l = 0; l < L; l++) { rk[l].v = O[l]; rk[l].i = l; }
            qsort(rk, L, sizeof *rk, cmp_ranked);
            /* ties share the lowest rank (1, 2, 2, 4) as everywhere; missing = 0 */
            rc_rank_desc(O, L, rank_l);
            for (size_t a = 0; a < L && (long)a < c->o->top; a++) {
                if (isnan(rk[a].v)) break;
                size_t l = rk[a].i;
                tw_row(&wt);
                tw_s(&wt, 0, c->p->region_ids[r]);
                tw_i(&wt, 1, c->p->years[t]);
                tw_i(&wt, 2, rank_l[l]);
                tw_s(&wt, 3, st->leaf_ids[l]);
                tw_s(&wt, 4, st->leaf_dim[l]);
                tw_n(&wt, 5, O[l]);
            }
            rc_rank_desc(U, K, rank_d);
            for (size_t l = 0; l < L; l++) {
                tw_row(&w);
                tw_s(&w, 0, c->p->region_ids[r]);
                tw_i(&w, 1, c->p->years[t]);
                tw_s(&w, 2, "indicator");
                tw_s(&w, 3, st->leaf_dim[l]);
                tw_s(&w, 4, st->leaf_ids[l]);
                tw_n(&w, 5, O[l]);
                tw_i(&w, 6, rank_l[l]);
            }
            for (size_t d = 0; d < K; d++) {
                tw_row(&w);
                tw_s(&w, 0, c->p->region_ids[r]);
                tw_i(&w, 1, c->p->years[t]);
                tw_s(&w, 2, "dimension");
                tw_s(&w, 3, st->dim_ids[d]);
                tw_s(&w, 4, "");
                tw_n(&w, 5, U[d]);
                tw_i(&w, 6, rank_d[d]);
            }
        }
    }
    rc = tw_close(&w, err);
    if (!rc) rc = tw_close(&wt, err);
done:
    free(F); free(x); free(O); free(U); free(dim_of); free(rk); free(rank_l); free(rank_d);
    return rc;
}

int rc_analysis_run(const rc_run_state *st, rc_resultset *rs, rc_error *err)
{
    if (!st || !rs) return rc_error_set(err, RC_ERRK_OTHER, "rc_analysis_run: no run state");
    rc_analysis_opts o;
    if (rc_analysis_opts_parse_ex(st->cfg, NULL, 0, 1, &o, err)) return -1;
    ctx c = {st, st->panel, &o, st->nr, st->ny};
    int rc = 0;
    if (!c.p) rc = rc_error_set(err, RC_ERRK_OTHER, "rc_analysis_run: no panel");
    if (!rc && o.coupling && run_coupling(&c, rs, err)) rc = -1;
    if (!rc && o.disparity && run_disparity(&c, rs, err)) rc = -1;
    if (!rc && o.convergence && run_convergence(&c, rs, err)) rc = -1;
    if (!rc && o.spatial && run_spatial(&c, rs, err)) rc = -1;
    if (!rc && o.density && run_density(&c, rs, err)) rc = -1;
    if (!rc && o.obstacles && run_obstacles(&c, rs, err)) rc = -1;
    rc_analysis_opts_free(&o);
    return rc;
}
