/* tests/limits/test_limits.c — pins every documented limit (docs/limits.md): the input
 * just under a limit is accepted, the input just over it is refused with the documented
 * message and error kind, and refusing is quick (an alias bomb is never expanded). Also:
 * a FIFO, directory or device named as a file neither hangs nor reads forever. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/model.h"
#include "config/node.h"
#include "data/csv.h"
#include "data/formula.h"
#include "data/load.h"
#include "data/panel.h"
#include "util/str.h"

/* ---- helpers -------------------------------------------------------------------------- */

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/rc_limits_XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void remove_tmpdir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (tmpdir[0] && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmpdir);
}

static void write_file(const char *name, const char *text, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}


static int contains(const char *hay, const char *needle)
{
    return strstr(hay, needle) != NULL;
}

/* Text of n opening brackets, "x", and n closing ones: n nested flow lists. */
static char *nested_lists(size_t n)
{
    char *s = malloc(2 * n + 2);
    ck_assert_ptr_nonnull(s);
    memset(s, '[', n);
    s[n] = 'x';
    memset(s + n + 1, ']', n);
    s[2 * n + 1] = '\0';
    return s;
}

/* ---- config (YAML) -------------------------------------------------------------------- */

START_TEST(yaml_nesting_64_levels_loads_65_is_refused)
{
    rc_error err = {0};
    char *ok = nested_lists(RC_NODE_MAX_DEPTH);
    struct rc_node *root = rc_yaml_load_string(ok, strlen(ok), "deep.yaml", &err);
    ck_assert_msg(root != NULL, "%s", err.msg);
    /* 64 lists inside each other, the innermost holding the scalar */
    const struct rc_node *n = root;
    int depth = 0;
    while (n->kind == RC_NODE_LIST) {
        ck_assert_uint_eq(n->n, 1);
        n = n->items[0];
        depth++;
    }
    ck_assert_int_eq(depth, 64);
    ck_assert_str_eq(n->str, "x");
    rc_node_free(root);
    free(ok);

    char *bad = nested_lists(RC_NODE_MAX_DEPTH + 1);
    ck_assert_ptr_null(rc_yaml_load_string(bad, strlen(bad), "deep.yaml", &err));
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    /* the 65th '[' is at column 65 of line 1 */
    ck_assert_str_eq(err.msg, "deep.yaml:1:65: the config is nested too deeply (more than 64 levels)");
    free(bad);
}
END_TEST

/* A mapping of n entries "k0: 0", "k1: 1", ... */
static char *big_mapping(size_t n)
{
    rc_buf b;
    rc_buf_init(&b);
    for (size_t i = 0; i < n; i++) rc_buf_printf(&b, "k%zu: %zu\n", i, i);
    ck_assert(!b.failed);
    return b.data;
}

START_TEST(yaml_mapping_of_4096_entries_loads_4097_is_refused)
{
    rc_error err = {0};
    char *ok = big_mapping(RC_NODE_MAX_KEYS);
    struct rc_node *root = rc_yaml_load_string(ok, strlen(ok), "keys.yaml", &err);
    ck_assert_msg(root != NULL, "%s", err.msg);
    ck_assert_uint_eq(root->n, 4096);
    ck_assert_str_eq(root->keys[4095], "k4095");
    rc_node_free(root);
    free(ok);

    char *bad = big_mapping(RC_NODE_MAX_KEYS + 1);
    ck_assert_ptr_null(rc_yaml_load_string(bad, strlen(bad), "keys.yaml", &err));
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    /* the 4097th key starts line 4097 */
    ck_assert_str_eq(err.msg, "keys.yaml:4097:1: a mapping has more than 4096 entries");
    free(bad);
}
END_TEST

/* "title: t\n" padded with a comment line to exactly `size` bytes. */
static char *config_of_size(size_t size)
{
    const char *head = "title: t\n#";
    char *s = malloc(size + 1);
    ck_assert_ptr_nonnull(s);
    memset(s, 'x', size);
    memcpy(s, head, strlen(head));
    s[size - 1] = '\n';
    s[size] = '\0';
    return s;
}

START_TEST(config_of_1_mib_loads_one_byte_more_is_refused)
{
    make_tmpdir();
    rc_error err = {0};
    char *ok = config_of_size(RC_CONFIG_MAX_FILE);
    ck_assert_uint_eq(strlen(ok), 1048576);
    write_file("ok.yaml", ok, strlen(ok));
    char path[512];
    snprintf(path, sizeof path, "%s/ok.yaml", tmpdir);
    struct rc_node *root = rc_yaml_load_file(path, &err);
    ck_assert_msg(root != NULL, "%s", err.msg);
    ck_assert_str_eq(rc_node_as_str(rc_node_get(root, "title")), "t");
    rc_node_free(root);
    free(ok);

    char *bad = config_of_size(RC_CONFIG_MAX_FILE + 1);
    write_file("big.yaml", bad, strlen(bad));
    snprintf(path, sizeof path, "%s/big.yaml", tmpdir);
    ck_assert_ptr_null(rc_yaml_load_file(path, &err));
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    char want[600];
    snprintf(want, sizeof want, "%s: the config is larger than 1 MiB", path);
    ck_assert_str_eq(err.msg, want);
    /* the same from memory */
    ck_assert_ptr_null(rc_yaml_load_string(bad, strlen(bad), "mem.yaml", &err));
    ck_assert_str_eq(err.msg, "mem.yaml: the config is larger than 1 MiB");
    free(bad);
    remove_tmpdir();
}
END_TEST

START_TEST(alias_bomb_is_refused_at_the_first_anchor_without_expanding)
{
    /* the classic "billion laughs": 9 levels of 9 aliases each, 9^9 leaves if expanded */
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    const char *names = "abcdefghi";
    for (int i = 1; i < 9; i++) {
        char p = names[i - 1];
        rc_buf_printf(&b, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", names[i], names[i], p,
                      p, p, p, p, p, p, p, p);
    }
    rc_error err = {0};
    struct rc_node *root = rc_yaml_load_string(b.data, b.len, "bomb.yaml", &err);
    ck_assert_ptr_null(root);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_str_eq(err.msg, "bomb.yaml:1:4: anchors and aliases are not supported");
    rc_buf_free(&b);
}
END_TEST

/* A config whose one dimension has two components of n1 and n2 indicators. */
static char *dimension_with(size_t n1, size_t n2)
{
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, "data: [{file: d.csv}]\ndimensions:\n  d:\n    components:\n");
    size_t n[2] = {n1, n2}, k = 0;
    for (int c = 0; c < 2; c++) {
        rc_buf_printf(&b, "      c%d:\n        indicators:\n", c);
        for (size_t i = 0; i < n[c]; i++) rc_buf_printf(&b, "          i%zu: {}\n", k++);
    }
    ck_assert(!b.failed);
    return b.data;
}

START_TEST(dimension_of_4096_indicators_loads_4097_is_refused)
{
    rc_error err = {0};
    rc_config *cfg = NULL;
    char *ok = dimension_with(2048, 2048);
    ck_assert_msg(rc_config_load_string(ok, "ind.yaml", "/tmp", &cfg, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(cfg->dims[0].root.components[0].n_indicators +
                          cfg->dims[0].root.components[1].n_indicators,
                      4096);
    rc_config_free(cfg);
    free(ok);

    char *bad = dimension_with(2048, 2049);
    ck_assert_int_ne(rc_config_load_string(bad, "ind.yaml", "/tmp", &cfg, &err), 0);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    /* the dimension's mapping starts on line 4, column 5 */
    ck_assert_str_eq(err.msg, "ind.yaml:4:5: dimension 'd' has 4097 indicators, more than 4096");
    free(bad);
}
END_TEST

/* ---- formulas ------------------------------------------------------------------------- */

static const double *const_lookup(void *user, const char *name)
{
    (void)name;
    return user;
}


START_TEST(formula_of_4096_characters_compiles_4097_is_refused)
{
    /* "a+a+...+a": 2048 names and 2047 pluses = 4095 characters, plus one space */
    char text[RC_FORMULA_MAX_LEN + 2];
    size_t n = 0;
    for (int i = 0; i < 2048; i++) {
        if (i) text[n++] = '+';
        text[n++] = 'a';
    }
    text[n++] = ' ';
    text[n] = '\0';
    ck_assert_uint_eq(n, 4096);
    rc_error err = {0};
    rc_formula *f = rc_formula_compile(text, &err);
    ck_assert_msg(f != NULL, "%s", err.msg);
    /* evaluating it sums 2048 copies of a */
    double a[2] = {1.5, -2}, out[2];
    ck_assert_int_eq(rc_formula_n_names(f), 1);
    ck_assert_int_eq(rc_formula_eval(f, const_lookup, a, 2, out, NULL, &err), 0);
    ck_assert_double_eq(out[0], 3072.0);
    ck_assert_double_eq(out[1], -4096.0);
    rc_formula_free(f);

    text[n++] = ' ';
    text[n] = '\0';
    ck_assert_ptr_null(rc_formula_compile(text, &err));
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_str_eq(err.msg, "the formula is longer than 4096 characters");
}
END_TEST

/* A formula of k parentheses around "a": k + 1 levels, the formula itself being the first. */
START_TEST(formula_nested_64_levels_compiles_65_is_refused)
{
    char text[200];
    size_t k = RC_FORMULA_MAX_DEPTH - 1;
    memset(text, '(', k);
    text[k] = 'a';
    memset(text + k + 1, ')', k);
    text[2 * k + 1] = '\0';
    rc_error err = {0};
    rc_formula *f = rc_formula_compile(text, &err);
    ck_assert_msg(f != NULL, "%s", err.msg);
    double a[1] = {2.5}, out[1];
    ck_assert_int_eq(rc_formula_eval(f, const_lookup, a, 1, out, NULL, &err), 0);
    ck_assert_double_eq(out[0], 2.5);
    rc_formula_free(f);

    k++;
    memset(text, '(', k);
    text[k] = 'a';
    memset(text + k + 1, ')', k);
    text[2 * k + 1] = '\0';
    ck_assert_ptr_null(rc_formula_compile(text, &err));
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    /* 64 parentheses: the 'a' after the 64th '(' (character 65) would be on level 65 */
    ck_assert_str_eq(err.msg, "at character 65: the formula is nested deeper than 64 levels");

    /* unary minus and powers count the same way: 64 minus signs are 65 levels */
    char minus[80];
    memset(minus, '-', 64);
    strcpy(minus + 64, "a");
    ck_assert_ptr_null(rc_formula_compile(minus, &err));
    ck_assert(contains(err.msg, "the formula is nested deeper than 64 levels"));
    memset(minus, '-', 63);
    strcpy(minus + 63, "a");
    f = rc_formula_compile(minus, &err);
    ck_assert_msg(f != NULL, "%s", err.msg);
    ck_assert_int_eq(rc_formula_eval(f, const_lookup, a, 1, out, NULL, &err), 0);
    ck_assert_double_eq(out[0], -2.5); /* 63 minus signs: negative */
    rc_formula_free(f);
}
END_TEST

/* ---- CSV ------------------------------------------------------------------------------- */

/* "h\n" + a field of `len` x's + "\n". */
static char *csv_with_field(size_t len, int quoted, size_t *n)
{
    char *s = malloc(len + 8);
    ck_assert_ptr_nonnull(s);
    size_t k = 0;
    s[k++] = 'h';
    s[k++] = '\n';
    if (quoted) s[k++] = '"';
    memset(s + k, 'x', len);
    k += len;
    if (quoted) s[k++] = '"';
    s[k++] = '\n';
    *n = k;
    return s;
}

START_TEST(csv_field_of_1_mib_reads_one_byte_more_is_refused)
{
    for (int quoted = 0; quoted < 2; quoted++) {
        size_t n;
        rc_error err = {0};
        rc_csv *csv = NULL;
        char *ok = csv_with_field(RC_CSV_MAX_FIELD, quoted, &n);
        ck_assert_msg(rc_csv_parse(ok, n, "f.csv", &csv, &err) == 0, "%s", err.msg);
        ck_assert_uint_eq(csv->n_rows, 1);
        ck_assert_uint_eq(strlen(csv->rows[0].fields[0]), 1048576);
        rc_csv_free(csv);
        free(ok);
        char *bad = csv_with_field(RC_CSV_MAX_FIELD + 1, quoted, &n);
        ck_assert_int_ne(rc_csv_parse(bad, n, "f.csv", &csv, &err), 0);
        ck_assert_int_eq(err.kind, RC_ERRK_DATA);
        ck_assert_str_eq(err.msg, "f.csv:2: a field is longer than 1 MiB");
        free(bad);
    }
}
END_TEST

static char *csv_with_columns(size_t n_cols, size_t *n)
{
    rc_buf b;
    rc_buf_init(&b);
    for (size_t j = 0; j < n_cols; j++) rc_buf_printf(&b, "%sc%zu", j ? "," : "", j);
    rc_buf_puts(&b, "\n");
    for (size_t j = 0; j < n_cols; j++) rc_buf_printf(&b, "%s%zu", j ? "," : "", j);
    rc_buf_puts(&b, "\n");
    ck_assert(!b.failed);
    *n = b.len;
    return b.data;
}

START_TEST(csv_of_10000_columns_reads_10001_is_refused)
{
    size_t n;
    rc_error err = {0};
    rc_csv *csv = NULL;
    char *ok = csv_with_columns(RC_CSV_MAX_COLUMNS, &n);
    ck_assert_msg(rc_csv_parse(ok, n, "c.csv", &csv, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(csv->header.n, 10000);
    ck_assert_str_eq(csv->rows[0].fields[9999], "9999");
    rc_csv_free(csv);
    free(ok);
    char *bad = csv_with_columns(RC_CSV_MAX_COLUMNS + 1, &n);
    ck_assert_int_ne(rc_csv_parse(bad, n, "c.csv", &csv, &err), 0);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_str_eq(err.msg, "c.csv:1: the header has 10001 columns, more than 10000");
    free(bad);
}
END_TEST

START_TEST(csv_file_over_1_gib_is_refused_before_reading)
{
    /* a sparse file one byte over the limit: refused from its size, nothing is read */
    make_tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/huge.csv", tmpdir);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, (off_t)RC_CSV_MAX_FILE + 1), 0);
    close(fd);
    rc_error err = {0};
    rc_csv *csv = NULL;
    ck_assert_int_ne(rc_csv_read(path, &csv, &err), 0);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    char want[600];
    snprintf(want, sizeof want, "%s: the file is larger than 1 GiB", path);
    ck_assert_str_eq(err.msg, want);
    /* in memory: the length alone decides (the text is not touched) */
    ck_assert_int_ne(rc_csv_parse("", RC_CSV_MAX_FILE + 1, "m.csv", &csv, &err), 0);
    ck_assert_str_eq(err.msg, "m.csv: the file is larger than 1 GiB");
    remove_tmpdir();
}
END_TEST

/* ---- panel ------------------------------------------------------------------------------ */

/* Writes data.csv (long layout) with the given rows and loads it with an optional extra
 * config text; returns rc_panel_load's result. */
static int load_long(const rc_buf *rows, const char *extra, rc_panel **p, rc_error *err)
{
    write_file("data.csv", rows->data, rows->len);
    char yaml[1024];
    snprintf(yaml, sizeof yaml, "data: [{file: data.csv}]\n%sdimensions: {d: {}}\n",
             extra ? extra : "");
    rc_config *cfg = NULL;
    if (rc_config_load_string(yaml, "limits.yaml", tmpdir, &cfg, err) != 0) return -2;
    int rc = rc_panel_load(cfg, p, err);
    rc_config_free(cfg);
    return rc;
}

/* n_regions regions, n_years years (from 1), n_series series: one row per distinct value
 * of each, so the panel's shape is exactly that (most cells are missing). */
static void shape_rows(rc_buf *b, size_t n_regions, size_t n_years, size_t n_series)
{
    rc_buf_init(b);
    rc_buf_puts(b, "region,year,indicator,value\n");
    for (size_t r = 0; r < n_regions; r++) rc_buf_printf(b, "r%zu,1,s0,%zu\n", r, r);
    for (size_t t = 1; t < n_years; t++) rc_buf_printf(b, "r0,%zu,s0,1\n", t + 1);
    for (size_t s = 1; s < n_series; s++) rc_buf_printf(b, "r0,1,s%zu,2\n", s);
    ck_assert(!b->failed);
}

static void expect_shape_ok(size_t nr, size_t ny, size_t ns, const char *extra, size_t want_series)
{
    rc_buf b;
    shape_rows(&b, nr, ny, ns);
    rc_panel *p = NULL;
    rc_error err = {0};
    ck_assert_msg(load_long(&b, extra, &p, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p->n_regions, nr);
    ck_assert_uint_eq(p->n_years, ny);
    ck_assert_uint_eq(p->n_series, want_series);
    /* the first region's value of s0 in year 1 is 0 (its row index) */
    long r0 = rc_panel_region(p, "r0"), s0 = rc_panel_series(p, "s0");
    ck_assert_int_ge(r0, 0);
    ck_assert_int_ge(s0, 0);
    ck_assert_double_eq(p->values[s0][(size_t)r0], 0.0);
    rc_panel_free(p);
    rc_buf_free(&b);
}

static void expect_shape_refused(size_t nr, size_t ny, size_t ns, const char *extra,
                                 const char *msg)
{
    rc_buf b;
    shape_rows(&b, nr, ny, ns);
    rc_panel *p = NULL;
    rc_error err = {0};
    ck_assert_int_eq(load_long(&b, extra, &p, &err), -1);
    ck_assert_ptr_null(p);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_str_eq(err.msg, msg);
    rc_buf_free(&b);
}

START_TEST(panel_of_50000_regions_loads_50001_is_refused)
{
    make_tmpdir();
    expect_shape_ok(50000, 1, 1, NULL, 1);
    expect_shape_refused(50001, 1, 1, NULL,
                         "data.csv: the panel has 50001 regions, more than 50000");
    remove_tmpdir();
}
END_TEST

START_TEST(panel_of_1000_years_loads_1001_is_refused)
{
    make_tmpdir();
    expect_shape_ok(2, 1000, 1, NULL, 1);
    expect_shape_refused(2, 1001, 1, NULL, "data.csv: the panel has 1001 years, more than 1000");
    /* a selection counts the same way, data or not */
    expect_shape_refused(2, 1, 1, "years: 1-1001\n",
                         "data.csv: the panel has 1001 years, more than 1000");
    remove_tmpdir();
}
END_TEST

START_TEST(panel_of_10000_series_loads_10001_is_refused)
{
    make_tmpdir();
    expect_shape_ok(1, 1, 10000, NULL, 10000);
    expect_shape_refused(1, 1, 10001, NULL,
                         "data.csv: the panel has 10001 series (derived ones included), more "
                         "than 10000");
    /* derived series count too */
    expect_shape_ok(1, 1, 9999, "series: {twice: \"s0 * 2\"}\n", 10000);
    expect_shape_refused(1, 1, 10000, "series: {twice: \"s0 * 2\"}\n",
                         "data.csv: the panel has 10001 series (derived ones included), more "
                         "than 10000");
    remove_tmpdir();
}
END_TEST

START_TEST(panel_of_2_pow_25_values_loads_one_region_more_is_refused)
{
    make_tmpdir();
    /* 32768 regions x 1 year x 1024 series = 2^25 values exactly */
    expect_shape_ok(32768, 1, 1024, NULL, 1024);
    expect_shape_refused(32769, 1, 1024, NULL,
                         "data.csv: the panel has 32769 regions x 1 years x 1024 series = "
                         "33555456 values, more than 33554432");
    remove_tmpdir();
}
END_TEST


/* 50000 regions, each with its own group label and one neighbour, load with every label
 * and neighbour in place (how fast: tests/bench/bench_limits.c; group labels and adjacency
 * pairs are looked up hashed, not by pairwise string comparison). */
START_TEST(groupings_and_adjacency_of_50000_regions_load_with_every_label_and_neighbour)
{
    make_tmpdir();
    const size_t n = RC_MAX_REGIONS;
    rc_buf reg, adj, data;
    rc_buf_init(&reg);
    rc_buf_init(&adj);
    rc_buf_init(&data);
    rc_buf_puts(&reg, "region,zone\n");
    rc_buf_puts(&adj, "a,b\n");
    rc_buf_puts(&data, "region,year,indicator,value\n");
    for (size_t r = 0; r < n; r++) {
        rc_buf_printf(&reg, "r%zu,z%zu\n", r, r);
        rc_buf_printf(&adj, "r%zu,r%zu\n", r, (r + 1) % n);
        rc_buf_printf(&data, "r%zu,1,s,1\n", r);
    }
    ck_assert(!reg.failed && !adj.failed && !data.failed);
    write_file("regions.csv", reg.data, reg.len);
    write_file("adjacency.csv", adj.data, adj.len);
    write_file("data.csv", data.data, data.len);
    const char *yaml = "regions: {file: regions.csv, groups: zone, adjacency: adjacency.csv}\n"
                       "data: [{file: data.csv}]\ndimensions: {d: {}}\n";
    rc_config *cfg = NULL;
    rc_panel *p = NULL;
    rc_error err = {0};
    ck_assert_msg(rc_config_load_string(yaml, "g.yaml", tmpdir, &cfg, &err) == 0, "%s", err.msg);
    ck_assert_msg(rc_panel_load(cfg, &p, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p->n_groupings, 1);
    ck_assert_uint_eq(p->groupings[0].n_labels, n);
    /* labels are sorted as text: region r0's label z0 comes first */
    ck_assert_uint_eq(p->groupings[0].of_region[0], 0);
    /* a ring: every region has two neighbours, each weighted 1/2 */
    ck_assert_uint_eq(p->spatial->off[1] - p->spatial->off[0], 2);
    ck_assert_double_eq(p->spatial->w[0], 0.5);
    rc_panel_free(p);
    rc_config_free(cfg);
    rc_buf_free(&reg);
    rc_buf_free(&adj);
    rc_buf_free(&data);
    remove_tmpdir();
}
END_TEST


START_TEST(data_years_from_1_to_9999_load_0_and_10000_are_refused)
{
    make_tmpdir();
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, "region,year,indicator,value\nA,1,s,1\nA,9999,s,2\n");
    rc_panel *p = NULL;
    rc_error err = {0};
    ck_assert_msg(load_long(&b, NULL, &p, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(p->n_years, 2);
    ck_assert_int_eq(p->years[0], 1);
    ck_assert_int_eq(p->years[1], 9999);
    rc_panel_free(p);
    rc_buf_free(&b);
    const char *bad[] = {"0", "10000", "-2147483648", "2147483647"};
    for (size_t i = 0; i < 4; i++) {
        rc_buf_init(&b);
        rc_buf_printf(&b, "region,year,indicator,value\nA,2016,s,1\nA, %s ,s,2\n", bad[i]);
        ck_assert_int_eq(load_long(&b, NULL, &p, &err), -1);
        ck_assert_int_eq(err.kind, RC_ERRK_DATA);
        char want[128];
        snprintf(want, sizeof want, "data.csv:3: year %s is outside 1..9999", bad[i]);
        ck_assert_str_eq(err.msg, want);
        rc_buf_free(&b);
    }
    remove_tmpdir();
}
END_TEST


/* ---- special files: nothing hangs on a FIFO or reads forever from a device ------------- */

START_TEST(csv_path_naming_a_fifo_directory_or_device_is_refused_without_blocking)
{
    make_tmpdir();
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/pipe.csv", tmpdir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    const char *paths[] = {fifo, tmpdir, "/dev/zero"};
    for (size_t i = 0; i < 3; i++) {
        rc_csv *csv = NULL;
        rc_error err = {0};
        ck_assert_int_ne(rc_csv_read(paths[i], &csv, &err), 0);
        ck_assert_int_eq(err.kind, RC_ERRK_DATA);
        char want[600];
        snprintf(want, sizeof want, "%s: not a regular file (", paths[i]);
        ck_assert_msg(strncmp(err.msg, want, strlen(want)) == 0, "message: %s", err.msg);
    }
    remove_tmpdir();
}
END_TEST

START_TEST(config_path_naming_a_fifo_or_device_does_not_hang)
{
    make_tmpdir();
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/pipe.yaml", tmpdir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    rc_error err = {0};
    /* a FIFO nobody writes to reads as an empty document: an empty mapping */
    struct rc_node *root = rc_yaml_load_file(fifo, &err);
    ck_assert_msg(root != NULL, "%s", err.msg);
    ck_assert_int_eq(root->kind, RC_NODE_MAP);
    ck_assert_uint_eq(root->n, 0);
    rc_node_free(root);
    /* an endless device stops at the size limit */
    ck_assert_ptr_null(rc_yaml_load_file("/dev/zero", &err));
    ck_assert_str_eq(err.msg, "/dev/zero: the config is larger than 1 MiB");
    remove_tmpdir();
}
END_TEST

static Suite *limits_suite(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("limits");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, yaml_nesting_64_levels_loads_65_is_refused);
    tcase_add_test(tc, yaml_mapping_of_4096_entries_loads_4097_is_refused);
    tcase_add_test(tc, config_of_1_mib_loads_one_byte_more_is_refused);
    tcase_add_test(tc, alias_bomb_is_refused_at_the_first_anchor_without_expanding);
    tcase_add_test(tc, dimension_of_4096_indicators_loads_4097_is_refused);
    tcase_add_test(tc, formula_of_4096_characters_compiles_4097_is_refused);
    tcase_add_test(tc, formula_nested_64_levels_compiles_65_is_refused);
    tcase_add_test(tc, csv_field_of_1_mib_reads_one_byte_more_is_refused);
    tcase_add_test(tc, csv_of_10000_columns_reads_10001_is_refused);
    tcase_add_test(tc, csv_file_over_1_gib_is_refused_before_reading);
    tcase_add_test(tc, panel_of_50000_regions_loads_50001_is_refused);
    tcase_add_test(tc, panel_of_1000_years_loads_1001_is_refused);
    tcase_add_test(tc, panel_of_10000_series_loads_10001_is_refused);
    tcase_add_test(tc, panel_of_2_pow_25_values_loads_one_region_more_is_refused);
    tcase_add_test(tc, data_years_from_1_to_9999_load_0_and_10000_are_refused);
    tcase_add_test(tc, groupings_and_adjacency_of_50000_regions_load_with_every_label_and_neighbour);
    suite_add_tcase(s, tc);
    TCase *sp = tcase_create("special files");
    tcase_set_timeout(sp, 10);
    tcase_add_test(sp, csv_path_naming_a_fifo_directory_or_device_is_refused_without_blocking);
    tcase_add_test(sp, config_path_naming_a_fifo_or_device_does_not_hang);
    suite_add_tcase(s, sp);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(limits_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
