#!/usr/bin/python3
"""tests/analysis_plugins/reference/gen_fixture.py — writes the fixture the analysis-plugin
references and tests share (deterministic, numpy seed 17): fixture.csv, 43 regions (a 7 x 6
grid of jittered lon/lat points plus one far-off island R43) with five years of a spatially
trending value and a population series; contiguity.csv, the rook pairs of the grid (R43 has
none). Run once; the outputs are committed."""
import numpy as np

rng = np.random.default_rng(17)
rows, cols = 6, 7
regions = []
for r in range(rows):
    for c in range(cols):
        lon = 100.0 + 0.8 * c + 0.25 * rng.random()
        lat = 25.0 + 0.7 * r + 0.25 * rng.random()
        regions.append((r, c, lon, lat))
regions.append((None, None, 112.5, 31.2))  # the island
years = [2016, 2017, 2018, 2019, 2020]
with open("fixture.csv", "w") as f:
    f.write("region,lon,lat,x_km,y_km,pop," + ",".join(f"v{y}" for y in years) + "\n")
    for i, (r, c, lon, lat) in enumerate(regions):
        base = 0.2 + 0.05 * (c if c is not None else 3) + 0.03 * (r if r is not None else 2)
        pop = 50.0 + 200.0 * rng.random()
        vals = []
        for t, _ in enumerate(years):
            vals.append(base + 0.02 * t + 0.08 * rng.standard_normal())
        x_km = (lon - 100.0) * 90.0
        y_km = (lat - 25.0) * 111.0
        f.write(f"R{i + 1:02d},{lon!r},{lat!r},{x_km!r},{y_km!r},{pop!r},"
                + ",".join(repr(float(v)) for v in vals) + "\n")
with open("contiguity.csv", "w") as f:
    f.write("from,to\n")
    for i, (r, c, _, _) in enumerate(regions):
        for j, (r2, c2, _, _) in enumerate(regions):
            if r is None or r2 is None:
                continue
            if abs(r - r2) + abs(c - c2) == 1:
                f.write(f"R{i + 1:02d},R{j + 1:02d}\n")
