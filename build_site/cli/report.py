"""``build-site report``: freeze the quarterly report for a period, or preview it first (see
``reports`` and ``report_files``). Thin: the library does the work and says what happened."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from build_site.build import check
from build_site.cli.options import AS_OF, DIR
from build_site.core.catalogue import _, _n
from build_site.core.problems import CannotContinue
from build_site.officer.report_files import cover_path, freeze
from build_site.rating.reports import exceptions, slug

PERIOD = click.argument("period")


def _package(directory: Path, as_of: date):
    pkg, report = check(directory, as_of)
    if pkg is None:
        click.echo(report.to_text(), err=True)
        raise CannotContinue(_("the data have problems (listed above), so no report can be made — fix them, "
                               "then run the command again"))
    return pkg


@click.group()
def report() -> None:
    """The quarterly report: frozen as it was reported, with its page and PDF."""


@report.command("freeze")
@PERIOD
@DIR
@AS_OF
@click.option("--replace", is_flag=True, help="Freeze a period that is frozen already again.")
def freeze_command(period: str, directory: Path, as_of: date, replace: bool) -> None:
    """Freeze the report for PERIOD (such as "2026/27 Q2") into reports/, and list it in datapackage.json."""
    path, record = freeze(_package(directory, as_of), period, as_of, replace,
                          progress=lambda m: click.echo(m, err=True))
    n = len(exceptions(record))
    click.echo(_n("Froze the report for {period} into {file}: {n} exception. Commit it with the data; the next "
                  "build publishes it at reports/{slug}/.",
                  "Froze the report for {period} into {file}: {n} exceptions. Commit it with the data; the next "
                  "build publishes it at reports/{slug}/.", n, period=period, file=path, slug=slug(period)))
    click.echo(_("Its PDF opens with a front sheet from {file}: fill in the committee, the meeting's date and the "
                 "recommendations there, and commit it too.", file=cover_path(directory, period)))


@report.command("preview")
@PERIOD
@DIR
@AS_OF
def preview_command(period: str, directory: Path, as_of: date) -> None:
    """Write the draft report for PERIOD, page and PDF, into .cache/report-preview/, without freezing it."""
    from build_site.officer.report_files import preview

    folder = preview(_package(directory, as_of), period, as_of)
    click.echo(_("Wrote the draft report for {period} into {folder} (report.html and report.pdf). Nothing was "
                 "frozen.", period=period, folder=folder))
