"""What a person sees, in headless Debian Chromium: WCAG 2.2 AA with axe-core, keyboard use,
no requests to other hosts, and no broken links anywhere in the site."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from .conftest import read_rows

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = [375, 1280]

pytestmark = pytest.mark.browser


def page_types(built: Path) -> list[str]:
    api = json.loads((built / "site" / "api" / "indicators.json").read_text())
    exception = next(i for i in api["indicators"] if i["exception"])
    with_areas = next(i["id"] for i in api["indicators"]
                      if any(m["area"] for m in json.loads(
                          (built / "site" / "api" / "indicators" / f"{i['id']}.json").read_text())["measurements"]))
    return ["", "exceptions/", "monitoring/", "data/", "methodology/", "indicators/", "about/", "accessibility/",
            f"priorities/{read_rows(built, 'priorities')[1][0]}/", f"indicators/{exception['id']}/",
            f"indicators/{with_areas}/", f"areas/{read_rows(built, 'areas')[1][0]}/",
            f"providers/{read_rows(built, 'providers')[1][0]}/", "providers/", "reports/", "reports/2026-27-q2/", "areas/",
            "search/"]


AXE = (Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def pages(built):
    """Every kind of page, in English and in Welsh (the built council is in both)."""
    kinds = page_types(built)
    return kinds + ["cy/" + p for p in kinds]


def open_search(page) -> None:
    """Open the search as a person would: the header's search button, on a phone or a desktop."""
    button = page.locator('label.md-header__button[for="__search"]')
    if button.is_visible():
        button.click()
    else:
        page.click(".md-search__input")


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violations_and_no_third_party_requests(browser, server, pages, width):
    host = urlparse(server).netloc
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    requests: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))  # hostile data must not run
    failures = {}
    for path in pages:
        page.goto(server + path, wait_until="networkidle")
        page.evaluate(AXE)
        result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG)}}}}})")
        bad = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if bad:
            failures[path] = bad
    # search too: its page loads the index when someone searches, from the site itself
    page.goto(server, wait_until="networkidle")
    open_search(page)
    page.keyboard.type("indicator")
    page.keyboard.press("Enter")
    page.wait_for_selector(".bs-search-results li")
    context.close()
    assert failures == {}, json.dumps(failures, indent=1)
    assert dialogs == []
    assert requests and all(urlparse(u).netloc == host or u.startswith(("data:", "blob:")) for u in requests), \
        sorted({u for u in requests if urlparse(u).netloc != host})


SETTLED = "document.getAnimations().every(a => a.playState !== 'running')"  # (no transition half-way)


def axe_violations(page) -> list:
    """axe's WCAG violations on the page as it is once its transitions have ended (a colour
    half-way through the theme's fade-in is not one a person reads)."""
    page.wait_for_function(SETTLED)
    page.evaluate(AXE)
    result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG)}}}}})")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_open_search_box_and_its_results_have_no_violations(browser, server, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server, wait_until="networkidle")
    open_search(page)  # (on a phone, the box over the page)
    page.keyboard.type("indicator")
    box = axe_violations(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector(".bs-search-results li")
    results = axe_violations(page)
    page.close()
    assert box == [] and results == [], (box, results)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_language_switcher_leads_to_the_same_page_and_back(browser, server, pages, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    path = next(p for p in pages if p.startswith("cy/indicators/") and p != "cy/indicators/")
    page.goto(server + path, wait_until="networkidle")
    assert page.evaluate("document.documentElement.lang") == "cy"
    switch = page.locator('nav.bs-languages a[hreflang="en"]')
    assert switch.is_visible() and switch.inner_text() == "English"
    box = switch.bounding_box()
    assert box["height"] >= 24 and box["width"] >= 24  # (WCAG 2.2 target size, at least)
    switch.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == server + path[3:] and page.evaluate("document.documentElement.lang") == "en"
    with page.expect_navigation():
        page.locator('nav.bs-languages a[hreflang="cy"]').click()
    assert page.url == server + path
    page.close()


def test_keyboard_skip_link_and_visible_focus(browser, server, pages):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server + next(p for p in pages if p.startswith("indicators/") and p != "indicators/"),
              wait_until="networkidle")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement;
        const s = getComputedStyle(e); const r = e.getBoundingClientRect();
        return {text: e.textContent.trim(), href: e.getAttribute('href'), outline: s.outlineStyle,
                width: s.outlineWidth, shadow: s.boxShadow, visible: r.width > 0 && r.height > 0}; }""")
    assert "skip" in focused["text"].lower() and focused["href"].startswith("#")
    assert focused["visible"]
    assert focused["outline"] != "none" or focused["shadow"] != "none"
    # every link gets a visible focus indicator
    page.focus("article a[href]")
    style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [s.outlineStyle, s.boxShadow]; }""")
    assert style[0] != "none" or style[1] != "none"
    # tables have captions and header cells; charts have text alternatives
    checks = page.evaluate("""() => ({
        tables: [...document.querySelectorAll('article table')].map(t => [!!t.querySelector('caption'),
                 t.querySelectorAll('th').length]),
        charts: [...document.querySelectorAll('article img')].map(i => (i.getAttribute('alt') || '').length)})""")
    page.close()
    assert checks["tables"] and all(cap and ths for cap, ths in checks["tables"])
    assert checks["charts"] and all(n > 30 for n in checks["charts"])


def _targets(html: str) -> list[str]:
    from html.parser import HTMLParser

    found = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for k, v in attrs:
                if v and ((k == "href" and tag in ("a", "link")) or (k == "src" and tag in ("img", "script"))):
                    found.append(v)

    P().feed(html)
    return found


def broken_links(site: Path, root: str = "/") -> tuple[list[tuple[str, str]], int]:
    """Every link and source in the site's pages to a file of the site that is not there (page,
    target), and how many were checked; ``root`` is the path the site is served under (its
    address's, such as ``/testshire/``: a page like 404.html links from there)."""
    broken = []
    checked = 0
    for html in site.rglob("*.html"):
        base = "http://site" + root + html.relative_to(site).as_posix()
        for target in _targets(html.read_text(encoding="utf-8")):
            url = urlparse(urljoin(base, target))
            if url.scheme in ("mailto", "tel", "data") or (url.scheme in ("http", "https") and url.netloc != "site"):
                continue
            if not url.path.startswith(root):
                checked += 1
                broken.append((html.relative_to(site).as_posix(), target))  # (out of the site altogether)
                continue
            path = site / url.path[len(root):]
            if url.path.endswith("/"):
                path = path / "index.html"
            checked += 1
            if not path.is_file():
                broken.append((html.relative_to(site).as_posix(), target))
    return broken, checked


def test_no_broken_internal_links(built):
    broken, checked = broken_links(built / "site")
    assert checked > 1000
    assert broken == []
