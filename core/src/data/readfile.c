/* data/readfile.c — reads an input file into memory: opened through rc_open_regular
 * (util/file.h: non-blocking, regular files only), size-limited. */
#include "data/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/str.h"

int rc_read_regular_file(const char *path, size_t max, char **buf, size_t *size,
                         rc_error *err)
{
    *buf = NULL;
    *size = 0;
    /* the one opener of user-named files: never blocks on a FIFO, regular files only */
    int fd = rc_open_regular(path, NULL, RC_ERRK_DATA, err);
    if (fd < 0) return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        close(fd);
        return rc_error_set(err, RC_ERRK_DATA, "%s: cannot open the file: %s", path,
                            strerror(errno));
    }
    if ((unsigned long long)st.st_size > (unsigned long long)max) {
        close(fd);
        if (max >= ((size_t)1 << 30) && max % ((size_t)1 << 30) == 0)
            return rc_error_set(err, RC_ERRK_DATA, "%s: the file is larger than %zu GiB", path,
                                max >> 30);
        return rc_error_set(err, RC_ERRK_DATA, "%s: the file is larger than %zu MiB", path,
                            max >> 20);
    }
    size_t n = (size_t)st.st_size;
    char *b = rc_malloc(n + 1);
    if (!b) {
        close(fd);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", path);
    }
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, b + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    close(fd);
    if (got != n) {
        free(b);
        return rc_error_set(err, RC_ERRK_DATA, "%s: read error", path);
    }
    b[n] = '\0';
    *buf = b;
    *size = n;
    return 0;
}
