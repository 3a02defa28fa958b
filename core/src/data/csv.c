/* data/csv.c — reads RFC 4180 CSV text (quotes, "" escapes, line breaks inside quotes,
 * CRLF or LF, UTF-8 with an optional BOM) into rows of fields, remembering each row's
 * line for messages, and parses data cells into finite numbers or missing values. */
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

#include "util/str.h"

/* Offset of the first byte that is not part of valid UTF-8 (or is NUL), or len. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c == 0) return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (len - i <= need) return i;
        for (size_t k = 1; k <= need; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (cc & 0x3F);
        }
        /* overlong forms, surrogates, beyond U+10FFFF */
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return len;
}

static size_t line_of(const char *text, size_t off)
{
    size_t line = 1;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n') line++;
    return line;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Trims spaces and tabs in place (moves the start pointer, cuts the end). */
static char *trim_inplace(char *s)
{
    while (is_space(*s)) s++;
    size_t n = strlen(s);
    while (n > 0 && is_space(s[n - 1])) s[--n] = '\0';
    return s;
}

void rc_csv_free(rc_csv *csv)
{
    if (!csv) return;
    free(csv->path);
    free(csv->rows);
    free(csv->text_);
    free(csv->fields_);
    free(csv);
}

typedef struct parser {
    const char *name;
    const char *in;
    size_t len, pos, line;
    char *out;       /* field text, NUL-separated */
    size_t out_len;
    char **fields;   /* every field, all rows */
    size_t n_fields, cap_fields;
    rc_error *err;
} parser;

static int push_field(parser *ps, char *f)
{
    if (ps->n_fields == ps->cap_fields) {
        size_t cap = ps->cap_fields ? ps->cap_fields * 2 : 256;
        char **nf = rc_reallocarray(ps->fields, cap, sizeof *nf);
        if (!nf) return rc_error_set(ps->err, RC_ERRK_OTHER, "%s: out of memory", ps->name);
        ps->fields = nf;
        ps->cap_fields = cap;
    }
    ps->fields[ps->n_fields++] = f;
    return 0;
}

/* Parses one row starting at ps->pos (not at the end). On return ps->pos is past the row's
 * line break. Sets *blank when the row is one unquoted field of spaces only. */
static int parse_row(parser *ps, size_t *n_out, int *blank)
{
    size_t n = 0;
    int any_quoted = 0;
    for (;;) {
        char *field = ps->out + ps->out_len;
        size_t flen = 0;
        if (ps->pos < ps->len && ps->in[ps->pos] == '"') {
            any_quoted = 1;
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
                        ps->out[ps->out_len++] = '"';
                        ps->pos += 2;
                        flen++;
                    } else {
                        ps->pos++;
                        break;
                    }
                } else {
                    if (c == '\n') ps->line++;
                    ps->out[ps->out_len++] = c;
                    ps->pos++;
                    flen++;
                }
                if (flen > RC_CSV_MAX_FIELD)
                    return rc_error_set(ps->err, RC_ERRK_DATA,
                                        "%s:%zu: a field is longer than 1 MiB", ps->name, qline);
            }
            if (ps->pos < ps->len) {
                char c = ps->in[ps->pos];
                int ok = c == ',' || c == '\n' ||
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
                if (c == ',' || c == '\n') break;
                if (c == '\r' && ps->pos + 1 < ps->len && ps->in[ps->pos + 1] == '\n') break;
                ps->out[ps->out_len++] = c;
                ps->pos++;
                if (++flen > RC_CSV_MAX_FIELD)
                    return rc_error_set(ps->err, RC_ERRK_DATA,
                                        "%s:%zu: a field is longer than 1 MiB", ps->name,
                                        ps->line);
            }
        }
        ps->out[ps->out_len++] = '\0';
        if (push_field(ps, field)) return -1;
        n++;
        if (ps->pos >= ps->len) break;
        char c = ps->in[ps->pos];
        if (c == ',') {
            ps->pos++;
            continue;
        }
        /* line break */
        ps->pos += (c == '\r') ? 2 : 1;
        ps->line++;
        break;
    }
    *n_out = n;
    *blank = 0;
    if (n == 1 && !any_quoted) {
        const char *f = ps->fields[ps->n_fields - 1];
        while (is_space(*f)) f++;
        *blank = *f == '\0';
    }
    return 0;
}

int rc_csv_parse(const char *text, size_t len, const char *name, rc_csv **out, rc_error *err)
{
    *out = NULL;
    if (!name) name = "<csv>";
    if (len > RC_CSV_MAX_FILE)
        return rc_error_set(err, RC_ERRK_DATA, "%s: the file is larger than 1 GiB", name);
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF) {
        text += 3;
        len -= 3;
    }
    size_t bad = utf8_invalid_at((const unsigned char *)text, len);
    if (bad < len) {
        if (text[bad] == '\0')
            return rc_error_set(err, RC_ERRK_DATA,
                                "%s:%zu: the file contains a NUL byte (is it binary or "
                                "UTF-16? save it as UTF-8 CSV)",
                                name, line_of(text, bad));
        return rc_error_set(err, RC_ERRK_DATA,
                            "%s:%zu: invalid UTF-8 (byte 0x%02X); save the file as UTF-8 "
                            "(e.g. convert it from GBK with iconv -f GBK -t UTF-8)",
                            name, line_of(text, bad), (unsigned char)text[bad]);
    }

    rc_csv *csv = rc_calloc(1, sizeof *csv);
    parser ps = {.name = name, .in = text, .len = len, .line = 1, .err = err};
    size_t *starts = NULL, *counts = NULL, *lines = NULL;
    size_t n_rows = 0, cap_rows = 0;
    if (!csv || !(csv->path = rc_strdup(name)) || !(ps.out = rc_malloc(len + 2))) {
        rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
        goto fail;
    }
    while (ps.pos < ps.len) {
        size_t line = ps.line, start = ps.n_fields, n = 0;
        int blank = 0;
        if (parse_row(&ps, &n, &blank)) goto fail;
        if (blank) {
            ps.n_fields = start;
            continue;
        }
        if (n_rows == cap_rows) {
            size_t cap = cap_rows ? cap_rows * 2 : 64;
            size_t *a = rc_reallocarray(starts, cap, sizeof *a);
            if (a) starts = a;
            size_t *b = rc_reallocarray(counts, cap, sizeof *b);
            if (b) counts = b;
            size_t *c = rc_reallocarray(lines, cap, sizeof *c);
            if (c) lines = c;
            if (!a || !b || !c) {
                rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
                goto fail;
            }
            cap_rows = cap;
        }
        if (n_rows > 0 && n != counts[0]) {
            rc_error_set(err, RC_ERRK_DATA, "%s:%zu: the row has %zu field%s, the header has %zu",
                         name, line, n, n == 1 ? "" : "s", counts[0]);
            goto fail;
        }
        starts[n_rows] = start;
        counts[n_rows] = n;
        lines[n_rows] = line;
        n_rows++;
    }
    if (n_rows == 0) {
        rc_error_set(err, RC_ERRK_DATA, "%s: the file is empty (a header row is needed)", name);
        goto fail;
    }
    csv->text_ = ps.out;
    ps.out = NULL;
    csv->fields_ = ps.fields;
    ps.fields = NULL;
    csv->header.n = counts[0];
    csv->header.fields = csv->fields_ + starts[0];
    csv->header.line = lines[0];
    if (csv->header.n > RC_CSV_MAX_COLUMNS) {
        rc_error_set(err, RC_ERRK_DATA, "%s:%zu: the header has %zu columns, more than %d",
                     name, lines[0], csv->header.n, RC_CSV_MAX_COLUMNS);
        goto fail;
    }
    for (size_t j = 0; j < csv->header.n; j++) {
        char *h = trim_inplace(csv->header.fields[j]);
        csv->header.fields[j] = h;
        if (*h == '\0') {
            rc_error_set(err, RC_ERRK_DATA, "%s:%zu: column %zu of the header has no name", name,
                         lines[0], j + 1);
            goto fail;
        }
        for (size_t k = 0; k < j; k++)
            if (strcmp(csv->header.fields[k], h) == 0) {
                rc_error_set(err, RC_ERRK_DATA,
                             "%s:%zu: the header names column '%s' twice (columns %zu and %zu)",
                             name, lines[0], h, k + 1, j + 1);
                goto fail;
            }
    }
    csv->n_rows = n_rows - 1;
    if (csv->n_rows) {
        csv->rows = rc_calloc(csv->n_rows, sizeof *csv->rows);
        if (!csv->rows) {
            rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
            goto fail;
        }
    }
    for (size_t i = 1; i < n_rows; i++) {
        csv->rows[i - 1].n = counts[i];
        csv->rows[i - 1].fields = csv->fields_ + starts[i];
        csv->rows[i - 1].line = lines[i];
    }
    free(starts);
    free(counts);
    free(lines);
    *out = csv;
    return 0;
fail:
    free(starts);
    free(counts);
    free(lines);
    free(ps.out);
    free(ps.fields);
    rc_csv_free(csv);
    return -1;
}

int rc_csv_read(const char *path, rc_csv **out, rc_error *err)
{
    *out = NULL;
    /* O_NONBLOCK: opening a FIFO with no writer must not block; it is refused below */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return rc_error_set(err, RC_ERRK_DATA, "%s: cannot open the file: %s", path,
                            strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return rc_error_set(err, RC_ERRK_DATA, "%s: not a regular file", path);
    }
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", path);
    }
    if ((unsigned long long)st.st_size > (unsigned long long)RC_CSV_MAX_FILE) {
        fclose(f);
        return rc_error_set(err, RC_ERRK_DATA, "%s: the file is larger than 1 GiB", path);
    }
    size_t size = (size_t)st.st_size;
    char *buf = rc_malloc(size + 1);
    if (!buf) {
        fclose(f);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", path);
    }
    size_t got = fread(buf, 1, size, f);
    int rerr = ferror(f);
    fclose(f);
    if (rerr || got != size) {
        free(buf);
        return rc_error_set(err, RC_ERRK_DATA, "%s: read error", path);
    }
    buf[size] = '\0';
    int rc = rc_csv_parse(buf, size, path, out, err);
    free(buf);
    return rc;
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
