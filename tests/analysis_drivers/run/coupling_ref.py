#!/usr/bin/python3
"""tests/analysis_drivers/run/coupling_ref.py — expected values for coupling.yaml, from the
panel alone with numpy/scipy: pooled min-max of x1, pop, x3 over every region-year, the
dimension scores G = mean(x1', pop'), H = x3', coupling D = sqrt(C T) with
C = 2 sqrt(G H)/(G + H), T = (G + H)/2; in 2022 the geodetector q of D on zone, on G
(quantile k = 3) and on the indicator h1 (= x3, quantile k = 3), the zone x G interaction,
and Welch's t between the zone strata North and South; the grey relational grades of
x1, x2, pop against x3 (factors mode, pooled, initial values). Writes coupling_expected.txt.
Rerun: /usr/bin/python3 coupling_ref.py (after run_ref.py, from this folder)."""
import csv
import numpy as np
from scipy import stats

vals = {}
for row in csv.DictReader(open("panel_long.csv")):
    vals[(row["region"], int(row["year"]), row["indicator"])] = float(row["value"])
zone = {r["region"]: r["zone"] for r in csv.DictReader(open("regions.csv"))}
ids = sorted(zone); years = sorted({k[1] for k in vals})
def series(name):
    return np.array([[vals[(i, y, name)] for i in ids] for y in years])
def mm(a): return (a - a.min()) / (a.max() - a.min())
G = (mm(series("x1")) + mm(series("pop"))) / 2
H = mm(series("x3"))
C = 2 * np.sqrt(G * H) / (G + H); D = np.sqrt(C * (G + H) / 2)
t = years.index(2022)
y = D[t]
def q(s):
    sst = ((y - y.mean()) ** 2).sum()
    return 1 - sum(((y[s == h] - y[s == h].mean()) ** 2).sum() for h in set(s)) / sst
def tert(x):
    b = np.quantile(x, [1 / 3, 2 / 3])
    return np.array([0 if v <= b[0] else 1 if v <= b[1] else 2 for v in x])
z = np.array([zone[i] for i in ids])
out = ["q.zone %.17g" % q(z), "q.G %.17g" % q(tert(G[t])), "q.h1 %.17g" % q(tert(series("x3")[t]))]
out.append("q.zone_G %.17g" % q(np.array(["%s|%d" % (a, b) for a, b in zip(z, tert(G[t]))])))
tt, p = stats.ttest_ind(y[z == "North"], y[z == "South"], equal_var=False)
out += ["risk.t %.17g" % tt, "risk.p %.17g" % p]
# grey relational, factors mode: x1, x2, pop against x3 over every region-year (years then
# regions), initial-value preprocessing, rho 0.5
ref = series("x3").ravel(); F = np.array([series(n).ravel() for n in ("x1", "x2", "pop")])
ref = ref / ref[0]; F = F / F[:, :1]
dl = np.abs(F - ref); xi = (dl.min() + 0.5 * dl.max()) / (dl + 0.5 * dl.max())
for n, g in zip(("x1", "x2", "pop"), xi.mean(axis=1)): out.append("gra.%s %.17g" % (n, g))
open("coupling_expected.txt", "w").write("\n".join(out) + "\n")
