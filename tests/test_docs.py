"""The README and docs say what the code does."""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from build_site.cli import cli

from .conftest import ROOT


def test_readme_quick_start_is_two_make_commands():
    text = (ROOT / "README.md").read_text()
    assert "make site" in text and "make test" in text and "make check" in text
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^site:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert re.search(r"^check:", makefile, re.M)  # (the fast lane the README names)


def test_every_documented_option_exists():
    text = (ROOT / "README.md").read_text()
    synopsis = re.findall(r"^    build-site (\w+)(.*)$", text, re.M)
    assert {c for c, _ in synopsis} == set(cli.commands)
    for command, rest in synopsis:
        sub = _subcommand(command, rest)
        help_text = CliRunner().invoke(cli, [command, *sub, "--help"]).output
        for option in re.findall(r"--[a-z-]+", rest):
            assert option in help_text, (command, option)
        for choice in re.findall(r"--format ([a-z|]+)", rest):
            for word in choice.split("|"):
                assert word in help_text, (command, word)


def _subcommand(command: str, rest: str) -> list[str]:
    """A group's subcommand named first in a synopsis line (build-site workbook export …)."""
    group = cli.commands[command]
    word = rest.split()[0] if rest.split() else ""
    return [word] if isinstance(group, click.Group) and word in group.commands else []


def _documented_commands():
    for name, command in cli.commands.items():
        if isinstance(command, click.Group):
            for sub_name, sub in command.commands.items():
                yield f"{name} {sub_name}", sub
        else:
            yield name, command


def test_every_command_option_is_documented():
    text = (ROOT / "README.md").read_text()
    for name, command in _documented_commands():
        line = re.search(rf"^    build-site {name}(.*)$", text, re.M).group(1)
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in line, (name, opt)


def test_publish_guide_commands_exist():
    text = (ROOT / "guide" / "docs" / "publish.md").read_text()
    for command in set(re.findall(r"build-site (\w+)", text)):
        assert command in cli.commands, command


def test_methodology_shows_the_parameters_used(sample):
    import json

    path = sample / "datapackage.json"
    d = json.loads(path.read_text())
    d["reporting"].update({"default_tolerance_percent": 7.5, "worsening_run": 4, "reporting_lag_days": 60,
                           "financial_year_start_month": 7})  # (its languages kept)
    path.write_text(json.dumps(d))
    result = CliRunner().invoke(cli, ["build", str(sample), "--as-of", "2026-11-25"])
    assert result.exit_code == 0, result.output
    page = (sample / "site" / "methodology" / "index.html").read_text()
    assert "the near-target band is 7.5% of the target" in page
    assert "each of its last 4 changes made it worse" in page
    assert "A figure is due 60 days after its period ends" in page
    assert "Financial years start in July: 2024/25 runs from 1 July 2024 to 30 June 2025" in page
    welsh = (sample / "site" / "cy" / "methodology" / "index.html").read_text()
    assert "y band yn agos at y targed yw 7.5% o'r targed" in welsh
    assert ("Mae blynyddoedd ariannol yn dechrau ym mis Gorffennaf: mae 2024/25 yn rhedeg o 1 Gorffennaf 2024 i "
            "30 Mehefin 2025") in welsh


def test_the_guide_builds_with_no_broken_link_and_is_linked_from_the_readme(tmp_path):
    """#27: build-site's own guide is a site of its own (guide/), not pages of a council's."""
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "guide" / "mkdocs.yml"),
                             "-d", str(tmp_path / "guide")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for page in ("publish", "performance", "architecture", "welsh"):
        assert (tmp_path / "guide" / page / "index.html").is_file()
    readme = (ROOT / "README.md").read_text()
    assert "guide/docs/publish.md" in readme and "make guide" in readme
    assert not re.search(r"\(docs/(publish|performance|architecture|welsh)\.md", readme)
