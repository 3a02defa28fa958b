/* plugins/reporters/json/json.c — the json reporter: writes the result set as one JSON
 * document through jansson — {"manifest": {key: value…}, "tables": {name: {"columns":
 * [{"name", "type"}…], "rows": [[…]…]}}} — with keys in a fixed order, tables in result-set
 * order, numbers as JSON numbers (missing or non-finite as null) and UTF-8 kept as is, so
 * the same results give byte-identical files. */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "regcoord/plugin.h"

#define JSON_FLUSH_AT 65536

static const rc_config_key json_keys[] = {
    {"indent", RC_CFG_INT, 0, "1",
     "Spaces per nesting level (0 to 31); 0 writes each value on one line."},
    {"tables", RC_CFG_LIST, 0, NULL,
     "Names of the result tables to include under \"tables\"; every table when absent."},
};

#define JSON_HOST_MIN (offsetof(rc_host, output_end) + sizeof(void (*)(void)))

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

static void errorf(const rc_host *h, rc_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void errorf(const rc_host *h, rc_ctx *ctx, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    h->set_error(ctx, msg);
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

/* One cell as a new JSON value; NULL with the error set on failure. */
static json_t *cell_value(const rc_host *h, rc_ctx *ctx, const rc_table *t, size_t r,
                          size_t c, int32_t type)
{
    json_t *v;
    if (type == RC_COL_INT) {
        v = json_integer((json_int_t)h->cell_int(ctx, t, r, c));
    } else if (type == RC_COL_NUMBER) {
        double d = h->cell_num(ctx, t, r, c);
        v = isfinite(d) ? json_real(d) : json_null();
    } else {
        const char *s = type == RC_COL_STRING ? h->cell_str(ctx, t, r, c)
                                              : h->cell_text(ctx, t, r, c);
        v = s ? json_string(s) : json_null();
        if (s && !v) {
            errorf(h, ctx, "table '%s', row %zu, column '%s' is not valid UTF-8",
                   h->table_name(ctx, t), r + 1, h->col_name(ctx, t, c));
            return NULL;
        }
    }
    if (!v) h->set_error(ctx, "out of memory while building the JSON document");
    return v;
}

/* A text as a new JSON string, null for NULL; NULL with the error set on failure. */
static json_t *text_value(const rc_host *h, rc_ctx *ctx, const char *s)
{
    json_t *v = s ? json_string(s) : json_null();
    if (!v) errorf(h, ctx, "'%.200s' is not valid UTF-8 (or memory ran out)", s);
    return v;
}

/* Appends v to the array (stealing it); 0 or -1. */
static int push(const rc_host *h, rc_ctx *ctx, json_t *arr, json_t *v)
{
    if (!v) return -1;
    if (json_array_append_new(arr, v) != 0) {
        h->set_error(ctx, "out of memory while building the JSON document");
        return -1;
    }
    return 0;
}

static int set(const rc_host *h, rc_ctx *ctx, json_t *obj, const char *key, json_t *v)
{
    if (!v) return -1;
    if (json_object_set_new(obj, key, v) != 0) {
        errorf(h, ctx, "cannot store key '%.200s' in the JSON document (not UTF-8, or out "
                       "of memory)", key);
        return -1;
    }
    return 0;
}

static json_t *table_json(const rc_host *h, rc_ctx *ctx, const rc_table *t)
{
    size_t ncols = h->table_ncols(ctx, t), nrows = h->table_nrows(ctx, t);
    json_t *obj = json_object(), *cols = json_array(), *rows = json_array();
    int32_t *types = malloc((ncols ? ncols : 1) * sizeof *types);
    if (!obj || !cols || !rows || !types) {
        h->set_error(ctx, "out of memory while building the JSON document");
        goto fail;
    }
    for (size_t c = 0; c < ncols; c++) {
        types[c] = h->col_type(ctx, t, c);
        json_t *col = json_object();
        const char *name = h->col_name(ctx, t, c);
        if (push(h, ctx, cols, col) != 0 ||
            set(h, ctx, col, "name", text_value(h, ctx, name)) != 0 ||
            set(h, ctx, col, "type", text_value(h, ctx, type_name(types[c]))) != 0)
            goto fail;
    }
    for (size_t r = 0; r < nrows; r++) {
        json_t *row = json_array();
        if (push(h, ctx, rows, row) != 0) goto fail;
        for (size_t c = 0; c < ncols; c++)
            if (push(h, ctx, row, cell_value(h, ctx, t, r, c, types[c])) != 0) goto fail;
    }
    free(types);
    int bad = json_object_set_new(obj, "columns", cols) != 0;
    cols = NULL;
    bad |= json_object_set_new(obj, "rows", rows) != 0;
    rows = NULL;
    if (bad) {
        h->set_error(ctx, "out of memory while building the JSON document");
        json_decref(obj);
        return NULL;
    }
    return obj;
fail:
    free(types);
    json_decref(obj);
    json_decref(cols);
    json_decref(rows);
    return NULL;
}

/* The manifest table (columns key, value) as an object; {} when there is no manifest. */
static json_t *manifest_json(const rc_host *h, rc_ctx *ctx)
{
    json_t *obj = json_object();
    if (!obj) {
        h->set_error(ctx, "out of memory while building the JSON document");
        return NULL;
    }
    const rc_table *t = h->table_by_name(ctx, "manifest");
    if (!t) return obj;
    int64_t kc = h->col_index(ctx, t, "key"), vc = h->col_index(ctx, t, "value");
    if (kc < 0 || vc < 0 || h->col_type(ctx, t, (size_t)kc) != RC_COL_STRING) {
        h->set_error(ctx, "the 'manifest' table must have a text column 'key' and a "
                          "column 'value'");
        json_decref(obj);
        return NULL;
    }
    int32_t vtype = h->col_type(ctx, t, (size_t)vc);
    for (size_t r = 0, n = h->table_nrows(ctx, t); r < n; r++) {
        const char *key = h->cell_str(ctx, t, r, (size_t)kc);
        if (!key) continue; /* a row without a key names nothing */
        if (set(h, ctx, obj, key, cell_value(h, ctx, t, r, (size_t)vc, vtype)) != 0) {
            json_decref(obj);
            return NULL;
        }
    }
    return obj;
}

static void table_names(const rc_host *h, rc_ctx *ctx, char *buf, size_t size)
{
    size_t n = h->n_tables(ctx), used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         h->table_name(ctx, h->table_at(ctx, i)));
        if (k < 0) break;
        used += (size_t)k;
    }
    if (n == 0) snprintf(buf, size, "no tables");
}

/* Marks the tables to include in sel[] from the `tables` key (all when absent). */
static int32_t select_tables(const rc_host *h, rc_ctx *ctx, const rc_node *cfg,
                             unsigned char *sel, size_t n)
{
    const rc_node *list = cfg ? h->node_get(ctx, cfg, "tables") : NULL;
    char names[512];
    if (!list) {
        memset(sel, 1, n);
        return RC_OK;
    }
    memset(sel, 0, n);
    if (h->node_kind(ctx, list) != RC_NODE_LIST) {
        errorf(h, ctx, "%s: 'tables' must be a list of table names", h->node_where(ctx, list));
        return RC_EINVAL;
    }
    for (size_t i = 0, len = h->node_len(ctx, list); i < len; i++) {
        const rc_node *item = h->node_at(ctx, list, i);
        const char *want = h->node_str(ctx, item);
        size_t k = 0;
        if (want)
            for (; k < n; k++)
                if (strcmp(h->table_name(ctx, h->table_at(ctx, k)), want) == 0) break;
        if (!want || k == n) {
            table_names(h, ctx, names, sizeof names);
            errorf(h, ctx, "%s: '%s' is not a result table; the results hold: %s",
                   h->node_where(ctx, item), want ? want : "(not a name)", names);
            return RC_ENOTFOUND;
        }
        sel[k] = 1;
    }
    return RC_OK;
}

static int32_t read_indent(const rc_host *h, rc_ctx *ctx, const rc_node *cfg, int *indent)
{
    const rc_node *node = cfg ? h->node_get(ctx, cfg, "indent") : NULL;
    int64_t v = 1;
    if (node && (h->node_int(ctx, node, &v) != RC_OK || v < 0 || v > JSON_MAX_INDENT)) {
        errorf(h, ctx, "%s: 'indent' must be a whole number from 0 to %d",
               h->node_where(ctx, node), JSON_MAX_INDENT);
        return RC_EINVAL;
    }
    *indent = (int)v;
    return RC_OK;
}

/* Builds the whole document; NULL with the error set on failure. */
static json_t *build_document(const rc_host *h, rc_ctx *ctx, const unsigned char *sel,
                              size_t n)
{
    json_t *doc = json_object(), *tables = json_object();
    if (!doc || !tables) {
        h->set_error(ctx, "out of memory while building the JSON document");
        json_decref(doc);
        json_decref(tables);
        return NULL;
    }
    if (set(h, ctx, doc, "manifest", manifest_json(h, ctx)) != 0) {
        json_decref(doc);
        json_decref(tables);
        return NULL;
    }
    if (set(h, ctx, doc, "tables", tables) != 0) {
        json_decref(doc);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        if (!sel[i]) continue;
        const rc_table *t = h->table_at(ctx, i);
        if (set(h, ctx, tables, h->table_name(ctx, t), table_json(h, ctx, t)) != 0) {
            json_decref(doc);
            return NULL;
        }
    }
    return doc;
}

static int32_t json_report(void *state, const rc_host *h, rc_ctx *ctx)
{
    if (!h || h->size < JSON_HOST_MIN) {
        if (h && h->size >= offsetof(rc_host, set_error) + sizeof(void (*)(void)))
            h->set_error(ctx, "the host is too old for the json reporter");
        return RC_EFAIL;
    }
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
    rc = select_tables(h, ctx, cfg, sel, n);
    json_t *doc = rc == RC_OK ? build_document(h, ctx, sel, n) : NULL;
    free(sel);
    if (rc != RC_OK) return rc;
    if (!doc) return RC_EDATA;

    json_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        json_decref(doc);
        h->set_error(ctx, "out of memory");
        return RC_ENOMEM;
    }
    sink->h = h;
    sink->ctx = ctx;
    sink->out = h->output_begin(ctx, h->output_path(ctx));
    if (!sink->out) {
        rc = RC_EIO; /* the host has set the error */
    } else {
        /* Objects keep insertion order (JSON_PRESERVE_ORDER); no JSON_ENSURE_ASCII, so
         * text stays UTF-8; reals print with 17 significant digits and read back exactly. */
        size_t flags = JSON_INDENT(indent) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17);
        if (json_dump_callback(doc, sink_put, sink, flags) != 0 || sink_put("\n", 1, sink) != 0 ||
            sink_flush(sink) != RC_OK) {
            rc = sink->rc != RC_OK ? sink->rc : RC_EFAIL;
            if (sink->rc == RC_OK) h->set_error(ctx, "jansson could not write the document");
        } else {
            rc = h->output_end(ctx, sink->out);
        }
    }
    free(sink);
    json_decref(doc);
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

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &json_descriptor;
}
