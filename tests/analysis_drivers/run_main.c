/* tests/analysis_drivers/run_main.c — runs the suite of the driver analysis plugins in
 * whole runs (test_drivers_run.c). */
#include <check.h>
#include <stdlib.h>

Suite *drivers_run_suite(void);

int main(void)
{
    SRunner *sr = srunner_create(drivers_run_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
