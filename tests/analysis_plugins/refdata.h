/* tests/analysis_plugins/refdata.h — what the analysis-plugin suites share: a plain CSV
 * reader (no quoting; the reference files have none), the fixture of reference/ (43 regions,
 * lon/lat, planar km, population, five years of values) and matrices read back from
 * reference/weights_ref.csv or contiguity.csv as sparse rows. Everything asserts with Check,
 * so call it from inside a test. The caller frees what it gets (rd_csv_free, rd_fixture_free,
 * an_csr_free). */
#ifndef RC_TESTS_REFDATA_H
#define RC_TESTS_REFDATA_H

#include <stddef.h>

#include "../../plugins/analyses/common/an_csr.h"

#define RD_REF REGCOORD_TEST_DATA_DIR "/reference/"

typedef struct rd_csv {
    size_t nrows, ncols; /* nrows counts the header row 0 */
    char ***cell;
} rd_csv;

rd_csv *rd_csv_read(const char *path);
void rd_csv_free(rd_csv *c);
size_t rd_col(const rd_csv *c, const char *name);
double rd_num(const char *s); /* "" and "NA" are NaN */

enum { RD_YEARS = 5 };
typedef struct rd_fixture {
    size_t n;
    char **ids;
    double *lon, *lat, *x_km, *y_km, *pop;
    double *v[RD_YEARS]; /* v[t][i], years 2016..2020 */
} rd_fixture;

rd_fixture *rd_fixture_read(void);
void rd_fixture_free(rd_fixture *f);
long rd_region(const rd_fixture *f, const char *id);

/* The rook contiguity of contiguity.csv, binary (weights 1). */
void rd_contiguity(const rd_fixture *f, an_csr *out);
/* Matrix `name` of weights_ref.csv (row-standardised by R). */
void rd_ref_matrix(const rd_fixture *f, const char *name, an_csr *out);

/* The number in column `nkey` of the first row whose first nkey cells equal key[0..nkey)
 * ("inf" is INFINITY); asserts such a row exists. */
double rd_keyed(const rd_csv *c, size_t nkey, const char *const *key);

/* |a − b| ≤ tol·|b| (or both NaN, or equal). */
int rd_close(double a, double b, double tol);

#endif
