/* methods/internal.h — helpers shared inside the methods stage only (not an API): config
 * node accessors that read the public rc_node fields directly (so the methods library does
 * not depend on config/node.c at link time), parameter-key checking with "valid: …" lists,
 * and the numeric kernels (Pearson correlation, average ranks) used by several methods. */
#ifndef RC_METHODS_INTERNAL_H
#define RC_METHODS_INTERNAL_H

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config/node.h"
#include "methods/methods.h"
#include "util/error.h"

/* The value of `key` in a mapping, or NULL. */
static inline const struct rc_node *rcm_get(const struct rc_node *map, const char *key)
{
    if (!map || map->kind != RC_NODE_MAP) return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (map->keys[i] && strcmp(map->keys[i], key) == 0) return map->items[i];
    return NULL;
}

/* "file:line:col" of a node ("<config>" when unknown). */
static inline const char *rcm_where(const struct rc_node *n, char *buf, size_t size)
{
    if (!n) snprintf(buf, size, "<config>");
    else snprintf(buf, size, "%s:%d:%d", n->file ? n->file : "<config>", n->line, n->col);
    return buf;
}

/* Where key i of a map sits. */
static inline const char *rcm_key_where(const struct rc_node *map, size_t i, char *buf,
                                        size_t size)
{
    if (!map || !map->key_line || !map->key_col) return rcm_where(map, buf, size);
    snprintf(buf, size, "%s:%d:%d", map->file ? map->file : "<config>", map->key_line[i],
             map->key_col[i]);
    return buf;
}

/* "a text value", "a list", "a mapping" for messages. */
static inline const char *rcm_kind_name(int kind)
{
    return kind == RC_NODE_SCALAR ? "a text value"
           : kind == RC_NODE_LIST ? "a list"
           : kind == RC_NODE_MAP  ? "a mapping"
                                  : "nothing";
}

/* The text of a scalar, or NULL. */
static inline const char *rcm_str(const struct rc_node *n)
{
    return n && n->kind == RC_NODE_SCALAR ? n->str : NULL;
}

/* A finite decimal number (no hex, inf or nan); 0 or -1. */
static inline int rcm_number(const struct rc_node *n, double *out)
{
    const char *s = rcm_str(n);
    if (!s || !*s || strpbrk(s, "xXnN")) return -1; /* hex, inf, nan */
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE || !isfinite(v)) return -1;
    *out = v;
    return 0;
}

/* A number or a fraction written "a/b" (AHP judgements); 0 or -1. */
static inline int rcm_fraction(const struct rc_node *n, double *out)
{
    if (rcm_number(n, out) == 0) return 0;
    const char *s = rcm_str(n);
    const char *slash = s ? strchr(s, '/') : NULL;
    if (!slash || slash == s) return -1;
    char num[64];
    size_t len = (size_t)(slash - s);
    if (len >= sizeof num) return -1;
    memcpy(num, s, len);
    num[len] = '\0';
    struct rc_node a = *n, b = *n;
    a.str = num;
    b.str = (char *)(slash + 1);
    double x, y;
    if (rcm_number(&a, &x) != 0 || rcm_number(&b, &y) != 0 || y == 0) return -1;
    *out = x / y;
    return 0;
}

/* true/false/yes/no/on/off, any case; 0 or -1. */
static inline int rcm_bool(const struct rc_node *n, int *out)
{
    const char *s = rcm_str(n);
    if (!s) return -1;
    static const char *const yes[] = {"true", "yes", "on"}, *const no[] = {"false", "no", "off"};
    for (int i = 0; i < 3; i++) {
        if (strcasecmp(s, yes[i]) == 0) { *out = 1; return 0; }
        if (strcasecmp(s, no[i]) == 0) { *out = 0; return 0; }
    }
    return -1;
}

/* The index of `word` in names[0..n), or -1. */
static inline int rcm_find_word(const char *word, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(word, names[i]) == 0) return (int)i;
    return -1;
}

/* Like rcm_number, but only the characters of a plain decimal (digits, sign, '.', e/E) are
 * allowed, so leading blanks are refused too; 0 or -1. */
static inline int rcm_plain_number(const struct rc_node *n, double *out)
{
    const char *s = rcm_str(n);
    if (!s || s[strspn(s, "0123456789+-.eE")] != '\0') return -1;
    return rcm_number(n, out);
}

/* Writes "a, b, c" (names[0..n), cut off at `size`) into buf. */
void rcm_list_valid(char *buf, size_t size, const char *const *names, size_t n);

/* A RC_ERRK_CONFIG error for `word` not among names[0..n): "<where>: unknown <what> 'x'
 * (did you mean 'y'?); valid: a, b, c" (no "(did you mean …)" without a close name);
 * returns -1. */
int rcm_unknown_word(rc_error *err, const char *where, const char *what, const char *word,
                     const char *const *names, size_t n);

/* Reads a scalar at node n that must be one of names[0..count) into *idx; 0, or -1 with a
 * RC_ERRK_CONFIG error: "<at>: <label> must be a text value; valid: a, b" when n is not a
 * scalar (with label NULL: rcm_unknown_word with the word "(not a text value)"), else
 * rcm_unknown_word(…, what, …). */
int rcm_choice(const struct rc_node *n, const char *label, const char *what,
               const char *const *names, size_t count, int *idx, rc_error *err);

/* Checks that every key of `map` is in `valid`; otherwise a RC_ERRK_CONFIG error at the key:
 * "f:l:c: unknown parameter 'x' for <what>[; did you mean 'y']; valid: a, b, c". */
int rcm_check_keys(const struct rc_node *map, const char *const *valid, size_t n_valid,
                   const char *what, rc_error *err);

/* Parses a scope ("pooled" | "per_year") at node n (methods/normalize.c). */
int rcm_parse_scope(const struct rc_node *n, rc_scope *out, rc_error *err);

/* Pearson correlation over the pairs where both a[i] and b[i] are present;
 * NaN when fewer than 2 pairs or either side is constant. */
double rcm_pearson(const double *a, const double *b, size_t n);

/* Average ranks (1 = smallest, ties share their mean rank) of the n values v; NaN keeps
 * NaN. `idx` is caller scratch of n entries. */
void rcm_rank_average(const double *v, size_t n, double *rank, size_t *idx);

#endif
