/* analysis/analysis.h — the analyses run after scoring, each configured under `analysis:`
 * and writing its own result tables: coupling coordination (`coupling`), disparity
 * (`disparity`), convergence (`convergence`), spatial autocorrelation (`spatial`, `lisa`),
 * kernel density (`density`) and obstacle degree (`obstacles`). The numerical kernels are
 * declared in analysis/kernels.h; this is the entry the pipeline calls. */
#ifndef RC_ANALYSIS_H
#define RC_ANALYSIS_H

#include "analysis/run_state.h"
#include "results/table.h"
#include "util/error.h"

/* Checks `analysis:` (keys, values, and that the config provides each analysis's inputs,
 * e.g. Moran's I needs `regions.adjacency` or `regions.coordinates`) without running.
 * Errors are RC_ERRK_CONFIG naming file:line:col and saying what to add. */
int rc_analysis_validate(const rc_config *cfg, rc_error *err);
/* The same, accepting the n names under `analysis:` that the pipeline resolved to analysis
 * plugins (their sections are checked by the pipeline against the plugins' keys). */
int rc_analysis_validate_with(const rc_config *cfg, const char *const *plugin_names, size_t n,
                              rc_error *err);
/* Checks the configured analyses against the loaded panel before scoring (at validate as at
 * run): the limits its size and weights decide, e.g. dense distance weights or permutation
 * tests too large for a run. Errors are RC_ERRK_CONFIG naming the section. */
int rc_analysis_check_panel(const rc_config *cfg, const rc_panel *p, rc_error *err);
/* 1 if `name` is a built-in analysis (a key of `analysis:` the core runs itself). */
int rc_analysis_is_builtin(const char *name);
/* The built-in analysis that makes result table `table` ("lisa" → "spatial"), or NULL. */
const char *rc_analysis_builtin_of_table(const char *table);

/* The accepted keys of `analysis:` and of each analysis, by path ("analysis",
 * "analysis.coupling", "analysis.spatial.moran", …): the tables rc_analysis_validate checks
 * against, from the modules of the registry, for the JSON Schema. */
size_t rc_analysis_section_count(void);
const rc_config_section *rc_analysis_section_at(size_t i);

/* Runs every configured analysis and adds its tables to rs. */
int rc_analysis_run(const rc_run_state *st, rc_resultset *rs, rc_error *err);

/* The same, appending the wall time of each analysis it ran to `times` as "analysis
 * <name>" (util/phase.h; NULL = not measured). */
struct rc_phase_times;
int rc_analysis_run_timed(const rc_run_state *st, rc_resultset *rs, struct rc_phase_times *times,
                          rc_error *err);

#endif
