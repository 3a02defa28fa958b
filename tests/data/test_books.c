/* tests/data/test_books.c — workbooks and Stata files as the data stage reads them, on
 * files tests/data/scripts/make_books.py writes (openpyxl, pandas, and hand-written XML for
 * formula cells): a named or numbered sheet, one sheet per year, formulas' cached values,
 * dates as ISO text, vertical merges filled down, and every refusal naming file:sheet!cell
 * (a string where a number belongs, a missing sheet, a formula without a cached value, a
 * bad shared-string index, a merged header, an encrypted or damaged workbook); Stata value
 * labels as region names. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/model.h"
#include "data/load.h"
#include "data/source.h"
#include "suites.h"
#include "support_files.h"

static char *books; /* the folder make_books.py wrote, shared by the tests */

static void make_books(void)
{
    books = tf_dir();
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "'%s' '%s/scripts/make_books.py' '%s'", REGCOORD_PYTHON,
             REGCOORD_TEST_DATA_DIR, books);
    ck_assert_msg(system(cmd) == 0, "make_books.py failed");
}

static void drop_books(void)
{
    tf_rmdir(books);
    books = NULL;
}

static rc_panel *load_yaml(const char *yaml, rc_error *err)
{
    rc_config *cfg = NULL;
    rc_error_clear(err);
    if (rc_config_load_string(yaml, "cfg.yaml", books, &cfg, err) != 0) return NULL;
    rc_panel *p = NULL;
    rc_panel_load(cfg, &p, err);
    rc_config_free(cfg);
    return p;
}

static rc_panel *load_ok(const char *yaml)
{
    rc_error err;
    rc_panel *p = load_yaml(yaml, &err);
    ck_assert_msg(p, "load failed: %s", err.msg);
    return p;
}

static void load_fails(const char *yaml, const char *needle)
{
    rc_error err;
    rc_panel *p = load_yaml(yaml, &err);
    ck_assert_msg(!p, "load succeeded; expected '%s'", needle);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(err.msg, needle), "message '%s' lacks '%s'", err.msg, needle);
}

static double cell(const rc_panel *p, const char *series, const char *region, int year)
{
    long s = rc_panel_series(p, series), r = rc_panel_region(p, region), t = rc_panel_year(p, year);
    ck_assert_msg(s >= 0 && r >= 0 && t >= 0, "no cell %s/%s/%d", series, region, year);
    return p->values[s][(size_t)t * p->n_regions + (size_t)r];
}

#define DIMS "dimensions: {d: {indicators: {gdp: {}}}}\n"
#define PANEL(extra)                                                                         \
    "data: [{file: panel.xlsx, layout: wide, region: 地区, year: 年份, skip_rows: 1,\n"     \
    "        units_row: true, " extra "}]\n" DIMS

START_TEST(test_xlsx_named_or_numbered_sheet_reads_yearbook_cells)
{
    /* 2016 holds 'abc' under gdp: selecting 2015 skips those rows unread */
    const char *cfgs[] = {"years: 2015\n" PANEL("sheet: 面板"), "years: 2015\n" PANEL("sheet: 2")};
    for (int i = 0; i < 2; i++) {
        rc_panel *p = load_ok(cfgs[i]);
        ck_assert_uint_eq(p->n_regions, 2);
        ck_assert_uint_eq(p->n_series, 2);
        ck_assert(cell(p, "gdp", "北京", 2015) == 26881.0);
        ck_assert(cell(p, "urban", "北京", 2015) == 0.5);
        ck_assert(cell(p, "gdp", "上海", 2015) == 1234567.0);
        ck_assert(cell(p, "urban", "上海", 2015) == 86.5);
        ck_assert_str_eq(p->series_units[rc_panel_series(p, "gdp")], "亿元");
        rc_panel_free(p);
    }
}
END_TEST

START_TEST(test_xlsx_refusals_name_file_sheet_and_cell)
{
    load_fails(PANEL("sheet: 面板"),
               "panel.xlsx:面板!C7: value 'abc' for region 上海, year 2016, series gdp is not a "
               "number");
    load_fails(PANEL("sheet: 面版"), "panel.xlsx: no sheet '面版'");
    load_fails(PANEL("sheet: 面版"), "(the workbook has '说明', '面板')");
    load_fails(PANEL("sheet: 3"), "panel.xlsx: no sheet 3 (the workbook has 2)");
    load_fails("data: [{file: nocache.xlsx, layout: wide}]\n" DIMS,
               "nocache.xlsx:S!C2: a formula cell without a cached value");
    load_fails("data: [{file: badsst.xlsx, layout: wide}]\n" DIMS,
               "badsst.xlsx:S!A2: shared string index '99' is out of range");
    load_fails("data: [{file: hmerge.xlsx, layout: wide}]\n" DIMS,
               "hmerge.xlsx:Sheet1!C1: cells C1:D1 are merged across columns in the header");
    load_fails("data: [{file: encrypted.xlsx, layout: wide}]\n" DIMS,
               "encrypted.xlsx: the workbook is encrypted (password-protected) or an old binary");
    load_fails("data: [{file: damaged.xlsx, layout: wide}]\n" DIMS,
               "damaged.xlsx: not a valid .xlsx workbook (damaged zip archive");
    /* a date cell where a number belongs */
    load_fails("data: [{file: formula.xlsx, layout: wide}]\n" DIMS,
               "formula.xlsx:S!D2: value '2020-01-01' for region A, year 2015, series when is "
               "not a number");
}
END_TEST

START_TEST(test_one_sheet_per_year_from_names_or_a_mapping)
{
    rc_panel *p = load_ok("data: [{file: years.xlsx, layout: wide, sheets: names}]\n" DIMS);
    ck_assert_uint_eq(p->n_years, 2);
    ck_assert_int_eq(p->years[0], 2019);
    ck_assert(cell(p, "gdp", "A", 2019) == 1.0);
    ck_assert(cell(p, "gdp", "B", 2020) == 4.0);
    rc_panel_free(p);
    p = load_ok("data: [{file: years.xlsx, layout: wide, sheets: {2030: '2020年'}}]\n" DIMS);
    ck_assert_uint_eq(p->n_years, 1);
    ck_assert(cell(p, "gdp", "A", 2030) == 3.0);
    rc_panel_free(p);
    load_fails("data: [{file: years.xlsx, layout: wide, sheets: ['2019年', '2021年']}]\n" DIMS,
               "years.xlsx: no sheet '2021年'");
}
END_TEST

START_TEST(test_formula_cached_values_dates_and_vertical_merges)
{
    rc_panel *p = load_ok("data: [{file: formula.xlsx, layout: wide, ignore: when}]\n" DIMS);
    ck_assert(cell(p, "gdp", "A", 2015) == 1.5); /* =1+0.5, cached */
    ck_assert(cell(p, "gdp", "B", 2015) == 2.5);
    rc_panel_free(p);
    /* the date cells as text: serial 43831 (style 14) and 43862.5 (a custom 年/月 format) */
    rc_source_opts o;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_source_opts_parse(NULL, tf_path(books, "formula.xlsx"), "t", &o, &err), 0);
    rc_source_part *parts = NULL;
    size_t np = 0;
    ck_assert_msg(rc_source_read(tf_path(books, "formula.xlsx"), &o, &parts, &np, &err) == 0, "%s",
                  err.msg);
    ck_assert_uint_eq(np, 1);
    const rc_csv *t = parts[0].table;
    ck_assert_uint_eq(t->n_rows, 2);
    ck_assert_str_eq(t->rows[0].fields[3], "2020-01-01");
    ck_assert_str_eq(t->rows[1].fields[3], "2020-02-01T12:00:00");
    ck_assert_str_eq(t->rows[0].fields[1], "2015"); /* a string formula's cached text */
    ck_assert_str_eq(t->rows[0].fields[0], "A");    /* rich text without its phonetic run */
    rc_source_parts_free(parts, np);
    rc_source_opts_free(&o);
    /* the region merged over rows 2-3 is A in both */
    p = load_ok("data: [{file: vmerge.xlsx, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert(cell(p, "gdp", "A", 2016) == 2.0);
    ck_assert(cell(p, "gdp", "B", 2015) == 3.0);
    rc_panel_free(p);
}
END_TEST

START_TEST(test_stata_value_labels_become_region_names)
{
    rc_panel *p = load_ok("data: [{file: panel.dta, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert(cell(p, "gdp", "北京", 2015) == 1.5);
    ck_assert(cell(p, "gdp", "上海", 2015) == 2.25);
    ck_assert(isnan(cell(p, "gdp", "北京", 2016)));
    rc_panel_free(p);
    /* without labels the codes are the ids */
    p = load_ok("data: [{file: panel.dta, layout: wide, value_labels: false}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert_int_ge(rc_panel_region(p, "0"), 0);
    rc_panel_free(p);
    tf_write(books, "bad.dta", "not a stata file at all");
    load_fails("data: [{file: bad.dta, layout: wide}]\n" DIMS, "bad.dta: cannot read the dta file");
}
END_TEST

/* OpenDocument: the sheet by name, a title spanning columns above the header (ignored), a
 * region spanning two rows (filled down), repeated rows (a doubled row is a duplicate),
 * Excel-style trailing repeats of empty rows and columns. */
START_TEST(test_ods_sheet_with_spans_and_repeats)
{
    load_fails("data: [{file: panel.ods, layout: wide, sheet: 数据, skip_rows: 1}]\n" DIMS,
               "panel.ods:数据!C6: duplicate value for region B, year 2015, series gdp (first "
               "given at panel.ods:数据 row 5)");
    rc_error err;
    rc_source_opts o;
    rc_error_clear(&err);
    ck_assert_int_eq(rc_source_opts_parse(NULL, tf_path(books, "panel.ods"), "t", &o, &err), 0);
    free(o.sheet);
    o.sheet = strdup("数据");
    o.csv.layout.skip_rows = 1;
    rc_source_part *parts = NULL;
    size_t np = 0;
    ck_assert_msg(rc_source_read(tf_path(books, "panel.ods"), &o, &parts, &np, &err) == 0, "%s",
                  err.msg);
    const rc_csv *t = parts[0].table;
    ck_assert_uint_eq(t->header.n, 4);
    ck_assert_uint_eq(t->n_rows, 4);
    ck_assert_str_eq(t->rows[0].fields[2], "1.25");  /* the stored value, not the shown 1.3 */
    ck_assert_str_eq(t->rows[0].fields[3], "0.446"); /* a percentage is its fraction */
    ck_assert_str_eq(t->rows[1].fields[0], "A");     /* spanned down */
    ck_assert_str_eq(t->rows[3].fields[0], "B");
    ck_assert_uint_eq(t->rows[3].line, 6);
    rc_source_parts_free(parts, np);
    rc_source_opts_free(&o);
}
END_TEST

Suite *books_suite(void)
{
    Suite *s = suite_create("books");
    TCase *tc = tcase_create("xlsx_dta");
    tcase_add_unchecked_fixture(tc, make_books, drop_books);
    tcase_add_test(tc, test_xlsx_named_or_numbered_sheet_reads_yearbook_cells);
    tcase_add_test(tc, test_xlsx_refusals_name_file_sheet_and_cell);
    tcase_add_test(tc, test_one_sheet_per_year_from_names_or_a_mapping);
    tcase_add_test(tc, test_formula_cached_values_dates_and_vertical_merges);
    tcase_add_test(tc, test_stata_value_labels_become_region_names);
    tcase_add_test(tc, test_ods_sheet_with_spans_and_repeats);
    suite_add_tcase(s, tc);
    return s;
}
