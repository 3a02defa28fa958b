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
 * NUL-terminated) and opaque pointers: no bool, no enum, no variadic callbacks. The
 * helpers at the end of this header (RC_PLUGIN_DEFINE, RC_HOST_HAS, RC_KEY_TABLE,
 * rc_errorf) are compiled into the plugin; nothing variadic crosses the boundary.
 *
 * ABI 1.1 (appended to 1.0; 1.0 plugins still load): the analysis plugin kind
 * (RC_KIND_ANALYSIS, the `analyse` callback, `needs`/`provides`), the enum key type
 * (RC_CFG_ENUM with rc_config_key.choices), the sized key table (rc_key_table), typed
 * config getters that apply the declared defaults (cfg_str …), the run's scores, index,
 * indicators and coordinates, and adding result tables (table_add …).
 */
#ifndef REGCOORD_PLUGIN_H
#define REGCOORD_PLUGIN_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RC_ABI_MAJOR 1
#define RC_ABI_MINOR 2

/* The one symbol a plugin exports. */
#define RC_PLUGIN_ENTRY_SYMBOL "regcoord_plugin_entry"

#if defined(__GNUC__)
#define RC_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define RC_PLUGIN_EXPORT
#endif

#ifdef __cplusplus
#define RC_EXTERN_C extern "C"
#else
#define RC_EXTERN_C
#endif

/* Status codes returned by callbacks and services. */
#define RC_OK 0
#define RC_EINVAL (-1)   /* bad argument or bad config */
#define RC_ENOMEM (-2)   /* out of memory */
#define RC_EDATA (-3)    /* the data cannot be scored as configured */
#define RC_EIO (-4)      /* a file could not be written (the run exits 1, an I/O error) */
#define RC_ENOTFOUND (-5) /* a named series, table, key or column does not exist */
#define RC_EFAIL (-6)    /* anything else */

/* Plugin kinds. */
#define RC_KIND_DIMENSION 1
#define RC_KIND_REPORTER 2
#define RC_KIND_ANALYSIS 3 /* ABI 1.1: reads the run's results, adds result tables */

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
#define RC_CFG_ENUM 7    /* ABI 1.1: one of the key's `choices` (text) */

/* Node kinds returned by host->node_kind(). */
#define RC_NODE_NONE 0
#define RC_NODE_SCALAR 1
#define RC_NODE_LIST 2
#define RC_NODE_MAP 3

/* Column types of a result table. */
#define RC_COL_STRING 1
#define RC_COL_INT 2
#define RC_COL_NUMBER 3  /* double; NaN means missing */

/* What host->indicator_values() returns (ABI 1.1). */
#define RC_IND_VALUE 1      /* after `per:`, imputation and treatment: ny × nr */
#define RC_IND_NORMALISED 2 /* normalised: ny × nr */
#define RC_IND_WEIGHT 3     /* overall weight in the index (product down the tree): ny */

/* One key a plugin accepts in its config section. The host rejects unknown keys (with a
 * suggestion), checks the type (and, for RC_CFG_ENUM, that the value is one of `choices`),
 * applies `default_value` in the typed getters (host->cfg_*), and documents the plugin and
 * the JSON Schema from this table. `default_value` is the text of the default, or NULL when
 * the key has none; `required` is 0 or 1.
 * The struct grew in ABI 1.1 (`choices`): the host reads a 1.0 plugin's table with the 1.0
 * size, and a table given through rc_key_table with the size it records. */
typedef struct rc_config_key {
    const char *key;
    int32_t type;            /* RC_CFG_* */
    int32_t required;
    const char *default_value;
    const char *help;        /* one sentence */
    const char *choices;     /* ABI 1.1, RC_CFG_ENUM only: the values, separated by '|',
                              * e.g. "standard|wang2021"; NULL otherwise */
} rc_config_key;

/* ABI 1.1: a plugin's key table with its sizes, so rc_config_key can grow again without a
 * major bump. Declare it with RC_KEY_TABLE(array) and point the descriptor's `key_table`
 * at it. */
typedef struct rc_key_table {
    uint32_t size;           /* sizeof(rc_key_table) */
    uint32_t key_size;       /* sizeof(rc_config_key) the plugin was built with */
    uint32_t n_keys;
    uint32_t reserved0;
    const rc_config_key *keys;
} rc_key_table;

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
    /* Neighbours of a region from the spatial weights — contiguity from regions.adjacency
     * when given, else inverse great-circle distance from regions.coordinates — as region
     * indices and weights (row-standardised). RC_ENOTFOUND when the config has neither.
     * A region without neighbours gets n = 0. */
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

    /* ================= ABI 1.1 (check with RC_HOST_HAS before calling) ================= */

    /* ---- typed config getters (every kind) ---- */
    /* The value of a key of the plugin's own section, converted to the key's declared type;
     * when the key is absent, its declared default. RC_OK; RC_ENOTFOUND when absent with
     * no default (no error set); RC_EINVAL (error set) when the key is not declared by the
     * plugin or does not convert. cfg_str serves string, enum and any scalar key; cfg_number
     * accepts an integer; cfg_enum gives the position of the value in `choices` (0-based).
     * Strings stay valid for the callback. */
    int32_t (*cfg_str)(rc_ctx *ctx, const char *key, const char **out);
    int32_t (*cfg_int)(rc_ctx *ctx, const char *key, int64_t *out);
    int32_t (*cfg_number)(rc_ctx *ctx, const char *key, double *out);
    int32_t (*cfg_bool)(rc_ctx *ctx, const char *key, int32_t *out);
    int32_t (*cfg_enum)(rc_ctx *ctx, const char *key, int32_t *index);

    /* ---- the run's results (analysis plugins) ---- */
    /* Dimensions in config order; scores are n_years × n_regions in [0, 1] (index
     * t * n_regions + r), NaN missing; a dimension's weight in the index is n_years values. */
    size_t (*n_dimensions)(rc_ctx *ctx);
    const char *(*dimension_id)(rc_ctx *ctx, size_t d);
    int32_t (*dimension_scores)(rc_ctx *ctx, size_t d, const double **values);
    int32_t (*dimension_weights)(rc_ctx *ctx, size_t d, const double **values);
    /* The composite index, n_years × n_regions, unscaled (in [0, 1] for arithmetic
     * aggregation); *scale (may be NULL) receives `index.scale`, which published values
     * are multiplied by. */
    int32_t (*index_values)(rc_ctx *ctx, const double **values, double *scale);
    /* Leaf indicators of every dimension, in the order of the `indicators` table. */
    size_t (*n_indicators)(rc_ctx *ctx);
    const char *(*indicator_id)(rc_ctx *ctx, size_t i);
    const char *(*indicator_dimension)(rc_ctx *ctx, size_t i);
    /* `which` is RC_IND_VALUE, RC_IND_NORMALISED or RC_IND_WEIGHT. */
    int32_t (*indicator_values)(rc_ctx *ctx, size_t i, int32_t which, const double **values);
    /* A region's coordinates (x longitude, y latitude in degrees) from
     * `regions.coordinates`; RC_ENOTFOUND when the config has none. */
    int32_t (*region_coords)(rc_ctx *ctx, size_t region, double *x, double *y);

    /* ---- adding result tables (analysis plugins) ---- */
    /* Creates a result table; `name` must be one of the descriptor's `provides` and not yet
     * taken. Columns are RC_COL_STRING / RC_COL_INT / RC_COL_NUMBER. Returns NULL (error
     * set) on failure. The table belongs to the run; only the callback that created it may
     * write to it. */
    rc_table *(*table_add)(rc_ctx *ctx, const char *name, size_t ncols,
                           const char *const *col_names, const int32_t *col_types);
    /* Appends a row (strings NULL, numbers NaN, integers 0); its index, or -1. */
    int64_t (*table_add_row)(rc_ctx *ctx, rc_table *t);
    /* Set one cell; the type must match the column. Strings are copied; NULL (string) and
     * NaN (number) mean missing. */
    int32_t (*table_set_str)(rc_ctx *ctx, rc_table *t, size_t row, size_t col, const char *s);
    int32_t (*table_set_num)(rc_ctx *ctx, rc_table *t, size_t row, size_t col, double v);
    int32_t (*table_set_int)(rc_ctx *ctx, rc_table *t, size_t row, size_t col, int64_t v);
    /* A title (a few words) and a one-paragraph description that document reporters show
     * above a table they do not know (copied; either may be NULL). */
    int32_t (*table_set_info)(rc_ctx *ctx, rc_table *t, const char *title,
                              const char *description);
    /* Any table's title and description (NULL when none): for reporters. */
    const char *(*table_title)(rc_ctx *ctx, const rc_table *t);
    const char *(*table_description)(rc_ctx *ctx, const rc_table *t);

    /* ================= ABI 1.2 (check with RC_HOST_HAS before calling) ================= */

    /* ---- report files updated in place (reporter plugins) ---- */
    /* Registers a file the plugin updates in place instead of through a temporary file (a
     * database with its own journal, such as the sqlite history store). The host checks
     * `path` (absolute, or relative to output_path()) as output_begin does and creates its
     * folder; the plugin then opens the file itself and leaves its changes uncommitted.
     * Once every reporter has succeeded and the renamed files are in place, the host calls
     * commit(user, msg, size), which makes the changes durable and returns RC_OK, or an
     * error code with one sentence in msg (the renamed files are then put back). After
     * that, or when the run fails or is stopped first, the host calls release(user)
     * exactly once: it rolls back anything uncommitted and frees user. Both run after the
     * reporter's fini, outside any callback. On failure (error set) release has already
     * been called. */
    int32_t (*output_in_place)(rc_ctx *ctx, const char *path,
                               int32_t (*commit)(void *user, char *msg, size_t size),
                               void (*release)(void *user), void *user);
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

    /* ---- ABI 1.1 ---- */
    /* The config keys with their sizes (RC_KEY_TABLE); when set, config_keys and
     * n_config_keys must be NULL and 0. */
    const rc_key_table *key_table;
    /* Analysis plugins: read the run (panel, scores, index, indicators, earlier tables)
     * and add the tables named in `provides`. */
    int32_t (*analyse)(void *state, const rc_host *host, rc_ctx *ctx);
    /* Analysis plugins: NULL-terminated lists of table names. `needs`: tables it reads that
     * other analyses make (it runs after them; a config that enables no provider of a
     * needed table is refused at validate). `provides`: every table it may add. */
    const char *const *needs;
    const char *const *provides;
} rc_plugin_descriptor;

/* The entry point every plugin defines (RC_PLUGIN_DEFINE writes it):
 *   RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void);        */
typedef const rc_plugin_descriptor *(*rc_plugin_entry_fn)(void);

/* ---------------- helpers compiled into the plugin (ABI 1.1) ---------------- */

/* Declares and defines the entry function returning `descriptor` (a static const
 * rc_plugin_descriptor). Write it once at file scope, followed by a semicolon:
 *   RC_PLUGIN_DEFINE(k_descriptor);                                                     */
#define RC_PLUGIN_DEFINE(descriptor)                                                     \
    RC_EXTERN_C RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void); \
    RC_EXTERN_C RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)  \
    {                                                                                    \
        return &(descriptor);                                                            \
    }                                                                                    \
    RC_EXTERN_C RC_PLUGIN_EXPORT const rc_plugin_descriptor *regcoord_plugin_entry(void)

/* The first three descriptor fields, for a designated initialiser (C):
 *   static const rc_plugin_descriptor d = { RC_DESCRIPTOR_HEADER, .kind = …, … };        */
#define RC_DESCRIPTOR_HEADER                                                             \
    .abi_major = RC_ABI_MAJOR, .abi_minor = RC_ABI_MINOR,                                \
    .size = (uint32_t)sizeof(rc_plugin_descriptor)

/* 1 when the host table offers service `member` (it is new enough and fills it). */
#define RC_HOST_HAS(host, member)                                                        \
    ((host) != NULL &&                                                                   \
     (size_t)(host)->size >= offsetof(rc_host, member) + sizeof((host)->member) &&       \
     (host)->member != NULL)

/* An rc_key_table initialiser for a static array of rc_config_key:
 *   static const rc_key_table k_key_table = RC_KEY_TABLE(k_keys);                        */
#define RC_KEY_TABLE(array)                                                              \
    {(uint32_t)sizeof(rc_key_table), (uint32_t)sizeof(rc_config_key),                    \
     (uint32_t)(sizeof(array) / sizeof((array)[0])), 0u, (array)}

#if defined(__GNUC__)
#define RC_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define RC_PRINTF_LIKE(f, a)
#endif

/* Formats one sentence and hands it to host->set_error (formatting happens here, in the
 * plugin: no variadic call crosses the boundary); returns `code`, so a callback can write
 *   return rc_errorf(host, ctx, RC_EINVAL, "%s: 'top' must be 1 or more", where);
 * Text longer than 1023 bytes is cut. */
static inline int32_t rc_errorf(const rc_host *host, rc_ctx *ctx, int32_t code,
                                const char *fmt, ...) RC_PRINTF_LIKE(4, 5);
static inline int32_t rc_errorf(const rc_host *host, rc_ctx *ctx, int32_t code,
                                const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) buf[0] = '\0';
    if (host != NULL && host->set_error != NULL) host->set_error(ctx, buf);
    return code;
}

#ifdef __cplusplus
}
#endif

#endif /* REGCOORD_PLUGIN_H */
