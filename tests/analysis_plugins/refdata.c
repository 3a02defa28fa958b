/* tests/analysis_plugins/refdata.c — CSV, fixture and reference-matrix reading for the
 * analysis-plugin suites (refdata.h). */
#include "refdata.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_csv *rd_csv_read(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    rd_csv *c = calloc(1, sizeof *c);
    ck_assert_ptr_nonnull(c);
    char line[8192];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        if (!*line) continue;
        if (c->nrows == cap) {
            cap = cap ? cap * 2 : 256;
            c->cell = realloc(c->cell, cap * sizeof *c->cell);
            ck_assert_ptr_nonnull(c->cell);
        }
        char **row = calloc(65, sizeof *row);
        ck_assert_ptr_nonnull(row);
        size_t k = 0;
        char *p = line;
        for (;;) {
            char *comma = strchr(p, ',');
            if (comma) *comma = 0;
            row[k++] = strdup(p);
            if (!comma || k == 64) break;
            p = comma + 1;
        }
        if (c->nrows == 0) c->ncols = k;
        c->cell[c->nrows++] = row;
    }
    fclose(f);
    return c;
}

void rd_csv_free(rd_csv *c)
{
    if (!c) return;
    for (size_t r = 0; r < c->nrows; r++) {
        for (size_t k = 0; c->cell[r][k]; k++) free(c->cell[r][k]);
        free(c->cell[r]);
    }
    free(c->cell);
    free(c);
}

size_t rd_col(const rd_csv *c, const char *name)
{
    for (size_t k = 0; k < c->ncols; k++)
        if (strcmp(c->cell[0][k], name) == 0) return k;
    ck_abort_msg("column %s missing", name);
    return 0;
}

double rd_num(const char *s)
{
    if (!*s || strcmp(s, "NA") == 0 || strcmp(s, "NaN") == 0) return NAN;
    if (strcmp(s, "Inf") == 0) return INFINITY;
    return strtod(s, NULL);
}

rd_fixture *rd_fixture_read(void)
{
    rd_csv *c = rd_csv_read(RD_REF "fixture.csv");
    rd_fixture *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    size_t n = c->nrows - 1;
    f->n = n;
    f->ids = calloc(n, sizeof *f->ids);
    double **cols[] = {&f->lon, &f->lat, &f->x_km, &f->y_km, &f->pop};
    const char *names[] = {"lon", "lat", "x_km", "y_km", "pop"};
    for (size_t k = 0; k < 5; k++) *cols[k] = calloc(n, sizeof **cols[k]);
    for (size_t t = 0; t < RD_YEARS; t++) f->v[t] = calloc(n, sizeof *f->v[t]);
    for (size_t i = 0; i < n; i++) {
        f->ids[i] = strdup(c->cell[i + 1][rd_col(c, "region")]);
        for (size_t k = 0; k < 5; k++) (*cols[k])[i] = rd_num(c->cell[i + 1][rd_col(c, names[k])]);
        for (size_t t = 0; t < RD_YEARS; t++) {
            char name[16];
            snprintf(name, sizeof name, "v%zu", 2016 + t);
            f->v[t][i] = rd_num(c->cell[i + 1][rd_col(c, name)]);
        }
    }
    rd_csv_free(c);
    return f;
}

void rd_fixture_free(rd_fixture *f)
{
    if (!f) return;
    for (size_t i = 0; i < f->n; i++) free(f->ids[i]);
    free(f->ids);
    free(f->lon); free(f->lat); free(f->x_km); free(f->y_km); free(f->pop);
    for (size_t t = 0; t < RD_YEARS; t++) free(f->v[t]);
    free(f);
}

long rd_region(const rd_fixture *f, const char *id)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->ids[i], id) == 0) return (long)i;
    ck_abort_msg("region %s not in the fixture", id);
    return -1;
}

/* triplets (from, to, w) sorted by from, then to, into sparse rows */
static void triplets(const rd_fixture *f, size_t m, const long *from, const long *to,
                     const double *w, an_csr *out)
{
    ck_assert_int_eq(an_csr_alloc(out, f->n, m), 0);
    for (size_t e = 0; e < m; e++) {
        out->off[from[e] + 1]++;
        out->nbr[e] = (size_t)to[e];
        out->w[e] = w[e];
        ck_assert_msg(e == 0 || from[e] > from[e - 1] ||
                          (from[e] == from[e - 1] && to[e] > to[e - 1]),
                      "triplets not sorted at %zu", e);
    }
    for (size_t i = 0; i < f->n; i++) out->off[i + 1] += out->off[i];
}

static void read_pairs(const rd_fixture *f, const char *path, const char *matrix, an_csr *out)
{
    rd_csv *c = rd_csv_read(path);
    size_t m = 0, cap = c->nrows;
    long *from = calloc(cap, sizeof *from), *to = calloc(cap, sizeof *to);
    double *w = calloc(cap, sizeof *w);
    int has_w = matrix != NULL;
    for (size_t r = 1; r < c->nrows; r++) {
        if (matrix && strcmp(c->cell[r][rd_col(c, "matrix")], matrix) != 0) continue;
        from[m] = rd_region(f, c->cell[r][rd_col(c, "from")]);
        to[m] = rd_region(f, c->cell[r][rd_col(c, "to")]);
        w[m] = has_w ? rd_num(c->cell[r][rd_col(c, "w")]) : 1.0;
        m++;
    }
    ck_assert_msg(m > 0, "no entries for %s", matrix ? matrix : path);
    triplets(f, m, from, to, w, out);
    free(from); free(to); free(w);
    rd_csv_free(c);
}

void rd_contiguity(const rd_fixture *f, an_csr *out) { read_pairs(f, RD_REF "contiguity.csv", NULL, out); }

void rd_ref_matrix(const rd_fixture *f, const char *name, an_csr *out)
{
    read_pairs(f, RD_REF "weights_ref.csv", name, out);
}

double rd_keyed(const rd_csv *c, size_t nkey, const char *const *key)
{
    for (size_t r = 1; r < c->nrows; r++) {
        size_t k = 0;
        while (k < nkey && c->cell[r][k] && strcmp(c->cell[r][k], key[k]) == 0) k++;
        if (k == nkey && c->cell[r][k])
            return strcmp(c->cell[r][k], "inf") == 0 ? INFINITY : rd_num(c->cell[r][k]);
    }
    ck_abort_msg("no reference row for %s,%s,…", nkey ? key[0] : "", nkey > 1 ? key[1] : "");
    return NAN;
}

int rd_close(double a, double b, double tol)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    if (a == b) return 1;
    return fabs(a - b) <= tol * fabs(b);
}
