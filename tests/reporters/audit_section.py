#!/usr/bin/env python3
"""tests/reporters/audit_section.py — the Audit section of the Markdown and html reports (tracker
issue 18, A.7) on COINr's ASEM panel with `analysis: {audit: {}}`, in English and Chinese. Checks
against the audit tables the same run wrote as csv: the flagged rows are exactly the
report year's rows of audit_stats and audit_correlation with a flag; the reliability table
has one row per group row of audit_reliability; the importance and leave-one-out tables one
row per row of theirs; each group's heat map has its items; the section's headings are in the
report's language with no English heading left in the zh report; and the tables it renders
are not rendered a second time generically.
usage: audit_section.py REGCOORD SOURCE_DIR SHARED_DIR"""
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

bin_, src, shared = sys.argv[1:4]
fails = 0


def check(cond, what):
    global fails
    print(("ok " if cond else "FAIL ") + what)
    fails += 0 if cond else 1


work = tempfile.mkdtemp(prefix="rc_md_audit_")
try:
    text = open(os.path.join(src, "tests/uncertainty/configs/asem_coinr_example.yaml"),
                encoding="utf-8").read()
    text = text.replace("../../../../shared", os.path.abspath(shared))
    text = re.sub(r"\nreports:.*", "", text, flags=re.S)
    text += ("\nanalysis:\n  audit: {}\nreports:\n  - {plugin: csv, path: tables}\n"
             "  - {plugin: markdown, path: en.md}\n"
             "  - {plugin: markdown, path: zh.md, language: zh}\n"
             "  - {plugin: html, path: en.html}\n"
             "  - {plugin: html, path: zh.html, language: zh}\n")
    cfg = os.path.join(work, "asem.yaml")
    open(cfg, "w", encoding="utf-8").write(text)
    r = subprocess.run([bin_, "run", cfg, "-o", os.path.join(work, "out"), "-q"],
                       capture_output=True, text=True)
    check(r.returncode == 0, "the ASEM run with the audit: exit %d %s" % (r.returncode, r.stderr[:300]))

    def table(name):
        with open(os.path.join(work, "out", "tables", name + ".csv"), encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))

    stats, corr, rel = table("audit_stats"), table("audit_correlation"), table("audit_reliability")
    imp, loo = table("audit_importance"), table("audit_leave_one_out")
    year = max(int(x["year"]) for x in stats)
    yr = lambda rows: [x for x in rows if not x.get("year") or int(x["year"]) == year]
    want_flag = len([x for x in yr(stats) if x["flags"]]) + len([x for x in yr(corr) if x["flag"]])
    want_rel = len([x for x in yr(rel) if not x.get("item")])
    want_imp, want_loo = len(yr(imp)), len(yr(loo))
    groups = sorted({x["group"] for x in yr(corr) if x["kind"] == "within"})
    check(want_rel > 0 and want_imp > 0 and want_loo > 0 and groups,
          "the audit tables have rows (%d groups, %d importance, %d leave-one-out)"
          % (want_rel, want_imp, want_loo))

    def rows_after(md, heading):
        """table rows (not header/separator) of the first table after `heading`"""
        at = md.index(heading)
        lines = md[at:].split("\n")[1:]
        out, started = [], False
        for ln in lines:
            if ln.startswith("|"):
                started = True
                out.append(ln)
            elif started:
                break
            elif ln.startswith("#"):
                break
        return out[2:]  # header and separator

    heads = {"en": ["## Audit", "### Flagged items", "### Reliability and PCA", "### Effective importance",
                    "### Leaving one out", "### Correlations within each group"],
             "zh": ["## 统计审计", "### 需要注意的项目", "### 信度与主成分", "### 有效重要性与名义权重",
                    "### 逐一剔除的影响", "### 组内相关"]}
    for lang in ("en", "zh"):
        md = open(os.path.join(work, "out", lang + ".md"), encoding="utf-8").read()
        h = heads[lang]
        check(all(x in md for x in h), "%s: the section's headings" % lang)
        sec = md[md.index(h[0]):]
        flagged = []
        if want_flag:
            part = sec[sec.index(h[1]):sec.index(h[2])]
            flagged = [ln for ln in part.split("\n") if ln.startswith("|") and not ln.startswith("|---")]
            flagged = [ln for ln in flagged if not re.match(r"\| (indicator|flag|指标|标记) \|", ln)]
        check(len(flagged) == want_flag, "%s: %d flagged rows, the tables flag %d" % (lang, len(flagged), want_flag))
        got_rel = rows_after(sec, h[2])
        check(len(got_rel) == want_rel, "%s: %d reliability rows, want %d" % (lang, len(got_rel), want_rel))
        got_imp = rows_after(sec, h[3])
        check(len(got_imp) == want_imp, "%s: %d importance rows, want %d" % (lang, len(got_imp), want_imp))
        got_loo = rows_after(sec, h[4])
        check(len(got_loo) == want_loo, "%s: %d leave-one-out rows, want %d" % (lang, len(got_loo), want_loo))
        heat = sec[sec.index(h[5]):]
        check(all("**%s**" % g in heat for g in groups), "%s: a heat map per group (%d)" % (lang, len(groups)))
        for t in ("audit_stats", "audit_correlation", "audit_reliability", "audit_importance",
                  "audit_leave_one_out"):
            generic = ["## " + t, "## " + t.replace("_", "\\_")]
            check(not any(g in md for g in generic), "%s: %s not rendered again generically" % (lang, t))
        if lang == "zh":
            left = [x for x in heads["en"] if x in md]
            check(not left, "zh: no English heading of the section (%s)" % left)
    # the html section: the same counts, table by table
    hheads = {"en": ["Audit", "Flagged items", "Reliability and PCA", "Effective importance",
                     "Leaving one out", "Correlations within each group"],
              "zh": ["统计审计", "需要注意的项目", "信度与主成分", "有效重要性与名义权重", "逐一剔除的影响", "组内相关"]}

    def body_rows(html, table_id):
        m = re.search(r'<table id="%s">(.*?)</table>' % table_id, html, re.S)
        return 0 if not m else len(re.findall(r"<tr>", m.group(1).split("<tbody>", 1)[1]))

    for lang in ("en", "zh"):
        html = open(os.path.join(work, "out", lang + ".html"), encoding="utf-8").read()
        m = re.search(r'<section id="audit">(.*?)</section>', html, re.S)
        check(m is not None, "%s.html: an Audit section" % lang)
        if not m:
            continue
        sec = m.group(1)
        check(all(x in sec for x in hheads[lang]), "%s.html: the section's headings" % lang)
        got = body_rows(sec, "audit-flagged") + body_rows(sec, "audit-flagged-pairs")
        check(got == want_flag, "%s.html: %d flagged rows, want %d" % (lang, got, want_flag))
        for tid, want in (("audit-reliability", want_rel), ("audit-importance", want_imp),
                          ("audit-leave-one-out", want_loo)):
            got = body_rows(sec, tid)
            check(got == want, "%s.html: %s has %d rows, want %d" % (lang, tid, got, want))
        heats = re.findall(r'<table class="audit-heat" data-group-items="(\d+)">', sec)
        check(len(heats) == len(groups), "%s.html: %d heat maps, want %d" % (lang, len(heats), len(groups)))
        other = re.search(r'<section id="other">(.*?)</section>', html, re.S)
        for t in ("audit_stats", "audit_correlation", "audit_reliability", "audit_importance",
                  "audit_leave_one_out"):
            check(not other or ">%s<" % t not in other.group(1), "%s.html: %s not in Other results" % (lang, t))
        if lang == "zh":
            left = [x for x in hheads["en"][1:] if x in sec]
            check(not left, "zh.html: no English heading of the section (%s)" % left)
    print("checked the Audit section of 2 reports in 2 languages against 5 audit tables")
finally:
    shutil.rmtree(work)
sys.exit(1 if fails else 0)
