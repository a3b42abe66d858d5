"""The returns schedule (#32, contract 1.2): what each provider owes, received, awaited or
overdue, read here independently from the contract's words and the package's files, and
at the boundaries of the due-date rule."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from build_site.build import statuses_for
from build_site.cli import cli
from build_site.inputs import periods as P

from .conftest import read_rows, write_rows


def _returns(repo, as_of: str, *extra: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["returns", str(repo), "--as-of", as_of, "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["returns"]


def _as_it_was(repo, as_of: date) -> None:
    """The sample as it would have been on ``as_of``: no row for a period that had not begun,
    and no frozen report."""
    fy = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))["reporting"]["financial_year_start_month"]
    for name, column in (("measurements", 1), ("targets", 1), ("commentary", 1), ("benchmarks", 1)):
        rows = read_rows(repo, name)
        write_rows(repo, name, rows[:1] + [r for r in rows[1:] if P.parse_period(r[column], fy).start <= as_of])
    for path in (repo / "reports").glob("*"):
        path.unlink()
    package = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    package.pop("reports", None)
    (repo / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")


def _oracle(repo, as_of: date) -> dict[str, tuple[str, str, str]]:
    """indicator → (period, due date, state), from the contract's words: a figure is due for
    each period whose end is on or before as_of, from the first measured one on; its due date
    is the period's end plus the lag; received when a council-wide row exists; one row per
    indicator, its oldest outstanding return, or its latest received when none is."""
    package = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    fy = package.get("reporting", {}).get("financial_year_start_month", 4)
    lag = package.get("reporting", {}).get("reporting_lag_days", 90)
    have: dict[str, set[str]] = {}
    for ind, period, area, *_rest in read_rows(repo, "measurements")[1:]:
        if area == "":
            have.setdefault(ind, set()).add(period)
    out = {}
    for ind, periods in have.items():
        parsed = sorted((P.parse_period(p, fy) for p in periods), key=lambda p: p.start)
        p = parsed[0]
        outstanding = None
        while p.end <= as_of:  # every due period, oldest first
            if p.text not in periods and p.start > parsed[-1].start:
                outstanding = p
                break
            p = P.next_period(p, fy)
        if outstanding is None:
            latest = parsed[-1]
            out[ind] = (latest.text, (latest.end + timedelta(days=lag)).isoformat(), "received")
        else:
            due = outstanding.end + timedelta(days=lag)
            out[ind] = (outstanding.text, due.isoformat(), "overdue" if as_of >= due else "awaited")
    return out


@pytest.mark.parametrize("as_of", ["2026-11-25", "2027-02-01"])
def test_the_schedule_on_the_sample_agrees_with_an_independent_reading_of_the_rule(sample, as_of):
    said = {r["indicator"]: (r["period"], r["due"], r["state"]) for r in _returns(sample, as_of)}
    assert said == _oracle(sample, date.fromisoformat(as_of))
    assert {s for _p, _d, s in said.values()} == {"received", "awaited", "overdue"} or as_of != "2026-11-25"


# (as_of, period, state) for the sample's leisure memberships: figures to 2025/26 Q4, so
# 2026/27 Q1 (April to June 2026) is next; it ends 30 June and is due 90 days later, 28 September
@pytest.mark.parametrize("as_of, period, state", [
    ("2026-06-29", "2025/26 Q4", "received"),  # Q1 not yet ended: nothing outstanding
    ("2026-06-30", "2026/27 Q1", "awaited"),  # the day Q1 ends: owed, not yet due
    ("2026-09-27", "2026/27 Q1", "awaited"),  # the last day before it is due
    ("2026-09-28", "2026/27 Q1", "overdue"),  # its due date: overdue from it on
    ("2026-09-29", "2026/27 Q1", "overdue"),
])
def test_the_due_date_rule_at_its_boundaries(sample, as_of, period, state):
    _as_it_was(sample, date.fromisoformat(as_of))
    mine = [r for r in _returns(sample, as_of, "--provider", "active-leisure-trust")
            if r["indicator"] == "leisure-memberships"]
    assert [(r["period"], r["state"]) for r in mine] == [(period, state)]
    assert all(r["provider"] == "active-leisure-trust" for r in _returns(sample, as_of, "--provider",
                                                                         "active-leisure-trust"))


def test_a_return_is_overdue_exactly_when_the_indicator_is(sample):
    returns = {r["indicator"]: r["state"] for r in _returns(sample, "2026-11-25")}
    _pkg, statuses, _report = statuses_for(sample, date(2026, 11, 25))
    overdue = {i for i, st in statuses.by_id.items() if st.overdue}
    assert {i for i, s in returns.items() if s == "overdue"} == overdue


def test_returns_as_a_table_and_csv_and_an_unknown_provider(sample):
    table = CliRunner().invoke(cli, ["returns", str(sample), "--as-of", "2026-11-25"])
    assert table.exit_code == 0 and "Overdue" in table.output and "As at 25 November 2026:" in table.output
    csv = CliRunner().invoke(cli, ["returns", str(sample), "--as-of", "2026-11-25", "--format", "csv"])
    assert csv.output.splitlines()[0] == "provider,provider_name,indicator,title,period,due,state"
    wrong = CliRunner().invoke(cli, ["returns", str(sample), "--provider", "nobody"])
    assert wrong.exit_code == 2 and '"nobody" is not a provider' in wrong.output and "Traceback" not in wrong.output
