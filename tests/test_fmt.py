"""How numbers are written: rounded half up, grouped and separated as the language writes them
(Babel's locale data), with a true minus sign."""

from __future__ import annotations

import pytest

from build_site.core.catalogue import using
from build_site.rating import fmt


@pytest.mark.parametrize("language", ["en", "cy", "en-XA"])
def test_english_and_welsh_group_thousands_with_commas(language):
    with using(language):
        assert fmt.number(1234567.891, 2) == "1,234,567.89"
        assert fmt.number(-1234.5, 0) == "−1,235"  # (half up, away from zero, as a spreadsheet does)
        assert fmt.number(None, 1) == ""


def test_the_separators_come_from_the_locale_data_not_from_english():
    german = fmt._separators("de")
    assert german is not None and "1,234,567.89".translate(german) == "1.234.567,89"
    assert fmt._separators("en") is None and fmt._separators("cy") is None
