/* plugins/reporters/common/names.c — region names and dimension/component/indicator labels
 * looked up by id from the `regions` and `labels` tables, and the generic reporters' column
 * plan with `name` and `label` beside the ids (see names.h). */
#include "names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct nm_entry {
    const char *kind; /* "region" or a labels kind */
    const char *id, *text;
} nm_entry;

struct rr_names {
    nm_entry *e;
    size_t n;
    size_t *slot; /* open addressing over e (index + 1; 0 = empty) */
    size_t cap;   /* a power of two */
};

static size_t hash2(const char *a, const char *b)
{
    size_t x = 1469598103934665603u;
    for (; *a; a++) x = (x ^ (unsigned char)*a) * 1099511628211u;
    x = (x ^ 0xff) * 1099511628211u;
    for (; *b; b++) x = (x ^ (unsigned char)*b) * 1099511628211u;
    return x;
}

static const char *find(const rr_names *n, const char *kind, const char *id)
{
    if (!n || !n->cap || !id) return NULL;
    for (size_t i = hash2(kind, id) & (n->cap - 1);; i = (i + 1) & (n->cap - 1)) {
        size_t k = n->slot[i];
        if (!k) return NULL;
        const nm_entry *e = &n->e[k - 1];
        if (strcmp(e->kind, kind) == 0 && strcmp(e->id, id) == 0) return e->text;
    }
}

static void insert(rr_names *n, const char *kind, const char *id, const char *text)
{
    if (!id || !text || find(n, kind, id)) return; /* the first entry of an id wins */
    n->e[n->n] = (nm_entry){kind, id, text};
    size_t i = hash2(kind, id) & (n->cap - 1);
    while (n->slot[i]) i = (i + 1) & (n->cap - 1);
    n->slot[i] = ++n->n;
}

static int64_t str_col(const rc_host *h, rc_ctx *ctx, const rc_table *t, const char *name)
{
    int64_t c = t ? h->col_index(ctx, t, name) : -1;
    if (c < 0 || h->col_type(ctx, t, (size_t)c) != RC_COL_STRING) return -1;
    return c;
}

rr_names *rr_names_load(const rc_host *h, rc_ctx *ctx)
{
    rr_names *n = calloc(1, sizeof *n);
    if (!n) return NULL;
    const rc_table *tr = h->table_by_name(ctx, "regions"), *tl = h->table_by_name(ctx, "labels");
    int64_t rid = str_col(h, ctx, tr, "region"), rnm = str_col(h, ctx, tr, "name");
    int64_t lk = str_col(h, ctx, tl, "kind"), lid = str_col(h, ctx, tl, "id"),
            llb = str_col(h, ctx, tl, "label");
    size_t nr = rid >= 0 && rnm >= 0 ? h->table_nrows(ctx, tr) : 0;
    size_t nl = lk >= 0 && lid >= 0 && llb >= 0 ? h->table_nrows(ctx, tl) : 0;
    size_t total = nr + nl;
    n->cap = 16;
    while (n->cap < 2 * total + 1) n->cap *= 2;
    n->e = calloc(total ? total : 1, sizeof *n->e);
    n->slot = calloc(n->cap, sizeof *n->slot);
    if (!n->e || !n->slot) {
        rr_names_free(n);
        return NULL;
    }
    for (size_t r = 0; r < nr; r++)
        insert(n, "region", h->cell_str(ctx, tr, r, (size_t)rid), h->cell_str(ctx, tr, r, (size_t)rnm));
    for (size_t r = 0; r < nl; r++) {
        const char *kind = h->cell_str(ctx, tl, r, (size_t)lk);
        if (kind) insert(n, kind, h->cell_str(ctx, tl, r, (size_t)lid), h->cell_str(ctx, tl, r, (size_t)llb));
    }
    return n;
}

void rr_names_free(rr_names *n)
{
    if (!n) return;
    free(n->e);
    free(n->slot);
    free(n);
}

const char *rr_region_name(const rr_names *n, const char *id)
{
    const char *s = find(n, "region", id);
    return s && *s ? s : id;
}

const char *rr_label(const rr_names *n, const char *kind, const char *id)
{
    const char *s = find(n, kind, id);
    return s && *s ? s : id;
}

const char *rr_any_label(const rr_names *n, const char *id)
{
    static const char *const kinds[] = {"indicator", "component", "dimension"};
    for (size_t k = 0; k < 3; k++) {
        const char *s = find(n, kinds[k], id);
        if (s && *s) return s;
    }
    return id;
}

/* ------------------------------------------------------------------ the column plan */

int32_t rr_colplan_make(const rc_host *h, rc_ctx *ctx, const rc_table *t, rr_colplan *plan)
{
    memset(plan, 0, sizeof *plan);
    size_t nc = h->table_ncols(ctx, t);
    plan->src = calloc(nc + 2, sizeof *plan->src);
    if (!plan->src) return RC_ENOMEM;
    plan->region = str_col(h, ctx, t, "region");
    plan->indicator = str_col(h, ctx, t, "indicator");
    plan->component = str_col(h, ctx, t, "component");
    plan->dimension = str_col(h, ctx, t, "dimension");
    plan->child = str_col(h, ctx, t, "child");
    plan->level = str_col(h, ctx, t, "level");
    if (plan->child >= 0 && plan->level < 0) plan->child = -1;
    const char *tn = h->table_name(ctx, t);
    int own = strcmp(tn, "regions") == 0 || strcmp(tn, "labels") == 0 ||
              strcmp(tn, "manifest") == 0;
    int add_name = !own && plan->region >= 0 && h->col_index(ctx, t, "name") < 0;
    int64_t after = plan->indicator >= 0   ? plan->indicator
                    : plan->component >= 0 ? plan->component
                    : plan->dimension >= 0 ? plan->dimension
                                           : plan->child;
    int add_label = !own && after >= 0 && h->col_index(ctx, t, "label") < 0;
    /* appended after the table's own columns: columns are only ever appended */
    for (size_t c = 0; c < nc; c++) plan->src[plan->n++] = (int64_t)c;
    if (add_name) plan->src[plan->n++] = RR_COL_NAME;
    if (add_label) plan->src[plan->n++] = RR_COL_LABEL;
    return RC_OK;
}

void rr_colplan_free(rr_colplan *plan)
{
    free(plan->src);
    plan->src = NULL;
    plan->n = 0;
}

const char *rr_colplan_name(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                            const rr_colplan *plan, size_t i)
{
    if (plan->src[i] == RR_COL_NAME) return "name";
    if (plan->src[i] == RR_COL_LABEL) return "label";
    return h->col_name(ctx, t, (size_t)plan->src[i]);
}

int32_t rr_colplan_type(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                        const rr_colplan *plan, size_t i)
{
    if (plan->src[i] < 0) return RC_COL_STRING;
    return h->col_type(ctx, t, (size_t)plan->src[i]);
}

static const char *nonempty(const rc_host *h, rc_ctx *ctx, const rc_table *t, size_t row,
                            int64_t col)
{
    const char *s = col >= 0 ? h->cell_str(ctx, t, row, (size_t)col) : NULL;
    return s && *s ? s : NULL;
}

const char *rr_row_label(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                         const rr_colplan *plan, const rr_names *n, size_t row)
{
    const char *s;
    if ((s = nonempty(h, ctx, t, row, plan->indicator))) return rr_label(n, "indicator", s);
    if ((s = nonempty(h, ctx, t, row, plan->component))) return rr_label(n, "component", s);
    if ((s = nonempty(h, ctx, t, row, plan->dimension))) return rr_label(n, "dimension", s);
    if ((s = nonempty(h, ctx, t, row, plan->child))) {
        const char *kind = nonempty(h, ctx, t, row, plan->level);
        if (!kind) return s;
        const char *hit = find(n, kind, s);
        if (hit && *hit) return hit;
        /* a component child is named by its id under its parent's path */
        const char *parent = nonempty(h, ctx, t, row, h->col_index(ctx, t, "parent"));
        if (parent && strcmp(kind, "component") == 0) {
            char path[1024];
            snprintf(path, sizeof path, "%s/%s", parent, s);
            hit = find(n, kind, path);
            if (hit && *hit) return hit;
        }
        return s;
    }
    return NULL;
}

const char *rr_colplan_text(const rc_host *h, rc_ctx *ctx, const rc_table *t,
                            const rr_colplan *plan, const rr_names *n, size_t row, size_t i)
{
    if (plan->src[i] == RR_COL_NAME) {
        const char *id = nonempty(h, ctx, t, row, plan->region);
        return id ? rr_region_name(n, id) : "";
    }
    if (plan->src[i] == RR_COL_LABEL) {
        const char *s = rr_row_label(h, ctx, t, plan, n, row);
        return s ? s : "";
    }
    return h->cell_text(ctx, t, row, (size_t)plan->src[i]);
}
