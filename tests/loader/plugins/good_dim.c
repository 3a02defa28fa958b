/* good_dim.c — a well-formed dimension plugin the loader must accept (kind, name, version
 * and config keys are checked by test_loader). */
#include "regcoord/plugin.h"

#ifndef GOOD_DIM_NAME
#define GOOD_DIM_NAME "good_dim"
#endif
#ifndef GOOD_DIM_VERSION
#define GOOD_DIM_VERSION "1.2.3"
#endif

static int32_t good_dim_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    return host->score_default(ctx);
}

static const rc_config_key good_dim_keys[] = {
    {"threshold", RC_CFG_NUMBER, 0, "0.5", "Share above which a region counts as covered."},
    {"label", RC_CFG_STRING, 1, NULL, "Label written next to the scores."},
};

static const rc_plugin_descriptor good_dim_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = GOOD_DIM_NAME,
    .version = GOOD_DIM_VERSION,
    .summary = "A well-formed test dimension.",
    .config_keys = good_dim_keys,
    .n_config_keys = 2,
    .score = good_dim_score,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &good_dim_descriptor;
}
