/* tests/bench/bench_formats.c — times loading the same panel from CSV and from .xlsx
 * (rc_panel_load: reading, parsing, checking every cell) and prints both and the ratio;
 * the goal is xlsx within 3x of CSV. The files come from tests/bench/gen_formats.py (run by
 * tests/bench/bench_formats.sh). usage: bench_formats DIR (holding csv.yaml and xlsx.yaml). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config/model.h"
#include "data/load.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Best of `reps` loads, in seconds; the panel's cell count in *cells. */
static double time_load(const char *cfg_path, int reps, size_t *cells)
{
    double best = 1e30;
    for (int i = 0; i < reps; i++) {
        rc_error err;
        rc_error_clear(&err);
        rc_config *cfg = NULL;
        if (rc_config_load(cfg_path, &cfg, &err) != 0) {
            fprintf(stderr, "bench_formats: %s\n", err.msg);
            exit(1);
        }
        rc_panel *p = NULL;
        double t0 = now();
        if (rc_panel_load(cfg, &p, &err) != 0) {
            fprintf(stderr, "bench_formats: %s\n", err.msg);
            exit(1);
        }
        double t = now() - t0;
        if (t < best) best = t;
        *cells = p->n_regions * p->n_years * p->n_series;
        rc_panel_free(p);
        rc_config_free(cfg);
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_formats DIR\n");
        return 2;
    }
    char csv[4096], xlsx[4096];
    snprintf(csv, sizeof csv, "%s/csv.yaml", argv[1]);
    snprintf(xlsx, sizeof xlsx, "%s/xlsx.yaml", argv[1]);
    size_t nc = 0, nx = 0;
    double tc = time_load(csv, 3, &nc), tx = time_load(xlsx, 3, &nx);
    if (nc != nx) {
        fprintf(stderr, "bench_formats: the panels differ (%zu vs %zu cells)\n", nc, nx);
        return 1;
    }
    printf("load %zu cells: csv %.3f s (baseline), xlsx %.3f s, xlsx/csv %.2fx (goal <= 3x)\n",
           nc, tc, tx, tx / tc);
    return 0;
}
