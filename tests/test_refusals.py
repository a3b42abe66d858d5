"""Contract 1.1, "What bad input gets": each refused input is an error naming its file, row
and field with a fix; each legitimate one (blank rows a spreadsheet leaves) is read."""

from __future__ import annotations

import csv
import json
import os
from datetime import date

import pytest

from build_site.build import check
from build_site.core.model import Indicator
from build_site.rating import fmt

from .conftest import append_row, get_cell, read_rows, set_cell, write_rows

M, IND, C, A = "data/measurements.csv", "data/indicators.csv", "data/commentary.csv", "data/areas.csv"
AS_OF = date(2026, 11, 25)


def problems(repo, as_of=AS_OF):
    pkg, report = check(repo, as_of)
    assert (pkg is None) == (not report.ok)
    return report.problems


def only(repo, file, row, field, as_of=AS_OF):
    found = [p for p in problems(repo, as_of) if (p.file, p.row, p.field) == (file, row, field)]
    assert len(found) == 1, [str(p) for p in problems(repo, as_of)]
    return found[0]


# --------------------------------------------------------------------------- formulas

@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3",
                                  "\tleading tab", "\rcarriage", "-"])
@pytest.mark.parametrize("table,field", [("indicators", "title"), ("measurements", "note"),
                                         ("commentary", "commentary"), ("priorities", "summary"),
                                         ("areas", "name"), ("providers", "name")])
def test_a_text_cell_a_spreadsheet_would_run_is_refused(sample, text, table, field):
    rows = read_rows(sample, table)
    rows[2][rows[0].index(field)] = text
    with open(sample / "data" / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)  # (as a spreadsheet quotes a carriage return)
    p = only(sample, f"data/{table}.csv", 3, field)
    assert p.code == "formula" and "formula" in p.message and "start the text with a word" in p.fix


@pytest.mark.parametrize("text", ["- a dash then a space", "Plain words = fine", "a+b", "e-mail @council", "−5 (a true minus)"])
def test_text_that_only_contains_those_characters_is_fine(sample, text):
    set_cell(sample, "measurements", 3, "note", text)
    assert problems(sample) == ()


# --------------------------------------------------------------------------- numbers

@pytest.mark.parametrize("cell,words", [("NaN", "not a finite number"), ("inf", "not a finite number"),
                                        ("-INF", "not a finite number"), ("1e309", "too large"),
                                        ("1e27", "too large"), ("1000000000000000", "too large"),
                                        ("-1e15", "too large")])
@pytest.mark.parametrize("table,field,row", [("measurements", "value", 5), ("targets", "target", 3),
                                             ("indicators", "tolerance", 4), ("benchmarks", "value", 2)])
def test_numbers_that_are_not_finite_or_too_large(sample, cell, words, table, field, row):
    set_cell(sample, table, row, field, cell)
    assert words in only(sample, f"data/{table}.csv", row, field).message


def test_the_largest_number_allowed(sample):
    set_cell(sample, "measurements", 5, "value", "999999999999999")
    assert problems(sample) == ()


def test_a_huge_whole_number_where_an_integer_goes(sample):
    set_cell(sample, "priorities", 2, "order", "9" * 30)
    assert "too large" in only(sample, "data/priorities.csv", 2, "order").message


# --------------------------------------------------------------------------- periods

@pytest.mark.parametrize("period", ["0000-05", "9999", "1899/00 Q1", "2101-Q1"])
def test_years_outside_1900_to_2100(sample, period):
    set_cell(sample, "targets", 2, "period", period)
    p = only(sample, "data/targets.csv", 2, "period")
    assert "1900 to 2100" in p.message and "year" in p.fix


def test_the_edge_years_are_periods(sample):
    rows = read_rows(sample, "targets")
    ind = rows[1][0]
    rows += [[ind, "1900/01", "1"], [ind, "2100/01", "1"]]  # (financial years: the indicator's kind)
    write_rows(sample, "targets", rows)
    assert not [p for p in problems(sample) if "1900 to 2100" in p.message]


def test_a_measurement_for_a_period_after_as_of_is_refused(sample):
    ind = get_cell(sample, "measurements", 2, "indicator")  # household-recycling: financial quarters
    row = append_row(sample, "measurements", [ind, "2062/63 Q1", "", "50", ""])
    p = only(sample, M, row, "period")
    assert "after 2026-11-25" in p.message and "check the year" in p.fix and p.code == "future-period"


def test_the_period_after_as_of_is_judged_by_its_start(sample):
    ind = get_cell(sample, "measurements", 2, "indicator")
    row = append_row(sample, "measurements", [ind, "2026/27 Q4", "", "50", ""])  # January to March 2027
    assert only(sample, M, row, "period", as_of=date(2026, 12, 31)).code == "future-period"
    assert not [p for p in problems(sample, as_of=date(2027, 1, 1)) if p.row == row]


def test_validate_takes_as_of_too(sample):
    from click.testing import CliRunner

    from build_site.cli import cli

    ind = get_cell(sample, "measurements", 2, "indicator")
    append_row(sample, "measurements", [ind, "2030/31 Q1", "", "50", ""])
    assert CliRunner().invoke(cli, ["validate", str(sample), "--as-of", "2026-11-25"]).exit_code == 1
    assert CliRunner().invoke(cli, ["validate", str(sample), "--as-of", "2030-04-01"]).exit_code == 0
    out = CliRunner().invoke(cli, ["validate", str(sample), "--as-of", "0001-01-01"])
    assert out.exit_code == 2 and "1900" in out.output


def test_a_recovery_period_before_its_own_row(sample):
    rows = read_rows(sample, "commentary")
    header = rows[0]
    k = next(i for i, r in enumerate(rows[1:], start=2) if r[header.index("period")].count("/") == 1)
    period = rows[k - 1][header.index("period")]
    year = int(period[:4])
    set_cell(sample, "commentary", k, "recovery_period", f"{year - 3}/{(year - 2) % 100:02d}")
    p = only(sample, C, k, "recovery_period")
    assert p.code == "recovery-period" and period in p.message
    set_cell(sample, "commentary", k, "recovery_period", period)  # the same period: allowed
    assert problems(sample) == ()


# --------------------------------------------------------------------------- areas and units

def test_area_codes_that_differ_only_in_case(sample):
    code = get_cell(sample, "areas", 2, "code")
    row = append_row(sample, "areas", [code.lower(), "Another ward", "ward"])
    p = only(sample, A, row, "code")
    assert p.code == "area-code-case" and "row 2" in p.message


@pytest.mark.parametrize("label,ok", [("millions", True), ("thousands", True), ("billions", True), ("", True),
                                      ("£m", False), ("Millions", False), ("per 1,000", False)])
def test_unit_label_for_pounds_is_a_scale(sample, label, ok):
    rows = read_rows(sample, "indicators")
    row = next(i for i, r in enumerate(rows[1:], start=2) if r[rows[0].index("unit")] == "gbp")
    set_cell(sample, "indicators", row, "unit_label", label)
    found = [p for p in problems(sample) if p.field == "unit_label"]
    assert (found == []) == ok
    if not ok:
        assert found[0].row == row and "thousands, millions or billions" in found[0].fix


@pytest.mark.parametrize("unit", ["percent", "days", "weeks"])
def test_unit_label_must_be_blank_for_units_that_say_it_all(sample, unit):
    rows = read_rows(sample, "indicators")
    row = next(i for i, r in enumerate(rows[1:], start=2) if r[rows[0].index("unit")] == unit)
    set_cell(sample, "indicators", row, "unit_label", "per household")
    assert only(sample, IND, row, "unit_label").code == "unit-label"


@pytest.mark.parametrize("label,value,shown", [("thousands", 400, "£400k"), ("millions", 0.4, "£0.4m"),
                                               ("billions", 1.2, "£1.2bn"), ("", 1200, "£1,200"),
                                               ("millions", -0.4, "−£0.4m")])
def test_amounts_in_pounds_are_shown_in_their_scale(label, value, shown):
    ind = Indicator("x", "X", "p", "monitored", "maintain", "lower", "gbp", 1 if value % 1 else 0, "annual",
                    "low", unit_label=label)
    assert fmt.value(value, ind) == shown


def test_a_chart_of_pounds_in_millions_says_so_on_its_axis():
    from build_site.outputs.charts import tick_label

    assert tick_label(0.4, "gbp", 1, "m") == "£0.4m"
    assert tick_label(-2, "gbp", 0, "bn") == "−£2bn"


# --------------------------------------------------------------------------- files a spreadsheet writes

def test_blank_rows_anywhere_are_ignored_and_rows_keep_their_numbers(sample):
    rows = read_rows(sample, "measurements")
    write_rows(sample, "measurements", rows[:3] + [[""] * 5, []] + rows[3:] + [[""] * 5] * 3)
    assert problems(sample) == ()
    set_cell(sample, "measurements", 7, "value", "45%")  # the sixth row of data, after two blank rows
    assert only(sample, M, 7, "value").message == '"45%" is not a number'
    assert get_cell(sample, "measurements", 7, "value") == "45%"


@pytest.mark.parametrize("sep,word", [(";", "semicolons"), ("\t", "tabs")])
def test_a_file_saved_with_another_separator_says_so_once(sample, sep, word):
    rows = read_rows(sample, "measurements")
    text = "\n".join(sep.join(r) for r in rows) + "\n"
    (sample / M).write_text(text, encoding="utf-8")
    found = [p for p in problems(sample) if p.file == M]
    assert len(found) == 1, [str(p) for p in found]
    assert word in found[0].message and "CSV UTF-8 (Comma delimited)" in found[0].fix


# --------------------------------------------------------------------------- paths

def _point(repo, name, path):
    desc = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    for r in desc["resources"]:
        if r["name"] == name:
            r["path"] = path
    (repo / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")


@pytest.mark.parametrize("path", ["/etc/hostname", "../../x/areas.csv", "data/../../areas.csv",
                                  "https://example.org/areas.csv", "file:///etc/passwd", "C:\\data\\areas.csv",
                                  "\\\\server\\share\\areas.csv", "../../../../etc/hostname"])
def test_a_resource_path_that_leaves_the_repository_is_refused_unread(sample, path):
    _point(sample, "areas", path)
    found = [p for p in problems(sample) if p.code == "unsafe-path"]
    assert len(found) == 1 and found[0].field == "resources.areas.path" and "inside the repository" in found[0].fix


def test_a_symbolic_link_out_of_the_repository_is_refused_and_never_quoted(sample, tmp_path):
    outside = tmp_path / "outside.csv"
    outside.write_text("root:x:0:0:SECRET-LINE\n", encoding="utf-8")
    (sample / A).unlink()
    os.symlink(outside, sample / A)
    found = problems(sample)
    assert [p.code for p in found] == ["unsafe-path"]
    assert "SECRET" not in " ".join(str(p) for p in found)


def test_a_symbolic_link_to_a_valid_csv_outside_is_not_published(sample, tmp_path):
    outside = tmp_path / "areas.csv"
    outside.write_bytes((sample / A).read_bytes())
    (sample / A).unlink()
    os.symlink(outside, sample / A)
    assert [p.code for p in problems(sample)] == ["unsafe-path"]


def test_a_symbolic_link_inside_the_repository_is_fine(sample):
    (sample / "data" / "real-areas.csv").write_bytes((sample / A).read_bytes())
    (sample / A).unlink()
    os.symlink("real-areas.csv", sample / A)
    assert problems(sample) == ()


def test_a_descriptor_linked_from_outside_is_refused(sample, tmp_path):
    outside = tmp_path / "datapackage.json"
    outside.write_bytes((sample / "datapackage.json").read_bytes())
    (sample / "datapackage.json").unlink()
    os.symlink(outside, sample / "datapackage.json")
    assert [p.code for p in problems(sample)] == ["unsafe-path"]


def test_a_resource_that_is_a_folder(sample):
    (sample / A).unlink()
    (sample / A).mkdir()
    found = [p for p in problems(sample) if p.file == A]
    assert len(found) == 1 and "folder" in found[0].message


@pytest.mark.parametrize("edit", [
    lambda f, s: f.update(type=None), lambda f, s: f.update(type="date"),
    lambda f, s: f.setdefault("constraints", {}).update(minimum="x"),
    lambda f, s: f.setdefault("constraints", {}).update(pattern="(["),
    lambda f, s: f.setdefault("constraints", {}).update(maxLength=True),
    lambda f, s: f.update(constraints=[1]),
    lambda f, s: s.update(primaryKey=5), lambda f, s: s.update(foreignKeys=["x"]),
    lambda f, s: s.update(missingValues="NA"),
], ids=["type null", "type date", "minimum text", "bad pattern", "maxLength bool", "constraints list",
        "primaryKey number", "foreignKeys text", "missingValues text"])
def test_a_schema_of_the_wrong_shape_is_a_problem_not_a_crash(sample, edit):
    desc = json.loads((sample / "datapackage.json").read_text(encoding="utf-8"))
    schema = next(r for r in desc["resources"] if r["name"] == "indicators")["schema"]
    edit(next(f for f in schema["fields"] if f["name"] == "decimals"), schema)
    (sample / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    found = problems(sample)
    assert found and all(p.file == "datapackage.json" or p.code for p in found)
    assert any(p.file == "datapackage.json" and "indicators" in (p.field or "") for p in found)
