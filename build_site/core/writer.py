"""The only stage that writes to disk: files, generated pages and the site swap.

A file is never rewritten in place: a changed file is removed and written anew.
That lets the staged site, docs/ and the published site/ share unchanged files as
hard links (cheap to publish), without a later write to one showing up in another.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write {relative path: bytes} under ``root``, creating folders. Many files are written
    by a few threads: a file system is slow to create files one at a time, not to write them."""
    root = Path(root)
    items = sorted(files.items())
    for folder in sorted({(root / rel).parent for rel, _ in items}):
        folder.mkdir(parents=True, exist_ok=True)
    if len(items) < 256:
        for item in items:
            _write_one(root, item)
        return
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in pool.map(lambda chunk: _write_all(root, chunk), _chunks(items, 64)):
            pass  # (raises the first error, if any)


def _chunks(items: list[tuple[str, bytes]], size: int) -> list[list[tuple[str, bytes]]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _write_all(root: Path, chunk: list[tuple[str, bytes]]) -> None:
    for item in chunk:
        _write_one(root, item)


def _write_one(root: Path, item: tuple[str, bytes]) -> None:
    rel, data = item
    path = root / rel
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return  # unchanged: keep the timestamp, so rebuilds stay cheap
        path.unlink()
    except FileNotFoundError:
        pass
    path.write_bytes(data)


def write_atomic(path: Path, data: bytes) -> None:
    """Write one file so that it is either whole or absent, never half-written (for caches,
    which later builds trust), making its folder if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def link_files(src_root: Path, dst_root: Path, rels: Iterable[str]) -> None:
    """Put each file under ``src_root`` at the same place under ``dst_root`` as a hard link
    (a copy where links cannot be made). Files already linked are left alone."""
    src_root, dst_root = Path(src_root), Path(dst_root)
    made: set[Path] = set()
    for rel in rels:
        link_file(src_root / rel, dst_root / rel, made)


def copy_files(src_root: Path, dst_root: Path, rels: Iterable[str]) -> None:
    """Copy each file under ``src_root`` to the same place under ``dst_root``, as a new file."""
    for rel in rels:
        copy_file(Path(src_root) / rel, Path(dst_root) / rel)


def copy_file(src: Path, dst: Path) -> None:
    """``dst`` becomes a copy of ``src``, as a new file (never the old one rewritten)."""
    dst.unlink(missing_ok=True)
    dst.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dst)


def link_file(src: Path, dst: Path, made: set[Path] | None = None) -> None:
    """``dst`` becomes a hard link to ``src`` (a new file, never the old one rewritten)."""
    try:
        if os.path.samefile(src, dst):
            return
        dst.unlink()
    except FileNotFoundError:
        pass
    if made is None or dst.parent not in made:
        dst.parent.mkdir(parents=True, exist_ok=True)
        if made is not None:
            made.add(dst.parent)
    _link(src, dst)


def _link(src: Path | str, dst: Path | str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(src, dst)


def clone_tree(src: Path, dst: Path, skip: frozenset[str] = frozenset(), link: bool = True,
               exclude: frozenset[str] = frozenset()) -> None:
    """A copy of the folder ``src`` at ``dst`` (new), files hard-linked when ``link``, without
    files named as in ``skip`` or at the relative paths in ``exclude``."""
    source, target = str(src), str(dst)
    os.mkdir(target)
    for here, dirs, files in os.walk(source):
        rel = os.path.relpath(here, source)
        out = target if rel == "." else os.path.join(target, rel)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for name in dirs:
            os.mkdir(os.path.join(out, name))
        for name in files:
            if name not in skip and prefix + name not in exclude:
                (_link if link else shutil.copyfile)(os.path.join(here, name), os.path.join(out, name))


def replace_dir(new: Path, target: Path, trash: Path | None = None) -> None:
    """Put the finished ``new`` folder where ``target`` was, as one swap at the end. The old
    folder is deleted, or, given ``trash``, moved there to be deleted later (``empty_trash``)."""
    target = Path(target)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        try:
            os.replace(target, old / target.name)
        except OSError:
            os.rmdir(old)
            raise
    try:
        os.replace(new, target)
    except OSError:
        if old is not None:  # the old site back where it was, as if nothing had happened
            os.replace(old / target.name, target)
            os.rmdir(old)
        raise
    if old is not None:
        discard(old, trash)


def discard(path: Path, trash: Path | None = None) -> None:
    """Move ``path`` into ``trash``, to be deleted later (``empty_trash``): a file system is
    slower to create files just after deleting many. Deleted now if there is no trash, or it
    is on another file system."""
    path = Path(path)
    if trash is not None:
        try:
            trash.mkdir(parents=True, exist_ok=True)
            holder = Path(tempfile.mkdtemp(prefix=f"{path.name}-", dir=trash))
            os.replace(path, holder / path.name)
            return
        except OSError:
            pass
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def empty_trash(trash: Path) -> None:
    """Delete what is in ``trash`` now (not what is moved there meanwhile)."""
    for entry in list(trash.iterdir()) if trash.is_dir() else []:
        shutil.rmtree(entry, ignore_errors=True)
