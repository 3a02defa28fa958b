/* plugins/analyses/audit/audit_plugin.c — the analysis plugin `audit` (analysis.audit): reads
 * the run's hierarchy and scores from its result tables through the host, fills an au_model
 * (audit_load.c), infers each aggregate's aggregation, reads the external series it is told
 * to, and writes the audit tables through the host (audit_model.c). Keys and tables:
 * docs/audit.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit_load.h"
#include "audit_model.h"
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"years", RC_CFG_ENUM, 0, "last", "last (default) or all: the years audited.", "last|all"},
    {"collinear", RC_CFG_NUMBER, 0, "0.9",
     "Within-group Pearson r above which a pair is flagged collinear."},
    {"weak", RC_CFG_NUMBER, 0, "0.3", "Pearson r against the parent below which a unit is flagged weak."},
    {"skew", RC_CFG_NUMBER, 0, "2", "Outlier flag: |skewness| above this ..."},
    {"kurtosis", RC_CFG_NUMBER, 0, "3.5", "... and kurtosis above this (COINr's get_stats)."},
    {"availability", RC_CFG_NUMBER, 0, "0.65",
     "Share of values present below which an indicator or a region is flagged."},
    {"external", RC_CFG_LIST, 0, NULL,
     "Data series (e.g. GDP per capita) to correlate with the index and each dimension."},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);

static const char *const k_provides[] = {"audit_stats",       "audit_availability",
                                         "audit_correlation", "audit_reliability",
                                         "audit_importance",  "audit_leave_one_out",
                                         "audit_external",    NULL};

static const char *const k_info[][2] = {
    {"Audit: indicator statistics",
     "Per indicator, raw and normalised: values present, min, max, mean, median, sd, "
     "skewness and kurtosis (Excel/COINr), zeros, negatives, and the outlier (|skew| > 2 and "
     "kurtosis > 3.5), low-availability and near-zero-variance flags."},
    {"Audit: data availability by region",
     "Per region and year: how many indicators have a value, and a flag below the threshold."},
    {"Audit: correlations",
     "Pearson and Spearman correlations within each group (collinear above 0.9), of each unit "
     "against its parent (weak below 0.3, negative), grandparent and the index, and among "
     "the units of each level."},
    {"Audit: reliability and PCA",
     "Per group: Cronbach's alpha (and if each item is deleted), PCA eigenvalues, the first "
     "component's share and loadings, KMO and per-item MSA, Bartlett's test of sphericity."},
    {"Audit: effective importance against nominal weight",
     "Per child of each aggregate: the Pearson correlation ratio (first-order sensitivity "
     "index) and its share among the siblings, next to the nominal weight; r² as the simple "
     "variant."},
    {"Audit: leaving one out",
     "The index recomputed without each indicator, then each dimension: mean, median and "
     "largest absolute rank shift and the region that moves most."},
    {"Audit: external measures",
     "Correlations of the index and each dimension with the configured external series, per "
     "year."},
};

/* ---------------- reading tables through the host ---------------- */
typedef struct hctx {
    const rc_host *h;
    rc_ctx *ctx;
} hctx;

static const void *h_table(void *u, const char *name)
{
    hctx *c = u;
    return c->h->table_by_name(c->ctx, name);
}
static size_t h_nrows(void *u, const void *t)
{
    hctx *c = u;
    return c->h->table_nrows(c->ctx, t);
}
static long h_col(void *u, const void *t, const char *name)
{
    hctx *c = u;
    return (long)c->h->col_index(c->ctx, t, name);
}
static const char *h_text(void *u, const void *t, size_t row, size_t col)
{
    hctx *c = u;
    if (c->h->col_type(c->ctx, t, col) == RC_COL_STRING) {
        const char *s = c->h->cell_str(c->ctx, t, row, col);
        return s ? s : "";
    }
    return c->h->cell_text(c->ctx, t, row, col);
}
static double h_num(void *u, const void *t, size_t row, size_t col)
{
    hctx *c = u;
    int32_t ty = c->h->col_type(c->ctx, t, col);
    if (ty == RC_COL_NUMBER) return c->h->cell_num(c->ctx, t, row, col);
    if (ty == RC_COL_INT) return (double)c->h->cell_int(c->ctx, t, row, col);
    return NAN;
}

/* ---------------- writing tables through the host ---------------- */
typedef struct hsink {
    const rc_host *h;
    rc_ctx *ctx;
    rc_table *t;
    size_t row, n;
} hsink;

static int s_table(void *u, const char *name, size_t nc, const char *const *cols,
                   const int32_t *types)
{
    hsink *s = u;
    int32_t ht[32];
    for (size_t i = 0; i < nc && i < 32; i++)
        ht[i] = types[i] == AU_COL_STR ? RC_COL_STRING : types[i] == AU_COL_INT ? RC_COL_INT : RC_COL_NUMBER;
    s->t = s->h->table_add(s->ctx, name, nc, cols, ht);
    if (!s->t) return -1;
    for (size_t i = 0; k_provides[i]; i++)
        if (strcmp(k_provides[i], name) == 0) s->h->table_set_info(s->ctx, s->t, k_info[i][0], k_info[i][1]);
    s->n++;
    return 0;
}
static int s_row(void *u)
{
    hsink *s = u;
    int64_t r = s->h->table_add_row(s->ctx, s->t);
    if (r < 0) return -1;
    s->row = (size_t)r;
    return 0;
}
static int s_str(void *u, size_t c, const char *v)
{
    hsink *s = u;
    return s->h->table_set_str(s->ctx, s->t, s->row, c, v) != RC_OK;
}
static int s_num(void *u, size_t c, double v)
{
    hsink *s = u;
    return s->h->table_set_num(s->ctx, s->t, s->row, c, v) != RC_OK;
}
static int s_int(void *u, size_t c, int64_t v)
{
    hsink *s = u;
    return s->h->table_set_int(s->ctx, s->t, s->row, c, v) != RC_OK;
}

static int32_t audit_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "audit needs a host of ABI 1.1 or newer");
    au_options o;
    au_options_default(&o);
    int32_t years = 0, rc;
    if ((rc = host->cfg_enum(ctx, "years", &years)) != RC_OK ||
        (rc = host->cfg_number(ctx, "collinear", &o.collinear)) != RC_OK ||
        (rc = host->cfg_number(ctx, "weak", &o.weak)) != RC_OK ||
        (rc = host->cfg_number(ctx, "skew", &o.skew)) != RC_OK ||
        (rc = host->cfg_number(ctx, "kurtosis", &o.kurt)) != RC_OK ||
        (rc = host->cfg_number(ctx, "availability", &o.avail)) != RC_OK)
        return rc;
    o.all_years = years == 1;
    o.region_avail = o.avail;
    const rc_node *sec = host->config(ctx);
    if (!(o.collinear > -1.0 && o.collinear <= 1.0) || !(o.weak >= -1.0 && o.weak <= 1.0))
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: analysis.audit: collinear and weak are correlations, from -1 to 1",
                         host->node_where(ctx, sec));
    if (!(o.avail >= 0.0 && o.avail <= 1.0) || !(o.skew > 0.0) || !(o.kurt > 0.0))
        return rc_errorf(host, ctx, RC_EINVAL,
                         "%s: analysis.audit: availability is a share from 0 to 1; skew and "
                         "kurtosis are limits above 0", host->node_where(ctx, sec));
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx);
    const char **regions = malloc((nr + 1) * sizeof *regions);
    int *yrs = malloc((ny + 1) * sizeof *yrs);
    au_series *ext = NULL;
    au_loaded l;
    memset(&l, 0, sizeof l);
    char why[512];
    rc = RC_ENOMEM;
    if (!regions || !yrs) goto done;
    for (size_t i = 0; i < nr; i++) regions[i] = host->region_id(ctx, i);
    for (size_t t = 0; t < ny; t++) yrs[t] = host->year(ctx, t);
    hctx hc = {host, ctx};
    au_reader rd = {&hc, h_table, h_nrows, h_col, h_text, h_num};
    if (au_load(&rd, nr, ny, regions, yrs, &l, why, sizeof why) != 0) {
        rc = rc_errorf(host, ctx, RC_EFAIL, "%s", why);
        goto done;
    }
    au_infer_aggregation(&l);
    const rc_node *ex = host->node_get(ctx, sec, "external");
    size_t n_ext = ex ? host->node_len(ctx, ex) : 0;
    if (n_ext) {
        if (!(ext = calloc(n_ext, sizeof *ext))) goto done;
        for (size_t i = 0; i < n_ext; i++) {
            const rc_node *it = host->node_at(ctx, ex, i);
            const char *name = host->node_str(ctx, it);
            const double *v = NULL;
            if (!name || host->series(ctx, name, &v) != RC_OK || !v) {
                rc = rc_errorf(host, ctx, RC_EINVAL,
                               "%s: analysis.audit.external: '%s' is not a data series of the "
                               "run; name a column of the data files (e.g. GDPpc)",
                               host->node_where(ctx, it), name ? name : "(not a text value)");
                goto done;
            }
            ext[i].name = name;
            ext[i].value = v;
        }
    }
    l.m.ext = ext;
    l.m.n_ext = n_ext;
    hsink hs = {host, ctx, NULL, 0, 0};
    au_sink sk = {&hs, s_table, s_row, s_str, s_num, s_int};
    if (au_audit_run(&l.m, &o, &sk, why, sizeof why) != 0) {
        rc = rc_errorf(host, ctx, RC_EFAIL, "%s", why);
        goto done;
    }
    rc = RC_OK;
done:
    if (rc == RC_ENOMEM) rc_errorf(host, ctx, RC_ENOMEM, "audit: out of memory");
    au_loaded_free(&l);
    free(ext);
    free(regions);
    free(yrs);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "audit",
    .version = "1.0.0",
    .summary = "JRC-style statistical audit: statistics, correlations, reliability, importance, "
               "leave-one-out, external links",
    .key_table = &k_key_table,
    .analyse = audit_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
