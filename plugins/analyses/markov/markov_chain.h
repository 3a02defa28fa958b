/* plugins/analyses/markov/markov_chain.h — discrete Markov chains of region classes, pure C
 * over arrays: classes from type-7 quantile cut-offs or fixed cut-offs, transition counts
 * (optionally conditioned on a second class, the spatial lag's), the chain's structure
 * (communicating classes, closed classes, absorbing states, periods), one stationary
 * distribution per closed class, mean first passage times, n-step matrices and
 * projections, and the Bickenbach–Bode homogeneity tests Q and LR. Formulas in
 * docs/analysis.md; conventions follow PySAL giddy (classes closed above, empty rows
 * treated as absorbing) except where that doc says otherwise. */
#ifndef MK_MARKOV_CHAIN_H
#define MK_MARKOV_CHAIN_H

#include <stddef.h>

#include "../common/an_csr.h"

/* The k − 1 cut-offs of k quantile classes of x[0..n) (NaN skipped): type-7 quantiles at
 * c/k, c = 1..k−1 (numpy's percentile, mapclassify's Quantiles). `work` holds n doubles.
 * Returns the number of values used (0: cuts NaN). */
size_t mk_quantile_cuts(const double *x, size_t n, size_t k, double *cuts, double *work);
/* Class 0..k−1 of x: the number of cut-offs strictly below x (classes closed above, as
 * numpy's digitize(right=True)); −1 for NaN. */
int mk_class_of(double x, const double *cuts, size_t k);

typedef enum { MK_POOLED = 0, MK_PER_YEAR = 1, MK_FIXED = 2 } mk_scheme;
/* Classes of a panel v[t * nr + r] (NaN = missing → class −1): cut-offs from the pooled
 * values, from each year's values, or the k − 1 ascending `fixed` ones. cuts receives k − 1
 * values (MK_PER_YEAR: ny × (k − 1), year by year). Returns 0, −1 out of memory. */
int mk_panel_classes(const double *v, size_t nr, size_t ny, size_t k, mk_scheme scheme,
                     const double *fixed, int *cls, double *cuts);

/* The spatial lag of each region-year, re-standardised over the neighbours that have a
 * value that year: lag = Σ w_ij x_j / Σ w_ij over j with a value; NaN for a region that is
 * missing, or has no neighbour with a value (an island). */
void mk_spatial_lag(const an_csr *w, const double *v, size_t nr, size_t ny, double *lag);

/* Transition counts over a panel of classes cls[t * nr + r] (−1 = missing), years t → t+1
 * where both classes exist. With cond (same layout, values 0..m−1, −1 missing) the count
 * goes to matrix cond[t * nr + r] of T (m matrices of k × k, row-major); without it
 * (cond NULL, m = 1) to the one matrix. T is zeroed first. Returns the number counted. */
size_t mk_count(const int *cls, const int *cond, size_t nr, size_t ny, size_t k, size_t m,
                double *T);

typedef struct mk_chain {
    size_t k;
    double *P;          /* k × k from the counts; rows with no transition are NaN */
    double *Pa;         /* the matrix analysed: P with each empty row made absorbing */
    int *empty;         /* k: 1 when the class has no transition out (row filled) */
    int *comm;          /* k: communicating class of each state, 0.. n_comm−1 */
    int *closed;        /* k: 1 when its communicating class is closed (recurrent) */
    int *absorbing;     /* k: Pa_ii = 1 */
    int *period;        /* k: period of a recurrent state, 0 for a transient one */
    size_t n_comm, n_closed;
    int irreducible;    /* one communicating class */
    int ergodic;        /* irreducible and aperiodic */
    double *steady;     /* n_closed × k: the stationary distribution of each closed class
                         * (closed classes in the order of their smallest state) */
    double *mfpt;       /* k × k mean first passage times i → j (m_jj the mean recurrence
                         * time); INFINITY when j is not reached with probability 1 */
} mk_chain;

/* Analyses the k × k count matrix T. Allocates the arrays of *out (free with
 * mk_chain_free). Returns 0, 1 when no transition at all was counted (everything NaN
 * except the structure of an all-absorbing chain), −1 out of memory or a linear solve
 * failing (reported, never NaN values). */
int mk_chain_analyse(const double *T, size_t k, mk_chain *out);
void mk_chain_free(mk_chain *c);

/* out = P^n (k × k; P must be stochastic; `work` holds k² doubles). */
void mk_power(const double *P, size_t k, unsigned n, double *out, double *work);
/* dist_n = dist_0 P^n for n = 1..steps into out (steps × k); dist_0 sums to 1. `work`
 * holds k doubles. */
void mk_project(const double *P, size_t k, const double *dist0, unsigned steps, double *out,
                double *work);

typedef struct mk_homogeneity {
    double Q, LR, p_Q, p_LR;
    long dof; /* Σ_i (b_i − 1)(A_i − 1); 0 gives NaN p-values */
    double transitions;
} mk_homogeneity;
/* Bickenbach and Bode (2003) test that the m regime matrices M (m × k × k counts) share
 * one transition matrix, as giddy's Homogeneity_Results (k ≤ 64). */
void mk_homogeneity_test(const double *M, size_t m, size_t k, mk_homogeneity *out);

#endif
