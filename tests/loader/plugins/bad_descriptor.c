/* bad_descriptor.c — one source for the plugins whose descriptor breaks one loader check;
 * tests/loader/CMakeLists.txt builds it once per check with the BP_* macros below. */
#include "regcoord/plugin.h"

#ifndef BP_NAME
#error "BP_NAME must name the plugin"
#endif
#ifndef BP_VERSION
#define BP_VERSION "1.0.0"
#endif
#ifndef BP_MAJOR
#define BP_MAJOR RC_ABI_MAJOR
#endif
#ifndef BP_MINOR
#define BP_MINOR RC_ABI_MINOR
#endif
#ifndef BP_SIZE
#define BP_SIZE sizeof(rc_plugin_descriptor)
#endif
#ifndef BP_KIND
#define BP_KIND RC_KIND_DIMENSION
#endif

#ifndef BP_NO_CALLBACK
static int32_t bp_callback(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    (void)host;
    (void)ctx;
    return RC_OK;
}
#endif

#if defined(BP_KEYS_DUPLICATE)
static const rc_config_key bp_keys[] = {
    {"alpha", RC_CFG_INT, 0, "1", "First key."},
    {"beta", RC_CFG_STRING, 0, NULL, "Second key."},
    {"alpha", RC_CFG_NUMBER, 0, NULL, "The first key again."},
};
#define BP_KEYS bp_keys
#define BP_N_KEYS 3
#elif defined(BP_KEYS_NULL_KEY)
static const rc_config_key bp_keys[] = {
    {"alpha", RC_CFG_INT, 0, "1", "First key."},
    {0, RC_CFG_STRING, 0, NULL, "A key without a name."},
};
#define BP_KEYS bp_keys
#define BP_N_KEYS 2
#elif defined(BP_KEYS_BAD_TYPE)
static const rc_config_key bp_keys[] = {
    {"alpha", 9, 0, NULL, "A key of no known type."},
};
#define BP_KEYS bp_keys
#define BP_N_KEYS 1
#elif defined(BP_KEYS_BAD_REQUIRED)
static const rc_config_key bp_keys[] = {
    {"alpha", RC_CFG_BOOL, 2, NULL, "A key neither required nor optional."},
};
#define BP_KEYS bp_keys
#define BP_N_KEYS 1
#elif defined(BP_KEYS_ENUM_NO_CHOICES)
static const rc_config_key bp_keys[] = {
    {"form", RC_CFG_ENUM, 0, NULL, "An enum key without choices."},
};
#define BP_KEYS bp_keys
#define BP_N_KEYS 1
#elif defined(BP_KEYS_ENUM_BAD_DEFAULT)
static const rc_config_key bp_keys[] = {
    {"form", RC_CFG_ENUM, 0, "wang", "An enum key whose default is not a choice.",
     "standard|wang2021"},
};
#define BP_KEYS bp_keys
#define BP_N_KEYS 1
#elif defined(BP_KEYS_NO_TABLE)
#define BP_KEYS 0
#define BP_N_KEYS 2
#else
#define BP_KEYS 0
#define BP_N_KEYS 0
#endif

#ifdef BP_PROVIDES
static const char *const bp_provides[] = {BP_PROVIDES, 0};
#endif

static const rc_plugin_descriptor bp_descriptor = {
    .abi_major = BP_MAJOR,
    .abi_minor = BP_MINOR,
    .size = BP_SIZE,
    .kind = BP_KIND,
    .name = BP_NAME,
    .version = BP_VERSION,
    .summary = "A test plugin that breaks one loader check.",
    .config_keys = BP_KEYS,
    .n_config_keys = BP_N_KEYS,
#ifndef BP_NO_CALLBACK
    .score = bp_callback,
    .report = bp_callback,
#ifdef BP_ANALYSIS
    .analyse = bp_callback,
#endif
#endif
#ifdef BP_PROVIDES
    .provides = bp_provides,
#endif
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
#ifdef BP_RETURN_NULL
    (void)bp_descriptor;
    return 0;
#else
    return &bp_descriptor;
#endif
}
