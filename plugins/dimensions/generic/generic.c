/* generic.c — the YAML-only dimension: a plugin with no catalogue and no keys of its own,
 * whose score callback scores the indicators and components the config declares with the
 * host's configured methods (host->score_default). Use it for any dimension beyond the
 * four pathways, e.g. `green: {plugin: generic, indicators: {...}}`. */
#include <regcoord/plugin.h>

#include <stddef.h>

static int32_t generic_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (host == NULL)
        return RC_EINVAL;
    if (host->abi_major != RC_ABI_MAJOR || !RC_HOST_HAS(host, score_default)) {
        if (RC_HOST_HAS(host, set_error))
            host->set_error(ctx, "the host is too old for the generic plugin: it lacks "
                                 "score_default");
        return RC_EINVAL;
    }
    return host->score_default(ctx);
}

static const rc_plugin_descriptor k_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = "generic",
    .version = "1.0.0",
    .summary = "A dimension defined entirely in YAML: its configured indicators and components",
    .config_keys = NULL,
    .n_config_keys = 0,
    .init = NULL,
    .score = generic_score,
    .report = NULL,
    .fini = NULL,
};

RC_PLUGIN_DEFINE(k_descriptor);
