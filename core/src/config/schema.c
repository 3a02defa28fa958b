/* config/schema.c — checks a YAML mapping against declarative key tables: unknown keys
 * (with a "did you mean" or the list of valid keys), wrong value types, missing required
 * keys; each error names file:line:col. */
#include "config/schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

int rc_schema_type_ok(const struct rc_node *n, int32_t type)
{
    if (!n) return 0;
    double d;
    int64_t i;
    int b;
    switch (type) {
    case RC_CFG_ANY: return 1;
    case RC_CFG_STRING: return n->kind == RC_NODE_SCALAR && !rc_node_is_null(n);
    case RC_CFG_INT: return rc_node_as_int(n, &i) == 0;
    case RC_CFG_NUMBER: return rc_node_as_number(n, &d) == 0;
    case RC_CFG_BOOL: return rc_node_as_bool(n, &b) == 0;
    case RC_CFG_LIST: return n->kind == RC_NODE_LIST;
    case RC_CFG_MAP: return n->kind == RC_NODE_MAP;
    case RC_CFG_ENUM: return n->kind == RC_NODE_SCALAR && !rc_node_is_null(n);
    default: return 0;
    }
}

const char *rc_schema_type_name(int32_t type)
{
    switch (type) {
    case RC_CFG_ANY: return "any value";
    case RC_CFG_STRING: return "a text value";
    case RC_CFG_INT: return "an integer";
    case RC_CFG_NUMBER: return "a number";
    case RC_CFG_BOOL: return "true or false";
    case RC_CFG_LIST: return "a list";
    case RC_CFG_MAP: return "a mapping";
    case RC_CFG_ENUM: return "one of its listed values";
    default: return "an unknown type";
    }
}

/* Describes what a node actually is, for "must be X, not Y" messages. */
static const char *describe(const struct rc_node *n, char *buf, size_t size)
{
    if (n->kind != RC_NODE_SCALAR) return rc_node_kind_name(n->kind);
    if (rc_node_is_null(n)) return "empty";
    if (strlen(n->str) > 60)
        snprintf(buf, size, "%s'%.57s...'", n->quoted ? "the quoted text " : "", n->str);
    else
        snprintf(buf, size, "%s'%s'", n->quoted ? "the quoted text " : "", n->str);
    return buf;
}

/* An enum value that is not one of the key's choices: lists them, suggests the nearest. */
static int bad_choice(const struct rc_node *v, const char *key, const char *what,
                      const rc_config_key *k, rc_error *err)
{
    char where[512], one[128];
    const char *names[64];
    char store[64][128];
    size_t n = 0;
    rc_buf list;
    rc_buf_init(&list);
    for (size_t i = 0; n < 64 && rc_choice_at(k->choices, i, one, sizeof one); i++) {
        memcpy(store[n], one, sizeof one);
        names[n] = store[n];
        rc_buf_printf(&list, "%s%s", n ? ", " : "", one);
        n++;
    }
    const char *s = rc_suggest(v->str, names, n);
    int rc = rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' in %s must be one of %s, not '%s'%s%s%s",
                          rc_node_where(v, where, sizeof where), key, what,
                          list.data ? list.data : "", v->str, s ? "; did you mean '" : "",
                          s ? s : "", s ? "'?" : "");
    rc_buf_free(&list);
    return rc;
}

static const rc_config_key *find_key(const char *key, const rc_config_key *keys, size_t n,
                                     const rc_config_key *extra, size_t n_extra)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(keys[i].key, key) == 0) return &keys[i];
    for (size_t i = 0; i < n_extra; i++)
        if (extra && strcmp(extra[i].key, key) == 0) return &extra[i];
    return NULL;
}

static int unknown_key(const struct rc_node *map, size_t idx, const char *what,
                       const rc_config_key *keys, size_t n, const rc_config_key *extra,
                       size_t n_extra, rc_error *err)
{
    size_t total = n + (extra ? n_extra : 0);
    const char **names = rc_calloc(total, sizeof *names);
    if (!names) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) names[k++] = keys[i].key;
    for (size_t i = 0; extra && i < n_extra; i++) names[k++] = extra[i].key;
    const char *key = map->keys[idx];
    const char *s = rc_suggest(key, names, total);
    int rc;
    if (s) {
        rc = rc_error_set(err, RC_ERRK_CONFIG, "%s:%d:%d: unknown key '%s' in %s; did you mean '%s'?",
                          map->file, map->key_line[idx], map->key_col[idx], key, what, s);
    } else {
        rc_buf list;
        rc_buf_init(&list);
        for (size_t i = 0; i < total; i++) {
            /* list each name once even when the plugin repeats a core key */
            int seen = 0;
            for (size_t j = 0; j < i; j++) seen |= strcmp(names[i], names[j]) == 0;
            if (seen) continue;
            rc_buf_printf(&list, "%s%s", list.len ? ", " : "", names[i]);
        }
        if (total == 0)
            rc = rc_error_set(err, RC_ERRK_CONFIG, "%s:%d:%d: unknown key '%s' in %s; it takes no keys",
                              map->file, map->key_line[idx], map->key_col[idx], key, what);
        else
            rc = rc_error_set(err, RC_ERRK_CONFIG,
                              "%s:%d:%d: unknown key '%s' in %s; valid keys are: %s", map->file,
                              map->key_line[idx], map->key_col[idx], key, what,
                              list.data ? list.data : "");
        rc_buf_free(&list);
    }
    free(names);
    return rc;
}

static int check_required(const struct rc_node *map, const char *what,
                          const rc_config_key *keys, size_t n, const char *parent_where,
                          rc_error *err)
{
    char where[512];
    for (size_t i = 0; keys && i < n; i++) {
        if (!keys[i].required || rc_node_get(map, keys[i].key)) continue;
        const char *w = map ? rc_node_where(map, where, sizeof where)
                            : (parent_where ? parent_where : "<config>");
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: missing required key '%s' in %s", w,
                            keys[i].key, what);
    }
    return 0;
}

int rc_schema_check(const struct rc_node *map, const char *what,
                    const rc_config_key *keys, size_t n,
                    const rc_config_key *extra, size_t n_extra,
                    const char *parent_where, rc_error *err)
{
    char where[512], desc[96];
    if (map && rc_node_is_null(map)) map = NULL;
    if (map && map->kind != RC_NODE_MAP)
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: %s must be a mapping, not %s",
                            rc_node_where(map, where, sizeof where), what,
                            describe(map, desc, sizeof desc));
    for (size_t i = 0; map && i < map->n; i++) {
        const rc_config_key *k = find_key(map->keys[i], keys, n, extra, n_extra);
        if (!k) return unknown_key(map, i, what, keys, n, extra, n_extra, err);
        const struct rc_node *v = map->items[i];
        if (!rc_schema_type_ok(v, k->type))
            return rc_error_set(err, RC_ERRK_CONFIG, "%s: '%s' in %s must be %s, not %s",
                                rc_node_where(v, where, sizeof where), map->keys[i], what,
                                rc_schema_type_name(k->type), describe(v, desc, sizeof desc));
        if (k->type == RC_CFG_ENUM && rc_choice_index(k->choices, v->str) < 0)
            return bad_choice(v, map->keys[i], what, k, err);
    }
    if (check_required(map, what, keys, n, parent_where, err)) return -1;
    if (check_required(map, what, extra, extra ? n_extra : 0, parent_where, err)) return -1;
    return 0;
}
