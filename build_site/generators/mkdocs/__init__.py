"""The MkDocs generators: MkDocs with Material and build-site's fast path (``fast.py``, with the
search entries it works out ahead, ``search.py``), and MkDocs plain. This folder is the one
door to MkDocs and Material: nothing outside it imports either (tests/test_house.py)."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from build_site.core.catalogue import MAIN, _
from build_site.core.problems import CannotContinue
from build_site.generators.base import Job, no_config
from build_site.generators.mkdocs.search import page_index
from build_site.site import languages as L

#: The versions the fast path is tested with: a release outside them turns it off.
FAST_PATH_TESTED = {"mkdocs": ("1.6.",), "mkdocs-material": ("9.5.", "9.6.", "9.7.", "9.8.")}
#: Theme partials the fast path renders once for many pages; a council's own turns it off.
SHARED_PARTIALS = ("partials/nav.html", "partials/language.html")


class MkDocsFast:
    name, label, incremental = "mkdocs", "MkDocs", True
    ahead = staticmethod(page_index)  # (each page's search entries, worked out in the workers)

    def build(self, job: Job) -> bool:
        return mkdocs_build(job.root, job.site_dir, fast=True, dirty=job.dirty, index=job.index,
                            template_cache=job.template_cache, site_url=job.site_url, language=job.language,
                            languages=job.languages)


class MkDocsPlain:
    name, label, incremental, ahead = "mkdocs-plain", "MkDocs", False, None

    def build(self, job: Job) -> bool:
        return mkdocs_build(job.root, job.site_dir, fast=False, site_url=job.site_url, language=job.language,
                            languages=job.languages)


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


def _theme_speaks(cfg, main: str) -> None:
    """A language Material has no words for (Gaelic, say) keeps the theme's own few words
    (search, skip to content) in the main language; build-site's words are still translated."""
    theme = cfg["theme"]
    wanted = theme["language"] if "language" in theme else None
    if theme.name != "material" or not wanted:
        return
    if not any((Path(d) / "partials" / "languages" / f"{wanted}.html").is_file() for d in theme.dirs):
        theme["language"] = main  # (the search plugin takes its language from the theme's)


def mkdocs_build(root: Path, site_dir: Path, fast: bool = True, dirty: bool = False,
                 template_cache: Path | None = None, index: dict[str, tuple] | None = None,
                 site_url: str | None = None, language: str | None = None,
                 languages: tuple[str, ...] = (MAIN,)) -> bool:
    """Run MkDocs with the council's mkdocs.yml into ``site_dir``, for the site in ``language``
    (default: the main one) of the site's ``languages`` (see ``site/languages``).

    ``fast`` adds build_site's own plugin (see ``fast.py``), given the ``index`` of the pages
    rendered (``page_index``); ``dirty`` (only with it) rebuilds just the pages whose source
    changed since they were last built there.
    Returns whether generated and theme files were hard-linked, not copied (only with the
    plugins in ``fast.LINK_SAFE``)."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from build_site.generators.mkdocs.compact import PLUGIN as COMPACT
    from build_site.generators.mkdocs.compact import Compact
    from build_site.generators.mkdocs.fast import LINK_SAFE, PLUGIN, GeneratedPages

    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        raise CannotContinue(no_config(root))
    quiet, notices = logging.getLogger("mkdocs"), logging.getLogger("mkdocs.commands.build")
    level = quiet.level
    quiet.setLevel(logging.WARNING)  # (MkDocs' own progress lines; restored below)
    try:
        if fast:  # (its dirty builds give exactly the clean build's site: tested)
            notices.addFilter(_no_dirty_warning)
        code = language or languages[0]
        overrides = {"site_dir": str(site_dir), **({"site_url": site_url} if site_url else {})}
        if code != languages[0]:
            overrides["docs_dir"] = str(L.docs_for(root / "docs", code, languages))
        elif len(languages) > 1:
            overrides["exclude_docs"] = L.exclude_docs(languages)
        cfg = load_config(config_file=str(config_file), **overrides)
        L.apply(cfg, L.changes(code, languages, cfg["extra"], cfg["nav"], site_url or cfg["site_url"]))
        _theme_speaks(cfg, languages[0])
        cfg.plugins[COMPACT] = Compact()  # (fast or not: the same pages)
        linkable = fast and set(cfg.plugins) | {PLUGIN} <= LINK_SAFE
        if fast:
            keep = tuple(c for c in languages[1:] if c != code) if code == languages[0] else ()
            cfg.plugins[PLUGIN] = GeneratedPages(dirty=dirty, template_cache=template_cache, index=index,
                                                 link=linkable, keep=keep)
        cfg.plugins.on_startup(command="build", dirty=dirty and fast)
        try:
            mk_build(cfg, dirty=dirty and fast)
        finally:
            cfg.plugins.on_shutdown()
        return linkable
    except MkDocsException as err:
        raise CannotContinue(_("MkDocs could not build the site: {reason}", reason=err)) from err
    finally:
        notices.removeFilter(_no_dirty_warning)
        quiet.setLevel(level)


def _no_dirty_warning(record: logging.LogRecord) -> bool:
    """MkDocs warns that a dirty build may give wrong links; with build-site's plugin it gives
    the very site a clean build gives, so the warning would only alarm."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


def warm_theme(root: Path, cache: Path) -> None:
    """In a worker: compile the theme's templates into the build's template cache, so that
    MkDocs, when the build runs it, loads them rather than compiling them first. Whatever
    fails here is left for MkDocs to compile (and, if it must, to report)."""
    from jinja2 import FileSystemBytecodeCache
    from mkdocs.config import load_config

    try:
        logging.getLogger("mkdocs").setLevel(logging.WARNING)  # (in this forked worker only)
        cfg = load_config(config_file=str(root / "mkdocs.yml"))
        env = cfg.theme.get_env()
        cache.mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(cache))
        languages = {f"partials/languages/{cfg.theme.get('language') or 'en'}.html", "partials/languages/en.html"}
        names = env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml")))
    except Exception:  # noqa: BLE001
        return
    for name in names:
        if name.startswith("partials/languages/") and name not in languages:
            continue
        try:
            env.get_template(name)
        except Exception:  # noqa: BLE001
            pass
