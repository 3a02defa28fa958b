/* data/source.h — one data source as analysts have it: the format (CSV, xlsx, ods,
 * Stata/SPSS/SAS), its encoding and the yearbook conventions declared for it (thousands
 * separator, decimal comma, percent signs, missing markers, rows before the header, a
 * units row, sheets), read into one or more tables (one per sheet). Also the cell rules
 * those conventions give: numbers and years. The options come from a `data:` entry or a
 * file key of `regions:` (config nodes; a NULL node means the defaults). */
#ifndef RC_DATA_SOURCE_H
#define RC_DATA_SOURCE_H

#include <stddef.h>

#include "config/node.h"
#include "data/csv.h"
#include "data/table.h"
#include "util/error.h"

typedef enum rc_format {
    RC_FMT_CSV = 0,
    RC_FMT_XLSX,
    RC_FMT_ODS,
    RC_FMT_STAT   /* .dta .sav .zsav .por .sas7bdat .xpt through ReadStat */
} rc_format;

typedef enum rc_percent {
    RC_PCT_REFUSE = 0, /* "44.6%" is an error saying to declare percent: */
    RC_PCT_VALUE,      /* "44.6%" -> 44.6 */
    RC_PCT_FRACTION    /* "44.6%" -> 0.446 */
} rc_percent;

/* The default missing markers (unambiguous: none reads as a number): "" and NA always,
 * plus these unless `na:` replaces them. */
#define RC_DEFAULT_NA {"—", "——", "–", "…", "……", "..", "...", "-", "--"}

typedef struct rc_source_opts {
    rc_format format;
    rc_csv_opts csv;         /* encoding, separator, skip_rows, units_row */
    char thousands;          /* 0 = none (default), or ',' '.' ' ' '\'' */
    char decimal;            /* '.' (default) or ',' */
    rc_percent percent;
    char **na;               /* missing markers besides "" and NA (owned) */
    size_t n_na;
    int na_numeric;          /* some marker reads as a number (-9999): checked first */
    /* spreadsheets */
    char *sheet;             /* `sheet:` by name, or NULL */
    long sheet_no;           /* `sheet:` by 1-based number, 0 = none */
    char **sheets;           /* `sheets:` one sheet per year, by name (owned) */
    int *sheet_years;        /* the year of each (0 = from the sheet name) */
    size_t n_sheets;
    int sheets_by_name;      /* `sheets: names`: every sheet whose name holds a year */
    int value_labels;        /* Stata/SPSS: region cells show value labels (default on) */
    const char *label_cols[2]; /* the columns value labels apply to (set by the loader:
                                * the region and indicator columns; not owned) */
} rc_source_opts;

/* Parses the options of a source node (NULL = defaults). `what` names it in messages
 * ("data entry 2"). Errors (RC_ERRK_CONFIG) name file:line:col. The format comes from
 * `format:` or the file's extension. */
int rc_source_opts_parse(const struct rc_node *node, const char *path, const char *what,
                         rc_source_opts *o, rc_error *err);
void rc_source_opts_free(rc_source_opts *o);

/* One table read from a source; `year` is the year of a one-sheet-per-year sheet (0 when
 * the table has its own year column). */
typedef struct rc_source_part {
    rc_csv *table;
    int year;
} rc_source_part;

/* Reads the file into parts: one for a CSV, a sheet or a Stata file; one per sheet with
 * `sheets:`. Errors (RC_ERRK_DATA) name file:line, file:sheet!cell or the sheet. */
int rc_source_read(const char *path, const rc_source_opts *o, rc_source_part **parts,
                   size_t *n_parts, rc_error *err);
void rc_source_parts_free(rc_source_part *parts, size_t n);

/* Why a cell is not a number, for the message's hint. */
typedef enum rc_cell_hint {
    RC_HINT_NONE = 0,
    RC_HINT_THOUSANDS, /* "26,881.0": declare thousands: "," */
    RC_HINT_PERCENT,   /* "44.6%": declare percent: value or fraction */
    RC_HINT_DECIMAL    /* "62,61988125": declare decimal: "," */
} rc_cell_hint;

/* A data cell under the source's conventions: 1 and *v for a number, 0 and NaN for a
 * missing one ("", NA, a missing marker), -1 otherwise with *hint saying what the cell
 * looks like. Plain decimals take a fast path. */
int rc_source_value(const rc_source_opts *o, const char *cell, double *v, rc_cell_hint *hint);
/* The hint as text: " (…declare thousands: \",\" in the data source)", or "". */
const char *rc_cell_hint_text(rc_cell_hint h);
/* A year cell: an integer, also full-width (２０１５) or with 年 (2015年). Returns 0, -1
 * when it is not one, -2 outside RC_YEAR_MIN..RC_YEAR_MAX. */
int rc_source_year(const char *cell, int *year);

#endif
