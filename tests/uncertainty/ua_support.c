/* tests/uncertainty/ua_support.c — the shared helpers of the uncertainty suites (ua_support.h). */
#include "ua_support.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"

char *ua_read_text(const char *path, size_t *lines)
{
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    if (lines) {
        *lines = 0;
        for (long i = 0; i < n; i++) *lines += s[i] == '\n';
    }
    return s;
}

rc_config *ua_config_with(const char *path, const char *block, size_t *base_lines, rc_error *err)
{
    char *base = ua_read_text(path, base_lines);
    size_t len = strlen(base) + strlen(block) + 1;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    snprintf(text, len, "%s%s", base, block);
    rc_config *cfg = NULL;
    int rc = rc_config_load_string(text, path, UA_CONFIGS, &cfg, err);
    free(base);
    free(text);
    return rc == 0 ? cfg : NULL;
}

int ua_run(const char *path, const char *block, FILE *log, rc_resultset **rs, rc_error *err)
{
    rc_config *cfg = ua_config_with(path, block, NULL, err);
    ck_assert_msg(cfg != NULL, "config: %s", err->msg);
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, err), 0);
    FILE *devnull = log ? NULL : fopen("/dev/null", "w");
    char tmpl[] = "/tmp/rc_uncertainty_XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    rc_run_opts o = {.out_dir = tmpl, .verbosity = 1, .log = log ? log : devnull};
    int rc = rc_run(cfg, reg, &o, rs, err);
    if (devnull) fclose(devnull);
    rmdir(tmpl);
    rc_registry_free(reg);
    rc_config_free(cfg);
    return rc;
}

double ua_num(const struct rc_table *t, size_t r, const char *col)
{
    long c = rc_table_col(t, col);
    ck_assert_int_ge(c, 0);
    return t->col_types[c] == RC_COL_INT ? (double)rc_table_int(t, r, (size_t)c)
                                         : rc_table_num(t, r, (size_t)c);
}

static int same_number(double a, double b)
{
    return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0;
}

void ua_assert_tables_identical(const struct rc_table *a, const struct rc_table *b)
{
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(a->nrows, b->nrows);
    ck_assert_uint_eq(a->ncols, b->ncols);
    for (size_t r = 0; r < a->nrows; r++) {
        for (size_t c = 0; c < a->ncols; c++) {
            switch (a->col_types[c]) {
            case RC_COL_STRING: ck_assert_str_eq(rc_table_str(a, r, c), rc_table_str(b, r, c)); break;
            case RC_COL_INT: ck_assert_int_eq(rc_table_int(a, r, c), rc_table_int(b, r, c)); break;
            default:
                ck_assert_msg(same_number(rc_table_num(a, r, c), rc_table_num(b, r, c)),
                              "%s row %zu col %zu: %.17g vs %.17g", a->name, r, c,
                              rc_table_num(a, r, c), rc_table_num(b, r, c));
            }
        }
    }
}

void ua_expect_config_error(const char *path, const char *block, long line_offset,
                            const char *col, const char *needle)
{
    rc_error err;
    size_t base_lines = 0;
    rc_config *cfg = ua_config_with(path, block, &base_lines, &err);
    ck_assert_msg(cfg != NULL, "config: %s", err.msg);
    ck_assert_int_ne(rc_analysis_validate(cfg, &err), 0);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    const char *base = strrchr(path, '/');
    char pos[512];
    snprintf(pos, sizeof pos, "%s:%ld:%s", base ? base + 1 : path, (long)base_lines + line_offset,
             col);
    ck_assert_msg(strstr(err.msg, pos) != NULL, "want %s in: %s", pos, err.msg);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "want '%s' in: %s", needle, err.msg);
    rc_config_free(cfg);
}
