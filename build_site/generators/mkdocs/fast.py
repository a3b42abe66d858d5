"""Build-time shortcuts for MkDocs. Optional: the site is the same without them.

1. Generated pages (front matter ``generator: build-site``) are one raw HTML
   block that Python-Markdown would pass through unchanged, so this plugin hands
   the block straight to the page instead of parsing it, and gives the search
   index the page without its long data tables (marked ``<!--bs:noindex-->``).
   Their search entries come from ``search_entries``, a reading of the page that
   gives exactly the entries Material's own parser gives (a test checks this on
   every generated page) at a small part of the cost.
2. Rebuilds: MkDocs' own "dirty" mode skips pages whose source is older than
   their output, but then leaves them out of the search index and leaves the
   outputs of deleted pages behind. This plugin keeps each page's search
   entries from the build that made them, puts the index back together in page
   order, and removes outputs that no longer have a source, so that a dirty
   build writes the same site as a clean one.
3. Publishing by hard links: generated files (charts, downloads) are linked into the
   site rather than copied (the theme's files, which live outside the repository, and
   hand-written files in docs/, which someone may edit in place, are copied; a file
   edited in the published site is caught by ``integrity``), and no output is ever rewritten in
   place (a changed page or file is removed, then written anew), so the published
   site can be staged again for the next build as a tree of hard links without
   that build reaching into the published copy. ``LINK_SAFE`` lists the plugins
   known to write only through MkDocs; with any other plugin, build-site copies
   instead.

``build-site build`` adds the plugin when it runs MkDocs; it is not listed in
mkdocs.yml, so plain ``mkdocs build`` and Zensical read the same configuration
and produce the same pages, only more slowly.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.toc import get_toc

from build_site.core.writer import copy_file, link_file
from build_site.generators.base import STAGED_ONLY
from build_site.generators.mkdocs.search import NOINDEX, AnchorIds, digest, search_entries
from build_site.site.docs_files import generated_files

EXTRA_OUTPUTS = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html"}
PLUGIN = "build-site-generated-pages"
LINK_SAFE = frozenset({"search", "material/search", PLUGIN, "build-site-compact"})


def _fast_entries(page, index) -> list[dict] | None:
    """This page's search entries (from the ``index`` when it has them for this very page), or
    None when Material's parser has to read it."""
    from material.plugins.search import plugin as material_search

    if getattr(material_search, "jieba", None) is not None or "tags" in page.meta or "search" in page.meta:
        return None
    if any(True for _ in page.toc):  # generated pages skip Markdown, so they have no table of contents
        return None
    title = str(page.meta.get("title", page.title))
    ahead = index.get(page.file.src_uri)
    if ahead is not None and ahead[0] == digest(page.content, page.url, title):
        return ahead[1]
    return search_entries(NOINDEX.sub("", page.content), page.url, title)


def generated(page) -> bool:
    return page.meta.get("generator") == "build-site"


def _search_plugin(config):
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries"):
            return plugin
    return None


class GeneratedPages(BasePlugin):
    def __init__(self, dirty: bool = False, template_cache: Path | None = None, index=None,
                 link: bool = True, keep: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.keep = keep  # folders of the site that other builds make (the other languages' sites)
        self.dirty = dirty
        self.template_cache = template_cache
        self.index = index if index is not None else {}  # (a mapping) from page_index
        self.link = link  # generated and theme files as hard links (only with LINK_SAFE plugins)
        self._full: dict[str, str] = {}
        self._fast: dict[str, list] = {}
        self._before: dict[str, int] = {}
        self._entries: dict[str, list] = {}
        self._files: Any = None  # (MkDocs' Files, once it has them)

    # ---- 1. generated pages skip Markdown, and search reads them without their tables

    def on_page_markdown(self, markdown, page, config, files):
        if generated(page):
            page.render = functools.partial(_as_is, page, markdown.strip("\n"))  # no Markdown parser needed
        return markdown

    @event_priority(100)  # before the search plugin reads the page
    def _light(self, context, page, config, nav):
        search = _search_plugin(config)
        if search is not None:
            self._before[page.file.src_uri] = len(search.search_index.entries)
        if generated(page):
            self._full[page.file.src_uri] = page.content
            fast = _fast_entries(page, self.index) if search is not None else None
            if fast is not None:
                self._fast[page.file.src_uri] = fast
                page.content = ""  # nothing left for Material's parser to read
            else:
                page.content = NOINDEX.sub("", page.content)
        return context

    @event_priority(-100)  # after it: the page keeps everything, and we note its search entries
    def _restore(self, context, page, config, nav):
        full = self._full.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        search = _search_plugin(config)
        if search is not None:
            start = self._before.pop(page.file.src_uri, len(search.search_index.entries))
            search.search_index.entries += self._fast.pop(page.file.src_uri, [])
            self._entries[page.file.src_uri] = search.search_index.entries[start:]
        return context

    on_page_context = CombinedEvent(_light, _restore)

    # ---- 2. dirty rebuilds that come out the same as clean ones (and 3: links, never in-place writes)

    def on_files(self, files, config):
        self._files = files
        docs = Path(config.docs_dir)
        ours = generated_files(docs)
        made: set[Path] = set()  # folders already made in the site
        for file in files:
            if not file.is_documentation_page() and file.abs_src_path and getattr(file, "generated_by", None) is None:
                # Generated files are linked; the theme's (outside the repository) and files
                # someone may edit in place (hand-written ones in docs/) are copied. Either
                # way, as a new file.
                link = self.link and file.src_uri in ours and Path(file.abs_src_path).is_relative_to(docs)
                file.copy_file = functools.partial(_new_file, file, link, made)
        return files

    def on_env(self, env, config, files):  # just before MkDocs copies files and writes its own templates
        if self.template_cache is not None:  # the theme's templates, compiled once, not on every build
            from jinja2 import FileSystemBytecodeCache

            self.template_cache.mkdir(parents=True, exist_ok=True)
            env.bytecode_cache = FileSystemBytecodeCache(str(self.template_cache))
        _share_navigation(env)
        _share_translations(env)
        site = Path(config.site_dir)
        for name in ("404.html", "sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
        return env

    def on_post_page(self, output, page, config):  # just before MkDocs writes the page
        Path(page.file.abs_dest_path).unlink(missing_ok=True)
        return output

    @event_priority(100)  # before the search plugin writes its index
    def on_post_build(self, config):
        site = Path(config.site_dir)
        store = site / STAGED_ONLY
        kept: dict[str, list[Any]] = {}
        if self.dirty and store.is_file():
            kept = json.loads(store.read_text(encoding="utf-8"))
        search = _search_plugin(config)
        pages: list[str] = [f.src_uri for f in self._files.documentation_pages()] if self._files else []
        entries: dict[str, list[Any]] = {src: self._entries.get(src, kept.get(src, [])) for src in pages}
        if search is not None:
            search.search_index.entries = [e for src in pages for e in entries[src]]
        (site / "search" / "search_index.json").unlink(missing_ok=True)
        store.unlink(missing_ok=True)
        store.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        if self.dirty and self._files is not None:
            expected = {f.dest_uri for f in self._files} | EXTRA_OUTPUTS | {STAGED_ONLY}
            for here, _dirs, names in os.walk(site, topdown=False):
                rel = os.path.relpath(here, site)
                prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
                if prefix.split("/", 1)[0] in self.keep:
                    continue
                for name in names:
                    if prefix + name not in expected:
                        os.unlink(os.path.join(here, name))
                if prefix and not os.listdir(here):
                    os.rmdir(here)


def _theme_template(env, name: str):
    """The theme's template of that name, or None if the theme has none."""
    from jinja2 import TemplateNotFound

    try:
        return env.get_template(name)
    except TemplateNotFound:
        return None


def _share_navigation(env) -> None:
    """Render the theme's site navigation once for all pages that see it the same way.

    A page outside the navigation (an indicator, an area) has nothing in it marked
    active, so its navigation differs from another's only by the relative links to the
    navigation's pages. Those links are the key: the same links, the same HTML."""
    from mkdocs.structure.nav import Section
    from mkdocs.utils import normalize_url

    template = _theme_template(env, "partials/nav.html")
    if template is None:
        return
    render = template.root_render_func
    shared: dict[tuple, str] = {}

    def targets(items):
        for item in items:
            if isinstance(item, Section):
                yield from targets(item.children)
            else:  # a page or a link
                yield item.url

    def cached(context):
        page, nav, base = context.get("page"), context.get("nav"), context.get("base_url")
        if page is None or nav is None or any(p is page for p in nav.pages):
            yield from render(context)
            return
        homepage = nav.homepage.url if nav.homepage else ""
        key = (base, page.url.count("/"), tuple(normalize_url(u, page=page, base=base)
                                                for u in [homepage, *targets(nav.items)]))
        if key not in shared:
            shared[key] = "".join(render(context))
        yield shared[key]

    template.root_render_func = cached


def _share_translations(env) -> None:
    """Make the theme's translations once per build, not once per page.

    Material's pages import ``partials/language.html`` "with context", which builds the
    module again for every page, and its ``t(key)`` builds the whole table of
    translations for every string looked up: a few dozen times a page. Both depend only
    on the configuration's language, the same for every page of a build."""
    template = _theme_template(env, "partials/language.html")
    if template is None:
        return
    make_module = template.make_module
    modules: dict[int, object] = {}

    def shared_module(vars=None, shared=False, locals=None):
        config = (vars or {}).get("config")
        if config is None:
            return make_module(vars, shared, locals)
        if id(config) not in modules:
            module = make_module(vars, shared, locals)
            if callable(getattr(module, "t", None)):
                module.t = functools.lru_cache(maxsize=None)(module.t)
            modules[id(config)] = module
        return modules[id(config)]

    template.make_module = shared_module


def _new_file(file, link: bool, made: set[Path], dirty: bool = False) -> None:
    """File.copy_file, as a new file: a hard link (where it can be) or a copy."""
    if dirty and not file.is_modified():
        return
    if link:
        link_file(Path(file.abs_src_path), Path(file.abs_dest_path), made)
    else:
        copy_file(Path(file.abs_src_path), Path(file.abs_dest_path))


def _as_is(page, body: str, config=None, files=None) -> None:
    """Page.render for a generated page: its body is one block of HTML, which Markdown
    would pass through unchanged, so it is the page's content as it stands."""
    page.content = body
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = AnchorIds(body)
    page.links_to_anchors = {}
