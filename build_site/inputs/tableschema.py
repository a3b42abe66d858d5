"""The Table Schema checks of datapackage.json, vectorised over whole columns.

This is the part of validation that ``frictionless validate datapackage.json``
also does: row shape, types, constraints (required, unique, enum, pattern,
maxLength, minimum, maximum), primary keys and foreign keys. It reads the same
schemas, reports each problem with its file, row and field and how to fix it,
and costs time in proportion to the rows, at the speed of pandas rather than
one Python call per cell. A test runs both on the same broken packages and
checks they find the same problems.
"""

from __future__ import annotations

import pandas as pd

from build_site.core.catalogue import N_, _
from build_site.core.problems import Problem
from build_site.inputs.load import RawTable

PERIOD_FIELDS = {"period", "recovery_period"}
SLUG_HINT = N_("use lower-case letters, digits and single hyphens, at most 64 characters, e.g. clean-streets")
#: What one row of each table that others refer to is called.
_ONE_OF = {"indicators": N_("indicator"), "priorities": N_("priority"), "areas": N_("area"),
           "providers": N_("provider")}
NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:NaN|INF|inf|nan)"
INTEGER = r"[+-]?\d+"


def _type_problem(path: str, row: int, field: dict, cell: str) -> Problem:
    name, ftype = field["name"], field.get("type", "string")
    if ftype == "integer":
        return Problem(path, row, name, _('"{cell}" is not a whole number', cell=cell),
                       _("write a whole number such as 2"), "type")
    if ftype == "number":
        return Problem(path, row, name, _('"{cell}" is not a number', cell=cell),
                       _("write plain numbers such as 45 (no %, £ or thousands commas)"), "type")
    return Problem(path, row, name, _('"{cell}" is not a valid {type}', cell=cell, type=ftype),
                   _("check the data dictionary"), "type")


#: Numbers this size or larger are refused, like NaN and infinities: no council figure is,
#: and beyond it a float no longer holds every whole number (contract 1.1).
LARGEST = 10.0 ** 15


def _wild_number(path: str, row: int, name: str, cell: str) -> Problem:
    if any(ch.isdigit() for ch in cell):  # (1e309 is too large even to be a float)
        return Problem(path, row, name, _('"{cell}" is too large (10^15 or more)', cell=cell),
                       _("check the figure: write it in full, at most 999,999,999,999,999, or in a larger unit"),
                       "number-size")
    return Problem(path, row, name, _('"{cell}" is not a finite number', cell=cell),
                   _("write a number; leave the cell blank (and say why in note) when there is no figure"),
                   "not-finite")


def _range_words(cons: dict) -> str:
    low, high = cons.get("minimum"), cons.get("maximum")
    if high is None:
        return _("write a number of at least {low}", low=low)
    if low is None:
        return _("write a number of at most {high}", high=high)
    return _("write a number from {low} to {high}", low=low, high=high)


def _hits(mask: pd.Series, table: RawTable) -> list[tuple[int, int]]:
    """Where ``mask`` holds: (spreadsheet row number, position in the table)."""
    return [(table.numbers[int(i)], int(i)) for i in mask[mask].index]


def column(table: RawTable, name: str) -> pd.Series:
    return pd.Series(table.column(name), dtype="object")


def _numbers(table: RawTable, field: dict, cells: pd.Series, present: pd.Series,
             problems: list[Problem]) -> tuple[pd.Series, pd.Series]:
    """Which cells of a number or integer field hold one, and their values; the others (not
    numbers, not finite, too large) reported."""
    ftype = field.get("type")
    good = cells.str.fullmatch(NUMBER if ftype == "number" else INTEGER).fillna(False).astype(bool)
    for row, i in _hits(present & ~good, table):
        problems.append(_type_problem(table.path, row, field, cells[i]))
    ok = present & good
    values = pd.to_numeric(cells.where(ok), errors="coerce").astype("float64")
    wild = ok & ~(values.abs() < LARGEST)  # (NaN and infinities fail the comparison)
    for row, i in _hits(wild, table):
        problems.append(_wild_number(table.path, row, field["name"], cells[i]))
    return ok & ~wild, values


def check_table(table: RawTable, schema: dict) -> list[Problem]:
    """Every Table Schema problem in one table (header problems are reported by load)."""
    path, width = table.path, len(table.header)
    problems: list[Problem] = []
    lengths = pd.Series([len(r) for r in table.rows], dtype="int64")
    for row, _i in _hits(lengths > width, table):
        problems.append(Problem(path, row, None, _("the row has more cells than the header"),
                                _("check for an unquoted comma in a text field (put the text in double quotes)"),
                                "extra-cell"))
    for row, _i in _hits(lengths < width, table):
        problems.append(Problem(path, row, None, _("the row has fewer cells than the header"),
                                _("every row needs a cell for each column, even if blank"), "missing-cell"))
    missing = set(schema.get("missingValues", [""]))
    typed: dict[str, pd.Series] = {}
    for field in schema.get("fields", []):
        name, ftype, cons = field["name"], field.get("type", "string"), field.get("constraints", {})
        cells = column(table, name)
        null = cells.isin(missing)
        present = ~null
        if cons.get("required"):
            for row, _i in _hits(null, table):
                problems.append(Problem(path, row, name, _("{field} is required but is blank", field=name),
                                        _("fill in {field}", field=name),
                                        "required"))
        ok = present.copy()
        values = cells
        if ftype in ("number", "integer"):
            ok, values = _numbers(table, field, cells, present, problems)
        typed[name] = values.where(ok)
        if "enum" in cons:
            allowed = set(cons["enum"])
            for row, i in _hits(ok & ~cells.isin(allowed), table):
                problems.append(Problem(path, row, name, _('"{cell}" is not allowed', cell=cells[i]),
                                        _("use one of: {values}", values=", ".join(cons["enum"])), "enum"))
        if "pattern" in cons and name not in PERIOD_FIELDS:  # periods are explained by the domain checks
            matches = cells.str.fullmatch(cons["pattern"]).fillna(False).astype(bool)
            for row, i in _hits(ok & ~matches, table):
                cell = cells[i]
                if name == "url":
                    problems.append(Problem(path, row, name, _('"{cell}" is not a web address', cell=cell),
                                            _("write a full address starting with https:// or http://"), "url"))
                else:
                    problems.append(Problem(path, row, name, _('"{cell}" is not a valid identifier', cell=cell), _(SLUG_HINT),
                                            "pattern"))
        if "maxLength" in cons:
            for row, i in _hits(ok & (cells.str.len() > cons["maxLength"]), table):
                problems.append(Problem(path, row, name, _('"{cell}" is longer than {n} characters', cell=cells[i],
                                                                 n=cons["maxLength"]), _("shorten it"), "max-length"))
        if ("minimum" in cons or "maximum" in cons) and ftype in ("number", "integer"):
            low = values < cons["minimum"] if "minimum" in cons else False
            high = values > cons["maximum"] if "maximum" in cons else False
            for row, i in _hits(ok & (low | high), table):
                problems.append(Problem(path, row, name, _("{cell} is out of range", cell=cells[i]), _range_words(cons),
                                        "range"))
        if cons.get("unique"):
            for row, i in _hits(ok & cells.where(ok).duplicated(keep="first"), table):
                problems.append(Problem(path, row, name, _('"{cell}" appears more than once', cell=cells[i]),
                                        _("each {field} must be unique: remove or rename the duplicate", field=name),
                                        "unique"))
    pk = schema.get("primaryKey", [])
    if pk and all(f in table.header for f in pk):
        keys = pd.DataFrame({f: column(table, f) for f in pk})
        dup = keys.duplicated(keep="first")
        if dup.any():
            first: dict[tuple[object, ...], int] = {}
            for i, key in enumerate(map(tuple, keys.itertuples(index=False))):
                first.setdefault(key, table.numbers[i])
            names = ", ".join(pk)
            for row, i in _hits(dup, table):
                earlier = first[tuple(keys.iloc[i])]
                problems.append(Problem(path, row, names,
                                        _("this row repeats the {fields} of row {row}", fields=names, row=earlier),
                                        _("keep one row for each {fields}: delete or correct the duplicate",
                                          fields=names),
                                        "duplicate-key"))
    return problems


def check_foreign_keys(tables: dict[str, RawTable], schemas: dict[str, dict]) -> list[Problem]:
    """Values that must match a row of another table, for every table that could be read."""
    problems: list[Problem] = []
    for name, table in tables.items():
        for fk in schemas[name].get("foreignKeys", []):
            ref = fk.get("reference", {})
            parent = tables.get(ref.get("resource", ""))
            if parent is None or len(fk["fields"]) != 1:
                continue
            field, ref_field = fk["fields"][0], ref["fields"][0]
            if field not in table.header or ref_field not in parent.header:
                continue
            cells = column(table, field)
            known = set(parent.column(ref_field))
            missing = set(schemas[name].get("missingValues", [""]))
            bad = ~cells.isin(missing) & ~cells.isin(known)
            target = ref["resource"]
            one = _(_ONE_OF[target]) if target in _ONE_OF else target
            for row, i in _hits(bad, table):
                problems.append(Problem(table.path, row, field,
                                        _('"{cell}" is not a known {one} ({field} in {file})', cell=cells[i], one=one,
                                          field=ref_field, file=parent.path),
                                        _("correct the spelling, or add it to {file} first", file=parent.path),
                                        "unknown-reference"))
    return problems
