"""The JSON API (``api/indicators.json`` and ``api/indicators/<id>.json``) and the
exception report, as plain data. Key order is fixed; lists are sorted."""

from __future__ import annotations

import csv
import io
import json
import math
from datetime import date

from build_site.core.catalogue import _, _n
from build_site.core.model import Indicator, Package
from build_site.core.vocabulary import direction_word, rating_word
from build_site.rating import fmt
from build_site.rating.rules import rule_word
from build_site.rating.status import IndicatorStatus, Statuses

RISK_ORDER = {"high": 0, "medium": 1, "low": 2}


def _num(v):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(v)


def _str(v):
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or v == "" else str(v)


def indicator_url(indicator_id: str) -> str:
    return f"indicators/{indicator_id}/"


def summary_item(ind: Indicator, st: IndicatorStatus, summary: str) -> dict:
    latest = None
    if st.latest is not None:
        latest = {"period": st.latest.period, "value": _num(st.latest.value), "target": _num(st.latest.target),
                  "status": st.latest.status, "direction": st.latest.direction}
    return {
        "id": ind.id,
        "title": ind.title,
        "priority": ind.priority,
        "mode": ind.mode,
        "approach": ind.approach,
        "polarity": ind.polarity,
        "unit": ind.unit,
        "unit_label": ind.unit_label or None,
        "decimals": ind.decimals,
        "frequency": ind.frequency,
        "risk": ind.risk,
        "owner": ind.owner or None,
        "provider": ind.provider or None,
        "url": indicator_url(ind.id),
        "overdue": st.overdue,
        "next_due": {"period": st.next_due_period,
                     "date": st.next_due_date.isoformat() if st.next_due_date else None},
        "exception": st.exception,
        "exception_rules": list(st.exception_rules),
        "commentary_missing": st.commentary_missing,
        "recovery_missed": st.recovery_missed,
        "recovery_period": st.recovery_period,
        "local_gaps": list(st.local_gaps),
        "latest": latest,
        "year_ago": {"period": st.year_ago_period, "value": _num(st.year_ago_value),
                     "direction": st.direction_year} if st.year_ago_period else None,
        "summary": summary,
    }


def indicators_json(pkg: Package, statuses: Statuses, summaries: dict[str, str]) -> dict:
    """``summaries``: each indicator's summary in words (summaries.indicator_summary)."""
    items = [summary_item(ind, statuses[ind.id], summaries[ind.id])
             for ind in sorted(pkg.indicators, key=lambda i: i.id)]
    return {"as_of": statuses.as_of.isoformat(), "indicators": items}


def _pick(recs: list[dict], columns: dict[str, str], numeric=()) -> list[dict]:
    return [{dst: (_num(r[src]) if src in numeric else _str(r[src])) for src, dst in columns.items()} for r in recs]


def indicator_json(as_of: date, ind: Indicator, status: IndicatorStatus, rows: list[dict], targets: list[dict],
                   benchmarks: list[dict], commentary: list[dict], summary: str) -> dict:
    """One indicator: metadata, status, every measurement with its target and rating (rows in period order)."""
    meta = {k: (v if v != "" else None) for k, v in ind.__dict__.items()}
    return {
        "as_of": as_of.isoformat(),
        "indicator": meta,
        "status": summary_item(ind, status, summary),
        "measurements": _pick(rows, {"period": "period", "area": "area", "value": "value", "note": "note",
                                     "target": "target", "status": "status", "direction": "direction"},
                              numeric=("value", "target")),
        "targets": _pick(targets, {"period": "period", "target": "target"}, numeric=("target",)),
        "benchmarks": _pick(benchmarks, {"period": "period", "group": "group", "value": "value"},
                            numeric=("value",)),
        "commentary": _pick(commentary, {"period": "period", "commentary": "commentary", "action": "action",
                                         "action_owner": "action_owner", "recovery_period": "recovery_period"}),
    }


def dumps(data, indent: int | None = None) -> bytes:
    """JSON as published: compact by default (C-speed), indented for the index people open."""
    if indent is None:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    else:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False, indent=indent)
    return (text + "\n").encode("utf-8")


# --------------------------------------------------------------------------- the exception report

REPORT_COLUMNS = ["id", "title", "priority", "owner", "risk", "period", "value", "target", "rating", "direction",
                  "rules", "commentary", "action", "action_owner", "recovery_period", "commentary_missing"]


def exception_order(pkg: Package, statuses: Statuses) -> list[Indicator]:
    """Exceptions, most serious first: risk, then how many rules fired, then priority order, then id."""
    prio = {p.id: k for k, p in enumerate(pkg.priorities_in_order())}
    found = [i for i in pkg.indicators if statuses[i.id].exception]
    return sorted(found, key=lambda i: exception_key(i.risk, statuses[i.id].exception_rules, prio.get(i.priority, 0),
                                                     i.id))


def exception_key(risk: str, rules, priority_rank: int, ind_id: str) -> tuple:
    """How exceptions are ordered, most serious first, wherever they are listed (the live
    report and the frozen ones): risk, then how many rules fired, then priority order, then id."""
    return RISK_ORDER[risk], -len(rules), priority_rank, ind_id


def exception_rows(pkg: Package, statuses: Statuses) -> list[dict]:
    notes = {(r.indicator, r.period): r for r in pkg.commentary.itertuples(index=False)}
    rows = []
    for ind in exception_order(pkg, statuses):
        st = statuses[ind.id]
        latest = st.latest
        if latest is None:  # (no rule fires without a latest figure)
            continue
        note = notes.get((ind.id, latest.period))
        rows.append({
            "id": ind.id, "title": ind.title, "priority": ind.priority, "owner": ind.owner, "risk": ind.risk,
            "period": latest.period, "value": fmt.plain(latest.value), "target": fmt.plain(latest.target),
            "rating": rating_word(latest.status, ind.approach), "direction": direction_word(latest.direction),
            "rules": "; ".join(rule_word(r, ind.approach) for r in st.exception_rules),
            "commentary": note.commentary if note else "", "action": note.action if note else "",
            "action_owner": note.action_owner if note else "",
            "recovery_period": note.recovery_period if note else "",
            "commentary_missing": "yes" if st.commentary_missing else "no",
        })
    return rows


def csv_text(header: list[str], rows) -> str:
    """Rows (sequences, in ``header``'s order; None written blank) as CSV text: the one way the
    build writes a CSV, for a download (``download_csv``) or the command's output."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def report_csv(rows: list[dict]) -> str:
    return csv_text(REPORT_COLUMNS, ([r.get(c, "") for c in REPORT_COLUMNS] for r in rows))


def download_csv(text: str) -> bytes:
    """A CSV file the build writes for readers: UTF-8 with a byte-order mark, so that Excel
    shows £ and curly quotes as they are. (The data package's own CSVs are published byte
    for byte as committed.)"""
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def _md_cell(text: str) -> str:
    """Plain text safe inside a Markdown table cell: markup shows as written."""
    text = str(text).replace("\\", "\\\\")
    for ch in "`*_[]#|{}!":
        text = text.replace(ch, "\\" + ch)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "").replace("\n", "<br>")


def report_markdown(rows: list[dict], as_of: str) -> str:
    cols = ["title", "period", "value", "target", "rating", "direction", "rules", "commentary", "action",
            "action_owner", "recovery_period"]
    heads = [_("Indicator"), _("Period"), _("Value"), _("Target"), _("Rating"), _("Direction"),
             _("Why it is an exception"), _("Commentary"), _("Action"), _("Action owner"), _("Back on target by")]
    lines = [_n("Exception report as of {date}: {n} indicator.", "Exception report as of {date}: {n} indicators.",
                len(rows), date=as_of), "",
             "| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for r in rows:
        cells = [_md_cell(r[c]) for c in cols]
        if r["commentary_missing"] == "yes":
            cells[7] = "**" + _("Commentary missing") + "**"
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def text_table(heads: list[str], data: list[list[str]]) -> list[str]:
    """Rows as a plain-text table for the terminal: a header, a rule, each column as wide as
    its widest cell (a line break in a cell written as a space)."""
    data = [[c.replace("\n", " ") for c in d] for d in data]
    widths = [max(len(h), *(len(d[k]) for d in data)) if data else len(h) for k, h in enumerate(heads)]
    out = ["  ".join(h.ljust(w) for h, w in zip(heads, widths)).rstrip(), "  ".join("-" * w for w in widths)]
    return out + ["  ".join(c.ljust(w) for c, w in zip(d, widths)).rstrip() for d in data]


def report_table(rows: list[dict], as_of: str) -> str:
    if not rows:
        return _("No exceptions as of {date}.", date=as_of)
    cols = ["id", "period", "value", "target", "rating", "direction", "rules", "commentary_missing"]
    heads = [_("indicator"), _("period"), _("value"), _("target"), _("rating"), _("direction"), _("rules"),
             _("commentary missing")]
    out = text_table(heads, [[str(r[c]) for c in cols] for r in rows])
    out.append(_n("{n} exception as of {date}.", "{n} exceptions as of {date}.", len(rows), date=as_of))
    return "\n".join(out)
