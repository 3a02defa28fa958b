/* cli/schema.c — `regcoord schema`: writes a JSON Schema (draft 2020-12) for assessment
 * configs, generated from the core's key tables (rc_config_sections), the method parsers'
 * own lists of valid names and parameters (asked for by parsing a probe word and reading
 * the "valid: …" list of the error), and the config keys of every plugin found. Output is
 * byte-identical for the same plugins: keys appear in table order, plugins by name. */
#include "cli/schema.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/analysis.h"
#include "cli/commands.h"
#include "config/model.h"
#include "config/node.h"
#include "methods/methods.h"
#include "util/str.h"

#define PROBE_WORD "__regcoord_schema_probe__"
#define MAX_NAMES 64

typedef struct builder {
    json_t *defs;          /* "$defs", filled in a fixed order */
    const rc_registry *reg;
    int oom;
} builder;

/* ---- small jansson helpers (a NULL value or a failed set marks the build as failed) ---- */

static void put(builder *b, json_t *obj, const char *key, json_t *val)
{
    if (!obj || !val || json_object_set_new(obj, key, val) != 0) b->oom = 1;
}

static void push(builder *b, json_t *arr, json_t *val)
{
    if (!arr || !val || json_array_append_new(arr, val) != 0) b->oom = 1;
}

static json_t *ref_to(const char *def)
{
    char buf[256];
    snprintf(buf, sizeof buf, "#/$defs/%s", def);
    json_t *o = json_object();
    if (o && json_object_set_new(o, "$ref", json_string(buf)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* ---- keys: type, default, description --------------------------------------------- */

/* The JSON types a YAML value of the declared type may have (NULL: any). A text key takes
 * any non-empty scalar, as the core does (`label: 2024` is text to it). */
static json_t *json_type_of(int32_t type)
{
    switch (type) {
    case RC_CFG_STRING: return json_pack("[sss]", "string", "number", "boolean");
    case RC_CFG_INT: return json_string("integer");
    case RC_CFG_NUMBER: return json_string("number");
    case RC_CFG_BOOL: return json_string("boolean");
    case RC_CFG_LIST: return json_string("array");
    case RC_CFG_MAP: return json_string("object");
    case RC_CFG_ENUM: return json_string("string");
    default: return NULL;
    }
}

/* The default as a JSON value when its text is a literal of the key's type; NULL when it
 * only describes the default ("the dimension id", "cores", "[cv, gini]"): then the text
 * goes into the description instead. */
static json_t *json_default_of(const rc_config_key *k)
{
    const char *s = k->default_value;
    if (!s || !*s) return NULL;
    char *end = NULL;
    switch (k->type) {
    case RC_CFG_INT: {
        errno = 0;
        long long v = strtoll(s, &end, 10);
        return (!errno && end != s && !*end) ? json_integer(v) : NULL;
    }
    case RC_CFG_NUMBER: {
        errno = 0;
        double v = strtod(s, &end);
        if (errno || end == s || *end || !isfinite(v)) return NULL;
        if (v == floor(v) && fabs(v) < 1e15) return json_integer((json_int_t)v);
        return json_real(v);
    }
    case RC_CFG_BOOL:
        if (!strcmp(s, "true")) return json_true();
        if (!strcmp(s, "false")) return json_false();
        return NULL;
    case RC_CFG_STRING:
    case RC_CFG_ANY:
        if (strpbrk(s, " \t[{")) return NULL;
        return json_string(s);
    case RC_CFG_ENUM:
        return rc_choice_index(k->choices, s) >= 0 ? json_string(s) : NULL;
    default: return NULL;
    }
}

static json_t *key_schema(builder *b, const rc_config_key *k)
{
    json_t *o = json_object();
    json_t *dflt = json_default_of(k);
    if (k->default_value && !dflt) {
        rc_buf d;
        rc_buf_init(&d);
        rc_buf_printf(&d, "%s Default: %s.", k->help ? k->help : "", k->default_value);
        put(b, o, "description", d.failed ? NULL : json_string(d.data));
        rc_buf_free(&d);
    } else if (k->help) {
        put(b, o, "description", json_string(k->help));
    }
    json_t *t = json_type_of(k->type);
    if (t) put(b, o, "type", t);
    if (k->type == RC_CFG_ENUM) { /* the choices, which the host checks too */
        json_t *names = json_array();
        char one[128];
        for (size_t i = 0; rc_choice_at(k->choices, i, one, sizeof one); i++)
            push(b, names, json_string(one));
        put(b, o, "enum", names);
    }
    if (dflt) put(b, o, "default", dflt);
    return o;
}

/* ---- methods: names and parameters from the parsers themselves --------------------- */

typedef int (*probe_fn)(const struct rc_node *n, rc_error *err);

static int probe_normalize(const struct rc_node *n, rc_error *err)
{
    rc_norm_spec s;
    memset(&s, 0, sizeof s);
    int rc = rc_norm_parse(n, NULL, &s, err);
    if (rc == 0) rc_norm_free(&s);
    return rc;
}

static int probe_weights(const struct rc_node *n, rc_error *err)
{
    rc_weight_spec s;
    memset(&s, 0, sizeof s);
    int rc = rc_weights_parse(n, NULL, &s, err);
    if (rc == 0) rc_weights_free(&s);
    return rc;
}

static int probe_aggregate(const struct rc_node *n, rc_error *err)
{
    rc_agg_spec s;
    memset(&s, 0, sizeof s);
    int rc = rc_agg_parse(n, NULL, &s, err);
    if (rc == 0) rc_agg_free(&s);
    return rc;
}

static int probe_impute(const struct rc_node *n, rc_error *err)
{
    rc_impute_spec s;
    memset(&s, 0, sizeof s);
    int rc = rc_impute_parse(n, NULL, &s, err);
    if (rc == 0) rc_impute_free(&s);
    return rc;
}

static int probe_treat(const struct rc_node *n, rc_error *err)
{
    rc_treat_spec s;
    memset(&s, 0, sizeof s);
    return rc_treat_parse(n, NULL, &s, err);
}

static int probe_missing(const struct rc_node *n, rc_error *err)
{
    rc_missing_policy p;
    return rc_missing_parse(n, &p, err);
}

static const struct {
    const char *key;
    probe_fn fn;
    int takes_mapping;
    const char *what;
} k_method_kinds[] = {
    {"normalize", probe_normalize, 1, "A normalisation method"},
    {"weights", probe_weights, 1, "A weighting method"},
    {"aggregate", probe_aggregate, 1, "An aggregation method"},
    {"impute", probe_impute, 1, "An imputation method"},
    {"treat", probe_treat, 1, "An outlier treatment"},
    {"missing", probe_missing, 1, "The missing-indicator policy"},
};
#define N_METHOD_KINDS (sizeof k_method_kinds / sizeof k_method_kinds[0])

static int is_method_key(const char *key)
{
    for (size_t i = 0; i < N_METHOD_KINDS; i++)
        if (!strcmp(key, k_method_kinds[i].key)) return 1;
    return 0;
}

/* Parses `v: <value_yaml>` and runs the probe on v. Returns the probe's result (0 ok,
 * -1 refused with err set); -2 when the YAML could not be built. */
static int probe_value(probe_fn fn, const char *value_yaml, rc_error *err)
{
    char text[512];
    int len = snprintf(text, sizeof text, "v: %s\n", value_yaml);
    if (len < 0 || (size_t)len >= sizeof text) return -2;
    rc_error perr;
    rc_error_clear(&perr);
    struct rc_node *root = rc_yaml_load_string(text, (size_t)len, "schema-probe", &perr);
    if (!root) return -2;
    rc_error_clear(err);
    int rc = fn(rc_node_get(root, "v"), err);
    rc_node_free(root);
    return rc;
}

/* Splits the list after the last "valid: " of msg into names (copied into store). Returns
 * the count, 0 when the message has no such list. */
static size_t valid_list(const char *msg, char *store, size_t store_size, const char **names,
                         size_t max)
{
    const char *p = NULL, *q = msg;
    while ((q = strstr(q, "valid: ")) != NULL) p = q++;
    if (!p) return 0;
    snprintf(store, store_size, "%s", p + 7);
    size_t len = strlen(store);
    while (len && strchr(" .\n", store[len - 1])) store[--len] = '\0';
    size_t n = 0;
    char *s = store;
    while (*s && n < max) {
        char *comma = strstr(s, ", ");
        if (comma) *comma = '\0';
        if (*s) names[n++] = s;
        if (!comma) break;
        s = comma + 2;
    }
    return n;
}

static json_t *string_array(builder *b, const char *const *names, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) push(b, a, json_string(names[i]));
    return a;
}

/* The definition of one method key: a name, or (for methods with parameters) a mapping
 * {method: name, parameter: value, ...} whose parameter names are those the parser lists
 * for that method. Values of parameters are not constrained (the parser checks them). */
static json_t *method_def(builder *b, size_t kind)
{
    probe_fn fn = k_method_kinds[kind].fn;
    rc_error err;
    char store[RC_ERROR_MSG_MAX];
    const char *names[MAX_NAMES];
    size_t n = 0;
    if (probe_value(fn, PROBE_WORD, &err) == -1)
        n = valid_list(err.msg, store, sizeof store, names, MAX_NAMES);
    json_t *def = json_object();
    rc_buf d;
    rc_buf_init(&d);
    rc_buf_printf(&d, "%s%s", k_method_kinds[kind].what,
                  k_method_kinds[kind].takes_mapping
                      ? ": a name, or a mapping {method: name, parameter: value, ...} (a "
                        "mapping without method keeps the inherited method). See "
                        "docs/methods.md."
                      : ".");
    put(b, def, "description", d.failed ? NULL : json_string(d.data));
    rc_buf_free(&d);
    if (n == 0) return def; /* the parser gave no list: accept anything */

    /* names that stand alone as a bare word (ahp, for one, needs its matrix) */
    const char *bare[MAX_NAMES];
    size_t nb = 0;
    for (size_t i = 0; i < n; i++) {
        char word[128];
        snprintf(word, sizeof word, "'%s'", names[i]);
        if (probe_value(fn, word, &err) == 0) bare[nb++] = names[i];
    }
    json_t *as_name = json_object();
    put(b, as_name, "type", json_string("string"));
    put(b, as_name, "enum", string_array(b, nb ? bare : names, nb ? nb : n));
    if (!k_method_kinds[kind].takes_mapping) {
        json_object_update(def, as_name);
        json_decref(as_name);
        return def;
    }

    json_t *as_map = json_object();
    put(b, as_map, "type", json_string("object"));
    json_t *props = json_object();
    json_t *m = json_object();
    put(b, m, "description", json_string("The method's name."));
    put(b, m, "enum", string_array(b, names, n));
    put(b, props, "method", m);
    put(b, as_map, "properties", props);
    json_t *all = json_array();
    for (size_t i = 0; i < n; i++) {
        char value[256];
        snprintf(value, sizeof value, "{method: '%s', %s: 0}", names[i], PROBE_WORD);
        if (probe_value(fn, value, &err) != -1 || !strstr(err.msg, "'" PROBE_WORD "'")) continue;
        char pstore[RC_ERROR_MSG_MAX];
        const char *params[MAX_NAMES];
        size_t np = valid_list(err.msg, pstore, sizeof pstore, params, MAX_NAMES);
        if (np == 0) continue;
        json_t *cond = json_object(), *cprops = json_object(), *mc = json_object();
        put(b, mc, "const", json_string(names[i]));
        put(b, cprops, "method", mc);
        put(b, cond, "properties", cprops);
        put(b, cond, "required", json_pack("[s]", "method"));
        json_t *then = json_object(), *tprops = json_object();
        for (size_t k = 0; k < np; k++) put(b, tprops, params[k], json_object());
        put(b, then, "properties", tprops);
        put(b, then, "additionalProperties", json_false());
        json_t *rule = json_object();
        put(b, rule, "if", cond);
        put(b, rule, "then", then);
        push(b, all, rule);
    }
    if (json_array_size(all)) put(b, as_map, "allOf", all);
    else json_decref(all);
    json_t *one = json_array();
    push(b, one, as_name);
    push(b, one, as_map);
    put(b, def, "oneOf", one);
    return def;
}

/* ---- sections ---------------------------------------------------------------------- */

/* The $defs name of a core section ("dimensions.<id>" -> "dimension"), or NULL for the
 * top level. Sections added to the table later keep their path as the name. */
static const char *section_def_name(const char *path)
{
    static const char *const map[][2] = {
        {"regions", "regions"},
        {"data[]", "data"},
        {"defaults", "defaults"},
        {"dimensions.<id>", "dimension"},
        {"dimensions.<id>.components.<id>", "component"},
        {"...indicators.<id>", "indicator"},
        {"index", "index"},
        {"reports[]", "report"},
    };
    if (!strcmp(path, "(top level)")) return NULL;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(path, map[i][0])) return map[i][1];
    return path;
}

static const rc_config_section *find_analysis_section(const char *path)
{
    for (size_t i = 0; i < rc_analysis_section_count(); i++)
        if (!strcmp(rc_analysis_section_at(i)->path, path)) return rc_analysis_section_at(i);
    return NULL;
}

static json_t *text_schema(void)
{
    return json_pack("{s[sss]}", "type", "string", "number", "boolean");
}

/* Adds what the key table cannot say: which section a key opens, what a mapping holds.
 * `def` is the $defs name of the section the key belongs to (NULL: top level). */
static void link_key(builder *b, const char *def, const char *key, json_t *prop)
{
    int top = def == NULL;
    int dimlike = def && (!strcmp(def, "dimension") || !strcmp(def, "component"));
    if (is_method_key(key) && !json_object_get(prop, "type")) {
        char target[64];
        snprintf(target, sizeof target, "#/$defs/%s", key);
        put(b, prop, "$ref", json_string(target));
    } else if (top && !strcmp(key, "regions")) {
        put(b, prop, "$ref", json_string("#/$defs/regions"));
    } else if (top && !strcmp(key, "data")) {
        put(b, prop, "minItems", json_integer(1));
        put(b, prop, "items", ref_to("data"));
    } else if (top && !strcmp(key, "defaults")) {
        put(b, prop, "$ref", json_string("#/$defs/defaults"));
    } else if (top && !strcmp(key, "index")) {
        put(b, prop, "$ref", json_string("#/$defs/index"));
    } else if (top && !strcmp(key, "reports")) {
        put(b, prop, "items", ref_to("report"));
    } else if (top && !strcmp(key, "series")) {
        put(b, prop, "additionalProperties", text_schema());
    } else if (top && !strcmp(key, "dimensions")) {
        put(b, prop, "minProperties", json_integer(1));
        json_t *named = json_object();
        for (size_t i = 0; b->reg && i < b->reg->n; i++) {
            const rc_plugin *p = &b->reg->plugins[i];
            if (p->desc->kind != RC_KIND_DIMENSION) continue;
            char target[300];
            snprintf(target, sizeof target, "dimension.id.%s", p->name);
            put(b, named, p->name, ref_to(target));
        }
        if (json_object_size(named)) put(b, prop, "properties", named);
        else json_decref(named);
        put(b, prop, "additionalProperties", ref_to("dimension"));
    } else if (dimlike && !strcmp(key, "indicators")) {
        put(b, prop, "additionalProperties", ref_to("indicator"));
    } else if (dimlike && !strcmp(key, "components")) {
        put(b, prop, "additionalProperties", ref_to("component"));
    } else if (dimlike && !strcmp(key, "series")) {
        put(b, prop, "additionalProperties", text_schema());
    } else {
        /* `analysis` and the analyses' nested sections: a key opening a section of its own */
        char path[128];
        snprintf(path, sizeof path, "%s%s%s", top ? "" : def, top ? "" : ".", key);
        if (find_analysis_section(path)) {
            char target[160];
            snprintf(target, sizeof target, "#/$defs/%s", path);
            put(b, prop, "$ref", json_string(target));
        }
    }
}

/* The properties and required keys of `keys`, linked as in section `def`. Keys already in
 * `props` are left alone (a plugin key cannot redefine a core key). */
static void add_keys(builder *b, const char *def, const rc_config_key *keys, size_t n,
                     json_t *props, json_t *required)
{
    for (size_t i = 0; i < n; i++) {
        if (!keys[i].key || json_object_get(props, keys[i].key)) continue;
        json_t *prop = key_schema(b, &keys[i]);
        link_key(b, def, keys[i].key, prop);
        put(b, props, keys[i].key, prop);
        if (keys[i].required) push(b, required, json_string(keys[i].key));
    }
}

static json_t *object_schema(builder *b, const char *description, json_t *type)
{
    json_t *o = json_object();
    if (description) put(b, o, "description", json_string(description));
    put(b, o, "type", type ? type : json_string("object"));
    return o;
}

static void finish_object(builder *b, json_t *o, json_t *props, json_t *required, int closed)
{
    put(b, o, "properties", props);
    if (json_array_size(required)) put(b, o, "required", required);
    else json_decref(required);
    if (closed) put(b, o, "additionalProperties", json_false());
}

static const rc_config_section *find_section(const char *path)
{
    for (size_t i = 0; i < rc_config_nsections; i++)
        if (!strcmp(rc_config_sections[i].path, path)) return &rc_config_sections[i];
    return NULL;
}

/* `plugin` of a dimension or report: one of the plugin names of that kind. */
static void restrict_plugin(builder *b, json_t *props, int32_t kind)
{
    json_t *p = json_object_get(props, "plugin");
    if (!p || !b->reg) return;
    json_t *names = json_array();
    for (size_t i = 0; i < b->reg->n; i++)
        if (b->reg->plugins[i].desc->kind == kind)
            push(b, names, json_string(b->reg->plugins[i].name));
    if (json_array_size(names)) put(b, p, "enum", names);
    else json_decref(names);
}

/* dimension.P / report.P: the core keys of the section plus plugin P's keys, closed. */
static void plugin_def(builder *b, const rc_config_section *sec, const char *def,
                       const rc_plugin *p)
{
    rc_buf d;
    rc_buf_init(&d);
    rc_buf_printf(&d, "%s (plugin %s %s: %s)", sec->help, p->name,
                  p->desc->version ? p->desc->version : "?",
                  p->desc->summary ? p->desc->summary : "");
    json_t *o = object_schema(b, d.failed ? NULL : d.data,
                              !strcmp(def, "dimension") ? json_pack("[ss]", "object", "null")
                                                        : NULL);
    rc_buf_free(&d);
    json_t *props = json_object(), *required = json_array();
    add_keys(b, def, sec->keys, sec->n_keys, props, required);
    json_t *pk = json_object_get(props, "plugin");
    if (pk) put(b, pk, "const", json_string(p->name));
    add_keys(b, def, p->keys, p->n_keys, props, required);
    finish_object(b, o, props, required, 1);
    char name[300];
    snprintf(name, sizeof name, "%s.%s", def, p->name);
    put(b, b->defs, name, o);
}

/* A dimension or report entry: the core keys, `plugin` among the plugins found, and each
 * plugin's own keys attached by if/then on `plugin` (each branch is closed). */
static void entry_defs(builder *b, const rc_config_section *sec, const char *def, int32_t kind)
{
    json_t *o = object_schema(b, sec->help, NULL);
    json_t *props = json_object(), *required = json_array();
    add_keys(b, def, sec->keys, sec->n_keys, props, required);
    restrict_plugin(b, props, kind);
    int any = 0;
    json_t *all = json_array();
    for (size_t i = 0; b->reg && i < b->reg->n; i++) {
        const rc_plugin *p = &b->reg->plugins[i];
        if (p->desc->kind != kind) continue;
        any = 1;
        char target[300];
        snprintf(target, sizeof target, "%s.%s", def, p->name);
        json_t *rule = json_object();
        put(b, rule, "if", json_pack("{s{s{ss}}s[s]}", "properties", "plugin", "const", p->name,
                                     "required", "plugin"));
        put(b, rule, "then", ref_to(target));
        push(b, all, rule);
    }
    /* a dimension without `plugin` is scored by the plugin named like its id: that case is
     * dimension.id.P; any other id must name its plugin */
    if (any && kind == RC_KIND_DIMENSION && !json_array_size(required))
        push(b, required, json_string("plugin"));
    finish_object(b, o, props, required, !any);
    if (any) put(b, o, "allOf", all);
    else json_decref(all);
    put(b, b->defs, def, o);

    for (size_t i = 0; b->reg && i < b->reg->n; i++) {
        const rc_plugin *p = &b->reg->plugins[i];
        if (p->desc->kind != kind) continue;
        plugin_def(b, sec, def, p);
        if (kind != RC_KIND_DIMENSION) continue;
        char name[300], target[300];
        snprintf(name, sizeof name, "dimension.id.%s", p->name);
        snprintf(target, sizeof target, "dimension.%s", p->name);
        json_t *byid = json_object();
        put(b, byid, "description",
            json_string("A dimension whose id names its plugin: without `plugin:` that "
                        "plugin scores it."));
        put(b, byid, "if", json_pack("{sss[s]}", "type", "object", "required", "plugin"));
        put(b, byid, "then", ref_to("dimension"));
        put(b, byid, "else", ref_to(target));
        put(b, b->defs, name, byid);
    }
}

static void section_def(builder *b, const rc_config_section *sec)
{
    const char *def = section_def_name(sec->path);
    if (!strcmp(def, "dimension")) {
        entry_defs(b, sec, def, RC_KIND_DIMENSION);
        return;
    }
    if (!strcmp(def, "report")) {
        entry_defs(b, sec, def, RC_KIND_REPORTER);
        return;
    }
    int nullable = !strcmp(def, "indicator") || !strcmp(def, "component");
    json_t *o = object_schema(b, sec->help, nullable ? json_pack("[ss]", "object", "null") : NULL);
    json_t *props = json_object(), *required = json_array();
    add_keys(b, def, sec->keys, sec->n_keys, props, required);
    finish_object(b, o, props, required, 1);
    put(b, b->defs, def, o);
}

/* analysis.P for every analysis plugin P (its own keys, closed; `P:` alone is allowed), and
 * P as a key of `analysis` pointing there. */
static void analysis_plugin_defs(builder *b)
{
    json_t *an = json_object_get(b->defs, "analysis");
    json_t *an_props = an ? json_object_get(an, "properties") : NULL;
    for (size_t i = 0; b->reg && an_props && i < b->reg->n; i++) {
        const rc_plugin *p = &b->reg->plugins[i];
        if (p->desc->kind != RC_KIND_ANALYSIS || json_object_get(an_props, p->name)) continue;
        rc_buf d;
        rc_buf_init(&d);
        rc_buf_printf(&d, "Analysis plugin %s %s: %s", p->name,
                      p->desc->version ? p->desc->version : "?",
                      p->desc->summary ? p->desc->summary : "");
        json_t *o = object_schema(b, d.failed ? NULL : d.data, json_pack("[ss]", "object", "null"));
        rc_buf_free(&d);
        json_t *props = json_object(), *required = json_array();
        char def[300];
        snprintf(def, sizeof def, "analysis.%s", p->name);
        add_keys(b, def, p->keys, p->n_keys, props, required);
        finish_object(b, o, props, required, 1);
        put(b, b->defs, def, o);
        char target[320];
        snprintf(target, sizeof target, "#/$defs/%s", def);
        put(b, an_props, p->name, json_pack("{ss}", "$ref", target));
    }
}

json_t *rc_schema_build(const rc_registry *reg, rc_error *err)
{
    builder b = {.defs = json_object(), .reg = reg, .oom = 0};
    json_t *root = json_object();
    put(&b, root, "$schema", json_string("https://json-schema.org/draft/2020-12/schema"));
    put(&b, root, "title", json_string("regcoord assessment config"));
    const rc_config_section *top = find_section("(top level)");
    rc_buf d;
    rc_buf_init(&d);
    rc_buf_printf(&d, "%s Generated by regcoord %s (`regcoord schema`) from its key tables and "
                  "the plugins found; see docs/config.md and docs/editor-schema.md.",
                  top ? top->help : "An assessment file.", REGCOORD_VERSION);
    put(&b, root, "description", d.failed ? NULL : json_string(d.data));
    rc_buf_free(&d);
    put(&b, root, "type", json_string("object"));

    for (size_t i = 0; i < N_METHOD_KINDS; i++)
        put(&b, b.defs, k_method_kinds[i].key, method_def(&b, i));
    for (size_t i = 0; i < rc_config_nsections; i++)
        if (&rc_config_sections[i] != top) section_def(&b, &rc_config_sections[i]);
    for (size_t i = 0; i < rc_analysis_section_count(); i++) section_def(&b, rc_analysis_section_at(i));
    analysis_plugin_defs(&b);

    json_t *props = json_object(), *required = json_array();
    if (top) add_keys(&b, NULL, top->keys, top->n_keys, props, required);
    finish_object(&b, root, props, required, 1);
    put(&b, root, "$defs", b.defs);
    if (b.oom) {
        json_decref(root);
        rc_error_set(err, RC_ERRK_OTHER, "out of memory while building the schema");
        return NULL;
    }
    return root;
}

/* ---- the command ------------------------------------------------------------------- */

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "regcoord schema: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see: regcoord schema --help)\n");
    return RC_EXIT_USAGE;
}

/* Writes text to path through a temporary file in the same folder, renamed into place. */
static int write_atomically(const char *path, const char *text, rc_error *err)
{
    rc_buf tmp;
    rc_buf_init(&tmp);
    rc_buf_printf(&tmp, "%s.tmpXXXXXX", path);
    if (tmp.failed) {
        rc_buf_free(&tmp);
        return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    }
    int fd = mkstemp(tmp.data);
    if (fd < 0) {
        rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", path, strerror(errno));
        rc_buf_free(&tmp);
        return -1;
    }
    size_t len = strlen(text), done = 0;
    int bad = 0;
    while (done < len && !bad) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) bad = errno ? errno : EIO;
        else done += (size_t)w;
    }
    if (!bad && fsync(fd) != 0) bad = errno;
    if (close(fd) != 0 && !bad) bad = errno;
    if (!bad && rename(tmp.data, path) != 0) bad = errno;
    if (bad) {
        unlink(tmp.data);
        rc_error_set(err, RC_ERRK_OTHER, "cannot write %s: %s", path, strerror(bad));
    }
    rc_buf_free(&tmp);
    return bad ? -1 : 0;
}

int rc_cmd_schema(int argc, char **argv)
{
    const char *dirs[32];
    size_t ndirs = 0;
    const char *out = NULL;
    int quiet = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            printf("usage: regcoord schema [--plugin-path DIR] [-o FILE] [-q]\n\n"
                   "Prints a JSON Schema (draft 2020-12) for assessment configs, built from the\n"
                   "core's keys, the methods' names and parameters and the config keys of every\n"
                   "plugin found, for editors (VS Code's YAML extension: put\n"
                   "`# yaml-language-server: $schema=./regcoord.schema.json` at the top of the\n"
                   "config). -o FILE writes it to FILE instead (replaced only once complete).\n"
                   "See docs/editor-schema.md.\n");
            return 0;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = 1;
        } else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
            quiet = 0;
        } else if (!strcmp(a, "--plugin-path") || !strncmp(a, "--plugin-path=", 14)) {
            const char *v = a[13] == '=' ? a + 14 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v) return usage_error("%s needs a folder", "--plugin-path");
            if (v[0] != '/')
                return usage_error("--plugin-path must be an absolute folder, not '%s'", v);
            if (ndirs == 32) return usage_error("%s given too many times", "--plugin-path");
            dirs[ndirs++] = v;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc) return usage_error("%s needs a file", a);
            out = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error("unknown option '%s'", a);
        } else {
            return usage_error("unexpected argument '%s'", a);
        }
    }

    rc_error err;
    rc_error_clear(&err);
    char exe[PATH_MAX];
    rc_registry *reg = NULL;
    if (rc_registry_scan(&reg, dirs, ndirs, rc_cli_exe_path(exe, sizeof exe), &err) != 0) {
        fprintf(stderr, "regcoord: error: %s\n", err.msg);
        return rc_cli_exit_code(&err);
    }
    if (!quiet)
        for (size_t i = 0; i < reg->n_refused; i++)
            fprintf(stderr, "regcoord: warning: %s; its keys are not in the schema\n",
                    reg->refused[i].reason);
    json_t *schema = rc_schema_build(reg, &err);
    rc_registry_free(reg);
    if (!schema) {
        fprintf(stderr, "regcoord: error: %s\n", err.msg);
        return rc_cli_exit_code(&err);
    }
    char *text = json_dumps(schema, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
                                        JSON_REAL_PRECISION(15));
    json_decref(schema);
    if (!text) {
        fprintf(stderr, "regcoord: error: out of memory while writing the schema\n");
        return RC_EXIT_OTHER;
    }
    int rc = 0;
    if (out) {
        size_t len = strlen(text);
        char *line = rc_malloc(len + 2);
        if (!line) {
            rc_error_set(&err, RC_ERRK_OTHER, "out of memory");
            rc = -1;
        } else {
            memcpy(line, text, len);
            line[len] = '\n';
            line[len + 1] = '\0';
            rc = write_atomically(out, line, &err);
            free(line);
        }
    } else if (printf("%s\n", text) < 0 || fflush(stdout) != 0) {
        rc_error_set(&err, RC_ERRK_OTHER, "cannot write the schema to standard output");
        rc = -1;
    }
    free(text);
    if (rc) {
        fprintf(stderr, "regcoord: error: %s\n", err.msg);
        return rc_cli_exit_code(&err);
    }
    return 0;
}
