/* fault_report.c — a reporter plugin that misbehaves on purpose, for the plugin guard's
 * tests: report() first begins its output and writes part of it (so a temporary file
 * exists), then does what its `fault` key says — segv (writes through a null pointer),
 * hang (loops forever), scribble (casts away the const of a result-table string and
 * changes it) or none (finishes the file normally). */
#include <stdint.h>
#include <string.h>

#include "regcoord/plugin.h"

static volatile int zero = 0;
static volatile unsigned long spins;

static int32_t fault_report_report(void *state, const rc_host *host, rc_ctx *ctx)
{
    (void)state;
    const char *f = host->node_str(ctx, host->node_get(ctx, host->config(ctx), "fault"));
    if (!f) f = "none";
    rc_output *out = host->output_begin(ctx, host->output_path(ctx));
    if (!out) return RC_EIO;
    static const char part[] = "a report half written\n";
    if (host->output_write(ctx, out, part, sizeof part - 1) != RC_OK) return RC_EIO;
    if (!strcmp(f, "segv")) *(volatile int *)(uintptr_t)zero = 1;
    else if (!strcmp(f, "hang")) for (;;) spins++;
    else if (!strcmp(f, "scribble")) {
        const rc_table *t = host->table_by_name(ctx, "scores");
        const char *s = t && host->table_nrows(ctx, t) ? host->cell_str(ctx, t, 0, 0) : NULL;
        if (s && s[0]) ((char *)(uintptr_t)s)[0] ^= 0x20;
    }
    return host->output_end(ctx, out);
}

static const rc_config_key fault_report_keys[] = {
    {"fault", RC_CFG_STRING, 0, "none", "What report() does wrong: none, segv, hang or scribble."},
};

static const rc_plugin_descriptor fault_report_descriptor = {
    .abi_major = RC_ABI_MAJOR,
    .abi_minor = RC_ABI_MINOR,
    .size = sizeof(rc_plugin_descriptor),
    .kind = RC_KIND_REPORTER,
    .name = "fault_report",
    .version = "0.0.1",
    .summary = "A reporter plugin that crashes, hangs or scribbles on purpose (tests).",
    .config_keys = fault_report_keys,
    .n_config_keys = 1,
    .report = fault_report_report,
};

RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);
RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)
{
    return &fault_report_descriptor;
}
