"""What one indicator's page is made from (``PageInputs``), and its key: the indicator
pages (``indicator_pages``) are made from these and nothing else, and the overview's pages
that show an indicator (a priority's page, its map) are keyed by its page's key, so that
they are kept while it is (``Site.unchanged``). Not a family: three families build on it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from build_site.core.model import Area, Indicator, Provider, Reporting
from build_site.outputs import map_svg
from build_site.outputs.pages import page_key
from build_site.rating.status import IndicatorStatus
from build_site.site.families.base import Site


@dataclass(frozen=True)
class Digested:
    """A value too large to write out for every page's key, stood for by a digest of it."""

    digest: str
    value: Any = field(repr=False, compare=False)


@dataclass(frozen=True)
class PageInputs:
    """Everything one indicator's page, CSV and JSON are made from."""

    ind: Indicator
    status: IndicatorStatus
    rows: Digested  # its rows with their ratings, every area, oldest first (Rows.digests)
    benchmarks: tuple[dict, ...]
    commentary: tuple[dict, ...]
    targets: tuple[dict, ...]
    provider: Provider | None
    areas: tuple[tuple[str, Area | None], ...]  # the areas its rows name
    mapped: tuple[str, ...]  # the areas on the maps (families/maps draws its map when it has figures for one)
    map_size: tuple[int, int] | None  # the choropleth's drawn size (map_svg.sizes)
    priority_title: str
    reporting: Reporting
    as_of: date
    council: str
    fictional: bool


def inputs_of(site: Site, ind: Indicator) -> PageInputs:
    rows = site.rows
    mine = rows.by_ind.get(ind.id, [])
    codes = sorted({x["area"] for x in mine if x["area"] != ""})
    return PageInputs(
        ind=ind, status=site.statuses[ind.id], rows=Digested(rows.digests.get(ind.id, ""), mine),
        benchmarks=tuple(rows.bench_by.get(ind.id, [])), commentary=tuple(rows.notes_by.get(ind.id, [])),
        targets=tuple(rows.targets_by.get(ind.id, [])), provider=site.providers.get(ind.provider),
        areas=tuple((c, site.areas_by_code.get(c)) for c in codes),
        mapped=site.mapped, map_size=map_svg.size(site.map_base) if site.map_base else None,
        priority_title=site.base["priority_title"](
            ind.priority), reporting=site.pkg.reporting, as_of=site.statuses.as_of, council=site.pkg.title,
        fictional=site.pkg.fictional)


def key_of(site: Site, ind: Indicator) -> str:
    """The key of the indicator's page: a digest of everything it is made from (worked out once
    a build; the pages rendered in this process give theirs)."""
    if ind.id not in site.keys:
        site.keys[ind.id] = page_key(inputs_of(site, ind))
    return site.keys[ind.id]
