"""A frozen report's cover file (contract 1.2), ``reports/<slug>.cover.md``: the front sheet of
its committee paper. Front matter (between two ``---`` lines) with ``committee``,
``meeting_date`` (YYYY-MM-DD), ``author``, ``lead_member``, ``key_decision`` and ``exempt``
(true or false), then a body of plain paragraphs, lists (``- item`` or ``1. item``) and
headings (``## Recommendations``). A field left blank is left out of the front sheet.

``read`` gives the cover as plain JSON-ready values, or the problems with it, each naming the
file, its line and the field; it never runs or keeps markup: raw HTML is refused, and any
other text is shown as written. The same text rules as the data apply (contract 1.1 and 1.2:
no formula, no control character, no text longer than a spreadsheet cell).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml

from build_site.core.catalogue import _
from build_site.core.problems import Problem
from build_site.inputs.refusals import FORMULA, text_problem

TEXTS = ("committee", "author", "lead_member")
FLAGS = ("key_decision", "exempt")
FIELDS = ("committee", "meeting_date", "author", "lead_member", "key_decision", "exempt")
MOST_BYTES = 64 * 1024  # (a front sheet is a page; anything much longer is not one)
_HTML = re.compile(r"<\s*[/!?A-Za-z]")
_ITEM = re.compile(r"^(?:[-*]|\d{1,3}[.)])\s+")


def _problem(file: str, line: int | None, name: str | None, message: str, fix: str) -> Problem:
    return Problem(file, line, name, message, fix, "cover")


def _split(text: str) -> tuple[str, str, int] | None:
    """(front matter, body, the body's first line number), or None with no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for k in range(1, len(lines)):
        if lines[k].strip() == "---":
            return "\n".join(lines[1:k]), "\n".join(lines[k + 1:]), k + 2
    return None


def _text_problems(file: str, line: int | None, name: str, text: str) -> list[Problem]:
    found = text_problem(text)
    if found is not None:
        return [Problem(file, line, name, *found)]
    if FORMULA.match(text):
        return [_problem(file, line, name, _('"{text}" begins as a spreadsheet formula does', text=text[:40]),
                         _('start the text with a word or a number; for a dash, write "- " with a space after it'))]
    if _HTML.search(text):
        return [_problem(file, line, name, _("the text holds HTML markup, which a cover file may not"),
                         _("write plain text: a paragraph, a list item (- item) or a heading (## Purpose)"))]
    return []


def _front(file: str, data: dict) -> tuple[dict, list[Problem]]:
    cover: dict = {}
    problems = []
    for key, value in data.items():
        if key not in FIELDS:
            problems.append(_problem(file, None, str(key), _("{field} is not a field of a cover file",
                                                             field=str(key)),
                                     _("use only {fields}", fields=", ".join(FIELDS))))
        elif value is None or value == "":
            continue
        elif key == "meeting_date":
            try:
                cover[key] = (date(value.year, value.month, value.day) if isinstance(value, date)
                              else date.fromisoformat(str(value))).isoformat()
            except ValueError:
                problems.append(_problem(file, None, key, _("{value} is not a date", value=str(value)[:40]),
                                         _("write the meeting's date as YYYY-MM-DD, such as 2027-01-21")))
        elif key in FLAGS:
            if isinstance(value, bool):
                cover[key] = value
            else:
                problems.append(_problem(file, None, key, _("{field} is neither true nor false", field=key),
                                         _("write {field}: true or {field}: false", field=key)))
        elif not isinstance(value, str):
            problems.append(_problem(file, None, key, _("{field} is not a text", field=key),
                                     _('write it as a text, in quotes if it holds a colon: {field}: "…"', field=key)))
        else:
            problems += _text_problems(file, None, key, value.strip())
            cover[key] = value.strip()
    return cover, problems


def _body(file: str, body: str, first: int) -> tuple[list[dict], list[Problem]]:
    """The body's blocks: {"heading": …}, {"p": …} or {"list": [...]}, in order."""
    blocks: list[dict] = []
    problems: list[Problem] = []
    para: list[str] = []

    def close() -> None:
        if para:
            blocks.append({"p": " ".join(para)})
            para.clear()

    for k, raw in enumerate(body.split("\n")):
        line = raw.strip()
        found = _text_problems(file, first + k, "body", _ITEM.sub("", line))  # (a list item's text, without its mark)
        if found:
            problems += found
            continue
        if not line:
            close()
        elif line.startswith("#"):
            close()
            blocks.append({"heading": line.lstrip("#").strip()})
        elif _ITEM.match(line):
            close()
            if not blocks or "list" not in blocks[-1]:
                blocks.append({"list": []})
            blocks[-1]["list"].append(_ITEM.sub("", line))
        elif blocks and "list" in blocks[-1] and not para and raw[:1].isspace():
            blocks[-1]["list"][-1] += " " + line  # (an item's next line, indented)
        else:
            para.append(line)
    close()
    return blocks, problems


def read(path: Path, file: str) -> tuple[dict | None, list[Problem]]:
    """The cover in ``path`` (``file``: its name in messages), or None when there is none."""
    if not path.is_file():
        return None, []
    data = path.read_bytes()
    if len(data) > MOST_BYTES:
        return None, [_problem(file, None, None, _("the cover file is {size} KB; a front sheet is a page",
                                                   size=len(data) // 1024),
                               _("keep it to the committee's details, the purpose and the recommendations"))]
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return None, [_problem(file, None, None, _("the cover file is not UTF-8 text"),
                               _("save it as UTF-8 text (in Notepad: Save as, Encoding: UTF-8)"))]
    parts = _split(text)
    if parts is None:
        return None, [_problem(file, 1, None, _("the cover file does not begin with its details between two --- "
                                                "lines"),
                               _("start from the template build-site report freeze writes, or delete the file"))]
    front, body, first = parts
    try:
        data_ = yaml.safe_load(front) if front.strip() else {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return None, [_problem(file, None if mark is None else mark.line + 2, None,
                               _("the details at the top of the cover file cannot be read"),
                               _('write one detail a line, as name: value (a value with a colon in "quotes")'))]
    if not isinstance(data_, dict):
        return None, [_problem(file, 2, None, _("the details at the top of the cover file are not name: value "
                                                "lines"),
                               _('write one detail a line, as name: value (a value with a colon in "quotes")'))]
    cover, problems = _front(file, data_)
    cover["body"], more = _body(file, body, first)
    problems += more
    return (None, problems) if problems else (cover, [])


def template(period: str, council: str) -> str:
    """A cover file to fill in, offered by ``report freeze``."""
    note = _("The front sheet of the report for {period}: fill in what applies; a blank is left out.", period=period)
    purpose = _("Purpose")
    said = _("To report how {council} performed in {period}.", council=council, period=period)
    recommendations = _("Recommendations")
    notes = _("That the committee notes the performance report for {period}.", period=period)
    return (f"---\n# {note}\n"
            'committee: ""\nmeeting_date:            # YYYY-MM-DD\nauthor: ""\nlead_member: ""\n'
            "key_decision: false\nexempt: false\n---\n"
            f"## {purpose}\n\n{said}\n\n## {recommendations}\n\n- {notes}\n")
