"""The catalogue's template, build_site/locale/messages.pot: every message in the code and
templates, gathered by Babel. ``make catalogue`` writes it; a test checks it is current.

    python tools/catalogue.py            # write build_site/locale/messages.pot
    python tools/catalogue.py --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "build_site" / "locale" / "messages.pot"
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2), "_html": None, "markup": None, "markup_n": (1, 2)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
FIXED = datetime(2026, 1, 1, tzinfo=timezone.utc)  # (a date of its own would change the file every time)


def template() -> bytes:
    """The .pot file's bytes, the same for the same code."""
    catalog = Catalog(project="build-site", version="", copyright_holder="build-site contributors",
                      msgid_bugs_address="", creation_date=FIXED, revision_date=FIXED, fuzzy=False)
    found = extract_from_dir(ROOT / "build_site", METHODS, {"**/templates/**.html": {"trim_blocks": "true"}},
                             keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(f"build_site/{Path(filename).as_posix()}", None)],
                    auto_comments=comments, context=context)
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False)
    # (not which Babel wrote it: the file is to change only when a message does)
    return b"".join(line for line in out.getvalue().splitlines(keepends=True)
                    if not line.startswith(b'"Generated-By:'))


def main(argv: list[str]) -> int:
    fresh = template()
    if "--check" in argv:
        if not POT.is_file() or POT.read_bytes() != fresh:
            print(f"{POT.relative_to(ROOT)} is out of date: run `make catalogue` and commit it", file=sys.stderr)
            return 1
        return 0
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(fresh)
    print(f"Wrote {POT.relative_to(ROOT)}: {fresh.count(b'msgid ') - 1} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
