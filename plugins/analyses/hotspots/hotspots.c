/* plugins/analyses/hotspots/hotspots.c — the hotspots analysis plugin: Getis-Ord Gi and
 * Gi* per region and year under a named matrix of spatial_weights, with z, the analytic
 * two-sided p, a seeded conditional-permutation p (identical on any thread count), the p
 * adjusted over the year's regions (Benjamini–Hochberg or Bonferroni) and the hot/cold
 * class at 99/95/90 %, in the table `hotspots`. Formulas in docs/analysis.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_plugin.h"
#include "an_stats.h"
#include "getis_ord.h"
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"weights", RC_CFG_STRING, 0, "",
     "The matrix of analysis.spatial_weights to use (may be left out when there is one).", NULL},
    {"on", RC_CFG_STRING, 0, "index", "index, or a dimension id.", NULL},
    {"statistic", RC_CFG_ENUM, 0, "both", "gi (self excluded), gistar (self included) or both.",
     "gi|gistar|both"},
    {"permutations", RC_CFG_INT, 0, "999", "Conditional permutations for p_perm (0 = none).", NULL},
    {"seed", RC_CFG_INT, 0, "1", "Seed of the permutations (one stream per year and region).",
     NULL},
    {"threads", RC_CFG_INT, 0, "1", "Threads for the permutations (results do not depend on it).",
     NULL},
    {"adjust", RC_CFG_ENUM, 0, "fdr", "Multiple-testing adjustment over each year's regions.",
     "fdr|bonferroni|none"},
    {"classify_by", RC_CFG_ENUM, 0, "adjusted",
     "Which p the hot/cold classes use.", "adjusted|analytic|permutation"},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"hotspots", NULL};
static const char *const k_needs[] = {"spatial_weights", NULL};

static const char *const k_cols[] = {"region", "year", "weights", "statistic", "value", "G",
                                     "EG", "VG", "z", "p", "p_perm", "p_adjusted", "class",
                                     "confidence", "neighbours", "note"};
static const int32_t k_types[] = {RC_COL_STRING, RC_COL_INT,    RC_COL_STRING, RC_COL_STRING,
                                  RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER,
                                  RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER,
                                  RC_COL_STRING, RC_COL_INT,    RC_COL_INT,    RC_COL_STRING};

typedef struct hs_opts {
    int32_t stat, adjust, classify;
    int64_t perms, seed, threads;
} hs_opts;

typedef struct hs_work {
    double *y, *G, *EG, *VG, *z, *p, *pp, *pa;
    size_t *keep, *map;
} hs_work;

/* One statistic of one year's cross-section (n regions keep[..] with values y). */
static int32_t one_year(const rc_host *host, rc_ctx *ctx, rc_table *t, const hs_opts *o,
                        const an_wspec *spec, const an_csr *sub, int star, int32_t year,
                        size_t n, const hs_work *w)
{
    an_csr ws;
    const an_csr *W = sub;
    if (star) {
        if (hs_star_weights(sub, &ws)) return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        W = &ws;
    }
    int lr = n >= 3 ? hs_local_g(W, w->y, star, w->G, w->EG, w->VG, w->z, w->p) : -1;
    for (size_t i = 0; i < n && lr != 0; i++) w->G[i] = w->EG[i] = w->VG[i] = w->z[i] = w->p[i] = NAN;
    for (size_t i = 0; i < n; i++) w->pp[i] = NAN;
    int32_t rc = RC_OK;
    if (lr == 0 && o->perms > 0 &&
        hs_local_g_perm(W, w->y, star, (size_t)o->perms, (uint64_t)o->seed,
                        (uint64_t)(int64_t)year * 2u + (uint64_t)star, (unsigned)o->threads, w->pp))
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    an_adjust how = o->adjust == 0 ? AN_ADJUST_FDR : o->adjust == 1 ? AN_ADJUST_BONFERRONI : AN_ADJUST_NONE;
    if (rc == RC_OK && an_p_adjust(w->p, n, how, w->pa) < 0) rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    for (size_t i = 0; rc == RC_OK && i < n; i++) {
        size_t k = 0;
        for (size_t e = W->off[i]; e < W->off[i + 1]; e++) k += W->nbr[e] != i;
        double pc = o->classify == 0 ? w->pa[i] : o->classify == 1 ? w->p[i] : w->pp[i];
        int cls = hs_class(w->z[i], pc);
        const char *note = NULL;
        if (lr == 1) note = "undefined: the values are all equal";
        else if (lr < 0) note = "undefined: fewer than 3 regions with a value";
        else if (k == 0) note = star ? "no neighbours: Gi* of its own value only" : "no neighbours";
        int64_t row = host->table_add_row(ctx, t);
        if (row < 0) return RC_ENOMEM;
        size_t r = (size_t)row;
        double nums[] = {w->y[i], w->G[i], w->EG[i], w->VG[i], w->z[i], w->p[i], w->pp[i], w->pa[i]};
        if ((rc = host->table_set_str(ctx, t, r, 0, host->region_id(ctx, w->keep[i]))) != RC_OK ||
            (rc = host->table_set_int(ctx, t, r, 1, year)) != RC_OK ||
            (rc = host->table_set_str(ctx, t, r, 2, spec->name)) != RC_OK ||
            (rc = host->table_set_str(ctx, t, r, 3, star ? "Gi*" : "Gi")) != RC_OK)
            break;
        for (size_t c = 0; rc == RC_OK && c < 8; c++) rc = host->table_set_num(ctx, t, r, 4 + c, nums[c]);
        if (rc != RC_OK) break;
        int conf = cls == 0 ? 0 : abs(cls) == 3 ? 99 : abs(cls) == 2 ? 95 : 90;
        if ((rc = host->table_set_str(ctx, t, r, 12, isnan(w->z[i]) ? NULL : hs_class_name(cls))) != RC_OK ||
            (rc = host->table_set_int(ctx, t, r, 13, conf)) != RC_OK ||
            (rc = host->table_set_int(ctx, t, r, 14, (int64_t)k)) != RC_OK)
            break;
        rc = host->table_set_str(ctx, t, r, 15, note);
    }
    if (star) an_csr_free(&ws);
    return rc;
}

static int32_t hs_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "hotspots needs a host of ABI 1.1 or newer");
    hs_opts o;
    const char *wname = NULL, *on = NULL;
    int32_t rc;
    if ((rc = host->cfg_str(ctx, "weights", &wname)) != RC_OK ||
        (rc = host->cfg_str(ctx, "on", &on)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "statistic", &o.stat)) != RC_OK ||
        (rc = host->cfg_int(ctx, "permutations", &o.perms)) != RC_OK ||
        (rc = host->cfg_int(ctx, "seed", &o.seed)) != RC_OK ||
        (rc = host->cfg_int(ctx, "threads", &o.threads)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "adjust", &o.adjust)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "classify_by", &o.classify)) != RC_OK)
        return rc;
    if (o.perms < 0 || o.perms > 1000000)
        return rc_errorf(host, ctx, RC_EINVAL, "hotspots.permutations is %lld; use 0 to 1000000",
                         (long long)o.perms);
    if (o.threads < 1 || o.threads > 64)
        return rc_errorf(host, ctx, RC_EINVAL, "hotspots.threads is %lld; use 1 to 64",
                         (long long)o.threads);
    if (o.classify == 2 && o.perms == 0)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "hotspots.classify_by is permutation but permutations is 0; set "
                         "permutations (e.g. 999) or classify_by: adjusted");
    an_wspec spec;
    if ((rc = an_wspec_from_table(host, ctx, wname, &spec)) != RC_OK) return rc;
    const double *v = NULL;
    if ((rc = an_values_on(host, ctx, on, &v)) != RC_OK) return rc;
    an_csr W;
    an_winfo info;
    if ((rc = an_wspec_build(host, ctx, &spec, &W, &info)) != RC_OK) return rc;
    rc_table *t = host->table_add(ctx, "hotspots", sizeof k_types / sizeof k_types[0], k_cols, k_types);
    if (!t) { an_csr_free(&W); return RC_EFAIL; }
    host->table_set_info(ctx, t, "Hot and cold spots (Getis-Ord Gi / Gi*)",
                         "Per region and year: the local G statistic, its z and two-sided "
                         "normal p (spdep localG), a conditional-permutation p, the p adjusted "
                         "over the year's regions, and the hot/cold class at 99/95/90 %.");
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), nn = nr ? nr : 1;
    hs_work w = {0};
    double **arrs[] = {&w.y, &w.G, &w.EG, &w.VG, &w.z, &w.p, &w.pp, &w.pa};
    int oom = 0;
    for (size_t k = 0; k < 8; k++) oom |= !(*arrs[k] = malloc(nn * sizeof(double)));
    w.keep = malloc(nn * sizeof *w.keep);
    w.map = malloc(nn * sizeof *w.map);
    if (oom || !w.keep || !w.map) rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    for (size_t ti = 0; rc == RC_OK && ti < ny; ti++) {
        size_t n = 0;
        for (size_t r = 0; r < nr; r++)
            if (!isnan(v[ti * nr + r])) { w.keep[n] = r; w.y[n] = v[ti * nr + r]; n++; }
        an_csr sub;
        if (an_csr_subset(&W, w.keep, n, w.map, &sub)) { rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory"); break; }
        for (int star = 0; rc == RC_OK && star < 2; star++)
            if (o.stat == 2 || o.stat == star)
                rc = one_year(host, ctx, t, &o, &spec, &sub, star, host->year(ctx, ti), n, &w);
        an_csr_free(&sub);
    }
    for (size_t k = 0; k < 8; k++) free(*arrs[k]);
    free(w.keep);
    free(w.map);
    an_csr_free(&W);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "hotspots",
    .version = "1.0.0",
    .summary = "Getis-Ord Gi and Gi* hot and cold spots per year under a named weight matrix",
    .key_table = &k_key_table,
    .analyse = hs_analyse,
    .needs = k_needs,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
