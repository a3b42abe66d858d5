"""The catalogue's template, build_site/locale/messages.pot: every message in the code and
templates, gathered by Babel; and each translation (``locale/<language>/LC_MESSAGES/
messages.po``) brought up to date with it, keeping what is translated. ``make catalogue``
writes them; a test checks they are current.

    python tools/catalogue.py            # write the template and update the translations
    python tools/catalogue.py --check    # exit 1 if any of them is out of date
    python tools/catalogue.py new pl     # start a translation: locale/pl/LC_MESSAGES/messages.po
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
POT = ROOT / "build_site" / "locale" / "messages.pot"
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2), "_html": None, "markup": None, "markup_html": None,
            "markup_n": (1, 2)}
METHODS = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
FIXED = datetime(2026, 1, 1, tzinfo=UTC)  # (a date of its own would change the file every time)


def contract_words() -> list[str]:
    """The data contract's own words in datapackage.json (the sample's, which is the contract's):
    each resource's title and description and each field's, shown in the data dictionary and
    the workbooks' README sheets (see translations.translated)."""
    import json

    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    words = []
    for resource in descriptor["resources"]:
        words += [resource.get("title"), resource.get("description")]
        words += [f.get("description") for f in resource.get("schema", {}).get("fields", [])]
    return [w for w in words if w]


def template() -> bytes:
    """The .pot file's bytes, the same for the same code."""
    catalog = Catalog(project="build-site", version="", copyright_holder="build-site contributors",
                      msgid_bugs_address="", creation_date=FIXED, revision_date=FIXED, fuzzy=False)
    found = extract_from_dir(ROOT / "build_site", METHODS, {"**/templates/**.html": {"trim_blocks": "true"}},
                             keywords=KEYWORDS, comment_tags=("Translators:",), strip_comment_tags=True)
    for filename, _lineno, message, comments, context in found:
        catalog.add(message, None, [(f"build_site/{Path(filename).as_posix()}", None)],
                    auto_comments=comments, context=context)
    for message in contract_words():
        catalog.add(message, None, [("datapackage.json", None)])
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False)
    # (not which Babel wrote it: the file is to change only when a message does)
    return b"".join(line for line in out.getvalue().splitlines(keepends=True)
                    if not line.startswith(b'"Generated-By:'))


#: Welsh puts the singular noun after a number ("3 dangosydd"), so its catalogue has two forms,
#: as English does, rather than CLDR's six (see docs/glossary-cy.md).
PLURAL_FORMS = {"cy": "nplurals=2; plural=(n != 1);"}


def plural_forms(language: str) -> str:
    """The .po's Plural-Forms for a language: CLDR's, from Babel, but Welsh's own (above)."""
    if language in PLURAL_FORMS:
        return PLURAL_FORMS[language]
    try:
        return Catalog(locale=language).plural_forms
    except (ValueError, UnknownLocaleError):
        return "nplurals=2; plural=(n != 1);"


def translation(po: Path, pot: bytes) -> bytes:
    """A translation's .po brought up to date with the template: every message of the
    template, with the translations it had (none for a new one; an old one dropped)."""
    language = po.parent.parent.name
    have = {}
    if po.is_file():
        with po.open("rb") as f:
            have = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(f) if m.id}
    catalog = Catalog(locale=None, project="build-site", version="", copyright_holder="build-site contributors",
                      msgid_bugs_address="", creation_date=FIXED, revision_date=FIXED, fuzzy=False)
    catalog.language_team = language
    for m in read_po(io.BytesIO(pot)):
        if not m.id:
            continue
        key = m.id if isinstance(m.id, str) else m.id[0]
        string = have.get(key, "" if isinstance(m.id, str) else ("", ""))
        if isinstance(m.id, tuple) and not isinstance(string, tuple):
            string = (string, string)
        elif isinstance(m.id, str) and isinstance(string, tuple):
            string = string[0]
        catalog.add(m.id, string, m.locations, auto_comments=m.auto_comments)
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False, omit_header=True)
    header = (f'msgid ""\nmsgstr ""\n"Language: {language}\\n"\n"MIME-Version: 1.0\\n"\n'
              f'"Content-Type: text/plain; charset=utf-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
              f'"Plural-Forms: {plural_forms(language)}\\n"\n\n')
    return header.encode() + out.getvalue()


def translations() -> list[Path]:
    return sorted(POT.parent.glob("*/LC_MESSAGES/messages.po"))


def new(code: str) -> int:
    """Start a translation into ``code`` (a language code Babel knows: ``pl``, ``gd``): its .po
    with every message of the template, none translated yet."""
    try:
        Locale.parse(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        print(f"{code!r} is not a language code Babel knows: use one such as pl, gd or ur", file=sys.stderr)
        return 1
    po = POT.parent / code / "LC_MESSAGES" / "messages.po"
    if po.exists():
        print(f"{po.relative_to(ROOT)} exists already: translate it there, and run `make catalogue` to update it",
              file=sys.stderr)
        return 1
    po.parent.mkdir(parents=True)
    po.write_bytes(translation(po, template()))
    print(f"Wrote {po.relative_to(ROOT)}: translate each msgstr, then add {code!r} to reporting.languages")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["new"] and len(argv) == 2:
        return new(argv[1])
    fresh = template()
    updated = {po: translation(po, fresh) for po in translations()}
    if "--check" in argv:
        stale = [p for p in [POT, *updated] if not p.is_file() or p.read_bytes() != (fresh if p == POT else updated[p])]
        for p in stale:
            print(f"{p.relative_to(ROOT)} is out of date: run `make catalogue` and commit it", file=sys.stderr)
        return 1 if stale else 0
    POT.parent.mkdir(parents=True, exist_ok=True)
    POT.write_bytes(fresh)
    print(f"Wrote {POT.relative_to(ROOT)}: {fresh.count(b'msgid ') - 1} messages")
    for po, data in updated.items():
        po.write_bytes(data)
        print(f"Updated {po.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
