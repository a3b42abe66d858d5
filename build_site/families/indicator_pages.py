"""Family: one page per indicator (``indicators/<id>/``), with its CSV and JSON downloads.

The one family rendered in chunks, by the workers as well as the build: each indicator's
files are made from its own rows only, and are not made again while what they are made
from is unchanged (the memo)."""

from __future__ import annotations

import functools

from markupsafe import Markup, escape

from .. import api, fmt
from .. import periods as P
from ..pages import KEEP, against, direction_html, indicator_csv, indicator_outputs, num, page_key, rating_html, text
from ..pages import value_or_blank
from ..vocabulary import aim_words
from .base import Site

WRITES = ("indicators", "api")  # where in docs/ (and so in the site) its files go
READS = ("statuses", "rows", "providers", "areas")



def render(site: Site, ids, memo: dict[str, str]) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """The files of these indicators (KEEP for those whose memo key is unchanged), and their memo."""
    files: dict[str, bytes | None] = {}
    new_memo: dict[str, str] = {}
    for ind in ids:
        key = _key(site, ind)
        new_memo[ind.id] = key
        if memo.get(ind.id) == key:
            files.update(dict.fromkeys(indicator_outputs(ind.id), KEEP))  # the page from the last build is still right
            continue
        files.update(_files(site, ind))
    return files, new_memo


def _key(site: Site, ind) -> str:
    rows, base = site.rows, site.base
    area_data = [x for x in rows.by_ind.get(ind.id, []) if x["area"] != ""]
    return page_key(ind, site.statuses[ind.id], rows.digests.get(ind.id), rows.bench_by.get(ind.id, []),
                    rows.notes_by.get(ind.id, []), rows.targets_by.get(ind.id, []), site.providers.get(ind.provider),
                    {x["area"]: site.areas_by_code.get(x["area"]) for x in area_data},
                    (base["fictional"], base["as_of"], base["council"], base["priority_title"](ind.priority),
                     site.pkg.reporting))


def _table(site: Site, ind, council: list[dict], bench: list[dict], groups: list[str]) -> Markup:
    """The figures table's rows, made in one pass: the hot loop of the build's pages."""
    label = site.env.globals["period_label"]
    bench_lookup = {(b["group"], b["period"]): b["value"] for b in bench}
    fv = functools.partial(value_or_blank, ind=ind)
    return Markup("".join(
        f'<tr><th scope="row">{escape(label(x["period"]))}</th><td class="bs-num">{escape(fv(x["value"]))}</td>'
        f'<td class="bs-num">{escape(fv(x["target"]))}</td><td>{rating_html(x["status"], ind.approach)}</td>'
        f'<td>{direction_html(x["direction"])}</td>'
        + "".join(f'<td class="bs-num">{escape(fv(bench_lookup.get((g, x["period"]))))}</td>' for g in groups)
        + f'<td>{text(x["note"])}</td></tr>\n' for x in reversed(council)))


def _areas(site: Site, ind, area_data: list[dict]) -> tuple[list[dict], str | None, float | None]:
    """The latest period's figures for each area, against the council's."""
    if not area_data:
        return [], None, None
    latest_area = max(area_data, key=lambda x: x["start"])
    area_period, council_value = latest_area["period"], latest_area["council_value"]
    area_rows = []
    for x in area_data:
        if x["period"] != area_period:
            continue
        a = site.areas_by_code.get(x["area"])
        area_rows.append(dict(code=x["area"], name=a.name if a else x["area"], value=x["value"],
                              direction=x["direction"], note=x["note"],
                              against=against(x["value"], x["council_value"], ind)))
    area_rows.sort(key=lambda x: x["name"])
    return area_rows, area_period, council_value


def _files(site: Site, ind) -> dict[str, bytes]:
    rows, st = site.rows, site.statuses[ind.id]
    r = rows.by_ind.get(ind.id, [])
    council = [x for x in r if x["area"] == ""]
    bench = rows.bench_by.get(ind.id, [])
    notes = rows.notes_by.get(ind.id, [])
    outputs = indicator_outputs(ind.id)
    groups = sorted({b["group"] for b in bench})
    area_rows, area_period, council_value = _areas(site, ind, [x for x in r if x["area"] != ""])
    comment_list = sorted(notes, key=lambda c: P.parse_period(c["period"], site.fy).start, reverse=True)
    if ind.tolerance is not None:
        tol = f"{fmt.value(ind.tolerance, ind)} either side of the target, in the indicator's own unit"
    else:
        tol = f"{num(site.pkg.reporting.default_tolerance_percent)}% of the target (the package default)"
    files = {outputs[0]: site.page(
        outputs[0], "indicator.html", ind.title, ind.why_it_matters,
        ind=ind, st=st, chart=bool(council), alt=site.alt(ind), size=site.size(ind),
        table=_table(site, ind, council, bench, groups), benchmark_groups=groups,
        areas=area_rows, area_period=area_period, council_value=council_value, commentary=comment_list,
        provider=site.providers.get(ind.provider), aim=aim_words(ind.approach), unit=fmt.unit_phrase(ind), tolerance=tol,
        has_target=any(x["target"] is not None for x in council))}
    in_order = sorted(r, key=lambda x: (x["start"], x["area"]))
    files[outputs[1]] = indicator_csv(in_order)
    files[outputs[2]] = api.dumps(api.indicator_json(
        site.statuses, ind, in_order, sorted(rows.targets_by.get(ind.id, []), key=lambda t: t["period"]),
        sorted(bench, key=lambda b: (b["period"], b["group"])), sorted(notes, key=lambda c: c["period"])))
    return files
