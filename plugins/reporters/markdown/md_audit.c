/* plugins/reporters/markdown/md_audit.c — the "Audit" section of the Markdown report, from the
 * tables of the analysis plugin `audit` (docs/audit.md): flagged items first (indicator
 * flags, collinear/weak/negative correlations), the reliability table (alpha, KMO, PCA,
 * Bartlett) per group, effective importance against nominal weight, leave-one-out, and
 * each group's correlation matrix as a shaded table, in English or Chinese. Writes nothing
 * when the run has no audit tables. Host API and rr_buf only. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "md_audit.h"

static int64_t col(const rc_host *h, rc_ctx *ctx, const rc_table *t, const char *name)
{
    return h->col_index(ctx, t, name);
}

static const char *cs(const rc_host *h, rc_ctx *ctx, const rc_table *t, size_t r, int64_t c)
{
    const char *s = c >= 0 ? h->cell_str(ctx, t, r, (size_t)c) : NULL;
    return s ? s : "";
}

static void num(rr_buf *b, double v)
{
    if (isnan(v)) rr_puts(b, "—");
    else rr_printf(b, "%.3f", v == 0 ? 0.0 : v);
}

/* The section's words in one language. */
typedef struct au_words {
    const char *audit, *flagged, *flag_head, *corr_head, *none, *rel, *rel_head, *imp, *imp_head,
        *loo, *loo_head, *heat, *heat_legend;
} au_words;

static const au_words AU_EN = {
    "Audit", "Flagged items",
    "| indicator | values | flags | skewness | kurtosis | availability |\n|---|---|---|---:|---:|---:|\n",
    "| flag | kind | group | a | b | Pearson r |\n|---|---|---|---|---|---:|\n",
    "Nothing is flagged.", "Reliability and PCA (α, KMO, PCA, Bartlett)",
    "| group | items | α | standardised α | PC1 share | KMO | Bartlett χ² | df | p |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    "Effective importance against nominal weight",
    "| parent | child | nominal weight | importance share (η²) | | r² share |\n"
    "|---|---|---:|---:|---|---:|\n",
    "Leaving one out",
    "| dropped | level | mean shift | median | max | moves most | note |\n"
    "|---|---|---:|---:|---:|---|---|\n",
    "Correlations within each group (heat map)", "█ ≥ 0.9 ▓ ≥ 0.7 ▒ ≥ 0.3 ░ ≥ 0 · < 0",
};

static const au_words AU_ZH = {
    "统计审计", "需要注意的项目",
    "| 指标 | 数值个数 | 标记 | 偏度 | 峰度 | 可得率 |\n|---|---|---|---:|---:|---:|\n",
    "| 标记 | 类型 | 组 | 甲 | 乙 | Pearson 相关系数 |\n|---|---|---|---|---|---:|\n",
    "没有被标记的项目。", "信度与主成分（α、KMO、PCA、Bartlett）",
    "| 组 | 项目数 | α | 标准化 α | 第一主成分占比 | KMO | Bartlett χ² | 自由度 | p |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    "有效重要性与名义权重",
    "| 上级 | 下级 | 名义权重 | 重要性占比（η²） | | r² 占比 |\n|---|---|---:|---:|---|---:|\n",
    "逐一剔除的影响",
    "| 剔除项 | 层级 | 平均排名变动 | 中位数 | 最大 | 变动最大的地区 | 说明 |\n"
    "|---|---|---:|---:|---:|---|---|\n",
    "组内相关（热图）", "█ ≥ 0.9 ▓ ≥ 0.7 ▒ ≥ 0.3 ░ ≥ 0 · < 0",
};

/* A correlation as a shade and its value (heat map in plain text). */
static void shade(rr_buf *b, double r)
{
    const char *s = isnan(r) ? " " : r >= 0.9 ? "█" : r >= 0.7 ? "▓" : r >= 0.3 ? "▒" : r >= 0 ? "░" : "·";
    rr_printf(b, "%s ", s);
    num(b, r);
}

int md_write_audit(const rc_host *h, rc_ctx *ctx, rr_buf *b, int32_t year, int zh)
{
    const au_words *W = zh ? &AU_ZH : &AU_EN;
    const rc_table *st = h->table_by_name(ctx, "audit_stats");
    const rc_table *co = h->table_by_name(ctx, "audit_correlation");
    const rc_table *rl = h->table_by_name(ctx, "audit_reliability");
    const rc_table *im = h->table_by_name(ctx, "audit_importance");
    const rc_table *lo = h->table_by_name(ctx, "audit_leave_one_out");
    if (!st && !co && !rl && !im && !lo) return 0;
    rr_printf(b, "## %s\n\n", W->audit);

    /* flagged items first */
    rr_printf(b, "### %s\n\n", W->flagged);
    size_t flagged = 0;
    if (st) {
        int64_t ci = col(h, ctx, st, "indicator"), cv = col(h, ctx, st, "values"),
                cf = col(h, ctx, st, "flags"), cy = col(h, ctx, st, "year"),
                ck = col(h, ctx, st, "skewness"), cu = col(h, ctx, st, "kurtosis"),
                ca = col(h, ctx, st, "availability");
        for (size_t r = 0; r < h->table_nrows(ctx, st); r++) {
            if (cy >= 0 && h->cell_int(ctx, st, r, (size_t)cy) != year) continue;
            const char *f = cs(h, ctx, st, r, cf);
            if (!*f) continue;
            if (!flagged++) rr_puts(b, W->flag_head);
            rr_printf(b, "| %s | %s | %s | ", cs(h, ctx, st, r, ci), cs(h, ctx, st, r, cv), f);
            num(b, h->cell_num(ctx, st, r, (size_t)ck));
            rr_puts(b, " | ");
            num(b, h->cell_num(ctx, st, r, (size_t)cu));
            rr_puts(b, " | ");
            num(b, h->cell_num(ctx, st, r, (size_t)ca));
            rr_puts(b, " |\n");
        }
        if (flagged) rr_puts(b, "\n");
    }
    size_t fc = 0;
    if (co) {
        int64_t ck = col(h, ctx, co, "kind"), cg = col(h, ctx, co, "group"), ca = col(h, ctx, co, "a"),
                cb = col(h, ctx, co, "b"), cp = col(h, ctx, co, "pearson"), cf = col(h, ctx, co, "flag"),
                cy = col(h, ctx, co, "year");
        for (size_t r = 0; r < h->table_nrows(ctx, co); r++) {
            if (cy >= 0 && h->cell_int(ctx, co, r, (size_t)cy) != year) continue;
            const char *f = cs(h, ctx, co, r, cf);
            if (!*f) continue;
            if (!fc++) rr_puts(b, W->corr_head);
            rr_printf(b, "| %s | %s | %s | %s | %s | ", f, cs(h, ctx, co, r, ck), cs(h, ctx, co, r, cg),
                      cs(h, ctx, co, r, ca), cs(h, ctx, co, r, cb));
            num(b, h->cell_num(ctx, co, r, (size_t)cp));
            rr_puts(b, " |\n");
        }
        if (fc) rr_puts(b, "\n");
    }
    if (!flagged && !fc) rr_printf(b, "%s\n\n", W->none);

    /* reliability */
    if (rl) {
        rr_printf(b, "### %s\n\n", W->rel);
        rr_puts(b, W->rel_head);
        int64_t cg = col(h, ctx, rl, "group"), ci = col(h, ctx, rl, "item"), cn = col(h, ctx, rl, "items"),
                cy = col(h, ctx, rl, "year");
        const char *nums[] = {"alpha", "std_alpha", "pc1_share", "kmo", "bartlett_chi2", "bartlett_df", "bartlett_p"};
        for (size_t r = 0; r < h->table_nrows(ctx, rl); r++) {
            if (cy >= 0 && h->cell_int(ctx, rl, r, (size_t)cy) != year) continue;
            if (*cs(h, ctx, rl, r, ci)) continue; /* item rows */
            rr_printf(b, "| %s | %lld |", cs(h, ctx, rl, r, cg), (long long)h->cell_int(ctx, rl, r, (size_t)cn));
            for (size_t k = 0; k < 7; k++) {
                rr_puts(b, " ");
                double v = h->cell_num(ctx, rl, r, (size_t)col(h, ctx, rl, nums[k]));
                if (k == 6 && !isnan(v)) rr_printf(b, "%.3g", v);
                else num(b, v);
                rr_puts(b, " |");
            }
            rr_puts(b, "\n");
        }
        rr_puts(b, "\n");
    }

    /* importance against weight */
    if (im) {
        rr_printf(b, "### %s\n\n", W->imp);
        rr_puts(b, W->imp_head);
        int64_t cp = col(h, ctx, im, "parent"), cc = col(h, ctx, im, "child"), cw = col(h, ctx, im, "nominal_weight"),
                ce = col(h, ctx, im, "corr_ratio_share"), cr = col(h, ctx, im, "r2_share"), cy = col(h, ctx, im, "year");
        for (size_t r = 0; r < h->table_nrows(ctx, im); r++) {
            if (cy >= 0 && h->cell_int(ctx, im, r, (size_t)cy) != year) continue;
            double w = h->cell_num(ctx, im, r, (size_t)cw), e = h->cell_num(ctx, im, r, (size_t)ce);
            rr_printf(b, "| %s | %s | ", cs(h, ctx, im, r, cp), cs(h, ctx, im, r, cc));
            num(b, w);
            rr_puts(b, " | ");
            num(b, e);
            /* a bar of the share and a marker where the nominal weight is (20 characters = 1) */
            rr_puts(b, " | `");
            for (int k = 0; k < 20; k++) {
                int bar = !isnan(e) && k < (int)lround(e * 20), mark = !isnan(w) && k == (int)lround(w * 20);
                rr_puts(b, mark ? "|" : bar ? "#" : ".");
            }
            rr_puts(b, "` | ");
            num(b, h->cell_num(ctx, im, r, (size_t)cr));
            rr_puts(b, " |\n");
        }
        rr_puts(b, "\n");
    }

    /* leave-one-out */
    if (lo) {
        rr_printf(b, "### %s\n\n", W->loo);
        rr_puts(b, W->loo_head);
        int64_t cd = col(h, ctx, lo, "dropped"), cl = col(h, ctx, lo, "level"), cm = col(h, ctx, lo, "mean_abs_rank_shift"),
                cmd = col(h, ctx, lo, "median_abs_rank_shift"), cx = col(h, ctx, lo, "max_abs_rank_shift"),
                cg = col(h, ctx, lo, "region_max_shift"), cn = col(h, ctx, lo, "note"), cy = col(h, ctx, lo, "year");
        for (size_t r = 0; r < h->table_nrows(ctx, lo); r++) {
            if (cy >= 0 && h->cell_int(ctx, lo, r, (size_t)cy) != year) continue;
            rr_printf(b, "| %s | %s | ", cs(h, ctx, lo, r, cd), cs(h, ctx, lo, r, cl));
            num(b, h->cell_num(ctx, lo, r, (size_t)cm));
            rr_puts(b, " | ");
            num(b, h->cell_num(ctx, lo, r, (size_t)cmd));
            rr_puts(b, " | ");
            num(b, h->cell_num(ctx, lo, r, (size_t)cx));
            rr_printf(b, " | %s | %s |\n", cs(h, ctx, lo, r, cg), cs(h, ctx, lo, r, cn));
        }
        rr_puts(b, "\n");
    }

    /* correlation heat maps: the 'within' pairs of each group */
    if (co) {
        rr_printf(b, "### %s\n\n", W->heat);
        rr_printf(b, "%s\n\n", W->heat_legend);
        int64_t ck = col(h, ctx, co, "kind"), cg = col(h, ctx, co, "group"), ca = col(h, ctx, co, "a"),
                cb = col(h, ctx, co, "b"), cp = col(h, ctx, co, "pearson"), cy = col(h, ctx, co, "year");
        size_t nr = h->table_nrows(ctx, co);
        char group[128] = "";
        for (size_t r = 0; r < nr; r++) {
            if (cy >= 0 && h->cell_int(ctx, co, r, (size_t)cy) != year) continue;
            if (strcmp(cs(h, ctx, co, r, ck), "within") != 0) continue;
            if (strcmp(group, cs(h, ctx, co, r, cg)) == 0) continue;
            snprintf(group, sizeof group, "%s", cs(h, ctx, co, r, cg));
            /* the items of the group: a of its rows in order, then the last b */
            const char *items[64];
            size_t k = 0;
            for (size_t q = r; q < nr && k < 63; q++) {
                if (strcmp(cs(h, ctx, co, q, ck), "within") || strcmp(cs(h, ctx, co, q, cg), group)) continue;
                const char *a = cs(h, ctx, co, q, ca), *bb = cs(h, ctx, co, q, cb);
                int ha = 0, hb = 0;
                for (size_t j = 0; j < k; j++) ha |= !strcmp(items[j], a), hb |= !strcmp(items[j], bb);
                if (!ha) items[k++] = a;
                if (!hb && k < 63) items[k++] = bb;
            }
            rr_printf(b, "**%s**\n\n| |", group);
            for (size_t j = 0; j < k; j++) rr_printf(b, " %s |", items[j]);
            rr_puts(b, "\n|");
            for (size_t j = 0; j <= k; j++) rr_puts(b, j ? "---:|" : "---|");
            rr_puts(b, "\n");
            for (size_t i = 0; i < k; i++) {
                rr_printf(b, "| %s |", items[i]);
                for (size_t j = 0; j < k; j++) {
                    rr_puts(b, " ");
                    double v = i == j ? 1.0 : NAN;
                    for (size_t q = r; q < nr && i != j; q++) {
                        if (strcmp(cs(h, ctx, co, q, ck), "within") || strcmp(cs(h, ctx, co, q, cg), group)) continue;
                        const char *a = cs(h, ctx, co, q, ca), *bb = cs(h, ctx, co, q, cb);
                        if ((!strcmp(a, items[i]) && !strcmp(bb, items[j])) || (!strcmp(a, items[j]) && !strcmp(bb, items[i])))
                            v = h->cell_num(ctx, co, q, (size_t)cp);
                    }
                    shade(b, v);
                    rr_puts(b, " |");
                }
                rr_puts(b, "\n");
            }
            rr_puts(b, "\n");
        }
    }
    return 1;
}
