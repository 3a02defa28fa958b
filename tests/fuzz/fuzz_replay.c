/* tests/fuzz/fuzz_replay.c — the corpus replayer behind the CTest test
 * fuzz_corpus_regressions: feeds every file under corpus/<target>/ and
 * regressions/<target>/ to that target's entry function, in a normal (or ASan) build
 * without libFuzzer. Fails when a corpus folder is missing or empty, when an input breaks an
 * invariant (the entry aborts) or when one input takes longer than the time limit (an
 * alias bomb or a quadratic blow-up must be refused quickly).
 * Usage: fuzz_replay <tests/fuzz folder> [seconds per input, default 5]. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "fuzz_entry.h"

typedef int (*entry_fn)(const uint8_t *, size_t);

static const struct {
    const char *name;
    entry_fn fn;
} targets[] = {
    {"config", rc_fuzz_config_one},
    {"csv", rc_fuzz_csv_one},
    {"formula", rc_fuzz_formula_one},
    {"book", rc_fuzz_book_one},
    {"encoding", rc_fuzz_encoding_one},
    {"boundary", rc_fuzz_boundary_one},
};

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned char *read_all(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    unsigned char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb) free(buf);
            buf = nb;
        }
    }
    fclose(f);
    *size = len;
    return buf;
}

/* Runs every regular file of dir through fn in name order; returns the number run, or -1.
 * A folder that does not exist counts as empty when `optional` (git keeps no empty folder). */
static long replay_dir(const char *dir, entry_fn fn, double limit, int optional)
{
    DIR *d = opendir(dir);
    if (!d && optional) return 0;
    if (!d) {
        fprintf(stderr, "fuzz_replay: cannot open %s\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        char **nn = realloc(names, (n + 1) * sizeof *names);
        if (!nn) break;
        names = nn;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_name);
    long run = 0, bad = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        size_t size = 0;
        unsigned char *data = read_all(path, &size);
        if (!data) {
            fprintf(stderr, "fuzz_replay: cannot read %s\n", path);
            bad++;
            continue;
        }
        double t0 = now();
        fn(data, size);
        double dt = now() - t0;
        free(data);
        if (dt > limit) {
            fprintf(stderr, "fuzz_replay: %s took %.2f s (limit %.1f s)\n", path, dt, limit);
            bad++;
        }
        run++;
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return bad ? -1 : run;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fuzz_replay <tests/fuzz folder> [seconds per input]\n");
        return 2;
    }
    double limit = argc > 2 ? atof(argv[2]) : 5.0;
    int fail = 0;
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/corpus/%s", argv[1], targets[t].name);
        long nc = replay_dir(dir, targets[t].fn, limit, 0);
        snprintf(dir, sizeof dir, "%s/regressions/%s", argv[1], targets[t].name);
        long nr = replay_dir(dir, targets[t].fn, limit, 1);
        printf("%-8s corpus %ld, regressions %ld\n", targets[t].name, nc, nr);
        if (nc <= 0 || nr < 0) fail = 1;
    }
    return fail;
}
