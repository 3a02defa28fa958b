/* util/file.c — opening user-named input files without blocking, regular files only. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *type_of(mode_t m)
{
    if (S_ISFIFO(m)) return "a FIFO";
    if (S_ISDIR(m)) return "a folder";
    if (S_ISCHR(m)) return "a character device";
    if (S_ISBLK(m)) return "a block device";
    if (S_ISSOCK(m)) return "a socket";
    return "not a plain file";
}

static int refuse(const char *path, const char *what, rc_errkind kind, const char *why,
                  rc_error *err)
{
    return rc_error_set(err, kind, "%s%s%s: %s", what ? what : "", what ? " " : "", path, why);
}

static int not_regular(const char *path, const char *what, rc_errkind kind, mode_t m,
                       rc_error *err)
{
    char why[96];
    snprintf(why, sizeof why, "not a regular file (%s); give a file", type_of(m));
    return refuse(path, what, kind, why, err);
}

int rc_open_regular(const char *path, const char *what, rc_errkind kind, rc_error *err)
{
    if (!path || !*path) return refuse("''", what, kind, "an empty file name", err);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        char why[300];
        snprintf(why, sizeof why, "cannot open the file: %s", strerror(errno));
        return refuse(path, what, kind, why, err);
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        mode_t m = st.st_mode;
        close(fd);
        return not_regular(path, what, kind, m, err);
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl != -1) (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    return fd;
}

FILE *rc_fopen_regular(const char *path, const char *what, rc_errkind kind, rc_error *err)
{
    int fd = rc_open_regular(path, what, kind, err);
    if (fd < 0) return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        refuse(path, what, RC_ERRK_OTHER, "out of memory", err);
    }
    return f;
}

int rc_check_regular(const char *path, const char *what, rc_errkind kind, rc_error *err)
{
    if (!path || !*path) return refuse("''", what, kind, "an empty file name", err);
    struct stat st;
    if (stat(path, &st) != 0) {
        char why[300];
        snprintf(why, sizeof why, "cannot open the file: %s", strerror(errno));
        return refuse(path, what, kind, why, err);
    }
    if (!S_ISREG(st.st_mode)) return not_regular(path, what, kind, st.st_mode, err);
    return 0;
}
