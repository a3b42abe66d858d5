"""The reports' Atom feed (RFC 4287), ``feed.xml``: one entry per frozen report, newest
first, linked from every page's head. Valid XML whatever the text (a character XML cannot
hold is left out), and every ``<id>`` a ``tag:`` URI (RFC 4151) that stays the same for
the same council and report wherever the site is published.
"""

from __future__ import annotations

import re
from urllib.parse import quote
from xml.sax.saxutils import escape

from build_site.core.catalogue import _, _n
from build_site.rating.reports import slug, title_of

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
TAGGER = "tag:build-site,2026:"  # (the tagging entity and date of every id; what follows names the council)


def xml_text(text: str) -> str:
    """``text`` escaped for XML, without the characters XML cannot hold."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def tag(council: str, *parts: str) -> str:
    """A tag: URI for the council's feed, or for one of its reports."""
    return TAGGER + quote(_NOT_XML.sub("", council), safe="") + "".join("/" + quote(p, safe="") for p in parts)


def atom(council: str, newest: list[dict]) -> bytes:
    """The feed of the reports in ``newest`` (links relative to the site)."""
    updated = newest[0]["as_of"] if newest else "2000-01-01"
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{xml_text(_('{council}: performance reports', council=council))}</title>",
             f"<id>{xml_text(tag(council, 'reports'))}</id>", f"<updated>{updated}T00:00:00Z</updated>",
             '<link rel="alternate" href="reports/"/>', '<link rel="self" href="feed.xml"/>',
             f"<author><name>{xml_text(council)}</name></author>"]
    for r in newest:
        s = slug(r["period"])
        n = sum(1 for i in r["indicators"] if i["exception_rules"])
        lines += ["<entry>", f"<title>{xml_text(title_of(r))}</title>",
                  f"<id>{xml_text(tag(council, 'reports', s))}</id>",
                  f"<updated>{r['as_of']}T00:00:00Z</updated>", f'<link rel="alternate" href="reports/{s}/"/>',
                  f'<link rel="enclosure" type="application/pdf" href="reports/{s}/report.pdf"/>',
                  f'<link rel="related" type="application/pdf" href="reports/{s}/revisions.pdf" '
                  f'title="{xml_text(_("Figures revised since the report was published"))}"/>',
                  f"<summary>{xml_text(_n('{n} exception.', '{n} exceptions.', n))}</summary>", "</entry>"]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
