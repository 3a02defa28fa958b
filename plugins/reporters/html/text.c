/* plugins/reporters/html/text.c — the html reporter's output buffer: appending, HTML
 * escaping of text from the data, and number text that is the same in every locale and
 * on every run. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

void hb_put(hbuf *b, const char *s, size_t n)
{
    if (n) rr_put(b, s, n);
}

void hb_puts(hbuf *b, const char *s) { rr_puts(b, s); }

void hb_printf(hbuf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    hb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void hb_esc(hbuf *b, const char *s)
{
    if (!s) return;
    const char *run = s;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        switch (*p) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default:
            if ((unsigned char)*p < 0x20 && *p != '\t') rep = " ";
            break;
        }
        if (!rep) continue;
        hb_put(b, run, (size_t)(p - run));
        hb_puts(b, rep);
        run = p + 1;
    }
    hb_puts(b, run);
}

/* printf output made locale-independent: a ',' decimal separator becomes '.', and a
 * negative zero ("-0", "-0.00") loses its sign. */
static void put_number_text(hbuf *b, char *txt)
{
    for (char *p = txt; *p; p++)
        if (*p == ',') *p = '.';
    if (txt[0] == '-' && strspn(txt + 1, "0.") == strlen(txt + 1)) txt++;
    hb_puts(b, txt);
}

void hb_fixed(hbuf *b, double v, int decimals)
{
    char txt[400];
    if (isnan(v)) {
        hb_puts(b, "—");
        return;
    }
    if (isinf(v)) {
        hb_puts(b, v > 0 ? "∞" : "−∞");
        return;
    }
    snprintf(txt, sizeof txt, "%.*f", decimals, v);
    put_number_text(b, txt);
}

void hb_signed(hbuf *b, double v, int decimals)
{
    char txt[400];
    if (isnan(v)) {
        hb_puts(b, "—");
        return;
    }
    snprintf(txt, sizeof txt, "%.*f", decimals, v);
    /* "+" only when the text shown is not zero */
    if (v > 0 && strspn(txt, "0.") != strlen(txt)) hb_puts(b, "+");
    put_number_text(b, txt);
}

void hb_sig(hbuf *b, double v)
{
    char txt[64];
    if (isnan(v)) {
        hb_puts(b, "—");
        return;
    }
    snprintf(txt, sizeof txt, "%.4g", v);
    put_number_text(b, txt);
}

void hb_coord(hbuf *b, double v)
{
    char txt[64];
    if (!isfinite(v)) v = 0;
    snprintf(txt, sizeof txt, "%.1f", v);
    put_number_text(b, txt);
}
