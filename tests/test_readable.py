"""Readable by every resident (#17), on a generated council the tests never saw: each
indicator's summary states the API's latest value, target and direction; periods carry
their months; chart text is 12 px or more in Chromium at 375 and 1280 px; a chart's points
give their period and value to the keyboard, a pointer and a finger."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest

from .oracle import rnd, span
from .test_browser import WIDTHS

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DIRECTION_WORDS = {"improving": "got better", "worsening": "got worse", "no-change": "the same as",
                   "up": "gone up", "down": "gone down"}


def number(value: float, decimals: int) -> str:
    """The number as a resident reads it, worked out apart from build_site: '1,234.5', '−3'."""
    d = rnd(Decimal(repr(value)), decimals)
    return ("−" if d < 0 else "") + f"{abs(d):,.{decimals}f}"


def api_items(built: Path) -> list[dict]:
    return json.loads((built / "site" / "api" / "indicators.json").read_text(encoding="utf-8"))["indicators"]


def months_of(period: str, fy: int) -> str:
    kind, first, last = span(period, fy)
    if kind == "month":
        return ""
    if first.year == last.year:
        return f"{MONTHS[first.month - 1]} to {MONTHS[last.month - 1]} {first.year}"
    return f"{MONTHS[first.month - 1]} {first.year} to {MONTHS[last.month - 1]} {last.year}"


def fy_start(built: Path) -> int:
    descriptor = json.loads((built / "datapackage.json").read_text(encoding="utf-8"))
    return descriptor.get("reporting", {}).get("financial_year_start_month", 4)


def page_summary(built: Path, ind_id: str) -> str:
    html = (built / "site" / "indicators" / ind_id / "index.html").read_text(encoding="utf-8")
    found = re.search(r'<p class="bs-lede bs-summary">(.*?)</p>', html, re.S)
    assert found, ind_id
    return unescape(found.group(1))


def test_each_summary_states_the_apis_latest_value_target_and_direction(built):
    items = api_items(built)
    fy = fy_start(built)
    checked = {"value": 0, "target": 0, "direction": 0}
    for item in items:
        said, latest = item["summary"], item["latest"]
        assert said == page_summary(built, item["id"])  # the page and the API say the same
        if latest is None:
            assert "No figures have been published yet." in said
            continue
        kind = span(latest["period"], fy)[0]
        if kind not in ("month", "year"):
            assert months_of(latest["period"], fy) in said, (item["id"], said)
        if latest["value"] is None:
            assert "There is no figure for" in said
            continue
        assert number(latest["value"], item["decimals"]) in said, (item["id"], said)
        checked["value"] += 1
        if latest["target"] is not None and item["polarity"] != "none":
            assert f"of {'£' if item['unit'] == 'gbp' else ''}{number(latest['target'], item['decimals'])}" in said, \
                (item["id"], said)
            checked["target"] += 1
        if latest["direction"] is None:
            assert "first figure published" in said or "to compare it with" in said, (item["id"], said)
        else:
            assert DIRECTION_WORDS[latest["direction"]] in said, (item["id"], said)
            checked["direction"] += 1
        if item["overdue"]:
            assert "is overdue" in said
        else:
            assert "is due by" in said
    assert all(n > 20 for n in checked.values()), checked  # the council had enough of each to matter


def test_exceptions_give_their_reasons_once_beside_one_rating(built):
    items = {i["id"]: i for i in api_items(built)}
    for ind_id, item in items.items():
        html = (built / "site" / "indicators" / ind_id / "index.html").read_text(encoding="utf-8")
        badges = re.search(r'<p class="bs-badges">(.*?)</p>', html, re.S).group(1)
        assert badges.count('class="bs-rating') == 1, ind_id
        assert ("bs-tag-overdue" in badges) == item["overdue"]
        reasons = re.search(r'<p class="bs-reasons">(.*?)</p>', html, re.S)
        assert bool(reasons) == item["exception"], ind_id
        if reasons:
            text = unescape(re.sub(r"<[^>]+>", "", reasons.group(1)))
            assert "needs attention because" in text
            words = {"off-target": ("off target", "below the agreed floor"),
                     "near-target-high-risk": ("its risk is high",), "worsening": ("got worse",),
                     "overdue": ("is overdue",)}
            for rule in item["exception_rules"]:
                assert any(w in text for w in words[rule]), (ind_id, rule, text)


def test_the_figures_table_gives_each_period_its_months(built):
    fy = fy_start(built)
    item = next(i for i in api_items(built) if i["latest"] and span(i["latest"]["period"], fy)[0] in ("fq", "fy"))
    html = (built / "site" / "indicators" / item["id"] / "index.html").read_text(encoding="utf-8")
    assert f'<span class="bs-months">{months_of(item["latest"]["period"], fy)}</span>' in html


def test_the_methodology_page_has_a_glossary_of_the_words_used(built):
    html = (built / "site" / "methodology" / "index.html").read_text(encoding="utf-8")
    glossary = html[html.index('id="glossary"'):]
    for word in ("For information", "data only", "Close to the floor", "near floor", "Overdue", "Exception"):
        assert word in glossary


def test_every_chart_is_under_20_kb(built):
    charts = list((built / "site" / "indicators").glob("*/chart*.svg"))
    assert len(charts) > 200
    assert max(p.stat().st_size for p in charts) < 20_000


# --------------------------------------------------------------------------- in Chromium

SIZES = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('.bs-plot img')) {
    const box = img.getBoundingClientRect();
    if (!box.width) continue;  // the drawing this width does not show
    const svg = new DOMParser().parseFromString(await (await fetch(img.src)).text(), 'image/svg+xml');
    const root = svg.documentElement;
    const scale = box.width / parseFloat(root.getAttribute('viewBox').split(' ')[2]);
    const texts = [...root.querySelectorAll('text')];
    const sizes = texts.map(t => parseFloat(/font-size: ?([0-9.]+)px/.exec(t.getAttribute('style'))[1]) * scale);
    out.push({src: img.getAttribute('src'), shown: box.width, texts: texts.length, least: Math.min(...sizes)});
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_chart_text_is_at_least_12_px_on_every_indicator_page(browser, server, built, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = 0
    for item in api_items(built):
        page.goto(server + item["url"], wait_until="load")
        for chart in page.evaluate(SIZES):
            seen += 1
            assert chart["texts"] > 3 and chart["least"] >= 12, (item["url"], width, chart)
    page.close()
    assert seen > 200


def _newest_rows(page) -> list[tuple[str, str]]:
    """(period, value) of the figures table's rows, newest first, as the page shows them."""
    return page.evaluate("""() => [...document.querySelector('#data ~ .bs-table-wrap').querySelectorAll('tbody tr')].map(r =>
        [r.querySelector('th').firstChild.textContent.trim(), r.querySelector('td.bs-num').textContent.trim()])""")


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_a_chart_point_focused_with_the_keyboard_gives_its_period_and_value(browser, server, built, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    with_charts = [i for i in api_items(built) if i["latest"] and i["latest"]["value"] is not None][:12]
    for item in with_charts:
        page.goto(server + item["url"], wait_until="load")
        rows = [r for r in _newest_rows(page) if r[1]]
        for _press in range(80):  # Tab through the page, as a keyboard user would, to the chart
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('bs-pt')"):
                break
        point = page.evaluate("""() => { const e = document.activeElement;
            return {cls: e.className, label: e.getAttribute('aria-label'), role: e.getAttribute('role'),
                    shown: getComputedStyle(e, '::after').content}; }""")
        assert point["cls"].split()[0] == "bs-pt" and point["role"] == "img", (item["url"], point)
        assert point["label"].startswith(rows[0][0]) and f": {rows[0][1]}" in point["label"], (point, rows[0])
        assert point["shown"] == json.dumps(point["label"], ensure_ascii=False)  # shown beside it, as announced
        if len(rows) > 1:
            page.keyboard.press("ArrowLeft")
            label = page.evaluate("document.activeElement.getAttribute('aria-label')")
            assert label.startswith(rows[1][0]) and f": {rows[1][1]}" in label, (label, rows[1])
    page.close()


@pytest.mark.browser
def test_a_chart_point_shows_its_figure_to_a_pointer_and_a_finger(browser, server, built):
    item = next(i for i in api_items(built) if i["latest"] and i["latest"]["value"] is not None)
    for touch in (False, True):
        context = browser.new_context(viewport={"width": 375 if touch else 1280, "height": 900}, has_touch=touch)
        page = context.new_page()
        page.goto(server + item["url"], wait_until="load")
        target = page.locator(".bs-pt").last
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        if touch:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.move(x, y)
        shown = page.evaluate("""() => [...document.querySelectorAll('.bs-pt')].filter(p =>
            getComputedStyle(p, '::after').content !== 'none').map(p => p.getAttribute('aria-label'))""")
        assert shown == [target.get_attribute("aria-label")], (touch, shown)
        context.close()


def test_every_indicator_page_says_figures_as_at_the_build_date(built):
    """'Figures as at' is the build's --as-of date, on every indicator page."""
    as_of = date.fromisoformat(json.loads((built / "site" / "api" / "indicators.json").read_text())["as_of"])
    words = f"{as_of.day} {MONTHS[as_of.month - 1]} {as_of.year}"
    for item in api_items(built):
        html = (built / "site" / "indicators" / item["id"] / "index.html").read_text(encoding="utf-8")
        assert f'<dt>Figures as at</dt>\n<dd><time datetime="{as_of.isoformat()}">{words}</time>' in html


@pytest.mark.browser
def test_the_points_an_indicator_page_makes_from_its_table_are_the_points_python_writes(browser, server, built):
    """An indicator page's points are made by its script from the figures table; a priority's
    page has the same charts' points written out by the build. Both say and place the same."""
    points = "[...document.querySelectorAll('.bs-pt')].map(p => [p.getAttribute('aria-label'), p.style.cssText])"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    compared = 0
    for item in [i for i in api_items(built) if i["mode"] == "managed"][:6]:
        priority = (built / "site" / "priorities" / item["priority"] / "index.html").read_text(encoding="utf-8")
        section = priority.split(f'aria-labelledby="i-{item["id"]}"')[1].split("</section>")[0]
        written = [[unescape(label), style.replace(";", "; ").replace(":", ": ") + ";"] for label, style in
                   re.findall(r'<span class="bs-pt"[^>]*aria-label="([^"]*)" style="([^"]*)"', section)]
        page.goto(server + item["url"], wait_until="load")
        made = page.evaluate(points)
        assert made == written and made, (item["id"], made[:2], written[:2])
        assert page.evaluate("document.querySelector('.bs-points').getAttribute('role')") == "group"
        assert page.evaluate("[...document.querySelectorAll('.bs-pt')].filter(p => p.tabIndex === 0).length") == 1
        compared += len(made)
    page.close()
    assert compared > 20
