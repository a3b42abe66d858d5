"""Family: the small files the pages link to (``static/``): build-site's style sheet (on every
page, through mkdocs.yml's ``extra_css``, and linked by each generated page) and the scripts of
the charts, the postcode finder and the search page, kept in ``build_site/static/`` and
published without their comments and indentation (a phone downloads the rules, not the notes on
them). They are the site's own files, so a page needs nothing from another host."""

from __future__ import annotations

import re
from importlib import resources

from build_site.site.families.base import Site

WRITES = ("static",)  # where in docs/ (and so in the site) its files go
READS = ()
FILES = ("build-site.css", "overview.css", "chart.js", "postcode.js", "search.js")
# A comment starts a line or follows a space (so never inside a string or a pattern of ours:
# tests/test_search_page.py checks each file keeps every rule and statement).
_BLOCK = re.compile(r"(^|(?<=\s))/\*.*?\*/", re.S | re.M)
_LINE = re.compile(r"^\s*//[^\n]*$", re.M)
_SPACE = re.compile(r"[ \t]*\n\s*")


def published(name: str, text: str) -> str:
    """A static file as published: without comments, indentation or blank lines."""
    text = _BLOCK.sub("", text)
    if name.endswith(".js"):
        text = _LINE.sub("", text)
    return _SPACE.sub("\n", text).strip() + "\n"


def render(site: Site) -> dict[str, bytes]:
    here = resources.files("build_site") / "static"
    return {f"static/{name}": published(name, (here / name).read_text(encoding="utf-8")).encode("utf-8")
            for name in FILES}
