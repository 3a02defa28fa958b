#!/usr/bin/python3
"""tests/analysis_drivers/ref/fe_ref.py — independent reference values for the two-way
fixed-effects kernel (plugins/analyses/panel_regression/fe_kernel.c), computed another way
with numpy: least-squares dummy variables (a dummy for every region and for every year but
the first, no demeaning) by numpy.linalg.lstsq, and the cluster-robust sandwich on that
full design, whose slope block equals the within estimator's by Frisch-Waugh-Lovell;
c = G/(G-1) (N-1)/(N-K), K = p + (T-1) + 1 (Stata's xtreg, fe vce(cluster)); within R^2
from the region-demeaned y. p from scipy.stats.t with G-1 df. An unbalanced panel: 30
regions x 8 years with 17 observations dropped. Writes fe_input.csv, fe_expected.txt.
Rerun: /usr/bin/python3 fe_ref.py here."""
import numpy as np
from scipy import stats

rng = np.random.default_rng(99)
G, T, p = 30, 8, 3
rows = []
alpha = rng.normal(0, 1, G); gamma = np.cumsum(rng.normal(0.1, 0.05, T))
for g in range(G):
    for t in range(T):
        x = rng.normal(0, 1, p) + 0.3 * alpha[g]
        y = 0.8 * x[0] - 0.5 * x[1] + 0.1 * x[2] + alpha[g] + gamma[t] + rng.normal(0, 0.5 + 0.3 * (g % 3))
        rows.append((g, t, y, *x))
rows = np.array(rows)
drop = rng.choice(len(rows), 17, replace=False)
rows = np.delete(rows, drop, axis=0)
reg = rows[:, 0].astype(int); yr = rows[:, 1].astype(int); y = rows[:, 2]; X = rows[:, 3:]
N = len(y)
Rd = (reg[:, None] == np.arange(G)).astype(float)
Yd = (yr[:, None] == np.arange(1, T)).astype(float)
Z = np.hstack([X, Yd, Rd])
beta, *_ = np.linalg.lstsq(Z, y, rcond=None)
e = y - Z @ beta
ZtZi = np.linalg.pinv(Z.T @ Z)
meat = np.zeros((Z.shape[1], Z.shape[1]))
for g in range(G):
    s = Z[reg == g].T @ e[reg == g]
    meat += np.outer(s, s)
K = p + (T - 1) + 1
c = G / (G - 1) * (N - 1) / (N - K)
V = c * ZtZi @ meat @ ZtZi
k = p + T - 1
se = np.sqrt(np.diag(V)[:k])
tv = beta[:k] / se
pv = 2 * stats.t.sf(np.abs(tv), G - 1)
yw = y - np.array([y[reg == g].mean() for g in reg])
r2 = 1 - (e @ e) / (yw @ yw)

out = ["N %d" % N, "G %d" % G, "T %d" % T, "K %d" % K, "r2_within %.17g" % r2]
for j in range(k):
    out += ["coef.%d %.17g" % (j, beta[j]), "se.%d %.17g" % (j, se[j]),
            "t.%d %.17g" % (j, tv[j]), "p.%d %.17g" % (j, pv[j])]
with open("fe_input.csv", "w") as fh:
    fh.write("region,year,y,x0,x1,x2\n")
    for r in rows:
        fh.write("%d,%d,%.17g,%.17g,%.17g,%.17g\n" % (r[0], r[1], r[2], r[3], r[4], r[5]))
with open("fe_expected.txt", "w") as fh:
    fh.write("\n".join(out) + "\n")
