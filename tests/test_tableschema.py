"""Our Table Schema checks and frictionless's find the same problems in the same rows.

datapackage.json is the machine-readable contract, so `frictionless validate
datapackage.json` on its own must catch every type, constraint and key error;
build-site checks the same schemas itself, vectorised, and must agree."""

from __future__ import annotations

import pytest

from build_site.inputs.load import load_raw
from build_site.inputs.validate import schema_problems, validate

from .conftest import append_row, read_rows, set_cell, write_rows

BREAKS = [
    ("number with %", lambda r: set_cell(r, "measurements", 7, "value", "45%")),
    ("number with commas", lambda r: set_cell(r, "measurements", 8, "value", "1,200")),
    ("words for a target", lambda r: set_cell(r, "targets", 3, "target", "fifty")),
    ("blank target", lambda r: set_cell(r, "targets", 4, "target", "")),
    ("decimals too big", lambda r: set_cell(r, "indicators", 5, "decimals", "7")),
    ("decimals not whole", lambda r: set_cell(r, "indicators", 5, "decimals", "1.5")),
    ("negative tolerance", lambda r: set_cell(r, "indicators", 6, "tolerance", "-2")),
    ("enum", lambda r: set_cell(r, "indicators", 7, "risk", "severe")),
    ("slug pattern", lambda r: set_cell(r, "priorities", 3, "id", "Homes For All")),
    ("slug too long", lambda r: set_cell(r, "providers", 2, "id", "a" * 65)),
    ("url scheme", lambda r: set_cell(r, "providers", 3, "url", "javascript:alert(1)")),
    ("required title", lambda r: set_cell(r, "indicators", 8, "title", "")),
    ("duplicate id", lambda r: append_row(r, "areas", ["E05099901", "Abbey again", "ward"])),
    ("duplicate key", lambda r: append_row(r, "measurements", ["household-recycling", "2021/22 Q1", "", "1", ""])),
    ("duplicate key with area", lambda r: append_row(r, "measurements",
                                                  ["household-recycling", "2024/25 Q3", "E05099901", "1", ""])),
    ("unknown indicator", lambda r: set_cell(r, "measurements", 9, "indicator", "not-an-indicator")),
    ("unknown area", lambda r: set_cell(r, "measurements", 24, "area", "E05099999")),
    ("unknown priority", lambda r: set_cell(r, "indicators", 2, "priority", "nowhere")),
    ("unknown provider", lambda r: set_cell(r, "indicators", 3, "provider", "nobody")),
    ("extra cell", lambda r: append_row(r, "priorities", ["extra", "Extra", "", "", "9", "surplus"])),
    ("missing cell", lambda r: append_row(r, "priorities", ["short", "Short"])),
]


def frictionless_errors(repo) -> set[tuple[str, int, str]]:
    from frictionless import Package

    package = Package(str(repo / "datapackage.json"))
    paths = {r.name: r.path for r in package.resources}
    report = package.validate(limit_errors=10**6)
    assert report.errors == []
    return {(paths[task.name], getattr(err, "row_number", None), err.type) for task in report.tasks
            for err in task.errors}


def frictionless_rows(repo) -> set[tuple[str, int]]:
    from frictionless import Package

    package = Package(str(repo / "datapackage.json"))
    paths = {r.name: r.path for r in package.resources}
    report = package.validate(limit_errors=10**6)
    assert report.errors == []
    found = set()
    for task in report.tasks:
        for err in task.errors:
            found.add((paths[task.name], getattr(err, "row_number", None)))
    return found


@pytest.mark.parametrize("name,breaks", BREAKS, ids=[b[0] for b in BREAKS])
def test_both_find_the_same_rows(sample, name, breaks):
    breaks(sample)
    theirs = frictionless_rows(sample)
    ours = {(p.file, p.row) for p in schema_problems(load_raw(sample))}
    assert theirs, "frictionless on its own must catch it"
    assert ours == theirs
    every = {(p.file, p.row) for p in validate(load_raw(sample)).problems}
    assert theirs <= every


def test_frictionless_finds_nothing_in_the_sample(sample):
    assert frictionless_rows(sample) == set()
    assert schema_problems(load_raw(sample)) == []


def test_period_forms_are_in_the_schema_too(sample):
    set_cell(sample, "measurements", 4, "period", "May 2024")
    assert ("data/measurements.csv", 4) in frictionless_rows(sample)
    assert any(p.row == 4 and p.field == "period" for p in validate(load_raw(sample)).problems)


def test_rows_with_every_cell_empty_are_the_one_deliberate_difference(sample):
    """Contract 1.1: rows whose every field is empty (as spreadsheets leave them) are ignored.
    frictionless calls them blank-row errors (and, two blank rows, a repeated key): those rows
    are all it may find, and we find nothing."""
    rows = read_rows(sample, "areas")
    write_rows(sample, "areas", rows[:4] + [["", "", ""]] + rows[4:] + [["", "", ""], ["", "", ""]])
    theirs = frictionless_errors(sample)
    assert {(f, r) for f, r, _t in theirs} == {("data/areas.csv", 5), ("data/areas.csv", len(rows) + 2),
                                                ("data/areas.csv", len(rows) + 3)}
    assert {t for _f, _r, t in theirs} <= {"blank-row", "primary-key"}
    assert validate(load_raw(sample)).problems == ()
