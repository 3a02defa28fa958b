/* pipeline/output.h — the report set of one run, written all-or-nothing into the output
 * folder.
 *
 * rc_outputs_open takes the folder's lock (flock on `.regcoord.lock` inside it, held until
 * rc_outputs_free), so two runs never write one folder at once; the holder first undoes a
 * commit that a killed run left half done (`.regcoord.journal`) and removes the temporary
 * files dead runs left. Each report file is then written to a temporary file beside its
 * final path (rc_outputs_begin … rc_outputs_end); files a plugin updates in place (the
 * sqlite store) are registered with rc_outputs_in_place. rc_outputs_commit moves the whole
 * set into place: every file that is replaced is first kept as a hard-linked backup, the
 * renames are listed in the journal, and if any rename or in-place commit fails the files
 * already renamed are restored, so the folder holds the previous set or the new set, never
 * a mix. A failed or stopped run removes every temporary file and the folders it created
 * (rc_outputs_abort, and the signal cleanup registered with util/cancel.h).
 *
 * Every path is checked: it must stay inside the folder after normalisation, no folder on
 * the way may be a symbolic link, and no output may replace an input of the run
 * (rc_outputs_add_input). */
#ifndef RC_PIPELINE_OUTPUT_H
#define RC_PIPELINE_OUTPUT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "util/error.h"
#include "util/str.h"

struct rc_output {
    char *final_path;
    char *temp_path;
    char *backup_path; /* during the commit: a hard link to the file being replaced */
    FILE *fp;          /* open while being written; NULL after output_end */
    int ended;         /* output_end succeeded */
    int failed;        /* a write failed */
    int renamed;       /* during the commit: moved into place */
};

/* A file a plugin updates in place: commit() makes its changes durable (RC_OK, or an
 * error code with a message in msg); release() is then called exactly once, also when the
 * run fails or commit() was never reached, and rolls back what is uncommitted. */
typedef struct rc_in_place {
    char *path;
    int (*commit)(void *user, char *msg, size_t size);
    void (*release)(void *user);
    void *user;
} rc_in_place;

typedef struct rc_input_id {
    dev_t dev;
    ino_t ino;
    char *path;
} rc_input_id;

typedef struct rc_outputs {
    struct rc_output **items;
    size_t n, cap;
    rc_in_place *in_place;
    size_t n_in_place;
    rc_input_id *inputs;     /* files the run reads: no output may replace one */
    size_t n_inputs;
    char *root;              /* the output folder, absolute and resolved; NULL = no folder
                                checks (tests, the baseline file) */
    int lock_fd;             /* the held lock, or -1 (0 in a zeroed struct is also "none":
                                lock_held says) */
    int lock_held;
    char **made_dirs;        /* folders this run created, outermost first */
    size_t n_made;
    int made_root;           /* the output folder itself was created by this run */
    char **scanned;          /* folders already cleared of dead runs' temporary files */
    size_t n_scanned;
    int committed;
} rc_outputs;

/* Creates the output folder (mkdir -p), takes its lock, waiting up to `wait_secs` seconds
 * for another run to finish (saying so on `log` when it has to wait), recovers a
 * half-done commit and removes dead runs' temporary files. Fails with "output folder … in
 * use by pid N" (RC_ERRK_OTHER) when the wait runs out. Registers the signal cleanup. */
int rc_outputs_open(rc_outputs *o, const char *out_dir, double wait_secs, FILE *log,
                    rc_error *err);
/* Records a file the run reads (ignored when it does not exist). */
int rc_outputs_add_input(rc_outputs *o, const char *path, rc_error *err);
/* Creates the final path's folder and a temporary file beside it. */
struct rc_output *rc_outputs_begin(rc_outputs *o, const char *final_path, rc_error *err);
int rc_outputs_write(struct rc_output *out, const void *data, size_t len, rc_error *err);
/* Flushes, fsyncs and closes the temporary file. */
int rc_outputs_end(struct rc_output *out, rc_error *err);
/* Registers a file updated in place (checked and its folder created like rc_outputs_begin).
 * `root`, when not NULL, is the folder it must stay inside instead of the output folder
 * (a report's `root: config`). On failure `release` has already been called. */
int rc_outputs_in_place(rc_outputs *o, const char *final_path, const char *root,
                        int (*commit)(void *user, char *msg, size_t size),
                        void (*release)(void *user), void *user, rc_error *err);
/* Moves the whole set into place, all or nothing (see above). */
int rc_outputs_commit(rc_outputs *o, rc_error *err);
/* The regular files in `dir` (a folder this run wrote files into) that this run did not
 * write — left from an older run — as a comma-separated list appended to `names` (not
 * sorted); returns how many. Hidden and temporary files are not counted. */
size_t rc_outputs_unwritten(const rc_outputs *o, const char *dir, rc_buf *names);
/* Removes every temporary file, releases in-place files, removes created folders. */
void rc_outputs_abort(rc_outputs *o);
/* Aborts what is not committed, releases the lock and forgets everything. */
void rc_outputs_free(rc_outputs *o);
/* What a stopped or crashed process must undo, async-signal-safe (unlink and rmdir only):
 * the temporary files, the lock file and the folders this run created. Called by the stop
 * handler (util/cancel.h) and the plugin guard's crash handler. */
void rc_outputs_stop_cleanup(const rc_outputs *o);
/* mkdir -p. */
int rc_mkdirs(const char *path, rc_error *err);

/* Fault injection for tests: the k-th rename of each commit (1-based) fails with EIO; -k
 * ends the process there as a SIGKILL would (_exit(137)); 0 = none. */
extern int rc_outputs_fail_rename_at;

#endif
