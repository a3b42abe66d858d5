"""A workbook read back: each resource's sheet as the text its CSV file would hold, and a
problem, by sheet and cell, for whatever Excel did to a cell that cannot be read as meant.

Read with openpyxl in its streaming (read-only) mode, which still sees what a spreadsheet
keeps beside a value (its number format, whether it is a formula, hidden sheets), so that
each thing Excel or LibreOffice does can be told apart and answered:

| the spreadsheet did                        | the import                                         |
| ------------------------------------------ | -------------------------------------------------- |
| typed 2024-05 became the date 1 May 2024   | read as the month 2024-05, in a period column      |
| a year typed as 2024 became a number       | read as the text 2024                              |
| 45% typed in a cell: stores 0.45           | read as 45, the number shown                       |
| a format with a literal sign (0.0"%", 0.0\\%) | read as the number stored: nothing is scaled     |
| a number stored as text ("45")             | read as 45, as in a CSV file                       |
| a formula (=B7*100)                        | refused: type the value itself                     |
| an error (#DIV/0!)                         | refused                                            |
| merged cells                               | refused: unmerge them and fill each cell           |
| a date anywhere else                       | refused: type the text itself                      |
| a hidden sheet                             | read like any other: hiding does not delete        |
| a sheet that is no table of the package    | left out, and named in the summary                 |

Before anything is parsed, the file itself is looked at (``xlsx_file.opened``): an empty
file, an ``.xls``, a CSV file or an archive that would expand past a limit is refused with
one message. A sheet that uses more rows or columns than ``MOST_ROWS`` and ``MOST_COLUMNS``
is refused as soon as that is known, so that no file, however made, takes long or much
memory to refuse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.problems import Problem
from build_site.inputs.load import RawTable, tables_of
from build_site.officer.xlsx_file import (
    MOST_COLUMNS,
    MOST_ROWS,
    Scan,
    damaged,
    looked_at,
    opened,
    sheet_too_large,
    too_large,
    used_range,
)
from build_site.outputs.xlsx_out import GUIDE, LISTS, number_fields
from build_site.outputs.xlsx_table import column_letters
from build_site.rating.fmt import plain

# A % that scales the value: outside quoted text and not escaped by a backslash (LibreOffice
# writes the entry workbook's literal 0.0"%" back as 0.0\%, which shows the number as stored).
_PERCENT = re.compile(r'(?<!\\)%(?=(?:[^"]*"[^"]*")*[^"]*$)')


@dataclass(frozen=True)
class ReadWorkbook:
    tables: dict[str, RawTable]
    problems: tuple[Problem, ...]
    ignored: tuple[str, ...]  # sheets that are no table of the package
    hidden: tuple[str, ...]  # tables whose sheet is hidden (read all the same)
    columns: dict[str, tuple[str, ...]]  # each table's header, for naming cells
    unreadable: bool = False  # the file is no workbook at all: its one problem says why
    refused: tuple[str, ...] = ()  # tables whose sheet was refused whole (too large, or its header wrong)


def cell_name(column: int, row: int) -> str:
    """(0, 7) -> 'A7'."""
    return f"{column_letters(column)}{row}"


def _percent_shown(value: float) -> str:
    """0.45 in a cell formatted as a percentage is 45 to the person who typed it."""
    shown = Decimal(repr(float(value))) * 100
    return plain(float(shown)) if shown == shown.to_integral() else format(shown.normalize(), "f")


def _formula_text(value) -> str:
    """A formula as it was typed (an array formula is an object with its text)."""
    text = getattr(value, "text", value)
    return str(text if text is not None else "")[:40]


def _as_text(cell, field: str, numeric: bool, sheet: str, row: int) -> tuple[str, Problem | None]:
    """A cell as its CSV text, or why it cannot be read."""
    value = cell.value

    def refuse(message: str, fix: str) -> tuple[str, Problem]:
        return "", Problem(sheet, row, field, message, fix, "workbook")

    if value is None:
        return "", None
    kind = getattr(cell, "data_type", "n")
    if kind == "f" or (isinstance(value, str) and kind != "s" and value.startswith("=")):
        return refuse(_("the cell holds a formula ({formula})", formula=_formula_text(value)),
                      _("type the value itself: copy the cell, then Paste Special > Values"))
    if kind == "e":
        return refuse(_("the cell holds the Excel error {error}", error=str(value)[:40]),
                      _("type the value itself"))
    if isinstance(value, bool):
        return ("true" if value else "false"), None
    if isinstance(value, (datetime, date, time)):
        if field in ("period", "recovery_period") and isinstance(value, datetime) and value.day == 1 \
                and value.time() == time(0):
            return f"{value.year}-{value.month:02d}", None  # Excel made the month 2024-05 a date
        shown = value.isoformat() if not isinstance(value, datetime) else value.date().isoformat()
        return refuse(_("Excel turned what was typed here into the date {date}", date=shown),
                      _("type it again as text, with an apostrophe before it (for example '2024-05)"))
    if isinstance(value, (int, float)):
        if numeric and _PERCENT.search(getattr(cell, "number_format", None) or ""):
            return _percent_shown(value), None
        return plain(value), None
    return str(value), None


def _header(first) -> tuple[str, ...]:
    header = tuple(("" if c.value is None else str(c.value)).strip() for c in first)
    while header and header[-1] == "":
        header = header[:-1]
    return header


def _read_sheet(ws, res: dict, seen: Scan) -> tuple[RawTable | None, list[Problem]]:
    """The sheet as a table (None when it is refused whole), and its problems."""
    name, numeric = res["name"], number_fields(res)
    problems = [Problem(name, None, None, _("cells {range} are merged", range=f"{name}!{ref}"),
                        _("unmerge them (Home > Merge & Center) and type the value in each cell"), "workbook")
                for ref in seen.merged]
    declared = used_range(ws) or (0, 0)
    if too_large(*declared):
        return None, [sheet_too_large(name, *declared)]
    ws.reset_dimensions()  # (a declared size may be wrong: every row the sheet holds is read)
    header: tuple[str, ...] = ()
    kept_rows, numbers = [], []
    for row_no, cells in enumerate(ws.iter_rows(min_row=1, min_col=1), start=1):
        if row_no > MOST_ROWS + 1 or len(cells) > MOST_COLUMNS:
            return None, [sheet_too_large(name, row_no, len(cells))]
        if row_no == 1:
            header = _header(cells)
            continue
        texts = []
        for col, cell in enumerate(cells[:len(header)]):
            text, problem = _as_text(cell, header[col], header[col] in numeric, name, row_no)
            texts.append(text)
            if problem is not None:
                problems.append(problem)
        extra = [(k, c) for k, c in enumerate(cells[len(header):], start=len(header)) if c.value not in (None, "")]
        if extra:
            stray = f"{name}!{cell_name(extra[0][0], row_no)}"
            problems.append(Problem(name, row_no, None, _("{cell} is outside the table's columns", cell=stray),
                                    _("move it into a column the header names, or delete it"), "workbook"))
        if any(t.strip() for t in texts):
            kept_rows.append(tuple(texts + [""] * (len(header) - len(texts))))
            numbers.append(row_no)
    return RawTable(name, res["path"], header, tuple(kept_rows), tuple(numbers)), problems


def read_workbook(path: Path, descriptor: dict) -> ReadWorkbook:
    """Every resource's sheet; one problem for a file that is no workbook at all."""
    resources = {r["name"]: r for r in tables_of(descriptor)}
    scans, refusals = looked_at(Path(path), set(resources))
    if refusals:
        return ReadWorkbook({}, tuple(refusals), (), (), {}, unreadable=True)
    with opened(Path(path)) as (book, refusal):
        if book is None:
            return ReadWorkbook({}, (refusal,), (), (), {}, unreadable=True)
        tables, problems, hidden, refused = {}, [], [], []
        try:
            for ws in book.worksheets:
                if ws.title not in resources:
                    continue
                table, found = _read_sheet(ws, resources[ws.title], scans.get(ws.title, Scan()))
                problems += found
                if table is None:
                    refused.append(ws.title)
                    continue
                tables[ws.title] = table
                if ws.sheet_state != "visible":
                    hidden.append(ws.title)
        except Exception:  # noqa: BLE001 (a damaged sheet fails inside the library in many ways)
            return ReadWorkbook({}, (damaged(Path(path)),), (), (), {}, unreadable=True)
        names = [ws.title for ws in book.worksheets]
    ignored = tuple(n for n in names if n not in resources and n not in (GUIDE, LISTS))
    return ReadWorkbook(tables, tuple(problems), ignored, tuple(hidden),
                        {name: t.header for name, t in tables.items()}, refused=tuple(refused))
