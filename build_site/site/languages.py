"""A site in several languages (contract 1.1, "Languages"): the main language at the site's
root, each other one under its code (``cy/``), every page in each.

The pages of each language are rendered into their own folder of docs/ (``docs_for``) and
built by the site generator as a site of their own (``changes``, ``apply``), into the main site's
folder of that code. The main language's build leaves those folders out (``exclude_docs``).
Each page links to the same page in the others, and names them in its head (``hreflang``):
the theme's ``main.html`` does it from ``extra.build_site_languages``, set here.

A hand-written page (``docs/about.md``) has its translation beside it (``docs/about.cy.md``);
without one, the other language's site shows the page as it is, marked as being in the main
language (``lang`` in its front matter).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from build_site.core.catalogue import N_, _, autonym, markup_html, translation_of, using
from build_site.core.problems import Problem

#: The words of the navigation that mkdocs.yml names in English: translated where the
#: catalogue has them (a council's own: ``extra.translations.<code>.nav`` in mkdocs.yml).
NAV_WORDS = (N_("Overview"), N_("Exceptions"), N_("Priorities"), N_("Monitoring"), N_("Indicators"), N_("Areas"),
             N_("Providers"), N_("Data"), N_("Reports"), N_("About"), N_("How ratings work"),
             N_("About this site"), N_("Accessibility"))
#: mkdocs.yml's settings that a language's site may have in its own words
#: (``extra.translations.<code>``).
OWN_WORDS = ("site_name", "site_description", "copyright")


def folder(code: str, languages: tuple[str, ...]) -> str:
    """Where a language's site is, under the site's root: '' for the main one, else 'cy/'."""
    return "" if code == languages[0] else f"{code}/"


def docs_for(docs: Path, code: str, languages: tuple[str, ...]) -> Path:
    return docs / folder(code, languages) if folder(code, languages) else docs


def exclude_docs(languages: tuple[str, ...]) -> str:
    """For the main language's build: the other languages' folders and hand-written translations."""
    return "".join(f"/{code}/\n*.{code}.md\n" for code in languages[1:])


def _translated_nav(items, code: str, own: dict):
    """mkdocs.yml's navigation with its words in the language: a page's label from the
    catalogue or the council's own words, else the page's own (translated) title."""
    out = []
    for item in items:
        if not isinstance(item, dict):
            out.append(item)
            continue
        for label, target in item.items():
            words = own.get(label) or translation_of(label, code)
            if isinstance(target, list):
                out.append({words or label: _translated_nav(target, code, own)})
            else:
                out.append({words: target} if words else target)
    return out


PYPI = "https://pypi.org/project/build-site/"


def switcher(code: str, languages: tuple[str, ...], guide: str | None = None) -> dict:
    """What the theme's main.html reads (``extra.build_site_languages``): this site's language,
    each language's site relative to this one's root, and the footer's words, whose link to
    build-site goes to ``guide`` (mkdocs.yml's ``extra.build_site_guide``: an address, or a
    path from the main site's root) or else to its page on PyPI."""
    here = folder(code, languages)
    up = "../" * here.count("/")
    with using(code):
        return {"code": code, "label": _("Languages"), "feed": _("Performance reports"),
                "languages": [{"code": c, "name": autonym(c), "root": up + folder(c, languages),
                               "current": c == code} for c in languages],
                "footer": footer(), "guide": _guide(guide, up)}


def _guide(guide, up: str) -> dict[str, str]:
    """The footer's link to build-site: {"url": an address} or {"path": from this site's root}."""
    if not isinstance(guide, str) or not guide.strip():
        return {"url": PYPI}
    guide = guide.strip()
    return {"url": guide} if guide.startswith(("https://", "http://")) else {"path": up + guide.lstrip("/")}


def footer() -> dict[str, str]:
    """The words of the theme's footer (overrides/partials/copyright.html), in the current language
    (the link to build-site is GUIDE_LINK, which the footer replaces with the guide's address)."""
    licence = _("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")  # (its own page in Welsh)
    return {"licence": str(markup_html('Data published under the <a href="{url}">Open Government Licence v3.0</a>.',
                                       url=licence)),
            "download": _("Download the data"), "ratings": _("How ratings work"), "accessibility": _("Accessibility"),
            "built": str(markup_html('Built with the open-source <a href="{url}">build-site</a> tool.',
                                     url=GUIDE_LINK))}


GUIDE_LINK = "__build_site_guide__"


def changes(code: str, languages: tuple[str, ...], extra, nav, site_url: str | None) -> dict:
    """What the site of one language changes in mkdocs.yml's settings (``extra`` and ``nav`` as
    read there, ``site_url`` the main site's): its own words, its navigation in them, its
    address, the theme's language and the switcher's settings."""
    extra = dict(extra or {})
    extra["build_site_languages"] = switcher(code, languages, extra.get("build_site_guide"))
    out: dict = {"extra": extra}
    if code == languages[0]:
        return out
    own = (extra.get("translations") or {}).get(code) if isinstance(extra.get("translations"), dict) else None
    own = own if isinstance(own, dict) else {}
    out.update({key: own[key] for key in OWN_WORDS if isinstance(own.get(key), str)})
    if isinstance(nav, list):
        words = own.get("nav")
        out["nav"] = _translated_nav(nav, code, words if isinstance(words, dict) else {})
    if site_url:
        out["site_url"] = site_url.rstrip("/") + "/" + folder(code, languages)
    out["theme_language"] = code
    return out


def apply(config, found: dict) -> None:
    """``changes`` made to a configuration (MkDocs' own, loaded, or mkdocs.yml read as a dict)."""
    for key, value in found.items():
        if key == "theme_language":
            if isinstance(config["theme"], dict):
                config["theme"] = {**config["theme"], "language": value}
            elif isinstance(config["theme"], str):
                config["theme"] = {"name": config["theme"], "language": value}
            else:  # (MkDocs' Theme, which takes items)
                config["theme"]["language"] = value
        else:
            config[key] = value


# --------------------------------------------------------------------------- hand-written pages

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _marked(page: bytes, lang: str) -> bytes:
    """A hand-written page shown untranslated: marked as in ``lang`` in its front matter (the
    theme's main.html and partials/toc-item.html mark its content and headings with it)."""
    text = page.decode("utf-8", errors="replace")
    found = _FRONT.match(text)
    line = f"lang: {json.dumps(lang)}"
    if found:
        return f"---\n{found.group(1)}\n{line}\n---\n{text[found.end():]}".encode()
    return f"---\n{line}\n---\n\n{text}".encode()


def handwritten(docs: Path, generated: set[str], code: str, languages: tuple[str, ...]) -> dict[str, bytes]:
    """The hand-written files of docs/ for the site in ``code``: each page's translation
    (``about.cy.md``) where there is one, else the page marked as in the main language; every
    other file (a picture, a style sheet) as it is."""
    out: dict[str, bytes] = {}
    others = set(languages[1:])
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        rel = path.relative_to(docs).as_posix()
        top = rel.split("/", 1)[0]
        if rel in generated or top in others or top.startswith(".") or re.search(r"\.[\w-]+\.md$", rel):
            continue
        if rel.endswith(".md"):
            own = path.with_name(path.name[:-3] + f".{code}.md")
            out[rel] = own.read_bytes() if own.is_file() else _marked(path.read_bytes(), languages[0])
        else:
            out[rel] = path.read_bytes()
    return out


def page_gaps(root: Path, languages: tuple[str, ...]) -> list[Problem]:
    """Each hand-written page of docs/ with no translation beside it, as a warning."""
    from build_site.inputs.translations import language_name
    from build_site.site.docs_files import generated_files

    docs = root / "docs"
    if len(languages) == 1 or not docs.is_dir():
        return []
    generated = generated_files(docs)
    pages = sorted(p for p in docs.rglob("*.md") if p.is_file() and not re.search(r"\.[\w-]+\.md$", p.name))
    out = []
    for code in languages[1:]:
        for path in pages:
            rel = path.relative_to(docs).as_posix()
            if rel.split("/", 1)[0] in languages[1:] or rel in generated or rel.startswith("."):
                continue
            own = f"docs/{rel[:-3]}.{code}.md"
            if not (root / own).is_file():
                out.append(Problem(f"docs/{rel}", None, None,
                                   _("no {language} text: shown in the main language", language=language_name(code)),
                                   _("add its translation as {file}", file=own), "untranslated"))
    return out
