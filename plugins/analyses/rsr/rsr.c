/* plugins/analyses/rsr/rsr.c — the `rsr` analysis plugin: per year, the (weighted)
 * rank-sum ratio of the regions over chosen criteria (dimension scores by default) with
 * probit grading (rsr_kernel.h). Tables `rsr` (one row per region and year: RSR, its rank,
 * probit, fitted RSR, grade) and `rsr_fit` (per year: the line RSR = a + b·probit, R², the
 * number of distinct values and the grade cut-offs). Regions missing a criterion that year
 * are left out and counted. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_source.h"
#include "an_tab.h"
#include "regcoord/plugin.h"
#include "rsr_kernel.h"

static const rc_config_key k_keys[] = {
    {"criteria", RC_CFG_LIST, 0, NULL,
     "Criteria: dimension ids (default all), indicator ids, series or coupling.D.", NULL},
    {"cost", RC_CFG_LIST, 0, NULL, "Criteria where smaller is better.", NULL},
    {"weights", RC_CFG_LIST, 0, NULL, "One weight per criterion (default equal).", NULL},
    {"rank", RC_CFG_ENUM, 0, "integer", "integer ranks (ties averaged) or noninteger ranks.",
     "integer|noninteger"},
    {"grades", RC_CFG_INT, 0, "3", "Number of grades, 3 to 6.", NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"rsr", "rsr_fit", NULL};

enum { S = RC_COL_STRING, I = RC_COL_INT, N = RC_COL_NUMBER };
static const char *const cols[] = {"region", "year", "rsr", "rank", "probit", "fitted",
                                   "grade", "grades"};
static const int32_t types[] = {S, I, N, I, N, N, I, I};
static const char *const fcols[] = {"year", "statistic", "value", "note"};
static const int32_t ftypes[] = {I, S, N, S};

static int32_t rsr_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "rsr needs a host of ABI 1.1 or newer");
    int32_t rank = 0, rc;
    int64_t grades = 0;
    if ((rc = host->cfg_enum(ctx, "rank", &rank)) != RC_OK ||
        (rc = host->cfg_int(ctx, "grades", &grades)) != RC_OK)
        return rc;
    if (grades < 3 || grades > 6)
        return rc_errorf(host, ctx, RC_EINVAL, "grades is %lld; give 3 to 6", (long long)grades);
    an_criteria c;
    if ((rc = an_criteria_get(host, ctx, "criteria", &c)) != RC_OK) {
        an_criteria_free(&c);
        return rc;
    }
    an_tab w, f;
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), n = c.n;
    double *X = malloc((nr ? nr : 1) * n * sizeof *X), *v = malloc((nr ? nr : 1) * sizeof *v);
    double *pr = malloc((nr ? nr : 1) * sizeof *pr), *fit = malloc((nr ? nr : 1) * sizeof *fit);
    int *grade = malloc((nr ? nr : 1) * sizeof *grade);
    size_t *reg = malloc((nr ? nr : 1) * sizeof *reg);
    if (!X || !v || !pr || !fit || !grade || !reg) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    if (an_tab_open(&w, host, ctx, "rsr", 8, cols, types, "Rank-sum ratio",
                    "Per year, each region's (weighted) rank-sum ratio over the criteria, its "
                    "rank (1 = highest), probit and fitted RSR, and its grade (1 = lowest) "
                    "from the probit cut-offs.") != RC_OK ||
        an_tab_open(&f, host, ctx, "rsr_fit", 4, fcols, ftypes, "Rank-sum ratio: probit line",
                    "Per year: regions used and left out, distinct RSR values, the line RSR "
                    "= a + b·probit with its R², and the RSR cut-offs between grades.") !=
            RC_OK) {
        rc = RC_EFAIL;
        goto done;
    }
    for (size_t t = 0; t < ny && w.rc == RC_OK && f.rc == RC_OK; t++) {
        int year = host->year(ctx, t);
        size_t m = an_criteria_matrix(&c, nr, t, X, reg);
        double cut[5] = {NAN, NAN, NAN, NAN, NAN};
        rsr_fit fitr = {NAN, NAN, NAN, 0};
        const char *note = NULL;
        int k = m >= 2 ? rsr_ratio(X, m, n, c.dir, c.w, rank == 1, NULL, v) : -1;
        if (k == -2 || (k == 0 && (k = rsr_probit(v, m, (int)grades, pr, fit, grade, cut,
                                                  &fitr)) == -2)) {
            rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
            goto done;
        }
        if (m < 2) note = "fewer than 2 regions with every criterion: no RSR";
        else if (k == 1) note = "every region has the same RSR: no probit line, all the middle grade";
        const char *stats[] = {"n", "left_out", "distinct", "a", "b", "r2"};
        double vals[] = {(double)m, (double)(nr - m), (double)fitr.distinct, fitr.a, fitr.b,
                         fitr.r2};
        for (size_t s = 0; s < 6; s++) {
            an_tab_row(&f);
            an_tab_i(&f, 0, year);
            an_tab_s(&f, 1, stats[s]);
            an_tab_n(&f, 2, vals[s]);
            an_tab_s(&f, 3, s == 0 ? note : NULL);
        }
        for (int g = 0; m >= 2 && g < grades - 1; g++) {
            char name[32];
            snprintf(name, sizeof name, "cut_%d_%d", g + 1, g + 2);
            an_tab_row(&f);
            an_tab_i(&f, 0, year);
            an_tab_s(&f, 1, name);
            an_tab_n(&f, 2, cut[g]);
        }
        if (m < 2 || k < 0) continue;
        for (size_t i = 0; i < m; i++) {
            int64_t better = 1;
            for (size_t j = 0; j < m; j++) better += v[j] > v[i];
            an_tab_row(&w);
            an_tab_s(&w, 0, host->region_id(ctx, reg[i]));
            an_tab_i(&w, 1, year);
            an_tab_n(&w, 2, v[i]);
            an_tab_i(&w, 3, better);
            an_tab_n(&w, 4, pr[i]);
            an_tab_n(&w, 5, fit[i]);
            an_tab_i(&w, 6, grade[i]);
            an_tab_i(&w, 7, grades);
        }
    }
    rc = w.rc != RC_OK ? w.rc : f.rc;
done:
    free(X);
    free(v);
    free(pr);
    free(fit);
    free(grade);
    free(reg);
    an_criteria_free(&c);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "rsr",
    .version = "1.0.0",
    .summary = "Rank-sum ratio of the regions with probit grading",
    .key_table = &k_key_table,
    .analyse = rsr_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
