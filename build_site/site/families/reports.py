"""Family: the frozen reports (``reports/``, newest first; ``reports/<slug>/`` and its
``report.pdf``) and the feed of them (``feed.xml``), made from each report's record alone
(``reports.py``), with a mark beside any figure the data have revised since."""

from __future__ import annotations

import hashlib
from datetime import date

from build_site.core.catalogue import _
from build_site.core.model import Indicator
from build_site.inputs import periods as P
from build_site.inputs.translations import Untranslated
from build_site.outputs import charts as C
from build_site.outputs.feed import atom
from build_site.outputs.pages import chart_spec, date_words
from build_site.outputs.report_doc import Periods, by_priority, commissioned, document, promise_lines
from build_site.outputs.report_pdf import cached_pdf
from build_site.outputs.report_revisions import revisions_document
from build_site.rating.reports import (
    changes,
    counts,
    directions,
    exceptions,
    indicator_of,
    is_annual,
    local_gaps,
    previous_of,
    quarters_of,
    revisions,
    slug,
    title_of,
)
from build_site.rating.summaries import reasons_sentence
from build_site.site.families.base import Site

WRITES = ("reports", "feed.xml")  # where in docs/ (and so in the site) its files go
READS = ("reports", "covers", "indicators", "rows", "inputs.report_cache", "language", "languages", "logo")


def _chart(item: dict, ind: Indicator, fy: int) -> str:
    """An exception's chart as the PDF shows it (vector SVG), from the record's figures."""
    rows = []
    for period, value, target, low, high in item["figures"]:
        p = P.parse_period(period, fy)
        rows.append(dict(period=period, start=p.start, end=p.end, value=value, target=target, low=low, high=high))
    spec = chart_spec(ind, rows, [], fy)
    if spec is None:
        return ""
    with C.settings():
        return C.draw(spec, C.PRINT).decode("utf-8")


def _entry(item: dict, fy: int, revised: dict, charts: bool) -> dict:
    ind = indicator_of(item)
    nxt = P.parse_period(item["next_due"], fy).spoken_label() if item.get("next_due") else ""
    return dict(item=item, ind=ind, latest=item["latest"], revised=item["id"] in revised,
                now=revised.get(item["id"]),
                note=item.get("commentary") or dict.fromkeys(("commentary", "action", "action_owner")),
                reasons=reasons_sentence(item["exception_rules"], item["approach"], item["run"], nxt,
                                         item["latest"]["status"] if item["latest"] else None),
                chart=_chart(item, ind, fy) if charts else "")


def _context(record: dict, previous: dict | None, current: dict | None, charts: bool,
             within: tuple[dict, ...] = ()) -> dict:
    """What a report's page and PDF show (``within``: for a yearly report, the frozen reports of
    its quarters or months)."""
    fy = record["reporting"]["financial_year_start_month"]
    revised = revisions(record, current)
    by_id = {i["id"]: i for i in record["indicators"]}
    change = changes(record, previous)
    period = P.parse_period(record["period"], fy)
    return dict(
        record=record, period_words=period.long_label(), slug=slug(record["period"]),
        heading=title_of(record, period.long_label()), annual=is_annual(record),
        promises=record.get("promises", []),
        within=[(f"reports/{slug(r['period'])}/", title_of(r), r["as_of"]) for r in within],
        **(_year(record, fy) if is_annual(record) else {}),
        commissioned=[(p["name"], [_against_year(i, i["overdue"]) for i in items]) for p, items in commissioned(record)],
        frozen_words=date_words(date.fromisoformat(record["as_of"])),
        managed_counts=counts(record, "managed"), monitored_counts=counts(record, "monitored"),
        directions=directions(record), revised_count=len(revised),
        exceptions=[_entry(i, fy, revised, charts) for i in exceptions(record)],
        missed=[_entry(i, fy, revised, False) for i in record["indicators"] if i["recovery_missed"]],
        monitored=[_entry(i, fy, revised, False) for i in sorted(record["indicators"], key=lambda i: (
            i["title"].casefold(), i["id"])) if i["mode"] == "monitored"],
        change=change, titles={k: i["title"] for k, i in by_id.items()}, gaps=local_gaps(record),
        approaches={k: i["approach"] for k, i in by_id.items()})


def _year(record: dict, fy: int) -> dict:
    """A yearly report's page: each managed indicator's year against the year before, by
    priority, and the year's promises in words (kept, missed, not yet known)."""
    spoken = Periods(fy)
    groups = []
    for priority, items in by_priority(record):
        rows = [_against_year(i, False) for i in items if i["mode"] == "managed"]
        if rows:
            groups.append((priority["title"], rows))
    return dict(year_groups=groups, promise_lines=promise_lines(record.get("promises", []), spoken))


def _against_year(item: dict, overdue: bool) -> dict:
    """An indicator's row in a table of the year against the year before (the ``against_year``
    macro of report_body.html): the year's and the latest figures, and whether a return is late."""
    return dict(id=item["id"], title=item["title"], ind=indicator_of(item), before=item.get("year_before"),
                latest=item["latest"], overdue=overdue)


def _current(site: Site) -> dict:
    return {(x["indicator"], x["period"]): x["value"] for rows in site.rows.by_ind.values() for x in rows
            if x["area"] == ""}


_TEXTS = ("title", "owner", "commentary", "action", "action_owner", "council", "name")


def marked(value, lang: str):
    """A record's texts (as the council reported them, in the main language ``lang``) marked as
    such, for a page in another language: numbers, codes and periods as they are."""
    if isinstance(value, dict):
        return {k: (Untranslated(v, lang) if k in _TEXTS and isinstance(v, str) and v else marked(v, lang))
                for k, v in value.items()}
    if isinstance(value, list):
        return [marked(v, lang) for v in value]
    return value


def render(site: Site) -> dict[str, bytes]:
    main = site.pkg.languages[0]
    records = site.pkg.reports if site.pkg.language == main else tuple(marked(r, main) for r in site.pkg.reports)
    files: dict[str, bytes] = {}
    current = _current(site) if records else {}
    cache = site.inputs.report_cache
    live = {i.id for i in site.pkg.indicators}  # (a report's indicator links to its page while it has one)
    for k, record in enumerate(records):
        previous = previous_of(records, k)
        within = quarters_of(records, k)
        path = f"reports/{slug(record['period'])}/index.md"
        title = title_of(record)
        files[path] = site.page(path, "report.html", title, _("What the council reported for {period}.",
                                                                  period=record["period"]),
                                live=live, **_context(record, previous, current, False, within))
        files[f"reports/{slug(record['period'])}/report.pdf"] = _pdf(site, record, previous, cache, within)
        files[f"reports/{slug(record['period'])}/revisions.pdf"] = _revisions_pdf(site, record, current, cache)
    newest = list(reversed(records))
    files["reports/index.md"] = site.page(
        "reports/index.md", "list.html", _("Reports"), heading=_("Reports"),
        lede=_("What the council reported for each period, as it was reported: each report is frozen when it is "
               "published, and later changes to the data never change it."),
        entries=[(f"reports/{slug(r['period'])}/", title_of(r),
                  _("figures as at {date}", date=date_words(date.fromisoformat(r["as_of"])))) for r in newest],
        empty=_("No report has been published yet."))
    files["feed.xml"] = atom(site.pkg.title, newest)
    return files


def _pdf(site: Site, record: dict, previous: dict | None, cache, within: tuple[dict, ...] = ()) -> bytes:
    """A report's PDF, the paper as circulated (contract 1.2): made from its record (and the report
    before's, and for a year the reports of its quarters frozen by then) alone, so a figure revised
    since never changes it; from the cache when nothing it is made from has changed."""
    logo = site.pkg.logo
    cover = site.pkg.covers.get(record["period"])
    main = site.pkg.languages[0]
    then = tuple(r for r in within if r["as_of"] <= record["as_of"])
    make = lambda: print_doc(site.env, record, previous, None, logo, cover, main, then)  # noqa: E731
    inputs = {"record": record, "previous": previous, "language": site.env.build_site_language,  # type: ignore[attr-defined]
              "logo": _logo_key(logo), "cover": cover, "within": [[r["period"], r["as_of"]] for r in then]}
    return cached_pdf(inputs, make, cache)


def _revisions_pdf(site: Site, record: dict, current: dict, cache) -> bytes:
    """``revisions.pdf``: each figure of the report revised since, as reported and now."""
    logo = site.pkg.logo
    revised = revisions(record, current)
    lang = site.env.build_site_language.split("-")[0]  # type: ignore[attr-defined]
    make = lambda: revisions_document(record, revised, lang, _logo_doc(logo))  # noqa: E731
    inputs = {"revisions of": record, "revised": revised, "language": site.env.build_site_language,  # type: ignore[attr-defined]
              "logo": _logo_key(logo)}
    return cached_pdf(inputs, make, cache)


def _logo_key(logo) -> list | None:
    return None if logo is None else [hashlib.sha256(logo.data).hexdigest(), logo.format, logo.alt]


def _logo_doc(logo) -> dict | None:
    return None if logo is None else {"data": list(logo.data), "format": logo.format, "alt": logo.alt}


def print_html(env, record: dict, previous: dict | None, current: dict | None) -> str:
    """The report as one HTML document, for a draft read in a browser (its charts are in the PDF)."""
    return env.get_template("report_print.html").render(
        root="", lang=env.build_site_language.split("-")[0], fictional=False, live=(),
        **_context(record, previous, current, False))


def print_doc(env, record: dict, previous: dict | None, current: dict | None, logo=None, cover: dict | None = None,
              main: str = "en", within: tuple[dict, ...] = ()) -> dict:
    """The report as a document for its PDF (``report_doc``): what the PDF is made from."""
    with C.settings():  # (once for all the charts: inside, each chart's own settings() is free)
        ctx = _context(record, previous, current, True, within)
    return document(ctx, env.build_site_language.split("-")[0], _logo_doc(logo), cover, main)
