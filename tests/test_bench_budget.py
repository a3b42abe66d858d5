"""make bench's speed budget (#29): which ratio is past its target, and which moved past it
since the committed record (benchmarks/budget.py). Logic only: no timing here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("budget", ROOT / "benchmarks" / "budget.py")
budget = importlib.util.module_from_spec(spec)
spec.loader.exec_module(budget)


def result(n=1000, cold=10.0, floor=8.0, rebuild=3.0, page_kb=22.0, **more):
    return {"n": n, "cold": cold, "floor": floor, "rebuild": rebuild, "cold_cpu": 2 * cold, "floor_cpu": floor,
            "rebuild_cpu": rebuild, "page_kb": page_kb, "peak_mb": 300.0, **more}


def rows(lines: list[str]) -> dict[str, str]:
    return {cells[2].strip(): cells[6].strip() for cells in (line.split("|") for line in lines[4:])}


def test_a_ratio_past_its_target_says_whether_it_moved_since_the_record(tmp_path):
    path = tmp_path / "record.json"
    budget.save([result(cold=7.0, rebuild=5.0)], path)  # cold/floor 0.875: within; rebuild/floor 0.625: past
    record = budget.load(path)
    assert record["sizes"]["1000"]["cold/floor, wall"] == 0.875
    now = rows(budget.compare([result(cold=10.0, rebuild=5.0)], record))
    assert now["cold/floor, wall"] == "moved past its target since the record"
    assert now["rebuild/floor, wall"] == "past its target"  # (0.625 then and now)
    assert now["average indicator page, KB"] == "within"
    assert "peak memory, MB" not in now  # (a target at 10,000 only)
    unseen = rows(budget.compare([result(n=100, cold=10.0)], record))
    assert unseen["cold/floor, wall"] == "past its target (no record of this size)"
    back = rows(budget.compare([result(cold=7.0, rebuild=3.0)], budget.load(path)))
    assert back["rebuild/floor, wall"] == "back within its target"


def test_sizes_are_recorded_apart_and_kept(tmp_path):
    path = tmp_path / "record.json"
    budget.save([result(n=10000, cold=20.0, floor=16.0, peak_mb=900.0)], path)
    budget.save([result(n=1000)], path)
    sizes = budget.load(path)["sizes"]
    assert set(sizes) == {"1000", "10000"}
    assert sizes["10000"]["cold/floor, wall"] == 1.25 and sizes["10000"]["peak memory, MB"] == 900.0
    assert rows(budget.compare([result(n=10000, cold=20.0, floor=16.0)], budget.load(path)))[
        "cold/floor, wall"] == "within"  # (the target at 10,000 is 1.5)


def test_the_committed_record_reads(tmp_path):
    record = budget.load()
    assert record == {} or {"commit", "date", "sizes"} <= set(record)
    assert budget.load(tmp_path / "none.json") == {}
