"""Family: one page per area (``areas/<code>/``), each indicator's latest figure there
against the whole council, with its map and its figures as CSV; and the areas' index,
with the map of them all (when the package has boundaries) and a line for each."""

from __future__ import annotations

from build_site.core.catalogue import _, _n
from build_site.core.vocabulary import against
from build_site.outputs import map_svg
from build_site.outputs.downloads import indicator_csv, indicator_table
from build_site.outputs.pages import rel_root
from build_site.rating.area_figures import is_gap
from build_site.rating.rows import group_by
from build_site.rating.status import compare_area
from build_site.rating.summaries import area_summary
from build_site.site.families.base import Site

WRITES = ("areas",)  # where in docs/ (and so in the site) its files go
READS = ("areas", "rows", "reporting", "statuses", "boundaries", "postcodes")


def _latest_in_each_area(site: Site) -> dict[str, list[dict]]:
    """Each indicator's latest row in each area, by area."""
    latest: dict[tuple[str, str], dict] = {}
    for x in (x for group in site.rows.by_ind.values() for x in group):
        if x["area"] != "":
            key = (x["area"], x["indicator"])
            if key not in latest or x["start"] > latest[key]["start"]:
                latest[key] = x
    return group_by(list(latest.values()), "area")


def _items(site: Site, code: str, latest: list[dict]) -> list[dict]:
    inds_by_id, default = site.rows.indicators, site.pkg.reporting.default_tolerance_percent
    items = []
    for x in latest:
        ind = inds_by_id[x["indicator"]]
        comparison = compare_area(x["value"], x["council_value"], ind.tolerance, default, ind.polarity)
        items.append(dict(ind=ind, period=x["period"], value=x["value"], note=x["note"],
                          council_value=x["council_value"], direction=x["direction"], comparison=comparison,
                          against=against(comparison),
                          gap=is_gap(site.statuses[ind.id], code, x["period"])))
    items.sort(key=lambda x: (x["ind"].title.casefold(), x["ind"].id))
    return items


def _line(comparisons: list[str]) -> str:
    """'Better than the council as a whole on 4 indicators, worse on 2 and similar on 3.'"""
    better, worse, similar = (comparisons.count(c) for c in ("better", "worse", "similar"))
    if not comparisons:
        return _("No figures yet.")
    return _n("Better than the council as a whole on {n} indicator, worse on {worse} and similar on {similar}.",
              "Better than the council as a whole on {n} indicators, worse on {worse} and similar on {similar}.",
              better, worse=worse, similar=similar)


def _by_area(site: Site) -> dict[str, list[dict]]:
    """Every area row, by area, in indicator and period order (for the areas' CSV files)."""
    out: dict[str, list[dict]] = {}
    for ind_id in sorted(site.rows.by_ind):
        for x in site.rows.by_ind[ind_id]:  # (oldest first already)
            if x["area"] != "":
                out.setdefault(x["area"], []).append(x)
    return out


def render(site: Site) -> dict[str, bytes]:
    pkg, base = site.pkg, site.map_base
    by_area, every = _latest_in_each_area(site), _by_area(site)
    files, lines = {}, {}
    for a in pkg.areas:
        items = _items(site, a.code, by_area.get(a.code, []))
        comparisons = [x["comparison"] or "none" for x in items]
        lines[a.code] = _line(comparisons)
        path = f"areas/{a.code}/index.md"
        files[path] = site.page(path, "area.html", a.name, _("Performance figures for {area}.", area=a.name), area=a,
                                rows=items, summary=area_summary(a.name, comparisons, site.statuses.as_of),
                                mapped=base is not None and base.path(a.code) is not None,
                                map_size=map_svg.sizes(base)[0] if base is not None else None,
                                gaps=[x for x in items if x["gap"]])
        files[f"areas/{a.code}/{a.code}.csv"] = indicator_csv(indicator_table(every.get(a.code, [])))
    in_order = sorted(pkg.areas, key=lambda a: a.name.casefold())
    root = rel_root("areas/index.md")
    index_map = map_svg.index_map(base, [(a.code, a.name, f"{root}areas/{a.code}/") for a in pkg.areas],
                                  _("Map of the council's areas: each area links to its page")) if base else None
    files["areas/index.md"] = site.page(
        "areas/index.md", "areas.html", _("Areas"), areas=[(a, lines[a.code]) for a in in_order], map=index_map,
        has_postcodes=bool(site.pkg.postcodes), list_here=True)
    return files
