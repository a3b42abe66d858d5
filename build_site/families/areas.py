"""Family: one page per area (``areas/<code>/``), each indicator's latest figure there
against the whole council, and the list of areas."""

from __future__ import annotations

from ..catalogue import _
from ..pages import against, group_by
from ..status import compare_area
from ..summaries import area_summary
from .base import Site

WRITES = ("areas",)  # where in docs/ (and so in the site) its files go
READS = ("areas", "rows", "reporting")


def _latest_in_each_area(site: Site) -> dict[str, list[dict]]:
    """Each indicator's latest row in each area, by area."""
    latest: dict[tuple[str, str], dict] = {}
    for x in (x for group in site.rows.by_ind.values() for x in group):
        if x["area"] != "":
            key = (x["area"], x["indicator"])
            if key not in latest or x["start"] > latest[key]["start"]:
                latest[key] = x
    return group_by(list(latest.values()), "area")


def render(site: Site) -> dict[str, bytes]:
    pkg = site.pkg
    inds_by_id = site.rows.indicators
    by_area = _latest_in_each_area(site)
    default = pkg.reporting.default_tolerance_percent
    files = {}
    for a in pkg.areas:
        items = []
        for x in by_area.get(a.code, []):
            ind = inds_by_id[x["indicator"]]
            comparison = compare_area(x["value"], x["council_value"], ind.tolerance, default, ind.polarity)
            items.append(dict(ind=ind, period=x["period"], value=x["value"], note=x["note"],
                              council_value=x["council_value"], direction=x["direction"],
                              comparison=comparison, against=against(comparison)))
        items.sort(key=lambda x: (x["ind"].title.casefold(), x["ind"].id))
        path = f"areas/{a.code}/index.md"
        files[path] = site.page(path, "area.html", a.name, _("Performance figures for {area}.", area=a.name), area=a,
                                rows=items, summary=area_summary(a.name, [x["comparison"] or "none" for x in items],
                                                                 site.statuses.as_of))
    files["areas/index.md"] = site.page(
        "areas/index.md", "list.html", _("Areas"), heading=_("Areas"),
        lede=_("Figures for each local area, against the whole council.") if pkg.areas else "",
        entries=[(f"areas/{a.code}/", a.name, a.type) for a in sorted(pkg.areas, key=lambda a: a.name.casefold())],
        empty=_("This council does not publish figures by area."))
    return files
