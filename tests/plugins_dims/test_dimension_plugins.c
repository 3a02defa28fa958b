/* test_dimension_plugins.c — drives the built dimension plugins (infrastructure,
 * data_market, industry_fusion, institutional, generic) through a small mock host: the
 * catalogue each pathway adds must be exactly the table on its README page (ids, formulas,
 * directions), missing raw series are warned and skipped under `catalogue: all` and are an
 * error naming the series when listed, and every plugin scores through score_default once. */
#include <check.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dims_mock.h"
#include "regcoord/plugin.h"

#ifndef RC_TEST_PLUGIN_DIR
#error "RC_TEST_PLUGIN_DIR must name the build tree's plugin folder"
#endif
#ifndef RC_TEST_SOURCE_ROOT
#error "RC_TEST_SOURCE_ROOT must name the source tree"
#endif

static const char *const k_pathways[] = {"infrastructure", "data_market", "industry_fusion",
                                         "institutional"};
#define N_PATHWAYS (sizeof k_pathways / sizeof k_pathways[0])

/* ---------------------------------------------------------------- mock config nodes */

#define SCALAR(k, s) DIMS_SCALAR(k, s)
#define MAP(k, arr, cnt) DIMS_NODE(RC_NODE_MAP, k, arr, cnt)
#define LIST(k, arr, cnt) DIMS_NODE(RC_NODE_LIST, k, arr, cnt)

/* ---------------------------------------------------------------- mock host state */

#define MAX_ADDED 64
#define MAX_MISSING 8

typedef struct added_ind {
    char id[128];
    char formula[256];
    int32_t direction;
    int has_description;
} added_ind;

struct rc_ctx {
    const rc_node *section;
    const char *missing[MAX_MISSING];
    size_t n_missing;
    int32_t score_default_rc;

    added_ind added[MAX_ADDED];
    size_t n_added;
    int n_score_default;
    size_t added_before_score; /* n_added when score_default was called */
    int n_warn;
    char warnings[8192];
    int n_set_error;
    char error[2048];
    double zeros[4];
};

static void mock_log(rc_ctx *ctx, int32_t level, const char *message)
{
    if (level == RC_LOG_WARN) {
        ctx->n_warn++;
        size_t used = strlen(ctx->warnings);
        snprintf(ctx->warnings + used, sizeof ctx->warnings - used, "%s\n", message);
    }
}

static void mock_set_error(rc_ctx *ctx, const char *message)
{
    ctx->n_set_error++;
    snprintf(ctx->error, sizeof ctx->error, "%s", message);
}

static const rc_node *mock_config(rc_ctx *ctx) { return ctx->section; }

static const char *mock_node_where(rc_ctx *ctx, const rc_node *node)
{
    (void)ctx;
    (void)node;
    return "assessment.yaml:7:5";
}

static int32_t mock_series(rc_ctx *ctx, const char *name, const double **values)
{
    for (size_t i = 0; i < ctx->n_missing; i++)
        if (strcmp(ctx->missing[i], name) == 0)
            return RC_ENOTFOUND;
    *values = ctx->zeros;
    return RC_OK;
}

static int32_t mock_add_formula_indicator(rc_ctx *ctx, const char *id, int32_t direction,
                                          const char *formula, const char *description)
{
    ck_assert_uint_lt(ctx->n_added, MAX_ADDED);
    ck_assert_int_eq(ctx->n_score_default, 0); /* indicators come before scoring */
    added_ind *a = &ctx->added[ctx->n_added++];
    snprintf(a->id, sizeof a->id, "%s", id);
    snprintf(a->formula, sizeof a->formula, "%s", formula);
    a->direction = direction;
    a->has_description = description != NULL && description[0] != '\0';
    return RC_OK;
}

static int32_t mock_score_default(rc_ctx *ctx)
{
    ctx->n_score_default++;
    ctx->added_before_score = ctx->n_added;
    return ctx->score_default_rc;
}

/* Only the services a dimension plugin may call; the rest stay NULL so a stray call
 * crashes this test (Check's fork mode turns that into one failed test). */
static rc_host mock_host(void)
{
    rc_host h = dims_host_base();
    h.log = mock_log;
    h.set_error = mock_set_error;
    h.config = mock_config;
    h.node_where = mock_node_where;
    h.series = mock_series;
    h.add_formula_indicator = mock_add_formula_indicator;
    h.score_default = mock_score_default;
    return h;
}

/* ---------------------------------------------------------------- plugins */

static int32_t run_score(const dims_plugin *l, rc_ctx *ctx)
{
    rc_host h = mock_host();
    return dims_score(l->d, &h, ctx);
}

/* ---------------------------------------------------------------- the README catalogue */

#define MAX_ROWS 32

typedef struct doc_row {
    char id[128];
    char formula[256];
    int32_t direction;
} doc_row;

static void trim_field(char *s)
{
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '`'))
        s[--n] = '\0';
    size_t k = 0;
    while (s[k] == ' ' || s[k] == '`')
        k++;
    memmove(s, s + k, n - k + 1);
}

/* Reads the "## Catalogue" table of plugins/dimensions/<name>/README.md: rows
 * "| `id` | `formula` | unit | + or − | denominators | source |". Returns the row count. */
static size_t read_doc_catalogue(const char *name, doc_row *rows)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/plugins/dimensions/%s/README.md", RC_TEST_SOURCE_ROOT,
             name);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char line[2048];
    int in_section = 0;
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') /* the table ends at the next heading of any level */
            in_section = strncmp(line, "## Catalogue", 12) == 0;
        if (!in_section || strncmp(line, "| `", 3) != 0)
            continue;
        char *fields[6] = {0};
        size_t nf = 0;
        char *p = line + 1;
        while (nf < 6) {
            char *bar = strchr(p, '|');
            if (bar == NULL)
                break;
            *bar = '\0';
            fields[nf++] = p;
            p = bar + 1;
        }
        ck_assert_msg(nf == 6, "%s: catalogue row with %zu fields", path, nf);
        ck_assert_uint_lt(n, MAX_ROWS);
        for (size_t i = 0; i < nf; i++)
            trim_field(fields[i]);
        doc_row *r = &rows[n++];
        snprintf(r->id, sizeof r->id, "%s", fields[0]);
        snprintf(r->formula, sizeof r->formula, "%s", fields[1]);
        if (strcmp(fields[3], "+") == 0)
            r->direction = RC_BENEFIT;
        else if (strcmp(fields[3], "-") == 0 || strcmp(fields[3], "\xe2\x88\x92") == 0)
            r->direction = RC_COST;
        else
            ck_abort_msg("%s: direction '%s' of %s is neither + nor -", path, fields[3], r->id);
    }
    fclose(f);
    ck_assert_msg(n >= 5, "%s documents %zu catalogue indicators, fewer than 5", path, n);
    return n;
}

/* The first series name a formula reads (letters, digits, '_'). */
static void first_series(const char *formula, char *out, size_t cap)
{
    const char *p = formula;
    while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
        p++;
    size_t n = 0;
    while (*p && n + 1 < cap &&
           ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '_'))
        out[n++] = *p++;
    out[n] = '\0';
}

/* Whether `formula` reads the series `name` (whole-word match). */
static int formula_reads(const char *formula, const char *name)
{
    size_t len = strlen(name);
    for (const char *p = strstr(formula, name); p; p = strstr(p + 1, name)) {
        int before = p == formula || !(p[-1] == '_' || (p[-1] >= 'a' && p[-1] <= 'z') ||
                                       (p[-1] >= '0' && p[-1] <= '9'));
        char c = p[len];
        int after = !(c == '_' || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
        if (before && after)
            return 1;
    }
    return 0;
}

static void new_ctx(rc_ctx *ctx, const rc_node *section)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->section = section;
    ctx->score_default_rc = RC_OK;
}

/* ---------------------------------------------------------------- tests */

START_TEST(descriptor_is_a_dimension_named_after_its_file_declaring_catalogue)
{
    dims_plugin l = dims_open(k_pathways[_i]);
    ck_assert_uint_eq(l.d->abi_major, RC_ABI_MAJOR);
    ck_assert_uint_le(l.d->abi_minor, RC_ABI_MINOR);
    ck_assert_uint_eq(l.d->size, sizeof(rc_plugin_descriptor));
    ck_assert_int_eq(l.d->kind, RC_KIND_DIMENSION);
    ck_assert_str_eq(l.d->name, k_pathways[_i]);
    ck_assert_ptr_nonnull(l.d->score);
    ck_assert_ptr_null(l.d->report);
    int found = 0;
    for (uint32_t i = 0; i < l.d->n_config_keys; i++)
        if (strcmp(l.d->config_keys[i].key, "catalogue") == 0) {
            found = 1;
            ck_assert_int_eq(l.d->config_keys[i].type, RC_CFG_ANY);
            ck_assert_int_eq(l.d->config_keys[i].required, 0);
        }
    ck_assert_msg(found, "%s does not declare the catalogue key", k_pathways[_i]);
    dlclose(l.dl);
}
END_TEST

static void check_adds_whole_doc_catalogue(const char *name, const rc_node *section)
{
    doc_row rows[MAX_ROWS];
    size_t n = read_doc_catalogue(name, rows);
    dims_plugin l = dims_open(name);
    rc_ctx ctx;
    new_ctx(&ctx, section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_str_eq(ctx.added[i].id, rows[i].id);
        ck_assert_str_eq(ctx.added[i].formula, rows[i].formula);
        ck_assert_int_eq(ctx.added[i].direction, rows[i].direction);
        ck_assert_msg(ctx.added[i].has_description, "%s has no description", rows[i].id);
    }
    ck_assert_int_eq(ctx.n_score_default, 1);
    ck_assert_uint_eq(ctx.added_before_score, n);
    ck_assert_int_eq(ctx.n_warn, 0);
    dlclose(l.dl);
}

START_TEST(catalogue_all_with_every_series_adds_the_documented_catalogue)
{
    static const rc_node items[] = {SCALAR("catalogue", "all")};
    static const rc_node section = MAP(NULL, items, 1);
    check_adds_whole_doc_catalogue(k_pathways[_i], &section);
}
END_TEST

START_TEST(dimension_without_indicators_gets_the_catalogue_by_default)
{
    static const rc_node items[] = {SCALAR("weights", "equal")};
    static const rc_node section = MAP(NULL, items, 1);
    check_adds_whole_doc_catalogue(k_pathways[_i], &section);
}
END_TEST

START_TEST(configured_indicators_without_catalogue_key_add_nothing)
{
    static const rc_node ind[] = {MAP("my_indicator", NULL, 0)};
    static const rc_node items[] = {MAP("indicators", ind, 1)};
    static const rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open(k_pathways[_i]);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 0);
    ck_assert_int_eq(ctx.n_score_default, 1);
    dlclose(l.dl);
}
END_TEST

START_TEST(catalogue_none_adds_nothing)
{
    static const rc_node ind[] = {MAP("my_indicator", NULL, 0)};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("indicators", ind, 1)};
    static const rc_node section = MAP(NULL, items, 2);
    dims_plugin l = dims_open(k_pathways[_i]);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 0);
    ck_assert_int_eq(ctx.n_score_default, 1);
    dlclose(l.dl);
}
END_TEST

START_TEST(missing_raw_series_under_all_is_warned_and_skipped)
{
    const char *name = k_pathways[_i];
    doc_row rows[MAX_ROWS];
    size_t n = read_doc_catalogue(name, rows);
    char missing[128];
    first_series(rows[0].formula, missing, sizeof missing);
    ck_assert_str_ne(missing, "");

    static const rc_node items[] = {SCALAR("catalogue", "all")};
    static const rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open(name);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ctx.missing[ctx.n_missing++] = missing;
    ck_assert_int_eq(run_score(&l, &ctx), RC_OK);

    size_t k = 0, n_skipped = 0;
    for (size_t i = 0; i < n; i++) {
        if (formula_reads(rows[i].formula, missing)) {
            n_skipped++;
            ck_assert_msg(strstr(ctx.warnings, rows[i].id) != NULL,
                          "no warning names skipped %s:\n%s", rows[i].id, ctx.warnings);
            continue;
        }
        ck_assert_uint_lt(k, ctx.n_added);
        ck_assert_str_eq(ctx.added[k].id, rows[i].id);
        ck_assert_int_eq(ctx.added[k].direction, rows[i].direction);
        k++;
    }
    ck_assert_uint_ge(n_skipped, 1);
    ck_assert_uint_eq(ctx.n_added, k);
    ck_assert_int_eq(ctx.n_warn, (int)n_skipped);
    ck_assert_msg(strstr(ctx.warnings, missing) != NULL, "warnings do not name %s:\n%s",
                  missing, ctx.warnings);
    ck_assert_int_eq(ctx.n_score_default, 1);
    ck_assert_int_eq(ctx.n_set_error, 0);
    dlclose(l.dl);
}
END_TEST

START_TEST(listed_entry_with_missing_series_is_an_error_naming_the_series)
{
    const char *name = k_pathways[_i];
    doc_row rows[MAX_ROWS];
    read_doc_catalogue(name, rows);
    char missing[128];
    first_series(rows[0].formula, missing, sizeof missing);

    rc_node list[2] = {SCALAR(NULL, rows[1].id), SCALAR(NULL, rows[0].id)};
    rc_node items[1] = {LIST("catalogue", list, 2)};
    rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open(name);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ctx.missing[ctx.n_missing++] = missing;
    int32_t rc = run_score(&l, &ctx);
    ck_assert_int_lt(rc, 0);
    ck_assert_int_eq(ctx.n_set_error, 1);
    ck_assert_msg(strstr(ctx.error, missing) != NULL, "error does not name %s: %s", missing,
                  ctx.error);
    ck_assert_msg(strstr(ctx.error, rows[0].id) != NULL, "error does not name %s: %s",
                  rows[0].id, ctx.error);
    ck_assert_int_eq(ctx.n_score_default, 0);
    dlclose(l.dl);
}
END_TEST

START_TEST(listed_entries_add_only_those_in_catalogue_order)
{
    const char *name = k_pathways[_i];
    doc_row rows[MAX_ROWS];
    size_t n = read_doc_catalogue(name, rows);
    rc_node list[2] = {SCALAR(NULL, rows[n - 1].id), SCALAR(NULL, rows[0].id)};
    rc_node items[1] = {LIST("catalogue", list, 2)};
    rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open(name);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 2);
    ck_assert_str_eq(ctx.added[0].id, rows[0].id);
    ck_assert_str_eq(ctx.added[1].id, rows[n - 1].id);
    ck_assert_int_eq(ctx.n_score_default, 1);
    dlclose(l.dl);
}
END_TEST

START_TEST(unknown_catalogue_id_is_an_error_listing_the_catalogue)
{
    const char *name = k_pathways[_i];
    doc_row rows[MAX_ROWS];
    read_doc_catalogue(name, rows);
    static const rc_node list[] = {SCALAR(NULL, "no_such_indicator")};
    static const rc_node items[] = {LIST("catalogue", list, 1)};
    static const rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open(name);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "no_such_indicator"));
    ck_assert_ptr_nonnull(strstr(ctx.error, "assessment.yaml:7:5"));
    ck_assert_ptr_nonnull(strstr(ctx.error, rows[0].id));
    ck_assert_int_eq(ctx.n_score_default, 0);
    dlclose(l.dl);
}
END_TEST

START_TEST(catalogue_of_wrong_shape_is_an_error)
{
    static const rc_node items[] = {SCALAR("catalogue", "everything")};
    static const rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open(k_pathways[_i]);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "assessment.yaml:7:5"));
    ck_assert_int_eq(ctx.n_score_default, 0);
    dlclose(l.dl);
}
END_TEST

START_TEST(configured_indicator_shadows_its_catalogue_entry)
{
    const char *name = k_pathways[_i];
    doc_row rows[MAX_ROWS];
    size_t n = read_doc_catalogue(name, rows);
    rc_node ind[1] = {MAP(rows[0].id, NULL, 0)};
    rc_node items[2] = {SCALAR("catalogue", "all"), MAP("indicators", ind, 1)};
    rc_node section = MAP(NULL, items, 2);
    dims_plugin l = dims_open(name);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, n - 1);
    for (size_t i = 0; i < ctx.n_added; i++)
        ck_assert_str_ne(ctx.added[i].id, rows[0].id);
    dlclose(l.dl);
}
END_TEST

START_TEST(no_indicators_and_no_raw_series_is_an_error)
{
    const char *name = k_pathways[_i];
    doc_row rows[MAX_ROWS];
    size_t n = read_doc_catalogue(name, rows);
    static const rc_node section = MAP(NULL, NULL, 0);
    dims_plugin l = dims_open(name);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    /* Remove the first series of each formula until every entry lacks one. */
    static char names[MAX_MISSING][128];
    for (size_t i = 0; i < n; i++) {
        int covered = 0;
        for (size_t j = 0; j < ctx.n_missing; j++)
            covered |= formula_reads(rows[i].formula, ctx.missing[j]);
        if (covered)
            continue;
        ck_assert_uint_lt(ctx.n_missing, MAX_MISSING);
        first_series(rows[i].formula, names[ctx.n_missing], sizeof names[0]);
        ctx.missing[ctx.n_missing] = names[ctx.n_missing];
        ctx.n_missing++;
    }
    ck_assert_int_eq(run_score(&l, &ctx), RC_EDATA);
    ck_assert_uint_eq(ctx.n_added, 0);
    ck_assert_int_eq(ctx.n_score_default, 0);
    ck_assert_ptr_nonnull(strstr(ctx.error, ctx.missing[0]));
    dlclose(l.dl);
}
END_TEST

START_TEST(score_default_failure_is_returned)
{
    static const rc_node items[] = {SCALAR("catalogue", "all")};
    static const rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open(k_pathways[_i]);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ctx.score_default_rc = RC_EDATA;
    ck_assert_int_eq(run_score(&l, &ctx), RC_EDATA);
    ck_assert_int_eq(ctx.n_score_default, 1);
    dlclose(l.dl);
}
END_TEST

START_TEST(host_without_dimension_services_is_refused)
{
    static const rc_node section = MAP(NULL, NULL, 0);
    dims_plugin l = dims_open(k_pathways[_i]);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    rc_host h = mock_host();
    h.size = (uint32_t)offsetof(rc_host, n_regions);
    ck_assert_int_eq(l.d->score(NULL, &h, &ctx), RC_EINVAL);
    ck_assert_int_eq(ctx.n_set_error, 1);
    ck_assert_int_eq(ctx.n_score_default, 0);
    dlclose(l.dl);
}
END_TEST

START_TEST(generic_calls_score_default_once_and_adds_nothing)
{
    static const rc_node ind[] = {MAP("energy_intensity", NULL, 0)};
    static const rc_node items[] = {MAP("indicators", ind, 1)};
    static const rc_node section = MAP(NULL, items, 1);
    dims_plugin l = dims_open("generic");
    ck_assert_str_eq(l.d->name, "generic");
    ck_assert_int_eq(l.d->kind, RC_KIND_DIMENSION);
    ck_assert_uint_eq(l.d->n_config_keys, 0);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run_score(&l, &ctx), RC_OK);
    ck_assert_int_eq(ctx.n_score_default, 1);
    ck_assert_uint_eq(ctx.n_added, 0);

    new_ctx(&ctx, &section);
    ctx.score_default_rc = RC_EDATA;
    ck_assert_int_eq(run_score(&l, &ctx), RC_EDATA);
    ck_assert_int_eq(ctx.n_score_default, 1);
    dlclose(l.dl);
}
END_TEST

static Suite *dimension_plugins_suite(void)
{
    Suite *s = suite_create("dimension_plugins");
    TCase *tc = tcase_create("pathways");
    int n = (int)N_PATHWAYS;
    tcase_add_loop_test(tc, descriptor_is_a_dimension_named_after_its_file_declaring_catalogue,
                        0, n);
    tcase_add_loop_test(tc, catalogue_all_with_every_series_adds_the_documented_catalogue, 0, n);
    tcase_add_loop_test(tc, dimension_without_indicators_gets_the_catalogue_by_default, 0, n);
    tcase_add_loop_test(tc, configured_indicators_without_catalogue_key_add_nothing, 0, n);
    tcase_add_loop_test(tc, catalogue_none_adds_nothing, 0, n);
    tcase_add_loop_test(tc, missing_raw_series_under_all_is_warned_and_skipped, 0, n);
    tcase_add_loop_test(tc, listed_entry_with_missing_series_is_an_error_naming_the_series, 0, n);
    tcase_add_loop_test(tc, listed_entries_add_only_those_in_catalogue_order, 0, n);
    tcase_add_loop_test(tc, unknown_catalogue_id_is_an_error_listing_the_catalogue, 0, n);
    tcase_add_loop_test(tc, catalogue_of_wrong_shape_is_an_error, 0, n);
    tcase_add_loop_test(tc, configured_indicator_shadows_its_catalogue_entry, 0, n);
    tcase_add_loop_test(tc, no_indicators_and_no_raw_series_is_an_error, 0, n);
    tcase_add_loop_test(tc, score_default_failure_is_returned, 0, n);
    tcase_add_loop_test(tc, host_without_dimension_services_is_refused, 0, n);
    suite_add_tcase(s, tc);
    TCase *tg = tcase_create("generic");
    tcase_add_test(tg, generic_calls_score_default_once_and_adds_nothing);
    suite_add_tcase(s, tg);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(dimension_plugins_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
