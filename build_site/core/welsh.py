"""Welsh at the joins: where a translated message meets the words put into it.

A Welsh message is written whole by its translator, but some of its words are filled in
when it is used: a number, a month, a period, a list. Welsh changes a word's first
sound by what comes before it (the mutations), so a join written as "yn {period}" or
"{n} tro" reads wrong with some values ("yn Medi", "2 tro"). ``fill`` puts the values in
and then follows the rules at each join:

- after a number, the word after it (the translator's own word): soft mutation after 2
  ("2 dro", "2 ddangosydd"), and after 1 for a feminine noun ("1 dudalen"); aspirate
  mutation of a masculine noun after 3 and 6 ("3 thro");
- a month put after a preposition: "ym mis Medi" (yn), "o fis Awst", "ers mis Mai",
  "erbyn mis Mawrth"; after "i" in a range, soft mutation ("Hydref i Ragfyr");
- "a", "â" and "na" before a vowel, or before "mae", "mai", "meddai" or "megis": "ac",
  "ag" and "nag".

The rules follow the Welsh Language Commissioner's and the Welsh Government's style
guides: a number in figures mutates what follows as the number written out would. Only
the tool's own words are mutated (months, and the translator's words after a number):
names from a council's data (an area, an indicator) are put in as written, since a name
in English would be spoiled by a Welsh mutation.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi", "Hydref",
          "Tachwedd", "Rhagfyr")
# The nouns the catalogue puts after a number, by gender (a noun not here: masculine).
FEMININE = frozenset({"tudalen", "problem", "rhes", "ffeil", "blaenoriaeth", "ardal", "sgôr", "blwyddyn", "wythnos",
                      "punt", "eiliad", "gwaith"})
NOT_NOUNS = frozenset({"tebyg", "gwell", "gwaeth"})  # (an adjective after a number keeps its sound)
_SOFT = (("ll", "l"), ("rh", "r"), ("p", "b"), ("t", "d"), ("c", "g"), ("b", "f"), ("d", "dd"), ("g", ""),
         ("m", "f"))
_ASPIRATE = (("p", "ph"), ("t", "th"), ("c", "ch"))
_VOWEL = re.compile(r"[aeiouwyâêîôûŵŷáéíóúàèìòùäëïöü]", re.I)
# "ac" before these: mae, mai, …; and 1, 1.5, 11, 8, 80 (un, un ar ddeg, wyth), not 1,000 (mil)
_BEFORE_AC = re.compile(r"(mae|mai|meddai|megis)\b|(1|11|8[\d,]*)(?![\d,])", re.I)
_MONTH = re.compile(r"(" + "|".join(MONTHS) + r")\b")
_WORD = re.compile(r"^(\s*)([^\W\d_][\w'’-]*)")
_FORMAT = string.Formatter()


def _change(word: str, table: tuple[tuple[str, str], ...]) -> str:
    """``word`` with its first sound changed by ``table`` (its capital kept)."""
    low = word.lower()
    for before, after in table:
        if low.startswith(before) and not (before == "c" and low.startswith("ch")) \
                and not (before == "p" and low.startswith("ph")) and not (before == "t" and low.startswith("th")):
            rest = word[len(before):]
            if not after:
                return rest[:1].upper() + rest[1:] if word[:1].isupper() else rest
            return (after[:1].upper() + after[1:] if word[:1].isupper() else after) + rest
    return word


def soft(word: str) -> str:
    return _change(word, _SOFT)


def aspirate(word: str) -> str:
    return _change(word, _ASPIRATE)


def after_number(n: int, word: str) -> str:
    """A noun after the number ``n`` (in figures or words)."""
    feminine = word.lower() in FEMININE
    if word.lower() in NOT_NOUNS:
        return word
    if n == 2 or (n == 1 and feminine and not word.lower().startswith(("ll", "rh"))):
        return soft(word)
    if n in (3, 6) and not feminine:
        return aspirate(word)
    return word


def _month_after(preposition: str, value: str) -> tuple[str, str]:
    """(the preposition, the value) where a month follows one."""
    p = preposition.lower()
    if p == "yn":
        return preposition[:1] + "m", "mis " + value  # ("ym mis Medi")
    if p == "i":
        return preposition, soft(value)
    if p == "o":
        return preposition, "fis " + value
    if p in ("ers", "erbyn", "tan", "hyd", "cyn"):
        return preposition, "mis " + value
    return preposition, value


def _join(text: str, value: str) -> tuple[str, str]:
    """The text so far and the value that follows it, with the rules at their join."""
    head, sep, last = text.rpartition(" ")
    if not sep and text:
        head, last = "", text
    elif not sep:
        return text, value
    mark = len(last) - len(last.lstrip("([\"'“‘—–-"))  # ("(o {period})": the word is "o")
    word = last[mark:]
    if _MONTH.match(value):
        word, value = _month_after(word, value)
    elif word.lower() in ("a", "â", "na") and (_VOWEL.match(value[:1]) or _BEFORE_AC.match(value)):
        joined = {"a": "ac", "â": "ag", "na": "nag"}[word.lower()]
        word = joined.capitalize() if word[:1].isupper() else joined
    return (head + sep if sep else "") + last[:mark] + word, value


_TRIGGERS = frozenset({"yn", "i", "o", "ers", "erbyn", "tan", "hyd", "cyn", "a", "â", "na"})


@lru_cache(maxsize=4096)
def _pieces(template: str) -> tuple[tuple[tuple[str, str | None, str | None, str | None], ...], frozenset[str], frozenset[str]]:
    """The template parsed once, with the fields a rule could change: those after a word
    that can change (a preposition, "a"), and those before a word (where a number may go)."""
    pieces = tuple(_FORMAT.parse(template))
    joined, counted = set(), set()
    for k, (literal, field, _spec, _conv) in enumerate(pieces):
        if field is None:
            continue
        words = literal[:-1].rsplit(" ", 1) if literal.endswith(" ") else [""]
        if words[-1].lstrip("([\"'“‘—–-").lower() in _TRIGGERS:
            joined.add(field)
        if k + 1 < len(pieces) and _WORD.match(pieces[k + 1][0]):
            counted.add(field)
    return pieces, frozenset(joined), frozenset(counted)


def _needed(values: dict[str, object], joined: frozenset[str], counted: frozenset[str]) -> bool:
    """Whether any rule applies to these values (most messages: none, and they are filled
    as written)."""
    for field in counted:
        value = values.get(field, 0)
        if isinstance(value, int) and not isinstance(value, bool):
            return True
    for field in joined:
        text = str(values.get(field, "x"))
        if _MONTH.match(text) or _VOWEL.match(text[:1]) or _BEFORE_AC.match(text):
            return True
    return False


def fill(template: str, values: dict[str, object]) -> str:
    """``template.format(**values)`` with the rules above at each join."""
    pieces, joined, counted = _pieces(template)
    if not _needed(values, joined, counted):
        return template.format(**values)
    out = ""
    number: int | None = None
    for literal, field, spec, conversion in pieces:
        if number is not None and literal:
            n = number
            literal = _WORD.sub(lambda m: m.group(1) + after_number(n, m.group(2)), literal, count=1)
        out += literal
        number = None
        if field is None:
            continue
        value = _FORMAT.convert_field(_FORMAT.get_field(field, (), values)[0], conversion)
        text = _FORMAT.format_field(value, spec or "")
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif out.endswith(" ") and text:
            out, text = _join(out[:-1], text)
            out += " "
        out += text
    return out
