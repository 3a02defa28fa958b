/* analysis/mod_obstacles.c — the `obstacles` analysis as one module: its keys
 * (`analysis.obstacles`), parsing and checking its section, and running it: the obstacle
 * degree of every indicator and dimension per region-year and the leading obstacles, into the
 * tables `obstacles` and `obstacles_top` (columns in docs/analysis.md). Region-years with
 * missing values are left out of each year's cross-section. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/module.h"
#include "methods/methods.h"

typedef struct obstacles_opts {
    /* obstacles */
    long top;
} obstacles_opts;

static const rc_config_key obstacles_keys[] = {
    {"top", RC_CFG_INT, 0, "3", "How many leading obstacles per region-year."},
};

static int parse_obstacles(const rc_config *cfg, const struct rc_node *sec, void *opts,
                           rc_error *err)
{
    obstacles_opts *o = opts;
    (void)cfg;
    char w[256];
    o->top = 3;
    const struct rc_node *n;
    int64_t v;
    if ((n = rc_node_get(sec, "top")) && rc_node_as_int(n, &v) == 0) {
        if (v < 1)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: analysis.obstacles.top must be 1 or more",
                                rc_node_where(n, w, sizeof w));
        o->top = (long)v;
    }
    return 0;
}

typedef struct ranked {
    double v;
    size_t i;
} ranked;

static int cmp_ranked(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    int xn = isnan(x->v), yn = isnan(y->v);
    if (xn != yn) return xn - yn;
    if (x->v > y->v) return -1;
    if (x->v < y->v) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int run_obstacles(const rc_an_ctx *c, const void *opts, rc_resultset *rs, rc_error *err)
{
    const obstacles_opts *o = opts;
    const rc_run_state *st = c->st;
    size_t L = st->n_leaves, K = st->n_dims, nr = c->nr, ny = c->ny;
    size_t LL = L ? L : 1, KK = K ? K : 1;
    double *F = rc_malloc(LL * sizeof *F), *x = rc_malloc(LL * sizeof *x);
    double *O = rc_malloc(LL * sizeof *O), *U = rc_malloc(KK * sizeof *U);
    size_t *dim_of = rc_malloc(LL * sizeof *dim_of);
    ranked *rk = rc_malloc((LL > KK ? LL : KK) * sizeof *rk);
    long *rank_l = rc_malloc(LL * sizeof *rank_l), *rank_d = rc_malloc(KK * sizeof *rank_d);
    int rc = -1;
    rc_tw w = {0}, wt = {0};
    if (!F || !x || !O || !U || !dim_of || !rk || !rank_l || !rank_d) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto done;
    }
    for (size_t l = 0; l < L; l++) {
        dim_of[l] = (size_t)-1;
        for (size_t d = 0; d < K; d++)
            if (st->leaf_dim[l] && strcmp(st->leaf_dim[l], st->dim_ids[d]) == 0) dim_of[l] = d;
    }
    static const char *const names[] = {"region", "year", "level", "dimension", "indicator",
                                        "obstacle", "rank"};
    static const int32_t types[] = {S, I, S, S, S, N, I};
    static const char *const tnames[] = {"region", "year", "rank", "indicator", "dimension",
                                         "obstacle"};
    static const int32_t ttypes[] = {S, I, I, S, S, N};
    if (rc_tw_open(&w, rs, "obstacles", NCOLS(names), names, types, err)) goto done;
    if (rc_tw_open(&wt, rs, "obstacles_top", NCOLS(tnames), tnames, ttypes, err)) goto done;
    for (size_t r = 0; r < nr; r++) {
        for (size_t t = 0; t < ny; t++) {
            for (size_t l = 0; l < L; l++) {
                F[l] = st->leaf_weight[l][t];
                double xv = st->leaf_norm[l][t * nr + r];
                x[l] = xv > 1.0 ? 1.0 : xv; /* V = 1 − x' never negative (shifted x') */
            }
            rc_obstacle(F, x, L, O);
            /* a dimension with no indicator value in this cell has no obstacle (NaN) */
            for (size_t d = 0; d < K; d++) U[d] = NAN;
            for (size_t l = 0; l < L; l++)
                if (dim_of[l] != (size_t)-1 && !isnan(O[l]))
                    U[dim_of[l]] = isnan(U[dim_of[l]]) ? O[l] : U[dim_of[l]] + O[l];
            for (size_t l = 0; l < L; l++) { rk[l].v = O[l]; rk[l].i = l; }
            qsort(rk, L, sizeof *rk, cmp_ranked);
            /* ties share the lowest rank (1, 2, 2, 4) as everywhere; missing = 0 */
            rc_rank_desc(O, L, rank_l);
            for (size_t a = 0; a < L && (long)a < o->top; a++) {
                if (isnan(rk[a].v)) break;
                size_t l = rk[a].i;
                rc_tw_row(&wt);
                rc_tw_s(&wt, 0, c->p->region_ids[r]);
                rc_tw_i(&wt, 1, c->p->years[t]);
                rc_tw_i(&wt, 2, rank_l[l]);
                rc_tw_s(&wt, 3, st->leaf_ids[l]);
                rc_tw_s(&wt, 4, st->leaf_dim[l]);
                rc_tw_n(&wt, 5, O[l]);
            }
            rc_rank_desc(U, K, rank_d);
            for (size_t l = 0; l < L; l++) {
                rc_tw_row(&w);
                rc_tw_s(&w, 0, c->p->region_ids[r]);
                rc_tw_i(&w, 1, c->p->years[t]);
                rc_tw_s(&w, 2, "indicator");
                rc_tw_s(&w, 3, st->leaf_dim[l]);
                rc_tw_s(&w, 4, st->leaf_ids[l]);
                rc_tw_n(&w, 5, O[l]);
                rc_tw_i(&w, 6, rank_l[l]);
            }
            for (size_t d = 0; d < K; d++) {
                rc_tw_row(&w);
                rc_tw_s(&w, 0, c->p->region_ids[r]);
                rc_tw_i(&w, 1, c->p->years[t]);
                rc_tw_s(&w, 2, "dimension");
                rc_tw_s(&w, 3, st->dim_ids[d]);
                rc_tw_s(&w, 4, "");
                rc_tw_n(&w, 5, U[d]);
                rc_tw_i(&w, 6, rank_d[d]);
            }
        }
    }
    rc = rc_tw_close(&w, err);
    if (!rc) rc = rc_tw_close(&wt, err);
done:
    free(F); free(x); free(O); free(U); free(dim_of); free(rk); free(rank_l); free(rank_d);
    return rc;
}

static const rc_config_section k_sections[] = {
    {"analysis.obstacles", "Obstacle degree per region, year and indicator.", obstacles_keys, NCOLS(obstacles_keys)},
};
static const char *const k_tables[] = {"obstacles", "obstacles_top", NULL};

const rc_analysis_module rc_mod_obstacles = {
    "obstacles", "Obstacle degree per region, year and indicator.", k_sections, NCOLS(k_sections), k_tables,
    sizeof(obstacles_opts), parse_obstacles, run_obstacles, NULL,
};
