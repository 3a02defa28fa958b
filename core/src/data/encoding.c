/* data/encoding.c — converts a data file's text from its declared encoding (GBK, GB18030,
 * Big5, UTF-16, or detected with `auto`) to UTF-8 through iconv, naming the line and the
 * bytes of an invalid sequence; validates UTF-8. */
#include "data/encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/str.h"

static const struct {
    const char *name;
    rc_encoding enc;
} names[] = {
    {"utf-8", RC_ENC_UTF8},     {"utf8", RC_ENC_UTF8},     {"gbk", RC_ENC_GBK},
    {"cp936", RC_ENC_GBK},      {"gb2312", RC_ENC_GBK},    {"gb18030", RC_ENC_GB18030},
    {"big5", RC_ENC_BIG5},      {"utf-16", RC_ENC_UTF16},  {"utf16", RC_ENC_UTF16},
    {"auto", RC_ENC_AUTO},
};

int rc_encoding_parse(const char *name, rc_encoding *out)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) {
            *out = names[i].enc;
            return 0;
        }
    return -1;
}

const char *rc_encoding_name(rc_encoding enc)
{
    switch (enc) {
    case RC_ENC_GBK: return "GBK";
    case RC_ENC_GB18030: return "GB18030";
    case RC_ENC_BIG5: return "Big5";
    case RC_ENC_UTF16: return "UTF-16";
    case RC_ENC_AUTO: return "auto";
    case RC_ENC_UTF8: break;
    }
    return "UTF-8";
}

size_t rc_utf8_invalid_at(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        if (c == 0) return i;
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (len - i <= need) return i;
        for (size_t k = 1; k <= need; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (cc & 0x3F);
        }
        /* overlong forms, surrogates, beyond U+10FFFF */
        if ((need == 2 && cp < 0x800) || (need == 3 && cp < 0x10000) || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return len;
}

static size_t lines_in(const char *s, size_t n)
{
    size_t line = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n') line++;
    return line;
}

/* "0xA3 0x20" — up to four bytes from p (fewer at the end of the input). */
static void hex_bytes(const unsigned char *p, size_t avail, char *buf, size_t size)
{
    size_t n = avail < 4 ? avail : 4, k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && k + 6 < size; i++)
        k += (size_t)snprintf(buf + k, size - k, "%s0x%02X", i ? " " : "", p[i]);
}

static int check_utf8(const char *name, const char *in, size_t len, rc_error *err)
{
    size_t bad = rc_utf8_invalid_at((const unsigned char *)in, len);
    if (bad >= len) return 0;
    char hx[32];
    hex_bytes((const unsigned char *)in + bad, len - bad, hx, sizeof hx);
    if (in[bad] == '\0')
        return rc_error_set(err, RC_ERRK_DATA,
                            "%s:%zu: the file contains a NUL byte (is it binary or UTF-16? "
                            "declare encoding: utf-16, or save it as UTF-8 CSV)",
                            name, lines_in(in, bad));
    return rc_error_set(err, RC_ERRK_DATA,
                        "%s:%zu: invalid UTF-8 (bytes %s); declare the file's encoding "
                        "(encoding: gbk, gb18030, big5, utf-16 or auto) or save it as UTF-8",
                        name, lines_in(in, bad), hx);
}

/* iconv from `from` into a new buffer. */
static int convert(const char *name, const char *in, size_t len, const char *from,
                   const char *label, char **out, size_t *out_len, rc_error *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return rc_error_set(err, RC_ERRK_OTHER, "%s: this system cannot convert from %s", name,
                            label);
    /* GBK/Big5 grow by at most 3/2; UTF-16 by 3/2 as well (2 bytes -> up to 3) */
    size_t cap = len / 2 * 3 + 8;
    char *buf = rc_malloc(cap + 1);
    if (!buf) {
        iconv_close(cd);
        return rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
    }
    char *ip = (char *)in, *op = buf;
    size_t il = len, ol = cap;
    int rc = 0;
    while (il > 0) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1) continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(op - buf), ncap = cap * 2;
            char *nb = rc_realloc(buf, ncap + 1);
            if (!nb) {
                rc = rc_error_set(err, RC_ERRK_OTHER, "%s: out of memory", name);
                break;
            }
            buf = nb;
            op = buf + used;
            ol += ncap - cap;
            cap = ncap;
            continue;
        }
        char hx[32];
        hex_bytes((const unsigned char *)ip, il, hx, sizeof hx);
        size_t line = lines_in(buf, (size_t)(op - buf));
        if (errno == EINVAL)
            rc = rc_error_set(err, RC_ERRK_DATA,
                              "%s:%zu: the file ends inside a %s character (bytes %s)", name,
                              line, label, hx);
        else
            rc = rc_error_set(err, RC_ERRK_DATA,
                              "%s:%zu: invalid %s byte sequence %s (is the file in another "
                              "encoding? encoding: auto detects UTF-8, UTF-16 and GB18030)",
                              name, line, label, hx);
        break;
    }
    iconv_close(cd);
    if (rc) {
        free(buf);
        return rc;
    }
    *out_len = (size_t)(op - buf);
    buf[*out_len] = '\0';
    /* the converted text must not hold NUL (a binary file read as GBK) */
    size_t bad = rc_utf8_invalid_at((const unsigned char *)buf, *out_len);
    if (bad < *out_len) {
        rc = rc_error_set(err, RC_ERRK_DATA,
                          "%s:%zu: the file contains a NUL byte (is it binary?)", name,
                          lines_in(buf, bad));
        free(buf);
        return rc;
    }
    *out = buf;
    return 0;
}

static int is_utf16_bom(const unsigned char *s, size_t len, int *le)
{
    if (len < 2) return 0;
    if (s[0] == 0xFF && s[1] == 0xFE) {
        *le = 1;
        return 1;
    }
    if (s[0] == 0xFE && s[1] == 0xFF) {
        *le = 0;
        return 1;
    }
    return 0;
}

int rc_text_to_utf8(const char *name, const char *in, size_t len, rc_encoding enc,
                    rc_warn_fn warn, void *user, char **out, size_t *out_len, size_t *skip,
                    rc_error *err)
{
    const unsigned char *u = (const unsigned char *)in;
    *out = NULL;
    *out_len = 0;
    *skip = 0;
    int utf8_bom = len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    int le = 1;
    switch (enc) {
    case RC_ENC_AUTO:
        if (is_utf16_bom(u, len, &le))
            return convert(name, in + 2, len - 2, le ? "UTF-16LE" : "UTF-16BE", "UTF-16", out,
                           out_len, err);
        if (utf8_bom || rc_utf8_invalid_at(u, len) >= len) {
            *skip = utf8_bom ? 3 : 0;
            return check_utf8(name, in + *skip, len - *skip, err);
        }
        {
            /* a NUL byte in text without a BOM: UTF-16 without a BOM is not guessed */
            if (memchr(in, '\0', len)) return check_utf8(name, in, len, err);
            int rc = convert(name, in, len, "GB18030", "GB18030", out, out_len, err);
            if (rc == 0) {
                char msg[600];
                snprintf(msg, sizeof msg,
                         "%s is not UTF-8; read it as GB18030 (a superset of GBK); declare "
                         "encoding: gb18030 (or the right one) to silence this",
                         name);
                if (warn) warn(user, msg);
                else fprintf(stderr, "warning: %s\n", msg);
            } else {
                rc_error_prefix(err, "%s is neither UTF-8 nor GB18030: ", name);
            }
            return rc;
        }
    case RC_ENC_UTF16:
        if (is_utf16_bom(u, len, &le)) {
            in += 2;
            len -= 2;
        }
        return convert(name, in, len, le ? "UTF-16LE" : "UTF-16BE", "UTF-16", out, out_len, err);
    case RC_ENC_GBK:
    case RC_ENC_GB18030:
    case RC_ENC_BIG5:
        if (utf8_bom)
            return rc_error_set(err, RC_ERRK_DATA,
                                "%s:1: the file starts with a UTF-8 byte-order mark but is "
                                "declared %s; remove encoding: or declare utf-8",
                                name, rc_encoding_name(enc));
        return convert(name, in, len,
                       enc == RC_ENC_GBK ? "GBK" : enc == RC_ENC_BIG5 ? "BIG5" : "GB18030",
                       rc_encoding_name(enc), out, out_len, err);
    case RC_ENC_UTF8:
        break;
    }
    *skip = utf8_bom ? 3 : 0;
    return check_utf8(name, in + *skip, len - *skip, err);
}
