/* plugins/reporters/html/html.h — what the html reporter's files share: the output buffer
 * with HTML escaping and deterministic number text (text.c), the report's gathered data
 * (html.c), the SVG charts (charts.c) and the GeoJSON choropleth (geojson.c). Internal to
 * the plugin: nothing here is exported (the plugin builds with hidden visibility). */
#ifndef RC_HTML_REPORTER_H
#define RC_HTML_REPORTER_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h"

#include "../common/movers.h"
#include "../common/names.h"
#include "../common/report_util.h"

/* ------------------------------------------------------------------ text.c */

/* A growing text buffer (the reporters' shared rr_buf); after a failed allocation
 * `failed` is set and writes are ignored, so callers check once at the end. */
typedef rr_buf hbuf;

void hb_put(hbuf *b, const char *s, size_t n);
void hb_puts(hbuf *b, const char *s);
void hb_printf(hbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Text from the data as HTML text or attribute value: & < > " ' become entities, control
 * characters other than tab become spaces. NULL writes nothing. */
void hb_esc(hbuf *b, const char *s);
/* A number with `decimals` fixed decimals, '.' as the decimal point whatever the locale,
 * never "-0"; "—" for NaN. */
void hb_fixed(hbuf *b, double v, int decimals);
/* The same with a leading '+' for positive values ("0" for zero). */
void hb_signed(hbuf *b, double v, int decimals);
/* A number with 4 significant digits (%.4g), locale-independent; "—" for NaN. */
void hb_sig(hbuf *b, double v);
/* An SVG coordinate: one decimal, no "-0.0". */
void hb_coord(hbuf *b, double v);

/* ------------------------------------------------------------------ html.c: the data */

/* Headings and labels in one language (html.c holds the English and Chinese sets). */
typedef struct html_labels {
    const char *title, *contents, *summary, *ranking, *rank, *region, *index, *change,
        *rank_change, *dimensions, *dimensions_note, *trend, *trend_note, *map, *map_note,
        *coupling, *coupling_note, *level, *unclassified, *disparity, *disparity_note,
        *convergence, *sigma, *beta, *term, *statistic, *value, *note, *spatial, *moran,
        *lisa_counts, *hh, *ll, *significant, *obstacles, *obstacles_note, *obstacle_n,
        *uncertainty, *uncertainty_note, *nominal, *mean_rank, *median, *p05, *p95,
        *methodology, *key, *year, *chart_ranking, *chart_radar, *chart_trend,
        *chart_heatmap, *chart_map, *chart_intervals, *mean_all, *no_value, *no_shape,
        *generated, *none, *movers, *movers_note, *chart_movers, *movers_cut;
    const char *partial_note, *missing_legend, *missing_mixed; /* coverage (docs/coverage.md) */
    const char *no_coupling; /* the heat map's legend for a cell without a coupling value */
    const char *audit;       /* the Audit section's heading (audit.c) */
    const char *year_line, *panel_line, *top_line, *climber_line, *no_index;
} html_labels;

/* Everything the charts draw, gathered once from the tables. Regions are in report order
 * (report-year rank, unranked and absent regions after, by id); years ascending. Arrays
 * indexed [t * n_regions + r] hold NaN (or level 0) where a value is missing. */
typedef struct html_data {
    size_t n_regions, n_years;
    const char **region;     /* ids, borrowed from the tables (valid during report()) */
    const char **name;       /* display names (regions.name, else the id), same order */
    int32_t *years;
    size_t report_t;         /* index of the report year in years, or n_years when absent */
    double *index;           /* n_years × n_regions, NaN missing (NULL without an index) */
    int64_t *rank;           /* the report year's rank per region (0 = unranked) */
    double *change, *rank_change; /* the report year's, per region */
    unsigned char *partial;  /* per region: its index is partial in the report year or the
                                year before (the `partial` column), so no headline rests on it */
    unsigned char *partial_now; /* per region: its index is partial in the report year (the
                                   ranking's marker) */
    const char **why_missing; /* per region: the coverage table's reason its index is missing
                                 in the report year (borrowed), NULL when it is not */
    size_t n_dims;
    const char **dims;       /* dimension ids of the report year's scores */
    const char **dim_label;  /* their labels (`label:`, else the id) */
    double *dim_score;       /* n_regions × n_dims of the report year (r * n_dims + k) */
    int32_t *level;          /* coupling levels, n_years × n_regions, 0 = none (NULL: absent) */
    double *coupling_d;      /* coupling D, same layout (NULL when absent) */
    struct html_slot *slots; /* region id → position, open addressing */
    size_t slot_cap;         /* a power of two */
} html_data;

/* Finds a region id; -1 when absent. */
long html_region_find(const html_data *d, const char *id);

typedef struct html_report {
    const rc_host *h;
    rc_ctx *ctx;
    const html_labels *L;
    const rr_names *names;   /* region names and labels by id */
    int zh;
    int decimals;
    int top;
    int movers;              /* movers shown (0 = every region) */
    int32_t year;
    hbuf out;
    html_data d;
} html_report;

/* The label of a coordination level 1..10 in the report language ("" otherwise). */
const char *html_level_label(const html_report *R, int level);
/* The fill colour of a level 0..10. */
const char *html_level_colour(int level);
/* The colour of the i-th highlighted series. */
const char *html_series_colour(size_t i);

/* ------------------------------------------------------------------ audit.c */

/* 1 when the run has an audit table the Audit section renders. */
int html_audit_present(const html_report *R);
/* The section's content (its heading is the caller's). */
void html_write_audit(html_report *R);

/* ------------------------------------------------------------------ charts.c */

/* Each writes one <svg> with the given id, or nothing when there is nothing to draw. The
 * element classes (bar, radar-area, trend, cell, interval) are what the tests count. */
void html_chart_ranking(html_report *R, const char *id, const char *title);
/* The legend entry for the regions whose index is missing in the report year, saying why
 * (the coverage table's reason, or a pointer to it when the reasons differ), into buf;
 * NULL when no region's index is missing there. *n gets how many regions. */
const char *html_missing_legend(const html_report *R, char *buf, size_t size, size_t *n);
void html_chart_radar(html_report *R, const char *id, const char *title);
void html_chart_trend(html_report *R, const char *id, const char *title);
void html_chart_heatmap(html_report *R, const char *id, const char *title);
/* Who moved and why: per mover a stacked bar of the dimensions' contributions to its index
 * change (class "contribution") and a tick at the change itself. */
void html_chart_movers(html_report *R, const char *id, const char *title, const rr_mover *mv,
                       size_t n);

/* A line chart: ns series of (x, y) points (non-finite points skipped), in the series
 * colours with a legend; x_years != 0 labels the x axis with whole years. Nothing when
 * there are fewer than two points. */
typedef struct html_series {
    const char *name;
    const double *x, *y;
    size_t n;
} html_series;
void html_chart_lines(html_report *R, const char *id, const char *title, const html_series *s,
                      size_t ns, const char *x_label, int x_years);

/* Rank intervals: n rows in drawing order, each region with nominal, mean, median, p05 and p95
 * ranks (NaN when missing), ranks running from 1 to max_rank. */
typedef struct html_interval {
    const char *region;
    double nominal, mean, median, p05, p95;
} html_interval;
void html_chart_intervals(html_report *R, const char *id, const char *title,
                          const html_interval *rows, size_t n, double max_rank);

/* ------------------------------------------------------------------ geojson.c */

typedef struct html_map html_map;

/* Reads a GeoJSON FeatureCollection: Polygon and MultiPolygon features keyed by the
 * property `key` (NULL: the first of id, region, name that a feature has; a feature's
 * top-level `id` counts as property id). Returns NULL after setting the error (file that
 * cannot be read or parsed, not a FeatureCollection, bad coordinates, no polygon). */
html_map *html_map_load(const rc_host *h, rc_ctx *ctx, const char *path, const char *key,
                        int32_t *rc);
void html_map_free(html_map *m);
/* The choropleth of the report year's index; *matched counts features matched to a
 * region with a value. */
void html_chart_map(html_report *R, const html_map *m, const char *id, const char *title,
                    size_t *matched);

#endif
