"""The only stage that writes to disk: files, generated pages and the site swap."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_files(root: Path, files: dict[str, bytes]) -> None:
    """Write {relative path: bytes} under ``root``, creating folders."""
    root = Path(root)
    for rel, data in sorted(files.items()):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.read_bytes() == data:
            continue  # unchanged: keep the timestamp, so rebuilds stay cheap
        path.write_bytes(data)


def replace_dir(new: Path, target: Path) -> None:
    """Put the finished ``new`` folder where ``target`` was, as one swap at the end."""
    target = Path(target)
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
