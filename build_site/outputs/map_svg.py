"""Maps, stage two: the SVG of each map, from a ``maps.Base`` (the areas already projected
and simplified). Static, self-contained and accessible: no tiles, no script, no request
anywhere. Three kinds:

- ``index_map``: every area a link to its page (inline in the areas' index);
- ``locator_map``: where one area is (its page's picture);
- ``choropleth``: an indicator's latest figures by area, in a colour-blind-safe scale
  (ColorBrewer's YlGnBu) that never relies on colour alone: each area's value is written
  on it, areas worse than the council as a whole are hatched, and the page gives a summary
  and the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from build_site.inputs.translations import plain
from build_site.outputs.chart_scales import y_ticks
from build_site.outputs.maps import Base

SCALE = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")  # YlGnBu, light to dark
NONE = "#f3f2f1"  # an area with no figure
LINE = "#ffffff"
HATCH = "bs-worse"
LABEL = 15.0  # label text, in the drawing's units (640 wide)
LEGEND = 22.0  # each legend row's height


@dataclass(frozen=True)
class Shaded:
    """One area on a choropleth: its value's words and class (None: no figure), and
    whether it is worse than the council as a whole."""

    code: str
    name: str
    label: str
    shade: int | None
    worse: bool


def classes(values: list[float]) -> list[float]:
    """The class breaks of a choropleth: round numbers that bracket the values, at most
    ``len(SCALE)`` classes (the ticks a chart of the same values would have)."""
    lo, hi = min(values), max(values)
    ticks = y_ticks(lo, hi)
    while len(ticks) - 1 > len(SCALE):
        ticks = ticks[::2] if len(ticks) % 2 else ticks[::2] + [ticks[-1] + (ticks[1] - ticks[0])]
    return ticks


def shade_of(value: float, breaks: list[float]) -> int:
    for k in range(len(breaks) - 1):
        if value <= breaks[k + 1]:
            return k
    return len(breaks) - 2


def _svg(base: Base, extra_height: float, label: str, body: str) -> str:
    h = round(base.height + extra_height, 1)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {base.width:g} {h:g}" width="{base.width:g}" '
            f'height="{h:g}" role="img" aria-label="{escape(plain(label))}">'
            f'<style>text{{font-family:"DejaVu Sans",Verdana,sans-serif;fill:#0b0c0c}}'
            f'.l{{font-size:{LABEL:g}px;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px;'
            f'stroke-linejoin:round}}.k{{font-size:14px}}</style>{body}</svg>')


def locator_map(base: Base, code: str, label: str) -> str:
    """Every area in grey, with ``code`` dark and outlined (its page's map)."""
    others = "".join(f'<path d="{d}"/>' for c, d in base.paths if c != code)
    mine = base.path(code) or ""
    return _svg(base, 0, label, f'<g fill="#dcdcdc" stroke="{LINE}" stroke-width="1">{others}</g>'
                f'<path d="{mine}" fill="#1d70b8" stroke="#0b0c0c" stroke-width="2"/>')


def index_map(base: Base, areas: list[tuple[str, str, str]], label: str) -> Markup:
    """Every area a link (``areas``: code, name, address), inline in a page."""
    names = {c: (n, href) for c, n, href in areas}
    links = []
    for c, d in base.paths:
        if c in names:
            name, href = names[c]
            x, y = base.label(c) or (0, 0)
            code = getattr(name, "lang", None)
            lang = Markup(' lang="{}"').format(code) if code else ""
            name = plain(name)  # (an untranslated name: marked on its link, as SVG holds no span)
            links.append(Markup('<a href="{}"{} aria-label="{}"><title>{}</title><path d="{}"/>'
                                '<text x="{}" y="{}" aria-hidden="true">{}</text></a>').format(
                href, lang, name, name, d, f"{x:g}", f"{y + LABEL / 3:g}", name))
    h = f"{base.height:g}"
    return Markup('<svg class="bs-map bs-map-index" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
                  'role="group" aria-label="{}">').format(f"{base.width:g}", h, label) + Markup("").join(links) \
        + Markup("</svg>")


def _legend(y0: float, entries: list[str], worse_words: str, none_words: str | None) -> str:
    rows = list(zip(SCALE, entries))
    out, y = [], y0
    for k, (colour, words) in enumerate(rows):
        x = 8 + (k % 3) * 210
        if k and k % 3 == 0:
            y += LEGEND
        out.append(f'<rect x="{x}" y="{y:g}" width="26" height="14" fill="{colour}" stroke="#505a5f"/>'
                   f'<text class="k" x="{x + 32}" y="{y + 12:g}">{escape(words)}</text>')
    y += LEGEND
    out.append(f'<rect x="8" y="{y:g}" width="26" height="14" fill="url(#{HATCH})" stroke="#505a5f"/>'
               f'<text class="k" x="40" y="{y + 12:g}">{escape(worse_words)}</text>')
    if none_words:
        out.append(f'<rect x="330" y="{y:g}" width="26" height="14" fill="{NONE}" stroke="#505a5f"/>'
                   f'<text class="k" x="362" y="{y + 12:g}">{escape(none_words)}</text>')
    return "".join(out)


def legend_height(n_classes: int) -> float:
    return 12 + LEGEND * ((n_classes + 2) // 3 + 1)


def sizes(base: Base) -> tuple[tuple[int, int], tuple[int, int]]:
    """The drawn size of a locator map and of a choropleth of ``base``, for the pages' <img>
    (its width and height set, so that nothing moves as it loads)."""
    width = round(base.width)
    return (width, round(base.height)), (width, round(base.height + legend_height(len(SCALE))))


def choropleth(base: Base, shaded: list[Shaded], entries: list[str], words: dict[str, str]) -> str:
    """An indicator's latest figures by area: ``entries`` are the legend's words for each
    class, ``words`` the map's label and the legend's "worse" and "no figure" entries."""
    by_code = {s.code: s for s in shaded}
    fills, hatches, labels = [], [], []
    for c, d in base.paths:
        s = by_code.get(c)
        colour = NONE if s is None or s.shade is None else SCALE[s.shade]
        fills.append(f'<path d="{d}" fill="{colour}"/>')
        if s is not None and s.worse:
            hatches.append(f'<path d="{d}"/>')
        point = base.label(c)
        if s is not None and s.label and point:
            labels.append(f'<text class="l" x="{point[0]:g}" y="{point[1] + LABEL / 3:g}">{escape(plain(s.label))}</text>')
    missing = any(by_code.get(c) is None or by_code[c].shade is None for c, _d in base.paths)
    extra = legend_height(len(SCALE))  # (the most a key takes: every choropleth the same size, set on its page)
    defs = (f'<defs><pattern id="{HATCH}" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="none"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="#0b0c0c" stroke-width="2.5"/></pattern></defs>')
    body = (defs + f'<g stroke="{LINE}" stroke-width="1">{"".join(fills)}</g>'
            f'<g fill="url(#{HATCH})" stroke="#0b0c0c" stroke-width="1.5">{"".join(hatches)}</g>'
            + "".join(labels) + _legend(base.height + 12, entries, words["worse"],
                                        words["none"] if missing else None))
    return _svg(base, extra, words["label"], body)
