/* tests/reporters/test_reporters.c — the reporter plugins, each loaded with dlopen from the
 * build's plugin folder and driven through the mock host on a hand-built result set:
 * exact CSV bytes, JSON values read back with jansson, byte-identical reruns, the
 * Markdown report's ranking and sections, config errors, and failing outputs that leave
 * no file. */
#include <check.h>
#include <dlfcn.h>
#include <jansson.h>
#include <math.h>
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
    pd_tmpdir_create("rc_test_reporters");
}

/* RC_KEEP_TEST_FILES=1 keeps the written reports for a look. */
static void teardown(void)
{
    pd_tmpdir_remove();
}

/* The result set every test starts from: text that needs quoting (comma, quote, newline,
 * leading/trailing space), Chinese text, markup, a missing text, NaN, ints, and numbers
 * whose shortest round-trip text is known by hand. */
static void fill_results(mock_host *m)
{
    rc_resultset *rs = mock_host_results(m);

    const char *mcols[] = {"key", "value"};
    const int32_t mtypes[] = {RC_COL_STRING, RC_COL_STRING};
    struct rc_table *man = rc_table_add(rs, "manifest", 2, mcols, mtypes);
    ck_assert_ptr_nonnull(man);
    const char *kv[][2] = {{"tool_version", "0.1.0"},
                           {"config_sha256", "9f86d081884c7d65"},
                           {"baseline", "基线 2020"}};
    for (size_t i = 0; i < 3; i++) {
        long r = rc_table_add_row(man);
        ck_assert_int_ge(r, 0);
        ck_assert_int_eq(rc_table_set_str(man, (size_t)r, 0, kv[i][0]), 0);
        ck_assert_int_eq(rc_table_set_str(man, (size_t)r, 1, kv[i][1]), 0);
    }

    const char *scols[] = {"region", "year", "score", "note"};
    const int32_t stypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_STRING};
    struct rc_table *s = rc_table_add(rs, "scores", 4, scols, stypes);
    ck_assert_ptr_nonnull(s);
    struct {
        const char *region;
        int64_t year;
        double score;
        const char *note;
    } rows[] = {
        {"a,b", 2020, 0.1, "say \"hi\""},
        {"北京", 2021, 1e-300, "line1\nline2"},
        {"<script>", 2022, NAN, " lead"},
        {NULL, -5, 1.0 / 3.0, "trail "},
        {"plain", 9007199254740993LL, 2.5e10, "cr\rhere"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        long r = rc_table_add_row(s);
        ck_assert_int_ge(r, 0);
        if (rows[i].region) ck_assert_int_eq(rc_table_set_str(s, (size_t)r, 0, rows[i].region), 0);
        ck_assert_int_eq(rc_table_set_int(s, (size_t)r, 1, rows[i].year), 0);
        ck_assert_int_eq(rc_table_set_num(s, (size_t)r, 2, rows[i].score), 0);
        ck_assert_int_eq(rc_table_set_str(s, (size_t)r, 3, rows[i].note), 0);
    }

    const char *icols[] = {"region", "index"};
    const int32_t itypes[] = {RC_COL_STRING, RC_COL_NUMBER};
    struct rc_table *ix = rc_table_add(rs, "index", 2, icols, itypes);
    ck_assert_ptr_nonnull(ix);
    long r = rc_table_add_row(ix);
    ck_assert_int_ge(r, 0);
    ck_assert_int_eq(rc_table_set_str(ix, (size_t)r, 0, "上海"), 0);
    ck_assert_int_eq(rc_table_set_num(ix, (size_t)r, 1, 0.75), 0);
}

static mock_host *new_mock(const char *output_rel)
{
    mock_host *m = mock_host_new();
    ck_assert_ptr_nonnull(m);
    fill_results(m);
    ck_assert_int_eq(mock_host_set_output_path(m, pd_path_in_tmp(output_rel)), 0);
    return m;
}

static const rc_config_key *find_key(const rc_plugin_descriptor *d, const char *key)
{
    for (uint32_t i = 0; i < d->n_config_keys; i++)
        if (strcmp(d->config_keys[i].key, key) == 0) return &d->config_keys[i];
    return NULL;
}

/* ------------------------------------------------------------------ csv */

/* Written by hand from RFC 4180 and the canonical number text: 1/3 needs 16 digits,
 * 2.5e10 prints as an integer under %.15g, NaN and a missing text are empty fields. The
 * appended `name` column is the region's display name: the id itself, as the mock results
 * hold no `regions` table, and empty for the row without a region. */
static const char EXPECTED_SCORES_CSV[] =
    "region,year,score,note,name\n"
    "\"a,b\",2020,0.1,\"say \"\"hi\"\"\",\"a,b\"\n"
    "北京,2021,1e-300,\"line1\nline2\",北京\n"
    "<script>,2022,,\" lead\",<script>\n"
    ",-5,0.3333333333333333,\"trail \",\n"
    "plain,9007199254740993,25000000000,\"cr\rhere\",plain\n";

static const char EXPECTED_MANIFEST_CSV[] =
    "key,value\n"
    "tool_version,0.1.0\n"
    "config_sha256,9f86d081884c7d65\n"
    "baseline,基线 2020\n";

START_TEST(csv_writes_one_rfc4180_file_per_table_named_after_it)
{
    mock_host *m = new_mock("out/tables");
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_OK);
    ck_assert_uint_eq(mock_host_n_outputs(m), 3);
    /* nothing is in place before the host commits */
    ck_assert(!pd_exists(pd_path_in_tmp("out/tables/scores.csv")));
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert_uint_eq(mock_host_violations(m), 0);

    size_t len;
    char *scores = pd_slurp(pd_path_in_tmp("out/tables/scores.csv"), &len);
    ck_assert_ptr_nonnull(scores);
    ck_assert_uint_eq(len, strlen(EXPECTED_SCORES_CSV));
    ck_assert_str_eq(scores, EXPECTED_SCORES_CSV);
    char *man = pd_slurp(pd_path_in_tmp("out/tables/manifest.csv"), NULL);
    ck_assert_ptr_nonnull(man);
    ck_assert_str_eq(man, EXPECTED_MANIFEST_CSV);
    char *ix = pd_slurp(pd_path_in_tmp("out/tables/index.csv"), NULL);
    ck_assert_ptr_nonnull(ix);
    ck_assert_str_eq(ix, "region,index,name\n上海,0.75,上海\n");
    /* only the three files, no temporary left over */
    ck_assert_int_eq(pd_count_entries(pd_path_in_tmp("out/tables")), 3);
    free(scores);
    free(man);
    free(ix);
    mock_host_free(m);
}
END_TEST

START_TEST(csv_bom_true_starts_every_file_with_the_utf8_bom)
{
    mock_host *m = new_mock("bom");
    mock_node_add_scalar(m, mock_host_config(m), "bom", "true", 0);
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_OK);
    ck_assert_int_eq(mock_host_commit(m), 0);
    size_t len;
    char *scores = pd_slurp(pd_path_in_tmp("bom/scores.csv"), &len);
    ck_assert_ptr_nonnull(scores);
    ck_assert_uint_eq(len, 3 + strlen(EXPECTED_SCORES_CSV));
    ck_assert_int_eq(memcmp(scores, "\xEF\xBB\xBF", 3), 0);
    ck_assert_str_eq(scores + 3, EXPECTED_SCORES_CSV);
    free(scores);
    mock_host_free(m);
}
END_TEST

/* The index.csv the csv reporter writes into `dir` with the given bom setting (NULL: none)
 * and language. */
static char *csv_index_with(const char *dir, const char *bom, const char *language)
{
    mock_host *m = new_mock(dir);
    if (bom) mock_node_add_scalar(m, mock_host_config(m), "bom", bom, 0);
    ck_assert_int_eq(mock_host_set_language(m, language), 0);
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_OK);
    ck_assert_int_eq(mock_host_commit(m), 0);
    char file[64];
    snprintf(file, sizeof file, "%s/index.csv", dir);
    char *ix = pd_slurp(pd_path_in_tmp(file), NULL);
    ck_assert_ptr_nonnull(ix);
    mock_host_free(m);
    return ix;
}

START_TEST(csv_bom_false_writes_no_bom)
{
    char *ix = csv_index_with("nobom", "false", "zh");
    ck_assert_str_eq(ix, "region,index,name\n上海,0.75,上海\n");
    free(ix);
}
END_TEST

START_TEST(csv_bom_is_on_by_default_when_the_language_is_zh_and_off_in_en)
{
    char *ix = csv_index_with("zh", NULL, "zh");
    ck_assert_str_eq(ix, "\xEF\xBB\xBFregion,index,name\n上海,0.75,上海\n");
    free(ix);
    ix = csv_index_with("en", NULL, "en");
    ck_assert_str_eq(ix, "region,index,name\n上海,0.75,上海\n");
    free(ix);
}
END_TEST

START_TEST(csv_tables_key_writes_only_the_named_tables)
{
    mock_host *m = new_mock("subset");
    rc_node *list = mock_node_add_list(m, mock_host_config(m), "tables");
    mock_node_add_scalar(m, list, NULL, "index", 0);
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_OK);
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert(pd_exists(pd_path_in_tmp("subset/index.csv")));
    ck_assert(!pd_exists(pd_path_in_tmp("subset/scores.csv")));
    ck_assert(!pd_exists(pd_path_in_tmp("subset/manifest.csv")));
    mock_host_free(m);
}
END_TEST

START_TEST(csv_unknown_table_name_is_an_error_listing_the_tables)
{
    mock_host *m = new_mock("unknown");
    rc_node *list = mock_node_add_list(m, mock_host_config(m), "tables");
    mock_node_add_scalar(m, list, NULL, "scroes", 0);
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_ENOTFOUND);
    const char *err = mock_host_error(m);
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(err, "'scroes'"));
    ck_assert_ptr_nonnull(strstr(err, "manifest, scores, index"));
    ck_assert_uint_eq(mock_host_n_outputs(m), 0);
    mock_host_free(m);
}
END_TEST

START_TEST(csv_bom_that_is_not_a_boolean_is_an_error)
{
    mock_host *m = new_mock("badbom");
    mock_node_add_scalar(m, mock_host_config(m), "bom", "maybe", 0);
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_EINVAL);
    ck_assert_ptr_nonnull(mock_host_error(m));
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "'bom'"));
    ck_assert_uint_eq(mock_host_n_outputs(m), 0);
    mock_host_free(m);
}
END_TEST

START_TEST(csv_table_name_that_is_not_a_safe_file_name_is_refused)
{
    mock_host *m = new_mock("unsafe");
    const char *cols[] = {"x"};
    const int32_t types[] = {RC_COL_INT};
    ck_assert_ptr_nonnull(rc_table_add(mock_host_results(m), "../escape", 1, cols, types));
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_EDATA);
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "'../escape'"));
    mock_host_discard(m);
    ck_assert(!pd_exists(pd_path_in_tmp("escape.csv")));
    mock_host_free(m);
}
END_TEST

/* The output folder lies below a regular file, so it can neither exist nor be created
 * (this holds for root too, unlike a chmod'ed folder). */
START_TEST(csv_unwritable_folder_fails_with_a_message_and_leaves_no_file)
{
    FILE *f = fopen(pd_path_in_tmp("blocker"), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    mock_host *m = new_mock("blocker/missing/tables");
    ck_assert_int_eq(pd_run_reporter("csv", m), RC_EIO);
    ck_assert_ptr_nonnull(mock_host_error(m));
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "blocker/missing/tables"));
    mock_host_discard(m);
    ck_assert_int_eq(pd_count_entries(pd_tmpdir()), 1); /* the blocker only */
    mock_host_free(m);
}
END_TEST

START_TEST(csv_declares_its_keys_but_not_the_core_keys)
{
    pd_plugin l = pd_load_reporter("csv");
    const rc_config_key *bom = find_key(l.d, "bom");
    ck_assert_ptr_nonnull(bom);
    ck_assert_int_eq(bom->type, RC_CFG_BOOL);
    ck_assert_ptr_null(bom->default_value); /* on with language zh, else off */
    ck_assert_ptr_nonnull(strstr(bom->help, "zh"));
    const rc_config_key *tables = find_key(l.d, "tables");
    ck_assert_ptr_nonnull(tables);
    ck_assert_int_eq(tables->type, RC_CFG_LIST);
    ck_assert_ptr_null(find_key(l.d, "path"));
    ck_assert_ptr_null(find_key(l.d, "plugin"));
    for (uint32_t i = 0; i < l.d->n_config_keys; i++) ck_assert_ptr_nonnull(l.d->config_keys[i].help);
    dlclose(l.so);
}
END_TEST

/* ------------------------------------------------------------------ json */

static json_t *run_json_and_parse(mock_host *m, const char *rel, char **text)
{
    ck_assert_int_eq(pd_run_reporter("json", m), RC_OK);
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert_uint_eq(mock_host_violations(m), 0);
    char *buf = pd_slurp(pd_path_in_tmp(rel), NULL);
    ck_assert_ptr_nonnull(buf);
    json_error_t jerr;
    json_t *doc = json_loads(buf, 0, &jerr);
    ck_assert_msg(doc != NULL, "json parse: %s at %d:%d", jerr.text, jerr.line, jerr.column);
    if (text)
        *text = buf;
    else
        free(buf);
    return doc;
}

START_TEST(json_document_reads_back_with_the_exact_values)
{
    mock_host *m = new_mock("out/results.json");
    json_t *doc = run_json_and_parse(m, "out/results.json", NULL);

    json_t *man = json_object_get(doc, "manifest");
    ck_assert(json_is_object(man));
    ck_assert_uint_eq(json_object_size(man), 3);
    ck_assert_str_eq(json_string_value(json_object_get(man, "tool_version")), "0.1.0");
    ck_assert_str_eq(json_string_value(json_object_get(man, "baseline")), "基线 2020");

    json_t *scores = json_object_get(json_object_get(doc, "tables"), "scores");
    ck_assert(json_is_object(scores));
    json_t *cols = json_object_get(scores, "columns");
    ck_assert_uint_eq(json_array_size(cols), 5);
    const char *want_types[] = {"string", "integer", "number", "string", "string"};
    const char *want_names[] = {"region", "year", "score", "note", "name"};
    for (size_t c = 0; c < 5; c++) {
        json_t *col = json_array_get(cols, c);
        ck_assert_str_eq(json_string_value(json_object_get(col, "name")), want_names[c]);
        ck_assert_str_eq(json_string_value(json_object_get(col, "type")), want_types[c]);
    }
    json_t *rows = json_object_get(scores, "rows");
    ck_assert_uint_eq(json_array_size(rows), 5);
    json_t *r0 = json_array_get(rows, 0), *r1 = json_array_get(rows, 1),
           *r2 = json_array_get(rows, 2), *r3 = json_array_get(rows, 3),
           *r4 = json_array_get(rows, 4);
    ck_assert_str_eq(json_string_value(json_array_get(r0, 0)), "a,b");
    ck_assert_str_eq(json_string_value(json_array_get(r0, 3)), "say \"hi\"");
    ck_assert(json_is_integer(json_array_get(r0, 1)));
    ck_assert_int_eq(json_integer_value(json_array_get(r0, 1)), 2020);
    ck_assert(json_real_value(json_array_get(r0, 2)) == 0.1);          /* exact */
    ck_assert_str_eq(json_string_value(json_array_get(r1, 0)), "北京");
    ck_assert_str_eq(json_string_value(json_array_get(r1, 3)), "line1\nline2");
    ck_assert(json_real_value(json_array_get(r1, 2)) == 1e-300);       /* exact */
    ck_assert_str_eq(json_string_value(json_array_get(r2, 0)), "<script>");
    ck_assert(json_is_null(json_array_get(r2, 2)));                    /* NaN */
    ck_assert(json_is_null(json_array_get(r3, 0)));                    /* missing text */
    ck_assert_int_eq(json_integer_value(json_array_get(r3, 1)), -5);
    ck_assert(json_real_value(json_array_get(r3, 2)) == 1.0 / 3.0);   /* exact */
    ck_assert_int_eq(json_integer_value(json_array_get(r4, 1)), 9007199254740993LL);
    ck_assert(json_real_value(json_array_get(r4, 2)) == 2.5e10);

    json_t *ix = json_object_get(json_object_get(doc, "tables"), "index");
    ck_assert(json_real_value(json_array_get(json_array_get(json_object_get(ix, "rows"), 0), 1)) ==
              0.75);
    json_decref(doc);
    mock_host_free(m);
}
END_TEST

START_TEST(json_keys_and_tables_come_in_a_fixed_order_with_utf8_kept)
{
    mock_host *m = new_mock("order.json");
    char *text;
    json_t *doc = run_json_and_parse(m, "order.json", &text);
    /* top-level keys: manifest, then tables */
    void *it = json_object_iter(doc);
    ck_assert_str_eq(json_object_iter_key(it), "manifest");
    ck_assert_str_eq(json_object_iter_key(json_object_iter_next(doc, it)), "tables");
    /* tables in result-set order */
    json_t *tables = json_object_get(doc, "tables");
    const char *want[] = {"manifest", "scores", "index"};
    size_t i = 0;
    for (it = json_object_iter(tables); it; it = json_object_iter_next(tables, it), i++)
        ck_assert_str_eq(json_object_iter_key(it), want[i]);
    ck_assert_uint_eq(i, 3);
    /* columns before rows; UTF-8 and markup unescaped; indent 1; a final newline */
    ck_assert_ptr_nonnull(strstr(text, "\"columns\""));
    ck_assert(strstr(text, "\"columns\"") < strstr(text, "\"rows\""));
    ck_assert_ptr_nonnull(strstr(text, "\"北京\""));
    ck_assert_ptr_nonnull(strstr(text, "\"<script>\""));
    ck_assert_ptr_null(strstr(text, "\\u"));
    ck_assert_int_eq(strncmp(text, "{\n \"manifest\": {\n  \"tool_version\"", 33), 0);
    ck_assert_int_eq(text[strlen(text) - 1], '\n');
    free(text);
    json_decref(doc);
    mock_host_free(m);
}
END_TEST

START_TEST(json_two_runs_give_identical_bytes)
{
    mock_host *a = new_mock("a/results.json");
    ck_assert_int_eq(pd_run_reporter("json", a), RC_OK);
    ck_assert_int_eq(mock_host_commit(a), 0);
    mock_host *b = new_mock("b/results.json");
    ck_assert_int_eq(pd_run_reporter("json", b), RC_OK);
    ck_assert_int_eq(mock_host_commit(b), 0);
    size_t la, lb;
    char *ta = pd_slurp(pd_path_in_tmp("a/results.json"), &la);
    char *tb = pd_slurp(pd_path_in_tmp("b/results.json"), &lb);
    ck_assert_ptr_nonnull(ta);
    ck_assert_ptr_nonnull(tb);
    ck_assert_uint_gt(la, 100);
    ck_assert_uint_eq(la, lb);
    ck_assert_int_eq(memcmp(ta, tb, la), 0);
    free(ta);
    free(tb);
    mock_host_free(a);
    mock_host_free(b);
}
END_TEST

START_TEST(json_tables_key_keeps_the_manifest_and_only_the_named_tables)
{
    mock_host *m = new_mock("subset.json");
    rc_node *list = mock_node_add_list(m, mock_host_config(m), "tables");
    mock_node_add_scalar(m, list, NULL, "index", 0);
    mock_node_add_scalar(m, mock_host_config(m), "indent", "0", 0);
    char *text;
    json_t *doc = run_json_and_parse(m, "subset.json", &text);
    json_t *tables = json_object_get(doc, "tables");
    ck_assert_uint_eq(json_object_size(tables), 1);
    ck_assert_ptr_nonnull(json_object_get(tables, "index"));
    ck_assert_uint_eq(json_object_size(json_object_get(doc, "manifest")), 3);
    /* indent 0: the document is one line plus the final newline */
    ck_assert_ptr_eq(strchr(text, '\n'), text + strlen(text) - 1);
    free(text);
    json_decref(doc);
    mock_host_free(m);
}
END_TEST

START_TEST(json_indent_out_of_range_is_an_error)
{
    mock_host *m = new_mock("indent.json");
    mock_node_add_scalar(m, mock_host_config(m), "indent", "32", 0);
    ck_assert_int_eq(pd_run_reporter("json", m), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "'indent'"));
    ck_assert_uint_eq(mock_host_n_outputs(m), 0);
    mock_host_free(m);
}
END_TEST

START_TEST(json_infinite_number_is_written_as_null)
{
    mock_host *m = new_mock("inf.json");
    const char *cols[] = {"v"};
    const int32_t types[] = {RC_COL_NUMBER};
    struct rc_table *t = rc_table_add(mock_host_results(m), "extra", 1, cols, types);
    ck_assert_int_eq(rc_table_add_row(t), 0);
    ck_assert_int_eq(rc_table_set_num(t, 0, 0, INFINITY), 0);
    json_t *doc = run_json_and_parse(m, "inf.json", NULL);
    json_t *rows = json_object_get(json_object_get(json_object_get(doc, "tables"), "extra"), "rows");
    ck_assert(json_is_null(json_array_get(json_array_get(rows, 0), 0)));
    json_decref(doc);
    mock_host_free(m);
}
END_TEST

START_TEST(json_unwritable_folder_fails_with_a_message_and_leaves_no_file)
{
    FILE *f = fopen(pd_path_in_tmp("blocker"), "w");
    ck_assert_ptr_nonnull(f);
    fclose(f);
    mock_host *m = new_mock("blocker/missing/results.json");
    ck_assert_int_eq(pd_run_reporter("json", m), RC_EIO);
    ck_assert_ptr_nonnull(mock_host_error(m));
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "blocker/missing/results.json"));
    mock_host_discard(m);
    ck_assert_int_eq(pd_count_entries(pd_tmpdir()), 1);
    mock_host_free(m);
}
END_TEST

START_TEST(json_declares_its_keys_but_not_the_core_keys)
{
    pd_plugin l = pd_load_reporter("json");
    const rc_config_key *indent = find_key(l.d, "indent");
    ck_assert_ptr_nonnull(indent);
    ck_assert_int_eq(indent->type, RC_CFG_INT);
    ck_assert_str_eq(indent->default_value, "1");
    ck_assert_ptr_nonnull(find_key(l.d, "tables"));
    ck_assert_ptr_null(find_key(l.d, "path"));
    ck_assert_ptr_null(find_key(l.d, "plugin"));
    dlclose(l.so);
}
END_TEST


/* ------------------------------------------------------------------ markdown */

/* Two years of an index with a tie in 2023, dimension scores for 2023 with a missing
 * score and a region without scores, a coupling table over both years, a title. */
static void fill_report_results(mock_host *m)
{
    rc_resultset *rs = mock_host_results(m);
    const char *xcols[] = {"region", "year", "index", "rank", "change", "rank_change"};
    const int32_t xtypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_INT,
                              RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *ix = rc_table_add(rs, "index", 6, xcols, xtypes);
    ck_assert_ptr_nonnull(ix);
    struct {
        const char *region;
        int64_t year;
        double index;
        int64_t rank;
        double change, rank_change;
    } xr[] = {
        {"A", 2022, 0.5, 1, NAN, NAN},
        {"B", 2022, 0.4, 2, NAN, NAN},
        {"<script>|x", 2022, 0.3, 3, NAN, NAN},
        {"A", 2023, 0.6, 2, 0.1, -1},
        {"B", 2023, 0.7, 1, 0.3, 1},
        {"<script>|x", 2023, 0.6, 2, 0.3, 1},
    };
    for (size_t i = 0; i < sizeof xr / sizeof xr[0]; i++) {
        long r = rc_table_add_row(ix);
        ck_assert_int_ge(r, 0);
        ck_assert_int_eq(rc_table_set_str(ix, (size_t)r, 0, xr[i].region), 0);
        ck_assert_int_eq(rc_table_set_int(ix, (size_t)r, 1, xr[i].year), 0);
        ck_assert_int_eq(rc_table_set_num(ix, (size_t)r, 2, xr[i].index), 0);
        ck_assert_int_eq(rc_table_set_int(ix, (size_t)r, 3, xr[i].rank), 0);
        ck_assert_int_eq(rc_table_set_num(ix, (size_t)r, 4, xr[i].change), 0);
        ck_assert_int_eq(rc_table_set_num(ix, (size_t)r, 5, xr[i].rank_change), 0);
    }

    const char *scols[] = {"region", "year", "dimension", "score", "rank", "change",
                           "rank_change"};
    const int32_t stypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_NUMBER,
                              RC_COL_INT, RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *sc = rc_table_add(rs, "scores", 7, scols, stypes);
    ck_assert_ptr_nonnull(sc);
    struct {
        const char *region, *dim;
        double score;
        int64_t rank;
    } sr[] = {{"B", "INF", 0.8, 1}, {"B", "DAT", 0.6, 2}, {"A", "INF", 0.5, 2},
              {"A", "DAT", NAN, 0}};
    for (size_t i = 0; i < sizeof sr / sizeof sr[0]; i++) {
        long r = rc_table_add_row(sc);
        ck_assert_int_ge(r, 0);
        ck_assert_int_eq(rc_table_set_str(sc, (size_t)r, 0, sr[i].region), 0);
        ck_assert_int_eq(rc_table_set_int(sc, (size_t)r, 1, 2023), 0);
        ck_assert_int_eq(rc_table_set_str(sc, (size_t)r, 2, sr[i].dim), 0);
        ck_assert_int_eq(rc_table_set_num(sc, (size_t)r, 3, sr[i].score), 0);
        ck_assert_int_eq(rc_table_set_int(sc, (size_t)r, 4, sr[i].rank), 0);
    }

    const char *ccols[] = {"region", "year", "D"};
    const int32_t ctypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER};
    struct rc_table *cp = rc_table_add(rs, "coupling", 3, ccols, ctypes);
    ck_assert_ptr_nonnull(cp);
    for (int i = 0; i < 2; i++) {
        long r = rc_table_add_row(cp);
        ck_assert_int_ge(r, 0);
        ck_assert_int_eq(rc_table_set_str(cp, (size_t)r, 0, "A"), 0);
        ck_assert_int_eq(rc_table_set_int(cp, (size_t)r, 1, 2022 + i), 0);
        ck_assert_int_eq(rc_table_set_num(cp, (size_t)r, 2, i ? 0.81234 : 0.1), 0);
    }

    const char *mcols[] = {"key", "value"};
    const int32_t mtypes[] = {RC_COL_STRING, RC_COL_STRING};
    struct rc_table *man = rc_table_add(rs, "manifest", 2, mcols, mtypes);
    ck_assert_ptr_nonnull(man);
    const char *kv[][2] = {{"title", "Digital <economy>"}, {"regions", "3"},
                           {"years", "2022-2023 (2 years)"}};
    for (size_t i = 0; i < 3; i++) {
        long r = rc_table_add_row(man);
        ck_assert_int_ge(r, 0);
        ck_assert_int_eq(rc_table_set_str(man, (size_t)r, 0, kv[i][0]), 0);
        ck_assert_int_eq(rc_table_set_str(man, (size_t)r, 1, kv[i][1]), 0);
    }
}

static char *run_markdown(mock_host *m, const char *rel)
{
    ck_assert_int_eq(mock_host_set_output_path(m, pd_path_in_tmp(rel)), 0);
    ck_assert_int_eq(pd_run_reporter("markdown", m), RC_OK);
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert_uint_eq(mock_host_violations(m), 0);
    char *text = pd_slurp(pd_path_in_tmp(rel), NULL);
    ck_assert_ptr_nonnull(text);
    return text;
}

START_TEST(markdown_ranks_the_latest_year_with_ties_and_rank_changes)
{
    mock_host *m = mock_host_new();
    fill_report_results(m);
    char *text = run_markdown(m, "report.md");
    /* title from the manifest, markup escaped; the latest year */
    ck_assert_int_eq(strncmp(text, "# Digital \\<economy\\> — 2023\n", 31), 0);
    ck_assert_ptr_nonnull(strstr(text, "- Highest index: **B** (0.700).\n"));
    ck_assert_ptr_nonnull(strstr(text, "- Largest rise in rank: **B** (+1).\n"));
    ck_assert_ptr_nonnull(strstr(text, "- Panel: 3 regions, 2022-2023 (2 years).\n"));
    /* ranking: rank order, ties by region id, the tie shares rank 2 */
    ck_assert_ptr_nonnull(strstr(text,
        "| Rank | Region | Index | Change | Rank change |\n"
        "|---:|---|---:|---:|---:|\n"
        "| 1 | B | 0.700 | +0.300 | +1 |\n"
        "| 2 | \\<script\\>\\|x | 0.600 | +0.300 | +1 |\n"
        "| 2 | A | 0.600 | +0.100 | -1 |\n"));
    /* dimension scores in ranking order, missing as a dash */
    ck_assert_ptr_nonnull(strstr(text,
        "| Region | INF | DAT |\n"
        "|---|---:|---:|\n"
        "| B | 0.800 (1) | 0.600 (2) |\n"
        "| \\<script\\>\\|x | — | — |\n"
        "| A | 0.500 (2) | — |\n"));
    /* present analysis tables get a section with the report year's rows; absent ones none */
    ck_assert_ptr_nonnull(strstr(text, "## Coupling coordination\n"));
    ck_assert_ptr_nonnull(strstr(text, "| A | 2023 | 0.8123 |\n"));
    ck_assert_ptr_null(strstr(text, "| A | 2022 |"));
    ck_assert_ptr_null(strstr(text, "## Regional disparity"));
    ck_assert_ptr_null(strstr(text, "<script>"));
    ck_assert_ptr_nonnull(strstr(text, "## Methods and provenance\n"));
    free(text);
    mock_host_free(m);
}
END_TEST

START_TEST(markdown_shows_rank_intervals_when_an_uncertainty_table_is_present)
{
    mock_host *m = mock_host_new();
    fill_report_results(m);
    rc_resultset *rs = mock_host_results(m);
    static const char *cols[] = {"region", "year", "nominal_rank", "mean_rank", "median_rank",
                                 "p05_rank", "p95_rank"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_INT, RC_COL_NUMBER,
                                    RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *u = rc_table_add(rs, "uncertainty", 7, cols, types);
    ck_assert_ptr_nonnull(u);
    long r = rc_table_add_row(u);
    rc_table_set_str(u, (size_t)r, 0, "B");
    rc_table_set_int(u, (size_t)r, 1, 2023);
    rc_table_set_int(u, (size_t)r, 2, 1);
    rc_table_set_num(u, (size_t)r, 3, 1.25);
    rc_table_set_num(u, (size_t)r, 4, 1);
    rc_table_set_num(u, (size_t)r, 5, 1);
    rc_table_set_num(u, (size_t)r, 6, 2);
    char *text = run_markdown(m, "report.md");
    ck_assert_ptr_nonnull(strstr(text, "## Rank robustness: rank intervals under uncertainty\n"));
    ck_assert_ptr_nonnull(strstr(text, "| B | 2023 | 1 | 1.25 | 1 | 1 | 2 |\n"));
    free(text);
    mock_host_free(m);
}
END_TEST

/* A table no section knows (as a new analysis plugin adds) is rendered under its name. */
START_TEST(markdown_renders_an_unknown_table_generically_under_its_name)
{
    mock_host *m = mock_host_new();
    fill_report_results(m);
    const char *cols[] = {"region", "year", "my_measure"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER};
    struct rc_table *t = rc_table_add(mock_host_results(m), "my_new_analysis", 3, cols, types);
    ck_assert_ptr_nonnull(t);
    const char *regs[] = {"A", "B"};
    for (int y = 2022; y <= 2023; y++)
        for (int g = 0; g < 2; g++) {
            long r = rc_table_add_row(t);
            ck_assert_int_ge(r, 0);
            rc_table_set_str(t, (size_t)r, 0, regs[g]);
            rc_table_set_int(t, (size_t)r, 1, y);
            rc_table_set_num(t, (size_t)r, 2, y + g / 4.0);
        }
    char *text = run_markdown(m, "unknown.md");
    const char *sec = strstr(text, "## my\\_new\\_analysis\n");
    ck_assert_msg(sec != NULL, "%s", text);
    /* the report year's two rows, all columns */
    ck_assert_ptr_nonnull(strstr(sec, "| Region | Year | my\\_measure |\n"));
    ck_assert_ptr_nonnull(strstr(sec, "| A | 2023 | 2023 |\n"));
    ck_assert_ptr_nonnull(strstr(sec, "| B | 2023 | 2023 |\n"));
    ck_assert_ptr_null(strstr(sec, "| A | 2022 |"));
    free(text);
    mock_host_free(m);
}
END_TEST

START_TEST(markdown_year_key_reports_an_earlier_year)
{
    mock_host *m = mock_host_new();
    fill_report_results(m);
    mock_node_add_scalar(m, mock_host_config(m), "year", "2022", 0);
    char *text = run_markdown(m, "y2022.md");
    ck_assert_ptr_nonnull(strstr(text, "— 2022\n"));
    ck_assert_ptr_nonnull(strstr(text, "| 1 | A | 0.500 | — | — |\n| 2 | B | 0.400 | — | — |\n"));
    ck_assert_ptr_nonnull(strstr(text, "| A | 2022 | 0.1 |\n"));
    ck_assert_ptr_null(strstr(text, "Largest rise"));
    free(text);
    mock_host_free(m);
}
END_TEST

START_TEST(markdown_language_zh_writes_chinese_labels)
{
    mock_host *m = mock_host_new();
    fill_report_results(m);
    mock_node_add_scalar(m, mock_host_config(m), "language", "zh", 0);
    char *text = run_markdown(m, "zh.md");
    ck_assert_ptr_nonnull(strstr(text, "## 综合指数排名\n"));
    ck_assert_ptr_nonnull(strstr(text, "| 排名 | 地区 | 综合指数 | 变化 | 排名变化 |\n"));
    ck_assert_ptr_nonnull(strstr(text, "## 耦合协调度\n"));
    ck_assert_ptr_null(strstr(text, "Index ranking"));
    free(text);
    mock_host_free(m);
}
END_TEST

START_TEST(markdown_follows_the_assessment_language_without_its_own_key)
{
    mock_host *m = mock_host_new();
    fill_report_results(m);
    ck_assert_int_eq(mock_host_set_language(m, "zh"), 0);
    char *text = run_markdown(m, "hostzh.md");
    ck_assert_ptr_nonnull(strstr(text, "## 概要\n"));
    free(text);
    mock_host_free(m);
}
END_TEST

START_TEST(markdown_unknown_language_is_an_error)
{
    mock_host *m = mock_host_new();
    fill_report_results(m);
    mock_node_add_scalar(m, mock_host_config(m), "language", "fr", 0);
    ck_assert_int_eq(mock_host_set_output_path(m, pd_path_in_tmp("fr.md")), 0);
    ck_assert_int_eq(pd_run_reporter("markdown", m), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(mock_host_error(m), "'language'"));
    ck_assert_uint_eq(mock_host_n_outputs(m), 0);
    mock_host_free(m);
}
END_TEST

START_TEST(markdown_without_an_index_still_writes_a_report)
{
    mock_host *m = mock_host_new();
    fill_results(m); /* manifest, scores (no dimension column), index of another shape */
    rc_table_remove(mock_host_results(m), "index");
    char *text = run_markdown(m, "noindex.md");
    ck_assert_ptr_nonnull(strstr(text, "- The results hold no index table.\n"));
    ck_assert_ptr_null(strstr(text, "## Index ranking"));
    free(text);
    mock_host_free(m);
}
END_TEST

/* ------------------------------------------------------------------ mock host */

START_TEST(mock_host_discard_removes_unfinished_temporary_files)
{
    mock_host *m = mock_host_new();
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(mock_host_set_output_path(m, pd_tmpdir()), 0);
    const rc_host *h = mock_host_services(m);
    rc_ctx *ctx = mock_host_ctx(m);
    rc_output *o = h->output_begin(ctx, "x.txt");
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(h->output_write(ctx, o, "abc", 3), RC_OK);
    const char *temp = h->output_temp_path(ctx, o);
    ck_assert_ptr_nonnull(strstr(temp, "/x.txt.tmp."));
    ck_assert(pd_exists(temp));
    ck_assert(!pd_exists(pd_path_in_tmp("x.txt")));
    mock_host_discard(m);
    ck_assert_int_eq(pd_count_entries(pd_tmpdir()), 0);
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert(!pd_exists(pd_path_in_tmp("x.txt")));
    mock_host_free(m);
}
END_TEST

START_TEST(mock_host_counts_a_cell_read_with_the_wrong_type)
{
    mock_host *m = mock_host_new();
    fill_results(m);
    const rc_host *h = mock_host_services(m);
    rc_ctx *ctx = mock_host_ctx(m);
    const rc_table *t = h->table_by_name(ctx, "scores");
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(h->cell_str(ctx, t, 1, 0), "北京");
    ck_assert_uint_eq(mock_host_violations(m), 0);
    ck_assert_ptr_null(h->cell_str(ctx, t, 0, 2));     /* a number column */
    ck_assert_str_eq(h->cell_text(ctx, t, 99, 0), ""); /* out of range */
    ck_assert_uint_eq(mock_host_violations(m), 2);
    ck_assert_ptr_nonnull(strstr(mock_host_first_violation(m), "score"));
    mock_host_free(m);
}
END_TEST

static Suite *reporters_suite(void)
{
    Suite *s = suite_create("reporters");
    TCase *csv = tcase_create("csv");
    tcase_add_checked_fixture(csv, setup, teardown);
    tcase_add_test(csv, csv_writes_one_rfc4180_file_per_table_named_after_it);
    tcase_add_test(csv, csv_bom_true_starts_every_file_with_the_utf8_bom);
    tcase_add_test(csv, csv_bom_false_writes_no_bom);
    tcase_add_test(csv, csv_bom_is_on_by_default_when_the_language_is_zh_and_off_in_en);
    tcase_add_test(csv, csv_tables_key_writes_only_the_named_tables);
    tcase_add_test(csv, csv_unknown_table_name_is_an_error_listing_the_tables);
    tcase_add_test(csv, csv_bom_that_is_not_a_boolean_is_an_error);
    tcase_add_test(csv, csv_table_name_that_is_not_a_safe_file_name_is_refused);
    tcase_add_test(csv, csv_unwritable_folder_fails_with_a_message_and_leaves_no_file);
    tcase_add_test(csv, csv_declares_its_keys_but_not_the_core_keys);
    suite_add_tcase(s, csv);

    TCase *json = tcase_create("json");
    tcase_add_checked_fixture(json, setup, teardown);
    tcase_add_test(json, json_document_reads_back_with_the_exact_values);
    tcase_add_test(json, json_keys_and_tables_come_in_a_fixed_order_with_utf8_kept);
    tcase_add_test(json, json_two_runs_give_identical_bytes);
    tcase_add_test(json, json_tables_key_keeps_the_manifest_and_only_the_named_tables);
    tcase_add_test(json, json_indent_out_of_range_is_an_error);
    tcase_add_test(json, json_infinite_number_is_written_as_null);
    tcase_add_test(json, json_unwritable_folder_fails_with_a_message_and_leaves_no_file);
    tcase_add_test(json, json_declares_its_keys_but_not_the_core_keys);
    suite_add_tcase(s, json);

    TCase *md = tcase_create("markdown");
    tcase_add_checked_fixture(md, setup, teardown);
    tcase_add_test(md, markdown_ranks_the_latest_year_with_ties_and_rank_changes);
    tcase_add_test(md, markdown_year_key_reports_an_earlier_year);
    tcase_add_test(md, markdown_renders_an_unknown_table_generically_under_its_name);
    tcase_add_test(md, markdown_shows_rank_intervals_when_an_uncertainty_table_is_present);
    tcase_add_test(md, markdown_language_zh_writes_chinese_labels);
    tcase_add_test(md, markdown_follows_the_assessment_language_without_its_own_key);
    tcase_add_test(md, markdown_unknown_language_is_an_error);
    tcase_add_test(md, markdown_without_an_index_still_writes_a_report);
    suite_add_tcase(s, md);

    TCase *mock = tcase_create("mock_host");
    tcase_add_checked_fixture(mock, setup, teardown);
    tcase_add_test(mock, mock_host_discard_removes_unfinished_temporary_files);
    tcase_add_test(mock, mock_host_counts_a_cell_read_with_the_wrong_type);
    suite_add_tcase(s, mock);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(reporters_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
