/* plugins/reporters/xlsx/xlsx.c — the xlsx reporter: one Excel workbook with a sheet per
 * result table (or the configured subset), written with libxlsxwriter into the host's
 * temporary file: bold frozen header row in the report language with an autofilter, the
 * regions' names and the labels beside the ids, ranks shown as integers and other numbers
 * to `decimals` decimals (the full value is stored), missing cells empty, columns sized to
 * their contents, and a fixed creation date so the same results give byte-identical
 * files. The manifest is a sheet like any table. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "regcoord/plugin.h"

#include "../common/names.h"
#include "../common/report_util.h"
#include "../common/words.h"

/* The creation date written into the document properties (and the zip entries):
 * 2000-01-01T00:00:00Z. A fixed date keeps the output reproducible. */
#define XLSX_CREATED ((time_t)946684800)
#define XLSX_MIN_WIDTH 6
#define XLSX_MAX_WIDTH 60
#define XLSX_MAX_SHEETS 4096

static const rc_config_key xlsx_keys[] = {
    {"tables", RC_CFG_LIST, 0, NULL,
     "Names of the result tables to write (one sheet each); every table when absent."},
    {"decimals", RC_CFG_INT, 0, "3",
     "Decimals shown for scores and other numbers (0 to 10); ranks show as integers and "
     "every cell keeps its full value."},
    {"language", RC_CFG_STRING, 0, NULL,
     "Language of the column headers, en or zh; the assessment's `language` when absent."},
};

static int32_t fail(const rc_host *h, rc_ctx *ctx, int32_t rc, const char *fmt, const char *a,
                    const char *b)
{
    return rc_errorf(h, ctx, rc, fmt, a ? a : "", b ? b : "");
}

/* ------------------------------------------------------------------ sheet names */

/* Length in bytes of the UTF-8 character starting with byte c (1 for a stray byte). */
static size_t utf8_len(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8) return 4;
    if (c >= 0xE0) return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0) return 2;
    return 1;
}

/* Display width of a UTF-8 text in Excel's character units: East Asian characters (three
 * or four bytes in UTF-8) count two, everything else one. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        size_t n = utf8_len(*p);
        w += n >= 3 ? 2 : 1;
        for (size_t k = 0; k < n && *p; k++) p++;
    }
    return w;
}

/* ASCII case-insensitive equality (Excel compares sheet names without case). */
static int same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return *a == *b;
}

/* A valid, unique sheet name for a table into out (LXW_MAX_SHEETNAME_LENGTH bytes): the
 * characters []:*?/\ become '_', a leading or trailing apostrophe becomes '_', at most 31
 * characters (cut at a character boundary), "History" (reserved by Excel) gets a '_', and
 * a name already taken (ignoring case) gets "~2", "~3", ... in place of its last
 * characters. `taken` holds the names chosen so far. */
static void sheet_name(const char *table, char taken[][LXW_MAX_SHEETNAME_LENGTH], size_t n_taken,
                       char *out)
{
    char base[LXW_MAX_SHEETNAME_LENGTH];
    size_t len = 0, chars = 0, cut[LXW_SHEETNAME_MAX + 1];
    for (const unsigned char *p = (const unsigned char *)table; *p && chars < LXW_SHEETNAME_MAX;) {
        size_t n = utf8_len(*p);
        size_t k = 0;
        while (k < n && p[k]) k++;
        if (k < n || len + k >= sizeof base) break; /* truncated character: stop */
        if (n == 1 && strchr("[]:*?/\\", *p)) base[len] = '_';
        else if (n == 1 && (*p < 0x20 || *p == 0x7f)) base[len] = '_';
        else memcpy(base + len, p, n);
        len += n;
        p += n;
        cut[++chars] = len;
    }
    cut[0] = 0;
    base[len] = '\0';
    if (len == 0) snprintf(base, sizeof base, "Sheet");
    if (base[0] == '\'') base[0] = '_';
    if (len && base[len - 1] == '\'') base[len - 1] = '_';
    if (same_name(base, "History")) snprintf(base, sizeof base, "History_");
    if (len == 0 || same_name(base, "History_")) {
        len = strlen(base);
        chars = len;
        for (size_t i = 0; i <= len; i++) cut[i] = i;
    }

    snprintf(out, LXW_MAX_SHEETNAME_LENGTH, "%s", base);
    for (unsigned k = 2;; k++) {
        int clash = 0;
        for (size_t i = 0; i < n_taken && !clash; i++) clash = same_name(taken[i], out);
        if (!clash) return;
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, "~%u", k);
        size_t keep = chars + (size_t)sl > LXW_SHEETNAME_MAX ? LXW_SHEETNAME_MAX - (size_t)sl
                                                             : chars;
        snprintf(out, LXW_MAX_SHEETNAME_LENGTH, "%.*s%s", (int)cut[keep], base, suffix);
    }
}

/* ------------------------------------------------------------------ config */

/* ------------------------------------------------------------------ sheets */

typedef struct xlsx_formats {
    lxw_format *header;
    lxw_format *integer;
    lxw_format *decimal;  /* "0.000" with `decimals` decimals */
    int zh;               /* headers in Chinese */
    const rr_names *names;
} xlsx_formats;

/* A number column shown as an integer: ranks and rank changes. */
static int rank_column(const char *col) { return strstr(col, "rank") != NULL; }

/* Writes one table into a sheet: header, cells, frozen first row, autofilter, widths. */
static int32_t write_sheet(const rc_host *h, rc_ctx *ctx, lxw_worksheet *ws, const rc_table *t,
                           const char *name, const xlsx_formats *f, size_t *widths)
{
    rr_colplan plan;
    if (rr_colplan_make(h, ctx, t, &plan) != RC_OK)
        return fail(h, ctx, RC_ENOMEM, "out of memory%s%s", NULL, NULL);
    size_t ncols = plan.n, nrows = h->table_nrows(ctx, t);
    if (nrows + 1 > LXW_ROW_MAX || ncols > LXW_COL_MAX) {
        rr_colplan_free(&plan);
        return fail(h, ctx, RC_EDATA,
                    "table '%.200s' is larger than an Excel sheet (1048575 rows, 16384 "
                    "columns)%s", name, NULL);
    }
    lxw_error e = LXW_NO_ERROR;
    for (size_t c = 0; c < ncols && !e; c++) {
        const char *col = rr_word_or_key(f->zh, rr_colplan_name(h, ctx, t, &plan, c));
        e = worksheet_write_string(ws, 0, (lxw_col_t)c, col, f->header);
        widths[c] = text_width(col) + 3; /* room for the filter button */
    }
    char num[64];
    for (size_t r = 0; r < nrows && !e; r++) {
        lxw_row_t row = (lxw_row_t)(r + 1);
        for (size_t c = 0; c < ncols && !e; c++) {
            lxw_col_t col = (lxw_col_t)c;
            int64_t src = plan.src[c];
            size_t w = 0;
            if (src < 0) { /* name or label */
                const char *s = rr_colplan_text(h, ctx, t, &plan, f->names, r, c);
                if (s && *s) {
                    e = worksheet_write_string(ws, row, col, s, NULL);
                    w = text_width(s);
                }
                if (w > widths[c]) widths[c] = w;
                continue;
            }
            size_t sc = (size_t)src;
            switch (h->col_type(ctx, t, sc)) {
            case RC_COL_INT: {
                int64_t v = h->cell_int(ctx, t, r, sc);
                e = worksheet_write_number(ws, row, col, (double)v, f->integer);
                w = (size_t)snprintf(num, sizeof num, "%lld", (long long)v);
                break;
            }
            case RC_COL_NUMBER: {
                double v = h->cell_num(ctx, t, r, sc);
                if (!isfinite(v)) break; /* missing (NaN) or not representable: empty */
                int as_int = rank_column(h->col_name(ctx, t, sc));
                e = worksheet_write_number(ws, row, col, v, as_int ? f->integer : f->decimal);
                w = (size_t)snprintf(num, sizeof num, "%.4f", v);
                break;
            }
            default: {
                const char *s = h->cell_str(ctx, t, r, sc);
                if (!s || !*s) break;
                e = worksheet_write_string(ws, row, col, s, NULL);
                w = text_width(s);
                break;
            }
            }
            if (w > widths[c]) widths[c] = w;
        }
    }
    rr_colplan_free(&plan);
    if (e)
        return fail(h, ctx, RC_EDATA, "cannot write table '%.200s' to the workbook: %s", name,
                    lxw_strerror(e));
    worksheet_freeze_panes(ws, 1, 0);
    if (ncols) {
        e = worksheet_autofilter(ws, 0, 0, (lxw_row_t)nrows, (lxw_col_t)(ncols - 1));
        for (size_t c = 0; c < ncols && !e; c++) {
            size_t w = widths[c] + 1;
            if (w < XLSX_MIN_WIDTH) w = XLSX_MIN_WIDTH;
            if (w > XLSX_MAX_WIDTH) w = XLSX_MAX_WIDTH;
            e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (double)w, NULL);
        }
        if (e)
            return fail(h, ctx, RC_EFAIL, "cannot format sheet '%.200s': %s", name,
                        lxw_strerror(e));
    }
    return RC_OK;
}

/* The manifest's title (copied into buf), or "" when there is none. */
static void manifest_title(const rc_host *h, rc_ctx *ctx, char *buf, size_t size)
{
    buf[0] = '\0';
    const rc_table *man = h->table_by_name(ctx, "manifest");
    if (!man || h->table_ncols(ctx, man) < 2) return;
    for (size_t r = 0, n = h->table_nrows(ctx, man); r < n; r++) {
        if (strcmp(h->cell_text(ctx, man, r, 0), "title") == 0) {
            snprintf(buf, size, "%s", h->cell_text(ctx, man, r, 1));
            return;
        }
    }
}

static int32_t write_workbook(const rc_host *h, rc_ctx *ctx, const char *tmp,
                              const unsigned char *sel, size_t n, int zh, int decimals,
                              const rr_names *display)
{
    lxw_workbook_options opts = {.constant_memory = LXW_FALSE, .tmpdir = NULL,
                                 .use_zip64 = LXW_FALSE};
    lxw_workbook *wb = workbook_new_opt(tmp, &opts);
    if (!wb) return fail(h, ctx, RC_EIO, "cannot create the workbook '%s'%s", tmp, NULL);

    char title[512];
    manifest_title(h, ctx, title, sizeof title);
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = title[0] ? title : NULL;
    props.comments = "Written by the regcoord xlsx reporter.";
    props.created = XLSX_CREATED;
    workbook_set_properties(wb, &props);

    xlsx_formats f;
    f.zh = zh;
    f.names = display;
    f.header = workbook_add_format(wb);
    f.integer = workbook_add_format(wb);
    f.decimal = workbook_add_format(wb);
    char numfmt[32] = "0";
    if (decimals > 0) snprintf(numfmt, sizeof numfmt, "0.%.*s", decimals, "0000000000");
    if (f.decimal) format_set_num_format(f.decimal, numfmt);
    format_set_bold(f.header);
    format_set_bottom(f.header, LXW_BORDER_THIN);
    format_set_num_format_index(f.integer, 1); /* built-in "0" */

    size_t n_sel = 0, max_cols = 1;
    for (size_t i = 0; i < n; i++) {
        if (!sel[i]) continue;
        n_sel++;
        size_t c = h->table_ncols(ctx, h->table_at(ctx, i)) + 2; /* + name, label */
        if (c > max_cols) max_cols = c;
    }
    int32_t rc = RC_OK;
    char(*names)[LXW_MAX_SHEETNAME_LENGTH] = NULL;
    size_t *widths = NULL;
    if (n_sel > XLSX_MAX_SHEETS) {
        rc = fail(h, ctx, RC_EDATA, "too many tables for one workbook%s%s", NULL, NULL);
    } else {
        names = malloc((n_sel ? n_sel : 1) * sizeof *names);
        widths = malloc(max_cols * sizeof *widths);
        if (!names || !widths) rc = fail(h, ctx, RC_ENOMEM, "out of memory%s%s", NULL, NULL);
    }
    size_t k = 0;
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        if (!sel[i]) continue;
        const rc_table *t = h->table_at(ctx, i);
        const char *name = h->table_name(ctx, t);
        sheet_name(name ? name : "", names, k, names[k]);
        lxw_worksheet *ws = workbook_add_worksheet(wb, names[k]);
        if (!ws) {
            rc = fail(h, ctx, RC_EFAIL, "cannot add a sheet named '%s' for table '%.200s'",
                      names[k], name);
            break;
        }
        k++;
        rc = write_sheet(h, ctx, ws, t, name ? name : "", &f, widths);
    }
    free(names);
    free(widths);
    /* workbook_close() writes the file and frees the workbook, also after an error (the
     * host then discards the temporary file). */
    lxw_error e = workbook_close(wb);
    if (rc == RC_OK && e != LXW_NO_ERROR)
        rc = fail(h, ctx, RC_EIO, "cannot write the workbook: %s%s", lxw_strerror(e), NULL);
    return rc;
}

static int32_t xlsx_report(void *state, const rc_host *h, rc_ctx *ctx)
{
    (void)state;
    int32_t host_rc = rr_check_host(h, ctx, "xlsx");
    if (host_rc != RC_OK) return host_rc;
    const char *path = h->output_path(ctx);
    if (!path || !*path) {
        h->set_error(ctx, "the xlsx reporter needs a 'path' for the workbook");
        return RC_EINVAL;
    }
    size_t n = h->n_tables(ctx);
    unsigned char *sel = malloc(n ? n : 1);
    if (!sel) {
        h->set_error(ctx, "out of memory");
        return RC_ENOMEM;
    }
    int32_t rc = rr_select_tables(h, ctx, h->config(ctx), sel, n, RR_UNKNOWN_PLAIN);
    const rc_node *cfg = h->config(ctx);
    const rc_node *dec = cfg ? h->node_get(ctx, cfg, "decimals") : NULL;
    const rc_node *lang = cfg ? h->node_get(ctx, cfg, "language") : NULL;
    int64_t d = 3;
    const char *language = lang ? h->node_str(ctx, lang) : h->language(ctx);
    if (rc == RC_OK && dec && (h->node_int(ctx, dec, &d) != RC_OK || d < 0 || d > 10)) {
        rr_errorf(h, ctx, "%s: 'decimals' must be a whole number from 0 to 10",
                  h->node_where(ctx, dec));
        rc = RC_EINVAL;
    }
    if (rc == RC_OK && lang && (!language || (strcmp(language, "en") && strcmp(language, "zh")))) {
        rr_errorf(h, ctx, "%s: 'language' must be en or zh", h->node_where(ctx, lang));
        rc = RC_EINVAL;
    }
    rr_names *names = rc == RC_OK ? rr_names_load(h, ctx) : NULL;
    if (rc == RC_OK && !names) rc = fail(h, ctx, RC_ENOMEM, "out of memory%s%s", NULL, NULL);
    rc_output *out = NULL;
    if (rc == RC_OK) {
        out = h->output_begin(ctx, path);
        const char *tmp = out ? h->output_temp_path(ctx, out) : NULL;
        if (!out || !tmp) rc = RC_EIO; /* the host has set the error */
        else rc = write_workbook(h, ctx, tmp, sel, n, language && !strcmp(language, "zh"),
                                 (int)d, names);
    }
    rr_names_free(names);
    free(sel);
    if (rc != RC_OK) return rc;
    return h->output_end(ctx, out);
}

static const rc_plugin_descriptor xlsx_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "xlsx",
    .version = "1.0.0",
    .summary = "Writes the result tables as an Excel workbook, one sheet per table.",
    .config_keys = xlsx_keys,
    .n_config_keys = sizeof xlsx_keys / sizeof xlsx_keys[0],
    .report = xlsx_report,
};

RC_PLUGIN_DEFINE(xlsx_descriptor);
