"""Family: the data page (``data/``): every resource to download, the whole package as
``data/datapackage.zip``, and the data dictionary."""

from __future__ import annotations

import io
import zipfile

from .base import Site

WRITES = ("data",)  # where in docs/ (and so in the site) its files go
READS = ("inputs", "descriptor")
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


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _rules_text(field: dict) -> str:
    c = field.get("constraints", {})
    parts = []
    if c.get("required"):
        parts.append("required")
    if c.get("unique"):
        parts.append("unique")
    if "enum" in c:
        parts.append("one of: " + ", ".join(c["enum"]))
    if field["name"] in ("period", "recovery_period"):
        parts.append("a period: 2024-05, 2024-Q2, 2024, 2024/25 or 2024/25 Q1")
    elif "pattern" in c and field["name"] == "url":
        parts.append("starts with http:// or https://")
    elif "pattern" in c:
        parts.append("lower-case letters, digits and hyphens")
    if "maxLength" in c:
        parts.append(f"at most {c['maxLength']} characters")
    if "minimum" in c:
        parts.append(f"at least {c['minimum']}")
    if "maximum" in c:
        parts.append(f"at most {c['maximum']}")
    return "; ".join(parts) or "optional"


def _reference_text(resource: dict) -> dict[str, str]:
    refs = {}
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        ref = fk["reference"]
        refs[fk["fields"][0]] = f"must match {ref['resource']}.{ref['fields'][0]}"
    return refs


def _resources(site: Site) -> list[dict]:
    pkg = site.pkg
    counts_of = {"priorities": len(pkg.priorities), "indicators": len(pkg.indicators), "areas": len(pkg.areas),
                 "providers": len(pkg.providers), "measurements": len(pkg.measurements),
                 "targets": len(pkg.targets), "commentary": len(pkg.commentary), "benchmarks": len(pkg.benchmarks)}
    resources = []
    for res in pkg.descriptor["resources"]:
        refs = _reference_text(res)
        fields = [dict(name=f["name"], type=f.get("type", "string"),
                       rules="; ".join(x for x in (_rules_text(f), refs.get(f["name"], "")) if x),
                       description=f.get("description", "")) for f in res.get("schema", {}).get("fields", [])]
        resources.append(dict(name=res["name"], title=res.get("title", res["name"]),
                              file=res["path"].removeprefix("data/"), description=res.get("description", ""),
                              rows=counts_of.get(res["name"], 0), fields=fields,
                              primary_key=", ".join(res.get("schema", {}).get("primaryKey", []))))
    return resources


def render(site: Site) -> dict[str, bytes]:
    pkg, raw_files = site.pkg, site.inputs.raw_files
    files = {f"data/{name.removeprefix('data/')}": data for name, data in dict(raw_files).items()}
    zipped = _zip(raw_files)
    files["data/datapackage.zip"] = zipped
    publisher = next((c.get("title") for c in pkg.descriptor.get("contributors", []) if c.get("title")), pkg.title)
    files["data/index.md"] = site.page(
        "data/index.md", "data.html", "Data", "Download every figure as open data.", resources=_resources(site),
        zip_size=_size(len(zipped)),
        attribution=f"Contains public sector information licensed under the Open Government Licence v3.0. "
                    f"Source: {publisher}.")
    return files
