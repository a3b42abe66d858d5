"""Stage 2, validate: the Table Schema (via frictionless) and the contract's own rules.

Every problem is collected; nothing stops at the first. ``validate`` returns a
``Report``; ``to_package`` turns a package that passed into frozen values.
"""

from __future__ import annotations

import copy
import re
from collections import defaultdict

import pandas as pd

from . import periods as P
from .load import (ALL_RESOURCES, DESCRIPTOR, REQUIRED_RESOURCES,
                   RawPackage, RawTable)
from .model import (REPORTING_DEFAULTS, Area, Indicator, Package, Priority, Provider,
                    Reporting)
from .problems import Problem, Report

PERIOD_FIELDS = {"period", "recovery_period"}
AREA_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SLUG_HINT = "use lower-case letters, digits and single hyphens, at most 64 characters, e.g. clean-streets"

_REPORTING_RULES = {
    # name: (type, minimum, maximum, what it is)
    "default_tolerance_percent": (float, 0, 100, "a number of per cent from 0 to 100"),
    "worsening_run": (int, 1, 24, "a whole number from 1 to 24"),
    "reporting_lag_days": (int, 0, 730, "a whole number of days from 0 to 730"),
    "financial_year_start_month": (int, 1, 12, "a month number from 1 to 12"),
}


# --------------------------------------------------------------------------- descriptor

def read_reporting(descriptor: dict) -> tuple[Reporting, list[Problem]]:
    given = descriptor.get("reporting", {})
    problems: list[Problem] = []
    if not isinstance(given, dict):
        return REPORTING_DEFAULTS, [Problem(DESCRIPTOR, None, "reporting", "reporting must be an object",
                                            'write "reporting": {"worsening_run": 3, ...}', "descriptor")]
    values = {}
    for key, value in given.items():
        if key not in _REPORTING_RULES:
            problems.append(Problem(DESCRIPTOR, None, f"reporting.{key}", f'"{key}" is not a reporting parameter',
                                    "use only " + ", ".join(_REPORTING_RULES), "descriptor"))
            continue
        kind, low, high, words = _REPORTING_RULES[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and kind is int and float(value) != int(value):
            ok = False
        if not ok or not (low <= value <= high):
            problems.append(Problem(DESCRIPTOR, None, f"reporting.{key}", f"{value!r} is not allowed",
                                    f"write {words}", "descriptor"))
            continue
        values[key] = kind(value)
    return Reporting(**{**REPORTING_DEFAULTS.__dict__, **values}), problems


def _contract_fields() -> dict[str, list[str]]:
    from .scaffold import contract_descriptor

    return {r["name"]: [f["name"] for f in r["schema"]["fields"]]
            for r in contract_descriptor()["resources"]}


def check_descriptor(descriptor: dict) -> list[Problem]:
    problems: list[Problem] = []
    listed = [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    for name in REQUIRED_RESOURCES:
        if name not in listed:
            problems.append(Problem(DESCRIPTOR, None, "resources", f'the required resource "{name}" is not listed',
                                    f'add it, with "path": "data/{name}.csv" and its schema', "descriptor"))
    contract = _contract_fields()
    for name in listed:
        if name not in ALL_RESOURCES:
            problems.append(Problem(DESCRIPTOR, None, "resources", f'"{name}" is not a resource of the data contract',
                                    "use only " + ", ".join(ALL_RESOURCES), "descriptor"))
    for resource in descriptor["resources"]:
        name = resource.get("name") if isinstance(resource, dict) else None
        if name not in contract:
            continue
        have = [f.get("name") for f in resource.get("schema", {}).get("fields", []) if isinstance(f, dict)]
        for field in contract[name]:
            if field not in have:
                problems.append(Problem(DESCRIPTOR, None, f"resources.{name}.schema",
                                        f'field "{field}" is missing from the {name} schema',
                                        "copy the schema from the data contract (build-site new writes it)",
                                        "descriptor"))
    _, reporting_problems = read_reporting(descriptor)
    return problems + reporting_problems


# --------------------------------------------------------------------------- frictionless

def _fields_by_name(resource: dict) -> dict[str, dict]:
    return {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}


def _constraint_problem(path: str, row: int, field: dict, cell, note: str) -> Problem | None:
    name = field.get("name", "")
    cons = field.get("constraints", {})
    text = "" if cell is None else str(cell)
    if '"required"' in note:
        return Problem(path, row, name, f"{name} is required but is blank", f"fill in {name}", "required")
    if '"enum"' in note:
        return Problem(path, row, name, f'"{text}" is not allowed',
                       "use one of: " + ", ".join(cons.get("enum", [])), "enum")
    if '"pattern"' in note:
        if name in PERIOD_FIELDS:
            return None  # the domain check explains periods better
        if name == "url":
            return Problem(path, row, name, f'"{text}" is not a web address',
                           "write a full address starting with https:// or http://", "url")
        return Problem(path, row, name, f'"{text}" is not a valid identifier', SLUG_HINT, "pattern")
    if '"maxLength"' in note:
        return Problem(path, row, name, f'"{text}" is longer than {cons.get("maxLength")} characters',
                       "shorten it", "max-length")
    if '"minimum"' in note or '"maximum"' in note:
        low, high = cons.get("minimum"), cons.get("maximum")
        if high is None:
            words = f"write a number of at least {low}"
        elif low is None:
            words = f"write a number of at most {high}"
        else:
            words = f"write a number from {low} to {high}"
        return Problem(path, row, name, f"{text} is out of range", words, "range")
    if '"unique"' in note:
        return Problem(path, row, name, f'"{text}" appears more than once', f"each {name} must be unique", "unique")
    return Problem(path, row, name, f'"{text}" breaks the rule {note}', "check the data dictionary", "constraint")


def _type_problem(path: str, row: int, field: dict, cell) -> Problem:
    name, ftype = field.get("name", ""), field.get("type")
    if ftype == "integer":
        return Problem(path, row, name, f'"{cell}" is not a whole number', "write a whole number such as 2", "type")
    if ftype == "number":
        return Problem(path, row, name, f'"{cell}" is not a number',
                       "write plain numbers such as 45 (no %, £ or thousands commas)", "type")
    return Problem(path, row, name, f'"{cell}" is not a valid {ftype}', "check the data dictionary", "type")


def _frictionless_problems(raw: RawPackage) -> list[Problem]:
    from frictionless import Package as FPackage, system

    good = set(raw.tables)
    descriptor = copy.deepcopy(raw.descriptor)
    resources = []
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict) or resource.get("name") not in good:
            continue
        schema = resource.get("schema", {})
        schema["foreignKeys"] = [fk for fk in schema.get("foreignKeys", [])
                                 if fk.get("reference", {}).get("resource", "") in good]
        resources.append(resource)
    if not resources:
        return []
    by_name = {r["name"]: r for r in resources}
    keep = {k: descriptor[k] for k in ("name", "resources") if k in descriptor}
    keep["resources"] = resources
    problems: list[Problem] = []
    try:
        with system.use_context(trusted=True):
            package = FPackage(keep, basepath=str(raw.root))
            report = package.validate(limit_errors=10**7)
    except Exception as err:  # frictionless refuses a descriptor it cannot read: report it as data
        return [Problem(DESCRIPTOR, None, None, f"the package cannot be read: {err}",
                        "compare datapackage.json with the data contract (build-site new writes a correct one)",
                        "descriptor")]
    for task in report.tasks:
        resource = by_name.get(task.name)
        if resource is None:
            continue
        path = resource["path"]
        fields = _fields_by_name(resource)
        pk = resource["schema"].get("primaryKey", [])
        for err in task.errors:
            row = getattr(err, "row_number", None)
            field = fields.get(getattr(err, "field_name", None) or "", {"name": getattr(err, "field_name", None)})
            cell = getattr(err, "cell", None)
            kind = err.type
            if kind == "type-error":
                problems.append(_type_problem(path, row, field, cell))
            elif kind == "constraint-error":
                found = _constraint_problem(path, row, field, cell, err.note)
                if found:
                    problems.append(found)
            elif kind == "unique-error":
                problems.append(Problem(path, row, field["name"], f'"{cell}" appears more than once',
                                        f"each {field['name']} must be unique: remove or rename the duplicate", "unique"))
            elif kind == "primary-key":
                problems.append(Problem(path, row, ", ".join(pk),
                                        "this row repeats the " + ", ".join(pk) + " of an earlier row (" + err.note + ")",
                                        "keep one row for each " + ", ".join(pk) + ": delete or correct the duplicate",
                                        "duplicate-key"))
            elif kind == "foreign-key":
                names = list(err.field_names)
                cells = [str(c) for c in err.field_cells]
                target = err.reference_name
                ref_fields = ", ".join(err.reference_field_names)
                ref_path = by_name.get(target, {}).get("path", f"data/{target}.csv")
                problems.append(Problem(path, row, ", ".join(names),
                                        f'"{", ".join(cells)}" is not a known {target[:-1] if target.endswith("s") else target} '
                                        f"({ref_fields} in {ref_path})",
                                        f"correct the spelling, or add it to {ref_path} first", "unknown-reference"))
            elif kind == "blank-row":
                problems.append(Problem(path, row, None, "the row is blank", "delete the empty row", "blank-row"))
            elif kind == "extra-cell":
                problems.append(Problem(path, row, None, "the row has more cells than the header",
                                        "check for an unquoted comma in a text field (put the text in double quotes)",
                                        "extra-cell"))
            elif kind == "missing-cell":
                problems.append(Problem(path, row, None, "the row has fewer cells than the header",
                                        "every row needs a cell for each column, even if blank", "missing-cell"))
            elif kind in ("missing-label", "extra-label", "duplicate-label", "blank-label", "incorrect-label"):
                continue  # load has already reported header problems
            else:
                problems.append(Problem(path, row, field.get("name"), err.message, "check the data dictionary", kind))
    return problems


# --------------------------------------------------------------------------- the contract's own rules

def _periods(table: RawTable, fields: list[str], fy: int, problems: list[Problem]) -> dict[tuple[int, str], P.Period]:
    """Parse every period cell; report each bad one. Returns {(row, field): Period}."""
    parsed = {}
    for field in fields:
        if field not in table.header:
            continue
        for i, text in enumerate(table.column(field)):
            if text == "":
                continue  # 'required' is reported by the schema check
            try:
                parsed[(i + 2, field)] = P.parse_period(text, fy)
            except P.PeriodError as err:
                problems.append(Problem(table.path, i + 2, field, str(err).split(" — ")[0],
                                        "use 2024-05 (month), 2024-Q2 (calendar quarter), 2024 (calendar year), "
                                        "2024/25 (financial year) or 2024/25 Q1 (financial quarter)", "period"))
    return parsed


def domain_problems(raw: RawPackage, reporting: Reporting) -> list[Problem]:
    fy = reporting.financial_year_start_month
    problems: list[Problem] = []
    tables = raw.tables
    indicators = {}
    if "indicators" in tables:
        for rec in tables["indicators"].records():
            indicators.setdefault(rec.get("id", ""), rec)

    parsed = {name: _periods(tables[name], ["period", "recovery_period"], fy, problems)
              for name in ("measurements", "targets", "commentary", "benchmarks") if name in tables}

    # Measurements: period kind matches the frequency; one kind per indicator; blanks explained.
    if "measurements" in tables:
        m = tables["measurements"]
        kinds_seen: dict[str, dict[str, int]] = defaultdict(dict)
        col = {h: i for i, h in enumerate(m.header)}
        for i, r in enumerate(m.rows):
            row = i + 2
            if not any(r):
                continue  # a blank row is reported by the schema check
            get = lambda f: r[col[f]] if col[f] < len(r) else ""  # noqa: E731
            ind = indicators.get(get("indicator"))
            period = parsed["measurements"].get((row, "period"))
            if get("value").strip() == "" and get("note").strip() == "":
                problems.append(Problem(m.path, row, "value", "the value is blank and the note does not say why",
                                        "write the value, or say why it is missing in note "
                                        "(e.g. suppressed: fewer than 5 cases)", "blank-value"))
            if ind is None or period is None:
                continue
            allowed = P.FREQUENCY_KINDS.get(ind.get("frequency", ""))
            if allowed is None:
                continue
            if period.kind not in allowed:
                problems.append(Problem(m.path, row, "period",
                                        f'"{period.text}" is {P.KIND_WORDS[period.kind].split(" such")[0]}, '
                                        f'but indicator {ind["id"]} is {ind["frequency"]}',
                                        "use " + " or ".join(P.KIND_WORDS[k] for k in allowed), "frequency"))
                continue
            seen = kinds_seen[ind["id"]]
            seen.setdefault(period.kind, row)
            other = [k for k in seen if k != period.kind]
            if other and seen[other[0]] < seen[period.kind]:
                problems.append(Problem(m.path, row, "period",
                                        f'indicator {ind["id"]} mixes {P.KIND_WORDS[other[0]].split(" such")[0]}s '
                                        f'(from row {seen[other[0]]}) and '
                                        f'{P.KIND_WORDS[period.kind].split(" such")[0]}s such as "{period.text}"',
                                        "use one kind of period for all of an indicator's rows", "mixed-periods"))
        if "areas" not in tables and not _listed(raw, "areas"):
            for i, area in enumerate(m.column("area")):
                if area != "":
                    problems.append(Problem(m.path, i + 2, "area", f'"{area}" is an area, but this package has no areas',
                                            "add data/areas.csv (and list it in datapackage.json), or leave area blank "
                                            "for council-wide values", "unknown-reference"))

    # Targets: a target's period must be whole periods of the indicator's kind.
    if "targets" in tables and "measurements" in tables:
        kind_of = _indicator_kinds(tables["measurements"], parsed["measurements"])
        t = tables["targets"]
        for i, ind_id in enumerate(t.column("indicator")):
            row = i + 2
            period = parsed["targets"].get((row, "period"))
            kind = kind_of.get(ind_id)
            if period is None or kind is None:
                continue
            if period.months < P.KIND_MONTHS[kind] or not P.aligned_within(period, kind, fy):
                problems.append(Problem(t.path, row, "period",
                                        f'"{period.text}" cannot serve indicator {ind_id}, whose rows are '
                                        f'{P.KIND_WORDS[kind].split(" such")[0]}s',
                                        "set the target for one of its periods or for a year that contains them "
                                        f"({P.KIND_WORDS[kind]})", "target-period"))

    # Area codes become web addresses (areas/<code>/), so they must be safe in one.
    if "areas" in tables:
        for i, code in enumerate(tables["areas"].column("code")):
            if code and not AREA_CODE.match(code):
                problems.append(Problem(tables["areas"].path, i + 2, "code",
                                        f'"{code}" cannot be used in a web address',
                                        "use only letters, digits, hyphens, dots and underscores, such as E05000001",
                                        "area-code"))

    if "indicators" in tables and "providers" not in tables and not _listed(raw, "providers"):
        for i, provider in enumerate(tables["indicators"].column("provider")):
            if provider != "":
                problems.append(Problem(tables["indicators"].path, i + 2, "provider",
                                        f'"{provider}" is a provider, but this package has no providers',
                                        "add data/providers.csv (and list it in datapackage.json), or leave provider blank",
                                        "unknown-reference"))
    return problems


def _listed(raw: RawPackage, name: str) -> bool:
    return any(isinstance(r, dict) and r.get("name") == name for r in raw.descriptor["resources"])


def _indicator_kinds(m: RawTable, parsed: dict) -> dict[str, str]:
    kinds: dict[str, str] = {}
    for i, ind_id in enumerate(m.column("indicator")):
        period = parsed.get((i + 2, "period"))
        if period is not None:
            kinds.setdefault(ind_id, period.kind)
    return kinds


# --------------------------------------------------------------------------- entry points

def validate(raw: RawPackage) -> Report:
    """Every problem with the package, as data."""
    problems = list(raw.problems)
    if raw.descriptor is None:
        return Report.of(problems)
    problems += check_descriptor(raw.descriptor)
    reporting, _ = read_reporting(raw.descriptor)
    problems += _frictionless_problems(raw)
    problems += domain_problems(raw, reporting)
    return Report.of(problems)


def _frame(raw: RawPackage, name: str, columns: list[str], numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    table = raw.tables.get(name)
    if table is None:
        frame = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    else:
        frame = pd.DataFrame({c: table.column(c) if c in table.header else [""] * len(table.rows) for c in columns})
        frame = frame[[any(r) for r in table.rows]] if table.rows else frame
    for c in numeric:
        frame[c] = pd.to_numeric(frame[c].replace("", None), errors="raise").astype("float64")
    return frame.reset_index(drop=True)


def to_package(raw: RawPackage) -> Package:
    """Turn a package that passed ``validate`` into frozen values."""
    reporting, _ = read_reporting(raw.descriptor)

    def recs(name):
        return raw.tables[name].records() if name in raw.tables else []

    priorities = tuple(Priority(r["id"], r["title"], r.get("summary", ""), r.get("lead", ""),
                                int(r["order"]) if r.get("order", "") != "" else None)
                       for r in recs("priorities"))
    indicators = tuple(
        Indicator(
            id=r["id"], title=r["title"], priority=r["priority"], mode=r["mode"],
            approach=r.get("approach") or "maintain", polarity=r["polarity"], unit=r["unit"],
            decimals=int(r["decimals"]), frequency=r["frequency"], risk=r["risk"],
            unit_label=r.get("unit_label", ""),
            tolerance=float(r["tolerance"]) if r.get("tolerance", "") != "" else None,
            owner=r.get("owner", ""), provider=r.get("provider", ""), definition=r.get("definition", ""),
            why_it_matters=r.get("why_it_matters", ""), source=r.get("source", ""))
        for r in recs("indicators"))
    areas = tuple(Area(r["code"], r["name"], r.get("type", "")) for r in recs("areas"))
    providers = tuple(Provider(r["id"], r["name"], r.get("type", ""), r.get("url", "")) for r in recs("providers"))
    return Package(
        root=raw.root,
        descriptor=raw.descriptor,
        reporting=reporting,
        priorities=priorities,
        indicators=indicators,
        areas=areas,
        providers=providers,
        measurements=_frame(raw, "measurements", ["indicator", "period", "area", "value", "note"], ("value",)),
        targets=_frame(raw, "targets", ["indicator", "period", "target"], ("target",)),
        commentary=_frame(raw, "commentary", ["indicator", "period", "commentary", "action", "action_owner",
                                              "recovery_period"]),
        benchmarks=_frame(raw, "benchmarks", ["indicator", "period", "group", "value"], ("value",)),
        resource_names=tuple(r.get("name") for r in raw.descriptor["resources"] if isinstance(r, dict)),
    )
