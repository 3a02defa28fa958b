/* tests/data/test_sources.c — data as analysts have it, each test on files it writes
 * itself: yearbook conventions per source (thousands, decimal comma, percent, missing
 * markers, title rows, a units row, full-width digits, 2020年, trailing empty columns and
 * rows), encodings (GBK, GB18030, Big5, UTF-16, auto), and region matching (NFC and width,
 * aliases, suggestions that drop administrative suffixes, spatial files keyed by another
 * column). Every expected value is written in the test. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "data/load.h"
#include "suites.h"
#include "support_files.h"

/* ---- helpers -------------------------------------------------------------------------------- */

static char warned[2048];
static void catch_warn(void *user, const char *msg)
{
    (void)user;
    snprintf(warned, sizeof warned, "%s", msg);
}

/* Loads `yaml` (relative paths against dir); returns the panel or NULL with err set. */
static rc_panel *load_yaml(const char *dir, const char *yaml, rc_error *err)
{
    rc_config *cfg = NULL;
    rc_error_clear(err);
    warned[0] = '\0';
    if (rc_config_load_string(yaml, "cfg.yaml", dir, &cfg, err) != 0) return NULL;
    rc_panel *p = NULL;
    rc_panel_load_ex(cfg, catch_warn, NULL, &p, err);
    rc_config_free(cfg);
    return p;
}

static rc_panel *load_ok(const char *dir, const char *yaml)
{
    rc_error err;
    rc_panel *p = load_yaml(dir, yaml, &err);
    ck_assert_msg(p, "load failed: %s", err.msg);
    return p;
}

static void load_fails(const char *dir, const char *yaml, const char *needle)
{
    rc_error err;
    rc_panel *p = load_yaml(dir, yaml, &err);
    ck_assert_msg(!p, "load succeeded; expected '%s'", needle);
    ck_assert_msg(strstr(err.msg, needle), "message '%s' lacks '%s'", err.msg, needle);
}

static double cell(const rc_panel *p, const char *series, const char *region, int year)
{
    long s = rc_panel_series(p, series), r = rc_panel_region(p, region), t = rc_panel_year(p, year);
    ck_assert_msg(s >= 0 && r >= 0 && t >= 0, "no cell %s/%s/%d", series, region, year);
    return p->values[s][(size_t)t * p->n_regions + (size_t)r];
}

#define DIMS "dimensions: {d: {indicators: {gdp: {}}}}\n"

/* ---- 1. yearbook conventions ------------------------------------------------------------- */

/* The failures the issue quotes, all in one yearbook-style export: two title rows, a units
 * row, "26,881.0", "44.6%", full-width "２０１５" and "３．９", "—" for missing, years
 * like 2016年, and Excel's trailing empty columns and rows. */
START_TEST(test_yearbook_csv_with_every_quirk_reads_hand_values)
{
    char *dir = tf_dir();
    tf_write(dir, "yb.csv",
             "表1 各地区主要指标,,,,\n"
             "（单位见下）,,,,\n"
             "地区,年份,gdp,urban,,\n"
             ",,亿元,%,,\n"
             "北京,２０１５,\"26,881.0\",44.6%,,\n"
             "北京,2016年,３．９,—,,\n"
             "上海,2015,\"1,234,567\",８６．５％,,\n"
             ",,,,,\n"
             ",,,,,\n");
    rc_panel *p = load_ok(dir, "data: [{file: yb.csv, layout: wide, region: 地区, year: 年份,\n"
                               "        thousands: ',', percent: value, skip_rows: 2,\n"
                               "        units_row: true}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert_uint_eq(p->n_years, 2);
    ck_assert_int_eq(p->years[0], 2015);
    ck_assert_int_eq(p->years[1], 2016);
    ck_assert_uint_eq(p->n_series, 2);
    ck_assert(cell(p, "gdp", "北京", 2015) == 26881.0);
    ck_assert(cell(p, "urban", "北京", 2015) == 44.6);
    ck_assert(cell(p, "gdp", "北京", 2016) == 3.9);
    ck_assert(isnan(cell(p, "urban", "北京", 2016)));
    ck_assert(cell(p, "gdp", "上海", 2015) == 1234567.0);
    ck_assert(cell(p, "urban", "上海", 2015) == 86.5);
    ck_assert(isnan(cell(p, "gdp", "上海", 2016))); /* no row */
    ck_assert_str_eq(p->series_units[rc_panel_series(p, "gdp")], "亿元");
    ck_assert_str_eq(p->series_units[rc_panel_series(p, "urban")], "%");
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

/* Ambiguous conventions are opt-in: without a declaration each cell is refused with the
 * place and what to declare. */
START_TEST(test_ambiguous_quirks_are_refused_with_the_declaration_to_make)
{
    char *dir = tf_dir();
    tf_write(dir, "t.csv", "region,year,gdp\nA,2015,\"26,881.0\"\n");
    tf_write(dir, "p.csv", "region,year,gdp\nA,2015,44.6%\n");
    tf_write(dir, "e.csv", "region,year,gdp\nA,2015,\"62,61988125\"\n");
    load_fails(dir, "data: [{file: t.csv, layout: wide}]\n" DIMS,
               "t.csv:2: value '26,881.0' for region A, year 2015, series gdp is not a number "
               "(it has a thousands separator: declare thousands: \",\"");
    load_fails(dir, "data: [{file: p.csv, layout: wide}]\n" DIMS, "declare percent: value");
    load_fails(dir, "data: [{file: e.csv, layout: wide}]\n" DIMS, "declare decimal: \",\"");
    /* a thousands separator out of its groups of three is still refused */
    tf_write(dir, "g.csv", "region,year,gdp\nA,2015,\"2,68,81\"\n");
    load_fails(dir, "data: [{file: g.csv, layout: wide, thousands: ','}]\n" DIMS,
               "g.csv:2: value '2,68,81'");
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_decimal_comma_and_point_thousands_read_european_numbers)
{
    char *dir = tf_dir();
    tf_write(dir, "eu.csv", "region;year;gdp;share\nA;2015;62,61988125;1.234,5\nB;2015;-0,5;12%\n");
    rc_panel *p = load_ok(dir, "data: [{file: eu.csv, layout: wide, separator: ';', decimal: ',',\n"
                               "        thousands: '.', percent: fraction}]\n" DIMS);
    ck_assert(cell(p, "gdp", "A", 2015) == 62.61988125);
    ck_assert(cell(p, "share", "A", 2015) == 1234.5);
    ck_assert(cell(p, "gdp", "B", 2015) == -0.5);
    ck_assert(cell(p, "share", "B", 2015) == 0.12);
    rc_panel_free(p);
    /* a point in a decimal-comma source without thousands: '.' is refused, not guessed */
    tf_write(dir, "eu2.csv", "region;year;gdp\nA;2015;1.5\n");
    load_fails(dir, "data: [{file: eu2.csv, layout: wide, separator: ';', decimal: ','}]\n" DIMS,
               "eu2.csv:2: value '1.5'");
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_missing_markers_default_and_declared)
{
    char *dir = tf_dir();
    tf_write(dir, "na.csv",
             "region,year,gdp\nA,2015,—\nB,2015,..\nC,2015,-\nD,2015,…\nE,2015,x\nF,2015,-9999\n"
             "G,2015,NA\nH,2015,7\n");
    /* the defaults: — .. - … are missing; x is not a number */
    load_fails(dir, "data: [{file: na.csv, layout: wide}]\n" DIMS, "na.csv:6: value 'x'");
    /* declared: only these (with "" and NA); -9999 is a marker, not a number */
    rc_panel *p = load_ok(dir, "data: [{file: na.csv, layout: wide,\n"
                               "        na: ['—', '..', '-', '…', 'x', '-9999']}]\n" DIMS);
    const char *miss[] = {"A", "B", "C", "D", "E", "F", "G"};
    for (size_t i = 0; i < 7; i++) ck_assert_msg(isnan(cell(p, "gdp", miss[i], 2015)), "%s", miss[i]);
    ck_assert(cell(p, "gdp", "H", 2015) == 7.0);
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_years_with_nian_and_full_width_in_long_layout)
{
    char *dir = tf_dir();
    tf_write(dir, "l.csv",
             "region,year,indicator,value\nA,2019年,gdp,1\nA,２０２０,gdp,２\nA, 2021 年 ,gdp,3\n");
    rc_panel *p = load_ok(dir, "data: [{file: l.csv}]\n" DIMS);
    ck_assert_uint_eq(p->n_years, 3);
    ck_assert_int_eq(p->years[2], 2021);
    ck_assert(cell(p, "gdp", "A", 2020) == 2.0);
    rc_panel_free(p);
    tf_write(dir, "b.csv", "region,year,indicator,value\nA,二〇二〇年,gdp,1\n");
    load_fails(dir, "data: [{file: b.csv}]\n" DIMS, "b.csv:2: year '二〇二〇年' is not an integer");
    tf_rmdir(dir);
}
END_TEST

/* A value in a column whose header is empty is not silently dropped. */
START_TEST(test_trailing_unnamed_column_with_a_value_is_refused)
{
    char *dir = tf_dir();
    tf_write(dir, "t.csv", "region,year,gdp,,\nA,2015,1,,\nB,2015,2,,9\n");
    load_fails(dir, "data: [{file: t.csv, layout: wide}]\n" DIMS, "t.csv:3: the row has 5 fields");
    tf_write(dir, "u.csv", "region,year,gdp,,\nA,2015,1,,\n");
    rc_panel *p = load_ok(dir, "data: [{file: u.csv, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_series, 1);
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_bad_quirk_declarations_name_the_config_line)
{
    char *dir = tf_dir();
    tf_write(dir, "a.csv", "region,year,gdp\nA,2015,1\n");
    load_fails(dir, "data: [{file: a.csv, layout: wide, thousands: 'x'}]\n" DIMS,
               "cfg.yaml:1:47: 'thousands' must be one of");
    load_fails(dir, "data: [{file: a.csv, layout: wide, percent: half}]\n" DIMS,
               "cfg.yaml:1:45: 'percent' in data entry 1 must be value");
    load_fails(dir, "data: [{file: a.csv, layout: wide, encoding: latin9}]\n" DIMS,
               "cfg.yaml:1:46: 'encoding' in data entry 1 must be utf-8, gbk");
    load_fails(dir, "data: [{file: a.csv, layout: wide, decimal: ',', thousands: ','}]\n" DIMS,
               "'thousands' and 'decimal' in data entry 1 are both ','");
    load_fails(dir, "data: [{file: a.csv, layout: wide, sheet: 2}]\n" DIMS,
               "'sheet' in data entry 1 applies to workbooks only");
    tf_rmdir(dir);
}
END_TEST

/* ---- 2. encodings ------------------------------------------------------------------------ */

/* 地区,年份,gdp / 北京,2015,1.5 / 上海,2015,2.5 in each encoding, written by iconv (Big5
 * has no simplified 区: its header says 地區). */
static void write_encoded(const char *dir, const char *name, const char *enc)
{
    const char *utf8 = strcmp(enc, "BIG5") == 0 ? "地區,年份,gdp\n北京,2015,1.5\n上海,2015,2.5\n"
                                                : "地区,年份,gdp\n北京,2015,1.5\n上海,2015,2.5\n";
    char cmd[1024];
    tf_write(dir, "src.txt", utf8);
    snprintf(cmd, sizeof cmd, "iconv -f UTF-8 -t %s '%s/src.txt' > '%s/%s'", enc, dir, dir, name);
    ck_assert_int_eq(system(cmd), 0);
}

static void check_two(const rc_panel *p)
{
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert(cell(p, "gdp", "北京", 2015) == 1.5);
    ck_assert(cell(p, "gdp", "上海", 2015) == 2.5);
}

#define ZH_WIDE(file, enc) \
    "data: [{file: " file ", layout: wide, region: 地区, year: 年份, encoding: " enc "}]\n" DIMS

START_TEST(test_gbk_gb18030_big5_utf16_files_read_as_their_utf8_original)
{
    char *dir = tf_dir();
    write_encoded(dir, "gbk.csv", "GBK");
    write_encoded(dir, "gb18030.csv", "GB18030");
    write_encoded(dir, "big5.csv", "BIG5");
    write_encoded(dir, "u16.csv", "UTF-16"); /* glibc writes a BOM */
    write_encoded(dir, "u16le.csv", "UTF-16LE");
    const char *cfgs[] = {ZH_WIDE("gbk.csv", "gbk"), ZH_WIDE("gb18030.csv", "gb18030"),
                          "data: [{file: big5.csv, layout: wide, region: 地區, year: 年份, "
                          "encoding: big5}]\n" DIMS,
                          ZH_WIDE("u16.csv", "utf-16"),
                          ZH_WIDE("u16le.csv", "utf-16"), ZH_WIDE("u16.csv", "auto")};
    for (size_t i = 0; i < 6; i++) {
        rc_panel *p = load_ok(dir, cfgs[i]);
        check_two(p);
        rc_panel_free(p);
    }
    /* the GBK file without a declaration: the old message, now pointing at encoding: */
    load_fails(dir, "data: [{file: gbk.csv, layout: wide, region: 地区, year: 年份}]\n" DIMS,
               "gbk.csv:1: invalid UTF-8 (bytes 0xB5 0xD8");
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_auto_encoding_falls_back_to_gb18030_with_a_warning)
{
    char *dir = tf_dir();
    write_encoded(dir, "gbk.csv", "GBK");
    rc_panel *p = load_ok(dir, ZH_WIDE("gbk.csv", "auto"));
    check_two(p);
    ck_assert_msg(strstr(warned, "gbk.csv is not UTF-8; read it as GB18030"), "warning: %s", warned);
    rc_panel_free(p);
    /* UTF-8 with auto: no warning */
    tf_write(dir, "u8.csv", "地区,年份,gdp\n北京,2015,1.5\n上海,2015,2.5\n");
    p = load_ok(dir, ZH_WIDE("u8.csv", "auto"));
    check_two(p);
    ck_assert_str_eq(warned, "");
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_invalid_bytes_in_the_declared_encoding_name_line_and_bytes)
{
    char *dir = tf_dir();
    /* line 3 holds 0x81 0x20: a GBK lead byte followed by a space */
    tf_write(dir, "bad.csv", "region,year,gdp\nA,2015,1\nB\x81 ,2015,2\n");
    load_fails(dir, "data: [{file: bad.csv, layout: wide, encoding: gbk}]\n" DIMS,
               "bad.csv:3: invalid GBK byte sequence 0x81 0x20");
    /* a UTF-16 file that ends in half a character */
    tf_write_bytes(dir, "odd.csv", "\xFF\xFE" "a\0,\0b\0\n\0x", 11);
    load_fails(dir, "data: [{file: odd.csv, layout: wide, encoding: utf-16}]\n" DIMS,
               "odd.csv:2: the file ends inside a UTF-16 character");
    tf_rmdir(dir);
}
END_TEST

/* ---- 5. region matching ---------------------------------------------------------------------- */

START_TEST(test_region_names_match_after_nfc_and_width_normalisation)
{
    char *dir = tf_dir();
    /* the regions file writes é precomposed (U+00E9) and Ａ full width; the data
     * decomposed (e + U+0301) and ASCII */
    tf_write(dir, "regions.csv", "region\nQu\xC3\xA9" "bec\n\xEF\xBC\xA1" "lpha\n");
    tf_write(dir, "d.csv", "region,year,gdp\nQue\xCC\x81" "bec,2015,1\nAlpha,2015,2\n");
    rc_panel *p = load_ok(dir, "regions: {file: regions.csv}\n"
                               "data: [{file: d.csv, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert(cell(p, "gdp", "Qu\xC3\xA9" "bec", 2015) == 1.0);
    ck_assert(cell(p, "gdp", "Alpha", 2015) == 2.0);
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_unknown_region_suggests_the_name_without_its_administrative_suffix)
{
    char *dir = tf_dir();
    tf_write(dir, "regions.csv", "region\n内蒙古\n广西\n北京\n");
    tf_write(dir, "d.csv", "region,year,gdp\n内蒙古自治区,2015,1\n");
    load_fails(dir, "regions: {file: regions.csv}\ndata: [{file: d.csv, layout: wide}]\n" DIMS,
               "d.csv:2: region '内蒙古自治区' is not in the regions file regions.csv (did you "
               "mean '内蒙古'?)");
    tf_write(dir, "e.csv", "region,year,gdp\n广西壮族自治区,2015,1\n");
    load_fails(dir, "regions: {file: regions.csv}\ndata: [{file: e.csv, layout: wide}]\n" DIMS,
               "(did you mean '广西'?)");
    /* the other way round: the regions file has the suffix */
    tf_write(dir, "r2.csv", "region\n北京市\n新疆维吾尔自治区\n");
    tf_write(dir, "f.csv", "region,year,gdp\n新疆,2015,1\n");
    load_fails(dir, "regions: {file: r2.csv}\ndata: [{file: f.csv, layout: wide}]\n" DIMS,
               "(did you mean '新疆维吾尔自治区'?)");
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_aliases_file_maps_other_names_to_region_ids)
{
    char *dir = tf_dir();
    tf_write(dir, "regions.csv", "region\n内蒙古\n北京\n");
    tf_write(dir, "aliases.csv", "alias,region\n内蒙古自治区,内蒙古\nBeijing,北京\n");
    tf_write(dir, "d.csv", "region,year,gdp\n内蒙古自治区,2015,1\nBeijing,2015,2\n北京,2016,3\n");
    rc_panel *p = load_ok(dir, "regions: {file: regions.csv, aliases: aliases.csv}\n"
                               "data: [{file: d.csv, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert(cell(p, "gdp", "内蒙古", 2015) == 1.0);
    ck_assert(cell(p, "gdp", "北京", 2015) == 2.0);
    ck_assert(cell(p, "gdp", "北京", 2016) == 3.0);
    rc_panel_free(p);
    /* an alias and the id giving the same cell is a duplicate, named as such */
    tf_write(dir, "dup.csv", "region,year,gdp\nBeijing,2015,2\n北京,2015,3\n");
    load_fails(dir, "regions: {file: regions.csv, aliases: aliases.csv}\n"
                    "data: [{file: dup.csv, layout: wide}]\n" DIMS,
               "dup.csv:3: duplicate value for region 北京, year 2015");
    tf_write(dir, "bad_alias.csv", "alias,region\nX,南京\n");
    load_fails(dir, "regions: {file: regions.csv, aliases: bad_alias.csv}\n"
                    "data: [{file: d.csv, layout: wide}]\n" DIMS,
               "bad_alias.csv:2: alias 'X' names region '南京', which is not in the regions file");
    tf_rmdir(dir);
}
END_TEST

/* The quoted failure: "adjacency.csv:2: unknown region 'Anhui'" with no hint; now the hint
 * names the column, and adjacency_key reads the file by it. */
START_TEST(test_adjacency_and_coordinates_keyed_by_another_region_column)
{
    char *dir = tf_dir();
    tf_write(dir, "regions.csv", "region,name_en\n安徽,Anhui\n江苏,Jiangsu\n浙江,Zhejiang\n");
    tf_write(dir, "d.csv", "region,year,gdp\n安徽,2015,1\n江苏,2015,2\n浙江,2015,3\n");
    tf_write(dir, "adj.csv", "a,b\nAnhui,Jiangsu\nJiangsu,Zhejiang\n");
    tf_write(dir, "xy.csv", "region,x,y\nAnhui,117.2,31.8\nZhejiang,120.2,30.3\n");
    load_fails(dir, "regions: {file: regions.csv, adjacency: adj.csv}\n"
                    "data: [{file: d.csv, layout: wide}]\n" DIMS,
               "adj.csv:2: unknown region 'Anhui' ('Anhui' is in column 'name_en' of the regions "
               "file: set regions.adjacency_key: name_en");
    rc_panel *p = load_ok(dir, "regions: {file: regions.csv, adjacency: adj.csv, adjacency_key: "
                               "name_en,\n          coordinates: xy.csv, coordinates_key: name_en}\n"
                               "data: [{file: d.csv, layout: wide}]\n" DIMS);
    ck_assert_ptr_nonnull(p->spatial);
    long ah = rc_panel_region(p, "安徽"), js = rc_panel_region(p, "江苏"), zj = rc_panel_region(p, "浙江");
    /* 江苏 has two neighbours (weights 1/2), 安徽 and 浙江 one each */
    ck_assert_uint_eq(p->spatial->off[js + 1] - p->spatial->off[js], 2);
    ck_assert_uint_eq(p->spatial->off[ah + 1] - p->spatial->off[ah], 1);
    ck_assert_uint_eq(p->spatial->nbr[p->spatial->off[ah]], (size_t)js);
    ck_assert(p->spatial->w[p->spatial->off[js]] == 0.5);
    ck_assert(p->coord_x[ah] == 117.2 && p->coord_y[zj] == 30.3);
    ck_assert(isnan(p->coord_x[js]));
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

/* ---- 6. the region hierarchy ------------------------------------------------------------- */

#define HIER_REGIONS                                                                         \
    "region,parent,level\n京津冀,,cluster\n长三角,,cluster\n北京,京津冀,province\n"          \
    "河北,京津冀,province\n江苏,长三角,province\n北京城区,北京,city\n石家庄,河北,city\n"       \
    "唐山,河北,city\n南京,江苏,city\n苏州,江苏,city\n"
#define HIER_DATA                                                                            \
    "region,year,gdp,pop,urban\n北京城区,2020,36000,2189,87.5\n石家庄,2020,5900,1120,70.0\n"   \
    "唐山,2020,7200,770,64.0\n南京,2020,14800,931,NA\n苏州,2020,20200,1275,81.0\n"            \
    "北京城区,2021,40000,2190,87.6\n石家庄,2021,6500,1123,71.0\n唐山,2021,8200,772,65.0\n"     \
    "南京,2021,16300,942,87.0\n苏州,2021,22700,1284,82.0\n"

START_TEST(test_aggregate_to_province_sums_totals_and_weights_rates)
{
    char *dir = tf_dir();
    tf_write(dir, "regions.csv", HIER_REGIONS);
    tf_write(dir, "d.csv", HIER_DATA);
    rc_panel *p = load_ok(dir, "regions: {file: regions.csv, parent: parent, level: level,\n"
                               "  aggregate_to: province, groups: [cluster],\n"
                               "  aggregate: {gdp: sum, pop: sum, urban: {mean: pop}}}\n"
                               "data: [{file: d.csv, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 3);
    ck_assert_str_eq(p->region_ids[0], "北京");
    ck_assert_str_eq(p->region_ids[1], "河北");
    ck_assert(cell(p, "gdp", "河北", 2020) == 5900.0 + 7200.0);
    ck_assert(cell(p, "pop", "江苏", 2021) == 942.0 + 1284.0);
    /* weighted by population: (70*1120 + 64*770) / (1120 + 770) */
    ck_assert(fabs(cell(p, "urban", "河北", 2020) - (70.0 * 1120 + 64.0 * 770) / 1890.0) < 1e-12);
    ck_assert(fabs(cell(p, "urban", "江苏", 2021) - (87.0 * 942 + 82.0 * 1284) / 2226.0) < 1e-12);
    ck_assert(isnan(cell(p, "urban", "江苏", 2020))); /* 南京 2020 is missing */
    ck_assert(cell(p, "gdp", "北京", 2021) == 40000.0);
    /* the clusters as a grouping */
    const rc_grouping *g = rc_panel_grouping(p, "cluster");
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->n_labels, 2);
    ck_assert_str_eq(g->labels[g->of_region[1]], "京津冀");
    ck_assert_str_eq(g->labels[g->of_region[2]], "长三角");
    rc_panel_free(p);
    /* the same regions file without aggregate_to scores the cities, grouped by cluster */
    p = load_ok(dir, "regions: {file: regions.csv, parent: parent, level: level, groups: cluster}\n"
                     "data: [{file: d.csv, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 5);
    ck_assert(cell(p, "gdp", "苏州", 2021) == 22700.0);
    g = rc_panel_grouping(p, "cluster");
    ck_assert_str_eq(g->labels[g->of_region[rc_panel_region(p, "唐山")]], "京津冀");
    rc_panel_free(p);
    /* a mean without weights: plain mean of the cities */
    p = load_ok(dir, "regions: {file: regions.csv, parent: parent, level: level,\n"
                     "  aggregate_to: cluster, aggregate: {urban: mean, '*': sum}}\n"
                     "data: [{file: d.csv, layout: wide}]\n" DIMS);
    ck_assert_uint_eq(p->n_regions, 2);
    ck_assert(fabs(cell(p, "urban", "京津冀", 2021) - (87.6 + 71.0 + 65.0) / 3.0) < 1e-12);
    ck_assert(cell(p, "gdp", "长三角", 2020) == 14800.0 + 20200.0);
    rc_panel_free(p);
    tf_rmdir(dir);
}
END_TEST

START_TEST(test_hierarchy_cycles_orphans_and_missing_rules_are_refused)
{
    char *dir = tf_dir();
    tf_write(dir, "d.csv", "region,year,gdp\nA,2020,1\n");
    tf_write(dir, "cycle.csv", "region,parent,level\nA,B,city\nB,C,province\nC,B,cluster\n");
    load_fails(dir, "regions: {file: cycle.csv, parent: parent, level: level}\n"
                    "data: [{file: d.csv, layout: wide}]\n" DIMS,
               "the region hierarchy has a cycle: B -> C -> B");
    tf_write(dir, "orphan.csv", "region,parent,level\nA,P,city\nQ,,province\n");
    load_fails(dir, "regions: {file: orphan.csv, parent: parent, level: level}\n"
                    "data: [{file: d.csv, layout: wide}]\n" DIMS,
               "orphan.csv:2: the parent 'P' of region 'A' is not in the regions file (an orphan");
    tf_write(dir, "ok.csv", "region,parent,level\nA,P,city\nP,,province\n");
    load_fails(dir, "regions: {file: ok.csv, parent: parent, level: level, aggregate_to: province}\n"
                    "data: [{file: d.csv, layout: wide}]\n" DIMS,
               "regions.aggregate gives no rule for series 'gdp'");
    load_fails(dir, "regions: {file: ok.csv, parent: parent, level: level, aggregate_to: province,\n"
                    "  aggregate: {gdp: {mean: popp}}}\n"
                    "data: [{file: d.csv, layout: wide}]\n" DIMS,
               "the weight series 'popp' is not in the data");
    load_fails(dir, "regions: {file: ok.csv, parent: parent, aggregate_to: province}\n"
                    "data: [{file: d.csv, layout: wide}]\n" DIMS,
               "regions.aggregate_to needs regions.parent");
    /* data at two levels */
    tf_write(dir, "two.csv", "region,year,gdp\nA,2020,1\nP,2020,5\n");
    load_fails(dir, "regions: {file: ok.csv, parent: parent, level: level, aggregate_to: province,\n"
                    "  aggregate: {gdp: sum}}\ndata: [{file: two.csv, layout: wide}]\n" DIMS,
               "the data hold regions at two levels");
    tf_rmdir(dir);
}
END_TEST

Suite *sources_suite(void)
{
    Suite *s = suite_create("sources");
    TCase *tc = tcase_create("yearbook");
    tcase_add_test(tc, test_yearbook_csv_with_every_quirk_reads_hand_values);
    tcase_add_test(tc, test_ambiguous_quirks_are_refused_with_the_declaration_to_make);
    tcase_add_test(tc, test_decimal_comma_and_point_thousands_read_european_numbers);
    tcase_add_test(tc, test_missing_markers_default_and_declared);
    tcase_add_test(tc, test_years_with_nian_and_full_width_in_long_layout);
    tcase_add_test(tc, test_trailing_unnamed_column_with_a_value_is_refused);
    tcase_add_test(tc, test_bad_quirk_declarations_name_the_config_line);
    suite_add_tcase(s, tc);
    tc = tcase_create("encodings");
    tcase_add_test(tc, test_gbk_gb18030_big5_utf16_files_read_as_their_utf8_original);
    tcase_add_test(tc, test_auto_encoding_falls_back_to_gb18030_with_a_warning);
    tcase_add_test(tc, test_invalid_bytes_in_the_declared_encoding_name_line_and_bytes);
    suite_add_tcase(s, tc);
    tc = tcase_create("regions");
    tcase_add_test(tc, test_region_names_match_after_nfc_and_width_normalisation);
    tcase_add_test(tc, test_unknown_region_suggests_the_name_without_its_administrative_suffix);
    tcase_add_test(tc, test_aliases_file_maps_other_names_to_region_ids);
    tcase_add_test(tc, test_adjacency_and_coordinates_keyed_by_another_region_column);
    suite_add_tcase(s, tc);
    tc = tcase_create("hierarchy");
    tcase_add_test(tc, test_aggregate_to_province_sums_totals_and_weights_rates);
    tcase_add_test(tc, test_hierarchy_cycles_orphans_and_missing_rules_are_refused);
    suite_add_tcase(s, tc);
    return s;
}
