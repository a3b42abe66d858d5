"""Welsh for a generated council (tests and benchmarks): enough translations that its Welsh
site shows both the translated text and the marked fallback."""

from __future__ import annotations

import random

from tools.synth import HOSTILE


def welsh(tables: dict[str, list[list[str]]], seed: int = 1, hostile: bool = False) -> list[list[str]]:
    """Translations into Welsh for a generated council: every priority's title, every third
    indicator's title and why it matters, and half the areas' names (with hostile text where
    ``hostile``), so that its Welsh site shows translations and fallbacks alike."""
    rng = random.Random(seed)

    def text(base: str) -> str:
        return f"{base} {rng.choice(HOSTILE)}" if hostile and rng.random() < 0.5 else base

    rows = [["priorities", p[0], "title", "cy", text(f"Blaenoriaeth {k + 1}")] for k, p in enumerate(tables["priorities"])]
    for k, ind in enumerate(tables["indicators"]):
        if k % 3 == 0:
            rows.append(["indicators", ind[0], "title", "cy", text(f"Dangosydd {k + 1}")])
            rows.append(["indicators", ind[0], "why_it_matters", "cy", text("Pam mae'n bwysig i drigolion.")])
    rows += [["areas", a[0], "name", "cy", text(f"Ward {k + 1} (cy)")] for k, a in enumerate(tables["areas"]) if k % 2]
    return rows
