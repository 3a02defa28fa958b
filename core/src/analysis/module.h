/* analysis/module.h — one built-in analysis as a module, and what every module shares: the
 * module interface the registry (analysis/registry.c) drives — its config sections (keys),
 * parsing and checking its section into options, running them into its tables — and the
 * helpers for writing a table, picking the values analysed (`on:`) and reading one year's
 * cross-section. Each module is one file, analysis/mod_<name>.c. */
#ifndef RC_ANALYSIS_MODULE_H
#define RC_ANALYSIS_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/kernels.h"
#include "config/model.h"
#include "analysis/run_state.h"
#include "results/table.h"
#include "util/error.h"
#include "util/str.h"

/* What a module's run reads: the run state, its panel and sizes. */
typedef struct rc_an_ctx {
    const rc_run_state *st;
    const rc_panel *p;
    size_t nr, ny;
} rc_an_ctx;

typedef struct rc_analysis_module {
    const char *name;                 /* its key under `analysis:` */
    const char *help;                 /* one sentence, for `analysis:`'s key table */
    /* its sections for the checks, the JSON Schema and the docs: sections[0] is
     * "analysis.<name>" (checked against before parse), nested ones follow */
    const rc_config_section *sections;
    size_t n_sections;
    const char *const *tables;        /* the tables it makes, NULL-terminated */
    size_t opts_size;                 /* its options struct, allocated zeroed by the registry */
    /* Checks the section (already checked against sections[0]'s keys) into the options.
     * Errors are RC_ERRK_CONFIG with file:line:col. */
    int (*parse)(const rc_config *cfg, const struct rc_node *sec, void *opts, rc_error *err);
    /* Runs it and adds its tables to rs; NULL when another stage runs it (uncertainty). */
    int (*run)(const rc_an_ctx *c, const void *opts, rc_resultset *rs, rc_error *err);
    /* Frees what parse allocated inside the options (not the options); may be NULL. */
    void (*clear)(void *opts);
    /* Checks the parsed options against the loaded panel (its size, its weights) before
     * anything is scored, at validate as at run; NULL when parse checks everything. */
    int (*check)(const rc_config *cfg, const void *opts, const rc_panel *p, rc_error *err);
} rc_analysis_module;

/* The modules (each defined in its mod_<name>.c), in the order they run. */
extern const rc_analysis_module rc_mod_coupling, rc_mod_disparity, rc_mod_convergence,
    rc_mod_spatial, rc_mod_density, rc_mod_obstacles, rc_mod_uncertainty;

/* ---- writing a table: a failed cell marks the writer; rc_tw_close reports it once ---- */
typedef struct rc_tw {
    struct rc_table *t;
    size_t row;
    int fail;
} rc_tw;

int rc_tw_open(rc_tw *w, rc_resultset *rs, const char *name, size_t nc,
               const char *const *names, const int32_t *types, rc_error *err);
void rc_tw_row(rc_tw *w);
void rc_tw_s(rc_tw *w, size_t c, const char *s);
void rc_tw_n(rc_tw *w, size_t c, double v);
void rc_tw_i(rc_tw *w, size_t c, int64_t v);
int rc_tw_close(rc_tw *w, rc_error *err);

#define S RC_COL_STRING
#define I RC_COL_INT
#define N RC_COL_NUMBER
#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- reading the run ---- */
/* The values an analysis works on: the index, or a dimension's scores (`on:`). */
const double *rc_an_values_of(const rc_an_ctx *c, const char *on, rc_error *err);
/* Gathers year t's non-missing values (and their region indices). Returns the count. */
size_t rc_an_cross_section(const rc_an_ctx *c, const double *v, size_t t, double *y, size_t *reg);

/* ---- parsing ---- */
/* Index of dimension `id` in the config, or -1; the ids as "a, b, c" appended to b. */
long rc_an_dim_index(const rc_config *cfg, const char *id);
void rc_an_dim_list(const rc_config *cfg, rc_buf *b);
/* `on:` must name a dimension; *out = its id, or NULL (the index) when absent. */
int rc_an_parse_on(const rc_config *cfg, const struct rc_node *sec, const char *what,
                   const char **out, rc_error *err);
/* `key` must be one of choices (*out = its position); absent leaves *out alone. */
int rc_an_parse_choice(const struct rc_node *sec, const char *key, const char *what,
                       const char *const *choices, size_t nc, int *out, rc_error *err);

#endif
