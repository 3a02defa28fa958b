/* plugins/reporters/common/movers.h — "who moved and why" for the document reporters: the
 * report year's rows of the `attribution` table (docs/tables.md#attribution) gathered per
 * region — the index change, the rank change from `index`, the dimensions' contributions
 * and each dimension's largest indicator contribution — and the sentence that says it in
 * the report language ("Tibet rose 14 places (+18.2): Digital-industry fusion +12.1,
 * mostly Enterprise websites (+9.0); …"). Compiled into each reporter. Strings are
 * borrowed from the result tables (valid during report()). */
#ifndef REGCOORD_PLUGINS_MOVERS_H
#define REGCOORD_PLUGINS_MOVERS_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h"

#include "names.h"
#include "report_util.h"

#define RR_MOVER_DIMS 64

typedef struct rr_mover_part {
    const char *dim;          /* dimension id */
    double to_index;          /* its contribution to the index change */
    const char *top;          /* the indicator (or component) contributing most, or NULL */
    double top_to_index;
} rr_mover_part;

typedef struct rr_mover {
    const char *region;
    int32_t from_year;
    double change;            /* index change */
    double rank_change;       /* previous rank − rank (NaN when unranked) */
    size_t n_parts;           /* dimensions, largest |to_index| first */
    rr_mover_part part[RR_MOVER_DIMS];
} rr_mover;

/* The movers into `year` (attribution rows with to_year = year), largest |change| first,
 * then by id. *out is NULL and *n 0 when the table is absent or has no such rows. Returns
 * RC_OK or RC_ENOMEM. The caller frees *out. */
int32_t rr_movers(const rc_host *h, rc_ctx *ctx, int32_t year, rr_mover **out, size_t *n);

/* The sentence for one mover, naming at most `max_dims` dimensions, numbers with `decimals`
 * decimals; zh != 0 writes Chinese. Names and labels from `names`. */
void rr_mover_sentence(const rr_mover *m, const rr_names *names, int zh, int decimals,
                       size_t max_dims, rr_buf *out);

#endif /* REGCOORD_PLUGINS_MOVERS_H */
