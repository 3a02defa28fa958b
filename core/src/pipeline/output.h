/* pipeline/output.h — report files written atomically: each output goes to a temporary
 * file beside its final path and is renamed into place only when the whole run succeeded
 * (rc_outputs_commit); on failure every temporary file is removed (rc_outputs_abort). */
#ifndef RC_PIPELINE_OUTPUT_H
#define RC_PIPELINE_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

struct rc_output {
    char *final_path;
    char *temp_path;
    FILE *fp;        /* open while being written; NULL after output_end */
    int ended;       /* output_end succeeded */
    int failed;      /* a write failed */
};

typedef struct rc_outputs {
    struct rc_output **items;
    size_t n, cap;
} rc_outputs;

/* Creates the final path's folder (mkdir -p) and a temporary file beside it. */
struct rc_output *rc_outputs_begin(rc_outputs *o, const char *final_path, rc_error *err);
int rc_outputs_write(struct rc_output *out, const void *data, size_t len, rc_error *err);
/* Flushes, fsyncs and closes the temporary file. */
int rc_outputs_end(struct rc_output *out, rc_error *err);
/* Renames every ended output into place (fails if one was not ended). */
int rc_outputs_commit(rc_outputs *o, rc_error *err);
/* Removes every temporary file and forgets the outputs. */
void rc_outputs_abort(rc_outputs *o);
void rc_outputs_free(rc_outputs *o);
/* mkdir -p. */
int rc_mkdirs(const char *path, rc_error *err);

#endif
