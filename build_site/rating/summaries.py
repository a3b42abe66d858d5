"""Plain-English summaries, written from the status engine's results: a few sentences
for each indicator, priority and area, saying what a resident would ask first (what is
the latest figure, is that good, is it getting better, when is the next one).

Every number in a summary is one the API publishes, shown as the pages show it
(``fmt.value``); the words are whole sentences in the catalogue, with the figures in
placeholders, so that each language words them its own way. Pure functions: rows and
statuses in, text out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from build_site.core.catalogue import _, _n
from build_site.core.model import Indicator
from build_site.core.vocabulary import (
    DECLINE,
    DOWN,
    IMPROVING,
    NO_CHANGE,
    UP,
    WORSENING,
    date_words,
    goal_word,
    join_words,
    rating_phrase,
)
from build_site.inputs import periods as P
from build_site.rating import fmt
from build_site.rating.rules import rule_reason
from build_site.rating.status import IndicatorStatus

_CHANGES = {IMPROVING: "better", WORSENING: "worse", UP: "up", DOWN: "down"}


@dataclass(frozen=True)
class Run:
    """The latest figures' run in one direction: ``length`` changes, each the same way,
    starting from ``period``'s ``value`` (the figure before the first of them)."""

    direction: str
    length: int
    period: str
    value: float


def run_of(council: list[dict]) -> Run | None:
    """How many changes in a row, back from the latest council-wide row, went the latest's
    way (each row's direction is against the row just before it, as in the API)."""
    if not council or council[-1]["direction"] not in _CHANGES:
        return None
    way, k = council[-1]["direction"], len(council) - 1
    while k > 0 and council[k]["direction"] == way:
        k -= 1
    return Run(way, len(council) - 1 - k, council[k]["period"], council[k]["value"])


def spoken(period: str | None, fy: int) -> str:
    return P.parse_period(period, fy).spoken_label() if period is not None else ""


# --------------------------------------------------------------------------- one indicator

def _gap(ind: Indicator, value: float, target: float) -> tuple[str, str]:
    """How far the value is from the target: ('above' or 'below' or 'same', the amount)."""
    if fmt.number(value, ind.decimals) == fmt.number(target, ind.decimals):
        return "same", ""
    way = "above" if value > target else "below"
    if ind.unit == "percent":
        return way + "-points", fmt.number(abs(value - target), ind.decimals)
    share = abs(value - target) / abs(target) * 100 if target else 0.0
    shown = f"{share:.0f}" if share >= 10 else f"{share:.1f}"
    if float(shown) == 0:
        return way + "-amount", fmt.value(abs(value - target), ind)
    return way + "-percent", shown


def latest_sentence(ind: Indicator, st: IndicatorStatus, fy: int) -> str:
    """'The latest figure, for 2026/27 Q2 (July to September 2026), is 92: 53% above the
    target of 60, so off target.'"""
    latest = st.latest
    if latest is None:
        return _("No figures have been published yet.")
    period = spoken(latest.period, fy)
    if latest.value is None:
        return _("There is no figure for {period}.", period=period)
    value = fmt.value(latest.value, ind)
    if latest.target is None or ind.polarity == "none":
        if ind.polarity == "none":
            return _("The latest figure, for {period}, is {value}. It is context data, published for information "
                     "and not rated.", period=period, value=value)
        return _("The latest figure, for {period}, is {value}. There is no target for that period.",
                 period=period, value=value)
    way, amount = _gap(ind, latest.value, latest.target)
    words = dict(period=period, value=value, goal=goal_word(ind.approach), target=fmt.value(latest.target, ind),
                 amount=amount, rating=rating_phrase(latest.status, ind.approach))
    one = 1 if amount == "1" else 2  # (a whole percentage point, or more)
    return {
        "same": lambda: _("The latest figure, for {period}, is {value}: the same as the {goal} of {target}, so "
                          "{rating}.", **words),
        "above-percent": lambda: _("The latest figure, for {period}, is {value}: {amount}% above the {goal} of "
                                   "{target}, so {rating}.", **words),
        "below-percent": lambda: _("The latest figure, for {period}, is {value}: {amount}% below the {goal} of "
                                   "{target}, so {rating}.", **words),
        "above-points": lambda: _n("The latest figure, for {period}, is {value}: {amount} percentage point above "
                                   "the {goal} of {target}, so {rating}.", "The latest figure, for {period}, is "
                                   "{value}: {amount} percentage points above the {goal} of {target}, so {rating}.",
                                   one, **words),
        "below-points": lambda: _n("The latest figure, for {period}, is {value}: {amount} percentage point below "
                                   "the {goal} of {target}, so {rating}.", "The latest figure, for {period}, is "
                                   "{value}: {amount} percentage points below the {goal} of {target}, so {rating}.",
                                   one, **words),
        "above-amount": lambda: _("The latest figure, for {period}, is {value}: {amount} above the {goal} of "
                                  "{target}, so {rating}.", **words),
        "below-amount": lambda: _("The latest figure, for {period}, is {value}: {amount} below the {goal} of "
                                  "{target}, so {rating}.", **words),
    }[way]()


def _running(kind: str, n: int) -> str:
    if kind == P.MONTH:
        return _n("for {n} month running", "for {n} months running", n)
    if kind in (P.QUARTER, P.FQ):
        return _n("for {n} quarter running", "for {n} quarters running", n)
    return _n("for {n} year running", "for {n} years running", n)


def direction_sentence(ind: Indicator, st: IndicatorStatus, council: list[dict], fy: int) -> str:
    """'It has got worse for 3 quarters running, since 2025/26 Q3 (October to December
    2025), when it was 70.' Says the API's ``direction`` in words."""
    latest = st.latest
    if latest is None or latest.value is None:
        return ""
    if latest.direction is None:
        if st.previous_period is None:
            return _("It is the first figure published.")
        return _("There is no figure for {period} to compare it with.", period=spoken(st.previous_period, fy))
    if latest.direction == NO_CHANGE:
        return _("It is the same as in {period}.", period=spoken(st.previous_period, fy))
    run = run_of(council)
    if run is None:  # (a direction of travel has a run of at least one change)
        return ""
    words = dict(period=spoken(run.period, fy), value=fmt.value(run.value, ind))
    if run.length == 1:
        return {
            "better": lambda: _("It has got better since {period}, when it was {value}.", **words),
            "worse": lambda: _("It has got worse since {period}, when it was {value}.", **words),
            "up": lambda: _("It has gone up since {period}, when it was {value}.", **words),
            "down": lambda: _("It has gone down since {period}, when it was {value}.", **words),
        }[_CHANGES[run.direction]]()
    words["run"] = _running(P.parse_period(latest.period, fy).kind, run.length)
    return {
        "better": lambda: _("It has got better {run}, since {period}, when it was {value}.", **words),
        "worse": lambda: _("It has got worse {run}, since {period}, when it was {value}.", **words),
        "up": lambda: _("It has gone up {run}, since {period}, when it was {value}.", **words),
        "down": lambda: _("It has gone down {run}, since {period}, when it was {value}.", **words),
    }[_CHANGES[run.direction]]()


def due_sentence(st: IndicatorStatus, fy: int, as_of: date) -> str:
    """'As at 1 December 2026, the next figure, for …, is due by 31 March 2027.' (or overdue)."""
    if st.next_due_period is None:
        return _("As at {date}, no figure is expected.", date=date_words(as_of))
    words = dict(date=date_words(as_of), period=spoken(st.next_due_period, fy), due=date_words(st.next_due_date))
    if st.overdue:
        return _("As at {date}, the figure for {period} is overdue: it was due by {due}.", **words)
    return _("As at {date}, the next figure, for {period}, is due by {due}.", **words)


def promise_sentence(ind: Indicator, st: IndicatorStatus, fy: int) -> str:
    """'The council promised it would be back on target by 2026/27 Q2 (…); it is not.'
    Said only of a promise that has come due and was not kept."""
    if not st.recovery_missed:
        return ""
    if ind.approach == DECLINE:
        return _("The council promised it would be back within the floor by {period}; it is not.",
                 period=spoken(st.recovery_period, fy))
    return _("The council promised it would be back on target by {period}; it is not.",
             period=spoken(st.recovery_period, fy))


def indicator_summary(ind: Indicator, st: IndicatorStatus, council: list[dict], fy: int, as_of: date) -> str:
    """The indicator in three sentences: its latest figure against its target, its direction,
    and when the next figure is due. ``council``: its council-wide rows, oldest first."""
    parts = [latest_sentence(ind, st, fy), direction_sentence(ind, st, council, fy), promise_sentence(ind, st, fy),
             due_sentence(st, fy, as_of)]
    return " ".join(p for p in parts if p)


def reasons(ind: Indicator, st: IndicatorStatus, council: list[dict], fy: int) -> str:
    """Why an exception is one, as a sentence: 'It needs attention because it is off target
    and it has got worse 3 times running.' Empty for an indicator that is not one."""
    run = run_of(council)
    return reasons_sentence(st.exception_rules, ind.approach, run.length if run else 0,
                            spoken(st.next_due_period, fy) if st.next_due_period else "",
                            st.latest.status if st.latest else None)


def reasons_sentence(rules, approach: str, run: int, next_period: str, status: str | None = None) -> str:
    """The same from the rules that fired (as a frozen report keeps them). An indicator that is an
    exception only because its figure is late says what its last figure was rated, and why it
    still needs attention (``status``: its latest rating)."""
    if not rules:
        return ""
    if tuple(rules) == ("overdue",) and status in ("on-target", "near-target"):
        return _("It needs attention because the figure for {period} is overdue: its last figure was {rating}, "
                 "but until the late one comes no one can say whether that still holds.", period=next_period,
                 rating=rating_phrase(status, approach))
    said = [rule_reason(rule, approach, run, next_period) for rule in rules]
    return _("It needs attention because {reasons}.", reasons=join_words(said))


# --------------------------------------------------------------------------- priorities and areas

STATUS_ORDER = ("on-target", "near-target", "off-target", "data-only", "no-data")


def _count_words(status: str, decline: bool, n: int) -> str:
    if decline and status == "on-target":
        return _n("{n} within the agreed floor", "{n} within the agreed floor", n)
    if decline and status == "near-target":
        return _n("{n} close to the floor", "{n} close to the floor", n)
    if decline and status == "off-target":
        return _n("{n} below the floor", "{n} below the floor", n)
    return {
        "on-target": lambda: _n("{n} on target", "{n} on target", n),
        "near-target": lambda: _n("{n} near target", "{n} near target", n),
        "off-target": lambda: _n("{n} off target", "{n} off target", n),
        "data-only": lambda: _n("{n} for information, with no target", "{n} for information, with no target", n),
        "no-data": lambda: _n("{n} with no latest figure", "{n} with no latest figure", n),
    }[status]()


def council_verdict(items: list[tuple[Indicator, IndicatorStatus]]) -> str:
    """The home page's first sentence, over every indicator: 'Of the council's 43 indicators,
    21 are on target, 5 near target, 8 off target, 6 for information, with no target and 3
    with no latest figure; 14 need attention.' (the ratings as the API gives them)."""
    found = [st.status for _i, st in items]
    said = join_words([_count_words(s, False, found.count(s)) for s in STATUS_ORDER if found.count(s)])
    attention = sum(st.exception for _i, st in items)
    return _n("Of the council's {n} indicator: {counts}. {attention}", "Of the council's {n} indicators: {counts}. "
              "{attention}", len(items), counts=said or "0",
              attention=_n("{n} needs attention.", "{n} need attention.", attention) if attention
              else _("None needs attention."))


def priority_summary(items: list[tuple[Indicator, IndicatorStatus]], as_of: date) -> str:
    """'This priority has 7 indicators: 3 on target, 1 near target and 3 off target. 2 of
    them need attention, and 1 figure is overdue. Figures as at 1 December 2026.'"""
    if not items:
        return _("This priority has no indicators yet.")
    counts: dict[tuple[str, bool], int] = {}
    for ind, st in items:
        key = (st.status, ind.approach == DECLINE and st.status in ("on-target", "near-target", "off-target"))
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (STATUS_ORDER.index(kv[0][0]), kv[0][1]))
    said = join_words([_count_words(s, d, n) for (s, d), n in ordered])
    parts = [_n("This priority has {n} indicator: {counts}.", "This priority has {n} indicators: {counts}.",
                len(items), counts=said)]
    exceptions = sum(st.exception for _i, st in items)
    worse = sum(bool(st.latest and st.latest.direction == WORSENING) for _i, st in items)
    overdue = sum(st.overdue for _i, st in items)
    parts.append(_n("{n} of them needs attention.", "{n} of them need attention.", exceptions) if exceptions
                 else _("None of them needs attention."))
    if worse:
        parts.append(_n("{n} got worse at its latest figure.", "{n} got worse at their latest figures.", worse))
    if overdue:
        parts.append(_n("{n} figure is overdue.", "{n} figures are overdue.", overdue))
    parts.append(_("Figures as at {date}.", date=date_words(as_of)))
    return " ".join(parts)


def area_summary(name: str, comparisons: list[str], as_of: date) -> str:
    """'Of the 9 indicators with figures for Ward 3, 2 are better than the council as a
    whole, 5 similar and 2 worse.' ``comparisons``: each indicator's ``against`` code
    (better, similar, worse, or none)."""
    if not comparisons:
        return _("No indicator has figures for {area} yet.", area=name)
    phrases = {
        "better": lambda k: _n("{n} better than the council as a whole", "{n} better than the council as a whole", k),
        "similar": lambda k: _n("{n} similar", "{n} similar", k),
        "worse": lambda k: _n("{n} worse", "{n} worse", k),
        "none": lambda k: _n("{n} not compared", "{n} not compared", k),
    }
    said = [words(comparisons.count(c)) for c, words in phrases.items() if c in comparisons]
    return " ".join([_n("{area} has figures for {n} indicator: {counts}.", "{area} has figures for {n} indicators: "
                        "{counts}.", len(comparisons), area=name, counts=join_words(said)),
                     _("Figures as at {date}.", date=date_words(as_of))])
