/* util/path.h — lexical path arithmetic (no file-system access): normalising a path
 * (collapsing "//", "." and "..") and checking that a relative path stays inside the folder
 * it is relative to. Used for report paths, which must stay inside the output folder. */
#ifndef RC_UTIL_PATH_H
#define RC_UTIL_PATH_H

/* The normalised form of `path`: repeated slashes and "." parts dropped, "a/.." folded,
 * no trailing slash ("/" stays "/", an empty result is "."). A ".." that would climb above
 * the start is kept for a relative path (so the caller can see it) and dropped for an
 * absolute one ("/.." is "/"). NULL when memory runs out; free with free(). */
char *rc_path_normalize(const char *path);

/* 1 when a normalised relative path climbs out of its folder ("..", "../x"). */
int rc_path_escapes(const char *normalized);

/* 1 when `path` equals `dir` or lies below it (both normalised and absolute). */
int rc_path_within(const char *path, const char *dir);

/* `path` relative to the folder `dir` (both absolute): "long.csv", "sub/long.csv",
 * "../data/long.csv"; the normalised path itself when either is not absolute. NULL when
 * memory runs out; free with free(). */
char *rc_path_relative(const char *path, const char *dir);

#endif
