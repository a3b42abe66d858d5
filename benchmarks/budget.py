"""The speed budget (#29) that cannot drift: the targets, and the ratios of the last record
(``benchmarks/record.json``, committed). ``make bench`` ends by saying, for each size it
measured, which ratio is past its target, and which has moved past it since the record;
``--record`` writes the new ratios for the next comparison. A report, not a test: the
machines are noisy.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

RECORD = Path(__file__).with_name("record.json")

#: (what, how it is worked out from a result of bench.bench, its target, at these sizes or all)
TARGETS = [
    ("cold/floor, wall", lambda r: r["cold"] / r["floor"], 1.0, range(0, 10_000)),
    ("cold/floor, wall", lambda r: r["cold"] / r["floor"], 1.5, range(10_000, 10**9)),
    ("cold/floor, CPU", lambda r: r["cold_cpu"] / r["floor_cpu"], 1.5, None),
    ("rebuild/floor, wall", lambda r: r["rebuild"] / r["floor"], 0.5, None),
    ("bilingual/English, cold", lambda r: r["bilingual"] / r["cold"] if "bilingual" in r else None, 1.6, None),
    ("average indicator page, KB", lambda r: r["page_kb"], 24.0, None),
    ("peak memory, MB", lambda r: r["peak_mb"], 1024.0, range(10_000, 10**9)),
]


def ratios(result: dict) -> dict[str, tuple[float, float]]:
    """{what: (now, target)} for one size's result."""
    out = {}
    for what, of, target, sizes in TARGETS:
        value = of(result)
        if value is not None and (sizes is None or result["n"] in sizes):
            out[what] = (round(value, 3), target)
    return out


def load(path: Path = RECORD) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def compare(results: list[dict], record: dict) -> list[str]:
    """A line for each ratio: now, the record's, the target, and what moved."""
    lines = ["Against the budget (targets of #29; the record: " + (record.get("commit", "none") + ", "
                                                               + record.get("date", "") if record else "none") + "):",
             "", "| indicators | what | now | recorded | target | |", "|---|---|---|---|---|---|"]
    for r in results:
        before = record.get("sizes", {}).get(str(r["n"]), {})
        for what, (now, target) in ratios(r).items():
            was = before.get(what)
            if now > target and was is None:
                note = "past its target (no record of this size)"
            elif now > target and was <= target:
                note = "moved past its target since the record"
            elif now > target:
                note = "past its target"
            elif was is not None and was > target:
                note = "back within its target"
            else:
                note = "within"
            lines.append(f"| {r['n']:,} | {what} | {now:.2f} | {'' if was is None else f'{was:.2f}'} | "
                         f"{target:.2f} | {note} |")
    return lines


def save(results: list[dict], path: Path = RECORD) -> None:
    """The new record: these sizes' ratios (the others kept), with the commit they measure."""
    record = load(path)
    sizes = record.get("sizes", {})
    for r in results:
        sizes[str(r["n"])] = {what: now for what, (now, _target) in ratios(r).items()}
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=path.parent, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    path.write_text(json.dumps({"commit": commit, "date": date.today().isoformat(), "sizes": sizes},
                               indent=2, sort_keys=True) + "\n", encoding="utf-8")
