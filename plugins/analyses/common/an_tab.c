/* plugins/analyses/common/an_tab.c — the sticky-status table writer of an_tab.h. */
#include "an_tab.h"

#include <math.h>

int32_t an_tab_open(an_tab *w, const rc_host *host, rc_ctx *ctx, const char *name, size_t nc,
                    const char *const *cols, const int32_t *types, const char *title,
                    const char *description)
{
    w->host = host;
    w->ctx = ctx;
    w->row = 0;
    w->t = host->table_add(ctx, name, nc, cols, types);
    w->rc = w->t ? host->table_set_info(ctx, w->t, title, description) : RC_EFAIL;
    return w->rc;
}

void an_tab_row(an_tab *w)
{
    if (w->rc != RC_OK) return;
    int64_t r = w->host->table_add_row(w->ctx, w->t);
    if (r < 0) w->rc = RC_ENOMEM;
    else w->row = (size_t)r;
}

void an_tab_s(an_tab *w, size_t col, const char *s)
{
    if (w->rc == RC_OK) w->rc = w->host->table_set_str(w->ctx, w->t, w->row, col, s);
}

void an_tab_n(an_tab *w, size_t col, double v)
{
    if (w->rc == RC_OK)
        w->rc = w->host->table_set_num(w->ctx, w->t, w->row, col, isfinite(v) ? v : NAN);
}

void an_tab_i(an_tab *w, size_t col, int64_t v)
{
    if (w->rc == RC_OK) w->rc = w->host->table_set_int(w->ctx, w->t, w->row, col, v);
}
