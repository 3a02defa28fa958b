/* tests/plugins_dims/dims_mock.h — what the two dimension-plugin suites share of their
 * in-test mock hosts: a static config node tree (struct rc_node, built with
 * DIMS_SCALAR/DIMS_NODE), the node services that walk it, the rc_host fields every mock
 * fills the same way, and loading a plugin .so and running its init/score/fini once.
 *
 * rc_ctx stays each suite's own (what it records differs); the services here never read
 * it. Functions that can fail assert with Check, so call them from inside a Check test. */
#ifndef RC_TESTS_DIMS_MOCK_H
#define RC_TESTS_DIMS_MOCK_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h"

/* A config node: a scalar (str), or a map/list of n items (a map item's key in `key`). */
struct rc_node {
    int32_t kind;              /* RC_NODE_* */
    const char *key;           /* key of a map item, NULL in a list */
    const char *str;           /* scalar text */
    const struct rc_node *items;
    size_t n;
};

#define DIMS_SCALAR(k, s) {RC_NODE_SCALAR, (k), (s), NULL, 0}
#define DIMS_NODE(kind, k, arr, cnt) {(kind), (k), NULL, (arr), (cnt)}

/* Starts a host table: zeroed (so a stray call to a service left NULL crashes the test,
 * which Check's fork mode turns into one failed test), with size and ABI version set and
 * node_get/node_kind/node_len/node_at/node_key_at/node_str walking struct rc_node. The
 * caller adds log, set_error, config, node_where and the rest. */
rc_host dims_host_base(void);

/* A plugin .so opened from RC_TEST_PLUGIN_DIR (the caller dlcloses dl). */
typedef struct dims_plugin {
    void *dl;
    const rc_plugin_descriptor *d;
} dims_plugin;

/* dlopens RC_TEST_PLUGIN_DIR/<name>.so; asserts it opens and yields a descriptor. */
dims_plugin dims_open(const char *name);
/* Runs d's init (asserted RC_OK), score and fini once with h and ctx; score's code. */
int32_t dims_score(const rc_plugin_descriptor *d, const rc_host *h, rc_ctx *ctx);

#endif
