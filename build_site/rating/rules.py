"""The exception rules (contract: "Reporting by exception"), as data: each rule's code (as the
API gives it), the test it makes of an indicator's latest figures, and its words. The status
engine asks every rule, in this order; the API, the pages, the summaries and the check of a
frozen report's record take their codes and words from here.

A new rule is one entry in ``RULES`` and its tests (tests/test_status.py; the test oracle,
tests/oracle.py, states each rule again on its own, so that the two can disagree): see
guide/docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from build_site.core.catalogue import N_, _, _n
from build_site.core.vocabulary import DECLINE, NEAR, OFF


@dataclass(frozen=True)
class Facts:
    """What a rule looks at: an indicator's latest rating and what else is known of it."""

    status: str | None  # the latest council-wide rating (None with no figures)
    risk: str
    approach: str
    polarity: str
    worsening: int  # how many of the last changes were worsening, counting back from the latest
    run: int  # how many running the worsening rule asks for (the package's worsening_run; 2 at high risk)
    overdue: bool


@dataclass(frozen=True)
class Rule:
    code: str  # as the API's exception_rules give it
    holds: Callable[[Facts], bool]
    name: str  # its name on a page (a catalogue message)
    decline_name: str  # its name for a managed decline
    reason: Callable[[str, int, str], str]  # (approach, run, next period) -> 'it is off target'


RULES: tuple[Rule, ...] = (
    Rule("off-target", lambda f: f.status == OFF, N_("Off target"), N_("Below floor"),
         lambda approach, run, period: _("it is below the agreed floor") if approach == DECLINE
         else _("it is off target")),
    Rule("near-target-high-risk", lambda f: f.status == NEAR and f.risk == "high", N_("Near target and high risk"),
         N_("Near floor and high risk"),
         lambda approach, run, period: _("it is close to its floor and its risk is high") if approach == DECLINE
         else _("it is near its target and its risk is high")),
    Rule("worsening", lambda f: f.approach != DECLINE and f.polarity != "none" and f.worsening >= f.run,
         N_("Worsening"), N_("Worsening"),
         lambda approach, run, period: _n("it has got worse {n} time running", "it has got worse {n} times running",
                                          run)),
    Rule("overdue", lambda f: f.overdue and f.risk in ("medium", "high"), N_("Overdue"), N_("Overdue"),
         lambda approach, run, period: _("the figure for {period} is overdue", period=period)),
)
CODES = tuple(rule.code for rule in RULES)


def _rule(code: str) -> Rule:
    return next(rule for rule in RULES if rule.code == code)


def fired(facts: Facts) -> tuple[str, ...]:
    """The codes of the rules that hold, in the order of ``RULES``."""
    return tuple(rule.code for rule in RULES if rule.holds(facts))


def rule_word(code: str, approach: str = "maintain") -> str:
    rule = _rule(code)
    return _(rule.decline_name if approach == DECLINE else rule.name)


def rule_reason(code: str, approach: str, run: int, next_period: str) -> str:
    """A rule as a reason: 'it is off target', 'it has got worse 3 times running'."""
    return _rule(code).reason(approach, run, next_period)
