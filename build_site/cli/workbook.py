"""``build-site workbook``: an officer's spreadsheet out and back in (see ``workbook``).
Thin, like the rest of the command: the library does the work and says what happened."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import click

from build_site.build import statuses_for
from build_site.cli.options import AS_OF, DIR
from build_site.core.catalogue import N_, _, _n
from build_site.core.problems import CannotContinue
from build_site.officer.workbook import (
    Imported,
    details,
    export,
    export_provider,
    export_target,
    import_workbook,
    summary,
)
from build_site.rating import returns as R

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
            cells = "; ".join(f"{r}: {a or '—'} → {b or '—'}" for r, (_f, a, b) in zip(c.refs, c.cells, strict=True))
            lines.append(f"| {c.resource} | {_(_KINDS[c.kind])} | {_cell(', '.join(c.key))} | {_cell(cells)} |")
    with open(target, "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


@click.group()
def workbook() -> None:
    """Spreadsheets in and out: a data-entry workbook for officers, checked and imported back."""




@workbook.command("export")
@click.argument("file", type=click.Path(path_type=Path), required=False)
@DIR
@AS_OF
@click.option("--force", is_flag=True, help="Replace FILE even if it is not a workbook build-site wrote.")
@click.option("--provider", metavar="ID", help="A provider's own workbook: only its indicators' figures and "
              "commentary, with a guide to what is due (its id in data/providers.csv).")
@click.option("--all-providers", type=click.Path(file_okay=False, path_type=Path), metavar="FOLDER",
              help="One provider's workbook for each provider, into FOLDER as <id>.xlsx.")
def export_command(file: Path | None, directory: Path, as_of: date, force: bool, provider: str | None,
                   all_providers: Path | None) -> None:
    """Write FILE.xlsx (in any folder): every table of the data package as a sheet, ready to fill in.
    An existing file is replaced only if it is a workbook build-site wrote and nobody has saved since."""
    if all_providers is None and file is None:
        raise click.UsageError(_("name the workbook to write (FILE), or a folder with --all-providers"))
    if all_providers is None and provider is None and file is not None:
        path = export_target(directory, file, force)
        rows = export(directory, path, as_of)
        click.echo(_n("Wrote {file}: {n} row of data, with a guide on its first sheet.",
                      "Wrote {file}: {n} rows of data, with a guide on its first sheet.", rows, file=file))
        return
    pkg, statuses, report = statuses_for(directory, as_of)
    if pkg is None or statuses is None:
        raise CannotContinue(_("the data package has problems, so no provider's workbook can be written: run "
                               "build-site validate to see them"))
    due = R.schedule(pkg, statuses)
    chosen = [(p.id, all_providers / f"{p.id}.xlsx") for p in pkg.providers] if all_providers is not None \
        else [(str(provider), Path(str(file)))]
    for pid, named in chosen:
        target = export_target(directory, named, force)
        rows = export_provider(directory, target, as_of, pid, R.rows(pkg, R.of_provider(due, pid)))
        click.echo(_n("Wrote {file} for {provider}: {n} row of data, with a guide to what is due.",
                      "Wrote {file} for {provider}: {n} rows of data, with a guide to what is due.", rows,
                      file=target, provider=pid))


@workbook.command("import")
@click.argument("file", type=click.Path(exists=True, path_type=Path))
@DIR
@AS_OF
@click.option("--dry-run", is_flag=True, help="Check the workbook and say what would change; write nothing.")
def import_command(file: Path, directory: Path, as_of: date, dry_run: bool) -> None:
    """Check FILE.xlsx (from any folder) by the same rules as validate and, if every cell is right,
    write data/*.csv."""
    path = file.resolve()
    result = import_workbook(directory, path, as_of, write=not dry_run,
                             progress=lambda m: click.echo(m, err=True))
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
    if dry_run:  # (each change, by table and cell, before the counts)
        for line in details(result):
            click.echo(line)
    for line in summary(result):
        click.echo(line)
    if dry_run:
        click.echo(_("(A dry run: nothing was written.)"))
