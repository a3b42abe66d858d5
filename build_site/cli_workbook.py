"""``build-site workbook``: an officer's spreadsheet out and back in (see ``workbook``).
Thin, like the rest of the command: the library does the work and says what happened."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from .catalogue import N_, _, _n
from .cli_options import AS_OF, DIR
from .problems import CannotContinue
from .workbook import Imported, export, import_workbook, summary


def _inside(directory: Path, file: Path) -> Path:
    """The workbook's path, which must be inside the repository (nothing is read or written outside it)."""
    root, path = directory.resolve(), (file if file.is_absolute() else Path.cwd() / file).resolve()
    if not path.is_relative_to(root):
        raise CannotContinue(_("{file} is outside the repository {folder} — put the workbook inside it (for "
                               "example in workbooks/), then run the command again", file=file, folder=root))
    return path


_KINDS = {"added": N_("added"), "revised": N_("revised"), "removed": N_("removed")}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _job_summary(result: Imported, file: Path) -> None:
    """On GitHub Actions: the problems by sheet and cell, or what will change, row by row."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if os.environ.get("GITHUB_ACTIONS") != "true" or not target:
        return
    if not result.ok:
        lines = ["## " + _("The workbook {file} needs correcting", file=file.name), "",
                 _n("{n} problem: nothing was imported.", "{n} problems: nothing was imported.", len(result.problems)),
                 "", "| " + _("Cell") + " | " + _("Problem") + " | " + _("How to fix it") + " |", "|---|---|---|"]
        for p in result.problems:
            where, _sep, rest = p.partition(": ")
            message, _dash, fix = rest.partition(" — ")
            lines.append(f"| {_cell(where)} | {_cell(message)} | {_cell(fix)} |")
    else:
        lines = ["## " + _("What the workbook {file} changes", file=file.name), "", *summary(result), "",
                 "| " + _("Table") + " | " + _("Change") + " | " + _("Row") + " | " + _("Before → after") + " |",
                 "|---|---|---|---|"]
        for c in result.changes:
            cells = "; ".join(f"{f}: {a or '—'} → {b or '—'}" for f, a, b in c.cells)
            lines.append(f"| {c.resource} | {_(_KINDS[c.kind])} | {_cell(', '.join(c.key))} | {_cell(cells)} |")
    with open(target, "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


@click.group()
def workbook() -> None:
    """Spreadsheets in and out: a data-entry workbook for officers, checked and imported back."""




@workbook.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DIR
@AS_OF
def export_command(file: Path, directory: Path, as_of: date) -> None:
    """Write FILE.xlsx: every table of the data package as a sheet, ready to fill in."""
    path = _inside(directory, file)
    rows = export(directory, path, as_of)
    click.echo(_n("Wrote {file}: {n} row of data, with a guide on its first sheet.",
                  "Wrote {file}: {n} rows of data, with a guide on its first sheet.", rows, file=file))


@workbook.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DIR
@AS_OF
@click.option("--dry-run", is_flag=True, help="Check the workbook and say what would change; write nothing.")
def import_command(file: Path, directory: Path, as_of: date, dry_run: bool) -> None:
    """Check FILE.xlsx by the same rules as validate and, if every cell is right, write data/*.csv."""
    path = _inside(directory, file)
    result = import_workbook(directory, path, as_of, write=not dry_run)
    for note in result.notes:
        click.echo(_("Note: {note}", note=note), err=True)
    _job_summary(result, path)
    if not result.ok:
        for line in result.problems:
            click.echo(line, err=True)
        click.echo(_n("{n} problem in the workbook. Nothing was imported: fix it and import again.",
                      "{n} problems in the workbook. Nothing was imported: fix them and import again.",
                      len(result.problems)), err=True)
        sys.exit(1)
    for line in summary(result):
        click.echo(line)
    if dry_run:
        click.echo(_("(A dry run: nothing was written.)"))
