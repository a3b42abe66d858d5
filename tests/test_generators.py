"""The site generator is swappable: Zensical builds every stable address, plain MkDocs gives
the fast path's pages, and the fast path steps aside where it is not tested."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_site.cli import cli
from build_site.generators import mkdocs as mkdocs_generators
from build_site.generators import zensical
from tools.synth import generated_council

from .conftest import BUILD_AS_OF, assert_contract_addresses, write_council


def build(repo: Path, *extra: str):
    result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", BUILD_AS_OF, *extra])
    assert result.exit_code == 0, result.output
    return result


def pages(site: Path) -> dict[str, str]:
    """Every page and file but the search index, which each generator writes its own way."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file() and "search" not in p.relative_to(site).as_posix().split("/")[:2]}  # (cy/search too)


@pytest.mark.parametrize("council", ["sample", "synthetic"])
def test_zensical_builds_every_stable_address(tmp_path, council):
    repo = write_council(tmp_path / council, None if council == "sample" else generated_council(40, seed=515))
    result = build(repo, "--generator", "zensical")
    if council == "sample":  # (in English and Welsh)
        assert "Building the site in English with Zensical" in result.output
        assert "Building the site in Welsh with Zensical" in result.output
        assert (repo / "site" / "cy" / "indicators" / "missed-bins" / "index.html").is_file()
        assert '<html lang="cy"' in (repo / "site" / "cy" / "index.html").read_text(encoding="utf-8")
        assert not (repo / "site" / "cy" / "cy").exists()
    else:
        assert "Building the site with Zensical" in result.output
    assert_contract_addresses(repo)
    assert not (repo / zensical.CONFIG_COPY).exists()  # (its configuration copy is not left behind)
    index = (repo / "site" / "index.html").read_text(encoding="utf-8")
    assert "Sample District Council performance" in index or "Council performance" in index


def test_plain_mkdocs_gives_the_fast_paths_pages(tmp_path):
    fast, plain = write_council(tmp_path / "fast"), write_council(tmp_path / "plain")
    assert "Building the site in English with MkDocs" in build(fast).output
    build(plain, "--generator", "mkdocs-plain")
    assert pages(fast / "site") == pages(plain / "site")


def test_the_generator_can_be_chosen_in_mkdocs_yml(sample):
    config = sample / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("extra:\n", "extra:\n  build_site_generator: zensical\n"),
                      encoding="utf-8")
    assert "Building the site in Welsh with Zensical" in build(sample).output


def test_an_untested_mkdocs_turns_the_fast_path_off_and_says_so_once(sample, tmp_path, monkeypatch):
    clean = write_council(tmp_path / "clean")
    build(clean)
    monkeypatch.setitem(mkdocs_generators.FAST_PATH_TESTED, "mkdocs-material", ("99.",))
    result = build(sample)
    assert result.output.count("without build-site's shortcuts") == 1
    assert "tested with mkdocs-material 99.x" in result.output
    assert pages(sample / "site") == pages(clean / "site")


def test_a_councils_own_navigation_partial_turns_the_fast_path_off(sample):
    partial = sample / "overrides" / "partials" / "nav.html"
    partial.write_text('{% include "partials/nav-item.html" ignore missing %}<nav aria-label="Ours"></nav>',
                       encoding="utf-8")
    result = build(sample)
    assert "overrides/partials/nav.html" in result.output
    assert 'aria-label="Ours"' in (sample / "site" / "indicators" / "repairs-days" / "index.html").read_text()


def test_an_unknown_generator_is_a_usage_error(sample):
    result = CliRunner().invoke(cli, ["build", str(sample), "--generator", "hugo"])
    assert result.exit_code == 2 and "mkdocs-plain" in result.output
