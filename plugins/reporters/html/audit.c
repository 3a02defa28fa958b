/* plugins/reporters/html/audit.c — the "Audit" section of the html report, from the tables of
 * the analysis plugin `audit` (docs/audit.md), for the report year, in English or Chinese:
 * the flagged items first (indicator flags from audit_stats, flagged pairs from
 * audit_correlation), reliability and PCA per group (audit_reliability), effective
 * importance against nominal weight with a bar and a marker (audit_importance), leaving one
 * out (audit_leave_one_out), and each group's correlation matrix as a coloured table. The
 * other audit tables stay in the generic "Other results". Host API and hbuf only. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "../common/words.h"

typedef struct aw {
    const char *flagged, *none, *rel, *imp, *loo, *heat;
    const char *flag_cols[6], *corr_cols[6], *rel_cols[9], *imp_cols[5], *loo_cols[7];
} aw;

static const aw AW_EN = {
    "Flagged items", "Nothing is flagged.", "Reliability and PCA (α, KMO, PCA, Bartlett)",
    "Effective importance against nominal weight", "Leaving one out",
    "Correlations within each group",
    {"indicator", "values", "flags", "skewness", "kurtosis", "availability"},
    {"flag", "kind", "group", "a", "b", "Pearson r"},
    {"group", "items", "α", "standardised α", "PC1 share", "KMO", "Bartlett χ²", "df", "p"},
    {"parent", "child", "nominal weight", "importance share (η²)", "r² share"},
    {"dropped", "level", "mean shift", "median", "max", "moves most", "note"},
};

static const aw AW_ZH = {
    "需要注意的项目", "没有被标记的项目。", "信度与主成分（α、KMO、PCA、Bartlett）",
    "有效重要性与名义权重", "逐一剔除的影响", "组内相关",
    {"指标", "数值个数", "标记", "偏度", "峰度", "可得率"},
    {"标记", "类型", "组", "甲", "乙", "Pearson 相关系数"},
    {"组", "项目数", "α", "标准化 α", "第一主成分占比", "KMO", "Bartlett χ²", "自由度", "p"},
    {"上级", "下级", "名义权重", "重要性占比（η²）", "r² 占比"},
    {"剔除项", "层级", "平均排名变动", "中位数", "最大", "变动最大的地区", "说明"},
};

int html_audit_present(const html_report *R)
{
    for (size_t i = 0, n = R->h->n_tables(R->ctx); i < n; i++)
        if (rr_audit_section_table(R->h->table_name(R->ctx, R->h->table_at(R->ctx, i))))
            return 1;
    return 0;
}

typedef struct tab {
    const html_report *R;
    const rc_table *t;
} tab;

static int64_t col(tab T, const char *name)
{
    return T.t ? T.R->h->col_index(T.R->ctx, T.t, name) : -1;
}

static const char *str(tab T, size_t r, int64_t c)
{
    const char *s = c >= 0 ? T.R->h->cell_str(T.R->ctx, T.t, r, (size_t)c) : NULL;
    return s ? s : "";
}

static double num(tab T, size_t r, int64_t c)
{
    if (c < 0) return NAN;
    if (T.R->h->col_type(T.R->ctx, T.t, (size_t)c) == RC_COL_INT)
        return (double)T.R->h->cell_int(T.R->ctx, T.t, r, (size_t)c);
    return T.R->h->cell_num(T.R->ctx, T.t, r, (size_t)c);
}

/* 1 when row r is of the report year (or the table has no year column). */
static int this_year(tab T, size_t r, int64_t yc)
{
    return yc < 0 || T.R->h->cell_int(T.R->ctx, T.t, r, (size_t)yc) == T.R->year;
}

static void head(html_report *R, const char *id, const char *const *cols, size_t n,
                 const unsigned char *numeric)
{
    hb_printf(&R->out, "<div class=\"scroll\"><table id=\"%s\">\n<thead><tr>", id);
    for (size_t i = 0; i < n; i++) {
        hb_puts(&R->out, numeric[i] ? "<th class=\"n\">" : "<th>");
        hb_esc(&R->out, cols[i]);
        hb_puts(&R->out, "</th>");
    }
    hb_puts(&R->out, "</tr></thead><tbody>\n");
}

static void cell_s(html_report *R, const char *s)
{
    hb_puts(&R->out, "<td>");
    hb_esc(&R->out, s);
    hb_puts(&R->out, "</td>");
}

static void cell_n(html_report *R, double v)
{
    hb_puts(&R->out, "<td class=\"n\">");
    if (isnan(v)) hb_puts(&R->out, "—");
    else hb_fixed(&R->out, v == 0 ? 0.0 : v, 3);
    hb_puts(&R->out, "</td>");
}

static void tail(html_report *R) { hb_puts(&R->out, "</tbody></table></div>\n"); }

static void h3(html_report *R, const char *text)
{
    hb_puts(&R->out, "<h3>");
    hb_esc(&R->out, text);
    hb_puts(&R->out, "</h3>\n");
}

static void flagged(html_report *R, const aw *W)
{
    tab st = {R, R->h->table_by_name(R->ctx, "audit_stats")};
    tab co = {R, R->h->table_by_name(R->ctx, "audit_correlation")};
    h3(R, W->flagged);
    size_t n = 0;
    if (st.t) {
        int64_t ci = col(st, "indicator"), cv = col(st, "values"), cf = col(st, "flags"),
                cy = col(st, "year"), ck = col(st, "skewness"), cu = col(st, "kurtosis"),
                ca = col(st, "availability");
        static const unsigned char nm[6] = {0, 0, 0, 1, 1, 1};
        for (size_t r = 0, nr = R->h->table_nrows(R->ctx, st.t); r < nr; r++) {
            if (!this_year(st, r, cy) || !*str(st, r, cf)) continue;
            if (!n++) head(R, "audit-flagged", W->flag_cols, 6, nm);
            hb_puts(&R->out, "<tr>");
            cell_s(R, str(st, r, ci));
            cell_s(R, str(st, r, cv));
            cell_s(R, str(st, r, cf));
            cell_n(R, num(st, r, ck));
            cell_n(R, num(st, r, cu));
            cell_n(R, num(st, r, ca));
            hb_puts(&R->out, "</tr>\n");
        }
        if (n) tail(R);
    }
    size_t m = 0;
    if (co.t) {
        int64_t ck = col(co, "kind"), cg = col(co, "group"), ca = col(co, "a"), cb = col(co, "b"),
                cp = col(co, "pearson"), cf = col(co, "flag"), cy = col(co, "year");
        static const unsigned char nm[6] = {0, 0, 0, 0, 0, 1};
        for (size_t r = 0, nr = R->h->table_nrows(R->ctx, co.t); r < nr; r++) {
            if (!this_year(co, r, cy) || !*str(co, r, cf)) continue;
            if (!m++) head(R, "audit-flagged-pairs", W->corr_cols, 6, nm);
            hb_puts(&R->out, "<tr>");
            cell_s(R, str(co, r, cf));
            cell_s(R, str(co, r, ck));
            cell_s(R, str(co, r, cg));
            cell_s(R, str(co, r, ca));
            cell_s(R, str(co, r, cb));
            cell_n(R, num(co, r, cp));
            hb_puts(&R->out, "</tr>\n");
        }
        if (m) tail(R);
    }
    if (!n && !m) {
        hb_puts(&R->out, "<p class=\"note\">");
        hb_esc(&R->out, W->none);
        hb_puts(&R->out, "</p>\n");
    }
}

static void reliability(html_report *R, const aw *W)
{
    tab rl = {R, R->h->table_by_name(R->ctx, "audit_reliability")};
    if (!rl.t) return;
    h3(R, W->rel);
    static const unsigned char nm[9] = {0, 1, 1, 1, 1, 1, 1, 1, 1};
    head(R, "audit-reliability", W->rel_cols, 9, nm);
    static const char *const k[7] = {"alpha", "std_alpha", "pc1_share", "kmo",
                                     "bartlett_chi2", "bartlett_df", "bartlett_p"};
    int64_t cg = col(rl, "group"), ci = col(rl, "item"), cn = col(rl, "items"), cy = col(rl, "year");
    int64_t ck[7];
    for (size_t j = 0; j < 7; j++) ck[j] = col(rl, k[j]);
    for (size_t r = 0, nr = R->h->table_nrows(R->ctx, rl.t); r < nr; r++) {
        if (!this_year(rl, r, cy) || *str(rl, r, ci)) continue; /* the item rows aside */
        hb_puts(&R->out, "<tr>");
        cell_s(R, str(rl, r, cg));
        hb_printf(&R->out, "<td class=\"n\">%.0f</td>", num(rl, r, cn));
        for (size_t j = 0; j < 7; j++) {
            double v = num(rl, r, ck[j]);
            if (j == 5 && !isnan(v)) {
                hb_printf(&R->out, "<td class=\"n\">%.0f</td>", v); /* degrees of freedom */
            } else if (j == 6 && !isnan(v)) {
                hb_puts(&R->out, "<td class=\"n\">");
                hb_sig(&R->out, v);
                hb_puts(&R->out, "</td>");
            } else {
                cell_n(R, v);
            }
        }
        hb_puts(&R->out, "</tr>\n");
    }
    tail(R);
}

static void importance(html_report *R, const aw *W)
{
    tab im = {R, R->h->table_by_name(R->ctx, "audit_importance")};
    if (!im.t) return;
    h3(R, W->imp);
    static const unsigned char nm[6] = {0, 0, 1, 1, 0, 1};
    const char *cols[6] = {W->imp_cols[0], W->imp_cols[1], W->imp_cols[2], W->imp_cols[3], "",
                           W->imp_cols[4]};
    head(R, "audit-importance", cols, 6, nm);
    int64_t cp = col(im, "parent"), cc = col(im, "child"), cw = col(im, "nominal_weight"),
            ce = col(im, "corr_ratio_share"), cr = col(im, "r2_share"), cy = col(im, "year");
    for (size_t r = 0, nr = R->h->table_nrows(R->ctx, im.t); r < nr; r++) {
        if (!this_year(im, r, cy)) continue;
        double w = num(im, r, cw), e = num(im, r, ce);
        hb_puts(&R->out, "<tr>");
        cell_s(R, str(im, r, cp));
        cell_s(R, str(im, r, cc));
        cell_n(R, w);
        cell_n(R, e);
        /* the share as a bar, the nominal weight as a mark (120 px = 1) */
        hb_puts(&R->out, "<td><svg class=\"share\" width=\"124\" height=\"12\" role=\"img\">");
        if (!isnan(e)) {
            hb_puts(&R->out, "<rect x=\"0\" y=\"2\" height=\"8\" fill=\"#1f5fa8\" width=\"");
            hb_coord(&R->out, 120 * fmax(0.0, fmin(1.0, e)));
            hb_puts(&R->out, "\"/>");
        }
        if (!isnan(w)) {
            hb_puts(&R->out, "<line y1=\"0\" y2=\"12\" stroke=\"#c0392b\" stroke-width=\"2\" x1=\"");
            hb_coord(&R->out, 120 * fmax(0.0, fmin(1.0, w)));
            hb_puts(&R->out, "\" x2=\"");
            hb_coord(&R->out, 120 * fmax(0.0, fmin(1.0, w)));
            hb_puts(&R->out, "\"/>");
        }
        hb_puts(&R->out, "</svg></td>");
        cell_n(R, num(im, r, cr));
        hb_puts(&R->out, "</tr>\n");
    }
    tail(R);
}

static void leave_one_out(html_report *R, const aw *W)
{
    tab lo = {R, R->h->table_by_name(R->ctx, "audit_leave_one_out")};
    if (!lo.t) return;
    h3(R, W->loo);
    static const unsigned char nm[7] = {0, 0, 1, 1, 1, 0, 0};
    head(R, "audit-leave-one-out", W->loo_cols, 7, nm);
    int64_t cd = col(lo, "dropped"), cl = col(lo, "level"), cm = col(lo, "mean_abs_rank_shift"),
            cmd = col(lo, "median_abs_rank_shift"), cx = col(lo, "max_abs_rank_shift"),
            cg = col(lo, "region_max_shift"), cn = col(lo, "note"), cy = col(lo, "year");
    for (size_t r = 0, nr = R->h->table_nrows(R->ctx, lo.t); r < nr; r++) {
        if (!this_year(lo, r, cy)) continue;
        hb_puts(&R->out, "<tr>");
        cell_s(R, str(lo, r, cd));
        cell_s(R, str(lo, r, cl));
        cell_n(R, num(lo, r, cm));
        cell_n(R, num(lo, r, cmd));
        cell_n(R, num(lo, r, cx));
        cell_s(R, str(lo, r, cg));
        cell_s(R, str(lo, r, cn));
        hb_puts(&R->out, "</tr>\n");
    }
    tail(R);
}

/* A correlation's background: blue for positive, red for negative, stronger with |r|. */
static void heat_cell(html_report *R, double v)
{
    if (isnan(v)) {
        hb_puts(&R->out, "<td class=\"n\">—</td>");
        return;
    }
    double a = fmin(1.0, fabs(v));
    int r = v >= 0 ? (int)lround(255 - 224 * a) : 255, g = (int)lround(255 - 160 * a),
        b = v >= 0 ? 255 : (int)lround(255 - 200 * a);
    hb_printf(&R->out, "<td class=\"n heat\" style=\"background:#%02x%02x%02x;color:%s\">", r, g,
              b, a > 0.6 ? "#fff" : "#1d2330");
    hb_fixed(&R->out, v == 0 ? 0.0 : v, 2);
    hb_puts(&R->out, "</td>");
}

static void heat_maps(html_report *R, const aw *W)
{
    tab co = {R, R->h->table_by_name(R->ctx, "audit_correlation")};
    if (!co.t) return;
    int64_t ck = col(co, "kind"), cg = col(co, "group"), ca = col(co, "a"), cb = col(co, "b"),
            cp = col(co, "pearson"), cy = col(co, "year");
    size_t nr = R->h->table_nrows(R->ctx, co.t), maps = 0;
    char group[128] = "";
    for (size_t r = 0; r < nr; r++) {
        if (!this_year(co, r, cy) || strcmp(str(co, r, ck), "within") != 0) continue;
        if (strcmp(group, str(co, r, cg)) == 0) continue;
        snprintf(group, sizeof group, "%s", str(co, r, cg));
        if (!maps++) h3(R, W->heat);
        /* the group's items: each row's a, then b, in order of appearance */
        const char *items[64];
        size_t k = 0;
        for (size_t q = r; q < nr; q++) {
            if (!this_year(co, q, cy) || strcmp(str(co, q, ck), "within") != 0 ||
                strcmp(str(co, q, cg), group) != 0)
                continue;
            const char *ab[2] = {str(co, q, ca), str(co, q, cb)};
            for (int s = 0; s < 2; s++) {
                int seen = 0;
                for (size_t j = 0; j < k; j++) seen |= strcmp(items[j], ab[s]) == 0;
                if (!seen && k < 64) items[k++] = ab[s];
            }
        }
        hb_puts(&R->out, "<h4>");
        hb_esc(&R->out, group);
        hb_printf(&R->out, "</h4>\n<div class=\"scroll\"><table class=\"audit-heat\" "
                           "data-group-items=\"%zu\">\n<thead><tr><th></th>", k);
        for (size_t j = 0; j < k; j++) {
            hb_puts(&R->out, "<th class=\"n\">");
            hb_esc(&R->out, items[j]);
            hb_puts(&R->out, "</th>");
        }
        hb_puts(&R->out, "</tr></thead><tbody>\n");
        for (size_t i = 0; i < k; i++) {
            hb_puts(&R->out, "<tr>");
            cell_s(R, items[i]);
            for (size_t j = 0; j < k; j++) {
                double v = i == j ? 1.0 : NAN;
                for (size_t q = r; q < nr && i != j; q++) {
                    if (!this_year(co, q, cy) || strcmp(str(co, q, ck), "within") != 0 ||
                        strcmp(str(co, q, cg), group) != 0)
                        continue;
                    const char *a = str(co, q, ca), *b = str(co, q, cb);
                    if ((!strcmp(a, items[i]) && !strcmp(b, items[j])) ||
                        (!strcmp(a, items[j]) && !strcmp(b, items[i])))
                        v = num(co, q, cp);
                }
                heat_cell(R, v);
            }
            hb_puts(&R->out, "</tr>\n");
        }
        hb_puts(&R->out, "</tbody></table></div>\n");
    }
}

void html_write_audit(html_report *R)
{
    const aw *W = R->zh ? &AW_ZH : &AW_EN;
    flagged(R, W);
    reliability(R, W);
    importance(R, W);
    leave_one_out(R, W);
    heat_maps(R, W);
}
