/* data/text.c — folds full-width forms to ASCII, normalises names to NFC with ICU, and
 * strips Chinese administrative suffixes for region-name suggestions. */
#include "data/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "util/str.h"

int rc_text_has_non_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80) return 1;
    return 0;
}

size_t rc_text_fold_width(const char *s, char *out, size_t size)
{
    size_t k = 0;
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned char c = *u;
        char ascii = 0;
        size_t adv = 1;
        if (c == 0xEF && u[1] == 0xBC && u[2] >= 0x81 && u[2] <= 0xBF) {
            ascii = (char)(u[2] - 0x81 + 0x21); /* U+FF01..U+FF3F */
            adv = 3;
        } else if (c == 0xEF && u[1] == 0xBD && u[2] >= 0x80 && u[2] <= 0x9E) {
            ascii = (char)(u[2] - 0x80 + 0x60); /* U+FF40..U+FF5E */
            adv = 3;
        } else if (c == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
            ascii = ' '; /* U+3000 ideographic space */
            adv = 3;
        } else if (c == 0xE2 && u[1] == 0x88 && u[2] == 0x92) {
            ascii = '-'; /* U+2212 minus sign */
            adv = 3;
        }
        if (ascii) {
            if (k + 1 >= size) return (size_t)-1;
            out[k++] = ascii;
            u += adv;
        } else {
            if (k + 1 >= size) return (size_t)-1;
            out[k++] = (char)c;
            u++;
        }
    }
    if (k >= size) return (size_t)-1;
    out[k] = '\0';
    return k;
}

static char *trim_copy(const char *s, size_t n)
{
    while (n > 0 && (*s == ' ' || *s == '\t')) s++, n--;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    return rc_strndup(s, n);
}

char *rc_text_name_key(const char *s)
{
    if (!rc_text_has_non_ascii(s)) return trim_copy(s, strlen(s));
    size_t len = strlen(s);
    char *folded = rc_malloc(len + 1);
    if (!folded) return NULL;
    size_t fl = rc_text_fold_width(s, folded, len + 1);
    if (fl == (size_t)-1) {
        free(folded);
        return NULL;
    }
    /* NFC through ICU: UTF-8 -> UTF-16 -> normalise -> UTF-8 */
    UErrorCode st = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
    char *res = NULL;
    if (U_SUCCESS(st) && fl < INT32_MAX / 4) {
        int32_t cap = (int32_t)fl + 1, n16 = 0;
        UChar *u16 = rc_calloc((size_t)cap, sizeof *u16);
        UChar *n16buf = rc_calloc((size_t)cap * 3, sizeof *n16buf);
        if (u16 && n16buf) {
            u_strFromUTF8(u16, cap, &n16, folded, (int32_t)fl, &st);
            int32_t nn = U_SUCCESS(st) ? unorm2_normalize(nfc, u16, n16, n16buf, cap * 3, &st) : 0;
            if (U_SUCCESS(st)) {
                int32_t n8 = 0;
                size_t cap8 = (size_t)nn * 3 + 1;
                char *u8 = rc_malloc(cap8);
                if (u8) {
                    u_strToUTF8(u8, (int32_t)cap8, &n8, n16buf, nn, &st);
                    if (U_SUCCESS(st)) res = trim_copy(u8, (size_t)n8);
                    free(u8);
                }
            }
        }
        free(u16);
        free(n16buf);
    }
    if (!res) res = trim_copy(folded, fl); /* invalid text: compared as folded */
    free(folded);
    return res;
}

/* Longest suffixes first. */
static const char *const admin_suffixes[] = {
    "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县",
    "地区", "新区", "省", "市", "盟", "县", "区", "州",
};

const char *rc_text_strip_admin(const char *s, char *out, size_t size)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < sizeof admin_suffixes / sizeof admin_suffixes[0]; i++) {
        size_t m = strlen(admin_suffixes[i]);
        if (n > m && memcmp(s + n - m, admin_suffixes[i], m) == 0 && n - m < size) {
            memcpy(out, s, n - m);
            out[n - m] = '\0';
            return out;
        }
    }
    return NULL;
}
