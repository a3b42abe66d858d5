"""The council's logo, for the first page of its reports' PDFs: the file that
``datapackage.json``'s ``image`` names (the Data Package standard's own property for a
package's picture), an SVG or PNG inside the repository, checked before it is used."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.model import Logo
from build_site.core.problems import Problem
from build_site.inputs.load import DESCRIPTOR, inside

FIELD = "image"
MAX_BYTES = 512 * 1024
PNG = b"\x89PNG\r\n\x1a\n"


def _problem(message: str) -> Problem:
    return Problem(DESCRIPTOR, None, FIELD, message,
                   _('give the path of an SVG or PNG file of the council\'s logo inside the repository, such as '
                     '"data/logo.svg", or leave "{field}" out', field=FIELD), "logo")


def _svg(data: bytes) -> bool:
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):  # (a logo needs neither; entities can explode)
        return False
    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return False
    return root.tag in ("svg", "{http://www.w3.org/2000/svg}svg")


def read_logo(root: Path, descriptor: dict, council: str) -> tuple[Logo | None, list[Problem]]:
    """The logo ``image`` names (None when there is none), or the problem with it."""
    rel = descriptor.get(FIELD)
    if rel is None:
        return None, []
    if not isinstance(rel, str) or not rel or "://" in rel or Path(rel).is_absolute() or ".." in Path(rel).parts:
        return None, [_problem(_("the logo must be a path inside the repository"))]
    path = inside(root, rel)
    kind = Path(rel).suffix.lower().lstrip(".")
    if kind not in ("svg", "png"):
        return None, [_problem(_("the logo {path} is not an SVG or PNG file", path=rel))]
    if path is None or not path.is_file():
        return None, [_problem(_("the logo {path} is missing", path=rel))]
    if path.stat().st_size > MAX_BYTES:
        return None, [_problem(_("the logo {path} is larger than {size} KB", path=rel, size=MAX_BYTES // 1024))]
    data = path.read_bytes()
    if not (_svg(data) if kind == "svg" else data.startswith(PNG)):
        return None, [_problem(_("the logo {path} is not a picture build-site can read", path=rel))]
    return Logo(data, kind, _("Logo of {council}", council=council)), []
