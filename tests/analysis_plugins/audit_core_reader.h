/* tests/analysis_plugins/audit_core_reader.h — the audit's table reader (au_reader of
 * plugins/analyses/audit/audit_load.h) over the core's result set, so tests and the bench
 * audit a real run without the plugin host; and the panel's regions and years as the
 * `index` table lists them (year by year, regions in panel order). */
#ifndef AUDIT_CORE_READER_H
#define AUDIT_CORE_READER_H

#include <stddef.h>

#include "../../plugins/analyses/audit/audit_load.h"
#include "results/table.h"

void acr_reader(const rc_resultset *rs, au_reader *out);
/* Regions and years of the run (caller frees both arrays; the ids are borrowed). 0 or -1. */
int acr_panel(const rc_resultset *rs, const char ***regions, size_t *nr, int **years, size_t *ny);

#endif
