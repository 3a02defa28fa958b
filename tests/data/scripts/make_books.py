#!/usr/bin/env python3
"""tests/data/scripts/make_books.py — writes the workbooks and Stata files the data tests
read, into the folder given: openpyxl for ordinary workbooks, pandas for .dta, and
hand-written Office Open XML (zipfile) where a cell must hold what openpyxl cannot write
(a formula with its cached value, a formula without one). Usage: make_books.py DIR"""
import os
import sys
import zipfile

import openpyxl
import pandas as pd

out = sys.argv[1]


def p(name):
    return os.path.join(out, name)


# wide panel on a named second sheet, with a trailing empty column and title rows
wb = openpyxl.Workbook()
notes = wb.active
notes.title = "说明"
notes.append(["notes only"])
ws = wb.create_sheet("面板")
ws.append(["表1 主要指标"])
ws.merge_cells("A1:D1")  # a title merged across columns, above the header: allowed
ws.append(["地区", "年份", "gdp", "urban"])
ws.append([None, None, "亿元", "%"])
ws.append(["北京", 2015, 26881.0, 0.5])
ws.append(["北京", "2016年", 3.9, "—"])
ws.append(["上海", 2015, 1234567, 86.5])
ws.append(["上海", 2016, "abc", 1])
wb.save(p("panel.xlsx"))

# one sheet per year, named with the year
wb = openpyxl.Workbook()
first = True
for year, vals in ((2019, (1.0, 2.0)), (2020, (3.0, 4.0))):
    s = wb.active if first else wb.create_sheet()
    first = False
    s.title = "%d年" % year
    s.append(["region", "gdp"])
    s.append(["A", vals[0]])
    s.append(["B", vals[1]])
wb.create_sheet("附注").append(["no year here"])
wb.save(p("years.xlsx"))

# vertical merge of the region column (yearbook style), dates as text cells
wb = openpyxl.Workbook()
s = wb.active
s.title = "Sheet1"
s.append(["region", "year", "gdp"])
s.append(["A", 2015, 1])
s.append([None, 2016, 2])
s.append(["B", 2015, 3])
s.merge_cells("A2:A3")
wb.save(p("vmerge.xlsx"))

wb = openpyxl.Workbook()
s = wb.active
s.title = "Sheet1"
s.append(["region", "year", "gdp", None])
s.append(["A", 2015, 1, None])
s.merge_cells("C1:D1")
wb.save(p("hmerge.xlsx"))


def raw_book(name, sheet_xml, shared=None, styles=None):
    """An .xlsx written part by part, with the sheet XML given."""
    with zipfile.ZipFile(p(name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("xl/workbook.xml",
                   '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
                   'r:id="rId1"/></sheets></workbook>')
        rels = ('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/worksheet" Target="worksheets/s.xml"/>')
        if shared is not None:
            rels += ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                     'officeDocument/2006/relationships/sharedStrings" Target="sst.xml"/>')
            z.writestr("xl/sst.xml", shared)
        if styles is not None:
            rels += ('<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/'
                     'officeDocument/2006/relationships/styles" Target="styles.xml"/>')
            z.writestr("xl/styles.xml", styles)
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships">' + rels + '</Relationships>')
        z.writestr("xl/worksheets/s.xml",
                   '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"><sheetData>' + sheet_xml + '</sheetData></worksheet>')


SST = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       '<si><t>region</t></si><si><t>year</t></si><si><t>gdp</t></si>'
       '<si><r><t>A</t></r><rPh><t>ignored</t></rPh></si><si><t>when</t></si></sst>')
STYLES = ('<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>'
          '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')
HEAD = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>4</v></c></row>')
# formulas with cached values (a number, and a string year), dates in two styles
raw_book("formula.xlsx",
         HEAD + '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="str"><f>"20"&amp;"15"</f>'
         '<v>2015</v></c><c r="C2"><f>1+0.5</f><v>1.5</v></c><c r="D2" s="1"><v>43831</v></c></row>'
         '<row r="3"><c r="A3" t="inlineStr"><is><t>B</t></is></c><c r="B3"><v>2015</v></c>'
         '<c r="C3"><v>2.5</v></c><c r="D3" s="2"><v>43862.5</v></c></row>',
         SST, STYLES)
raw_book("nocache.xlsx",
         HEAD + '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>2015</v></c>'
         '<c r="C2"><f>1+0.5</f></c></row>', SST)
raw_book("badsst.xlsx", HEAD + '<row r="2"><c r="A2" t="s"><v>99</v></c></row>', SST)

# an encrypted workbook is an OLE compound file; a damaged one is a zip cut short
with open(p("encrypted.xlsx"), "wb") as f:
    f.write(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 504)
with open(p("panel.xlsx"), "rb") as f:
    data = f.read()
with open(p("damaged.xlsx"), "wb") as f:
    f.write(data[: len(data) // 2])

# Stata: region codes with value labels, a string indicator column in long layout
df = pd.DataFrame({"region": pd.Categorical(["北京", "上海", "北京"]),
                   "year": [2015, 2015, 2016], "gdp": [1.5, 2.25, float("nan")]})
df.to_stata(p("panel.dta"), write_index=False, version=118)

# OpenDocument: a title row spanning three columns, repeated columns and rows, a covered
# cell under a vertical span, float/percentage/date/string cells
ODS_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
    '<office:spreadsheet><table:table table:name="附注"><table:table-row><table:table-cell '
    'office:value-type="string"><text:p>notes</text:p></table:table-cell></table:table-row>'
    '</table:table><table:table table:name="数据">'
    '<table:table-row><table:table-cell table:number-columns-spanned="3" '
    'office:value-type="string"><text:p>标题</text:p></table:table-cell>'
    '<table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>'
    '<table:table-row><table:table-cell office:value-type="string"><text:p>region</text:p>'
    '</table:table-cell><table:table-cell office:value-type="string"><text:p>year</text:p>'
    '</table:table-cell><table:table-cell office:value-type="string"><text:p>gdp</text:p>'
    '</table:table-cell><table:table-cell office:value-type="string"><text:p>share</text:p>'
    '</table:table-cell><table:table-cell table:number-columns-repeated="1020"/></table:table-row>'
    '<table:table-row><table:table-cell table:number-rows-spanned="2" office:value-type="string">'
    '<text:p>A</text:p></table:table-cell><table:table-cell office:value-type="float" '
    'office:value="2015"><text:p>2015</text:p></table:table-cell><table:table-cell '
    'office:value-type="float" office:value="1.25"><text:p>1.3</text:p></table:table-cell>'
    '<table:table-cell office:value-type="percentage" office:value="0.446"><text:p>44.6%</text:p>'
    '</table:table-cell></table:table-row>'
    '<table:table-row><table:covered-table-cell/><table:table-cell office:value-type="float" '
    'office:value="2016"/><table:table-cell office:value-type="float" office:value="2.5"/>'
    '<table:table-cell/></table:table-row>'
    '<table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="string">'
    '<text:p>B</text:p></table:table-cell><table:table-cell office:value-type="float" '
    'office:value="2015"/><table:table-cell office:value-type="float" office:value="7"/>'
    '</table:table-row>'
    '<table:table-row table:number-rows-repeated="1048000"><table:table-cell '
    'table:number-columns-repeated="1024"/></table:table-row>'
    '</table:table></office:spreadsheet></office:body></office:document-content>')
with zipfile.ZipFile(p("panel.ods"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", ODS_CONTENT)
