/* data/formula.h — derived series: a small expression language over series names.
 *   expr   := term (('+' | '-') term)*
 *   term   := unary (('*' | '/') unary)*
 *   unary  := '-' unary | power
 *   power  := atom ('^' unary)?
 *   atom   := number | name | name '(' expr (',' expr)* ')' | '(' expr ')'
 * Functions: log (natural), exp, sqrt, abs, min, max (2+ arguments). Names are series names
 * (letters, digits, '_', '.', and any non-ASCII UTF-8, not starting with a digit), or
 * written in backquotes `like this` for names with other characters. Evaluation is
 * element-wise over n cells; a missing operand gives missing; a result that is not finite
 * although its operands are present (division by zero, log of a non-positive number, sqrt
 * of a negative number, pow outside its domain, overflow) gives missing and is counted.
 * min/max of cells with one missing argument give missing. '-2^2' is -(2^2); '2^3^2' is
 * 2^(3^2). Names directly followed by '(' are function calls; a backquoted name never is. */
#ifndef RC_DATA_FORMULA_H
#define RC_DATA_FORMULA_H

#include <stddef.h>

#include "util/error.h"

typedef struct rc_formula rc_formula; /* opaque compiled expression */

/* Compiles `text`. Errors (RC_ERRK_CONFIG) say where in the formula ("at character 7:
 * expected ')'"); the caller prefixes the config position. Formulas longer than
 * RC_FORMULA_MAX_LEN or nested deeper than 64 are refused. */
#define RC_FORMULA_MAX_LEN 4096
#define RC_FORMULA_MAX_DEPTH 64
rc_formula *rc_formula_compile(const char *text, rc_error *err);
void rc_formula_free(rc_formula *f);

/* The series names the formula uses, in order of first use (borrowed from f). */
size_t rc_formula_n_names(const rc_formula *f);
const char *rc_formula_name(const rc_formula *f, size_t i);

/* Resolves a series name to its values (n cells), or NULL when unknown. */
typedef const double *(*rc_formula_lookup)(void *user, const char *name);

/* Evaluates over n cells into out (n doubles, caller-owned). Unknown names are errors
 * (RC_ERRK_CONFIG) listing the name. Counts of cells turned missing by a domain error are
 * added to *n_domain (which may be NULL). Allocates one scratch block per call. */
int rc_formula_eval(const rc_formula *f, rc_formula_lookup lookup, void *user, size_t n,
                    double *out, size_t *n_domain, rc_error *err);

#endif
