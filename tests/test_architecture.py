"""The library leaves its caller's process as it found it, and ships only what it runs."""

from __future__ import annotations

import gc
import logging
import os
import tomllib
from datetime import date

from .conftest import ROOT


def test_a_build_changes_nothing_in_the_callers_process(sample, tmp_path, monkeypatch):
    import matplotlib

    from build_site.build import build

    monkeypatch.chdir(tmp_path)
    mkdocs_logger = logging.getLogger("mkdocs")
    mkdocs_logger.setLevel(logging.DEBUG)
    before = (os.getcwd(), mkdocs_logger.level, gc.get_freeze_count(), gc.isenabled(), matplotlib.get_backend(),
              dict(matplotlib.rcParams))
    result = build(sample, date(2026, 11, 25))
    assert result.report.ok and result.pages > 50
    after = (os.getcwd(), mkdocs_logger.level, gc.get_freeze_count(), gc.isenabled(), matplotlib.get_backend(),
             dict(matplotlib.rcParams))
    assert after[:5] == before[:5]
    assert after[5] == before[5]
    mkdocs_logger.setLevel(logging.NOTSET)


def test_importing_the_package_chooses_no_matplotlib_backend():
    import subprocess
    import sys

    code = "import build_site.build, build_site.outputs.charts, matplotlib; print(matplotlib.get_backend())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "MPLBACKEND": "template"})
    assert out.stdout.strip() == "template"  # (the caller's choice, kept)


def test_the_wheel_ships_no_test_helpers_and_needs_no_test_tools():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = {d.split(">")[0].split("<")[0].split("=")[0].split("~")[0].strip() for d in project["dependencies"]}
    assert "frictionless" not in runtime
    assert any(d.startswith("frictionless") for d in project["optional-dependencies"]["test"])
    assert not (ROOT / "build_site" / "synth.py").exists()
    assert not list((ROOT / "build_site").rglob("*synth*"))


def test_the_architecture_pages_new_family_is_all_a_family_needs(sample, monkeypatch):
    """guide/docs/architecture.md's example family, run as written: its module, a template and a
    place in FAMILIES give its page, with nothing else changed."""
    import re
    import types

    from jinja2 import ChoiceLoader, DictLoader

    from build_site.build import statuses_for
    from build_site.outputs import pages
    from build_site.site import families

    text = (ROOT / "guide" / "docs" / "architecture.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    module = types.ModuleType("build_site.site.families.overdue")
    module.__package__ = "build_site.site.families"
    exec(compile("\n".join(line[4:] if line.startswith("    ") else line for line in code.splitlines()),
                 "overdue.py", "exec"), module.__dict__)
    monkeypatch.setattr(families, "FAMILIES", (*families.FAMILIES, module))

    def env_with_the_template(fy, cache=None, language=""):
        env = pages.env_for(fy, cache, language).overlay()
        env.loader = ChoiceLoader([DictLoader({"overdue.html": "<h1>Overdue</h1>{% for i, s, n in items %}"
                                                                "<p>{{ i.title }}</p>{% endfor %}"}), env.loader])
        return env

    monkeypatch.setattr(families, "env_for", env_with_the_template)
    pkg, statuses, report = statuses_for(sample, date(2026, 11, 25))
    files, _memo = families.render_site(pkg, statuses, pages.Inputs(None, ()))
    page = files["overdue/index.md"].decode("utf-8")
    late = [i.title for i in pkg.indicators if statuses[i.id].overdue]
    assert late and all(title in page for title in late)
    assert "overdue" in families.generated_docs()


# --------------------------------------------------------------------------- keys and placement

def test_an_indicator_pages_key_changes_with_every_one_of_its_inputs(sample):
    """Each field of PageInputs is in the key: a new input cannot leave a page stale unseen."""
    import dataclasses

    from build_site.build import statuses_for
    from build_site.outputs.pages import Inputs, env_for, page_key, rows_of
    from build_site.site.families import base, indicator_pages

    pkg, statuses, _report = statuses_for(sample, date(2026, 11, 25))
    site = base.Site(pkg, statuses, Inputs(None, ()), rows_of(pkg, statuses), env_for(4))
    ind = next(i for i in pkg.indicators if i.provider and site.rows.notes_by.get(i.id))
    inputs = indicator_pages.inputs_of(site, ind)
    other = indicator_pages.inputs_of(site, next(i for i in pkg.indicators if i.id != ind.id
                                                   and i.provider not in ("", ind.provider)))
    key = page_key(inputs)
    assert page_key(indicator_pages.inputs_of(site, ind)) == key
    for f in dataclasses.fields(indicator_pages.PageInputs):
        changed = getattr(other, f.name)
        if changed == getattr(inputs, f.name):
            changed = {"as_of": date(2026, 11, 26), "council": "Another council", "fictional": False,
                       "areas": (*inputs.areas, ("E05999999", None)), "priority_title": "Another priority",
                       "mapped": (*inputs.mapped, "E05999999"), "map_size": (1, 1),
                       "reporting": dataclasses.replace(inputs.reporting, worsening_run=9)}[f.name]
        assert page_key(dataclasses.replace(inputs, **{f.name: changed})) != key, f.name
    # and the files are made from these inputs alone: the render function is not given the site
    import inspect
    assert "site" not in inspect.signature(indicator_pages._files).parameters


def test_families_are_placed_by_what_they_read():
    from build_site.site import families
    from build_site.site.schedule import STAYS_HERE, placed

    here, anywhere = placed()
    assert "data" in here and not set(here) & set(anywhere)
    assert set(here) | set(anywhere) == {families.name_of(f) for f in families.FAMILIES}
    for f in families.FAMILIES:
        assert (families.name_of(f) in here) == bool(STAYS_HERE & set(f.READS))


def test_work_spread_over_more_workers_gives_the_same_files(tmp_path):
    from build_site.build import build
    from tests.conftest import write_council
    from tools.synth import generated_council

    tables = generated_council(160, seed=4242)
    digests = []
    for workers in (1, 3):
        repo = write_council(tmp_path / f"w{workers}", tables)
        assert build(repo, date(2026, 11, 25), workers=workers, use_cache=False).report.ok
        digests.append({p.relative_to(repo / "docs").as_posix(): p.read_bytes()
                        for p in sorted((repo / "docs").rglob("*")) if p.is_file() and ".generated" not in p.parts})
    assert digests[0].keys() == digests[1].keys() and len(digests[0]) > 500
    assert [p for p in digests[0] if digests[0][p] != digests[1][p]] == []


def test_the_architecture_pages_new_exception_rule_is_one_entry(sample, monkeypatch):
    """guide/docs/architecture.md's example rule, run as written: one entry in RULES makes it an
    exception rule in the status engine, the API and the pages' words."""
    import re

    from build_site.build import statuses_for
    from build_site.core.catalogue import N_, _
    from build_site.rating import api, rules
    from build_site.rating.rules import Rule
    from build_site.rating.summaries import reasons_sentence

    from .conftest import read_rows, set_cell

    text = (ROOT / "guide" / "docs" / "architecture.md").read_text(encoding="utf-8")
    code = next(block for block in re.findall(r"```python\n(.*?)```", text, re.S) if block.startswith("Rule("))
    rule = eval(code, {"Rule": Rule, "N_": N_, "_": _})  # noqa: S307 (the page's own example)
    monkeypatch.setattr(rules, "RULES", (*rules.RULES, rule))
    pkg, statuses, _report = statuses_for(sample, date(2026, 11, 25))
    blank = next(i for i in pkg.indicators if statuses[i.id].status == "no-data")
    row = next(k for k, r in enumerate(read_rows(sample, "indicators"), start=1) if r[0] == blank.id)
    set_cell(sample, "indicators", row, "risk", "high")
    pkg, statuses, _report = statuses_for(sample, date(2026, 11, 25))
    assert rule.code in statuses[blank.id].exception_rules
    item = api.summary_item(blank, statuses[blank.id], "")
    assert item["exception"] and rule.code in item["exception_rules"]
    assert rules.rule_word(rule.code) == "No figure and high risk"
    assert "because it has no latest figure and its risk is high" in reasons_sentence(
        statuses[blank.id].exception_rules, blank.approach, 0, "")
    others = [i for i in pkg.indicators if i.risk != "high" and statuses[i.id].status == "no-data"]
    assert all(rule.code not in statuses[i.id].exception_rules for i in others)


def test_the_architecture_pages_new_download_is_one_entry(sample, monkeypatch):
    """guide/docs/architecture.md's example download, run as written: one entry in DOWNLOADS
    gives every indicator the file, beside its page, and the build counts it as the page's."""
    import csv
    import io
    import json
    import re

    from build_site.build import statuses_for
    from build_site.outputs import downloads
    from build_site.outputs.downloads import INDICATOR_COLUMNS, Download
    from build_site.outputs.pages import Inputs
    from build_site.site import families

    text = (ROOT / "guide" / "docs" / "architecture.md").read_text(encoding="utf-8")
    code = next(block for block in re.findall(r"```python\n(.*?)```", text, re.S) if block.startswith("Download("))
    entry = eval(code, {"Download": Download, "INDICATOR_COLUMNS": INDICATOR_COLUMNS, "json": json})  # noqa: S307
    monkeypatch.setattr(downloads, "DOWNLOADS", (*downloads.DOWNLOADS, entry))
    pkg, statuses, _report = statuses_for(sample, date(2026, 11, 25))
    files, _memo = families.render_site(pkg, statuses, Inputs(None, ()))
    for ind in pkg.indicators:
        path = f"indicators/{ind.id}/{ind.id}.jsonl"
        assert path in downloads.indicator_outputs(ind.id)
        lines = [json.loads(line) for line in files[path].decode("utf-8").splitlines()]
        assert [r["indicator"] for r in lines] == [ind.id] * len(lines)
        table = list(csv.reader(io.StringIO(files[f"indicators/{ind.id}/{ind.id}.csv"].decode("utf-8-sig"))))
        assert [list(r.values()) for r in lines] == table[1:]  # (the CSV's rows, as objects)


def test_the_architecture_pages_new_language_is_its_catalogue(tmp_path):
    """guide/docs/architecture.md's new language, run as written in a copy of the repository:
    `tools/catalogue.py new pl`, one message translated, "pl" in reporting.languages, and the
    build makes the site under pl/ in Polish, named Polski in the switcher."""
    import json
    import shutil
    import subprocess
    import sys

    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        if not name.startswith(("tests/", "benchmarks/", "guide/", ".github/")) and (ROOT / name).is_file():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, tmp_path / name)
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def run(*args: str) -> str:
        done = subprocess.run([sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout + done.stderr

    assert "pl/LC_MESSAGES/messages.po" in run("tools/catalogue.py", "new", "pl")
    po = tmp_path / "build_site" / "locale" / "pl" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Exceptions"\nmsgstr ""\n' in text and "nplurals=3" in text  # (Polish has three forms)
    po.write_text(text.replace('msgid "Exceptions"\nmsgstr ""\n', 'msgid "Exceptions"\nmsgstr "Wyjątki"\n'),
                  encoding="utf-8")
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["reporting"]["languages"].append("pl")
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")

    where = run("-c", "import build_site; print(build_site.__file__)")
    assert where.startswith(str(tmp_path))  # (the copy's package, with its new catalogue)
    run("-c", "import sys; from build_site.cli import main; sys.argv = ['build-site', 'build', '--as-of', "
              "'2026-11-25']; main()")
    home = (tmp_path / "site" / "pl" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="pl"' in home
    assert "Wyjątki" in (tmp_path / "site" / "pl" / "exceptions" / "index.html").read_text(encoding="utf-8")
    assert 'lang="cy">Cymraeg<' in home and 'lang="en">English<' in home  # (the other languages' sites)
    assert 'lang="pl">Polski<' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "pl" / "indicators").is_dir()
    assert "Wyjątki" not in (tmp_path / "site" / "exceptions" / "index.html").read_text(encoding="utf-8")


def test_a_language_the_theme_has_no_words_for_keeps_the_theme_in_the_main_language():
    from mkdocs.theme import Theme

    from build_site.generators.mkdocs import _theme_speaks

    gaelic, welsh = Theme(name="material", language="gd"), Theme(name="material", language="cy")
    _theme_speaks({"theme": gaelic}, "en")
    _theme_speaks({"theme": welsh}, "en")
    assert (gaelic["language"], welsh["language"]) == ("en", "cy")
