/* tests/faults/test_alloc_faults.c — out of memory at every allocation of a run: the toy
 * assessment (tests/integration/configs/toy_subsystems.yaml: config load, panel, four
 * dimensions, index, analyses, JSON and CSV reports) is run in process once to count its
 * allocations, then again with allocation k made to fail for every k (or, past
 * RC_FAULT_EVERY allocations, every stride-th one — see docs/hardening.md). Each faulty run
 * must end with an "out of memory" error (or absorb the failure and write identical
 * reports), leave the first run's reports byte-identical with no temporary file, and — in
 * the ASan build, CK_FORK=no — leak nothing. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/model.h"
#include "host/loader.h"
#include "pipeline/pipeline.h"
#include "snapshot.h"
#include "util/alloc.h"

#define TOY REGCOORD_SOURCE_DIR "/tests/integration/configs/toy_subsystems.yaml"
/* Every allocation up to this many is failed in turn; beyond it, a stride keeps the suite
 * to about as many runs again (overridable: RC_FAULT_EVERY=0 steps through all). */
#define RC_FAULT_EVERY_DEFAULT 4000L

static long env_long(const char *name, long dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : dflt;
}

static int run_toy(const rc_registry *reg, const char *out, rc_error *err)
{
    rc_config *cfg = NULL;
    rc_error_clear(err);
    if (rc_config_load(TOY, &cfg, err) != 0) return -1;
    FILE *devnull = fopen("/dev/null", "w");
    rc_run_opts o = {.out_dir = out, .verbosity = 1, .log = devnull};
    int rc = rc_run(cfg, reg, &o, NULL, err);
    fclose(devnull);
    rc_config_free(cfg);
    return rc;
}

static rc_registry *scan_build_plugins(void)
{
    rc_registry *reg = NULL;
    rc_error err;
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    return reg;
}

START_TEST(failing_any_allocation_of_a_run_gives_out_of_memory_and_keeps_previous_reports)
{
    char tmpl[] = "/tmp/rc_faults_XXXXXX";
    char *out = mkdtemp(tmpl);
    ck_assert_ptr_nonnull(out);
    rc_registry *reg = scan_build_plugins();
    rc_error err;
    long before = rc_alloc_count();
    ck_assert_msg(run_toy(reg, out, &err) == 0, "first run failed: %s", err.msg);
    long total = rc_alloc_count() - before;
    ck_assert_int_gt(total, 100); /* the run does allocate through the hook */
    snapshot snap;
    ck_assert_int_eq(snapshot_take(out, &snap), 0);
    ck_assert_int_ge(snap.n, 2);

    long every = env_long("RC_FAULT_EVERY", RC_FAULT_EVERY_DEFAULT);
    long only = env_long("RC_FAULT_ONLY", 0);      /* debugging: fail just this one */
    long trace = env_long("RC_FAULT_TRACE", 0);    /* debugging: say which one fails */
    long stride = 1;
    if (every > 0 && total > every) stride = (total - every) / every + 1;
    long runs = 0, failed = 0, absorbed = 0, n_problems = 0;
    char first[3000] = "";
    for (long k = 1; k <= total; k += (every > 0 && k >= every) ? stride : 1) {
        if (only > 0 && k != only) continue;
        if (trace) fprintf(stderr, "failing allocation %ld\n", k);
        rc_alloc_fail_after(k);
        int rc = run_toy(reg, out, &err);
        int hit = rc_alloc_injected();
        rc_alloc_fail_after(-1);
        runs++;
        char problem[3000] = "";
        if (!hit)
            snprintf(problem, sizeof problem, "allocation %ld of %ld was never made: the run is not deterministic", k, total);
        if (rc == 0) {
            absorbed++; /* a fallback took over (e.g. ranking without scratch memory) */
        } else {
            failed++;
            if (!strstr(err.msg, "out of memory") || err.kind != RC_ERRK_OTHER)
                snprintf(problem, sizeof problem, "allocation %ld: kind %d, error does not say out of memory: %s",
                         k, (int)err.kind, err.msg);
        }
        const char *why = snapshot_differs(out, &snap);
        if (why) {
            snprintf(problem, sizeof problem, "allocation %ld: %s (error: %s)", k, why, rc ? err.msg : "none");
            snapshot_remove_temps(out);
        }
        if (problem[0]) {
            if (!n_problems) snprintf(first, sizeof first, "%s", problem);
            n_problems++;
            fprintf(stderr, "%s\n", problem);
        }
    }
    printf("alloc faults: %ld allocations in a run, %ld faulty runs (stride %ld after %ld): "
           "%ld ended with out of memory, %ld absorbed\n", total, runs, stride, every, failed, absorbed);
    ck_assert_msg(n_problems == 0, "%ld faulty runs misbehaved; the first: %s", n_problems, first);
    snapshot_free(&snap);
    rc_registry_free(reg);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(failing_any_allocation_of_the_plugin_scan_is_an_error_or_a_refusal)
{
    const char *dirs[] = {REGCOORD_BUILD_PLUGIN_DIR};
    rc_registry *reg = NULL;
    rc_error err;
    long before = rc_alloc_count();
    ck_assert_int_eq(rc_registry_scan(&reg, dirs, 1, NULL, &err), 0);
    long total = rc_alloc_count() - before;
    size_t n_ok = reg->n;
    rc_registry_free(reg);
    ck_assert_int_gt(total, 10);
    for (long k = 1; k <= total; k++) {
        reg = NULL;
        rc_error_clear(&err);
        rc_alloc_fail_after(k);
        int rc = rc_registry_scan(&reg, dirs, 1, NULL, &err);
        rc_alloc_fail_after(-1);
        if (rc != 0) {
            ck_assert_ptr_null(reg);
            ck_assert_msg(strstr(err.msg, "out of memory") != NULL, "allocation %ld: %s", k, err.msg);
        } else {
            /* a plugin that could not be opened for want of memory is refused, saying so */
            if (reg->n < n_ok) {
                int said = 0;
                for (size_t i = 0; i < reg->n_refused; i++)
                    if (strstr(reg->refused[i].reason, "out of memory") ||
                        strstr(reg->refused[i].reason, strerror(ENOMEM)))
                        said = 1;
                ck_assert_msg(said, "allocation %ld: a plugin went missing without an out-of-memory refusal", k);
            }
            rc_registry_free(reg);
        }
    }
}
END_TEST

START_TEST(allocation_hook_fails_exactly_the_chosen_allocation)
{
    rc_alloc_fail_after(3);
    void *a = rc_alloc(8), *b = rc_alloc_zero(2, 8), *c = rc_alloc_resize(NULL, 8), *d = rc_alloc(8);
    int hit = rc_alloc_injected();
    rc_alloc_fail_after(-1);
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_assert_ptr_null(c);
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(hit, 1);
    ck_assert_ptr_null(rc_alloc_zero((size_t)-1, 16)); /* n * size overflows */
    free(a);
    free(b);
    free(d);
    long k = rc_alloc_count();
    free(rc_alloc(1));
    ck_assert_int_eq(rc_alloc_count(), k + 1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alloc_faults");
    TCase *tc = tcase_create("out_of_memory");
    tcase_set_timeout(tc, 1200);
    tcase_add_test(tc, allocation_hook_fails_exactly_the_chosen_allocation);
    tcase_add_test(tc, failing_any_allocation_of_the_plugin_scan_is_an_error_or_a_refusal);
    tcase_add_test(tc, failing_any_allocation_of_a_run_gives_out_of_memory_and_keeps_previous_reports);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int nf = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nf ? EXIT_FAILURE : EXIT_SUCCESS;
}
