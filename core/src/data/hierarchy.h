/* data/hierarchy.h — the region hierarchy of a regions file (regions.parent, regions.level:
 * city -> province -> city cluster): checked for orphans and cycles, each region's ancestor
 * at a level, and the roll-up of a panel to a level with a rule per series (sum for totals,
 * mean or a mean weighted by another series for rates). */
#ifndef RC_DATA_HIERARCHY_H
#define RC_DATA_HIERARCHY_H

#include <stddef.h>

#include "config/node.h"
#include "data/panel.h"
#include "data/table.h"
#include "util/error.h"

typedef struct rc_hierarchy {
    size_t n;             /* the regions of the regions file, in file order */
    long *parent;         /* index of each region's parent, -1 at the top */
    const char **level;   /* each region's level (text owned by the regions table), or NULL */
} rc_hierarchy;

/* Builds the hierarchy from the regions table: `ids` are the n regions' ids (row i of the
 * table is region i), c_parent the parent column (an empty cell = no parent), c_level the
 * level column or -1. An unknown parent (an orphan), a region that is its own ancestor (a
 * cycle, listed) or a parent at the region's own level are errors (RC_ERRK_DATA) naming
 * the regions file's line. */
int rc_hierarchy_build(const rc_csv *regions, const char *name, const char *const *ids,
                       size_t n, long c_parent, long c_level, rc_hierarchy *h, rc_error *err);
void rc_hierarchy_free(rc_hierarchy *h);
/* Region r's nearest ancestor (or r itself) at `level`, or -1. */
long rc_hierarchy_at_level(const rc_hierarchy *h, size_t r, const char *level);

/* The roll-up of `src` (whose regions are the hierarchy's, in order) to the regions at
 * `level`: each target's value is computed from its descendants that hold data (the data
 * must all sit at one level, `*data_level` on return) by the series' rule in `rules`
 * (`sum`, `mean`, `{mean: weight}`; `"*"` for every series not named). A cell is missing
 * when any contributing region's value (or weight) is missing. Errors: a series without a
 * rule, an unknown rule or weight series (RC_ERRK_CONFIG, naming the config line); data
 * at two levels, or at the target level and below it (RC_ERRK_DATA). `keep[r]` on return
 * says which hierarchy regions the result holds (the caller's region bookkeeping). */
rc_panel *rc_panel_aggregate(const rc_panel *src, const rc_hierarchy *h, const char *level,
                             const struct rc_node *rules, const char **data_level,
                             unsigned char *keep, rc_error *err);

#endif
