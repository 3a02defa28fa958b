/* plugins/analyses/common/an_source.h — what the driver analysis plugins (geodetector,
 * grey_relational, rsr, vikor, forecast, panel_regression) read by name, on the host side
 * (regcoord/plugin.h ABI 1.1): a target or factor given as `index`, a dimension id,
 * `coupling.D` (or `.C`, `.T`; `coupling.<system>.D` with coupling pairs — read back from
 * the `coupling` table), an indicator id (its values after per/imputation/treatment) or a
 * data series, as n_years × n_regions doubles (index t * n_regions + r, NaN missing).
 * Errors go through rc_errorf and name the key and the value. */
#ifndef AN_SOURCE_H
#define AN_SOURCE_H

#include <stddef.h>

#include "regcoord/plugin.h"

typedef struct an_source {
    const double *v;   /* n_years × n_regions, borrowed from the host or owned below */
    double *owned;     /* allocated here (coupling values), freed by an_source_free */
    const char *kind;  /* "index", "dimension", "coupling", "indicator" or "series" */
    double scale;      /* index.scale for the index (published = v × scale), else 1 */
} an_source;

/* Resolves `name` in that order: index, dimension, coupling.<col> / coupling.<system>.<col>,
 * indicator, data series. `key` names the config key in messages ("factors", "target").
 * RC_OK; RC_ENOTFOUND (error set, saying what the name can be) when nothing matches;
 * RC_EINVAL when coupling is named but the table lacks it (e.g. analysis.coupling off). */
int32_t an_source_get(const rc_host *host, rc_ctx *ctx, const char *key, const char *name,
                      an_source *out);
void an_source_free(an_source *s);

/* The strings of a list key of the plugin's section (NULL entries for non-text items are
 * refused with an error naming the key). *out is allocated (free it; the strings are
 * borrowed from the config); *n = 0 and *out = NULL when the key is absent. */
int32_t an_cfg_list(const rc_host *host, rc_ctx *ctx, const char *key, const char ***out,
                    size_t *n);

#endif

/* The criteria of a decision matrix (grey_relational, rsr, vikor): the list key `key`
 * (default: every dimension), `cost` (criteria where smaller is better) and `weights`
 * (numbers ≥ 0, one per criterion, not all 0; default equal — NULL). */
typedef struct an_criteria {
    size_t n;
    const char **names; /* borrowed from the config or the host */
    an_source *src;
    int *dir;           /* +1 benefit, −1 cost */
    double *w;          /* NULL: equal weights */
} an_criteria;
int32_t an_criteria_get(const rc_host *host, rc_ctx *ctx, const char *key, an_criteria *c);
void an_criteria_free(an_criteria *c);
/* Year t's matrix: the m regions with every criterion present, X[i * n + j], and their
 * region indices; returns m. */
size_t an_criteria_matrix(const an_criteria *c, size_t nr, size_t t, double *X, size_t *reg);
