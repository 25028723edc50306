"""Numbers the Danish way in Danish output, the English way in English."""

from __future__ import annotations

import pytest

from hubmonitor.render.format import number, percent, value_text


@pytest.mark.parametrize(
    ("args", "da", "en"),
    [
        ((41679,), "41.679", "41,679"),
        ((1234567.891, 2), "1.234.567,89", "1,234,567.89"),
        ((0,), "0", "0"),
        ((-1500.5, 1), "-1.500,5", "-1,500.5"),
    ],
)
def test_number(args: tuple, da: str, en: str) -> None:
    assert number(*args, lang="da") == da
    assert number(*args, lang="en") == en


def test_percent() -> None:
    assert percent(0.805) == "80,5 %"
    assert percent(0.805, lang="en") == "80.5 %"
    assert percent(0.5347457627118644) == "53,5 %"


def test_value_text_per_unit() -> None:
    assert value_text(41679, "thousand_kr") == "41.679 t.kr."
    assert value_text(5152, "count") == "5.152"
    assert value_text(64.53794139744554, "score") == "64,5"
    assert value_text(11.2, "pp") == "11,2 procentpoint"
    assert value_text(True, "bool") == "ja"
    assert value_text(False, "bool", "en") == "no"
    assert value_text(None, "share") == "–"
