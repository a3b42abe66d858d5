"""Which release of build-site a council's repository needs.

A council's repository pins build-site in ``requirements.txt``. It must ask for the lowest
release that has every feature its files use (an older one would build it wrongly or refuse
it), and for no release that could break it (the next minor release while the version is
0.x, the next major one after). ``FEATURES`` says, for each feature a council's files can
use, the first release that has it and how to tell that the files use it; the release tests
hold each entry to CHANGELOG.md, and fail when the scaffold uses a feature newer than the
version this package is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Files = Mapping[str, bytes]


@dataclass(frozen=True)
class Feature:
    name: str  # as CHANGELOG.md's section for ``since`` says it (the release tests look for it there)
    since: str  # the first release that has it
    used: Callable[[Files], bool]


def _descriptor(files: Files) -> dict:
    try:
        found = json.loads(files.get("datapackage.json", b"{}"))
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _resource(name: str) -> Callable[[Files], bool]:
    return lambda files: any(isinstance(r, dict) and r.get("name") == name
                             for r in _descriptor(files).get("resources", []))


def _workflow_runs(pattern: str) -> Callable[[Files], bool]:
    found = re.compile(pattern)
    return lambda files: bool(found.search(files.get(".github/workflows/site.yml", b"").decode("utf-8", "replace")))


FEATURES: tuple[Feature, ...] = (
    Feature("the first version", "0.1.0", lambda files: "datapackage.json" in files),
    Feature("`build --site-url`", "0.2.0", _workflow_runs(r"build-site build[^\n]*--site-url")),
    Feature("`reporting.languages`", "0.3.0",
            lambda files: len(_descriptor(files).get("reporting", {}).get("languages", ["en"])) > 1),
    Feature("`data/translations.csv`", "0.3.0", _resource("translations")),
    Feature("`data/boundaries.geojson`", "0.3.0", _resource("boundaries")),
    Feature("`image`", "0.3.0", lambda files: bool(_descriptor(files).get("image"))),
    Feature("`build-site report freeze PERIOD`", "0.3.0", lambda files: bool(_descriptor(files).get("reports"))),
    Feature("`build-site workbook export` and `workbook import`", "0.3.0", _workflow_runs(r"build-site workbook ")),
    Feature("`data/postcodes.csv`", "0.4.0", _resource("postcodes")),
    Feature("`reports/<slug>.cover.md`", "0.4.0",
            lambda files: any(k.startswith("reports/") and k.endswith(".cover.md") for k in files)),
)


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", version)[:3])


def lowest(files: Files) -> str:
    """The lowest release that has every feature ``files`` use."""
    return max((f.since for f in FEATURES if f.used(files)), key=version_key, default="0.1.0")


def requirement(files: Files, current: str) -> str:
    """``requirements.txt``'s line: from the lowest release with every feature used, up to (not
    including) the first release after ``current`` that may break it."""
    major, minor = version_key(current)[:2]
    breaking = f"0.{minor + 1}" if major == 0 else f"{major + 1}"
    return f"build-site>={lowest(files)},<{breaking}\n"
