"""The council's logo (datapackage.json's ``image``) on its reports' PDFs: what is read,
what is refused and how the refusal reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_site.cli import cli
from build_site.inputs.logo import MAX_BYTES, PNG, read_logo
from build_site.officer.scaffold import scaffold_files

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'


def repo_with(tmp_path: Path, name: str, data: bytes) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "docs" / name).write_bytes(data)
    return tmp_path


@pytest.mark.parametrize("name, data, kind", [("logo.svg", SVG, "svg"), ("LOGO.PNG", PNG + b"\0" * 20, "png")])
def test_an_svg_or_png_inside_the_repository_is_the_logo(tmp_path, name, data, kind):
    logo, problems = read_logo(repo_with(tmp_path, name, data), {"image": f"docs/{name}"}, "Anytown Council")
    assert problems == [] and logo.data == data and logo.format == kind and "Anytown Council" in logo.alt


def test_no_image_is_no_logo_and_no_problem(tmp_path):
    assert read_logo(tmp_path, {}, "Anytown") == (None, [])


@pytest.mark.parametrize("image, files, words", [
    ("../logo.svg", {}, "inside the repository"),
    ("/etc/logo.svg", {}, "inside the repository"),
    ("https://example.org/logo.svg", {}, "inside the repository"),
    (42, {}, "inside the repository"),
    ("", {}, "inside the repository"),
    ("docs/logo.gif", {"logo.gif": b"GIF89a"}, "not an SVG or PNG"),
    ("docs/logo.svg", {}, "missing"),
    ("docs/logo.svg", {"logo.svg": b"<svg"}, "not a picture"),
    ("docs/logo.svg", {"logo.svg": b"<html/>"}, "not a picture"),
    ("docs/logo.svg", {"logo.svg": b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">'
                                   b'&a;</svg>'}, "not a picture"),
    ("docs/logo.png", {"logo.png": b"not a png"}, "not a picture"),
    ("docs/logo.png", {"logo.png": PNG + b"\0" * MAX_BYTES}, "larger than"),
])
def test_a_logo_that_cannot_be_used_is_a_problem_saying_how_to_fix_it(tmp_path, image, files, words):
    for name, data in files.items():
        repo_with(tmp_path, name, data)
    logo, problems = read_logo(tmp_path, {"image": image}, "Anytown")
    assert logo is None and len(problems) == 1
    p = problems[0]
    assert (p.file, p.field) == ("datapackage.json", "image") and words in p.message and "SVG or PNG" in p.fix


def test_a_missing_logo_stops_the_build_naming_the_field(sample):
    descriptor = json.loads((sample / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["image"] = "data/no-such-logo.svg"
    (sample / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(sample)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "datapackage.json: image: the logo data/no-such-logo.svg is missing" in result.output


def test_the_sample_has_a_logo_and_a_new_council_does_not_inherit_it():
    sample = scaffold_files()
    assert json.loads(sample["datapackage.json"])["image"] in sample
    named = scaffold_files("Anytown Council")
    assert "image" not in json.loads(named["datapackage.json"])
    assert json.loads(sample["datapackage.json"])["image"] not in named
