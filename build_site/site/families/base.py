"""What every page family renders from: the ``Site``, made once per render."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from jinja2 import Environment

from build_site.core.model import Indicator, Package
from build_site.outputs import maps
from build_site.outputs.chart_view import ChartView, chart_view
from build_site.outputs.pages import KEEP, Inputs, alt_text, date_words, page, page_key, rel_root
from build_site.outputs.terms import link_terms
from build_site.rating.api import exception_order
from build_site.rating.area_figures import latest_by_area
from build_site.rating.returns import Return, schedule
from build_site.rating.rows import Rows
from build_site.rating.status import Statuses
from build_site.rating.summaries import indicator_summary, reasons


@dataclass(frozen=True)
class Site:
    """The package, its statuses and everything shared between page families, with the one
    way to make a page (``page``). Families read it; none changes it, but for the notes of a
    build's keys (``kept``, ``keys``: see ``unchanged``) and its memos of worked-out parts."""

    pkg: Package
    statuses: Statuses
    inputs: Inputs
    rows: Rows
    env: Environment
    memo: dict = field(default_factory=dict, compare=False)  # the last build's keys (render_site)
    kept: dict = field(default_factory=dict, compare=False)  # this build's keys of overview pages
    keys: dict = field(default_factory=dict, compare=False)  # {indicator id: its page's key}
    _alts: dict = field(default_factory=dict, compare=False)
    _charts: dict = field(default_factory=dict, compare=False)
    _area_figures: dict = field(default_factory=dict, compare=False)

    @property
    def fy(self) -> int:
        return self.pkg.reporting.financial_year_start_month

    @cached_property
    def base(self) -> dict:
        """What every template is given."""
        priorities = {p.id: p for p in self.pkg.priorities}
        as_of = self.statuses.as_of
        return dict(fictional=self.pkg.fictional, as_of=as_of.isoformat(), as_of_words=date_words(as_of),
                    council=self.pkg.title,
                    priority_title=lambda pid: priorities[pid].title if pid in priorities else pid)

    def page(self, path: str, template: str, title: str, description: str = "", wide: bool = False,
             terms: bool = False, searchable: bool = True, **ctx) -> bytes:
        """A page from its template; with ``terms``, each term of art linked once to the glossary
        (``searchable=False``: left out of the site's search index)."""
        root = rel_root(path)
        html = self.env.get_template(template).render(root=root, **self.base, **ctx)
        return page(title, link_terms(html, root) if terms else html, description, wide, searchable)

    def unchanged(self, path: str, inputs: tuple) -> bool:
        """Whether the overview file at ``path`` is made from what the last build's was: a digest
        of ``inputs`` (with the code, templates and language: ``page_key``), noted for the next."""
        key = self.kept[path] = page_key(("overview", path, self.base["as_of"], self.base["council"],
                                          self.base["fictional"], inputs))
        return self.memo.get(path) == key

    def memoised(self, path: str, inputs: tuple, make) -> bytes | None:
        """An overview file made by ``make()``, or KEEP (None: the last build's is still right)."""
        return KEEP if self.unchanged(path, inputs) else make()

    @cached_property
    def returns(self) -> tuple[Return, ...]:
        """The returns schedule (rating/returns): one row per indicator with a figure."""
        return schedule(self.pkg, self.statuses)

    @cached_property
    def exceptions(self) -> list[tuple]:
        """(indicator, status) of every exception, most serious first."""
        return [(i, self.statuses[i.id]) for i in exception_order(self.pkg, self.statuses)]

    @cached_property
    def in_priority_order(self) -> list[Indicator]:
        """Every indicator, by its priority's order, then by title."""
        order = {p.id: k for k, p in enumerate(self.pkg.priorities_in_order())}
        return sorted(self.pkg.indicators, key=lambda i: (order.get(i.priority, len(order)), *by_title(i)))

    @cached_property
    def providers(self) -> dict:
        return {p.id: p for p in self.pkg.providers}

    @cached_property
    def areas_by_code(self) -> dict:
        return {a.code: a for a in self.pkg.areas}

    @cached_property
    def map_base(self):
        """The areas' shapes, projected and simplified once (maps.Base), or None."""
        return maps.base(self.pkg.boundaries, [a.code for a in self.pkg.areas]) if self.pkg.boundaries else None

    @cached_property
    def mapped(self) -> tuple[str, ...]:
        """The codes of the areas on the maps."""
        return tuple(c for c, _d in self.map_base.paths) if self.map_base else ()

    def area_figures(self, ind: Indicator) -> tuple:
        """Its latest figures by area, against the council (area_figures.latest_by_area)."""
        if ind.id not in self._area_figures:
            self._area_figures[ind.id] = latest_by_area(
                ind, self.statuses[ind.id], [x for x in self.rows.by_ind.get(ind.id, []) if x["area"] != ""],
                self.area_names, self.pkg.reporting.default_tolerance_percent)
        return self._area_figures[ind.id]

    @cached_property
    def area_names(self) -> dict[str, str]:
        return {a.code: a.name for a in self.pkg.areas}

    def names_of_areas(self, codes) -> list[str]:
        return [self.area_names.get(c, c) for c in codes]

    @cached_property
    def latest_note(self) -> dict:
        return {(n["indicator"], n["period"]): n for n in self.rows.notes_all}

    def note_for(self, ind: Indicator):
        st = self.statuses[ind.id]
        return self.latest_note.get((ind.id, st.latest.period)) if st.latest else None

    def triple(self, ind: Indicator) -> tuple:
        return ind, self.statuses[ind.id], self.note_for(ind)

    def alt(self, ind: Indicator) -> str:
        """The chart's text, worked out once (indicator and priority pages both show it)."""
        if ind.id not in self._alts:
            self._alts[ind.id] = alt_text(ind, self.council(ind), self.statuses[ind.id], self.fy)
        return self._alts[ind.id]

    def chart(self, ind: Indicator) -> ChartView | None:
        """The chart's drawings and points, worked out once (indicator and priority pages)."""
        if ind.id not in self._charts:
            spec = self.rows.specs.get(ind.id)
            self._charts[ind.id] = chart_view(spec, ind, self.council(ind), self.fy) if spec is not None else None
        return self._charts[ind.id]

    def council(self, ind: Indicator) -> list[dict]:
        """Its council-wide rows, oldest first."""
        return [x for x in self.rows.by_ind.get(ind.id, []) if x["area"] == ""]

    @cached_property
    def summaries(self) -> dict[str, str]:
        """Each indicator's summary in words (summaries.indicator_summary)."""
        return {i.id: indicator_summary(i, self.statuses[i.id], self.council(i), self.fy, self.statuses.as_of)
                for i in self.pkg.indicators}

    @cached_property
    def reasons(self) -> dict[str, str]:
        """Why each exception is one, in words ('' for the rest)."""
        return {i.id: reasons(i, self.statuses[i.id], self.council(i), self.fy) for i in self.pkg.indicators}


def by_title(ind: Indicator) -> tuple:
    return ind.title.casefold(), ind.id
