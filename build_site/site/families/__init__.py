"""The site's pages, in families: one small module per family, each with

- ``WRITES``: the folders (or pages) at the top of docs/ it writes into;
- ``READS``: what of the ``Site`` it reads (so that the scheduler, and a reader, know);
- ``render(site) -> {path in docs/: bytes}``: its pages and files, nothing else.

``FAMILIES`` lists the families of the overview, which need every indicator's status;
``indicator_pages`` is the one family rendered in chunks, here and in the workers.

A new family is one module here (``READS`` and ``render``), its template under
``build_site/templates/``, and its name added to ``FAMILIES`` below: see
docs/architecture.md.
"""

from __future__ import annotations

from pathlib import Path

from build_site.core.model import Package
from build_site.outputs.pages import Rows, env_for, rows_of
from build_site.rating.status import Statuses
from build_site.site.families import (
    api,
    areas,
    data,
    exceptions,
    home,
    indicator_pages,
    indicators,
    maps,
    methodology,
    monitoring,
    postcodes,
    priorities,
    providers,
    reports,
    search,
    static,
)
from build_site.site.families.base import Site

FAMILIES = (home, exceptions, priorities, monitoring, indicators, areas, maps, postcodes, providers, data, methodology,
            api, reports, search, static)


def generated_docs() -> tuple[str, ...]:
    """The top-level paths of docs/ that build-site writes (never hand-written)."""
    return tuple(sorted({w for family in (*FAMILIES, indicator_pages) for w in family.WRITES}))


def render_site(pkg: Package, statuses: Statuses, inputs, memo: dict[str, str] | None = None,
                rows: Rows | None = None, template_cache: Path | None = None,
                only: frozenset[str] | None = None, overview: bool | tuple[str, ...] = True
                ) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """Every generated file under docs/ (but the charts: see ``Rows.specs``), and a memo of
    what each indicator page was made from.

    ``memo`` ({indicator id: key}) comes from the last build whose pages are still in docs/:
    an indicator whose key is unchanged is not rendered again, and its files are given as
    ``KEEP`` (None), meaning "leave what is there". The overview's pages that are keyed the
    same way (``Site.memoised``) are in it under their paths.

    ``only`` and ``overview`` split the work between processes: the indicator pages of
    just these indicators, and the overview's families too (all, none, or those named)."""
    rows = rows or rows_of(pkg, statuses)
    env = env_for(pkg.reporting.financial_year_start_month, template_cache)
    site = Site(pkg, statuses, inputs, rows, env, memo=memo or {})
    chosen = pkg.indicators if only is None else [rows.indicators[i] for i in sorted(only) if i in rows.indicators]
    files, new_memo = indicator_pages.render(site, chosen, memo or {})
    site.keys.update(new_memo)  # (the overview's pages that show an indicator are keyed by its page's key)
    for family in FAMILIES:
        if overview is True or (overview and name_of(family) in overview):
            files.update(family.render(site))
    return files, {**new_memo, **site.kept}


def name_of(family) -> str:
    """'build_site.site.families.home' -> 'home'."""
    return family.__name__.rsplit(".", 1)[-1]
