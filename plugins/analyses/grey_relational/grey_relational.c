/* plugins/analyses/grey_relational/grey_relational.c — the `grey_relational` analysis
 * plugin (gra_kernel.h). mode: regions — per year, each region's grey relational grade
 * against the ideal over chosen criteria (dimension scores by default), the criteria
 * preprocessed across regions; mode: factors — each factor's grade against a reference
 * series (the index by default), each sequence preprocessed along its observations, over
 * every complete region-year (`over: pooled`) or per year across regions. Tables
 * `grey_relational` (grades and ranks) and, in regions mode, `grey_relational_coefficients`. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_source.h"
#include "an_tab.h"
#include "gra_kernel.h"
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"mode", RC_CFG_ENUM, 0, "regions", "regions (against the ideal) or factors (against a "
     "reference series).", "regions|factors"},
    {"criteria", RC_CFG_LIST, 0, NULL,
     "regions mode: dimension ids (default all), indicator ids, series or coupling.D.", NULL},
    {"cost", RC_CFG_LIST, 0, NULL, "regions mode: criteria where smaller is better.", NULL},
    {"weights", RC_CFG_LIST, 0, NULL, "regions mode: one weight per criterion (default equal).",
     NULL},
    {"reference", RC_CFG_STRING, 0, "index", "factors mode: the reference series.", NULL},
    {"factors", RC_CFG_LIST, 0, NULL, "factors mode: the series compared with the reference.",
     NULL},
    {"over", RC_CFG_ENUM, 0, "pooled", "factors mode: every complete region-year, or per year.",
     "pooled|year"},
    {"preprocess", RC_CFG_ENUM, 0, "auto", "auto (minmax for regions, initial for factors), "
     "minmax, initial, mean or none.", "auto|none|initial|mean|minmax"},
    {"rho", RC_CFG_NUMBER, 0, "0.5", "Resolution coefficient in (0, 1].", NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"grey_relational", "grey_relational_coefficients",
                                         NULL};

enum { S = RC_COL_STRING, I = RC_COL_INT, N = RC_COL_NUMBER };
static const char *const gcols[] = {"mode", "scope", "year", "item", "grade", "rank", "n",
                                    "note"};
static const int32_t gtypes[] = {S, S, I, S, N, I, I, S};
static const char *const ccols[] = {"year", "region", "criterion", "coefficient"};
static const int32_t ctypes[] = {I, S, S, N};

static const char *const pp_names[] = {"none", "initial", "mean", "minmax"};

/* grades g[0..m) → rows with ranks (1 = largest grade) */
static void grade_rows(an_tab *w, const char *mode, const char *scope, int year,
                       const char *const *items, const double *g, size_t m, size_t n,
                       const char *note)
{
    for (size_t i = 0; i < m; i++) {
        int64_t rank = 1;
        for (size_t j = 0; j < m; j++) rank += g[j] > g[i];
        an_tab_row(w);
        an_tab_s(w, 0, mode);
        an_tab_s(w, 1, scope);
        an_tab_i(w, 2, year);
        an_tab_s(w, 3, items[i]);
        an_tab_n(w, 4, g[i]);
        an_tab_i(w, 5, rank);
        an_tab_i(w, 6, (int64_t)n);
        an_tab_s(w, 7, note && *note ? note : NULL);
    }
}

static void add_note(char *note, size_t sz, const char *what)
{
    size_t len = strlen(note);
    snprintf(note + len, sz - len, "%s%s", len ? "; " : "", what);
}

static int32_t regions_mode(const rc_host *host, rc_ctx *ctx, int pp, double rho, an_tab *w,
                            an_tab *cw)
{
    an_criteria c;
    int32_t rc = an_criteria_get(host, ctx, "criteria", &c);
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx), n = c.n, M = nr ? nr : 1;
    double *X = NULL, *xi = NULL, *g = NULL, ref[256];
    size_t *reg = NULL;
    const char **ids = NULL;
    if (rc != RC_OK) goto done;
    if (n > 256) {
        rc = rc_errorf(host, ctx, RC_EINVAL, "criteria: at most 256");
        goto done;
    }
    X = malloc(M * n * sizeof *X);
    xi = malloc(M * n * sizeof *xi);
    g = malloc(M * sizeof *g);
    reg = malloc(M * sizeof *reg);
    ids = malloc(M * sizeof *ids);
    if (!X || !xi || !g || !reg || !ids) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t t = 0; t < ny && w->rc == RC_OK && cw->rc == RC_OK; t++) {
        int year = host->year(ctx, t);
        size_t m = an_criteria_matrix(&c, nr, t, X, reg);
        char note[512] = "";
        if (m < 1) continue;
        for (size_t j = 0; j < n; j++)
            if (gra_preprocess(X + j, m, n, pp, c.dir[j])) {
                char what[192];
                snprintf(what, sizeof what, "'%s' cannot be preprocessed by %s this year (left "
                         "as it is)", c.names[j], pp_names[pp]);
                add_note(note, sizeof note, what);
            }
        /* min-max has applied the directions; otherwise the ideal follows them */
        gra_ideal(X, m, n, pp == GRA_MINMAX ? NULL : c.dir, ref);
        int k = gra_grades(ref, X, m, n, rho, c.w, xi, g);
        if (k < 0) {
            rc = rc_errorf(host, ctx, RC_EINVAL, "rho must be in (0, 1]");
            goto done;
        }
        if (k == 1) add_note(note, sizeof note, "every region equals the ideal: all coefficients 1");
        if (nr > m) {
            char what[96];
            snprintf(what, sizeof what, "%zu regions without every criterion left out", nr - m);
            add_note(note, sizeof note, what);
        }
        for (size_t i = 0; i < m; i++) ids[i] = host->region_id(ctx, reg[i]);
        grade_rows(w, "regions", "year", year, ids, g, m, n, note);
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < n; j++) {
                an_tab_row(cw);
                an_tab_i(cw, 0, year);
                an_tab_s(cw, 1, ids[i]);
                an_tab_s(cw, 2, c.names[j]);
                an_tab_n(cw, 3, xi[i * n + j]);
            }
    }
    rc = w->rc != RC_OK ? w->rc : cw->rc;
done:
    free(X);
    free(xi);
    free(g);
    free(reg);
    free(ids);
    an_criteria_free(&c);
    return rc;
}

/* factors mode over the observations in obs (region-year cells, t * nr + r) */
static int32_t factor_grades(const rc_host *host, rc_ctx *ctx, const an_source *ref,
                             const an_source *fs, const char *const *names, size_t q,
                             const size_t *obs, size_t K, int pp, double rho, const char *scope,
                             int year, an_tab *w, double *buf)
{
    double *r0 = buf, *F = buf + K, g[256];
    char note[512] = "";
    for (size_t k = 0; k < K; k++) r0[k] = ref->v[obs[k]];
    if (gra_preprocess(r0, K, 1, pp, 1))
        add_note(note, sizeof note, "the reference cannot be preprocessed (left as it is)");
    for (size_t f = 0; f < q; f++) {
        for (size_t k = 0; k < K; k++) F[f * K + k] = fs[f].v[obs[k]];
        if (gra_preprocess(F + f * K, K, 1, pp, 1)) {
            char what[192];
            snprintf(what, sizeof what, "'%s' cannot be preprocessed (left as it is)", names[f]);
            add_note(note, sizeof note, what);
        }
    }
    int k = gra_grades(r0, F, q, K, rho, NULL, NULL, g);
    if (k < 0) return rc_errorf(host, ctx, RC_EINVAL, "rho must be in (0, 1]");
    if (k == 1) add_note(note, sizeof note, "every factor equals the reference: all grades 1");
    grade_rows(w, "factors", scope, year, names, g, q, K, note);
    return w->rc;
}

static int32_t factors_mode(const rc_host *host, rc_ctx *ctx, int pp, double rho, int per_year,
                            an_tab *w)
{
    const char *refname = NULL, **names = NULL;
    size_t q = 0, nr = host->n_regions(ctx), ny = host->n_years(ctx), cells = nr * ny;
    int32_t rc;
    if ((rc = host->cfg_str(ctx, "reference", &refname)) != RC_OK) return rc;
    if ((rc = an_cfg_list(host, ctx, "factors", &names, &q)) != RC_OK) return rc;
    an_source ref = {0}, *fs = calloc(q ? q : 1, sizeof *fs);
    size_t *obs = malloc((cells ? cells : 1) * sizeof *obs);
    double *buf = malloc((cells ? cells : 1) * (q + 1) * sizeof *buf);
    if (!fs || !obs || !buf) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    if (q == 0 || q > 256) {
        rc = rc_errorf(host, ctx, RC_EINVAL, "factors mode: list 1 to 256 factors under 'factors'");
        goto done;
    }
    if ((rc = an_source_get(host, ctx, "grey_relational.reference", refname, &ref)) != RC_OK)
        goto done;
    for (size_t f = 0; f < q; f++)
        if ((rc = an_source_get(host, ctx, "grey_relational.factors", names[f], &fs[f])) != RC_OK)
            goto done;
    size_t K = 0;
    for (size_t t = 0; t < ny && rc == RC_OK; t++) {
        if (per_year) K = 0;
        for (size_t r = 0; r < nr; r++) {
            int ok = !isnan(ref.v[t * nr + r]);
            for (size_t f = 0; ok && f < q; f++) ok = !isnan(fs[f].v[t * nr + r]);
            if (ok) obs[K++] = t * nr + r;
        }
        if (per_year && K >= 2)
            rc = factor_grades(host, ctx, &ref, fs, names, q, obs, K, pp, rho, "year",
                               host->year(ctx, t), w, buf);
    }
    if (rc == RC_OK && !per_year) {
        if (K < 2)
            rc = rc_errorf(host, ctx, RC_EDATA, "factors mode: %zu region-years have the "
                           "reference and every factor; the grades need 2 or more", K);
        else
            rc = factor_grades(host, ctx, &ref, fs, names, q, obs, K, pp, rho, "pooled", 0, w,
                               buf);
    }
done:
    for (size_t f = 0; fs && f < q; f++) an_source_free(&fs[f]);
    an_source_free(&ref);
    free(fs);
    free(names);
    free(obs);
    free(buf);
    return rc;
}

static int32_t gra_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "grey_relational needs a host of ABI 1.1 or newer");
    int32_t mode = 0, over = 0, pre = 0, rc;
    double rho = 0.5;
    if ((rc = host->cfg_enum(ctx, "mode", &mode)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "over", &over)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "preprocess", &pre)) != RC_OK ||
        (rc = host->cfg_number(ctx, "rho", &rho)) != RC_OK)
        return rc;
    if (!(rho > 0.0 && rho <= 1.0)) return rc_errorf(host, ctx, RC_EINVAL, "rho must be in (0, 1]");
    /* the enum lists auto first, then the GRA_* preprocessings in order */
    int pp = pre == 0 ? (mode == 0 ? GRA_MINMAX : GRA_INITIAL) : pre - 1;
    an_tab w, cw;
    if (an_tab_open(&w, host, ctx, "grey_relational", 8, gcols, gtypes,
                    "Grey relational grades",
                    mode == 0 ? "Per year, each region's grey relational grade against the "
                                "ideal region (the best value of every criterion) and its rank."
                              : "Each factor's grey relational grade against the reference "
                                "series and its rank.") != RC_OK)
        return RC_EFAIL;
    if (mode == 1) return factors_mode(host, ctx, pp, rho, over == 1, &w);
    if (an_tab_open(&cw, host, ctx, "grey_relational_coefficients", 4, ccols, ctypes,
                    "Grey relational coefficients",
                    "Per year, region and criterion, the grey relational coefficient against "
                    "the ideal.") != RC_OK)
        return RC_EFAIL;
    return regions_mode(host, ctx, pp, rho, &w, &cw);
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "grey_relational",
    .version = "1.0.0",
    .summary = "Grey relational grades of regions against the ideal or of factors against a reference",
    .key_table = &k_key_table,
    .analyse = gra_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
