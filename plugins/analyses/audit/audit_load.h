/* plugins/analyses/audit/audit_load.h — builds the audit's hierarchy (au_model) from the
 * run's result tables `weights`, `indicators`, `components`, `scores` and `index`, read
 * through a small reader interface (the plugin reads them through the host, the bench and
 * tests through the core's tables), and infers each aggregate's aggregation (arithmetic or
 * geometric mean, available-case or strict) by reproducing its published scores from its
 * children. Columns used: docs/tables.md; the inference: docs/audit.md. */
#ifndef AU_LOAD_H
#define AU_LOAD_H

#include <stddef.h>

#include "audit_model.h"

typedef struct au_reader {
    void *user;
    const void *(*table)(void *user, const char *name);           /* NULL when absent */
    size_t (*nrows)(void *user, const void *t);
    long (*col)(void *user, const void *t, const char *name);      /* -1 when absent */
    const char *(*text)(void *user, const void *t, size_t row, size_t col); /* any type */
    double (*num)(void *user, const void *t, size_t row, size_t col);       /* numbers */
} au_reader;

typedef struct au_loaded {
    au_model m;
    au_unit *units;
    char **ids;             /* owned strings of the units */
    double **cols;          /* owned: per unit its value, raw (or NULL) and weight arrays */
} au_loaded;

/* Reads the tables for the panel's regions and years (borrowed; they must outlive `out`).
 * 0, or -1 with a sentence in why (a missing table or column, a child without parent). */
int au_load(const au_reader *rd, size_t nr, size_t ny, const char *const *regions,
            const int *years, au_loaded *out, char *why, size_t why_size);
/* Sets agg and strict of every aggregate to the combination that reproduces its published
 * scores (to 1e-9 relative, up to one positive factor per aggregate: published scores carry
 * `index.scale`, normalised indicators do not), or AU_AGG_OTHER when none does. */
void au_infer_aggregation(au_loaded *l);
void au_loaded_free(au_loaded *l);

#endif
