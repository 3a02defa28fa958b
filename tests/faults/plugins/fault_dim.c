/* fault_dim.c — a dimension plugin that misbehaves on purpose, for the plugin guard's
 * tests: its `fault` key chooses what score() does — segv (writes through a null
 * pointer), bus (raises SIGBUS), fpe (integer division by zero), ill (an illegal
 * instruction), abrt (abort()), hang (loops forever), scribble (casts away the const of a
 * panel series and writes to it, then scores normally) or none (scores normally). */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "regcoord/plugin.h"

static volatile int zero = 0, seven = 7;
static volatile unsigned long spins;

static const char *fault_of(const rc_host *host, rc_ctx *ctx)
{
    const char *f = host->node_str(ctx, host->node_get(ctx, host->config(ctx), "fault"));
    return f ? f : "none";
}

static int32_t fault_dim_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    const char *f = fault_of(host, ctx);
    if (!strcmp(f, "segv")) *(volatile int *)(uintptr_t)zero = 1;
    else if (!strcmp(f, "bus")) raise(SIGBUS);
    else if (!strcmp(f, "fpe")) spins = (unsigned long)(seven / zero);
    else if (!strcmp(f, "ill")) __builtin_trap();
    else if (!strcmp(f, "abrt")) abort();
    else if (!strcmp(f, "hang")) for (;;) spins++;
    else if (!strcmp(f, "scribble")) {
        const double *v = NULL;
        if (host->series(ctx, "I1", &v) == RC_OK && v) ((double *)(uintptr_t)v)[0] += 1.0;
    }
    return host->score_default(ctx);
}

static const rc_config_key fault_dim_keys[] = {
    {"fault", RC_CFG_STRING, 0, "none",
     "What score() does wrong: none, segv, bus, fpe, ill, abrt, hang or scribble."},
};

static const rc_plugin_descriptor fault_dim_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = "fault_dim",
    .version = "0.0.1",
    .summary = "A dimension plugin that crashes, hangs or scribbles on purpose (tests).",
    .config_keys = fault_dim_keys,
    .n_config_keys = 1,
    .score = fault_dim_score,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &fault_dim_descriptor;
}
