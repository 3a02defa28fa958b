/* plugins/analyses/index_trend/index_trend.c — the example analysis plugin: for every
 * region, the least-squares slope of its published index over the years (points per year),
 * the change from its first to its last scored year, and whether it is rising, falling or
 * flat; one row per region in the table `index_trend`. It shows the whole analysis SDK: a
 * key table with an enum key, typed getters with defaults, reading the index, adding a
 * typed table with missing values, and rc_errorf. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"min_years", RC_CFG_INT, 0, "3",
     "Fewest scored years a region needs for a slope (fewer: slope left missing)."},
    {"tolerance", RC_CFG_NUMBER, 0, "0",
     "A slope within ±tolerance (points per year) counts as flat."},
    {"on", RC_CFG_ENUM, 0, "published",
     "published (index × index.scale) or unit (the unscaled index).", "published|unit"},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);

static const char *const k_provides[] = {"index_trend", NULL};

/* Least-squares slope of v over the years t (n points, n ≥ 2 with distinct years). */
static double ols_slope(const double *t, const double *v, size_t n)
{
    double mt = 0.0, mv = 0.0;
    for (size_t i = 0; i < n; i++) {
        mt += t[i];
        mv += v[i];
    }
    mt /= (double)n;
    mv /= (double)n;
    double sxy = 0.0, sxx = 0.0;
    for (size_t i = 0; i < n; i++) {
        sxy += (t[i] - mt) * (v[i] - mv);
        sxx += (t[i] - mt) * (t[i] - mt);
    }
    return sxx > 0.0 ? sxy / sxx : NAN;
}

static int32_t trend_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "index_trend needs a host of ABI 1.1 or newer");
    int64_t min_years = 0;
    double tol = 0.0, scale = 1.0;
    int32_t on = 0;
    int32_t rc;
    if ((rc = host->cfg_int(ctx, "min_years", &min_years)) != RC_OK ||
        (rc = host->cfg_number(ctx, "tolerance", &tol)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "on", &on)) != RC_OK)
        return rc;
    if (min_years < 2)
        return rc_errorf(host, ctx, RC_EINVAL, "min_years is %lld; a slope needs 2 or more",
                         (long long)min_years);
    if (!(tol >= 0.0)) return rc_errorf(host, ctx, RC_EINVAL, "tolerance must be 0 or more");
    const double *index = NULL;
    if ((rc = host->index_values(ctx, &index, &scale)) != RC_OK) return rc;
    if (on == 1) scale = 1.0;

    static const char *const cols[] = {"region", "n_years", "from_year", "to_year",
                                       "slope", "change", "direction"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_INT, RC_COL_INT,
                                    RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_STRING};
    rc_table *t = host->table_add(ctx, "index_trend", 7, cols, types);
    if (!t) return RC_EFAIL;
    host->table_set_info(ctx, t, "Index trend by region",
                         "Least-squares slope of each region's index over the years (points "
                         "per year), the change from its first to its last scored year, and "
                         "its direction; regions with too few scored years have no slope.");
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx);
    double *tt = malloc((ny ? ny : 1) * sizeof *tt), *vv = malloc((ny ? ny : 1) * sizeof *vv);
    if (!tt || !vv) {
        free(tt);
        free(vv);
        return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    }
    for (size_t r = 0; rc == RC_OK && r < nr; r++) {
        size_t n = 0;
        int32_t first = 0, last = 0;
        double v0 = NAN, v1 = NAN;
        for (size_t y = 0; y < ny; y++) {
            double v = index[y * nr + r];
            if (isnan(v)) continue;
            if (n == 0) {
                first = host->year(ctx, y);
                v0 = v * scale;
            }
            last = host->year(ctx, y);
            v1 = v * scale;
            tt[n] = (double)last;
            vv[n] = v * scale;
            n++;
        }
        double slope = (int64_t)n >= min_years ? ols_slope(tt, vv, n) : NAN;
        const char *dir = isnan(slope) ? NULL
                          : slope > tol ? "rising"
                          : slope < -tol ? "falling" : "flat";
        int64_t row = host->table_add_row(ctx, t);
        if (row < 0) {
            rc = RC_ENOMEM;
            break;
        }
        size_t i = (size_t)row;
        if ((rc = host->table_set_str(ctx, t, i, 0, host->region_id(ctx, r))) != RC_OK ||
            (rc = host->table_set_int(ctx, t, i, 1, (int64_t)n)) != RC_OK ||
            (rc = host->table_set_int(ctx, t, i, 2, first)) != RC_OK ||
            (rc = host->table_set_int(ctx, t, i, 3, last)) != RC_OK ||
            (rc = host->table_set_num(ctx, t, i, 4, slope)) != RC_OK ||
            (rc = host->table_set_num(ctx, t, i, 5, n ? v1 - v0 : NAN)) != RC_OK)
            break;
        rc = host->table_set_str(ctx, t, i, 6, dir);
    }
    free(tt);
    free(vv);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "index_trend",
    .version = "1.0.0",
    .summary = "Each region's linear trend of the index over the years",
    .key_table = &k_key_table,
    .analyse = trend_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
