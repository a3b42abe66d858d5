"""Search entries for generated pages: build-site's quick reading must equal Material's parser."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import example, given
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex

from build_site.generators.mkdocs.search import NOINDEX, search_entries


class FakePage:
    def __init__(self, content: str, url: str, title: str):
        self.content, self.url, self.title, self.meta, self.toc = content, url, title, {"title": title}, []


def material(html: str, url: str, title: str) -> list[dict]:
    index = SearchIndex()
    index.add_entry_from_context(FakePage(html, url, title))
    return index.entries


def generated_pages(repo: Path):
    for path in sorted((repo / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        head, body = text[4:].split("\n---\n", 1)
        meta = yaml.safe_load(head)
        if meta.get("generator") != "build-site":
            continue
        rel = path.relative_to(repo / "docs").as_posix()
        url = "" if rel == "index.md" else rel.removesuffix("index.md").removesuffix(".md") + ("" if rel.endswith(
            "index.md") else "/")
        yield rel, NOINDEX.sub("", body.strip("\n")), url, str(meta["title"])


def test_every_generated_page_of_a_hostile_council_gets_materials_entries(built):
    pages = list(generated_pages(built))
    assert len(pages) > 240
    for rel, html, url, title in pages:
        ours = search_entries(html, url, title)
        assert ours is not None, rel
        assert ours == material(html, url, title), rel


def test_every_generated_page_of_the_sample_gets_materials_entries(sample):
    from click.testing import CliRunner

    from build_site.cli import cli

    from .conftest import BUILD_AS_OF

    assert CliRunner().invoke(cli, ["build", str(sample), "--as-of", BUILD_AS_OF]).exit_code == 0
    for rel, html, url, title in generated_pages(sample):
        assert search_entries(html, url, title) == material(html, url, title), rel


def test_pages_it_does_not_read_are_left_to_material():
    for html in ("<pre>a\n b</pre>", "<script>x</script>", '<p data-search-boost="2">x</p>',
                 '<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2>'):
        assert search_entries(html, "x/", "X") is None


# --------------------------------------------------------------------------- random HTML, both readers

TEXT = st.lists(st.sampled_from(list("ab &<>\"'\n\t") + ["&amp;", "&lt;", "&#39;", "é", "  "]), max_size=8).map("".join)
TAGS = ["div", "p", "section", "span", "strong", "ul", "li", "ol", "code", "sub", "dl", "dt", "dd", "a", "h1",
        "h2", "h3", "td"] + ["div", "section", "h2", "h3"] * 3  # sections within sections, often


def escape_text(t: str) -> str:
    return t.replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def fragment(draw, depth=0, excluded=False):
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        kind = draw(st.sampled_from(["text", "tag", "void", "comment"] + ([] if excluded else ["exclude"])))
        if kind == "exclude":  # (a block left out of search, as build-site marks the maps and the notice;
            # its own tag, as Material's parser matches an excluded element by its tag alone)
            marked = draw(st.sampled_from([" data-search-exclude", ' data-search-exclude=""',
                                           ' class="m" data-search-exclude']))
            parts.append(f"<aside{marked}>{draw(fragment(depth + 1, True))}</aside>")
            continue
        if kind == "text":
            parts.append(escape_text(draw(TEXT)))
        elif kind == "void":
            parts.append(draw(st.sampled_from(["<br>", "<img alt=\"x > y\" src=a.svg>", "<hr/>", '<path d="M0 0"/>',
                                               "<circle r=1 />"])))
        elif kind == "comment":
            parts.append("<!--bs:x-->")
        else:
            tag = draw(st.sampled_from(TAGS))
            attrs = ""
            if tag.startswith("h") and draw(st.integers(0, 3)):
                attrs = f' id="{draw(st.sampled_from(["a", "b-1", "", "x&amp;y"]))}"'
            elif draw(st.booleans()):
                attrs = ' class="bs-x" aria-label="it\'s > fine"'
            parts.append(f"<{tag}{attrs}>{draw(fragment(depth + 1, excluded))}</{tag}>")
    return "".join(parts)


@given(fragment())
@example('<div><h2 id="a">A</h2></div><div><div><h2 id="b">B</h2></div>x</div>')  # "x" belongs to the page, not #a
@example('<section><p> </p><p>a</p><p>\n</p></section><h3 id="c"><code>c</code> d</h3>')
@example('<div data-search-exclude><svg><path d="M0 0"/><text>Abbey</text></svg></div><ul><li>Abbey ward</li></ul>')
@example('<div data-search-exclude><h2 id="a">A</h2>x<p>y</p></div>z')
def test_random_pages_get_the_same_entries_from_both_readers(html):
    assert search_entries(html, "p/", "Page") == material(html, "p/", "Page")


def test_mkdocs_uses_the_entries_worked_out_where_each_page_was_rendered(sample, tmp_path):
    """page_index works out each generated page's search entries in a worker; MkDocs must take
    them for every generated page (or the work is done twice), and only for the very page they
    were worked out from."""
    import json

    from click.testing import CliRunner

    from build_site.cli import cli
    from build_site.generators.mkdocs import mkdocs_build
    from build_site.generators.mkdocs.search import page_index

    from .conftest import BUILD_AS_OF

    assert CliRunner().invoke(cli, ["build", str(sample), "--as-of", BUILD_AS_OF]).exit_code == 0
    docs = sample / "docs"
    index = page_index({p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*.md")})
    excluded = {"search/index.md", "cy/search/index.md"}  # (the search page, left out of the index)
    assert set(index) == {rel for rel, *_ in generated_pages(sample)} - excluded
    marked = {src: (digest, [{"location": f"ahead:{src}", "title": "", "text": ""}])
              for src, (digest, _entries) in index.items()}
    marked["index.md"] = ("0" * 40, [{"location": "stale", "title": "", "text": ""}])  # not this page
    mkdocs_build(sample.resolve(), tmp_path / "site", index=marked)
    found = {d["location"] for d in json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())["docs"]}
    assert {f"ahead:{src}" for src in index if src != "index.md"} <= found
    assert "stale" not in found and "" in found  # the home page was read afresh


def test_a_generated_pages_anchor_ids_are_found_when_a_link_is_checked():
    from build_site.generators.mkdocs.search import AnchorIds

    ids = AnchorIds('<h2 id="chart">Chart</h2><div class="x" id=\'a&amp;b\'><p>no id</p></div>')
    assert "chart" in ids and "a&b" in ids and "no id" not in ids
    assert set(ids) == {"chart", "a&b"} and len(ids) == 2
