/* plugins/analyses/audit/audit_load.c — the audit's hierarchy from the result tables, and
 * the inference of each aggregate's aggregation (audit_load.h; docs/audit.md). */
#include "audit_load.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tab {
    const au_reader *rd;
    const void *t;
    size_t n;
} tab;

static int open_tab(const au_reader *rd, const char *name, tab *t, char *why, size_t ws)
{
    t->rd = rd;
    t->t = rd->table(rd->user, name);
    t->n = t->t ? rd->nrows(rd->user, t->t) : 0;
    if (!t->t) snprintf(why, ws, "audit: the run has no table '%s'", name);
    return t->t ? 0 : -1;
}

static long need_col(const tab *t, const char *name, const char *table, char *why, size_t ws)
{
    long c = t->rd->col(t->rd->user, t->t, name);
    if (c < 0) snprintf(why, ws, "audit: table '%s' has no column '%s'", table, name);
    return c;
}

static const char *txt(const tab *t, size_t r, long c) { return t->rd->text(t->rd->user, t->t, r, (size_t)c); }
static double num(const tab *t, size_t r, long c) { return t->rd->num(t->rd->user, t->t, r, (size_t)c); }

static long find_str(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && strcmp(v[i], s) == 0) return (long)i;
    return -1;
}

/* ---------------- a string → index map (open addressing, FNV-1a) ---------------- */
typedef struct smap {
    const char **key; /* borrowed */
    char **own;       /* keys the map made itself (joined keys), freed with it */
    long *val;
    size_t cap;
} smap;

static uint64_t fnv(const char *a, const char *b)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = a; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    h = (h ^ 0x1f) * 1099511628211ULL;
    for (const char *p = b ? b : ""; *p; p++) h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    return h;
}

static int smap_init(smap *m, size_t n)
{
    m->cap = 16;
    while (m->cap < 2 * n + 1) m->cap *= 2;
    m->key = calloc(m->cap, sizeof *m->key);
    m->own = calloc(m->cap, sizeof *m->own);
    m->val = calloc(m->cap, sizeof *m->val);
    return m->key && m->own && m->val ? 0 : -1;
}

static void smap_free(smap *m)
{
    for (size_t i = 0; m->own && i < m->cap; i++) free(m->own[i]);
    free(m->key);
    free(m->own);
    free(m->val);
}

/* Keys are the pair (a, b) (b may be NULL); stored as a + "\x1f" + b. */
static int same_key(const char *k, const char *a, const char *b)
{
    size_t la = strlen(a);
    if (strncmp(k, a, la) != 0) return 0;
    if (!b) return k[la] == '\0';
    return k[la] == 0x1f && strcmp(k + la + 1, b) == 0;
}

static long smap_get(const smap *m, const char *a, const char *b)
{
    for (size_t i = fnv(a, b) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        if (!m->key[i]) return -1;
        if (same_key(m->key[i], a, b)) return m->val[i];
    }
}

/* Adds (a, b) → v unless present; 0 or -1 (out of memory). The map must have room (its
 * capacity was sized for the keys it will hold). */
static int smap_put(smap *m, const char *a, const char *b, long v)
{
    size_t i = fnv(a, b) & (m->cap - 1);
    for (; m->key[i]; i = (i + 1) & (m->cap - 1))
        if (same_key(m->key[i], a, b)) return 0;
    if (b) {
        size_t len = strlen(a) + strlen(b) + 2;
        char *k = malloc(len);
        if (!k) return -1;
        snprintf(k, len, "%s\x1f%s", a, b);
        m->own[i] = k;
        m->key[i] = k;
    } else {
        m->key[i] = a;
    }
    m->val[i] = v;
    return 0;
}

typedef struct build {
    au_loaded *l;
    size_t nr, ny, cap;
    const char *const *regions;
    const int *years;
    char **path;            /* per unit: the tables' path ("index", "Conn", "Conn/Physical") */
    smap regions_map;       /* region id → index */
    smap units_map;         /* (kind name, path) → unit; indicators: (parent path, id) */
} build;

static const char *const k_kind_key[] = {"i", "c", "d", "x"};

static long region_of(const build *b, const char *id) { return smap_get(&b->regions_map, id, NULL); }

static long year_num(const build *b, double v)
{
    for (size_t t = 0; t < b->ny; t++)
        if ((double)b->years[t] == v) return (long)t;
    return -1;
}

static long year_of(const build *b, const char *y)
{
    long v = strtol(y, NULL, 10);
    for (size_t t = 0; t < b->ny; t++)
        if (b->years[t] == v) return (long)t;
    return -1;
}

/* Unit u's storage: k = 0 its values (ny × nr), 1 its raw values (indicators), 2 its weights
 * (ny). */
static double *block(build *b, size_t u, int k) { return b->l->cols[u * 3 + (size_t)k]; }

static long add_unit(build *b, const char *id, const char *path, au_kind kind, size_t parent)
{
    au_loaded *l = b->l;
    if (l->m.n >= b->cap) return -1;
    size_t u = l->m.n++;
    l->ids[u] = strdup(id);
    b->path[u] = strdup(path);
    if (!l->ids[u] || !b->path[u]) return -1;
    size_t cells = b->ny * b->nr;
    double **c = l->cols + u * 3;
    c[0] = malloc((cells + 1) * sizeof **c);
    c[1] = kind == AU_INDICATOR ? malloc((cells + 1) * sizeof **c) : NULL;
    c[2] = malloc((b->ny + 1) * sizeof **c);
    if (!c[0] || (kind == AU_INDICATOR && !c[1]) || !c[2]) return -1;
    au_unit *un = &l->units[u];
    memset(un, 0, sizeof *un);
    un->id = l->ids[u];
    un->kind = kind;
    un->parent = parent;
    double *v = c[0], *raw = c[1], *w = c[2];
    for (size_t i = 0; i < cells; i++) v[i] = NAN;
    for (size_t i = 0; raw && i < cells; i++) raw[i] = NAN;
    for (size_t i = 0; i < b->ny; i++) w[i] = NAN;
    un->value = v;
    un->raw = kind == AU_INDICATOR ? raw : NULL;
    un->weight = parent != AU_NONE ? w : NULL;
    un->agg = AU_AGG_ARITHMETIC;
    int rc = kind == AU_INDICATOR ? smap_put(&b->units_map, b->path[parent], id, (long)u)
                                  : smap_put(&b->units_map, k_kind_key[kind], b->path[u], (long)u);
    return rc == 0 ? (long)u : -1;
}

/* Fills a unit's weight from a `year` cell ("all" or a year). */
static void set_weight(build *b, size_t u, const char *year, double w)
{
    double *wv = block(b, u, 2);
    long t = strcmp(year, "all") == 0 ? -1 : year_of(b, year);
    for (size_t k = 0; k < b->ny; k++)
        if (t < 0 || (size_t)t == k) wv[k] = w;
}

/* Scores of units of one kind from a table: key column → unit path. */
static int fill_scores(build *b, const tab *t, const char *table, const char *key,
                       const char *score, au_kind kind, char *why, size_t ws)
{
    long cr = need_col(t, "region", table, why, ws), cy = need_col(t, "year", table, why, ws);
    long ck = key ? need_col(t, key, table, why, ws) : 0, cs = need_col(t, score, table, why, ws);
    if (cr < 0 || cy < 0 || ck < 0 || cs < 0) return -1;
    for (size_t r = 0; r < t->n; r++) {
        long g = region_of(b, txt(t, r, cr)), y = year_num(b, num(t, r, cy));
        if (g < 0 || y < 0) continue;
        long u = 0;
        if (key && (u = smap_get(&b->units_map, k_kind_key[kind], txt(t, r, ck))) < 0) continue;
        block(b, (size_t)u, 0)[(size_t)y * b->nr + (size_t)g] = num(t, r, cs);
    }
    return 0;
}

int au_load(const au_reader *rd, size_t nr, size_t ny, const char *const *regions,
            const int *years, au_loaded *out, char *why, size_t ws)
{
    memset(out, 0, sizeof *out);
    tab tw, ti, tc, ts, tx;
    if (open_tab(rd, "weights", &tw, why, ws) || open_tab(rd, "indicators", &ti, why, ws) ||
        open_tab(rd, "scores", &ts, why, ws) || open_tab(rd, "index", &tx, why, ws))
        return -1;
    int have_comps = open_tab(rd, "components", &tc, why, ws) == 0;
    build b;
    memset(&b, 0, sizeof b);
    b.l = out;
    b.nr = nr;
    b.ny = ny;
    b.cap = tw.n + 1;
    b.regions = regions;
    b.years = years;
    out->units = calloc(b.cap, sizeof *out->units);
    out->ids = calloc(b.cap, sizeof *out->ids);
    b.path = calloc(b.cap, sizeof *b.path);
    out->cols = calloc(b.cap * 3 + 1, sizeof *out->cols);
    int rc = -1;
    int maps = smap_init(&b.regions_map, nr) == 0 && smap_init(&b.units_map, b.cap) == 0;
    for (size_t i = 0; maps && i < nr; i++) maps = smap_put(&b.regions_map, regions[i], NULL, (long)i) == 0;
    if (!out->units || !out->ids || !b.path || !out->cols || !maps) {
        snprintf(why, ws, "audit: out of memory");
        goto done;
    }
    long lv = need_col(&tw, "level", "weights", why, ws), pa = need_col(&tw, "parent", "weights", why, ws);
    long ch = need_col(&tw, "child", "weights", why, ws), yr = need_col(&tw, "year", "weights", why, ws);
    long wt = need_col(&tw, "weight", "weights", why, ws);
    if (lv < 0 || pa < 0 || ch < 0 || yr < 0 || wt < 0) goto done;
    if (add_unit(&b, "index", "index", AU_INDEX, AU_NONE) < 0) goto nomem;
    /* parents before children: dimensions, then components as their parent appears, then
     * indicators */
    static const char *const levels[] = {"dimension", "component", "indicator"};
    static const au_kind kinds[] = {AU_DIMENSION, AU_COMPONENT, AU_INDICATOR};
    for (int k = 0; k < 3; k++) {
        int added = 1;
        while (added) {
            added = 0;
            for (size_t r = 0; r < tw.n; r++) {
                if (strcmp(txt(&tw, r, lv), levels[k]) != 0) continue;
                const char *parent = txt(&tw, r, pa), *child = txt(&tw, r, ch);
                long p = find_str(b.path, out->m.n, parent);
                if (p < 0) continue;
                char path[1024];
                if (kinds[k] == AU_INDICATOR) snprintf(path, sizeof path, "%s", child);
                else if (p == 0) snprintf(path, sizeof path, "%s", child);
                else snprintf(path, sizeof path, "%s/%s", parent, child);
                long u = -1;
                for (size_t i = 0; i < out->m.n && u < 0; i++)
                    if (out->units[i].kind == kinds[k] && (size_t)out->units[i].parent == (size_t)p &&
                        strcmp(out->ids[i], child) == 0)
                        u = (long)i;
                if (u < 0) {
                    u = add_unit(&b, child, path, kinds[k], (size_t)p);
                    if (u < 0) goto nomem;
                    added = kinds[k] == AU_COMPONENT;
                }
                set_weight(&b, (size_t)u, txt(&tw, r, yr), num(&tw, r, wt));
            }
        }
    }
    for (size_t r = 0; r < tw.n; r++) {
        const char *l = txt(&tw, r, lv);
        if (find_str(b.path, out->m.n, txt(&tw, r, pa)) < 0 &&
            (!strcmp(l, "dimension") || !strcmp(l, "component") || !strcmp(l, "indicator"))) {
            snprintf(why, ws, "audit: the weights table names '%s' under '%s', which is not in "
                              "the hierarchy", txt(&tw, r, ch), txt(&tw, r, pa));
            goto done;
        }
    }
    /* scores */
    if (fill_scores(&b, &tx, "index", NULL, "index", AU_INDEX, why, ws) ||
        fill_scores(&b, &ts, "scores", "dimension", "score", AU_DIMENSION, why, ws) ||
        (have_comps && fill_scores(&b, &tc, "components", "component", "score", AU_COMPONENT, why, ws)))
        goto done;
    /* indicators: by (component path, indicator) */
    long ir = need_col(&ti, "region", "indicators", why, ws), iy = need_col(&ti, "year", "indicators", why, ws);
    long ic = need_col(&ti, "component", "indicators", why, ws), ii = need_col(&ti, "indicator", "indicators", why, ws);
    long iraw = need_col(&ti, "raw", "indicators", why, ws), inorm = need_col(&ti, "normalised", "indicators", why, ws);
    if (ir < 0 || iy < 0 || ic < 0 || ii < 0 || iraw < 0 || inorm < 0) goto done;
    for (size_t r = 0; r < ti.n; r++) {
        long g = region_of(&b, txt(&ti, r, ir)), y = year_num(&b, num(&ti, r, iy));
        long u = smap_get(&b.units_map, txt(&ti, r, ic), txt(&ti, r, ii));
        if (g < 0 || y < 0 || u < 0) continue;
        size_t cell = (size_t)y * nr + (size_t)g;
        block(&b, (size_t)u, 0)[cell] = num(&ti, r, inorm);
        block(&b, (size_t)u, 1)[cell] = num(&ti, r, iraw);
    }
    out->m.nr = nr;
    out->m.ny = ny;
    out->m.regions = regions;
    out->m.years = years;
    out->m.u = out->units;
    rc = 0;
    goto done;
nomem:
    snprintf(why, ws, "audit: out of memory");
done:
    if (b.path)
        for (size_t i = 0; i < b.cap; i++) free(b.path[i]);
    free(b.path);
    smap_free(&b.regions_map);
    smap_free(&b.units_map);
    if (rc) au_loaded_free(out);
    return rc;
}

/* Does aggregation (agg, strict) of u's children give u's published scores, up to one
 * positive factor (the published scores carry `index.scale`, the leaves do not)? */
static int reproduces(const au_loaded *l, size_t u, au_agg agg, int strict)
{
    const au_model *m = &l->m;
    double factor = NAN;
    size_t matched = 0;
    for (size_t t = 0; t < m->ny; t++) {
        for (size_t g = 0; g < m->nr; g++) {
            size_t cell = t * m->nr + g;
            double num = 0.0, den = 0.0;
            int miss = 0, any = 0;
            for (size_t c = u + 1; c < m->n; c++) {
                if (m->u[c].parent != u) continue;
                any = 1;
                double x = m->u[c].value[cell], w = m->u[c].weight[t];
                if (isnan(w)) return 0;
                if (isnan(x)) {
                    miss |= strict;
                    continue;
                }
                if (agg == AU_AGG_GEOMETRIC && !(x > 0.0)) return 0;
                num += w * (agg == AU_AGG_GEOMETRIC ? log(x) : x);
                den += w;
            }
            if (!any) return 0;
            double v = miss || !(den > 0.0) ? NAN : num / den;
            if (agg == AU_AGG_GEOMETRIC && !isnan(v)) v = exp(v);
            double pub = m->u[u].value[cell];
            if (isnan(pub) != isnan(v)) {
                /* a published missing score may come from a coverage rule: only a value the
                 * aggregation cannot give is a mismatch */
                if (isnan(v)) return 0;
                continue;
            }
            if (isnan(v)) continue;
            if (isnan(factor) && v != 0.0) factor = pub / v;
            if (!(factor > 0.0) && !isnan(factor)) return 0;
            double want = isnan(factor) ? v : factor * v;
            if (fabs(pub - want) > 1e-9 * fmax(1.0, fabs(pub))) return 0;
            matched++;
        }
    }
    return matched > 0;
}

void au_infer_aggregation(au_loaded *l)
{
    for (size_t u = 0; u < l->m.n; u++) {
        int has_kids = 0;
        for (size_t c = u + 1; c < l->m.n && !has_kids; c++) has_kids = l->m.u[c].parent == u;
        if (!has_kids) continue;
        au_unit *un = &l->units[u];
        un->agg = AU_AGG_OTHER;
        static const au_agg aggs[] = {AU_AGG_ARITHMETIC, AU_AGG_GEOMETRIC};
        for (int a = 0; a < 2 && un->agg == AU_AGG_OTHER; a++)
            for (int s = 0; s < 2 && un->agg == AU_AGG_OTHER; s++)
                if (reproduces(l, u, aggs[a], s)) {
                    un->agg = aggs[a];
                    un->strict = s;
                }
    }
}

void au_loaded_free(au_loaded *l)
{
    if (l->ids)
        for (size_t i = 0; i < l->m.n; i++) free(l->ids[i]);
    free(l->ids);
    free(l->units);
    if (l->cols)
        for (size_t i = 0; i < 3 * l->m.n; i++) free(l->cols[i]);
    free(l->cols);
    memset(l, 0, sizeof *l);
}
