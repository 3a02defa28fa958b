/* cli/annual.c — the commands for annual publishing: `baseline` runs an assessment and
 * writes its frozen bounds and weights instead of reports; `compare` reads two JSON result
 * sets (json reporter) and prints what moved — index and dimension scores and ranks, weights,
 * manifest entries — with a WARNING line when the methodology differs. Output is sorted so
 * the same inputs print the same text. */
#include "cli/annual.h"

#include <jansson.h>
#ifdef REGCOORD_HAVE_SQLITE
#include <sqlite3.h>
#endif
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/commands.h"
#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "util/file.h"
#include "util/str.h"

static int usage_error(const char *cmd, const char *msg, const char *arg)
{
    fprintf(stderr, "regcoord %s: %s%s%s\n(see: regcoord %s --help)\n", cmd, msg,
            arg ? " " : "", arg ? arg : "", cmd);
    return RC_EXIT_USAGE;
}

/* ---------------- baseline ---------------- */

int rc_cmd_baseline(int argc, char **argv)
{
    const char *config = NULL, *out = NULL, *dirs[32];
    size_t n_dirs = 0;
    int verbosity = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: regcoord baseline CONFIG -o BASELINE.yaml [--plugin-path DIR] [-q] [-v]\n\n"
                   "Runs the assessment without writing reports and freezes what would move when\n"
                   "data are added: each indicator's normalisation bounds, the weights at every\n"
                   "level, the method choices, the config and data hashes and the years. Score\n"
                   "later data with `regcoord run CONFIG --baseline BASELINE.yaml` (or\n"
                   "`baseline:` in the config). The file is written to a temporary file and\n"
                   "renamed into place. See docs/baselines.md.\n");
            return 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            verbosity = 0;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            verbosity = 2;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc) return usage_error("baseline", "-o needs a file name", NULL);
            out = argv[++i];
            if (!*out) return usage_error("baseline", "-o needs a file name, not an empty one", NULL);
        } else if (!strcmp(a, "--plugin-path")) {
            if (i + 1 >= argc) return usage_error("baseline", "--plugin-path needs a folder", NULL);
            if (argv[i + 1][0] != '/')
                return usage_error("baseline", "--plugin-path must be an absolute folder, not", argv[i + 1]);
            if (n_dirs == 32) return usage_error("baseline", "--plugin-path given too many times", NULL);
            dirs[n_dirs++] = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error("baseline", "unknown option", a);
        } else if (!config) {
            config = a;
        } else {
            return usage_error("baseline", "unexpected argument", a);
        }
    }
    if (!config) return usage_error("baseline", "needs a CONFIG file", NULL);
    if (!out) return usage_error("baseline", "needs -o BASELINE.yaml (the file to write)", NULL);
    rc_error err;
    rc_error_clear(&err);
    rc_config *cfg = NULL;
    rc_registry *reg = NULL;
    char exe[PATH_MAX];
    int rc = 0;
    if (rc_config_load(config, &cfg, &err) != 0 ||
        rc_registry_scan(&reg, dirs, n_dirs, rc_cli_exe_path(exe, sizeof exe), &err) != 0) {
        rc = -1;
    } else {
        rc_run_opts ro = {.out_dir = ".", .verbosity = verbosity, .log = stderr,
                          .make_baseline = out};
        rc = rc_run(cfg, reg, &ro, NULL, &err);
    }
    rc_registry_free(reg);
    rc_config_free(cfg);
    if (rc != 0) {
        fprintf(stderr, "regcoord: error: %s\n", err.msg);
        return rc_cli_exit_code(&err);
    }
    if (verbosity >= 1) fprintf(stderr, "regcoord: wrote baseline %s\n", out);
    return 0;
}

/* ---------------- compare ---------------- */

/* One result set as compare needs it. */
typedef struct rset {
    const char *path;
    json_t *root;
    json_t *manifest;  /* object, may be NULL */
    json_t *tables;    /* object */
} rset;

#ifdef REGCOORD_HAVE_SQLITE
/* A run of a sqlite history store (docs/history.md) as the same JSON shape the json reporter
 * writes: {"manifest": {...}, "tables": {name: {"columns": [...], "rows": [...]}}}. */
static json_t *load_store_run(const char *db_path, const char *run_id)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL, *rows = NULL;
    json_t *root = NULL;
    rc_error e;
    if (rc_check_regular(db_path, "history store", RC_ERRK_CONFIG, &e) != 0) {
        fprintf(stderr, "regcoord compare: %s\n", e.msg);
        return NULL;
    }
    if (sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        fprintf(stderr, "regcoord compare: cannot open history store %s: %s\n", db_path,
                db ? sqlite3_errmsg(db) : "out of memory");
        goto done;
    }
    if (sqlite3_prepare_v2(db, "SELECT key, value FROM manifest WHERE run_id = ?1 ORDER BY position",
                           -1, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "regcoord compare: %s is not a regcoord history store: %s\n", db_path,
                sqlite3_errmsg(db));
        goto done;
    }
    json_t *manifest = json_object(), *tables = json_object();
    root = json_pack("{s:o,s:o}", "manifest", manifest, "tables", tables);
    sqlite3_bind_text(st, 1, run_id, -1, SQLITE_TRANSIENT);
    size_t n_manifest = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(st, 0);
        const char *v = (const char *)sqlite3_column_text(st, 1);
        if (k) json_object_set_new(manifest, k, v ? json_string(v) : json_null());
        n_manifest++;
    }
    sqlite3_finalize(st);
    st = NULL;
    if (n_manifest == 0) {
        fprintf(stderr, "regcoord compare: %s holds no run '%s' (list them with: sqlite3 %s "
                        "'SELECT run_id, created_seq, title FROM runs')\n", db_path, run_id, db_path);
        json_decref(root);
        root = NULL;
        goto done;
    }
    if (sqlite3_prepare_v2(db, "SELECT table_name, sql_table FROM run_tables WHERE run_id = ?1 "
                               "ORDER BY table_name", -1, &st, NULL) != SQLITE_OK)
        goto bad;
    sqlite3_bind_text(st, 1, run_id, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        const char *sql_table = (const char *)sqlite3_column_text(st, 1);
        if (!name || !sql_table || strchr(sql_table, '"')) continue;
        char q[512];
        snprintf(q, sizeof q, "SELECT * FROM \"%s\" WHERE run_id = ?1 ORDER BY rowid", sql_table);
        if (sqlite3_prepare_v2(db, q, -1, &rows, NULL) != SQLITE_OK) goto bad;
        sqlite3_bind_text(rows, 1, run_id, -1, SQLITE_TRANSIENT);
        json_t *cols = json_array(), *data = json_array();
        int nc = sqlite3_column_count(rows);
        for (int c = 0; c < nc; c++) {
            const char *cn = sqlite3_column_name(rows, c);
            if (strcmp(cn, "run_id") == 0) continue;
            /* the store names a keyword column `<name>_value` (t_index.index_value) */
            char orig[256];
            size_t len = strlen(cn);
            if (len > 6 && len - 6 < sizeof orig && strcmp(cn + len - 6, "_value") == 0 &&
                sqlite3_keyword_check(cn, (int)(len - 6))) {
                memcpy(orig, cn, len - 6);
                orig[len - 6] = '\0';
                cn = orig;
            }
            json_array_append_new(cols, json_pack("{s:s}", "name", cn));
        }
        while (sqlite3_step(rows) == SQLITE_ROW) {
            json_t *row = json_array();
            for (int c = 0; c < nc; c++) {
                if (strcmp(sqlite3_column_name(rows, c), "run_id") == 0) continue;
                switch (sqlite3_column_type(rows, c)) {
                case SQLITE_INTEGER: json_array_append_new(row, json_integer(sqlite3_column_int64(rows, c))); break;
                case SQLITE_FLOAT: json_array_append_new(row, json_real(sqlite3_column_double(rows, c))); break;
                case SQLITE_TEXT: json_array_append_new(row, json_string((const char *)sqlite3_column_text(rows, c))); break;
                default: json_array_append_new(row, json_null()); break;
                }
            }
            json_array_append_new(data, row);
        }
        sqlite3_finalize(rows);
        rows = NULL;
        json_object_set_new(tables, name, json_pack("{s:o,s:o}", "columns", cols, "rows", data));
    }
    goto done;
bad:
    fprintf(stderr, "regcoord compare: cannot read %s: %s\n", db_path, sqlite3_errmsg(db));
    json_decref(root);
    root = NULL;
done:
    sqlite3_finalize(rows);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return root;
}
#endif

static int load_rset(const char *path, rset *s)
{
    memset(s, 0, sizeof *s);
    s->path = path;
    const char *hash = strrchr(path, '#');
    struct stat probe;
    int is_file = stat(path, &probe) == 0; /* a JSON file whose name holds '#' */
    if (hash && !is_file) {
#ifdef REGCOORD_HAVE_SQLITE
        char db_path[4096];
        size_t n = (size_t)(hash - path);
        if (n >= sizeof db_path || !hash[1]) {
            fprintf(stderr, "regcoord compare: '%s' must read STORE.sqlite#RUN_ID\n", path);
            return -1;
        }
        memcpy(db_path, path, n);
        db_path[n] = '\0';
        s->root = load_store_run(db_path, hash + 1);
        if (!s->root) return -1;
#else
        fprintf(stderr, "regcoord compare: '%s' looks like a history store reference "
                        "(FILE#RUN_ID), but this regcoord was built without SQLite\n", path);
        return -1;
#endif
    } else {
        json_error_t je;
        rc_error e;
        FILE *f = rc_fopen_regular(path, NULL, RC_ERRK_CONFIG, &e); /* never blocks on a FIFO */
        if (!f) {
            fprintf(stderr, "regcoord compare: %s\n", e.msg);
            return -1;
        }
        s->root = json_loadf(f, JSON_REJECT_DUPLICATES, &je);
        fclose(f);
        if (!s->root) {
            fprintf(stderr, "regcoord compare: %s:%d:%d: not a JSON result set: %s\n", path,
                    je.line, je.column, je.text);
            return -1;
        }
    }
    s->tables = json_object_get(s->root, "tables");
    s->manifest = json_object_get(s->root, "manifest");
    if (!json_is_object(s->tables)) {
        fprintf(stderr, "regcoord compare: %s: no \"tables\" object; give a file written by the "
                        "json reporter\n", path);
        return -1;
    }
    if (s->manifest && !json_is_object(s->manifest)) s->manifest = NULL;
    return 0;
}

/* Column index of `name` in a table, -1 if absent. */
static long tcol(json_t *table, const char *name)
{
    json_t *cols = json_object_get(table, "columns");
    for (size_t i = 0; i < json_array_size(cols); i++) {
        json_t *c = json_array_get(cols, i);
        const char *n = json_string_value(json_is_object(c) ? json_object_get(c, "name") : c);
        if (n && !strcmp(n, name)) return (long)i;
    }
    return -1;
}

/* One comparable row: a key (up to 4 text parts, the year) and a value and rank. */
typedef struct item {
    const char *k[4];
    long long year;
    double v;
    long rank;
    const char *method;
} item;

static int cmp_key(const item *a, const item *b)
{
    for (int i = 0; i < 4; i++) {
        const char *x = a->k[i] ? a->k[i] : "", *y = b->k[i] ? b->k[i] : "";
        int c = strcmp(x, y);
        if (c) return c;
    }
    return (a->year > b->year) - (a->year < b->year);
}

static int cmp_item(const void *a, const void *b) { return cmp_key(a, b); }

static const char *json_kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "text";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "true/false";
    default: return "null";
    }
}

/* A tampered or damaged row: the place and what is wrong, on stderr. Returns -2. */
static long bad_row(const rset *s, const char *table, size_t r, const char *col,
                    const char *what, const json_t *v)
{
    fprintf(stderr, "regcoord compare: %s: tables.%s.rows[%zu]%s%s%s: %s%s%s; the file is not "
                    "as the json reporter wrote it\n", s->path, table, r, col ? ", column '" : "",
            col ? col : "", col ? "'" : "", what, v ? ", found " : "", v ? json_kind(v) : "");
    return -2;
}

/* Reads a table's rows into items: text key columns kc (n_k), the year column (NULL = none;
 * "all" reads as 0), the value and rank columns (rank may be NULL), a method column (may be
 * NULL). Returns the count, -1 when the table or a column is absent, -2 (said on stderr)
 * when a row is short, not a list, or holds a cell of the wrong type: a key that is not
 * text, a year that is not an integer (or "all"), a value that is not a number or null, a
 * rank that is not an integer or null, a method that is not text or null. */
static long read_items(const rset *s, const char *table, const char *const *kc, int n_k,
                       const char *yc, const char *vc, const char *rkc, const char *mc,
                       item **out)
{
    *out = NULL;
    json_t *t = json_object_get(s->tables, table);
    if (!json_is_object(t)) return -1;
    long ki[4], yi = yc ? tcol(t, yc) : -1, vi = tcol(t, vc), ri = rkc ? tcol(t, rkc) : -1,
         mi = mc ? tcol(t, mc) : -1;
    for (int i = 0; i < n_k; i++)
        if ((ki[i] = tcol(t, kc[i])) < 0) return -1;
    if (vi < 0 || (yc && yi < 0) || (rkc && ri < 0) || (mc && mi < 0)) return -1;
    size_t ncols = json_array_size(json_object_get(t, "columns"));
    json_t *rows = json_object_get(t, "rows");
    if (!json_is_array(rows)) return bad_row(s, table, 0, NULL, "\"rows\" must be a list", NULL);
    size_t n = json_array_size(rows);
    item *v = rc_calloc(n ? n : 1, sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    long rc = 0;
    for (size_t r = 0; r < n && rc == 0; r++) {
        json_t *row = json_array_get(rows, r);
        if (!json_is_array(row)) {
            rc = bad_row(s, table, r, NULL, "a row must be a list of cells", row);
            break;
        }
        if (json_array_size(row) != ncols) {
            char what[96];
            snprintf(what, sizeof what, "the row has %zu cells, the table has %zu columns",
                     json_array_size(row), ncols);
            rc = bad_row(s, table, r, NULL, what, NULL);
            break;
        }
        item *it = &v[m];
        for (int i = 0; i < n_k && rc == 0; i++) {
            json_t *c = json_array_get(row, (size_t)ki[i]);
            if (!(it->k[i] = json_string_value(c))) rc = bad_row(s, table, r, kc[i], "text expected", c);
        }
        if (rc) break;
        if (yc) {
            json_t *y = json_array_get(row, (size_t)yi);
            const char *ys = json_string_value(y);
            char *end = NULL;
            if (json_is_integer(y)) {
                it->year = json_integer_value(y);
            } else if (ys && strcmp(ys, "all") == 0) {
                it->year = 0;
            } else if (ys && *ys && (it->year = strtoll(ys, &end, 10), *end == '\0')) {
                /* a year written as text */
            } else {
                rc = bad_row(s, table, r, yc, "a year (an integer) expected", y);
                break;
            }
        }
        json_t *val = json_array_get(row, (size_t)vi);
        if (!json_is_number(val) && !json_is_null(val)) {
            rc = bad_row(s, table, r, vc, "a number or null expected", val);
            break;
        }
        it->v = json_is_null(val) ? NAN : json_number_value(val);
        json_t *rk = ri >= 0 ? json_array_get(row, (size_t)ri) : NULL;
        if (rk && !json_is_integer(rk) && !json_is_null(rk)) {
            rc = bad_row(s, table, r, rkc, "a rank (an integer) or null expected", rk);
            break;
        }
        it->rank = rk && json_is_integer(rk) ? (long)json_integer_value(rk) : 0;
        json_t *me = mi >= 0 ? json_array_get(row, (size_t)mi) : NULL;
        if (me && !json_is_string(me) && !json_is_null(me)) {
            rc = bad_row(s, table, r, mc, "text or null expected", me);
            break;
        }
        it->method = me ? json_string_value(me) : NULL;
        m++;
    }
    if (rc) {
        free(v);
        return rc;
    }
    qsort(v, m, sizeof *v, cmp_item);
    *out = v;
    return (long)m;
}

/* A pair of matched rows and how they moved. */
typedef struct move {
    const item *o, *n;
    double delta;
    long drank;         /* old rank − new rank; positive = climbed */
    int has_drank;
} move;

static int cmp_move(const void *a, const void *b)
{
    const move *x = a, *y = b;
    double ax = isnan(x->delta) ? -1 : fabs(x->delta), ay = isnan(y->delta) ? -1 : fabs(y->delta);
    if (ax != ay) return ax < ay ? 1 : -1;
    long rx = x->has_drank ? labs(x->drank) : -1, ry = y->has_drank ? labs(y->drank) : -1;
    if (rx != ry) return rx < ry ? 1 : -1;
    return cmp_key(x->o, y->o);
}

/* Decimals compare prints (`--decimals`, default 3: the reports' precision). */
static int g_decimals = 3;

static void fmt_num(double v, char *buf, size_t size, int sign)
{
    if (isnan(v)) {
        snprintf(buf, size, "-");
        return;
    }
    snprintf(buf, size, sign ? "%+.*f" : "%.*f", g_decimals, v);
    /* no "-0.000" / "+0.000" */
    const char *digits = buf + (buf[0] == '-' || buf[0] == '+');
    if (strspn(digits, "0.") == strlen(digits)) snprintf(buf, size, "%.*f", g_decimals, 0.0);
}

/* Prints rows of text cells as aligned columns, two spaces apart. */
static void print_grid(char (*cells)[64], size_t rows, size_t cols)
{
    size_t w[12] = {0};
    for (size_t r = 0; r < rows; r++)
        for (size_t c = 0; c < cols && c < 12; c++) {
            size_t l = strlen(cells[r * cols + c]);
            if (l > w[c]) w[c] = l;
        }
    for (size_t r = 0; r < rows; r++) {
        fputs("  ", stdout);
        for (size_t c = 0; c < cols; c++) {
            if (c + 1 < cols) printf("%-*s  ", (int)w[c], cells[r * cols + c]);
            else printf("%s", cells[r * cols + c]);
        }
        fputc('\n', stdout);
    }
}

/* Two years of one run (`--years A B`): keeps the old side's rows of year A and the new
 * side's of year B, keyed without the year. */
static long keep_year(item *v, long n, long year)
{
    long m = 0;
    for (long i = 0; i < n; i++)
        if (v[i].year == year) {
            v[m] = v[i];
            v[m++].year = 0;
        }
    return m;
}

static long g_year_a = 0, g_year_b = 0; /* --years A B, else 0 */

/* The index weight of dimension `dim` in `year` from a weights table ("all" or the year). */
static double dim_weight(const rset *s, const char *dim, long year)
{
    json_t *t = json_object_get(s->tables, "weights");
    long cl = tcol(t, "level"), cp = tcol(t, "parent"), cc = tcol(t, "child"), cy = tcol(t, "year"),
         cw = tcol(t, "weight");
    if (cl < 0 || cp < 0 || cc < 0 || cy < 0 || cw < 0) return NAN;
    json_t *rows = json_object_get(t, "rows");
    char ys[32];
    snprintf(ys, sizeof ys, "%ld", year);
    for (size_t r = 0; r < json_array_size(rows); r++) {
        json_t *row = json_array_get(rows, r);
        const char *l = json_string_value(json_array_get(row, (size_t)cl)),
                   *p = json_string_value(json_array_get(row, (size_t)cp)),
                   *c = json_string_value(json_array_get(row, (size_t)cc)),
                   *y = json_string_value(json_array_get(row, (size_t)cy));
        if (!l || !p || !c || !y || strcmp(l, "dimension") || strcmp(p, "index") || strcmp(c, dim))
            continue;
        if (!strcmp(y, "all") || !strcmp(y, ys)) {
            json_t *wv = json_array_get(row, (size_t)cw);
            return json_is_number(wv) ? json_number_value(wv) : NAN;
        }
    }
    return NAN;
}

/* Who moved and why between the two sides: each region's index change split into the
 * dimensions' contributions w̄Δs + s̄Δw (exact when the index is the weighted mean of its
 * dimensions, which is checked per region; otherwise it says so). The regions of `mv`
 * (largest index moves first), at most `top`. */
static void print_attribution(const rset *a, const rset *b, const move *mv, size_t nm, long top)
{
    static const char *kd[] = {"dimension", "region"};
    item *x = NULL, *y = NULL;
    long nx = read_items(a, "scores", kd, 2, "year", "score", NULL, NULL, &x);
    long ny = nx < 0 ? -1 : read_items(b, "scores", kd, 2, "year", "score", NULL, NULL, &y);
    size_t shown = top > 0 && (size_t)top < nm ? (size_t)top : nm;
    printf("why: each index change split into the dimensions' contributions (w̄Δs + s̄Δw)\n");
    for (size_t i = 0; i < shown && nx >= 0 && ny >= 0; i++) {
        const move *m = &mv[i];
        long ya = g_year_a ? g_year_a : m->o->year, yb = g_year_b ? g_year_b : m->n->year;
        char line[2048], nb[64];
        fmt_num(m->delta, nb, sizeof nb, 1);
        int off = snprintf(line, sizeof line, "  %s %ld->%ld %s =", m->o->k[0], ya, yb, nb);
        double sum = 0, total_w0 = 0, total_w1 = 0;
        int ok = !isnan(m->delta), first = 1;
        for (long p = 0; p < nx && ok; p++) {
            if (strcmp(x[p].k[1], m->o->k[0]) != 0 || x[p].year != ya) continue;
            const item *q = NULL;
            for (long j = 0; j < ny; j++)
                if (!strcmp(y[j].k[0], x[p].k[0]) && !strcmp(y[j].k[1], x[p].k[1]) && y[j].year == yb) {
                    q = &y[j];
                    break;
                }
            double w0 = dim_weight(a, x[p].k[0], ya), w1 = dim_weight(b, x[p].k[0], yb);
            if (!q || isnan(w0) || isnan(w1) || isnan(x[p].v) || isnan(q->v)) {
                ok = 0;
                break;
            }
            total_w0 += w0;
            total_w1 += w1;
            double c = 0.5 * (w0 + w1) * (q->v - x[p].v) + 0.5 * (x[p].v + q->v) * (w1 - w0);
            sum += c;
            fmt_num(c, nb, sizeof nb, 1);
            if (off < (int)sizeof line)
                off += snprintf(line + off, sizeof line - (size_t)off, "%s %s %s", first ? "" : " +",
                                x[p].k[0], nb);
            first = 0;
        }
        ok = ok && !first && fabs(total_w0 - 1) < 1e-9 && fabs(total_w1 - 1) < 1e-9 &&
             fabs(sum - m->delta) <= 1e-9 * (1 + fabs(m->delta));
        if (ok) printf("%s\n", line);
        else
            printf("  %s %ld->%ld: not split here (the index is not the weighted mean of its "
                   "dimensions on both sides); each run's attribution table splits it\n",
                   m->o->k[0], ya, yb);
    }
    printf("\n");
    free(x);
    free(y);
}

/* Compares scores (dimension != NULL) or the index; prints the largest moves. */
static int compare_scores(const rset *a, const rset *b, int scores, long year, long top,
                          int *years_out)
{
    static const char *kd[] = {"dimension", "region"}, *kr[] = {"region"};
    item *x = NULL, *y = NULL;
    long nx = read_items(a, scores ? "scores" : "index", scores ? kd : kr, scores ? 2 : 1, "year",
                         scores ? "score" : "index", "rank", NULL, &x);
    long ny = nx < 0 ? -1 : read_items(b, scores ? "scores" : "index", scores ? kd : kr,
                                       scores ? 2 : 1, "year", scores ? "score" : "index", "rank",
                                       NULL, &y);
    const char *what = scores ? "scores" : "index";
    if (nx == -2 || ny == -2) { /* said on stderr */
        free(x);
        free(y);
        return -1;
    }
    if (g_year_a && nx >= 0 && ny >= 0) {
        nx = keep_year(x, nx, g_year_a);
        ny = keep_year(y, ny, g_year_b);
    }
    if (nx < 0 || ny < 0) {
        fprintf(stderr, "regcoord compare: %s has no usable \"%s\" table\n",
                nx < 0 ? a->path : b->path, what);
        free(x);
        free(y);
        return -1;
    }
    move *mv = rc_calloc((size_t)(nx < ny ? nx : ny) + 1, sizeof *mv);
    if (!mv) {
        free(x);
        free(y);
        return -1;
    }
    size_t nm = 0, matched = 0;
    long long ymin = LLONG_MAX, ymax = LLONG_MIN;
    for (long i = 0, j = 0; i < nx && j < ny;) {
        int c = cmp_key(&x[i], &y[j]);
        if (c < 0) { i++; continue; }
        if (c > 0) { j++; continue; }
        const item *o = &x[i++], *n = &y[j++];
        if (year && o->year != year) continue;
        matched++;
        if (o->year < ymin) ymin = o->year;
        if (o->year > ymax) ymax = o->year;
        move m = {o, n, n->v - o->v, 0, o->rank > 0 && n->rank > 0};
        if (m.has_drank) m.drank = o->rank - n->rank;
        int moved = (isnan(o->v) != isnan(n->v)) || (!isnan(m.delta) && m.delta != 0) ||
                    o->rank != n->rank;
        if (moved) mv[nm++] = m;
    }
    if (!scores && years_out && g_year_a) {
        printf("compared: year %ld (old) with year %ld (new)\n\n", g_year_a, g_year_b);
        *years_out = matched > 0;
    } else if (!scores && years_out) {
        if (matched) printf("compared: years %lld-%lld held by both\n\n", ymin, ymax);
        else printf("compared: no region-year is held by both%s\n\n", year ? " in that year" : "");
        *years_out = matched > 0;
    }
    qsort(mv, nm, sizeof *mv, cmp_move);
    size_t shown = top > 0 && (size_t)top < nm ? (size_t)top : nm;
    printf("%s: %zu of %zu %s moved%s\n", scores ? "dimension scores" : "index", nm, matched,
           scores ? "region-year-dimensions" : "region-years",
           nm ? (shown < nm ? ", largest first (--top)" : ", largest first") : "");
    if (nm) {
        size_t cols = scores ? 9 : 8, off = scores ? 1 : 0;
        char (*cells)[64] = rc_calloc((shown + 1) * cols, sizeof *cells);
        if (cells) {
            const char *head[] = {"dimension", "region", "year", "old", "new", "change",
                                  "old_rank", "new_rank", "rank_change"};
            for (size_t c = 0; c < cols; c++) snprintf(cells[c], 64, "%s", head[c + 1 - off]);
            for (size_t r = 0; r < shown; r++) {
                char (*row)[64] = cells + (r + 1) * cols;
                const move *m = &mv[r];
                if (scores) snprintf(row[0], 64, "%s", m->o->k[0]);
                snprintf(row[off], 64, "%s", m->o->k[off]);
                if (g_year_a) snprintf(row[off + 1], 64, "%ld->%ld", g_year_a, g_year_b);
                else snprintf(row[off + 1], 64, "%lld", m->o->year);
                fmt_num(m->o->v, row[off + 2], 64, 0);
                fmt_num(m->n->v, row[off + 3], 64, 0);
                fmt_num(m->delta, row[off + 4], 64, 1);
                snprintf(row[off + 5], 64, "%ld", m->o->rank);
                snprintf(row[off + 6], 64, "%ld", m->n->rank);
                if (m->has_drank) snprintf(row[off + 7], 64, "%+ld", m->drank);
                else snprintf(row[off + 7], 64, "-");
                if (m->has_drank && m->drank == 0) snprintf(row[off + 7], 64, "0");
            }
            print_grid(cells, shown + 1, cols);
            free(cells);
        }
    }
    printf("\n");
    if (!scores && nm) print_attribution(a, b, mv, nm, top);
    free(mv);
    free(x);
    free(y);
    return 0;
}

/* Weights that changed (value or method), and whether any method did. */
static int compare_weights(const rset *a, const rset *b, long top, int print,
                           int *method_differs, rc_buf *why)
{
    static const char *kw[] = {"level", "parent", "child", "year"};
    item *x = NULL, *y = NULL;
    /* year is text ("all" or a year): keep it as a key part */
    long nx = read_items(a, "weights", kw, 4, NULL, "weight", NULL, "method", &x);
    long ny = nx < 0 ? -1 : read_items(b, "weights", kw, 4, NULL, "weight", NULL, "method", &y);
    if (nx == -2 || ny == -2) { /* said on stderr */
        free(x);
        free(y);
        return -1;
    }
    if (nx < 0 || ny < 0) {
        free(x);
        free(y);
        if (print)
            printf("weights: not compared (no weights table in %s)\n\n", nx < 0 ? a->path : b->path);
        return 0;
    }
    size_t cap = (size_t)(nx + ny) + 1, nr = 0;
    char (*cells)[64] = rc_calloc((cap + 1) * 6, sizeof *cells);
    if (!cells) {
        free(x);
        free(y);
        return -1;
    }
    const char *head[] = {"level", "parent", "child", "year", "old", "new"};
    for (size_t c = 0; c < 6; c++) snprintf(cells[c], 64, "%s", head[c]);
    size_t changed = 0;
    int noted = 0;
    for (long i = 0, j = 0; i < nx || j < ny;) {
        int c = i >= nx ? 1 : j >= ny ? -1 : cmp_key(&x[i], &y[j]);
        const item *o = c <= 0 ? &x[i] : NULL, *n = c >= 0 ? &y[j] : NULL;
        if (c <= 0) i++;
        if (c >= 0) j++;
        const item *k = o ? o : n;
        const char *om = o && o->method ? o->method : "", *nm = n && n->method ? n->method : "";
        int mdiff = o && n && strcmp(om, nm) != 0;
        /* weights taken from a baseline are not another method: the manifest's baseline
         * entry says whether the baselines differ */
        int mchange = mdiff && strcmp(om, "baseline") != 0 && strcmp(nm, "baseline") != 0;
        int vdiff = !o || !n || (o->v != n->v && !(isnan(o->v) && isnan(n->v)));
        if (mchange && !noted) {
            noted = 1;
            *method_differs = 1;
            rc_buf_printf(why, "%sweights of '%s' (%s -> %s)", why->len ? "; " : "", k->k[1],
                          o->method ? o->method : "?", n->method ? n->method : "?");
        }
        if (!mdiff && !vdiff) continue;
        changed++;
        if (top > 0 && nr >= (size_t)top) continue;
        char (*row)[64] = cells + (nr + 1) * 6;
        for (int p = 0; p < 4; p++) snprintf(row[p], 64, "%s", k->k[p]);
        char vb[40];
        if (o) fmt_num(o->v, vb, sizeof vb, 0);
        snprintf(row[4], 64, "%s%s%s%s", o ? vb : "(absent)", o && o->method ? " (" : "",
                 o && o->method ? o->method : "", o && o->method ? ")" : "");
        if (n) fmt_num(n->v, vb, sizeof vb, 0);
        snprintf(row[5], 64, "%s%s%s%s", n ? vb : "(absent)", n && n->method ? " (" : "",
                 n && n->method ? n->method : "", n && n->method ? ")" : "");
        nr++;
    }
    if (print) {
        printf("weights: %zu changed%s\n", changed, nr < changed ? " (first ones shown, --top)" : "");
        if (nr) print_grid(cells, nr + 1, 6);
        printf("\n");
    }
    free(cells);
    free(x);
    free(y);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Manifest entries that differ; methodology when a method:* entry or the baseline does. */
static void compare_manifests(const rset *a, const rset *b, int print, int *method_differs,
                              rc_buf *why)
{
    size_t na = a->manifest ? json_object_size(a->manifest) : 0;
    size_t nb = b->manifest ? json_object_size(b->manifest) : 0;
    const char **keys = rc_calloc(na + nb + 1, sizeof *keys);
    if (!keys) return;
    size_t n = 0;
    const char *k;
    json_t *v;
    if (a->manifest) json_object_foreach(a->manifest, k, v) keys[n++] = k;
    if (b->manifest) json_object_foreach(b->manifest, k, v) keys[n++] = k;
    qsort(keys, n, sizeof *keys, cmp_str);
    size_t nd = 0;
    rc_buf out;
    rc_buf_init(&out);
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(keys[i], keys[i - 1])) continue;
        const char *o = a->manifest ? json_string_value(json_object_get(a->manifest, keys[i])) : NULL;
        const char *nv = b->manifest ? json_string_value(json_object_get(b->manifest, keys[i])) : NULL;
        if (o && nv && !strcmp(o, nv)) continue;
        nd++;
        rc_buf_printf(&out, "  %s\n    old: %s\n    new: %s\n", keys[i], o ? o : "(absent)",
                      nv ? nv : "(absent)");
        if (!strncmp(keys[i], "method:", 7) || !strcmp(keys[i], "baseline")) {
            *method_differs = 1;
            rc_buf_printf(why, "%s%s (%s -> %s)", why->len ? "; " : "", keys[i], o ? o : "absent",
                          nv ? nv : "absent");
        }
    }
    if (print)
        printf("manifest: %zu entr%s differ%s\n%s\n", nd, nd == 1 ? "y" : "ies",
               nd == 1 ? "s" : "", out.data ? out.data : "");
    rc_buf_free(&out);
    free(keys);
}

int rc_cmd_compare(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL};
    long top = 20, year = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: regcoord compare OLD.json NEW.json [--top N] [--year Y] [--decimals D]\n"
                   "       regcoord compare RESULTS.json --years A B [--top N] [--decimals D]\n\n"
                   "Compares two result sets written by the json reporter and prints what moved:\n"
                   "the index and dimension scores and ranks per region for the years both hold\n"
                   "(largest moves first), the weights that changed and the manifest entries that\n"
                   "differ. A WARNING line says when the two were made with different methodology\n"
                   "(a method:* manifest entry, a weighting method or the baseline differs).\n"
                   "--top N shows at most N rows per table (default 20, 0 = all); --year Y\n"
                   "compares that year only; --years A B compares year A with year B of one run\n"
                   "(or of the two). Each index move is explained by the dimensions'\n"
                   "contributions (w̄Δs + s̄Δw, exact for the arithmetic index). Numbers have D\n"
                   "decimals (default 3). A side may be a history store run, STORE.sqlite#RUN_ID.\n"
                   "Exit 0, or 2 on bad input.\n");
            return 0;
        } else if (!strcmp(a, "--years")) {
            char *e1, *e2;
            if (i + 2 >= argc) return usage_error("compare", "--years needs two years: A B", NULL);
            g_year_a = strtol(argv[i + 1], &e1, 10);
            g_year_b = strtol(argv[i + 2], &e2, 10);
            if (*e1 || *e2 || g_year_a < 1 || g_year_a > 9999 || g_year_b < 1 || g_year_b > 9999)
                return usage_error("compare", "--years needs two years such as 2023 2024, not",
                                   argv[i + 1]);
            i += 2;
        } else if (!strcmp(a, "--decimals")) {
            char *end;
            if (i + 1 >= argc) return usage_error("compare", "--decimals", "needs a number");
            long v = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || v < 0 || v > 17)
                return usage_error("compare", "--decimals must be 0 to 17, not", argv[i]);
            g_decimals = (int)v;
        } else if (!strcmp(a, "--top") || !strcmp(a, "--year")) {
            char *end;
            if (i + 1 >= argc) return usage_error("compare", a, "needs a number");
            long v = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || v < 0 || v > 1000000000L)
                return usage_error("compare", "not a number >= 0:", argv[i]);
            if (a[2] == 't') top = v;
            else year = v;
        } else if (a[0] == '-' && a[1]) {
            return usage_error("compare", "unknown option", a);
        } else if (!files[0]) {
            files[0] = a;
        } else if (!files[1]) {
            files[1] = a;
        } else {
            return usage_error("compare", "unexpected argument", a);
        }
    }
    if (!files[1] && files[0] && g_year_a) files[1] = files[0]; /* two years of one run */
    if (!files[1]) return usage_error("compare", "needs two result files: OLD NEW (or one with --years A B)", NULL);
    if (g_year_a && year) return usage_error("compare", "--year and --years exclude each other", NULL);
    rset a, b;
    int rc = RC_EXIT_USAGE;
    memset(&b, 0, sizeof b);
    if (load_rset(files[0], &a) != 0 || load_rset(files[1], &b) != 0) goto done;
    int method_differs = 0, any_years = 0;
    rc_buf why;
    rc_buf_init(&why);
    printf("regcoord compare\n  old: %s\n  new: %s\n", files[0], files[1]);
    /* methodology first, so the warning heads the output */
    compare_manifests(&a, &b, 0, &method_differs, &why);
    if (compare_weights(&a, &b, 0, 0, &method_differs, &why) != 0) {
        rc_buf_free(&why);
        goto done;
    }
    if (method_differs)
        printf("WARNING: the two result sets were made with different methodology: %s; their "
               "scores and ranks are not comparable as they stand\n",
               why.data ? why.data : "");
    printf("\n");
    rc_buf_free(&why);
    rc_buf_init(&why);
    int dummy = 0;
    if (compare_scores(&a, &b, 0, year, top, &any_years) != 0 ||
        compare_scores(&a, &b, 1, year, top, NULL) != 0 ||
        compare_weights(&a, &b, top, 1, &dummy, &why) != 0) {
        rc_buf_free(&why);
        goto done;
    }
    compare_manifests(&a, &b, 1, &dummy, &why);
    rc_buf_free(&why);
    rc = 0;
done:
    json_decref(a.root);
    json_decref(b.root);
    return rc;
}
