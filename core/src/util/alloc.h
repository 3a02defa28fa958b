/* util/alloc.h — the one allocator every core allocation goes through (the rc_* wrappers
 * of util/str.h call it), with a fault-injection hook for tests: make the n-th allocation
 * from now fail, and count allocations. Memory from here is freed with free(). Libraries
 * the core links (libyaml, jansson, libcrypto, LAPACKE) allocate on their own and are not
 * counted. */
#ifndef RC_UTIL_ALLOC_H
#define RC_UTIL_ALLOC_H

#include <stddef.h>

/* malloc / calloc / realloc through the hook: NULL on failure (real or injected), never
 * abort. A zero size is allocated as one byte, so NULL always means failure. */
void *rc_alloc(size_t n);
void *rc_alloc_zero(size_t n, size_t size);  /* NULL also when n * size overflows */
void *rc_alloc_resize(void *p, size_t n);    /* on failure p is left as it was */

/* Test hook: the n-th allocation from now (n >= 1) fails — that one only; the ones after
 * it succeed again, so cleanup paths run as they would after a real failure. n <= 0
 * disables injection (-1 by convention). Not for production use; thread-safe. */
void rc_alloc_fail_after(long n);
/* Allocations made through the hook since the process started (failed ones included). */
long rc_alloc_count(void);
/* 1 if the injected failure has happened since the last rc_alloc_fail_after(), else 0. */
int rc_alloc_injected(void);

#endif
