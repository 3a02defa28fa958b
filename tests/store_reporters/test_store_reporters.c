/* tests/store_reporters/test_store_reporters.c — the sqlite history store and the xlsx
 * workbook reporters, each loaded with dlopen from the build's plugin folder and driven
 * through the mock host: the store read back with SQLite after several runs (counts,
 * replacement of a repeated run, a query by region and year, schema), and the workbook
 * unpacked with unzip and checked in its XML parts (sheet names, cells, frozen header,
 * formats, byte-identical reruns). */
#define _XOPEN_SOURCE 700 /* popen() */
#include <check.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mock_host.h"
#include "plugin_driver.h"
#include "regcoord/plugin.h"
#include "results/table.h"

/* ------------------------------------------------------------------ helpers */

static void setup(void)
{
    pd_tmpdir_create("rc_test_store");
}

static void teardown(void)
{
    pd_tmpdir_remove();
}


static void add_manifest(mock_host *m, const char *title, const char *config_sha,
                         const char *data_sha)
{
    const char *cols[] = {"key", "value"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_STRING};
    struct rc_table *t = pd_add_table(m, "manifest", 2, cols, types);
    const char *kv[][2] = {{"tool", "regcoord"},      {"version", "0.1.0"},
                           {"title", title},          {"config_sha256", config_sha},
                           {"data_sha256", data_sha}, {"baseline", "none"}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        long r = rc_table_add_row(t);
        ck_assert_int_ge(r, 0);
        ck_assert_int_eq(rc_table_set_str(t, (size_t)r, 0, kv[i][0]), 0);
        ck_assert_int_eq(rc_table_set_str(t, (size_t)r, 1, kv[i][1]), 0);
    }
}

/* ------------------------------------------------------------------ sqlite */

/* The score every test run stores for a region and year, so a query can be checked by
 * hand: run "a" gives (year - 2000) + region number / 8, run "b" adds 100. */
static double score_of(char run, int region, int year)
{
    return (run == 'b' ? 100.0 : 0.0) + (double)(year - 2000) + (double)region / 8.0;
}

/* A result set for one run: run 'a' has regions R1..R2, run 'b' regions R1..R3 and an
 * extra column in scores (so the store must add it); both cover 2020 and 2021. The
 * score of R2 in 2021 is missing in run 'a'. */
static mock_host *store_run(char run, const char *path)
{
    mock_host *m = mock_host_new();
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(mock_host_set_output_path(m, path), 0);
    int n_regions = run == 'b' ? 3 : 2;

    const char *cols[] = {"region", "year", "dimension", "score", "rank", "change"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_NUMBER,
                             RC_COL_INT, RC_COL_NUMBER};
    struct rc_table *s = pd_add_table(m, "scores", run == 'b' ? 6 : 5, cols, types);
    for (int year = 2020; year <= 2021; year++) {
        for (int r = 1; r <= n_regions; r++) {
            long row = rc_table_add_row(s);
            ck_assert_int_ge(row, 0);
            char region[16];
            snprintf(region, sizeof region, "R%d", r);
            ck_assert_int_eq(rc_table_set_str(s, (size_t)row, 0, region), 0);
            ck_assert_int_eq(rc_table_set_int(s, (size_t)row, 1, year), 0);
            ck_assert_int_eq(rc_table_set_str(s, (size_t)row, 2, "infra"), 0);
            if (!(run == 'a' && r == 2 && year == 2021))
                ck_assert_int_eq(rc_table_set_num(s, (size_t)row, 3, score_of(run, r, year)), 0);
            ck_assert_int_eq(rc_table_set_int(s, (size_t)row, 4, n_regions + 1 - r), 0);
            if (run == 'b') ck_assert_int_eq(rc_table_set_num(s, (size_t)row, 5, 1.0), 0);
        }
    }
    /* a table without region/year columns */
    const char *wcols[] = {"child", "weight"};
    const int32_t wtypes[] = {RC_COL_STRING, RC_COL_NUMBER};
    struct rc_table *w = pd_add_table(m, "weights", 2, wcols, wtypes);
    long row = rc_table_add_row(w);
    ck_assert_int_ge(row, 0);
    ck_assert_int_eq(rc_table_set_str(w, (size_t)row, 0, "infra"), 0);
    ck_assert_int_eq(rc_table_set_num(w, (size_t)row, 1, 1.0), 0);

    if (run == 'b') add_manifest(m, "Assessment 2022", "c0ffee", "d2");
    else add_manifest(m, "Assessment 2021", "c0ffee", "d1");
    return m;
}

/* Entries of a folder other than a WAL store's -wal and -shm companions (which a reader may
 * leave behind): no temporary file, copy or rollback journal. */
static int count_store_entries(const char *dir)
{
    return pd_count_entries_except(dir, "-e '-wal$' -e '-shm$' ");
}

/* Runs the sqlite reporter for one run and commits, as the host does after success. */
static void store_and_commit(char run, const char *path)
{
    mock_host *m = store_run(run, path);
    ck_assert_msg(pd_run_reporter("sqlite", m) == RC_OK, "sqlite failed: %s",
                  mock_host_error(m) ? mock_host_error(m) : "(no error text)");
    ck_assert_uint_eq(mock_host_n_outputs(m), 1);
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert_msg(mock_host_violations(m) == 0, "%s", mock_host_first_violation(m));
    mock_host_free(m);
}

static sqlite3 *open_store(const char *path)
{
    sqlite3 *db = NULL;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    return db;
}

/* The single integer a query returns (the query must return one row). */
static int64_t query_int(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* The single value a query returns: its type (SQLITE_*) and, for numbers, the value. */
static int query_num(sqlite3 *db, const char *sql, double *v)
{
    sqlite3_stmt *st;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    int type = sqlite3_column_type(st, 0);
    *v = sqlite3_column_double(st, 0);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    return type;
}

static void query_text(sqlite3 *db, const char *sql, char *out, size_t size)
{
    sqlite3_stmt *st;
    ck_assert_msg(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK, "%s: %s", sql,
                  sqlite3_errmsg(db));
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    const char *t = (const char *)sqlite3_column_text(st, 0);
    snprintf(out, size, "%s", t ? t : "(null)");
    sqlite3_finalize(st);
}

static const char *query_text_s(sqlite3 *db, const char *sql)
{
    static char buf[256];
    query_text(db, sql, buf, sizeof buf);
    return buf;
}

START_TEST(sqlite_store_accumulates_two_runs_and_replaces_a_repeated_one)
{
    const char *path = pd_path_in_tmp("hist/history.sqlite");
    store_and_commit('a', path);
    store_and_commit('b', path);
    store_and_commit('a', path); /* the same manifest again: replaces, not duplicates */

    sqlite3 *db = open_store(path);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM runs"), 2);
    /* rows per run: a has 2 regions x 2 years, b 3 x 2 */
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_scores JOIN runs USING (run_id) "
                                   "WHERE data_sha256 = 'd1'"), 4);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_scores JOIN runs USING (run_id) "
                                   "WHERE data_sha256 = 'd2'"), 6);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_scores"), 10);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_weights"), 2);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM manifest"), 12);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM run_tables"), 4);
    ck_assert_int_eq(query_int(db, "SELECT n_rows FROM run_tables JOIN runs USING (run_id) "
                                   "WHERE data_sha256 = 'd2' AND table_name = 'scores'"), 6);
    /* numbering: a first (kept when it was stored again), b second */
    ck_assert_int_eq(query_int(db, "SELECT created_seq FROM runs WHERE data_sha256 = 'd1'"), 1);
    ck_assert_int_eq(query_int(db, "SELECT created_seq FROM runs WHERE data_sha256 = 'd2'"), 2);
    /* the runs row comes from the manifest */
    char text[128];
    query_text(db, "SELECT title || '|' || tool_version || '|' || config_sha256 FROM runs "
                   "WHERE data_sha256 = 'd2'", text, sizeof text);
    ck_assert_str_eq(text, "Assessment 2022|0.1.0|c0ffee");
    query_text(db, "SELECT value FROM manifest JOIN runs USING (run_id) WHERE "
                   "data_sha256 = 'd1' AND key = 'title'", text, sizeof text);
    ck_assert_str_eq(text, "Assessment 2021");
    ck_assert_int_eq(query_int(db, "SELECT COUNT(DISTINCT run_id) FROM t_scores"), 2);
    ck_assert_int_eq(query_int(db, "SELECT length(run_id) FROM runs LIMIT 1"), 16);

    /* a query by region and year returns the value stored for that run */
    double v;
    ck_assert_int_eq(query_num(db, "SELECT s.score FROM t_scores s JOIN runs r USING (run_id) "
                                   "WHERE r.data_sha256 = 'd2' AND s.region = 'R3' AND "
                                   "s.year = 2021", &v), SQLITE_FLOAT);
    ck_assert_double_eq(v, score_of('b', 3, 2021));
    ck_assert_int_eq(query_num(db, "SELECT s.score FROM t_scores s JOIN runs r USING (run_id) "
                                   "WHERE r.data_sha256 = 'd1' AND s.region = 'R1' AND "
                                   "s.year = 2020", &v), SQLITE_FLOAT);
    ck_assert_double_eq(v, score_of('a', 1, 2020));
    /* a missing score is NULL; integers stay integers */
    ck_assert_int_eq(query_num(db, "SELECT s.score FROM t_scores s JOIN runs r USING (run_id) "
                                   "WHERE r.data_sha256 = 'd1' AND s.region = 'R2' AND "
                                   "s.year = 2021", &v), SQLITE_NULL);
    ck_assert_int_eq(query_num(db, "SELECT s.rank FROM t_scores s JOIN runs r USING (run_id) "
                                   "WHERE r.data_sha256 = 'd2' AND s.region = 'R1' AND "
                                   "s.year = 2020", &v), SQLITE_INTEGER);
    ck_assert_double_eq(v, 3.0);
    /* the column only run b has: NULL for run a, 1 for run b */
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_scores WHERE change IS NULL"), 4);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_scores WHERE change = 1.0"), 6);
    sqlite3_close(db);
    /* only the database is left in the folder: no temporary file or copy */
    ck_assert_int_eq(count_store_entries(pd_path_in_tmp("hist")), 1);
}
END_TEST

START_TEST(sqlite_store_creates_the_documented_schema_with_typed_columns_and_indexes)
{
    const char *path = pd_path_in_tmp("schema.sqlite");
    store_and_commit('a', path);
    sqlite3 *db = open_store(path);
    const char *tables[] = {"meta", "runs", "manifest", "run_tables", "t_scores", "t_weights"};
    for (size_t i = 0; i < sizeof tables / sizeof tables[0]; i++) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '%s'",
                 tables[i]);
        ck_assert_msg(query_int(db, sql) == 1, "table %s missing", tables[i]);
    }
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' "
                                   "AND name = 't_manifest'"), 0);
    char text[128];
    query_text(db, "SELECT group_concat(name || ':' || type, ',') FROM "
                   "(SELECT name, type FROM pragma_table_info('t_scores') ORDER BY cid)",
               text, sizeof text);
    /* name and label appended (the id and the dimension id: no regions/labels tables) */
    ck_assert_str_eq(text, "run_id:TEXT,region:TEXT,year:INTEGER,dimension:TEXT,score:REAL,"
                           "rank:INTEGER,name:TEXT,label:TEXT");
    query_text(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_table_info"
                   "('runs') ORDER BY cid)", text, sizeof text);
    ck_assert_str_eq(text, "run_id,created_seq,title,tool_version,config_sha256,data_sha256");
    query_text(db, "SELECT value FROM meta WHERE key = 'schema_version'", text, sizeof text);
    ck_assert_str_eq(text, "1");
    /* indexes: run_id everywhere, (region, year) where both columns exist */
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                   "AND name = 't_scores_run'"), 1);
    query_text(db, "SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info"
                   "('t_scores_region_year') ORDER BY seqno)", text, sizeof text);
    ck_assert_str_eq(text, "region,year");
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                   "AND name = 't_weights_run'"), 1);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                   "AND name = 't_weights_region_year'"), 0);
    sqlite3_close(db);
}
END_TEST

START_TEST(sqlite_store_is_untouched_until_the_host_commits)
{
    const char *path = pd_path_in_tmp("pending.sqlite");
    store_and_commit('a', path);
    mock_host *m = store_run('b', path);
    ck_assert_int_eq(pd_run_reporter("sqlite", m), RC_OK);
    /* run b is written into the store in place (no temporary file, no copy) ... */
    const mock_output_record *o = mock_host_output(m, 0);
    ck_assert_ptr_nonnull(o);
    ck_assert_ptr_null(o->temp);
    ck_assert_str_eq(o->path, path);
    /* ... but its transaction is open until the host commits: a reader sees only run a */
    sqlite3 *db = open_store(path);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM runs"), 1);
    sqlite3_close(db);
    /* a failed run releases it: rolled back */
    mock_host_discard(m);
    mock_host_free(m);
    db = open_store(path);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM runs"), 1);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_scores"), 4);
    ck_assert_str_eq(query_text_s(db, "PRAGMA integrity_check"), "ok");
    sqlite3_close(db);
    ck_assert_int_eq(count_store_entries(pd_tmpdir()), 1);
}
END_TEST

START_TEST(sqlite_refuses_a_file_that_is_not_a_sqlite_database_and_leaves_it_alone)
{
    const char *path = pd_path_in_tmp("notes.sqlite");
    const char junk[] = "these are someone's notes, not a database\n";
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(junk, f);
    fclose(f);
    mock_host *m = store_run('a', path);
    ck_assert_int_ne(pd_run_reporter("sqlite", m), RC_OK);
    ck_assert_ptr_nonnull(mock_host_error(m));
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), path));
    /* named as such, not guessed at */
    ck_assert_msg(strstr(mock_host_error(m), "the file is not a SQLite database") != NULL &&
                  strstr(mock_host_error(m), "(is it") == NULL, "%s", mock_host_error(m));
    mock_host_discard(m);
    mock_host_free(m);
    char *back = pd_slurp(path, NULL);
    ck_assert_ptr_nonnull(back);
    ck_assert_str_eq(back, junk);
    free(back);
    ck_assert_int_eq(pd_count_entries(pd_tmpdir()), 1);
}
END_TEST

START_TEST(sqlite_refuses_results_without_a_manifest)
{
    mock_host *m = mock_host_new();
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(mock_host_set_output_path(m, pd_path_in_tmp("x.sqlite")), 0);
    const char *cols[] = {"region"};
    const int32_t types[] = {RC_COL_STRING};
    pd_add_table(m, "scores", 1, cols, types);
    ck_assert_int_eq(pd_run_reporter("sqlite", m), RC_EDATA);
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "manifest"));
    ck_assert_uint_eq(mock_host_n_outputs(m), 0);
    mock_host_free(m);
}
END_TEST

START_TEST(sqlite_tables_key_stores_only_the_named_tables)
{
    const char *path = pd_path_in_tmp("subset.sqlite");
    mock_host *m = store_run('a', path);
    rc_node *list = mock_node_add_list(m, mock_host_config(m), "tables");
    ck_assert_ptr_nonnull(mock_node_add_scalar(m, list, NULL, "weights", 0));
    ck_assert_int_eq(pd_run_reporter("sqlite", m), RC_OK);
    ck_assert_int_eq(mock_host_commit(m), 0);
    mock_host_free(m);
    sqlite3 *db = open_store(path);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name = 't_scores'"), 0);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM t_weights"), 1);
    ck_assert_int_eq(query_int(db, "SELECT COUNT(*) FROM manifest"), 6);
    sqlite3_close(db);

    m = store_run('a', path);
    list = mock_node_add_list(m, mock_host_config(m), "tables");
    mock_node_add_scalar(m, list, NULL, "nope", 0);
    ck_assert_int_eq(pd_run_reporter("sqlite", m), RC_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "'nope'"));
    mock_host_free(m);
}
END_TEST

/* ------------------------------------------------------------------ xlsx */

/* One part of a zip file, read with `unzip -p`; NULL when it is absent. */
static char *unzip_part(const char *zip, const char *part)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", zip, part);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t len = 0, cap = 4096;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    size_t k;
    while ((k = fread(buf + len, 1, cap - len - 1, p)) > 0) {
        len += k;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            ck_assert_ptr_nonnull(buf);
        }
    }
    int status = pclose(p);
    buf[len] = '\0';
    if (status != 0 || len == 0) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* The result set of the workbook tests. Column widths and cell values are known by hand;
 * the table names exercise the sheet-name rules. */
static mock_host *workbook_results(const char *path)
{
    mock_host *m = mock_host_new();
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(mock_host_set_output_path(m, path), 0);
    const char *cols[] = {"region", "year", "score", "a_rather_long_note_column"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_STRING};
    struct rc_table *s = pd_add_table(m, "scores", 4, cols, types);
    struct {
        const char *region;
        int64_t year;
        double score;
        const char *note;
    } rows[] = {
        {"北京", 2020, 0.625, "a <note> & more"},
        {"R2", 2021, NAN, NULL},
        {NULL, 2022, -1.5e-7, "x"},
    };
    for (size_t i = 0; i < 3; i++) {
        long r = rc_table_add_row(s);
        ck_assert_int_ge(r, 0);
        if (rows[i].region) rc_table_set_str(s, (size_t)r, 0, rows[i].region);
        rc_table_set_int(s, (size_t)r, 1, rows[i].year);
        rc_table_set_num(s, (size_t)r, 2, rows[i].score);
        if (rows[i].note) rc_table_set_str(s, (size_t)r, 3, rows[i].note);
    }
    const char *c1[] = {"v"};
    const int32_t t1[] = {RC_COL_INT};
    /* 40 characters each; the first 31 are the same */
    pd_add_table(m, "coordination_levels_by_region_and_year_a", 1, c1, t1);
    pd_add_table(m, "coordination_levels_by_region_and_year_b", 1, c1, t1);
    pd_add_table(m, "a/b:c[d]", 1, c1, t1);
    pd_add_table(m, "Scores", 1, c1, t1); /* the same as "scores" to Excel */
    pd_add_table(m, "区域", 1, c1, t1);
    /* 35 three-byte characters: cut to 31 whole characters */
    char long_zh[3 * 35 + 1] = "";
    for (int i = 0; i < 35; i++) strcat(long_zh, "数");
    pd_add_table(m, long_zh, 1, c1, t1);
    add_manifest(m, "Assessment 2021", "c0ffee", "d1");
    return m;
}

static void write_workbook_at(const char *path)
{
    mock_host *m = workbook_results(path);
    ck_assert_msg(pd_run_reporter("xlsx", m) == RC_OK, "xlsx failed: %s",
                  mock_host_error(m) ? mock_host_error(m) : "(no error text)");
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert_msg(mock_host_violations(m) == 0, "%s", mock_host_first_violation(m));
    mock_host_free(m);
}

/* The text between `<v>` and `</v>` of cell `ref` in a sheet, into out; 0 when the cell
 * is absent. *type gets the cell's t attribute ("" when it has none) and *style its s. */
static int cell_value(const char *sheet, const char *ref, char *out, size_t size, char *type,
                      int *style)
{
    char key[32];
    snprintf(key, sizeof key, "<c r=\"%s\"", ref);
    const char *c = strstr(sheet, key);
    if (!c) return 0;
    const char *end = strchr(c, '>');
    ck_assert_ptr_nonnull(end);
    type[0] = '\0';
    *style = 0;
    const char *t = strstr(c, " t=\"");
    if (t && t < end) sscanf(t + 4, "%7[^\"]", type);
    const char *s = strstr(c, " s=\"");
    if (s && s < end) *style = atoi(s + 4);
    const char *v = strstr(c, "<v>");
    ck_assert_ptr_nonnull(v);
    const char *ve = strstr(v, "</v>");
    ck_assert_ptr_nonnull(ve);
    snprintf(out, size, "%.*s", (int)(ve - v - 3), v + 3);
    return 1;
}

/* The text of shared string `idx` (the idx-th <si>) into out. */
static void shared_string(const char *sst, int idx, char *out, size_t size)
{
    const char *p = sst;
    for (int i = 0; i <= idx; i++) {
        p = strstr(p, "<si>");
        ck_assert_ptr_nonnull(p);
        p += 4;
    }
    const char *t = strstr(p, "<t");
    ck_assert_ptr_nonnull(t);
    t = strchr(t, '>') + 1;
    const char *e = strstr(t, "</t>");
    ck_assert_ptr_nonnull(e);
    snprintf(out, size, "%.*s", (int)(e - t), t);
}

/* The cell's text as a reader sees it: shared strings looked up. */
static void cell_text(const char *sheet, const char *sst, const char *ref, char *out,
                      size_t size, int *style)
{
    char raw[256], type[8];
    ck_assert_msg(cell_value(sheet, ref, raw, sizeof raw, type, style), "no cell %s", ref);
    if (strcmp(type, "s") == 0) shared_string(sst, atoi(raw), out, size);
    else snprintf(out, size, "%s", raw);
}

/* The numFmtId of cell format (xf) number `style` in styles.xml. */
static int xf_num_fmt(const char *styles, int style)
{
    const char *p = strstr(styles, "<cellXfs");
    ck_assert_ptr_nonnull(p);
    for (int i = 0; i <= style; i++) {
        p = strstr(p + 1, "<xf ");
        ck_assert_ptr_nonnull(p);
    }
    const char *f = strstr(p, "numFmtId=\"");
    ck_assert_ptr_nonnull(f);
    return atoi(f + 10);
}

/* Whether xf number `style` uses a bold font (its fontId's <font> holds <b/>). */
static int xf_bold(const char *styles, int style)
{
    const char *p = strstr(styles, "<cellXfs");
    ck_assert_ptr_nonnull(p);
    for (int i = 0; i <= style; i++) {
        p = strstr(p + 1, "<xf ");
        ck_assert_ptr_nonnull(p);
    }
    const char *f = strstr(p, "fontId=\"");
    ck_assert_ptr_nonnull(f);
    int font = atoi(f + 8);
    const char *q = strstr(styles, "<fonts");
    ck_assert_ptr_nonnull(q);
    for (int i = 0; i <= font; i++) {
        q = strstr(q + 1, "<font>");
        ck_assert_ptr_nonnull(q);
    }
    const char *qe = strstr(q, "</font>");
    const char *b = strstr(q, "<b/>");
    return b && b < qe;
}

/* The width of column `col` (1-based) from a sheet's <cols>, or -1. */
static double col_width(const char *sheet, int col)
{
    char key[64];
    snprintf(key, sizeof key, "<col min=\"%d\" max=\"%d\" width=\"", col, col);
    const char *p = strstr(sheet, key);
    return p ? strtod(p + strlen(key), NULL) : -1.0;
}

START_TEST(xlsx_workbook_has_a_sheet_per_table_with_valid_unique_names)
{
    const char *path = pd_path_in_tmp("out/results.xlsx");
    write_workbook_at(path);
    char *wb = unzip_part(path, "xl/workbook.xml");
    ck_assert_ptr_nonnull(wb);
    char zh31[160] = "<sheet name=\"";
    for (int i = 0; i < 31; i++) strcat(zh31, "数");
    strcat(zh31, "\" sheetId=\"7\"");
    /* in table order; names cut to 31 characters, clashes numbered, []:/ replaced */
    const char *expected[] = {
        "<sheet name=\"scores\" sheetId=\"1\"",
        "<sheet name=\"coordination_levels_by_region_a\" sheetId=\"2\"",
        "<sheet name=\"coordination_levels_by_region~2\" sheetId=\"3\"",
        "<sheet name=\"a_b_c_d_\" sheetId=\"4\"",
        "<sheet name=\"Scores~2\" sheetId=\"5\"",
        "<sheet name=\"区域\" sheetId=\"6\"",
        zh31,
        "<sheet name=\"manifest\" sheetId=\"8\"",
    };
    const char *at = wb;
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const char *p = strstr(at, expected[i]);
        ck_assert_msg(p != NULL, "workbook.xml lacks %s (in order):\n%s", expected[i], wb);
        at = p;
    }
    ck_assert_ptr_null(strstr(wb, "sheetId=\"9\""));
    free(wb);
    /* the title and the fixed creation date are in the document properties */
    char *core = unzip_part(path, "docProps/core.xml");
    ck_assert_ptr_nonnull(core);
    ck_assert_ptr_nonnull(strstr(core, "<dc:title>Assessment 2021</dc:title>"));
    ck_assert_ptr_nonnull(strstr(core, "2000-01-01T00:00:00Z"));
    free(core);
}
END_TEST

START_TEST(xlsx_sheet_holds_typed_cells_a_bold_frozen_header_and_fitted_widths)
{
    const char *path = pd_path_in_tmp("cells.xlsx");
    write_workbook_at(path);
    char *sheet = unzip_part(path, "xl/worksheets/sheet1.xml");
    char *sst = unzip_part(path, "xl/sharedStrings.xml");
    char *styles = unzip_part(path, "xl/styles.xml");
    ck_assert_ptr_nonnull(sheet);
    ck_assert_ptr_nonnull(sst);
    ck_assert_ptr_nonnull(styles);

    char text[256];
    int style;
    /* header row: the column names in the report language (en: the translation table's
     * "Region"; an unknown name stays as it is), bold */
    cell_text(sheet, sst, "A1", text, sizeof text, &style);
    ck_assert_str_eq(text, "Region");
    ck_assert(xf_bold(styles, style));
    cell_text(sheet, sst, "D1", text, sizeof text, &style);
    ck_assert_str_eq(text, "a_rather_long_note_column");
    /* strings (escaped in XML), integers with the "0" format (built-in id 1), numbers */
    cell_text(sheet, sst, "A2", text, sizeof text, &style);
    ck_assert_str_eq(text, "北京");
    ck_assert(!xf_bold(styles, style));
    cell_text(sheet, sst, "D2", text, sizeof text, &style);
    ck_assert_str_eq(text, "a &lt;note&gt; &amp; more");
    cell_text(sheet, sst, "B2", text, sizeof text, &style);
    ck_assert_str_eq(text, "2020");
    ck_assert_int_eq(xf_num_fmt(styles, style), 1);
    cell_text(sheet, sst, "C2", text, sizeof text, &style);
    ck_assert_double_eq(strtod(text, NULL), 0.625);     /* the full value is stored */
    ck_assert_int_ge(xf_num_fmt(styles, style), 164);   /* a custom format: decimals 3 */
    ck_assert_ptr_nonnull(strstr(styles, "formatCode=\"0.000\""));
    /* the appended name column: the display name (here the id: no regions table) */
    cell_text(sheet, sst, "E1", text, sizeof text, &style);
    ck_assert_str_eq(text, "Name");
    cell_text(sheet, sst, "E2", text, sizeof text, &style);
    ck_assert_str_eq(text, "北京");
    cell_text(sheet, sst, "C4", text, sizeof text, &style);
    ck_assert_double_eq_tol(strtod(text, NULL), -1.5e-7, 1e-22);
    cell_text(sheet, sst, "B4", text, sizeof text, &style);
    ck_assert_str_eq(text, "2022");
    /* missing text, NaN and a missing note are empty cells: not written at all */
    char raw[64], type[8];
    ck_assert(!cell_value(sheet, "C3", raw, sizeof raw, type, &style));
    ck_assert(!cell_value(sheet, "D3", raw, sizeof raw, type, &style));
    ck_assert(!cell_value(sheet, "A4", raw, sizeof raw, type, &style));
    ck_assert(cell_value(sheet, "A3", raw, sizeof raw, type, &style));
    ck_assert(!cell_value(sheet, "A5", raw, sizeof raw, type, &style));
    /* the header row is frozen, with a filter over the table */
    ck_assert_ptr_nonnull(strstr(sheet, "state=\"frozen\""));
    ck_assert_ptr_nonnull(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\""));
    ck_assert_ptr_nonnull(strstr(sheet, "<autoFilter ref=\"A1:E4\"/>"));
    /* widths follow the contents: the long header is wider than "region", which is at
     * least the minimum */
    double w_region = col_width(sheet, 1), w_note = col_width(sheet, 4);
    ck_assert(w_region >= 6.0);
    ck_assert(w_note > w_region);
    ck_assert(w_note >= (double)strlen("a_rather_long_note_column"));
    free(sheet);
    free(sst);
    free(styles);
}
END_TEST

START_TEST(xlsx_two_runs_give_byte_identical_workbooks)
{
    const char *p1 = pd_path_in_tmp("one.xlsx"), *p2 = pd_path_in_tmp("two.xlsx");
    write_workbook_at(p1);
    sleep(1); /* a clock-based date would now differ */
    write_workbook_at(p2);
    size_t n1, n2;
    char *a = pd_slurp(p1, &n1), *b = pd_slurp(p2, &n2);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_gt(n1, 1000);
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(a, b, n1) == 0);
    free(a);
    free(b);
    ck_assert_int_eq(pd_count_entries(pd_tmpdir()), 2);
}
END_TEST

START_TEST(xlsx_unknown_table_in_tables_key_fails_without_a_file)
{
    const char *path = pd_path_in_tmp("bad.xlsx");
    mock_host *m = workbook_results(path);
    rc_node *list = mock_node_add_list(m, mock_host_config(m), "tables");
    mock_node_add_scalar(m, list, NULL, "missing_table", 0);
    ck_assert_int_eq(pd_run_reporter("xlsx", m), RC_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "'missing_table'"));
    mock_host_discard(m);
    mock_host_free(m);
    ck_assert_int_eq(pd_count_entries(pd_tmpdir()), 0);

    m = workbook_results(path);
    list = mock_node_add_list(m, mock_host_config(m), "tables");
    mock_node_add_scalar(m, list, NULL, "manifest", 0);
    ck_assert_int_eq(pd_run_reporter("xlsx", m), RC_OK);
    ck_assert_int_eq(mock_host_commit(m), 0);
    mock_host_free(m);
    char *wb = unzip_part(path, "xl/workbook.xml");
    ck_assert_ptr_nonnull(wb);
    ck_assert_ptr_nonnull(strstr(wb, "<sheet name=\"manifest\" sheetId=\"1\""));
    ck_assert_ptr_null(strstr(wb, "sheetId=\"2\""));
    free(wb);
}
END_TEST

static Suite *store_reporters_suite(void)
{
    Suite *s = suite_create("store_reporters");
    TCase *sq = tcase_create("sqlite");
    tcase_add_checked_fixture(sq, setup, teardown);
    tcase_add_test(sq, sqlite_store_accumulates_two_runs_and_replaces_a_repeated_one);
    tcase_add_test(sq, sqlite_store_creates_the_documented_schema_with_typed_columns_and_indexes);
    tcase_add_test(sq, sqlite_store_is_untouched_until_the_host_commits);
    tcase_add_test(sq, sqlite_refuses_a_file_that_is_not_a_sqlite_database_and_leaves_it_alone);
    tcase_add_test(sq, sqlite_refuses_results_without_a_manifest);
    tcase_add_test(sq, sqlite_tables_key_stores_only_the_named_tables);
    suite_add_tcase(s, sq);
    TCase *xl = tcase_create("xlsx");
    tcase_add_checked_fixture(xl, setup, teardown);
    tcase_add_test(xl, xlsx_workbook_has_a_sheet_per_table_with_valid_unique_names);
    tcase_add_test(xl, xlsx_sheet_holds_typed_cells_a_bold_frozen_header_and_fitted_widths);
    tcase_add_test(xl, xlsx_two_runs_give_byte_identical_workbooks);
    tcase_add_test(xl, xlsx_unknown_table_in_tables_key_fails_without_a_file);
    suite_add_tcase(s, xl);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(store_reporters_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
