/* util/error.h — errors as values: a category (which decides the CLI exit code) and one
 * message naming file:line:col or region/year/indicator. No exit() below the CLI. */
#ifndef RC_UTIL_ERROR_H
#define RC_UTIL_ERROR_H

#include <stddef.h>

/* Error categories; the CLI maps them to exit codes (see cli/main.c and the README). */
typedef enum rc_errkind {
    RC_ERRK_NONE = 0,
    RC_ERRK_OTHER = 1,   /* exit 1: anything else (I/O, memory) */
    RC_ERRK_CONFIG = 2,  /* exit 2: usage or config error */
    RC_ERRK_DATA = 3,    /* exit 3: data error */
    RC_ERRK_PLUGIN = 4   /* exit 4: plugin error */
} rc_errkind;

#define RC_ERROR_MSG_MAX 2048

/* Caller-owned error record; functions fill it on failure and return non-zero. */
typedef struct rc_error {
    rc_errkind kind;
    char msg[RC_ERROR_MSG_MAX];
} rc_error;

void rc_error_clear(rc_error *e);
/* Sets kind and a printf-formatted message; returns -1 so callers can `return rc_error_set(...)`. */
int rc_error_set(rc_error *e, rc_errkind kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#ifdef __clang_analyzer__
/* clang-tidy's analyser cannot see into error.c; this tells it the contract above (always -1),
 * so `if (f()) return -1;` after `return rc_error_set(...)` in f is not read as success. */
#define rc_error_set(...) (rc_error_set(__VA_ARGS__), -1)
#endif
/* Prefixes the current message with more context ("while X: " + old message). */
void rc_error_prefix(rc_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
