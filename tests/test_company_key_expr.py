"""The company key in polars (``quality.company_key_expr``) is ``findings.company_key`` for every
text without a character on which the two may differ (``findings.UNSAFE_CASE``): the masking of a finding's value
may key millions of names in polars and the rest in Python, and must not depend on which."""

from __future__ import annotations

import re
from types import SimpleNamespace
from unittest.mock import patch

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from hubmonitor.engine.quality import _matching, _matching_cached, company_key_expr
from hubmonitor.findings import UNSAFE_CASE, company_key

# printable ASCII and the Latin-1 letters but ß, with the company forms and their neighbours often
_SAFE = "".join(chr(c) for c in [*range(0x20, 0x7F), *range(0xC0, 0xD7), *range(0xD8, 0xDF), *range(0xE0, 0xF7),
                                 *range(0xF8, 0xFF)])
_PIECES = ["ApS", "A/S", "aps", "I/S", "IVS", "a.m.b.a", "AMBA", "Holding", "GmbH", "ltd", "inc", "LLC", " ", "  ",
           "/", ".", "-", "_", ",", "Jensens", "Tømrer", "Æble", "caps", "apsx", "xaps", "11", "Ø", "é"]


def _keys(values: list[str]) -> list[str]:
    return pl.Series("v", values, dtype=pl.String).to_frame().select(company_key_expr(pl.col("v")))["v"].to_list()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(alphabet=_SAFE, max_size=4)), max_size=8))
def test_the_polars_key_is_the_python_key(pieces: list[str]) -> None:
    value = "".join(pieces)
    assert not re.search(UNSAFE_CASE, value)
    assert _keys([value]) == [company_key(value)]


def test_hand_checked_keys() -> None:
    values = ["Jensens Tømrer ApS", "jensens tømrer.", "JENSENS  TØMRER", "ApS ApS ApS", "aps/aps", "Caps Lock ApS",
              "Holding-A/S Æble", "-- 11 --", "Virksomhed 11 ApS", "a.m.b.a.", "x"]
    assert _keys(values) == [company_key(v) for v in values] == [
        "jensens tømrer", "jensens tømrer", "jensens tømrer", "", "", "caps lock", "æble", "11",
        "virksomhed 11", "", "x"]


_ANY = _SAFE + "①２٣²ß\u00a0ﬁ"  # and characters polars' lower case and NFKC may treat apart (the odd ones)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.one_of(st.sampled_from([*_PIECES, "1", "2024", "04-12-2024", "②", "TØMRER", "ÆBLE"]),
                                   st.text(alphabet=_ANY, max_size=3)), max_size=6).map("".join), max_size=25),
       st.lists(st.sampled_from(["11", "04-12-2024", "jensens tømrer", "2", "virksomhed 11", "æble", "12", "tømrer"]),
                min_size=1, max_size=3))
def test_the_masking_finds_exactly_the_values_with_a_shown_key(values: list[str], keys: list[str]) -> None:
    """``_matching``'s shortcuts (the longest word of a key, the count of digits) never lose a value
    whose key is shown: the same values as keying every one of them in Python."""
    shown = set(keys) | {company_key(v) for v in values[:2]} - {""}
    if not shown:
        return
    found = _matching(pl.Series("v", values, dtype=pl.String), shown)
    assert sorted(found) == sorted({v for v in values if company_key(v) in shown})


def test_each_key_is_looked_for_once_per_table_and_found_again_the_same() -> None:
    """Evaluations on one read ask for many of the same keys: the second asks only for its new ones,
    and each gets what a look of its own would find."""
    values = pl.Series("v", ["Jensens Tømrer ApS", "11", "Virksomhed 11", "-- 11 --", "Æble A/S", "x"], pl.String)
    table = SimpleNamespace(masking={})
    looked: list[set[str]] = []

    def counting(values: pl.Series, shown: set[str]) -> list[str]:
        looked.append(set(shown))
        return _matching(values, shown)

    with patch("hubmonitor.engine.quality._matching", counting):
        first = _matching_cached(table, ("rows", "segment"), values, {"11"})  # type: ignore[arg-type]
        second = _matching_cached(table, ("rows", "segment"), values, {"11", "jensens tømrer", "æble"})  # type: ignore[arg-type]
        third = _matching_cached(table, ("rows", "segment"), values, {"æble"})  # type: ignore[arg-type]
    assert sorted(first) == ["-- 11 --", "11"]
    assert sorted(second) == ["-- 11 --", "11", "Jensens Tømrer ApS", "Æble A/S"]
    assert third == ["Æble A/S"]
    assert looked == [{"11"}, {"jensens tømrer", "æble"}]  # the third found everything known


def test_a_value_found_for_a_key_is_found_again_for_its_words() -> None:
    """A value is kept under its key and under its key's words (a place's): the second evaluation
    on one read asking for the words only (a file named "Hansen Søn.csv") gets it too; the first
    kept it under its key alone, and the place went unmasked in every later year (a review of the
    cache's order)."""
    values = pl.Series("v", ["Hansen & Søn ApS", "x"], pl.String)
    table = SimpleNamespace(masking={})
    both = _matching_cached(table, ("rows", "company_name"), values, {"hansen & søn", "hansen søn"})  # type: ignore[arg-type]
    words = _matching_cached(table, ("rows", "company_name"), values, {"hansen søn"})  # type: ignore[arg-type]
    assert both == ["Hansen & Søn ApS"]
    assert words == ["Hansen & Søn ApS"]
