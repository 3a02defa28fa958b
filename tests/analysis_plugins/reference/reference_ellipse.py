#!/usr/bin/python3
"""tests/analysis_plugins/reference/reference_ellipse.py — independent values for the
ellipse plugin (numpy 1.24), written to ellipse_ref.csv (case, year, quantity, value; 17
significant digits) and ellipse_moves_ref.csv (case, from, to, quantity, value).

The ellipse by ArcGIS's Directional Distribution formulas: x~, y~ centred on the weighted
mean centre, A = sum w x~^2 - sum w y~^2, B = sqrt(A^2 + 4 (sum w x~ y~)^2), C = 2 sum w x~ y~,
tan(theta) = (A + B) / C (theta clockwise from north, taken mod 180), sigma along theta =
sqrt(f sum w (x~ sin theta + y~ cos theta)^2 / sum w) and across it with (x~ cos theta -
y~ sin theta), f = 2 (ArcGIS's sqrt 2) or 1; checked against the eigenvalues of the weighted
covariance matrix. Area at s SD = pi s^2 sigma_major sigma_minor.

Cases on fixture.csv:
  lonlat_w   lon/lat projected equirectangularly (R = 6371.0088 km) about the unweighted
             mean lon/lat of the 43 regions, weights v<year>, f = 2; centres back in lon/lat;
             moves by haversine distance and initial bearing
  planar_w   x_km, y_km, weights v<year>, f = 1; moves by Euclidean distance and direction
             atan2(dx, dy) clockwise from +y
  planar_u   x_km, y_km unweighted, f = 2 (one year: the points do not move)
  lonlat_u   lon/lat as lonlat_w but unweighted (one year), for the plugin run of
             ../run/ (weight: none)
  planar_c   x_km, y_km, weights v<year>, CrimeStat's correction as PySAL pointpats'
             ellipse(method="crimestat"): sigma times sqrt(2) sqrt(n) / sqrt(n - 2)"""
import csv
import math
import numpy as np

R = 6371.0088
rows = list(csv.DictReader(open("fixture.csv")))
lon = np.array([float(r["lon"]) for r in rows])
lat = np.array([float(r["lat"]) for r in rows])
xk = np.array([float(r["x_km"]) for r in rows])
yk = np.array([float(r["y_km"]) for r in rows])
years = [2016, 2017, 2018, 2019, 2020]
V = {y: np.array([float(r[f"v{y}"]) for r in rows]) for y in years}
lon0, lat0 = lon.mean(), lat.mean()
d = math.pi / 180


def sde(x, y, w, f):
    if f == "crimestat":
        cx, cy, ma, mi, th = sde(x, y, w, 1.0)
        c = math.sqrt(2) * math.sqrt(len(x)) / math.sqrt(len(x) - 2)
        return cx, cy, ma * c, mi * c, th
    cx, cy = np.sum(w * x) / w.sum(), np.sum(w * y) / w.sum()
    xt, yt = x - cx, y - cy
    A = np.sum(w * xt * xt) - np.sum(w * yt * yt)
    C = 2 * np.sum(w * xt * yt)
    B = math.sqrt(A * A + C * C)
    th = math.degrees(math.atan((A + B) / C)) % 180.0
    s, c = math.sin(th * d), math.cos(th * d)
    ma = math.sqrt(f * np.sum(w * (xt * s + yt * c) ** 2) / w.sum())
    mi = math.sqrt(f * np.sum(w * (xt * c - yt * s) ** 2) / w.sum())
    cov = np.array([[np.sum(w * xt * xt), np.sum(w * xt * yt)],
                    [np.sum(w * xt * yt), np.sum(w * yt * yt)]]) / w.sum()
    ev = np.sort(np.linalg.eigvalsh(cov))
    assert abs(ma - math.sqrt(f * ev[1])) < 1e-9 * ma and abs(mi - math.sqrt(f * ev[0])) < 1e-9 * ma
    return cx, cy, ma, mi, th


def hav(l1, p1, l2, p2):
    a = math.sin((p2 - p1) * d / 2) ** 2 + math.cos(p1 * d) * math.cos(p2 * d) * math.sin((l2 - l1) * d / 2) ** 2
    return 2 * R * math.asin(math.sqrt(min(a, 1.0)))


def bearing(l1, p1, l2, p2):
    dl = (l2 - l1) * d
    b = math.degrees(math.atan2(math.sin(dl) * math.cos(p2 * d),
                                math.cos(p1 * d) * math.sin(p2 * d) - math.sin(p1 * d) * math.cos(p2 * d) * math.cos(dl)))
    return b % 360.0


out, moves = [], []
px = R * (lon - lon0) * d * math.cos(lat0 * d)
py = R * (lat - lat0) * d
cases = {"lonlat_w": (px, py, True, 2.0), "planar_w": (xk, yk, False, 1.0), "planar_u": (xk, yk, False, 2.0),
         "lonlat_u": (px, py, True, 2.0), "planar_c": (xk, yk, False, "crimestat")}
for case, (x, y, ll, f) in cases.items():
    prev = None
    unweighted = case.endswith("_u")
    for yr in (years[:1] if unweighted else years):
        w = np.ones(len(x)) if unweighted else V[yr]
        cx, cy, ma, mi, th = sde(x, y, w, f)
        if ll:
            cx, cy = lon0 + cx / (R * math.cos(lat0 * d)) / d, lat0 + cy / R / d
        vals = {"centre_x": cx, "centre_y": cy, "sigma_major": ma, "sigma_minor": mi,
                "theta": th, "area_1": math.pi * ma * mi, "area_2": 4 * math.pi * ma * mi,
                "area_3": 9 * math.pi * ma * mi}
        for q, v in vals.items():
            out.append((case, yr, q, repr(float(v))))
        if prev:
            if ll:
                dist, dirn = hav(prev[1], prev[2], cx, cy), bearing(prev[1], prev[2], cx, cy)
            else:
                dist = math.hypot(cx - prev[1], cy - prev[2])
                dirn = math.degrees(math.atan2(cx - prev[1], cy - prev[2])) % 360.0
            moves.append((case, prev[0], yr, "distance", repr(dist)))
            moves.append((case, prev[0], yr, "direction", repr(dirn)))
        prev = (yr, cx, cy)
with open("ellipse_ref.csv", "w") as fo:
    fo.write("case,year,quantity,value\n")
    fo.writelines(",".join(str(v) for v in r) + "\n" for r in out)
with open("ellipse_moves_ref.csv", "w") as fo:
    fo.write("case,from,to,quantity,value\n")
    fo.writelines(",".join(str(v) for v in r) + "\n" for r in moves)
print(len(out), "ellipse values,", len(moves), "move values; lon0", lon0, "lat0", lat0)
