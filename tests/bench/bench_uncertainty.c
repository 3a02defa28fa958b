/* tests/bench/bench_uncertainty.c — times the uncertainty analysis on the ASEM index (51
 * regions, 49 indicators, four levels; tests/bench/bench_uncertainty.yaml reading
 * ../shared/data/asem_coinr) with weight noise ±25 % and two aggregation methods: 1,000,
 * 10,000 and 20,000 replications on 1 and 2 threads, plus a Saltelli design. Each case runs
 * in its own child process so that its peak memory (ru_maxrss) is its own; the time shown is
 * the whole run minus a run without the analysis. Not a CTest test; run it by hand:
 *   build/bench/bench_uncertainty */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "results/table.h"

#define CONFIG REGCOORD_BENCH_DIR "/bench_uncertainty.yaml"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s) s[n] = 0;
    fclose(f);
    return s;
}

/* One run of the ASEM config with `block` appended; returns seconds or -1. */
static double run_once(const char *block)
{
    char *base = read_text(CONFIG);
    if (!base) return -1;
    size_t len = strlen(base) + strlen(block) + 1;
    char *text = malloc(len);
    snprintf(text, len, "%s%s", base, block);
    rc_error err;
    rc_config *cfg = NULL;
    rc_registry *reg = NULL;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    double t = -1;
    if (rc_config_load_string(text, CONFIG, REGCOORD_BENCH_DIR, &cfg, &err) != 0 ||
        rc_registry_scan(&reg, dirs, 1, NULL, &err) != 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        goto done;
    }
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = "/tmp", .verbosity = 0, .log = devnull};
    rc_resultset *rs = NULL;
    double t0 = now();
    int rc = rc_run(cfg, reg, &o, &rs, &err);
    t = now() - t0;
    fclose(devnull);
    if (rc != 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        t = -1;
    }
    rc_resultset_free(rs);
done:
    rc_registry_free(reg);
    rc_config_free(cfg);
    free(base);
    free(text);
    return t;
}

/* Runs the case in a child; prints its time (minus the base run) and peak RSS and returns
 * that time (-1 when it failed). */
static double measure(const char *label, const char *block, double base)
{
    int fd[2];
    if (pipe(fd) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        double t = run_once(block);
        if (write(fd[1], &t, sizeof t) != (ssize_t)sizeof t) _exit(1);
        _exit(t < 0);
    }
    close(fd[1]);
    double t = -1;
    if (read(fd[0], &t, sizeof t) != (ssize_t)sizeof t) t = -1;
    close(fd[0]);
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    if (t < 0) {
        printf("%-44s failed\n", label);
        return -1;
    }
    printf("%-44s %7.3f s (run %.3f s)  peak RSS %6.1f MiB\n", label, t - base, t,
           (double)ru.ru_maxrss / 1024.0);
    fflush(stdout);
    return t - base;
}

int main(void)
{
    printf("bench_uncertainty: ASEM, 51 regions x 49 indicators, 4 levels, %ld cores\n",
           sysconf(_SC_NPROCESSORS_ONLN));
    double base = 1e9;
    for (int i = 0; i < 3; i++) { /* best of three for the run without the analysis */
        double t = run_once("");
        if (t < 0) return 1;
        if (t < base) base = t;
    }
    printf("%-44s %7.3f s\n", "scoring run without uncertainty", base);
    const long runs[] = {1000, 10000, 20000};
    double secs[2][3];
    for (int th = 1; th <= 2; th++) {
        for (size_t r = 0; r < 3; r++) {
            char block[512], label[128];
            snprintf(block, sizeof block,
                     "analysis:\n  uncertainty: {runs: %ld, seed: 1, threads: %d, "
                     "weights: {noise: 0.25}, aggregate: [arithmetic, geometric]}\n",
                     runs[r], th);
            snprintf(label, sizeof label, "%6ld replications, %d thread%s", runs[r], th,
                     th > 1 ? "s" : "");
            secs[th - 1][r] = measure(label, block, base);
        }
    }
    /* tracker issue 19, goal 4: <= 5 us per replication, >= 1.8x on 2 threads from 10,000 */
    for (size_t r = 0; r < 3; r++)
        if (secs[0][r] > 0 && secs[1][r] > 0)
            printf("%6ld replications: %6.1f us each on 1 thread, %6.1f on 2 (goal <= 5); "
                   "2 threads %.2fx (goal >= 1.8x)\n", runs[r], 1e6 * secs[0][r] / (double)runs[r],
                   1e6 * secs[1][r] / (double)runs[r], secs[0][r] / secs[1][r]);
    (void)measure("Saltelli N = 2000 (8,000 evaluations), 2 thr",
            "analysis:\n  uncertainty: {runs: 1, threads: 2, weights: {noise: 0.25}, "
            "aggregate: [arithmetic, geometric], sensitivity: {samples: 2000}}\n",
            base);
    return 0;
}
