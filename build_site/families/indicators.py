"""Family: every indicator, A to Z (``indicators/``). (Each indicator's own page is the
``indicator_pages`` family.)"""

from __future__ import annotations

from ..pages import date_words
from ..vocabulary import rating_word
from .base import Site, by_title

WRITES = ("indicators",)  # where in docs/ (and so in the site) its files go
READS = ("statuses",)


def render(site: Site) -> dict[str, bytes]:
    pkg, statuses = site.pkg, site.statuses
    return {"indicators/index.md": site.page(
        "indicators/index.md", "list.html", "All indicators", heading="All indicators",
        lede=f"Every indicator, A to Z ({len(pkg.indicators)}). Ratings as of {date_words(statuses.as_of)}.",
        entries=[(f"indicators/{i.id}/", i.title, rating_word(statuses[i.id].status, i.approach))
                 for i in sorted(pkg.indicators, key=by_title)],
        empty="No indicators have been published.")}
