/* plugins/analyses/ellipse/ellipse.c — the ellipse analysis plugin: per year, the
 * (weighted) mean centre and standard deviational ellipse of the regions' points (weights:
 * the analysed value, a data series, or none), with σ along the major and minor axes, the
 * azimuth θ and the area at 1, 2 and 3 SD (table `ellipse`), and the distance, direction
 * and speed of each move of the centre (table `ellipse_moves`). Lon/lat points are
 * projected about their mean (docs/analysis.md, "Coordinates"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_plugin.h"
#include "regcoord/plugin.h"
#include "sde.h"

static const rc_config_key k_keys[] = {
    {"on", RC_CFG_STRING, 0, "index", "index, or a dimension id: the values analysed.", NULL},
    {"weight", RC_CFG_STRING, 0, "value",
     "value (the analysed values weight the points), none, or a data series name.", NULL},
    {"coordinates", RC_CFG_ENUM, 0, "lonlat",
     "lonlat (degrees; km out) or planar (x, y in map units).", "lonlat|planar"},
    {"correction", RC_CFG_ENUM, 0, "arcgis",
     "Scale of the standard distances: arcgis (times sqrt 2), crimestat (sqrt(2n/(n-2)), "
     "PySAL pointpats) or none (Yuill).", "arcgis|crimestat|none"},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"ellipse", "ellipse_moves", NULL};

static const char *status_note(int s)
{
    switch (s) {
    case EL_TOO_FEW: return "undefined: fewer than 3 regions with a point, value and weight";
    case EL_NO_WEIGHT: return "undefined: the weights sum to 0";
    case EL_COINCIDENT: return "all points coincide: no spread, no direction";
    case EL_ISOTROPIC: return "the spread is the same in every direction: a circle, no azimuth";
    default: return NULL;
    }
}

static int32_t el_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "ellipse needs a host of ABI 1.1 or newer");
    const char *on = NULL, *wname = NULL;
    int32_t coords = 0, corr = 0, rc;
    if ((rc = host->cfg_str(ctx, "on", &on)) != RC_OK ||
        (rc = host->cfg_str(ctx, "weight", &wname)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "coordinates", &coords)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "correction", &corr)) != RC_OK)
        return rc;
    int lonlat = coords == 0;
    const double *v = NULL, *wser = NULL;
    if ((rc = an_values_on(host, ctx, on, &v)) != RC_OK) return rc;
    int by_value = !wname || !*wname || strcmp(wname, "value") == 0, none = wname && strcmp(wname, "none") == 0;
    if (!by_value && !none && host->series(ctx, wname, &wser) != RC_OK)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "ellipse.weight is '%s', which is neither value, none nor a data series",
                         wname);
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), nn = nr ? nr : 1;
    double *px = malloc(nn * sizeof *px), *py = malloc(nn * sizeof *py);
    double *x = malloc(nn * sizeof *x), *y = malloc(nn * sizeof *y), *w = malloc(nn * sizeof *w);
    if (!px || !py || !x || !y || !w) { rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory"); goto done; }
    double lon0 = 0.0, lat0 = 0.0;
    size_t nc = 0;
    for (size_t r = 0; r < nr; r++) {
        if (host->region_coords(ctx, r, &px[r], &py[r]) != RC_OK) {
            rc = rc_errorf(host, ctx, RC_EINVAL,
                           "ellipse needs regions.coordinates in the config; add a coordinates "
                           "file (region, longitude, latitude)");
            goto done;
        }
        if (!isnan(px[r]) && !isnan(py[r])) { lon0 += px[r]; lat0 += py[r]; nc++; }
    }
    if (nc) { lon0 /= (double)nc; lat0 /= (double)nc; }
    if (lonlat)
        for (size_t r = 0; r < nr; r++) {
            if (isnan(px[r]) || isnan(py[r])) continue;
            if (fabs(py[r]) > 90.0 || fabs(px[r]) > 360.0) {
                rc = rc_errorf(host, ctx, RC_EDATA,
                               "ellipse: region %s has coordinates (%g, %g), not longitude/"
                               "latitude; set coordinates: planar for map units",
                               host->region_id(ctx, r), px[r], py[r]);
                goto done;
            }
            el_project(px[r], py[r], lon0, lat0, &px[r], &py[r]);
        }
    static const char *const ec[] = {"year", "on", "weight", "n", "centre_x", "centre_y",
                                     "sigma_major", "sigma_minor", "theta", "area_1sd",
                                     "area_2sd", "area_3sd", "shape", "units", "correction",
                                     "note"};
    int32_t et[16];
    for (size_t k = 0; k < 16; k++) et[k] = RC_COL_NUMBER;
    et[0] = et[3] = RC_COL_INT;
    et[1] = et[2] = et[13] = et[14] = et[15] = RC_COL_STRING;
    static const char *const mc[] = {"from_year", "to_year", "distance", "direction", "compass",
                                     "speed", "dx", "dy", "units"};
    static const int32_t mt[] = {RC_COL_INT, RC_COL_INT, RC_COL_NUMBER, RC_COL_NUMBER,
                                 RC_COL_STRING, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER,
                                 RC_COL_STRING};
    rc_table *te = host->table_add(ctx, "ellipse", 16, ec, et);
    rc_table *tm = te ? host->table_add(ctx, "ellipse_moves", 9, mc, mt) : NULL;
    if (!te || !tm) { rc = RC_EFAIL; goto done; }
    host->table_set_info(ctx, te, "Standard deviational ellipse and mean centre",
                         "Per year: the weighted mean centre (lon/lat or x/y), the standard "
                         "distances along the major and minor axes, the azimuth of the major "
                         "axis (degrees clockwise from north) and the area at 1, 2 and 3 SD.");
    host->table_set_info(ctx, tm, "Moves of the mean centre",
                         "Distance, direction (degrees clockwise from north, and compass) and "
                         "speed per year of the mean centre between consecutive years.");
    const char *units = lonlat ? "km" : "map units";
    const char *wlabel = by_value ? "value" : none ? "none" : wname;
    double pcx = NAN, pcy = NAN, ppx = NAN, ppy = NAN;
    int32_t pyear = 0;
    for (size_t t = 0; rc == RC_OK && t < ny; t++) {
        for (size_t r = 0; r < nr; r++) {
            size_t i = t * nr + r;
            int miss = isnan(v[i]);
            x[r] = miss ? NAN : px[r];
            y[r] = miss ? NAN : py[r];
            w[r] = by_value ? v[i] : none ? 1.0 : wser[i];
            if (!isnan(w[r]) && !miss && w[r] < 0.0) {
                rc = rc_errorf(host, ctx, RC_EDATA,
                               "ellipse: region %s, year %d has the negative weight %g; the "
                               "weights must be 0 or more (weight: none for an unweighted "
                               "centre)", host->region_id(ctx, r), host->year(ctx, t), w[r]);
                break;
            }
        }
        if (rc != RC_OK) break;
        el_ellipse e;
        el_sde(x, y, w, nr, corr == 0 ? EL_CORR_ARCGIS : corr == 1 ? EL_CORR_CRIMESTAT : EL_CORR_NONE,
               &e);
        double cx = e.cx, cy = e.cy;
        if (lonlat && !isnan(cx)) el_unproject(e.cx, e.cy, lon0, lat0, &cx, &cy);
        int64_t row = host->table_add_row(ctx, te);
        if (row < 0) { rc = RC_ENOMEM; break; }
        size_t rr = (size_t)row;
        double nums[] = {cx, cy, e.sigma_major, e.sigma_minor, e.theta, el_area(&e, 1),
                         el_area(&e, 2), el_area(&e, 3),
                         e.sigma_major > 0.0 ? e.sigma_minor / e.sigma_major : NAN};
        int32_t year = host->year(ctx, t);
        if ((rc = host->table_set_int(ctx, te, rr, 0, year)) != RC_OK ||
            (rc = host->table_set_str(ctx, te, rr, 1, on && *on ? on : "index")) != RC_OK ||
            (rc = host->table_set_str(ctx, te, rr, 2, wlabel)) != RC_OK ||
            (rc = host->table_set_int(ctx, te, rr, 3, (int64_t)e.n)) != RC_OK)
            break;
        for (size_t k = 0; rc == RC_OK && k < 9; k++) rc = host->table_set_num(ctx, te, rr, 4 + k, nums[k]);
        if (rc == RC_OK) rc = host->table_set_str(ctx, te, rr, 13, units);
        if (rc == RC_OK)
            rc = host->table_set_str(ctx, te, rr, 14, corr == 0 ? "arcgis" : corr == 1 ? "crimestat" : "none");
        if (rc == RC_OK) rc = host->table_set_str(ctx, te, rr, 15, status_note(e.status));
        if (rc != RC_OK || isnan(cx)) continue;
        if (!isnan(pcx)) {
            double dist = lonlat ? el_haversine_km(pcx, pcy, cx, cy) : hypot(cx - pcx, cy - pcy);
            double dir = lonlat ? el_bearing_deg(pcx, pcy, cx, cy) : el_direction_deg(cx - pcx, cy - pcy);
            if (!(dist > 0.0)) dir = NAN;
            int64_t mr = host->table_add_row(ctx, tm);
            if (mr < 0) { rc = RC_ENOMEM; break; }
            size_t m = (size_t)mr;
            double gap = (double)(year - pyear);
            if ((rc = host->table_set_int(ctx, tm, m, 0, pyear)) != RC_OK ||
                (rc = host->table_set_int(ctx, tm, m, 1, year)) != RC_OK ||
                (rc = host->table_set_num(ctx, tm, m, 2, dist)) != RC_OK ||
                (rc = host->table_set_num(ctx, tm, m, 3, dir)) != RC_OK ||
                (rc = host->table_set_str(ctx, tm, m, 4, el_compass(dir))) != RC_OK ||
                (rc = host->table_set_num(ctx, tm, m, 5, gap > 0 ? dist / gap : NAN)) != RC_OK ||
                (rc = host->table_set_num(ctx, tm, m, 6, e.cx - ppx)) != RC_OK ||
                (rc = host->table_set_num(ctx, tm, m, 7, e.cy - ppy)) != RC_OK)
                break;
            rc = host->table_set_str(ctx, tm, m, 8, units);
        }
        pcx = cx;
        pcy = cy;
        ppx = e.cx;
        ppy = e.cy;
        pyear = year;
    }
done:
    free(px); free(py); free(x); free(y); free(w);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "ellipse",
    .version = "1.0.0",
    .summary = "Standard deviational ellipse and mean centre per year, and the centre's moves",
    .key_table = &k_key_table,
    .analyse = el_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
