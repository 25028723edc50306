"""A hub's demo companies: everything about company number ``index`` follows from the index.

Company indices are handed out in yearly blocks (the year's new customers); a company keeps its
municipality, segment, CVR number and name in every year it comes back, and nothing has to be
remembered between years — which is what lets ``--scale`` reach millions of rows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from hubmonitor.demo.hubs import HubPersonality
from hubmonitor.demo.rng import mix64, pick, spread_2d, unit_mixed
from hubmonitor.reference import Municipality

SEGMENT_SHARES = (("drift", 0.46), ("vækst", 0.30), ("iværksætter", 0.24))
PRE_STARTERS = 0.45  # iværksættere without a CVR number yet
_SUFFIXES = ("ApS", "A/S", "I/S", "IVS", "ApS", "ApS")

# Salts: one per attribute so that they are independent.
_SEGMENT, _CVR, _NAME, _CVR_EMPTY = 1, 2, 3, 4
_SEGMENT_MIXED, _CVR_EMPTY_MIXED = mix64(_SEGMENT), mix64(_CVR_EMPTY)  # ``unit``'s salts, hashed once


@dataclass(slots=True)  # not frozen: a frozen dataclass is made at 2.5 times the cost, once per company and year
class Company:
    index: int
    id: str
    municipality: Municipality
    segment: str
    cvr: str
    name: str
    role_draw: float  # in [0, 1): below the year's individual share → individually guided


def cvr_number(key: int) -> str:
    """A valid 8-digit CVR number (modulus 11 with weights 2,7,6,5,4,3,2,1) derived from ``key``:
    the first digit 1-9 from ``h % 9``, the next six from successive 4-bit shifts of ``h``, the
    eighth the check digit; an ``h`` whose check would be 10 is hashed again. Written out digit by
    digit: it runs once per company, the generator's inner loop (tests/test_demo.py holds it equal
    to the rule written as a loop)."""
    h = mix64(key)
    while True:
        d1, d2, d3, d4 = 1 + h % 9, (h >> 4) % 10, (h >> 8) % 10, (h >> 12) % 10
        d5, d6, d7 = (h >> 16) % 10, (h >> 20) % 10, (h >> 24) % 10
        check = -(2 * d1 + 7 * d2 + 6 * d3 + 5 * d4 + 4 * d5 + 3 * d6 + 2 * d7) % 11
        if check < 10:
            return f"{d1}{d2}{d3}{d4}{d5}{d6}{d7}{check}"
        h = mix64(h)


class CompanyBook:
    """Company attributes for one hub (and one seed)."""

    def __init__(self, personality: HubPersonality, members: Sequence[Municipality], seed: int) -> None:
        self.personality = personality
        self.members = tuple(members)
        self.seed = seed
        # each hub's CVR numbers its own: the hubs' books share a seed, and company i of every hub had one
        # CVR number (a whole-country run saw 5,579 numbers under several hubs' ids)
        self._hub = mix64(int.from_bytes(personality.code.encode(), "big"))
        weights = [m.population * personality.off_band.get(m.name, 1.0) for m in self.members]
        total = sum(weights)
        self._cumulative = [w / total for w in accumulate(weights)]

    def company(self, index: int) -> Company:
        key = (self.seed << 20) ^ index
        u_place, u_role = spread_2d(index)
        municipality = self.members[min(bisect_right(self._cumulative, u_place), len(self.members) - 1)]
        segment = pick(unit_mixed(key, _SEGMENT_MIXED), SEGMENT_SHARES)
        pre_starter = segment == "iværksætter" and unit_mixed(key, _CVR_EMPTY_MIXED) < PRE_STARTERS
        code = self.personality.code
        name_draw = mix64(key ^ _NAME)
        return Company(
            index=index,
            id=f"{code}-{index:07d}",
            municipality=municipality,
            segment=segment,
            cvr="" if pre_starter else cvr_number(mix64(key ^ _CVR) ^ self._hub),
            name=f"Demovirksomhed {code}{index} {_SUFFIXES[name_draw % len(_SUFFIXES)]}",
            role_draw=u_role,
        )
