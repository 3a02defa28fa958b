/* plugins/analyses/forecast/forecast.c — the `forecast` analysis plugin: a GM(1,1) model
 * (gm11_kernel.h) per region of the index, a dimension, coupling D, an indicator or a data
 * series, fitted over the scored years and projected `horizon` steps; tables
 * `forecast_model` (one row per region: the class-ratio test, a, b, C, P, grade, status and
 * note) and `forecast` (fitted and forecast values with residuals and relative errors). A
 * region whose series is short, has a value ≤ 0, a gap, or unequal year steps gets no
 * model and a note saying why; a series failing the class-ratio test is forecast with the
 * failure on every row, never silently. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_source.h"
#include "an_tab.h"
#include "gm11_kernel.h"
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"on", RC_CFG_STRING, 0, "index",
     "What to forecast: index, a dimension id, coupling.D, an indicator id or a data series.",
     NULL},
    {"horizon", RC_CFG_INT, 0, "3", "Steps (years) to forecast after the last scored year.", NULL},
    {"from", RC_CFG_INT, 0, NULL, "First year of the fitting window (default the first).", NULL},
    {"to", RC_CFG_INT, 0, NULL, "Last year of the fitting window (default the last).", NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"forecast_model", "forecast", NULL};

static const char *const mcols[] = {"region", "on", "from_year", "to_year", "n", "status",
                                    "a", "b", "ratio_min", "ratio_max", "ratio_lo",
                                    "ratio_hi", "ratio_test", "C", "P", "mean_rel_error",
                                    "grade", "grade_name", "note"};
static const int32_t mtypes[] = {RC_COL_STRING, RC_COL_STRING, RC_COL_INT,    RC_COL_INT,
                                 RC_COL_INT,    RC_COL_STRING, RC_COL_NUMBER, RC_COL_NUMBER,
                                 RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER,
                                 RC_COL_STRING, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER,
                                 RC_COL_INT,    RC_COL_STRING, RC_COL_STRING};
static const char *const fcols[] = {"region", "on", "year", "kind", "actual", "fitted",
                                    "residual", "rel_error", "note"};
static const int32_t ftypes[] = {RC_COL_STRING, RC_COL_STRING, RC_COL_INT,
                                 RC_COL_STRING, RC_COL_NUMBER, RC_COL_NUMBER,
                                 RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_STRING};

typedef struct window {
    size_t t0, t1; /* year indices of the fitting window, inclusive */
} window;

static int32_t fitting_window(const rc_host *host, rc_ctx *ctx, window *w)
{
    size_t ny = host->n_years(ctx);
    int64_t from = 0, to = 0;
    int32_t rf = host->cfg_int(ctx, "from", &from), rt = host->cfg_int(ctx, "to", &to);
    if ((rf != RC_OK && rf != RC_ENOTFOUND) || (rt != RC_OK && rt != RC_ENOTFOUND))
        return RC_EINVAL;
    w->t0 = 0;
    w->t1 = ny ? ny - 1 : 0;
    for (size_t t = 0; t < ny; t++) {
        if (rf == RC_OK && host->year(ctx, t) < from) w->t0 = t + 1;
        if (rt == RC_OK && host->year(ctx, t) <= to) w->t1 = t;
    }
    if (ny == 0 || w->t0 >= ny || (rt == RC_OK && host->year(ctx, 0) > to) || w->t0 > w->t1)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "the fitting window from %lld to %lld holds no scored year",
                         (long long)from, (long long)to);
    return RC_OK;
}

/* One region: the series inside the window from its first to its last value. Returns the
 * number of points written to x/years, or 0 with a note for a gap or unequal steps. */
static size_t region_series(const rc_host *host, rc_ctx *ctx, const an_source *src, size_t r,
                            const window *w, double *x, int32_t *years, char *note,
                            size_t nsz)
{
    size_t nr = host->n_regions(ctx), first = SIZE_MAX, last = 0;
    for (size_t t = w->t0; t <= w->t1; t++)
        if (!isnan(src->v[t * nr + r])) {
            if (first == SIZE_MAX) first = t;
            last = t;
        }
    if (first == SIZE_MAX) {
        snprintf(note, nsz, "no value in the fitting window");
        return 0;
    }
    size_t n = 0;
    for (size_t t = first; t <= last; t++) {
        double v = src->v[t * nr + r];
        if (isnan(v)) {
            snprintf(note, nsz, "a gap in %d: GM(1,1) needs equally spaced values",
                     (int)host->year(ctx, t));
            return 0;
        }
        years[n] = host->year(ctx, t);
        x[n++] = v * src->scale;
    }
    for (size_t k = 2; k < n; k++)
        if (years[k] - years[k - 1] != years[1] - years[0]) {
            snprintf(note, nsz, "the years are not equally spaced (%d, %d, %d): GM(1,1) needs "
                     "equal steps", (int)years[k - 2], (int)years[k - 1], (int)years[k]);
            return 0;
        }
    return n;
}

static const char *status_name(int s)
{
    static const char *const names[] = {"ok", "short", "nonpositive", "constant"};
    return s >= 0 && s <= 3 ? names[s] : "gap";
}

static int32_t forecast_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "forecast needs a host of ABI 1.1 or newer");
    const char *on = NULL;
    int64_t horizon = 0;
    int32_t rc;
    if ((rc = host->cfg_str(ctx, "on", &on)) != RC_OK ||
        (rc = host->cfg_int(ctx, "horizon", &horizon)) != RC_OK)
        return rc;
    if (horizon < 1 || horizon > 100)
        return rc_errorf(host, ctx, RC_EINVAL, "horizon is %lld; give 1 to 100 steps",
                         (long long)horizon);
    window win;
    if ((rc = fitting_window(host, ctx, &win)) != RC_OK) return rc;
    an_source src;
    if ((rc = an_source_get(host, ctx, "forecast.on", on, &src)) != RC_OK) return rc;
    an_tab mt, ft;
    if (an_tab_open(&mt, host, ctx, "forecast_model", 19, mcols, mtypes, "GM(1,1) models",
                    "One GM(1,1) model per region: the class-ratio test, the development "
                    "coefficient a and grey input b, the posterior variance ratio C, the "
                    "small-error probability P and the accuracy grade; regions without a "
                    "model say why in the note.") != RC_OK ||
        an_tab_open(&ft, host, ctx, "forecast", 9, fcols, ftypes, "GM(1,1) fit and forecast",
                    "Fitted values with residuals and relative errors over the fitting "
                    "window, then the forecast; rows of a model that failed the class-ratio "
                    "test say so in the note.") != RC_OK) {
        an_source_free(&src);
        return RC_EFAIL;
    }
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), h = (size_t)horizon;
    double *x = malloc((ny + 1) * sizeof *x), *fit = malloc((ny + h + 1) * sizeof *fit);
    double *res = malloc((ny + 1) * sizeof *res), *rel = malloc((ny + 1) * sizeof *rel);
    int32_t *years = malloc((ny + 1) * sizeof *years);
    if (!x || !fit || !res || !rel || !years) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t r = 0; r < nr && mt.rc == RC_OK && ft.rc == RC_OK; r++) {
        const char *id = host->region_id(ctx, r);
        char note[512] = "";
        size_t n = region_series(host, ctx, &src, r, &win, x, years, note, sizeof note);
        gm11 g = {.a = NAN, .b = NAN, .C = NAN, .P = NAN, .mean_rel_error = NAN,
                  .ratio_min = NAN, .ratio_max = NAN, .ratio_lo = NAN, .ratio_hi = NAN};
        int status = -1; /* gap */
        if (n > 0) {
            status = gm11_fit(x, n, h, fit, res, rel, &g);
            if (status == GM_SHORT)
                snprintf(note, sizeof note, "%zu points: GM(1,1) needs 4 or more", n);
            else if (status == GM_NONPOSITIVE)
                snprintf(note, sizeof note, "a value ≤ 0: GM(1,1) needs positive values");
            else if (status == GM_CONSTANT)
                snprintf(note, sizeof note, "constant series: the forecast is the constant; "
                         "C, P and the grade are undefined");
            else if (!g.ratio_ok)
                snprintf(note, sizeof note, "class-ratio test failed: the ratios span "
                         "[%.6g, %.6g], outside (%.6g, %.6g); the forecast is unreliable",
                         g.ratio_min, g.ratio_max, g.ratio_lo, g.ratio_hi);
            else if (fabs(g.a) >= 2.0)
                snprintf(note, sizeof note, "|a| = %.6g ≥ 2: GM(1,1) does not apply",
                         fabs(g.a));
        }
        int fitted = status == GM_OK || status == GM_CONSTANT;
        an_tab_row(&mt);
        an_tab_s(&mt, 0, id);
        an_tab_s(&mt, 1, on);
        /* the region's series, or the fitting window when it yields none */
        an_tab_i(&mt, 2, n > 0 ? years[0] : host->year(ctx, win.t0));
        an_tab_i(&mt, 3, n > 0 ? years[n - 1] : host->year(ctx, win.t1));
        an_tab_i(&mt, 4, (int64_t)n);
        an_tab_s(&mt, 5, fitted && !g.ratio_ok ? "ratio_failed" : status_name(status));
        an_tab_n(&mt, 6, g.a);
        an_tab_n(&mt, 7, g.b);
        an_tab_n(&mt, 8, g.ratio_min);
        an_tab_n(&mt, 9, g.ratio_max);
        an_tab_n(&mt, 10, g.ratio_lo);
        an_tab_n(&mt, 11, g.ratio_hi);
        an_tab_s(&mt, 12, status == GM_OK || status == GM_CONSTANT ? (g.ratio_ok ? "pass" : "fail")
                                                                : NULL);
        an_tab_n(&mt, 13, g.C);
        an_tab_n(&mt, 14, g.P);
        an_tab_n(&mt, 15, g.mean_rel_error);
        an_tab_i(&mt, 16, g.grade);
        an_tab_s(&mt, 17, g.grade ? gm11_grade_name(g.grade) : NULL);
        an_tab_s(&mt, 18, *note ? note : NULL);
        if (!fitted) continue;
        int32_t step = n > 1 ? years[1] - years[0] : 1;
        for (size_t k = 0; k < n + h; k++) {
            an_tab_row(&ft);
            an_tab_s(&ft, 0, id);
            an_tab_s(&ft, 1, on);
            an_tab_i(&ft, 2, k < n ? years[k] : years[n - 1] + step * (int32_t)(k - n + 1));
            an_tab_s(&ft, 3, k < n ? "fit" : "forecast");
            if (k < n) {
                an_tab_n(&ft, 4, x[k]);
                an_tab_n(&ft, 6, res[k]);
                an_tab_n(&ft, 7, rel[k]);
            }
            an_tab_n(&ft, 5, fit[k]);
            an_tab_s(&ft, 8, *note ? note : NULL);
        }
    }
    rc = mt.rc != RC_OK ? mt.rc : ft.rc;
done:
    free(x);
    free(fit);
    free(res);
    free(rel);
    free(years);
    an_source_free(&src);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "forecast",
    .version = "1.0.0",
    .summary = "GM(1,1) forecasts per region with the class-ratio test and accuracy grade",
    .key_table = &k_key_table,
    .analyse = forecast_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
