"""An indicator's latest figures by area, against the council as a whole: what its page's
table, its map (``families/maps``) and the words beside the map all show, worked out once
here. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from build_site.core.catalogue import _, _n
from build_site.core.model import Indicator
from build_site.core.vocabulary import against, join_words
from build_site.rating import fmt
from build_site.rating.status import IndicatorStatus, compare_area


@dataclass(frozen=True)
class AreaFigure:
    code: str
    name: str
    value: float | None
    direction: str | None
    note: str
    comparison: str | None  # better, similar, worse or None (status.compare_area)
    gap: bool  # a local gap (status.local_gaps): off target here, though not council-wide

    @property
    def against(self) -> str:
        return against(self.comparison)


def is_gap(st: IndicatorStatus, code: str, period: str) -> bool:
    """Whether the area ``code`` is one of the indicator's local gaps (status.local_gaps) in
    ``period``: they are found in its latest council-wide period only."""
    return st.latest is not None and period == st.latest.period and code in st.local_gaps


def latest_by_area(ind: Indicator, st: IndicatorStatus, area_rows: list[dict], names: dict[str, str],
                   default_percent: float) -> tuple[str | None, float | None, list[AreaFigure]]:
    """(the latest period any area has a figure for, the council's value then, each area's
    figure then, by name, with its local gap marked)."""
    if not area_rows:
        return None, None, []
    latest = max(area_rows, key=lambda x: x["start"])
    period, council = latest["period"], latest["council_value"]
    out = [AreaFigure(x["area"], names.get(x["area"], x["area"]), x["value"], x["direction"], x["note"],
                      compare_area(x["value"], x["council_value"], ind.tolerance, default_percent, ind.polarity),
                      is_gap(st, x["area"], period))
           for x in area_rows if x["period"] == period]
    out.sort(key=lambda a: (a.name, a.code))
    return period, council, out


def map_words(ind: Indicator, figures: list[AreaFigure], period_words: str) -> str:
    """The words that go with an indicator's map, and stand for it: the highest and lowest
    figures and the areas worse than the council as a whole."""
    known = [a for a in figures if a.value is not None]
    if not known:
        return _("No area has a figure for {period}.", period=period_words)
    hi = max(known, key=lambda a: (a.value, a.name))
    lo = min(known, key=lambda a: (a.value, a.name))
    said = [_("In {period} the highest figure was {value} in {area} and the lowest {low} in {low_area}.",
              period=period_words, value=fmt.value(hi.value, ind), area=hi.name, low=fmt.value(lo.value, ind),
              low_area=lo.name)]
    worse = [a.name for a in figures if a.comparison == "worse"]
    if worse:
        said.append(_n("{n} area was worse than the council as a whole: {areas}.",
                       "{n} areas were worse than the council as a whole: {areas}.", len(worse),
                       areas=join_words(worse)))
    elif any(a.comparison for a in figures):
        said.append(_("No area was worse than the council as a whole."))
    gaps = [a.name for a in figures if a.gap]
    if gaps:
        said.append(_n("A local gap: {areas} is off target, though the council as a whole is not.",
                       "Local gaps: {areas} are off target, though the council as a whole is not.", len(gaps),
                       areas=join_words(gaps)))
    return " ".join(said)
