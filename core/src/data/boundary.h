/* data/boundary.h — region boundaries (regions.boundaries): polygons read from a GeoJSON
 * FeatureCollection (jansson) or an ESRI shapefile (shapelib), keyed by a named property,
 * and what the panel takes from them through GEOS: queen or rook contiguity and centroids
 * (the coordinates for distance weights). */
#ifndef RC_DATA_BOUNDARY_H
#define RC_DATA_BOUNDARY_H

#include <stddef.h>

#include "data/panel.h"
#include "util/error.h"

typedef struct rc_boundaries rc_boundaries;

/* Maps a feature's id text to a region index, or -1 for a region not in the panel. */
typedef long (*rc_region_find_fn)(void *user, const char *id);

/* Reads the polygons of `path` (.geojson/.json, or .shp with its .shx and .dbf beside it)
 * for n_regions regions: feature property `id_prop` (a string or a number) names each
 * feature's region. Polygon and MultiPolygon features (shapefile polygons with holes) are
 * kept. Errors (RC_ERRK_DATA) name the file and the feature: no such property (listing
 * those it has), a region given twice, a geometry that is not a polygon, malformed JSON
 * with its line. *n_unknown counts features naming no region of the panel (left out). */
int rc_boundaries_read(const char *path, const char *id_prop, size_t n_regions,
                       rc_region_find_fn find, void *user, rc_boundaries **out,
                       size_t *n_unknown, rc_error *err);
void rc_boundaries_free(rc_boundaries *b);
/* Regions with a polygon. */
size_t rc_boundaries_count(const rc_boundaries *b);

/* Contiguity weights (row-standardised, like the adjacency file's): queen = the polygons
 * share at least a point, rook = they share an edge (a line of positive length). A region
 * without a polygon is an island. Source "queen" or "rook". */
int rc_boundaries_contiguity(const rc_boundaries *b, int rook, rc_spatial **out, rc_error *err);
/* Each region's polygon centroid into x[r], y[r] (NaN without a polygon). */
int rc_boundaries_centroids(const rc_boundaries *b, double *x, double *y, rc_error *err);

#endif
