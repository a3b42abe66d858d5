"""Frozen reports (#14): freezing, what a frozen report shows after the data change, what
changed between reports, the PDF (checked with poppler's pdfinfo and pdftotext), the feed,
and the errors bad input gets."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import unicodedata
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_site.cli import cli
from build_site.outputs.pages import value_or_blank
from build_site.rating.reports import changes, indicator_of, revisions, slug

from .conftest import BUILD_AS_OF, BUILT_REPORTS, append_row, read_rows, write_rows

POPPLER = shutil.which("pdfinfo") and shutil.which("pdftotext")
needs_poppler = pytest.mark.skipif(not POPPLER and os.environ.get("CI") != "true",  # (in CI: a failure)
                                   reason="poppler-utils is not installed (apt-get install poppler-utils)")


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def page_text(repo: Path, rel: str) -> str:
    html = (repo / "site" / rel / "index.html").read_text(encoding="utf-8")
    html = html[html.index('id="main-content"'):]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


def squash(text: str) -> str:
    """Text as compared with what pdftotext reads back: no spaces (a title may wrap between
    lines) and no invisible format characters (which a PDF does not keep as text)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not c.isspace()
                   and unicodedata.category(c) != "Cf")


def record(repo: Path, period: str) -> dict:
    return json.loads((repo / "reports" / f"{slug(period)}.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the rules

def test_a_reports_address_is_its_period_lower_cased():
    assert [slug(p) for p in ("2026/27 Q2", "2026-Q3", "2026-05", "2025/26")] == \
        ["2026-27-q2", "2026-q3", "2026-05", "2025-26"]


def _item(ind, status, rules=(), period="2026-09", value=1.0):
    return {"id": ind, "title": ind, "exception_rules": list(rules),
            "latest": {"period": period, "value": value, "status": status}}


def test_what_changed_between_two_records():
    before = {"period": "2026/27 Q1", "indicators": [_item("a", "off-target", ["off-target"]), _item("b", "on-target"),
                                                     _item("c", "near-target")]}
    now = {"period": "2026/27 Q2", "indicators": [_item("a", "on-target"), _item("b", "off-target", ["off-target"]),
                                                  _item("c", "near-target"), _item("d", "no-data")]}
    got = changes(now, before)
    assert (got.previous, got.new, got.resolved) == ("2026/27 Q1", ("b",), ("a",))
    assert got.moved == (("a", "off-target", "on-target"), ("b", "on-target", "off-target"))
    assert changes(now, None).previous is None


def test_a_revised_figure_is_found_and_an_unchanged_one_is_not():
    rec = {"indicators": [_item("a", "on-target", value=5.0), _item("b", "on-target", value=7.0),
                          _item("c", "no-data", value=None)]}
    assert revisions(rec, {("a", "2026-09"): 5.0, ("b", "2026-09"): 7.5, ("c", "2026-09"): None}) == {"b": 7.5}
    assert revisions(rec, {("a", "2026-09"): 5.0}) == {"b": None}  # b's figure since removed


# --------------------------------------------------------------------------- bad input

def test_freezing_refuses_what_it_cannot_report(sample):
    for period, words in (("2026 Q5", "is not a period"), ("1990", "no figures for 1990")):
        result = run("report", "freeze", period, sample, "--as-of", BUILD_AS_OF)
        assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    again = run("report", "freeze", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF)  # (the sample's own)
    assert again.exit_code == 1 and "--replace" in again.output
    assert run("report", "freeze", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF, "--replace").exit_code == 0


def test_a_record_edited_by_hand_stops_the_build_and_names_its_file(sample):
    assert run("report", "freeze", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF, "--replace").exit_code == 0
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    site_before = (sample / "site" / "index.html").read_bytes()
    path = sample / "reports" / "2026-27-q2.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"off-target"', '"on-target"'), encoding="utf-8")
    result = run("build", sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 1 and "reports/2026-27-q2.json" in result.output and "--replace" in result.output
    assert (sample / "site" / "index.html").read_bytes() == site_before  # the last good site is untouched
    path.write_text("not json at all", encoding="utf-8")
    assert run("validate", sample, "--as-of", BUILD_AS_OF).exit_code == 1


def test_a_preview_freezes_nothing(sample):
    def frozen():
        return {p.name: p.read_bytes() for p in (sample / "reports").iterdir()}, (sample / "datapackage.json").read_bytes()

    before = frozen()  # (the sample ships the reports for 2026/27 Q1 and Q2, and Q2's cover)
    result = run("report", "preview", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    folder = sample / ".cache" / "report-preview" / "2026-27-q2"
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")
    assert frozen() == before and sorted(before[0]) == ["2026-27-q1.json", "2026-27-q2.cover.md", "2026-27-q2.json"]


# --------------------------------------------------------------------------- frozen, then the data change

def _exception_to_be(repo: Path) -> tuple[str, str]:
    """A monthly indicator with a target, higher is better, that is not an exception now:
    (its id, its title)."""
    api = json.loads((repo / "site" / "api" / "indicators.json").read_text())["indicators"]
    item = next(i for i in api if i["frequency"] == "monthly" and i["polarity"] == "higher" and not i["exception"]
                and i["latest"] and i["latest"]["target"] is not None and i["latest"]["period"] == "2026-09")
    return item["id"], item["title"]


def test_a_frozen_report_keeps_its_figures_and_marks_the_revised_one(sample):
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    newcomer, newcomer_title = _exception_to_be(sample)
    assert run("report", "freeze", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF, "--replace").exit_code == 0
    first = record(sample, "2026/27 Q2")
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    circulated = (sample / "site" / "reports" / "2026-27-q2" / "report.pdf").read_bytes()
    assert "No figure in this report has been revised" in pdf_text(sample / "site" / "reports" / "2026-27-q2"
                                                                   / "revisions.pdf")
    revised = next(i for i in first["indicators"] if i["exception_rules"] and i["latest"]["value"] is not None)
    rows = read_rows(sample, "measurements")
    k = next(k for k, r in enumerate(rows) if r[0] == revised["id"] and r[1] == revised["latest"]["period"]
             and r[2] == "")
    rows[k][3] = str(revised["latest"]["value"] + 1.0)
    write_rows(sample, "measurements", rows)
    target = next(float(t[2]) for t in read_rows(sample, "targets")[::-1] if t[0] == newcomer)
    for month in ("2026-10", "2026-11", "2026-12"):
        append_row(sample, "measurements", [newcomer, month, "", f"{target * 0.5:g}", ""])
    assert run("report", "freeze", "2026/27 Q3", sample, "--as-of", "2027-01-20").exit_code == 0
    result = run("build", sample, "--as-of", "2027-01-20")
    assert result.exit_code == 0, result.output
    second = record(sample, "2026/27 Q3")

    # the first report: the old figures, the revised one marked with its figure now
    old = page_text(sample, "reports/2026-27-q2")
    assert "revised since: now" in old
    assert newcomer_title not in old.split("Promises missed")[0].split("Exceptions", 1)[1]
    # the paper as circulated is the same bytes (contract 1.2); revisions.pdf names the figure, as
    # reported and now, and the page and the feed list it
    assert (sample / "site" / "reports" / "2026-27-q2" / "report.pdf").read_bytes() == circulated
    assert "revised since: now" not in pdf_text(sample / "site" / "reports" / "2026-27-q2" / "report.pdf")
    revisions_text = squash(pdf_text(sample / "site" / "reports" / "2026-27-q2" / "revisions.pdf"))
    ind = indicator_of(revised)
    assert squash(revised["title"]) in revisions_text
    assert squash(f"{value_or_blank(revised['latest']['value'], ind)} {value_or_blank(revised['latest']['value'] + 1.0, ind)}") \
        in revisions_text
    assert 'href="revisions.pdf"' in (sample / "site" / "reports" / "2026-27-q2" / "index.html").read_text()
    # the council's logo (datapackage.json's image) heads the PDF's first page
    logo = (sample / json.loads((sample / "datapackage.json").read_text(encoding="utf-8"))["image"]).read_text()
    first_page = subprocess.run(["pdftotext", "-l", "1", str(sample / "site" / "reports" / "2026-27-q2" / "report.pdf"),
                                 "-"], capture_output=True, text=True, check=True).stdout
    assert all(w in first_page for w in re.findall(r">([^<>]+)</text>", logo))
    # the second: the new period's exception, and exactly the changes between the records
    assert newcomer in {i["id"] for i in second["indicators"] if i["exception_rules"]}
    new_ids = sorted({i["id"] for i in second["indicators"] if i["exception_rules"]}
                     - {i["id"] for i in first["indicators"] if i["exception_rules"]})
    gone_ids = sorted({i["id"] for i in first["indicators"] if i["exception_rules"]}
                      - {i["id"] for i in second["indicators"] if i["exception_rules"]})
    titles = {i["id"]: i["title"] for i in second["indicators"]}
    now = page_text(sample, "reports/2026-27-q3")
    listed = re.search(r"(\d+) new exceptions?:? ?(.*?) (\d+) exceptions? resolved:? ?(.*?) \d+ ratings? moved", now)
    assert listed and int(listed.group(1)) == len(new_ids) and int(listed.group(3)) == len(gone_ids), now
    assert sorted(t for t in listed.group(2).split("; ") if t) == sorted(titles[i] for i in new_ids)
    assert sorted(t for t in listed.group(4).split("; ") if t) == sorted(titles[i] for i in gone_ids)
    index = page_text(sample, "reports")
    assert index.index("2026/27 Q3") < index.index("2026/27 Q2")  # newest first
    feed = (sample / "site" / "feed.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 3 and 'href="reports/2026-27-q3/report.pdf"' in feed  # (and the sample's Q1)
    assert 'href="reports/2026-27-q2/revisions.pdf"' in feed
    home = (sample / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="reports/2026-27-q3/"' in home
    assert 'type="application/atom+xml"' in home


# --------------------------------------------------------------------------- the PDF, on an unseen council

@needs_poppler
@pytest.mark.parametrize("period", BUILT_REPORTS)
def test_the_pdf_is_tagged_a4_titled_and_names_every_exception(built, period):
    path = built / "site" / "reports" / slug(period) / "report.pdf"
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert period in fields["Title"] and fields["Title"].strip().startswith(json.loads(
        (built / "datapackage.json").read_text())["title"][:10])
    assert "595.276 x 841.89 pts (A4)" in fields["Page size"]
    rec = record(built, period)
    text = squash(pdf_text(path))
    for item in rec["indicators"]:
        if item["exception_rules"]:
            assert squash(item["title"]) in text, item["title"]


def test_reports_are_rebuilt_byte_for_byte(built, tmp_path):
    from build_site.outputs.pages import env_for
    from build_site.outputs.report_pdf import pdf
    from build_site.site.families.reports import print_doc

    rec = record(built, "2026/27 Q2")
    env = env_for(rec["reporting"]["financial_year_start_month"])
    made = [pdf(print_doc(env, rec, None, None)) for _ in range(2)]
    assert made[0] == made[1] and made[0].startswith(b"%PDF")
    one = (built / "site" / "reports" / "2026-27-q2" / "report.pdf").read_bytes()
    assert one.startswith(b"%PDF") and len(one) < 2_000_000


@needs_poppler
@pytest.mark.parametrize("period", BUILT_REPORTS)
def test_the_pdf_has_a_bookmark_per_section_and_exception_its_language_and_no_raster_pictures(built, period):
    import pikepdf

    from build_site.core.catalogue import _
    from build_site.rating.reports import exceptions

    path = built / "site" / "reports" / slug(period) / "report.pdf"
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "en" and pdf.Root.MarkInfo.Marked
        with pdf.open_outline() as outline:
            top = {item.title: [child.title for child in item.children] for item in outline.root}
    rec = record(built, period)
    sections = [p["title"] for p in rec["priorities"]
                if any(i["priority"] == p["id"] and (i["mode"] == "managed" or i["exception_rules"])
                       for i in rec["indicators"])]  # (a section for each priority, with its scorecard)
    contracted = any(p["type"] != "in-house" and any(i.get("provider") == p["id"] for i in rec["indicators"])
                     for p in rec.get("providers", []))  # (1.2: the commissioned services' scorecards)
    assert list(top) == [_("Summary"), *sections, *([_("Commissioned services")] if contracted else []),
                         _("Promises missed"), _("Local gaps"), _("What changed"), _("Appendix: monitored indicators")]
    for p in rec["priorities"]:  # (under each, its exceptions, most serious first)
        assert top.get(p["title"], []) == [i["title"] for i in exceptions(rec) if i["priority"] == p["id"]]
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(listed.strip().splitlines()) == 2, listed  # (the header only: every chart is drawn, not a picture)


@needs_poppler
def test_a_frozen_report_lists_its_local_gaps_on_its_page_and_in_its_pdf(built):
    from build_site.core.catalogue import _

    rec = record(built, "2026/27 Q2")
    gapped = [i for i in rec["indicators"] if i["local_gaps"]]
    assert gapped and all(i["mode"] == "managed" for i in gapped)  # (the generator made some)
    page = page_text(built, "reports/2026-27-q2")
    section = page.split(_("Local gaps"), 1)[1].split(_("What changed"), 1)[0]
    pdf = squash(pdf_text(built / "site" / "reports" / "2026-27-q2" / "report.pdf"))
    in_pdf = pdf.split(squash(_("Local gaps")))[-1].split(squash(_("What changed")))[0]  # (the section, not the contents)
    names = {a["code"]: a["name"] for a in rec["areas"]}
    for item in gapped:
        words = lambda t: " ".join(t.split())  # noqa: E731 (as page_text reads them)
        assert words(item["title"]) in section and words(names[item["local_gaps"][0]]) in section
        assert squash(item["title"]) in in_pdf


def test_a_reports_pdf_is_laid_out_again_only_when_what_it_is_made_from_changes(built, tmp_path):
    from build_site.outputs.pages import env_for
    from build_site.outputs.report_pdf import cached_pdf
    from build_site.site.families.reports import print_doc

    rec = record(built, "2026/27 Q2")
    env = env_for(rec["reporting"]["financial_year_start_month"])
    made: list[int] = []

    def make():
        made.append(1)
        return print_doc(env, rec, None, None)

    first = cached_pdf({"record": rec}, make, tmp_path)
    assert cached_pdf({"record": rec}, make, tmp_path) == first and len(made) == 1  # (not drawn again)
    assert cached_pdf({"record": rec, "revised": {"x": 1.0}}, make, tmp_path) == first and len(made) == 2
