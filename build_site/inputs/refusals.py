"""The contract's refusals (1.1, "What bad input gets"): input that would run as a formula
in a reader's spreadsheet, or silently change a rating, is an error with a fix.

(Paths that escape the repository are refused by ``load``, before anything is opened;
numbers that are not finite or too large by ``tableschema``; years outside 1900-2100 by
``periods``.) Each check is a pure function of the tables read, returning problems.
"""

from __future__ import annotations

import re
from datetime import date

import pandas as pd

from build_site.core.catalogue import N_, _
from build_site.core.problems import Problem
from build_site.inputs import periods as P
from build_site.inputs.load import RawTable

#: A text cell a spreadsheet would run: =, +, @, a tab or a carriage return first, or a
#: minus sign not followed by a space ("- " starts a list item, and is kept).
FORMULA = re.compile(r"^(?:[=+@\t\r]|-(?! ))")
#: Contract 1.2: a text a spreadsheet cell can hold, with no control character but tab and line feed.
MOST_CHARACTERS = 32767
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROLS = {"\r": N_("a carriage return (from a Windows line ending)"), "\x00": N_("a null character"),
             "\x1b": N_("an escape character"), "\x0b": N_("a vertical tab"), "\x0c": N_("a page break")}
_LEADS = {"=": '"="', "+": '"+"', "@": '"@"', "\t": N_("a tab"), "\r": N_("a carriage return"), "-": '"-"'}

#: unit_label for gbp: the scale the values are in, and what is written after them.
GBP_SCALES = {"thousands": "k", "millions": "m", "billions": "bn"}
NO_LABEL_UNITS = ("percent", "days", "weeks")


def _short(text: str, most: int = 40) -> str:
    text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return text if len(text) <= most else text[: most - 1] + "…"


def _text_columns(table: RawTable, schema: dict):
    """Each free-text column as a Series: fields with an enum or a pattern are left to those
    checks, which refuse such cells already."""
    for field in schema.get("fields", []):
        cons = field.get("constraints", {})
        if field.get("type", "string") != "string" or "enum" in cons or "pattern" in cons:
            continue
        if field["name"] in table.header:
            yield field["name"], pd.Series(table.column(field["name"]), dtype="object")


def formula_problems(table: RawTable, schema: dict) -> list[Problem]:
    """Text cells that begin as a formula does (1.1), and texts a workbook cannot hold (1.2):
    longer than a spreadsheet cell, or holding a control character."""
    problems = []
    for name, cells in _text_columns(table, schema):
        hits = cells.str.match(FORMULA).fillna(False).astype(bool)
        for i in hits[hits].index:
            cell = cells[i]
            problems.append(Problem(
                table.path, table.numbers[int(i)], name,
                _('"{text}" begins with {lead}, so a spreadsheet would run it as a formula', text=_short(cell),
                  lead=_(_LEADS[cell[0]])),
                _('start the text with a word or a number; for a dash, write "- " with a space after it'),
                "formula"))
        long = cells.str.len() > MOST_CHARACTERS // 2
        bad = (cells.str.contains(CONTROL).fillna(False).astype(bool) | long) & ~hits
        # (a cell refused as a formula is not refused again for the carriage return or tab it begins with)
        for i in bad[bad].index:
            found = text_problem(cells[i])
            if found is not None:
                problems.append(Problem(table.path, table.numbers[int(i)], name, *found))
    return problems


def text_problem(text: str) -> tuple[str, str, str] | None:
    """(message, fix, code) for a text a workbook cannot hold (contract 1.2), else None."""
    length = len(text.encode("utf-16-le")) // 2  # (as a spreadsheet counts: beyond U+FFFF is two)
    if length > MOST_CHARACTERS:
        return (_("the text is {n} characters long; a spreadsheet cell holds at most {most}", n=length,
                  most=MOST_CHARACTERS),
                _("shorten it, or put the long text on a page of its own and link to it"), "text-length")
    found = CONTROL.search(text)
    if found is not None:
        char = found.group()
        what = _(_CONTROLS[char]) if char in _CONTROLS else _("a control character")
        return (_("the text holds {what} ({code}) after \"{before}\", which a reader cannot see", what=what,
                  code=f"U+{ord(char):04X}", before=_short(text[:found.start()][-20:], 20)),
                _("delete it: retype the text around it, or paste it as plain text; use a line break or a tab, "
                  "not another control character"), "control-character")
    return None


def future_problems(table: RawTable, parsed: dict[tuple[int, str], P.Period], as_of: date) -> list[Problem]:
    """Measurements for a period that starts after ``as_of``: a mistyped year would otherwise
    become the latest figure and hide the real one."""
    problems = []
    late = sorted((row, period) for (row, field), period in parsed.items() if field == "period" and period.start > as_of)
    for row, period in late:
        problems.append(Problem(
            table.path, row, "period",
            _('"{period}" starts on {start}, after {as_of}, the date the figures are as of', period=period.text,
              start=period.start.isoformat(), as_of=as_of.isoformat()),
            _("check the year; a figure cannot be published before its period begins "
              "(or build with --as-of a later date)"), "future-period"))
    return problems


def recovery_problems(table: RawTable, parsed: dict[tuple[int, str], P.Period]) -> list[Problem]:
    """Recovery promises that end before the row's own period begins."""
    problems = []
    for (row, _field), promised in sorted(k for k in parsed.items() if k[0][1] == "recovery_period"):
        own = parsed.get((row, "period"))
        if own is not None and promised.end < own.start:
            problems.append(Problem(
                table.path, row, "recovery_period",
                _('"{promised}" ends before this row\'s period, "{own}", begins', promised=promised.text, own=own.text),
                _("give the period by which performance is expected to be back on target: {own} or later",
                  own=own.text), "recovery-period"))
    return problems


def area_case_problems(table: RawTable) -> list[Problem]:
    """Area codes that differ only in letter case: their pages would share one address on a
    file system that does not tell case apart (as on Windows and macOS)."""
    problems: list[Problem] = []
    first: dict[str, tuple[str, int]] = {}
    for i, code in enumerate(table.column("code")):
        seen = first.setdefault(code.casefold(), (code, table.numbers[i]))
        if code and seen[0] != code:
            problems.append(Problem(
                table.path, table.numbers[i], "code",
                _('"{code}" differs from "{other}" (row {row}) only in upper and lower case', code=code,
                  other=seen[0], row=seen[1]),
                _("use one spelling for one area, or give the two areas different codes"), "area-code-case"))
    return problems


def unit_label_problems(table: RawTable) -> list[Problem]:
    """unit_label: a scale for gbp, free wording for rate, score and number, blank otherwise."""
    problems = []
    for i, rec in enumerate(table.records()):
        unit, label = rec.get("unit", ""), rec.get("unit_label", "")
        if label == "":
            continue
        row = table.numbers[i]
        if unit in NO_LABEL_UNITS:
            problems.append(Problem(table.path, row, "unit_label",
                                    _('unit {unit} takes no unit_label, but it says "{label}"', unit=unit,
                                      label=_short(label)),
                                    _("leave unit_label blank: values in {unit} are shown with their unit already",
                                      unit=unit),
                                    "unit-label"))
        elif unit == "gbp" and label not in GBP_SCALES:
            problems.append(Problem(table.path, row, "unit_label",
                                    _('"{label}" is not a scale for amounts in pounds', label=_short(label)),
                                    _("write thousands, millions or billions (values in £ thousands, shown as £400k; "
                                      "£ millions, as £0.4m; £ billions, as £1.2bn), or leave it blank for pounds"),
                                    "unit-label"))
    return problems
