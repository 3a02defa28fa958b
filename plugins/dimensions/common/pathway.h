/* plugins/dimensions/common/pathway.h — the catalogue handling the four pathway dimension
 * plugins share: reading `catalogue:` (absent, all, none or a list of ids), checking that
 * an entry's raw series exist, adding the selected entries as formula indicators, and the
 * errors and warnings for each case. Written against regcoord/plugin.h only; pathway.c is
 * compiled into each pathway plugin (hidden visibility), so every plugin still exports
 * only regcoord_plugin_entry and needs nothing else at run time.
 *
 * Everything here borrows what it is given (host, context, catalogue) for the call only. */
#ifndef REGCOORD_PLUGINS_PATHWAY_H
#define REGCOORD_PLUGINS_PATHWAY_H

#include <regcoord/plugin.h>

#include <stddef.h>
#include <stdint.h>

/* Buffer sizes shared with the plugins' own measures: a series or indicator name, one
 * message, a quoted list of series names. */
#define PW_MAX_NAME 128
#define PW_MSG 2048
#define PW_LIST 512

/* One default indicator: a formula over canonical raw series names (the dimension's
 * `series:` mapping renames them to the data's series). */
typedef struct pw_entry {
    const char *id;
    const char *formula;
    int32_t direction;       /* RC_BENEFIT or RC_COST */
    const char *description; /* one line, with the unit */
} pw_entry;

/* A plugin's catalogue: its name (used in messages) and its entries. */
typedef struct pw_catalogue {
    const char *plugin_name;
    const pw_entry *entries;
    size_t n_entries;
} pw_catalogue;

/* The `catalogue` config key every pathway plugin declares, as an rc_config_key
 * initialiser for the plugin's key table. */
#define PW_CATALOGUE_KEY                                                                   \
    {"catalogue", RC_CFG_ANY, 0, NULL,                                                     \
     "Catalogue indicators to add: 'all' (skips those whose raw series are missing), "     \
     "'none', or a list of ids (each must have its raw series); default: all when the "    \
     "dimension configures no indicators or components, none otherwise."}

/* A plugin's own measures, added after the catalogue: RC_OK, or a negative code after
 * setting the error. */
typedef int32_t (*pw_measures_fn)(const rc_host *host, rc_ctx *ctx);

/* RC_OK when the host fills rc_host at least up to score_default (every dimension service
 * the plugins call) under the same ABI major; otherwise RC_EINVAL, with the error "the host
 * is too old for the <plugin_name> plugin: …" set when the host has set_error. */
int32_t pw_check_host(const rc_host *host, rc_ctx *ctx, const char *plugin_name);

/* Index of the entry `id` in the catalogue, or -1. */
int pw_find(const pw_catalogue *cat, const char *id);

/* Reads series `name` into *out; RC_ENOTFOUND (with the error set, naming `what` and saying
 * how to add or map it) when the data lack it, the host's code otherwise. */
int32_t pw_series(const rc_host *host, rc_ctx *ctx, const char *name, const char *what,
                  const double **out);

/* Adds the catalogue entries selected by the dimension's `catalogue:` key as formula
 * indicators. Absent means all when the dimension configures no indicators: or
 * components:, none otherwise. Under all, an entry whose raw series are missing is skipped
 * with a warning; a listed entry without them is an error (RC_ENOTFOUND). An entry also
 * configured under indicators: is left to that definition (info line). An unknown listed
 * id or a malformed key is RC_EINVAL; no indicator at all is RC_EDATA. Returns RC_OK or a
 * negative code after setting the error. */
int32_t pw_add_catalogue(const rc_host *host, rc_ctx *ctx, const pw_catalogue *cat);

/* The body of a pathway plugin's score callback: pw_check_host (with the catalogue's plugin
 * name), pw_add_catalogue, measures(host, ctx), then host->score_default; stops at the
 * first failure and returns its code. */
int32_t pw_score_dimension(const rc_host *host, rc_ctx *ctx, const pw_catalogue *cat,
                           pw_measures_fn measures);

#endif /* REGCOORD_PLUGINS_PATHWAY_H */
