#!/usr/bin/env python3
"""tests/history/check_history_queries.py — the queries of docs/history.md, run.

Runs the bundled example twice into one output folder with a sqlite report (the second run
with one data value changed, so the store holds two runs), then executes every ```sql block
of docs/history.md (named parameters :run_a/:run_b bound to the two run ids, the example
region of the docs replaced by one of the example's) and checks each runs without error and
returns at least one row (the "what moved" and "same methodology" queries too: the runs
differ in data, so some score moved; the methodology query may return none).
usage: check_history_queries.py REGCOORD_BINARY EXAMPLE_DIR HISTORY_MD
"""
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

BIN, EXAMPLE, DOC = sys.argv[1:4]
root = tempfile.mkdtemp()
fails = []
try:
    d = os.path.join(root, "ex")
    shutil.copytree(EXAMPLE, d)
    cfg = os.path.join(d, "assessment.yaml")
    with open(cfg, encoding="utf-8") as f:
        y = f.read()
    y = re.sub(r"(?m)^reports:\n(  - .*\n)+", "", y) + "reports:\n  - {plugin: sqlite, path: history.sqlite}\n"
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(y)
    out = os.path.join(d, "out")
    for i in range(2):
        if i == 1:  # a second run on changed data
            p = os.path.join(d, "long.csv")
            with open(p, encoding="utf-8") as f:
                lines = f.read().split("\n")
            lines[1] = lines[1].rsplit(",", 1)[0] + ",3000"
            with open(p, "w", encoding="utf-8") as f:
                f.write("\n".join(lines))
        r = subprocess.run([BIN, "run", "assessment.yaml", "-o", out, "-q"], cwd=d,
                           capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("FAIL run %d: %s" % (i + 1, r.stderr))
    db = sqlite3.connect(os.path.join(out, "history.sqlite"))
    ids = [r[0] for r in db.execute("SELECT run_id FROM runs ORDER BY created_seq")]
    if len(ids) != 2:
        sys.exit("FAIL the store holds %d runs, not 2" % len(ids))
    with open(DOC, encoding="utf-8") as f:
        blocks = re.findall(r"```sql\n(.*?)```", f.read(), re.S)
    if len(blocks) < 5:
        sys.exit("FAIL only %d sql blocks in %s" % (len(blocks), DOC))
    for i, sql in enumerate(blocks, 1):
        sql = sql.replace("'CN-11'", "'Beijing'").replace("year = 2022", "year = 2024")
        try:
            rows = db.execute(sql, {"run_a": ids[0], "run_b": ids[1]}).fetchall()
        except sqlite3.Error as e:
            fails.append("query %d fails: %s\n%s" % (i, e, sql))
            continue
        may_be_empty = "method:%" in sql  # same methodology: no method entry differs
        if not rows and not may_be_empty:
            fails.append("query %d returns no rows:\n%s" % (i, sql))
    db.close()
finally:
    shutil.rmtree(root, ignore_errors=True)
if fails:
    print("\n".join("FAIL " + f for f in fails))
    sys.exit(1)
print("%d queries of %s ran" % (len(blocks), os.path.basename(DOC)))
