"""A site in Welsh and English (#19, contract 1.1 "Languages"): every address under cy/, each
page linked to its counterpart and back, no English interface word on a Welsh page outside
text marked as English, the data's text translated or marked, and translations checked."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from build_site.cli import cli
from build_site.core.catalogue import LOCALE, using
from build_site.inputs.translations import Untranslated, plain
from tests.conftest import append_row, read_rows, write_council

AS_OF = "2026-11-25"
PO = LOCALE / "cy" / "LC_MESSAGES" / "messages.po"


def _build(repo: Path) -> Path:
    result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", AS_OF], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return repo / "site"


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory) -> Path:
    """The sample council (in English and Welsh) with its two frozen reports, built once."""
    repo = write_council(tmp_path_factory.mktemp("cy") / "sample")
    (repo / "docs" / "budget.md").write_text("# How the budget is set\n\nIn English alone.\n", encoding="utf-8")
    assert (repo / "reports" / "2026-27-q2.json").is_file()  # (the sample ships two frozen reports)
    _build(repo)
    return repo


# --------------------------------------------------------------------------- the catalogue

def _messages():
    with PO.open("rb") as f:
        return [m for m in read_po(f) if m.id]


def test_every_message_has_a_welsh_translation_with_the_same_placeholders_and_markup():
    pieces = re.compile(r"\{[a-z_]*\}|</?(?:a|strong|em|code)\b")  # (a link may go to its Welsh page)
    missing, different = [], []
    for m in _messages():
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings):
            missing.append(ids[0])
        for english, welsh in zip(ids, strings):
            if welsh and sorted(pieces.findall(english)) != sorted(pieces.findall(welsh)) and not (
                    m.pluralizable and "{n}" not in welsh and "{n}" in english):
                different.append((english, welsh))
    assert len(_messages()) > 800
    assert missing == []
    assert different == []


def _english_pieces() -> list[str]:
    """The English catalogue's words, in pieces between placeholders and markup, that its Welsh
    translations never use (so that finding one on a Welsh page means an English word leaked)."""
    messages = _messages()
    welsh = " ".join(s for m in messages for s in (m.string if isinstance(m.string, tuple) else (m.string,)))
    found = set()
    for m in messages:
        for english in m.id if isinstance(m.id, tuple) else (m.id,):
            for piece in re.split(r"\{[a-z_]*\}|<[^>]+>|&[a-z]+;|[\"“”()\[\]:;,.—]", english):
                piece = piece.strip(" '")
                if len(piece) >= 4 and re.search(r"[a-z]{3}", piece) and piece not in welsh:
                    found.add(piece)
    return sorted(found, key=len, reverse=True)


class _Read(HTMLParser):
    """What a person reads on a page (text, alt, title and aria-label), leaving out what is marked
    as another language (``lang="en"``) and code; ``attrs`` keeps every attribute's value."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.attrs, self.stack = [], [], []

    def _skipping(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.attrs.extend(v for v in values.values() if v)
        skip = tag in ("code", "script", "style") or (values.get("lang") or "").startswith("en")
        if not self._skipping() and not skip:
            self.parts.extend(v for k, v in attrs if k in ("alt", "title", "aria-label") and v)
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def _read(html: str) -> _Read:
    reader = _Read()
    reader.feed(html)
    return reader


def data_texts(repo: Path) -> list[str]:
    """The data's own text, in the main language (every cell of every table): where it cannot be
    marked as English (in an alt text, or after a figure as its unit), it is still the data's."""
    cells = {c for table in (repo / "data").glob("*.csv") for row in read_rows(repo, table.stem) for c in row}
    return sorted((c for c in cells if len(c) >= 4), key=len, reverse=True)


def leaked_english(site: Path, data: list[str] = ()) -> dict[str, list[str]]:
    """{Welsh page: the English catalogue's words on it, outside text marked as English and the
    data's own text}."""
    pieces = _english_pieces()
    words = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in pieces) + r")\b")
    found = {}
    for page in sorted((site / "cy").rglob("*.html")):
        text = " ".join(_read(page.read_text(encoding="utf-8")).parts)
        for cell in data:
            text = text.replace(cell, " ")
        hits = sorted(set(words.findall(text)))
        if hits:
            found[page.relative_to(site).as_posix()] = hits
    return found


def test_no_english_interface_word_on_a_welsh_page(bilingual):
    assert leaked_english(bilingual / "site", data_texts(bilingual)) == {}


def test_the_check_finds_an_english_word_on_a_welsh_page(bilingual, tmp_path):
    """It can fail: an English message on a Welsh page is found, one marked lang="en" is not."""
    site = tmp_path / "site"
    page = bilingual / "site" / "cy" / "monitoring" / "index.html"
    (site / "cy").mkdir(parents=True)
    html = page.read_text(encoding="utf-8")
    (site / "cy" / "marked.html").write_text(html.replace("</article>", '<p lang="en">Needs attention</p></article>'))
    (site / "cy" / "leaked.html").write_text(html.replace("</article>", "<p>Needs attention</p></article>"))
    assert leaked_english(site, data_texts(bilingual)) == {"cy/leaked.html": ["Needs attention"]}


# --------------------------------------------------------------------------- the addresses

def _pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_every_address_exists_in_welsh_under_cy(bilingual):
    site = bilingual / "site"
    # robots.txt is the site's, not a language's: crawlers read it at the root alone (it names the
    # one sitemap that lists every page of every language)
    english = [p for p in _pages(site) if not p.startswith(("cy/", "assets/", "search/")) and not p.startswith(".")
               and p != "robots.txt"]
    assert (site / "robots.txt").is_file() and not (site / "cy" / "robots.txt").exists()
    assert {"index.html", "api/indicators.json", "data/datapackage.zip", "reports/2026-27-q2/report.pdf",
            "reports/index.html", "exceptions/index.html", "methodology/index.html"} <= set(english)
    missing = [p for p in english if not (site / "cy" / p).is_file()]
    assert missing == []
    for row in read_rows(bilingual, "indicators")[1:]:
        assert (site / "cy" / "indicators" / row[0] / "index.html").is_file()


def _switch(html: str) -> list[tuple[str, str]]:
    """(hreflang, href) of the language switcher's links."""
    return re.findall(r'<a (?:class="[^"]*" )?href="([^"]*)" hreflang="([^"]*)"', html)


def test_every_page_links_to_its_counterpart_and_back(bilingual):
    site = bilingual / "site"
    checked = 0
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        welsh = rel.startswith("cy/")
        html = page.read_text(encoding="utf-8")
        counterpart = rel[3:] if welsh else "cy/" + rel
        assert f'<html lang="{"cy" if welsh else "en"}"' in html, rel
        links = re.findall(r'<nav class="bs-languages"[^>]*>\s*<a href="([^"]*)" hreflang="([^"]*)"', html)
        assert len(links) == 1, rel
        href, lang = links[0]
        assert lang == ("en" if welsh else "cy")
        target = urlparse(urljoin("http://site/" + rel, href)).path.lstrip("/")
        assert (target + "index.html" if target.endswith("/") or not target else target) == counterpart, rel
        assert '<link rel="alternate" hreflang' not in html, rel  # (in the sitemap: test_council_site)
        checked += 1
    assert checked > 150


def test_no_broken_link_in_either_language(bilingual):
    from tests.test_browser import broken_links

    broken, checked = broken_links(bilingual / "site")
    assert checked > 5000
    assert broken == []


# --------------------------------------------------------------------------- the data's text

def test_translated_text_is_welsh_and_the_rest_is_marked_english(bilingual):
    site = bilingual / "site"
    homes = (site / "cy" / "priorities" / "homes" / "index.html").read_text(encoding="utf-8")
    assert "Cartrefi i bawb" in homes
    assert '<span lang="en">Average days to complete non-emergency repairs</span>' in homes
    about = (site / "cy" / "budget" / "index.html").read_text(encoding="utf-8")
    assert '<div lang="en">' in about  # a hand-written page with no translation
    assert '<div lang="en">' not in (site / "cy" / "accessibility" / "index.html").read_text(encoding="utf-8")
    for page in (site / "cy").rglob("*.html"):  # never markup inside an attribute
        assert not [v for v in _read(page.read_text(encoding="utf-8")).attrs if "<span" in v], page


def test_the_welsh_api_and_downloads_carry_welsh_text_and_no_markup(bilingual):
    site = bilingual / "site"
    api = json.loads((site / "cy" / "api" / "indicators.json").read_text(encoding="utf-8"))
    titles = {i["id"]: i["title"] for i in api["indicators"]}
    assert titles["household-recycling"].startswith("Gwastraff cartref")
    assert titles["repairs-days"] == "Average days to complete non-emergency repairs"  # (the fallback, plain)
    assert "<span" not in (site / "cy" / "api" / "indicators.json").read_text(encoding="utf-8")
    english = json.loads((site / "api" / "indicators.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in english["indicators"]] == [i["id"] for i in api["indicators"]]


def test_the_welsh_report_pdf_is_in_welsh(bilingual):
    pdf = bilingual / "site" / "cy" / "reports" / "2026-27-q2" / "report.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Adroddiad perfformiad" in text and "Cerdyn sgorio" in text and "Dangosydd" in text
    assert "Tagged:          yes" in info


def test_the_welsh_search_index_holds_the_welsh_pages(bilingual):
    index = json.loads((bilingual / "site" / "cy" / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["title"] for d in index["docs"]}
    assert "Adroddiad eithriadau" in titles and "Cartrefi i bawb" in titles
    assert all(not d["location"].startswith("cy/") for d in index["docs"])  # (relative to the Welsh site)


def test_untranslated_text_is_marked_in_html_and_plain_elsewhere():
    text = Untranslated("Rent & repairs", "en")
    assert str(escape(text)) == '<span lang="en">Rent &amp; repairs</span>'
    assert json.dumps(text) == '"Rent & repairs"' and type(plain(text)) is str
    with using("cy"):
        from datetime import date

        from build_site.core.vocabulary import date_words

        assert date_words(date(2026, 12, 1)) == "1 Rhagfyr 2026"


# --------------------------------------------------------------------------- checking translations

def _validate(repo: Path, *more: str):
    return CliRunner().invoke(cli, ["validate", str(repo), "--as-of", AS_OF, *more])


def test_validate_lists_every_untranslated_text_as_a_warning(sample):
    result = _validate(sample, "--verbose")
    assert result.exit_code == 0, result.output
    assert "Warning: data/indicators.csv:" in result.output and "no Welsh text" in result.output
    as_json = json.loads(_validate(sample, "--format", "json").output)
    gaps = as_json["warnings"]
    assert as_json["valid"] and as_json["warning_count"] == len(gaps) > 100
    assert {"resource": None} and all(g["code"] == "untranslated" for g in gaps)
    priorities = [g for g in gaps if g["file"] == "data/priorities.csv"]
    assert priorities == []  # (the sample translates every priority)
    strict = _validate(sample, "--strict")
    assert strict.exit_code == 1 and "no Welsh text" in strict.output


@pytest.mark.parametrize("row, field, words", [
    (["indicators", "no-such-indicator", "title", "cy", "Teitl"], "key", 'indicators has no row "no-such-indicator"'),
    (["indicators", "missed-bins", "priority", "cy", "Teitl"], "field", '"priority" is not a text of indicators'),
    (["priorities", "homes", "title", "fr", "Titre"], "language", '"fr" is not one of the site\'s other languages'),
    (["priorities", "homes", "title", "en", "Title"], "language", '"en" is not one of the site\'s other languages'),
    (["measurements", "homes", "title", "cy", "Teitl"], "resource", "is not allowed"),
    (["priorities", "homes", "summary", "cy", "=HYPERLINK(1)"], "text", "formula"),
])
def test_a_translation_of_nothing_is_an_error_naming_its_row_and_field(sample, row, field, words):
    number = append_row(sample, "translations", row)
    result = _validate(sample)
    assert result.exit_code == 1
    assert f"data/translations.csv:{number}: {field}:" in result.output and words in result.output, result.output


def test_languages_and_titles_are_checked(sample):
    path = sample / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["reporting"]["languages"] = ["en", "xx"]
    descriptor["titles"] = {"fr": "Titre"}
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    result = _validate(sample)
    assert result.exit_code == 1
    assert 'reporting.languages: "xx" is not a language build-site has words for' in result.output
    assert "translations.csv" not in result.output  # (which language a text is in waits for the languages)
    descriptor["reporting"]["languages"] = ["en", "cy"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    result = _validate(sample)
    assert result.exit_code == 1 and "1 problem in 1 file." in result.output
    assert 'titles.fr: "fr" is not one of the site\'s other languages — use one of cy' in result.output
    descriptor["reporting"]["languages"] = ["en"]
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    result = _validate(sample)
    assert 'data/translations.csv: there are translations, but the site has only one language — list the ' \
        'languages in datapackage.json, the main one first: "reporting": {"languages": ["en", "cy"]}' in result.output


def test_a_council_in_english_alone_has_no_welsh_site(tmp_path):
    from tools.synth import generated_council

    repo = write_council(tmp_path / "en", generated_council(12, seed=5))
    site = _build(repo)
    assert not (site / "cy").exists() and not (repo / "docs" / "cy").exists()
    assert 'class="bs-languages"' not in (site / "index.html").read_text(encoding="utf-8")
    assert 'hreflang' not in (site / "index.html").read_text(encoding="utf-8")


def test_the_welsh_catalogue_uses_the_glossary_s_terms_throughout():
    """Every message with a term of the glossary (build_site/locale/cy/glossary.csv) has its
    Welsh word in one of the forms the glossary gives (or keeps the English word, as a code)."""
    import csv

    terms = list(csv.DictReader((LOCALE / "cy" / "glossary.csv").open(encoding="utf-8")))
    assert len(terms) >= 20
    odd = []
    for term in terms:
        english = re.compile(r"\b" + re.escape(term["english"]) + r"s?\b", re.I)
        forms = re.compile(term["forms"], re.I)
        for m in _messages():
            for source, welsh in zip(m.id if isinstance(m.id, tuple) else (m.id,),
                                     m.string if isinstance(m.string, tuple) else (m.string,)):
                words = re.sub(r"<code>.*?</code>|\{[a-z_]*\}|\"[^\"]*\"", "", source)
                if english.search(words) and not (forms.search(welsh) or english.search(welsh)):
                    odd.append((term["english"], source, welsh))
    assert odd == []


def test_the_glossary_page_lists_the_glossary():
    import csv

    terms = list(csv.DictReader((LOCALE / "cy" / "glossary.csv").open(encoding="utf-8")))
    for page in ("welsh.md",):  # (in build-site's own guide, for translators: guide/docs/)
        text = (Path(__file__).resolve().parents[1] / "guide" / "docs" / page).read_text(encoding="utf-8")
        rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|", re.sub(r"</?span[^>]*>", "", text), re.M)[1:]
        assert [(e, w) for e, w in rows if not set(e) <= set("-: ")] == [(t["english"], t["welsh"]) for t in terms]


def test_the_welsh_workbook_s_readme_sheet_is_in_welsh(bilingual):
    import openpyxl

    book = openpyxl.load_workbook(bilingual / "site" / "cy" / "data" / "datapackage.xlsx", read_only=True)
    readme = [str(c) for row in book["README"].iter_rows(values_only=True) for c in row if c]
    assert readme[0] == "Data perfformiad Cyngor Dosbarth Enghreifftiol (ffug)"
    assert "Mae pob dalen yn un tabl o'r pecyn data, fel ei ffeil CSV." in readme
    assert "Enw'r flaenoriaeth." in readme  # (the contract's own field descriptions, in Welsh)
    assert not [c for c in readme if "<span" in c]


def test_validate_lists_hand_written_pages_with_no_translation(sample):
    (sample / "docs" / "budget.md").write_text("# How the budget is set\n", encoding="utf-8")
    result = _validate(sample, "--verbose")
    assert "Warning: docs/budget.md: no Welsh text" in result.output and "docs/budget.cy.md" in result.output
    assert "docs/about.md" not in result.output  # (the sample has docs/about.cy.md)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), min_size=1))
def test_an_untranslated_text_is_marked_in_the_text_and_plain_in_an_attribute(words):
    """Whatever the text, a page marks it where it is read and leaves an attribute plain."""
    from jinja2 import Environment

    from build_site.core.catalogue import markup
    from build_site.inputs.translations import unmark_attributes

    text = Untranslated(words, "en")
    html = unmark_attributes(Environment(autoescape=True).from_string(
        '<p aria-label="{{ label }}">{{ text }}</p>').render(label=markup("Figures for {title}", title=text), text=text))
    reader = _Read()
    reader.feed(html)
    assert dict(reader.attrs and [("aria-label", reader.attrs[0])]) == {"aria-label": "Figures for " + words}
    assert html.endswith('<span lang="en">' + str(escape(words)) + "</span></p>")


def test_a_new_council_starts_in_english_alone_unless_it_asks_for_welsh(tmp_path):
    dest = tmp_path / "english"
    made = CliRunner().invoke(cli, ["new", str(dest), "--name", "Anytown Council"])
    assert made.exit_code == 0, made.output
    descriptor = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    assert "languages" not in descriptor["reporting"] and "titles" not in descriptor
    assert "translations" not in [r["name"] for r in descriptor["resources"]]
    assert not (dest / "data" / "translations.csv").exists() and not list((dest / "docs").glob("*.cy.md"))
    validated = _validate(dest)
    assert validated.exit_code == 0 and "Warning" not in validated.output
    site = _build(dest)
    assert not (site / "cy").exists() and (site / "indicators" / "missed-bins" / "index.html").is_file()
    for flags in (["--languages", "en,cy"], ["--welsh"]):
        both = tmp_path / "both" / flags[0]
        assert CliRunner().invoke(cli, ["new", str(both), *flags]).exit_code == 0  # (as the sample: in Welsh too)
        descriptor = json.loads((both / "datapackage.json").read_text(encoding="utf-8"))
        assert descriptor["reporting"]["languages"] == ["en", "cy"] and (both / "docs" / "about.cy.md").is_file()
    for wrong in ("cy,en", "en,fr", "en,en", ""):
        refused = CliRunner().invoke(cli, ["new", str(tmp_path / "wrong"), "--languages", wrong])
        assert refused.exit_code == 2 and "en,cy" in refused.output and not (tmp_path / "wrong").exists()


def test_a_rebuild_after_removing_an_indicator_leaves_nothing_behind_in_either_language(tmp_path):
    from tests.conftest import write_rows

    repo = write_council(tmp_path / "sample")
    _build(repo)
    gone = "grass-cutting-cycles"
    assert (repo / "site" / "cy" / "indicators" / gone / "index.html").is_file()
    for table in ("indicators", "measurements", "targets", "commentary", "benchmarks", "translations"):
        rows = read_rows(repo, table)
        column = 1 if table == "translations" else 0
        write_rows(repo, table, [rows[0]] + [r for r in rows[1:] if r[column] != gone])
    _build(repo)
    for root in (repo / "site", repo / "site" / "cy", repo / "docs", repo / "docs" / "cy"):
        assert not (root / "indicators" / gone).exists(), root
    assert gone not in (repo / "site" / "cy" / "search" / "search_index.json").read_text(encoding="utf-8")
