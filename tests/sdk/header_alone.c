/* tests/sdk/header_alone.c — regcoord/plugin.h compiled alone, as C99, C11 and C++11 with
 * -pedantic -Werror (header_alone.cmake), and every helper macro of the header used once, so
 * the SDK builds cleanly in a plugin author's strictest settings. Also compiled as C++. */
#include "regcoord/plugin.h"

static const rc_config_key k_keys[] = {
    {"top", RC_CFG_INT, 0, "3", "How many.", NULL},
    {"form", RC_CFG_ENUM, 0, "a", "Which form.", "a|b"},
};
static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);
static const char *const k_provides[] = {"t", NULL};

static int32_t k_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    if (!RC_HOST_HAS(host, table_add)) return rc_errorf(host, ctx, RC_EINVAL, "old host %u", 1u);
    return RC_OK;
}

#ifdef __cplusplus
static rc_plugin_descriptor make(void)
{
    rc_plugin_descriptor d = rc_plugin_descriptor();
    d.abi_major = RC_ABI_MAJOR;
    d.abi_minor = RC_ABI_MINOR;
    d.size = (uint32_t)sizeof d;
    d.kind = RC_KIND_ANALYSIS;
    d.name = "header_alone";
    d.version = "1";
    d.summary = "x";
    d.key_table = &k_key_table;
    d.analyse = k_analyse;
    d.provides = k_provides;
    return d;
}
static const rc_plugin_descriptor k_descriptor = make();
#else
static const rc_plugin_descriptor k_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "header_alone",
    .version = "1",
    .summary = "x",
    .key_table = &k_key_table,
    .analyse = k_analyse,
    .provides = k_provides,
};
#endif

RC_PLUGIN_DEFINE(k_descriptor);
