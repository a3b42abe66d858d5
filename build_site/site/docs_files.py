"""The generated files in ``docs/``: which they are (a manifest, ``docs/.generated``), so
that a build never overwrites a hand-written page and removes what it generated last time
and no longer does."""

from __future__ import annotations

from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.problems import CannotContinue
from build_site.core.writer import write_files

MANIFEST = ".generated"  # docs/.generated: the files build-site wrote into docs/


def generated_files(docs: Path) -> set[str]:
    """The files build-site wrote into docs/, from its manifest."""
    manifest = docs / MANIFEST
    return set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()


def _check_clashes(docs: Path, before: set[str], paths) -> None:
    clashes = sorted(p for p in paths if p not in before and (docs / p).exists())
    if clashes:
        pages = ", ".join(clashes[:5])
        if len(clashes) > 5:
            pages = _("{pages} and {n} more", pages=pages, n=len(clashes) - 5)
        raise CannotContinue(_(
            "build-site generates these pages, but they are already in docs/ and were not written by it: {pages}. "
            "Move hand-written content to another page (for example docs/about.md); if they are left over "
            "from an earlier build, delete them. Then build again.", pages=pages))


def claim_generated(docs: Path, paths, written=None) -> set[str]:
    """Before generated files are written: check that none of those to be ``written`` (all
    ``paths`` by default) is a hand-written page, and list ``paths`` as generated, so that an
    interrupted build leaves no file unaccounted for. Returns what was listed before."""
    before = generated_files(docs)
    _check_clashes(docs, before, paths if written is None else written)
    docs.mkdir(parents=True, exist_ok=True)
    _write_manifest(docs, before | set(paths))
    return before


def _write_manifest(docs: Path, paths: set[str]) -> None:
    (docs / MANIFEST).write_text("\n".join(sorted(paths)) + "\n", encoding="utf-8")


def write_generated(docs: Path, files: dict[str, bytes | None], pending: tuple[str, ...] = ()) -> None:
    """Write generated pages into docs/, removing ones from the last build that are gone,
    and never overwriting a hand-written page. ``pending`` are generated files written
    later in the build (the charts): listed as generated now, and checked for clashes."""
    later = set(pending)
    ours = set(files) | later
    before = claim_generated(docs, ours, written=[p for p in ours if p in later or files[p] is not None])
    for stale in sorted(before - ours):
        path = docs / stale
        if path.is_file():
            path.unlink()
        for folder in path.parents:  # (and the folders it leaves empty, such as a removed indicator's)
            if folder == docs or not folder.is_dir() or any(folder.iterdir()):
                break
            folder.rmdir()
    write_files(docs, {p: data for p, data in files.items() if data is not None})  # None: keep what is there
    _write_manifest(docs, ours)
