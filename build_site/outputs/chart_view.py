"""What a page shows of an indicator's chart: its two drawings (``charts.LAYOUTS``), and a
focusable point over each figure that names its period and value.

The points are HTML over the picture, placed by the same arithmetic that draws it
(``charts.points``), as percentages of the picture's size, so they sit on the figures at
any width. Each point is ``role="img"`` with its words in ``aria-label``; the style sheet
shows those words beside a focused point, and the script (``static/chart.js``) moves
between points with the arrow keys and follows a pointer or a finger. Only the latest
figure is in the tab order (one stop per chart).

On an indicator's page the figures table under the chart already holds every point's
words, so the page carries only where each point goes (``at``) and the sentence its words
fill (``words``), and the script makes the points from the table's rows: about 3 KB less
a page. A page without the table (a priority's) gets the points written out (``points``).
Without the script, every figure is in the table."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from build_site.core.catalogue import _, language
from build_site.core.model import Indicator
from build_site.core.vocabulary import goal_word
from build_site.inputs import periods as P
from build_site.outputs.charts import NARROW, WIDE, ChartSpec, pixel_size, points
from build_site.rating import fmt


@dataclass(frozen=True)
class ChartView:
    wide: tuple[int, int]  # each drawing's size in CSS pixels
    narrow: tuple[int, int]
    points: Markup  # the points' HTML (empty when the script makes them from the table)
    at: str = ""  # where each row's point goes, oldest first: "x y nx ny" in percent, "-" for a blank figure
    words: str = ""  # a point's words, with {period}, {value} and {target} to fill (point_words)
    plain: str = ""  # the same for a row with no target
    long: str = ""  # a period with its months (periods.long_label)


@lru_cache(maxsize=65536)
def _long_label(text: str, fy: int, _language: str) -> str:
    return P.parse_period(text, fy).long_label()


def point_words(ind: Indicator, row: dict, fy: int) -> str:
    """'2026/27 Q2, July to September 2026: 92; target 60'."""
    period = _long_label(row["period"], fy, language())
    value = fmt.value(row["value"], ind)
    if row.get("target") is None:
        return _("{period}: {value}", period=period, value=value)
    return _("{period}: {value}; {goal} {target}", period=period, value=value, goal=goal_word(ind.approach),
             target=fmt.value(row["target"], ind))


def _num(x: float) -> str:
    return f"{100 * x:.1f}"  # (a thousandth of the chart's size: well under a pixel)


def _pct(x: float) -> str:
    return f"{_num(x)}%"


def table_chart_view(spec: ChartSpec, ind: Indicator) -> ChartView:
    """The chart over the figures table (an indicator's page): its points are the script's to
    make from the table's rows (see above)."""
    wide, narrow = points(spec, WIDE), points(spec, NARROW)
    at = ",".join("-" if w is None else " ".join(_num(v) for v in (*w, *(narrow[k] or w)))
                  for k, w in enumerate(wide))
    slots = dict(period="{period}", value="{value}", target="{target}", months="{months}")
    return ChartView(pixel_size(spec, WIDE), pixel_size(spec, NARROW), Markup(""), at,
                     _("{period}: {value}; {goal} {target}", goal=goal_word(ind.approach), **slots),
                     _("{period}: {value}", **slots), _("{period}, {months}", **slots))


def chart_view(spec: ChartSpec, ind: Indicator, council: list[dict], fy: int) -> ChartView:
    """The chart of these council-wide rows (oldest first: the rows ``spec`` was made from)."""
    wide, narrow = points(spec, WIDE), points(spec, NARROW)
    # (both drawings have the same figures: a point in one is a point in the other)
    shown = [(k, at, narrow[k] or at) for k, at in enumerate(wide) if at is not None]
    html = []
    for k, (x, y), (nx, ny) in shown:
        html.append(f'<span class="bs-pt" role="img" tabindex="{0 if k == shown[-1][0] else -1}" '
                    f'aria-label="{escape(point_words(ind, council[k], fy))}" '
                    f'style="--x:{_pct(x)};--y:{_pct(y)};--nx:{_pct(nx)};--ny:{_pct(ny)}"></span>')
    return ChartView(pixel_size(spec, WIDE), pixel_size(spec, NARROW), Markup("".join(html)))
