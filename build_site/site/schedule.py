"""Scheduling: the work of a build spread over the cores.

Worker processes, forked once the data are rated (so that they inherit them), render and
write indicator pages in chunks (``PagesJob``) and then draw charts (``ChartJob``); the
build takes its share of both from the other end of the queue (``_share_out``) rather
than wait. Nothing here decides what a page or chart says: that is ``pages`` and
``charts``; this module only decides where and when.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from build_site.core.catalogue import _n, language, using
from build_site.core.writer import write_atomic, write_files
from build_site.outputs import charts as C
from build_site.outputs.downloads import indicator_outputs
from build_site.outputs.pages import KEEP, Inputs
from build_site.site.docs_files import claim_generated
from build_site.site.families import FAMILIES, name_of, render_site

Progress = Callable[[str], None]
#: A site generator's work on each page done ahead (``Generator.ahead``): {path: bytes} -> {path: ...}
Ahead = Callable[[dict[str, bytes | None]], dict] | None


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def forking() -> bool:
    """Whether work can go to forked processes on another core."""
    return (os.cpu_count() or 1) >= 2 and can_fork()


# --------------------------------------------------------------------------- work shared with the workers

def _share_out(pending: list, here: Callable, theirs: Callable) -> None:
    """Chunks of work queued in the pool as [(future, chunk)]: whatever the workers have not
    started, this process does itself (``here(chunk)``), from the back of the queue while they
    work from the front, rather than wait; then it takes their results (``theirs(result)``)."""
    for future, chunk in reversed(pending):
        if not future.cancel():
            break
        here(chunk)
    for future, _chunk in pending:
        if not future.cancelled():
            theirs(future.result())


# --------------------------------------------------------------------------- charts

def _draw_one(item: tuple[str, C.ChartSpec, Path | None]) -> tuple[str, dict[str, bytes] | None]:
    """Draw one chart in every layout; with a cache, store them there (from the worker: no
    bytes sent back)."""
    key, spec, cache_dir = item
    svgs = C.draw_all(spec)
    if cache_dir is None:
        return key, svgs
    for name, svg in svgs.items():
        write_atomic(cache_dir / f"{key}-{name}", svg)
    return key, None


def _draw_many(items: list) -> list[tuple[str, dict[str, bytes] | None]]:
    with C.settings():  # (set once for them all)
        return [_draw_one(item) for item in items]


class ChartJob:
    """Charts being drawn in other processes while the pages are written and MkDocs runs.

    Charts already in the content-addressed cache (``<key>-chart.svg`` and the other
    layouts) are not drawn again; the rest are drawn in the build's process pool (or here,
    when there are only a few, or no pool) and stored in the cache as they are drawn.
    ``result`` waits for them."""

    def __init__(self, specs: dict[str, C.ChartSpec], cache_dir: Path | None):
        self.cache_dir = cache_dir
        self.keys = {ind: spec.key() for ind, spec in specs.items()}
        keys = sorted({self.keys[ind]: spec for ind, spec in specs.items()}.items())
        self.missing = [(k, spec, cache_dir) for k, spec in keys if cache_dir is None or not all(
            (cache_dir / f"{k}-{lay.name}").is_file() for lay in C.LAYOUTS)]
        self.cached = len(keys) - len(self.missing)
        self._pending: list[tuple[Any, list[Any]]] | None = None  # [(future, chunk)]
        self._drawn: dict[str, dict[str, bytes] | None] | None = None

    def start(self, pool: ProcessPoolExecutor | None, progress: Progress = lambda _m: None) -> None:
        """Queue the charts in ``pool`` (when there are enough to share), behind whatever is
        queued there already."""
        if not self.missing:
            return
        progress(_n("Drawing {n} chart ({cached} unchanged, from the cache)",
                    "Drawing {n} charts ({cached} unchanged, from the cache)", len(self.missing), cached=self.cached))
        if self.cache_dir is not None:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        if pool is not None and len(self.missing) >= 24:
            size = max(1, len(self.missing) // 100)
            chunks = [self.missing[i:i + size] for i in range(0, len(self.missing), size)]
            self._pending = [(pool.submit(_draw_many, chunk), chunk) for chunk in chunks]

    def result(self) -> tuple[dict[str, dict[str, Path | bytes]], int]:
        """{indicator id: {layout's file name: the chart (its file in the cache, or its bytes)}},
        and how many charts were drawn."""
        if self._drawn is None:
            if self._pending is None:
                self._drawn = dict(_draw_many(self.missing))
            else:
                drawn: dict[str, dict[str, bytes] | None] = {}
                _share_out(self._pending, lambda chunk: drawn.update(_draw_many(chunk)), drawn.update)
                self._drawn = drawn
        out: dict[str, dict[str, Path | bytes]] = {}
        for ind, key in self.keys.items():
            svgs = self._drawn.get(key)
            if svgs is not None:
                out[ind] = dict(svgs)
            elif self.cache_dir is not None:  # (drawn into the cache, by a worker or a build before)
                out[ind] = {lay.name: self.cache_dir / f"{key}-{lay.name}" for lay in C.LAYOUTS}
        return out, len(self.missing)


# --------------------------------------------------------------------------- pages, shared with the workers

_SHARED: dict[str, tuple] = {}  # what forked workers render pages from, by language (set while they are forked)


def _pages_part(ids: frozenset[str], words: str, ahead: Ahead) -> tuple[list[str], dict[str, str], dict]:
    """In a worker: render these indicators' pages in a language and write them into its folder
    of docs/ (claimed already). Returns their paths, their memo and what the site generator will
    want of them (``ahead``)."""
    files, new_memo = _render_shared(ids, False, words)
    docs = _SHARED[words][6]  # (the order of PagesJob.shared)
    write_files(docs, {p: data for p, data in files.items() if data is not None})
    return list(files), new_memo, ahead(files) if ahead is not None else {}


def _family_part(name: str, words: str) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """In a worker: render one of the overview's families (its files and keys come back)."""
    return _render_shared(frozenset(), (name,), words)


def _render_shared(only: frozenset[str], overview, words: str) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """In a worker: render from what it inherited (``_SHARED``), in one of the build's languages."""
    pkg, statuses, inputs, memo, rows, template_cache, _docs, _words = _SHARED[words]
    with using(words):
        return render_site(pkg, statuses, inputs, memo, rows, template_cache, only=only, overview=overview)


#: What a family may read that stays in the build's process: the published data's bytes,
#: large to send back and forth (see each family's READS).
STAYS_HERE = frozenset({"inputs.raw_files"})


def placed(families=FAMILIES) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The overview's families by where they may run, from what each reads: (in the build's
    process only, in any process)."""
    here = tuple(name_of(f) for f in families if STAYS_HERE & set(f.READS))
    return here, tuple(name_of(f) for f in families if name_of(f) not in here)


class AheadIndex(dict):
    """What the site generator works out ahead for each page (``Generator.ahead``), some still
    being worked out by the workers: looking a page up
    takes in whatever has arrived by then, and never waits for the rest."""

    def __init__(self) -> None:
        super().__init__()
        self._pending: list = []

    def add(self, future) -> None:
        self._pending.append(future)

    def get(self, key, default=None):
        if key not in self and self._pending:
            for future in [f for f in self._pending if f.done()]:
                self._pending.remove(future)
                if not future.cancelled() and future.exception() is None:
                    self.update(future.result())
        return super().get(key, default)


def build_pool(workers: int | None, work: int) -> ProcessPoolExecutor | None:
    """The worker processes: by default one fewer than the cores, so that the build itself
    keeps one. None when there is one core, or too little ``work`` to share."""
    workers = workers or max(1, min((os.cpu_count() or 1) - 1, 8))
    if work < 24 or ((os.cpu_count() or 1) < 2 and workers < 2):
        return None
    context = multiprocessing.get_context("fork") if can_fork() else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


class PagesJob:
    """Every generated page. With a pool of forked workers, the indicator pages still to be
    rendered are queued there in chunks; each worker renders its chunks and writes them into
    docs/ itself. Meanwhile this process renders the overview pages, then takes chunks the
    workers have not started, from the back of the queue, so that both finish together.
    Files the workers wrote come back from ``result`` as KEEP."""

    CHUNK = 40

    def __init__(self, pkg, statuses, inputs: Inputs, memo: dict[str, str], rows, template_cache: Path | None,
                 docs: Path, ahead: Ahead = None):
        self.args = (pkg, statuses, inputs, memo, rows, template_cache)
        self.docs = docs
        self.ahead = ahead
        self.todo = [i.id for i in pkg.indicators if i.id not in memo]
        self._pending: list = []
        self._families: list = []  # overview families queued for the workers: [(future, name)]
        self._pool: ProcessPoolExecutor | None = None
        self.written_ahead = 0  # files the workers wrote

    @property
    def shared(self) -> tuple:
        """What a worker needs, inherited when it is forked (see ``_SHARED``)."""
        return (*self.args, self.docs, language())

    def start(self, pool: ProcessPoolExecutor | None) -> None:
        """Queue the pages in ``pool``, claiming their files in docs/ first."""
        self._pool = pool
        if pool is None or len(self.todo) < 100 or not can_fork():
            return  # (a worker renders from what it inherits when forked)
        claim_generated(self.docs, [p for i in self.todo for p in indicator_outputs(i)])
        chunks = [frozenset(self.todo[k:k + self.CHUNK]) for k in range(0, len(self.todo), self.CHUNK)]
        words = language()
        self._pending = [(pool.submit(_pages_part, chunk, words, self.ahead), chunk) for chunk in chunks]
        self._families = [(pool.submit(_family_part, name, words), name) for name in placed()[1]]

    def result(self) -> tuple[dict[str, bytes | None], dict[str, str], AheadIndex]:
        """Every generated file (KEEP for those written already, or unchanged), the memo, and
        what the site generator wants of each page, worked out by the workers (``self.ahead``, such
        as the pages' search entries): for the pages this process rendered, they arrive later
        (queued behind the pages)."""
        pkg = self.args[0]
        index = AheadIndex()

        def index_ahead(part: Mapping[str, bytes | None]) -> None:
            if self._pool is not None and self.ahead is not None:
                index.add(self._pool.submit(self.ahead, {p: d for p, d in part.items()
                                                          if d is not None and p.endswith(".md")}))

        queued = {i for _future, chunk in self._pending for i in chunk}
        files, memo = render_site(*self.args, only=frozenset(i.id for i in pkg.indicators if i.id not in queued)
                                  if queued else None, overview=placed()[0] if self._families else True)
        index_ahead(files)

        def family_here(name: str) -> None:
            family_theirs(render_site(*self.args, only=frozenset(), overview=(name,)))

        def family_theirs(result: tuple) -> None:
            part, part_memo = result
            files.update(part)
            memo.update(part_memo)
            index_ahead(part)

        _share_out(self._families, family_here, family_theirs)

        def here(chunk: frozenset[str]) -> None:
            part, part_memo = render_site(*self.args, only=chunk, overview=False)
            files.update(part)
            memo.update(part_memo)
            index_ahead(part)

        def theirs(result: tuple) -> None:
            paths, part_memo, part_index = result
            files.update(dict.fromkeys(paths, KEEP))  # written already
            self.written_ahead += len(paths)
            memo.update(part_memo)
            index.update(part_index)

        _share_out(self._pending, here, theirs)
        return files, memo, index


def start_workers(pool: ProcessPoolExecutor | None, jobs: dict[str, PagesJob]) -> None:
    """Queue the pages of each language ({language: its pages}) in the pool, whose workers are
    forked as they are queued, with what they render pages from (``_SHARED``)."""
    if pool is None:
        return
    for words, pages in jobs.items():
        with using(words):
            _SHARED[words] = pages.shared
    try:
        for words, pages in jobs.items():
            with using(words):
                pages.start(pool)
    finally:
        _SHARED.clear()
