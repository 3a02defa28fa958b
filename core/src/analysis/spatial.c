/* analysis/spatial.c — spatial autocorrelation kernels: a portable seeded PRNG
 * (xoshiro256** + splitmix64), global Moran's I with its moments under normality and
 * randomisation (as spdep's moran.test, islands kept with adjust.n) and a permutation
 * pseudo-p, local Moran (LISA) with quadrants and conditional permutation pseudo-p, and
 * inverse-distance weights from coordinates (formulas.md §7). Weights are sparse rows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/kernels.h"
#include "util/str.h"

/* ---------------- PRNG ---------------- */
static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void rc_rng_seed(rc_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t rc_rng_next(rc_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* 64 × 64 → 128-bit product (hi and lo words): the compiler's 128-bit type where it has
 * one (one instruction on x86-64), else portable C; the same exact product either way. */
static void mul128(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
#ifdef __SIZEOF_INT128__
    unsigned __int128 p = (unsigned __int128)a * b;
    *hi = (uint64_t)(p >> 64);
    *lo = (uint64_t)p;
#else
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
#endif
}

/* Lemire's multiply-and-reject: unbiased, and a division only on the rare rejection path. */
uint64_t rc_rng_below(rc_rng *r, uint64_t n)
{
    if (n <= 1) return 0;
    uint64_t hi, lo;
    mul128(rc_rng_next(r), n, &hi, &lo);
    if (lo < n) {
        uint64_t threshold = (0 - n) % n; /* 2^64 mod n */
        while (lo < threshold) mul128(rc_rng_next(r), n, &hi, &lo);
    }
    return hi;
}

/* ---------------- global Moran ---------------- */
static double weight_of(const rc_spatial *w, size_t i, size_t j, int *found)
{
    for (size_t e = w->off[i]; e < w->off[i + 1]; e++)
        if (w->nbr[e] == j) { *found = 1; return w->w[e]; }
    *found = 0;
    return 0.0;
}

/* 1 when every value is the same (the mean's rounding must not make z nonzero) */
static int all_equal(const double *x, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (x[i] != x[0]) return 0;
    return 1;
}

/* Σ_i z_i Σ_j w_ij z_j */
static double cross_sum(const rc_spatial *w, const double *z)
{
    double acc = 0.0;
    for (size_t i = 0; i < w->n; i++) {
        double lag = 0.0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) lag += w->w[e] * z[w->nbr[e]];
        acc += z[i] * lag;
    }
    return acc;
}

int rc_moran_global(const rc_spatial *w, const double *x, size_t perms, rc_rng *rng,
                    double *work, rc_moran *out)
{
    if (!w || !x || !out) return -1;
    size_t n = w->n;
    memset(out, 0, sizeof *out);
    out->moran_i = out->EI = out->var_norm = out->var_rand = out->z_norm = out->z_rand = NAN;
    out->p_norm = out->p_rand = out->p_norm_two = out->p_rand_two = out->perm_p = NAN;
    out->b2 = NAN;
    if (n < 2) return -1;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) return -1;
    double *z = work, *zp = work + n, *colsum = work + 2 * n;
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    double m2 = 0.0, m4 = 0.0;
    for (size_t i = 0; i < n; i++) {
        z[i] = x[i] - mean;
        m2 += z[i] * z[i];
        m4 += z[i] * z[i] * z[i] * z[i];
        colsum[i] = 0.0;
    }
    /* weight constants */
    double S0 = 0.0, S1 = 0.0, S2 = 0.0;
    size_t islands = 0;
    for (size_t i = 0; i < n; i++) {
        if (w->off[i] == w->off[i + 1]) islands++;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
            size_t j = w->nbr[e];
            S0 += w->w[e];
            colsum[j] += w->w[e];
            int found;
            double wji = weight_of(w, j, i, &found);
            S1 += found ? 0.5 * (w->w[e] + wji) * (w->w[e] + wji) : w->w[e] * w->w[e];
        }
    }
    for (size_t i = 0; i < n; i++) {
        double rs = 0.0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) rs += w->w[e];
        S2 += (rs + colsum[i]) * (rs + colsum[i]);
    }
    out->S0 = S0;
    out->S1 = S1;
    out->S2 = S2;
    out->n_islands = islands;
    double ne = (double)(n - islands); /* spdep adjust.n */
    out->n = n - islands;
    out->EI = ne > 1.0 ? -1.0 / (ne - 1.0) : NAN;
    if (all_equal(x, n) || m2 == 0.0 || S0 == 0.0) return 1; /* constant, or no neighbours */
    out->b2 = (double)n * m4 / (m2 * m2);
    double num = cross_sum(w, z);
    out->moran_i = ne / S0 * num / m2;
    double S02 = S0 * S0, nn = ne * ne, EI2 = out->EI * out->EI;
    out->var_norm = (nn * S1 - ne * S2 + 3.0 * S02) / (S02 * (nn - 1.0)) - EI2;
    if (ne > 3.0) {
        double vi = ne * (S1 * (nn - 3.0 * ne + 3.0) - ne * S2 + 3.0 * S02);
        double tmp = out->b2 * (S1 * (nn - ne) - 2.0 * ne * S2 + 6.0 * S02);
        out->var_rand = (vi - tmp) / ((ne - 1.0) * (ne - 2.0) * (ne - 3.0) * S02) - EI2;
    }
    out->z_norm = (out->moran_i - out->EI) / sqrt(out->var_norm);
    out->z_rand = (out->moran_i - out->EI) / sqrt(out->var_rand);
    out->p_norm = rc_norm_upper(out->z_norm);
    out->p_rand = rc_norm_upper(out->z_rand);
    out->p_norm_two = 2.0 * rc_norm_upper(fabs(out->z_norm));
    out->p_rand_two = 2.0 * rc_norm_upper(fabs(out->z_rand));
    if (perms > 0 && rng) {
        memcpy(zp, z, n * sizeof *zp);
        size_t ge = 0;
        for (size_t r = 0; r < perms; r++) {
            for (size_t i = n - 1; i > 0; i--) { /* Fisher–Yates */
                size_t j = (size_t)rc_rng_below(rng, (uint64_t)i + 1);
                double t = zp[i]; zp[i] = zp[j]; zp[j] = t;
            }
            if (cross_sum(w, zp) >= num) ge++;
        }
        out->perm_p = ((double)ge + 1.0) / ((double)perms + 1.0);
    }
    return 0;
}

/* ---------------- local Moran ---------------- */
const char *rc_quadrant_name(int code)
{
    static const char *const names[] = {"", "HH", "LH", "LL", "HL"};
    return code >= 0 && code <= 4 ? names[code] : "";
}

int rc_moran_local(const rc_spatial *w, const double *x, size_t perms, rc_rng *rng,
                   double *Ii, double *lag, int *quadrant, double *pseudo_p, double *work,
                   size_t *iwork)
{
    if (!w || !x) return -1;
    size_t n = w->n;
    if (n < 2) return -1;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) return -1;
    double *z = work;
    double mean = 0.0, m2 = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) { z[i] = x[i] - mean; m2 += z[i] * z[i]; }
    m2 /= (double)n;
    if (all_equal(x, n) || m2 == 0.0) {
        for (size_t i = 0; i < n; i++) {
            Ii[i] = lag[i] = pseudo_p[i] = NAN;
            quadrant[i] = 0;
        }
        return 1;
    }
    for (size_t i = 0; i < n; i++) {
        double l = 0.0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) l += w->w[e] * z[w->nbr[e]];
        lag[i] = l;
        Ii[i] = z[i] / m2 * l;
        int island = w->off[i] == w->off[i + 1];
        if (island || z[i] == 0.0 || l == 0.0) quadrant[i] = 0;
        else if (z[i] > 0.0) quadrant[i] = l > 0.0 ? 1 : 4;
        else quadrant[i] = l > 0.0 ? 2 : 3;
        pseudo_p[i] = NAN;
    }
    if (perms == 0 || !rng) return 0;
    for (size_t i = 0; i < n; i++) {
        size_t k = w->off[i + 1] - w->off[i];
        if (k == 0) continue;
        if (k > n - 1) k = n - 1;
        size_t m = 0;
        for (size_t j = 0; j < n; j++)
            if (j != i) iwork[m++] = j;
        size_t ge = 0;
        for (size_t r = 0; r < perms; r++) {
            double l = 0.0;
            for (size_t a = 0; a < k; a++) { /* partial Fisher–Yates over the other n − 1 */
                size_t b = a + (size_t)rc_rng_below(rng, (uint64_t)(n - 1 - a));
                size_t t = iwork[a]; iwork[a] = iwork[b]; iwork[b] = t;
                l += w->w[w->off[i] + a] * z[iwork[a]];
            }
            if (z[i] / m2 * l >= Ii[i]) ge++;
        }
        size_t folded = perms - ge < ge ? perms - ge : ge;
        pseudo_p[i] = ((double)folded + 1.0) / ((double)perms + 1.0);
    }
    return 0;
}

int rc_moran_local_normal(const rc_spatial *w, const double *x, double *EIi, double *VIi,
                          double *Zi, double *Pi, double *work)
{
    if (!w || !x || w->n < 3) return -1;
    size_t n = w->n;
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) return -1;
    double *z = work, mean = 0.0, m2 = 0.0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    for (size_t i = 0; i < n; i++) { z[i] = x[i] - mean; m2 += z[i] * z[i]; }
    m2 /= (double)n;
    int constant = all_equal(x, n) || m2 == 0.0;
    double dn = (double)n;
    for (size_t i = 0; i < n; i++) {
        double Wi = 0.0, wi2 = 0.0, lag = 0.0;
        for (size_t e = w->off[i]; e < w->off[i + 1]; e++) {
            Wi += w->w[e];
            wi2 += w->w[e] * w->w[e];
            lag += w->w[e] * z[w->nbr[e]];
        }
        double E = NAN, V = NAN, Z = NAN, P = NAN;
        if (!constant && w->off[i] < w->off[i + 1]) {
            double Ii = z[i] / m2 * lag;
            E = -(z[i] * z[i] * Wi) / ((dn - 1.0) * m2);
            V = (z[i] / m2) * (z[i] / m2) * (dn / (dn - 2.0)) * (wi2 - Wi * Wi / (dn - 1.0)) *
                (m2 - z[i] * z[i] / (dn - 1.0));
            Z = V > 0.0 ? (Ii - E) / sqrt(V) : NAN;
            P = isnan(Z) ? NAN : 2.0 * rc_norm_upper(fabs(Z));
        }
        if (EIi) EIi[i] = E;
        if (VIi) VIi[i] = V;
        if (Zi) Zi[i] = Z;
        if (Pi) Pi[i] = P;
    }
    return constant ? 1 : 0;
}
