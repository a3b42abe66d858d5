"""Family: how ratings work (``methodology/``), generated from the package's ``reporting``
parameters, so that the rules shown are the rules used."""

from __future__ import annotations

from datetime import date

from build_site.core.catalogue import _
from build_site.core.vocabulary import month_name
from build_site.inputs import periods as P
from build_site.outputs.pages import date_words, rating_html
from build_site.site.families.base import Site

WRITES = ("methodology.md",)  # where in docs/ (and so in the site) its files go
READS = ("reporting",)


def render(site: Site) -> dict[str, bytes]:
    fy = site.fy
    fy_start, fy_end = date(2024, fy, 1), P.parse_period("2024/25", fy).end
    return {"methodology.md": site.page(
        "methodology.md", "methodology.html", _("How ratings work"), _("The rules behind every rating."),
        r=site.pkg.reporting, fy_month=month_name(fy), fy_start=date_words(fy_start), fy_end=date_words(fy_end),
        rating=lambda s: rating_html(s, "maintain"), decline=lambda s: rating_html(s, "managed-decline"),
        fq_months=P.parse_period("2024/25 Q1", fy).months_label())}
