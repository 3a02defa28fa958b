/* util/str.c — implementation of the helpers in util/str.h. */
#include "util/str.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/alloc.h"

/* Every allocation goes through util/alloc.c (counted; a test can make one fail). */
void *rc_malloc(size_t n) { return rc_alloc(n); }
void *rc_calloc(size_t n, size_t size) { return rc_alloc_zero(n, size); }
void *rc_realloc(void *p, size_t n) { return rc_alloc_resize(p, n); }

void *rc_reallocarray(void *p, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) return NULL;
    return rc_alloc_resize(p, n * size);
}

char *rc_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *d = rc_alloc(n + 1);
    if (d) memcpy(d, s, n + 1);
    return d;
}

char *rc_strndup(const char *s, size_t n)
{
    char *d = rc_alloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void rc_buf_init(rc_buf *b) { memset(b, 0, sizeof *b); }

void rc_buf_free(rc_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void rc_buf_append(rc_buf *b, const char *s, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *d = rc_alloc_resize(b->data, cap);
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void rc_buf_puts(rc_buf *b, const char *s) { rc_buf_append(b, s, strlen(s)); }

void rc_buf_printf(rc_buf *b, const char *fmt, ...)
{
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        rc_buf_append(b, small, (size_t)n);
        return;
    }
    char *big = rc_alloc((size_t)n + 1);
    if (!big) {
        b->failed = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rc_buf_append(b, big, (size_t)n);
    free(big);
}

size_t rc_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    size_t *row = rc_alloc((lb + 1) * sizeof *row);
    if (!row) return SIZE_MAX;
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best) best = row[j] + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    size_t d = row[lb];
    free(row);
    return d;
}

const char *rc_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t bestd = SIZE_MAX;
    /* a name differing only in letter case (per: GDP for the series gdp) is the answer */
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(word, candidates[i]) == 0) return candidates[i];
    for (size_t i = 0; i < n; i++) {
        size_t d = rc_edit_distance(word, candidates[i]);
        if (d < bestd) {
            bestd = d;
            best = candidates[i];
        }
    }
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    return bestd <= limit ? best : NULL;
}

/* The reference formatting: the shortest of %.15g, %.16g, %.17g that reads back exactly. */
static char *fmt_double_slow(double v, char *buf, size_t size)
{
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, size, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) break;
    }
    return buf;
}

__extension__ typedef unsigned __int128 u128;

static const u128 pow10_table[23] = {
    (u128)1ULL,
    (u128)10ULL,
    (u128)100ULL,
    (u128)1000ULL,
    (u128)10000ULL,
    (u128)100000ULL,
    (u128)1000000ULL,
    (u128)10000000ULL,
    (u128)100000000ULL,
    (u128)1000000000ULL,
    (u128)10000000000ULL,
    (u128)100000000000ULL,
    (u128)1000000000000ULL,
    (u128)10000000000000ULL,
    (u128)100000000000000ULL,
    (u128)1000000000000000ULL,
    (u128)10000000000000000ULL,
    (u128)100000000000000000ULL,
    (u128)1000000000000000000ULL,
    (u128)10000000000000000000ULL,
    (u128)10000000000000000000ULL * 10ULL,
    (u128)10000000000000000000ULL * 100ULL,
    (u128)10000000000000000000ULL * 1000ULL};

static u128 pow10_u128(int k) { return pow10_table[k]; }

/* q = round-half-even(m * 10^k / 2^s) for 0 <= k <= 21, 0 <= s <= 68 (all exact). */
static u128 scaled_round(uint64_t m, int k, int s)
{
    u128 num = (u128)m * pow10_u128(k);
    u128 q = s ? num >> s : num;
    u128 rem = s ? num - (q << s) : 0;
    u128 half = s ? (u128)1 << (s - 1) : 0;
    if (s && (rem > half || (rem == half && (q & 1)))) q++;
    return q;
}

/* Does the decimal q * 10^-k read back as m * 2^-s?  Exact: compares q * 2^(s+2) with
 * m * 4 * 10^k within the rounding interval (half-ulp above; below, a quarter ulp when m is
 * a power of two), ties going to the even mantissa as strtod does. */
static int reads_back(u128 q, int k, uint64_t m, int s)
{
    u128 lhs = q << (s + 2);
    u128 mid = (u128)m * 4 * pow10_u128(k);
    u128 unit = pow10_u128(k);
    u128 up = 2 * unit, down = m == ((uint64_t)1 << 52) ? unit : 2 * unit;
    if (lhs >= mid) {
        u128 d = lhs - mid;
        return d < up || (d == up && !(m & 1));
    }
    u128 d = mid - lhs;
    return d < down || (d == down && !(m & 1));
}

/* Writes q (exactly `prec` digits, value q * 10^(e10 - prec + 1)) the way %.{prec}g does. */
static void write_g(char *buf, size_t size, int neg, u128 q128, int prec, int e10)
{
    char dig[24] = {0}; /* every digit is written below; zeroed for the analysers */
    uint64_t q = (uint64_t)q128; /* < 10^17 */
    for (int i = prec - 1; i >= 0; i--) {
        dig[i] = (char)('0' + (int)(q % 10));
        q /= 10;
    }
    int nd = prec;
    while (nd > 1 && dig[nd - 1] == '0') nd--; /* %g drops trailing zeros */
    char out[48];
    size_t o = 0;
    if (neg) out[o++] = '-';
    if (e10 < -4 || e10 >= prec) {
        out[o++] = dig[0];
        if (nd > 1) {
            out[o++] = '.';
            for (int i = 1; i < nd; i++) out[o++] = dig[i];
        }
        int e = e10 < 0 ? -e10 : e10;
        out[o++] = 'e';
        out[o++] = e10 < 0 ? '-' : '+';
        if (e >= 100) out[o++] = (char)('0' + e / 100);
        out[o++] = (char)('0' + (e / 10) % 10);
        out[o++] = (char)('0' + e % 10);
    } else if (e10 >= 0) {
        for (int i = 0; i <= e10; i++) out[o++] = i < nd ? dig[i] : '0';
        if (nd > e10 + 1) {
            out[o++] = '.';
            for (int i = e10 + 1; i < nd; i++) out[o++] = dig[i];
        }
    } else {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = 0; i < -e10 - 1; i++) out[o++] = '0';
        for (int i = 0; i < nd; i++) out[o++] = dig[i];
    }
    out[o] = '\0';
    if (o < size) memcpy(buf, out, o + 1);
    else if (size) buf[0] = '\0';
}

char *rc_fmt_double(double v, char *buf, size_t size)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    if (v == 0) {
        snprintf(buf, size, "0"); /* no "-0" */
        return buf;
    }
    int neg = v < 0;
    double a = neg ? -v : v;
    /* Fast exact path for normal numbers in [2^-16, 2^53): m * 2^-s with s in [0, 68]. */
    int exp2;
    double frac = frexp(a, &exp2); /* a = frac * 2^exp2, frac in [0.5, 1) */
    int s = 53 - exp2;
    if (!isfinite(a) || s < 0 || s > 68) return fmt_double_slow(v, buf, size);
    uint64_t m = (uint64_t)ldexp(frac, 53);
    int e10 = (int)floor(log10(a));
    for (int prec = 15; prec <= 17; prec++) {
        int e = e10;
        int k = prec - 1 - e;
        if (k < 0 || k > 21) return fmt_double_slow(v, buf, size);
        u128 q = scaled_round(m, k, s);
        u128 lo = pow10_u128(prec - 1), hi = pow10_u128(prec);
        if (q < lo) { /* log10 overestimated */
            e--;
            k++;
            if (k > 21) return fmt_double_slow(v, buf, size);
            q = scaled_round(m, k, s);
        }
        if (q >= hi) { /* rounded up to the next power of ten, or log10 underestimated */
            e++;
            k--;
            if (k < 0) return fmt_double_slow(v, buf, size);
            q = scaled_round(m, k, s);
        }
        if (q < lo || q >= hi) return fmt_double_slow(v, buf, size);
        if (prec == 17 || reads_back(q, k, m, s)) {
            write_g(buf, size, neg, q, prec, e);
            return buf;
        }
    }
    return fmt_double_slow(v, buf, size);
}

int rc_str_endswith(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int rc_is_identifier(const char *s)
{
    if (!s || !s[0] || (s[0] >= '0' && s[0] <= '9')) return 0;
    for (const char *p = s; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_'))
            return 0;
    }
    return 1;
}

long rc_choice_index(const char *choices, const char *value)
{
    if (!choices || !value) return -1;
    size_t n = strlen(value);
    long i = 0;
    for (const char *p = choices;; i++) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, value, n) == 0) return i;
        if (!bar) return -1;
        p = bar + 1;
    }
}

const char *rc_choice_at(const char *choices, size_t i, char *buf, size_t size)
{
    if (!choices || size == 0) return NULL;
    const char *p = choices;
    for (size_t k = 0; k < i; k++) {
        p = strchr(p, '|');
        if (!p) return NULL;
        p++;
    }
    size_t len = strcspn(p, "|");
    if (len >= size) len = size - 1;
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}
