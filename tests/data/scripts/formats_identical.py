#!/usr/bin/env python3
"""tests/data/scripts/formats_identical.py — the same panel (31 regions with Chinese names x
4 years x 5 indicators, values with up to 6 decimals, some missing) written as UTF-8 CSV,
GBK CSV, .xlsx (openpyxl) and .dta (pandas, regions as value labels), each scored by
`regcoord run` with the csv reporter: every result table must be byte-identical across the
four (the manifest, which names the input file, is left out).
Usage: formats_identical.py REGCOORD WORKDIR"""
import filecmp
import os
import random
import subprocess
import sys

import openpyxl
import pandas as pd

regcoord, work = sys.argv[1], sys.argv[2]
os.makedirs(work, exist_ok=True)
rng = random.Random(7)
regions = ["北京", "天津", "河北", "山西", "内蒙古", "辽宁", "吉林", "黑龙江", "上海", "江苏",
           "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南",
           "重庆", "四川", "贵州", "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆"]
years = [2019, 2020, 2021, 2022]
inds = ["gdp", "broadband", "patents", "ecommerce", "rd_share"]
rows = []
for r in regions:
    for y in years:
        vals = []
        for k, _ in enumerate(inds):
            if rng.random() < 0.05:
                vals.append(None)
            else:
                vals.append(round(rng.uniform(0.1, 5000.0), k + 2))
        rows.append([r, y] + vals)
header = ["region", "year"] + inds


def fmt(v):
    return "" if v is None else repr(v)


text = ",".join(header) + "\n" + "".join(
    ",".join([r[0], str(r[1])] + [fmt(v) for v in r[2:]]) + "\n" for r in rows)
with open(os.path.join(work, "panel.csv"), "w", encoding="utf-8") as f:
    f.write(text)
with open(os.path.join(work, "panel_gbk.csv"), "w", encoding="gbk") as f:
    f.write(text)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "panel"
ws.append(header)
for r in rows:
    ws.append(r)
wb.save(os.path.join(work, "panel.xlsx"))
df = pd.DataFrame(rows, columns=header)
df["region"] = pd.Categorical(df["region"], categories=regions)
df.to_stata(os.path.join(work, "panel.dta"), write_index=False, version=118)

# a regions file with two long group names that shorten to the same 32 characters (the
# dta reporter must tell them apart)
g1 = "economic_zone_by_the_national_bureau_of_statistics_2011"
g2 = "economic_zone_by_the_national_bureau_of_statistics_2018"
with open(os.path.join(work, "regions.csv"), "w", encoding="utf-8") as f:
    f.write("region,%s,%s\n" % (g1, g2))
    for i, r in enumerate(regions):
        f.write("%s,%s,%s\n" % (r, "东部" if i % 2 else "西部", "北方" if i % 3 else "南方"))

indicators = "".join("      %s: {}\n" % i for i in inds)
sources = {"csv": "panel.csv", "gbk": "panel_gbk.csv\n    encoding: gbk",
           "xlsx": "panel.xlsx", "dta": "panel.dta"}
for name, src in sources.items():
    with open(os.path.join(work, name + ".yaml"), "w", encoding="utf-8") as f:
        f.write("title: formats\nregions: {file: regions.csv, groups: [%s, %s]}\n"
                "data:\n  - file: %s\n    layout: wide\n"
                "dimensions:\n  d:\n    plugin: generic\n    indicators:\n%s"
                "reports:\n  - {plugin: csv, path: tables}\n%s"
                % (g1, g2, src, indicators,
                   "  - {plugin: dta, path: stata}\n" if name == "csv" else ""))
    out = os.path.join(work, "out_" + name)
    subprocess.run([regcoord, "run", os.path.join(work, name + ".yaml"), "-o", out, "-q"],
                   check=True)

ref = os.path.join(work, "out_csv", "tables")
tables = sorted(t for t in os.listdir(ref) if t != "manifest.csv")
assert len(tables) >= 5, tables
compared = 0
for name in ("gbk", "xlsx", "dta"):
    other = os.path.join(work, "out_" + name, "tables")
    assert sorted(t for t in os.listdir(other) if t != "manifest.csv") == tables, name
    for t in tables:
        if not filecmp.cmp(os.path.join(ref, t), os.path.join(other, t), shallow=False):
            sys.exit("%s: %s differs from the CSV run's" % (name, t))
        compared += 1
with open(os.path.join(ref, "scores.csv"), encoding="utf-8") as f:
    n_scores = sum(1 for _ in f) - 1
assert n_scores == len(regions) * len(years), n_scores
print("formats_identical: %d tables x 3 formats byte-identical to CSV (%d score rows each)"
      % (compared // 3, n_scores))

# the dta reporter's files read back (pandas) equal the CSV tables, with the name mapping
names = pd.read_csv(os.path.join(work, "out_csv", "stata", "variable_names.csv"))
checked = 0
for t in tables:
    stem = t[:-4]
    dta = os.path.join(work, "out_csv", "stata", stem + ".dta")
    reader = pd.io.stata.StataReader(dta)
    got = reader.read(convert_missing=False)
    labels = reader.variable_labels()
    reader.close()
    want = pd.read_csv(os.path.join(ref, t), keep_default_na=False, dtype=str)
    m = names[names["table"] == stem]
    # the csv reporter appends display-name/label columns the tables themselves lack
    cols = list(m["column"])
    assert len(set(m["stata_name"])) == len(m), stem
    for col, sname in zip(m["column"], m["stata_name"]):
        assert len(sname) <= 32 and (sname[0].isalpha() or sname[0] == "_"), sname
        assert labels[sname] == col[:80], (stem, sname, labels[sname], col)
        if col not in want.columns:
            continue
        for a, b in zip(got[sname], want[col]):
            if isinstance(a, str):
                assert a == b, (stem, col, a, b)
            elif b == "":
                assert a != a, (stem, col, a)
            else:
                assert a == float(b), (stem, col, a, b)
            checked += 1
    assert len(got) == len(want), (stem, len(got), len(want))
reg = names[names["table"] == "regions"]
short = dict(zip(reg["column"], reg["stata_name"]))
assert short[g1] == g1[:32] and short[g2] == g1[:30] + "_2", short
print("formats_identical: dta reporter: %d cells of %d tables equal the CSV's" % (checked, len(tables)))
