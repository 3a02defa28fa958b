#!/usr/bin/env python3
"""tests/language/check_language.py — the quoted trial of tracker issue 13, as a test.

Copies the bundled example, adds a `name_zh_short` column to its regions file, and runs it
twice through every reporter: once as the trial did (language: zh, regions.name:
name_zh_short, Chinese `label:` on every dimension and one indicator) and once in English
(the example's English names, name_en, and English labels), and runs the bundled zh
variant configs/example/assessment-zh.yaml as it is. Then checks:
- the display names (北京) and labels (数字基础设施) are in results.json, report.html,
  report.md, the csv tables, the sqlite store and the xlsx workbook, ids stay the keys;
- the zh report's visible text holds no English region id, dimension id, column name such
  as level_zh or sd_population, or English phrase such as "(9 years)";
- the en report's visible text holds no Chinese character outside the data's own names.
usage: check_language.py REGCOORD_BINARY EXAMPLE_DIR
"""
import csv
import html.parser
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile

BIN, EXAMPLE = sys.argv[1], sys.argv[2]
FAILS = []
CHECKS = [0]

ZH_LABELS = {
    "Digital infrastructure": "数字基础设施",
    "Data-factor market": "数据要素市场",
    "Digital-industry fusion": "数实融合",
    "Institutional coordination": "制度协同",
    "Green development": "绿色发展",
}


def check(name, ok, detail=""):
    CHECKS[0] += 1
    if not ok:
        FAILS.append("%s %s" % (name, detail))


class Visible(html.parser.HTMLParser):
    """The text a reader sees: element text outside <script>/<style>, plus <title>."""

    def __init__(self):
        super().__init__()
        self.skip = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_html(path):
    p = Visible()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return "\n".join(p.parts)


def make_case(root, lang):
    d = os.path.join(root, lang)
    shutil.copytree(EXAMPLE, d)
    with open(os.path.join(d, "regions.csv"), encoding="utf-8") as f:
        rows = list(csv.reader(f))
    rows[0].append("name_zh_short")
    for r in rows[1:]:
        r.append(r[1])
    with open(os.path.join(d, "regions.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    with open(os.path.join(d, "assessment.yaml"), encoding="utf-8") as f:
        y = f.read()
    y = re.sub(r"(?m)^reports:\n(  - .*\n)+", "", y)
    y += ("reports:\n  - {plugin: csv, path: tables}\n  - {plugin: json, path: results.json}\n"
          "  - {plugin: markdown, path: report.md}\n  - {plugin: html, path: report.html}\n"
          "  - {plugin: sqlite, path: history.sqlite}\n  - {plugin: xlsx, path: results.xlsx}\n")
    if lang == "zh":
        y = y.replace("language: en", "language: zh")
        y = re.sub(r"(?m)^  name: .*\n", "  name: name_zh_short\n", y)
        for en, zh in ZH_LABELS.items():
            y = y.replace("label: " + en, "label: " + zh)
        y = y.replace("green_coverage: {series: green_coverage}",
                      "green_coverage: {series: green_coverage, label: 绿化覆盖率}")
    else:
        # English readers: the English names (name_en), English labels
        pass
    with open(os.path.join(d, "assessment.yaml"), "w", encoding="utf-8") as f:
        f.write(y)
    out = os.path.join(d, "out")
    r = subprocess.run([BIN, "run", "assessment.yaml", "-o", out, "-q"], cwd=d,
                       capture_output=True, text=True)
    check("%s_run_exits_0" % lang, r.returncode == 0, r.stderr[-2000:])
    return out


def read(path):
    with open(path, encoding="utf-8-sig") as f:
        return f.read()


def xlsx_text(path):
    with zipfile.ZipFile(path) as z:
        return "\n".join(z.read(n).decode("utf-8") for n in z.namelist()
                         if n.endswith(".xml"))


def main():
    root = tempfile.mkdtemp()
    try:
        zh = make_case(root, "zh")
        en = make_case(root, "en")
        # the bundled zh variant, as shipped
        bundled = os.path.join(root, "bundled")
        shutil.copytree(EXAMPLE, bundled)
        r = subprocess.run([BIN, "run", "assessment-zh.yaml", "-o", "out", "-q"], cwd=bundled,
                           capture_output=True, text=True)
        check("bundled_zh_variant_runs", r.returncode == 0, r.stderr[-2000:])
        if r.returncode == 0:
            t = visible_html(os.path.join(bundled, "out", "report.html"))
            body = t[:t.rfind("方法与来源")]
            for s in ("北京", "数字基础设施", "变动归因"):
                check("bundled_zh_report_has_" + s, s in body)
            for s in ("Beijing", "infrastructure", "Who moved"):
                check("bundled_zh_report_has_no_" + s, s not in body)
        if FAILS:
            raise SystemExit("FAIL " + "\n".join(FAILS))

        # 1. names and labels in every report; ids stay the keys
        for lang, out, name, label in (("zh", zh, "北京", "数字基础设施"),
                                       ("en", en, "Beijing", "Digital infrastructure")):
            for f in ("results.json", "report.html", "report.md"):
                t = read(os.path.join(out, f))
                check("%s_%s_has_name" % (lang, f), name in t)
                check("%s_%s_has_label" % (lang, f), label in t)
            with open(os.path.join(out, "tables", "index.csv"), encoding="utf-8-sig") as f:
                rows = list(csv.DictReader(f))
            check("%s_index_csv_rows" % lang, len(rows) == 31 * 9, len(rows))
            bj = [r for r in rows if r["region"] == "Beijing"]
            check("%s_index_csv_keeps_id_and_adds_name" % lang,
                  len(bj) == 9 and all(r["name"] == name for r in bj))
            with open(os.path.join(out, "tables", "scores.csv"), encoding="utf-8-sig") as f:
                rows = list(csv.DictReader(f))
            inf = [r for r in rows if r["dimension"] == "infrastructure"]
            check("%s_scores_csv_label" % lang,
                  len(inf) == 31 * 9 and all(r["label"] == label for r in inf))
            js = json.loads(read(os.path.join(out, "results.json")))
            ix = js["tables"]["index"]
            cols = [c["name"] for c in ix["columns"]]
            check("%s_json_index_name_column" % lang, cols[0] == "region" and cols[-1] == "name", cols)
            check("%s_json_index_name_value" % lang,
                  all(r[-1] == name for r in ix["rows"] if r[0] == "Beijing"))
            db = sqlite3.connect(os.path.join(out, "history.sqlite"))
            got = db.execute("SELECT name, index_value FROM t_index WHERE region = 'Beijing'"
                             " AND year = 2024").fetchall()
            check("%s_sqlite_name_and_unquoted_index_value" % lang,
                  len(got) == 1 and got[0][0] == name and got[0][1] > 0, got)
            got = db.execute("SELECT DISTINCT label FROM t_scores WHERE dimension = "
                             "'infrastructure'").fetchall()
            check("%s_sqlite_label" % lang, got == [(label,)], got)
            db.close()
            x = xlsx_text(os.path.join(out, "results.xlsx"))
            check("%s_xlsx_has_name" % lang, name in x)
            check("%s_xlsx_has_label" % lang, label in x)

        # BOM: on by default in zh, off in en
        with open(os.path.join(zh, "tables", "index.csv"), "rb") as f:
            check("zh_csv_has_bom", f.read(3) == b"\xef\xbb\xbf")
        with open(os.path.join(en, "tables", "index.csv"), "rb") as f:
            check("en_csv_has_no_bom", f.read(3) != b"\xef\xbb\xbf")

        # 2. one language per report: the quoted leaks
        ids = ["Beijing", "Inner Mongolia", "Tibet", "Shanghai", "data_market",
               "industry_fusion", "infrastructure", "level_zh", "level_en", "sd_population",
               "years)", "regions,", "the latest year", "index exists", "index values", "dimension scores"]
        zh_texts = {"report.md": read(os.path.join(zh, "report.md")),
                    "report.html": visible_html(os.path.join(zh, "report.html"))}
        for f, t in zh_texts.items():
            # the methods appendix lists plugin and file names, which are technical ids
            cut = t.rfind("方法与来源")
            body = t[:cut] if cut > 0 else t
            check("zh_%s_has_no_years_phrase" % f, "years)" not in t)
            for s in ids:
                at = body.find(s)
                check("zh_%s_has_no_%s" % (f, s), at < 0,
                      "…" + body[max(0, at - 80):at + 80].replace("\n", " ") + "…")
        en_texts = {"report.md": read(os.path.join(en, "report.md")),
                    "report.html": visible_html(os.path.join(en, "report.html"))}
        han = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
        for f, t in en_texts.items():
            # the data's own column headers (institutional_wide.csv) may be quoted in the
            # manifest; nothing else is Chinese
            leaks = sorted(set(han.findall(t)))
            check("en_%s_has_no_chinese" % f, not leaks, leaks[:20])
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if FAILS:
        print("%d of %d checks failed:" % (len(FAILS), CHECKS[0]))
        for f in FAILS:
            print("FAIL", f[:600])
        sys.exit(1)
    print("%d checks passed" % CHECKS[0])


main()
