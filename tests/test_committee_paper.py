"""The committee paper (#30): scorecards by priority, in colour with shape and word, the
quarters before, read back from the PDF itself."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from build_site.outputs.pages import value_or_blank
from build_site.rating.reports import indicator_of, slug

from .conftest import BUILD_AS_OF
from .test_reports import needs_poppler, record, run, squash

FILLS = {"On target": (0xE8, 0xF3, 0xEC), "Near target": (0xFD, 0xF1, 0xE3), "Off target": (0xFB, 0xE9, 0xE7)}
INKS = {"On target": (0x00, 0x70, 0x3C), "Near target": (0x9A, 0x4D, 0x00), "Off target": (0xC4, 0x29, 0x1A)}


def raw_text(pdf: Path, page: int | None = None) -> str:
    """The PDF's text in the order it was written (a table cell's lines together)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-raw", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def _regions(text: str, priorities: list[dict]) -> dict[str, str]:
    """Each priority's part of the report: from its scorecard's caption to the next one's (or the
    promises' section)."""
    flat = squash(text)
    starts = [(flat.index(squash(f"Scorecard: {p['title']}")), p["id"]) for p in priorities
              if squash(f"Scorecard: {p['title']}") in flat]
    starts.sort()
    ends = [s for s, _ in starts[1:]] + [flat.index(squash("Promises missed"), starts[-1][0])]
    return {pid: flat[s:e] for (s, pid), e in zip(starts, ends, strict=True)}


@needs_poppler
def test_each_priority_has_a_scorecard_of_its_managed_indicators_with_five_figures(built):
    period = "2026/27 Q2"
    rec = record(built, period)
    pdf = built / "site" / "reports" / slug(period) / "report.pdf"
    regions = _regions(raw_text(pdf), rec["priorities"])
    checked = 0
    for item in rec["indicators"]:
        if item["mode"] != "managed":
            continue
        region = regions[item["priority"]]
        title = squash(item["title"])
        assert title in region, item["title"]
        pairs = [item["year_before"], *item["recent"]] if item["year_before"] else []
        if len(pairs) == 4 and all(v is not None for _p, v in pairs) and item["latest"]["target"] is not None:
            ind = indicator_of(item)
            row = region[region.index(title) + len(title):][:400]
            shown = [squash(value_or_blank(v, ind)) for _p, v in pairs] + \
                [squash(value_or_blank(item["latest"]["target"], ind))]
            at = 0
            for figure in shown:  # (the five in their order: a year before, three latest, the target)
                at = row.index(figure, at) + len(figure)
            checked += 1
    assert checked >= 10  # (the council has many indicators with five figures)


@needs_poppler
def test_the_monitored_appendix_is_by_priority_in_the_same_row_form(built):
    rec = record(built, "2026/27 Q2")
    text = squash(raw_text(built / "site" / "reports" / "2026-27-q2" / "report.pdf"))
    appendix = text[text.rindex(squash("Appendix: monitored indicators")):]
    for p in rec["priorities"]:
        mine = [i for i in rec["indicators"] if i["mode"] == "monitored" and i["priority"] == p["id"]]
        if mine:
            assert squash(f"Monitored: {p['title']}") in appendix
            assert all(squash(i["title"]) in appendix for i in mine)
    assert squash("A year before") in appendix and squash("One before") in appendix


def _pixels(png: Path) -> list[tuple[int, int, int]]:
    from PIL import Image

    with Image.open(png) as img:
        data = img.convert("RGB").tobytes()
    return [tuple(data[k:k + 3]) for k in range(0, len(data), 3)]


def _near(pixels, colour, within: int = 6) -> int:
    return sum(1 for p in pixels if all(abs(a - b) <= within for a, b in zip(p, colour, strict=True)))


@needs_poppler
def test_the_rating_cells_carry_their_colour_beside_shape_and_word(sample, tmp_path):
    assert run("report", "freeze", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF, "--replace").exit_code == 0
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    pdf = sample / "site" / "reports" / "2026-27-q2" / "report.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                            check=True).stdout).group(1))
    page = next(n for n in range(1, pages + 1) if "Scorecard:" in raw_text(pdf, n))
    words = raw_text(pdf, page)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", str(page), "-l", str(page), str(pdf), str(tmp_path / "p")],
                   check=True)
    pixels = _pixels(next(tmp_path.glob("p*.png")))
    shown = [w for w in FILLS if w in words]
    assert len(shown) >= 2, words  # (a scorecard page holds more than one rating)
    for word in shown:
        assert _near(pixels, FILLS[word]) > 30, word  # its cell's fill
        assert _near(pixels, INKS[word], 40) > 3, word  # its shape, in its colour
    for word in set(FILLS) - set(shown):
        assert _near(pixels, FILLS[word]) == 0, word  # (no colour without its word)


@needs_poppler
def test_an_old_record_without_the_quarters_before_still_makes_its_scorecards(sample):
    rec = json.loads((sample / "reports" / "2026-27-q1.json").read_text(encoding="utf-8"))
    assert not any("recent" in i for i in rec["indicators"])  # (frozen before 1.2)
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    text = squash(raw_text(sample / "site" / "reports" / "2026-27-q1" / "report.pdf"))
    managed = [i for i in rec["indicators"] if i["mode"] == "managed"]
    assert all(squash(i["title"]) in text for i in managed)
    assert squash(f"Scorecard: {rec['priorities'][0]['title']}") in text


def test_the_web_copy_links_each_indicator_to_its_live_page_and_names_what_changed(built):
    from build_site.rating.reports import changes, exceptions

    rec, before = record(built, "2026/27 Q2"), record(built, "2026/27 Q1")
    page = built / "site" / "reports" / "2026-27-q2"
    html = (page / "index.html").read_text(encoding="utf-8")
    assert "its figures may have changed since this report" in html
    for item in exceptions(rec):
        link = re.search(rf'<h3 id="r-{re.escape(item["id"])}"><a href="([^"]+)">', html)
        assert link, item["id"]
        assert (page / link.group(1) / "index.html").resolve().is_file()
        assert link.group(1).endswith(f"indicators/{item['id']}/")
    change = changes(rec, before)
    changed = html[html.index('id="changes"'):html.index('id="monitoring"')]
    for k in (*change.new, *change.resolved, *(m[0] for m in change.moved)):
        assert f'indicators/{k}/"' in changed, k  # (each by name, linked)
    assert len(change.moved) > 0 and changed.count("bs-rating") >= 2 * len(change.moved)  # (from → to)


# --------------------------------------------------------------------------- the annual report

def _promise(sample: Path, indicator: str, made: str, promised: str) -> None:
    from .conftest import append_row

    append_row(sample, "commentary", [indicator, made, "Below target.", "A plan.", "Head of Service", promised])


def test_a_frozen_year_is_the_annual_report(sample):
    """#30: the year against the year before, the promises of the year kept and missed, the year's
    quarterly reports linked, and its exceptions as the status engine has them at the year's end."""
    from datetime import date

    from build_site.build import check
    from build_site.inputs import periods as P
    from build_site.rating.reports import as_it_stood, exceptions
    from build_site.rating.rows import rows_of
    from build_site.rating.status import compute

    pkg, _report = check(sample, date.fromisoformat(BUILD_AS_OF))
    fy = pkg.reporting.financial_year_start_month
    year = P.parse_period("2025/26", fy)
    then = as_it_stood(pkg, year)
    statuses = compute(then, date.fromisoformat(BUILD_AS_OF))
    by_ind = rows_of(then, statuses).by_ind
    quarterly = [i.id for i in pkg.indicators if i.mode == "managed" and i.frequency == "quarterly"]
    status_at = {(i, x["period"]): x["status"] for i in quarterly for x in by_ind[i] if x["area"] == ""}
    kept = next(i for i in quarterly if status_at.get((i, "2025/26 Q3")) == "on-target")
    missed = next(i for i in quarterly if status_at.get((i, "2025/26 Q3")) == "off-target")
    _promise(sample, kept, "2025/26 Q1", "2025/26 Q3")
    _promise(sample, missed, "2025/26 Q1", "2025/26 Q3")
    for period in ("2025/26 Q3", "2025/26 Q4", "2025/26"):
        result = run("report", "freeze", period, sample, "--as-of", BUILD_AS_OF)
        assert result.exit_code == 0, result.output
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    rec = record(sample, "2025/26")
    engine = compute(as_it_stood(check(sample, date.fromisoformat(BUILD_AS_OF))[0], year),
                     date.fromisoformat(BUILD_AS_OF))
    assert {i["id"] for i in exceptions(rec)} == set(engine.exceptions())
    page = (sample / "site" / "reports" / "2025-26" / "index.html").read_text(encoding="utf-8")
    pdf = squash(raw_text(sample / "site" / "reports" / "2025-26" / "report.pdf"))
    assert "Annual performance report: 2025/26" in page and squash("Annual performance report: 2025/26") in pdf
    titles = {i["id"]: i["title"] for i in rec["indicators"]}
    for item in rec["indicators"]:  # each managed indicator's year against the year before
        if item["mode"] == "managed" and item["year_before"] and item["latest"]:
            ind = indicator_of(item)
            shown = [squash(value_or_blank(v, ind)) for v in (item["year_before"][1], item["latest"]["value"])
                     if v is not None]
            row = pdf[pdf.index(squash(item["title"])):][:300]
            assert all(v in row for v in shown), item["title"]
    kept_at = page.index(">Kept<")
    missed_at = page.index(">Missed<")
    assert titles[kept] in page[kept_at:missed_at] and titles[missed] in page[missed_at:]
    assert squash(f"{titles[kept]}: promised back on target by") in pdf and squash("and on target at") in pdf
    assert squash("but not on target at") in pdf
    quarters = page[page.index('id="quarters"'):]
    linked = re.findall(r'<a href="([^"]+)">', quarters[:quarters.index("</ul>")])
    here = sample / "site" / "reports" / "2025-26"
    assert sorted((here / h).resolve() for h in linked) == \
        [(sample / "site" / "reports" / q).resolve() for q in ("2025-26-q3", "2025-26-q4")]
    assert squash("Performance report: 2025/26 Q4 (figures as at") in pdf
    feed = (sample / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "<title>Annual performance report: 2025/26</title>" in feed
    listing = (sample / "site" / "reports" / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'href="\.\./reports/([0-9a-z-]+)/"', listing)
    assert order[-3:] == ["2025-26", "2025-26-q4", "2025-26-q3"]  # (newest first: the year after its last quarter)
