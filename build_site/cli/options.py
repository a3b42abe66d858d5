"""Options the commands share."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from build_site.core.catalogue import _
from build_site.inputs.periods import FIRST_YEAR, LAST_YEAR


def _as_of(ctx, param, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(_('"{value}" is not a date — write it as YYYY-MM-DD, e.g. 2026-03-31',
                                   value=value)) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise click.BadParameter(_('"{value}" is not between {first} and {last} — check the year', value=value,
                                   first=FIRST_YEAR, last=LAST_YEAR))
    return day


AS_OF = click.option("--as-of", callback=_as_of, metavar="YYYY-MM-DD",
                     help="Rate as if today were this date (default: today). Same data and date give the same site.")
DIR = click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
