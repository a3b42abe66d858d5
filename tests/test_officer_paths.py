"""Nothing an officer does loses data (#26): the workbook, report and feed paths as hard as
the CSV path. Each refusal is checked as a person meets it: the command, its exit code, its
message, and data/, reports/, datapackage.json and .git byte-identical afterwards."""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from build_site.cli import cli
from build_site.core.lock import LOCK
from build_site.inputs.refusals import MOST_CHARACTERS
from tests.conftest import BUILD_AS_OF, read_rows, write_rows
from tests.hostile_workbooks import replace_part, shared_strings_bomb, sheet_one_far_cell, sheet_part, sheet_rows

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def kept(repo: Path) -> dict[str, str]:
    """A digest of every file an officer's command must never change when it refuses."""
    out = {}
    for top in ("data", "reports", ".git"):
        for path in sorted((repo / top).rglob("*")) if (repo / top).exists() else ():
            if path.is_file():
                out[path.relative_to(repo).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    out["datapackage.json"] = hashlib.sha256((repo / "datapackage.json").read_bytes()).hexdigest()
    return out


@pytest.fixture
def repo(sample):
    """The sample council as a git repository, as an officer's clone is."""
    subprocess.run(["git", "init", "-q", str(sample)], check=True)
    subprocess.run(["git", "-C", str(sample), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(sample), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm",
                    "data"], check=True)
    return sample


@pytest.fixture
def exported(repo, tmp_path) -> Path:
    path = tmp_path / "Desktop" / "figures.xlsx"
    path.parent.mkdir()
    result = run("workbook", "export", path, repo, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    return path


def refused(repo: Path, *args, words: str) -> str:
    before = kept(repo)
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert words in result.output and "Traceback" not in result.output and "unexpectedly" not in result.output
    assert kept(repo) == before
    return result.output


# --------------------------------------------------------------------------- export

@pytest.mark.parametrize("target, words", [("datapackage.json", "does not end in .xlsx"),
                                           ("data/measurements.csv", "does not end in .xlsx"),
                                           (".git/HEAD", "does not end in .xlsx"),
                                           (".git/figures.xlsx", "inside a .git folder"),
                                           ("data", "does not end in .xlsx")])
def test_export_never_writes_over_a_file_the_package_or_git_uses(repo, target, words):
    refused(repo, "workbook", "export", repo / target, repo, words=words)
    refused(repo, "workbook", "export", repo / target, repo, "--force", words=words)


def test_export_replaces_only_its_own_unsaved_workbook_unless_forced(repo, exported):
    assert run("workbook", "export", exported, repo).exit_code == 0  # (its own, as written: replaced)
    book = openpyxl.load_workbook(exported)
    book["measurements"]["E2"] = "an officer's note"
    book.save(exported)  # (saved since: it may hold work)
    edited = exported.read_bytes()
    refused(repo, "workbook", "export", exported, repo, words="--force")
    assert exported.read_bytes() == edited
    other = exported.with_name("budget.xlsx")
    other.write_bytes(b"someone else's workbook")
    refused(repo, "workbook", "export", other, repo, words="not a workbook build-site wrote")
    assert other.read_bytes() == b"someone else's workbook"
    assert run("workbook", "export", exported, repo, "--force").exit_code == 0
    assert exported.read_bytes() != edited


def test_export_into_a_folder_that_does_not_exist_outside_the_repository_says_so(repo, tmp_path):
    refused(repo, "workbook", "export", tmp_path / "no-such-folder" / "figures.xlsx", repo, words="does not exist")


# --------------------------------------------------------------------------- text a workbook cannot hold

@pytest.mark.parametrize("text, words", [("a" * (MOST_CHARACTERS + 1), "at most 32767"),
                                         ("bell\x07 rings", "U+0007"), ("escape \x1b[31m", "U+001B"),
                                         ("delete\x7f", "U+007F"), ("c1 \x85 next line", "U+0085"),
                                         ("windows\r\nline", "carriage return")])
def test_text_a_workbook_cannot_hold_is_refused_at_validate(repo, text, words):
    rows = read_rows(repo, "indicators")
    rows[3][rows[0].index("definition")] = text
    write_rows(repo, "indicators", rows)
    out = refused(repo, "validate", repo, "--as-of", BUILD_AS_OF, words=words)
    assert "data/indicators.csv:4: definition" in out


def test_tabs_line_feeds_and_the_longest_cell_are_accepted(repo):
    rows = read_rows(repo, "indicators")
    rows[3][rows[0].index("definition")] = "tab\there\nand a new line"
    rows[4][rows[0].index("definition")] = "b" * MOST_CHARACTERS
    write_rows(repo, "indicators", rows)
    result = run("validate", repo, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output


def test_the_workbook_path_refuses_the_same_text_by_cell(repo, exported):
    book = openpyxl.load_workbook(exported)
    ws = book["indicators"]
    column = [c.value for c in ws[1]].index("definition")
    ws.cell(3, column + 1).value = "a" * 70 + "\x7f"  # (a cell Excel holds, but no text of the data)
    ws.cell(4, column + 1).value = "b" * 70 + "\x85"
    book.save(exported)
    out = refused(repo, "workbook", "import", exported, repo, words="U+007F")
    assert "U+0085" in out
    assert f"indicators!{openpyxl.utils.get_column_letter(column + 1)}3" in out


def test_a_control_character_in_the_package_title_is_refused(repo):
    descriptor = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] += "\x0b"
    (repo / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    refused(repo, "validate", repo, words="datapackage.json: title")


# --------------------------------------------------------------------------- import

def test_an_unedited_round_trip_through_libreoffice_changes_nothing(repo, exported, tmp_path):
    """LibreOffice rewrites the literal-percent format 0.0"%" as 0.0\\%: still no scaling."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice is missing: .ci/run installs Debian's libreoffice-calc-nogui")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    out = tmp_path / "libreoffice"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(exported)], check=True, capture_output=True,
                   timeout=300)
    saved = out / "figures.xlsx"
    formats = {c.number_format for row in openpyxl.load_workbook(saved, read_only=True)["measurements"].iter_rows(
        min_row=2, max_row=200) for c in row if isinstance(c.value, float)}
    assert any("\\%" in f for f in formats), formats  # (what made the import scale every percentage by 100)
    before = kept(repo)
    result = run("workbook", "import", saved, repo, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0 and "Nothing changed" in result.output, result.output
    assert kept(repo) == before


_PEAK = """import atexit, os, sys
def peak():  # (the process's own high-water mark, from the kernel: VmHWM starts afresh at exec)
    with open("/proc/self/status") as f:
        kb = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(str(kb))
atexit.register(peak)
from build_site.cli import main
main()
"""


def _measured(args: list[str], tmp_path: Path) -> tuple[int, float, int, str]:
    """(exit code, seconds, peak memory in MB, output) of the command in a process of its own
    (its rusage would count the test process's pages it was forked with, so it says its own)."""
    peak = tmp_path / "peak"
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-c", _PEAK, *args], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "PEAK_FILE": str(peak)})
    seconds = time.monotonic() - started
    return proc.returncode, seconds, int(peak.read_text()) // 1024, proc.stdout + proc.stderr


@pytest.mark.parametrize("name, part, chunks, words", [
    ("sparse", "measurements", sheet_one_far_cell(), "1048576"),
    ("sparse-undeclared", "measurements", sheet_one_far_cell(dimension=False), "1048576"),
    ("million-rows", "measurements", sheet_rows(1_000_000), "A1000000"),
    ("million-rows-undeclared", "measurements", sheet_rows(1_000_000, dimension=False), "A1000000"),
    ("strings-bomb", "xl/sharedStrings.xml", shared_strings_bomb(1024), "unpacks to 1,024 MB"),
])
def test_a_workbook_made_to_exhaust_the_machine_is_refused_in_moments(repo, exported, tmp_path, name, part, chunks,
                                                                      words):
    hostile = replace_part(exported, tmp_path / f"{name}.xlsx",
                           sheet_part(exported, part) if "/" not in part else part, chunks)
    before = kept(repo)
    code, seconds, megabytes, output = _measured(["workbook", "import", str(hostile), str(repo)], tmp_path)
    print(f"{name}: {hostile.stat().st_size // 1024} KB refused in {seconds:.2f} s, peak {megabytes} MB")
    assert code == 1 and words in output and "Traceback" not in output, output
    assert output.count("\n") <= 3  # (one problem, and the line that counts them)
    assert seconds < 5 and megabytes < 300
    assert kept(repo) == before


@pytest.mark.parametrize("content, words", [
    (b"", "this is an empty file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "older Excel file (.xls)"),
    (b"indicator,period,area,value,note\nmissed-bins,2026-09,,3,\n", "a CSV or text file"),
    (b"PK\x03\x04 not really a workbook", "cannot be unpacked"),
])
def test_a_file_that_is_no_workbook_gets_one_message_saying_how_to_save_it(repo, tmp_path, content, words):
    path = tmp_path / "Downloads" / "figures.xlsx"
    path.parent.mkdir()
    path.write_bytes(content)
    out = refused(repo, "workbook", "import", path, repo, words=words)
    assert "Excel Workbook (.xlsx)" in out and "no sheet" not in out and "Error" not in out.split(":")[0]
    assert out.count("\n") == 2


def test_an_opendocument_spreadsheet_is_told_apart(repo, tmp_path):
    import zipfile

    path = tmp_path / "figures.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    refused(repo, "workbook", "import", path, repo, words="OpenDocument spreadsheet (.ods)")


@pytest.mark.parametrize("edit, words", [
    (lambda ws: setattr(ws["D1"], "value", "Value (%)"), 'measurements!D1: column "Value (%)" is not in the data'),
    (lambda ws: setattr(ws["E1"], "value", "value"), 'measurements!E1: column "value" appears twice'),
    (lambda ws: [setattr(c, "value", None) for c in ws[1]], 'measurements row 1: column "indicator" is missing'),
])
def test_a_header_row_renamed_duplicated_or_emptied_gets_the_csv_paths_messages(repo, exported, edit, words):
    book = openpyxl.load_workbook(exported)
    edit(book["measurements"])
    book.save(exported)
    out = refused(repo, "workbook", "import", exported, repo, words=words)
    assert "outside the table's columns" not in out and "tuple" not in out


def test_a_formula_is_named_by_its_text_never_a_python_object(repo, exported):
    from openpyxl.worksheet.formula import ArrayFormula

    book = openpyxl.load_workbook(exported)
    book["measurements"]["D2"] = "=B7*100"
    book["measurements"]["D3"] = ArrayFormula("D3:D3", "=SUM(D4:D5)")
    book.save(exported)
    out = refused(repo, "workbook", "import", exported, repo,
                  words="measurements!D2: the cell holds a formula (=B7*100)")
    assert "measurements!D3: the cell holds a formula (=SUM(D4:D5))" in out and "object at" not in out


# --------------------------------------------------------------------------- frozen reports

@pytest.mark.parametrize("period", ["2099/00 Q1", "2026/27 Q3", "2026/27", "2026"])
def test_a_period_that_has_not_ended_is_not_frozen(repo, period):
    out = refused(repo, "report", "freeze", period, repo, "--as-of", BUILD_AS_OF, words="ends on")
    assert "after 2026-11-25" in out


def test_a_period_is_frozen_on_its_last_day(repo):
    result = run("report", "freeze", "2026/27 Q2", repo, "--as-of", "2026-09-30", "--replace")
    assert result.exit_code == 0, result.output


def _reseal(repo: Path, edit) -> None:
    """Edit the record and give datapackage.json its new SHA-256, as a careless tool would."""
    path = repo / "reports" / "2026-27-q2.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    edit(record)
    data = (json.dumps(record) + "\n").encode()
    path.write_bytes(data)
    descriptor = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    entry = next(e for e in descriptor["reports"] if e["path"] == "reports/2026-27-q2.json")
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    (repo / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def _first_with(record, key="latest"):
    return next(i for i in record["indicators"] if i.get(key))


@pytest.mark.parametrize("edit, field", [
    (lambda r: _first_with(r)["latest"].update(value=1e308), "latest.value"),
    (lambda r: _first_with(r)["latest"].update(value="abc"), "latest.value"),
    (lambda r: _first_with(r)["latest"].update(target=[1, 2]), "latest.target"),
    (lambda r: _first_with(r)["latest"].update(direction="sideways"), "latest.direction"),
    (lambda r: _first_with(r).update(decimals=10**9), "decimals"),
    (lambda r: _first_with(r).update(unit="furlongs"), "unit"),
    (lambda r: _first_with(r).update(exception_rules=["because"]), "exception_rules"),
    (lambda r: _first_with(r, "figures")["figures"][0].__setitem__(1, math.inf), "figures[0]"),
    (lambda r: _first_with(r).update(next_due="soon"), "next_due"),
    (lambda r: r.update(as_of="yesterday"), "as_of"),
    (lambda r: r["reporting"].update(financial_year_start_month=13), "reporting.financial_year_start_month"),
])
def test_a_record_whose_digest_matches_but_whose_fields_are_wrong_is_named(repo, edit, field):
    assert (repo / "reports" / "2026-27-q2.json").is_file()  # (the sample's own)
    assert run("build", repo, "--as-of", BUILD_AS_OF).exit_code == 0
    site = (repo / "site" / "index.html").read_bytes()
    _reseal(repo, edit)
    out = refused(repo, "build", repo, "--as-of", BUILD_AS_OF, words="reports/2026-27-q2.json")
    assert field in out
    assert (repo / "site" / "index.html").read_bytes() == site


# --------------------------------------------------------------------------- the feed

def test_the_feed_is_atom_for_any_accepted_title_with_tag_uris(repo):
    descriptor = json.loads((repo / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = 'Ynys <Môn> & "Sir" Fôn — 𝔘𝔫𝔦 ]]> council'
    (repo / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    assert run("report", "freeze", "2026/27 Q2", repo, "--as-of", BUILD_AS_OF, "--replace").exit_code == 0
    result = run("build", repo, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.fromstring((repo / "site" / "feed.xml").read_bytes())
    assert feed.find(f"{atom}author/{atom}name").text == descriptor["title"]
    ids = [e.text for e in feed.iter(f"{atom}id")]
    assert len(ids) == 3 and len(set(ids)) == 3  # (the feed's, and the sample's two reports')
    from urllib.parse import urlsplit

    for value in ids:
        assert value.startswith("tag:build-site,2026:") and " " not in value and urlsplit(value).scheme == "tag"


# --------------------------------------------------------------------------- boundaries

def _boundaries(repo: Path) -> dict:
    return json.loads((repo / "data" / "boundaries.geojson").read_text(encoding="utf-8"))


def _write(repo: Path, data: dict, prefix: bytes = b"") -> None:
    (repo / "data" / "boundaries.geojson").write_bytes(prefix + json.dumps(data).encode())


def test_boundaries_with_a_byte_order_mark_are_read(repo):
    _write(repo, _boundaries(repo), b"\xef\xbb\xbf")
    result = run("validate", repo, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output


def test_eastings_and_northings_are_told_apart_with_how_to_convert(repo):
    data = _boundaries(repo)
    ring = [[530000 + 100 * k, 180000 + 50 * k] for k in range(3)] + [[530000, 180000]]
    data["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [ring]}
    _write(repo, data)
    out = refused(repo, "validate", repo, words="eastings and northings")
    assert "EPSG:4326" in out and "features[0].geometry" in out


def test_a_ward_drawn_as_the_whole_globe_is_refused(repo):
    data = _boundaries(repo)
    data["features"][2]["geometry"] = {"type": "Polygon", "coordinates": [
        [[-180, -85], [180, -85], [180, 85], [-180, 85], [-180, -85]]]}
    _write(repo, data)
    out = refused(repo, "validate", repo, words="probably wrong")
    assert "features[2].geometry" in out


def _jagged(ring: list, points: int, seed: int) -> list:
    """The ring with ``points`` positions, each pushed off the line at random (a file far more
    detailed than a map needs)."""
    import random

    rng = random.Random(seed)
    out = []
    for (x0, y0), (x1, y1) in zip(ring, ring[1:]):
        for k in range(points // len(ring)):
            t = k / (points // len(ring))
            out.append([x0 + (x1 - x0) * t + rng.uniform(-3e-4, 3e-4), y0 + (y1 - y0) * t + rng.uniform(-3e-4, 3e-4)])
    return out + [out[0]]


def test_every_map_stays_small_however_detailed_the_boundaries(repo):
    data = _boundaries(repo)
    for k, feature in enumerate(data["features"]):
        geometry = feature["geometry"]
        rings = geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
        islands = [[[[x + 0.001 * j, y], [x + 0.001 * j + 1e-4, y], [x + 0.001 * j, y + 1e-4], [x + 0.001 * j, y]]]
                   for j in range(300) for x, y in [rings[0][0]]]
        feature["geometry"] = {"type": "MultiPolygon", "coordinates": [[_jagged(rings[0], 60_000, k)], *islands]}
    _write(repo, data)
    assert (repo / "data" / "boundaries.geojson").stat().st_size > 20 * 2**20
    result = run("build", repo, "--as-of", BUILD_AS_OF)
    assert result.exit_code == 0, result.output
    maps = list((repo / "site").rglob("map.svg"))
    assert maps and max(p.stat().st_size for p in maps) < 60 * 1024, max(p.stat().st_size for p in maps)


# --------------------------------------------------------------------------- one at a time

def _hold_lock(repo: Path):
    import fcntl

    (repo / ".cache").mkdir(exist_ok=True)
    handle = open(repo / ".cache" / LOCK, "a+b")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


@pytest.mark.parametrize("command", [["workbook", "import", "{book}"], ["report", "freeze", "2026/27 Q2", "--replace"]])
def test_import_and_freeze_wait_for_a_build_in_the_same_folder(repo, exported, command):
    handle = _hold_lock(repo)
    args = [a.replace("{book}", str(exported)) for a in command] + [str(repo), "--as-of", BUILD_AS_OF]
    proc = subprocess.Popen([sys.executable, "-c", "from build_site.cli import main; main()", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT, text=True)
    first = proc.stdout.readline()
    assert "Another build is running in this folder" in first
    time.sleep(0.5)
    assert proc.poll() is None  # (still waiting)
    handle.close()  # (the build finished)
    rest = proc.communicate(timeout=120)[0]
    assert proc.returncode == 0, first + rest


def test_the_preview_stops_plainly_when_its_folder_goes(repo):
    from build_site.core.problems import CannotContinue
    from build_site.officer.preview import watch

    stop, found = threading.Event(), []

    def watcher():
        try:
            watch(repo, lambda: None, stop, every=0.05)
        except CannotContinue as err:
            found.append(str(err))

    thread = threading.Thread(target=watcher)
    thread.start()
    time.sleep(0.2)
    shutil.rmtree(repo)
    thread.join(timeout=10)
    stop.set()
    assert found and "no longer there" in found[0] and "build-site serve again" in found[0]
