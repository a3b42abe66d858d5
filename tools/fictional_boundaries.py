"""Fictional, plausible ward boundaries for a fictional council: a wobbly outline cut into
one cell per ward around seeds spread across it (a Voronoi diagram, by clipping the
outline with the half-plane nearer each seed), with every edge bent by one smooth
displacement field, so that neighbours' shared edges stay shared and nothing looks ruled.

The same names and seed always give the same GeoJSON (contract 1.1's ``boundaries``:
longitude and latitude, a Polygon per area, its code in ``properties.code``). Used for the
sample council (tools/make_sample.py writes data/boundaries.geojson) and for generated
councils (tools/synth.py).
"""

from __future__ import annotations

import json
import math
import random

CENTRE = (-1.62, 52.48)  # somewhere in England (the sample council is fictional)
SIZE = 0.11  # degrees of latitude from the centre to the outline, about 12 km
STEP = 0.01  # edges are cut into pieces this long before they are bent


def _outline(rng: random.Random) -> list[tuple[float, float]]:
    a, b, c = (rng.uniform(0, 2 * math.pi) for _ in range(3))
    pts = []
    for k in range(72):
        t = 2 * math.pi * k / 72
        r = 1 + 0.14 * math.sin(3 * t + a) + 0.07 * math.sin(5 * t + b) + 0.04 * math.sin(9 * t + c)
        pts.append((1.25 * r * math.cos(t), r * math.sin(t)))
    return pts


def _inside(p, poly) -> bool:
    x, y = p
    hit = False
    for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def _clip(poly, a, b):
    """The part of ``poly`` nearer seed ``a`` than seed ``b`` (Sutherland-Hodgman, one half-plane)."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]
    side = lambda p: (p[0] - mx) * nx + (p[1] - my) * ny  # noqa: E731 (< 0: a's side)
    out = []
    for p, q in zip(poly, poly[1:] + poly[:1]):
        sp, sq = side(p), side(q)
        if sp <= 0:
            out.append(p)
        if (sp < 0) != (sq < 0) and sp != sq:
            t = sp / (sp - sq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def _seeds(n: int, outline, rng: random.Random) -> list[tuple[float, float]]:
    seeds = []
    while len(seeds) < n:
        p = (rng.uniform(-1.4, 1.4), rng.uniform(-1.2, 1.2))
        if _inside(p, outline) and all(math.dist(p, s) > 1.6 / math.sqrt(n) for s in seeds):
            seeds.append(p)
    for _ in range(3):  # Lloyd's relaxation: cells of more even size
        cells = [_cell(k, seeds, outline) for k in range(n)]
        seeds = [(sum(x for x, _ in c) / len(c), sum(y for _, y in c) / len(c)) if c else s
                 for c, s in zip(cells, seeds)]
    return seeds


def _cell(k, seeds, outline):
    poly = outline
    for j, other in enumerate(seeds):
        if j != k and poly:
            poly = _clip(poly, seeds[k], other)
    return poly


def _bend(p, phase):
    x, y = p
    a, b = phase
    dx = 0.035 * (math.sin(6.1 * x + 3.7 * y + a) + 0.6 * math.sin(13.3 * y - 7.9 * x + b) + 0.3 * math.sin(29 * x))
    dy = 0.035 * (math.sin(5.3 * y - 4.1 * x + b) + 0.6 * math.sin(11.7 * x + 8.3 * y + a) + 0.3 * math.sin(31 * y))
    return x + dx, y + dy


def _densify(poly):
    out = []
    for p, q in zip(poly, poly[1:] + poly[:1]):
        m = max(1, math.ceil(math.dist(p, q) / (STEP / SIZE)))
        out += [(p[0] + (q[0] - p[0]) * i / m, p[1] + (q[1] - p[1]) * i / m) for i in range(m)]
    return out


def boundaries(codes: list[str], names: list[str], seed: int = 1) -> dict:
    """A GeoJSON FeatureCollection with one fictional ward per code."""
    rng = random.Random(seed)
    outline = _outline(rng)
    seeds = _seeds(len(codes), outline, rng)
    phase = (rng.uniform(0, 6.28), rng.uniform(0, 6.28))
    k = math.cos(math.radians(CENTRE[1]))
    features = []
    for i, (code, name) in enumerate(zip(codes, names)):
        ring = [_bend(p, phase) for p in _densify(_cell(i, seeds, outline))]
        coords = [[round(CENTRE[0] + x * SIZE / k, 6), round(CENTRE[1] + y * SIZE, 6)] for x, y in ring]
        if sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(coords, coords[1:] + coords[:1])) < 0:
            coords.reverse()  # RFC 7946: an outer ring runs anticlockwise
        coords.append(coords[0])
        features.append({"type": "Feature", "properties": {"code": code, "name": name},
                         "geometry": {"type": "Polygon", "coordinates": [coords]}})
    return {"type": "FeatureCollection", "features": features}


def geojson_bytes(codes: list[str], names: list[str], seed: int = 1) -> bytes:
    return (json.dumps(boundaries(codes, names, seed), separators=(",", ":")) + "\n").encode("utf-8")
