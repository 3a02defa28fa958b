/* tests/sdk/test_abi_snapshot.c — holds the plugin ABI to its checked-in snapshot
 * (abi_snapshot.txt): the size and every member's offset of every public struct in
 * regcoord/plugin.h, the constants and the entry symbol, under the ABI version. A layout
 * that differs from the snapshot while RC_ABI_MAJOR.MINOR is unchanged fails; so does a
 * version bump without a regenerated snapshot.
 * Regenerate (after bumping the version, see docs/sdk.md):
 *   build/tests/test_abi_snapshot --write tests/sdk/abi_snapshot.txt */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regcoord/plugin.h"
#include "util/str.h"

#define SNAPSHOT REGCOORD_TEST_DATA_DIR "/abi_snapshot.txt"

#define STRUCT(T) rc_buf_printf(b, "sizeof %s %zu\n", #T, sizeof(T))
#define MEMBER(T, m) \
    rc_buf_printf(b, "offsetof %s.%s %zu size %zu\n", #T, #m, offsetof(T, m), sizeof(((T *)0)->m))
#define CONST(c) rc_buf_printf(b, "const %s %lld\n", #c, (long long)(c))

/* The snapshot text of the ABI this file is compiled against. */
static void generate(rc_buf *b)
{
    rc_buf_puts(b, "# tests/sdk/abi_snapshot.txt — the plugin ABI's layout, checked by test_abi_snapshot; "
                   "regenerate only with a version bump (docs/sdk.md)\n");
    rc_buf_printf(b, "abi %d.%d\n", RC_ABI_MAJOR, RC_ABI_MINOR);
    rc_buf_printf(b, "entry %s\n", RC_PLUGIN_ENTRY_SYMBOL);
    STRUCT(rc_config_key);
    MEMBER(rc_config_key, key);
    MEMBER(rc_config_key, type);
    MEMBER(rc_config_key, required);
    MEMBER(rc_config_key, default_value);
    MEMBER(rc_config_key, help);
    MEMBER(rc_config_key, choices);
    STRUCT(rc_key_table);
    MEMBER(rc_key_table, size);
    MEMBER(rc_key_table, key_size);
    MEMBER(rc_key_table, n_keys);
    MEMBER(rc_key_table, reserved0);
    MEMBER(rc_key_table, keys);
    STRUCT(rc_host);
    MEMBER(rc_host, size);
    MEMBER(rc_host, abi_major);
    MEMBER(rc_host, abi_minor);
    MEMBER(rc_host, reserved0);
    MEMBER(rc_host, log);
    MEMBER(rc_host, set_error);
    MEMBER(rc_host, config);
    MEMBER(rc_host, node_get);
    MEMBER(rc_host, node_kind);
    MEMBER(rc_host, node_len);
    MEMBER(rc_host, node_at);
    MEMBER(rc_host, node_key_at);
    MEMBER(rc_host, node_str);
    MEMBER(rc_host, node_number);
    MEMBER(rc_host, node_int);
    MEMBER(rc_host, node_bool);
    MEMBER(rc_host, node_where);
    MEMBER(rc_host, n_regions);
    MEMBER(rc_host, n_years);
    MEMBER(rc_host, region_id);
    MEMBER(rc_host, year);
    MEMBER(rc_host, region_group);
    MEMBER(rc_host, series);
    MEMBER(rc_host, neighbours);
    MEMBER(rc_host, add_indicator);
    MEMBER(rc_host, add_formula_indicator);
    MEMBER(rc_host, score_default);
    MEMBER(rc_host, set_scores);
    MEMBER(rc_host, n_tables);
    MEMBER(rc_host, table_at);
    MEMBER(rc_host, table_by_name);
    MEMBER(rc_host, table_name);
    MEMBER(rc_host, table_ncols);
    MEMBER(rc_host, table_nrows);
    MEMBER(rc_host, col_name);
    MEMBER(rc_host, col_type);
    MEMBER(rc_host, col_index);
    MEMBER(rc_host, cell_str);
    MEMBER(rc_host, cell_num);
    MEMBER(rc_host, cell_int);
    MEMBER(rc_host, cell_text);
    MEMBER(rc_host, output_path);
    MEMBER(rc_host, language);
    MEMBER(rc_host, output_begin);
    MEMBER(rc_host, output_temp_path);
    MEMBER(rc_host, output_write);
    MEMBER(rc_host, output_end);
    MEMBER(rc_host, cfg_str);
    MEMBER(rc_host, cfg_int);
    MEMBER(rc_host, cfg_number);
    MEMBER(rc_host, cfg_bool);
    MEMBER(rc_host, cfg_enum);
    MEMBER(rc_host, n_dimensions);
    MEMBER(rc_host, dimension_id);
    MEMBER(rc_host, dimension_scores);
    MEMBER(rc_host, dimension_weights);
    MEMBER(rc_host, index_values);
    MEMBER(rc_host, n_indicators);
    MEMBER(rc_host, indicator_id);
    MEMBER(rc_host, indicator_dimension);
    MEMBER(rc_host, indicator_values);
    MEMBER(rc_host, region_coords);
    MEMBER(rc_host, table_add);
    MEMBER(rc_host, table_add_row);
    MEMBER(rc_host, table_set_str);
    MEMBER(rc_host, table_set_num);
    MEMBER(rc_host, table_set_int);
    MEMBER(rc_host, table_set_info);
    MEMBER(rc_host, table_title);
    MEMBER(rc_host, table_description);
    STRUCT(rc_plugin_descriptor);
    MEMBER(rc_plugin_descriptor, abi_major);
    MEMBER(rc_plugin_descriptor, abi_minor);
    MEMBER(rc_plugin_descriptor, size);
    MEMBER(rc_plugin_descriptor, kind);
    MEMBER(rc_plugin_descriptor, name);
    MEMBER(rc_plugin_descriptor, version);
    MEMBER(rc_plugin_descriptor, summary);
    MEMBER(rc_plugin_descriptor, config_keys);
    MEMBER(rc_plugin_descriptor, n_config_keys);
    MEMBER(rc_plugin_descriptor, reserved0);
    MEMBER(rc_plugin_descriptor, init);
    MEMBER(rc_plugin_descriptor, score);
    MEMBER(rc_plugin_descriptor, report);
    MEMBER(rc_plugin_descriptor, fini);
    MEMBER(rc_plugin_descriptor, key_table);
    MEMBER(rc_plugin_descriptor, analyse);
    MEMBER(rc_plugin_descriptor, needs);
    MEMBER(rc_plugin_descriptor, provides);
    CONST(RC_OK); CONST(RC_EINVAL); CONST(RC_ENOMEM); CONST(RC_EDATA); CONST(RC_EIO);
    CONST(RC_ENOTFOUND); CONST(RC_EFAIL);
    CONST(RC_KIND_DIMENSION); CONST(RC_KIND_REPORTER); CONST(RC_KIND_ANALYSIS);
    CONST(RC_BENEFIT); CONST(RC_COST);
    CONST(RC_LOG_ERROR); CONST(RC_LOG_WARN); CONST(RC_LOG_INFO); CONST(RC_LOG_DEBUG);
    CONST(RC_CFG_ANY); CONST(RC_CFG_STRING); CONST(RC_CFG_INT); CONST(RC_CFG_NUMBER);
    CONST(RC_CFG_BOOL); CONST(RC_CFG_LIST); CONST(RC_CFG_MAP); CONST(RC_CFG_ENUM);
    CONST(RC_NODE_NONE); CONST(RC_NODE_SCALAR); CONST(RC_NODE_LIST); CONST(RC_NODE_MAP);
    CONST(RC_COL_STRING); CONST(RC_COL_INT); CONST(RC_COL_NUMBER);
    CONST(RC_IND_VALUE); CONST(RC_IND_NORMALISED); CONST(RC_IND_WEIGHT);
}

/* 0 when the texts agree; otherwise 1 (same version: the layout changed without a bump)
 * or 2 (the version changed: regenerate the snapshot), with the first differing line. */
static int compare(const char *snapshot, const char *now, char *why, size_t size)
{
    if (strcmp(snapshot, now) == 0) return 0;
    const char *vs = strstr(snapshot, "\nabi "), *vn = strstr(now, "\nabi ");
    size_t ls = vs ? strcspn(vs + 1, "\n") : 0, ln = vn ? strcspn(vn + 1, "\n") : 0;
    int same_version = vs && vn && ls == ln && strncmp(vs + 1, vn + 1, ls) == 0;
    const char *a = snapshot, *b = now;
    while (*a && *a == *b) a++, b++;
    while (a > snapshot && a[-1] != '\n') a--, b--;
    snprintf(why, size, "first difference: snapshot '%.*s', now '%.*s'", (int)strcspn(a, "\n"), a,
             (int)strcspn(b, "\n"), b);
    return same_version ? 1 : 2;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    rc_buf b;
    rc_buf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) rc_buf_append(&b, chunk, n);
    fclose(f);
    return b.data;
}

START_TEST(abi_layout_matches_the_snapshot_of_this_abi_version)
{
    char *snap = read_all(SNAPSHOT);
    ck_assert_msg(snap != NULL, "cannot read %s", SNAPSHOT);
    rc_buf now;
    rc_buf_init(&now);
    generate(&now);
    char why[1024] = "";
    int r = compare(snap, now.data, why, sizeof why);
    ck_assert_msg(r != 1, "the public structs or constants of regcoord/plugin.h changed while the "
                          "ABI version stayed %d.%d; bump RC_ABI_MINOR (appended) or RC_ABI_MAJOR "
                          "(changed) and regenerate the snapshot (docs/sdk.md) — %s",
                  RC_ABI_MAJOR, RC_ABI_MINOR, why);
    ck_assert_msg(r != 2, "the ABI version changed to %d.%d but tests/sdk/abi_snapshot.txt was not "
                          "regenerated (docs/sdk.md) — %s", RC_ABI_MAJOR, RC_ABI_MINOR, why);
    free(snap);
    rc_buf_free(&now);
}
END_TEST

START_TEST(a_moved_member_under_the_same_version_is_caught)
{
    rc_buf now;
    rc_buf_init(&now);
    generate(&now);
    /* the snapshot as it would read had `score` and `report` swapped places */
    char *changed = rc_strdup(now.data);
    char *at = strstr(changed, "offsetof rc_plugin_descriptor.score ");
    ck_assert_ptr_nonnull(at);
    at += strlen("offsetof rc_plugin_descriptor.score ");
    *at = *at == '9' ? '8' : '9';
    char why[1024];
    ck_assert_int_eq(compare(changed, now.data, why, sizeof why), 1);
    ck_assert_ptr_nonnull(strstr(why, "rc_plugin_descriptor.score"));
    /* and a bumped version with the old layout asks for a regenerated snapshot */
    char *bumped = rc_strdup(now.data);
    char *v = strstr(bumped, "\nabi ") + strlen("\nabi ");
    *v = *v == '9' ? '8' : '9';
    ck_assert_int_eq(compare(bumped, now.data, why, sizeof why), 2);
    ck_assert_int_eq(compare(now.data, now.data, why, sizeof why), 0);
    free(changed);
    free(bumped);
    rc_buf_free(&now);
}
END_TEST

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "--write") == 0) {
        rc_buf now;
        rc_buf_init(&now);
        generate(&now);
        FILE *f = fopen(argv[2], "wb");
        if (!f || fwrite(now.data, 1, now.len, f) != now.len || fclose(f) != 0) {
            fprintf(stderr, "test_abi_snapshot: cannot write %s\n", argv[2]);
            return EXIT_FAILURE;
        }
        rc_buf_free(&now);
        return EXIT_SUCCESS;
    }
    Suite *s = suite_create("abi_snapshot");
    TCase *tc = tcase_create("snapshot");
    tcase_add_test(tc, abi_layout_matches_the_snapshot_of_this_abi_version);
    tcase_add_test(tc, a_moved_member_under_the_same_version_is_caught);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
