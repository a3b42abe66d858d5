"""The returns schedule (contract 1.2): for each indicator, the figure its provider (or,
with no provider, the council) owes, and whether it is received, awaited or overdue as at
the build's date.

A figure is due for each period of the indicator's kind whose end is on or before
``as_of``, from its first measured period on; its due date is the period's end plus
``reporting_lag_days``. It is received when a council-wide row for the period exists (a
blank value with its note counts). Each indicator has one row: its oldest outstanding
return (the first due period after its latest received one), awaited before its due date
and overdue from it on (exactly the status's ``overdue``); with nothing outstanding, its
latest received period. An indicator with no figure yet has no row: nothing is due
before its first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from build_site.core.catalogue import _
from build_site.core.model import Package
from build_site.core.vocabulary import date_words
from build_site.inputs import periods as P
from build_site.rating.api import text_table
from build_site.rating.status import Statuses

RECEIVED, AWAITED, OVERDUE = "received", "awaited", "overdue"
STATES = (OVERDUE, AWAITED, RECEIVED)  # most pressing first


@dataclass(frozen=True)
class Return:
    indicator: str
    provider: str  # providers.id, or "" for the council itself
    period: str
    due: date
    state: str  # RECEIVED, AWAITED or OVERDUE


def schedule(pkg: Package, statuses: Statuses) -> tuple[Return, ...]:
    """One row per indicator with a figure, in the package's order of indicators."""
    fy, lag, as_of = pkg.reporting.financial_year_start_month, pkg.reporting.reporting_lag_days, statuses.as_of
    rows = []
    for ind in pkg.indicators:
        st = statuses[ind.id]
        if st.latest is None or st.next_due_period is None or st.next_due_date is None:
            continue
        following = P.parse_period(st.next_due_period, fy)
        if following.end <= as_of:  # the next period has ended: its figure is owed
            state = OVERDUE if st.next_due_date <= as_of else AWAITED
            rows.append(Return(ind.id, ind.provider, following.text, st.next_due_date, state))
        else:
            latest = P.parse_period(st.latest.period, fy)
            rows.append(Return(ind.id, ind.provider, latest.text, latest.end + timedelta(days=lag), RECEIVED))
    return tuple(rows)


def of_provider(returns: tuple[Return, ...], provider: str) -> tuple[Return, ...]:
    return tuple(r for r in returns if r.provider == provider)


def counts(returns: tuple[Return, ...]) -> dict[str, int]:
    """How many returns are in each state."""
    return {s: sum(r.state == s for r in returns) for s in STATES}


def next_due(returns: tuple[Return, ...]) -> date | None:
    """The earliest due date of the awaited returns (None: none is awaited)."""
    awaited = [r.due for r in returns if r.state == AWAITED]
    return min(awaited) if awaited else None


COLUMNS = ("provider", "provider_name", "indicator", "title", "period", "due", "state")


def rows(pkg: Package, returns: tuple[Return, ...]) -> list[dict]:
    """The schedule as records (for the API, CSV and the command), most pressing first, then
    by provider, due date and indicator."""
    names = {p.id: p.name for p in pkg.providers}
    council = _("The council itself")
    titles = {i.id: i.title for i in pkg.indicators}
    ordered = sorted(returns, key=lambda r: (STATES.index(r.state), names.get(r.provider, council), r.due,
                                             r.indicator))
    return [dict(provider=r.provider, provider_name=names.get(r.provider, council), indicator=r.indicator,
                 title=titles[r.indicator], period=r.period, due=r.due.isoformat(), state=r.state)
            for r in ordered]


def table(records: list[dict], as_of: date) -> str:
    """The schedule as a plain-text table for the terminal, with its counts."""
    heads = [_("provider"), _("indicator"), _("period"), _("due"), _("state")]
    out = text_table(heads, [[r["provider_name"], r["indicator"], r["period"], r["due"], state_word(r["state"])]
                             for r in records])
    n = {s: sum(r["state"] == s for r in records) for s in STATES}
    out.append(_("As at {date}: {overdue} overdue, {awaited} awaited, {received} received.", date=date_words(as_of),
                 overdue=n[OVERDUE], awaited=n[AWAITED], received=n[RECEIVED]))
    return "\n".join(out)


def state_word(state: str) -> str:
    return {OVERDUE: _("Overdue"), AWAITED: _("Awaited"), RECEIVED: _("Received")}[state]
