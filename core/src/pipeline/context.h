/* pipeline/context.h — rc_ctx, the opaque context a plugin callback receives: which plugin,
 * which dimension or report, the run, and the callback's error slot and scratch buffers.
 * Also the host services table (services.c). */
#ifndef RC_PIPELINE_CONTEXT_H
#define RC_PIPELINE_CONTEXT_H

#include "host/loader.h"
#include "pipeline/internal.h"
#include "analysis/run_state.h"
#include "regcoord/plugin.h"

struct rc_ctx {
    const rc_plugin *plugin;
    rc_pipeline *pl;
    const rc_node *section;        /* the plugin's config section */
    rc_dim_run *dim;               /* dimension callbacks */
    const rc_report_cfg *report;   /* reporter callbacks */
    const rc_run_state *run;       /* analysis callbacks: the run's results */
    struct rc_table **own;         /* analysis callbacks: the tables this callback added */
    size_t n_own, cap_own;
    char *output_path;             /* resolved report path */
    rc_error err;                  /* set by set_error or by a failing service */
    int err_set;
    rc_error host_err;             /* a service's own config or data error (the dense
                                    * weights limit): kept even if the plugin then sets its
                                    * own message, and reported first, with its kind */
    int host_err_set;
    char where_buf[512];
    char text_buf[64];
};

/* The services table handed to every plugin. */
extern const rc_host rc_host_services;

/* Frees what the context allocated (the list of its own tables, not the tables). */
void rc_ctx_free(rc_ctx *ctx);

/* The error a failed callback leaves, as one sentence naming the plugin: copies the
 * context's error (its kind when a service failed, RC_ERRK_PLUGIN otherwise). */
void rc_ctx_error(const rc_ctx *ctx, const char *what, int32_t rc, rc_error *err);

#endif
