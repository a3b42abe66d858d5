"""End to end: a freshly generated council with hostile text, built into a site."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from click.testing import CliRunner

from build_site.cli import cli

from . import oracle
from .conftest import BUILD_AS_OF, assert_contract_addresses, read_rows, write_council


def api(repo: Path) -> dict:
    return json.loads((repo / "site" / "api" / "indicators.json").read_text(encoding="utf-8"))


def test_the_api_matches_an_independent_reading_of_the_contract(built, council_seed):
    got = {i["id"]: i for i in api(built)["indicators"]}
    want = oracle.expected(built, date.fromisoformat(BUILD_AS_OF))
    assert set(got) == set(want)
    for ind_id, exp in want.items():
        item = got[ind_id]
        assert item["latest"] == exp["latest"], (council_seed, ind_id)
        assert item["overdue"] == exp["overdue"], (council_seed, ind_id)
        assert item["exception_rules"] == exp["exception_rules"], (council_seed, ind_id)
        assert (item["recovery_missed"], item["recovery_period"]) == (exp["recovery_missed"],
                                                                      exp["recovery_period"]), (council_seed, ind_id)
        if exp["latest"] is not None:
            assert item["exception"] == exp["exception"]
            assert item["commentary_missing"] == exp["commentary_missing"], (council_seed, ind_id)
    # the generator made every kind of case
    statuses = {i["latest"]["status"] for i in got.values() if i["latest"]}
    assert statuses == {"on-target", "near-target", "off-target", "data-only", "no-data"}
    rules = {r for i in got.values() for r in i["exception_rules"]}
    assert rules == {"off-target", "near-target-high-risk", "worsening", "overdue"}
    promises = {(i["recovery_period"] is not None, i["recovery_missed"]) for i in got.values()}
    assert promises == {(False, False), (True, False), (True, True)}  # none, kept or not due, missed


def test_the_api_shape(built):
    data = api(built)
    assert list(data) == ["as_of", "indicators"] and data["as_of"] == BUILD_AS_OF
    ids = [i["id"] for i in data["indicators"]]
    assert ids == sorted(ids)
    for item in data["indicators"]:
        for key in ["id", "title", "priority", "mode", "approach", "polarity", "unit", "url", "overdue",
                    "exception", "exception_rules", "latest"]:
            assert key in item
        assert item["url"] == f"indicators/{item['id']}/"
        one = json.loads((built / "site" / "api" / "indicators" / f"{item['id']}.json").read_text())
        assert one["status"] == item
        assert set(one) == {"as_of", "indicator", "status", "measurements", "targets", "benchmarks", "commentary"}


def test_exceptions_csv_lists_exactly_the_exceptions(built):
    result = CliRunner().invoke(cli, ["exceptions", str(built), "--as-of", BUILD_AS_OF, "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and "id" in rows[0]
    flagged = {i["id"] for i in api(built)["indicators"] if i["exception"]}
    assert {r["id"] for r in rows} == flagged
    assert len(rows) == len(flagged)
    published = (built / "site" / "exceptions" / "exceptions.csv").read_bytes()
    assert published == b"\xef\xbb\xbf" + result.output.encode("utf-8")  # (with a byte-order mark, for Excel)


def test_exception_report_formats(built):
    for fmt in ("table", "markdown", "json"):
        result = CliRunner().invoke(cli, ["exceptions", str(built), "--as-of", BUILD_AS_OF, "--format", fmt])
        assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["as_of"] == BUILD_AS_OF and data["exceptions"]


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.imgs, self.scripts, self.tables, self.inline_handlers = [], [], [], 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.imgs.append(a)
        if tag == "script":
            self.scripts.append(a.get("src", "inline"))
        if tag == "table":
            self.tables += 1
        for k in a:
            if k.startswith("on"):
                self.inline_handlers.append((tag, k))


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_contract_address_exists(built):
    assert_contract_addresses(built)


def test_each_indicator_page_has_a_chart_with_alt_text_and_a_table(built):
    site = built / "site"
    for row in read_rows(built, "indicators")[1:]:
        page = parse(site / "indicators" / row[0] / "index.html")
        charts = [i for i in page.imgs if i.get("src") == "chart.svg"]
        assert len(charts) == 1 and len(charts[0]["alt"]) > 30, row[0]
        svg = (site / "indicators" / row[0] / "chart.svg").read_text()
        # the page reserves exactly the chart's size (no jump when it loads): points -> CSS pixels
        w, h = (float(x) for x in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
        assert (int(charts[0]["width"]), int(charts[0]["height"])) == (round(w * 4 / 3), round(h * 4 / 3)), row[0]
        assert page.tables >= 1


def test_the_exception_page_links_exactly_the_exceptions(built):
    page = (built / "site" / "exceptions" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'<h2 id="x-([a-z0-9-]+)"><a href="\.\./indicators/\1/"', page))
    assert linked == {i["id"] for i in api(built)["indicators"] if i["exception"]}


def test_the_zip_holds_the_whole_package(built):
    with zipfile.ZipFile(built / "site" / "data" / "datapackage.zip") as z:
        names = set(z.namelist())
        descriptor = json.loads(z.read("datapackage.json"))
        assert names == {"datapackage.json"} | {r["path"] for r in descriptor["resources"]}
        for name in names:
            assert z.read(name) == (built / name).read_bytes()


def test_nothing_from_the_data_executes_but_the_text_appears(built):
    """Hostile titles and commentary show as written, escaped; no markup from the data survives."""
    site = built / "site"
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "onerror=alert" not in text.replace("&lt;img src=x onerror=alert", "")
        assert 'href="javascript:' not in text
        page = parse(html)
        assert not page.inline_handlers, (html, page.inline_handlers)
    home = (site / "indicators" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in home or "&lt;script&gt;alert(&#x27;x&#x27;)" in home
    # Markdown and template syntax are shown as written, not interpreted
    all_pages = "".join(p.read_text(encoding="utf-8") for p in (site / "indicators").glob("*/index.html"))
    assert "[click me](javascript:alert(1))" in all_pages
    assert "**bold** _under_ `code` # heading" in all_pages
    assert "{{ config.site_name }} {% raw %}" in all_pages
    assert "a | table | pipe" in all_pages


def test_the_page_text_matches_the_data(built):
    rows = read_rows(built, "indicators")
    ind = rows[1]
    page = (built / "site" / "indicators" / ind[0] / "index.html").read_text(encoding="utf-8")
    import html as h

    # the title shows as written (escaped, whichever way an apostrophe is spelt), and is never markup
    headings = [h.unescape(x.replace("<br>", "\n")) for x in re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)]
    assert ind[1] in headings
    assert "<script>alert" not in page


def digest(path: Path) -> dict[str, str]:
    return {p.relative_to(path).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(path.rglob("*")) if p.is_file()}


def test_builds_are_deterministic(tmp_path, hostile_tables):
    """Same data and same --as-of give a byte-identical site, even with no chart cache."""
    a = write_council(tmp_path / "a", hostile_tables)
    b = write_council(tmp_path / "b", hostile_tables)
    for repo, extra in ((a, []), (b, ["--no-cache"])):
        result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", BUILD_AS_OF, *extra])
        assert result.exit_code == 0, result.output
    da, db = digest(a / "site"), digest(b / "site")
    assert da == db
    again = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF])
    assert again.exit_code == 0 and digest(a / "site") == da


def test_real_data_without_targets_and_with_ragged_periods(tmp_path):
    """Published data often have no targets, long multi-line sources and gaps in the periods."""
    from tools.synth import generated_council

    tables = generated_council(12, seed=7)
    tables["targets"] = []
    tables["benchmarks"] = []
    tables["commentary"] = []
    tables["indicators"] = [r[:16] + ["Source line one\nline two, with a comma\n" + "very long " * 80] for r in
                            tables["indicators"]]
    tables["measurements"] = [r for k, r in enumerate(tables["measurements"]) if k % 3 != 1]
    repo = write_council(tmp_path / "real", tables, fictional=False)
    result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", BUILD_AS_OF])
    assert result.exit_code == 0, result.output
    data = api(repo)
    assert all(i["latest"] is None or i["latest"]["status"] == "data-only" for i in data["indicators"])
    home = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert "fictional sample" not in home
    page = (repo / "site" / "indicators" / tables["indicators"][0][0] / "index.html").read_text(encoding="utf-8")
    assert "Source line one<br>\nline two, with a comma<br>\n" in page  # (a line break where a <br> meets text)


def test_the_fast_path_through_mkdocs_changes_no_page(sample, tmp_path):
    """build-site hands generated pages to MkDocs pre-parsed; plain MkDocs must give the same pages."""
    from build_site.generators.mkdocs import mkdocs_build
    from build_site.publish import discovery

    result = CliRunner().invoke(cli, ["build", str(sample), "--as-of", BUILD_AS_OF])
    assert result.exit_code == 0, result.output
    languages = ("en", "cy")  # (the sample's: each language's site built as the build builds it)
    mkdocs_build(sample.resolve(), tmp_path / "plain", fast=False, languages=languages)
    mkdocs_build(sample.resolve(), tmp_path / "plain" / "cy", fast=False, language="cy", languages=languages)
    # the step after the generator, on both: one sitemap of every language's pages, and robots.txt
    discovery.write(tmp_path / "plain", languages, discovery.site_address(sample.resolve(), None))
    fast, plain = digest(sample / "site"), digest(tmp_path / "plain")
    assert set(fast) == set(plain) and "cy/indicators/repairs-days/index.html" in fast
    differ = sorted(k for k in fast if fast[k] != plain[k] and not k.startswith(("search/", "cy/search/")))
    assert differ == []
    # search still finds indicators, by title and definition, without their long tables
    index = json.loads((sample / "site" / "search" / "search_index.json").read_text())
    docs = {d["location"]: d for d in index["docs"]}
    assert "Average days to complete non-emergency repairs" in docs["indicators/repairs-days/"]["title"]
    assert "routine repair" in json.dumps(index)


def test_an_indicator_with_no_figures_yet(sample):
    rows = read_rows(sample, "measurements")
    kept = [r for r in rows if r[0] != "repairs-days"]
    from .conftest import write_rows

    write_rows(sample, "measurements", kept)
    result = CliRunner().invoke(cli, ["build", str(sample), "--as-of", BUILD_AS_OF], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    item = next(i for i in api(sample)["indicators"] if i["id"] == "repairs-days")
    assert item["latest"] is None and item["exception"] is False and item["overdue"] is False
    page = (sample / "site" / "indicators" / "repairs-days" / "index.html").read_text(encoding="utf-8")
    assert "No figures published yet" in page


def test_a_rebuild_writes_the_same_site_as_a_clean_build(tmp_path):
    """After one changed value, the incremental rebuild (only changed pages through MkDocs,
    cached charts) must give exactly the site a clean build of the same data gives."""
    from .conftest import set_cell

    a = write_council(tmp_path / "a")
    b = write_council(tmp_path / "b")
    first = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF])
    assert first.exit_code == 0, first.output
    for repo in (a, b):
        set_cell(repo, "measurements", 7, "value", "47.25")
        set_cell(repo, "commentary", 2, "commentary", "Rewritten <b>commentary</b>")
        (repo / "docs" / "about.md").write_text((repo / "docs" / "about.md").read_text() + "\nOne more line.\n")
    again = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF])
    assert again.exit_code == 0 and "only the pages that changed" in again.output
    clean = CliRunner().invoke(cli, ["build", str(b), "--as-of", BUILD_AS_OF, "--no-cache"])
    assert clean.exit_code == 0 and "only the pages that changed" not in clean.output
    assert digest(a / "site") == digest(b / "site")
    assert "One more line." in (a / "site" / "about" / "index.html").read_text()
    assert "Rewritten &lt;b&gt;commentary&lt;/b&gt;" in (a / "site" / "indicators" / "household-recycling" /
                                                         "index.html").read_text()
    assert '<span lang="en">Rewritten &lt;b&gt;commentary&lt;/b&gt;</span>' in (  # (in Welsh: as written, marked)
        a / "site" / "cy" / "indicators" / "household-recycling" / "index.html").read_text()


def test_a_rebuild_after_removing_an_indicator_leaves_nothing_behind(tmp_path):
    a = write_council(tmp_path / "a")
    assert CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF]).exit_code == 0
    for name in ("measurements", "targets", "commentary", "benchmarks", "indicators"):
        rows = read_rows(a, name)
        from .conftest import write_rows

        write_rows(a, name, [r for r in rows if r[0] != "noise-complaints"])
    assert CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF]).exit_code == 0
    assert not (a / "site" / "indicators" / "noise-complaints").exists()
    assert not (a / "site" / "api" / "indicators" / "noise-complaints.json").exists()
    index = (a / "site" / "search" / "search_index.json").read_text()
    assert "indicators/noise-complaints/" not in index


def test_a_rebuild_never_writes_into_the_published_site(tmp_path, caplog):
    """The staged site, docs/ and site/ share unchanged files as hard links; every write
    must make a new file, so a snapshot linked to the published site stays as it was."""
    import os

    from build_site.core.writer import clone_tree

    from .conftest import set_cell

    a = write_council(tmp_path / "a")
    assert CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF]).exit_code == 0
    shared = sum(os.stat(p).st_nlink > 1 for p in (a / "site").rglob("*") if p.is_file())
    assert shared > 100  # published as links, not copies
    snapshot = tmp_path / "snapshot"
    clone_tree(a / "site", snapshot)  # links to the very files that are published
    before = digest(snapshot)
    set_cell(a, "measurements", 7, "value", "47.25")
    (a / "docs" / "assets" / "favicon.svg").write_text((a / "docs" / "assets" / "favicon.svg").read_text() + "<!---->\n")
    (a / "docs" / "about.md").write_text((a / "docs" / "about.md").read_text() + "\nOne more line.\n")
    again = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF])
    assert again.exit_code == 0 and "only the pages that changed" in again.output
    assert not [r for r in caplog.records if "dirty" in r.getMessage()]  # (MkDocs' warning does not apply)
    assert digest(snapshot) == before
    assert digest(a / "site") != before


def test_with_another_mkdocs_plugin_the_site_is_copied_not_linked(tmp_path):
    """A plugin build-site does not know might write files in place, so no published file may
    be shared with docs/, the cache or the next build's staged site: not after the first build,
    nor after a rebuild, which stages the published site again as copies."""
    from .conftest import set_cell

    a = write_council(tmp_path / "a")
    config = (a / "mkdocs.yml").read_text()
    (a / "mkdocs.yml").write_text(config.replace("plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n"))
    result = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF])
    assert result.exit_code == 0, result.output
    set_cell(a, "measurements", 7, "value", "47.25")
    again = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF])
    assert again.exit_code == 0 and "only the pages that changed" in again.output
    published = [p for p in (a / "site").rglob("*") if p.is_file()]
    assert len(published) > 50 and all(p.stat().st_nlink == 1 for p in published)


def test_a_site_published_elsewhere_is_not_staged_again(tmp_path):
    """The next build stages the last published site again only if it is where that build put it."""
    from .conftest import set_cell

    a = write_council(tmp_path / "a")
    assert CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF]).exit_code == 0
    set_cell(a, "measurements", 7, "value", "47.25")
    other = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF, "--site-dir", str(tmp_path / "other")])
    assert other.exit_code == 0 and "only the pages that changed" not in other.output
    assert (tmp_path / "other" / "index.html").is_file() and (a / "site" / "index.html").is_file()
    set_cell(a, "measurements", 7, "value", "48.5")
    again = CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF, "--site-dir", str(tmp_path / "other")])
    assert again.exit_code == 0 and "only the pages that changed" in again.output


def test_pages_shared_with_the_workers_are_the_pages_one_process_renders(tmp_path):
    """Forked workers render and write indicator pages while the build renders the overview
    and takes the chunks they have not started: together, exactly the files one process renders,
    each listed as generated before it was written, in each of the site's languages."""
    from build_site.build import check
    from build_site.core.catalogue import using
    from build_site.generators.mkdocs.search import page_index
    from build_site.inputs.load import last_updated, published_files
    from build_site.inputs.translations import translated
    from build_site.outputs.pages import Inputs, rows_of
    from build_site.rating.status import compute
    from build_site.site.docs_files import generated_files
    from build_site.site.families import render_site
    from build_site.site.schedule import PagesJob, build_pool, start_workers
    from tools.synth import generated_council
    from tools.synth_welsh import welsh

    tables = generated_council(150, seed=5, hostile=True)
    tables["translations"] = welsh(tables, seed=5, hostile=True)
    repo = write_council(tmp_path / "c", tables)
    pkg, report = check(repo)
    assert report.ok and pkg.languages == ("en", "cy")
    statuses = compute(pkg, date.fromisoformat(BUILD_AS_OF))
    inputs = Inputs(last_updated(repo, pkg.descriptor), published_files(repo, pkg.descriptor))
    jobs = {}
    for code in pkg.languages:
        with using(code):
            here = translated(pkg, code)
            jobs[code] = PagesJob(here, statuses, inputs, {}, rows_of(here, statuses), None, tmp_path / code,
                                 ahead=page_index)  # (as the build gives MkDocs' fast path)
    pool = build_pool(2, sum(len(j.todo) for j in jobs.values()))
    try:
        start_workers(pool, jobs)
        results = {}
        for code, job in jobs.items():
            with using(code):
                results[code] = job.result()
    finally:
        pool.shutdown()
    wholes = {}
    for code, job in jobs.items():
        files, memo, index = results[code]
        with using(code):
            whole, whole_memo = render_site(job.args[0], statuses, inputs, {}, job.args[4])
        wholes[code] = whole
        docs = tmp_path / code
        assert memo == whole_memo
        written = {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*")
                   if p.is_file() and p.name != ".generated"}
        assert written and job.written_ahead == len(written)  # the workers really did some of them
        assert set(written) == {p for p, data in files.items() if data is None} <= generated_files(docs)
        assert {**{p: d for p, d in files.items() if d is not None}, **written} == whole
        expected = page_index(whole)  # every page's search entries, worked out by the workers (all done by now)
        assert {src: index.get(src) for src in expected} == expected
    some = "indicators/ind-00001/index.md"
    assert "Ffigur diweddaraf" in wholes["cy"][some].decode() and "Ffigur diweddaraf" not in wholes["en"][some].decode()


def test_the_replaced_site_is_deleted_by_the_next_build(tmp_path):
    from .conftest import set_cell

    a = write_council(tmp_path / "a")
    trash = a / ".cache" / "trash"
    assert CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF]).exit_code == 0
    set_cell(a, "measurements", 7, "value", "47.25")
    assert CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF]).exit_code == 0
    first = sorted(p.name for p in trash.iterdir())
    assert len(first) == 1  # the site the second build replaced, kept aside
    assert CliRunner().invoke(cli, ["build", str(a), "--as-of", BUILD_AS_OF]).exit_code == 0
    second = sorted(p.name for p in trash.iterdir())
    assert len(second) == 1 and second != first  # deleted by the third build, which set its own aside
    assert not [p for p in a.iterdir() if p.name.startswith(".site-")]
