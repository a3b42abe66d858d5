"""A workbook read back: each resource's sheet as the text its CSV file would hold, and a
problem, by sheet and cell, for whatever Excel did to a cell that cannot be read as meant.

Read with openpyxl, which sees what a spreadsheet keeps beside a value (its number format,
whether it is a formula, merged cells, hidden sheets), so that each thing Excel does can
be told apart and answered:

| Excel did                                  | the import                                         |
| ------------------------------------------ | -------------------------------------------------- |
| typed 2024-05 became the date 1 May 2024   | read as the month 2024-05, in a period column      |
| a year typed as 2024 became a number       | read as the text 2024                              |
| 45% typed in a cell: stores 0.45           | read as 45, the number shown                       |
| a number stored as text ("45")             | read as 45, as in a CSV file                       |
| a formula (=B7*100)                        | refused: type the value itself                     |
| an error (#DIV/0!)                         | refused                                            |
| merged cells                               | refused: unmerge them and fill each cell           |
| a date anywhere else                       | refused: type the text itself                      |
| a hidden sheet                             | read like any other: hiding does not delete        |
| a sheet that is no table of the package    | left out, and named in the summary                 |
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from .catalogue import _
from .load import RawTable, tables_of
from .problems import Problem
from .fmt import plain
from .xlsx_out import GUIDE, LISTS, number_fields
from .xlsx_table import column_letters

_PERCENT = re.compile(r'%(?=(?:[^"]*"[^"]*")*[^"]*$)')  # a % outside quoted text in a number format


@dataclass(frozen=True)
class ReadWorkbook:
    tables: dict[str, RawTable]
    problems: tuple[Problem, ...]
    ignored: tuple[str, ...]  # sheets that are no table of the package
    hidden: tuple[str, ...]  # tables whose sheet is hidden (read all the same)
    columns: dict[str, tuple[str, ...]]  # each table's header, for naming cells


def cell_name(column: int, row: int) -> str:
    """(0, 7) -> 'A7'."""
    return f"{column_letters(column)}{row}"


def _percent_shown(value: float) -> str:
    """0.45 in a cell formatted as a percentage is 45 to the person who typed it."""
    shown = Decimal(repr(float(value))) * 100
    return plain(float(shown)) if shown == shown.to_integral() else format(shown.normalize(), "f")


def _as_text(cell, field: str, numeric: bool, sheet: str, row: int) -> tuple[str, Problem | None]:
    """A cell as its CSV text, or why it cannot be read."""
    value = cell.value

    def refuse(message: str, fix: str) -> tuple[str, Problem]:
        return "", Problem(sheet, row, field, message, fix, "workbook")

    if value is None:
        return "", None
    if cell.data_type == "f" or (isinstance(value, str) and cell.data_type != "s" and value.startswith("=")):
        return refuse(_("the cell holds a formula ({formula})", formula=str(value)[:40]),
                      _("type the value itself: copy the cell, then Paste Special > Values"))
    if cell.data_type == "e":
        return refuse(_("the cell holds the Excel error {error}", error=value),
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
        if numeric and _PERCENT.search(cell.number_format or ""):
            return _percent_shown(value), None
        return plain(value), None
    return str(value), None


def _merged(ws, name: str) -> list[Problem]:
    return [Problem(name, r.min_row, None, _("cells {range} are merged", range=f"{name}!{r.coord}"),
                    _("unmerge them (Home > Merge & Center) and type the value in each cell"), "workbook")
            for r in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col))]


def _read_sheet(ws, res: dict) -> tuple[RawTable, list[Problem]]:
    name, numeric = res["name"], number_fields(res)
    problems = _merged(ws, name)
    rows = list(ws.iter_rows())
    header = tuple(("" if c.value is None else str(c.value)).strip() for c in (rows[0] if rows else ()))
    while header and header[-1] == "":
        header = header[:-1]
    kept_rows, numbers = [], []
    for cells in rows[1:]:
        row_no = cells[0].row if cells else 0
        texts = []
        for col, cell in enumerate(cells[:len(header)]):
            field = header[col] if col < len(header) else ""
            text, problem = _as_text(cell, field, field in numeric, name, row_no)
            texts.append(text)
            if problem is not None:
                problems.append(problem)
        extra = [c for c in cells[len(header):] if c.value not in (None, "")]
        if extra:
            stray = f"{name}!{extra[0].coordinate}"
            problems.append(Problem(name, row_no, None, _("{cell} is outside the table's columns", cell=stray),
                                    _("move it into a column the header names, or delete it"), "workbook"))
        if any(t.strip() for t in texts):
            kept_rows.append(tuple(texts + [""] * (len(header) - len(texts))))
            numbers.append(row_no)
    return RawTable(name, res["path"], header, tuple(kept_rows), tuple(numbers)), problems


def read_workbook(path: Path, descriptor: dict) -> ReadWorkbook:
    """Every resource's sheet; a problem for a workbook that cannot be opened at all."""
    import openpyxl  # (only the import needs it)
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, data_only=False, read_only=False)
    except (InvalidFileException, KeyError, ValueError, OSError, EOFError) as err:
        reason = getattr(err, "strerror", None) or type(err).__name__
        return ReadWorkbook({}, (Problem(path.name, None, None, _("the workbook cannot be opened ({reason})",
                                                                  reason=reason),
                                         _("save it from Excel as an Excel Workbook (.xlsx) and try again"),
                                         "workbook"),), (), (), {})
    except Exception as err:  # noqa: BLE001 (a damaged file can fail inside the library in many ways)
        return ReadWorkbook({}, (Problem(path.name, None, None, _("the workbook cannot be read ({reason})",
                                                                  reason=type(err).__name__),
                                         _("save it from Excel as an Excel Workbook (.xlsx) and try again"),
                                         "workbook"),), (), (), {})
    resources = {r["name"]: r for r in tables_of(descriptor)}
    tables, problems, hidden = {}, [], []
    for ws in book.worksheets:
        if ws.title not in resources:
            continue
        table, found = _read_sheet(ws, resources[ws.title])
        tables[ws.title], problems = table, problems + found
        if ws.sheet_state != "visible":
            hidden.append(ws.title)
    ignored = tuple(ws.title for ws in book.worksheets if ws.title not in resources and ws.title not in (GUIDE, LISTS))
    return ReadWorkbook(tables, tuple(problems), ignored, tuple(hidden),
                        {name: t.header for name, t in tables.items()})
