/* plugins/analyses/markov/markov.c — the markov analysis plugin: classic and spatial
 * Markov chains of region classes (pooled quantiles, per-year quantiles or fixed
 * cut-offs; the spatial chain conditioned on the class of the spatial lag under a named
 * matrix of spatial_weights), with counts, probabilities, one steady state per closed
 * class, mean first passage times, n-step matrices and projections, the chain's structure
 * (ergodic, periodic, reducible, absorbing, empty classes) and the homogeneity tests Q and
 * LR. Tables `markov`, `markov_summary`, `markov_tests`, `markov_classes`
 * (docs/analysis.md). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "an_plugin.h"
#include "markov_chain.h"
#include "regcoord/plugin.h"

enum { MAX_K = 20 };

static const rc_config_key k_keys[] = {
    {"on", RC_CFG_STRING, 0, "index", "index, or a dimension id.", NULL},
    {"classes", RC_CFG_INT, 0, "4", "Number of classes k (2 to 20) for quantile classes.", NULL},
    {"scheme", RC_CFG_ENUM, 0, "pooled",
     "Class cut-offs: pooled quantiles, per_year quantiles, or fixed (cutoffs).",
     "pooled|per_year|fixed"},
    {"cutoffs", RC_CFG_LIST, 0, NULL, "scheme fixed: the k - 1 ascending cut-offs.", NULL},
    {"weights", RC_CFG_STRING, 0, "",
     "A matrix of analysis.spatial_weights (listed before markov): adds the spatial chain.", NULL},
    {"lag_classes", RC_CFG_INT, 0, "0", "Classes of the spatial lag (0 = as many as classes).",
     NULL},
    {"steps", RC_CFG_INT, 0, "5", "Horizon of the n-step matrices and projections (1 to 100).",
     NULL},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"markov", "markov_summary", "markov_tests",
                                         "markov_classes", NULL};

typedef struct tabs {
    rc_table *m, *s, *t, *c;
} tabs;

static int32_t mrow(const rc_host *host, rc_ctx *ctx, rc_table *t, const char *chain, long lag,
                    const char *q, long from, long to, long step, int32_t year, double v,
                    const char *note)
{
    int64_t row = host->table_add_row(ctx, t);
    if (row < 0) return RC_ENOMEM;
    size_t r = (size_t)row;
    int32_t rc;
    if ((rc = host->table_set_str(ctx, t, r, 0, chain)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 1, lag)) != RC_OK ||
        (rc = host->table_set_str(ctx, t, r, 2, q)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 3, from)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 4, to)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 5, step)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 6, year)) != RC_OK ||
        (rc = host->table_set_num(ctx, t, r, 7, v)) != RC_OK)
        return rc;
    return host->table_set_str(ctx, t, r, 8, note);
}

/* "2, 4" (1-based) of the states with flag set; "" when none */
static void state_list(const int *flag, size_t k, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = 0;
    for (size_t i = 0; i < k && len + 8 < size; i++)
        if (flag[i]) len += (size_t)snprintf(buf + len, size - len, "%s%zu", len ? ", " : "", i + 1);
}

/* Every table row of one chain (counts T, k classes); dist0 (k) for projections or NULL. */
static int32_t chain_rows(const rc_host *host, rc_ctx *ctx, const tabs *tb, const char *chain,
                          long lag, const double *T, size_t k, long steps, const double *dist0)
{
    if (k < 2 || k > MAX_K) return rc_errorf(host, ctx, RC_EINVAL, "markov: %zu classes", k);
    mk_chain c;
    int ar = mk_chain_analyse(T, k, &c);
    if (ar < 0) return rc_errorf(host, ctx, RC_ENOMEM, "markov: out of memory or a singular system");
    int32_t rc = RC_OK;
    double total = 0.0;
    for (size_t i = 0; i < k * k; i++) total += T[i];
    for (size_t i = 0; rc == RC_OK && i < k; i++)
        for (size_t j = 0; rc == RC_OK && j < k; j++) {
            rc = mrow(host, ctx, tb->m, chain, lag, "count", (long)i + 1, (long)j + 1, 0, 0,
                      T[i * k + j], NULL);
            if (rc == RC_OK)
                rc = mrow(host, ctx, tb->m, chain, lag, "probability", (long)i + 1, (long)j + 1, 0,
                          0, c.P[i * k + j],
                          c.empty[i] ? "no transition from this class; treated as absorbing in "
                                       "the steady state, passage times and projections"
                                     : NULL);
        }
    for (size_t s = 0; rc == RC_OK && s < c.n_closed; s++)
        for (size_t j = 0; rc == RC_OK && j < k; j++)
            rc = mrow(host, ctx, tb->m, chain, lag, "steady_state", 0, (long)j + 1, (long)s + 1, 0,
                      c.steady[s * k + j],
                      c.n_closed > 1 ? "one stationary distribution per closed class (step = "
                                       "its number): the limit depends on the start"
                                     : NULL);
    for (size_t i = 0; rc == RC_OK && i < k; i++)
        for (size_t j = 0; rc == RC_OK && j < k; j++) {
            double m = c.mfpt[i * k + j];
            rc = mrow(host, ctx, tb->m, chain, lag, "mfpt", (long)i + 1, (long)j + 1, 0, 0,
                      isinf(m) ? NAN : m,
                      isinf(m) ? (i == j ? "never returns with probability 1"
                                         : "never reached with probability 1")
                               : i == j ? "mean recurrence time" : NULL);
        }
    double *Pn = malloc(k * k * sizeof *Pn), *work = malloc(k * k * sizeof *work);
    double *proj = malloc((size_t)steps * k * sizeof *proj);
    if (!Pn || !work || !proj) {
        free(Pn); free(work); free(proj);
        mk_chain_free(&c);
        return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    }
    for (long s = 1; rc == RC_OK && s <= steps; s++) {
        mk_power(c.Pa, k, (unsigned)s, Pn, work);
        for (size_t i = 0; rc == RC_OK && i < k * k; i++)
            rc = mrow(host, ctx, tb->m, chain, lag, "power", (long)(i / k) + 1, (long)(i % k) + 1,
                      s, 0, Pn[i], NULL);
    }
    if (rc == RC_OK && dist0) {
        mk_project(c.Pa, k, dist0, (unsigned)steps, proj, work);
        for (long s = 1; rc == RC_OK && s <= steps; s++)
            for (size_t j = 0; rc == RC_OK && j < k; j++)
                rc = mrow(host, ctx, tb->m, chain, lag, "projection", 0, (long)j + 1, s, 0,
                          proj[(size_t)(s - 1) * k + j],
                          "class shares s steps after the last year, from its shares");
    }
    free(Pn); free(work); free(proj);
    /* the summary row */
    char empty[128], absorbing[128], note[256] = "";
    state_list(c.empty, k, empty, sizeof empty);
    state_list(c.absorbing, k, absorbing, sizeof absorbing);
    const char *status = ar == 1 ? "no transitions"
                         : c.ergodic ? "ergodic"
                         : c.irreducible ? "periodic"
                         : c.n_closed > 1 ? "reducible: several closed classes"
                                          : "reducible: transient classes";
    if (ar == 1) snprintf(note, sizeof note, "no region has a class in two consecutive years");
    else if (*empty)
        snprintf(note, sizeof note, "class(es) %s never left (no transition out): treated as "
                 "absorbing", empty);
    if (rc == RC_OK) {
        int64_t row = host->table_add_row(ctx, tb->s);
        if (row < 0) rc = RC_ENOMEM;
        else {
            size_t r = (size_t)row;
            if ((rc = host->table_set_str(ctx, tb->s, r, 0, chain)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb->s, r, 1, lag)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb->s, r, 2, (int64_t)total)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb->s, r, 3, (int64_t)k)) == RC_OK &&
                (rc = host->table_set_str(ctx, tb->s, r, 4, status)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb->s, r, 5, c.irreducible)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb->s, r, 6, c.ergodic)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb->s, r, 7, c.irreducible ? c.period[0] : 0)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb->s, r, 8, (int64_t)c.n_closed)) == RC_OK &&
                (rc = host->table_set_str(ctx, tb->s, r, 9, *absorbing ? absorbing : NULL)) == RC_OK &&
                (rc = host->table_set_str(ctx, tb->s, r, 10, *empty ? empty : NULL)) == RC_OK)
                rc = host->table_set_str(ctx, tb->s, r, 11, *note ? note : NULL);
        }
    }
    mk_chain_free(&c);
    return rc;
}

static int32_t open_tables(const rc_host *host, rc_ctx *ctx, tabs *tb)
{
    static const char *const mc[] = {"chain", "lag_class", "quantity", "from_class", "to_class",
                                     "step", "year", "value", "note"};
    static const int32_t mt[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_INT, RC_COL_INT,
                                 RC_COL_INT, RC_COL_INT, RC_COL_NUMBER, RC_COL_STRING};
    static const char *const sc[] = {"chain", "lag_class", "transitions", "classes", "status",
                                     "irreducible", "ergodic", "period", "closed_classes",
                                     "absorbing", "empty", "note"};
    static const int32_t st[] = {RC_COL_STRING, RC_COL_INT, RC_COL_INT, RC_COL_INT, RC_COL_STRING,
                                 RC_COL_INT, RC_COL_INT, RC_COL_INT, RC_COL_INT, RC_COL_STRING,
                                 RC_COL_STRING, RC_COL_STRING};
    static const char *const tc[] = {"test", "statistic", "dof", "p", "transitions", "regimes",
                                     "weights", "note"};
    static const int32_t tt[] = {RC_COL_STRING, RC_COL_NUMBER, RC_COL_INT, RC_COL_NUMBER,
                                 RC_COL_INT, RC_COL_INT, RC_COL_STRING, RC_COL_STRING};
    static const char *const cc[] = {"region", "year", "value", "class", "lag", "lag_class"};
    static const int32_t ct[] = {RC_COL_STRING, RC_COL_INT, RC_COL_NUMBER, RC_COL_INT,
                                 RC_COL_NUMBER, RC_COL_INT};
    if (!(tb->m = host->table_add(ctx, "markov", 9, mc, mt)) ||
        !(tb->s = host->table_add(ctx, "markov_summary", 12, sc, st)) ||
        !(tb->t = host->table_add(ctx, "markov_tests", 8, tc, tt)) ||
        !(tb->c = host->table_add(ctx, "markov_classes", 6, cc, ct)))
        return RC_EFAIL;
    host->table_set_info(ctx, tb->m, "Markov transition matrices",
                         "Long rows per chain (classic, or spatial by lag class): cut-offs, "
                         "transition counts and probabilities, steady states, mean first "
                         "passage times, n-step matrices (power) and projections (classes "
                         "1 = lowest).");
    host->table_set_info(ctx, tb->s, "Markov chain structure",
                         "Per chain: transitions, whether it is ergodic, periodic or reducible, "
                         "its closed classes, absorbing and empty classes.");
    host->table_set_info(ctx, tb->t, "Spatial Markov homogeneity tests",
                         "Bickenbach and Bode (2003) Q and LR tests that the transition "
                         "probabilities do not depend on the neighbours' class.");
    host->table_set_info(ctx, tb->c, "Markov classes by region and year",
                         "Each region-year's class and, for the spatial chain, its spatial lag "
                         "and lag class.");
    return RC_OK;
}

static int32_t mk_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_set_info))
        return rc_errorf(host, ctx, RC_EINVAL, "markov needs a host of ABI 1.1 or newer");
    const char *on = NULL, *wname = NULL;
    int64_t kk = 4, lagk = 0, steps = 5;
    int32_t scheme = 0, rc;
    if ((rc = host->cfg_str(ctx, "on", &on)) != RC_OK ||
        (rc = host->cfg_int(ctx, "classes", &kk)) != RC_OK ||
        (rc = host->cfg_enum(ctx, "scheme", &scheme)) != RC_OK ||
        (rc = host->cfg_str(ctx, "weights", &wname)) != RC_OK ||
        (rc = host->cfg_int(ctx, "lag_classes", &lagk)) != RC_OK ||
        (rc = host->cfg_int(ctx, "steps", &steps)) != RC_OK)
        return rc;
    double fixed[MAX_K];
    const rc_node *cut = host->node_get(ctx, host->config(ctx), "cutoffs");
    if (scheme == 2) {
        size_t nc = cut ? host->node_len(ctx, cut) : 0;
        if (nc < 1 || nc + 1 > MAX_K)
            return rc_errorf(host, ctx, RC_EINVAL,
                             "markov.scheme is fixed: list 1 to %d ascending cut-offs in "
                             "markov.cutoffs", MAX_K - 1);
        for (size_t i = 0; i < nc; i++) {
            const rc_node *n = host->node_at(ctx, cut, i);
            if (host->node_number(ctx, n, &fixed[i]) != RC_OK || (i && !(fixed[i] > fixed[i - 1])))
                return rc_errorf(host, ctx, RC_EINVAL,
                                 "%s: markov.cutoffs must be numbers in ascending order",
                                 host->node_where(ctx, n));
        }
        kk = (int64_t)nc + 1;
    } else if (cut) {
        return rc_errorf(host, ctx, RC_EINVAL, "%s: markov.cutoffs is for scheme: fixed",
                         host->node_where(ctx, cut));
    }
    if (kk < 2 || kk > MAX_K)
        return rc_errorf(host, ctx, RC_EINVAL, "markov.classes is %lld; use 2 to %d",
                         (long long)kk, MAX_K);
    if (lagk == 0) lagk = kk;
    if (lagk < 2 || lagk > MAX_K)
        return rc_errorf(host, ctx, RC_EINVAL, "markov.lag_classes is %lld; use 2 to %d",
                         (long long)lagk, MAX_K);
    if (steps < 1 || steps > 100)
        return rc_errorf(host, ctx, RC_EINVAL, "markov.steps is %lld; use 1 to 100", (long long)steps);
    size_t k = (size_t)kk, m = (size_t)lagk, nr = host->n_regions(ctx), ny = host->n_years(ctx);
    const double *v = NULL;
    if ((rc = an_values_on(host, ctx, on, &v)) != RC_OK) return rc;
    int spatial = wname && *wname;
    an_wspec spec;
    an_csr W = {0};
    an_winfo info;
    if (spatial) {
        if (!host->table_by_name(ctx, "spatial_weights"))
            return rc_errorf(host, ctx, RC_EINVAL,
                             "markov.weights is '%s' but no spatial_weights table exists yet: "
                             "enable analysis.spatial_weights and list it before markov", wname);
        if ((rc = an_wspec_from_table(host, ctx, wname, &spec)) != RC_OK) return rc;
        if ((rc = an_wspec_build(host, ctx, &spec, &W, &info)) != RC_OK) return rc;
    }
    tabs tb;
    if ((rc = open_tables(host, ctx, &tb)) != RC_OK) { an_csr_free(&W); return rc; }
    size_t cells = nr * ny;
    if (cells == 0) cells = 1;
    int *cls = malloc(cells * sizeof *cls), *lcls = malloc(cells * sizeof *lcls);
    double *lag = malloc(cells * sizeof *lag), *cuts = malloc((ny + 1) * MAX_K * sizeof *cuts);
    double *lcuts = malloc(MAX_K * sizeof *lcuts), *T = malloc(k * k * sizeof *T);
    double *TS = malloc(m * k * k * sizeof *TS), dist0[MAX_K];
    if (!cls || !lcls || !lag || !cuts || !lcuts || !T || !TS) {
        rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
        goto done;
    }
    mk_scheme sch = scheme == 0 ? MK_POOLED : scheme == 1 ? MK_PER_YEAR : MK_FIXED;
    if (mk_panel_classes(v, nr, ny, k, sch, fixed, cls, cuts)) { rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory"); goto done; }
    for (size_t t = 0; rc == RC_OK && t < (sch == MK_PER_YEAR ? ny : 1); t++)
        for (size_t c = 0; rc == RC_OK && c + 1 < k; c++)
            rc = mrow(host, ctx, tb.m, "classic", 0, "cutoff", (long)c + 1, 0, 0,
                      sch == MK_PER_YEAR ? host->year(ctx, t) : 0, cuts[t * (k - 1) + c],
                      "upper bound of class from_class (classes are closed above)");
    /* the classic chain, projected from the last year's class shares */
    mk_count(cls, NULL, nr, ny, k, 1, T);
    size_t nlast = 0;
    for (size_t j = 0; j < k; j++) dist0[j] = 0.0;
    for (size_t r = 0; ny && r < nr; r++)
        if (cls[(ny - 1) * nr + r] >= 0) { dist0[cls[(ny - 1) * nr + r]] += 1.0; nlast++; }
    for (size_t j = 0; j < k; j++) dist0[j] = nlast ? dist0[j] / (double)nlast : NAN;
    if (rc == RC_OK) rc = chain_rows(host, ctx, &tb, "classic", 0, T, k, steps, nlast ? dist0 : NULL);
    if (rc == RC_OK && spatial) {
        mk_spatial_lag(&W, v, nr, ny, lag);
        if (mk_panel_classes(lag, nr, ny, m, MK_POOLED, NULL, lcls, lcuts)) { rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory"); goto done; }
        for (size_t c = 0; rc == RC_OK && c + 1 < m; c++)
            rc = mrow(host, ctx, tb.m, "spatial", 0, "lag_cutoff", (long)c + 1, 0, 0, 0, lcuts[c],
                      "upper bound of lag class from_class (pooled quantiles of the lag)");
        mk_count(cls, lcls, nr, ny, k, m, TS);
        for (size_t g = 0; rc == RC_OK && g < m; g++)
            rc = chain_rows(host, ctx, &tb, "spatial", (long)g + 1, TS + g * k * k, k, steps, NULL);
        mk_homogeneity h;
        mk_homogeneity_test(TS, m, k, &h);
        const char *note = h.dof > 0 ? NULL : "no degrees of freedom: too few classes have "
                                              "transitions in two or more lag classes";
        for (int q = 0; rc == RC_OK && q < 2; q++) {
            int64_t row = host->table_add_row(ctx, tb.t);
            if (row < 0) { rc = RC_ENOMEM; break; }
            size_t r = (size_t)row;
            if ((rc = host->table_set_str(ctx, tb.t, r, 0, q ? "LR" : "Q")) == RC_OK &&
                (rc = host->table_set_num(ctx, tb.t, r, 1, q ? h.LR : h.Q)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb.t, r, 2, h.dof)) == RC_OK &&
                (rc = host->table_set_num(ctx, tb.t, r, 3, q ? h.p_LR : h.p_Q)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb.t, r, 4, (int64_t)h.transitions)) == RC_OK &&
                (rc = host->table_set_int(ctx, tb.t, r, 5, (int64_t)m)) == RC_OK &&
                (rc = host->table_set_str(ctx, tb.t, r, 6, spec.name)) == RC_OK)
                rc = host->table_set_str(ctx, tb.t, r, 7, note);
        }
    }
    for (size_t t = 0; rc == RC_OK && t < ny; t++)
        for (size_t r = 0; rc == RC_OK && r < nr; r++) {
            size_t i = t * nr + r;
            if (cls[i] < 0) continue;
            int64_t row = host->table_add_row(ctx, tb.c);
            if (row < 0) { rc = RC_ENOMEM; break; }
            size_t rr = (size_t)row;
            if ((rc = host->table_set_str(ctx, tb.c, rr, 0, host->region_id(ctx, r))) == RC_OK &&
                (rc = host->table_set_int(ctx, tb.c, rr, 1, host->year(ctx, t))) == RC_OK &&
                (rc = host->table_set_num(ctx, tb.c, rr, 2, v[i])) == RC_OK &&
                (rc = host->table_set_int(ctx, tb.c, rr, 3, cls[i] + 1)) == RC_OK &&
                (rc = host->table_set_num(ctx, tb.c, rr, 4, spatial ? lag[i] : NAN)) == RC_OK)
                rc = host->table_set_int(ctx, tb.c, rr, 5, spatial && lcls[i] >= 0 ? lcls[i] + 1 : 0);
        }
done:
    free(cls); free(lcls); free(lag); free(cuts); free(lcuts); free(T); free(TS);
    an_csr_free(&W);
    return rc;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "markov",
    .version = "1.0.0",
    .summary = "Classic and spatial Markov chains of region classes",
    .key_table = &k_key_table,
    .analyse = mk_analyse,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
