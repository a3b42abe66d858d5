"""The one catalogue of every word a person reads: gettext, through Babel.

Code marks each message with ``_("...")`` (or ``_n(singular, plural, n)``), templates with
``{{ _("...") }}``; a value goes in a named ``{placeholder}``, never by joining pieces of
sentences. ``pybabel extract`` (see ``babel.cfg``) gathers them all into
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
import gettext
import re
from typing import Iterator

from markupsafe import Markup, escape

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


_TRANSLATIONS: dict[str, gettext.NullTranslations] = {MAIN: gettext.NullTranslations(), PSEUDO: _Pseudo()}
LANGUAGES = tuple(_TRANSLATIONS)

_current: contextvars.ContextVar[str] = contextvars.ContextVar("build_site_language", default=MAIN)


@contextlib.contextmanager
def using(language: str) -> Iterator[None]:
    """Every message inside the block in ``language``; as before once it ends."""
    if language not in _TRANSLATIONS:
        raise ValueError(f"no catalogue for the language {language!r}")
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)


def language() -> str:
    return _current.get()


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is written (in a table of words) and
    translated later, when it is used (``_(table[key])``)."""
    return message


def _(message: str, **values) -> str:
    """One message in the current language, with its placeholders filled."""
    text = _TRANSLATIONS[_current.get()].gettext(message)
    return text.format(**values) if values else text


def _n(singular: str, plural: str, n: int, **values) -> str:
    """A message that depends on a number ``n`` (also its placeholder ``{n}``)."""
    return _TRANSLATIONS[_current.get()].ngettext(singular, plural, n).format(n=n, **values)


def _escaped(message: str) -> Markup:
    """A message as HTML: escaped, but for apostrophes (safe in text and in the double-quoted
    attributes the templates write), so that "council's" reads as written in the source."""
    return Markup(str(escape(message)).replace("&#39;", "'"))


def markup(message: str, **values) -> Markup:
    """For templates: the message escaped, and each value escaped unless it is already markup."""
    text = _escaped(_TRANSLATIONS[_current.get()].gettext(message))
    return text.format(**values) if values else text


def markup_html(message: str, **values) -> Markup:
    """For templates: a message that holds markup of its own (``<em>``, ``<code>``, links), kept
    as written (the catalogue is the project's own text); each value escaped."""
    text = Markup(_TRANSLATIONS[_current.get()].gettext(message))
    return text.format(**values) if values else text


def markup_n(singular: str, plural: str, n: int, **values) -> Markup:
    return _escaped(_TRANSLATIONS[_current.get()].ngettext(singular, plural, n)).format(n=n, **values)
