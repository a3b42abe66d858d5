"""An independent reading of the data contract, for checking the engine.

Plain Python over the CSV files, exact decimals, one indicator at a time. It
imports nothing from build_site on purpose: if the two agree on a council
neither has seen, both read the contract the same way.
"""

from __future__ import annotations

import calendar
import csv
import json
import re
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path


def _month_add(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def span(text: str, fy: int) -> tuple[str, date, date]:
    """(kind, first day, last day) of a period."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        y, mo, n, kind = int(m[1]), int(m[2]), 1, "month"
    elif m := re.fullmatch(r"(\d{4})-Q(\d)", text):
        y, mo, n, kind = int(m[1]), 3 * int(m[2]) - 2, 3, "quarter"
    elif m := re.fullmatch(r"(\d{4})", text):
        y, mo, n, kind = int(m[1]), 1, 12, "year"
    elif m := re.fullmatch(r"(\d{4})/(\d{2})", text):
        y, mo, n, kind = int(m[1]), fy, 12, "fy"
    elif m := re.fullmatch(r"(\d{4})/(\d{2}) Q(\d)", text):
        y, mo = _month_add(int(m[1]), fy, 3 * (int(m[3]) - 1))
        n, kind = 3, "fq"
    else:
        raise ValueError(text)
    ey, em = _month_add(y, mo, n - 1)
    return kind, date(y, mo, 1), date(ey, em, calendar.monthrange(ey, em)[1])


def read(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def rnd(x: Decimal, d: int) -> Decimal:
    return x.quantize(Decimal(1).scaleb(-d), rounding=ROUND_HALF_UP)


def direction(a, b, polarity, d):
    if a is None or b is None:
        return None
    ra, rb = rnd(a, d), rnd(b, d)
    if ra == rb:
        return "no-change"
    if polarity == "none":
        return "up" if rb > ra else "down"
    if polarity == "higher":
        return "improving" if rb > ra else "worsening"
    return "improving" if rb < ra else "worsening"


def expected(root: Path, as_of: date) -> dict[str, dict]:
    """{indicator id: what the contract says its API item must hold}."""
    package = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    rep = {"default_tolerance_percent": 5, "worsening_run": 3, "reporting_lag_days": 90,
           "financial_year_start_month": 4, **package.get("reporting", {})}
    fy = rep["financial_year_start_month"]
    data = root / "data"
    targets = {(t["indicator"], t["period"]): Decimal(t["target"]) for t in read(data / "targets.csv")}
    notes = read(data / "commentary.csv")
    commentary = {(c["indicator"], c["period"]) for c in notes}
    every = read(data / "measurements.csv")
    rows = [r for r in every if r["area"] == ""]
    out = {}
    for ind in read(data / "indicators.csv"):
        mine = sorted((r for r in rows if r["indicator"] == ind["id"]), key=lambda r: span(r["period"], fy)[1])
        polarity, decimals = ind["polarity"], int(ind["decimals"])
        approach = ind["approach"] or "maintain"
        if not mine:
            out[ind["id"]] = {"latest": None, "overdue": False, "exception_rules": [], "recovery_missed": False,
                              "recovery_period": None, "local_gaps": []}
            continue
        last = mine[-1]
        kind, start, end = span(last["period"], fy)
        value = Decimal(last["value"]) if last["value"] != "" else None

        # the most specific target: shortest containing period; financial before calendar on a tie
        best = None
        for (tid, tp), tv in targets.items():
            if tid != ind["id"]:
                continue
            tkind, ts, te = span(tp, fy)
            if ts <= start and end <= te:
                rank = ((te - ts).days, 0 if tkind in ("fq", "fy", "month") else 1)
                if best is None or rank < best[0]:
                    best = (rank, tv)
        target = best[1] if best else None

        def rating(v):
            if polarity == "none" or target is None:
                return "data-only"
            if v is None:
                return "no-data"
            b = Decimal(ind["tolerance"]) if ind["tolerance"] != "" else \
                Decimal(str(rep["default_tolerance_percent"])) / 100 * abs(target)
            if polarity == "higher":
                return "on-target" if v >= target else "near-target" if v >= target - b else "off-target"
            return "on-target" if v <= target else "near-target" if v <= target + b else "off-target"

        status = rating(value)
        # local gaps: a managed indicator on or near target council-wide, and an area's value
        # for the same period off target against the same target by the same formula
        gaps = sorted(r["area"] for r in every if r["indicator"] == ind["id"] and r["area"] != ""
                      and r["period"] == last["period"] and r["value"] != ""
                      and rating(Decimal(r["value"])) == "off-target") \
            if ind["mode"] == "managed" and status in ("on-target", "near-target") else []

        prev = mine[-2]["value"] if len(mine) > 1 else ""
        dirn = direction(Decimal(prev) if prev != "" else None, value, polarity, decimals) if len(mine) > 1 else None

        # overdue: the next period of the same kind, plus the lag, on or before as_of
        nxt = end + timedelta(days=1)
        months = {"month": 1, "quarter": 3, "fq": 3, "year": 12, "fy": 12}[kind]
        ny, nm = _month_add(nxt.year, nxt.month, months - 1)
        next_end = date(ny, nm, calendar.monthrange(ny, nm)[1])
        overdue = next_end + timedelta(days=rep["reporting_lag_days"]) <= as_of

        rules = []
        if status == "off-target":
            rules.append("off-target")
        if status == "near-target" and ind["risk"] == "high":
            rules.append("near-target-high-risk")
        if approach != "managed-decline" and polarity != "none":
            run = 2 if ind["risk"] == "high" else rep["worsening_run"]
            vals = [Decimal(r["value"]) for r in mine if r["value"] != ""]
            if len(vals) > run:
                tail = vals[-(run + 1):]
                if all(direction(a, b2, polarity, decimals) == "worsening" for a, b2 in zip(tail, tail[1:])):
                    rules.append("worsening")
        if overdue and ind["risk"] in ("medium", "high"):
            rules.append("overdue")
        # the recovery promise: of the rows with one whose period starts no later than the
        # latest starts, the latest-starting (a tie: the shorter); missed once it has ended
        promises = [(span(c["period"], fy), c["recovery_period"]) for c in notes
                    if c["indicator"] == ind["id"] and c.get("recovery_period", "") != ""]
        promises = [(sp, rp) for sp, rp in promises if sp[1] <= start]
        promised = max(promises, key=lambda x: (x[0][1], x[0][1] - x[0][2]))[1] if promises else None
        missed = promised is not None and end >= span(promised, fy)[2] and status != "on-target"
        out[ind["id"]] = {
            "recovery_missed": missed,
            "recovery_period": promised,
            "local_gaps": gaps,
            "latest": {"period": last["period"], "value": float(value) if value is not None else None,
                       "target": float(target) if target is not None else None, "status": status,
                       "direction": dirn},
            "overdue": overdue,
            "exception": bool(rules),
            "exception_rules": rules,
            "commentary_missing": bool(rules) and (ind["id"], last["period"]) not in commentary,
        }
    return out
