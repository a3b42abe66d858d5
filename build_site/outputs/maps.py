"""Maps, stage one: the areas' shapes (``boundaries``) projected, simplified and made into
SVG path data once per build (``Base``), for ``map_svg`` to draw the maps from.

Projection: a council is small (tens of kilometres), so an equirectangular projection
centred on it (longitude scaled by the cosine of its middle latitude) draws it as the
British National Grid would, to well under a pixel at these sizes; no projection
library is needed. Simplification: Douglas-Peucker on each ring, to a fifth of a pixel
of the drawing (``TOLERANCE``), so neighbouring areas' shared edges stay together; the
coordinates are rounded to a tenth of a pixel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from build_site.inputs.boundaries import Shapes

WIDTH = 640.0  # the drawing's width (SVG units; the page scales it to its column)
MOST_HEIGHT = 560.0
PAD = 6.0
TOLERANCE = 0.2
MOST_PATH = 36_000  # characters of path data in one drawing, so that every map stays under 60 KB


@dataclass(frozen=True)
class Base:
    """Every area's outline as SVG path data, in one drawing ``width`` by ``height``, and the
    point inside each area where its label goes."""

    width: float
    height: float
    paths: tuple[tuple[str, str], ...]  # (code, d), in the order of the areas
    labels: tuple[tuple[str, tuple[float, float, float, float]], ...]  # (code, (x, y, room across, room up))

    def path(self, code: str) -> str | None:
        return dict(self.paths).get(code)

    def label(self, code: str) -> tuple[float, float] | None:
        spot = dict(self.labels).get(code)
        return None if spot is None else spot[:2]

    def room(self, code: str) -> tuple[float, float]:
        """How wide and how tall a label at the area's point can be and stay inside it."""
        spot = dict(self.labels).get(code)
        return (0.0, 0.0) if spot is None else spot[2:]


def _simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker, without recursion (a long coastline would be deep)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        far, at = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / length if length else math.hypot(px - ax, py - ay)
            if d > far:
                far, at = d, i
        if far > tol:
            keep[at] = True
            stack += [(a, at), (at, b)]
    return [p for p, k in zip(points, keep) if k]


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _ring_d(ring: list[tuple[float, float]]) -> str:
    pts: list[tuple[str, str]] = []
    for x, y in ring:
        p = (_num(x), _num(y))
        if not pts or pts[-1] != p:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()
    if len(pts) < 3:
        return ""
    return "M" + " ".join(f"{x} {y}" for x, y in pts) + "Z"


def _area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _crossings(rings, y: float) -> list[float]:
    xs = []
    for ring in rings:
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 <= y) != (y1 <= y):
                xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
    return sorted(xs)


def _stretch(rings, x: float, y: float) -> float:
    """How far the inside of the rings reaches up and down from (x, y), twice the nearer."""
    flipped = [[(b, a) for a, b in ring] for ring in rings]
    ys = _crossings(flipped, x)
    for y0, y1 in zip(ys[::2], ys[1::2]):
        if y0 <= y <= y1:
            return 2 * min(y - y0, y1 - y)
    return 0.0


def label_point(polygons: list[list[list[tuple[float, float]]]]) -> tuple[float, float, float, float]:
    """A point well inside the largest polygon, and the room a label has there (across,
    up and down): across it at the height of its centre of area, the middle of the widest
    stretch inside it (a centroid can fall outside a crescent)."""
    rings = max(polygons, key=lambda rs: abs(_area(rs[0])))
    outer = rings[0]
    ys = [p[1] for p in outer]
    best = (0.0, (sum(p[0] for p in outer) / len(outer), sum(ys) / len(ys)))
    for f in (0.5, 0.35, 0.65, 0.2, 0.8):
        y = min(ys) + f * (max(ys) - min(ys))
        xs = _crossings(rings, y)
        for x0, x1 in zip(xs[::2], xs[1::2]):
            if x1 - x0 > best[0]:
                best = (x1 - x0, ((x0 + x1) / 2, y))
        if best[0] > 0 and f == 0.5:
            break
    x, y = best[1]
    return round(x, 1), round(y, 1), round(best[0], 1), round(_stretch(rings, x, y), 1)


def base(shapes: Shapes, order: list[str]) -> Base | None:
    """The drawing of the areas in ``order`` that have shapes (None: no area has one)."""
    codes = [c for c in order if c in shapes]
    if not codes:
        return None
    positions = [p for c in codes for poly in shapes[c] for ring in poly for p in ring]
    lon_lo, lon_hi = min(p[0] for p in positions), max(p[0] for p in positions)
    lat_lo, lat_hi = min(p[1] for p in positions), max(p[1] for p in positions)
    k = math.cos(math.radians((lat_lo + lat_hi) / 2))
    span_x, span_y = max((lon_hi - lon_lo) * k, 1e-9), max(lat_hi - lat_lo, 1e-9)
    scale = min((WIDTH - 2 * PAD) / span_x, (MOST_HEIGHT - 2 * PAD) / span_y)
    off_x = (WIDTH - span_x * scale) / 2
    height = round(span_y * scale + 2 * PAD, 1)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return off_x + (lon - lon_lo) * k * scale, PAD + (lat_hi - lat) * scale

    drawn = _fitted({c: [[[project(*p) for p in ring] for ring in poly] for poly in shapes[c]] for c in codes})
    paths, labels = [], []
    for c in codes:
        d = "".join(_ring_d(r) for poly in drawn[c] for r in poly)
        if d:
            paths.append((c, d))
            labels.append((c, label_point([poly for poly in drawn[c] if len(poly[0]) >= 3] or drawn[c])))
    return Base(WIDTH, height, tuple(paths), tuple(labels)) if paths else None


def _extent(ring) -> float:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


def _fitted(projected: dict[str, list]) -> dict[str, list]:
    """Each area's polygons simplified to a fifth of a pixel; where the drawing would still
    hold more than MOST_PATH characters of path data (a file far more detailed than a map
    needs), simplified again at twice the tolerance, leaving out the pieces and holes
    smaller than it (each area keeps its largest piece), until it fits."""
    tolerance, drawn = TOLERANCE, projected
    while True:
        drawn = {c: [[_simplify(r, tolerance) for r in poly] for poly in polys] for c, polys in drawn.items()}
        size = sum(len(_ring_d(r)) for polys in drawn.values() for poly in polys for r in poly)
        if size <= MOST_PATH or tolerance > WIDTH:
            return drawn
        tolerance *= 2
        for c, polys in drawn.items():
            largest = max(polys, key=lambda poly: _extent(poly[0]))
            kept = [poly for poly in polys if _extent(poly[0]) >= tolerance] or [largest]
            drawn[c] = [[poly[0]] + [r for r in poly[1:] if _extent(r) >= tolerance] for poly in kept]
