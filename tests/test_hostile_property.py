"""Property: whatever is done to a council's files, `validate` and `build` exit 0 or 1, never
with a traceback, and a build that exits 1 leaves the last good site and docs/ as they were
(contract 1.1, "What bad input gets")."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_site.cli import cli
from tools.synth import generated_council

from .conftest import write_council

AS_OF = "2026-11-25"
TABLES = ["priorities", "indicators", "measurements", "targets", "commentary", "areas", "providers", "benchmarks"]
NASTY = ["", " ", "NaN", "inf", "-INF", "1e309", "1e27", "-0", "0x10", "1,200", "45%", "£3", "=SUM(1)", "+1",
         "@x", "-", "\t", "\r", "\n", '"', ",", ";", "\x00", "2062/63 Q1", "0000-01", "9999", "2024/26",
         "2024-13", "2024-Q5", "2024/25 Q1", "2024-05", "../../etc/passwd", "/etc/hostname", "E0509000",
         "e0509000", "ind-00001", "priority-1", "managed", "monitored", "higher", "none", "gbp", "millions",
         "£m", "managed-decline", "improve", "monthly", "quarterly", "annual", "high", "<script>", "{{ x }}",
         "\ufeff", "ẞ", "a" * 300]
PATHS = ["/etc/hostname", "../x.csv", "data/../../x.csv", "https://x/y.csv", "data", "", "data/missing.csv",
         "datapackage.json", "C:\\x.csv", "data/measurements.csv"]


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A small council, built once."""
    repo = write_council(tmp_path_factory.mktemp("hostile") / "council", generated_council(10, seed=4242))
    result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", AS_OF], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return repo


def _rows(repo: Path, name: str) -> list[list[str]]:
    text = (repo / "data" / f"{name}.csv").read_text(encoding="utf-8", errors="replace")
    return list(csv.reader(io.StringIO(text.replace("\x00", ""))))


def _write(repo: Path, name: str, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    (repo / "data" / f"{name}.csv").write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))


PERIODS = ["0000-01", "9999", "9999/00", "9999/00 Q4", "1899-12", "2101", "2100/01 Q4", "1900-01", "2062/63 Q1",
           "2030-Q1", "2024/26", "2024-13", "2024-Q5", "2024", "2024/25", "2024/25 Q1", "2024-05", "2024-Q2", ""]
NUMBERS = ["NaN", "nan", "inf", "-INF", "1e309", "-1e309", "1e27", "1e15", "999999999999999", "-0", "0", "1.5",
           "7", "-2", "", "1e-320", "+5", "0x10", "1,200", "45%"]
#: Where a cell is edited: a field, by name, and what to put there.
FIELDS = {"period": PERIODS, "recovery_period": PERIODS, "value": NUMBERS, "target": NUMBERS,
          "tolerance": NUMBERS, "decimals": NUMBERS, "order": NUMBERS, "code": NASTY, "area": NASTY,
          "indicator": NASTY, "id": NASTY, "unit_label": NASTY, "unit": NASTY, "note": NASTY, "title": NASTY,
          "frequency": NASTY, "polarity": NASTY, "approach": NASTY, "priority": NASTY, "provider": NASTY}
cells = st.one_of(st.sampled_from(NASTY), st.text(max_size=12))
edit_cell = st.sampled_from(sorted(FIELDS)).flatmap(lambda f: st.tuples(
    st.just("cell"), st.sampled_from(TABLES), st.integers(0, 60), st.just(f),
    st.one_of(st.sampled_from(FIELDS[f]), st.sampled_from(FIELDS[f]), cells)))
edit_any_cell = st.tuples(st.just("cell"), st.sampled_from(TABLES), st.integers(0, 60), st.integers(0, 20), cells)
edit_row = st.tuples(st.just("row"), st.sampled_from(TABLES), st.integers(0, 60),
                     st.sampled_from(["delete", "repeat", "blank", "short", "long"]), st.just(""))
edit_file = st.tuples(st.just("file"), st.sampled_from(TABLES + ["datapackage"]), st.just(0),
                      st.sampled_from(["bytes", "empty", "semicolons", "latin-1", "header-only", "delete"]),
                      st.binary(max_size=64))
edit_descriptor = st.tuples(st.just("descriptor"), st.sampled_from(TABLES), st.integers(0, 30),
                            st.sampled_from(["path", "drop", "type", "reporting", "schema", "not-a-dict",
                                             "constraint", "primaryKey", "foreignKeys", "missingValues"]),
                            st.one_of(st.sampled_from(PATHS), st.integers(-5, 5), st.floats(allow_nan=True),
                                      st.none(), st.text(max_size=8)))
edits = st.lists(st.one_of(edit_cell, edit_cell, edit_any_cell, edit_row, edit_file, edit_descriptor), min_size=1,
                 max_size=4)


def apply(repo: Path, edit) -> None:
    kind, name, i, what, value = edit
    if kind == "descriptor" or (kind == "file" and name == "datapackage"):
        return _descriptor(repo, edit)
    path = repo / "data" / f"{name}.csv"
    if not path.is_file():
        return
    if kind == "file":
        text = path.read_text(encoding="utf-8", errors="replace")
        data = {"bytes": value, "empty": b"", "semicolons": text.replace(",", ";").encode(),
                "latin-1": text.encode("utf-8") + "£".encode("latin-1"),
                "header-only": text.split("\n")[0].encode()}.get(what)
        path.unlink() if data is None else path.write_bytes(data)
        return
    rows = _rows(repo, name)
    if not rows:
        return
    k = 1 + i % max(1, len(rows) - 1) if len(rows) > 1 else 0
    if kind == "cell":
        row = rows[k]
        column = rows[0].index(what) if isinstance(what, str) and what in rows[0] else None
        if isinstance(what, int) and row:
            column = what % len(row)
        if column is None or column >= len(row):
            return
        row[column] = value
    elif what == "delete":
        del rows[k]
    elif what == "repeat":
        rows.insert(k, list(rows[k]))
    elif what == "blank":
        rows.insert(k, [""] * len(rows[0]))
    elif what == "short":
        rows[k] = rows[k][:1]
    else:
        rows[k] = rows[k] + ["surplus"]
    _write(repo, name, rows)


def _descriptor(repo: Path, edit) -> None:
    kind, name, i, what, value = edit
    path = repo / "datapackage.json"
    if kind == "file":
        path.write_bytes(value)
        return
    try:
        desc = json.loads(path.read_text(encoding="utf-8"))
        resources = desc["resources"]
        k = next(n for n, r in enumerate(resources) if r.get("name") == name)
    except (ValueError, KeyError, StopIteration, AttributeError, TypeError):
        return
    res = resources[k]
    if what == "path":
        res["path"] = value
    elif what == "drop":
        del resources[k]
    elif what == "type":
        fields = res["schema"]["fields"]
        fields[i % len(fields)]["type"] = value
    elif what == "reporting":
        key = ["default_tolerance_percent", "worsening_run", "reporting_lag_days", "financial_year_start_month"][i % 4]
        desc.setdefault("reporting", {})[key] = value
    elif what == "schema":
        res["schema"] = value
    elif what == "constraint":
        fields = res["schema"]["fields"]
        key = ["required", "unique", "enum", "pattern", "maxLength", "minimum", "maximum"][i % 7]
        fields[i % len(fields)].setdefault("constraints", {})[key] = "([" if key == "pattern" and i % 2 else value
    elif what in ("primaryKey", "foreignKeys", "missingValues"):
        res["schema"][what] = value if i % 3 else [value, {"fields": value}]
    else:
        resources[k] = value
    path.write_text(json.dumps(desc, allow_nan=True), encoding="utf-8")


def _check(result, code_ok=(0, 1)):
    assert result.exit_code in code_ok, (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output and "failed unexpectedly" not in result.output, result.output


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(edits=edits)
def test_validate_always_answers(base, tmp_path, edits):
    repo = Path(tempfile.mkdtemp(dir=tmp_path)) / "council"
    shutil.copytree(base, repo, ignore=shutil.ignore_patterns("site", ".cache", "docs"))
    try:
        for edit in edits:
            apply(repo, edit)
        _check(CliRunner().invoke(cli, ["validate", str(repo), "--as-of", AS_OF]))
    finally:
        shutil.rmtree(repo.parent)


# (a build for each example: a quarter of the profile's examples)
@settings(max_examples=max(4, settings().max_examples // 4), suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(edits=edits)
def test_build_always_answers_and_a_failed_build_keeps_the_site(base, tmp_path, edits):
    repo = Path(tempfile.mkdtemp(dir=tmp_path)) / "council"
    shutil.copytree(base, repo, symlinks=True)
    try:
        site, docs = digest(repo / "site"), digest(repo / "docs")
        for edit in edits:
            apply(repo, edit)
        result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", AS_OF])
        _check(result)
        if result.exit_code == 1:
            assert digest(repo / "site") == site and digest(repo / "docs") == docs
    finally:
        shutil.rmtree(repo.parent)
