"""Errors as data: every problem found in a run, each with file, row, field and a fix."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from build_site.core.catalogue import _, _n


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the data package.

    ``row`` counts as a spreadsheet does: the header is row 1, the first data
    row is row 2. ``row`` and ``field`` are ``None`` for whole-file problems.
    """

    file: str
    row: int | None
    field: str | None
    message: str
    fix: str
    code: str = "invalid"

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f":{self.row}"
        if self.field:
            where += f": {self.field}"
        return f"{where}: {self.message} — {self.fix}"

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.row or 0, self.field or "", self.message)


class CannotContinue(Exception):
    """Raised for a situation the build cannot go on from (not for bad data)."""


@dataclass(frozen=True)
class Report:
    """All the problems found in one run, in file/row order."""

    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()  # not errors: texts with no translation (translations.gaps)

    @classmethod
    def of(cls, problems: Iterable[Problem], warnings: Iterable[Problem] = ()) -> Report:
        unique = {p: None for p in problems}
        return cls(tuple(sorted(unique, key=Problem.sort_key)), tuple(warnings))

    def strict(self) -> Report:
        """The warnings as errors (``validate --strict``)."""
        return Report.of([*self.problems, *self.warnings])

    @property
    def ok(self) -> bool:
        return not self.problems

    def files(self) -> list[str]:
        return sorted({p.file for p in self.problems})

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.ok,
            "error_count": len(self.problems),
            "errors": [asdict(p) for p in self.problems],
            "warning_count": len(self.warnings),
            "warnings": [asdict(p) for p in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def warnings_text(self, per_file_limit: int = 200) -> list[str]:
        """The warnings, a line each (as many as ``per_file_limit`` a file), then what they mean."""
        if not self.warnings:
            return []
        lines = [_("Warning: {problem}", problem=line) for line in _listed(self.warnings, per_file_limit, True)]
        lines.append(_n("{n} text has no translation yet: it is shown in the main language, marked as such "
                        "(build-site validate --strict makes this an error).",
                        "{n} texts have no translation yet: they are shown in the main language, marked as such "
                        "(build-site validate --strict makes this an error).", len(self.warnings)))
        return lines

    def warnings_summary(self) -> list[str]:
        """One line per kind of warning, with how many there are and how to see them all."""
        kinds: dict[str, int] = {}
        for w in self.warnings:
            kinds[w.code] = kinds.get(w.code, 0) + 1
        lines = []
        for code, n in kinds.items():
            if code == "untranslated":
                lines.append(_n("{n} text has no translation yet: it is shown in the main language, marked as such "
                                "— build-site validate --verbose lists it (--strict makes it an error).",
                                "{n} texts have no translation yet: they are shown in the main language, marked as "
                                "such — build-site validate --verbose lists them (--strict makes them errors).", n))
            else:
                lines.append(_n("{n} warning ({kind}) — build-site validate --verbose lists it.",
                                "{n} warnings ({kind}) — build-site validate --verbose lists them.", n, kind=code))
        return lines

    def to_text(self, per_file_limit: int = 200) -> str:
        if self.ok:
            return "\n".join([*self.warnings_text(per_file_limit), _("The data package is valid.")])
        lines = _listed(self.problems, per_file_limit)
        in_files = _n("in {n} file", "in {n} files", len(self.files()))
        lines.append(_n("{n} problem {in_files}.", "{n} problems {in_files}.", len(self.problems), in_files=in_files)
                     + " " + _("Nothing was built; fix these and run the command again."))
        return "\n".join(lines)


def _listed(problems: Iterable[Problem], per_file_limit: int, warnings: bool = False) -> list[str]:
    """A line for each problem (or warning), at most ``per_file_limit`` a file, then how many more."""
    lines: list[str] = []
    shown: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for p in problems:
        if shown.get(p.file, 0) >= per_file_limit:
            hidden[p.file] = hidden.get(p.file, 0) + 1
            continue
        shown[p.file] = shown.get(p.file, 0) + 1
        lines.append(str(p))
    for file, count in hidden.items():
        lines.append(_("{file}: … and {count} more (use --format json to see all)", file=file, count=count) if warnings
                     else _("{file}: … and {count} more problems (use --format json to see all)", file=file,
                            count=count))
    return lines


def os_failure(err: OSError) -> str:
    """What an operating-system failure means for the person running the command, naming
    the path and what to do. The one place such failures become words."""
    import errno

    path = err.filename if err.filename is not None else _("a file")
    if getattr(err, "filename2", None):
        path = _("{path} and {other}", path=path, other=err.filename2)
    code = err.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return _("the disk is full (while writing {path}) — free some space, then run the command again; "
                 "the site built last time is unchanged", path=path)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return _("permission denied for {path} — check that it is not read-only and that you may write "
                 "to it (ls -l shows who owns it), then run the command again", path=path)
    if code == errno.EADDRINUSE:
        return _("{path} is already in use — stop the program using it, or choose another with --port, e.g. "
                 "--port 8001", path=path)
    if code in (errno.ENOTDIR, errno.EISDIR, errno.EEXIST, errno.ENOTEMPTY):
        return _("{path} is in the way ({reason}) — move or rename it, then run the command again", path=path,
                 reason=err.strerror)
    if code == errno.ENOENT:
        return _("{path} does not exist — check the path, then run the command again", path=path)
    return _("{path}: {reason} — check the path, then run the command again", path=path, reason=err.strerror or err)
