"""Family: the exception report (``exceptions/``), with its sections of local gaps and of
overdue returns by provider, and its CSV download."""

from __future__ import annotations

from build_site.core.catalogue import _
from build_site.rating import api
from build_site.rating import returns as R
from build_site.site.families.base import Site

WRITES = ("exceptions",)  # where in docs/ (and so in the site) its files go
READS = ("statuses", "commentary", "rows", "priorities")


def render(site: Site) -> dict[str, bytes]:
    pkg, statuses = site.pkg, site.statuses
    exceptions = site.exceptions
    rows = [(i, s, site.note_for(i)) for i, s in exceptions]
    gaps = [(i, statuses[i.id], site.names_of_areas(statuses[i.id].local_gaps))
            for i in site.in_priority_order if statuses[i.id].local_gaps]
    by_priority = [(p, [i for i, _s in exceptions if i.priority == p.id]) for p in pkg.priorities_in_order()]
    late = R.rows(pkg, tuple(r for r in site.returns if r.state == R.OVERDUE))
    overdue = [(name, [r for r in late if r["provider_name"] == name])
               for name in dict.fromkeys(r["provider_name"] for r in late)]
    return {
        "exceptions/index.md": site.page("exceptions/index.md", "exceptions.html", _("Exception report"),
                                         _("Indicators that need attention."), terms=True, rows=rows,
                                         by_priority=[(p, inds) for p, inds in by_priority if inds],
                                         reasons=site.reasons, missing=sum(s.commentary_missing for _, s in exceptions),
                                         gaps=gaps, overdue_returns=overdue),
        "exceptions/exceptions.csv": api.download_csv(api.report_csv(api.exception_rows(pkg, statuses))),
    }
