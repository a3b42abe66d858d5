"""Stage 5, pages: every generated page and download, as {path under docs/: bytes}.

Pages are Markdown files whose body is one raw HTML block rendered by Jinja2
with autoescaping, so every piece of data text is escaped and shown exactly as
written: nothing in the data is read as Markdown or HTML. The page title goes
in the front matter, escaped too.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import api, fmt
from . import periods as P
from .refusals import GBP_SCALES
from .charts import ChartSpec, pixel_size
from .model import Indicator, Package
from .status import (DATA_ONLY, NEAR, NO_DATA, OFF, ON, IndicatorStatus, Statuses, direction_word, rating_word,
                     rule_word)

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_MONTHS = ("January February March April May June July August September October November December").split()


def date_words(d: date | None) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}" if d else ""


def _text(value) -> Markup:
    """Escape data text and keep its line breaks."""
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return Markup("")
    text = escape(str(value))
    if "\n" not in text and "\r" not in text:
        return text
    return Markup("<br>").join(text.replace("\r", "").split("\n"))


@functools.lru_cache(maxsize=None)
def rating_html(status: str, approach: str) -> Markup:
    """A rating: its word, and a shape drawn by CSS (site.css) from the class; never colour alone."""
    return Markup('<span class="bs-rating bs-{}">{}</span>').format(status, rating_word(status, approach))


@functools.lru_cache(maxsize=None)
def direction_html(d: str | None) -> Markup:
    return Markup('<span class="bs-dir bs-dir-{}">{}</span>').format(d or "none", direction_word(d))


def _value_or_blank(v, ind) -> str:
    return fmt.value(None if v is None or pd.isna(v) else float(v), ind)


def _num(value) -> str:
    return fmt.plain(float(value))


def compile_templates(template_cache: Path) -> None:
    """Compile the page templates into the cache (the build does it ahead, on a spare core)."""
    env = _env(1, template_cache)
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)


@functools.lru_cache(maxsize=8)  # one per process and settings: a chunk of pages reuses it, and its caches
def _env(fy: int, template_cache: Path | None = None) -> Environment:
    cache = None
    if template_cache is not None:  # compiled templates kept between builds (Jinja checks their source)
        template_cache.mkdir(parents=True, exist_ok=True)
        cache = FileSystemBytecodeCache(str(template_cache))
    env = Environment(loader=PackageLoader("build_site", "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=StrictUndefined, bytecode_cache=cache)
    env.filters["text"] = _text
    env.filters["num"] = _num
    env.globals.update(
        rating_word=rating_word, rule_word=rule_word, direction_word=direction_word, date_words=date_words,
        rating_html=rating_html, direction_html=direction_html,
        fmt_value=_value_or_blank,
        period_label=functools.lru_cache(maxsize=None)(lambda text: P.parse_period(text, fy).label() if text else ""),
    )
    return env


def page(title: str, html: str, description: str = "") -> bytes:
    """A Markdown page: front matter, then the HTML body with no blank lines."""
    front = {"title": str(escape(title)), "generator": "build-site"}
    if description:
        front["description"] = str(escape(description))
    lines = ["---"] + [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()] + ["---", ""]
    body = "\n".join(line for line in html.splitlines() if line.strip())
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
        target_label="Floor" if ind.approach == "managed-decline" else "Target",
        scale=GBP_SCALES.get(ind.unit_label, "") if ind.unit == "gbp" else "")


def alt_text(ind: Indicator, council: list[dict], st: IndicatorStatus, fy: int) -> str:
    """'Rose from 41.2% in 2021/22 Q1 to 43.7% in 2026/27 Q2; target 50.0%; off target.'"""
    known = [r for r in council if r["value"] is not None]
    name = f"Line chart of {ind.title}. "
    if not known:
        return name + "No figures have been published yet."
    first, last = known[0], known[-1]
    label = lambda t: P.parse_period(t, fy).label()  # noqa: E731
    a, b = fmt.value(first["value"], ind), fmt.value(last["value"], ind)
    if len(known) == 1:
        text = f"One figure: {b} in {label(last['period'])}"
    else:
        ra, rb = fmt.number(first["value"], ind.decimals), fmt.number(last["value"], ind.decimals)
        if ra == rb:
            text = f"Unchanged at {b} in {label(first['period'])} and {label(last['period'])}"
        else:
            verb = "Rose from" if last["value"] > first["value"] else "Fell from"
            text = f"{verb} {a} in {label(first['period'])} to {b} in {label(last['period'])}"
    if st.latest and st.latest.target is not None:
        word = "floor" if ind.approach == "managed-decline" else "target"
        text += f"; {word} {fmt.value(st.latest.target, ind)}; {rating_word(st.status, ind.approach).lower()}"
    elif ind.polarity == "none":
        text += "; context data, not rated"
    return name + text + "."


def records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """A DataFrame as plain dicts, with blanks (NaN) as None: fast to loop over."""
    cols = []
    for c in columns:
        values = frame[c].tolist()
        cols.append([None if isinstance(v, float) and v != v else v for v in values])
    return [dict(zip(columns, row)) for row in zip(*cols)]


def group_by(recs: list[dict], key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in recs:
        out.setdefault(r[key], []).append(r)
    return out


# --------------------------------------------------------------------------- the site

@dataclass(frozen=True)
class Inputs:
    """What the pages need besides the package and statuses."""

    updated: date | None = None
    raw_files: tuple[tuple[str, bytes], ...] = ()  # datapackage.json and the CSVs, as published


def _rel_root(path: str) -> str:
    """'indicators/x/index.md' -> '../../'; 'methodology.md' -> '../'; 'index.md' -> ''."""
    parts = path.split("/")
    depth = len(parts) - 1 if parts[-1] == "index.md" else len(parts)
    return "../" * depth


def _zip(files: tuple[tuple[str, bytes], ...]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _rules_text(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of: " + ", ".join(c["enum"]))
    if field["name"] in ("period", "recovery_period"):
        parts.append("a period: 2024-05, 2024-Q2, 2024, 2024/25 or 2024/25 Q1")
    elif "pattern" in c and field["name"] == "url":
        parts.append("starts with http:// or https://")
    elif "pattern" in c:
        parts.append("lower-case letters, digits and hyphens")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    if "minimum" in c:
        parts.append(f"at least {c['minimum']}")
    if "maximum" in c:
        parts.append(f"at most {c['maximum']}")
    return "; ".join(parts) or "optional"


def _reference_text(resource: dict) -> dict[str, str]:
    refs = {}
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        ref = fk["reference"]
        refs[fk["fields"][0]] = f"must match {ref['resource']}.{ref['fields'][0]}"
    return refs


@dataclass(frozen=True)
class Rows:
    """The package and its statuses as plain records grouped by indicator, and what each
    indicator's chart draws: made once, read by the charts and by the pages."""

    by_ind: dict[str, list[dict]]
    bench_by: dict[str, list[dict]]
    notes_all: list[dict]
    notes_by: dict[str, list[dict]]
    targets_by: dict[str, list[dict]]
    digests: dict[str, str]  # each indicator's rows, hashed (for the page memo)
    specs: dict[str, ChartSpec]  # indicators with council-wide figures only
    indicators: dict[str, Indicator]  # by id


ROW_FIELDS = ["indicator", "period", "area", "value", "note", "start", "end", "target", "low", "high", "status",
              "direction", "council_value"]


def _row_digests(rows: pd.DataFrame) -> dict[str, str]:
    """A digest of each indicator's rows, in order: pandas hashes every row at once."""
    hashed = pd.util.hash_pandas_object(rows[ROW_FIELDS], index=False).to_numpy()
    positions = rows.reset_index(drop=True).groupby("indicator", sort=False).indices  # in row order
    return {ind: hashlib.sha256(hashed[pos].tobytes()).hexdigest() for ind, pos in positions.items()}


def rows_of(pkg: Package, statuses: Statuses) -> Rows:
    rows = statuses.rows
    frame = rows.assign(start=rows["start"].dt.date, end=rows["end"].dt.date)
    by_ind = group_by(records(frame, ROW_FIELDS), "indicator")
    bench_by = group_by(records(pkg.benchmarks, ["indicator", "period", "group", "value"]), "indicator")
    notes_all = records(pkg.commentary, ["indicator", "period", "commentary", "action", "action_owner",
                                         "recovery_period"])
    fy = pkg.reporting.financial_year_start_month
    specs = {}
    for ind in pkg.indicators:
        council = [x for x in by_ind.get(ind.id, []) if x["area"] == ""]
        spec = chart_spec(ind, council, bench_by.get(ind.id, []), fy)
        if spec is not None:
            specs[ind.id] = spec
    return Rows(by_ind=by_ind, bench_by=bench_by, notes_all=notes_all, notes_by=group_by(notes_all, "indicator"),
                targets_by=group_by(records(pkg.targets, ["indicator", "period", "target"]), "indicator"),
                digests=_row_digests(rows), specs=specs, indicators={i.id: i for i in pkg.indicators})


def render_site(pkg: Package, statuses: Statuses, inputs: Inputs, memo: dict[str, str] | None = None,
                rows: Rows | None = None, template_cache: Path | None = None,
                only: frozenset[str] | None = None, overview: bool = True
                ) -> tuple[dict[str, bytes | None], dict[str, str]]:
    """Every generated file under docs/ (but the charts: see ``Rows.specs``), and a memo of
    what each indicator page was made from.

    ``memo`` ({indicator id: key}) comes from the last build whose pages are still in docs/:
    an indicator whose key is unchanged is not rendered again, and its files are given as
    ``KEEP`` (None), meaning "leave what is there".

    ``only`` and ``overview`` split the work between processes: the indicator pages of
    just these indicators, and whether to render the overview pages too."""
    memo = memo or {}
    new_memo: dict[str, str] = {}
    fy = pkg.reporting.financial_year_start_month
    env = _env(fy, template_cache)
    label = env.globals["period_label"]
    as_of = statuses.as_of
    priorities = {p.id: p for p in pkg.priorities}
    providers = {p.id: p for p in pkg.providers}
    base = dict(fictional=pkg.fictional, as_of=as_of.isoformat(), as_of_words=date_words(as_of),
                council=pkg.title, priority_title=lambda pid: priorities[pid].title if pid in priorities else pid)
    files: dict[str, bytes] = {}

    def put(path: str, template: str, title: str, description: str = "", **ctx):
        html = env.get_template(template).render(root=_rel_root(path), **base, **ctx)
        files[path] = page(title, html, description)

    rows = rows or rows_of(pkg, statuses)
    by_ind, bench_by, notes_all = rows.by_ind, rows.bench_by, rows.notes_all
    notes_by, targets_by = rows.notes_by, rows.targets_by
    latest_note = {(n["indicator"], n["period"]): n for n in notes_all} if overview else {}  # (overview only)

    def note_for(ind):
        st = statuses[ind.id]
        return latest_note.get((ind.id, st.latest.period)) if st.latest else None

    def triple(ind):
        return ind, statuses[ind.id], note_for(ind)

    alts: dict[str, str] = {}
    sizes: dict[str, tuple[int, int]] = {}  # each chart's size, for its <img>
    areas_by_code = {a.code: a for a in pkg.areas}
    start_of = lambda text: P.parse_period(text, fy).start  # noqa: E731

    # ---- indicator pages
    if only is not None and not overview:  # just these (the overview needs every chart's size and text)
        wanted = [ind for ind in map(rows.indicators.get, sorted(only)) if ind is not None]
    else:
        wanted = pkg.indicators
    for ind in wanted:
        st = statuses[ind.id]
        r = by_ind.get(ind.id, [])
        council = [x for x in r if x["area"] == ""]
        bench = bench_by.get(ind.id, [])
        notes = notes_by.get(ind.id, [])
        alts[ind.id] = alt_text(ind, council, st, fy)  # (the priority pages show every chart too)
        spec = rows.specs.get(ind.id)
        sizes[ind.id] = pixel_size(spec) if spec is not None else (0, 0)
        if only is not None and ind.id not in only:
            continue
        area_data = [x for x in r if x["area"] != ""]
        outputs = indicator_outputs(ind.id)
        key = _page_key(ind, st, rows.digests.get(ind.id), bench, notes, targets_by.get(ind.id, []),
                        providers.get(ind.provider), {x["area"]: areas_by_code.get(x["area"]) for x in area_data},
                        (base["fictional"], base["as_of"], base["council"], base["priority_title"](ind.priority),
                         pkg.reporting))
        new_memo[ind.id] = key
        if memo.get(ind.id) == key:
            files.update(dict.fromkeys(outputs, KEEP))  # the page from the last build is still right
            continue
        groups = sorted({b["group"] for b in bench})
        bench_lookup = {(b["group"], b["period"]): b["value"] for b in bench}
        fv = functools.partial(_value_or_blank, ind=ind)
        # the figures table's rows made here, in one pass: the hot loop of the build's pages
        table = Markup("".join(
            f'<tr><th scope="row">{escape(label(x["period"]))}</th><td class="bs-num">{escape(fv(x["value"]))}</td>'
            f'<td class="bs-num">{escape(fv(x["target"]))}</td><td>{rating_html(x["status"], ind.approach)}</td>'
            f'<td>{direction_html(x["direction"])}</td>'
            + "".join(f'<td class="bs-num">{escape(fv(bench_lookup.get((g, x["period"]))))}</td>' for g in groups)
            + f'<td>{_text(x["note"])}</td></tr>\n' for x in reversed(council)))
        area_rows, area_period, council_value = [], None, None
        if area_data:
            latest_area = max(area_data, key=lambda x: x["start"])
            area_period, council_value = latest_area["period"], latest_area["council_value"]
            for x in area_data:
                if x["period"] != area_period:
                    continue
                a = areas_by_code.get(x["area"])
                area_rows.append(dict(code=x["area"], name=a.name if a else x["area"], value=x["value"],
                                      direction=x["direction"], note=x["note"],
                                      against=_against(x["value"], x["council_value"], ind)))
            area_rows.sort(key=lambda x: x["name"])
        comment_list = sorted(notes, key=lambda c: start_of(c["period"]), reverse=True)
        if ind.tolerance is not None:
            tol = f"{fmt.value(ind.tolerance, ind)} either side of the target, in the indicator's own unit"
        else:
            tol = f"{_num(pkg.reporting.default_tolerance_percent)}% of the target (the package default)"
        aim = {"improve": "To improve.", "maintain": "To maintain performance at target.",
               "managed-decline": "Managed decline: the council has decided to let performance fall, but not "
                                  "beyond the agreed floor."}[ind.approach]
        put(outputs[0], "indicator.html", ind.title, ind.why_it_matters,
            ind=ind, st=st, chart=bool(council), alt=alts[ind.id], size=sizes[ind.id], table=table,
            benchmark_groups=groups,
            areas=area_rows, area_period=area_period, council_value=council_value, commentary=comment_list,
            provider=providers.get(ind.provider), aim=aim, unit=fmt.unit_phrase(ind), tolerance=tol,
            has_target=any(x["target"] is not None for x in council))
        in_order = sorted(r, key=lambda x: (x["start"], x["area"]))
        files[outputs[1]] = _indicator_csv(in_order)
        files[outputs[2]] = api.dumps(api.indicator_json(
            statuses, ind, in_order, sorted(targets_by.get(ind.id, []), key=lambda t: t["period"]),
            sorted(bench, key=lambda b: (b["period"], b["group"])), sorted(notes, key=lambda c: c["period"])))

    if not overview:
        return files, new_memo

    # ---- home
    managed = [i for i in pkg.indicators if i.mode == "managed"]
    order = (ON, NEAR, OFF, NO_DATA, DATA_ONLY)

    def counts(inds):
        found = [statuses[i.id].status for i in inds]
        return [(s, found.count(s)) for s in order if found.count(s)]

    exceptions = [(i, statuses[i.id]) for i in api.exception_order(pkg, statuses)]
    cards = []
    for p in pkg.priorities_in_order():
        inds = [i for i in pkg.indicators if i.priority == p.id]
        cards.append(dict(priority=p, managed=sum(i.mode == "managed" for i in inds),
                          monitored=sum(i.mode == "monitored" for i in inds),
                          counts=counts([i for i in inds if i.mode == "managed"]),
                          exceptions=sum(statuses[i.id].exception for i in inds)))
    put("index.md", "home.html", "Overview", f"How {pkg.title} is doing on its priorities.",
        counts=counts(managed), managed_count=len(managed), exceptions=exceptions, cards=cards,
        updated=inputs.updated.isoformat() if inputs.updated else None, updated_words=date_words(inputs.updated),
        has_areas=bool(pkg.areas), has_providers=bool(pkg.providers),
        area_word=(pkg.areas[0].type or "area") if pkg.areas else "area")

    # ---- exceptions
    exc_rows = [(i, s, note_for(i)) for i, s in exceptions]
    put("exceptions/index.md", "exceptions.html", "Exception report", "Indicators that need attention.",
        rows=exc_rows, missing=sum(s.commentary_missing for _, s in exceptions))
    files["exceptions/exceptions.csv"] = api.download_csv(api.report_csv(api.exception_rows(pkg, statuses)))

    # ---- priorities
    by_title = lambda i: (i.title.casefold(), i.id)  # noqa: E731
    for p in pkg.priorities_in_order():
        inds = sorted((i for i in pkg.indicators if i.priority == p.id), key=by_title)
        put(f"priorities/{p.id}/index.md", "priority.html", p.title, p.summary, priority=p,
            managed=[triple(i) for i in inds if i.mode == "managed"],
            monitored=[triple(i) for i in inds if i.mode == "monitored"], alt=alts, size=sizes, show_priority=False)
    put("priorities/index.md", "list.html", "Priorities", heading="Priorities",
        lede="What the council wants to achieve, and how each priority is doing. Each page shows the indicators "
             "under active management in full, with commentary and actions.",
        entries=[(f"priorities/{p.id}/", p.title, p.summary) for p in pkg.priorities_in_order()],
        empty="No priorities have been published.")

    # ---- monitoring
    put("monitoring/index.md", "monitoring.html", "Performance monitoring", "Every monitored indicator.",
        items=[triple(i) for i in sorted((i for i in pkg.indicators if i.mode == "monitored"), key=by_title)])

    # ---- all indicators
    put("indicators/index.md", "list.html", "All indicators", heading="All indicators",
        lede=f"Every indicator, A to Z ({len(pkg.indicators)}). Ratings as of {date_words(as_of)}.",
        entries=[(f"indicators/{i.id}/", i.title, rating_word(statuses[i.id].status, i.approach))
                 for i in sorted(pkg.indicators, key=by_title)],
        empty="No indicators have been published.")

    # ---- areas: each indicator's latest row for each area
    inds_by_id = {i.id: i for i in pkg.indicators}
    latest_in_area: dict[tuple[str, str], dict] = {}
    for x in (x for group in by_ind.values() for x in group):
        if x["area"] != "":
            key = (x["area"], x["indicator"])
            if key not in latest_in_area or x["start"] > latest_in_area[key]["start"]:
                latest_in_area[key] = x
    by_area = group_by(list(latest_in_area.values()), "area")
    for a in pkg.areas:
        items = []
        for x in by_area.get(a.code, []):
            ind = inds_by_id[x["indicator"]]
            items.append(dict(ind=ind, period=x["period"], value=x["value"], note=x["note"],
                              council_value=x["council_value"], direction=x["direction"],
                              against=_against(x["value"], x["council_value"], ind)))
        items.sort(key=lambda x: (x["ind"].title.casefold(), x["ind"].id))
        put(f"areas/{a.code}/index.md", "area.html", a.name, f"Performance figures for {a.name}.", area=a,
            rows=items)
    put("areas/index.md", "list.html", "Areas", heading="Areas",
        lede="Figures for each local area, against the whole council." if pkg.areas else "",
        entries=[(f"areas/{a.code}/", a.name, a.type) for a in sorted(pkg.areas, key=lambda a: a.name.casefold())],
        empty="This council does not publish figures by area.")

    # ---- providers
    type_words = {"in-house": "An in-house council service.", "commissioned": "A provider commissioned by the council.",
                  "partnership": "A partnership the council is part of.",
                  "community": "A community or voluntary sector organisation."}
    for prov in pkg.providers:
        inds = sorted((i for i in pkg.indicators if i.provider == prov.id), key=by_title)
        put(f"providers/{prov.id}/index.md", "provider.html", prov.name, f"How {prov.name} is doing.",
            provider=prov, items=[triple(i) for i in inds], exceptions=sum(statuses[i.id].exception for i in inds),
            type_words=type_words.get(prov.type, ""))
    put("providers/index.md", "list.html", "Providers", heading="Who delivers services",
        lede="The council delivers some services itself and commissions others. Each provider's page shows how the "
             "services it delivers are doing." if pkg.providers else "",
        entries=[(f"providers/{p.id}/", p.name, p.type) for p in sorted(pkg.providers, key=lambda p: p.name.casefold())],
        empty="This council does not record who delivers each service.")

    # ---- data, API, methodology
    files["api/indicators.json"] = api.dumps(api.indicators_json(pkg, statuses), indent=2)
    raw = dict(inputs.raw_files)
    for name, data in raw.items():
        files[f"data/{name.removeprefix('data/')}"] = data
    zipped = _zip(inputs.raw_files)
    files["data/datapackage.zip"] = zipped
    counts_of = {"priorities": len(pkg.priorities), "indicators": len(pkg.indicators), "areas": len(pkg.areas),
                 "providers": len(pkg.providers), "measurements": len(pkg.measurements),
                 "targets": len(pkg.targets), "commentary": len(pkg.commentary), "benchmarks": len(pkg.benchmarks)}
    resources = []
    for res in pkg.descriptor["resources"]:
        refs = _reference_text(res)
        fields = [dict(name=f["name"], type=f.get("type", "string"),
                       rules="; ".join(x for x in (_rules_text(f), refs.get(f["name"], "")) if x),
                       description=f.get("description", "")) for f in res.get("schema", {}).get("fields", [])]
        resources.append(dict(name=res["name"], title=res.get("title", res["name"]),
                              file=res["path"].removeprefix("data/"), description=res.get("description", ""),
                              rows=counts_of.get(res["name"], 0), fields=fields,
                              primary_key=", ".join(res.get("schema", {}).get("primaryKey", []))))
    publisher = next((c.get("title") for c in pkg.descriptor.get("contributors", []) if c.get("title")), pkg.title)
    put("data/index.md", "data.html", "Data", "Download every figure as open data.", resources=resources,
        zip_size=_size(len(zipped)),
        attribution=f"Contains public sector information licensed under the Open Government Licence v3.0. "
                    f"Source: {publisher}.")
    fy_start = date(2024, fy, 1)
    fy_end = P.parse_period("2024/25", fy).end
    put("methodology.md", "methodology.html", "How ratings work", "The rules behind every rating.",
        r=pkg.reporting, fy_month=_MONTHS[fy - 1], fy_example=f"{date_words(fy_start)} to {date_words(fy_end)}",
        rating=lambda s: rating_html(s, "maintain"))
    return files, new_memo


KEEP = None


def indicator_outputs(ind_id: str) -> tuple[str, str, str]:
    """The generated files of one indicator: its page, its CSV and its JSON."""
    return (f"indicators/{ind_id}/index.md", f"indicators/{ind_id}/{ind_id}.csv", f"api/indicators/{ind_id}.json")

_SOURCES = ("pages.py", "api.py", "fmt.py", "status.py", "periods.py")


@functools.lru_cache(maxsize=1)
def _code_version() -> str:
    """A hash of the code and templates that draw indicator pages: a change redraws them all."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for path in [here / name for name in _SOURCES] + sorted((here / "templates").glob("*.html")):
        h.update(path.read_bytes())
    return h.hexdigest()


def _page_key(*inputs) -> str:
    """Everything an indicator's page, CSV and JSON are made from, hashed."""
    return hashlib.sha256((_code_version() + repr(inputs)).encode("utf-8")).hexdigest()[:40]


def _against(value, council_value, ind: Indicator) -> str:
    """How an area compares with the whole council, in words (not a rating)."""
    if value is None or council_value is None or pd.isna(value) or pd.isna(council_value):
        return "No comparison"
    a, c = fmt.number(value, ind.decimals), fmt.number(council_value, ind.decimals)
    if a == c:
        return "Same as the council"
    above = value > council_value
    if ind.polarity == "none":
        return "Higher than the council" if above else "Lower than the council"
    better = above if ind.polarity == "higher" else not above
    return ("Better" if better else "Worse") + " than the council"


def _indicator_csv(rows: list[dict]) -> bytes:
    cols = ["indicator", "period", "area", "value", "note", "target", "status", "direction"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([fmt.plain(r[c]) if c in ("value", "target") else ("" if r[c] is None else r[c]) for c in cols])
    return api.download_csv(buf.getvalue())
