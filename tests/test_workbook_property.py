"""Property (#26): whatever workbook an officer or anyone else hands to ``workbook import``
(any size, any kind of cell, odd headers, merged, hidden, missing or extra sheets), it ends
in exit 0 or 1, never a traceback, within a bounded time and memory, and data/ is unchanged
whenever it says no."""

from __future__ import annotations

import hashlib
import resource
import time
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError

from build_site.cli import cli
from build_site.officer.workbook import export
from tests.conftest import write_council
from tools.synth import generated_council

AS_OF = "2026-11-25"
SHEETS = ["priorities", "indicators", "measurements", "targets", "commentary", "areas", "providers", "benchmarks"]
TEXTS = ["", " ", "NaN", "inf", "1e309", "45%", "=SUM(A1:A2)", "+1", "@x", "-", "\t", "\r", "\x7f", "\x85",
         "2024-05", "2024/25 Q1", "2062/63 Q1", "managed", "monthly", "higher", "percent", "E05099901",
         "<script>", "{{ x }}", "\ufeff", "a" * 300, "x" * 33_000]
CELLS = st.one_of(st.sampled_from(TEXTS), st.text(max_size=40), st.integers(-10**16, 10**16),
                  st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.none(),
                  st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)))
EDITS = st.lists(st.one_of(
    st.tuples(st.just("cell"), st.sampled_from(SHEETS), st.integers(1, 40), st.integers(1, 20), CELLS),
    st.tuples(st.just("rows"), st.sampled_from(SHEETS), st.integers(1, 1500), st.just(0), CELLS),
    st.tuples(st.just("format"), st.sampled_from(SHEETS), st.integers(2, 30), st.integers(1, 8),
              st.sampled_from(["0%", '0.0"%"', "0.0\\%", "yyyy-mm-dd", "@", "General", "#,##0"])),
    st.tuples(st.just("merge"), st.sampled_from(SHEETS), st.integers(1, 20), st.integers(1, 6), st.none()),
    st.tuples(st.just("hide"), st.sampled_from(SHEETS), st.just(0), st.just(0), st.none()),
    st.tuples(st.just("drop"), st.sampled_from(SHEETS), st.just(0), st.just(0), st.none()),
    st.tuples(st.just("add"), st.text(st.characters(categories=("L", "N", "Zs")), min_size=1, max_size=20),
              st.just(0), st.just(0), st.none()),
), max_size=8)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        h.update(p.relative_to(folder).as_posix().encode())
        if p.is_file():
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    repo = write_council(tmp_path_factory.mktemp("workbooks") / "council", generated_council(12, seed=2612))
    book = repo / "workbooks" / "exported.xlsx"
    export(repo, book, datetime(2026, 11, 25).date())
    return repo, book


def _set(ws, row: int, column: int, value) -> None:
    try:
        ws.cell(row, column).value = value
    except (ValueError, TypeError, IllegalCharacterError):  # (a text no workbook may hold: Excel could not either)
        pass


def _apply(book, edit) -> None:
    kind, sheet, row, column, value = edit
    if kind == "add":
        if sheet[:31] not in book.sheetnames:
            book.create_sheet(sheet[:31])
        return
    if sheet not in book.sheetnames:
        return
    ws = book[sheet]
    if kind == "cell":
        _set(ws, row, column, value)
    elif kind == "rows":
        for r in range(ws.max_row + 1, ws.max_row + 1 + row):
            _set(ws, r, 1, r if not isinstance(value, str) else value[:50])
    elif kind == "format":
        ws.cell(row, column).number_format = value
    elif kind == "merge":
        ws.merge_cells(start_row=row, start_column=column, end_row=row + 1, end_column=column + 1)
    elif kind == "hide" and len([s for s in book.worksheets if s.sheet_state == "visible"]) > 1:
        ws.sheet_state = "hidden"
    elif kind == "drop" and len(book.sheetnames) > 1:
        del book[sheet]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=EDITS)
def test_any_workbook_ends_in_exit_0_or_1_in_bounded_time_and_data_is_kept_on_1(council, tmp_path, edits):
    repo, exported = council
    book = openpyxl.load_workbook(exported)
    for edit in edits:
        _apply(book, edit)
    path = tmp_path / "hostile.xlsx"
    try:
        book.save(path)
    except ValueError:  # (a text no workbook may hold, which openpyxl refuses to write: Excel could not either)
        return
    before = _digest(repo / "data")
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["workbook", "import", str(path), str(repo), "--as-of", AS_OF, "--dry-run"])
    seconds = time.monotonic() - started
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output and "unexpectedly" not in result.output, result.output
    assert seconds < 30
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 3 * 2**20  # (kilobytes: the whole test process)
    assert _digest(repo / "data") == before
    if result.exit_code == 1:
        return
    written = CliRunner().invoke(cli, ["workbook", "import", str(path), str(repo), "--as-of", AS_OF])
    assert written.exit_code == 0, written.output
    assert CliRunner().invoke(cli, ["validate", str(repo), "--as-of", AS_OF]).exit_code == 0  # (what it wrote is valid)
    export(repo, exported, datetime(2026, 11, 25).date())  # (the next example starts from what is there now)
