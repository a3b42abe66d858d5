"""The static site generator, behind one small interface, so that it can be swapped.

build-site writes Markdown pages (each one raw HTML block) and files into ``docs/``; a
generator turns ``docs/``, ``mkdocs.yml`` and ``overrides/`` into a site in a folder it is
given. Three do:

- ``MkDocsFast``: MkDocs with Material and build-site's own plugin (``mkdocs/fast.py``), which
  skips work MkDocs would redo and rebuilds only what changed. The plugin reaches into
  private parts of MkDocs and Material, so it runs only on the versions it is tested with
  (``FAST_PATH_TESTED``) and when the council has not replaced the theme partials it
  shares out; otherwise the build says so once and uses
- ``MkDocsPlain``: MkDocs with Material and nothing of build-site's (no private internals
  at all), building every page every time: the same pages, more slowly (tested);
- ``Zensical``: Material for MkDocs' successor, which reads the same ``mkdocs.yml`` (run
  as its own command, with a copy of the configuration that points at the folder given).

``choose`` picks one from ``build --generator`` or mkdocs.yml's ``extra:
build_site_generator``, default ``mkdocs``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from build_site.core.catalogue import _
from build_site.core.problems import CannotContinue
from build_site.generators.base import STAGED_ONLY, Generator, Job, no_config

__all__ = ["NAMES", "STAGED_ONLY", "Generator", "Job", "choose", "configured", "no_config"]

NAMES = ("mkdocs", "mkdocs-plain", "zensical")


def configured(root: Path) -> str | None:
    """The generator named in mkdocs.yml (``extra: build_site_generator: …``), if any."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return None
    found = re.search(r"^\s+build_site_generator:\s*['\"]?([\w-]+)", text, re.M)
    return found.group(1) if found else None


def choose(root: Path, name: str | None, progress: Callable[[str], None]) -> Generator:
    """The generator to build with: ``name``, else mkdocs.yml's, else MkDocs (with the fast
    path where it may run: otherwise plain, saying why once)."""
    name = name or configured(root) or "mkdocs"
    if name not in NAMES:
        raise CannotContinue(_('"{name}" is not a site generator build-site knows — use one of: {names}', name=name,
                               names=", ".join(NAMES)))
    from build_site.generators.mkdocs import MkDocsFast, MkDocsPlain, fast_path_refusal
    from build_site.generators.zensical import Zensical

    if name == "zensical":
        return Zensical()
    if name == "mkdocs":
        why = fast_path_refusal(root)
        if why is None:
            return MkDocsFast()
        progress(_("Building without build-site's shortcuts through MkDocs, since {why}: the site is the same, "
                   "built more slowly", why=why))
    return MkDocsPlain()
