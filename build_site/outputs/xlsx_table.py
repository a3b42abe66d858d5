"""Tables as Excel workbooks, written directly: the downloads (``data/datapackage.xlsx``
and the workbook beside each indicator's CSV).

A council of 1,000 indicators has 1,000 of these, rebuilt with their pages, and a package
workbook of some 250,000 cells. XlsxWriter (used for the officers' entry workbook, with its
lists and notes) spends about 30 µs on each cell; this writes minimal SpreadsheetML (the
header bold and frozen, text as inline strings, which a spreadsheet never reads as a
formula, characters XML cannot hold as Excel's own _xHHHH_) in a few.
The tests open every kind of table it writes with openpyxl, and the bytes are the same
for the same rows.
"""

from __future__ import annotations

import io
import math
import re
import zipfile

_DATE = (1980, 1, 1, 0, 0, 0)
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TYPES = (_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
          'officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
          'spreadsheetml.styles+xml"/></Types>')
_ROOT_RELS = (_HEAD + f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" Type="{_REL}/officeDocument" '
              'Target="xl/workbook.xml"/></Relationships>')
_BOOK_RELS = (_HEAD + f'<Relationships xmlns="{_PKG}">'
              f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
              f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
_STYLES = (_HEAD + f'<styleSheet xmlns="{_MAIN}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill '
           'patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders '
           'count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs '
           'count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2">'
           '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" '
           'borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" '
           'xfId="0" builtinId="0"/></cellStyles></styleSheet>')
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_NEEDS = re.compile(r'[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML: Excel's _xHHHH_
_LITERAL = re.compile(r"(_x[0-9A-Fa-f]{4}_)")  # text that would read as such an escape


def _text(value: str) -> str:
    if not _NEEDS.search(value):
        return value
    value = _LITERAL.sub(r"_x005F\1", value)
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value.translate(_ESCAPES)


def column_letters(c: int) -> str:
    """0 -> 'A', 27 -> 'AB'."""
    letters, n = "", c + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number(text: str) -> str | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return text if math.isfinite(value) else None


def _string(ref: str, value: str) -> str:
    space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'


def _sheet(header: list[str], rows, numeric: set[str]) -> str:
    letters = [column_letters(c) for c in range(len(header))]
    kinds = [name in numeric for name in header]
    out = [_HEAD, f'<worksheet xmlns="{_MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" '
                  'topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>',
           '<row r="1">']
    out += [_string(f"{letters[c]}1", h).replace("<c ", '<c s="1" ', 1) for c, h in enumerate(header)]
    out.append("</row>")
    columns = list(zip(letters, kinds))
    for r, row in enumerate(rows, start=2):
        cells = [f'<row r="{r}">']
        for (letter, number), cell in zip(columns, row):
            if cell == "":
                continue
            if number and _number(cell) is not None:
                cells.append(f'<c r="{letter}{r}"><v>{cell}</v></c>')
            else:
                cells.append(_string(f"{letter}{r}", cell))
        cells.append("</row>")
        out.append("".join(cells))
    out.append("</sheetData></worksheet>")
    return "".join(out)


def workbook(sheets: list[tuple[str, list[str], list, set[str]]]) -> bytes:
    """A workbook of (name, header, rows, numeric columns) sheets: each header in bold and
    frozen; the cells of numeric columns as numbers, every other cell as text."""
    names = [re.sub(r"[\[\]:*?/\\]", "-", name)[:31] or f"Sheet{k + 1}" for k, (name, *_r) in enumerate(sheets)]
    n = len(sheets)
    types = _TYPES.replace('<Override PartName="/xl/worksheets/sheet1.xml"', "".join(
        f'<Override PartName="/xl/worksheets/sheet{k}.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/>' for k in range(2, n + 1)) +
        '<Override PartName="/xl/worksheets/sheet1.xml"')
    book = (_HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>' + "".join(
        f'<sheet name="{_text(name)}" sheetId="{k}" r:id="rId{k}"/>' for k, name in enumerate(names, start=1))
        + "</sheets></workbook>")
    rels = (_HEAD + f'<Relationships xmlns="{_PKG}">' + "".join(
        f'<Relationship Id="rId{k}" Type="{_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, n + 1)) + f'<Relationship Id="rId{n + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
        "</Relationships>")
    parts = [("[Content_Types].xml", types), ("_rels/.rels", _ROOT_RELS), ("xl/workbook.xml", book),
             ("xl/_rels/workbook.xml.rels", rels), ("xl/styles.xml", _STYLES)]
    parts += [(f"xl/worksheets/sheet{k}.xml", _sheet(header, rows, numeric))
              for k, (_name, header, rows, numeric) in enumerate(sheets, start=1)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:  # (fast; a little larger)
        for path, text in parts:
            info = zipfile.ZipInfo(path, _DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def table_workbook(sheet_name: str, header: list[str], rows: list[list[str]], numeric: set[str]) -> bytes:
    """One table as a workbook (an indicator's figures, beside its CSV)."""
    return workbook([(sheet_name, header, rows, numeric)])
