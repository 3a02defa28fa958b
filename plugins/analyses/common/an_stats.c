/* plugins/analyses/common/an_stats.c — the analysis plugins' shared numerics: seeded
 * generator, normal and chi-square upper tails, p-value adjustment (an_stats.h). */
#include "an_stats.h"

#include <math.h>
#include <stdlib.h>

/* ---------------- generator ---------------- */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void an_rng_seed(an_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

void an_rng_seed3(an_rng *r, uint64_t seed, uint64_t a, uint64_t b)
{
    uint64_t x = seed;
    uint64_t h = splitmix64(&x) ^ a;
    h = splitmix64(&h) ^ b;
    an_rng_seed(r, splitmix64(&h));
}

static uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t an_rng_next(an_rng *r)
{
    uint64_t *s = r->s;
    uint64_t out = rotl64(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl64(s[3], 45);
    return out;
}

uint64_t an_rng_below(an_rng *r, uint64_t n)
{
    if (n <= 1) return 0;
#if defined(__SIZEOF_INT128__)
    unsigned __int128 m = (unsigned __int128)an_rng_next(r) * n;
    uint64_t lo = (uint64_t)m;
    if (lo < n) {
        uint64_t threshold = (0 - n) % n;
        while (lo < threshold) {
            m = (unsigned __int128)an_rng_next(r) * n;
            lo = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
#else
    uint64_t limit = UINT64_MAX - UINT64_MAX % n, v;
    do v = an_rng_next(r);
    while (v >= limit);
    return v % n;
#endif
}

/* ---------------- distributions ---------------- */
double an_norm_upper(double z) { return 0.5 * erfc(z / sqrt(2.0)); }

/* Regularised lower incomplete gamma P(a, x) by its series, for x < a + 1. */
static double gamma_p_series(double a, double x)
{
    double sum = 1.0 / a, term = sum, ap = a;
    for (int k = 0; k < 100000; k++) {
        ap += 1.0;
        term *= x / ap;
        sum += term;
        if (fabs(term) < fabs(sum) * 1e-17) break;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

/* Regularised upper incomplete gamma Q(a, x) by the Lentz continued fraction, x >= a + 1. */
static double gamma_q_fraction(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-17) break;
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

double an_chisq_upper(double x, double df)
{
    if (isnan(x) || !(df > 0.0)) return NAN;
    if (x <= 0.0) return 1.0;
    if (isinf(x)) return 0.0;
    double a = df / 2.0, h = x / 2.0;
    return h < a + 1.0 ? 1.0 - gamma_p_series(a, h) : gamma_q_fraction(a, h);
}

/* ---------------- p-value adjustment ---------------- */
typedef struct pv {
    double p;
    size_t i;
} pv;

static int cmp_pv_desc(const void *a, const void *b)
{
    const pv *x = a, *y = b;
    if (x->p > y->p) return -1;
    if (x->p < y->p) return 1;
    return (x->i > y->i) - (x->i < y->i);
}

long an_p_adjust(const double *p, size_t n, an_adjust how, double *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        out[i] = p[i];
        if (!isnan(p[i])) m++;
    }
    if (how == AN_ADJUST_NONE || m == 0) return (long)m;
    double dm = (double)m;
    if (how == AN_ADJUST_BONFERRONI) {
        for (size_t i = 0; i < n; i++)
            if (!isnan(p[i])) out[i] = dm * p[i] < 1.0 ? dm * p[i] : 1.0;
        return (long)m;
    }
    pv *s = malloc(m * sizeof *s);
    if (!s) return -1;
    for (size_t i = 0, k = 0; i < n; i++)
        if (!isnan(p[i])) { s[k].p = p[i]; s[k].i = i; k++; }
    qsort(s, m, sizeof *s, cmp_pv_desc); /* BH: largest first, running min of m/rank · p */
    double run = 1.0;
    for (size_t k = 0; k < m; k++) {
        double v = dm / (dm - (double)k) * s[k].p;
        if (v < run) run = v;
        out[s[k].i] = run;
    }
    free(s);
    return (long)m;
}
