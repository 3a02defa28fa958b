/* tests/analysis_drivers/refvals.c — the reference-output readers of refvals.h. */
#include "refvals.h"

#include "../analysis_plugins/refdata.h"

#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

refvals *ref_load(const char *file)
{
    char path[1024];
    snprintf(path, sizeof path, "%s%s", REF_DIR, file);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    refvals *r = calloc(1, sizeof *r);
    size_t cap = 0;
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char name[512];
        char num[128];
        if (sscanf(line, "%511s %127s", name, num) != 2) continue;
        if (r->n == cap) {
            cap = cap ? 2 * cap : 256;
            r->name = realloc(r->name, cap * sizeof *r->name);
            r->value = realloc(r->value, cap * sizeof *r->value);
        }
        r->name[r->n] = strdup(name);
        r->value[r->n] = !strcmp(num, "nan") ? NAN : strtod(num, NULL);
        r->n++;
    }
    fclose(f);
    ck_assert_msg(r->n > 0, "%s holds no values", path);
    return r;
}

void ref_free(refvals *r)
{
    if (!r) return;
    for (size_t i = 0; i < r->n; i++) free(r->name[i]);
    free(r->name);
    free(r->value);
    free(r);
}

static long find(const refvals *r, const char *fmt, va_list ap)
{
    char key[512];
    vsnprintf(key, sizeof key, fmt, ap);
    for (size_t i = 0; i < r->n; i++)
        if (!strcmp(r->name[i], key)) return (long)i;
    return -1;
}

double ref_get(const refvals *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long i = find(r, fmt, ap);
    va_end(ap);
    ck_assert_msg(i >= 0, "reference value %s missing", fmt);
    return r->value[i];
}

int ref_has(const refvals *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    long i = find(r, fmt, ap);
    va_end(ap);
    return i >= 0;
}

double *ref_csv_column(const char *file, const char *col, size_t *nrows)
{
    char path[1024];
    snprintf(path, sizeof path, "%s%s", REF_DIR, file);
    rd_csv *c = rd_csv_read(path);
    size_t k = rd_col(c, col), n = c->nrows - 1;
    double *v = malloc((n ? n : 1) * sizeof *v);
    ck_assert_ptr_nonnull(v);
    for (size_t r = 0; r < n; r++) v[r] = rd_num(c->cell[r + 1][k]);
    rd_csv_free(c);
    *nrows = n;
    return v;
}

int ref_close(double a, double b)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (a == b) return 1;
    return fabs(a - b) <= 1e-9 * fabs(b) + 1e-13;
}
