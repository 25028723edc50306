"""The few realistic errors a real export has, so the data-quality report has something to show.

Per hub and year, on fixed-count rows chosen by the seed: misspelt municipalities, an impossible
date, a date in the Danish DD-MM-YYYY form, exact duplicate rows, an unknown segment, a row with no
company id, a CVR number that fails its check, a municipality of another hub, and a company name
that tries HTML injection (it must never reach a dashboard). In the evaluations: a score of 11 and
an answer that is not on the scale.

The counts hold whenever a hub-year has at least 11 rows that surely exist and 2 responses (from
``--scale`` 0.01 up; the snapshot year, cut at the data date, from about 0.02); at the very smallest
scales the last kinds are left out rather than invented.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from hubmonitor.profile.model import CANONICAL
from hubmonitor.reference import load_registry
from hubmonitor.vocabulary import Source

# kind → how many rows of that kind per hub-year (activities)
ACTIVITY_FLAWS = {
    "misspelt-municipality": 2,
    "impossible-date": 1,
    "danish-date": 1,
    "duplicate": 2,
    "unknown-segment": 1,
    "missing-company-id": 1,
    "bad-cvr": 1,
    "other-hub": 1,
    "html-name": 1,
}
EVALUATION_FLAWS = {"nps-11": 1, "unknown-answer": 1}
_COL = {name: i for i, name in enumerate(CANONICAL[Source.ACTIVITIES])}
_EVAL = {name: i for i, name in enumerate(CANONICAL[Source.EVALUATIONS])}


def misspell(name: str, rnd: random.Random) -> str:
    """A spelling no lookup accepts: a letter doubled or dropped inside the name."""
    registry = load_registry()
    for _ in range(50):
        i = rnd.randrange(1, max(2, len(name) - 1))
        candidate = name[:i] + name[i] + name[i:] if rnd.random() < 0.5 else name[:i] + name[i + 1:]
        if candidate != name and registry.resolve(candidate) is None:
            return candidate
    return name + "x"


class Flaws:
    """Decides which rows of a hub-year get which error, and applies it as the row passes."""

    def __init__(self, rnd: random.Random, erhvervshus: str, rows: int, respondents: int, year: int) -> None:
        self.rnd = rnd
        self.year = year
        kinds = [k for k, n in ACTIVITY_FLAWS.items() for _ in range(n)]
        # the first ``rows`` rows surely exist (in a whole year every company has at least one row)
        slots = rnd.sample(range(rows), min(len(kinds), rows))
        self._activity_at = dict(zip(slots, kinds, strict=False))
        self._activity_slots = sorted(self._activity_at)  # ``none_among`` looks at the next one only
        self._next_slot = 0
        eval_kinds = [k for k, n in EVALUATION_FLAWS.items() for _ in range(n)]
        # the first ``respondents`` responses surely exist (a lower bound on the year's responses)
        slots = rnd.sample(range(max(len(eval_kinds), min(20, respondents))), len(eval_kinds))
        self._evaluation_at = dict(zip(slots, eval_kinds, strict=True))
        self._activity_no = 0
        self._evaluation_no = 0
        self.applied = 0  # activity rows given an error so far (the designed case takes no company with one)
        self._elsewhere = sorted((m for m in load_registry().all if m.erhvervshus != erhvervshus), key=lambda m: m.code)

    def none_among(self, rows: int) -> bool:
        """No error falls on the next ``rows`` activity rows: they pass unchanged (counted here)."""
        first, slots = self._activity_no, self._activity_slots
        while self._next_slot < len(slots) and slots[self._next_slot] < first:  # passed already
            self._next_slot += 1
        if self._next_slot < len(slots) and slots[self._next_slot] < first + rows:
            return False
        self._activity_no += rows
        return True

    def activity(self, row: list[str]) -> Iterator[list[str]]:
        kind = self._activity_at.get(self._activity_no)
        self._activity_no += 1
        if kind is None:
            yield row
            return
        self.applied += 1
        rnd = self.rnd
        if kind == "duplicate":
            yield row
        elif kind == "misspelt-municipality":
            row[_COL["municipality"]] = misspell(self._official(row), rnd)
        elif kind == "impossible-date":
            row[_COL["date"]] = f"{self.year}-02-30"
        elif kind == "danish-date":
            y, m, d = row[_COL["date"]].split("-")
            row[_COL["date"]] = f"{d}-{m}-{y}"
        elif kind == "unknown-segment":
            row[_COL["segment"]] = "Ukendt"
        elif kind == "missing-company-id":
            row[_COL["company_id"]] = ""
        elif kind == "bad-cvr":
            cvr = row[_COL["cvr"]] or "12345678"
            row[_COL["cvr"]] = cvr[:-1] + str((int(cvr[-1]) + 1) % 10)
        elif kind == "other-hub":
            row[_COL["municipality"]] = self._elsewhere[rnd.randrange(len(self._elsewhere))].name
        elif kind == "html-name":
            row[_COL["company_name"]] = "<script>alert('demo')</script> ApS"
        yield row

    def _official(self, row: list[str]) -> str:
        found = load_registry().resolve(row[_COL["municipality"]])
        return found.name if found else row[_COL["municipality"]]

    def evaluation(self, row: list[str]) -> list[str]:
        kind = self._evaluation_at.get(self._evaluation_no)
        self._evaluation_no += 1
        if kind == "nps-11":
            row[_EVAL["nps"]] = "11"
        elif kind == "unknown-answer":
            row[_EVAL["satisfaction"]] = "Meget tilfredse"
        return row
