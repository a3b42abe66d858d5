"""A resident's phone and a desktop (#31): every table fits its column or becomes cards, with
each row's value, rating and direction on screen; the home page's first sentence agrees with
the API over every indicator."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from .test_browser import page_types

FITS = """() => [...document.querySelectorAll('.bs-table-wrap')].map(d => {
  const box = d.getBoundingClientRect();
  return {label: d.getAttribute('aria-label'), overflow: d.scrollWidth - d.clientWidth,
          right: box.right - window.innerWidth};
}).filter(t => t.overflow > 1 || t.right > 1)"""
OFF_SCREEN = """() => [...document.querySelectorAll('.bs-table-wrap tbody tr')].flatMap(tr =>
  [...tr.querySelectorAll('td.bs-v, td .bs-rating, td .bs-dir')].filter(c => {
    const box = c.getBoundingClientRect();
    return box.width > 0 && (box.left < 0 || box.right > window.innerWidth + 1);
  }).map(c => tr.querySelector('th') ? tr.querySelector('th').textContent.trim().slice(0, 40) : '?'))"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_every_table_fits_its_column_or_becomes_cards(built, browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    wide, hidden = {}, {}
    for path in page_types(built):
        page.goto(server + path, wait_until="networkidle")
        too_wide = page.evaluate(FITS)
        if too_wide:
            wide[path] = too_wide
        off = page.evaluate(OFF_SCREEN)
        if off:
            hidden[path] = off[:3]
    context.close()
    assert wide == {}, json.dumps(wide, indent=1)
    assert hidden == {}, json.dumps(hidden, indent=1)


def test_the_home_pages_first_sentence_agrees_with_the_api(built):
    api = json.loads((built / "site" / "api" / "indicators.json").read_text(encoding="utf-8"))["indicators"]
    html = (built / "site" / "index.html").read_text(encoding="utf-8")
    main = html[html.index('id="main-content"'):]
    first = unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="bs-verdict">(.*?)</p>', main, re.S).group(1)))
    assert main.index("bs-verdict") < main.index("bs-lede")  # (the verdict first)
    assert first.startswith(f"Of the council's {len(api)} indicators:")
    words = {"on-target": "on target", "near-target": "near target", "off-target": "off target",
             "data-only": "for information, with no target", "no-data": "with no latest figure"}
    for status, said in words.items():
        n = sum((i["latest"]["status"] if i["latest"] else "no-data") == status for i in api)
        assert (f"{n} {said}" in first) == (n > 0), (status, n, first)
    attention = sum(i["exception"] for i in api)
    assert f"{attention} need attention." in first or (attention == 1 and "1 needs attention." in first)


def test_each_priority_cards_sentence_and_badges_say_the_same(built):
    html = (built / "site" / "index.html").read_text(encoding="utf-8")
    cards = [c.split('<h2 id="more">')[0] for c in html.split('<li class="bs-card">')[1:]]
    assert cards
    said = {("bs-on-target", "On target"): "on target", ("bs-on-target", "Within agreed floor"): "within the agreed floor",
            ("bs-near-target", "Near target"): "near target", ("bs-near-target", "Close to the floor"):
            "close to the floor", ("bs-off-target", "Off target"): "off target", ("bs-off-target", "Below floor"):
            "below the floor", ("bs-data-only", "For information"): "for information",
            ("bs-no-data", "No data"): "with no latest figure"}
    for card in cards:
        sentence = unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="bs-summary">(.*?)</p>', card, re.S).group(1)))
        badges = re.findall(r'<span class="bs-rating (bs-[a-z-]+)">([^<]*)</span> (\d+)</li>', card)
        assert badges, card
        for css, word, n in badges:
            assert re.search(rf"\b{n} {said[(css, word)]}", sentence), (css, word, n, sentence)
        total = int(re.search(r"has (\d+) indicators?", sentence).group(1))
        assert sum(int(n) for _c, _w, n in badges) == total


def test_the_exceptions_page_has_a_jump_list_by_priority_and_says_each_fact_once(built):
    api = json.loads((built / "site" / "api" / "indicators.json").read_text(encoding="utf-8"))["indicators"]
    html = (built / "site" / "exceptions" / "index.html").read_text(encoding="utf-8")
    jump = html[html.index('class="bs-jump"'):html.index("</nav>", html.index('class="bs-jump"'))]
    exceptions = [i for i in api if i["exception"]]
    assert sorted(re.findall(r'href="#x-([^"]+)"', jump)) == sorted(i["id"] for i in exceptions)
    for i in exceptions:
        assert f'id="x-{i["id"]}"' in html
    sections = html.split('<section class="bs-exception"')[1:]
    assert len(sections) == len(exceptions)
    assert all(s.count("Recovery promise") == 1 for s in sections)
    assert "Back on target by" not in html
