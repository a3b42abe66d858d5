"""Whether a frozen report's record is one build-site can read: every field of the right
shape, every number finite, every word one the contract knows. A record's SHA-256 in
datapackage.json says it has not changed since it was frozen, not that what was frozen
is sound (it may have been written by hand, or by a tool with a bug), so the build checks
it field by field before a page or PDF is made from it. Pure: a record in, the path of its
first wrong field out.
"""

from __future__ import annotations

import functools
import math
from datetime import date

from build_site.core.vocabulary import DOWN, IMPROVING, NO_CHANGE, UP, WORSENING
from build_site.inputs import periods as P
from build_site.rating.api import RISK_ORDER
from build_site.rating.reports import FORMAT, STATUSES, VERSION
from build_site.rating.rules import CODES

DIRECTIONS = (IMPROVING, WORSENING, NO_CHANGE, UP, DOWN, None)
NOTE_KEYS = ("commentary", "action", "action_owner", "recovery_period")
_MOST = 1e15  # as the data: a number of this size or more is refused


@functools.lru_cache(maxsize=1)
def _enums() -> dict[str, tuple[str, ...]]:
    """The indicator fields' words, from the contract's own schema."""
    from build_site.inputs.contract import contract_descriptor

    fields = next(r for r in contract_descriptor()["resources"] if r["name"] == "indicators")["schema"]["fields"]
    return {f["name"]: tuple(f["constraints"]["enum"]) for f in fields if "enum" in f.get("constraints", {})}


def _number(v) -> bool:
    return v is None or (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
                         and abs(v) < _MOST)


def _text(v) -> bool:
    return isinstance(v, str)


def _period(v, fy: int, optional: bool = False) -> bool:
    if v is None:
        return optional
    try:
        P.parse_period(v, fy)
        return isinstance(v, str)
    except (P.PeriodError, TypeError, AttributeError):
        return False


def _latest(latest, fy: int) -> str | None:
    if latest is None:
        return None
    if not isinstance(latest, dict) or not _period(latest.get("period"), fy):
        return "period"
    for key in ("value", "target"):
        if not _number(latest.get(key)):
            return key
    if latest.get("status") not in STATUSES:
        return "status"
    return None if latest.get("direction") in DIRECTIONS else "direction"


def _figures(figures, fy: int) -> str | None:
    if not isinstance(figures, list):
        return ""
    for k, row in enumerate(figures):
        if not isinstance(row, list) or len(row) != 5 or not _period(row[0], fy) or not all(map(_number, row[1:])):
            return f"[{k}]"
    return None


def _item(item, fy: int) -> str | None:
    """The first wrong field of one indicator's entry, or None."""
    if not isinstance(item, dict):
        return ""
    for key in ("id", "title", "priority", "owner", "unit_label"):
        if not _text(item.get(key)):
            return key
    for key, words in {**_enums(), "risk": tuple(RISK_ORDER)}.items():
        if key in ("mode", "approach", "polarity", "unit", "risk") and item.get(key) not in words:
            return key
    for key in ("overdue", "commentary_missing", "recovery_missed"):
        if not isinstance(item.get(key), bool):
            return key
    for key, most in (("decimals", 4), ("run", 10**6)):
        value = item.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= most:
            return key
    rules = item.get("exception_rules")
    if not isinstance(rules, list) or not all(r in CODES for r in rules):
        return "exception_rules"
    for key in ("next_due", "recovery_period"):
        if not _period(item.get(key), fy, optional=True):
            return key
    gaps = item.get("local_gaps", [])  # (a record frozen before local gaps has none)
    if not isinstance(gaps, list) or not all(map(_text, gaps)):
        return "local_gaps"
    note = item.get("commentary")
    if note is not None and (not isinstance(note, dict) or not all(note.get(k) is None or _text(note.get(k))
                                                                   for k in NOTE_KEYS)):
        return "commentary"
    wrong = _latest(item.get("latest"), fy)
    if wrong is not None:
        return "latest." + wrong
    wrong = _figures(item.get("figures"), fy)
    if wrong is not None:
        return "figures" + wrong
    return _history(item, fy)


def _pair(pair, fy: int) -> bool:
    return isinstance(pair, list) and len(pair) == 2 and _period(pair[0], fy) and _number(pair[1])


def _history(item: dict, fy: int) -> str | None:
    """The scorecard's figures (1.2; a record frozen before them has none)."""
    recent = item.get("recent", [])
    if not isinstance(recent, list) or len(recent) > 3 or not all(_pair(x, fy) for x in recent):
        return "recent"
    before = item.get("year_before")
    return None if before is None or _pair(before, fy) else "year_before"


def _top(record: dict) -> str | None:
    reporting = record.get("reporting")
    fy = reporting.get("financial_year_start_month") if isinstance(reporting, dict) else None
    if not isinstance(fy, int) or isinstance(fy, bool) or not 1 <= fy <= 12:
        return "reporting.financial_year_start_month"
    try:  # (anything but a date's text is the error below)
        date.fromisoformat(record.get("as_of"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "as_of"
    if not _text(record.get("council")):
        return "council"
    for key, fields in (("priorities", ("id", "title")), ("areas", ("code", "name")), ("providers", ("id", "name"))):
        listed = record.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(x, dict) and all(_text(x.get(f)) for f in fields)
                                                   for x in listed):
            return key
    return None


def _promises(promises, fy: int) -> str | None:
    """A yearly report's promises (1.2; none in another report)."""
    if not isinstance(promises, list):
        return ""
    for k, p in enumerate(promises):
        if not (isinstance(p, dict) and all(_text(p.get(f)) for f in ("id", "title")) and
                _period(p.get("made"), fy) and _period(p.get("promised"), fy) and
                _period(p.get("judged"), fy, optional=True) and p.get("kept") in (True, False, None)):
            return f"[{k}]"
    return None


def wrong_field(record, period: str) -> str | None:
    """The path of the first field of ``record`` that is not as a frozen report for ``period``
    holds it ('' for a record that is no report of this version at all); None when sound."""
    if not isinstance(record, dict) or record.get("format") != FORMAT or record.get("version") != VERSION:
        return ""
    if record.get("period") != period:
        return "period"
    wrong = _top(record)
    if wrong is not None:
        return wrong
    fy = record["reporting"]["financial_year_start_month"]
    if not _period(period, fy):
        return "period"
    wrong = _promises(record.get("promises", []), fy)
    if wrong is not None:
        return "promises" + wrong
    if not isinstance(record.get("indicators"), list):
        return "indicators"
    for k, item in enumerate(record["indicators"]):
        wrong = _item(item, fy)
        if wrong is not None:
            return f"indicators[{k}]" + ("." + wrong if wrong else "")
    return None
