/* tests/fuzz/fuzz_formula.c — fuzz target for the formula compiler and evaluator: any text
 * either compiles or fails with a message; a compiled formula evaluates over a few cells
 * (every name resolves to one fixed column with missing, zero, negative and huge values)
 * and yields only finite numbers or NaN. */
#include <math.h>
#include <string.h>

#include "data/formula.h"
#include "fuzz_entry.h"

static const double column[] = {1.5, 0.0, -2.0, NAN, 1e308, -1e-308, 7.0};
#define N_CELLS (sizeof column / sizeof column[0])

static const double *lookup(void *user, const char *name)
{
    (void)user;
    /* one name stays unknown, so the evaluator's unknown-name error is exercised too */
    return strcmp(name, "unknown") == 0 ? NULL : column;
}

int RC_FUZZ_ENTRY(formula)(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    rc_error err = {0};
    rc_formula *f = rc_formula_compile(text, &err);
    if (!f) {
        RC_FUZZ_CHECK(err.kind != RC_ERRK_NONE && err.msg[0] != '\0');
        free(text);
        return 0;
    }
    size_t nn = rc_formula_n_names(f);
    for (size_t i = 0; i < nn; i++) RC_FUZZ_CHECK(rc_formula_name(f, i) != NULL);
    RC_FUZZ_CHECK(rc_formula_name(f, nn) == NULL);
    double out[N_CELLS];
    size_t n_domain = 0;
    int unknown = 0;
    for (size_t i = 0; i < nn; i++) unknown |= strcmp(rc_formula_name(f, i), "unknown") == 0;
    rc_error_clear(&err);
    int rc = rc_formula_eval(f, lookup, NULL, N_CELLS, out, &n_domain, &err);
    if (unknown) {
        RC_FUZZ_CHECK(rc != 0 && err.kind == RC_ERRK_CONFIG);
    } else {
        RC_FUZZ_CHECK(rc == 0);
        for (size_t i = 0; i < N_CELLS; i++) RC_FUZZ_CHECK(isfinite(out[i]) || isnan(out[i]));
        /* a cell counts once however many domain errors hit it */
        RC_FUZZ_CHECK(n_domain <= N_CELLS);
        /* a missing operand gives missing: cell 3 of every series is missing */
        if (nn > 0) RC_FUZZ_CHECK(isnan(out[3]));
        /* zero cells is allowed and writes nothing */
        RC_FUZZ_CHECK(rc_formula_eval(f, lookup, NULL, 0, out, NULL, &err) == 0);
    }
    rc_formula_free(f);
    free(text);
    return 0;
}
