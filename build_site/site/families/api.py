"""Family: the JSON API's index (``api/indicators.json``): every indicator with its latest
status; and the returns schedule (``api/returns.json``: rating/returns). (Each indicator's
own JSON comes with its page: ``indicator_pages``.)"""

from __future__ import annotations

from build_site.rating import api
from build_site.rating import returns as R
from build_site.site.families.base import Site

WRITES = ("api",)  # where in docs/ (and so in the site) its files go
READS = ("statuses", "rows")


def render(site: Site) -> dict[str, bytes]:
    return {"api/indicators.json": api.dumps(api.indicators_json(site.pkg, site.statuses, site.summaries), indent=2),
            "api/returns.json": api.dumps({"as_of": site.statuses.as_of.isoformat(),
                                           "returns": R.rows(site.pkg, site.returns)}, indent=2)}
