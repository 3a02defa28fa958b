/* host/loader.h — finding, vetting and opening plugins. Search order: --plugin-path
 * entries, then REGCOORD_PLUGIN_PATH (colon-separated), then the install folder
 * (<exe>/../lib/regcoord/plugins), then the build tree's plugin folder when the binary runs
 * from the build tree. Each candidate NAME.so is vetted (absolute folder, lstat regular
 * file, not group/world-writable file or folder, dlopen RTLD_NOW|RTLD_LOCAL, entry symbol,
 * ABI major equal and minor not newer, descriptor size, known kind, name == file stem, no
 * duplicate name) and refused with one sentence naming the file and the reason. */
#ifndef RC_HOST_LOADER_H
#define RC_HOST_LOADER_H

#include <stddef.h>

#include "regcoord/plugin.h"
#include "util/error.h"

typedef struct rc_plugin {
    char *name;
    char *path;             /* absolute path of the .so */
    void *handle;           /* dlopen handle */
    const rc_plugin_descriptor *desc;
    /* The plugin's config keys in this host's rc_config_key layout, whichever way and ABI
     * minor the plugin declared them (config_keys or key_table): owned. Read keys here,
     * never through desc. */
    rc_config_key *keys;
    size_t n_keys;
} rc_plugin;

/* The descriptor field `f` when the plugin's descriptor is large enough to hold it (an
 * older plugin's descriptor ends earlier), else 0/NULL. */
#define RC_DESC_FIELD(d, f) \
    ((size_t)(d)->size >= offsetof(rc_plugin_descriptor, f) + sizeof((d)->f) ? (d)->f : 0)

typedef struct rc_refusal {
    char *path;             /* the plugin file, or the search folder refused */
    char *name;             /* the file stem (plugin name), or NULL for a folder refusal */
    char *reason;           /* one sentence naming the file and why */
} rc_refusal;

typedef struct rc_registry {
    rc_plugin *plugins;     /* accepted, sorted by name */
    size_t n;
    rc_refusal *refused;    /* in the order they were met (search order, file names sorted) */
    size_t n_refused;
    char **search_path;     /* the absolute folders considered, in order, without repeats;
                             * a folder that does not exist is listed but yields nothing */
    size_t n_search;
} rc_registry;

/* Scans the search path (extra_dirs first, may be NULL/0) and opens every NAME.so found
 * (file names sorted within a folder). Refusals are recorded, not fatal: a relative search
 * entry, a missing --plugin-path or REGCOORD_PLUGIN_PATH folder (the install and build-tree
 * folders are skipped silently when absent), and every refused file. A later file with the
 * name of an already accepted plugin is refused as a duplicate without being opened.
 * `exe_path` is the running binary (for the install and build-tree folders; NULL to skip
 * them). Returns -1 only when memory runs out (err set, *out NULL); the caller frees *out
 * with rc_registry_free(). */
int rc_registry_scan(rc_registry **out, const char *const *extra_dirs, size_t n_extra,
                     const char *exe_path, rc_error *err);
/* Opens exactly one plugin file with all the checks above except the duplicate check (used
 * by the scan, tests and plugin-check); a relative path is taken against the current
 * folder. On refusal returns -1 with the sentence in err (RC_ERRK_PLUGIN) and leaves *out
 * zeroed; on success the caller closes *out with rc_plugin_close(). */
int rc_plugin_open(const char *path, rc_plugin *out, rc_error *err);
/* A copy of a descriptor's config keys in this host's layout (from key_table when set, else
 * config_keys read with the size of the descriptor's ABI minor). Returns 0 with *out NULL
 * when there are none, -1 with err set when the table is malformed or memory runs out
 * (messages as the loader's refusals, naming `path`). The caller frees *out. */
int rc_plugin_keys_copy(const char *path, const rc_plugin_descriptor *d, rc_config_key **out,
                        size_t *n, rc_error *err);
/* The name of a plugin kind: "dimension", "reporter", "analysis" (or "unknown"). */
const char *rc_kind_name(int32_t kind);
/* The trust checks rc_plugin_open makes before it opens anything, for an absolute path:
 * lstat says a regular file (not a symbolic link, folder, FIFO or device), neither the file
 * nor its folder group- or world-writable. Never opens or reads the file. -1 with the
 * refusal sentence in err (RC_ERRK_PLUGIN). plugin-check runs them in the parent, before any
 * dlopen. */
int rc_plugin_check_file(const char *path, rc_error *err);
/* dlcloses and frees the fields (not p itself); p is zeroed. NULL or zeroed p is a no-op. */
void rc_plugin_close(rc_plugin *p);
/* Accepted plugin by name, or NULL. */
const rc_plugin *rc_registry_find(const rc_registry *reg, const char *name);
/* The refusal recorded for a plugin name (file stem), or NULL. */
const rc_refusal *rc_registry_refusal(const rc_registry *reg, const char *name);
/* Unloads everything (dlclose). */
void rc_registry_free(rc_registry *reg);

#endif
