/* pipeline/coverage.c — what every published score is built from: the share of nominal
 * weight and the indicators present per node and region-year, the missing rule's
 * min_coverage, indicator coverage before weighting, the `coverage` and
 * `indicator_coverage` tables, the year warnings and the report year (the latest year whose
 * index exists for nearly every region). docs/coverage.md describes the rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/internal.h"
#include "util/str.h"

/* "Nearly every region": the share of regions a year needs to count as covered. */
#define RC_NEARLY_ALL 0.9

int rc_cov_alloc(size_t n, double **share, unsigned **present, unsigned char **why)
{
    if (!*share) *share = rc_malloc((n ? n : 1) * sizeof **share);
    if (!*present) *present = rc_malloc((n ? n : 1) * sizeof **present);
    if (!*why) *why = rc_malloc(n ? n : 1);
    return *share && *present && *why ? 0 : -1;
}

void rc_cov_node(size_t nr, size_t ny, size_t k, const double *const *child_score,
                 const double *const *child_share, const unsigned *const *child_present,
                 const double *w, const rc_missing_spec *ms, double *score, double *share,
                 unsigned *present, unsigned char *why)
{
    for (size_t t = 0; t < ny; t++) {
        const double *wt = w + t * k;
        double wsum = 0.0;
        for (size_t j = 0; j < k; j++)
            if (!isnan(wt[j]) && wt[j] > 0.0) wsum += wt[j];
        for (size_t r = 0; r < nr; r++) {
            size_t cell = t * nr + r;
            double got = 0.0;
            unsigned n = 0, kids = 0;
            for (size_t j = 0; j < k; j++) {
                if (isnan(child_score[j][cell])) continue;
                kids++;
                double sj = child_share && child_share[j] ? child_share[j][cell] : 1.0;
                double wj = wsum > 0.0 ? (isnan(wt[j]) || wt[j] < 0.0 ? 0.0 : wt[j]) / wsum
                                       : 1.0 / (double)k;
                got += wj * sj;
                n += child_present && child_present[j] ? child_present[j][cell] : 1u;
            }
            if (got > 1.0) got = 1.0;
            share[cell] = got;
            present[cell] = n;
            why[cell] = RC_COV_OK;
            if (isnan(score[cell])) {
                why[cell] = kids == 0 ? RC_COV_NO_DATA
                            : ms->policy == RC_MISSING_STRICT && kids < k ? RC_COV_STRICT
                                                                          : RC_COV_UNDEFINED;
            } else if (got < ms->min_coverage - 1e-12) {
                score[cell] = NAN;
                why[cell] = RC_COV_BELOW_MIN;
            }
        }
    }
}

int rc_cov_check_indicator(rc_pipeline *pl, const char *dim, const rc_ind_run *ind,
                           const rc_missing_spec *ms, rc_error *err)
{
    size_t n = pl->nr * pl->ny, seen = 0;
    for (size_t i = 0; i < n; i++) seen += !isnan(ind->raw[i]);
    double share = n ? (double)seen / (double)n : 0.0;
    if (seen == 0 || !(share < ms->indicator_coverage)) return 0; /* none: warned elsewhere */
    if (ms->policy == RC_MISSING_STRICT)
        return rc_error_set(err, RC_ERRK_DATA,
                            "indicator '%s' in dimension '%s' is observed in %zu of %zu "
                            "region-years (%.0f%%), below indicator_coverage %g; under "
                            "missing: strict this is an error (drop the indicator, impute it, "
                            "or lower indicator_coverage)", ind->id, dim, seen, n, 100.0 * share,
                            ms->indicator_coverage);
    rc_pl_warn(pl, "indicator '%s' in dimension '%s' is observed in only %zu of %zu "
               "region-years (%.0f%%, below indicator_coverage %g); its weight rests on those "
               "cells (see the indicator_coverage table)", ind->id, dim, seen, n, 100.0 * share,
               ms->indicator_coverage);
    return 0;
}

/* ---------------- the tables ---------------- */

typedef struct cov_ctx {
    rc_pipeline *pl;
    struct rc_table *t;       /* coverage */
    struct rc_table *ti;      /* indicator_coverage */
    const char *dim;
    const char *path;
    int failed;
} cov_ctx;

static const char *status_of(double score, unsigned present, size_t expected)
{
    if (isnan(score)) return "missing";
    return present < expected ? "partial" : "complete";
}

/* The reason a score is what it is, one sentence ("" when complete). */
static void reason_of(char *buf, size_t size, double score, double share, unsigned present,
                      size_t expected, unsigned char why, const rc_missing_spec *ms,
                      const char *what)
{
    buf[0] = '\0';
    if (!isnan(score) && present >= expected) return;
    if (!isnan(score)) {
        snprintf(buf, size, "built from %u of %zu indicators (%.0f%% of the weight)", present,
                 expected, 100.0 * share);
        return;
    }
    switch (why) {
    case RC_COV_NO_DATA:
        snprintf(buf, size, "no data for %s", what);
        break;
    case RC_COV_BELOW_MIN:
        snprintf(buf, size, "%u of %zu indicators carry %.0f%% of the weight, below "
                 "min_coverage %g", present, expected, 100.0 * share, ms->min_coverage);
        break;
    case RC_COV_STRICT:
        snprintf(buf, size, "missing: strict and a part is missing (%u of %zu indicators "
                 "present)", present, expected);
        break;
    default:
        snprintf(buf, size, "undefined on these data (%u of %zu indicators present)", present,
                 expected);
        break;
    }
}

static void cov_row(cov_ctx *cc, size_t r, size_t y, const char *level, const char *dim,
                    const char *comp, double score, double share, unsigned present,
                    size_t expected, unsigned char why, const rc_missing_spec *ms,
                    const char *what, const char *override)
{
    rc_pipeline *pl = cc->pl;
    long row = rc_table_add_row(cc->t);
    if (row < 0) {
        cc->failed = 1;
        return;
    }
    size_t R = (size_t)row;
    char reason[400];
    reason_of(reason, sizeof reason, score, share, present, expected, why, ms, what);
    if (override && isnan(score)) snprintf(reason, sizeof reason, "%s", override);
    if (rc_table_set_str(cc->t, R, 0, pl->panel->region_ids[r]) ||
        rc_table_set_int(cc->t, R, 1, pl->panel->years[y]) ||
        rc_table_set_str(cc->t, R, 2, level) || rc_table_set_str(cc->t, R, 3, dim) ||
        rc_table_set_str(cc->t, R, 4, comp) || rc_table_set_num(cc->t, R, 5, share) ||
        rc_table_set_int(cc->t, R, 6, present) || rc_table_set_int(cc->t, R, 7, (int64_t)expected) ||
        rc_table_set_str(cc->t, R, 8, status_of(score, present, expected)) ||
        rc_table_set_str(cc->t, R, 9, reason))
        cc->failed = 1;
}

static void count(rc_pipeline *pl, int level, double score, unsigned present, size_t expected)
{
    if (isnan(score)) pl->n_missing[level]++;
    else if (present < expected) pl->n_partial[level]++;
}

static void comp_rows(cov_ctx *cc, const rc_dim_run *d, const rc_comp_run *c, int root)
{
    rc_pipeline *pl = cc->pl;
    if (!c->share) return;
    char what[300];
    snprintf(what, sizeof what, "%s '%s'", root ? "dimension" : "component", c->path);
    for (size_t y = 0; y < pl->ny; y++)
        for (size_t r = 0; r < pl->nr; r++) {
            size_t cell = y * pl->nr + r;
            cov_row(cc, r, y, root ? "dimension" : "component", d->cfg->root.id, c->path,
                    c->score[cell], c->share[cell], c->n_present[cell], c->n_leaves,
                    c->why[cell], &c->missing, what, NULL);
            count(pl, root ? 1 : 2, c->score[cell], c->n_present[cell], c->n_leaves);
        }
    for (size_t j = 0; j < c->n_comps; j++) comp_rows(cc, d, &c->comps[j], 0);
}

static void ind_row(void *user, const rc_ind_run *ind)
{
    cov_ctx *cc = user;
    rc_pipeline *pl = cc->pl;
    size_t regions = 0, years = 0, cells = 0, used = 0, any_cells;
    int first = 0, last = 0;
    for (size_t r = 0; r < pl->nr; r++) {
        size_t any = 0;
        for (size_t y = 0; y < pl->ny; y++) any += !isnan(ind->raw[y * pl->nr + r]);
        regions += any > 0;
    }
    for (size_t y = 0; y < pl->ny; y++) {
        any_cells = 0;
        for (size_t r = 0; r < pl->nr; r++) {
            size_t cell = y * pl->nr + r;
            any_cells += !isnan(ind->raw[cell]);
            used += !isnan(ind->norm[cell]);
        }
        cells += any_cells;
        if (any_cells) {
            years++;
            if (!first) first = pl->panel->years[y];
            last = pl->panel->years[y];
        }
    }
    long row = rc_table_add_row(cc->ti);
    if (row < 0) {
        cc->failed = 1;
        return;
    }
    size_t R = (size_t)row, n = pl->nr * pl->ny;
    struct rc_table *t = cc->ti;
    if (rc_table_set_str(t, R, 0, cc->dim) || rc_table_set_str(t, R, 1, cc->path) ||
        rc_table_set_str(t, R, 2, ind->id) || rc_table_set_int(t, R, 3, (int64_t)regions) ||
        rc_table_set_int(t, R, 4, (int64_t)pl->nr) || rc_table_set_int(t, R, 5, (int64_t)years) ||
        rc_table_set_int(t, R, 6, (int64_t)pl->ny) || rc_table_set_int(t, R, 7, (int64_t)cells) ||
        rc_table_set_int(t, R, 8, (int64_t)n) ||
        rc_table_set_num(t, R, 9, n ? (double)cells / (double)n : NAN) ||
        rc_table_set_int(t, R, 10, (int64_t)used) ||
        (first && rc_table_set_int(t, R, 11, first)) || (last && rc_table_set_int(t, R, 12, last)))
        cc->failed = 1;
}

static void comp_ind_rows(cov_ctx *cc, const rc_comp_run *c)
{
    cc->path = c->path;
    for (size_t i = 0; i < c->n_inds; i++) ind_row(cc, c->inds[i]);
    for (size_t j = 0; j < c->n_comps; j++) comp_ind_rows(cc, &c->comps[j]);
}

int rc_cov_dim_partial(const rc_pipeline *pl, const rc_dim_run *d, size_t cell)
{
    (void)pl;
    const rc_comp_run *c = &d->root;
    if (!d->scores || isnan(d->scores[cell]) || !c->n_present || d->scores != c->score) return 0;
    return c->n_present[cell] < c->n_leaves;
}

/* ---------------- years ---------------- */

/* Regions with data for dimension d in year y (any indicator present, or a score). */
static size_t dim_regions(const rc_pipeline *pl, const rc_dim_run *d, size_t y)
{
    size_t n = 0;
    for (size_t r = 0; r < pl->nr; r++) {
        size_t cell = y * pl->nr + r;
        if (d->root.n_present && d->scores == d->root.score) n += d->root.n_present[cell] > 0;
        else n += d->scores && !isnan(d->scores[cell]);
    }
    return n;
}

/* 1 when no series of the panel has a value in year y. */
static int year_empty(const rc_pipeline *pl, size_t y)
{
    const rc_panel *p = pl->panel;
    for (size_t s = 0; s < p->n_series; s++)
        for (size_t r = 0; r < pl->nr; r++)
            if (!isnan(p->values[s][y * pl->nr + r])) return 0;
    return 1;
}

static void year_warnings(rc_pipeline *pl)
{
    size_t need = (size_t)ceil(RC_NEARLY_ALL * (double)pl->nr);
    for (size_t y = 0; y < pl->ny; y++)
        if (year_empty(pl, y))
            rc_pl_warn(pl, "year %d is selected but has no data at all (no series has a value "
                       "in it); check `years:`", pl->panel->years[y]);
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_dim_run *d = &pl->dims[i];
        for (size_t y = 0; y < pl->ny; y++) {
            size_t n = dim_regions(pl, d, y);
            if (n == 0)
                rc_pl_warn(pl, "dimension '%s' has no data in %d: %s", d->cfg->root.id,
                           pl->panel->years[y],
                           pl->index_missing.policy == RC_MISSING_STRICT
                               ? "no index is published for that year (index: {missing: "
                                 "available} would build it from the other dimensions)"
                               : "the index of that year is built from the other dimensions");
            else if (n < need)
                rc_pl_warn(pl, "dimension '%s' has data for only %zu of %zu regions in %d",
                           d->cfg->root.id, n, pl->nr, pl->panel->years[y]);
        }
    }
}

/* The latest year whose index exists for nearly every region, and why. */
static void pick_report_year(rc_pipeline *pl)
{
    size_t need = (size_t)ceil(RC_NEARLY_ALL * (double)pl->nr);
    size_t best_t = pl->ny, best_n = 0;
    rc_buf skipped;
    rc_buf_init(&skipped);
    for (size_t t = pl->ny; t-- > 0;) {
        size_t n = 0;
        for (size_t r = 0; r < pl->nr; r++) n += !isnan(pl->index[t * pl->nr + r]);
        if (n >= need) {
            best_t = t;
            best_n = n;
            break;
        }
        rc_buf_printf(&skipped, "%s%d (%zu of %zu)", skipped.len ? ", " : "", pl->panel->years[t],
                      n, pl->nr);
    }
    if (best_t < pl->ny) {
        pl->report_year = pl->panel->years[best_t];
        if (best_t + 1 == pl->ny)
            snprintf(pl->report_year_reason, sizeof pl->report_year_reason,
                     "the latest year; its index exists for %zu of %zu regions", best_n, pl->nr);
        else
            snprintf(pl->report_year_reason, sizeof pl->report_year_reason,
                     "the latest year whose index exists for %zu of %zu regions; later years "
                     "have an index for too few regions: %s", best_n, pl->nr,
                     skipped.data ? skipped.data : "");
    } else {
        pl->report_year = pl->panel->years[pl->ny - 1];
        snprintf(pl->report_year_reason, sizeof pl->report_year_reason,
                 "no year has an index for at least %zu of %zu regions; the latest year is "
                 "shown", need, pl->nr);
    }
    rc_buf_free(&skipped);
}

/* Why a missing index is missing: the dimensions without a score in that cell. */
static void index_reason(const rc_pipeline *pl, size_t cell, rc_buf *b)
{
    b->len = 0;
    if (b->data) b->data[0] = '\0';
    if (!isnan(pl->index[cell])) return;
    size_t n = 0;
    for (size_t i = 0; i < pl->n_dims; i++) {
        const double *s = pl->dims[i].scores;
        if (s && !isnan(s[cell])) continue;
        rc_buf_printf(b, "%s'%s'", n ? ", " : "no score for dimension ", pl->dims[i].cfg->root.id);
        n++;
    }
    if (n && pl->index_missing.policy == RC_MISSING_STRICT)
        rc_buf_puts(b, " (the index needs every dimension; index: {missing: available} builds "
                       "it from the others)");
    if (!n) b->len = 0;
}

/* A report entry's `year:` that selects a year without any index value is a warning. */
static void report_year_warnings(rc_pipeline *pl)
{
    for (size_t i = 0; i < pl->cfg->n_reports; i++) {
        const rc_node *yn = rc_node_get(pl->cfg->reports[i].node, "year");
        double yv;
        if (!yn || rc_node_as_number(yn, &yv) != 0) continue;
        long t = rc_panel_year(pl->panel, (int)yv);
        size_t n = 0;
        for (size_t r = 0; t >= 0 && r < pl->nr; r++) n += !isnan(pl->index[(size_t)t * pl->nr + r]);
        if (t >= 0 && n > 0) continue;
        char wb[512];
        rc_pl_warn(pl, "%s: report %zu (%s) selects year %d, which has no index for any region "
                   "(%s); the core would report %d", rc_node_where(yn, wb, sizeof wb), i + 1,
                   pl->cfg->reports[i].plugin, (int)yv,
                   t < 0 ? "not a scored year" : "see the coverage table", pl->report_year);
    }
}

int rc_coverage_build(rc_pipeline *pl, rc_error *err)
{
    static const char *cols[] = {"region", "year", "level", "dimension", "component",
                                 "weight_share", "indicators_present", "indicators_expected",
                                 "status", "reason"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_INT, RC_COL_STRING, RC_COL_STRING,
                                    RC_COL_STRING, RC_COL_NUMBER, RC_COL_INT, RC_COL_INT,
                                    RC_COL_STRING, RC_COL_STRING};
    static const char *icols[] = {"dimension", "component", "indicator", "regions_observed",
                                  "regions", "years_observed", "years", "cells_observed",
                                  "cells", "share", "cells_scored", "first_year", "last_year"};
    static const int32_t itypes[] = {RC_COL_STRING, RC_COL_STRING, RC_COL_STRING, RC_COL_INT,
                                     RC_COL_INT, RC_COL_INT, RC_COL_INT, RC_COL_INT,
                                     RC_COL_INT, RC_COL_NUMBER, RC_COL_INT, RC_COL_INT,
                                     RC_COL_INT};
    cov_ctx cc = {.pl = pl};
    cc.t = rc_table_add(pl->rs, "coverage", 10, cols, types);
    cc.ti = rc_table_add(pl->rs, "indicator_coverage", 13, icols, itypes);
    if (!cc.t || !cc.ti) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    memset(pl->n_partial, 0, sizeof pl->n_partial);
    memset(pl->n_missing, 0, sizeof pl->n_missing);
    rc_buf why;
    rc_buf_init(&why);
    for (size_t y = 0; y < pl->ny; y++)
        for (size_t r = 0; r < pl->nr; r++) {
            size_t cell = y * pl->nr + r;
            index_reason(pl, cell, &why);
            cov_row(&cc, r, y, "index", "", "", pl->index[cell], pl->index_share[cell],
                    pl->index_present[cell], pl->index_expected, pl->index_why[cell],
                    &pl->index_missing, "any dimension", why.len ? why.data : NULL);
            count(pl, 0, pl->index[cell], pl->index_present[cell], pl->index_expected);
        }
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_dim_run *d = &pl->dims[i];
        if (d->scores == d->root.score && d->root.share) {
            comp_rows(&cc, d, &d->root, 1);
        } else { /* scored by its plugin: present or missing, no parts to count */
            for (size_t y = 0; y < pl->ny; y++)
                for (size_t r = 0; r < pl->nr; r++) {
                    double v = d->scores[y * pl->nr + r];
                    char what[300];
                    snprintf(what, sizeof what, "dimension '%s'", d->cfg->root.id);
                    cov_row(&cc, r, y, "dimension", d->cfg->root.id, d->cfg->root.id, v,
                            isnan(v) ? 0.0 : 1.0, !isnan(v), 1,
                            isnan(v) ? RC_COV_UNDEFINED : RC_COV_OK, &d->root.missing, what,
                            NULL);
                    count(pl, 1, v, !isnan(v), 1);
                }
        }
        cc.dim = d->cfg->root.id;
        comp_ind_rows(&cc, &d->root);
    }
    int nomem = why.failed;
    rc_buf_free(&why);
    if (cc.failed || nomem)
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory building the coverage table");
    year_warnings(pl);
    size_t parts = pl->n_partial[0] + pl->n_partial[1] + pl->n_partial[2];
    if (parts)
        rc_pl_warn(pl, "%zu partial score(s) are built from fewer than all their indicators "
                   "(%zu index values, %zu dimension scores, %zu component scores); the "
                   "coverage table lists them and their `partial` column is 1", parts,
                   pl->n_partial[0], pl->n_partial[1], pl->n_partial[2]);
    if (pl->n_missing[0])
        rc_pl_warn(pl, "%zu of %zu index values are missing (the coverage table gives the "
                   "reason of each)", pl->n_missing[0], pl->nr * pl->ny);
    pick_report_year(pl);
    report_year_warnings(pl);
    return 0;
}
