/* no_entry.c — a plugin whose exported function has the wrong name: the loader finds no
 * regcoord_plugin_entry and must refuse it. */
#include "regcoord/plugin.h"

static const rc_plugin_descriptor no_entry_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "no_entry",
    .version = "1.0.0",
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_main(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_main(void)
{
    return &no_entry_descriptor;
}
