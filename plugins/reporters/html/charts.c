/* plugins/reporters/html/charts.c — the html reporter's SVG charts, drawn from the gathered
 * data: ranking bars, radar small multiples of the dimension scores, index trend lines,
 * the heat map of coordination levels and rank intervals. Each chart is one inline <svg>
 * with a viewBox (it scales to the page width) and no script. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

#define W 800.0 /* viewBox width of every chart */
#define PI 3.14159265358979323846

static void svg_open(html_report *R, const char *id, const char *title, double h)
{
    hbuf *o = &R->out;
    hb_puts(o, "<figure>\n<figcaption>");
    hb_esc(o, title);
    hb_printf(o, "</figcaption>\n<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 %d ", id, (int)W);
    hb_coord(o, h);
    hb_puts(o, "\" width=\"100%\" role=\"img\" aria-label=\"");
    hb_esc(o, title);
    hb_puts(o, "\" preserveAspectRatio=\"xMinYMin meet\" font-size=\"12\">\n");
}

static void svg_close(html_report *R) { hb_puts(&R->out, "</svg>\n</figure>\n"); }

/* <text> at (x, y); anchor "start", "middle" or "end"; extra attributes verbatim. */
static void text_at(html_report *R, double x, double y, const char *anchor, const char *extra,
                    const char *text)
{
    hbuf *o = &R->out;
    hb_puts(o, "<text x=\"");
    hb_coord(o, x);
    hb_puts(o, "\" y=\"");
    hb_coord(o, y);
    hb_printf(o, "\" text-anchor=\"%s\"%s%s>", anchor, extra ? " " : "", extra ? extra : "");
    hb_esc(o, text);
    hb_puts(o, "</text>\n");
}

static void line_at(html_report *R, const char *cls, double x1, double y1, double x2, double y2)
{
    hbuf *o = &R->out;
    hb_printf(o, "<line class=\"%s\" x1=\"", cls);
    hb_coord(o, x1);
    hb_puts(o, "\" y1=\"");
    hb_coord(o, y1);
    hb_puts(o, "\" x2=\"");
    hb_coord(o, x2);
    hb_puts(o, "\" y2=\"");
    hb_coord(o, y2);
    hb_puts(o, "\"/>\n");
}

/* A "nice" tick step (1, 2 or 5 × 10^k) giving about `n` ticks over `range`. */
static double nice_step(double range, int n)
{
    if (!(range > 0) || !isfinite(range)) return 1;
    double raw = range / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
    double step = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return step * mag;
}

/* Decimals that show a tick step exactly enough (0 for steps ≥ 1). */
static int step_decimals(double step)
{
    int dec = 0;
    while (dec < 6 && step * pow(10, dec) < 0.999) dec++;
    return dec;
}

/* A number as text into buf (fixed decimals, locale-independent). */
static const char *num_text(double v, int decimals, char *buf, size_t size)
{
    hbuf tmp = {0};
    hb_fixed(&tmp, v, decimals);
    snprintf(buf, size, "%s", tmp.data ? tmp.data : "");
    free(tmp.data);
    return buf;
}

/* ------------------------------------------------------------------ ranking bars */

const char *html_missing_legend(const html_report *R, char *buf, size_t size, size_t *n)
{
    const html_data *d = &R->d;
    *n = 0;
    if (!d->index || !d->why_missing || d->report_t >= d->n_years) return NULL;
    const char *first = NULL;
    int same = 1;
    for (size_t r = 0; r < d->n_regions; r++) {
        const char *why = d->why_missing[r];
        if (!why || !isnan(d->index[d->report_t * d->n_regions + r])) continue;
        (*n)++;
        if (!first) first = why;
        else if (strcmp(first, why) != 0) same = 0;
    }
    if (!*n) return NULL;
    int year = (int)d->years[d->report_t];
    if (same && first && *first) snprintf(buf, size, R->L->missing_legend, year, first);
    else snprintf(buf, size, R->L->missing_mixed, year);
    return buf;
}

void html_chart_ranking(html_report *R, const char *id, const char *title)
{
    const html_data *d = &R->d;
    if (!d->index || d->report_t >= d->n_years) return;
    const double *v = d->index + d->report_t * d->n_regions;
    size_t n = 0;
    double lo = 0, hi = 0;
    for (size_t r = 0; r < d->n_regions; r++) {
        if (isnan(v[r])) continue;
        n++;
        if (v[r] < lo) lo = v[r];
        if (v[r] > hi) hi = v[r];
    }
    if (n == 0) return;
    char why[1024];
    size_t n_missing = 0;
    const char *missing = html_missing_legend(R, why, sizeof why, &n_missing);
    double step = nice_step(hi - lo, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    if (hi <= lo) hi = lo + step;
    const double x0 = 160, x1 = W - 70, top = 24, row = 18;
    double bars_h = top + row * (double)n + 10;
    double h = bars_h + (missing ? 22 : 0);
#define BX(val) (x0 + ((val) - lo) / (hi - lo) * (x1 - x0))
    svg_open(R, id, title, h);
    int dec = step_decimals(step);
    char buf[64];
    for (double t = lo; t <= hi + step / 2; t += step) {
        line_at(R, "grid", BX(t), top - 4, BX(t), h - 8);
        text_at(R, BX(t), top - 8, "middle", "font-size=\"11\" fill=\"#5b6474\"",
                num_text(t, dec, buf, sizeof buf));
    }
    size_t i = 0;
    for (size_t r = 0; r < d->n_regions; r++) {
        if (isnan(v[r])) continue;
        double y = top + row * (double)i;
        double a = BX(v[r] < 0 ? v[r] : 0), b = BX(v[r] < 0 ? 0 : v[r]);
        hb_puts(&R->out, "<rect class=\"bar\" x=\"");
        hb_coord(&R->out, a);
        hb_puts(&R->out, "\" y=\"");
        hb_coord(&R->out, y + 2);
        hb_puts(&R->out, "\" width=\"");
        hb_coord(&R->out, b - a);
        hb_printf(&R->out, "\" height=\"%d\" fill=\"%s\"><title>", (int)row - 4,
                  (int)i < R->top ? "#1f5fa8" : "#7fa6d6");
        hb_esc(&R->out, d->name[r]);
        hb_puts(&R->out, ": ");
        hb_fixed(&R->out, v[r], R->decimals);
        hb_puts(&R->out, "</title></rect>\n");
        char label[24];
        if (d->rank[r] > 0) snprintf(label, sizeof label, "%lld", (long long)d->rank[r]);
        else snprintf(label, sizeof label, "—");
        text_at(R, 22, y + 13, "end", "font-size=\"11\" fill=\"#5b6474\"", label);
        text_at(R, x0 - 6, y + 13, "end", NULL, d->name[r]);
        text_at(R, b + 4, y + 13, "start", "font-size=\"11\"",
                num_text(v[r], R->decimals, buf, sizeof buf));
        i++;
    }
    line_at(R, "axis", BX(0), top - 4, BX(0), bars_h - 8);
    if (missing) { /* the regions left out, and why */
        char head[64];
        snprintf(head, sizeof head, "(%zu) ", n_missing);
        hb_puts(&R->out, "<g class=\"legend missing\">");
        hb_puts(&R->out, "<rect x=\"10\" y=\"");
        hb_coord(&R->out, bars_h + 2);
        hb_puts(&R->out, "\" width=\"14\" height=\"12\" fill=\"none\" stroke=\"#9aa3b0\" "
                         "stroke-dasharray=\"2 2\"/>");
        rr_buf t = {0};
        rr_printf(&t, "%s%s", head, missing);
        text_at(R, 30, bars_h + 12, "start", "font-size=\"11\" fill=\"#5b6474\"",
                t.data ? t.data : "");
        free(t.data);
        hb_puts(&R->out, "</g>\n");
    }
#undef BX
    svg_close(R);
}

/* ------------------------------------------------------------------ radar */

static void radar_polygon(html_report *R, const char *attrs, const double *vals, size_t k_n,
                          double cx, double cy, double radius, double max)
{
    hbuf *o = &R->out;
    hb_printf(o, "<polygon %s points=\"", attrs);
    for (size_t k = 0; k < k_n; k++) {
        double a = -PI / 2 + 2 * PI * (double)k / (double)k_n;
        double f = isnan(vals[k]) || vals[k] < 0 ? 0 : vals[k] / max;
        if (f > 1) f = 1;
        if (k) hb_puts(o, " ");
        hb_coord(o, cx + radius * f * cos(a));
        hb_puts(o, ",");
        hb_coord(o, cy + radius * f * sin(a));
    }
    hb_puts(o, "\"/>\n");
}

void html_chart_radar(html_report *R, const char *id, const char *title)
{
    const html_data *d = &R->d;
    size_t nd = d->n_dims;
    if (nd < 3 || !d->dim_score) return;
    size_t pick[12], n = 0;
    double max = 0;
    double *mean = calloc(nd, sizeof *mean);
    size_t *cnt = calloc(nd, sizeof *cnt);
    if (!mean || !cnt) {
        free(mean);
        free(cnt);
        R->out.failed = 1;
        return;
    }
    for (size_t r = 0; r < d->n_regions; r++) {
        int any = 0;
        for (size_t k = 0; k < nd; k++) {
            double v = d->dim_score[r * nd + k];
            if (isnan(v)) continue;
            any = 1;
            mean[k] += v;
            cnt[k]++;
            if (v > max) max = v;
        }
        if (any && n < (size_t)R->top) pick[n++] = r;
    }
    for (size_t k = 0; k < nd; k++) mean[k] = cnt[k] ? mean[k] / (double)cnt[k] : NAN;
    free(cnt);
    if (n == 0) {
        free(mean);
        return;
    }
    if (!(max > 0)) max = 1;
    double step = nice_step(max, 4);
    max = ceil(max / step) * step;
    const size_t cols = n == 1 ? 1 : 2;
    const double cw = W / (double)cols, ch = 290, radius = 92;
    size_t rows = (n + cols - 1) / cols;
    svg_open(R, id, title, ch * (double)rows);
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        size_t r = pick[i];
        double cx = cw * ((double)(i % cols) + 0.5), cy = ch * (double)(i / cols) + 160;
        hb_puts(&R->out, "<g class=\"radar\">\n");
        char head[32];
        if (d->rank[r] > 0) snprintf(head, sizeof head, "%lld. ", (long long)d->rank[r]);
        else head[0] = '\0';
        hbuf name = {0};
        hb_puts(&name, head);
        hb_puts(&name, d->name[r]);
        text_at(R, cx, ch * (double)(i / cols) + 28, "middle",
                "font-size=\"15\" font-weight=\"600\"", name.data ? name.data : "");
        free(name.data);
        /* rings and spokes */
        for (int ring = 1; ring <= 4; ring++) {
            double f = ring / 4.0;
            hb_puts(&R->out, "<polygon class=\"grid\" fill=\"none\" points=\"");
            for (size_t k = 0; k < nd; k++) {
                double a = -PI / 2 + 2 * PI * (double)k / (double)nd;
                if (k) hb_puts(&R->out, " ");
                hb_coord(&R->out, cx + radius * f * cos(a));
                hb_puts(&R->out, ",");
                hb_coord(&R->out, cy + radius * f * sin(a));
            }
            hb_puts(&R->out, "\"/>\n");
        }
        text_at(R, cx + 4, cy - radius + 12, "start", "font-size=\"11\" fill=\"#5b6474\"",
                num_text(max, step_decimals(step), buf, sizeof buf));
        for (size_t k = 0; k < nd; k++) {
            double a = -PI / 2 + 2 * PI * (double)k / (double)nd;
            double ca = cos(a), sa = sin(a);
            line_at(R, "grid", cx, cy, cx + radius * ca, cy + radius * sa);
            const char *anchor = ca > 0.3 ? "start" : ca < -0.3 ? "end" : "middle";
            double ly = cy + (radius + 12) * sa + (sa > 0.3 ? 8 : sa < -0.3 ? -2 : 4);
            text_at(R, cx + (radius + 8) * ca, ly, anchor, "font-size=\"11\"", d->dim_label[k]);
        }
        radar_polygon(R, "class=\"radar-mean\" fill=\"none\" stroke=\"#8a93a3\" "
                         "stroke-width=\"1.5\" stroke-dasharray=\"4 3\"",
                      mean, nd, cx, cy, radius, max);
        char attrs[160];
        snprintf(attrs, sizeof attrs,
                 "class=\"radar-area\" fill=\"%s\" fill-opacity=\"0.25\" stroke=\"%s\" "
                 "stroke-width=\"2\"",
                 html_series_colour(i), html_series_colour(i));
        radar_polygon(R, attrs, d->dim_score + r * nd, nd, cx, cy, radius, max);
        hb_puts(&R->out, "</g>\n");
    }
    free(mean);
    svg_close(R);
}

/* ------------------------------------------------------------------ trend lines */

typedef struct end_label {
    size_t r, colour;
    double y;
} end_label;

static int cmp_label(const void *a, const void *b)
{
    const end_label *x = a, *y = b;
    if (x->y != y->y) return x->y < y->y ? -1 : 1;
    return (x->r > y->r) - (x->r < y->r);
}

void html_chart_trend(html_report *R, const char *id, const char *title)
{
    const html_data *d = &R->d;
    size_t nr = d->n_regions, ny = d->n_years;
    if (!d->index || ny == 0 || nr == 0) return;
    double lo = 0, hi = 0;
    int any = 0;
    for (size_t i = 0; i < nr * ny; i++) {
        double v = d->index[i];
        if (isnan(v)) continue;
        if (v > hi) hi = v;
        if (v < lo) lo = v;
        any = 1;
    }
    if (!any) return;
    double step = nice_step(hi - lo, 5);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    if (hi <= lo) hi = lo + step;
    const double l = 56, r_ = 170, t = 24, b = 40, h = 420;
    const double pw = W - l - r_, ph = h - t - b;
#define TX(ti) (ny == 1 ? l + pw / 2 : l + pw * (double)(ti) / (double)(ny - 1))
#define TY(v) (t + ph * (1 - ((v) - lo) / (hi - lo)))
    svg_open(R, id, title, h);
    char buf[64];
    int dec = step_decimals(step);
    for (double v = lo; v <= hi + step / 2; v += step) {
        line_at(R, "grid", l, TY(v), l + pw, TY(v));
        text_at(R, l - 6, TY(v) + 4, "end", "font-size=\"11\" fill=\"#5b6474\"",
                num_text(v, dec, buf, sizeof buf));
    }
    size_t every = ny <= 12 ? 1 : (ny + 11) / 12;
    for (size_t ti = 0; ti < ny; ti += every) {
        line_at(R, "axis", TX(ti), t + ph, TX(ti), t + ph + 4);
        snprintf(buf, sizeof buf, "%d", (int)d->years[ti]);
        text_at(R, TX(ti), t + ph + 18, "middle", "font-size=\"11\"", buf);
    }
    line_at(R, "axis", l, t + ph, l + pw, t + ph);
    line_at(R, "axis", l, t, l, t + ph);
    text_at(R, l - 6, t - 10, "start", "font-size=\"11\" fill=\"#5b6474\"", R->L->index);
    text_at(R, l + pw, t + ph + 34, "end", "font-size=\"11\" fill=\"#5b6474\"", R->L->year);

    end_label labels[12];
    size_t n_labels = 0;
    /* other regions first (grey), the highlighted ones on top */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t r = 0; r < nr; r++) {
            int top = d->rank[r] > 0 && r < (size_t)R->top;
            if (top != pass) continue;
            int has = 0;
            for (size_t ti = 0; ti < ny; ti++) has |= !isnan(d->index[ti * nr + r]);
            if (!has) continue;
            if (top)
                hb_printf(&R->out,
                          "<path class=\"trend top\" fill=\"none\" stroke=\"%s\" "
                          "stroke-width=\"2.5\" d=\"",
                          html_series_colour(n_labels));
            else
                hb_puts(&R->out, "<path class=\"trend\" fill=\"none\" stroke=\"#b8c0cc\" "
                                 "stroke-width=\"1\" d=\"");
            int pen = 0;
            double last_y = NAN;
            for (size_t ti = 0; ti < ny; ti++) {
                double v = d->index[ti * nr + r];
                if (isnan(v)) {
                    pen = 0;
                    continue;
                }
                hb_puts(&R->out, pen ? " L" : (ti ? " M" : "M"));
                hb_coord(&R->out, TX(ti));
                hb_puts(&R->out, " ");
                hb_coord(&R->out, TY(v));
                pen = 1;
                last_y = TY(v);
            }
            hb_puts(&R->out, "\"><title>");
            hb_esc(&R->out, d->name[r]);
            hb_puts(&R->out, "</title></path>\n");
            if (top && n_labels < 12) {
                labels[n_labels].r = r;
                labels[n_labels].colour = n_labels;
                labels[n_labels].y = last_y;
                n_labels++;
            }
        }
    }
    /* end labels, pushed apart so they do not overlap */
    qsort(labels, n_labels, sizeof *labels, cmp_label);
    for (size_t i = 1; i < n_labels; i++)
        if (labels[i].y < labels[i - 1].y + 14) labels[i].y = labels[i - 1].y + 14;
    for (size_t i = n_labels; i-- > 0;) {
        double max_y = (i + 1 < n_labels ? labels[i + 1].y - 14 : t + ph);
        if (labels[i].y > max_y) labels[i].y = max_y;
    }
    for (size_t i = 0; i < n_labels; i++) {
        char attrs[96];
        snprintf(attrs, sizeof attrs, "font-size=\"12\" fill=\"%s\" font-weight=\"600\"",
                 html_series_colour(labels[i].colour));
        text_at(R, l + pw + 8, labels[i].y + 4, "start", attrs, d->name[labels[i].r]);
    }
#undef TX
#undef TY
    svg_close(R);
}

/* ------------------------------------------------------------------ heat map */

void html_chart_heatmap(html_report *R, const char *id, const char *title)
{
    const html_data *d = &R->d;
    size_t nr = d->n_regions, ny = d->n_years;
    if (!d->level || ny == 0) return;
    size_t n = 0;
    int has_zero = 0;
    unsigned char *show = calloc(nr ? nr : 1, 1);
    if (!show) {
        R->out.failed = 1;
        return;
    }
    for (size_t r = 0; r < nr; r++) {
        for (size_t t = 0; t < ny; t++) show[r] |= d->level[t * nr + r] > 0;
        n += show[r];
    }
    for (size_t r = 0; r < nr; r++)
        for (size_t t = 0; t < ny && show[r]; t++) has_zero |= d->level[t * nr + r] == 0;
    if (n == 0) {
        free(show);
        return;
    }
    const double x0 = 160, top = 28, row = 17;
    double cw = (W - x0 - 10) / (double)ny;
    if (cw > 56) cw = 56;
    size_t n_items = 10 + (size_t)has_zero, per_row = R->zh ? 5 : 4;
    double legend_y = top + row * (double)n + 22;
    double why_y = legend_y + 22 * (double)((n_items + per_row - 1) / per_row) + 4;
    double h = why_y + (has_zero ? 18 : 0) + 4;
    svg_open(R, id, title, h);
    char buf[64];
    size_t every = cw >= 30 ? 1 : (size_t)ceil(30 / cw);
    for (size_t t = 0; t < ny; t += every) {
        snprintf(buf, sizeof buf, "%d", (int)d->years[t]);
        text_at(R, x0 + cw * ((double)t + 0.5), top - 8, "middle", "font-size=\"11\"", buf);
    }
    size_t i = 0;
    for (size_t r = 0; r < nr; r++) {
        if (!show[r]) continue;
        double y = top + row * (double)i;
        text_at(R, x0 - 6, y + 12.5, "end", "font-size=\"11\"", d->name[r]);
        for (size_t t = 0; t < ny; t++) {
            int lv = d->level[t * nr + r];
            hb_puts(&R->out, "<rect class=\"cell\" x=\"");
            hb_coord(&R->out, x0 + cw * (double)t);
            hb_puts(&R->out, "\" y=\"");
            hb_coord(&R->out, y);
            hb_puts(&R->out, "\" width=\"");
            hb_coord(&R->out, cw - 1);
            hb_printf(&R->out, "\" height=\"%d\" fill=\"%s\"><title>", (int)row - 1,
                      html_level_colour(lv));
            hb_esc(&R->out, d->name[r]);
            hb_printf(&R->out, " %d: ", (int)d->years[t]);
            if (lv) hb_printf(&R->out, "%d ", lv);
            hb_esc(&R->out, html_level_label(R, lv));
            if (d->coupling_d && !isnan(d->coupling_d[t * nr + r])) {
                hb_puts(&R->out, " (D = ");
                hb_fixed(&R->out, d->coupling_d[t * nr + r], 3);
                hb_puts(&R->out, ")");
            }
            hb_puts(&R->out, "</title></rect>\n");
            if (lv && cw >= 14) {
                snprintf(buf, sizeof buf, "%d", lv);
                text_at(R, x0 + cw * ((double)t + 0.5) - 0.5, y + 12, "middle",
                        lv <= 2 || lv >= 9 ? "font-size=\"11\" fill=\"#fff\""
                                           : "font-size=\"11\" fill=\"#1d2330\"",
                        buf);
            }
        }
        i++;
    }
    /* legend: every level with its label, worst to best */
    for (size_t k = 0; k < n_items; k++) {
        int lv = (int)k + (has_zero ? 0 : 1);
        double x = (W / (double)per_row) * (double)(k % per_row) + 4;
        double y = legend_y + 22 * (double)(k / per_row);
        hb_puts(&R->out, "<rect class=\"legend\" x=\"");
        hb_coord(&R->out, x);
        hb_puts(&R->out, "\" y=\"");
        hb_coord(&R->out, y);
        hb_printf(&R->out, "\" width=\"14\" height=\"14\" fill=\"%s\"/>\n", html_level_colour(lv));
        hbuf label = {0};
        if (lv) hb_printf(&label, "%d ", lv);
        hb_puts(&label, lv ? html_level_label(R, lv) : R->L->no_value);
        text_at(R, x + 18, y + 11.5, "start", "font-size=\"11\"", label.data ? label.data : "");
        free(label.data);
    }
    if (has_zero) /* why a cell has no value */
        text_at(R, 4, why_y + 8, "start", "class=\"legend-why\" font-size=\"11\" fill=\"#5b6474\"",
                R->L->no_coupling);
    free(show);
    svg_close(R);
}

/* ------------------------------------------------------------------ rank intervals */

void html_chart_intervals(html_report *R, const char *id, const char *title,
                          const html_interval *rows, size_t n, double max_rank)
{
    if (n == 0) return;
    if (max_rank < 2) max_rank = 2;
    const double x0 = 160, x1 = W - 20, top = 26, row = 16;
    double h = top + row * (double)n + 10;
#define RX(v) (x0 + ((v) - 1) / (max_rank - 1) * (x1 - x0))
    svg_open(R, id, title, h);
    double step = nice_step(max_rank - 1, 8);
    if (step < 1) step = 1;
    char buf[64];
    for (double v = 1; v <= max_rank + 0.5; v = (v == 1 && step > 1) ? step : v + step) {
        line_at(R, "grid", RX(v), top - 4, RX(v), h - 8);
        snprintf(buf, sizeof buf, "%d", (int)v);
        text_at(R, RX(v), top - 8, "middle", "font-size=\"11\" fill=\"#5b6474\"", buf);
    }
    for (size_t i = 0; i < n; i++) {
        const html_interval *x = &rows[i];
        double y = top + row * (double)i + row / 2;
        text_at(R, x0 - 6, y + 4, "end", "font-size=\"11\"", rr_region_name(R->names, x->region));
        if (!isnan(x->p05) && !isnan(x->p95)) {
            hb_puts(&R->out, "<line class=\"interval\" stroke=\"#1f5fa8\" stroke-width=\"3\" "
                             "stroke-linecap=\"round\" x1=\"");
            hb_coord(&R->out, RX(x->p05));
            hb_puts(&R->out, "\" y1=\"");
            hb_coord(&R->out, y);
            hb_puts(&R->out, "\" x2=\"");
            hb_coord(&R->out, RX(x->p95));
            hb_puts(&R->out, "\" y2=\"");
            hb_coord(&R->out, y);
            hb_puts(&R->out, "\"><title>");
            hb_esc(&R->out, rr_region_name(R->names, x->region));
            hb_puts(&R->out, ": ");
            hb_sig(&R->out, x->p05);
            hb_puts(&R->out, "–");
            hb_sig(&R->out, x->p95);
            hb_puts(&R->out, "</title></line>\n");
        }
        if (!isnan(x->median)) {
            hb_puts(&R->out, "<circle class=\"median\" r=\"4\" fill=\"#fff\" stroke=\"#1f5fa8\" "
                             "stroke-width=\"2\" cx=\"");
            hb_coord(&R->out, RX(x->median));
            hb_puts(&R->out, "\" cy=\"");
            hb_coord(&R->out, y);
            hb_puts(&R->out, "\"/>\n");
        }
        if (!isnan(x->nominal)) {
            double cx = RX(x->nominal);
            hb_puts(&R->out, "<path class=\"nominal\" fill=\"#d62728\" d=\"M");
            hb_coord(&R->out, cx);
            hb_puts(&R->out, " ");
            hb_coord(&R->out, y - 5);
            hb_puts(&R->out, " l4 5 l-4 5 l-4 -5 Z\"/>\n");
        }
    }
#undef RX
    svg_close(R);
}

/* ------------------------------------------------------------------ movers */

/* The position of a dimension id among the gathered dimensions (colour order). */
static size_t dim_slot(const html_data *d, const char *dim)
{
    for (size_t k = 0; k < d->n_dims; k++)
        if (strcmp(d->dims[k], dim) == 0) return k;
    return d->n_dims;
}

void html_chart_movers(html_report *R, const char *id, const char *title, const rr_mover *mv,
                       size_t n)
{
    const html_data *d = &R->d;
    if (n == 0) return;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        double pos = 0, neg = 0;
        for (size_t p = 0; p < mv[i].n_parts; p++) {
            double x = mv[i].part[p].to_index;
            if (isnan(x)) continue;
            if (x > 0) pos += x;
            else neg += x;
        }
        if (pos > hi) hi = pos;
        if (neg < lo) lo = neg;
    }
    double step = nice_step(hi - lo, 4);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    if (hi <= lo) hi = lo + step;
    const double x0 = 160, x1 = W - 20, row = 22;
    size_t legend_rows = (d->n_dims + 2) / 3;
    double top = 30 + 18 * (double)legend_rows;
    double h = top + row * (double)n + 10;
#define MX(val) (x0 + ((val) - lo) / (hi - lo) * (x1 - x0))
    svg_open(R, id, title, h);
    for (size_t k = 0; k < d->n_dims; k++) { /* legend: the dimensions' colours */
        double lx = 10 + 260 * (double)(k % 3), ly = 8 + 18 * (double)(k / 3);
        hb_printf(&R->out, "<rect x=\"%d\" y=\"", (int)lx);
        hb_coord(&R->out, ly);
        hb_printf(&R->out, "\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", html_series_colour(k));
        text_at(R, lx + 16, ly + 11, "start", "font-size=\"11\"", d->dim_label[k]);
    }
    int dec = step_decimals(step);
    char buf[64];
    for (double t = lo; t <= hi + step / 2; t += step) {
        line_at(R, "grid", MX(t), top - 4, MX(t), h - 8);
        text_at(R, MX(t), top - 8, "middle", "font-size=\"11\" fill=\"#5b6474\"",
                num_text(t, dec, buf, sizeof buf));
    }
    for (size_t i = 0; i < n; i++) {
        double y = top + row * (double)i, pos = 0, neg = 0;
        text_at(R, x0 - 6, y + 15, "end", NULL, rr_region_name(R->names, mv[i].region));
        for (size_t p = 0; p < mv[i].n_parts; p++) {
            const rr_mover_part *pt = &mv[i].part[p];
            if (isnan(pt->to_index) || pt->to_index == 0) continue;
            double a, b;
            if (pt->to_index > 0) {
                a = MX(pos);
                pos += pt->to_index;
                b = MX(pos);
            } else {
                b = MX(neg);
                neg += pt->to_index;
                a = MX(neg);
            }
            hb_puts(&R->out, "<rect class=\"contribution\" x=\"");
            hb_coord(&R->out, a);
            hb_puts(&R->out, "\" y=\"");
            hb_coord(&R->out, y + 3);
            hb_puts(&R->out, "\" width=\"");
            hb_coord(&R->out, b - a);
            hb_printf(&R->out, "\" height=\"%d\" fill=\"%s\"><title>", (int)row - 6,
                      html_series_colour(dim_slot(d, pt->dim)));
            hb_esc(&R->out, rr_region_name(R->names, mv[i].region));
            hb_puts(&R->out, ", ");
            hb_esc(&R->out, rr_label(R->names, "dimension", pt->dim));
            hb_puts(&R->out, ": ");
            hb_signed(&R->out, pt->to_index, R->decimals);
            hb_puts(&R->out, "</title></rect>\n");
        }
        /* the index change itself: a tick */
        hb_puts(&R->out, "<line class=\"total\" x1=\"");
        hb_coord(&R->out, MX(mv[i].change));
        hb_puts(&R->out, "\" y1=\"");
        hb_coord(&R->out, y + 1);
        hb_puts(&R->out, "\" x2=\"");
        hb_coord(&R->out, MX(mv[i].change));
        hb_puts(&R->out, "\" y2=\"");
        hb_coord(&R->out, y + row - 1);
        hb_puts(&R->out, "\" stroke=\"#222\" stroke-width=\"2\"/>\n");
    }
    line_at(R, "axis", MX(0), top - 4, MX(0), h - 8);
#undef MX
    svg_close(R);
}

/* ------------------------------------------------------------------ lines */

void html_chart_lines(html_report *R, const char *id, const char *title, const html_series *s,
                      size_t ns, const char *x_label, int x_years)
{
    double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
    size_t points = 0;
    for (size_t i = 0; i < ns; i++)
        for (size_t p = 0; p < s[i].n; p++) {
            if (!isfinite(s[i].x[p]) || !isfinite(s[i].y[p])) continue;
            points++;
            xlo = fmin(xlo, s[i].x[p]);
            xhi = fmax(xhi, s[i].x[p]);
            ylo = fmin(ylo, s[i].y[p]);
            yhi = fmax(yhi, s[i].y[p]);
        }
    if (points < 2) return;
    if (ylo > 0 && ylo < 0.5 * yhi) ylo = 0;
    double ystep = nice_step(yhi - ylo, 5);
    ylo = floor(ylo / ystep) * ystep;
    yhi = ceil(yhi / ystep) * ystep;
    if (yhi <= ylo) yhi = ylo + ystep;
    if (xhi <= xlo) xhi = xlo + 1;
    size_t legend_rows = (ns + 2) / 3;
    const double l = 70, r = W - 20, t = 20 + 18 * (double)legend_rows, ph = 220;
    double h = t + ph + 44;
#define LX(v) (l + ((v) - xlo) / (xhi - xlo) * (r - l))
#define LY(v) (t + ph - ((v) - ylo) / (yhi - ylo) * ph)
    svg_open(R, id, title, h);
    for (size_t i = 0; i < ns; i++) { /* legend */
        double lx = 10 + 260 * (double)(i % 3), ly = 6 + 18 * (double)(i / 3);
        hb_printf(&R->out, "<rect x=\"%d\" y=\"", (int)lx);
        hb_coord(&R->out, ly);
        hb_printf(&R->out, "\" width=\"12\" height=\"12\" fill=\"%s\"/>\n", html_series_colour(i));
        text_at(R, lx + 16, ly + 11, "start", "font-size=\"11\"", s[i].name);
    }
    char buf[64];
    int dec = step_decimals(ystep);
    for (double v = ylo; v <= yhi + ystep / 2; v += ystep) {
        line_at(R, "grid", l, LY(v), r, LY(v));
        text_at(R, l - 6, LY(v) + 4, "end", "font-size=\"11\" fill=\"#5b6474\"",
                num_text(v, dec, buf, sizeof buf));
    }
    if (x_years) {
        double xs = nice_step(xhi - xlo, 8);
        if (xs < 1) xs = 1;
        for (double v = ceil(xlo); v <= xhi + 0.5; v += xs)
            text_at(R, LX(v), t + ph + 18, "middle", "font-size=\"11\"", num_text(v, 0, buf, sizeof buf));
    } else {
        double xs = nice_step(xhi - xlo, 6);
        int xd = step_decimals(xs);
        for (double v = ceil(xlo / xs) * xs; v <= xhi + xs / 2; v += xs)
            text_at(R, LX(v), t + ph + 18, "middle", "font-size=\"11\"", num_text(v, xd, buf, sizeof buf));
    }
    text_at(R, r, t + ph + 36, "end", "font-size=\"11\" fill=\"#5b6474\"", x_label);
    line_at(R, "axis", l, t + ph, r, t + ph);
    for (size_t i = 0; i < ns; i++) {
        hb_printf(&R->out, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
                           "stroke-width=\"2\" points=\"", html_series_colour(i));
        int first = 1;
        for (size_t p = 0; p < s[i].n; p++) {
            if (!isfinite(s[i].x[p]) || !isfinite(s[i].y[p])) continue;
            if (!first) hb_puts(&R->out, " ");
            first = 0;
            hb_coord(&R->out, LX(s[i].x[p]));
            hb_puts(&R->out, ",");
            hb_coord(&R->out, LY(s[i].y[p]));
        }
        hb_puts(&R->out, "\"><title>");
        hb_esc(&R->out, s[i].name);
        hb_puts(&R->out, "</title></polyline>\n");
    }
#undef LX
#undef LY
    svg_close(R);
}
