"""Stage 4, charts: two SVGs per indicator, drawn with matplotlib: one for a wide column
(``WIDE``) and one for a phone (``NARROW``), so that the text is at least 12 CSS pixels
wherever the page shows one (the page's CSS picks by the width it has).

A chart is described by a frozen, hashable ``ChartSpec`` (plain numbers and dates), so the
same spec always gives the same bytes and a content-addressed cache can skip charts whose
data did not change. Text stays as text in the SVG. Where each figure sits on a chart
(``points``) is worked out from the spec by the same arithmetic that draws it, so a page
can put a focusable point over each one without reading the SVG.

Speed: a chart is a handful of small artists (``chart_artists``) placed on a bare Figure in
points, with the scales, ticks and legend laid out here in a few lines of arithmetic, and
saved by matplotlib's SVG backend. matplotlib's Axes, Axis and Legend machinery (tick
objects, auto limits, legend boxes) cost about 45 ms a chart, and its general-purpose
Line2D, PathPatch and Text about 2 ms more; this way a chart takes about 2 ms, and looks
the same on every page: the plot area is fixed (on the wide chart).
"""

from __future__ import annotations

import hashlib
import io
import math
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.figure import Figure  # (a bare Figure saved as SVG: no backend is chosen, none is changed)
from matplotlib.path import Path as MPath
from matplotlib.transforms import Affine2D, IdentityTransform

from build_site.outputs.chart_artists import FAMILIES, Label, Marks, Shape, text_width
from build_site.outputs.chart_scales import mid, segments, steps, tick_decimals, tick_label, y_ticks, year_ticks

# Okabe-Ito colour-blind-safe palette
VALUE = "#0072B2"
TARGET = "#000000"
BAND = "#E69F00"
BAND_ALPHA = 0.3
BAND_OPAQUE = "#F8E2B2"  # BAND at BAND_ALPHA over white
BENCH = ("#009E73", "#CC79A7", "#D55E00", "#56B4E9")
AXIS = "#505a5f"
GRID = "#dddddd"
STYLE: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": "build-site", "path.simplify": True, "font.sans-serif": FAMILIES}


@dataclass(frozen=True)
class Layout:
    """A chart's size and type, in points (the SVG's own units; a CSS pixel is 3/4 of one).

    ``left`` is where the plot starts (None: as far in as the tick labels need). The text is
    ``size`` points, so ``size * 4 / 3`` CSS pixels when the chart is shown at its own
    width: the page never shows the wide chart narrower than ``WIDE_FROM`` pixels, nor the
    narrow one narrower than a phone's column (``NARROW_LEAST``)."""

    name: str  # the chart's file, beside the indicator's page
    width: float
    plot_height: float
    size: float
    left: float | None
    right: float
    legend_gap: float
    opaque: bool = False  # the band in a colour of its own, not see-through (print: smaller, and no blending)


WIDE = Layout("chart.svg", 504.0, 156.0, 10.5, 66.0, 10.0, 16.0)
NARROW = Layout("chart-narrow.svg", 240.0, 150.0, 10.5, None, 8.0, 10.0)
LAYOUTS = (WIDE, NARROW)
PRINT = Layout("report", 252.0, 112.0, 8.5, None, 6.0, 10.0, opaque=True)  # beside the facts in a report's PDF
WIDE_FROM = 600  # CSS pixels: a column narrower than this shows the narrow chart
NARROW_LEAST = 288  # a 320-pixel phone's column
TOP, TICK, TICK_PAD, SAMPLE = 11.0, 3.5, 3.5, 22.0
MIN_DAYS = 400  # the x axis always spans at least this many days, so it has a year on it

# Cached charts are keyed by their spec and by this drawing code and matplotlib's
# version, so a change to either redraws everything.
VERSION = hashlib.sha256(b"".join(Path(__file__).with_name(name).read_bytes() for name in (
    "charts.py", "chart_scales.py", "chart_artists.py")) + matplotlib.__version__.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ChartSpec:
    unit: str
    decimals: int
    polarity: str
    starts: tuple[date, ...]
    ends: tuple[date, ...]
    values: tuple[float | None, ...]
    targets: tuple[float | None, ...]
    lows: tuple[float | None, ...]
    highs: tuple[float | None, ...]
    benchmarks: tuple[tuple[str, tuple[tuple[date, float], ...]], ...] = ()
    target_label: str = "Target"  # (the legend's words: given by pages.chart_spec, from the catalogue)
    band_label: str = "Near-target band"
    scale: str = ""  # after amounts in pounds: k, m or bn (unit_label thousands, millions, billions)
    value_label: str = "Value"

    def key(self) -> str:
        return hashlib.sha256((VERSION + repr(self)).encode()).hexdigest()[:32]


# --------------------------------------------------------------------------- drawing

def _line(fig: Figure, xs, ys, style: dict, transform, shapes: dict) -> None:
    """A line through the points (broken where a value is missing), and its markers; ``shapes``
    holds the ids of the marker shapes this chart has defined."""
    width, color = style.get("linewidth", 1), style["color"]
    if width > 0 and len(xs) > 1:
        dashes = tuple(d * width for d in matplotlib.rcParamsDefault["lines.dashed_pattern"]) \
            if style.get("linestyle") == "--" else None  # matplotlib's dashes, scaled by the width as it does
        fig.add_artist(Shape(MPath([(x, math.nan if y is None else y) for x, y in zip(xs, ys)]), transform,
                             edge=color, width=width, dashes=dashes, line=True))
    if style.get("marker"):
        marker, size = style["marker"], style["markersize"]
        first = (marker, size, color) not in shapes
        ident = shapes.setdefault((marker, size, color), f"m{len(shapes)}")
        fig.add_artist(Marks(xs, ys, marker, size, color, transform, ident, define=first))


def _banded(spec: ChartSpec) -> bool:
    """Targets drawn as steps with a band (contiguous periods), or as marks."""
    contiguous = all(spec.ends[i].toordinal() + 1 == spec.starts[i + 1].toordinal() for i in range(len(spec.starts) - 1))
    return any(t is not None for t in spec.targets) and contiguous and spec.polarity != "none"


def _legend(spec: ChartSpec, banded: bool, lay: Layout, left: float) -> list[list[tuple[float, tuple]]]:
    """The legend's entries, laid out in rows: [(x, (kind, style, label)), ...] per row."""
    entries = [("line", dict(color=VALUE, linewidth=2, marker="o", markersize=3.5), spec.value_label)]
    if banded:
        entries.append(("line", dict(color=TARGET, linewidth=1.4), spec.target_label))
        entries.append(("patch", {}, spec.band_label))
    elif any(t is not None for t in spec.targets):
        entries.append(("line", dict(color=TARGET, linewidth=0, marker="_", markersize=10), spec.target_label))
    for k, (group, _pts) in enumerate(spec.benchmarks):
        entries.append(("line", dict(color=BENCH[k % len(BENCH)], linestyle="--", linewidth=1.4, marker="s",
                                     markersize=3), group))
    start = min(left, 8.0) if lay.left is None else left  # (a narrow chart's legend uses the whole width)
    rows: list[list[Any]] = [[]]
    x = start
    for entry in entries:
        width = SAMPLE + 6 + text_width(entry[2], lay.size)
        if rows[-1] and x + width > lay.width - lay.right:
            rows.append([])
            x = start
        rows[-1].append((x, entry))
        x += width + lay.legend_gap
    return rows


@dataclass(frozen=True)
class Geometry:
    """Where everything on one chart goes, in points from its bottom left corner."""

    lay: Layout
    left: float
    right: float
    height: float
    y0: float  # the plot's bottom edge
    x_lo: float
    x_hi: float
    y_ticks: tuple[float, ...]
    years: tuple[int, ...]
    rows: tuple
    banded: bool
    mids: tuple[float, ...]
    edges: tuple[float, ...]

    def px(self, v: float) -> float:
        return self.left + (v - self.x_lo) * (self.right - self.left) / (self.x_hi - self.x_lo)

    def py(self, v: float) -> float:
        lo, hi = self.y_ticks[0], self.y_ticks[-1]
        return self.y0 + (v - lo) * self.lay.plot_height / (hi - lo)


@lru_cache(maxsize=256)
def _scales(spec: ChartSpec) -> tuple:
    """What every layout of a chart shares: (mids, edges, banded, x range, y ticks)."""
    mids = tuple(mid(s, e) for s, e in zip(spec.starts, spec.ends))
    edges = tuple([s.toordinal() for s in spec.starts] + ([spec.ends[-1].toordinal() + 1] if spec.ends else []))
    banded = _banded(spec)
    base, top = (spec.lows, spec.targets) if spec.polarity == "higher" else (spec.targets, spec.highs)
    bench = [(d.toordinal(), v) for _group, points in spec.benchmarks for d, v in points]
    xs = list(edges if banded else mids) + [x for x, _v in bench]
    x_lo, x_hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
    pad = max((x_hi - x_lo) * 0.02, (MIN_DAYS - (x_hi - x_lo)) / 2)  # a short series still spans a new year
    ys = [v for v in spec.values + spec.targets if v is not None] + [v for _x, v in bench]
    if banded:
        ys += [v for b, t in zip(base, top) if b is not None and t is not None for v in (b, t)]
    yt = y_ticks(min(ys), max(ys)) if ys else y_ticks(0.0, 1.0)
    return mids, edges, banded, x_lo - pad, x_hi + pad, tuple(yt)


@lru_cache(maxsize=512)
def geometry(spec: ChartSpec, lay: Layout = WIDE) -> Geometry:
    """The chart's scales, ticks and legend rows in one layout: what ``draw`` and ``points`` share."""
    mids, edges, banded, x_lo, x_hi, yt = _scales(spec)
    left = lay.left
    if left is None:  # as far in as the widest tick label needs, but never past a third of the chart
        d = tick_decimals(yt)
        widest = max(text_width(tick_label(t, spec.unit, d, spec.scale), lay.size) for t in yt)
        left = min(widest + TICK + TICK_PAD + 2, lay.width / 3)
    right = lay.width - lay.right
    room = (text_width("2000", lay.size) + 8) / ((right - left) / (x_hi - x_lo)) / 365.25  # years a label needs
    years = tuple(y for y in year_ticks(math.ceil(x_lo), math.floor(x_hi), room)
                  if x_lo <= date(y, 1, 1).toordinal() <= x_hi)
    rows = _legend(spec, banded, lay, left)
    y0 = TICK + TICK_PAD + 2.2 * lay.size + 1.5 * lay.size * (len(rows) - 1) + 1.3 * lay.size
    return Geometry(lay, left, right, y0 + lay.plot_height + TOP, y0, x_lo, x_hi, yt, years,
                    tuple(tuple(r) for r in rows), banded, mids, edges)


def pixel_size(spec: ChartSpec, lay: Layout = WIDE) -> tuple[int, int]:
    """The chart's size in CSS pixels (its SVG is in points), for the page's <img>."""
    return round(lay.width * 4 / 3), round(geometry(spec, lay).height * 4 / 3)


def points(spec: ChartSpec, lay: Layout = WIDE) -> tuple[tuple[float, float] | None, ...]:
    """Where each figure's marker is, as fractions of the chart's width and height from its
    top left corner (None for a blank figure): for the page's focusable points."""
    g = geometry(spec, lay)
    return tuple(None if v is None or not math.isfinite(v) else (g.px(x) / lay.width, 1 - g.py(v) / g.height)
                 for x, v in zip(g.mids, spec.values))


def _band(lay: Layout) -> dict:
    return dict(face=BAND_OPAQUE) if lay.opaque else dict(face=BAND, alpha=BAND_ALPHA)


def _draw_legend(fig: Figure, g: Geometry, ident, shapes: dict) -> None:
    """The legend's rows below the plot: a sample of each line or band, and its name."""
    size = g.lay.size
    for r, row in enumerate(g.rows):
        cy = g.y0 - TICK - TICK_PAD - 2.2 * size - 1.5 * size * r
        for x, (kind, style, label) in row:
            if kind == "patch":
                fig.add_artist(Shape(MPath([(x, cy - 4), (x + SAMPLE, cy - 4), (x + SAMPLE, cy + 4), (x, cy + 4),
                                            (x, cy - 4)], closed=True), ident, **_band(g.lay)))
            else:
                _line(fig, [x, x + SAMPLE], [cy, cy], {**style, "marker": None}, ident, shapes)
                _line(fig, [x + SAMPLE / 2], [cy], style, ident, shapes)
            fig.add_artist(Label(x + SAMPLE + 6, cy, label, size, ha="left"))


def _draw_axes(fig: Figure, g: Geometry, spec: ChartSpec, ident) -> None:
    """The grid, the axes, their ticks and the tick labels."""
    left, right, y0, y1, px, py = g.left, g.right, g.y0, g.y0 + g.lay.plot_height, g.px, g.py
    fig.add_artist(Shape(segments(((left, py(t)), (right, py(t))) for t in g.y_ticks[1:]), ident, edge=GRID,
                         width=0.6))
    jan = [px(date(y, 1, 1).toordinal()) for y in g.years]
    ticks = [((left - TICK, py(t)), (left, py(t))) for t in g.y_ticks] + [((x, y0 - TICK), (x, y0)) for x in jan]
    fig.add_artist(Shape(segments(ticks), ident, edge=AXIS, width=0.8))
    fig.add_artist(Shape(segments([((left, y1), (left, y0)), ((left, y0), (right, y0))]), ident, edge=AXIS,
                         width=0.8))
    d = tick_decimals(list(g.y_ticks))
    for t in g.y_ticks:
        fig.add_artist(Label(left - TICK - TICK_PAD, py(t), tick_label(t, spec.unit, d, spec.scale), g.lay.size,
                             ha="right"))
    for y, x in zip(g.years, jan):
        fig.add_artist(Label(x, y0 - TICK - TICK_PAD, str(y), g.lay.size, va="top"))


def draw(spec: ChartSpec, lay: Layout = WIDE) -> bytes:
    """The chart as SVG bytes: values, target steps, tolerance band, dashed benchmarks."""
    g = geometry(spec, lay)
    fig = Figure(figsize=(lay.width / 72, g.height / 72), dpi=72)
    fig.patch.set_visible(False)
    ident = IdentityTransform()
    _draw_axes(fig, g, spec, ident)
    lo, hi = g.y_ticks[0], g.y_ticks[-1]
    data = Affine2D().translate(-g.x_lo, -lo).scale((g.right - g.left) / (g.x_hi - g.x_lo),
                                                     lay.plot_height / (hi - lo)).translate(g.left, g.y0)
    entries = [entry for row in g.rows for _x, entry in row]
    shapes: dict[tuple, str] = {}  # marker shapes defined so far
    if g.banded:
        base, top = (spec.lows, spec.targets) if spec.polarity == "higher" else (spec.targets, spec.highs)
        band = steps(list(g.edges), list(top), list(base))
        if band is not None:
            fig.add_artist(Shape(band, data, **_band(lay)))
        line = steps(list(g.edges), list(spec.targets), None)
        if line is not None:
            fig.add_artist(Shape(line, data, edge=TARGET, width=1.4))
    elif any(t is not None for t in spec.targets):
        _line(fig, g.mids, spec.targets, entries[1][1], data, shapes)
    _line(fig, g.mids, spec.values, entries[0][1], data, shapes)
    for k, (_group, pts) in enumerate(spec.benchmarks):
        _line(fig, [d.toordinal() for d, _ in pts], [v for _, v in pts], entries[len(entries) - len(spec.benchmarks)
                                                                              + k][1], data, shapes)
    _draw_legend(fig, g, ident, shapes)
    buf = io.BytesIO()
    with settings():
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return tidy(buf.getvalue())


_PROLOGUE = re.compile(rb"^<\?xml[^>]*\?>\s*<!DOCTYPE[^>]*>\s*|\s*<metadata>.*?</metadata>", re.S)
_GEOMETRY = re.compile(rb'(\s(?:d|x|y|width|height|viewBox)=")([^"]*)"')
_LONG = re.compile(rb"-?\d+\.\d{2,}")
_INDENT = re.compile(rb"\n[ \t]+")


def tidy(svg: bytes) -> bytes:
    """matplotlib's SVG as a page needs it: no XML prologue or metadata, no indentation, and
    coordinates to a tenth of a point (a 320 px drawing is 240 points wide). Words are untouched."""
    def tenths(m: re.Match) -> bytes:
        return b"%s%s\"" % (m.group(1), _LONG.sub(lambda k: (b"%.1f" % float(k.group())).replace(b"-0.0", b"0.0"),
                                                 m.group(2)))
    return _INDENT.sub(b"\n", _GEOMETRY.sub(tenths, _PROLOGUE.sub(b"", svg)))


def draw_all(spec: ChartSpec) -> dict[str, bytes]:
    """Every layout of the chart: {file name: SVG bytes}."""
    return {lay.name: draw(spec, lay) for lay in LAYOUTS}


_styled = False  # inside settings()


@contextmanager
def settings():
    """matplotlib's settings for drawing charts: its defaults (whatever a matplotlibrc on
    the machine says) and STYLE. Drawing many charts inside one ``with settings():`` sets
    them once rather than for each chart."""
    global _styled
    if _styled:
        yield
        return
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(STYLE)  # type: ignore[arg-type]
        _styled = True
        try:
            yield
        finally:
            _styled = False
