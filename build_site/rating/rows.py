"""The package and its statuses as plain records grouped by indicator: made once, read by the
charts, the pages and the frozen reports' records."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from build_site.core.model import Indicator, Package
from build_site.inputs.translations import Untranslated
from build_site.rating.status import Statuses


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """A DataFrame as plain dicts, with blanks (NaN) as None: fast to loop over."""
    cols = []
    for c in columns:
        values = frame[c].tolist()
        cols.append([None if isinstance(v, float) and v != v else v for v in values])
    return [dict(zip(columns, row)) for row in zip(*cols)]


def group_by(recs: list[dict], key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in recs:
        out.setdefault(r[key], []).append(r)
    return out


@dataclass(frozen=True)
class Rows:
    """The package and its statuses as plain records grouped by indicator, and what each
    indicator's chart draws: made once, read by the charts and by the pages."""

    by_ind: dict[str, list[dict]]
    bench_by: dict[str, list[dict]]
    notes_all: list[dict]
    notes_by: dict[str, list[dict]]
    targets_by: dict[str, list[dict]]
    digests: dict[str, str]  # each indicator's rows, hashed (for the page memo)
    specs: dict  # {indicator id: its chart's spec (outputs.charts.ChartSpec)}: with council-wide figures only
    indicators: dict[str, Indicator]  # by id


ROW_FIELDS = ["indicator", "period", "area", "value", "note", "start", "end", "target", "low", "high", "status",
              "direction", "council_value"]


def _row_digests(rows: pd.DataFrame) -> dict[str, str]:
    """A digest of each indicator's rows, in order: pandas hashes every row at once."""
    hashed = pd.util.hash_pandas_object(rows[ROW_FIELDS], index=False).to_numpy()
    positions = rows.reset_index(drop=True).groupby("indicator", sort=False).indices  # in row order
    return {ind: hashlib.sha256(hashed[pos].tobytes()).hexdigest() for ind, pos in positions.items()}


def rows_of(pkg: Package, statuses: Statuses, spec: Callable | None = None) -> Rows:
    """The package and its statuses as plain records grouped by indicator; with ``spec`` (the
    outputs' ``chart_spec``), what each indicator's chart draws."""
    rows = statuses.rows
    frame = rows.assign(start=rows["start"].dt.date, end=rows["end"].dt.date)
    recs, benchmarks = records(frame, ROW_FIELDS), records(pkg.benchmarks, ["indicator", "period", "group", "value"])
    if pkg.language != pkg.languages[0]:  # (notes and benchmark groups have no translations: shown as written)
        main = pkg.languages[0]
        for r in recs:
            r["note"] = Untranslated(r["note"], main) if r["note"] else r["note"]
        for b in benchmarks:
            b["group"] = Untranslated(str(b["group"]), main)
    by_ind = group_by(recs, "indicator")
    bench_by = group_by(benchmarks, "indicator")
    notes_all = records(pkg.commentary, ["indicator", "period", "commentary", "action", "action_owner",
                                         "recovery_period"])
    fy = pkg.reporting.financial_year_start_month
    specs = {}
    if spec is not None:
        for ind in pkg.indicators:
            council = [x for x in by_ind.get(ind.id, []) if x["area"] == ""]
            drawn = spec(ind, council, bench_by.get(ind.id, []), fy)
            if drawn is not None:
                specs[ind.id] = drawn
    return Rows(by_ind=by_ind, bench_by=bench_by, notes_all=notes_all, notes_by=group_by(notes_all, "indicator"),
                targets_by=group_by(records(pkg.targets, ["indicator", "period", "target"]), "indicator"),
                digests=_row_digests(rows), specs=specs, indicators={i.id: i for i in pkg.indicators})
