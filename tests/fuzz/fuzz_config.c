/* tests/fuzz/fuzz_config.c — fuzz target for the YAML config loader: the raw bytes go
 * through the node tree builder (with their length, NULs included) and, as text, through
 * the typed model; either succeeds or fails with a config error naming a position. A
 * built tree is walked with every scalar conversion; a built model has its dimensions and
 * reports checked against the core key tables. */
#include <string.h>

#include "config/model.h"
#include "config/node.h"
#include "fuzz_entry.h"

static void walk(const struct rc_node *n, int depth)
{
    RC_FUZZ_CHECK(n != NULL);
    RC_FUZZ_CHECK(depth <= RC_NODE_MAX_DEPTH + 1);
    RC_FUZZ_CHECK(n->line >= 1 && n->col >= 1);
    char where[512];
    RC_FUZZ_CHECK(rc_node_where(n, where, sizeof where)[0] != '\0');
    if (n->kind == RC_NODE_SCALAR) {
        RC_FUZZ_CHECK(n->str != NULL);
        double d;
        int64_t i;
        int b;
        (void)rc_node_as_number(n, &d);
        (void)rc_node_as_int(n, &i);
        (void)rc_node_as_bool(n, &b);
        (void)rc_node_is_null(n);
        return;
    }
    RC_FUZZ_CHECK(n->kind == RC_NODE_LIST || n->kind == RC_NODE_MAP);
    for (size_t k = 0; k < n->n; k++) {
        if (n->kind == RC_NODE_MAP) {
            RC_FUZZ_CHECK(n->keys[k] != NULL);
            /* keys are unique, so a lookup finds this very entry */
            RC_FUZZ_CHECK(rc_node_key_index(n, n->keys[k]) == (long)k);
            (void)rc_node_key_where(n, n->keys[k], where, sizeof where);
        }
        walk(n->items[k], depth + 1);
    }
}

static void check_model(const rc_config *cfg)
{
    rc_error err = {0};
    RC_FUZZ_CHECK(cfg->n_data >= 1 && cfg->n_dims >= 1);
    for (size_t i = 0; i < cfg->n_data; i++) RC_FUZZ_CHECK(cfg->data[i].file[0] == '/');
    for (size_t i = 1; i < cfg->n_years; i++) RC_FUZZ_CHECK(cfg->years[i - 1] < cfg->years[i]);
    for (size_t i = 0; i < cfg->n_dims; i++) {
        rc_error_clear(&err);
        if (rc_config_check_dimension(&cfg->dims[i], NULL, 0, &err) != 0)
            RC_FUZZ_CHECK(err.kind == RC_ERRK_CONFIG && err.msg[0]);
    }
    for (size_t i = 0; i < cfg->n_reports; i++) {
        rc_error_clear(&err);
        if (rc_config_check_report(&cfg->reports[i], i, NULL, 0, &err) != 0)
            RC_FUZZ_CHECK(err.kind == RC_ERRK_CONFIG && err.msg[0]);
    }
}

int RC_FUZZ_ENTRY(config)(const uint8_t *data, size_t size)
{
    rc_error err = {0};
    struct rc_node *root = rc_yaml_load_string((const char *)data, size, "fuzz.yaml", &err);
    if (root) {
        walk(root, 0);
        rc_node_free(root);
    } else {
        RC_FUZZ_CHECK(err.kind != RC_ERRK_NONE && err.msg[0] != '\0');
    }

    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    rc_config *cfg = NULL;
    rc_error_clear(&err);
    if (rc_config_load_string(text, "fuzz.yaml", "/fuzz", &cfg, &err) == 0) {
        RC_FUZZ_CHECK(cfg != NULL);
        check_model(cfg);
        rc_config_free(cfg);
    } else {
        RC_FUZZ_CHECK(cfg == NULL && err.kind != RC_ERRK_NONE && err.msg[0] != '\0');
    }
    free(text);
    return 0;
}
