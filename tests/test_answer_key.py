"""A contract's and a profile's spellings are keyed in Python (``vocabulary.answer_key``), the data's
cells in polars (``io/columns.cell_key``): the two keys must agree on every text, or a cell spelled as the
contract spells it is not found (case folding made "Straße" "strasse" on one side only: a review)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from hubmonitor.io.columns import cell_key as _key
from hubmonitor.vocabulary import answer_key


def _polars(texts: list[str]) -> list[str]:
    return pl.DataFrame({"v": texts}, schema={"v": pl.String}).select(_key(pl.col("v"))).to_series().to_list()


def test_the_keys_agree_where_case_folding_and_lower_case_differ() -> None:
    texts = ["Straße", "STRASSE", "ﬁnans", "İstanbul", "ǅemal", "Ærø", " Grøn \u00a0 Omstilling\t", "ΣΟΦΙΑΣ"]
    assert [answer_key(t) for t in texts] == _polars(texts)
    assert answer_key("Straße") == "straße" != answer_key("STRASSE")


# characters this Python's Unicode database knows: polars (Rust) may know a newer version, where a letter
# Python calls unassigned (U+16EA0, Unicode 16) has a lower case
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cn")), max_size=12),
                min_size=1, max_size=20))
def test_the_python_and_the_polars_key_agree(texts: list[str]) -> None:
    assert [answer_key(t) for t in texts] == _polars(texts)
