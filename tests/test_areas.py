"""Down to the local area (#15): the boundaries resource as the contract says, maps from a
real council's ward boundaries, local gaps against an independent reading of the contract,
each area's figures as CSV, and tables whose rating and direction are on screen."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from markupsafe import escape

from build_site.cli import cli
from build_site.inputs.boundaries import read
from tools.synth import generated_council

from . import oracle
from .conftest import BUILD_AS_OF, _Quiet, read_rows, write_council
from .test_browser import AXE, WCAG, page_types

FIXTURE = Path(__file__).parent / "fixtures" / "burnley-wards-2013.geojson"
MAP_LIMIT = 60 * 1024


def index_map(html: str) -> tuple[str, str]:
    """(the areas' index map, the rest of the page)."""
    start = html.index('<svg class="bs-map')
    end = html.index("</svg>", start) + 6
    return html[start:end], html[:start] + html[end:]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


# --------------------------------------------------------------------------- local gaps

def test_local_gaps_agree_with_an_independent_reading_of_the_contract(built, council_seed):
    got = {i["id"]: i for i in json.loads((built / "site" / "api" / "indicators.json").read_text())["indicators"]}
    want = oracle.expected(built, date.fromisoformat(BUILD_AS_OF))
    for ind_id, exp in want.items():
        assert got[ind_id]["local_gaps"] == exp["local_gaps"], (council_seed, ind_id)
    # the generator made both cases: a managed indicator on or near target with gaps, and one without
    rated = [i for i in got.values() if i["mode"] == "managed" and i["latest"]
             and i["latest"]["status"] in ("on-target", "near-target")]
    assert any(i["local_gaps"] for i in rated) and any(not i["local_gaps"] for i in rated), council_seed


def test_a_local_gap_is_marked_on_the_exception_report_and_its_pages(built):
    api = json.loads((built / "site" / "api" / "indicators.json").read_text())["indicators"]
    names = dict((r[0], r[1]) for r in read_rows(built, "areas")[1:])
    gapped = [i for i in api if i["local_gaps"]]
    report = (built / "site" / "exceptions" / "index.html").read_text(encoding="utf-8")
    section = report[report.index('id="local-gaps"'):]
    for item in gapped:
        assert f'indicators/{item["id"]}/#areas' in section
        page = (built / "site" / "indicators" / item["id"] / "index.html").read_text(encoding="utf-8")
        assert page.count('class="bs-gap"') == len(item["local_gaps"]) + 1  # the note, and each area's row
        priority = (built / "site" / "priorities" / item["priority"] / "index.html").read_text(encoding="utf-8")
        assert f'indicators/{item["id"]}/#areas' in priority
        area = (built / "site" / "areas" / item["local_gaps"][0] / "index.html").read_text(encoding="utf-8")
        assert 'class="bs-gap"' in area and str(escape(names[item["local_gaps"][0]])) in area


# --------------------------------------------------------------------------- the boundaries resource

def _with_boundaries(repo: Path, data: bytes | str) -> Path:
    (repo / "data" / "boundaries.geojson").write_bytes(data.encode() if isinstance(data, str) else data)
    return repo


def _feature(code, geometry=None):
    return {"type": "Feature", "properties": {"code": code},
            "geometry": geometry or {"type": "Polygon", "coordinates": [[[0, 50], [1, 50], [1, 51], [0, 50]]]}}


@pytest.mark.parametrize("content, where, words", [
    ("not json", None, "not a GeoJSON FeatureCollection"),
    (json.dumps({"type": "Feature"}), None, "not a GeoJSON FeatureCollection"),
    (json.dumps({"type": "FeatureCollection", "features": [_feature("E99999999")]}), "features[0].properties.code",
     "E99999999 is not the code of an area"),
    (json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}}]}),
     "features[0].properties.code", "no area's code"),
    (json.dumps({"type": "FeatureCollection", "features": [_feature("AREA"), _feature("AREA")]}),
     "features[1].properties.code", "has a second shape"),
    (json.dumps({"type": "FeatureCollection", "features": [_feature("AREA", {"type": "Point", "coordinates": [0, 50]})]}),
     "features[0].geometry", "not a Polygon or MultiPolygon"),
    (json.dumps({"type": "FeatureCollection", "features": [_feature("AREA", {"type": "Polygon", "coordinates": [
        [[0, 50], [1, 50], [1, 95], [0, 50]]]})]}), "features[0].geometry", "not a Polygon or MultiPolygon"),
    (json.dumps({"type": "FeatureCollection", "features": [_feature("AREA", {"type": "Polygon", "coordinates": [
        [[0, 50], [1, 50], [0, 50]]]})]}), "features[0].geometry", "not a Polygon or MultiPolygon"),
])
def test_boundaries_that_break_the_contract_are_problems_naming_the_feature(sample, content, where, words):
    code = read_rows(sample, "areas")[1][0]
    shapes, problems = read(_with_boundaries(sample, content.replace("AREA", code)),
                            json.loads((sample / "datapackage.json").read_text()), {code})
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.file == "data/boundaries.geojson" and p.field == where and words in p.message and p.fix


def test_a_tabular_data_package_with_boundaries_is_told_to_become_a_data_package(sample):
    descriptor = json.loads((sample / "datapackage.json").read_text())
    assert descriptor["profile"] == "data-package"
    descriptor["profile"] = "tabular-data-package"
    shapes, problems = read(sample, descriptor, {r[0] for r in read_rows(sample, "areas")[1:]})
    assert [(p.file, p.field) for p in problems] == [("datapackage.json", "profile")]
    assert '"data-package"' in problems[0].fix


def test_frictionless_finds_the_sample_with_its_boundaries_valid(sample):
    from frictionless import Package

    report = Package(str(sample / "datapackage.json")).validate()
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_an_area_with_no_shape_is_allowed_and_simply_not_on_the_maps(sample):
    data = json.loads((sample / "data" / "boundaries.geojson").read_text())
    gone = data["features"].pop(0)["properties"]["code"]
    _with_boundaries(sample, json.dumps(data))
    result = run("build", sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    assert not (sample / "site" / "areas" / gone / "map.svg").exists()
    drawn, rest = index_map((sample / "site" / "areas" / "index.html").read_text(encoding="utf-8"))
    assert f'areas/{gone}/"' in rest and f"areas/{gone}/" not in drawn  # in the list, not on the map
    assert drawn.count("<a href=") == len(data["features"])


def test_bad_boundaries_stop_the_build_and_keep_the_last_site(sample):
    assert run("build", sample, "--as-of", BUILD_AS_OF).exit_code == 0
    before = (sample / "site" / "index.html").read_bytes()
    _with_boundaries(sample, '{"type": "FeatureCollection", "features": [7]}')
    result = run("build", sample, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 1
    assert "data/boundaries.geojson: features[0].properties.code" in result.output
    assert (sample / "site" / "index.html").read_bytes() == before


# --------------------------------------------------------------------------- a real council's wards

@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """A council with Burnley's 15 real ward boundaries (ONS codes and names), built."""
    wards = json.loads(FIXTURE.read_text())["features"]
    tables = generated_council(40, seed=1502, n_areas=len(wards))
    codes = {row[0]: w["properties"]["code"] for row, w in zip(tables["areas"], wards)}
    tables["areas"] = [[w["properties"]["code"], w["properties"]["name"], "ward"] for w in wards]
    tables["measurements"] = [[r[0], r[1], codes.get(r[2], r[2]), *r[3:]] for r in tables["measurements"]]
    tables["postcodes"] = [[p, codes.get(a, a)] for p, a in tables["postcodes"]]
    repo = write_council(tmp_path_factory.mktemp("real") / "council", tables)
    (repo / "data" / "boundaries.geojson").write_bytes(FIXTURE.read_bytes())
    result = run("build", repo, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    return repo


def test_every_area_of_a_real_council_has_a_map_and_is_a_link_on_the_index_map(real):
    site = real / "site"
    codes = [r[0] for r in read_rows(real, "areas")[1:]]
    inline, _rest = index_map((site / "areas" / "index.html").read_text(encoding="utf-8"))
    assert len(inline.encode()) < MAP_LIMIT
    for code in codes:
        assert (site / "areas" / code / "map.svg").stat().st_size < MAP_LIMIT
        assert re.search(rf'<a href="\.\./areas/{code}/" aria-label="[^"]+"><title>', inline), code
    maps = list((site / "indicators").glob("*/map.svg"))
    with_areas = {m[0] for m in read_rows(real, "measurements")[1:] if m[2]}
    assert {m.parent.name for m in maps} == with_areas
    assert all(m.stat().st_size < MAP_LIMIT for m in maps)
    for m in maps:  # each value on the map is the table's value, and nothing reaches outside the file
        svg = m.read_text(encoding="utf-8")
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert "<script" not in svg


@pytest.fixture(scope="module")
def real_server(real):
    handler = functools.partial(_Quiet, directory=str(real / "site"))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_map_pages_have_no_axe_violations_and_make_no_request_elsewhere(browser, real, real_server, width):
    area = read_rows(real, "areas")[1][0]
    mapped = sorted(p.parent.name for p in (real / "site" / "indicators").glob("*/map.svg"))[0]
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    failures = {}
    for path in ("areas/", f"areas/{area}/", f"indicators/{mapped}/"):
        page.goto(real_server + path, wait_until="networkidle")
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        page.wait_for_load_state("networkidle")
        page.evaluate(AXE)
        result = page.evaluate(f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG)}}}}})")
        bad = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
        if bad:
            failures[path] = bad
        shown = page.evaluate("[...document.querySelectorAll('img.bs-map, svg.bs-map')]"
                              ".map(m => m.getBoundingClientRect().width)")
        assert shown and all(w > 0 for w in shown), path
    page.close()
    host = urlparse(real_server).netloc
    assert failures == {}, json.dumps(failures, indent=1)
    assert any(u.endswith("map.svg") for u in requests)
    assert all(urlparse(u).netloc == host or u.startswith("data:") for u in requests), requests


@pytest.mark.browser
def test_the_index_map_takes_a_click_to_the_areas_page(browser, real, real_server):
    code, name = read_rows(real, "areas")[3][:2]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(real_server + "areas/", wait_until="networkidle")
    page.locator(f'svg.bs-map a[aria-label="{name}"] path').click()
    page.wait_for_url(f"**/areas/{code}/")
    assert page.locator("h1").inner_text() == name
    page.close()


# --------------------------------------------------------------------------- each area's figures as CSV

def test_each_area_offers_its_figures_as_csv_with_a_byte_order_mark(built):
    code = read_rows(built, "areas")[1][0]
    data = (built / "site" / "areas" / code / f"{code}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = [line.split(",") for line in data.decode("utf-8-sig").splitlines()[1:]]
    mine = [m for m in read_rows(built, "measurements")[1:] if m[2] == code]
    assert rows and len(rows) == len(mine)
    page = (built / "site" / "areas" / code / "index.html").read_text(encoding="utf-8")
    assert f'href="{code}.csv" download' in page



# --------------------------------------------------------------------------- tables that fit

OFF_SCREEN = """(width) => {
  const out = [];
  for (const wrap of document.querySelectorAll('.bs-table-wrap')) {
    const box = wrap.getBoundingClientRect();
    for (const row of wrap.querySelectorAll('tbody tr')) {
      const marks = row.querySelectorAll(width > 600 ? '.bs-rating, .bs-dir' : '.bs-rating');
      for (const m of marks) {
        const r = m.getBoundingClientRect();
        const right = width > 600 ? box.right : Math.min(box.right, width);
        if (r.left < Math.max(box.left, 0) - 1 || r.right > right + 1)
          out.push([wrap.getAttribute('aria-label'), row.innerText.slice(0, 40), Math.round(r.right)]);
      }
    }
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 1280])
def test_no_table_hides_a_rows_rating_or_direction_off_screen(browser, server, built, width):
    """At 1280 px each row's rating and direction are inside its table's box (no scrolling
    sideways); at 375 px each row's rating is on the screen."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    hidden, seen = {}, 0
    for path in page_types(built):
        page.goto(server + path, wait_until="networkidle")
        seen += page.evaluate("document.querySelectorAll('.bs-table-wrap tbody .bs-rating').length")
        found = page.evaluate(OFF_SCREEN, width)
        if found:
            hidden[path] = found[:3]
    page.close()
    assert seen > 100  # (the pages have tables with ratings: the check looked at them)
    assert hidden == {}, json.dumps(hidden, indent=1)
