/* tests/data/test_formula.c — the derived-series language: precedence, unary minus, power,
 * functions and their arity, missing values, domain errors counted, error positions and
 * the length and depth limits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/formula.h"
#include "suites.h"

#define N 4
/* columns a, b, c and a Chinese-named one over 4 cells; cell 3 of b is missing */
static const double col_a[N] = {1, 2, 3, 4};
static const double col_b[N] = {2, 0, 5, NAN};
static const double col_c[N] = {-1, 4, 0, 9};
static const double col_zh[N] = {10, 20, 30, 40};

static const double *lookup(void *user, const char *name)
{
    (void)user;
    if (strcmp(name, "a") == 0) return col_a;
    if (strcmp(name, "b") == 0) return col_b;
    if (strcmp(name, "c") == 0) return col_c;
    if (strcmp(name, "地区GDP") == 0) return col_zh;
    if (strcmp(name, "gdp (bn)") == 0) return col_zh;
    return NULL;
}

/* Compiles and evaluates text; fails the test on any error. */
static void eval(const char *text, double out[N], size_t *n_domain)
{
    rc_error err;
    rc_formula *f = rc_formula_compile(text, &err);
    ck_assert_msg(f != NULL, "'%s': %s", text, err.msg);
    size_t nd = 0;
    int rc = rc_formula_eval(f, lookup, NULL, N, out, &nd, &err);
    ck_assert_msg(rc == 0, "'%s': %s", text, err.msg);
    if (n_domain) *n_domain = nd;
    rc_formula_free(f);
}

/* Evaluates a constant formula (cell 0). */
static double konst(const char *text)
{
    double out[N];
    eval(text, out, NULL);
    return out[0];
}

static void compile_error(const char *text, const char *needle)
{
    rc_error err;
    rc_error_clear(&err);
    rc_formula *f = rc_formula_compile(text, &err);
    ck_assert_msg(f == NULL, "'%s' should not compile", text);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(err.msg, needle), "'%s': message '%s' lacks '%s'", text, err.msg, needle);
}

START_TEST(test_formula_precedence_and_associativity)
{
    ck_assert(konst("1 + 2 * 3") == 7);
    ck_assert(konst("(1 + 2) * 3") == 9);
    ck_assert(konst("10 - 4 - 3") == 3);      /* left-associative */
    ck_assert(konst("24 / 4 / 2") == 3);
    ck_assert(konst("2 ^ 3 ^ 2") == 512);     /* right-associative: 2^9 */
    ck_assert(konst("2 * 3 ^ 2") == 18);
    ck_assert(konst("1.5e1 + .5") == 15.5);
}
END_TEST

START_TEST(test_formula_unary_minus_binds_looser_than_power)
{
    ck_assert(konst("-2 ^ 2") == -4);
    ck_assert(konst("2 ^ -1") == 0.5);
    ck_assert(konst("- -3") == 3);
    ck_assert(konst("4 - -2") == 6);
    ck_assert(konst("-(1 + 2) * 2") == -6);
}
END_TEST

START_TEST(test_formula_functions_compute_elementwise)
{
    double out[N];
    eval("log(exp(a))", out, NULL);
    for (int i = 0; i < N; i++) ck_assert_double_eq_tol(out[i], col_a[i], 1e-12);
    eval("sqrt(a * 4) + abs(c)", out, NULL);
    ck_assert_double_eq_tol(out[0], 2 + 1, 1e-12);
    ck_assert_double_eq_tol(out[1], sqrt(8) + 4, 1e-12);
    eval("min(a, c)", out, NULL);
    ck_assert(out[0] == -1 && out[1] == 2 && out[2] == 0 && out[3] == 4);
    eval("max(a, c, 3)", out, NULL);
    ck_assert(out[0] == 3 && out[1] == 4 && out[2] == 3 && out[3] == 9);
}
END_TEST

START_TEST(test_formula_min_max_need_two_arguments_unary_functions_one)
{
    compile_error("min(a)", "at character 1: min() takes at least 2 arguments, not 1");
    compile_error("1 + max(a)", "at character 5: max() takes at least 2 arguments");
    compile_error("log(a, b)", "log() takes 1 argument, not 2");
    compile_error("foo(a)", "at character 1: unknown function 'foo'");
}
END_TEST

START_TEST(test_formula_missing_operand_gives_missing_not_counted)
{
    double out[N];
    size_t nd = 99;
    eval("a + b", out, &nd);
    ck_assert(out[0] == 3 && out[2] == 8);
    ck_assert(isnan(out[3]));
    ck_assert_uint_eq(nd, 0);
    eval("max(a, b)", out, NULL);
    ck_assert(isnan(out[3]));
}
END_TEST

START_TEST(test_formula_division_by_zero_is_missing_and_counted)
{
    double out[N];
    size_t nd;
    eval("a / b", out, &nd);
    ck_assert(out[0] == 0.5 && out[2] == 0.6);
    ck_assert(isnan(out[1]));    /* 2 / 0 */
    ck_assert(isnan(out[3]));    /* missing b: not counted */
    ck_assert_uint_eq(nd, 1);
    eval("log(c)", out, &nd);    /* log(-1), log(0) */
    ck_assert(isnan(out[0]) && isnan(out[2]));
    ck_assert_double_eq_tol(out[1], log(4), 1e-15);
    ck_assert_uint_eq(nd, 2);
    eval("sqrt(c)", out, &nd);
    ck_assert(isnan(out[0]) && out[1] == 2 && out[2] == 0 && out[3] == 3);
    ck_assert_uint_eq(nd, 1);
    eval("exp(a * 1000)", out, &nd); /* overflow */
    ck_assert_uint_eq(nd, 4);
    ck_assert(isnan(out[0]));
}
END_TEST

START_TEST(test_formula_names_unicode_and_backquoted)
{
    double out[N];
    eval("地区GDP / a", out, NULL);
    ck_assert(out[0] == 10 && out[3] == 10);
    eval("`gdp (bn)` * 2", out, NULL);
    ck_assert(out[1] == 40);
    rc_error err;
    rc_formula *f = rc_formula_compile("b / a + `gdp (bn)` - a", &err);
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(rc_formula_n_names(f), 3);
    ck_assert_str_eq(rc_formula_name(f, 0), "b");
    ck_assert_str_eq(rc_formula_name(f, 1), "a");
    ck_assert_str_eq(rc_formula_name(f, 2), "gdp (bn)");
    ck_assert_ptr_null(rc_formula_name(f, 3));
    rc_formula_free(f);
}
END_TEST

START_TEST(test_formula_unknown_name_is_an_error_at_eval)
{
    rc_error err;
    rc_formula *f = rc_formula_compile("a + gdpp", &err);
    ck_assert_ptr_nonnull(f);
    double out[N];
    ck_assert_int_eq(rc_formula_eval(f, lookup, NULL, N, out, NULL, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_CONFIG);
    ck_assert_msg(strstr(err.msg, "unknown series 'gdpp'"), "%s", err.msg);
    rc_formula_free(f);
}
END_TEST

START_TEST(test_formula_syntax_errors_give_the_character_position)
{
    compile_error("a + * b", "at character 5: expected a number, a name or '(' instead of '*'");
    compile_error("(a + b", "at character 7: expected ')'");
    compile_error("a b", "at character 3: expected an operator");
    compile_error("a + ", "at character 5: unexpected end of the formula");
    compile_error("a $ b", "at character 3: unexpected character '$'");
    /* positions count characters, not bytes: 地区 is 2 characters, 6 bytes */
    compile_error("地区 + )", "at character 6:");
    compile_error("", "at character 1: the formula is empty");
    compile_error("`open", "at character 1: unterminated `name`");
    compile_error("1e999", "at character 1: number out of range");
    compile_error("max(a,)", "at character 7: expected a number");
}
END_TEST

START_TEST(test_formula_length_and_depth_limits)
{
    char *text = malloc(RC_FORMULA_MAX_LEN + 2);
    ck_assert_ptr_nonnull(text);
    memset(text, 'a', RC_FORMULA_MAX_LEN + 1);
    text[RC_FORMULA_MAX_LEN + 1] = '\0';
    compile_error(text, "longer than 4096");
    /* 200 nested parentheses: refused, not a stack overflow */
    char deep[512];
    size_t k = 0;
    for (int i = 0; i < 200; i++) deep[k++] = '(';
    deep[k++] = 'a';
    for (int i = 0; i < 200; i++) deep[k++] = ')';
    deep[k] = '\0';
    compile_error(deep, "nested deeper than 64");
    k = 0;
    for (int i = 0; i < 300; i++) deep[k++] = '-';
    deep[k++] = '1';
    deep[k] = '\0';
    compile_error(deep, "nested deeper than 64");
    /* 20 levels are fine */
    k = 0;
    for (int i = 0; i < 20; i++) deep[k++] = '(';
    deep[k++] = '2';
    for (int i = 0; i < 20; i++) deep[k++] = ')';
    deep[k] = '\0';
    ck_assert(konst(deep) == 2);
    free(text);
}
END_TEST

Suite *formula_suite(void)
{
    Suite *s = suite_create("formula");
    TCase *tc = tcase_create("formula");
    tcase_add_test(tc, test_formula_precedence_and_associativity);
    tcase_add_test(tc, test_formula_unary_minus_binds_looser_than_power);
    tcase_add_test(tc, test_formula_functions_compute_elementwise);
    tcase_add_test(tc, test_formula_min_max_need_two_arguments_unary_functions_one);
    tcase_add_test(tc, test_formula_missing_operand_gives_missing_not_counted);
    tcase_add_test(tc, test_formula_division_by_zero_is_missing_and_counted);
    tcase_add_test(tc, test_formula_names_unicode_and_backquoted);
    tcase_add_test(tc, test_formula_unknown_name_is_an_error_at_eval);
    tcase_add_test(tc, test_formula_syntax_errors_give_the_character_position);
    tcase_add_test(tc, test_formula_length_and_depth_limits);
    suite_add_tcase(s, tc);
    return s;
}
