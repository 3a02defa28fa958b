/* plugins/analyses/common/an_stats.h — numerics shared by the analysis plugins, pure C with
 * no host dependency: a portable seeded generator (xoshiro256** seeded by splitmix64, the
 * same streams on every platform), the upper tails of the normal and chi-square
 * distributions and p-value adjustment (Bonferroni, Benjamini–Hochberg). Nothing here allocates memory that outlives a call; callers own every array. */
#ifndef AN_STATS_H
#define AN_STATS_H

#include <stddef.h>
#include <stdint.h>

typedef struct an_rng {
    uint64_t s[4];
} an_rng;

/* Seeds from a 64-bit value (splitmix64 expansion). */
void an_rng_seed(an_rng *r, uint64_t seed);
/* Seeds one independent stream per (seed, a, b), e.g. (seed, year, region): a permutation
 * test that draws each region from its own stream gives the same numbers on any thread
 * count. */
void an_rng_seed3(an_rng *r, uint64_t seed, uint64_t a, uint64_t b);
uint64_t an_rng_next(an_rng *r);
/* Uniform integer in [0, n) (Lemire's unbiased multiply-and-reject); 0 for n <= 1. */
uint64_t an_rng_below(an_rng *r, uint64_t n);

/* P(Z > z) for a standard normal (erfc, accurate in the far tail). */
double an_norm_upper(double z);
/* P(X > x) for chi-square with df > 0 degrees of freedom: the regularised upper incomplete
 * gamma Q(df/2, x/2) (series below a + 1, Lentz continued fraction above). NaN for df <= 0
 * or NaN x; 1 for x <= 0. */
double an_chisq_upper(double x, double df);

typedef enum { AN_ADJUST_NONE = 0, AN_ADJUST_BONFERRONI = 1, AN_ADJUST_FDR = 2 } an_adjust;
/* Adjusted p-values of p[0..n) as R's p.adjust ("bonferroni": min(1, n p); "BH": the
 * step-up cumulative minimum of n p_(i) / i). NaN entries are left out (n counts only the
 * others) and stay NaN. Returns the number of p-values adjusted, -1 out of memory. */
long an_p_adjust(const double *p, size_t n, an_adjust how, double *out);

#endif
