"""How values are shown: units, decimals (rounded half up, as a spreadsheet does), periods."""

from __future__ import annotations

import math

from .model import Indicator
from .refusals import GBP_SCALES
from .status import round_half_up

UNIT_WORDS = {"days": "days", "weeks": "weeks"}


def number(value: float | None, decimals: int) -> str:
    """1234.5 -> '1,234.5' at ``decimals`` places; blank -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    d = round_half_up(value, decimals)
    text = f"{abs(d):,.{decimals}f}"
    return ("−" if d < 0 else "") + text


def value(v: float | None, ind: Indicator) -> str:
    """A value with its unit: '43.7%', '£1,200', '17.0 days', '6.8 per 1,000 population'."""
    n = number(v, ind.decimals)
    if n == "":
        return ""
    if ind.unit == "percent":
        return n + "%"
    if ind.unit == "gbp":
        n += GBP_SCALES.get(ind.unit_label, "")
        return n.replace("−", "−£") if n.startswith("−") else "£" + n
    if ind.unit in UNIT_WORDS:
        return f"{n} {UNIT_WORDS[ind.unit]}"
    if ind.unit_label:
        return f"{n} {ind.unit_label}"
    return n


def unit_phrase(ind: Indicator) -> str:
    words = {"percent": "per cent", "number": "number", "days": "days", "weeks": "weeks",
             "gbp": "pounds sterling", "rate": "rate", "score": "score"}[ind.unit]
    if ind.unit == "gbp" and ind.unit_label in GBP_SCALES:
        return f"{words}, in £ {ind.unit_label}"
    return f"{words} ({ind.unit_label})" if ind.unit_label else words


def plain(v: float | None) -> str:
    """Full precision, for downloads and data tables' machine-readable attributes."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return repr(float(v)).removesuffix(".0") if float(v).is_integer() else repr(float(v))
