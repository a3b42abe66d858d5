"""Stage 2, validate: the Table Schema of datapackage.json and the contract's own rules.

Every problem is collected; nothing stops at the first. ``validate`` returns a
``Report``; ``to_package`` turns a package that passed into frozen values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import pandas as pd

from build_site.core.catalogue import N_, _
from build_site.core.model import REPORTING_DEFAULTS, Area, Indicator, Package, Priority, Provider, Reporting
from build_site.core.problems import Problem, Report
from build_site.core.vocabulary import join_words
from build_site.inputs import periods as P
from build_site.inputs import postcodes
from build_site.inputs import refusals as R
from build_site.inputs import translations as T
from build_site.inputs.load import ALL_RESOURCES, DESCRIPTOR, FILE_RESOURCES, REQUIRED_RESOURCES, RawPackage, RawTable
from build_site.inputs.tableschema import PERIOD_FIELDS, check_foreign_keys, check_table

AREA_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

_REPORTING_RULES = {
    # name: (type, minimum, maximum, what it is)
    "default_tolerance_percent": (float, 0, 100, N_("write a number of per cent from 0 to 100")),
    "worsening_run": (int, 1, 24, N_("write a whole number from 1 to 24")),
    "reporting_lag_days": (int, 0, 730, N_("write a whole number of days from 0 to 730")),
    "financial_year_start_month": (int, 1, 12, N_("write a month number from 1 to 12")),
}


# --------------------------------------------------------------------------- descriptor

def read_reporting(descriptor: dict) -> tuple[Reporting, list[Problem]]:
    given = descriptor.get("reporting", {})
    problems: list[Problem] = []
    if not isinstance(given, dict):
        return REPORTING_DEFAULTS, [Problem(DESCRIPTOR, None, "reporting", _("reporting must be an object"),
                                            _('write "reporting": {example}', example='{"worsening_run": 3, ...}'),
                                            "descriptor")]
    values = {}
    for key, value in given.items():
        if key == "languages":  # (not a rule parameter: see translations.read_languages)
            continue
        if key not in _REPORTING_RULES:
            problems.append(Problem(DESCRIPTOR, None, f"reporting.{key}", _('"{key}" is not a reporting parameter', key=key),
                                    _("use only {names}", names=", ".join(_REPORTING_RULES)), "descriptor"))
            continue
        kind, low, high, words = _REPORTING_RULES[key]
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and kind is int and float(value) != int(value):
            ok = False
        if not ok or not (low <= value <= high):
            problems.append(Problem(DESCRIPTOR, None, f"reporting.{key}", _("{value} is not allowed", value=repr(value)),
                                    _(words), "descriptor"))
            continue
        values[key] = kind(value)
    return Reporting(**{**REPORTING_DEFAULTS.__dict__, **values}), problems


def _contract_fields() -> dict[str, list[str]]:
    from build_site.inputs.contract import contract_descriptor

    return {r["name"]: [f["name"] for f in r["schema"]["fields"]]
            for r in contract_descriptor()["resources"] if "schema" in r}


def check_descriptor(descriptor: dict) -> list[Problem]:
    problems: list[Problem] = []
    listed = [r.get("name") for r in descriptor["resources"] if isinstance(r, dict)]
    for required in REQUIRED_RESOURCES:
        if required not in listed:
            problems.append(Problem(DESCRIPTOR, None, "resources",
                                    _('the required resource "{name}" is not listed', name=required),
                                    _('add it, with "path": "data/{name}.csv" and its schema', name=required),
                                    "descriptor"))
    contract = _contract_fields()
    for unknown in listed:
        if unknown not in ALL_RESOURCES + FILE_RESOURCES:
            problems.append(Problem(DESCRIPTOR, None, "resources",
                                    _('"{name}" is not a resource of the data contract', name=unknown),
                                    _("use only {names}", names=", ".join(ALL_RESOURCES + FILE_RESOURCES)),
                                    "descriptor"))
    for resource in descriptor["resources"]:
        name = resource.get("name") if isinstance(resource, dict) else None
        if name not in contract:
            continue
        schema = resource.get("schema", {})
        have = [f.get("name") for f in schema.get("fields", []) if isinstance(f, dict)]
        for f in schema.get("fields", []):
            if f.get("type", "string") not in ("string", "number", "integer"):
                problems.append(Problem(DESCRIPTOR, None, f"resources.{name}.schema",
                                        _('field "{field}" has the type "{type}", which the contract does not use',
                                          field=f["name"], type=f.get("type")),
                                        _("use string, number or integer, as the data contract says"),
                                        "descriptor"))
        keys = list(schema.get("primaryKey", [])) + [k for fk in schema.get("foreignKeys", [])
                                                     for k in fk.get("fields", [])]
        for key in keys:
            if key not in have:
                problems.append(Problem(DESCRIPTOR, None, f"resources.{name}.schema",
                                        _('a key names the field "{key}", which the schema does not have', key=key),
                                        _("name only fields of this resource in primaryKey and foreignKeys"),
                                        "descriptor"))
        for field in contract[name]:
            if field not in have:
                problems.append(Problem(DESCRIPTOR, None, f"resources.{name}.schema",
                                        _('field "{field}" is missing from the {name} schema', field=field, name=name),
                                        _("copy the schema from the data contract (build-site new writes it)"),
                                        "descriptor"))
    _reporting, reporting_problems = read_reporting(descriptor)
    return problems + reporting_problems + T.read_languages(descriptor)[1] + _descriptor_texts(descriptor)


def _descriptor_texts(descriptor: dict) -> list[Problem]:
    """The package's own title and description, and its titles in other languages, by the
    text rules of the data (contract 1.2): they go into every page, workbook and feed."""
    titles = descriptor.get("titles")
    texts = [(k, descriptor.get(k)) for k in ("title", "description")]
    texts += [(f"titles.{k}", v) for k, v in (titles.items() if isinstance(titles, dict) else ())]
    problems = []
    for where, text in texts:
        found = R.text_problem(text) if isinstance(text, str) else None
        if found is not None:
            problems.append(Problem(DESCRIPTOR, None, where, *found))
    return problems


# --------------------------------------------------------------------------- the Table Schema

def schema_problems(raw: RawPackage) -> list[Problem]:
    """Types, constraints and keys, as datapackage.json declares them (see tableschema)."""
    schemas = {r["name"]: r.get("schema", {}) for r in raw.contents["resources"] if r.get("name") in raw.tables}
    problems: list[Problem] = []
    for name, table in raw.tables.items():
        problems += check_table(table, schemas[name])
    return problems + check_foreign_keys(raw.tables, schemas)


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
                parsed[(table.numbers[i], field)] = P.parse_period(text, fy)
            except P.PeriodError as err:
                problems.append(Problem(table.path, table.numbers[i], field, str(err).split(" — ")[0],
                                        err.fix or P.forms(), "period"))
    return parsed


def domain_problems(raw: RawPackage, reporting: Reporting, as_of: date) -> list[Problem]:
    fy = reporting.financial_year_start_month
    problems: list[Problem] = []
    tables = raw.tables
    indicators: dict[str, dict[str, str]] = {}
    if "indicators" in tables:
        for rec in tables["indicators"].records():
            indicators.setdefault(rec.get("id", ""), rec)

    parsed = {name: _periods(tables[name], sorted(PERIOD_FIELDS), fy, problems)
              for name in ("measurements", "targets", "commentary", "benchmarks") if name in tables}
    problems += _refusals(raw, parsed, as_of)

    # Measurements: period kind matches the frequency; one kind per indicator; blanks explained.
    first_kind: dict[str, str] = {}  # each indicator's kind of period, from its first row
    if "measurements" in tables:
        m = tables["measurements"]
        first_kind = _measurement_problems(m, indicators, parsed["measurements"], problems)
        if "areas" not in tables and not _listed(raw, "areas"):
            for i, area in enumerate(m.column("area")):
                if area != "":
                    problems.append(Problem(m.path, m.numbers[i], "area",
                                            _('"{area}" is an area, but this package has no areas', area=area),
                                            _("add data/areas.csv (and list it in datapackage.json), or leave area "
                                              "blank for council-wide values"), "unknown-reference"))

    # Targets: a target's period must be whole periods of the indicator's kind.
    if "targets" in tables and "measurements" in tables:
        t = tables["targets"]
        for i, ind_id in enumerate(t.column("indicator")):
            row = t.numbers[i]
            period = parsed["targets"].get((row, "period"))
            kind = first_kind.get(ind_id)
            if period is None or kind is None:
                continue
            if period.months < P.KIND_MONTHS[kind] or not P.aligned_within(period, kind, fy):
                problems.append(Problem(t.path, row, "period",
                                        _('"{period}" cannot serve indicator {indicator}, whose rows are {kinds}',
                                          period=period.text, indicator=ind_id, kinds=P.kind_plural(kind)),
                                        _("set the target for one of its periods or for a year that contains them "
                                          "({example})", example=P.kind_example(kind)), "target-period"))

    # Area codes become web addresses (areas/<code>/), so they must be safe in one.
    if "areas" in tables:
        for i, code in enumerate(tables["areas"].column("code")):
            if code and not AREA_CODE.match(code):
                problems.append(Problem(tables["areas"].path, tables["areas"].numbers[i], "code",
                                        _('"{code}" cannot be used in a web address', code=code),
                                        _("use only letters, digits, hyphens, dots and underscores, such as "
                                          "E05000001"),
                                        "area-code"))

    if "indicators" in tables and "providers" not in tables and not _listed(raw, "providers"):
        for i, provider in enumerate(tables["indicators"].column("provider")):
            if provider != "":
                problems.append(Problem(tables["indicators"].path, tables["indicators"].numbers[i], "provider",
                                        _('"{provider}" is a provider, but this package has no providers',
                                          provider=provider),
                                        _("add data/providers.csv (and list it in datapackage.json), or leave "
                                          "provider blank"),
                                        "unknown-reference"))
    return problems


def _measurement_problems(m: RawTable, indicators: dict[str, dict], parsed: dict, problems: list[Problem]
                          ) -> dict[str, str]:
    """Each measurement's period is of its indicator's frequency, one kind per indicator, and a
    blank value says why. Returns each indicator's kind of period, from its first row."""
    kinds_seen: dict[str, dict[str, int]] = defaultdict(dict)
    first_kind: dict[str, str] = {}
    col = {h: i for i, h in enumerate(m.header)}
    for i, r in enumerate(m.rows):
        row = m.numbers[i]
        get = lambda f: r[col[f]] if col[f] < len(r) else ""  # noqa: E731
        ind = indicators.get(get("indicator"))
        period = parsed.get((row, "period"))
        if period is not None:
            first_kind.setdefault(get("indicator"), period.kind)
        if get("value").strip() == "" and get("note").strip() == "":
            problems.append(Problem(m.path, row, "value", _("the value is blank and the note does not say why"),
                                    _("write the value, or say why it is missing in note "
                                      "(e.g. suppressed: fewer than 5 cases)"), "blank-value"))
        if ind is None or period is None:
            continue
        allowed = P.FREQUENCY_KINDS.get(ind.get("frequency", ""))
        if allowed is None:
            continue
        if period.kind not in allowed:
            problems.append(Problem(m.path, row, "period",
                                    _('"{period}" is {kind}, but indicator {indicator} is {frequency}',
                                      period=period.text, kind=P.kind_name(period.kind), indicator=ind["id"],
                                      frequency=ind["frequency"]),
                                    _("use {kinds}", kinds=join_words([P.kind_example(k) for k in allowed], either=True)),
                                    "frequency"))
            continue
        seen = kinds_seen[ind["id"]]
        seen.setdefault(period.kind, row)
        other = [k for k in seen if k != period.kind]
        if other and seen[other[0]] < seen[period.kind]:
            problems.append(Problem(m.path, row, "period",
                                    _('indicator {indicator} mixes {kinds} (from row {row}) and {other_kinds} such '
                                      'as "{period}"', indicator=ind["id"], kinds=P.kind_plural(other[0]),
                                      row=seen[other[0]], other_kinds=P.kind_plural(period.kind),
                                      period=period.text),
                                    _("use one kind of period for all of an indicator's rows"), "mixed-periods"))
    return first_kind


def _refusals(raw: RawPackage, parsed: dict, as_of: date) -> list[Problem]:
    """The contract's 1.1 refusals (see ``refusals``)."""
    tables = raw.tables
    schemas = {r["name"]: r.get("schema", {}) for r in raw.contents["resources"] if r.get("name") in tables}
    problems = [p for name, table in tables.items() for p in R.formula_problems(table, schemas[name])]
    if "measurements" in tables:
        problems += R.future_problems(tables["measurements"], parsed["measurements"], as_of)
    if "commentary" in tables:
        problems += R.recovery_problems(tables["commentary"], parsed["commentary"])
    if "areas" in tables and "code" in tables["areas"].header:
        problems += R.area_case_problems(tables["areas"])
    if "indicators" in tables:
        problems += R.unit_label_problems(tables["indicators"])
    if "postcodes" in tables:
        problems += postcodes.problems(tables["postcodes"])
    return problems


def _listed(raw: RawPackage, name: str) -> bool:
    return any(isinstance(r, dict) and r.get("name") == name for r in raw.contents["resources"])


# --------------------------------------------------------------------------- entry points

def validate(raw: RawPackage, as_of: date | None = None) -> Report:
    """Every problem with the package, as data. Measurements may not be for a period that
    starts after ``as_of`` (default: today)."""
    problems = list(raw.problems)
    if raw.descriptor is None:
        return Report.of(problems)
    problems += check_descriptor(raw.descriptor)
    reporting, _problems = read_reporting(raw.descriptor)
    problems += schema_problems(raw)
    problems += domain_problems(raw, reporting, as_of or date.today())
    languages, unknown = T.read_languages(raw.descriptor)
    if not unknown:  # (with the languages wrong, what is in which language cannot be checked)
        problems += T.check(raw, languages) + T.read_titles(raw.descriptor, languages)
    return Report.of(problems, T.gaps(raw, languages) if not problems else ())


def _frame(raw: RawPackage, name: str, columns: list[str], numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    table = raw.tables.get(name)
    if table is None:
        frame = pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    else:
        frame = pd.DataFrame({c: table.column(c) if c in table.header else [""] * len(table.rows) for c in columns})
    for c in numeric:
        frame[c] = pd.to_numeric(frame[c].replace("", None), errors="raise").astype("float64")
    return frame.reset_index(drop=True)


def to_package(raw: RawPackage) -> Package:
    """Turn a package that passed ``validate`` into frozen values."""
    reporting, _problems = read_reporting(raw.contents)
    languages = T.read_languages(raw.contents)[0]

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
    providers = tuple(Provider(r["id"], r["name"], r.get("type", ""), r.get("url", ""), r.get("contact", ""),
                               r.get("contract_end", "")) for r in recs("providers"))
    return Package(
        root=raw.root,
        descriptor=raw.contents,
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
        resource_names=tuple(r["name"] for r in raw.contents["resources"]
                             if isinstance(r, dict) and isinstance(r.get("name"), str)),  # (all, once valid)
        languages=languages,
        translations=T.table(raw),
        postcodes=postcodes.lookup(raw.tables.get("postcodes")),
        language=languages[0],
    )
