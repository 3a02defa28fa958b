/* plugins/analyses/common/an_tab.h — writing one result table from an analysis plugin
 * (regcoord/plugin.h ABI 1.1) with a sticky status: the first failing service call is kept
 * in `rc` and later calls do nothing, so a plugin writes a row as a plain sequence of
 * cells and checks once. Numbers that are not finite are written as missing (the host
 * refuses ±inf); the plugin says why in its note column. */
#ifndef AN_TAB_H
#define AN_TAB_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h"

typedef struct an_tab {
    const rc_host *host;
    rc_ctx *ctx;
    rc_table *t;
    size_t row;
    int32_t rc;
} an_tab;

/* Creates table `name` (one of the plugin's provides) with its title and description. */
int32_t an_tab_open(an_tab *w, const rc_host *host, rc_ctx *ctx, const char *name, size_t nc,
                    const char *const *cols, const int32_t *types, const char *title,
                    const char *description);
void an_tab_row(an_tab *w);
void an_tab_s(an_tab *w, size_t col, const char *s);
void an_tab_n(an_tab *w, size_t col, double v);
void an_tab_i(an_tab *w, size_t col, int64_t v);

#endif
