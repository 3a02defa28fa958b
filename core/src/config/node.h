/* config/node.h — the YAML document as a tree of nodes, each knowing its file:line:col.
 * Built by config/node.c with libyaml; the tree owns all its strings. Anchors and aliases
 * are refused (a config has no need of them, and an alias bomb must not expand). */
#ifndef RC_CONFIG_NODE_H
#define RC_CONFIG_NODE_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h" /* RC_NODE_* kinds, the opaque rc_node name */
#include "util/error.h"

struct rc_node {
    int kind;            /* RC_NODE_SCALAR, RC_NODE_LIST or RC_NODE_MAP */
    const char *file;    /* the file name as given to the loader (shared, owned by the root) */
    int line, col;       /* 1-based position of the node's first character */
    /* scalar */
    char *str;           /* the scalar's text */
    int quoted;          /* 1 if the scalar was quoted in the YAML ('…' or "…"), was a block
                          * scalar (| or >) or carried the !!str tag: its text is text */
    /* list and map */
    size_t n;
    struct rc_node **items; /* list items, or map values */
    char **keys;            /* map keys (maps only), in document order */
    int *key_line, *key_col; /* positions of the keys (maps only) */
};

/* Limits (docs/limits.md), each refused with a config error saying which was exceeded:
 * nesting of lists and mappings, entries in one mapping (keys are checked for duplicates
 * pairwise), and the size of the config text. */
#define RC_NODE_MAX_DEPTH 64
#define RC_NODE_MAX_KEYS 4096
#define RC_CONFIG_MAX_FILE ((size_t)1 << 20) /* 1 MiB */

/* Loads a YAML file holding one document into a tree. Duplicate keys in a mapping, a
 * non-scalar key, anchors/aliases, more than one document, nesting deeper than 64, a mapping
 * of more than RC_NODE_MAX_KEYS entries, text over RC_CONFIG_MAX_FILE and syntax errors are errors naming file:line:col (kind RC_ERRK_CONFIG). Returns NULL on
 * error. An empty document gives an empty map. Free with rc_node_free. */
struct rc_node *rc_yaml_load_file(const char *path, rc_error *err);
/* The same from memory; `name` is used as the file name in positions. */
struct rc_node *rc_yaml_load_string(const char *text, size_t len, const char *name,
                                    rc_error *err);
/* Frees the whole tree. Only ever call it on a root returned by the loaders: the root
 * owns every node below it and the shared file name. NULL is accepted. */
void rc_node_free(struct rc_node *root);

/* Lookup helpers; all return NULL / -1 on absence and never allocate. */
const struct rc_node *rc_node_get(const struct rc_node *map, const char *key);
/* Index of key in a map, or -1. */
long rc_node_key_index(const struct rc_node *map, const char *key);
/* "file:line:col" for messages; written into buf and returned. */
const char *rc_node_where(const struct rc_node *n, char *buf, size_t size);
/* Where key `key` of map sits (falls back to the map's own position). */
const char *rc_node_key_where(const struct rc_node *map, const char *key, char *buf, size_t size);

/* Scalar conversions: return 0 on success, -1 if the node is not a scalar of that type.
 * Numbers: decimal or exponent notation, no inf/nan/hex, must fit a double; ints: decimal
 * digits with an optional sign, must fit int64. Booleans: true/false/yes/no/on/off (any
 * case). A quoted scalar is text, so these conversions refuse it ("2" is not a number). */
int rc_node_as_number(const struct rc_node *n, double *out);
int rc_node_as_int(const struct rc_node *n, int64_t *out);
int rc_node_as_bool(const struct rc_node *n, int *out);
/* The scalar text, or NULL if not a scalar. */
const char *rc_node_as_str(const struct rc_node *n);
/* 1 if n is a YAML null: an unquoted scalar that is empty, "~" or null/Null/NULL. */
int rc_node_is_null(const struct rc_node *n);

/* A human name for a node kind: "a text value", "a list", "a mapping". */
const char *rc_node_kind_name(int kind);

#endif
