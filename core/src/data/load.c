/* data/load.c — builds the panel a config describes: the regions file (ids, names,
 * groupings), every data source (long or wide layout), the year selection, coordinates,
 * contiguity weights from an adjacency file, and the config's derived series. */
#include "data/load.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/node.h"
#include "data/csv.h"
#include "data/formula.h"
#include "util/str.h"

/* ---- small helpers ---------------------------------------------------------------- */

/* The one place load-time warnings go: the caller's sink, or stderr. */
static void load_warn(rc_warn_fn warn, void *user, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void load_warn(rc_warn_fn warn, void *user, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (warn) warn(user, msg);
    else fprintf(stderr, "warning: %s\n", msg);
}

/* Where a config node is, "file:line:col" ("the config" for hand-built configs). */
static const char *node_where(const struct rc_node *n, char *buf, size_t size)
{
    if (!n) {
        snprintf(buf, size, "the config");
        return buf;
    }
    return rc_node_where(n, buf, size);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
    return s;
}

/* The file name for messages: the last path component. */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Reads a CSV the config names; a file that cannot be read says which config line gave it. */
static int check_readable(const char *path, const char *what, const struct rc_node *node,
                          const char *key, rc_error *err)
{
    char w[512];
    if (access(path, R_OK) != 0) {
        int e = errno;
        if (node)
            rc_node_key_where(node, key, w, sizeof w);
        else
            snprintf(w, sizeof w, "the config");
        return rc_error_set(err, RC_ERRK_DATA, "%s: cannot read the %s file: %s (given at %s)",
                            path, what, strerror(e), w);
    }
    return 0;
}

static int read_cfg_csv(const char *path, const char *what, const struct rc_node *node,
                        const char *key, rc_csv **out, rc_error *err)
{
    if (check_readable(path, what, node, key, err)) return -1;
    return rc_csv_read(path, out, err);
}

/* Parses a year cell: an integer (spaces trimmed). Returns -1 if it is not one, -2 if it
 * lies outside RC_YEAR_MIN..RC_YEAR_MAX (the config's range; keeps year arithmetic in the
 * analyses far from overflow). */
static int parse_year(const char *cell, int *year)
{
    /* the common case, four plain digits, without strtol */
    if (cell[0] >= '1' && cell[0] <= '9' && cell[1] >= '0' && cell[1] <= '9' && cell[2] >= '0' &&
        cell[2] <= '9' && cell[3] >= '0' && cell[3] <= '9' && cell[4] == '\0') {
        *year = (cell[0] - '0') * 1000 + (cell[1] - '0') * 100 + (cell[2] - '0') * 10 + (cell[3] - '0');
        return 0;
    }
    char *end;
    errno = 0;
    while (*cell == ' ' || *cell == '\t') cell++;
    if (!*cell) return -1;
    long v = strtol(cell, &end, 10);
    while (*end == ' ' || *end == '\t') end++;
    if (*end || errno || v < INT_MIN || v > INT_MAX) return -1;
    if (v < RC_YEAR_MIN || v > RC_YEAR_MAX) return -2;
    *year = (int)v;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---- a string set: keys in insertion order, hashed for lookup -------------------------- */

typedef struct strset {
    char **keys;   /* owned */
    size_t n, cap;
    size_t *slots; /* index + 1, 0 = empty */
    size_t n_slots;
} strset;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static long strset_find(const strset *set, const char *key)
{
    if (!set->n_slots) return -1;
    size_t mask = set->n_slots - 1;
    for (size_t i = hash_str(key) & mask;; i = (i + 1) & mask) {
        size_t s = set->slots[i];
        if (!s) return -1;
        if (strcmp(set->keys[s - 1], key) == 0) return (long)(s - 1);
    }
}

static int strset_rehash(strset *set, size_t n_slots)
{
    size_t *slots = rc_calloc(n_slots, sizeof *slots);
    if (!slots) return -1;
    for (size_t k = 0; k < set->n; k++) {
        size_t i = hash_str(set->keys[k]) & (n_slots - 1);
        while (slots[i]) i = (i + 1) & (n_slots - 1);
        slots[i] = k + 1;
    }
    free(set->slots);
    set->slots = slots;
    set->n_slots = n_slots;
    return 0;
}

/* Adds key if absent; *idx is its index. Returns -1 out of memory. */
static int strset_add(strset *set, const char *key, size_t *idx)
{
    long f = strset_find(set, key);
    if (f >= 0) {
        *idx = (size_t)f;
        return 0;
    }
    if ((set->n + 1) * 2 > set->n_slots && strset_rehash(set, set->n_slots ? set->n_slots * 2 : 64))
        return -1;
    if (set->n == set->cap) {
        size_t cap = set->cap ? set->cap * 2 : 32;
        char **k = rc_reallocarray(set->keys, cap, sizeof *k);
        if (!k) return -1;
        set->keys = k;
        set->cap = cap;
    }
    char *copy = rc_strdup(key);
    if (!copy) return -1;
    set->keys[set->n] = copy;
    size_t i = hash_str(key) & (set->n_slots - 1);
    while (set->slots[i]) i = (i + 1) & (set->n_slots - 1);
    set->slots[i] = set->n + 1;
    *idx = set->n++;
    return 0;
}

static void strset_free(strset *set)
{
    for (size_t i = 0; i < set->n; i++) free(set->keys[i]);
    free(set->keys);
    free(set->slots);
    memset(set, 0, sizeof *set);
}

/* ---- the load state --------------------------------------------------------------------- */

typedef struct source {
    const rc_data_cfg *cfg;
    rc_csv *csv;
    const char *name;  /* base name for messages */
    long c_region, c_year, c_ind, c_value; /* long: all four; wide: region, year */
    size_t *series;    /* wide: series index per column (SIZE_MAX for region/year) */
} source;

typedef struct cell_origin {
    uint32_t src;  /* source index + 1; 0 = not given yet */
    uint32_t line;
} cell_origin;

typedef struct loader {
    const rc_config *cfg;
    rc_error *err;
    strset regions;      /* ids in final order once fixed */
    int have_regions_file;
    rc_csv *regions_csv;
    size_t *regions_row; /* row of each region in the regions file */
    source *src;
    size_t n_src;
    strset series;
    int *years;
    size_t n_years, cap_years;
    int selected;        /* 1 when cfg->years selects the years */
    unsigned char *year_seen; /* RC_YEAR_MAX + 1 flags: years already in `years` */
} loader;

static int oom(rc_error *err)
{
    return rc_error_set(err, RC_ERRK_OTHER, "out of memory while loading the panel");
}

static const char *suggest_region(const loader *ld, const char *id)
{
    return rc_suggest(id, (const char *const *)ld->regions.keys, ld->regions.n);
}

static int col_or_error(const rc_csv *csv, const char *name, const char *role, long *out,
                        rc_error *err)
{
    *out = rc_csv_col(csv, name);
    if (*out >= 0) return 0;
    rc_buf b;
    rc_buf_init(&b);
    for (size_t j = 0; j < csv->header.n; j++)
        rc_buf_printf(&b, "%s%s", j ? ", " : "", csv->header.fields[j]);
    const char *sug = rc_suggest(name, (const char *const *)csv->header.fields, csv->header.n);
    rc_error_set(err, RC_ERRK_DATA, "%s:%zu: no %s column '%s'%s%s%s (the header has: %s)",
                 csv->path, csv->header.line, role, name, sug ? " (did you mean '" : "",
                 sug ? sug : "", sug ? "'?)" : "", b.data ? b.data : "");
    rc_buf_free(&b);
    return -1;
}

static int load_regions_file(loader *ld)
{
    const rc_regions_cfg *rc = &ld->cfg->regions;
    if (read_cfg_csv(rc->file, "regions", rc->node, "file", &ld->regions_csv, ld->err)) return -1;
    rc_csv *csv = ld->regions_csv;
    long c_id;
    if (col_or_error(csv, rc->id_col ? rc->id_col : "region", "region id", &c_id, ld->err))
        return -1;
    ld->regions_row = rc_calloc(csv->n_rows ? csv->n_rows : 1, sizeof *ld->regions_row);
    if (!ld->regions_row) return oom(ld->err);
    for (size_t i = 0; i < csv->n_rows; i++) {
        const rc_csv_row *row = &csv->rows[i];
        char *id = trim(row->fields[c_id]);
        if (!*id)
            return rc_error_set(ld->err, RC_ERRK_DATA, "%s:%zu: empty region id", csv->path,
                                row->line);
        long prev = strset_find(&ld->regions, id);
        if (prev >= 0)
            return rc_error_set(ld->err, RC_ERRK_DATA,
                                "%s:%zu: region '%s' is listed twice (first at line %zu)",
                                csv->path, row->line, id,
                                csv->rows[ld->regions_row[prev]].line);
        size_t idx;
        if (strset_add(&ld->regions, id, &idx)) return oom(ld->err);
        ld->regions_row[idx] = i;
    }
    if (ld->regions.n == 0)
        return rc_error_set(ld->err, RC_ERRK_DATA, "%s: the regions file lists no regions",
                            csv->path);
    ld->have_regions_file = 1;
    return 0;
}

static int open_sources(loader *ld)
{
    const rc_config *cfg = ld->cfg;
    ld->n_src = cfg->n_data;
    ld->src = rc_calloc(cfg->n_data ? cfg->n_data : 1, sizeof *ld->src);
    if (!ld->src) return oom(ld->err);
    for (size_t i = 0; i < cfg->n_data; i++) {
        source *s = &ld->src[i];
        const rc_data_cfg *dc = &cfg->data[i];
        s->cfg = dc;
        if (!dc->file)
            return rc_error_set(ld->err, RC_ERRK_CONFIG, "data source %zu has no file", i + 1);
        s->name = base_name(dc->file);
        if (read_cfg_csv(dc->file, "data", dc->node, "file", &s->csv, ld->err)) return -1;
        rc_csv *csv = s->csv;
        if (col_or_error(csv, dc->region_col ? dc->region_col : "region", "region", &s->c_region,
                         ld->err) ||
            col_or_error(csv, dc->year_col ? dc->year_col : "year", "year", &s->c_year, ld->err))
            return -1;
        if (dc->layout == RC_LAYOUT_WIDE) {
            s->series = rc_calloc(csv->header.n, sizeof *s->series);
            if (!s->series) return oom(ld->err);
            s->c_ind = s->c_value = -1;
            /* `ignore:` columns must exist (a typo would otherwise load a text column) */
            for (size_t k = 0; k < dc->n_ignore; k++) {
                long c;
                if (col_or_error(csv, dc->ignore[k], "ignored", &c, ld->err)) return -1;
                if (c == s->c_region || c == s->c_year)
                    return rc_error_set(ld->err, RC_ERRK_CONFIG,
                                        "%s: 'ignore' lists '%s', which is the %s column",
                                        s->name, dc->ignore[k],
                                        c == s->c_region ? "region" : "year");
            }
        } else {
            if (col_or_error(csv, dc->indicator_col ? dc->indicator_col : "indicator", "indicator",
                             &s->c_ind, ld->err) ||
                col_or_error(csv, dc->value_col ? dc->value_col : "value", "value", &s->c_value,
                             ld->err))
                return -1;
        }
    }
    return 0;
}

static int year_selected(const loader *ld, int year)
{
    if (!ld->selected) return 1;
    return bsearch(&year, ld->years, ld->n_years, sizeof *ld->years, cmp_int) != NULL;
}

static int add_year(loader *ld, int year)
{
    if (ld->n_years == ld->cap_years) {
        size_t cap = ld->cap_years ? ld->cap_years * 2 : 16;
        int *y = rc_reallocarray(ld->years, cap, sizeof *y);
        if (!y) return oom(ld->err);
        ld->years = y;
        ld->cap_years = cap;
    }
    ld->years[ld->n_years++] = year;
    return 0;
}

static void sort_unique_years(loader *ld)
{
    if (!ld->n_years) return;
    qsort(ld->years, ld->n_years, sizeof *ld->years, cmp_int);
    size_t k = 1;
    for (size_t i = 1; i < ld->n_years; i++)
        if (ld->years[i] != ld->years[k - 1]) ld->years[k++] = ld->years[i];
    ld->n_years = k;
}

static int is_ignored(const rc_data_cfg *dc, const char *col)
{
    for (size_t k = 0; k < dc->n_ignore; k++)
        if (strcmp(dc->ignore[k], col) == 0) return 1;
    return 0;
}

/* Pass 1: years are integers; the regions, years and long-layout series present. */
static int scan_sources(loader *ld)
{
    if (!ld->selected && !(ld->year_seen = rc_calloc(RC_YEAR_MAX + 1, 1))) return oom(ld->err);
    for (size_t i = 0; i < ld->n_src; i++) {
        source *s = &ld->src[i];
        /* wide: the columns other than region and year are series, in header order */
        for (size_t j = 0; s->series && j < s->csv->header.n; j++) {
            if ((long)j == s->c_region || (long)j == s->c_year ||
                is_ignored(s->cfg, s->csv->header.fields[j])) {
                s->series[j] = SIZE_MAX;
                continue;
            }
            if (strset_add(&ld->series, s->csv->header.fields[j], &s->series[j]))
                return oom(ld->err);
        }
        for (size_t k = 0; k < s->csv->n_rows; k++) {
            rc_csv_row *row = &s->csv->rows[k];
            int year;
            char *ycell = trim(row->fields[s->c_year]);
            int yrc = parse_year(ycell, &year);
            if (yrc == -2)
                return rc_error_set(ld->err, RC_ERRK_DATA,
                                    "%s:%zu: year %s is outside %d..%d", s->name, row->line,
                                    ycell, RC_YEAR_MIN, RC_YEAR_MAX);
            if (yrc)
                return rc_error_set(ld->err, RC_ERRK_DATA,
                                    "%s:%zu: year '%s' is not an integer", s->name, row->line,
                                    ycell);
            if (s->c_ind >= 0) {
                char *ind = row->fields[s->c_ind] = trim(row->fields[s->c_ind]);
                if (!*ind)
                    return rc_error_set(ld->err, RC_ERRK_DATA, "%s:%zu: empty indicator name",
                                        s->name, row->line);
                size_t idx;
                if (strset_add(&ld->series, ind, &idx)) return oom(ld->err);
            }
            if (!year_selected(ld, year)) continue;
            char *reg = row->fields[s->c_region] = trim(row->fields[s->c_region]);
            if (!*reg)
                return rc_error_set(ld->err, RC_ERRK_DATA, "%s:%zu: empty region", s->name,
                                    row->line);
            if (ld->have_regions_file) {
                if (strset_find(&ld->regions, reg) < 0) {
                    const char *sug = suggest_region(ld, reg);
                    return rc_error_set(ld->err, RC_ERRK_DATA,
                                        "%s:%zu: region '%s' is not in the regions file %s%s%s%s",
                                        s->name, row->line, reg, base_name(ld->cfg->regions.file),
                                        sug ? " (did you mean '" : "", sug ? sug : "",
                                        sug ? "'?)" : "");
                }
            } else {
                size_t idx;
                if (strset_add(&ld->regions, reg, &idx)) return oom(ld->err);
            }
            if (!ld->selected && !ld->year_seen[year]) { /* each distinct year once */
                ld->year_seen[year] = 1;
                if (add_year(ld, year)) return -1;
            }
        }
    }
    if (!ld->selected) sort_unique_years(ld);
    return 0;
}

/* Without a regions file the regions are the ids in the data, sorted. */
static int sort_regions(loader *ld)
{
    if (ld->regions.n) /* keys is NULL when no row was selected: qsort(NULL, 0) is undefined */
        qsort(ld->regions.keys, ld->regions.n, sizeof *ld->regions.keys, cmp_str);
    return strset_rehash(&ld->regions, ld->regions.n_slots ? ld->regions.n_slots : 64) ? oom(ld->err)
                                                                                     : 0;
}

static int store_value(loader *ld, rc_panel *p, cell_origin *seen, size_t si, const source *s,
                       const rc_csv_row *row, size_t r, size_t t, const char *cell)
{
    size_t cells = p->n_years * p->n_regions, c = t * p->n_regions + r;
    cell_origin *o = &seen[si * cells + c];
    if (o->src) {
        return rc_error_set(ld->err, RC_ERRK_DATA,
                            "%s:%zu: duplicate value for region %s, year %d, series %s (first "
                            "given at %s:%u)",
                            s->name, row->line, p->region_ids[r], p->years[t],
                            p->series_names[si], ld->src[o->src - 1].name, (unsigned)o->line);
    }
    double v;
    if (rc_csv_parse_value(cell, &v) < 0)
        return rc_error_set(ld->err, RC_ERRK_DATA,
                            "%s:%zu: value '%s' for region %s, year %d, series %s is not a number",
                            s->name, row->line, cell, p->region_ids[r], p->years[t],
                            p->series_names[si]);
    o->src = (uint32_t)(s - ld->src) + 1;
    o->line = (uint32_t)row->line;
    p->values[si][c] = v;
    return 0;
}

/* Pass 2: every selected row's values into the panel. */
static int fill_values(loader *ld, rc_panel *p)
{
    size_t cells = p->n_years * p->n_regions;
    cell_origin *seen = NULL;
    if (p->n_series && cells) {
        seen = rc_calloc(p->n_series, cells * sizeof *seen);
        if (!seen) return oom(ld->err);
    }
    if (!seen) return 0; /* no series or no cell: no row can have a value to store */
    /* year -> index, by offset from the first year (years are ascending and few) */
    int y0 = p->years[0];
    size_t span = (size_t)(p->years[p->n_years - 1] - y0) + 1;
    long *year_at = rc_reallocarray(NULL, span, sizeof *year_at);
    if (!year_at) {
        free(seen);
        return oom(ld->err);
    }
    for (size_t y = 0; y < span; y++) year_at[y] = -1;
    for (size_t t = 0; t < p->n_years; t++) year_at[p->years[t] - y0] = (long)t;
    int rc = 0;
    for (size_t i = 0; i < ld->n_src && !rc; i++) {
        source *s = &ld->src[i];
        const char *last_reg = NULL;
        long last_r = -1;
        for (size_t k = 0; k < s->csv->n_rows && !rc; k++) {
            rc_csv_row *row = &s->csv->rows[k];
            int year;
            if (parse_year(row->fields[s->c_year], &year) != 0) continue; /* checked in pass 1 */
            long t = year < y0 || (size_t)(year - y0) >= span ? -1 : year_at[year - y0];
            if (t < 0) continue;
            /* rows usually come grouped by region: try the previous row's region first */
            const char *reg = row->fields[s->c_region];
            long r = last_reg && strcmp(reg, last_reg) == 0 ? last_r : strset_find(&ld->regions, reg);
            last_reg = reg;
            last_r = r;
            if (r < 0) continue; /* cannot happen: checked in pass 1 */
            if (s->c_ind >= 0) {
                long si = strset_find(&ld->series, row->fields[s->c_ind]);
                if (si < 0) continue;
                rc = store_value(ld, p, seen, (size_t)si, s, row, (size_t)r, (size_t)t,
                                 trim(row->fields[s->c_value]));
            } else {
                for (size_t j = 0; j < row->n && !rc; j++)
                    if (s->series[j] != SIZE_MAX)
                        rc = store_value(ld, p, seen, s->series[j], s, row, (size_t)r, (size_t)t,
                                         trim(row->fields[j]));
            }
        }
    }
    free(seen);
    free(year_at);
    return rc;
}

static int make_groupings(loader *ld, rc_panel *p)
{
    const rc_regions_cfg *rc = &ld->cfg->regions;
    if (!rc->n_groups) return 0;
    if (!ld->have_regions_file)
        return rc_error_set(ld->err, RC_ERRK_CONFIG,
                            "regions.groups needs a regions file (regions.file)");
    rc_csv *csv = ld->regions_csv;
    p->groupings = rc_calloc(rc->n_groups, sizeof *p->groupings);
    if (!p->groupings) return oom(ld->err);
    for (size_t g = 0; g < rc->n_groups; g++) {
        long col;
        if (col_or_error(csv, rc->groups[g], "group", &col, ld->err)) return -1;
        rc_grouping *gr = &p->groupings[g];
        p->n_groupings = g + 1;
        if (!(gr->name = rc_strdup(rc->groups[g]))) return oom(ld->err);
        gr->of_region = rc_calloc(p->n_regions, sizeof *gr->of_region);
        gr->labels = rc_calloc(p->n_regions, sizeof *gr->labels);
        if (!gr->of_region || !gr->labels) return oom(ld->err);
        const char **lab = rc_calloc(p->n_regions, sizeof *lab);
        if (!lab) return oom(ld->err);
        strset seen = {0}; /* distinct labels, hashed: one region per label must stay linear */
        size_t nl = 0;
        for (size_t r = 0; r < p->n_regions; r++) {
            const rc_csv_row *row = &csv->rows[ld->regions_row[r]];
            const char *l = trim(row->fields[col]);
            if (!*l) {
                free(lab);
                strset_free(&seen);
                return rc_error_set(ld->err, RC_ERRK_DATA,
                                    "%s:%zu: region '%s' has no value in group column '%s'",
                                    csv->path, row->line, p->region_ids[r], gr->name);
            }
            lab[r] = l;
            size_t before = seen.n, k;
            if (strset_add(&seen, l, &k)) {
                free(lab);
                strset_free(&seen);
                return oom(ld->err);
            }
            if (seen.n > before) {
                if (!(gr->labels[nl] = rc_strdup(l))) {
                    free(lab);
                    strset_free(&seen);
                    return oom(ld->err);
                }
                gr->n_labels = ++nl;
            }
        }
        strset_free(&seen);
        qsort(gr->labels, nl, sizeof *gr->labels, cmp_str);
        for (size_t r = 0; r < p->n_regions; r++) {
            const char *key = lab[r];
            char **hit = bsearch(&key, gr->labels, nl, sizeof *gr->labels, cmp_str);
            gr->of_region[r] = (size_t)(hit - gr->labels);
        }
        free(lab);
    }
    return 0;
}

static long first_col(const rc_csv *csv, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        long c = rc_csv_col(csv, names[i]);
        if (c >= 0) return c;
    }
    return -1;
}

static int load_coordinates(loader *ld, rc_panel *p)
{
    const rc_regions_cfg *rc = &ld->cfg->regions;
    rc_csv *csv = NULL;
    if (read_cfg_csv(rc->coordinates, "coordinates", rc->node, "coordinates", &csv, ld->err))
        return -1;
    const char *const xs[] = {"x", "longitude", "lon", "lng"};
    const char *const ys[] = {"y", "latitude", "lat"};
    const char *const rs[] = {"region", rc->id_col ? rc->id_col : "region"};
    long cr = first_col(csv, rs, 2), cx = first_col(csv, xs, 4), cy = first_col(csv, ys, 3);
    int rcode = 0;
    char *seen = NULL;
    if (cr < 0 || cx < 0 || cy < 0) {
        rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                             "%s:%zu: the coordinates file needs columns region, x and y (or "
                             "longitude/latitude, lon/lat)",
                             csv->path, csv->header.line);
        goto done;
    }
    p->coord_x = rc_reallocarray(NULL, p->n_regions ? p->n_regions : 1, sizeof *p->coord_x);
    p->coord_y = rc_reallocarray(NULL, p->n_regions ? p->n_regions : 1, sizeof *p->coord_y);
    seen = rc_calloc(p->n_regions ? p->n_regions : 1, 1);
    if (!p->coord_x || !p->coord_y || !seen) {
        rcode = oom(ld->err);
        goto done;
    }
    for (size_t r = 0; r < p->n_regions; r++) p->coord_x[r] = p->coord_y[r] = NAN;
    for (size_t k = 0; k < csv->n_rows; k++) {
        const rc_csv_row *row = &csv->rows[k];
        char *id = trim(row->fields[cr]);
        long r = strset_find(&ld->regions, id);
        if (r < 0) {
            const char *sug = suggest_region(ld, id);
            rcode = rc_error_set(ld->err, RC_ERRK_DATA, "%s:%zu: unknown region '%s'%s%s%s",
                                 base_name(csv->path), row->line, id,
                                 sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
            goto done;
        }
        if (seen[r]) {
            rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                                 "%s:%zu: region '%s' has coordinates twice",
                                 base_name(csv->path), row->line, id);
            goto done;
        }
        seen[r] = 1;
        char *xc = trim(row->fields[cx]), *yc = trim(row->fields[cy]);
        if (rc_csv_parse_value(xc, &p->coord_x[r]) < 0 ||
            rc_csv_parse_value(yc, &p->coord_y[r]) < 0) {
            rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                                 "%s:%zu: coordinates '%s', '%s' of region %s are not numbers",
                                 base_name(csv->path), row->line, xc, yc, id);
            goto done;
        }
    }
done:
    free(seen);
    rc_csv_free(csv);
    return rcode;
}

static const double *panel_lookup(void *user, const char *name)
{
    rc_panel *p = user;
    long s = rc_panel_series(p, name);
    return s >= 0 ? p->values[s] : NULL;
}

static int derive_series(const rc_config *cfg, rc_panel *p, rc_warn_fn warn, void *user,
                         rc_error *err)
{
    size_t cells = p->n_years * p->n_regions;
    double *buf = rc_reallocarray(NULL, cells ? cells : 1, sizeof *buf);
    if (!buf) return oom(err);
    int rc = 0;
    for (size_t i = 0; i < cfg->n_series_defs && !rc; i++) {
        const rc_series_def *d = &cfg->series_defs[i];
        char w[512];
        node_where(d->node, w, sizeof w);
        if (rc_panel_series(p, d->name) >= 0) {
            rc = rc_error_set(err, RC_ERRK_CONFIG,
                              "%s: series '%s' is already in the data; choose another name", w,
                              d->name);
            break;
        }
        rc_formula *f = rc_formula_compile(d->formula, err);
        if (!f) {
            rc_error_prefix(err, "%s: series '%s': ", w, d->name);
            rc = -1;
            break;
        }
        for (size_t k = 0; k < rc_formula_n_names(f) && !rc; k++) {
            const char *nm = rc_formula_name(f, k);
            if (rc_panel_series(p, nm) >= 0) continue;
            const char *sug = rc_suggest(nm, (const char *const *)p->series_names, p->n_series);
            rc = rc_error_set(err, RC_ERRK_CONFIG,
                              "%s: series '%s': unknown series '%s' in the formula%s%s%s", w,
                              d->name, nm, sug ? " (did you mean '" : "", sug ? sug : "",
                              sug ? "'?)" : "");
        }
        size_t n_domain = 0;
        if (!rc && rc_formula_eval(f, panel_lookup, p, cells, buf, &n_domain, err)) {
            rc_error_prefix(err, "%s: series '%s': ", w, d->name);
            rc = -1;
        }
        rc_formula_free(f);
        if (rc) break;
        if (rc_panel_add_series(p, d->name, buf, err)) {
            rc = -1;
            break;
        }
        if (n_domain)
            load_warn(warn, user, "%s: series '%s': %zu cell%s missing because of division by zero or "
                      "another domain error (log/sqrt of an invalid value, overflow)",
                      w, d->name, n_domain, n_domain == 1 ? " is" : "s are");
    }
    free(buf);
    return rc;
}

/* The panel's size against RC_MAX_*: checked before anything of that size is allocated. */
static int check_limits(const loader *ld, rc_error *err)
{
    const char *file = ld->src[0].name;
    size_t n_series = ld->series.n + ld->cfg->n_series_defs;
    if (ld->regions.n > RC_MAX_REGIONS)
        return rc_error_set(err, RC_ERRK_DATA, "%s: the panel has %zu regions, more than %d",
                            file, ld->regions.n, RC_MAX_REGIONS);
    if (ld->n_years > RC_MAX_YEARS)
        return rc_error_set(err, RC_ERRK_DATA, "%s: the panel has %zu years, more than %d",
                            file, ld->n_years, RC_MAX_YEARS);
    if (n_series > RC_MAX_SERIES)
        return rc_error_set(err, RC_ERRK_DATA,
                            "%s: the panel has %zu series (derived ones included), more than %d",
                            file, n_series, RC_MAX_SERIES);
    /* each factor is within its limit, so the product cannot overflow a 64-bit size_t */
    size_t cells = ld->regions.n * ld->n_years * (n_series ? n_series : 1);
    if (cells > RC_MAX_CELLS)
        return rc_error_set(err, RC_ERRK_DATA,
                            "%s: the panel has %zu regions x %zu years x %zu series = %zu "
                            "values, more than %zu",
                            file, ld->regions.n, ld->n_years, n_series, cells,
                            (size_t)RC_MAX_CELLS);
    return 0;
}

static void loader_free(loader *ld)
{
    strset_free(&ld->regions);
    strset_free(&ld->series);
    rc_csv_free(ld->regions_csv);
    free(ld->regions_row);
    for (size_t i = 0; ld->src && i < ld->n_src; i++) {
        rc_csv_free(ld->src[i].csv);
        free(ld->src[i].series);
    }
    free(ld->src);
    free(ld->years);
    free(ld->year_seen);
}

int rc_panel_load(const rc_config *cfg, rc_panel **out, rc_error *err)
{
    return rc_panel_load_ex(cfg, NULL, NULL, out, err);
}

int rc_panel_load_ex(const rc_config *cfg, rc_warn_fn warn, void *user, rc_panel **out,
                     rc_error *err)
{
    *out = NULL;
    loader ld = {.cfg = cfg, .err = err};
    rc_panel *p = NULL;
    if (cfg->n_data == 0) {
        rc_error_set(err, RC_ERRK_CONFIG, "the config lists no data sources (data:)");
        goto fail;
    }
    if (cfg->n_years) {
        ld.selected = 1;
        for (size_t i = 0; i < cfg->n_years; i++)
            if (add_year(&ld, cfg->years[i])) goto fail;
        sort_unique_years(&ld);
    }
    if (cfg->regions.file && load_regions_file(&ld)) goto fail;
    if (open_sources(&ld) || scan_sources(&ld)) goto fail;
    if (!ld.have_regions_file && sort_regions(&ld)) goto fail;
    if (ld.regions.n == 0) {
        rc_error_set(err, RC_ERRK_DATA, "%s: no data rows for the selected years",
                     ld.src[0].name);
        goto fail;
    }
    if (check_limits(&ld, err)) goto fail;
    {
        const char **names = NULL;
        if (ld.have_regions_file && cfg->regions.name_col) {
            long c;
            if (col_or_error(ld.regions_csv, cfg->regions.name_col, "region name", &c, err))
                goto fail;
            names = rc_calloc(ld.regions.n, sizeof *names);
            if (!names) {
                oom(err);
                goto fail;
            }
            for (size_t r = 0; r < ld.regions.n; r++)
                names[r] = trim(ld.regions_csv->rows[ld.regions_row[r]].fields[c]);
        }
        p = rc_panel_create(ld.regions.n, (const char *const *)ld.regions.keys, names, ld.n_years,
                            ld.years, err);
        free(names);
        if (!p) goto fail;
    }
    for (size_t s = 0; s < ld.series.n; s++)
        if (rc_panel_add_series(p, ld.series.keys[s], NULL, err)) goto fail;
    if (fill_values(&ld, p) || make_groupings(&ld, p)) goto fail;
    if (cfg->regions.coordinates && load_coordinates(&ld, p)) goto fail;
    if (cfg->regions.adjacency &&
        (check_readable(cfg->regions.adjacency, "adjacency", cfg->regions.node, "adjacency", err) ||
         rc_spatial_from_adjacency(p, cfg->regions.adjacency, &p->spatial, err)))
        goto fail;
    if (derive_series(cfg, p, warn, user, err)) goto fail;
    loader_free(&ld);
    *out = p;
    return 0;
fail:
    loader_free(&ld);
    rc_panel_free(p);
    return -1;
}

/* ---- adjacency ---------------------------------------------------------------------------- */

typedef struct pair {
    size_t a, b; /* a < b */
} pair;

static int cmp_pair(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->a != q->a) return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

int rc_spatial_from_adjacency(const rc_panel *p, const char *path, rc_spatial **out,
                              rc_error *err)
{
    *out = NULL;
    rc_csv *csv = NULL;
    if (rc_csv_read(path, &csv, err)) return -1;
    const char *name = base_name(path);
    pair *pairs = NULL;
    rc_spatial *s = NULL;
    strset ids = {0};
    size_t np = 0;
    if (csv->header.n < 2) {
        rc_error_set(err, RC_ERRK_DATA,
                     "%s:%zu: an adjacency file needs two columns (one neighbour pair per row)",
                     name, csv->header.line);
        goto fail;
    }
    pairs = rc_calloc(csv->n_rows ? csv->n_rows : 1, sizeof *pairs);
    if (!pairs) {
        oom(err);
        goto fail;
    }
    /* region ids hashed: a row-by-row linear lookup is rows x regions string compares */
    for (size_t r = 0; r < p->n_regions; r++) {
        size_t idx;
        if (strset_add(&ids, p->region_ids[r], &idx)) {
            oom(err);
            goto fail;
        }
    }
    for (size_t k = 0; k < csv->n_rows; k++) {
        const rc_csv_row *row = &csv->rows[k];
        long ij[2];
        for (int e = 0; e < 2; e++) {
            char *id = trim(row->fields[e]);
            ij[e] = strset_find(&ids, id);
            if (ij[e] < 0) {
                const char *sug = rc_suggest(id, (const char *const *)p->region_ids, p->n_regions);
                rc_error_set(err, RC_ERRK_DATA, "%s:%zu: unknown region '%s'%s%s%s", name,
                             row->line, id, sug ? " (did you mean '" : "", sug ? sug : "",
                             sug ? "'?)" : "");
                goto fail;
            }
        }
        if (ij[0] == ij[1]) continue; /* a region is not its own neighbour */
        pairs[np].a = (size_t)(ij[0] < ij[1] ? ij[0] : ij[1]);
        pairs[np].b = (size_t)(ij[0] < ij[1] ? ij[1] : ij[0]);
        np++;
    }
    qsort(pairs, np, sizeof *pairs, cmp_pair);
    size_t u = 0;
    for (size_t k = 0; k < np; k++)
        if (u == 0 || cmp_pair(&pairs[k], &pairs[u - 1]) != 0) pairs[u++] = pairs[k];
    np = u;
    s = rc_calloc(1, sizeof *s);
    if (!s) {
        oom(err);
        goto fail;
    }
    s->n = p->n_regions;
    s->off = rc_calloc(s->n + 1, sizeof *s->off);
    s->nbr = rc_calloc(2 * np + 1, sizeof *s->nbr);
    s->w = rc_calloc(2 * np + 1, sizeof *s->w);
    s->source = rc_strdup("adjacency");
    size_t *fill = rc_calloc(s->n + 1, sizeof *fill);
    if (!s->off || !s->nbr || !s->w || !s->source || !fill) {
        free(fill);
        oom(err);
        goto fail;
    }
    for (size_t k = 0; k < np; k++) {
        s->off[pairs[k].a + 1]++;
        s->off[pairs[k].b + 1]++;
    }
    for (size_t r = 0; r < s->n; r++) s->off[r + 1] += s->off[r];
    /* pairs are sorted by (a, b): each row's neighbours come out ascending */
    for (size_t k = 0; k < np; k++) {
        size_t a = pairs[k].a, b = pairs[k].b;
        s->nbr[s->off[a] + fill[a]++] = b;
        s->nbr[s->off[b] + fill[b]++] = a;
    }
    free(fill);
    for (size_t r = 0; r < s->n; r++) {
        size_t deg = s->off[r + 1] - s->off[r];
        for (size_t k = s->off[r]; k < s->off[r + 1]; k++) s->w[k] = 1.0 / (double)deg;
    }
    free(pairs);
    strset_free(&ids);
    rc_csv_free(csv);
    *out = s;
    return 0;
fail:
    strset_free(&ids);
    free(pairs);
    rc_spatial_free(s);
    rc_csv_free(csv);
    return -1;
}
