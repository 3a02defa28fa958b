/* plugins/analyses/common/an_plugin.c — the values on, named matrix definitions and their
 * building from the run, for the spatial analysis plugins (an_plugin.h). */
#include "an_plugin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "an_weights.h"

int32_t an_values_on(const rc_host *host, rc_ctx *ctx, const char *on, const double **values)
{
    if (!on || !*on || strcmp(on, "index") == 0) return host->index_values(ctx, values, NULL);
    size_t nd = host->n_dimensions(ctx);
    for (size_t d = 0; d < nd; d++)
        if (strcmp(host->dimension_id(ctx, d), on) == 0)
            return host->dimension_scores(ctx, d, values);
    char list[512] = "";
    for (size_t d = 0; d < nd && strlen(list) < 400; d++) {
        strcat(list, d ? ", " : "");
        strncat(list, host->dimension_id(ctx, d), 100);
    }
    return rc_errorf(host, ctx, RC_EINVAL,
                     "'on' is '%s', which is neither 'index' nor a dimension; the dimensions "
                     "are: %s", on, list);
}

const char *an_kind_name(an_kind k)
{
    static const char *const names[] = {"contiguity", "inverse_distance", "knn", "economic",
                                        "nested"};
    return (unsigned)k < 5 ? names[k] : "";
}

/* x̄_i: the mean of the series over the years with a value (NaN when none) */
static int32_t economic_means(const rc_host *host, rc_ctx *ctx, const an_wspec *s, double *xbar)
{
    const double *v = NULL;
    if (host->series(ctx, s->series, &v) != RC_OK || !v)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "spatial weights '%s': the series '%s' for the economic distance is "
                         "not in the data; name a data series", s->name, s->series);
    size_t nr = host->n_regions(ctx), ny = host->n_years(ctx);
    for (size_t r = 0; r < nr; r++) {
        double sum = 0.0;
        size_t m = 0;
        for (size_t t = 0; t < ny; t++)
            if (!isnan(v[t * nr + r])) { sum += v[t * nr + r]; m++; }
        xbar[r] = m ? sum / (double)m : NAN;
    }
    return RC_OK;
}

static int32_t build_error(const rc_host *host, rc_ctx *ctx, const an_wspec *s, int rc)
{
    if (rc == AN_W_TOO_DENSE)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "spatial weights '%s' (%s) would be dense over %zu regions, more "
                         "than the %d allowed (docs/analysis.md); use kind: knn, or give "
                         "a cutoff", s->name, an_kind_name(s->kind), host->n_regions(ctx),
                         AN_DENSE_MAX);
    if (rc == AN_W_BAD)
        return rc_errorf(host, ctx, RC_EINVAL, "spatial weights '%s': invalid parameters",
                         s->name);
    return rc_errorf(host, ctx, RC_ENOMEM, "spatial weights '%s': out of memory", s->name);
}

static int32_t contiguity(const rc_host *host, rc_ctx *ctx, const an_wspec *s, an_csr *out)
{
    size_t nr = host->n_regions(ctx), nnz = 0;
    for (int pass = 0; pass < 2; pass++) {
        nnz = 0;
        for (size_t r = 0; r < nr; r++) {
            const size_t *idx = NULL;
            const double *w = NULL;
            size_t n = 0;
            if (host->neighbours(ctx, r, &idx, &w, &n) != RC_OK) {
                if (pass == 0) an_csr_free(out);
                return rc_errorf(host, ctx, RC_EINVAL,
                                 "spatial weights '%s' (contiguity) need regions.adjacency in "
                                 "the config; add it, or use kind: knn or inverse_distance "
                                 "with regions.coordinates", s->name);
            }
            for (size_t a = 0; a < n; a++) {
                if (pass) {
                    out->nbr[nnz] = idx[a];
                    out->w[nnz] = w[a];
                }
                nnz++;
            }
            if (pass) out->off[r + 1] = nnz;
        }
        if (pass == 0 && an_csr_alloc(out, nr, nnz))
            return rc_errorf(host, ctx, RC_ENOMEM, "out of memory");
    }
    an_csr_row_standardise(out);
    return RC_OK;
}

int32_t an_wspec_build(const rc_host *host, rc_ctx *ctx, const an_wspec *s, an_csr *out,
                       an_winfo *info)
{
    memset(info, 0, sizeof *info);
    memset(out, 0, sizeof *out);
    size_t nr = host->n_regions(ctx);
    int32_t rc = RC_OK;
    double *x = NULL, *y = NULL, *xbar = NULL;
    if (s->kind == AN_K_CONTIGUITY) {
        rc = contiguity(host, ctx, s, out);
        if (rc != RC_OK) return rc;
    } else {
        x = malloc((nr ? nr : 1) * sizeof *x);
        y = malloc((nr ? nr : 1) * sizeof *y);
        xbar = malloc((nr ? nr : 1) * sizeof *xbar);
        if (!x || !y || !xbar) { rc = rc_errorf(host, ctx, RC_ENOMEM, "out of memory"); goto done; }
        if (s->kind != AN_K_ECONOMIC)
            for (size_t r = 0; r < nr; r++)
                if (host->region_coords(ctx, r, &x[r], &y[r]) != RC_OK) {
                    rc = rc_errorf(host, ctx, RC_EINVAL,
                                   "spatial weights '%s' (%s) need regions.coordinates in the "
                                   "config; add a coordinates file (region, longitude, "
                                   "latitude)", s->name, an_kind_name(s->kind));
                    goto done;
                }
        an_points p = {x, y, nr, s->lonlat};
        int b = AN_W_OK;
        if (s->kind == AN_K_KNN) b = an_w_knn(&p, (size_t)s->k, out);
        else if (s->kind == AN_K_INVERSE_DISTANCE)
            b = an_w_distance(&p, s->power, s->cutoff, out, &info->left_out);
        else {
            if ((rc = economic_means(host, ctx, s, xbar)) != RC_OK) goto done;
            if (s->kind == AN_K_ECONOMIC) b = an_w_economic(xbar, nr, out, &info->left_out);
            else {
                an_csr wd, we;
                size_t same = 0;
                b = an_w_distance(&p, s->power, s->cutoff, &wd, &same);
                if (b == AN_W_OK) {
                    b = an_w_economic(xbar, nr, &we, &info->left_out);
                    if (b == AN_W_OK) {
                        b = an_w_nested(&wd, &we, s->phi, out);
                        an_csr_free(&we);
                    }
                    an_csr_free(&wd);
                }
                info->left_out += same;
            }
        }
        if (b != AN_W_OK) { rc = build_error(host, ctx, s, b); goto done; }
    }
    info->n = out->n;
    info->nnz = out->off[out->n];
    info->min_nbrs = out->n ? (size_t)-1 : 0;
    for (size_t i = 0; i < out->n; i++) {
        size_t k = out->off[i + 1] - out->off[i];
        if (k == 0) info->islands++;
        if (k < info->min_nbrs) info->min_nbrs = k;
        if (k > info->max_nbrs) info->max_nbrs = k;
    }
done:
    free(x); free(y); free(xbar);
    if (rc != RC_OK) an_csr_free(out);
    return rc;
}

/* ---------------- the spatial_weights table ---------------- */
const char *const an_wtable_cols[] = {"name", "kind", "coordinates", "k", "power", "cutoff",
                                      "series", "phi", "n", "links", "islands",
                                      "min_neighbours", "max_neighbours", "mean_neighbours",
                                      "left_out_pairs", "note"};
const int32_t an_wtable_types[] = {RC_COL_STRING, RC_COL_STRING, RC_COL_STRING, RC_COL_INT,
                                   RC_COL_NUMBER, RC_COL_NUMBER, RC_COL_STRING, RC_COL_NUMBER,
                                   RC_COL_INT, RC_COL_INT, RC_COL_INT, RC_COL_INT, RC_COL_INT,
                                   RC_COL_NUMBER, RC_COL_INT, RC_COL_STRING};
const size_t an_wtable_ncols = sizeof an_wtable_types / sizeof an_wtable_types[0];

int32_t an_wtable_row(const rc_host *host, rc_ctx *ctx, rc_table *t, const an_wspec *s,
                      const an_winfo *in, const char *note)
{
    int64_t row = host->table_add_row(ctx, t);
    if (row < 0) return RC_ENOMEM;
    size_t r = (size_t)row;
    int knn = s->kind == AN_K_KNN, dist = s->kind == AN_K_INVERSE_DISTANCE || s->kind == AN_K_NESTED;
    int econ = s->kind == AN_K_ECONOMIC || s->kind == AN_K_NESTED;
    int32_t rc;
    if ((rc = host->table_set_str(ctx, t, r, 0, s->name)) != RC_OK ||
        (rc = host->table_set_str(ctx, t, r, 1, an_kind_name(s->kind))) != RC_OK ||
        (rc = host->table_set_str(ctx, t, r, 2, s->kind == AN_K_CONTIGUITY || s->kind == AN_K_ECONOMIC
                                                    ? NULL : s->lonlat ? "lonlat" : "planar")) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 3, knn ? s->k : 0)) != RC_OK ||
        (rc = host->table_set_num(ctx, t, r, 4, dist ? s->power : NAN)) != RC_OK ||
        (rc = host->table_set_num(ctx, t, r, 5, dist && s->cutoff > 0.0 ? s->cutoff : NAN)) != RC_OK ||
        (rc = host->table_set_str(ctx, t, r, 6, econ ? s->series : NULL)) != RC_OK ||
        (rc = host->table_set_num(ctx, t, r, 7, s->kind == AN_K_NESTED ? s->phi : NAN)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 8, (int64_t)in->n)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 9, (int64_t)in->nnz)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 10, (int64_t)in->islands)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 11, (int64_t)in->min_nbrs)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 12, (int64_t)in->max_nbrs)) != RC_OK ||
        (rc = host->table_set_num(ctx, t, r, 13, in->n ? (double)in->nnz / (double)in->n : NAN)) != RC_OK ||
        (rc = host->table_set_int(ctx, t, r, 14, (int64_t)in->left_out)) != RC_OK)
        return rc;
    return host->table_set_str(ctx, t, r, 15, note && *note ? note : NULL);
}

int32_t an_wspec_from_table(const rc_host *host, rc_ctx *ctx, const char *name, an_wspec *s)
{
    memset(s, 0, sizeof *s);
    const rc_table *t = host->table_by_name(ctx, "spatial_weights");
    if (!t)
        return rc_errorf(host, ctx, RC_ENOTFOUND,
                         "%s%s%sthe run has no spatial_weights table; enable "
                         "analysis.spatial_weights and define the matrix under its matrices",
                         name && *name ? "weights '" : "", name && *name ? name : "",
                         name && *name ? "': " : "");
    size_t nrows = host->table_nrows(ctx, t);
    int64_t c[8];
    for (size_t k = 0; k < 8; k++) c[k] = host->col_index(ctx, t, an_wtable_cols[k]);
    for (size_t k = 0; k < 8; k++)
        if (c[k] < 0) return rc_errorf(host, ctx, RC_EFAIL, "the spatial_weights table lacks column %s", an_wtable_cols[k]);
    char names[512] = "";
    for (size_t r = 0; r < nrows; r++) {
        const char *nm = host->cell_str(ctx, t, r, (size_t)c[0]);
        if (!nm) continue;
        if (strlen(names) < 400) {
            strcat(names, *names ? ", " : "");
            strncat(names, nm, 60);
        }
        if (name && *name && strcmp(nm, name) != 0) continue;
        if ((!name || !*name) && nrows > 1)
            continue; /* without a name, only a single matrix is unambiguous */
        snprintf(s->name, sizeof s->name, "%s", nm);
        const char *kind = host->cell_str(ctx, t, r, (size_t)c[1]);
        for (int k = 0; k < 5; k++)
            if (kind && strcmp(kind, an_kind_name((an_kind)k)) == 0) s->kind = (an_kind)k;
        const char *co = host->cell_str(ctx, t, r, (size_t)c[2]);
        s->lonlat = !co || strcmp(co, "planar") != 0;
        s->k = (long)host->cell_int(ctx, t, r, (size_t)c[3]);
        s->power = host->cell_num(ctx, t, r, (size_t)c[4]);
        double cut = host->cell_num(ctx, t, r, (size_t)c[5]);
        s->cutoff = isnan(cut) ? 0.0 : cut;
        const char *se = host->cell_str(ctx, t, r, (size_t)c[6]);
        snprintf(s->series, sizeof s->series, "%s", se ? se : "");
        s->phi = host->cell_num(ctx, t, r, (size_t)c[7]);
        return RC_OK;
    }
    if (!name || !*name)
        return rc_errorf(host, ctx, RC_EINVAL,
                         "several spatial weight matrices are defined (%s); say which with "
                         "'weights: <name>'", names);
    return rc_errorf(host, ctx, RC_ENOTFOUND,
                     "weights '%s' is not a matrix of analysis.spatial_weights; the matrices "
                     "are: %s", name, *names ? names : "(none)");
}
