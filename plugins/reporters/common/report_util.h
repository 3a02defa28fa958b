/* plugins/reporters/common/report_util.h — helpers the in-tree reporters share: the host
 * check, error text through set_error, the `tables:` selection with its messages, and a
 * growing text buffer. Written against regcoord/plugin.h only; report_util.c is compiled
 * into each reporter (hidden visibility), so every reporter still exports only
 * regcoord_plugin_entry and needs nothing else at run time.
 *
 * Everything here borrows the host, context and nodes it is given for the call only. */
#ifndef REGCOORD_PLUGINS_REPORT_UTIL_H
#define REGCOORD_PLUGINS_REPORT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h"

/* RC_OK when the host fills rc_host at least up to output_end (the last service a
 * reporter calls); otherwise RC_EFAIL, with the error "the host is too old for the
 * <reporter> reporter" set when the host has set_error. */
int32_t rr_check_host(const rc_host *h, rc_ctx *ctx, const char *reporter);

/* Formats a message (at most 1023 bytes) and hands it to set_error. */
void rr_errorf(const rc_host *h, rc_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The result tables' names, ", "-separated, into buf (cut to size), or "no tables". */
void rr_table_names(const rc_host *h, rc_ctx *ctx, char *buf, size_t size);

/* How rr_select_tables words an unknown table name. */
#define RR_UNKNOWN_PLAIN 0 /* "…: 'x' is not a result table" (the name cut at 200 bytes) */
#define RR_UNKNOWN_LIST 1  /* "…: 'x' is not a result table; the results hold: a, b" */

/* Marks in sel[n] (one flag per result table, n = host->n_tables) the tables named by
 * the `tables` list of the config section `cfg`, or all of them when the key (or cfg) is
 * absent. Returns RC_OK; RC_EINVAL when `tables` is not a list; RC_ENOTFOUND for a name
 * that is not a result table (`unknown` says how the message reads); the error is set. */
int32_t rr_select_tables(const rc_host *h, rc_ctx *ctx, const rc_node *cfg,
                         unsigned char *sel, size_t n, int unknown);

/* A growing text buffer, NUL-terminated after every write. After a failed allocation
 * `failed` is set and later writes are ignored, so callers check once at the end. The
 * caller frees `data`; a zeroed rr_buf is empty. */
typedef struct rr_buf {
    char *data;
    size_t len, cap;
    int failed;
} rr_buf;

void rr_put(rr_buf *b, const char *s, size_t n);
/* NULL writes nothing. */
void rr_puts(rr_buf *b, const char *s);
/* Formatted text; output beyond 1023 bytes is cut. */
void rr_printf(rr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* REGCOORD_PLUGINS_REPORT_UTIL_H */
