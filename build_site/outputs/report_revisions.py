"""``revisions.pdf``: a frozen report's figures that the data have revised since it was
published, as reported and now (contract 1.2). The report's own PDF never changes; this one
changes with the data. Laid out by the same template as the report (``report_doc``)."""

from __future__ import annotations

from datetime import date

from build_site.core.catalogue import _
from build_site.inputs import periods as P
from build_site.outputs.pages import value_or_blank
from build_site.outputs.report_doc import Periods, table_block
from build_site.rating.reports import indicator_of


def revisions_document(record: dict, revised: dict[str, float | None], lang: str, logo: dict | None) -> dict:
    """``revisions.pdf`` as plain values: each of the report's figures that the data have revised
    since it was published (``revised``: id -> the figure now), as reported and now. The report's
    own PDF never changes (contract 1.2); this one changes with the data."""
    spoken = Periods(record["reporting"]["financial_year_start_month"])
    as_of = date.fromisoformat(record["as_of"])
    period_words = P.parse_period(record["period"], spoken.fy).long_label()
    rows = []
    for item in record["indicators"]:
        if item["id"] in revised:
            ind, latest = indicator_of(item), item["latest"]
            rows.append([item["title"], spoken.label(latest["period"]),
                         value_or_blank(latest["value"], ind) or _("blank"),
                         value_or_blank(revised[item["id"]], ind) or _("blank")])
    block = table_block(_("Figures revised since the report was published"),
                   [_("Indicator"), _("Period"), _("As reported"), _("Now")], rows, [False, False, True, True]) \
        if rows else {"p": _("No figure in this report has been revised since it was published.")}
    return {
        "lang": lang, "council": record["council"], "date": [as_of.year, as_of.month, as_of.day],
        "title": _("{council}: revisions to the performance report for {period}", council=record["council"],
                   period=period_words),
        "description": _("Figures revised since the report for {period} was published.", period=record["period"]),
        "heading": _("Revisions to the performance report: {period}", period=period_words),
        "lede": record["council"] + ". " + _("The report as circulated is unchanged; these are the figures in it "
                                             "that the data have revised since, as reported and as they are now."),
        "contents": None, "logo": logo, "cover": None,
        "sections": [{"heading": _("Revised figures"), "blocks": [block]}],
    }
