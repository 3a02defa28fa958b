/* tests/data/support_files.h — scratch folders and files for the data tests: each test
 * writes the inputs it reads into its own temporary folder and removes it. */
#ifndef RC_TEST_SUPPORT_FILES_H
#define RC_TEST_SUPPORT_FILES_H

#include <stddef.h>

/* A new empty folder under $TMPDIR (or /tmp); aborts the test on failure. Owned by the
 * helpers: freed by tf_rmdir. */
char *tf_dir(void);
/* Writes text (or n bytes) to dir/name; aborts the test on failure. */
void tf_write(const char *dir, const char *name, const char *text);
void tf_write_bytes(const char *dir, const char *name, const char *bytes, size_t n);
/* "dir/name" in a static buffer (valid until the next call). */
const char *tf_path(const char *dir, const char *name);
/* Runs a shell command with DIR set to dir; returns its exit status. */
int tf_sh(const char *dir, const char *cmd);
/* Removes the folder and everything in it, and frees dir. */
void tf_rmdir(char *dir);

#endif
