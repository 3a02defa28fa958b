/* plugins/reporters/sqlite/sqlite.c — the sqlite reporter: a history store that
 * accumulates runs in one SQLite database. The store is updated in place (host service
 * output_in_place), never copied: this run is added in one write transaction (WAL journal,
 * busy timeout) keyed by a hash of the manifest, replacing an earlier copy of the same run,
 * and the transaction is committed only when the host commits the whole report set, so a
 * failed, stopped or killed run leaves the store as it was and two runs into one store both
 * land. Schema and example queries: docs/history.md. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <sqlite3.h>

#include "regcoord/plugin.h"

#include "../common/names.h"
#include "../common/report_util.h"

#define HS_SCHEMA_VERSION "1"
#define HS_BUSY_MS 30000 /* default: how long a write waits for another writer of the store */

static const rc_config_key sqlite_keys[] = {
    {"tables", RC_CFG_LIST, 0, NULL,
     "Names of the result tables to store (the manifest is always stored); every table "
     "when absent."},
    /* declares that this reporter accepts the core key `root: config` (the help text is
     * the core key's, which the schema shows) */
    {"root", RC_CFG_ENUM, 0, "output",
     "What 'path' is relative to: output (the output folder, -o) or config (the config's "
     "folder: only for a store updated in place, the sqlite history kept across years).",
     "output|config"},
    {"busy_timeout", RC_CFG_NUMBER, 0, "30",
     "Seconds this run waits for another process writing the store before it fails with "
     "'the store is locked by another process' (0 to 3600)."},
};

/* One report call: the host, the databases and the message buffer. */
typedef struct store {
    const rc_host *h;
    rc_ctx *ctx;
    const char *path;   /* the final path, for messages */
    sqlite3 *db;        /* the store, open with this run's transaction pending */
    int busy_ms;        /* busy_timeout */
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
    return rc_errorf(s->h, s->ctx, rc, "history store '%s': %s", s->path, what);
}

/* What went wrong, in words that name the cause: a full disk, a locked store, a file that
 * is not a database, otherwise SQLite's own message. */
/* Why a write to the store failed when SQLite no longer knows the errno (it reports a bare
 * "disk I/O error" after the rollback): the disk is full, or the store reached the file-size
 * limit; NULL when neither. */
static const char *write_limit(sqlite3 *db, char *buf, size_t size)
{
    const char *path = sqlite3_db_filename(db, "main");
    if (!path || !*path) return NULL;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) *(slash == dir ? slash + 1 : slash) = '\0';
    struct statvfs vfs;
    if (statvfs(slash ? dir : ".", &vfs) == 0 && vfs.f_bavail == 0)
        return "the disk is full (no space left on device)";
    struct rlimit rl;
    struct stat st;
    if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && stat(path, &st) == 0 &&
        (unsigned long long)st.st_size + 65536u >= (unsigned long long)rl.rlim_cur) {
        snprintf(buf, size, "the store reached the file-size limit of this process (%llu bytes, "
                 "ulimit -f): it cannot grow", (unsigned long long)rl.rlim_cur);
        return buf;
    }
    return NULL;
}

static const char *db_reason(sqlite3 *db, int busy_ms, char *buf, size_t size)
{
    if (!db) return "out of memory";
    int code = sqlite3_extended_errcode(db) & 0xff;
    switch (code) {
    case SQLITE_FULL: return "the disk is full (no space left on device)";
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        snprintf(buf, size, "the store is locked by another process (waited %g s, "
                 "busy_timeout)", busy_ms / 1000.0);
        return buf;
    case SQLITE_NOTADB: return "the file is not a SQLite database; give another path";
    case SQLITE_READONLY: return "the store cannot be written (read-only)";
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN: {
        int e = sqlite3_system_errno(db);
        if (e == ENOSPC) return "the disk is full (no space left on device)";
        if (e == EFBIG) {
            snprintf(buf, size, "the store reached the file-size limit (%s)", strerror(e));
            return buf;
        }
        if (e == 0) {
            const char *why = write_limit(db, buf, size);
            if (why) return why;
        }
        snprintf(buf, size, "%s%s%s", sqlite3_errmsg(db), e ? ": " : "", e ? strerror(e) : "");
        return buf;
    }
    default: return sqlite3_errmsg(db);
    }
}

static int32_t fail_db(store *s, sqlite3 *db, const char *what)
{
    char why[512];
    return rc_errorf(s->h, s->ctx, RC_EIO, "history store '%s': %s: %s", s->path, what,
                     db_reason(db, s->busy_ms, why, sizeof why));
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

/* A run's uncommitted transaction, handed to the host until it commits the report set. */
typedef struct pending {
    sqlite3 *db;
    int busy_ms;
    char path[4096];
} pending;

static int32_t pending_commit(void *user, char *msg, size_t size)
{
    pending *p = user;
    if (sqlite3_exec(p->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK) return RC_OK;
    char why[512];
    snprintf(msg, size, "history store '%s': cannot commit the run: %s", p->path,
             db_reason(p->db, p->busy_ms, why, sizeof why));
    return RC_EIO;
}

static void pending_release(void *user)
{
    pending *p = user;
    if (p->db) {
        if (!sqlite3_get_autocommit(p->db)) sqlite3_exec(p->db, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close(p->db);
    }
    free(p);
}

/* Opens the store in place: a regular file or nothing (never through a link), WAL journal
 * and a busy timeout so that concurrent writers queue instead of failing. */
static int32_t open_store(store *s)
{
    struct stat st;
    if (lstat(s->path, &st) == 0 && !S_ISREG(st.st_mode))
        return fail_msg(s, RC_EIO, S_ISLNK(st.st_mode)
                                       ? "is a symbolic link; the store is written only as a "
                                         "regular file"
                                       : "exists and is not a regular file");
    if (sqlite3_open_v2(s->path, &s->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW,
                        NULL) != SQLITE_OK)
        return fail_db(s, s->db, "cannot open the store");
    sqlite3_busy_timeout(s->db, s->busy_ms);
    sqlite3_stmt *st2;
    int32_t rc = prepare(s, "PRAGMA journal_mode = WAL", &st2, "cannot open the store");
    if (rc != RC_OK) return rc;
    int step = sqlite3_step(st2);
    sqlite3_finalize(st2);
    if (step != SQLITE_ROW) return fail_db(s, s->db, "cannot open the store");
    rc = exec(s, "PRAGMA synchronous = FULL", "cannot open the store");
    if (rc == RC_OK) rc = exec(s, "BEGIN IMMEDIATE", "cannot begin the transaction");
    return rc;
}

/* This run's rows, inside the open transaction (committed by the host). */
static int32_t write_store(store *s, const rc_table *man, const unsigned char *sel, size_t n)
{
    const rc_host *h = s->h;
    rr_buf b = {0};
    int32_t rc = ensure_schema(s);
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
    return rc;
}

/* Registers the store with the host (which checks the path and creates its folder) and
 * hands it the pending transaction's state, which the host owns from then on: it calls
 * pending_commit when the report set commits and pending_release in every case. NULL (the
 * error set) on failure. */
static pending *hand_over(store *s)
{
    pending *p = calloc(1, sizeof *p);
    if (!p || strlen(s->path) >= sizeof p->path) {
        fail_msg(s, RC_ENOMEM, p ? "the path is too long" : "out of memory");
        free(p);
        return NULL;
    }
    memcpy(p->path, s->path, strlen(s->path) + 1);
    p->busy_ms = s->busy_ms;
    /* cppcheck cannot see that output_in_place takes p over and releases it on failure */
    if (s->h->output_in_place(s->ctx, s->path, pending_commit, pending_release, p) != RC_OK)
        return NULL; // cppcheck-suppress memleak
    return p;
}

static int32_t sqlite_report(void *state, const rc_host *h, rc_ctx *ctx)
{
    (void)state;
    int32_t host_rc = rr_check_host(h, ctx, "sqlite");
    if (host_rc != RC_OK) return host_rc;
    /* rr_check_host has checked h; the table must reach output_in_place (ABI 1.2) */
    if (h->size < offsetof(rc_host, output_in_place) + sizeof h->output_in_place ||
        !h->output_in_place) {
        h->set_error(ctx, "the host is too old for the sqlite reporter (it needs ABI 1.2, "
                          "output_in_place)");
        return RC_EFAIL;
    }
    store s = {.h = h, .ctx = ctx, .path = h->output_path(ctx), .busy_ms = HS_BUSY_MS};
    if (!s.path || !*s.path) {
        h->set_error(ctx, "the sqlite reporter needs a 'path' for the history database");
        return RC_EINVAL;
    }
    const rc_node *bt = h->config(ctx) ? h->node_get(ctx, h->config(ctx), "busy_timeout") : NULL;
    double secs = 0;
    if (bt && (h->node_number(ctx, bt, &secs) != RC_OK || !(secs >= 0 && secs <= 3600))) {
        return rc_errorf(h, ctx, RC_EINVAL,
                         "%s: 'busy_timeout' must be a number of seconds from 0 to 3600",
                         h->node_where(ctx, bt));
    }
    if (bt) s.busy_ms = (int)(secs * 1000);

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

    pending *p = hand_over(&s);
    if (!p) {
        free(sel);
        rr_names_free(names);
        return RC_EIO; /* the error is set */
    }
    rc = open_store(&s);
    p->db = s.db; /* closed by pending_release, also after a failure */
    if (rc == RC_OK) rc = write_store(&s, man, sel, n);
    free(sel);
    rr_names_free(names);
    if (rc != RC_OK) return rc; /* the host releases p: the transaction is rolled back */
    char msg[128];
    snprintf(msg, sizeof msg, "adding run %s (committed with the report set)", s.run_id);
    h->log(ctx, RC_LOG_INFO, msg);
    return RC_OK;
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

RC_PLUGIN_DEFINE(sqlite_descriptor);
