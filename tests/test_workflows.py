"""Publishing: the workflow passes GitHub's schema and zizmor, in this repository and in a new
council's, and data errors appear as annotations on the pull request's lines."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, compatible, set_cell

BIN = Path(sys.executable).parent


def tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    assert found, f"{name} is not installed: `make test` installs the test extras"
    return found


@pytest.fixture(scope="module")
def new_repo(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("new") / "council"
    result = subprocess.run([tool("build-site"), "new", str(dest), "--name", "Testshire"], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    return dest


def workflows(repo: Path) -> list[Path]:
    found = sorted((repo / ".github" / "workflows").glob("*.yml"))
    assert found
    return found


@pytest.mark.parametrize("where", ["project", "new council"])
def test_workflows_match_githubs_schema(where, new_repo):
    repo = ROOT if where == "project" else new_repo
    result = subprocess.run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, workflows(repo))], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("where", ["project", "new council"])
def test_zizmor_finds_nothing_of_high_severity(where, new_repo):
    repo = ROOT if where == "project" else new_repo
    result = subprocess.run([tool("zizmor"), "--offline", "--min-severity", "high", *map(str, workflows(repo))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_is_least_privilege():
    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    assert wf["permissions"] == {}
    assert "concurrency" in wf
    jobs = wf["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["import"]["permissions"] == {"contents": "write"}  # (commits an uploaded workbook's CSV files)
    assert jobs["import"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    on = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads `on` as true
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    uses = [s["uses"] for j in jobs.values() for s in j["steps"] if "uses" in s]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    assert all(len(u.split("@")[1]) == 40 for u in uses), "pin every action to a commit"
    setup = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert "secrets." not in (ROOT / ".github" / "workflows" / "site.yml").read_text()


def test_a_bad_value_is_annotated_on_its_line(new_repo, tmp_path):
    repo = tmp_path / "council"
    shutil.copytree(new_repo, repo)
    set_cell(repo, "measurements", 7, "value", "45%")
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run([tool("build-site"), "validate"], cwd=repo, capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "::error file=data/measurements.csv,line=7," in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "data/measurements.csv" in summary.read_text()


def test_a_valid_build_writes_the_exception_report_to_the_job_summary(new_repo, tmp_path):
    repo = tmp_path / "council"
    shutil.copytree(new_repo, repo)
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = subprocess.run([tool("build-site"), "build", "--as-of", "2026-11-25"], cwd=repo, capture_output=True,
                            text=True, env=env)
    assert result.returncode == 0, result.stderr
    text = summary.read_text()
    assert "Exception report as of 2026-11-25" in text and "| Indicator |" in text
    assert (repo / "site" / "index.html").is_file()


def test_the_new_repository_installs_build_site(new_repo):
    assert (new_repo / "requirements.txt").read_text() == compatible(new_repo)  # (compatible releases)


def test_the_checks_run_on_the_oldest_and_newest_python_supported():
    import tomllib

    import yaml

    wf = yaml.safe_load((ROOT / ".github" / "workflows" / "checks.yml").read_text(encoding="utf-8"))
    job = wf["jobs"]["check"]
    oldest = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert oldest == ">=3.11" and job["strategy"]["matrix"]["python"] == ["3.11", "3.13"]
    assert any("make check" in step.get("run", "") for step in job["steps"])
    from build_site.officer.scaffold import scaffold_files

    assert ".github/workflows/checks.yml" not in scaffold_files()  # (build-site's own, not a council's)
