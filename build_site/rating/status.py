"""Stage 3, status: how a number becomes a rating, and which indicators are exceptions.

Implements the "Status" and "Reporting by exception" sections of the data
contract. Pure: a validated ``Package`` and an ``as_of`` date in, frozen
values out. Per-row work is vectorised with pandas; per-indicator work is one
pass over the indicators.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType

import numpy as np
import pandas as pd

from build_site.core.model import Package
from build_site.core.vocabulary import DATA_ONLY, DOWN, IMPROVING, NEAR, NO_CHANGE, NO_DATA, OFF, ON, UP, WORSENING
from build_site.inputs import periods as P
from build_site.rating.rules import Facts, fired
from build_site.rating.target_periods import period_frame

# --------------------------------------------------------------------------- numbers

def _dec(x: float) -> Decimal:
    """The decimal a float was written as (its shortest repr)."""
    return Decimal(repr(float(x)))


@lru_cache(maxsize=262144)
def round_half_up(x: float, decimals: int) -> Decimal:
    """Round as a spreadsheet does (2.675 -> 2.68), on the value as written."""
    return _dec(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def direction(previous: float | None, latest: float | None, polarity: str, decimals: int) -> str | None:
    """Direction of travel from ``previous`` to ``latest``; None when either is blank."""
    if previous is None or latest is None or pd.isna(previous) or pd.isna(latest):
        return None
    a, b = round_half_up(previous, decimals), round_half_up(latest, decimals)
    if a == b:
        return NO_CHANGE
    if polarity == "none":
        return UP if b > a else DOWN
    better = b > a if polarity == "higher" else b < a
    return IMPROVING if better else WORSENING


def tolerance_for(target: float, tolerance: float | None, default_percent: float) -> Decimal:
    """The amber band: the indicator's own tolerance, else a percentage of |target|."""
    if tolerance is not None and not pd.isna(tolerance):
        return _dec(tolerance)
    return _dec(default_percent) / 100 * abs(_dec(target))


def rate(value: float | None, target: float | None, band: Decimal, polarity: str) -> str:
    """One rating, exactly as the contract's table says (scalar form of ``rate_frame``)."""
    if polarity == "none" or target is None or pd.isna(target):
        return DATA_ONLY
    if value is None or pd.isna(value):
        return NO_DATA
    v, t = _dec(value), _dec(target)
    if polarity == "higher":
        return ON if v >= t else NEAR if v >= t - band else OFF
    return ON if v <= t else NEAR if v <= t + band else OFF


def compare_area(value: float | None, council: float | None, tolerance: float | None, default_percent: float,
                 polarity: str) -> str | None:
    """An area's value against the council-wide value of the same period (the contract's
    area comparison): 'better' or 'worse' when they differ by more than the band (the
    indicator's tolerance, else a percentage of |council|), else 'similar'; None for
    ``none`` polarity or a blank either side."""
    if polarity == "none" or value is None or council is None or pd.isna(value) or pd.isna(council):
        return None
    band = tolerance_for(council, tolerance, default_percent)
    diff = _dec(value) - _dec(council)
    if abs(diff) <= band:
        return "similar"
    return "better" if (diff > 0) == (polarity == "higher") else "worse"


# --------------------------------------------------------------------------- results

@dataclass(frozen=True)
class Latest:
    period: str
    value: float | None
    target: float | None
    status: str
    direction: str | None


@dataclass(frozen=True)
class IndicatorStatus:
    id: str
    latest: Latest | None
    previous_period: str | None = None
    year_ago_period: str | None = None
    year_ago_value: float | None = None
    direction_year: str | None = None
    overdue: bool = False
    next_due_period: str | None = None
    next_due_date: date | None = None
    exception_rules: tuple[str, ...] = ()
    commentary_missing: bool = False
    recovery_period: str | None = None  # the promise that applies to the latest period (recovery_promise)
    recovery_missed: bool = False
    local_gaps: tuple[str, ...] = ()  # areas off target in the latest period, though the council is not (local_gaps)

    @property
    def exception(self) -> bool:
        return bool(self.exception_rules)

    @property
    def status(self) -> str:
        return self.latest.status if self.latest else NO_DATA


@dataclass(frozen=True, eq=False)
class Statuses:
    """Every rating. ``rows`` holds one row per measurement with its target,
    tolerance band, rating (council-wide rows only), direction against the
    previous row of the same area, and the council-wide value of its period."""

    as_of: date
    rows: pd.DataFrame
    by_id: Mapping[str, IndicatorStatus] = field(default_factory=dict)

    def __getitem__(self, indicator_id: str) -> IndicatorStatus:
        return self.by_id[indicator_id]

    def exceptions(self) -> list[str]:
        return [i for i, s in self.by_id.items() if s.exception]


# --------------------------------------------------------------------------- the computation

def _target_lookup(rows: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
    """The most specific target for each row (NaN when none)."""
    found = pd.Series(np.nan, index=rows.index, dtype="float64")
    if targets.empty:
        return found
    lookup = targets.set_index(["indicator", "period"])["target"]
    for cand in ("cand0", "cand1", "cand2", "cand3", "cand4"):
        need = found.isna() & rows[cand].notna()
        if not need.any():
            break
        keys = pd.MultiIndex.from_arrays([rows.loc[need, "indicator"], rows.loc[need, cand]])
        found.loc[need] = lookup.reindex(keys).to_numpy()
    return found


def _bands(rows: pd.DataFrame, default_percent: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper edges of the near-target band, computed exactly in decimal
    once per distinct (target, tolerance) and joined back to the rows."""
    keys = pd.DataFrame({"target": rows["target"].to_numpy(),
                         "tolerance": rows["tolerance"].fillna(-1.0).to_numpy()})
    pairs = keys[keys["target"].notna()].drop_duplicates().reset_index(drop=True)
    lows, highs = [], []
    for t, tol in pairs.itertuples(index=False):
        band = tolerance_for(t, None if tol < 0 else tol, default_percent)
        lows.append(float(_dec(t) - band))
        highs.append(float(_dec(t) + band))
    pairs["low"], pairs["high"] = lows, highs
    joined = keys.merge(pairs, on=["target", "tolerance"], how="left")
    return joined["low"].to_numpy(), joined["high"].to_numpy()


def rate_frame(rows: pd.DataFrame) -> pd.Series:
    """Vectorised ratings for council-wide rows (needs value, target, low, high, polarity)."""
    v, t = rows["value"], rows["target"]
    higher = rows["polarity"] == "higher"
    on = np.where(higher, v >= t, v <= t)
    near = np.where(higher, v >= rows["low"], v <= rows["high"])
    status = np.where(on, ON, np.where(near, NEAR, OFF)).astype(object)
    status = np.where(v.isna(), NO_DATA, status)
    status = np.where(t.isna() | (rows["polarity"] == "none"), DATA_ONLY, status)
    return pd.Series(status, index=rows.index, dtype="object")


def round_half_up_array(values: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Vectorised ``round_half_up``: exact, because values that sit within a
    hair of a half are re-rounded in decimal (rare), the rest in floating point."""
    values = np.asarray(values, dtype="float64")
    scale = np.power(10.0, np.asarray(decimals, dtype="float64"))
    y = np.abs(values) * scale
    frac = y - np.floor(y)
    out = np.sign(values) * np.floor(y + 0.5) / scale
    unsure = np.flatnonzero(np.isfinite(values) & (np.abs(frac - 0.5) < 1e-6))
    d = np.broadcast_to(np.asarray(decimals), values.shape)
    for i in unsure:
        out[i] = float(round_half_up(float(values[i]), int(d[i])))
    return out


def directions(prev: np.ndarray, cur: np.ndarray, polarity: np.ndarray, decimals: np.ndarray) -> np.ndarray:
    """Vectorised ``direction`` over aligned arrays (None where either side is blank)."""
    a = round_half_up_array(prev, decimals)
    b = round_half_up_array(cur, decimals)
    none = polarity == "none"
    better = np.where(polarity == "higher", b > a, b < a)
    out = np.where(none, np.where(b > a, UP, DOWN), np.where(better, IMPROVING, WORSENING)).astype(object)
    out = np.where(a == b, NO_CHANGE, out)
    out[np.isnan(a) | np.isnan(b)] = None
    return out


def _direction_rows(rows: pd.DataFrame) -> pd.Series:
    """Direction of each row against the previous row of the same indicator and area."""
    prev = rows.groupby(["indicator", "area"], sort=False)["value"].shift(1).to_numpy()
    out = directions(prev, rows["value"].to_numpy(), rows["polarity"].to_numpy(), rows["decimals"].to_numpy())
    return pd.Series(out, index=rows.index, dtype="object")


def enrich(pkg: Package) -> pd.DataFrame:
    """Every measurement row with its period dates, target, band, rating and direction."""
    fy = pkg.reporting.financial_year_start_month
    m = pkg.measurements
    ind = pd.DataFrame([(i.id, i.polarity, i.decimals, i.tolerance, i.approach, i.risk, i.frequency)
                        for i in pkg.indicators],
                       columns=["indicator", "polarity", "decimals", "tolerance", "approach", "risk", "frequency"])
    ind["tolerance"] = ind["tolerance"].astype("float64")
    periods = period_frame(m["period"], fy)
    rows = m.merge(periods, on="period", how="left").merge(ind, on="indicator", how="left")
    rows = rows.sort_values(["indicator", "area", "start"], kind="stable").reset_index(drop=True)
    rows["target"] = _target_lookup(rows, pkg.targets)
    rows["low"], rows["high"] = _bands(rows, pkg.reporting.default_tolerance_percent)
    council = rows["area"] == ""
    rows["status"] = pd.Series(None, index=rows.index, dtype="object")
    rows.loc[council, "status"] = rate_frame(rows.loc[council])
    rows["direction"] = _direction_rows(rows)
    wide = rows.loc[council, ["indicator", "period", "value"]].rename(columns={"value": "council_value"})
    rows = rows.merge(wide, on=["indicator", "period"], how="left")
    for col in ("status", "direction"):
        rows[col] = rows[col].astype(object).where(rows[col].notna(), None)
    return rows.drop(columns=["cand0", "cand1", "cand2", "cand3", "cand4"])


def _none_if_nan(x):
    return None if x is None or pd.isna(x) else float(x)


@lru_cache(maxsize=65536)
def _period_facts(text: str, fy: int, lag: int) -> tuple[str | None, str, date]:
    """(same period a year earlier or None, next period, date the next period is due)."""
    p = P.parse_period(text, fy)
    year = P.year_earlier(p, fy).text if p.kind in (P.MONTH, P.QUARTER, P.FQ) else None
    due = P.next_period(p, fy)
    return year, due.text, due.end + timedelta(days=lag)


def recovery_promise(notes, latest: P.Period, fy: int) -> str | None:
    """The recovery period promised for the latest period: of the commentary rows with a
    recovery_period (``notes``: (period, recovery_period) pairs) whose period starts no
    later than the latest starts, the one whose period starts latest (a tie goes to the
    shorter period)."""
    best = None
    for period, promised in notes:
        p = P.parse_period(period, fy)
        if p.start <= latest.start:
            key = (p.start, -(p.end - p.start).days)
            if best is None or key > best[0]:
                best = (key, promised)
    return best[1] if best else None


def recovery_missed(promised: str | None, latest: P.Period, status: str, fy: int) -> bool:
    """The promise is broken: the latest period ends on or after the promised period ends,
    and the latest status is not on target (within the floor; a blank value is not)."""
    return promised is not None and latest.end >= P.parse_period(promised, fy).end and status != ON


def _promises(commentary: pd.DataFrame) -> dict[str, list[tuple[str, str]]]:
    """Each indicator's (period, recovery_period) pairs, for the rows that make a promise."""
    out: dict[str, list[tuple[str, str]]] = {}
    for ind, period, promised in zip(commentary["indicator"], commentary["period"], commentary["recovery_period"]):
        if isinstance(promised, str) and promised != "":
            out.setdefault(ind, []).append((period, promised))
    return out


def local_gaps(rows: pd.DataFrame) -> dict[tuple[str, str], tuple[str, ...]]:
    """{(indicator, period): the codes, sorted, of the areas whose value for that period,
    rated against the council-wide target by the rating formula, is off target (below the
    floor, for managed decline: the floor is its target)}: the candidates for the
    contract's local gaps, which ``compute`` keeps for managed indicators whose latest
    council-wide rating is on or near target."""
    areas = rows[(rows["area"] != "") & rows["target"].notna() & rows["value"].notna()
                 & (rows["polarity"] != "none")]
    off = areas[rate_frame(areas) == OFF]
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for (ind, period), codes in off.groupby(["indicator", "period"], sort=False)["area"]:
        out[(ind, period)] = tuple(sorted(codes))
    return out


def _trailing_worsening(council: pd.DataFrame) -> pd.Series:
    """For each indicator, how many of the last changes between consecutive non-blank
    council-wide values were worsening, counting back from the latest."""
    known = council[council["value"].notna()]
    prev = known.groupby("indicator", sort=False)["value"].shift(1).to_numpy()
    worse = directions(prev, known["value"].to_numpy(), known["polarity"].to_numpy(),
                       known["decimals"].to_numpy()) == WORSENING
    flags = pd.DataFrame({"indicator": known["indicator"].to_numpy(), "worse": worse})[::-1]
    broken = (~flags["worse"]).astype(int).groupby(flags["indicator"], sort=False).cumsum()
    return (flags["worse"] & (broken == 0)).groupby(flags["indicator"], sort=False).sum()


def compute(pkg: Package, as_of: date) -> Statuses:
    """Rate every measurement and work out every indicator's latest status, for all indicators at once."""
    rep = pkg.reporting
    fy, lag = rep.financial_year_start_month, rep.reporting_lag_days
    rows = enrich(pkg)
    council = rows[rows["area"] == ""]
    by_ind = council.groupby("indicator", sort=False)
    last_rows = council.loc[by_ind.tail(1).index]
    prev_period = dict(zip(last_rows["indicator"], by_ind["period"].shift(1).loc[last_rows.index]))
    last = {r[0]: r[1:] for r in last_rows[["indicator", "period", "value", "target", "status",
                                             "direction"]].itertuples(index=False)}
    values = dict(zip(zip(council["indicator"], council["period"]), council["value"]))
    trailing = _trailing_worsening(council)
    commented = set(zip(pkg.commentary["indicator"], pkg.commentary["period"]))
    promises = _promises(pkg.commentary)
    gaps = local_gaps(rows)
    by_id = {}
    for ind in pkg.indicators:
        if ind.id not in last:
            by_id[ind.id] = IndicatorStatus(ind.id, None)
            continue
        period, value, target, status, dirn = last[ind.id]
        latest = Latest(period, _none_if_nan(value), _none_if_nan(target), status, dirn)
        year_period, due_period, due_date = _period_facts(period, fy, lag)
        year_value = direction_year = None
        if year_period is not None and ind.frequency != "annual":
            year_value = _none_if_nan(values.get((ind.id, year_period)))
            direction_year = direction(year_value, latest.value, ind.polarity, ind.decimals) \
                if (ind.id, year_period) in values else None
        else:
            year_period = None
        overdue = due_date <= as_of
        rules = fired(Facts(latest.status, ind.risk, ind.approach, ind.polarity, int(trailing.get(ind.id, 0)),
                            2 if ind.risk == "high" else rep.worsening_run, overdue))
        prev = prev_period.get(ind.id)
        latest_period = P.parse_period(period, fy)
        promised = recovery_promise(promises.get(ind.id, ()), latest_period, fy)
        by_id[ind.id] = IndicatorStatus(
            id=ind.id, latest=latest, previous_period=None if prev is None or pd.isna(prev) else prev,
            year_ago_period=year_period, year_ago_value=year_value, direction_year=direction_year,
            overdue=overdue, next_due_period=due_period, next_due_date=due_date, exception_rules=rules,
            commentary_missing=bool(rules) and (ind.id, period) not in commented, recovery_period=promised,
            recovery_missed=recovery_missed(promised, latest_period, latest.status, fy),
            local_gaps=gaps.get((ind.id, period), ()) if ind.mode == "managed" and latest.status in (ON, NEAR)
            else ())
    return Statuses(as_of, rows, MappingProxyType(by_id))
