"""A frozen report as a PDF for committee papers, laid out by Typst (the ``typst`` package:
its compiler, built in) from the report's document (``report_doc``) and the layout in
``templates/report.typ``: A4, tagged and checked as PDF/UA-1, its title, language and date
set, a bookmark per heading, page numbers, a contents list with page numbers, real text
and vector charts. Typst writes each of the PDF's many small objects (the tags above all)
as plain text; ``compact`` packs them into compressed object streams with pikepdf (qpdf),
which more than halves a large report.

Why Typst and not WeasyPrint: the first version used WeasyPrint, which took 75 s for a
1,000-indicator council's report (493 exceptions, 333 pages); Typst makes the same report
in about 3 s, needs no system library (WeasyPrint needs Pango), and refuses to write a PDF
that breaks PDF/UA-1 (an image with no alternative text, a document with no title).

The document goes in as JSON, so the data are text to Typst, never markup. The same
document, layout and code always give the same bytes: the PDF's date is the report's own,
and its fonts are matplotlib's copy of DejaVu Sans and Typst's own (never the machine's).
PDFs are kept in ``.cache/reports/`` by a digest of everything they are made from
(``cached_pdf``), so a build makes one only when its report, its words or build-site's
code changed.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import matplotlib

from build_site.core.catalogue import _
from build_site.core.problems import CannotContinue
from build_site.core.writer import write_atomic
from build_site.outputs.pages import code_digest

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def layout() -> bytes:
    return resources.files("build_site").joinpath("templates", "report.typ").read_bytes()


def encode(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def key(inputs: dict) -> str:
    return hashlib.sha256(code_digest().encode() + layout() + encode(inputs).encode("utf-8")).hexdigest()[:40]


def cached_pdf(inputs: dict, make: Callable[[], dict], cache: Path | None) -> bytes:
    """The PDF of the document ``make`` makes, kept in ``cache`` under a digest of
    ``inputs``, everything the document is made from: a build whose report did not change
    neither draws the report's charts again nor lays it out. With no cache, it is made."""
    if cache is None:
        return pdf(make())
    path = cache / f"{key(inputs)}.pdf"
    if path.is_file():
        return path.read_bytes()
    data = pdf(make())
    write_atomic(path, data)
    return data


def pdf(doc: dict) -> bytes:
    """The PDF of a report's document."""
    import typst  # (only when a PDF is made)

    try:
        data = typst.compile(layout(), font_paths=[str(FONT)], ignore_system_fonts=True,  # type: ignore[call-overload]
                             sys_inputs={"report": encode(doc)}, pdf_standards="ua-1")  # (typst's stub: fonts as bytes)
    except typst.TypstError as err:  # (a bug in the layout, or a document Typst refuses)
        raise CannotContinue(_("the report's PDF could not be made ({reason}); this is a fault in build-site, "
                               "so please report it with the command you ran", reason=err.message)) from None
    return compact(data)


def compact(data: bytes) -> bytes:
    """The same PDF with its objects in compressed object streams (PDF 1.5), its identifier
    worked out from its content (so the same PDF always gives the same bytes)."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as doc:
        doc.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True,
                 deterministic_id=True)
    return out.getvalue()
