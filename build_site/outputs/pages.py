"""Stage 5, pages: every generated page and download, as {path under docs/: bytes}.

Pages are Markdown files whose body is one raw HTML block rendered by Jinja2
with autoescaping, so every piece of data text is escaped and shown exactly as
written: nothing in the data is read as Markdown or HTML. The page title goes
in the front matter, escaped too.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from build_site.core.catalogue import CompiledWords, _, language, markup, markup_html, markup_n
from build_site.core.model import Indicator, Package
from build_site.core.vocabulary import (
    approach_word,
    band_word,
    date_words,
    direction_word,
    frequency_word,
    goal_word,
    join_words,
    polarity_word,
    rating_phrase,
    rating_word,
    risk_word,
    scale_suffix,
)
from build_site.inputs import periods as P
from build_site.inputs.postcodes import SHAPE as postcode_shape
from build_site.inputs.translations import plain, unmark_attributes
from build_site.outputs.charts import ChartSpec
from build_site.rating import fmt
from build_site.rating.rows import Rows
from build_site.rating.rows import rows_of as rating_rows
from build_site.rating.rules import rule_word
from build_site.rating.status import IndicatorStatus, Statuses


def text(value) -> Markup:
    """Escape data text and keep its line breaks (and, for a text shown untranslated, its
    language: ``translations.Untranslated``)."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return Markup("")
    text = escape(str(value))
    if "\n" in text or "\r" in text:
        text = Markup("<br>").join(text.replace("\r", "").split("\n"))
    lang = getattr(value, "lang", None)
    return Markup('<span lang="{}">{}</span>').format(lang, text) if lang else text


def rating_html(status: str, approach: str) -> Markup:
    """A rating: its word, and a shape drawn by CSS (static/build-site.css) from the class; never colour alone."""
    return _rating_html(status, approach, language())


def direction_html(d: str | None) -> Markup:
    return _direction_html(d, language())


@functools.cache  # (keyed by the language too: its words are in the markup)
def _rating_html(status: str, approach: str, _language: str) -> Markup:
    return Markup('<span class="bs-rating bs-{}">{}</span>').format(status, rating_word(status, approach))


@functools.cache
def _direction_html(d: str | None, _language: str) -> Markup:
    return Markup('<span class="bs-dir bs-dir-{}">{}</span>').format(d or "none", direction_word(d))


def value_or_blank(v, ind) -> str:
    return fmt.value(None if v is None or pd.isna(v) else float(v), ind)


def num(value) -> str:
    return fmt.plain(float(value))


def compile_templates(template_cache: Path) -> None:
    """Compile the page templates into the cache (the build does it ahead, on a spare core)."""
    env = env_for(1, template_cache)
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


def env_for(fy: int, template_cache: Path | None = None, words: str | None = None) -> Environment:
    """The templates' environment for a financial year's first month and a language (by
    default the current one)."""
    return _env_for(fy, template_cache, words or language())


@functools.lru_cache(maxsize=8)  # one per process and settings: a chunk of pages reuses it, and its caches
def _env_for(fy: int, template_cache: Path | None, words: str) -> Environment:
    cache = None
    if template_cache is not None:  # compiled templates kept between builds (Jinja checks their source),
        folder = template_cache / words  # one set per language: the constant words are compiled in
        folder.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(folder))
    env = Environment(loader=PackageLoader("build_site", "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=StrictUndefined, bytecode_cache=cache,
                      extensions=[CompiledWords])
    # (read by catalogue.CompiledWords: the language its compiled templates are in)
    env.build_site_language = words  # type: ignore[attr-defined]
    env.filters["text"] = text
    env.filters["num"] = num
    env.filters["plain"] = plain  # (a data text in an attribute: without the mark of an untranslated one)
    env.filters["isodate"] = date.fromisoformat  # ("2026-09-28" → a date, for date_words)
    env.globals.update(
        _=markup, _n=markup_n, _html=markup_html,
        strong=lambda text: Markup("<strong>{}</strong>").format(text),
        code=lambda text: Markup("<code>{}</code>").format(text),
        polarity_word=polarity_word, frequency_word=frequency_word, risk_word=risk_word, rating_word=rating_word,
        rule_word=rule_word, direction_word=direction_word, date_words=date_words, rating_phrase=rating_phrase,
        goal_word=goal_word, approach_word=approach_word, join_words=join_words,
        rating_html=rating_html, direction_html=direction_html,
        fmt_value=value_or_blank, css_labels=css_labels, postcode_shape=postcode_shape.pattern,
        period_label=functools.lru_cache(maxsize=None)(lambda text: P.parse_period(text, fy).label() if text else ""),
        period_long=functools.lru_cache(maxsize=None)(lambda text: P.parse_period(text, fy).long_label()),
        period_spoken=functools.lru_cache(maxsize=None)(lambda text: P.parse_period(text, fy).spoken_label()),
        period_months=functools.lru_cache(maxsize=None)(
            lambda text: "" if P.parse_period(text, fy).kind in (P.MONTH, P.YEAR) else P.parse_period(
                text, fy).months_label()),
    )
    return env


# Where two elements meet with nothing between them, a reader of the page's text (a search
# index, a screen reader's text view) runs their words together: "IndicatorPeriod". A line
# break there shows nothing on the page.
_RUN_TOGETHER = re.compile(r"(</(?:td|th|li|dt|dd|tr|caption|h[1-6]|p|div)>|<br>)(?=\S)")


def _spaced(html: str) -> str:
    return _RUN_TOGETHER.sub("\\1\n", html)


def css_labels(value: str, goal: str, groups: list[str]) -> str:
    """A stacked table's column names as CSS custom properties (``--bs-l-v`` for the value,
    ``--bs-l-g`` for the target or floor, ``--bs-l-b0``… for the benchmarks), for the style sheet
    to write before each cell of a card on a phone: set once on the table, not on every cell."""
    pairs = [("v", value), ("g", goal)] + [(f"b{k}", g) for k, g in enumerate(groups)]
    quoted = lambda t: "".join(" " if ord(c) < 32 else "\\" + c if c in "\\'" else c for c in str(t))  # noqa: E731
    return ";".join(f"--bs-l-{k}:'{quoted(v)}'" for k, v in pairs)


def page(title: str, html: str, description: str = "", wide: bool = False, searchable: bool = True) -> bytes:
    """A Markdown page: front matter, then the HTML body with no blank lines (``wide``: a page
    of one wide table, without the theme's table of contents beside it; not ``searchable``:
    left out of the search index)."""
    front: dict = {"title": str(escape(str(title))), "generator": "build-site"}  # (str: a title has no markup)
    if description:
        front["description"] = str(escape(str(description)))
    if wide:
        front["hide"] = ["toc"]  # (Material's and Zensical's own front matter)
    if not searchable:
        front["search"] = {"exclude": True}  # (theirs too)
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()] + ["---", ""]
    body = "\n".join(line for line in _spaced(unmark_attributes(html)).splitlines() if line.strip())
    return ("\n".join(lines) + body + "\n").encode("utf-8")


# --------------------------------------------------------------------------- charts and alt text

def chart_spec(ind: Indicator, council: list[dict], benchmarks: list[dict], fy: int) -> ChartSpec | None:
    """What to draw for one indicator, from its council-wide rows (oldest first)."""
    if not council:
        return None
    groups: dict[str, list] = {}
    for b in sorted(benchmarks, key=lambda b: (b["group"], P.parse_period(b["period"], fy).start)):
        p = P.parse_period(b["period"], fy)
        groups.setdefault(str(b["group"]), []).append((p.start + (p.end - p.start) / 2, float(b["value"])))
    return ChartSpec(
        unit=ind.unit, decimals=ind.decimals, polarity=ind.polarity,
        starts=tuple(r["start"] for r in council), ends=tuple(r["end"] for r in council),
        values=tuple(r["value"] for r in council), targets=tuple(r["target"] for r in council),
        lows=tuple(r["low"] for r in council), highs=tuple(r["high"] for r in council),
        benchmarks=tuple((g, tuple(pts)) for g, pts in groups.items()),
        value_label=_("Value"), target_label=goal_word(ind.approach, capital=True), band_label=band_word(ind.approach),
        scale=scale_suffix(ind.unit_label) if ind.unit == "gbp" else "")


def alt_text(ind: Indicator, council: list[dict], st: IndicatorStatus, fy: int) -> str:
    """'Rose from 41.2% in 2021/22 Q1 to 43.7% in 2026/27 Q2; target 50.0%; off target.'"""
    known = [r for r in council if r["value"] is not None]
    name = _("Line chart of {title}.", title=ind.title) + " "
    if not known:
        return name + _("No figures have been published yet.")
    first, last = known[0], known[-1]
    label = lambda t: P.parse_period(t, fy).label()  # noqa: E731
    a, b = fmt.value(first["value"], ind), fmt.value(last["value"], ind)
    since, latest = label(first["period"]), label(last["period"])
    if len(known) == 1:
        text = _("One figure: {value} in {period}", value=b, period=latest)
    elif fmt.number(first["value"], ind.decimals) == fmt.number(last["value"], ind.decimals):
        text = _("Unchanged at {value} in {first} and {last}", value=b, first=since, last=latest)
    elif last["value"] > first["value"]:
        text = _("Rose from {first_value} in {first} to {value} in {last}", first_value=a, first=since, value=b,
                 last=latest)
    else:
        text = _("Fell from {first_value} in {first} to {value} in {last}", first_value=a, first=since, value=b,
                 last=latest)
    if st.latest and st.latest.target is not None:
        text = _("{trend}; {goal} {target}; {rating}", trend=text, goal=goal_word(ind.approach),
                 target=fmt.value(st.latest.target, ind), rating=rating_word(st.status, ind.approach).lower())
    elif ind.polarity == "none":
        text = _("{trend}; context data, not rated", trend=text)
    return name + text + "."


# --------------------------------------------------------------------------- the site

@dataclass(frozen=True)
class Inputs:
    """What the pages need besides the package and statuses."""

    updated: date | None = None
    raw_files: tuple[tuple[str, bytes], ...] = ()  # datapackage.json and the CSVs, as published
    report_cache: Path | None = None  # where frozen reports' PDFs are kept (report_pdf)


def rel_root(path: str) -> str:
    """'indicators/x/index.md' -> '../../'; 'methodology.md' -> '../'; 'index.md' -> ''."""
    parts = path.split("/")
    depth = len(parts) - 1 if parts[-1] == "index.md" else len(parts)
    return "../" * depth


def rows_of(pkg: Package, statuses: Statuses) -> Rows:
    """The package and its statuses as records for the pages, with each chart's spec."""
    return rating_rows(pkg, statuses, chart_spec)


KEEP = None


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """A digest of the package's own code, templates and catalogues, all of it (no list to
    keep): a change to any (a translation too) redraws every page."""
    here = Path(__file__).resolve().parents[1]  # (build_site/, every stage's folder)
    h = hashlib.sha256()
    for path in sorted(p for p in here.rglob("*") if p.suffix in (".py", ".html", ".po") and "__pycache__" not in p.parts):
        h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def page_key(*inputs) -> str:
    """A page's key: a digest of exactly what it is made from (``indicator_pages.PageInputs``),
    of every source file and template of the package, and of the language."""
    return hashlib.sha256((code_digest() + language() + repr(inputs)).encode("utf-8")).hexdigest()[:40]
