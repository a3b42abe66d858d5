"""One catalogue for every word a person reads (#13): the pseudo-locale finds any word that
does not pass through it, the catalogue's template is current, and the language chosen for
a build is put back when it ends."""

from __future__ import annotations

import re
import string
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_site.build import build, check
from build_site.core import catalogue as C
from build_site.core.catalogue import PSEUDO, pseudo, using
from tests.conftest import append_row, write_council
from tests.pseudo_locale import LATIN, into_another_script, readable_text, untranslated
from tools import catalogue as template_tool
from tools.synth import generated_council

AS_OF = date(2026, 11, 25)


def _pseudo_build(repo):
    kept = into_another_script(repo)
    result = build(repo, AS_OF, language=PSEUDO)
    assert result.report.ok, result.report.to_text()
    return kept


def test_the_sample_in_the_pseudo_locale_has_no_word_that_skipped_the_catalogue(tmp_path):
    repo = write_council(tmp_path / "sample")
    kept = _pseudo_build(repo)
    pages = [p for p in (repo / "docs").rglob("index.md")]
    assert len(pages) > 60  # (every family: the check below looks at them all)
    assert untranslated(repo / "docs", kept) == {}
    home = readable_text((repo / "docs" / "index.md").read_text(encoding="utf-8"))
    assert "[Ñééðš àţţéñţîöñ]" in home  # (the catalogue's words are there, transformed)


def test_a_synthetic_council_in_the_pseudo_locale_has_no_word_that_skipped_the_catalogue(tmp_path):
    repo = write_council(tmp_path / "synth", generated_council(80, seed=7119, hostile=True))
    kept = _pseudo_build(repo)
    assert untranslated(repo / "docs", kept) == {}
    charts = list((repo / "docs" / "indicators").glob("*/chart.svg"))
    assert charts and all("[Ṽàļûé]" in c.read_text(encoding="utf-8") for c in charts)  # the legend too


def test_the_check_finds_an_english_word_on_a_page_or_a_chart(tmp_path):
    """The check above can fail: an English word in a page's text, an attribute, its title or a
    chart's text is found; one inside <code> is not a word to translate."""
    repo = write_council(tmp_path / "sample")
    kept = _pseudo_build(repo)
    docs = repo / "docs"
    page, chart = docs / "monitoring" / "index.md", next((docs / "indicators").glob("*/chart.svg"))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("[Éẋçéþţîöñ]", "Exception", 1).replace('aria-label="[', 'aria-label="Figures [', 1)
                    .replace('title: "[', 'title: "Monitoring [', 1), encoding="utf-8")
    rules = docs / "methodology.md"
    rules.write_text(rules.read_text(encoding="utf-8").replace("<code>", "<code>Untouched ", 1), encoding="utf-8")
    chart.write_text(chart.read_text(encoding="utf-8").replace("[Ṽàļûé]", "Value"), encoding="utf-8")
    found = untranslated(docs, kept)
    assert found == {"monitoring/index.md": {"Exception", "Figures", "Monitoring"},
                     chart.relative_to(docs).as_posix(): {"Value"}}


def test_the_catalogue_template_is_current():
    assert template_tool.POT.read_bytes() == template_tool.template(), "run `make catalogue` and commit the file"


def test_the_template_holds_the_words_of_every_kind():
    pot = template_tool.POT.read_text(encoding="utf-8")
    for message in ("On target", "Within agreed floor", "Near target and high risk", "Improving", "September",
                    "{month} {year}", "per cent", "Near-target band", "Line chart of {title}.",
                    "the row has more cells than the header", "write a whole number such as 2",
                    "Exception report", "Every figure on this site is open data. Download the whole package, "
                    "or each table, and reuse it under the Open Government Licence."):
        assert f'msgid "{message}"' in pot or message.split(". ")[0] in pot, message


def test_every_validation_message_and_fix_comes_from_the_catalogue(tmp_path):
    repo = write_council(tmp_path / "bad")
    append_row(repo, "measurements", ["missed-bins", "2026-13", "", "45%", ""])
    append_row(repo, "measurements", ["no-such-indicator", "2026-09", "", "=1+1", ""])
    append_row(repo, "measurements", ["missed-bins", "2031-01", "", "1e400", ""])
    append_row(repo, "areas", ["e05099901", "A ward", "ward"])
    (repo / "data" / "benchmarks.csv").write_text("indicator;period;group;value\n", encoding="utf-8")
    with using(PSEUDO):
        _pkg, report = check(repo, AS_OF)
    assert len(report.problems) >= 6
    codes = {p.code for p in report.problems}
    assert {"period", "type", "unknown-reference", "separator"} <= codes
    for p in report.problems:
        assert p.message.startswith("[") and p.fix.startswith("["), p
    with using(PSEUDO):
        text = report.to_text()
    assert text.splitlines()[-1].startswith("[")


def test_using_puts_the_language_back_even_on_an_error():
    assert C.language() == C.MAIN
    with pytest.raises(RuntimeError):
        with using(PSEUDO):
            assert C._("Data") == "[Ðàţà]"
            raise RuntimeError
    assert C.language() == C.MAIN and C._("Data") == "Data"
    with pytest.raises(ValueError, match="no catalogue"):
        with using("xx"):
            pass


def test_a_build_in_another_language_leaves_the_process_in_the_main_one(tmp_path):
    repo = write_council(tmp_path / "sample")
    build(repo, AS_OF, language=PSEUDO)
    assert C.language() == C.MAIN
    english = build(repo, AS_OF)  # the same folder: nothing pseudo is reused
    assert english.report.ok
    assert "[" not in (repo / "docs" / "index.md").read_text(encoding="utf-8").split("<h1>")[1][:40]
    assert "Needs attention" in (repo / "docs" / "index.md").read_text(encoding="utf-8")


_TEXT = st.text(alphabet=string.ascii_letters + " ,.:;'()-", max_size=30)
_PIECE = st.one_of(_TEXT, st.sampled_from(["{n}", "{title}", "<strong>", "</strong>", "<code>a_b</code>",
                                           "&lt;", '<a href="x/">']))


@given(st.lists(_PIECE, max_size=8))
def test_pseudo_keeps_placeholders_tags_and_code_and_changes_every_letter(pieces):
    message = "".join(pieces)
    out = pseudo(message)
    assert out.startswith("[") and out.endswith("]")
    kept = re.findall(r"<code>.*?</code>|\{[a-z_]*\}|<[^>]*>|&[a-z]+;", message)
    assert re.findall(r"<code>.*?</code>|\{[a-z_]*\}|<[^>]*>|&[a-z]+;", out) == kept
    rest = re.sub(r"<code>.*?</code>|\{[a-z_]*\}|<[^>]*>|&[a-z]+;", "", out)
    assert not LATIN.search(rest)
    assert out[1:-1].format(n=1, title="t") is not None if "{" not in re.sub(r"\{[a-z_]*\}", "", out) else True


def test_the_words_in_markup_are_escaped_but_for_apostrophes():
    assert str(C.markup("Figures for {title}", title="<b>&")) == "Figures for &lt;b&gt;&amp;"
    assert str(C.markup("This indicator's figures")) == "This indicator's figures"
    assert str(C.markup("a < b")) == "a &lt; b"


def _pieces(pot: str) -> list[str]:
    """Messages that are pieces of a sentence, to be joined to others in code: one that begins or
    ends with a space, a comma or a semicolon. Another language cannot translate a piece, since
    its words go in another order (the catalogue's rule: a sentence is one message, with named
    placeholders for its values)."""
    from io import BytesIO

    from babel.messages.pofile import read_po

    found = []
    for message in read_po(BytesIO(pot.encode("utf-8"))):
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            if text and (text[0] in " ,;" or text[-1] in " ,;"):
                found.append(text)
    return found


def test_no_message_is_a_piece_of_a_sentence():
    assert _pieces(template_tool.POT.read_text(encoding="utf-8")) == []


def test_the_check_finds_a_piece_of_a_sentence():
    pot = 'msgid ""\nmsgstr ""\n\nmsgid ", worse on {n}"\nmsgstr ""\n\nmsgid " or "\nmsgstr ""\n\nmsgid "Whole."\nmsgstr ""\n'
    assert _pieces(pot) == [", worse on {n}", " or "]
