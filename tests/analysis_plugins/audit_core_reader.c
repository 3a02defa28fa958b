/* tests/analysis_plugins/audit_core_reader.c — the audit's table reader over the core's
 * result set (audit_core_reader.h). */
#include "audit_core_reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const void *r_table(void *u, const char *name) { return rc_table_get(u, name); }
static size_t r_nrows(void *u, const void *t)
{
    (void)u;
    return ((const struct rc_table *)t)->nrows;
}
static long r_col(void *u, const void *t, const char *name)
{
    (void)u;
    return rc_table_col(t, name);
}
static const char *r_text(void *u, const void *t, size_t row, size_t col)
{
    (void)u;
    const struct rc_table *tb = t;
    static char buf[64]; /* single-threaded tests and bench only */
    if (tb->col_types[col] == RC_COL_STRING) {
        const char *s = rc_table_str(tb, row, col);
        return s ? s : "";
    }
    if (tb->col_types[col] == RC_COL_INT) snprintf(buf, sizeof buf, "%lld", (long long)rc_table_int(tb, row, col));
    else snprintf(buf, sizeof buf, "%.17g", rc_table_num(tb, row, col));
    return buf;
}
static double r_num(void *u, const void *t, size_t row, size_t col)
{
    (void)u;
    const struct rc_table *tb = t;
    if (tb->col_types[col] == RC_COL_INT) return (double)rc_table_int(tb, row, col);
    if (tb->col_types[col] == RC_COL_NUMBER) return rc_table_num(tb, row, col);
    return NAN;
}

void acr_reader(const rc_resultset *rs, au_reader *out)
{
    au_reader r = {(void *)rs, r_table, r_nrows, r_col, r_text, r_num};
    *out = r;
}

int acr_panel(const rc_resultset *rs, const char ***regions, size_t *nr, int **years, size_t *ny)
{
    const struct rc_table *t = rc_table_get(rs, "index");
    if (!t) return -1;
    long cr = rc_table_col(t, "region"), cy = rc_table_col(t, "year");
    if (cr < 0 || cy < 0 || t->nrows == 0) return -1;
    int first = (int)rc_table_int(t, 0, (size_t)cy);
    size_t n = 0;
    while (n < t->nrows && rc_table_int(t, n, (size_t)cy) == first) n++;
    *nr = n;
    *ny = t->nrows / n;
    *regions = malloc(n * sizeof **regions);
    *years = malloc(*ny * sizeof **years);
    if (!*regions || !*years) return -1;
    for (size_t i = 0; i < n; i++) (*regions)[i] = rc_table_str(t, i, (size_t)cr);
    for (size_t y = 0; y < *ny; y++) (*years)[y] = (int)rc_table_int(t, y * n, (size_t)cy);
    return 0;
}
