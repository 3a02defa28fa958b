/* host/loader.c — finding, vetting and opening plugins: builds the search path, lists the
 * NAME.so files of each folder, runs every trust and ABI check on a candidate, and keeps the
 * accepted plugins (dlopen handles) and one-sentence refusals in a registry. */
#include "host/loader.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/str.h"

#ifndef REGCOORD_PLUGIN_RELDIR
#define REGCOORD_PLUGIN_RELDIR "lib/regcoord/plugins"
#endif
#ifndef REGCOORD_BUILD_PLUGIN_DIR
#define REGCOORD_BUILD_PLUGIN_DIR ""
#endif
#ifndef REGCOORD_BUILD_BIN_DIR
#define REGCOORD_BUILD_BIN_DIR ""
#endif

/* The ABI 1.0 descriptor ends with fini; a smaller descriptor lacks published fields. */
#define RC_DESCRIPTOR_V1_0_SIZE \
    (offsetof(rc_plugin_descriptor, fini) + sizeof(((rc_plugin_descriptor *)0)->fini))

/* More config keys than this is taken as a corrupt table, not a real plugin. */
#define RC_MAX_CONFIG_KEYS 4096u

/* ------------------------------------------------------------------------------------ */
/* Single-file checks                                                                   */

/* The stem of a path: basename without a trailing ".so" (newly allocated). */
static char *path_stem(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n >= 3 && strcmp(base + n - 3, ".so") == 0) n -= 3;
    return rc_strndup(base, n);
}

/* The folder part of an absolute path ("/" for a file at the root). */
static char *path_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) return rc_strdup(".");
    if (slash == path) return rc_strdup("/");
    return rc_strndup(path, (size_t)(slash - path));
}

static const char *writable_by(mode_t mode)
{
    if ((mode & S_IWGRP) && (mode & S_IWOTH)) return "group- and world-writable";
    if (mode & S_IWGRP) return "group-writable";
    if (mode & S_IWOTH) return "world-writable";
    return NULL;
}

/* lstat, regular file, file and folder modes. */
int rc_plugin_check_file(const char *path, rc_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: the file does not exist.", path);
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: the file cannot be examined (%s).", path,
                            strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it is a symbolic link, and only regular "
                            "files are loaded.", path);
    if (S_ISDIR(st.st_mode))
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it is a directory, and only regular files "
                            "are loaded.", path);
    if (!S_ISREG(st.st_mode))
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it is not a regular file, and only regular "
                            "files are loaded.", path);
    const char *w = writable_by(st.st_mode);
    if (w)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: the file is %s (mode %04o); run chmod go-w "
                            "on it.", path, w, (unsigned)(st.st_mode & 07777));
    char *dir = path_dir(path);
    if (!dir) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    int rc = 0;
    struct stat ds;
    if (stat(dir, &ds) != 0) {
        rc = rc_error_set(err, RC_ERRK_PLUGIN,
                          "plugin '%s' refused: its folder '%s' cannot be examined (%s).",
                          path, dir, strerror(errno));
    } else if ((w = writable_by(ds.st_mode)) != NULL) {
        rc = rc_error_set(err, RC_ERRK_PLUGIN,
                          "plugin '%s' refused: its folder '%s' is %s (mode %04o); run "
                          "chmod go-w on the folder.", path, dir, w,
                          (unsigned)(ds.st_mode & 07777));
    }
    free(dir);
    return rc;
}

/* The size of rc_config_key in ABI 1.0 (before `choices`). */
#define RC_CONFIG_KEY_V1_0_SIZE offsetof(rc_config_key, choices)

const char *rc_kind_name(int32_t kind)
{
    switch (kind) {
    case RC_KIND_DIMENSION: return "dimension";
    case RC_KIND_REPORTER: return "reporter";
    case RC_KIND_ANALYSIS: return "analysis";
    default: return "unknown";
    }
}

int rc_plugin_keys_copy(const char *path, const rc_plugin_descriptor *d, rc_config_key **out,
                        size_t *n, rc_error *err)
{
    *out = NULL;
    *n = 0;
    const rc_key_table *kt = RC_DESC_FIELD(d, key_table);
    const void *base = d->config_keys;
    size_t count = d->n_config_keys;
    size_t stride = d->abi_minor == 0 ? RC_CONFIG_KEY_V1_0_SIZE : sizeof(rc_config_key);
    if (kt) {
        if (d->config_keys || d->n_config_keys)
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: it declares both a key_table and "
                                "config_keys; give one.", path);
        if (kt->size < offsetof(rc_key_table, keys) + sizeof kt->keys ||
            kt->key_size < RC_CONFIG_KEY_V1_0_SIZE)
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: its key table records sizes %u and %u, "
                                "smaller than any ABI's.", path, (unsigned)kt->size,
                                (unsigned)kt->key_size);
        base = kt->keys;
        count = kt->n_keys;
        stride = kt->key_size;
    }
    if (count == 0) return 0;
    if (!base)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it declares %zu config keys but no key "
                            "table.", path, count);
    if (count > RC_MAX_CONFIG_KEYS)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it declares %zu config keys, more than the "
                            "%u a plugin may have.", path, count, RC_MAX_CONFIG_KEYS);
    rc_config_key *k = rc_calloc(count, sizeof *k);
    if (!k) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    size_t take = stride < sizeof *k ? stride : sizeof *k;
    for (size_t i = 0; i < count; i++) memcpy(&k[i], (const char *)base + i * stride, take);
    *out = k;
    *n = count;
    return 0;
}

/* Checks the normalised key table (rc_plugin_keys_copy). */
static int check_config_keys(const char *path, const rc_config_key *keys, size_t n,
                             rc_error *err)
{
    for (uint32_t i = 0; i < n; i++) {
        const rc_config_key *k = &keys[i];
        if (!k->key || !k->key[0])
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: its config key %u has no name.", path,
                                (unsigned)i + 1);
        if (k->type < RC_CFG_ANY || k->type > RC_CFG_ENUM)
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: its config key '%s' has unknown type "
                                "%d.", path, k->key, (int)k->type);
        if (k->required != 0 && k->required != 1)
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: its config key '%s' has required = %d, "
                                "which must be 0 or 1.", path, k->key, (int)k->required);
        if (k->type == RC_CFG_ENUM && (!k->choices || !k->choices[0]))
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: its enum config key '%s' lists no "
                                "choices.", path, k->key);
        if (k->type == RC_CFG_ENUM && k->default_value &&
            rc_choice_index(k->choices, k->default_value) < 0)
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: the default '%s' of its enum config key "
                                "'%s' is not one of %s.", path, k->default_value, k->key,
                                k->choices);
        for (uint32_t j = 0; j < i; j++)
            if (strcmp(keys[j].key, k->key) == 0)
                return rc_error_set(err, RC_ERRK_PLUGIN,
                                    "plugin '%s' refused: it declares the config key '%s' "
                                    "twice.", path, k->key);
    }
    return 0;
}

/* A NULL-terminated list of table names (needs/provides) of an analysis plugin: at most
 * 256 plain names. */
static int check_names(const char *path, const char *what, const char *const *list,
                       rc_error *err)
{
    for (size_t i = 0; list && list[i]; i++) {
        if (i >= 256)
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: its %s list has more than 256 names (is "
                                "it NULL-terminated?).", path, what);
        if (!rc_is_identifier(list[i]))
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: its %s list holds '%s', which is not a "
                                "table name (letters, digits and '_', not starting with a "
                                "digit).", path, what, list[i]);
    }
    return 0;
}

/* Every check on the descriptor, in the documented order. */
static int check_descriptor(const char *path, const char *stem, const rc_plugin_descriptor *d,
                            rc_error *err)
{
    if (!d)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: its entry function returned no descriptor.",
                            path);
    if (d->abi_major != RC_ABI_MAJOR)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it was built for ABI %u.x, this regcoord "
                            "speaks %d.%d.", path, (unsigned)d->abi_major, RC_ABI_MAJOR,
                            RC_ABI_MINOR);
    if (d->abi_minor > RC_ABI_MINOR)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it was built for ABI %u.%u, newer than the "
                            "ABI %d.%d this regcoord speaks; upgrade regcoord or rebuild the "
                            "plugin against this SDK.", path, (unsigned)d->abi_major,
                            (unsigned)d->abi_minor, RC_ABI_MAJOR, RC_ABI_MINOR);
    if (d->size < RC_DESCRIPTOR_V1_0_SIZE)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: its descriptor is %u bytes, smaller than the "
                            "%u bytes of an ABI 1.0 descriptor.", path, (unsigned)d->size,
                            (unsigned)RC_DESCRIPTOR_V1_0_SIZE);
    if (d->kind != RC_KIND_DIMENSION && d->kind != RC_KIND_REPORTER &&
        !(d->kind == RC_KIND_ANALYSIS && d->abi_minor >= 1))
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it declares unknown kind %d (1 is a "
                            "dimension, 2 a reporter, 3 an analysis from ABI 1.1).", path,
                            (int)d->kind);
    if (!d->name || !d->name[0])
        return rc_error_set(err, RC_ERRK_PLUGIN, "plugin '%s' refused: it declares no name.",
                            path);
    if (!d->version || !d->version[0])
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it declares no version.", path);
    if (strcmp(d->name, stem) != 0)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it declares the name '%s', which differs "
                            "from its file stem '%s'.", path, d->name, stem);
    if (d->kind == RC_KIND_DIMENSION && !d->score)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it is a dimension plugin but has no score "
                            "callback.", path);
    if (d->kind == RC_KIND_REPORTER && !d->report)
        return rc_error_set(err, RC_ERRK_PLUGIN,
                            "plugin '%s' refused: it is a reporter plugin but has no report "
                            "callback.", path);
    if (d->kind == RC_KIND_ANALYSIS) {
        if (!RC_DESC_FIELD(d, analyse))
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: it is an analysis plugin but has no "
                                "analyse callback.", path);
        const char *const *prov = RC_DESC_FIELD(d, provides);
        if (!prov || !prov[0])
            return rc_error_set(err, RC_ERRK_PLUGIN,
                                "plugin '%s' refused: it is an analysis plugin but provides "
                                "no table.", path);
        if (check_names(path, "provides", prov, err) != 0 ||
            check_names(path, "needs", RC_DESC_FIELD(d, needs), err) != 0)
            return -1;
    }
    return 0;
}

/* An absolute copy of path: relative paths are taken against the current folder. */
static char *absolute_path(const char *path)
{
    if (path[0] == '/') return rc_strdup(path);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd)) return NULL;
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, cwd);
    if (strcmp(cwd, "/") != 0) rc_buf_puts(&b, "/");
    rc_buf_puts(&b, path);
    if (b.failed) {
        rc_buf_free(&b);
        return NULL;
    }
    return b.data;
}

int rc_plugin_open(const char *path, rc_plugin *out, rc_error *err)
{
    if (!out) return rc_error_set(err, RC_ERRK_OTHER, "rc_plugin_open: no output record");
    memset(out, 0, sizeof *out);
    if (!path || !path[0])
        return rc_error_set(err, RC_ERRK_PLUGIN, "plugin '' refused: the path is empty.");
    char *abs = absolute_path(path);
    if (!abs)
        return rc_error_set(err, RC_ERRK_OTHER,
                            "plugin '%s' refused: its absolute path cannot be formed (%s).",
                            path, strerror(errno));
    char *stem = path_stem(abs);
    void *handle = NULL;
    rc_config_key *keys = NULL;
    size_t n_keys = 0;
    if (!stem) {
        rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        goto fail;
    }
    if (rc_plugin_check_file(abs, err) != 0) goto fail;

    dlerror();
    handle = dlopen(abs, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        const char *why = dlerror();
        rc_error_set(err, RC_ERRK_PLUGIN, "plugin '%s' refused: it cannot be loaded: %s.", abs,
                     why ? why : "unknown dlopen error");
        goto fail;
    }
    dlerror();
    void *sym = dlsym(handle, RC_PLUGIN_ENTRY_SYMBOL);
    if (!sym) {
        rc_error_set(err, RC_ERRK_PLUGIN,
                     "plugin '%s' refused: it does not export the entry function %s().", abs,
                     RC_PLUGIN_ENTRY_SYMBOL);
        goto fail;
    }
    /* POSIX guarantees that a dlsym() result converts to a function pointer. */
    rc_plugin_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    const rc_plugin_descriptor *desc = entry();
    if (check_descriptor(abs, stem, desc, err) != 0) goto fail;
    if (rc_plugin_keys_copy(abs, desc, &keys, &n_keys, err) != 0) goto fail;
    if (check_config_keys(abs, keys, n_keys, err) != 0) goto fail;

    out->name = stem;
    out->path = abs;
    out->handle = handle;
    out->desc = desc;
    out->keys = keys;
    out->n_keys = n_keys;
    return 0;

fail:
    free(keys);
    if (handle) dlclose(handle);
    free(stem);
    free(abs);
    return -1;
}

void rc_plugin_close(rc_plugin *p)
{
    if (!p) return;
    if (p->handle) dlclose(p->handle);
    free(p->keys);
    free(p->name);
    free(p->path);
    memset(p, 0, sizeof *p);
}

/* ------------------------------------------------------------------------------------ */
/* The registry                                                                         */

static int add_refusal(rc_registry *reg, const char *path, const char *name,
                       const char *reason)
{
    rc_refusal *r = rc_reallocarray(reg->refused, reg->n_refused + 1, sizeof *r);
    if (!r) return -1;
    reg->refused = r;
    rc_refusal *x = &r[reg->n_refused];
    x->path = rc_strdup(path);
    x->name = name ? rc_strdup(name) : NULL;
    x->reason = rc_strdup(reason);
    if (!x->path || !x->reason || (name && !x->name)) {
        free(x->path);
        free(x->name);
        free(x->reason);
        return -1;
    }
    reg->n_refused++;
    return 0;
}

/* The canonical form of a folder for comparisons: realpath when it exists, else as given. */
static char *canonical(const char *dir)
{
    char *r = realpath(dir, NULL);
    return r ? r : rc_strdup(dir);
}

/* Appends a folder to the search path unless an equal one is already there. Returns 1 when
 * added, 0 when a repeat, -1 on memory failure. */
static int add_search_dir(rc_registry *reg, const char *dir)
{
    char *c = canonical(dir);
    if (!c) return -1;
    for (size_t i = 0; i < reg->n_search; i++) {
        if (strcmp(reg->search_path[i], c) == 0) {
            free(c);
            return 0;
        }
    }
    char **s = rc_reallocarray(reg->search_path, reg->n_search + 1, sizeof *s);
    if (!s) {
        free(c);
        return -1;
    }
    reg->search_path = s;
    s[reg->n_search++] = c;
    return 1;
}

/* One entry of --plugin-path or REGCOORD_PLUGIN_PATH: must be absolute and an existing
 * folder; refusals are recorded. `origin` names where the entry came from. */
static int add_user_dir(rc_registry *reg, const char *dir, const char *origin)
{
    char msg[RC_ERROR_MSG_MAX];
    if (dir[0] != '/') {
        snprintf(msg, sizeof msg,
                 "plugin search folder '%s' (%s) refused: it is not an absolute path, and "
                 "only absolute folders are searched.", dir, origin);
        return add_refusal(reg, dir, NULL, msg);
    }
    struct stat st;
    if (stat(dir, &st) != 0) {
        snprintf(msg, sizeof msg, "plugin search folder '%s' (%s) refused: %s.", dir, origin,
                 errno == ENOENT ? "it does not exist" : strerror(errno));
        if (add_refusal(reg, dir, NULL, msg) != 0) return -1;
    } else if (!S_ISDIR(st.st_mode)) {
        snprintf(msg, sizeof msg,
                 "plugin search folder '%s' (%s) refused: it is not a folder.", dir, origin);
        return add_refusal(reg, dir, NULL, msg);
    }
    return add_search_dir(reg, dir) < 0 ? -1 : 0;
}

static int add_env_dirs(rc_registry *reg)
{
    const char *env = getenv("REGCOORD_PLUGIN_PATH");
    if (!env) return 0;
    const char *p = env;
    while (*p) {
        const char *colon = strchr(p, ':');
        size_t n = colon ? (size_t)(colon - p) : strlen(p);
        if (n > 0) {
            char *dir = rc_strndup(p, n);
            if (!dir) return -1;
            int rc = add_user_dir(reg, dir, "from REGCOORD_PLUGIN_PATH");
            free(dir);
            if (rc != 0) return -1;
        }
        if (!colon) break;
        p = colon + 1;
    }
    return 0;
}

/* The folder holding the binary, symlinks resolved (realpath of the binary, or of its
 * folder when the binary itself cannot be resolved). */
static char *exe_dir(const char *exe_path)
{
    char *r = realpath(exe_path, NULL);
    if (r) {
        char *d = path_dir(r);
        free(r);
        return d;
    }
    char *abs = absolute_path(exe_path);
    if (!abs) return NULL;
    char *d = path_dir(abs);
    free(abs);
    if (!d) return NULL;
    char *c = canonical(d);
    free(d);
    return c;
}

/* The install folder (<exe>/../REGCOORD_PLUGIN_RELDIR) and, when the binary runs from the
 * build tree, the build tree's plugin folder. */
static int add_exe_dirs(rc_registry *reg, const char *exe_path)
{
    char *bin = exe_dir(exe_path);
    if (!bin) return -1;
    char *prefix_raw = path_dir(bin);
    char *prefix = prefix_raw ? canonical(prefix_raw) : NULL;
    free(prefix_raw);
    int rc = -1;
    if (prefix) {
        rc_buf b;
        rc_buf_init(&b);
        rc_buf_puts(&b, prefix);
        if (strcmp(prefix, "/") != 0) rc_buf_puts(&b, "/");
        rc_buf_puts(&b, REGCOORD_PLUGIN_RELDIR);
        rc = b.failed ? -1 : add_search_dir(reg, b.data);
        rc_buf_free(&b);
    }
    if (rc >= 0 && REGCOORD_BUILD_BIN_DIR[0] && REGCOORD_BUILD_PLUGIN_DIR[0]) {
        char *build_bin = canonical(REGCOORD_BUILD_BIN_DIR);
        if (!build_bin) rc = -1;
        else if (strcmp(build_bin, bin) == 0) rc = add_search_dir(reg, REGCOORD_BUILD_PLUGIN_DIR);
        free(build_bin);
    }
    free(prefix);
    free(bin);
    return rc < 0 ? -1 : 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_plugin(const void *a, const void *b)
{
    return strcmp(((const rc_plugin *)a)->name, ((const rc_plugin *)b)->name);
}

/* The NAME.so entries of a folder, sorted by name (NULL-free array; *n set). A folder that
 * cannot be opened yields nothing. Returns -1 on memory failure. */
static int list_so_files(const char *dir, char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len <= 3 || strcmp(e->d_name + len - 3, ".so") != 0) continue;
        char **grown = rc_reallocarray(*names, *n + 1, sizeof *grown);
        char *copy = grown ? rc_strdup(e->d_name) : NULL;
        if (grown) *names = grown;
        if (!copy) {
            rc = -1;
            break;
        }
        (*names)[(*n)++] = copy;
    }
    closedir(d);
    if (*n > 1) qsort(*names, *n, sizeof **names, cmp_str);
    return rc;
}

static const rc_plugin *find_accepted(const rc_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->n; i++)
        if (strcmp(reg->plugins[i].name, name) == 0) return &reg->plugins[i];
    return NULL;
}

/* Vets one candidate file and records it as accepted or refused. */
static int scan_file(rc_registry *reg, const char *dir, const char *file)
{
    rc_buf b;
    rc_buf_init(&b);
    rc_buf_puts(&b, dir);
    if (strcmp(dir, "/") != 0) rc_buf_puts(&b, "/");
    rc_buf_puts(&b, file);
    char *stem = path_stem(file);
    int rc = 0;
    if (b.failed || !stem) {
        rc = -1;
        goto done;
    }
    const rc_plugin *earlier = find_accepted(reg, stem);
    if (earlier) {
        char msg[RC_ERROR_MSG_MAX];
        snprintf(msg, sizeof msg,
                 "plugin '%s' refused: duplicate plugin name '%s': already loaded from %s.",
                 b.data, stem, earlier->path);
        rc = add_refusal(reg, b.data, stem, msg);
        goto done;
    }
    rc_plugin p;
    rc_error e;
    rc_error_clear(&e);
    if (rc_plugin_open(b.data, &p, &e) != 0) {
        rc = add_refusal(reg, b.data, stem, e.msg);
        goto done;
    }
    rc_plugin *grown = rc_reallocarray(reg->plugins, reg->n + 1, sizeof *grown);
    if (!grown) {
        rc_plugin_close(&p);
        rc = -1;
        goto done;
    }
    reg->plugins = grown;
    grown[reg->n++] = p;
done:
    free(stem);
    rc_buf_free(&b);
    return rc;
}

int rc_registry_scan(rc_registry **out, const char *const *extra_dirs, size_t n_extra,
                     const char *exe_path, rc_error *err)
{
    if (!out) return rc_error_set(err, RC_ERRK_OTHER, "rc_registry_scan: no output pointer");
    *out = NULL;
    rc_registry *reg = rc_calloc(1, sizeof *reg);
    if (!reg) goto oom;

    for (size_t i = 0; i < n_extra; i++) {
        if (!extra_dirs[i]) continue;
        if (add_user_dir(reg, extra_dirs[i], "from --plugin-path") != 0) goto oom;
    }
    if (add_env_dirs(reg) != 0) goto oom;
    if (exe_path && exe_path[0] && add_exe_dirs(reg, exe_path) != 0) goto oom;

    for (size_t i = 0; i < reg->n_search; i++) {
        char **files = NULL;
        size_t nf = 0;
        int rc = list_so_files(reg->search_path[i], &files, &nf);
        for (size_t j = 0; rc == 0 && j < nf; j++)
            rc = scan_file(reg, reg->search_path[i], files[j]);
        for (size_t j = 0; j < nf; j++) free(files[j]);
        free(files);
        if (rc != 0) goto oom;
    }
    if (reg->n > 1) qsort(reg->plugins, reg->n, sizeof *reg->plugins, cmp_plugin);
    *out = reg;
    return 0;

oom:
    rc_registry_free(reg);
    return rc_error_set(err, RC_ERRK_OTHER, "out of memory while scanning for plugins");
}

const rc_plugin *rc_registry_find(const rc_registry *reg, const char *name)
{
    if (!reg || !name) return NULL;
    return find_accepted(reg, name);
}

const rc_refusal *rc_registry_refusal(const rc_registry *reg, const char *name)
{
    if (!reg || !name) return NULL;
    for (size_t i = 0; i < reg->n_refused; i++)
        if (reg->refused[i].name && strcmp(reg->refused[i].name, name) == 0)
            return &reg->refused[i];
    return NULL;
}

void rc_registry_free(rc_registry *reg)
{
    if (!reg) return;
    for (size_t i = 0; i < reg->n; i++) rc_plugin_close(&reg->plugins[i]);
    free(reg->plugins);
    for (size_t i = 0; i < reg->n_refused; i++) {
        free(reg->refused[i].path);
        free(reg->refused[i].name);
        free(reg->refused[i].reason);
    }
    free(reg->refused);
    for (size_t i = 0; i < reg->n_search; i++) free(reg->search_path[i]);
    free(reg->search_path);
    free(reg);
}
