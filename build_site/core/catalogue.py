"""The one catalogue of every word a person reads: gettext, through Babel.

Code marks each message with ``_("...")`` (or ``_n(singular, plural, n)``), templates with
``{{ _("...") }}``; a value goes in a named ``{placeholder}``, never by joining pieces of
sentences. ``tools/catalogue.py`` (``make catalogue``) gathers them all with Babel into
``build_site/locale/messages.pot``, which a test keeps up to date with the code.

The language is chosen for a stretch of work with ``using(language)`` (a context
variable, put back as it was when the block ends: the library leaves no process-wide
setting behind). English is the messages themselves. ``en-XA`` is a pseudo-locale,
every message transformed (``[Ŝàɱþļé]``), so that a test can find any word that does
not come from the catalogue.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from jinja2.ext import Extension
from markupsafe import Markup, escape

from build_site.core import welsh

MAIN = "en"
PSEUDO = "en-XA"

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
_PLACEHOLDER = re.compile(r"(<code>.*?</code>|\{[a-z_]*\}|<[^>]*>|&[a-z]+;)")


def pseudo(message: str) -> str:
    """'Off target for {period}' -> '[Öƒƒ ţàŕĝéţ ƒöŕ {period}]': placeholders, tags, entities
    and code (identifiers, commands) kept."""
    parts = _PLACEHOLDER.split(message)
    return "[" + "".join(p if i % 2 else p.translate(_ACCENTED) for i, p in enumerate(parts)) + "]"


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return pseudo(singular if n == 1 else plural)


class _Catalogue(gettext.NullTranslations):
    """A language's messages, read from its ``.po`` file by Babel (no compiled ``.mo`` to
    keep in step). A message not yet translated stays in English."""

    def __init__(self, po: Path):
        super().__init__()
        from babel.messages.pofile import read_po

        with po.open("rb") as f:
            catalog = read_po(f)
        self._plural = gettext.c2py(catalog.plural_expr)
        self._one: dict[str, str] = {}
        self._many: dict[str, tuple[str, ...]] = {}
        for m in catalog:
            if not m.id or not m.string or m.fuzzy:
                continue
            if isinstance(m.id, tuple):
                if all(m.string):
                    self._many[m.id[0]] = tuple(m.string)
            elif isinstance(m.id, str) and isinstance(m.string, str):
                self._one[m.id] = m.string

    def gettext(self, message: str) -> str:
        return self._one.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self._many.get(singular)
        if forms is None:
            return singular if n == 1 else plural
        return forms[min(self._plural(n), len(forms) - 1)]

    def has(self, message: str) -> bool:
        return message in self._one or message in self._many


LOCALE = Path(__file__).resolve().parents[1] / "locale"  # <language>/LC_MESSAGES/messages.po
#: The languages with a catalogue: English, the messages themselves; the pseudo-locale; and
#: each translation under locale/.
LANGUAGES = (MAIN, PSEUDO, *sorted(p.parent.parent.name for p in LOCALE.glob("*/LC_MESSAGES/messages.po")))
_PSEUDO_NAME = "[Ƥšéûðö]"


def autonym(code: str) -> str:
    """A language's name in itself, for the switcher between them ("Cymraeg"), from Babel's
    CLDR data; the code itself for one Babel does not know."""
    if code == PSEUDO:
        return _PSEUDO_NAME
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:] if name else code  # ("français" -> "Français", as a switcher shows it)


@functools.cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == MAIN:
        return gettext.NullTranslations()
    if language == PSEUDO:
        return _Pseudo()
    return _Catalogue(LOCALE / language / "LC_MESSAGES" / "messages.po")


class _ByLanguage(dict[str, gettext.NullTranslations]):
    def __missing__(self, language: str) -> gettext.NullTranslations:
        return _translations(language)


_TRANSLATIONS: dict[str, gettext.NullTranslations] = _ByLanguage()

_current: contextvars.ContextVar[str] = contextvars.ContextVar("build_site_language", default=MAIN)


@contextlib.contextmanager
def using(language: str) -> Iterator[None]:
    """Every message inside the block in ``language``; as before once it ends."""
    if language not in LANGUAGES:
        raise ValueError(f"no catalogue for the language {language!r}")
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def language() -> str:
    return _current.get()


def translation_of(message: str, language: str) -> str | None:
    """The message in ``language`` if its catalogue has it translated (else None)."""
    found = _TRANSLATIONS[language]
    if language == MAIN:
        return message
    if isinstance(found, _Catalogue) and not found.has(message):
        return None
    return found.gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written (in a table of words) and
    translated later, when it is used (``_(table[key])``)."""
    return message


# A language whose words change at the joins where values go in (core/welsh.py): its own
# way of filling a message's placeholders; any other language fills them as written.
GRAMMAR: dict[str, Callable[[str, dict[str, object]], str]] = {"cy": welsh.fill}


def _format(language: str, text: str, values: dict[str, object]) -> str:
    grammar = GRAMMAR.get(language)
    return grammar(text, values) if grammar else text.format(**values)


def _(message: str, **values: object) -> str:
    """One message in the current language, with its placeholders filled."""
    language = _current.get()
    text = _TRANSLATIONS[language].gettext(message)
    return _format(language, text, values) if values else text


def _n(singular: str, plural: str, n: int, **values: object) -> str:
    """A message that depends on a number ``n`` (also its placeholder ``{n}``)."""
    language = _current.get()
    return _format(language, _TRANSLATIONS[language].ngettext(singular, plural, n), {"n": n, **values})


@functools.lru_cache(maxsize=8192)
def _as_html(language: str, message: str, plural: str | None = None, n: int = 1, own_markup: bool = False) -> str:
    """A message in ``language`` as HTML, worked out once: escaped (unless it holds markup of its
    own), but for apostrophes, safe in text and in the double-quoted attributes the templates
    write, so that "council's" reads as written in the source."""
    found = _TRANSLATIONS[language]
    text = found.gettext(message) if plural is None else found.ngettext(message, plural, n)
    return text if own_markup else str(escape(text)).replace("&#39;", "'")


def _fill(html: str, values: dict[str, object]) -> Markup:
    """The placeholders filled, each value escaped unless it is markup already (as
    ``Markup.format`` does, at a fraction of its cost: pages hold thousands of messages)."""
    if not values:
        return Markup(html)
    escaped: dict[str, object] = {k: v if isinstance(v, int) else escape(v) for k, v in values.items()}
    return Markup(_format(_current.get(), html, escaped))


def markup(message: str, **values: object) -> Markup:
    """For templates: the message escaped, and each value escaped unless it is already markup."""
    return _fill(_as_html(_current.get(), message), values)


def markup_html(message: str, **values: object) -> Markup:
    """For templates: a message that holds markup of its own (``<em>``, ``<code>``, links), kept
    as written (the catalogue is the project's own text); each value escaped."""
    return _fill(_as_html(_current.get(), message, own_markup=True), values)


def markup_n(singular: str, plural: str, n: int, **values: object) -> Markup:
    return _fill(_as_html(_current.get(), singular, plural, n), {"n": n, **values})


_CONSTANT = re.compile(r'\{\{ _\("([^"\\{}]*)"\) \}\}')


class CompiledWords(Extension):
    """A message with no placeholder, ``{{ _("Chart") }}``, is written into the template as it is
    compiled, in the environment's language (``build_site_language``; one compiled template
    per language), instead of being looked up on every page: a build renders thousands."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        words = getattr(self.environment, "build_site_language", MAIN)

        def constant(found: re.Match[str]) -> str:
            html = _as_html(words, found.group(1))
            return found.group(0) if any(c in html for c in "{}#%") else html

        return _CONSTANT.sub(constant, source)
