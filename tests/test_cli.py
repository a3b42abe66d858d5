"""The command line: exit codes, messages without tracebacks, and the last good site kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_site.cli import cli

from .conftest import append_row, read_rows, set_cell

AS_OF = "2026-11-25"


def run(*args, env=None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def tree_digest(path: Path) -> dict[str, str]:
    return {p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def test_validate_valid(sample):
    result = run("validate", sample)
    assert result.exit_code == 0
    indicators = len(read_rows(sample, "indicators")) - 1
    assert f"The data package is valid: {indicators} indicators" in result.output


def test_validate_invalid_prints_file_row_field_and_fix(sample):
    set_cell(sample, "measurements", 7, "value", "45%")
    result = run("validate", sample)
    assert result.exit_code == 1
    assert 'data/measurements.csv:7: value: "45%" is not a number — write plain numbers such as 45' in result.output
    assert "Traceback" not in result.output
    assert "1 problem in 1 file. Nothing was built" in result.output


def test_validate_json_format(sample):
    set_cell(sample, "measurements", 7, "value", "45%")
    set_cell(sample, "targets", 3, "target", "fifty")
    result = run("validate", sample, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False and data["error_count"] == 2
    assert {(e["file"], e["row"], e["field"]) for e in data["errors"]} == {
        ("data/measurements.csv", 7, "value"), ("data/targets.csv", 3, "target")}
    assert all(e["fix"] for e in data["errors"])


@pytest.mark.parametrize("args", [["build", "--as-of", "2026-13-01"], ["exceptions", "--format", "xml"],
                                  ["nonsense"], ["validate", "--format", "yaml"]])
def test_usage_errors_exit_2(sample, args):
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_as_of_error_says_how_to_write_a_date(sample):
    result = run("build", sample, "--as-of", "25/11/2026")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_not_a_council_folder(tmp_path):
    result = run("validate", tmp_path)
    assert result.exit_code == 1
    assert "there is no datapackage.json" in result.output and "build-site new" in result.output


def test_bad_data_leaves_the_last_good_site_untouched(sample):
    assert run("build", sample, "--as-of", AS_OF).exit_code == 0
    before = tree_digest(sample / "site")
    docs_before = tree_digest(sample / "docs")
    assert "index.html" in before
    set_cell(sample, "measurements", 7, "value", "45%")
    set_cell(sample, "indicators", 3, "risk", "severe")
    result = run("build", sample, "--as-of", "2027-01-01")
    assert result.exit_code == 1
    assert "data/measurements.csv:7: value" in result.output and "data/indicators.csv:3: risk" in result.output
    assert tree_digest(sample / "site") == before
    assert tree_digest(sample / "docs") == docs_before


def test_no_site_is_made_from_bad_data(sample):
    set_cell(sample, "measurements", 7, "value", "45%")
    assert run("build", sample, "--as-of", AS_OF).exit_code == 1
    assert not (sample / "site").exists()
    assert not (sample / "docs" / "index.md").exists()


def test_a_hand_written_page_is_never_overwritten(sample):
    (sample / "docs" / "index.md").write_text("# Our own home page\n")
    result = run("build", sample, "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "docs/about.md" in result.output and "Traceback" not in result.output
    assert (sample / "docs" / "index.md").read_text() == "# Our own home page\n"


def test_new_makes_a_repository_that_validates_and_builds(tmp_path):
    dest = tmp_path / "our-council"
    result = run("new", dest, "--name", "Our Council")
    assert result.exit_code == 0, result.output
    for item in ["datapackage.json", "data/measurements.csv", "mkdocs.yml", "docs/about.md", "README.md",
                 ".gitignore", "overrides/partials/copyright.html"]:
        assert (dest / item).is_file(), item
    assert "Our Council" in (dest / "README.md").read_text()
    ignored = (dest / ".gitignore").read_text().splitlines()
    assert {"site/", ".cache/", "/docs/indicators/", "/docs/index.md"} <= set(ignored)
    assert not (dest / "docs" / "index.md").exists()  # generated pages are not copied
    assert run("validate", dest).exit_code == 0
    assert run("build", dest, "--as-of", AS_OF).exit_code == 0
    assert (dest / "site" / "index.html").is_file()


def test_new_refuses_a_folder_that_is_not_empty(sample):
    result = run("new", sample)
    assert result.exit_code == 2 and "not empty" in result.output


def test_the_scaffold_is_the_repository_root():
    """One source of truth: `new` copies the repository's own sample, byte for byte."""
    from build_site.officer.scaffold import scaffold_files

    root = Path(__file__).resolve().parents[1]
    files = scaffold_files()
    from build_site.officer.scaffold import _without_guide

    for rel in ["datapackage.json", "data/measurements.csv", "docs/about.md", "reports/2026-27-q2.json",
                ".github/workflows/site.yml"]:
        assert files[rel] == (root / rel).read_bytes()
    # (but the link to build-site's guide, which is published beside the sample alone)
    assert files["mkdocs.yml"] == _without_guide((root / "mkdocs.yml").read_bytes()) != (root / "mkdocs.yml").read_bytes()
    named = scaffold_files("X Council")  # the name set, and nothing else changed
    assert named["data/measurements.csv"] == files["data/measurements.csv"]
    ours, theirs = json.loads(files["datapackage.json"]), json.loads(named["datapackage.json"])
    changed = {k for k in ours.keys() | theirs.keys() if ours.get(k) != theirs.get(k)}
    # (the sample's logo is not theirs, nor its title and name in Welsh)
    assert changed == {"name", "title", "description", "contributors", "image", "titles", "reports"}
    assert not [k for k in named if k.startswith("reports/")]  # (the sample's frozen reports are its own)
    assert "image" in ours and "image" not in theirs and "titles" in ours and "titles" not in theirs
    welsh_name = "      site_name: Perfformiad Cyngor Dosbarth Enghreifftiol\n"
    assert welsh_name in files["mkdocs.yml"].decode()
    assert named["mkdocs.yml"].decode().replace('site_name: "X Council performance"', "") == \
        files["mkdocs.yml"].decode().replace("site_name: Sample District Council performance", "").replace(welsh_name, "")


def test_the_committed_sample_is_what_the_generator_writes():
    from build_site.inputs.contract import contract_descriptor
    from tools.synth import package_files, sample_council

    root = Path(__file__).resolve().parents[1]
    files = package_files(sample_council(), contract_descriptor())
    for rel, data in files.items():
        if rel != "datapackage.json":
            assert (root / rel).read_bytes() == data, f"{rel} differs: run `make sample`"


def test_gitignore_keeps_every_generated_page_out_of_git():
    import subprocess

    from build_site.officer.scaffold import GENERATED_DOCS

    root = Path(__file__).resolve().parents[1]
    if not (root / ".git").exists():
        pytest.skip("not a git checkout")

    def ignored(rel: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", "--no-index", rel], cwd=root).returncode == 0

    for name in GENERATED_DOCS:
        assert ignored(f"docs/{name}"), name
        assert ignored(f"docs/{name}/x.md") or "." in name, name
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=root, capture_output=True, text=True).stdout.split()
    assert tracked and not [t for t in tracked if ignored(t)]


def test_github_annotations(sample, tmp_path):
    set_cell(sample, "measurements", 7, "value", "45%")
    summary = tmp_path / "summary.md"
    result = run("validate", sample, env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1
    assert "::error file=data/measurements.csv,line=7,title=value%3A type::" in result.output
    assert "| data/measurements.csv | 7 | value |" in summary.read_text()


def test_help_lists_the_commands():
    result = run("--help")
    for command in ["build", "exceptions", "new", "serve", "validate"]:
        assert command in result.output


def test_serve_builds_and_previews(sample):
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "build-site"
    proc = subprocess.Popen([str(exe), "serve", str(sample), "--as-of", AS_OF, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/exceptions/", timeout=2) as r:
                    body = r.read().decode()
                break
            except OSError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.time() < deadline, "serve did not start"
                time.sleep(0.5)
        assert "Exception report" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_wheel_packs_every_hand_written_page():
    """pyproject.toml lists the hand-written docs that `build-site new` copies from an installed wheel."""
    import subprocess
    import tomllib

    root = Path(__file__).resolve().parents[1]
    packed = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]["wheel"][
        "force-include"]
    tracked = subprocess.run(["git", "ls-files", "docs"], cwd=root, capture_output=True, text=True).stdout.split()
    if not tracked:
        pytest.skip("not a git checkout")
    for path in tracked:
        assert path in packed or any(path.startswith(k + "/") for k in packed), f"add {path} to force-include"



def _save_as_cp1252(repo):
    path = repo / "data" / "priorities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").replace("Homes", "Homes £").encode("cp1252"))
    return ("data/priorities.csv", 3, None)


BREAKS = {
    "not a number": lambda r: (set_cell(r, "measurements", 7, "value", "45%"), ("data/measurements.csv", 7, "value"))[1],
    "bad period": lambda r: (set_cell(r, "measurements", 5, "period", "Q3 2022"),
                             ("data/measurements.csv", 5, "period"))[1],
    "wrong frequency": lambda r: (set_cell(r, "measurements", 2, "period", "2021-04"),
                                  ("data/measurements.csv", 2, "period"))[1],
    "mixed quarters": lambda r: (set_cell(r, "measurements", 5, "period", "2022-Q1"),
                                 ("data/measurements.csv", 5, "period"))[1],
    "blank value, no note": lambda r: (set_cell(r, "measurements", 6, "value", ""),
                                       ("data/measurements.csv", 6, "value"))[1],
    "target period": lambda r: ("data/targets.csv", append_row(r, "targets", ["household-recycling", "2024-05", "5"]),
                                "period"),
    "javascript url": lambda r: (set_cell(r, "providers", 3, "url", "javascript:alert(1)"),
                                 ("data/providers.csv", 3, "url"))[1],
    "duplicate key": lambda r: ("data/measurements.csv",
                                append_row(r, "measurements", ["household-recycling", "2021/22 Q1", "", "1", ""]),
                                "indicator, period, area"),
    "unknown indicator": lambda r: (set_cell(r, "measurements", 9, "indicator", "nope"),
                                    ("data/measurements.csv", 9, "indicator"))[1],
    "unknown area": lambda r: (set_cell(r, "measurements", 24, "area", "E05099999"),
                               ("data/measurements.csv", 24, "area"))[1],
    "not utf-8": _save_as_cp1252,
    "missing column": lambda r: ((r / "data" / "areas.csv").write_text("code,name\nE05099901,Abbey\n"),
                                 ("data/areas.csv", 1, "type"))[1],
    "broken datapackage.json": lambda r: ((r / "datapackage.json").write_text('{"resources": [,]}'),
                                          ("datapackage.json", 1, None))[1],
}


@pytest.fixture(scope="module")
def built_sample(tmp_path_factory):
    from .conftest import write_council

    repo = write_council(tmp_path_factory.mktemp("built") / "council")
    assert run("build", repo, "--as-of", AS_OF).exit_code == 0
    return repo


@pytest.mark.parametrize("how", sorted(BREAKS))
def test_each_way_of_breaking_the_sample_exits_1_and_keeps_the_site(built_sample, tmp_path, how):
    import shutil

    repo = tmp_path / "council"
    shutil.copytree(built_sample, repo)
    before = tree_digest(repo / "site")
    file, row, field = BREAKS[how](repo)
    result = run("build", repo, "--as-of", AS_OF)
    assert result.exit_code == 1
    where = f"{file}:{row}: {field}:" if field else f"{file}:{row}:"
    assert where in result.output, result.output
    assert "Traceback" not in result.output
    assert tree_digest(repo / "site") == before
