"""Family: the site's search page (``search/``). The header's search box leads here; the page's
script (static/search.js) fetches the search index the site generator writes only when someone
searches, so that no other page's first view downloads it. The page itself is left out of the
index."""

from __future__ import annotations

from build_site.core.catalogue import _
from build_site.site.families.base import Site

WRITES = ("search",)  # where in docs/ (and so in the site) its files go
READS = ("areas",)


def render(site: Site) -> dict[str, bytes]:
    return {"search/index.md": site.page("search/index.md", "search.html", _("Search"),
                                         _("Search every page of this site."), searchable=False,
                                         has_areas=bool(site.pkg.areas))}
