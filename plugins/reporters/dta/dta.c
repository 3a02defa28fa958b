/* plugins/reporters/dta/dta.c — the dta reporter: writes every result table (or the
 * configured subset) as a Stata 14+ .dta file (format 118, UTF-8) through ReadStat's
 * writer, one file per table in the report's folder, for the regressions users run next.
 * Column names are made valid Stata names of at most 32 characters (unique within the
 * table); the original name is each variable's label, and variable_names.csv beside the
 * files maps table, column and Stata name. Numbers are doubles (NaN = Stata missing), text
 * is str# (or strL past 2045 bytes). */
#include <readstat.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regcoord/plugin.h"

#include "../common/report_util.h"

#define DTA_NAME_MAX 32
#define DTA_STR_MAX 2045

static const rc_config_key dta_keys[] = {
    {"tables", RC_CFG_LIST, 0, NULL,
     "Names of the result tables to write (one .dta file each); every table when absent."},
};

/* The output a ReadStat writer streams into. */
typedef struct dta_sink {
    const rc_host *h;
    rc_ctx *ctx;
    rc_output *out;
    int32_t rc;
} dta_sink;

static ssize_t sink_write(const void *data, size_t len, void *ctx)
{
    dta_sink *s = ctx;
    if (s->rc != RC_OK) return -1;
    s->rc = s->h->output_write(s->ctx, s->out, data, len);
    return s->rc == RC_OK ? (ssize_t)len : -1;
}

/* Stata reserves these as variable names. */
static int reserved(const char *s)
{
    static const char *const words[] = {
        "_all",   "_b",    "byte",  "_coef", "_cons",  "double", "float",  "if",
        "in",     "int",   "long",  "_n",    "_N",     "_pi",    "_pred",  "_rc",
        "_se",    "_skip", "str",   "strL",  "using",  "with"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(s, words[i]) == 0) return 1;
    /* str1 .. str2045 */
    if (strncmp(s, "str", 3) == 0 && s[3] >= '1' && s[3] <= '9') {
        const char *p = s + 3;
        while (*p >= '0' && *p <= '9') p++;
        if (*p == '\0') return 1;
    }
    return 0;
}

/* A Stata name for `name`: ASCII letters, digits and '_' (anything else becomes '_'), not
 * starting with a digit, not reserved, at most 32 bytes, different from the `n_taken`
 * names already given (a numeric suffix _2, _3 … makes it so). */
static void stata_name(const char *name, char *const *taken, size_t n_taken,
                       char out[DTA_NAME_MAX + 1])
{
    char base[DTA_NAME_MAX + 1];
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && k < DTA_NAME_MAX; p++) {
        unsigned char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_';
        if (c >= 0x80) {
            while ((p[1] & 0xC0) == 0x80) p++; /* one '_' per non-ASCII character */
        }
        base[k++] = ok ? (char)c : '_';
    }
    base[k] = '\0';
    if (k == 0 || (base[0] >= '0' && base[0] <= '9') || reserved(base)) {
        memmove(base + 1, base, k < DTA_NAME_MAX ? k + 1 : DTA_NAME_MAX);
        base[0] = '_';
        base[DTA_NAME_MAX] = '\0';
        if (reserved(base)) base[0] = 'v';
    }
    snprintf(out, DTA_NAME_MAX + 1, "%s", base);
    for (unsigned n = 2;; n++) {
        int clash = 0;
        for (size_t i = 0; i < n_taken && !clash; i++) clash = strcmp(taken[i], out) == 0;
        if (!clash) return;
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, "_%u", n);
        size_t keep = strlen(base);
        if (keep + (size_t)sl > DTA_NAME_MAX) keep = DTA_NAME_MAX - (size_t)sl;
        snprintf(out, DTA_NAME_MAX + 1, "%.*s%s", (int)keep, base, suffix);
    }
}

static void csv_cell(rr_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        rr_puts(b, s);
        return;
    }
    rr_put(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"') rr_put(b, "\"", 1);
        rr_put(b, p, 1);
    }
    rr_put(b, "\"", 1);
}

static int safe_stem(const char *name)
{
    if (!name || !*name || name[0] == '.' || strlen(name) > 200) return 0;
    return strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") ==
           strlen(name);
}

/* Writes table t as <name>.dta and appends its name mapping to `map`. */
static int32_t write_table(const rc_host *h, rc_ctx *ctx, const rc_table *t, const char *name,
                           rr_buf *map)
{
    size_t nc = h->table_ncols(ctx, t), nr = h->table_nrows(ctx, t);
    char **names = calloc(nc ? nc : 1, sizeof *names);
    int32_t *types = calloc(nc ? nc : 1, sizeof *types);
    size_t *width = calloc(nc ? nc : 1, sizeof *width);
    readstat_variable_t **vars = calloc(nc ? nc : 1, sizeof *vars);
    readstat_writer_t *w = readstat_writer_init();
    int32_t rc = RC_OK;
    dta_sink sink = {.h = h, .ctx = ctx};
    if (!names || !types || !width || !vars || !w) {
        rr_errorf(h, ctx, "out of memory while writing %s.dta", name);
        rc = RC_ENOMEM;
        goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        const char *col = h->col_name(ctx, t, c);
        types[c] = h->col_type(ctx, t, c);
        names[c] = malloc(DTA_NAME_MAX + 1);
        if (!names[c]) {
            rc = RC_ENOMEM;
            rr_errorf(h, ctx, "out of memory while writing %s.dta", name);
            goto done;
        }
        stata_name(col ? col : "", names, c, names[c]);
        rr_puts(map, name);
        rr_put(map, ",", 1);
        csv_cell(map, col ? col : "");
        rr_put(map, ",", 1);
        rr_puts(map, names[c]);
        rr_put(map, "\n", 1);
        if (types[c] == RC_COL_STRING) {
            size_t wmax = 1;
            for (size_t r = 0; r < nr; r++) {
                const char *s = h->cell_str(ctx, t, r, c);
                size_t l = s ? strlen(s) : 0;
                if (l > wmax) wmax = l;
            }
            width[c] = wmax;
        }
    }
    readstat_set_data_writer(w, sink_write);
    readstat_writer_set_file_format_version(w, 118);
    for (size_t c = 0; c < nc; c++) {
        const char *col = h->col_name(ctx, t, c);
        readstat_type_t ty = types[c] != RC_COL_STRING  ? READSTAT_TYPE_DOUBLE
                             : width[c] > DTA_STR_MAX ? READSTAT_TYPE_STRING_REF
                                                      : READSTAT_TYPE_STRING;
        vars[c] = readstat_add_variable(w, names[c], ty, ty == READSTAT_TYPE_STRING ? width[c] : 0);
        if (!vars[c]) {
            rr_errorf(h, ctx, "%s.dta: ReadStat refused variable %s", name, names[c]);
            rc = RC_EFAIL;
            goto done;
        }
        if (col) {
            char label[81];
            snprintf(label, sizeof label, "%s", col); /* Stata labels hold 80 bytes */
            readstat_variable_set_label(vars[c], label);
        }
    }
    /* string refs (strL) must all be added before writing begins */
    readstat_string_ref_t **refs = NULL;
    size_t n_refs = 0;
    for (size_t c = 0; c < nc; c++)
        if (types[c] == RC_COL_STRING && width[c] > DTA_STR_MAX) n_refs += nr;
    if (n_refs) {
        refs = calloc(n_refs, sizeof *refs);
        if (!refs) {
            rc = RC_ENOMEM;
            rr_errorf(h, ctx, "out of memory while writing %s.dta", name);
            goto done;
        }
        size_t k = 0;
        for (size_t c = 0; c < nc; c++)
            if (types[c] == RC_COL_STRING && width[c] > DTA_STR_MAX)
                for (size_t r = 0; r < nr; r++) {
                    const char *s = h->cell_str(ctx, t, r, c);
                    refs[k++] = readstat_add_string_ref(w, s ? s : "");
                }
    }
    char file[256];
    snprintf(file, sizeof file, "%s.dta", name);
    sink.out = h->output_begin(ctx, file);
    if (!sink.out) {
        free(refs);
        rc = RC_EIO;
        goto done;
    }
    readstat_error_t e = readstat_begin_writing_dta(w, &sink, (long)nr);
    for (size_t r = 0; r < nr && e == READSTAT_OK; r++) {
        e = readstat_begin_row(w);
        size_t strl = 0; /* the refs were added column by column: strL column j, row r */
        for (size_t c = 0; c < nc && e == READSTAT_OK; c++) {
            if (types[c] == RC_COL_STRING && width[c] > DTA_STR_MAX) {
                e = readstat_insert_string_ref(w, vars[c], refs[strl++ * nr + r]);
            } else if (types[c] == RC_COL_STRING) {
                const char *s = h->cell_str(ctx, t, r, c);
                e = readstat_insert_string_value(w, vars[c], s ? s : "");
            } else if (types[c] == RC_COL_INT) {
                e = readstat_insert_double_value(w, vars[c], (double)h->cell_int(ctx, t, r, c));
            } else {
                double v = h->cell_num(ctx, t, r, c);
                e = v != v ? readstat_insert_missing_value(w, vars[c])
                           : readstat_insert_double_value(w, vars[c], v);
            }
        }
        if (e == READSTAT_OK) e = readstat_end_row(w);
    }
    if (e == READSTAT_OK) e = readstat_end_writing(w);
    free(refs);
    if (sink.rc != RC_OK) {
        rc = sink.rc;
    } else if (e != READSTAT_OK) {
        rr_errorf(h, ctx, "%s.dta: ReadStat could not write the table: %s", name,
                  readstat_error_message(e));
        rc = RC_EFAIL;
    } else {
        rc = h->output_end(ctx, sink.out);
    }
done:
    if (w) readstat_writer_free(w);
    for (size_t c = 0; names && c < nc; c++) free(names[c]);
    free(names);
    free(types);
    free(width);
    free(vars);
    return rc;
}

static int32_t dta_report(void *state, const rc_host *h, rc_ctx *ctx)
{
    (void)state;
    int32_t rc = rr_check_host(h, ctx, "dta");
    if (rc != RC_OK) return rc;
    const rc_node *cfg = h->config(ctx);
    size_t n = h->n_tables(ctx);
    unsigned char *sel = malloc(n ? n : 1);
    rr_buf map = {0};
    if (!sel) {
        h->set_error(ctx, "out of memory");
        return RC_ENOMEM;
    }
    rc = rr_select_tables(h, ctx, cfg, sel, n, RR_UNKNOWN_LIST);
    rr_puts(&map, "table,column,stata_name\n");
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        if (!sel[i]) continue;
        const rc_table *t = h->table_at(ctx, i);
        const char *name = h->table_name(ctx, t);
        if (!safe_stem(name)) {
            rr_errorf(h, ctx,
                      "table name '%.200s' cannot be a file name (use letters, digits, '_', "
                      "'-' and '.')",
                      name ? name : "");
            rc = RC_EDATA;
            break;
        }
        rc = write_table(h, ctx, t, name, &map);
    }
    if (rc == RC_OK && map.failed) {
        h->set_error(ctx, "out of memory");
        rc = RC_ENOMEM;
    }
    if (rc == RC_OK) {
        rc_output *o = h->output_begin(ctx, "variable_names.csv");
        if (!o) rc = RC_EIO;
        else {
            rc = h->output_write(ctx, o, map.data, map.len);
            if (rc == RC_OK) rc = h->output_end(ctx, o);
        }
    }
    free(map.data);
    free(sel);
    return rc;
}

static const rc_plugin_descriptor dta_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "dta",
    .version = "1.0.0",
    .summary = "Writes each result table as a Stata .dta file (names shortened to 32 "
               "characters, mapped in variable_names.csv).",
    .config_keys = dta_keys,
    .n_config_keys = sizeof dta_keys / sizeof dta_keys[0],
    .report = dta_report,
};

RC_PLUGIN_DEFINE(dta_descriptor);
