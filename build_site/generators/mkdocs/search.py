"""Search entries for build-site's generated pages, worked out without MkDocs.

Material's search plugin reads each page's HTML with Python's HTMLParser; for build-site's
own pages (one raw HTML block each, no scripts or code blocks) ``search_entries`` gives
exactly its entries at a small part of the cost (a differential test checks this on every
generated page). ``page_index`` works them out ahead, in whichever process has time,
keyed by a digest of the page, so that the plugin takes them only for the very page.
"""

from __future__ import annotations

import collections.abc
import hashlib
import re
from html import escape, unescape
from typing import Any

ANCHOR = re.compile(r"""<[A-Za-z][^>]*?\sid=(?:"([^"]*)"|'([^']*)')""")
NOINDEX = re.compile(r"<!--bs:noindex-->.*?<!--bs:/noindex-->", re.S)
TOKEN = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9]*)((?:\"[^\"]*\"|'[^']*'|[^>\"'])*)>", re.S)
ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
HEADINGS = {f"h{n}" for n in range(1, 7)}
KEEP = {"p", "code", "pre", "li", "ol", "ul", "sub", "sup"}  # as Material's parser keeps them
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
EMPTY_SCRIPT = re.compile(r'<script src="[^"<>]*" defer></script>')  # (no text: nothing to index)
UNSUPPORTED = ("<script", "<style", "<object", "<pre", "headerlink", "<![CDATA[", "<?", "<!D")
OTHER_SEARCH = re.compile(r"data-search-(?!exclude[\s>=])")  # (Material's other search attributes: its parser)
EXCLUDE = re.compile(r"\sdata-search-exclude(?:[\s=]|$)")


def _supported(html: str) -> str | None:
    """The page without what indexes as nothing (an empty script tag), or None when it has
    something ``search_entries`` does not handle."""
    if "<script" in html:
        html = EMPTY_SCRIPT.sub("", html)
    return None if any(u in html for u in UNSUPPORTED) or OTHER_SEARCH.search(html) else html


class _Reader:
    """Material's parser's reading of a page, for build-site's pages: sections as
    [tag, depth, id, title parts, text parts], the open elements, and those marked
    data-search-exclude (which Material matches by tag)."""

    def __init__(self) -> None:
        self.sections: list[list[Any]] = []
        self.context: list[str] = []
        self.current: Any = None  # (the section being read: one of ``sections``, once there is one)
        self.skip: set[str] = set()

    def start_section(self, tag: str, depth: float) -> None:
        self.current = [tag, depth, None, [], []]
        self.sections.append(self.current)

    def skipping(self) -> bool:
        return bool(self.skip) and bool(self.skip.intersection(self.context))

    def parts(self) -> list[str]:
        """Where text goes now: the section's title inside its heading, else its text."""
        return self.current[3] if self.current[0] in self.context else self.current[4]

    def data(self, chunk: str) -> None:
        if self.skipping():
            return
        if "&" in chunk:
            chunk = unescape(chunk)
        if chunk.isspace():
            chunk = " "
        elif "\n" in chunk:
            chunk = chunk.replace("\n", " ")
        if self.current is None:
            self.start_section("hx", 0)
        current = self.current
        if current[0] in self.context:
            current[3].append(escape(chunk, quote=False))
        elif chunk == " ":
            if not current[4] or not current[4][-1].isspace():
                current[4].append(chunk)
        else:
            current[4].append(escape(chunk, quote=False))

    def open(self, tag: str, attrs: str) -> None:
        if tag in VOID:
            return
        if attrs.endswith("/"):  # (<path … />: opened and closed at once, leaving no trace)
            if self.current is None:
                self.start_section("hx", 0)
            return
        self.context.append(tag)
        if tag in HEADINGS:
            found = ID.search(attrs)
            if found:
                if tag != "h1" and not self.sections:
                    self.start_section("hx", len(self.context))
                self.start_section(tag, len(self.context))
                if len(self.sections) > 1:
                    self.current[2] = unescape(next(g for g in found.groups() if g is not None))
        if self.current is None:
            self.start_section("hx", 0)
        if "data-search-exclude" in attrs and EXCLUDE.search(attrs):
            self.skip.add(tag)
            return
        if tag in KEEP and not self.skipping():
            self.parts().append(f"<{tag}>")

    def close(self, tag: str) -> None:
        if not self.context or self.context[-1] != tag:
            return
        if self.current[1] > len(self.context):
            for section in reversed(self.sections):
                if section[1] <= len(self.context):
                    self.current[1] = float("inf")
                    self.current = section
                    break
        self.context.pop()
        if tag in self.skip:
            self.skip.discard(tag)
            return
        if tag in KEEP and not self.skipping():
            parts = self.parts()
            index = parts.index(f"<{tag}>")
            if all(p.isspace() for p in parts[index + 1:]):
                del parts[index:]
            else:
                parts.append(f"</{tag}>")


def search_entries(html: str, url: str, title: str) -> list[dict] | None:
    """The search entries Material's parser makes of a page: a section per heading
    with an id, its title and its text with a few tags kept. Written for build-site's
    own pages; None when the page has something it does not handle (scripts, code
    blocks, search attributes), and then Material's parser reads the page."""
    supported = _supported(html)
    if supported is None:
        return None
    html = supported
    reader = _Reader()
    pos = 0
    for m in TOKEN.finditer(html):
        if m.start() > pos:
            reader.data(html[pos:m.start()])
        pos = m.end()
        closing, tag = m.group(1), (m.group(2) or "").lower()
        if not tag:
            continue  # a comment
        if closing:
            reader.close(tag)
        else:
            reader.open(tag, m.group(3))
    if pos < len(html):
        reader.data(html[pos:])
    return [{"location": url + ("#" + ident if ident else ""),
             "title": ("".join(title_parts) if title_parts else title).strip(), "text": "".join(text_parts).strip()}
            for _tag, _depth, ident, title_parts, text_parts in reader.sections]


def digest(body: str, url: str, title: str) -> str:
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
        if front.get("generator") != "build-site" or "title" not in front or "search" in front:
            continue  # (a page with its own search settings, such as search/ left out, is MkDocs' to read)
        body, url, title = body.strip("\n"), _page_url(src), str(front["title"])
        index[src] = (digest(body, url, title), search_entries(NOINDEX.sub("", body), url, title))
    return index


class AnchorIds(collections.abc.Set):
    """The ids of a generated page's anchors, found only if a link to one is checked."""

    def __init__(self, body: str):
        self._body = body
        self._ids: set[str] | None = None

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
