"""Frozen reports on disk: ``reports/<slug>.json`` in the council's repository, each listed
in datapackage.json's ``reports`` (its period, path, date and SHA-256), committed with the
data. ``read_records`` reads and checks them for the build (a record edited by hand, or
one that is not a record, is a problem with its file and field, like bad data);
``freeze`` writes one. The only writers here are ``freeze`` and what it calls.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.lock import one_build_at_a_time
from build_site.core.model import Package
from build_site.core.problems import CannotContinue, Problem
from build_site.core.writer import write_atomic
from build_site.inputs import cover
from build_site.inputs import periods as P
from build_site.inputs.load import DESCRIPTOR, inside
from build_site.rating.report_check import wrong_field
from build_site.rating.reports import previous_of, record_of, report_period, slug

LISTED = "reports"  # datapackage.json's list of frozen reports
FOLDER = "reports"
_AGAIN = "freeze it again with build-site report freeze \"{period}\" --replace, or restore the file from git"


def _problem(file: str, where: str | None, message: str, fix: str) -> Problem:
    return Problem(file, None, where, message, fix, "report")


def _entries(descriptor: dict) -> tuple[list[dict], list[Problem]]:
    listed = descriptor.get(LISTED, [])
    if not isinstance(listed, list) or not all(isinstance(e, dict) and all(isinstance(e.get(k), str) for k in (
            "period", "path", "sha256")) for e in listed):
        return [], [_problem(DESCRIPTOR, LISTED, _("the list of frozen reports is not a list of reports, each with a "
                                                   "period, a path and a sha256"),
                             _("restore datapackage.json from git: build-site report freeze writes this list"))]
    return listed, []


def read_records(root: Path, descriptor: dict) -> tuple[tuple[dict, ...], list[Problem]]:
    """Every frozen report datapackage.json lists, checked, oldest period first."""
    listed, problems = _entries(descriptor)
    fy = (descriptor.get("reporting") or {}).get("financial_year_start_month", 4)
    records = []
    for k, entry in enumerate(listed):
        where, rel = f"{LISTED}[{k}]", entry["path"]
        path = inside(root, rel) if not Path(rel).is_absolute() and ".." not in Path(rel).parts else None
        if path is None or not path.is_file():
            problems.append(_problem(DESCRIPTOR, where + ".path", _("the frozen report {path} is missing", path=rel),
                                     _(_AGAIN, period=entry["period"])))
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            problems.append(_problem(rel, None, _("this frozen report has been changed since it was frozen, so it "
                                                  "is no longer what the council reported"),
                                     _(_AGAIN, period=entry["period"])))
            continue
        try:
            record = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            record = None
        wrong = wrong_field(record, entry["period"])
        if wrong is not None:
            problems.append(_problem(rel, wrong or None,
                                     _("this is not a frozen report of this version of build-site") if not wrong else
                                     _("this frozen report cannot be read: its field {field} is not as build-site "
                                       "writes it", field=wrong), _(_AGAIN, period=entry["period"])))
            continue
        try:
            order = _order(entry["period"], fy)
        except P.PeriodError as err:
            problems.append(_problem(DESCRIPTOR, where + ".period", str(err), _(_AGAIN, period=entry["period"])))
            continue
        records.append((order, record))
    return tuple(r for _order_, r in sorted(records, key=lambda x: x[0])), problems


def _order(period: str, fy: int) -> tuple[date, int]:
    """Reports in the order they are published: by the end of their period, and a year after the
    quarter that ends it."""
    found = P.parse_period(period, fy)
    return found.end, -found.start.toordinal()


def dumps(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def freeze(pkg: Package, period: str, as_of: date, replace: bool = False,
           progress: Callable[[str], None] = lambda _m: None) -> tuple[Path, dict]:
    """Write the record of the report for ``period`` and list it in datapackage.json (one at
    a time with builds in the council's folder)."""
    with one_build_at_a_time(pkg.root, progress):
        return _freeze(pkg, period, as_of, replace)


def ended(period: str, fy: int, as_of: date) -> P.Period:
    """The period a report is for, once it has ended by ``as_of`` (contract 1.2: a period is
    frozen only once it has ended), or CannotContinue saying when it ends."""
    found = report_period(period, fy)
    if found.end > as_of:
        raise CannotContinue(_("{period} ends on {end}, after {as_of}, the date the figures are as of: a report is "
                               "frozen only once its period has ended — freeze it on {end} or later (or give "
                               "--as-of a later date)", period=period, end=found.end.isoformat(),
                               as_of=as_of.isoformat()))
    return found


def _freeze(pkg: Package, period: str, as_of: date, replace: bool) -> tuple[Path, dict]:
    root = pkg.root
    fy = pkg.reporting.financial_year_start_month
    ended(period, fy, as_of)
    descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    listed = [e for e in descriptor.get(LISTED, []) if isinstance(e, dict)]
    if any(e.get("period") == period for e in listed) and not replace:
        raise CannotContinue(_("the report for {period} is already frozen — add --replace to freeze it again "
                               "(the old record stays in git's history)", period=period))
    record = record_of(pkg, period, as_of)
    data = dumps(record)
    rel = f"{FOLDER}/{slug(period)}.json"
    write_atomic(root / rel, data)
    entry = {"period": period, "path": rel, "as_of": as_of.isoformat(), "sha256": hashlib.sha256(data).hexdigest()}
    listed = [e for e in listed if e.get("period") != period] + [entry]
    listed.sort(key=lambda e: _order(e["period"], fy))
    descriptor[LISTED] = listed
    write_atomic(root / DESCRIPTOR, (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    cover_file = cover_path(root, period)
    if not cover_file.exists():  # (offered once: the officer's own front sheet is never overwritten)
        write_atomic(cover_file, cover.template(period, pkg.title).encode("utf-8"))
    return root / rel, record


def cover_path(root: Path, period: str) -> Path:
    """A report's cover file (contract 1.2): the front sheet of its PDF."""
    return root / FOLDER / f"{slug(period)}.cover.md"


def preview(pkg: Package, period: str, as_of: date) -> Path:
    """Write the draft of the report for ``period`` (its print HTML and PDF) into
    .cache/report-preview/<slug>/, freezing nothing; returns the folder."""
    from build_site.outputs.pages import env_for
    from build_site.outputs.report_pdf import pdf
    from build_site.site.families.reports import print_doc, print_html

    fy = pkg.reporting.financial_year_start_month
    report_period(period, fy)
    record = record_of(pkg, period, as_of)
    earlier = [r for r in pkg.reports if _order(r["period"], fy) < _order(period, fy)]
    env, before = env_for(fy), previous_of([*earlier, record], len(earlier))
    html = print_html(env, record, before, None)
    folder = pkg.root / ".cache" / "report-preview" / slug(period)
    write_atomic(folder / "report.html", html.encode("utf-8"))
    write_atomic(folder / "report.pdf", pdf(print_doc(env, record, before, None, pkg.logo)))
    return folder
