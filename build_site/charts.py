"""Stage 4, charts: one SVG per indicator, drawn with matplotlib.

A chart is described by a frozen, hashable ``ChartSpec`` (plain numbers and
dates), so the same spec always gives the same bytes and a content-addressed
cache can skip charts whose data did not change. Text stays as text in the SVG.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from matplotlib.dates import date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FixedFormatter, FixedLocator, FuncFormatter, MaxNLocator  # noqa: E402

# Okabe-Ito colour-blind-safe palette
VALUE = "#0072B2"
TARGET = "#000000"
BAND = "#E69F00"
BENCH = ("#009E73", "#CC79A7", "#D55E00", "#56B4E9")
STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "build-site",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.edgecolor": "#505a5f",
    "axes.labelcolor": "#0b0c0c",
    "xtick.color": "#0b0c0c",
    "ytick.color": "#0b0c0c",
    "path.simplify": True,
}
# Cached charts are keyed by their spec and by this drawing code and matplotlib's
# version, so a change to either redraws everything.
VERSION = hashlib.sha256(Path(__file__).read_bytes() + matplotlib.__version__.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class ChartSpec:
    unit: str
    decimals: int
    polarity: str
    starts: tuple[date, ...]
    ends: tuple[date, ...]
    values: tuple[float | None, ...]
    targets: tuple[float | None, ...]
    lows: tuple[float | None, ...]
    highs: tuple[float | None, ...]
    benchmarks: tuple[tuple[str, tuple[tuple[date, float], ...]], ...] = ()
    target_label: str = "Target"

    def key(self) -> str:
        return hashlib.sha256((VERSION + repr(self)).encode()).hexdigest()[:32]


def _tick_formatter(unit: str, decimals: int):
    def fmt(x, _pos):
        d = max(0, min(decimals, 2))
        text = f"{abs(x):,.{d}f}"
        sign = "−" if x < 0 else ""
        if unit == "percent":
            return f"{sign}{text}%"
        if unit == "gbp":
            return f"{sign}£{text}"
        return sign + text
    return FuncFormatter(fmt)


def _year_ticks(starts, ends) -> list[int]:
    """January of each year the chart spans (every other year past twelve)."""
    if not starts:
        return []
    first, last = starts[0].year + (starts[0].month > 1), ends[-1].year + 1
    step = 1 if last - first <= 12 else 2
    return list(range(first, last + 1, step)) or [starts[0].year]


def _nan(v):
    return float("nan") if v is None else v


def draw(spec: ChartSpec) -> bytes:
    """The chart as SVG bytes: values, target steps, tolerance band, dashed benchmarks."""
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(7.0, 3.0), dpi=100)
        ax = fig.add_subplot()
        mids = [date2num(s) + (date2num(e) - date2num(s) + 1) / 2 for s, e in zip(spec.starts, spec.ends)]
        edges = [date2num(s) for s in spec.starts] + ([date2num(spec.ends[-1]) + 1] if spec.ends else [])
        contiguous = all(date2num(spec.ends[i]) + 1 == date2num(spec.starts[i + 1]) for i in range(len(mids) - 1))
        handles = []
        if any(t is not None for t in spec.targets) and contiguous and spec.polarity != "none":
            if spec.polarity == "higher":
                base, top = spec.lows, spec.targets
            else:
                base, top = spec.targets, spec.highs
            band = ax.stairs([_nan(v) for v in top], edges, baseline=[_nan(v) for v in base], fill=True,
                             color=BAND, alpha=0.3, linewidth=0,
                             label="Near-floor band" if spec.target_label == "Floor" else "Near-target band")
            line = ax.stairs([_nan(v) for v in spec.targets], edges, baseline=None, color=TARGET,
                             linewidth=1.4, label=spec.target_label)
            handles += [line, band]
        elif any(t is not None for t in spec.targets):
            line, = ax.plot(mids, [_nan(v) for v in spec.targets], color=TARGET, linewidth=0, marker="_",
                            markersize=10, label=spec.target_label)
            handles.append(line)
        val, = ax.plot(mids, [_nan(v) for v in spec.values], color=VALUE, linewidth=2, marker="o", markersize=3.5,
                       label="Value")
        handles.insert(0, val)
        for k, (group, points) in enumerate(spec.benchmarks):
            xs = [date2num(d) for d, _ in points]
            b, = ax.plot(xs, [v for _, v in points], color=BENCH[k % len(BENCH)], linestyle="--", linewidth=1.4,
                         marker="s", markersize=3, label=group)
            handles.append(b)
        years = _year_ticks(spec.starts, spec.ends)
        ax.xaxis.set_major_locator(FixedLocator([date2num(date(y, 1, 1)) for y in years]))
        ax.xaxis.set_major_formatter(FixedFormatter([str(y) for y in years]))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.yaxis.set_major_formatter(_tick_formatter(spec.unit, spec.decimals))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(-0.01, -0.1), ncol=min(len(handles), 4),
                  frameon=False, fontsize=9)
        fig.subplots_adjust(left=0.13, right=0.98, top=0.96, bottom=0.24)  # fixed: one drawing pass, no "tight"
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
        return buf.getvalue()
