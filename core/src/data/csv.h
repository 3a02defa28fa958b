/* data/csv.h — an RFC 4180 CSV reader: quoted fields (with "" escapes and line breaks
 * inside quotes), CRLF or LF, UTF-8 with or without a BOM. It reads the whole file into
 * rows of fields and remembers the line each row started on, for error messages. */
#ifndef RC_DATA_CSV_H
#define RC_DATA_CSV_H

#include <stddef.h>

#include "util/error.h"

typedef struct rc_csv_row {
    size_t n;        /* number of fields */
    char **fields;   /* NUL-terminated UTF-8 (owned by the table) */
    size_t line;     /* 1-based line the row starts on */
} rc_csv_row;

typedef struct rc_csv {
    char *path;      /* as given */
    rc_csv_row header; /* names trimmed of spaces */
    rc_csv_row *rows; /* data rows (blank lines skipped) */
    size_t n_rows;
    /* internal: one block holds every field's text, one array every field pointer */
    char *text_;
    char **fields_;
} rc_csv;

/* Limits, each refused with a message saying which was exceeded. */
#define RC_CSV_MAX_FILE ((size_t)1 << 30)  /* 1 GiB */
#define RC_CSV_MAX_FIELD ((size_t)1 << 20) /* 1 MiB */
#define RC_CSV_MAX_COLUMNS 10000           /* header names are checked pairwise */

/* Reads a CSV file; the first non-blank row is the header (a UTF-8 BOM is stripped; names
 * are trimmed of spaces). Lines holding only spaces are skipped. Errors (RC_ERRK_DATA) name
 * file:line: an unterminated quote, text after a closing quote, a row with a different
 * number of fields from the header, an empty file, an empty or duplicate header name,
 * invalid UTF-8 or a NUL byte, a file, field or header over the limits. The result is freed with
 * rc_csv_free; every string in it lives as long as the rc_csv. */
int rc_csv_read(const char *path, rc_csv **out, rc_error *err);
/* The same from memory; `name` is used as the file name in messages. */
int rc_csv_parse(const char *text, size_t len, const char *name, rc_csv **out, rc_error *err);
void rc_csv_free(rc_csv *csv);
/* Index of a header column (exact match after trimming spaces), or -1. */
long rc_csv_col(const rc_csv *csv, const char *name);

/* Parses a data cell: returns 1 and sets *v for a finite decimal number (optional sign,
 * digits with an optional '.', optional exponent; spaces around it are trimmed); returns 0
 * and sets *v = NaN for a missing cell ("" after trimming spaces, or "NA"); returns -1 for
 * anything else ("abc", "inf", "nan", "0x10", "1e999" out of range): the caller reports it
 * with file:line. */
int rc_csv_parse_value(const char *cell, double *v);

#endif
