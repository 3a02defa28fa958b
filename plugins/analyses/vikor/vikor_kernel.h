/* plugins/analyses/vikor/vikor_kernel.h — VIKOR (Opricovic 1998; Opricovic & Tzeng 2004,
 * EJOR 156:445–455): group utility S, individual regret R, the compromise index Q, the
 * ranks by each, and the compromise solution under the acceptable-advantage (C1) and
 * acceptable-stability (C2) conditions. Pure functions over arrays; inputs borrowed, no
 * NaN (the caller drops incomplete alternatives). */
#ifndef REGCOORD_PLUGINS_VIKOR_KERNEL_H
#define REGCOORD_PLUGINS_VIKOR_KERNEL_H

#include <stddef.h>

typedef struct vikor_result {
    double S_best, S_worst, R_best, R_worst, DQ; /* S*, S−, R*, R−, DQ = 1/(m − 1) */
    int c1, c2;                                  /* the two conditions hold (1) or not */
    size_t n_compromise;                         /* alternatives in the compromise set */
    size_t flat_criteria;                        /* criteria with f* = f− (contribute 0) */
    int flat_S, flat_R;                          /* S− = S* or R− = R* (that term is 0) */
    size_t first, second;                        /* a′ and a″, positions in F's rows */
} vikor_result;

/* For the m × n matrix F (row-major, m ≥ 2 alternatives) with weights w (normalised to sum
 * 1; NULL: 1/n), directions dir (dir[j] < 0: smaller is better; NULL: all larger) and v in
 * [0, 1] (the weight of the strategy of the majority, usually 0.5):
 *   f*_j, f−_j the best and worst values; d_ij = w_j (f*_j − f_ij)/(f*_j − f−_j) (0 when
 *   f* = f−); S_i = Σ_j d_ij; R_i = max_j d_ij;
 *   Q_i = v (S_i − S*)/(S− − S*) + (1 − v)(R_i − R*)/(R− − R*) (a term with a zero
 *   denominator is 0);
 *   ranks 1 = best (smallest), ties share the smaller rank;
 *   a′, a″ the first two by Q (ties broken by S, then R, then input order);
 *   C1: Q(a″) − Q(a′) ≥ DQ; C2: a′ is also first by S or by R;
 *   compromise set: {a′} when C1 and C2 hold; {a′, a″} when only C2 fails; a′ … a^(M)
 *   when C1 fails, M the largest position with Q(a^(M)) − Q(a′) < DQ.
 * in_compromise[i] is 1 for the members. Returns 0, -1 on bad arguments, -2 out of
 * memory. */
int vikor(const double *F, size_t m, size_t n, const double *w, const int *dir, double v,
          double *S, double *R, double *Q, int *rank_S, int *rank_R, int *rank_Q,
          int *in_compromise, vikor_result *out);

#endif
