/* data/workbook.c — reads .xlsx (Office Open XML) and .ods (OpenDocument) workbooks from
 * memory with libzip and expat: the sheet list, shared strings, the date styles, and one
 * sheet's cells streamed into a table builder (cached values of formulas, dates as ISO
 * text, vertical merges filled down, horizontal merges reported). */
#include "data/workbook.h"

#include <expat.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "util/str.h"

#define MAX_PART ((zip_uint64_t)1 << 31) /* one XML part, uncompressed: 2 GiB */
#define MAX_COLS 16384                    /* Excel's XFD */
#define MAX_ROWS 1048576

struct rc_workbook {
    char *name;
    int ods;
    zip_source_t *src;
    zip_t *zip;
    char **sheet_names;
    char **sheet_paths; /* xlsx: the worksheet part */
    size_t n_sheets;
    /* xlsx shared strings: one text block, offsets */
    char *sst_text;
    size_t sst_len, sst_cap;
    size_t *sst_off;
    size_t n_sst, cap_sst;
    unsigned char *xf_date; /* per cellXfs entry: 1 when its number format is a date */
    size_t n_xf;
    int date1904;
};

/* An element's or attribute's name without its namespace prefix (x:c -> c). Names are
 * short: the scan for ':' stops at the first one or the end. */
static const char *local(const char *name)
{
    for (const char *c = name; *c; c++)
        if (*c == ':') return local(c + 1);
    return name;
}

static const char *attr(const char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2) {
        const char *a = atts[i];
        if ((a[0] == name[0] && strcmp(a, name) == 0) || strcmp(local(a), name) == 0)
            return atts[i + 1];
    }
    return NULL;
}

/* ---- reading a part through expat -------------------------------------------------------- */

typedef struct xml_job {
    XML_Parser p;
    const char *name; /* the workbook's file name */
    rc_error *err;
    int failed; /* a handler set err */
} xml_job;

static void XMLCALL no_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
                               const XML_Char *pubid, int internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)internal;
    xml_job *j = ud;
    j->failed = 1;
    rc_error_set(j->err, RC_ERRK_DATA, "%s: a workbook part declares a DOCTYPE (refused)",
                 j->name);
    XML_StopParser(j->p, XML_FALSE);
}

/* Streams part `path` of the zip through a parser whose user data is `ud` (its first
 * member must be an xml_job). Returns 1 when the part is absent and `optional`. */
static int parse_part(rc_workbook *wb, const char *path, int optional, XML_StartElementHandler st,
                      XML_EndElementHandler en, XML_CharacterDataHandler ch, xml_job *job,
                      rc_error *err)
{
    zip_stat_t zs;
    zip_stat_init(&zs);
    if (zip_stat(wb->zip, path, 0, &zs) != 0) {
        if (optional) return 1;
        return rc_error_set(err, RC_ERRK_DATA, "%s: the workbook has no part %s (is it damaged?)",
                            wb->name, path);
    }
    if ((zs.valid & ZIP_STAT_SIZE) && zs.size > MAX_PART)
        return rc_error_set(err, RC_ERRK_DATA, "%s: part %s is larger than 2 GiB uncompressed",
                            wb->name, path);
    zip_file_t *zf = zip_fopen(wb->zip, path, 0);
    if (!zf)
        return rc_error_set(err, RC_ERRK_DATA, "%s: cannot open part %s: %s", wb->name, path,
                            zip_strerror(wb->zip));
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) {
        zip_fclose(zf);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    }
    job->p = p;
    job->name = wb->name;
    job->err = err;
    job->failed = 0;
    XML_SetUserData(p, job);
    XML_SetElementHandler(p, st, en);
    XML_SetCharacterDataHandler(p, ch);
    XML_SetStartDoctypeDeclHandler(p, no_doctype);
    int rc = 0;
    char *buf = rc_malloc(1 << 18);
    if (!buf) rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    zip_uint64_t total = 0;
    while (!rc) {
        zip_int64_t got = zip_fread(zf, buf, 1 << 18);
        if (got < 0) {
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: part %s is damaged: %s", wb->name, path,
                              zip_file_strerror(zf));
            break;
        }
        total += (zip_uint64_t)got;
        if (total > MAX_PART) {
            rc = rc_error_set(err, RC_ERRK_DATA, "%s: part %s is larger than 2 GiB uncompressed",
                              wb->name, path);
            break;
        }
        if (XML_Parse(p, buf, (int)got, got == 0) == XML_STATUS_ERROR) {
            if (job->failed) {
                rc = -1;
            } else {
                rc = rc_error_set(err, RC_ERRK_DATA, "%s: part %s, line %lu: malformed XML: %s",
                                  wb->name, path, (unsigned long)XML_GetCurrentLineNumber(p),
                                  XML_ErrorString(XML_GetErrorCode(p)));
            }
            break;
        }
        if (job->failed) {
            rc = -1;
            break;
        }
        if (got == 0) break;
    }
    free(buf);
    XML_ParserFree(p);
    zip_fclose(zf);
    return rc;
}

/* ---- workbook.xml and its relationships (xlsx) ---------------------------------------- */

typedef struct names_job {
    xml_job job;
    rc_workbook *wb;
    char **rids;          /* per sheet, its relationship id */
    char *sst_path, *styles_path;
    int oom;
} names_job;

static int add_sheet(rc_workbook *wb, char ***rids, const char *name, const char *rid)
{
    size_t n = wb->n_sheets + 1;
    char **a = rc_reallocarray(wb->sheet_names, n, sizeof *a);
    if (!a) return -1;
    wb->sheet_names = a;
    char **b = rc_reallocarray(wb->sheet_paths, n, sizeof *b);
    if (!b) return -1;
    wb->sheet_paths = b;
    b[n - 1] = NULL;
    a[n - 1] = rc_strdup(name);
    if (rids) {
        char **c = rc_reallocarray(*rids, n, sizeof *c);
        if (!c) {
            free(a[n - 1]);
            return -1;
        }
        *rids = c;
        c[n - 1] = rc_strdup(rid ? rid : "");
        if (!c[n - 1]) {
            free(a[n - 1]);
            return -1;
        }
    }
    if (!a[n - 1]) return -1;
    wb->n_sheets = n;
    return 0;
}

static void XMLCALL wbxml_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    names_job *j = ud;
    const char *l = local(el);
    if (strcmp(l, "sheet") == 0) {
        const char *name = attr(atts, "name"), *rid = NULL;
        for (size_t i = 0; atts[i]; i += 2)
            if (strcmp(atts[i], "r:id") == 0 || (strcmp(local(atts[i]), "id") == 0 && strchr(atts[i], ':')))
                rid = atts[i + 1];
        if (name && add_sheet(j->wb, &j->rids, name, rid)) j->oom = 1;
    } else if (strcmp(l, "workbookPr") == 0) {
        const char *d = attr(atts, "date1904");
        if (d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0)) j->wb->date1904 = 1;
    }
}

static void XMLCALL no_end(void *ud, const XML_Char *el)
{
    (void)ud;
    (void)el;
}

static void XMLCALL no_text(void *ud, const XML_Char *s, int len)
{
    (void)ud;
    (void)s;
    (void)len;
}

/* "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml" */
static char *part_path(const char *target)
{
    if (target[0] == '/') return rc_strdup(target + 1);
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_printf(&b, "xl/%s", target);
    return b.data;
}

static void XMLCALL rels_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    names_job *j = ud;
    if (strcmp(local(el), "Relationship") != 0) return;
    const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
    if (!id || !target) return;
    for (size_t i = 0; i < j->wb->n_sheets; i++)
        if (strcmp(j->rids[i], id) == 0 && !j->wb->sheet_paths[i])
            if (!(j->wb->sheet_paths[i] = part_path(target))) j->oom = 1;
    if (type && rc_str_endswith(type, "/sharedStrings") && !j->sst_path)
        if (!(j->sst_path = part_path(target))) j->oom = 1;
    if (type && rc_str_endswith(type, "/styles") && !j->styles_path)
        if (!(j->styles_path = part_path(target))) j->oom = 1;
}

/* ---- sharedStrings.xml ----------------------------------------------------------------- */

typedef struct sst_job {
    xml_job job;
    rc_workbook *wb;
    int in_si, in_t, in_rph;
    size_t start;
    int oom;
} sst_job;

static int sst_put(rc_workbook *wb, const char *s, size_t n)
{
    if (wb->sst_len + n + 1 > wb->sst_cap) {
        size_t cap = wb->sst_cap ? wb->sst_cap * 2 : 65536;
        while (cap < wb->sst_len + n + 1) cap *= 2;
        char *t = rc_realloc(wb->sst_text, cap);
        if (!t) return -1;
        wb->sst_text = t;
        wb->sst_cap = cap;
    }
    memcpy(wb->sst_text + wb->sst_len, s, n);
    wb->sst_len += n;
    return 0;
}

static void XMLCALL sst_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    (void)atts;
    sst_job *j = ud;
    const char *l = local(el);
    if (strcmp(l, "si") == 0) {
        j->in_si = 1;
        j->start = j->wb->sst_len;
    } else if (strcmp(l, "rPh") == 0) {
        j->in_rph = 1;
    } else if (strcmp(l, "t") == 0 && j->in_si && !j->in_rph) {
        j->in_t = 1;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *el)
{
    sst_job *j = ud;
    const char *l = local(el);
    rc_workbook *wb = j->wb;
    if (strcmp(l, "t") == 0) {
        j->in_t = 0;
    } else if (strcmp(l, "rPh") == 0) {
        j->in_rph = 0;
    } else if (strcmp(l, "si") == 0 && j->in_si) {
        j->in_si = 0;
        if (sst_put(wb, "", 1)) { /* the terminating NUL */
            j->oom = 1;
            return;
        }
        if (wb->n_sst == wb->cap_sst) {
            size_t cap = wb->cap_sst ? wb->cap_sst * 2 : 1024;
            size_t *o = rc_reallocarray(wb->sst_off, cap, sizeof *o);
            if (!o) {
                j->oom = 1;
                return;
            }
            wb->sst_off = o;
            wb->cap_sst = cap;
        }
        wb->sst_off[wb->n_sst++] = j->start;
    }
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
    sst_job *j = ud;
    if (j->in_t && sst_put(j->wb, s, (size_t)len)) j->oom = 1;
}

/* ---- styles.xml: which cell formats are dates -------------------------------------------- */

typedef struct fmt {
    long id;
    int date;
} fmt;

typedef struct styles_job {
    xml_job job;
    rc_workbook *wb;
    fmt *fmts;
    size_t n_fmts;
    int in_xfs;
    int oom;
} styles_job;

static int builtin_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
           (id >= 50 && id <= 58);
}

/* A custom format is a date when it has d, m, y, h or s outside quotes and brackets. */
static int code_is_date(const char *code)
{
    int q = 0, br = 0;
    for (const char *c = code; *c; c++) {
        if (*c == '"') q = !q;
        else if (q) continue;
        else if (*c == '\\' && c[1]) c++;
        else if (*c == '[') br = 1;
        else if (*c == ']') br = 0;
        else if (!br && strchr("dmyhsDMYHS", *c)) return 1;
    }
    return 0;
}

static void XMLCALL styles_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    styles_job *j = ud;
    const char *l = local(el);
    if (strcmp(l, "numFmt") == 0) {
        const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
        if (!id || !code) return;
        fmt *f = rc_reallocarray(j->fmts, j->n_fmts + 1, sizeof *f);
        if (!f) {
            j->oom = 1;
            return;
        }
        j->fmts = f;
        f[j->n_fmts].id = strtol(id, NULL, 10);
        f[j->n_fmts++].date = code_is_date(code);
    } else if (strcmp(l, "cellXfs") == 0) {
        j->in_xfs = 1;
    } else if (strcmp(l, "xf") == 0 && j->in_xfs) {
        const char *id = attr(atts, "numFmtId");
        long fid = id ? strtol(id, NULL, 10) : 0;
        int date = builtin_date(fid);
        for (size_t i = 0; i < j->n_fmts; i++)
            if (j->fmts[i].id == fid) date = j->fmts[i].date;
        unsigned char *x = rc_realloc(j->wb->xf_date, j->wb->n_xf + 1);
        if (!x) {
            j->oom = 1;
            return;
        }
        j->wb->xf_date = x;
        x[j->wb->n_xf++] = (unsigned char)date;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *el)
{
    styles_job *j = ud;
    if (strcmp(local(el), "cellXfs") == 0) j->in_xfs = 0;
}

/* ---- ods: the sheet names in content.xml --------------------------------------------------- */

typedef struct odsnames_job {
    xml_job job;
    rc_workbook *wb;
    int oom;
} odsnames_job;

static void XMLCALL odsnames_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    odsnames_job *j = ud;
    if (strcmp(el, "table:table") != 0) return;
    const char *name = attr(atts, "name");
    if (add_sheet(j->wb, NULL, name ? name : "", NULL)) j->oom = 1;
}

/* ---- opening ------------------------------------------------------------------------------- */

void rc_workbook_free(rc_workbook *wb)
{
    if (!wb) return;
    if (wb->zip) zip_discard(wb->zip);
    else if (wb->src) zip_source_free(wb->src);
    for (size_t i = 0; i < wb->n_sheets; i++) {
        free(wb->sheet_names[i]);
        free(wb->sheet_paths[i]);
    }
    free(wb->sheet_names);
    free(wb->sheet_paths);
    free(wb->sst_text);
    free(wb->sst_off);
    free(wb->xf_date);
    free(wb->name);
    free(wb);
}

size_t rc_workbook_n_sheets(const rc_workbook *wb)
{
    return wb->n_sheets;
}

const char *rc_workbook_sheet_name(const rc_workbook *wb, size_t i)
{
    return i < wb->n_sheets ? wb->sheet_names[i] : "";
}

static int open_xlsx(rc_workbook *wb, rc_error *err)
{
    names_job nj = {.wb = wb};
    int rc = parse_part(wb, "xl/workbook.xml", 0, wbxml_start, no_end, no_text, &nj.job, err);
    if (!rc && nj.oom) rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    if (!rc) {
        int r = parse_part(wb, "xl/_rels/workbook.xml.rels", 0, rels_start, no_end, no_text,
                           &nj.job, err);
        if (r < 0) rc = -1;
        else if (nj.oom) rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    }
    for (size_t i = 0; !rc && i < wb->n_sheets; i++)
        if (!wb->sheet_paths[i])
            rc = rc_error_set(err, RC_ERRK_DATA,
                              "%s: sheet '%s' has no worksheet part (is the workbook damaged?)",
                              wb->name, wb->sheet_names[i]);
    if (!rc) {
        sst_job sj = {.wb = wb};
        int r = parse_part(wb, nj.sst_path ? nj.sst_path : "xl/sharedStrings.xml", 1, sst_start,
                           sst_end, sst_text, &sj.job, err);
        if (r < 0) rc = -1;
        else if (sj.oom) rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    }
    if (!rc) {
        styles_job yj = {.wb = wb};
        int r = parse_part(wb, nj.styles_path ? nj.styles_path : "xl/styles.xml", 1,
                           styles_start, styles_end, no_text, &yj.job, err);
        free(yj.fmts);
        if (r < 0) rc = -1;
        else if (yj.oom) rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    }
    for (size_t i = 0; nj.rids && i < wb->n_sheets; i++) free(nj.rids[i]);
    free(nj.rids);
    free(nj.sst_path);
    free(nj.styles_path);
    return rc;
}

int rc_workbook_open(const char *name, const char *buf, size_t len, int ods, rc_workbook **out,
                     rc_error *err)
{
    *out = NULL;
    if (len >= 8 && memcmp(buf, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return rc_error_set(err, RC_ERRK_DATA,
                            "%s: the workbook is encrypted (password-protected) or an old binary "
                            ".xls file; save it as .xlsx without a password",
                            name);
    if (len < 4 || memcmp(buf, "PK\3\4", 4) != 0)
        return rc_error_set(err, RC_ERRK_DATA,
                            "%s: not a valid %s workbook (it is not a zip archive; is it "
                            "damaged or another format?)",
                            name, ods ? ".ods" : ".xlsx");
    rc_workbook *wb = rc_calloc(1, sizeof *wb);
    if (!wb || !(wb->name = rc_strdup(name))) {
        free(wb);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
    }
    wb->ods = ods;
    zip_error_t ze;
    zip_error_init(&ze);
    wb->src = zip_source_buffer_create(buf, len, 0, &ze);
    if (wb->src) wb->zip = zip_open_from_source(wb->src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!wb->zip) {
        rc_error_set(err, RC_ERRK_DATA, "%s: not a valid %s workbook (damaged zip archive: %s)",
                     name, ods ? ".ods" : ".xlsx", zip_error_strerror(&ze));
        zip_error_fini(&ze);
        rc_workbook_free(wb);
        return -1;
    }
    zip_error_fini(&ze);
    int rc;
    if (ods) {
        odsnames_job oj = {.wb = wb};
        rc = parse_part(wb, "content.xml", 0, odsnames_start, no_end, no_text, &oj.job, err);
        if (!rc && oj.oom) rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
    } else {
        rc = open_xlsx(wb, err);
    }
    if (rc) {
        rc_workbook_free(wb);
        return -1;
    }
    *out = wb;
    return 0;
}

/* ---- one sheet --------------------------------------------------------------------------- */

typedef struct sheet_job {
    xml_job job;
    rc_workbook *wb;
    rc_table_builder *b;
    size_t sheet_id;
    const char *sheet;
    /* the row being read: field offsets per column (0 = empty) */
    size_t *row;
    size_t row_cap, row_w;
    size_t line;        /* current row number */
    size_t col;         /* current cell's column */
    int in_cell, in_v, in_f, in_is_t, in_rph, has_f, has_v;
    char type[12];
    long style;
    rc_buf text;        /* <v> or inline text */
    rc_merge *merges;   /* all merged ranges */
    size_t n_merges;
    /* ods */
    int in_table, in_p, in_row, ods_target;
    size_t ods_table, ods_want, ods_rep_cols, ods_rep_rows;
    const char *ods_value;
    char ods_vtype[16];
    char *ods_val;
    size_t pending_empty; /* ods: empty cells not yet placed */
    int oom;
    int failed;
} sheet_job;

static void job_fail(sheet_job *j, const char *format, ...) __attribute__((format(printf, 2, 3)));
static void job_fail(sheet_job *j, const char *format, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, format);
    vsnprintf(msg, sizeof msg, format, ap);
    va_end(ap);
    char letters[8];
    rc_col_letters(j->col, letters);
    rc_error_set(j->job.err, RC_ERRK_DATA, "%s:%s!%s%zu: %s", j->wb->name, j->sheet, letters,
                 j->line, msg);
    j->job.failed = 1;
    XML_StopParser(j->job.p, XML_FALSE);
}

/* "B12" -> column 1, row 12; returns -1 if malformed. */
static int parse_ref(const char *r, size_t *col, size_t *row)
{
    size_t c = 0, k = 0;
    while (r[k] >= 'A' && r[k] <= 'Z') {
        c = c * 26 + (size_t)(r[k] - 'A' + 1);
        if (c > MAX_COLS) return -1;
        k++;
    }
    if (k == 0) return -1;
    size_t n = 0, d = 0;
    while (r[k] >= '0' && r[k] <= '9') {
        n = n * 10 + (size_t)(r[k] - '0');
        if (n > MAX_ROWS) return -1;
        k++, d++;
    }
    if (r[k] != '\0' && r[k] != ':') return -1;
    *col = c - 1;
    *row = d ? n : 0;
    return 0;
}

static int row_put(sheet_job *j, size_t col, size_t off)
{
    if (col >= MAX_COLS) return -1;
    if (col >= j->row_cap) {
        size_t cap = j->row_cap ? j->row_cap * 2 : 64;
        while (cap <= col) cap *= 2;
        size_t *r = rc_reallocarray(j->row, cap, sizeof *r);
        if (!r) return -1;
        memset(r + j->row_cap, 0, (cap - j->row_cap) * sizeof *r);
        j->row = r;
        j->row_cap = cap;
    }
    j->row[col] = off;
    if (col + 1 > j->row_w) j->row_w = col + 1;
    return 0;
}

/* Writes the cell text into the builder's block; returns its offset, 0 for empty. */
static size_t put_text(sheet_job *j, const char *s, size_t n)
{
    rc_table_builder *b = j->b;
    if (n == 0) return 0;
    /* rc_tb_field appends text and a field; we only want the text here */
    size_t before = b->text_len;
    if (rc_tb_field(b, s, n)) return (size_t)-1;
    b->n_fields--; /* the field is placed by flush_row */
    return before;
}

static int flush_row(sheet_job *j)
{
    for (size_t c = 0; c < j->row_w; c++)
        if (rc_tb_field_at(j->b, j->row[c])) return -1;
    if (rc_tb_end_row(j->b, j->line, j->sheet_id)) return -1;
    memset(j->row, 0, j->row_w * sizeof *j->row);
    j->row_w = 0;
    return 0;
}

/* Days since the epoch -> civil date (Howard Hinnant's algorithm). */
static void civil(long z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (*m <= 2));
}

/* An Excel serial date as ISO 8601 text; -1 when out of range. */
static int serial_date(double s, int date1904, char *buf, size_t size)
{
    if (!(s >= 0 && s < 2958466)) return -1; /* up to 9999-12-31 */
    double days = floor(s);
    double frac = s - days;
    /* days since 1970-01-01: 1900 system counts the fictitious 1900-02-29 */
    long z;
    if (date1904) z = (long)days - 24107;
    else z = (long)days - (days >= 61 ? 25569 : 25568);
    int y;
    unsigned m, d;
    civil(z, &y, &m, &d);
    long secs = lround(frac * 86400.0);
    if (secs >= 86400) secs = 86399;
    if (secs == 0) return snprintf(buf, size, "%04d-%02u-%02u", y, m, d);
    return snprintf(buf, size, "%04d-%02u-%02uT%02ld:%02ld:%02ld", y, m, d, secs / 3600,
                    secs / 60 % 60, secs % 60);
}

static void XMLCALL sheet_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    sheet_job *j = ud;
    const char *l = local(el);
    if (strcmp(l, "c") == 0) {
        const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
        size_t col = j->col + 1, row = 0;
        if (r && parse_ref(r, &col, &row) != 0) {
            job_fail(j, "malformed cell reference '%s'", r);
            return;
        }
        if (col >= MAX_COLS) {
            job_fail(j, "more than %d columns", MAX_COLS);
            return;
        }
        j->col = col;
        j->in_cell = 1;
        j->has_f = j->has_v = 0;
        size_t tl = 0;
        for (const char *q = t ? t : "n"; *q && tl + 1 < sizeof j->type; q++) j->type[tl++] = *q;
        j->type[tl] = '\0';
        j->style = s ? strtol(s, NULL, 10) : 0;
        j->text.len = 0;
    } else if (strcmp(l, "row") == 0) {
        const char *r = attr(atts, "r");
        size_t line = j->line + 1;
        if (r) {
            char *end;
            unsigned long v = strtoul(r, &end, 10);
            if (*end || v == 0 || v > MAX_ROWS || v <= j->line) {
                job_fail(j, "malformed or out-of-order row number '%s'", r);
                return;
            }
            line = (size_t)v;
        }
        j->line = line;
        j->col = (size_t)-1;
        j->row_w = 0;
    } else if (j->in_cell && strcmp(l, "v") == 0) {
        j->in_v = 1;
        j->has_v = 1;
    } else if (j->in_cell && strcmp(l, "f") == 0) {
        j->in_f = 1;
        j->has_f = 1;
    } else if (j->in_cell && strcmp(l, "rPh") == 0) {
        j->in_rph = 1;
    } else if (j->in_cell && strcmp(l, "t") == 0 && !j->in_rph) {
        j->in_is_t = 1;
        j->has_v = 1;
    } else if (strcmp(l, "mergeCell") == 0) {
        const char *ref = attr(atts, "ref");
        const char *colon = ref ? strchr(ref, ':') : NULL;
        size_t c1, r1, c2, r2;
        if (!ref || !colon || parse_ref(ref, &c1, &r1) || parse_ref(colon + 1, &c2, &r2) ||
            r1 == 0 || r2 < r1 || c2 < c1) {
            j->col = 0;
            job_fail(j, "malformed merged range '%s'", ref ? ref : "");
            return;
        }
        rc_merge *m = rc_reallocarray(j->merges, j->n_merges + 1, sizeof *m);
        if (!m) {
            j->oom = 1;
            return;
        }
        j->merges = m;
        m[j->n_merges++] = (rc_merge){.row1 = r1, .row2 = r2, .col1 = c1, .col2 = c2};
    }
}

static void cell_done(sheet_job *j)
{
    const char *t = j->type;
    const char *s = j->text.data ? j->text.data : "";
    size_t n = j->text.len;
    char tmp[64];
    if (j->has_f && !j->has_v) {
        job_fail(j, "a formula cell without a cached value (open the workbook in Excel or "
                    "LibreOffice and save it, so the results are stored)");
        return;
    }
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long k = n ? strtoul(s, &end, 10) : 0;
        if (!n || *end || k >= j->wb->n_sst) {
            job_fail(j, "shared string index '%.*s' is out of range (the workbook has %zu)",
                     (int)(n > 20 ? 20 : n), s, j->wb->n_sst);
            return;
        }
        s = j->wb->sst_text + j->wb->sst_off[k];
        n = strlen(s);
    } else if (strcmp(t, "b") == 0) {
        s = n && s[0] == '1' ? "TRUE" : "FALSE";
        n = strlen(s);
    } else if (strcmp(t, "n") == 0 && n && j->style >= 0 && (size_t)j->style < j->wb->n_xf &&
               j->wb->xf_date[j->style]) {
        char *end;
        double v = strtod(s, &end);
        int k = *end ? -1 : serial_date(v, j->wb->date1904, tmp, sizeof tmp);
        if (k < 0) {
            job_fail(j, "date cell '%.*s' is out of range", (int)(n > 20 ? 20 : n), s);
            return;
        }
        s = tmp;
        n = (size_t)k;
    }
    size_t off = put_text(j, s, n);
    if (off == (size_t)-1 || row_put(j, j->col, off)) j->oom = 1;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *el)
{
    sheet_job *j = ud;
    if (j->job.failed) return;
    const char *l = local(el);
    if (strcmp(l, "c") == 0) {
        if (j->in_cell) cell_done(j);
        j->in_cell = 0;
    } else if (strcmp(l, "v") == 0) {
        j->in_v = 0;
    } else if (strcmp(l, "f") == 0) {
        j->in_f = 0;
    } else if (strcmp(l, "rPh") == 0) {
        j->in_rph = 0;
    } else if (strcmp(l, "t") == 0) {
        j->in_is_t = 0;
    } else if (strcmp(l, "row") == 0) {
        if (flush_row(j)) j->oom = 1;
    }
    if (j->oom) {
        rc_error_set(j->job.err, RC_ERRK_OTHER, "out of memory");
        j->job.failed = 1;
        XML_StopParser(j->job.p, XML_FALSE);
    }
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
    sheet_job *j = ud;
    if (j->in_v || (j->in_is_t && !j->in_rph)) {
        if (j->text.len + (size_t)len > ((size_t)1 << 20)) {
            job_fail(j, "a cell is longer than 1 MiB");
            return;
        }
        rc_buf_append(&j->text, s, (size_t)len);
    }
}

/* ---- ods sheets ----------------------------------------------------------------------------- */

static size_t rep_attr(const char **atts, const char *name, size_t max)
{
    const char *v = attr(atts, name);
    if (!v) return 1;
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (*end || n == 0) return 1;
    return n > max ? max : (size_t)n;
}

static void XMLCALL ods_start(void *ud, const XML_Char *el, const XML_Char **atts)
{
    sheet_job *j = ud;
    if (strcmp(el, "table:table") == 0) {
        j->ods_target = j->ods_table == j->ods_want;
        j->ods_table++;
        j->in_table = 1;
        j->line = 0;
        return;
    }
    if (!j->ods_target) return;
    if (strcmp(el, "table:table-row") == 0) {
        j->ods_rep_rows = rep_attr(atts, "number-rows-repeated", MAX_ROWS);
        j->line++;
        j->col = 0;
        j->row_w = 0;
        j->in_row = 1;
        j->pending_empty = 0;
    } else if (strcmp(el, "table:table-cell") == 0 || strcmp(el, "table:covered-table-cell") == 0) {
        j->ods_rep_cols = rep_attr(atts, "number-columns-repeated", MAX_COLS);
        const char *vt = attr(atts, "value-type");
        snprintf(j->ods_vtype, sizeof j->ods_vtype, "%s", vt ? vt : "");
        const char *v = NULL;
        if (vt && (strcmp(vt, "float") == 0 || strcmp(vt, "percentage") == 0 ||
                   strcmp(vt, "currency") == 0))
            v = attr(atts, "value");
        else if (vt && strcmp(vt, "date") == 0)
            v = attr(atts, "date-value");
        else if (vt && strcmp(vt, "boolean") == 0)
            v = attr(atts, "boolean-value");
        free(j->ods_val);
        j->ods_val = v ? rc_strdup(v) : NULL;
        if (v && !j->ods_val) j->oom = 1;
        size_t cs = rep_attr(atts, "number-columns-spanned", MAX_COLS);
        size_t rs = rep_attr(atts, "number-rows-spanned", MAX_ROWS);
        if (cs > 1 || rs > 1) {
            rc_merge *m = rc_reallocarray(j->merges, j->n_merges + 1, sizeof *m);
            if (!m) {
                j->oom = 1;
                return;
            }
            j->merges = m;
            size_t c0 = j->col + j->pending_empty;
            m[j->n_merges++] = (rc_merge){.row1 = j->line, .row2 = j->line + rs - 1, .col1 = c0,
                                          .col2 = c0 + cs - 1};
        }
        j->in_cell = 1;
        j->text.len = 0;
    } else if (j->in_cell && strcmp(el, "text:p") == 0) {
        if (j->text.len) rc_buf_append(&j->text, "\n", 1);
        j->in_p = 1;
    }
}

static void XMLCALL ods_end(void *ud, const XML_Char *el)
{
    sheet_job *j = ud;
    if (j->job.failed) return;
    if (strcmp(el, "table:table") == 0) {
        j->ods_target = 0;
        j->in_table = 0;
        return;
    }
    if (!j->ods_target) return;
    if (strcmp(el, "text:p") == 0) {
        j->in_p = 0;
    } else if (strcmp(el, "table:table-cell") == 0 ||
               strcmp(el, "table:covered-table-cell") == 0) {
        j->in_cell = 0;
        const char *s = j->ods_val ? j->ods_val : (j->text.data ? j->text.data : "");
        size_t n = j->ods_val ? strlen(j->ods_val) : j->text.len;
        if (strcmp(j->ods_vtype, "boolean") == 0) {
            s = strcmp(s, "true") == 0 ? "TRUE" : "FALSE";
            n = strlen(s);
        }
        if (n == 0) {
            j->pending_empty += j->ods_rep_cols; /* placed only if a value follows */
        } else {
            j->col += j->pending_empty;
            j->pending_empty = 0;
            if (j->col + j->ods_rep_cols > MAX_COLS) {
                job_fail(j, "more than %d columns", MAX_COLS);
                return;
            }
            size_t off = put_text(j, s, n);
            for (size_t k = 0; k < j->ods_rep_cols && off != (size_t)-1; k++)
                if (row_put(j, j->col + k, off)) j->oom = 1;
            if (off == (size_t)-1) j->oom = 1;
            j->col += j->ods_rep_cols;
        }
    } else if (strcmp(el, "table:table-row") == 0) {
        j->in_row = 0;
        size_t reps = j->row_w ? j->ods_rep_rows : 1;
        if (j->row_w && reps > 1 && reps > 100000) {
            job_fail(j, "a row repeated %zu times", reps);
            return;
        }
        size_t w = j->row_w;
        size_t *copy = NULL;
        if (reps > 1) {
            copy = rc_reallocarray(NULL, w ? w : 1, sizeof *copy);
            if (!copy) j->oom = 1;
            else memcpy(copy, j->row, w * sizeof *copy);
        }
        for (size_t k = 0; k < reps && !j->oom; k++) {
            if (k > 0) {
                j->line++;
                for (size_t c = 0; c < w; c++)
                    if (row_put(j, c, copy[c])) j->oom = 1;
            }
            if (flush_row(j)) j->oom = 1;
        }
        free(copy);
        if (!j->row_w && j->ods_rep_rows > 1) j->line += j->ods_rep_rows - 1;
    }
    if (j->oom) {
        rc_error_set(j->job.err, RC_ERRK_OTHER, "out of memory");
        j->job.failed = 1;
        XML_StopParser(j->job.p, XML_FALSE);
    }
}

static void XMLCALL ods_text(void *ud, const XML_Char *s, int len)
{
    sheet_job *j = ud;
    if (j->ods_target && j->in_p) {
        if (j->text.len + (size_t)len > ((size_t)1 << 20)) {
            job_fail(j, "a cell is longer than 1 MiB");
            return;
        }
        rc_buf_append(&j->text, s, (size_t)len);
    }
}

/* ---- merges -------------------------------------------------------------------------------- */

/* Fills each vertical merge (one column, several rows) down from its top cell: every row
 * of the builder is padded to the widest, then the cells below the top take its text. */
static int fill_vertical(rc_table_builder *b, const rc_merge *m, size_t nm)
{
    int any = 0;
    for (size_t i = 0; i < nm; i++)
        if (m[i].col1 == m[i].col2 && m[i].row2 > m[i].row1) any = 1;
    if (!any || b->n_rows == 0) return 0;
    size_t w = 0;
    for (size_t r = 0; r < b->n_rows; r++)
        if (b->row_n[r] > w) w = b->row_n[r];
    for (size_t i = 0; i < nm; i++)
        if (m[i].col1 == m[i].col2 && m[i].col1 + 1 > w) w = m[i].col1 + 1;
    size_t *f = rc_reallocarray(NULL, b->n_rows * w, sizeof *f);
    if (!f) return -1;
    for (size_t r = 0; r < b->n_rows; r++) {
        for (size_t c = 0; c < w; c++)
            f[r * w + c] = c < b->row_n[r] ? b->fields[b->row_start[r] + c] : 0;
        b->row_start[r] = r * w;
        b->row_n[r] = w;
    }
    free(b->fields);
    b->fields = f;
    b->n_fields = b->cap_fields = b->n_rows * w;
    b->cur_start = b->n_fields;
    for (size_t i = 0; i < nm; i++) {
        if (m[i].col1 != m[i].col2 || m[i].row2 <= m[i].row1) continue;
        size_t c = m[i].col1, top = 0;
        int found = 0;
        for (size_t r = 0; r < b->n_rows; r++) {
            size_t line = b->row_line[r];
            if (line == m[i].row1) {
                top = f[r * w + c];
                found = 1;
            } else if (found && line > m[i].row1 && line <= m[i].row2) {
                f[r * w + c] = top;
            }
        }
    }
    return 0;
}

int rc_workbook_read_sheet(rc_workbook *wb, size_t i, rc_table_builder *b, size_t sheet_id,
                           rc_merge **merges, size_t *n_merges, rc_error *err)
{
    *merges = NULL;
    *n_merges = 0;
    if (i >= wb->n_sheets)
        return rc_error_set(err, RC_ERRK_DATA, "%s: no sheet %zu", wb->name, i + 1);
    sheet_job j = {.wb = wb, .b = b, .sheet_id = sheet_id, .sheet = wb->sheet_names[i]};
    rc_buf_init(&j.text);
    if (b->text_len == 0 && rc_tb_reserve(b, 1 << 16)) {
        rc_buf_free(&j.text);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    }
    int rc;
    if (wb->ods) {
        j.ods_want = i; /* the table to read, counted in document order */
        rc = parse_part(wb, "content.xml", 0, ods_start, ods_end, ods_text, &j.job, err);
    } else {
        rc = parse_part(wb, wb->sheet_paths[i], 0, sheet_start, sheet_end, sheet_text, &j.job,
                        err);
    }
    rc_buf_free(&j.text);
    free(j.row);
    free(j.ods_val);
    if (!rc && fill_vertical(b, j.merges, j.n_merges))
        rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", wb->name);
    if (rc) {
        free(j.merges);
        return -1;
    }
    /* only the merges across columns go back */
    size_t k = 0;
    for (size_t q = 0; q < j.n_merges; q++)
        if (j.merges[q].col2 > j.merges[q].col1) j.merges[k++] = j.merges[q];
    *merges = j.merges;
    *n_merges = k;
    return 0;
}
