/* tests/support/mock_host.c — the mock rc_host: serves a test-built result set, config
 * section and panel to one plugin, records what the plugin does, and writes outputs with
 * the host's temp-then-rename semantics. See mock_host.h for the contract. */
#include "mock_host.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A config node of the mock (the plugin only sees the opaque rc_node). */
struct rc_node {
    int32_t kind;        /* RC_NODE_SCALAR, RC_NODE_LIST or RC_NODE_MAP */
    char *str;           /* scalar text */
    int quoted;
    int line;            /* a made-up position, for node_where() */
    size_t n, cap;
    struct rc_node **items;
    char **keys;         /* maps only */
};

struct rc_ctx {
    struct mock_host *m;
};

struct rc_output {
    struct mock_host *m;
    int fd;              /* -1 once ended or failed */
    mock_output_record rec;
    /* a file updated in place (output_in_place): no temporary file */
    int32_t (*commit)(void *user, char *msg, size_t size);
    void (*release)(void *user);
    void *user;
};

typedef struct mock_series {
    char *name;
    double *values;
} mock_series;

typedef struct mock_grouping {
    char *name;
    char **labels;
} mock_grouping;

struct mock_host {
    rc_host services;
    struct rc_ctx ctx;
    rc_resultset *results;

    struct rc_node *config;
    struct rc_node **nodes;   /* every node, for freeing */
    size_t n_nodes, cap_nodes;

    size_t n_regions, n_years;
    char **region_ids;
    int32_t *years;
    mock_series *series;
    size_t n_series;
    mock_grouping *groups;
    size_t n_groups;

    char *output_path;
    char *language;

    mock_indicator *indicators;
    size_t n_indicators;
    double *scores;
    size_t score_default_calls;

    char *error;
    char **logs;
    size_t n_logs;

    struct rc_output **outputs;
    size_t n_outputs;

    size_t violations;
    char *first_violation;

    char cell_buf[64];
    char where_buf[64];
};

/* ---------------------------------------------------------------- helpers */

static char *dup_str(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static void violation(struct mock_host *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void violation(struct mock_host *m, const char *fmt, ...)
{
    m->violations++;
    if (m->first_violation) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    m->first_violation = dup_str(buf);
}

static struct mock_host *host_of(rc_ctx *ctx) { return ctx ? ctx->m : NULL; }

/* A table pointer the mock served, or NULL (and a violation). */
static const struct rc_table *check_table(struct mock_host *m, const rc_table *t)
{
    if (!t) {
        violation(m, "a table service was called with a NULL table");
        return NULL;
    }
    for (size_t i = 0; i < m->results->n; i++)
        if (m->results->tables[i] == t) return t;
    violation(m, "a table service was called with a table the host never served");
    return NULL;
}

static int check_cell(struct mock_host *m, const rc_table *t, size_t row, size_t col,
                      int32_t want_type, const char *service)
{
    if (!check_table(m, t)) return 0;
    if (row >= t->nrows || col >= t->ncols) {
        violation(m, "%s(%s, row %zu, col %zu) is out of range (%zu x %zu)", service,
                  t->name, row, col, t->nrows, t->ncols);
        return 0;
    }
    if (want_type && t->col_types[col] != want_type) {
        violation(m, "%s on column '%s' of '%s', which has type %d", service,
                  t->col_names[col], t->name, (int)t->col_types[col]);
        return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- messages */

static void svc_log(rc_ctx *ctx, int32_t level, const char *message)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return;
    if (!message) {
        violation(m, "log() with a NULL message");
        return;
    }
    char **l = realloc(m->logs, (m->n_logs + 1) * sizeof *l);
    if (!l) return;
    m->logs = l;
    size_t n = strlen(message) + 16;
    char *line = malloc(n);
    if (!line) return;
    snprintf(line, n, "%d: %s", (int)level, message);
    m->logs[m->n_logs++] = line;
}

static void svc_set_error(rc_ctx *ctx, const char *message)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return;
    if (!message) {
        violation(m, "set_error() with a NULL message");
        return;
    }
    free(m->error);
    m->error = dup_str(message);
}

/* ---------------------------------------------------------------- config */

static const rc_node *svc_config(rc_ctx *ctx)
{
    struct mock_host *m = host_of(ctx);
    return m ? m->config : NULL;
}

static const rc_node *svc_node_get(rc_ctx *ctx, const rc_node *map, const char *key)
{
    if (!map || !key || map->kind != RC_NODE_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->keys[i], key) == 0) return map->items[i];
    return NULL;
}

static int32_t svc_node_kind(rc_ctx *ctx, const rc_node *node)
{
    return node ? node->kind : RC_NODE_NONE;
}

static size_t svc_node_len(rc_ctx *ctx, const rc_node *node)
{
    return node && node->kind != RC_NODE_SCALAR ? node->n : 0;
}

static const rc_node *svc_node_at(rc_ctx *ctx, const rc_node *node, size_t i)
{
    if (!node || node->kind == RC_NODE_SCALAR || i >= node->n) return NULL;
    return node->items[i];
}

static const char *svc_node_key_at(rc_ctx *ctx, const rc_node *map, size_t i)
{
    if (!map || map->kind != RC_NODE_MAP || i >= map->n) return NULL;
    return map->keys[i];
}

static const char *svc_node_str(rc_ctx *ctx, const rc_node *scalar)
{
    return scalar && scalar->kind == RC_NODE_SCALAR ? scalar->str : NULL;
}

static int plain_scalar(const rc_node *n)
{
    return n && n->kind == RC_NODE_SCALAR && !n->quoted && n->str[0] != '\0';
}

static int32_t svc_node_number(rc_ctx *ctx, const rc_node *scalar, double *out)
{
    if (!plain_scalar(scalar) || !out) return RC_EINVAL;
    for (const char *p = scalar->str; *p; p++)
        if (!isdigit((unsigned char)*p) && !strchr("+-.eE", *p)) return RC_EINVAL;
    char *end;
    errno = 0;
    double v = strtod(scalar->str, &end);
    if (*end || errno == ERANGE || !isfinite(v)) return RC_EINVAL;
    *out = v;
    return RC_OK;
}

static int32_t svc_node_int(rc_ctx *ctx, const rc_node *scalar, int64_t *out)
{
    if (!plain_scalar(scalar) || !out) return RC_EINVAL;
    const char *p = scalar->str;
    if (*p == '+' || *p == '-') p++;
    if (!*p) return RC_EINVAL;
    for (; *p; p++)
        if (!isdigit((unsigned char)*p)) return RC_EINVAL;
    char *end;
    errno = 0;
    long long v = strtoll(scalar->str, &end, 10);
    if (*end || errno == ERANGE) return RC_EINVAL;
    *out = (int64_t)v;
    return RC_OK;
}

static int32_t svc_node_bool(rc_ctx *ctx, const rc_node *scalar, int32_t *out)
{
    static const char *const yes[] = {"true", "yes", "on"};
    static const char *const no[] = {"false", "no", "off"};
    if (!plain_scalar(scalar) || !out) return RC_EINVAL;
    for (size_t i = 0; i < 3; i++) {
        if (strcasecmp(scalar->str, yes[i]) == 0) {
            *out = 1;
            return RC_OK;
        }
        if (strcasecmp(scalar->str, no[i]) == 0) {
            *out = 0;
            return RC_OK;
        }
    }
    return RC_EINVAL;
}

static const char *svc_node_where(rc_ctx *ctx, const rc_node *node)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return "";
    snprintf(m->where_buf, sizeof m->where_buf, "mock.yaml:%d:1", node ? node->line : 0);
    return m->where_buf;
}

/* ---------------------------------------------------------------- panel */

static size_t svc_n_regions(rc_ctx *ctx)
{
    struct mock_host *m = host_of(ctx);
    return m ? m->n_regions : 0;
}

static size_t svc_n_years(rc_ctx *ctx)
{
    struct mock_host *m = host_of(ctx);
    return m ? m->n_years : 0;
}

static const char *svc_region_id(rc_ctx *ctx, size_t region)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return NULL;
    if (region >= m->n_regions) {
        violation(m, "region_id(%zu) with %zu regions", region, m->n_regions);
        return NULL;
    }
    return m->region_ids[region];
}

static int32_t svc_year(rc_ctx *ctx, size_t year_index)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return 0;
    if (year_index >= m->n_years) {
        violation(m, "year(%zu) with %zu years", year_index, m->n_years);
        return 0;
    }
    return m->years[year_index];
}

static const char *svc_region_group(rc_ctx *ctx, const char *grouping, size_t region)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !grouping || region >= m->n_regions) return NULL;
    for (size_t i = 0; i < m->n_groups; i++)
        if (strcmp(m->groups[i].name, grouping) == 0) return m->groups[i].labels[region];
    return NULL;
}

static int32_t svc_series(rc_ctx *ctx, const char *name, const double **values)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !name || !values) return RC_EINVAL;
    for (size_t i = 0; i < m->n_series; i++) {
        if (strcmp(m->series[i].name, name) == 0) {
            *values = m->series[i].values;
            return RC_OK;
        }
    }
    return RC_ENOTFOUND;
}

static int32_t svc_neighbours(rc_ctx *ctx, size_t region, const size_t **index,
                              const double **weight, size_t *n)
{
    return RC_ENOTFOUND; /* the mock has no spatial weights */
}

/* ---------------------------------------------------------------- dimension results */

static size_t panel_cells(const struct mock_host *m) { return m->n_regions * m->n_years; }

static int32_t record_indicator(struct mock_host *m, const char *id, int32_t direction,
                                const double *values, const char *formula,
                                const char *description)
{
    if (!id || (direction != RC_BENEFIT && direction != RC_COST)) {
        violation(m, "add_indicator with a NULL id or a bad direction");
        return RC_EINVAL;
    }
    mock_indicator *a = realloc(m->indicators, (m->n_indicators + 1) * sizeof *a);
    if (!a) return RC_ENOMEM;
    m->indicators = a;
    mock_indicator *ind = &a[m->n_indicators];
    memset(ind, 0, sizeof *ind);
    ind->id = dup_str(id);
    ind->direction = direction;
    ind->formula = dup_str(formula);
    ind->description = dup_str(description);
    if (values) {
        size_t n = panel_cells(m);
        ind->values = malloc((n ? n : 1) * sizeof(double));
        if (ind->values && n) memcpy(ind->values, values, n * sizeof(double));
    }
    m->n_indicators++;
    return RC_OK;
}

static int32_t svc_add_indicator(rc_ctx *ctx, const char *id, int32_t direction,
                                 const double *values, const char *description)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return RC_EINVAL;
    if (!values) {
        violation(m, "add_indicator with NULL values");
        return RC_EINVAL;
    }
    return record_indicator(m, id, direction, values, NULL, description);
}

static int32_t svc_add_formula_indicator(rc_ctx *ctx, const char *id, int32_t direction,
                                         const char *formula, const char *description)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return RC_EINVAL;
    if (!formula) {
        violation(m, "add_formula_indicator with a NULL formula");
        return RC_EINVAL;
    }
    return record_indicator(m, id, direction, NULL, formula, description);
}

static int32_t svc_score_default(rc_ctx *ctx)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return RC_EINVAL;
    m->score_default_calls++;
    return RC_OK;
}

static int32_t svc_set_scores(rc_ctx *ctx, const double *scores)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return RC_EINVAL;
    if (!scores) {
        violation(m, "set_scores with NULL scores");
        return RC_EINVAL;
    }
    size_t n = panel_cells(m);
    double *copy = malloc((n ? n : 1) * sizeof(double));
    if (!copy) return RC_ENOMEM;
    if (n) memcpy(copy, scores, n * sizeof(double));
    free(m->scores);
    m->scores = copy;
    return RC_OK;
}

/* ---------------------------------------------------------------- results */

static size_t svc_n_tables(rc_ctx *ctx)
{
    struct mock_host *m = host_of(ctx);
    return m ? m->results->n : 0;
}

static const rc_table *svc_table_at(rc_ctx *ctx, size_t i)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return NULL;
    if (i >= m->results->n) {
        violation(m, "table_at(%zu) with %zu tables", i, m->results->n);
        return NULL;
    }
    return m->results->tables[i];
}

static const rc_table *svc_table_by_name(rc_ctx *ctx, const char *name)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !name) return NULL;
    return rc_table_get(m->results, name);
}

static const char *svc_table_name(rc_ctx *ctx, const rc_table *t)
{
    struct mock_host *m = host_of(ctx);
    return m && check_table(m, t) ? t->name : NULL;
}

static size_t svc_table_ncols(rc_ctx *ctx, const rc_table *t)
{
    struct mock_host *m = host_of(ctx);
    return m && check_table(m, t) ? t->ncols : 0;
}

static size_t svc_table_nrows(rc_ctx *ctx, const rc_table *t)
{
    struct mock_host *m = host_of(ctx);
    return m && check_table(m, t) ? t->nrows : 0;
}

static const char *svc_col_name(rc_ctx *ctx, const rc_table *t, size_t col)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_table(m, t)) return NULL;
    if (col >= t->ncols) {
        violation(m, "col_name(%s, %zu) with %zu columns", t->name, col, t->ncols);
        return NULL;
    }
    return t->col_names[col];
}

static int32_t svc_col_type(rc_ctx *ctx, const rc_table *t, size_t col)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_table(m, t)) return 0;
    if (col >= t->ncols) {
        violation(m, "col_type(%s, %zu) with %zu columns", t->name, col, t->ncols);
        return 0;
    }
    return t->col_types[col];
}

static int64_t svc_col_index(rc_ctx *ctx, const rc_table *t, const char *name)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_table(m, t) || !name) return -1;
    return rc_table_col(t, name);
}

static const char *svc_cell_str(rc_ctx *ctx, const rc_table *t, size_t row, size_t col)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_cell(m, t, row, col, RC_COL_STRING, "cell_str")) return NULL;
    return rc_table_str(t, row, col);
}

static double svc_cell_num(rc_ctx *ctx, const rc_table *t, size_t row, size_t col)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_cell(m, t, row, col, 0, "cell_num")) return NAN;
    if (t->col_types[col] == RC_COL_STRING) {
        violation(m, "cell_num on string column '%s' of '%s'", t->col_names[col], t->name);
        return NAN;
    }
    return rc_table_num(t, row, col);
}

static int64_t svc_cell_int(rc_ctx *ctx, const rc_table *t, size_t row, size_t col)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_cell(m, t, row, col, RC_COL_INT, "cell_int")) return 0;
    return rc_table_int(t, row, col);
}

static const char *svc_cell_text(rc_ctx *ctx, const rc_table *t, size_t row, size_t col)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_cell(m, t, row, col, 0, "cell_text")) return "";
    return rc_table_text(t, row, col, m->cell_buf, sizeof m->cell_buf);
}

/* ---------------------------------------------------------------- outputs */

static const char *svc_output_path(rc_ctx *ctx)
{
    struct mock_host *m = host_of(ctx);
    return m ? m->output_path : "";
}

static const char *svc_language(rc_ctx *ctx)
{
    struct mock_host *m = host_of(ctx);
    return m ? m->language : "en";
}

/* Creates every missing folder above `path` (like mkdir -p of its dirname). */
static int make_parents(const char *path)
{
    char *p = dup_str(path);
    if (!p) return -1;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

static void fail_output(struct mock_host *m, const char *what, const char *path)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "cannot %s '%s': %s", what, path, strerror(errno));
    svc_set_error(&m->ctx, msg);
}

/* An output's final path: absolute, or relative to the report's output path. */
static char *final_path(const struct mock_host *m, const char *path)
{
    size_t n = strlen(m->output_path) + strlen(path) + 2;
    char *final = malloc(n);
    if (!final) return NULL;
    if (path[0] == '/' || !m->output_path[0]) snprintf(final, n, "%s", path);
    else snprintf(final, n, "%s/%s", m->output_path, path);
    return final;
}

static rc_output *svc_output_begin(rc_ctx *ctx, const char *path)
{
    struct mock_host *m = host_of(ctx);
    if (!m) return NULL;
    if (!path || !*path) {
        violation(m, "output_begin with an empty path");
        svc_set_error(ctx, "output_begin was given an empty path");
        return NULL;
    }
    char *final = final_path(m, path);
    if (!final) return NULL;

    struct rc_output **a = realloc(m->outputs, (m->n_outputs + 1) * sizeof *a);
    struct rc_output *o = calloc(1, sizeof *o);
    size_t tn = strlen(final) + sizeof ".tmp.XXXXXX";
    char *temp = malloc(tn);
    if (a) m->outputs = a;
    if (!a || !o || !temp) {
        free(final);
        free(o);
        free(temp);
        svc_set_error(ctx, "out of memory");
        return NULL;
    }
    snprintf(temp, tn, "%s.tmp.XXXXXX", final);
    if (make_parents(final) != 0) {
        fail_output(m, "create the folder for", final);
        free(final);
        free(o);
        free(temp);
        return NULL;
    }
    int fd = mkstemp(temp);
    if (fd < 0) {
        fail_output(m, "create a temporary file for", final);
        free(final);
        free(o);
        free(temp);
        return NULL;
    }
    o->m = m;
    o->fd = fd;
    o->rec.path = final;
    o->rec.temp = temp;
    m->outputs[m->n_outputs++] = o;
    return o;
}

static int32_t svc_output_in_place(rc_ctx *ctx, const char *path,
                                   int32_t (*commit)(void *user, char *msg, size_t size),
                                   void (*release)(void *user), void *user)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !path || !*path || !commit || !release) {
        if (m) violation(m, "output_in_place with an empty path or no callbacks");
        if (release) release(user);
        return RC_EINVAL;
    }
    char *final = final_path(m, path);
    struct rc_output **a = realloc(m->outputs, (m->n_outputs + 1) * sizeof *a);
    struct rc_output *o = calloc(1, sizeof *o);
    if (a) m->outputs = a;
    if (!final || !a || !o) {
        free(final);
        free(o);
        release(user);
        svc_set_error(ctx, "out of memory");
        return RC_ENOMEM;
    }
    if (make_parents(final) != 0) {
        fail_output(m, "create the folder for", final);
        free(final);
        free(o);
        release(user);
        return RC_EIO;
    }
    o->m = m;
    o->fd = -1;
    o->rec.path = final;
    o->rec.ended = 1;
    o->commit = commit;
    o->release = release;
    o->user = user;
    m->outputs[m->n_outputs++] = o;
    return RC_OK;
}

static int check_output(struct mock_host *m, rc_output *out, const char *service)
{
    for (size_t i = 0; i < m->n_outputs; i++) {
        if (m->outputs[i] == out) {
            if (out->fd < 0) {
                violation(m, "%s on '%s' after it ended or failed", service, out->rec.path);
                return 0;
            }
            return 1;
        }
    }
    violation(m, "%s with an output the host never began", service);
    return 0;
}

static const char *svc_output_temp_path(rc_ctx *ctx, rc_output *out)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_output(m, out, "output_temp_path")) return NULL;
    return out->rec.temp;
}

static int32_t svc_output_write(rc_ctx *ctx, rc_output *out, const void *data, size_t len)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_output(m, out, "output_write")) return RC_EINVAL;
    if (len && !data) {
        violation(m, "output_write with NULL data");
        return RC_EINVAL;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(out->fd, p, left);
        if (w < 0) {
            if (errno == EINTR) continue;
            fail_output(m, "write", out->rec.path);
            return RC_EIO;
        }
        p += w;
        left -= (size_t)w;
    }
    out->rec.bytes += len;
    return RC_OK;
}

static int32_t svc_output_end(rc_ctx *ctx, rc_output *out)
{
    struct mock_host *m = host_of(ctx);
    if (!m || !check_output(m, out, "output_end")) return RC_EINVAL;
    int bad = fsync(out->fd) != 0;
    if (close(out->fd) != 0) bad = 1;
    out->fd = -1;
    if (bad) {
        fail_output(m, "finish", out->rec.path);
        return RC_EIO;
    }
    out->rec.ended = 1;
    return RC_OK;
}

/* ---------------------------------------------------------------- the mock itself */

static const rc_host mock_services_template = {
    .size = sizeof(rc_host),
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .log = svc_log,
    .set_error = svc_set_error,
    .config = svc_config,
    .node_get = svc_node_get,
    .node_kind = svc_node_kind,
    .node_len = svc_node_len,
    .node_at = svc_node_at,
    .node_key_at = svc_node_key_at,
    .node_str = svc_node_str,
    .node_number = svc_node_number,
    .node_int = svc_node_int,
    .node_bool = svc_node_bool,
    .node_where = svc_node_where,
    .n_regions = svc_n_regions,
    .n_years = svc_n_years,
    .region_id = svc_region_id,
    .year = svc_year,
    .region_group = svc_region_group,
    .series = svc_series,
    .neighbours = svc_neighbours,
    .add_indicator = svc_add_indicator,
    .add_formula_indicator = svc_add_formula_indicator,
    .score_default = svc_score_default,
    .set_scores = svc_set_scores,
    .n_tables = svc_n_tables,
    .table_at = svc_table_at,
    .table_by_name = svc_table_by_name,
    .table_name = svc_table_name,
    .table_ncols = svc_table_ncols,
    .table_nrows = svc_table_nrows,
    .col_name = svc_col_name,
    .col_type = svc_col_type,
    .col_index = svc_col_index,
    .cell_str = svc_cell_str,
    .cell_num = svc_cell_num,
    .cell_int = svc_cell_int,
    .cell_text = svc_cell_text,
    .output_path = svc_output_path,
    .language = svc_language,
    .output_begin = svc_output_begin,
    .output_temp_path = svc_output_temp_path,
    .output_write = svc_output_write,
    .output_end = svc_output_end,
    .output_in_place = svc_output_in_place,
};

static struct rc_node *new_node(struct mock_host *m, int32_t kind)
{
    if (m->n_nodes == m->cap_nodes) {
        size_t cap = m->cap_nodes ? 2 * m->cap_nodes : 16;
        struct rc_node **a = realloc(m->nodes, cap * sizeof *a);
        if (!a) return NULL;
        m->nodes = a;
        m->cap_nodes = cap;
    }
    struct rc_node *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->line = (int)m->n_nodes + 1;
    m->nodes[m->n_nodes++] = n;
    return n;
}

mock_host *mock_host_new(void)
{
    struct mock_host *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->services = mock_services_template;
    m->ctx.m = m;
    m->results = rc_resultset_new();
    m->config = new_node(m, RC_NODE_MAP);
    m->output_path = dup_str("");
    m->language = dup_str("en");
    if (!m->results || !m->config || !m->output_path || !m->language) {
        mock_host_free(m);
        return NULL;
    }
    return m;
}

void mock_host_free(mock_host *m)
{
    if (!m) return;
    mock_host_discard(m);
    for (size_t i = 0; i < m->n_outputs; i++) {
        struct rc_output *o = m->outputs[i];
        if (o->fd >= 0) close(o->fd);
        free(o->rec.path);
        free(o->rec.temp);
        free(o);
    }
    free(m->outputs);
    rc_resultset_free(m->results);
    for (size_t i = 0; i < m->n_nodes; i++) {
        struct rc_node *n = m->nodes[i];
        free(n->str);
        if (n->keys)
            for (size_t k = 0; k < n->n; k++) free(n->keys[k]);
        free(n->keys);
        free(n->items);
        free(n);
    }
    free(m->nodes);
    for (size_t i = 0; i < m->n_regions; i++) free(m->region_ids ? m->region_ids[i] : NULL);
    free(m->region_ids);
    free(m->years);
    for (size_t i = 0; i < m->n_series; i++) {
        free(m->series[i].name);
        free(m->series[i].values);
    }
    free(m->series);
    for (size_t i = 0; i < m->n_groups; i++) {
        for (size_t r = 0; r < m->n_regions; r++) free(m->groups[i].labels[r]);
        free(m->groups[i].labels);
        free(m->groups[i].name);
    }
    free(m->groups);
    free(m->output_path);
    free(m->language);
    for (size_t i = 0; i < m->n_indicators; i++) {
        free(m->indicators[i].id);
        free(m->indicators[i].values);
        free(m->indicators[i].formula);
        free(m->indicators[i].description);
    }
    free(m->indicators);
    free(m->scores);
    free(m->error);
    for (size_t i = 0; i < m->n_logs; i++) free(m->logs[i]);
    free(m->logs);
    free(m->first_violation);
    free(m);
}

const rc_host *mock_host_services(mock_host *m) { return &m->services; }
rc_ctx *mock_host_ctx(mock_host *m) { return &m->ctx; }
rc_resultset *mock_host_results(mock_host *m) { return m->results; }
rc_node *mock_host_config(mock_host *m) { return m->config; }

static rc_node *add_child(struct mock_host *m, rc_node *parent, const char *key,
                          struct rc_node *child)
{
    if (!child) return NULL;
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? 2 * parent->cap : 4;
        struct rc_node **items = realloc(parent->items, cap * sizeof *items);
        if (!items) return NULL;
        parent->items = items;
        if (parent->kind == RC_NODE_MAP) {
            char **keys = realloc(parent->keys, cap * sizeof *keys);
            if (!keys) return NULL;
            parent->keys = keys;
        }
        parent->cap = cap;
    }
    if (parent->kind == RC_NODE_MAP) {
        parent->keys[parent->n] = dup_str(key);
        if (!parent->keys[parent->n]) return NULL;
    }
    parent->items[parent->n++] = child;
    return child;
}

static int parent_ok(const rc_node *parent, const char *key)
{
    if (!parent) return 0;
    if (parent->kind == RC_NODE_MAP) return key != NULL;
    return parent->kind == RC_NODE_LIST && key == NULL;
}

rc_node *mock_node_add_scalar(mock_host *m, rc_node *parent, const char *key,
                              const char *text, int quoted)
{
    if (!parent_ok(parent, key) || !text) return NULL;
    struct rc_node *n = new_node(m, RC_NODE_SCALAR);
    if (!n) return NULL;
    n->str = dup_str(text);
    n->quoted = quoted;
    if (!n->str) return NULL;
    return add_child(m, parent, key, n);
}

rc_node *mock_node_add_list(mock_host *m, rc_node *parent, const char *key)
{
    if (!parent_ok(parent, key)) return NULL;
    return add_child(m, parent, key, new_node(m, RC_NODE_LIST));
}

rc_node *mock_node_add_map(mock_host *m, rc_node *parent, const char *key)
{
    if (!parent_ok(parent, key)) return NULL;
    return add_child(m, parent, key, new_node(m, RC_NODE_MAP));
}

int mock_host_set_panel(mock_host *m, size_t n_regions, const char *const *region_ids,
                        size_t n_years, const int32_t *years)
{
    if (m->region_ids || !region_ids || !years) return -1;
    m->region_ids = calloc(n_regions ? n_regions : 1, sizeof *m->region_ids);
    m->years = malloc((n_years ? n_years : 1) * sizeof *m->years);
    if (!m->region_ids || !m->years) return -1;
    m->n_regions = n_regions;
    for (size_t r = 0; r < n_regions; r++) {
        m->region_ids[r] = dup_str(region_ids[r]);
        if (!m->region_ids[r]) return -1;
    }
    if (n_years) memcpy(m->years, years, n_years * sizeof *years);
    m->n_years = n_years;
    return 0;
}

int mock_host_add_series(mock_host *m, const char *name, const double *values)
{
    if (!m->region_ids || !name || !values) return -1;
    size_t n = panel_cells(m);
    double *copy = malloc((n ? n : 1) * sizeof(double));
    if (!copy) return -1;
    if (n) memcpy(copy, values, n * sizeof(double));
    for (size_t i = 0; i < m->n_series; i++) {
        if (strcmp(m->series[i].name, name) == 0) {
            free(m->series[i].values);
            m->series[i].values = copy;
            return 0;
        }
    }
    mock_series *a = realloc(m->series, (m->n_series + 1) * sizeof *a);
    char *nm = dup_str(name);
    if (a) m->series = a;
    if (!a || !nm) {
        free(copy);
        free(nm);
        return -1;
    }
    m->series[m->n_series].name = nm;
    m->series[m->n_series].values = copy;
    m->n_series++;
    return 0;
}

int mock_host_set_groups(mock_host *m, const char *grouping, const char *const *labels)
{
    if (!m->region_ids || !grouping || !labels) return -1;
    mock_grouping *a = realloc(m->groups, (m->n_groups + 1) * sizeof *a);
    if (!a) return -1;
    m->groups = a;
    mock_grouping *g = &a[m->n_groups];
    g->name = dup_str(grouping);
    g->labels = calloc(m->n_regions ? m->n_regions : 1, sizeof *g->labels);
    if (!g->name || !g->labels) {
        free(g->name);
        free(g->labels);
        return -1;
    }
    for (size_t r = 0; r < m->n_regions; r++) g->labels[r] = dup_str(labels[r]);
    m->n_groups++;
    return 0;
}

static int replace_str(char **slot, const char *value)
{
    char *d = dup_str(value);
    if (!d) return -1;
    free(*slot);
    *slot = d;
    return 0;
}

int mock_host_set_output_path(mock_host *m, const char *path)
{
    return path ? replace_str(&m->output_path, path) : -1;
}

int mock_host_set_language(mock_host *m, const char *language)
{
    return language ? replace_str(&m->language, language) : -1;
}

size_t mock_host_n_indicators(const mock_host *m) { return m->n_indicators; }

const mock_indicator *mock_host_indicator(const mock_host *m, size_t i)
{
    return i < m->n_indicators ? &m->indicators[i] : NULL;
}

const double *mock_host_scores(const mock_host *m) { return m->scores; }
size_t mock_host_score_default_calls(const mock_host *m) { return m->score_default_calls; }
const char *mock_host_error(const mock_host *m) { return m->error; }
size_t mock_host_n_logs(const mock_host *m) { return m->n_logs; }
const char *mock_host_log(const mock_host *m, size_t i) { return i < m->n_logs ? m->logs[i] : NULL; }
size_t mock_host_n_outputs(const mock_host *m) { return m->n_outputs; }

const mock_output_record *mock_host_output(const mock_host *m, size_t i)
{
    return i < m->n_outputs ? &m->outputs[i]->rec : NULL;
}

int mock_host_commit(mock_host *m)
{
    int rc = 0;
    for (size_t i = 0; i < m->n_outputs; i++) {
        struct rc_output *o = m->outputs[i];
        if (o->rec.committed) continue;
        if (!o->rec.ended) {
            if (o->fd >= 0) violation(m, "output '%s' was begun but never ended", o->rec.path);
            continue;
        }
        if (o->release) { /* in place: the plugin commits */
            char msg[512] = "";
            if (o->commit(o->user, msg, sizeof msg) != RC_OK) {
                svc_set_error(&m->ctx, msg);
                rc = -1;
            } else {
                o->rec.committed = 1;
            }
            o->release(o->user);
            o->release = NULL;
            continue;
        }
        if (rename(o->rec.temp, o->rec.path) != 0)
            rc = -1;
        else
            o->rec.committed = 1;
    }
    mock_host_discard(m);
    return rc;
}

void mock_host_discard(mock_host *m)
{
    for (size_t i = 0; i < m->n_outputs; i++) {
        struct rc_output *o = m->outputs[i];
        if (o->release) {
            o->release(o->user);
            o->release = NULL;
        }
        if (o->rec.committed) continue;
        if (o->fd >= 0) {
            close(o->fd);
            o->fd = -1;
        }
        if (o->rec.temp) unlink(o->rec.temp); /* may already be gone */
        o->rec.ended = 0;    /* discarded: a later commit skips it */
    }
}

size_t mock_host_violations(const mock_host *m) { return m->violations; }
const char *mock_host_first_violation(const mock_host *m) { return m->first_violation; }
