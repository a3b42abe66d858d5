"""Stage 1, load: read ``datapackage.json`` and the CSV files as text.

Nothing is interpreted here beyond what is needed to read the files: each
table comes back as its header and rows of strings, with file-level problems
(missing, empty, not UTF-8, columns missing) as data.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from build_site.core.catalogue import N_, _
from build_site.core.problems import CannotContinue, Problem
from build_site.inputs.schema_shape import clean_schema

DESCRIPTOR = "datapackage.json"
REQUIRED_RESOURCES = ("priorities", "indicators", "measurements")
OPTIONAL_RESOURCES = ("targets", "commentary", "areas", "postcodes", "providers", "benchmarks", "translations")
ALL_RESOURCES = REQUIRED_RESOURCES + OPTIONAL_RESOURCES
FILE_RESOURCES = ("boundaries",)  # not tables: no schema (read by their own modules: boundaries.py)


@dataclass(frozen=True)
class RawTable:
    """A CSV file read as text, without the rows whose every cell is empty (spreadsheets
    leave them at the end of a file). ``rows[i]`` is spreadsheet row ``numbers[i]``
    (the header is row 1)."""

    name: str
    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if not self.numbers:  # (no blank rows were dropped)
            object.__setattr__(self, "numbers", tuple(range(2, len(self.rows) + 2)))

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

    @property
    def contents(self) -> dict[str, Any]:
        """The descriptor, once it was read (an empty one, where it could not be)."""
        return self.descriptor if self.descriptor is not None else {}


SAVE_AS_CSV = N_('in Excel choose File > Save As > "CSV UTF-8 (Comma delimited)"')


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
                _("the file is not UTF-8 text (the first character that is not is on this row)"),
                _("save it as UTF-8: {how}", how=_(SAVE_AS_CSV)),
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
                _("there is no {file} in {folder}", file=DESCRIPTOR, folder=root),
                _("run the command in the council's data repository, or create one with `build-site new DIR`"),
                "missing-file",
            )
        ]
    if inside(root, DESCRIPTOR) is None:
        return None, [Problem(DESCRIPTOR, None, None, _("the file is a link to a file outside the repository"),
                              _("put the {file} itself in the repository", file=DESCRIPTOR), "unsafe-path")]
    text, problems = _read_text(path, DESCRIPTOR)
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
                _("the file is not valid JSON: {error} (line {line}, column {column})", error=err.msg,
                  line=err.lineno, column=err.colno),
                _("check for a missing comma, quote or bracket near that place"),
                "json",
            )
        ]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [
            Problem(
                DESCRIPTOR,
                None,
                "resources",
                _("the descriptor has no list of resources"),
                _('it must be an object with "resources": [...]; start again from `build-site new`'),
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
            problem = _("resource {name} needs a name and a path", name=name or k + 1)
        elif name in FILE_RESOURCES:
            keep.append(resource)
            continue
        elif not isinstance(schema, dict) or not isinstance(fields, list) or \
                not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
            problem = _("resource {name} needs a schema with a list of fields, each with a name", name=name or k + 1)
        else:
            schema, found = clean_schema(schema, name, DESCRIPTOR)
            keep.append({**resource, "schema": schema})
            problems += found
            continue
        problems.append(Problem(DESCRIPTOR, None, where, problem,
                                _("copy the resource from the data contract (build-site new writes it)"), "descriptor"))
    descriptor["resources"] = keep
    return problems


def tables_of(descriptor: dict) -> list[dict]:
    """The package's tables: its resources with a schema (not ``FILE_RESOURCES``)."""
    return [r for r in descriptor["resources"] if isinstance(r, dict) and "schema" in r]


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _refused(rel: str) -> str | None:
    """Why a resource path may not be used as written, or None (before anything is opened)."""
    if _SCHEME.match(rel) or rel.startswith(("//", "\\\\")):
        return _("it is a web address or a drive, not a file in the repository")
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() or rel.startswith("\\"):
        return _("it is an absolute path")
    if ".." in re.split(r"[\\/]", rel):
        return _('it contains "..", which leads out of its folder')
    return None


def inside(root: Path, rel: str) -> Path | None:
    """``root / rel`` if it stays inside the repository once every symbolic link is
    followed, else None."""
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(real_root / rel))
    return real if real == real_root or real.is_relative_to(real_root) else None


def resource_file(root: Path, name: str, rel: object) -> Path | Problem:
    """The file a resource's ``path`` names, checked before it is opened: it must be a
    relative path that stays inside the repository; else the problem, which never quotes the file."""
    where = f"resources.{name}.path"
    fix = _('give a path inside the repository, relative to {file}, such as "data/{name}.csv"', file=DESCRIPTOR,
            name=name)
    if not isinstance(rel, str) or not rel:
        return Problem(DESCRIPTOR, None, where, _("the resource has no path"),
                             _('add "path": "data/{name}.csv"', name=name),
                             "descriptor")
    why = _refused(rel)
    real = inside(root, rel) if why is None else None
    if why is None and real is None:
        why = _("it leads outside the repository (through a symbolic link or otherwise)")
    if why is not None or real is None:
        refusal = _('the path "{path}" of resource {name} is refused: {why}', path=rel, name=name, why=why)
        return Problem(DESCRIPTOR, None, where, refusal, fix, "unsafe-path")
    return real


def _read_text(path: Path, rel: str) -> tuple[str | None, list[Problem]]:
    """A file's text (UTF-8, with or without a byte-order mark), or the problems reading it."""
    raw = _read_bytes(path, rel)
    if isinstance(raw, Problem):
        return None, [raw]
    return _decode(raw, rel)


def _read_bytes(path: Path, rel: str) -> bytes | Problem:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        return Problem(rel, None, None, _("this is a folder, not a file"), _("point the resource at a CSV file"),
                       "missing-file")
    except OSError as err:
        return Problem(rel, None, None, _("the file cannot be read ({reason})", reason=err.strerror or _("unreadable")),
                             _("check that the file exists and that you may read it"), "unreadable")


def _separator(first_line: str, fields: list[str]) -> str | None:
    """The word for the separator a file uses instead of commas, if its header shows one."""
    def found(sep: str) -> int:
        return sum(1 for cell in first_line.split(sep) if cell.strip().strip('"') in fields)

    for sep, word in ((";", N_("semicolons (;)")), ("\t", N_("tabs"))):
        if sep in first_line and found(sep) > max(1, found(",")):
            return _(word)
    return None


def read_table(root: Path, name: str, resource: dict) -> tuple[RawTable | None, list[Problem]]:
    fields = [f.get("name") for f in resource.get("schema", {}).get("fields", [])]
    header_hint = ",".join(str(f) for f in fields)
    path = resource_file(root, name, resource.get("path"))
    if isinstance(path, Problem):
        return None, [path]
    rel = resource["path"]
    if not path.is_file() and not path.is_dir():  # (absent, or a device or pipe that would never end)
        if name in REQUIRED_RESOURCES:
            fix = _("create it with the header row {header}", header=header_hint)
        else:
            fix = _("create it with the header row {header}, or remove the resource from datapackage.json",
                    header=header_hint)
        return None, [Problem(rel, None, None, _("the file is missing"), fix, "missing-file")]
    text, problems = _read_text(path, rel)
    if text is None:
        return None, problems
    if not text.strip():
        return None, [
            Problem(rel, None, None, _("the file is empty"),
                    _("it needs at least the header row {header}", header=header_hint), "empty-file")
        ]
    separator = _separator(text.lstrip("\n").split("\n", 1)[0], fields)
    if separator is not None:
        return None, [Problem(rel, 1, None, _("the columns are separated by {separator}, not commas",
                                                      separator=separator),
                              _("save it again with commas: {how} (Excel in some countries saves CSV with "
                                "semicolons)", how=_(SAVE_AS_CSV)), "separator")]
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        return None, [Problem(rel, None, None, _("the file cannot be read as CSV ({error})", error=err),
                              _("check for an unclosed quotation mark"), "csv")]
    header = tuple(h.strip() for h in records[0])
    problems = header_problems(rel, header, fields, header_hint)
    if problems:
        return None, problems
    kept = [(n, tuple(r)) for n, r in enumerate(records[1:], start=2) if any(c.strip() for c in r)]
    return RawTable(name, rel, header, tuple(r for _n, r in kept), tuple(n for n, _r in kept)), []


def header_problems(rel: str, header: tuple[str, ...], fields: list[str], header_hint: str) -> list[Problem]:
    problems = []
    for f in fields:
        if f not in header:
            problems.append(Problem(rel, 1, f, _('column "{column}" is missing', column=f),
                                    _("the header row must be {header}", header=header_hint), "missing-column"))
    seen = set()
    for h in header:
        if h in seen:
            problems.append(Problem(rel, 1, h, _('column "{column}" appears twice', column=h),
                                    _("remove or rename the second one"), "duplicate-column"))
        seen.add(h)
        if h not in fields:
            problems.append(Problem(rel, 1, h or None, _('column "{column}" is not in the data dictionary', column=h),
                                    _("remove it or check its spelling; the header row must be {header}",
                                      header=header_hint),
                                    "extra-column"))
    return problems


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
        path = resource_file(root, resource.get("name", ""), resource.get("path"))
        if isinstance(path, Problem):  # (validation refuses the package first)
            raise CannotContinue(str(path))
        files.append((PurePosixPath(resource["path"]).as_posix(), path.read_bytes()))
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
