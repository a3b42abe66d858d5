"""Family: the overview (``index.html``): how the council is doing on its priorities."""

from __future__ import annotations

from build_site.core.catalogue import _
from build_site.core.vocabulary import DECLINE
from build_site.outputs.pages import date_words
from build_site.rating.reports import slug
from build_site.rating.status import DATA_ONLY, NEAR, NO_DATA, OFF, ON
from build_site.rating.summaries import STATUS_ORDER, council_verdict, priority_summary
from build_site.site.families.base import Site

WRITES = ("index.md",)  # where in docs/ (and so in the site) its files go
READS = ("statuses", "priorities", "exceptions", "rows", "reports", "postcodes", "inputs.updated")
_ORDER = (ON, NEAR, OFF, NO_DATA, DATA_ONLY)


def counts(site: Site, inds) -> list[tuple[str, int]]:
    """How many of ``inds`` have each rating, in the order ratings are shown."""
    found = [site.statuses[i.id].status for i in inds]
    return [(s, found.count(s)) for s in _ORDER if found.count(s)]


def card_counts(site: Site, inds) -> list[tuple[str, str, int]]:
    """A priority card's badges: (rating, approach, how many) over the same indicators, split and
    ordered as its sentence (``priority_summary``) counts them, a managed decline's ratings
    apart."""
    found: dict[tuple[str, bool], int] = {}
    for i in inds:
        status = site.statuses[i.id].status
        key = (status, i.approach == DECLINE and status in (ON, NEAR, OFF))
        found[key] = found.get(key, 0) + 1
    ordered = sorted(found.items(), key=lambda kv: (STATUS_ORDER.index(kv[0][0]), kv[0][1]))
    return [(s, DECLINE if decline else "maintain", n) for (s, decline), n in ordered]


def render(site: Site) -> dict[str, bytes]:
    pkg, statuses, updated = site.pkg, site.statuses, site.inputs.updated
    managed = [i for i in pkg.indicators if i.mode == "managed"]
    exceptions = site.exceptions
    cards = []
    for p in pkg.priorities_in_order():
        inds = [i for i in pkg.indicators if i.priority == p.id]
        cards.append(dict(priority=p, managed=sum(i.mode == "managed" for i in inds),
                          monitored=sum(i.mode == "monitored" for i in inds),
                          counts=card_counts(site, inds),
                          exceptions=sum(statuses[i.id].exception for i in inds),
                          summary=priority_summary([(i, statuses[i.id]) for i in inds], statuses.as_of)))
    return {"index.md": site.page(
        "index.md", "home.html", _("Overview"), _("How {council} is doing on its priorities.", council=pkg.title),
        terms=True,
        counts=counts(site, managed), managed_count=len(managed), exceptions=exceptions, cards=cards,
        verdict=council_verdict([(i, statuses[i.id]) for i in pkg.indicators]), has_postcodes=bool(pkg.postcodes),
        reasons=site.reasons,
        updated=updated.isoformat() if updated else None, updated_words=date_words(updated),
        has_areas=bool(pkg.areas), has_providers=bool(pkg.providers),
        latest_report=(slug(pkg.reports[-1]["period"]), pkg.reports[-1]["period"]) if pkg.reports else None,
        area_word=(pkg.areas[0].type or _("area")) if pkg.areas else _("area"))}
