/* tests/baseline/test_baseline.c — frozen baselines and compare through the regcoord CLI:
 * with a baseline, adding a year leaves every scores/index/indicators row of the earlier
 * years byte-identical (and without one they change); values beyond the frozen bounds are
 * drift rows; a baseline that does not match the config is a config error naming both;
 * compare reports a known move and rank change, and warns on different methodology. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---------------- helpers ---------------- */

static char *make_tmpdir(void)
{
    char *d = strdup("/tmp/rc_baseline.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(d));
    return d;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)flag; (void)ftw;
    return remove(path);
}

/* Removes a test's folder and frees its name. */
static void rm_tmpdir(char *dir)
{
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

static void write_file(const char *dir, const char *name, const char *text, const char *mode)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, mode);
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *dir, const char *name)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "rb");
    ck_assert_msg(f != NULL, "cannot read %s", p);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_int_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* Runs regcoord in `dir` with the arguments (NULL-terminated); stdout to dir/out.txt, stderr
 * to dir/err.txt. Returns the exit code. */
static int regcoord(const char *dir, const char *const *args)
{
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        if (chdir(dir) != 0) _exit(127);
        int o = open("out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open("err.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (o < 0 || e < 0) _exit(127);
        dup2(o, 1);
        dup2(e, 2);
        char *argv[32];
        int n = 0;
        argv[n++] = (char *)REGCOORD_BIN;
        for (; args[n - 1] && n < 31; n++) argv[n] = (char *)args[n - 1];
        argv[n] = NULL;
        execv(REGCOORD_BIN, argv);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#define RUN(dir, ...) regcoord(dir, (const char *const[]){__VA_ARGS__, NULL})

static void expect_ok(const char *dir, int rc)
{
    if (rc != 0) {
        char *e = read_file(dir, "err.txt");
        ck_abort_msg("regcoord failed (%d): %s", rc, e);
    }
}

/* The lines of a CSV table whose year (second field) is <= max_year, header included. */
static char *rows_upto(const char *csv, int max_year)
{
    char *out = calloc(strlen(csv) + 1, 1);
    const char *p = csv;
    int first = 1;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        const char *c = memchr(p, ',', len);
        int keep = first || (c && atoi(c + 1) <= max_year);
        if (keep) strncat(out, p, len);
        first = 0;
        p += len;
    }
    return out;
}

/* A panel of 4 regions, indicators a, b, c. Rows for 2020–2022, and a 2023 to add. */
static const char *DATA_HEAD = "region,year,indicator,value\n";
static const char *DATA_2020_2022 =
    "R1,2020,a,10\nR2,2020,a,20\nR3,2020,a,30\nR4,2020,a,40\n"
    "R1,2021,a,15\nR2,2021,a,25\nR3,2021,a,35\nR4,2021,a,50\n"
    "R1,2022,a,60\nR2,2022,a,30\nR3,2022,a,20\nR4,2022,a,45\n"
    "R1,2020,b,1\nR2,2020,b,4\nR3,2020,b,2\nR4,2020,b,3\n"
    "R1,2021,b,2\nR2,2021,b,5\nR3,2021,b,1\nR4,2021,b,4\n"
    "R1,2022,b,3\nR2,2022,b,0\nR3,2022,b,2\nR4,2022,b,5\n"
    "R1,2020,c,7\nR2,2020,c,3\nR3,2020,c,5\nR4,2020,c,9\n"
    "R1,2021,c,8\nR2,2021,c,2\nR3,2021,c,6\nR4,2021,c,7\n"
    "R1,2022,c,4\nR2,2022,c,5\nR3,2022,c,8\nR4,2022,c,6\n";
/* a of R1 in 2023 (75) is beyond the 2020–2022 maximum of a (60, R1 2022); b and c stay
 * inside [0, 5] and [2, 9]. */
static const char *DATA_2023 =
    "R1,2023,a,75\nR2,2023,a,35\nR3,2023,a,25\nR4,2023,a,55\n"
    "R1,2023,b,4\nR2,2023,b,1\nR3,2023,b,3\nR4,2023,b,2\n"
    "R1,2023,c,3\nR2,2023,c,6\nR3,2023,c,9\nR4,2023,c,5\n";

/* Entropy weights at every level, so weights move with the data unless frozen. */
static const char *CONFIG =
    "data: [{file: data.csv, layout: long}]\n"
    "defaults: {weights: entropy}\n"
    "dimensions:\n"
    "  A:\n"
    "    plugin: generic\n"
    "    indicators: {a: {}}\n"
    "    components:\n"
    "      S: {indicators: {b: {}}}\n"
    "  B: {plugin: generic, indicators: {c: {direction: \"-\"}}}\n"
    "index: {weights: entropy}\n"
    "reports:\n"
    "  - {plugin: csv, path: tables}\n"
    "  - {plugin: json, path: results.json}\n";

static void write_panel(const char *dir, int with_2023)
{
    write_file(dir, "data.csv", DATA_HEAD, "w");
    write_file(dir, "data.csv", DATA_2020_2022, "a");
    if (with_2023) write_file(dir, "data.csv", DATA_2023, "a");
}

static void sha256_hex(const char *text, char hex[65])
{
    unsigned char d[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_Digest(text, strlen(text), d, &len, EVP_sha256(), NULL);
    for (unsigned i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* ---------------- tests ---------------- */

START_TEST(adding_a_year_leaves_earlier_rows_byte_identical_with_a_baseline_only)
{
    char *dir = make_tmpdir();
    write_file(dir, "cfg.yaml", CONFIG, "w");
    write_panel(dir, 0);
    expect_ok(dir, RUN(dir, "baseline", "cfg.yaml", "-o", "bl.yaml", "-q"));
    char *bl = read_file(dir, "bl.yaml");
    /* a's frozen bounds are its 2020–2022 minimum and maximum, read off the data above */
    ck_assert_msg(strstr(bl, "    indicator: \"a\"\n    normalize: minmax\n    scope: pooled\n"
                             "    # the pooled minimum and maximum, frozen\n    min: 10\n"
                             "    max: 60\n"), "%s", bl);
    ck_assert_ptr_nonnull(strstr(bl, "years: [2020, 2021, 2022]"));
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "--baseline", "bl.yaml", "-o", "with3", "-q"));
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "-o", "free3", "-q"));
    write_panel(dir, 1);
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "--baseline", "bl.yaml", "-o", "with4", "-q"));
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "-o", "free4", "-q"));
    const char *tables[] = {"scores.csv", "index.csv", "indicators.csv"};
    for (size_t i = 0; i < 3; i++) {
        char a[256], b[256];
        snprintf(a, sizeof a, "with3/tables/%s", tables[i]);
        snprintf(b, sizeof b, "with4/tables/%s", tables[i]);
        char *x = read_file(dir, a), *y = read_file(dir, b);
        char *xr = rows_upto(x, 2022), *yr = rows_upto(y, 2022);
        ck_assert_msg(strlen(xr) > 100 && strcmp(xr, x) == 0, "%s: the 3-year run has only years <= 2022", a);
        ck_assert_msg(strcmp(xr, yr) == 0, "%s: rows for 2020-2022 changed with the baseline", tables[i]);
        ck_assert_msg(strlen(y) > strlen(x), "%s: the 4-year run has 2023 rows", b);
        free(x); free(y); free(xr); free(yr);
        /* without the baseline the same rows move: the pooled max of a becomes 75 */
        snprintf(a, sizeof a, "free3/tables/%s", tables[i]);
        snprintf(b, sizeof b, "free4/tables/%s", tables[i]);
        x = read_file(dir, a);
        y = read_file(dir, b);
        xr = rows_upto(x, 2022);
        yr = rows_upto(y, 2022);
        ck_assert_msg(strcmp(xr, yr) != 0, "%s: rows for 2020-2022 should move without a baseline", tables[i]);
        free(x); free(y); free(xr); free(yr);
    }
    /* every weight comes from the baseline */
    char *w = read_file(dir, "with4/tables/weights.csv");
    size_t rows = 0;
    for (char *p = strchr(w, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
        rows++;
        char *end = strchr(p + 1, '\n');
        ck_assert_msg(end && strstr(p + 1, ",baseline,") && strstr(p + 1, ",baseline,") < end,
                      "weights row: %.60s", p + 1);
    }
    ck_assert_int_eq(rows, 6); /* A, B in the index; a, S in A; b in A/S; c in B */
    /* the manifest names the baseline and its hash */
    char *m = read_file(dir, "with4/tables/manifest.csv"), hex[65], want[128];
    sha256_hex(bl, hex);
    snprintf(want, sizeof want, "\nbaseline,bl.yaml sha256:%s\n", hex);
    ck_assert_msg(strstr(m, want), "%s", m);
    free(w); free(m); free(bl); rm_tmpdir(dir);
}
END_TEST

START_TEST(a_value_beyond_the_frozen_max_is_scored_and_listed_as_drift)
{
    char *dir = make_tmpdir();
    write_file(dir, "cfg.yaml", CONFIG, "w");
    write_panel(dir, 0);
    expect_ok(dir, RUN(dir, "baseline", "cfg.yaml", "-o", "bl.yaml", "-q"));
    write_panel(dir, 1);
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "--baseline", "bl.yaml", "-o", "out"));
    char *d = read_file(dir, "out/tables/drift.csv");
    ck_assert_str_eq(d, "region,year,dimension,indicator,value,bound,side,name,label\n"
                        "R1,2023,A,a,75,60,above,R1,a\n");
    char *e = read_file(dir, "err.txt");
    ck_assert_msg(strstr(e, "warning: indicator 'a' in dimension 'A': 1 value(s) beyond the "
                            "baseline's bounds [10, 60]"), "%s", e);
    /* scored, not clipped: minmax on the frozen [10, 60] gives (75 − 10) / 50 = 1.3 */
    char *ind = read_file(dir, "out/tables/indicators.csv");
    ck_assert_msg(strstr(ind, "\nR1,2023,A,A,a,1,75,75,1.3,"), "%s", ind);
    free(d); free(e); free(ind); rm_tmpdir(dir);
}
END_TEST

START_TEST(clip_true_clips_values_to_the_frozen_bounds)
{
    char *dir = make_tmpdir();
    char cfg[2048];
    snprintf(cfg, sizeof cfg, "%s", CONFIG);
    char *p = strstr(cfg, "indicators: {a: {}}");
    ck_assert_ptr_nonnull(p);
    const char *rest = strstr(CONFIG, "indicators: {a: {}}") + strlen("indicators: {a: {}}");
    snprintf(p, sizeof cfg - (size_t)(p - cfg), "indicators: {a: {normalize: {method: minmax, clip: true}}}%s", rest);
    write_file(dir, "cfg.yaml", cfg, "w");
    write_panel(dir, 0);
    expect_ok(dir, RUN(dir, "baseline", "cfg.yaml", "-o", "bl.yaml", "-q"));
    write_panel(dir, 1);
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "--baseline", "bl.yaml", "-o", "out", "-q"));
    char *ind = read_file(dir, "out/tables/indicators.csv");
    ck_assert_msg(strstr(ind, "\nR1,2023,A,A,a,1,75,75,1,"), "%s", ind); /* clipped to 60 → 1 */
    char *d = read_file(dir, "out/tables/drift.csv");
    ck_assert_ptr_nonnull(strstr(d, "R1,2023,A,a,75,60,above"));
    free(ind); free(d); rm_tmpdir(dir);
}
END_TEST

START_TEST(a_baseline_that_does_not_match_the_config_is_a_config_error_naming_both)
{
    char *dir = make_tmpdir();
    write_file(dir, "cfg.yaml", CONFIG, "w");
    write_panel(dir, 0);
    expect_ok(dir, RUN(dir, "baseline", "cfg.yaml", "-o", "bl.yaml", "-q"));
    /* an indicator the baseline does not have */
    char cfg[2048];
    snprintf(cfg, sizeof cfg, "%s", CONFIG);
    char *p = strstr(cfg, "indicators: {c: {direction: \"-\"}}");
    ck_assert_ptr_nonnull(p);
    const char *tail = strstr(CONFIG, "indicators: {c: {direction: \"-\"}}") + strlen("indicators: {c: {direction: \"-\"}}");
    snprintf(p, sizeof cfg - (size_t)(p - cfg), "indicators: {c: {direction: \"-\"}, d: {series: c}}%s", tail);
    write_file(dir, "extra.yaml", cfg, "w");
    ck_assert_int_eq(RUN(dir, "run", "extra.yaml", "--baseline", "bl.yaml", "-o", "o1"), 2);
    char *e = read_file(dir, "err.txt");
    ck_assert_msg(strstr(e, "'d'") && strstr(e, "extra.yaml") && strstr(e, "bl.yaml"), "%s", e);
    free(e);
    /* a baseline indicator the config lacks (component S and its b removed) */
    snprintf(cfg, sizeof cfg, "%s", CONFIG);
    p = strstr(cfg, "    components:\n      S: {indicators: {b: {}}}\n");
    ck_assert_ptr_nonnull(p);
    memmove(p, p + strlen("    components:\n      S: {indicators: {b: {}}}\n"),
            strlen(p + strlen("    components:\n      S: {indicators: {b: {}}}\n")) + 1);
    write_file(dir, "fewer.yaml", cfg, "w");
    ck_assert_int_eq(RUN(dir, "run", "fewer.yaml", "--baseline", "bl.yaml", "-o", "o2"), 2);
    e = read_file(dir, "err.txt");
    ck_assert_msg(strstr(e, "'b' of 'A/S'") && strstr(e, "fewer.yaml") && strstr(e, "bl.yaml"), "%s", e);
    free(e);
    /* the same through `baseline:` in the config */
    snprintf(cfg, sizeof cfg, "%sbaseline: bl.yaml\n", CONFIG);
    write_file(dir, "cfgbl.yaml", cfg, "w");
    expect_ok(dir, RUN(dir, "run", "cfgbl.yaml", "-o", "o3", "-q"));
    char *w = read_file(dir, "o3/tables/weights.csv");
    ck_assert_ptr_nonnull(strstr(w, "dimension,index,A,all,"));
    ck_assert_ptr_nonnull(strstr(w, ",baseline,"));
    free(w);
    /* not a baseline at all */
    write_file(dir, "junk.yaml", "title: not a baseline\n", "w");
    ck_assert_int_eq(RUN(dir, "run", "cfg.yaml", "--baseline", "junk.yaml", "-o", "o4"), 2);
    e = read_file(dir, "err.txt");
    ck_assert_msg(strstr(e, "junk.yaml:1:1") && strstr(e, "regcoord_baseline"), "%s", e);
    free(e);
    rm_tmpdir(dir);
}
END_TEST

/* One indicator, equal weights, minmax pooled: the index is 100 (x − 10) / (50 − 10). */
static const char *SMALL_CONFIG =
    "data: [{file: data.csv, layout: long}]\n"
    "dimensions: {D: {plugin: generic, indicators: {x: {}}}}\n"
    "reports: [{plugin: json, path: results.json}]\n";

START_TEST(compare_reports_a_regions_move_and_its_rank_change)
{
    char *dir = make_tmpdir();
    write_file(dir, "cfg.yaml", SMALL_CONFIG, "w");
    write_file(dir, "data.csv", "region,year,indicator,value\n"
                                "R1,2020,x,10\nR2,2020,x,20\nR3,2020,x,30\nR4,2020,x,40\n"
                                "R1,2021,x,15\nR2,2021,x,25\nR3,2021,x,35\nR4,2021,x,50\n", "w");
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "-o", "old", "-q"));
    /* R1's 2021 value 15 → 45: the pooled min (10) and max (50) stay, so by hand
     * old R1 2021 = 100·5/40 = 12.5 (rank 4 of 15, 25, 35, 50), new = 100·35/40 = 87.5
     * (rank 2 of 45, 25, 35, 50): change +75, rank change 4 − 2 = +2; R3 (35) falls from
     * rank 2 to 3 and R2 (25) from 3 to 4 with unchanged scores. */
    write_file(dir, "data.csv", "region,year,indicator,value\n"
                                "R1,2020,x,10\nR2,2020,x,20\nR3,2020,x,30\nR4,2020,x,40\n"
                                "R1,2021,x,45\nR2,2021,x,25\nR3,2021,x,35\nR4,2021,x,50\n", "w");
    expect_ok(dir, RUN(dir, "run", "cfg.yaml", "-o", "new", "-q"));
    expect_ok(dir, RUN(dir, "compare", "old/results.json", "new/results.json"));
    char *o = read_file(dir, "out.txt");
    ck_assert_msg(!strstr(o, "WARNING"), "same methodology: %s", o);
    ck_assert_msg(strstr(o, "index: 3 of 8 region-years moved"), "%s", o);
    const char *h = strstr(o, "index: ");
    const char *r1 = strstr(h, "\n  R1 ");
    ck_assert_ptr_nonnull(r1);
    char reg[8], old[16], nw[16], ch[16], rc[16];
    int year, orank, nrank;
    ck_assert_int_eq(sscanf(r1, " %7s %d %15s %15s %15s %d %d %15s", reg, &year, old, nw, ch,
                            &orank, &nrank, rc), 8);
    ck_assert_int_eq(year, 2021);
    ck_assert_str_eq(old, "12.500"); /* compare prints 3 decimals */
    ck_assert_str_eq(nw, "87.500");
    ck_assert_str_eq(ch, "+75.000");
    ck_assert_int_eq(orank, 4);
    ck_assert_int_eq(nrank, 2);
    ck_assert_str_eq(rc, "+2");
    /* largest move first: R1 is the first data row of the index table */
    const char *first = strchr(strchr(h, '\n') + 1, '\n') + 1;
    ck_assert_ptr_eq(first - 1, r1);
    const char *r3 = strstr(h, "\n  R3 ");
    ck_assert_ptr_nonnull(r3);
    ck_assert_int_eq(sscanf(r3, " %7s %d %15s %15s %15s %d %d %15s", reg, &year, old, nw, ch,
                            &orank, &nrank, rc), 8);
    ck_assert_str_eq(ch, "0.000");
    ck_assert_int_eq(orank, 2);
    ck_assert_int_eq(nrank, 3);
    ck_assert_str_eq(rc, "-1");
    /* the data hash is the manifest entry that differs */
    ck_assert_ptr_nonnull(strstr(o, "  data_sha256\n"));
    free(o);
    /* --year 2020: nothing moved; --top 1 shows one row */
    expect_ok(dir, RUN(dir, "compare", "old/results.json", "new/results.json", "--year", "2020"));
    o = read_file(dir, "out.txt");
    ck_assert_msg(strstr(o, "index: 0 of 4 region-years moved\n"), "%s", o);
    free(o);
    expect_ok(dir, RUN(dir, "compare", "old/results.json", "new/results.json", "--top", "1"));
    o = read_file(dir, "out.txt");
    ck_assert_msg(strstr(o, "index: 3 of 8 region-years moved, largest first (--top)"), "%s", o);
    ck_assert_ptr_null(strstr(strstr(o, "index: "), "\n  R3 2021"));
    free(o);
    rm_tmpdir(dir);
}
END_TEST

START_TEST(compare_warns_when_the_methodology_differs_and_rejects_bad_input)
{
    char *dir = make_tmpdir();
    write_panel(dir, 0);
    char cfg[2048];
    snprintf(cfg, sizeof cfg, "%s", CONFIG);
    write_file(dir, "entropy.yaml", cfg, "w");
    char *p = strstr(cfg, "defaults: {weights: entropy}\n");
    memcpy(p, "defaults: {weights: equal}  \n", strlen("defaults: {weights: entropy}\n"));
    write_file(dir, "equal.yaml", cfg, "w");
    expect_ok(dir, RUN(dir, "run", "entropy.yaml", "-o", "e", "-q"));
    expect_ok(dir, RUN(dir, "run", "equal.yaml", "-o", "q", "-q"));
    expect_ok(dir, RUN(dir, "compare", "e/results.json", "q/results.json"));
    char *o = read_file(dir, "out.txt");
    const char *w = strstr(o, "\nWARNING: ");
    ck_assert_msg(w && strstr(w, "method:weights (entropy -> equal)"), "%s", o);
    free(o);
    /* same file twice: nothing moved, no warning, and output is the same each time */
    expect_ok(dir, RUN(dir, "compare", "e/results.json", "e/results.json"));
    o = read_file(dir, "out.txt");
    ck_assert_ptr_null(strstr(o, "WARNING"));
    ck_assert_ptr_nonnull(strstr(o, "index: 0 of 12 region-years moved\n"));
    expect_ok(dir, RUN(dir, "compare", "e/results.json", "e/results.json"));
    char *o2 = read_file(dir, "out.txt");
    ck_assert_str_eq(o, o2);
    free(o); free(o2);
    write_file(dir, "notjson.json", "{\"tables\": [", "w");
    ck_assert_int_eq(RUN(dir, "compare", "e/results.json", "notjson.json"), 2);
    ck_assert_int_eq(RUN(dir, "compare", "e/results.json", "missing.json"), 2);
    ck_assert_int_eq(RUN(dir, "compare", "e/results.json"), 2);
    write_file(dir, "other.json", "{\"tables\": {}}", "w");
    ck_assert_int_eq(RUN(dir, "compare", "e/results.json", "other.json"), 2);
    rm_tmpdir(dir);
}
END_TEST

START_TEST(baseline_refuses_rank_normalisation_over_the_pooled_panel)
{
    char *dir = make_tmpdir();
    write_panel(dir, 0);
    char cfg[2048];
    snprintf(cfg, sizeof cfg, "%s", CONFIG);
    char *p = strstr(cfg, "defaults: {weights: entropy}\n");
    memcpy(p, "defaults: {normalize: rank} \n", strlen("defaults: {weights: entropy}\n"));
    write_file(dir, "rank.yaml", cfg, "w");
    ck_assert_int_eq(RUN(dir, "baseline", "rank.yaml", "-o", "bl.yaml"), 2);
    char *e = read_file(dir, "err.txt");
    ck_assert_msg(strstr(e, "rank") && strstr(e, "per_year"), "%s", e);
    char bp[1024];
    snprintf(bp, sizeof bp, "%s/bl.yaml", dir);
    ck_assert_int_eq(access(bp, F_OK), -1); /* nothing written */
    free(e);
    rm_tmpdir(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("baseline");
    TCase *tc = tcase_create("baseline");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, adding_a_year_leaves_earlier_rows_byte_identical_with_a_baseline_only);
    tcase_add_test(tc, a_value_beyond_the_frozen_max_is_scored_and_listed_as_drift);
    tcase_add_test(tc, clip_true_clips_values_to_the_frozen_bounds);
    tcase_add_test(tc, a_baseline_that_does_not_match_the_config_is_a_config_error_naming_both);
    tcase_add_test(tc, compare_reports_a_regions_move_and_its_rank_change);
    tcase_add_test(tc, compare_warns_when_the_methodology_differs_and_rejects_bad_input);
    tcase_add_test(tc, baseline_refuses_rank_normalisation_over_the_pooled_panel);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
