"""How search engines find every page (contract 1.2): one ``sitemap.xml`` at the site's root
listing every page of every language once, under the site's address, each with the same page
in every language (``xhtml:link`` alternates, the sitemap form of ``hreflang``), and
``robots.txt`` naming it. (The alternates are not in the pages' heads: the theme reads
every ``<link rel="alternate">`` as another site and fetches a sitemap under it, two missing
files on every page view.) The site generator writes a sitemap for each language's site (the main one at the
root, the others in their folders); this merges them, after the generator and before the
site is published. Without an address (no ``--site-url`` and none in mkdocs.yml) there is
nothing absolute to list, so ``robots.txt`` names no sitemap.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from xml.sax.saxutils import escape

from build_site.site import languages as L

_URL = re.compile(r"<url>\s*<loc>([^<]*)</loc>(?:\s*<lastmod>([^<]*)</lastmod>)?", re.S)
_SITE_URL = re.compile(r"^site_url:\s*['\"]?([^'\"\s#]*)", re.M)


def site_address(root: Path, site_url: str | None) -> str:
    """The site's address: ``site_url`` if given, else mkdocs.yml's (blank when neither)."""
    if site_url:
        return site_url
    try:
        found = _SITE_URL.search((root / "mkdocs.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return ""
    return found.group(1) if found else ""


def _entries(path: Path) -> list[tuple[str, str]]:
    try:
        return [(loc, lastmod or "") for loc, lastmod in _URL.findall(path.read_text(encoding="utf-8"))]
    except (OSError, UnicodeDecodeError):
        return []


def sitemap(staged: Path, languages: tuple[str, ...], address: str) -> bytes:
    """Every page of every language's site once: the main language's, then each other's."""
    others = [L.folder(c, languages) for c in languages[1:]]
    inside = tuple(address.rstrip("/") + "/" + f for f in others)
    seen: dict[str, str] = {}
    for loc, lastmod in _entries(staged / "sitemap.xml"):  # (the main site's own: not another language's)
        if not (inside and loc.startswith(inside)):
            seen.setdefault(loc, lastmod)
    for folder in others:
        for loc, lastmod in _entries(staged / folder / "sitemap.xml"):
            seen.setdefault(loc, lastmod)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
             + (' xmlns:xhtml="http://www.w3.org/1999/xhtml">' if others else ">")]
    for loc, lastmod in seen.items():
        lines.append(f"<url><loc>{escape(loc)}</loc>" + (f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else "")
                     + "".join(_alternates(loc, seen, address, languages)) + "</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _alternates(loc: str, seen: dict[str, str], address: str, languages: tuple[str, ...]) -> list[str]:
    """The page in each language that has it, when more than one does."""
    root = address.rstrip("/") + "/"
    folders = {c: L.folder(c, languages) for c in languages[1:]}
    rest = loc[len(root):] if loc.startswith(root) else None
    if rest is None:
        return []
    for folder in folders.values():  # ('cy/')
        if rest.startswith(folder):
            rest = rest[len(folder):]
            break
    same = {languages[0]: root + rest, **{c: root + f + rest for c, f in folders.items()}}
    found = [(c, u) for c, u in same.items() if u in seen]
    return [f'<xhtml:link rel="alternate" hreflang="{c}" href="{escape(u)}"/>' for c, u in found] if len(found) > 1 else []


def robots(address: str) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if address:
        lines.append(f"Sitemap: {address.rstrip('/')}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(staged: Path, languages: tuple[str, ...], address: str) -> None:
    """The merged sitemap (and its gzip copy, byte-identical for the same pages) and robots.txt."""
    data = sitemap(staged, languages, address)
    (staged / "sitemap.xml").write_bytes(data)
    (staged / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))
    (staged / "robots.txt").write_bytes(robots(address))
