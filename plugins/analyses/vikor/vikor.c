/* plugins/analyses/vikor/vikor.c — the `vikor` analysis plugin: per year, VIKOR over chosen
 * criteria (dimension scores by default) with vikor_kernel.h. Tables `vikor` (one row per
 * region and year: S, R, Q, their ranks, membership of the compromise set) and
 * `vikor_summary` (per year: the best two by Q, DQ, the acceptable-advantage and
 * acceptable-stability conditions, the compromise set, notes on flat criteria). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_source.h"
#include "an_tab.h"
#include "regcoord/plugin.h"
#include "vikor_kernel.h"

static const rc_config_key k_keys[] = {
    {"criteria", RC_CFG_LIST, 0, NULL,
     "Criteria: dimension ids (default all), indicator ids, series or coupling.D.", NULL},
    {"cost", RC_CFG_LIST, 0, NULL, "Criteria where smaller is better.", NULL},
    {"weights", RC_CFG_LIST, 0, NULL, "One weight per criterion (default equal).", NULL},
    {"v", RC_CFG_NUMBER, 0, "0.5", "Weight of the strategy of the majority, 0 to 1.", NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"vikor", "vikor_summary", NULL};

enum { S = RC_COL_STRING, I = RC_COL_INT, N = RC_COL_NUMBER };
static const char *const cols[] = {"region", "year", "S", "R", "Q", "rank_S", "rank_R",
                                   "rank_Q", "compromise"};
static const int32_t types[] = {S, I, N, N, N, I, I, I, I};
static const char *const scols[] = {"year", "n", "best", "second", "DQ", "advantage",
                                    "stability", "compromise_set", "note"};
static const int32_t stypes[] = {I, I, S, S, N, I, I, S, S};

static int32_t vikor_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "vikor needs a host of ABI 1.1 or newer");
    double v = 0.5;
    int32_t rc = host->cfg_number(ctx, "v", &v);
    if (rc != RC_OK) return rc;
    if (!(v >= 0.0 && v <= 1.0)) return rc_errorf(host, ctx, RC_EINVAL, "v must be 0 to 1");
    an_criteria c;
    if ((rc = an_criteria_get(host, ctx, "criteria", &c)) != RC_OK) {
        an_criteria_free(&c);
        return rc;
    }
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), n = c.n, M = nr ? nr : 1;
    double *X = malloc(M * n * sizeof *X), *Sv = malloc(M * sizeof *Sv),
           *Rv = malloc(M * sizeof *Rv), *Qv = malloc(M * sizeof *Qv);
    int *rs = malloc(M * sizeof *rs), *rr = malloc(M * sizeof *rr), *rq = malloc(M * sizeof *rq),
        *comp = malloc(M * sizeof *comp);
    size_t *reg = malloc(M * sizeof *reg);
    char *set = malloc(M * 72 + 1);
    an_tab w, s;
    if (!X || !Sv || !Rv || !Qv || !rs || !rr || !rq || !comp || !reg || !set) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    if (an_tab_open(&w, host, ctx, "vikor", 9, cols, types, "VIKOR",
                    "Per year, each region's group utility S, individual regret R and "
                    "compromise index Q (smaller is better), their ranks, and whether it is in "
                    "the compromise set.") != RC_OK ||
        an_tab_open(&s, host, ctx, "vikor_summary", 9, scols, stypes, "VIKOR: compromise",
                    "Per year: the two best regions by Q, DQ = 1/(m − 1), whether the "
                    "acceptable advantage (C1) and acceptable stability (C2) hold, and the "
                    "compromise set.") != RC_OK) {
        rc = RC_EFAIL;
        goto done;
    }
    for (size_t t = 0; t < ny && w.rc == RC_OK && s.rc == RC_OK; t++) {
        int year = host->year(ctx, t);
        size_t m = an_criteria_matrix(&c, nr, t, X, reg);
        vikor_result res;
        memset(&res, 0, sizeof res);
        int k = m >= 2 ? vikor(X, m, n, c.w, c.dir, v, Sv, Rv, Qv, rs, rr, rq, comp, &res) : -1;
        if (k == -2) {
            rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
            goto done;
        }
        char note[256] = "";
        if (m < 2) snprintf(note, sizeof note, "fewer than 2 regions with every criterion");
        else if (res.flat_criteria)
            snprintf(note, sizeof note, "%zu criteria equal in every region contribute nothing",
                     res.flat_criteria);
        if (m >= 2 && (res.flat_S || res.flat_R)) {
            size_t len = strlen(note);
            snprintf(note + len, sizeof note - len, "%sS or R equal in every region: that part of "
                     "Q is 0", len ? "; " : "");
        }
        if (nr > m) {
            size_t len = strlen(note);
            snprintf(note + len, sizeof note - len, "%s%zu regions without every criterion left "
                     "out", len ? "; " : "", nr - m);
        }
        set[0] = 0;
        for (size_t i = 0; k == 0 && i < m; i++)
            if (comp[i]) {
                size_t len = strlen(set);
                snprintf(set + len, M * 72 + 1 - len, "%s%s", len ? ", " : "",
                         host->region_id(ctx, reg[i]));
            }
        an_tab_row(&s);
        an_tab_i(&s, 0, year);
        an_tab_i(&s, 1, (int64_t)m);
        if (k == 0) {
            an_tab_s(&s, 2, host->region_id(ctx, reg[res.first]));
            an_tab_s(&s, 3, host->region_id(ctx, reg[res.second]));
            an_tab_n(&s, 4, res.DQ);
            an_tab_i(&s, 5, res.c1);
            an_tab_i(&s, 6, res.c2);
            an_tab_s(&s, 7, set);
        }
        an_tab_s(&s, 8, *note ? note : NULL);
        for (size_t i = 0; k == 0 && i < m; i++) {
            an_tab_row(&w);
            an_tab_s(&w, 0, host->region_id(ctx, reg[i]));
            an_tab_i(&w, 1, year);
            an_tab_n(&w, 2, Sv[i]);
            an_tab_n(&w, 3, Rv[i]);
            an_tab_n(&w, 4, Qv[i]);
            an_tab_i(&w, 5, rs[i]);
            an_tab_i(&w, 6, rr[i]);
            an_tab_i(&w, 7, rq[i]);
            an_tab_i(&w, 8, comp[i]);
        }
    }
    rc = w.rc != RC_OK ? w.rc : s.rc;
done:
    free(X);
    free(Sv);
    free(Rv);
    free(Qv);
    free(rs);
    free(rr);
    free(rq);
    free(comp);
    free(reg);
    free(set);
    an_criteria_free(&c);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "vikor",
    .version = "1.0.0",
    .summary = "VIKOR compromise ranking of the regions with its acceptance conditions",
    .key_table = &k_key_table,
    .analyse = vikor_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
