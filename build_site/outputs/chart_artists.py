"""The few drawing pieces a chart is made of, written as matplotlib's SVG renderer writes
them: a line of text (``Label``), markers along a line (``Marks``) and a stroked or filled
path (``Shape``). See ``charts`` for why the chart does not use matplotlib's own artists.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

from matplotlib.artist import Artist
from matplotlib.colors import to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path as MPath
from matplotlib.textpath import TextToPath

INK = "#0b0c0c"
FAMILIES = ["DejaVu Sans"]  # metrics from matplotlib's own font; the SVG falls back to sans-serif


@cache
def font(size: float) -> FontProperties:
    return FontProperties(family="sans-serif", size=size)


@lru_cache(maxsize=4096)
def _metrics(text: str, size: float) -> tuple[float, float, float]:
    """Width, height and descent in points of text set in the chart's font (matplotlib's own metrics)."""
    return TextToPath().get_text_width_height_descent(text, font(size), ismath=False)


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


@cache
def _marker_shape(marker: str, size: float) -> tuple[str, bool]:
    """A matplotlib marker's outline as SVG path data, in points about (0, 0), and whether it is filled."""
    style = MarkerStyle(marker)
    transform = style.get_transform().frozen()  # (an Affine2D, though typed as its base class)
    return _path_data(style.get_path(), transform.scale(size, -size)), style.is_filled()  # type: ignore[attr-defined]


def _num(x: float) -> str:
    """A coordinate as matplotlib's SVG writes one: six decimals at most, no trailing zeros."""
    text = f"{x:f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@cache
def _text_style(size: float, ha: str) -> str:
    family = ", ".join([*(f"'{f}'" for f in FAMILIES), "sans-serif"])
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
