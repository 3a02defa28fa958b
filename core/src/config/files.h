/* config/files.h — the files a config names: the report paths (checked and normalised at
 * load: relative, non-empty, inside the output folder, no two reports on one file) and the
 * list of every input file a run reads (rc_config_each_input), which the pipeline uses to
 * refuse FIFOs and devices before reading and to keep reports off their own inputs. Add
 * every new kind of input file (boundaries, spreadsheets) to rc_config_each_input. */
#ifndef RC_CONFIG_FILES_H
#define RC_CONFIG_FILES_H

#include <stddef.h>

#include "config/model.h"
#include "util/error.h"

/* Checks report i's `path` (already copied into reports[i].path) and replaces it with its
 * normalised form; reports 0..i-1 are already normalised. CONFIG errors name file:line:col. */
int rc_config_check_report_path(rc_config *cfg, size_t i, rc_error *err);

/* One input file: its absolute path, what it is ("data file", "regions file", …), the error
 * kind a bad one is ("data" inputs RC_ERRK_DATA, others RC_ERRK_CONFIG) and the config node
 * that names it (may be NULL). Return non-zero to stop the walk. */
typedef int (*rc_input_fn)(void *user, const char *path, const char *what, rc_errkind kind,
                           const struct rc_node *node);
/* Calls fn for the config file and every input file it names, in document order. Returns
 * the first non-zero result of fn, or -1 when memory runs out (err set). */
int rc_config_each_input(const rc_config *cfg, rc_input_fn fn, void *user, rc_error *err);

#endif
