"""Family: one page per indicator (``indicators/<id>/``), with its CSV and JSON downloads.

The one family rendered in chunks, by the workers as well as the build. Each indicator's
files are made from its ``PageInputs`` and nothing else (the render functions are not
given the site), and are keyed by a digest of those inputs: while the key is unchanged,
they are not made again (the memo). A new input is a new field, and so in the key."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import cast

from jinja2 import Environment
from markupsafe import Markup, escape

from build_site.core.catalogue import _
from build_site.core.vocabulary import aim_words
from build_site.inputs import periods as P
from build_site.outputs.chart_view import table_chart_view
from build_site.outputs.downloads import Figures, downloads, indicator_outputs, page_path
from build_site.outputs.pages import (
    KEEP,
    alt_text,
    chart_spec,
    date_words,
    direction_html,
    num,
    page,
    page_key,
    rating_html,
    rel_root,
    text,
    value_or_blank,
)
from build_site.rating import fmt
from build_site.rating.area_figures import latest_by_area, map_words
from build_site.rating.summaries import indicator_summary, reasons
from build_site.site.families.base import Site
from build_site.site.families.maps import shading
from build_site.site.page_inputs import PageInputs, inputs_of

WRITES = ("indicators", "api")  # where in docs/ (and so in the site) its files go
READS = ("statuses", "rows", "providers", "areas", "reporting")


def render(site: Site, ids, memo: dict[str, str]) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """The files of these indicators (KEEP for those whose memo key is unchanged), and their memo."""
    files: dict[str, bytes | None] = {}
    new_memo: dict[str, str] = {}
    for ind in ids:
        inputs = inputs_of(site, ind)
        key = page_key(inputs)
        new_memo[ind.id] = key
        if memo.get(ind.id) == key:
            files.update(dict.fromkeys(indicator_outputs(ind.id), KEEP))  # the page from the last build is still right
            continue
        files.update(_files(site.env, inputs))
    return files, new_memo


def _table(env: Environment, ind, council: list[dict], bench, groups: list[str]) -> Markup:
    """The figures table's rows, made in one pass: the hot loop of the build's pages. The value,
    rating and direction come straight after the period; on a phone each row is a card, the
    value, target and benchmarks named by the table's own labels (``css_labels``), not by
    an attribute on every cell."""
    label = cast(Callable[[str], str], env.globals["period_label"])
    months = cast(Callable[[str], str], env.globals["period_months"])
    bench_lookup = {(b["group"], b["period"]): b["value"] for b in bench}
    fv = functools.partial(value_or_blank, ind=ind)
    return Markup("".join(
        f'<tr><th scope="row">{escape(label(x["period"]))}{_months(months(x["period"]))}</th>'
        f'<td class="bs-num bs-v">{escape(fv(x["value"]))}</td>'
        f'<td>{rating_html(x["status"], ind.approach)}</td><td>{direction_html(x["direction"])}</td>'
        f'<td class="bs-num bs-g">{escape(fv(x["target"]))}</td>'
        + "".join(f'<td class="bs-num bs-b{k}">{escape(fv(bench_lookup.get((g, x["period"]))))}</td>'
                  for k, g in enumerate(groups))
        + f'<td>{text(x["note"])}</td></tr>\n' for x in reversed(council)))


def _months(words: str) -> Markup:
    return Markup('<span class="bs-months">{}</span>').format(words) if words else Markup("")


def _areas(x_in: PageInputs, area_data: list[dict]) -> tuple[list, str | None, float | None]:
    """The latest period's figures for each area, against the council's (area_figures)."""
    names = {c: a.name for c, a in x_in.areas if a is not None}
    period, council, figures = latest_by_area(x_in.ind, x_in.status, area_data, names,
                                              x_in.reporting.default_tolerance_percent)
    return figures, period, council


def _files(env: Environment, x_in: PageInputs) -> dict[str, bytes]:
    ind, st, r, fy = x_in.ind, x_in.status, x_in.rows.value, x_in.reporting.financial_year_start_month
    council = [x for x in r if x["area"] == ""]
    bench, notes = list(x_in.benchmarks), list(x_in.commentary)
    here = page_path(ind.id)
    groups = sorted({b["group"] for b in bench})
    area_rows, area_period, council_value = _areas(x_in, [x for x in r if x["area"] != ""])
    comment_list = sorted(notes, key=lambda c: P.parse_period(c["period"], fy).start, reverse=True)
    if ind.tolerance is not None:
        tol = _("{value} either side of the target, in the indicator's own unit", value=fmt.value(ind.tolerance, ind))
    else:
        tol = _("{percent}% of the target (the package default)",
                percent=num(x_in.reporting.default_tolerance_percent))
    spec = chart_spec(ind, council, bench, fy)
    summary = indicator_summary(ind, st, council, fy, x_in.as_of)
    html = env.get_template("indicator.html").render(
        summary=summary, reasons=reasons(ind, st, council, fy),
        root=rel_root(here), fictional=x_in.fictional, as_of=x_in.as_of.isoformat(),
        as_of_words=date_words(x_in.as_of), council=x_in.council, priority_title=lambda _pid: x_in.priority_title,
        ind=ind, st=st, chart=table_chart_view(spec, ind) if spec is not None else None,
        alt=alt_text(ind, council, st, fy),
        table=_table(env, ind, council, bench, groups), benchmark_groups=groups,
        areas=area_rows, area_period=area_period, council_value=council_value, commentary=comment_list,
        area_map=any(a.code in x_in.mapped for a in area_rows), map_size=x_in.map_size,
        map_key=shading(ind, area_rows, x_in.mapped)[1] if area_rows else [],
        map_words=map_words(ind, area_rows, P.parse_period(area_period, fy).long_label()) if area_rows else "",
        provider=x_in.provider, aim=aim_words(ind.approach), unit=fmt.unit_phrase(ind), tolerance=tol,
        has_target=any(x["target"] is not None for x in council))
    figures = Figures(x_in.as_of, ind, st, sorted(r, key=lambda x: (x["start"], x["area"])),
                      sorted(x_in.targets, key=lambda t: t["period"]),
                      sorted(bench, key=lambda b: (b["period"], b["group"])),
                      sorted(notes, key=lambda c: c["period"]), summary)
    return {here: page(ind.title, html, ind.why_it_matters), **downloads(figures)}
