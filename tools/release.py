"""Release helpers for .github/workflows/release.yml (a developer tool, not in the wheel).

    python tools/release.py check-tag v0.3.0   # exit 1 unless pyproject.toml says 0.3.0
    python tools/release.py notes v0.3.0       # print CHANGELOG.md's section for 0.3.0

The version is written in one place, pyproject.toml; the tag must repeat it, and
CHANGELOG.md (Keep a Changelog) must have a section for it.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def notes(changelog: str, wanted: str) -> str | None:
    """The body of the ``## [wanted]`` section of a Keep a Changelog file, or None."""
    found = re.search(rf"^## \[{re.escape(wanted)}\][^\n]*\n(.*?)(?=^## \[|^\[[^\]]+\]: |\Z)", changelog, re.S | re.M)
    return found.group(1).strip() + "\n" if found else None


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("check-tag", "notes"):
        print(__doc__, file=sys.stderr)
        return 2
    command, tag = argv
    wanted = tag.removeprefix("v")
    if wanted != version():
        print(f"The tag {tag} is not the version in pyproject.toml ({version()}): set one to match the other.",
              file=sys.stderr)
        return 1
    body = notes((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), wanted)
    if body is None:
        print(f"CHANGELOG.md has no section for {wanted}: add '## [{wanted}] - YYYY-MM-DD'.", file=sys.stderr)
        return 1
    if command == "notes":
        sys.stdout.write(body)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
