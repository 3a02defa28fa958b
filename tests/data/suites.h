/* tests/data/suites.h — the data stage's Check suites, one per source file. */
#ifndef RC_TEST_DATA_SUITES_H
#define RC_TEST_DATA_SUITES_H

#include <check.h>

Suite *csv_suite(void);
Suite *formula_suite(void);
Suite *load_suite(void);
Suite *sources_suite(void);
Suite *books_suite(void);
Suite *boundaries_suite(void);

#endif
