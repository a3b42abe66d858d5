"""Benchmark: build generated councils of N indicators and compare with a bare MkDocs floor.

    .venv/bin/python benchmarks/bench.py --sizes 100,1000,10000     (or: make bench)

For each size it generates a contract-true council (every period kind, targets,
12 areas, benchmarks), then measures, each in a fresh process:

- cold: a first build with no chart cache, stage by stage;
- rebuild: the same after changing one value in data/measurements.csv;
- report: the quarterly report's record, document and PDF (Typst), made from
  the built council;
- floor: a bare mkdocs-material build of the same number of pages, each indicator page a
  20-row Markdown table and a ready SVG chart image (out of the navigation, search on):
  the least any tool must do to publish the same pages with the same theme;
- bilingual (with --bilingual): a cold build of the same council in English and Welsh.

and prints the timings, wall and CPU time (user and system, of the build and all its
workers), peak memory (of the build and its workers together), page and chart sizes and
the ratios, wall and CPU, against the floor. Runs are repeated (--repeat) and medians quoted: the
machines are noisy. Each run (cold, then rebuild, then floor) starts in a fresh
directory after the disk has caught up (sync), and nothing is deleted until the end,
so that no run pays for the clearing up of the one before it.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import budget  # (benchmarks/budget.py: the targets and the last record)

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-25"


class TreeMemory:
    """The peak memory of this process and all its workers together, sampled every 50 ms:
    the sum of their proportional set sizes (Linux /proc; memory shared after a fork is
    counted once, split between the processes that share it)."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._sample()

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self._sample()

    def _sample(self) -> None:
        total = 0
        for pid in [os.getpid(), *_descendants(os.getpid())]:
            try:
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
            except (OSError, ValueError):
                pass
        self.peak_kb = max(self.peak_kb, total)


def _descendants(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [d for c in map(int, children) for d in (c, *_descendants(c))]


def child_build(repo: str) -> None:
    from datetime import date

    from build_site.build import build

    with TreeMemory() as memory:
        t = time.perf_counter()
        result = build(Path(repo), date.fromisoformat(AS_OF))
        wall = time.perf_counter() - t
    assert result.report.ok, result.report.to_text()
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    if Path("/proc/self/smaps_rollup").exists():
        peak = max(peak, memory.peak_kb)  # the whole tree where Linux can tell it
    print(json.dumps({"wall": wall, "timings": result.timings, "pages": result.pages,
                      "charts_drawn": result.charts_drawn, "peak_mb": peak / 1024}))


REPORT_PERIOD = "2026/27 Q2"


def child_report(repo: str) -> None:
    """The quarterly report of a built council: its record, its print HTML and its PDF."""
    from datetime import date

    from build_site.build import check
    from build_site.outputs.pages import env_for
    from build_site.outputs.report_pdf import pdf
    from build_site.rating.reports import exceptions, record_of
    from build_site.site.families.reports import print_doc

    pkg, report = check(Path(repo), date.fromisoformat(AS_OF))
    assert report.ok, report.to_text()
    t = time.perf_counter()
    record = record_of(pkg, REPORT_PERIOD, date.fromisoformat(AS_OF))
    doc = print_doc(env_for(pkg.reporting.financial_year_start_month), record, None, None, pkg.logo)
    made = time.perf_counter()
    data = pdf(doc)
    done = time.perf_counter()
    print(json.dumps({"record_html": made - t, "pdf": done - made, "pdf_mb": len(data) / 1024 / 1024,
                      "exceptions": len(exceptions(record))}))


def child_floor(project: str) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.chdir(project)
    t = time.perf_counter()
    cfg = load_config(config_file="mkdocs.yml")
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    cfg.plugins.on_shutdown()
    print(json.dumps({"wall": time.perf_counter() - t,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run_child(*args: str) -> dict:
    """Run one measurement in a fresh process; its result, with the CPU seconds (user and
    system) it and every process it waited for used."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(out.stderr)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def make_council(dest: Path, n: int, seed: int, bilingual: bool = False) -> None:
    sys.path.insert(0, str(ROOT))
    from build_site.inputs.contract import contract_descriptor
    from build_site.officer.scaffold import scaffold_files
    sys.path.insert(0, str(ROOT))  # (tools/ is this repository's, not part of the package)
    from build_site.core.writer import write_files
    from tools.synth import generated_council, package_files
    from tools.synth_welsh import welsh

    files = {k: v for k, v in scaffold_files("Benchmark council").items() if not k.startswith("data/")}
    tables = generated_council(n, seed=seed, n_areas=12)
    if bilingual:  # (Welsh for every priority, every third indicator and half the areas)
        tables["translations"] = welsh(tables, seed=seed)
    files.update(package_files(tables, contract_descriptor()))
    write_files(dest, files)


FLOOR_ROWS = 20


def _floor_chart() -> bytes:
    """One ready chart image, drawn once: what every floor page shows."""
    sys.path.insert(0, str(ROOT))
    from datetime import date

    from build_site.outputs.charts import ChartSpec, draw

    starts = tuple(date(2021 + k // 4, 1 + 3 * (k % 4), 1) for k in range(FLOOR_ROWS))
    ends = tuple(date(s.year + (s.month == 10), (s.month + 3 - 1) % 12 + 1, 1) for s in starts)
    ends = tuple(date.fromordinal(e.toordinal() - 1) for e in ends)
    values = tuple(40 + (k * 7 % 11) / 2 for k in range(FLOOR_ROWS))
    return draw(ChartSpec("percent", 1, "higher", starts, ends, values, (45.0,) * FLOOR_ROWS,
                          (43.0,) * FLOOR_ROWS, (None,) * FLOOR_ROWS))


def make_floor(dest: Path, pages: int) -> None:
    """mkdocs-material alone, building the same number of pages: each indicator page a
    20-row Markdown table and a ready SVG chart image, with search on and the indicator
    pages out of the navigation (#29's floor)."""
    docs = dest / "docs"
    (docs / "indicators").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nThe floor.\n")
    chart = _floor_chart()
    table = "| Period | Value | Rating | Direction | Target |\n|---|---|---|---|---|\n" + "".join(
        f"| 20{21 + k // 4}-Q{k % 4 + 1} | {40 + k / 2:.1f} | On target | Improving | 45.0 |\n"
        for k in range(FLOOR_ROWS))
    for i in range(pages - 1):
        d = docs / "indicators" / f"i{i}"
        d.mkdir()
        (d / "chart.svg").write_bytes(chart)
        (d / "index.md").write_text(f"---\ntitle: Indicator {i}\n---\n\nSome text about indicator {i}.\n\n"
                                    f"![Chart of indicator {i}](chart.svg)\n\n## Figures\n\n{table}")
    (dest / "mkdocs.yml").write_text("site_name: Floor\ntheme:\n  name: material\n  font: false\nplugins:\n"
                                     "  - search\nmarkdown_extensions:\n  - tables\nnav:\n  - Home: index.md\n"
                                     "not_in_nav: |\n  /indicators/*/\n")


def change_one_value(repo: Path) -> None:
    path = repo / "data" / "measurements.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    value = rows[1][3]
    rows[1][3] = str(round(float(value) + 1.5, 2)) if value else "1"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def sizes(repo: Path) -> dict:
    site = repo / "site"
    pages = [p.stat().st_size for p in (site / "indicators").glob("*/index.html")]
    charts = [p.stat().st_size for p in (site / "indicators").glob("*/chart.svg")]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {"page_kb": statistics.mean(pages) / 1024, "chart_kb": statistics.mean(charts) / 1024,
            "site_mb": total / 1024 / 1024}


def bench(n: int, seed: int, repeat: int, work: Path, with_report: bool = True, bilingual: bool = False) -> dict:
    template = work / f"council-{n}"
    make_council(template, n, seed)
    rows = (template / "data" / "measurements.csv").read_text().count("\n") - 1
    colds, rebuilds, floors, reports, bilinguals = [], [], [], [], []
    if bilingual:
        make_council(work / f"council-{n}-cy", n, seed, bilingual=True)
    for k in range(repeat):
        # Every run starts in a fresh directory, and nothing is deleted until the end: on a
        # file system that avoids reusing recently freed inodes (ext4 without a journal, as
        # here), creating files right after deleting thousands costs several times more,
        # and the floor and the build would pay for the benchmark's own cleaning up.
        repo = work / f"council-{n}-run{k}"
        shutil.copytree(template, repo)
        os.sync()  # the last run's writes are on disk, not competing for the cores
        colds.append(run_child("--child-build", str(repo)))
        change_one_value(repo)
        os.sync()
        rebuilds.append(run_child("--child-build", str(repo)))
        floor_dir = work / f"floor-{n}-run{k}"
        make_floor(floor_dir, colds[0]["pages"])
        os.sync()
        floors.append(run_child("--child-floor", str(floor_dir)))
        if with_report:
            reports.append(run_child("--child-report", str(repo)))
        if bilingual:  # the same council in English and Welsh, built cold, turn about with the rest
            both = work / f"council-{n}-cy-run{k}"
            shutil.copytree(work / f"council-{n}-cy", both)
            os.sync()
            bilinguals.append(run_child("--child-build", str(both)))
    pages = colds[0]["pages"]
    med = lambda runs, key: statistics.median(r[key] for r in runs)  # noqa: E731
    stages = {k: statistics.median(r["timings"][k] for r in colds) for k in colds[0]["timings"]}
    rstages = {k: statistics.median(r["timings"][k] for r in rebuilds) for k in rebuilds[0]["timings"]}
    return {"n": n, "rows": rows, "pages": pages, "cold": med(colds, "wall"), "rebuild": med(rebuilds, "wall"),
            "floor": med(floors, "wall"), "stages": stages, "rebuild_stages": rstages,
            "cold_cpu": med(colds, "cpu"), "rebuild_cpu": med(rebuilds, "cpu"), "floor_cpu": med(floors, "cpu"),
            "peak_mb": max(r["peak_mb"] for r in colds + rebuilds), "floor_peak_mb": med(floors, "peak_mb"),
            "redrawn": rebuilds[-1]["charts_drawn"], **sizes(repo),
            **({"bilingual": med(bilinguals, "wall"), "bilingual_pages": bilinguals[0]["pages"],
                "bilingual_stages": {k: statistics.median(r["timings"][k] for r in bilinguals)
                                     for k in bilinguals[0]["timings"]}} if bilinguals else {}),
            **({"report_html": med(reports, "record_html"), "report_pdf": med(reports, "pdf"),
                "pdf_mb": med(reports, "pdf_mb"), "report_exceptions": reports[0]["exceptions"]} if reports else {})}


def report(results: list[dict]) -> str:
    lines = ["| indicators | rows | pages | floor s | cold s | cold/floor | rebuild s | rebuild/floor | "
             "peak MB | page KB | chart KB | site MB |", "|" + "---|" * 12]
    for r in results:
        lines.append(f"| {r['n']:,} | {r['rows']:,} | {r['pages']:,} | {r['floor']:.1f} | {r['cold']:.1f} | "
                     f"{r['cold'] / r['floor']:.1f}× | {r['rebuild']:.1f} | {r['rebuild'] / r['floor']:.1f}× | "
                     f"{r['peak_mb']:.0f} | {r['page_kb']:.1f} | {r['chart_kb']:.1f} | {r['site_mb']:.0f} |")
    lines += ["", "CPU seconds (user and system, the build and all its workers; steadier than wall time on a busy "
              "machine):", "", "| indicators | floor | cold | cold/floor | rebuild | rebuild/floor |",
              "|---|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['n']:,} | {r['floor_cpu']:.1f} | {r['cold_cpu']:.1f} | {r['cold_cpu'] / r['floor_cpu']:.1f}× "
                     f"| {r['rebuild_cpu']:.1f} | {r['rebuild_cpu'] / r['floor_cpu']:.1f}× |")
    lines += ["", "Stages (median seconds; cold → rebuild after one changed value):", "",
              "| indicators | " + " | ".join(results[0]["stages"]) + " |", "|" + "---|" * (len(results[0]["stages"]) + 1)]
    for r in results:
        lines.append(f"| {r['n']:,} | " + " | ".join(f"{r['stages'][k]:.2f} → {r['rebuild_stages'][k]:.2f}"
                                                     for k in r["stages"]) + " |")
    if "bilingual" in results[0]:
        lines += ["", "In English and Welsh (the same council, cold, median seconds):", "",
                  "| indicators | pages | English s | English and Welsh s | ratio | stages |", "|---|---|---|---|---|---|"]
        for r in results:
            stages = ", ".join(f"{k} {v:.1f}" for k, v in r["bilingual_stages"].items())
            lines.append(f"| {r['n']:,} | {r['bilingual_pages']:,} | {r['cold']:.1f} | {r['bilingual']:.1f} | "
                         f"{r['bilingual'] / r['cold']:.2f}× | {stages} |")
    if "report_pdf" not in results[0]:
        return "\n".join(lines)
    lines += ["", f"The quarterly report ({REPORT_PERIOD}, median seconds):", "",
              "| indicators | exceptions | record and HTML s | PDF s | PDF MB |", "|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['n']:,} | {r['report_exceptions']:,} | {r['report_html']:.2f} | {r['report_pdf']:.2f} | "
                     f"{r['pdf_mb']:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated numbers of indicators")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; medians are quoted")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--no-report", action="store_true", help="leave out the quarterly report's PDF")
    parser.add_argument("--bilingual", action="store_true",
                        help="also build each council in English and Welsh, and compare with English alone")
    parser.add_argument("--record", action="store_true",
                        help="write these ratios into benchmarks/record.json, for the next run to compare with")
    parser.add_argument("--child-build", help=argparse.SUPPRESS)
    parser.add_argument("--child-floor", help=argparse.SUPPRESS)
    parser.add_argument("--child-report", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        return child_build(args.child_build)
    if args.child_floor:
        return child_floor(args.child_floor)
    if args.child_report:
        return child_report(args.child_report)
    results = []
    with tempfile.TemporaryDirectory(prefix="build-site-bench-") as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            print(f"benchmarking {n:,} indicators ({args.repeat} runs)…", file=sys.stderr, flush=True)
            results.append(bench(n, args.seed, args.repeat, Path(tmp), not args.no_report, args.bilingual))
            print(report(results[-1:]), file=sys.stderr, flush=True)
    print(f"{os.cpu_count()} cores; python {sys.version.split()[0]}\n")
    print(report(results))
    print("\n" + "\n".join(budget.compare(results, budget.load())))
    if args.record:
        budget.save(results)
        print(f"\nRecorded in {budget.RECORD.relative_to(ROOT)}: commit it with the change it measures.")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
