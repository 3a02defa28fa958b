/* good_rep.c — a well-formed reporter plugin (no config keys) the loader must accept. */
#include "regcoord/plugin.h"

static int32_t good_rep_report(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    (void)host;
    (void)ctx;
    return RC_OK;
}

static const rc_plugin_descriptor good_rep_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "good_rep",
    .version = "0.4.0",
    .summary = "A well-formed test reporter.",
    .report = good_rep_report,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &good_rep_descriptor;
}
