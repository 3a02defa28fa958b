/* leaky.c — a loadable plugin built the wrong way (default visibility, no version script):
 * it exports leaky_helper next to the entry, so the export check must fail on it. */
#include "regcoord/plugin.h"

int leaky_helper(int x);
int leaky_helper(int x)
{
    return x + 1;
}

static int32_t leaky_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    (void)host;
    return leaky_helper(0) == 1 ? host->score_default(ctx) : RC_EFAIL;
}

static const rc_plugin_descriptor leaky_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_DIMENSION,
    .name = "leaky",
    .version = "1.0.0",
    .score = leaky_score,
};

const rc_plugin_descriptor *regcoord_plugin_entry(void);
const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &leaky_descriptor;
}
