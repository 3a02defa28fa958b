/* data/table.h — a table of text cells as every reader delivers it (CSV, spreadsheet sheet,
 * Stata/SPSS/SAS file): a header row, data rows of NUL-terminated UTF-8 fields, and where
 * each cell came from (file:line, file:sheet!cell or file: observation N) for messages. The
 * builder here is shared by the readers: cells are pushed row by row, then rc_table_finish
 * applies the layout rules common to every format (rows skipped before the header, a units
 * row, blank rows, trailing unnamed empty columns). */
#ifndef RC_DATA_TABLE_H
#define RC_DATA_TABLE_H

#include <stddef.h>

#include "util/error.h"

/* A warning sink: one message without the "warning: " prefix. */
typedef void (*rc_warn_fn)(void *user, const char *message);

typedef enum rc_table_kind {
    RC_TABLE_TEXT = 0, /* CSV: places are file:line */
    RC_TABLE_SHEET,    /* spreadsheet: file:sheet!A1 */
    RC_TABLE_RECORDS   /* Stata/SPSS/SAS: file: observation N, variable V */
} rc_table_kind;

typedef struct rc_csv_row {
    size_t n;          /* number of fields (= the header's) */
    char **fields;     /* NUL-terminated UTF-8 (owned by the table) */
    size_t line;       /* 1-based line (CSV), sheet row (spreadsheet) or observation */
    const char *sheet; /* the sheet the row came from (spreadsheets), else NULL */
} rc_csv_row;

typedef struct rc_csv {
    char *path;        /* as given */
    rc_table_kind kind;
    rc_csv_row header; /* names trimmed of spaces */
    rc_csv_row units;  /* the units row (units_row: true), n = 0 without one */
    rc_csv_row *rows;  /* data rows (blank rows skipped) */
    size_t n_rows;
    size_t *col_src;   /* sheet column (0 = A) of each column; NULL = column j is j */
    /* internal: one block holds every field's text, one array every field pointer */
    char *text_;
    char **fields_;
    char **sheets_;    /* sheet names the rows point to */
    size_t n_sheets_;
} rc_csv;

#define RC_CSV_MAX_FIELD ((size_t)1 << 20) /* 1 MiB */
#define RC_CSV_MAX_COLUMNS 10000           /* header names are checked pairwise */

void rc_csv_free(rc_csv *csv);
/* Index of a header column (exact match after trimming spaces), or -1. */
long rc_csv_col(const rc_csv *csv, const char *name);
/* Where a cell is, for messages: "name:12" (CSV), "name:Sheet1!C12" (col >= 0) or
 * "name:Sheet1 row 12" (spreadsheet), "name: observation 11, variable gdp" (records).
 * `name` is the file name to print. Written into buf and returned. */
const char *rc_csv_where(const rc_csv *t, const char *name, const rc_csv_row *row, long col,
                         char *buf, size_t size);
/* The letters of a 0-based spreadsheet column: 0 -> "A", 27 -> "AB". */
void rc_col_letters(size_t col, char out[8]);

/* ---- building a table (the readers) --------------------------------------------------- */

typedef struct rc_table_builder {
    char *text;        /* every field's text, NUL-separated */
    size_t text_len, text_cap;
    size_t *fields;    /* offsets into text */
    size_t n_fields, cap_fields;
    size_t *row_start, *row_n, *row_line, *row_sheet;
    size_t n_rows, cap_rows;
    char **sheets;     /* owned sheet names */
    size_t n_sheets;
    size_t cur_start;  /* first field of the row being built */
} rc_table_builder;

/* Layout rules applied when the table is finished. */
typedef struct rc_table_layout {
    size_t skip_rows;  /* rows dropped before the header (after blank ones) */
    int units_row;     /* the row after the header holds units */
    int ragged;        /* rows may be shorter than the header (spreadsheets): padded */
} rc_table_layout;

void rc_tb_init(rc_table_builder *b);
void rc_tb_free(rc_table_builder *b);
/* Reserves room for about `bytes` of text (an optimisation only). Returns -1 out of memory. */
int rc_tb_reserve(rc_table_builder *b, size_t bytes);
/* Appends one field of n bytes to the current row. Returns -1 out of memory. */
int rc_tb_field(rc_table_builder *b, const char *s, size_t n);
/* Ends the current row, which started on `line` (sheet index from rc_tb_sheet, or
 * (size_t)-1 when the table has no sheets). Returns -1 out of memory. */
int rc_tb_end_row(rc_table_builder *b, size_t line, size_t sheet);
/* Registers a sheet name; returns its index, or (size_t)-1 out of memory. */
size_t rc_tb_sheet(rc_table_builder *b, const char *name);

/* Pushes a field whose text the reader already wrote at offset `off` of b->text (NUL
 * terminated). Returns -1 out of memory. */
int rc_tb_field_at(rc_table_builder *b, size_t off);

/* Turns the rows into a table: blank rows (every field empty or spaces) are dropped,
 * then `skip_rows` rows, then the header, then the units row when asked. Trailing header
 * columns with no name are dropped when every row is empty there (else an error naming
 * the cell); rows must have as many fields as the header (spreadsheets: `ragged` pads
 * short rows), extra fields are allowed only when empty. Errors (RC_ERRK_DATA) name the
 * place. The builder is emptied either way. */
int rc_table_finish(rc_table_builder *b, const char *name, rc_table_kind kind,
                    const rc_table_layout *lay, rc_csv **out, rc_error *err);

#endif
