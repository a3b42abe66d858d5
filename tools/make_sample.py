"""Regenerate the fictional sample council under data/ (a developer tool).

    .venv/bin/python tools/make_sample.py

The sample is input data, so it is committed; tests check that it matches
what this script writes, so the two cannot drift.
"""

from pathlib import Path

from build_site.scaffold import contract_descriptor
from build_site.synth import package_files, sample_council
from build_site.writer import write_files

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    files = package_files(sample_council(), contract_descriptor())
    files.pop("datapackage.json")  # the descriptor is hand-kept: it is the contract
    write_files(ROOT, files)
    print(f"wrote {len(files)} files under {ROOT / 'data'}")
