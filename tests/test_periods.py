from datetime import date

import pytest

from build_site.inputs import periods as P


@pytest.mark.parametrize("text,kind,start,end", [
    ("2024-05", P.MONTH, date(2024, 5, 1), date(2024, 5, 31)),
    ("2024-02", P.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
    ("2024-Q2", P.QUARTER, date(2024, 4, 1), date(2024, 6, 30)),
    ("2024", P.YEAR, date(2024, 1, 1), date(2024, 12, 31)),
    ("2024/25", P.FY, date(2024, 4, 1), date(2025, 3, 31)),
    ("2024/25 Q1", P.FQ, date(2024, 4, 1), date(2024, 6, 30)),
    ("2024/25 Q4", P.FQ, date(2025, 1, 1), date(2025, 3, 31)),
    ("1999/00", P.FY, date(1999, 4, 1), date(2000, 3, 31)),
])
def test_the_five_forms(text, kind, start, end):
    p = P.parse_period(text)
    assert (p.kind, p.start, p.end, p.text) == (kind, start, end, text)


@pytest.mark.parametrize("text,start,end", [
    ("2024/25", date(2024, 7, 1), date(2025, 6, 30)),
    ("2024/25 Q1", date(2024, 7, 1), date(2024, 9, 30)),
    ("2024/25 Q3", date(2025, 1, 1), date(2025, 3, 31)),
    ("2024/25 Q4", date(2025, 4, 1), date(2025, 6, 30)),
])
def test_financial_year_starting_in_july(text, start, end):
    p = P.parse_period(text, fy_start=7)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("bad", ["2024-13", "2024-00", "2024-5", "2024 Q2", "2024-Q5", "24/25", "2024/26",
                                 "2024/2025", "2024/25Q1", "2024/25 Q5", "May 2024", "", " 2024", "2024-05-01",
                                 "FY2024"])
def test_anything_else_is_an_error(bad):
    with pytest.raises(P.PeriodError):
        P.parse_period(bad)


def test_the_error_says_which_forms_are_allowed():
    with pytest.raises(P.PeriodError, match="2024/25 Q1"):
        P.parse_period("Q1 2024")
    with pytest.raises(P.PeriodError, match="2024/25"):
        P.parse_period("2024/26")


def test_the_table_schema_pattern_accepts_exactly_the_five_forms():
    import re

    pattern = re.compile(P.PERIOD_PATTERN)
    for good in ["2024-05", "2024-Q2", "2024", "2024/25", "2024/25 Q1"]:
        assert pattern.match(good)
    for bad in ["2024-13", "2024 Q2", "2024/25Q1", "24/25"]:
        assert not pattern.match(bad)


@pytest.mark.parametrize("fy", [4, 7, 1])
def test_next_and_year_earlier(fy):
    assert P.next_period(P.parse_period("2024-12", fy), fy).text == "2025-01"
    assert P.next_period(P.parse_period("2024-Q4", fy), fy).text == "2025-Q1"
    assert P.next_period(P.parse_period("2024/25 Q4", fy), fy).text == "2025/26 Q1"
    assert P.next_period(P.parse_period("2024/25", fy), fy).text == "2025/26"
    assert P.year_earlier(P.parse_period("2024/25 Q2", fy), fy).text == "2023/24 Q2"
    assert P.year_earlier(P.parse_period("2024-05", fy), fy).text == "2023-05"


def test_containing_and_alignment():
    assert P.containing(P.FQ, date(2025, 2, 14)).text == "2024/25 Q4"
    assert P.containing(P.FY, date(2025, 3, 31)).text == "2024/25"
    assert P.containing(P.FY, date(2025, 4, 1)).text == "2025/26"
    fy = P.parse_period("2024/25")
    assert P.aligned_within(fy, P.MONTH) and P.aligned_within(fy, P.QUARTER) and P.aligned_within(fy, P.FQ)
    assert not P.aligned_within(P.parse_period("2024"), P.FY)
    assert not P.aligned_within(P.parse_period("2024/25", 5), P.QUARTER, 5)
