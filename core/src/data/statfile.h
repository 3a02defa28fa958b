/* data/statfile.h — Stata (.dta), SPSS (.sav, .zsav, .por) and SAS (.sas7bdat, .xpt) data
 * files read through ReadStat into a table: one column per variable, one row per
 * observation; numbers as shortest round-trip text, missing values (system, tagged,
 * user-defined) as empty cells, and value labels as the cell text in the columns named. */
#ifndef RC_DATA_STATFILE_H
#define RC_DATA_STATFILE_H

#include <stddef.h>

#include "data/table.h"
#include "util/error.h"

/* Reads the file held in buf (its format from the extension of `path`). Variables in
 * `label_cols` (e.g. the region column) show their value labels where one is defined.
 * Errors (RC_ERRK_DATA) name the file and ReadStat's reason. */
int rc_stat_read(const char *path, const char *buf, size_t len, const char *const *label_cols,
                 size_t n_label_cols, rc_csv **out, rc_error *err);

#endif
