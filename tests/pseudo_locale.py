"""A council whose every data text is in another script, built in the pseudo-locale: then
any Latin letter left on a generated page came from build-site's own code or templates
without passing through the catalogue."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

from build_site.inputs.refusals import GBP_SCALES

# Latin letters to Cyrillic ones: the data's text stays readable as data, and stays apart
# from both English and the pseudo-locale's accented letters.
CYRILLIC = str.maketrans({**{chr(ord("a") + i): chr(0x430 + i) for i in range(26)},
                          **{chr(ord("A") + i): chr(0x410 + i) for i in range(26)}})
LATIN = re.compile(r"[A-Za-z]+")


def _free_text_fields(resource: dict) -> set[str]:
    """A resource's fields of free text: strings with no enum or pattern that are no key."""
    schema = resource.get("schema", {})
    keys = set(schema.get("primaryKey", []))
    for fk in schema.get("foreignKeys", []):
        keys.update(fk["fields"])
    return {f["name"] for f in schema.get("fields", [])
            if f.get("type", "string") == "string" and f["name"] not in keys
            and not {"enum", "pattern"} & set(f.get("constraints", {})) and "period" not in f["name"]}


def _rewrite_descriptor(value, key: str = ""):
    if isinstance(value, dict):
        return {k: _rewrite_descriptor(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite_descriptor(v, key) for v in value]
    if isinstance(value, str) and key in ("title", "description"):
        return value.translate(CYRILLIC)
    return value


def into_another_script(repo: Path) -> set[str]:
    """Rewrite the package's free text in Cyrillic letters; return the Latin words that stay
    (ids, codes and other keys, which pages may show as they are)."""
    path = repo / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    kept: set[str] = set()
    for res in descriptor["resources"]:
        free = _free_text_fields(res)
        file = repo / res["path"]
        rows = list(csv.DictReader(io.StringIO(file.read_text(encoding="utf-8-sig"))))
        for row in rows:
            for name, cell in row.items():
                if name in free and not (name == "unit_label" and cell in GBP_SCALES):
                    row[name] = cell.translate(CYRILLIC)
                elif name not in ("url",):
                    kept.update(LATIN.findall(cell))
        if rows:
            buf = io.StringIO()
            writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
            file.write_text(buf.getvalue(), encoding="utf-8")
    path.write_text(json.dumps(_rewrite_descriptor(descriptor), ensure_ascii=False, indent=2), encoding="utf-8")
    _freeze_again(repo, descriptor.get("reports", []))
    return kept


def _freeze_again(repo: Path, listed: list[dict]) -> None:
    """The package's frozen reports frozen again from its text in the other script, as the
    council whose text it is would have frozen them (a record keeps the text it was frozen with)."""
    from datetime import date

    from build_site.build import check
    from build_site.officer.report_files import freeze

    for entry in listed:
        as_of = date.fromisoformat(entry["as_of"])
        pkg, report = check(repo, as_of)
        assert pkg is not None, report.to_text()
        freeze(pkg, entry["period"], as_of, replace=True)


class _Words(HTMLParser):
    """The text a person reads on a page: text, and the alt, title and aria-label attributes;
    not what is in <code> (identifiers and commands, the same in every language)."""

    NOT_READ = ("code", "style", "script")

    def __init__(self, svg: bool = False):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._code = 0
        self._svg = svg  # in a chart, only its text elements are read
        self._in_text = 0

    def handle_starttag(self, tag, attrs):
        self._in_text += tag in ("text", "title")
        self._code += tag in self.NOT_READ
        self.parts.extend(v for k, v in attrs if k in ("alt", "title", "aria-label") and v)

    def handle_endtag(self, tag):
        self._in_text -= tag in ("text", "title")
        self._code -= tag in self.NOT_READ

    def handle_data(self, data):
        if not self._code and (self._in_text or not self._svg):
            self.parts.append(data)


def readable_text(markup: str) -> str:
    """A page's or chart's readable text; of a page's front matter, its title and description
    (escaped as HTML there)."""
    front = ""
    if markup.startswith("---\n"):
        head, _sep, markup = markup[4:].partition("\n---\n")
        front = " ".join(html.unescape(json.loads(value))
                         for key, _c, value in (line.partition(": ") for line in head.splitlines())
                         if key in ("title", "description"))
    parser = _Words(svg=markup.startswith("<?xml"))
    parser.feed(markup)
    return " ".join([front, *parser.parts])


def untranslated(docs: Path, kept: set[str]) -> dict[str, set[str]]:
    """{generated page or chart: the Latin words on it that are neither a key nor translated}."""
    found: dict[str, set[str]] = {}
    for path in sorted(docs.rglob("*")):
        if path.suffix not in (".md", ".svg") or path.name.startswith("."):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md" and 'generator: "build-site"' not in text:
            continue  # a hand-written page
        words = set(LATIN.findall(readable_text(text))) - kept
        if words:
            found[path.relative_to(docs).as_posix()] = words
    return found
