/* tests/faults/snapshot.h — a folder's files and their bytes, taken before a faulty run
 * and compared after it: the previous reports must be byte-identical and no temporary
 * file (*.tmp.*) may be left. Shared by the fault suites. */
#ifndef RC_TEST_SNAPSHOT_H
#define RC_TEST_SNAPSHOT_H

#include <stddef.h>

typedef struct snap_file {
    char *path;   /* relative to the folder */
    char *data;
    size_t len;
} snap_file;

typedef struct snapshot {
    snap_file *files;
    size_t n, cap;
} snapshot;

/* Reads every regular file under dir (recursively, sorted). 0 or -1. */
int snapshot_take(const char *dir, snapshot *s);
void snapshot_free(snapshot *s);
/* NULL when dir holds exactly the snapshot's files with the same bytes, else a static
 * sentence naming the first difference (a changed, missing, extra or temporary file). */
const char *snapshot_differs(const char *dir, const snapshot *s);
/* Removes files whose name contains ".tmp." under dir; returns how many. */
size_t snapshot_remove_temps(const char *dir);

#endif
