/* tests/bench/bench_limits.c — how loading grows with the number of regions: a panel whose
 * every region has its own group label and one adjacency neighbour, loaded at 5000 and at
 * 50000 regions (the limit). Group labels and adjacency pairs are looked up hashed, so ten
 * times the regions should take about ten times as long (pairwise string comparison would
 * take a hundred times). Prints both figures and their ratio; not a CTest test.
 *   build/bench/bench_limits */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config/model.h"
#include "data/load.h"
#include "util/str.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int write_file(const char *dir, const char *name, const rc_buf *b)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = fwrite(b->data, 1, b->len, f) == b->len;
    return fclose(f) == 0 && ok ? 0 : -1;
}

/* Seconds to load n regions (best of three), or a negative number on failure. */
static double load_seconds(size_t n)
{
    char tmpl[] = "/tmp/rc_bench_limits_XXXXXX";
    const char *dir = mkdtemp(tmpl);
    if (!dir) return -1;
    rc_buf reg, adj, data;
    rc_buf_init(&reg);
    rc_buf_init(&adj);
    rc_buf_init(&data);
    rc_buf_puts(&reg, "region,zone\n");
    rc_buf_puts(&adj, "a,b\n");
    rc_buf_puts(&data, "region,year,indicator,value\n");
    for (size_t r = 0; r < n; r++) {
        rc_buf_printf(&reg, "r%zu,z%zu\n", r, r);
        rc_buf_printf(&adj, "r%zu,r%zu\n", r, (r + 1) % n);
        rc_buf_printf(&data, "r%zu,1,s,1\n", r);
    }
    double best = -1;
    if (!reg.failed && !adj.failed && !data.failed && write_file(dir, "regions.csv", &reg) == 0 &&
        write_file(dir, "adjacency.csv", &adj) == 0 && write_file(dir, "data.csv", &data) == 0) {
        const char *yaml = "regions: {file: regions.csv, groups: zone, adjacency: adjacency.csv}\n"
                           "data: [{file: data.csv}]\ndimensions: {d: {}}\n";
        rc_config *cfg = NULL;
        rc_error err;
        if (rc_config_load_string(yaml, "g.yaml", dir, &cfg, &err) == 0) {
            for (int rep = 0; rep < 3; rep++) {
                rc_panel *p = NULL;
                double t0 = now();
                int rc = rc_panel_load(cfg, &p, &err);
                double dt = now() - t0;
                rc_panel_free(p);
                if (rc != 0) {
                    fprintf(stderr, "bench_limits: %s\n", err.msg);
                    best = -1;
                    break;
                }
                if (best < 0 || dt < best) best = dt;
            }
            rc_config_free(cfg);
        }
    }
    const char *files[] = {"regions.csv", "adjacency.csv", "data.csv"};
    for (size_t i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        unlink(path);
    }
    rmdir(dir);
    rc_buf_free(&reg);
    rc_buf_free(&adj);
    rc_buf_free(&data);
    return best;
}

int main(void)
{
    double small = load_seconds(5000), large = load_seconds(50000);
    if (small < 0 || large < 0) return 1;
    printf("load, 5000 regions (baseline): %.3f s\n", small);
    printf("load, 50000 regions:           %.3f s\n", large);
    printf("ratio: %.1f (linear ~10, quadratic ~100)\n", small > 0 ? large / small : 0.0);
    return 0;
}
