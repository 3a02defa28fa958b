/* plugins/analyses/common/an_dist.h — the distribution functions the analysis plugins
 * share beside an_stats.h: the regularised incomplete beta, Student t, central and
 * noncentral F tails and the normal quantile (probit; the normal tail is an_stats.h's
 * an_norm_upper). Pure functions of doubles (libm only), so they compile into
 * each analysis plugin (hidden visibility) without linking the host. Undefined arguments
 * give NaN, never a crash. */
#ifndef AN_DIST_H
#define AN_DIST_H

/* I_x(a, b) for a, b > 0 and x in [0, 1] (continued fraction, about 1e-15 relative). */
double an_betainc(double a, double b, double x);
/* P(|T| > |t|) for Student t with df > 0 degrees of freedom. */
double an_t_two_sided(double t, double df);
/* P(F > f) for F(df1, df2) (central). f ≤ 0 gives 1; f = +inf gives 0. */
double an_f_upper(double f, double df1, double df2);
/* P(F > f) for the noncentral F(df1, df2, ncp) (ncp ≥ 0), as R's
 * pf(f, df1, df2, ncp, lower.tail = FALSE): the Poisson mixture of incomplete betas summed
 * outwards from the largest term with the recurrences of I_x(a + j, b), to 1e-16 relative. */
double an_ncf_upper(double f, double df1, double df2, double ncp);
/* Φ⁻¹(p) for p in (0, 1) (Acklam's rational approximation refined by one Halley step on
 * erfc: about 1e-15 relative); NaN outside (0, 1). */
double an_norm_quantile(double p);

#endif
