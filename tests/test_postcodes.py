"""The postcode finder (contract 1.2, #31): the postcodes resource, its checks, the import from
an NSPL extract, and a resident finding their ward in headless Chromium."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner

from build_site.build import check
from build_site.cli import cli
from build_site.inputs.load import RawTable
from build_site.inputs.postcodes import SHAPE, normal, problems, shards

from .conftest import BUILD_AS_OF, append_row, read_rows


def test_a_postcode_is_compared_in_its_normal_form():
    assert normal("sw1a1aa") == "SW1A 1AA" == normal(" SW1A  1AA ") == normal("Sw1A 1aA")
    assert all(SHAPE.match(normal(p)) for p in ("M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB"))
    assert not any(SHAPE.match(normal(p)) for p in ("12345", "SW1A", "SW1A 1A", "1AA 1AA", "SW1A 1AAA", ""))


def test_a_postcode_not_in_the_uk_shape_or_given_twice_is_refused_with_its_row():
    table = RawTable("postcodes", "data/postcodes.csv", ("postcode", "area"),
                     (("SD1 1AB", "E1"), ("not one", "E1"), ("sd11ab", "E2"), ("", "E1")))
    found = problems(table)
    assert [(p.row, p.field, p.code) for p in found] == [(3, "postcode", "postcode"),
                                                         (4, "postcode", "duplicate-postcode")]
    assert "first in row 2" in found[1].message and "SW1A 1AA" in found[0].fix


def test_the_lookup_is_split_by_outward_code():
    assert shards({"SD1 1AB": "E1", "SD1 2DE": "E2", "SD10 1AB": "E3"}) == \
        {"SD1": {"1AB": "E1", "2DE": "E2"}, "SD10": {"1AB": "E3"}}


def test_a_postcode_of_no_area_stops_the_build_naming_its_row(sample):
    row = append_row(sample, "postcodes", ["SD99 9ZZ", "E00000000"])
    pkg, report = check(sample, date.fromisoformat(BUILD_AS_OF))
    assert pkg is None
    assert any(p.file == "data/postcodes.csv" and p.row == row and p.field == "area" for p in report.problems)


def test_the_sample_publishes_its_lookup_and_the_finder(sample):
    result = CliRunner().invoke(cli, ["build", str(sample), "--as-of", BUILD_AS_OF])
    assert result.exit_code == 0, result.output
    rows = read_rows(sample, "postcodes")[1:]
    for postcode, area in rows:
        outward, inward = normal(postcode).split(" ")
        assert json.loads((sample / "site" / "postcodes" / f"{outward}.json").read_text())[inward] == area
    home = (sample / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="bs-postcode"' in home and "static/postcode.js" in home
    assert 'class="bs-postcode"' in (sample / "site" / "areas" / "index.html").read_text(encoding="utf-8")


def test_postcodes_import_cuts_the_councils_rows_from_an_nspl_extract(sample, tmp_path):
    areas = [r[0] for r in read_rows(sample, "areas")[1:]]
    extract = tmp_path / "Downloads" / "NSPL_NOV_2026_UK.csv"
    extract.parent.mkdir()
    lines = ["pcd,pcd2,pcds,dointr,doterm,osward,laua"]
    for k, code in enumerate(areas):
        lines.append(f"ZZ{k} 1AA,ZZ{k}  1AA,ZZ{k} 1AA,202001,,{code},E07000001")
        lines.append(f"ZZ{k} 2AA,ZZ{k}  2AA,ZZ{k} 2AA,202001,202305,{code},E07000001")  # terminated
    lines.append("XX1 1AA,XX1  1AA,XX1 1AA,202001,,E05999999,E07000002")  # another council's
    extract.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (sample / "data" / "postcodes.csv").unlink()
    descriptor = json.loads((sample / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "postcodes"]
    (sample / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")

    result = CliRunner().invoke(cli, ["postcodes", "import", str(extract), str(sample)])
    assert result.exit_code == 0, result.output
    assert f"Kept {len(areas)} postcodes of {2 * len(areas) + 1} rows read" in result.output
    assert read_rows(sample, "postcodes") == [["postcode", "area"]] + sorted(
        [f"ZZ{k} 1AA", code] for k, code in enumerate(areas))
    assert any(r["name"] == "postcodes" for r in json.loads((sample / "datapackage.json").read_text())["resources"])
    assert check(sample, date.fromisoformat(BUILD_AS_OF))[0] is not None  # (valid as written)


def test_postcodes_import_says_which_column_it_lacks(sample, tmp_path):
    extract = tmp_path / "x.csv"
    extract.write_text("postcode_text,ward_code\nSD1 1AB,E05099901\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["postcodes", "import", str(extract), str(sample)])
    assert result.exit_code == 1 and "--postcode-column" in result.output and "Traceback" not in result.output
    again = CliRunner().invoke(cli, ["postcodes", "import", str(extract), str(sample), "--postcode-column",
                                     "postcode_text", "--area-column", "ward_code"])
    assert again.exit_code == 0, again.output
    assert read_rows(sample, "postcodes")[1:] == [["SD1 1AB", "E05099901"]]


# --------------------------------------------------------------------------- a resident, on a phone

@pytest.mark.browser
def test_a_resident_types_a_postcode_and_reaches_their_ward(built, browser, server):
    postcode, area = read_rows(built, "postcodes")[5]
    host = urlparse(server).netloc
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server, wait_until="networkidle")
    box = page.get_by_label("Your postcode")
    assert box.is_visible()
    box.fill(postcode.lower().replace(" ", ""))
    box.press("Enter")
    page.wait_for_url(f"**/areas/{area}/")
    # an unknown postcode (the right shape, in no area of the council) says so
    page.goto(server, wait_until="networkidle")
    page.get_by_label("Your postcode").fill("GC1 9ZZ")
    page.get_by_role("button", name="Find").click()
    said = page.locator(".bs-postcode-said")
    said.wait_for(state="visible")
    assert "GC1 9ZZ is not a postcode in this council's area" in said.inner_text()
    page.get_by_label("Your postcode").fill("hello")
    page.get_by_role("button", name="Find").click()
    page.wait_for_function("document.querySelector('.bs-postcode-said').textContent.includes('is not a postcode:')")
    context.close()
    assert all(urlparse(u).netloc == host for u in requests), sorted(set(requests))

    # without JavaScript, the list of areas is one tap away
    plain = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = plain.new_page()
    page.goto(server)
    page.get_by_role("link", name="Choose your area from the list").click()
    page.wait_for_url("**/areas/")
    assert page.locator(f'a[href="{area}/"], a[href$="areas/{area}/"]').count() >= 1
    page.goto(server)
    page.get_by_label("Your postcode").fill(postcode)
    page.get_by_role("button", name="Find").click()
    page.wait_for_url("**/areas/?postcode=*")
    plain.close()


def test_the_same_postcode_written_twice_is_said_once():
    table = RawTable("postcodes", "data/postcodes.csv", ("postcode", "area"),
                     (("SD1 1AB", "E1"), ("SD1 1AB", "E1"), ("sd1 1ab", "E1")))
    assert [(p.row, p.code) for p in problems(table)] == [(4, "duplicate-postcode")]  # (row 3: the primary key's)
