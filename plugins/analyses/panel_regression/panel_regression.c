/* plugins/analyses/panel_regression/panel_regression.c — the `panel_regression` analysis
 * plugin: two-way fixed effects (region and year) of a target on chosen series or scores
 * with standard errors clustered by region (fe_kernel.h, LAPACKE). Tables
 * `panel_regression` (one row per term: the regressors, then the year effects) and
 * `panel_regression_fit` (N, regions, years, K, within R², df). Spatial Durbin and other
 * spatial panel models are out of scope: the dta reporter writes the panel for Stata or R. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_source.h"
#include "an_tab.h"
#include "fe_kernel.h"
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"y", RC_CFG_STRING, 0, "index",
     "The target: index, a dimension id, coupling.D, an indicator id or a data series.", NULL},
    {"x", RC_CFG_LIST, 1, NULL, "Regressors: series, dimension or indicator ids, coupling.D.",
     NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"panel_regression", "panel_regression_fit", NULL};

enum { S = RC_COL_STRING, I = RC_COL_INT, N = RC_COL_NUMBER };
static const char *const cols[] = {"y", "term", "coef", "se", "t", "p"};
static const int32_t types[] = {S, S, N, N, N, N};
static const char *const fcols[] = {"y", "statistic", "value", "note"};
static const int32_t ftypes[] = {S, S, N, S};

static int32_t fe_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "panel_regression needs a host of ABI 1.1 or newer");
    const char *yname = NULL, **xn = NULL;
    size_t p = 0, nr = host->n_regions(ctx), ny = host->n_years(ctx);
    int32_t rc;
    if ((rc = host->cfg_str(ctx, "y", &yname)) != RC_OK) return rc;
    if ((rc = an_cfg_list(host, ctx, "x", &xn, &p)) != RC_OK) return rc;
    an_source ys = {0}, *xs = calloc(p ? p : 1, sizeof *xs);
    size_t cells = nr * ny, K = p + (ny ? ny - 1 : 0);
    size_t cap = cells + 1, kcap = K + 1; /* never 0 */
    double *y = calloc(cap, sizeof *y), *X = calloc(cap * (p + 1), sizeof *X);
    size_t *reg = calloc(cap, sizeof *reg), *yr = calloc(cap, sizeof *yr);
    double *coef = calloc(kcap, sizeof *coef), *se = calloc(kcap, sizeof *se),
           *tv = calloc(kcap, sizeof *tv), *pv = calloc(kcap, sizeof *pv);
    an_tab w, f;
    if (!xs || !y || !X || !reg || !yr || !coef || !se || !tv || !pv) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    if (p == 0) {
        rc = rc_errorf(host, ctx, RC_EINVAL, "x: list at least one regressor");
        goto done;
    }
    if ((rc = an_source_get(host, ctx, "panel_regression.y", yname, &ys)) != RC_OK) goto done;
    for (size_t j = 0; j < p; j++)
        if ((rc = an_source_get(host, ctx, "panel_regression.x", xn[j], &xs[j])) != RC_OK)
            goto done;
    /* complete observations, years ascending then regions */
    size_t n = 0;
    for (size_t t = 0; t < ny; t++)
        for (size_t r = 0; r < nr; r++) {
            int ok = !isnan(ys.v[t * nr + r]);
            for (size_t j = 0; ok && j < p; j++) ok = !isnan(xs[j].v[t * nr + r]);
            if (!ok) continue;
            y[n] = ys.v[t * nr + r] * ys.scale; /* the published index, × index.scale */
            reg[n] = r;
            yr[n] = t;
            n++;
        }
    for (size_t j = 0; j < p; j++) {
        size_t i = 0;
        for (size_t t = 0; t < ny; t++)
            for (size_t r = 0; r < nr; r++) {
                int ok = !isnan(ys.v[t * nr + r]);
                for (size_t q = 0; ok && q < p; q++) ok = !isnan(xs[q].v[t * nr + r]);
                if (ok) X[j * n + i++] = xs[j].v[t * nr + r] * xs[j].scale;
            }
    }
    fe_result fr;
    int k = fe_twoway(y, X, n, p, reg, nr, yr, ny, coef, se, tv, pv, &fr);
    if (k == FE_NOMEM) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    if (k == FE_COLLINEAR) {
        char term[160];
        if (fr.bad_column < p) snprintf(term, sizeof term, "x '%s'", xn[fr.bad_column]);
        else snprintf(term, sizeof term, "the effect of %d",
                      (int)host->year(ctx, fr.bad_column - p + 1));
        rc = rc_errorf(host, ctx, RC_EDATA,
                       "%s is constant within regions or collinear with the other regressors "
                       "and the year effects, so two-way fixed effects cannot estimate it; drop "
                       "it from x", term);
        goto done;
    }
    if (k == FE_TOO_FEW) {
        rc = rc_errorf(host, ctx, RC_EDATA,
                       "%zu complete observations in %zu regions: two-way fixed effects with "
                       "%zu terms need 2 or more regions and more observations than terms + 1",
                       n, fr.G, fr.K);
        goto done;
    }
    if (an_tab_open(&w, host, ctx, "panel_regression", 6, cols, types,
                    "Two-way fixed-effects regression",
                    "Coefficients of the regressors and the year effects (against the first "
                    "year) with region and year fixed effects; standard errors clustered by "
                    "region, t tests with G − 1 df.") != RC_OK ||
        an_tab_open(&f, host, ctx, "panel_regression_fit", 4, fcols, ftypes,
                    "Two-way fixed-effects regression: fit",
                    "Observations, regions (clusters), years, K, within R² and the df of the "
                    "t tests.") != RC_OK) {
        rc = RC_EFAIL;
        goto done;
    }
    for (size_t j = 0; j < K; j++) {
        char term[160];
        if (j < p) snprintf(term, sizeof term, "%s", xn[j]);
        else if (!isnan(coef[j])) snprintf(term, sizeof term, "year=%d", (int)host->year(ctx, j - p + 1));
        else continue; /* the base year, or a year without observations */
        an_tab_row(&w);
        an_tab_s(&w, 0, yname);
        an_tab_s(&w, 1, term);
        an_tab_n(&w, 2, coef[j]);
        an_tab_n(&w, 3, se[j]);
        an_tab_n(&w, 4, tv[j]);
        an_tab_n(&w, 5, pv[j]);
    }
    const char *stats[] = {"N", "regions", "years", "K", "r2_within", "df"};
    double vals[] = {(double)fr.N, (double)fr.G, (double)fr.T, (double)fr.K, fr.r2_within, fr.df};
    char note[160];
    snprintf(note, sizeof note, "%zu region-years without y or a regressor left out", cells - n);
    for (size_t s = 0; s < 6; s++) {
        an_tab_row(&f);
        an_tab_s(&f, 0, yname);
        an_tab_s(&f, 1, stats[s]);
        an_tab_n(&f, 2, vals[s]);
        an_tab_s(&f, 3, s == 0 && cells > n ? note : NULL);
    }
    rc = w.rc != RC_OK ? w.rc : f.rc;
done:
    for (size_t j = 0; xs && j < p; j++) an_source_free(&xs[j]);
    an_source_free(&ys);
    free(xs);
    free(xn);
    free(y);
    free(X);
    free(reg);
    free(yr);
    free(coef);
    free(se);
    free(tv);
    free(pv);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "panel_regression",
    .version = "1.0.0",
    .summary = "Two-way fixed-effects panel regression with region-clustered standard errors",
    .key_table = &k_key_table,
    .analyse = fe_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
