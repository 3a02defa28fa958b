/* tests/util/test_util.c — the util stage: number formatting (the fast exact path gives the
 * very bytes printf gives, and every output reads back exactly), edit distance and
 * suggestions, the growable buffer. */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/str.h"

static char *reference(double v, char *buf, size_t size)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    if (v == 0) v = 0;
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return buf;
}

static uint64_t next(uint64_t *x)
{ /* splitmix64 */
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

START_TEST(fmt_double_matches_printf_reference_on_random_values_of_every_magnitude)
{
    uint64_t seed = 42;
    char a[64], b[64];
    for (long i = 0; i < 400000; i++) {
        double v;
        uint64_t r = next(&seed);
        switch (i % 4) {
        case 0: /* any bit pattern */
            memcpy(&v, &r, sizeof v);
            if (!isfinite(v)) continue;
            break;
        case 1: /* uniform in [0, 1) — normalised values */
            v = (double)(r >> 11) / 9007199254740992.0;
            break;
        case 2: /* data-like: a few decimals at magnitudes 1e-6 .. 1e12 */
            v = (double)(r % 10000000) / pow(10, (double)(r >> 60)) * pow(10, (double)((r >> 40) % 8));
            break;
        default: /* quotients, like weights and shares */
            v = (double)((r & 0xffff) + 1) / (double)(((r >> 16) & 0xffff) + 1);
            break;
        }
        if (r & (1ULL << 63)) v = -v;
        rc_fmt_double(v, a, sizeof a);
        reference(v, b, sizeof b);
        ck_assert_msg(strcmp(a, b) == 0, "%.17g: fast '%s' printf '%s'", v, a, b);
        ck_assert_msg(strtod(a, NULL) == v, "%s does not read back as %.17g", a, v);
    }
}
END_TEST

START_TEST(fmt_double_edge_values)
{
    char a[64];
    ck_assert_str_eq(rc_fmt_double(0.1, a, sizeof a), "0.1");
    ck_assert_str_eq(rc_fmt_double(-0.0, a, sizeof a), "0");
    ck_assert_str_eq(rc_fmt_double(NAN, a, sizeof a), "");
    ck_assert_str_eq(rc_fmt_double(1.0 / 3, a, sizeof a), "0.3333333333333333");
    ck_assert_str_eq(rc_fmt_double(2.5e10, a, sizeof a), "25000000000");
    ck_assert_str_eq(rc_fmt_double(1e-300, a, sizeof a), "1e-300");
    ck_assert_str_eq(rc_fmt_double(123456789012345678.0, a, sizeof a), "1.2345678901234568e+17");
    ck_assert_str_eq(rc_fmt_double(0.00001234, a, sizeof a), "1.234e-05");
    ck_assert_str_eq(rc_fmt_double(100, a, sizeof a), "100");
    ck_assert_str_eq(rc_fmt_double(nextafter(1.0, 0.0), a, sizeof a), "0.9999999999999999");
}
END_TEST

START_TEST(suggest_offers_the_nearest_key_only_when_close)
{
    const char *keys[] = {"weight", "weights", "indicators", "normalize"};
    ck_assert_str_eq(rc_suggest("wieght", keys, 4), "weight");
    ck_assert_str_eq(rc_suggest("indicatorz", keys, 4), "indicators");
    ck_assert_ptr_null(rc_suggest("colour", keys, 4));
    ck_assert_uint_eq(rc_edit_distance("kitten", "sitting"), 3);
    ck_assert_uint_eq(rc_edit_distance("", "abc"), 3);
}
END_TEST

START_TEST(buffer_grows_and_stays_terminated)
{
    rc_buf b;
    rc_buf_init(&b);
    for (int i = 0; i < 1000; i++) rc_buf_printf(&b, "%d,", i);
    ck_assert(!b.failed);
    ck_assert_uint_eq(b.len, strlen(b.data));
    ck_assert(strncmp(b.data, "0,1,2,", 6) == 0);
    ck_assert(rc_str_endswith(b.data, "999,"));
    rc_buf_free(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fmt_double_matches_printf_reference_on_random_values_of_every_magnitude);
    tcase_add_test(tc, fmt_double_edge_values);
    tcase_add_test(tc, suggest_offers_the_nearest_key_only_when_close);
    tcase_add_test(tc, buffer_grows_and_stays_terminated);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
