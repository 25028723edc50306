"""When guidance happens: working days, a quiet July, and almost nothing between Christmas and
New Year (also the first days of January, the autumn holiday week a little quieter)."""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

_MONTH = {1: 0.9, 2: 1.0, 3: 1.05, 4: 0.95, 5: 1.0, 6: 1.0, 7: 0.25, 8: 0.85, 9: 1.1, 10: 1.0, 11: 1.1, 12: 0.8}
_WEEKDAY = (1.0, 1.0, 1.0, 1.0, 0.9, 0.04, 0.02)  # Monday … Sunday


def day_weight(d: date) -> float:
    w = _MONTH[d.month] * _WEEKDAY[d.weekday()]
    if (d.month == 12 and d.day >= 22) or (d.month == 1 and d.day <= 2):
        w *= 0.05
    if d.month == 10 and 14 <= d.day <= 20:  # efterårsferie, week 42 give or take
        w *= 0.6
    return w


@cache
def _calendar(year: int) -> tuple[tuple[date, ...], tuple[float, ...]]:
    start = date(year, 1, 1)
    days = tuple(start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days))
    weights = [day_weight(d) for d in days]
    total = sum(weights)
    return days, tuple(w / total for w in accumulate(weights))


def share_until(day: date) -> float:
    """The share of ``day``'s year's activity expected up to and including ``day``."""
    days, cumulative = _calendar(day.year)
    return cumulative[days.index(day)]


def draw_day(year: int, rnd: random.Random) -> date:
    days, cumulative = _calendar(year)
    return days[min(bisect_right(cumulative, rnd.random()), len(days) - 1)]
