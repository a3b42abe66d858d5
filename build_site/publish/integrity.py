"""A file edited in the published site is never published again.

The published ``site/`` shares files, as hard links, with what later builds reuse: the
generated files in ``docs/``, the chart cache, and the site staged again for the next
build. So an edit to ``site/…/chart.svg`` would be an edit to all of them. To stop it
spreading, every file of a published site is recorded (its inode, size, time and a
SHA-256 digest of its content) when it is published, and the next build checks the
site against that record before it reuses anything (``check_published``):

- a file whose content no longer matches, or that was added, is not staged again, so
  MkDocs writes it afresh;
- every file in ``docs/`` and ``.cache/`` that is the same file (the same inode) is
  deleted, so that the build writes or draws it again.

Digests are worked out once per file: at publishing, a file that is the very file
recorded last time (same inode, size and time, and checked since) keeps its digest.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

Record = dict[str, list]  # {path in the site: [inode, size, mtime_ns, sha256 hex]}


def _files(site: Path):
    """(relative path, path, stat) of every file below ``site``, links not followed."""
    stack = [(str(site), "")]
    while stack:
        here, prefix = stack.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, prefix + entry.name + "/"))
                else:
                    yield prefix + entry.name, entry.path, entry.stat(follow_symlinks=False)


NOT_A_FILE = "-"  # the digest of a link, pipe or device: never read, never taken as unchanged


def _digest(path: str, st: os.stat_result) -> str:
    if not stat.S_ISREG(st.st_mode):
        return NOT_A_FILE
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _same(st: os.stat_result, rec: list) -> bool:
    return rec[:3] == [st.st_ino, st.st_size, st.st_mtime_ns]


def digests(files: list[tuple[str, os.stat_result]]) -> list[str]:
    return [_digest(p, st) for p, st in files]


def survey(site: Path, previous: Record | None = None, pool=None) -> Record:
    """The record of the site as it is now, reusing ``previous`` digests of unchanged files.
    Given a process ``pool``, a worker reads half of the files to digest while this process
    reads the other half."""
    previous = previous or {}
    record: Record = {}
    todo: list[tuple[str, str, os.stat_result]] = []
    for rel, path, st in _files(site):
        rec = previous.get(rel)
        record[rel] = [st.st_ino, st.st_size, st.st_mtime_ns, rec[3] if rec is not None and _same(st, rec) else None]
        if record[rel][3] is None:
            todo.append((rel, path, st))
    half = len(todo) // 2 if pool is not None and len(todo) >= 256 else 0
    theirs = pool.submit(digests, [(p, st) for _rel, p, st in todo[:half]]) if half else None
    found = digests([(p, st) for _rel, p, st in todo[half:]])
    if theirs is not None:
        found = theirs.result() + found
    for (rel, _path, _st), digest in zip(todo, found):
        record[rel][3] = digest
    return record


def changed_since(site: Path, record: Record) -> tuple[set[str], set[tuple[int, int]]]:
    """The files of ``site`` that are not as recorded (edited, or added), and their
    (device, inode). Every file's content is read: a same-size edit that kept the file's
    time is found too."""
    bad: set[str] = set()
    inodes: set[tuple[int, int]] = set()
    for rel, path, st in _files(site):
        rec = record.get(rel)
        if rec is None or not _same(st, rec) or rec[3] == NOT_A_FILE or _digest(path, st) != rec[3]:
            bad.add(rel)
            inodes.add((st.st_dev, st.st_ino))
    return bad, inodes


def forget(inodes: set[tuple[int, int]], folders) -> int:
    """Delete every file below ``folders`` that is one of ``inodes``; return how many."""
    gone = 0
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        for _rel, path, st in list(_files(Path(folder))):
            if (st.st_dev, st.st_ino) in inodes:
                os.unlink(path)
                gone += 1
    return gone
