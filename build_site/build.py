"""The one orchestrator: load → validate → status → pages → write → mkdocs → publish.

Nothing is written until the data have passed validation, and the published
``site/`` is replaced in one step at the very end, so a failed build leaves the
last good site exactly as it was. In between, the work is spread over the cores:
while the data are checked, a forked process compiles the theme's templates and
stages the last published site again for MkDocs; then worker processes render and
write indicator pages (the build takes its share from the other end of the queue)
and go on to draw the charts while MkDocs runs, and the build draws the charts
still waiting once MkDocs is done.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from build_site.core.catalogue import MAIN, _, _n, language, using
from build_site.core.lock import one_build_at_a_time
from build_site.core.model import Package
from build_site.core.problems import Report
from build_site.core.writer import copy_files, link_file, link_files, write_files
from build_site.generators import choose
from build_site.inputs import boundaries, cover
from build_site.inputs import translations as T
from build_site.inputs.load import last_updated, load_raw, published_files
from build_site.inputs.logo import read_logo
from build_site.inputs.validate import to_package, validate
from build_site.officer.report_files import cover_path, read_records
from build_site.outputs.charts import LAYOUTS
from build_site.outputs.downloads import indicator_outputs
from build_site.outputs.pages import Inputs, rows_of
from build_site.publish.staging import TEMPLATES, Preparing, publish, stage_site
from build_site.rating.api import exception_rows
from build_site.rating.status import Statuses, compute
from build_site.site import languages as L
from build_site.site.docs_files import generated_files, write_generated
from build_site.site.schedule import ChartJob, PagesJob, build_pool, start_workers

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    report: Report
    site_dir: Path | None = None
    pages: int = 0
    charts_drawn: int = 0
    charts_cached: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    exception_rows: tuple[dict, ...] = ()


def check(root: Path, as_of: date | None = None) -> tuple[Package | None, Report]:
    """Load and validate only (``as_of``, default today: see ``validate``)."""
    raw = load_raw(Path(root))
    report = validate(raw, as_of)
    if not report.ok:
        return None, report
    pkg = to_package(raw)
    descriptor = raw.contents
    records, problems = read_records(Path(root), descriptor)
    covers = {}
    for r in records:
        path = cover_path(Path(root), r["period"])
        found, bad = cover.read(path, path.relative_to(Path(root)).as_posix())
        problems += bad
        if found is not None:
            covers[r["period"]] = found
    logo, bad_logo = read_logo(Path(root), descriptor, pkg.title)
    shapes, bad_shapes = boundaries.read(Path(root), descriptor, {a.code for a in pkg.areas})
    if problems or bad_logo or bad_shapes:
        return None, Report.of([*report.problems, *problems, *bad_logo, *bad_shapes])
    report = Report(report.problems, (*report.warnings, *L.page_gaps(Path(root), pkg.languages)))
    return dataclasses.replace(pkg, reports=records, covers=covers, logo=logo, boundaries=shapes), report


def statuses_for(root: Path, as_of: date) -> tuple[Package | None, Statuses | None, Report]:
    pkg, report = check(root, as_of)
    return pkg, (compute(pkg, as_of) if pkg else None), report


# --------------------------------------------------------------------------- the build

def build(root: Path, as_of: date, site_dir: Path | None = None, progress: Progress = lambda _m: None,
          use_cache: bool = True, workers: int | None = None, site_url: str | None = None,
          generator: str | None = None, language: str = MAIN) -> BuildResult:
    """Check the data and, if they are valid, build the site into ``site_dir`` (root/site), at
    ``site_url`` (default: mkdocs.yml's), with the site ``generator`` named (see ``generators``),
    its words in ``language`` (see ``catalogue``)."""
    root = Path(root).resolve()
    site_dir = Path(site_dir).resolve() if site_dir else root / "site"
    if not (root / "datapackage.json").is_file():  # (not a council's folder: nothing is written, not even a lock)
        return BuildResult(check(root, as_of)[1])
    with one_build_at_a_time(root, progress), using(language):
        preparing = Preparing(root, use_cache, site_dir)
        try:
            return _build(root, as_of, site_dir, progress, use_cache, workers, preparing, site_url, generator)
        finally:
            preparing.join()


def _may_reuse(preparing: Preparing, use_cache: bool, progress: Progress) -> bool:
    """Once the last published site is checked (nothing edited there is reused): whether the
    build may reuse what earlier builds made."""
    edited = preparing.edited()
    if edited > 0:
        progress(_n("{n} file of the last published site changed since it was built: made afresh",
                    "{n} files of the last published site changed since it was built: made afresh", edited))
    elif edited < 0:
        progress(_("The last published site could not be checked: building everything afresh"))
    return use_cache and edited >= 0


def _read_memo(memo_file: Path) -> dict[str, str]:
    """What each indicator's pages were rendered from last time (nothing, if unreadable)."""
    try:
        memo = json.loads(memo_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return memo if isinstance(memo, dict) and all(isinstance(v, str) for v in memo.values()) else {}


def _place_charts(docs: Path, svgs: dict, chart_files: dict) -> None:
    """Each chart into docs/: a link to its file in the cache, or written from its bytes."""
    drawn_here = {}
    for ind_id, layouts in svgs.items():
        for name, svg in layouts.items():
            if isinstance(svg, Path):
                link_file(svg, docs / chart_files[ind_id][name])
            else:
                drawn_here[chart_files[ind_id][name]] = svg
    write_files(docs, drawn_here)


@dataclass
class _Language:
    """The part of a build in one of the site's languages: its package (texts translated), the
    pages and charts being made from it, and the folder of docs/ they go into."""

    code: str
    pkg: Package
    docs: Path
    memo_file: Path
    pages: PagesJob
    charts: ChartJob
    chart_files: dict
    chart_paths: list


def _language(root: Path, code: str, pkg: Package, statuses: Statuses, inputs: Inputs, use_cache: bool,
              ahead=None) -> _Language:
    """What the build makes in ``code`` (in that language, with ``using``)."""
    docs = L.docs_for(root / "docs", code, pkg.languages)
    here = T.translated(pkg, code)
    memo_file = root / ".cache" / f"pages{'' if code == pkg.languages[0] else '-' + code}.json"
    memo = _read_memo(memo_file) if use_cache else {}
    memo = {i: k for i, k in memo.items()  # (an overview page's key is under its path)
            if all((docs / p).is_file() for p in ([i] if "/" in i else indicator_outputs(i)))}
    rows = rows_of(here, statuses)
    chart_files = {ind_id: {lay.name: f"indicators/{ind_id}/{lay.name}" for lay in LAYOUTS} for ind_id in rows.specs}
    charts = ChartJob(rows.specs, root / ".cache" / "charts" if use_cache else None)
    pages_job = PagesJob(here, statuses, inputs, memo, rows,
                         root / ".cache" / TEMPLATES / "pages" if use_cache else None, docs, ahead)
    return _Language(code, here, docs, memo_file, pages_job, charts, chart_files,
                     sorted(path for paths in chart_files.values() for path in paths.values()))


def _rendered(part: _Language, progress: Progress, pool) -> tuple[dict, dict, dict]:
    """The language's pages rendered in it (its share here, the workers' taken in; their charts
    queued next): its files, memo and the pages' search entries."""
    with using(part.code):
        files, memo, index = part.pages.result()
    part.charts.start(pool, progress)
    return files, memo, index


def _write(part: _Language, files: dict, memo: dict, progress: Progress) -> int:
    """The language's files into its folder of docs/ (said in the build's own language); how many
    pages there are."""
    fresh = sum(v is not None for v in files.values())
    progress(_("Writing {n} generated files into {folder} ({unchanged} unchanged)",
               n=fresh + part.pages.written_ahead, unchanged=len(files) - fresh - part.pages.written_ahead,
               folder="docs/" + L.folder(part.code, part.pkg.languages)))
    write_generated(part.docs, files, pending=tuple(part.chart_paths))
    write_files(part.memo_file.parent, {part.memo_file.name: json.dumps(memo, sort_keys=True).encode()})
    return sum(1 for p in files if p.endswith(".md"))


def _build(root: Path, as_of: date, site_dir: Path, progress: Progress, use_cache: bool,
           workers: int | None, preparing, site_url: str | None = None, generator: str | None = None
           ) -> BuildResult:
    timings: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name):
        nonlocal t
        now = time.perf_counter()
        timings[name] = timings.get(name, 0.0) + now - t
        t = now

    progress(_("Checking the data in {folder}", folder=root))
    pkg, report = check(root, as_of)
    lap("validate")
    if pkg is None:
        return BuildResult(report, timings=timings)
    if language() != MAIN:  # (a build in one other language, such as the pseudo-locale: that one alone)
        pkg = dataclasses.replace(pkg, languages=(language(),), language=language())
    statuses = compute(pkg, as_of)
    lap("status")
    exceptions = len(statuses.exceptions())
    progress(_("Rated {indicators} as of {date}: {exceptions}", date=as_of.isoformat(),
               indicators=_n("{n} indicator", "{n} indicators", len(pkg.indicators)),
               exceptions=_n("{n} exception", "{n} exceptions", exceptions)))
    use_cache = _may_reuse(preparing, use_cache, progress)
    inputs = Inputs(last_updated(root, pkg.descriptor), published_files(root, pkg.descriptor),
                    root / ".cache" / "reports" if use_cache else None)
    site_generator = choose(root, generator, progress)
    parts = []
    for code in pkg.languages:
        with using(code):
            parts.append(_language(root, code, pkg, statuses, inputs, use_cache, site_generator.ahead))
    pool = build_pool(workers, sum(max(len(p.charts.missing), len(p.pages.todo)) for p in parts))
    for part in parts:
        part.memo_file.unlink(missing_ok=True)  # until this build is written, the memo is not to be trusted
    # The data, loaded and rated, live to the end of the build: the garbage collector leaves
    # them alone from here (in forked workers, that also keeps their memory shared).
    gc.freeze()
    try:  # pages and then charts queued for the workers; this process takes its share of both
        start_workers(pool, {p.code: p.pages for p in parts})
        made = [_rendered(part, progress, pool) for part in parts]
        # (what build-site writes into docs/ in the main language, now and last time: not hand-written)
        ours = {*made[0][0], *parts[0].chart_paths, *generated_files(root / "docs")}
        for part, (files, _memo, _index) in zip(parts[1:], made[1:]):  # the hand-written pages, in each
            files.update(L.handwritten(root / "docs", ours, part.code, pkg.languages))
        lap("pages")
        pages = sum(_write(part, files, memo, progress) for part, (files, memo, _index) in zip(parts, made))
        indexes = {part.code: index for part, (_files, _memo, index) in zip(parts, made)}
        del made
        report_rows = tuple(exception_rows(pkg, statuses))
        languages = pkg.languages
        del pkg, statuses, inputs  # MkDocs needs the memory more
        for part in parts:
            part.pages = part.pkg = None  # type: ignore[assignment]  # (freed: MkDocs needs the memory more)
        lap("write")
        preparing.join()  # (long since done) the theme's templates compiled whole, the trash emptied
        staged, linkable = stage_site(root, use_cache, site_generator, progress, indexes,
                                      site_url, languages)
        del indexes
        lap("mkdocs")
        drawn = cached = 0
        for part in parts:  # the last charts, into docs/ and the staged site (links to the cache's files)
            with using(part.code):
                svgs, n = part.charts.result()
            _place_charts(part.docs, svgs, part.chart_files)
            (link_files if linkable else copy_files)(part.docs, staged / L.folder(part.code, languages),
                                                     part.chart_paths)
            drawn, cached = drawn + n, cached + len(svgs) - n
        lap("charts")
        publish(root, staged, site_dir, linkable, pool)
        lap("publish")
    finally:
        gc.unfreeze()
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    progress(_n("Built {n} page into {folder}", "Built {n} pages into {folder}", pages, folder=site_dir))
    return BuildResult(report, site_dir, pages, drawn, cached, timings, report_rows)
