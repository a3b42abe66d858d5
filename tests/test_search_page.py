"""Search on the site's own page (search/), and what a phone downloads for a page's first view
(#31: at most 70 KB compressed): no page but the search page fetches the search index, and
only once someone searches."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import pytest

from build_site.outputs import charts as C
from build_site.site.families.static import FILES, published

from .test_browser import open_search

BUDGET = 70 * 1024  # bytes, each file gzipped (level 9) as a server would send it
STATIC = Path(__file__).resolve().parents[1] / "build_site" / "static"
INDEX = "search/search_index.json"


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9))


def fetched(site: Path, base: str, urls: list[str]) -> dict[str, int]:
    """Each file of the site a page fetched, with its compressed size (a missing one, 0)."""
    sizes = {}
    for url in urls:
        rel = unquote(urlparse(url).path)[len(urlparse(base).path):]
        path = site / rel / "index.html" if rel.endswith("/") or rel == "" else site / rel
        sizes[rel] = gz(path) if path.is_file() else 0
    return sizes


def heaviest_indicator(site: Path) -> str:
    """The indicator page whose page and narrow chart are the most to download."""
    pages = [p for p in (site / "indicators").iterdir() if (p / "index.html").is_file()]
    return max(pages, key=lambda p: gz(p / "index.html") + gz(p / "chart-narrow.svg")
               if (p / "chart-narrow.svg").is_file() else 0).name


# ---------------------------------------------------------------------------- the first view

@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_a_first_view_fetches_no_search_index_and_keeps_to_the_budget(built, browser, server, width):
    site = built / "site"
    heavy = f"indicators/{heaviest_indicator(site)}/"
    totals = {}
    for path in [heavy, "", "areas/", "exceptions/", "cy/" + heavy]:
        context = browser.new_context(viewport={"width": width, "height": 800})  # (nothing cached)
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(server + path, wait_until="networkidle")
        context.close()
        sizes = fetched(site, server, urls)
        assert not [u for u in sizes if u.endswith(INDEX) or "/workers/search" in u], (path, sorted(sizes))
        totals[path] = sum(sizes.values())
    kib = {p: round(t / 1024, 2) for p, t in totals.items()}
    assert totals[heavy] <= BUDGET and totals["cy/" + heavy] <= BUDGET, kib  # (the budget: indicator pages)
    assert totals[heavy] > 40 * 1024  # (the page, the theme and the chart were all counted)


# ---------------------------------------------------------------------------- searching

@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_the_header_search_leads_to_the_results_and_a_result_to_its_page(built, browser, server, width):
    api = json.loads((built / "site" / "api" / "indicators.json").read_text(encoding="utf-8"))["indicators"]
    wanted = next(i for i in api if len(i["title"].split()) >= 3 and "<" not in i["title"])
    words = " ".join(wanted["title"].split()[:3])
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(server + f"indicators/{wanted['id']}/", wait_until="networkidle")
    assert not [u for u in urls if u.endswith(INDEX)]
    open_search(page)
    assert page.evaluate("document.activeElement.name") == "q"  # (the cursor is in the box)
    page.keyboard.type(words)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path.endswith("/search/") and parse_qs(urlparse(page.url).query)["q"] == [words]
    page.wait_for_selector(".bs-search-results li")
    said = page.inner_text(".bs-search-said")
    links = page.eval_on_selector_all(".bs-search-results a", "els => els.map(e => e.getAttribute('href'))")
    assert re.search(r": \d+\.", said) and words in said
    assert f"../indicators/{wanted['id']}/" in links
    assert page.input_value("#bs-search-input") == words
    with page.expect_navigation():
        page.click(f'.bs-search-results a[href="../indicators/{wanted["id"]}/"]')
    assert page.url == server + f"indicators/{wanted['id']}/"
    assert [u for u in urls if u.endswith(INDEX)] == [server + INDEX]  # (once, when searched)
    context.close()


@pytest.mark.browser
def test_results_follow_the_typing_and_say_when_nothing_matches(browser, server):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(server + "search/", wait_until="networkidle")
    assert page.inner_text(".bs-search-said") == ""
    page.fill("#bs-search-input", "zzqxj")
    page.wait_for_function("document.querySelector('.bs-search-said').textContent.includes('zzqxj')")
    assert page.inner_text(".bs-search-said").startswith("Nothing on this site matches")
    assert page.locator(".bs-search-results li").count() == 0
    page.fill("#bs-search-input", "priority")  # (as the words are typed, without pressing Enter)
    page.wait_for_function("document.querySelectorAll('.bs-search-results li').length > 0")
    assert "?q=priority" in page.url  # (the address keeps the search, to share or go back to)
    page.close()


WHOLE_WORDS = """async () => {
  const data = await (await fetch('search_index.json')).json();
  const plain = h => (new DOMParser().parseFromString(h, 'text/html').body.textContent || '').replace(/\\s+/g, ' ').trim();
  const texts = data.docs.map(d => plain(d.text || ''));
  return [...document.querySelectorAll('.bs-search-results p')].map(p => p.textContent).map(t => {
    const body = t.replace(/^… /, '').replace(/ …$/, '');
    const full = texts.find(x => x.includes(body));
    if (!full) { return 'not in the index: ' + body.slice(0, 40); }
    const i = full.indexOf(body), j = i + body.length;
    return (i === 0 || full[i - 1] === ' ') && (j === full.length || full[j] === ' ') ? 'whole' : 'cut: ' + body.slice(0, 40);
  });
}"""


@pytest.mark.browser
def test_a_result_s_line_of_text_is_in_whole_words(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + "search/?q=target", wait_until="networkidle")
    page.wait_for_selector(".bs-search-results li p")
    lines = page.evaluate(WHOLE_WORDS)
    page.close()
    assert len(lines) >= 10 and set(lines) == {"whole"}, [x for x in lines if x != "whole"][:5]


@pytest.mark.browser
def test_search_in_welsh_stays_in_welsh(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(server + "cy/", wait_until="networkidle")
    assert page.locator(".md-search__input").get_attribute("placeholder") == "Chwilio"
    open_search(page)
    page.keyboard.type("Blaenoriaeth")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path.endswith("/cy/search/")
    page.wait_for_selector(".bs-search-results li")
    links = page.eval_on_selector_all(".bs-search-results a", "els => els.map(e => e.href)")
    said = page.inner_text(".bs-search-said")
    page.close()
    assert said.startswith("Canlyniadau ar gyfer")
    assert links and all("/cy/" in u for u in links)
    assert any("/cy/priorities/" in u for u in links)


@pytest.mark.browser
def test_hostile_words_in_the_index_are_shown_as_text(built, browser, server):
    """The index holds the council's own free text (the built council's is hostile): a result
    shows it, and nothing in it runs."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(server + "search/?q=script", wait_until="networkidle")
    page.wait_for_function("document.querySelector('.bs-search-said').textContent !== ''")
    injected = page.evaluate("document.querySelectorAll('.bs-search-results script, .bs-search-results img').length")
    page.close()
    assert dialogs == [] and injected == 0


@pytest.mark.browser
def test_without_javascript_the_lists_are_one_tap_away(built, browser, server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "search/", wait_until="load")
    assert "Search needs JavaScript" in page.inner_text("main")
    with page.expect_navigation():
        page.click('a[href="../indicators/"]:has-text("Every indicator")')
    assert page.url == server + "indicators/"
    context.close()


def test_the_search_page_is_in_both_languages_and_out_of_the_index(built):
    site = built / "site"
    for root in (site, site / "cy"):
        assert (root / "search" / "index.html").is_file()
        index = json.loads((root / INDEX).read_text(encoding="utf-8"))
        assert index["docs"] and not [d for d in index["docs"] if d["location"].startswith("search/")]


# ---------------------------------------------------------------------------- what is published

@pytest.mark.parametrize("name", FILES)
def test_static_files_are_published_without_comments_but_with_every_rule(name):
    source = (STATIC / name).read_text(encoding="utf-8")
    out = published(name, source)
    assert "/*" not in out and len(out) < len(source)
    code = re.sub(r"^\s*//[^\n]*$", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S), flags=re.M)
    for mark in "{}();\"'":
        assert out.count(mark) == code.count(mark), mark
    assert out.split() == code.split()  # (every word and sign, in order: only space and comments went)


def test_a_chart_is_published_with_coordinates_to_a_tenth_and_its_words_untouched():
    svg = (b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "x" "y">\n<svg viewBox="0 0 240 220.5">\n'
           b' <metadata><a/></metadata>\n <text x="25.378906" y="-0.012">0.125</text>\n'
           b' <path d="M 32.378906 131 L 232.04 -10.96"/>\n</svg>\n')
    out = C.tidy(svg)
    assert out == (b'<svg viewBox="0 0 240 220.5">\n<text x="25.4" y="0.0">0.125</text>\n'
                   b'<path d="M 32.4 131 L 232.0 -11.0"/>\n</svg>\n')
