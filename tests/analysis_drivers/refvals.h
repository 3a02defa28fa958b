/* tests/analysis_drivers/refvals.h — reading the committed outputs of the reference scripts
 * in ref/: `name value` lines (ref_load, ref_get) and numeric CSV columns (ref_csv_column),
 * plus the 1e-9 comparison every driver test uses. Check-only helpers: they ck_assert on
 * what must not fail, so call them from inside a test. */
#ifndef RC_TESTS_REFVALS_H
#define RC_TESTS_REFVALS_H

#include <stddef.h>

#define REF_DIR REGCOORD_TEST_DATA_DIR "/ref/"

typedef struct refvals {
    size_t n;
    char **name;
    double *value;
} refvals;

/* Loads REF_DIR/<file>; free with ref_free. */
refvals *ref_load(const char *file);
void ref_free(refvals *r);
/* The value of a name (fails the test when absent). */
double ref_get(const refvals *r, const char *fmt, ...);
/* 1 when the name is present. */
int ref_has(const refvals *r, const char *fmt, ...);
/* Column `col` of REF_DIR/<file> (read by ../analysis_plugins/refdata's rd_csv; "", NA and
 * NaN are missing); the number of rows in *nrows. Caller frees. */
double *ref_csv_column(const char *file, const char *col, size_t *nrows);

/* |a − b| ≤ 1e-9 |b| + 1e-13 (relative, with a floor for values that are 0 in exact
 * arithmetic); NaN only equal to NaN. */
int ref_close(double a, double b);
#define ck_ref(a, b)                                                                       \
    do {                                                                                   \
        double a_ = (a), b_ = (b);                                                         \
        ck_assert_msg(ref_close(a_, b_), "%s = %.17g, expected %.17g", #a, a_, b_);       \
    } while (0)

#endif
