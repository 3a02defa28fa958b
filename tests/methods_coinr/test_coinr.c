/* tests/methods_coinr/test_coinr.c — COINr's composite-indicator convention reproduced by
 * a regcoord config (asem_coinr.yaml) on COINr's own ASEM example data: the run in process
 * against a hand implementation of the convention written here from the two CSVs
 * (denominate, multiply by the direction, min-max to [0, 100], available-case weighted
 * means by level with iMeta's weights, ranks with ties sharing the lowest rank), plus
 * invariants of the run. Pipeline B of COINr's documentation adds, after denominating,
 * imputation by the EurAsia_group mean and COINr's outlier treatment (winsorise up to 5
 * distinct points while |skew| ≥ 2 and kurtosis ≥ 3.5, else log_CT of the column), also
 * written by hand here. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "data/csv.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

#define ASEM REGCOORD_SHARED_DIR "/data/asem_coinr"
#define CONFIG REGCOORD_TEST_DATA_DIR "/asem_coinr.yaml"

enum { MAXU = 64, MAXI = 64, MAXA = 16 };

/* ---------------- the hand implementation ---------------- */

typedef struct node {
    char code[32], parent[32];
    int level;       /* 1 indicator, 2 pillar, 3 sub-index, 4 index */
    int direction;
    double weight;
    char denom[32];  /* "" = none */
    double v[MAXU];  /* indicator: normalised; aggregate: score */
} node;

static node N[MAXI + MAXA];
static size_t NN, NU;
static char UNIT[MAXU][8];
/* pipeline B's treatment outcome per indicator: 0 none, 1 winsorised, 2 log */
static int TREATED[MAXI + MAXA];

/* Excel's SKEW and KURT, over the present values (COINr's skew() and kurt(), type 2) */
static void moments(const double *x, size_t n, double *skew, double *kurt)
{
    double m = 0, s2 = 0, s3 = 0, s4 = 0, k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) m += x[i], k++;
    m /= k;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) s2 += (x[i] - m) * (x[i] - m);
    double sd = sqrt(s2 / (k - 1));
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) {
            double z = (x[i] - m) / sd;
            s3 += z * z * z;
            s4 += z * z * z * z;
        }
    *skew = k / ((k - 1) * (k - 2)) * s3;
    *kurt = k * (k + 1) / ((k - 1) * (k - 2) * (k - 3)) * s4 - 3 * (k - 1) * (k - 1) / ((k - 2) * (k - 3));
}

static int fails(const double *x, size_t n)
{
    double sk, ku;
    moments(x, n, &sk, &ku);
    return fabs(sk) >= 2 && ku >= 3.5;
}

/* COINr's winsorise(winmax = 5) then log_CT: while the column fails and fewer than 5
 * distinct points have been moved (nwin = the points tied at the extreme of the latest
 * high step plus those of the latest low step), the extreme (all its ties) takes the next
 * value inward; still failing: ln(x − min + 0.01 (max − min)) of the column as it came
 * (regcoord mirrors that form for a negative skew, docs/methods.md). */
static int hand_treat(double *x, size_t n)
{
    if (!fails(x, n)) return 0;
    double w[MAXU], sk, ku;
    memcpy(w, x, n * sizeof *w);
    size_t nhi = 0, nlo = 0;
    while (fails(w, n) && nhi + nlo < 5) {
        moments(w, n, &sk, &ku);
        int high = sk >= 0;
        double ext = high ? -INFINITY : INFINITY, next = high ? -INFINITY : INFINITY;
        for (size_t i = 0; i < n; i++)
            if (!isnan(w[i]) && (high ? w[i] > ext : w[i] < ext)) ext = w[i];
        size_t ties = 0;
        for (size_t i = 0; i < n; i++) {
            if (isnan(w[i])) continue;
            if (w[i] == ext) ties++;
            else if (high ? w[i] > next : w[i] < next) next = w[i];
        }
        for (size_t i = 0; i < n; i++)
            if (w[i] == ext) w[i] = next;
        if (high) nhi = ties;
        else nlo = ties;
    }
    if (!fails(w, n)) {
        memcpy(x, w, n * sizeof *w);
        return 1;
    }
    double lo = INFINITY, hi = -INFINITY;
    moments(x, n, &sk, &ku);
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) lo = fmin(lo, x[i]), hi = fmax(hi, x[i]);
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]))
            x[i] = sk >= 0 ? log(x[i] - lo + 0.01 * (hi - lo)) : -log(hi - x[i] + 0.01 * (hi - lo));
    return 2;
}

static double cell(const char *s)
{
    if (!*s || strcmp(s, "NA") == 0) return NAN;
    char *end;
    double v = strtod(s, &end);
    ck_assert_msg(*end == 0, "not a number: '%s'", s);
    return v;
}

static long col(const rc_csv *c, const char *name)
{
    for (size_t j = 0; j < c->header.n; j++)
        if (strcmp(c->header.fields[j], name) == 0) return (long)j;
    ck_abort_msg("no column %s", name);
    return -1;
}

static node *find(const char *code)
{
    for (size_t i = 0; i < NN; i++)
        if (strcmp(N[i].code, code) == 0) return &N[i];
    return NULL;
}

/* COINr's a_amean with na.rm: Σ w x / Σ w over the children present. */
static void aggregate_level(int level)
{
    for (size_t a = 0; a < NN; a++) {
        if (N[a].level != level) continue;
        for (size_t u = 0; u < NU; u++) {
            double sw = 0, swx = 0;
            for (size_t c = 0; c < NN; c++) {
                if (N[c].level != level - 1 || strcmp(N[c].parent, N[a].code) != 0) continue;
                if (isnan(N[c].v[u])) continue;
                sw += N[c].weight;
                swx += N[c].weight * N[c].v[u];
            }
            N[a].v[u] = sw > 0 ? swx / sw : NAN;
        }
    }
}

static void hand_coinr(int pipeline_b)
{
    rc_error err;
    rc_csv *meta = NULL, *data = NULL;
    ck_assert_msg(rc_csv_read(ASEM "/ASEM_iMeta.csv", &meta, &err) == 0, "%s", err.msg);
    ck_assert_msg(rc_csv_read(ASEM "/ASEM_iData.csv", &data, &err) == 0, "%s", err.msg);
    long cl = col(meta, "Level"), cc = col(meta, "iCode"), cd = col(meta, "Direction"),
         cw = col(meta, "Weight"), cden = col(meta, "Denominator"), cp = col(meta, "Parent");
    NN = 0;
    for (size_t r = 0; r < meta->n_rows; r++) {
        char **f = meta->rows[r].fields;
        if (strcmp(f[cl], "NA") == 0) continue; /* groups and denominators */
        node *n = &N[NN++];
        ck_assert(NN <= MAXI + MAXA);
        memset(n, 0, sizeof *n);
        n->level = atoi(f[cl]);
        snprintf(n->code, sizeof n->code, "%s", f[cc]);
        snprintf(n->parent, sizeof n->parent, "%s", strcmp(f[cp], "NA") ? f[cp] : "");
        n->direction = atoi(f[cd]);
        n->weight = cell(f[cw]);
        snprintf(n->denom, sizeof n->denom, "%s", strcmp(f[cden], "NA") ? f[cden] : "");
    }
    NU = data->n_rows;
    ck_assert(NU <= MAXU);
    long cu = col(data, "uCode"), cg = col(data, "EurAsia_group");
    for (size_t u = 0; u < NU; u++) snprintf(UNIT[u], sizeof UNIT[u], "%s", data->rows[u].fields[cu]);
    for (size_t i = 0; i < NN; i++) {
        node *n = &N[i];
        if (n->level != 1) continue;
        long cx = col(data, n->code), cdn = n->denom[0] ? col(data, n->denom) : -1;
        double x[MAXU], lo = INFINITY, hi = -INFINITY;
        for (size_t u = 0; u < NU; u++) {
            double v = cell(data->rows[u].fields[cx]);
            if (cdn >= 0) v /= cell(data->rows[u].fields[cdn]);   /* Denominate */
            x[u] = v;
        }
        if (pipeline_b) {
            double y[MAXU];                                        /* Impute: i_mean_grp */
            for (size_t u = 0; u < NU; u++) {
                y[u] = x[u];
                if (!isnan(x[u])) continue;
                double sum = 0, cnt = 0;
                for (size_t q = 0; q < NU; q++)
                    if (!isnan(x[q]) && strcmp(data->rows[q].fields[cg], data->rows[u].fields[cg]) == 0)
                        sum += x[q], cnt++;
                if (cnt > 0) y[u] = sum / cnt;
            }
            memcpy(x, y, NU * sizeof *x);
            TREATED[i] = hand_treat(x, NU);                        /* Treat */
        }
        for (size_t u = 0; u < NU; u++) {
            x[u] *= n->direction;                                  /* directions first */
            if (!isnan(x[u])) {
                lo = fmin(lo, x[u]);
                hi = fmax(hi, x[u]);
            }
        }
        for (size_t u = 0; u < NU; u++)                            /* n_minx, l_u = [0, 100] */
            n->v[u] = isnan(x[u]) ? NAN : (x[u] - lo) / (hi - lo) * 100 + 0;
    }
    for (int level = 2; level <= 4; level++) aggregate_level(level);
    rc_csv_free(meta);
    rc_csv_free(data);
}

/* R's rank(-x, ties.method = "min"), NA unranked (0). */
static long hand_rank(const double *v, size_t n, size_t u)
{
    if (isnan(v[u])) return 0;
    long r = 1;
    for (size_t q = 0; q < n; q++)
        if (!isnan(v[q]) && v[q] > v[u]) r++;
    return r;
}

/* ---------------- the run ---------------- */

static rc_resultset *RS;

/* Pipeline B's config: asem_coinr.yaml with imputation by EurAsia_group mean and COINr's
 * default treatment added to its defaults, its data paths made absolute, in `dir`. */
static void write_pipeline_b(const char *dir, char *path, size_t size)
{
    FILE *f = fopen(CONFIG, "r");
    ck_assert_ptr_nonnull(f);
    static char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    snprintf(path, size, "%s/asem_pipeline_b.yaml", dir);
    FILE *o = fopen(path, "w");
    ck_assert_ptr_nonnull(o);
    size_t edits = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char *rel = strstr(line, "../../../shared");
        if (rel) {
            *rel = 0;
            fprintf(o, "%s%s%s\n", line, REGCOORD_SHARED_DIR, rel + strlen("../../../shared"));
            edits++;
            continue;
        }
        fprintf(o, "%s\n", line);
        if (strcmp(line, "  missing: available") == 0) {
            fprintf(o, "  impute: {method: group_mean, group: EurAsia_group}\n"
                       "  treat: {method: winsorise, max_points: 5, skew: 2, kurtosis: 3.5}\n");
            edits++;
        }
    }
    fclose(o);
    ck_assert_uint_eq(edits, 3); /* two data paths, one defaults block */
}

static int g_pipeline_b;

static void run_config(void)
{
    if (RS) return;
    rc_error err;
    rc_config *cfg = NULL;
    char tdir[] = "/tmp/rc_coinr_b_XXXXXX", bpath[256];
    if (g_pipeline_b) {
        ck_assert_ptr_nonnull(mkdtemp(tdir));
        write_pipeline_b(tdir, bpath, sizeof bpath);
    }
    ck_assert_msg(rc_config_load(g_pipeline_b ? bpath : CONFIG, &cfg, &err) == 0, "%s", err.msg);
    if (g_pipeline_b) {
        unlink(bpath);
        rmdir(tdir);
    }
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    char tmpl[] = "/tmp/rc_coinr_XXXXXX";
    char *out = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(out);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = out, .verbosity = 1, .log = devnull};
    int rc = rc_run(cfg, reg, &o, &RS, &err);
    fclose(devnull);
    rc_registry_free(reg);
    rc_config_free(cfg);
    rmdir(out);
    ck_assert_msg(rc == 0, "%s", err.msg);
}

static void same(double got, double want, const char *what, const char *unit)
{
    if (isnan(want)) {
        ck_assert_msg(isnan(got), "%s %s: got %.17g, want missing", what, unit, got);
        return;
    }
    ck_assert_msg(fabs(got - want) <= 1e-9 * fmax(1.0, fabs(want)), "%s %s: got %.17g, want %.17g",
                  what, unit, got, want);
}

static void setup(void)
{
    g_pipeline_b = 0;
    hand_coinr(0);
    run_config();
}

static void setup_b(void)
{
    g_pipeline_b = 1;
    hand_coinr(1);
    run_config();
}

static void teardown(void)
{
    rc_resultset_free(RS);
    RS = NULL;
}

static const struct rc_table *table(const char *name)
{
    const struct rc_table *t = rc_table_get(RS, name);
    ck_assert_msg(t != NULL, "no table %s", name);
    return t;
}

START_TEST(the_config_mirrors_imeta_directions_denominators_and_hierarchy)
{
    const struct rc_table *ti = table("indicators");
    long cd = rc_table_col(ti, "dimension"), cc = rc_table_col(ti, "component"),
         ci = rc_table_col(ti, "indicator"), cdir = rc_table_col(ti, "direction"),
         craw = rc_table_col(ti, "raw"), cval = rc_table_col(ti, "value");
    size_t n_ind = 0;
    for (size_t i = 0; i < NN; i++) n_ind += N[i].level == 1;
    ck_assert_uint_eq(n_ind, 49);
    ck_assert_uint_eq(NU, 51);
    ck_assert_uint_eq(ti->nrows, n_ind * NU);
    size_t n_denominated = 0;
    for (size_t r = 0; r < ti->nrows; r++) {
        const node *n = find(rc_table_str(ti, r, (size_t)ci));
        ck_assert_ptr_nonnull(n);
        ck_assert_int_eq(n->level, 1);
        const node *pillar = find(n->parent);
        ck_assert_str_eq(rc_table_str(ti, r, (size_t)cd), pillar->parent);
        char path[80];
        snprintf(path, sizeof path, "%s/%s", pillar->parent, pillar->code);
        ck_assert_str_eq(rc_table_str(ti, r, (size_t)cc), path);
        ck_assert_int_eq(rc_table_int(ti, r, (size_t)cdir), n->direction);
        double raw = rc_table_num(ti, r, (size_t)craw), val = rc_table_num(ti, r, (size_t)cval);
        if (n->denom[0] && !isnan(raw)) {
            ck_assert(val != raw || raw == 0); /* divided (0 / d = 0) */
            n_denominated++;
        } else if (!n->denom[0]) {
            ck_assert(val == raw || (isnan(val) && isnan(raw)));
        }
    }
    ck_assert_uint_gt(n_denominated, 0);
}
END_TEST

START_TEST(normalised_indicators_equal_the_hand_computation)
{
    const struct rc_table *ti = table("indicators");
    long cr = rc_table_col(ti, "region"), ci = rc_table_col(ti, "indicator"),
         cn = rc_table_col(ti, "normalised");
    size_t missing = 0;
    for (size_t r = 0; r < ti->nrows; r++) {
        const char *unit = rc_table_str(ti, r, (size_t)cr);
        const node *n = find(rc_table_str(ti, r, (size_t)ci));
        size_t u = 0;
        while (u < NU && strcmp(UNIT[u], unit) != 0) u++;
        ck_assert_uint_lt(u, NU);
        double got = rc_table_num(ti, r, (size_t)cn);
        same(got, n->v[u], n->code, unit);
        missing += isnan(got);
    }
    /* the data's missing cells (README: 63 indicator cells) stay missing */
    ck_assert_uint_ge(missing, 63);
    /* invariant: each indicator spans exactly [0, 100] */
    for (size_t i = 0; i < NN; i++) {
        if (N[i].level != 1) continue;
        double lo = INFINITY, hi = -INFINITY;
        for (size_t u = 0; u < NU; u++)
            if (!isnan(N[i].v[u])) lo = fmin(lo, N[i].v[u]), hi = fmax(hi, N[i].v[u]);
        ck_assert_msg(lo == 0 && hi == 100, "%s spans [%g, %g]", N[i].code, lo, hi);
    }
}
END_TEST

START_TEST(sub_index_and_index_scores_and_ranks_equal_the_hand_computation)
{
    const struct rc_table *ts = table("scores"), *tx = table("index");
    long cr = rc_table_col(ts, "region"), cd = rc_table_col(ts, "dimension"),
         cs = rc_table_col(ts, "score"), ck = rc_table_col(ts, "rank");
    ck_assert_uint_eq(ts->nrows, 2 * NU);
    for (size_t r = 0; r < ts->nrows; r++) {
        const char *unit = rc_table_str(ts, r, (size_t)cr);
        const node *n = find(rc_table_str(ts, r, (size_t)cd));
        ck_assert_int_eq(n->level, 3);
        size_t u = 0;
        while (u < NU && strcmp(UNIT[u], unit) != 0) u++;
        ck_assert_uint_lt(u, NU);
        same(rc_table_num(ts, r, (size_t)cs), n->v[u], n->code, unit);
        ck_assert_int_eq(rc_table_int(ts, r, (size_t)ck), hand_rank(n->v, NU, u));
    }
    const node *idx = find("Index");
    long xr = rc_table_col(tx, "region"), xs = rc_table_col(tx, "index"), xk = rc_table_col(tx, "rank");
    ck_assert_uint_eq(tx->nrows, NU);
    long rank_sum = 0;
    for (size_t r = 0; r < tx->nrows; r++) {
        const char *unit = rc_table_str(tx, r, (size_t)xr);
        size_t u = 0;
        while (u < NU && strcmp(UNIT[u], unit) != 0) u++;
        ck_assert_uint_lt(u, NU);
        double got = rc_table_num(tx, r, (size_t)xs);
        same(got, idx->v[u], "Index", unit);
        ck_assert(got > 0 && got < 100);
        long k = rc_table_int(tx, r, (size_t)xk);
        ck_assert_int_eq(k, hand_rank(idx->v, NU, u));
        rank_sum += k;
    }
    /* no ties among 51 distinct scores: the ranks are 1..51 */
    ck_assert_int_eq(rank_sum, (long)(NU * (NU + 1) / 2));
}
END_TEST

START_TEST(index_is_the_mean_of_the_sub_indices_and_weights_are_equal_by_level)
{
    const struct rc_table *ts = table("scores"), *tx = table("index"), *tw = table("weights");
    long cr = rc_table_col(ts, "region"), cs = rc_table_col(ts, "score");
    for (size_t r = 0; r < tx->nrows; r++) {
        const char *unit = rc_table_str(tx, r, 0);
        double sum = 0;
        int n = 0;
        for (size_t q = 0; q < ts->nrows; q++)
            if (strcmp(rc_table_str(ts, q, (size_t)cr), unit) == 0) {
                sum += rc_table_num(ts, q, (size_t)cs);
                n++;
            }
        ck_assert_int_eq(n, 2);
        same(rc_table_num(tx, r, (size_t)rc_table_col(tx, "index")), sum / 2, "mean of sub-indices",
             unit);
    }
    /* every child's local weight is 1 / (number of its siblings), as iMeta's equal weights */
    long cl = rc_table_col(tw, "level"), cp = rc_table_col(tw, "parent"), cc = rc_table_col(tw, "child"),
         cw = rc_table_col(tw, "weight");
    size_t seen = 0;
    for (size_t r = 0; r < tw->nrows; r++) {
        const char *child = rc_table_str(tw, r, (size_t)cc);
        const node *n = find(child);
        ck_assert_msg(n != NULL, "weights row for unknown %s", child);
        size_t siblings = 0;
        for (size_t i = 0; i < NN; i++) siblings += strcmp(N[i].parent, n->parent) == 0;
        same(rc_table_num(tw, r, (size_t)cw), 1.0 / (double)siblings, "weight of", child);
        const char *level = rc_table_str(tw, r, (size_t)cl);
        if (n->level == 1) ck_assert_str_eq(level, "indicator");
        if (n->level == 2) ck_assert_str_eq(level, "component");
        if (n->level == 3) {
            ck_assert_str_eq(level, "dimension");
            ck_assert_str_eq(rc_table_str(tw, r, (size_t)cp), "index");
        }
        seen++;
    }
    ck_assert_uint_eq(seen, 49 + 8 + 2);
}
END_TEST

/* Pipeline B: every normalised value, sub-index, index and rank equals the hand
 * computation; the treated table lists exactly the hand's winsorised and logged
 * indicators. With the old step count (ties of every step added up) the run logged
 * indicators COINr winsorises and this test failed. */
START_TEST(pipeline_b_imputes_treats_and_scores_as_coinr)
{
    const struct rc_table *ti = table("indicators");
    long cr = rc_table_col(ti, "region"), ci = rc_table_col(ti, "indicator"),
         cn = rc_table_col(ti, "normalised");
    size_t checked = 0;
    for (size_t r = 0; r < ti->nrows; r++) {
        const char *unit = rc_table_str(ti, r, (size_t)cr);
        const node *n = find(rc_table_str(ti, r, (size_t)ci));
        size_t u = 0;
        while (u < NU && strcmp(UNIT[u], unit) != 0) u++;
        ck_assert_uint_lt(u, NU);
        same(rc_table_num(ti, r, (size_t)cn), n->v[u], n->code, unit);
        checked++;
    }
    ck_assert_uint_eq(checked, 49 * NU);
    const struct rc_table *tx = table("index");
    const node *idx = find("Index");
    for (size_t r = 0; r < tx->nrows; r++) {
        const char *unit = rc_table_str(tx, r, 0);
        size_t u = 0;
        while (u < NU && strcmp(UNIT[u], unit) != 0) u++;
        same(rc_table_num(tx, r, (size_t)rc_table_col(tx, "index")), idx->v[u], "Index", unit);
        ck_assert_int_eq(rc_table_int(tx, r, (size_t)rc_table_col(tx, "rank")),
                         hand_rank(idx->v, NU, u));
    }
    ck_assert_uint_eq(tx->nrows, NU);
    /* the treated table: one method per indicator, as the hand decided */
    const struct rc_table *tt = table("treated");
    long ts = rc_table_col(tt, "series"), tm = rc_table_col(tt, "method");
    size_t n_win = 0, n_log = 0;
    for (size_t i = 0; i < NN; i++) {
        if (N[i].level != 1) continue;
        n_win += TREATED[i] == 1;
        n_log += TREATED[i] == 2;
        int seen_win = 0, seen_log = 0;
        for (size_t r = 0; r < tt->nrows; r++) {
            if (strcmp(rc_table_str(tt, r, (size_t)ts), N[i].code) != 0) continue;
            const char *m = rc_table_str(tt, r, (size_t)tm);
            seen_win |= strcmp(m, "winsorised") == 0;
            seen_log |= strcmp(m, "log") == 0;
        }
        ck_assert_msg(seen_win == (TREATED[i] == 1) && seen_log == (TREATED[i] == 2),
                      "%s: hand %d, run winsorised %d log %d", N[i].code, TREATED[i], seen_win,
                      seen_log);
    }
    /* COINr's ASEM example treats 15 indicators; most are winsorised */
    ck_assert_uint_eq(n_win + n_log, 15);
    ck_assert_uint_gt(n_win, n_log);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("methods_coinr");
    TCase *tc = tcase_create("asem");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, the_config_mirrors_imeta_directions_denominators_and_hierarchy);
    tcase_add_test(tc, normalised_indicators_equal_the_hand_computation);
    tcase_add_test(tc, sub_index_and_index_scores_and_ranks_equal_the_hand_computation);
    tcase_add_test(tc, index_is_the_mean_of_the_sub_indices_and_weights_are_equal_by_level);
    suite_add_tcase(s, tc);
    TCase *tb = tcase_create("pipeline_b");
    tcase_add_checked_fixture(tb, setup_b, teardown);
    tcase_set_timeout(tb, 60);
    tcase_add_test(tb, pipeline_b_imputes_treats_and_scores_as_coinr);
    suite_add_tcase(s, tb);
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
