/* util/file.h — opening an input file safely: every reader of a file named by the user
 * (data, regions, adjacency, coordinates, baseline, compare inputs, GeoJSON, boundaries,
 * spreadsheets) opens it through rc_open_regular, which never blocks on a FIFO and refuses
 * anything but a regular file (FIFO, device, socket, folder) at once, naming the file. */
#ifndef RC_UTIL_FILE_H
#define RC_UTIL_FILE_H

#include <stdio.h>

#include "util/error.h"

/* Opens `path` read-only (O_NONBLOCK | O_CLOEXEC, then blocking again) and checks with
 * fstat that it is a regular file. Returns the descriptor, or -1 with err set (`kind`,
 * "PATH: not a regular file (a FIFO)" or "PATH: cannot open: <reason>"). `what` names the
 * input in the message ("baseline", "data file"); NULL for none. */
int rc_open_regular(const char *path, const char *what, rc_errkind kind, rc_error *err);
/* The same as a FILE * ("rb"); close with fclose. */
FILE *rc_fopen_regular(const char *path, const char *what, rc_errkind kind, rc_error *err);
/* 0 when `path` names a regular file (without opening it: stat, following links), else -1
 * with the same message as rc_open_regular. */
int rc_check_regular(const char *path, const char *what, rc_errkind kind, rc_error *err);

#endif
