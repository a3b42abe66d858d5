"""Installable by any council: a release workflow that only its publishing job can mint an
id-token in, one version written once, a scaffold that names the council everywhere, and a
wheel that builds the same site as the source."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from build_site.cli import cli

from .conftest import ROOT, compatible

AS_OF = "2026-11-25"


def _workflow(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def _uses(wf: dict) -> list[str]:
    return [s["uses"] for job in wf["jobs"].values() for s in job.get("steps", []) if "uses" in s]


def test_only_the_publishing_job_can_mint_an_id_token():
    wf = _workflow("release.yml")
    assert wf["permissions"] == {}
    on = wf[True] if True in wf else wf["on"]
    assert on == {"push": {"tags": ["v*"]}}
    minting = [name for name, job in wf["jobs"].items() if job.get("permissions", {}).get("id-token") == "write"]
    assert minting == ["publish"]
    publish = wf["jobs"]["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    assert any(s.get("uses", "").startswith("pypa/gh-action-pypi-publish@") for s in publish["steps"])
    assert all(len(u.split("@")[1]) == 40 for u in _uses(wf)), "pin every action to a commit"
    for other in ("site.yml",):
        jobs = _workflow(other)["jobs"]
        assert [n for n, j in jobs.items() if j.get("permissions", {}).get("id-token") == "write"] == ["deploy"]


def test_the_release_tests_the_installed_wheel_before_publishing():
    jobs = _workflow("release.yml")["jobs"]
    assert jobs["test"]["needs"] == "build" and jobs["publish"]["needs"] == "test"
    assert jobs["github-release"]["needs"] == "publish"
    script = "\n".join(s.get("run", "") for s in jobs["test"]["steps"])
    assert "dist/*.whl" in script and "rm -rf build_site" in script and "pytest" in script
    assert "${{" not in "\n".join(s.get("run", "") for j in jobs.values() for s in j["steps"]), \
        "pass values to scripts through env, never into the script"


def _release(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / "release.py"), *args], capture_output=True,
                          text=True)


def test_the_version_is_written_once_and_the_tag_must_match_it():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert _release("check-tag", f"v{version}").returncode == 0
    wrong = _release("check-tag", "v9.9.9")
    assert wrong.returncode == 1 and version in wrong.stderr
    from importlib.metadata import version as installed

    assert installed("build-site") == version


def test_the_changelog_has_the_current_version_in_keep_a_changelog_form():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    notes = _release("notes", f"v{version}")
    assert notes.returncode == 0 and notes.stdout.strip()
    assert "## [" not in notes.stdout and "### " in notes.stdout
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in text and re.search(rf"^## \[{re.escape(version)}\] - \d{{4}}-\d\d-\d\d$", text, re.M)


def _version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def _too_new(files: dict[str, bytes], version: str) -> list[str]:
    """The features ``files`` use that the requirement they are given does not promise, or that
    ``version`` (this package) does not have: each a reason the scaffold would break a council."""
    from build_site.officer.releases import FEATURES, requirement, version_key

    lower = re.match(r"build-site>=([\d.]+),<([\d.]+)$", requirement(files, version).strip())
    assert lower, requirement(files, version)
    return [f"{f.name} is new in {f.since}" for f in FEATURES if f.used(files)
            and (version_key(f.since) > version_key(lower.group(1)) or version_key(f.since) > version_key(version))]


@pytest.mark.parametrize("english_alone", [True, False])
def test_the_scaffold_asks_for_the_lowest_release_with_every_feature_it_uses(english_alone):
    from build_site.officer.releases import FEATURES, version_key
    from build_site.officer.scaffold import scaffold_files

    files = scaffold_files("Testshire County Council", english_alone=english_alone)
    version = _version()
    assert _too_new(files, version) == [], "bump the version in pyproject.toml, and say so in CHANGELOG.md"
    asked = re.match(r"build-site>=([\d.]+),<([\d.]+)$", files["requirements.txt"].decode().strip())
    used = [f.since for f in FEATURES if f.used(files)]
    assert asked and asked.group(1) == max(used, key=version_key)  # (the lowest that has them all)
    assert version_key(asked.group(1)) <= version_key(version) < version_key(asked.group(2))
    names = {f.name for f in FEATURES if f.used(files)}
    assert ("`reporting.languages`" in names) is not english_alone  # (the table sees what a scaffold uses)


def test_a_scaffold_using_a_feature_newer_than_this_release_is_caught(monkeypatch):
    from build_site.officer import releases
    from build_site.officer.scaffold import scaffold_files

    files = scaffold_files("Testshire County Council", english_alone=True)
    coming = releases.Feature("`data/postcodes.csv`", "9.0.0", lambda f: True)
    monkeypatch.setattr(releases, "FEATURES", (*releases.FEATURES, coming))
    assert _too_new(files, _version()) == ["`data/postcodes.csv` is new in 9.0.0"]


def test_every_feature_is_in_the_changelog_of_the_release_that_brought_it():
    from build_site.officer.releases import FEATURES
    from tools.release import notes

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for feature in FEATURES:
        section = notes(changelog, feature.since)
        assert section and feature.name.casefold() in section.casefold(), (feature.name, feature.since)


def test_dependabot_watches_the_actions_and_pip():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip"}


# --------------------------------------------------------------------------- a new council, named once

def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def test_new_sets_the_name_and_address_everywhere(tmp_path):
    import json

    dest = tmp_path / "council"
    result = CliRunner().invoke(cli, ["new", str(dest), "--name", "Test Borough Council", "--site-url",
                                      "https://example.org/perf", "--welsh"])
    assert result.exit_code == 0, result.output
    assert (dest / "requirements.txt").read_text() == compatible(dest)
    descriptor = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["title"].startswith("Test Borough Council performance data")
    assert [c["title"] for c in descriptor["contributors"] if c["role"] == "publisher"] == ["Test Borough Council"]
    assert "Test Borough Council" in (dest / "README.md").read_text(encoding="utf-8")
    assert not (dest / ".github" / "workflows" / "release.yml").exists()  # (the project's own, not a council's)
    assert CliRunner().invoke(cli, ["build", str(dest), "--as-of", AS_OF]).exit_code == 0
    site = dest / "site"
    pages = _pages(site)
    assert len(pages) > 50
    for page in pages:
        text = page.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
        assert "Test Borough Council" in title, (page, title)
        header = re.search(r'<span class="md-ellipsis">\s*(.*?)\s*</span>', text, re.S).group(1)
        assert "Test Borough Council" in header, (page, header)
        assert "Sample District Council performance" not in title
        assert '<link rel="canonical" href="https://example.org/perf/' in text
    locs = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))  # (every language)
    assert "Sitemap: https://example.org/perf/sitemap.xml" in (site / "robots.txt").read_text(encoding="utf-8")
    folders = [p.parent.relative_to(site).as_posix() for p in pages]
    assert any(f.startswith("cy/") for f in folders)
    assert sorted(locs) == sorted("https://example.org/perf/" + ("" if f == "." else f + "/") for f in folders)


def test_the_workflow_takes_the_address_from_pages():
    steps = _workflow("site.yml")["jobs"]["build"]["steps"]
    pages = next(s for s in steps if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps if s.get("name") == "Build the site")
    assert build["env"]["SITE_URL"] == f"${{{{ steps.{pages['id']}.outputs.base_url }}}}"
    assert '--site-url "$SITE_URL"' in build["run"]


@pytest.mark.parametrize("url", ["example.org", "ftp://example.org/", "https://exa mple.org/"])
def test_a_site_url_must_be_a_web_address(tmp_path, url):
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "c"), "--site-url", url])
    assert result.exit_code == 2 and "web address" in result.output


# --------------------------------------------------------------------------- from the wheel alone

def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_wheel_in_a_fresh_environment_builds_the_same_site_as_the_source(tmp_path):
    if not (ROOT / "build_site").is_dir():
        pytest.skip("the release workflow tests an installed wheel, with no source to build one from")
    dist, venv, work = tmp_path / "dist", tmp_path / "venv", tmp_path / "empty"
    made = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert made.returncode == 0, made.stdout[-2000:] + made.stderr[-2000:]
    wheel = next(dist.glob("build_site-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                               capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, installed.stderr[-3000:]
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    exe = str(venv / "bin" / "build-site")
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import build_site; print(build_site.__file__)"],
                           capture_output=True, text=True, cwd=work, env=env)
    assert str(venv) in where.stdout, "the wheel, not the source, must be what runs"
    for args in (["new", "council", "--name", "Wheel Council"], ["validate", "council", "--as-of", AS_OF],
                 ["build", "council", "--as-of", AS_OF]):
        ran = subprocess.run([exe, *args], capture_output=True, text=True, cwd=work, env=env, timeout=600)
        assert ran.returncode == 0, (args, ran.stderr[-3000:])
    source = tmp_path / "source"
    source.mkdir()
    for args in (["new", str(source / "council"), "--name", "Wheel Council"],
                 ["build", str(source / "council"), "--as-of", AS_OF]):
        assert CliRunner().invoke(cli, args).exit_code == 0
    assert _tree(work / "council" / "site") == _tree(source / "council" / "site")
