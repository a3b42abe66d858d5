"""Family: one page per provider (``providers/<id>/``): how the services each delivers are
doing, and the list of providers."""

from __future__ import annotations

from build_site.core.catalogue import N_, _
from build_site.core.vocabulary import provider_type_word
from build_site.site.families.base import Site, by_title

WRITES = ("providers",)  # where in docs/ (and so in the site) its files go
READS = ("providers", "statuses", "commentary")
_TYPE_WORDS = {"in-house": N_("An in-house council service."),
               "commissioned": N_("A provider commissioned by the council."),
               "partnership": N_("A partnership the council is part of."),
               "community": N_("A community or voluntary sector organisation.")}


def render(site: Site) -> dict[str, bytes]:
    pkg, statuses = site.pkg, site.statuses
    files = {}
    for prov in pkg.providers:
        inds = sorted((i for i in pkg.indicators if i.provider == prov.id), key=by_title)
        path = f"providers/{prov.id}/index.md"
        files[path] = site.page(path, "provider.html", prov.name, _("How {provider} is doing.", provider=prov.name),
                                provider=prov,
                                items=[site.triple(i) for i in inds],
                                exceptions=sum(statuses[i.id].exception for i in inds),
                                type_words=_(_TYPE_WORDS[prov.type]) if prov.type in _TYPE_WORDS else "")
    files["providers/index.md"] = site.page(
        "providers/index.md", "list.html", _("Providers"), heading=_("Who delivers services"),
        lede=_("The council delivers some services itself and commissions others. Each provider's page shows how "
               "the services it delivers are doing.") if pkg.providers else "",
        entries=[(f"providers/{p.id}/", p.name, provider_type_word(p.type))
                 for p in sorted(pkg.providers, key=lambda p: p.name.casefold())],
        empty=_("This council does not record who delivers each service."))
    return files
