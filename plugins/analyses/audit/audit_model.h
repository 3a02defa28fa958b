/* plugins/analyses/audit/audit_model.h — the audit as a whole over a scored hierarchy,
 * independent of the host: the plugin (audit_plugin.c) fills an au_model from the host's
 * tables and an au_sink that writes result tables; au_audit_run computes every audit table
 * (audit_stats, audit_availability, audit_correlation, audit_reliability, audit_importance,
 * audit_leave_one_out, audit_external; columns in docs/audit.md) with the kernels of
 * audit_kernel.h. The model is borrowed; nothing allocated outlives the call. */
#ifndef AU_MODEL_H
#define AU_MODEL_H

#include <stddef.h>
#include <stdint.h>

typedef enum { AU_INDICATOR = 0, AU_COMPONENT, AU_DIMENSION, AU_INDEX } au_kind;
typedef enum { AU_AGG_ARITHMETIC = 0, AU_AGG_GEOMETRIC, AU_AGG_OTHER } au_agg;

#define AU_NONE ((size_t)-1)

/* One node of the hierarchy: an indicator, a component (any depth), a dimension or the
 * index. Parents come before their children in the model's array; the index is unit 0. */
typedef struct au_unit {
    const char *id;        /* as in the scores tables */
    au_kind kind;
    size_t parent;         /* AU_NONE for the index */
    const double *value;   /* ny × nr at t * nr + r: normalised value (indicators) or score */
    const double *raw;     /* indicators: the value before normalisation (may be NULL) */
    const double *weight;  /* ny: nominal weight within the parent (NULL for the index) */
    au_agg agg;            /* aggregates: how the children are combined */
    int strict;            /* aggregates: 1 = any missing child gives missing */
} au_unit;

typedef struct au_series {
    const char *name;
    const double *value;   /* ny × nr */
} au_series;

typedef struct au_options {
    int all_years;         /* 0: the last year only */
    double collinear;      /* within-group |r| above which a pair is flagged (0.9) */
    double weak;           /* r against the parent below which a unit is flagged (0.3) */
    double skew, kurt, avail, nzv_unique, nzv_freq; /* audit_stats flags (au_limits) */
    double region_avail;   /* a region-year with a smaller share of indicators is flagged (0.65) */
} au_options;

void au_options_default(au_options *o);

typedef struct au_model {
    size_t nr, ny;
    const char *const *regions; /* nr ids */
    const int *years;           /* ny */
    const au_unit *u;
    size_t n;
    const au_series *ext;       /* external series (may be NULL) */
    size_t n_ext;
} au_model;

/* Where the tables go. Column types: 0 string, 1 integer, 2 number (as the host's). Each
 * call returns 0, or non-zero to stop (then au_audit_run returns -1). */
enum { AU_COL_STR = 0, AU_COL_INT = 1, AU_COL_NUM = 2 };
typedef struct au_sink {
    void *user;
    int (*table)(void *user, const char *name, size_t ncols, const char *const *cols,
                 const int32_t *types);          /* starts a table; later rows go to it */
    int (*row)(void *user);                      /* starts a row */
    int (*str)(void *user, size_t col, const char *v);
    int (*num)(void *user, size_t col, double v);
    int (*integer)(void *user, size_t col, int64_t v);
} au_sink;

/* Computes and writes every table. Returns 0, or -1 (out of memory or the sink refused;
 * `why` gets a sentence). */
int au_audit_run(const au_model *m, const au_options *o, const au_sink *s, char *why,
                 size_t why_size);

#endif
