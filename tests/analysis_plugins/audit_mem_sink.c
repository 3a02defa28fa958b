/* tests/analysis_plugins/audit_mem_sink.c — an in-memory au_sink for the audit suites
 * (audit_mem_sink.h): tables of text cells (numbers as %.17g), with lookups. */
#include "audit_mem_sink.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int m_table(void *u, const char *name, size_t nc, const char *const *cols,
                   const int32_t *types)
{
    (void)types;
    msink *s = u;
    ck_assert_uint_lt(s->nt, MAXT);
    ck_assert_uint_le(nc, MAXC);
    mtable *t = &s->t[s->nt++];
    memset(t, 0, sizeof *t);
    snprintf(t->name, sizeof t->name, "%s", name);
    t->nc = nc;
    for (size_t c = 0; c < nc; c++) snprintf(t->cols[c], sizeof t->cols[c], "%s", cols[c]);
    return 0;
}
int m_row(void *u)
{
    msink *s = u;
    mtable *t = &s->t[s->nt - 1];
    if (t->nr == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 64;
        t->cell = realloc(t->cell, t->cap * sizeof *t->cell);
        ck_assert_ptr_nonnull(t->cell);
    }
    memset(t->cell[t->nr], 0, sizeof t->cell[t->nr]);
    t->nr++;
    return 0;
}
static int m_put(msink *s, size_t c, const char *v)
{
    mtable *t = &s->t[s->nt - 1];
    t->cell[t->nr - 1][c] = strdup(v);
    return 0;
}
int m_str(void *u, size_t c, const char *v) { return m_put(u, c, v); }
int m_num(void *u, size_t c, double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.17g", v);
    return m_put(u, c, b);
}
int m_int(void *u, size_t c, int64_t v)
{
    char b[40];
    snprintf(b, sizeof b, "%lld", (long long)v);
    return m_put(u, c, b);
}
void m_free(msink *s)
{
    for (size_t i = 0; i < s->nt; i++)
        for (size_t r = 0; r < s->t[i].nr; r++)
            for (size_t c = 0; c < s->t[i].nc; c++) free(s->t[i].cell[r][c]);
    for (size_t i = 0; i < s->nt; i++) free(s->t[i].cell);
}
const mtable *m_get(const msink *s, const char *name)
{
    for (size_t i = 0; i < s->nt; i++)
        if (!strcmp(s->t[i].name, name)) return &s->t[i];
    ck_abort_msg("no table %s", name);
    return NULL;
}
const char *m_cell(const mtable *t, size_t r, const char *col)
{
    for (size_t c = 0; c < t->nc; c++)
        if (!strcmp(t->cols[c], col)) return t->cell[r][c] ? t->cell[r][c] : "";
    ck_abort_msg("no column %s in %s", col, t->name);
    return NULL;
}
double m_numc(const mtable *t, size_t r, const char *col) { return atof(m_cell(t, r, col)); }
/* The first row whose column `col` is `v` (and `col2` is `v2` when given), or -1. */
long m_find(const mtable *t, const char *col, const char *v, const char *col2, const char *v2)
{
    for (size_t r = 0; r < t->nr; r++)
        if (!strcmp(m_cell(t, r, col), v) && (!col2 || !strcmp(m_cell(t, r, col2), v2)))
            return (long)r;
    return -1;
}


void m_sink(msink *s, au_sink *out)
{
    au_sink k = {s, m_table, m_row, m_str, m_num, m_int};
    memset(s, 0, sizeof *s);
    *out = k;
}
