"""Family: every indicator, A to Z (``indicators/``). (Each indicator's own page is the
``indicator_pages`` family.)"""

from __future__ import annotations

from build_site.core.catalogue import _
from build_site.core.vocabulary import rating_word
from build_site.outputs.pages import date_words
from build_site.site.families.base import Site, by_title

WRITES = ("indicators",)  # where in docs/ (and so in the site) its files go
READS = ("statuses",)


def render(site: Site) -> dict[str, bytes]:
    pkg, statuses = site.pkg, site.statuses
    return {"indicators/index.md": site.page(
        "indicators/index.md", "list.html", _("All indicators"), heading=_("All indicators"),
        lede=_("Every indicator, A to Z ({n}). Ratings as of {date}.", n=len(pkg.indicators),
               date=date_words(statuses.as_of)),
        entries=[(f"indicators/{i.id}/", i.title, rating_word(statuses[i.id].status, i.approach))
                 for i in sorted(pkg.indicators, key=by_title)],
        empty=_("No indicators have been published."))}
