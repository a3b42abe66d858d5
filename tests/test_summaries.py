"""Words residents read (#17): summaries written from the status engine, periods with their
months, reasons for exceptions and the area comparison, at their rules' boundaries."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_site.core.model import Indicator
from build_site.core.vocabulary import join_words
from build_site.inputs import periods as P
from build_site.rating.status import IndicatorStatus, Latest, compare_area
from build_site.rating.summaries import (
    area_summary,
    direction_sentence,
    due_sentence,
    indicator_summary,
    latest_sentence,
    priority_summary,
    reasons,
    run_of,
)

AS_OF = date(2026, 12, 1)


def ind(**kw) -> Indicator:
    base = dict(id="bins", title="Missed bins", priority="p", mode="managed", approach="improve", polarity="lower",
                unit="rate", unit_label="per 100,000", decimals=0, frequency="monthly", risk="medium",
                tolerance=None, owner="", provider="", definition="", source="", why_it_matters="")
    base.update(kw)
    return Indicator(**base)


def status(period="2026-09", value=92.0, target=60.0, rating="off-target", direction="worsening", prev="2026-08",
           overdue=False, rules=("off-target",), due=("2026-10", date(2027, 1, 29))) -> IndicatorStatus:
    return IndicatorStatus("bins", Latest(period, value, target, rating, direction), previous_period=prev,
                           overdue=overdue, next_due_period=due[0], next_due_date=due[1], exception_rules=rules)


def rows(values, directions, first=5) -> list[dict]:
    return [dict(period=f"2026-{first + k:02d}", value=v, direction=d) for k, (v, d) in
            enumerate(zip(values, directions))]


# --------------------------------------------------------------------------- periods

@pytest.mark.parametrize("text, fy, months, long", [
    ("2026/27 Q2", 4, "July to September 2026", "2026/27 Q2, July to September 2026"),
    ("2026/27 Q4", 4, "January to March 2027", "2026/27 Q4, January to March 2027"),
    ("2024/25", 4, "April 2024 to March 2025", "2024/25, April 2024 to March 2025"),
    ("2024/25", 1, "January to December 2024", "2024/25, January to December 2024"),
    ("2024/25 Q4", 9, "June to August 2025", "2024/25 Q4, June to August 2025"),
    ("2024-Q2", 4, "April to June 2024", "2024-Q2, April to June 2024"),
    ("2024-05", 4, "May 2024", "May 2024"),
    ("2024", 4, "January to December 2024", "2024"),
])
def test_a_period_is_shown_with_its_months(text, fy, months, long):
    p = P.parse_period(text, fy)
    assert p.months_label() == months
    assert p.long_label() == long
    assert p.spoken_label() == (long if "," not in long else long.replace(", ", " (", 1) + ")")


# --------------------------------------------------------------------------- the latest figure

def test_the_example_in_the_issue():
    said = latest_sentence(ind(), status(), 4)
    assert said == ("The latest figure, for September 2026, is 92 per 100,000: 53% above the target of 60 per "
                    "100,000, so off target.")


@pytest.mark.parametrize("value, target, words", [
    (60.4, 60.0, "the same as the target of 60"),  # the same as shown, though not equal
    (61.0, 60.0, "1.7% above the target of 60"),  # under 10%: one decimal
    (66.0, 60.0, "10% above the target of 60"),
    (54.0, 60.0, "10% below the target of 60"),
    (3.0, 0.0, "3 per 100,000 above the target of 0"),  # no percentage of nothing
])
def test_how_far_from_the_target(value, target, words):
    assert words in latest_sentence(ind(), status(value=value, target=target), 4)


def test_a_percentage_is_compared_in_percentage_points():
    i = ind(unit="percent", unit_label="", decimals=1, polarity="higher")
    assert "6.3 percentage points below the target of 50.0%" in latest_sentence(i, status(value=43.7, target=50), 4)
    i0 = ind(unit="percent", unit_label="", decimals=0, polarity="higher")
    assert "1 percentage point below" in latest_sentence(i0, status(value=49, target=50), 4)


def test_a_managed_decline_is_worded_against_its_floor():
    i = ind(approach="managed-decline", polarity="higher")
    said = latest_sentence(i, status(value=79, target=80, rating="near-target"), 4)
    assert "below the floor of 80" in said and "so close to the floor" in said


@pytest.mark.parametrize("st_, words", [
    (IndicatorStatus("bins", None), "No figures have been published yet."),
    (status(value=None, rating="no-data"), "There is no figure for September 2026."),
    (status(target=None, rating="data-only"), "There is no target for that period."),
])
def test_figures_that_cannot_be_rated_say_why(st_, words):
    assert words in latest_sentence(ind(), st_, 4)


def test_context_data_is_not_rated():
    said = latest_sentence(ind(polarity="none"), status(rating="data-only", direction="up"), 4)
    assert "not rated" in said and "target" not in said


# --------------------------------------------------------------------------- direction and runs

def test_a_run_counts_the_changes_that_went_the_latest_way():
    council = rows([50, 40, 45, 60, 92], [None, "improving", "worsening", "worsening", "worsening"])
    run = run_of(council)
    assert (run.direction, run.length, run.period, run.value) == ("worsening", 3, "2026-06", 40)
    assert run_of(rows([50, None, 60], [None, None, None])) is None


def test_direction_in_words_once_and_for_several_periods():
    council = rows([40, 45], [None, "worsening"])
    assert direction_sentence(ind(), status(), council, 4) == ("It has got worse since May 2026, when it was 40 "
                                                               "per 100,000.")
    council = rows([50, 40, 45, 60, 92], [None, "improving", "worsening", "worsening", "worsening"])
    assert direction_sentence(ind(), status(), council, 4) == ("It has got worse for 3 months running, since June "
                                                               "2026, when it was 40 per 100,000.")
    council = rows([50, 40], [None, "down"])
    assert "gone down" in direction_sentence(ind(polarity="none"), status(direction="down"), council, 4)


def test_no_direction_says_why():
    assert direction_sentence(ind(), status(direction=None, prev=None), rows([1], [None]), 4) == \
        "It is the first figure published."
    assert "no figure for August 2026" in direction_sentence(ind(), status(direction=None), rows([1], [None]), 4)
    assert "the same as in August 2026" in direction_sentence(ind(), status(direction="no-change"), rows([1], [None]), 4)


def test_the_next_figure_and_an_overdue_one():
    assert due_sentence(status(), 4, AS_OF) == ("As at 1 December 2026, the next figure, for October 2026, is due "
                                                "by 29 January 2027.")
    late = status(overdue=True, due=("2026-10", date(2026, 11, 29)))
    assert due_sentence(late, 4, AS_OF) == ("As at 1 December 2026, the figure for October 2026 is overdue: it was "
                                            "due by 29 November 2026.")


def test_the_summary_is_its_three_sentences():
    council = rows([40, 92], [None, "worsening"])
    said = indicator_summary(ind(), status(), council, 4, AS_OF)
    assert said.startswith("The latest figure") and "got worse" in said and said.endswith("29 January 2027.")


# --------------------------------------------------------------------------- reasons, priorities, areas

def test_reasons_are_worded_as_reasons():
    council = rows([40, 45, 60, 92], [None, "worsening", "worsening", "worsening"])
    st_ = status(rules=("off-target", "worsening", "overdue"), overdue=True)
    assert reasons(ind(), st_, council, 4) == ("It needs attention because it is off target, it has got worse 3 "
                                               "times running and the figure for October 2026 is overdue.")
    assert reasons(ind(), status(rules=()), council, 4) == ""


def test_an_exception_only_because_it_is_late_says_what_its_last_figure_was():
    from build_site.rating.summaries import reasons_sentence

    said = reasons_sentence(("overdue",), "improve", 0, "October 2026", "on-target")
    assert said.startswith("It needs attention because the figure for October 2026 is overdue: its last figure "
                           "was on target") and "still holds" in said
    assert reasons_sentence(("overdue",), "improve", 0, "October 2026", "off-target") == \
        "It needs attention because the figure for October 2026 is overdue."


def test_lists_in_a_sentence():
    assert [join_words(x) for x in (["a"], ["a", "b"], ["a", "b", "c"])] == ["a", "a and b", "a, b and c"]


def test_a_priority_counts_its_ratings():
    items = [(ind(), status()), (ind(), status(rating="on-target", rules=(), direction="improving")),
             (ind(approach="managed-decline"), status(rating="on-target", rules=(), direction=None)),
             (ind(), IndicatorStatus("x", None))]
    said = priority_summary(items, AS_OF)
    assert said == ("This priority has 4 indicators: 1 on target, 1 within the agreed floor, 1 off target and 1 "
                    "with no latest figure. 1 of them needs attention. 1 got worse at its latest figure. Figures as "
                    "at 1 December 2026.")


def test_an_area_counts_its_comparisons():
    said = area_summary("Ward 3", ["better", "similar", "similar", "none"], AS_OF)
    assert said.startswith("Ward 3 has figures for 4 indicators: 1 better than the council as a whole, 2 similar "
                           "and 1 not compared.")


@pytest.mark.parametrize("value, council, tolerance, polarity, expected", [
    (105.0, 100.0, None, "higher", "similar"),  # exactly the 5% band: similar
    (105.01, 100.0, None, "higher", "better"),
    (94.99, 100.0, None, "higher", "worse"),
    (94.99, 100.0, None, "lower", "better"),
    (102.0, 100.0, 1.0, "lower", "worse"),  # the indicator's own tolerance, in its unit
    (150.0, 100.0, None, "none", None),
    (None, 100.0, None, "higher", None),
])
def test_an_area_against_the_council(value, council, tolerance, polarity, expected):
    assert compare_area(value, council, tolerance, 5.0, polarity) == expected


# --------------------------------------------------------------------------- every number is the API's

@given(value=st.floats(-1e6, 1e6, allow_nan=False), target=st.floats(-1e6, 1e6, allow_nan=False),
       decimals=st.integers(0, 3), unit=st.sampled_from(["percent", "number", "days", "gbp", "rate"]),
       polarity=st.sampled_from(["higher", "lower"]))
def test_the_latest_sentence_quotes_the_value_and_target_as_shown(value, target, decimals, unit, polarity):
    from build_site.rating import fmt

    i = ind(unit=unit, unit_label="" if unit != "rate" else "per 1,000", decimals=decimals, polarity=polarity)
    said = latest_sentence(i, status(value=value, target=target), 4)
    assert f"is {fmt.value(value, i)}:" in said and f"of {fmt.value(target, i)}," in said
    same = fmt.number(value, decimals) == fmt.number(target, decimals)
    assert ("the same as" in said) == same
    if not same:
        assert (" above " in said) == (value > target)
