"""``build-site postcodes import``: the council's postcodes cut from a full extract of the ONS
National Statistics Postcode Lookup (NSPL, Open Government Licence) into
``data/postcodes.csv`` (contract 1.2), listed in datapackage.json if it was not.

The extract is read as a stream (the whole of the UK is 2.7 million rows and over 1 GB), and
only the rows whose area code (``osward`` by default) is one of the council's areas, and
that are not terminated (a ``doterm`` date), are kept, each postcode in its normal form,
sorted (a row of the council's areas that is terminated, or whose postcode is not in the UK
shape, is counted and left out). The extract is read where the officer keeps it; only
data/postcodes.csv and datapackage.json are written, in the council's folder.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from build_site.core.catalogue import _
from build_site.core.lock import one_build_at_a_time
from build_site.core.problems import CannotContinue
from build_site.core.writer import write_atomic
from build_site.inputs.contract import contract_descriptor
from build_site.inputs.load import DESCRIPTOR, load_raw
from build_site.inputs.postcodes import SHAPE, normal

POSTCODE_COLUMNS = ("pcds", "pcd", "pcd2", "postcode")  # (NSPL's, with the space first; then any "postcode")
AREA_COLUMNS = ("osward", "ward", "area")
PATH = "data/postcodes.csv"


@dataclass(frozen=True)
class Cut:
    read: int  # rows of the extract read
    kept: int  # postcodes kept
    areas: tuple[str, ...]  # the council's areas with no postcode in the extract
    skipped: int  # rows in the council's areas but terminated or not a postcode


def _column(header: list[str], wanted: str | None, choices: tuple[str, ...], what: str) -> int:
    lowered = [h.strip().lower() for h in header]
    for name in ((wanted,) if wanted else choices):
        if name.lower() in lowered:
            return lowered.index(name.lower())
    names = ", ".join((wanted,) if wanted else choices)
    if what == "postcode":
        raise CannotContinue(_("the extract has no postcode column ({names}) — name it with --postcode-column",
                               names=names))
    raise CannotContinue(_("the extract has no area column ({names}) — name it with --area-column", names=names))


def _rows(path: Path) -> tuple[list[str], TextIO, Iterator[list[str]]]:
    try:
        f = path.open("r", encoding="utf-8-sig", newline="")
    except OSError as err:
        raise CannotContinue(_("{file} cannot be read ({reason})", file=path, reason=err.strerror)) from None
    reader = csv.reader(f)
    try:
        header = next(reader)
    except (StopIteration, UnicodeDecodeError, csv.Error):
        f.close()
        raise CannotContinue(_("{file} is not a CSV file with a header row, as the NSPL extract is", file=path)) \
            from None
    return header, f, reader


def cut(root: Path, extract: Path, postcode_column: str | None = None, area_column: str | None = None,
        progress: Callable[[str], None] = lambda _m: None) -> Cut:
    """Write data/postcodes.csv from ``extract``: the rows in the council's areas."""
    root = Path(root)
    with one_build_at_a_time(root, progress):
        raw = load_raw(root)
        if raw.descriptor is None or "areas" not in raw.tables:
            raise CannotContinue(_("the postcode finder leads to the council's areas, and there is no "
                                   "data/areas.csv here — add the areas first"))
        codes = set(raw.tables["areas"].column("code"))
        header, f, reader = _rows(extract)
        with f:
            at = _column(header, postcode_column, POSTCODE_COLUMNS, "postcode")
            area_at = _column(header, area_column, AREA_COLUMNS, "area")
            lowered = [h.strip().lower() for h in header]
            ended = lowered.index("doterm") if "doterm" in lowered else None
            found: dict[str, str] = {}
            read = skipped = 0
            try:
                for row in reader:
                    read += 1
                    if read % 500_000 == 0:
                        progress(_("Read {n} rows…", n=f"{read:,}"))
                    if len(row) <= max(at, area_at) or row[area_at] not in codes:
                        continue
                    postcode = normal(row[at])
                    if (ended is not None and len(row) > ended and row[ended].strip()) or not SHAPE.match(postcode):
                        skipped += 1
                        continue
                    found.setdefault(postcode, row[area_at])
            except (UnicodeDecodeError, csv.Error) as err:
                raise CannotContinue(_("{file} cannot be read after row {row} ({reason}): save it as CSV UTF-8",
                                       file=extract, row=read + 1, reason=err)) from None
        _write(root, raw.contents, found)
    return Cut(read, len(found), tuple(sorted(codes - set(found.values()))), skipped)


def _write(root: Path, descriptor: dict, found: dict[str, str]) -> None:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["postcode", "area"])
    w.writerows(sorted(found.items()))
    write_atomic(root / PATH, buf.getvalue().encode("utf-8"))
    if not any(isinstance(r, dict) and r.get("name") == "postcodes" for r in descriptor.get("resources", [])):
        listed = next(r for r in contract_descriptor()["resources"] if r["name"] == "postcodes")
        descriptor = {**descriptor, "resources": [*descriptor["resources"], listed]}
        write_atomic(root / DESCRIPTOR, (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
