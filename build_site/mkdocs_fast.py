"""A build-time shortcut for the pages build-site generates. Optional: the output is the same without it.

Generated pages (front matter ``generator: build-site``) are one raw HTML block
that Python-Markdown would pass through unchanged, so this plugin hands the
block straight to the page instead of parsing it, and gives the search index
the page without its long data tables (marked ``<!--bs:noindex-->``), which
search need not read. ``build-site build`` adds it when it runs MkDocs; it is
not listed in mkdocs.yml, so plain ``mkdocs build`` and Zensical read the same
configuration and produce the same pages, only more slowly.
"""

from __future__ import annotations

import re

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

MARK = "<!--bs:body-->"
NOINDEX = re.compile(r"<!--bs:noindex-->.*?<!--bs:/noindex-->", re.S)


def generated(page) -> bool:
    return page.meta.get("generator") == "build-site"


class GeneratedPages(BasePlugin):
    def __init__(self) -> None:
        super().__init__()
        self._bodies: dict[str, str] = {}
        self._full: dict[str, str] = {}

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
        if generated(page):
            self._full[page.file.src_uri] = page.content
            page.content = NOINDEX.sub("", page.content)
        return context

    @event_priority(-100)  # after it: the page keeps everything
    def _restore(self, context, page, config, nav):
        full = self._full.pop(page.file.src_uri, None)
        if full is not None:
            page.content = full
        return context

    on_page_context = CombinedEvent(_light, _restore)
