/* data/panel.h — the panel: regions × years × series of doubles, NaN for missing, plus the
 * regions' names and groupings and the spatial weights. Loaded from the config's sources
 * by data/load.c; derived series (formulas) are appended by the pipeline. */
#ifndef RC_DATA_PANEL_H
#define RC_DATA_PANEL_H

#include <stddef.h>

#include "util/error.h"

/* A grouping column of the regions file (e.g. zone): one label per region. */
typedef struct rc_grouping {
    char *name;
    char **labels;       /* distinct labels, sorted */
    size_t n_labels;
    size_t *of_region;   /* label index per region */
} rc_grouping;

/* Row-standardised spatial weights in compressed rows: the neighbours of region r are
 * nbr[off[r] .. off[r+1]) with weights w[…] (each row sums to 1, or is empty for an island). */
typedef struct rc_spatial {
    size_t n;
    size_t *off;         /* n + 1 */
    size_t *nbr;
    double *w;
    char *source;        /* "adjacency" or "distance" */
} rc_spatial;

/* Limits on a loaded panel (docs/limits.md); rc_panel_load refuses a panel past them with
 * a data error naming the count. RC_MAX_CELLS bounds regions × years × series: loading
 * takes about 16 bytes per cell (values plus the duplicate check). */
#define RC_MAX_REGIONS 50000
#define RC_MAX_YEARS 1000
#define RC_MAX_SERIES 10000 /* data series plus derived series */
#define RC_MAX_CELLS ((size_t)1 << 25)
/* Years in the data, as in the config's `years:` */
#define RC_YEAR_MIN 1
#define RC_YEAR_MAX 9999

typedef struct rc_panel {
    size_t n_regions, n_years, n_series, cap_series;
    char **region_ids;   /* in the order of the regions file (or sorted, without one) */
    char **region_names; /* display names (= ids when none) */
    int *years;          /* ascending */
    char **series_names; /* in the order first seen */
    char **series_units; /* per series: its unit from a source's units row, or NULL */
    double **values;     /* values[s][t * n_regions + r] */
    rc_grouping *groupings;
    size_t n_groupings;
    rc_spatial *spatial; /* contiguity weights from the adjacency file, else NULL */
    struct rc_panel_lazy *lazy; /* what data/weights.c builds on first use (distance W) */
    double *coord_x, *coord_y; /* per region (longitude, latitude or x, y) from the
                                * coordinates file, NaN when absent; NULL without one */
} rc_panel;

/* Creates an empty panel (no series) over the given regions and years (copied; years must
 * be ascending and distinct, ids distinct). names may be NULL (names = ids). Returns NULL
 * with err set (RC_ERRK_DATA for bad arguments, RC_ERRK_OTHER out of memory). Free with
 * rc_panel_free. */
rc_panel *rc_panel_create(size_t n_regions, const char *const *ids, const char *const *names,
                          size_t n_years, const int *years, rc_error *err);

/* Index lookups; -1 when absent. */
long rc_panel_region(const rc_panel *p, const char *id);
long rc_panel_year(const rc_panel *p, int year);
long rc_panel_series(const rc_panel *p, const char *name);
const rc_grouping *rc_panel_grouping(const rc_panel *p, const char *name);

/* Appends a series (values copied, n_years * n_regions; values may be NULL for all
 * missing); fails (RC_ERRK_CONFIG) if the name exists or is empty. */
int rc_panel_add_series(rc_panel *p, const char *name, const double *values, rc_error *err);

/* Records series s's unit (copied; the last one given wins). */
int rc_panel_set_unit(rc_panel *p, size_t s, const char *unit, rc_error *err);

/* Free everything the panel owns (groupings, spatial weights, coordinates). NULL is accepted. */
void rc_panel_free(rc_panel *p);
void rc_spatial_free(rc_spatial *s);
void rc_grouping_free_contents(rc_grouping *g);

#endif
