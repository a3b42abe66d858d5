"""Pages without their templates' indentation (generators/mkdocs/compact): the same text, the
same page, fewer bytes; <pre> and <textarea> kept exactly."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from build_site.generators.mkdocs.compact import RUN, compact

TEXT = st.lists(st.sampled_from(list("ab <>/\n\t") + ["<pre>", "</pre>", "<textarea>", "</textarea>"])).map("".join)


def test_indentation_becomes_one_line_break_and_pre_and_textarea_are_kept():
    html = "<nav>\n    <ul>\n      <li>One</li>\n\n  </ul>\n</nav>\n<pre>  a\n    b\n</pre>\n  <textarea>\n  x\n</textarea>"
    assert compact(html) == "<nav>\n<ul>\n<li>One</li>\n</ul>\n</nav>\n<pre>  a\n    b\n</pre>\n<textarea>\n  x\n</textarea>"
    assert compact("a  b") == "a  b"  # (white space without a line break: left as it is)


@given(TEXT)
def test_compact_keeps_every_character_but_white_space_and_is_idempotent(html):
    once = compact(html)
    assert compact(once) == once
    assert re.sub(r"\s", "", once) == re.sub(r"\s", "", html)
    assert len(once) <= len(html)


WHITE = st.lists(st.sampled_from(list("ab\n\t \r\f\v") + ["\xa0", "\u2028", "\x1c", "\u3000", "x\n"])).map("".join)


@given(WHITE)
def test_compacting_line_by_line_is_the_pattern_s_work(text):
    assert compact(text) == RUN.sub("\n", text)


def test_the_built_pages_carry_no_indentation(built):
    pages = list((built / "site").rglob("index.html"))
    assert len(pages) > 100
    for page in pages:
        html = page.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea)[\s>].*?</\1>", "", html, flags=re.S)
        assert not re.search(r"\n[ \t]+", outside), page
