"""Reporting periods: the five forms the data contract allows, and nothing else.

| form         | kind      | meaning                                            |
| ------------ | --------- | -------------------------------------------------- |
| ``2024-05``  | month     | calendar month                                     |
| ``2024-Q2``  | quarter   | calendar quarter (April-June 2024)                 |
| ``2024``     | year      | calendar year                                      |
| ``2024/25``  | fy        | financial year starting in ``fy_start`` (default April) |
| ``2024/25 Q1`` | fq      | first three months of that financial year          |

Everything here is pure: text in, frozen values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from build_site.core.catalogue import N_, _
from build_site.core.vocabulary import month_name

MONTH, QUARTER, YEAR, FY, FQ = "month", "quarter", "year", "fy", "fq"
KINDS = (MONTH, QUARTER, YEAR, FY, FQ)

#: Which period kinds each indicator frequency may use.
FREQUENCY_KINDS = {
    "monthly": (MONTH,),
    "quarterly": (QUARTER, FQ),
    "annual": (YEAR, FY),
}

#: Length of one period of each kind, in months.
KIND_MONTHS = {MONTH: 1, QUARTER: 3, FQ: 3, YEAR: 12, FY: 12}

#: Each kind in words: one, with an example; one; and several.
_KIND_WORDS = {
    MONTH: (N_("a calendar month such as 2024-05"), N_("a calendar month"), N_("calendar months")),
    QUARTER: (N_("a calendar quarter such as 2024-Q2"), N_("a calendar quarter"), N_("calendar quarters")),
    YEAR: (N_("a calendar year such as 2024"), N_("a calendar year"), N_("calendar years")),
    FY: (N_("a financial year such as 2024/25"), N_("a financial year"), N_("financial years")),
    FQ: (N_("a financial quarter such as 2024/25 Q1"), N_("a financial quarter"), N_("financial quarters")),
}


def kind_example(kind: str) -> str:
    return _(_KIND_WORDS[kind][0])


def kind_name(kind: str) -> str:
    return _(_KIND_WORDS[kind][1])


def kind_plural(kind: str) -> str:
    return _(_KIND_WORDS[kind][2])


def forms() -> str:
    """The five forms, with what each means."""
    return _("use 2024-05 (month), 2024-Q2 (calendar quarter), 2024 (calendar year), 2024/25 (financial year) "
             "or 2024/25 Q1 (financial quarter)")

_PATTERNS = (
    (MONTH, re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")),
    (QUARTER, re.compile(r"^(\d{4})-Q([1-4])$")),
    (YEAR, re.compile(r"^(\d{4})$")),
    (FY, re.compile(r"^(\d{4})/(\d{2})$")),
    (FQ, re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")),
)

#: The same forms as one regular expression, for the Table Schema `pattern`.
PERIOD_PATTERN = (
    r"^([0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?|[0-9]{4}/[0-9]{2}( Q[1-4])?)$"
)



#: The years a period may be in (contract: "Years run from 1900 to 2100").
FIRST_YEAR, LAST_YEAR = 1900, 2100


class PeriodError(ValueError):
    """A period that is not one of the five forms; the message says how to fix it, and
    ``fix`` says it again when it is not the list of forms."""

    def __init__(self, message: str, fix: str | None = None):
        super().__init__(message)
        self.fix = fix


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period. Ordered by start date, then by length."""

    start: date
    end: date  # the last day inside the period
    kind: str
    text: str

    @property
    def months(self) -> int:
        return KIND_MONTHS[self.kind]

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def label(self) -> str:
        """How a reader sees the period: 'May 2024', '2024-Q2', '2024', '2024/25', '2024/25 Q1'
        (the quarter's letter and the month's name from the catalogue)."""
        if self.kind == MONTH:
            return _("{month} {year}", month=month_name(self.start.month), year=self.start.year)
        if self.kind == QUARTER:
            return _("{year}-Q{quarter}", year=self.text[:4], quarter=self.text[-1])
        if self.kind == FQ:
            return _("{year} Q{quarter}", year=self.text[:7], quarter=self.text[-1])
        return self.text

    def months_label(self) -> str:
        """The months a period covers: 'July to September 2026', 'April 2025 to March 2026';
        a month is just itself ('May 2024')."""
        first, last = self.start, self.end
        if self.kind == MONTH:
            return self.label()
        if first.year == last.year:
            return _("{first} to {last} {year}", first=month_name(first.month), last=month_name(last.month),
                     year=first.year)
        return _("{first} {first_year} to {last} {last_year}", first=month_name(first.month),
                 first_year=first.year, last=month_name(last.month), last_year=last.year)

    def long_label(self) -> str:
        """The period as a resident reads it, with its months: '2026/27 Q2, July to September
        2026', '2024/25, April 2024 to March 2025'; a month or a calendar year needs none."""
        if self.kind in (MONTH, YEAR):
            return self.label()
        return _("{period}, {months}", period=self.label(), months=self.months_label())

    def spoken_label(self) -> str:
        """The same inside a sentence: '2026/27 Q2 (July to September 2026)'."""
        if self.kind in (MONTH, YEAR):
            return self.label()
        return _("{period} ({months})", period=self.label(), months=self.months_label())


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def _span(start: date, months: int) -> date:
    return _add_months(start, months) - timedelta(days=1)


@lru_cache(maxsize=65536)
def parse_period(text: str, fy_start: int = 4) -> Period:
    """Parse one period; raise PeriodError saying which forms are allowed."""
    if not isinstance(text, str):
        raise PeriodError(_("{text} is not a period", text=repr(text)))
    for kind, pattern in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PeriodError(_('"{text}" is in the year {year}, but periods run from {first} to {last}', text=text,
                                year=year, first=FIRST_YEAR, last=LAST_YEAR), _("check the year for a typing mistake"))
        if kind == MONTH:
            start, months = date(year, int(m.group(2)), 1), 1
        elif kind == QUARTER:
            start, months = date(year, 3 * (int(m.group(2)) - 1) + 1, 1), 3
        elif kind == YEAR:
            start, months = date(year, 1, 1), 12
        else:
            if int(m.group(2)) != (year + 1) % 100:
                example = f"{year}/{(year + 1) % 100:02d}"
                raise PeriodError(_('"{text}" is not a financial year: the second part must be the year after '
                                    "{year}, as in {example}", text=text, year=year, example=example))
            start = date(year, fy_start, 1)
            if kind == FY:
                months = 12
            else:
                start, months = _add_months(start, 3 * (int(m.group(3)) - 1)), 3
        return Period(start, _span(start, months), kind, text)
    raise PeriodError(_('"{text}" is not a period', text=text) + " — " + forms())


def format_period(kind: str, start: date, fy_start: int = 4) -> str:
    """The text of the period of ``kind`` that starts on ``start``."""
    if kind == MONTH:
        return f"{start.year}-{start.month:02d}"
    if kind == QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if kind == YEAR:
        return f"{start.year}"
    fy_year = start.year if start.month >= fy_start else start.year - 1
    fy = f"{fy_year}/{(fy_year + 1) % 100:02d}"
    if kind == FY:
        return fy
    months_in = (start.year * 12 + start.month) - (fy_year * 12 + fy_start)
    return f"{fy} Q{months_in // 3 + 1}"


def containing(kind: str, day: date, fy_start: int = 4) -> Period:
    """The period of ``kind`` that contains ``day``."""
    if kind == MONTH:
        start = date(day.year, day.month, 1)
    elif kind == QUARTER:
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    elif kind == YEAR:
        start = date(day.year, 1, 1)
    else:
        fy_year = day.year if day.month >= fy_start else day.year - 1
        fy_first = date(fy_year, fy_start, 1)
        if kind == FY:
            start = fy_first
        else:
            offset = (day.year * 12 + day.month) - (fy_year * 12 + fy_start)
            start = _add_months(fy_first, 3 * (offset // 3))
    return parse_period(format_period(kind, start, fy_start), fy_start)


def next_period(period: Period, fy_start: int = 4) -> Period:
    """The period of the same kind straight after ``period``."""
    return containing(period.kind, period.end + timedelta(days=1), fy_start)


def year_earlier(period: Period, fy_start: int = 4) -> Period:
    """The same period one year before (May 2024 -> May 2023)."""
    start = date(period.start.year - 1, period.start.month, 1)
    return parse_period(format_period(period.kind, start, fy_start), fy_start)


def aligned_within(outer: Period, kind: str, fy_start: int = 4) -> bool:
    """True when ``outer`` is exactly a run of whole periods of ``kind``.

    A financial-year target serves the months and quarters inside it; a
    calendar-year target cannot serve a financial year it only overlaps.
    """
    first = containing(kind, outer.start, fy_start)
    last = containing(kind, outer.end, fy_start)
    return first.start == outer.start and last.end == outer.end
