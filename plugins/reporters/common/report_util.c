/* plugins/reporters/common/report_util.c — the reporters' shared helpers: host check,
 * errors, `tables:` selection and the text buffer (see report_util.h for the contract). */
#include "report_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The last service a reporter calls: a host must offer at least this much. */
#define RR_HOST_MIN (offsetof(rc_host, output_end) + sizeof(void (*)(void)))

int32_t rr_check_host(const rc_host *h, rc_ctx *ctx, const char *reporter)
{
    if (h && h->size >= RR_HOST_MIN) return RC_OK;
    if (h && h->size >= offsetof(rc_host, set_error) + sizeof(void (*)(void))) {
        char msg[256];
        snprintf(msg, sizeof msg, "the host is too old for the %s reporter", reporter);
        h->set_error(ctx, msg);
    }
    return RC_EFAIL;
}

void rr_errorf(const rc_host *h, rc_ctx *ctx, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    h->set_error(ctx, msg);
}

void rr_table_names(const rc_host *h, rc_ctx *ctx, char *buf, size_t size)
{
    size_t n = h->n_tables(ctx), used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && used + 1 < size; i++) {
        int k = snprintf(buf + used, size - used, "%s%s", i ? ", " : "",
                         h->table_name(ctx, h->table_at(ctx, i)));
        if (k < 0) break;
        used += (size_t)k;
    }
    if (n == 0) snprintf(buf, size, "no tables");
}

int32_t rr_select_tables(const rc_host *h, rc_ctx *ctx, const rc_node *cfg,
                         unsigned char *sel, size_t n, int unknown)
{
    const rc_node *list = cfg ? h->node_get(ctx, cfg, "tables") : NULL;
    if (!list) {
        memset(sel, 1, n);
        return RC_OK;
    }
    memset(sel, 0, n);
    if (h->node_kind(ctx, list) != RC_NODE_LIST) {
        rr_errorf(h, ctx, "%s: 'tables' must be a list of table names",
                  h->node_where(ctx, list));
        return RC_EINVAL;
    }
    for (size_t i = 0, len = h->node_len(ctx, list); i < len; i++) {
        const rc_node *item = h->node_at(ctx, list, i);
        const char *want = h->node_str(ctx, item);
        size_t k = 0;
        if (want)
            for (; k < n; k++)
                if (strcmp(h->table_name(ctx, h->table_at(ctx, k)), want) == 0) break;
        if (!want || k == n) {
            if (unknown == RR_UNKNOWN_LIST) {
                char names[512];
                rr_table_names(h, ctx, names, sizeof names);
                rr_errorf(h, ctx, "%s: '%s' is not a result table; the results hold: %s",
                          h->node_where(ctx, item), want ? want : "(not a name)", names);
            } else {
                rr_errorf(h, ctx, "%s: '%.200s' is not a result table",
                          h->node_where(ctx, item), want ? want : "(not a name)");
            }
            return RC_ENOTFOUND;
        }
        sel[k] = 1;
    }
    return RC_OK;
}

void rr_put(rr_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    if (n) memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rr_puts(rr_buf *b, const char *s)
{
    if (s) rr_put(b, s, strlen(s));
}

void rr_printf(rr_buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    rr_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}
