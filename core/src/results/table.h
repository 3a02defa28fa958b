/* results/table.h — the result set: named tables with typed columns, filled by the
 * pipeline and the analyses, read by every reporter (through the host services).
 * Tables keep insertion order; the standard names and columns are documented in
 * docs/tables.md. The set owns its tables; a table owns its cells. */
#ifndef RC_RESULTS_TABLE_H
#define RC_RESULTS_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h" /* RC_COL_* and the opaque rc_table name */
#include "util/error.h"

typedef union rc_cell {
    const char *s; /* RC_COL_STRING (NULL = missing); owned by the table's string pool */
    int64_t i;     /* RC_COL_INT */
    double d;      /* RC_COL_NUMBER (NaN = missing) */
} rc_cell;

/* Distinct strings of a table, each stored once (cells point into it): a 3,000-region run
 * repeats the same region, dimension and indicator names millions of times. */
typedef struct rc_strpool {
    char **slots;    /* open addressing; NULL = empty */
    size_t cap, n;
} rc_strpool;

struct rc_table {
    char *name;
    size_t ncols;
    char **col_names;
    int32_t *col_types;
    size_t nrows, cap;
    rc_cell *cells;  /* row-major: cells[row * ncols + col]; strings point into `strings` */
    rc_strpool strings;
    char *title;       /* NULL, or a few words for reporters that do not know the table */
    char *description; /* NULL, or one paragraph saying what the table holds */
};

typedef struct rc_resultset {
    struct rc_table **tables;
    size_t n, cap;
} rc_resultset;

rc_resultset *rc_resultset_new(void);
void rc_resultset_free(rc_resultset *rs);

/* Creates a table with the given columns ("name" + RC_COL_* pairs) and adds it to the set.
 * Returns NULL on allocation failure or when the name is taken. */
struct rc_table *rc_table_add(rc_resultset *rs, const char *name, size_t ncols,
                              const char *const *col_names, const int32_t *col_types);
struct rc_table *rc_table_get(const rc_resultset *rs, const char *name);
/* Removes and frees a table (no-op when absent). */
void rc_table_remove(rc_resultset *rs, const char *name);
long rc_table_col(const struct rc_table *t, const char *name);

/* Sets (copies) the table's title and description; NULL clears. 0 or -1 (memory). */
int rc_table_set_info(struct rc_table *t, const char *title, const char *description);

/* Makes room for `rows` rows in all (no-op when there is already room); 0 or -1. Saves the
 * copies of growing a large table row by row. */
int rc_table_reserve(struct rc_table *t, size_t rows);
/* Appends an empty row (strings NULL, numbers NaN, ints 0); returns its index or -1. */
long rc_table_add_row(struct rc_table *t);
/* Setters copy strings. Return 0 or -1 (allocation failure / type mismatch). */
int rc_table_set_str(struct rc_table *t, size_t row, size_t col, const char *s);
int rc_table_set_num(struct rc_table *t, size_t row, size_t col, double v);
int rc_table_set_int(struct rc_table *t, size_t row, size_t col, int64_t v);

/* The table's pooled copy of s (NULL when out of memory), and a setter taking such a pointer
 * without looking it up again: for loops that write the same names into many rows. */
const char *rc_table_intern(struct rc_table *t, const char *s);
int rc_table_set_pooled(struct rc_table *t, size_t row, size_t col, const char *pooled);

const char *rc_table_str(const struct rc_table *t, size_t row, size_t col);
double rc_table_num(const struct rc_table *t, size_t row, size_t col);
int64_t rc_table_int(const struct rc_table *t, size_t row, size_t col);
/* A cell as canonical text ("" for missing; numbers via rc_fmt_double) into buf. */
const char *rc_table_text(const struct rc_table *t, size_t row, size_t col, char *buf,
                          size_t size);

#endif
