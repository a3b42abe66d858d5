"""Frozen reports (contract 1.1): what the council reported for a period, as it stood.

``freeze`` works out a report's record from the data: every indicator rated as of a date
with only the figures for periods that end by the end of the report's period, as plain
JSON-ready values. From then on the report's page and PDF are made from that record alone
(``families/reports``); the only thing the current data add is a mark beside a figure that
has since been revised (``revisions``). What changed since the report before is worked out
from the two records (``changes``). Pure: values in, values out (``report_files`` reads and
writes the records).
"""

from __future__ import annotations

import dataclasses
import math
from datetime import date

from build_site.core.catalogue import _
from build_site.core.model import Indicator, Package
from build_site.core.problems import CannotContinue
from build_site.inputs import periods as P
from build_site.rating.api import exception_key
from build_site.rating.rows import rows_of
from build_site.rating.status import compute
from build_site.rating.summaries import run_of

FORMAT = "build-site frozen report"
VERSION = 1
CHART_FIGURES = 24  # the latest figures of an exception kept for its chart
RECENT = 3  # the latest figures of every indicator kept for the scorecard (1.2)


def slug(period: str) -> str:
    """'2026/27 Q2' -> '2026-27-q2' (the report's address, reports/<slug>/)."""
    return period.lower().replace("/", "-").replace(" ", "-")


def report_period(text: str, fy: int) -> P.Period:
    """The period a report is for, or CannotContinue saying how to write one."""
    try:
        return P.parse_period(text, fy)
    except P.PeriodError as err:
        raise CannotContinue(_("the report period {text} is not a period: {reason}", text=repr(text),
                               reason=err)) from err


def _num(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)


def as_it_stood(pkg: Package, period: P.Period) -> Package:
    """The package with only the figures for periods that end by the end of ``period``."""
    fy = pkg.reporting.financial_year_start_month
    m = pkg.measurements
    ends = {t: P.parse_period(t, fy).end for t in m["period"].unique()}
    kept = m[m["period"].map(ends) <= period.end].reset_index(drop=True)
    return dataclasses.replace(pkg, measurements=kept)


def _commentary(pkg: Package, ind_id: str, period: str) -> dict | None:
    notes = pkg.commentary
    mine = notes[(notes["indicator"] == ind_id) & (notes["period"] == period)]
    if mine.empty:
        return None
    row = mine.iloc[0]
    return {k: (str(row[k]) if isinstance(row[k], str) and row[k] != "" else None)
            for k in ("commentary", "action", "action_owner", "recovery_period")}


def _history(council: list[dict], latest: str | None, fy: int) -> dict:
    """The scorecard's figures (1.2): the latest three council-wide figures up to the latest one,
    and the figure for the same period a year before it, as [period, value] (None without one)."""
    if latest is None:
        return {"recent": [], "year_before": None}
    now = P.parse_period(latest, fy)
    upto = [x for x in council if x["start"] <= now.start]
    earlier = now.start.replace(year=now.start.year - 1)
    before = next((x for x in council if x["start"] == earlier and x["end"] < now.start and
                   P.parse_period(x["period"], fy).kind == now.kind), None)
    return {"recent": [[x["period"], _num(x["value"])] for x in upto[-RECENT:]],
            "year_before": None if before is None else [before["period"], _num(before["value"])]}


def promises_of_year(then: Package, by_ind: dict, year: P.Period) -> list[dict]:
    """The recovery promises that fell due in ``year`` (1.2, a yearly report), each kept or missed:
    a commentary row's ``recovery_period`` that ends within the year, judged at the indicator's
    first council-wide figure for a period ending on or after the promised period's end: kept
    when that figure is on target (within the floor, for a managed decline), missed when it is
    not or is blank, and not yet known (``kept`` None) with no such figure by the year's end.
    One entry per indicator and promised period, the earliest row that made it; by title."""
    fy = then.reporting.financial_year_start_month
    titles = {i.id: i.title for i in then.indicators}
    found: dict[tuple[str, str], dict] = {}
    notes = then.commentary
    for ind, period, promised in sorted(zip(notes["indicator"], notes["period"], notes["recovery_period"],
                                            strict=True), key=lambda n: (n[0], P.parse_period(n[1], fy).start)):
        if not isinstance(promised, str) or not promised or (ind, promised) in found or ind not in titles:
            continue
        due = P.parse_period(promised, fy)
        if not year.start <= due.end <= year.end:
            continue
        after = [x for x in by_ind.get(ind, []) if x["area"] == "" and x["end"] >= due.end]
        judged = after[0] if after else None
        found[(ind, promised)] = {
            "id": ind, "title": titles[ind], "made": period, "promised": promised,
            "judged": judged["period"] if judged else None,
            "kept": None if judged is None else (judged["status"] == "on-target" and judged["value"] is not None)}
    return sorted(found.values(), key=lambda p: (p["title"].casefold(), p["id"], p["promised"]))


def record_of(pkg: Package, period_text: str, as_of: date) -> dict:
    """A report's record: everything its page and PDF show, with the figures as they stand."""
    fy = pkg.reporting.financial_year_start_month
    period = report_period(period_text, fy)
    then = as_it_stood(pkg, period)
    if then.measurements[then.measurements["area"] == ""].empty:
        raise CannotContinue(_("there are no figures for {period} or before it, so there is nothing to report — "
                               "check the period, or add its figures to data/measurements.csv first",
                               period=period_text))
    statuses = compute(then, as_of)
    rows = rows_of(then, statuses)
    items = []
    for ind in pkg.indicators:
        st = statuses[ind.id]
        council = [x for x in rows.by_ind.get(ind.id, []) if x["area"] == ""]
        run = run_of(council)
        latest = st.latest
        items.append({
            "id": ind.id, "title": ind.title, "priority": ind.priority, "mode": ind.mode, "approach": ind.approach,
            "polarity": ind.polarity, "unit": ind.unit, "unit_label": ind.unit_label, "decimals": ind.decimals,
            "risk": ind.risk, "owner": ind.owner, "provider": ind.provider,
            "latest": None if latest is None else {
                "period": latest.period, "value": _num(latest.value), "target": _num(latest.target),
                "status": latest.status, "direction": latest.direction},
            "overdue": st.overdue, "next_due": st.next_due_period, "exception_rules": list(st.exception_rules),
            "commentary_missing": st.commentary_missing, "recovery_period": st.recovery_period,
            "recovery_missed": st.recovery_missed, "run": run.length if run else 0,
            "local_gaps": list(st.local_gaps),
            "commentary": _commentary(then, ind.id, latest.period) if latest else None,
            "figures": [[x["period"], _num(x["value"]), _num(x["target"]), _num(x["low"]), _num(x["high"])]
                        for x in council[-CHART_FIGURES:]] if st.exception else [],
            **_history(council, latest.period if latest else None, fy),
        })
    record = {"format": FORMAT, "version": VERSION, "period": period_text, "as_of": as_of.isoformat(),
              "council": pkg.title, "reporting": dataclasses.asdict(pkg.reporting),
              "priorities": [{"id": p.id, "title": p.title} for p in pkg.priorities_in_order()],
              "areas": [{"code": a.code, "name": a.name} for a in pkg.areas],
              "providers": [{"id": p.id, "name": p.name, "type": p.type} for p in pkg.providers],  # (1.2)
              "indicators": items}
    if is_year(period):  # (a yearly report: the year's promises, kept and missed)
        record["promises"] = promises_of_year(then, rows.by_ind, period)
    return record


def is_year(period: P.Period) -> bool:
    """A financial or calendar year, frozen as the annual report (contract 1.2)."""
    return period.months == 12


def is_annual(record: dict) -> bool:
    return is_year(P.parse_period(record["period"], record["reporting"]["financial_year_start_month"]))


def title_of(record: dict, period: str | None = None) -> str:
    """A report's title: 'Performance report: 2026/27 Q2', or for a year 'Annual performance
    report: 2026/27' (``period``: the period in other words, such as with its months)."""
    said = period or record["period"]
    if is_annual(record):
        return _("Annual performance report: {period}", period=said)
    return _("Performance report: {period}", period=said)


def quarters_of(records: tuple[dict, ...] | list[dict], k: int) -> tuple[dict, ...]:
    """For a yearly report, the frozen reports of periods within its year (its quarters or months),
    oldest first; none for another report."""
    if not is_annual(records[k]):
        return ()
    fy = records[k]["reporting"]["financial_year_start_month"]
    year = P.parse_period(records[k]["period"], fy)
    return tuple(r for r in records if not is_annual(r) and year.contains(P.parse_period(r["period"], fy)))


def previous_of(records: tuple[dict, ...] | list[dict], k: int) -> dict | None:
    """The report before ``records[k]`` to compare it with: the year before a yearly report's,
    the quarter or month before another's (a yearly report is not one of the quarters)."""
    annual = is_annual(records[k])
    earlier = [r for r in records[:k] if is_annual(r) == annual]
    return earlier[-1] if earlier else None


# --------------------------------------------------------------------------- reading a record

def indicator_of(item: dict) -> Indicator:
    """A record's indicator entry as an Indicator, for its figures' formatting and words."""
    return Indicator(id=item["id"], title=item["title"], priority=item["priority"], mode=item["mode"],
                     approach=item["approach"], polarity=item["polarity"], unit=item["unit"],
                     decimals=item["decimals"], frequency="", risk=item["risk"], unit_label=item["unit_label"],
                     owner=item["owner"])


STATUSES = ("on-target", "near-target", "off-target", "data-only", "no-data")


def counts(record: dict, mode: str) -> dict[str, int]:
    """How many of the report's indicators in ``mode`` had each rating."""
    out = dict.fromkeys(STATUSES, 0)
    for i in record["indicators"]:
        if i["mode"] == mode:
            out[i["latest"]["status"] if i["latest"] else "no-data"] += 1
    return out


def directions(record: dict) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in record["indicators"]:
        d = (i["latest"] or {}).get("direction") or "none"
        out[d] = out.get(d, 0) + 1
    return out


def local_gaps(record: dict) -> list[tuple[dict, list[str]]]:
    """The report's local gaps: (indicator, the names of its areas off target), by the
    priorities' order and then title. A record frozen before local gaps has none."""
    names = {a["code"]: a["name"] for a in record.get("areas", [])}
    prio = {p["id"]: k for k, p in enumerate(record.get("priorities", []))}
    found = [i for i in record["indicators"] if i.get("local_gaps")]
    found.sort(key=lambda i: (prio.get(i["priority"], len(prio)), i["title"].casefold(), i["id"]))
    return [(i, [names.get(c, c) for c in i["local_gaps"]]) for i in found]


def exceptions(record: dict) -> list[dict]:
    """The report's exceptions, most serious first, in the live exception report's order
    (``api.exception_key``)."""
    prio = {p["id"]: k for k, p in enumerate(record.get("priorities", []))}
    return sorted((i for i in record["indicators"] if i["exception_rules"]),
                  key=lambda i: exception_key(i["risk"], i["exception_rules"], prio.get(i["priority"], 0), i["id"]))


@dataclasses.dataclass(frozen=True)
class Changes:
    """What changed since the report before: ids of new and resolved exceptions, and
    (id, rating before, rating now) of ratings that moved."""

    previous: str | None  # the report before's period
    new: tuple[str, ...] = ()
    resolved: tuple[str, ...] = ()
    moved: tuple[tuple[str, str | None, str | None], ...] = ()  # (a rating is None with no figures)


def _rating(item: dict | None) -> str | None:
    return None if item is None else (item["latest"]["status"] if item["latest"] else "no-data")


def changes(record: dict, previous: dict | None) -> Changes:
    if previous is None:
        return Changes(None)
    before = {i["id"]: i for i in previous["indicators"]}
    now = {i["id"]: i for i in record["indicators"]}
    was = {k for k, i in before.items() if i["exception_rules"]}
    is_ = {k for k, i in now.items() if i["exception_rules"]}
    moved = tuple((k, _rating(before[k]), _rating(i)) for k, i in sorted(now.items())
                  if k in before and _rating(before[k]) != _rating(i))
    return Changes(previous["period"], tuple(sorted(is_ - was)), tuple(sorted(was - is_)), moved)


def revisions(record: dict, current: dict[tuple[str, str], float | None] | None) -> dict[str, float | None]:
    """{indicator id: its figure now} for each latest figure in the report that the data
    have since revised (``current``: the council-wide figures now, by (indicator, period);
    None for a draft, made from the data as they are, so nothing in it is revised)."""
    out: dict[str, float | None] = {}
    if current is None:
        return out
    for i in record["indicators"]:
        latest = i["latest"]
        if latest is None:
            continue
        now = current.get((i["id"], latest["period"]))  # (a figure since removed is now blank)
        if now != latest["value"] and not (now is None and latest["value"] is None):
            out[i["id"]] = now
    return out
