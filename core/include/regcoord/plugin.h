/* regcoord/plugin.h — the plugin SDK: the only header a regcoord plugin includes.
 *
 * A plugin is a shared object that exports exactly one function, regcoord_plugin_entry(),
 * returning a pointer to a static const rc_plugin_descriptor. The host (the regcoord
 * core) checks the descriptor, validates the plugin's YAML section against the declared
 * config keys, and calls the plugin's callbacks with a const table of host services
 * (rc_host) and an opaque context (rc_ctx).
 *
 * Versioning. RC_ABI_MAJOR changes when anything already published changes meaning,
 * size or order; RC_ABI_MINOR changes when something is appended (a service at the end of
 * rc_host, a field at the end of the descriptor). The host loads a plugin whose major
 * equals its own and whose minor is not newer than its own. Plugins read rc_host only as
 * far as host->size says, so a newer host serves an older plugin.
 *
 * Ownership and lifetime (the whole contract):
 *  - Everything the host passes (strings, arrays, the context, config nodes, tables) is
 *    borrowed for the duration of the callback that received it, and must not be freed
 *    or written, or kept after the callback returns.
 *  - The plugin owns its state from init() to fini(); the host calls fini() exactly once
 *    for every init() that returned RC_OK, and never after a failed init().
 *  - Data given to the host (indicator values, scores, error text, log lines) is copied
 *    by the host before the service returns; the plugin may reuse its buffers at once.
 *  - No allocator crosses the boundary: neither side frees memory the other allocated.
 *  - Callbacks return RC_OK (0) on success or a negative RC_E* code on failure, after
 *    calling host->set_error() with one sentence saying what went wrong.
 *  - A C++ plugin catches every exception at the boundary and turns it into an error.
 *
 * Types at the boundary are fixed-width integers, double, const char * (UTF-8,
 * NUL-terminated) and opaque pointers: no bool, no enum, no variadic callbacks.
 */
#ifndef REGCOORD_PLUGIN_H
#define REGCOORD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RC_ABI_MAJOR 1
#define RC_ABI_MINOR 0

/* The one symbol a plugin exports. */
#define RC_PLUGIN_ENTRY_SYMBOL "regcoord_plugin_entry"

#if defined(__GNUC__)
#define RC_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define RC_PLUGIN_EXPORT
#endif

/* Status codes returned by callbacks and services. */
#define RC_OK 0
#define RC_EINVAL (-1)   /* bad argument or bad config */
#define RC_ENOMEM (-2)   /* out of memory */
#define RC_EDATA (-3)    /* the data cannot be scored as configured */
#define RC_EIO (-4)      /* a file could not be written */
#define RC_ENOTFOUND (-5) /* a named series, table, key or column does not exist */
#define RC_EFAIL (-6)    /* anything else */

/* Plugin kinds. */
#define RC_KIND_DIMENSION 1
#define RC_KIND_REPORTER 2

/* Direction of an indicator. */
#define RC_BENEFIT 1
#define RC_COST (-1)

/* Log levels for host->log(). */
#define RC_LOG_ERROR 0
#define RC_LOG_WARN 1
#define RC_LOG_INFO 2
#define RC_LOG_DEBUG 3

/* Types of a declared config key; also the kinds of a config node. */
#define RC_CFG_ANY 0     /* any node; the plugin checks it */
#define RC_CFG_STRING 1
#define RC_CFG_INT 2
#define RC_CFG_NUMBER 3  /* an int is accepted where a number is expected */
#define RC_CFG_BOOL 4
#define RC_CFG_LIST 5    /* a YAML sequence */
#define RC_CFG_MAP 6     /* a YAML mapping */

/* Node kinds returned by host->node_kind(). */
#define RC_NODE_NONE 0
#define RC_NODE_SCALAR 1
#define RC_NODE_LIST 2
#define RC_NODE_MAP 3

/* Column types of a result table. */
#define RC_COL_STRING 1
#define RC_COL_INT 2
#define RC_COL_NUMBER 3  /* double; NaN means missing */

/* One key a plugin accepts in its config section. The host rejects unknown keys (with a
 * suggestion), checks the type, and documents the plugin from this table. `default_value`
 * is the text of the default, or NULL when the key has none; `required` is 0 or 1. */
typedef struct rc_config_key {
    const char *key;
    int32_t type;            /* RC_CFG_* */
    int32_t required;
    const char *default_value;
    const char *help;        /* one sentence */
} rc_config_key;

typedef struct rc_ctx rc_ctx;     /* opaque: one callback's view of the run */
typedef struct rc_node rc_node;   /* opaque: one node of the YAML config */
typedef struct rc_table rc_table; /* opaque: one named result table */
typedef struct rc_output rc_output; /* opaque: one report file being written */

/* The services the host offers. Read only as far as `size`: services are only ever
 * appended. Every service takes the context of the callback it is called from. */
typedef struct rc_host {
    uint32_t size;          /* sizeof(rc_host) of the host that filled this table */
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t reserved0;

    /* ---- messages ---- */
    /* A log line; the host prefixes the plugin name. */
    void (*log)(rc_ctx *ctx, int32_t level, const char *message);
    /* The error text for a failing callback (copied; the last call wins). */
    void (*set_error)(rc_ctx *ctx, const char *message);

    /* ---- the plugin's config section (read only) ---- */
    /* The plugin's own section: the dimension's mapping, or the report entry's mapping. */
    const rc_node *(*config)(rc_ctx *ctx);
    /* Child of a mapping by key, or NULL. */
    const rc_node *(*node_get)(rc_ctx *ctx, const rc_node *map, const char *key);
    int32_t (*node_kind)(rc_ctx *ctx, const rc_node *node);      /* RC_NODE_* */
    size_t (*node_len)(rc_ctx *ctx, const rc_node *node);        /* items of a list or map */
    const rc_node *(*node_at)(rc_ctx *ctx, const rc_node *node, size_t i);
    const char *(*node_key_at)(rc_ctx *ctx, const rc_node *map, size_t i);
    const char *(*node_str)(rc_ctx *ctx, const rc_node *scalar); /* NULL if not a scalar */
    /* Converts a scalar; returns RC_OK or RC_EINVAL (and sets no error). */
    int32_t (*node_number)(rc_ctx *ctx, const rc_node *scalar, double *out);
    int32_t (*node_int)(rc_ctx *ctx, const rc_node *scalar, int64_t *out);
    int32_t (*node_bool)(rc_ctx *ctx, const rc_node *scalar, int32_t *out);
    /* "file:line:col" of a node, for error messages. */
    const char *(*node_where)(rc_ctx *ctx, const rc_node *node);

    /* ---- the panel (dimension plugins) ---- */
    size_t (*n_regions)(rc_ctx *ctx);
    size_t (*n_years)(rc_ctx *ctx);
    const char *(*region_id)(rc_ctx *ctx, size_t region);
    int32_t (*year)(rc_ctx *ctx, size_t year_index);
    /* Group label of a region in a grouping column named in `regions.groups`, or NULL. */
    const char *(*region_group)(rc_ctx *ctx, const char *grouping, size_t region);
    /* A series by name, as n_years × n_regions doubles (index t * n_regions + r), NaN for
     * missing. The dimension's `series:` mapping (catalogue name → data series) is applied
     * first. Returns RC_ENOTFOUND when the series does not exist. */
    int32_t (*series)(rc_ctx *ctx, const char *name, const double **values);
    /* Neighbours of a region from the spatial weights (adjacency or distance), as region
     * indices and weights (row-standardised). RC_ENOTFOUND when the config has no
     * spatial information. A region without neighbours gets n = 0. */
    int32_t (*neighbours)(rc_ctx *ctx, size_t region, const size_t **index,
                          const double **weight, size_t *n);

    /* ---- dimension results ---- */
    /* Adds an indicator to the dimension being scored, next to the configured ones
     * (values as for series(); copied). `direction` is RC_BENEFIT or RC_COST. The
     * indicator takes the dimension's default methods and weight 1 under explicit weights. */
    int32_t (*add_indicator)(rc_ctx *ctx, const char *id, int32_t direction,
                             const double *values, const char *description);
    /* Adds an indicator computed from a formula over series names (see the README's
     * formula syntax), evaluated by the host with the dimension's `series:` mapping. */
    int32_t (*add_formula_indicator)(rc_ctx *ctx, const char *id, int32_t direction,
                                     const char *formula, const char *description);
    /* Scores the dimension with its configured methods (normalise, weight, aggregate,
     * nested components) over every indicator, and records the result. */
    int32_t (*score_default)(rc_ctx *ctx);
    /* Records dimension scores computed by the plugin itself: n_years × n_regions values
     * in [0, 1], NaN for missing (copied). */
    int32_t (*set_scores)(rc_ctx *ctx, const double *scores);

    /* ---- results (reporter plugins) ---- */
    size_t (*n_tables)(rc_ctx *ctx);
    const rc_table *(*table_at)(rc_ctx *ctx, size_t i);
    const rc_table *(*table_by_name)(rc_ctx *ctx, const char *name); /* NULL if absent */
    const char *(*table_name)(rc_ctx *ctx, const rc_table *t);
    size_t (*table_ncols)(rc_ctx *ctx, const rc_table *t);
    size_t (*table_nrows)(rc_ctx *ctx, const rc_table *t);
    const char *(*col_name)(rc_ctx *ctx, const rc_table *t, size_t col);
    int32_t (*col_type)(rc_ctx *ctx, const rc_table *t, size_t col);   /* RC_COL_* */
    /* Column index by name, or -1. */
    int64_t (*col_index)(rc_ctx *ctx, const rc_table *t, const char *name);
    const char *(*cell_str)(rc_ctx *ctx, const rc_table *t, size_t row, size_t col);
    double (*cell_num)(rc_ctx *ctx, const rc_table *t, size_t row, size_t col);
    int64_t (*cell_int)(rc_ctx *ctx, const rc_table *t, size_t row, size_t col);
    /* A cell as text, formatted the way every reporter must write numbers so output is
     * byte-identical across runs ("%.17g"-exact shortest round-trip, "" for missing).
     * The text stays valid until the next call of cell_text from the same callback. */
    const char *(*cell_text)(rc_ctx *ctx, const rc_table *t, size_t row, size_t col);

    /* ---- report output (reporter plugins) ---- */
    /* The report's `path`, resolved against the output folder: always absolute. */
    const char *(*output_path)(rc_ctx *ctx);
    /* The report language from the config: "en" or "zh". */
    const char *(*language)(rc_ctx *ctx);
    /* Begins one output file at `path` (absolute, or relative to output_path()). Data is
     * written to a temporary file beside it; the host renames every output into place
     * only after every reporter of the run has succeeded, so a failed run leaves the
     * previous reports untouched. Returns NULL (with the error set) on failure. */
    rc_output *(*output_begin)(rc_ctx *ctx, const char *path);
    /* The temporary file's path, for libraries that open files themselves. */
    const char *(*output_temp_path)(rc_ctx *ctx, rc_output *out);
    /* Appends bytes to the temporary file. */
    int32_t (*output_write)(rc_ctx *ctx, rc_output *out, const void *data, size_t len);
    /* Finishes the file (flush, fsync, close); it is renamed into place at the run's end. */
    int32_t (*output_end)(rc_ctx *ctx, rc_output *out);
} rc_host;

/* The descriptor a plugin returns. Only ever appended to; the host reads it only as far as
 * `size`. Callbacks a kind does not use are NULL. */
typedef struct rc_plugin_descriptor {
    uint32_t abi_major;       /* RC_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;       /* RC_ABI_MINOR the plugin was built with */
    uint32_t size;            /* sizeof(rc_plugin_descriptor) */
    int32_t kind;             /* RC_KIND_DIMENSION or RC_KIND_REPORTER */
    const char *name;         /* must equal the file stem: name.so */
    const char *version;      /* the plugin's own version, e.g. "1.0.0" */
    const char *summary;      /* one line */
    const rc_config_key *config_keys; /* may be NULL when n_config_keys is 0 */
    uint32_t n_config_keys;
    uint32_t reserved0;

    /* Called once before any other callback; *state is the plugin's to set. Optional. */
    int32_t (*init)(const rc_host *host, rc_ctx *ctx, void **state);
    /* Dimension plugins: score the dimension (add indicators, then score_default or
     * set_scores). Must record scores before returning RC_OK. */
    int32_t (*score)(void *state, const rc_host *host, rc_ctx *ctx);
    /* Reporter plugins: write the report through output_begin/output_write/output_end. */
    int32_t (*report)(void *state, const rc_host *host, rc_ctx *ctx);
    /* Called once after the last callback when init succeeded (or was NULL). Optional. */
    void (*fini)(void *state);
} rc_plugin_descriptor;

/* The entry point every plugin defines:
 *   RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);        */
typedef const rc_plugin_descriptor *(*rc_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* REGCOORD_PLUGIN_H */
