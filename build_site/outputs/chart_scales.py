"""The pure arithmetic of a chart: axis ticks and their labels, and the outlines of lines,
steps and bands as matplotlib paths. No drawing happens here (see ``charts``)."""

from __future__ import annotations

import math
from datetime import date

from matplotlib.path import Path as MPath


def tick_label(x: float, unit: str, decimals: int, scale: str = "") -> str:
    text = f"{abs(x):,.{decimals}f}"
    sign = "−" if x < 0 and float(text.replace(",", "")) != 0 else ""
    if unit == "percent":
        return f"{sign}{text}%"
    if unit == "gbp":
        return f"{sign}£{text}{scale}"
    return sign + text


_STAIR = (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20)  # steps 1, 2, 2.5, 5, 10, a decade either side


def nice_step(lo: float, hi: float, bins: int = 5) -> float:
    """The tick step matplotlib's ``MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])`` chooses
    for [lo, hi] (its "data" limits mode), worked out the same way in plain Python: making
    and asking a locator costs more than the rest of a chart's scales (a test compares the
    two over many ranges)."""
    span = hi - lo
    middle = (hi + lo) / 2
    offset = 0.0 if abs(middle) / span < 100 else math.copysign(10 ** (math.log10(abs(middle)) // 1), middle)
    scale = 10 ** (math.log10(span / bins) // 1)
    vmin, vmax = lo - offset, hi - offset
    steps = [s * scale for s in _STAIR]
    raw = (vmax - vmin) / bins
    first = next((k for k, s in enumerate(steps) if s >= raw), len(steps) - 1)
    tol = 1e-10 if offset == 0 else min(0.4999, max(1e-10, 10 ** (math.log10(abs(offset) / scale) - 12)))
    for step in reversed(steps[:first + 1]):
        base = (vmin // step) * step
        d, m = divmod(vmin - base, step)
        low = d + 1 if abs(m / step - 1) < tol else d
        d, m = divmod(vmax - base, step)
        high = d if abs(m / step) < tol else d + 1
        ticks = [k * step + base for k in range(int(low), int(high) + 1)]
        if sum(vmin <= t <= vmax for t in ticks) >= 2:
            break
    return step


def y_ticks(lo: float, hi: float) -> list[float]:
    """Round-number ticks whose first and last bracket [lo, hi]: they are the axis limits."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        lo, hi = 0.0, 1.0
    if hi - lo <= 1e-9 * max(1.0, abs(hi)):
        pad = max(abs(hi) * 0.1, 1.0)
        lo, hi = lo - pad, hi + pad
    step = float(f"{nice_step(lo, hi):.6g}")  # 0.1, not 0.0999999999999659
    d = _decimals(step, 12)
    first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
    return [round(k * step, d) + 0.0 for k in range(first, max(last, first + 1) + 1)]  # + 0.0: no -0.0


def _decimals(x: float, most: int) -> int:
    for d in range(most + 1):
        if abs(round(x, d) - x) < 1e-9 * max(1.0, abs(x)):
            return d
    return most


def tick_decimals(ticks: list[float]) -> int:
    """As few decimals as make every tick label exact (at most 3)."""
    return _decimals(ticks[1] - ticks[0] if len(ticks) > 1 else 1.0, 3)


def year_ticks(lo: int, hi: int, room: float | None = None) -> list[int]:
    """January of each year between two day numbers: every year, or, with ``room`` (how many
    years a label needs), every 2, 5, 10... years, so that labels never touch (without it,
    every other year past twelve)."""
    first, last = date.fromordinal(lo).year + 1, date.fromordinal(hi).year
    if date.fromordinal(lo) == date(first - 1, 1, 1):
        first -= 1
    if room is None:
        step = 1 if last - first <= 12 else 2
    else:
        step = next((s for s in (1, 2, 5, 10, 20, 50) if s >= room), 100)
        first = -(-first // step) * step if step > 2 else first  # round years: 2020, 2025
    return list(range(first, last + 1, step))


def mid(start: date, end: date) -> float:
    return start.toordinal() + (end.toordinal() - start.toordinal() + 1) / 2


# --------------------------------------------------------------------------- paths

def segments(pairs) -> MPath:
    verts, codes = [], []
    for a, b in pairs:
        verts += [a, b]
        codes += [MPath.MOVETO, MPath.LINETO]
    return MPath(verts or [(0, 0)], codes or [MPath.MOVETO])


def steps(edges: list[float], tops: list, bases: list | None) -> MPath | None:
    """Steps over each run of known values: the outline of a band when ``bases`` is given."""
    verts, codes = [], []
    i = 0
    while i < len(tops):
        if tops[i] is None or (bases is not None and bases[i] is None):
            i += 1
            continue
        j = i
        while j + 1 < len(tops) and tops[j + 1] is not None and (bases is None or bases[j + 1] is not None):
            j += 1
        upper = [p for k in range(i, j + 1) for p in ((edges[k], tops[k]), (edges[k + 1], tops[k]))]
        run = upper
        if bases is not None:
            run = upper + [p for k in range(j, i - 1, -1) for p in ((edges[k + 1], bases[k]), (edges[k], bases[k]))]
        verts += run
        codes += [MPath.MOVETO] + [MPath.LINETO] * (len(run) - 1)
        if bases is not None:
            verts.append(run[0])
            codes.append(MPath.CLOSEPOLY)
        i = j + 1
    return MPath(verts, codes) if verts else None
