/* data/csv.c — reads RFC 4180 CSV text (quotes, "" escapes, line breaks inside quotes,
 * CRLF or LF, UTF-8 with an optional BOM or another encoding converted first) into a
 * table, remembering each row's line for messages, and parses data cells into finite
 * numbers or missing values. */
#include "data/csv.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/readfile.h"
#include "util/str.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

typedef struct parser {
    const char *name;
    const char *in;
    size_t len, pos, line;
    char sep;
    rc_table_builder *b; /* field text goes straight into b->text */
    rc_error *err;
} parser;

/* Parses one row starting at ps->pos (not at the end). On return ps->pos is past the row's
 * line break. */
static int parse_row(parser *ps)
{
    rc_table_builder *b = ps->b;
    char *out = b->text;
    const char sep = ps->sep;
    for (;;) {
        size_t field = b->text_len, flen = 0;
        if (ps->pos < ps->len && ps->in[ps->pos] == '"') {
            size_t qline = ps->line;
            ps->pos++;
            for (;;) {
                if (ps->pos >= ps->len)
                    return rc_error_set(ps->err, RC_ERRK_DATA,
                                        "%s:%zu: unterminated quoted field (the opening quote "
                                        "has no closing quote)",
                                        ps->name, qline);
                char c = ps->in[ps->pos];
                if (c == '"') {
                    if (ps->pos + 1 < ps->len && ps->in[ps->pos + 1] == '"') {
                        out[b->text_len++] = '"';
                        ps->pos += 2;
                        flen++;
                    } else {
                        ps->pos++;
                        break;
                    }
                } else {
                    if (c == '\n') ps->line++;
                    out[b->text_len++] = c;
                    ps->pos++;
                    flen++;
                }
                if (flen > RC_CSV_MAX_FIELD)
                    return rc_error_set(ps->err, RC_ERRK_DATA,
                                        "%s:%zu: a field is longer than 1 MiB", ps->name, qline);
            }
            if (ps->pos < ps->len) {
                char c = ps->in[ps->pos];
                int ok = c == sep || c == '\n' ||
                         (c == '\r' && ps->pos + 1 < ps->len && ps->in[ps->pos + 1] == '\n');
                if (!ok)
                    return rc_error_set(ps->err, RC_ERRK_DATA,
                                        "%s:%zu: unexpected text after a closing quote (a quote "
                                        "inside a quoted field is written \"\")",
                                        ps->name, ps->line);
            }
        } else {
            while (ps->pos < ps->len) {
                char c = ps->in[ps->pos];
                if (c == sep || c == '\n') break;
                if (c == '\r' && ps->pos + 1 < ps->len && ps->in[ps->pos + 1] == '\n') break;
                out[b->text_len++] = c;
                ps->pos++;
                if (++flen > RC_CSV_MAX_FIELD)
                    return rc_error_set(ps->err, RC_ERRK_DATA,
                                        "%s:%zu: a field is longer than 1 MiB", ps->name,
                                        ps->line);
            }
        }
        out[b->text_len++] = '\0';
        if (rc_tb_field_at(b, flen ? field : 0))
            return rc_error_set(ps->err, RC_ERRK_OTHER, "%s: out of memory", ps->name);
        if (ps->pos >= ps->len) break;
        char c = ps->in[ps->pos];
        if (c == sep) {
            ps->pos++;
            continue;
        }
        /* line break */
        ps->pos += (c == '\r') ? 2 : 1;
        ps->line++;
        break;
    }
    return 0;
}

static int parse_utf8(const char *text, size_t len, const char *name, const rc_csv_opts *o,
                      rc_csv **out, rc_error *err)
{
    rc_table_builder b;
    rc_tb_init(&b);
    /* every field fits: its NUL stands for the separator or line break that ended it */
    if (rc_tb_reserve(&b, len + 3)) {
        rc_tb_free(&b);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
    }
    parser ps = {.name = name, .in = text, .len = len, .line = 1, .b = &b, .err = err,
                 .sep = o && o->separator ? o->separator : ','};
    while (ps.pos < ps.len) {
        size_t line = ps.line;
        if (parse_row(&ps) || rc_tb_end_row(&b, line, (size_t)-1)) {
            if (err->kind == RC_ERRK_NONE)
                rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
            rc_tb_free(&b);
            return -1;
        }
    }
    return rc_table_finish(&b, name, RC_TABLE_TEXT, o ? &o->layout : NULL, out, err);
}

int rc_csv_parse_ex(const char *text, size_t len, const char *name, const rc_csv_opts *o,
                    rc_csv **out, rc_error *err)
{
    *out = NULL;
    if (!name) name = "<csv>";
    if (len > RC_CSV_MAX_FILE)
        return rc_error_set(err, RC_ERRK_DATA, "%s: the file is larger than 1 GiB", name);
    char *conv = NULL;
    size_t conv_len = 0, skip = 0;
    if (rc_text_to_utf8(name, text, len, o ? o->encoding : RC_ENC_UTF8, o ? o->warn : NULL,
                        o ? o->warn_user : NULL, &conv, &conv_len, &skip, err))
        return -1;
    int rc;
    if (conv) {
        rc = conv_len > RC_CSV_MAX_FILE
                 ? rc_error_set(err, RC_ERRK_DATA, "%s: the file is larger than 1 GiB", name)
                 : parse_utf8(conv, conv_len, name, o, out, err);
        free(conv);
    } else {
        rc = parse_utf8(text + skip, len - skip, name, o, out, err);
    }
    return rc;
}

int rc_csv_parse(const char *text, size_t len, const char *name, rc_csv **out, rc_error *err)
{
    return rc_csv_parse_ex(text, len, name, NULL, out, err);
}

int rc_csv_read(const char *path, rc_csv **out, rc_error *err)
{
    return rc_csv_read_ex(path, NULL, out, err);
}

int rc_csv_read_ex(const char *path, const rc_csv_opts *opts, rc_csv **out, rc_error *err)
{
    *out = NULL;
    char *buf = NULL;
    size_t size = 0;
    if (rc_read_regular_file(path, RC_CSV_MAX_FILE, &buf, &size, err)) return -1;
    int rc = rc_csv_parse_ex(buf, size, path, opts, out, err);
    free(buf);
    return rc;
}

/* Clinger's fast path: a decimal with at most 15 significant digits and no exponent part
 * is m / 10^k with m and 10^k (k <= 22) exact doubles, and one IEEE division of exact
 * operands is correctly rounded: the very double strtod returns. Returns 0 when it applies. */
static int decimal_fast(const char *cell, size_t n, double *out)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    size_t i = 0;
    int neg = 0;
    if (cell[i] == '+' || cell[i] == '-') neg = cell[i++] == '-';
    uint64_t m = 0;
    int sig = 0, frac = 0, seen_dot = 0;
    for (; i < n; i++) {
        char c = cell[i];
        if (c == '.') {
            if (seen_dot) return -1;
            seen_dot = 1;
        } else if (c >= '0' && c <= '9') {
            if (m || c != '0') sig++;
            if (sig > 15) return -1;
            m = m * 10 + (uint64_t)(c - '0');
            frac += seen_dot;
        } else {
            return -1; /* an exponent or anything else: strtod decides */
        }
    }
    if (frac > 22) return -1;
    double d = (double)m / p10[frac];
    *out = neg ? -d : d;
    return 0;
}

int rc_csv_parse_value(const char *cell, double *v)
{
    *v = NAN;
    if (!cell) return 0;
    while (is_space(*cell)) cell++;
    size_t n = strlen(cell);
    while (n > 0 && is_space(cell[n - 1])) n--;
    if (n == 0 || (n == 2 && cell[0] == 'N' && cell[1] == 'A')) return 0;
    if (n > 400) return -1;
    /* decimal syntax only: [+-] digits [. digits] [(e|E) [+-] digits] */
    size_t i = 0, digits = 0;
    if (cell[i] == '+' || cell[i] == '-') i++;
    while (i < n && cell[i] >= '0' && cell[i] <= '9') i++, digits++;
    if (i < n && cell[i] == '.') {
        i++;
        while (i < n && cell[i] >= '0' && cell[i] <= '9') i++, digits++;
    }
    if (digits == 0) return -1;
    if (i < n && (cell[i] == 'e' || cell[i] == 'E')) {
        i++;
        if (i < n && (cell[i] == '+' || cell[i] == '-')) i++;
        size_t ed = 0;
        while (i < n && cell[i] >= '0' && cell[i] <= '9') i++, ed++;
        if (ed == 0) return -1;
    }
    if (i != n) return -1;
    double d;
    if (decimal_fast(cell, n, &d) == 0) {
        *v = d;
        return 1;
    }
    char tmp[408];
    memcpy(tmp, cell, n);
    tmp[n] = '\0';
    errno = 0;
    d = strtod(tmp, NULL);
    if (!isfinite(d)) return -1;
    *v = d;
    return 1;
}
