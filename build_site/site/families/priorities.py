"""Family: one page per priority (``priorities/<id>/``), the performance management view,
and the list of priorities."""

from __future__ import annotations

from build_site.core.catalogue import _
from build_site.rating.summaries import priority_summary
from build_site.site.families.base import Site, by_title
from build_site.site.page_inputs import key_of

WRITES = ("priorities",)  # where in docs/ (and so in the site) its files go
READS = ("statuses", "commentary", "charts", "rows")


def render(site: Site) -> dict[str, bytes | None]:
    pkg = site.pkg
    files: dict[str, bytes | None] = {}
    for p in pkg.priorities_in_order():
        inds = sorted((i for i in pkg.indicators if i.priority == p.id), key=by_title)
        path = f"priorities/{p.id}/index.md"
        files[path] = site.memoised(path, (p, tuple(key_of(site, i) for i in inds)),
                                    lambda p=p, inds=inds, path=path: _priority(site, p, inds, path))
    files["priorities/index.md"] = site.page(
        "priorities/index.md", "list.html", _("Priorities"), heading=_("Priorities"),
        lede=_("What the council wants to achieve, and how each priority is doing. Each page shows the indicators "
               "under active management in full, with commentary and actions."),
        entries=[(f"priorities/{p.id}/", p.title, p.summary) for p in pkg.priorities_in_order()],
        empty=_("No priorities have been published."))
    return files


def _priority(site: Site, p, inds: list, path: str) -> bytes:
    """A priority's page: made only from the priority and its indicators' pages' inputs (so it
    is kept while they are: ``Site.memoised``)."""
    return site.page(path, "priority.html", p.title, p.summary, terms=True, priority=p,
                     managed=[site.triple(i) for i in inds if i.mode == "managed"],
                     monitored=[site.triple(i) for i in inds if i.mode == "monitored"], alt=site.alt,
                     chart=site.chart, show_priority=False, summaries=site.summaries, area_names=site.names_of_areas,
                     reasons=site.reasons, summary=priority_summary([(i, site.statuses[i.id]) for i in inds],
                                                                    site.statuses.as_of))
