/* pipeline/names.c — the `regions` and `labels` tables: each region's display name (from
 * `regions.name`) and groups, and the display label of every dimension, component and
 * indicator (from `label:`, else the id). Ids stay the keys of every other table; these two
 * tables are what reporters join on to show names (docs/tables.md). */
#include <stdlib.h>
#include <string.h>

#include "pipeline/internal.h"

/* One labels row: kind, id, dimension, label (the id when no label is configured). */
static int label_row(struct rc_table *t, const char *kind, const char *id, const char *dim,
                     const char *label)
{
    long r = rc_table_add_row(t);
    if (r < 0) return -1;
    size_t R = (size_t)r;
    return rc_table_set_str(t, R, 0, kind) | rc_table_set_str(t, R, 1, id) |
           rc_table_set_str(t, R, 2, dim) |
           rc_table_set_str(t, R, 3, label && label[0] ? label : id);
}

static int comp_labels(struct rc_table *t, const char *dim, const rc_comp_run *c, int root)
{
    if (!root && label_row(t, "component", c->path, dim, c->cfg ? c->cfg->label : NULL) != 0)
        return -1;
    for (size_t i = 0; i < c->n_inds; i++) {
        const rc_ind_run *ind = c->inds[i];
        if (label_row(t, "indicator", ind->id, dim, ind->cfg ? ind->cfg->label : NULL) != 0)
            return -1;
    }
    for (size_t i = 0; i < c->n_comps; i++)
        if (comp_labels(t, dim, &c->comps[i], 0) != 0) return -1;
    return 0;
}

int rc_names_build(rc_pipeline *pl, rc_error *err)
{
    const rc_panel *p = pl->panel;
    const char **cols = rc_calloc(2 + p->n_groupings, sizeof *cols);
    int32_t *types = rc_calloc(2 + p->n_groupings, sizeof *types);
    size_t *group_of = rc_calloc(p->n_groupings + 1, sizeof *group_of);
    int rc = -1;
    if (!cols || !types || !group_of) goto nomem;
    cols[0] = "region";
    cols[1] = "name";
    size_t ncols = 2; /* a grouping column called region or name would clash: left out */
    for (size_t g = 0; g < p->n_groupings; g++)
        if (strcmp(p->groupings[g].name, "region") != 0 && strcmp(p->groupings[g].name, "name") != 0) {
            group_of[ncols - 2] = g;
            cols[ncols++] = p->groupings[g].name;
        }
    for (size_t c = 0; c < ncols; c++) types[c] = RC_COL_STRING;
    struct rc_table *tr = rc_table_add(pl->rs, "regions", ncols, cols, types);
    if (!tr) goto nomem;
    for (size_t r = 0; r < pl->nr; r++) {
        long row = rc_table_add_row(tr);
        if (row < 0) goto nomem;
        size_t R = (size_t)row;
        const char *name = p->region_names && p->region_names[r] ? p->region_names[r]
                                                                  : p->region_ids[r];
        if (rc_table_set_str(tr, R, 0, p->region_ids[r]) | rc_table_set_str(tr, R, 1, name))
            goto nomem;
        for (size_t c = 2; c < ncols; c++) {
            const rc_grouping *gr = &p->groupings[group_of[c - 2]];
            if (rc_table_set_str(tr, R, c, gr->labels[gr->of_region[r]]) != 0) goto nomem;
        }
    }
    static const char *lcols[] = {"kind", "id", "dimension", "label"};
    static const int32_t ltypes[] = {RC_COL_STRING, RC_COL_STRING, RC_COL_STRING, RC_COL_STRING};
    struct rc_table *tl = rc_table_add(pl->rs, "labels", 4, lcols, ltypes);
    if (!tl) goto nomem;
    for (size_t i = 0; i < pl->n_dims; i++) {
        const rc_dim_run *d = &pl->dims[i];
        const char *id = d->cfg->root.id;
        if (label_row(tl, "dimension", id, id, d->cfg->root.label) != 0 ||
            comp_labels(tl, id, &d->root, 1) != 0)
            goto nomem;
    }
    rc = 0;
    goto done;
nomem:
    rc_error_set(err, RC_ERRK_OTHER, "out of memory building the regions and labels tables");
done:
    free(cols);
    free(types);
    free(group_of);
    return rc;
}
