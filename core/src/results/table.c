/* results/table.c — the result set: creating named tables, appending rows, typed cells. */
#include "results/table.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "util/str.h"

rc_resultset *rc_resultset_new(void) { return rc_calloc(1, sizeof(rc_resultset)); }

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* The pooled copy of s (added when new), or NULL when out of memory. */
static const char *pool_intern(rc_strpool *p, const char *s)
{
    if (p->n * 2 >= p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        char **slots = rc_calloc(cap, sizeof *slots);
        if (!slots) return NULL;
        for (size_t i = 0; i < p->cap; i++) {
            if (!p->slots[i]) continue;
            size_t j = (size_t)(str_hash(p->slots[i]) & (cap - 1));
            while (slots[j]) j = (j + 1) & (cap - 1);
            slots[j] = p->slots[i];
        }
        free(p->slots);
        p->slots = slots;
        p->cap = cap;
    }
    size_t j = (size_t)(str_hash(s) & (p->cap - 1));
    while (p->slots[j]) {
        if (strcmp(p->slots[j], s) == 0) return p->slots[j];
        j = (j + 1) & (p->cap - 1);
    }
    char *d = rc_strdup(s);
    if (!d) return NULL;
    p->slots[j] = d;
    p->n++;
    return d;
}

static void pool_free(rc_strpool *p)
{
    for (size_t i = 0; i < p->cap; i++) free(p->slots[i]);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

static void table_free(struct rc_table *t)
{
    if (!t) return;
    pool_free(&t->strings);
    for (size_t c = 0; c < t->ncols; c++) free(t->col_names[c]);
    free(t->col_names);
    free(t->col_types);
    free(t->cells);
    free(t->name);
    free(t->title);
    free(t->description);
    free(t);
}

void rc_resultset_free(rc_resultset *rs)
{
    if (!rs) return;
    for (size_t i = 0; i < rs->n; i++) table_free(rs->tables[i]);
    free(rs->tables);
    free(rs);
}

struct rc_table *rc_table_get(const rc_resultset *rs, const char *name)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->tables[i]->name, name) == 0) return rs->tables[i];
    return NULL;
}

struct rc_table *rc_table_add(rc_resultset *rs, const char *name, size_t ncols,
                              const char *const *col_names, const int32_t *col_types)
{
    if (rc_table_get(rs, name)) return NULL;
    if (rs->n == rs->cap) {
        size_t cap = rs->cap ? rs->cap * 2 : 16;
        struct rc_table **tt = rc_reallocarray(rs->tables, cap, sizeof *tt);
        if (!tt) return NULL;
        rs->tables = tt;
        rs->cap = cap;
    }
    struct rc_table *t = rc_calloc(1, sizeof *t);
    if (!t) return NULL;
    t->name = rc_strdup(name);
    t->col_names = rc_calloc(ncols, sizeof *t->col_names);
    t->col_types = rc_calloc(ncols, sizeof *t->col_types);
    if (!t->name || !t->col_names || !t->col_types) goto fail;
    t->ncols = ncols;
    for (size_t c = 0; c < ncols; c++) {
        t->col_names[c] = rc_strdup(col_names[c]);
        if (!t->col_names[c]) goto fail;
        t->col_types[c] = col_types[c];
    }
    rs->tables[rs->n++] = t;
    return t;
fail:
    table_free(t);
    return NULL;
}

void rc_table_remove(rc_resultset *rs, const char *name)
{
    for (size_t i = 0; i < rs->n; i++) {
        if (strcmp(rs->tables[i]->name, name) == 0) {
            table_free(rs->tables[i]);
            memmove(rs->tables + i, rs->tables + i + 1, (rs->n - i - 1) * sizeof *rs->tables);
            rs->n--;
            return;
        }
    }
}

int rc_table_set_info(struct rc_table *t, const char *title, const char *description)
{
    char *a = title ? rc_strdup(title) : NULL, *b = description ? rc_strdup(description) : NULL;
    if ((title && !a) || (description && !b)) {
        free(a);
        free(b);
        return -1;
    }
    free(t->title);
    free(t->description);
    t->title = a;
    t->description = b;
    return 0;
}

long rc_table_col(const struct rc_table *t, const char *name)
{
    for (size_t c = 0; c < t->ncols; c++)
        if (strcmp(t->col_names[c], name) == 0) return (long)c;
    return -1;
}

int rc_table_reserve(struct rc_table *t, size_t rows)
{
    if (rows <= t->cap) return 0;
    rc_cell *cells = rc_reallocarray(t->cells, rows * (t->ncols ? t->ncols : 1), sizeof *cells);
    if (!cells) return -1;
    t->cells = cells;
    t->cap = rows;
    return 0;
}

long rc_table_add_row(struct rc_table *t)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        rc_cell *cells = rc_reallocarray(t->cells, cap * (t->ncols ? t->ncols : 1), sizeof *cells);
        if (!cells) return -1;
        t->cells = cells;
        t->cap = cap;
    }
    rc_cell *row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->col_types[c] == RC_COL_STRING) row[c].s = NULL;
        else if (t->col_types[c] == RC_COL_INT) row[c].i = 0;
        else row[c].d = NAN;
    }
    return (long)t->nrows++;
}

int rc_table_set_str(struct rc_table *t, size_t row, size_t col, const char *s)
{
    if (row >= t->nrows || col >= t->ncols || t->col_types[col] != RC_COL_STRING) return -1;
    const char *d = NULL;
    if (s && !(d = pool_intern(&t->strings, s))) return -1;
    t->cells[row * t->ncols + col].s = d;
    return 0;
}

const char *rc_table_intern(struct rc_table *t, const char *s)
{
    return s ? pool_intern(&t->strings, s) : NULL;
}

int rc_table_set_pooled(struct rc_table *t, size_t row, size_t col, const char *pooled)
{
    if (row >= t->nrows || col >= t->ncols || t->col_types[col] != RC_COL_STRING) return -1;
    t->cells[row * t->ncols + col].s = pooled;
    return 0;
}

int rc_table_set_num(struct rc_table *t, size_t row, size_t col, double v)
{
    if (row >= t->nrows || col >= t->ncols || t->col_types[col] != RC_COL_NUMBER) return -1;
    t->cells[row * t->ncols + col].d = v;
    return 0;
}

int rc_table_set_int(struct rc_table *t, size_t row, size_t col, int64_t v)
{
    if (row >= t->nrows || col >= t->ncols || t->col_types[col] != RC_COL_INT) return -1;
    t->cells[row * t->ncols + col].i = v;
    return 0;
}

const char *rc_table_str(const struct rc_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols || t->col_types[col] != RC_COL_STRING) return NULL;
    return t->cells[row * t->ncols + col].s;
}

double rc_table_num(const struct rc_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols) return NAN;
    if (t->col_types[col] == RC_COL_NUMBER) return t->cells[row * t->ncols + col].d;
    if (t->col_types[col] == RC_COL_INT) return (double)t->cells[row * t->ncols + col].i;
    return NAN;
}

int64_t rc_table_int(const struct rc_table *t, size_t row, size_t col)
{
    if (row >= t->nrows || col >= t->ncols) return 0;
    if (t->col_types[col] == RC_COL_INT) return t->cells[row * t->ncols + col].i;
    if (t->col_types[col] == RC_COL_NUMBER) {
        double d = t->cells[row * t->ncols + col].d;
        return isnan(d) ? 0 : (int64_t)d;
    }
    return 0;
}

const char *rc_table_text(const struct rc_table *t, size_t row, size_t col, char *buf,
                          size_t size)
{
    buf[0] = '\0';
    if (row >= t->nrows || col >= t->ncols) return buf;
    const rc_cell *cell = &t->cells[row * t->ncols + col];
    switch (t->col_types[col]) {
    case RC_COL_STRING:
        return cell->s ? cell->s : "";
    case RC_COL_INT: { /* digits by hand: printf is the slow part of writing large tables */
        char tmp[24];
        size_t n = 0;
        uint64_t u = cell->i < 0 ? 0 - (uint64_t)cell->i : (uint64_t)cell->i;
        do {
            tmp[n++] = (char)('0' + (int)(u % 10));
            u /= 10;
        } while (u);
        if (cell->i < 0) tmp[n++] = '-';
        if (n + 1 > size) {
            buf[0] = '\0';
            return buf;
        }
        for (size_t k = 0; k < n; k++) buf[k] = tmp[n - 1 - k];
        buf[n] = '\0';
        return buf;
    }
    default:
        return rc_fmt_double(cell->d, buf, size);
    }
}
