/* data/load.c — builds the panel a config describes: the regions file (ids, names,
 * groupings), every data source (long or wide layout), the year selection, coordinates,
 * contiguity weights from an adjacency file, and the config's derived series. */
#include "data/load.h"

#include "data/weights.h"

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
#include "data/boundary.h"
#include "data/formula.h"
#include "data/hierarchy.h"
#include "data/source.h"
#include "data/text.h"
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

/* Reads a table the config names (CSV, the first sheet of a workbook, a Stata file). */
static int read_cfg_csv(const char *path, const char *what, const struct rc_node *node,
                        const char *key, rc_csv **out, rc_error *err)
{
    *out = NULL;
    if (check_readable(path, what, node, key, err)) return -1;
    rc_source_opts o;
    rc_source_part *parts = NULL;
    size_t np = 0;
    int rc = rc_source_opts_parse(NULL, path, what, &o, err);
    if (!rc) rc = rc_source_read(path, &o, &parts, &np, err);
    rc_source_opts_free(&o);
    if (rc) return -1;
    *out = parts[0].table;
    parts[0].table = NULL;
    rc_source_parts_free(parts, np);
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

/* One table of a data source: the whole CSV or Stata file, or one sheet of a workbook
 * (with `sheets:`, one per year: `year` is then the sheet's year and c_year is -1). */
typedef struct source {
    const rc_data_cfg *cfg;
    const rc_source_opts *opts; /* the entry's conventions (owned by the loader) */
    rc_csv *csv;
    const char *name;  /* base name for messages */
    long c_region, c_year, c_ind, c_value; /* long: all four; wide: region, year */
    size_t *series;    /* wide: series index per column (SIZE_MAX for region/year) */
    int year;          /* the sheet's year, 0 when the table has a year column */
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
    source *src;       /* every table of every data source, in config order */
    size_t n_src;
    rc_source_opts *opts; /* per data entry */
    size_t n_opts;
    rc_warn_fn warn;
    void *warn_user;
    strset series;
    int *years;
    size_t n_years, cap_years;
    int selected;        /* 1 when cfg->years selects the years */
    unsigned char *year_seen; /* RC_YEAR_MAX + 1 flags: years already in `years` */
    char **owned;        /* normalised region names longer than their cells */
    size_t n_owned;
    strset aliases;      /* `aliases:` names, mapped to alias_to[] region ids */
    char **alias_to;
    rc_hierarchy hier;   /* regions.parent / level, over the regions file's rows */
    int have_hier;
} loader;

static int adjacency_keyed(struct loader *ld, const rc_panel *p, const char *path,
                           const char *key, rc_spatial **out, rc_error *err);

static int oom(rc_error *err)
{
    return rc_error_set(err, RC_ERRK_OTHER, "out of memory while loading the panel");
}

/* A region cell as compared: trimmed, and for non-ASCII text width-folded and NFC
 * (data/text.h); the field is rewritten in place (or points to a loader-owned copy when the
 * normal form is longer). Returns the text, NULL out of memory. */
static char *norm_name(loader *ld, char **field)
{
    char *t = trim(*field);
    *field = t;
    if (!rc_text_has_non_ascii(t)) return t;
    char *k = rc_text_name_key(t);
    if (!k) return NULL;
    if (strlen(k) <= strlen(t)) {
        strcpy(t, k);
        free(k);
        return t;
    }
    char **o = rc_reallocarray(ld->owned, ld->n_owned + 1, sizeof *o);
    if (!o) {
        free(k);
        return NULL;
    }
    ld->owned = o;
    o[ld->n_owned++] = k;
    *field = k;
    return k;
}

/* The region a data cell names: its id, or what `aliases:` maps it to. */
static long region_lookup(const loader *ld, const char *reg)
{
    long r = strset_find(&ld->regions, reg);
    if (r >= 0 || !ld->aliases.n) return r;
    long a = strset_find(&ld->aliases, reg);
    return a < 0 ? -1 : strset_find(&ld->regions, ld->alias_to[a]);
}

/* " (did you mean 'X'?)" for an unknown region, or "": by spelling, then with the
 * administrative suffix dropped from either side (内蒙古自治区 vs 内蒙古). */
static const char *region_hint(const loader *ld, const char *reg, char *buf, size_t size)
{
    const char *sug = rc_suggest(reg, (const char *const *)ld->regions.keys, ld->regions.n);
    char a[512], b[512];
    const char *ra = rc_text_strip_admin(reg, a, sizeof a);
    for (size_t i = 0; !sug && i < ld->regions.n; i++) {
        const char *id = ld->regions.keys[i];
        const char *ib = rc_text_strip_admin(id, b, sizeof b);
        if ((ra && strcmp(ra, id) == 0) || (ib && strcmp(ib, reg) == 0) ||
            (ra && ib && strcmp(ra, ib) == 0))
            sug = id;
    }
    if (!sug) {
        buf[0] = '\0';
        return buf;
    }
    snprintf(buf, size, " (did you mean '%s'?)", sug);
    return buf;
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
    char w[512];
    rc_error_set(err, RC_ERRK_DATA, "%s: no %s column '%s'%s%s%s (the header has: %s)",
                 rc_csv_where(csv, csv->path, NULL, -1, w, sizeof w), role, name,
                 sug ? " (did you mean '" : "",
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
        rc_csv_row *row = &csv->rows[i];
        char *id = norm_name(ld, &row->fields[c_id]);
        if (!id) return oom(ld->err);
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

/* Reads one data entry's tables into ld->src (grown), checking their columns. */
static int open_entry(loader *ld, size_t i, size_t *cap)
{
    const rc_data_cfg *dc = &ld->cfg->data[i];
    rc_source_opts *o = &ld->opts[i];
    char what[64];
    snprintf(what, sizeof what, "data entry %zu", i + 1);
    if (!dc->file)
        return rc_error_set(ld->err, RC_ERRK_CONFIG, "data source %zu has no file", i + 1);
    if (rc_source_opts_parse(dc->node, dc->file, what, o, ld->err)) return -1;
    ld->n_opts = i + 1;
    o->csv.warn = ld->warn;
    o->csv.warn_user = ld->warn_user;
    o->label_cols[0] = dc->region_col ? dc->region_col : "region";
    o->label_cols[1] = dc->layout == RC_LAYOUT_LONG ? (dc->indicator_col ? dc->indicator_col
                                                                        : "indicator")
                                                    : NULL;
    if (check_readable(dc->file, "data", dc->node, "file", ld->err)) return -1;
    rc_source_part *parts = NULL;
    size_t np = 0;
    if (rc_source_read(dc->file, o, &parts, &np, ld->err)) return -1;
    if (ld->n_src + np > *cap) {
        size_t nc = (*cap ? *cap * 2 : 4) + np;
        source *ns = rc_reallocarray(ld->src, nc, sizeof *ns);
        if (!ns) {
            rc_source_parts_free(parts, np);
            return oom(ld->err);
        }
        memset(ns + *cap, 0, (nc - *cap) * sizeof *ns);
        ld->src = ns;
        *cap = nc;
    }
    size_t first = ld->n_src;
    for (size_t k = 0; k < np; k++) {
        source *s = &ld->src[ld->n_src++];
        s->cfg = dc;
        s->opts = o;
        s->csv = parts[k].table;
        s->year = parts[k].year;
        s->name = base_name(dc->file);
    }
    free(parts);
    for (size_t k = first; k < ld->n_src; k++) {
        source *s = &ld->src[k];
        rc_csv *csv = s->csv;
        if (col_or_error(csv, dc->region_col ? dc->region_col : "region", "region", &s->c_region,
                         ld->err))
            return -1;
        s->c_year = -1;
        if (s->year == 0 &&
            col_or_error(csv, dc->year_col ? dc->year_col : "year", "year", &s->c_year, ld->err))
            return -1;
        if (dc->layout == RC_LAYOUT_WIDE) {
            s->series = rc_calloc(csv->header.n, sizeof *s->series);
            if (!s->series) return oom(ld->err);
            s->c_ind = s->c_value = -1;
            /* `ignore:` columns must exist (a typo would otherwise load a text column) */
            for (size_t q = 0; q < dc->n_ignore; q++) {
                long c;
                if (col_or_error(csv, dc->ignore[q], "ignored", &c, ld->err)) return -1;
                if (c == s->c_region || c == s->c_year)
                    return rc_error_set(ld->err, RC_ERRK_CONFIG,
                                        "%s: 'ignore' lists '%s', which is the %s column",
                                        s->name, dc->ignore[q],
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

static int open_sources(loader *ld)
{
    const rc_config *cfg = ld->cfg;
    ld->opts = rc_calloc(cfg->n_data ? cfg->n_data : 1, sizeof *ld->opts);
    if (!ld->opts) return oom(ld->err);
    size_t cap = 0;
    for (size_t i = 0; i < cfg->n_data; i++)
        if (open_entry(ld, i, &cap)) return -1;
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
            char w[512];
            int year = s->year;
            if (!year) {
                char *ycell = trim(row->fields[s->c_year]);
                int yrc = rc_source_year(ycell, &year);
                if (yrc == -2)
                    return rc_error_set(ld->err, RC_ERRK_DATA, "%s: year %s is outside %d..%d",
                                        rc_csv_where(s->csv, s->name, row, s->c_year, w, sizeof w),
                                        ycell, RC_YEAR_MIN, RC_YEAR_MAX);
                if (yrc)
                    return rc_error_set(ld->err, RC_ERRK_DATA, "%s: year '%s' is not an integer",
                                        rc_csv_where(s->csv, s->name, row, s->c_year, w, sizeof w),
                                        ycell);
            }
            if (s->c_ind >= 0) {
                char *ind = row->fields[s->c_ind] = trim(row->fields[s->c_ind]);
                if (!*ind)
                    return rc_error_set(ld->err, RC_ERRK_DATA, "%s: empty indicator name",
                                        rc_csv_where(s->csv, s->name, row, s->c_ind, w, sizeof w));
                size_t idx;
                if (strset_add(&ld->series, ind, &idx)) return oom(ld->err);
            }
            if (!year_selected(ld, year)) continue;
            char *reg = norm_name(ld, &row->fields[s->c_region]);
            if (!reg) return oom(ld->err);
            if (!*reg)
                return rc_error_set(ld->err, RC_ERRK_DATA, "%s: empty region",
                                    rc_csv_where(s->csv, s->name, row, s->c_region, w, sizeof w));
            if (ld->have_regions_file) {
                long ri = region_lookup(ld, reg);
                if (ri < 0) {
                    char sug[512];
                    return rc_error_set(ld->err, RC_ERRK_DATA,
                                        "%s: region '%s' is not in the regions file %s%s",
                                        rc_csv_where(s->csv, s->name, row, s->c_region, w, sizeof w),
                                        reg, base_name(ld->cfg->regions.file),
                                        region_hint(ld, reg, sug, sizeof sug));
                }
                row->fields[s->c_region] = ld->regions.keys[ri]; /* an alias -> its id */
            } else {
                long a = ld->aliases.n ? strset_find(&ld->aliases, reg) : -1;
                size_t idx;
                if (strset_add(&ld->regions, a >= 0 ? ld->alias_to[a] : reg, &idx))
                    return oom(ld->err);
                row->fields[s->c_region] = ld->regions.keys[idx];
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
                       const rc_csv_row *row, long col, size_t r, size_t t, const char *cell)
{
    size_t cells = p->n_years * p->n_regions, c = t * p->n_regions + r;
    cell_origin *o = &seen[si * cells + c];
    char w[512], w0[512];
    if (o->src) {
        const source *s0 = &ld->src[o->src - 1];
        rc_csv_row r0 = {.line = o->line, .sheet = s0->csv->header.sheet};
        return rc_error_set(ld->err, RC_ERRK_DATA,
                            "%s: duplicate value for region %s, year %d, series %s (first "
                            "given at %s)",
                            rc_csv_where(s->csv, s->name, row, col, w, sizeof w),
                            p->region_ids[r], p->years[t], p->series_names[si],
                            rc_csv_where(s0->csv, s0->name, &r0, -1, w0, sizeof w0));
    }
    double v;
    rc_cell_hint hint;
    if (rc_source_value(s->opts, cell, &v, &hint) < 0)
        return rc_error_set(ld->err, RC_ERRK_DATA,
                            "%s: value '%s' for region %s, year %d, series %s is not a number%s",
                            rc_csv_where(s->csv, s->name, row, col, w, sizeof w), cell,
                            p->region_ids[r], p->years[t], p->series_names[si],
                            rc_cell_hint_text(hint));
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
            int year = s->year;
            if (!year && rc_source_year(row->fields[s->c_year], &year) != 0)
                continue; /* checked in pass 1 */
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
                rc = store_value(ld, p, seen, (size_t)si, s, row, s->c_value, (size_t)r,
                                 (size_t)t, trim(row->fields[s->c_value]));
            } else {
                for (size_t j = 0; j < row->n && !rc; j++)
                    if (s->series[j] != SIZE_MAX)
                        rc = store_value(ld, p, seen, s->series[j], s, row, (long)j, (size_t)r,
                                         (size_t)t, trim(row->fields[j]));
            }
        }
    }
    free(seen);
    free(year_at);
    return rc;
}

/* regions.parent / regions.level: the hierarchy over the regions file's rows. */
static int load_hierarchy(loader *ld)
{
    const rc_regions_cfg *rc = &ld->cfg->regions;
    if (!rc->parent_col && !rc->level_col && !rc->aggregate_to) return 0;
    if (!ld->have_regions_file)
        return rc_error_set(ld->err, RC_ERRK_CONFIG,
                            "regions.parent, level and aggregate_to need a regions file "
                            "(regions.file)");
    if (rc->aggregate_to && (!rc->parent_col || !rc->level_col))
        return rc_error_set(ld->err, RC_ERRK_CONFIG,
                            "regions.aggregate_to needs regions.parent (each region's parent "
                            "column) and regions.level (each region's level column)");
    long cp = -1, cl = -1;
    if ((rc->parent_col && col_or_error(ld->regions_csv, rc->parent_col, "parent", &cp, ld->err)) ||
        (rc->level_col && col_or_error(ld->regions_csv, rc->level_col, "level", &cl, ld->err)))
        return -1;
    /* the parent cells are region ids: compared like them */
    for (size_t i = 0; cp >= 0 && i < ld->regions_csv->n_rows; i++)
        if (!norm_name(ld, &ld->regions_csv->rows[i].fields[cp])) return oom(ld->err);
    if (rc_hierarchy_build(ld->regions_csv, base_name(ld->regions_csv->path),
                           (const char *const *)ld->regions.keys, ld->regions.n, cp, cl, &ld->hier,
                           ld->err))
        return -1;
    ld->have_hier = 1;
    return 0;
}

/* The panel at another set of regions: ld->regions and regions_row follow `keep`. */
static int keep_regions(loader *ld, const unsigned char *keep)
{
    strset kept = {0};
    size_t *rows = rc_calloc(ld->regions.n ? ld->regions.n : 1, sizeof *rows);
    if (!rows) return oom(ld->err);
    for (size_t r = 0; r < ld->regions.n; r++) {
        if (!keep[r]) continue;
        size_t idx;
        if (strset_add(&kept, ld->regions.keys[r], &idx)) {
            free(rows);
            strset_free(&kept);
            return oom(ld->err);
        }
        rows[idx] = ld->regions_row[r];
    }
    strset_free(&ld->regions);
    ld->regions = kept;
    free(ld->regions_row);
    ld->regions_row = rows;
    return 0;
}

/* aggregate_to: the raw series rolled up; else, with levels, the data's own level only
 * (a regions file listing cities and provinces scores the level the data are at). */
static int apply_hierarchy(loader *ld, rc_panel **pp)
{
    const rc_regions_cfg *rc = &ld->cfg->regions;
    if (!ld->have_hier || !rc->level_col) return 0;
    rc_panel *p = *pp;
    unsigned char *keep = rc_calloc(p->n_regions ? p->n_regions : 1, 1);
    if (!keep) return oom(ld->err);
    const char *dl = NULL;
    rc_panel *q = NULL;
    if (rc->aggregate_to) {
        q = rc_panel_aggregate(p, &ld->hier, rc->aggregate_to, rc->aggregate, &dl, keep, ld->err);
    } else {
        /* the level of the first region with data; a second level is an error */
        size_t nr = p->n_regions, cells = nr * p->n_years;
        for (size_t r = 0; r < nr && !dl; r++)
            for (size_t s = 0; s < p->n_series && !dl; s++)
                for (size_t c = r; c < cells && !dl; c += nr)
                    if (!isnan(p->values[s][c])) dl = ld->hier.level[r];
        size_t nk = 0;
        for (size_t r = 0; r < nr; r++) nk += keep[r] = dl && strcmp(ld->hier.level[r], dl) == 0;
        const char **ids = rc_calloc(nk ? nk : 1, sizeof *ids), **names = rc_calloc(nk ? nk : 1, sizeof *names);
        double *buf = rc_reallocarray(NULL, nk * p->n_years + 1, sizeof *buf);
        if (!ids || !names || !buf) {
            free(ids);
            free(names);
            free(buf);
            free(keep);
            return oom(ld->err);
        }
        for (size_t r = 0, k = 0; r < nr; r++)
            if (keep[r]) {
                ids[k] = p->region_ids[r];
                names[k++] = p->region_names[r];
            }
        q = nk ? rc_panel_create(nk, ids, names, p->n_years, p->years, ld->err) : NULL;
        if (!nk) rc_error_set(ld->err, RC_ERRK_DATA, "the data hold no value");
        for (size_t s = 0; q && s < p->n_series; s++) {
            for (size_t t = 0; t < p->n_years; t++)
                for (size_t r = 0, k = 0; r < nr; r++) {
                    if (!keep[r]) continue;
                    double v = p->values[s][t * nr + r];
                    if (!isnan(v) && strcmp(ld->hier.level[r], dl) != 0) {
                        rc_error_set(ld->err, RC_ERRK_DATA,
                                     "region '%s' (level '%s') has data besides the regions at "
                                     "level '%s'; aggregate_to rolls data up to one level",
                                     p->region_ids[r], ld->hier.level[r], dl);
                        rc_panel_free(q);
                        q = NULL;
                        break;
                    }
                    buf[t * nk + k++] = v;
                }
            if (q && (rc_panel_add_series(q, p->series_names[s], buf, ld->err) ||
                      (p->series_units[s] && rc_panel_set_unit(q, s, p->series_units[s], ld->err)))) {
                rc_panel_free(q);
                q = NULL;
            }
        }
        /* any value outside the kept level is an error (data at two levels) */
        for (size_t r = 0; q && r < nr; r++) {
            if (keep[r]) continue;
            for (size_t s = 0; q && s < p->n_series; s++)
                for (size_t c = r; q && c < cells; c += nr)
                    if (!isnan(p->values[s][c])) {
                        rc_error_set(ld->err, RC_ERRK_DATA,
                                     "the data hold regions at two levels ('%s' at level '%s', "
                                     "others at '%s'); keep one level, or roll up with "
                                     "regions.aggregate_to",
                                     p->region_ids[r], ld->hier.level[r], dl);
                        rc_panel_free(q);
                        q = NULL;
                    }
        }
        free(ids);
        free(names);
        free(buf);
    }
    if (!q || keep_regions(ld, keep)) {
        rc_panel_free(q);
        free(keep);
        return -1;
    }
    free(keep);
    rc_panel_free(p);
    *pp = q;
    return 0;
}

/* units_row: each wide column's unit, or a long source's one value-column unit for every
 * series it gives, becomes the series' unit. */
static int set_units(loader *ld, rc_panel *p)
{
    for (size_t i = 0; i < ld->n_src; i++) {
        const source *s = &ld->src[i];
        const rc_csv_row *u = &s->csv->units;
        if (!u->n) continue;
        if (s->series) {
            for (size_t j = 0; j < u->n; j++) {
                const char *t = trim(u->fields[j]);
                if (s->series[j] != SIZE_MAX && *t && rc_panel_set_unit(p, s->series[j], t, ld->err))
                    return -1;
            }
        } else {
            const char *t = trim(u->fields[s->c_value]);
            if (!*t) continue;
            for (size_t k = 0; k < s->csv->n_rows; k++) {
                long si = rc_panel_series(p, s->csv->rows[k].fields[s->c_ind]);
                if (si >= 0 && rc_panel_set_unit(p, (size_t)si, t, ld->err)) return -1;
            }
        }
    }
    return 0;
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
        long col = rc_csv_col(csv, rc->groups[g]);
        /* a level of the hierarchy (城市群 clusters): each region's ancestor at that level */
        int by_level = 0;
        for (size_t i = 0; col < 0 && ld->have_hier && ld->hier.level && i < ld->hier.n; i++)
            by_level = by_level || strcmp(ld->hier.level[i], rc->groups[g]) == 0;
        if (!by_level && col_or_error(csv, rc->groups[g], "group", &col, ld->err)) return -1;
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
            const char *l = "";
            if (by_level) {
                long a = rc_hierarchy_at_level(&ld->hier, ld->regions_row[r], rc->groups[g]);
                if (a < 0) {
                    free(lab);
                    strset_free(&seen);
                    return rc_error_set(ld->err, RC_ERRK_DATA,
                                        "%s:%zu: region '%s' has no ancestor at level '%s' "
                                        "(group '%s')",
                                        csv->path, row->line, p->region_ids[r], rc->groups[g],
                                        gr->name);
                }
                l = csv->rows[a].fields[rc_csv_col(csv, ld->cfg->regions.id_col
                                                            ? ld->cfg->regions.id_col
                                                            : "region")];
            } else {
                l = trim(row->fields[col]);
            }
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

/* The names a spatial file (coordinates, adjacency) uses for the regions: the ids, or
 * the values of regions-file column `key` (normalised like ids). */
static int key_names(loader *ld, const rc_panel *p, const char *key, const char *what,
                     strset *out)
{
    memset(out, 0, sizeof *out);
    long c = -1;
    if (key) {
        if (!ld->have_regions_file)
            return rc_error_set(ld->err, RC_ERRK_CONFIG,
                                "regions.%s_key needs a regions file (regions.file)", what);
        if (col_or_error(ld->regions_csv, key, "key", &c, ld->err)) return -1;
    }
    for (size_t r = 0; r < p->n_regions; r++) {
        const char *name = p->region_ids[r];
        rc_csv_row *row = c >= 0 ? &ld->regions_csv->rows[ld->regions_row[r]] : NULL;
        if (row && !(name = norm_name(ld, &row->fields[c]))) return oom(ld->err);
        size_t before = out->n, idx;
        if (strset_add(out, name, &idx)) return oom(ld->err);
        if (out->n == before) {
            char w[512];
            return rc_error_set(ld->err, RC_ERRK_DATA,
                                "%s: '%s' names two regions in column '%s' (regions.%s_key "
                                "needs one value per region)",
                                rc_csv_where(ld->regions_csv, ld->regions_csv->path, row, c, w,
                                             sizeof w),
                                name, key, what);
        }
    }
    return 0;
}

/* Why a spatial file's name matched no region: a spelling suggestion, or the regions-file
 * column that does hold it ("set regions.adjacency_key: name_en"). */
static const char *key_hint(const loader *ld, const strset *names, const char *id,
                            const char *what, char *buf, size_t size)
{
    const char *sug = rc_suggest(id, (const char *const *)names->keys, names->n);
    if (sug) {
        snprintf(buf, size, " (did you mean '%s'?)", sug);
        return buf;
    }
    const rc_csv *csv = ld ? ld->regions_csv : NULL;
    for (size_t j = 0; csv && j < csv->header.n; j++)
        for (size_t i = 0; i < csv->n_rows; i++) {
            const char *v = csv->rows[i].fields[j];
            while (*v == ' ') v++;
            if (strcmp(v, id) == 0) {
                snprintf(buf, size,
                         " ('%s' is in column '%s' of the regions file: set regions.%s_key: %s "
                         "so the %s file is read by that column)",
                         id, csv->header.fields[j], what, csv->header.fields[j], what);
                return buf;
            }
        }
    buf[0] = '\0';
    return buf;
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
    strset names = {0};
    if (read_cfg_csv(rc->coordinates, "coordinates", rc->node, "coordinates", &csv, ld->err))
        return -1;
    const char *const xs[] = {"x", "longitude", "lon", "lng"};
    const char *const ys[] = {"y", "latitude", "lat"};
    const char *const rs[] = {"region", rc->id_col ? rc->id_col : "region",
                              rc->coordinates_key ? rc->coordinates_key : "region"};
    long cr = first_col(csv, rs, 3), cx = first_col(csv, xs, 4), cy = first_col(csv, ys, 3);
    int rcode = 0;
    char *seen = NULL;
    char w[512], hint[600];
    if (cr < 0 || cx < 0 || cy < 0) {
        rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                             "%s: the coordinates file needs columns region, x and y (or "
                             "longitude/latitude, lon/lat)",
                             rc_csv_where(csv, csv->path, NULL, -1, w, sizeof w));
        goto done;
    }
    if (key_names(ld, p, rc->coordinates_key, "coordinates", &names)) {
        rcode = -1;
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
        rc_csv_row *row = &csv->rows[k];
        char *id = norm_name(ld, &row->fields[cr]);
        if (!id) {
            rcode = oom(ld->err);
            goto done;
        }
        long r = strset_find(&names, id);
        if (r < 0) {
            rcode = rc_error_set(ld->err, RC_ERRK_DATA, "%s: unknown region '%s'%s",
                                 rc_csv_where(csv, base_name(csv->path), row, cr, w, sizeof w),
                                 id, key_hint(ld, &names, id, "coordinates", hint, sizeof hint));
            goto done;
        }
        if (seen[r]) {
            rcode = rc_error_set(ld->err, RC_ERRK_DATA, "%s: region '%s' has coordinates twice",
                                 rc_csv_where(csv, base_name(csv->path), row, cr, w, sizeof w),
                                 id);
            goto done;
        }
        seen[r] = 1;
        char *xc = trim(row->fields[cx]), *yc = trim(row->fields[cy]);
        if (rc_csv_parse_value(xc, &p->coord_x[r]) < 0 ||
            rc_csv_parse_value(yc, &p->coord_y[r]) < 0) {
            rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                                 "%s: coordinates '%s', '%s' of region %s are not numbers",
                                 rc_csv_where(csv, base_name(csv->path), row, cx, w, sizeof w),
                                 xc, yc, id);
            goto done;
        }
    }
done:
    strset_free(&names);
    free(seen);
    rc_csv_free(csv);
    return rcode;
}

/* ---- boundaries ---------------------------------------------------------------------------- */

typedef struct find_ctx {
    loader *ld;
    const strset *names;
} find_ctx;

static long find_region(void *user, const char *id)
{
    find_ctx *f = user;
    char *k = rc_text_name_key(id); /* compared like every region name */
    long r = k ? strset_find(f->names, k) : -1;
    free(k);
    return r;
}

/* regions.boundaries: queen/rook contiguity (unless an adjacency file gives it) and the
 * centroids as coordinates (unless a coordinates file gives them). */
static int load_boundaries(loader *ld, rc_panel *p)
{
    const rc_regions_cfg *rc = &ld->cfg->regions;
    char w[512];
    if (rc->adjacency) {
        if (rc->node) rc_node_key_where(rc->node, "boundaries", w, sizeof w);
        else snprintf(w, sizeof w, "the config");
        return rc_error_set(ld->err, RC_ERRK_CONFIG,
                            "%s: regions gives both adjacency and boundaries; the neighbours come "
                            "from one of them",
                            w);
    }
    if (check_readable(rc->boundaries, "boundaries", rc->node, "boundaries", ld->err)) return -1;
    strset names = {0};
    if (key_names(ld, p, NULL, "boundaries", &names)) return -1;
    find_ctx fc = {.ld = ld, .names = &names};
    rc_boundaries *b = NULL;
    size_t unknown = 0;
    const char *prop = rc->boundary_id ? rc->boundary_id : rc->id_col ? rc->id_col : "region";
    int rcode = rc_boundaries_read(rc->boundaries, prop, p->n_regions, find_region, &fc, &b,
                                   &unknown, ld->err);
    strset_free(&names);
    if (rcode) return -1;
    size_t have = rc_boundaries_count(b);
    if (have < p->n_regions || unknown)
        load_warn(ld->warn, ld->warn_user,
                  "%s: %zu of %zu regions have a polygon%s%zu feature%s name%s no region of the "
                  "panel (left out)",
                  base_name(rc->boundaries), have, p->n_regions,
                  have < p->n_regions ? " (the others are islands without coordinates); " : "; ",
                  unknown, unknown == 1 ? "" : "s", unknown == 1 ? "s" : "");
    rcode = rc_boundaries_contiguity(b, rc->rook, &p->spatial, ld->err);
    if (!rcode && !rc->coordinates) {
        p->coord_x = rc_reallocarray(NULL, p->n_regions ? p->n_regions : 1, sizeof *p->coord_x);
        p->coord_y = rc_reallocarray(NULL, p->n_regions ? p->n_regions : 1, sizeof *p->coord_y);
        rcode = !p->coord_x || !p->coord_y ? oom(ld->err)
                                           : rc_boundaries_centroids(b, p->coord_x, p->coord_y,
                                                                     ld->err);
    }
    rc_boundaries_free(b);
    if (rcode && ld->err->kind != RC_ERRK_OTHER)
        rc_error_prefix(ld->err, "%s: ", base_name(rc->boundaries));
    return rcode;
}

/* ---- aliases ------------------------------------------------------------------------------ */

/* `aliases:`: two columns, alias then region id; an alias maps a data cell to that id. */
static int load_aliases(loader *ld)
{
    const rc_regions_cfg *rc = &ld->cfg->regions;
    rc_csv *csv = NULL;
    if (read_cfg_csv(rc->aliases, "aliases", rc->node, "aliases", &csv, ld->err)) return -1;
    char w[512], hint[600];
    int rcode = 0;
    if (csv->header.n < 2) {
        rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                             "%s: an aliases file needs two columns (alias, region id)",
                             rc_csv_where(csv, base_name(csv->path), NULL, -1, w, sizeof w));
        goto done;
    }
    ld->alias_to = rc_calloc(csv->n_rows + 1, sizeof *ld->alias_to);
    if (!ld->alias_to) {
        rcode = oom(ld->err);
        goto done;
    }
    for (size_t k = 0; k < csv->n_rows && !rcode; k++) {
        rc_csv_row *row = &csv->rows[k];
        char *alias = norm_name(ld, &row->fields[0]), *id = norm_name(ld, &row->fields[1]);
        if (!alias || !id) {
            rcode = oom(ld->err);
            break;
        }
        rc_csv_where(csv, base_name(csv->path), row, 1, w, sizeof w);
        if (!*alias || !*id) {
            rcode = rc_error_set(ld->err, RC_ERRK_DATA, "%s: empty alias or region id", w);
            break;
        }
        if (ld->have_regions_file && strset_find(&ld->regions, id) < 0) {
            rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                                 "%s: alias '%s' names region '%s', which is not in the regions "
                                 "file%s",
                                 w, alias, id, region_hint(ld, id, hint, sizeof hint));
            break;
        }
        size_t before = ld->aliases.n, idx;
        if (strset_add(&ld->aliases, alias, &idx)) {
            rcode = oom(ld->err);
            break;
        }
        if (ld->aliases.n == before) {
            if (strcmp(ld->alias_to[idx], id) != 0)
                rcode = rc_error_set(ld->err, RC_ERRK_DATA,
                                     "%s: alias '%s' is given for '%s' and for '%s'", w, alias,
                                     ld->alias_to[idx], id);
            continue;
        }
        if (!(ld->alias_to[idx] = rc_strdup(id))) rcode = oom(ld->err);
    }
done:
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
    const char *file = ld->n_src ? ld->src[0].name : "the data";
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
    for (size_t i = 0; i < ld->n_owned; i++) free(ld->owned[i]);
    free(ld->owned);
    for (size_t i = 0; i < ld->aliases.n; i++) free(ld->alias_to[i]);
    free(ld->alias_to);
    strset_free(&ld->aliases);
    for (size_t i = 0; i < ld->n_opts; i++) rc_source_opts_free(&ld->opts[i]);
    free(ld->opts);
    if (ld->have_hier) rc_hierarchy_free(&ld->hier);
}

int rc_panel_load(const rc_config *cfg, rc_panel **out, rc_error *err)
{
    return rc_panel_load_ex(cfg, NULL, NULL, out, err);
}

int rc_panel_load_ex(const rc_config *cfg, rc_warn_fn warn, void *user, rc_panel **out,
                     rc_error *err)
{
    *out = NULL;
    loader ld = {.cfg = cfg, .err = err, .warn = warn, .warn_user = user};
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
    if (cfg->regions.aliases && load_aliases(&ld)) goto fail;
    if (load_hierarchy(&ld)) goto fail;
    if (open_sources(&ld) || scan_sources(&ld)) goto fail;
    if (!ld.have_regions_file && sort_regions(&ld)) goto fail;
    if (ld.regions.n == 0) {
        rc_error_set(err, RC_ERRK_DATA, "%s: no data rows for the selected years",
                     ld.n_src ? ld.src[0].name : "the data");
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
    if (fill_values(&ld, p) || set_units(&ld, p) || apply_hierarchy(&ld, &p) ||
        make_groupings(&ld, p))
        goto fail;
    if (cfg->regions.coordinates && load_coordinates(&ld, p)) goto fail;
    if (cfg->regions.boundaries && load_boundaries(&ld, p)) goto fail;
    if (cfg->regions.adjacency &&
        adjacency_keyed(&ld, p, cfg->regions.adjacency, cfg->regions.adjacency_key, &p->spatial,
                        err))
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

static int cmp_pair(const void *x, const void *y)
{
    const rc_pair *p = x, *q = y;
    if (p->a != q->a) return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

int rc_spatial_from_adjacency(const rc_panel *p, const char *path, rc_spatial **out,
                              rc_error *err)
{
    return adjacency_keyed(NULL, p, path, NULL, out, err);
}

/* The adjacency file's names are region ids, or with a loader and `key` the values of that
 * regions-file column; unknown names get a hint naming the column that holds them. */
static int adjacency_keyed(loader *ld, const rc_panel *p, const char *path, const char *key,
                           rc_spatial **out, rc_error *err)
{
    *out = NULL;
    rc_csv *csv = NULL;
    if (ld ? read_cfg_csv(path, "adjacency", ld->cfg->regions.node, "adjacency", &csv, err)
           : rc_csv_read(path, &csv, err))
        return -1;
    const char *name = base_name(path);
    rc_pair *pairs = NULL;
    rc_spatial *s = NULL;
    strset ids = {0};
    size_t np = 0;
    char w[512], hint[600];
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
    /* region names hashed: a row-by-row linear lookup is rows x regions string compares */
    if (ld) {
        if (key_names(ld, p, key, "adjacency", &ids)) goto fail;
    } else {
        for (size_t r = 0; r < p->n_regions; r++) {
            size_t idx;
            if (strset_add(&ids, p->region_ids[r], &idx)) {
                oom(err);
                goto fail;
            }
        }
    }
    for (size_t k = 0; k < csv->n_rows; k++) {
        const rc_csv_row *row = &csv->rows[k];
        long ij[2];
        for (int e = 0; e < 2; e++) {
            char *id = ld ? norm_name(ld, &row->fields[e]) : trim(row->fields[e]);
            if (!id) {
                oom(err);
                goto fail;
            }
            ij[e] = strset_find(&ids, id);
            if (ij[e] < 0) {
                rc_error_set(err, RC_ERRK_DATA, "%s: unknown region '%s'%s",
                             rc_csv_where(csv, name, row, e, w, sizeof w), id,
                             key_hint(ld, &ids, id, "adjacency", hint, sizeof hint));
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
    if (rc_spatial_from_pairs(p->n_regions, pairs, np, &s) != 0) {
        oom(err);
        goto fail;
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
