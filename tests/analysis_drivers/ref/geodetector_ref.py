#!/usr/bin/python3
"""tests/analysis_drivers/ref/geodetector_ref.py — independent reference values for the
geodetector kernels (plugins/analyses/geodetector/gd_kernel.c), written from the published
formulas (Wang & Xu 2017, Acta Geographica Sinica 72(1); Wang et al. 2010, IJGIS 24(1))
with numpy and scipy, not from the C code: natural breaks by the plain O(k n^2) Fisher
dynamic programme; the noncentral F tail by its defining Poisson mixture summed term by
term over scipy.special.betainc (it agrees with scipy.stats.ncf.sf to 1e-12; R's
pf(ncp = ) stops at its errmax 1e-9 and differs from both at that level); f.sf and Welch's
t from scipy.stats.

Writes geodetector_input.csv (the data, 17 significant digits) and geodetector_expected.txt
(`name value` lines). Rerun: /usr/bin/python3 geodetector_ref.py (from this folder)."""
import math
import numpy as np
from scipy import special, stats

def ncf_sf(f, d1, d2, lam):
    """P(F > f), F ~ noncentral F(d1, d2, lam): sum_j Pois(j; lam/2) I_y(d2/2, d1/2 + j)."""
    y = d2 / (d2 + d1 * f); mu = lam / 2; s = 0.0
    for j in range(0, 20000):
        w = math.exp(-mu + j * math.log(mu) - math.lgamma(j + 1)) if mu > 0 else float(j == 0)
        s += w * special.betainc(d2 / 2, d1 / 2 + j, y)
    return s

rng = np.random.default_rng(20261202)
n = 60
x1 = rng.gamma(2.0, 1.5, n) + 0.2           # positive, skewed (geometric applies)
x2 = rng.normal(0.0, 1.0, n)                # has negatives (geometric does not apply)
x3 = rng.integers(0, 4, n)                  # a categorical factor, 4 classes
y = 0.8 * np.sqrt(x1) + 0.5 * (x3 == 2) + 0.3 * x2 ** 2 + rng.normal(0, 0.3, n)

out = []
def put(name, v):
    out.append("%s %.17g" % (name, v))

def q7(s, p):
    return float(np.quantile(s, p))  # numpy's default 'linear' is R's type 7

def natural(s, k):
    n = len(s)
    z = s - s.mean()
    c1 = np.concatenate([[0], np.cumsum(z)]); c2 = np.concatenate([[0], np.cumsum(z * z)])
    def ss(i, j):
        l = j - i + 1; t = c1[j + 1] - c1[i]
        return max(c2[j + 1] - c2[i] - t * t / l, 0.0)
    D = np.full((k, n), np.inf); A = np.zeros((k, n), dtype=int)
    for j in range(n):
        D[0, j] = ss(0, j)
    for c in range(1, k):
        for j in range(c, n):
            best, arg = np.inf, c
            for i in range(c, j + 1):
                v = D[c - 1, i - 1] + ss(i, j)
                if v < best:
                    best, arg = v, i
            D[c, j], A[c, j] = best, arg
    br = [0.0] * (k + 1); br[k] = s[-1]; end = n - 1
    for c in range(k - 1, 0, -1):
        st = A[c, end]; br[c] = s[st - 1]; end = st - 1
    br[0] = s[0]
    return br

def breaks(x, method, k):
    s = np.sort(x); lo, hi = s[0], s[-1]
    if method == "equal":
        return [lo + c * (hi - lo) / k for c in range(k)] + [hi]
    if method == "quantile":
        return [lo] + [q7(s, c / k) for c in range(1, k)] + [hi]
    if method == "natural":
        return natural(s, k)
    if method == "geometric":
        if lo <= 0: return None
        return [lo] + [lo * (hi / lo) ** (c / k) for c in range(1, k)] + [hi]
    if method == "sd":
        m, sd = s.mean(), s.std(ddof=1)
        return [lo] + [min(max(m + (c - k / 2) * sd, lo), hi) for c in range(1, k)] + [hi]

def classify(x, br):
    k = len(br) - 1
    cls = np.array([next(c for c in range(k) if v <= br[c + 1]) if v > br[0] else 0
                    for v in x])
    used = sorted(set(cls))
    return np.array([used.index(c) for c in cls]), len(used)

def factor(y, s):
    N = len(y); L = len(set(s))
    sst = ((y - y.mean()) ** 2).sum()
    ssw = sum(((y[s == h] - y[s == h].mean()) ** 2).sum() for h in set(s))
    q = 1 - ssw / sst
    F = (N - L) / (L - 1) * q / (1 - q)
    means = np.array([y[s == h].mean() for h in sorted(set(s))])
    cnt = np.array([(s == h).sum() for h in sorted(set(s))])
    lam = ((means ** 2).sum() - (np.sqrt(cnt) * means).sum() ** 2 / N) / (sst / N)
    p = ncf_sf(F, L - 1, N - L, lam)
    return q, F, lam, p, L, ssw

methods = ["equal", "quantile", "natural", "geometric", "sd"]
for name, x in (("x1", x1), ("x2", x2)):
    for m in methods:
        for k in range(3, 9):
            br = breaks(x, m, k)
            if br is None:
                put("applies.%s.%s.%d" % (name, m, k), 0); continue
            put("applies.%s.%s.%d" % (name, m, k), 1)
            for c, b in enumerate(br):
                put("break.%s.%s.%d.%d" % (name, m, k, c), b)
            s, L = classify(x, br)
            put("L.%s.%s.%d" % (name, m, k), L)
            put("q.%s.%s.%d" % (name, m, k), factor(y, s)[0])
    # optimal: largest q, ties to the earlier method then smaller k
    best = None
    for mi, m in enumerate(methods):
        for k in range(3, 9):
            br = breaks(x, m, k)
            if br is None: continue
            q = factor(y, classify(x, br)[0])[0]
            if best is None or q > best[0]: best = (q, mi, k)
    put("opt.%s.q" % name, best[0]); put("opt.%s.method" % name, best[1])
    put("opt.%s.k" % name, best[2])

# the factor detector on x1 (quantile, 5 classes) and on the categorical x3
s1, L1 = classify(x1, breaks(x1, "quantile", 5))
s3 = x3.copy(); L3 = 4
for name, s in (("x1q5", s1), ("x3", s3)):
    q, F, lam, p, L, ssw = factor(y, s)
    for k, v in (("q", q), ("F", F), ("ncp", lam), ("p", p), ("L", L), ("ssw", ssw)):
        put("factor.%s.%s" % (name, k), v)

# interaction x1q5 ∩ x3
s13 = np.array([a * 10 + b for a, b in zip(s1, s3)])
q13 = factor(y, s13)[0]
put("inter.q12", q13); put("inter.L12", len(set(s13)))

# risk detector: Welch t between every pair of x3's strata
for h in range(4):
    for g in range(h + 1, 4):
        a, b = y[s3 == h], y[s3 == g]
        t, p = stats.ttest_ind(a, b, equal_var=False)
        va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
        df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
        put("risk.%d.%d.t" % (h, g), t); put("risk.%d.%d.df" % (h, g), df)
        put("risk.%d.%d.p" % (h, g), p)

# ecological x1q5 vs x3: F = SSW1/SSW2 (same N), df (N-1, N-1)
w1 = factor(y, s1)[5]; w3 = factor(y, s3)[5]
Fe = n * (n - 1) * w1 / (n * (n - 1) * w3)
put("eco.F", Fe); put("eco.p", stats.f.sf(Fe, n - 1, n - 1))

# the noncentral F tail on its own, over a range of arguments (scipy = Boost's ncf)
for i, (f, d1, d2, lam) in enumerate([(2.5, 4, 45, 8.0), (0.7, 2, 10, 0.5),
                                      (2.5, 7, 2992, 5.0), (3.1, 7, 52, 40.0),
                                      (1.2, 1, 5, 0.0), (45.0, 10, 200, 150.0)]):
    put("ncf.%d" % i, ncf_sf(f, d1, d2, lam))

with open("geodetector_input.csv", "w") as fh:
    fh.write("y,x1,x2,x3\n")
    for i in range(n):
        fh.write("%.17g,%.17g,%.17g,%d\n" % (y[i], x1[i], x2[i], x3[i]))
with open("geodetector_expected.txt", "w") as fh:
    fh.write("\n".join(out) + "\n")
