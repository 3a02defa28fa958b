/* tests/support/mock_host.h — a mock of the whole rc_host service table (collectd's
 * plugin_mock idea), so every plugin can be unit-tested alone, without the pipeline.
 *
 * The test builds what the host would serve — a result set (results/table.h), the plugin's
 * config section (a small node tree), a panel of given size with given series, an output
 * path and a language — hands mock_host_services() and mock_host_ctx() to the plugin's
 * callbacks, and then reads back what the plugin did: indicators added, scores set, error
 * text, log lines, output files.
 *
 * Outputs behave like the real host's: output_begin() creates the parent folders and a
 * temporary file "<path>.tmp.XXXXXX" beside the target; nothing appears at the target until
 * mock_host_commit() renames every finished output into place. mock_host_discard() (and
 * mock_host_free()) delete temporary files that were not committed.
 *
 * Misuse of the contract (a cell read with the wrong type or out of range, a NULL table, a
 * write after output_end, an output left unfinished at commit) is counted, not fatal:
 * tests assert mock_host_violations() == 0.
 *
 * Ownership: the mock owns everything it serves and everything it records; pointers it
 * returns stay valid until mock_host_free() (recorded arrays until the next call that
 * records the same thing). Strings and arrays passed in are copied. */
#ifndef RC_TESTS_MOCK_HOST_H
#define RC_TESTS_MOCK_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "regcoord/plugin.h"
#include "results/table.h"

typedef struct mock_host mock_host;

/* A new mock: empty result set, empty config map, no panel, output path "", language
 * "en". NULL on allocation failure. */
mock_host *mock_host_new(void);
/* Deletes uncommitted temporary files and frees everything. NULL is accepted. */
void mock_host_free(mock_host *m);

/* What a plugin callback receives. */
const rc_host *mock_host_services(mock_host *m);
rc_ctx *mock_host_ctx(mock_host *m);

/* ---- what the mock serves ---- */

/* The result set served to reporters; the test fills it with rc_table_add() & co. */
rc_resultset *mock_host_results(mock_host *m);

/* The plugin's config section: a mapping, empty at first. Children are added with the
 * functions below; `key` names the child in a mapping and must be NULL in a list. A
 * scalar keeps the YAML distinction between plain and quoted text (`quoted` = 1 makes the
 * number/int/bool conversions refuse it, as the real host does). Nodes belong to the mock.
 * They return NULL on allocation failure or when the parent is not a mapping/list. */
rc_node *mock_host_config(mock_host *m);
rc_node *mock_node_add_scalar(mock_host *m, rc_node *parent, const char *key,
                              const char *text, int quoted);
rc_node *mock_node_add_list(mock_host *m, rc_node *parent, const char *key);
rc_node *mock_node_add_map(mock_host *m, rc_node *parent, const char *key);

/* The panel: region ids and years (copied). Returns 0 or -1. */
int mock_host_set_panel(mock_host *m, size_t n_regions, const char *const *region_ids,
                        size_t n_years, const int32_t *years);
/* A series of n_years × n_regions values (index t * n_regions + r), copied; the panel
 * must be set first. Replaces a series of the same name. Returns 0 or -1. */
int mock_host_add_series(mock_host *m, const char *name, const double *values);
/* Group labels (one per region) for a grouping name. Returns 0 or -1. */
int mock_host_set_groups(mock_host *m, const char *grouping, const char *const *labels);

/* The report's output path (absolute, or relative to the working folder) and language. */
int mock_host_set_output_path(mock_host *m, const char *path);
int mock_host_set_language(mock_host *m, const char *language);

/* ---- what the plugin did ---- */

typedef struct mock_indicator {
    char *id;
    int32_t direction;
    double *values;      /* n_years × n_regions, NULL for a formula indicator */
    char *formula;       /* NULL for a value indicator */
    char *description;   /* NULL when none was given */
} mock_indicator;

size_t mock_host_n_indicators(const mock_host *m);
const mock_indicator *mock_host_indicator(const mock_host *m, size_t i);
/* The scores from the last set_scores(), or NULL if it was never called. */
const double *mock_host_scores(const mock_host *m);
/* How many times score_default() was called. */
size_t mock_host_score_default_calls(const mock_host *m);

/* The last error text set by the plugin, or NULL if none. */
const char *mock_host_error(const mock_host *m);
/* Log lines, in order, as "<level>: <message>" (level digit RC_LOG_*). */
size_t mock_host_n_logs(const mock_host *m);
const char *mock_host_log(const mock_host *m, size_t i);

/* Outputs begun by the plugin, in order. `path` is the final path (resolved), `temp` the
 * temporary file; `ended` is 1 after a successful output_end(); `bytes` counts the bytes
 * written. */
typedef struct mock_output_record {
    char *path;
    char *temp;
    int ended;
    int committed;
    size_t bytes;
} mock_output_record;

size_t mock_host_n_outputs(const mock_host *m);
const mock_output_record *mock_host_output(const mock_host *m, size_t i);

/* Renames every ended output into place (as the host does after all reporters
 * succeeded). An output that was begun but not ended is a violation and is discarded.
 * Returns 0, or -1 when a rename failed. */
int mock_host_commit(mock_host *m);
/* Deletes the temporary files of every uncommitted output (as the host does when a
 * reporter failed). */
void mock_host_discard(mock_host *m);

/* Number of contract violations seen so far, and the text of the first. */
size_t mock_host_violations(const mock_host *m);
const char *mock_host_first_violation(const mock_host *m);

#endif
