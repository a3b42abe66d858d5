"""The status rules at their boundaries, as the data contract states them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_site.core.model import Indicator, Package, Reporting
from build_site.core.vocabulary import rating_word
from build_site.rating.status import (
    DATA_ONLY,
    NEAR,
    NO_DATA,
    OFF,
    ON,
    compute,
    direction,
    rate,
    round_half_up,
    round_half_up_array,
    tolerance_for,
)

AS_OF = date(2026, 11, 25)
DEFAULTS = Reporting()  # (the package defaults: a frozen value)


def mini(values, targets=(), *, polarity="higher", tolerance=None, approach="maintain", risk="low", decimals=1,
         frequency="monthly", start="2024-01", areas=(), commentary=(), reporting=DEFAULTS, periods=None):
    """A one-indicator package in memory. ``values``: numbers or None (blank, with a note)."""
    ind = Indicator(id="x", title="X", priority="p", mode="managed", approach=approach, polarity=polarity,
                    unit="number", decimals=decimals, frequency=frequency, risk=risk, tolerance=tolerance)
    if periods is None:
        y, m = int(start[:4]), int(start[5:])
        periods = []
        for k in range(len(values)):
            i = y * 12 + m - 1 + k
            periods.append(f"{i // 12}-{i % 12 + 1:02d}")
    rows = [("x", p, "", float("nan") if v is None else float(v), "" if v is not None else "not collected")
            for p, v in zip(periods, values)]
    rows += [("x", p, a, float(v), "") for p, a, v in areas]
    m = pd.DataFrame(rows, columns=["indicator", "period", "area", "value", "note"])
    t = pd.DataFrame([("x", p, float(v)) for p, v in targets], columns=["indicator", "period", "target"])
    c = pd.DataFrame([("x", p, "why", "", "", "") for p in commentary],
                     columns=["indicator", "period", "commentary", "action", "action_owner", "recovery_period"])
    b = pd.DataFrame(columns=["indicator", "period", "group", "value"])
    return Package(root=None, descriptor={}, reporting=reporting, priorities=(), indicators=(ind,), areas=(),
                   providers=(), measurements=m, targets=t, commentary=c, benchmarks=b)


def latest(pkg, as_of=AS_OF):
    return compute(pkg, as_of)["x"]


# --------------------------------------------------------------------------- ratings at the boundaries

@pytest.mark.parametrize("polarity,value,target,tolerance,expected", [
    # higher is better, default band 5% of 50 = 2.5
    ("higher", 50, 50, None, ON), ("higher", 50.01, 50, None, ON), ("higher", 49.99, 50, None, NEAR),
    ("higher", 47.5, 50, None, NEAR), ("higher", 47.49, 50, None, OFF),
    # lower is better
    ("lower", 50, 50, None, ON), ("lower", 50.01, 50, None, NEAR), ("lower", 52.5, 50, None, NEAR),
    ("lower", 52.51, 50, None, OFF), ("lower", 49, 50, None, ON),
    # the indicator's own tolerance, in its unit
    ("higher", 67, 70, 3, NEAR), ("higher", 66.99, 70, 3, OFF), ("lower", 73, 70, 3, NEAR), ("lower", 73.01, 70, 3, OFF),
    # a tolerance of zero: no band
    ("higher", 69.99, 70, 0, OFF), ("lower", 70.01, 70, 0, OFF), ("higher", 70, 70, 0, ON),
    # negative targets: the band is 5% of |t|
    ("higher", -10, -10, None, ON), ("higher", -10.5, -10, None, NEAR), ("higher", -10.51, -10, None, OFF),
    ("lower", -9.5, -10, None, NEAR), ("lower", -9.49, -10, None, OFF),
    # a zero target has a zero default band
    ("lower", 0, 0, None, ON), ("lower", 0.001, 0, None, OFF), ("higher", -0.001, 0, None, OFF),
    # decimal boundaries that binary floating point gets wrong
    ("higher", 0.285, 0.3, None, NEAR), ("higher", 0.2849, 0.3, None, OFF), ("higher", 92.625, 97.5, None, NEAR),
    ("lower", 0.315, 0.3, None, NEAR), ("lower", 1.155, 1.1, None, NEAR), ("higher", 0.95, 1, None, NEAR),
])
def test_rating_boundaries(polarity, value, target, tolerance, expected):
    pkg = mini([value], [("2024-01", target)], polarity=polarity, tolerance=tolerance, decimals=4)
    assert latest(pkg).status == expected
    band = tolerance_for(target, tolerance, 5)
    assert rate(value, target, band, polarity) == expected


def test_data_only_and_no_data():
    assert latest(mini([5], [("2024-01", 5)], polarity="none")).status == DATA_ONLY
    assert latest(mini([None], [("2024-01", 5)], polarity="none")).status == DATA_ONLY
    assert latest(mini([5], [])).status == DATA_ONLY
    assert latest(mini([None], [])).status == DATA_ONLY
    assert latest(mini([None], [("2024-01", 5)])).status == NO_DATA


def test_managed_decline_wording():
    """The contract's words, but its "near floor" and "data only" in the words residents
    use (#17); the glossary names the contract's terms beside them."""
    assert rating_word(ON, "managed-decline") == "Within agreed floor"
    assert rating_word(NEAR, "managed-decline") == "Close to the floor"
    assert rating_word(OFF, "managed-decline") == "Below floor"
    assert rating_word(DATA_ONLY) == "For information"
    s = latest(mini([79], [("2024-01", 80)], approach="managed-decline"))
    assert s.status == NEAR and s.exception_rules == ()
    s = latest(mini([70], [("2024-01", 80)], approach="managed-decline"))
    assert s.status == OFF and s.exception_rules == ("off-target",)


# --------------------------------------------------------------------------- targets by period

@pytest.mark.parametrize("fy,period,expected", [
    (4, "2025-03", 97.0), (4, "2025-04", None), (4, "2024-04", 97.0), (4, "2024-03", None),
    (7, "2025-06", 97.0), (7, "2025-07", None), (7, "2024-07", 97.0), (7, "2024-06", None),
])
def test_financial_year_targets_serve_their_months(fy, period, expected):
    pkg = mini([1], [("2024/25", 97)], periods=[period], reporting=Reporting(financial_year_start_month=fy))
    assert latest(pkg).latest.target == expected


def test_the_most_specific_target_wins():
    targets = [("2024/25", 97.5), ("2024/25 Q3", 70), ("2024-11", 60), ("2024", 1)]
    pkg = mini([1, 1, 1], targets, periods=["2024-10", "2024-11", "2024-12"])
    rows = compute(pkg, AS_OF).rows
    assert list(rows["target"]) == [70, 60, 70]
    pkg = mini([1], [("2024/25", 97.5), ("2024", 1)], periods=["2024-05"])
    assert latest(pkg).latest.target == 97.5  # financial before calendar on a tie


def test_quarterly_targets_from_a_year():
    pkg = mini([1, 2], [("2024", 10), ("2024/25", 20)], frequency="quarterly", periods=["2024-Q1", "2024-Q2"])
    rows = compute(pkg, AS_OF).rows
    # 2024-Q1 lies in 2023/24, so only the calendar year serves it; 2024-Q2 is in both years,
    # and the financial year wins the tie
    assert list(rows["target"]) == [10, 20]


# --------------------------------------------------------------------------- overdue

@pytest.mark.parametrize("as_of,overdue", [(date(2026, 7, 29), True), (date(2026, 7, 28), False),
                                           (date(2027, 1, 1), True)])
def test_overdue_exactly_at_the_lag(as_of, overdue):
    # the latest is March 2026; April 2026 ends on 30 April; plus 90 days is 29 July
    pkg = mini([1, 2], periods=["2026-02", "2026-03"])
    s = latest(pkg, as_of)
    assert s.overdue is overdue
    assert s.next_due_period == "2026-04" and s.next_due_date == date(2026, 7, 29)


@pytest.mark.parametrize("risk,rule", [("low", False), ("medium", True), ("high", True)])
def test_overdue_is_an_exception_only_for_medium_and_high_risk(risk, rule):
    s = latest(mini([1], periods=["2020-01"], risk=risk))
    assert s.overdue and (("overdue" in s.exception_rules) is rule)


def test_overdue_for_financial_quarters_and_years():
    fq = mini([1], periods=["2025/26 Q4"], frequency="quarterly")  # next ends 30 June 2026
    assert latest(fq, date(2026, 9, 28)).overdue and not latest(fq, date(2026, 9, 27)).overdue
    fy = mini([1], periods=["2024/25"], frequency="annual")  # next ends 31 March 2026
    assert latest(fy, date(2026, 6, 29)).overdue and not latest(fy, date(2026, 6, 28)).overdue


# --------------------------------------------------------------------------- direction of travel

@pytest.mark.parametrize("prev,cur,polarity,decimals,expected", [
    (45.0, 45.04, "higher", 1, "no-change"), (45.0, 45.05, "higher", 1, "improving"),
    (45.0, 44.95, "higher", 1, "no-change"), (45.0, 44.94, "higher", 1, "worsening"),
    (2.675, 2.68, "lower", 2, "no-change"), (2.675, 2.67, "lower", 2, "improving"),
    (10, 12, "lower", 0, "worsening"), (10, 12, "none", 0, "up"), (12, 10, "none", 0, "down"),
    (10, 10.4, "none", 0, "no-change"), (-1.24, -1.3, "higher", 1, "worsening"),
    (-1.25, -1.3, "higher", 1, "no-change"),  # half up rounds away from zero, as a spreadsheet does
    (None, 10, "higher", 0, None), (10, None, "higher", 0, None),
])
def test_direction(prev, cur, polarity, decimals, expected):
    assert direction(prev, cur, polarity, decimals) == expected
    pkg = mini([prev, cur], polarity=polarity, decimals=decimals)
    assert latest(pkg).latest.direction == expected


def test_direction_against_a_year_earlier():
    values = [10] + [None] * 11 + [12]
    s = latest(mini(values, polarity="lower", start="2024-01"))
    assert s.year_ago_period == "2024-01" and s.direction_year == "worsening"
    assert s.latest.direction is None  # the previous row is blank


def test_no_year_comparison_for_annual_indicators():
    s = latest(mini([1, 2], periods=["2023/24", "2024/25"], frequency="annual"))
    assert s.year_ago_period is None and s.latest.direction == "improving"


def test_area_rows_have_a_direction_and_the_council_value_but_no_rating():
    pkg = mini([10, 11], [("2024-01", 10)], areas=[("2024-01", "A1", 5), ("2024-02", "A1", 4)])
    rows = compute(pkg, AS_OF).rows
    area = rows[rows["area"] == "A1"].sort_values("period")
    assert list(area["status"]) == [None, None]
    assert list(area["direction"]) == [None, "worsening"]
    assert list(area["council_value"]) == [10, 11]


# --------------------------------------------------------------------------- worsening runs

@pytest.mark.parametrize("values,risk,polarity,approach,fires", [
    ([10, 9, 8, 7], "low", "higher", "maintain", True),
    ([10, 9, 8], "low", "higher", "maintain", False),  # needs run + 1 values
    ([10, 9, 8], "medium", "higher", "maintain", False),
    ([10, 9, 8], "high", "higher", "maintain", True),  # always 2 for high risk
    ([10, 9], "high", "higher", "maintain", False),
    ([7, 8, 9, 10], "low", "lower", "maintain", True),
    ([10, 9, 9, 8], "low", "higher", "maintain", False),  # no change breaks the run
    ([10, 9.96, 9.5, 9], "low", "higher", "maintain", False),  # 10 -> 9.96 is no change at 1 decimal
    ([10, 9, 8, 7], "low", "higher", "managed-decline", False),
    ([10, 9, 8, 7], "low", "none", "maintain", False),
    ([10, None, 9, 8, 7], "low", "higher", "maintain", True),  # consecutive non-blank values
    ([11, 10, 9, 8, 9], "low", "higher", "maintain", False),
])
def test_worsening_runs(values, risk, polarity, approach, fires):
    s = latest(mini(values, risk=risk, polarity=polarity, approach=approach))
    assert ("worsening" in s.exception_rules) is fires


def test_worsening_run_parameter():
    values = [10, 9, 8]
    assert "worsening" in latest(mini(values, reporting=Reporting(worsening_run=2))).exception_rules
    assert "worsening" not in latest(mini([10, 9, 8, 7], reporting=Reporting(worsening_run=4))).exception_rules


# --------------------------------------------------------------------------- exception rules

@pytest.mark.parametrize("value,risk,rules", [
    (40, "low", ("off-target",)), (49, "high", ("near-target-high-risk",)), (49, "medium", ()),
    (50, "high", ()),
])
def test_exception_rules(value, risk, rules):
    s = latest(mini([value], [("2026-09", 50)], risk=risk, periods=["2026-09"]))
    assert s.exception_rules == rules and s.exception is bool(rules)


def test_commentary_missing():
    off = mini([40], [("2026-09", 50)], periods=["2026-09"])
    assert latest(off).commentary_missing
    noted = mini([40], [("2026-09", 50)], periods=["2026-09"], commentary=["2026-09"])
    assert not latest(noted).commentary_missing
    old_note = mini([40], [("2026-09", 50)], periods=["2026-09"], commentary=["2026-08"])
    assert latest(old_note).commentary_missing
    fine = mini([60], [("2026-09", 50)], periods=["2026-09"])
    assert not latest(fine).commentary_missing


# --------------------------------------------------------------------------- properties

finite = st.decimals(min_value=-10**6, max_value=10**6, places=3, allow_nan=False, allow_infinity=False)


@given(values=st.lists(finite, min_size=1, max_size=6), target=finite,
       tolerance=st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2)),
       polarity=st.sampled_from(["higher", "lower"]), decimals=st.integers(0, 3))
def test_mirroring_values_and_swapping_polarity_changes_nothing(values, target, tolerance, polarity, decimals):
    other = "lower" if polarity == "higher" else "higher"
    tol = None if tolerance is None else float(tolerance)
    a = compute(mini([float(v) for v in values], [("2024/25", float(target))], polarity=polarity,
                     tolerance=tol, decimals=decimals, start="2024-04"), AS_OF)
    b = compute(mini([-float(v) for v in values], [("2024/25", -float(target))], polarity=other,
                     tolerance=tol, decimals=decimals, start="2024-04"), AS_OF)
    assert list(a.rows["status"]) == list(b.rows["status"])
    assert a["x"].exception_rules == b["x"].exception_rules
    # mirrored values: the same changes, read the same way
    assert list(a.rows["direction"]) == list(b.rows["direction"])


@given(values=st.lists(finite, min_size=2, max_size=6), decimals=st.integers(0, 3))
def test_swapping_polarity_swaps_improving_and_worsening(values, decimals):
    vs = [float(v) for v in values]
    up = compute(mini(vs, polarity="higher", decimals=decimals), AS_OF).rows["direction"]
    down = compute(mini(vs, polarity="lower", decimals=decimals), AS_OF).rows["direction"]
    swap = {"improving": "worsening", "worsening": "improving", "no-change": "no-change", None: None}
    assert [swap[d] for d in up] == list(down)


@given(value=finite, target=finite, tolerance=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
       polarity=st.sampled_from(["higher", "lower"]))
def test_vectorised_ratings_equal_exact_decimal_ratings(value, target, tolerance, polarity):
    b = Decimal(str(tolerance)) if tolerance is not None else Decimal(5) / 100 * abs(target)
    if polarity == "higher":
        exact = ON if value >= target else NEAR if value >= target - b else OFF
    else:
        exact = ON if value <= target else NEAR if value <= target + b else OFF
    pkg = mini([float(value)], [("2024-01", float(target))], polarity=polarity,
               tolerance=None if tolerance is None else float(tolerance))
    assert latest(pkg).status == exact


@given(values=st.lists(st.decimals(min_value=-10**5, max_value=10**5, places=5), min_size=1, max_size=20),
       decimals=st.integers(0, 4))
def test_vectorised_rounding_is_half_up_exactly(values, decimals):
    floats = [float(v) for v in values]
    got = round_half_up_array(floats, [decimals] * len(floats))
    assert list(got) == [float(round_half_up(f, decimals)) for f in floats]


@given(v=finite, t=finite, delta=st.decimals(min_value=0, max_value=1000, places=3))
def test_a_better_value_never_gets_a_worse_rating(v, t, delta):
    order = {OFF: 0, NEAR: 1, ON: 2}
    lo = latest(mini([float(v)], [("2024-01", float(t))])).status
    hi = latest(mini([float(v + delta)], [("2024-01", float(t))])).status
    assert order[hi] >= order[lo]
