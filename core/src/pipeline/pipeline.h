/* pipeline/pipeline.h — one assessment run from a loaded config: load the panel, score
 * every dimension through its plugin, build the index and ranks, run the analyses, and
 * hand the result set to every reporter; outputs are renamed into place only when every
 * step succeeded. Also the validate-only path used by `regcoord validate`. */
#ifndef RC_PIPELINE_H
#define RC_PIPELINE_H

#include <stdio.h>

#include "config/model.h"
#include "host/loader.h"
#include "results/table.h"
#include "util/error.h"
#include "util/phase.h"

typedef struct rc_run_opts {
    const char *out_dir;     /* folder report paths are relative to ("." when NULL) */
    int verbosity;           /* 0 quiet, 1 normal, 2 verbose */
    FILE *log;               /* where warnings and progress go (stderr when NULL) */
    int validate_only;       /* check everything short of scoring and reporting */
    const char *baseline;    /* baseline file to score with; overrides the config's
                                `baseline:` (NULL = the config's) */
    const char *make_baseline; /* when set: run without the config's baseline, write a new
                                  baseline to this path (atomically) and no reports */
    double wait;             /* seconds to wait for another run's lock on the output
                                folder (--wait); 0 = fail at once */
    rc_phase_times *times;   /* when not NULL, rc_run appends the wall time of each phase it
                                finished (monotonic clock; owned by the caller): "load",
                                "score", "index", "tables", "analysis <name>" per analysis,
                                "manifest", "lock" (of the output folder), "report <n>
                                <plugin> (<path>)" per report,
                                "commit", "free" — also after a failure, up to where it stopped —
                                and "guard checksums" (`within`: the plugin guard's read-only
                                sums, time inside the phases above) */
} rc_run_opts;

/* Runs the assessment. On success the reports are in place and, when `results_out` is not
 * NULL, the result set is handed to the caller (free with rc_resultset_free). On failure
 * nothing is written or replaced and err says why (its kind gives the exit code). */
int rc_run(const rc_config *cfg, const rc_registry *reg, const rc_run_opts *opts,
           rc_resultset **results_out, rc_error *err);

#endif
