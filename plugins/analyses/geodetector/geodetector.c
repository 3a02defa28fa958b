/* plugins/analyses/geodetector/geodetector.c — the `geodetector` analysis plugin (Wang &
 * Xu 2017): per year, the target (index, a dimension, coupling.D, an indicator or a series)
 * against each factor — a continuous one discretised (a fixed method and k, or the optimal
 * one by the largest q over methods and k = k_min..k_max), a grouping column or a factor
 * listed as `categorical` taken as it is — with the kernels of gd_kernel.h. Tables
 * `geodetector` (factor detector), `geodetector_interaction`, `geodetector_risk` and
 * `geodetector_ecological`. Each year uses the regions with the target and every factor
 * (listwise), and the factor rows say how many were left out. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_source.h"
#include "an_tab.h"
#include "gd_kernel.h"
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"target", RC_CFG_STRING, 0, "index",
     "Y: index, a dimension id, coupling.D, an indicator id or a data series.", NULL},
    {"factors", RC_CFG_LIST, 1, NULL,
     "The factors X: dimension ids, indicator ids, series or grouping columns.", NULL},
    {"categorical", RC_CFG_LIST, 0, NULL, "Factors whose distinct values are the strata.", NULL},
    {"method", RC_CFG_ENUM, 0, "optimal", "How continuous factors are discretised.",
     "optimal|equal|quantile|natural|geometric|sd"},
    {"k", RC_CFG_INT, 0, "5", "Classes for a fixed method (2 to 32).", NULL},
    {"k_min", RC_CFG_INT, 0, "3", "Fewest classes the optimal discretisation tries.", NULL},
    {"k_max", RC_CFG_INT, 0, "8", "Most classes the optimal discretisation tries.", NULL},
    {"methods", RC_CFG_LIST, 0, NULL,
     "Methods the optimal discretisation tries (default all five).", NULL},
    {"year", RC_CFG_INT, 0, NULL, "Only this year (default every year).", NULL},
    {"interaction", RC_CFG_BOOL, 0, "true", "The interaction detector for every pair.", NULL},
    {"risk", RC_CFG_BOOL, 0, "true", "The risk detector (t tests between strata).", NULL},
    {"ecological", RC_CFG_BOOL, 0, "true", "The ecological detector for every pair.", NULL},
    {"alpha", RC_CFG_NUMBER, 0, "0.05", "Significance level of the `significant` flags.", NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"geodetector", "geodetector_interaction",
                                         "geodetector_risk", "geodetector_ecological", NULL};

enum { S = RC_COL_STRING, I = RC_COL_INT, N = RC_COL_NUMBER };
static const char *const fcols[] = {"year", "target", "factor", "kind", "method", "k",
                                    "strata", "n", "q", "F", "ncp", "p", "significant",
                                    "note"};
static const int32_t ftypes[] = {I, S, S, S, S, I, I, I, N, N, N, N, I, S};
static const char *const icols[] = {"year", "factor1", "factor2", "q1", "q2", "q12",
                                    "strata", "type", "interaction", "note"};
static const int32_t itypes[] = {I, S, S, N, N, N, I, I, S, S};
static const char *const rcols[] = {"year", "factor", "stratum1", "stratum2", "n1", "n2",
                                    "mean1", "mean2", "t", "df", "p", "significant", "note"};
static const int32_t rtypes[] = {I, S, S, S, I, I, N, N, N, N, N, I, S};
static const char *const ecols[] = {"year", "factor1", "factor2", "F", "df1", "df2", "p",
                                    "significant", "note"};
static const int32_t etypes[] = {I, S, S, N, N, N, N, I, S};

/* One factor: its values (continuous) or its labels (a grouping column). */
typedef struct factor {
    const char *name;
    an_source src;      /* continuous or categorical numbers */
    int grouping;       /* 1: the labels of a regions.groups column */
    int categorical;    /* strata = distinct values / labels */
    int *strata;        /* per kept region of the current year */
    size_t L;
    char **labels;      /* L stratum labels */
    int method, k;
    double ssw;
} factor;

typedef struct opts {
    const char *target;
    int method; /* -1 optimal, else GD_* */
    int k, kmin, kmax;
    unsigned methods;
    int64_t year;
    int has_year;
    int32_t interaction, risk, ecological;
    double alpha;
} opts;

static int32_t read_opts(const rc_host *host, rc_ctx *ctx, opts *o)
{
    int32_t rc, m = 0;
    int64_t k, kmin, kmax;
    if ((rc = host->cfg_str(ctx, "target", &o->target)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "method", &m)) != RC_OK ||
        (rc = host->cfg_int(ctx, "k", &k)) != RC_OK ||
        (rc = host->cfg_int(ctx, "k_min", &kmin)) != RC_OK ||
        (rc = host->cfg_int(ctx, "k_max", &kmax)) != RC_OK ||
        (rc = host->cfg_bool(ctx, "interaction", &o->interaction)) != RC_OK ||
        (rc = host->cfg_bool(ctx, "risk", &o->risk)) != RC_OK ||
        (rc = host->cfg_bool(ctx, "ecological", &o->ecological)) != RC_OK ||
        (rc = host->cfg_number(ctx, "alpha", &o->alpha)) != RC_OK)
        return rc;
    o->method = m == 0 ? -1 : m - 1; /* the enum lists optimal first, then GD_* in order */
    if (k < 2 || k > GD_KMAX || kmin < 2 || kmax > GD_KMAX || kmin > kmax)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "k must be 2 to %d and k_min ≤ k_max within 2 to %d (k = %lld, k_min "
                         "= %lld, k_max = %lld)", GD_KMAX, GD_KMAX, (long long)k,
                         (long long)kmin, (long long)kmax);
    if (!(o->alpha > 0.0 && o->alpha < 1.0))
        return rc_errorf(host, ctx, RC_EINVAL, "alpha must be between 0 and 1");
    o->k = (int)k;
    o->kmin = (int)kmin;
    o->kmax = (int)kmax;
    rc = host->cfg_int(ctx, "year", &o->year);
    if (rc != RC_OK && rc != RC_ENOTFOUND) return rc;
    o->has_year = rc == RC_OK;
    const char **ml;
    size_t nm;
    if ((rc = an_cfg_list(host, ctx, "methods", &ml, &nm)) != RC_OK) return rc;
    o->methods = nm ? 0u : (1u << GD_NMETHODS) - 1;
    for (size_t i = 0; i < nm; i++) {
        int g = gd_method_by_name(ml[i]);
        if (g < 0) {
            rc = rc_errorf(host, ctx, RC_EINVAL,
                           "methods: '%s' is not one of equal, quantile, natural, geometric, "
                           "sd", ml[i]);
            free(ml);
            return rc;
        }
        o->methods |= 1u << g;
    }
    free(ml);
    return RC_OK;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void free_labels(factor *f)
{
    for (size_t h = 0; f->labels && h < f->L; h++) free(f->labels[h]);
    free(f->labels);
    f->labels = NULL;
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Strata of a categorical factor: the distinct values (or labels) in ascending order. */
static int32_t strata_categorical(factor *f, const char *const *lab, const double *x,
                                  size_t n)
{
    /* distinct keys, sorted: numbers by value, labels by strcmp */
    size_t L = 0;
    char **keys = calloc(n ? n : 1, sizeof *keys);
    if (!keys) return RC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        const char *key = lab && lab[i] ? lab[i] : buf;
        if (!lab || !lab[i]) snprintf(buf, sizeof buf, "%.17g", lab ? NAN : x[i]);
        size_t h = 0;
        while (h < L && strcmp(keys[h], key)) h++;
        if (h == L) {
            keys[L] = dup_str(key);
            if (!keys[L]) break;
            L++;
        }
    }
    /* order: numeric keys by value, text keys by bytes */
    for (size_t a = 1; a < L; a++)
        for (size_t b = a; b > 0; b--) {
            int before = lab ? strcmp(keys[b], keys[b - 1]) < 0
                             : strtod(keys[b], NULL) < strtod(keys[b - 1], NULL);
            if (!before) break;
            char *t = keys[b];
            keys[b] = keys[b - 1];
            keys[b - 1] = t;
        }
    for (size_t i = 0; i < n; i++) {
        char buf[64];
        const char *key = lab && lab[i] ? lab[i] : buf;
        if (!lab || !lab[i]) snprintf(buf, sizeof buf, "%.17g", lab ? NAN : x[i]);
        for (size_t h = 0; h < L; h++)
            if (!strcmp(keys[h], key)) f->strata[i] = (int)h;
    }
    f->L = L;
    f->labels = keys;
    return RC_OK;
}

/* Strata of a continuous factor; labels "[lo, hi]" for the first class, "(lo, hi]" after. */
static int32_t strata_continuous(factor *f, const opts *o, const double *y, const double *x,
                                 size_t n)
{
    double br[GD_KMAX + 1], up[GD_KMAX];
    f->method = o->method;
    f->k = o->k;
    if (o->method < 0) {
        double q;
        size_t L = gd_optimal(y, x, n, o->methods, o->kmin, o->kmax, f->strata, &f->method,
                              &f->k, &q);
        if (L == (size_t)-1) return RC_ENOMEM;
        if (L == 0) {
            f->L = 0;
            return RC_OK;
        }
    }
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return RC_ENOMEM;
    memcpy(s, x, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_d);
    int r = gd_breaks(s, n, f->method, f->k, br);
    free(s);
    if (r < 0) return RC_ENOMEM;
    if (r == 0) {
        f->L = 0;
        return RC_OK;
    }
    f->L = gd_classify(x, n, br, f->k, f->strata, up);
    f->labels = calloc(f->L ? f->L : 1, sizeof *f->labels);
    if (!f->labels) return RC_ENOMEM;
    for (size_t h = 0; h < f->L; h++) {
        char buf[96];
        snprintf(buf, sizeof buf, h == 0 ? "[%.6g, %.6g]" : "(%.6g, %.6g]",
                 h == 0 ? br[0] : up[h - 1], up[h]);
        f->labels[h] = dup_str(buf);
        if (!f->labels[h]) return RC_ENOMEM;
    }
    return RC_OK;
}

typedef struct tabs {
    an_tab f, i, r, e;
} tabs;

static void factor_row(tabs *T, int year, const opts *o, const factor *fa, size_t n,
                       size_t left_out, const gd_factor *fd)
{
    char note[256] = "";
    if (fa->L == 0)
        snprintf(note, sizeof note, "the factor cannot be discretised (one distinct value%s)",
                 fa->method == GD_GEOMETRIC ? " or a value ≤ 0 for geometric" : "");
    else if (fd->status == GD_SINGLE_STRATUM)
        snprintf(note, sizeof note, "a single stratum: q = 0, no F test");
    else if (fd->status == GD_ZERO_VARIANCE)
        snprintf(note, sizeof note, "the target does not vary: q undefined");
    else if (fd->status == GD_NO_DF)
        snprintf(note, sizeof note, "every stratum holds one region: no F test");
    else if (isinf(fd->F))
        snprintf(note, sizeof note, "no variance within strata: q = 1, F infinite, p = 0");
    if (left_out) {
        size_t len = strlen(note);
        snprintf(note + len, sizeof note - len, "%s%zu regions without the target or a factor "
                 "left out", len ? "; " : "", left_out);
    }
    an_tab *w = &T->f;
    an_tab_row(w);
    an_tab_i(w, 0, year);
    an_tab_s(w, 1, o->target);
    an_tab_s(w, 2, fa->name);
    an_tab_s(w, 3, fa->categorical ? "categorical" : "continuous");
    an_tab_s(w, 4, fa->categorical ? NULL : gd_method_name(fa->method));
    if (!fa->categorical) an_tab_i(w, 5, fa->k);
    an_tab_i(w, 6, (int64_t)fa->L);
    an_tab_i(w, 7, (int64_t)n);
    an_tab_n(w, 8, fd->q);
    an_tab_n(w, 9, fd->F);
    an_tab_n(w, 10, fd->ncp);
    an_tab_n(w, 11, fd->p);
    an_tab_i(w, 12, !isnan(fd->p) && fd->p < o->alpha);
    an_tab_s(w, 13, *note ? note : NULL);
}

static int32_t one_year(const rc_host *host, rc_ctx *ctx, const opts *o, const an_source *ys,
                        factor *fs, size_t nf, size_t t, tabs *T)
{
    size_t nr = host->n_regions(ctx);
    int year = host->year(ctx, t);
    double *y = malloc((nr ? nr : 1) * sizeof *y);
    double *x = malloc((nr ? nr : 1) * nf * sizeof *x);
    const char **lab = calloc((nr ? nr : 1) * nf, sizeof *lab);
    gd_factor *fd = calloc(nf ? nf : 1, sizeof *fd);
    int *s12 = malloc((nr ? nr : 1) * sizeof *s12);
    int32_t rc = RC_ENOMEM;
    if (!y || !x || !lab || !fd || !s12) goto done;
    size_t n = 0;
    for (size_t r = 0; r < nr; r++) {
        double v = ys->v[t * nr + r];
        int ok = !isnan(v);
        for (size_t f = 0; ok && f < nf; f++) {
            if (fs[f].grouping) {
                const char *g = host->region_group(ctx, fs[f].name, r);
                ok = g && *g;
                lab[f * nr + n] = g;
            } else {
                x[f * nr + n] = fs[f].src.v[t * nr + r];
                ok = !isnan(x[f * nr + n]);
            }
        }
        if (ok) y[n++] = v;
    }
    for (size_t f = 0; f < nf; f++) {
        factor *fa = &fs[f];
        free_labels(fa);
        fa->L = 0;
        rc = fa->categorical ? strata_categorical(fa, fa->grouping ? lab + f * nr : NULL,
                                                  x + f * nr, n)
                             : strata_continuous(fa, o, y, x + f * nr, n);
        if (rc != RC_OK) goto done;
        rc = RC_ENOMEM;
        if (fa->L > 0 && gd_factor_detect(y, fa->strata, n, fa->L, &fd[f]) != 0) goto done;
        if (fa->L == 0)
            fd[f] = (gd_factor){.q = NAN, .F = NAN, .ncp = NAN, .p = NAN, .n = n};
        fa->ssw = fa->L > 0 ? gd_ssw(y, fa->strata, n, fa->L) : NAN;
        factor_row(T, year, o, fa, n, nr - n, &fd[f]);
        for (size_t h = 0; o->risk && h < fa->L; h++)
            for (size_t g = h + 1; g < fa->L; g++) {
                gd_risk rk;
                int bad = gd_risk_detect(y, fa->strata, n, (int)h, (int)g, &rk);
                an_tab *w = &T->r;
                an_tab_row(w);
                an_tab_i(w, 0, year);
                an_tab_s(w, 1, fa->name);
                an_tab_s(w, 2, fa->labels[h]);
                an_tab_s(w, 3, fa->labels[g]);
                an_tab_i(w, 4, (int64_t)rk.n_h);
                an_tab_i(w, 5, (int64_t)rk.n_g);
                an_tab_n(w, 6, rk.mean_h);
                an_tab_n(w, 7, rk.mean_g);
                an_tab_n(w, 8, rk.t);
                an_tab_n(w, 9, rk.df);
                an_tab_n(w, 10, rk.p);
                an_tab_i(w, 11, !isnan(rk.p) && rk.p < o->alpha);
                an_tab_s(w, 12, bad ? (rk.n_h < 2 || rk.n_g < 2
                                           ? "a stratum with fewer than 2 regions: no t test"
                                           : "no variance in either stratum: no t test")
                                    : NULL);
            }
    }
    for (size_t a = 0; a < nf; a++)
        for (size_t b = a + 1; b < nf; b++) {
            if (o->interaction) {
                size_t L12 = 0;
                gd_factor f12 = {.q = NAN};
                if (fs[a].L && fs[b].L) {
                    L12 = gd_intersect(fs[a].strata, fs[a].L, fs[b].strata, fs[b].L, n, s12);
                    if (n && !L12) goto done;
                    if (gd_factor_detect(y, s12, n, L12, &f12) != 0) goto done;
                }
                int type = gd_interaction_type(fd[a].q, fd[b].q, f12.q);
                an_tab *w = &T->i;
                an_tab_row(w);
                an_tab_i(w, 0, year);
                an_tab_s(w, 1, fs[a].name);
                an_tab_s(w, 2, fs[b].name);
                an_tab_n(w, 3, fd[a].q);
                an_tab_n(w, 4, fd[b].q);
                an_tab_n(w, 5, f12.q);
                an_tab_i(w, 6, (int64_t)L12);
                an_tab_i(w, 7, type);
                an_tab_s(w, 8, type ? gd_interaction_name(type) : NULL);
                an_tab_s(w, 9, type ? NULL : "a q is undefined: no interaction type");
            }
            if (o->ecological) {
                gd_eco e;
                gd_ecological(fs[a].ssw, n, fs[b].ssw, n, &e);
                an_tab *w = &T->e;
                an_tab_row(w);
                an_tab_i(w, 0, year);
                an_tab_s(w, 1, fs[a].name);
                an_tab_s(w, 2, fs[b].name);
                an_tab_n(w, 3, e.F);
                an_tab_n(w, 4, e.df1);
                an_tab_n(w, 5, e.df2);
                an_tab_n(w, 6, e.p);
                an_tab_i(w, 7, !isnan(e.p) && e.p < o->alpha);
                an_tab_s(w, 8, isnan(e.F) ? "a within sum of squares is 0 or undefined: no F"
                                          : NULL);
            }
        }
    rc = RC_OK;
done:
    free(y);
    free(x);
    free(lab);
    free(fd);
    free(s12);
    if (rc == RC_ENOMEM) return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    return rc;
}

static int32_t gd_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "geodetector needs a host of ABI 1.1 or newer");
    opts o;
    int32_t rc = read_opts(host, ctx, &o);
    if (rc != RC_OK) return rc;
    const char **names = NULL, **cats = NULL;
    size_t nf = 0, nc = 0, nr = host->n_regions(ctx), ny = host->n_years(ctx);
    if ((rc = an_cfg_list(host, ctx, "factors", &names, &nf)) != RC_OK) return rc;
    if ((rc = an_cfg_list(host, ctx, "categorical", &cats, &nc)) != RC_OK) {
        free(names);
        return rc;
    }
    an_source ys = {0};
    factor *fs = calloc(nf ? nf : 1, sizeof *fs);
    tabs T;
    memset(&T, 0, sizeof T);
    if (!fs) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    if (nf == 0) {
        rc = rc_errorf(host, ctx, RC_EINVAL, "factors: list at least one factor");
        goto done;
    }
    if ((rc = an_source_get(host, ctx, "geodetector.target", o.target, &ys)) != RC_OK) goto done;
    for (size_t f = 0; f < nf; f++) {
        fs[f].name = names[f];
        fs[f].strata = malloc((nr ? nr : 1) * sizeof *fs[f].strata);
        if (!fs[f].strata) {
            rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
            goto done;
        }
        for (size_t c = 0; c < nc; c++) fs[f].categorical |= !strcmp(cats[c], names[f]);
        if (nr && host->region_group(ctx, names[f], 0)) {
            fs[f].grouping = fs[f].categorical = 1;
            continue;
        }
        if ((rc = an_source_get(host, ctx, "geodetector.factors", names[f], &fs[f].src)) != RC_OK)
            goto done;
    }
    for (size_t c = 0; c < nc; c++) {
        int found = 0;
        for (size_t f = 0; f < nf; f++) found |= !strcmp(cats[c], names[f]);
        if (!found) {
            rc = rc_errorf(host, ctx, RC_EINVAL, "categorical: '%s' is not one of the factors",
                           cats[c]);
            goto done;
        }
    }
    if (an_tab_open(&T.f, host, ctx, "geodetector", 14, fcols, ftypes,
                    "Geographical detector: factors",
                    "Per year and factor, the power of determinant q of the factor's strata "
                    "over the target, with its noncentral-F test (Wang & Xu 2017) and the "
                    "discretisation used.") != RC_OK ||
        (o.interaction &&
         an_tab_open(&T.i, host, ctx, "geodetector_interaction", 10, icols, itypes,
                     "Geographical detector: interactions",
                     "q of the intersected strata of two factors against their own q, and "
                     "the type of interaction.") != RC_OK) ||
        (o.risk && an_tab_open(&T.r, host, ctx, "geodetector_risk", 13, rcols, rtypes,
                               "Geographical detector: risk",
                               "Welch t tests of the target's mean between two strata of a "
                               "factor.") != RC_OK) ||
        (o.ecological &&
         an_tab_open(&T.e, host, ctx, "geodetector_ecological", 9, ecols, etypes,
                     "Geographical detector: ecological",
                     "F tests of whether two factors explain the target's spatial "
                     "distribution differently.") != RC_OK)) {
        rc = RC_EFAIL;
        goto done;
    }
    size_t used = 0;
    for (size_t t = 0; t < ny && rc == RC_OK; t++) {
        if (o.has_year && host->year(ctx, t) != o.year) continue;
        used++;
        rc = one_year(host, ctx, &o, &ys, fs, nf, t, &T);
        if (rc == RC_OK) rc = T.f.rc;
        if (rc == RC_OK && o.interaction) rc = T.i.rc;
        if (rc == RC_OK && o.risk) rc = T.r.rc;
        if (rc == RC_OK && o.ecological) rc = T.e.rc;
    }
    if (rc == RC_OK && o.has_year && !used)
        rc = rc_errorf(host, ctx, RC_EINVAL, "year: %lld is not a year of this run",
                       (long long)o.year);
done:
    for (size_t f = 0; fs && f < nf; f++) {
        free(fs[f].strata);
        free_labels(&fs[f]);
        an_source_free(&fs[f].src);
    }
    free(fs);
    an_source_free(&ys);
    free(names);
    free(cats);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "geodetector",
    .version = "1.0.0",
    .summary = "Geographical detector: factor, interaction, risk and ecological detectors",
    .key_table = &k_key_table,
    .analyse = gd_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
