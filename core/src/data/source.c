/* data/source.c — a data source's declared conventions (format, encoding, thousands and
 * decimal separators, percent, missing markers, skip_rows, units_row, sheet/sheets), the
 * reading of its file into tables (CSV, a workbook's sheets, a Stata/SPSS/SAS file), and
 * the cell rules those conventions give for numbers and years. */
#include "data/source.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "data/panel.h"
#include "data/readfile.h"
#include "data/statfile.h"
#include "data/text.h"
#include "data/workbook.h"
#include "util/str.h"

#define MAX_WORKBOOK ((size_t)1 << 30)

static int oom(rc_error *err)
{
    return rc_error_set(err, RC_ERRK_OTHER, "out of memory while reading the data");
}

static const char *ext_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : "";
}

static int format_from_name(const char *name, rc_format *f)
{
    static const struct {
        const char *ext;
        rc_format f;
    } map[] = {{"csv", RC_FMT_CSV},       {"txt", RC_FMT_CSV},  {"tsv", RC_FMT_CSV},
               {"xlsx", RC_FMT_XLSX},     {"xlsm", RC_FMT_XLSX}, {"ods", RC_FMT_ODS},
               {"dta", RC_FMT_STAT},      {"sav", RC_FMT_STAT}, {"zsav", RC_FMT_STAT},
               {"por", RC_FMT_STAT},      {"sas7bdat", RC_FMT_STAT}, {"xpt", RC_FMT_STAT}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcasecmp(name, map[i].ext) == 0) {
            *f = map[i].f;
            return 0;
        }
    return -1;
}

void rc_source_opts_free(rc_source_opts *o)
{
    for (size_t i = 0; i < o->n_na; i++) free(o->na[i]);
    free(o->na);
    free(o->sheet);
    for (size_t i = 0; i < o->n_sheets; i++) free(o->sheets[i]);
    free(o->sheets);
    free(o->sheet_years);
    memset(o, 0, sizeof *o);
}

static int set_default_na(rc_source_opts *o)
{
    static const char *const def[] = RC_DEFAULT_NA;
    size_t n = sizeof def / sizeof def[0];
    o->na = rc_calloc(n, sizeof *o->na);
    if (!o->na) return -1;
    for (size_t i = 0; i < n; i++) {
        if (!(o->na[i] = rc_strdup(def[i]))) return -1;
        o->n_na = i + 1;
    }
    return 0;
}

static int one_char(const struct rc_node *n, const char *key, const char *allowed, char *out,
                    rc_error *err)
{
    char w[512];
    const char *s = rc_node_as_str(n);
    if (s && strcasecmp(s, "none") == 0 && strchr(allowed, '0')) {
        *out = 0;
        return 0;
    }
    if (!s || strlen(s) != 1 || !strchr(allowed, s[0]) || s[0] == '0')
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' must be one of %s, not %s%s%s",
                            rc_node_where(n, w, sizeof w), key,
                            strcmp(key, "decimal") == 0 ? "\".\" or \",\""
                                                        : "\",\", \".\", \" \", \"'\" or none",
                            s ? "'" : "", s ? s : rc_node_kind_name(n->kind), s ? "'" : "");
    *out = s[0];
    return 0;
}

/* A year in a sheet name ("2019", "2019年", "统计 2019"): the first run of four digits. */
static int year_in_name(const char *name, int *year)
{
    char buf[512];
    if (rc_text_fold_width(name, buf, sizeof buf) == (size_t)-1) return -1;
    for (const char *p = buf; *p; p++) {
        if (p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9') &&
            (p == buf || !(p[-1] >= '0' && p[-1] <= '9'))) {
            int y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
            if (y < RC_YEAR_MIN || y > RC_YEAR_MAX) return -1;
            *year = y;
            return 0;
        }
    }
    return -1;
}

static int parse_sheets(const struct rc_node *n, rc_source_opts *o, rc_error *err)
{
    char w[512];
    const char *s = rc_node_as_str(n);
    if (s && strcmp(s, "names") == 0) {
        o->sheets_by_name = 1;
        return 0;
    }
    if (n->kind == RC_NODE_LIST || n->kind == RC_NODE_MAP) {
        if (n->n == 0)
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'sheets' lists no sheet",
                                rc_node_where(n, w, sizeof w));
        o->sheets = rc_calloc(n->n, sizeof *o->sheets);
        o->sheet_years = rc_calloc(n->n, sizeof *o->sheet_years);
        if (!o->sheets || !o->sheet_years) return oom(err);
        for (size_t i = 0; i < n->n; i++) {
            const struct rc_node *it = n->items[i];
            const char *name = rc_node_as_str(it);
            if (!name || !*name)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: each entry of 'sheets' must be a sheet name",
                                    rc_node_where(it, w, sizeof w));
            int year = 0;
            if (n->kind == RC_NODE_MAP) {
                char *end;
                long y = strtol(n->keys[i], &end, 10);
                if (*end || y < RC_YEAR_MIN || y > RC_YEAR_MAX)
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "%s: a key of 'sheets' must be a year, not '%s'",
                                        rc_node_where(it, w, sizeof w), n->keys[i]);
                year = (int)y;
            } else if (year_in_name(name, &year) != 0) {
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: sheet name '%s' holds no year; map years to sheets "
                                    "instead (sheets: {2019: '%s', ...})",
                                    rc_node_where(it, w, sizeof w), name, name);
            }
            for (size_t k = 0; k < i; k++)
                if (o->sheet_years[k] == year)
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "%s: year %d has two sheets in 'sheets' ('%s' and '%s')",
                                        rc_node_where(it, w, sizeof w), year, o->sheets[k], name);
            if (!(o->sheets[i] = rc_strdup(name))) return oom(err);
            o->sheet_years[i] = year;
            o->n_sheets = i + 1;
        }
        return 0;
    }
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: 'sheets' must be names (years from the sheet names), a list of "
                        "sheet names or a mapping year: sheet",
                        rc_node_where(n, w, sizeof w));
}

static int parse_opts(const struct rc_node *node, const char *path, const char *what,
                      rc_source_opts *o, rc_error *err)
{
    char w[512];
    memset(o, 0, sizeof *o);
    o->decimal = '.';
    o->value_labels = 1;
    if (set_default_na(o)) return oom(err);
    const struct rc_node *n;
    n = node ? rc_node_get(node, "format") : NULL;
    if (n) {
        const char *s = rc_node_as_str(n);
        if (!s || format_from_name(s, &o->format) != 0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'format' in %s must be csv, xlsx, ods, dta, sav, por, "
                                "sas7bdat or xpt, not '%s'",
                                rc_node_where(n, w, sizeof w), what, s ? s : "a non-text value");
    } else if (format_from_name(ext_of(path), &o->format) != 0) {
        o->format = RC_FMT_CSV;
    }
    if (!node) return 0;
    if ((n = rc_node_get(node, "encoding"))) {
        const char *s = rc_node_as_str(n);
        if (!s || rc_encoding_parse(s, &o->csv.encoding) != 0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'encoding' in %s must be utf-8, gbk, gb18030, big5, utf-16 "
                                "or auto, not '%s'",
                                rc_node_where(n, w, sizeof w), what, s ? s : "a non-text value");
        if (o->format != RC_FMT_CSV)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'encoding' in %s applies to CSV files only (workbooks and "
                                "Stata/SPSS files declare their own)",
                                rc_node_where(n, w, sizeof w), what);
    }
    if ((n = rc_node_get(node, "separator"))) {
        const char *s = rc_node_as_str(n);
        if (s && strcmp(s, "\\t") == 0) s = "\t";
        if (!s || strlen(s) != 1 || s[0] == '"' || s[0] == '\n' || s[0] == '\r')
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'separator' in %s must be one character (\",\", \";\", "
                                "\"\\t\", \"|\")",
                                rc_node_where(n, w, sizeof w), what);
        o->csv.separator = s[0];
    }
    if ((n = rc_node_get(node, "thousands")) && one_char(n, "thousands", ",. '0", &o->thousands, err))
        return -1;
    if ((n = rc_node_get(node, "decimal")) && one_char(n, "decimal", ".,", &o->decimal, err))
        return -1;
    if (o->thousands && o->thousands == o->decimal)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'thousands' and 'decimal' in %s are both '%c'",
                            rc_node_key_where(node, "thousands", w, sizeof w), what, o->decimal);
    if ((n = rc_node_get(node, "percent"))) {
        const char *s = rc_node_as_str(n);
        if (s && strcmp(s, "value") == 0) o->percent = RC_PCT_VALUE;
        else if (s && strcmp(s, "fraction") == 0) o->percent = RC_PCT_FRACTION;
        else
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'percent' in %s must be value (44.6%% -> 44.6) or fraction "
                                "(44.6%% -> 0.446)",
                                rc_node_where(n, w, sizeof w), what);
    }
    if ((n = rc_node_get(node, "na"))) {
        for (size_t i = 0; i < o->n_na; i++) free(o->na[i]);
        free(o->na);
        o->na = NULL;
        o->n_na = 0;
        size_t cnt = n->kind == RC_NODE_LIST ? n->n : 1;
        o->na = rc_calloc(cnt ? cnt : 1, sizeof *o->na);
        if (!o->na) return oom(err);
        for (size_t i = 0; i < cnt; i++) {
            const struct rc_node *it = n->kind == RC_NODE_LIST ? n->items[i] : n;
            const char *s = rc_node_as_str(it);
            if (!s)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: 'na' in %s must be a missing marker or a list of them",
                                    rc_node_where(it, w, sizeof w), what);
            char folded[256];
            if (rc_text_fold_width(s, folded, sizeof folded) == (size_t)-1)
                return rc_error_set(err, RC_ERRK_CONFIG, "%s: a missing marker is too long",
                                    rc_node_where(it, w, sizeof w));
            if (!(o->na[i] = rc_strdup(folded))) return oom(err);
            o->n_na = i + 1;
            double v;
            if (rc_csv_parse_value(folded, &v) == 1) o->na_numeric = 1;
        }
    }
    if ((n = rc_node_get(node, "skip_rows"))) {
        int64_t v;
        if (rc_node_as_int(n, &v) != 0 || v < 0 || v > 1000000)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'skip_rows' in %s must be a whole number >= 0",
                                rc_node_where(n, w, sizeof w), what);
        o->csv.layout.skip_rows = (size_t)v;
    }
    if ((n = rc_node_get(node, "units_row"))) {
        if (rc_node_as_bool(n, &o->csv.layout.units_row) != 0)
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'units_row' in %s must be true or false",
                                rc_node_where(n, w, sizeof w), what);
    }
    if ((n = rc_node_get(node, "value_labels"))) {
        if (rc_node_as_bool(n, &o->value_labels) != 0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'value_labels' in %s must be true or false",
                                rc_node_where(n, w, sizeof w), what);
    }
    int book = o->format == RC_FMT_XLSX || o->format == RC_FMT_ODS;
    const struct rc_node *sh = rc_node_get(node, "sheet"), *shs = rc_node_get(node, "sheets");
    if ((sh || shs) && !book)
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' in %s applies to workbooks only",
                            rc_node_key_where(node, sh ? "sheet" : "sheets", w, sizeof w),
                            sh ? "sheet" : "sheets", what);
    if (sh && shs)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: %s gives both 'sheet' and 'sheets'; use one",
                            rc_node_key_where(node, "sheets", w, sizeof w), what);
    if (sh) {
        int64_t v;
        const char *s = rc_node_as_str(sh);
        if (!sh->quoted && rc_node_as_int(sh, &v) == 0) {
            if (v < 1)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: 'sheet' numbers start at 1 (the first sheet)",
                                    rc_node_where(sh, w, sizeof w));
            o->sheet_no = (long)v;
        } else if (s && *s) {
            if (!(o->sheet = rc_strdup(s))) return oom(err);
        } else {
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'sheet' must be a sheet name or number",
                                rc_node_where(sh, w, sizeof w));
        }
    }
    if (shs && parse_sheets(shs, o, err)) return -1;
    return 0;
}

/* ---- reading ----------------------------------------------------------------------------- */

void rc_source_parts_free(rc_source_part *parts, size_t n)
{
    for (size_t i = 0; parts && i < n; i++) rc_csv_free(parts[i].table);
    free(parts);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Refuses a horizontal merge in the header or a data row of a finished sheet. */
static int check_merges(const rc_csv *t, const char *name, const rc_merge *m, size_t n,
                        rc_error *err)
{
    for (size_t i = 0; i < n; i++) {
        if (m[i].row2 < t->header.line) continue; /* a title above the header */
        char a[8], b[8];
        rc_col_letters(m[i].col1, a);
        rc_col_letters(m[i].col2, b);
        int in_header = m[i].row1 <= t->header.line;
        return rc_error_set(err, RC_ERRK_DATA,
                            "%s:%s!%s%zu: cells %s%zu:%s%zu are merged across columns in the %s; "
                            "unmerge them (%s)",
                            name, t->header.sheet ? t->header.sheet : "?", a, m[i].row1, a,
                            m[i].row1, b, m[i].row2, in_header ? "header" : "data rows",
                            in_header ? "each column needs its own name"
                                      : "each cell needs its own value");
    }
    return 0;
}

static int read_sheet(rc_workbook *wb, size_t i, const char *name, const rc_source_opts *o,
                      rc_csv **out, rc_error *err)
{
    rc_table_builder b;
    rc_tb_init(&b);
    size_t sid = rc_tb_sheet(&b, rc_workbook_sheet_name(wb, i));
    rc_merge *m = NULL;
    size_t nm = 0;
    if (sid == (size_t)-1) {
        rc_tb_free(&b);
        return oom(err);
    }
    if (rc_workbook_read_sheet(wb, i, &b, sid, &m, &nm, err)) {
        rc_tb_free(&b);
        free(m);
        return -1;
    }
    rc_table_layout lay = o->csv.layout;
    lay.ragged = 1;
    if (rc_table_finish(&b, name, RC_TABLE_SHEET, &lay, out, err)) {
        free(m);
        return -1;
    }
    int rc = check_merges(*out, name, m, nm, err);
    free(m);
    if (rc) {
        rc_csv_free(*out);
        *out = NULL;
    }
    return rc;
}

static long find_sheet(const rc_workbook *wb, const char *name)
{
    for (size_t i = 0; i < rc_workbook_n_sheets(wb); i++)
        if (strcmp(rc_workbook_sheet_name(wb, i), name) == 0) return (long)i;
    return -1;
}

static int no_sheet(const rc_workbook *wb, const char *name, const char *sheet, rc_error *err)
{
    rc_buf b;
    rc_buf_init(&b);
    size_t n = rc_workbook_n_sheets(wb);
    const char **names = rc_calloc(n ? n : 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        rc_buf_printf(&b, "%s'%s'", i ? ", " : "", rc_workbook_sheet_name(wb, i));
        if (names) names[i] = rc_workbook_sheet_name(wb, i);
    }
    const char *sug = names ? rc_suggest(sheet, names, n) : NULL;
    rc_error_set(err, RC_ERRK_DATA, "%s: no sheet '%s'%s%s%s (the workbook has %s)", name, sheet,
                 sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "",
                 b.data ? b.data : "no sheets");
    free(names);
    rc_buf_free(&b);
    return -1;
}

static int read_workbook(const char *path, const char *buf, size_t len, const rc_source_opts *o,
                         rc_source_part **parts, size_t *n_parts, rc_error *err)
{
    const char *name = base_name(path);
    rc_workbook *wb = NULL;
    if (rc_workbook_open(name, buf, len, o->format == RC_FMT_ODS, &wb, err)) return -1;
    size_t ns = rc_workbook_n_sheets(wb);
    size_t *idx = rc_calloc(ns + 1, sizeof *idx);
    int *years = rc_calloc(ns + 1, sizeof *years);
    size_t np = 0;
    int rc = 0;
    if (!idx || !years) {
        rc = oom(err);
        goto done;
    }
    if (o->n_sheets) {
        for (size_t k = 0; k < o->n_sheets && !rc; k++) {
            long i = find_sheet(wb, o->sheets[k]);
            if (i < 0) rc = no_sheet(wb, name, o->sheets[k], err);
            else {
                idx[np] = (size_t)i;
                years[np++] = o->sheet_years[k];
            }
        }
    } else if (o->sheets_by_name) {
        for (size_t i = 0; i < ns; i++) {
            int y;
            if (year_in_name(rc_workbook_sheet_name(wb, i), &y) != 0) continue;
            for (size_t k = 0; k < np && !rc; k++)
                if (years[k] == y)
                    rc = rc_error_set(err, RC_ERRK_DATA,
                                      "%s: sheets '%s' and '%s' both hold year %d; map years to "
                                      "sheets (sheets: {%d: ...})",
                                      name, rc_workbook_sheet_name(wb, idx[k]),
                                      rc_workbook_sheet_name(wb, i), y, y);
            idx[np] = i;
            years[np++] = y;
        }
        if (!rc && np == 0)
            rc = rc_error_set(err, RC_ERRK_DATA,
                              "%s: no sheet name holds a year (sheets: names reads sheets "
                              "named like 2019 or 2019年)",
                              name);
    } else if (o->sheet) {
        long i = find_sheet(wb, o->sheet);
        if (i < 0) rc = no_sheet(wb, name, o->sheet, err);
        else idx[np++] = (size_t)i;
    } else if (o->sheet_no) {
        if ((size_t)o->sheet_no > ns)
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: no sheet %ld (the workbook has %zu)", name,
                              o->sheet_no, ns);
        else idx[np++] = (size_t)o->sheet_no - 1;
    } else if (ns == 0) {
        rc = rc_error_set(err, RC_ERRK_DATA, "%s: the workbook has no sheets", name);
    } else {
        idx[np++] = 0;
    }
    if (rc) goto done;
    *parts = rc_calloc(np, sizeof **parts);
    if (!*parts) {
        rc = oom(err);
        goto done;
    }
    for (size_t k = 0; k < np && !rc; k++) {
        rc = read_sheet(wb, idx[k], name, o, &(*parts)[k].table, err);
        (*parts)[k].year = years[k];
        *n_parts = k + 1;
    }
    if (rc) {
        rc_source_parts_free(*parts, *n_parts);
        *parts = NULL;
        *n_parts = 0;
    }
done:
    free(idx);
    free(years);
    rc_workbook_free(wb);
    return rc;
}

int rc_source_read(const char *path, const rc_source_opts *o, rc_source_part **parts,
                   size_t *n_parts, rc_error *err)
{
    *parts = NULL;
    *n_parts = 0;
    char *buf = NULL;
    size_t len = 0;
    if (rc_read_regular_file(path, o->format == RC_FMT_CSV ? RC_CSV_MAX_FILE : MAX_WORKBOOK,
                             &buf, &len, err))
        return -1;
    const unsigned char *u = (const unsigned char *)buf;
    int zip = len >= 4 && u[0] == 'P' && u[1] == 'K' && u[2] == 3 && u[3] == 4;
    int ole = len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0;
    int rc = 0;
    rc_csv *t = NULL;
    if (o->format == RC_FMT_CSV && (zip || ole)) {
        rc = rc_error_set(err, RC_ERRK_DATA,
                          "%s: this is %s, not a CSV file; %s", path,
                          zip ? "a zip archive (an .xlsx or .ods workbook?)"
                              : "an Excel .xls or encrypted workbook",
                          zip ? "name it .xlsx/.ods or declare format: xlsx"
                              : "save it as .xlsx without a password");
    } else if (o->format == RC_FMT_CSV) {
        rc = rc_csv_parse_ex(buf, len, path, &o->csv, &t, err);
    } else if (o->format == RC_FMT_STAT) {
        size_t nl = 0;
        while (o->value_labels && nl < 2 && o->label_cols[nl]) nl++;
        rc = rc_stat_read(path, buf, len, o->label_cols, nl, &t, err);
    } else {
        rc = read_workbook(path, buf, len, o, parts, n_parts, err);
    }
    free(buf);
    if (rc || *parts) return rc;
    *parts = rc_calloc(1, sizeof **parts);
    if (!*parts) {
        rc_csv_free(t);
        return oom(err);
    }
    (*parts)[0].table = t;
    *n_parts = 1;
    return 0;
}

/* ---- cells ------------------------------------------------------------------------------- */

static int is_na(const rc_source_opts *o, const char *s, size_t n)
{
    for (size_t i = 0; i < o->n_na; i++)
        if (strlen(o->na[i]) == n && memcmp(o->na[i], s, n) == 0) return 1;
    return 0;
}

const char *rc_cell_hint_text(rc_cell_hint h)
{
    switch (h) {
    case RC_HINT_THOUSANDS:
        return " (it has a thousands separator: declare thousands: \",\" in the data source)";
    case RC_HINT_PERCENT:
        return " (it has a percent sign: declare percent: value (44.6%% -> 44.6) or fraction "
               "(-> 0.446) in the data source)";
    case RC_HINT_DECIMAL:
        return " (a decimal comma? declare decimal: \",\" in the data source)";
    case RC_HINT_NONE:
        break;
    }
    return "";
}

/* 1 when s[0..n) is digits grouped by `sep` in threes ("26,881", "1,234,567"). */
static int grouped(const char *s, size_t n, char sep)
{
    size_t i = 0, lead = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++, lead++;
    if (lead == 0 || lead > 3) return 0;
    size_t groups = 0;
    while (i < n) {
        if (s[i] != sep || n - i < 4) return 0;
        for (size_t k = 1; k <= 3; k++)
            if (s[i + k] < '0' || s[i + k] > '9') return 0;
        i += 4;
        groups++;
    }
    return groups > 0;
}

int rc_source_value(const rc_source_opts *o, const char *cell, double *v, rc_cell_hint *hint)
{
    *hint = RC_HINT_NONE;
    int plain = o->decimal == '.' && o->thousands != '.';
    if (plain) {
        int k = rc_csv_parse_value(cell, v);
        if (k >= 0) {
            /* a numeric missing marker (na: ["-9999"]) wins over the number */
            if (k == 1 && o->na_numeric && cell[0] != '\0') {
                const char *s = cell;
                while (*s == ' ' || *s == '\t') s++;
                size_t n = strlen(s);
                while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
                if (is_na(o, s, n)) {
                    *v = NAN;
                    return 0;
                }
            }
            return k;
        }
    }
    /* the slow path: fold widths, trim, markers, percent, separators */
    char buf[512], num[512];
    if (rc_text_fold_width(cell, buf, sizeof buf) == (size_t)-1) {
        *v = NAN;
        return -1;
    }
    char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    s[n] = '\0';
    *v = NAN;
    if (n == 0 || strcmp(s, "NA") == 0 || is_na(o, s, n)) return 0;
    int pct = 0;
    if (n > 1 && s[n - 1] == '%') {
        pct = 1;
        s[--n] = '\0';
        while (n > 0 && s[n - 1] == ' ') s[--n] = '\0';
    }
    /* separators: thousands removed when grouped in threes, decimal comma to a point */
    size_t k = 0;
    const char *body = s;
    if (*body == '+' || *body == '-') {
        num[k++] = *body;
        body++;
    }
    size_t bn = strlen(body);
    if (o->decimal == ',' && o->thousands != '.' && strchr(body, '.')) return -1;
    const char *dec = strchr(body, o->decimal);
    size_t int_n = dec ? (size_t)(dec - body) : bn;
    /* an exponent belongs to the fraction part */
    if (!dec) {
        const char *e = strpbrk(body, "eE");
        if (e) int_n = (size_t)(e - body);
    }
    int has_sep = o->thousands && memchr(body, o->thousands, int_n) != NULL;
    if (has_sep) {
        if (!grouped(body, int_n, o->thousands)) return -1;
        for (size_t i = 0; i < int_n; i++)
            if (body[i] != o->thousands) num[k++] = body[i];
    } else {
        memcpy(num + k, body, int_n);
        k += int_n;
    }
    if (k + (bn - int_n) + 1 >= sizeof num) return -1;
    for (size_t i = int_n; i < bn; i++) {
        char c = body[i];
        if (c == o->decimal) c = '.';
        else if (c == '.' || c == ',') {
            /* a point in a decimal-comma source that is not its thousands separator */
            return -1;
        }
        num[k++] = c;
    }
    num[k] = '\0';
    int r = rc_csv_parse_value(num, v);
    if (r != 1) {
        *v = NAN;
        /* what the cell looks like, for the message */
        if (o->thousands == 0 && o->decimal == '.' && strchr(s, ',')) {
            const char *b2 = (*s == '+' || *s == '-') ? s + 1 : s;
            const char *d2 = strchr(b2, '.');
            size_t in2 = d2 ? (size_t)(d2 - b2) : strlen(b2);
            *hint = grouped(b2, in2, ',') ? RC_HINT_THOUSANDS : RC_HINT_DECIMAL;
        }
        return -1;
    }
    if (pct) {
        if (o->percent == RC_PCT_REFUSE) {
            *v = NAN;
            *hint = RC_HINT_PERCENT;
            return -1;
        }
        if (o->percent == RC_PCT_FRACTION) *v /= 100.0;
    }
    return 1;
}

int rc_source_year(const char *cell, int *year)
{
    /* the common case, four plain digits, without strtol */
    if (cell[0] >= '1' && cell[0] <= '9' && cell[1] >= '0' && cell[1] <= '9' && cell[2] >= '0' &&
        cell[2] <= '9' && cell[3] >= '0' && cell[3] <= '9' && cell[4] == '\0') {
        *year = (cell[0] - '0') * 1000 + (cell[1] - '0') * 100 + (cell[2] - '0') * 10 +
                (cell[3] - '0');
        return 0;
    }
    char buf[64];
    if (rc_text_fold_width(cell, buf, sizeof buf) == (size_t)-1) return -1;
    char *s = buf;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    /* 2020年 (and 2020 年) */
    if (n > 3 && memcmp(s + n - 3, "\xE5\xB9\xB4", 3) == 0) {
        n -= 3;
        while (n > 0 && s[n - 1] == ' ') n--;
    }
    s[n] = '\0';
    if (n == 0) return -1;
    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (i == n) return -1;
    long v = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
        if (v > 100000000L) return -2;
    }
    if (s[0] == '-') v = -v;
    if (v < RC_YEAR_MIN || v > RC_YEAR_MAX) return -2;
    *year = (int)v;
    return 0;
}

/* The public entry: on any refusal the options allocated so far are freed, so a caller that
 * gives up after an error leaks nothing. */
int rc_source_opts_parse(const struct rc_node *node, const char *path, const char *what,
                         rc_source_opts *o, rc_error *err)
{
    int rc = parse_opts(node, path, what, o, err);
    if (rc != 0) rc_source_opts_free(o);
    return rc;
}
