"""Terms of art, each linked once a page to its plain explanation (#31, outputs/terms)."""

from __future__ import annotations

import re

import pytest

from build_site.core.catalogue import using
from build_site.outputs.terms import TERMS, link_terms


def _links(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<a class="bs-term" href="[^"]*#term-([a-z-]+)">([^<]+)</a>', html)


def test_only_the_first_mention_is_linked_and_never_inside_a_link_heading_or_badge():
    html = ('<h2>Off target</h2><p><a href="x">on target</a> <span class="bs-rating bs-off-target">Off target</span>'
            ' 3 are off target, 2 on target.</p><p>Still off target; 4 on target.</p>')
    out = link_terms(html, "../")
    assert _links(out) == [("off-target", "off target"), ("on-target", "on target")]
    assert out.startswith('<h2>Off target</h2><p><a href="x">on target</a> <span class="bs-rating bs-off-target">Off')
    assert out.endswith("<p>Still off target; 4 on target.</p>")
    assert 'href="../methodology/#term-off-target"' in out


def test_a_longer_term_shadows_the_shorter_one_inside_it_in_welsh():
    with using("cy"):
        out = link_terms("<p>9 oddi ar y targed.</p><p>Mae 3 oddi ar y targed a 2 ar y targed.</p>", "")
    assert _links(out) == [("off-target", "oddi ar y targed"), ("on-target", "ar y targed")]
    assert out.count("bs-term") == 2 and "oddi ar y targed a 2 <a" in out


@pytest.mark.parametrize("language", ["", "cy/"])
def test_each_page_links_each_term_at_most_once_to_a_glossary_entry_that_exists(built, language):
    site = built / "site" / language.rstrip("/") if language else built / "site"
    glossary = set(re.findall(r'id="term-([a-z-]+)"', (site / "methodology" / "index.html").read_text(encoding="utf-8")))
    assert {key for key, _words in TERMS} <= glossary
    pages = [site / "index.html", site / "exceptions" / "index.html", *sorted((site / "priorities").glob("*/index.html"))]
    for page in pages:
        keys = [k for k, _w in _links(page.read_text(encoding="utf-8"))]
        assert keys and len(keys) == len(set(keys)), (page, keys)
    home = (site / "index.html").read_text(encoding="utf-8")
    verdict = re.search(r'<p class="bs-verdict">(.*?)</p>', home, re.S).group(1)
    assert {"on-target", "off-target"} <= {k for k, _w in _links(verdict)}  # (the first sentence's own terms)
