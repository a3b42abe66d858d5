"""A resource's Table Schema as it can be used: each part of the kind the checks expect.

datapackage.json is edited by hand, so a schema can hold anything JSON can: a type of
null, a constraint of the wrong kind, a pattern that is not a regular expression, keys
that are not names. ``clean_schema`` keeps what can be used as written and reports the
rest, so that no later check meets a value of the wrong kind.
"""

from __future__ import annotations

import re

from build_site.core.catalogue import _
from build_site.core.problems import Problem


def _words(value) -> list[str] | None:
    """A field name, or a list of them (Table Schema allows both), as a list; None if neither."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return None


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value and abs(value) != float("inf")


_CONSTRAINTS = {
    "required": lambda v: isinstance(v, bool), "unique": lambda v: isinstance(v, bool),
    "enum": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "pattern": lambda v: isinstance(v, str) and _compiles(v),
    "maxLength": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "minimum": _number, "maximum": _number,
}


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
        return True
    except re.error:
        return False


def clean_schema(schema: dict, name: str, file: str) -> tuple[dict, list[Problem]]:
    """The schema with only what can be used as written (field types as words, constraints of
    the right kinds, keys as lists of names), and a problem for each thing left out, so that
    no later check meets a value of the wrong kind."""
    where, fix = f"resources.{name}.schema", _("copy the schema from the data contract (build-site new writes it)")
    problems: list[Problem] = []

    def refuse(what: str) -> None:
        problems.append(Problem(file, None, where, _("in the {name} schema, {what}", name=name, what=what), fix,
                                "descriptor"))

    fields = []
    for f in schema["fields"]:
        f = dict(f)
        if not isinstance(f.get("type", "string"), str):
            refuse(_('field "{field}" has a type that is not a word', field=f["name"]))
            f["type"] = "string"
        cons = f.get("constraints", {})
        if not isinstance(cons, dict):
            refuse(_('field "{field}" has constraints that are not an object', field=f["name"]))
            cons = {}
        for key in [k for k, v in cons.items() if k in _CONSTRAINTS and not _CONSTRAINTS[k](v)]:
            refuse(_('field "{field}" has a {key} constraint that cannot be used ({value})', field=f["name"], key=key,
                     value=repr(cons[key])))
        f["constraints"] = {k: v for k, v in cons.items() if k not in _CONSTRAINTS or _CONSTRAINTS[k](v)}
        fields.append(f)
    clean = {**schema, "fields": fields}
    pk = _words(schema.get("primaryKey", []))
    if pk is None:
        refuse(_("primaryKey is not a field name or a list of them"))
    clean["primaryKey"] = pk or []
    keys = []
    for fk in schema.get("foreignKeys", []) if isinstance(schema.get("foreignKeys", []), list) else [None]:
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(fk, dict) or not isinstance(ref, dict):
            own = theirs = None
        else:
            own, theirs = _words(fk.get("fields")), _words(ref.get("fields"))
        if own is None or theirs is None or not isinstance(ref, dict) or not isinstance(ref.get("resource"), str):
            refuse(_("a foreign key is not of the form {form}",
                     form='{"fields": ..., "reference": {"resource": ..., "fields": ...}}'))
            continue
        keys.append({"fields": own, "reference": {**ref, "fields": theirs}})
    clean["foreignKeys"] = keys
    missing = schema.get("missingValues", [""])
    if _words(missing) is None or isinstance(missing, str):
        refuse(_("missingValues is not a list of texts"))
        missing = [""]
    clean["missingValues"] = missing
    return clean, problems
