"""Family: the maps, when the package has ``boundaries``: each area's locator map
(``areas/<code>/map.svg``) and each indicator's latest figures by area
(``indicators/<id>/map.svg``, for an indicator with area figures). The areas' index draws
its map inline (``families/areas``), as its areas are links.

Cost: the areas are projected and simplified once per build (``Site.map_base``); a map is
then a few strings joined, well under a millisecond."""

from __future__ import annotations

import hashlib

from build_site.core.catalogue import _
from build_site.outputs import map_svg
from build_site.outputs.chart_scales import tick_decimals, tick_label
from build_site.outputs.pages import KEEP
from build_site.site.families.base import Site
from build_site.site.page_inputs import key_of

WRITES = ("areas", "indicators")  # where in docs/ (and so in the site) its files go
READS = ("areas", "rows", "statuses", "boundaries", "indicators")


def shading(ind, figures, mapped) -> tuple[list[map_svg.Shaded], list[map_svg.KeyEntry]]:
    """How each area is shaded on an indicator's map (``figures``: area_figures'; ``mapped``:
    the codes of the areas on the map), and the map's key, for the map and the page under it."""
    values = [a.value for a in figures if a.value is not None]
    breaks = map_svg.classes(values) if values else []
    d = tick_decimals(breaks) if breaks else 0
    shaded = [map_svg.Shaded(a.code, a.name, "" if a.value is None else tick_label(a.value, ind.unit, ind.decimals),
                             None if a.value is None else map_svg.shade_of(a.value, breaks), a.comparison == "worse")
              for a in figures]
    entries = [_("{low} to {high}", low=tick_label(breaks[k], ind.unit, d), high=tick_label(breaks[k + 1], ind.unit, d))
               for k in range(len(breaks) - 1)]
    words = {"worse": _("Hatched: worse than the council as a whole"), "none": _("No figure")}
    return shaded, map_svg.choropleth_key(entries, words, any(s.worse for s in shaded),
                                          any(s.shade is None for s in shaded) or bool(set(mapped) - {s.code for s in shaded}))


def indicator_map(site: Site, ind) -> str | None:
    """An indicator's map, or None when it has no figure for an area on the map."""
    base = site.map_base
    figures = site.area_figures(ind)[2]
    if base is None or not any(base.path(a.code) for a in figures):
        return None
    return map_svg.choropleth(base, shading(ind, figures, site.mapped)[0], _("Map of {title} by area", title=ind.title))


def render(site: Site) -> dict[str, bytes | None]:
    base = site.map_base
    if base is None:
        return {}
    files: dict[str, bytes | None] = {}
    drawing = hashlib.sha256(repr(base).encode("utf-8")).hexdigest()  # (the areas' shapes, once)
    for a in site.pkg.areas:
        if base.path(a.code):
            files[f"areas/{a.code}/map.svg"] = map_svg.locator_map(
                base, a.code, _("Map: where {area} is in the council's area", area=a.name)).encode("utf-8")
    for ind in site.pkg.indicators:  # (kept while the indicator's page and the shapes are: Site.unchanged)
        path = f"indicators/{ind.id}/map.svg"
        if site.unchanged(path, (key_of(site, ind), drawing)):
            files[path] = KEEP
            continue
        svg = indicator_map(site, ind)
        if svg is None:
            del site.kept[path]  # (no map: nothing to keep)
        else:
            files[path] = svg.encode("utf-8")
    return files
