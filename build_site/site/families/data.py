"""Family: the data page (``data/``): every resource to download, the whole package as
``data/datapackage.zip``, and the data dictionary."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import PurePosixPath

from markupsafe import Markup

from build_site.core.catalogue import _, markup
from build_site.inputs.load import RawTable, tables_of
from build_site.outputs.xlsx_out import package_workbook
from build_site.site.families.base import Site

WRITES = ("data",)  # where in docs/ (and so in the site) its files go
READS = ("inputs.raw_files", "descriptor")
PERIOD_EXAMPLES = ("2024-05", "2024-Q2", "2024", "2024/25", "2024/25 Q1")  # (one of each form)
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # (every entry dated the same: the same data give the same bytes)


def _zip(files: tuple[tuple[str, bytes], ...]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()


def _tables(descriptor: dict, raw: dict[str, bytes]) -> dict[str, RawTable]:
    """Each resource's rows exactly as its published CSV file holds them."""
    tables = {}
    for res in tables_of(descriptor):
        data = raw.get(PurePosixPath(res["path"]).as_posix())
        if data is None:
            continue
        records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        if records:
            rows = tuple(tuple(r) for r in records[1:] if any(c.strip() for c in r))
            tables[res["name"]] = RawTable(res["name"], res["path"], tuple(records[0]), rows)
    return tables


def _size(n: int) -> str:
    if n < 1024 * 1024:
        kilobytes = f"{n / 1024:.0f}"
        return _("{size} KB", size=kilobytes)
    megabytes = f"{n / 1024 / 1024:.1f}"
    return _("{size} MB", size=megabytes)


def _code(name) -> Markup:
    """A name from the schema (a code, a field), as markup: the same in every language."""
    return Markup("<code>{}</code>").format(name)


def _codes(names, last: str = "") -> Markup:
    """'<code>a</code>, <code>b</code>' (or '..., <code>b</code> or <code>c</code>' with ``last``)."""
    codes = [_code(n) for n in names]
    if last and len(codes) > 1:
        return markup("{names} or {last}", names=Markup(", ").join(codes[:-1]), last=codes[-1])
    return Markup(", ").join(codes)


def _rules_text(field: dict) -> Markup:
    """The field's constraints in words, as markup (codes and names in <code>)."""
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append(markup("required"))
    if c.get("unique"):
        parts.append(markup("unique"))
    if "enum" in c:
        parts.append(markup("one of: {values}", values=_codes(c["enum"])))
    if field["name"] in ("period", "recovery_period"):
        parts.append(markup("a period: {forms}", forms=_codes(PERIOD_EXAMPLES, last="or")))
    elif "pattern" in c and field["name"] == "url":
        parts.append(markup("starts with {schemes}", schemes=_codes(("http://", "https://"), last="or")))
    elif "pattern" in c:
        parts.append(markup("lower-case letters, digits and hyphens"))
    if "maxLength" in c:
        parts.append(markup("at most {n} characters", n=c["maxLength"]))
    if "minimum" in c:
        parts.append(markup("at least {n}", n=c["minimum"]))
    if "maximum" in c:
        parts.append(markup("at most {n}", n=c["maximum"]))
    return Markup("; ").join(parts) if parts else markup("optional")


def _reference_text(resource: dict) -> dict[str, Markup]:
    refs = {}
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        ref = fk["reference"]
        refs[fk["fields"][0]] = markup("must match {field}", field=_code(f"{ref['resource']}.{ref['fields'][0]}"))
    return refs


def _resources(site: Site) -> list[dict]:
    pkg = site.pkg
    counts_of = {"priorities": len(pkg.priorities), "indicators": len(pkg.indicators), "areas": len(pkg.areas),
                 "providers": len(pkg.providers), "measurements": len(pkg.measurements),
                 "targets": len(pkg.targets), "commentary": len(pkg.commentary), "benchmarks": len(pkg.benchmarks),
                 "boundaries": len(pkg.boundaries), "translations": len(pkg.translations)}
    resources = []
    for res in pkg.descriptor["resources"]:
        refs = _reference_text(res)
        fields = [dict(name=f["name"], type=f.get("type", "string"),
                       rules=Markup("; ").join(x for x in (_rules_text(f), refs.get(f["name"], "")) if x),
                       description=f.get("description", "")) for f in res.get("schema", {}).get("fields", [])]
        resources.append(dict(name=res["name"], title=res.get("title", res["name"]),
                              file=res["path"].removeprefix("data/"), description=res.get("description", ""),
                              rows=counts_of.get(res["name"], 0), fields=fields,
                              primary_key=_codes(res.get("schema", {}).get("primaryKey", []))))
    return resources


def render(site: Site) -> dict[str, bytes]:
    pkg, raw_files = site.pkg, site.inputs.raw_files
    files = {f"data/{name.removeprefix('data/')}": data for name, data in dict(raw_files).items()}
    zipped = _zip(raw_files)
    files["data/datapackage.zip"] = zipped
    publisher = next((c.get("title") for c in pkg.descriptor.get("contributors", []) if c.get("title")), pkg.title)
    workbook = package_workbook(pkg.descriptor, _tables(pkg.descriptor, dict(raw_files)), publisher)
    files["data/datapackage.xlsx"] = workbook
    files["data/index.md"] = site.page(
        "data/index.md", "data.html", _("Data"), _("Download every figure as open data."), resources=_resources(site),
        zip_size=_size(len(zipped)), xlsx_size=_size(len(workbook)),
        attribution=_("Contains public sector information licensed under the Open Government Licence v3.0. "
                      "Source: {publisher}.", publisher=publisher))
    return files
