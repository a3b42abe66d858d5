"""A provider's own workbook (#32): ``workbook export --provider ID`` writes a workbook
holding only that provider's indicators' figures and commentary, with a guide addressed
to the provider (which figures are due, for which periods, by when); ``workbook import``
recognises it by the mark the export writes and accepts only rows of that provider's
indicators.

The mark is checked, never trusted alone: it must name a provider the package has, a
workbook under ``workbooks/providers/<id>/`` must carry that provider's mark, and every
row is checked to be one of that provider's indicators; a row of anyone else's is
refused by its sheet and cell, and then nothing is written. Rows the workbook does not
hold (every other provider's, and the council's) are kept exactly as they are.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.problems import CannotContinue, Problem
from build_site.core.vocabulary import date_words
from build_site.inputs.load import RawTable
from build_site.officer.xlsx_in import ReadWorkbook
from build_site.outputs.xlsx_out import PROVIDER_MARK
from build_site.rating import returns as R

SHEETS = ("measurements", "commentary")  # what a provider sends: its figures, and what it says about them
FOLDER = "workbooks/providers"  # the officer's path: workbooks/providers/<id>/*.xlsx
_PROPERTY = re.compile(rb'<(?:\w+:)?property\b[^>]*\bname="' + re.escape(PROVIDER_MARK.encode()) +
                       rb'"[^>]*>\s*<(?:\w+:)?lpwstr\b[^>]*>([^<]{1,200})</(?:\w+:)?lpwstr>')


def marked_provider(path: Path) -> str | None:
    """The provider a workbook is marked for (None: it is no provider's workbook)."""
    try:
        with zipfile.ZipFile(path) as archive:
            custom = archive.read("docProps/custom.xml") if "docProps/custom.xml" in archive.namelist() else b""
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, KeyError):
        return None
    found = _PROPERTY.search(custom)
    return found.group(1).decode("utf-8", "replace").strip() if found else None


def folder_provider(root: Path, path: Path) -> str | None:
    """The provider whose folder the workbook is in (workbooks/providers/<id>/), or None."""
    try:
        parts = Path(path).resolve().relative_to(Path(root).resolve() / FOLDER).parts
    except ValueError:
        return None
    return parts[0] if len(parts) > 1 else None


def guide_lines(council: str, provider: str, due: list[dict], as_of: date) -> list[str]:
    """The guide's opening, to the provider: who asks, and each figure due (or late)."""
    lines = [_("{council}: figures from {provider}", council=council, provider=provider),
             _("This workbook holds the figures {council} publishes for the services {provider} delivers, and what "
               "is said about them. Add each new figure, correct any that are wrong, and send the workbook back.",
               council=council, provider=provider)]
    owed = [r for r in due if r["state"] != R.RECEIVED]
    if owed:
        lines.append(_("As at {date}, these figures are due:", date=date_words(as_of)))
        for r in owed:
            facts = dict(title=r["title"], indicator=r["indicator"], period=r["period"],
                         due=date_words(date.fromisoformat(r["due"])))
            lines.append(_("{title} ({indicator}): the figure for {period}, due by {due}, now overdue.", **facts)
                         if r["state"] == R.OVERDUE else
                         _("{title} ({indicator}): the figure for {period}, due by {due}.", **facts))
    else:
        lines.append(_("As at {date}, no figure is due: every return has been received.", date=date_words(as_of)))
    lines.append(_("Only rows for these indicators can be sent in this workbook: a row for any other indicator is "
                   "refused, and then nothing is imported."))
    return lines


def scoped_tables(tables: dict[str, RawTable], mine: set[str]) -> dict[str, RawTable]:
    """The package's tables with only the provider's rows in its sheets (and, for the drop-down
    lists, only its indicators)."""
    out = dict(tables)
    for name in (*SHEETS, "indicators"):
        table = tables.get(name)
        if table is None:
            continue
        key = "id" if name == "indicators" else "indicator"
        at = table.header.index(key) if key in table.header else None
        kept = [(r, n) for r, n in zip(table.rows, table.numbers, strict=True)
                if at is not None and at < len(r) and r[at] in mine]
        out[name] = RawTable(table.name, table.path, table.header, tuple(r for r, _n in kept),
                             tuple(n for _r, n in kept))
    return out


def _refused(book: ReadWorkbook, name: str, provider: str, owner_of: dict[str, str],
             names: dict[str, str]) -> list[Problem]:
    """A problem at the cell of each row in the sheet ``name`` that is not the provider's."""
    table = book.tables.get(name)
    if table is None or "indicator" not in table.header:
        return []
    at = table.header.index("indicator")
    problems = []
    for row, n in zip(table.rows, table.numbers, strict=True):
        ind = row[at] if at < len(row) else ""
        if ind and owner_of.get(ind) != provider:
            owner = names.get(owner_of.get(ind, ""), "") if ind in owner_of else ""
            message = _('"{indicator}" belongs to {owner}, not {provider}', indicator=ind,
                        owner=owner or _("the council itself"), provider=names[provider]) if ind in owner_of else \
                _('"{indicator}" is not one of {provider}\'s indicators', indicator=ind, provider=names[provider])
            problems.append(Problem(name, n, "indicator", message,
                                    _("delete this row: only {provider}'s figures can be sent in this workbook",
                                      provider=names[provider]), "workbook"))
    return problems


def merged(book: ReadWorkbook, current: dict[str, RawTable], provider: str, owner_of: dict[str, str],
           names: dict[str, str]) -> ReadWorkbook:
    """The whole package as the provider's workbook would leave it: every table as it is, but
    the provider's rows of its sheets as the workbook has them; a row of anyone else's, a
    problem at its cell. (Problems stay on the workbook's own rows: the kept rows are the
    package's, already valid.)"""
    problems = [p for name in SHEETS for p in _refused(book, name, provider, owner_of, names)]
    tables = dict(current)
    for name in SHEETS:
        table, mine = book.tables.get(name), current.get(name)
        if table is None or mine is None or "indicator" not in mine.header:
            continue
        at = mine.header.index("indicator")
        kept = [r for r in mine.rows if not (at < len(r) and owner_of.get(r[at]) == provider)]
        offset = max(table.numbers, default=1) + 1  # (kept rows numbered after the sheet's, so never mistaken)
        tables[name] = RawTable(mine.name, mine.path, table.header, tuple(kept) + table.rows,
                                tuple(range(offset, offset + len(kept))) + table.numbers)
    missing = [Problem(name, None, None, _("the workbook has no sheet {sheet}", sheet=name),
                       _("export the provider's workbook again (build-site workbook export --provider {id}) and copy "
                         "your rows into it", id=provider), "workbook")
               for name in SHEETS if name not in book.tables and name not in book.refused]
    columns = {name: t.header for name, t in tables.items()}
    columns.update(book.columns)
    extra = tuple(name for name in book.tables if name not in SHEETS)  # (a sheet a provider may not send: left out)
    return ReadWorkbook(tables, book.problems + tuple(missing) + tuple(problems), book.ignored + extra, book.hidden,
                        columns, refused=book.refused)


def check_mark(root: Path, path: Path, marked: str | None, providers: dict) -> str | None:
    """The provider the workbook is for, or None for the council's own workbook; a mark that
    names no provider, or a provider's folder holding another's workbook, cannot go on."""
    folder = folder_provider(root, path)
    if marked is None and folder is None:
        return None
    if marked is None or marked not in providers:
        raise CannotContinue(_("{file} is not a provider's workbook build-site wrote for {provider} — export one "
                               "with build-site workbook export --provider {provider}",
                               file=Path(path).name, provider=folder or marked or "?"))
    if folder is not None and folder != marked:
        raise CannotContinue(_("{file} is {marked}'s workbook, but it is in {folder}'s folder — put it in "
                               "workbooks/providers/{marked}/", file=Path(path).name, marked=marked, folder=folder))
    return marked
