/* tests/data/test_data_main.c — runs the data stage's suites (CSV, formulas, loading). */
#include <stdlib.h>

#include "suites.h"

int main(void)
{
    SRunner *sr = srunner_create(csv_suite());
    srunner_add_suite(sr, formula_suite());
    srunner_add_suite(sr, load_suite());
    srunner_add_suite(sr, sources_suite());
    srunner_add_suite(sr, books_suite());
    srunner_add_suite(sr, boundaries_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
