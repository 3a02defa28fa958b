/* plugins/reporters/common/names.h — display names for the reporters: each region's name
 * from the `regions` table and each dimension's, component's and indicator's label from the
 * `labels` table (docs/tables.md), looked up by id; and the column plan that adds `name`
 * and `label` columns to a generic table beside the ids (ids stay the keys). Compiled into
 * each reporter like report_util.c. Strings are borrowed from the result tables: valid
 * during the report() callback only. */
#ifndef REGCOORD_PLUGINS_NAMES_H
#define REGCOORD_PLUGINS_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h"

typedef struct rr_names rr_names;

/* Reads the `regions` and `labels` tables (either may be absent: lookups then return the
 * id). NULL only when out of memory. */
rr_names *rr_names_load(const rc_host *h, rc_ctx *ctx);
void rr_names_free(rr_names *n);

/* The region's display name, or the id itself when it has none (NULL stays NULL). */
const char *rr_region_name(const rr_names *n, const char *id);
/* The label of a `dimension`, `component` (its path) or `indicator`, or the id itself. */
const char *rr_label(const rr_names *n, const char *kind, const char *id);
/* The label of any id: indicator, then component, then dimension; the id when none. */
const char *rr_any_label(const rr_names *n, const char *id);

/* How a generic reporter writes a table: its columns in order, then (appended, as columns
 * only ever are) a virtual `name` column when it has `region` and a virtual `label` column
 * when it has one of `indicator`, `component`, `dimension`, `child` (the weights table):
 * the label of the row's most specific id — unless the table already has such a column or
 * is one of regions, labels, manifest. */
#define RR_COL_NAME (-1)  /* the region's display name */
#define RR_COL_LABEL (-2) /* the label of the row's most specific id */
typedef struct rr_colplan {
    size_t n;
    int64_t *src;        /* n entries: a column of the table, or RR_COL_NAME / RR_COL_LABEL */
    int64_t region, indicator, component, dimension, child, level; /* -1 when absent */
} rr_colplan;

/* Fills plan for table t; RC_OK or RC_ENOMEM. */
int32_t rr_colplan_make(const rc_host *h, rc_ctx *ctx, const rc_table *t, rr_colplan *plan);
void rr_colplan_free(rr_colplan *plan);
/* Column i's name and type (RC_COL_STRING for the virtual ones). */
const char *rr_colplan_name(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                            const rr_colplan *plan, size_t i);
int32_t rr_colplan_type(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                        const rr_colplan *plan, size_t i);
/* Column i of a row as text: the host's canonical cell_text for a table column, the name or
 * label for a virtual one ("" when the row has no id). */
const char *rr_colplan_text(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                            const rr_colplan *plan, const rr_names *n, size_t row, size_t i);
/* The label of a row's most specific id (indicator, component, dimension, child), or NULL
 * when it has none. */
const char *rr_row_label(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                         const rr_colplan *plan, const rr_names *n, size_t row);

#endif /* REGCOORD_PLUGINS_NAMES_H */
