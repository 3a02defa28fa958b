/* plugins/reporters/common/words.c — the translation table of words from the result
 * tables (see words.h). Keys are the names the tables use; the list is sorted by key for
 * binary search (words_sorted() is checked by test_reporters). */
#include "words.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct word {
    const char *key, *en, *zh;
} word;

/* Sorted by key (strcmp order: capitals before lower case). */
static const word WORDS[] = {
    {"1 island(s) without neighbours kept with zero lag", "regions without neighbours kept with a zero spatial lag", "无相邻地区的地区按空间滞后为零保留"},
    {"C", "C (coupling)", "耦合度 C"},
    {"D", "D (coordination)", "协调度 D"},
    {"E", "E (pair coordination)", "两两协调 E"},
    {"EI", "E[I]", "E[I]"},
    {"E_Ii", "E[Iᵢ]", "E[Iᵢ]"},
    {"E_pair", "Weakest pair", "最弱两两组合"},
    {"HH", "High-high", "高—高"},
    {"HL", "High-low", "高—低"},
    {"I", "Moran's I", "莫兰指数 I"},
    {"Ii", "Local Iᵢ", "局部 Iᵢ"},
    {"LH", "Low-high", "低—高"},
    {"LL", "Low-low", "低—低"},
    {"T", "T (development)", "综合发展 T"},
    {"bandwidth", "Bandwidth", "带宽"},
    {"beta_absolute", "Absolute β convergence", "绝对 β 收敛"},
    {"beta_conditional", "Conditional β convergence", "条件 β 收敛"},
    {"change", "Change", "变化"},
    {"chart:dagum", "Dagum decomposition: contribution rates by year", "Dagum 基尼系数分解：各年贡献率"},
    {"chart:density", "Kernel density of the index, benchmark years", "综合指数核密度（基准年份）"},
    {"chart:gini", "Gini coefficients by year", "各年基尼系数"},
    {"chart:moran", "Global Moran's I by year", "各年全局莫兰指数"},
    {"chart:sigma", "σ convergence: coefficient of variation by year", "σ 收敛：各年变异系数"},
    {"chart:theil", "Theil T: within and between groups by year", "泰尔 T 指数：各年组内与组间"},
    {"child", "Item", "项目"},
    {"coef", "Coefficient", "系数"},
    {"component", "Component", "子维度"},
    {"const", "Constant", "常数项"},
    {"contribution", "Contribution", "贡献"},
    {"cv", "Coefficient of variation", "变异系数"},
    {"cv_population", "Coefficient of variation", "变异系数"},
    {"cv_sample", "Coefficient of variation (sample)", "变异系数（样本）"},
    {"dagum_Djh", "Dagum D between groups", "Dagum 组间相对影响 D"},
    {"dagum_G", "Dagum Gini G", "Dagum 总体基尼系数 G"},
    {"dagum_Gjh", "Dagum Gini between two groups", "Dagum 组间基尼系数"},
    {"dagum_Gjj", "Dagum Gini within a group", "Dagum 组内基尼系数"},
    {"dagum_Gnb", "Dagum net between-group Gnb", "Dagum 组间净差距 Gnb"},
    {"dagum_Gt", "Dagum transvariation Gt", "Dagum 超变密度 Gt"},
    {"dagum_Gw", "Dagum within-group Gw", "Dagum 组内差距 Gw"},
    {"dagum_share_Gnb", "Share of Gnb", "Gnb 贡献率"},
    {"dagum_share_Gt", "Share of Gt", "Gt 贡献率"},
    {"dagum_share_Gw", "Share of Gw", "Gw 贡献率"},
    {"density", "Density", "密度"},
    {"dimension", "Dimension", "维度"},
    {"direction", "Direction", "方向"},
    {"form", "Form", "形式"},
    {"from_year", "First year", "起始年份"},
    {"gini", "Gini coefficient", "基尼系数"},
    {"gini_corrected", "Gini (small-sample corrected)", "基尼系数（小样本修正）"},
    {"group", "Group", "组别"},
    {"group2", "Second group", "对比组别"},
    {"group_by", "Grouping", "分组"},
    {"group_mean", "Group mean", "组均值"},
    {"group_n", "Regions in the group", "组内地区数"},
    {"half_life", "Half-life (years)", "半衰期（年）"},
    {"heading:dagum_groups", "Within groups (Gw per group) and between pairs (Gnb per pair), report year", "组内（各组 Gw）与组间（各组对 Gnb），评价年份"},
    {"heading:other", "Other results", "其他结果"},
    {"heading:rows_cut", "First %zu of %zu rows; the full table is in the csv, json, xlsx and sqlite reports.", "仅列出前 %zu 行，共 %zu 行；完整数据见 csv、json、xlsx 和 sqlite 报告。"},
    {"index", "Index", "综合指数"},
    {"indicator", "Indicator", "指标"},
    {"island", "No neighbours", "无相邻地区"},
    {"label", "Label", "名称"},
    {"lag", "Spatial lag", "空间滞后"},
    {"lagging", "Lagging subsystem", "滞后子系统"},
    {"level", "Level", "等级"},
    {"ln_initial", "ln(initial level)", "ln(初始水平)"},
    {"manifest:abi", "Plugin ABI", "插件接口版本"},
    {"manifest:baseline", "Baseline", "基线"},
    {"manifest:config", "Config file", "配置文件"},
    {"manifest:config_sha256", "Config SHA-256", "配置文件 SHA-256"},
    {"manifest:data_sha256", "Data SHA-256", "数据 SHA-256"},
    {"manifest:index_scale", "Index scale", "指数量纲"},
    {"manifest:rank_ties", "Tied ranks", "并列排名"},
    {"manifest:regions", "Regions", "地区数"},
    {"manifest:title", "Title", "标题"},
    {"manifest:tool", "Tool", "工具"},
    {"manifest:version", "Version", "版本"},
    {"manifest:years", "Years", "年份"},
    {"mean", "Mean", "均值"},
    {"mean_rank", "Mean rank", "平均排名"},
    {"measure", "Measure", "指标"},
    {"median_rank", "Median rank", "排名中位数"},
    {"method", "Method", "方法"},
    {"n", "Regions", "地区数"},
    {"n_islands", "Regions without neighbours", "无相邻地区的地区数"},
    {"n_skipped", "Regions left out", "剔除地区数"},
    {"name", "Name", "名称"},
    {"neighbours", "Neighbours", "相邻地区数"},
    {"no neighbours", "no neighbours", "无相邻地区"},
    {"nominal_rank", "Nominal rank", "名义排名"},
    {"none", "none", "无"},
    {"normalised", "Normalised", "标准化值"},
    {"note", "Note", "说明"},
    {"obstacle", "Obstacle degree", "障碍度"},
    {"p", "p value", "p 值"},
    {"p_Ii", "p (local)", "p 值（局部）"},
    {"p_normality", "p (normality)", "p 值（正态假设）"},
    {"p_randomisation", "p (randomisation)", "p 值（随机化假设）"},
    {"parent", "Parent", "上级"},
    {"pseudo_p", "Pseudo p", "伪 p 值"},
    {"quadrant", "Quadrant", "象限"},
    {"r2", "R²", "R²"},
    {"rank", "Rank", "排名"},
    {"rank_change", "Rank change", "排名变化"},
    {"raw", "Raw value", "原始值"},
    {"region", "Region", "地区"},
    {"score", "Score", "得分"},
    {"sd", "Standard deviation", "标准差"},
    {"sd_ln", "Standard deviation of ln", "对数标准差"},
    {"sd_population", "Standard deviation", "标准差"},
    {"sd_sample", "Standard deviation (sample)", "标准差（样本）"},
    {"se", "Standard error", "标准误"},
    {"sigma", "σ convergence", "σ 收敛"},
    {"speed", "Speed of convergence", "收敛速度"},
    {"standard", "standard", "标准形式"},
    {"statistic", "Statistic", "统计量"},
    {"t", "t statistic", "t 统计量"},
    {"term", "Term", "项"},
    {"theil_L", "Theil L", "泰尔 L 指数"},
    {"theil_L_between", "Theil L between groups", "泰尔 L 组间"},
    {"theil_L_group", "Theil L of the group", "泰尔 L 组内（各组）"},
    {"theil_L_within", "Theil L within groups", "泰尔 L 组内"},
    {"theil_T", "Theil T", "泰尔 T 指数"},
    {"theil_T_between", "Theil T between groups", "泰尔 T 组间"},
    {"theil_T_group", "Theil T of the group", "泰尔 T 组内（各组）"},
    {"theil_T_within", "Theil T within groups", "泰尔 T 组内"},
    {"ties share the lowest rank (1, 2, 2, 4); 1 = highest", "ties share the lowest rank (1, 2, 2, 4); 1 = highest", "并列者取最小名次（1, 2, 2, 4）；1 为最高"},
    {"type", "Type", "类型"},
    {"value", "Value", "取值"},
    {"var_Ii", "Var[Iᵢ]", "Var[Iᵢ]"},
    {"weight", "Weight", "权重"},
    {"weight_overall", "Overall weight", "总权重"},
    {"weights", "Weights", "权重"},
    {"x", "Score", "得分"},
    {"year", "Year", "年份"},
    {"z", "z", "z 值"},
    {"z_Ii", "z (local)", "z 值（局部）"},
    {"z_normality", "z (normality)", "z 值（正态假设）"},
    {"z_randomisation", "z (randomisation)", "z 值（随机化假设）"},
};

static int cmp_key(const void *k, const void *w)
{
    return strcmp((const char *)k, ((const word *)w)->key);
}

const char *rr_word(int zh, const char *key)
{
    if (!key) return NULL;
    const word *w = bsearch(key, WORDS, sizeof WORDS / sizeof WORDS[0], sizeof WORDS[0], cmp_key);
    if (!w) return NULL;
    return zh ? w->zh : w->en;
}

const char *rr_word_or_key(int zh, const char *key)
{
    const char *w = rr_word(zh, key);
    return w ? w : key;
}

void rr_years_text(int zh, int first, int last, unsigned long n, char *buf, unsigned long size)
{
    if (zh)
        snprintf(buf, size, "%d—%d 年（共 %lu 年）", first, last, n);
    else
        snprintf(buf, size, "%d-%d (%lu years)", first, last, n);
}

void rr_manifest_key(int zh, const char *key, char *buf, unsigned long size)
{
    static const word PREFIX[] = {
        {"adjacency:", "Adjacency file", "邻接文件"}, {"baseline:", "Baseline", "基线"},
        {"coordinates:", "Coordinates file", "坐标文件"}, {"data:", "Data file", "数据文件"},
        {"dimension:", "Dimension", "维度"}, {"method:", "Method", "方法"},
        {"regions:", "Regions file", "地区文件"}, {"report:", "Report", "报告"},
    };
    char k[300];
    snprintf(k, sizeof k, "manifest:%s", key ? key : "");
    const char *w = rr_word(zh, k);
    if (w) {
        snprintf(buf, size, "%s", w);
        return;
    }
    for (size_t i = 0; key && i < sizeof PREFIX / sizeof PREFIX[0]; i++) {
        size_t n = strlen(PREFIX[i].key);
        if (strncmp(key, PREFIX[i].key, n) == 0) {
            snprintf(buf, size, "%s %s", zh ? PREFIX[i].zh : PREFIX[i].en, key + n);
            return;
        }
    }
    snprintf(buf, size, "%s", key ? key : "");
}

/* The report year's reason (manifest report_year_reason, written in English by the
 * pipeline) in Chinese; 0 when the sentence is not one of the known forms. */
static int reason_zh(const char *v, char *buf, unsigned long size)
{
    unsigned long a, b;
    int used = 0;
    if (sscanf(v, "the latest year; its index exists for %lu of %lu regions%n", &a, &b, &used) == 2 &&
        !v[used]) {
        snprintf(buf, size, "最新年份；%lu 个地区中有 %lu 个有综合指数", b, a);
        return 1;
    }
    if (sscanf(v, "the latest year whose index exists for %lu of %lu regions; later years have "
                  "an index for too few regions: %n", &a, &b, &used) == 2 && used) {
        char tail[512];
        size_t k = 0;
        for (const char *p = v + used; *p && k + 4 < sizeof tail; p++) {
            if (strncmp(p, " of ", 4) == 0) {
                tail[k++] = '/';
                p += 3;
            } else {
                tail[k++] = *p;
            }
        }
        tail[k] = '\0';
        snprintf(buf, size, "综合指数覆盖 %lu/%lu 个地区的最新年份；之后各年有综合指数的地区过少：%s",
                 a, b, tail);
        return 1;
    }
    if (sscanf(v, "no year has an index for at least %lu of %lu regions; the latest year is "
                  "shown%n", &a, &b, &used) == 2 && !v[used]) {
        snprintf(buf, size, "没有一年的综合指数覆盖至少 %lu/%lu 个地区；显示最新年份", a, b);
        return 1;
    }
    return 0;
}

void rr_manifest_value(int zh, const char *key, const char *value, char *buf, unsigned long size)
{
    int y0, y1;
    unsigned long n;
    if (zh && key && value && strcmp(key, "report_year_reason") == 0 && reason_zh(value, buf, size))
        return;
    unsigned long a, b, c;
    int used = 0;
    if (zh && key && value && (!strcmp(key, "partial_scores") || !strcmp(key, "missing_scores")) &&
        sscanf(value, "%lu index values, %lu dimension scores, %lu component scores%n", &a, &b,
               &c, &used) == 3 && !value[used]) {
        snprintf(buf, size, "%lu 个综合指数值、%lu 个维度得分、%lu 个子维度得分", a, b, c);
        return;
    }
    if (key && value && strcmp(key, "years") == 0 && sscanf(value, "%d-%d (%lu", &y0, &y1, &n) == 3) {
        rr_years_text(zh, y0, y1, n, buf, size);
        return;
    }
    snprintf(buf, size, "%s", rr_word_or_key(zh, value ? value : ""));
}

int rr_audit_section_table(const char *name)
{
    static const char *const rendered[] = {"audit_stats", "audit_correlation",
                                           "audit_reliability", "audit_importance",
                                           "audit_leave_one_out"};
    for (size_t i = 0; name && i < sizeof rendered / sizeof rendered[0]; i++)
        if (strcmp(rendered[i], name) == 0) return 1;
    return 0;
}

int rr_known_table(const char *name)
{
    static const char *const known[] = {
        "attribution", "components", "convergence", "coupling", "coverage", "density",
        "disparity", "drift", "imputed", "index", "indicator_coverage", "indicators", "labels",
        "lisa", "manifest", "obstacles", "obstacles_top", "regions", "scores", "sensitivity",
        "spatial", "treated", "uncertainty", "weights",
    };
    for (size_t i = 0; name && i < sizeof known / sizeof known[0]; i++)
        if (strcmp(known[i], name) == 0) return 1;
    return 0;
}
