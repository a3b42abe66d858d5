"""Providers send their own returns (#32): a workbook per provider, filled in as the provider
would (openpyxl), imported only for that provider's indicators, and shown on the site."""

from __future__ import annotations

import shutil

import openpyxl
import pytest
from click.testing import CliRunner

from build_site.cli import cli

from .conftest import BUILD_AS_OF, read_rows

LEISURE, OTHER = "active-leisure-trust", "repairs-days"  # (repairs are Sample Homes')


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _data(repo) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((repo / "data").glob("*"))}


@pytest.fixture
def exported(sample):
    path = sample / "workbooks" / "providers" / LEISURE / "returns.xlsx"
    path.parent.mkdir(parents=True)
    result = run("workbook", "export", path, sample, "--provider", LEISURE, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    return sample, path


def _fill(path, other_row: bool) -> tuple[int, str]:
    """As the provider would: a new quarter, a revised figure, a commentary row (and, with
    ``other_row``, a row for another provider's indicator). Returns (revised row, its period)."""
    book = openpyxl.load_workbook(path)
    sheet = book["measurements"]
    header = [c.value for c in sheet[1]]
    sheet.append(["leisure-memberships", "2026/27 Q1", None, 4480, None])
    revised = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "leisure-visits")
    sheet.cell(revised, header.index("value") + 1).value = 123456
    book["commentary"].append(["leisure-memberships", "2026/27 Q1", "Memberships held up after the price change.",
                               None, None, None])
    if other_row:
        sheet.append([OTHER, "2026-10", None, 9.5, None])
    book.save(path)
    return revised, str(sheet.cell(revised, 2).value)


def test_the_workbook_holds_only_the_providers_indicators_and_a_guide_to_what_is_due(exported):
    sample, path = exported
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["How to fill this in", "measurements", "commentary", "Lists"]
    mine = {r[0] for r in read_rows(sample, "indicators")[1:] if r[13] == LEISURE}
    for name in ("measurements", "commentary"):
        ids = {row[0] for row in book[name].iter_rows(min_row=2, values_only=True) if row[0]}
        assert ids <= mine and (ids or name == "commentary")
    guide = "\n".join(str(r[0]) for r in book["How to fill this in"].iter_rows(values_only=True) if r[0])
    assert "Active Sample Leisure Trust (fictional)" in guide.splitlines()[0]
    assert "leisure-memberships): the figure for 2026/27 Q1, due by 28 September 2026, now overdue." in guide


def test_a_row_of_another_providers_indicator_is_refused_by_cell_and_nothing_is_written(exported):
    sample, path = exported
    _fill(path, other_row=True)
    before = _data(sample)
    result = run("workbook", "import", path, sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 1
    assert f'"{OTHER}" belongs to Sample Homes (fictional housing management company), not Active Sample Leisure ' \
           "Trust (fictional)" in result.output
    last = openpyxl.load_workbook(path)["measurements"].max_row
    assert f"measurements!A{last}:" in result.output and "Traceback" not in result.output
    assert _data(sample) == before


def test_without_it_import_writes_exactly_the_providers_rows_and_the_site_shows_them(exported):
    sample, path = exported
    revised, period = _fill(path, other_row=False)
    before = {name: read_rows(sample, name) for name in ("measurements", "commentary")}
    result = run("workbook", "import", path, sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    after = {name: read_rows(sample, name) for name in ("measurements", "commentary")}
    gone = [r for r in before["measurements"] if r not in after["measurements"]]
    new = [r for r in after["measurements"] if r not in before["measurements"]]
    assert [r[:2] for r in gone] == [["leisure-visits", period]]
    assert sorted(r[:4] for r in new) == sorted([["leisure-memberships", "2026/27 Q1", "", "4480"],
                                                 ["leisure-visits", period, "", "123456"]])
    assert [r for r in after["commentary"] if r not in before["commentary"]][0][:3] == [
        "leisure-memberships", "2026/27 Q1", "Memberships held up after the price change."]
    assert len(after["commentary"]) == len(before["commentary"]) + 1
    shutil.rmtree(path.parent.parent)  # (as the workflow does, once imported)
    built = run("build", sample, "--as-of", BUILD_AS_OF)
    assert built.exit_code == 0, built.output
    page = (sample / "site" / "indicators" / "leisure-memberships" / "index.html").read_text(encoding="utf-8")
    assert "4,480" in page and "Memberships held up after the price change." in page


def test_the_mark_is_checked_not_trusted(exported, tmp_path):
    sample, path = exported
    wrong_folder = sample / "workbooks" / "providers" / "sample-homes" / "returns.xlsx"
    wrong_folder.parent.mkdir(parents=True)
    shutil.copy(path, wrong_folder)
    result = run("workbook", "import", wrong_folder, sample, "--dry-run", "--as-of", BUILD_AS_OF)
    assert result.exit_code == 1 and "it is in sample-homes's folder" in result.output
    council = sample / "workbooks" / "providers" / "sample-homes" / "council.xlsx"
    assert run("workbook", "export", council, sample, "--as-of", BUILD_AS_OF).exit_code == 0
    result = run("workbook", "import", council, sample, "--dry-run", "--as-of", BUILD_AS_OF)
    assert result.exit_code == 1 and "is not a provider's workbook build-site wrote for sample-homes" in result.output
    unknown = run("workbook", "export", tmp_path / "x.xlsx", sample, "--provider", "nobody", "--as-of", BUILD_AS_OF)
    assert unknown.exit_code == 1 and '"nobody" is not a provider' in unknown.output


def test_all_providers_writes_one_workbook_each(sample):
    folder = sample / "workbooks" / "out"
    folder.mkdir(parents=True)
    result = run("workbook", "export", "--all-providers", folder, sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    ids = sorted(r[0] for r in read_rows(sample, "providers")[1:])
    assert sorted(p.stem for p in folder.glob("*.xlsx")) == ids
