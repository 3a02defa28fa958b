#!/usr/bin/python3
"""tests/analysis_plugins/reference/reference_markov.py — independent values for the markov
plugin (numpy 1.24 / scipy 1.10), written to markov_ref.csv as long rows
case,quantity,lag,i,j,step,value (17 significant digits; inf for a passage that never
happens; lag = -1 for the classic chain).

Cases, on fixture.csv (v2016..v2020, 43 regions):
  pooled   k = 4 classes from pooled type-7 quantiles (numpy.percentile), classic chain
  peryear  k = 4 classes from each year's quantiles, classic chain
  spatial  pooled classes, conditioned on the pooled-quantile class (k = 4) of the spatial
           lag under row-standardised rook contiguity (R43, an island, has no lag and is
           left out of the spatial chain); homogeneity Q, LR, dof, p (Bickenbach-Bode as
           giddy), one matrix per lag class
  fixed    cut-offs 0.2, 0.9, 1.0: classes 2 and 3 are empty, so their rows are filled as
           absorbing (giddy fill_empty_diagonals) and the chain is reducible
Quantities: cut (i = cut index), count, prob, steady (i = closed-class number, j = state),
mfpt, power (step = n, P^n), projection (step = n, from the last year's class shares).

Stationary distributions come from the eigenvector of eigenvalue 1 of each closed class's
block; first passage times from the absorption probabilities h (solve) and times
(I - Q)^-1 1 for the states with h = 1 — a different route from the plugin's graph test.
For the ergodic cases the passage times are also checked against Kemeny and Snell's
fundamental matrix Z = (I - P + A)^-1, M = (I - Z + E Z_dg) D (giddy.ergodic.fmpt)."""
import csv
import numpy as np

rows = list(csv.DictReader(open("fixture.csv")))
ids = [r["region"] for r in rows]
n = len(ids)
years = [2016, 2017, 2018, 2019, 2020]
Y = np.array([[float(r[f"v{y}"]) for r in rows] for y in years])  # (T, n)
out = []


def put(case, q, lag, i, j, step, v):
    out.append((case, q, lag, i, j, step, "inf" if np.isinf(v) else repr(float(v))))


def classes(x, cuts):
    return np.array([int(np.sum(np.asarray(cuts) < v)) for v in x])


def qcuts(x, k):
    return np.percentile(np.asarray(x), [100.0 * c / k for c in range(1, k)])


def counts(C, k, cond=None, m=1):
    T = np.zeros((m, k, k))
    for t in range(C.shape[0] - 1):
        for r in range(C.shape[1]):
            if cond is not None and cond[t, r] < 0:
                continue
            g = 0 if cond is None else cond[t, r]
            T[g, C[t, r], C[t + 1, r]] += 1
    return T


def filled(T):
    k = T.shape[0]
    P = np.zeros((k, k))
    for i in range(k):
        s = T[i].sum()
        if s > 0:
            P[i] = T[i] / s
        else:
            P[i, i] = 1.0
    return P


def closed_classes(P):
    k = P.shape[0]
    R = (np.eye(k) + (P > 0)).astype(bool)
    for _ in range(k):
        R = R | ((R.astype(int) @ R.astype(int)) > 0)
    comm = []
    seen = set()
    for i in range(k):
        if i in seen:
            continue
        c = [j for j in range(k) if R[i, j] and R[j, i]]
        seen.update(c)
        comm.append(c)
    closed = [c for c in comm if all(P[i, j] == 0 for i in c for j in range(k) if j not in c)]
    return sorted(closed, key=min)


def steady(P):
    res = []
    for c in closed_classes(P):
        B = P[np.ix_(c, c)]
        v, d = np.linalg.eig(B.T)
        i = int(np.argmin(abs(v - 1.0)))
        pi = np.real(d[:, i])
        pi = pi / pi.sum()
        full = np.zeros(P.shape[0])
        full[c] = pi
        res.append(full)
    return res


def mfpt(P):
    k = P.shape[0]
    M = np.full((k, k), np.inf)
    for j in range(k):
        others = [i for i in range(k) if i != j]
        if others:
            Qm = P[np.ix_(others, others)]
            # absorption probability into j: h = P_.j + Q h; unreachable states give 0
            A = np.eye(len(others)) - Qm
            h = np.linalg.lstsq(A, P[others, j], rcond=None)[0]
            sure = [o for o, hv in zip(others, h) if abs(hv - 1.0) < 1e-9]
            # the states with h = 1 form a closed set under Q
            sure = [o for o in sure if all(P[o, v] == 0 or v == j or v in sure for v in range(k))]
            if sure:
                Qs = P[np.ix_(sure, sure)]
                t = np.linalg.solve(np.eye(len(sure)) - Qs, np.ones(len(sure)))
                for o, tv in zip(sure, t):
                    M[o, j] = tv
        rec = 1.0
        for v in range(k):
            if v != j and P[j, v] > 0:
                rec += P[j, v] * M[v, j]
        M[j, j] = rec
    return M


def kemeny_snell(P, pi):
    k = P.shape[0]
    A = np.tile(pi, (k, 1))
    Z = np.linalg.inv(np.eye(k) - P + A)
    return (np.eye(k) - Z + np.ones((k, k)) @ np.diag(np.diag(Z))) @ np.diag(1.0 / pi)


def chain(case, T, lag, last_classes, k, steps=3):
    P = filled(T)
    for i in range(k):
        for j in range(k):
            put(case, "count", lag, i, j, 0, T[i, j])
            if T[i].sum() > 0:
                put(case, "prob", lag, i, j, 0, T[i, j] / T[i].sum())
    ss = steady(P)
    for c, pi in enumerate(ss):
        for j in range(k):
            put(case, "steady", lag, c, j, 0, pi[j])
    M = mfpt(P)
    if len(ss) == 1 and all(ss[0] > 0):
        assert np.allclose(M, kemeny_snell(P, ss[0]), rtol=1e-10), case
    for i in range(k):
        for j in range(k):
            put(case, "mfpt", lag, i, j, 0, M[i, j])
    for s in range(1, steps + 1):
        Pn = np.linalg.matrix_power(P, s)
        for i in range(k):
            for j in range(k):
                put(case, "power", lag, i, j, s, Pn[i, j])
    if last_classes is not None:
        d0 = np.bincount(last_classes, minlength=k) / len(last_classes)
        for s in range(1, steps + 1):
            d = d0 @ np.linalg.matrix_power(P, s)
            for j in range(k):
                put(case, "projection", lag, -1, j, s, d[j])


k = 4
cuts = qcuts(Y.ravel(), k)
for c, v in enumerate(cuts):
    put("pooled", "cut", -1, c, -1, 0, v)
C = np.array([classes(Y[t], cuts) for t in range(len(years))])
chain("pooled", counts(C, k)[0], -1, C[-1], k)

Cy = np.array([classes(Y[t], qcuts(Y[t], k)) for t in range(len(years))])
for t in range(len(years)):
    for c, v in enumerate(qcuts(Y[t], k)):
        put("peryear", "cut", -1, c, -1, years[t], v)
chain("peryear", counts(Cy, k)[0], -1, Cy[-1], k)

# spatial lag under row-standardised rook contiguity; the island has no lag
nb = {i: [] for i in range(n)}
for r in csv.DictReader(open("contiguity.csv")):
    nb[ids.index(r["from"])].append(ids.index(r["to"]))
L = np.full(Y.shape, np.nan)
for t in range(len(years)):
    for i in range(n):
        if nb[i]:
            L[t, i] = np.mean(Y[t, nb[i]])
lcuts = qcuts(L[~np.isnan(L)], k)
for c, v in enumerate(lcuts):
    put("spatial", "lagcut", -1, c, -1, 0, v)
LC = np.where(np.isnan(L), -1, np.array([[int(np.sum(lcuts < v)) for v in row] for row in np.nan_to_num(L)]))
TS = counts(C, k, LC, k)
for g in range(k):
    chain("spatial", TS[g], g, None, k)
# homogeneity (Bickenbach and Bode 2003, as giddy)
Tp = TS.sum(axis=0)
ni = Tp.sum(axis=1)
pij = Tp / np.where(ni > 0, ni, 1)[:, None]
Q = LR = 0.0
b = np.zeros(k)
for g in range(k):
    nim = TS[g].sum(axis=1)
    b += nim > 0
    pg = TS[g] / np.where(nim > 0, nim, 1)[:, None]
    Q += np.sum(nim[:, None] * np.where(pij > 0, (pg - pij) ** 2 / np.where(pij > 0, pij, 1), 0))
    mask = (TS[g] > 0) & (pij > 0)
    LR += np.sum(np.where(mask, TS[g] * np.log(np.where(mask, pg, 1) / np.where(mask, pij, 1)), 0))
LR *= 2
A = (Tp > 0).sum(axis=1)
dof = int(np.sum((b - 1) * (A - 1)))
from scipy import stats
put("spatial", "Q", -1, -1, -1, dof, Q)
put("spatial", "LR", -1, -1, -1, dof, LR)
put("spatial", "p_Q", -1, -1, -1, dof, stats.chi2.sf(Q, dof))
put("spatial", "p_LR", -1, -1, -1, dof, stats.chi2.sf(LR, dof))

fcuts = [0.2, 0.9, 1.0]
Cf = np.array([classes(Y[t], fcuts) for t in range(len(years))])
chain("fixed", counts(Cf, k)[0], -1, Cf[-1], k)

with open("markov_ref.csv", "w") as f:
    f.write("case,quantity,lag,i,j,step,value\n")
    for r in out:
        f.write(",".join(str(x) for x in r) + "\n")
print(len(out), "rows; spatial dof", dof, "Q", Q, "LR", LR)
