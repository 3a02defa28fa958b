/* abi10_dim.c — a dimension plugin exactly as an ABI 1.0 plugin is laid out in memory (its
 * own copies of the 1.0 descriptor and key structs, abi_minor 0): the loader of a newer
 * host must accept it and read its keys with the 1.0 key size. */
#include <stdint.h>

#include "regcoord/plugin.h"

typedef struct v10_key {
    const char *key;
    int32_t type;
    int32_t required;
    const char *default_value;
    const char *help;
} v10_key;

typedef struct v10_descriptor {
    uint32_t abi_major, abi_minor, size;
    int32_t kind;
    const char *name, *version, *summary;
    const v10_key *config_keys;
    uint32_t n_config_keys, reserved0;
    int32_t (*init)(const rc_host *, rc_ctx *, void **);
    int32_t (*score)(void *, const rc_host *, rc_ctx *);
    int32_t (*report)(void *, const rc_host *, rc_ctx *);
    void (*fini)(void *);
} v10_descriptor;

static int32_t v10_score(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    return host->score_default(ctx);
}

static const v10_key v10_keys[] = {
    {"threshold", RC_CFG_NUMBER, 0, "0.5", "First key."},
    {"label", RC_CFG_STRING, 1, NULL, "Second key."},
    {"level", RC_CFG_INT, 0, "2", "Third key."},
};

static const v10_descriptor v10_desc = {
    1, 0, (uint32_t)sizeof(v10_descriptor), RC_KIND_DIMENSION, "abi10_dim", "1.0.0",
    "A plugin built for ABI 1.0.", v10_keys, 3, 0, 0, v10_score, 0, 0,
};

RC_PLUGIN_EXPORT const void *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const void *regcoord_plugin_entry(void)
{
    return &v10_desc;
}
