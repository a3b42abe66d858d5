"""The house (#28): the package's folders are the pipeline's stages, each importing only from
the stages before it; MkDocs and Material are imported behind one door; no import cycles;
modules under 400 lines and functions under 80."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "build_site"
#: The stages, in the order the pipeline runs them (guide/docs/architecture.md draws the house).
STAGES = ("core", "inputs", "rating", "outputs", "site", "generators", "publish", "officer", "build", "cli")
#: Only these folders may import MkDocs or Material.
DOORS = {"mkdocs": ("generators", "mkdocs"), "material": ("generators", "mkdocs")}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_scaffold" in path.parts:
            continue
        dotted = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[dotted] = path
    return found


def _imports(dotted: str, path: Path) -> list[tuple[str, int]]:
    """Every module a module imports (absolute names, resolved), with the line."""
    package = dotted if path.name == "__init__.py" else dotted.rpartition(".")[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            out.append((base, node.lineno))
            out += [(f"{base}.{a.name}", node.lineno) for a in node.names]
    return out


def stage_of(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "build_site" and parts[1] in STAGES else None


def edges() -> dict[str, set[str]]:
    modules = _modules()
    return {m: {name for name, _ in _imports(m, p) if name in modules and name != m} for m, p in modules.items()}


def later_stage_imports(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in graph.items():
        here = stage_of(module)
        for target in targets:
            there = stage_of(target)
            if here and there and STAGES.index(there) > STAGES.index(here):
                wrong.append(f"{module} ({here}) imports {target} ({there}), a later stage")
    return sorted(wrong)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_every_module_is_in_a_stage():
    assert [m for m in _modules() if m != "build_site" and stage_of(m) is None] == []


def test_each_stage_imports_only_from_the_stages_before_it():
    assert later_stage_imports(edges()) == []


def test_there_is_no_import_cycle():
    assert cycles(edges()) == []


def test_the_checks_find_a_cycle_and_a_later_stage():
    """The two checks above can fail."""
    graph = {"build_site.core.a": {"build_site.rating.b"}, "build_site.rating.b": {"build_site.core.a"}}
    assert cycles(graph) == [["build_site.core.a", "build_site.rating.b"]]
    assert later_stage_imports(graph) == ["build_site.core.a (core) imports build_site.rating.b (rating), a later stage"]


def test_mkdocs_and_material_are_imported_behind_one_door():
    outside = []
    for dotted, path in _modules().items():
        inside = path.relative_to(PACKAGE).parts[:-1]
        for name, line in _imports(dotted, path):
            top = name.split(".")[0]
            if top in DOORS and inside[: len(DOORS[top])] != DOORS[top]:
                outside.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert outside == []


@pytest.mark.parametrize("path", sorted(p for p in PACKAGE.rglob("*.py") if "_scaffold" not in p.parts),
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_modules_under_400_lines_and_functions_under_80(path):
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) < 400
    long = [f"{n.name} ({n.end_lineno - n.lineno + 1} lines)" for n in ast.walk(ast.parse(source))
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.end_lineno - n.lineno + 1 >= 80]
    assert long == []


def _read_by(path: Path) -> tuple[tuple[str, ...], set[str]]:
    """A family's READS, and what its code reads: ``site.rows`` and ``site.statuses``, each
    ``site.inputs.<field>`` as ``inputs.<field>``, and each ``site.pkg.<part>`` as ``<part>``."""
    import dataclasses

    from build_site.core.model import Package

    parts = {f.name for f in dataclasses.fields(Package)}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = next(ast.literal_eval(n.value) for n in tree.body
                 if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "READS")
    used = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not isinstance(node.value, ast.Attribute):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "site" \
                    and node.attr in ("rows", "statuses"):
                used.add(node.attr)
            continue
        owner = node.value
        if isinstance(owner.value, ast.Name) and owner.value.id == "site":
            if owner.attr == "inputs":
                used.add(f"inputs.{node.attr}")
            elif owner.attr == "pkg" and node.attr in parts:
                used.add(node.attr)
    return reads, used


@pytest.mark.parametrize("path", sorted(p for p in (PACKAGE / "site" / "families").glob("*.py")
                                        if p.name not in ("__init__.py", "base.py")), ids=lambda p: p.stem)
def test_each_family_reads_only_what_it_declares(path):
    """The scheduler places a family by its READS (what stays in the build's process): a family
    that reads more than it says could be sent where that is not."""
    reads, used = _read_by(path)
    assert sorted(used - set(reads)) == []


def test_the_reads_check_finds_what_a_family_does_not_declare(tmp_path):
    family = tmp_path / "family.py"
    family.write_text('READS = ("statuses",)\n\ndef render(site):\n    return site.inputs.raw_files, '
                      'site.pkg.commentary, site.statuses, site.rows\n', encoding="utf-8")
    reads, used = _read_by(family)
    assert sorted(used - set(reads)) == ["commentary", "inputs.raw_files", "rows"]


def test_every_library_the_package_imports_is_declared():
    """A library imported but not in pyproject.toml's dependencies arrives only by chance (as a
    dependency's dependency), and may not arrive at all with the next release of that one."""
    import re
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    declared = {re.split(r"[<>=~!\[ ;]", d, maxsplit=1)[0].lower() for d in
                tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    providers = packages_distributions()
    imported = {name.split(".")[0] for dotted, path in _modules().items() for name, _ in _imports(dotted, path)}
    third_party = sorted(m for m in imported if m not in sys.stdlib_module_names and m != "build_site" and m != "")
    undeclared = [m for m in third_party if not {d.lower() for d in providers.get(m, [m])} & declared]
    assert third_party and undeclared == []
