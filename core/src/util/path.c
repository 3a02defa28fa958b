/* util/path.c — lexical normalisation of paths and the inside-a-folder test. */
#include "util/path.h"

#include <stdlib.h>
#include <string.h>

#include "util/str.h"

char *rc_path_normalize(const char *path)
{
    size_t len = strlen(path);
    int abs = path[0] == '/';
    char *out = rc_malloc(len + 2);
    if (!out) return NULL;
    size_t o = 0;       /* length of out */
    size_t floor = 0;   /* out[0..floor) is leading "../" parts a relative path keeps */
    if (abs) out[o++] = '/';
    const char *p = path;
    while (*p) {
        while (*p == '/') p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != '/') q++;
        size_t n = (size_t)(q - p);
        if (n == 1 && p[0] == '.') {
            /* drop */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (o > floor && !(o == 1 && abs)) {
                /* remove the last part */
                size_t k = o;
                while (k > floor && out[k - 1] != '/') k--;
                o = k > floor && k > (size_t)abs ? k - 1 : k;
                if (abs && o == 0) o = 1;
            } else if (!abs) {
                if (o) out[o++] = '/';
                out[o++] = '.';
                out[o++] = '.';
                floor = o;
            }
        } else {
            if (o && out[o - 1] != '/') out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p = q;
    }
    if (o == 0) out[o++] = '.';
    out[o] = '\0';
    return out;
}

int rc_path_escapes(const char *n)
{
    return strcmp(n, "..") == 0 || strncmp(n, "../", 3) == 0;
}

int rc_path_within(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (n == 1 && dir[0] == '/') return path[0] == '/';
    return strncmp(path, dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

char *rc_path_relative(const char *path, const char *dir)
{
    char *p = rc_path_normalize(path), *d = dir ? rc_path_normalize(dir) : NULL;
    if (!p || (dir && !d)) { /* out of memory */
        free(p);
        free(d);
        return NULL;
    }
    if (!d || p[0] != '/' || d[0] != '/') {
        free(d);
        return p;
    }
    /* the longest common folder prefix, at a '/' boundary */
    size_t common = 0;
    for (size_t i = 0;; i++) {
        if ((d[i] == '\0' || d[i] == '/') && (p[i] == '/' || p[i] == '\0')) common = i;
        if (d[i] == '\0' || p[i] == '\0' || d[i] != p[i]) break;
    }
    if (strcmp(d, "/") == 0) common = 0;
    size_t ups = 0;
    for (const char *q = d + common; *q; q++)
        if (*q == '/' && q[1]) ups++;
    const char *rest = p + common + (p[common] == '/');
    char *out = malloc(ups * 3 + strlen(rest) + 1);
    if (out) {
        char *o = out;
        for (size_t i = 0; i < ups; i++, o += 3) memcpy(o, "../", 3);
        strcpy(o, rest);
    }
    free(p);
    free(d);
    return out;
}
