/* plugins/analyses/ellipse/sde.h — the standard deviational ellipse and (weighted) mean
 * centre of one year's points, pure C over arrays, and the geometry of the centre's moves:
 * a local equirectangular projection for longitude/latitude, great-circle distance and
 * bearing, compass names. Formulas in docs/analysis.md (Yuill 1971; ArcGIS's Directional
 * Distribution with its √2 factor). */
#ifndef EL_SDE_H
#define EL_SDE_H

#include <stddef.h>

#define EL_EARTH_KM 6371.0088

enum { EL_OK = 0, EL_TOO_FEW = 1, EL_NO_WEIGHT = 2, EL_COINCIDENT = 3, EL_ISOTROPIC = 4 };

/* How the standard distances are scaled: none (Yuill 1971), ArcGIS's √2, or CrimeStat's
 * √2 · √(n/(n − 2)) (PySAL pointpats' default). */
enum { EL_CORR_NONE = 0, EL_CORR_ARCGIS = 1, EL_CORR_CRIMESTAT = 2 };

typedef struct el_ellipse {
    size_t n;            /* points used */
    double weight;       /* Σ w */
    double cx, cy;       /* the weighted mean centre */
    double sigma_major;  /* standard distance along the major axis (times √2 if asked) */
    double sigma_minor;
    double theta;        /* azimuth of the major axis, degrees clockwise from north (+y),
                          * in [0, 180); NaN when the spread has no direction */
    int status;          /* EL_OK, or why some outputs are NaN / degenerate */
} el_ellipse;

/* Points with a NaN coordinate or weight are skipped; weights must be ≥ 0 (w NULL: all 1).
 * θ = 90° − ½ atan2(2 Sxy, Sxx − Syy) with S the weighted sums of centred products;
 * σ_major² = Σ w (x̃ sin θ + ỹ cos θ)² / Σ w, σ_minor² = Σ w (x̃ cos θ − ỹ sin θ)² / Σ w,
 * each times 2 (EL_CORR_ARCGIS) or 2n/(n − 2) (EL_CORR_CRIMESTAT, n the points used) under
 * the square root. Status: EL_TOO_FEW below 3 points (nothing but n
 * set), EL_NO_WEIGHT when Σ w = 0, EL_COINCIDENT when all points coincide (σ = 0, θ NaN),
 * EL_ISOTROPIC when Sxx = Syy and Sxy = 0 (a circle: θ NaN, σ_major = σ_minor).
 * Returns -1 for a negative weight, else 0. */
int el_sde(const double *x, const double *y, const double *w, size_t n, int correction,
           el_ellipse *out);

/* Area of the ellipse at `sd` standard deviations: π (sd σ_major)(sd σ_minor). */
double el_area(const el_ellipse *e, double sd);

/* Equirectangular projection about (lon0, lat0), degrees → km, and its inverse. */
void el_project(double lon, double lat, double lon0, double lat0, double *x, double *y);
void el_unproject(double x, double y, double lon0, double lat0, double *lon, double *lat);
/* Great-circle distance (haversine, km) and initial bearing (degrees clockwise from north,
 * [0, 360)) from point 1 to point 2. */
double el_haversine_km(double lon1, double lat1, double lon2, double lat2);
double el_bearing_deg(double lon1, double lat1, double lon2, double lat2);
/* Planar direction of (dx, dy): degrees clockwise from +y, [0, 360). */
double el_direction_deg(double dx, double dy);
/* One of N, NE, E, SE, S, SW, W, NW for a direction in degrees ("" for NaN). */
const char *el_compass(double deg);

#endif
