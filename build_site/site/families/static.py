"""Family: the small files the pages link to (``static/``): the charts' style sheet and
script, kept in ``build_site/static/`` and published as they are. They are the site's
own files, so a chart needs nothing from another host and nothing in the council's
``mkdocs.yml``."""

from __future__ import annotations

from importlib import resources

from build_site.site.families.base import Site

WRITES = ("static",)  # where in docs/ (and so in the site) its files go
READS = ()
FILES = ("build-site.css", "chart.js", "postcode.js")


def render(site: Site) -> dict[str, bytes]:
    here = resources.files("build_site") / "static"
    return {f"static/{name}": (here / name).read_bytes() for name in FILES}
