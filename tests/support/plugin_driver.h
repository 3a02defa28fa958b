/* tests/support/plugin_driver.h — what the reporter suites share to drive a plugin .so from
 * the build's plugin folder through the mock host: a per-test temporary folder, reading a
 * written file back, loading a reporter with dlopen and running it once.
 *
 * Every function asserts with Check (ck_assert*) on what must not fail, so it may only be
 * called from inside a Check test (or its checked fixture). The test target must define
 * REGCOORD_TEST_PLUGIN_DIR (the build's plugin folder) when compiling plugin_driver.c. */
#ifndef RC_TESTS_PLUGIN_DRIVER_H
#define RC_TESTS_PLUGIN_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "mock_host.h"
#include "regcoord/plugin.h"
#include "results/table.h"

/* ---- the temporary folder (one at a time) ---- */

/* Creates /tmp/<prefix>_XXXXXX (a checked fixture's setup). */
void pd_tmpdir_create(const char *prefix);
/* Removes it with everything in it, after making it writable again; RC_KEEP_TEST_FILES=1
 * keeps it for a look. */
void pd_tmpdir_remove(void);
/* The folder's path. */
const char *pd_tmpdir(void);
/* "<tmpdir>/<rel>" in one of four rotating static buffers (valid for the next 3 calls). */
char *pd_path_in_tmp(const char *rel);

/* ---- files ---- */

/* The whole file in a malloc'd NUL-terminated buffer (length in *len if len is not NULL);
 * NULL if it cannot be opened. */
char *pd_slurp(const char *path, size_t *len);
/* Writes text to path, replacing it. */
void pd_write_file(const char *path, const char *text);
/* 1 if path exists, else 0. */
int pd_exists(const char *path);
/* Entries in a folder other than . and .. (-1 if it cannot be read). */
int pd_count_entries(const char *dir);
/* The same without the names `grep -v GREP_ARGS` drops (e.g. "-e '-wal$'"). */
int pd_count_entries_except(const char *dir, const char *grep_args);

/* ---- plugins ---- */

typedef struct pd_plugin {
    void *so;
    const rc_plugin_descriptor *d;
} pd_plugin;

/* dlopens REGCOORD_TEST_PLUGIN_DIR/<name>.so and asserts its descriptor is a reporter
 * called `name`. The caller dlcloses p.so (or hands p to pd_run_and_close). */
pd_plugin pd_open_reporter(const char *name);
/* pd_open_reporter, and also asserts the ABI version, the descriptor size and a report
 * callback. */
pd_plugin pd_load_reporter(const char *name);
/* Runs p's init/report/fini once against the mock, then dlcloses it; the report's code. */
int32_t pd_run_and_close(pd_plugin p, mock_host *m);
/* pd_run_and_close(pd_load_reporter(name), m). */
int32_t pd_run_reporter(const char *name, mock_host *m);

/* ---- result sets ---- */

/* rc_table_add() on the mock's result set, asserted not to fail. */
struct rc_table *pd_add_table(mock_host *m, const char *name, size_t ncols,
                              const char *const *cols, const int32_t *types);

#endif
