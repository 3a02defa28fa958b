/* data/panel.c — the panel structure: creation, index lookups, appending series, freeing. */
#include "data/panel.h"

#include "data/weights.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

rc_panel *rc_panel_create(size_t n_regions, const char *const *ids, const char *const *names,
                          size_t n_years, const int *years, rc_error *err)
{
    for (size_t t = 1; t < n_years; t++)
        if (years[t] <= years[t - 1]) {
            rc_error_set(err, RC_ERRK_DATA, "panel years must be ascending and distinct (%d after %d)",
                         years[t], years[t - 1]);
            return NULL;
        }
    for (size_t r = 0; r < n_regions; r++) {
        if (!ids[r] || !ids[r][0]) {
            rc_error_set(err, RC_ERRK_DATA, "panel region %zu has an empty id", r + 1);
            return NULL;
        }
    }
    rc_panel *p = rc_calloc(1, sizeof *p);
    if (!p) goto oom;
    p->n_regions = n_regions;
    p->n_years = n_years;
    p->region_ids = rc_calloc(n_regions ? n_regions : 1, sizeof *p->region_ids);
    p->region_names = rc_calloc(n_regions ? n_regions : 1, sizeof *p->region_names);
    p->years = rc_calloc(n_years ? n_years : 1, sizeof *p->years);
    if (!p->region_ids || !p->region_names || !p->years) goto oom;
    for (size_t r = 0; r < n_regions; r++) {
        const char *nm = names && names[r] && names[r][0] ? names[r] : ids[r];
        if (!(p->region_ids[r] = rc_strdup(ids[r])) || !(p->region_names[r] = rc_strdup(nm)))
            goto oom;
    }
    if (n_years) memcpy(p->years, years, n_years * sizeof *years);
    if (rc_panel_lazy_init(p) != 0) goto oom;
    return p;
oom:
    rc_panel_free(p);
    rc_error_set(err, RC_ERRK_OTHER, "out of memory creating the panel");
    return NULL;
}

long rc_panel_region(const rc_panel *p, const char *id)
{
    if (!p || !id) return -1;
    for (size_t r = 0; r < p->n_regions; r++)
        if (strcmp(p->region_ids[r], id) == 0) return (long)r;
    return -1;
}

long rc_panel_year(const rc_panel *p, int year)
{
    if (!p) return -1;
    size_t lo = 0, hi = p->n_years; /* years are ascending */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->years[mid] < year)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < p->n_years && p->years[lo] == year ? (long)lo : -1;
}

long rc_panel_series(const rc_panel *p, const char *name)
{
    if (!p || !name) return -1;
    for (size_t s = 0; s < p->n_series; s++)
        if (strcmp(p->series_names[s], name) == 0) return (long)s;
    return -1;
}

const rc_grouping *rc_panel_grouping(const rc_panel *p, const char *name)
{
    if (!p || !name) return NULL;
    for (size_t g = 0; g < p->n_groupings; g++)
        if (strcmp(p->groupings[g].name, name) == 0) return &p->groupings[g];
    return NULL;
}

int rc_panel_add_series(rc_panel *p, const char *name, const double *values, rc_error *err)
{
    if (!name || !name[0])
        return rc_error_set(err, RC_ERRK_CONFIG, "a series needs a non-empty name");
    if (rc_panel_series(p, name) >= 0)
        return rc_error_set(err, RC_ERRK_CONFIG, "series '%s' already exists in the panel", name);
    if (p->n_series == p->cap_series) {
        size_t cap = p->cap_series ? p->cap_series * 2 : 16;
        char **nn = rc_reallocarray(p->series_names, cap, sizeof *nn);
        if (!nn) return rc_error_set(err, RC_ERRK_OTHER, "out of memory adding series '%s'", name);
        p->series_names = nn;
        double **nv = rc_reallocarray(p->values, cap, sizeof *nv);
        if (!nv) return rc_error_set(err, RC_ERRK_OTHER, "out of memory adding series '%s'", name);
        p->values = nv;
        char **nu = rc_reallocarray(p->series_units, cap, sizeof *nu);
        if (!nu) return rc_error_set(err, RC_ERRK_OTHER, "out of memory adding series '%s'", name);
        p->series_units = nu;
        p->cap_series = cap;
    }
    size_t cells = p->n_years * p->n_regions;
    double *v = rc_reallocarray(NULL, cells ? cells : 1, sizeof *v);
    char *nm = rc_strdup(name);
    if (!v || !nm) {
        free(v);
        free(nm);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory adding series '%s'", name);
    }
    if (values)
        memcpy(v, values, cells * sizeof *v);
    else
        for (size_t i = 0; i < cells; i++) v[i] = NAN;
    p->series_names[p->n_series] = nm;
    p->values[p->n_series] = v;
    p->series_units[p->n_series] = NULL;
    p->n_series++;
    return 0;
}

int rc_panel_set_unit(rc_panel *p, size_t s, const char *unit, rc_error *err)
{
    if (s >= p->n_series || !unit) return 0;
    char *u = rc_strdup(unit);
    if (!u) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    free(p->series_units[s]);
    p->series_units[s] = u;
    return 0;
}

void rc_grouping_free_contents(rc_grouping *g)
{
    if (!g) return;
    free(g->name);
    for (size_t i = 0; i < g->n_labels; i++) free(g->labels[i]);
    free(g->labels);
    free(g->of_region);
    memset(g, 0, sizeof *g);
}

void rc_spatial_free(rc_spatial *s)
{
    if (!s) return;
    free(s->off);
    free(s->nbr);
    free(s->w);
    free(s->source);
    free(s);
}

void rc_panel_free(rc_panel *p)
{
    if (!p) return;
    for (size_t r = 0; r < p->n_regions; r++) {
        if (p->region_ids) free(p->region_ids[r]);
        if (p->region_names) free(p->region_names[r]);
    }
    free(p->region_ids);
    free(p->region_names);
    free(p->years);
    for (size_t s = 0; s < p->n_series; s++) {
        free(p->series_names[s]);
        free(p->values[s]);
        if (p->series_units) free(p->series_units[s]);
    }
    free(p->series_names);
    free(p->series_units);
    free(p->values);
    for (size_t g = 0; g < p->n_groupings; g++) rc_grouping_free_contents(&p->groupings[g]);
    free(p->groupings);
    rc_spatial_free(p->spatial);
    rc_panel_weights_free(p);
    free(p->coord_x);
    free(p->coord_y);
    free(p);
}

