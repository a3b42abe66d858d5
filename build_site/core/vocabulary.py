"""The words for the contract's ideas, each decided once: ratings, the floor of a managed
decline, exception rules, directions of travel, approaches, frequencies, risks and months.

Everything a person reads about a rating comes from here; the words themselves are
messages in the catalogue (``catalogue.py``), so that each is translated once too.
"""

from __future__ import annotations

from datetime import date

from build_site.core.catalogue import N_, _

ON, NEAR, OFF, DATA_ONLY, NO_DATA = "on-target", "near-target", "off-target", "data-only", "no-data"
IMPROVING, WORSENING, NO_CHANGE, UP, DOWN = "improving", "worsening", "no-change", "up", "down"
DECLINE = "managed-decline"

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))

# A rating's name (the contract's "data only" and "near floor" in words residents use), and
# the same inside a sentence ("… so off target").
_RATINGS = {ON: N_("On target"), NEAR: N_("Near target"), OFF: N_("Off target"), DATA_ONLY: N_("For information"),
            NO_DATA: N_("No data")}
_DECLINE_RATINGS = {ON: N_("Within agreed floor"), NEAR: N_("Close to the floor"), OFF: N_("Below floor")}
_RATING_PHRASES = {ON: N_("on target"), NEAR: N_("near the target"), OFF: N_("off target"),
                   DATA_ONLY: N_("for information"), NO_DATA: N_("with no figure")}
_DECLINE_PHRASES = {ON: N_("within the agreed floor"), NEAR: N_("close to the floor"), OFF: N_("below the floor")}
_DIRECTIONS = {IMPROVING: N_("Improving"), WORSENING: N_("Worsening"), NO_CHANGE: N_("No change"), UP: N_("Up"),
               DOWN: N_("Down"), None: N_("No earlier value")}
_APPROACHES = {"improve": N_("Aim: improve"), "maintain": N_("Aim: maintain"),
               DECLINE: N_("Managed decline to an agreed floor")}
_AIMS = {"improve": N_("To improve."), "maintain": N_("To maintain performance at target."),
         DECLINE: N_("Managed decline: the council has decided to let performance fall, but not beyond the "
                     "agreed floor.")}
_POLARITIES = {"higher": N_("Higher"), "lower": N_("Lower"),
               "none": N_("Neither: this is context or demand data, so it is not rated")}
_FREQUENCIES = {"monthly": N_("Monthly"), "quarterly": N_("Quarterly"), "annual": N_("Annual")}
_PROVIDER_TYPES = {"in-house": N_("in-house"), "commissioned": N_("commissioned"), "partnership": N_("partnership"),
                   "community": N_("community")}
_UNITS = {"percent": N_("per cent"), "number": N_("number"), "days": N_("days"), "weeks": N_("weeks"),
          "gbp": N_("pounds sterling"), "rate": N_("rate"), "score": N_("score")}
# amounts in pounds, by unit_label: the word, and the letters after an amount (£400k)
_SCALES = {"thousands": (N_("thousands"), N_("k")), "millions": (N_("millions"), N_("m")),
           "billions": (N_("billions"), N_("bn"))}
_RISKS = {"low": N_("Low"), "medium": N_("Medium"), "high": N_("High")}


def rating_word(status: str, approach: str = "maintain") -> str:
    if approach == DECLINE and status in _DECLINE_RATINGS:
        return _(_DECLINE_RATINGS[status])
    return _(_RATINGS[status])


def rating_phrase(status: str, approach: str = "maintain") -> str:
    if approach == DECLINE and status in _DECLINE_PHRASES:
        return _(_DECLINE_PHRASES[status])
    return _(_RATING_PHRASES[status])


def join_words(items: list[str], either: bool = False) -> str:
    """'a', 'a and b', 'a, b and c' (with ``either``: 'a, b or c'): a list in a sentence,
    worded by the catalogue."""
    if not items:
        return ""
    out = items[-1]
    if len(items) > 1:
        out = _("{items} or {last}", items=items[-2], last=out) if either else \
            _("{items} and {last}", items=items[-2], last=out)
    for item in reversed(items[:-2]):
        out = _("{item}, {rest}", item=item, rest=out)
    return out


def date_words(d: date | None) -> str:
    """'1 December 2026' ('' for no date)."""
    return _("{day} {month} {year}", day=d.day, month=month_name(d.month), year=d.year) if d else ""


def direction_word(direction: str | None) -> str:
    return _(_DIRECTIONS[direction])


def goal_word(approach: str, capital: bool = False) -> str:
    """What the figure is measured against: its target, or for a managed decline its floor."""
    if approach == DECLINE:
        return _("Floor") if capital else _("floor")
    return _("Target") if capital else _("target")


def band_word(approach: str) -> str:
    """The tolerance band's name on a chart."""
    return _("Near-floor band") if approach == DECLINE else _("Near-target band")


def approach_word(approach: str) -> str:
    return _(_APPROACHES[approach])


def aim_words(approach: str) -> str:
    return _(_AIMS[approach])


def polarity_word(polarity: str) -> str:
    """What 'better' is for an indicator."""
    return _(_POLARITIES[polarity])


def frequency_word(frequency: str) -> str:
    return _(_FREQUENCIES[frequency])


def provider_type_word(kind: str) -> str:
    return _(_PROVIDER_TYPES[kind]) if kind in _PROVIDER_TYPES else kind


def risk_word(risk: str) -> str:
    return _(_RISKS[risk])


def unit_name(unit: str) -> str:
    return _(_UNITS[unit])


def scale_name(unit_label: str) -> str:
    return _(_SCALES[unit_label][0])


def scale_suffix(unit_label: str) -> str:
    """'k' for thousands of pounds ('£400k'); '' for a unit_label that is not a scale."""
    return _(_SCALES[unit_label][1]) if unit_label in _SCALES else ""


def month_name(month: int) -> str:
    return _(MONTHS[month - 1])


def against(comparison: str | None) -> str:
    """How an area compares with the whole council (``status.compare_area``), in words: not a rating."""
    return {"better": _("Better than the council"), "worse": _("Worse than the council"),
            "similar": _("Similar to the council"), None: _("No comparison")}[comparison]
