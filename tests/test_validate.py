"""Every kind of bad input is reported with its file, row (header = row 1) and field."""

from __future__ import annotations

import json

import pytest

from build_site.build import check

from .conftest import get_cell, read_rows, set_cell, write_rows

M = "data/measurements.csv"


def problems(repo):
    pkg, report = check(repo)
    assert (pkg is None) == (not report.ok)
    return report.problems


def find(repo, file, row, field):
    found = [p for p in problems(repo) if p.file == file and p.row == row and p.field == field]
    assert found, f"no problem at {file}:{row}:{field}; got {[str(p) for p in problems(repo)]}"
    return found[0]


def test_the_sample_is_valid(sample):
    assert problems(sample) == ()


def test_a_value_that_is_not_a_plain_number(sample):
    set_cell(sample, "measurements", 7, "value", "45%")
    p = find(sample, M, 7, "value")
    assert str(p) == 'data/measurements.csv:7: value: "45%" is not a number — write plain numbers such as 45 ' \
                     '(no %, £ or thousands commas)'


@pytest.mark.parametrize("bad", ["£1,200", "1,200", "n/a", "45.2.1"])
def test_numbers_with_symbols_or_commas(sample, bad):
    set_cell(sample, "measurements", 3, "value", bad)
    assert "is not a number" in find(sample, M, 3, "value").message


@pytest.mark.parametrize("bad", ["2024-13", "Q1 2024", "2024 Q2", "24/25", "May 2024"])
def test_a_period_in_no_allowed_form(sample, bad):
    set_cell(sample, "measurements", 4, "period", bad)
    p = find(sample, M, 4, "period")
    assert f'"{bad}" is not a period' in p.message and "2024/25 Q1" in p.fix


def test_a_financial_year_whose_years_do_not_follow(sample):
    set_cell(sample, "targets", 2, "period", "2021/23")
    assert "is not a financial year" in find(sample, "data/targets.csv", 2, "period").message


def test_a_period_that_does_not_match_the_frequency(sample):
    set_cell(sample, "measurements", 2, "period", "2021-04")  # household-recycling is quarterly
    p = find(sample, M, 2, "period")
    assert "quarterly" in p.message and "calendar quarter" in p.fix


def test_one_kind_of_quarter_per_indicator(sample):
    set_cell(sample, "measurements", 5, "period", "2022-Q1")
    p = find(sample, M, 5, "period")
    assert "mixes" in p.message and p.code == "mixed-periods"


def test_a_blank_value_needs_a_note(sample):
    set_cell(sample, "measurements", 6, "value", "")
    assert find(sample, M, 6, "value").code == "blank-value"
    set_cell(sample, "measurements", 6, "note", "suppressed: fewer than 5 cases")
    assert problems(sample) == ()


def test_a_target_period_must_contain_the_periods_it_serves(sample):
    rows = read_rows(sample, "targets")
    rows.append(["household-recycling", "2024-05", "50"])  # a month cannot serve a quarterly indicator
    rows.append(["affordable-homes", "2024", "150"])  # a calendar year cannot serve financial years
    write_rows(sample, "targets", rows)
    assert find(sample, "data/targets.csv", len(rows) - 1, "period").code == "target-period"
    assert find(sample, "data/targets.csv", len(rows), "period").code == "target-period"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "example.org", "data:text/html,x"])
def test_provider_urls_are_http_or_https_only(sample, url):
    set_cell(sample, "providers", 3, "url", url)
    p = find(sample, "data/providers.csv", 3, "url")
    assert "https://" in p.fix


def test_duplicate_keys(sample):
    rows = read_rows(sample, "measurements")
    rows.append(rows[1])
    write_rows(sample, "measurements", rows)
    p = find(sample, M, len(rows), "indicator, period, area")
    assert p.code == "duplicate-key" and "row" in p.message


def test_duplicate_ids(sample):
    rows = read_rows(sample, "priorities")
    rows.append(rows[1])
    write_rows(sample, "priorities", rows)
    found = [p for p in problems(sample) if p.file == "data/priorities.csv" and p.row == len(rows)]
    assert found


def test_an_empty_file(sample):
    (sample / "data" / "commentary.csv").write_bytes(b"")
    p = find(sample, "data/commentary.csv", None, None)
    assert p.message == "the file is empty" and "indicator,period,commentary" in p.fix


def test_a_missing_file(sample):
    (sample / "data" / "areas.csv").unlink()
    p = find(sample, "data/areas.csv", None, None)
    assert p.message == "the file is missing" and "remove the resource" in p.fix


def test_a_required_file_missing(sample):
    (sample / "data" / "indicators.csv").unlink()
    p = find(sample, "data/indicators.csv", None, None)
    assert "remove the resource" not in p.fix


def test_a_file_that_is_not_utf8(sample):
    path = sample / "data" / "priorities.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[3] = text[3] + " £5"
    path.write_bytes("\n".join(text).encode("cp1252"))
    p = find(sample, "data/priorities.csv", 4, None)
    assert "UTF-8" in p.message and "CSV UTF-8" in p.fix


def test_a_missing_column(sample):
    rows = [r[:-1] for r in read_rows(sample, "measurements")]  # drop 'note'
    write_rows(sample, "measurements", rows)
    p = find(sample, M, 1, "note")
    assert p.message == 'column "note" is missing'


def test_an_unknown_column(sample):
    rows = read_rows(sample, "areas")
    rows[0].append("population")
    for r in rows[1:]:
        r.append("1000")
    write_rows(sample, "areas", rows)
    assert find(sample, "data/areas.csv", 1, "population").code == "extra-column"


def test_excel_csv_utf8_with_bom_and_crlf_is_valid(sample):
    for name in ("measurements", "indicators", "areas"):
        path = sample / "data" / f"{name}.csv"
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert problems(sample) == ()


def test_a_broken_datapackage_json(sample):
    path = sample / "datapackage.json"
    path.write_text(path.read_text().replace('"resources": [', '"resources": [,', 1))
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if '"resources": [,' in text)
    p = find(sample, "datapackage.json", line, None)
    assert "not valid JSON" in p.message


def test_bad_reporting_parameters(sample):
    path = sample / "datapackage.json"
    d = json.loads(path.read_text())
    d["reporting"] = {"worsening_run": 0, "financial_year_start_month": 13, "tolerance": 5}
    path.write_text(json.dumps(d))
    fields = {p.field for p in problems(sample)}
    assert {"reporting.worsening_run", "reporting.financial_year_start_month", "reporting.tolerance"} <= fields


def test_an_unknown_indicator(sample):
    set_cell(sample, "measurements", 9, "indicator", "household-recyclin")
    p = find(sample, M, 9, "indicator")
    assert '"household-recyclin" is not a known indicator' in p.message and "data/indicators.csv" in p.fix


def test_an_unknown_area(sample):
    assert get_cell(sample, "measurements", 24, "area") == "E05099901"
    set_cell(sample, "measurements", 24, "area", "E05099999")
    p = find(sample, M, 24, "area")
    assert "is not a known area" in p.message and "data/areas.csv" in p.fix


def test_an_unknown_priority_and_provider(sample):
    set_cell(sample, "indicators", 2, "priority", "nowhere")
    set_cell(sample, "indicators", 3, "provider", "nobody")
    assert find(sample, "data/indicators.csv", 2, "priority")
    assert find(sample, "data/indicators.csv", 3, "provider")


@pytest.mark.parametrize("field,value", [("mode", "active"), ("polarity", "up"), ("unit", "percentage"),
                                         ("frequency", "weekly"), ("risk", "severe"), ("approach", "decline")])
def test_enums(sample, field, value):
    set_cell(sample, "indicators", 4, field, value)
    assert "use one of" in find(sample, "data/indicators.csv", 4, field).fix


@pytest.mark.parametrize("field,value,code", [("decimals", "5", "range"), ("decimals", "1.5", "type"),
                                              ("tolerance", "-1", "range"), ("id", "Bad Id", "pattern"),
                                              ("title", "", "required")])
def test_indicator_constraints(sample, field, value, code):
    set_cell(sample, "indicators", 5, field, value)
    assert find(sample, "data/indicators.csv", 5, field).code == code


def test_two_errors_in_two_files_are_both_reported(sample):
    set_cell(sample, "measurements", 7, "value", "45%")
    set_cell(sample, "targets", 3, "target", "fifty")
    files = {(p.file, p.row, p.field) for p in problems(sample)}
    assert (M, 7, "value") in files and ("data/targets.csv", 3, "target") in files


def test_an_optional_resource_can_be_left_out(sample):
    path = sample / "datapackage.json"
    d = json.loads(path.read_text())
    d["resources"] = [r for r in d["resources"] if r["name"] not in ("benchmarks", "commentary", "targets")]
    path.write_text(json.dumps(d))
    assert problems(sample) == ()


def test_areas_left_out_makes_area_values_an_error(sample):
    path = sample / "datapackage.json"
    d = json.loads(path.read_text())
    d["resources"] = [r for r in d["resources"] if r["name"] != "areas"]
    path.write_text(json.dumps(d))
    p = find(sample, M, 24, "area")
    assert "no areas" in p.message


def test_a_required_resource_not_listed(sample):
    path = sample / "datapackage.json"
    d = json.loads(path.read_text())
    d["resources"] = [r for r in d["resources"] if r["name"] != "priorities"]
    path.write_text(json.dumps(d))
    assert any('"priorities" is not listed' in p.message for p in problems(sample))


def test_every_problem_is_listed_not_just_the_first(sample):
    for row in range(2, 12):
        set_cell(sample, "measurements", row, "value", "x")
    assert len([p for p in problems(sample) if p.field == "value"]) == 10


@pytest.mark.parametrize("code", ["E05 0001", "north/south", "../x", "a?b"])
def test_area_codes_must_work_in_a_web_address(sample, code):
    set_cell(sample, "areas", 3, "code", code)
    p = find(sample, "data/areas.csv", 3, "code")
    assert p.code == "area-code" and "E05000001" in p.fix


@pytest.mark.parametrize("mangle", [
    lambda d: d["resources"].__setitem__(0, "priorities"),
    lambda d: d["resources"][1].__setitem__("schema", "see the contract"),
    lambda d: d["resources"][2]["schema"].__setitem__("fields", [{"type": "string"}]),
    lambda d: d["resources"][2].pop("path"),
    lambda d: d["resources"][2]["schema"]["fields"][3].__setitem__("type", "money"),
    lambda d: d["resources"][2]["schema"].__setitem__("primaryKey", ["nope"]),
    lambda d: d.__setitem__("reporting", [1, 2]),
])
def test_a_mangled_descriptor_is_reported_not_a_traceback(sample, mangle):
    from click.testing import CliRunner

    from build_site.cli import cli

    path = sample / "datapackage.json"
    d = json.loads(path.read_text())
    mangle(d)
    path.write_text(json.dumps(d))
    result = CliRunner().invoke(cli, ["validate", str(sample)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "datapackage.json" in result.output and "Traceback" not in result.output
