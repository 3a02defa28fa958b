/* data/workbook.h — spreadsheet workbooks (.xlsx through libzip + expat; .ods the same
 * way) as the data stage reads them: the sheet names, and one sheet at a time pushed into
 * a table builder with cached values of formula cells, dates as ISO text, shared and inline
 * strings, and vertically merged cells filled down. Horizontal merges are reported so the
 * caller can refuse those in the header or the data rows. */
#ifndef RC_DATA_WORKBOOK_H
#define RC_DATA_WORKBOOK_H

#include <stddef.h>

#include "data/table.h"
#include "util/error.h"

typedef struct rc_workbook rc_workbook;

/* A merged range spanning more than one column (0-based columns, 1-based rows). */
typedef struct rc_merge {
    size_t row1, row2, col1, col2;
} rc_merge;

/* Opens a workbook held in memory (buf stays owned by the caller and must outlive the
 * workbook). `ods` selects OpenDocument. Errors (RC_ERRK_DATA) name `name`: not a zip, an
 * encrypted or old binary (.xls) workbook, a missing part, malformed XML with its line. */
int rc_workbook_open(const char *name, const char *buf, size_t len, int ods, rc_workbook **out,
                     rc_error *err);
void rc_workbook_free(rc_workbook *wb);
size_t rc_workbook_n_sheets(const rc_workbook *wb);
const char *rc_workbook_sheet_name(const rc_workbook *wb, size_t i);
/* Pushes sheet i's rows into b (line = the sheet's row number, sheet index `sheet_id`).
 * *merges (malloc'd, may be NULL) receives the horizontal merges. Errors name
 * file:sheet!cell (a formula without a cached value, a bad shared-string index). */
int rc_workbook_read_sheet(rc_workbook *wb, size_t i, rc_table_builder *b, size_t sheet_id,
                           rc_merge **merges, size_t *n_merges, rc_error *err);

#endif
