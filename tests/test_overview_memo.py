"""The overview's pages that show indicators (priority pages, indicator maps) are kept, like
the indicator pages, while everything they are made from is unchanged (#29: a rebuild stops
redrawing them), and made again the moment anything is not: a rebuild is still the clean
build's site."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from build_site.cli import cli

from .conftest import BUILD_AS_OF, read_rows, set_cell, write_council
from .test_site import digest


def _build(repo: Path, *extra: str) -> None:
    result = CliRunner().invoke(cli, ["build", str(repo), "--as-of", BUILD_AS_OF, *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_one_changed_value_makes_only_its_priority_page_and_map_again(tmp_path):
    from datetime import date

    from build_site.build import statuses_for
    from build_site.outputs.pages import Inputs
    from build_site.site import families

    repo = write_council(tmp_path / "a")
    pkg, statuses, _report = statuses_for(repo, date(2026, 11, 25))
    first, memo = families.render_site(pkg, statuses, Inputs(None, ()))
    kept = {p for p in memo if "/" in p}
    assert {f"priorities/{p.id}/index.md" for p in pkg.priorities} <= kept
    assert [p for p in kept if p.endswith("/map.svg")]
    assert all(first[p] is not None for p in kept)  # (the first time, all made)
    table = read_rows(repo, "measurements")
    row = next(k for k, r in enumerate(table) if k and r[2] == "")  # (a council-wide figure)
    changed = table[row][0]
    set_cell(repo, "measurements", row + 1, "value", "12345.5")  # (row 1 is the header)
    pkg, statuses, _report = statuses_for(repo, date(2026, 11, 25))
    again, _memo = families.render_site(pkg, statuses, Inputs(None, ()), memo)
    remade = {p for p in kept if again.get(p) is not None}
    its = f"priorities/{next(i.priority for i in pkg.indicators if i.id == changed)}/index.md"
    assert its in remade and remade <= {its, f"indicators/{changed}/map.svg"}, remade
    assert {p for p in kept if p in again} == kept  # (the others kept: KEEP, None)
    fresh, _ = families.render_site(pkg, statuses, Inputs(None, ()))
    assert again[its] == fresh[its]


def test_whatever_a_kept_page_is_made_from_a_rebuild_is_the_clean_build(tmp_path):
    """A priority's own words, an area's name (on the maps) and the date each make the pages
    that show them again."""
    a, b = write_council(tmp_path / "a"), write_council(tmp_path / "b")
    _build(a)
    for repo in (a, b):
        set_cell(repo, "priorities", 2, "title", "A priority renamed")
        set_cell(repo, "areas", 2, "name", "An area renamed")
    _build(a)
    _build(b, "--no-cache")
    assert digest(a / "site") == digest(b / "site")
    page = (a / "site" / "priorities" / read_rows(a, "priorities")[1][0] / "index.html").read_text(encoding="utf-8")
    assert "A priority renamed" in page
