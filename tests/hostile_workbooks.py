"""Workbooks made to be hostile, as a real office or an attacker could make them: built from
the council's own exported workbook with one part of its archive replaced, so that every
other part is what Excel would find."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

SHEET = "xl/worksheets/sheet{n}.xml"
_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def sheet_part(path: Path, name: str) -> str:
    """The archive part of the sheet called ``name`` (the exported workbook's order)."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    try:
        return SHEET.format(n=book.sheetnames.index(name) + 1)
    finally:
        book.close()


def replace_part(src: Path, dest: Path, part: str, chunks: Callable[[], Iterable[bytes]]) -> Path:
    """``dest``: ``src`` with ``part`` written from ``chunks`` (streamed: it may be huge)."""
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != part:
                new.writestr(info, old.read(info.filename))
        with new.open(part, "w", force_zip64=True) as out:
            for chunk in chunks():
                out.write(chunk)
    return dest


def sheet_rows(rows: int, dimension: bool = True) -> Callable[[], Iterable[bytes]]:
    """A sheet of ``rows`` one-cell rows (with or without the dimension it declares)."""
    def chunks():
        yield (_HEAD + (f'<dimension ref="A1:A{rows}"/>' if dimension else "") + "<sheetData>").encode()
        for start in range(1, rows + 1, 10_000):
            yield "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>'
                          for r in range(start, min(start + 10_000, rows + 1))).encode()
        yield b"</sheetData></worksheet>"
    return chunks


def sheet_one_far_cell(dimension: bool = True) -> Callable[[], Iterable[bytes]]:
    """A header row, and one cell at XFD1048576."""
    def chunks():
        yield (_HEAD + ('<dimension ref="A1:XFD1048576"/>' if dimension else "") + "<sheetData>"
               '<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c></row>'
               '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>').encode()
    return chunks


def shared_strings_bomb(megabytes: int) -> Callable[[], Iterable[bytes]]:
    """A table of shared strings that unpacks to ``megabytes`` MB."""
    def chunks():
        yield (b'<?xml version="1.0" encoding="UTF-8"?>'
               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
        block = b"<si><t>" + b"a" * (1 << 20) + b"</t></si>"
        for _ in range(megabytes):
            yield block
        yield b"</sst>"
    return chunks
