"""Maps for people (#31): labels and keys a phone can read, ward names on indicator maps,
the areas' map coloured by how each area compares with the council (with a key in words),
and pages that do not move as their maps load."""

from __future__ import annotations

import json
import re

import pytest

from build_site.outputs import map_svg
from build_site.outputs.chart_artists import text_width
from build_site.outputs.maps import Base
from build_site.site.families.areas import _line, standing

from .conftest import read_rows
from .test_areas import index_map, real, real_server  # noqa: F401 (the fixtures)

WIDTHS = [375, 1280]

# The least size, in CSS pixels, of every label drawn on each map in the page, and of its key.
SIZES = """async () => {
  const out = [];
  for (const m of document.querySelectorAll('img.bs-map, svg.bs-map')) {
    const box = m.getBoundingClientRect();
    if (!box.width) continue;
    const svg = m.tagName === 'IMG'
      ? new DOMParser().parseFromString(await (await fetch(m.src)).text(), 'image/svg+xml').documentElement : m;
    const scale = box.width / parseFloat(svg.getAttribute('viewBox').split(' ')[2]);
    let size = null;
    if (m.tagName === 'IMG') {
      const css = svg.querySelector('style').textContent;
      size = parseFloat(/\\.l\\{font-size:([0-9.]+)px/.exec(css)[1]);
    }
    const texts = [...svg.querySelectorAll('text')];
    const sizes = texts.map(t => (size || parseFloat(getComputedStyle(t).fontSize)) * scale);
    const key = m.closest('figure, .bs-areas-map').querySelectorAll('.bs-map-key li');
    out.push({locator: !!m.closest('.bs-locator'), texts: texts.length, least: Math.min(...sizes, 99), shown: box.width,
              key: [...key].map(li => parseFloat(getComputedStyle(li).fontSize))});
  }
  return out;
}"""
SHIFT = "window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) " \
        "if (!e.hadRecentInput) window.__cls += e.value; }).observe({type: 'layout-shift', buffered: true});"


def _mapped_pages(repo) -> list[str]:
    site = repo / "site"
    areas = [f"areas/{r[0]}/" for r in read_rows(repo, "areas")[1:4]]
    mapped = sorted(f"indicators/{p.parent.name}/" for p in (site / "indicators").glob("*/map.svg"))[:4]
    return ["areas/", *areas, *mapped]


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("council", ["built", "real"])
def test_map_labels_and_keys_are_at_least_12_px_and_nothing_moves_as_maps_load(
        browser, council, width, request):
    repo = request.getfixturevalue(council)
    server = request.getfixturevalue("server" if council == "built" else "real_server")
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(SHIFT)
    page = context.new_page()
    small, shifted, labelled = {}, {}, 0
    for path in _mapped_pages(repo):
        page.goto(server + path, wait_until="load")
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        page.wait_for_function("[...document.querySelectorAll('img')].every(i => i.complete)")
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_timeout(50)
        for m in page.evaluate(SIZES):
            labelled += m["texts"]
            if m["least"] < 12 or (not m["locator"] and (not m["key"] or min(m["key"]) < 12)):
                small[path] = m
        if path != "areas/" and page.evaluate("window.__cls") >= 0.05:
            shifted[path] = page.evaluate("window.__cls")
    context.close()
    assert small == {}, json.dumps(small, indent=1)
    assert shifted == {}, shifted
    assert labelled > 10  # (labels are drawn: not every one left off)


def test_the_areas_map_is_coloured_by_how_each_area_compares_with_a_key_in_words(built):
    html = (built / "site" / "areas" / "index.html").read_text(encoding="utf-8")
    svg, rest = index_map(html)
    fills = dict(re.findall(r'<a href="\.\./areas/([^/]+)/"[^>]*>.*?<path d="[^"]+" fill="(#[0-9a-f]+)"', svg))
    assert len(set(fills.values())) > 1  # (not one flat colour)
    colours = {v: k for k, v in map_svg.STANDING.items()}
    for code, fill in fills.items():
        page = (built / "site" / "areas" / code / "index.html").read_text(encoding="utf-8")
        counts = {c: page.count(f'<td data-label="Against the whole council">{w}')
                  for c, w in (("better", "Better"), ("worse", "Worse"), ("similar", "Similar"))}
        said = "better" if counts["better"] > counts["worse"] else "worse" if counts["worse"] > counts["better"] \
            else "even" if any(counts.values()) else "none"
        assert colours[fill] == said, (code, counts)
        assert (f'href="../areas/{code}/"' in svg) and ('class="bs-hatch"' in svg.split(f'areas/{code}/')[1]
                                                       .split("</a>")[0]) == (said == "worse")
    key = re.search(r'<ul class="bs-map-key".*?</ul>', rest, re.S).group(0)
    for s in set(colours[f] for f in fills.values()):
        assert map_svg.STANDING[s] in key  # every colour drawn is in the key, in words
    assert "worse than the council on more indicators than better" in key


@pytest.mark.parametrize("comparisons, words, kind", [
    ([], "No figures yet.", "none"),
    (["similar"] * 3, "Against the council as a whole: similar on 3 indicators.", "even"),
    (["better", "worse", "worse"], "Against the council as a whole: better on 1 indicator and worse on 2 indicators.",
     "worse"),
    (["better", "better", "similar"], "Against the council as a whole: better on 2 indicators and similar on 1 "
                                      "indicator.", "better"),
    (["better", "worse"], "Against the council as a whole: better on 1 indicator and worse on 1 indicator.", "even"),
    (["none"], "No figures yet.", "none"),
])
def test_an_areas_line_leaves_out_what_is_none_and_its_standing_follows_the_counts(comparisons, words, kind):
    assert _line(comparisons) == words
    assert standing(comparisons) == kind


def _square(code: str, x: float, size: float) -> tuple[str, str]:
    return code, f"M{x} 0 {x + size} 0 {x + size} {size} {x} {size}Z"


def test_a_label_is_written_only_where_it_fits_inside_its_area_and_names_go_above_values():
    big, small = 400.0, 60.0
    base = Base(640.0, 400.0, (_square("A", 0, big), _square("B", big + 10, small)),
                (("A", (big / 2, big / 2, big, big)), ("B", (big + 10 + small / 2, small / 2, small, small))))
    shaded = [map_svg.Shaded("A", "Riverside North", "12.5%", 2, False),
              map_svg.Shaded("B", "Castle Hill and Moor", "7.25%", 1, True)]
    svg = map_svg.choropleth(base, shaded, "Map")
    texts = re.findall(r'<text class="l" x="([0-9.]+)" y="([0-9.]+)">([^<]+)</text>', svg)
    assert [t for _x, _y, t in texts] == ["Riverside North", "12.5%"]  # B's name nor its value fit
    assert float(texts[0][1]) < float(texts[1][1])
    assert text_width("7.25%", map_svg.LABEL) + 6 > small
    assert 'class="l"' in svg and f"font-size:{map_svg.LABEL:g}px" in svg


def test_the_key_is_in_the_page_under_the_map_with_every_class_drawn(built):
    mapped = sorted((built / "site" / "indicators").glob("*/map.svg"))
    assert mapped
    for m in mapped:
        svg = m.read_text(encoding="utf-8")
        html = (m.parent / "index.html").read_text(encoding="utf-8")
        key = re.search(r'<ul class="bs-map-key".*?</ul>', html, re.S).group(0)
        for colour in set(re.findall(r'fill="(#[0-9a-f]{6})"', svg)) - {map_svg.LINE}:
            assert colour in key, (m.parent.name, colour)
        hatched = re.search(r'<g fill="url\(#bs-worse\)"[^>]*>(.*?)</g>', svg).group(1)
        assert bool(hatched) == ("Hatched: worse than the council as a whole" in key), m.parent.name
        width, height = map(int, re.search(r'<img class="bs-map" src="map.svg" width="(\d+)" height="(\d+)"', html)
                            .groups())
        assert (width, height) == tuple(round(float(v)) for v in
                                        re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg).groups())
