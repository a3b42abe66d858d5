"""The validated data package as frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Reporting:
    """The rule parameters from the ``reporting`` object of datapackage.json."""

    default_tolerance_percent: float = 5.0
    worsening_run: int = 3
    reporting_lag_days: int = 90
    financial_year_start_month: int = 4


REPORTING_DEFAULTS = Reporting()


@dataclass(frozen=True)
class Priority:
    id: str
    title: str
    summary: str = ""
    lead: str = ""
    order: int | None = None


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    priority: str
    mode: str
    approach: str
    polarity: str
    unit: str
    decimals: int
    frequency: str
    risk: str
    unit_label: str = ""
    tolerance: float | None = None
    owner: str = ""
    provider: str = ""
    definition: str = ""
    why_it_matters: str = ""
    source: str = ""


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    type: str = ""


@dataclass(frozen=True)
class Provider:
    id: str
    name: str
    type: str = ""
    url: str = ""
    contact: str = ""  # an email address or a public contact page, for returns (1.2)
    contract_end: str = ""  # YYYY-MM-DD, shown, never used in ratings (1.2)


@dataclass(frozen=True)
class Logo:
    """The council's logo, for its reports' PDFs: the file's bytes, "svg" or "png", and its words."""

    data: bytes
    format: str
    alt: str


@dataclass(frozen=True, eq=False)
class Package:
    """Everything the later stages need. Tables are read-only DataFrames:

    - measurements: indicator, period, area ("" = council-wide), value (float, NaN if blank), note
    - targets: indicator, period, target
    - commentary: indicator, period, commentary, action, action_owner, recovery_period
    - benchmarks: indicator, period, group, value
    """

    root: Path
    descriptor: dict[str, Any]
    reporting: Reporting
    priorities: tuple[Priority, ...]
    indicators: tuple[Indicator, ...]
    areas: tuple[Area, ...]
    providers: tuple[Provider, ...]
    measurements: pd.DataFrame
    targets: pd.DataFrame
    commentary: pd.DataFrame
    benchmarks: pd.DataFrame
    resource_names: tuple[str, ...] = field(default=())
    reports: tuple[dict[str, Any], ...] = field(default=(), compare=False)  # frozen reports' records, oldest first
    covers: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)  # their cover files, by period
    logo: Logo | None = field(default=None, compare=False)  # the council's logo (datapackage.json's image)
    postcodes: dict[str, str] = field(default_factory=dict, compare=False)  # postcode (normal form) -> area code
    boundaries: dict[str, Any] = field(default_factory=dict, compare=False)  # the areas' shapes by code (boundaries.Shapes)
    languages: tuple[str, ...] = ("en",)  # the site's languages, the main one first (reporting.languages)
    # {(resource, key, field, language): text}
    translations: dict[tuple[str, str, str, str], str] = field(default_factory=dict, compare=False)
    language: str = "en"  # the language its texts are in (translations.translated)

    @property
    def title(self) -> str:
        found = self.descriptor.get("title") or self.descriptor.get("name") or "Council performance"
        return found if isinstance(found, str) else str(found)  # (an Untranslated title keeps its mark)

    @property
    def fictional(self) -> bool:
        return bool(self.descriptor.get("fictional"))

    def has(self, resource: str) -> bool:
        return resource in self.resource_names

    def priorities_in_order(self) -> list[Priority]:
        big = 10**9
        return sorted(self.priorities, key=lambda p: (p.order if p.order is not None else big, p.title))
