/* tests/faults/bench_isolation.c — what running each plugin callback in a child process
 * would cost, against what the in-process guard costs (docs/plugin-isolation.md). For a
 * config it measures, with the run's panel and result set resident: the guard's checksums
 * of the panel and of the result set; fork() + _exit + waitpid of that process; and the
 * transfer a child would need to hand a dimension's results back (every indicator's raw,
 * value and normalised columns plus the scores, through a pipe). Figures, not pass/fail.
 * usage: bench_isolation CONFIG [PLUGIN_DIR] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config/model.h"
#include "data/load.h"
#include "pipeline/guard.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* fork, the child sends `bytes` through a pipe, the parent reads them and reaps it. */
static double fork_transfer(size_t bytes)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        close(fd[0]);
        static char chunk[1 << 16];
        size_t left = bytes;
        while (left) {
            size_t n = left < sizeof chunk ? left : sizeof chunk;
            ssize_t w = write(fd[1], chunk, n);
            if (w <= 0) _exit(1);
            left -= (size_t)w;
        }
        _exit(0);
    }
    close(fd[1]);
    static char buf[1 << 16];
    size_t got = 0;
    ssize_t r;
    while ((r = read(fd[0], buf, sizeof buf)) > 0) got += (size_t)r;
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    double t = now() - t0;
    return got == bytes ? t : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_isolation CONFIG [PLUGIN_DIR]\n");
        return 2;
    }
    const char *dirs[] = {argc > 2 ? argv[2] : REGCOORD_BUILD_PLUGIN_DIR};
    rc_error err;
    rc_config *cfg = NULL;
    rc_registry *reg = NULL;
    if (rc_config_load(argv[1], &cfg, &err) != 0 || rc_registry_scan(&reg, dirs, 1, NULL, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    char tmpl[] = "/tmp/rc_bench_iso_XXXXXX";
    char *out = mkdtemp(tmpl);
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = out, .verbosity = 0, .log = devnull};
    rc_resultset *rs = NULL;
    double t0 = now();
    if (rc_run(cfg, reg, &o, &rs, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    double t_run = now() - t0;
    rc_panel *panel = NULL;
    if (rc_panel_load(cfg, &panel, &err) != 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    size_t cells = panel->n_regions * panel->n_years;
    const struct rc_table *ti = rc_table_get(rs, "indicators"); /* a row per region-year-indicator */
    size_t n_ind = ti && cells ? ti->nrows / cells : 0;
    size_t result_bytes = cells * sizeof(double) * (3 * n_ind + cfg->n_dims);
    size_t cells_rs = 0;
    for (size_t i = 0; i < rs->n; i++) cells_rs += rs->tables[i]->nrows * rs->tables[i]->ncols;

    const int reps = 5;
    double t_panel = 1e30, t_rs = 1e30, t_fork = 1e30, t_xfer = 1e30;
    for (int i = 0; i < reps; i++) {
        double a = now();
        volatile uint64_t s1 = rc_guard_panel_sum(panel);
        double b = now();
        volatile uint64_t s2 = rc_guard_results_sum(rs);
        double c = now();
        (void)s1;
        (void)s2;
        if (b - a < t_panel) t_panel = b - a;
        if (c - b < t_rs) t_rs = c - b;
        double f = fork_transfer(0), x = fork_transfer(result_bytes);
        if (f >= 0 && f < t_fork) t_fork = f;
        if (x >= 0 && x < t_xfer) t_xfer = x;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("config %s: %zu regions x %zu years x %zu series, %zu dimensions (%zu indicators), "
           "%zu reports; result set %zu tables, %zu cells; peak RSS %.0f MiB\n",
           argv[1], panel->n_regions, panel->n_years, panel->n_series, cfg->n_dims, n_ind,
           cfg->n_reports, rs->n, cells_rs, (double)ru.ru_maxrss / 1024.0);
    printf("whole run (in process, guarded):   %9.3f ms\n", t_run * 1e3);
    printf("guard: panel checksum               %9.3f ms per callback\n", t_panel * 1e3);
    printf("guard: result-set checksum          %9.3f ms per reporter callback\n", t_rs * 1e3);
    printf("child: fork + exit + wait           %9.3f ms per callback\n", t_fork * 1e3);
    printf("child: + results back (%6.1f MiB)   %9.3f ms for all dimensions\n",
           (double)result_bytes / 1048576.0, t_xfer * 1e3);
    rc_panel_free(panel);
    rc_resultset_free(rs);
    rc_registry_free(reg);
    rc_config_free(cfg);
    fclose(devnull);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    return system(cmd) == 0 ? 0 : 1;
}
