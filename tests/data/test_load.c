/* tests/data/test_load.c — building the panel from configs assembled by hand: long and
 * wide sources, column overrides, the regions file and its groups, year selection, data
 * errors naming file:line, derived series, coordinates and contiguity weights; plus loads
 * of the shared toy panel and the real NBS provincial panel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/model.h"
#include "data/load.h"
#include "suites.h"

#define FIX REGCOORD_TEST_DATA_DIR "/fixtures/"

/* A config with the regions file and up to four sources, all defaults. */
typedef struct test_cfg {
    rc_config cfg;
    rc_data_cfg data[4];
    char *groups[2];
    int years[4];
    rc_series_def defs[2];
} test_cfg;

static void cfg_init(test_cfg *t, const char *regions_file)
{
    memset(t, 0, sizeof *t);
    t->cfg.regions.file = (char *)regions_file;
    t->cfg.regions.id_col = (char *)"region";
    t->cfg.data = t->data;
}

static void cfg_add(test_cfg *t, const char *file, rc_layout layout)
{
    rc_data_cfg *d = &t->data[t->cfg.n_data++];
    d->file = (char *)file;
    d->layout = layout;
}

static rc_panel *load_ok(const test_cfg *t)
{
    rc_error err;
    rc_error_clear(&err);
    rc_panel *p = NULL;
    int rc = rc_panel_load(&t->cfg, &p, &err);
    ck_assert_msg(rc == 0 && p, "load failed: %s", err.msg);
    return p;
}

static void load_err(const test_cfg *t, rc_errkind kind, const char *needle)
{
    rc_error err;
    rc_error_clear(&err);
    rc_panel *p = NULL;
    ck_assert_int_eq(rc_panel_load(&t->cfg, &p, &err), -1);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(err.kind, kind);
    ck_assert_msg(strstr(err.msg, needle), "message '%s' lacks '%s'", err.msg, needle);
}

static double val(const rc_panel *p, const char *series, const char *region, int year)
{
    long s = rc_panel_series(p, series), r = rc_panel_region(p, region), t = rc_panel_year(p, year);
    ck_assert_msg(s >= 0 && r >= 0 && t >= 0, "no cell %s/%s/%d", series, region, year);
    return p->values[s][(size_t)t * p->n_regions + (size_t)r];
}

START_TEST(test_load_long_and_wide_with_regions_file_and_groups)
{
    test_cfg t;
    cfg_init(&t, FIX "regions.csv");
    t.cfg.regions.name_col = (char *)"name";
    t.groups[0] = (char *)"zone";
    t.groups[1] = (char *)"tier";
    t.cfg.regions.groups = t.groups;
    t.cfg.regions.n_groups = 2;
    t.years[0] = 2019;
    t.years[1] = 2020;
    t.cfg.years = t.years;
    t.cfg.n_years = 2;
    cfg_add(&t, FIX "long.csv", RC_LAYOUT_LONG);
    cfg_add(&t, FIX "wide.csv", RC_LAYOUT_WIDE);
    rc_panel *p = load_ok(&t);
    /* regions in the regions file's order, D without data */
    ck_assert_uint_eq(p->n_regions, 4);
    ck_assert_str_eq(p->region_ids[3], "D");
    ck_assert_str_eq(p->region_names[1], "Beta");
    ck_assert_uint_eq(p->n_years, 2);
    ck_assert_int_eq(p->years[0], 2019);
    /* series in order first seen: long (gdp, pop), then the wide columns */
    ck_assert_uint_eq(p->n_series, 4);
    ck_assert_str_eq(p->series_names[0], "gdp");
    ck_assert_str_eq(p->series_names[1], "pop");
    ck_assert_str_eq(p->series_names[2], "internet");
    ck_assert_str_eq(p->series_names[3], "mobile");
    ck_assert(val(p, "gdp", "A", 2020) == 12);
    ck_assert(val(p, "gdp", "C", 2019) == 30);
    ck_assert(isnan(val(p, "gdp", "B", 2020)));  /* NA */
    ck_assert(isnan(val(p, "gdp", "C", 2020)));  /* absent */
    ck_assert(isnan(val(p, "gdp", "D", 2019)));
    ck_assert(val(p, "internet", "C", 2020) == 3.5); /* " 3.5 " trimmed */
    ck_assert(isnan(val(p, "mobile", "B", 2019)));   /* empty cell */
    ck_assert(val(p, "mobile", "A", 2019) == 100);
    /* groups: labels sorted, one per region */
    const rc_grouping *z = rc_panel_grouping(p, "zone");
    ck_assert_ptr_nonnull(z);
    ck_assert_uint_eq(z->n_labels, 2);
    ck_assert_str_eq(z->labels[0], "East");
    ck_assert_str_eq(z->labels[1], "West");
    ck_assert_uint_eq(z->of_region[0], 0);
    ck_assert_uint_eq(z->of_region[1], 1);
    ck_assert_uint_eq(z->of_region[2], 0);
    ck_assert_uint_eq(z->of_region[3], 1);
    const rc_grouping *tier = rc_panel_grouping(p, "tier");
    ck_assert_str_eq(tier->labels[tier->of_region[2]], "2");
    ck_assert_ptr_null(rc_panel_grouping(p, "nope"));
    ck_assert_ptr_null(p->spatial);
    ck_assert_ptr_null(p->coord_x);
    rc_panel_free(p);
}
END_TEST

START_TEST(test_load_every_year_reads_rows_a_selection_ignores)
{
    test_cfg t;
    cfg_init(&t, FIX "regions.csv");
    cfg_add(&t, FIX "long.csv", RC_LAYOUT_LONG);
    /* without a selection the 2018 row is read, and its value is not a number */
    load_err(&t, RC_ERRK_DATA,
             "long.csv:10: value 'abc' for region A, year 2018, series gdp is not a number");
    t.years[0] = 2019;
    t.cfg.years = t.years;
    t.cfg.n_years = 1;
    rc_panel *p = load_ok(&t);
    ck_assert_uint_eq(p->n_years, 1);
    ck_assert(val(p, "pop", "B", 2019) == 4);
    ck_assert_int_eq(rc_panel_year(p, 2020), -1);
    rc_panel_free(p);
}
END_TEST

START_TEST(test_load_without_regions_file_uses_sorted_ids_and_all_years)
{
    test_cfg t;
    cfg_init(&t, NULL);
    cfg_add(&t, FIX "wide.csv", RC_LAYOUT_WIDE);
    cfg_add(&t, FIX "unknown_region.csv", RC_LAYOUT_LONG);
    rc_panel *p = load_ok(&t);
    ck_assert_uint_eq(p->n_regions, 4);
    const char *want[] = {"A", "B", "C", "E"};
    for (int r = 0; r < 4; r++) ck_assert_str_eq(p->region_ids[r], want[r]);
    ck_assert_str_eq(p->region_names[3], "E");
    ck_assert_uint_eq(p->n_years, 2);
    ck_assert_int_eq(p->years[1], 2020);
    ck_assert(val(p, "x", "E", 2019) == 2);
    rc_panel_free(p);
}
END_TEST

START_TEST(test_load_column_overrides_with_chinese_names)
{
    test_cfg t;
    cfg_init(&t, FIX "regions.csv");
    cfg_add(&t, FIX "zh_long.csv", RC_LAYOUT_LONG);
    t.data[0].region_col = (char *)"地区";
    t.data[0].year_col = (char *)"年份";
    t.data[0].indicator_col = (char *)"指标";
    t.data[0].value_col = (char *)"数值";
    rc_panel *p = load_ok(&t);
    ck_assert(val(p, "broadband", "A", 2019) == 7);
    ck_assert(val(p, "broadband", "B", 2020) == 8);
    ck_assert(isnan(val(p, "broadband", "A", 2020)));
    rc_panel_free(p);
    /* with the default names the column is missing */
    t.data[0].value_col = NULL;
    load_err(&t, RC_ERRK_DATA, "zh_long.csv:1: no value column 'value'");
}
END_TEST

START_TEST(test_load_duplicate_across_files_names_both_lines)
{
    test_cfg t;
    cfg_init(&t, FIX "regions.csv");
    t.years[0] = 2019;
    t.cfg.years = t.years;
    t.cfg.n_years = 1;
    cfg_add(&t, FIX "long.csv", RC_LAYOUT_LONG);
    cfg_add(&t, FIX "dup.csv", RC_LAYOUT_LONG);
    load_err(&t, RC_ERRK_DATA,
             "dup.csv:2: duplicate value for region C, year 2019, series gdp (first given at "
             "long.csv:6)");
}
END_TEST

START_TEST(test_load_region_missing_from_regions_file_is_an_error)
{
    test_cfg t;
    cfg_init(&t, FIX "regions.csv");
    cfg_add(&t, FIX "unknown_region.csv", RC_LAYOUT_LONG);
    load_err(&t, RC_ERRK_DATA,
             "unknown_region.csv:3: region 'E' is not in the regions file regions.csv");
}
END_TEST

START_TEST(test_load_year_that_is_not_an_integer_is_an_error)
{
    test_cfg t;
    cfg_init(&t, NULL);
    cfg_add(&t, FIX "bad_year.csv", RC_LAYOUT_LONG);
    load_err(&t, RC_ERRK_DATA, "bad_year.csv:3: year '2019.5' is not an integer");
}
END_TEST

START_TEST(test_load_missing_file_names_the_config_position)
{
    test_cfg t;
    cfg_init(&t, NULL);
    cfg_add(&t, FIX "no_such.csv", RC_LAYOUT_LONG);
    struct rc_node node = {.kind = RC_NODE_MAP, .file = "cfg.yaml", .line = 4, .col = 5};
    t.data[0].node = &node;
    load_err(&t, RC_ERRK_DATA, "(given at cfg.yaml:4:5)");
    load_err(&t, RC_ERRK_DATA, "no_such.csv: cannot read the data file");
}
END_TEST

START_TEST(test_load_derived_series_and_division_by_zero)
{
    test_cfg t;
    cfg_init(&t, FIX "regions.csv");
    t.years[0] = 2019;
    t.years[1] = 2020;
    t.cfg.years = t.years;
    t.cfg.n_years = 2;
    cfg_add(&t, FIX "long.csv", RC_LAYOUT_LONG);
    struct rc_node node = {.kind = RC_NODE_SCALAR, .file = "cfg.yaml", .line = 7, .col = 3};
    t.defs[0] = (rc_series_def){(char *)"gdp_pc", (char *)"gdp / pop", &node};
    t.defs[1] = (rc_series_def){(char *)"gdp_pc2", (char *)"gdp_pc * 2", &node};
    t.cfg.series_defs = t.defs;
    t.cfg.n_series_defs = 2;
    rc_panel *p = load_ok(&t);
    ck_assert_uint_eq(p->n_series, 4);
    ck_assert(val(p, "gdp_pc", "A", 2019) == 10.0 / 2);
    ck_assert(val(p, "gdp_pc", "B", 2019) == 20.0 / 4);
    ck_assert(isnan(val(p, "gdp_pc", "C", 2019))); /* 30 / 0 */
    ck_assert(isnan(val(p, "gdp_pc", "A", 2020))); /* pop missing */
    ck_assert(val(p, "gdp_pc2", "B", 2019) == 10);
    rc_panel_free(p);

    t.defs[0].formula = (char *)"gdp / popp";
    load_err(&t, RC_ERRK_CONFIG,
             "cfg.yaml:7:3: series 'gdp_pc': unknown series 'popp' in the formula (did you mean "
             "'pop'?)");
    t.defs[0].formula = (char *)"gdp / (pop";
    load_err(&t, RC_ERRK_CONFIG, "cfg.yaml:7:3: series 'gdp_pc'");
    load_err(&t, RC_ERRK_CONFIG, "at character 11: expected ')'");
    t.defs[0] = (rc_series_def){(char *)"gdp", (char *)"pop * 2", &node};
    load_err(&t, RC_ERRK_CONFIG, "series 'gdp' is already in the data");
}
END_TEST

START_TEST(test_adjacency_weights_symmetric_rows_sum_to_one_island_empty)
{
    test_cfg t;
    cfg_init(&t, FIX "regions.csv");
    t.years[0] = 2019;
    t.cfg.years = t.years;
    t.cfg.n_years = 1;
    cfg_add(&t, FIX "long.csv", RC_LAYOUT_LONG);
    t.cfg.regions.adjacency = (char *)FIX "adjacency.csv";
    t.cfg.regions.coordinates = (char *)FIX "coords.csv";
    rc_panel *p = load_ok(&t);
    const rc_spatial *s = p->spatial;
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s->source, "adjacency");
    ck_assert_uint_eq(s->n, 4);
    /* A: B, C; B: A; C: A; D: island (duplicate A–B and self-pair C–C ignored) */
    size_t deg[4] = {2, 1, 1, 0};
    for (size_t r = 0; r < 4; r++) {
        ck_assert_uint_eq(s->off[r + 1] - s->off[r], deg[r]);
        double sum = 0;
        for (size_t k = s->off[r]; k < s->off[r + 1]; k++) sum += s->w[k];
        if (deg[r]) ck_assert_double_eq_tol(sum, 1.0, 1e-15);
    }
    ck_assert_uint_eq(s->nbr[s->off[0]], 1);
    ck_assert_uint_eq(s->nbr[s->off[0] + 1], 2);
    ck_assert(s->w[s->off[0]] == 0.5);
    ck_assert_uint_eq(s->nbr[s->off[2]], 0);
    /* coordinates: lon/lat names accepted, absent regions NaN */
    ck_assert(p->coord_x[0] == 116.4 && p->coord_y[1] == 31.2);
    ck_assert(isnan(p->coord_x[2]) && isnan(p->coord_y[3]));
    rc_panel_free(p);

    t.cfg.regions.adjacency = (char *)FIX "adjacency_bad.csv";
    load_err(&t, RC_ERRK_DATA, "adjacency_bad.csv:3: unknown region 'Z'");
}
END_TEST

START_TEST(test_load_reference_toy_panel)
{
    test_cfg t;
    cfg_init(&t, REGCOORD_SHARED_DIR "/reference/toy/regions.csv");
    t.groups[0] = (char *)"group";
    t.cfg.regions.groups = t.groups;
    t.cfg.regions.n_groups = 1;
    cfg_add(&t, REGCOORD_SHARED_DIR "/reference/toy/panel_long.csv", RC_LAYOUT_LONG);
    t.cfg.regions.adjacency = (char *)REGCOORD_SHARED_DIR "/reference/toy/contiguity.csv";
    rc_panel *p = load_ok(&t);
    ck_assert_uint_eq(p->n_regions, 12);
    ck_assert_uint_eq(p->n_years, 3);
    ck_assert_uint_eq(p->n_series, 6);
    ck_assert_int_eq(p->years[0], 2020);
    ck_assert_int_eq(p->years[2], 2022);
    ck_assert_str_eq(p->series_names[0], "I1");
    ck_assert(val(p, "I1", "R01", 2020) == 55.6);
    ck_assert(val(p, "I1", "R01", 2021) == 52.8);
    ck_assert(val(p, "I1", "R02", 2020) == 53.9);
    ck_assert(val(p, "I4", "R01", 2020) == 11.1);
    /* the toy panel is complete: no missing cell */
    for (size_t s = 0; s < p->n_series; s++)
        for (size_t c = 0; c < p->n_years * p->n_regions; c++) ck_assert(!isnan(p->values[s][c]));
    ck_assert_ptr_nonnull(rc_panel_grouping(p, "group"));
    /* every row of the contiguity weights sums to 1 or is empty; the pattern is symmetric */
    const rc_spatial *s = p->spatial;
    for (size_t r = 0; r < s->n; r++) {
        double sum = 0;
        for (size_t k = s->off[r]; k < s->off[r + 1]; k++) {
            sum += s->w[k];
            size_t q = s->nbr[k], found = 0;
            for (size_t m = s->off[q]; m < s->off[q + 1]; m++) found += s->nbr[m] == r;
            ck_assert_uint_eq(found, 1);
        }
        if (s->off[r + 1] > s->off[r]) ck_assert_double_eq_tol(sum, 1.0, 1e-12);
    }
    rc_panel_free(p);

    /* the wide toy file carries a text column 'group', which the wide layout reads as a series */
    test_cfg w;
    cfg_init(&w, REGCOORD_SHARED_DIR "/reference/toy/regions.csv");
    cfg_add(&w, REGCOORD_SHARED_DIR "/reference/toy/panel_wide.csv", RC_LAYOUT_WIDE);
    load_err(&w, RC_ERRK_DATA,
             "panel_wide.csv:2: value 'East' for region R01, year 2020, series group is not a "
             "number");
}
END_TEST

START_TEST(test_load_nbs_provinces_with_groups_and_adjacency)
{
    test_cfg t;
    cfg_init(&t, REGCOORD_SHARED_DIR "/data/cn_province_meta/provinces.csv");
    t.cfg.regions.name_col = (char *)"name_zh";
    t.groups[0] = (char *)"region3";
    t.cfg.regions.groups = t.groups;
    t.cfg.regions.n_groups = 1;
    t.cfg.regions.adjacency = (char *)REGCOORD_SHARED_DIR "/data/cn_province_meta/adjacency.csv";
    t.cfg.regions.coordinates = (char *)REGCOORD_SHARED_DIR "/data/cn_province_meta/capitals.csv";
    cfg_add(&t, REGCOORD_SHARED_DIR "/data/cn_nbs_digital_2016_2024/long.csv", RC_LAYOUT_LONG);
    rc_panel *p = load_ok(&t);
    ck_assert_uint_eq(p->n_regions, 31);
    ck_assert_uint_eq(p->n_years, 10); /* 2016–2024, plus 2025 for one series */
    ck_assert_int_eq(p->years[0], 2016);
    ck_assert_int_eq(p->years[9], 2025);
    ck_assert_uint_eq(p->n_series, 48);
    ck_assert_str_eq(p->region_ids[0], "Beijing");
    ck_assert_str_eq(p->region_names[0], "北京市");
    /* published figures quoted in the data set's README */
    ck_assert(val(p, "broadband_users", "Beijing", 2024) == 992.1);
    ck_assert(val(p, "gdp", "Beijing", 2024) == 49843.1);
    ck_assert(isnan(val(p, "gdp", "Beijing", 2025)));
    const rc_grouping *g = rc_panel_grouping(p, "region3");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->n_labels, 3);
    ck_assert_str_eq(g->labels[g->of_region[0]], "East");
    /* 69 neighbour pairs: the neighbour counts sum to 138 */
    const rc_spatial *s = p->spatial;
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(s->off[s->n], 138);
    size_t total = 0;
    for (size_t r = 0; r < s->n; r++) total += s->off[r + 1] - s->off[r];
    ck_assert_uint_eq(total, 138);
    for (size_t r = 0; r < s->n; r++) {
        double sum = 0;
        for (size_t k = s->off[r]; k < s->off[r + 1]; k++) sum += s->w[k];
        ck_assert_double_eq_tol(sum, 1.0, 1e-12); /* no island: Hainan has a sea link */
    }
    long bj = rc_panel_region(p, "Beijing");
    ck_assert(p->coord_x[bj] == 116.4074 && p->coord_y[bj] == 39.9042);
    rc_panel_free(p);
}
END_TEST


START_TEST(test_load_from_yaml_config_resolves_paths_and_names_formula_position)
{
    const char *yaml =
        "regions:\n"
        "  file: regions.csv\n"
        "  name: name\n"
        "  groups: [zone]\n"
        "  adjacency: adjacency.csv\n"
        "data:\n"
        "  - file: zh_long.csv\n"
        "    region: 地区\n"
        "    year: 年份\n"
        "    indicator: 指标\n"
        "    value: 数值\n"
        "  - file: wide.csv\n"
        "    layout: wide\n"
        "years: [2019, 2020]\n"
        "series:\n"
        "  per_net: broadband / internet\n"
        "dimensions:\n"
        "  d1:\n"
        "    indicators:\n"
        "      broadband: {}\n";
    rc_error err;
    rc_config *cfg = NULL;
    ck_assert_msg(rc_config_load_string(yaml, "cfg.yaml", REGCOORD_TEST_DATA_DIR "/fixtures",
                                        &cfg, &err) == 0,
                  "%s", err.msg);
    rc_panel *p = NULL;
    ck_assert_msg(rc_panel_load(cfg, &p, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p->n_regions, 4);
    ck_assert_str_eq(p->region_names[0], "Alpha");
    ck_assert_uint_eq(p->n_series, 4);
    ck_assert(val(p, "per_net", "A", 2019) == 7 / 1.5);
    ck_assert(isnan(val(p, "per_net", "B", 2020)));
    ck_assert_ptr_nonnull(rc_panel_grouping(p, "zone"));
    ck_assert_ptr_nonnull(p->spatial);
    rc_panel_free(p);
    rc_config_free(cfg);

    const char *bad =
        "data:\n"
        "  - file: wide.csv\n"
        "    layout: wide\n"
        "series:\n"
        "  ratio: internet / mobil\n"
        "dimensions:\n"
        "  d1:\n"
        "    indicators:\n"
        "      internet: {}\n";
    ck_assert_msg(rc_config_load_string(bad, "cfg.yaml", REGCOORD_TEST_DATA_DIR "/fixtures",
                                        &cfg, &err) == 0,
                  "%s", err.msg);
    ck_assert_int_eq(rc_panel_load(cfg, &p, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(err.msg, "cfg.yaml:5:") &&
                      strstr(err.msg, "unknown series 'mobil' in the formula (did you mean 'mobile'?)"),
                  "%s", err.msg);
    rc_config_free(cfg);
}
END_TEST

START_TEST(test_load_wide_ignore_skips_text_columns_and_checks_their_names)
{
    /* the toy wide file's text column 'group' is left out with ignore: [group] */
    const char *yaml =
        "data:\n"
        "  - file: panel_wide.csv\n"
        "    layout: wide\n"
        "    ignore: [group]\n"
        "dimensions:\n"
        "  d1:\n"
        "    indicators:\n"
        "      I1: {}\n";
    rc_error err;
    rc_config *cfg = NULL;
    ck_assert_msg(rc_config_load_string(yaml, "cfg.yaml", REGCOORD_SHARED_DIR "/reference/toy",
                                        &cfg, &err) == 0,
                  "%s", err.msg);
    ck_assert_uint_eq(cfg->data[0].n_ignore, 1);
    rc_panel *p = NULL;
    ck_assert_msg(rc_panel_load(cfg, &p, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p->n_series, 6);
    ck_assert_int_lt(rc_panel_series(p, "group"), 0);
    ck_assert_str_eq(p->series_names[0], "I1");
    ck_assert(val(p, "I6", "R01", 2020) == 39.6);
    ck_assert(val(p, "I1", "R01", 2021) == 52.8);
    rc_panel_free(p);
    rc_config_free(cfg);

    /* a column name that is not in the header is an error listing the header */
    const char *typo =
        "data:\n"
        "  - {file: panel_wide.csv, layout: wide, ignore: grop}\n"
        "dimensions:\n"
        "  d1: {indicators: {I1: {}}}\n";
    ck_assert(rc_config_load_string(typo, "cfg.yaml", REGCOORD_SHARED_DIR "/reference/toy", &cfg,
                                    &err) == 0);
    ck_assert_int_eq(rc_panel_load(cfg, &p, &err), -1);
    ck_assert_msg(strstr(err.msg, "no ignored column 'grop' (did you mean 'group'?)") &&
                      strstr(err.msg, "the header has: region, group, year"),
                  "%s", err.msg);
    rc_config_free(cfg);
    /* ignoring the region column is refused */
    const char *self =
        "data:\n"
        "  - {file: panel_wide.csv, layout: wide, ignore: [group, region]}\n"
        "dimensions:\n"
        "  d1: {indicators: {I1: {}}}\n";
    ck_assert(rc_config_load_string(self, "cfg.yaml", REGCOORD_SHARED_DIR "/reference/toy", &cfg,
                                    &err) == 0);
    ck_assert_int_eq(rc_panel_load(cfg, &p, &err), -1);
    ck_assert_msg(strstr(err.msg, "'ignore' lists 'region', which is the region column"), "%s",
                  err.msg);
    rc_config_free(cfg);
    /* ignore belongs to wide files, and takes names */
    const char *lng =
        "data:\n"
        "  - {file: panel_long.csv, ignore: [group]}\n"
        "dimensions:\n"
        "  d1: {indicators: {I1: {}}}\n";
    ck_assert(rc_config_load_string(lng, "cfg.yaml", REGCOORD_SHARED_DIR "/reference/toy", &cfg,
                                    &err) != 0);
    ck_assert_msg(strstr(err.msg, "cfg.yaml:2:") &&
                      strstr(err.msg, "'ignore' in data entry 1 applies only to layout wide"),
                  "%s", err.msg);
    const char *bad =
        "data:\n"
        "  - {file: panel_wide.csv, layout: wide, ignore: [[group]]}\n"
        "dimensions:\n"
        "  d1: {indicators: {I1: {}}}\n";
    ck_assert(rc_config_load_string(bad, "cfg.yaml", REGCOORD_SHARED_DIR "/reference/toy", &cfg,
                                    &err) != 0);
    ck_assert_msg(strstr(err.msg, "each entry of 'ignore' in data entry 1 must be a column name"),
                  "%s", err.msg);
}
END_TEST

Suite *load_suite(void)
{
    Suite *s = suite_create("load");
    TCase *tc = tcase_create("load");
    tcase_add_test(tc, test_load_long_and_wide_with_regions_file_and_groups);
    tcase_add_test(tc, test_load_every_year_reads_rows_a_selection_ignores);
    tcase_add_test(tc, test_load_without_regions_file_uses_sorted_ids_and_all_years);
    tcase_add_test(tc, test_load_column_overrides_with_chinese_names);
    tcase_add_test(tc, test_load_duplicate_across_files_names_both_lines);
    tcase_add_test(tc, test_load_region_missing_from_regions_file_is_an_error);
    tcase_add_test(tc, test_load_year_that_is_not_an_integer_is_an_error);
    tcase_add_test(tc, test_load_missing_file_names_the_config_position);
    tcase_add_test(tc, test_load_derived_series_and_division_by_zero);
    tcase_add_test(tc, test_adjacency_weights_symmetric_rows_sum_to_one_island_empty);
    tcase_add_test(tc, test_load_reference_toy_panel);
    tcase_add_test(tc, test_load_nbs_provinces_with_groups_and_adjacency);
    tcase_add_test(tc, test_load_from_yaml_config_resolves_paths_and_names_formula_position);
    tcase_add_test(tc, test_load_wide_ignore_skips_text_columns_and_checks_their_names);
    suite_add_tcase(s, tc);
    return s;
}
