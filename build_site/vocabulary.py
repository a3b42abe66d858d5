"""The words for the contract's ideas, each decided once: ratings, the floor of a managed
decline, exception rules, directions of travel, approaches and months.

Everything a person reads about a rating comes from here. (One catalogue for the rest of
the interface's words, for translation, is still to come.)
"""

from __future__ import annotations

ON, NEAR, OFF, DATA_ONLY, NO_DATA = "on-target", "near-target", "off-target", "data-only", "no-data"
IMPROVING, WORSENING, NO_CHANGE, UP, DOWN = "improving", "worsening", "no-change", "up", "down"
DECLINE = "managed-decline"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")

_RATINGS = {ON: "On target", NEAR: "Near target", OFF: "Off target", DATA_ONLY: "Data only", NO_DATA: "No data"}
_DECLINE_RATINGS = {ON: "Within agreed floor", NEAR: "Near floor", OFF: "Below floor"}
_RULES = {"off-target": "Off target", "near-target-high-risk": "Near target and high risk",
          "worsening": "Worsening", "overdue": "Overdue"}
_DECLINE_RULES = {"off-target": "Below floor", "near-target-high-risk": "Near floor and high risk"}
_DIRECTIONS = {IMPROVING: "Improving", WORSENING: "Worsening", NO_CHANGE: "No change", UP: "Up", DOWN: "Down",
               None: "No earlier value"}
_APPROACHES = {"improve": "Aim: improve", "maintain": "Aim: maintain", DECLINE: "Managed decline to an agreed floor"}
_AIMS = {"improve": "To improve.", "maintain": "To maintain performance at target.",
         DECLINE: "Managed decline: the council has decided to let performance fall, but not beyond the agreed floor."}


def rating_word(status: str, approach: str = "maintain") -> str:
    if approach == DECLINE and status in _DECLINE_RATINGS:
        return _DECLINE_RATINGS[status]
    return _RATINGS[status]


def rule_word(rule: str, approach: str = "maintain") -> str:
    if approach == DECLINE and rule in _DECLINE_RULES:
        return _DECLINE_RULES[rule]
    return _RULES[rule]


def direction_word(direction: str | None) -> str:
    return _DIRECTIONS[direction]


def goal_word(approach: str, capital: bool = False) -> str:
    """What the figure is measured against: its target, or for a managed decline its floor."""
    word = "floor" if approach == DECLINE else "target"
    return word.capitalize() if capital else word


def band_word(approach: str) -> str:
    """The tolerance band's name on a chart."""
    return f"Near-{goal_word(approach)} band"


def approach_word(approach: str) -> str:
    return _APPROACHES[approach]


def aim_words(approach: str) -> str:
    return _AIMS[approach]


def month_name(month: int) -> str:
    return MONTHS[month - 1]
