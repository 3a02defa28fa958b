/* data/encoding.h — the text encodings a data file may be declared in (`encoding:`) and
 * their conversion to UTF-8 through iconv: GBK, GB18030, Big5, UTF-16 and `auto` (BOMs,
 * else UTF-8, else GB18030 with a warning). Invalid bytes are refused naming the line and
 * the bytes. Also UTF-8 validation for text that must already be UTF-8. */
#ifndef RC_DATA_ENCODING_H
#define RC_DATA_ENCODING_H

#include <stddef.h>

#include "data/table.h"
#include "util/error.h"

typedef enum rc_encoding {
    RC_ENC_UTF8 = 0,
    RC_ENC_GBK,
    RC_ENC_GB18030,
    RC_ENC_BIG5,
    RC_ENC_UTF16,  /* BOM decides the byte order; little-endian without one */
    RC_ENC_AUTO
} rc_encoding;

/* Parses a config name (utf-8, utf8, gbk, cp936, gb18030, big5, utf-16, auto; any case).
 * Returns 0, or -1 for an unknown name. */
int rc_encoding_parse(const char *name, rc_encoding *out);
const char *rc_encoding_name(rc_encoding enc);

/* Offset of the first byte that is not part of valid UTF-8 (or is NUL), or len. Overlong
 * forms, surrogates and code points past U+10FFFF are invalid. */
size_t rc_utf8_invalid_at(const unsigned char *s, size_t len);

/* Converts `len` bytes in `enc` to UTF-8 (a UTF-8 BOM is removed; UTF-8 input is
 * validated). On success *out is a new NUL-terminated buffer of *out_len bytes, or NULL
 * when the input is UTF-8 already and can be used as it is (after *skip BOM bytes).
 * Errors (RC_ERRK_DATA) name `name`:line and the offending bytes ("invalid GBK byte
 * sequence 0xA3 0x20"); a NUL byte in UTF-8 text suggests UTF-16. `auto` warns through
 * `warn` when it falls back to GB18030. */
int rc_text_to_utf8(const char *name, const char *in, size_t len, rc_encoding enc,
                    rc_warn_fn warn, void *user, char **out, size_t *out_len, size_t *skip,
                    rc_error *err);

#endif
