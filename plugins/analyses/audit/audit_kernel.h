/* plugins/analyses/audit/audit_kernel.h — the numerical kernels of the statistical audit
 * (analysis.audit), pure C over arrays with no host dependency: descriptive statistics with
 * the COINr/JRC flags, Pearson and Spearman correlations over pairwise-complete cases,
 * Cronbach's alpha, PCA of a correlation matrix, KMO/MSA, Bartlett's test of sphericity, the
 * Pearson correlation ratio (first-order sensitivity index) by a kernel smoother, and rank
 * shifts. Formulas and the R functions each one matches: docs/audit.md. A matrix is n rows
 * (regions) by p columns, column-major (X[j * n + i]); NaN is missing. Results that are
 * undefined are NaN, never a crash. Nothing allocates memory that outlives a call. */
#ifndef AU_KERNEL_H
#define AU_KERNEL_H

#include <stddef.h>

/* ---------------- descriptive statistics ---------------- */
typedef struct au_limits {
    double skew;        /* outlier: |skew| > skew (2) ... */
    double kurt;        /* ... and kurtosis > kurt (3.5), as COINr's get_stats */
    double avail;       /* low availability: share of values present < avail (0.65) */
    double nzv_unique;  /* near-zero variance: distinct values / n < nzv_unique (0.1) ... */
    double nzv_freq;    /* ... and count of the most common / second most common > nzv_freq
                           (19 = 95/5), as caret's nearZeroVar; or sd = 0 */
} au_limits;

void au_limits_default(au_limits *l);

typedef struct au_stats {
    size_t n;           /* values present */
    size_t n_total;     /* cells (present or not) */
    double avail;       /* n / n_total */
    double min, max, mean, median, sd; /* sd: sample (n − 1) */
    double skew, kurt;  /* sample skewness and excess kurtosis as Excel SKEW/KURT, COINr's
                           skew()/kurt() and e1071 type 2 (NaN below 3 / 4 values or sd 0) */
    size_t zeros, negatives, n_unique;
    double freq_ratio;  /* most common value's count / second most common's (Inf if one) */
    int outlier, low_avail, near_zero_var;
} au_stats;

/* Statistics of x[0..n) (NaN missing). `work` holds n doubles. */
void au_stats_compute(const double *x, size_t n, const au_limits *lim, au_stats *out,
                      double *work);
double au_skew(const double *x, size_t n);
double au_kurt(const double *x, size_t n);

/* ---------------- correlations ---------------- */
/* Pearson over the pairs where both are present; NaN with fewer than 3 pairs or a constant
 * side. *pairs (may be NULL) gets the number of pairs. */
double au_pearson(const double *x, const double *y, size_t n, size_t *pairs);
/* Spearman: Pearson of the average ranks of the pairwise-complete values (R's
 * cor(method = "spearman", use = "pairwise")). `work` holds 4n doubles, `iwork` 2n. */
double au_spearman(const double *x, const double *y, size_t n, size_t *pairs, double *work,
                   size_t *iwork);
/* Stable merge sort of the indices idx[0..m) by v[idx[i]] ascending (tmp: m scratch). */
void au_sort_index(const double *v, size_t *idx, size_t *tmp, size_t m);
/* The p × p Pearson correlation matrix of X (pairwise complete), diagonal 1. */
void au_cor_matrix(const double *X, size_t n, size_t p, double *R);

/* ---------------- reliability of a group ---------------- */
/* Cronbach's alpha from the pairwise-complete covariance matrix C of the p items:
 * p/(p − 1) · (1 − tr C / ΣC) (psych::alpha raw_alpha). `drop` (p, may be NULL) gets alpha
 * without each item (psych's alpha.drop raw_alpha; NaN with 2 items). `std_alpha` (may be
 * NULL) gets the standardised alpha from the correlations cov2cor(C) (psych std.alpha). */
double au_cronbach(const double *X, size_t n, size_t p, double *drop, double *std_alpha);
/* Eigenvalues of the correlation matrix R (p × p) in decreasing order into eig (p) and the
 * first component's loadings (eigenvector × √λ1, signed so their sum is ≥ 0) into load1 (p).
 * 0, or -1 when the decomposition fails. */
int au_pca(const double *R, size_t p, double *eig, double *load1);
/* Kaiser–Meyer–Olkin measure of sampling adequacy of R (psych::KMO): overall and per
 * variable (msa, p). 0, or -1 when R is singular (then NaN). */
int au_kmo(const double *R, size_t p, double *overall, double *msa);
/* Bartlett's test of sphericity of R from n observations (psych::cortest.bartlett):
 * χ² = −ln det R · (n − 1 − (2p + 5)/6), df = p(p − 1)/2, p-value of χ²(df). 0, or -1 when
 * det R ≤ 0 (then NaN). */
int au_bartlett(const double *R, size_t p, size_t n, double *chi2, double *df, double *pval);

/* ---------------- effective importance ---------------- */
/* The Pearson correlation ratio η² = Var(E[y|x]) / Var(y) (the first-order sensitivity index
 * of Paruolo, Saisana and Saltelli 2013) over the complete pairs, E[y|x] estimated at each
 * x_i by a Nadaraya–Watson smoother with a Gaussian kernel of standard deviation h cut off
 * at 4h, exactly R's ksmooth(x, y, "normal", bandwidth = h / 0.3706506, x.points = x); h ≤ 0
 * takes R's bw.nrd0(x) (Silverman's rule, 0.9 min(sd, IQR/1.34) n^−1/5). *h_used (may be
 * NULL) gets h. NaN with fewer than 3 pairs or Var(y) = 0. `work` holds 3n doubles, `iwork` n. */
double au_corr_ratio(const double *x, const double *y, size_t n, double h, double *h_used,
                     double *work, size_t *iwork);

/* ---------------- rank shifts ---------------- */
typedef struct au_shift {
    double mean, median, max;
    size_t arg_max;     /* the region that moves most (first on ties), n when none */
    size_t n;           /* regions ranked in both */
} au_shift;

/* Absolute rank shifts |a_i − b_i| over regions ranked in both (rank > 0). `work` n doubles. */
void au_rank_shift(const long *a, const long *b, size_t n, au_shift *out, double *work);

#endif
