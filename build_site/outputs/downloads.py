"""An indicator's downloads: each format one entry in ``DOWNLOADS`` (where its file goes, and how
its bytes are made from the indicator's ``Figures``). The indicator's page family writes every
entry beside the page, and the build keeps them with the page's memo and claims them in docs/.
A new format is one entry here and its test: see guide/docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from build_site.core.model import Indicator
from build_site.outputs.xlsx_table import table_workbook
from build_site.rating import api, fmt
from build_site.rating.status import IndicatorStatus

INDICATOR_COLUMNS = ["indicator", "period", "area", "value", "note", "target", "status", "direction"]


def indicator_table(rows: list[dict[str, Any]]) -> list[list[str]]:
    """An indicator's figures as the rows of its downloads (CSV and XLSX), under INDICATOR_COLUMNS."""
    return [[fmt.plain(r[c]) if c in ("value", "target") else ("" if r[c] is None else r[c])
             for c in INDICATOR_COLUMNS] for r in rows]


def indicator_csv(table: list[list[str]]) -> bytes:
    return api.download_csv(api.csv_text(INDICATOR_COLUMNS, table))


@dataclass(frozen=True)
class Figures:
    """What an indicator's downloads are made from: its rows (every area, oldest first, with their
    ratings), targets, benchmarks and commentary (each in the order the API gives them), and its
    summary in words."""

    as_of: date
    ind: Indicator
    status: IndicatorStatus
    rows: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    benchmarks: list[dict[str, Any]]
    commentary: list[dict[str, Any]]
    summary: str
    table: list[list[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", indicator_table(self.rows))  # (shared by the CSV and the workbook)


@dataclass(frozen=True)
class Download:
    name: str
    path: Callable[[str], str]  # where, in docs/ and the site, for an indicator's id
    make: Callable[[Figures], bytes]


def _json(f: Figures) -> bytes:
    return api.dumps(api.indicator_json(f.as_of, f.ind, f.status, f.rows, f.targets, f.benchmarks, f.commentary,
                                        f.summary))


DOWNLOADS: tuple[Download, ...] = (
    Download("csv", lambda i: f"indicators/{i}/{i}.csv", lambda f: indicator_csv(f.table)),
    Download("json", lambda i: f"api/indicators/{i}.json", _json),
    Download("xlsx", lambda i: f"indicators/{i}/{i}.xlsx",
             lambda f: table_workbook(f.ind.id, INDICATOR_COLUMNS, f.table, {"value", "target"})),
)


def page_path(ind_id: str) -> str:
    return f"indicators/{ind_id}/index.md"


def indicator_outputs(ind_id: str) -> tuple[str, ...]:
    """The generated files of one indicator: its page, then each of its downloads."""
    return (page_path(ind_id), *(d.path(ind_id) for d in DOWNLOADS))


def downloads(figures: Figures) -> dict[str, bytes]:
    """Every download of an indicator, by its path."""
    return {d.path(figures.ind.id): d.make(figures) for d in DOWNLOADS}
