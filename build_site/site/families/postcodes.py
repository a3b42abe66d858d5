"""Family: the postcode finder's lookup (contract 1.2, ``postcodes/<outward code>.json``): the
council's postcodes split by outward code, each file ``{inward code: area code}``, so that a
phone looking up ``SD1 2DE`` downloads only ``postcodes/SD1.json``, from the site itself.
Nothing without a ``postcodes`` resource."""

from __future__ import annotations

import json

from build_site.inputs.postcodes import shards
from build_site.site.families.base import Site

WRITES = ("postcodes",)  # where in docs/ (and so in the site) its files go
READS = ("postcodes",)


def render(site: Site) -> dict[str, bytes]:
    return {f"postcodes/{outward}.json": json.dumps(inward, separators=(",", ":"), sort_keys=True).encode("ascii")
            for outward, inward in shards(site.pkg.postcodes).items()}
