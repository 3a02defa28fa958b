/* trend_count.c — a test analysis plugin that needs another plugin's table: it reads
 * `index_trend` (made by the example plugin) and counts its regions by direction into
 * `trend_count`, so it must run after index_trend whatever the config order. With
 * TC_BAD_TABLE it tries to add a table it did not declare (the host must refuse). */
#include <string.h>

#include "regcoord/plugin.h"

static const char *const k_needs[] = {"index_trend", NULL};
static const char *const k_provides[] = {"trend_count", NULL};

static int32_t tc_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
#ifdef TC_BAD_TABLE
    static const char *const bc[] = {"x"};
    static const int32_t bt[] = {RC_COL_INT};
    if (!host->table_add(ctx, "undeclared", 1, bc, bt)) return RC_EINVAL;
#endif
    const rc_table *in = host->table_by_name(ctx, "index_trend");
    if (!in) return rc_errorf(host, ctx, RC_ENOTFOUND, "no index_trend table to count");
    int64_t cd = host->col_index(ctx, in, "direction");
    if (cd < 0) return rc_errorf(host, ctx, RC_EDATA, "index_trend has no direction column");
    static const char *const dirs[] = {"rising", "falling", "flat"};
    int64_t count[3] = {0, 0, 0};
    for (size_t r = 0; r < host->table_nrows(ctx, in); r++) {
        const char *d = host->cell_str(ctx, in, r, (size_t)cd);
        for (size_t k = 0; d && k < 3; k++)
            if (strcmp(d, dirs[k]) == 0) count[k]++;
    }
    static const char *const cols[] = {"direction", "regions"};
    static const int32_t types[] = {RC_COL_STRING, RC_COL_INT};
    rc_table *t = host->table_add(ctx, "trend_count", 2, cols, types);
    if (!t) return RC_EFAIL;
    for (size_t k = 0; k < 3; k++) {
        int64_t row = host->table_add_row(ctx, t);
        if (row < 0) return RC_ENOMEM;
        int32_t rc = host->table_set_str(ctx, t, (size_t)row, 0, dirs[k]);
        if (rc == RC_OK) rc = host->table_set_int(ctx, t, (size_t)row, 1, count[k]);
        if (rc != RC_OK) return rc;
    }
    return RC_OK;
}

static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
#ifdef TC_BAD_TABLE
    .name = "bad_table",
#else
    .name = "trend_count",
#endif
    .version = "1.0.0",
    .summary = "Counts index_trend's regions by direction (test plugin)",
    .analyse = tc_analyse,
    .needs = k_needs,
    .provides = k_provides,
};

RC_PLUGIN_DEFINE(k_descriptor);
