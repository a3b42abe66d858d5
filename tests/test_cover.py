"""A frozen report's cover file (contract 1.2): the front sheet of its committee paper."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from build_site.inputs import cover
from build_site.outputs.report_doc import front_sheet

from .conftest import BUILD_AS_OF
from .test_reports import needs_poppler, run

GOOD = """---
committee: "Overview and Scrutiny Committee"
meeting_date: 2027-01-21
author: "Jo Bloggs, Head of Performance"
lead_member: ""
key_decision: true
exempt: false
---
## Purpose

To report the council's performance
for the quarter.

## Recommendations

- That the committee notes the report.
- That the committee asks for a report
  on the missed promises.
1. A numbered item.
"""


def read_text(tmp_path: Path, text: str | bytes) -> tuple[dict | None, list]:
    path = tmp_path / "x.cover.md"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return cover.read(path, "reports/x.cover.md")


def test_a_cover_file_is_read_as_its_details_and_plain_blocks(tmp_path):
    found, problems = read_text(tmp_path, GOOD)
    assert problems == []
    assert found == {
        "committee": "Overview and Scrutiny Committee", "meeting_date": "2027-01-21",
        "author": "Jo Bloggs, Head of Performance", "key_decision": True, "exempt": False,
        "body": [{"heading": "Purpose"}, {"p": "To report the council's performance for the quarter."},
                 {"heading": "Recommendations"},
                 {"list": ["That the committee notes the report.",
                           "That the committee asks for a report on the missed promises.", "A numbered item."]}]}


def test_a_blank_detail_is_left_out_of_the_front_sheet_never_none(tmp_path):
    found, _ = read_text(tmp_path, GOOD)
    record = {"council": "Testshire", "as_of": "2026-12-01", "period": "2026/27 Q2",
              "reporting": {"financial_year_start_month": 4}}
    facts = dict(front_sheet(record, "2026/27 Q2", found, "en")["facts"])
    assert facts["Committee"] == "Overview and Scrutiny Committee" and facts["Date of meeting"] == "21 January 2027"
    assert "Lead member" not in facts and facts["Key decision"] == "Yes"
    bare = dict(front_sheet(record, "2026/27 Q2", None, "en")["facts"])
    assert set(bare) == {"Local authority", "Report", "Figures as at"}
    assert "None" not in repr(bare)


@pytest.mark.parametrize("text, line, field, words", [
    (GOOD.replace("committee:", "comittee:"), None, "comittee", "not a field"),
    (GOOD.replace("2027-01-21", "21/01/2027"), None, "meeting_date", "not a date"),
    (GOOD.replace("key_decision: true", 'key_decision: "maybe"'), None, "key_decision", "neither true nor false"),
    (GOOD.replace("for the quarter.", "for the <script>alert(1)</script> quarter."), 12, "body", "HTML"),
    (GOOD.replace("- That the committee notes", "=HYPERLINK(\"x\") notes"), 16, "body", "formula"),
    (GOOD.replace('"Jo Bloggs, Head of Performance"', '"=1+1"'), None, "author", "formula"),
    (GOOD.replace("To report", "To\x07report"), 11, "body", "control character"),
    (GOOD.replace("---\n## Purpose", "## Purpose", 1), 1, None, "---"),
    (GOOD.replace('committee: "Overview and Scrutiny Committee"', 'committee: "Overview and'), None, None,
     "cannot be read"),
])
def test_a_wrong_cover_file_is_a_problem_with_its_line_and_field(tmp_path, text, line, field, words):
    found, problems = read_text(tmp_path, text)
    assert found is None and problems, text
    p = problems[0]
    assert p.file == "reports/x.cover.md" and p.field == field and words in p.message + p.fix
    if line is not None:
        assert p.row == line


def test_a_cover_file_that_is_not_utf8_or_too_long_is_refused(tmp_path):
    assert "UTF-8" in read_text(tmp_path, GOOD.encode("utf-16"))[1][0].message
    assert "a front sheet is a page" in read_text(tmp_path, GOOD + "x" * 70_000)[1][0].message


def test_a_bad_cover_file_stops_the_build_and_keeps_the_last_site(sample):
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    before = (sample / "site" / "index.html").read_bytes()
    path = sample / "reports" / "2026-27-q2.cover.md"
    path.write_text(path.read_text(encoding="utf-8").replace("meeting_date: 2026-12-10", "meeting_date: soon"),
                    encoding="utf-8")
    result = run("build", sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 1
    assert "reports/2026-27-q2.cover.md" in result.output and "meeting_date" in result.output
    assert "Traceback" not in result.output
    assert (sample / "site" / "index.html").read_bytes() == before


def test_freezing_offers_a_cover_file_and_never_overwrites_one(sample):
    path = sample / "reports" / "2026-27-q2.cover.md"
    mine = path.read_bytes()
    result = run("report", "freeze", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF, "--replace")
    assert result.exit_code == 0 and "2026-27-q2.cover.md" in result.output
    assert path.read_bytes() == mine
    path.unlink()
    assert run("report", "freeze", "2026/27 Q2", sample, "--as-of", BUILD_AS_OF, "--replace").exit_code == 0
    offered, problems = cover.read(path, "x")
    assert problems == [] and offered is not None
    assert "committee" not in offered and offered["key_decision"] is False  # (blanks left out)
    assert any("That the committee notes" in i for b in offered["body"] if "list" in b for i in b["list"])


@needs_poppler
def test_the_pdfs_first_page_is_the_front_sheet(sample):
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    pdf = sample / "site" / "reports" / "2026-27-q2" / "report.pdf"
    first = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    found, _ = cover.read(sample / "reports" / "2026-27-q2.cover.md", "x")
    assert found is not None
    assert found["committee"] in first and "10 December 2026" in first
    recommendations = next(b["list"] for b in found["body"] if "list" in b)
    assert all(" ".join(r.split()[:6]) in " ".join(first.split()) for r in recommendations)
    assert "Contents" not in first  # (the front sheet has its page)
