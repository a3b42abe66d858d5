"""Staging and publishing the site: MkDocs builds into ``.cache/site-build/``, which then
becomes ``site/`` in one step; the next build stages the published site again (after
checking that nobody edited it: see ``integrity``) so that MkDocs rebuilds only what changed.

While the build checks the data, a forked process (``start_preparing``) checks the last
published site, compiles the theme's templates, stages that site again and empties the
trash.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Set
from pathlib import Path

from build_site.core.catalogue import MAIN, _
from build_site.core.writer import clone_tree, discard, empty_trash, replace_dir
from build_site.generators import STAGED_ONLY, Generator, Job
from build_site.generators.mkdocs import warm_theme
from build_site.inputs import translations as T
from build_site.outputs.pages import code_digest, compile_templates
from build_site.publish import discovery, integrity
from build_site.site import languages as L
from build_site.site.schedule import forking

Progress = Callable[[str], None]


def _signature(root: Path) -> str:
    """What every page's surroundings depend on: the configuration, the theme overrides,
    the list of pages and the tools' versions. When it changes, the staged site is rebuilt
    from clean; otherwise only pages whose source changed are."""
    from importlib.metadata import version

    h = hashlib.sha256()
    for name in ("build-site", "mkdocs", "mkdocs-material"):
        h.update(f"{name}={version(name)}\n".encode())
    h.update((root / "mkdocs.yml").read_bytes() if (root / "mkdocs.yml").is_file() else b"")
    h.update(code_digest().encode())  # (all of build-site's own code and templates)
    for path in sorted((root / "overrides").rglob("*")) if (root / "overrides").is_dir() else []:
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for path in sorted((root / "docs").rglob("*.md")):
        h.update(path.relative_to(root).as_posix().encode() + b"\n")
    return h.hexdigest()


# In .cache/: the staged site MkDocs builds into, the signature it was built with (see
# ``_signature``), and where replaced sites wait to be deleted.
STAGED, STAMP, TRASH = "site-build", "site-build.signature", "trash"
TEMPLATES = "templates"  # in .cache/: compiled templates, the theme's in theme/ and the pages' in pages/


def stage_site(root: Path, incremental: bool, generator: Generator, progress: Progress = lambda _m: None,
               indexes: dict[str, dict] | None = None, site_url: str | None = None,
               languages: tuple[str, ...] = (MAIN,)) -> tuple[Path, bool]:
    """Build the site with the ``generator`` into .cache/site-build/, each language after the
    main one into its folder there (``site/languages``), rebuilding only changed pages when it
    can and nothing around them changed (``restage`` put last build's site back there).
    ``publish`` then puts it in place of site/. Returns the staged site and whether it may
    share files with docs/ as hard links. ``site_url``, if given, stands in for mkdocs.yml's;
    ``indexes`` are each language's pages' search entries, worked out ahead."""
    staged = root / ".cache" / STAGED
    signature = _signature(root) + f"\nsite_url={site_url or ''}\ngenerator={generator.name}\nlanguages={languages}"
    dirty = incremental and staged.is_dir()
    linkable = True
    for code in languages:
        here = staged / L.folder(code, languages)
        stamp = root / ".cache" / (STAMP if code == languages[0] else f"{STAGED}-{code}.signature")
        dirty = (generator.incremental and dirty and here.is_dir() and stamp.is_file()
                 and stamp.read_text() == signature)
        words = {"generator": generator.label, "language": T.language_name(code)}
        if len(languages) == 1:
            progress(_("Building the site with {generator} (only the pages that changed)", **words) if dirty
                     else _("Building the site with {generator}", **words))
        else:
            progress(_("Building the site in {language} with {generator} (only the pages that changed)", **words)
                     if dirty else _("Building the site in {language} with {generator}", **words))
        stamp.unlink(missing_ok=True)  # until this build succeeds, the staged site is not to be trusted
        if not dirty and here.exists():
            discard(here, root / ".cache" / TRASH)
        here.parent.mkdir(parents=True, exist_ok=True)
        linkable &= generator.build(Job(
            root, here, dirty=dirty, index=(indexes or {}).get(code), site_url=site_url,
            template_cache=root / ".cache" / TEMPLATES / "theme" if incremental else None,
            language=code, languages=languages))
        stamp.write_text(signature)
    discovery.write(staged, languages, discovery.site_address(root, site_url))
    return staged, linkable


PUBLISHED = "site-published.json"  # in .cache/: the site/ the staged site became, to stage it again
PUBLISHED_ENTRIES = "site-published-search.json"  # in .cache/: its pages' search entries (not published)


def _entries_name(folder: str) -> str:
    """Where the search entries of the staged site's ``folder`` ('.' or a language's) are kept."""
    return PUBLISHED_ENTRIES if folder == "." else PUBLISHED_ENTRIES.replace(".json", f"-{folder}.json")


def _published_record(cache: Path) -> dict:
    try:
        info = json.loads((cache / PUBLISHED).read_text(encoding="utf-8"))
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
        return {}


def publish(root: Path, staged: Path, site_dir: Path, linkable: bool, pool=None) -> None:
    """Put the staged site in place of ``site_dir`` in one step, the replaced site moved into
    the trash. On the same file system the staged site itself moves there (nothing is
    copied), recorded file by file (``integrity``), and the next build stages a hard-link
    copy of it again (``restage``) while it checks the data; on another, a copy of it moves
    there, sharing no file with anything a later build reuses. (``pool``: worker processes
    that may share the reading of the files.)"""
    cache = root / ".cache"
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    record = cache / PUBLISHED
    previous = _published_record(cache).get("files")
    record.unlink(missing_ok=True)
    if os.stat(staged.parent).st_dev != os.stat(site_dir.parent).st_dev:
        tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
        try:
            clone_tree(staged, tmp / "site", frozenset({STAGED_ONLY}), link=False)
            replace_dir(tmp / "site", site_dir, trash=cache / TRASH)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return
    stamp = cache / STAMP
    signature = stamp.read_text() if stamp.is_file() else ""
    stamp.unlink(missing_ok=True)  # (the staged site is about to be the published one)
    for kept in cache.glob(PUBLISHED_ENTRIES.replace(".json", "*.json")):
        kept.unlink(missing_ok=True)
    for found in [staged / STAGED_ONLY, *staged.glob(f"*/{STAGED_ONLY}")]:  # (each language's site)
        if found.is_file():  # kept, but not published
            os.replace(found, cache / _entries_name(found.parent.relative_to(staged).as_posix()))
    files = integrity.survey(staged, previous if isinstance(previous, dict) else None, pool)
    replace_dir(staged, site_dir, trash=cache / TRASH)
    record.write_text(json.dumps({"site": str(site_dir), "signature": signature, "linkable": linkable,
                                  "files": files}, separators=(",", ":")))


def check_published(root: Path) -> set[str]:
    """Before anything is reused: the files of the last published site that someone has
    edited (or added) since, as paths in that site. Every file in docs/ and .cache/ that is
    one of them (the same file, through a hard link) is deleted, to be made again."""
    cache = root / ".cache"
    info = _published_record(cache)
    site, files = info.get("site"), info.get("files")
    if not isinstance(site, str) or not isinstance(files, dict) or not Path(site).is_dir():
        return set()
    edited, inodes = integrity.changed_since(Path(site), files)
    if inodes:
        integrity.forget(inodes, [root / "docs", cache / "charts", cache / STAGED])
    return edited


def restage(root: Path, site_dir: Path, edited: Set[str] = frozenset()) -> None:
    """Before a build: if the last build's staged site became ``site_dir``, stage a copy of it
    again (hard links, unless that build copied), without the files someone has ``edited``
    since, so that MkDocs rebuilds only the pages that change (and those files). Anything
    unexpected leaves nothing staged: MkDocs then builds every page."""
    cache = root / ".cache"
    staged, record = cache / STAGED, cache / PUBLISHED
    if staged.exists() or not record.is_file():
        return
    tmp = cache / f"{STAGED}.restaging"
    try:
        info = json.loads(record.read_text(encoding="utf-8"))
        if info.get("site") != str(site_dir) or not site_dir.is_dir():
            return
        shutil.rmtree(tmp, ignore_errors=True)
        clone_tree(site_dir, tmp, link=bool(info.get("linkable")), exclude=frozenset(edited))
        for kept in cache.glob(PUBLISHED_ENTRIES.replace(".json", "*.json")):
            folder = kept.name[len(PUBLISHED_ENTRIES) - 5:-5].lstrip("-")
            if (tmp / folder).is_dir():
                shutil.copyfile(kept, tmp / folder / STAGED_ONLY)
        os.replace(tmp, staged)
        (cache / STAMP).write_text(info.get("signature", ""))
    except (OSError, ValueError):
        shutil.rmtree(tmp, ignore_errors=True)


def _prepare(root: Path, use_cache: bool, site_dir: Path, compile_ahead: bool, checked, edited_count) -> None:
    """While the build checks the data: check the last published site (``check_published``),
    and say so (``checked``: the build reuses nothing before); with the cache, compile the
    theme's templates (``warm_theme``) and the pages' (``compile_ahead``) and stage the last
    build's site again (``restage``); then delete the site the last build replaced (last: a
    file system is slower to create files just after deleting many). Whatever fails here is
    left for the build to meet and report itself."""
    edited: set[str] = set()
    try:
        edited = check_published(root)
        edited_count.value = len(edited)
    except Exception:  # noqa: BLE001
        edited_count.value = -1  # (unknown: the build then reuses nothing)
    finally:
        checked.set()
    try:
        if use_cache and edited_count.value >= 0:
            if compile_ahead:
                warm_theme(root, root / ".cache" / TEMPLATES / "theme")
                try:
                    compile_templates(root / ".cache" / TEMPLATES / "pages")
                except Exception:  # noqa: BLE001 (the build will compile and report them itself)
                    pass
            restage(root, site_dir, edited)
        empty_trash(root / ".cache" / TRASH)
    except Exception:  # noqa: BLE001
        pass


class Preparing:
    """``_prepare`` under way: in a forked process, with a core to spare (else in a thread,
    without compiling ahead)."""

    def __init__(self, root: Path, use_cache: bool, site_dir: Path):
        fork = forking()
        context = multiprocessing.get_context("fork" if fork else None)
        self._checked, self._edited = context.Event(), context.Value("i", 0)
        args = (root, use_cache, site_dir, fork, self._checked, self._edited)
        self._work: threading.Thread | multiprocessing.process.BaseProcess
        if fork:
            self._work = context.Process(target=_prepare, args=args, daemon=True, name="build-site-prepare")
        else:
            self._work = threading.Thread(target=_prepare, args=args, name="build-site-prepare")
        self._work.start()

    def edited(self) -> int:
        """Once the last published site is checked: how many of its files were edited since
        (-1 when it could not be checked, and nothing may be reused)."""
        while not self._checked.wait(timeout=1.0):
            if not self._work.is_alive() and not self._checked.is_set():
                return -1
        return self._edited.value

    def join(self) -> None:
        """Wait for the rest (before MkDocs runs)."""
        self._work.join()
