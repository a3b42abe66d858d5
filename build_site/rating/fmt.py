"""How values are shown: units, decimals (rounded half up, as a spreadsheet does), periods."""

from __future__ import annotations

import math
from functools import cache

from babel.numbers import get_decimal_symbol, get_group_symbol

from build_site.core.catalogue import MAIN, PSEUDO, _, language
from build_site.core.model import Indicator
from build_site.core.vocabulary import scale_name, scale_suffix, unit_name
from build_site.inputs.refusals import GBP_SCALES
from build_site.rating.status import round_half_up


@cache
def _separators(code: str) -> dict[int, str] | None:
    """How a number's thousands and decimals are separated in a language, from Babel's locale
    data (CLDR), as a translation of the English ones; None where they are the English ones
    (English and Welsh: nothing to change). The pseudo-locale is English's."""
    where = MAIN if code == PSEUDO else code.replace("-", "_")
    group, decimal = get_group_symbol(where), get_decimal_symbol(where)
    return None if (group, decimal) == (",", ".") else str.maketrans({",": group, ".": decimal})


def number(value: float | None, decimals: int) -> str:
    """1234.5 -> '1,234.5' at ``decimals`` places, with the separators of the language being
    written; blank -> ''. The minus sign is always U+2212, as screen readers read it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    d = round_half_up(value, decimals)
    text = f"{abs(d):,.{decimals}f}"
    separators = _separators(language())
    if separators is not None:
        text = text.translate(separators)
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
