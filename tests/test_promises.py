"""Recovery promises (contract 1.1, "Promises and local areas"): which promise applies to
the latest period, and when it counts as missed, at the rule's boundaries."""

from __future__ import annotations

import pytest

from build_site.inputs import periods as P
from build_site.rating.status import recovery_missed, recovery_promise


def latest(text: str) -> P.Period:
    return P.parse_period(text, 4)


@pytest.mark.parametrize("notes, latest_period, promised", [
    ([], "2026/27 Q2", None),
    ([("2026/27 Q1", "2026/27 Q4")], "2026/27 Q2", "2026/27 Q4"),
    ([("2026/27 Q1", "2026/27 Q4"), ("2026/27 Q2", "2027/28 Q1")], "2026/27 Q2", "2027/28 Q1"),  # the latest row
    ([("2026/27 Q3", "2027/28")], "2026/27 Q2", None),  # starts after the latest: not yet made
    ([("2026/27", "2026/27 Q3"), ("2026/27 Q1", "2026/27 Q2")], "2026/27 Q2", "2026/27 Q2"),  # a tie: the shorter
    ([("2026-06", "2026-08")], "2026/27 Q2", "2026-08"),  # any kind of period
])
def test_the_promise_that_applies(notes, latest_period, promised):
    assert recovery_promise(notes, latest(latest_period), 4) == promised


@pytest.mark.parametrize("promised, latest_period, status, missed", [
    (None, "2026/27 Q2", "off-target", False),
    ("2026/27 Q3", "2026/27 Q2", "off-target", False),  # not due yet
    ("2026/27 Q2", "2026/27 Q2", "off-target", True),  # due now, ends the same day
    ("2026-09", "2026/27 Q2", "near-target", True),  # near is not back on target
    ("2026/27 Q2", "2026/27 Q2", "on-target", False),
    ("2026/27 Q1", "2026/27 Q2", "no-data", True),  # a blank latest figure is not back on target
    ("2026/27", "2026/27 Q4", "off-target", True),  # the year's end is Q4's end
    ("2026/27", "2026/27 Q3", "off-target", False),
])
def test_when_a_promise_is_missed(promised, latest_period, status, missed):
    assert recovery_missed(promised, latest(latest_period), status, 4) is missed
