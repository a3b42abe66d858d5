"""The static site generator, behind one small interface, so that it can be swapped.

build-site writes Markdown pages (each one raw HTML block) and files into ``docs/``; a
generator turns ``docs/``, ``mkdocs.yml`` and ``overrides/`` into a site in a folder it is
given. Three do:

- ``MkDocsFast``: MkDocs with Material and build-site's own plugin (``mkdocs_fast``), which
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

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, Protocol

from .problems import CannotContinue
from .catalogue import _

NAMES = ("mkdocs", "mkdocs-plain", "zensical")

#: The versions the fast path is tested with: a release outside them turns it off.
FAST_PATH_TESTED = {"mkdocs": ("1.6.",), "mkdocs-material": ("9.5.", "9.6.", "9.7.", "9.8.")}
#: Theme partials the fast path renders once for many pages; a council's own turns it off.
SHARED_PARTIALS = ("partials/nav.html", "partials/language.html")


@dataclass(frozen=True)
class Job:
    """What a generator is asked for: the council's repository, the folder to build the site
    in, and (for generators that can) whether only changed pages need building."""

    root: Path
    site_dir: Path
    dirty: bool = False
    index: dict | None = None  # search entries worked out ahead (search_entries.page_index)
    template_cache: Path | None = None
    site_url: str | None = None
    language: str | None = None  # the site of this language (site_languages); None: the main one
    languages: tuple[str, ...] = ("en",)


class Generator(Protocol):
    name: str
    label: str  # as a person reads it
    incremental: bool  # whether it can rebuild only the pages that changed (``Job.dirty``)

    def build(self, job: Job) -> bool:
        """Build the site into ``job.site_dir``; return whether generated files were
        hard-linked there (True) or copied."""


class MkDocsFast:
    name, label, incremental = "mkdocs", "MkDocs", True

    def build(self, job: Job) -> bool:
        from .staging import mkdocs_build

        return mkdocs_build(job.root, job.site_dir, fast=True, dirty=job.dirty, index=job.index,
                            template_cache=job.template_cache, site_url=job.site_url, language=job.language,
                            languages=job.languages)


class MkDocsPlain:
    name, label, incremental = "mkdocs-plain", "MkDocs", False

    def build(self, job: Job) -> bool:
        from .staging import mkdocs_build

        return mkdocs_build(job.root, job.site_dir, fast=False, site_url=job.site_url, language=job.language,
                            languages=job.languages)


CONFIG_COPY = ".build-site-zensical.yml"  # at the root (Zensical wants its docs inside its project)


class Zensical:
    name, label, incremental = "zensical", "Zensical", False

    def build(self, job: Job) -> bool:
        try:
            version("zensical")
        except PackageNotFoundError:
            raise CannotContinue(_("Zensical is not installed — install it with: {command}",
                                   command="pip install 'build-site[zensical]'"))
        source = job.root / "mkdocs.yml"
        if not source.is_file():
            raise CannotContinue(no_config(job.root))
        config = _zensical_config(job, source.read_text(encoding="utf-8"))
        copy = job.root / CONFIG_COPY
        copy.write_text(config, encoding="utf-8")
        try:
            done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(copy)], cwd=job.root,
                                  capture_output=True, text=True, timeout=3600)
        finally:
            copy.unlink(missing_ok=True)
        if done.returncode != 0:
            said = (done.stderr or done.stdout).strip().splitlines()
            raise CannotContinue(_("Zensical could not build the site: {reason}",
                                   reason=said[-1] if said else _("no reason given")))
        return False


def _zensical_config(job: Job, text: str) -> str:
    """mkdocs.yml for Zensical, building into the job's folder: as written, but for where the site
    goes and its address; for a site in several languages, read and written again as YAML with
    each language's settings (``site_languages``)."""
    relative = lambda path: os.path.relpath(path, job.root).replace(os.sep, "/")  # noqa: E731
    if len(job.languages) == 1:
        config = _setting(text, "site_dir", relative(job.site_dir))
        return _setting(config, "site_url", job.site_url) if job.site_url else config
    import yaml

    from . import site_languages as L

    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise CannotContinue(_("Zensical builds a site in several languages from a plain mkdocs.yml, and this one "
                               "is not ({reason}): build with MkDocs (--generator mkdocs)", reason=err)) from err
    code = job.language or job.languages[0]
    config["site_dir"] = relative(job.site_dir)
    if code != job.languages[0]:
        config["docs_dir"] = relative(L.docs_for(job.root / "docs", code, job.languages))
    else:
        config["exclude_docs"] = L.exclude_docs(job.languages)
    L.apply(config, L.changes(code, job.languages, config.get("extra"), config.get("nav"),
                              job.site_url or config.get("site_url")))
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _setting(text: str, key: str, value: str) -> str:
    """YAML text with its top-level ``key`` set to ``value``."""
    line = f'{key}: "{value}"'
    found = re.compile(rf"^{key}:.*$", re.M)
    return found.sub(lambda _m: line, text, count=1) if found.search(text) else f"{line}\n{text}"


def no_config(root: Path) -> str:
    return _("there is no mkdocs.yml in {folder}; create a council repository with `build-site new`", folder=root)


def fast_path_refusal(root: Path) -> str | None:
    """Why the fast path may not run here, or None."""
    for package, tested in FAST_PATH_TESTED.items():
        try:
            have = version(package)
        except PackageNotFoundError:
            return _("{package} is not installed", package=package)
        if not have.startswith(tested):
            return _("it is tested with {package} {versions}, and this is {have}", package=package,
                     versions=", ".join(t + "x" for t in tested), have=have)
    for partial in SHARED_PARTIALS:
        if (root / "overrides" / partial).is_file():
            own = f"overrides/{partial}"
            return _("the council's own {file} replaces a part of the theme it shares between pages", file=own)
    return None


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
    if name == "zensical":
        return Zensical()
    if name == "mkdocs":
        why = fast_path_refusal(root)
        if why is None:
            return MkDocsFast()
        progress(_("Building without build-site's shortcuts through MkDocs, since {why}: the site is the same, "
                   "built more slowly", why=why))
    return MkDocsPlain()
