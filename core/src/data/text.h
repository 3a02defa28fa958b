/* data/text.h — text normalisation for what analysts type into cells: full-width digits
 * and punctuation folded to ASCII (２０１５ -> 2015, ３．９ -> 3.9, the ideographic space
 * -> a space), Unicode NFC (through ICU) for region names, and the administrative suffixes
 * of Chinese region names (省, 市, 自治区, 壮族自治区, 特别行政区 …) for suggestions. */
#ifndef RC_DATA_TEXT_H
#define RC_DATA_TEXT_H

#include <stddef.h>

/* Folds full-width forms (U+FF01..U+FF5E -> ASCII, U+3000 -> ' ', U+2212 minus -> '-')
 * of `s` into out (at most size - 1 bytes, NUL-terminated). Returns the length, or
 * (size_t)-1 when the text does not fit. Text without such characters is copied. */
size_t rc_text_fold_width(const char *s, char *out, size_t size);
/* 1 if s holds a byte >= 0x80 (anything to normalise at all). */
int rc_text_has_non_ascii(const char *s);
/* A region name as compared: trimmed, width-folded and NFC-normalised. Returns a new
 * string (NULL out of memory). ASCII text comes back trimmed only. */
char *rc_text_name_key(const char *s);
/* The name without its administrative suffix (the longest of 省 市 自治区 壮族自治区
 * 回族自治区 维吾尔自治区 特别行政区 地区 自治州 盟 县 区 …) when something is left; writes into
 * out and returns it, or NULL when the name has no such suffix. */
const char *rc_text_strip_admin(const char *s, char *out, size_t size);

#endif
