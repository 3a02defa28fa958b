#!/usr/bin/env python3
"""tests/bench/gen_panel.py — writes a synthetic benchmark panel: N regions x Y years x
64 indicators in four pathways (16 each), long layout, plus a regions file with 4 zones,
a grid adjacency file and an assessment config using the generic plugin for each pathway.
Deterministic (fixed seed). usage: gen_panel.py OUTDIR [--regions 3000] [--years 20]
[--indicators 64] [--weights entropy] [--aggregate arithmetic] [--analysis]
[--config-only] [--config-name assessment.yaml]: --config-only writes only the config, beside
the panel files written before with the same sizes, so variants share one panel."""
import argparse
import math
import os
import random

ap = argparse.ArgumentParser()
ap.add_argument("outdir")
ap.add_argument("--regions", type=int, default=3000)
ap.add_argument("--years", type=int, default=20)
ap.add_argument("--indicators", type=int, default=64)
ap.add_argument("--weights", default="entropy")
ap.add_argument("--aggregate", default="arithmetic")
ap.add_argument("--analysis", action="store_true", help="turn on every analysis")
ap.add_argument("--reports", default="all", choices=["all", "summary"],
                help="all: csv + json of every table; summary: csv + json without the "
                     "region x year x indicator table")
ap.add_argument("--config-only", action="store_true",
                help="write only the config (the panel files are already in OUTDIR)")
ap.add_argument("--config-name", default="assessment.yaml")
a = ap.parse_args()
os.makedirs(a.outdir, exist_ok=True)
rng = random.Random(20261128)
pathways = ["infrastructure", "data_market", "industry_fusion", "institutional"]
n_ind = a.indicators
per = n_ind // 4
side = int(math.ceil(math.sqrt(a.regions)))
regions = ["R%05d" % i for i in range(a.regions)]

if not a.config_only:  # the panel files (variants reuse them)
    with open(os.path.join(a.outdir, "regions.csv"), "w") as f:
        f.write("region,zone\n")
        for i, r in enumerate(regions):
            f.write("%s,Z%d\n" % (r, (i * 4) // a.regions))
    with open(os.path.join(a.outdir, "adjacency.csv"), "w") as f:
        f.write("a,b\n")
        for i, r in enumerate(regions):
            row, col = divmod(i, side)
            for j in (i + 1, i + side):
                if j < a.regions and (j == i + side or (j // side) == row):
                    f.write("%s,%s\n" % (r, regions[j]))
    base = [[rng.lognormvariate(0, 0.6) for _ in range(n_ind)] for _ in regions]
    growth = [[rng.uniform(0.0, 0.08) for _ in range(n_ind)] for _ in regions]
    with open(os.path.join(a.outdir, "panel.csv"), "w") as f:
        f.write("region,year,indicator,value\n")
        for i, r in enumerate(regions):
            b, g = base[i], growth[i]
            for y in range(a.years):
                year = 2001 + y
                for j in range(n_ind):
                    if rng.random() < 0.01:
                        continue  # about 1 % missing cells
                    v = b[j] * (1 + g[j]) ** y * (1 + rng.gauss(0, 0.05)) * (10 ** (j % 4))
                    f.write("%s,%d,x%02d,%.6g\n" % (r, year, j, v))
with open(os.path.join(a.outdir, a.config_name), "w") as f:
    f.write("title: Benchmark panel %d x %d x %d\n" % (a.regions, a.years, n_ind))
    f.write("regions: {file: regions.csv, groups: [zone], adjacency: adjacency.csv}\n")
    f.write("data: [{file: panel.csv, layout: long}]\n")
    f.write("defaults:\n  normalize: {method: minmax, scope: pooled}\n")
    f.write("  weights: {method: %s, scope: pooled}\n" % a.weights if a.weights in ("entropy", "critic", "cv", "pca")
            else "  weights: %s\n" % a.weights)
    f.write("  aggregate: %s\n" % a.aggregate)
    f.write("dimensions:\n")
    for k, p in enumerate(pathways):
        f.write("  %s:\n    plugin: generic\n    indicators:\n" % p)
        for j in range(k * per, (k + 1) * per):
            f.write("      x%02d: {%s}\n" % (j, 'direction: "-"' if j % 7 == 3 else ""))
    f.write("index: {weights: equal, scale: 100}\n")
    if a.analysis:
        f.write("analysis:\n  coupling: {form: standard}\n"
                "  disparity: {by: zone, measures: [cv, gini, theil, dagum]}\n"
                "  convergence: {sigma: true, beta: absolute}\n"
                "  spatial: {weights: adjacency, moran: {permutations: 999, seed: 1}}\n"
                "  density: {points: 101}\n  obstacles: {top: 3}\n")
    if a.reports == "all":
        f.write("reports:\n  - {plugin: csv, path: tables}\n  - {plugin: json, path: results.json}\n")
    else:
        sel = "[weights, scores, index, components, imputed, treated%s, manifest]" % (
            ", coupling, disparity, convergence, spatial, lisa, density, obstacles_top"
            if a.analysis else "")
        f.write("reports:\n  - {plugin: csv, path: tables, tables: %s}\n"
                "  - {plugin: json, path: results.json, tables: %s}\n" % (sel, sel))
