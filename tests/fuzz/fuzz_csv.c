/* tests/fuzz/fuzz_csv.c — fuzz target for the CSV reader and the panel loader: the bytes
 * are parsed as CSV from memory, then written to an in-memory file (memfd) that three
 * fixed configs name: a long-layout source, a wide-layout source, and a wide source that
 * is also the regions, coordinates and adjacency file. Each load either gives a panel
 * whose values are finite or missing, or fails with a message. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config/model.h"
#include "data/csv.h"
#include "data/load.h"
#include "data/panel.h"
#include "fuzz_entry.h"

static int memfd = -1;
static rc_config *configs[3];
static char path[64];

static int setup(void)
{
    if (memfd >= 0) return 0;
    memfd = memfd_create("regcoord-fuzz.csv", 0);
    if (memfd < 0) return -1;
    snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
    char yaml[3][1024];
    snprintf(yaml[0], sizeof yaml[0],
             "data: [{file: '%s', layout: long}]\ndimensions: {d: {}}\n", path);
    snprintf(yaml[1], sizeof yaml[1],
             "data: [{file: '%s', layout: wide}]\nyears: 2000-2030\n"
             "series: {ratio: \"a / b\"}\ndimensions: {d: {}}\n",
             path);
    snprintf(yaml[2], sizeof yaml[2],
             "regions: {file: '%s', name: name, coordinates: '%s', adjacency: '%s'}\n"
             "data: [{file: '%s', layout: wide}]\ndimensions: {d: {}}\n",
             path, path, path, path);
    for (int i = 0; i < 3; i++) {
        rc_error err = {0};
        if (rc_config_load_string(yaml[i], "fuzz.yaml", "/", &configs[i], &err) != 0) {
            fprintf(stderr, "fuzz_csv: fixed config %d refused: %s\n", i, err.msg);
            abort();
        }
    }
    return 0;
}

static void check_panel(const rc_panel *p)
{
    RC_FUZZ_CHECK(p->n_regions >= 1);
    RC_FUZZ_CHECK(p->n_regions <= RC_MAX_REGIONS && p->n_years <= RC_MAX_YEARS);
    for (size_t t = 1; t < p->n_years; t++) RC_FUZZ_CHECK(p->years[t - 1] < p->years[t]);
    for (size_t t = 0; t < p->n_years; t++)
        RC_FUZZ_CHECK(p->years[t] >= RC_YEAR_MIN && p->years[t] <= RC_YEAR_MAX);
    size_t cells = p->n_regions * p->n_years;
    for (size_t s = 0; s < p->n_series; s++)
        for (size_t c = 0; c < cells; c++)
            RC_FUZZ_CHECK(isfinite(p->values[s][c]) || isnan(p->values[s][c]));
    for (size_t r = 0; r < p->n_regions; r++) {
        RC_FUZZ_CHECK(p->region_ids[r][0] != '\0');
        RC_FUZZ_CHECK(rc_panel_region(p, p->region_ids[r]) == (long)r);
    }
    if (p->spatial) {
        const rc_spatial *w = p->spatial;
        for (size_t r = 0; r < w->n; r++) {
            double sum = 0;
            for (size_t k = w->off[r]; k < w->off[r + 1]; k++) {
                RC_FUZZ_CHECK(w->nbr[k] < w->n && w->nbr[k] != r);
                sum += w->w[k];
            }
            RC_FUZZ_CHECK(w->off[r] == w->off[r + 1] || fabs(sum - 1) < 1e-9);
        }
    }
}

int RC_FUZZ_ENTRY(csv)(const uint8_t *data, size_t size)
{
    rc_error err = {0};
    rc_csv *csv = NULL;
    if (rc_csv_parse((const char *)data, size, "fuzz.csv", &csv, &err) == 0) {
        RC_FUZZ_CHECK(csv->header.n >= 1);
        for (size_t i = 0; i < csv->n_rows; i++) {
            RC_FUZZ_CHECK(csv->rows[i].n == csv->header.n);
            RC_FUZZ_CHECK(csv->rows[i].line > csv->header.line);
            for (size_t j = 0; j < csv->rows[i].n; j++) {
                double v;
                int k = rc_csv_parse_value(csv->rows[i].fields[j], &v);
                RC_FUZZ_CHECK((k == 1 && isfinite(v)) || (k != 1 && isnan(v)));
            }
        }
        for (size_t j = 0; j < csv->header.n; j++)
            RC_FUZZ_CHECK(rc_csv_col(csv, csv->header.fields[j]) == (long)j);
        rc_csv_free(csv);
    } else {
        RC_FUZZ_CHECK(csv == NULL && err.kind != RC_ERRK_NONE && err.msg[0] != '\0');
    }

    if (setup() != 0) return 0;
    if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data, size, 0) != (ssize_t)size) return 0;
    for (int i = 0; i < 3; i++) {
        rc_panel *p = NULL;
        rc_error_clear(&err);
        if (rc_panel_load(configs[i], &p, &err) == 0) {
            check_panel(p);
            rc_panel_free(p);
        } else {
            RC_FUZZ_CHECK(p == NULL && err.kind != RC_ERRK_NONE && err.msg[0] != '\0');
        }
    }
    return 0;
}
