"""An officer's spreadsheet in and out: ``workbook export`` writes the data-entry workbook;
``workbook import`` checks a filled-in one by the same rules as ``validate``, naming each
problem's sheet and cell, and only when every cell is right writes ``data/*.csv``,
changing exactly the rows that changed.

Rows are matched by their table's primary key. A row the workbook leaves as it was keeps
its CSV text to the byte (a figure is the same when it is the same number: 45 and 45.0),
so that an export imported with no edits changes nothing; revised rows stay where they
were, removed ones go, and new ones are added at the end in the workbook's order.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from build_site.core.catalogue import _, _n
from build_site.core.lock import one_build_at_a_time
from build_site.core.problems import CannotContinue, Problem
from build_site.core.writer import write_atomic
from build_site.inputs.load import DESCRIPTOR, RawPackage, RawTable, header_problems, load_raw, tables_of
from build_site.inputs.validate import validate
from build_site.officer import provider_books as PB
from build_site.officer.xlsx_in import cell_name, read_workbook
from build_site.outputs.xlsx_out import FIXED, MARK, entry_workbook, number_fields


@dataclass(frozen=True)
class Change:
    """One row of one table: added, revised (with what changed) or removed."""

    resource: str
    kind: str  # "added", "revised", "removed"
    key: tuple[str, ...]
    cells: tuple[tuple[str, str, str], ...] = ()  # (field, before, after) for a revised row
    row: int | None = None  # the row in the workbook's sheet (None for a row removed)
    refs: tuple[str, ...] = ()  # each changed cell's address in the workbook (Sheet!D12), as ``cells``


@dataclass(frozen=True)
class Imported:
    problems: tuple[str, ...] = ()  # each as "sheet!cell: what is wrong — how to fix it"
    changes: tuple[Change, ...] = ()
    written: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems


def _ours_as_written(path: Path) -> bool:
    """Whether ``path`` is an entry workbook this tool wrote and nobody has saved since
    (a spreadsheet that saves it sets its modified date; ours is always FIXED)."""
    try:
        with zipfile.ZipFile(path) as archive:
            custom = archive.read("docProps/custom.xml") if "docProps/custom.xml" in archive.namelist() else b""
            core = archive.read("docProps/core.xml") if "docProps/core.xml" in archive.namelist() else b""
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return f'name="{MARK}"'.encode() in custom and re.search(
        rb"<dcterms:modified[^>]*>" + re.escape(stamp) + rb"</dcterms:modified>", core) is not None


def export_target(root: Path, file: Path, force: bool = False) -> Path:
    """Where ``workbook export`` may write: a name ending .xlsx, in any folder, never a file
    of git's, and over an existing file only if it is an entry workbook this tool wrote and
    nobody has saved since (or ``force``: never over a folder or a file of git's)."""
    path = (file if file.is_absolute() else Path.cwd() / file).resolve()
    if path.suffix.lower() != ".xlsx":
        raise CannotContinue(_("{file} does not end in .xlsx, so it is not written — name the workbook to write, "
                               "for example workbooks/performance.xlsx", file=file))
    if ".git" in path.parts:
        raise CannotContinue(_("{file} is inside a .git folder, which git uses — write the workbook somewhere "
                               "else, for example workbooks/performance.xlsx", file=file))
    if path.exists() and not path.is_file():
        raise CannotContinue(_("{file} is a folder — name a file ending .xlsx", file=file))
    if path.exists() and not force and not _ours_as_written(path):
        raise CannotContinue(_("{file} exists and may hold work that is not in the data (it is not a workbook "
                               "build-site wrote, or it has been saved since) — import it first, choose another "
                               "name, or add --force to replace it", file=file))
    inside = path.is_relative_to(Path(root).resolve())
    if not path.parent.is_dir() and not inside:
        raise CannotContinue(_("the folder {folder} does not exist — create it, or name another folder",
                               folder=path.parent))
    return path


def export(root: Path, out: Path, as_of: date) -> int:
    """Write the data-entry workbook of the package at ``root``; return how many rows it holds."""
    raw = load_raw(Path(root))
    if raw.descriptor is None or raw.problems:
        first = raw.problems[0] if raw.problems else None
        raise CannotContinue(_("the data package cannot be read, so there is nothing to export: {problem}",
                               problem=str(first) if first else _("no datapackage.json")))
    write_atomic(Path(out), entry_workbook(raw.descriptor, raw.tables, as_of))
    return sum(len(t.rows) for t in raw.tables.values())


def export_provider(root: Path, out: Path, as_of: date, provider: str, due: list[dict]) -> int:
    """Write ``provider``'s own workbook (``provider_books``): its indicators' figures and
    commentary, and a guide naming each figure ``due`` (returns.rows); return its rows."""
    raw = load_raw(Path(root))
    if raw.descriptor is None or raw.problems or "providers" not in raw.tables or "indicators" not in raw.tables:
        raise CannotContinue(_("the data package cannot be read, or has no providers, so there is no provider's "
                               "workbook to export"))
    names = {r.get("id", ""): r.get("name", "") for r in raw.tables["providers"].records()}
    if provider not in names:
        raise CannotContinue(_('"{value}" is not a provider — use one of {codes}', value=provider,
                               codes=", ".join(names) or "—"))
    mine = {r.get("id", "") for r in raw.tables["indicators"].records() if r.get("provider", "") == provider}
    tables = PB.scoped_tables(raw.tables, mine)
    guide = PB.guide_lines(str(raw.descriptor.get("title", "")), names[provider], due, as_of)
    write_atomic(Path(out), entry_workbook(raw.descriptor, tables, as_of, only=PB.SHEETS, provider=provider,
                                           guide=guide))
    return sum(len(tables[n].rows) for n in PB.SHEETS if n in tables)


# --------------------------------------------------------------------------- problems by cell

def _column_of(p: Problem, header: tuple[str, ...]) -> int | None:
    """Which column of the sheet a problem is in (a second copy of a column, for a column
    named twice; the first blank name, for a blank one)."""
    first = (p.field or "").split(", ")[0]
    if p.code == "duplicate-column" and first in header:
        return len(header) - 1 - header[::-1].index(first)
    if first in header:
        return header.index(first)
    if p.row == 1 and p.field is None and "" in header:
        return header.index("")
    return None


def _at_cell(p: Problem, sheets: dict[str, str], columns: dict[str, tuple[str, ...]]) -> str:
    sheet = sheets.get(p.file, p.file)
    column = _column_of(p, columns.get(sheet, ()))
    if p.row is not None and column is not None:
        where = f"{sheet}!{cell_name(column, p.row)}"
    elif p.row is not None:
        where = _("{sheet} row {row}", sheet=sheet, row=p.row)
    else:
        where = sheet
    return f"{where}: {p.message} — {p.fix}"


def _check(root: Path, descriptor: dict, book, as_of: date) -> list[str]:
    if book.unreadable:  # (the file is no workbook: its one problem, and no list of sheets it lacks)
        return [f"{p.file}: {p.message} — {p.fix}" for p in book.problems]
    sheets = {r["path"]: r["name"] for r in tables_of(descriptor)}
    problems: list[Problem] = []
    tables, wrong = {}, set()
    for res in tables_of(descriptor):
        fields = [f["name"] for f in res["schema"]["fields"]]
        table = book.tables.get(res["name"])
        if table is None:
            if res["name"] not in book.refused:
                problems.append(Problem(res["name"], None, None,
                                        _("the workbook has no sheet {sheet}", sheet=res["name"]),
                                        _("export a new workbook (build-site workbook export) and copy your rows "
                                          "into it"), "workbook"))
            continue
        found = header_problems(res["name"], table.header, fields, ",".join(fields))
        problems += found
        if found:  # (as for a CSV file: a table whose header is wrong is not read further)
            wrong.add(res["name"])
        else:
            tables[res["name"]] = table
    problems += [p for p in book.problems if p.file not in wrong or p.row is None]
    refused = {(p.file, p.row, p.field) for p in problems}  # (a cell refused is not also said to be blank)
    report = validate(RawPackage(root, descriptor, tables), as_of)  # (the tables that could be read)
    problems += [p for p in report.problems if (sheets.get(p.file, p.file), p.row, p.field) not in refused]
    ordered = sorted(problems, key=lambda p: (sheets.get(p.file, p.file), p.row or 0, p.field or ""))
    return [_at_cell(p, sheets, book.columns) for p in ordered]


# --------------------------------------------------------------------------- what changed

def _same(a: str, b: str, numeric: bool) -> bool:
    if a == b:
        return True
    if numeric and a and b:
        try:
            return float(a) == float(b)
        except ValueError:
            return False
    return False


def _changes(res: dict, old: RawTable | None, new: RawTable) -> tuple[list[Change], bytes | None]:
    """What changed in one table, and its new CSV (None when nothing did)."""
    header = list(old.header) if old is not None else [f["name"] for f in res["schema"]["fields"]]
    numeric = number_fields(res)
    key_fields = res["schema"].get("primaryKey") or header
    as_dict = lambda table, row: {h: (row[i] if i < len(row) else "") for i, h in enumerate(table.header)}  # noqa: E731
    new_rows: dict[tuple[str, ...], dict[str, str]] = {}
    number: dict[tuple[str, ...], int] = {}
    for row, n in zip(new.rows, new.numbers, strict=True):
        d = as_dict(new, row)
        key = tuple(d.get(k, "") for k in key_fields)
        new_rows.setdefault(key, d)
        number.setdefault(key, n)
    ref = lambda key, field: f"{res['name']}!{cell_name(new.header.index(field), number[key])}" \
        if field in new.header else f"{res['name']}!{field}"  # noqa: E731
    changes, out, seen = [], [], set()
    for row in (old.rows if old is not None else ()):
        d = as_dict(old, row)
        key = tuple(d.get(k, "") for k in key_fields)
        seen.add(key)
        if key not in new_rows:
            changes.append(Change(res["name"], "removed", key))
            continue
        fresh = new_rows[key]
        cells = tuple((h, d.get(h, ""), fresh.get(h, "")) for h in header
                      if not _same(d.get(h, ""), fresh.get(h, ""), h in numeric))
        if cells:
            changes.append(Change(res["name"], "revised", key, cells, number[key],
                                  tuple(ref(key, f) for f, _a, _b in cells)))
            d = {h: (d[h] if _same(d.get(h, ""), fresh.get(h, ""), h in numeric) else fresh.get(h, "")) for h in header}
        out.append([d.get(h, "") for h in header])
    for key, d in new_rows.items():
        if key not in seen:
            changes.append(Change(res["name"], "added", key, row=number[key]))
            out.append([d.get(h, "") for h in header])
    if not changes:
        return [], None
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(out)
    return changes, buf.getvalue().encode("utf-8")


def import_workbook(root: Path, path: Path, as_of: date, write: bool = True,
                    progress: Callable[[str], None] = lambda _m: None) -> Imported:
    """Check the workbook at ``path``; if every cell is right, write the tables that changed
    (``write=False``: only say what would change). One at a time with builds in ``root``."""
    root = Path(root)
    if not (root / DESCRIPTOR).is_file():
        raise CannotContinue(_("there is no datapackage.json in {folder} — run the command in the council's "
                               "folder, or name that folder after the file", folder=root))
    with one_build_at_a_time(root, progress):
        return _import(root, Path(path), as_of, write)


def _import(root: Path, path: Path, as_of: date, write: bool) -> Imported:
    current = load_raw(root)
    if current.descriptor is None:
        raise CannotContinue(str(current.problems[0]) if current.problems else _("there is no datapackage.json"))
    descriptor = current.descriptor
    book = read_workbook(path, descriptor)
    providers = {r.get("id", ""): r.get("name", "") for r in current.tables["providers"].records()} \
        if "providers" in current.tables else {}
    provider = PB.check_mark(root, path, PB.marked_provider(path), providers)
    if provider is not None and not book.unreadable:  # (a provider's own workbook: its rows only)
        owner_of = {r.get("id", ""): r.get("provider", "") for r in current.tables["indicators"].records()}
        book = PB.merged(book, current.tables, provider, owner_of, providers)
    problems = _check(root, descriptor, book, as_of)
    notes = [_("sheet {sheet} is no table of the data package: left out", sheet=s) for s in book.ignored]
    notes += [_("sheet {sheet} is hidden: it was read all the same", sheet=s) for s in book.hidden]
    if problems:
        return Imported(tuple(problems), notes=tuple(notes))
    changes, files = [], {}
    for res in tables_of(descriptor):
        found, data = _changes(res, current.tables.get(res["name"]), book.tables[res["name"]])
        changes += found
        if data is not None:
            files[res["path"]] = data
    if write:
        for rel, data in files.items():  # (every file made first: a failure leaves data/ as it was)
            write_atomic(root / rel, data)
    return Imported((), tuple(changes), tuple(files) if write else (), tuple(notes))


def details(result: Imported) -> list[str]:
    """Each change, grouped by table: a revised cell as ``Sheet!D12: before → after`` (with its
    row's key), a row added by its place in the sheet, a row removed by its key."""
    lines = []
    for name in dict.fromkeys(c.resource for c in result.changes):
        lines.append(_("{table}:", table=name))
        for c in (c for c in result.changes if c.resource == name):
            key = ", ".join(k for k in c.key if k) or "—"
            if c.kind == "revised":
                lines += ["  " + _("{cell}: {before} → {after} ({key})", cell=r, before=a or "—", after=b or "—",
                                   key=key) for r, (_f, a, b) in zip(c.refs, c.cells, strict=True)]
            elif c.kind == "added":
                lines.append("  " + _("{sheet} row {row}: row added ({key})", sheet=name, row=c.row, key=key))
            else:
                lines.append("  " + _("row removed ({key})", key=key))
    return lines


def summary(result: Imported) -> list[str]:
    """Per table, in the order the changes come: rows added, revised and removed."""
    lines = []
    for name in dict.fromkeys(c.resource for c in result.changes):
        mine = [c for c in result.changes if c.resource == name]
        if not mine:
            continue
        counts = {k: sum(c.kind == k for c in mine) for k in ("added", "revised", "removed")}
        lines.append(_("{table}: {added}, {revised}, {removed}", table=name,
                       added=_n("{n} row added", "{n} rows added", counts["added"]),
                       revised=_n("{n} revised", "{n} revised", counts["revised"]),
                       removed=_n("{n} removed", "{n} removed", counts["removed"])))
    return lines or [_("Nothing changed: data/ is as it was.")]
