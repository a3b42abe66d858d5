"""Stage 4, charts: one SVG per indicator, drawn with matplotlib.

A chart is described by a frozen, hashable ``ChartSpec`` (plain numbers and
dates), so the same spec always gives the same bytes and a content-addressed
cache can skip charts whose data did not change. Text stays as text in the SVG.

Speed: a chart is a handful of small artists placed on a bare Figure in points
(shapes, labels, markers), with the scales, ticks and legend laid out here in a
few lines of arithmetic, and saved by matplotlib's SVG backend. matplotlib's
Axes, Axis and Legend machinery (tick objects, auto limits, legend boxes) cost
about 45 ms a chart, and its general-purpose Line2D, PathPatch and Text about 2
ms more; this way a chart takes about 2 ms, and looks the same on every page:
the plot area is fixed.
"""

from __future__ import annotations

import hashlib
import io
import math
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib.artist import Artist
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure  # (a bare Figure saved as SVG: no backend is chosen, none is changed)
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path as MPath
from matplotlib.textpath import TextToPath
from matplotlib.transforms import Affine2D, IdentityTransform

from .chart_scales import mid, segments, steps, tick_decimals, tick_label, y_ticks, year_ticks

# Okabe-Ito colour-blind-safe palette
VALUE = "#0072B2"
TARGET = "#000000"
BAND = "#E69F00"
BENCH = ("#009E73", "#CC79A7", "#D55E00", "#56B4E9")
INK = "#0b0c0c"
AXIS = "#505a5f"
GRID = "#dddddd"
STYLE = {"svg.fonttype": "none", "svg.hashsalt": "build-site", "path.simplify": True,
         "font.sans-serif": ["DejaVu Sans"]}  # metrics from matplotlib's own font; the SVG falls back to sans-serif
FONT = FontProperties(family="sans-serif", size=10)
SMALL = FontProperties(family="sans-serif", size=9)
FONTS = {10: FONT, 9: SMALL}  # axis labels, legend

# Layout, in points (the SVG's own units): a fixed plot area, tick labels beside
# it, and the legend in rows underneath (the chart grows taller past two rows).
WIDTH, PLOT_HEIGHT = 504.0, 156.0
LEFT, RIGHT, TOP = 66.0, 494.0, 11.0
TICK, TICK_PAD = 3.5, 3.5
LEGEND_ROW, LEGEND_GAP, SAMPLE = 15.0, 16.0, 22.0
BELOW = 30.0  # from the plot's bottom edge down to the first legend row's centre
MIN_DAYS = 400  # the x axis always spans at least this many days, so it has a year on it

# Cached charts are keyed by their spec and by this drawing code and matplotlib's
# version, so a change to either redraws everything.
VERSION = hashlib.sha256(Path(__file__).read_bytes() + Path(__file__).with_name("chart_scales.py").read_bytes()
                         + matplotlib.__version__.encode()).hexdigest()[:16]


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


@lru_cache(maxsize=4096)
def _metrics(text: str, size: float) -> tuple[float, float, float]:
    """Width, height and descent in points of text set in the chart's font (matplotlib's own metrics)."""
    return TextToPath().get_text_width_height_descent(text, FONTS[size], ismath=False)


def text_width(text: str, size: float) -> float:
    return _metrics(text, size)[0]


class Label(Artist):
    """One line of plain text at a point, aligned like matplotlib's Text, written as the
    SVG renderer writes text (svg.fonttype "none": the SVG keeps it as text, anchored
    start, middle or end).

    matplotlib's Text re-measures its string with FreeType on every draw and works its
    style out again for every label; a chart's labels are the same few strings and two
    styles, so this measures once per process and writes the <text> element itself.
    Never read as mathtext: a "$" in a benchmark's name is just a "$"."""

    def __init__(self, x: float, y: float, text: str, size: float, ha: str = "center", va: str = "center"):
        super().__init__()
        self._xy, self._text, self._size, self._ha, self._va = (x, y), text, size, ha, va

    def draw(self, renderer) -> None:
        _w, h, d = _metrics("lp", self._size)  # matplotlib aligns every line by these
        x, y = self._xy
        baseline = y - h / 2 + d if self._va == "center" else y - h + d  # "center" or "top"
        # the SVG renderer's own <text> (draw() saves SVG), its style worked out once
        renderer.writer.element("text", self._text, x=_num(x), y=_num(renderer.height - baseline),
                                style=_text_style(self._size, self._ha))


class Marks(Artist):
    """A marker at each point: one SVG path through the points, invisible itself, with the
    marker shape (defined once per chart, shape and colour) at every vertex. matplotlib's
    SVG renderer writes an element per point, and markers were most of a chart's elements
    and of the time it took to draw it. ``define`` writes the shape's definition."""

    zorder = 2  # with the lines, drawn in the order added

    def __init__(self, xs, ys, marker: str, size: float, color: str, transform, ident: str, define: bool):
        super().__init__()
        self._points = [(x, y) for x, y in zip(xs, ys) if y is not None and math.isfinite(y)]
        self._marker, self._size, self._color, self._id, self._define = marker, size, color, ident, define
        self.set_transform(transform)

    def draw(self, renderer) -> None:
        writer = renderer.writer  # (draw() saves SVG)
        if self._define:
            shape, filled = _marker_shape(self._marker, self._size)
            side = _num(2 * self._size)  # room for the shape (half the size each way) and its outline
            writer.start("defs")
            writer.start("marker", id=self._id, markerUnits="userSpaceOnUse", viewBox=f"-{_num(self._size)} "
                         f"-{_num(self._size)} {side} {side}", markerWidth=side, markerHeight=side, refX="0", refY="0")
            color = self._color.lower()
            writer.element("path", d=shape, style=f"fill: {color if filled else 'none'}; stroke: {color}")
            writer.end("marker")
            writer.end("defs")
        if not self._points:
            return
        height = renderer.height
        points = self.get_transform().transform(self._points)
        d = "M " + " L ".join(f"{_num(x)} {_num(height - y)}" for x, y in points)
        end = f"url(#{self._id})"
        writer.element("path", d=d, style=f"fill: none; stroke: none; marker-start: {end}; marker-mid: {end}; "
                                          f"marker-end: {end}")


class Shape(Artist):
    """A path, stroked or filled, handed straight to the renderer: what a PathPatch (or, with
    ``line``, a Line2D) draws, without the property machinery that made building and drawing
    them cost more than the drawing. ``dashes`` are in points; alpha applies to the whole shape."""

    def __init__(self, path: MPath, transform, *, edge: str | None = None, width: float = 0.0,
                 face: str | None = None, alpha: float | None = None, dashes: tuple | None = None,
                 line: bool = False):
        super().__init__()
        self._path, self._edge, self._width, self._face, self._alpha_ = path, edge, width, face, alpha
        self._dashes = dashes
        self._join, self._cap = ("round", "butt" if dashes else "projecting") if line else ("miter", "butt")
        self.zorder = 2 if line else 1  # lines over patches, as matplotlib orders them
        self.set_transform(transform)

    def draw(self, renderer) -> None:
        gc = renderer.new_gc()
        gc.set_foreground(self._edge or "none")
        gc.set_linewidth(self._width if self._edge else 0)
        gc.set_joinstyle(self._join)
        gc.set_capstyle(self._cap)
        gc.set_alpha(self._alpha_)
        if self._dashes:
            gc.set_dashes(0, self._dashes)
        face = to_rgba(self._face, self._alpha_) if self._face else None
        renderer.draw_path(gc, self._path, self.get_transform(), face)
        gc.restore()


@lru_cache(maxsize=None)
def _marker_shape(marker: str, size: float) -> tuple[str, bool]:
    """A matplotlib marker's outline as SVG path data, in points about (0, 0), and whether it is filled."""
    style = MarkerStyle(marker)
    return _path_data(style.get_path(), style.get_transform().frozen().scale(size, -size)), style.is_filled()


def _num(x: float) -> str:
    """A coordinate as matplotlib's SVG writes one: six decimals at most, no trailing zeros."""
    text = f"{x:f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@lru_cache(maxsize=None)
def _text_style(size: float, ha: str) -> str:
    family = ", ".join([*(f"'{f}'" for f in STYLE["font.sans-serif"]), "sans-serif"])
    anchor = {"left": "start", "right": "end", "center": "middle"}[ha]
    return f"font-size: {_num(size)}px; font-family: {family}; text-anchor: {anchor}; fill: {INK}"


def _path_data(path: MPath, transform) -> str:
    """SVG path data for a (marker) path: straight and cubic segments, closed where it closes."""
    out = []
    for vertices, code in path.iter_segments(transform, simplify=False):
        pts = " ".join(_num(v) for v in vertices)
        out.append({MPath.MOVETO: f"M {pts}", MPath.LINETO: f"L {pts}", MPath.CURVE3: f"Q {pts}",
                    MPath.CURVE4: f"C {pts}", MPath.CLOSEPOLY: "z"}[code])
    return " ".join(out)


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


def _legend(spec: ChartSpec, banded: bool) -> list[list[tuple[float, tuple]]]:
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
    rows, x = [[]], LEFT
    for entry in entries:
        width = SAMPLE + 6 + text_width(entry[2], 9)
        if rows[-1] and x + width > RIGHT:
            rows.append([])
            x = LEFT
        rows[-1].append((x, entry))
        x += width + LEGEND_GAP
    return rows


def _bottom(rows: int) -> float:
    return BELOW + LEGEND_ROW * (rows - 1) + 10


def pixel_size(spec: ChartSpec) -> tuple[int, int]:
    """The chart's size in CSS pixels (its SVG is in points), for the page's <img>."""
    height = _bottom(len(_legend(spec, _banded(spec)))) + PLOT_HEIGHT + TOP
    return round(WIDTH * 4 / 3), round(height * 4 / 3)


def _draw_legend(fig: Figure, rows, y0: float, ident, shapes: dict) -> None:
    """The legend's rows below the plot: a sample of each line or band, and its name."""
    for r, row in enumerate(rows):
        cy = y0 - BELOW - LEGEND_ROW * r
        for x, (kind, style, label) in row:
            if kind == "patch":
                fig.add_artist(Shape(MPath([(x, cy - 4), (x + SAMPLE, cy - 4), (x + SAMPLE, cy + 4), (x, cy + 4),
                                            (x, cy - 4)], closed=True), ident, face=BAND, alpha=0.3))
            else:
                _line(fig, [x, x + SAMPLE], [cy, cy], {**style, "marker": None}, ident, shapes)
                _line(fig, [x + SAMPLE / 2], [cy], style, ident, shapes)
            fig.add_artist(Label(x + SAMPLE + 6, cy, label, 9, ha="left"))


def draw(spec: ChartSpec) -> bytes:
    """The chart as SVG bytes: values, target steps, tolerance band, dashed benchmarks."""
    mids = [mid(s, e) for s, e in zip(spec.starts, spec.ends)]
    edges = [s.toordinal() for s in spec.starts] + ([spec.ends[-1].toordinal() + 1] if spec.ends else [])
    banded = _banded(spec)
    if spec.polarity == "higher":
        base, top = spec.lows, spec.targets
    else:
        base, top = spec.targets, spec.highs
    bench = [(group, [(d.toordinal(), v) for d, v in points]) for group, points in spec.benchmarks]

    # scales
    xs = (edges if banded else mids) + [x for _g, pts in bench for x, _v in pts]
    x_lo, x_hi = (min(xs), max(xs)) if xs else (0.0, 1.0)
    pad = max((x_hi - x_lo) * 0.02, (MIN_DAYS - (x_hi - x_lo)) / 2)  # a short series still spans a new year
    x_lo, x_hi = x_lo - pad, x_hi + pad
    ys = [v for v in spec.values + spec.targets if v is not None] + [v for _g, pts in bench for _x, v in pts]
    if banded:
        ys += [v for b, t in zip(base, top) if b is not None and t is not None for v in (b, t)]
    yt = y_ticks(min(ys), max(ys)) if ys else y_ticks(0.0, 1.0)
    y_lo, y_hi = yt[0], yt[-1]

    rows = _legend(spec, banded)
    entries = [entry for row in rows for _x, entry in row]
    bottom = _bottom(len(rows))
    height = bottom + PLOT_HEIGHT + TOP
    y0, y1 = bottom, bottom + PLOT_HEIGHT

    sx = (RIGHT - LEFT) / (x_hi - x_lo)
    sy = (y1 - y0) / (y_hi - y_lo)
    data = Affine2D().translate(-x_lo, -y_lo).scale(sx, sy).translate(LEFT, y0)
    px = lambda v: LEFT + (v - x_lo) * sx  # noqa: E731
    py = lambda v: y0 + (v - y_lo) * sy  # noqa: E731

    fig = Figure(figsize=(WIDTH / 72, height / 72), dpi=72)
    fig.patch.set_visible(False)
    ident = IdentityTransform()

    # grid, axes and ticks
    fig.add_artist(Shape(segments(((LEFT, py(t)), (RIGHT, py(t))) for t in yt[1:]), ident, edge=GRID, width=0.6))
    years = [y for y in year_ticks(math.ceil(x_lo), math.floor(x_hi)) if x_lo <= date(y, 1, 1).toordinal() <= x_hi]
    ticks = [((LEFT - TICK, py(t)), (LEFT, py(t))) for t in yt]
    ticks += [((px(date(y, 1, 1).toordinal()), y0 - TICK), (px(date(y, 1, 1).toordinal()), y0)) for y in years]
    fig.add_artist(Shape(segments(ticks), ident, edge=AXIS, width=0.8))
    fig.add_artist(Shape(segments([((LEFT, y1), (LEFT, y0)), ((LEFT, y0), (RIGHT, y0))]), ident, edge=AXIS,
                         width=0.8))
    d = tick_decimals(yt)
    for t in yt:
        fig.add_artist(Label(LEFT - TICK - TICK_PAD, py(t), tick_label(t, spec.unit, d, spec.scale), 10, ha="right"))
    for y in years:
        fig.add_artist(Label(px(date(y, 1, 1).toordinal()), y0 - TICK - TICK_PAD, str(y), 10, va="top"))

    # data
    shapes: dict[tuple, str] = {}  # marker shapes defined so far
    if banded:
        band = steps(edges, list(top), list(base))
        if band is not None:
            fig.add_artist(Shape(band, data, face=BAND, alpha=0.3))
        line = steps(edges, list(spec.targets), None)
        if line is not None:
            fig.add_artist(Shape(line, data, edge=TARGET, width=1.4))
    elif any(t is not None for t in spec.targets):
        _line(fig, mids, spec.targets, entries[1][1], data, shapes)
    _line(fig, mids, spec.values, entries[0][1], data, shapes)
    for k, (_group, pts) in enumerate(bench):
        _line(fig, [x for x, _ in pts], [v for _, v in pts], entries[len(entries) - len(bench) + k][1], data, shapes)

    _draw_legend(fig, rows, y0, ident, shapes)
    buf = io.BytesIO()
    with settings():
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


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
        matplotlib.rcParams.update(STYLE)
        _styled = True
        try:
            yield
        finally:
            _styled = False
