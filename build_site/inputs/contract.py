"""The contract's own datapackage.json: the sample council's, which is also the scaffold of a
new council's repository. There is one copy, at the root of this project's repository; a
wheel packs it (with the rest of the sample) into ``build_site/_scaffold``, and an editable
install reads it from the repository itself.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path


def scaffold_root() -> Path:
    """The folder holding the sample council: packed in the wheel, or the repository's root."""
    packed = Path(str(resources.files("build_site"))) / "_scaffold"
    if (packed / "datapackage.json").is_file():
        return packed
    repo = Path(__file__).resolve().parents[2]
    if (repo / "datapackage.json").is_file():
        return repo
    raise FileNotFoundError("the sample council is not installed with build_site")


@lru_cache(maxsize=1)
def contract_descriptor() -> dict:
    """The contract's datapackage.json, as shipped with the sample council (without the list of
    the sample's frozen reports, which are its own history, not the contract's)."""
    descriptor = json.loads((scaffold_root() / "datapackage.json").read_text(encoding="utf-8"))
    descriptor.pop("reports", None)
    return descriptor
