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

import collections.abc
import functools
import hashlib
import json
import os
import re
from html import escape, unescape
from pathlib import Path

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.toc import get_toc

from .writer import copy_file, link_file

ANCHOR = re.compile(r"""<[A-Za-z][^>]*?\sid=(?:"([^"]*)"|'([^']*)')""")
NOINDEX = re.compile(r"<!--bs:noindex-->.*?<!--bs:/noindex-->", re.S)
MANIFEST = ".generated"  # docs/.generated: the files build-site wrote into docs/
ENTRIES = ".build-site-search.json"  # kept beside the staged site, never published
EXTRA_OUTPUTS = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html"}
PLUGIN = "build-site-generated-pages"
LINK_SAFE = frozenset({"search", "material/search", PLUGIN})


TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)((?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>", re.S)
ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
HEADINGS = {f"h{n}" for n in range(1, 7)}
KEEP = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}  # as Material's parser keeps them
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
UNSUPPORTED = ("<script", "<style", "<object", "<pre", "data-search-", "headerlink", "<![CDATA[", "<?", "<!D")


def search_entries(html: str, url: str, title: str) -> list[dict] | None:
    """The search entries Material's parser makes of a page: a section per heading
    with an id, its title and its text with a few tags kept. Written for build-site's
    own pages; None when the page has something it does not handle (scripts, code
    blocks, search attributes), and then Material's parser reads the page."""
    if any(u in html for u in UNSUPPORTED):
        return None
    sections: list[list] = []  # [tag, depth, id, title parts, text parts]
    context: list[str] = []
    current = None

    def start_section(tag, depth):
        nonlocal current
        current = [tag, depth, None, [], []]
        sections.append(current)

    def data(chunk: str) -> None:
        if "&" in chunk:
            chunk = unescape(chunk)
        if chunk.isspace():
            chunk = " "
        elif "\n" in chunk:
            chunk = chunk.replace("\n", " ")
        if current is None:
            start_section("hx", 0)
        if current[0] in context:
            current[3].append(escape(chunk, quote=False))
        elif chunk == " ":
            if not current[4] or not current[4][-1].isspace():
                current[4].append(chunk)
        else:
            current[4].append(escape(chunk, quote=False))

    pos = 0
    for m in TOKEN.finditer(html):
        if m.start() > pos:
            data(html[pos:m.start()])
        pos = m.end()
        closing, tag = m.group(1), (m.group(2) or "").lower()
        if not tag:
            continue  # a comment
        if not closing:
            if tag in VOID:
                continue
            context.append(tag)
            if tag in HEADINGS:
                found = ID.search(m.group(3))
                if found:
                    if tag != "h1" and not sections:
                        start_section("hx", len(context))
                    start_section(tag, len(context))
                    if len(sections) > 1:
                        current[2] = unescape(next(g for g in found.groups() if g is not None))
            if current is None:
                start_section("hx", 0)
            if tag in KEEP:
                (current[3] if current[0] in context else current[4]).append(f"<{tag}>")
        else:
            if not context or context[-1] != tag:
                continue
            if current[1] > len(context):
                for section in reversed(sections):
                    if section[1] <= len(context):
                        current[1] = float("inf")
                        current = section
                        break
            context.pop()
            if tag in KEEP:
                parts = current[3] if current[0] in context else current[4]
                index = parts.index(f"<{tag}>")
                if all(p.isspace() for p in parts[index + 1:]):
                    del parts[index:]
                else:
                    parts.append(f"</{tag}>")
    if pos < len(html):
        data(html[pos:])
    return [{"location": url + ("#" + ident if ident else ""),
             "title": ("".join(title_parts) if title_parts else title).strip(), "text": "".join(text_parts).strip()}
            for _tag, _depth, ident, title_parts, text_parts in sections]


def _digest(body: str, url: str, title: str) -> str:
    return hashlib.sha1(f"{url}\0{title}\0{body}".encode("utf-8", "surrogatepass")).hexdigest()


def _page_url(src_uri: str) -> str:
    """The page's URL as MkDocs gives it with directory URLs (the default)."""
    folder, _, name = src_uri.rpartition("/")
    if name == "index.md":
        return folder + "/" if folder else ""
    return (folder + "/" if folder else "") + name[:-3] + "/"


def page_index(files: dict[str, bytes | None]) -> dict[str, tuple[str, list[dict] | None]]:
    """The search entries of each generated page, worked out ahead (by a process with time to
    spare, before MkDocs reads the page), keyed by a digest of the page's body, URL and
    title: the plugin takes them only for a page with the same digest."""
    from mkdocs.utils import meta

    index = {}
    for src, data in files.items():
        if data is None or not src.endswith(".md"):
            continue
        body, front = meta.get_data(data.decode("utf-8"))
        if front.get("generator") != "build-site" or "title" not in front:
            continue
        body, url, title = body.strip("\n"), _page_url(src), str(front["title"])
        index[src] = (_digest(body, url, title), search_entries(NOINDEX.sub("", body), url, title))
    return index


class AnchorIds(collections.abc.Set):
    """The ids of a generated page's anchors, found only if a link to one is checked."""

    def __init__(self, body: str):
        self._body, self._ids = body, None

    def _found(self) -> set[str]:
        if self._ids is None:
            self._ids = {unescape(a or b) for a, b in ANCHOR.findall(self._body)}
        return self._ids

    def __contains__(self, anchor) -> bool:
        return anchor in self._found()

    def __iter__(self):
        return iter(self._found())

    def __len__(self) -> int:
        return len(self._found())


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
    if ahead is not None and ahead[0] == _digest(page.content, page.url, title):
        return ahead[1]
    return search_entries(NOINDEX.sub("", page.content), page.url, title)


def generated_files(docs: Path) -> set[str]:
    """The files build-site wrote into docs/, from its manifest."""
    manifest = docs / MANIFEST
    return set(manifest.read_text(encoding="utf-8").splitlines()) if manifest.is_file() else set()


def generated(page) -> bool:
    return page.meta.get("generator") == "build-site"


def _search_plugin(config):
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries"):
            return plugin
    return None


class GeneratedPages(BasePlugin):
    def __init__(self, dirty: bool = False, template_cache: Path | None = None, index=None,
                 link: bool = True) -> None:
        super().__init__()
        self.dirty = dirty
        self.template_cache = template_cache
        self.index = index if index is not None else {}  # (a mapping) from page_index
        self.link = link  # generated and theme files as hard links (only with LINK_SAFE plugins)
        self._full: dict[str, str] = {}
        self._fast: dict[str, list] = {}
        self._before: dict[str, int] = {}
        self._entries: dict[str, list] = {}
        self._files = None

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
        store = site / ENTRIES
        kept = {}
        if self.dirty and store.is_file():
            kept = json.loads(store.read_text(encoding="utf-8"))
        search = _search_plugin(config)
        pages = [f.src_uri for f in self._files.documentation_pages()] if self._files else []
        entries = {src: self._entries.get(src, kept.get(src, [])) for src in pages}
        if search is not None:
            search.search_index.entries = [e for src in pages for e in entries[src]]
        (site / "search" / "search_index.json").unlink(missing_ok=True)
        store.unlink(missing_ok=True)
        store.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        if self.dirty and self._files is not None:
            expected = {f.dest_uri for f in self._files} | EXTRA_OUTPUTS | {ENTRIES}
            for here, dirs, names in os.walk(site, topdown=False):
                rel = os.path.relpath(here, site)
                prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
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
