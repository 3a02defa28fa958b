/* tests/plugins_dims/dims_mock.c — the config-node services, host-table base and plugin
 * loading shared by the dimension-plugin suites' mock hosts. See dims_mock.h. */
#include "dims_mock.h"

#include <check.h>
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#ifndef RC_TEST_PLUGIN_DIR
#error "RC_TEST_PLUGIN_DIR must name the build tree's plugin folder"
#endif

static const rc_node *mock_node_get(rc_ctx *ctx, const rc_node *map, const char *key)
{
    (void)ctx;
    if (map == NULL || map->kind != RC_NODE_MAP)
        return NULL;
    for (size_t i = 0; i < map->n; i++)
        if (strcmp(map->items[i].key, key) == 0)
            return &map->items[i];
    return NULL;
}

static int32_t mock_node_kind(rc_ctx *ctx, const rc_node *node)
{
    (void)ctx;
    return node ? node->kind : RC_NODE_NONE;
}

static size_t mock_node_len(rc_ctx *ctx, const rc_node *node)
{
    (void)ctx;
    return node && node->kind != RC_NODE_SCALAR ? node->n : 0;
}

static const rc_node *mock_node_at(rc_ctx *ctx, const rc_node *node, size_t i)
{
    (void)ctx;
    return node && node->kind != RC_NODE_SCALAR && i < node->n ? &node->items[i] : NULL;
}

static const char *mock_node_key_at(rc_ctx *ctx, const rc_node *map, size_t i)
{
    (void)ctx;
    return map && map->kind == RC_NODE_MAP && i < map->n ? map->items[i].key : NULL;
}

static const char *mock_node_str(rc_ctx *ctx, const rc_node *node)
{
    (void)ctx;
    return node && node->kind == RC_NODE_SCALAR ? node->str : NULL;
}

rc_host dims_host_base(void)
{
    rc_host h;
    memset(&h, 0, sizeof h);
    h.size = (uint32_t)sizeof h;
    h.abi_major = RC_ABI_MAJOR;
    h.abi_minor = RC_ABI_MINOR;
    h.node_get = mock_node_get;
    h.node_kind = mock_node_kind;
    h.node_len = mock_node_len;
    h.node_at = mock_node_at;
    h.node_key_at = mock_node_key_at;
    h.node_str = mock_node_str;
    return h;
}

dims_plugin dims_open(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s.so", RC_TEST_PLUGIN_DIR, name);
    dims_plugin p;
    p.dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    ck_assert_msg(p.dl != NULL, "dlopen %s: %s", path, dlerror());
    void *sym = dlsym(p.dl, RC_PLUGIN_ENTRY_SYMBOL);
    ck_assert_msg(sym != NULL, "%s has no entry symbol", path);
    rc_plugin_entry_fn entry;
    memcpy(&entry, &sym, sizeof entry);
    p.d = entry();
    ck_assert_ptr_nonnull(p.d);
    return p;
}

int32_t dims_score(const rc_plugin_descriptor *d, const rc_host *h, rc_ctx *ctx)
{
    void *state = NULL;
    if (d->init)
        ck_assert_int_eq(d->init(h, ctx, &state), RC_OK);
    int32_t rc = d->score(state, h, ctx);
    if (d->fini)
        d->fini(state);
    return rc;
}
