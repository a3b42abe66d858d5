"""How values are shown: units, decimals (rounded half up, as a spreadsheet does), periods."""

from __future__ import annotations

import math

from build_site.core.catalogue import _
from build_site.core.model import Indicator
from build_site.core.vocabulary import scale_name, scale_suffix, unit_name
from build_site.inputs.refusals import GBP_SCALES
from build_site.rating.status import round_half_up


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
        n += scale_suffix(ind.unit_label)
        return n.replace("−", "−£") if n.startswith("−") else "£" + n
    if ind.unit == "days":
        return _("{value} days", value=n)
    if ind.unit == "weeks":
        return _("{value} weeks", value=n)
    if ind.unit_label:
        return f"{n} {ind.unit_label}"
    return n


def unit_phrase(ind: Indicator) -> str:
    words = unit_name(ind.unit)
    if ind.unit == "gbp" and ind.unit_label in GBP_SCALES:
        return _("{unit}, in £ {scale}", unit=words, scale=scale_name(ind.unit_label))
    return _("{unit} ({label})", unit=words, label=ind.unit_label) if ind.unit_label else words


def plain(v: float | None) -> str:
    """Full precision, for downloads and data tables' machine-readable attributes."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return repr(float(v)).removesuffix(".0") if float(v).is_integer() else repr(float(v))
