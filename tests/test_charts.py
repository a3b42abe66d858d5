"""Charts: the scale arithmetic, and what the SVG says."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_site.core.vocabulary import band_word
from build_site.outputs.charts import ChartSpec, draw, draw_all, tick_decimals, tick_label, y_ticks, year_ticks

SVG = "{http://www.w3.org/2000/svg}"


def quarters(n: int, start_year: int = 2023):
    """n contiguous calendar quarters: their first and last days."""
    firsts = [date(start_year + (3 * i) // 12, (3 * i) % 12 + 1, 1) for i in range(n + 1)]
    return tuple(firsts[:-1]), tuple(date.fromordinal(f.toordinal() - 1) for f in firsts[1:])


def spec(values, targets=None, unit="number", decimals=1, polarity="higher", benchmarks=(), label="Target"):
    starts, ends = quarters(len(values))
    n = len(values)
    targets = targets or (None,) * n
    lows = tuple(None if t is None else t - 5 for t in targets)
    highs = tuple(None if t is None else t + 5 for t in targets)
    approach = "managed-decline" if label == "Floor" else "maintain"  # (the words come with the spec)
    return ChartSpec(unit, decimals, polarity, starts, ends, tuple(values), tuple(targets), lows, highs,
                     tuple(benchmarks), label, band_word(approach))


def texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(SVG + "text")]


# --------------------------------------------------------------------------- scales

@given(st.integers(-10**9, 10**9), st.integers(0, 10**9))
def test_y_ticks_bracket_the_data_with_round_even_steps(lo_cents, span_cents):
    lo, hi = lo_cents / 100, (lo_cents + span_cents) / 100  # figures to two decimals, up to ±10 million
    ticks = y_ticks(lo, hi)
    step = ticks[1] - ticks[0]
    # every value is drawn inside the plot area (to within a billionth of a step: far below a pixel)
    assert ticks[0] <= lo + 1e-9 * step and ticks[-1] >= hi - 1e-9 * step
    assert 3 <= len(ticks) <= 9
    assert all(abs((b - a) - step) <= 1e-6 * step for a, b in zip(ticks, ticks[1:]))
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(abs(mantissa - m) < 1e-6 for m in (1, 2, 2.5, 5, 10))


def test_y_ticks_for_a_flat_series_still_have_a_range():
    ticks = y_ticks(42.0, 42.0)
    assert ticks[0] < 42 < ticks[-1]
    zero = y_ticks(0.0, 0.0)
    assert zero[0] < 0 < zero[-1]


@pytest.mark.parametrize("ticks, decimals", [([0, 20, 40], 0), ([80, 82.5, 85], 1), ([0, 0.25, 0.5], 2),
                                             ([0.1, 0.2, 0.3], 1), ([1000, 2000], 0)])
def test_tick_decimals_are_as_few_as_make_labels_exact(ticks, decimals):
    assert tick_decimals(ticks) == decimals


@pytest.mark.parametrize("x, unit, d, text", [(20, "percent", 0, "20%"), (-500, "gbp", 0, "−£500"),
                                              (1500, "gbp", 0, "£1,500"), (82.5, "score", 1, "82.5"),
                                              (-0.0001, "number", 1, "0.0"), (-2.5, "days", 1, "−2.5")])
def test_tick_labels_show_the_unit_and_a_true_minus(x, unit, d, text):
    assert tick_label(x, unit, d) == text


def test_year_ticks_are_the_januaries_in_range():
    lo, hi = date(2021, 3, 1).toordinal(), date(2024, 2, 1).toordinal()
    assert year_ticks(lo, hi) == [2022, 2023, 2024]
    assert year_ticks(date(2021, 1, 1).toordinal(), hi)[0] == 2021
    long = year_ticks(date(2000, 6, 1).toordinal(), date(2026, 6, 1).toordinal())
    assert long[1] - long[0] == 2


# --------------------------------------------------------------------------- the SVG

def test_same_spec_same_bytes():
    s = spec([80, 81, 79, 85], targets=[80, 80, 82, 82])
    assert draw(s) == draw(s)


def test_axis_labels_bracket_the_values_in_the_indicators_unit():
    svg = draw(spec([41.5, 43.0, 47.2, 52.9], unit="percent"))
    labels = [t for t in texts(svg) if t.endswith("%")]
    numbers = [float(t.rstrip("%").replace("−", "-")) for t in labels]
    assert numbers == sorted(numbers) and numbers[0] <= 41.5 and numbers[-1] >= 52.9


def test_legend_names_every_series_and_data_text_is_only_ever_text():
    hostile = "<script>alert(1)</script> & $x^2$ \"quoted\""
    s = spec([10, 12, 11, 13], targets=[12, 12, 12, 12],
             benchmarks=[(hostile, ((date(2023, 5, 15), 11.0),)), ("Nearest neighbours", ((date(2023, 8, 15), 12.5),))],
             label="Floor")
    svg = draw(s)
    shown = texts(svg)
    for name in ("Value", "Floor", "Near-floor band", hostile, "Nearest neighbours"):
        assert name in shown, name
    assert b"<script" not in svg  # escaped, and not read as mathtext either ("$" kept as written)


def test_a_long_legend_wraps_and_the_chart_grows_to_fit():
    one = draw(spec([1, 2, 3, 4]))
    many = draw(spec([1, 2, 3, 4], benchmarks=[(f"Comparator group number {k} with a long name",
                                                ((date(2023, 5, 15), float(k)),)) for k in range(4)]))
    height = lambda svg: float(re.search(rb'height="([\d.]+)pt"', svg).group(1))  # noqa: E731
    assert height(many) > height(one)


def test_a_single_figure_still_has_a_year_on_its_axis():
    s = ChartSpec("percent", 1, "none", (date(2025, 4, 1),), (date(2026, 3, 31),), (42.0,), (None,), (None,), (None,))
    assert any(re.fullmatch(r"20\d\d", t) for t in texts(draw(s)))


def test_a_chart_with_no_figures_yet_still_draws():
    svg = draw(spec([None, None, None]))
    assert "Value" in texts(svg)


def test_gaps_in_values_and_targets_do_not_break_the_drawing():
    svg = draw(spec([None, -4.0, None, 7.5, 9.0, None], targets=[None, 5, 5, None, 6, 6], polarity="lower"))
    assert any(t.startswith("−") for t in texts(svg))  # the axis goes below zero for the -4


def test_charts_drawn_by_workers_and_by_the_build_itself_are_the_same(tmp_path):
    """The pool draws charts from the front of the queue while the build, once it has
    nothing else to do, draws from the back: every chart comes out as draw() makes it."""
    from build_site.site.schedule import ChartJob, build_pool

    specs = {f"i{k}": spec([float(k), k + 1.5, None, k * 2.0], targets=[k, k, k + 1, k + 1]) for k in range(60)}
    pool = build_pool(1, len(specs))
    try:
        job = ChartJob(specs, tmp_path / "cache")
        job.start(pool)
        got, drawn = job.result()
    finally:
        pool.shutdown()
    assert drawn == 60
    for ind, s in specs.items():
        assert {name: path.read_bytes() for name, path in got[ind].items()} == draw_all(s)
        assert got[ind]["chart.svg"].read_bytes() == draw(s)
    again = ChartJob(specs, tmp_path / "cache")
    assert again.missing == []  # all in the cache now


@given(lo=st.floats(-1e9, 1e9, allow_nan=False), span=st.floats(1e-6, 1e9, allow_nan=False))
def test_the_tick_step_is_the_one_matplotlib_would_choose(lo, span):
    import matplotlib
    from matplotlib.ticker import MaxNLocator

    from build_site.outputs.chart_scales import nice_step

    hi = lo + span
    if hi - lo <= 1e-9 * max(1.0, abs(hi)):
        return  # (y_ticks widens such a range before it asks)
    with matplotlib.rc_context({"axes.autolimit_mode": "data"}):
        raw = MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]).tick_values(lo, hi)
    assert f"{nice_step(lo, hi):.6g}" == f"{raw[1] - raw[0]:.6g}"
