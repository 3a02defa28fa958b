/* cli/schema.h — `regcoord schema`: a JSON Schema (draft 2020-12) for assessment configs,
 * generated from the core's key tables, the method parsers and the plugins found. */
#ifndef RC_CLI_SCHEMA_H
#define RC_CLI_SCHEMA_H

#include <jansson.h>

#include "host/loader.h"
#include "util/error.h"

/* Builds the schema for the plugins in `reg` (may be NULL: core keys only). Returns a new
 * reference the caller releases with json_decref(), or NULL with err set (out of memory,
 * RC_ERRK_OTHER). The same registry gives the same schema, key for key, in a fixed order. */
json_t *rc_schema_build(const rc_registry *reg, rc_error *err);

/* regcoord schema [--plugin-path DIR] [-o FILE] [-q]: prints the schema, or writes it to
 * FILE through a temporary file renamed into place. argv[0] is the command name; returns
 * an exit code (0, 2 usage, 1 write error or out of memory). */
int rc_cmd_schema(int argc, char **argv);

#endif
