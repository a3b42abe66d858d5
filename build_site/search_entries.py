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


def search_entries(html: str, url: str, title: str) -> list[dict] | None:
    """The search entries Material's parser makes of a page: a section per heading
    with an id, its title and its text with a few tags kept. Written for build-site's
    own pages; None when the page has something it does not handle (scripts, code
    blocks, search attributes), and then Material's parser reads the page."""
    html = _supported(html)
    if html is None:
        return None
    sections: list[list] = []  # [tag, depth, id, title parts, text parts]
    context: list[str] = []
    current = None
    skip: set[str] = set()  # the tags of elements marked data-search-exclude (Material matches them by tag)

    def start_section(tag, depth):
        nonlocal current
        current = [tag, depth, None, [], []]
        sections.append(current)

    def data(chunk: str) -> None:
        if skip and skip.intersection(context):
            return
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
            if m.group(3).endswith("/"):  # (<path … />: opened and closed at once, leaving no trace)
                if current is None:
                    start_section("hx", 0)
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
            if "data-search-exclude" in m.group(3) and EXCLUDE.search(m.group(3)):
                skip.add(tag)
                continue
            if tag in KEEP and not (skip and skip.intersection(context)):
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
            if tag in skip:
                skip.discard(tag)
                continue
            if tag in KEEP and not (skip and skip.intersection(context)):
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
        if front.get("generator") != "build-site" or "title" not in front:
            continue
        body, url, title = body.strip("\n"), _page_url(src), str(front["title"])
        index[src] = (digest(body, url, title), search_entries(NOINDEX.sub("", body), url, title))
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
