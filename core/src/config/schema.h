/* config/schema.h — checking a mapping against a declarative table of accepted keys:
 * unknown keys (with the nearest valid key suggested), wrong types and missing required
 * keys are errors naming file:line:col. The same table type (rc_config_key, from the SDK)
 * serves the core's own sections and every plugin's section. */
#ifndef RC_CONFIG_SCHEMA_H
#define RC_CONFIG_SCHEMA_H

#include <stddef.h>

#include "config/node.h"
#include "regcoord/plugin.h"

/* Checks `map` against `keys` (n entries) plus `extra` (n_extra entries, may be NULL).
 * `what` names the section in messages ("dimension 'green'", "report 1"). A NULL map is
 * accepted (treated as empty), except that required keys are then reported missing at
 * `parent_where`. Returns 0 or -1 with err set (RC_ERRK_CONFIG). Messages look like:
 *   assessment.yaml:12:5: unknown key 'wieght' in dimension 'green'; did you mean 'weight'?
 *   assessment.yaml:14:15: 'scale' in index must be a number, not a list */
int rc_schema_check(const struct rc_node *map, const char *what,
                    const rc_config_key *keys, size_t n,
                    const rc_config_key *extra, size_t n_extra,
                    const char *parent_where, rc_error *err);

/* Checks one node against a declared type (RC_CFG_*); 0 if it fits. */
int rc_schema_type_ok(const struct rc_node *n, int32_t type);
/* "a text value", "an integer", "a number", "true or false", "a list", "a mapping". */
const char *rc_schema_type_name(int32_t type);

#endif
