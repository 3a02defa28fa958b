#!/usr/bin/env python3
"""tests/browser/check_browser.py — the html report as readers see it.

Runs the bundled example (assessment.yaml, English) and its Chinese variant
(assessment-zh.yaml), renders each
report.html with headless Chromium at 1400 and 390 px (screenshots) and prints it to PDF.
Checks: each screenshot is a non-empty PNG of the asked width; `pdffonts` of the zh PDF lists
a CJK font (so Chinese is drawn with a real font, not boxes); `pdftotext` of the zh PDF holds
the Chinese names (北京, 上海) and a Chinese label, and of the en PDF the English names; the
page loads nothing from the network (no http(s) reference); every SVG and CSS font size is
at least 11 px; the print stylesheet is there; the ranking's partial footnote is in the PDF
text. Then COINr's ASEM panel with the audit analysis: the Audit section's headings and a
flagged indicator are in the PDF text of the en and zh reports.
Exit 77 (skipped) only when chromium, pdffonts or pdftotext is not installed.
usage: check_browser.py REGCOORD_BINARY EXAMPLE_DIR
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

BIN, EXAMPLE = sys.argv[1], sys.argv[2]
TOOLS = {t: shutil.which(t) for t in ("chromium", "pdffonts", "pdftotext")}
if not all(TOOLS.values()):
    print("skipped: not installed: %s" % ", ".join(t for t, p in TOOLS.items() if not p))
    sys.exit(77)

FAILS, CHECKS = [], [0]


def check(name, ok, detail=""):
    CHECKS[0] += 1
    if not ok:
        FAILS.append("%s %s" % (name, str(detail)[:400]))


def run_example(root, lang):
    d = os.path.join(root, lang)
    shutil.copytree(EXAMPLE, d)
    # the bundled example (English) and its Chinese variant, as shipped
    cfg = "assessment-zh.yaml" if lang == "zh" else "assessment.yaml"
    out = os.path.join(d, "out")
    r = subprocess.run([BIN, "run", cfg, "-o", out, "-q"], cwd=d,
                       capture_output=True, text=True)
    check(lang + "_run", r.returncode == 0, r.stderr)
    return os.path.join(out, "report.html")


def chromium(root, *args):
    base = [TOOLS["chromium"], "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + tempfile.mkdtemp(dir=root)]
    return subprocess.run(base + list(args), capture_output=True, text=True, timeout=120)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def audit_in_browser(root):
    """The Audit section (COINr's ASEM panel with analysis.audit) printed by Chromium, in
    both languages: its headings and an indicator it flags are in the PDF's text."""
    src = os.path.dirname(os.path.dirname(os.path.abspath(EXAMPLE)))
    shared = os.path.join(os.path.dirname(src), "shared")
    text = open(os.path.join(src, "tests/uncertainty/configs/asem_coinr_example.yaml"),
                encoding="utf-8").read().replace("../../../../shared", shared)
    text = re.sub(r"\nreports:.*", "", text, flags=re.S)
    text += ("\nanalysis:\n  audit: {}\nreports:\n  - {plugin: html, path: en.html}\n"
             "  - {plugin: html, path: zh.html, language: zh}\n")
    d = os.path.join(root, "audit")
    os.makedirs(d)
    cfg = os.path.join(d, "asem.yaml")
    with open(cfg, "w", encoding="utf-8") as f:
        f.write(text)
    r = subprocess.run([BIN, "run", cfg, "-o", os.path.join(d, "out"), "-q"],
                       capture_output=True, text=True)
    check("audit_run", r.returncode == 0, r.stderr)
    if r.returncode != 0:
        return
    for lang, words in (("en", ["Audit", "Flagged items", "Leaving one out", "Flights"]),
                        ("zh", ["统计审计", "需要注意的项目", "逐一剔除的影响", "Flights"])):
        pdf = os.path.join(d, lang + ".pdf")
        chromium(root, "--print-to-pdf=" + pdf, "--no-pdf-header-footer",
                 "file://" + os.path.join(d, "out", lang + ".html"))
        check("audit_%s_pdf_written" % lang, os.path.exists(pdf) and os.path.getsize(pdf) > 10000)
        if not os.path.exists(pdf):
            continue
        txt = subprocess.run([TOOLS["pdftotext"], pdf, "-"], capture_output=True,
                             text=True).stdout
        for w in words:
            check("audit_%s_pdf_text_has_%s" % (lang, w), w in txt)


def main():
    root = tempfile.mkdtemp()
    try:
        for lang, names in (("zh", ["北京", "上海", "数字基础设施"]), ("en", ["Beijing", "Shanghai"])):
            html = run_example(root, lang)
            if FAILS:
                break
            with open(html, encoding="utf-8") as f:
                text = f.read()
            check(lang + "_no_network", not re.search(r"(src|href)\s*=\s*[\"']?https?:", text) and
                  "@import" not in text and "url(http" not in text)
            check(lang + "_print_stylesheet", "@media print" in text)
            sizes = [float(x) for x in re.findall(r'font-size="([0-9.]+)"', text)]
            sizes += [float(x) for x in re.findall(r"font-size:\s*([0-9.]+)px", text)]
            check(lang + "_svg_text_at_least_11px", sizes and min(sizes) >= 11, sorted(set(sizes))[:5])
            for width in (1400, 390):
                png = os.path.join(root, "%s-%d.png" % (lang, width))
                chromium(root, "--screenshot=" + png, "--window-size=%d,2400" % width,
                         "file://" + html)
                size = png_size(png) if os.path.exists(png) else None
                check("%s_screenshot_%d" % (lang, width), size and size[0] == width and
                      os.path.getsize(png) > 20000, size)
            pdf = os.path.join(root, lang + ".pdf")
            chromium(root, "--print-to-pdf=" + pdf, "--no-pdf-header-footer", "file://" + html)
            check(lang + "_pdf_written", os.path.exists(pdf) and os.path.getsize(pdf) > 10000)
            if not os.path.exists(pdf):
                continue
            fonts = subprocess.run([TOOLS["pdffonts"], pdf], capture_output=True, text=True).stdout
            txt = subprocess.run([TOOLS["pdftotext"], pdf, "-"], capture_output=True,
                                 text=True).stdout
            for n in names:
                check("%s_pdf_text_has_%s" % (lang, n), n in txt)
            # the ranking's partial marks are explained where the reader sees them
            note = "部分得分" if lang == "zh" else "partial: built from fewer than all"
            check("%s_pdf_text_has_the_partial_footnote" % lang, note in txt)
            if lang == "zh":
                cjk = [l for l in fonts.splitlines()
                       if re.search(r"CJK|WenQuanYi|WQY|Hei|Song|Ming|Kai|YaHei|PingFang", l, re.I)]
                check("zh_pdffonts_lists_a_cjk_font", cjk, fonts)
        audit_in_browser(root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if FAILS:
        print("%d of %d checks failed:" % (len(FAILS), CHECKS[0]))
        for f in FAILS:
            print("FAIL", f)
        sys.exit(1)
    print("%d checks passed" % CHECKS[0])


main()
