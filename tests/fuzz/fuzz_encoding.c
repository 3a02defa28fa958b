/* tests/fuzz/fuzz_encoding.c — fuzz target for the encoding conversion (data/encoding.c)
 * and the yearbook cell rules (data/source.c): the bytes are converted from every declared
 * encoding; a success must be valid UTF-8 without NUL; the text is then parsed as a CSV
 * and each field as a number and a year under thousands/decimal/percent conventions. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/csv.h"
#include "data/encoding.h"
#include "data/source.h"
#include "fuzz_entry.h"

static void quiet(void *user, const char *msg)
{
    (void)user;
    (void)msg;
}

int RC_FUZZ_ENTRY(encoding)(const uint8_t *data, size_t size)
{
    static const rc_encoding encs[] = {RC_ENC_UTF8, RC_ENC_GBK,   RC_ENC_GB18030,
                                       RC_ENC_BIG5, RC_ENC_UTF16, RC_ENC_AUTO};
    for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++) {
        rc_error err = {0};
        char *out = NULL;
        size_t n = 0, skip = 0;
        if (rc_text_to_utf8("fuzz.csv", (const char *)data, size, encs[e], quiet, NULL, &out, &n,
                            &skip, &err) != 0) {
            RC_FUZZ_CHECK(out == NULL && err.msg[0] != '\0');
            continue;
        }
        const char *text = out ? out : (const char *)data + skip;
        size_t len = out ? n : size - skip;
        RC_FUZZ_CHECK(rc_utf8_invalid_at((const unsigned char *)text, len) == len);
        rc_csv *csv = NULL;
        if (rc_csv_parse(text, len, "fuzz.csv", &csv, &err) == 0) {
            rc_source_opts o[3];
            memset(o, 0, sizeof o);
            o[0].decimal = '.';
            o[1].decimal = '.';
            o[1].thousands = ',';
            o[1].percent = RC_PCT_VALUE;
            o[2].decimal = ',';
            o[2].thousands = '.';
            o[2].percent = RC_PCT_FRACTION;
            for (size_t r = 0; r < csv->n_rows && r < 64; r++)
                for (size_t c = 0; c < csv->rows[r].n; c++) {
                    const char *f = csv->rows[r].fields[c];
                    for (int k = 0; k < 3; k++) {
                        double v;
                        rc_cell_hint h;
                        int rc = rc_source_value(&o[k], f, &v, &h);
                        RC_FUZZ_CHECK((rc == 1 && isfinite(v)) || (rc != 1 && isnan(v)));
                    }
                    int y;
                    if (rc_source_year(f, &y) == 0) RC_FUZZ_CHECK(y >= 1 && y <= 9999);
                }
            rc_csv_free(csv);
        }
        free(out);
    }
    return 0;
}
