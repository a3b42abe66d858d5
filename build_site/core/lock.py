"""One build at a time in a council's folder: a lock file under ``.cache/``.

A second build started while one is running waits for it (saying so), then goes on; if
the first has not finished within ``wait`` seconds, it stops with a plain message. The
lock is the operating system's (``flock``), so a build that is killed releases it.
Where there is no ``flock`` (Windows), builds are not serialised.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import IO

from build_site.core.catalogue import _
from build_site.core.problems import CannotContinue

fcntl: ModuleType | None
try:
    import fcntl
except ImportError:  # pragma: no cover (not POSIX)
    fcntl = None

LOCK = "build.lock"  # in .cache/


@contextmanager
def one_build_at_a_time(root: Path, progress: Callable[[str], None], wait: float = 600.0) -> Iterator[None]:
    cache = Path(root) / ".cache"
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / LOCK, "a+b") as handle:
        if fcntl is not None and not _take(handle):
            progress(_("Another build is running in this folder: waiting for it to finish"))
            deadline = time.monotonic() + wait
            while not _take(handle):
                if time.monotonic() > deadline:
                    raise CannotContinue(
                        _("another build in {folder} has not finished after {seconds} seconds — wait for it, or stop "
                          "it, then run the command again", folder=root, seconds=round(wait)))
                time.sleep(0.1)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def _take(handle: IO[bytes]) -> bool:
    if fcntl is None:  # (no locks to take where there is no fcntl)
        return True
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
