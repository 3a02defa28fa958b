/* plugins/reporters/markdown/markdown.c — the markdown reporter: an annual report for one
 * year read from the standard tables by name (docs/tables.md): a summary, the index
 * ranking with changes, the dimension scores, a section per analysis table that is
 * present, and the manifest; headings and labels in English or Chinese. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "md_audit.h"
#include "regcoord/plugin.h"

#include "../common/movers.h"
#include "../common/names.h"
#include "../common/report_util.h"
#include "../common/words.h"

#define MD_MAX_ROWS 400 /* rows shown per analysis table (obstacles: every region) */

static const rc_config_key md_keys[] = {
    {"language", RC_CFG_STRING, 0, NULL,
     "Language of headings and labels, en or zh; the assessment's `language` when absent."},
    {"year", RC_CFG_INT, 0, NULL,
     "The year the report is about; the latest year of the index when absent."},
    {"decimals", RC_CFG_INT, 0, "3", "Decimals shown for index values and scores (0 to 10)."},
    {"movers", RC_CFG_INT, 0, "10",
     "Regions explained in \"who moved and why\" (largest index changes first); 0 = all."},
};

typedef struct md_labels {
    const char *title, *summary, *ranking, *rank, *region, *index, *change, *rank_change,
        *dimensions, *dimensions_note, *provenance, *key, *value;
    const char *year_line, *panel_line, *top_line, *climber_line, *no_index, *truncated;
    const char *partial_line, *partial_note; /* coverage (docs/coverage.md) */
} md_labels;

static const md_labels LABELS_EN = {
    "Regional assessment", "Summary", "Index ranking", "Rank", "Region", "Index", "Change",
    "Rank change", "Dimension scores", "Each cell: score (rank).", "Methods and provenance",
    "Key", "Value",
    "Report year: %d.", "Panel: %s regions, %s.", "Highest index: **%s** (%s).",
    "Largest rise in rank: **%s** (%s).", "The results hold no index table.",
    "First %zu of %zu rows; the full table is `%s` in the csv, json, xlsx and sqlite reports.",
    "Partial scores (built from fewer than all their indicators): %s; the coverage table "
    "lists each with the share of weight present.",
    "\\* partial: built from fewer than all its indicators; the `coverage` table gives the "
    "indicators present and the share of the weight they carry.",
};

static const md_labels LABELS_ZH = {
    "区域评价报告", "概要", "综合指数排名", "排名", "地区", "综合指数", "变化", "排名变化",
    "分维度得分", "单元格为：得分（排名）。", "方法与来源", "项目", "取值",
    "评价年份：%d。", "面板：%s 个地区，%s。", "综合指数最高：**%s**（%s）。",
    "排名上升最多：**%s**（%s）。", "结果中没有综合指数表。",
    "仅列出前 %zu 行，共 %zu 行；完整数据见 csv、json、xlsx 和 sqlite 报告中的 `%s` 表。",
    "部分得分（未使用全部指标）：%s；coverage 表列出每项所用指标及其权重占比。",
    "\\* 部分得分：未使用全部指标；所用指标及其权重占比见 `coverage` 表。",
};

/* Analysis sections, in report order: table name, English and Chinese heading. */
static const struct {
    const char *table, *en, *zh;
} SECTIONS[] = {
    {"coupling", "Coupling coordination", "耦合协调度"},
    {"disparity", "Regional disparity", "区域差异"},
    {"convergence", "Convergence", "收敛性"},
    {"spatial", "Spatial autocorrelation", "空间自相关"},
    {"lisa", "Local spatial clusters (LISA)", "局部空间集聚（LISA）"},
    {"obstacles_top", "Obstacle factors (largest per region)", "主要障碍因子"},
    {"uncertainty", "Rank robustness: rank intervals under uncertainty", "排名稳健性：不确定性下的排名区间"},
    {"sensitivity", "Sensitivity of the ranks to each choice", "各方法选择的敏感性"},
};

/* ------------------------------------------------------------------ text */

/* Text from the data, made inert: Markdown and HTML punctuation is backslash-escaped
 * (so `<script>` shows as text and `|` cannot break a table), line breaks become spaces. */
static void put_text(rr_buf *b, const char *s)
{
    if (!s) return;
    for (const char *p = s; *p; p++) {
        if (*p == '\n' || *p == '\r') {
            rr_put(b, " ", 1);
            continue;
        }
        if (strchr("\\`*_[]<>#|&~", *p)) rr_put(b, "\\", 1);
        rr_put(b, p, 1);
    }
}

/* ------------------------------------------------------------------ the report */

typedef struct md_report {
    const rc_host *h;
    rc_ctx *ctx;
    const md_labels *L;
    const rr_names *names; /* region names and labels by id */
    int zh;
    int decimals;
    int movers;
    int32_t year;
    rr_buf out;
} md_report;

static void fmt_value(const md_report *R, double v, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "—");
    else
        snprintf(buf, size, "%.*f", R->decimals, v == 0 ? 0.0 : v);
}

static void fmt_signed(const md_report *R, double v, int decimals, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "—");
    else if (v == 0)
        snprintf(buf, size, "%.*f", decimals, 0.0);
    else
        snprintf(buf, size, "%+.*f", decimals, v);
}

/* Column c of t if it exists with the given type, else -1. */
static int64_t col_of(const md_report *R, const rc_table *t, const char *name, int32_t type)
{
    int64_t c = R->h->col_index(R->ctx, t, name);
    if (c < 0 || R->h->col_type(R->ctx, t, (size_t)c) != type) return -1;
    return c;
}

/* Rows of the `index` table for the report year, ordered by rank (unranked last), then
 * by region id. */
typedef struct rank_row {
    size_t row;
    int64_t rank;
    const char *region;
} rank_row;

static int cmp_rank_row(const void *a, const void *b)
{
    const rank_row *x = a, *y = b;
    int64_t rx = x->rank > 0 ? x->rank : INT64_MAX, ry = y->rank > 0 ? y->rank : INT64_MAX;
    if (rx != ry) return rx < ry ? -1 : 1;
    return strcmp(x->region ? x->region : "", y->region ? y->region : "");
}

typedef struct index_cols {
    int64_t region, year, index, rank, change, rank_change;
} index_cols;

static int index_columns(const md_report *R, const rc_table *t, index_cols *c)
{
    c->region = col_of(R, t, "region", RC_COL_STRING);
    c->year = col_of(R, t, "year", RC_COL_INT);
    c->index = col_of(R, t, "index", RC_COL_NUMBER);
    c->rank = col_of(R, t, "rank", RC_COL_INT);
    c->change = col_of(R, t, "change", RC_COL_NUMBER);
    c->rank_change = col_of(R, t, "rank_change", RC_COL_NUMBER);
    return c->region >= 0 && c->year >= 0 && c->index >= 0 && c->rank >= 0 ? 0 : -1;
}

/* The latest year in an integer `year` column, or 0. */
static int32_t latest_year(const md_report *R, const rc_table *t)
{
    int64_t yc = t ? col_of(R, t, "year", RC_COL_INT) : -1;
    int64_t best = 0;
    if (yc < 0) return 0;
    for (size_t r = 0, n = R->h->table_nrows(R->ctx, t); r < n; r++) {
        int64_t y = R->h->cell_int(R->ctx, t, r, (size_t)yc);
        if (r == 0 || y > best) best = y;
    }
    return (int32_t)best;
}

static const char *manifest_value(const md_report *R, const char *key)
{
    const rc_table *t = R->h->table_by_name(R->ctx, "manifest");
    if (!t) return NULL;
    int64_t kc = col_of(R, t, "key", RC_COL_STRING), vc = col_of(R, t, "value", RC_COL_STRING);
    if (kc < 0 || vc < 0) return NULL;
    for (size_t r = 0, n = R->h->table_nrows(R->ctx, t); r < n; r++) {
        const char *k = R->h->cell_str(R->ctx, t, r, (size_t)kc);
        if (k && strcmp(k, key) == 0) return R->h->cell_str(R->ctx, t, r, (size_t)vc);
    }
    return NULL;
}

/* The ranked rows of the report year (caller frees), *n their count; NULL when none. */
static rank_row *ranked_rows(md_report *R, const rc_table *t, const index_cols *c, size_t *n)
{
    size_t nrows = R->h->table_nrows(R->ctx, t), k = 0;
    rank_row *rows = malloc((nrows ? nrows : 1) * sizeof *rows);
    *n = 0;
    if (!rows) {
        R->out.failed = 1;
        return NULL;
    }
    for (size_t r = 0; r < nrows; r++) {
        if (R->h->cell_int(R->ctx, t, r, (size_t)c->year) != R->year) continue;
        rows[k].row = r;
        rows[k].rank = R->h->cell_int(R->ctx, t, r, (size_t)c->rank);
        rows[k].region = R->h->cell_str(R->ctx, t, r, (size_t)c->region);
        k++;
    }
    qsort(rows, k, sizeof *rows, cmp_rank_row);
    *n = k;
    return rows;
}

/* 1 when the region's index is partial (the `partial` column) in the report year or the
 * latest year before it, so that no headline rests on a partial score. */
static int partial_now_or_before(const md_report *R, const rc_table *ix, const char *region)
{
    int64_t pc = col_of(R, ix, "partial", RC_COL_INT), rc = col_of(R, ix, "region", RC_COL_STRING),
            yc = col_of(R, ix, "year", RC_COL_INT);
    if (pc < 0 || rc < 0 || yc < 0 || !region) return 0;
    int64_t prev = 0;
    int now = 0, before = 0;
    for (size_t r = 0, n = R->h->table_nrows(R->ctx, ix); r < n; r++) {
        const char *id = R->h->cell_str(R->ctx, ix, r, (size_t)rc);
        int64_t y = R->h->cell_int(R->ctx, ix, r, (size_t)yc);
        if (!id || strcmp(id, region) != 0 || y > R->year) continue;
        int p = R->h->cell_int(R->ctx, ix, r, (size_t)pc) != 0;
        if (y == R->year) now = p;
        else if (y > prev) {
            prev = y;
            before = p;
        }
    }
    return now || before;
}

static void write_summary(md_report *R, const rc_table *ix, const index_cols *c,
                          const rank_row *rows, size_t n)
{
    const rc_host *h = R->h;
    char v[64];
    rr_printf(&R->out, "## %s\n\n", R->L->summary);
    rr_printf(&R->out, "- ");
    rr_printf(&R->out, R->L->year_line, (int)R->year);
    const char *ry = manifest_value(R, "report_year"), *why = manifest_value(R, "report_year_reason");
    if (ry && why && *why && atoi(ry) == R->year) {
        char said[1024];
        rr_manifest_value(R->zh, "report_year_reason", why, said, sizeof said);
        rr_puts(&R->out, R->zh ? "（" : " (");
        put_text(&R->out, said);
        rr_puts(&R->out, R->zh ? "）" : ")");
    }
    rr_puts(&R->out, "\n");
    const char *regions = manifest_value(R, "regions"), *years = manifest_value(R, "years");
    int y0 = 0, y1 = 0;
    unsigned long ny = 0;
    if (regions && years && sscanf(years, "%d-%d (%lu", &y0, &y1, &ny) == 3) {
        char line[512], span[128];
        rr_years_text(R->zh, y0, y1, ny, span, sizeof span);
        snprintf(line, sizeof line, R->L->panel_line, regions, span);
        rr_puts(&R->out, "- ");
        put_text(&R->out, line);
        rr_puts(&R->out, "\n");
    }
    const char *parts = manifest_value(R, "partial_scores");
    if (parts && strncmp(parts, "0 index values, 0 dimension scores, 0 component", 47) != 0) {
        char line[1024], said[512];
        rr_manifest_value(R->zh, "partial_scores", parts, said, sizeof said);
        snprintf(line, sizeof line, R->L->partial_line, said);
        rr_puts(&R->out, "- ");
        put_text(&R->out, line);
        rr_puts(&R->out, "\n");
    }
    if (!ix) {
        rr_printf(&R->out, "- %s\n\n", R->L->no_index);
        return;
    }
    if (n > 0 && rows[0].rank > 0) {
        rr_buf name = {0};
        put_text(&name, rr_region_name(R->names, rows[0].region));
        fmt_value(R, h->cell_num(R->ctx, ix, rows[0].row, (size_t)c->index), v, sizeof v);
        rr_puts(&R->out, "- ");
        rr_printf(&R->out, R->L->top_line, name.data ? name.data : "", v);
        rr_puts(&R->out, "\n");
        free(name.data);
    }
    if (c->rank_change >= 0) {
        size_t best = n;
        double best_up = 0;
        for (size_t i = 0; i < n; i++) {
            double up = h->cell_num(R->ctx, ix, rows[i].row, (size_t)c->rank_change);
            if (!isnan(up) && up > best_up && !partial_now_or_before(R, ix, rows[i].region)) {
                best_up = up;
                best = i;
            }
        }
        if (best < n) {
            rr_buf name = {0};
            put_text(&name, rr_region_name(R->names, rows[best].region));
            fmt_signed(R, best_up, 0, v, sizeof v);
            rr_puts(&R->out, "- ");
            rr_printf(&R->out, R->L->climber_line, name.data ? name.data : "", v);
            rr_puts(&R->out, "\n");
            free(name.data);
        }
    }
    rr_puts(&R->out, "\n");
}

static void write_ranking(md_report *R, const rc_table *ix, const index_cols *c,
                          const rank_row *rows, size_t n)
{
    const rc_host *h = R->h;
    const md_labels *L = R->L;
    char v[64], d[64], rc[64];
    int64_t pc = col_of(R, ix, "partial", RC_COL_INT);
    int any_partial = 0;
    rr_printf(&R->out, "## %s\n\n", L->ranking);
    rr_printf(&R->out, "| %s | %s | %s | %s | %s |\n|---:|---|---:|---:|---:|\n", L->rank,
            L->region, L->index, L->change, L->rank_change);
    for (size_t i = 0; i < n; i++) {
        size_t r = rows[i].row;
        fmt_value(R, h->cell_num(R->ctx, ix, r, (size_t)c->index), v, sizeof v);
        fmt_signed(R, c->change >= 0 ? h->cell_num(R->ctx, ix, r, (size_t)c->change) : NAN,
                   R->decimals, d, sizeof d);
        fmt_signed(R,
                   c->rank_change >= 0 ? h->cell_num(R->ctx, ix, r, (size_t)c->rank_change)
                                       : NAN,
                   0, rc, sizeof rc);
        if (rows[i].rank > 0)
            rr_printf(&R->out, "| %lld | ", (long long)rows[i].rank);
        else
            rr_puts(&R->out, "| — | ");
        put_text(&R->out, rr_region_name(R->names, rows[i].region));
        int part = pc >= 0 && h->cell_int(R->ctx, ix, r, (size_t)pc) != 0;
        any_partial |= part;
        rr_printf(&R->out, " | %s%s | %s | %s |\n", v, part ? " \\*" : "", d, rc);
    }
    rr_puts(&R->out, "\n");
    if (any_partial) rr_printf(&R->out, "%s\n\n", L->partial_note);
}

/* Regions (rows) × dimensions (columns) of the `scores` table for the report year. Region
 * order follows the index ranking when there is one, else first appearance. */
static void write_dimensions(md_report *R, const rank_row *order, size_t n_order)
{
    const rc_host *h = R->h;
    const rc_table *t = h->table_by_name(R->ctx, "scores");
    if (!t) return;
    int64_t rc_ = col_of(R, t, "region", RC_COL_STRING), yc = col_of(R, t, "year", RC_COL_INT),
            dc = col_of(R, t, "dimension", RC_COL_STRING),
            sc = col_of(R, t, "score", RC_COL_NUMBER), kc = col_of(R, t, "rank", RC_COL_INT);
    if (rc_ < 0 || yc < 0 || dc < 0 || sc < 0) return;
    size_t nrows = h->table_nrows(R->ctx, t);
    /* rows of the year; dimension and region lists in first-appearance order */
    size_t *sel = malloc((nrows ? nrows : 1) * sizeof *sel);
    const char **dims = malloc((nrows ? nrows : 1) * sizeof *dims);
    const char **regs = malloc((nrows + n_order + 1) * sizeof *regs);
    size_t ns = 0, nd = 0, nr = 0;
    if (!sel || !dims || !regs) {
        R->out.failed = 1;
        goto done;
    }
    for (size_t i = 0; i < n_order; i++) regs[nr++] = order[i].region;
    for (size_t r = 0; r < nrows; r++) {
        if (h->cell_int(R->ctx, t, r, (size_t)yc) != R->year) continue;
        sel[ns++] = r;
        const char *dim = h->cell_str(R->ctx, t, r, (size_t)dc);
        const char *reg = h->cell_str(R->ctx, t, r, (size_t)rc_);
        size_t k = 0;
        while (k < nd && strcmp(dims[k], dim ? dim : "") != 0) k++;
        if (k == nd) dims[nd++] = dim ? dim : "";
        k = 0;
        while (k < nr && strcmp(regs[k] ? regs[k] : "", reg ? reg : "") != 0) k++;
        if (k == nr) regs[nr++] = reg;
    }
    if (ns == 0) goto done;
    rr_printf(&R->out, "## %s\n\n%s\n\n| %s |", R->L->dimensions, R->L->dimensions_note,
            R->L->region);
    for (size_t k = 0; k < nd; k++) {
        rr_puts(&R->out, " ");
        put_text(&R->out, rr_label(R->names, "dimension", dims[k]));
        rr_puts(&R->out, " |");
    }
    rr_puts(&R->out, "\n|---|");
    for (size_t k = 0; k < nd; k++) rr_puts(&R->out, "---:|");
    rr_puts(&R->out, "\n");
    for (size_t g = 0; g < nr; g++) {
        rr_puts(&R->out, "| ");
        put_text(&R->out, rr_region_name(R->names, regs[g]));
        rr_puts(&R->out, " |");
        for (size_t k = 0; k < nd; k++) {
            char v[64] = "—";
            for (size_t i = 0; i < ns; i++) {
                size_t r = sel[i];
                const char *reg = h->cell_str(R->ctx, t, r, (size_t)rc_);
                const char *dim = h->cell_str(R->ctx, t, r, (size_t)dc);
                if (strcmp(reg ? reg : "", regs[g] ? regs[g] : "") != 0 ||
                    strcmp(dim ? dim : "", dims[k]) != 0)
                    continue;
                fmt_value(R, h->cell_num(R->ctx, t, r, (size_t)sc), v, sizeof v);
                int64_t rank = kc >= 0 ? h->cell_int(R->ctx, t, r, (size_t)kc) : 0;
                if (rank > 0) {
                    size_t len = strlen(v);
                    snprintf(v + len, sizeof v - len, " (%lld)", (long long)rank);
                }
                break;
            }
            rr_printf(&R->out, " %s |", v);
        }
        rr_puts(&R->out, "\n");
    }
    rr_puts(&R->out, "\n");
done:
    free(sel);
    free(dims);
    free(regs);
}

/* Whether a column is shown in a document: `name`/`label` columns are not (the id
 * columns show them), nor the level name of the other language. */
static int shown_column(const md_report *R, const char *col)
{
    if (strcmp(col, "name") == 0 || strcmp(col, "label") == 0) return 0;
    return strcmp(col, R->zh ? "level_en" : "level_zh") != 0;
}

/* A column header in the report language: the translation table's word, "U label" for a
 * coupling subsystem column, else the column name. */
static void put_header(md_report *R, const char *col)
{
    if (strcmp(col, "level_zh") == 0 || strcmp(col, "level_en") == 0) {
        put_text(&R->out, R->zh ? "等级名称" : "Level name");
    } else if (strncmp(col, "U_", 2) == 0 && col[2]) {
        rr_puts(&R->out, "U ");
        put_text(&R->out, rr_label(R->names, "dimension", col + 2));
    } else {
        put_text(&R->out, rr_word_or_key(R->zh, col));
    }
}

/* A text cell in the report language: a region id shows its name, a dimension, component
 * or indicator id its label, a known word (measure, quadrant, note) its translation. */
static void put_cell_text(md_report *R, const char *col, const char *v)
{
    if (!v) return;
    if (strcmp(col, "region") == 0) v = rr_region_name(R->names, v);
    else if (strcmp(col, "dimension") == 0 || strcmp(col, "lagging") == 0) v = rr_label(R->names, "dimension", v);
    else if (strcmp(col, "indicator") == 0) v = rr_label(R->names, "indicator", v);
    else if (strcmp(col, "component") == 0) v = rr_label(R->names, "component", v);
    else if (strcmp(col, "E_pair") == 0 && strchr(v, '/')) {
        const char *slash = strchr(v, '/');
        char first[256];
        snprintf(first, sizeof first, "%.*s", (int)(slash - v), v);
        put_text(&R->out, rr_label(R->names, "dimension", first));
        rr_puts(&R->out, "—");
        put_text(&R->out, rr_label(R->names, "dimension", slash + 1));
        return;
    } else if (*v) v = rr_word_or_key(R->zh, v);
    put_text(&R->out, v);
}

/* Any table as a Markdown table in the report language: the report year's rows when it
 * has an integer `year` column (all rows when that year has none), at most MD_MAX_ROWS
 * of them, and where the full table is when cut. */
static void write_generic(md_report *R, const rc_table *t, const char *heading)
{
    const rc_host *h = R->h;
    size_t ncols = h->table_ncols(R->ctx, t), nrows = h->table_nrows(R->ctx, t);
    int64_t yc = col_of(R, t, "year", RC_COL_INT);
    int by_year = 0;
    if (yc >= 0)
        for (size_t r = 0; r < nrows && !by_year; r++)
            by_year = h->cell_int(R->ctx, t, r, (size_t)yc) == R->year;
    rr_printf(&R->out, "## %s\n\n", heading);
    if (ncols == 0) return;
    rr_puts(&R->out, "|");
    for (size_t c = 0; c < ncols; c++) {
        const char *col = h->col_name(R->ctx, t, c);
        if (!shown_column(R, col)) continue;
        rr_puts(&R->out, " ");
        put_header(R, col);
        rr_puts(&R->out, " |");
    }
    rr_puts(&R->out, "\n|");
    for (size_t c = 0; c < ncols; c++)
        if (shown_column(R, h->col_name(R->ctx, t, c)))
            rr_puts(&R->out, h->col_type(R->ctx, t, c) == RC_COL_STRING ? "---|" : "---:|");
    rr_puts(&R->out, "\n");
    size_t shown = 0, total = 0;
    for (size_t r = 0; r < nrows; r++) {
        if (by_year && h->cell_int(R->ctx, t, r, (size_t)yc) != R->year) continue;
        total++;
        if (shown == MD_MAX_ROWS) continue;
        shown++;
        rr_puts(&R->out, "|");
        for (size_t c = 0; c < ncols; c++) {
            const char *col = h->col_name(R->ctx, t, c);
            if (!shown_column(R, col)) continue;
            rr_puts(&R->out, " ");
            int32_t type = h->col_type(R->ctx, t, c);
            if (type == RC_COL_NUMBER) {
                double v = h->cell_num(R->ctx, t, r, c);
                if (isnan(v))
                    rr_puts(&R->out, "—");
                else
                    rr_printf(&R->out, "%.4g", v == 0 ? 0.0 : v);
            } else if (type == RC_COL_INT) {
                rr_printf(&R->out, "%lld", (long long)h->cell_int(R->ctx, t, r, c));
            } else {
                put_cell_text(R, col, h->cell_str(R->ctx, t, r, c));
            }
            rr_puts(&R->out, " |");
        }
        rr_puts(&R->out, "\n");
    }
    if (shown < total) {
        rr_puts(&R->out, "\n");
        rr_printf(&R->out, R->L->truncated, shown, total, h->table_name(R->ctx, t));
        rr_puts(&R->out, "\n");
    }
    rr_puts(&R->out, "\n");
}

/* Who moved and why: a sentence per region, the largest index changes first, and a table
 * of the dimensions' contributions; where the rest is when cut. */
static int32_t write_movers(md_report *R)
{
    rr_mover *mv = NULL;
    size_t n = 0;
    if (rr_movers(R->h, R->ctx, R->year, &mv, &n) != RC_OK) return RC_ENOMEM;
    if (n == 0) return RC_OK;
    size_t shown = R->movers > 0 && (size_t)R->movers < n ? (size_t)R->movers : n;
    rr_printf(&R->out, "## %s\n\n%s\n\n", R->zh ? "变动归因" : "Who moved and why",
              R->zh ? "综合指数较上年的变化，精确分解为各维度的贡献，以及各维度中贡献最大的指标。"
                    : "The change of the index from the previous year, split exactly into the "
                      "dimensions' contributions and, in each, the indicator contributing most.");
    for (size_t i = 0; i < shown; i++) {
        rr_buf line = {0};
        rr_mover_sentence(&mv[i], R->names, R->zh, R->decimals > 1 ? 1 : R->decimals, 2, &line);
        rr_puts(&R->out, "- ");
        put_text(&R->out, line.data ? line.data : "");
        rr_puts(&R->out, "\n");
        if (line.failed) R->out.failed = 1;
        free(line.data);
    }
    rr_puts(&R->out, "\n");
    if (shown < n)
        rr_printf(&R->out, R->zh ? "列出变化最大的 %zu 个地区（共 %zu 个）；全部地区见 `attribution` 表。\n\n"
                                 : "The %zu largest changes of %zu regions; the `attribution` table holds every region.\n\n",
                  shown, n);
    free(mv);
    return RC_OK;
}

static void write_provenance(md_report *R)
{
    const rc_host *h = R->h;
    const rc_table *t = h->table_by_name(R->ctx, "manifest");
    if (!t) return;
    int64_t kc = col_of(R, t, "key", RC_COL_STRING), vc = col_of(R, t, "value", RC_COL_STRING);
    if (kc < 0 || vc < 0) return;
    rr_printf(&R->out, "## %s\n\n| %s | %s |\n|---|---|\n", R->L->provenance, R->L->key,
            R->L->value);
    for (size_t r = 0, n = h->table_nrows(R->ctx, t); r < n; r++) {
        const char *key = h->cell_str(R->ctx, t, r, (size_t)kc);
        char text[1024];
        rr_puts(&R->out, "| ");
        rr_manifest_key(R->zh, key, text, sizeof text);
        put_text(&R->out, text);
        rr_puts(&R->out, " | ");
        rr_manifest_value(R->zh, key, h->cell_str(R->ctx, t, r, (size_t)vc), text, sizeof text);
        put_text(&R->out, text);
        rr_puts(&R->out, " |\n");
    }
    rr_puts(&R->out, "\n");
}

static int32_t config_error(const rc_host *h, rc_ctx *ctx, const rc_node *node,
                            const char *what)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %s", h->node_where(ctx, node), what);
    h->set_error(ctx, msg);
    return RC_EINVAL;
}

static int32_t read_config(md_report *R)
{
    const rc_host *h = R->h;
    rc_ctx *ctx = R->ctx;
    const rc_node *cfg = h->config(ctx);
    const rc_node *lang = cfg ? h->node_get(ctx, cfg, "language") : NULL;
    const char *language = lang ? h->node_str(ctx, lang) : h->language(ctx);
    if (!language || (strcmp(language, "en") != 0 && strcmp(language, "zh") != 0)) {
        if (lang) return config_error(h, ctx, lang, "'language' must be en or zh");
        language = "en";
    }
    R->zh = strcmp(language, "zh") == 0;
    R->L = R->zh ? &LABELS_ZH : &LABELS_EN;

    const rc_node *dec = cfg ? h->node_get(ctx, cfg, "decimals") : NULL;
    int64_t d = 3;
    if (dec && (h->node_int(ctx, dec, &d) != RC_OK || d < 0 || d > 10))
        return config_error(h, ctx, dec, "'decimals' must be a whole number from 0 to 10");
    R->decimals = (int)d;

    const rc_node *mvn = cfg ? h->node_get(ctx, cfg, "movers") : NULL;
    int64_t mv = 10;
    if (mvn && (h->node_int(ctx, mvn, &mv) != RC_OK || mv < 0 || mv > 100000))
        return config_error(h, ctx, mvn, "'movers' must be a whole number from 0 to 100000");
    R->movers = (int)mv;

    const rc_node *yr = cfg ? h->node_get(ctx, cfg, "year") : NULL;
    int64_t y = 0;
    if (yr && (h->node_int(ctx, yr, &y) != RC_OK || y < 1 || y > 9999))
        return config_error(h, ctx, yr, "'year' must be a year such as 2023");
    R->year = (int32_t)y;
    return RC_OK;
}

static int32_t md_report_cb(void *state, const rc_host *h, rc_ctx *ctx)
{
    int32_t host_rc = rr_check_host(h, ctx, "markdown");
    if (host_rc != RC_OK) return host_rc;
    md_report R;
    memset(&R, 0, sizeof R);
    R.h = h;
    R.ctx = ctx;
    int32_t rc = read_config(&R);
    if (rc != RC_OK) return rc;

    const rc_table *ix = h->table_by_name(ctx, "index");
    index_cols c = {-1, -1, -1, -1, -1, -1};
    if (ix && index_columns(&R, ix, &c) != 0) {
        h->set_error(ctx, "the 'index' table lacks the columns region, year, index and rank "
                          "(see docs/tables.md)");
        return RC_EDATA;
    }
    const char *ry = manifest_value(&R, "report_year");
    if (R.year == 0 && ry && atoi(ry) > 0)
        R.year = (int32_t)atoi(ry); /* the core's choice: latest year with an index for nearly all */
    if (R.year == 0) R.year = latest_year(&R, ix ? ix : h->table_by_name(ctx, "scores"));
    rr_names *names = rr_names_load(h, ctx);
    if (!names) {
        h->set_error(ctx, "out of memory while writing the Markdown report");
        return RC_ENOMEM;
    }
    R.names = names;

    const char *title = manifest_value(&R, "title");
    rr_puts(&R.out, "# ");
    put_text(&R.out, title && *title ? title : R.L->title);
    if (R.year) rr_printf(&R.out, " — %d", (int)R.year);
    rr_puts(&R.out, "\n\n");

    size_t n = 0;
    rank_row *rows = ix ? ranked_rows(&R, ix, &c, &n) : NULL;
    write_summary(&R, ix, &c, rows, n);
    if (ix) write_ranking(&R, ix, &c, rows, n);
    if (write_movers(&R) != RC_OK) R.out.failed = 1;
    write_dimensions(&R, rows, n);
    free(rows);
    for (size_t i = 0; i < sizeof SECTIONS / sizeof SECTIONS[0]; i++) {
        const rc_table *t = h->table_by_name(ctx, SECTIONS[i].table);
        /* without the top-k table, the full obstacle table stands in */
        if (!t && strcmp(SECTIONS[i].table, "obstacles_top") == 0) t = h->table_by_name(ctx, "obstacles");
        if (t) write_generic(&R, t, R.zh ? SECTIONS[i].zh : SECTIONS[i].en);
    }
    /* the audit analysis's tables in a section of their own (md_audit.c) */
    int audited = md_write_audit(h, ctx, &R.out, R.year, R.zh);
    /* a table no section knows (a new analysis, an analysis plugin's) under its own name */
    for (size_t i = 0, nt = h->n_tables(ctx); i < nt; i++) {
        const rc_table *t = h->table_at(ctx, i);
        const char *tn = h->table_name(ctx, t);
        if (!tn || rr_known_table(tn)) continue;
        if (audited && rr_audit_section_table(tn)) continue;
        rr_buf heading = {0}; /* a plugin's table name is text from outside: escaped */
        put_text(&heading, rr_word_or_key(R.zh, tn));
        write_generic(&R, t, heading.data ? heading.data : "");
        if (heading.failed) R.out.failed = 1;
        free(heading.data);
    }
    write_provenance(&R);
    rr_names_free(names);

    if (R.out.failed) {
        free(R.out.data);
        h->set_error(ctx, "out of memory while writing the Markdown report");
        return RC_ENOMEM;
    }
    rc_output *out = h->output_begin(ctx, h->output_path(ctx));
    if (!out) {
        rc = RC_EIO; /* the host has set the error */
    } else {
        rc = h->output_write(ctx, out, R.out.data, R.out.len);
        if (rc == RC_OK) rc = h->output_end(ctx, out);
    }
    free(R.out.data);
    return rc;
}

static const rc_plugin_descriptor md_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "markdown",
    .version = "1.0.0",
    .summary = "Writes an annual report in Markdown: ranking, dimension scores, analyses.",
    .config_keys = md_keys,
    .n_config_keys = sizeof md_keys / sizeof md_keys[0],
    .report = md_report_cb,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &md_descriptor;
}
