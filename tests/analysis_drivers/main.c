/* tests/analysis_drivers/main.c — runs the suites of the driver analyses' kernels
 * (geodetector, grey relational, RSR, VIKOR, GM(1,1), panel regression). */
#include <check.h>
#include <stdlib.h>

Suite *geodetector_suite(void);
Suite *mcda_suite(void);
Suite *gm11_suite(void);
Suite *panel_fe_suite(void);

int main(void)
{
    SRunner *sr = srunner_create(geodetector_suite());
    srunner_add_suite(sr, mcda_suite());
    srunner_add_suite(sr, gm11_suite());
    srunner_add_suite(sr, panel_fe_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
