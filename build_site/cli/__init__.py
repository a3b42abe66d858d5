"""The ``build-site`` command: a thin layer over the library.

Exit codes: 0 success (data valid), 1 invalid data or a build that cannot go
on, 2 usage error. Every "cannot go on" becomes a message here, in one place.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

import click

from build_site.build import build as run_build
from build_site.build import check, statuses_for
from build_site.cli.options import AS_OF, DIR
from build_site.cli.postcodes import postcodes
from build_site.cli.report import report
from build_site.cli.workbook import workbook
from build_site.core.catalogue import LANGUAGES, PSEUDO, _, _n
from build_site.core.problems import CannotContinue, Report, os_failure
from build_site.generators import NAMES
from build_site.rating import api
from build_site.rating import returns as R


def _site_url(ctx, param, value: str | None) -> str:
    """A site's address, as MkDocs wants it: http(s), ending with a slash. Blank: none."""
    value = (value or "").strip()
    if not value:
        return ""
    if not value.startswith(("https://", "http://")) or " " in value:
        raise click.BadParameter(_('"{value}" is not a web address — write it in full, e.g. {example}',
                                   value=value, example="https://example.org/performance/"))
    return value if value.endswith("/") else value + "/"


SITE_URL = click.option("--site-url", callback=_site_url, metavar="URL",
                        help="The site's address for this build (overrides site_url in mkdocs.yml), "
                             "e.g. https://example.org/performance/.")



def _annotate(report: Report) -> None:
    """On GitHub Actions, put each problem on its line in the pull request and in the job summary."""
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return
    for kind, found in (("error", report.problems), ("warning", report.warnings)):
        for p in found:
            where = f"file={p.file}" + (f",line={p.row}" if p.row else "")
            title = f"{p.field}: {p.code}" if p.field else p.code
            msg = f"{p.message} — {p.fix}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            click.echo(f"::{kind} {where},title={title.replace(',', '%2C').replace(':', '%3A')}::{msg}")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and report.problems:
        heads = [_("File"), _("Row"), _("Field"), _("Problem"), _("How to fix it")]
        lines = ["## " + _("Data problems"), "",
                 _n("{n} problem: nothing was built.", "{n} problems: nothing was built.", len(report.problems)), "",
                 "| " + " | ".join(heads) + " |", "|---|---|---|---|---|"]
        for p in report.problems:
            cells = [p.file, str(p.row or ""), p.field or "", p.message, p.fix]
            lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        with open(summary, "a", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")


def _summary_exceptions(markdown: str) -> None:
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if os.environ.get("GITHUB_ACTIONS") == "true" and summary:
        with open(summary, "a", encoding="utf-8") as f:
            f.write("## " + _("The data are valid") + "\n\n" + markdown)


def _show(report: Report, fmt: str, every_warning: bool = False) -> None:
    """The problems, every one; for valid data, the warnings: each one, or a line per kind with
    how many there are (GitHub's annotations carry every one either way)."""
    if fmt == "json":
        click.echo(report.to_json(), nl=False)
    elif not report.ok:
        click.echo(report.to_text(), err=True)
    elif report.warnings:
        click.echo("\n".join(report.warnings_text(per_file_limit=len(report.warnings)) if every_warning
                              else report.warnings_summary()), err=True)  # (--verbose: every one, however many)
    _annotate(report)


VERBOSE = click.option("--verbose", is_flag=True, help="List every warning (by default, a line per kind of "
                                                       "warning says how many there are).")


FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
                      help="How to print problems: for people, or JSON for machines.")


class _Group(click.Group):
    """Every "cannot go on" becomes a message and exit 1 here, and nowhere else."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise  # (click's own: usage errors exit 2)
        except CannotContinue as err:
            click.echo(_("Error: {reason}", reason=err), err=True)
        except OSError as err:
            click.echo(_("Error: {reason}", reason=os_failure(err)), err=True)
        except MemoryError:
            click.echo(_("Error: {reason}", reason=_("the computer ran out of memory — close other programs and "
                                                     "run the command again")), err=True)
        except Exception as err:  # noqa: BLE001 (a bug: said plainly, with a way to see the details)
            if os.environ.get("BUILD_SITE_DEBUG"):
                raise
            error = f"{type(err).__name__}: {err}"
            click.echo(_("Error: {reason}", reason=_(
                "build-site failed unexpectedly ({error}). This is a bug in build-site: please report it with the "
                "command you ran (BUILD_SITE_DEBUG=1 shows the details). Nothing was published.",
                error=error)), err=True)
        ctx.exit(1)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="build-site")
def cli() -> None:
    """Publish a council's performance data as an open, accessible website.

    DIRECTORY is the council's data repository (default: the current folder),
    holding datapackage.json, data/*.csv, mkdocs.yml and docs/.
    """


@cli.command()
@DIR
@AS_OF
@FORMAT
@click.option("--strict", is_flag=True, help="Treat warnings (texts with no translation in one of the site's "
                                              "other languages) as errors.")
@VERBOSE
def validate(directory: Path, as_of: date, fmt: str, strict: bool, verbose: bool) -> None:
    """Check the data package and list every problem, with file, row, field and how to fix it; and, as
    warnings, every text with no translation in one of the site's other languages."""
    pkg, report = check(directory, as_of)
    if strict and report.warnings:
        pkg, report = None, report.strict()
    _show(report, fmt, every_warning=verbose)
    if fmt == "text" and report.ok and pkg is not None:
        click.echo(_("The data package is valid: {indicators}, {measurements}.",
                     indicators=_n("{n} indicator", "{n} indicators", len(pkg.indicators)),
                     measurements=_n("{n} measurement", "{n} measurements", len(pkg.measurements))))
    sys.exit(0 if report.ok else 1)


@cli.command()
@DIR
@AS_OF
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to put the built site (default: DIRECTORY/site).")
@FORMAT
@click.option("--no-cache", is_flag=True,
              help="Build everything afresh: redraw every chart and render and build every page, reusing nothing "
                   "from .cache/.")
@SITE_URL
@click.option("--generator", type=click.Choice(NAMES),
              help="The static site generator: mkdocs (Material for MkDocs, with build-site's shortcuts where they "
                   "are tested), mkdocs-plain (without them) or zensical. Default: mkdocs.yml's "
                   "extra.build_site_generator, else mkdocs.")
@VERBOSE
def build(directory: Path, as_of: date, site_dir: Path | None, fmt: str, no_cache: bool, site_url: str,
          generator: str | None, verbose: bool) -> None:
    """Validate, rate and build the site. On any data error nothing is written."""
    started = time.perf_counter()
    result = run_build(directory, as_of, site_dir, progress=lambda m: click.echo(m, err=True),
                       use_cache=not no_cache, site_url=site_url or None, generator=generator)
    _show(result.report, fmt, every_warning=verbose)
    if not result.report.ok:
        sys.exit(1)
    if fmt == "text":
        click.echo(_("Done in {seconds} s. To look at the site, run build-site serve and open the address it "
                     "gives (a page opened straight from the folder shows its links as folders).",
                     seconds=f"{time.perf_counter() - started:.1f}"), err=True)
    _summary_exceptions(api.report_markdown(list(result.exception_rows), as_of.isoformat()))


@cli.command()
@DIR
@AS_OF
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "markdown", "json"]), default="table",
              show_default=True, help="table for the terminal, csv for a spreadsheet, markdown for a committee "
                                      "paper, json for machines.")
def exceptions(directory: Path, as_of: date, fmt: str) -> None:
    """The exception report: indicators that need attention, most serious first."""
    pkg, statuses, report = statuses_for(directory, as_of)
    if not report.ok or pkg is None or statuses is None:
        _show(report, "text")
        sys.exit(1)
    rows = api.exception_rows(pkg, statuses)
    if fmt == "csv":
        click.echo(api.report_csv(rows), nl=False)
    elif fmt == "markdown":
        click.echo(api.report_markdown(rows, as_of.isoformat()), nl=False)
    elif fmt == "json":
        click.echo(json.dumps({"as_of": as_of.isoformat(), "exceptions": rows}, indent=2, ensure_ascii=False))
    else:
        click.echo(api.report_table(rows, as_of.isoformat()))


@cli.command()
@DIR
@AS_OF
@click.option("--provider", metavar="ID", help="Only this provider's returns (its id in data/providers.csv).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True,
              help="table for the terminal, csv for a spreadsheet, json for machines.")
def returns(directory: Path, as_of: date, provider: str | None, fmt: str) -> None:
    """The returns schedule: the figure each provider owes for each indicator, received,
    awaited or overdue, most pressing first."""
    pkg, statuses, report = statuses_for(directory, as_of)
    if not report.ok or pkg is None or statuses is None:
        _show(report, "text")
        sys.exit(1)
    known = [p.id for p in pkg.providers]
    if provider is not None and provider not in known:
        raise click.BadParameter(_('"{value}" is not a provider — use one of {codes}', value=provider,
                                   codes=", ".join(known) or "—"), param_hint="--provider")
    due = R.schedule(pkg, statuses)
    records = R.rows(pkg, R.of_provider(due, provider) if provider is not None else due)
    if fmt == "csv":
        click.echo(api.csv_text(list(R.COLUMNS), [[r[c] for c in R.COLUMNS] for r in records]), nl=False)
    elif fmt == "json":
        click.echo(json.dumps({"as_of": as_of.isoformat(), "returns": records}, indent=2, ensure_ascii=False))
    else:
        click.echo(R.table(records, as_of))


def _languages(ctx, param, value: str) -> tuple[str, ...]:
    """--languages: codes build-site has a catalogue for, English first (the scaffold's pages are English)."""
    codes = tuple(c.strip() for c in value.split(",") if c.strip())
    known = tuple(c for c in LANGUAGES if c != PSEUDO)
    if not codes or codes[0] != "en" or len(set(codes)) != len(codes) or not set(codes) <= set(known):
        raise click.BadParameter(_("{value} is not a list of the languages build-site has words for, English "
                                   "first — use {codes}", value=repr(value),
                                   codes=" or ".join(",".join(known[:k + 1]) for k in range(len(known)))))
    return codes


@cli.command()
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name", help='The council\'s name, e.g. "Test Borough Council": set as the site\'s name, the '
                              "data package's title and publisher, and in the README.")
@click.option("--site-url", callback=_site_url, metavar="URL",
              help="The site's address, e.g. https://example.org/performance/ (for the sitemap and canonical "
                   "links; the GitHub workflow sets it from the Pages address on every deployment).")
@click.option("--languages", default="en", show_default=True, metavar="CODES", callback=_languages,
              help="The site's languages, the main one first: en (English alone), or en,cy for a site in English "
                   "and Welsh with the Welsh scaffold pages.")
@click.option("--welsh", is_flag=True, help="The same as --languages en,cy.")
def new(directory: Path, name: str | None, site_url: str, languages: tuple[str, ...], welsh: bool) -> None:
    """Create a new council's repository in DIRECTORY, ready to build (with the fictional sample data)."""
    from build_site.core.writer import write_files
    from build_site.officer.scaffold import scaffold_files

    if directory.exists() and not directory.is_dir():
        raise click.UsageError(_("{folder} is a file, not a folder — choose a new folder", folder=directory))
    if directory.exists() and any(directory.iterdir()):
        raise click.UsageError(_("{folder} is not empty — choose a new folder", folder=directory))
    bilingual = welsh or "cy" in languages
    files = scaffold_files(name.strip() if name and name.strip() else None, site_url, english_alone=not bilingual)
    write_files(directory, files)
    click.echo(_n("Created {n} file in {folder}. Next:", "Created {n} files in {folder}. Next:", len(files),
                  folder=directory) + f"\n  cd {directory}\n  build-site validate\n  build-site serve")


@cli.command()
@DIR
@AS_OF
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535),
              help="Port to serve on (localhost only).")
@VERBOSE
def serve(directory: Path, as_of: date, port: int, verbose: bool) -> None:
    """Build the site and preview it at http://127.0.0.1:PORT/, building it again whenever the data,
    docs/, overrides/ or mkdocs.yml change; the browser reloads by itself (Ctrl+C to stop)."""
    import http.server

    from build_site.officer import preview

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), http.server.SimpleHTTPRequestHandler,
                                             bind_and_activate=False)
    try:  # the port first, so that a port in use is said before anything is built
        server.server_bind()  # (it listens only once the site is built)
    except OSError as err:
        server.server_close()
        raise OSError(err.errno, err.strerror, _("port {port}", port=port)) from err  # (said as os_failure says it)
    status = preview.Status()

    def rebuild() -> bool:  # (the warnings one by one at the first build; then how many there are)
        result = run_build(directory, as_of, progress=lambda m: click.echo(m, err=True))
        _show(result.report, "text", every_warning=status.build == 0 and verbose)
        if not result.report.ok:
            status.failed(result.report.to_text())
            click.echo(_("Still serving the last good site: fix the problems above and save again."), err=True)
        return result.report.ok

    with server:
        if not rebuild():
            sys.exit(1)
        status.built()
        server.RequestHandlerClass = preview.handler_for(Path(directory).resolve() / "site", status)
        server.server_activate()
        address = f"http://127.0.0.1:{port}/"
        click.echo(_("Serving the site at {address} and watching for changes — press Ctrl+C to stop",
                     address=address),
                   err=True)
        preview.serve_forever(server, Path(directory).resolve(), rebuild, status,
                              lambda m: click.echo(m, err=True))


cli.add_command(workbook)
cli.add_command(report)
cli.add_command(postcodes)


def main() -> None:
    cli()
