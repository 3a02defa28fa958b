/* util/str.h — small string and memory helpers shared by the core: checked allocation,
 * duplication, a growable byte buffer, edit distance for "did you mean" suggestions, and
 * the canonical number formatting every output uses. */
#ifndef RC_UTIL_STR_H
#define RC_UTIL_STR_H

#include <stddef.h>

/* Allocation wrappers: return NULL on failure (never abort). Free with free(). */
void *rc_malloc(size_t n);
void *rc_calloc(size_t n, size_t size);
void *rc_realloc(void *p, size_t n);
/* Array allocation with overflow check: n * size bytes. */
void *rc_reallocarray(void *p, size_t n, size_t size);
char *rc_strdup(const char *s);
char *rc_strndup(const char *s, size_t n);

/* Growable byte buffer; the caller owns `data` (free with rc_buf_free). Always NUL-terminated. */
typedef struct rc_buf {
    char *data;
    size_t len, cap;
    int failed; /* set when an allocation failed; further appends are ignored */
} rc_buf;
void rc_buf_init(rc_buf *b);
void rc_buf_free(rc_buf *b);
void rc_buf_append(rc_buf *b, const char *s, size_t n);
void rc_buf_puts(rc_buf *b, const char *s);
void rc_buf_printf(rc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Levenshtein distance between two UTF-8 byte strings. */
size_t rc_edit_distance(const char *a, const char *b);
/* The candidate closest to `word` (NULL if none is close enough to suggest). */
const char *rc_suggest(const char *word, const char *const *candidates, size_t n);

/* Formats a double as the first of "%.15g", "%.16g", "%.17g" that reads back to the same
 * value, "" for NaN, "0" for ±0; writes into buf (at least 32 bytes) and returns it. Exact
 * 128-bit integer arithmetic gives the same bytes as printf for values in [2^-16, 2^53)
 * several times faster; other values go through printf itself. */
char *rc_fmt_double(double v, char *buf, size_t size);

/* 1 if s ends with suffix. */
int rc_str_endswith(const char *s, const char *suffix);

/* 1 if s is a plain name: a letter or '_', then letters, digits or '_' (ASCII). */
int rc_is_identifier(const char *s);
/* Position (0-based) of `value` in a '|'-separated list of choices ("a|b|c"), or -1. */
long rc_choice_index(const char *choices, const char *value);
/* The i-th choice of such a list copied into buf (NUL-terminated, cut to size); NULL when
 * there is no i-th choice. */
const char *rc_choice_at(const char *choices, size_t i, char *buf, size_t size);

#endif
