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
} rc_plugin;

typedef struct rc_refusal {
    char *path;
    char *reason;           /* one sentence naming the file and why */
} rc_refusal;

typedef struct rc_registry {
    rc_plugin *plugins;     /* accepted, sorted by name */
    size_t n;
    rc_refusal *refused;
    size_t n_refused;
    char **search_path;     /* the folders searched, in order */
    size_t n_search;
} rc_registry;

/* Scans the search path (extra_dirs first, may be NULL/0) and opens every plugin found.
 * Refusals are recorded, not fatal. `exe_path` is the running binary (for the install and
 * build-tree folders; NULL to skip them). */
int rc_registry_scan(rc_registry **out, const char *const *extra_dirs, size_t n_extra,
                     const char *exe_path, rc_error *err);
/* Opens exactly one plugin file with all the checks above (used by tests and plugin-check);
 * on refusal returns -1 with the sentence in err (RC_ERRK_PLUGIN). */
int rc_plugin_open(const char *path, rc_plugin *out, rc_error *err);
void rc_plugin_close(rc_plugin *p);
/* Accepted plugin by name, or NULL. */
const rc_plugin *rc_registry_find(const rc_registry *reg, const char *name);
/* The refusal recorded for a plugin name (file stem), or NULL. */
const rc_refusal *rc_registry_refusal(const rc_registry *reg, const char *name);
/* Unloads everything (dlclose). */
void rc_registry_free(rc_registry *reg);

#endif
