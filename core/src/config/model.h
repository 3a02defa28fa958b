/* config/model.h — the typed assessment model built from the YAML tree: sources, regions,
 * years, dimensions (nested components and indicators), index, analyses and reports.
 * Method sections (normalize, weights, aggregate, impute, treat) stay as nodes here and
 * are parsed by the methods library, so their errors also name file:line:col. Relative
 * paths are resolved against the config file's folder. The model owns the tree. */
#ifndef RC_CONFIG_MODEL_H
#define RC_CONFIG_MODEL_H

#include <stddef.h>

#include "config/node.h"
#include "util/error.h"

typedef enum { RC_LAYOUT_LONG = 1, RC_LAYOUT_WIDE = 2 } rc_layout;

/* One data source under `data:`. */
typedef struct rc_data_cfg {
    char *file;          /* absolute path */
    rc_layout layout;
    char *region_col;    /* default "region" */
    char *year_col;      /* default "year" */
    char *indicator_col; /* long only; default "indicator" */
    char *value_col;     /* long only; default "value" */
    const struct rc_node *node;
    char **ignore;       /* wide only: columns that are not series (text, groups, notes) */
    size_t n_ignore;
} rc_data_cfg;

/* `regions:` */
typedef struct rc_regions_cfg {
    char *file;          /* absolute path; NULL when regions come from the data */
    char *id_col;        /* default "region" */
    char *name_col;      /* NULL if none */
    char **groups;       /* grouping column names */
    size_t n_groups;
    char *adjacency;     /* absolute path or NULL: two columns, one neighbour pair per row */
    char *coordinates;   /* absolute path or NULL: region, x (longitude), y (latitude) */
    char *aliases;       /* absolute path or NULL: alias, region id */
    char *adjacency_key; /* regions-file column the adjacency file uses; NULL = the id */
    char *coordinates_key; /* likewise for the coordinates file */
    char *boundaries;    /* absolute path or NULL: .geojson or .shp polygons */
    char *boundary_id;   /* the polygons' id property; NULL = the id column's name */
    int rook;            /* contiguity from the polygons: 1 rook, 0 queen (default) */
    char *parent_col;    /* regions-file column of each region's parent id, or NULL */
    char *level_col;     /* regions-file column of each region's level name, or NULL */
    char *aggregate_to;  /* level the data are rolled up to, or NULL */
    const struct rc_node *aggregate; /* `aggregate:` rules per series, or NULL */
    const struct rc_node *node;
} rc_regions_cfg;

/* One indicator of a dimension or component. Exactly one of series/formula is set (the
 * key alone, `name: {}`, means series = name). */
typedef struct rc_indicator_cfg {
    char *id;
    char *series;        /* data series name, or NULL */
    char *formula;       /* formula text, or NULL */
    char *per;           /* denominator series name (`per:`), or NULL */
    int direction;       /* +1 benefit ("+"), -1 cost ("-"); default +1 */
    double weight;       /* `weight:`; NaN when not given */
    char *label;         /* NULL if none */
    const struct rc_node *normalize; /* overrides, or NULL to inherit */
    const struct rc_node *impute;
    const struct rc_node *treat;
    const struct rc_node *node;      /* the indicator's mapping (an empty value becomes {}) */
} rc_indicator_cfg;

/* A dimension or one of its (nested) components. Method nodes are NULL to inherit from
 * the parent, then `defaults:`. */
typedef struct rc_component_cfg {
    char *id;
    char *label;
    double weight;       /* NaN when not given */
    rc_indicator_cfg *indicators;
    size_t n_indicators;
    struct rc_component_cfg *components;
    size_t n_components;
    const struct rc_node *normalize, *weights, *aggregate, *impute, *treat, *missing;
    const struct rc_node *node;
} rc_component_cfg;

/* One entry under `dimensions:`. */
typedef struct rc_dimension_cfg {
    rc_component_cfg root;  /* root.id is the dimension id */
    char *plugin;           /* defaults to the id */
    const struct rc_node *series_map; /* `series:` catalogue-name → data-series mapping, or NULL */
    const struct rc_node *node;       /* the whole mapping: also the plugin's section; always
                                       * a mapping (an empty `id:` becomes an empty one,
                                       * positioned just after the colon) */
} rc_dimension_cfg;

/* One entry under `reports:`. */
typedef struct rc_report_cfg {
    char *plugin;
    char *path;            /* relative to the output folder, normalised (config/files.h);
                            * with root_config, relative to the config's folder */
    int root_config;       /* `root: config`: a store updated in place (sqlite) kept beside
                            * the config, across the runs' output folders */
    const struct rc_node *node; /* the whole mapping: also the plugin's section */
} rc_report_cfg;

/* A derived series under top-level `series:` (name: formula). */
typedef struct rc_series_def {
    char *name;
    char *formula;
    const struct rc_node *node;
} rc_series_def;

typedef struct rc_config {
    struct rc_node *root;
    char *path;            /* absolute path of the config file */
    char *dir;             /* its folder */
    char *title;
    char *language;        /* "en" (default) or "zh" */
    rc_regions_cfg regions;
    rc_data_cfg *data;
    size_t n_data;
    int *years;            /* selected years, ascending; NULL/0 = every year in the data */
    size_t n_years;
    rc_series_def *series_defs;
    size_t n_series_defs;
    const struct rc_node *def_normalize, *def_weights, *def_aggregate;
    const struct rc_node *def_impute, *def_treat, *def_missing;
    rc_dimension_cfg *dims;
    size_t n_dims;
    const struct rc_node *index_weights, *index_aggregate; /* NULL = equal / arithmetic */
    double index_scale;    /* default 100 */
    const struct rc_node *index_node;
    const struct rc_node *analysis; /* the `analysis:` mapping, or NULL */
    rc_report_cfg *reports;
    size_t n_reports;
    char *baseline;        /* absolute path or NULL */
} rc_config;

/* The report languages: the top-level `language` and every report's `language` key. */
#define RC_CONFIG_LANGUAGES "en or zh"
int rc_config_language_supported(const char *lang);

/* Indicators in one dimension, nested components included (ids are checked pairwise for
 * duplicates); more is a config error. */
#define RC_CONFIG_MAX_INDICATORS 4096

/* Loads and checks a config file. Errors (RC_ERRK_CONFIG) name file:line:col. The keys the
 * core accepts at each level are the tables in config/model.c; a dimension's mapping may
 * also hold its plugin's keys, which are checked later with rc_config_check_dimension(). */
int rc_config_load(const char *path, rc_config **out, rc_error *err);
/* The same from memory (for tests): `dir` is the folder relative paths resolve against. */
int rc_config_load_string(const char *yaml, const char *name, const char *dir,
                          rc_config **out, rc_error *err);
void rc_config_free(rc_config *cfg);

/* Checks a dimension's mapping against the core's dimension keys plus the plugin's keys. */
int rc_config_check_dimension(const rc_dimension_cfg *dim, const rc_config_key *plugin_keys,
                              size_t n_plugin_keys, rc_error *err);
/* Checks a report entry against the core's report keys plus the plugin's keys. `index` is
 * the entry's 0-based position under `reports:` (messages say "report <index+1>"). */
int rc_config_check_report(const rc_report_cfg *rep, size_t index,
                           const rc_config_key *plugin_keys, size_t n_plugin_keys,
                           rc_error *err);

/* The core's own key tables (for docs, the schema command and rc_config_check_*). */
extern const rc_config_key rc_dimension_core_keys[];
extern const size_t rc_dimension_core_nkeys;
extern const rc_config_key rc_report_core_keys[];
extern const size_t rc_report_core_nkeys;

/* Every table of core keys, one per level of the config, in document order: the single
 * source for docs/config.md and a JSON Schema. `path` names the level the way the docs do
 * ("(top level)", "regions", "data[]", "defaults", "dimensions.<id>",
 * "dimensions.<id>.components.<id>", "...indicators.<id>", "index", "reports[]"). */
typedef struct rc_config_section {
    const char *path;
    const char *help;             /* one sentence */
    const rc_config_key *keys;
    size_t n_keys;
} rc_config_section;
extern const rc_config_section rc_config_sections[];
extern const size_t rc_config_nsections;

#endif
