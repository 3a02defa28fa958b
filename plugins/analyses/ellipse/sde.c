/* plugins/analyses/ellipse/sde.c — standard deviational ellipse, mean centre, projection
 * and move geometry (sde.h). */
#include "sde.h"

#include <math.h>

static const double deg = M_PI / 180.0;

int el_sde(const double *x, const double *y, const double *w, size_t n, int correction,
           el_ellipse *out)
{
    out->n = 0;
    out->weight = 0.0;
    out->cx = out->cy = out->sigma_major = out->sigma_minor = out->theta = NAN;
    out->status = EL_OK;
    double sw = 0.0, sx = 0.0, sy = 0.0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (isnan(x[i]) || isnan(y[i]) || isnan(wi)) continue;
        if (wi < 0.0) return -1;
        out->n++;
        sw += wi;
        sx += wi * x[i];
        sy += wi * y[i];
    }
    out->weight = sw;
    if (out->n < 3) { out->status = EL_TOO_FEW; return 0; }
    if (!(sw > 0.0)) { out->status = EL_NO_WEIGHT; return 0; }
    double cx = sx / sw, cy = sy / sw, Sxx = 0.0, Syy = 0.0, Sxy = 0.0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (isnan(x[i]) || isnan(y[i]) || isnan(wi)) continue;
        double dx = x[i] - cx, dy = y[i] - cy;
        Sxx += wi * dx * dx;
        Syy += wi * dy * dy;
        Sxy += wi * dx * dy;
    }
    out->cx = cx;
    out->cy = cy;
    double m = (double)out->n;
    double f = correction == EL_CORR_ARCGIS ? 2.0
               : correction == EL_CORR_CRIMESTAT ? 2.0 * m / (m - 2.0) : 1.0;
    if (Sxx == 0.0 && Syy == 0.0) {
        out->sigma_major = out->sigma_minor = 0.0;
        out->status = EL_COINCIDENT;
        return 0;
    }
    if (Sxx == Syy && Sxy == 0.0) {
        out->sigma_major = out->sigma_minor = sqrt(f * Sxx / sw);
        out->status = EL_ISOTROPIC;
        return 0;
    }
    double psi = 0.5 * atan2(2.0 * Sxy, Sxx - Syy); /* major axis, counter-clockwise from +x */
    double theta = 90.0 - psi / deg;
    if (theta >= 180.0) theta -= 180.0;
    if (theta < 0.0) theta += 180.0;
    double s = sin(theta * deg), c = cos(theta * deg), ma = 0.0, mi = 0.0;
    for (size_t i = 0; i < n; i++) {
        double wi = w ? w[i] : 1.0;
        if (isnan(x[i]) || isnan(y[i]) || isnan(wi)) continue;
        double dx = x[i] - cx, dy = y[i] - cy;
        double a = dx * s + dy * c, b = dx * c - dy * s;
        ma += wi * a * a;
        mi += wi * b * b;
    }
    out->theta = theta;
    out->sigma_major = sqrt(f * ma / sw);
    out->sigma_minor = sqrt(f * mi / sw);
    return 0;
}

double el_area(const el_ellipse *e, double sd)
{
    return M_PI * sd * e->sigma_major * sd * e->sigma_minor;
}

void el_project(double lon, double lat, double lon0, double lat0, double *x, double *y)
{
    *x = EL_EARTH_KM * (lon - lon0) * deg * cos(lat0 * deg);
    *y = EL_EARTH_KM * (lat - lat0) * deg;
}

void el_unproject(double x, double y, double lon0, double lat0, double *lon, double *lat)
{
    *lon = lon0 + x / (EL_EARTH_KM * cos(lat0 * deg)) / deg;
    *lat = lat0 + y / EL_EARTH_KM / deg;
}

double el_haversine_km(double lon1, double lat1, double lon2, double lat2)
{
    double p1 = lat1 * deg, p2 = lat2 * deg, dp = (lat2 - lat1) * deg, dl = (lon2 - lon1) * deg;
    double a = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2);
    if (a > 1.0) a = 1.0;
    return 2.0 * EL_EARTH_KM * asin(sqrt(a));
}

double el_bearing_deg(double lon1, double lat1, double lon2, double lat2)
{
    double p1 = lat1 * deg, p2 = lat2 * deg, dl = (lon2 - lon1) * deg;
    double b = atan2(sin(dl) * cos(p2), cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl)) / deg;
    return b < 0.0 ? b + 360.0 : b;
}

double el_direction_deg(double dx, double dy)
{
    double b = atan2(dx, dy) / deg;
    return b < 0.0 ? b + 360.0 : b;
}

const char *el_compass(double d)
{
    static const char *const names[] = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
    if (isnan(d)) return "";
    int i = (int)floor(fmod(d + 22.5, 360.0) / 45.0);
    return names[i & 7];
}
