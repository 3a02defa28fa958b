#!/usr/bin/python3
"""tests/analysis_plugins/run/gen_run.py — writes the inputs of the plugin run in this folder
from ../reference/fixture.csv: regions.csv (43 regions), coords.csv (longitude, latitude),
values.csv (wide: region, year, v, pop). assessment.yaml scores one indicator v, min-max
normalised per year, so the index is a per-year increasing affine map of v: Moran's I,
Geary's C, the Gi/Gi* z and p and per-year quantile classes equal those of v, which the
reference scripts computed. Run once; the outputs are committed."""
import csv

rows = list(csv.DictReader(open("../reference/fixture.csv")))
with open("regions.csv", "w") as f:
    f.write("region,name\n")
    f.writelines(f"{r['region']},Region {r['region'][1:]}\n" for r in rows)
with open("coords.csv", "w") as f:
    f.write("region,x,y\n")
    f.writelines(f"{r['region']},{r['lon']},{r['lat']}\n" for r in rows)
with open("values.csv", "w") as f:
    f.write("region,year,v,pop\n")
    for y in range(2016, 2021):
        f.writelines(f"{r['region']},{y},{r['v' + str(y)]},{r['pop']}\n" for r in rows)
# boundaries.geojson: the grid as unit squares (region i at row i // 7, column i % 7) and
# the island R43 as a square far off, for assessment_boundaries.yaml (rook contiguity
# from the polygons must give the pairs of ../reference/contiguity.csv)
import json
feats = []
for i, r in enumerate(rows):
    if i < 42:
        x0, y0 = float(i % 7), float(i // 7)
    else:
        x0, y0 = 20.0, 20.0
    ring = [[x0, y0], [x0 + 1, y0], [x0 + 1, y0 + 1], [x0, y0 + 1], [x0, y0]]
    feats.append({"type": "Feature", "properties": {"region": r["region"]},
                  "geometry": {"type": "Polygon", "coordinates": [ring]}})
with open("boundaries.geojson", "w") as f:
    json.dump({"type": "FeatureCollection", "features": feats}, f, indent=0)
