"""Which targets can serve a period, as a table: the periods of the measurements, each
with its dates and the target periods that could serve it, most specific first (the
contract's target rule; ``status.enrich`` joins the targets through it)."""

from __future__ import annotations

import pandas as pd

from build_site.inputs import periods as P


def _candidates(period: P.Period, fy: int) -> list[str]:
    """Target periods that could serve ``period``, most specific first.

    Same length first (the period itself, then the other quarter kind when it
    covers the same months), then longer; financial before calendar on a tie.
    """
    order = {P.MONTH: 0, P.FQ: 1, P.QUARTER: 2, P.FY: 3, P.YEAR: 4}
    found = []
    for kind in sorted(P.KINDS, key=lambda k: (P.KIND_MONTHS[k], order[k])):
        if P.KIND_MONTHS[kind] < period.months:
            continue
        outer = P.containing(kind, period.start, fy)
        if outer.contains(period):
            found.append(outer.text)
    if period.text in found:
        found.remove(period.text)
    return [period.text] + found


def period_frame(texts, fy: int) -> pd.DataFrame:
    """One row per distinct period text: start, end, kind, and target candidates."""
    rows = []
    for text in sorted(set(texts)):
        p = P.parse_period(text, fy)
        cands = _candidates(p, fy)
        rows.append((text, pd.Timestamp(p.start), pd.Timestamp(p.end), p.kind, p.months,
                     *(cands + [None] * (5 - len(cands)))))
    cols = ["period", "start", "end", "kind", "months", "cand0", "cand1", "cand2", "cand3", "cand4"]
    return pd.DataFrame(rows, columns=cols)
