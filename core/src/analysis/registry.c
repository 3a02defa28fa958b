/* analysis/registry.c — the one registry of built-in analyses (analysis/mod_<name>.c): the
 * keys of `analysis:`, checking every section against its module's keys and parse, running
 * the configured modules in registry order, and the sections and tables each declares (for
 * the JSON Schema, the docs and the analysis plugins' dependency checks). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/analysis.h"
#include "analysis/module.h"
#include "config/schema.h"
#include "util/phase.h"

/* The modules, in the order they run (their tables appear in this order). */
static const rc_analysis_module *const k_modules[] = {
    &rc_mod_coupling, &rc_mod_disparity, &rc_mod_convergence, &rc_mod_spatial,
    &rc_mod_density,  &rc_mod_obstacles, &rc_mod_uncertainty,
};
#define N_MODULES (sizeof k_modules / sizeof k_modules[0])

/* `analysis:` itself: one key per module (kept in registry order). */
static const rc_config_key top_keys[] = {
    {"coupling", RC_CFG_MAP, 0, NULL, "Coupling coordination degree across the dimensions."},
    {"disparity", RC_CFG_MAP, 0, NULL, "CV, Gini, Theil and Dagum decomposition per year."},
    {"convergence", RC_CFG_MAP, 0, NULL, "Sigma and beta convergence."},
    {"spatial", RC_CFG_MAP, 0, NULL, "Global and local Moran's I per year."},
    {"density", RC_CFG_MAP, 0, NULL, "Gaussian kernel density per year on a common grid."},
    {"obstacles", RC_CFG_MAP, 0, NULL, "Obstacle degree per region, year and indicator."},
    {"uncertainty", RC_CFG_MAP, 0, NULL,
     "Rank uncertainty and sensitivity (run by pipeline/uncertainty.c; docs/uncertainty.md)."},
};

static const rc_config_section k_top_section = {
    "analysis", "Analyses run after scoring; each adds its own result tables.", top_keys,
    NCOLS(top_keys)};

size_t rc_analysis_section_count(void)
{
    size_t n = 1;
    for (size_t m = 0; m < N_MODULES; m++) n += k_modules[m]->n_sections;
    return n;
}

const rc_config_section *rc_analysis_section_at(size_t i)
{
    if (i == 0) return &k_top_section;
    i--;
    for (size_t m = 0; m < N_MODULES; m++) {
        if (i < k_modules[m]->n_sections) return &k_modules[m]->sections[i];
        i -= k_modules[m]->n_sections;
    }
    return NULL;
}

int rc_analysis_is_builtin(const char *name)
{
    for (size_t m = 0; name && m < N_MODULES; m++)
        if (strcmp(k_modules[m]->name, name) == 0) return 1;
    return 0;
}

const char *rc_analysis_builtin_of_table(const char *table)
{
    for (size_t m = 0; table && m < N_MODULES; m++)
        for (const char *const *t = k_modules[m]->tables; *t; t++)
            if (strcmp(*t, table) == 0) return k_modules[m]->name;
    return NULL;
}

/* Options of every configured module, by registry position (NULL when not configured). */
typedef struct parsed {
    void *opts[N_MODULES];
    int on[N_MODULES];
} parsed;

static void parsed_free(parsed *p)
{
    for (size_t m = 0; m < N_MODULES; m++) {
        if (p->opts[m] && k_modules[m]->clear) k_modules[m]->clear(p->opts[m]);
        free(p->opts[m]);
    }
    memset(p, 0, sizeof *p);
}

/* Checks `analysis:` (its keys unless `lenient`, with `extra` names accepted for analysis
 * plugins) and parses each configured module's section. */
static int parse_all(const rc_config *cfg, const char *const *extra, size_t n_extra, int lenient,
                     parsed *p, rc_error *err)
{
    memset(p, 0, sizeof *p);
    const struct rc_node *a = cfg ? cfg->analysis : NULL;
    if (!a || rc_node_is_null(a)) return 0;
    char pw[256];
    rc_config_key *ek = n_extra ? rc_calloc(n_extra, sizeof *ek) : NULL;
    if (n_extra && !ek) return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
    for (size_t i = 0; i < n_extra; i++) {
        ek[i].key = extra[i];
        ek[i].type = RC_CFG_ANY;
    }
    int bad = !lenient && rc_schema_check(a, "analysis", top_keys, NCOLS(top_keys), ek, n_extra,
                                          rc_node_where(a, pw, sizeof pw), err);
    free(ek);
    if (bad) return -1;
    for (size_t m = 0; m < N_MODULES; m++) {
        const rc_analysis_module *mod = k_modules[m];
        const struct rc_node *s = rc_node_get(a, mod->name);
        if (!s) continue;
        const rc_config_section *sec = &mod->sections[0];
        p->on[m] = 1;
        if (mod->opts_size && !(p->opts[m] = rc_calloc(1, mod->opts_size))) {
            parsed_free(p);
            return rc_error_set(err, RC_ERRK_OTHER, "out of memory");
        }
        if (rc_schema_check(s, sec->path, sec->keys, sec->n_keys, NULL, 0,
                            rc_node_where(s, pw, sizeof pw), err) ||
            mod->parse(cfg, s, p->opts[m], err)) {
            parsed_free(p);
            return -1;
        }
    }
    return 0;
}

int rc_analysis_validate_with(const rc_config *cfg, const char *const *plugin_names, size_t n,
                              rc_error *err)
{
    parsed p;
    if (parse_all(cfg, plugin_names, n, 0, &p, err)) return -1;
    parsed_free(&p);
    return 0;
}

int rc_analysis_validate(const rc_config *cfg, rc_error *err)
{
    return rc_analysis_validate_with(cfg, NULL, 0, err);
}

int rc_analysis_check_panel(const rc_config *cfg, const rc_panel *p, rc_error *err)
{
    parsed ps;
    if (parse_all(cfg, NULL, 0, 1, &ps, err)) return -1;
    int rc = 0;
    for (size_t m = 0; !rc && m < N_MODULES; m++)
        if (ps.on[m] && k_modules[m]->check && k_modules[m]->check(cfg, ps.opts[m], p, err))
            rc = -1;
    parsed_free(&ps);
    return rc;
}

int rc_analysis_run_timed(const rc_run_state *st, rc_resultset *rs, struct rc_phase_times *times,
                          rc_error *err)
{
    if (!st || !rs) return rc_error_set(err, RC_ERRK_OTHER, "rc_analysis_run: no run state");
    if (!st->panel) return rc_error_set(err, RC_ERRK_OTHER, "rc_analysis_run: no panel");
    parsed p;
    if (parse_all(st->cfg, NULL, 0, 1, &p, err)) return -1;
    rc_an_ctx c = {st, st->panel, st->nr, st->ny};
    int rc = 0;
    double t = rc_clock_now();
    for (size_t m = 0; !rc && m < N_MODULES; m++) {
        if (!p.on[m] || !k_modules[m]->run) continue;
        if (k_modules[m]->run(&c, p.opts[m], rs, err)) rc = -1;
        t = rc_phase_markf(times, t, "analysis %s", k_modules[m]->name);
    }
    parsed_free(&p);
    return rc;
}

int rc_analysis_run(const rc_run_state *st, rc_resultset *rs, rc_error *err)
{
    return rc_analysis_run_timed(st, rs, NULL, err);
}
