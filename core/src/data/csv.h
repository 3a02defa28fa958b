/* data/csv.h — an RFC 4180 CSV reader: quoted fields (with "" escapes and line breaks
 * inside quotes), CRLF or LF, UTF-8 with or without a BOM, or another declared encoding
 * converted first. It reads the whole file into a table (data/table.h) and remembers the
 * line each row started on, for error messages. Also the data-cell number syntax. */
#ifndef RC_DATA_CSV_H
#define RC_DATA_CSV_H

#include <stddef.h>

#include "data/encoding.h"
#include "data/table.h"
#include "util/error.h"

/* Limits, each refused with a message saying which was exceeded (the field and column
 * limits are in data/table.h). */
#define RC_CSV_MAX_FILE ((size_t)1 << 30)  /* 1 GiB */

/* How a text file is read: its encoding, field separator and layout rules. */
typedef struct rc_csv_opts {
    rc_encoding encoding;  /* RC_ENC_UTF8 by default */
    char separator;        /* ',' when 0 */
    rc_table_layout layout;
    rc_warn_fn warn;       /* warnings (auto encoding fell back); stderr when NULL */
    void *warn_user;
} rc_csv_opts;

/* Reads a CSV file; the first non-blank row is the header (a UTF-8 BOM is stripped; names
 * are trimmed of spaces). Lines holding only spaces are skipped. Errors (RC_ERRK_DATA) name
 * file:line: an unterminated quote, text after a closing quote, a row with a different
 * number of fields from the header, an empty file, an empty or duplicate header name,
 * invalid UTF-8 or a NUL byte, a file, field or header over the limits. The result is freed with
 * rc_csv_free; every string in it lives as long as the rc_csv. */
int rc_csv_read(const char *path, rc_csv **out, rc_error *err);
/* The same from memory; `name` is used as the file name in messages. */
int rc_csv_parse(const char *text, size_t len, const char *name, rc_csv **out, rc_error *err);
/* Both with options (NULL = the defaults above): the text is converted from opts->encoding
 * to UTF-8 first (data/encoding.h), keeping line numbers. */
int rc_csv_read_ex(const char *path, const rc_csv_opts *opts, rc_csv **out, rc_error *err);
int rc_csv_parse_ex(const char *text, size_t len, const char *name, const rc_csv_opts *opts,
                    rc_csv **out, rc_error *err);

/* Parses a data cell: returns 1 and sets *v for a finite decimal number (optional sign,
 * digits with an optional '.', optional exponent; spaces around it are trimmed); returns 0
 * and sets *v = NaN for a missing cell ("" after trimming spaces, or "NA"); returns -1 for
 * anything else ("abc", "inf", "nan", "0x10", "1e999" out of range): the caller reports it
 * with file:line. */
int rc_csv_parse_value(const char *cell, double *v);

#endif
