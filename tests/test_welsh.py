"""Welsh at the joins (#31, core/welsh.py): every phrase form the site composes, with the
Welsh a reader expects: mutations after numbers and prepositions, "ym mis" with a month,
"ac" before a vowel. Each row is one form and its expected Welsh, written out by hand."""

from __future__ import annotations

import re
from html import unescape

import pytest

from build_site.core import welsh
from build_site.core.catalogue import _, _n, markup, using
from build_site.core.vocabulary import join_words
from build_site.inputs import periods as P

# (template, values, expected): the rules themselves
RULES = [
    # after a number: soft after 2, after 1 for a feminine noun; aspirate after 3 and 6 (masculine)
    ("{n} tro", {"n": 1}, "1 tro"),
    ("{n} tro", {"n": 2}, "2 dro"),
    ("{n} tro", {"n": 3}, "3 thro"),
    ("{n} tro", {"n": 4}, "4 tro"),
    ("{n} tro", {"n": 6}, "6 thro"),
    ("{n} dangosydd", {"n": 2}, "2 ddangosydd"),
    ("{n} dangosydd", {"n": 3}, "3 dangosydd"),
    ("{n} tudalen", {"n": 1}, "1 dudalen"),
    ("{n} tudalen", {"n": 2}, "2 dudalen"),
    ("{n} tudalen", {"n": 3}, "3 tudalen"),
    ("{n} problem", {"n": 1}, "1 broblem"),
    ("{n} rhes", {"n": 1}, "1 rhes"),
    ("{n} rhes", {"n": 2}, "2 res"),
    ("{n} mis", {"n": 2}, "2 fis"),
    ("{n} cod post", {"n": 3}, "3 chod post"),
    ("{n} gwaith", {"n": 2}, "2 waith"),
    ("{n} chwarter", {"n": 2}, "2 chwarter"),
    ("{n} tebyg", {"n": 2}, "2 tebyg"),  # (an adjective: no mutation)
    ("{n} yn well", {"n": 2}, "2 yn well"),
    # a month after a preposition
    ("yn {period}", {"period": "Medi 2026"}, "ym mis Medi 2026"),
    ("Yn {period} y ffigur uchaf", {"period": "Medi 2026"}, "Ym mis Medi 2026 y ffigur uchaf"),
    ("(o {period})", {"period": "Awst 2026"}, "(o fis Awst 2026)"),
    ("ers {period}", {"period": "Mai 2026"}, "ers mis Mai 2026"),
    ("erbyn {period}", {"period": "Mawrth 2027"}, "erbyn mis Mawrth 2027"),
    ("{first} i {last} {year}", {"first": "Hydref", "last": "Rhagfyr", "year": 2026}, "Hydref i Ragfyr 2026"),
    ("{first} i {last} {year}", {"first": "Ebrill", "last": "Mehefin", "year": 2026}, "Ebrill i Fehefin 2026"),
    ("{first} i {last} {year}", {"first": "Gorffennaf", "last": "Medi", "year": 2026}, "Gorffennaf i Fedi 2026"),
    ("{first} i {last} {year}", {"first": "Ionawr", "last": "Mawrth", "year": 2026}, "Ionawr i Fawrth 2026"),
    ("i {last}", {"last": "Tachwedd"}, "i Dachwedd"),
    ("i {last}", {"last": "Awst"}, "i Awst"),
    ("yn {period}", {"period": "2026/27 Ch2"}, "yn 2026/27 Ch2"),  # (not a month: as it is)
    ("yn {area}", {"area": "Castle"}, "yn Castle"),  # (a name from the data: as written)
    ("ar {date}", {"date": "1 Mawrth 2026"}, "ar 1 Mawrth 2026"),
    # "ac", "ag", "nag"
    ("{items} a {last}", {"items": "yn well ar 1 dangosydd", "last": "yn waeth ar 2"},
     "yn well ar 1 dangosydd ac yn waeth ar 2"),
    ("{items} a {last}", {"items": "X", "last": "mae'r ffigur"}, "X ac mae'r ffigur"),
    ("{items} a {last}", {"items": "X", "last": "England average"}, "X ac England average"),
    ("{items} a {last}", {"items": "X", "last": "Gwynedd"}, "X a Gwynedd"),
    ("{items} a {last}", {"items": "X", "last": "1 heb ffigur"}, "X ac 1 heb ffigur"),
    ("{items} a {last}", {"items": "X", "last": "8 yn waeth"}, "X ac 8 yn waeth"),
    ("{items} a {last}", {"items": "X", "last": "2 yn waeth"}, "X a 2 yn waeth"),
    ("{items} a {last}", {"items": "X", "last": "1.5 yn waeth"}, "X ac 1.5 yn waeth"),
    ("{items} a {last}", {"items": "X", "last": "1,000 yn waeth"}, "X a 1,000 yn waeth"),
    ("yn fwy na {value}", {"value": "un"}, "yn fwy nag un"),
    ("o'i gymharu â {file}", {"file": "adroddiad"}, "o'i gymharu ag adroddiad"),
]


@pytest.mark.parametrize("template, values, expected", RULES)
def test_each_join_follows_the_rule(template, values, expected):
    assert welsh.fill(template, values) == expected


def test_a_joined_word_keeps_its_capital_and_english_is_untouched():
    assert welsh.soft("Mehefin") == "Fehefin" and welsh.soft("Gorffennaf") == "Orffennaf"
    assert welsh.soft("Rhagfyr") == "Ragfyr" and welsh.aspirate("Chwefror") == "Chwefror"
    with using("en"):
        assert _("{first} to {last} {year}", first="October", last="December", year=2026) == \
            "October to December 2026"


# (what the site says, in English words, and the Welsh it must print): the catalogue's own
# phrases through the build's own functions, every form a number or a month takes
def _period(text: str) -> str:
    return P.parse_period(text, 4).long_label()


PHRASES = [
    (lambda: _period("2026/27 Q1"), "2026/27 Ch1, Ebrill i Fehefin 2026"),
    (lambda: _period("2026/27 Q2"), "2026/27 Ch2, Gorffennaf i Fedi 2026"),
    (lambda: _period("2026/27 Q3"), "2026/27 Ch3, Hydref i Ragfyr 2026"),
    (lambda: _period("2026/27 Q4"), "2026/27 Ch4, Ionawr i Fawrth 2027"),
    (lambda: _period("2026/27"), "2026/27, Ebrill 2026 i Fawrth 2027"),
    (lambda: _period("2026-Q4"), "2026-Ch4, Hydref i Ragfyr 2026"),
    (lambda: str(markup("(from {period})", period=_period("2026-08"))), "(o fis Awst 2026)"),
    (lambda: _n("for {n} month running", "for {n} months running", 1), "am 1 mis yn olynol"),
    (lambda: _n("for {n} month running", "for {n} months running", 2), "am 2 fis yn olynol"),
    (lambda: _n("for {n} month running", "for {n} months running", 3), "am 3 mis yn olynol"),
    (lambda: _n("for {n} quarter running", "for {n} quarters running", 2), "am 2 chwarter yn olynol"),
    (lambda: _n("for {n} year running", "for {n} years running", 1), "am 1 flwyddyn yn olynol"),
    (lambda: _n("for {n} year running", "for {n} years running", 2), "am 2 o flynyddoedd yn olynol"),
    (lambda: _n("it has got worse {n} time running", "it has got worse {n} times running", 2),
     "mae wedi gwaethygu 2 dro yn olynol"),
    (lambda: _n("it has got worse {n} time running", "it has got worse {n} times running", 3),
     "mae wedi gwaethygu 3 thro yn olynol"),
    (lambda: _n("it has got worse {n} time running", "it has got worse {n} times running", 5),
     "mae wedi gwaethygu 5 tro yn olynol"),
    (lambda: join_words([_n("better on {n} indicator", "better on {n} indicators", 1),
                         _n("worse on {n} indicator", "worse on {n} indicators", 2)]),
     "yn well ar 1 dangosydd ac yn waeth ar 2 o ddangosyddion"),
    (lambda: _n("{n} problem: nothing was built.", "{n} problems: nothing was built.", 1),
     "1 broblem: ni adeiladwyd dim."),
    (lambda: _n("{n} problem: nothing was built.", "{n} problems: nothing was built.", 2),
     "2 broblem: ni adeiladwyd dim."),
]


@pytest.mark.parametrize("say, expected", PHRASES, ids=[w for _s, w in PHRASES])
def test_every_phrase_form_reads_as_welsh(say, expected):
    with using("cy"):
        assert say() == expected


MONTH = "|".join(welsh.MONTHS)
SLIPS = [rf"\b(yn|o|ers|erbyn) ({MONTH})\b", r"\bi (Mawrth|Mai|Mehefin|Gorffennaf|Medi|Tachwedd|Rhagfyr)\b",
         r"\b[236] tro\b", r"\ba (mae|yn|ar|oddi)\b", r"\b2 (dangosydd|mis|tudalen|problem)\b"]


def test_the_welsh_site_has_none_of_the_slips_a_welsh_reader_notices(built):
    pages = list((built / "site" / "cy").rglob("index.html"))
    assert len(pages) > 50
    found = {}
    for page in pages:
        text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))))
        for slip in SLIPS:
            for m in re.finditer(slip, text):
                found.setdefault(slip, []).append(text[max(0, m.start() - 40):m.end() + 20])
    assert found == {}, {k: v[:3] for k, v in found.items()}
