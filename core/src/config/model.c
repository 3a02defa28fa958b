/* config/model.c — turns the YAML tree into the typed assessment model (rc_config): the
 * core's key tables for every level, defaults, path resolution, years, dimensions with
 * nested components and indicators; every error names file:line:col. */
#include "config/model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/files.h"
#include "config/schema.h"
#include "util/str.h"

/* ---- the key tables ---------------------------------------------------------------- */

#define METHOD_KEYS(scope)                                                                  \
    {"normalize", RC_CFG_ANY, 0, NULL,                                                      \
     "Normalisation method " scope ": a name (minmax, zscore, goalposts, ...) or a mapping "\
     "{method: ..., scope: per_year|pooled|baseline, ...}."},                               \
    {"weights", RC_CFG_ANY, 0, NULL,                                                        \
     "Weighting method " scope ": equal, entropy, explicit (each child's weight:), or a "   \
     "mapping {method: ...}."},                                                             \
    {"aggregate", RC_CFG_ANY, 0, NULL,                                                      \
     "Aggregation method " scope ": arithmetic, geometric, or a mapping {method: ...}."},   \
    {"impute", RC_CFG_ANY, 0, NULL,                                                         \
     "Imputation of missing values " scope ": none, or a method name or mapping."},         \
    {"treat", RC_CFG_ANY, 0, NULL,                                                          \
     "Outlier treatment " scope ": none, or a method name or mapping."},                    \
    {"missing", RC_CFG_ANY, 0, NULL,                                                        \
     "What a score does with missing indicators " scope ": available (use what is there), " \
     "strict (missing score) or {min_coverage: 0.75} (missing below that share of the "    \
     "nominal weight)."}

static const rc_config_key top_keys[] = {
    {"title", RC_CFG_STRING, 0, NULL, "Title of the assessment, shown in reports."},
    {"language", RC_CFG_STRING, 0, "en", "Report language: en or zh."},
    {"regions", RC_CFG_MAP, 0, NULL,
     "The region list, groupings and spatial information (see regions)."},
    {"data", RC_CFG_LIST, 1, NULL, "The CSV panels to read: a non-empty list (see data[])."},
    {"years", RC_CFG_ANY, 0, NULL,
     "Years to score: a range \"2016-2024\", a list [2016, 2018] or one year; default: every "
     "year in the data."},
    {"series", RC_CFG_MAP, 0, NULL,
     "Derived series, name: formula over other series (e.g. gdp_per_capita: \"gdp / "
     "population\")."},
    {"defaults", RC_CFG_MAP, 0, NULL,
     "Methods used wherever a dimension, component or indicator sets none (see defaults)."},
    {"dimensions", RC_CFG_MAP, 1, NULL,
     "The dimensions (evaluation pathways), id: mapping; a non-empty mapping."},
    {"index", RC_CFG_MAP, 0, NULL, "How dimension scores combine into the index (see index)."},
    {"analysis", RC_CFG_MAP, 0, NULL,
     "Analyses to run (coupling, disparity, convergence, spatial, obstacles, uncertainty); "
     "checked by the analysis stage."},
    {"reports", RC_CFG_LIST, 0, NULL, "Reports to write, a list of {plugin:, path:, ...}."},
    {"baseline", RC_CFG_STRING, 0, NULL,
     "A baseline file holding frozen bounds and weights, so scores stay comparable across "
     "annual runs."},
    {"plugin_timeout", RC_CFG_NUMBER, 0, "60",
     "Seconds one plugin callback may run before the run is stopped (exit 4); 0 = no limit."},
};

static const rc_config_key regions_keys[] = {
    {"file", RC_CFG_STRING, 0, NULL,
     "CSV file with one row per region; default: the regions found in the data."},
    {"id", RC_CFG_STRING, 0, "region", "Column holding the region id used in the data."},
    {"name", RC_CFG_STRING, 0, NULL, "Column holding a display name."},
    {"groups", RC_CFG_ANY, 0, NULL,
     "Grouping column(s) for group analyses: one column name or a list of them."},
    {"adjacency", RC_CFG_STRING, 0, NULL,
     "CSV file of neighbour pairs, two columns, one pair per row (spatial analyses)."},
    {"coordinates", RC_CFG_STRING, 0, NULL,
     "CSV file with region, x, y columns (x = longitude, y = latitude) for distance weights."},
    {"aliases", RC_CFG_STRING, 0, NULL,
     "CSV file of other names for regions: two columns, alias then region id."},
    {"adjacency_key", RC_CFG_STRING, 0, "the id column",
     "Column of the regions file whose values the adjacency file uses (e.g. name_en)."},
    {"coordinates_key", RC_CFG_STRING, 0, "the id column",
     "Column of the regions file whose values the coordinates file uses."},
    {"boundaries", RC_CFG_STRING, 0, NULL,
     "Region polygons, a .geojson or .shp file: contiguity weights and centroids."},
    {"boundary_id", RC_CFG_STRING, 0, "the id column",
     "The boundaries' property (shapefile field) holding each region's id."},
    {"contiguity", RC_CFG_STRING, 0, "queen",
     "Neighbours from the boundaries: queen (a shared point) or rook (a shared edge)."},
    {"parent", RC_CFG_STRING, 0, NULL,
     "Column of the regions file holding each region's parent id (city -> province -> cluster)."},
    {"level", RC_CFG_STRING, 0, NULL,
     "Column of the regions file naming each region's level (city, province, cluster)."},
    {"aggregate_to", RC_CFG_STRING, 0, NULL,
     "Roll the data up to this level before scoring (needs parent and level)."},
    {"aggregate", RC_CFG_MAP, 0, NULL,
     "Rule per series for aggregate_to: sum, mean, or {mean: weight_series}; \"*\" for the rest."},
};

static const rc_config_key data_keys[] = {
    {"file", RC_CFG_STRING, 1, NULL, "The CSV file."},
    {"layout", RC_CFG_STRING, 0, "long",
     "long: one value per row (region, year, indicator, value); wide: region, year, then one "
     "column per series."},
    {"region", RC_CFG_STRING, 0, "region", "Column holding the region id."},
    {"year", RC_CFG_STRING, 0, "year", "Column holding the year."},
    {"indicator", RC_CFG_STRING, 0, "indicator", "Column holding the series name (long only)."},
    {"value", RC_CFG_STRING, 0, "value", "Column holding the value (long only)."},
    {"ignore", RC_CFG_ANY, 0, NULL,
     "Columns of a wide file that are not series (names, group labels, notes): a column name "
     "or a list of them (wide only)."},
    {"format", RC_CFG_STRING, 0, "from the extension",
     "csv, xlsx, ods, dta, sav, por, sas7bdat or xpt."},
    {"encoding", RC_CFG_STRING, 0, "utf-8",
     "Text encoding of a CSV file: utf-8, gbk, gb18030, big5, utf-16 or auto."},
    {"separator", RC_CFG_STRING, 0, ",", "Field separator of a CSV file (\",\", \";\", \"\\t\")."},
    {"thousands", RC_CFG_STRING, 0, "none",
     "Thousands separator in numbers: \",\", \".\", \" \", \"'\" or none."},
    {"decimal", RC_CFG_STRING, 0, ".", "Decimal mark in numbers: \".\" or \",\"."},
    {"percent", RC_CFG_STRING, 0, NULL,
     "How cells like 44.6% read: value (44.6) or fraction (0.446); default: refused."},
    {"na", RC_CFG_ANY, 0, "[—, …, .., -]",
     "Missing-value markers besides empty and NA: one or a list (replaces the default list)."},
    {"skip_rows", RC_CFG_INT, 0, "0", "Rows above the header to skip (titles)."},
    {"units_row", RC_CFG_BOOL, 0, "false",
     "The row under the header holds units (kept as series metadata)."},
    {"sheet", RC_CFG_ANY, 0, "the first sheet", "Workbook sheet to read: a name or a number."},
    {"sheets", RC_CFG_ANY, 0, NULL,
     "One sheet per year: names (years from the sheet names), a list of sheet names, or a "
     "mapping year: sheet."},
    {"value_labels", RC_CFG_BOOL, 0, "true",
     "Stata/SPSS: region and indicator cells show their value labels."},
};

static const rc_config_key defaults_keys[] = {METHOD_KEYS("everywhere none is set")};

const rc_config_key rc_dimension_core_keys[] = {
    {"plugin", RC_CFG_STRING, 0, "the dimension id",
     "The dimension plugin that scores this dimension (generic for YAML-only dimensions)."},
    {"label", RC_CFG_STRING, 0, NULL, "Display name."},
    {"weight", RC_CFG_NUMBER, 0, NULL, "Weight in the index under explicit index weights (>= 0)."},
    {"series", RC_CFG_MAP, 0, NULL,
     "Catalogue-name -> data-series mapping, for plugins whose indicators use fixed names."},
    {"indicators", RC_CFG_MAP, 0, NULL, "The dimension's indicators, id: mapping."},
    {"components", RC_CFG_MAP, 0, NULL, "Sub-dimensions, id: mapping, nested to any depth."},
    METHOD_KEYS("for this dimension"),
};
const size_t rc_dimension_core_nkeys = sizeof rc_dimension_core_keys / sizeof rc_dimension_core_keys[0];

static const rc_config_key component_keys[] = {
    {"label", RC_CFG_STRING, 0, NULL, "Display name."},
    {"weight", RC_CFG_NUMBER, 0, NULL, "Weight under explicit weights (>= 0)."},
    {"indicators", RC_CFG_MAP, 0, NULL, "The component's indicators, id: mapping."},
    {"components", RC_CFG_MAP, 0, NULL, "Nested components, id: mapping."},
    METHOD_KEYS("for this component"),
};

static const rc_config_key indicator_keys[] = {
    {"series", RC_CFG_STRING, 0, "the indicator id", "The data series holding the indicator."},
    {"formula", RC_CFG_STRING, 0, NULL,
     "A formula over series names computing the indicator (instead of series)."},
    {"per", RC_CFG_STRING, 0, NULL, "A denominator series: the indicator is divided by it."},
    {"direction", RC_CFG_ANY, 0, "+",
     "\"+\", benefit or 1 when more is better; \"-\", cost or -1 when less is better."},
    {"weight", RC_CFG_NUMBER, 0, NULL, "Weight under explicit weights (>= 0)."},
    {"label", RC_CFG_STRING, 0, NULL, "Display name."},
    {"normalize", RC_CFG_ANY, 0, NULL, "Normalisation for this indicator only."},
    {"impute", RC_CFG_ANY, 0, NULL, "Imputation for this indicator only."},
    {"treat", RC_CFG_ANY, 0, NULL, "Outlier treatment for this indicator only."},
};

static const rc_config_key index_keys[] = {
    {"weights", RC_CFG_ANY, 0, "equal",
     "Dimension weights: equal, explicit (each dimension's weight:), or any weights method."},
    {"aggregate", RC_CFG_ANY, 0, "arithmetic", "How dimension scores combine."},
    {"scale", RC_CFG_NUMBER, 0, "100", "The index and scores are reported on 0..scale (> 0)."},
    {"missing", RC_CFG_ANY, 0, "strict",
     "When a region-year's index is published: strict (every dimension present), available "
     "(the dimensions present) or {min_coverage: 0.75} (that share of the nominal weight)."},
};

const rc_config_key rc_report_core_keys[] = {
    {"plugin", RC_CFG_STRING, 1, NULL, "The reporter plugin (csv, json, markdown, ...)."},
    {"path", RC_CFG_STRING, 1, NULL, "Output file or folder, relative to the output folder."},
    {"root", RC_CFG_ENUM, 0, "output",
     "What 'path' is relative to: output (the output folder, -o) or config (the config's "
     "folder: only for a store updated in place, the sqlite history kept across years).",
     "output|config"},
};
const size_t rc_report_core_nkeys = sizeof rc_report_core_keys / sizeof rc_report_core_keys[0];

#define NKEYS(t) (sizeof(t) / sizeof((t)[0]))

const rc_config_section rc_config_sections[] = {
    {"(top level)", "The assessment file.", top_keys, NKEYS(top_keys)},
    {"regions", "The regions being compared.", regions_keys, NKEYS(regions_keys)},
    {"data[]", "One CSV panel.", data_keys, NKEYS(data_keys)},
    {"defaults", "Methods inherited by every dimension, component and indicator.",
     defaults_keys, NKEYS(defaults_keys)},
    {"dimensions.<id>", "One dimension; its plugin may accept more keys.",
     rc_dimension_core_keys, NKEYS(rc_dimension_core_keys)},
    {"dimensions.<id>.components.<id>", "A sub-dimension (components nest to any depth).",
     component_keys, NKEYS(component_keys)},
    {"...indicators.<id>", "One indicator; {} or nothing means series = the id.",
     indicator_keys, NKEYS(indicator_keys)},
    {"index", "The composite index.", index_keys, NKEYS(index_keys)},
    {"reports[]", "One report; its plugin may accept more keys.", rc_report_core_keys,
     NKEYS(rc_report_core_keys)},
};
const size_t rc_config_nsections = NKEYS(rc_config_sections);

/* ---- helpers ----------------------------------------------------------------------- */

typedef struct loader {
    rc_config *cfg;
    rc_error *err;
} loader;

static int oom(rc_error *err) { return rc_error_set(err, RC_ERRK_OTHER, "out of memory"); }

static const char *where(const struct rc_node *n, char *buf, size_t size)
{
    return rc_node_where(n, buf, size);
}

/* Copies a scalar's text (NULL node gives NULL). Returns -1 only when out of memory. */
static int dup_text(const struct rc_node *n, char **out, rc_error *err)
{
    *out = NULL;
    if (!n) return 0;
    *out = rc_strdup(n->str);
    return *out ? 0 : oom(err);
}

static int dup_or(const struct rc_node *n, const char *dflt, char **out, rc_error *err)
{
    if (n) return dup_text(n, out, err);
    *out = rc_strdup(dflt);
    return *out ? 0 : oom(err);
}

/* Joins dir and rel and drops "." segments and repeated slashes. */
static char *join_path(const char *dir, const char *rel)
{
    rc_buf b;
    rc_buf_init(&b);
    if (rel[0] != '/') {
        rc_buf_puts(&b, dir);
        rc_buf_puts(&b, "/");
    }
    rc_buf_puts(&b, rel);
    if (b.failed) {
        rc_buf_free(&b);
        return NULL;
    }
    char *s = b.data, *w = s;
    const char *r = s;
    while (*r) {
        if (r[0] == '/' && w > s && w[-1] == '/') {
            r++;
        } else if (r[0] == '.' && (w == s || w[-1] == '/') && (r[1] == '/' || r[1] == '\0') &&
                   w > s) {
            r += r[1] ? 2 : 1;
        } else {
            *w++ = *r++;
        }
    }
    if (w > s + 1 && w[-1] == '/') w--;
    *w = '\0';
    return s;
}

static char *absolute_dir(const char *dir)
{
    if (dir && dir[0] == '/') return join_path("", dir);
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return NULL;
    return dir && dir[0] ? join_path(cwd, dir) : rc_strdup(cwd);
}

static int resolve(loader *L, const struct rc_node *n, char **out)
{
    *out = NULL;
    if (!n) return 0;
    *out = join_path(L->cfg->dir, n->str);
    return *out ? 0 : oom(L->err);
}

/* Type-checks the keys of `map` that are in `keys`, leaving unknown keys alone (they may
 * belong to a plugin and are checked later). */
static int check_known_types(const struct rc_node *map, const char *what,
                             const rc_config_key *keys, size_t n, rc_error *err)
{
    for (size_t i = 0; i < map->n; i++) {
        for (size_t k = 0; k < n; k++) {
            if (strcmp(map->keys[i], keys[k].key) != 0) continue;
            if (!rc_schema_type_ok(map->items[i], keys[k].type)) {
                /* let rc_schema_check phrase the message the same way as everywhere */
                const rc_config_key one = keys[k];
                struct rc_node sub = *map;
                sub.n = 1;
                sub.items = &map->items[i];
                sub.keys = &map->keys[i];
                sub.key_line = &map->key_line[i];
                sub.key_col = &map->key_col[i];
                return rc_schema_check(&sub, what, &one, 1, NULL, 0, NULL, err);
            }
        }
    }
    return 0;
}

static int check_method(const struct rc_node *map, const char *key, const char *what,
                        const struct rc_node **out, rc_error *err)
{
    char w[512];
    const struct rc_node *n = rc_node_get(map, key);
    *out = NULL;
    if (!n) return 0;
    if (n->kind == RC_NODE_MAP || (n->kind == RC_NODE_SCALAR && !rc_node_is_null(n))) {
        *out = n;
        return 0;
    }
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: '%s' in %s must be a method name or a mapping {method: ...}, not %s",
                        where(n, w, sizeof w), key, what,
                        rc_node_is_null(n) ? "empty" : rc_node_kind_name(n->kind));
}

static int get_weight(const struct rc_node *map, const char *what, double *out, rc_error *err)
{
    char w[512];
    *out = NAN;
    const struct rc_node *n = rc_node_get(map, "weight");
    if (!n) return 0;
    if (rc_node_as_number(n, out) != 0 || *out < 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'weight' in %s must be a number of zero or more, not '%s'",
                            where(n, w, sizeof w), what, n->str ? n->str : "a collection");
    return 0;
}

/* Turns a null value (`id:` or `id: ~`) into an empty mapping in place, so that the model,
 * the schema checks and plugins always see a mapping for a dimension or an indicator. */
static void null_to_empty_map(struct rc_node *n)
{
    if (!rc_node_is_null(n)) return;
    free(n->str);
    n->str = NULL;
    n->kind = RC_NODE_MAP;
}

/* ---- indicators and components ----------------------------------------------------- */

static void free_indicator(rc_indicator_cfg *ind)
{
    free(ind->id);
    free(ind->series);
    free(ind->formula);
    free(ind->per);
    free(ind->label);
}

static void free_component(rc_component_cfg *c)
{
    for (size_t i = 0; i < c->n_indicators; i++) free_indicator(&c->indicators[i]);
    free(c->indicators);
    for (size_t i = 0; i < c->n_components; i++) free_component(&c->components[i]);
    free(c->components);
    free(c->id);
    free(c->label);
}

static int parse_direction(const struct rc_node *n, const char *what, int *out, rc_error *err)
{
    char w[512];
    *out = RC_BENEFIT;
    if (!n) return 0;
    const char *s = n->kind == RC_NODE_SCALAR ? n->str : NULL;
    if (s && (!strcmp(s, "+") || !strcmp(s, "benefit") || !strcmp(s, "1") || !strcmp(s, "+1"))) {
        *out = RC_BENEFIT;
        return 0;
    }
    if (s && (!strcmp(s, "-") || !strcmp(s, "cost") || !strcmp(s, "-1"))) {
        *out = RC_COST;
        return 0;
    }
    char shown[80];
    if (s)
        snprintf(shown, sizeof shown, "'%.60s'", s);
    else
        snprintf(shown, sizeof shown, "%s", rc_node_kind_name(n->kind));
    return rc_error_set(err, RC_ERRK_CONFIG,
                        "%s: 'direction' in %s must be \"+\", \"-\", benefit, cost, 1 or -1, not %s",
                        where(n, w, sizeof w), what, shown);
}

static int parse_indicator(const char *id, const struct rc_node *n, rc_indicator_cfg *ind,
                           rc_error *err)
{
    char what[300], w[512];
    memset(ind, 0, sizeof *ind);
    ind->weight = NAN;
    ind->direction = RC_BENEFIT;
    ind->node = n;
    ind->id = rc_strdup(id);
    if (!ind->id) return oom(err);
    snprintf(what, sizeof what, "indicator '%s'", id);
    const struct rc_node *map = rc_node_is_null(n) ? NULL : n;
    if (rc_schema_check(map, what, indicator_keys, NKEYS(indicator_keys), NULL, 0, NULL, err))
        return -1;
    const struct rc_node *series = rc_node_get(map, "series");
    const struct rc_node *formula = rc_node_get(map, "formula");
    if (series && formula)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: %s has both 'series' and 'formula'; give one of them",
                            rc_node_key_where(map, "formula", w, sizeof w), what);
    if (formula) {
        if (dup_text(formula, &ind->formula, err)) return -1;
    } else if (dup_or(series, id, &ind->series, err)) {
        return -1;
    }
    if (dup_text(rc_node_get(map, "per"), &ind->per, err)) return -1;
    if (dup_text(rc_node_get(map, "label"), &ind->label, err)) return -1;
    if (parse_direction(rc_node_get(map, "direction"), what, &ind->direction, err)) return -1;
    if (get_weight(map, what, &ind->weight, err)) return -1;
    if (check_method(map, "normalize", what, &ind->normalize, err)) return -1;
    if (check_method(map, "impute", what, &ind->impute, err)) return -1;
    if (check_method(map, "treat", what, &ind->treat, err)) return -1;
    return 0;
}

/* Parses the body of a dimension (is_dim) or component `map` into c. A dimension's own
 * keys are only type-checked here (its plugin may add keys); a component's are checked
 * strictly. */
static int parse_component(const char *id, const struct rc_node *map, int is_dim,
                           rc_component_cfg *c, rc_error *err)
{
    char what[300], w[512];
    c->weight = NAN;
    c->node = map;
    c->id = rc_strdup(id);
    if (!c->id) return oom(err);
    snprintf(what, sizeof what, "%s '%s'", is_dim ? "dimension" : "component", id);
    if (is_dim) {
        if (map && check_known_types(map, what, rc_dimension_core_keys, rc_dimension_core_nkeys,
                                     err))
            return -1;
    } else if (rc_schema_check(map, what, component_keys, NKEYS(component_keys), NULL, 0, NULL,
                               err)) {
        return -1;
    }
    if (dup_text(rc_node_get(map, "label"), &c->label, err)) return -1;
    if (get_weight(map, what, &c->weight, err)) return -1;
    static const char *const methods[] = {"normalize", "weights", "aggregate",
                                          "impute", "treat", "missing"};
    const struct rc_node **slots[] = {&c->normalize, &c->weights, &c->aggregate,
                                      &c->impute, &c->treat, &c->missing};
    for (size_t i = 0; i < 6; i++)
        if (check_method(map, methods[i], what, slots[i], err)) return -1;

    const struct rc_node *inds = rc_node_get(map, "indicators");
    const struct rc_node *comps = rc_node_get(map, "components");
    if (!is_dim && (!inds || inds->n == 0) && (!comps || comps->n == 0))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: %s needs 'indicators' or 'components' (or both), and they "
                            "may not be empty",
                            where(map, w, sizeof w), what);
    if (inds && inds->n) {
        c->indicators = rc_calloc(inds->n, sizeof *c->indicators);
        if (!c->indicators) return oom(err);
        for (size_t i = 0; i < inds->n; i++) {
            c->n_indicators = i + 1;
            null_to_empty_map(inds->items[i]);
            if (parse_indicator(inds->keys[i], inds->items[i], &c->indicators[i], err))
                return -1;
        }
    }
    if (comps && comps->n) {
        c->components = rc_calloc(comps->n, sizeof *c->components);
        if (!c->components) return oom(err);
        for (size_t i = 0; i < comps->n; i++) {
            c->n_components = i + 1;
            const struct rc_node *body = comps->items[i];
            if (rc_node_is_null(body)) body = NULL;
            if (!body) {
                char cw[512];
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: component '%s' needs 'indicators' or 'components'",
                                    rc_node_key_where(comps, comps->keys[i], cw, sizeof cw),
                                    comps->keys[i]);
            }
            if (parse_component(comps->keys[i], body, 0, &c->components[i], err)) return -1;
        }
    }
    return 0;
}

/* Collects every indicator of a dimension tree, to refuse one id used twice. */
static int collect_ids(const rc_component_cfg *c, const rc_indicator_cfg ***list, size_t *n,
                       size_t *cap, rc_error *err)
{
    for (size_t i = 0; i < c->n_indicators; i++) {
        if (*n == *cap) {
            size_t nc = *cap ? *cap * 2 : 16;
            const rc_indicator_cfg **l = rc_reallocarray(*list, nc, sizeof *l);
            if (!l) return oom(err);
            *list = l;
            *cap = nc;
        }
        (*list)[(*n)++] = &c->indicators[i];
    }
    for (size_t i = 0; i < c->n_components; i++)
        if (collect_ids(&c->components[i], list, n, cap, err)) return -1;
    return 0;
}

static int check_unique_indicators(const rc_dimension_cfg *d, rc_error *err)
{
    const rc_indicator_cfg **list = NULL;
    size_t n = 0, cap = 0;
    int rc = collect_ids(&d->root, &list, &n, &cap, err);
    if (rc == 0 && n > RC_CONFIG_MAX_INDICATORS) {
        char w[512];
        rc = rc_error_set(err, RC_ERRK_CONFIG,
                          "%s: dimension '%s' has %zu indicators, more than %d",
                          where(d->node, w, sizeof w), d->root.id, n, RC_CONFIG_MAX_INDICATORS);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        for (size_t j = 0; j < i; j++) {
            if (strcmp(list[i]->id, list[j]->id) != 0) continue;
            char w[512];
            rc = rc_error_set(err, RC_ERRK_CONFIG,
                              "%s: indicator '%s' appears twice in dimension '%s' (first at "
                              "%d:%d); give each indicator its own id",
                              where(list[i]->node, w, sizeof w), list[i]->id, d->root.id,
                              list[j]->node->line, list[j]->node->col);
            break;
        }
    }
    free(list);
    return rc;
}

/* ---- top-level sections ------------------------------------------------------------ */

static int parse_regions(loader *L, const struct rc_node *map)
{
    rc_regions_cfg *r = &L->cfg->regions;
    rc_error *err = L->err;
    char w[512];
    r->node = map;
    if (rc_schema_check(map, "regions", regions_keys, NKEYS(regions_keys), NULL, 0, NULL, err))
        return -1;
    if (resolve(L, rc_node_get(map, "file"), &r->file)) return -1;
    if (dup_or(rc_node_get(map, "id"), "region", &r->id_col, err)) return -1;
    if (dup_text(rc_node_get(map, "name"), &r->name_col, err)) return -1;
    if (resolve(L, rc_node_get(map, "adjacency"), &r->adjacency)) return -1;
    if (resolve(L, rc_node_get(map, "coordinates"), &r->coordinates)) return -1;
    if (resolve(L, rc_node_get(map, "aliases"), &r->aliases)) return -1;
    if (dup_text(rc_node_get(map, "adjacency_key"), &r->adjacency_key, err)) return -1;
    if (dup_text(rc_node_get(map, "coordinates_key"), &r->coordinates_key, err)) return -1;
    if (dup_text(rc_node_get(map, "parent"), &r->parent_col, err)) return -1;
    if (resolve(L, rc_node_get(map, "boundaries"), &r->boundaries)) return -1;
    if (dup_text(rc_node_get(map, "boundary_id"), &r->boundary_id, err)) return -1;
    {
        const struct rc_node *cn = rc_node_get(map, "contiguity");
        const char *cs = cn ? rc_node_as_str(cn) : NULL;
        if (cn && (!cs || (strcmp(cs, "queen") != 0 && strcmp(cs, "rook") != 0)))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'contiguity' in regions must be queen or rook",
                                where(cn, w, sizeof w));
        r->rook = cs && strcmp(cs, "rook") == 0;
    }
    if (dup_text(rc_node_get(map, "level"), &r->level_col, err)) return -1;
    if (dup_text(rc_node_get(map, "aggregate_to"), &r->aggregate_to, err)) return -1;
    r->aggregate = rc_node_get(map, "aggregate");
    const struct rc_node *g = rc_node_get(map, "groups");
    if (!g) return 0;
    if (g->kind == RC_NODE_SCALAR && !rc_node_is_null(g)) {
        r->groups = rc_calloc(1, sizeof *r->groups);
        if (!r->groups) return oom(err);
        r->n_groups = 1;
        return dup_text(g, &r->groups[0], err);
    }
    if (g->kind != RC_NODE_LIST)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'groups' in regions must be a column name or a list of them",
                            where(g, w, sizeof w));
    r->groups = rc_calloc(g->n, sizeof *r->groups);
    if (!r->groups) return oom(err);
    for (size_t i = 0; i < g->n; i++) {
        if (!rc_schema_type_ok(g->items[i], RC_CFG_STRING))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: each entry of 'groups' in regions must be a column name, "
                                "not %s",
                                where(g->items[i], w, sizeof w),
                                rc_node_kind_name(g->items[i]->kind));
        r->n_groups = i + 1;
        if (dup_text(g->items[i], &r->groups[i], err)) return -1;
    }
    return 0;
}

/* `ignore:` of a wide data source: one column name or a list of them. */
static int parse_ignore(const struct rc_node *g, rc_data_cfg *d, const char *what, rc_error *err)
{
    char w[512];
    if (!g) return 0;
    if (g->kind == RC_NODE_SCALAR && !rc_node_is_null(g)) {
        if (!(d->ignore = rc_calloc(1, sizeof *d->ignore))) return oom(err);
        d->n_ignore = 1;
        return dup_text(g, &d->ignore[0], err);
    }
    if (g->kind != RC_NODE_LIST)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'ignore' in %s must be a column name or a list of them",
                            where(g, w, sizeof w), what);
    if (g->n && !(d->ignore = rc_calloc(g->n, sizeof *d->ignore))) return oom(err);
    for (size_t i = 0; i < g->n; i++) {
        if (!rc_schema_type_ok(g->items[i], RC_CFG_STRING))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: each entry of 'ignore' in %s must be a column name, not %s",
                                where(g->items[i], w, sizeof w), what,
                                rc_node_kind_name(g->items[i]->kind));
        d->n_ignore = i + 1;
        if (dup_text(g->items[i], &d->ignore[i], err)) return -1;
    }
    return 0;
}

static int parse_data(loader *L, const struct rc_node *list)
{
    rc_config *cfg = L->cfg;
    rc_error *err = L->err;
    char w[512], what[64];
    if (list->n == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'data' must list at least one CSV file ({file: ..., layout: "
                            "long|wide})",
                            where(list, w, sizeof w));
    cfg->data = rc_calloc(list->n, sizeof *cfg->data);
    if (!cfg->data) return oom(err);
    for (size_t i = 0; i < list->n; i++) {
        const struct rc_node *m = list->items[i];
        rc_data_cfg *d = &cfg->data[i];
        cfg->n_data = i + 1;
        d->node = m;
        snprintf(what, sizeof what, "data entry %zu", i + 1);
        if (rc_node_is_null(m) || m->kind != RC_NODE_MAP)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: %s must be a mapping {file: ..., layout: long|wide}",
                                where(m, w, sizeof w), what);
        if (rc_schema_check(m, what, data_keys, NKEYS(data_keys), NULL, 0, NULL, err))
            return -1;
        if (resolve(L, rc_node_get(m, "file"), &d->file)) return -1;
        const struct rc_node *lay = rc_node_get(m, "layout");
        d->layout = RC_LAYOUT_LONG;
        if (lay && strcmp(lay->str, "wide") == 0)
            d->layout = RC_LAYOUT_WIDE;
        else if (lay && strcmp(lay->str, "long") != 0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'layout' in %s must be long or wide, not '%s'",
                                where(lay, w, sizeof w), what, lay->str);
        if (d->layout == RC_LAYOUT_LONG && rc_node_get(m, "ignore"))
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'ignore' in %s applies only to layout wide; a long file "
                                "reads only its region, year, indicator and value columns",
                                rc_node_key_where(m, "ignore", w, sizeof w), what);
        if (parse_ignore(rc_node_get(m, "ignore"), d, what, err)) return -1;
        if (d->layout == RC_LAYOUT_WIDE) {
            static const char *const long_only[] = {"indicator", "value"};
            for (size_t k = 0; k < 2; k++)
                if (rc_node_get(m, long_only[k]))
                    return rc_error_set(err, RC_ERRK_CONFIG,
                                        "%s: '%s' in %s applies only to layout long; a wide "
                                        "file has one column per series",
                                        rc_node_key_where(m, long_only[k], w, sizeof w),
                                        long_only[k], what);
        }
        if (dup_or(rc_node_get(m, "region"), "region", &d->region_col, err)) return -1;
        if (dup_or(rc_node_get(m, "year"), "year", &d->year_col, err)) return -1;
        if (d->layout == RC_LAYOUT_LONG) {
            if (dup_or(rc_node_get(m, "indicator"), "indicator", &d->indicator_col, err))
                return -1;
            if (dup_or(rc_node_get(m, "value"), "value", &d->value_col, err)) return -1;
        }
    }
    return 0;
}

static int year_value(const struct rc_node *n, int *out, rc_error *err)
{
    char w[512];
    int64_t v;
    if (rc_node_as_int(n, &v) != 0 || v < 1 || v > 9999)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: a year must be a whole number from 1 to 9999, not %s%s%s",
                            where(n, w, sizeof w), n->str ? "'" : "",
                            n->str ? n->str : rc_node_kind_name(n->kind), n->str ? "'" : "");
    *out = (int)v;
    return 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Reads "A-B" (spaces allowed around the dash) into a and b; 1 if the text is a range. */
static int year_range(const char *s, long *a, long *b)
{
    char *end;
    while (*s == ' ') s++;
    if (*s < '0' || *s > '9') return 0;
    *a = strtol(s, &end, 10);
    while (*end == ' ') end++;
    if (*end != '-') return 0;
    s = end + 1;
    while (*s == ' ') s++;
    if (*s < '0' || *s > '9') return 0;
    *b = strtol(s, &end, 10);
    while (*end == ' ') end++;
    return *end == '\0';
}

static int parse_years(loader *L, const struct rc_node *n)
{
    rc_config *cfg = L->cfg;
    rc_error *err = L->err;
    char w[512];
    if (n->kind == RC_NODE_SCALAR && !rc_node_is_null(n)) {
        long a, b;
        if (year_range(n->str, &a, &b)) {
            if (a < 1 || b < 1 || a > 9999 || b > 9999)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: years must lie between 1 and 9999, not '%s'",
                                    where(n, w, sizeof w), n->str);
            if (a > b)
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: the years range '%s' is reversed; write %ld-%ld",
                                    where(n, w, sizeof w), n->str, b, a);
            cfg->years = rc_calloc((size_t)(b - a + 1), sizeof *cfg->years);
            if (!cfg->years) return oom(err);
            for (long y = a; y <= b; y++) cfg->years[cfg->n_years++] = (int)y;
            return 0;
        }
        int y = 0;
        int64_t dummy;
        if (rc_node_as_int(n, &dummy) != 0)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: 'years' must be a range like 2016-2024, a list of years "
                                "or one year, not '%s'",
                                where(n, w, sizeof w), n->str);
        if (year_value(n, &y, err)) return -1;
        cfg->years = rc_calloc(1, sizeof *cfg->years);
        if (!cfg->years) return oom(err);
        cfg->years[0] = y;
        cfg->n_years = 1;
        return 0;
    }
    if (n->kind != RC_NODE_LIST || n->n == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'years' must be a range like 2016-2024, a non-empty list of "
                            "years or one year",
                            where(n, w, sizeof w));
    cfg->years = rc_calloc(n->n, sizeof *cfg->years);
    if (!cfg->years) return oom(err);
    for (size_t i = 0; i < n->n; i++) {
        if (year_value(n->items[i], &cfg->years[i], err)) return -1;
        for (size_t j = 0; j < i; j++)
            if (cfg->years[j] == cfg->years[i])
                return rc_error_set(err, RC_ERRK_CONFIG, "%s: year %d is listed twice",
                                    where(n->items[i], w, sizeof w), cfg->years[i]);
        cfg->n_years = i + 1;
    }
    qsort(cfg->years, cfg->n_years, sizeof *cfg->years, cmp_int);
    return 0;
}

static int parse_series_defs(loader *L, const struct rc_node *m)
{
    rc_config *cfg = L->cfg;
    char w[512];
    if (!m->n) return 0;
    cfg->series_defs = rc_calloc(m->n, sizeof *cfg->series_defs);
    if (!cfg->series_defs) return oom(L->err);
    for (size_t i = 0; i < m->n; i++) {
        const struct rc_node *f = m->items[i];
        if (!rc_schema_type_ok(f, RC_CFG_STRING))
            return rc_error_set(L->err, RC_ERRK_CONFIG,
                                "%s: derived series '%s' must be a formula (text), not %s",
                                where(f, w, sizeof w), m->keys[i],
                                rc_node_is_null(f) ? "empty" : rc_node_kind_name(f->kind));
        rc_series_def *s = &cfg->series_defs[i];
        cfg->n_series_defs = i + 1;
        s->node = f;
        s->name = rc_strdup(m->keys[i]);
        if (!s->name || dup_text(f, &s->formula, L->err)) return s->name ? -1 : oom(L->err);
    }
    return 0;
}

static int parse_dimensions(loader *L, const struct rc_node *m)
{
    rc_config *cfg = L->cfg;
    rc_error *err = L->err;
    char w[512];
    if (m->n == 0)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'dimensions' must define at least one dimension",
                            where(m, w, sizeof w));
    cfg->dims = rc_calloc(m->n, sizeof *cfg->dims);
    if (!cfg->dims) return oom(err);
    for (size_t i = 0; i < m->n; i++) {
        rc_dimension_cfg *d = &cfg->dims[i];
        cfg->n_dims = i + 1;
        null_to_empty_map(m->items[i]);
        const struct rc_node *body = m->items[i];
        d->node = body;
        if (body->kind != RC_NODE_MAP) {
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: dimension '%s' must be a mapping, not %s",
                                where(body, w, sizeof w), m->keys[i],
                                rc_node_kind_name(body->kind));
        }
        if (parse_component(m->keys[i], body, 1, &d->root, err)) return -1;
        if (dup_or(rc_node_get(body, "plugin"), m->keys[i], &d->plugin, err)) return -1;
        const struct rc_node *sm = rc_node_get(body, "series");
        d->series_map = sm;
        for (size_t k = 0; sm && k < sm->n; k++)
            if (!rc_schema_type_ok(sm->items[k], RC_CFG_STRING))
                return rc_error_set(err, RC_ERRK_CONFIG,
                                    "%s: '%s' in the series mapping of dimension '%s' must name "
                                    "a data series, not %s",
                                    where(sm->items[k], w, sizeof w), sm->keys[k], m->keys[i],
                                    rc_node_is_null(sm->items[k])
                                        ? "empty"
                                        : rc_node_kind_name(sm->items[k]->kind));
        if (check_unique_indicators(d, err)) return -1;
    }
    return 0;
}

static int parse_reports(loader *L, const struct rc_node *list)
{
    rc_config *cfg = L->cfg;
    rc_error *err = L->err;
    char w[512], what[64];
    if (!list->n) return 0;
    cfg->reports = rc_calloc(list->n, sizeof *cfg->reports);
    if (!cfg->reports) return oom(err);
    for (size_t i = 0; i < list->n; i++) {
        const struct rc_node *m = list->items[i];
        rc_report_cfg *r = &cfg->reports[i];
        cfg->n_reports = i + 1;
        r->node = m;
        snprintf(what, sizeof what, "report %zu", i + 1);
        if (m->kind != RC_NODE_MAP)
            return rc_error_set(err, RC_ERRK_CONFIG,
                                "%s: %s must be a mapping {plugin: ..., path: ...}",
                                where(m, w, sizeof w), what);
        if (check_known_types(m, what, rc_report_core_keys, rc_report_core_nkeys, err))
            return -1;
        for (size_t k = 0; k < rc_report_core_nkeys; k++)
            if (rc_report_core_keys[k].required && !rc_node_get(m, rc_report_core_keys[k].key))
                return rc_error_set(err, RC_ERRK_CONFIG, "%s: missing required key '%s' in %s",
                                    where(m, w, sizeof w), rc_report_core_keys[k].key, what);
        if (dup_text(rc_node_get(m, "plugin"), &r->plugin, err)) return -1;
        if (dup_text(rc_node_get(m, "path"), &r->path, err)) return -1;
        if (rc_config_check_report_path(cfg, i, err)) return -1;
    }
    return 0;
}

int rc_config_language_supported(const char *lang)
{
    return lang && (strcmp(lang, "en") == 0 || strcmp(lang, "zh") == 0);
}

static int build(loader *L)
{
    rc_config *cfg = L->cfg;
    rc_error *err = L->err;
    const struct rc_node *root = cfg->root;
    char w[512];
    if (root->kind != RC_NODE_MAP)
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: the config must be a mapping of sections (title:, data:, "
                            "dimensions:, ...), not %s",
                            where(root, w, sizeof w), rc_node_kind_name(root->kind));
    rc_node_where(root, w, sizeof w);
    if (rc_schema_check(root, "the config", top_keys, NKEYS(top_keys), NULL, 0, w, err))
        return -1;
    if (dup_text(rc_node_get(root, "title"), &cfg->title, err)) return -1;
    const struct rc_node *lang = rc_node_get(root, "language");
    if (lang && !rc_config_language_supported(lang->str))
        return rc_error_set(err, RC_ERRK_CONFIG, "%s: 'language' must be " RC_CONFIG_LANGUAGES ", not '%s'",
                            where(lang, w, sizeof w), lang->str);
    if (dup_or(lang, "en", &cfg->language, err)) return -1;
    const struct rc_node *timeout = rc_node_get(root, "plugin_timeout");
    double secs = 0;
    if (timeout && (rc_node_as_number(timeout, &secs) != 0 || !(secs >= 0 && secs <= 1e6)))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'plugin_timeout' must be a number of seconds from 0 (no limit) "
                            "to 1000000, not '%s'", where(timeout, w, sizeof w), timeout->str);

    const struct rc_node *regions = rc_node_get(root, "regions");
    if (parse_regions(L, regions)) return -1;
    if (parse_data(L, rc_node_get(root, "data"))) return -1;
    const struct rc_node *years = rc_node_get(root, "years");
    if (years && parse_years(L, years)) return -1;
    const struct rc_node *series = rc_node_get(root, "series");
    if (series && parse_series_defs(L, series)) return -1;

    const struct rc_node *defs = rc_node_get(root, "defaults");
    if (rc_schema_check(defs, "defaults", defaults_keys, NKEYS(defaults_keys), NULL, 0, NULL,
                        err))
        return -1;
    if (check_method(defs, "normalize", "defaults", &cfg->def_normalize, err) ||
        check_method(defs, "weights", "defaults", &cfg->def_weights, err) ||
        check_method(defs, "aggregate", "defaults", &cfg->def_aggregate, err) ||
        check_method(defs, "impute", "defaults", &cfg->def_impute, err) ||
        check_method(defs, "treat", "defaults", &cfg->def_treat, err) ||
        check_method(defs, "missing", "defaults", &cfg->def_missing, err))
        return -1;

    if (parse_dimensions(L, rc_node_get(root, "dimensions"))) return -1;

    const struct rc_node *index = rc_node_get(root, "index");
    cfg->index_node = index;
    cfg->index_scale = 100;
    if (rc_schema_check(index, "index", index_keys, NKEYS(index_keys), NULL, 0, NULL, err))
        return -1;
    if (check_method(index, "weights", "index", &cfg->index_weights, err) ||
        check_method(index, "aggregate", "index", &cfg->index_aggregate, err))
        return -1;
    const struct rc_node *scale = rc_node_get(index, "scale");
    if (scale && (rc_node_as_number(scale, &cfg->index_scale) != 0 || cfg->index_scale <= 0))
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: 'scale' in index must be a number above zero, not '%s'",
                            where(scale, w, sizeof w), scale->str);

    cfg->analysis = rc_node_get(root, "analysis");
    const struct rc_node *reports = rc_node_get(root, "reports");
    if (reports && parse_reports(L, reports)) return -1;
    if (resolve(L, rc_node_get(root, "baseline"), &cfg->baseline)) return -1;
    return 0;
}

/* ---- public API -------------------------------------------------------------------- */

static int finish_load(rc_config *cfg, rc_config **out, rc_error *err)
{
    loader L = {cfg, err};
    if (build(&L) != 0) {
        rc_config_free(cfg);
        return -1;
    }
    *out = cfg;
    return 0;
}

int rc_config_load(const char *path, rc_config **out, rc_error *err)
{
    *out = NULL;
    rc_config *cfg = rc_calloc(1, sizeof *cfg);
    if (!cfg) return oom(err);
    char *cwd = absolute_dir(NULL);
    cfg->path = cwd ? join_path(cwd, path) : NULL;
    free(cwd);
    if (!cfg->path) {
        free(cfg);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: cannot make the path absolute (out of memory, or the current folder cannot be read)", path);
    }
    cfg->dir = rc_strdup(cfg->path);
    if (!cfg->dir) {
        rc_config_free(cfg);
        return oom(err);
    }
    char *slash = strrchr(cfg->dir, '/');
    if (slash == cfg->dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    cfg->root = rc_yaml_load_file(path, err);
    if (!cfg->root) {
        rc_config_free(cfg);
        return -1;
    }
    return finish_load(cfg, out, err);
}

int rc_config_load_string(const char *yaml, const char *name, const char *dir,
                          rc_config **out, rc_error *err)
{
    *out = NULL;
    rc_config *cfg = rc_calloc(1, sizeof *cfg);
    if (!cfg) return oom(err);
    if (!name) name = "<config>";
    cfg->dir = absolute_dir(dir);
    cfg->path = cfg->dir ? join_path(cfg->dir, name) : NULL;
    if (!cfg->path) {
        rc_config_free(cfg);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: cannot make the path absolute (out of memory, or the current folder cannot be read)", name);
    }
    cfg->root = rc_yaml_load_string(yaml, strlen(yaml), name, err);
    if (!cfg->root) {
        rc_config_free(cfg);
        return -1;
    }
    return finish_load(cfg, out, err);
}

void rc_config_free(rc_config *cfg)
{
    if (!cfg) return;
    free(cfg->path);
    free(cfg->dir);
    free(cfg->title);
    free(cfg->language);
    rc_regions_cfg *r = &cfg->regions;
    free(r->file);
    free(r->id_col);
    free(r->name_col);
    for (size_t i = 0; i < r->n_groups; i++) free(r->groups[i]);
    free(r->groups);
    free(r->adjacency);
    free(r->coordinates);
    free(r->aliases);
    free(r->adjacency_key);
    free(r->coordinates_key);
    free(r->parent_col);
    free(r->boundaries);
    free(r->boundary_id);
    free(r->level_col);
    free(r->aggregate_to);
    for (size_t i = 0; i < cfg->n_data; i++) {
        rc_data_cfg *d = &cfg->data[i];
        free(d->file);
        free(d->region_col);
        free(d->year_col);
        free(d->indicator_col);
        free(d->value_col);
        for (size_t k = 0; k < d->n_ignore; k++) free(d->ignore[k]);
        free(d->ignore);
    }
    free(cfg->data);
    free(cfg->years);
    for (size_t i = 0; i < cfg->n_series_defs; i++) {
        free(cfg->series_defs[i].name);
        free(cfg->series_defs[i].formula);
    }
    free(cfg->series_defs);
    for (size_t i = 0; i < cfg->n_dims; i++) {
        free_component(&cfg->dims[i].root);
        free(cfg->dims[i].plugin);
    }
    free(cfg->dims);
    for (size_t i = 0; i < cfg->n_reports; i++) {
        free(cfg->reports[i].plugin);
        free(cfg->reports[i].path);
    }
    free(cfg->reports);
    free(cfg->baseline);
    rc_node_free(cfg->root);
    free(cfg);
}

int rc_config_check_dimension(const rc_dimension_cfg *dim, const rc_config_key *plugin_keys,
                              size_t n_plugin_keys, rc_error *err)
{
    char what[300], w[512];
    snprintf(what, sizeof what, "dimension '%s'", dim->root.id);
    const struct rc_node *map = rc_node_is_null(dim->node) ? NULL : dim->node;
    /* the parent position for a missing required key of a dimension written as `id:` */
    rc_node_where(dim->node, w, sizeof w);
    return rc_schema_check(map, what, rc_dimension_core_keys, rc_dimension_core_nkeys,
                           plugin_keys, n_plugin_keys, w, err);
}

int rc_config_check_report(const rc_report_cfg *rep, size_t index,
                           const rc_config_key *plugin_keys, size_t n_plugin_keys,
                           rc_error *err)
{
    char what[300], w[512];
    snprintf(what, sizeof what, "report %zu (%s)", index + 1, rep->plugin ? rep->plugin : "?");
    rc_node_where(rep->node, w, sizeof w);
    if (rc_schema_check(rep->node, what, rc_report_core_keys, rc_report_core_nkeys, plugin_keys,
                        n_plugin_keys, w, err))
        return -1;
    /* `root: config` only for a reporter that declares it (one that updates a store in
     * place rather than writing report files into the output folder) */
    int declares = 0;
    for (size_t k = 0; plugin_keys && k < n_plugin_keys; k++)
        declares |= strcmp(plugin_keys[k].key, "root") == 0;
    if (rep->root_config && !declares) {
        rc_node_where(rc_node_get(rep->node, "root"), w, sizeof w);
        return rc_error_set(err, RC_ERRK_CONFIG,
                            "%s: %s: 'root: config' is only for a store the reporter updates in "
                            "place (the sqlite history); this reporter writes report files, "
                            "which stay in the output folder (-o): remove 'root'",
                            w, what);
    }
    return 0;
}
