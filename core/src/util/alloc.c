/* util/alloc.c — the core's allocator: counts every allocation and fails the one a test
 * asked for (rc_alloc_fail_after), otherwise plain malloc/calloc/realloc. */
#include "util/alloc.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>

static atomic_long alloc_count;    /* allocations so far */
static atomic_long fail_at = -1;   /* the allocation number that fails, or -1 */
static atomic_int injected;

/* Counts one allocation; 1 if it is the one chosen to fail (errno is then ENOMEM, as after
 * a real failure). */
static int next_fails(void)
{
    long k = atomic_fetch_add(&alloc_count, 1) + 1;
    long target = atomic_load(&fail_at);
    if (target < 0 || k != target) return 0;
    atomic_store(&fail_at, -1);
    atomic_store(&injected, 1);
    errno = ENOMEM;
    return 1;
}

void *rc_alloc(size_t n)
{
    if (next_fails()) return NULL;
    return malloc(n ? n : 1);
}

void *rc_alloc_zero(size_t n, size_t size)
{
    if (next_fails()) return NULL;
    if (size && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    return calloc(n ? n : 1, size ? size : 1);
}

void *rc_alloc_resize(void *p, size_t n)
{
    if (next_fails()) return NULL;
    return realloc(p, n ? n : 1);
}

void rc_alloc_fail_after(long n)
{
    atomic_store(&injected, 0);
    atomic_store(&fail_at, n > 0 ? atomic_load(&alloc_count) + n : -1);
}

long rc_alloc_count(void) { return atomic_load(&alloc_count); }

int rc_alloc_injected(void) { return atomic_load(&injected); }
