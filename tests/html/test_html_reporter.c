/* tests/html/test_html_reporter.c — the html reporter, loaded with dlopen from the build's
 * plugin folder and driven through the mock host on a hand-built result set; the report is
 * parsed with libxml2's HTML parser and checked for its sections, its charts (one SVG
 * element per region, year or cell), escaped text, Chinese labels, self-containment,
 * byte-identical reruns, left-out sections, the GeoJSON map and GeoJSON errors. */
#define _XOPEN_SOURCE 700 /* strdup() */
#include <check.h>
#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
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

#define EVIL "<script>alert(1)</script>"

/* ------------------------------------------------------------------ helpers */

static void setup(void)
{
    pd_tmpdir_create("rc_test_html");
}

/* RC_KEEP_TEST_FILES=1 keeps the written reports for a look. */
static void teardown(void)
{
    pd_tmpdir_remove();
}

static int32_t run_html(mock_host *m)
{
    return pd_run_and_close(pd_open_reporter("html"), m);
}

/* ---- the result set ---- */

static size_t row(struct rc_table *t)
{
    long r = rc_table_add_row(t);
    ck_assert_int_ge(r, 0);
    return (size_t)r;
}

static const char *REG[4] = {"A", "B", EVIL, "D"};
static const int64_t YEARS[3] = {2021, 2022, 2023};

/* index[year][region]; 2023 ranks: B 1, EVIL 2, A 3, D 4 */
static const double INDEX[3][4] = {
    {0.50, 0.40, 0.30, 0.20}, {0.55, 0.60, 0.35, 0.25}, {0.60, 0.70, 0.65, 0.10}};
static const int64_t RANK[3][4] = {{1, 2, 3, 4}, {2, 1, 3, 4}, {3, 1, 2, 4}};

static void add_index(mock_host *m)
{
    const char *cols[] = {"region", "year", "index", "rank", "change", "rank_change"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_INT,
                             RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *t = pd_add_table(m, "index", 6, cols, types);
    for (int y = 0; y < 3; y++)
        for (int g = 0; g < 4; g++) {
            size_t r = row(t);
            rc_table_set_str(t, r, 0, REG[g]);
            rc_table_set_int(t, r, 1, YEARS[y]);
            rc_table_set_num(t, r, 2, INDEX[y][g]);
            rc_table_set_int(t, r, 3, RANK[y][g]);
            rc_table_set_num(t, r, 4, y ? INDEX[y][g] - INDEX[y - 1][g] : NAN);
            rc_table_set_num(t, r, 5, y ? (double)(RANK[y - 1][g] - RANK[y][g]) : NAN);
        }
}

static void add_manifest(mock_host *m)
{
    const char *cols[] = {"key", "value"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_STRING};
    struct rc_table *t = pd_add_table(m, "manifest", 2, cols, types);
    const char *kv[][2] = {{"tool", "regcoord"},
                           {"version", "0.1.0"},
                           {"title", "Digital & <economy>"},
                           {"regions", "4"},
                           {"years", "2021-2023 (3 years)"},
                           {"method:normalize", "minmax"}};
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++) {
        size_t r = row(t);
        rc_table_set_str(t, r, 0, kv[i][0]);
        rc_table_set_str(t, r, 1, kv[i][1]);
    }
}

/* Everything but the uncertainty table. Coupling levels: region g in year y has level
 * 1 + 2g + y, except EVIL in 2021 (level 0: unclassified). */
static void fill_all(mock_host *m)
{
    add_index(m);
    const char *scols[] = {"region", "year", "dimension", "score", "rank"};
    const int32_t stypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_NUMBER,
                              RC_COL_INT};
    struct rc_table *sc = pd_add_table(m, "scores", 5, scols, stypes);
    const char *dims[3] = {"INF", "DAT", "FUS"};
    for (int g = 0; g < 4; g++)
        for (int k = 0; k < 3; k++) {
            size_t r = row(sc);
            rc_table_set_str(sc, r, 0, REG[g]);
            rc_table_set_int(sc, r, 1, 2023);
            rc_table_set_str(sc, r, 2, dims[k]);
            rc_table_set_num(sc, r, 3, 0.1 * (g + 1) + 0.05 * k);
            rc_table_set_int(sc, r, 4, 4 - g);
        }

    const char *ccols[] = {"region", "year", "D", "level", "level_zh", "level_en"};
    const int32_t ctypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_INT,
                              RC_COL_STRING, RC_COL_STRING};
    struct rc_table *cp = pd_add_table(m, "coupling", 6, ccols, ctypes);
    for (int y = 0; y < 3; y++)
        for (int g = 0; g < 4; g++) {
            size_t r = row(cp);
            int lv = (g == 2 && y == 0) ? 0 : 1 + 2 * g + y;
            rc_table_set_str(cp, r, 0, REG[g]);
            rc_table_set_int(cp, r, 1, YEARS[y]);
            rc_table_set_num(cp, r, 2, lv ? (lv - 0.5) / 10 : NAN);
            rc_table_set_int(cp, r, 3, lv);
        }

    const char *dcols[] = {"year", "group_by", "measure", "group", "group2", "value"};
    const int32_t dtypes[] = {RC_COL_INT, RC_COL_STRING, RC_COL_STRING, RC_COL_STRING,
                              RC_COL_STRING, RC_COL_NUMBER};
    struct rc_table *dis = pd_add_table(m, "disparity", 6, dcols, dtypes);
    for (int y = 0; y < 3; y++) {
        size_t r = row(dis);
        rc_table_set_int(dis, r, 0, YEARS[y]);
        rc_table_set_str(dis, r, 2, "gini");
        rc_table_set_num(dis, r, 5, 0.25 + 0.01 * y);
        r = row(dis);
        rc_table_set_int(dis, r, 0, YEARS[y]);
        rc_table_set_str(dis, r, 1, "zone");
        rc_table_set_str(dis, r, 2, "theil_T_group");
        rc_table_set_str(dis, r, 3, "east"); /* a group row: not in the whole-sample table */
        rc_table_set_num(dis, r, 5, 9.5);
    }

    const char *vcols[] = {"type", "year", "term", "statistic", "value", "note"};
    const int32_t vtypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_STRING,
                              RC_COL_NUMBER, RC_COL_STRING};
    struct rc_table *cv = pd_add_table(m, "convergence", 6, vcols, vtypes);
    size_t r = row(cv);
    rc_table_set_str(cv, r, 0, "sigma");
    rc_table_set_int(cv, r, 1, 2023);
    rc_table_set_str(cv, r, 3, "cv");
    rc_table_set_num(cv, r, 4, 0.125);
    r = row(cv);
    rc_table_set_str(cv, r, 0, "beta_absolute");
    rc_table_set_int(cv, r, 1, 2023);
    rc_table_set_str(cv, r, 2, "ln_initial");
    rc_table_set_str(cv, r, 3, "coef");
    rc_table_set_num(cv, r, 4, -0.0375);

    const char *pcols[] = {"year", "n", "I", "pseudo_p"};
    const int32_t ptypes[] = {RC_COL_INT, RC_COL_INT, RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *sp = pd_add_table(m, "spatial", 4, pcols, ptypes);
    r = row(sp);
    rc_table_set_int(sp, r, 0, 2023);
    rc_table_set_int(sp, r, 1, 4);
    rc_table_set_num(sp, r, 2, 0.4871);
    rc_table_set_num(sp, r, 3, 0.001);

    const char *lcols[] = {"region", "year", "quadrant", "pseudo_p"};
    const int32_t ltypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_NUMBER};
    struct rc_table *li = pd_add_table(m, "lisa", 4, lcols, ltypes);
    const char *quad[4] = {"HH", "HH", "LL", "LH"};
    const double pp[4] = {0.01, 0.2, 0.03, 0.5};
    for (int g = 0; g < 4; g++) {
        r = row(li);
        rc_table_set_str(li, r, 0, REG[g]);
        rc_table_set_int(li, r, 1, 2023);
        rc_table_set_str(li, r, 2, quad[g]);
        rc_table_set_num(li, r, 3, pp[g]);
    }

    const char *ocols[] = {"region", "year", "rank", "indicator", "dimension", "obstacle"};
    const int32_t otypes[] = {RC_COL_STRING, RC_COL_INT, RC_COL_INT, RC_COL_STRING,
                              RC_COL_STRING, RC_COL_NUMBER};
    struct rc_table *ob = pd_add_table(m, "obstacles_top", 6, ocols, otypes);
    for (int g = 0; g < 4; g++)
        for (int k = 1; k <= 2; k++) {
            r = row(ob);
            rc_table_set_str(ob, r, 0, REG[g]);
            rc_table_set_int(ob, r, 1, 2023);
            rc_table_set_int(ob, r, 2, k);
            rc_table_set_str(ob, r, 3, k == 1 ? "fibre" : "patents");
            rc_table_set_str(ob, r, 4, k == 1 ? "INF" : "FUS");
            rc_table_set_num(ob, r, 5, k == 1 ? 0.4567 : 0.125);
        }
    add_manifest(m);
}

static void add_uncertainty(mock_host *m)
{
    const char *cols[] = {"region", "nominal_rank", "mean_rank", "median_rank", "p05_rank",
                          "p95_rank"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_NUMBER,
                             RC_COL_NUMBER, RC_COL_NUMBER};
    struct rc_table *t = pd_add_table(m, "uncertainty", 6, cols, types);
    for (int g = 0; g < 4; g++) {
        size_t r = row(t);
        rc_table_set_str(t, r, 0, REG[g]);
        rc_table_set_int(t, r, 1, RANK[2][g]);
        rc_table_set_num(t, r, 2, RANK[2][g] + 0.26);
        rc_table_set_num(t, r, 3, RANK[2][g]);
        rc_table_set_num(t, r, 4, RANK[2][g] > 1 ? RANK[2][g] - 1 : 1);
        rc_table_set_num(t, r, 5, RANK[2][g] < 4 ? RANK[2][g] + 1 : 4);
    }
}

/* ---- the parsed report ---- */

typedef struct report {
    char *text;
    size_t len;
    htmlDocPtr doc;
    xmlXPathContextPtr xp;
} report;

/* Runs the reporter (must succeed) and parses what it wrote to `rel`. */
static report run_and_parse(mock_host *m, const char *rel)
{
    ck_assert_int_eq(mock_host_set_output_path(m, pd_path_in_tmp(rel)), 0);
    int32_t rc = run_html(m);
    ck_assert_msg(rc == RC_OK, "html failed: %s", mock_host_error(m) ? mock_host_error(m) : "");
    ck_assert_int_eq(mock_host_commit(m), 0);
    ck_assert_uint_eq(mock_host_violations(m), 0);
    report p;
    p.text = pd_slurp(pd_path_in_tmp(rel), &p.len);
    ck_assert_ptr_nonnull(p.text);
    p.doc = htmlReadMemory(p.text, (int)p.len, NULL, "UTF-8",
                           HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    ck_assert_ptr_nonnull(p.doc);
    p.xp = xmlXPathNewContext(p.doc);
    ck_assert_ptr_nonnull(p.xp);
    return p;
}

static void report_free(report *p)
{
    xmlXPathFreeContext(p->xp);
    xmlFreeDoc(p->doc);
    free(p->text);
}

static int count(const report *p, const char *xpath)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, p->xp);
    ck_assert_msg(o != NULL, "bad xpath %s", xpath);
    int n = o->nodesetval ? o->nodesetval->nodeNr : 0;
    xmlXPathFreeObject(o);
    return n;
}

/* The text content of the i-th node matched (caller frees); NULL when there is none. */
static char *text_of(const report *p, const char *xpath, int i)
{
    xmlXPathObjectPtr o = xmlXPathEvalExpression((const xmlChar *)xpath, p->xp);
    ck_assert_ptr_nonnull(o);
    char *s = NULL;
    if (o->nodesetval && i < o->nodesetval->nodeNr) {
        xmlChar *c = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
        s = strdup((const char *)c);
        xmlFree(c);
    }
    xmlXPathFreeObject(o);
    return s;
}

static void assert_text(const report *p, const char *xpath, int i, const char *expected)
{
    char *s = text_of(p, xpath, i);
    ck_assert_msg(s != NULL, "no node %d for %s", i, xpath);
    ck_assert_str_eq(s, expected);
    free(s);
}

static const char *SECTIONS[] = {"summary",     "ranking",  "dimensions", "trend",
                                 "coupling",    "disparity", "convergence", "spatial",
                                 "obstacles",   "methodology"};

/* ------------------------------------------------------------------ tests */

START_TEST(every_section_and_chart_is_present_with_one_mark_per_datum)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    add_uncertainty(m);
    report p = run_and_parse(m, "full.html");
    char xp[256];
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++) {
        snprintf(xp, sizeof xp, "//section[@id='%s']/h2", SECTIONS[i]);
        ck_assert_msg(count(&p, xp) == 1, "section %s", SECTIONS[i]);
        /* the table of contents links to it */
        snprintf(xp, sizeof xp, "//nav//a[@href='#%s']", SECTIONS[i]);
        ck_assert_int_eq(count(&p, xp), 1);
    }
    ck_assert_int_eq(count(&p, "//section[@id='uncertainty']"), 1);
    ck_assert_int_eq(count(&p, "//section[@id='map']"), 0); /* no geojson configured */
    /* the title is the manifest's, escaped; the report year is the latest */
    assert_text(&p, "//h1", 0, "Digital & <economy>");
    assert_text(&p, "//title", 0, "Digital & <economy> — 2023");
    ck_assert_ptr_nonnull(strstr(p.text, "<h1>Digital &amp; &lt;economy&gt;</h1>"));

    /* every chart is an inline svg with a viewBox, scaled to the page width */
    const char *charts[] = {"chart-ranking", "chart-radar", "chart-trend", "chart-heatmap",
                            "chart-uncertainty"};
    for (size_t i = 0; i < 5; i++) {
        snprintf(xp, sizeof xp, "//svg[@id='%s'][@viewbox or @viewBox][@width='100%%']",
                 charts[i]);
        ck_assert_msg(count(&p, xp) == 1, "chart %s", charts[i]);
    }
    /* ranking: one bar per region of 2023, in rank order with rank/index/changes */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-ranking']//rect[@class='bar']"), 4);
    ck_assert_int_eq(count(&p, "//section[@id='ranking']//tbody/tr"), 4);
    const char *order[4] = {"B", EVIL, "A", "D"};
    for (int i = 0; i < 4; i++)
        assert_text(&p, "//section[@id='ranking']//tbody/tr/td[2]", i, order[i]);
    /* A in 2023: index 0.60, change +0.05, rank 2 -> 3 = -1 */
    assert_text(&p, "//section[@id='ranking']//tbody/tr[3]/td[1]", 0, "3");
    assert_text(&p, "//section[@id='ranking']//tbody/tr[3]/td[3]", 0, "0.60");
    assert_text(&p, "//section[@id='ranking']//tbody/tr[3]/td[4]", 0, "+0.05");
    assert_text(&p, "//section[@id='ranking']//tbody/tr[3]/td[5]", 0, "-1");
    /* radar: one shape per region (top 6 > 4 regions), three axes each */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-radar']//polygon[@class='radar-area']"), 4);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-radar']//polygon[@class='radar-mean']"), 4);
    /* trend: one line per region, all four highlighted (top 6) */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-trend']//path[contains(@class,'trend')]"), 4);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-trend']//path[@class='trend top']"), 4);
    /* heat map: regions × years cells, coloured by level; legend with the unclassified key */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//rect[@class='cell']"), 12);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//rect[@class='legend']"), 11);
    /* B (g = 1) in 2023 has level 1 + 2 + 2 = 5, "on the verge of imbalance", #fee08b */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//rect[@class='cell'][@fill='#fee08b']"
                               "[contains(title,'B 2023: 5 on the verge of imbalance')]"),
                     1);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//rect[@class='cell'][@fill='#e0e0e0']"), 1);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//text[.='10 high-quality coordination']"), 1);
    /* the cell without a value (EVIL 2021) has a legend key, and a line saying why */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//text[.='no value']"), 1);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//text[@class='legend-why']"
                               "[starts-with(.,'no value: a dimension score is missing')]"),
                     1);
    /* rank intervals: one bar per region */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-uncertainty']//line[@class='interval']"), 4);
    ck_assert_int_eq(count(&p, "//section[@id='uncertainty']//tbody/tr"), 4);
    assert_text(&p, "//section[@id='uncertainty']//tbody/tr[1]/td[1]", 0, "B");
    assert_text(&p, "//section[@id='uncertainty']//tbody/tr[1]/td[3]", 0, "1.3");

    /* disparity: whole-sample measures only; convergence sigma and beta */
    ck_assert_int_eq(count(&p, "//section[@id='disparity']//tbody/tr"), 3);
    ck_assert_int_eq(count(&p, "//section[@id='disparity']//th[.='theil_T_group']"), 0);
    assert_text(&p, "//section[@id='disparity']//tbody/tr[3]/td[2]", 0, "0.27");
    assert_text(&p, "//section[@id='convergence']//table[1]//tbody/tr/td[2]", 0, "0.125");
    ck_assert_int_eq(count(&p, "//section[@id='convergence']//td[.='-0.0375']"), 1);
    /* spatial: HH regions with a star where pseudo p < 0.05, LL regions */
    assert_text(&p, "//section[@id='spatial']//p[@class='lisa-hh']", 0, "B, A*");
    assert_text(&p, "//section[@id='spatial']//p[@class='lisa-ll']", 0, EVIL "*");
    /* obstacles as percentages, two per region */
    ck_assert_int_eq(count(&p, "//section[@id='obstacles']//tbody/tr"), 4);
    assert_text(&p, "//section[@id='obstacles']//tbody/tr[1]/td[2]", 0, "fibre (INF) 45.7%");
    /* methodology: the manifest */
    ck_assert_int_eq(count(&p, "//section[@id='methodology']//tbody/tr"), 6);
    report_free(&p);
    mock_host_free(m);
}
END_TEST

START_TEST(a_region_named_script_renders_as_text_and_no_script_element_exists)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    report p = run_and_parse(m, "evil.html");
    ck_assert_int_eq(count(&p, "//script"), 0);
    ck_assert_ptr_null(strstr(p.text, "<script"));
    ck_assert_ptr_nonnull(strstr(p.text, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    ck_assert_int_ge(count(&p, "//td[.='" EVIL "']"), 3); /* ranking, dimensions, obstacles */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-ranking']//text[.='" EVIL "']"), 1);
    report_free(&p);
    mock_host_free(m);
}
END_TEST

/* A table no section knows (as a new analysis plugin adds) gets a table under its name in
 * the "other results" section: the report year's rows, regions by name. */
START_TEST(an_unknown_table_is_rendered_generically_under_its_name)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    const char *cols[] = {"region", "year", "my_measure"};
    const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER};
    struct rc_table *t = pd_add_table(m, "my_new_analysis", 3, cols, types);
    for (int y = 0; y < 3; y++)
        for (int g = 0; g < 4; g++) {
            size_t r = row(t);
            rc_table_set_str(t, r, 0, REG[g]);
            rc_table_set_int(t, r, 1, YEARS[y]);
            rc_table_set_num(t, r, 2, 0.5 + g);
        }
    report p = run_and_parse(m, "unknown.html");
    ck_assert_int_eq(count(&p, "//section[@id='other']//h3[text()='my_new_analysis']"), 1);
    ck_assert_int_eq(count(&p, "//section[@id='other']//tbody/tr"), 4); /* the report year */
    ck_assert_int_eq(count(&p, "//section[@id='other']//th[text()='my_measure']"), 1);
    ck_assert_int_eq(count(&p, "//nav//a[@href='#other']"), 1);
    report_free(&p);
    mock_host_free(m);
}
END_TEST

START_TEST(the_report_is_self_contained)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    add_uncertainty(m);
    report p = run_and_parse(m, "self.html");
    ck_assert_ptr_null(strstr(p.text, "http://"));
    ck_assert_ptr_null(strstr(p.text, "https://"));
    ck_assert_ptr_null(strstr(p.text, "url("));
    ck_assert_ptr_null(strstr(p.text, "@import"));
    ck_assert_int_eq(count(&p, "//link | //img | //iframe | //object | //embed | //*[@src]"), 0);
    /* every href is an in-page link */
    ck_assert_int_eq(count(&p, "//*[@href][not(starts-with(@href,'#'))]"), 0);
    ck_assert_int_eq(count(&p, "//style"), 1);
    ck_assert_ptr_nonnull(strstr(p.text, "@media print"));
    ck_assert_int_eq(count(&p, "//meta[@name='viewport'][contains(@content,'width=device-width')]"), 1);
    report_free(&p);
    mock_host_free(m);
}
END_TEST

START_TEST(two_runs_are_byte_identical)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    add_uncertainty(m);
    report a = run_and_parse(m, "one.html");
    report b = run_and_parse(m, "two.html");
    ck_assert_uint_eq(a.len, b.len);
    ck_assert_int_eq(memcmp(a.text, b.text, a.len), 0);
    report_free(&a);
    report_free(&b);
    mock_host_free(m);
}
END_TEST

START_TEST(language_zh_writes_chinese_labels)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    mock_node_add_scalar(m, mock_host_config(m), "language", "zh", 0);
    report p = run_and_parse(m, "zh.html");
    ck_assert_int_eq(count(&p, "/html[@lang='zh-CN']"), 1);
    assert_text(&p, "//section[@id='ranking']/h2", 0, "综合指数排名");
    assert_text(&p, "//section[@id='coupling']/h2", 0, "耦合协调度");
    assert_text(&p, "//section[@id='ranking']//th", 1, "地区");
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//text[.='10 优质协调']"), 1);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//text[.='无数值']"), 1);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap']//text[@class='legend-why'][starts-with(.,'无数值：缺少某一维度得分')]"), 1);
    ck_assert_ptr_null(strstr(p.text, "on the verge of imbalance"));
    report_free(&p);
    mock_host_free(m);
}
END_TEST

START_TEST(the_assessment_language_applies_without_a_language_key)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    mock_host_set_language(m, "zh");
    report p = run_and_parse(m, "hostzh.html");
    assert_text(&p, "//section[@id='summary']/h2", 0, "概要");
    report_free(&p);
    mock_host_free(m);
}
END_TEST

START_TEST(top_and_year_keys_choose_the_highlighted_regions_and_the_year)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    rc_node *cfg = mock_host_config(m);
    mock_node_add_scalar(m, cfg, "top", "2", 0);
    mock_node_add_scalar(m, cfg, "year", "2022", 0);
    mock_node_add_scalar(m, cfg, "decimals", "3", 0);
    report p = run_and_parse(m, "y2022.html");
    /* 2022 ranks: B, A, EVIL, D */
    assert_text(&p, "//section[@id='ranking']//tbody/tr/td[2]", 0, "B");
    assert_text(&p, "//section[@id='ranking']//tbody/tr/td[2]", 1, "A");
    assert_text(&p, "//section[@id='ranking']//tbody/tr[2]/td[3]", 0, "0.550");
    assert_text(&p, "//section[@id='ranking']//tbody/tr[2]/td[4]", 0, "+0.050");
    ck_assert_int_eq(count(&p, "//svg[@id='chart-trend']//path[@class='trend top']"), 2);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-trend']//path[@class='trend']"), 2);
    /* the 2022 dimension scores do not exist: no dimensions section */
    ck_assert_int_eq(count(&p, "//section[@id='dimensions']"), 0);
    report_free(&p);
    mock_host_free(m);
}
END_TEST

START_TEST(missing_optional_tables_leave_their_sections_out)
{
    mock_host *m = mock_host_new();
    add_index(m);
    report p = run_and_parse(m, "min.html");
    ck_assert_int_eq(count(&p, "//section[@id='summary']"), 1);
    ck_assert_int_eq(count(&p, "//section[@id='ranking']"), 1);
    ck_assert_int_eq(count(&p, "//section[@id='trend']"), 1);
    const char *absent[] = {"dimensions", "map",     "coupling",  "disparity",  "convergence",
                            "spatial",    "obstacles", "uncertainty", "methodology"};
    char xp[128];
    for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++) {
        snprintf(xp, sizeof xp, "//section[@id='%s'] | //a[@href='#%s']", absent[i], absent[i]);
        ck_assert_msg(count(&p, xp) == 0, "section %s", absent[i]);
    }
    ck_assert_int_eq(count(&p, "//svg[@id='chart-heatmap'] | //svg[@id='chart-radar']"), 0);
    assert_text(&p, "//h1", 0, "Regional assessment");
    report_free(&p);
    mock_host_free(m);

    /* nothing at all: a summary that says there is no index */
    m = mock_host_new();
    p = run_and_parse(m, "empty.html");
    ck_assert_int_eq(count(&p, "//section"), 1);
    ck_assert_int_eq(count(&p, "//li[.='The results hold no index table.']"), 1);
    report_free(&p);
    mock_host_free(m);
}
END_TEST

static const char GEOJSON[] =
    "{\"type\":\"FeatureCollection\",\"features\":[\n"
    " {\"type\":\"Feature\",\"properties\":{\"id\":\"A\",\"code\":\"11\"},\"geometry\":"
    "{\"type\":\"Polygon\",\"coordinates\":[[[100,30],[110,30],[110,40],[100,40],[100,30]]]}},\n"
    " {\"type\":\"Feature\",\"id\":\"B\",\"properties\":{\"code\":\"12\"},\"geometry\":"
    "{\"type\":\"MultiPolygon\",\"coordinates\":[[[[110,30],[120,30],[120,40],[110,30]]],"
    "[[[121,30],[122,30],[122,31],[121,30]]]]}},\n"
    " {\"type\":\"Feature\",\"properties\":{\"name\":\"<script>alert(1)</script>\","
    "\"code\":\"13\"},\"geometry\":"
    "{\"type\":\"Polygon\",\"coordinates\":[[[100,20],[110,20],[110,30],[100,20]]]}},\n"
    " {\"type\":\"Feature\",\"properties\":{\"id\":\"nowhere\",\"code\":\"99\"},\"geometry\":"
    "{\"type\":\"Polygon\",\"coordinates\":[[[110,20],[120,20],[120,30],[110,20]]]}},\n"
    " {\"type\":\"Feature\",\"properties\":{\"id\":\"D\"},\"geometry\":null}\n"
    "]}\n";

START_TEST(a_geojson_map_colours_the_matched_regions)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    pd_write_file(pd_path_in_tmp("regions.geojson"), GEOJSON);
    mock_node_add_scalar(m, mock_host_config(m), "geojson", pd_path_in_tmp("regions.geojson"), 0);
    report p = run_and_parse(m, "map.html");
    ck_assert_int_eq(count(&p, "//section[@id='map']"), 1);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-map'][@width='100%']"), 1);
    /* four polygon features (the null geometry is skipped); three matched, one grey */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-map']//path[@class='region']"), 4);
    ck_assert_int_eq(count(&p, "//svg[@id='chart-map']//path[@class='region'][@fill='#d9d9d9']"), 1);
    /* D (lowest index) has no shape: noted */
    ck_assert_int_eq(count(&p, "//section[@id='map']//p[.='Regions without a shape in the map: 1.']"), 1);
    /* B has the highest index: the darkest colour of the ramp; A's is lighter */
    ck_assert_int_eq(count(&p, "//svg[@id='chart-map']//path[@fill='#08306b'][starts-with(title,'B:')]"), 1);
    /* the MultiPolygon is drawn as two closed rings */
    char *d = NULL;
    xmlXPathObjectPtr o = xmlXPathEvalExpression(
        (const xmlChar *)"//svg[@id='chart-map']//path[starts-with(title,'B:')]/@d", p.xp);
    ck_assert_int_eq(o->nodesetval->nodeNr, 1);
    d = (char *)xmlNodeGetContent(o->nodesetval->nodeTab[0]);
    int rings = 0;
    for (const char *s = d; (s = strchr(s, 'Z')) != NULL; s++) rings++;
    ck_assert_int_eq(rings, 2);
    xmlFree(d);
    xmlXPathFreeObject(o);
    report_free(&p);
    mock_host_free(m);

    /* geojson_id picks another property: codes match no region, so every shape is grey */
    m = mock_host_new();
    fill_all(m);
    mock_node_add_scalar(m, mock_host_config(m), "geojson", pd_path_in_tmp("regions.geojson"), 0);
    mock_node_add_scalar(m, mock_host_config(m), "geojson_id", "code", 0);
    p = run_and_parse(m, "map2.html");
    ck_assert_int_eq(count(&p, "//svg[@id='chart-map']//path[@class='region'][@fill='#d9d9d9']"), 4);
    report_free(&p);
    mock_host_free(m);
}
END_TEST

/* Runs with a GeoJSON file of the given text; expects failure with `needle` in the error
 * and no output begun. */
static void expect_geojson_error(const char *text, const char *needle)
{
    mock_host *m = mock_host_new();
    fill_all(m);
    const char *gj = pd_path_in_tmp("bad.geojson");
    if (text) pd_write_file(gj, text);
    else unlink(gj);
    mock_node_add_scalar(m, mock_host_config(m), "geojson", gj, 0);
    mock_host_set_output_path(m, pd_path_in_tmp("bad.html"));
    int32_t rc = run_html(m);
    ck_assert_int_ne(rc, RC_OK);
    const char *err = mock_host_error(m);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err, "geojson") && strstr(err, "bad.geojson") && strstr(err, needle),
                  "error text: %s", err);
    ck_assert_uint_eq(mock_host_n_outputs(m), 0);
    ck_assert_int_eq(access(pd_path_in_tmp("bad.html"), F_OK), -1);
    mock_host_free(m);
}

START_TEST(a_bad_geojson_is_a_clear_error_and_writes_nothing)
{
    expect_geojson_error("{\"type\": \"FeatureCollection\", \"features\": [", "line");
    expect_geojson_error(NULL, "bad.geojson");
    expect_geojson_error("{\"type\": \"Feature\"}", "not a GeoJSON FeatureCollection");
    expect_geojson_error("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                         "\"properties\":{},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":"
                         "[[[1,2],[3],[4,5]]]}}]}",
                         "feature 1: a position must be");
    expect_geojson_error("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                         "\"properties\":{},\"geometry\":{\"type\":\"Point\",\"coordinates\":"
                         "[1,2]}}]}",
                         "no Polygon or MultiPolygon");
}
END_TEST

START_TEST(bad_config_values_are_errors_naming_the_key)
{
    const char *cases[][2] = {{"language", "fr"}, {"top", "0"}, {"decimals", "11"},
                              {"year", "0"}};
    for (size_t i = 0; i < 4; i++) {
        mock_host *m = mock_host_new();
        fill_all(m);
        mock_node_add_scalar(m, mock_host_config(m), cases[i][0], cases[i][1], 0);
        mock_host_set_output_path(m, pd_path_in_tmp("cfg.html"));
        ck_assert_int_eq(run_html(m), RC_EINVAL);
        ck_assert_ptr_nonnull(strstr(mock_host_error(m), cases[i][0]));
        ck_assert_ptr_nonnull(strstr(mock_host_error(m), "mock.yaml:"));
        ck_assert_uint_eq(mock_host_n_outputs(m), 0);
        mock_host_free(m);
    }
}
END_TEST

static Suite *html_suite(void)
{
    Suite *s = suite_create("html_reporter");
    TCase *tc = tcase_create("html");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, every_section_and_chart_is_present_with_one_mark_per_datum);
    tcase_add_test(tc, a_region_named_script_renders_as_text_and_no_script_element_exists);
    tcase_add_test(tc, the_report_is_self_contained);
    tcase_add_test(tc, an_unknown_table_is_rendered_generically_under_its_name);
    tcase_add_test(tc, two_runs_are_byte_identical);
    tcase_add_test(tc, language_zh_writes_chinese_labels);
    tcase_add_test(tc, the_assessment_language_applies_without_a_language_key);
    tcase_add_test(tc, top_and_year_keys_choose_the_highlighted_regions_and_the_year);
    tcase_add_test(tc, missing_optional_tables_leave_their_sections_out);
    tcase_add_test(tc, a_geojson_map_colours_the_matched_regions);
    tcase_add_test(tc, a_bad_geojson_is_a_clear_error_and_writes_nothing);
    tcase_add_test(tc, bad_config_values_are_errors_naming_the_key);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(html_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
