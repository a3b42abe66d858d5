"""A frozen report as a PDF for committee papers, made by WeasyPrint from the report's own
HTML (``templates/report_print.html``): A4, tagged (PDF/UA-1), its title and language
set, a bookmark per section, page numbers, a contents list, real text and vector charts.

The same record, words and code always give the same bytes: the PDF's dates are the
report's own, its identifier is the report's address, and its font is matplotlib's copy
of DejaVu Sans (so the PDF does not depend on the fonts a machine has). PDFs are kept in
``.cache/reports/`` by a digest of everything they are made from, so a build makes one
only when its report, its words or build-site's code changed.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import matplotlib
from markupsafe import Markup

from .catalogue import language
from .pages import code_digest
from .writer import write_atomic

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def font_css() -> Markup:
    """The report's font, as CSS (build-site's own text: no data in it)."""
    faces = []
    for weight, style, name in ((400, "normal", "DejaVuSans.ttf"), (700, "normal", "DejaVuSans-Bold.ttf"),
                                (400, "italic", "DejaVuSans-Oblique.ttf")):
        faces.append(f'@font-face {{ font-family: "Report Sans"; font-weight: {weight}; font-style: {style}; '
                     f'src: url("{(FONT / name).as_uri()}"); }}')
    return Markup("\n".join(faces))


def svg_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def key(html: str) -> str:
    return hashlib.sha256((code_digest() + language() + html).encode("utf-8")).hexdigest()[:40]


def pdf(html: str, identifier: str, cache: Path | None) -> bytes:
    """The PDF of a report's print HTML (from the cache when it was made before)."""
    cached = cache / f"{key(html)}.pdf" if cache is not None else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    from weasyprint import HTML  # (only when a PDF is made: importing it takes a while)

    data = HTML(string=html, base_url=str(FONT)).write_pdf(pdf_variant="pdf/ua-1",
                                                            pdf_identifier=identifier.encode("utf-8"))
    if cached is not None:
        write_atomic(cached, data)
    return data
