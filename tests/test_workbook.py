"""Spreadsheets in and out (#16): the data-entry workbook, its import by sheet and cell, what
Excel does to cells, the officer's path through the workflow, and the XLSX downloads."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from build_site.build import build
from build_site.cli import cli
from build_site.officer.workbook import export, import_workbook
from tests.conftest import write_council
from tools.synth import generated_council

AS_OF = date(2026, 11, 25)


def _data(repo: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((repo / "data").glob("*.csv"))}


def _rows(repo: Path, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((repo / "data" / f"{name}.csv").read_text(encoding="utf-8-sig"))))


def _exported(repo: Path) -> Path:
    path = repo / "workbooks" / "performance.xlsx"
    path.parent.mkdir(exist_ok=True)
    export(repo, path, AS_OF)
    return path


def _column(ws, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


# --------------------------------------------------------------------------- round trips

@pytest.mark.parametrize("council", ["sample", "hostile"])
def test_export_then_import_with_no_edits_leaves_data_byte_identical(tmp_path, council, hostile_tables):
    repo = write_council(tmp_path / council, None if council == "sample" else hostile_tables)
    before = _data(repo)
    path = _exported(repo)
    result = import_workbook(repo, path, AS_OF)
    assert result.ok, result.problems[:5]
    assert result.changes == () and result.written == ()
    assert _data(repo) == before


def test_the_entry_workbook_guides_the_officer(sample):
    path = _exported(sample)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "How to fill this in"
    assert {"priorities", "indicators", "measurements", "targets", "commentary"} <= set(book.sheetnames)
    ws = book["measurements"]
    assert ws.freeze_panes == "A2"
    assert ws.cell(1, _column(ws, "indicator")).comment is not None  # the schema's description, on hover
    lists = {str(v.sqref): v.formula1 for v in ws.data_validations.dataValidation}
    assert any("Lists!" in (f or "") for f in lists.values())  # indicator ids and periods from the Lists sheet
    frequency = book["indicators"].data_validations.dataValidation
    assert any('"monthly,quarterly,annual"' == v.formula1 for v in frequency)
    value = ws.cell(2, _column(ws, "value"))
    assert value.data_type == "n" and value.number_format != "General"  # a figure, in its unit
    assert book.vba_archive is None and not any(s.protection.sheet for s in book.worksheets)


def test_an_officers_edits_are_imported_exactly_and_the_site_shows_them(sample):
    path = _exported(sample)
    book = openpyxl.load_workbook(path)
    ws = book["measurements"]
    header = [c.value for c in ws[1]]
    monthly = next(r for r in _rows(sample, "indicators")[1:] if r[9] == "monthly" and r[6] == "percent")
    ind = monthly[0]
    rows = [r for r in ws.iter_rows(min_row=2) if r[0].value == ind and r[header.index("area")].value is None]
    latest = max(rows, key=lambda r: r[1].value)
    revised_period = latest[1].value
    latest[header.index("value")].value = 12.5  # a revised figure
    ws.append([ind, "2026-10", None, 77.7, None])  # the new month's figure
    book["commentary"].append([ind, "2026-10", "Up after the new rota.", "Keep the rota", "Head of service", None])
    book.save(path)
    before = {name: _rows(sample, name) for name in ("measurements", "commentary", "targets")}
    result = import_workbook(sample, path, AS_OF)
    assert result.ok, result.problems
    kinds = sorted((c.resource, c.kind, c.key) for c in result.changes)
    assert kinds == [("commentary", "added", (ind, "2026-10")), ("measurements", "added", (ind, "2026-10", "")),
                     ("measurements", "revised", (ind, revised_period, ""))]
    after = _rows(sample, "measurements")
    assert after[-1] == [ind, "2026-10", "", "77.7", ""]
    changed = [(a, b) for a, b in zip(before["measurements"], after) if a != b]
    assert changed == [([ind, revised_period, "", changed[0][0][3], changed[0][0][4]],
                        [ind, revised_period, "", "12.5", changed[0][0][4]])]
    assert len(after) == len(before["measurements"]) + 1
    assert _rows(sample, "targets") == before["targets"]
    assert build(sample, AS_OF).report.ok
    page = (sample / "docs" / "indicators" / ind / "index.md").read_text(encoding="utf-8")
    assert "77.7%" in page and "Up after the new rota." in page


# --------------------------------------------------------------------------- problems by sheet and cell

def test_errors_in_three_sheets_name_their_cells_and_nothing_is_written(sample):
    path = _exported(sample)
    book = openpyxl.load_workbook(path)
    m, t, c = book["measurements"], book["targets"], book["commentary"]
    m.cell(7, _column(m, "value")).value = "45%"
    t.cell(3, _column(t, "target")).value = "=B3*100"
    c.cell(2, _column(c, "period")).value = "2026-13"
    book.save(path)
    before = _data(sample)
    result = CliRunner().invoke(cli, ["workbook", "import", str(path), str(sample), "--as-of", "2026-11-25"])
    assert result.exit_code == 1
    out = result.output
    assert 'measurements!D7: "45%" is not a number — write plain numbers' in out
    assert "targets!C3: the cell holds a formula (=B3*100) — type the value itself" in out
    assert "commentary!B2:" in out and "2026-13" in out
    assert "Nothing was imported" in out and "Traceback" not in out
    assert _data(sample) == before


@pytest.mark.parametrize("damage, expect", [
    (lambda ws, col: ws.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1), "are merged"),
    (lambda ws, col: setattr(ws.cell(3, col("note")), "value", datetime(2024, 5, 17)), "into the date 2024-05-17"),
    (lambda ws, col: setattr(ws.cell(3, col("value")), "value", "#DIV/0!") or
     setattr(ws.cell(3, col("value")), "data_type", "e"), "Excel error"),
    (lambda ws, col: setattr(ws.cell(3, 9), "value", "stray"), "outside the table's columns"),
])
def test_what_excel_did_to_a_cell_is_refused_with_how_to_fix_it(sample, damage, expect):
    path = _exported(sample)
    book = openpyxl.load_workbook(path)
    ws = book["measurements"]
    damage(ws, lambda name: _column(ws, name))
    book.save(path)
    before = _data(sample)
    result = import_workbook(sample, path, AS_OF)
    assert not result.ok and any(expect in p for p in result.problems), result.problems
    assert all(p.startswith("measurements") for p in result.problems if expect in p)
    assert _data(sample) == before


def test_what_excel_did_to_a_cell_is_read_as_meant(sample):
    """A month Excel made a date, a year made a number, 45% stored as 0.45, a number stored as
    text: each read as the officer meant it; a hidden sheet is read, an extra one left out."""
    path = _exported(sample)
    book = openpyxl.load_workbook(path)
    ws = book["measurements"]
    monthly = next(r for r in _rows(sample, "indicators")[1:] if r[9] == "monthly" and r[6] == "percent")
    ws.append([monthly[0], datetime(2026, 10, 1), None, 0.455, None])
    ws.cell(ws.max_row, 4).number_format = "0.0%"
    book["targets"].append([monthly[0], "2027/28", "60"])  # a number stored as text
    book.create_sheet("My workings").append(["scratch", 1])
    book["benchmarks"].sheet_state = "hidden"
    book.save(path)
    result = import_workbook(sample, path, AS_OF)
    assert result.ok, result.problems
    assert _rows(sample, "measurements")[-1] == [monthly[0], "2026-10", "", "45.5", ""]
    assert _rows(sample, "targets")[-1] == [monthly[0], "2027/28", "60"]
    assert any("My workings" in n for n in result.notes) and any("benchmarks" in n for n in result.notes)


def test_a_year_excel_made_a_number_is_read_as_its_text(tmp_path):
    repo = write_council(tmp_path / "c", generated_council(12, seed=515))
    path = _exported(repo)
    book = openpyxl.load_workbook(path)
    ws = book["measurements"]
    annual = next((r for r in _rows(repo, "indicators")[1:] if r[9] == "annual"), None)
    years = [r for r in ws.iter_rows(min_row=2) if annual and r[0].value == annual[0]
             and str(r[1].value).isdigit()]
    if not years:
        pytest.skip("this council reports annual figures by financial year only")
    cell = years[-1][1]
    cell.value = int(cell.value)
    book.save(path)
    before = _data(repo)
    assert import_workbook(repo, path, AS_OF).changes == ()
    assert _data(repo) == before


def test_a_file_that_is_no_workbook_is_refused_plainly(sample):
    path = sample / "workbooks" / "broken.xlsx"
    path.parent.mkdir()
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    result = CliRunner().invoke(cli, ["workbook", "import", str(path), str(sample)])
    assert result.exit_code == 1 and "cannot be" in result.output and "Traceback" not in result.output


def test_the_officers_own_folder_outside_the_repository_is_theirs_to_name(sample, tmp_path):
    """#26: a file named on the command line (the Desktop, Downloads) is read and written there."""
    desktop = tmp_path / "Desktop"
    desktop.mkdir()
    out = CliRunner().invoke(cli, ["workbook", "export", str(desktop / "figures.xlsx"), str(sample)])
    assert out.exit_code == 0, out.output
    back = CliRunner().invoke(cli, ["workbook", "import", str(desktop / "figures.xlsx"), str(sample), "--dry-run"])
    assert back.exit_code == 0 and "Nothing changed" in back.output, back.output


# --------------------------------------------------------------------------- the officer's path

def test_the_workflows_workbook_check_writes_cells_into_the_job_summary(sample, tmp_path):
    path = _exported(sample)
    book = openpyxl.load_workbook(path)
    m = book["measurements"]
    m.cell(7, _column(m, "value")).value = "45%"
    book.save(path)
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = CliRunner(env=env).invoke(cli, ["workbook", "import", str(path), str(sample), "--dry-run"])
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert "| measurements!D7 |" in text and "is not a number" in text
    # and a good one: what it changes, row by row
    m.cell(7, _column(m, "value")).value = 12.25
    book.save(path)
    summary.unlink()
    result = CliRunner(env=env).invoke(cli, ["workbook", "import", str(path), str(sample), "--dry-run"])
    assert result.exit_code == 0, result.output
    text = summary.read_text(encoding="utf-8")
    assert "| measurements | revised |" in text and "→ 12.25" in text
    assert "(A dry run: nothing was written.)" in result.output


def test_the_site_workflow_checks_and_imports_uploaded_workbooks():
    import yaml

    from tests.conftest import ROOT

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    check = next(s for s in wf["jobs"]["build"]["steps"] if "workbook" in s.get("name", "").lower())
    assert "build-site workbook import" in check["run"] and "--dry-run" in check["run"]
    assert check["if"] == "github.event_name == 'pull_request'"
    imported = wf["jobs"]["import"]["steps"][-1]["run"]
    assert "build-site workbook import" in imported and "git push" in imported and "--dry-run" not in imported
    assert wf["jobs"]["build"]["needs"] == "import"


# --------------------------------------------------------------------------- downloads

def _all_cells(path: Path):
    book = openpyxl.load_workbook(path)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def test_the_package_workbook_holds_every_table_as_its_csv_and_never_a_formula(tmp_path, hostile_tables):
    repo = write_council(tmp_path / "c", hostile_tables)
    assert build(repo, AS_OF).report.ok
    path = repo / "site" / "data" / "datapackage.xlsx"
    kinds = {(title, cell.data_type) for title, cell in _all_cells(path)}
    assert all(kind in ("s", "n") for _t, kind in kinds), kinds  # strings and numbers: never "f"
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "README"
    readme = " ".join(str(c.value) for row in book["README"].iter_rows() for c in row if c.value)
    assert "Open Government Licence" in readme and "Spreadsheet row number" not in readme
    for name in ("measurements", "indicators", "commentary"):
        csv_rows = [r for r in _rows(repo, name)[1:] if any(c.strip() for c in r)]
        sheet = [[("" if c.value is None else c.value) for c in r] for r in book[name].iter_rows(min_row=2)]
        numeric = {"value", "target", "tolerance", "decimals", "order"}
        header = _rows(repo, name)[0]
        for want, got in zip(csv_rows, sheet):
            for h, a, b in zip(header, want, got + [""] * (len(header) - len(got))):
                assert (float(a) == b) if h in numeric and a else a == b, (name, h, a, b)
        assert len(csv_rows) == len(sheet)


def test_each_indicator_has_a_workbook_beside_its_csv(sample):
    assert build(sample, AS_OF).report.ok
    ind = "missed-bins"
    folder = sample / "site" / "indicators" / ind
    book = openpyxl.load_workbook(folder / f"{ind}.xlsx")
    rows = list(csv.reader(io.StringIO((folder / f"{ind}.csv").read_text(encoding="utf-8-sig"))))
    sheet = [[("" if c.value is None else c.value) for c in r] for r in book.worksheets[0].iter_rows()]
    assert sheet[0] == rows[0] and len(sheet) == len(rows)
    assert all(float(a[3]) == b[3] for a, b in zip(rows[1:], sheet[1:]) if a[3])
    page = (sample / "docs" / "indicators" / ind / "index.md").read_text(encoding="utf-8")
    assert f'href="{ind}.xlsx" download' in page


def test_workbooks_are_the_same_bytes_for_the_same_data(tmp_path):
    digests = []
    for k in range(2):
        repo = write_council(tmp_path / f"c{k}")
        assert build(repo, AS_OF).report.ok
        entry = repo / "workbooks" / "entry.xlsx"
        entry.parent.mkdir()
        export(repo, entry, AS_OF)
        files = [repo / "site" / "data" / "datapackage.xlsx", repo / "site" / "indicators" / "missed-bins" /
                 "missed-bins.xlsx", entry]
        digests.append([hashlib.sha256(f.read_bytes()).hexdigest() for f in files])
    assert digests[0] == digests[1]


def test_a_rebuild_after_one_changed_value_rewrites_only_that_indicators_workbook(sample):
    assert build(sample, AS_OF).report.ok
    books = {p: p.stat().st_mtime_ns for p in (sample / "docs" / "indicators").glob("*/*.xlsx")}
    rows = _rows(sample, "measurements")
    target = next(i for i, r in enumerate(rows) if i and r[3])
    rows[target][3] = str(float(rows[target][3]) + 1)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (sample / "data" / "measurements.csv").write_text(buf.getvalue(), encoding="utf-8")
    assert build(sample, AS_OF).report.ok
    changed = {p.parent.name for p, t in books.items() if p.stat().st_mtime_ns != t}
    assert changed == {rows[target][0]}


def test_a_dry_run_lists_each_change_by_cell_with_old_and_new_and_writes_nothing(sample):
    """#30: an officer's edit (a new month, a revised figure, a removed row) shown cell by cell."""
    path = _exported(sample)
    book = openpyxl.load_workbook(path)
    m = book["measurements"]
    value, period, indicator = _column(m, "value"), _column(m, "period"), _column(m, "indicator")
    old = str(m.cell(7, value).value)
    m.cell(7, value).value = 12.25  # a revised figure
    revised_key = (m.cell(7, indicator).value, m.cell(7, period).value)
    removed_key = (m.cell(9, indicator).value, m.cell(9, period).value)
    m.delete_rows(9)  # a removed row
    rows = [(r[indicator - 1].value, str(r[period - 1].value)) for r in m.iter_rows(min_row=2)]
    monthly = sorted({i for i, p in rows if re.fullmatch(r"\d{4}-\d{2}", p)} - {i for i, p in rows if p == "2026-10"})
    last = m.max_row + 1
    m.cell(last, indicator).value = monthly[0]  # a new month
    m.cell(last, period).value = "2026-10"
    m.cell(last, value).value = 50
    book.save(path)
    before = _data(sample)
    result = CliRunner().invoke(cli, ["workbook", "import", str(path), str(sample), "--dry-run", "--as-of",
                                      "2026-11-25"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "measurements:"
    letter = openpyxl.utils.get_column_letter(value)
    revised = next(line for line in lines if line.strip().startswith(f"measurements!{letter}7:"))
    assert f"{old} → 12.25" in revised and ", ".join(revised_key) in revised
    added = next(line for line in lines if "row added" in line)
    assert f"measurements row {last}" in added and f"{monthly[0]}, 2026-10" in added
    assert any("row removed" in line and ", ".join(removed_key) in line for line in lines)
    counts = lines.index(next(line for line in lines if line.startswith("measurements: ")))
    assert counts > lines.index(revised) and "1 row added, 1 revised, 1 removed" in lines[counts]
    assert "(A dry run: nothing was written.)" in result.output
    assert _data(sample) == before
