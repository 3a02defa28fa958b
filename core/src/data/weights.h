/* data/weights.h — the one spatial-weights module: builds W (row-standardised, compressed
 * rows: rc_spatial in data/panel.h) from adjacency pairs or from coordinates (inverse
 * great-circle distance, optional cutoff), restricts it to a subset of regions, and gives
 * the panel's weights — adjacency when the config has it, else inverse distance from the
 * coordinates, built once per panel on first use. The host's `neighbours` service, the
 * spatial analysis and every plugin read W through here. Boundaries (shared borders) join
 * as a third source once the data stage reads them. */
#ifndef RC_DATA_WEIGHTS_H
#define RC_DATA_WEIGHTS_H

#include <stddef.h>

#include "data/panel.h"
#include "util/error.h"

/* One neighbour pair of region indices, a < b. */
typedef struct rc_pair {
    size_t a, b;
} rc_pair;
/* Contiguity weights over n regions from np neighbour pairs (sorted by (a, b), no
 * repeats): each region's neighbours ascending, weight 1/degree. *out is owned by the
 * caller (rc_spatial_free); -1 when out of memory. */
int rc_spatial_from_pairs(size_t n, const rc_pair *pairs, size_t np, rc_spatial **out);
/* Row-standardised inverse great-circle distance weights from longitudes/latitudes in
 * degrees (Earth radius 6371.0088 km); pairs farther than cutoff_km (> 0; 0 = no cut-off),
 * at distance 0 or with a NaN coordinate are not neighbours. Fills *out (free its arrays
 * with rc_spatial_free_arrays). -1 on allocation failure. */
/* Inverse-distance weights without a cutoff link every pair of regions (n² links): they are
 * built for at most this many regions (as the spatial_weights plugin's dense kinds);
 * beyond it the caller refuses with a message suggesting a cutoff, kNN or adjacency. */
#define RC_SPATIAL_DENSE_MAX 4000
/* The permutation tests (Moran's I, LISA) cost permutations × links per year: a run asks
 * for at most this many (1,000 regions with dense weights at 999 permutations). */
#define RC_SPATIAL_PERM_BUDGET 1.0e9
int rc_spatial_from_coords(const double *lon, const double *lat, size_t n, double cutoff_km,
                           rc_spatial *out);
/* Rows of w restricted to the regions keep[0..m) (ascending), renumbered and
 * re-standardised into *out (free with rc_spatial_free_arrays); map (n_all entries) is
 * scratch. -1 on allocation failure. */
int rc_spatial_subset(const rc_spatial *w, const size_t *keep, size_t m, size_t n_all,
                      rc_spatial *out, size_t *map);
/* Frees the arrays of a by-value rc_spatial (not the struct); zeroes it. */
void rc_spatial_free_arrays(rc_spatial *s);

/* The panel's spatial weights: the adjacency weights when loaded, else inverse distance
 * from the coordinates without cutoff (built on the first call and kept with the panel),
 * else *out = NULL (the config has no spatial information). Returns -1 only when memory
 * runs out (err set). Not thread-safe on the first call: call it from the pipeline's
 * thread. */
int rc_panel_weights(const rc_panel *p, const rc_spatial **out, rc_error *err);
/* Sets up and frees what rc_panel_weights builds (called by rc_panel_create and
 * rc_panel_free); init returns -1 when out of memory. */
int rc_panel_lazy_init(rc_panel *p);
void rc_panel_weights_free(rc_panel *p);

#endif
