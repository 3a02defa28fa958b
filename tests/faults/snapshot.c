/* tests/faults/snapshot.c — implementation of snapshot.h (plain libc; the test's own
 * allocations bypass the injectable allocator on purpose). */
#include "snapshot.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_all(const char *path, char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *b2 = realloc(buf, cap * 2);
            if (!b2) { free(buf); buf = NULL; break; }
            buf = b2;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf) return -1;
    *data = buf;
    *len = n;
    return 0;
}

static int walk(const char *root, const char *rel, snapshot *s)
{
    char dirpath[4200];
    snprintf(dirpath, sizeof dirpath, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dirpath);
    if (!d) return -1;
    char **names = NULL;
    size_t nn = 0, cn = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        if (nn == cn) {
            cn = cn ? cn * 2 : 16;
            names = realloc(names, cn * sizeof *names);
        }
        names[nn++] = strdup(e->d_name);
    }
    closedir(d);
    if (nn) qsort(names, nn, sizeof *names, cmp_names);
    int rc = 0;
    for (size_t i = 0; i < nn; i++) {
        char relp[2048], full[4200];
        snprintf(relp, sizeof relp, "%s%s%s", rel, rel[0] ? "/" : "", names[i]);
        snprintf(full, sizeof full, "%s/%s", root, relp);
        struct stat st;
        if (lstat(full, &st) != 0) { rc = -1; continue; }
        if (S_ISDIR(st.st_mode)) {
            if (walk(root, relp, s) != 0) rc = -1;
        } else {
            if (s->n == s->cap) {
                s->cap = s->cap ? s->cap * 2 : 16;
                s->files = realloc(s->files, s->cap * sizeof *s->files);
            }
            snap_file *f = &s->files[s->n];
            if (read_all(full, &f->data, &f->len) != 0) { rc = -1; continue; }
            f->path = strdup(relp);
            s->n++;
        }
    }
    for (size_t i = 0; i < nn; i++) free(names[i]);
    free(names);
    return rc;
}

int snapshot_take(const char *dir, snapshot *s)
{
    memset(s, 0, sizeof *s);
    return walk(dir, "", s);
}

void snapshot_free(snapshot *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->files[i].path);
        free(s->files[i].data);
    }
    free(s->files);
    memset(s, 0, sizeof *s);
}

const char *snapshot_differs(const char *dir, const snapshot *s)
{
    static char why[4600];
    snapshot now;
    if (snapshot_take(dir, &now) != 0) {
        snapshot_free(&now);
        snprintf(why, sizeof why, "cannot read %s", dir);
        return why;
    }
    const char *res = NULL;
    for (size_t i = 0; i < now.n && !res; i++) {
        if (strstr(now.files[i].path, ".tmp.")) {
            snprintf(why, sizeof why, "temporary file %s was left behind", now.files[i].path);
            res = why;
        }
    }
    for (size_t i = 0; i < s->n && !res; i++) {
        const snap_file *want = &s->files[i], *got = NULL;
        for (size_t j = 0; j < now.n; j++)
            if (!strcmp(now.files[j].path, want->path)) got = &now.files[j];
        if (!got) {
            snprintf(why, sizeof why, "report %s disappeared", want->path);
            res = why;
        } else if (got->len != want->len || memcmp(got->data, want->data, want->len) != 0) {
            snprintf(why, sizeof why, "report %s changed", want->path);
            res = why;
        }
    }
    if (!res && now.n != s->n) {
        snprintf(why, sizeof why, "%zu files now, %zu before", now.n, s->n);
        res = why;
    }
    snapshot_free(&now);
    return res;
}

size_t snapshot_remove_temps(const char *dir)
{
    snapshot now;
    size_t k = 0;
    snapshot_take(dir, &now);
    for (size_t i = 0; i < now.n; i++) {
        if (!strstr(now.files[i].path, ".tmp.")) continue;
        char full[4200];
        snprintf(full, sizeof full, "%s/%s", dir, now.files[i].path);
        if (unlink(full) == 0) k++;
    }
    snapshot_free(&now);
    return k;
}
