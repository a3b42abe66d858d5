"""Workbooks written: the data-entry workbook an officer fills in (with XlsxWriter: made
only for writing, it writes drop-down lists, notes and number formats, and each cell as
the kind asked for: ``write_string`` never makes a formula, a number or a link of a text),
and ``data/datapackage.xlsx`` (through ``xlsx_table``, for speed). Every workbook is dated
the same, so the same data give the same bytes.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import xlsxwriter

from build_site.core.catalogue import _
from build_site.inputs import periods as P
from build_site.inputs.load import RawTable, tables_of
from build_site.outputs.xlsx_table import workbook

FIXED = datetime(2000, 1, 1, tzinfo=UTC)  # every workbook's date (the data have their own)
GUIDE, LISTS, README = "How to fill this in", "Lists", "README"
MARK = "build-site"  # the entry workbook's custom document property
PROVIDER_MARK = "build-site provider"  # a provider's workbook's: its provider's id (officer/provider_books)
_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False, "constant_memory": False}
_EXTRA_ROWS = 1000  # rows below the data that keep the column's drop-down list and format


def _workbook(buf: io.BytesIO, provider: str = "") -> xlsxwriter.Workbook:
    book = xlsxwriter.Workbook(buf, _OPTIONS)
    book.set_properties({"created": FIXED.replace(tzinfo=None), "author": "build-site"})
    book.set_custom_property(MARK, "data-entry workbook")  # (so that export knows a workbook it may replace)
    if provider:
        book.set_custom_property(PROVIDER_MARK, provider)
    book.set_calc_mode("manual")  # (nothing to calculate: there are no formulas)
    return book


def _done(book: xlsxwriter.Workbook, buf: io.BytesIO) -> bytes:
    book.close()
    return buf.getvalue()


def number_fields(resource: dict) -> set[str]:
    return {f["name"] for f in resource.get("schema", {}).get("fields", []) if f.get("type") in ("number", "integer")}


def _write_rows(sheet, header, rows, numeric: set[str], formats: dict, row_format=None) -> None:
    """Rows under a header in row 1: numbers as numbers, everything else as text, never a formula."""
    for c, name in enumerate(header):
        sheet.write_string(0, c, name, formats["head"])
    for r, row in enumerate(rows, start=1):
        for c, name in enumerate(header):
            cell = row[c] if c < len(row) else ""
            if cell == "":
                continue
            if name in numeric:
                try:
                    sheet.write_number(r, c, float(cell), row_format(r, name) if row_format else formats["number"])
                    continue
                except ValueError:
                    pass
            sheet.write_string(r, c, cell, formats["text"])


def _formats(book) -> dict:
    return {"head": book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1}),
            "text": book.add_format({"num_format": "@"}), "number": book.add_format({"num_format": "General"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"})}


# --------------------------------------------------------------------------- public downloads

def package_workbook(descriptor: dict, tables: dict[str, RawTable], source: str) -> bytes:
    """``data/datapackage.xlsx``: a README sheet (licence, source, every field's meaning), then
    each resource as a sheet, its rows exactly as in its CSV file (written by ``xlsx_table``:
    a package has hundreds of thousands of cells)."""
    licences = ", ".join(x.get("title") or x.get("name", "") for x in descriptor.get("licenses", []))
    lines = [[_("Source"), source], [_("Licence"), licences],
             ["", _("Each sheet is one table of the data package, as its CSV file.")]]
    for res in tables_of(descriptor):
        lines.append([res["name"], res.get("description", "")])
        lines += [[f"{res['name']}.{f['name']}", f.get("description", "")] for f in res["schema"]["fields"]]
    sheets: list[tuple[str, list[Any], Any, set[str]]] = [(README, [descriptor.get("title", "") or README, ""], lines,
                                                           set())]
    sheets += [(res["name"], list(tables[res["name"]].header), tables[res["name"]].rows, number_fields(res))
               for res in tables_of(descriptor) if res["name"] in tables]
    return workbook(sheets)


# --------------------------------------------------------------------------- the data-entry workbook

def _period_lists(tables: dict[str, RawTable], as_of: date, fy: int) -> dict[str, list[str]]:
    """Every period of each kind, from the earliest year in the data to the year after ``as_of``."""
    years = [int(c[:4]) for t in tables.values() if "period" in t.header for c in t.column("period")
             if c[:4].isdigit()]
    first, last = min(years, default=as_of.year - 5), as_of.year + 1
    lists: dict[str, list[str]] = {}
    for kind in P.KINDS:
        found, day = [], date(first, 1, 1)
        while day.year <= last:
            period = P.containing(kind, day, fy)
            found.append(period.text)
            day = P.next_period(period, fy).start
        lists[kind] = sorted(set(found), key=lambda t: P.parse_period(t, fy))
    lists["all"] = sorted({t for k in P.KINDS for t in lists[k]}, key=lambda t: P.parse_period(t, fy))
    return lists


def _unit_format(unit: str, decimals: int) -> str:
    """How a figure is shown in the entry workbook: in its unit, stored as the plain number
    the data contract wants (45 for 45%, never 0.45)."""
    places = "0" + ("." + "0" * decimals if decimals > 0 else "")
    return {"percent": f'{places}"%"', "gbp": f'"£"#,##{places}', "days": f'{places}" days"',
            "weeks": f'{places}" weeks"'}.get(unit, f"#,##{places}")


def _guide(book, formats, descriptor: dict, first: list[str] | None = None) -> None:
    sheet = book.add_worksheet(GUIDE)
    sheet.set_column(0, 0, 110)
    lines = first or [
        _("How to fill in this workbook"),
        _("Each sheet after this one is one table of {title}.", title=descriptor.get("title", "")),
        _("Row 1 of each sheet names the columns: leave it as it is. Hover over a column's name to read what "
          "it holds."),
        _("Add a new figure as a new row at the bottom of its sheet, correct one where it is, and delete a row "
          "to remove it."),
        _("Pick identifiers, codes and periods from each cell's drop-down list where it has one."),
        _("Write periods as text: 2024-05 (a month), 2024-Q2, 2024, 2024/25 or 2024/25 Q1. If Excel turns one "
          "into a date, type an apostrophe before it ('2024-05)."),
        _("Write figures as plain numbers in the indicator's unit: 45 for 45%, never 0.45."),
        _("Leave a figure blank only with a note saying why (for example: suppressed: fewer than 5 cases)."),
        _("Do not use formulas, merged cells or new columns: type each value itself."),
        _("Then give the workbook back (see docs/publish.md): build-site workbook import checks every cell "
          "and says which cell to fix."),
    ]
    if first:  # (a provider's workbook: its own opening, then how to fill in the sheets)
        lines += [_("Row 1 of each sheet names the columns: leave it as it is. Hover over a column's name to read "
                    "what it holds."),
                  _("Add a new figure as a new row at the bottom of its sheet, correct one where it is, and delete a "
                    "row to remove it."),
                  _("Write periods as text: 2024-05 (a month), 2024-Q2, 2024, 2024/25 or 2024/25 Q1. If Excel turns "
                    "one into a date, type an apostrophe before it ('2024-05)."),
                  _("Write figures as plain numbers in the indicator's unit: 45 for 45%, never 0.45."),
                  _("Leave a figure blank only with a note saying why (for example: suppressed: fewer than 5 cases)."),
                  _("Do not use formulas, merged cells or new columns: type each value itself.")]
    for r, line in enumerate(lines):
        sheet.write_string(r, 0, line, formats["head"] if r == 0 else formats["wrap"])
    sheet.activate()


def _lists(book, formats, descriptor, tables, periods) -> dict[str, str]:
    """The drop-down lists, one column each on the Lists sheet: {name: its range}."""
    sheet = book.add_worksheet(LISTS)
    columns: dict[str, list[str]] = {}
    for res in tables_of(descriptor):
        pk = res["schema"].get("primaryKey", [])
        if len(pk) == 1 and res["name"] in tables and pk[0] in tables[res["name"]].header:
            columns[res["name"]] = [v for v in tables[res["name"]].column(pk[0]) if v]
    columns.update({f"periods:{k}": v for k, v in periods.items()})
    ranges = {}
    for c, (name, values) in enumerate(columns.items()):
        sheet.write_string(0, c, name, formats["head"])
        for r, value in enumerate(values, start=1):
            sheet.write_string(r, c, value, formats["text"])
        letter = xlsxwriter.utility.xl_col_to_name(c)
        ranges[name] = f"={LISTS}!${letter}$2:${letter}${max(2, len(values) + 1)}"
    return ranges


def _drop_downs(sheet, res: dict, table: RawTable, ranges: dict[str, str], kinds: dict[str, str]) -> None:
    header, last = list(table.header), len(table.rows) + _EXTRA_ROWS
    refs = {fk["fields"][0]: fk["reference"]["resource"] for fk in res["schema"].get("foreignKeys", [])
            if len(fk.get("fields", [])) == 1}
    by_kind = res["name"] == "measurements" and "period" in header and "indicator" in header
    for field in res["schema"]["fields"]:
        name = field["name"]
        if name not in header:
            continue
        c = header.index(name)
        rule = None
        if "enum" in field.get("constraints", {}):
            rule = {"validate": "list", "source": list(field["constraints"]["enum"])}
        elif refs.get(name) in ranges:
            rule = {"validate": "list", "source": ranges[refs[name]]}
        elif name in ("period", "recovery_period") and not (by_kind and name == "period"):
            rule = {"validate": "list", "source": ranges["periods:all"]}
        if rule is not None:
            sheet.data_validation(1, c, last, c, {**_warning(), **rule})
    if by_kind:  # each run of rows of one kind of period: that kind's periods only (ranges must not overlap)
        c, i = header.index("period"), header.index("indicator")
        runs: list[list] = []
        for r, row in enumerate(table.rows, start=1):
            kind = kinds.get(row[i] if i < len(row) else "") or "all"
            if runs and runs[-1][0] == kind:
                runs[-1][2] = r
            else:
                runs.append([kind, r, r])
        runs.append(["all", len(table.rows) + 1, last])
        for kind, first, end in runs:
            sheet.data_validation(first, c, end, c, {**_warning(), "validate": "list",
                                                     "source": ranges[f"periods:{kind}"]})


def _warning() -> dict:
    return {"error_type": "warning", "error_title": _("Not in the list"),
            "error_message": _("This is not one of the values in the list. Keep it only if you are sure: the "
                               "import checks it.")}


def entry_workbook(descriptor: dict, tables: dict[str, RawTable], as_of: date, only: tuple[str, ...] = (),
                   provider: str = "", guide: list[str] | None = None) -> bytes:
    """The data-entry workbook: a guide, then one sheet per resource with its current rows, the
    schema's descriptions as notes on the header, drop-down lists for every code, key and
    period, figures formatted in their indicator's unit, the header row frozen; no macros,
    no protection. A provider's workbook (``provider``: its id, marked on the workbook) has
    only the sheets ``only`` and its own ``guide``'s opening lines."""
    fy = int(descriptor.get("reporting", {}).get("financial_year_start_month", 4) or 4)
    buf = io.BytesIO()
    book = _workbook(buf, provider)
    formats = _formats(book)
    _guide(book, formats, descriptor, guide)
    indicators = tables.get("indicators")
    units: dict[str, tuple[str, int]] = {}
    kinds: dict[str, str] = {}
    if indicators is not None:
        for rec in indicators.records():
            decimals = rec.get("decimals", "1")
            units[rec.get("id", "")] = (rec.get("unit", ""), int(decimals) if decimals.isdigit() else 1)
            kinds[rec.get("id", "")] = P.FREQUENCY_KINDS.get(rec.get("frequency", ""), ("",))[0]
    cache: dict[str, object] = {}

    def figure_format(table: RawTable):
        position = table.header.index("indicator") if "indicator" in table.header else None

        def pick(r: int, _name: str):
            row = table.rows[r - 1]
            unit, decimals = units.get(row[position] if position is not None and position < len(row) else "",
                                       ("", 1))
            spec = _unit_format(unit, min(decimals, 6))
            if spec not in cache:
                cache[spec] = book.add_format({"num_format": spec})
            return cache[spec]
        return pick

    sheets = []
    for res in tables_of(descriptor):
        if only and res["name"] not in only:
            continue
        table = tables.get(res["name"]) or RawTable(res["name"], res["path"],
                                                    tuple(f["name"] for f in res["schema"]["fields"]), ())
        sheet = book.add_worksheet(res["name"][:31])
        _write_rows(sheet, list(table.header), table.rows, number_fields(res), formats, figure_format(table))
        descriptions = {f["name"]: f.get("description", "") for f in res["schema"]["fields"]}
        for c, name in enumerate(table.header):
            sheet.set_column(c, c, 14 if len(name) < 12 else len(name) + 4, formats["text"]
                             if name not in number_fields(res) else None)
            if descriptions.get(name):
                sheet.write_comment(0, c, descriptions[name], {"x_scale": 2, "y_scale": 1.5})
        sheet.freeze_panes(1, 0)
        sheets.append((sheet, res, table))
    ranges = _lists(book, formats, descriptor, tables, _period_lists(tables, as_of, fy))
    for sheet, res, table in sheets:
        _drop_downs(sheet, res, table, ranges, kinds)
    return _done(book, buf)
