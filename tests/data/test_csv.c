/* tests/data/test_csv.c — the CSV reader's RFC 4180 rules and error messages, and data-cell
 * parsing (missing values, non-finite numbers, spaces). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/csv.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "suites.h"

static rc_csv *parse(const char *text, rc_error *err)
{
    rc_csv *csv = NULL;
    rc_error_clear(err);
    int rc = rc_csv_parse(text, strlen(text), "t.csv", &csv, err);
    ck_assert((rc == 0) == (csv != NULL));
    return csv;
}

#define ASSERT_ERR(text, needle)                                                              \
    do {                                                                                      \
        rc_error e_;                                                                          \
        rc_csv *c_ = parse(text, &e_);                                                        \
        ck_assert_ptr_null(c_);                                                               \
        ck_assert_int_eq(e_.kind, RC_ERRK_DATA);                                              \
        ck_assert_msg(strstr(e_.msg, needle), "message '%s' lacks '%s'", e_.msg, needle);     \
    } while (0)

START_TEST(test_csv_reads_header_and_rows_with_lf)
{
    rc_error err;
    rc_csv *csv = parse("a,b,c\n1,2,3\n4,5,6\n", &err);
    ck_assert_msg(csv, "%s", err.msg);
    ck_assert_uint_eq(csv->header.n, 3);
    ck_assert_str_eq(csv->header.fields[2], "c");
    ck_assert_uint_eq(csv->n_rows, 2);
    ck_assert_str_eq(csv->rows[1].fields[0], "4");
    ck_assert_uint_eq(csv->rows[1].line, 3);
    ck_assert_int_eq(rc_csv_col(csv, "b"), 1);
    ck_assert_int_eq(rc_csv_col(csv, " c "), 2);
    ck_assert_int_eq(rc_csv_col(csv, "d"), -1);
    rc_csv_free(csv);
}
END_TEST

START_TEST(test_csv_strips_bom_and_handles_crlf_without_final_newline)
{
    rc_error err;
    rc_csv *csv = parse("\xEF\xBB\xBFregion,value\r\nA,1\r\nB,2", &err);
    ck_assert_msg(csv, "%s", err.msg);
    ck_assert_str_eq(csv->header.fields[0], "region");
    ck_assert_int_eq(rc_csv_col(csv, "region"), 0);
    ck_assert_uint_eq(csv->n_rows, 2);
    ck_assert_str_eq(csv->rows[0].fields[1], "1");
    ck_assert_str_eq(csv->rows[1].fields[1], "2");
    ck_assert_uint_eq(csv->rows[1].line, 3);
    rc_csv_free(csv);
}
END_TEST

START_TEST(test_csv_quoted_fields_keep_commas_newlines_and_escaped_quotes)
{
    rc_error err;
    rc_csv *csv = parse("name,note\n\"a,b\",\"line1\nline2\"\n\"say \"\"hi\"\"\",\"\"\nx,y\n", &err);
    ck_assert_msg(csv, "%s", err.msg);
    ck_assert_uint_eq(csv->n_rows, 3);
    ck_assert_str_eq(csv->rows[0].fields[0], "a,b");
    ck_assert_str_eq(csv->rows[0].fields[1], "line1\nline2");
    ck_assert_str_eq(csv->rows[1].fields[0], "say \"hi\"");
    ck_assert_str_eq(csv->rows[1].fields[1], "");
    /* the line break inside quotes counts: the third row starts on line 5 */
    ck_assert_uint_eq(csv->rows[1].line, 4);
    ck_assert_uint_eq(csv->rows[2].line, 5);
    rc_csv_free(csv);
}
END_TEST

START_TEST(test_csv_chinese_headers_are_found_by_name)
{
    rc_error err;
    rc_csv *csv = parse("地区,年份,数值\n北京,2020,1.5\n", &err);
    ck_assert_msg(csv, "%s", err.msg);
    ck_assert_int_eq(rc_csv_col(csv, "年份"), 1);
    ck_assert_str_eq(csv->rows[0].fields[0], "北京");
    rc_csv_free(csv);
}
END_TEST

START_TEST(test_csv_skips_blank_lines_but_keeps_line_numbers)
{
    rc_error err;
    rc_csv *csv = parse("\n  \na,b\n\n1,2\n   \n3,4\n\n", &err);
    ck_assert_msg(csv, "%s", err.msg);
    ck_assert_uint_eq(csv->header.line, 3);
    ck_assert_uint_eq(csv->n_rows, 2);
    ck_assert_uint_eq(csv->rows[0].line, 5);
    ck_assert_uint_eq(csv->rows[1].line, 7);
    rc_csv_free(csv);
}
END_TEST

START_TEST(test_csv_ragged_row_is_an_error_naming_its_line)
{
    ASSERT_ERR("a,b,c\n1,2,3\n\n4,5\n", "t.csv:4: the row has 2 fields, the header has 3");
    ASSERT_ERR("a,b\n1,2,3\n", "t.csv:2: the row has 3 fields");
}
END_TEST

START_TEST(test_csv_unterminated_quote_names_the_line_it_opened_on)
{
    ASSERT_ERR("a,b\n1,2\n3,\"open\n4,5\n", "t.csv:3: unterminated quoted field");
}
END_TEST

START_TEST(test_csv_text_after_closing_quote_is_an_error)
{
    ASSERT_ERR("a,b\n\"x\"y,2\n", "t.csv:2: unexpected text after a closing quote");
}
END_TEST

START_TEST(test_csv_empty_file_is_an_error)
{
    ASSERT_ERR("", "t.csv: the file is empty");
    ASSERT_ERR("\xEF\xBB\xBF\n\r\n", "t.csv: the file is empty");
}
END_TEST

START_TEST(test_csv_invalid_utf8_is_an_error_naming_the_line)
{
    /* GBK bytes for 北京 are not UTF-8 */
    ASSERT_ERR("a,b\n1,2\n\xB1\xB1\xBE\xA9,3\n", "t.csv:3: invalid UTF-8");
    /* an overlong encoding of '/' and a lone continuation byte */
    ASSERT_ERR("a\n\xC0\xAF\n", "t.csv:2: invalid UTF-8");
    ASSERT_ERR("a\n\x80\n", "invalid UTF-8");
    /* a UTF-16 surrogate encoded in UTF-8 */
    ASSERT_ERR("a\n\xED\xA0\x80\n", "invalid UTF-8");
    /* truncated sequence at the end of the text */
    ASSERT_ERR("a\n\xE5\x8C", "invalid UTF-8");
}
END_TEST

START_TEST(test_csv_nul_byte_is_an_error)
{
    rc_error err;
    rc_csv *csv = NULL;
    const char text[] = "a,b\n1,\0002\n";
    ck_assert_int_eq(rc_csv_parse(text, sizeof text - 1, "t.csv", &csv, &err), -1);
    ck_assert_ptr_null(csv);
    ck_assert_msg(strstr(err.msg, "t.csv:2:") && strstr(err.msg, "NUL"), "%s", err.msg);
}
END_TEST

START_TEST(test_csv_duplicate_or_empty_header_names_are_errors)
{
    ASSERT_ERR("a,b, a\n1,2,3\n", "t.csv:1: the header names column 'a' twice (columns 1 and 3)");
    ASSERT_ERR("a,,c\n1,2,3\n", "t.csv:1: column 2 of the header has no name");
}
END_TEST

START_TEST(test_csv_field_over_one_mebibyte_is_refused)
{
    size_t n = RC_CSV_MAX_FIELD + 10;
    char *text = malloc(n + 8);
    ck_assert_ptr_nonnull(text);
    memcpy(text, "a\n", 2);
    memset(text + 2, 'x', n);
    text[n + 2] = '\n';
    rc_error err;
    rc_csv *csv = NULL;
    ck_assert_int_eq(rc_csv_parse(text, n + 3, "t.csv", &csv, &err), -1);
    ck_assert_msg(strstr(err.msg, "t.csv:2: a field is longer than 1 MiB"), "%s", err.msg);
    free(text);
}
END_TEST

START_TEST(test_csv_read_missing_file_names_the_path)
{
    rc_error err;
    rc_csv *csv = NULL;
    ck_assert_int_eq(rc_csv_read("/nonexistent/dir/x.csv", &csv, &err), -1);
    ck_assert_int_eq(err.kind, RC_ERRK_DATA);
    ck_assert_msg(strstr(err.msg, "/nonexistent/dir/x.csv: cannot open"), "%s", err.msg);
}
END_TEST

START_TEST(test_csv_read_file_reports_the_path_in_errors)
{
    rc_error err;
    rc_csv *csv = NULL;
    ck_assert_int_eq(rc_csv_read(REGCOORD_TEST_DATA_DIR "/fixtures/wide.csv", &csv, &err), 0);
    ck_assert_uint_eq(csv->n_rows, 3);
    ck_assert_str_eq(csv->rows[2].fields[2], " 3.5 ");
    ck_assert(strstr(csv->path, "fixtures/wide.csv") != NULL);
    rc_csv_free(csv);
}
END_TEST

START_TEST(test_value_parsing_numbers_missing_and_rejects)
{
    double v;
    ck_assert_int_eq(rc_csv_parse_value("3.5", &v), 1);
    ck_assert(v == 3.5);
    ck_assert_int_eq(rc_csv_parse_value(" 3.5 ", &v), 1);
    ck_assert(v == 3.5);
    ck_assert_int_eq(rc_csv_parse_value("-1e3", &v), 1);
    ck_assert(v == -1000.0);
    ck_assert_int_eq(rc_csv_parse_value("+.25", &v), 1);
    ck_assert(v == 0.25);
    ck_assert_int_eq(rc_csv_parse_value("7.", &v), 1);
    ck_assert(v == 7.0);
    ck_assert_int_eq(rc_csv_parse_value("", &v), 0);
    ck_assert(isnan(v));
    ck_assert_int_eq(rc_csv_parse_value("   ", &v), 0);
    ck_assert(isnan(v));
    ck_assert_int_eq(rc_csv_parse_value("NA", &v), 0);
    ck_assert(isnan(v));
    ck_assert_int_eq(rc_csv_parse_value(" NA ", &v), 0);
    const char *bad[] = {"inf", "-inf", "Infinity", "nan", "NaN", "1e999", "-1e999", "abc",
                         "1,5", "0x10", "1e", ".", "-", "1.2.3", "5 6", "na"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(rc_csv_parse_value(bad[i], &v) == -1, "'%s' should be rejected", bad[i]);
}
END_TEST

/* The fast decimal path (no strtod) must give strtod's very double, sign of zero included,
 * for random decimals of 1 to 17 digits with the point anywhere. */
START_TEST(test_value_parsing_fast_path_equals_strtod_bit_for_bit)
{
    uint64_t x = 88172645463325252ULL;
    char b[64];
    for (long i = 0; i < 500000; i++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        int digs = 1 + (int)(x % 17), dot = (int)((x >> 8) % (uint64_t)(digs + 1)), k = 0;
        uint64_t y = x;
        if ((x >> 20) & 1) b[k++] = '-';
        for (int d = 0; d < digs; d++) {
            if (d == dot && d > 0) b[k++] = '.';
            y = y * 6364136223846793005ULL + 1442695040888963407ULL;
            b[k++] = (char)('0' + (int)((y >> 33) % 10));
        }
        b[k] = '\0';
        double got, want = strtod(b, NULL);
        ck_assert_int_eq(rc_csv_parse_value(b, &got), 1);
        ck_assert_msg(memcmp(&got, &want, sizeof got) == 0, "%s: %.17g, strtod %.17g", b, got, want);
    }
}
END_TEST

Suite *csv_suite(void)
{
    Suite *s = suite_create("csv");
    TCase *tc = tcase_create("csv");
    tcase_add_test(tc, test_csv_reads_header_and_rows_with_lf);
    tcase_add_test(tc, test_csv_strips_bom_and_handles_crlf_without_final_newline);
    tcase_add_test(tc, test_csv_quoted_fields_keep_commas_newlines_and_escaped_quotes);
    tcase_add_test(tc, test_csv_chinese_headers_are_found_by_name);
    tcase_add_test(tc, test_csv_skips_blank_lines_but_keeps_line_numbers);
    tcase_add_test(tc, test_csv_ragged_row_is_an_error_naming_its_line);
    tcase_add_test(tc, test_csv_unterminated_quote_names_the_line_it_opened_on);
    tcase_add_test(tc, test_csv_text_after_closing_quote_is_an_error);
    tcase_add_test(tc, test_csv_empty_file_is_an_error);
    tcase_add_test(tc, test_csv_invalid_utf8_is_an_error_naming_the_line);
    tcase_add_test(tc, test_csv_nul_byte_is_an_error);
    tcase_add_test(tc, test_csv_duplicate_or_empty_header_names_are_errors);
    tcase_add_test(tc, test_csv_field_over_one_mebibyte_is_refused);
    tcase_add_test(tc, test_csv_read_missing_file_names_the_path);
    tcase_add_test(tc, test_csv_read_file_reports_the_path_in_errors);
    tcase_add_test(tc, test_value_parsing_numbers_missing_and_rejects);
    tcase_add_test(tc, test_value_parsing_fast_path_equals_strtod_bit_for_bit);
    suite_add_tcase(s, tc);
    return s;
}
