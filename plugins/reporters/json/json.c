/* plugins/reporters/json/json.c — the json reporter: writes the result set as one JSON
 * document — {"manifest": {key: value…}, "tables": {name: {"columns": [{"name", "type"}…],
 * "rows": [[…]…]}}} — streamed table by table, row by row (one row per line), so a
 * million-row table never sits in memory as a document. Strings are encoded by jansson
 * (UTF-8 checked and kept); numbers are the host's canonical text (missing or non-finite as
 * null); keys and tables come in a fixed order, so the same results give identical bytes. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "regcoord/plugin.h"

#include "../common/names.h"
#include "../common/report_util.h"

#define JSON_FLUSH_AT 65536

static const rc_config_key json_keys[] = {
    {"indent", RC_CFG_INT, 0, "1",
     "Spaces per nesting level (0 to 31); 0 writes each value on one line."},
    {"tables", RC_CFG_LIST, 0, NULL,
     "Names of the result tables to include under \"tables\"; every table when absent."},
};

typedef struct json_sink {
    const rc_host *h;
    rc_ctx *ctx;
    rc_output *out;
    char buf[JSON_FLUSH_AT];
    size_t len;
    int32_t rc;   /* first write failure */
} json_sink;

static int32_t sink_flush(json_sink *s)
{
    if (s->rc == RC_OK && s->len) s->rc = s->h->output_write(s->ctx, s->out, s->buf, s->len);
    s->len = 0;
    return s->rc;
}

/* jansson's dump callback: buffers the pieces and writes them in large blocks. */
static int sink_put(const char *data, size_t size, void *arg)
{
    json_sink *s = arg;
    if (s->rc != RC_OK) return -1;
    if (s->len + size > sizeof s->buf && sink_flush(s) != RC_OK) return -1;
    if (size > sizeof s->buf) {
        s->rc = s->h->output_write(s->ctx, s->out, data, size);
        return s->rc == RC_OK ? 0 : -1;
    }
    memcpy(s->buf + s->len, data, size);
    s->len += size;
    return 0;
}

static const char *type_name(int32_t type)
{
    switch (type) {
    case RC_COL_STRING: return "string";
    case RC_COL_INT: return "integer";
    case RC_COL_NUMBER: return "number";
    default: return "unknown";
    }
}

/* ---- streaming writer: the document is written as it is walked, never held whole ---- */

#define STR_CACHE 4096

typedef struct jw {
    json_sink *sink;
    const rc_host *h;
    rc_ctx *ctx;
    int indent;
    const rr_names *names; /* region names and labels for the `name`/`label` columns */
    /* escaped text of recently written strings, keyed by pointer: the host hands out one
     * pointer per distinct string of a table, so names repeated a million times are
     * escaped once */
    const char *key[STR_CACHE];
    char *text[STR_CACHE];
} jw;

static int w_raw(jw *w, const char *s, size_t n) { return sink_put(s, n, w->sink); }
static int w_cstr(jw *w, const char *s) { return w_raw(w, s, strlen(s)); }

/* A line break and the indentation of `depth` (nothing when indent is 0). */
static int w_nl(jw *w, int depth)
{
    static const char spaces[] = "                                                                ";
    if (w->indent == 0) return 0;
    if (w_raw(w, "\n", 1)) return -1;
    for (int n = depth * w->indent; n > 0;) {
        int k = n < 64 ? n : 64;
        if (w_raw(w, spaces, (size_t)k)) return -1;
        n -= k;
    }
    return 0;
}

static int w_sep(jw *w) { return w->indent ? w_raw(w, ", ", 2) : w_raw(w, ",", 1); }
static int w_colon(jw *w) { return w->indent ? w_raw(w, ": ", 2) : w_raw(w, ":", 1); }

static int collect(const char *data, size_t size, void *arg)
{
    char **acc = arg;
    size_t old = *acc ? strlen(*acc) : 0;
    char *n = realloc(*acc, old + size + 1);
    if (!n) return -1;
    memcpy(n + old, data, size);
    n[old + size] = '\0';
    *acc = n;
    return 0;
}

/* A JSON string encoded by jansson (UTF-8 checked; kept as UTF-8); null for NULL. */
static int w_str(jw *w, const char *s)
{
    if (!s) return w_cstr(w, "null");
    size_t slot = (size_t)(((uintptr_t)s >> 4) % STR_CACHE);
    if (w->key[slot] != s) {
        json_t *v = json_string(s);
        if (!v) {
            rr_errorf(w->h, w->ctx, "'%.200s' is not valid UTF-8 (or memory ran out)", s);
            return -1;
        }
        char *text = NULL;
        int bad = json_dump_callback(v, collect, &text, JSON_ENCODE_ANY) != 0;
        json_decref(v);
        if (bad || !text) {
            free(text);
            w->h->set_error(w->ctx, "out of memory while writing the JSON document");
            return -1;
        }
        free(w->text[slot]);
        w->text[slot] = text;
        w->key[slot] = s;
    }
    return w_cstr(w, w->text[slot]);
}

static int w_cell(jw *w, const rc_table *t, size_t r, size_t c, int32_t type)
{
    const rc_host *h = w->h;
    if (type == RC_COL_INT) {
        char b[32];
        snprintf(b, sizeof b, "%lld", (long long)h->cell_int(w->ctx, t, r, c));
        return w_cstr(w, b);
    }
    if (type == RC_COL_NUMBER) {
        double d = h->cell_num(w->ctx, t, r, c);
        if (!isfinite(d)) return w_cstr(w, "null");
        const char *text = h->cell_text(w->ctx, t, r, c);
        /* a whole number keeps a ".0" so readers see a real, as the column type says */
        if (w_cstr(w, text)) return -1;
        return strpbrk(text, ".e") ? 0 : w_raw(w, ".0", 2);
    }
    return w_str(w, type == RC_COL_STRING ? h->cell_str(w->ctx, t, r, c)
                                          : h->cell_text(w->ctx, t, r, c));
}

/* "name": {"columns": [...], "rows": [[...], ...]} at depth 2; `name` and `label`
 * columns beside the ids (names.h). */
static int w_table(jw *w, const rc_table *t)
{
    const rc_host *h = w->h;
    rr_colplan plan;
    if (rr_colplan_make(h, w->ctx, t, &plan) != RC_OK) {
        h->set_error(w->ctx, "out of memory");
        return -1;
    }
    size_t ncols = plan.n, nrows = h->table_nrows(w->ctx, t);
    int32_t *types = malloc((ncols ? ncols : 1) * sizeof *types);
    if (!types) {
        rr_colplan_free(&plan);
        h->set_error(w->ctx, "out of memory");
        return -1;
    }
    int bad = w_str(w, h->table_name(w->ctx, t)) || w_colon(w) || w_raw(w, "{", 1) ||
              w_nl(w, 3) || w_str(w, "columns") || w_colon(w) || w_raw(w, "[", 1);
    for (size_t c = 0; c < ncols && !bad; c++) {
        types[c] = rr_colplan_type(h, w->ctx, t, &plan, c);
        bad = (c && w_sep(w)) || w_raw(w, "{", 1) || w_str(w, "name") || w_colon(w) ||
              w_str(w, rr_colplan_name(h, w->ctx, t, &plan, c)) || w_sep(w) ||
              w_str(w, "type") || w_colon(w) || w_str(w, type_name(types[c])) ||
              w_raw(w, "}", 1);
    }
    bad = bad || w_raw(w, "],", 2) || w_nl(w, 3) || w_str(w, "rows") || w_colon(w) ||
          w_raw(w, "[", 1);
    for (size_t r = 0; r < nrows && !bad; r++) {
        bad = (r && w_raw(w, ",", 1)) || w_nl(w, 4) || w_raw(w, "[", 1);
        for (size_t c = 0; c < ncols && !bad; c++) {
            bad = c && w_sep(w);
            if (bad) break;
            if (plan.src[c] >= 0)
                bad = w_cell(w, t, r, (size_t)plan.src[c], types[c]);
            else
                bad = w_str(w, rr_colplan_text(h, w->ctx, t, &plan, w->names, r, c));
        }
        bad = bad || w_raw(w, "]", 1);
    }
    bad = bad || (nrows && w_nl(w, 3)) || w_raw(w, "]", 1) || w_nl(w, 2) || w_raw(w, "}", 1);
    free(types);
    rr_colplan_free(&plan);
    return bad ? -1 : 0;
}

/* "manifest": {key: value, ...} at depth 1, from the manifest table (key, value). */
static int w_manifest(jw *w)
{
    const rc_host *h = w->h;
    if (w_str(w, "manifest") || w_colon(w) || w_raw(w, "{", 1)) return -1;
    const rc_table *t = h->table_by_name(w->ctx, "manifest");
    size_t written = 0;
    if (t) {
        int64_t kc = h->col_index(w->ctx, t, "key"), vc = h->col_index(w->ctx, t, "value");
        if (kc < 0 || vc < 0 || h->col_type(w->ctx, t, (size_t)kc) != RC_COL_STRING) {
            h->set_error(w->ctx, "the 'manifest' table must have a text column 'key' and a "
                                 "column 'value'");
            return -1;
        }
        int32_t vtype = h->col_type(w->ctx, t, (size_t)vc);
        for (size_t r = 0, n = h->table_nrows(w->ctx, t); r < n; r++) {
            const char *key = h->cell_str(w->ctx, t, r, (size_t)kc);
            if (!key) continue; /* a row without a key names nothing */
            if ((written++ && w_raw(w, ",", 1)) || w_nl(w, 2) || w_str(w, key) || w_colon(w) ||
                w_cell(w, t, r, (size_t)vc, vtype))
                return -1;
        }
    }
    return (written && w_nl(w, 1)) || w_raw(w, "}", 1) ? -1 : 0;
}

static int32_t read_indent(const rc_host *h, rc_ctx *ctx, const rc_node *cfg, int *indent)
{
    const rc_node *node = cfg ? h->node_get(ctx, cfg, "indent") : NULL;
    int64_t v = 1;
    if (node && (h->node_int(ctx, node, &v) != RC_OK || v < 0 || v > JSON_MAX_INDENT)) {
        rr_errorf(h, ctx, "%s: 'indent' must be a whole number from 0 to %d",
                  h->node_where(ctx, node), JSON_MAX_INDENT);
        return RC_EINVAL;
    }
    *indent = (int)v;
    return RC_OK;
}

static int write_document(jw *w, const unsigned char *sel, size_t n)
{
    const rc_host *h = w->h;
    if (w_raw(w, "{", 1) || w_nl(w, 1) || w_manifest(w) || w_raw(w, ",", 1) || w_nl(w, 1) ||
        w_str(w, "tables") || w_colon(w) || w_raw(w, "{", 1))
        return -1;
    size_t written = 0;
    for (size_t i = 0; i < n; i++) {
        if (!sel[i]) continue;
        if ((written++ && w_raw(w, ",", 1)) || w_nl(w, 2) || w_table(w, h->table_at(w->ctx, i)))
            return -1;
    }
    if ((written && w_nl(w, 1)) || w_raw(w, "}", 1) || w_nl(w, 0) || w_raw(w, "}\n", 2)) return -1;
    return 0;
}

static int32_t json_report(void *state, const rc_host *h, rc_ctx *ctx)
{
    (void)state;
    int32_t host_rc = rr_check_host(h, ctx, "json");
    if (host_rc != RC_OK) return host_rc;
    const rc_node *cfg = h->config(ctx);
    int indent = 1;
    int32_t rc = read_indent(h, ctx, cfg, &indent);
    if (rc != RC_OK) return rc;

    size_t n = h->n_tables(ctx);
    unsigned char *sel = malloc(n ? n : 1);
    if (!sel) {
        h->set_error(ctx, "out of memory");
        return RC_ENOMEM;
    }
    rc = rr_select_tables(h, ctx, cfg, sel, n, RR_UNKNOWN_LIST);
    json_sink *sink = rc == RC_OK ? calloc(1, sizeof *sink) : NULL;
    jw *w = sink ? calloc(1, sizeof *w) : NULL;
    rr_names *names = w ? rr_names_load(h, ctx) : NULL;
    if (rc == RC_OK && (!sink || !w || !names)) {
        h->set_error(ctx, "out of memory");
        rc = RC_ENOMEM;
    }
    if (rc == RC_OK) {
        sink->h = h;
        sink->ctx = ctx;
        sink->out = h->output_begin(ctx, h->output_path(ctx));
        w->sink = sink;
        w->h = h;
        w->ctx = ctx;
        w->indent = indent;
        w->names = names;
        if (!sink->out) {
            rc = RC_EIO; /* the host has set the error */
        } else if (write_document(w, sel, n) != 0 || sink_flush(sink) != RC_OK) {
            rc = sink->rc != RC_OK ? sink->rc : RC_EDATA;
        } else {
            rc = h->output_end(ctx, sink->out);
        }
    }
    if (w)
        for (size_t i = 0; i < STR_CACHE; i++) free(w->text[i]);
    free(w);
    free(sink);
    free(sel);
    rr_names_free(names);
    return rc;
}

static const rc_plugin_descriptor json_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "json",
    .version = "1.0.0",
    .summary = "Writes the manifest and every result table as one JSON document.",
    .config_keys = json_keys,
    .n_config_keys = sizeof json_keys / sizeof json_keys[0],
    .report = json_report,
};

RC_PLUGIN_DEFINE(json_descriptor);
