/* plugins/analyses/common/an_weights.h — builders of the named spatial weight matrices the
 * analysis plugins share (spatial_weights defines them; hotspots, markov and the others
 * rebuild the one they name with these same functions, so every plugin sees the same
 * matrix): k nearest neighbours and distance bands through a k-d tree, inverse distance of
 * power 0, 1 or 2 with an optional cut-off, economic distance 1/|x̄_i − x̄_j|, and the
 * nested economic–geographic φ W_d + (1 − φ) W_e. Every result is row-standardised sparse
 * rows (an_csr), allocated here (free with an_csr_free). Coordinates are planar (x, y) or
 * longitude/latitude in degrees; for lon/lat, neighbours are searched on the unit sphere
 * (chord order = great-circle order) and distances are haversine km (R = 6371.0088). A
 * region with a NaN coordinate (or NaN x̄) has no neighbours and is nobody's neighbour. */
#ifndef AN_WEIGHTS_H
#define AN_WEIGHTS_H

#include <stddef.h>

#include "an_csr.h"

/* Dense kinds (inverse distance without a cut-off, economic, nested) hold n² entries:
 * they are refused above this many regions (16 million entries, about 256 MB). */
#define AN_DENSE_MAX 4000

enum { AN_W_OK = 0, AN_W_NOMEM = -1, AN_W_TOO_DENSE = -2, AN_W_BAD = -3 };

typedef struct an_points {
    const double *x, *y; /* longitude, latitude in degrees when lonlat */
    size_t n;
    int lonlat;
} an_points;

/* Distance between points i and j: haversine km for lon/lat, Euclidean otherwise. */
double an_point_distance(const an_points *p, size_t i, size_t j);

/* The k nearest neighbours of each point (itself excluded; ties by the lower index),
 * binary then row-standardised. k ≥ 1; fewer when fewer points have coordinates. */
int an_w_knn(const an_points *p, size_t k, an_csr *out);

/* Inverse distance 1/d^power (power 0 = a binary band) to every point within cutoff
 * (> 0; 0 = every pair, dense), row-standardised. Pairs at distance 0 are left out and
 * counted in *coincident (may be NULL). */
int an_w_distance(const an_points *p, double power, double cutoff, an_csr *out,
                  size_t *coincident);

/* Economic distance: 1/|x̄_i − x̄_j| for every pair (dense), row-standardised; pairs with
 * equal x̄ are left out and counted in *equal (may be NULL). */
int an_w_economic(const double *xbar, size_t n, an_csr *out, size_t *equal);

/* φ a + (1 − φ) b of two row-standardised matrices over the same regions, row-standardised
 * again (a row empty in one of them keeps the other's weights). φ in [0, 1]. */
int an_w_nested(const an_csr *a, const an_csr *b, double phi, an_csr *out);

/* Number of rows without a neighbour. */
size_t an_w_islands(const an_csr *w);

#endif
