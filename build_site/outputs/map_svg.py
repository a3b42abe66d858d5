"""Maps, stage two: the SVG of each map, from a ``maps.Base`` (the areas already projected
and simplified). Static, self-contained and accessible: no tiles, no script, no request
anywhere. Three kinds:

- ``index_map``: every area a link to its page (inline in the areas' index), coloured by
  how it compares with the council as a whole, the worse hatched;
- ``locator_map``: where one area is (its page's picture);
- ``choropleth``: an indicator's latest figures by area, in a colour-blind-safe scale
  (ColorBrewer's YlGnBu) that never relies on colour alone: each area's value (and its
  name, where both fit) is written on it, areas worse than the council as a whole are
  hatched, and the page gives a summary and the table.

A map's key is in the page, under it (``KeyEntry``): words at the page's own size, however
narrow the map is drawn. A label is written only where it fits inside its area
(``maps.Base.room``) at a size that stays readable on a phone.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from build_site.inputs.translations import plain
from build_site.outputs.chart_artists import text_width
from build_site.outputs.chart_scales import y_ticks
from build_site.outputs.maps import Base

SCALE = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")  # YlGnBu, light to dark
NONE = "#f3f2f1"  # an area with no figure
LINE = "#ffffff"
HATCH = "bs-worse"
# How each area compares with the council on the areas' map: light blue, grey and light
# orange (told apart without colour too: the worse are hatched, and the list says it in words).
STANDING = {"better": "#9ecae1", "even": "#e4e4e4", "worse": "#fdb863", "none": NONE}
# Label text, in the drawing's units (640 wide): at least 12 CSS pixels wherever the page
# shows a map, down to a 320-pixel column; a label that does not fit inside its area is
# left off (its name and figure are in the list or table beside the map).
LABEL = 24.0
LINE_GAP = 1.15  # two lines of a label, in LABEL heights


def _hatch(ident: str) -> str:
    return (f'<defs><pattern id="{ident}" width="8" height="8" patternUnits="userSpaceOnUse" '
            f'patternTransform="rotate(45)"><rect width="8" height="8" fill="none"/>'
            f'<line x1="0" y1="0" x2="0" y2="8" stroke="#0b0c0c" stroke-width="2.5"/></pattern></defs>')


@dataclass(frozen=True)
class Shaded:
    """One area on a choropleth: its value's words and class (None: no figure), and
    whether it is worse than the council as a whole."""

    code: str
    name: str
    label: str
    shade: int | None
    worse: bool


@dataclass(frozen=True)
class KeyEntry:
    """A line of a map's key, shown in the page under the map: a swatch (its CSS
    background) and its words."""

    swatch: str
    words: str


def hatched(colour: str) -> str:
    return f"repeating-linear-gradient(45deg,#0b0c0c 0 2px,transparent 2px 6px),{colour}"


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


def width(text: str) -> float:
    """A label's width: its characters' widths added up (each measured once; without kerning,
    a little wider than set, so a label said to fit does)."""
    return sum(text_width(c, LABEL) for c in " ".join(text.split()))


def fits(text: str, room: tuple[float, float], lines: int = 1) -> bool:
    """Whether ``lines`` lines of label, the widest ``text``, fit in an area's ``room``."""
    return width(text) + 6 <= room[0] and LABEL * (LINE_GAP * (lines - 1) + 1.2) <= room[1]


def _label(x: float, y: float, lines: list[str]) -> str:
    """Lines of label centred on (x, y); each is plain text."""
    first = y + LABEL / 3 - LINE_GAP * LABEL * (len(lines) - 1) / 2
    return "".join(f'<text class="l" x="{x:g}" y="{first + k * LINE_GAP * LABEL:.1f}">{escape(plain(t))}</text>'
                   for k, t in enumerate(lines))


def _svg(base: Base, label: str, body: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {base.width:g} {base.height:g}" '
            f'width="{base.width:g}" height="{base.height:g}" role="img" aria-label="{escape(plain(label))}">'
            f'<style>text{{font-family:"DejaVu Sans",Verdana,sans-serif;fill:#0b0c0c}}'
            f'.l{{font-size:{LABEL:g}px;text-anchor:middle;paint-order:stroke;stroke:#fff;stroke-width:3px;'
            f'stroke-linejoin:round}}</style>{body}</svg>')


def locator_map(base: Base, code: str, label: str) -> str:
    """Every area in grey, with ``code`` dark and outlined (its page's map)."""
    others = "".join(f'<path d="{d}"/>' for c, d in base.paths if c != code)
    mine = base.path(code) or ""
    return _svg(base, label, f'<g fill="#dcdcdc" stroke="{LINE}" stroke-width="1">{others}</g>'
                f'<path d="{mine}" fill="#1d70b8" stroke="#0b0c0c" stroke-width="2"/>')


def index_map(base: Base, areas: list[tuple[str, str, str, str]], label: str) -> Markup:
    """Every area a link (``areas``: code, name, address and how it compares with the
    council, a key of ``STANDING``), coloured by the comparison, inline in a page."""
    names = {c: (n, href, standing) for c, n, href, standing in areas}
    links = []
    for c, d in base.paths:
        if c in names:
            name, href, standing = names[c]
            x, y = base.label(c) or (0, 0)
            code = getattr(name, "lang", None)
            lang = Markup(' lang="{}"').format(code) if code else ""
            name = plain(name)  # (an untranslated name: marked on its link, as SVG holds no span)
            hatch = Markup('<path class="bs-hatch" d="{}"/>').format(d) if standing == "worse" else ""
            text = Markup('<text x="{}" y="{}" aria-hidden="true">{}</text>').format(
                f"{x:g}", f"{y + LABEL / 3:g}", name) if fits(name, base.room(c)) else ""
            links.append(Markup('<a href="{}"{} aria-label="{}"><title>{}</title><path d="{}" fill="{}"/>{}{}</a>')
                         .format(href, lang, name, name, d, STANDING[standing], hatch, text))
    h = f"{base.height:g}"
    return Markup('<svg class="bs-map bs-map-index" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
                  'font-size="{}" role="group" aria-label="{}">').format(f"{base.width:g}", h, f"{LABEL:g}", label) \
        + Markup(_hatch("bs-worse-index")) + Markup("").join(links) + Markup("</svg>")


def standing_key(words: dict[str, str], shown: set[str]) -> list[KeyEntry]:
    """The areas' map's key: the standings ``shown``, in ``STANDING``'s order, in ``words``."""
    return [KeyEntry(hatched(colour) if s == "worse" else colour, words[s]) for s, colour in STANDING.items()
            if s in shown]


def size(base: Base) -> tuple[int, int]:
    """The drawn size of a map of ``base``, for the pages' <img> (its width and height set,
    so that nothing moves as it loads)."""
    return round(base.width), round(base.height)


def choropleth_key(entries: list[str], words: dict[str, str], worse: bool, missing: bool) -> list[KeyEntry]:
    """A choropleth's key: a swatch for each class (``entries``: their words), then the
    hatching and "no figure" when the map shows them."""
    key = [KeyEntry(colour, words) for colour, words in zip(SCALE, entries)]
    if worse:
        key.append(KeyEntry(hatched("#ffffff"), words["worse"]))
    if missing:
        key.append(KeyEntry(NONE, words["none"]))
    return key


def choropleth(base: Base, shaded: list[Shaded], label: str) -> str:
    """An indicator's latest figures by area, each area's value (and name, where they fit)
    on it; the key is the page's (``choropleth_key``)."""
    by_code = {s.code: s for s in shaded}
    fills, hatches, labels = [], [], []
    for c, d in base.paths:
        s = by_code.get(c)
        colour = NONE if s is None or s.shade is None else SCALE[s.shade]
        fills.append(f'<path d="{d}" fill="{colour}"/>')
        if s is not None and s.worse:
            hatches.append(f'<path d="{d}"/>')
        point, room = base.label(c), base.room(c)
        if s is not None and s.label and point:
            both = [plain(s.name), plain(s.label)]
            widest = max(both, key=width)
            lines = both if fits(widest, room, 2) else both[1:] if fits(both[1], room) else []
            if lines:
                labels.append(_label(point[0], point[1], lines))
    body = (_hatch(HATCH) + f'<g stroke="{LINE}" stroke-width="1">{"".join(fills)}</g>'
            f'<g fill="url(#{HATCH})" stroke="#0b0c0c" stroke-width="1.5">{"".join(hatches)}</g>' + "".join(labels))
    return _svg(base, label, body)
