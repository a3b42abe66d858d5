"""Terms of art, each linked once a page to its plain explanation (the methodology page's
glossary, ``#term-<key>``): the first time a page's text says "off target" or "needs
attention", the words are a link; after that they are plain.

Only the first part of a long page is read (``READ``: a priority's page can run to hundreds
of KB of charts and tables, and a reader meets the terms at its top). Only running text is
linked: never inside a link, a heading, a label, a button, a rating or direction badge,
code or a script. A term's words are the catalogue's, in the page's
language; a longer term is found before a shorter one inside it ("off target" before
"on target" in Welsh, where one holds the other), and a term already linked still
shadows the shorter one, so that "oddi ar y targed" never links its "ar y targed".
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import escape

from build_site.core.catalogue import N_, _, language

# (key of the glossary entry, the words that name it): the glossary's ids are "term-<key>"
TERMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("on-target", (N_("on target"),)),
    ("near-target", (N_("near target"),)),
    ("off-target", (N_("off target"),)),
    ("data-only", (N_("for information"),)),
    ("floor", (N_("agreed floor"),)),
    ("exception", (N_("exceptions"), N_("exception"), N_("need attention"), N_("needs attention"))),
    ("overdue", (N_("overdue"),)),
    ("managed", (N_("under active management"), N_("actively managing"))),
    ("monitored", (N_("monitored"),)),
)
READ = 48_000  # characters of a page read for terms: a term is explained where a reader first meets it, near the top
_SKIP = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "script", "style", "code", "label", "button", "summary",
                   "title", "dt", "caption", "th", "option", "textarea"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
                   "wbr"})
_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
_BADGE = re.compile(r'class="[^"]*\bbs-(rating|dir|gap)\b')


@lru_cache(maxsize=8)
def _finder(_language: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """One pattern for every term's words in the language, longest first, and which term
    each names."""
    key_of = {}
    for key, phrases in TERMS:
        for phrase in phrases:
            key_of[_(phrase).casefold()] = key
    words = sorted(key_of, key=len, reverse=True)
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.I), key_of


def link_terms(html: str, root: str) -> str:
    """``html`` with the first mention of each term in its running text linked to the
    glossary (``root``: the page's way to the site's root)."""
    finder, key_of = _finder(language())
    cut = html.find("<", READ) if len(html) > READ else -1
    head, rest = (html[:cut], html[cut:]) if cut != -1 else (html, "")
    named = {key_of[m.casefold()] for m in finder.findall(head)}  # (the terms the page's head has anywhere)
    if not named:
        return html
    used: set[str] = set()
    skipping: list[bool] = []
    out = []
    parts = _TAG.split(head)
    for k, part in enumerate(parts):
        if used >= named:  # (every term linked: the rest as it is)
            out.extend(parts[k:])
            break
        if part.startswith("<"):
            tag = _NAME.match(part)
            if tag and not part.startswith("<!") and tag.group(2).lower() not in _VOID and not part.endswith("/>"):
                if tag.group(1):
                    if skipping:
                        skipping.pop()
                else:
                    skipping.append(tag.group(2).lower() in _SKIP or bool(_BADGE.search(part)))
            out.append(part)
            continue
        if any(skipping) or not part.strip():
            out.append(part)
            continue

        def link(found: re.Match[str]) -> str:
            key = key_of[found.group(1).casefold()]
            if key in used:
                return found.group(0)
            used.add(key)
            return f'<a class="bs-term" href="{escape(root)}methodology/#term-{key}">{found.group(0)}</a>'

        out.append(finder.sub(link, part))
    return "".join(out) + rest
