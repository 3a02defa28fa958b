/* undefined_symbol.c — a plugin that calls a function nothing defines; linked without
 * --no-undefined, so only dlopen(RTLD_NOW) notices, and the loader must refuse it with the
 * dlerror() text. */
#include "regcoord/plugin.h"

extern int rc_loader_test_missing_function(void);

static int32_t undefined_symbol_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    (void)host;
    (void)ctx;
    return (int32_t)rc_loader_test_missing_function();
}

static const rc_plugin_descriptor undefined_symbol_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = "undefined_symbol",
    .version = "1.0.0",
    .score = undefined_symbol_score,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &undefined_symbol_descriptor;
}
