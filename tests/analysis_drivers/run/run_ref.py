#!/usr/bin/python3
"""tests/analysis_drivers/run/run_ref.py — the fixture and the independent expected values
of the driver analysis plugins in whole runs (test_analysis_drivers_run): writes
regions.csv and panel_long.csv (15 regions x 6 years, series y, x1, x2, x3, pop and a
grouping `zone`) and expected.txt (`name value`), computed here with numpy/scipy from the
published formulas, not from regcoord:
  forecast (GM(1,1) of y per region: least squares by numpy.linalg.lstsq; R03 has y = 0 in
  2019, R04 a gap in 2020, R05 a jump failing the class-ratio test);
  geodetector (y on x1 by quantile k = 3 and on zone; q, noncentral-F p as a Poisson
  mixture of scipy betainc; the x1 x zone interaction q);
  rsr, vikor, grey_relational over criteria x1, x2 (cost), x3 in 2022;
  panel_regression of y on x1, x3 with region and year dummies by lstsq and the
  region-clustered sandwich.
Rerun: /usr/bin/python3 run_ref.py (from this folder)."""
import math
import numpy as np
from scipy import special, stats

rng = np.random.default_rng(5150)
R, years = 15, list(range(2017, 2023))
T = len(years)
ids = ["R%02d" % (i + 1) for i in range(R)]
zone = ["North" if i < 5 else "South" if i < 10 else "West" for i in range(R)]
x1 = rng.uniform(1, 10, (T, R)).round(3)
x2 = rng.uniform(0.5, 5, (T, R)).round(3)
x3 = rng.uniform(10, 50, (T, R)).round(2)
pop = rng.uniform(1, 90, (T, R)).round(1)
alpha = rng.normal(0, 0.3, R)
growth = rng.uniform(0.02, 0.08, R)
y = np.empty((T, R))
for i in range(R):
    for t in range(T):
        y[t, i] = (2.0 + alpha[i]) * math.exp(growth[i] * t) + 0.05 * x1[t, i] + 0.01 * x3[t, i] \
            + rng.normal(0, 0.03)
y = y.round(4)
y[2, 2] = 0.0            # R03: a value <= 0 in 2019
y[3, 3] = np.nan         # R04: a gap in 2020
y[3:, 4] = y[3:, 4] * 3  # R05: a jump in 2020 (fails the class-ratio test)

with open("regions.csv", "w") as fh:
    fh.write("region,zone\n")
    for i in range(R): fh.write("%s,%s\n" % (ids[i], zone[i]))
with open("panel_long.csv", "w") as fh:
    fh.write("region,year,indicator,value\n")
    for t in range(T):
        for i in range(R):
            for name, arr in (("y", y), ("x1", x1), ("x2", x2), ("x3", x3), ("pop", pop)):
                v = arr[t, i]
                if not np.isnan(v): fh.write("%s,%d,%s,%.17g\n" % (ids[i], years[t], name, v))

out = []
def put(name, v): out.append("%s %.17g" % (name, v))

# ---- forecast: GM(1,1) of y, horizon 2 ----
for i in range(R):
    x0 = y[:, i]
    if np.isnan(x0).any() or (x0 <= 0).any(): continue
    n = len(x0); lam = x0[:-1] / x0[1:]
    x1s = np.cumsum(x0); z = 0.5 * (x1s[1:] + x1s[:-1])
    (a, b), *_ = np.linalg.lstsq(np.column_stack([-z, np.ones(n - 1)]), x0[1:], rcond=None)
    k = np.arange(n + 2)
    xh1 = (x0[0] - b / a) * np.exp(-a * k) + b / a
    xh = np.concatenate([[x0[0]], np.diff(xh1)])
    eps = x0 - xh[:n]; eps[0] = 0
    C = eps.std() / x0.std(); P = np.mean(np.abs(eps - eps.mean()) < 0.6745 * x0.std())
    ok = lam.min() > math.exp(-2 / (n + 1)) and lam.max() < math.exp(2 / (n + 1))
    put("forecast.%s.a" % ids[i], a); put("forecast.%s.b" % ids[i], b)
    put("forecast.%s.C" % ids[i], C); put("forecast.%s.P" % ids[i], P)
    put("forecast.%s.ratio_ok" % ids[i], int(ok))
    for j in range(n + 2): put("forecast.%s.fitted.%d" % (ids[i], 2017 + j), xh[j])

# ---- geodetector, 2022: y on x1 (quantile, k = 3) and on zone ----
def ncf_sf(f, d1, d2, lam):
    yv = d2 / (d2 + d1 * f); mu = lam / 2
    return sum((math.exp(-mu + j * math.log(mu) - math.lgamma(j + 1)) if mu > 0 else float(j == 0))
               * special.betainc(d2 / 2, d1 / 2 + j, yv) for j in range(3000))
def qstat(yv, s):
    N = len(yv); labs = sorted(set(s)); L = len(labs)
    sst = ((yv - yv.mean()) ** 2).sum()
    ssw = sum(((yv[s == h] - yv[s == h].mean()) ** 2).sum() for h in labs)
    q = 1 - ssw / sst
    F = (N - L) / (L - 1) * q / (1 - q)
    mh = np.array([yv[s == h].mean() for h in labs]); nh = np.array([(s == h).sum() for h in labs])
    lam = ((mh ** 2).sum() - (np.sqrt(nh) * mh).sum() ** 2 / N) / (sst / N)
    return q, F, ncf_sf(F, L - 1, N - L, lam), L
t = T - 1
keep = ~np.isnan(y[t])
yv = y[t][keep]; xv = x1[t][keep]; zv = np.array(zone)[keep]
br = np.quantile(xv, [0, 1 / 3, 2 / 3, 1])
s1 = np.array([0 if v <= br[1] else 1 if v <= br[2] else 2 for v in xv])
for name, s in (("x1", s1), ("zone", zv)):
    q, F, p, L = qstat(yv, s)
    put("gd.%s.q" % name, q); put("gd.%s.F" % name, F); put("gd.%s.p" % name, p)
    put("gd.%s.L" % name, L); put("gd.%s.n" % name, len(yv))
s12 = np.array(["%d|%s" % (a, b) for a, b in zip(s1, zv)])
put("gd.inter.q12", qstat(yv, s12)[0])

# ---- rsr / vikor / grey relational, 2022, criteria x1, x2 (cost), x3 ----
X = np.column_stack([x1[t], x2[t], x3[t]]); d = np.array([1, -1, 1]); m = R
Rk = np.column_stack([stats.rankdata(X[:, j] * d[j]) for j in range(3)])
rsr = Rk.sum(axis=1) / (3 * m)
for i in range(m): put("rsr.%s" % ids[i], rsr[i])
best = np.where(d > 0, X.max(0), X.min(0)); worst = np.where(d > 0, X.min(0), X.max(0))
D = (best - X) / (best - worst) / 3
S, Rg = D.sum(1), D.max(1)
Q = 0.5 * (S - S.min()) / (S.max() - S.min()) + 0.5 * (Rg - Rg.min()) / (Rg.max() - Rg.min())
for i in range(m): put("vikor.%s.S" % ids[i], S[i]); put("vikor.%s.Q" % ids[i], Q[i])
Z = np.column_stack([(X[:, j] - X[:, j].min()) / np.ptp(X[:, j]) if d[j] > 0
                     else (X[:, j].max() - X[:, j]) / np.ptp(X[:, j]) for j in range(3)])
dl = np.abs(Z - Z.max(0)); xi = (dl.min() + 0.5 * dl.max()) / (dl + 0.5 * dl.max())
for i in range(m): put("gra.%s" % ids[i], xi[i].mean())

# ---- panel regression: y on x1, x3, two-way FE, clustered by region ----
rows = [(i, tt) for tt in range(T) for i in range(R) if not np.isnan(y[tt, i])]
yy = np.array([y[tt, i] for i, tt in rows])
Xr = np.array([[x1[tt, i], x3[tt, i]] for i, tt in rows])
Rd = np.array([[float(i == g) for g in range(R)] for i, tt in rows])
Yd = np.array([[float(tt == s) for s in range(1, T)] for i, tt in rows])
Zf = np.hstack([Xr, Yd, Rd]); N = len(yy)
beta, *_ = np.linalg.lstsq(Zf, yy, rcond=None); e = yy - Zf @ beta
B = np.linalg.pinv(Zf.T @ Zf); meat = np.zeros((Zf.shape[1],) * 2)
for g in range(R):
    idx = [k for k, (i, tt) in enumerate(rows) if i == g]
    sg = Zf[idx].T @ e[idx]; meat += np.outer(sg, sg)
K = 2 + (T - 1) + 1
V = R / (R - 1) * (N - 1) / (N - K) * B @ meat @ B
for j, name in enumerate(["x1", "x3"]):
    put("fe.%s.coef" % name, beta[j]); put("fe.%s.se" % name, math.sqrt(V[j, j]))
put("fe.N", N)
with open("expected.txt", "w") as fh: fh.write("\n".join(out) + "\n")
