"""Every page MkDocs writes, without the indentation its theme's templates leave in it.

Material's templates are indented for people to read; on a generated indicator page that
indentation is about an eighth of the bytes a phone downloads. A run of white space that
holds a line break is shown as one space wherever it is (HTML collapses it), so it is
written as one line break, except inside ``<pre>`` and ``<textarea>``, whose white space
is kept exactly. What the page shows and what its scripts read do not change.

A plugin of its own, added to every MkDocs build build-site runs (with or without the
fast path, whose output is tested to be the same), so plain and fast builds stay equal.
"""

from __future__ import annotations

import re

from mkdocs.plugins import BasePlugin, event_priority

PLUGIN = "build-site-compact"
_KEEP = re.compile(r"(<pre[\s>].*?</pre>|<textarea[\s>].*?</textarea>)", re.S | re.I)
RUN = re.compile(r"[ \t]*\n\s*")  # (what is written as one line break; ``_lines`` does it by lines)


def compact(html: str) -> str:
    """``html`` with every run of white space holding a line break written as one line
    break, outside ``<pre>`` and ``<textarea>``."""
    parts = _KEEP.split(html)
    return "".join(part if k % 2 else _lines(part) for k, part in enumerate(parts))


def _lines(text: str) -> str:
    """``RUN.sub("\\n", text)``, line by line (about three times as fast on a page; a property
    test holds the two equal): each line loses the spaces and tabs before its break and the
    white space after it, and lines left empty go."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    middle = [kept for kept in (line.lstrip().rstrip(" \t") for line in lines[1:-1]) if kept]
    return "\n".join([lines[0].rstrip(" \t"), *middle, lines[-1].lstrip()])


class Compact(BasePlugin):
    @event_priority(-100)  # after every other plugin has changed the page
    def on_post_page(self, output, page, config):
        return compact(output)
