"""Family: every monitored indicator in one table (``monitoring/``), the monitoring view."""

from __future__ import annotations

from build_site.core.catalogue import _
from build_site.site.families.base import Site, by_title

WRITES = ("monitoring",)  # where in docs/ (and so in the site) its files go
READS = ("statuses", "commentary", "indicators")


def render(site: Site) -> dict[str, bytes]:
    items = [site.triple(i) for i in sorted((i for i in site.pkg.indicators if i.mode == "monitored"), key=by_title)]
    return {"monitoring/index.md": site.page("monitoring/index.md", "monitoring.html", _("Performance monitoring"),
                                             _("Every monitored indicator."), wide=True, items=items)}
