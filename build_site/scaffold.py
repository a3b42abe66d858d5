"""The sample council, which is also the scaffold for a new council's repository.

There is one copy: the files at the root of this project's repository
(``datapackage.json``, ``data/``, ``docs/``, ``overrides/``,
``mkdocs.yml``, ``.github/workflows/``). A wheel packs them into ``build_site/_scaffold``; an
editable install reads them from the repository itself.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

#: What a new council's repository gets, relative to the scaffold root.
SCAFFOLD_ITEMS = ("datapackage.json", "data", "docs", "overrides", "mkdocs.yml", ".github/workflows")

#: Pages and files that ``build`` writes into docs/ (git-ignored, never hand-written).
GENERATED_DOCS = ("index.md", "exceptions", "priorities", "monitoring", "indicators", "areas",
                  "providers", "data", "api", "methodology.md", ".generated")


def scaffold_root() -> Path:
    packed = Path(str(resources.files("build_site"))) / "_scaffold"
    if (packed / "datapackage.json").is_file():
        return packed
    repo = Path(__file__).resolve().parent.parent
    if (repo / "datapackage.json").is_file():
        return repo
    raise FileNotFoundError("the sample council is not installed with build_site")


@lru_cache(maxsize=1)
def contract_descriptor() -> dict:
    """The contract's datapackage.json, as shipped with the sample council."""
    return json.loads((scaffold_root() / "datapackage.json").read_text(encoding="utf-8"))


COUNCIL_README = """\
# {name}: performance data

This repository publishes the council's performance indicators as an open website,
built by [build-site](https://pypi.org/project/build-site/).

- Edit the CSV files in `data/` (in a pull request) — the data dictionary is on the
  site's Data page, and `datapackage.json` holds the machine-readable schemas.
- Every pull request is checked: problems are shown on the changed line.
- Merging to `main` publishes the site to GitHub Pages.

Try it locally with Python 3.11:

    python -m venv .venv && . .venv/bin/activate
    pip install build-site
    build-site validate
    build-site serve

The figures that came with this repository are a fictional sample: replace them with
your own, and set `"fictional": false` (or remove it) in `datapackage.json`.
"""

COUNCIL_GITIGNORE = "\n".join(["site/", ".cache/", ".venv/", "__pycache__/"] + [f"/docs/{g}" + ("/" if "." not in g else "")
                                                                         for g in GENERATED_DOCS]) + "\n"


def _version() -> str:
    from importlib.metadata import version

    return version("build-site")


def scaffold_files(name: str) -> dict[str, bytes]:
    """Every file of a new council's repository, as {relative path: bytes}."""
    root = scaffold_root()
    files: dict[str, bytes] = {}
    generated = {f"docs/{g}" for g in GENERATED_DOCS}
    for item in SCAFFOLD_ITEMS:
        path = root / item
        if path.is_file():
            files[item] = path.read_bytes()
            continue
        for sub in sorted(path.rglob("*")):
            rel = sub.relative_to(root).as_posix()
            if sub.is_dir() or any(rel == g or rel.startswith(g + "/") for g in generated):
                continue
            if "__pycache__" in rel:
                continue
            files[rel] = sub.read_bytes()
    files["README.md"] = COUNCIL_README.format(name=name).encode()
    files["requirements.txt"] = f"build-site=={_version()}\n".encode()
    files[".gitignore"] = COUNCIL_GITIGNORE.encode()
    return files
