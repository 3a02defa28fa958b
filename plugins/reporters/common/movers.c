/* plugins/reporters/common/movers.c — the report year's attribution per region and its
 * sentence in English or Chinese (see movers.h). */
#include "movers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int64_t col(const rc_host *h, rc_ctx *ctx, const rc_table *t, const char *name,
                   int32_t type)
{
    int64_t c = t ? h->col_index(ctx, t, name) : -1;
    if (c < 0 || h->col_type(ctx, t, (size_t)c) != type) return -1;
    return c;
}

static const char *str(const rc_host *h, rc_ctx *ctx, const rc_table *t, size_t r, int64_t c)
{
    const char *s = c >= 0 ? h->cell_str(ctx, t, r, (size_t)c) : NULL;
    return s ? s : "";
}

static int cmp_mover(const void *a, const void *b)
{
    const rr_mover *x = a, *y = b;
    double ax = isnan(x->change) ? -1 : fabs(x->change), ay = isnan(y->change) ? -1 : fabs(y->change);
    if (ax != ay) return ax < ay ? 1 : -1;
    return strcmp(x->region, y->region);
}

static int cmp_part(const void *a, const void *b)
{
    const rr_mover_part *x = a, *y = b;
    double ax = isnan(x->to_index) ? -1 : fabs(x->to_index),
           ay = isnan(y->to_index) ? -1 : fabs(y->to_index);
    if (ax != ay) return ax < ay ? 1 : -1;
    return strcmp(x->dim, y->dim);
}

/* The dimension a parent path belongs to: its part before the first '/'. */
static int in_dim(const char *parent, const char *dim)
{
    size_t n = strlen(dim);
    return strncmp(parent, dim, n) == 0 && (parent[n] == '\0' || parent[n] == '/');
}

int32_t rr_movers(const rc_host *h, rc_ctx *ctx, int32_t year, rr_mover **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const rc_table *t = h->table_by_name(ctx, "attribution");
    int64_t cr = col(h, ctx, t, "region", RC_COL_STRING), cy = col(h, ctx, t, "to_year", RC_COL_INT),
            cf = col(h, ctx, t, "from_year", RC_COL_INT), cl = col(h, ctx, t, "level", RC_COL_STRING),
            cp = col(h, ctx, t, "parent", RC_COL_STRING), ci = col(h, ctx, t, "item", RC_COL_STRING),
            cx = col(h, ctx, t, "to_index", RC_COL_NUMBER);
    if (cr < 0 || cy < 0 || cl < 0 || cp < 0 || ci < 0 || cx < 0) return RC_OK;
    size_t nrows = h->table_nrows(ctx, t), m = 0;
    for (size_t r = 0; r < nrows; r++)
        m += h->cell_int(ctx, t, r, (size_t)cy) == year && strcmp(str(h, ctx, t, r, cl), "index") == 0;
    if (!m) return RC_OK;
    rr_mover *v = calloc(m, sizeof *v);
    if (!v) return RC_ENOMEM;
    size_t k = 0;
    rr_mover *cur = NULL;
    /* rows of a region and year pair are contiguous: the index row, then its tree */
    for (size_t r = 0; r < nrows; r++) {
        if (h->cell_int(ctx, t, r, (size_t)cy) != year) continue;
        const char *lvl = str(h, ctx, t, r, cl);
        double x = h->cell_num(ctx, t, r, (size_t)cx);
        if (strcmp(lvl, "index") == 0 && k < m) {
            cur = &v[k++];
            cur->region = str(h, ctx, t, r, cr);
            cur->from_year = cf >= 0 ? (int32_t)h->cell_int(ctx, t, r, (size_t)cf) : year - 1;
            cur->change = x;
            cur->rank_change = NAN;
            continue;
        }
        if (!cur || strcmp(str(h, ctx, t, r, cr), cur->region) != 0) continue;
        const char *parent = str(h, ctx, t, r, cp), *item = str(h, ctx, t, r, ci);
        if (strcmp(lvl, "dimension") == 0 && cur->n_parts < RR_MOVER_DIMS) {
            cur->part[cur->n_parts++] = (rr_mover_part){item, x, NULL, NAN};
        } else if (strcmp(lvl, "indicator") == 0 && !isnan(x)) {
            for (size_t d = 0; d < cur->n_parts; d++) {
                rr_mover_part *p = &cur->part[d];
                if (!in_dim(parent, p->dim)) continue;
                if (!p->top || fabs(x) > fabs(p->top_to_index)) {
                    p->top = item;
                    p->top_to_index = x;
                }
                break;
            }
        }
    }
    /* rank changes from the index table */
    const rc_table *ix = h->table_by_name(ctx, "index");
    int64_t xr = col(h, ctx, ix, "region", RC_COL_STRING), xy = col(h, ctx, ix, "year", RC_COL_INT),
            xc = col(h, ctx, ix, "rank_change", RC_COL_NUMBER);
    if (xr >= 0 && xy >= 0 && xc >= 0) {
        for (size_t r = 0, ni = h->table_nrows(ctx, ix); r < ni; r++) {
            if (h->cell_int(ctx, ix, r, (size_t)xy) != year) continue;
            const char *id = str(h, ctx, ix, r, xr);
            for (size_t i = 0; i < k; i++)
                if (strcmp(v[i].region, id) == 0) {
                    v[i].rank_change = h->cell_num(ctx, ix, r, (size_t)xc);
                    break;
                }
        }
    }
    for (size_t i = 0; i < k; i++) qsort(v[i].part, v[i].n_parts, sizeof v[i].part[0], cmp_part);
    qsort(v, k, sizeof *v, cmp_mover);
    *out = v;
    *n = k;
    return RC_OK;
}

/* A signed number with `decimals` decimals, never "-0" or "+0". */
static void signed_num(char *buf, size_t size, double v, int decimals)
{
    snprintf(buf, size, "%+.*f", decimals, v);
    if (strspn(buf + 1, "0.") == strlen(buf + 1)) memmove(buf, buf + 1, strlen(buf));
}

void rr_mover_sentence(const rr_mover *m, const rr_names *names, int zh, int decimals,
                       size_t max_dims, rr_buf *out)
{
    char num[64], places[96];
    signed_num(num, sizeof num, m->change, decimals);
    rr_puts(out, rr_region_name(names, m->region));
    long rk = isnan(m->rank_change) ? 0 : lround(m->rank_change);
    if (isnan(m->rank_change))
        snprintf(places, sizeof places, "%s", zh ? "综合指数变化" : " changed");
    else if (rk > 0)
        snprintf(places, sizeof places, zh ? "上升 %ld 位" : " rose %ld place%s", rk,
                 zh ? "" : (rk == 1 ? "" : "s"));
    else if (rk < 0)
        snprintf(places, sizeof places, zh ? "下降 %ld 位" : " fell %ld place%s", -rk,
                 zh ? "" : (rk == -1 ? "" : "s"));
    else
        snprintf(places, sizeof places, "%s", zh ? "排名不变" : " kept its rank");
    rr_puts(out, places);
    rr_printf(out, zh ? "（%s）" : " (%s)", num);
    size_t shown = m->n_parts < max_dims ? m->n_parts : max_dims;
    for (size_t d = 0; d < shown; d++) {
        const rr_mover_part *p = &m->part[d];
        if (isnan(p->to_index)) continue;
        rr_puts(out, d == 0 ? (zh ? "：" : ": ") : (zh ? "；" : "; "));
        rr_puts(out, rr_label(names, "dimension", p->dim));
        signed_num(num, sizeof num, p->to_index, decimals);
        rr_printf(out, " %s", num);
        if (p->top) {
            signed_num(num, sizeof num, p->top_to_index, decimals);
            rr_puts(out, zh ? "，主要来自" : ", mostly ");
            rr_puts(out, rr_any_label(names, p->top));
            rr_printf(out, zh ? "（%s）" : " (%s)", num);
        }
    }
    rr_puts(out, zh ? "。" : ".");
}
