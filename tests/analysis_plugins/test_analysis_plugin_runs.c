/* tests/analysis_plugins/test_analysis_plugin_runs.c — the four spatial analysis plugins
 * (spatial_weights, hotspots, markov, ellipse) in a whole run of run/assessment.yaml: the
 * index there is a per-year affine map of the fixture's v, so the run's `moran`, `hotspots`
 * (z, p, adjusted p), per-year-quantile `markov` and unweighted `ellipse` tables must equal
 * the reference scripts' values of v at 1e-9; plus the spatial_weights rows, the chain
 * summaries and tests, permutation p identical on 1 and 2 threads, and config errors that
 * name the place (an unknown matrix, a key a matrix does not take); and the contiguity
 * kind fed by rook contiguity from polygons (regions.boundaries). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "refdata.h"
#include "results/table.h"

#define RUN REGCOORD_TEST_DATA_DIR "/run/"

#define ck_close(a, b)                                                                    \
    do {                                                                                  \
        double a_ = (a), b_ = (b);                                                        \
        ck_assert_msg(rd_close(a_, b_, 1e-9), "%s = %.17g, expected %.17g", #a, a_, b_); \
    } while (0)

typedef struct run_out {
    int rc;
    rc_error err;
    rc_resultset *rs;
    char dir[64];
} run_out;

/* Runs run/<file> with its `analysis:` section replaced by `analysis` (NULL: as
 * committed). The config is copied beside the run's inputs so relative paths hold. */
static void run_file(run_out *o, const char *file, const char *analysis)
{
    memset(o, 0, sizeof *o);
    snprintf(o->dir, sizeof o->dir, "/tmp/rc_anplug_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(o->dir));
    char path[512];
    snprintf(path, sizeof path, RUN "%s", file);
    char tmpcfg[512];
    if (analysis) {
        FILE *in = fopen(path, "r");
        ck_assert_ptr_nonnull(in);
        snprintf(tmpcfg, sizeof tmpcfg, RUN ".test_%d.yaml", (int)getpid());
        FILE *out = fopen(tmpcfg, "w");
        ck_assert_ptr_nonnull(out);
        char line[1024];
        int skip = 0;
        while (fgets(line, sizeof line, in)) {
            if (strncmp(line, "analysis:", 9) == 0) { skip = 1; fputs(analysis, out); continue; }
            if (skip && strncmp(line, "reports:", 8) == 0) skip = 0;
            if (!skip) fputs(line, out);
        }
        fclose(in);
        fclose(out);
        snprintf(path, sizeof path, "%s", tmpcfg);
    }
    rc_config *cfg = NULL;
    int lr = rc_config_load(path, &cfg, &o->err);
    if (analysis) unlink(path);
    if (lr) { o->rc = -1; return; }
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &o->err), 0);
    FILE *log = tmpfile();
    char out[128];
    snprintf(out, sizeof out, "%s/out", o->dir);
    rc_run_opts opts = {.out_dir = out, .verbosity = 0, .log = log};
    o->rc = rc_run(cfg, reg, &opts, &o->rs, &o->err);
    fclose(log);
    rc_registry_free(reg);
    rc_config_free(cfg);
}

static void run_config(run_out *o, const char *analysis) { run_file(o, "assessment.yaml", analysis); }

static void run_free(run_out *o)
{
    rc_resultset_free(o->rs);
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", o->dir);
    ck_assert_int_eq(system(cmd), 0);
}

static size_t col(const struct rc_table *t, const char *name)
{
    long c = rc_table_col(t, name);
    ck_assert_msg(c >= 0, "table %s has no column %s", t->name, name);
    return (size_t)c;
}

static const struct rc_table *table(const run_out *o, const char *name)
{
    const struct rc_table *t = rc_table_get(o->rs, name);
    ck_assert_msg(t != NULL, "the run made no table %s", name);
    return t;
}

static run_out the_run;
static void setup(void)
{
    run_config(&the_run, NULL);
    ck_assert_msg(the_run.rc == 0, "%s", the_run.err.msg);
}
static void teardown(void) { run_free(&the_run); }

START_TEST(moran_table_equals_spdep_for_every_matrix_and_year)
{
    const struct rc_table *t = table(&the_run, "moran");
    rd_csv *c = rd_csv_read(RD_REF "moran_ref.csv");
    const char *pairs[][2] = {{"I", "I"}, {"EI", "EI"}, {"var_I", "var_rand"}, {"z_I", "z_rand"},
                              {"p_I", "p_rand"}, {"var_I_normality", "var_norm"},
                              {"z_I_normality", "z_norm"}, {"p_I_normality", "p_norm"},
                              {"C", "C"}, {"var_C", "varC_rand"}, {"z_C", "zC_rand"},
                              {"p_C", "pC_rand"}, {"z_C_normality", "zC_norm"},
                              {"p_C_normality", "pC_norm"}};
    size_t checked = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *m = rc_table_str(t, r, col(t, "weights"));
        char yr[8];
        snprintf(yr, sizeof yr, "%lld", (long long)rc_table_int(t, r, col(t, "year")));
        ck_assert_int_eq(rc_table_int(t, r, col(t, "n")), 43);
        for (size_t k = 1; k < c->nrows; k++) {
            if (strcmp(c->cell[k][0], m) || strcmp(c->cell[k][1], yr)) continue;
            for (size_t q = 0; q < 14; q++)
                ck_assert_msg(rd_close(rc_table_num(t, r, col(t, pairs[q][0])),
                                       rd_num(c->cell[k][rd_col(c, pairs[q][1])]), 1e-9),
                              "%s %s %s: %.17g", m, yr, pairs[q][0],
                              rc_table_num(t, r, col(t, pairs[q][0])));
            checked++;
        }
    }
    ck_assert_uint_eq(checked, 6 * RD_YEARS); /* all matrices but knn4_planar */
    rd_csv_free(c);
}
END_TEST

START_TEST(spatial_weights_table_describes_each_matrix_with_its_islands)
{
    const struct rc_table *t = table(&the_run, "spatial_weights");
    ck_assert_uint_eq(t->nrows, 6);
    for (size_t r = 0; r < t->nrows; r++) {
        const char *nm = rc_table_str(t, r, col(t, "name"));
        int64_t isl = rc_table_int(t, r, col(t, "islands")), links = rc_table_int(t, r, col(t, "links"));
        int64_t want_isl = !strcmp(nm, "contiguity") || !strcmp(nm, "idw1_150");
        ck_assert_int_eq(isl, want_isl);
        if (!strcmp(nm, "knn4")) ck_assert_int_eq(links, 43 * 4);
        if (!strcmp(nm, "contiguity")) ck_assert_int_eq(links, 142);
        if (!strcmp(nm, "idw2")) ck_assert_int_eq(links, 43 * 42);
    }
}
END_TEST

START_TEST(hotspots_table_equals_spdep_localG_z_p_and_adjusted_p)
{
    const struct rc_table *t = table(&the_run, "hotspots");
    rd_csv *c = rd_csv_read(RD_REF "hotspots_ref.csv");
    ck_assert_uint_eq(t->nrows, 2 * RD_YEARS * 43);
    size_t checked = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *reg = rc_table_str(t, r, col(t, "region")), *st = rc_table_str(t, r, col(t, "statistic"));
        char yr[8];
        snprintf(yr, sizeof yr, "%lld", (long long)rc_table_int(t, r, col(t, "year")));
        for (size_t k = 1; k < c->nrows; k++) {
            char **row = c->cell[k];
            if (strcmp(row[0], "knn4") || strcmp(row[1], st) || strcmp(row[2], yr) || strcmp(row[3], reg))
                continue;
            double z = rc_table_num(t, r, col(t, "z")), pa = rc_table_num(t, r, col(t, "p_adjusted"));
            ck_close(z, rd_num(row[7]));
            ck_close(rc_table_num(t, r, col(t, "p")), rd_num(row[8]));
            ck_close(pa, rd_num(row[9]));
            double pp = rc_table_num(t, r, col(t, "p_perm"));
            ck_assert(pp >= 1.0 / 200.0 && pp <= 0.5 + 1e-12);
            /* the class follows z and the adjusted p */
            const char *cls = rc_table_str(t, r, col(t, "class"));
            const char *want = pa < 0.01 ? (z > 0 ? "hot 99%" : "cold 99%")
                               : pa < 0.05 ? (z > 0 ? "hot 95%" : "cold 95%")
                               : pa < 0.10 ? (z > 0 ? "hot 90%" : "cold 90%") : "not significant";
            ck_assert_str_eq(cls, want);
            checked++;
        }
    }
    ck_assert_uint_eq(checked, 2 * RD_YEARS * 43);
    rd_csv_free(c);
}
END_TEST

/* the markov_ref.csv value of case "peryear" */
static double mref(const rd_csv *c, const char *q, long i, long j, long step)
{
    char a[24], b[24], s[24];
    snprintf(a, sizeof a, "%ld", i);
    snprintf(b, sizeof b, "%ld", j);
    snprintf(s, sizeof s, "%ld", step);
    const char *key[] = {"peryear", q, "-1", a, b, s};
    return rd_keyed(c, 6, key);
}

START_TEST(markov_tables_equal_numpy_for_per_year_classes)
{
    const struct rc_table *t = table(&the_run, "markov");
    rd_csv *c = rd_csv_read(RD_REF "markov_ref.csv");
    size_t cc = col(t, "chain"), cq = col(t, "quantity"), cf = col(t, "from_class"),
           ct = col(t, "to_class"), cs = col(t, "step"), cv = col(t, "value");
    size_t checked = 0, spatial = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        const char *q = rc_table_str(t, r, cq);
        if (strcmp(rc_table_str(t, r, cc), "classic")) { spatial++; continue; }
        long i = (long)rc_table_int(t, r, cf) - 1, j = (long)rc_table_int(t, r, ct) - 1;
        long s = (long)rc_table_int(t, r, cs);
        double v = rc_table_num(t, r, cv);
        if (!strcmp(q, "count") || !strcmp(q, "probability") || !strcmp(q, "mfpt")) {
            double want = mref(c, q[0] == 'c' ? "count" : q[0] == 'p' ? "prob" : "mfpt", i, j, 0);
            if (isinf(want)) ck_assert(isnan(v));
            else ck_close(v, want);
        } else if (!strcmp(q, "steady_state")) {
            ck_close(v, mref(c, "steady", s - 1, j, 0));
        } else if (!strcmp(q, "power")) {
            ck_close(v, mref(c, "power", i, j, s));
        } else if (!strcmp(q, "projection")) {
            ck_close(v, mref(c, "projection", -1, j, s));
        } else if (!strcmp(q, "cutoff")) {
            continue; /* cut-offs are of the index, not of v */
        } else {
            ck_abort_msg("unexpected quantity %s", q);
        }
        checked++;
    }
    /* 16 counts, 16 probabilities, 4 steady, 16 mfpt, 3 × 16 powers, 3 × 4 projections */
    ck_assert_uint_eq(checked, 16 + 16 + 4 + 16 + 48 + 12);
    ck_assert_uint_gt(spatial, 4 * (16 + 16 + 16 + 48));
    const struct rc_table *s = table(&the_run, "markov_summary");
    ck_assert_uint_eq(s->nrows, 1 + 4); /* classic, and the spatial chain of each lag class */
    ck_assert_str_eq(rc_table_str(s, 0, col(s, "status")), "ergodic");
    ck_assert_int_eq(rc_table_int(s, 0, col(s, "transitions")), 43 * 4);
    const struct rc_table *h = table(&the_run, "markov_tests");
    ck_assert_uint_eq(h->nrows, 2);
    ck_assert_str_eq(rc_table_str(h, 0, col(h, "test")), "Q");
    ck_assert_int_eq(rc_table_int(h, 0, col(h, "transitions")), 42 * 4); /* R43 has no lag */
    ck_assert(rc_table_int(h, 0, col(h, "dof")) > 0);
    const struct rc_table *k = table(&the_run, "markov_classes");
    ck_assert_uint_eq(k->nrows, 43 * RD_YEARS);
    rd_csv_free(c);
}
END_TEST

START_TEST(ellipse_tables_equal_numpy_for_unweighted_lonlat_points)
{
    const struct rc_table *t = table(&the_run, "ellipse");
    rd_csv *c = rd_csv_read(RD_REF "ellipse_ref.csv");
    const char *q[] = {"centre_x", "centre_y", "sigma_major", "sigma_minor", "theta"};
    const char *qa[] = {"area_1", "area_2", "area_3"}, *ca[] = {"area_1sd", "area_2sd", "area_3sd"};
    ck_assert_uint_eq(t->nrows, RD_YEARS);
    for (size_t r = 0; r < t->nrows; r++) { /* unweighted: every year the same points */
        for (size_t k = 0; k < 8; k++) {
            const char *want_q = k < 5 ? q[k] : qa[k - 5], *col_q = k < 5 ? q[k] : ca[k - 5];
            double want = NAN;
            for (size_t i = 1; i < c->nrows; i++)
                if (!strcmp(c->cell[i][0], "lonlat_u") && !strcmp(c->cell[i][2], want_q))
                    want = strtod(c->cell[i][3], NULL);
            ck_close(rc_table_num(t, r, col(t, col_q)), want);
        }
        ck_assert_str_eq(rc_table_str(t, r, col(t, "units")), "km");
        ck_assert_int_eq(rc_table_int(t, r, col(t, "n")), 43);
    }
    const struct rc_table *m = table(&the_run, "ellipse_moves");
    ck_assert_uint_eq(m->nrows, RD_YEARS - 1);
    for (size_t r = 0; r < m->nrows; r++) {
        ck_assert(fabs(rc_table_num(m, r, col(m, "distance"))) < 1e-9); /* the centre stays */
        ck_assert(isnan(rc_table_num(m, r, col(m, "direction"))));
    }
    rd_csv_free(c);
}
END_TEST

/* the p_perm column of a run with the given hotspots threads */
static double *perm_column(const char *threads, size_t *n)
{
    char a[512];
    snprintf(a, sizeof a,
             "analysis:\n  spatial_weights: {matrices: {knn4: {kind: knn, k: 4}}}\n"
             "  hotspots: {permutations: 99, seed: 3, threads: %s}\n", threads);
    run_out o;
    run_config(&o, a);
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    const struct rc_table *t = table(&o, "hotspots");
    *n = t->nrows;
    double *p = calloc(t->nrows, sizeof *p);
    for (size_t r = 0; r < t->nrows; r++) p[r] = rc_table_num(t, r, col(t, "p_perm"));
    run_free(&o);
    return p;
}

START_TEST(hotspot_permutation_p_is_identical_on_one_and_two_threads)
{
    size_t n1, n2;
    double *a = perm_column("1", &n1), *b = perm_column("2", &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert_uint_eq(n1, 2 * RD_YEARS * 43);
    ck_assert_mem_eq(a, b, n1 * sizeof *a);
    free(a);
    free(b);
}
END_TEST

START_TEST(an_unknown_matrix_or_matrix_key_is_refused_with_its_place)
{
    run_out o;
    run_config(&o, "analysis:\n  spatial_weights: {matrices: {knn4: {kind: knn, k: 4}}}\n"
                   "  hotspots: {weights: queen}\n");
    ck_assert_int_ne(o.rc, 0);
    ck_assert_msg(strstr(o.err.msg, "'queen' is not a matrix") && strstr(o.err.msg, "knn4"), "%s",
                  o.err.msg);
    run_free(&o);
    run_config(&o, "analysis:\n  spatial_weights: {matrices: {knn4: {kind: knn, kk: 4}}}\n");
    ck_assert_int_ne(o.rc, 0);
    ck_assert_msg(strstr(o.err.msg, "unknown key 'kk'") && strstr(o.err.msg, ".yaml:"), "%s",
                  o.err.msg);
    run_free(&o);
}
END_TEST

/* h14's boundaries: rook contiguity from the polygons of run/boundaries.geojson gives the
 * pairs of contiguity.csv, so the contiguity matrix and its Moran/Geary rows are the same. */
START_TEST(contiguity_from_rook_polygons_gives_the_adjacency_file_results)
{
    run_out o;
    run_file(&o, "assessment_boundaries.yaml",
             "analysis:\n  spatial_weights: {matrices: {contiguity: {kind: contiguity}}}\n");
    ck_assert_msg(o.rc == 0, "%s", o.err.msg);
    const struct rc_table *w = table(&o, "spatial_weights");
    ck_assert_int_eq(rc_table_int(w, 0, col(w, "links")), 142);
    ck_assert_int_eq(rc_table_int(w, 0, col(w, "islands")), 1);
    const struct rc_table *t = table(&o, "moran");
    rd_csv *c = rd_csv_read(RD_REF "moran_ref.csv");
    ck_assert_uint_eq(t->nrows, RD_YEARS);
    size_t matched = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        char yr[8];
        snprintf(yr, sizeof yr, "%lld", (long long)rc_table_int(t, r, col(t, "year")));
        size_t cI = rd_col(c, "I"), cC = rd_col(c, "C");
        for (size_t k = 1; k < c->nrows; k++) {
            if (strcmp(c->cell[k][0], "contiguity") || strcmp(c->cell[k][1], yr)) continue;
            ck_close(rc_table_num(t, r, col(t, "I")), rd_num(c->cell[k][cI]));
            ck_close(rc_table_num(t, r, col(t, "C")), rd_num(c->cell[k][cC]));
            matched++;
        }
    }
    ck_assert_uint_eq(matched, RD_YEARS);
    rd_csv_free(c);
    run_free(&o);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("analysis_plugin_runs");
    TCase *tc = tcase_create("run");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, moran_table_equals_spdep_for_every_matrix_and_year);
    tcase_add_test(tc, spatial_weights_table_describes_each_matrix_with_its_islands);
    tcase_add_test(tc, hotspots_table_equals_spdep_localG_z_p_and_adjusted_p);
    tcase_add_test(tc, markov_tables_equal_numpy_for_per_year_classes);
    tcase_add_test(tc, ellipse_tables_equal_numpy_for_unweighted_lonlat_points);
    suite_add_tcase(s, tc);
    TCase *t2 = tcase_create("variants");
    tcase_add_test(t2, hotspot_permutation_p_is_identical_on_one_and_two_threads);
    tcase_add_test(t2, an_unknown_matrix_or_matrix_key_is_refused_with_its_place);
    tcase_add_test(t2, contiguity_from_rook_polygons_gives_the_adjacency_file_results);
    suite_add_tcase(s, t2);
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
