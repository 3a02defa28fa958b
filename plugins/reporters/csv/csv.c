/* plugins/reporters/csv/csv.c — the csv reporter: writes every result table (or the
 * configured subset) as one RFC 4180 CSV file named after the table, in the report's
 * folder: header row, "\n" line ends, fields quoted only when they must be, numbers in the
 * host's canonical text, UTF-8 with an optional byte order mark. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regcoord/plugin.h"

#include "../common/names.h"
#include "../common/report_util.h"

#define CSV_FLUSH_AT 65536

static const rc_config_key csv_keys[] = {
    {"bom", RC_CFG_BOOL, 0, NULL,
     "Start every file with a UTF-8 byte order mark, which Excel needs to read UTF-8; on "
     "by default when the assessment's language is zh, off otherwise."},
    {"tables", RC_CFG_LIST, 0, NULL,
     "Names of the result tables to write (one file each); every table when absent."},
};

/* A growable byte buffer flushed to one output; reused for every row of a table. */
typedef struct csv_writer {
    const rc_host *h;
    rc_ctx *ctx;
    rc_output *out;
    rr_buf buf;      /* buf.failed: out of memory */
} csv_writer;

static void w_append(csv_writer *w, const char *s, size_t n) { rr_put(&w->buf, s, n); }

static int32_t w_flush(csv_writer *w)
{
    if (w->buf.failed) {
        w->h->set_error(w->ctx, "out of memory while writing a CSV file");
        return RC_ENOMEM;
    }
    if (w->buf.len == 0) return RC_OK;
    int32_t rc = w->h->output_write(w->ctx, w->out, w->buf.data, w->buf.len);
    w->buf.len = 0;
    return rc;
}

/* RFC 4180: a field is quoted when it holds a comma, a quote, CR or LF, or begins or ends
 * with a space or tab (which readers would otherwise trim); quotes inside are doubled. */
static int csv_needs_quotes(const char *s, size_t n)
{
    if (n == 0) return 0;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return 1;
    return strpbrk(s, ",\"\r\n") != NULL;
}

static void w_field(csv_writer *w, const char *s)
{
    if (!s) s = "";
    size_t n = strlen(s);
    if (!csv_needs_quotes(s, n)) {
        w_append(w, s, n);
        return;
    }
    w_append(w, "\"", 1);
    const char *p = s;
    for (const char *q; (q = strchr(p, '"')) != NULL; p = q + 1) {
        w_append(w, p, (size_t)(q - p) + 1);
        w_append(w, "\"", 1);
    }
    w_append(w, p, strlen(p));
    w_append(w, "\"", 1);
}

/* A table name is used as a file name: allow only letters, digits, '_', '-' and '.', and
 * no leading '.', so no name can leave the report folder or hide a file. */
static int safe_file_stem(const char *name)
{
    if (!name || !*name || name[0] == '.' || strlen(name) > 200) return 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return 0;
    }
    return 1;
}

static int32_t write_table(csv_writer *w, const rc_table *t, const char *name, int32_t bom,
                           const rr_names *names)
{
    const rc_host *h = w->h;
    char file[256];
    snprintf(file, sizeof file, "%s.csv", name);
    w->out = h->output_begin(w->ctx, file);
    if (!w->out) return RC_EIO; /* the host has set the error */
    w->buf.len = 0;
    if (bom) w_append(w, "\xEF\xBB\xBF", 3);

    rr_colplan plan;
    if (rr_colplan_make(h, w->ctx, t, &plan) != RC_OK) {
        h->set_error(w->ctx, "out of memory while writing a CSV file");
        return RC_ENOMEM;
    }
    size_t ncols = plan.n, nrows = h->table_nrows(w->ctx, t);
    for (size_t c = 0; c < ncols; c++) {
        if (c) w_append(w, ",", 1);
        w_field(w, rr_colplan_name(h, w->ctx, t, &plan, c));
    }
    w_append(w, "\n", 1);
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            if (c) w_append(w, ",", 1);
            w_field(w, rr_colplan_text(h, w->ctx, t, &plan, names, r, c));
        }
        w_append(w, "\n", 1);
        if (w->buf.len >= CSV_FLUSH_AT || w->buf.failed) {
            int32_t rc = w_flush(w);
            if (rc != RC_OK) {
                rr_colplan_free(&plan);
                return rc;
            }
        }
    }
    rr_colplan_free(&plan);
    int32_t rc = w_flush(w);
    if (rc != RC_OK) return rc;
    return h->output_end(w->ctx, w->out);
}

static int32_t csv_report(void *state, const rc_host *h, rc_ctx *ctx)
{
    int32_t host_rc = rr_check_host(h, ctx, "csv");
    if (host_rc != RC_OK) return host_rc;
    const rc_node *cfg = h->config(ctx);
    const char *lang = h->language(ctx);
    int32_t bom = lang && strcmp(lang, "zh") == 0; /* Excel on Chinese Windows needs it */
    const rc_node *bom_node = cfg ? h->node_get(ctx, cfg, "bom") : NULL;
    if (bom_node && h->node_bool(ctx, bom_node, &bom) != RC_OK) {
        rc_errorf(h, ctx, 0, "%s: 'bom' must be true or false", h->node_where(ctx, bom_node));
        return RC_EINVAL;
    }

    size_t n = h->n_tables(ctx);
    unsigned char *sel = malloc(n ? n : 1);
    rr_names *names = rr_names_load(h, ctx);
    if (!sel || !names) {
        free(sel);
        rr_names_free(names);
        h->set_error(ctx, "out of memory");
        return RC_ENOMEM;
    }
    int32_t rc = rr_select_tables(h, ctx, cfg, sel, n, RR_UNKNOWN_LIST);
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        if (!sel[i]) continue;
        const rc_table *t = h->table_at(ctx, i);
        const char *name = h->table_name(ctx, t);
        if (!safe_file_stem(name)) {
            rc_errorf(h, ctx, 0,
                      "table name '%.200s' cannot be a file name (use letters, digits, "
                      "'_', '-' and '.')",
                      name ? name : "");
            rc = RC_EDATA;
            break;
        }
        csv_writer w = {.h = h, .ctx = ctx};
        rc = write_table(&w, t, name, bom, names);
        free(w.buf.data);
    }
    free(sel);
    rr_names_free(names);
    return rc;
}

static const rc_plugin_descriptor csv_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "csv",
    .version = "1.0.0",
    .summary = "Writes each result table as an RFC 4180 CSV file named after the table.",
    .config_keys = csv_keys,
    .n_config_keys = sizeof csv_keys / sizeof csv_keys[0],
    .report = csv_report,
};

RC_PLUGIN_DEFINE(csv_descriptor);
