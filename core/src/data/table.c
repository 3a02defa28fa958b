/* data/table.c — the table every reader delivers: a builder the readers push cells into,
 * the layout rules common to every format (blank rows, rows skipped before the header, the
 * units row, trailing unnamed empty columns, ragged rows), column lookup and the place of a
 * cell for messages. */
#include "data/table.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

static char *trim_inplace(char *s)
{
    while (is_space(*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1])) s[--n] = '\0';
    return s;
}

static int blank_text(const char *s)
{
    while (is_space(*s)) s++;
    return *s == '\0';
}

void rc_csv_free(rc_csv *csv)
{
    if (!csv) return;
    free(csv->path);
    free(csv->rows);
    free(csv->text_);
    free(csv->fields_);
    free(csv->col_src);
    for (size_t i = 0; i < csv->n_sheets_; i++) free(csv->sheets_[i]);
    free(csv->sheets_);
    free(csv);
}

long rc_csv_col(const rc_csv *csv, const char *name)
{
    if (!csv || !name) return -1;
    while (is_space(*name)) name++;
    size_t n = strlen(name);
    while (n > 0 && is_space(name[n - 1])) n--;
    for (size_t j = 0; j < csv->header.n; j++) {
        const char *h = csv->header.fields[j];
        if (strlen(h) == n && memcmp(h, name, n) == 0) return (long)j;
    }
    return -1;
}

void rc_col_letters(size_t col, char out[8])
{
    char tmp[8];
    size_t k = 0;
    col++;
    while (col > 0 && k < 7) {
        size_t r = (col - 1) % 26;
        tmp[k++] = (char)('A' + r);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < k; i++) out[i] = tmp[k - 1 - i];
    out[k] = '\0';
}

const char *rc_csv_where(const rc_csv *t, const char *name, const rc_csv_row *row, long col,
                         char *buf, size_t size)
{
    size_t line = row ? row->line : t->header.line;
    if (t->kind == RC_TABLE_SHEET) {
        const char *sheet = row && row->sheet ? row->sheet : t->header.sheet;
        size_t src = col < 0 ? SIZE_MAX : t->col_src ? t->col_src[col] : (size_t)col;
        if (src == SIZE_MAX) {
            snprintf(buf, size, "%s:%s row %zu", name, sheet ? sheet : "?", line);
        } else {
            char letters[8];
            rc_col_letters(src, letters);
            snprintf(buf, size, "%s:%s!%s%zu", name, sheet ? sheet : "?", letters, line);
        }
    } else if (t->kind == RC_TABLE_RECORDS) {
        if (!row)
            snprintf(buf, size, "%s: the variable list", name);
        else if (col >= 0 && (size_t)col < t->header.n)
            snprintf(buf, size, "%s: observation %zu, variable %s", name, line,
                     t->header.fields[col]);
        else
            snprintf(buf, size, "%s: observation %zu", name, line);
    } else {
        snprintf(buf, size, "%s:%zu", name, line);
    }
    return buf;
}

/* ---- the builder ------------------------------------------------------------------------ */

void rc_tb_init(rc_table_builder *b)
{
    memset(b, 0, sizeof *b);
}

void rc_tb_free(rc_table_builder *b)
{
    free(b->text);
    free(b->fields);
    free(b->row_start);
    free(b->row_n);
    free(b->row_line);
    free(b->row_sheet);
    for (size_t i = 0; i < b->n_sheets; i++) free(b->sheets[i]);
    free(b->sheets);
    memset(b, 0, sizeof *b);
}

int rc_tb_reserve(rc_table_builder *b, size_t bytes)
{
    if (bytes + 1 <= b->text_cap) return 0;
    char *t = rc_realloc(b->text, bytes + 1);
    if (!t) return -1;
    b->text = t;
    b->text_cap = bytes + 1;
    if (b->text_len == 0) b->text[b->text_len++] = '\0'; /* offset 0: the empty field */
    return 0;
}

int rc_tb_field(rc_table_builder *b, const char *s, size_t n)
{
    if (b->text_len == 0 && rc_tb_reserve(b, 4096)) return -1;
    if (b->text_len + n + 1 > b->text_cap) {
        size_t cap = b->text_cap * 2;
        while (cap < b->text_len + n + 1) cap *= 2;
        char *t = rc_realloc(b->text, cap);
        if (!t) return -1;
        b->text = t;
        b->text_cap = cap;
    }
    if (n == 0) return rc_tb_field_at(b, 0);
    if (rc_tb_field_at(b, b->text_len)) return -1;
    memcpy(b->text + b->text_len, s, n);
    b->text_len += n;
    b->text[b->text_len++] = '\0';
    return 0;
}

int rc_tb_field_at(rc_table_builder *b, size_t off)
{
    if (b->n_fields == b->cap_fields) {
        size_t cap = b->cap_fields ? b->cap_fields * 2 : 1024;
        size_t *f = rc_reallocarray(b->fields, cap, sizeof *f);
        if (!f) return -1;
        b->fields = f;
        b->cap_fields = cap;
    }
    b->fields[b->n_fields++] = off;
    return 0;
}

int rc_tb_end_row(rc_table_builder *b, size_t line, size_t sheet)
{
    if (b->n_rows == b->cap_rows) {
        size_t cap = b->cap_rows ? b->cap_rows * 2 : 256;
        size_t *a = rc_reallocarray(b->row_start, cap, sizeof *a);
        if (a) b->row_start = a;
        size_t *c = rc_reallocarray(b->row_n, cap, sizeof *c);
        if (c) b->row_n = c;
        size_t *d = rc_reallocarray(b->row_line, cap, sizeof *d);
        if (d) b->row_line = d;
        size_t *e = rc_reallocarray(b->row_sheet, cap, sizeof *e);
        if (e) b->row_sheet = e;
        if (!a || !c || !d || !e) return -1;
        b->cap_rows = cap;
    }
    b->row_start[b->n_rows] = b->cur_start;
    b->row_n[b->n_rows] = b->n_fields - b->cur_start;
    b->row_line[b->n_rows] = line;
    b->row_sheet[b->n_rows] = sheet;
    b->n_rows++;
    b->cur_start = b->n_fields;
    return 0;
}

size_t rc_tb_sheet(rc_table_builder *b, const char *name)
{
    for (size_t i = 0; i < b->n_sheets; i++)
        if (strcmp(b->sheets[i], name) == 0) return i;
    char **s = rc_reallocarray(b->sheets, b->n_sheets + 1, sizeof *s);
    if (!s) return (size_t)-1;
    b->sheets = s;
    if (!(s[b->n_sheets] = rc_strdup(name))) return (size_t)-1;
    return b->n_sheets++;
}

/* ---- finishing ------------------------------------------------------------------------- */

static int row_blank(const rc_table_builder *b, size_t r)
{
    for (size_t k = 0; k < b->row_n[r]; k++)
        if (!blank_text(b->text + b->fields[b->row_start[r] + k])) return 0;
    return 1;
}

static void place(const rc_csv *t, const char *name, size_t line, const char *sheet, long col,
                  char *buf, size_t size)
{
    rc_csv_row r = {.line = line, .sheet = sheet};
    rc_csv_where(t, name, &r, col, buf, size);
}

int rc_table_finish(rc_table_builder *b, const char *name, rc_table_kind kind,
                    const rc_table_layout *lay, rc_csv **out, rc_error *err)
{
    static const rc_table_layout none = {0};
    if (!lay) lay = &none;
    *out = NULL;
    char w[512];
    rc_csv *t = rc_calloc(1, sizeof *t);
    if (!t || !(t->path = rc_strdup(name))) {
        free(t);
        rc_tb_free(b);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
    }
    t->kind = kind;
    if (b->text_len == 0 && rc_tb_reserve(b, 1)) goto oom;
    t->sheets_ = b->sheets;
    t->n_sheets_ = b->n_sheets;
    b->sheets = NULL;
    b->n_sheets = 0;
#define SHEET_OF(r) (b->row_sheet[r] == (size_t)-1 ? NULL : t->sheets_[b->row_sheet[r]])
#define FIELD(r, k) (b->text + b->fields[b->row_start[r] + (k)])

    size_t r = 0;
    while (r < b->n_rows && ((lay->skip_rows && b->row_line[r] <= lay->skip_rows) || row_blank(b, r)))
        r++;
    if (r == b->n_rows) {
        rc_error_set(err, RC_ERRK_DATA, "%s: the file is empty (a header row is needed)%s", name,
                     lay->skip_rows ? " after the skipped rows" : "");
        goto fail;
    }
    /* the header: trailing columns without a name are dropped (Excel's empty columns) */
    size_t hrow = r, hn = b->row_n[r];
    size_t named = hn;
    while (named > 0 && blank_text(FIELD(hrow, named - 1))) named--;
    t->header.line = b->row_line[r];
    t->header.sheet = SHEET_OF(r);
    if (named == 0) {
        rc_error_set(err, RC_ERRK_DATA, "%s: the header row has no column names",
                     rc_csv_where(t, name, &t->header, -1, w, sizeof w));
        goto fail;
    }
    if (named > RC_CSV_MAX_COLUMNS) {
        rc_error_set(err, RC_ERRK_DATA, "%s: the header has %zu columns, more than %d",
                     rc_csv_where(t, name, &t->header, -1, w, sizeof w), named,
                     RC_CSV_MAX_COLUMNS);
        goto fail;
    }
    /* pass 1: which rows stay, each checked against the header's width */
    size_t kept = 0;
    for (size_t q = r + 1; q < b->n_rows; q++) {
        int is_units = lay->units_row && q == r + 1;
        if (row_blank(b, q) && !is_units) continue;
        size_t n = b->row_n[q], line = b->row_line[q];
        if (n < named && !lay->ragged) {
            rc_error_set(err, RC_ERRK_DATA, "%s:%zu: the row has %zu field%s, the header has %zu",
                         name, line, n, n == 1 ? "" : "s", hn);
            goto fail;
        }
        for (size_t k = named; k < n; k++)
            if (!blank_text(FIELD(q, k))) {
                if (kind == RC_TABLE_SHEET) {
                    place(t, name, line, SHEET_OF(q), (long)k, w, sizeof w);
                    rc_error_set(err, RC_ERRK_DATA,
                                 "%s: a value in a column with no name in the header", w);
                } else {
                    rc_error_set(err, RC_ERRK_DATA,
                                 "%s:%zu: the row has %zu field%s, the header has %zu", name,
                                 line, n, n == 1 ? "" : "s", hn);
                }
                goto fail;
            }
        kept++;
    }
    /* pass 2: one pointer per cell, short rows padded with the empty field */
    if (kept + 1 > SIZE_MAX / named) goto oom;
    t->fields_ = rc_reallocarray(NULL, (kept + 1) * named, sizeof *t->fields_);
    t->rows = rc_calloc(kept + 1, sizeof *t->rows);
    if (!t->fields_ || !t->rows) goto oom;
    char **f = t->fields_;
    for (size_t k = 0; k < named; k++) f[k] = trim_inplace(FIELD(hrow, k));
    t->header.fields = f;
    t->header.n = named;
    f += named;
    for (size_t j = 0; j < named; j++) {
        const char *h = t->header.fields[j];
        if (*h == '\0') {
            rc_error_set(err, RC_ERRK_DATA, "%s: column %zu of the header has no name",
                         rc_csv_where(t, name, &t->header, kind == RC_TABLE_SHEET ? (long)j : -1,
                                      w, sizeof w),
                         j + 1);
            goto fail;
        }
        for (size_t k = 0; k < j; k++)
            if (strcmp(t->header.fields[k], h) == 0) {
                rc_error_set(err, RC_ERRK_DATA,
                             "%s: the header names column '%s' twice (columns %zu and %zu)",
                             rc_csv_where(t, name, &t->header, -1, w, sizeof w), h, k + 1, j + 1);
                goto fail;
            }
    }
    size_t nr = 0;
    for (size_t q = r + 1; q < b->n_rows; q++) {
        int is_units = lay->units_row && q == r + 1;
        if (row_blank(b, q) && !is_units) continue;
        size_t n = b->row_n[q];
        for (size_t k = 0; k < named; k++) f[k] = k < n ? FIELD(q, k) : b->text;
        rc_csv_row *dst = is_units ? &t->units : &t->rows[nr++];
        dst->n = named;
        dst->fields = f;
        dst->line = b->row_line[q];
        dst->sheet = SHEET_OF(q);
        f += named;
    }
#undef SHEET_OF
#undef FIELD
    t->n_rows = nr;
    t->text_ = b->text;
    b->text = NULL;
    rc_tb_free(b);
    *out = t;
    return 0;
oom:
    rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
fail:
    rc_tb_free(b);
    rc_csv_free(t);
    return -1;
}
