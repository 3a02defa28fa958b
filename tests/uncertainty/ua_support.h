/* tests/uncertainty/ua_support.h — helpers the uncertainty suites share: a config file with an
 * analysis block appended, a whole run of it into a result set, and table accessors. */
#ifndef UA_SUPPORT_H
#define UA_SUPPORT_H

#include <stdio.h>

#include "config/model.h"
#include "results/table.h"
#include "util/error.h"

#define UA_CONFIGS REGCOORD_TEST_DATA_DIR "/configs"

/* The whole text of a file (asserts it can be read); *lines (may be NULL) gets its lines. */
char *ua_read_text(const char *path, size_t *lines);
/* The config at `path` with `block` appended, or NULL with err set. */
rc_config *ua_config_with(const char *path, const char *block, size_t *base_lines, rc_error *err);
/* Runs the config at `path` + `block` with the in-tree plugins; warnings go to `log` (NULL:
 * /dev/null). Returns rc_run's code. */
int ua_run(const char *path, const char *block, FILE *log, rc_resultset **rs, rc_error *err);
/* A number cell by column name (int columns converted). */
double ua_num(const struct rc_table *t, size_t r, const char *col);
/* Cell-by-cell identity of two tables (numbers bit for bit). */
void ua_assert_tables_identical(const struct rc_table *a, const struct rc_table *b);
/* The config at `path` + `block` loads but rc_analysis_validate refuses it with a config
 * error at "<file>:<base lines + line_offset>:<col>" whose message holds `needle`. */
void ua_expect_config_error(const char *path, const char *block, long line_offset,
                            const char *col, const char *needle);

#endif
