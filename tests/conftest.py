"""Shared fixtures: council repositories made in temporary folders."""

from __future__ import annotations

import csv
import functools
import http.server
import io
import os
import shutil
import threading
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from build_site.core.writer import write_files
from build_site.inputs.contract import contract_descriptor
from build_site.officer.scaffold import scaffold_files
from tools.synth import generated_council, package_files
from tools.synth_welsh import welsh

ROOT = Path(__file__).resolve().parents[1]

# Hypothesis: a short run by default, the thorough one in CI (.ci/run sets HYPOTHESIS_PROFILE=ci).
hypothesis_settings.register_profile("dev", max_examples=15, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def write_council(dest: Path, tables=None, descriptor=None, fictional: bool = True) -> Path:
    """A complete council repository: the scaffold, with ``tables`` as its data if given."""
    files = scaffold_files()
    if tables is not None:
        files = {k: v for k, v in files.items()
                 if not k.startswith(("data/", "reports/")) and k != "datapackage.json"}  # (the sample's own)
        files.update(package_files(tables, descriptor or contract_descriptor(), fictional=fictional))
    write_files(dest, files)
    return dest


def read_rows(repo: Path, name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((repo / "data" / f"{name}.csv").read_text(encoding="utf-8"))))


def write_rows(repo: Path, name: str, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (repo / "data" / f"{name}.csv").write_text(buf.getvalue(), encoding="utf-8")


def append_row(repo: Path, name: str, row: list[str]) -> int:
    """Add a row at the end of a table; return its row number as a spreadsheet counts it."""
    rows = read_rows(repo, name)
    rows.append(row)
    write_rows(repo, name, rows)
    return len(rows)


def set_cell(repo: Path, name: str, row: int, field: str, value: str) -> None:
    """Set one cell, addressed as a spreadsheet does (header = row 1)."""
    rows = read_rows(repo, name)
    rows[row - 1][rows[0].index(field)] = value
    write_rows(repo, name, rows)


def get_cell(repo: Path, name: str, row: int, field: str) -> str:
    rows = read_rows(repo, name)
    return rows[row - 1][rows[0].index(field)]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the fictional sample council's repository."""
    return write_council(tmp_path / "council")


@pytest.fixture(scope="session")
def hostile_tables():
    """A generated council the tests never saw before, with hostile free text."""
    return generated_council(60, seed=20261125, hostile=True)


BUILD_AS_OF = "2026-11-25"
BUILT_REPORTS = ("2026/27 Q1", "2026/27 Q2")


#: The generated council the end-to-end tests build: the same one every run, so that a commit
#: that passed passes again. BUILD_SITE_SEED=random draws a new one (printed, to repeat it).
DEFAULT_SEED = 20261207


@pytest.fixture(scope="session")
def council_seed() -> int:
    """The seed of the generated council (BUILD_SITE_SEED to choose another, or "random")."""
    import random

    chosen = os.environ.get("BUILD_SITE_SEED", "")
    seed = random.SystemRandom().randrange(1, 10**6) if chosen == "random" else int(chosen or DEFAULT_SEED)
    print(f"\ngenerated council seed: {seed} (BUILD_SITE_SEED={seed} repeats it)")
    return seed


def made_once(tmp_path_factory, name: str, make) -> Path:
    """A folder a session fixture makes, made once in a test run however many workers
    (pytest-xdist) ask for it: the first makes it, the others wait for it and read it."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # (the run's folder, shared by its workers)
    folder = base / f"once-{name}"
    with open(base / f"once-{name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        if not (folder / ".made").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            make(folder)
            (folder / ".made").touch()
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory, council_seed):
    """A generated council of 240 indicators with hostile free text, in English and Welsh, with
    two frozen reports, built once (read, never changed, by the tests that use it)."""

    def make(folder: Path) -> None:
        from click.testing import CliRunner

        from build_site.cli import cli

        tables = generated_council(240, seed=council_seed, hostile=True)
        tables["translations"] = welsh(tables, seed=council_seed, hostile=True)  # (its site in Welsh too)
        repo = write_council(folder / "council", tables)
        for period in BUILT_REPORTS:  # two frozen reports: the second has one before it to compare with
            result = CliRunner().invoke(cli, ["report", "freeze", period, str(repo), "--as-of", BUILD_AS_OF],
                                        catch_exceptions=False)
            assert result.exit_code == 0, result.output
        result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", BUILD_AS_OF], catch_exceptions=False)
        assert result.exit_code == 0, result.output

    return made_once(tmp_path_factory, f"built-{council_seed}", make) / "council"


CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser(built):
    """Headless Debian Chromium, driven by Playwright (skipped without it, except in CI). Started
    after the session's council is built: a build forks its workers, and a fork in a process
    already running Playwright's threads can hang."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(built):
    """The built council's site, served on localhost."""
    handler = functools.partial(_Quiet, directory=str(built / "site"))
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}/"
    srv.shutdown()


def compatible(repo: Path) -> str:
    """The requirement a new council's repository gets: from the lowest release with every
    feature its files use to the next that could break it (tests/test_release.py holds the
    table of features to CHANGELOG.md)."""
    import tomllib

    from build_site.officer.releases import requirement

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    files = {rel: (repo / rel).read_bytes() for rel in ("datapackage.json", ".github/workflows/site.yml")}
    return requirement(files, version)


def assert_contract_addresses(repo: Path) -> None:
    """Every stable address of the data contract exists in the built site."""
    site = repo / "site"
    for rel in ["index.html", "exceptions/index.html", "monitoring/index.html", "data/index.html",
                "data/datapackage.zip", "api/indicators.json", "methodology/index.html"]:
        assert (site / rel).is_file(), rel
    for row in read_rows(repo, "priorities")[1:]:
        assert (site / "priorities" / row[0] / "index.html").is_file()
    for row in read_rows(repo, "indicators")[1:]:
        assert (site / "indicators" / row[0] / "index.html").is_file()
        assert (site / "api" / "indicators" / f"{row[0]}.json").is_file()
    for row in read_rows(repo, "areas")[1:]:
        assert (site / "areas" / row[0] / "index.html").is_file()
    for row in read_rows(repo, "providers")[1:]:
        assert (site / "providers" / row[0] / "index.html").is_file()
