/* tests/config/test_config.c — pins down the config stage: the YAML loader (positions,
 * refusals, conversions), the schema checker's messages, and the typed model built from
 * the full example of docs/config.md. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config/model.h"
#include "config/node.h"
#include "config/schema.h"
#include "util/str.h"

#define FIXTURES REGCOORD_TEST_DATA_DIR "/fixtures"

/* A minimal valid config; tests append to or replace parts of it. */
#define MIN_DATA "data:\n  - {file: panel.csv}\n"
#define MIN_DIMS "dimensions:\n  infra: {indicators: {a: {}}}\n"

/* Loads `yaml` as "t.yaml" in /base and expects failure with exactly `msg`. */
static void expect_error(const char *yaml, const char *msg)
{
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    int rc = rc_config_load_string(yaml, "t.yaml", "/base", &cfg, &err);
    ck_assert_int_eq(rc, -1);
    ck_assert_ptr_null(cfg);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_str_eq(err.msg, msg);
}

static rc_config *load_ok(const char *yaml)
{
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    int rc = rc_config_load_string(yaml, "t.yaml", "/base", &cfg, &err);
    ck_assert_msg(rc == 0, "load failed: %s", err.msg);
    ck_assert_ptr_nonnull(cfg);
    return cfg;
}

/* ---- the full example ---- */

START_TEST(full_example_loads_into_the_model_values)
{
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    int rc = rc_config_load(FIXTURES "/assessment.yaml", &cfg, &err);
    ck_assert_msg(rc == 0, "%s", err.msg);
    ck_assert_str_eq(cfg->path, FIXTURES "/assessment.yaml");
    ck_assert_str_eq(cfg->dir, FIXTURES);
    ck_assert_str_eq(cfg->title, "China provinces — digital economy and regional coordination");
    ck_assert_str_eq(cfg->language, "en");

    ck_assert_str_eq(cfg->regions.file, FIXTURES "/regions.csv");
    ck_assert_str_eq(cfg->regions.id_col, "code");
    ck_assert_str_eq(cfg->regions.name_col, "name");
    ck_assert_uint_eq(cfg->regions.n_groups, 1);
    ck_assert_str_eq(cfg->regions.groups[0], "zone");
    ck_assert_str_eq(cfg->regions.adjacency, FIXTURES "/adjacency.csv");
    ck_assert_str_eq(cfg->regions.coordinates, FIXTURES "/capitals.csv");

    ck_assert_uint_eq(cfg->n_data, 2);
    ck_assert_str_eq(cfg->data[0].file, FIXTURES "/panel.csv");
    ck_assert_int_eq(cfg->data[0].layout, RC_LAYOUT_LONG);
    ck_assert_str_eq(cfg->data[0].region_col, "region");
    ck_assert_str_eq(cfg->data[0].year_col, "year");
    ck_assert_str_eq(cfg->data[0].indicator_col, "indicator");
    ck_assert_str_eq(cfg->data[0].value_col, "value");
    ck_assert_str_eq(cfg->data[1].file, FIXTURES "/extra.csv");
    ck_assert_int_eq(cfg->data[1].layout, RC_LAYOUT_WIDE);
    ck_assert_str_eq(cfg->data[1].region_col, "地区");
    ck_assert_str_eq(cfg->data[1].year_col, "年份");
    ck_assert_ptr_null(cfg->data[1].indicator_col);

    /* 2016-2024 inclusive: 9 years */
    ck_assert_uint_eq(cfg->n_years, 9);
    for (size_t i = 0; i < 9; i++) ck_assert_int_eq(cfg->years[i], 2016 + (int)i);

    ck_assert_uint_eq(cfg->n_series_defs, 1);
    ck_assert_str_eq(cfg->series_defs[0].name, "gdp_per_capita");
    ck_assert_str_eq(cfg->series_defs[0].formula, "gdp / population");

    ck_assert_str_eq(rc_node_as_str(cfg->def_normalize), "minmax");
    ck_assert_str_eq(rc_node_as_str(cfg->def_weights), "entropy");
    ck_assert_str_eq(rc_node_as_str(cfg->def_aggregate), "arithmetic");
    ck_assert_str_eq(rc_node_as_str(cfg->def_impute), "none");
    ck_assert_str_eq(rc_node_as_str(cfg->def_treat), "none");
    ck_assert_str_eq(rc_node_as_str(cfg->def_missing), "available");

    ck_assert_uint_eq(cfg->n_dims, 4);
    const rc_dimension_cfg *inf = &cfg->dims[0];
    ck_assert_str_eq(inf->root.id, "infrastructure");
    ck_assert_str_eq(inf->plugin, "infrastructure");
    ck_assert_str_eq(inf->root.label, "Digital infrastructure");
    ck_assert_double_eq(inf->root.weight, 0.25);
    ck_assert_str_eq(rc_node_as_str(rc_node_get(inf->series_map, "broadband_ports")), "宽带端口");
    ck_assert_uint_eq(inf->root.n_indicators, 4);
    const rc_indicator_cfg *ii = inf->root.indicators;
    ck_assert_str_eq(ii[0].id, "broadband_ports_per_100");
    ck_assert_str_eq(ii[0].formula, "broadband_ports / population * 100");
    ck_assert_ptr_null(ii[0].series);
    ck_assert_int_eq(ii[0].direction, RC_BENEFIT);
    ck_assert(isnan(ii[0].weight));
    ck_assert_str_eq(ii[1].formula, "fibre_km / area_km2");
    ck_assert_int_eq(ii[1].direction, RC_BENEFIT);
    ck_assert_str_eq(ii[2].series, "mobile_traffic");
    ck_assert_double_eq(ii[2].weight, 2.0);
    ck_assert_str_eq(ii[2].per, "population");
    ck_assert_str_eq(ii[3].id, "software_revenue");
    ck_assert_str_eq(ii[3].series, "software_revenue");
    ck_assert_ptr_null(ii[3].formula);
    ck_assert_ptr_null(inf->root.normalize); /* inherits */

    const rc_dimension_cfg *fus = &cfg->dims[1];
    ck_assert_str_eq(fus->root.id, "industry_fusion");
    ck_assert_str_eq(rc_node_as_str(fus->root.weights), "equal");
    ck_assert_uint_eq(fus->root.n_indicators, 1);
    ck_assert_str_eq(fus->root.indicators[0].series, "x");
    ck_assert(isnan(fus->root.weight));

    const rc_dimension_cfg *con = &cfg->dims[2];
    ck_assert_str_eq(con->plugin, "generic");
    ck_assert_uint_eq(con->root.n_indicators, 0);
    ck_assert_uint_eq(con->root.n_components, 1);
    const rc_component_cfg *fb = &con->root.components[0];
    ck_assert_str_eq(fb->id, "fixed_broadband");
    ck_assert_double_eq(fb->weight, 0.25);
    ck_assert_int_eq(fb->normalize->kind, RC_NODE_MAP);
    ck_assert_str_eq(rc_node_as_str(rc_node_get(fb->normalize, "method")), "goalposts");
    int clip = 1;
    ck_assert_int_eq(rc_node_as_bool(rc_node_get(fb->normalize, "clip"), &clip), 0);
    ck_assert_int_eq(clip, 0);
    ck_assert_uint_eq(fb->n_indicators, 1);
    ck_assert_str_eq(fb->indicators[0].series, "desi_2a1");
    ck_assert_double_eq(fb->indicators[0].weight, 1.0);

    const rc_dimension_cfg *green = &cfg->dims[3];
    ck_assert_str_eq(green->root.indicators[0].series, "energy_per_gdp");
    ck_assert_int_eq(green->root.indicators[0].direction, RC_COST);

    ck_assert_str_eq(rc_node_as_str(cfg->index_weights), "equal");
    ck_assert_str_eq(rc_node_as_str(cfg->index_aggregate), "arithmetic");
    ck_assert_double_eq(cfg->index_scale, 100.0);
    ck_assert_int_eq(cfg->analysis->kind, RC_NODE_MAP);
    ck_assert_ptr_nonnull(rc_node_get(cfg->analysis, "coupling"));

    ck_assert_uint_eq(cfg->n_reports, 2);
    ck_assert_str_eq(cfg->reports[0].plugin, "csv");
    ck_assert_str_eq(cfg->reports[0].path, "tables");
    ck_assert_str_eq(cfg->reports[1].plugin, "json");
    ck_assert_str_eq(cfg->reports[1].path, "results.json");
    ck_assert_str_eq(cfg->baseline, FIXTURES "/baseline.yaml");

    /* positions of nodes are 1-based file:line:col */
    char w[512];
    ck_assert_str_eq(rc_node_where(green->root.indicators[0].node, w, sizeof w),
                     FIXTURES "/assessment.yaml:50:25");
    rc_config_free(cfg);
}
END_TEST

START_TEST(defaults_apply_when_optional_sections_are_absent)
{
    rc_config *cfg = load_ok(MIN_DATA MIN_DIMS);
    ck_assert_str_eq(cfg->language, "en");
    ck_assert_double_eq(cfg->index_scale, 100.0);
    ck_assert_ptr_null(cfg->index_weights);
    ck_assert_ptr_null(cfg->years);
    ck_assert_uint_eq(cfg->n_years, 0);
    ck_assert_ptr_null(cfg->regions.file);
    ck_assert_str_eq(cfg->regions.id_col, "region");
    ck_assert_ptr_null(cfg->title);
    ck_assert_ptr_null(cfg->baseline);
    ck_assert_uint_eq(cfg->n_reports, 0);
    ck_assert_str_eq(cfg->dims[0].plugin, "infra");
    ck_assert_str_eq(cfg->dims[0].root.indicators[0].series, "a");
    rc_config_free(cfg);
    /* an empty indicator (`a:` or `b: ~`) reads the series named like it */
    cfg = load_ok(MIN_DATA "dimensions:\n  d:\n    indicators:\n      a:\n      b: ~\n");
    ck_assert_uint_eq(cfg->dims[0].root.n_indicators, 2);
    ck_assert_str_eq(cfg->dims[0].root.indicators[0].series, "a");
    ck_assert_str_eq(cfg->dims[0].root.indicators[1].series, "b");
    ck_assert_int_eq(cfg->dims[0].root.indicators[1].node->kind, RC_NODE_MAP);
    rc_config_free(cfg);
}
END_TEST

/* ---- error classes, each with its exact position ---- */

START_TEST(unknown_key_names_position_and_suggests_nearest)
{
    expect_error(MIN_DATA "dimensions:\n  green:\n    indicators:\n"
                          "      fibre_density: {series: f, wieght: 2}\n",
                 "t.yaml:6:34: unknown key 'wieght' in indicator 'fibre_density'; did you "
                 "mean 'weight'?");
}
END_TEST

START_TEST(unknown_key_without_suggestion_lists_valid_keys)
{
    expect_error(MIN_DATA MIN_DIMS "index: {zzzzzz: 1}\n",
                 "t.yaml:5:9: unknown key 'zzzzzz' in index; valid keys are: weights, "
                 "aggregate, scale, missing");
}
END_TEST

START_TEST(unknown_top_level_key_suggests)
{
    expect_error("titel: x\n" MIN_DATA MIN_DIMS,
                 "t.yaml:1:1: unknown key 'titel' in the config; did you mean 'title'?");
}
END_TEST

START_TEST(duplicate_key_names_both_positions)
{
    expect_error(MIN_DATA "dimensions:\n  a: {indicators: {x: {}}}\n  b: {}\n  a: {}\n",
                 "t.yaml:6:3: duplicate key 'a' (first at 4:3)");
}
END_TEST

START_TEST(wrong_type_names_expected_and_actual)
{
    expect_error(MIN_DATA MIN_DIMS "index:\n  scale: [1, 2]\n",
                 "t.yaml:6:10: 'scale' in index must be a number, not a list");
    expect_error(MIN_DATA MIN_DIMS "index:\n  scale: \"100\"\n",
                 "t.yaml:6:10: 'scale' in index must be a number, not the quoted text '100'");
    expect_error("data: {file: x.csv}\n" MIN_DIMS,
                 "t.yaml:1:7: 'data' in the config must be a list, not a mapping");
}
END_TEST

START_TEST(missing_required_key_is_reported_at_the_enclosing_mapping)
{
    expect_error(MIN_DIMS, "t.yaml:1:1: missing required key 'data' in the config");
    expect_error("data:\n  - {layout: long}\n" MIN_DIMS,
                 "t.yaml:2:5: missing required key 'file' in data entry 1");
    expect_error(MIN_DATA MIN_DIMS "reports:\n  - {plugin: csv}\n",
                 "t.yaml:6:5: missing required key 'path' in report 1");
}
END_TEST

START_TEST(empty_required_sections_are_refused)
{
    expect_error("data: []\n" MIN_DIMS,
                 "t.yaml:1:7: 'data' must list at least one CSV file ({file: ..., layout: "
                 "long|wide})");
    expect_error(MIN_DATA "dimensions: {}\n",
                 "t.yaml:3:13: 'dimensions' must define at least one dimension");
}
END_TEST

START_TEST(bad_direction_is_refused)
{
    expect_error(MIN_DATA "dimensions:\n  d:\n    indicators:\n      x: {direction: up}\n",
                 "t.yaml:6:22: 'direction' in indicator 'x' must be \"+\", \"-\", benefit, "
                 "cost, 1 or -1, not 'up'");
}
END_TEST

START_TEST(direction_accepts_every_spelling)
{
    rc_config *cfg = load_ok(MIN_DATA "dimensions:\n  d:\n    indicators:\n"
                                      "      a: {direction: '+'}\n      b: {direction: '-'}\n"
                                      "      c: {direction: benefit}\n      e: {direction: cost}\n"
                                      "      f: {direction: 1}\n      g: {direction: -1}\n");
    const rc_indicator_cfg *ind = cfg->dims[0].root.indicators;
    int expect[] = {1, -1, 1, -1, 1, -1};
    ck_assert_uint_eq(cfg->dims[0].root.n_indicators, 6);
    for (size_t i = 0; i < 6; i++) ck_assert_int_eq(ind[i].direction, expect[i]);
    rc_config_free(cfg);
}
END_TEST

START_TEST(series_and_formula_together_are_refused)
{
    expect_error(MIN_DATA "dimensions:\n  d:\n    indicators:\n"
                          "      x: {series: a, formula: \"a / b\"}\n",
                 "t.yaml:6:22: indicator 'x' has both 'series' and 'formula'; give one of them");
}
END_TEST

START_TEST(reversed_years_are_refused)
{
    expect_error(MIN_DATA MIN_DIMS "years: 2024-2016\n",
                 "t.yaml:5:8: the years range '2024-2016' is reversed; write 2016-2024");
}
END_TEST

START_TEST(years_accept_list_and_single_year)
{
    rc_config *cfg = load_ok(MIN_DATA MIN_DIMS "years: [2020, 2016, 2018]\n");
    ck_assert_uint_eq(cfg->n_years, 3);
    ck_assert_int_eq(cfg->years[0], 2016);
    ck_assert_int_eq(cfg->years[1], 2018);
    ck_assert_int_eq(cfg->years[2], 2020);
    rc_config_free(cfg);
    cfg = load_ok(MIN_DATA MIN_DIMS "years: 2019\n");
    ck_assert_uint_eq(cfg->n_years, 1);
    ck_assert_int_eq(cfg->years[0], 2019);
    rc_config_free(cfg);
    expect_error(MIN_DATA MIN_DIMS "years: [2016, 2016]\n", "t.yaml:5:15: year 2016 is listed twice");
    expect_error(MIN_DATA MIN_DIMS "years: 99999999999999999999-1\n",
                 "t.yaml:5:8: years must lie between 1 and 9999, not '99999999999999999999-1'");
}
END_TEST

START_TEST(anchors_and_aliases_are_refused)
{
    expect_error(MIN_DATA "dimensions:\n  a: &x {indicators: {x: {}}}\n  b: *x\n",
                 "t.yaml:4:6: anchors and aliases are not supported");
}
END_TEST

START_TEST(alias_bomb_is_refused_quickly)
{
    /* "billion laughs": nine levels of ten aliases each would expand to 10^9 nodes */
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, "a0: &a0 [\"lol\"]\n");
    for (int i = 1; i <= 9; i++) {
        rc_buf_printf(&b, "a%d: &a%d [", i, i);
        for (int j = 0; j < 10; j++) rc_buf_printf(&b, "%s*a%d", j ? ", " : "", i - 1);
        rc_buf_puts(&b, "]\n");
    }
    ck_assert(!b.failed);
    clock_t t0 = clock();
    rc_error err;
    rc_error_clear(&err);
    struct rc_node *root = rc_yaml_load_string(b.data, b.len, "bomb.yaml", &err);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ck_assert_ptr_null(root);
    ck_assert_str_eq(err.msg, "bomb.yaml:1:5: anchors and aliases are not supported");
    ck_assert_msg(secs < 0.5, "took %g s", secs);
    rc_buf_free(&b);
}
END_TEST

START_TEST(syntax_error_names_libyaml_position)
{
    rc_error err;
    rc_error_clear(&err);
    const char *y = "a: 1\nb: [1, 2\nc: 3\n";
    struct rc_node *root = rc_yaml_load_string(y, strlen(y), "s.yaml", &err);
    ck_assert_ptr_null(root);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    /* the flow sequence opened at 2:4 is never closed; libyaml notices at 3:2 */
    ck_assert_str_eq(err.msg, "s.yaml:3:2: YAML syntax error: did not find expected ',' or "
                              "']' (while parsing a flow sequence at 2:4)");
    const char *tab = "a:\n\tb: 1\n";
    root = rc_yaml_load_string(tab, strlen(tab), "s.yaml", &err);
    ck_assert_ptr_null(root);
    ck_assert_msg(strncmp(err.msg, "s.yaml:2:1: YAML syntax error: ", 31) == 0, "%s", err.msg);
}
END_TEST

START_TEST(invalid_utf8_is_refused_with_position)
{
    rc_error err;
    rc_error_clear(&err);
    const char y[] = "a: 1\nb: \xff\n";
    struct rc_node *root = rc_yaml_load_string(y, sizeof y - 1, "u.yaml", &err);
    ck_assert_ptr_null(root);
    ck_assert_msg(strncmp(err.msg, "u.yaml:2:4: YAML syntax error: ", 31) == 0, "%s", err.msg);
}
END_TEST

START_TEST(deep_nesting_is_refused)
{
    rc_buf b;
    rc_buf_init(&b);
    for (int i = 0; i < 100; i++) rc_buf_puts(&b, "[");
    for (int i = 0; i < 100; i++) rc_buf_puts(&b, "]");
    rc_error err;
    rc_error_clear(&err);
    struct rc_node *root = rc_yaml_load_string(b.data, b.len, "d.yaml", &err);
    ck_assert_ptr_null(root);
    /* 64 levels are allowed; the 65th opens at column 65 */
    ck_assert_str_eq(err.msg, "d.yaml:1:65: the config is nested too deeply (more than 64 levels)");
    rc_buf_free(&b);

    rc_buf_init(&b);
    for (int i = 0; i < 64; i++) rc_buf_puts(&b, "[");
    for (int i = 0; i < 64; i++) rc_buf_puts(&b, "]");
    root = rc_yaml_load_string(b.data, b.len, "d.yaml", &err);
    ck_assert_ptr_nonnull(root);
    rc_node_free(root);
    rc_buf_free(&b);
}
END_TEST

START_TEST(second_document_and_complex_keys_are_refused)
{
    rc_error err;
    rc_error_clear(&err);
    const char *two = "a: 1\n---\nb: 2\n";
    ck_assert_ptr_null(rc_yaml_load_string(two, strlen(two), "m.yaml", &err));
    ck_assert_str_eq(err.msg, "m.yaml:2:1: the config must hold one YAML document, but a "
                              "second one starts here");
    const char *ck = "? [a, b]\n: 1\n";
    ck_assert_ptr_null(rc_yaml_load_string(ck, strlen(ck), "k.yaml", &err));
    ck_assert_str_eq(err.msg,
                     "k.yaml:1:3: a mapping key must be a text value, not a list or mapping");
    const char *tag = "a: !!binary aGVsbG8=\n";
    ck_assert_ptr_null(rc_yaml_load_string(tag, strlen(tag), "t.yaml", &err));
    ck_assert_str_eq(err.msg, "t.yaml:1:4: YAML tags are not supported; remove the tag "
                              "'tag:yaml.org,2002:binary'");
}
END_TEST

START_TEST(empty_document_is_an_empty_map)
{
    rc_error err;
    rc_error_clear(&err);
    const char *docs[] = {"", "# only a comment\n", "---\n", "~\n"};
    for (size_t i = 0; i < 4; i++) {
        struct rc_node *root = rc_yaml_load_string(docs[i], strlen(docs[i]), "e.yaml", &err);
        ck_assert_ptr_nonnull(root);
        ck_assert_int_eq(root->kind, RC_NODE_MAP);
        ck_assert_uint_eq(root->n, 0);
        rc_node_free(root);
    }
}
END_TEST

START_TEST(scalars_remember_quoting_and_convert_strictly)
{
    rc_error err;
    rc_error_clear(&err);
    const char *y = "a: 2\nb: '2'\nc: -1.5e3\nd: .inf\ne: 0x10\nf: Yes\ng: \"true\"\n"
                    "h: 9223372036854775808\ni: 12abc\nj: !!str 7\nk: |\n  text\nl: ~\n";
    struct rc_node *r = rc_yaml_load_string(y, strlen(y), "c.yaml", &err);
    ck_assert_msg(r != NULL, "%s", err.msg);
    double d;
    int64_t i;
    int b;
    ck_assert_int_eq(rc_node_get(r, "a")->quoted, 0);
    ck_assert_int_eq(rc_node_get(r, "b")->quoted, 1);
    ck_assert_int_eq(rc_node_as_int(rc_node_get(r, "a"), &i), 0);
    ck_assert_int_eq(i, 2);
    ck_assert_int_eq(rc_node_as_number(rc_node_get(r, "b"), &d), -1);
    ck_assert_str_eq(rc_node_as_str(rc_node_get(r, "b")), "2");
    ck_assert_int_eq(rc_node_as_number(rc_node_get(r, "c"), &d), 0);
    ck_assert_double_eq(d, -1500.0);
    ck_assert_int_eq(rc_node_as_int(rc_node_get(r, "c"), &i), -1);
    ck_assert_int_eq(rc_node_as_number(rc_node_get(r, "d"), &d), -1);
    ck_assert_int_eq(rc_node_as_number(rc_node_get(r, "e"), &d), -1);
    ck_assert_int_eq(rc_node_as_bool(rc_node_get(r, "f"), &b), 0);
    ck_assert_int_eq(b, 1);
    ck_assert_int_eq(rc_node_as_bool(rc_node_get(r, "g"), &b), -1);
    ck_assert_int_eq(rc_node_as_int(rc_node_get(r, "h"), &i), -1); /* INT64_MAX + 1 */
    ck_assert_int_eq(rc_node_as_number(rc_node_get(r, "i"), &d), -1);
    ck_assert_int_eq(rc_node_get(r, "j")->quoted, 1);
    ck_assert_int_eq(rc_node_get(r, "k")->quoted, 1);
    ck_assert_str_eq(rc_node_get(r, "k")->str, "text\n");
    ck_assert(rc_node_is_null(rc_node_get(r, "l")));
    ck_assert(!rc_node_is_null(rc_node_get(r, "b")));
    ck_assert_int_eq(rc_node_as_bool(rc_node_get(r, "a"), &b), -1);
    char w[64];
    ck_assert_str_eq(rc_node_key_where(r, "c", w, sizeof w), "c.yaml:3:1");
    ck_assert_str_eq(rc_node_where(rc_node_get(r, "c"), w, sizeof w), "c.yaml:3:4");
    ck_assert_int_eq(rc_node_key_index(r, "zz"), -1);
    ck_assert_ptr_null(rc_node_get(rc_node_get(r, "a"), "x")); /* not a map */
    rc_node_free(r);
}
END_TEST

START_TEST(relative_paths_resolve_against_the_config_folder)
{
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    const char *y = "regions: {file: ./r.csv, adjacency: /abs/adj.csv}\n"
                    "data:\n  - {file: ../shared/panel.csv}\n  - {file: sub//x.csv}\n"
                    MIN_DIMS "baseline: base.yaml\n";
    ck_assert_int_eq(rc_config_load_string(y, "a.yaml", "/work/proj/", &cfg, &err), 0);
    ck_assert_str_eq(cfg->dir, "/work/proj");
    ck_assert_str_eq(cfg->path, "/work/proj/a.yaml");
    ck_assert_str_eq(cfg->regions.file, "/work/proj/r.csv");
    ck_assert_str_eq(cfg->regions.adjacency, "/abs/adj.csv");
    ck_assert_str_eq(cfg->data[0].file, "/work/proj/../shared/panel.csv");
    ck_assert_str_eq(cfg->data[1].file, "/work/proj/sub/x.csv");
    ck_assert_str_eq(cfg->baseline, "/work/proj/base.yaml");
    rc_config_free(cfg);
}
END_TEST

START_TEST(chinese_keys_and_values_keep_character_columns)
{
    rc_config *cfg = load_ok("title: 中国省级数字经济评价\nlanguage: zh\n" MIN_DATA
                             "dimensions:\n  数字基础设施:\n    label: 数字基础设施\n"
                             "    indicators:\n      宽带端口: {series: 宽带}\n");
    ck_assert_str_eq(cfg->title, "中国省级数字经济评价");
    ck_assert_str_eq(cfg->language, "zh");
    ck_assert_str_eq(cfg->dims[0].root.id, "数字基础设施");
    ck_assert_str_eq(cfg->dims[0].plugin, "数字基础设施");
    ck_assert_str_eq(cfg->dims[0].root.indicators[0].id, "宽带端口");
    ck_assert_str_eq(cfg->dims[0].root.indicators[0].series, "宽带");
    rc_config_free(cfg);
    /* columns count characters, not bytes: '权重x' starts at column 26 */
    expect_error(MIN_DATA "dimensions:\n  数字:\n    indicators:\n      宽带端口: {series: 宽带, 权重x: 1}\n",
                 "t.yaml:6:26: unknown key '权重x' in indicator '宽带端口'; valid keys are: "
                 "series, formula, per, direction, weight, label, normalize, impute, treat");
}
END_TEST

START_TEST(component_needs_indicators_or_components)
{
    expect_error(MIN_DATA "dimensions:\n  d:\n    components:\n      c: {weight: 1}\n",
                 "t.yaml:6:10: component 'c' needs 'indicators' or 'components' (or both), "
                 "and they may not be empty");
    expect_error(MIN_DATA "dimensions:\n  d:\n    components:\n      c: {indicators: {a: {}}, "
                          "colour: red}\n",
                 "t.yaml:6:32: unknown key 'colour' in component 'c'; valid keys are: label, "
                 "weight, indicators, components, normalize, weights, aggregate, impute, "
                 "treat, missing");
}
END_TEST

START_TEST(indicator_ids_are_unique_within_a_dimension)
{
    expect_error(MIN_DATA "dimensions:\n  d:\n    indicators: {a: {}}\n    components:\n"
                          "      c: {indicators: {a: {series: z}}}\n",
                 "t.yaml:7:27: indicator 'a' appears twice in dimension 'd' (first at 5:21); "
                 "give each indicator its own id");
}
END_TEST

START_TEST(method_nodes_must_be_a_name_or_a_mapping)
{
    expect_error(MIN_DATA MIN_DIMS "defaults:\n  normalize: [minmax]\n",
                 "t.yaml:6:14: 'normalize' in defaults must be a method name or a mapping "
                 "{method: ...}, not a list");
}
END_TEST

START_TEST(language_must_be_en_or_zh)
{
    expect_error("language: fr\n" MIN_DATA MIN_DIMS,
                 "t.yaml:1:11: 'language' must be en or zh, not 'fr'");
}
END_TEST

START_TEST(dimension_plugin_keys_are_checked_after_loading)
{
    /* the plugin key `threshold` and the typo `treshold` both load: dimension keys are
     * checked only once the plugin's table is known */
    rc_config *cfg = load_ok(MIN_DATA "dimensions:\n  dm:\n    threshold: 3\n  dn:\n"
                                      "    label: x\n    treshold: 3\n");
    static const rc_config_key keys[] = {
        {"threshold", RC_CFG_NUMBER, 0, "1", "A plugin setting."},
    };
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_config_check_dimension(&cfg->dims[0], keys, 1, &err), 0);
    ck_assert_int_eq(rc_config_check_dimension(&cfg->dims[1], keys, 1, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_str_eq(err.msg, "t.yaml:8:5: unknown key 'treshold' in dimension 'dn'; did you "
                              "mean 'threshold'?");
    /* without the plugin's table, the plugin key is unknown */
    ck_assert_int_eq(rc_config_check_dimension(&cfg->dims[0], NULL, 0, &err), -1);
    ck_assert_msg(strstr(err.msg, "t.yaml:5:5: unknown key 'threshold' in dimension 'dm'") ==
                      err.msg, "%s", err.msg);
    rc_config_free(cfg);

    static const rc_config_key req[] = {
        {"source", RC_CFG_STRING, 1, NULL, "Required setting."},
    };
    /* an empty dimension is reported where its mapping should start, after 'dm:' */
    cfg = load_ok(MIN_DATA "dimensions:\n  dm:\n");
    ck_assert_int_eq(cfg->dims[0].node->kind, RC_NODE_MAP);
    ck_assert_uint_eq(cfg->dims[0].node->n, 0);
    ck_assert_int_eq(rc_config_check_dimension(&cfg->dims[0], req, 1, &err), -1);
    ck_assert_str_eq(err.msg, "t.yaml:4:6: missing required key 'source' in dimension 'dm'");
    rc_config_free(cfg);
}
END_TEST

START_TEST(dimension_core_keys_are_type_checked_at_load)
{
    expect_error(MIN_DATA "dimensions:\n  d: {weight: heavy}\n",
                 "t.yaml:4:15: 'weight' in dimension 'd' must be a number, not 'heavy'");
    expect_error(MIN_DATA "dimensions:\n  d: {weight: -1}\n",
                 "t.yaml:4:15: 'weight' in dimension 'd' must be a number of zero or more, "
                 "not '-1'");
}
END_TEST

START_TEST(report_plugin_keys_are_checked_after_loading)
{
    rc_config *cfg = load_ok(MIN_DATA MIN_DIMS "reports:\n  - {plugin: html, path: r.html, "
                                               "theme: dark, tite: x}\n");
    static const rc_config_key keys[] = {
        {"theme", RC_CFG_STRING, 0, "light", "Colour theme."},
        {"title", RC_CFG_STRING, 0, NULL, "Title."},
    };
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_config_check_report(&cfg->reports[0], 0, keys, 2, &err), -1);
    ck_assert_str_eq(err.msg, "t.yaml:6:47: unknown key 'tite' in report 1 (html); did you "
                              "mean 'title'?");
    ck_assert_str_eq(cfg->reports[0].path, "r.html");
    rc_config_free(cfg);
}
END_TEST

START_TEST(schema_check_reports_types_and_accepts_null_map)
{
    static const rc_config_key keys[] = {
        {"n", RC_CFG_INT, 1, NULL, "An integer."},
        {"flag", RC_CFG_BOOL, 0, NULL, "A flag."},
    };
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_schema_check(NULL, "section", keys, 2, NULL, 0, "p.yaml:3:1", &err), -1);
    ck_assert_str_eq(err.msg, "p.yaml:3:1: missing required key 'n' in section");
    const char *y = "n: 2.5\nflag: maybe\n";
    struct rc_node *r = rc_yaml_load_string(y, strlen(y), "p.yaml", &err);
    ck_assert_int_eq(rc_schema_check(r, "section", keys, 2, NULL, 0, NULL, &err), -1);
    ck_assert_str_eq(err.msg, "p.yaml:1:4: 'n' in section must be an integer, not '2.5'");
    rc_node_free(r);
    ck_assert_str_eq(rc_schema_type_name(RC_CFG_BOOL), "true or false");
}
END_TEST

START_TEST(missing_file_is_a_config_error)
{
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_config_load(FIXTURES "/no-such.yaml", &cfg, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(err.msg, "no-such.yaml: cannot open the config") != NULL, "%s", err.msg);
}
END_TEST

static Suite *config_suite(void)
{
    Suite *s = suite_create("config");
    TCase *tc = tcase_create("config");
    tcase_add_test(tc, full_example_loads_into_the_model_values);
    tcase_add_test(tc, defaults_apply_when_optional_sections_are_absent);
    tcase_add_test(tc, unknown_key_names_position_and_suggests_nearest);
    tcase_add_test(tc, unknown_key_without_suggestion_lists_valid_keys);
    tcase_add_test(tc, unknown_top_level_key_suggests);
    tcase_add_test(tc, duplicate_key_names_both_positions);
    tcase_add_test(tc, wrong_type_names_expected_and_actual);
    tcase_add_test(tc, missing_required_key_is_reported_at_the_enclosing_mapping);
    tcase_add_test(tc, empty_required_sections_are_refused);
    tcase_add_test(tc, bad_direction_is_refused);
    tcase_add_test(tc, direction_accepts_every_spelling);
    tcase_add_test(tc, series_and_formula_together_are_refused);
    tcase_add_test(tc, reversed_years_are_refused);
    tcase_add_test(tc, years_accept_list_and_single_year);
    tcase_add_test(tc, anchors_and_aliases_are_refused);
    tcase_add_test(tc, alias_bomb_is_refused_quickly);
    tcase_add_test(tc, syntax_error_names_libyaml_position);
    tcase_add_test(tc, invalid_utf8_is_refused_with_position);
    tcase_add_test(tc, deep_nesting_is_refused);
    tcase_add_test(tc, second_document_and_complex_keys_are_refused);
    tcase_add_test(tc, empty_document_is_an_empty_map);
    tcase_add_test(tc, scalars_remember_quoting_and_convert_strictly);
    tcase_add_test(tc, relative_paths_resolve_against_the_config_folder);
    tcase_add_test(tc, chinese_keys_and_values_keep_character_columns);
    tcase_add_test(tc, component_needs_indicators_or_components);
    tcase_add_test(tc, indicator_ids_are_unique_within_a_dimension);
    tcase_add_test(tc, method_nodes_must_be_a_name_or_a_mapping);
    tcase_add_test(tc, language_must_be_en_or_zh);
    tcase_add_test(tc, dimension_plugin_keys_are_checked_after_loading);
    tcase_add_test(tc, dimension_core_keys_are_type_checked_at_load);
    tcase_add_test(tc, report_plugin_keys_are_checked_after_loading);
    tcase_add_test(tc, schema_check_reports_types_and_accepts_null_map);
    tcase_add_test(tc, missing_file_is_a_config_error);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(config_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
