/* pipeline/output.c — atomic report files: temp file beside the target, fsync, rename at
 * the end of a successful run, unlink on failure. */
#include "pipeline/output.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/str.h"

int rc_mkdirs(const char *path, rc_error *err)
{
    char *p = rc_strdup(path);
    if (!p) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    size_t len = strlen(p);
    for (size_t i = 1; i <= len; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (p[0] && mkdir(p, 0755) != 0 && errno != EEXIST) {
                int e = errno;
                rc_error_set(err, RC_ERRK_OTHER, "cannot create folder %s: %s", p, strerror(e));
                free(p);
                return -1;
            }
            struct stat st;
            if (p[0] && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
                rc_error_set(err, RC_ERRK_OTHER, "cannot create folder %s: a file is in the way", p);
                free(p);
                return -1;
            }
            p[i] = c;
        }
    }
    free(p);
    return 0;
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return rc_strdup(".");
    if (slash == path) return rc_strdup("/");
    return rc_strndup(path, (size_t)(slash - path));
}

struct rc_output *rc_outputs_begin(rc_outputs *o, const char *final_path, rc_error *err)
{
    for (size_t i = 0; i < o->n; i++) {
        if (strcmp(o->items[i]->final_path, final_path) == 0) {
            rc_error_set(err, RC_ERRK_CONFIG, "two reports write the same file %s", final_path);
            return NULL;
        }
    }
    char *dir = dir_of(final_path);
    if (!dir) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        return NULL;
    }
    if (rc_mkdirs(dir, err) != 0) {
        free(dir);
        return NULL;
    }
    free(dir);
    struct rc_output *out = rc_calloc(1, sizeof *out);
    rc_buf tmp;
    rc_buf_init(&tmp);
    rc_buf_printf(&tmp, "%s.tmp.XXXXXX", final_path);
    if (!out || tmp.failed || o->n == SIZE_MAX) goto nomem;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 8;
        struct rc_output **items = rc_reallocarray(o->items, cap, sizeof *items);
        if (!items) goto nomem;
        o->items = items;
        o->cap = cap;
    }
    out->final_path = rc_strdup(final_path);
    if (!out->final_path) goto nomem;
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        int e = errno;
        rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", final_path, strerror(e));
        free(out->final_path);
        free(out);
        rc_buf_free(&tmp);
        return NULL;
    }
    fchmod(fd, 0644);
    out->temp_path = tmp.data;
    out->fp = fdopen(fd, "wb");
    if (!out->fp) {
        close(fd);
        unlink(out->temp_path);
        free(out->temp_path);
        free(out->final_path);
        free(out);
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        return NULL;
    }
    o->items[o->n++] = out;
    return out;
nomem:
    if (out) free(out->final_path);
    free(out);
    rc_buf_free(&tmp);
    rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    return NULL;
}

int rc_outputs_write(struct rc_output *out, const void *data, size_t len, rc_error *err)
{
    if (!out->fp || out->ended)
        return rc_error_set(err, RC_ERRK_PLUGIN, "write to %s after it was finished", out->final_path);
    if (len && fwrite(data, 1, len, out->fp) != len) {
        int e = errno;
        out->failed = 1;
        return rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", out->final_path, strerror(e));
    }
    return 0;
}

int rc_outputs_end(struct rc_output *out, rc_error *err)
{
    if (out->ended) return 0;
    if (!out->fp) return rc_error_set(err, RC_ERRK_OTHER, "cannot write %s", out->final_path);
    int bad = out->failed;
    if (fflush(out->fp) != 0 || fsync(fileno(out->fp)) != 0) bad = 1;
    int e = errno;
    if (fclose(out->fp) != 0) bad = 1;
    out->fp = NULL;
    if (bad) {
        out->failed = 1;
        return rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", out->final_path,
                            e ? strerror(e) : "write failed");
    }
    out->ended = 1;
    return 0;
}

int rc_outputs_commit(rc_outputs *o, rc_error *err)
{
    for (size_t i = 0; i < o->n; i++) {
        if (!o->items[i]->ended)
            return rc_error_set(err, RC_ERRK_PLUGIN, "report file %s was begun but never finished",
                                o->items[i]->final_path);
    }
    for (size_t i = 0; i < o->n; i++) {
        struct rc_output *out = o->items[i];
        if (rename(out->temp_path, out->final_path) != 0) {
            int e = errno;
            return rc_error_set(err, RC_ERRK_OTHER, "cannot move %s into place: %s",
                                out->final_path, strerror(e));
        }
        free(out->temp_path);
        out->temp_path = NULL;
    }
    return 0;
}

void rc_outputs_abort(rc_outputs *o)
{
    for (size_t i = 0; i < o->n; i++) {
        struct rc_output *out = o->items[i];
        if (out->fp) fclose(out->fp);
        out->fp = NULL;
        if (out->temp_path) unlink(out->temp_path);
    }
}

void rc_outputs_free(rc_outputs *o)
{
    rc_outputs_abort(o);
    for (size_t i = 0; i < o->n; i++) {
        free(o->items[i]->temp_path);
        free(o->items[i]->final_path);
        free(o->items[i]);
    }
    free(o->items);
    memset(o, 0, sizeof *o);
}
