"""Commissioned services held to account (#32): the providers' index rating each provider's
indicators together, a provider's page with its returns, and the committee report's
commissioned-services scorecards, read back from the page, the PDF and a browser."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest

from build_site.outputs.report_doc import commissioned
from build_site.rating.reports import slug

from .conftest import read_rows
from .test_browser import AXE, WCAG
from .test_committee_paper import raw_text
from .test_reports import needs_poppler, record, squash

PERIOD = "2026/27 Q2"


def _providers(rec: dict) -> list[tuple[dict, list[dict]]]:
    """Independently of the code: the record's providers but the council's own teams, each with
    its indicators."""
    return [(p, [i for i in rec["indicators"] if i.get("provider") == p["id"]]) for p in rec.get("providers", [])
            if p["type"] != "in-house" and any(i.get("provider") == p["id"] for i in rec["indicators"])]


@needs_poppler
def test_the_report_pdf_has_a_scorecard_for_each_commissioned_provider(built):
    rec = record(built, PERIOD)
    expected = _providers(rec)
    assert expected, "the generated council's report has commissioned providers"
    flat = squash(raw_text(built / "site" / "reports" / slug(PERIOD) / "report.pdf"))
    start = flat.index(squash("Commissioned services"), flat.index(squash("Appendix: monitored indicators")))
    region = flat[start:flat.index(squash("Promises missed"), start)]
    for provider, items in expected:
        caption = squash(f"Scorecard: {provider['name']}")
        assert caption in region, provider["name"]
        after = region[region.index(caption):]
        for item in items:
            assert squash(item["title"]) in after, (provider["name"], item["title"])
        late = [i for i in items if i["overdue"]]
        assert (squash("Overdue:") in after.split(squash("Scorecard:"), 2)[1]) == bool(late) or len(expected) == 1


def test_the_report_page_has_the_same_scorecards(built):
    rec = record(built, PERIOD)
    html = (built / "site" / "reports" / slug(PERIOD) / "index.html").read_text(encoding="utf-8")
    section = html[html.index('id="commissioned"'):html.index('id="exceptions"')]
    captions = [unescape(c) for c in re.findall(r"<caption>Scorecard: ([^<]+)</caption>", section)]
    assert captions == [p["name"] for p, _items in sorted(_providers(rec), key=lambda pi: pi[0]["name"].casefold())]
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", section)).split())
    for _p, items in _providers(rec):
        for item in items:
            assert " ".join(item["title"].split()) in text, item["title"]


def test_a_record_frozen_before_providers_were_recorded_has_no_such_section():
    assert commissioned({"indicators": [{"id": "a", "title": "A", "provider": "p"}]}) == []
    assert commissioned({"indicators": [{"id": "a", "title": "A"}],
                         "providers": [{"id": "p", "name": "P", "type": "commissioned"}]}) == []


def test_the_providers_index_rates_each_providers_indicators_together(built):
    api = {i["id"]: i for i in json.loads((built / "site" / "api" / "indicators.json").read_text())["indicators"]}
    providers = read_rows(built, "providers")[1:]
    owner = {r[0]: r[13] for r in read_rows(built, "indicators")[1:]}
    html = (built / "site" / "providers" / "index.html").read_text(encoding="utf-8")
    for pid, *_rest in providers:
        mine = [api[i] for i, p in owner.items() if p == pid]
        row = re.search(rf'<tr><th scope="row"><a href="\.\./providers/{pid}/">.*?</tr>', html, re.S)
        assert row, pid
        cells = [c for c in re.findall(r'<td class="bs-num"[^>]*>(?:<strong>)?(\d+)', row.group(0))]
        status = [(i["latest"] or {}).get("status") for i in mine]
        assert cells == [str(len(mine)), str(status.count("on-target")), str(status.count("near-target")),
                         str(status.count("off-target")),
                         str(sum((i["latest"] or {}).get("direction") == "worsening" for i in mine)),
                         str(sum(i["overdue"] for i in mine))], pid
    order = [m for m in re.findall(r'<h2 id="type-([a-z-]+)"', html)]
    assert order == [t for t in ("commissioned", "partnership", "community", "in-house", "other") if t in order]


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_providers_pages_and_the_reports_section_are_axe_clean(browser, server, built, width):
    pid = next(r[0] for r in read_rows(built, "providers")[1:])
    page = browser.new_page(viewport={"width": width, "height": 900})
    failures = {}
    for path in ("providers/", f"providers/{pid}/", f"reports/{slug(PERIOD)}/", "exceptions/"):
        page.goto(server + path, wait_until="load")
        page.evaluate(AXE)
        result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG)}}}}})")
        bad = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if bad:
            failures[path] = bad
    page.goto(server + f"reports/{slug(PERIOD)}/#commissioned", wait_until="load")
    assert page.locator("#commissioned").is_visible()
    assert page.locator("#commissioned ~ .bs-table-wrap caption").first.inner_text().startswith("Scorecard: ")
    page.goto(server + f"providers/{pid}/", wait_until="load")
    assert page.locator("#returns").is_visible() and page.locator("#returns + .bs-summary").inner_text()
    page.close()
    assert failures == {}, json.dumps(failures, indent=1)
