/* tests/fuzz/fuzz_book.c — fuzz target for the workbook reader (data/workbook.c): the bytes
 * are opened as an .xlsx, and as an .ods, workbook from memory; every sheet is read into a
 * table. Each step either succeeds with a well-formed table or fails with a message. */
#include <stdlib.h>
#include <string.h>

#include "data/table.h"
#include "data/workbook.h"
#include "fuzz_entry.h"

int RC_FUZZ_ENTRY(book)(const uint8_t *data, size_t size)
{
    for (int ods = 0; ods < 2; ods++) {
        rc_error err = {0};
        rc_workbook *wb = NULL;
        if (rc_workbook_open("fuzz.xlsx", (const char *)data, size, ods, &wb, &err) != 0) {
            RC_FUZZ_CHECK(wb == NULL && err.msg[0] != '\0');
            continue;
        }
        for (size_t i = 0; i < rc_workbook_n_sheets(wb) && i < 8; i++) {
            rc_table_builder b;
            rc_tb_init(&b);
            rc_merge *m = NULL;
            size_t nm = 0;
            rc_error_clear(&err);
            size_t sid = rc_tb_sheet(&b, rc_workbook_sheet_name(wb, i));
            if (sid == (size_t)-1 || rc_workbook_read_sheet(wb, i, &b, sid, &m, &nm, &err) != 0) {
                rc_tb_free(&b);
                free(m);
                continue;
            }
            for (size_t k = 0; k < nm; k++) RC_FUZZ_CHECK(m[k].col2 > m[k].col1);
            free(m);
            rc_table_layout lay = {.ragged = 1};
            rc_csv *t = NULL;
            if (rc_table_finish(&b, "fuzz.xlsx", RC_TABLE_SHEET, &lay, &t, &err) == 0) {
                for (size_t r = 0; r < t->n_rows; r++) {
                    RC_FUZZ_CHECK(t->rows[r].n == t->header.n);
                    for (size_t c = 0; c < t->rows[r].n; c++)
                        RC_FUZZ_CHECK(t->rows[r].fields[c] != NULL);
                }
                rc_csv_free(t);
            }
        }
        rc_workbook_free(wb);
    }
    return 0;
}
