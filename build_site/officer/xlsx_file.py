"""The file an officer gives ``workbook import``, looked at before a cell is parsed: what it
is (an ``.xlsx`` workbook, or an ``.xls``, a CSV file, an OpenDocument sheet, an empty
file), how large it would be once unpacked, and which cells are merged. Only then is it
opened, with openpyxl in streaming mode. Every limit is named here, so that a file made to
be hostile (one cell at XFD1048576, a million rows, a table of strings that unpacks to a
gigabyte) is refused in a moment, in little memory, with one message.
"""

from __future__ import annotations

import re
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from build_site.core.catalogue import _
from build_site.core.problems import Problem
from build_site.outputs.xlsx_table import column_letters

MOST_ROWS = 200_000  # data rows a sheet may hold (a council's measurements are tens of thousands)
MOST_COLUMNS = 50  # columns a sheet may use (the widest table has 17)
MOST_UNPACKED = 200 * 1024 * 1024  # bytes the workbook may unpack to (a full council's is a few MB)

_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE2 file: .xls, or a workbook saved with a password
_SAVE = "in Excel choose File > Save As > Excel Workbook (.xlsx); in LibreOffice, File > Save As > Excel 2007-365"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3}[0-9]{1,7}(?::[A-Z]{1,3}[0-9]{1,7})?)"')
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\s[^>]*?\br="([0-9]{1,9})"')
_RANGE = re.compile(r"^(?:[A-Z]{1,3}[0-9]{1,7}:)?([A-Z]{1,3})([0-9]{1,7})$")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def damaged(path: Path) -> Problem:
    return _not_a_workbook(path, _("this file is damaged: its parts cannot be read as a workbook"))


def _not_a_workbook(path: Path, message: str) -> Problem:
    return Problem(path.name, None, None, message, _("save it as an Excel Workbook (.xlsx): {how}", how=_(_SAVE)),
                   "not-a-workbook")


def _looks_like_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = head.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return bool(text) and all(c.isprintable() or c in "\r\n\t" for c in text[:-4])


def what_it_is(path: Path) -> Problem | None:
    """Why the file at ``path`` is no ``.xlsx`` workbook that may be read (None: it is one)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except IsADirectoryError:
        return _not_a_workbook(path, _("this is a folder, not a workbook"))
    if not head:
        return _not_a_workbook(path, _("this is an empty file, not a workbook"))
    if head.startswith(_XLS):
        return _not_a_workbook(path, _("this is an older Excel file (.xls) or a workbook protected by a "
                                       "password, not an .xlsx workbook"))
    if not head.startswith(b"PK"):
        if _looks_like_text(head):
            return _not_a_workbook(path, _("this is a CSV or text file, not a workbook (a CSV file goes into "
                                           "data/ as it is, or is opened in Excel and saved as a workbook)"))
        return _not_a_workbook(path, _("this is not a workbook"))
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        return _not_a_workbook(path, _("this file is damaged, or not a workbook: it cannot be unpacked"))
    if "xl/workbook.xml" not in names:
        kind = _("an OpenDocument spreadsheet (.ods)") if "content.xml" in names else \
            _("a binary Excel workbook (.xlsb)") if "xl/workbook.bin" in names else _("another kind of file")
        return _not_a_workbook(path, _("this is {kind}, not an .xlsx workbook", kind=kind))
    if unpacked > MOST_UNPACKED:
        return Problem(path.name, None, None,
                       _("the workbook unpacks to {size} MB, more than the {most} MB a workbook may hold",
                         size=f"{unpacked // 2**20:,}", most=MOST_UNPACKED // 2**20),
                       _("export a new workbook (build-site workbook export), copy your rows into it, and import that"),
                       "workbook-size")
    return None


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: its part in the archive}, from the workbook and its relationships."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_RELS}Relationship")}
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        parts[sheet.get("name", "")] = part
    return parts


@dataclass(frozen=True)
class Scan:
    """What a sheet's XML shows as it streams past, before openpyxl parses it: its merged
    ranges (the streaming reader does not see them) and its rows (so that a sheet of a
    million rows is refused without parsing one)."""

    merged: tuple[str, ...] = ()
    rows: int = 0  # row elements
    last_row: int = 0  # the highest row number a row element names


def scan(path: Path) -> dict[str, Scan]:
    """Each sheet's ``Scan``, by its name."""
    found: dict[str, Scan] = {}
    with zipfile.ZipFile(path) as archive:
        for name, part in _sheet_parts(archive).items():
            try:
                handle = archive.open(part)
            except KeyError:
                continue
            with handle:
                tail, ranges, rows, last = b"", [], 0, 0
                while True:
                    chunk = handle.read(1 << 20)
                    data = tail + chunk
                    cut = len(data) - 200 if chunk else len(data)  # (a tag cut by a chunk's end: read next time)
                    ranges += [m.group(1).decode() for m in _MERGE.finditer(data, 0, cut)]
                    rows += len(_ROW.findall(data, 0, cut))
                    last = max([last] + [int(m.group(1)) for m in _ROW_NUMBER.finditer(data, max(cut - 4096, 0), cut)])
                    if not chunk:
                        break
                    tail = data[cut:]
            found[name] = Scan(tuple(dict.fromkeys(ranges)), rows, last)
    return found


def used_range(ws) -> tuple[int, int] | None:
    """(last row, last column) the sheet says it uses, or None when it does not say."""
    try:
        found = _RANGE.match(ws.calculate_dimension())
    except ValueError:
        return None
    if found is None:
        return None
    letters, row = found.groups()
    column = 0
    for ch in letters:
        column = column * 26 + ord(ch) - 64
    return int(row), column


def too_large(rows: int, columns: int) -> bool:
    return rows > MOST_ROWS + 1 or columns > MOST_COLUMNS


def sheet_too_large(name: str, rows: int, columns: int) -> Problem:
    return Problem(name, None, None,
                   _("the sheet uses cells as far as {cell}: more than the {rows} rows and {columns} columns a sheet "
                     "may hold", cell=f"{name}!{column_letters(max(columns, 1) - 1)}{rows}",
                     rows=f"{MOST_ROWS + 1:,}", columns=MOST_COLUMNS),
                   _("delete the rows below your data and the columns to the right of it (select them, right-click, "
                     "Delete), then save and import again"), "workbook-size")


def looked_at(path: Path, sheets: set[str]) -> tuple[dict[str, Scan], list[Problem]]:
    """Each sheet's ``Scan``, or the problems that stop the file being opened at all: it is no
    workbook, or one of ``sheets`` has more rows than a sheet may hold."""
    refusal = what_it_is(path)
    if refusal is not None:
        return {}, [refusal]
    try:
        scans = scan(path)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return {}, [_not_a_workbook(path, _("this file is damaged, or not a workbook: it cannot be unpacked"))]
    return scans, [sheet_too_large(name, max(s.rows, s.last_row), 0) for name, s in scans.items()
                   if name in sheets and too_large(max(s.rows, s.last_row), 0)]


@contextmanager
def opened(path: Path):
    """(the workbook, None), or (None, the problem) for a file whose parts cannot be read as
    one (look at it first: ``looked_at``); the workbook is closed when the block ends."""
    import openpyxl  # (only the import needs it)

    try:
        handle = open(path, "rb")  # (a handle: openpyxl would refuse a name not ending .xlsx)
    except OSError:
        yield None, damaged(path)
        return
    with handle:
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=False)
        except Exception:  # noqa: BLE001 (a damaged file fails inside the library in many ways)
            yield None, damaged(path)
            return
        try:
            yield book, None
        finally:
            book.close()
