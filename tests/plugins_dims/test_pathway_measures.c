/* test_pathway_measures.c — pins the domain measures of the four pathway plugins (issue 5)
 * on hand-computed cases through a mock host holding a 4-region × 3-year panel with
 * adjacency A–B, A–C and an island D: spatial lag and frontier gap (infrastructure), flow
 * intensity, net flow balance and trading intensity (data_market), fusion degree and
 * structural similarity (industry_fusion), market segmentation/integration and policy
 * series (institutional; |ΔQ| de-meaned across categories or per category-year across
 * pairs), with a region without neighbours, a pair with a missing year,
 * a zero flow and a single sector among the cases, and the errors for bad configs. */
#include <check.h>
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dims_mock.h"
#include "regcoord/plugin.h"

#ifndef RC_TEST_PLUGIN_DIR
#error "RC_TEST_PLUGIN_DIR must name the build tree's plugin folder"
#endif

#define NR 4
#define NY 3
#define NC (NR * NY)
#define A 0
#define B 1
#define C 2
#define D 3
#define CELL(t, r) ((t) * NR + (r))

/* ---------------------------------------------------------------- mock config nodes */

#define SCALAR(k, s) DIMS_SCALAR(k, s)
#define MAP(k, arr) DIMS_NODE(RC_NODE_MAP, k, arr, sizeof(arr) / sizeof((arr)[0]))
#define LIST(k, arr) DIMS_NODE(RC_NODE_LIST, k, arr, sizeof(arr) / sizeof((arr)[0]))

/* ---------------------------------------------------------------- mock host */

#define MAX_SERIES 16
#define MAX_ADDED 16

typedef struct named_series {
    const char *name;
    double v[NC];
} named_series;

typedef struct added_ind {
    char id[128];
    int32_t direction;
    double v[NC];
} added_ind;

struct rc_ctx {
    const rc_node *section;
    named_series series[MAX_SERIES];
    size_t n_series;
    int no_spatial;
    added_ind added[MAX_ADDED];
    size_t n_added;
    int n_score_default;
    char error[2048];
};

/* A–B, A–C; D has no neighbours. Row-standardised weights. */
static const size_t k_nbr_a[] = {B, C}, k_nbr_b[] = {A}, k_nbr_c[] = {A};
static const double k_w_a[] = {0.5, 0.5}, k_w_1[] = {1.0};

static void mock_log(rc_ctx *ctx, int32_t level, const char *message)
{
    (void)ctx;
    (void)level;
    (void)message;
}

static void mock_set_error(rc_ctx *ctx, const char *message)
{
    snprintf(ctx->error, sizeof ctx->error, "%s", message);
}

static const rc_node *mock_config(rc_ctx *ctx) { return ctx->section; }

static const char *mock_node_where(rc_ctx *ctx, const rc_node *node)
{
    (void)ctx;
    (void)node;
    return "assessment.yaml:9:3";
}

static size_t mock_n_regions(rc_ctx *ctx)
{
    (void)ctx;
    return NR;
}

static size_t mock_n_years(rc_ctx *ctx)
{
    (void)ctx;
    return NY;
}

static int32_t mock_series(rc_ctx *ctx, const char *name, const double **values)
{
    for (size_t i = 0; i < ctx->n_series; i++)
        if (strcmp(ctx->series[i].name, name) == 0) {
            *values = ctx->series[i].v;
            return RC_OK;
        }
    return RC_ENOTFOUND;
}

static int32_t mock_neighbours(rc_ctx *ctx, size_t region, const size_t **index,
                               const double **weight, size_t *n)
{
    if (ctx->no_spatial)
        return RC_ENOTFOUND;
    ck_assert_uint_lt(region, NR);
    switch (region) {
    case A: *index = k_nbr_a; *weight = k_w_a; *n = 2; break;
    case B: *index = k_nbr_b; *weight = k_w_1; *n = 1; break;
    case C: *index = k_nbr_c; *weight = k_w_1; *n = 1; break;
    default: *index = NULL; *weight = NULL; *n = 0; break;
    }
    return RC_OK;
}

static int32_t mock_add_indicator(rc_ctx *ctx, const char *id, int32_t direction,
                                  const double *values, const char *description)
{
    ck_assert_uint_lt(ctx->n_added, MAX_ADDED);
    ck_assert_int_eq(ctx->n_score_default, 0);
    ck_assert_msg(description != NULL && description[0] != '\0', "%s has no description", id);
    for (size_t i = 0; i < ctx->n_added; i++)
        ck_assert_str_ne(ctx->added[i].id, id);
    added_ind *a = &ctx->added[ctx->n_added++];
    snprintf(a->id, sizeof a->id, "%s", id);
    a->direction = direction;
    memcpy(a->v, values, sizeof a->v);
    return RC_OK;
}

static int32_t mock_score_default(rc_ctx *ctx)
{
    ctx->n_score_default++;
    return RC_OK;
}

static rc_host mock_host(void)
{
    rc_host h = dims_host_base();
    h.log = mock_log;
    h.set_error = mock_set_error;
    h.config = mock_config;
    h.node_where = mock_node_where;
    h.n_regions = mock_n_regions;
    h.n_years = mock_n_years;
    h.series = mock_series;
    h.neighbours = mock_neighbours;
    h.add_indicator = mock_add_indicator;
    h.score_default = mock_score_default;
    return h;
}

static void new_ctx(rc_ctx *ctx, const rc_node *section)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->section = section;
}

/* Adds a series given year by year: v[t][r]. */
static void put(rc_ctx *ctx, const char *name, const double v[NY][NR])
{
    ck_assert_uint_lt(ctx->n_series, MAX_SERIES);
    named_series *s = &ctx->series[ctx->n_series++];
    s->name = name;
    for (int t = 0; t < NY; t++)
        for (int r = 0; r < NR; r++)
            s->v[CELL(t, r)] = v[t][r];
}

static int32_t run(const char *plugin, rc_ctx *ctx)
{
    dims_plugin p = dims_open(plugin);
    rc_host h = mock_host();
    int32_t rc = dims_score(p.d, &h, ctx);
    dlclose(p.dl);
    return rc;
}

static const added_ind *added(const rc_ctx *ctx, const char *id)
{
    for (size_t i = 0; i < ctx->n_added; i++)
        if (strcmp(ctx->added[i].id, id) == 0)
            return &ctx->added[i];
    ck_abort_msg("indicator %s was not added", id);
    return NULL;
}

/* want[t][r], NAN for missing; 1e-12 relative. */
static void expect(const added_ind *a, const double want[NY][NR])
{
    for (int t = 0; t < NY; t++)
        for (int r = 0; r < NR; r++) {
            double got = a->v[CELL(t, r)], w = want[t][r];
            if (isnan(w)) {
                ck_assert_msg(isnan(got), "%s year %d region %d: got %.17g, want missing",
                              a->id, t, r, got);
                continue;
            }
            ck_assert_msg(fabs(got - w) <= 1e-12 * fmax(1.0, fabs(w)),
                          "%s year %d region %d: got %.17g, want %.17g", a->id, t, r, got, w);
        }
}

/* ---------------------------------------------------------------- infrastructure */

/* broadband_ports_per_100 = ports / population * 100. Year 0: 5, 10, 15, 20; year 1: B's
 * ports missing; year 2: A's population 0 (ratio missing). */
static void put_infrastructure(rc_ctx *ctx)
{
    static const double ports[NY][NR] = {{10, 20, 30, 40}, {12, NAN, 16, 8}, {20, 20, 20, 20}};
    static const double pop[NY][NR] = {{200, 200, 200, 200}, {200, 200, 200, 200},
                                       {0, 200, 200, 200}};
    put(ctx, "broadband_ports", ports);
    put(ctx, "population", pop);
}

START_TEST(spatial_lag_of_catalogue_ratio_is_mean_over_present_neighbours)
{
    static const rc_node lag[] = {SCALAR(NULL, "broadband_ports_per_100")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), LIST("spatial_lag", lag)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_infrastructure(&ctx);
    ck_assert_int_eq(run("infrastructure", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 1);
    ck_assert_int_eq(ctx.n_score_default, 1);
    const added_ind *a = added(&ctx, "broadband_ports_per_100_spatial_lag");
    ck_assert_int_eq(a->direction, RC_BENEFIT);
    /* values 5,10,15,20 | 6,-,8,4 | -,10,10,10. A = (B + C) / 2; B = A; C = A; D has no
     * neighbours. Year 1: B missing → A's lag is C alone. Year 2: A missing → B, C missing. */
    static const double want[NY][NR] = {{12.5, 5, 5, NAN}, {8, 6, 6, NAN}, {10, NAN, NAN, NAN}};
    expect(a, want);
}
END_TEST

START_TEST(frontier_gap_is_value_over_the_years_best)
{
    static const rc_node gap[] = {SCALAR(NULL, "broadband_ports_per_100"),
                                  SCALAR(NULL, "population")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), LIST("frontier_gap", gap)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_infrastructure(&ctx);
    ck_assert_int_eq(run("infrastructure", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 2);
    const added_ind *a = added(&ctx, "broadband_ports_per_100_frontier_gap");
    ck_assert_int_eq(a->direction, RC_BENEFIT);
    static const double want[NY][NR] = {{0.25, 0.5, 0.75, 1},
                                        {0.75, NAN, 1, 0.5},
                                        {NAN, 1, 1, 1}};
    expect(a, want);
    /* a raw series by name: population 0 in A in year 2 → gap 0 */
    static const double want_pop[NY][NR] = {{1, 1, 1, 1}, {1, 1, 1, 1}, {0, 1, 1, 1}};
    expect(added(&ctx, "population_frontier_gap"), want_pop);
}
END_TEST

START_TEST(spatial_lag_of_configured_series_indicator_with_per_and_cost_direction)
{
    static const rc_node ind_items[] = {SCALAR("series", "broadband_ports"),
                                        SCALAR("per", "population"), SCALAR("direction", "-")};
    static const rc_node inds[] = {MAP("ports_pp", ind_items)};
    static const rc_node lag[] = {SCALAR(NULL, "ports_pp")};
    static const rc_node items[] = {MAP("indicators", inds), LIST("spatial_lag", lag)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_infrastructure(&ctx);
    ck_assert_int_eq(run("infrastructure", &ctx), RC_OK);
    const added_ind *a = added(&ctx, "ports_pp_spatial_lag");
    ck_assert_int_eq(a->direction, RC_COST);
    /* ports / population without the catalogue's × 100 */
    static const double want[NY][NR] = {
        {0.125, 0.05, 0.05, NAN}, {0.08, 0.06, 0.06, NAN}, {0.1, NAN, NAN, NAN}};
    expect(a, want);
}
END_TEST

START_TEST(spatial_lag_without_spatial_weights_is_an_error)
{
    static const rc_node lag[] = {SCALAR(NULL, "broadband_ports_per_100")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), LIST("spatial_lag", lag)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_infrastructure(&ctx);
    ctx.no_spatial = 1;
    ck_assert_int_eq(run("infrastructure", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "adjacency"));
    ck_assert_int_eq(ctx.n_score_default, 0);
}
END_TEST

START_TEST(spatial_lag_of_formula_indicator_or_unknown_series_is_an_error)
{
    static const rc_node f[] = {SCALAR("formula", "broadband_ports / population")};
    static const rc_node inds[] = {MAP("ports_f", f)};
    static const rc_node lag[] = {SCALAR(NULL, "ports_f")};
    static const rc_node items[] = {MAP("indicators", inds), LIST("spatial_lag", lag)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_infrastructure(&ctx);
    ck_assert_int_eq(run("infrastructure", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "ports_f"));

    static const rc_node gap[] = {SCALAR(NULL, "no_such_series")};
    static const rc_node items2[] = {SCALAR("catalogue", "none"), LIST("frontier_gap", gap)};
    static const rc_node section2 = MAP(NULL, items2);
    new_ctx(&ctx, &section2);
    put_infrastructure(&ctx);
    ck_assert_int_eq(run("infrastructure", &ctx), RC_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(ctx.error, "no_such_series"));
}
END_TEST

/* ---------------------------------------------------------------- data_market */

START_TEST(flow_intensity_and_net_flow_balance_with_a_zero_flow)
{
    static const rc_node flows[] = {SCALAR("inflow", "tin"), SCALAR("outflow", "tout"),
                                    SCALAR("gdp", "grp")};
    static const rc_node trading[] = {SCALAR(NULL, "sales")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("flows", flows),
                                    LIST("trading", trading)};
    static const rc_node section = MAP(NULL, items);
    /* B has no flow at all (0/0 balance); C only exports; D's GDP is 0; year 1 A's inflow
     * is missing. */
    static const double tin[NY][NR] = {{30, 0, 0, 1}, {NAN, 0, 0, 1}, {10, 0, 0, 1}};
    static const double tout[NY][NR] = {{10, 0, 5, 3}, {10, 0, 5, 3}, {30, 0, 5, 3}};
    static const double grp[NY][NR] = {{200, 100, 50, 0}, {200, 100, 50, 0}, {400, 100, 50, 0}};
    static const double sales[NY][NR] = {{50, 10, NAN, 1}, {50, 10, 5, 1}, {100, 0, 5, 1}};
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put(&ctx, "tin", tin);
    put(&ctx, "tout", tout);
    put(&ctx, "grp", grp);
    put(&ctx, "sales", sales);
    ck_assert_int_eq(run("data_market", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 3);
    const added_ind *fi = added(&ctx, "flow_intensity");
    const added_ind *nb = added(&ctx, "net_flow_balance");
    const added_ind *ti = added(&ctx, "sales_trading_intensity");
    ck_assert_int_eq(fi->direction, RC_BENEFIT);
    ck_assert_int_eq(nb->direction, RC_BENEFIT);
    ck_assert_int_eq(ti->direction, RC_BENEFIT);
    static const double want_fi[NY][NR] = {{0.2, 0, 0.1, NAN}, {NAN, 0, 0.1, NAN},
                                           {0.1, 0, 0.1, NAN}};
    static const double want_nb[NY][NR] = {{-0.5, NAN, 1, 0.5}, {NAN, NAN, 1, 0.5},
                                           {0.5, NAN, 1, 0.5}};
    static const double want_ti[NY][NR] = {{0.25, 0.1, NAN, NAN}, {0.25, 0.1, 0.1, NAN},
                                           {0.25, 0, 0.1, NAN}};
    expect(fi, want_fi);
    expect(nb, want_nb);
    expect(ti, want_ti);
}
END_TEST

START_TEST(trading_without_flows_divides_by_the_series_gdp)
{
    static const rc_node trading[] = {SCALAR(NULL, "sales")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), LIST("trading", trading)};
    static const rc_node section = MAP(NULL, items);
    static const double gdp[NY][NR] = {{10, 20, 40, 80}, {10, 20, 40, 80}, {10, 20, 40, 80}};
    static const double sales[NY][NR] = {{1, 1, 1, 1}, {2, 2, 2, 2}, {0, 0, 0, 0}};
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put(&ctx, "gdp", gdp);
    put(&ctx, "sales", sales);
    ck_assert_int_eq(run("data_market", &ctx), RC_OK);
    static const double want[NY][NR] = {{0.1, 0.05, 0.025, 0.0125}, {0.2, 0.1, 0.05, 0.025},
                                        {0, 0, 0, 0}};
    expect(added(&ctx, "sales_trading_intensity"), want);
}
END_TEST

START_TEST(flows_with_unknown_key_or_missing_series_is_an_error)
{
    static const rc_node flows[] = {SCALAR("inflow", "tin"), SCALAR("outfow", "tout")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("flows", flows)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    ck_assert_int_eq(run("data_market", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "outfow"));

    static const rc_node flows2[] = {SCALAR("inflow", "tin"), SCALAR("outflow", "tout")};
    static const rc_node items2[] = {SCALAR("catalogue", "none"), MAP("flows", flows2)};
    static const rc_node section2 = MAP(NULL, items2);
    static const double x[NY][NR] = {{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}};
    new_ctx(&ctx, &section2);
    put(&ctx, "tin", x);
    put(&ctx, "tout", x);
    ck_assert_int_eq(run("data_market", &ctx), RC_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(ctx.error, "'gdp'"));
    ck_assert_int_eq(ctx.n_score_default, 0);
}
END_TEST

/* ---------------------------------------------------------------- industry_fusion */

START_TEST(fusion_degree_is_coupling_coordination_of_pooled_minmax_groups)
{
    static const rc_node dig[] = {SCALAR(NULL, "d1"), SCALAR(NULL, "d2"), SCALAR(NULL, "dconst")};
    static const rc_node tra[] = {SCALAR(NULL, "t1")};
    static const rc_node fusion[] = {LIST("digital", dig), LIST("traditional", tra)};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("fusion", fusion)};
    static const rc_node section = MAP(NULL, items);
    /* cell i = 0..11: d1 = i, d2 = 2i + 5 (missing at i = 5), t1 = 11 - i, dconst = 7.
     * Pooled min-max: d1' = d2' = i/11 → U1 = i/11 (dconst, constant, is left out);
     * U2 = (11 - i)/11. U1 + U2 = 1, so T = 1/2, C = 2 sqrt(U1 U2), D = sqrt(C / 2). */
    double d1[NY][NR], d2[NY][NR], t1[NY][NR], dc[NY][NR], want[NY][NR];
    for (int t = 0; t < NY; t++)
        for (int r = 0; r < NR; r++) {
            double i = CELL(t, r);
            d1[t][r] = i;
            d2[t][r] = i == 5 ? NAN : 2 * i + 5;
            t1[t][r] = 11 - i;
            dc[t][r] = 7;
            double u1 = i / 11, u2 = (11 - i) / 11;
            want[t][r] = i == 5 ? NAN : sqrt(2 * sqrt(u1 * u2) / 2);
        }
    ck_assert_double_eq(want[0][0], 0.0);    /* U1 = 0 → C = 0 → D = 0 */
    ck_assert_double_eq(want[2][3], 0.0);    /* U2 = 0 */
    ck_assert_double_eq_tol(want[1][2], sqrt(2 * sqrt(6.0 / 11 * 5.0 / 11) / 2), 1e-15);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put(&ctx, "d1", d1);
    put(&ctx, "d2", d2);
    put(&ctx, "t1", t1);
    put(&ctx, "dconst", dc);
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 1);
    const added_ind *a = added(&ctx, "fusion_degree");
    ck_assert_int_eq(a->direction, RC_BENEFIT);
    expect(a, want);
}
END_TEST

START_TEST(fusion_degree_of_equal_subsystems_is_sqrt_of_their_level)
{
    static const rc_node dig[] = {SCALAR(NULL, "x")};
    static const rc_node tra[] = {SCALAR(NULL, "y")};
    static const rc_node fusion[] = {LIST("digital", dig), LIST("traditional", tra)};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("fusion", fusion)};
    static const rc_node section = MAP(NULL, items);
    /* x spans 0..4, y = 10 x: U1 = U2 = x/4 → C = 1, T = x/4, D = sqrt(x/4). */
    static const double x[NY][NR] = {{0, 1, 2, 3}, {4, 1, 1, 1}, {2, 2, 2, 2}};
    static const double y[NY][NR] = {{0, 10, 20, 30}, {40, 10, 10, 10}, {20, 20, 20, 20}};
    static const double want[NY][NR] = {{0, 0.5, 0.70710678118654752, 0.86602540378443865},
                                        {1, 0.5, 0.5, 0.5},
                                        {0.70710678118654752, 0.70710678118654752,
                                         0.70710678118654752, 0.70710678118654752}};
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put(&ctx, "x", x);
    put(&ctx, "y", y);
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_OK);
    expect(added(&ctx, "fusion_degree"), want);
}
END_TEST

/* Sector values: year 0 A (1,1), B (2,0), C (3,1), D (0,0) (zero total: missing); years 1
 * and 2 the same except D (1,3). */
static void put_sectors(rc_ctx *ctx)
{
    static const double s1[NY][NR] = {{1, 2, 3, 0}, {1, 2, 3, 1}, {1, 2, 3, 1}};
    static const double s2[NY][NR] = {{1, 0, 1, 0}, {1, 0, 1, 3}, {1, 0, 1, 3}};
    put(ctx, "s1", s1);
    put(ctx, "s2", s2);
}

START_TEST(structural_similarity_over_all_regions_skips_a_region_without_shares)
{
    static const rc_node sectors[] = {SCALAR(NULL, "s1"), SCALAR(NULL, "s2")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), LIST("sectors", sectors)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_sectors(&ctx);
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_OK);
    const added_ind *a = added(&ctx, "structural_similarity");
    ck_assert_int_eq(a->direction, RC_COST);
    /* shares A (.5,.5), B (1,0), C (.75,.25), D (.25,.75) */
    double ab = 0.5 / sqrt(0.5 * 1.0);                       /* 0.7071 */
    double ac = (0.375 + 0.125) / sqrt(0.5 * 0.625);         /* 0.8944 */
    double ad = (0.125 + 0.375) / sqrt(0.5 * 0.625);         /* 0.8944 */
    double bc = 0.75 / sqrt(1.0 * 0.625);                    /* 0.9487 */
    double bd = 0.25 / sqrt(1.0 * 0.625);                    /* 0.3162 */
    double cd = (0.1875 + 0.1875) / sqrt(0.625 * 0.625);     /* 0.6 */
    double want[NY][NR] = {
        {(ab + ac) / 2, (ab + bc) / 2, (ac + bc) / 2, NAN},
        {(ab + ac + ad) / 3, (ab + bc + bd) / 3, (ac + bc + cd) / 3, (ad + bd + cd) / 3},
        {(ab + ac + ad) / 3, (ab + bc + bd) / 3, (ac + bc + cd) / 3, (ad + bd + cd) / 3}};
    ck_assert_double_eq_tol(cd, 0.6, 1e-15);
    expect(a, want);
}
END_TEST

START_TEST(structural_similarity_over_neighbours_is_missing_without_neighbours)
{
    static const rc_node sectors[] = {SCALAR(NULL, "s1"), SCALAR(NULL, "s2")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), LIST("sectors", sectors),
                                    SCALAR("similarity_scope", "neighbours")};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_sectors(&ctx);
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_OK);
    double ab = 0.5 / sqrt(0.5), ac = 0.5 / sqrt(0.3125);
    double want[NY][NR] = {{(ab + ac) / 2, ab, ac, NAN},
                           {(ab + ac) / 2, ab, ac, NAN},
                           {(ab + ac) / 2, ab, ac, NAN}};
    expect(added(&ctx, "structural_similarity"), want);

    new_ctx(&ctx, &section);
    put_sectors(&ctx);
    ctx.no_spatial = 1;
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "adjacency"));
}
END_TEST

START_TEST(structural_similarity_of_a_single_sector_is_one)
{
    static const rc_node sectors[] = {SCALAR(NULL, "s1")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), LIST("sectors", sectors)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_sectors(&ctx);
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_OK);
    /* D's only sector is 0 in year 0: no share, missing */
    static const double want[NY][NR] = {{1, 1, 1, NAN}, {1, 1, 1, 1}, {1, 1, 1, 1}};
    expect(added(&ctx, "structural_similarity"), want);
}
END_TEST

START_TEST(fusion_with_an_empty_group_or_bad_scope_is_an_error)
{
    static const rc_node dig[] = {SCALAR(NULL, "s1")};
    static const rc_node fusion[] = {LIST("digital", dig)};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("fusion", fusion)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_sectors(&ctx);
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "fusion.traditional"));

    static const rc_node sectors[] = {SCALAR(NULL, "s1")};
    static const rc_node items2[] = {SCALAR("catalogue", "none"), LIST("sectors", sectors),
                                     SCALAR("similarity_scope", "nearby")};
    static const rc_node section2 = MAP(NULL, items2);
    new_ctx(&ctx, &section2);
    put_sectors(&ctx);
    ck_assert_int_eq(run("industry_fusion", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "similarity_scope"));
    ck_assert_int_eq(ctx.n_score_default, 0);
}
END_TEST

/* ---------------------------------------------------------------- institutional */

/* Three categories. C's prices are missing in year 0 (the pair A–C lacks that year). */
static void put_prices(rc_ctx *ctx)
{
    static const double k1[NY][NR] = {{100, 100, NAN, 100}, {110, 100, 100, 100},
                                      {121, 110, 100, 100}};
    static const double k2[NY][NR] = {{100, 100, NAN, 100}, {100, 100, 100, 100},
                                      {100, 100, 100, 100}};
    static const double k3[NY][NR] = {{100, 100, NAN, 100}, {105, 100, 105, 100},
                                      {105, 100, 105, 100}};
    put(ctx, "k1", k1);
    put(ctx, "k2", k2);
    put(ctx, "k3", k3);
}

/* Population variance of three values, by hand. */
static double var3(double a, double b, double c)
{
    double m = (a + b + c) / 3;
    return ((a - m) * (a - m) + (b - m) * (b - m) + (c - m) * (c - m)) / 3;
}

START_TEST(market_segmentation_from_level_indices_with_a_pair_missing_a_year)
{
    static const rc_node cats[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k2"), SCALAR(NULL, "k3")};
    static const rc_node prices[] = {LIST("categories", cats), SCALAR("integration_form", "both")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("prices", prices)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_prices(&ctx);
    ck_assert_int_eq(run("institutional", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 2);
    const added_ind *s = added(&ctx, "market_segmentation");
    const added_ind *g = added(&ctx, "market_integration");
    ck_assert_int_eq(s->direction, RC_COST);
    ck_assert_int_eq(g->direction, RC_BENEFIT);
    double l10 = log(1.1), l05 = log(1.05);
    /* year 1: A–B |ΔQ| = (ln 1.1, 0, ln 1.05); A–C needs C's year 0: missing.
     * year 2: A–B: ln(121/110) − ln(110/100) = 0 in every category → 0;
     *         A–C: (ln 1.21 − ln 1.1, 0, 0) = (ln 1.1, 0, 0). D has no neighbours. */
    double ab1 = var3(l10, 0, l05), ac2 = var3(l10, 0, 0);
    double want_s[NY][NR] = {{NAN, NAN, NAN, NAN},
                             {ab1, ab1, NAN, NAN},
                             {(0 + ac2) / 2, 0, ac2, NAN}};
    expect(s, want_s);
    double want_g[NY][NR] = {{NAN, NAN, NAN, NAN},
                             {1 / sqrt(ab1), 1 / sqrt(ab1), NAN, NAN},
                             {1 / sqrt(ac2 / 2), NAN, 1 / sqrt(ac2), NAN}};
    expect(g, want_g);
}
END_TEST

START_TEST(market_segmentation_from_chained_indices_uses_the_log_ratio_itself)
{
    static const rc_node cats[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k2"), SCALAR(NULL, "k3")};
    static const rc_node prices[] = {LIST("categories", cats), SCALAR("index_type", "chained")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("prices", prices)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_prices(&ctx);
    ck_assert_int_eq(run("institutional", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 1); /* integration_form defaults to segmentation */
    double l10 = log(1.1), l05 = log(1.05);
    /* year 1: A–B (ln 1.1, 0, ln 1.05); A–C (ln 1.1, 0, 0).
     * year 2: A–B (ln 121/110, 0, ln 1.05) = (ln 1.1, 0, ln 1.05); A–C (ln 1.21, 0, 0). */
    double ab = var3(l10, 0, l05), ac1 = var3(l10, 0, 0), ac2 = var3(log(1.21), 0, 0);
    double want[NY][NR] = {{NAN, NAN, NAN, NAN},
                           {(ab + ac1) / 2, ab, ac1, NAN},
                           {(ab + ac2) / 2, ab, ac2, NAN}};
    expect(added(&ctx, "market_segmentation"), want);
}
END_TEST

START_TEST(integration_form_integration_adds_only_market_integration_and_policy_series)
{
    static const rc_node cats[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k3")};
    static const rc_node prices[] = {LIST("categories", cats), SCALAR("index_type", "level"),
                                     SCALAR("integration_form", "integration")};
    static const rc_node policy[] = {SCALAR(NULL, "pol")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("prices", prices),
                                    LIST("policy", policy)};
    static const rc_node section = MAP(NULL, items);
    static const double pol[NY][NR] = {{1, 2, 3, 4}, {5, NAN, 7, 8}, {0, 0, 1, 1}};
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_prices(&ctx);
    put(&ctx, "pol", pol);
    ck_assert_int_eq(run("institutional", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 2);
    ck_assert_str_eq(ctx.added[0].id, "market_integration");
    /* two categories (ln 1.1, ln 1.05): variance = ((ln 1.1 − ln 1.05)/2)² */
    double h = (log(1.1) - log(1.05)) / 2, v1 = h * h;
    double ac2 = (log(1.1) / 2) * (log(1.1) / 2);
    double want[NY][NR] = {{NAN, NAN, NAN, NAN},
                           {1 / sqrt(v1), 1 / sqrt(v1), NAN, NAN},
                           {1 / sqrt(ac2 / 2), NAN, 1 / sqrt(ac2), NAN}};
    expect(added(&ctx, "market_integration"), want);
    const added_ind *p = added(&ctx, "pol");
    ck_assert_int_eq(p->direction, RC_BENEFIT);
    expect(p, pol);
}
END_TEST

START_TEST(prices_with_one_category_bad_index_type_or_no_adjacency_is_an_error)
{
    static const rc_node one[] = {SCALAR(NULL, "k1")};
    static const rc_node p1[] = {LIST("categories", one)};
    static const rc_node i1[] = {SCALAR("catalogue", "none"), MAP("prices", p1)};
    static const rc_node s1 = MAP(NULL, i1);
    rc_ctx ctx;
    new_ctx(&ctx, &s1);
    put_prices(&ctx);
    ck_assert_int_eq(run("institutional", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "at least two"));

    static const rc_node two[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k2")};
    static const rc_node p2[] = {LIST("categories", two), SCALAR("index_type", "yoy")};
    static const rc_node i2[] = {SCALAR("catalogue", "none"), MAP("prices", p2)};
    static const rc_node s2 = MAP(NULL, i2);
    new_ctx(&ctx, &s2);
    put_prices(&ctx);
    ck_assert_int_eq(run("institutional", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "index_type"));

    static const rc_node p3[] = {LIST("categories", two)};
    static const rc_node i3[] = {SCALAR("catalogue", "none"), MAP("prices", p3)};
    static const rc_node s3 = MAP(NULL, i3);
    new_ctx(&ctx, &s3);
    put_prices(&ctx);
    ctx.no_spatial = 1;
    ck_assert_int_eq(run("institutional", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "adjacency"));

    static const rc_node miss[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k9")};
    static const rc_node p4[] = {LIST("categories", miss)};
    static const rc_node i4[] = {SCALAR("catalogue", "none"), MAP("prices", p4)};
    static const rc_node s4 = MAP(NULL, i4);
    new_ctx(&ctx, &s4);
    put_prices(&ctx);
    ck_assert_int_eq(run("institutional", &ctx), RC_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(ctx.error, "k9"));
    ck_assert_int_eq(ctx.n_score_default, 0);
}
END_TEST

/* demean: pairs (Gui et al. 2006). Chained indices (previous year = 100), so year t's
 * ΔQ_ij^k = ln(P_i^k / P_j^k) itself. Three regions with prices A, B, C and the two adjacent
 * pairs A–B and A–C (D is an island, 100 everywhere, and never enters a mean over pairs).
 * Year 0 has no change. With a = ln 1.1, b = ln 1.2, c = ln 1.05:
 *
 *   year 1      k1 (110,100,100)   k2 (100,100,120)   k3 (105,100,100)
 *     |ΔQ| A–B        a                  0                  c
 *     |ΔQ| A–C        a                  b                  c
 *     mean over pairs a                  b/2                c
 *     q A–B           0                 −b/2                0
 *     q A–C           0                  b/2                0
 *
 *   year 2      k1 (100,110,121)   k2 (100,100,100)   k3 (100,105,100)
 *     |ΔQ| A–B        a                  0                  c
 *     |ΔQ| A–C     ln 1.21               0                  0
 *     mean over pairs m1 = (a + ln 1.21)/2  0               c/2
 *     q A–B         a − m1               0                  c/2
 *     q A–C      ln 1.21 − m1            0                 −c/2
 *
 * seg_ij = population variance of the three q; A is the mean of its two pairs, B and C
 * have one pair each. */
static void put_pair_prices(rc_ctx *ctx, double c_k3_year2)
{
    const double k1[NY][NR] = {{100, 100, 100, 100}, {110, 100, 100, 100},
                               {100, 110, 121, 100}};
    const double k2[NY][NR] = {{100, 100, 100, 100}, {100, 100, 120, 100},
                               {100, 100, 100, 100}};
    const double k3[NY][NR] = {{100, 100, 100, 100}, {105, 100, 100, 100},
                               {100, 105, c_k3_year2, 100}};
    put(ctx, "k1", k1);
    put(ctx, "k2", k2);
    put(ctx, "k3", k3);
}

START_TEST(demean_pairs_removes_each_category_years_mean_over_all_adjacent_pairs)
{
    static const rc_node cats[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k2"), SCALAR(NULL, "k3")};
    static const rc_node prices[] = {LIST("categories", cats), SCALAR("index_type", "chained"),
                                     SCALAR("demean", "pairs")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("prices", prices)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_pair_prices(&ctx, 100);
    ck_assert_int_eq(run("institutional", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 1);
    const added_ind *s = added(&ctx, "market_segmentation");
    ck_assert_int_eq(s->direction, RC_COST);
    double a = log(1.1), b = log(1.2), c = log(1.05), a2 = log(1.21), m1 = (a + a2) / 2;
    double ab1 = var3(0, -b / 2, 0), ac1 = var3(0, b / 2, 0);
    double ab2 = var3(a - m1, 0, c / 2), ac2 = var3(a2 - m1, 0, -c / 2);
    double want[NY][NR] = {{NAN, NAN, NAN, NAN},
                           {(ab1 + ac1) / 2, ab1, ac1, NAN},
                           {(ab2 + ac2) / 2, ab2, ac2, NAN}};
    expect(s, want);

    /* The same data under demean: categories (the default, here spelled out): the
     * variance across categories of |ΔQ| itself. */
    static const rc_node pc[] = {LIST("categories", cats), SCALAR("index_type", "chained"),
                                 SCALAR("demean", "categories")};
    static const rc_node ic[] = {SCALAR("catalogue", "none"), MAP("prices", pc)};
    static const rc_node sc = MAP(NULL, ic);
    new_ctx(&ctx, &sc);
    put_pair_prices(&ctx, 100);
    ck_assert_int_eq(run("institutional", &ctx), RC_OK);
    double cab1 = var3(a, 0, c), cac1 = var3(a, b, c), cab2 = var3(a, 0, c),
           cac2 = var3(a2, 0, 0);
    double want_c[NY][NR] = {{NAN, NAN, NAN, NAN},
                             {(cab1 + cac1) / 2, cab1, cac1, NAN},
                             {(cab2 + cac2) / 2, cab2, cac2, NAN}};
    expect(added(&ctx, "market_segmentation"), want_c);
}
END_TEST

/* C's k3 is missing in year 2, so the pair A–C has no |ΔQ| for k3 that year: k3's mean over
 * pairs is A–B's alone (c), A–B's q for k3 is 0, and A–C's variance is over k1 and k2 only:
 *   q A–B = (a − m1, 0, 0),  q A–C = (ln 1.21 − m1, 0),  m1 = (a + ln 1.21)/2.
 * Year 1 is as in the test above. */
START_TEST(demean_pairs_leaves_a_pair_missing_a_category_out_of_that_categorys_mean)
{
    static const rc_node cats[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k2"), SCALAR(NULL, "k3")};
    static const rc_node prices[] = {LIST("categories", cats), SCALAR("index_type", "chained"),
                                     SCALAR("demean", "pairs")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("prices", prices)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_pair_prices(&ctx, NAN);
    ck_assert_int_eq(run("institutional", &ctx), RC_OK);
    double a = log(1.1), b = log(1.2), a2 = log(1.21), m1 = (a + a2) / 2;
    double ab1 = var3(0, -b / 2, 0), ac1 = var3(0, b / 2, 0);
    double ab2 = var3(a - m1, 0, 0);
    double h = (a2 - m1) / 2, ac2 = h * h; /* population variance of (a2 − m1, 0) */
    double want[NY][NR] = {{NAN, NAN, NAN, NAN},
                           {(ab1 + ac1) / 2, ab1, ac1, NAN},
                           {(ab2 + ac2) / 2, ab2, ac2, NAN}};
    expect(added(&ctx, "market_segmentation"), want);
}
END_TEST

/* Level indices on put_prices (C's prices missing in year 0), demean: pairs.
 * Year 1: only A–B has |ΔQ| = (ln 1.1, 0, ln 1.05), so it is each category's mean over
 * pairs: q A–B = 0 everywhere, segmentation 0, integration missing (1/√0); A–C missing.
 * Year 2: |ΔQ| A–B = (0, 0, 0), A–C = (ln 1.1, 0, 0); means (ln 1.1 / 2, 0, 0);
 * q A–B = (−ln 1.1 / 2, 0, 0), q A–C = (ln 1.1 / 2, 0, 0). */
START_TEST(demean_pairs_with_level_indices_and_a_pair_missing_a_year)
{
    static const rc_node cats[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k2"), SCALAR(NULL, "k3")};
    static const rc_node prices[] = {LIST("categories", cats), SCALAR("demean", "pairs"),
                                     SCALAR("integration_form", "both")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("prices", prices)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_prices(&ctx);
    ck_assert_int_eq(run("institutional", &ctx), RC_OK);
    ck_assert_uint_eq(ctx.n_added, 2);
    double h = log(1.1) / 2, ab2 = var3(-h, 0, 0), ac2 = var3(h, 0, 0);
    double want_s[NY][NR] = {{NAN, NAN, NAN, NAN},
                             {0, 0, NAN, NAN},
                             {(ab2 + ac2) / 2, ab2, ac2, NAN}};
    expect(added(&ctx, "market_segmentation"), want_s);
    double want_g[NY][NR] = {{NAN, NAN, NAN, NAN},
                             {NAN, NAN, NAN, NAN},
                             {1 / sqrt((ab2 + ac2) / 2), 1 / sqrt(ab2), 1 / sqrt(ac2), NAN}};
    expect(added(&ctx, "market_integration"), want_g);
}
END_TEST

START_TEST(prices_with_an_unknown_demean_is_an_error_naming_both_choices)
{
    static const rc_node cats[] = {SCALAR(NULL, "k1"), SCALAR(NULL, "k2")};
    static const rc_node prices[] = {LIST("categories", cats), SCALAR("demean", "regions")};
    static const rc_node items[] = {SCALAR("catalogue", "none"), MAP("prices", prices)};
    static const rc_node section = MAP(NULL, items);
    rc_ctx ctx;
    new_ctx(&ctx, &section);
    put_prices(&ctx);
    ck_assert_int_eq(run("institutional", &ctx), RC_EINVAL);
    ck_assert_ptr_nonnull(strstr(ctx.error, "prices.demean"));
    ck_assert_ptr_nonnull(strstr(ctx.error, "'categories'"));
    ck_assert_ptr_nonnull(strstr(ctx.error, "'pairs'"));
    ck_assert_uint_eq(ctx.n_added, 0);
    ck_assert_int_eq(ctx.n_score_default, 0);
}
END_TEST

/* ---------------------------------------------------------------- declared keys */

typedef struct key_want {
    const char *plugin;
    const char *key;
    int32_t type;
} key_want;

static const key_want k_keys[] = {
    {"infrastructure", "spatial_lag", RC_CFG_LIST},
    {"infrastructure", "frontier_gap", RC_CFG_LIST},
    {"data_market", "flows", RC_CFG_MAP},
    {"data_market", "trading", RC_CFG_LIST},
    {"industry_fusion", "fusion", RC_CFG_MAP},
    {"industry_fusion", "sectors", RC_CFG_LIST},
    {"industry_fusion", "similarity_scope", RC_CFG_STRING},
    {"institutional", "prices", RC_CFG_MAP},
    {"institutional", "policy", RC_CFG_LIST},
};

START_TEST(measure_keys_are_declared_optional_with_their_type)
{
    const key_want *k = &k_keys[_i];
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.so", RC_TEST_PLUGIN_DIR, k->plugin);
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    ck_assert_ptr_nonnull(dl);
    void *sym = dlsym(dl, RC_PLUGIN_ENTRY_SYMBOL);
    rc_plugin_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    const rc_plugin_descriptor *d = entry();
    int found = 0;
    for (uint32_t i = 0; i < d->n_config_keys; i++)
        if (strcmp(d->config_keys[i].key, k->key) == 0) {
            found = 1;
            ck_assert_int_eq(d->config_keys[i].type, k->type);
            ck_assert_int_eq(d->config_keys[i].required, 0);
            ck_assert_ptr_nonnull(d->config_keys[i].help);
        }
    ck_assert_msg(found, "%s does not declare %s", k->plugin, k->key);
    dlclose(dl);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pathway_measures");
    TCase *ti = tcase_create("infrastructure");
    tcase_add_test(ti, spatial_lag_of_catalogue_ratio_is_mean_over_present_neighbours);
    tcase_add_test(ti, frontier_gap_is_value_over_the_years_best);
    tcase_add_test(ti, spatial_lag_of_configured_series_indicator_with_per_and_cost_direction);
    tcase_add_test(ti, spatial_lag_without_spatial_weights_is_an_error);
    tcase_add_test(ti, spatial_lag_of_formula_indicator_or_unknown_series_is_an_error);
    suite_add_tcase(s, ti);
    TCase *td = tcase_create("data_market");
    tcase_add_test(td, flow_intensity_and_net_flow_balance_with_a_zero_flow);
    tcase_add_test(td, trading_without_flows_divides_by_the_series_gdp);
    tcase_add_test(td, flows_with_unknown_key_or_missing_series_is_an_error);
    suite_add_tcase(s, td);
    TCase *tf = tcase_create("industry_fusion");
    tcase_add_test(tf, fusion_degree_is_coupling_coordination_of_pooled_minmax_groups);
    tcase_add_test(tf, fusion_degree_of_equal_subsystems_is_sqrt_of_their_level);
    tcase_add_test(tf, structural_similarity_over_all_regions_skips_a_region_without_shares);
    tcase_add_test(tf, structural_similarity_over_neighbours_is_missing_without_neighbours);
    tcase_add_test(tf, structural_similarity_of_a_single_sector_is_one);
    tcase_add_test(tf, fusion_with_an_empty_group_or_bad_scope_is_an_error);
    suite_add_tcase(s, tf);
    TCase *tn = tcase_create("institutional");
    tcase_add_test(tn, market_segmentation_from_level_indices_with_a_pair_missing_a_year);
    tcase_add_test(tn, market_segmentation_from_chained_indices_uses_the_log_ratio_itself);
    tcase_add_test(tn, integration_form_integration_adds_only_market_integration_and_policy_series);
    tcase_add_test(tn, prices_with_one_category_bad_index_type_or_no_adjacency_is_an_error);
    tcase_add_test(tn, demean_pairs_removes_each_category_years_mean_over_all_adjacent_pairs);
    tcase_add_test(tn, demean_pairs_leaves_a_pair_missing_a_category_out_of_that_categorys_mean);
    tcase_add_test(tn, demean_pairs_with_level_indices_and_a_pair_missing_a_year);
    tcase_add_test(tn, prices_with_an_unknown_demean_is_an_error_naming_both_choices);
    suite_add_tcase(s, tn);
    TCase *tk = tcase_create("keys");
    tcase_add_loop_test(tk, measure_keys_are_declared_optional_with_their_type, 0,
                        (int)(sizeof k_keys / sizeof k_keys[0]));
    suite_add_tcase(s, tk);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
