#!/usr/bin/python3
"""tests/analysis_drivers/ref/mcda_ref.py — independent reference values for the grey
relational, RSR and VIKOR kernels (plugins/analyses/{grey_relational,rsr,vikor}), written
from the published formulas with numpy/scipy (not from the C code):
  grey relational: Deng's coefficient xi = (dmin + rho dmax)/(d + rho dmax), grade = weighted
    mean (Liu Sifeng et al., Grey Systems: Theory and Applications, ch. 3);
  RSR: ranks by scipy.stats.rankdata (average ties), RSR = sum w R / m, the distinct-value
    table with average ranks, percentile (last 1 - 1/(4m)), probit 5 + norm.ppf, line by
    numpy.polyfit (Tian Fengdiao, 秩和比法);
  VIKOR: Opricovic & Tzeng 2004 (EJOR 156), S, R, Q, C1/C2 and the compromise set.
Writes mcda_input.csv and mcda_expected.txt. Rerun: /usr/bin/python3 mcda_ref.py here."""
import numpy as np
from scipy import stats

rng = np.random.default_rng(7)
m, n = 12, 5
X = np.round(rng.uniform(1, 10, (m, n)), 1)   # one decimal: ties in the ranks
X[3, 2] = X[7, 2]                               # a certain tie in the cost criterion
X[5, :] = X[9, :]                               # two identical regions
direction = np.array([1, 1, -1, 1, 1])
w = np.array([0.3, 0.2, 0.15, 0.25, 0.1])
y = np.round(rng.uniform(2, 8, m), 3)           # a reference series for factor mode

out = []
def put(name, v):
    out.append("%s %.17g" % (name, v))

# ---- grey relational ----
def gra(ref, S, rho, wt):
    d = np.abs(S - ref)
    dmin, dmax = d.min(), d.max()
    xi = (dmin + rho * dmax) / (d + rho * dmax)
    wt = np.full(S.shape[1], 1 / S.shape[1]) if wt is None else wt / wt.sum()
    return xi, xi @ wt

# (a) regions vs the ideal, min-max per column with directions
Z = np.empty_like(X)
for j in range(n):
    lo, hi = X[:, j].min(), X[:, j].max()
    Z[:, j] = (X[:, j] - lo) / (hi - lo) if direction[j] > 0 else (hi - X[:, j]) / (hi - lo)
xi, g = gra(Z.max(axis=0), Z, 0.5, w)
for i in range(m):
    put("gra.minmax.grade.%d" % i, g[i])
    for j in range(n): put("gra.minmax.xi.%d.%d" % (i, j), xi[i, j])
# (b) mean preprocessing, ideal = max (min for the cost criterion), equal weights, rho 0.3
Z = X / X.mean(axis=0)
ideal = np.where(direction > 0, Z.max(axis=0), Z.min(axis=0))
xi, g = gra(ideal, Z, 0.3, None)
for i in range(m): put("gra.mean.grade.%d" % i, g[i])
# (c) factors against a reference series, initial-value preprocessing
F = X.T.copy()                                  # 5 factor sequences of length m
ref = y / y[0]
F = F / F[:, :1]
xi, g = gra(ref, F, 0.5, None)
for f in range(n): put("gra.factor.grade.%d" % f, g[f])

# ---- RSR ----
def rsr(Xm, wt, nonint):
    mm, nn = Xm.shape
    R = np.empty_like(Xm)
    for j in range(nn):
        col = Xm[:, j] * direction[j]
        if nonint:
            lo, hi = col.min(), col.max()
            R[:, j] = 1 + (mm - 1) * (col - lo) / (hi - lo)
        else:
            R[:, j] = stats.rankdata(col)
    # sum first, divide once (as the kernel does): equal rank sums give equal ratios
    if wt is None:
        return R, R.sum(axis=1) / (nn * mm)
    return R, (R * wt).sum(axis=1) / (wt.sum() * mm)

def probit_table(v, grades):
    mm = len(v)
    # distinct values: within 1e-12 relative of the group's smallest (rounding never splits
    # a tie)
    sv = np.sort(v); vals, f = [], []
    for x in sv:
        if vals and x - vals[-1] <= 1e-12 * abs(vals[-1]): f[-1] += 1
        else: vals.append(x); f.append(1)
    vals, f = np.array(vals), np.array(f)
    cf = np.cumsum(f)
    rbar = cf - (f - 1) / 2
    pct = rbar / mm
    pct[-1] = 1 - 1 / (4 * mm)
    pr = 5 + stats.norm.ppf(pct)
    b, a = np.polyfit(pr, vals, 1)
    r2 = np.corrcoef(pr, vals)[0, 1] ** 2
    th = {3: [4, 6], 4: [3.5, 5, 6.5], 5: [3.2, 4.4, 5.6, 6.8], 6: [3, 4, 5, 6, 7]}[grades]
    cut = [a + b * t for t in th]
    pro = np.array([pr[np.searchsorted(vals, x * (1 + 1e-12) + 1e-300, side="right") - 1]
                    for x in v])
    fit = a + b * pro
    grade = np.array([1 + sum(fv >= c for c in cut) for fv in fit])
    return a, b, r2, len(vals), pro, fit, grade, cut

for label, wt, nonint in (("plain", None, False), ("weighted", w, False), ("nonint", w, True)):
    R, v = rsr(X, wt, nonint)
    for i in range(m):
        put("rsr.%s.rsr.%d" % (label, i), v[i])
        for j in range(n): put("rsr.%s.rank.%d.%d" % (label, i, j), R[i, j])
    for grades in (3, 4, 5, 6):
        a, b, r2, nd, pro, fit, grade, cut = probit_table(v, grades)
        put("rsr.%s.%d.a" % (label, grades), a); put("rsr.%s.%d.b" % (label, grades), b)
        put("rsr.%s.%d.r2" % (label, grades), r2); put("rsr.%s.%d.distinct" % (label, grades), nd)
        for c, cv in enumerate(cut): put("rsr.%s.%d.cut.%d" % (label, grades, c), cv)
        for i in range(m):
            put("rsr.%s.%d.probit.%d" % (label, grades, i), pro[i])
            put("rsr.%s.%d.fitted.%d" % (label, grades, i), fit[i])
            put("rsr.%s.%d.grade.%d" % (label, grades, i), grade[i])

# ---- VIKOR ----
def vikor(Fm, wt, v):
    mm, nn = Fm.shape
    wt = wt / wt.sum()
    best = np.where(direction > 0, Fm.max(axis=0), Fm.min(axis=0))
    worst = np.where(direction > 0, Fm.min(axis=0), Fm.max(axis=0))
    D = wt * (best - Fm) / (best - worst)
    S, R = D.sum(axis=1), D.max(axis=1)
    Q = v * (S - S.min()) / (S.max() - S.min()) + (1 - v) * (R - R.min()) / (R.max() - R.min())
    order = sorted(range(mm), key=lambda i: (Q[i], S[i], R[i], i))
    DQ = 1 / (mm - 1)
    a1, a2 = order[0], order[1]
    c1 = Q[a2] - Q[a1] >= DQ
    c2 = S[a1] == S.min() or R[a1] == R.min()
    comp = {a1}
    if not c1:
        for t in order[1:]:
            if Q[t] - Q[a1] < DQ: comp.add(t)
            else: break
    elif not c2:
        comp.add(a2)
    return S, R, Q, c1, c2, comp

for label, Fm, v in (("v05", X, 0.5), ("v03", X, 0.3), ("top", np.vstack([X, X.max(axis=0) * np.where(direction > 0, 1, 0) + X.min(axis=0) * np.where(direction > 0, 0, 1)]), 0.5)):
    S, R, Q, c1, c2, comp = vikor(Fm, w, v)
    for i in range(len(S)):
        put("vikor.%s.S.%d" % (label, i), S[i]); put("vikor.%s.R.%d" % (label, i), R[i])
        put("vikor.%s.Q.%d" % (label, i), Q[i]); put("vikor.%s.comp.%d" % (label, i), int(i in comp))
    put("vikor.%s.c1" % label, int(c1)); put("vikor.%s.c2" % label, int(c2))
    put("vikor.%s.m" % label, len(S))

# two small matrices found by a seeded search: one where C1 fails (a compromise set of
# several), one where only C2 fails (a' and a'')
srch = np.random.default_rng(11)
found = {}
while len(found) < 2:
    Fm = np.round(srch.uniform(0, 10, (6, n)), 0)
    if any(Fm[:, j].max() == Fm[:, j].min() for j in range(n)): continue
    S, R, Q, c1, c2, comp = vikor(Fm, w, 0.5)
    key = "noc1" if not c1 and len(comp) >= 3 else "noc2" if c1 and not c2 else None
    if key and key not in found: found[key] = Fm
for label in ("noc1", "noc2"):
    Fm = found[label]
    S, R, Q, c1, c2, comp = vikor(Fm, w, 0.5)
    for i in range(len(S)):
        for j in range(n): put("vikor.%s.F.%d.%d" % (label, i, j), Fm[i, j])
        put("vikor.%s.S.%d" % (label, i), S[i]); put("vikor.%s.R.%d" % (label, i), R[i])
        put("vikor.%s.Q.%d" % (label, i), Q[i]); put("vikor.%s.comp.%d" % (label, i), int(i in comp))
    put("vikor.%s.c1" % label, int(c1)); put("vikor.%s.c2" % label, int(c2))
    put("vikor.%s.m" % label, len(S))

with open("mcda_input.csv", "w") as fh:
    fh.write("c0,c1,c2,c3,c4,y\n")
    for i in range(m):
        fh.write(",".join("%.17g" % x for x in X[i]) + ",%.17g\n" % y[i])
with open("mcda_expected.txt", "w") as fh:
    fh.write("\n".join(out) + "\n")
