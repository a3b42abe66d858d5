"""A council's own site from the first command (#27): what `build-site new` makes, built as a
council would build it, holds only the council's content, builds quietly, has no broken link,
and can be found by search engines in every language."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import BUILD_AS_OF, ROOT, write_council
from .test_browser import broken_links

ADDRESS = "https://example.org/testshire/"
NAME = "Testshire County Council"
#: What build-site's own guide says on its pages: none of it belongs on a council's site.
TOOL_DOCUMENTS = ("How build-site is built", "How fast the site builds", "Publish your council's site",
                  "/architecture/", "/performance/", "/publish/", "architecture.md", "performance.md", "publish.md",
                  "Welsh terms")


def _command(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    tool = Path(sys.executable).parent / "build-site"
    return subprocess.run([str(tool), *args], capture_output=True, text=True, cwd=cwd)


def _new_council(folder: Path, *options: str) -> tuple[Path, subprocess.CompletedProcess]:
    made = _command("new", str(folder), "--name", NAME, "--site-url", ADDRESS, *options)
    assert made.returncode == 0, made.stderr
    built = _command("build", "--as-of", BUILD_AS_OF, cwd=folder)
    assert built.returncode == 0, built.stdout + built.stderr
    return folder, built


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return _new_council(tmp_path_factory.mktemp("english") / "testshire")


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    return _new_council(tmp_path_factory.mktemp("bilingual") / "testshire", "--languages", "en,cy")


def _pages(site: Path) -> list[str]:
    return sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))


def _sitemap(site: Path) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))


def _printed(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]


def test_no_page_navigation_or_search_entry_is_about_the_tool(english):
    repo, _ = english
    site = repo / "site"
    assert not any((repo / "docs" / name).exists() for name in ("architecture.md", "performance.md", "publish.md"))
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = [words for words in TOOL_DOCUMENTS if words in html]
        assert found == [], (page.relative_to(site).as_posix(), found)
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert [words for words in TOOL_DOCUMENTS if words in index] == []
    nav = re.findall(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*([^<]*?)\s*</span>',
                     (site / "index.html").read_text(encoding="utf-8"))
    assert "How ratings work" in nav and "Accessibility" in nav and "About this site" in nav
    assert {"Architecture", "Performance", "Publish"}.isdisjoint(nav)


def test_every_link_resolves(english):
    repo, _ = english
    broken, checked = broken_links(repo / "site", "/testshire/")
    assert checked > 500
    assert broken == []


def test_the_first_build_is_quiet(english):
    _, built = english
    lines = _printed(built)
    assert len(lines) <= 12, "\n".join(lines)
    assert any("Built" in line and "pages" in line for line in lines)
    assert "build-site serve" in lines[-1]
    assert "WARNING" not in built.stdout + built.stderr


def test_sitemap_lists_every_page_once_under_the_address_and_robots_names_it(english):
    repo, _ = english
    site = repo / "site"
    locs = _sitemap(site)
    assert len(locs) == len(set(locs))
    assert sorted(locs) == sorted(ADDRESS + ("" if p == "." else p + "/") for p in _pages(site))
    assert (site / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == f"Sitemap: {ADDRESS}sitemap.xml"
    assert not (site / "cy").exists()


def test_a_bilingual_council_lists_every_welsh_page_and_counts_its_warnings(bilingual):
    repo, built = bilingual
    site = repo / "site"
    locs = _sitemap(site)
    welsh = [p for p in _pages(site) if p.startswith("cy")]
    assert len(welsh) > 50
    assert {ADDRESS + p + "/" for p in welsh} <= set(locs) and len(locs) == len(set(locs))
    # each page names itself in every language that has it (hreflang, the sitemap's way)
    urls = re.findall(r"<url><loc>(.*?)</loc>(.*?)</url>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    both = {loc: dict((lang, href) for lang, href in re.findall(r'hreflang="([^"]+)" href="([^"]+)"', rest))
            for loc, rest in urls}
    for p in welsh:
        english = ADDRESS + (p[3:] + "/" if p != "cy" else "")
        if english in both:
            assert both[ADDRESS + p + "/"] == both[english] == {"en": english, "cy": ADDRESS + p + "/"}, p
    assert sum(len(alts) == 2 for alts in both.values()) > 100
    lines = _printed(built)
    assert len(lines) <= 12, "\n".join(lines)
    counted = [line for line in lines if "no translation yet" in line]
    assert len(counted) == 1 and re.match(r"\d+ texts have no translation yet", counted[0]), counted
    assert "build-site validate --verbose" in counted[0]
    broken, _ = broken_links(site, "/testshire/")
    assert broken == []


def test_validate_is_quiet_and_lists_the_warnings_when_asked(bilingual):
    repo, _ = bilingual
    quiet = _printed(_command("validate", "--as-of", BUILD_AS_OF, cwd=repo))
    verbose = _printed(_command("validate", "--as-of", BUILD_AS_OF, "--verbose", cwd=repo))
    assert len(quiet) <= 12, "\n".join(quiet)
    count = int(re.search(r"(\d+) texts have no translation yet", "\n".join(quiet)).group(1))
    assert count > 10 and len(verbose) >= count


def test_the_sample_links_the_guide_from_its_footer_and_a_council_does_not(english, tmp_path):
    repo, _ = english
    assert "https://pypi.org/project/build-site/" in (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert "build_site_guide" not in (repo / "mkdocs.yml").read_text(encoding="utf-8")
    # the sample as this repository publishes it: its own mkdocs.yml, and the guide beside it
    sample = write_council(tmp_path / "sample")
    shutil.copy(ROOT / "mkdocs.yml", sample / "mkdocs.yml")
    built = _command("build", "--as-of", BUILD_AS_OF, cwd=sample)
    assert built.returncode == 0, built.stdout + built.stderr
    guide = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f",
                            str(ROOT / "guide" / "mkdocs.yml"), "-d", str(sample / "site" / "guide")],
                           capture_output=True, text=True)
    assert guide.returncode == 0, guide.stderr
    page = (sample / "site" / "indicators" / "repairs-days" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'Built with the open-source <a href="\.\./\.\./guide/">build-site</a>', page)
    broken, checked = broken_links(sample / "site")
    # (the guide's own links are checked by mkdocs --strict in test_docs; its 404 page, which no
    # server shows under guide/, links from the root)
    assert checked > 1000 and [b for b in broken if not b[0].startswith("guide/")] == []
