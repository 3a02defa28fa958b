/* data/readfile.h — reading a whole input file into memory the one safe way: opened
 * non-blocking (a FIFO with no writer must not hang the run), refused unless it is a
 * regular file, and refused above a size limit. Every data reader goes through it. */
#ifndef RC_DATA_READFILE_H
#define RC_DATA_READFILE_H

#include <stddef.h>

#include "util/error.h"

/* Reads `path` into a new NUL-terminated buffer (*buf, *size bytes). Errors
 * (RC_ERRK_DATA) name the path: cannot open, not a regular file, larger than `max`
 * bytes, read error. */
int rc_read_regular_file(const char *path, size_t max, char **buf, size_t *size,
                         rc_error *err);

#endif
