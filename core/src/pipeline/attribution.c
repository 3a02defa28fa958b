/* pipeline/attribution.c — the `attribution` table: "who moved and why". Each region's
 * index change between consecutive years is split exactly into the contributions of the
 * dimensions, each dimension's change into its children's, down to the indicators
 * (docs/tables.md#attribution):
 *   - arithmetic aggregation: contribution_j = w̄_j Δx_j (value part) + x̄_j Δw_j (weight
 *     part), with w the normalised weights of the two years and bars their means; the parts
 *     sum to the change exactly;
 *   - arithmetic aggregation with a child missing in one of the years (policy available):
 *     the Shapley value over the children, each child switching its value and weight from
 *     the old year to the new one, in closed form: the aggregate is N(S)/D(S) with N the
 *     sum of present w·x and D of present w, and only the m children whose present weight
 *     differs between the years move D, so the value is a sum over the 2^m subsets of those
 *     (shapley_ratio) rather than over all 2^k coalitions;
 *   - any other aggregation (geometric, TOPSIS, MPI, AMPI): the Shapley value over the
 *     children by enumerating the coalitions; the aggregation is the methods library's own
 *     (rc_aggregate), so the split is exact for any aggregator. Where the aggregation looks
 *     at the whole cross-section (TOPSIS ideals, MPI means), what the other regions and the
 *     year's ideals did is one more row, `(context)`, so the rows still sum to the change.
 * A score that is not the aggregate of its children (a plugin's own scores, a coverage rule
 * that dropped it) is not split: its row says why in `note`. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/internal.h"

#define AT_MAX_SHAPLEY_CELL 16  /* children for Shapley with a per-cell aggregation, and
                                  * children that move the weight sum in shapley_ratio */
#define AT_MAX_SHAPLEY_PANEL 10 /* children for Shapley when the aggregation sees the panel */

/* One node of the tree: its children's columns and weights, its recorded score. */
typedef struct at_node {
    const char *path;             /* "index", the dimension id, or a component's path */
    size_t k;
    const double **cols;          /* k columns, ny × nr, unscaled */
    double *w;                    /* ny × k */
    const char **ids;             /* the child ids (components: their paths) */
    const char **levels;          /* "dimension", "component", "indicator" */
    const rc_comp_run **sub;      /* the child's own node, NULL for an indicator */
    const rc_agg_spec *agg;
    rc_missing_policy policy;
    const double *score;          /* ny × nr */
} at_node;

typedef struct at_run {
    rc_pipeline *pl;
    struct rc_table *t;
    double scale;
    double *tmp;                  /* scratch: k columns of one panel, for Shapley */
    const double **tcols;
    double *tw;
    double *tout;
} at_run;

static void node_free(at_node *n)
{
    free(n->cols);
    free(n->w);
    free(n->ids);
    free(n->levels);
    free(n->sub);
    memset(n, 0, sizeof *n);
}

static int node_alloc(at_node *n, size_t k, size_t ny)
{
    n->k = k;
    n->cols = rc_calloc(k + 1, sizeof *n->cols);
    n->w = rc_calloc((k + 1) * ny, sizeof *n->w);
    n->ids = rc_calloc(k + 1, sizeof *n->ids);
    n->levels = rc_calloc(k + 1, sizeof *n->levels);
    n->sub = rc_calloc(k + 1, sizeof *n->sub);
    return n->cols && n->w && n->ids && n->levels && n->sub ? 0 : -1;
}

/* The node of a dimension root or component. */
static int comp_node(const rc_pipeline *pl, const rc_comp_run *c, int root, at_node *n)
{
    size_t k = c->n_inds + c->n_comps;
    if (node_alloc(n, k, pl->ny) != 0) return -1;
    n->path = c->path ? c->path : c->id;
    if (root && c->cfg) n->path = c->cfg->id;
    for (size_t i = 0; i < c->n_inds; i++) {
        n->cols[i] = c->inds[i]->norm;
        n->ids[i] = c->inds[i]->id;
        n->levels[i] = "indicator";
        for (size_t t = 0; t < pl->ny; t++) n->w[t * k + i] = c->inds[i]->w_local[t];
    }
    for (size_t j = 0; j < c->n_comps; j++) {
        size_t i = c->n_inds + j;
        n->cols[i] = c->comps[j].score;
        n->ids[i] = c->comps[j].path;
        n->levels[i] = "component";
        n->sub[i] = &c->comps[j];
        for (size_t t = 0; t < pl->ny; t++) n->w[t * k + i] = c->comps[j].w_local[t];
    }
    n->agg = &c->agg;
    n->policy = c->missing.policy;
    n->score = c->score;
    return 0;
}

static int per_cell(const rc_agg_spec *a)
{
    return a->method == RC_AGG_ARITHMETIC || a->method == RC_AGG_GEOMETRIC;
}

/* The node's aggregate at (t1, r) with the children in `mask` at their t1 value and weight
 * and the others at their t0 ones; NaN when it cannot be computed (a data error of the
 * aggregation); *oom set when memory ran out. */
static double evaluate(at_run *A, const at_node *n, size_t t0, size_t t1, size_t r,
                       unsigned mask, int *oom)
{
    const rc_pipeline *pl = A->pl;
    size_t k = n->k, nr = pl->nr, ny = pl->ny;
    rc_error e;
    rc_error_clear(&e);
    if (per_cell(n->agg)) {
        for (size_t j = 0; j < k; j++) {
            int new_ = (mask >> j) & 1u;
            size_t t = new_ ? t1 : t0;
            A->tmp[j] = n->cols[j][t * nr + r];
            A->tcols[j] = &A->tmp[j];
            A->tw[j] = n->w[t * k + j];
        }
        if (rc_aggregate(n->agg, A->tcols, k, 1, 1, A->tw, n->policy, NULL, NULL, NULL, A->tout,
                         &e) != 0) {
            if (e.kind == RC_ERRK_OTHER) *oom = 1;
            return NAN;
        }
        return A->tout[0];
    }
    /* the aggregation sees the whole panel: copy it, switch region r's year-t1 cells */
    for (size_t j = 0; j < k; j++) {
        double *col = A->tmp + j * nr * ny;
        memcpy(col, n->cols[j], nr * ny * sizeof *col);
        if (!((mask >> j) & 1u)) col[t1 * nr + r] = n->cols[j][t0 * nr + r];
        A->tcols[j] = col;
    }
    memcpy(A->tw, n->w, ny * k * sizeof *A->tw);
    for (size_t j = 0; j < k; j++)
        if (!((mask >> j) & 1u)) A->tw[t1 * k + j] = n->w[t0 * k + j];
    if (rc_aggregate(n->agg, A->tcols, k, nr, ny, A->tw, n->policy, NULL, NULL, pl->panel->years,
                     A->tout, &e) != 0) {
        if (e.kind == RC_ERRK_OTHER) *oom = 1;
        return NAN;
    }
    return A->tout[t1 * nr + r];
}

static int close_to(double a, double b)
{
    return fabs(a - b) <= 1e-9 * (1.0 + fabs(a) + fabs(b));
}

/* The Shapley split of an arithmetic node (policy available) between years t0 and t1 of
 * region r. Child j contributes a = w·x and b = w in a year where both are present, 0 and
 * 0 where not; the aggregate of a coalition S (the children in S at their t1 state) is
 * f(S) = (N0 + Σ_S Δa) / (D0 + Σ_S Δb). Only the children in M = {j : Δb_j ≠ 0} move the
 * denominator. With T the members of M that precede j in a random order:
 *   j ∉ M: f(S∪j) − f(S) = Δa_j / D(T), and T is any t-subset of M with probability
 *          t!(m−t)!/(m+1)!, so φ_j = Δa_j Σ_T t!(m−t)!/(m+1)! / D(T);
 *   j ∈ M: T ⊆ M∖{j} with probability t!(m−1−t)!/m!, and each child outside M precedes j
 *          with probability (t+1)/(m+1); f is linear in their Δa, so their expected sum
 *          X·(t+1)/(m+1) enters f(S∪j) − f(S) exactly.
 * Writes φ into contrib[0..k) and f(∅), f(all) into *v0, *v1. Returns 0, 1 when some
 * coalition has no positive weight (the aggregate would be undefined) or M is too large,
 * -1 when memory ran out. */
static int shapley_ratio(const at_node *n, size_t nr, size_t r, size_t t0, size_t t1,
                         double *contrib, double *v0, double *v1, const char **note)
{
    size_t k = n->k, m = 0;
    double N0 = 0.0, D0 = 0.0, X = 0.0, dN_all = 0.0, dD_all = 0.0;
    size_t idx[AT_MAX_SHAPLEY_CELL];
    double dA[AT_MAX_SHAPLEY_CELL], dM[AT_MAX_SHAPLEY_CELL]; /* Δa and Δb of M's members */
    for (size_t j = 0; j < k; j++) {
        double x0 = n->cols[j][t0 * nr + r], x1 = n->cols[j][t1 * nr + r];
        double w0 = n->w[t0 * k + j], w1 = n->w[t1 * k + j];
        int p0 = !isnan(x0) && !isnan(w0), p1 = !isnan(x1) && !isnan(w1);
        double a0 = p0 ? w0 * x0 : 0.0, b0 = p0 ? w0 : 0.0;
        double a1 = p1 ? w1 * x1 : 0.0, b1 = p1 ? w1 : 0.0;
        N0 += a0;
        D0 += b0;
        dN_all += a1 - a0;
        dD_all += b1 - b0;
        contrib[j] = a1 - a0; /* Δa for now */
        if (b1 != b0) {
            if (m == AT_MAX_SHAPLEY_CELL) {
                *note = "too many children for the Shapley split";
                return 1;
            }
            idx[m] = j;
            dA[m] = a1 - a0;
            dM[m++] = b1 - b0;
        } else {
            X += a1 - a0;
        }
    }
    size_t full = (size_t)1 << m;
    double *D = rc_malloc(2 * full * sizeof *D);
    if (!D) return -1;
    double *NT = D + full;
    D[0] = D0;
    NT[0] = 0.0;
    for (size_t T = 1; T < full; T++) {
        size_t low = (size_t)__builtin_ctzll((unsigned long long)T);
        D[T] = D[T & (T - 1)] + dM[low];
        NT[T] = NT[T & (T - 1)] + dA[low];
    }
    int ok = 1;
    for (size_t T = 0; T < full; T++) ok &= D[T] > 0.0;
    if (!ok) {
        free(D);
        *note = "not the aggregate of its children";
        return 1;
    }
    double fact[AT_MAX_SHAPLEY_CELL + 2];
    fact[0] = 1.0;
    for (size_t i = 1; i <= m + 1; i++) fact[i] = fact[i - 1] * (double)i;
    /* children outside M: one sum for all of them */
    double H = 0.0;
    for (size_t T = 0; T < full; T++) {
        size_t t = (size_t)__builtin_popcountll((unsigned long long)T);
        H += fact[t] * fact[m - t] / fact[m + 1] / D[T];
    }
    for (size_t j = 0; j < k; j++) contrib[j] *= H; /* overwritten below for M */
    for (size_t p = 0; p < m; p++) {
        double phi = 0.0;
        size_t bit = (size_t)1 << p;
        double db = D[bit] - D0; /* Δb as the subset sums carry it */
        for (size_t T = 0; T < full; T++) {
            if (T & bit) continue;
            size_t t = (size_t)__builtin_popcountll((unsigned long long)T);
            double ex = X * (double)(t + 1) / (double)(m + 1);
            double num = N0 + NT[T] + ex;
            phi += fact[t] * fact[m - 1 - t] / fact[m] *
                   ((num + dA[p]) / (D[T] + db) - num / D[T]);
        }
        contrib[idx[p]] = phi;
    }
    *v0 = N0 / D0;
    *v1 = (N0 + dN_all) / (D0 + dD_all);
    free(D);
    return 0;
}

/* One row. */
static int add_row(at_run *A, size_t r, size_t t1, const char *level, const char *parent,
                   const char *item, double change, double contribution, double vpart,
                   double wpart, double to_index, const char *method, const char *note)
{
    struct rc_table *t = A->t;
    long row = rc_table_add_row(t);
    if (row < 0) return -1;
    size_t R = (size_t)row;
    const rc_panel *p = A->pl->panel;
    double s = A->scale;
    int bad = rc_table_set_str(t, R, 0, p->region_ids[r]) |
              rc_table_set_int(t, R, 1, p->years[t1 - 1]) | rc_table_set_int(t, R, 2, p->years[t1]) |
              rc_table_set_str(t, R, 3, level) | rc_table_set_str(t, R, 4, parent) |
              rc_table_set_str(t, R, 5, item) | rc_table_set_num(t, R, 6, change * s) |
              rc_table_set_num(t, R, 7, contribution * s) | rc_table_set_num(t, R, 8, vpart * s) |
              rc_table_set_num(t, R, 9, wpart * s) | rc_table_set_num(t, R, 10, to_index * s) |
              rc_table_set_str(t, R, 11, method) | rc_table_set_str(t, R, 12, note ? note : "");
    return bad ? -1 : 0;
}

static int split(at_run *A, const at_node *n, size_t r, size_t t1, double to_index);

/* Recurses into a child that has children of its own. */
static int split_child(at_run *A, const at_node *n, size_t j, size_t r, size_t t1,
                       double to_index)
{
    const rc_comp_run *c = n->sub[j];
    if (!c) return 0;
    at_node cn;
    memset(&cn, 0, sizeof cn);
    int rc = comp_node(A->pl, c, 0, &cn);
    if (rc == 0) {
        cn.path = c->path;
        rc = split(A, &cn, r, t1, to_index);
    }
    node_free(&cn);
    return rc;
}

/* Splits node n's change from t1-1 to t1 in region r into its children's contributions;
 * `to_index` is n's own contribution to the index change. */
static int split(at_run *A, const at_node *n, size_t r, size_t t1, double to_index)
{
    const rc_pipeline *pl = A->pl;
    size_t nr = pl->nr, k = n->k, t0 = t1 - 1;
    double p0 = n->score ? n->score[t0 * nr + r] : NAN, p1 = n->score ? n->score[t1 * nr + r] : NAN;
    if (isnan(p0) || isnan(p1) || k == 0) return 0;
    double dp = p1 - p0;
    for (size_t j = 0; j < k; j++)
        if (!n->cols[j])
            return add_row(A, r, t1, "note", n->path, "", dp, NAN, NAN, NAN, to_index, "",
                           "a child has no scores");
    int any_missing = 0;
    for (size_t j = 0; j < k; j++)
        any_missing |= isnan(n->cols[j][t0 * nr + r]) || isnan(n->cols[j][t1 * nr + r]) ||
                       isnan(n->w[t0 * k + j]) || isnan(n->w[t1 * k + j]);
    double *contrib = rc_calloc(2 * k + 1, sizeof *contrib);
    if (!contrib) return -1;
    double *vpart = contrib + k;
    int rc = 0;
    const char *method = NULL, *note = NULL;
    double context = 0.0;
    if (n->agg->method == RC_AGG_ARITHMETIC && !any_missing) {
        double s0 = 0.0, s1 = 0.0;
        for (size_t j = 0; j < k; j++) {
            s0 += n->w[t0 * k + j];
            s1 += n->w[t1 * k + j];
        }
        double check = 0.0;
        for (size_t j = 0; j < k; j++) {
            double w0 = n->w[t0 * k + j] / s0, w1 = n->w[t1 * k + j] / s1;
            double x0 = n->cols[j][t0 * nr + r], x1 = n->cols[j][t1 * nr + r];
            vpart[j] = 0.5 * (w0 + w1) * (x1 - x0);
            contrib[j] = vpart[j] + 0.5 * (x0 + x1) * (w1 - w0);
            check += w1 * x1 - w0 * x0;
        }
        method = "arithmetic";
        if (!(s0 > 0.0 && s1 > 0.0) || !close_to(check, dp)) note = "not the aggregate of its children";
    } else if (n->agg->method == RC_AGG_ARITHMETIC && n->policy == RC_MISSING_AVAILABLE) {
        method = "shapley";
        double v0 = NAN, v1 = NAN;
        rc = shapley_ratio(n, nr, r, t0, t1, contrib, &v0, &v1, &note);
        if (rc < 0) {
            free(contrib);
            return -1;
        }
        rc = 0;
        if (!note && (!close_to(v0, p0) || !close_to(v1, p1))) note = "not the aggregate of its children";
        for (size_t j = 0; j < k; j++) vpart[j] = NAN;
    } else {
        size_t cap = per_cell(n->agg) ? AT_MAX_SHAPLEY_CELL : AT_MAX_SHAPLEY_PANEL;
        method = "shapley";
        if (k > cap) {
            note = "too many children for the Shapley split";
        } else {
            unsigned full = (1u << k) - 1u;
            double *v = rc_malloc(((size_t)full + 1) * sizeof *v);
            if (!v) {
                free(contrib);
                return -1;
            }
            int oom = 0;
            for (unsigned m = 0; m <= full && !oom; m++) v[m] = evaluate(A, n, t0, t1, r, m, &oom);
            if (oom) {
                free(v);
                free(contrib);
                return -1;
            }
            int finite = 1;
            for (unsigned m = 0; m <= full; m++) finite &= isfinite(v[m]);
            if (!finite || !close_to(v[full], p1)) {
                note = "not the aggregate of its children";
            } else {
                /* weight |S|! (k-|S|-1)! / k! for each S without j */
                double fact[AT_MAX_SHAPLEY_CELL + 1];
                fact[0] = 1.0;
                for (size_t i = 1; i <= k; i++) fact[i] = fact[i - 1] * (double)i;
                for (size_t j = 0; j < k; j++) {
                    double phi = 0.0;
                    for (unsigned m = 0; m <= full; m++) {
                        if ((m >> j) & 1u) continue;
                        size_t sz = (size_t)__builtin_popcount(m);
                        phi += fact[sz] * fact[k - sz - 1] / fact[k] * (v[m | (1u << j)] - v[m]);
                    }
                    contrib[j] = phi;
                    vpart[j] = NAN;
                }
                context = v[0] - p0; /* zero for a per-cell aggregation */
                if (per_cell(n->agg) && !close_to(v[0], p0)) note = "not the aggregate of its children";
            }
            free(v);
        }
    }
    if (note) {
        rc = add_row(A, r, t1, "note", n->path, "", dp, NAN, NAN, NAN, to_index, method, note);
        free(contrib);
        return rc;
    }
    for (size_t j = 0; j < k && rc == 0; j++) {
        double x0 = n->cols[j][t0 * nr + r], x1 = n->cols[j][t1 * nr + r];
        double share = dp != 0.0 ? to_index * contrib[j] / dp : NAN;
        double wpart = isnan(vpart[j]) ? NAN : contrib[j] - vpart[j];
        rc = add_row(A, r, t1, n->levels[j], n->path, n->ids[j], x1 - x0, contrib[j], vpart[j],
                     wpart, share, method,
                     isnan(x0) != isnan(x1) ? "observed in one of the two years" : NULL);
        if (rc == 0 && !isnan(share)) rc = split_child(A, n, j, r, t1, share);
    }
    if (rc == 0 && !per_cell(n->agg) && strcmp(method, "shapley") == 0)
        rc = add_row(A, r, t1, "context", n->path, "(context)", NAN, context, NAN, NAN,
                     dp != 0.0 ? to_index * context / dp : NAN, method, NULL);
    free(contrib);
    return rc;
}

int rc_attribution_build(rc_pipeline *pl, rc_error *err)
{
    static const char *cols[] = {"region", "from_year", "to_year", "level", "parent", "item",
                                 "change", "contribution", "value_part", "weight_part",
                                 "to_index", "method", "note"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_INT, RC_COL_STRING,
                                    RC_COL_STRING, RC_COL_STRING, RC_COL_NUMBER, RC_COL_NUMBER,
                                    RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_STRING,
                                    RC_COL_STRING};
    at_run A = {.pl = pl, .scale = pl->cfg->index_scale};
    A.t = rc_table_add(pl->rs, "attribution", 13, cols, types);
    at_node root;
    memset(&root, 0, sizeof root);
    size_t k = pl->n_dims, maxk = k;
    for (size_t i = 0; i < pl->n_dims; i++) {
        /* the widest node decides the scratch size */
        const rc_comp_run *stack[64];
        size_t sp = 0;
        stack[sp++] = &pl->dims[i].root;
        while (sp) {
            const rc_comp_run *c = stack[--sp];
            if (c->n_inds + c->n_comps > maxk) maxk = c->n_inds + c->n_comps;
            for (size_t j = 0; j < c->n_comps && sp < 64; j++) stack[sp++] = &c->comps[j];
        }
    }
    size_t cells = pl->nr * pl->ny;
    A.tmp = rc_malloc((maxk + 1) * (cells + 1) * sizeof *A.tmp);
    A.tcols = rc_calloc(maxk + 1, sizeof *A.tcols);
    A.tw = rc_malloc((maxk + 1) * (pl->ny + 1) * sizeof *A.tw);
    A.tout = rc_malloc((cells + 1) * sizeof *A.tout);
    int rc = -1;
    if (!A.t || !A.tmp || !A.tcols || !A.tw || !A.tout || node_alloc(&root, k, pl->ny) != 0)
        goto nomem;
    root.path = "index";
    for (size_t i = 0; i < k; i++) {
        const rc_dim_run *d = &pl->dims[i];
        root.cols[i] = d->scores;
        root.ids[i] = d->cfg->root.id;
        root.levels[i] = "dimension";
        /* a plugin's own scores (set_scores) are not an aggregate of the indicators */
        root.sub[i] = d->scores && d->scores == d->root.score ? &d->root : NULL;
        for (size_t t = 0; t < pl->ny; t++) root.w[t * k + i] = pl->dim_weights[t * k + i];
    }
    root.agg = &pl->index_agg;
    root.policy = pl->index_missing.policy;
    root.score = pl->index;
    for (size_t r = 0; r < pl->nr; r++) {
        for (size_t t1 = 1; t1 < pl->ny; t1++) {
            double a = pl->index[(t1 - 1) * pl->nr + r], b = pl->index[t1 * pl->nr + r];
            if (isnan(a) || isnan(b)) continue;
            if (add_row(&A, r, t1, "index", "", "index", b - a, b - a, NAN, NAN, b - a,
                        rc_agg_method_name(pl->index_agg.method), NULL) != 0 ||
                split(&A, &root, r, t1, b - a) != 0)
                goto nomem;
        }
    }
    rc = 0;
    goto done;
nomem:
    rc_error_set(err, RC_ERRK_OTHER, "out of memory building the attribution table");
done:
    node_free(&root);
    free(A.tmp);
    free(A.tcols);
    free(A.tw);
    free(A.tout);
    return rc;
}
