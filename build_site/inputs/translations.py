"""The data's text in the site's other languages (contract 1.1: "Languages", ``translations``).

``reporting.languages`` lists the site's languages, the main one first (``languages``);
``data/translations.csv`` holds the data's text in the others, one row per text, naming the
resource, the row's key, the field and the language (``check`` refuses any that does not
exist). ``translated`` gives the package as a reader of one language sees it: each text in
that language where there is a translation, otherwise in the main language as an
``Untranslated`` text, which a page shows marked with its own ``lang`` (the language
switches for a screen reader, and the reader can tell). ``gaps`` lists every such text, for
``build-site validate`` (warnings) and the build.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pandas as pd
from markupsafe import escape

from build_site.core.catalogue import LANGUAGES, MAIN, PSEUDO, _, language, translation_of
from build_site.core.model import Package
from build_site.core.problems import Problem
from build_site.inputs.load import DESCRIPTOR, RawPackage

FILE = "data/translations.csv"
#: The text fields of each resource that may be translated, and the fields of its key.
TEXT_FIELDS = {
    "priorities": ("title", "summary", "lead"),
    "indicators": ("title", "unit_label", "owner", "definition", "why_it_matters", "source"),
    "commentary": ("commentary", "action", "action_owner"),
    "areas": ("name", "type"),
    "providers": ("name",),
}
KEYS = {"priorities": ("id",), "indicators": ("id",), "commentary": ("indicator", "period"), "areas": ("code",),
        "providers": ("id",)}
GBP_SCALE_FIELD = ("indicators", "unit_label")  # for amounts in pounds it is a scale (thousands), not words


class Untranslated(str):
    """A text shown in the main language on a page of another: in HTML it is marked with its
    language (``<span lang="en">``); everywhere else (JSON, CSV, a PDF) it is the plain text."""

    lang: str = MAIN

    def __new__(cls, text: str, lang: str = MAIN) -> Untranslated:
        made = super().__new__(cls, text)
        made.lang = lang
        return made

    def __html__(self) -> str:
        return f'<span lang="{self.lang}">{escape(str(self))}</span>'


_IN_ATTRIBUTE = re.compile(r'(="[^"<>]*)<span lang="[a-zA-Z-]+">([^<"]*)</span>')


def unmark_attributes(html: str) -> str:
    """A page's HTML with the mark of an untranslated text taken out of any attribute it landed
    in (an ``alt`` or ``aria-label`` made of a message and a title: no markup may go there; the
    text is escaped, so it holds no quote or bracket of its own)."""
    if '<span lang="' not in html:
        return html
    while True:
        done = _IN_ATTRIBUTE.sub(r"\1\2", html)
        if done == html:
            return done
        html = done


def plain(value) -> str:
    """A text without its mark, for where no markup may go (an attribute, a title)."""
    return str.__str__(value) if isinstance(value, str) else value


# --------------------------------------------------------------------------- the descriptor

def read_languages(descriptor: dict) -> tuple[tuple[str, ...], list[Problem]]:
    """``reporting.languages``: the site's languages, the main one first (default: English)."""
    given = descriptor.get("reporting", {}).get("languages", [MAIN]) if isinstance(
        descriptor.get("reporting", {}), dict) else [MAIN]
    known = [code for code in LANGUAGES if code != PSEUDO]
    fix = _('write a list of language codes, the main one first, e.g. {example}; build-site has {codes}',
            example='["en", "cy"]', codes=", ".join(known))
    if not isinstance(given, list) or not given or not all(isinstance(c, str) for c in given):
        return (MAIN,), [Problem(DESCRIPTOR, None, "reporting.languages", _("languages must be a list of codes"),
                                 fix, "descriptor")]
    problems = [Problem(DESCRIPTOR, None, "reporting.languages",
                        _('"{code}" is not a language build-site has words for', code=c), fix, "descriptor")
                for c in given if c not in known]
    if len(set(given)) != len(given):
        problems.append(Problem(DESCRIPTOR, None, "reporting.languages", _("a language is listed twice"), fix,
                                "descriptor"))
    return (tuple(given) if not problems else (MAIN,)), problems


def read_titles(descriptor: dict, languages: tuple[str, ...]) -> list[Problem]:
    """``titles``: the package's title in the site's other languages ({"cy": "..."}), the one text
    of the data that is not in a table."""
    given = descriptor.get("titles", {})
    fix = _('write "titles": {example}, a title for each of the site\'s other languages',
            example='{"cy": "…"}')
    if not isinstance(given, dict) or not all(isinstance(v, str) and v.strip() for v in given.values()):
        return [Problem(DESCRIPTOR, None, "titles", _("titles must name a language and give its title"), fix,
                        "descriptor")]
    if given and len(languages) == 1:
        return [Problem(DESCRIPTOR, None, "titles", _("there are translations, but the site has only one language"),
                        _("list the languages in datapackage.json, the main one first: {example}",
                          example='"reporting": {"languages": ["en", "cy"]}'), "descriptor")]
    return [Problem(DESCRIPTOR, None, f"titles.{code}",
                    _('"{code}" is not one of the site\'s other languages', code=code),
                    _("use one of {codes} (reporting.languages in datapackage.json)", codes=", ".join(languages[1:])),
                    "descriptor")
            for code in given if code not in languages[1:]]


# --------------------------------------------------------------------------- data/translations.csv

def _keys(raw: RawPackage, resource: str) -> dict[str, dict[str, str]]:
    """The rows of a resource by their key as translations.csv writes it ("a|b")."""
    table = raw.tables.get(resource)
    if table is None:
        return {}
    return {"|".join(r.get(k, "") for k in KEYS[resource]): r for r in table.records()}


def check(raw: RawPackage, languages: tuple[str, ...]) -> list[Problem]:
    """Every translation that names a row, field or language that does not exist (the
    resource itself is checked by the schema's enum)."""
    table = raw.tables.get("translations")
    if table is None:
        return []
    if len(languages) == 1:
        return [Problem(FILE, None, None, _("there are translations, but the site has only one language"),
                        _("list the languages in datapackage.json, the main one first: {example}",
                          example='"reporting": {"languages": ["en", "cy"]}'), "translations")]
    keyed = {name: _keys(raw, name) for name in TEXT_FIELDS}
    indicators = keyed["indicators"]
    listed = {r.get("name") for r in raw.contents.get("resources", []) if isinstance(r, dict)}
    unread = {name for name in TEXT_FIELDS if name in listed and name not in raw.tables}  # (said already)
    problems = []
    for number, row in zip(table.numbers, table.records()):
        resource, key, field, language = (row.get(k, "") for k in ("resource", "key", "field", "language"))
        if resource not in TEXT_FIELDS:
            continue  # (the schema's enum says so)
        if field not in TEXT_FIELDS[resource]:
            problems.append(Problem(FILE, number, "field", _('"{field}" is not a text of {resource}', field=field,
                                                             resource=resource),
                                    _("use one of {fields}", fields=", ".join(TEXT_FIELDS[resource])), "translations"))
        elif (resource, field) == GBP_SCALE_FIELD and indicators.get(key, {}).get("unit") == "gbp":
            problems.append(Problem(FILE, number, "field", _("an amount in pounds has a scale, not words, as its "
                                                             "unit_label"),
                                    _("delete this row: the scale is shown in every language"), "translations"))
        if key not in keyed[resource] and resource not in unread:
            problems.append(Problem(FILE, number, "key", _('{resource} has no row "{key}"', resource=resource, key=key),
                                    _("use the row's {key} as it is in its file", key="|".join(KEYS[resource])),
                                    "translations"))
        if language not in languages[1:]:
            problems.append(Problem(FILE, number, "language",
                                    _('"{code}" is not one of the site\'s other languages', code=language),
                                    _("use one of {codes} (reporting.languages in datapackage.json)",
                                      codes=", ".join(languages[1:])), "translations"))
    return problems


def table(raw: RawPackage) -> dict[tuple[str, str, str, str], str]:
    """data/translations.csv as {(resource, key, field, language): text}."""
    found = raw.tables.get("translations")
    if found is None:
        return {}
    return {(r["resource"], r["key"], r["field"], r["language"]): r["text"] for r in found.records()}


# --------------------------------------------------------------------------- the package in a language

def _rows(pkg: Package) -> dict[str, list[tuple[str, object]]]:
    """Each resource's rows with their keys: [(key, row)]."""
    notes = pkg.commentary
    return {
        "priorities": [(p.id, p) for p in pkg.priorities],
        "indicators": [(i.id, i) for i in pkg.indicators],
        "areas": [(a.code, a) for a in pkg.areas],
        "providers": [(p.id, p) for p in pkg.providers],
        "commentary": [(f"{i}|{p}", k) for k, (i, p) in enumerate(zip(notes["indicator"], notes["period"]))],
    }


def language_name(code: str) -> str:
    """A language's name in the current language ("Welsh"), or its code."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(language().replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code


def gaps(raw: RawPackage, languages: tuple[str, ...]) -> list[Problem]:
    """Every text of the data with no translation in one of the other languages, as a warning
    naming its file, row and field, in the files' order."""
    have = table(raw)
    paths = {r.get("name"): r.get("path") for r in raw.contents.get("resources", []) if isinstance(r, dict)}
    found = raw.contents.get("titles")
    titles: dict[str, Any] = found if isinstance(found, dict) else {}
    out = []
    for code in languages[1:]:
        name = language_name(code)
        if raw.contents.get("title") and code not in titles:
            out.append(Problem(DESCRIPTOR, None, "title", _("no {language} text: shown in the main language",
                                                            language=name),
                               _('add "titles": {example} to {file}', example=f'{{"{code}": "…"}}', file=DESCRIPTOR),
                               "untranslated"))
        for resource, fields in TEXT_FIELDS.items():
            found = raw.tables.get(resource)
            if found is None:
                continue
            for number, row in zip(found.numbers, found.records()):
                key = "|".join(row.get(k, "") for k in KEYS[resource])
                for field in fields:
                    if not row.get(field) or (resource, field) == GBP_SCALE_FIELD and row.get("unit") == "gbp":
                        continue
                    if (resource, key, field, code) not in have:
                        row_text = ",".join((resource, key, field, code, "…"))
                        out.append(Problem(str(paths.get(resource)), number, field,
                                           _("no {language} text: shown in the main language", language=name),
                                           _("add a row to {file}: {row}", file=FILE, row=row_text), "untranslated"))
    return out


def _descriptor_words(descriptor: dict, language: str, main: str) -> dict:
    """The descriptor with its resources' titles and descriptions, and their fields', in the
    language: the data contract's own words from the catalogue (``tools/catalogue.py`` takes them
    from the contract), a council's own marked as untranslated."""
    def words(text):
        if not isinstance(text, str) or not text:
            return text
        found = translation_of(text, language)
        return found if found is not None else Untranslated(text, main)

    out = dict(descriptor)
    resources = []
    for resource in descriptor.get("resources", []):
        resource = dict(resource)
        for key in ("title", "description"):
            if key in resource:
                resource[key] = words(resource[key])
        schema = resource.get("schema")
        if isinstance(schema, dict) and isinstance(schema.get("fields"), list):
            resource["schema"] = {**schema, "fields": [{**f, "description": words(f["description"])}
                                                       if isinstance(f, dict) and "description" in f else f
                                                       for f in schema["fields"]]}
        resources.append(resource)
    out["resources"] = resources
    return out


def translated(pkg: Package, language: str) -> Package:
    """The package as a reader of ``language`` sees it (the main language: as it is)."""
    main = pkg.languages[0]
    if language == main:
        return pkg
    have = pkg.translations

    def words(resource: str, key: str, field: str, text: str) -> str:
        if not text or ((resource, field) == GBP_SCALE_FIELD and text in ("thousands", "millions", "billions")):
            return text
        found = have.get((resource, key, field, language))
        return found if found is not None else Untranslated(text, main)

    def each(resource: str, rows) -> tuple:
        return tuple(dataclasses.replace(row, **{f: words(resource, key, f, getattr(row, f))
                                                  for f in TEXT_FIELDS[resource]}) for key, row in rows)

    rows = _rows(pkg)
    descriptor = _descriptor_words(pkg.descriptor, language, main)
    if descriptor.get("title"):
        found = (descriptor.get("titles") or {}).get(language)
        descriptor["title"] = found if found else Untranslated(str(descriptor["title"]), main)
    notes = pkg.commentary.copy()
    for field in TEXT_FIELDS["commentary"]:
        notes[field] = pd.Series([words("commentary", key, field, notes[field].iat[k]) for key, k in rows["commentary"]],
                                 index=notes.index, dtype="object")
    return dataclasses.replace(pkg, priorities=each("priorities", rows["priorities"]),
                               indicators=each("indicators", rows["indicators"]), areas=each("areas", rows["areas"]),
                               providers=each("providers", rows["providers"]), commentary=notes, language=language,
                               descriptor=descriptor)
