"""Build-time shortcuts for MkDocs. Optional: the site is the same without them.

1. Generated pages (front matter ``generator: build-site``) are one raw HTML
   block that Python-Markdown would pass through unchanged, so this plugin hands
   the block straight to the page instead of parsing it, and gives the search
   index the page without its long data tables (marked ``<!--bs:noindex-->``).
2. Rebuilds: MkDocs' own "dirty" mode skips pages whose source is older than
   their output, but then leaves them out of the search index and leaves the
   outputs of deleted pages behind. This plugin keeps each page's search
   entries from the build that made them, puts the index back together in page
   order, and removes outputs that no longer have a source, so that a dirty
   build writes the same site as a clean one.

``build-site build`` adds the plugin when it runs MkDocs; it is not listed in
mkdocs.yml, so plain ``mkdocs build`` and Zensical read the same configuration
and produce the same pages, only more slowly.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

MARK = "<!--bs:body-->"
NOINDEX = re.compile(r"<!--bs:noindex-->.*?<!--bs:/noindex-->", re.S)
ENTRIES = ".build-site-search.json"  # kept beside the staged site, never published
EXTRA_OUTPUTS = {"search/search_index.json", "sitemap.xml", "sitemap.xml.gz", "404.html"}


def generated(page) -> bool:
    return page.meta.get("generator") == "build-site"


def _search_plugin(config):
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries"):
            return plugin
    return None


class GeneratedPages(BasePlugin):
    def __init__(self, dirty: bool = False) -> None:
        super().__init__()
        self.dirty = dirty
        self._bodies: dict[str, str] = {}
        self._full: dict[str, str] = {}
        self._before: dict[str, int] = {}
        self._entries: dict[str, list] = {}
        self._files = None

    # ---- 1. generated pages skip Markdown, and search reads them without their tables

    def on_page_markdown(self, markdown, page, config, files):
        if not generated(page):
            return markdown
        self._bodies[page.file.src_uri] = markdown.strip("\n")
        return MARK

    def on_page_content(self, html, page, config, files):
        body = self._bodies.pop(page.file.src_uri, None)
        return html if body is None else html.replace(MARK, body, 1)

    @event_priority(100)  # before the search plugin reads the page
    def _light(self, context, page, config, nav):
        search = _search_plugin(config)
        if search is not None:
            self._before[page.file.src_uri] = len(search.search_index.entries)
        if generated(page):
            self._full[page.file.src_uri] = page.content
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
            self._entries[page.file.src_uri] = search.search_index.entries[start:]
        return context

    on_page_context = CombinedEvent(_light, _restore)

    # ---- 2. dirty rebuilds that come out the same as clean ones

    def on_files(self, files, config):
        self._files = files
        return files

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
        store.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")
        if self.dirty and self._files is not None:
            expected = {f.dest_uri for f in self._files} | EXTRA_OUTPUTS | {ENTRIES}
            for path in sorted(site.rglob("*"), reverse=True):
                rel = path.relative_to(site).as_posix()
                if path.is_file() and rel not in expected:
                    path.unlink()
                elif path.is_dir() and not any(path.iterdir()):
                    os.rmdir(path)
