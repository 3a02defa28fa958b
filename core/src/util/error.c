/* util/error.c — filling and prefixing rc_error records. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void rc_error_clear(rc_error *e)
{
    if (!e) return;
    e->kind = RC_ERRK_NONE;
    e->msg[0] = '\0';
}

int (rc_error_set)(rc_error *e, rc_errkind kind, const char *fmt, ...) /* (name) : not the analyser macro */
{
    if (!e) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->kind = kind;
    return -1;
}

void rc_error_prefix(rc_error *e, const char *fmt, ...)
{
    if (!e) return;
    char head[RC_ERROR_MSG_MAX], old[RC_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    size_t hl = strnlen(head, sizeof head - 1);
    memcpy(e->msg, head, hl);
    size_t room = sizeof e->msg - 1 - hl;
    size_t ol = strnlen(old, room);
    memcpy(e->msg + hl, old, ol);
    e->msg[hl + ol] = '\0';
}
