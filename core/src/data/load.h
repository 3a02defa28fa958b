/* data/load.h — building the panel from a config: the regions file (ids, names, groups),
 * every data source in the long or wide layout, the year selection, the adjacency or
 * coordinates file, and the config's derived series (formulas). */
#ifndef RC_DATA_LOAD_H
#define RC_DATA_LOAD_H

#include "config/model.h"
#include "data/panel.h"
#include "data/table.h"
#include "util/error.h"

/* Loads the panel described by cfg. Data errors (RC_ERRK_DATA) name file:line: a
 * non-numeric or non-finite value, a duplicate (region, year, series), a region missing
 * from the regions file, a missing column. A missing file is RC_ERRK_DATA naming the path
 * and the config line that gave it. Warnings (e.g. division by zero in derived series, with
 * the count) go to the log. */
int rc_panel_load(const rc_config *cfg, rc_panel **out, rc_error *err);
/* The same, sending warnings to `warn` (stderr when NULL). */
int rc_panel_load_ex(const rc_config *cfg, rc_warn_fn warn, void *user, rc_panel **out,
                     rc_error *err);

/* Builds row-standardised contiguity weights from an adjacency CSV (two columns, one pair
 * per row, symmetric: a–b adds b–a). Unknown regions are errors naming file:line. */
int rc_spatial_from_adjacency(const rc_panel *p, const char *path, rc_spatial **out,
                              rc_error *err);

#endif
