"""Family: one page per area (``areas/<code>/``), each indicator's latest figure there
against the whole council, with its map and its figures as CSV; and the areas' index,
with the map of them all (when the package has boundaries) and a line for each."""

from __future__ import annotations

from build_site.core.catalogue import _, _n
from build_site.core.vocabulary import against, join_words
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
    """'Better on 4 indicators, worse on 2 and similar on 3.' (each count only when not 0)."""
    parts = [say(n) for say, n in (
        (lambda n: _n("better on {n} indicator", "better on {n} indicators", n), comparisons.count("better")),
        (lambda n: _n("worse on {n} indicator", "worse on {n} indicators", n), comparisons.count("worse")),
        (lambda n: _n("similar on {n} indicator", "similar on {n} indicators", n), comparisons.count("similar")))
        if n]
    if not parts:
        return _("No figures yet.")
    return _("Against the council as a whole: {counts}.", counts=join_words(parts))


def standing(comparisons: list[str]) -> str:
    """How an area compares with the council overall, for the areas' map: better (on more
    indicators than worse), worse, even, or none (no figure to compare)."""
    better, worse = comparisons.count("better"), comparisons.count("worse")
    if not better and not worse and "similar" not in comparisons:
        return "none"
    return "better" if better > worse else "worse" if worse > better else "even"


def _standing_words() -> dict[str, str]:
    return {"better": _("Better than the council on more indicators than worse"),
            "worse": _("Hatched: worse than the council on more indicators than better"),
            "even": _("As often better as worse, or similar"), "none": _("No figures to compare")}


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
    files, lines, standings = {}, {}, {}
    for a in pkg.areas:
        items = _items(site, a.code, by_area.get(a.code, []))
        comparisons = [x["comparison"] or "none" for x in items]
        lines[a.code], standings[a.code] = _line(comparisons), standing(comparisons)
        path = f"areas/{a.code}/index.md"
        files[path] = site.page(path, "area.html", a.name, _("Performance figures for {area}.", area=a.name), area=a,
                                rows=items, summary=area_summary(a.name, comparisons, site.statuses.as_of),
                                mapped=base is not None and base.path(a.code) is not None,
                                map_size=map_svg.size(base) if base is not None else None,
                                gaps=[x for x in items if x["gap"]])
        files[f"areas/{a.code}/{a.code}.csv"] = indicator_csv(indicator_table(every.get(a.code, [])))
    in_order = sorted(pkg.areas, key=lambda a: a.name.casefold())
    root = rel_root("areas/index.md")
    drawn = [a for a in pkg.areas if base is not None and base.path(a.code)]
    index_map = map_svg.index_map(base, [(a.code, a.name, f"{root}areas/{a.code}/", standings[a.code]) for a in drawn],
                                  _("Map of the council's areas: each area links to its page")) if base else None
    key = map_svg.standing_key(_standing_words(), {standings[a.code] for a in drawn})
    files["areas/index.md"] = site.page(
        "areas/index.md", "areas.html", _("Areas"), areas=[(a, lines[a.code]) for a in in_order], map=index_map,
        map_key=key,
        has_postcodes=bool(site.pkg.postcodes), list_here=True)
    return files
