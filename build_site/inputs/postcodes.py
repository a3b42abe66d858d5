"""Postcodes (contract 1.2, ``data/postcodes.csv``): which area each of the council's postcodes
is in, for the site's postcode finder only (it never changes a rating).

A postcode is compared in its normal form: upper case, one space before the last three
characters (``sw1a1aa`` is ``SW1A 1AA``). ``problems`` refuses a value that is not in the UK
postcode shape and a postcode given twice (after normalising); that ``area`` is one of the
areas is the schema's foreign key. ``shards`` splits the lookup by outward code (the part
before the space), so that a phone downloads only the few hundred bytes of its own district.
"""

from __future__ import annotations

import re

from build_site.core.catalogue import _
from build_site.core.problems import Problem
from build_site.inputs.load import RawTable

#: The UK postcode shape (the outward code, then a digit and two letters), and the Girobank's.
SHAPE = re.compile(r"^(?:[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)$")


def normal(text: str) -> str:
    """'sw1a1aa' -> 'SW1A 1AA' (a text too short to be a postcode is only upper-cased)."""
    squeezed = "".join(text.split()).upper()
    return f"{squeezed[:-3]} {squeezed[-3:]}" if len(squeezed) > 3 else squeezed


def outward(postcode: str) -> str:
    """The outward code of a postcode in its normal form ('SW1A 1AA' -> 'SW1A')."""
    return postcode.split(" ")[0]


def problems(table: RawTable) -> list[Problem]:
    """Postcodes not in the UK shape, and postcodes given twice (naming the first row)."""
    if "postcode" not in table.header:
        return []
    found: list[Problem] = []
    first: dict[str, tuple[int, str]] = {}
    for i, text in enumerate(table.column("postcode")):
        row = table.numbers[i]
        if text == "":
            continue  # ('required' is the schema's)
        code = normal(text)
        if not SHAPE.match(code):
            found.append(Problem(table.path, row, "postcode", _('"{text}" is not a UK postcode', text=text[:20]),
                                 _("write it as a postcode such as SW1A 1AA (upper or lower case, with or "
                                   "without the space)"), "postcode"))
        elif code in first and first[code][1] != text:  # (the same text twice is the primary key's to say)
            found.append(Problem(table.path, row, "postcode",
                                 _("{postcode} is given twice (first in row {row})", postcode=code,
                                   row=first[code][0]), _("keep one row for each postcode"), "duplicate-postcode"))
        else:
            first.setdefault(code, (row, text))
    return found


def lookup(table: RawTable | None) -> dict[str, str]:
    """{postcode in its normal form: area code}, from a checked table."""
    if table is None or "postcode" not in table.header:
        return {}
    return {normal(p): a for p, a in zip(table.column("postcode"), table.column("area"), strict=True) if p}


def shards(postcodes: dict[str, str]) -> dict[str, dict[str, str]]:
    """The lookup split by outward code: {outward: {inward code: area code}}, sorted."""
    out: dict[str, dict[str, str]] = {}
    for code in sorted(postcodes):
        out.setdefault(outward(code), {})[code.split(" ")[1]] = postcodes[code]
    return out
