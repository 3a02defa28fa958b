#!/usr/bin/python3
"""tests/analysis/ref/weighted_disparity_ref.py — independent reference values for the
population-weighted disparity kernels (core/src/analysis/weighted.c), from the textbook
definitions with numpy (not from the C code): weighted mean and population sd, CV;
Gini as the double sum sum_ij w_i w_j |y_i - y_j| / (2 W^2 mu_w) over all pairs (no
sorting); Theil T = sum s_i ln(s_i/p_i) and L = sum p_i ln(p_i/s_i) with population shares
p_i = w_i/W and value shares s_i = w_i y_i / sum w y, and their between/within parts over
groups (Shorrocks 1980; Conceicao & Ferreira 2000 for the population-weighted form).
Writes weighted_disparity.txt (`name value`, the data first). Rerun from this folder:
/usr/bin/python3 weighted_disparity_ref.py"""
import numpy as np

rng = np.random.default_rng(31)
n = 25
y = np.round(rng.lognormal(0.0, 0.5, n), 4)
w = np.round(rng.uniform(0.5, 80.0, n), 2)       # e.g. population in millions
g = rng.integers(0, 3, n)

out = []
def put(name, v):
    out.append("%s %.17g" % (name, v))

for i in range(n):
    put("y.%d" % i, y[i]); put("w.%d" % i, w[i]); put("g.%d" % i, g[i])
W = w.sum(); mu = (w * y).sum() / W
sd = np.sqrt((w * (y - mu) ** 2).sum() / W)
put("mean", mu); put("sd", sd); put("cv", sd / mu)
gini = (np.outer(w, w) * np.abs(y[:, None] - y[None, :])).sum() / (2 * W ** 2 * mu)
put("gini", gini)
p = w / W; s = w * y / (w * y).sum()
T = (s * np.log(s / p)).sum(); L = (p * np.log(p / s)).sum()
put("theil_T", T); put("theil_L", L)
Tb = Tw = Lb = Lw = 0.0
for j in range(3):
    m = g == j
    P, S = p[m].sum(), s[m].sum()
    Tg = ((s[m] / S) * np.log((s[m] / S) / (p[m] / P))).sum()
    Lg = ((p[m] / P) * np.log((p[m] / P) / (s[m] / S))).sum()
    put("theil_T_group.%d" % j, Tg); put("theil_L_group.%d" % j, Lg)
    Tb += S * np.log(S / P); Tw += S * Tg; Lb += P * np.log(P / S); Lw += P * Lg
put("theil_T_between", Tb); put("theil_T_within", Tw)
put("theil_L_between", Lb); put("theil_L_within", Lw)
assert abs(Tb + Tw - T) < 1e-12 and abs(Lb + Lw - L) < 1e-12
with open("weighted_disparity.txt", "w") as fh:
    fh.write("\n".join(out) + "\n")
