"""Frozen reports on disk: ``reports/<slug>.json`` in the council's repository, each listed
in datapackage.json's ``reports`` (its period, path, date and SHA-256), committed with the
data. ``read_records`` reads and checks them for the build (a record edited by hand, or
one that is not a record, is a problem with its file and field, like bad data);
``freeze`` writes one. The only writers here are ``freeze`` and what it calls.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from . import periods as P
from .catalogue import _
from .api import RISK_ORDER
from .load import DESCRIPTOR, inside
from .model import Package
from .problems import CannotContinue, Problem
from .reports import FORMAT, STATUSES, VERSION, record_of, report_period, slug
from .writer import write_atomic

LISTED = "reports"  # datapackage.json's list of frozen reports
FOLDER = "reports"
_AGAIN = "freeze it again with build-site report freeze \"{period}\" --replace, or restore the file from git"
_ITEM_KEYS = {"id": str, "title": str, "priority": str, "mode": str, "approach": str, "polarity": str, "unit": str,
              "unit_label": str, "decimals": int, "risk": str, "owner": str, "overdue": bool,
              "exception_rules": list, "commentary_missing": bool, "recovery_missed": bool, "run": int,
              "figures": list}


def _problem(file: str, where: str, message: str, fix: str) -> Problem:
    return Problem(file, None, where, message, fix, "report")


def _entries(descriptor: dict) -> tuple[list[dict], list[Problem]]:
    listed = descriptor.get(LISTED, [])
    if not isinstance(listed, list) or not all(isinstance(e, dict) and all(isinstance(e.get(k), str) for k in (
            "period", "path", "sha256")) for e in listed):
        return [], [_problem(DESCRIPTOR, LISTED, _("the list of frozen reports is not a list of reports, each with a "
                                                   "period, a path and a sha256"),
                             _("restore datapackage.json from git: build-site report freeze writes this list"))]
    return listed, []


def _check_record(record, period: str) -> str | None:
    """What is wrong with a record's shape ('' when nothing), as 'field: what'."""
    if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("version") != VERSION:
        return _("it is not a frozen report of this version of build-site")
    if record.get("period") != period or not isinstance(record.get("indicators"), list):
        return _("its period or its list of indicators is not what datapackage.json says")
    for k, item in enumerate(record["indicators"]):
        if not isinstance(item, dict):
            return f"indicators[{k}]"
        for key, kind in _ITEM_KEYS.items():
            if not isinstance(item.get(key), kind) or (kind is int and isinstance(item.get(key), bool)):
                return f"indicators[{k}].{key}"
        if item["risk"] not in RISK_ORDER:
            return f"indicators[{k}].risk"
        latest = item.get("latest")
        if latest is not None and (not isinstance(latest, dict) or latest.get("status") not in STATUSES
                                   or not isinstance(latest.get("period"), str)):
            return f"indicators[{k}].latest"
        gaps = item.get("local_gaps", [])  # (a record frozen before local gaps has none)
        if not isinstance(gaps, list) or not all(isinstance(c, str) for c in gaps):
            return f"indicators[{k}].local_gaps"
    areas = record.get("areas", [])
    if not isinstance(areas, list) or not all(isinstance(a, dict) and isinstance(a.get("code"), str)
                                              and isinstance(a.get("name"), str) for a in areas):
        return "areas"
    return None


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
        wrong = _check_record(record, entry["period"])
        if wrong is not None:
            problems.append(_problem(rel, None, _("this is not a frozen report build-site can read ({what})",
                                                  what=wrong), _(_AGAIN, period=entry["period"])))
            continue
        try:
            start = P.parse_period(entry["period"], fy).start
        except P.PeriodError as err:
            problems.append(_problem(DESCRIPTOR, where + ".period", str(err), _(_AGAIN, period=entry["period"])))
            continue
        records.append((start, record))
    return tuple(r for _start, r in sorted(records, key=lambda x: x[0])), problems


def dumps(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def freeze(pkg: Package, period: str, as_of: date, replace: bool = False) -> tuple[Path, dict]:
    """Write the record of the report for ``period`` and list it in datapackage.json."""
    root = pkg.root
    fy = pkg.reporting.financial_year_start_month
    report_period(period, fy)
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
    listed.sort(key=lambda e: P.parse_period(e["period"], fy).start)
    descriptor[LISTED] = listed
    write_atomic(root / DESCRIPTOR, (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return root / rel, record


def preview(pkg: Package, period: str, as_of: date) -> Path:
    """Write the draft of the report for ``period`` (its print HTML and PDF) into
    .cache/report-preview/<slug>/, freezing nothing; returns the folder."""
    from .families.reports import print_doc, print_html
    from .pages import env_for
    from .report_pdf import pdf

    fy = pkg.reporting.financial_year_start_month
    start = report_period(period, fy).start
    record = record_of(pkg, period, as_of)
    earlier = [r for r in pkg.reports if P.parse_period(r["period"], fy).start < start]
    env, before = env_for(fy), earlier[-1] if earlier else None
    html = print_html(env, record, before, None)
    folder = pkg.root / ".cache" / "report-preview" / slug(period)
    write_atomic(folder / "report.html", html.encode("utf-8"))
    write_atomic(folder / "report.pdf", pdf(print_doc(env, record, before, None, pkg.logo)))
    return folder
