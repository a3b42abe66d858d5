"""A frozen report as a document for its PDF: the same sections, in the same order and
with the same words, as its page (``templates/report_body.html``), made into plain values
(headings, paragraphs, lists, tables and exceptions) for ``templates/report.typ`` to lay
out. Every word a reader sees is decided here, from the catalogue; the layout has none.

Pure: a report's context (``families/reports._context``) in, a JSON-ready dict out.
"""

from __future__ import annotations

from datetime import date

from build_site.core.catalogue import _, _n
from build_site.core.vocabulary import (
    date_words,
    direction_word,
    goal_word,
    join_words,
    rating_phrase,
    rating_word,
    risk_word,
)
from build_site.inputs import periods as P
from build_site.outputs.pages import value_or_blank
from build_site.rating.reports import indicator_of, title_of

DIRECTIONS = ("improving", "worsening", "no-change", "up", "down", "none")


def _rating(status: str, approach: str) -> dict:
    """A rating cell: the layout draws its colour and shape beside the word (never colour alone)."""
    return {"rating": status, "word": rating_word(status, approach)}


def _direction(code: str | None) -> dict:
    return {"direction": code or "none", "word": direction_word(code)}


def table_block(caption: str, header: list, rows: list[list], numeric: list[bool]) -> dict:
    return {"table": {"caption": caption, "header": header, "rows": rows, "numeric": numeric}}


def _status(e: dict) -> str:
    return e["latest"]["status"] if e["latest"] else "no-data"


def _value(e: dict) -> tuple[str, str]:
    """An entry's latest value, and the mark of its revision since (or "")."""
    latest = e["latest"]
    shown = "" if not latest else (value_or_blank(latest["value"], e["ind"]) if latest["value"] is not None
                                   else _("No value"))
    mark = _("(revised since: now {value})", value=value_or_blank(e["now"], e["ind"]) or _("blank")) \
        if e["revised"] else ""
    return shown, mark


def _summary(ctx: dict) -> dict:
    managed, monitored = ctx["managed_counts"], ctx["monitored_counts"]
    words = [_n("{n} indicator is under active management and {monitored} monitored.",
                "{n} indicators are under active management and {monitored} monitored.", sum(managed.values()),
                monitored=sum(monitored.values())),
             _n("{n} is an exception.", "{n} are exceptions.", len(ctx["exceptions"]))]
    if ctx["revised_count"]:
        words.append(_n("{n} figure has been revised since the report was frozen; it is marked.",
                        "{n} figures have been revised since the report was frozen; each is marked.",
                        ctx["revised_count"]))
    ratings = table_block(_("Ratings at the latest figures"),
                     [_("Rating"), _("Under active management"), _("Monitored")],
                     [[_rating(s, "maintain"), str(managed[s]), str(monitored[s])] for s in managed],
                     [False, True, True])
    dirs = ctx["directions"]
    travel = table_block(_("Direction of travel since the figure before"), [_("Direction"), _("Indicators")],
                    [[_direction(None if d == "none" else d), str(dirs[d])] for d in DIRECTIONS if dirs.get(d)],
                    [False, True])
    blocks = [{"p": " ".join(words)}, ratings, travel]
    if dirs.get("up") or dirs.get("down"):
        blocks.append({"p": _no_polarity()})
    return {"heading": _("Summary"), "blocks": blocks}


def _no_polarity() -> str:
    return _("Improving and worsening are for indicators where a higher or a lower figure is better; up and down "
             "are for those where neither is, such as demand for a service.")


def _exception(e: dict, spoken) -> dict:
    ind, item, latest, note = e["ind"], e["item"], e["latest"], e["note"]
    value, mark = _value(e)
    if item["recovery_period"]:
        promise = P.parse_period(item["recovery_period"], spoken.fy).long_label()
        if item["recovery_missed"]:
            promise = _("{period}: not met", period=promise)
    else:
        promise = _("Not stated")
    facts = [
        [_("Latest figure"), _("{value}, for {period}", value=value, period=spoken(latest["period"])) if latest
         else "", mark],
        [goal_word(ind.approach, True), value_or_blank(latest["target"], ind) if latest and latest["target"]
         is not None else _("None"), ""],
        [_("Direction"), direction_word(latest["direction"] if latest else None), ""],
        [_("Owner"), ind.owner or _("Not recorded"), ""],
        [_("Risk"), risk_word(ind.risk), ""],
        [_("Recovery promise"), promise, ""],
        [_("Commentary"), note["commentary"] or _("Commentary missing."), ""],
        [_("Action"), note["action"] or _("None recorded"), ""],
        [_("Action owner"), note["action_owner"] or _("Not recorded"), ""],
    ]
    alt = _("Chart of {title}: the figures up to {period}, and the {goal}.", title=ind.title,
            period=spoken.label(latest["period"]) if latest else "", goal=goal_word(ind.approach))
    return {"exception": {"title": ind.title, "priority": ind.priority, "rating": _rating(_status(e), ind.approach),
                          "reasons": e["reasons"], "facts": facts, "chart": e["chart"] or None, "alt": alt}}


def _promises(ctx: dict, spoken) -> dict:
    missed = [_("{title}: promised back on target by {period}, but {rating} at {latest}.", title=e["ind"].title,
                period=P.parse_period(e["item"]["recovery_period"], spoken.fy).long_label(),
                rating=rating_phrase(_status(e), e["ind"].approach),
                latest=spoken.label(e["latest"]["period"]) if e["latest"] else "") for e in ctx["missed"]]
    block = {"list": missed} if missed else {"p": _("No promise to be back on target had come due and been missed.")}
    return {"heading": _("Promises missed"), "blocks": [block]}


def _gaps(ctx: dict, spoken) -> dict:
    said = [_("{title}: {rating} for the council as a whole in {period}; off target in {areas}.", title=i["title"],
              rating=rating_phrase(i["latest"]["status"], i["approach"]), period=spoken(i["latest"]["period"]),
              areas=join_words(names)) for i, names in ctx["gaps"]]
    return {"heading": _("Local gaps"), "blocks": [{"list": said} if said else {"p": _("No indicator had a local gap.")}]}


def _changes(ctx: dict, spoken) -> dict:
    change, titles = ctx["change"], ctx["titles"]
    if change.previous is None:
        return {"heading": _("What changed"),
                "blocks": [{"p": _("This is the first frozen report, so there is nothing to compare it with.")}]}
    named = lambda words, keys: words + (": " + "; ".join(titles[k] for k in keys) if keys else "")  # noqa: E731
    blocks = [{"p": _("Since the report for {period}:",
                      period=P.parse_period(change.previous, spoken.fy).long_label())},
              {"list": [named(_n("{n} new exception", "{n} new exceptions", len(change.new)), change.new),
                        named(_n("{n} exception resolved", "{n} exceptions resolved", len(change.resolved)),
                              change.resolved),
                        _n("{n} rating moved", "{n} ratings moved", len(change.moved))]}]
    if change.moved:
        approaches = ctx["approaches"]
        blocks.append(table_block(_("Ratings that moved since {period}", period=spoken.label(change.previous)),
                             [_("Indicator"), _("Before"), _("Now")],
                             [[titles[k], _rating(before or "no-data", approaches[k]),
                               _rating(now or "no-data", approaches[k])]
                              for k, before, now in change.moved], [False, False, False]))
    return {"heading": _("What changed"), "blocks": blocks}


def _figure(pair: list | None, ind, spoken) -> list[str]:
    """A scorecard's figure: [value, its period] ("" for none)."""
    if not pair:
        return ["", ""]
    value = value_or_blank(pair[1], ind) if pair[1] is not None else _("No value")
    return [value, spoken.label(pair[0])]


def _standing(item: dict, ind) -> list:
    """A row's last three cells: the latest figure's target, rating and direction."""
    latest = item["latest"]
    target = value_or_blank(latest["target"], ind) if latest and latest["target"] is not None else ""
    return [target, _rating(latest["status"] if latest else "no-data", ind.approach),
            _direction(latest["direction"] if latest else None)]


def _row(item: dict, spoken) -> list:
    """An indicator as a scorecard's row: the same period a year before, the latest three figures
    (oldest first), the target, the rating and the direction."""
    ind, latest = indicator_of(item), item["latest"]
    recent = item.get("recent") or ([[latest["period"], latest["value"]]] if latest else [])
    figures = [_figure(item.get("year_before"), ind, spoken)] + \
        [_figure(p, ind, spoken) for p in [None] * (3 - len(recent)) + recent]
    return [item["title"], *figures, *_standing(item, ind)]


SCORE_NUMERIC = [False, True, True, True, True, True, False, False]


def _score_header() -> list[str]:
    return [_("Indicator"), _("A year before"), _("Two before"), _("One before"), _("Latest"), _("Target"),
            _("Rating"), _("Direction")]


def by_priority(record: dict) -> list[tuple[dict, list[dict]]]:
    """The record's priorities in order, each with its indicators by title."""
    ordered = sorted(record["indicators"], key=lambda i: (i["title"].casefold(), i["id"]))
    listed = list(record.get("priorities", []))
    known = {p["id"] for p in listed}
    for i in record["indicators"]:  # (a record frozen before it listed its priorities names them by id)
        if i["priority"] not in known:
            known.add(i["priority"])
            listed.append({"id": i["priority"], "title": i["priority"]})
    return [(p, [i for i in ordered if i["priority"] == p["id"]]) for p in listed]


def _by_priority_sections(ctx: dict, exceptions: list[dict], caption, header: list[str], row,
                          numeric: list[bool]) -> list[dict]:
    """A section for each priority: a table of its managed indicators (``caption`` of the
    priority's title, each indicator a ``row``), then its exceptions with commentary, action,
    owner and promise."""
    sections = []
    for priority, items in by_priority(ctx["record"]):
        managed = [i for i in items if i["mode"] == "managed"]
        mine = [x for x in exceptions if x["exception"]["priority"] == priority["id"]]
        if not managed and not mine:
            continue
        blocks = [table_block(caption(priority["title"]), header, [row(i) for i in managed], numeric)] if managed else []
        blocks += mine or [{"p": _("No indicator of this priority was an exception.")}]
        sections.append({"heading": priority["title"], "blocks": blocks})
    return sections


def commissioned(record: dict) -> list[tuple[dict, list[dict]]]:
    """The record's providers that are not the council's own teams (1.2: none in a record frozen
    before), each with its indicators by title."""
    ordered = sorted(record["indicators"], key=lambda i: (i["title"].casefold(), i["id"]))
    return [(p, mine) for p in sorted(record.get("providers", []), key=lambda p: p["name"].casefold())
            if p.get("type") != "in-house" and (mine := [i for i in ordered if i.get("provider") == p["id"]])]


def _commissioned(ctx: dict, spoken) -> list[dict]:
    """Commissioned services held to account: each provider's indicators as a scorecard, in the
    priorities' row form, with its overdue figures."""
    blocks: list[dict] = []
    for provider, items in commissioned(ctx["record"]):
        blocks.append(table_block(_("Scorecard: {provider}", provider=provider["name"]), _score_header(),
                             [_row(i, spoken) for i in items], SCORE_NUMERIC))
        late = [i["title"] for i in items if i["overdue"]]
        blocks.append({"p": _n("Overdue: {n} figure ({titles}).", "Overdue: {n} figures ({titles}).", len(late),
                               titles=join_words(late)) if late else _("No figure was overdue.")})
    return [{"heading": _("Commissioned services"), "blocks": blocks}] if blocks else []


def _scorecards(ctx: dict, spoken, exceptions: list[dict]) -> list[dict]:
    """A quarter's (or month's) scorecard for each priority: every managed indicator as one row."""
    return _by_priority_sections(ctx, exceptions, lambda t: _("Scorecard: {priority}", priority=t),
                                 _score_header(), lambda i: _row(i, spoken), SCORE_NUMERIC)


def _year_row(item: dict, spoken) -> list:
    """An indicator in a yearly report: its last figure in the year against the same period a year
    earlier, the target, the rating and the direction."""
    ind, latest = indicator_of(item), item["latest"]
    return [item["title"], _figure(item.get("year_before"), ind, spoken),
            _figure([latest["period"], latest["value"]] if latest else None, ind, spoken), *_standing(item, ind)]


YEAR_NUMERIC = [False, True, True, True, False, False]


def _years(ctx: dict, spoken, exceptions: list[dict]) -> list[dict]:
    """A yearly report's section for each priority: each managed indicator's year against the year
    before, then the priority's exceptions at the year's end."""
    header = [_("Indicator"), _("A year before"), _("This year"), _("Target"), _("Rating"), _("Direction")]
    return _by_priority_sections(ctx, exceptions,
                                 lambda t: _("The year against the year before: {priority}", priority=t),
                                 header, lambda i: _year_row(i, spoken), YEAR_NUMERIC)


def promise_words(p: dict, spoken) -> str:
    """A promise of the year, kept, missed or not yet known, in a sentence."""
    promised = spoken.long(p["promised"])
    if p["kept"] is None:
        return _("{title}: promised back on target by {period}; no figure yet to judge it by.", title=p["title"],
                 period=promised)
    if p["kept"]:
        return _("{title}: promised back on target by {period}, and on target at {judged}.", title=p["title"],
                 period=promised, judged=spoken.label(p["judged"]))
    return _("{title}: promised back on target by {period}, but not on target at {judged}.", title=p["title"],
             period=promised, judged=spoken.label(p["judged"]))


def promise_lines(promises: list[dict], spoken) -> dict[str, list[str]]:
    """A year's promises in sentences, as kept, missed and not yet known ("waiting")."""
    return {"kept": [promise_words(p, spoken) for p in promises if p["kept"]],
            "missed": [promise_words(p, spoken) for p in promises if p["kept"] is False],
            "waiting": [promise_words(p, spoken) for p in promises if p["kept"] is None]}


def _year_promises(ctx: dict, spoken) -> dict:
    lines = promise_lines(ctx["promises"], spoken)
    blocks: list[dict] = [{"p": _n("{n} promise to be back on target fell due in the year.",
                                   "{n} promises to be back on target fell due in the year.", len(ctx["promises"]))
                           if ctx["promises"] else _("No promise to be back on target fell due in the year.")}]
    for words, said in ((_("Kept"), lines["kept"]), (_("Missed"), lines["missed"]),
                        (_("Not yet known"), lines["waiting"])):
        if said:
            blocks += [{"p": words}, {"list": said}]
    return {"heading": _("Promises in the year"), "blocks": blocks}


def _quarterlies(ctx: dict) -> dict:
    said = [_("{title} (figures as at {date})", title=title, date=date_words(date.fromisoformat(as_of)))
            for _path, title, as_of in ctx["within"]]
    return {"heading": _("The year's reports"),
            "blocks": [{"list": said} if said else {"p": _("No report of a period within the year was frozen.")}]}


def _appendix(ctx: dict, spoken) -> dict:
    """The monitored indicators, by priority, in the scorecards' row form."""
    blocks = []
    for priority, items in by_priority(ctx["record"]):
        monitored = [i for i in items if i["mode"] == "monitored"]
        if monitored:
            blocks.append(table_block(_("Monitored: {priority}", priority=priority["title"]), _score_header(),
                                 [_row(i, spoken) for i in monitored], SCORE_NUMERIC))
    return {"heading": _("Appendix: monitored indicators"),
            "blocks": blocks or [{"p": _("No indicator is only monitored.")}]}


class Periods:
    """The report's periods in words, for its financial year."""

    def __init__(self, fy: int) -> None:
        self.fy = fy

    def __call__(self, text: str) -> str:
        return P.parse_period(text, self.fy).spoken_label()

    def label(self, text: str) -> str:
        return P.parse_period(text, self.fy).label() if text else ""

    def long(self, text: str) -> str:
        return P.parse_period(text, self.fy).long_label()


def _yes_no(flag: bool) -> str:
    return _("Yes") if flag else _("No")


def front_sheet(record: dict, period_words: str, cover: dict | None, main: str) -> dict:
    """The PDF's first page: the committee's details from the report's cover file (contract 1.2),
    each left out when the file does not give it (never "None"), then its purpose and
    recommendations; without a cover file, what the record itself says."""
    cover = cover or {}
    as_of = date.fromisoformat(record["as_of"])
    facts = [[_("Local authority"), record["council"]]]
    if cover.get("committee"):
        facts.append([_("Committee"), cover["committee"]])
    if cover.get("meeting_date"):
        facts.append([_("Date of meeting"), date_words(date.fromisoformat(cover["meeting_date"]))])
    facts += [[_("Report"), title_of(record, period_words)],
              [_("Figures as at"), date_words(as_of)]]
    for key, label in (("author", _("Report author")), ("lead_member", _("Lead member"))):
        if cover.get(key):
            facts.append([label, cover[key]])
    if "key_decision" in cover:
        facts.append([_("Key decision"), _yes_no(cover["key_decision"])])
    if "exempt" in cover:
        facts.append([_("Exempt from publication"), _yes_no(cover["exempt"])])
    return {"facts": facts, "body": cover.get("body", []), "lang": main.split("-")[0]}  # (Typst: "en", not "en-XA")


def document(ctx: dict, lang: str, logo: dict | None, cover: dict | None = None, main: str = "en") -> dict:
    """The report's PDF as plain values: what ``templates/report.typ`` lays out (``cover``: the
    report's cover file, in the main language ``main``)."""
    record = ctx["record"]
    spoken = Periods(record["reporting"]["financial_year_start_month"])
    as_of = date.fromisoformat(record["as_of"])
    exceptions = [_exception(e, spoken) for e in ctx["exceptions"]]
    return {
        "lang": lang, "council": record["council"], "date": [as_of.year, as_of.month, as_of.day],
        "title": _("{council}: {report}", council=record["council"], report=ctx["heading"]),
        "description": _("What the council reported for {period}.", period=record["period"]),
        "heading": ctx["heading"],
        "lede": record["council"] + ". " + _("Figures as at {date}.", date=date_words(as_of)),
        "contents": _("Contents"), "logo": logo, "cover": front_sheet(record, ctx["period_words"], cover, main),
        "sections": [_summary(ctx), *_years(ctx, spoken, exceptions), _year_promises(ctx, spoken), _quarterlies(ctx),
                     _gaps(ctx, spoken), _changes(ctx, spoken), _appendix(ctx, spoken)] if ctx["annual"] else
                    [_summary(ctx), *_scorecards(ctx, spoken, exceptions), *_commissioned(ctx, spoken),
                     _promises(ctx, spoken),
                     _gaps(ctx, spoken), _changes(ctx, spoken), _appendix(ctx, spoken)],
    }
