/* good_analysis.c — a well-formed ABI 1.1 analysis plugin: key table with an enum key,
 * needs and provides, written with RC_PLUGIN_DEFINE (checked by test_loader). */
#include "regcoord/plugin.h"

static int32_t ga_analyse(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    (void)host;
    (void)ctx;
    return RC_OK;
}

static const rc_config_key ga_keys[] = {
    {"form", RC_CFG_ENUM, 0, "standard", "The form.", "standard|wang2021"},
    {"top", RC_CFG_INT, 0, "3", "How many."},
};
static const rc_key_table ga_key_table = RC_KEY_TABLE(ga_keys);
static const char *const ga_needs[] = {"coupling", 0};
static const char *const ga_provides[] = {"good_table", "good_table_top", 0};

static const rc_plugin_descriptor ga_descriptor = {
    RC_DESCRIPTOR_HEADER,
    .kind = RC_KIND_ANALYSIS,
    .name = "good_analysis",
    .version = "0.1.0",
    .summary = "A well-formed test analysis.",
    .key_table = &ga_key_table,
    .analyse = ga_analyse,
    .needs = ga_needs,
    .provides = ga_provides,
};

RC_PLUGIN_DEFINE(ga_descriptor);
