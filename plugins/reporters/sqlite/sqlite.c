/* plugins/reporters/sqlite/sqlite.c — the sqlite reporter: a history store that
 * accumulates runs in one SQLite database. The previous database (if any) is copied into
 * the host's temporary file with the SQLite backup API, this run is added in one
 * transaction keyed by a hash of the manifest (replacing an earlier copy of the same
 * run), and the host renames the file into place only when the whole run succeeded.
 * Schema and example queries: docs/history.md. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "regcoord/plugin.h"

#include "../common/names.h"
#include "../common/report_util.h"

#define HS_SCHEMA_VERSION "1"

static const rc_config_key sqlite_keys[] = {
    {"tables", RC_CFG_LIST, 0, NULL,
     "Names of the result tables to store (the manifest is always stored); every table "
     "when absent."},
};

/* One report call: the host, the databases and the message buffer. */
typedef struct store {
    const rc_host *h;
    rc_ctx *ctx;
    const char *path;   /* the final path, for messages */
    sqlite3 *db;        /* the temporary database being written */
    char run_id[17];
    const rr_names *names; /* region names and labels for the `name`/`label` columns */
} store;

/* An SQL identifier, double-quoted with inner quotes doubled, so any name is safe. */
static void sb_ident(rr_buf *b, const char *prefix, const char *name, const char *suffix)
{
    rr_put(b, "\"", 1);
    rr_puts(b, prefix);
    for (const char *p = name; *p; p++) {
        rr_put(b, p, 1);
        if (*p == '"') rr_put(b, "\"", 1);
    }
    rr_puts(b, suffix);
    rr_put(b, "\"", 1);
}

/* ------------------------------------------------------------------ errors */

static int32_t fail_msg(store *s, int32_t rc, const char *what)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "history store '%s': %s", s->path, what);
    s->h->set_error(s->ctx, msg);
    return rc;
}

static int32_t fail_db(store *s, sqlite3 *db, const char *what)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "history store '%s': %s: %s", s->path, what,
             db ? sqlite3_errmsg(db) : "out of memory");
    s->h->set_error(s->ctx, msg);
    return RC_EIO;
}

static int32_t exec(store *s, const char *sql, const char *what)
{
    if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK) return fail_db(s, s->db, what);
    return RC_OK;
}

static int32_t prepare(store *s, const char *sql, sqlite3_stmt **st, const char *what)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK) {
        *st = NULL;
        return fail_db(s, s->db, what);
    }
    return RC_OK;
}

/* ------------------------------------------------------------------ manifest */

/* The run id: FNV-1a 64 over every manifest row (key US value RS), as 16 hex digits. The
 * manifest holds the tool version, the config and data hashes, the plugins and methods,
 * so the same assessment on the same data gets the same id. */
static void run_id_of(store *s, const rc_table *man)
{
    const rc_host *h = s->h;
    uint64_t x = 1469598103934665603ULL;
    size_t ncols = h->table_ncols(s->ctx, man), nrows = h->table_nrows(s->ctx, man);
    for (size_t r = 0; r < nrows; r++) {
        for (size_t c = 0; c < ncols; c++) {
            const char *t = h->cell_text(s->ctx, man, r, c);
            for (const unsigned char *p = (const unsigned char *)t; p && *p; p++) {
                x ^= *p;
                x *= 1099511628211ULL;
            }
            x ^= c + 1 < ncols ? 0x1f : 0x1e;
            x *= 1099511628211ULL;
        }
    }
    snprintf(s->run_id, sizeof s->run_id, "%016llx", (unsigned long long)x);
}

/* A manifest value by key (key and value are the table's first two string columns), or
 * NULL. The text stays valid until the next cell_text call. */
static const char *manifest_value(store *s, const rc_table *man, const char *key)
{
    const rc_host *h = s->h;
    for (size_t r = 0, n = h->table_nrows(s->ctx, man); r < n; r++) {
        if (strcmp(h->cell_text(s->ctx, man, r, 0), key) == 0)
            return h->cell_text(s->ctx, man, r, 1);
    }
    return NULL;
}

/* ------------------------------------------------------------------ schema */

static const char SCHEMA_SQL[] =
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, created_seq INTEGER NOT NULL "
    "UNIQUE, title TEXT, tool_version TEXT, config_sha256 TEXT, data_sha256 TEXT);"
    "CREATE TABLE IF NOT EXISTS manifest (run_id TEXT NOT NULL, position INTEGER NOT NULL, "
    "key TEXT, value TEXT, PRIMARY KEY (run_id, position));"
    "CREATE TABLE IF NOT EXISTS run_tables (run_id TEXT NOT NULL, table_name TEXT NOT NULL, "
    "sql_table TEXT NOT NULL, n_rows INTEGER NOT NULL, n_cols INTEGER NOT NULL, "
    "PRIMARY KEY (run_id, table_name));"
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '" HS_SCHEMA_VERSION "');"
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('writer', 'regcoord sqlite reporter');";

/* Creates the fixed tables, or checks an existing store was written with this schema. */
static int32_t ensure_schema(store *s)
{
    int32_t rc = exec(s, SCHEMA_SQL, "cannot create the schema");
    if (rc != RC_OK) return rc;
    sqlite3_stmt *st;
    rc = prepare(s, "SELECT value FROM meta WHERE key = 'schema_version'", &st,
                 "cannot read the schema version");
    if (rc != RC_OK) return rc;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (!v || strcmp(v, HS_SCHEMA_VERSION) != 0) {
            char what[256];
            snprintf(what, sizeof what,
                     "the store has schema version %.20s, this reporter writes version "
                     HS_SCHEMA_VERSION "; write to a new file", v ? v : "(none)");
            rc = fail_msg(s, RC_EDATA, what);
        }
    }
    sqlite3_finalize(st);
    return rc;
}

/* The SQL type of a result column. */
static const char *sql_type(int32_t col_type)
{
    switch (col_type) {
    case RC_COL_INT: return "INTEGER";
    case RC_COL_NUMBER: return "REAL";
    default: return "TEXT";
    }
}

/* The stored name of a result column: an SQL keyword (`index`, `from`, `to`) gets the
 * suffix `_value`, so queries never need quoting (`SELECT year, index_value …`). */
static const char *store_col(const char *col, char *buf, size_t size)
{
    if (!sqlite3_keyword_check(col, (int)strlen(col))) return col;
    snprintf(buf, size, "%s_value", col);
    return buf;
}

/* Whether the SQL table `sql_name` already has a column `col` (names compare
 * case-insensitively, as SQLite does). */
static int32_t has_column(store *s, const char *sql_name, const char *col, int *found)
{
    sqlite3_stmt *st;
    int32_t rc = prepare(s, "SELECT name FROM pragma_table_info(?1)", &st,
                         "cannot read a table's columns");
    if (rc != RC_OK) return rc;
    sqlite3_bind_text(st, 1, sql_name, -1, SQLITE_STATIC);
    *found = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (name && strcasecmp(name, col) == 0) *found = 1;
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return fail_db(s, s->db, "cannot read a table's columns");
    return RC_OK;
}

/* CREATE TABLE IF NOT EXISTS "t_<name>" with run_id and the table's columns, adds the
 * columns an older store lacks, and the indexes. */
static int32_t ensure_table(store *s, const rc_table *t, const rr_colplan *plan,
                            const char *name, rr_buf *b)
{
    const rc_host *h = s->h;
    size_t ncols = plan->n;
    char cbuf[300];
    int has_region = 0, has_year = 0;
    b->len = 0;
    rr_puts(b, "CREATE TABLE IF NOT EXISTS ");
    sb_ident(b, "t_", name, "");
    rr_puts(b, " (run_id TEXT NOT NULL");
    for (size_t c = 0; c < ncols; c++) {
        const char *col = store_col(rr_colplan_name(h, s->ctx, t, plan, c), cbuf, sizeof cbuf);
        if (strcasecmp(col, "run_id") == 0) {
            char what[512];
            snprintf(what, sizeof what,
                     "table '%.200s' has a column named run_id, which the store reserves",
                     name);
            return fail_msg(s, RC_EDATA, what);
        }
        if (strcmp(col, "region") == 0) has_region = 1;
        if (strcmp(col, "year") == 0) has_year = 1;
        rr_puts(b, ", ");
        sb_ident(b, "", col, "");
        rr_puts(b, " ");
        rr_puts(b, sql_type(rr_colplan_type(h, s->ctx, t, plan, c)));
    }
    rr_puts(b, ");");
    if (b->failed) return fail_msg(s, RC_ENOMEM, "out of memory");
    int32_t rc = exec(s, b->data, "cannot create a result table");
    if (rc != RC_OK) return rc;

    char sql_name[600];
    snprintf(sql_name, sizeof sql_name, "t_%s", name);
    for (size_t c = 0; c < ncols; c++) {
        const char *col = store_col(rr_colplan_name(h, s->ctx, t, plan, c), cbuf, sizeof cbuf);
        int found;
        rc = has_column(s, sql_name, col, &found);
        if (rc != RC_OK) return rc;
        if (found) continue;
        b->len = 0;
        rr_puts(b, "ALTER TABLE ");
        sb_ident(b, "t_", name, "");
        rr_puts(b, " ADD COLUMN ");
        sb_ident(b, "", col, "");
        rr_puts(b, " ");
        rr_puts(b, sql_type(rr_colplan_type(h, s->ctx, t, plan, c)));
        if (b->failed) return fail_msg(s, RC_ENOMEM, "out of memory");
        rc = exec(s, b->data, "cannot add a column to a result table");
        if (rc != RC_OK) return rc;
    }

    b->len = 0;
    rr_puts(b, "CREATE INDEX IF NOT EXISTS ");
    sb_ident(b, "t_", name, "_run");
    rr_puts(b, " ON ");
    sb_ident(b, "t_", name, "");
    rr_puts(b, " (run_id);");
    if (has_region && has_year) {
        rr_puts(b, "CREATE INDEX IF NOT EXISTS ");
        sb_ident(b, "t_", name, "_region_year");
        rr_puts(b, " ON ");
        sb_ident(b, "t_", name, "");
        rr_puts(b, " (region, year);");
    }
    if (b->failed) return fail_msg(s, RC_ENOMEM, "out of memory");
    return exec(s, b->data, "cannot index a result table");
}

/* ------------------------------------------------------------------ this run */

/* Deletes every row of this run id (a repeated run replaces its earlier copy). */
static int32_t delete_run(store *s, rr_buf *b)
{
    sqlite3_stmt *st;
    int32_t rc = prepare(s,
                         "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                         "name GLOB 't_*' ORDER BY name", &st, "cannot list the tables");
    if (rc != RC_OK) return rc;
    /* Collect the DELETE statements first, then run them. */
    b->len = 0;
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (!name) continue;
        rr_puts(b, "DELETE FROM ");
        sb_ident(b, "", name, "");
        rr_puts(b, " WHERE run_id = '");
        rr_puts(b, s->run_id); /* hex digits only */
        rr_puts(b, "';");
    }
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return fail_db(s, s->db, "cannot list the tables");
    rr_puts(b, "DELETE FROM manifest WHERE run_id = '");
    rr_puts(b, s->run_id);
    rr_puts(b, "'; DELETE FROM run_tables WHERE run_id = '");
    rr_puts(b, s->run_id);
    rr_puts(b, "';");
    if (b->failed) return fail_msg(s, RC_ENOMEM, "out of memory");
    return exec(s, b->data, "cannot replace the earlier copy of this run");
}

/* Binds a text that may be NULL (SQL NULL then). The text must outlive the step. */
static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v) sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

/* The runs row: an existing run keeps its created_seq, a new one gets max + 1. */
static int32_t insert_run(store *s, const rc_table *man)
{
    sqlite3_stmt *st;
    int64_t seq = 0;
    int32_t rc = prepare(s,
                         "SELECT created_seq FROM runs WHERE run_id = ?1 UNION ALL "
                         "SELECT COALESCE(MAX(created_seq), 0) + 1 FROM runs", &st,
                         "cannot number the run");
    if (rc != RC_OK) return rc;
    sqlite3_bind_text(st, 1, s->run_id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) seq = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (seq <= 0) return fail_db(s, s->db, "cannot number the run");

    rc = prepare(s,
                 "INSERT OR REPLACE INTO runs (run_id, created_seq, title, tool_version, "
                 "config_sha256, data_sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &st,
                 "cannot record the run");
    if (rc != RC_OK) return rc;
    /* manifest_value() texts live in the host's cell_text buffer until the next call, so
     * copy each before asking for the next. */
    static const char *const keys[4][2] = {{"title", NULL},
                                           {"version", "tool_version"},
                                           {"config_sha256", NULL},
                                           {"data_sha256", NULL}};
    char vals[4][512];
    const char *ptr[4];
    for (int i = 0; i < 4; i++) {
        const char *v = manifest_value(s, man, keys[i][0]);
        if (!v && keys[i][1]) v = manifest_value(s, man, keys[i][1]);
        ptr[i] = v ? vals[i] : NULL;
        if (v) snprintf(vals[i], sizeof vals[i], "%s", v);
    }
    sqlite3_bind_text(st, 1, s->run_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, seq);
    for (int i = 0; i < 4; i++) bind_text(st, 3 + i, ptr[i]);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return fail_db(s, s->db, "cannot record the run");

    rc = prepare(s, "INSERT INTO manifest (run_id, position, key, value) VALUES (?1, ?2, ?3, ?4)",
                 &st, "cannot record the manifest");
    if (rc != RC_OK) return rc;
    const rc_host *h = s->h;
    size_t nrows = h->table_nrows(s->ctx, man);
    for (size_t r = 0; r < nrows; r++) {
        sqlite3_bind_text(st, 1, s->run_id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, (int64_t)r + 1);
        /* cell_text keeps one text at a time: key as a transient copy made by SQLite */
        sqlite3_bind_text(st, 3, h->cell_text(s->ctx, man, r, 0), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, h->cell_text(s->ctx, man, r, 1), -1, SQLITE_TRANSIENT);
        step = sqlite3_step(st);
        sqlite3_reset(st);
        if (step != SQLITE_DONE) {
            sqlite3_finalize(st);
            return fail_db(s, s->db, "cannot record the manifest");
        }
    }
    sqlite3_finalize(st);
    return RC_OK;
}

/* Inserts every row of one result table, tagged with the run id. */
static int32_t insert_table(store *s, const rc_table *t, const rr_colplan *plan,
                            const char *name, rr_buf *b)
{
    const rc_host *h = s->h;
    size_t ncols = plan->n, nrows = h->table_nrows(s->ctx, t);
    int32_t *types = malloc((ncols ? ncols : 1) * sizeof *types);
    if (!types) return fail_msg(s, RC_ENOMEM, "out of memory");
    char cbuf[300];
    b->len = 0;
    rr_puts(b, "INSERT INTO ");
    sb_ident(b, "t_", name, "");
    rr_puts(b, " (run_id");
    for (size_t c = 0; c < ncols; c++) {
        rr_puts(b, ", ");
        sb_ident(b, "", store_col(rr_colplan_name(h, s->ctx, t, plan, c), cbuf, sizeof cbuf), "");
        types[c] = rr_colplan_type(h, s->ctx, t, plan, c);
    }
    rr_puts(b, ") VALUES (?1");
    for (size_t c = 0; c < ncols; c++) rr_puts(b, ", ?");
    rr_puts(b, ")");
    if (b->failed) {
        free(types);
        return fail_msg(s, RC_ENOMEM, "out of memory");
    }
    sqlite3_stmt *st;
    int32_t rc = prepare(s, b->data, &st, "cannot prepare the insert of a result table");
    if (rc != RC_OK) {
        free(types);
        return rc;
    }
    for (size_t r = 0; r < nrows && rc == RC_OK; r++) {
        sqlite3_bind_text(st, 1, s->run_id, -1, SQLITE_STATIC);
        for (size_t c = 0; c < ncols; c++) {
            int i = (int)c + 2;
            int64_t src = plan->src[c];
            if (src < 0) {
                /* names and labels are the regions/labels tables' own text */
                bind_text(st, i, rr_colplan_text(h, s->ctx, t, plan, s->names, r, c));
            } else if (types[c] == RC_COL_INT) {
                sqlite3_bind_int64(st, i, h->cell_int(s->ctx, t, r, (size_t)src));
            } else if (types[c] == RC_COL_NUMBER) {
                double v = h->cell_num(s->ctx, t, r, (size_t)src);
                if (isnan(v)) sqlite3_bind_null(st, i);
                else sqlite3_bind_double(st, i, v);
            } else {
                /* cell_str's text is the table's own, valid for the whole callback */
                bind_text(st, i, h->cell_str(s->ctx, t, r, (size_t)src));
            }
        }
        if (sqlite3_step(st) != SQLITE_DONE) {
            char what[512];
            snprintf(what, sizeof what, "cannot insert row %zu of table '%.200s'", r + 1, name);
            rc = fail_db(s, s->db, what);
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    free(types);
    if (rc != RC_OK) return rc;

    rc = prepare(s,
                 "INSERT INTO run_tables (run_id, table_name, sql_table, n_rows, n_cols) "
                 "VALUES (?1, ?2, 't_' || ?2, ?3, ?4)", &st, "cannot record a table");
    if (rc != RC_OK) return rc;
    sqlite3_bind_text(st, 1, s->run_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (int64_t)nrows);
    sqlite3_bind_int64(st, 4, (int64_t)ncols);
    int step = sqlite3_step(st);
    sqlite3_finalize(st);
    if (step != SQLITE_DONE) return fail_db(s, s->db, "cannot record a table");
    return RC_OK;
}

/* ------------------------------------------------------------------ the store */

/* Copies the database at the final path (if there is one) into the temporary database. */
static int32_t copy_previous(store *s)
{
    struct stat st;
    if (stat(s->path, &st) != 0) return RC_OK; /* a new store */
    if (!S_ISREG(st.st_mode))
        return fail_msg(s, RC_EIO, "exists and is not a regular file");
    sqlite3 *old = NULL;
    if (sqlite3_open_v2(s->path, &old, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        int32_t rc = fail_db(s, old, "cannot open the existing store");
        sqlite3_close(old);
        return rc;
    }
    int32_t rc = RC_OK;
    sqlite3_backup *bk = sqlite3_backup_init(s->db, "main", old, "main");
    if (!bk) {
        rc = fail_db(s, s->db, "cannot copy the existing store");
    } else {
        int step = sqlite3_backup_step(bk, -1);
        sqlite3_backup_finish(bk);
        if (step != SQLITE_DONE) {
            char what[256];
            snprintf(what, sizeof what,
                     "cannot copy the existing store (is it a SQLite database?): %s",
                     sqlite3_errstr(step));
            rc = fail_msg(s, RC_EIO, what);
        }
    }
    sqlite3_close(old);
    return rc;
}

/* Everything between opening the temporary database and closing it. */
static int32_t write_store(store *s, const rc_table *man, const unsigned char *sel, size_t n)
{
    const rc_host *h = s->h;
    int32_t rc = copy_previous(s);
    if (rc == RC_OK) rc = exec(s, "PRAGMA journal_mode = DELETE", "cannot set the journal mode");
    if (rc == RC_OK) rc = exec(s, "BEGIN IMMEDIATE", "cannot begin the transaction");
    if (rc != RC_OK) return rc;
    rr_buf b = {0};
    rc = ensure_schema(s);
    if (rc == RC_OK) rc = delete_run(s, &b);
    if (rc == RC_OK) rc = insert_run(s, man);
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        const rc_table *t = h->table_at(s->ctx, i);
        if (!sel[i] || t == man) continue;
        const char *name = h->table_name(s->ctx, t);
        if (!name || !*name || strlen(name) > 200) {
            rc = fail_msg(s, RC_EDATA, "a result table has an empty or too long name");
            break;
        }
        rr_colplan plan;
        if (rr_colplan_make(h, s->ctx, t, &plan) != RC_OK) {
            rc = fail_msg(s, RC_ENOMEM, "out of memory");
            break;
        }
        rc = ensure_table(s, t, &plan, name, &b);
        if (rc == RC_OK) rc = insert_table(s, t, &plan, name, &b);
        rr_colplan_free(&plan);
    }
    free(b.data);
    if (rc == RC_OK) return exec(s, "COMMIT", "cannot commit the run");
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int32_t sqlite_report(void *state, const rc_host *h, rc_ctx *ctx)
{
    (void)state;
    int32_t host_rc = rr_check_host(h, ctx, "sqlite");
    if (host_rc != RC_OK) return host_rc;
    store s = {.h = h, .ctx = ctx, .path = h->output_path(ctx)};
    if (!s.path || !*s.path) {
        h->set_error(ctx, "the sqlite reporter needs a 'path' for the history database");
        return RC_EINVAL;
    }

    const rc_table *man = h->table_by_name(ctx, "manifest");
    if (!man || h->table_ncols(ctx, man) < 2) {
        return fail_msg(&s, RC_EDATA,
                        "the results have no manifest table (key, value), which keys each "
                        "run in the store");
    }
    size_t n = h->n_tables(ctx);
    unsigned char *sel = malloc(n ? n : 1);
    if (!sel) return fail_msg(&s, RC_ENOMEM, "out of memory");
    int32_t rc = rr_select_tables(h, ctx, h->config(ctx), sel, n, RR_UNKNOWN_PLAIN);
    if (rc != RC_OK) {
        free(sel);
        return rc;
    }
    run_id_of(&s, man);
    rr_names *names = rr_names_load(h, ctx);
    if (!names) {
        free(sel);
        return fail_msg(&s, RC_ENOMEM, "out of memory");
    }
    s.names = names;

    rc_output *out = h->output_begin(ctx, s.path);
    const char *tmp = out ? h->output_temp_path(ctx, out) : NULL;
    if (!out || !tmp) {
        free(sel);
        rr_names_free(names);
        return RC_EIO; /* the host has set the error */
    }
    if (sqlite3_open_v2(tmp, &s.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        rc = fail_db(&s, s.db, "cannot open the temporary database");
    } else {
        rc = write_store(&s, man, sel, n);
    }
    if (s.db && sqlite3_close(s.db) != SQLITE_OK && rc == RC_OK)
        rc = fail_db(&s, s.db, "cannot close the database");
    free(sel);
    rr_names_free(names);
    if (rc != RC_OK) return rc; /* the host discards the temporary file */
    char msg[128];
    snprintf(msg, sizeof msg, "stored run %s", s.run_id);
    h->log(ctx, RC_LOG_INFO, msg);
    return h->output_end(ctx, out);
}

static const rc_plugin_descriptor sqlite_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "sqlite",
    .version = "1.0.0",
    .summary = "Adds the run to a SQLite history database that accumulates runs.",
    .config_keys = sqlite_keys,
    .n_config_keys = sizeof sqlite_keys / sizeof sqlite_keys[0],
    .report = sqlite_report,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &sqlite_descriptor;
}
