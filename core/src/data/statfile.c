/* data/statfile.c — reads Stata, SPSS and SAS data files from memory through ReadStat
 * (custom I/O handlers over the buffer), applying value labels to the named columns. */
#include "data/statfile.h"

#include <math.h>
#include <readstat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

typedef struct memio {
    const char *buf;
    size_t len, pos;
} memio;

static int mem_open(const char *path, void *ctx)
{
    (void)path;
    ((memio *)ctx)->pos = 0;
    return 0;
}

static int mem_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static readstat_off_t mem_seek(readstat_off_t off, readstat_io_flags_t whence, void *ctx)
{
    memio *m = ctx;
    readstat_off_t base = whence == READSTAT_SEEK_SET   ? 0
                          : whence == READSTAT_SEEK_CUR ? (readstat_off_t)m->pos
                                                        : (readstat_off_t)m->len;
    readstat_off_t to = base + off;
    if (to < 0 || to > (readstat_off_t)m->len) return -1;
    m->pos = (size_t)to;
    return to;
}

static ssize_t mem_read(void *out, size_t n, void *ctx)
{
    memio *m = ctx;
    size_t k = m->len - m->pos < n ? m->len - m->pos : n;
    memcpy(out, m->buf + m->pos, k);
    m->pos += k;
    return (ssize_t)k;
}

static readstat_error_t mem_update(long size, readstat_progress_handler ph, void *user, void *ctx)
{
    (void)size;
    (void)ph;
    (void)user;
    (void)ctx;
    return READSTAT_OK;
}

typedef struct label {
    char *set;
    double key;
    char *text;
} label;

typedef struct var {
    char *name;
    char *label_set; /* NULL without one */
    int is_string;
    int use_labels;
} var;

typedef struct reader {
    var *vars;
    size_t n_vars;
    long n_obs;
    double *num;     /* n_obs * n_vars numbers (NaN = missing) */
    char **str;      /* n_obs * n_vars strings for string variables (owned) */
    label *labels;
    size_t n_labels, cap_labels;
    const char *const *label_cols;
    size_t n_label_cols;
    int failed;
    char errmsg[256];
} reader;

static int on_meta(readstat_metadata_t *md, void *ctx)
{
    reader *r = ctx;
    int nv = readstat_get_var_count(md);
    long no = readstat_get_row_count(md);
    if (nv < 0 || no < 0 || (nv > 0 && (size_t)no > ((size_t)1 << 28) / (size_t)nv)) {
        snprintf(r->errmsg, sizeof r->errmsg, "the file declares %d variables x %ld observations",
                 nv, no);
        r->failed = 1;
        return READSTAT_HANDLER_ABORT;
    }
    r->n_vars = (size_t)nv;
    r->n_obs = no;
    r->vars = rc_calloc(r->n_vars ? r->n_vars : 1, sizeof *r->vars);
    size_t cells = r->n_vars * (size_t)no;
    r->num = rc_calloc(cells ? cells : 1, sizeof *r->num);
    r->str = rc_calloc(cells ? cells : 1, sizeof *r->str);
    if (!r->vars || !r->num || !r->str) {
        r->failed = 1;
        snprintf(r->errmsg, sizeof r->errmsg, "out of memory");
        return READSTAT_HANDLER_ABORT;
    }
    for (size_t i = 0; i < cells; i++) r->num[i] = NAN;
    return READSTAT_HANDLER_OK;
}

static int on_var(int index, readstat_variable_t *v, const char *val_labels, void *ctx)
{
    reader *r = ctx;
    if (index < 0 || (size_t)index >= r->n_vars) return READSTAT_HANDLER_ABORT;
    var *d = &r->vars[index];
    d->name = rc_strdup(readstat_variable_get_name(v));
    d->label_set = val_labels ? rc_strdup(val_labels) : NULL;
    d->is_string = readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_STRING;
    for (size_t k = 0; k < r->n_label_cols; k++)
        if (d->name && strcmp(d->name, r->label_cols[k]) == 0) d->use_labels = 1;
    if (!d->name || (val_labels && !d->label_set)) {
        r->failed = 1;
        snprintf(r->errmsg, sizeof r->errmsg, "out of memory");
        return READSTAT_HANDLER_ABORT;
    }
    return READSTAT_HANDLER_OK;
}

static int on_value(int obs, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
    reader *r = ctx;
    int vi = readstat_variable_get_index(v);
    if (obs < 0 || obs >= r->n_obs || vi < 0 || (size_t)vi >= r->n_vars)
        return READSTAT_HANDLER_ABORT;
    size_t c = (size_t)obs * r->n_vars + (size_t)vi;
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
        const char *s = readstat_string_value(value);
        if (s && *s && !(r->str[c] = rc_strdup(s))) {
            r->failed = 1;
            snprintf(r->errmsg, sizeof r->errmsg, "out of memory");
            return READSTAT_HANDLER_ABORT;
        }
        return READSTAT_HANDLER_OK;
    }
    if (readstat_value_is_missing(value, v)) return READSTAT_HANDLER_OK;
    r->num[c] = readstat_double_value(value);
    return READSTAT_HANDLER_OK;
}

static int on_label(const char *set, readstat_value_t value, const char *text, void *ctx)
{
    reader *r = ctx;
    if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) return READSTAT_HANDLER_OK;
    if (r->n_labels == r->cap_labels) {
        size_t cap = r->cap_labels ? r->cap_labels * 2 : 64;
        label *l = rc_reallocarray(r->labels, cap, sizeof *l);
        if (!l) return READSTAT_HANDLER_ABORT;
        r->labels = l;
        r->cap_labels = cap;
    }
    label *l = &r->labels[r->n_labels];
    l->set = rc_strdup(set);
    l->text = rc_strdup(text ? text : "");
    l->key = readstat_double_value(value);
    if (!l->set || !l->text) {
        free(l->set);
        free(l->text);
        return READSTAT_HANDLER_ABORT;
    }
    r->n_labels++;
    return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *ctx)
{
    reader *r = ctx;
    if (!r->errmsg[0]) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s", msg);
        size_t n = strlen(r->errmsg);
        while (n > 0 && (r->errmsg[n - 1] == '\n' || r->errmsg[n - 1] == ' ')) r->errmsg[--n] = 0;
    }
}

static const char *find_label(const reader *r, const char *set, double key)
{
    for (size_t i = 0; i < r->n_labels; i++)
        if (r->labels[i].key == key && strcmp(r->labels[i].set, set) == 0) return r->labels[i].text;
    return NULL;
}

/* Shortest text that reads back as the same double. */
static int fmt_num(double v, char *buf, size_t size)
{
    for (int prec = 15; prec <= 17; prec++) {
        int n = snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return n;
    }
    return snprintf(buf, size, "%.17g", v);
}

static void reader_free(reader *r)
{
    size_t cells = r->n_vars * (size_t)(r->n_obs > 0 ? r->n_obs : 0);
    for (size_t i = 0; r->str && i < cells; i++) free(r->str[i]);
    free(r->str);
    free(r->num);
    for (size_t i = 0; r->vars && i < r->n_vars; i++) {
        free(r->vars[i].name);
        free(r->vars[i].label_set);
    }
    free(r->vars);
    for (size_t i = 0; i < r->n_labels; i++) {
        free(r->labels[i].set);
        free(r->labels[i].text);
    }
    free(r->labels);
}

int rc_stat_read(const char *path, const char *buf, size_t len, const char *const *label_cols,
                 size_t n_label_cols, rc_csv **out, rc_error *err)
{
    *out = NULL;
    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    const char *dot = strrchr(name, '.');
    const char *ext = dot ? dot + 1 : "";
    readstat_parser_t *ps = readstat_parser_init();
    if (!ps) return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
    memio io = {.buf = buf, .len = len};
    reader r = {.label_cols = label_cols, .n_label_cols = n_label_cols};
    readstat_set_open_handler(ps, mem_open);
    readstat_set_close_handler(ps, mem_close);
    readstat_set_seek_handler(ps, mem_seek);
    readstat_set_read_handler(ps, mem_read);
    readstat_set_update_handler(ps, mem_update);
    readstat_set_io_ctx(ps, &io);
    readstat_set_metadata_handler(ps, on_meta);
    readstat_set_variable_handler(ps, on_var);
    readstat_set_value_handler(ps, on_value);
    readstat_set_value_label_handler(ps, on_label);
    readstat_set_error_handler(ps, on_error);
    readstat_error_t e;
    if (strcasecmp(ext, "dta") == 0) e = readstat_parse_dta(ps, path, &r);
    else if (strcasecmp(ext, "sav") == 0 || strcasecmp(ext, "zsav") == 0)
        e = readstat_parse_sav(ps, path, &r);
    else if (strcasecmp(ext, "por") == 0) e = readstat_parse_por(ps, path, &r);
    else if (strcasecmp(ext, "sas7bdat") == 0) e = readstat_parse_sas7bdat(ps, path, &r);
    else if (strcasecmp(ext, "xpt") == 0) e = readstat_parse_xport(ps, path, &r);
    else e = readstat_parse_dta(ps, path, &r);
    readstat_parser_free(ps);
    int rc = 0;
    if (e != READSTAT_OK || r.failed) {
        rc = rc_error_set(err, RC_ERRK_DATA, "%s: cannot read the %s file: %s%s%s", name, ext,
                          readstat_error_message(e), r.errmsg[0] ? ": " : "", r.errmsg);
        reader_free(&r);
        return rc;
    }
    if (r.n_vars == 0) {
        reader_free(&r);
        return rc_error_set(err, RC_ERRK_DATA, "%s: the file has no variables", name);
    }
    rc_table_builder b;
    rc_tb_init(&b);
    char num[64];
    for (size_t j = 0; j < r.n_vars && !rc; j++)
        rc = rc_tb_field(&b, r.vars[j].name ? r.vars[j].name : "", r.vars[j].name ? strlen(r.vars[j].name) : 0);
    if (!rc) rc = rc_tb_end_row(&b, 0, (size_t)-1);
    for (long o = 0; o < r.n_obs && !rc; o++) {
        for (size_t j = 0; j < r.n_vars && !rc; j++) {
            size_t c = (size_t)o * r.n_vars + j;
            const var *v = &r.vars[j];
            if (v->is_string || r.str[c]) {
                const char *s = r.str[c] ? r.str[c] : "";
                rc = rc_tb_field(&b, s, strlen(s));
                continue;
            }
            double d = r.num[c];
            if (isnan(d)) {
                rc = rc_tb_field(&b, "", 0);
                continue;
            }
            const char *lab = v->use_labels && v->label_set ? find_label(&r, v->label_set, d) : NULL;
            if (lab) {
                rc = rc_tb_field(&b, lab, strlen(lab));
            } else {
                int n = fmt_num(d, num, sizeof num);
                rc = rc_tb_field(&b, num, (size_t)n);
            }
        }
        if (!rc) rc = rc_tb_end_row(&b, (size_t)o + 1, (size_t)-1);
    }
    reader_free(&r);
    if (rc) {
        rc_tb_free(&b);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
    }
    return rc_table_finish(&b, name, RC_TABLE_RECORDS, NULL, out, err);
}
