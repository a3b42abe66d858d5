"""The sample council, which is also the scaffold for a new council's repository.

There is one copy: the files at the root of this project's repository
(``datapackage.json``, ``data/``, ``docs/``, ``overrides/``,
``mkdocs.yml``, ``.github/workflows/``). A wheel packs them into ``build_site/_scaffold``; an
editable install reads them from the repository itself.
"""

from __future__ import annotations

import json
import re

from build_site.core.catalogue import LANGUAGES, MAIN, PSEUDO
from build_site.inputs.contract import scaffold_root
from build_site.officer.releases import requirement
from build_site.site.families import generated_docs

#: What a new council's repository gets, relative to the scaffold root (this project's own
#: release workflow is not among them).
SCAFFOLD_ITEMS = ("datapackage.json", "data", "docs", "overrides", "mkdocs.yml", "reports", ".github/workflows/site.yml",
                  ".github/dependabot.yml")

#: Pages and files that ``build`` writes into docs/ (git-ignored, never hand-written): what
#: the page families say they write, and the manifest of it all.
GENERATED_DOCS = (*generated_docs(), *(c for c in LANGUAGES if c not in (MAIN, PSEUDO)), ".generated")


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


def _requirement(files: dict[str, bytes]) -> str:
    """What a council's repository installs: the lowest release with every feature its files
    use, up to the next release that could break it (``releases.requirement``)."""
    from importlib.metadata import version

    return requirement(files, version("build-site"))


def _without_guide(config: bytes) -> bytes:
    """mkdocs.yml without the sample's link to build-site's guide (and the comment above it)."""
    return re.sub(rb"(?m)^  #[^\n]*\n(?:  #[^\n]*\n)*  build_site_guide: [^\n]*\n", b"", config)


def _yaml_setting(text: str, key: str, value: str) -> str:
    """mkdocs.yml with its top-level ``key`` set to ``value`` (as a quoted YAML string)."""
    line = f"{key}: {json.dumps(value, ensure_ascii=False)}"
    found = re.compile(rf"^{key}:.*$", re.M)
    return found.sub(lambda _m: line, text, count=1) if found.search(text) else f"{line}\n{text}"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "council"


def named(files: dict[str, bytes], name: str, site_url: str = "") -> dict[str, bytes]:
    """The scaffold with the council's name (and the site's address) set everywhere they
    appear: the site's name and address in mkdocs.yml, the package's name, title,
    description and publisher in datapackage.json, and the README; the sample's logo is left out."""
    config = _yaml_setting(files["mkdocs.yml"].decode("utf-8"), "site_name", f"{name} performance")
    config = re.sub(r"^      site_name: .*\n", "", config, flags=re.M)  # (the sample's name in other languages)
    if site_url:
        config = _yaml_setting(config, "site_url", site_url)
    descriptor = json.loads(files["datapackage.json"])
    fictional = " (fictional)" if descriptor.get("fictional") else ""
    descriptor["name"] = f"{_slug(name)}-performance"
    descriptor["title"] = f"{name} performance data{fictional}"
    descriptor.pop("titles", None)  # (the sample's title in other languages)
    descriptor["description"] = (f"Performance indicators, measurements, targets and commentary for {name}."
                                 + (" The figures that came with this repository are a fictional sample, to be "
                                    "replaced with the council's own." if fictional else ""))
    publishers = [c for c in descriptor.get("contributors", []) if c.get("role") == "publisher"]
    if publishers:
        publishers[0]["title"] = name
    else:
        descriptor.setdefault("contributors", []).append({"title": name, "role": "publisher"})
    if site_url:
        descriptor["homepage"] = site_url
    sample_logo = descriptor.pop("image", None)  # (the sample's logo is not the council's: it adds its own)
    descriptor.pop("reports", None)  # (nor are the sample's frozen reports: the council freezes its own)
    files = {k: v for k, v in files.items() if k != sample_logo and not k.startswith("reports/")}
    return {**files, "mkdocs.yml": config.encode("utf-8"),
            "datapackage.json": (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
            "README.md": COUNCIL_README.format(name=name).encode("utf-8")}


def in_english_alone(files: dict[str, bytes]) -> dict[str, bytes]:
    """The scaffold with no second language: no ``reporting.languages``, no translations (their
    resource, file and the package's ``titles``) and no hand-written pages' translations."""
    descriptor = json.loads(files["datapackage.json"])
    descriptor.get("reporting", {}).pop("languages", None)
    descriptor.pop("titles", None)
    dropped = {r["path"] for r in descriptor["resources"] if r.get("name") == "translations"}
    descriptor["resources"] = [r for r in descriptor["resources"] if r.get("name") != "translations"]
    kept = {k: v for k, v in files.items() if k not in dropped and not re.search(r"^docs/.*\.[\w-]+\.md$", k)}
    return {**kept,
            "datapackage.json": (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")}


def scaffold_files(name: str | None = None, site_url: str = "", english_alone: bool = False) -> dict[str, bytes]:
    """Every file of a new council's repository, as {relative path: bytes}: the sample
    council as it is (in English and Welsh, unless ``english_alone``), or, given the council's
    ``name``, with it set everywhere (``named``)."""
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
    files["mkdocs.yml"] = _without_guide(files["mkdocs.yml"])  # (build-site's guide is beside the sample alone)
    files["README.md"] = COUNCIL_README.format(name="Your council").encode()
    files[".gitignore"] = COUNCIL_GITIGNORE.encode()
    files = in_english_alone(files) if english_alone else files
    files = named(files, name, site_url) if name else files
    return {**files, "requirements.txt": _requirement(files).encode()}
