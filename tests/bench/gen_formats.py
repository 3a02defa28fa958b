#!/usr/bin/env python3
"""tests/bench/gen_formats.py — writes one wide panel (N regions x Y years x M indicators,
fixed seed) as panel.csv and panel.xlsx (openpyxl, write-only mode) with csv.yaml and
xlsx.yaml naming them, for bench_formats. usage: gen_formats.py OUTDIR [N Y M]"""
import os
import random
import sys

import openpyxl

out = sys.argv[1]
n, y, m = (int(a) for a in sys.argv[2:5]) if len(sys.argv) >= 5 else (3000, 20, 64)
os.makedirs(out, exist_ok=True)
rng = random.Random(11)
header = ["region", "year"] + ["x%02d" % k for k in range(m)]
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("panel")
ws.append(header)
with open(os.path.join(out, "panel.csv"), "w") as f:
    f.write(",".join(header) + "\n")
    for r in range(n):
        for t in range(y):
            vals = [round(rng.uniform(0, 1000), 3) for _ in range(m)]
            row = ["R%05d" % r, 2000 + t] + vals
            f.write(",".join(str(v) for v in row) + "\n")
            ws.append(row)
wb.save(os.path.join(out, "panel.xlsx"))
for fmt in ("csv", "xlsx"):
    with open(os.path.join(out, fmt + ".yaml"), "w") as f:
        f.write("data: [{file: panel.%s, layout: wide}]\n"
                "dimensions: {d: {indicators: {x00: {}}}}\n" % fmt)
