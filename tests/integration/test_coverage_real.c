/* tests/integration/test_coverage_real.c — the trial of tracker issue 12 on real data: the
 * 31 provinces 2016-2024 on the NBS panel (ends 2024) plus the S&T yearbook (ends 2023),
 * one source ending a year before the others. Pins down that the run warns about the
 * missing year, publishes no index built without a whole dimension, flags every partial
 * score in `coverage` and the `partial` columns, chooses and states the report year, and
 * that no headline rests on a partial score; plus indicator coverage before weighting
 * (dialup_users, observed in 2 of 9 years) and the index's own missing rule under
 * `defaults: missing: strict`. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

#define DATA REGCOORD_SHARED_DIR "/data"
#define NREG 31

/* "" or ", year: N" for the markdown report entry */
static char g_md_year[32];
/* more report entries ("" for none), each "  - {...}\n" */
static char g_more_reports[256];

/* The trial config with `extra_defaults` added under defaults: and `index` as the index
 * mapping ("" for none); the dimensions are `dims` (the four pathways when NULL). */
static char *write_config(const char *dir, const char *extra_defaults, const char *index,
                          const char *dims)
{
    char *path = malloc(strlen(dir) + 16);
    ck_assert_ptr_nonnull(path);
    snprintf(path, strlen(dir) + 16, "%s/trial.yaml", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fprintf(f,
            "title: trial\n"
            "regions: {file: %s/cn_province_meta/provinces.csv, id: region, name: name_zh_short}\n"
            "data:\n"
            "  - {file: %s/cn_nbs_digital_2016_2024/long.csv, layout: long}\n"
            "  - {file: %s/cn_sti_yearbook_2010_2023/long.csv, layout: long}\n"
            "years: 2016-2024\n"
            "defaults:\n  weights: entropy\n%s"
            "dimensions:\n%s"
            "%s"
            "analysis: {coupling: {form: standard}}\n"
            "reports:\n  - {plugin: csv, path: tables}\n  - {plugin: markdown, path: report.md%s}\n"
            "%s",
            DATA, DATA, DATA, extra_defaults,
            dims ? dims
                 : "  infrastructure: {}\n  data_market: {}\n  industry_fusion: {}\n"
                   "  institutional: {}\n",
            index, g_md_year, g_more_reports);
    fclose(f);
    return path;
}

typedef struct run_out {
    int rc;
    rc_error err;
    rc_resultset *rs;
    char log[65536];
    char dir[64];
} run_out;

static void run_trial(run_out *o, const char *extra_defaults, const char *index,
                      const char *dims, int validate_only)
{
    memset(o, 0, sizeof *o);
    snprintf(o->dir, sizeof o->dir, "/tmp/rc_cov_real_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(o->dir));
    char *path = write_config(o->dir, extra_defaults, index, dims);
    rc_config *cfg = NULL;
    ck_assert_msg(rc_config_load(path, &cfg, &o->err) == 0, "%s", o->err.msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &o->err), 0);
    FILE *log = tmpfile();
    ck_assert_ptr_nonnull(log);
    char out[128];
    snprintf(out, sizeof out, "%s/out", o->dir);
    rc_run_opts opts = {.out_dir = out, .verbosity = 1, .log = log, .validate_only = validate_only};
    o->rc = rc_run(cfg, reg, &opts, validate_only ? NULL : &o->rs, &o->err);
    rewind(log);
    size_t got = fread(o->log, 1, sizeof o->log - 1, log);
    o->log[got] = '\0';
    fclose(log);
    rc_registry_free(reg);
    rc_config_free(cfg);
    free(path);
}

static void run_free(run_out *o)
{
    rc_resultset_free(o->rs);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", o->dir);
    ck_assert_int_eq(system(cmd), 0);
}

static long col(const struct rc_table *t, const char *name)
{
    long c = rc_table_col(t, name);
    ck_assert_msg(c >= 0, "table %s has no column %s", t->name, name);
    return c;
}

static const char *manifest(const rc_resultset *rs, const char *key)
{
    const struct rc_table *t = rc_table_get(rs, "manifest");
    ck_assert_ptr_nonnull(t);
    for (size_t i = 0; i < t->nrows; i++)
        if (strcmp(rc_table_str(t, i, 0), key) == 0) return rc_table_str(t, i, 1);
    ck_abort_msg("manifest has no key %s", key);
    return NULL;
}

START_TEST(trial_warns_publishes_no_index_without_a_dimension_and_flags_partial_scores)
{
    run_out o;
    run_trial(&o, "", "", NULL, 0);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    /* the year warning names the dimension and the year; the partial count is stated */
    ck_assert_msg(strstr(o.log, "warning: dimension 'institutional' has no data in 2024"), "%s", o.log);
    ck_assert_msg(strstr(o.log, "partial score(s)"), "%s", o.log);
    /* no silent index: every 2024 index is missing, and coverage says why */
    const struct rc_table *ix = rc_table_get(o.rs, "index");
    long cy = col(ix, "year"), cv = col(ix, "index"), cp = col(ix, "partial");
    size_t n2024 = 0, n2023 = 0;
    for (size_t i = 0; i < ix->nrows; i++) {
        if (rc_table_int(ix, i, (size_t)cy) == 2024) {
            ck_assert_msg(isnan(rc_table_num(ix, i, (size_t)cv)), "a 2024 index was published");
            n2024++;
        } else if (rc_table_int(ix, i, (size_t)cy) == 2023) {
            ck_assert(!isnan(rc_table_num(ix, i, (size_t)cv)));
            n2023++;
        }
        (void)rc_table_int(ix, i, (size_t)cp);
    }
    ck_assert_uint_eq(n2024, NREG);
    ck_assert_uint_eq(n2023, NREG);
    const struct rc_table *cov = rc_table_get(o.rs, "coverage");
    ck_assert_ptr_nonnull(cov);
    long kr = col(cov, "region"), ky = col(cov, "year"), kl = col(cov, "level"),
         kd = col(cov, "dimension"), ks = col(cov, "status"), kw = col(cov, "weight_share"),
         kp = col(cov, "indicators_present"), ke = col(cov, "indicators_expected"),
         kwhy = col(cov, "reason");
    /* 9 years × 31 regions × (index + 4 dimensions) */
    ck_assert_uint_eq(cov->nrows, 9 * NREG * 5);
    size_t idx_missing = 0, inst_missing = 0, checked_tibet = 0;
    for (size_t i = 0; i < cov->nrows; i++) {
        if (rc_table_int(cov, i, (size_t)ky) != 2024) continue;
        const char *lvl = rc_table_str(cov, i, (size_t)kl), *dim = rc_table_str(cov, i, (size_t)kd);
        const char *why = rc_table_str(cov, i, (size_t)kwhy);
        if (strcmp(lvl, "index") == 0) {
            ck_assert_str_eq(rc_table_str(cov, i, (size_t)ks), "missing");
            ck_assert_msg(strstr(why, "institutional"), "index reason: %s", why);
            idx_missing++;
        } else if (strcmp(dim, "institutional") == 0) {
            ck_assert_str_eq(rc_table_str(cov, i, (size_t)ks), "missing");
            ck_assert_msg(strstr(why, "no data"), "%s", why);
            ck_assert_int_eq(rc_table_int(cov, i, (size_t)kp), 0);
            inst_missing++;
        } else if (strcmp(dim, "industry_fusion") == 0 &&
                   strcmp(rc_table_str(cov, i, (size_t)kr), "Tibet") == 0) {
            /* the case: 2 of its indicators, about 10 % of the weight */
            ck_assert_str_eq(rc_table_str(cov, i, (size_t)ks), "partial");
            ck_assert_int_eq(rc_table_int(cov, i, (size_t)kp), 2);
            ck_assert_int_gt(rc_table_int(cov, i, (size_t)ke), 2);
            double w = rc_table_num(cov, i, (size_t)kw);
            ck_assert_msg(w > 0.05 && w < 0.2, "Tibet's weight share %g", w);
            ck_assert_msg(strstr(why, "2 of"), "%s", why);
            checked_tibet++;
        }
    }
    ck_assert_uint_eq(idx_missing, NREG);
    ck_assert_uint_eq(inst_missing, NREG);
    ck_assert_uint_eq(checked_tibet, 1);
    /* the scores table flags the same cell */
    const struct rc_table *sc = rc_table_get(o.rs, "scores");
    long sr = col(sc, "region"), sy = col(sc, "year"), sd = col(sc, "dimension"),
         sp = col(sc, "partial");
    size_t flagged = 0;
    for (size_t i = 0; i < sc->nrows; i++)
        if (rc_table_int(sc, i, (size_t)sy) == 2024 &&
            strcmp(rc_table_str(sc, i, (size_t)sr), "Tibet") == 0 &&
            strcmp(rc_table_str(sc, i, (size_t)sd), "industry_fusion") == 0) {
            ck_assert_int_eq(rc_table_int(sc, i, (size_t)sp), 1);
            flagged++;
        }
    ck_assert_uint_eq(flagged, 1);
    /* the manifest counts partial scores and states the report year and why */
    ck_assert_msg(strstr(manifest(o.rs, "partial_scores"), "dimension scores"), "partial_scores");
    ck_assert_str_eq(manifest(o.rs, "report_year"), "2023");
    const char *why = manifest(o.rs, "report_year_reason");
    ck_assert_msg(strstr(why, "2024 (0 of 31)"), "%s", why);
    run_free(&o);
}
END_TEST

/* The markdown report states the chosen year and why; its "largest rise" names a region
 * whose index is not partial in the report year nor the year before. */
START_TEST(trial_report_states_its_year_and_no_headline_rests_on_a_partial_score)
{
    run_out o;
    run_trial(&o, "", "", NULL, 0);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    char path[160];
    snprintf(path, sizeof path, "%s/out/report.md", o.dir);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    static char md[1 << 20];
    size_t n = fread(md, 1, sizeof md - 1, f);
    md[n] = '\0';
    fclose(f);
    ck_assert_msg(strstr(md, "# trial — 2023"), "title year");
    ck_assert_msg(strstr(md, "Report year: 2023") && strstr(md, "latest year whose index exists"),
                  "the year and its reason");
    /* the summary counts the partial scores; the ranking marks the partial entries (Tibet's
     * 2023 index is partial) and says in a footnote what the mark means */
    ck_assert_msg(strstr(md, "- Partial scores (built from fewer than all their indicators): "),
                  "summary partial line");
    const char *rank = strstr(md, "## Index ranking");
    ck_assert_ptr_nonnull(rank);
    const char *marked = strstr(rank, " \\* |");
    ck_assert_msg(marked != NULL, "no partial entry marked in the ranking");
    ck_assert_msg(strstr(rank, "\\* partial: built from fewer than all its indicators"), "footnote");
    const char *rise = strstr(md, "Largest rise in rank: **");
    ck_assert_ptr_nonnull(rise);
    rise += strlen("Largest rise in rank: **");
    char region[64];
    size_t len = strcspn(rise, "*");
    ck_assert_uint_lt(len, sizeof region);
    memcpy(region, rise, len);
    region[len] = '\0';
    /* the report names the region by its display name: back to its id */
    const struct rc_table *rg = rc_table_get(o.rs, "regions");
    ck_assert_ptr_nonnull(rg);
    for (size_t i = 0; i < rg->nrows; i++)
        if (strcmp(rc_table_str(rg, i, (size_t)col(rg, "name")), region) == 0) {
            snprintf(region, sizeof region, "%s", rc_table_str(rg, i, (size_t)col(rg, "region")));
            break;
        }
    const struct rc_table *ix = rc_table_get(o.rs, "index");
    long cr = col(ix, "region"), cy = col(ix, "year"), cp = col(ix, "partial");
    size_t seen = 0, partial_rows = 0;
    for (size_t i = 0; i < ix->nrows; i++) {
        long y = (long)rc_table_int(ix, i, (size_t)cy);
        partial_rows += rc_table_int(ix, i, (size_t)cp) != 0;
        if (y != 2023 && y != 2022) continue;
        if (strcmp(rc_table_str(ix, i, (size_t)cr), region) != 0) continue;
        ck_assert_msg(rc_table_int(ix, i, (size_t)cp) == 0, "headline %s rests on a partial %ld",
                      region, y);
        seen++;
    }
    ck_assert_msg(partial_rows > 0, "the trial has partial index values");
    ck_assert_msg(seen == 2, "%s found %zu times in 2022-2023", region, seen);
    run_free(&o);
}
END_TEST

/* A report entry selecting 2024 (no index at all in the trial) gets a warning naming it. */
START_TEST(selecting_a_report_year_without_an_index_warns)
{
    run_out o;
    run_trial(&o, "", "", NULL, 0);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    ck_assert_msg(!strstr(o.log, "selects year"), "no report selects a year: %s", o.log);
    run_free(&o);
    snprintf(g_md_year, sizeof g_md_year, ", year: 2024");
    run_trial(&o, "", "", NULL, 0);
    g_md_year[0] = '\0';
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    ck_assert_msg(strstr(o.log, "report 2 (markdown) selects year 2024, which has no index for "
                                "any region"), "%s", o.log);
    run_free(&o);
}
END_TEST

START_TEST(trial_validate_gives_the_year_warning_too)
{
    run_out o;
    run_trial(&o, "", "", NULL, 1);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    ck_assert_msg(strstr(o.log, "dimension 'institutional' has no data in 2024"), "%s", o.log);
    run_free(&o);
}
END_TEST

/* `defaults: missing: strict` no longer leaves Beijing's 2024 index as its infrastructure
 * score alone; `index: {missing: available}` asks for the old behaviour explicitly. */
START_TEST(strict_defaults_and_the_index_rule_of_its_own)
{
    run_out o;
    run_trial(&o, "  missing: strict\n", "", NULL, 0);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    const struct rc_table *ix = rc_table_get(o.rs, "index");
    long cr = col(ix, "region"), cy = col(ix, "year"), cv = col(ix, "index");
    size_t n = 0;
    for (size_t i = 0; i < ix->nrows; i++)
        if (rc_table_int(ix, i, (size_t)cy) == 2024) {
            ck_assert_msg(isnan(rc_table_num(ix, i, (size_t)cv)), "%s 2024 has an index",
                          rc_table_str(ix, i, (size_t)cr));
            n++;
        }
    ck_assert_uint_eq(n, NREG);
    run_free(&o);

    run_trial(&o, "", "index: {missing: available}\n", NULL, 0);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    ix = rc_table_get(o.rs, "index");
    cy = col(ix, "year");
    cv = col(ix, "index");
    long cp = col(ix, "partial");
    n = 0;
    for (size_t i = 0; i < ix->nrows; i++)
        if (rc_table_int(ix, i, (size_t)cy) == 2024) {
            ck_assert(!isnan(rc_table_num(ix, i, (size_t)cv)));
            ck_assert_int_eq(rc_table_int(ix, i, (size_t)cp), 1); /* asked for, but flagged */
            n++;
        }
    ck_assert_uint_eq(n, NREG);
    run_free(&o);

    /* min_coverage at the dimension: Tibet's 2024 industry_fusion (about 11 %) is missing */
    run_trial(&o, "  missing: {min_coverage: 0.75}\n", "index: {missing: available}\n", NULL, 0);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    const struct rc_table *cov = rc_table_get(o.rs, "coverage");
    long kr = col(cov, "region"), ky = col(cov, "year"), kd = col(cov, "dimension"),
         ks = col(cov, "status"), kwhy = col(cov, "reason");
    n = 0;
    for (size_t i = 0; i < cov->nrows; i++)
        if (rc_table_int(cov, i, (size_t)ky) == 2024 &&
            strcmp(rc_table_str(cov, i, (size_t)kr), "Tibet") == 0 &&
            strcmp(rc_table_str(cov, i, (size_t)kd), "industry_fusion") == 0) {
            ck_assert_str_eq(rc_table_str(cov, i, (size_t)ks), "missing");
            ck_assert_msg(strstr(rc_table_str(cov, i, (size_t)kwhy), "below min_coverage 0.75"),
                          "%s", rc_table_str(cov, i, (size_t)kwhy));
            n++;
        }
    ck_assert_uint_eq(n, 1);
    run_free(&o);
}
END_TEST

/* dialup_users is observed in 2 of the 9 years: a warning before weighting by default, an
 * error (exit 3, naming it) under strict. */
START_TEST(indicator_observed_in_few_region_years_warns_and_is_an_error_under_strict)
{
    static const char *dims = "  access:\n    plugin: generic\n    indicators:\n"
                              "      broadband_ports: {}\n      dialup_users: {}\n"
                              "  data_market: {}\n";
    run_out o;
    run_trial(&o, "", "", dims, 0);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    ck_assert_msg(strstr(o.log, "indicator 'dialup_users' in dimension 'access' is observed in only"),
                  "%s", o.log);
    const struct rc_table *ic = rc_table_get(o.rs, "indicator_coverage");
    ck_assert_ptr_nonnull(ic);
    long ci = col(ic, "indicator"), cyo = col(ic, "years_observed"), cfy = col(ic, "first_year"),
         cly = col(ic, "last_year");
    size_t n = 0;
    for (size_t i = 0; i < ic->nrows; i++)
        if (strcmp(rc_table_str(ic, i, (size_t)ci), "dialup_users") == 0) {
            ck_assert_int_eq(rc_table_int(ic, i, (size_t)cyo), 2);
            ck_assert_int_eq(rc_table_int(ic, i, (size_t)cfy), 2016);
            ck_assert_int_eq(rc_table_int(ic, i, (size_t)cly), 2017);
            n++;
        }
    ck_assert_uint_eq(n, 1);
    run_free(&o);

    run_trial(&o, "  missing: strict\n", "", dims, 0);
    ck_assert_int_ne(o.rc, 0);
    ck_assert_int_eq(o.err.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(o.err.msg, "dialup_users") && strstr(o.err.msg, "indicator_coverage"),
                  "%s", o.err.msg);
    run_free(&o);
}
END_TEST

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* The html ranking marks exactly the report year's partial index values (the `partial`
 * column) and explains the mark, in English and in Chinese. */
START_TEST(html_ranking_marks_each_partial_index_of_the_report_year_in_both_languages)
{
    snprintf(g_more_reports, sizeof g_more_reports,
             "  - {plugin: html, path: report.html}\n"
             "  - {plugin: html, path: report-zh.html, language: zh}\n");
    run_out o;
    run_trial(&o, "", "", NULL, 0);
    g_more_reports[0] = '\0';
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    const struct rc_table *ix = rc_table_get(o.rs, "index");
    long cy = col(ix, "year"), cp = col(ix, "partial"), cv = col(ix, "index");
    size_t want = 0, rows = 0;
    for (size_t i = 0; i < ix->nrows; i++) {
        if (rc_table_int(ix, i, (size_t)cy) != 2023) continue; /* the report year */
        rows++;
        want += rc_table_int(ix, i, (size_t)cp) != 0 && !isnan(rc_table_num(ix, i, (size_t)cv));
    }
    ck_assert_uint_eq(rows, NREG);
    ck_assert_msg(want > 0, "the trial has partial index values in 2023");
    char path[160];
    static const char *files[2] = {"report.html", "report-zh.html"};
    static const char *notes[2] = {"* partial: built from fewer than all its indicators",
                                   "* 部分得分：未使用全部指标"};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/out/%s", o.dir, files[k]);
        char *html = slurp(path);
        ck_assert_msg(count_of(html, "<sup class=\"partial-mark\">*</sup>") == want,
                      "%s: %zu partial marks, want %zu", files[k],
                      count_of(html, "<sup class=\"partial-mark\">*</sup>"), want);
        ck_assert_msg(strstr(html, notes[k]), "%s: the footnote", files[k]);
        free(html);
    }
    run_free(&o);
}
END_TEST

/* A region whose index is missing in the report year is left out of the ranking chart with
 * a legend entry giving the coverage table's reason (en and zh). */
START_TEST(html_chart_legend_says_why_a_region_has_no_index)
{
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/rc_cov_html_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[160];
    snprintf(path, sizeof path, "%s/panel.csv", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    /* C has no y1 in 2021: dimension Y has no score, so under the index's strict rule C has
     * no 2021 index */
    fputs("region,year,indicator,value\n"
          "A,2020,x1,1\nA,2020,y1,2\nA,2021,x1,2\nA,2021,y1,3\n"
          "B,2020,x1,3\nB,2020,y1,1\nB,2021,x1,4\nB,2021,y1,2\n"
          "C,2020,x1,2\nC,2020,y1,4\nC,2021,x1,5\n", f);
    fclose(f);
    snprintf(path, sizeof path, "%s/cfg.yaml", dir);
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("data: [{file: panel.csv, layout: long}]\n"
          "dimensions:\n  X: {plugin: generic, indicators: {x1: {}}}\n"
          "  Y: {plugin: generic, indicators: {y1: {}}}\n"
          "reports:\n  - {plugin: csv, path: tables}\n"
          "  - {plugin: html, path: en.html, year: 2021}\n"
          "  - {plugin: html, path: zh.html, language: zh, year: 2021}\n",
          f);
    fclose(f);
    rc_config *cfg = NULL;
    rc_error err;
    rc_error_clear(&err);
    ck_assert_msg(rc_config_load(path, &cfg, &err) == 0, "%s", err.msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    FILE *log = tmpfile();
    char out[128];
    snprintf(out, sizeof out, "%s/out", dir);
    rc_run_opts opts = {.out_dir = out, .verbosity = 0, .log = log};
    rc_resultset *rs = NULL;
    ck_assert_msg(rc_run(cfg, reg, &opts, &rs, &err) == 0, "%s", err.msg);
    fclose(log);
    /* the reason the coverage table gives for C's 2021 index */
    const struct rc_table *cv = rc_table_get(rs, "coverage");
    ck_assert_ptr_nonnull(cv);
    const char *why = NULL;
    size_t missing = 0;
    for (size_t i = 0; i < cv->nrows; i++)
        if (rc_table_int(cv, i, (size_t)col(cv, "year")) == 2021 &&
            strcmp(rc_table_str(cv, i, (size_t)col(cv, "level")), "index") == 0 &&
            strcmp(rc_table_str(cv, i, (size_t)col(cv, "status")), "missing") == 0) {
            ck_assert_str_eq(rc_table_str(cv, i, (size_t)col(cv, "region")), "C");
            why = rc_table_str(cv, i, (size_t)col(cv, "reason"));
            missing++;
        }
    ck_assert_uint_eq(missing, 1);
    ck_assert_msg(why && *why, "a reason");
    char want[600];
    static const char *files[2] = {"en.html", "zh.html"};
    static const char *fmt[2] = {"(1) no index in 2021: %s", "(1) 2021 年无综合指数：%s"};
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/%s", out, files[k]);
        char *html = slurp(path);
        const char *chart = strstr(html, "id=\"chart-ranking\"");
        ck_assert_msg(chart != NULL, "%s: the ranking chart", files[k]);
        const char *leg = strstr(chart, "<g class=\"legend missing\">");
        ck_assert_msg(leg != NULL, "%s: the missing legend", files[k]);
        snprintf(want, sizeof want, fmt[k], why);
        /* the reason may hold characters the page escapes; compare up to the first of them */
        size_t plain = strcspn(want, "'\"&<>");
        ck_assert_msg(strncmp(strstr(leg, ">(1) ") + 1, want, plain) == 0,
                      "%s: legend should read '%s'", files[k], want);
        ck_assert_uint_eq(count_of(chart, "<rect class=\"bar\""), 2); /* A and B */
        free(html);
    }
    rc_resultset_free(rs);
    rc_registry_free(reg);
    rc_config_free(cfg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("coverage_real");
    TCase *tc = tcase_create("trial");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, trial_warns_publishes_no_index_without_a_dimension_and_flags_partial_scores);
    tcase_add_test(tc, trial_report_states_its_year_and_no_headline_rests_on_a_partial_score);
    tcase_add_test(tc, trial_validate_gives_the_year_warning_too);
    tcase_add_test(tc, selecting_a_report_year_without_an_index_warns);
    tcase_add_test(tc, strict_defaults_and_the_index_rule_of_its_own);
    tcase_add_test(tc, indicator_observed_in_few_region_years_warns_and_is_an_error_under_strict);
    tcase_add_test(tc, html_ranking_marks_each_partial_index_of_the_report_year_in_both_languages);
    tcase_add_test(tc, html_chart_legend_says_why_a_region_has_no_index);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
