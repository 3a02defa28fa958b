/* pipeline/output.c — the report set of a run: the output folder's lock, temporary files
 * beside their targets, path checks, the all-or-nothing commit with hard-linked backups and
 * a journal, recovery of a killed commit, and cleanup on failure or signal. */
#include "pipeline/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/cancel.h"
#include "util/path.h"
#include "util/str.h"

#define LOCK_NAME ".regcoord.lock"
#define JOURNAL_NAME ".regcoord.journal"
#define JOURNAL_DONE "committed"

int rc_outputs_fail_rename_at = 0;
static int g_renames = 0; /* renames attempted since the fault was armed */

static int oom(rc_error *err) { return rc_error_set(err, RC_ERRK_OTHER, "out of memory"); }

static int push_str(char ***v, size_t *n, const char *s)
{
    char *c = rc_strdup(s);
    char **nv = c ? rc_reallocarray(*v, *n + 1, sizeof *nv) : NULL;
    if (!nv) {
        free(c);
        return -1;
    }
    nv[(*n)++] = c;
    *v = nv;
    return 0;
}

/* mkdir -p; records the folders it made in `made` when not NULL. */
static int mkdirs_rec(const char *path, char ***made, size_t *n_made, rc_error *err)
{
    char *p = rc_strdup(path);
    if (!p) return oom(err);
    size_t len = strlen(p);
    for (size_t i = 1; i <= len; i++) {
        if (p[i] != '/' && p[i] != '\0') continue;
        char c = p[i];
        p[i] = '\0';
        int made_it = 0;
        if (p[0] && mkdir(p, 0755) == 0) made_it = 1;
        else if (p[0] && errno != EEXIST) {
            int e = errno;
            rc_error_set(err, RC_ERRK_OTHER, "cannot create folder %s: %s", p,
                         e == ENOTDIR ? "a file is in the way" : strerror(e));
            free(p);
            return -1;
        }
        struct stat st;
        if (p[0] && (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))) {
            rc_error_set(err, RC_ERRK_OTHER, "cannot create folder %s: a file is in the way", p);
            free(p);
            return -1;
        }
        if (made_it && made && push_str(made, n_made, p) != 0) {
            free(p);
            return oom(err);
        }
        p[i] = c;
    }
    free(p);
    return 0;
}

int rc_mkdirs(const char *path, rc_error *err) { return mkdirs_rec(path, NULL, NULL, err); }

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return rc_strdup(".");
    if (slash == path) return rc_strdup("/");
    return rc_strndup(path, (size_t)(slash - path));
}

/* ------------------------------------------------------------------ signal cleanup */

/* Runs in a signal handler: only unlink/rmdir. Backups exist only inside the commit, which
 * holds off stop signals, so only temporary files, the lock file and created folders are
 * removed (a crash inside the commit is not possible: no plugin runs there). */
void rc_outputs_stop_cleanup(const rc_outputs *o)
{
    for (size_t i = 0; o->items && i < o->n; i++)
        if (o->items[i] && o->items[i]->temp_path) unlink(o->items[i]->temp_path);
    if (o->lock_held && o->root) { /* the lock goes with us (a waiter re-checks the file) */
        char lock[PATH_MAX];
        size_t n = strlen(o->root);
        if (n + sizeof LOCK_NAME + 1 < sizeof lock) {
            memcpy(lock, o->root, n);
            lock[n] = '/';
            memcpy(lock + n + 1, LOCK_NAME, sizeof LOCK_NAME);
            unlink(lock);
        }
    }
    for (size_t i = o->n_made; i-- > 0;) rmdir(o->made_dirs[i]);
}

static void on_stop(void *arg) { rc_outputs_stop_cleanup(arg); }

/* ------------------------------------------------------------------ stale files */

/* A temporary name this module makes: NAME.tmp.PID.XXXXXX (optionally + ".bak"). Returns
 * the pid, or 0 when the name is not one. */
static long temp_pid(const char *name)
{
    const char *t = strstr(name, ".tmp.");
    while (t) {
        const char *p = t + 5;
        char *end;
        long pid = strtol(p, &end, 10);
        if (end != p && *end == '.' && pid > 0) {
            size_t rest = strlen(end + 1);
            if (rest == 6 || (rest == 10 && strcmp(end + 7, ".bak") == 0)) return pid;
        }
        t = strstr(t + 1, ".tmp.");
    }
    return 0;
}

/* Removes the temporary files of dead runs in one folder (once per folder per run). */
static int clear_stale(rc_outputs *o, const char *dir)
{
    for (size_t i = 0; i < o->n_scanned; i++)
        if (strcmp(o->scanned[i], dir) == 0) return 0;
    if (push_str(&o->scanned, &o->n_scanned, dir) != 0) return -1;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    rc_buf p;
    rc_buf_init(&p);
    while ((e = readdir(d)) != NULL) {
        long pid = temp_pid(e->d_name);
        if (!pid) continue;
        if (pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno == EPERM)) continue;
        p.len = 0;
        rc_buf_printf(&p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (!p.failed && lstat(p.data, &st) == 0 && S_ISREG(st.st_mode)) unlink(p.data);
    }
    closedir(d);
    rc_buf_free(&p);
    return 0;
}

/* A journal line: final TAB temp TAB backup (either may be empty). */
static void recover_line(char *line)
{
    char *t1 = strchr(line, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2) return;
    *t1 = *t2 = '\0';
    const char *final = line, *temp = t1 + 1, *backup = t2 + 1;
    struct stat st;
    int temp_left = *temp && lstat(temp, &st) == 0;
    if (*backup && lstat(backup, &st) == 0) {
        rename(backup, final); /* the previous file (a no-op when it was never replaced) */
        unlink(backup);        /* still there after that no-op: a second link */
    } else if (!*backup && !temp_left) {
        unlink(final); /* new in that commit */
    }
    if (temp_left) unlink(temp);
    if (!*backup) { /* the folder a new file needed, when that run made it and it is empty */
        char *dir = dir_of(final);
        if (dir) rmdir(dir);
        free(dir);
    }
}

/* Rolls forward a committed journal's leftovers (backups), or back an unfinished one. */
static void recover_journal(const char *root, FILE *log)
{
    rc_buf jp;
    rc_buf_init(&jp);
    rc_buf_printf(&jp, "%s/%s", root, JOURNAL_NAME);
    FILE *f = jp.failed ? NULL : fopen(jp.data, "rb");
    if (!f) {
        rc_buf_free(&jp);
        return;
    }
    rc_buf all;
    rc_buf_init(&all);
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) rc_buf_append(&all, chunk, got);
    fclose(f);
    if (all.failed) {
        rc_buf_free(&all);
        rc_buf_free(&jp);
        return;
    }
    int done = all.len >= sizeof JOURNAL_DONE &&
               strcmp(all.data + all.len - sizeof JOURNAL_DONE, JOURNAL_DONE "\n") == 0;
    char *save = NULL;
    for (char *line = strtok_r(all.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (done) {
            char *t2 = strrchr(line, '\t');
            if (t2 && t2[1]) unlink(t2 + 1); /* the new set is in place: drop the backups */
        } else {
            recover_line(line);
        }
    }
    if (log)
        fprintf(log, "regcoord: %s: a run that was killed while moving its reports into place "
                     "left a journal; %s\n", root,
                done ? "its reports were complete, leftover backups removed"
                     : "the previous reports were restored");
    unlink(jp.data);
    rc_buf_free(&all);
    rc_buf_free(&jp);
}

/* ------------------------------------------------------------------ the lock */

static long lock_holder(int fd)
{
    char b[32];
    ssize_t n = pread(fd, b, sizeof b - 1, 0);
    if (n <= 0) return 0;
    b[n] = '\0';
    return strtol(b, NULL, 10);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Opens the lock file and takes the lock, waiting up to wait_secs. 1 = held, 0 = busy
 * (holder in *pid), -1 = error. */
static int take_lock(rc_outputs *o, const char *lock_path, double wait_secs, FILE *log,
                     const char *shown, long *pid, rc_error *err)
{
    double until = now_s() + wait_secs;
    int said = 0;
    for (;;) {
        int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
            int e = errno;
            return rc_error_set(err, RC_ERRK_OTHER, "cannot lock the output folder %s: %s", shown,
                                e == ELOOP ? LOCK_NAME " is a symbolic link" : strerror(e));
        }
        if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
            struct stat a, b;
            /* the holder before us may have removed the file (a folder it created) */
            if (fstat(fd, &a) == 0 && lstat(lock_path, &b) == 0 && a.st_ino == b.st_ino &&
                a.st_dev == b.st_dev) {
                o->lock_fd = fd;
                o->lock_held = 1;
                return 1;
            }
            close(fd);
            continue;
        }
        if (errno != EWOULDBLOCK) {
            int e = errno;
            close(fd);
            return rc_error_set(err, RC_ERRK_OTHER, "cannot lock the output folder %s: %s",
                                shown, strerror(e));
        }
        *pid = lock_holder(fd);
        close(fd);
        double left = until - now_s();
        if (left <= 0) return 0;
        if (!said && log) {
            char who[48] = "another run";
            if (*pid > 0) snprintf(who, sizeof who, "pid %ld", *pid);
            fprintf(log, "regcoord: waiting for the output folder %s, in use by %s (up to "
                         "%g s, --wait)\n", shown, who, wait_secs);
            said = 1;
        }
        if (rc_cancel_pending()) return 0;
        struct timespec ts = {0, 20 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
}

int rc_outputs_open(rc_outputs *o, const char *out_dir, double wait_secs, FILE *log,
                    rc_error *err)
{
    if (!out_dir || !*out_dir)
        return rc_error_set(err, RC_ERRK_CONFIG, "the output folder is an empty name");
    struct stat st;
    int existed = stat(out_dir, &st) == 0;
    rc_cancel_hold();
    int rc = mkdirs_rec(out_dir, &o->made_dirs, &o->n_made, err);
    rc_cancel_release(NULL);
    if (rc != 0) return -1;
    o->made_root = !existed;
    char real[PATH_MAX];
    if (!realpath(out_dir, real))
        return rc_error_set(err, RC_ERRK_OTHER, "cannot resolve the output folder %s: %s", out_dir,
                            strerror(errno));
    o->root = rc_strdup(real);
    if (!o->root) return oom(err);
    rc_cancel_set_cleanup(on_stop, o);
    rc_buf lp;
    rc_buf_init(&lp);
    rc_buf_printf(&lp, "%s/%s", o->root, LOCK_NAME);
    if (lp.failed) return oom(err);
    long pid = 0;
    rc = take_lock(o, lp.data, wait_secs, log, out_dir, &pid, err);
    rc_buf_free(&lp);
    if (rc < 0) return -1;
    char who[48] = "another process";
    if (pid > 0) snprintf(who, sizeof who, "pid %ld", pid);
    if (rc == 0)
        return rc_error_set(err, RC_ERRK_OTHER,
                            "output folder %s in use by %s (another regcoord run is writing "
                            "its reports there%s)", out_dir, who,
                            wait_secs > 0 ? "; waited --wait seconds" :
                                            "; wait for it with --wait SECONDS");
    char pb[32];
    int n = snprintf(pb, sizeof pb, "%ld\n", (long)getpid());
    if (ftruncate(o->lock_fd, 0) != 0 || pwrite(o->lock_fd, pb, (size_t)n, 0) != n) {
        /* the pid is informative only */
    }
    recover_journal(o->root, log);
    if (clear_stale(o, o->root) != 0) return oom(err);
    return 0;
}

int rc_outputs_add_input(rc_outputs *o, const char *path, rc_error *err)
{
    struct stat st;
    if (!path || stat(path, &st) != 0) return 0;
    rc_input_id *v = rc_reallocarray(o->inputs, o->n_inputs + 1, sizeof *v);
    if (!v) return oom(err);
    o->inputs = v;
    v[o->n_inputs].dev = st.st_dev;
    v[o->n_inputs].ino = st.st_ino;
    v[o->n_inputs].path = rc_strdup(path);
    if (!v[o->n_inputs].path) return oom(err);
    o->n_inputs++;
    return 0;
}

/* ------------------------------------------------------------------ one output path */

/* Normalises `final_path`, checks it against the folder, the inputs and the other outputs,
 * and creates its folder; returns the normalised path (malloc'd) or NULL. */
static char *check_target(rc_outputs *o, const char *final_path, const char *other_root,
                          rc_error *err)
{
    const char *root = other_root ? other_root : o->root;
    char *p = rc_path_normalize(final_path);
    if (!p) {
        oom(err);
        return NULL;
    }
    if (root && (p[0] != '/' || !rc_path_within(p, root) || strcmp(p, root) == 0)) {
        rc_error_set(err, RC_ERRK_CONFIG, "cannot write %s: it is outside the %s %s", final_path,
                     other_root ? "config's folder" : "output folder", root);
        goto fail;
    }
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->items[i]->final_path, p) == 0) {
            rc_error_set(err, RC_ERRK_CONFIG, "two reports write the same file %s", p);
            goto fail;
        }
    for (size_t i = 0; i < o->n_in_place; i++)
        if (strcmp(o->in_place[i].path, p) == 0) {
            rc_error_set(err, RC_ERRK_CONFIG, "two reports write the same file %s", p);
            goto fail;
        }
    char *dir = dir_of(p);
    if (!dir) {
        oom(err);
        goto fail;
    }
    /* no folder between the root and the file may be a symbolic link */
    if (root) {
        size_t start = strlen(root);
        for (size_t i = start + 1; i <= strlen(dir); i++) {
            if (dir[i] != '/' && dir[i] != '\0') continue;
            char c = dir[i];
            dir[i] = '\0';
            struct stat st;
            if (lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
                rc_error_set(err, RC_ERRK_OTHER,
                             "cannot write %s: the folder %s is a symbolic link, and reports are "
                             "never written through a link (it could lead out of the output "
                             "folder)", p, dir);
                free(dir);
                goto fail;
            }
            dir[i] = c;
        }
    }
    rc_cancel_hold();
    int rc = mkdirs_rec(dir, &o->made_dirs, &o->n_made, err);
    rc_cancel_release(NULL);
    if (rc == 0 && o->root && !other_root && clear_stale(o, dir) != 0) rc = oom(err);
    free(dir);
    if (rc != 0) goto fail;
    struct stat st;
    if (lstat(p, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: a folder is in the way", p);
            goto fail;
        }
        for (size_t i = 0; i < o->n_inputs; i++)
            if (o->inputs[i].dev == st.st_dev && o->inputs[i].ino == st.st_ino) {
                rc_error_set(err, RC_ERRK_CONFIG,
                             "the report file %s is %s, an input of this run; reports never "
                             "overwrite their inputs (choose another path or output folder)",
                             p, o->inputs[i].path);
                goto fail;
            }
    }
    return p;
fail:
    free(p);
    return NULL;
}

struct rc_output *rc_outputs_begin(rc_outputs *o, const char *final_path, rc_error *err)
{
    rc_cancel_set_cleanup(on_stop, o);
    char *p = check_target(o, final_path, NULL, err);
    if (!p) return NULL;
    struct rc_output *out = rc_calloc(1, sizeof *out);
    rc_buf tmp;
    rc_buf_init(&tmp);
    rc_buf_printf(&tmp, "%s.tmp.%ld.XXXXXX", p, (long)getpid());
    if (!out || tmp.failed || o->n == SIZE_MAX) goto nomem;
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 8;
        rc_cancel_hold(); /* the signal cleanup reads the array */
        struct rc_output **items = rc_reallocarray(o->items, cap, sizeof *items);
        if (items) {
            o->items = items;
            o->cap = cap;
        }
        rc_cancel_release(NULL);
        if (!items) goto nomem;
    }
    out->final_path = p;
    p = NULL;
    rc_cancel_hold();
    int fd = mkstemp(tmp.data);
    if (fd >= 0) {
        out->temp_path = tmp.data;
        o->items[o->n++] = out;
    }
    rc_cancel_release(NULL);
    if (fd < 0) {
        int e = errno;
        rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", out->final_path, strerror(e));
        free(out->final_path);
        free(out);
        rc_buf_free(&tmp);
        return NULL;
    }
    fchmod(fd, 0644);
    out->fp = fdopen(fd, "wb");
    if (!out->fp) {
        close(fd);
        out->failed = 1;
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        return NULL; /* the temporary file goes with the outputs */
    }
    return out;
nomem:
    free(p);
    free(out);
    rc_buf_free(&tmp);
    oom(err);
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
    errno = 0;
    if (fflush(out->fp) != 0 || fsync(fileno(out->fp)) != 0) bad = 1;
    int e = errno;
    if (fclose(out->fp) != 0) {
        bad = 1;
        if (!e) e = errno;
    }
    out->fp = NULL;
    if (bad) {
        out->failed = 1;
        return rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", out->final_path,
                            e ? strerror(e) : "write failed");
    }
    out->ended = 1;
    return 0;
}

int rc_outputs_in_place(rc_outputs *o, const char *final_path, const char *root,
                        int (*commit)(void *user, char *msg, size_t size),
                        void (*release)(void *user), void *user, rc_error *err)
{
    char *p = check_target(o, final_path, root, err);
    rc_in_place *v = p ? rc_reallocarray(o->in_place, o->n_in_place + 1, sizeof *v) : NULL;
    if (!v) {
        if (p) oom(err);
        free(p);
        release(user);
        return -1;
    }
    o->in_place = v;
    v[o->n_in_place++] = (rc_in_place){p, commit, release, user};
    return 0;
}

/* ------------------------------------------------------------------ the commit */

static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
}

static int do_rename(const char *from, const char *to)
{
    g_renames++;
    if (rc_outputs_fail_rename_at > 0 && g_renames == rc_outputs_fail_rename_at) {
        errno = EIO;
        return -1;
    }
    if (rc_outputs_fail_rename_at < 0 && g_renames == -rc_outputs_fail_rename_at)
        _exit(137); /* as if killed here, for the recovery test */
    return rename(from, to);
}

/* Puts back every file already renamed: its backup, or nothing when it was new. */
static void roll_back(rc_outputs *o)
{
    for (size_t i = 0; i < o->n; i++) {
        struct rc_output *out = o->items[i];
        if (!out->renamed) continue;
        if (out->backup_path) {
            if (rename(out->backup_path, out->final_path) == 0) {
                free(out->backup_path);
                out->backup_path = NULL;
            }
        } else {
            unlink(out->final_path);
        }
        out->renamed = 0;
    }
}

static void drop_backups(rc_outputs *o)
{
    for (size_t i = 0; i < o->n; i++) {
        if (o->items[i]->backup_path) unlink(o->items[i]->backup_path);
        free(o->items[i]->backup_path);
        o->items[i]->backup_path = NULL;
    }
}

/* Backups of the files about to be replaced: hard links, else (a file system without
 * them) a rename, which the journal undoes the same way. */
static int make_backups(rc_outputs *o, rc_error *err)
{
    for (size_t i = 0; i < o->n; i++) {
        struct rc_output *out = o->items[i];
        struct stat st;
        if (lstat(out->final_path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode))
            return rc_error_set(err, RC_ERRK_OTHER, "cannot move %s into place: a folder is in "
                                "the way", out->final_path);
        rc_buf b;
        rc_buf_init(&b);
        rc_buf_printf(&b, "%s.bak", out->temp_path);
        if (b.failed) return oom(err);
        if (link(out->final_path, b.data) != 0) {
            int e = errno;
            if (e == EEXIST) unlink(b.data);
            if (link(out->final_path, b.data) != 0) {
                e = errno;
                rc_buf_free(&b);
                return rc_error_set(err, RC_ERRK_OTHER, "cannot keep a backup of %s: %s",
                                    out->final_path, strerror(e));
            }
        }
        out->backup_path = b.data;
    }
    return 0;
}

static int write_journal(rc_outputs *o, const char *path, rc_error *err)
{
    rc_buf j;
    rc_buf_init(&j);
    for (size_t i = 0; i < o->n; i++) {
        const struct rc_output *out = o->items[i];
        rc_buf_printf(&j, "%s\t%s\t%s\n", out->final_path, out->temp_path,
                      out->backup_path ? out->backup_path : "");
    }
    if (j.failed) return oom(err);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    int ok = fd >= 0 && write(fd, j.data, j.len) == (ssize_t)j.len && fsync(fd) == 0;
    int e = errno;
    if (fd >= 0) close(fd);
    rc_buf_free(&j);
    if (!ok) {
        unlink(path);
        return rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", path, strerror(e));
    }
    fsync_dir(o->root);
    return 0;
}

static void journal_done(const char *path)
{
    int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) return;
    if (write(fd, JOURNAL_DONE "\n", sizeof JOURNAL_DONE) == (ssize_t)sizeof JOURNAL_DONE)
        (void)fsync(fd);
    close(fd);
}

static int commit_held(rc_outputs *o, const char *journal, rc_error *err)
{
    if (make_backups(o, err) != 0) return -1;
    if (journal && write_journal(o, journal, err) != 0) return -1;
    g_renames = 0;
    for (size_t i = 0; i < o->n; i++) {
        struct rc_output *out = o->items[i];
        if (do_rename(out->temp_path, out->final_path) != 0) {
            int e = errno;
            roll_back(o);
            return rc_error_set(err, RC_ERRK_OTHER, "cannot move %s into place: %s; the "
                                "previous reports were restored", out->final_path, strerror(e));
        }
        out->renamed = 1;
        free(out->temp_path);
        out->temp_path = NULL;
    }
    for (size_t i = 0; i < o->n_in_place; i++) {
        char msg[700] = "";
        rc_in_place *ip = &o->in_place[i];
        if (ip->commit && ip->commit(ip->user, msg, sizeof msg) != 0) {
            roll_back(o);
            /* the stores committed before this one keep the run: say so */
            return rc_error_set(err, RC_ERRK_OTHER, "%s%s; the previous reports were restored",
                                msg[0] ? msg : "cannot commit ", msg[0] ? "" : ip->path);
        }
        ip->commit = NULL;
    }
    if (journal) journal_done(journal);
    return 0;
}

int rc_outputs_commit(rc_outputs *o, rc_error *err)
{
    for (size_t i = 0; i < o->n; i++) {
        if (!o->items[i]->ended)
            return rc_error_set(err, RC_ERRK_PLUGIN, "report file %s was begun but never finished",
                                o->items[i]->final_path);
    }
    rc_buf jp;
    rc_buf_init(&jp);
    if (o->root) rc_buf_printf(&jp, "%s/%s", o->root, JOURNAL_NAME);
    if (jp.failed) return oom(err);
    rc_cancel_hold();
    int rc = commit_held(o, o->root ? jp.data : NULL, err);
    drop_backups(o);
    if (o->root) {
        unlink(jp.data);
        fsync_dir(o->root);
    }
    rc_buf_free(&jp);
    if (rc == 0) o->committed = 1;
    else rc_outputs_abort(o);
    rc_cancel_release(rc == 0 ? "the new reports were already in place"
                              : "the previous reports were restored");
    return rc;
}

size_t rc_outputs_unwritten(const rc_outputs *o, const char *dir, rc_buf *names)
{
    int ours = 0; /* only a folder this run wrote into */
    size_t dl = strlen(dir);
    for (size_t i = 0; i < o->n && !ours; i++)
        ours = strncmp(o->items[i]->final_path, dir, dl) == 0 && o->items[i]->final_path[dl] == '/';
    DIR *d = ours ? opendir(dir) : NULL;
    if (!d) return 0;
    size_t n = 0;
    rc_buf p;
    rc_buf_init(&p);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || temp_pid(e->d_name)) continue;
        p.len = 0;
        rc_buf_printf(&p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (p.failed || lstat(p.data, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        int written = 0;
        for (size_t i = 0; i < o->n && !written; i++)
            written = strcmp(o->items[i]->final_path, p.data) == 0;
        if (written) continue;
        rc_buf_printf(names, "%s%s", n ? ", " : "", e->d_name);
        n++;
    }
    closedir(d);
    rc_buf_free(&p);
    return n;
}

void rc_outputs_abort(rc_outputs *o)
{
    rc_cancel_hold();
    for (size_t i = 0; i < o->n; i++) {
        struct rc_output *out = o->items[i];
        if (out->fp) fclose(out->fp);
        out->fp = NULL;
        if (out->temp_path) unlink(out->temp_path);
        free(out->temp_path);
        out->temp_path = NULL;
    }
    for (size_t i = 0; i < o->n_in_place; i++) {
        if (o->in_place[i].release) o->in_place[i].release(o->in_place[i].user);
        o->in_place[i].release = NULL;
    }
    if (!o->committed) {
        /* folders this run created and left empty; the output folder itself too when the
         * run made it (its lock file with it) */
        if (o->lock_held && o->root) {
            rc_buf lp;
            rc_buf_init(&lp);
            rc_buf_printf(&lp, "%s/%s", o->root, LOCK_NAME);
            if (!lp.failed) unlink(lp.data);
            rc_buf_free(&lp);
        }
        for (size_t i = o->n_made; i-- > 0;) rmdir(o->made_dirs[i]);
    }
    rc_cancel_release(NULL);
}

void rc_outputs_free(rc_outputs *o)
{
    rc_outputs_abort(o);
    rc_cancel_set_cleanup(NULL, NULL);
    for (size_t i = 0; i < o->n; i++) {
        free(o->items[i]->temp_path);
        free(o->items[i]->backup_path);
        free(o->items[i]->final_path);
        free(o->items[i]);
    }
    free(o->items);
    for (size_t i = 0; i < o->n_in_place; i++) free(o->in_place[i].path);
    free(o->in_place);
    for (size_t i = 0; i < o->n_inputs; i++) free(o->inputs[i].path);
    free(o->inputs);
    for (size_t i = 0; i < o->n_made; i++) free(o->made_dirs[i]);
    free(o->made_dirs);
    for (size_t i = 0; i < o->n_scanned; i++) free(o->scanned[i]);
    free(o->scanned);
    if (o->lock_held) {
        /* remove the lock file while still holding it, then release: a run waiting on the
         * old file sees it is gone and takes a new one (take_lock) */
        rc_buf lp;
        rc_buf_init(&lp);
        rc_buf_printf(&lp, "%s/%s", o->root, LOCK_NAME);
        if (!lp.failed) unlink(lp.data);
        rc_buf_free(&lp);
        close(o->lock_fd);
    }
    free(o->root);
    memset(o, 0, sizeof *o);
}
