/* plugins/analyses/common/an_plugin.h — what the spatial analysis plugins share on the
 * host side (compiled into each plugin, needs regcoord/plugin.h ABI 1.1): the values an
 * analysis works on (`on: index` or a dimension id), the definition of a named weight
 * matrix (parsed from the spatial_weights section, or read back from the `spatial_weights`
 * table by the plugins that name a matrix), and building that matrix from the run with the
 * builders of an_weights.h. Errors go through rc_errorf and name the key or matrix. */
#ifndef AN_PLUGIN_H
#define AN_PLUGIN_H

#include <stddef.h>

#include "an_csr.h"
#include "regcoord/plugin.h"

/* The index (on NULL, "" or "index") or a dimension's scores: n_years × n_regions. */
int32_t an_values_on(const rc_host *host, rc_ctx *ctx, const char *on, const double **values);

typedef enum {
    AN_K_CONTIGUITY = 0,
    AN_K_INVERSE_DISTANCE = 1,
    AN_K_KNN = 2,
    AN_K_ECONOMIC = 3,
    AN_K_NESTED = 4
} an_kind;
#define AN_KIND_CHOICES "contiguity|inverse_distance|knn|economic|nested"

typedef struct an_wspec {
    char name[64];
    char series[128];   /* economic, nested */
    double power;       /* inverse_distance, nested: 0, 1 or 2 */
    double cutoff;      /* inverse_distance, nested: km (lon/lat) or units; 0 = none */
    double phi;         /* nested: weight of the geographic part */
    long k;             /* knn */
    an_kind kind;
    int lonlat;         /* coordinates: 1 lon/lat degrees, 0 planar */
} an_wspec;

const char *an_kind_name(an_kind k);

/* What building found, for the spatial_weights table and the notes. */
typedef struct an_winfo {
    size_t n, nnz, islands, min_nbrs, max_nbrs, left_out; /* left_out: coincident points
                                                           * or equal economic means */
} an_winfo;

/* Builds the matrix of `spec` over the run's regions (row-standardised). Contiguity comes
 * from host->neighbours (regions.adjacency); distances from host->region_coords; the
 * economic mean x̄_i from host->series over every year with a value. Returns RC_OK or an
 * error (RC_EINVAL with a sentence naming the matrix, e.g. a dense kind past AN_DENSE_MAX
 * regions, suggesting knn or a cutoff). */
int32_t an_wspec_build(const rc_host *host, rc_ctx *ctx, const an_wspec *spec, an_csr *out,
                       an_winfo *info);

/* The columns of the spatial_weights table, and reading a definition back from it: fills
 * *spec from the row whose `name` is `name`. RC_ENOTFOUND (error set, listing the names)
 * when there is no such row or no table. */
extern const char *const an_wtable_cols[];
extern const int32_t an_wtable_types[];
extern const size_t an_wtable_ncols;
int32_t an_wspec_from_table(const rc_host *host, rc_ctx *ctx, const char *name, an_wspec *spec);

/* Writes one definition row (plus what building found) to the spatial_weights table. */
int32_t an_wtable_row(const rc_host *host, rc_ctx *ctx, rc_table *t, const an_wspec *spec,
                      const an_winfo *info, const char *note);

#endif
