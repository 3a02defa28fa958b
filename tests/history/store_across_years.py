#!/usr/bin/env python3
"""tests/history/store_across_years.py — one history store kept across years, outside each
year's output folder (docs/history.md, "One store across years"): the bundled example run
for 2016-2023 into out/2023 and for 2016-2024 into out/2024, its sqlite report written with
`root: config` beside the config. Checks: the store beside the config holds both runs (and
the index rows of each), neither output folder holds a store, a repeated run replaces
itself, nothing else is written beside the config, and the misuses are refused with the
place named: `root: config` on a reporter that writes files, a path leading out of the
config's folder, an unknown root.
usage: store_across_years.py REGCOORD EXAMPLE_DIR"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

bin_, example = sys.argv[1], sys.argv[2]
fails = 0


def check(cond, what):
    global fails
    if cond:
        print("ok", what)
    else:
        print("FAIL", what)
        fails += 1


def config(work, name, years, reports):
    text = open(os.path.join(example, "assessment.yaml"), encoding="utf-8").read()
    text = text.replace("years: 2016-2024", "years: " + years)
    text = text[: text.index("\nreports:")] + "\nreports:\n" + reports
    path = os.path.join(work, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(cfg, out, *extra):
    return subprocess.run([bin_, "run", cfg, "-o", out, "-q", *extra],
                          capture_output=True, text=True)


work = tempfile.mkdtemp(prefix="rc_store_years_")
try:
    for f in os.listdir(example):
        if f.endswith(".csv"):
            shutil.copy(os.path.join(example, f), work)
    before = set(os.listdir(work))
    store_reports = ("  - {plugin: csv, path: tables}\n"
                     "  - {plugin: sqlite, path: history.sqlite, root: config}\n")
    c23 = config(work, "bureau-2023.yaml", "2016-2023", store_reports)
    c24 = config(work, "bureau-2024.yaml", "2016-2024", store_reports)
    out23, out24 = os.path.join(work, "out", "2023"), os.path.join(work, "out", "2024")
    r = run(c23, out23)
    check(r.returncode == 0, "2023 run: exit 0 (%s)" % r.stderr.strip()[:300])
    r = run(c24, out24)
    check(r.returncode == 0, "2024 run: exit 0 (%s)" % r.stderr.strip()[:300])
    store = os.path.join(work, "history.sqlite")
    check(os.path.isfile(store), "the store is beside the config")
    for out in (out23, out24):
        check(not os.path.exists(os.path.join(out, "history.sqlite")),
              "no store in " + os.path.relpath(out, work))
        check(os.path.isfile(os.path.join(out, "tables", "index.csv")),
              "the csv tables in " + os.path.relpath(out, work))

    def runs():
        db = sqlite3.connect(store)
        try:
            rows = db.execute("SELECT run_id FROM runs ORDER BY created_seq").fetchall()
            last = [db.execute("SELECT MAX(year), COUNT(*) FROM t_index WHERE run_id = ?",
                               (rid,)).fetchone() for (rid,) in rows]
            return [rid for (rid,) in rows], last
        finally:
            db.close()

    ids, last = runs()
    check(len(ids) == 2, "the store holds 2 runs (holds %d)" % len(ids))
    check([y for y, _ in last] == [2023, 2024],
          "their last index years are 2023 and 2024 (%s)" % [y for y, _ in last])
    check(last[0][1] == 31 * 8 and last[1][1] == 31 * 9,
          "index rows: 31 x 8 and 31 x 9 (%s)" % [n for _, n in last])

    # the 2024 run again (a correction): it replaces itself
    r = run(c24, out24)
    check(r.returncode == 0, "2024 run again: exit 0")
    ids2, _ = runs()
    check(ids2 == ids, "a repeated run replaces itself: still the same 2 runs")

    extra = set(os.listdir(work)) - before - {"bureau-2023.yaml", "bureau-2024.yaml", "out",
                                              "history.sqlite", "history.sqlite-wal",
                                              "history.sqlite-shm"}
    check(not extra, "nothing else written beside the config (%s)" % sorted(extra))

    # misuses, each refused by run and by validate with the config's place and exit 2
    bad = [
        ("csv_with_root_config", "  - {plugin: csv, path: tables, root: config}\n",
         "'root: config' is only for a store the reporter updates in place", 2),
        ("path_out_of_config_folder",
         "  - {plugin: sqlite, path: ../escaped.sqlite, root: config}\n",
         "leads out of the config's folder", 2),
        ("unknown_root", "  - {plugin: sqlite, path: h.sqlite, root: elsewhere}\n",
         "'root' must be output (the output folder) or config", 2),
    ]
    for name, reports, want, want_rc in bad:
        cfg = config(work, name + ".yaml", "2016-2024", reports)
        r = run(cfg, os.path.join(work, "out", name))
        ok = r.returncode != 0 and want in r.stderr and (want_rc is None or r.returncode == want_rc)
        ok = ok and (name + ".yaml:") in r.stderr if want_rc == 2 else ok
        check(ok, "%s refused: exit %d, %s" % (name, r.returncode, r.stderr.strip()[:300]))
        v = subprocess.run([bin_, "validate", cfg], capture_output=True, text=True)
        check(v.returncode == 2 and want in v.stderr,
              "%s refused by validate too: exit %d" % (name, v.returncode))
        check(not os.path.exists(os.path.join(os.path.dirname(work), "escaped.sqlite")),
              name + ": nothing written outside the config's folder")
        check(not os.path.exists(os.path.join(work, "out", name, "tables")),
              name + ": no partial report set")
    print("checked 2 years, 1 repeat and %d misuses" % len(bad))
finally:
    shutil.rmtree(work)
sys.exit(1 if fails else 0)
