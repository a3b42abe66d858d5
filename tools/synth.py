"""Fictional councils: the curated sample, and generated ones for tests and benchmarks.

``sample_council()`` is the realistic example committed under ``data/``.
``generated_council(n, seed)`` makes a contract-true council of any size, with
every period kind, targets, areas and benchmarks; ``hostile=True`` fills the
free text with markup, pipes, braces and newlines that must show as written.
Both are deterministic for the same arguments.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import random
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from build_site.inputs import periods as P
from tools.fictional_boundaries import geojson_bytes

FY_START = 4
#: The last period of each kind that the sample publishes (as of late 2026).
LAST = {P.MONTH: "2026-09", P.QUARTER: "2026-Q3", P.FQ: "2026/27 Q2", P.YEAR: "2025", P.FY: "2025/26"}
FIRST = {P.MONTH: "2021-04", P.QUARTER: "2021-Q2", P.FQ: "2021/22 Q1", P.YEAR: "2021", P.FY: "2021/22"}

COLUMNS = {
    "priorities": ["id", "title", "summary", "lead", "order"],
    "indicators": ["id", "title", "priority", "mode", "approach", "polarity", "unit", "unit_label", "decimals",
                   "frequency", "risk", "tolerance", "owner", "provider", "definition", "why_it_matters", "source"],
    "measurements": ["indicator", "period", "area", "value", "note"],
    "targets": ["indicator", "period", "target"],
    "commentary": ["indicator", "period", "commentary", "action", "action_owner", "recovery_period"],
    "areas": ["code", "name", "type"],
    "postcodes": ["postcode", "area"],
    "providers": ["id", "name", "type", "url", "contact", "contract_end"],
    "benchmarks": ["indicator", "period", "group", "value"],
    "translations": ["resource", "key", "field", "language", "text"],
}
#: The curated sample's Welsh: its priorities, several indicators, areas and a provider (the rest
#: of its text shows the fallback, in English and marked as such).
SAMPLE_TRANSLATIONS = Path(__file__).with_name("sample_translations.csv")


def series(kind: str, first: str | None = None, last: str | None = None) -> list[P.Period]:
    """Every period of ``kind`` from ``first`` to ``last`` inclusive."""
    p = P.parse_period(first or FIRST[kind], FY_START)
    end = P.parse_period(last or LAST[kind], FY_START)
    out = []
    while p.start <= end.start:
        out.append(p)
        p = P.next_period(p, FY_START)
    return out


def _fy_of(period: P.Period) -> str:
    return P.containing(P.FY, period.start, FY_START).text


def _fmt(value: float, decimals: int) -> str:
    text = f"{value:.{decimals}f}"
    return "0" if text in ("-0", "-0.0") else text


@dataclass(frozen=True)
class Spec:
    """How the sample draws one indicator."""

    id: str
    title: str
    priority: str
    mode: str
    polarity: str
    unit: str
    frequency: str
    kind: str
    start: float
    end: float
    target: float | None
    decimals: int = 1
    approach: str = "maintain"
    risk: str = "medium"
    noise: float = 0.0
    tolerance: float | None = None
    unit_label: str = ""
    owner: str = ""
    provider: str = ""
    definition: str = ""
    why: str = ""
    source: str = ""
    low: float = 0.0
    high: float | None = None
    last: str | None = None  # stop early: overdue
    worsening: int = 0  # force the last N changes to worsen
    areas: bool = False
    benchmark: tuple[str, float] | None = None
    commentary: tuple[str, str, str, str] | None = None  # commentary, action, owner, recovery
    cumulative: bool = False  # council-tax style, builds up through the financial year
    blank_latest: str = ""  # a note: the latest council-wide value is blank
    target_step: float = 0.0  # how the target moves each year


def _draw(spec: Spec, rng: random.Random) -> list[tuple[P.Period, float]]:
    periods = series(spec.kind, last=spec.last)
    n = len(periods)
    values = []
    for i, p in enumerate(periods):
        trend = spec.start + (spec.end - spec.start) * (i / max(n - 1, 1))
        v = trend + rng.gauss(0, spec.noise)
        if spec.cumulative:
            months_in = (p.start.year * 12 + p.start.month) - (int(_fy_of(p)[:4]) * 12 + FY_START) + 1
            v = min(spec.end * months_in / 12 + rng.gauss(0, spec.noise), 100)
        values.append(v)
    if spec.worsening and n > spec.worsening:
        sign = -1 if spec.polarity == "higher" else 1
        base = values[-spec.worsening - 1]
        step = max(abs(spec.end - spec.start) / n, spec.noise, 10 ** -spec.decimals) * 1.5
        for k in range(1, spec.worsening + 1):
            values[-spec.worsening - 1 + k] = base + sign * step * k
    hi = spec.high if spec.high is not None else (100.0 if spec.unit == "percent" else None)
    out = []
    for p, v in zip(periods, values):
        v = max(v, spec.low)
        if hi is not None:
            v = min(v, hi)
        out.append((p, round(v, spec.decimals + 1)))
    return out


PRIORITIES = [
    ("clean-green", "Clean, green and safe streets",
     "Streets that are clean and safe, less waste, and more of it recycled.", "Cabinet Member for Environment", 1),
    ("homes", "Homes for everyone",
     "More affordable homes, fewer people homeless, and council homes kept in good repair.",
     "Cabinet Member for Housing", 2),
    ("economy", "A thriving local economy",
     "Timely planning decisions, growing businesses and good jobs.", "Director of Place", 3),
    ("health-wellbeing", "Healthy and independent lives",
     "People supported to stay well and independent, with help when they need it.",
     "Director of Communities", 4),
    ("customers", "Easy to deal with",
     "Residents can reach us, get answers first time and be paid or helped quickly.",
     "Cabinet Member for Customer Services", 5),
    ("well-run", "A well-run council",
     "Money collected and spent well, and a healthy workforce.", "Chief Finance Officer", 6),
    ("community-safety", "Safe and strong communities",
     "Less crime and anti-social behaviour, and support for victims.", "Cabinet Member for Communities", 7),
]

AREAS = [
    ("E05099901", "Abbey", "ward"), ("E05099902", "Brookside", "ward"), ("E05099903", "Castle", "ward"),
    ("E05099904", "Dene Valley", "ward"), ("E05099905", "Eastfield", "ward"), ("E05099906", "Fairmead", "ward"),
    ("E05099907", "Greenhill", "ward"), ("E05099908", "Harbour", "ward"), ("E05099909", "Kingsway", "ward"),
    ("E05099910", "Millbrook", "ward"),
]

PROVIDERS = [  # (id, name, type, url, contact for returns, contract end)
    ("council-services", "Sample District Council (in-house teams)", "in-house", "",
     "performance@sample.example.gov.uk", ""),
    ("greenway-environmental", "Greenway Environmental Ltd (fictional)", "commissioned", "https://example.org/greenway",
     "contracts@greenway.example.org", "2029-03-31"),
    ("revenues-partnership", "Sample Shared Revenues and Benefits Partnership (fictional)", "partnership",
     "https://example.org/revenues", "https://example.org/revenues/contact", ""),
    ("sample-homes", "Sample Homes (fictional housing management company)", "commissioned", "",
     "returns@samplehomes.example.org", "2028-09-30"),
    ("active-leisure-trust", "Active Sample Leisure Trust (fictional)", "commissioned", "https://example.org/leisure",
     "data@leisure.example.org", "2027-03-31"),
    ("citizens-advice-sample", "Citizens Advice Sample District (fictional)", "community", "https://example.org/advice",
     "", ""),
    ("community-safety-partnership", "Sample Community Safety Partnership (fictional)", "partnership", "",
     "csp@sample.example.gov.uk", ""),
]

C = "Sample District Council internal records (fictional)"
SPECS = [
    # ---- clean, green and safe
    Spec("household-recycling", "Household waste sent for reuse, recycling and composting", "clean-green", "managed",
         "higher", "percent", "quarterly", P.FQ, 41.0, 44.6, 50.0, approach="improve", risk="high", noise=0.9,
         owner="Head of Waste and Recycling", provider="greenway-environmental",
         definition="Tonnes of household waste sent for reuse, recycling or composting divided by all household "
                    "waste collected (national indicator NI 192).",
         why="Recycling more saves money on disposal and cuts the district's carbon emissions.",
         source="WasteDataFlow returns (fictional figures)", areas=True, benchmark=("England median", 42.3),
         commentary=("Garden waste tonnage fell in the dry summer and contamination in recycling bins rose.",
                     "Door-knocking campaign in the three wards with the highest contamination; bin-tag trial.",
                     "Head of Waste and Recycling", "2026/27 Q4")),
    Spec("residual-waste-per-household", "Residual household waste per household", "clean-green", "monitored",
         "lower", "number", "quarterly", P.FQ, 128, 117, 120, decimals=0, noise=3, unit_label="kg per household",
         owner="Head of Waste and Recycling", provider="greenway-environmental",
         definition="Kilograms of household waste not reused, recycled or composted, per household (NI 191).",
         why="Less waste in the black bin means less sent to landfill or incineration.",
         source="WasteDataFlow returns (fictional figures)", benchmark=("England median", 130)),
    Spec("missed-bins", "Missed bin collections per 100,000 collections", "clean-green", "managed", "lower", "rate",
         "monthly", P.MONTH, 48, 71, 60, decimals=0, risk="high", noise=4, unit_label="per 100,000 collections",
         owner="Contract Manager, Waste", provider="greenway-environmental", worsening=3,
         definition="Reported missed collections that were the contractor's fault, per 100,000 scheduled collections.",
         why="A missed bin is one of the most common reasons residents contact us.",
         source="Contractor's collection system (fictional figures)",
         commentary=("New rounds introduced in June caused missed streets in Harbour and Kingsway.",
                     "Round re-planning completed; in-cab technology being rolled out to all crews.",
                     "Contract Manager, Waste", "2026-12")),
    Spec("street-cleanliness", "Streets at an acceptable standard of cleanliness", "clean-green", "managed", "higher",
         "percent", "quarterly", P.FQ, 92.0, 93.5, 92.0, approach="maintain", risk="medium", noise=0.8,
         owner="Head of Street Scene", provider="council-services", areas=True,
         definition="Share of sites inspected that meet grade B or above for litter and detritus (Local Environmental "
                    "Quality Survey method).",
         why="Clean streets make neighbourhoods feel cared for and safe.",
         source="Local environmental quality surveys (fictional figures)"),
    Spec("fly-tipping-cleared", "Fly-tipping incidents cleared within 2 working days", "clean-green", "monitored",
         "higher", "percent", "monthly", P.MONTH, 88, 91, 90, noise=2.2, owner="Head of Street Scene",
         provider="council-services",
         definition="Reported fly-tips on public land removed within two working days of the report.",
         why="Quick removal stops more waste being dumped in the same place.", source="Street scene case system"),
    Spec("fly-tipping-incidents", "Fly-tipping incidents reported", "clean-green", "monitored", "none", "number",
         "quarterly", P.FQ, 410, 465, None, decimals=0, noise=30, owner="Head of Street Scene", areas=True,
         definition="Fly-tipping incidents on public land reported to the council.",
         why="Shows where and how often waste is dumped, so enforcement can be targeted.",
         source="Flycapture returns (fictional figures)"),
    Spec("grass-cutting-cycles", "Grass verges cut on schedule", "clean-green", "monitored", "higher", "percent",
         "quarterly", P.FQ, 96, 82, 80, approach="managed-decline", risk="low", noise=1.5, owner="Head of Parks",
         provider="council-services",
         definition="Scheduled verge-cutting visits completed in the quarter. Council agreed in 2023 to reduce cuts "
                    "to create wildflower verges; the floor is 80%.",
         why="Fewer cuts save money and help pollinators, while keeping sight lines safe.",
         source="Grounds maintenance schedule"),
    # ---- homes
    Spec("affordable-homes", "Affordable homes delivered", "homes", "managed", "higher", "number", "annual", P.FY, 142,
         118, 150, decimals=0, approach="improve", risk="high", noise=10, owner="Head of Housing Strategy",
         definition="Net additional affordable homes (social rent, affordable rent and shared ownership) completed.",
         why="Affordable homes let local people and key workers stay in the district.",
         source="Housing delivery monitoring (fictional figures)", target_step=10,
         commentary=("Two large schemes slipped into next year after contractor insolvency.",
                     "New contractor appointed; Homes England grant re-profiled.", "Head of Housing Strategy",
                     "2026/27")),
    Spec("temporary-accommodation", "Households in temporary accommodation", "homes", "managed", "lower", "number",
         "quarterly", P.FQ, 96, 154, 110, decimals=0, approach="improve", risk="high", noise=5,
         owner="Head of Housing Options",
         definition="Households the council has placed in temporary accommodation at the end of the quarter.",
         why="Temporary accommodation is unsettling for families and costly for the council.",
         source="H-CLIC returns (fictional figures)", benchmark=("Nearest neighbours average", 120),
         commentary=("Demand rose as private rents increased and more landlords sold up.",
                     "Leasing scheme for 40 homes; prevention fund doubled.", "Head of Housing Options",
                     "2027/28 Q1")),
    Spec("homelessness-prevented", "Homelessness cases prevented or relieved", "homes", "monitored", "higher",
         "percent", "quarterly", P.FQ, 58, 61, 60, noise=2.5, owner="Head of Housing Options",
         provider="citizens-advice-sample",
         definition="Cases where the prevention or relief duty ended with accommodation secured.",
         why="Helping people before they lose their home is better for them and costs less.", source="H-CLIC returns"),
    Spec("homelessness-approaches", "People approaching the council as homeless or at risk", "homes", "monitored",
         "none", "number", "quarterly", P.FQ, 310, 398, None, decimals=0, noise=18, owner="Head of Housing Options",
         definition="New approaches for housing advice where the person is homeless or at risk within 56 days.",
         why="Shows demand on the housing options service.", source="Housing options case system"),
    Spec("empty-homes-rent-loss", "Rent lost because council homes are empty", "homes", "monitored", "lower",
         "percent", "monthly", P.MONTH, 1.6, 1.1, 1.2, decimals=2, noise=0.12, provider="sample-homes",
         owner="Director of Operations, Sample Homes",
         definition="Rent not collected on empty (void) council homes as a share of the rent that could be collected.",
         why="Every empty home is a family waiting and rent that pays for repairs lost.",
         source="Housing management system"),
    Spec("repairs-days", "Average days to complete non-emergency repairs", "homes", "managed", "lower", "days",
         "monthly", P.MONTH, 14.5, 19.8, 15, decimals=1, approach="improve", risk="medium", noise=0.8,
         provider="sample-homes", owner="Director of Operations, Sample Homes", worsening=3,
         definition="Mean calendar days from a tenant reporting a routine repair to its completion.",
         why="Slow repairs affect tenants' health and comfort, and can let damp and mould take hold.",
         source="Repairs system (fictional figures)",
         commentary=("A backlog of damp and mould surveys has taken operatives from routine work.",
                     "Two extra repair teams from October; weekend working until the backlog is cleared.",
                     "Director of Operations, Sample Homes", "2027-03")),
    Spec("decent-homes", "Council homes meeting the Decent Homes Standard", "homes", "monitored", "higher", "percent",
         "annual", P.FY, 94, 96.5, 95, noise=0.4, provider="sample-homes", owner="Director of Assets, Sample Homes",
         definition="Council homes meeting all four criteria of the Decent Homes Standard at 31 March.",
         why="Everyone deserves a home that is warm, safe and in good repair.", source="Stock condition survey"),
    # ---- economy
    Spec("major-planning-13-weeks", "Major planning applications decided within 13 weeks", "economy", "managed",
         "higher", "percent", "quarterly", P.FQ, 78, 84, 75, decimals=0, risk="medium", noise=5,
         owner="Head of Planning", provider="council-services", benchmark=("England median", 86),
         definition="Major applications decided within 13 weeks or an agreed extension of time (PS1/PS2 returns).",
         why="Timely decisions give developers certainty and bring homes and jobs sooner.",
         source="Planning statistics returns (fictional figures)"),
    Spec("minor-planning-8-weeks", "Minor planning applications decided within 8 weeks", "economy", "monitored",
         "higher", "percent", "quarterly", P.FQ, 81, 86, 80, decimals=0, noise=3, owner="Head of Planning",
         provider="council-services",
         definition="Minor applications decided within 8 weeks or an agreed extension of time.",
         why="Most planning applications are minor: householders and small firms want quick answers.",
         source="Planning statistics returns"),
    Spec("planning-applications-received", "Planning applications received", "economy", "monitored", "none",
         "number", "quarterly", P.FQ, 520, 455, None, decimals=0, noise=25, owner="Head of Planning",
         definition="All planning applications validated in the quarter.",
         why="Shows demand on the planning service and confidence in local development.",
         source="Planning case system"),
    Spec("business-rates-collected", "Business rates collected (cumulative)", "economy", "monitored", "higher",
         "percent", "monthly", P.MONTH, 97.8, 98.2, None, decimals=1, noise=0.5, cumulative=True,
         provider="revenues-partnership", owner="Head of Revenues and Benefits",
         definition="Non-domestic rates collected so far in the financial year as a share of the year's net "
                    "collectable debit.",
         why="Business rates pay for local services; collecting them keeps council tax down.",
         source="Revenues system"),
    Spec("employment-rate", "Working-age residents in employment", "economy", "monitored", "higher", "percent",
         "annual", P.YEAR, 76.2, 77.4, 75, noise=0.6, owner="Head of Economic Development",
         definition="Residents aged 16-64 in employment (Annual Population Survey).",
         why="Good jobs are the foundation of a good standard of living.",
         source="ONS Annual Population Survey (fictional figures)", benchmark=("England average", 75.7)),
    Spec("town-centre-vacancy", "Town centre shop units vacant", "economy", "monitored", "lower", "percent",
         "annual", P.YEAR, 14.2, 11.8, 12, noise=0.5, owner="Head of Economic Development",
         definition="Ground-floor commercial units in the three town centres empty at the annual survey.",
         why="Busy high streets support local businesses and jobs.", source="Town centre health check",
         last="2024"),
    # ---- health and wellbeing
    Spec("leisure-visits", "Visits to leisure centres", "health-wellbeing", "monitored", "higher", "number",
         "quarterly", P.FQ, 182000, 214000, 200000, decimals=0, noise=9000, provider="active-leisure-trust",
         owner="Leisure Contract Manager",
         definition="Paid and free admissions to the district's three leisure centres.",
         why="Active lives are healthier lives.", source="Leisure trust's booking system (fictional figures)"),
    Spec("leisure-memberships", "Active leisure centre memberships", "health-wellbeing", "monitored", "higher",
         "number", "quarterly", P.FQ, 4100, 4420, None, decimals=0, risk="low", noise=40,
         provider="active-leisure-trust", owner="Leisure Contract Manager",
         definition="Memberships of the district's leisure centres that were paid up at the end of the quarter.",
         why="A steady membership keeps the centres open and affordable.",
         source="Leisure trust's membership system (fictional figures)", last="2025/26 Q4"),  # (its return is late)
    Spec("library-visits", "Library visits per 1,000 population", "health-wellbeing", "monitored", "higher", "rate",
         "annual", P.FY, 3900, 3050, 3000, decimals=0, approach="managed-decline", risk="low", noise=60,
         unit_label="per 1,000 population", owner="Head of Libraries",
         definition="Physical visits to the district's libraries per 1,000 residents. Council agreed in 2022 to move "
                    "two branches to reduced hours; the floor is 3,000.",
         why="Libraries remain a free, warm, trusted place; the floor protects core access.",
         source="Library management system"),
    Spec("disabled-facilities-grants", "Average weeks to deliver a disabled facilities grant", "health-wellbeing",
         "managed", "lower", "weeks", "quarterly", P.FQ, 26, 31, 26, decimals=1, approach="improve", risk="medium",
         noise=1.2, owner="Head of Private Sector Housing",
         definition="Mean weeks from a completed application to the adaptation being finished.",
         why="Adaptations such as stairlifts and level-access showers let people stay in their own homes.",
         source="Grants case system",
         commentary=("Contractor shortages have lengthened waiting times for level-access showers.",
                     "Framework of four additional contractors approved in September.",
                     "Head of Private Sector Housing", "2027/28 Q1")),
    Spec("adult-physical-activity", "Adults who are physically active", "health-wellbeing", "monitored", "higher",
         "percent", "annual", P.YEAR, 64.1, 66.0, 65, noise=0.8, owner="Director of Public Health (county)",
         definition="Adults doing at least 150 minutes of moderate activity a week (Active Lives survey).",
         why="Physical activity reduces the risk of many long-term illnesses.",
         source="Sport England Active Lives (fictional figures)", benchmark=("England average", 67.1)),
    Spec("advice-clients-helped", "Residents helped by the advice service", "health-wellbeing", "monitored", "none",
         "number", "quarterly", P.FQ, 1450, 1910, None, decimals=0, noise=80, provider="citizens-advice-sample",
         owner="Grants Officer",
         definition="Unique clients given advice on debt, benefits, housing or employment.",
         why="Shows demand for independent advice as living costs rise.",
         source="Citizens Advice case records (fictional figures)"),
    # ---- customers
    Spec("calls-answered-15s", "Calls answered within 15 seconds", "customers", "managed", "higher", "percent",
         "monthly", P.MONTH, 72, 64, 70, decimals=1, approach="improve", risk="medium", noise=2.5,
         owner="Head of Customer Services", provider="council-services", tolerance=3,
         definition="Calls to the main contact centre number answered by an adviser within 15 seconds.",
         why="Residents should be able to reach us quickly when they need to.", source="Telephony system",
         commentary=("Call volumes rose 18% after the garden waste renewal letters.",
                     "Online renewal promoted; two advisers moved from back office at peak times.",
                     "Head of Customer Services", "2027-01")),
    Spec("complaints-on-time", "Complaints answered within 10 working days", "customers", "monitored", "higher",
         "percent", "monthly", P.MONTH, 86, 88, 85, decimals=0, noise=3, owner="Complaints Manager",
         definition="Stage 1 complaints given a full response within 10 working days.",
         why="A timely answer is the first step to putting things right.", source="Complaints system",
         last="2026-03"),
    Spec("benefit-new-claims-days", "Average days to process new Housing Benefit claims", "customers", "managed",
         "lower", "days", "monthly", P.MONTH, 21, 17.4, 19, decimals=1, approach="improve", risk="high", noise=1.1,
         provider="revenues-partnership", owner="Head of Revenues and Benefits",
         benchmark=("Great Britain average", 19),
         definition="Mean calendar days from receiving a new claim to deciding it (DWP SHBE method).",
         why="Slow decisions can push people into rent arrears.", source="Benefits system (fictional figures)"),
    Spec("benefit-changes-days", "Average days to process Housing Benefit changes of circumstances", "customers",
         "monitored", "lower", "days", "monthly", P.MONTH, 7.5, 6.2, 8, decimals=1, noise=0.6,
         provider="revenues-partnership", owner="Head of Revenues and Benefits",
         definition="Mean days to process a reported change in circumstances.",
         why="Quick changes keep payments right and avoid overpayments.", source="Benefits system"),
    Spec("online-transactions", "Transactions completed online", "customers", "monitored", "higher", "percent",
         "quarterly", P.QUARTER, 55, 71, 65, decimals=0, approach="improve", noise=1.5,
         owner="Head of Digital", definition="Service requests and payments completed through the website.",
         why="Online services are open all hours and free up advisers for those who need help.",
         source="Web analytics and payment systems"),
    Spec("customer-satisfaction", "Residents satisfied with the way the council runs things", "customers",
         "monitored", "higher", "percent", "annual", P.YEAR, 61, 58, 60, decimals=0, noise=1.2,
         owner="Head of Communications", benchmark=("LGA polling, England", 56),
         definition="Residents' survey respondents very or fairly satisfied (LGA question wording).",
         why="Satisfaction tells us how residents feel about services as a whole.", source="Residents' survey"),
    # ---- well-run
    Spec("council-tax-collected", "Council tax collected (cumulative through the year)", "well-run", "managed",
         "higher", "percent", "monthly", P.MONTH, 97.6, 97.1, None, decimals=1, risk="high", noise=0.3,
         cumulative=True, provider="revenues-partnership", owner="Head of Revenues and Benefits",
         definition="Council tax collected so far in the financial year as a share of the year's net collectable "
                    "debit. Monthly targets follow the collection profile; the year target is 97.5%.",
         why="Council tax pays for local services; every percentage point is about £0.9m.",
         source="Revenues system (fictional figures)"),
    Spec("invoices-paid-30-days", "Undisputed invoices paid within 30 days", "well-run", "monitored", "higher",
         "percent", "monthly", P.MONTH, 93, 95.5, 95, decimals=1, noise=1.0, owner="Head of Finance",
         definition="Undisputed invoices from suppliers paid within 30 days of receipt.",
         why="Paying on time matters most to small local businesses.", source="Finance system"),
    Spec("sickness-days", "Working days lost to sickness per full-time employee", "well-run", "managed", "lower",
         "days", "quarterly", P.FQ, 2.1, 2.6, 2.0, decimals=2, approach="improve", risk="medium", noise=0.15,
         owner="Head of HR", definition="Days lost to sickness absence in the quarter per full-time equivalent "
                                        "employee (rolling figures are on the HR dashboard).",
         why="Lower sickness absence means a healthier workforce and more reliable services.",
         source="HR system", commentary=("Long-term absence for stress and musculoskeletal conditions rose.",
                                         "Occupational health contract re-let; managers trained in return-to-work.",
                                         "Head of HR", "2027/28 Q2")),
    Spec("budget-variance", "Forecast revenue budget variance", "well-run", "monitored", "lower", "gbp", "quarterly",
         P.FQ, 400000, 250000, 0, decimals=0, noise=150000, tolerance=500000, low=-2000000, high=5000000,
         owner="Chief Finance Officer", definition="Forecast year-end overspend (positive) or underspend "
                                                   "(negative) against the net revenue budget.",
         why="Keeping to budget protects services and reserves.", source="Budget monitoring reports",
         last="2025/26 Q4"),
    Spec("staff-turnover", "Staff turnover", "well-run", "monitored", "lower", "percent", "annual", P.FY, 13.5, 11.9,
         12, noise=0.5, owner="Head of HR", definition="Leavers in the year as a share of average headcount.",
         why="Keeping experienced staff keeps services steady.", source="HR system", last="2024/25"),
    Spec("agency-spend", "Spending on agency staff", "well-run", "monitored", "lower", "gbp", "annual", P.FY,
         1900000, 1450000, 1500000, decimals=0, noise=60000, tolerance=75000, owner="Head of HR",
         definition="Money spent on temporary agency workers in the financial year.",
         why="Agency staff cost more than employees; lower spend means more money for services.",
         source="Finance system"),
    # ---- community safety
    Spec("antisocial-behaviour", "Anti-social behaviour incidents per 1,000 population", "community-safety",
         "managed", "lower", "rate", "quarterly", P.FQ, 7.9, 6.4, 7.0, decimals=1, approach="improve", risk="medium",
         noise=0.35, unit_label="per 1,000 population", provider="community-safety-partnership",
         owner="Community Safety Manager", areas=True,
         definition="Incidents of anti-social behaviour recorded by police in the district, per 1,000 residents.",
         why="Anti-social behaviour harms people's sense of safety where they live.",
         source="Police recorded incidents (fictional figures)"),
    Spec("domestic-abuse-incidents", "Domestic abuse incidents reported to police", "community-safety",
         "monitored", "none", "number", "quarterly", P.FQ, 640, 702, None, decimals=0, noise=30, areas=True,
         provider="community-safety-partnership", owner="Community Safety Manager",
         definition="Domestic abuse related incidents and crimes recorded by police in the district. Ward figures "
                    "under 5 are suppressed.",
         why="Shows demand on support services; a rise can mean more victims feel able to report.",
         source="Police recorded data (fictional figures)"),
    Spec("cctv-fault-days", "CCTV cameras out of action", "community-safety", "monitored", "lower", "percent",
         "monthly", P.MONTH, 4, 9.5, 10, decimals=1, approach="managed-decline", risk="low", noise=0.5,
         owner="Community Safety Manager", definition="Average share of public space CCTV cameras not working in the "
                                                      "month. Council agreed not to replace ageing cameras in low-crime "
                                                      "areas; the agreed ceiling is 10%.",
         why="Cameras help prevent and solve crime in town centres.", source="CCTV control room log"),
    Spec("licensing-inspections", "Licensed premises inspected on schedule", "community-safety", "monitored",
         "higher", "percent", "quarterly", P.FQ, 90, 93, 90, decimals=0, noise=3, owner="Licensing Manager",
         definition="Risk-based inspections of licensed premises completed when due.",
         why="Inspections keep pubs, clubs and taxis safe.", source="Licensing system",
         blank_latest="not collected: licensing system migration"),
    Spec("food-hygiene-broadly-compliant", "Food businesses broadly compliant with hygiene law", "community-safety",
         "monitored", "higher", "percent", "annual", P.FY, 94, 96, 95, decimals=1, noise=0.4,
         owner="Environmental Health Manager",
         definition="Food businesses rated 3 or above under the Food Hygiene Rating Scheme at 31 March.",
         why="Residents should be able to eat out safely.", source="Food Standards Agency returns",
         benchmark=("England average", 96.2)),
    Spec("noise-complaints", "Noise complaints received", "community-safety", "monitored", "none", "number",
         "monthly", P.MONTH, 160, 185, None, decimals=0, noise=20, owner="Environmental Health Manager",
         definition="Complaints about noise from homes and businesses received by environmental health.",
         why="Shows demand on environmental health and where nuisance is a problem.",
         source="Environmental health case system"),
]


def _cumulative_targets(spec: Spec, fy_periods: list[str]) -> list[tuple[str, str, float]]:
    """A year target plus a monthly collection profile (the most specific target wins)."""
    rows = []
    for fy in fy_periods:
        rows.append((spec.id, fy, 97.5 if spec.id == "council-tax-collected" else 98.0))
        fy_start = P.parse_period(fy, FY_START).start
        for k in range(11):
            month = P.containing(P.MONTH, date(fy_start.year + (fy_start.month + k - 1) // 12,
                                               (fy_start.month + k - 1) % 12 + 1, 1), FY_START)
            rows.append((spec.id, month.text, round(min(97.5 * (k + 1) / 12 - 0.3, 97.5), 1)))
    return rows


def _tables_for(specs: list[Spec], priorities, areas, providers, seed: int) -> dict[str, list[list[str]]]:
    t = {name: [] for name in COLUMNS}
    for pid, title, summary, lead, order in priorities:
        t["priorities"].append([pid, title, summary, lead, str(order)])
    for code, name, kind in areas:
        t["areas"].append([code, name, kind])
    for pid, name, kind, url, *returns_to in providers:  # (contact and contract end: the sample's, since 1.2)
        t["providers"].append([pid, name, kind, url, *(returns_to or ["", ""])])
    for spec in specs:
        rng = random.Random(zlib.crc32(spec.id.encode()) ^ seed)
        t["indicators"].append([
            spec.id, spec.title, spec.priority, spec.mode, spec.approach, spec.polarity, spec.unit,
            spec.unit_label, str(spec.decimals), spec.frequency, spec.risk,
            "" if spec.tolerance is None else f"{spec.tolerance:g}", spec.owner, spec.provider, spec.definition,
            spec.why, spec.source or C])
        drawn = _draw(spec, rng)
        for i, (p, v) in enumerate(drawn):
            if spec.blank_latest and i == len(drawn) - 1:
                t["measurements"].append([spec.id, p.text, "", "", spec.blank_latest])
            else:
                note = "provisional" if i == len(drawn) - 1 and spec.frequency != "annual" else ""
                t["measurements"].append([spec.id, p.text, "", _fmt(v, spec.decimals + 1), note])
        if spec.areas:
            for p, v in drawn[-8:]:
                for k, (code, _, _) in enumerate(areas):
                    factor = 1 + ((k * 37 % 11) - 5) / 40
                    wv = v * factor + rng.gauss(0, spec.noise / 2)
                    if spec.unit == "percent":
                        wv = min(wv, 100)
                    if spec.id == "domestic-abuse-incidents":
                        wv = v / len(areas) * factor
                        if k in (3, 6) and p == drawn[-1][0]:
                            t["measurements"].append([spec.id, p.text, code, "", "suppressed: fewer than 5 cases"])
                            continue
                    t["measurements"].append([spec.id, p.text, code, _fmt(max(wv, 0), spec.decimals + 1), ""])
        years = sorted({_fy_of(p) if spec.kind in (P.MONTH, P.FQ, P.FY) else str(p.start.year) for p, _ in drawn})
        if spec.kind == P.QUARTER:
            years = sorted({str(p.start.year) for p, _ in drawn})
        if spec.cumulative:
            t["targets"].extend([[a, b, f"{c:g}"] for a, b, c in _cumulative_targets(spec, years)])
        elif spec.target is not None:
            for k, y in enumerate(years):
                shift = spec.target_step * (k - len(years) + 1)
                t["targets"].append([spec.id, y, _fmt(spec.target + shift, spec.decimals)])
        if spec.benchmark:
            group, level = spec.benchmark
            for p, _ in drawn[-5:] if spec.frequency != "monthly" else []:
                t["benchmarks"].append([spec.id, p.text, group, _fmt(level + rng.gauss(0, spec.noise / 3),
                                                                     spec.decimals + 1)])
        if spec.commentary:
            # a recovery promise: none, for the latest period itself (due now), for the next one
            # (not due yet), or made a period earlier for the latest (the latest row makes none)
            text, action, owner, promise = spec.commentary
            latest = drawn[-1][0]
            recovery = {"": "", "same": latest.text, "next": P.next_period(latest, FY_START).text,
                        "earlier": ""}.get(promise, promise)  # (the curated sample names its periods)
            t["commentary"].append([spec.id, latest.text, text, action, owner, recovery])
            if len(drawn) > 1:
                earlier = latest.text if promise == "earlier" else ""
                t["commentary"].append([spec.id, drawn[-2][0].text, "Early signs of the pressure described in the "
                                        "latest commentary.", "Monitoring weekly.", owner, earlier])
    return t


def postcodes_for(areas, outward: str) -> list[list[str]]:
    """Fictional postcodes for the areas (three each, in the UK postcode shape: ``SD1 1AB``),
    one outward code for each area, as the postcode finder reads them."""
    return [[f"{outward}{k + 1} {n}{inward}", area[0]] for k, area in enumerate(areas)
            for n, inward in ((1, "AB"), (2, "DE"), (3, "FG"))]


def sample_council() -> dict[str, list[list[str]]]:
    """The curated fictional sample, as {resource: rows}."""
    tables = _tables_for(SPECS, PRIORITIES, AREAS, PROVIDERS, seed=2026)
    tables["postcodes"] = postcodes_for(AREAS, "SD")
    tables["translations"] = list(csv.reader(io.StringIO(SAMPLE_TRANSLATIONS.read_text(encoding="utf-8"))))[1:]
    return tables


HOSTILE = [
    "<script>alert('x')</script>",
    "[click me](javascript:alert(1))",
    "a | table | pipe",
    "{{ config.site_name }} {% raw %}",
    "line one\nline two",
    "**bold** _under_ `code` # heading",
    "<img src=x onerror=alert(1)>",
    "&amp; &lt;b&gt; ampersands",
    "Ünïcödé — “quotes” ‘and’ £€",
    "--- \n---",
]


def generated_council(n: int, seed: int = 1, hostile: bool = False, n_areas: int = 12,
                      n_priorities: int | None = None) -> dict[str, list[list[str]]]:
    """A random but contract-true council of ``n`` indicators."""
    rng = random.Random(seed)
    n_priorities = n_priorities or max(2, min(12, n // 8))

    def text(base: str) -> str:
        if hostile and rng.random() < 0.5:
            return f"{base} {rng.choice(HOSTILE)}"
        return base

    priorities = [(f"priority-{k + 1}", text(f"Priority {k + 1}"), text(f"What priority {k + 1} is about."),
                   text("Cabinet Member"), k % 3) for k in range(n_priorities)]
    areas = [(f"E0509{k:04d}", text(f"Ward {k + 1}"), "ward") for k in range(n_areas)]
    providers = [(f"provider-{k + 1}", text(f"Provider {k + 1}"), kind, f"https://example.org/p{k}")
                 for k, kind in enumerate(["in-house", "commissioned", "partnership", "community", "commissioned"])]
    specs = []
    frequency_kinds = [("monthly", P.MONTH), ("quarterly", P.QUARTER), ("quarterly", P.FQ), ("annual", P.YEAR),
                       ("annual", P.FY)]
    for i in range(n):
        frequency, kind = frequency_kinds[i % len(frequency_kinds)]
        polarity = rng.choice(["higher", "higher", "lower", "lower", "none"])
        approach = rng.choice(["improve", "maintain", "maintain", "managed-decline"]) if polarity != "none" else "maintain"
        unit = rng.choice(["percent", "number", "days", "weeks", "gbp", "rate", "score"])
        start = rng.uniform(10, 90)
        end = start + rng.uniform(-15, 15)
        target = None if polarity == "none" or rng.random() < 0.1 else \
            round(rng.uniform(min(start, end), max(start, end)) + rng.uniform(-3, 3), 1)
        last = None
        if rng.random() < 0.1:
            last = series(kind)[-rng.randint(3, 5)].text
        specs.append(Spec(
            id=f"ind-{i + 1:05d}", title=text(f"Indicator {i + 1}"), priority=priorities[i % n_priorities][0],
            mode=rng.choice(["managed", "monitored"]), polarity=polarity, unit=unit, frequency=frequency,
            kind=kind, start=start, end=end, target=target, decimals=rng.randint(0, 2), approach=approach,
            risk=rng.choice(["low", "medium", "high"]), noise=rng.uniform(0, 3),
            tolerance=rng.choice([None, None, round(rng.uniform(0, 4), 1)]),
            unit_label="per 1,000" if unit in ("rate", "score") else "", owner=text("Service owner"),
            provider=rng.choice([""] + [p[0] for p in providers]), definition=text("How it is counted."),
            why=text("Why residents care."), source=text("Where it comes from"), last=last,
            worsening=rng.choice([0, 0, 0, 2, 3]) if polarity != "none" else 0, areas=rng.random() < 0.3,
            benchmark=("England median", round(start, 1)) if rng.random() < 0.3 else None,
            commentary=(text("Why it is so."), text("What we do."), text("Officer"),
                        rng.choice(["", "same", "next", "earlier"])) if rng.random() < 0.5 else None,
            blank_latest="not collected" if rng.random() < 0.03 else ""))
    # every council has a rated indicator whose latest figure is blank (a "no data" rating),
    # however the dice fell: the tests rely on seeing every rating
    rated = [k for k, sp in enumerate(specs) if sp.polarity != "none" and sp.target is not None and not sp.last]
    if rated and not any(specs[k].blank_latest for k in rated):
        specs[rated[0]] = dataclasses.replace(specs[rated[0]], blank_latest="not collected")
    tables = _tables_for(specs, priorities, areas, providers, seed)
    tables["postcodes"] = postcodes_for(areas, "GC")
    return tables


def to_csv(columns: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def package_files(tables: dict[str, list[list[str]]], descriptor: dict, title: str | None = None,
                  fictional: bool = True) -> dict[str, bytes]:
    """{relative path: bytes} for a whole package: the descriptor and every CSV. Without a
    ``translations`` table, the package is in English alone (the contract's descriptor, like the
    sample's, is in English and Welsh)."""
    descriptor = json.loads(json.dumps(descriptor))
    if title:
        descriptor["title"] = title
    descriptor["fictional"] = fictional
    descriptor.pop("image", None)  # (a generated council has no logo: the sample's is the sample's)
    if "translations" not in tables or not tables["translations"]:
        descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "translations"]
        descriptor.get("reporting", {}).pop("languages", None)
        descriptor.pop("titles", None)
    elif title:
        descriptor.pop("titles", None)  # (the sample's Welsh title is the sample's)
    files = {"datapackage.json": (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode()}
    for resource in descriptor["resources"]:
        if resource["name"] == "boundaries":  # (not a table: fictional shapes for the areas)
            areas = tables["areas"]
            files[resource["path"]] = geojson_bytes([a[0] for a in areas], [a[1] for a in areas], seed=3)
            continue
        files[resource["path"]] = to_csv(COLUMNS[resource["name"]], tables.get(resource["name"], []))
    return files
