"""The optional ``boundaries`` resource (contract 1.1): the areas' shapes, a GeoJSON
FeatureCollection (RFC 7946: longitude and latitude, WGS 84) such as ONS's generalised
ward boundaries. Read and checked here, as the contract says: each feature's
``properties.code`` is an area's code, used once, and its geometry a Polygon or
MultiPolygon of real positions. An area with no feature is allowed (it is not on the maps).

The shapes come back as plain tuples (``Shapes``: code -> polygons -> rings -> positions),
ready for ``maps`` to project and draw. Pure but for reading the one file.
"""

from __future__ import annotations

import json
import math
import statistics
from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.problems import Problem
from build_site.inputs.load import DESCRIPTOR, resource_file

NAME = "boundaries"
OUTSIZED = 20  # a shape whose box is this many times the median box is refused
MAX_BYTES = 50 * 1024 * 1024  # (ONS's generalised wards for all of England are about 40 MB)

Ring = tuple[tuple[float, float], ...]
Polygon = tuple[Ring, ...]
Shapes = dict[str, tuple[Polygon, ...]]


def resource(descriptor: dict) -> dict | None:
    found = [r for r in descriptor.get("resources", []) if isinstance(r, dict) and r.get("name") == NAME]
    return found[0] if found else None


def _problem(file: str, where: str | None, message: str, fix: str) -> Problem:
    return Problem(file, None, where, message, fix, "boundaries")


def _position(p) -> tuple[float, float] | None:
    if not isinstance(p, list) or len(p) < 2 or not all(isinstance(c, (int, float)) and not isinstance(c, bool)
                                                         for c in p[:2]):
        return None
    lon, lat = float(p[0]), float(p[1])
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return lon, lat


def _polygon(rings) -> Polygon | None:
    """A GeoJSON Polygon's coordinates as rings of (longitude, latitude), or None."""
    if not isinstance(rings, list) or not rings:
        return None
    out = []
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4:
            return None
        positions = [p for p in (_position(p) for p in ring) if p is not None]
        if len(positions) != len(ring):
            return None
        out.append(tuple(positions))
    return tuple(out)


def _geometry(geometry) -> tuple[Polygon, ...] | None:
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if kind == "Polygon":
        poly = _polygon(coords)
        return None if poly is None else (poly,)
    if kind == "MultiPolygon" and isinstance(coords, list) and coords:
        polys = [p for p in (_polygon(c) for c in coords) if p is not None]
        return None if len(polys) != len(coords) else tuple(polys)
    return None


def _features(data) -> list | None:
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection" or not isinstance(
            data.get("features"), list):
        return None
    return data["features"]


def read(root: Path, descriptor: dict, codes: set[str]) -> tuple[Shapes, list[Problem]]:
    """The areas' shapes by code, and the problems with the file (none: every shape is kept)."""
    entry = resource(descriptor)
    if entry is None:
        return {}, []
    if descriptor.get("profile") == "tabular-data-package":
        return {}, [_problem(DESCRIPTOR, "profile", _("a tabular-data-package may hold only tables, and the "
                                                      "boundaries are not a table"),
                             _('set "profile" to "data-package" (each CSV file keeps its "tabular-data-resource")'))]
    rel = entry.get("path")
    path = resource_file(root, NAME, rel)
    if isinstance(path, Problem):
        return {}, [path]
    rel = str(rel)  # (a path, since resource_file found its file)
    fix_file = _("export the boundaries as a GeoJSON FeatureCollection in longitude and latitude (WGS 84), "
                 "such as ONS's generalised ward boundaries, with each area's code in properties.code")
    if not path.is_file():
        return {}, [_problem(DESCRIPTOR, f"resources.{NAME}.path", _("the file {path} is missing", path=rel),
                             fix_file)]
    if path.stat().st_size > MAX_BYTES:
        return {}, [_problem(rel, None, _("the file is larger than {size} MB", size=MAX_BYTES // 1024 // 1024),
                             _("use generalised (simplified) boundaries: the maps do not need more detail"))]
    try:
        features = _features(json.loads(path.read_bytes().decode("utf-8-sig")))  # (a byte-order mark is read)
    except (UnicodeDecodeError, ValueError, RecursionError):
        features = None
    if features is None:
        return {}, [_problem(rel, None, _("this is not a GeoJSON FeatureCollection"), fix_file)]
    return _shapes(rel, features, codes)


def _shapes(rel: str, features: list, codes: set[str]) -> tuple[Shapes, list[Problem]]:
    shapes: Shapes = {}
    wheres: dict[str, str] = {}
    problems = []
    for k, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        code = props.get("code") if isinstance(props, dict) else None
        where = f"features[{k}]"
        if not isinstance(code, str) or code not in codes:
            problems.append(_problem(rel, where + ".properties.code", _("this shape has no area's code") if not
                                     isinstance(code, str) else _("{code} is not the code of an area in "
                                                                  "data/areas.csv", code=code),
                                     _("give each shape the code of its area in properties.code, or add the area "
                                       "to data/areas.csv")))
            continue
        if code in shapes:
            problems.append(_problem(rel, where + ".properties.code", _("the area {code} has a second shape",
                                                                         code=code),
                                     _("give each area one feature (a MultiPolygon holds an area in pieces)")))
            continue
        polygons = _geometry(feature.get("geometry"))
        if polygons is None:
            problems.append(_wrong_geometry(rel, where + ".geometry", code, feature.get("geometry")))
            continue
        shapes[code] = polygons
        wheres[code] = where
    return shapes, problems + _outsized(rel, shapes, wheres)


def _wrong_geometry(rel: str, where: str, code: str, geometry) -> Problem:
    if _grid(geometry):
        return _problem(rel, where, _("the shape of {code} is in eastings and northings (metres, as the British "
                                      "National Grid, EPSG:27700), not longitudes and latitudes", code=code),
                        _("convert the file to WGS 84 (EPSG:4326): in QGIS, Export > Save Features As with CRS "
                          "EPSG:4326; or ogr2ogr -t_srs EPSG:4326 boundaries.geojson your-file"))
    return _problem(rel, where, _("the shape of {code} is not a Polygon or MultiPolygon of longitudes and latitudes",
                                  code=code),
                    _("export it as a Polygon or MultiPolygon in WGS 84 (longitude, latitude)"))


def _grid(geometry) -> bool:
    """Whether a geometry's first position looks like eastings and northings (British National
    Grid: 0 to 700,000 m east, 0 to 1,300,000 m north)."""
    first = geometry.get("coordinates") if isinstance(geometry, dict) else None
    while isinstance(first, list) and first and isinstance(first[0], list):
        first = first[0]
    if not isinstance(first, list) or len(first) < 2 or not all(isinstance(c, (int, float)) for c in first[:2]):
        return False
    east, north = first[0], first[1]
    return 0 <= east <= 700_000 and 0 <= north <= 1_300_000 and (east > 180 or north > 90)


def _box(polygons: tuple[Polygon, ...]) -> float:
    """The area of a shape's bounding box, in square degrees."""
    lons = [p[0] for poly in polygons for p in poly[0]]
    lats = [p[1] for poly in polygons for p in poly[0]]
    return (max(lons) - min(lons)) * (max(lats) - min(lats))


def _outsized(rel: str, shapes: Shapes, wheres: dict[str, str]) -> list[Problem]:
    """Shapes whose box is far larger than the others' (OUTSIZED times the median): probably
    wrong (a ward drawn as the whole globe would shrink every other to a speck)."""
    if len(shapes) < 3:
        return []
    boxes = {code: _box(polys) for code, polys in shapes.items()}
    median = statistics.median(boxes.values())
    if median <= 0:
        return []
    return [_problem(rel, wheres[code] + ".geometry",
                     _("the shape of {code} covers {times} times the area of a typical area's shape, so it is "
                       "probably wrong", code=code, times=f"{boxes[code] / median:,.0f}"),
                     _("check its coordinates (a position typed wrongly, or a shape of somewhere else), or leave "
                       "the area out of the boundaries"))
            for code in shapes if boxes[code] > OUTSIZED * median]
