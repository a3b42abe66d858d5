"""Regenerate the fictional sample council under data/ (a developer tool).

    .venv/bin/python tools/make_sample.py

The sample is input data, so it is committed; tests check that it matches
what this script writes, so the two cannot drift.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # (tools/ is this repository's, not part of the package)

from build_site.core.writer import write_files  # noqa: E402
from build_site.inputs.contract import contract_descriptor  # noqa: E402
from tools.synth import package_files, sample_council  # noqa: E402

if __name__ == "__main__":
    files = package_files(sample_council(), contract_descriptor())
    files.pop("datapackage.json")  # the descriptor is hand-kept: it is the contract
    write_files(ROOT, files)
    print(f"wrote {len(files)} files under {ROOT / 'data'}")
