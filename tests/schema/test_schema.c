/* tests/schema/test_schema.c — pins down `regcoord schema`: the output is JSON, the same
 * bytes on every run, lists every key of every core table (rc_config_sections) in its
 * section with the type its RC_CFG_* declares, and every key of every in-tree plugin under
 * that plugin, read from the plugins' own descriptors. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "util/str.h"

/* Runs `regcoord schema ARGS` and returns its standard output (caller frees). */
static char *run_schema(const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' schema -q --plugin-path '%s' %s", REGCOORD_BIN,
             REGCOORD_BUILD_PLUGIN_DIR, args);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    rc_buf b;
    rc_buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) rc_buf_append(&b, chunk, n);
    int status = pclose(p);
    ck_assert_msg(status == 0, "`%s` exited with status %d", cmd, status);
    ck_assert(!b.failed);
    if (!b.data) return rc_strdup("");
    return b.data;
}

static json_t *load_schema(void)
{
    char *text = run_schema("");
    json_error_t jerr;
    json_t *s = json_loads(text, 0, &jerr);
    ck_assert_msg(s != NULL, "not JSON: %s (line %d)", jerr.text, jerr.line);
    free(text);
    return s;
}

/* The properties object of $defs[def], or of the root when def is NULL. */
static json_t *props_of(json_t *schema, const char *def)
{
    json_t *node = def ? json_object_get(json_object_get(schema, "$defs"), def) : schema;
    ck_assert_msg(node != NULL, "no $defs entry '%s'", def);
    json_t *props = json_object_get(node, "properties");
    ck_assert_msg(json_is_object(props), "'%s' has no properties", def ? def : "(root)");
    return props;
}

/* The JSON type a declared RC_CFG_* type must map to (written here, not taken from the
 * code under test); NULL for RC_CFG_ANY (unconstrained) and text (several types). */
static const char *expected_type(int32_t t)
{
    switch (t) {
    case RC_CFG_INT: return "integer";
    case RC_CFG_NUMBER: return "number";
    case RC_CFG_BOOL: return "boolean";
    case RC_CFG_LIST: return "array";
    case RC_CFG_MAP: return "object";
    case RC_CFG_ENUM: return "string";
    default: return NULL;
    }
}

static void expect_key(json_t *props, const char *where, const rc_config_key *k)
{
    json_t *p = json_object_get(props, k->key);
    ck_assert_msg(p != NULL, "key '%s' missing from %s", k->key, where);
    const char *want = expected_type(k->type);
    json_t *type = json_object_get(p, "type");
    if (want) {
        ck_assert_msg(json_is_string(type) && !strcmp(json_string_value(type), want),
                      "%s.%s: type should be %s", where, k->key, want);
    } else if (k->type == RC_CFG_STRING) {
        ck_assert_msg(json_is_array(type) && json_array_size(type) == 3,
                      "%s.%s: a text key takes any scalar", where, k->key);
    }
    if (k->help)
        ck_assert_msg(json_object_get(p, "description") &&
                          strstr(json_string_value(json_object_get(p, "description")), k->help),
                      "%s.%s: description should hold the help text", where, k->key);
}

START_TEST(schema_output_is_json_and_identical_across_runs)
{
    char *a = run_schema("");
    char *b = run_schema("");
    ck_assert_str_eq(a, b);
    json_error_t jerr;
    json_t *s = json_loads(a, 0, &jerr);
    ck_assert_msg(s != NULL, "not JSON: %s", jerr.text);
    ck_assert_str_eq(json_string_value(json_object_get(s, "$schema")),
                     "https://json-schema.org/draft/2020-12/schema");
    json_decref(s);
    free(a);
    free(b);
}
END_TEST

START_TEST(schema_written_with_o_equals_standard_output)
{
    char path[] = "/tmp/rc_schema_test_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    char args[256];
    snprintf(args, sizeof args, "-o '%s'", path);
    close(fd); /* the command replaces the file: read it again by name */
    char *out = run_schema(args);
    ck_assert_str_eq(out, ""); /* nothing on stdout with -o */
    free(out);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    rc_buf b;
    rc_buf_init(&b);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) rc_buf_append(&b, chunk, n);
    fclose(f);
    unlink(path);
    char *std = run_schema("");
    ck_assert(!b.failed && b.data);
    ck_assert_str_eq(b.data, std);
    free(std);
    rc_buf_free(&b);
}
END_TEST

START_TEST(schema_lists_every_key_of_every_core_section)
{
    static const char *const defs[][2] = {
        {"(top level)", NULL},
        {"regions", "regions"},
        {"data[]", "data"},
        {"defaults", "defaults"},
        {"dimensions.<id>", "dimension"},
        {"dimensions.<id>.components.<id>", "component"},
        {"...indicators.<id>", "indicator"},
        {"index", "index"},
        {"reports[]", "report"},
    };
    json_t *s = load_schema();
    ck_assert_uint_eq(rc_config_nsections, sizeof defs / sizeof defs[0]);
    for (size_t i = 0; i < rc_config_nsections; i++) {
        const rc_config_section *sec = &rc_config_sections[i];
        ck_assert_str_eq(sec->path, defs[i][0]);
        json_t *props = props_of(s, defs[i][1]);
        for (size_t k = 0; k < sec->n_keys; k++) expect_key(props, sec->path, &sec->keys[k]);
        /* the core rejects unknown keys everywhere but in dimensions and reports, whose
         * plugins add keys: those are closed per plugin */
        json_t *node = defs[i][1] ? json_object_get(json_object_get(s, "$defs"), defs[i][1]) : s;
        int per_plugin = !strcmp(sec->path, "dimensions.<id>") || !strcmp(sec->path, "reports[]");
        if (!per_plugin)
            ck_assert_msg(json_is_false(json_object_get(node, "additionalProperties")),
                          "%s should reject unknown keys", sec->path);
        for (size_t k = 0; k < sec->n_keys; k++) {
            if (!sec->keys[k].required) continue;
            json_t *req = json_object_get(node, "required");
            int found = 0;
            for (size_t r = 0; r < json_array_size(req); r++)
                found |= !strcmp(json_string_value(json_array_get(req, r)), sec->keys[k].key);
            ck_assert_msg(found, "%s.%s should be required", sec->path, sec->keys[k].key);
        }
    }
    /* defaults written by hand from config/model.c's tables */
    json_t *top = props_of(s, NULL);
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(top, "plugin_timeout"),
                                                        "default")), 60);
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(top, "language"),
                                                       "default")), "en");
    json_t *index = props_of(s, "index");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(index, "scale"),
                                                        "default")), 100);
    /* a descriptive default is text in the description, not a JSON default */
    json_t *dim_plugin = json_object_get(props_of(s, "dimension"), "plugin");
    ck_assert_ptr_null(json_object_get(dim_plugin, "default"));
    ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(dim_plugin, "description")),
                                 "Default: the dimension id."));
    json_decref(s);
}
END_TEST

START_TEST(schema_lists_every_plugin_key_under_its_plugin)
{
    json_t *s = load_schema();
    rc_registry *reg = NULL;
    rc_error err;
    rc_error_clear(&err);
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    ck_assert_uint_gt(reg->n, 0);
    size_t n_dim = 0, n_rep = 0;
    json_t *dim_enum = json_object_get(json_object_get(props_of(s, "dimension"), "plugin"), "enum");
    json_t *rep_enum = json_object_get(json_object_get(props_of(s, "report"), "plugin"), "enum");
    size_t n_an = 0;
    for (size_t i = 0; i < reg->n; i++) {
        const rc_plugin *p = &reg->plugins[i];
        int dim = p->desc->kind == RC_KIND_DIMENSION;
        char def[300];
        if (p->desc->kind == RC_KIND_ANALYSIS) {
            /* analysis.P: the plugin's keys, closed, linked from `analysis` */
            snprintf(def, sizeof def, "analysis.%s", p->name);
            json_t *props = props_of(s, def);
            for (size_t k = 0; k < p->n_keys; k++) expect_key(props, def, &p->keys[k]);
            ck_assert_uint_eq(json_object_size(props), p->n_keys);
            ck_assert_ptr_nonnull(json_object_get(props_of(s, "analysis"), p->name));
            n_an++;
            continue;
        }
        snprintf(def, sizeof def, "%s.%s", dim ? "dimension" : "report", p->name);
        json_t *props = props_of(s, def);
        for (size_t k = 0; k < p->n_keys; k++)
            expect_key(props, def, &p->keys[k]);
        /* the core keys are there too, and nothing else is allowed */
        const rc_config_key *core = dim ? rc_dimension_core_keys : rc_report_core_keys;
        size_t ncore = dim ? rc_dimension_core_nkeys : rc_report_core_nkeys;
        for (size_t k = 0; k < ncore; k++) ck_assert_ptr_nonnull(json_object_get(props, core[k].key));
        json_t *node = json_object_get(json_object_get(s, "$defs"), def);
        ck_assert(json_is_false(json_object_get(node, "additionalProperties")));
        /* and the plugin is one of the names `plugin:` accepts */
        json_t *names = dim ? dim_enum : rep_enum;
        int listed = 0;
        for (size_t r = 0; r < json_array_size(names); r++)
            listed |= !strcmp(json_string_value(json_array_get(names, r)), p->name);
        ck_assert_msg(listed, "plugin %s not in the plugin enum", p->name);
        dim ? n_dim++ : n_rep++;
    }
    ck_assert_uint_eq(json_array_size(dim_enum), n_dim);
    ck_assert_uint_eq(json_array_size(rep_enum), n_rep);
    /* two keys written by hand from the plugins' sources */
    json_t *lag = json_object_get(props_of(s, "dimension.infrastructure"), "spatial_lag");
    ck_assert_str_eq(json_string_value(json_object_get(lag, "type")), "array");
    json_t *indent = json_object_get(props_of(s, "report.json"), "indent");
    ck_assert_str_eq(json_string_value(json_object_get(indent, "type")), "integer");
    /* an enum key lists its choices, written here from index_trend's source */
    ck_assert_uint_ge(n_an, 1);
    json_t *on = json_object_get(props_of(s, "analysis.index_trend"), "on");
    json_t *choices = json_object_get(on, "enum");
    ck_assert_uint_eq(json_array_size(choices), 2);
    ck_assert_str_eq(json_string_value(json_array_get(choices, 0)), "published");
    ck_assert_str_eq(json_string_value(json_array_get(choices, 1)), "unit");
    ck_assert_str_eq(json_string_value(json_object_get(on, "default")), "published");
    ck_assert_int_eq(json_integer_value(json_object_get(indent, "default")), 1);
    ck_assert_ptr_null(json_object_get(props_of(s, "report.csv"), "indent"));
    rc_registry_free(reg);
    json_decref(s);
}
END_TEST

START_TEST(schema_method_names_come_from_the_parsers)
{
    json_t *s = load_schema();
    json_t *defs = json_object_get(s, "$defs");
    /* docs/methods.md: the normalisation methods, and AHP needs its matrix (no bare name) */
    static const char *const norm[] = {"minmax", "zscore", "goalposts", "rank", "fracmax",
                                       "dist2ref", "none"};
    json_t *one = json_object_get(json_object_get(defs, "normalize"), "oneOf");
    json_t *names = json_object_get(json_object_get(json_object_get(json_array_get(one, 1),
                                                                    "properties"), "method"), "enum");
    ck_assert_uint_eq(json_array_size(names), sizeof norm / sizeof norm[0]);
    for (size_t i = 0; i < json_array_size(names); i++)
        ck_assert_str_eq(json_string_value(json_array_get(names, i)), norm[i]);
    json_t *wbare = json_object_get(json_array_get(json_object_get(json_object_get(defs, "weights"),
                                                                   "oneOf"), 0), "enum");
    for (size_t i = 0; i < json_array_size(wbare); i++)
        ck_assert_str_ne(json_string_value(json_array_get(wbare, i)), "ahp");
    /* missing: a bare name or a mapping {min_coverage: …} (docs/coverage.md) */
    json_t *mone = json_object_get(json_object_get(defs, "missing"), "oneOf");
    ck_assert_uint_eq(json_array_size(mone), 2);
    json_t *missing = json_object_get(json_array_get(mone, 0), "enum");
    ck_assert_uint_eq(json_array_size(missing), 2);
    ck_assert_str_eq(json_string_value(json_array_get(missing, 0)), "available");
    ck_assert_str_eq(json_string_value(json_array_get(missing, 1)), "strict");
    json_decref(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("schema");
    TCase *tc = tcase_create("schema");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, schema_output_is_json_and_identical_across_runs);
    tcase_add_test(tc, schema_written_with_o_equals_standard_output);
    tcase_add_test(tc, schema_lists_every_key_of_every_core_section);
    tcase_add_test(tc, schema_lists_every_plugin_key_under_its_plugin);
    tcase_add_test(tc, schema_method_names_come_from_the_parsers);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
