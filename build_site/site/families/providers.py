"""Family: one page per provider (``providers/<id>/``): how the services each delivers are
doing, its contact and contract, and the returns it owes (rating/returns); and the
providers' index, each provider's indicators rated together, by type of provider."""

from __future__ import annotations

from datetime import date

from build_site.core.catalogue import N_, _, _n
from build_site.core.model import Provider
from build_site.core.vocabulary import NEAR, OFF, ON, WORSENING, date_words
from build_site.rating import returns as R
from build_site.site.families.base import Site, by_title

WRITES = ("providers",)  # where in docs/ (and so in the site) its files go
READS = ("providers", "statuses", "commentary")
_TYPE_WORDS = {"in-house": N_("An in-house council service."),
               "commissioned": N_("A provider commissioned by the council."),
               "partnership": N_("A partnership the council is part of."),
               "community": N_("A community or voluntary sector organisation.")}
TYPES = ("commissioned", "partnership", "community", "in-house", "")  # the index's order: commissioned first
_HEADINGS = {"commissioned": N_("Commissioned services"), "partnership": N_("Partnerships"),
             "community": N_("Community and voluntary organisations"), "in-house": N_("The council's own teams"),
             "": N_("Other providers")}


def returns_line(due: tuple[R.Return, ...], as_of: date) -> str:
    """'Returns as at 25 November 2026: 1 overdue; 3 awaited, the next due by 29 January 2027; 2 received.'"""
    n = R.counts(due)
    parts = []
    if n[R.OVERDUE]:
        parts.append(_n("{n} overdue", "{n} overdue", n[R.OVERDUE]))
    if n[R.AWAITED]:
        parts.append(_n("{n} awaited, due by {date}", "{n} awaited, the next due by {date}", n[R.AWAITED],
                        date=date_words(R.next_due(due))))
    if n[R.RECEIVED]:
        parts.append(_n("{n} received", "{n} received", n[R.RECEIVED]))
    if not parts:
        return _("No returns are due yet.")
    return _("Returns as at {date}: {counts}.", date=date_words(as_of), counts="; ".join(parts))


def _rated(site: Site, inds) -> dict[str, int]:
    """A provider's indicators rated together: on, near and off target, worsening, overdue."""
    sts = [site.statuses[i.id] for i in inds]
    return {"n": len(sts), "on": sum(s.status == ON for s in sts), "near": sum(s.status == NEAR for s in sts),
            "off": sum(s.status == OFF for s in sts),
            "worse": sum(bool(s.latest and s.latest.direction == WORSENING) for s in sts),
            "overdue": sum(s.overdue for s in sts)}


def _page(site: Site, prov: Provider, inds) -> bytes:
    path = f"providers/{prov.id}/index.md"
    due = R.of_provider(site.returns, prov.id)
    ends = date_words(date.fromisoformat(prov.contract_end)) if prov.contract_end else ""
    return site.page(path, "provider.html", prov.name, _("How {provider} is doing.", provider=prov.name),
                     terms=True, provider=prov, items=[site.triple(i) for i in inds],
                     exceptions=sum(site.statuses[i.id].exception for i in inds),
                     type_words=_(_TYPE_WORDS[prov.type]) if prov.type in _TYPE_WORDS else "",
                     returns=[dict(r, due_words=date_words(date.fromisoformat(r["due"]))) for r in R.rows(site.pkg, due)],
                     returns_line=returns_line(due, site.statuses.as_of),
                     state_word=R.state_word, contract_ends=ends,
                     mail="@" in prov.contact and not prov.contact.startswith(("http://", "https://")))


def render(site: Site) -> dict[str, bytes]:
    pkg = site.pkg
    files = {}
    groups: dict[str, list] = {}
    for prov in pkg.providers:
        inds = sorted((i for i in pkg.indicators if i.provider == prov.id), key=by_title)
        files[f"providers/{prov.id}/index.md"] = _page(site, prov, inds)
        groups.setdefault(prov.type if prov.type in TYPES else "", []).append((prov, _rated(site, inds)))
    files["providers/index.md"] = site.page(
        "providers/index.md", "providers.html", _("Providers"), terms=True,
        groups=[(t, _(_HEADINGS[t]), sorted(groups[t], key=lambda g: g[0].name.casefold()))
                for t in TYPES if t in groups])
    return files
