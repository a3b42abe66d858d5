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
_RUN = re.compile(r"[ \t]*\n\s*")


def compact(html: str) -> str:
    """``html`` with every run of white space holding a line break written as one line
    break, outside ``<pre>`` and ``<textarea>``."""
    parts = _KEEP.split(html)
    return "".join(part if k % 2 else _RUN.sub("\n", part) for k, part in enumerate(parts))


class Compact(BasePlugin):
    @event_priority(-100)  # after every other plugin has changed the page
    def on_post_page(self, output, page, config):
        return compact(output)
