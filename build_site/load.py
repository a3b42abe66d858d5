"""Stage 1, load: read ``datapackage.json`` and the CSV files as text.

Nothing is interpreted here beyond what is needed to read the files: each
table comes back as its header and rows of strings, with file-level problems
(missing, empty, not UTF-8, columns missing) as data.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

DESCRIPTOR = "datapackage.json"
REQUIRED_RESOURCES = ("priorities", "indicators", "measurements")
OPTIONAL_RESOURCES = ("targets", "commentary", "areas", "providers", "benchmarks")
ALL_RESOURCES = REQUIRED_RESOURCES + OPTIONAL_RESOURCES


@dataclass(frozen=True)
class RawTable:
    """A CSV file read as text. ``rows[i]`` is spreadsheet row ``i + 2``."""

    name: str
    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [r[i] if i < len(r) else "" for r in self.rows]

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, r)) for r in self.rows]


@dataclass(frozen=True)
class RawPackage:
    root: Path
    descriptor: dict | None
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def _decode(raw: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # Excel's "CSV UTF-8" writes a byte-order mark
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as err:
        row = raw[: err.start].count(b"\n") + 1
        return None, [
            Problem(
                path,
                row,
                None,
                "the file is not UTF-8 text (the first character that is not is on this row)",
                'save it as UTF-8: in Excel choose File > Save As > "CSV UTF-8 (Comma delimited)"',
                "encoding",
            )
        ]


def read_descriptor(root: Path) -> tuple[dict | None, list[Problem]]:
    path = root / DESCRIPTOR
    if not path.is_file():
        return None, [
            Problem(
                DESCRIPTOR,
                None,
                None,
                f"there is no {DESCRIPTOR} in {root}",
                "run the command in the council's data repository, or create one with `build-site new DIR`",
                "missing-file",
            )
        ]
    text, problems = _decode(path.read_bytes(), DESCRIPTOR)
    if text is None:
        return None, problems
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as err:
        return None, [
            Problem(
                DESCRIPTOR,
                err.lineno,
                None,
                f"the file is not valid JSON: {err.msg} (line {err.lineno}, column {err.colno})",
                "check for a missing comma, quote or bracket near that place",
                "json",
            )
        ]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [
            Problem(
                DESCRIPTOR,
                None,
                "resources",
                "the descriptor has no list of resources",
                'it must be an object with "resources": [...]; start again from `build-site new`',
                "descriptor",
            )
        ]
    return descriptor, _check_resources(descriptor)


def _check_resources(descriptor: dict) -> list[Problem]:
    """Keep only resources whose descriptor has the shape the contract needs; report the rest."""
    problems, keep = [], []
    for k, resource in enumerate(descriptor["resources"]):
        where = f"resources[{k}]"
        name = resource.get("name") if isinstance(resource, dict) else None
        schema = resource.get("schema") if isinstance(resource, dict) else None
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(name, str) or not isinstance(resource.get("path"), str):
            problem = "needs a name and a path"
        elif not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str)
                                                      for f in fields):
            problem = "needs a schema with a list of fields, each with a name"
        else:
            keep.append(resource)
            continue
        problems.append(Problem(DESCRIPTOR, None, where, f"resource {name or k + 1} {problem}",
                                "copy the resource from the data contract (build-site new writes it)", "descriptor"))
    descriptor["resources"] = keep
    return problems


def read_table(root: Path, name: str, resource: dict) -> tuple[RawTable | None, list[Problem]]:
    rel = resource.get("path")
    if not isinstance(rel, str) or not rel:
        return None, [
            Problem(DESCRIPTOR, None, f"resources.{name}.path", "the resource has no path",
                    f'add "path": "data/{name}.csv"', "descriptor")
        ]
    fields = [f.get("name") for f in resource.get("schema", {}).get("fields", [])]
    header_hint = ",".join(str(f) for f in fields)
    path = root / rel
    if not path.is_file():
        optional = "" if name in REQUIRED_RESOURCES else ", or remove the resource from datapackage.json"
        return None, [
            Problem(rel, None, None, "the file is missing",
                    f"create it with the header row {header_hint}{optional}", "missing-file")
        ]
    text, problems = _decode(path.read_bytes(), rel)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            Problem(rel, None, None, "the file is empty",
                    f"it needs at least the header row {header_hint}", "empty-file")
        ]
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        return None, [Problem(rel, None, None, f"the file cannot be read as CSV ({err})",
                              "check for an unclosed quotation mark", "csv")]
    header = tuple(h.strip() for h in records[0])
    problems = []
    missing = [f for f in fields if f not in header]
    for f in missing:
        problems.append(Problem(rel, 1, f, f'column "{f}" is missing',
                                f"the header row must be {header_hint}", "missing-column"))
    seen = set()
    for h in header:
        if h in seen:
            problems.append(Problem(rel, 1, h, f'column "{h}" appears twice',
                                    "remove or rename the second one", "duplicate-column"))
        seen.add(h)
        if h not in fields:
            problems.append(Problem(rel, 1, h or None, f'column "{h}" is not in the data dictionary',
                                    f"remove it or check its spelling; the header row must be {header_hint}",
                                    "extra-column"))
    if problems:
        return None, problems
    return RawTable(name, rel, header, tuple(tuple(r) for r in records[1:])), []


def load_raw(root: Path) -> RawPackage:
    """Read everything; return what could be read and what could not."""
    root = Path(root)
    descriptor, problems = read_descriptor(root)
    problems = list(problems)
    if descriptor is None:
        return RawPackage(root, None, {}, tuple(problems))
    tables: dict[str, RawTable] = {}
    for resource in descriptor["resources"]:
        if not isinstance(resource, dict):
            continue
        name = resource.get("name")
        if name not in ALL_RESOURCES:
            continue  # reported by validate
        table, found = read_table(root, name, resource)
        problems.extend(found)
        if table is not None:
            tables[name] = table
    return RawPackage(root, descriptor, tables, tuple(problems))


def published_files(root: Path, descriptor: dict) -> tuple[tuple[str, bytes], ...]:
    """The package as published: datapackage.json and every listed CSV, byte for byte."""
    files = [(DESCRIPTOR, (root / DESCRIPTOR).read_bytes())]
    for resource in descriptor["resources"]:
        files.append((resource["path"], (root / resource["path"]).read_bytes()))
    return tuple(files)


def last_updated(root: Path, descriptor: dict):
    """When the data last changed: the package's ``updated`` date if it gives one, else
    the date of the last git commit touching the data (None outside git)."""
    from datetime import date

    given = descriptor.get("updated")
    if isinstance(given, str):
        try:
            return date.fromisoformat(given[:10])
        except ValueError:
            pass
    paths = [DESCRIPTOR] + [r["path"] for r in descriptor["resources"] if isinstance(r, dict) and "path" in r]
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", *paths], cwd=root, capture_output=True,
                             text=True, timeout=20, check=False)
        return date.fromisoformat(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip() else None
    except (OSError, ValueError, subprocess.SubprocessError):
        return None
