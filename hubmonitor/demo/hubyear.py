"""One hub's year of demo data: CRM activity rows and user-evaluation rows, as canonical CSV rows.

Rows are produced one company at a time and handed to the caller (which streams them to a file),
so a year of any size needs memory only for the list of the year's company indices. A year cut at a
data date (the snapshot year, ``DATA_DATE``) keeps only what had happened by then: activities and
responses dated later are never made, and the designed flaws are applied to the rows that are left.

Every activity row says when it was registered in the CRM (``registered_at``, drawn from a stream of
its own so that every other column is what it was before the column existed), and a hub-year with a
designed integrity case (``HubPersonality.referral_burst``) ends with its burst of referral rows.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from hubmonitor.demo.companies import SEGMENT_SHARES, Company, CompanyBook
from hubmonitor.demo.flaws import Flaws
from hubmonitor.demo.hubs import (
    REFERENCE_REACH,
    YEAR_GROWTH,
    YEAR_VOLUME,
    YEARS_CRM,
    HubPersonality,
    ReferralBurst,
)
from hubmonitor.demo.rng import derive_seed, pick, rng, unit
from hubmonitor.demo.season import draw_day, share_until
from hubmonitor.profile.model import CANONICAL
from hubmonitor.vocabulary import Source

ACTIVITY_COLUMNS = CANONICAL[Source.ACTIVITIES]
EVALUATION_COLUMNS = CANONICAL[Source.EVALUATIONS]

ALSO_COLLECTIVE = 0.15  # individually guided companies that also join a collective offer
RESPONSE_RATE = 0.33  # individually guided companies that answer the user evaluation
REFERRAL_RECEIVED = 0.6  # respondents who say they were referred
GROWTH_WEIGHT = {"vækst": 1.5, "drift": 0.8, "iværksætter": 0.5}
_GROWTH_MEAN = round(sum(GROWTH_WEIGHT[s] * share for s, share in SEGMENT_SHARES), 3)  # 0.938, the mix's mean
TOPICS = (("grøn", 0.30), ("digitalisering", 0.25), ("eksport", 0.12), ("finansiering", 0.15),
          ("strategi", 0.20), ("ledelse", 0.08))
_INDIVIDUAL_COUNTS = ((1, 0.50), (2, 0.28), (3, 0.14), (4, 0.08))
_GOLDEN = 0.6180339887498949
_ROLE_RETURNING = 11
# registered_at: on the activity's own day, in office hours, or (LATE_SHARE of the rows) 1 to
# LATE_DAYS days later; a registration that would fall on a Saturday or Sunday waits for Monday.
LATE_SHARE = 0.20
LATE_DAYS = 10
OFFICE_MINUTES = (8 * 60, 17 * 60)  # 08:00 up to 16:59
_AT = {name: i for i, name in enumerate(ACTIVITY_COLUMNS)}
# ``HubYear._activity`` writes its row as a list in this order (one per activity: the generator's
# inner loop); a schema that gains, loses or moves a column stops the import here, not the files.
_ACTIVITY_ORDER = ("activity_id", "date", "company_id", "cvr", "company_name", "municipality", "segment",
                   "activity_type", "growth_programme", "referred", "topics", "registered_at")
if ACTIVITY_COLUMNS != _ACTIVITY_ORDER:
    raise RuntimeError(f"HubYear._activity writes {_ACTIVITY_ORDER}, the schema is {ACTIVITY_COLUMNS}")


@dataclass(frozen=True)
class Volume:
    """How many companies a hub reaches in a year, and where their indices come from."""

    year: int
    companies: int
    returning: int  # drawn from the previous year's new customers
    first_new: int  # first index of this year's block of new customers
    previous_first: int
    previous_new: int

    @property
    def new(self) -> int:
        return self.companies - self.returning


def plan(personality: HubPersonality, hub_population: int, reference_population: int,
         scale: float) -> dict[int, Volume]:
    """Company volumes for every CRM year; deterministic, so any year can be made on its own."""
    out: dict[int, Volume] = {}
    first = 0
    previous: Volume | None = None
    for year in YEARS_CRM:
        companies = max(1, round(REFERENCE_REACH * hub_population / reference_population * personality.reach
                                 * YEAR_VOLUME[year] * personality.year_volume.get(year, 1.0) * scale))
        returning = 0 if previous is None else min(round(companies * personality.returning), previous.new)
        volume = Volume(year, companies, returning, first,
                        previous.first_new if previous else 0, previous.new if previous else 0)
        out[year] = volume
        first += volume.new
        previous = volume
    return out


class Quota:
    """Answers drawn by a low-discrepancy sequence per stratum: over n answers each category's
    count is within about one of its share × n, so a hub's levels are as designed, not luck."""

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def pick(self, stratum: str, categories: Sequence[tuple[str, float]]) -> str:
        k = self._counts.get(stratum, 0)
        self._counts[stratum] = k + 1
        return pick((0.5 + k * _GOLDEN) % 1.0, categories)


class HubYear:
    """The generator of one hub's year; with ``until``, only what is dated up to that day."""

    def __init__(self, book: CompanyBook, volume: Volume, seed: int, *, evaluations: bool,
                 until: date | None = None, scale: float = 1.0) -> None:
        self.book = book
        self.p = book.personality
        self.volume = volume
        self.year = volume.year
        self.with_evaluations = evaluations
        self.until = until
        self.seed = seed
        self.scale = scale
        self.rnd = rng(seed, self.p.slug, self.year, "rows")
        self.registration = rng(seed, self.p.slug, self.year, "registered")  # registered_at only
        self.quota = Quota()
        # the chance that an individually guided company's first activity is a growth programme, per segment
        self._p_growth = {segment: min(0.95, self.p.growth_share / self.p.individual_share * YEAR_GROWTH[self.year]
                                       * weight / _GROWTH_MEAN) for segment, weight in GROWTH_WEIGHT.items()}
        rows = volume.companies  # every company has a row in a whole year
        respondents = int(volume.companies * self.p.individual_share * RESPONSE_RATE * 0.5)  # a safe lower bound
        if until is not None:  # about share_until(until) of them are dated by then: count on half of that
            kept = share_until(until) / 2
            rows, respondents = int(rows * kept), int(respondents * kept)
        self.flaws = Flaws(rng(seed, self.p.slug, self.year, "flaws"), self.p.erhvervshus, rows, respondents, self.year)
        self._activity_no = 0
        self._response_no = 0
        self.evaluation_rows: list[list[str]] = []  # the year's responses, written after its activities

    # -- the year's companies -------------------------------------------------------------------
    def company_indices(self) -> list[int]:
        v = self.volume
        returning = sorted(self.rnd.sample(range(v.previous_first, v.previous_first + v.previous_new), v.returning)) \
            if v.returning else []
        indices = returning + list(range(v.first_new, v.first_new + v.new))
        self.rnd.shuffle(indices)
        return indices

    def _individual(self, company: Company, returning: bool) -> bool:
        draw = unit(company.index ^ (self.year << 40), _ROLE_RETURNING) if returning else company.role_draw
        return draw < self.p.individual_share

    # -- rows -------------------------------------------------------------------------------------
    def batches(self) -> Iterator[list[list[str]]]:
        """Activity rows, a company's at a time, then the year's designed burst (in one) if it has
        one; evaluation rows collect in ``evaluation_rows``."""
        v = self.volume
        burst = self.p.referral_burst.get(self.year)
        if burst is not None and not self._happened(burst.day):  # after the export was taken
            burst = None
        cases = OldCases(round(burst.rows * self.scale), derive_seed(self.seed, self.p.slug, self.year, "burst")) \
            if burst is not None else None
        for index in self.company_indices():
            company = self.book.company(index)
            returning = index < v.first_new
            individual = self._individual(company, returning)
            flawed = self.flaws.applied
            rows = self._company_rows(company, individual)
            yield rows if self.flaws.none_among(len(rows)) else \
                [flawed_row for row in rows for flawed_row in self.flaws.activity(row)]
            if cases is not None and burst is not None and self.flaws.applied == flawed \
                    and old_case(rows, burst.closed_before):
                cases.offer(index)
        if cases is not None and burst is not None:
            yield list(self._burst(burst, [self.book.company(i) for i in cases.chosen()]))

    def _burst(self, burst: ReferralBurst, companies: list[Company]) -> Iterator[list[str]]:
        """The designed case: a referral row for each company, dated ``burst.day`` and registered
        between ``burst.first`` and ``burst.last`` (both ends used), in the order registered."""
        first, last = (t.hour * 60 + t.minute for t in (burst.first, burst.last))
        rnd = rng(self.seed, self.p.slug, self.year, "burst")
        inner = sorted(rnd.randint(first, last) for _ in range(max(0, len(companies) - 2)))
        minutes = [first, *inner, last][:len(companies)]
        for company, minute in zip(companies, minutes, strict=True):
            self._activity_no += 1
            yield _row(ACTIVITY_COLUMNS, activity_id=f"{self.p.code}{self.year}-{self._activity_no:07d}",
                       date=burst.day.isoformat(), company_id=company.id, cvr=company.cvr,
                       company_name=company.name, municipality=company.municipality.name, segment=company.segment,
                       activity_type="individuel", growth_programme="nej", referred="ja", topics="",
                       registered_at=f"{burst.day.isoformat()} {minute // 60:02d}:{minute % 60:02d}")

    def _company_rows(self, company: Company, individual: bool) -> list[list[str]]:
        rnd = self.rnd
        rows: list[list[str]] = []
        if individual:
            count = pick(rnd.random(), _INDIVIDUAL_COUNTS)
            growth_at = 0 if rnd.random() < self._p_growth[company.segment] else -1
            referred_at = rnd.randrange(count) if rnd.random() < self.p.referral else -1
            days = sorted(draw_day(self.year, rnd) for _ in range(count))
            topics_seen: set[str] = set()
            for i, day in enumerate(days):
                topics = [t for t, share in TOPICS if rnd.random() < share]
                topics_seen.update(topics)
                if self._happened(day):
                    rows.append(self._activity(company, day, "individuel", i == growth_at, i == referred_at, topics))
            if self.with_evaluations and rnd.random() < RESPONSE_RATE:
                answered = min(days[-1] + timedelta(days=rnd.randint(3, 30)), date(self.year, 12, 31))
                if self._happened(answered):  # then so had every activity it answers for
                    self.evaluation_rows.append(self._response(company, answered, topics_seen))
        if not individual or rnd.random() < ALSO_COLLECTIVE:
            for _ in range(1 if rnd.random() < 0.75 else 2):
                topics = [TOPICS[rnd.randrange(len(TOPICS))][0]] if rnd.random() < 0.6 else []
                day = draw_day(self.year, rnd)
                if self._happened(day):
                    rows.append(self._activity(company, day, "kollektiv", False, False, topics))
        return rows

    def _happened(self, day: date) -> bool:
        """Dated by the data date (always, in a whole year)."""
        return self.until is None or day <= self.until

    def _activity(self, company: Company, day: date, kind: str, growth: bool, referred: bool,
                  topics: list[str]) -> list[str]:
        self._activity_no += 1
        rnd = self.rnd
        return [  # ACTIVITY_COLUMNS' order, which is also the order the random draws are made in
            f"{self.p.code}{self.year}-{self._activity_no:07d}",  # activity_id
            day.isoformat(),  # date
            company.id,  # company_id
            company.cvr,  # cvr
            company.name,  # company_name
            _municipality_spelling(company, rnd),  # municipality
            _segment_spelling(company.segment, rnd),  # segment
            kind,  # activity_type
            "ja" if growth else "nej",  # growth_programme
            "ja" if referred else "nej",  # referred
            ";".join(_topic_spelling(t, rnd) for t in topics),  # topics
            registration(day, self.registration, self.until),  # registered_at: a stream of its own
        ]

    def _response(self, company: Company, day: date, topics: set[str]) -> list[str]:
        self._response_no += 1
        p, q, rnd = self.p, self.quota, self.rnd
        shift = 0.01 * (self.year - 2024)
        satisfaction = ""
        if rnd.random() >= 0.02:  # 2 % leave the question unanswered
            level = {"drift": p.satisfaction[0], "vækst": p.satisfaction[1]}.get(company.segment, 0.80) + shift
            rest = 1.0 - level
            satisfaction = q.pick(f"satisfaction:{company.segment}", [
                ("Meget tilfreds", level), ("Tilfreds", rest * 0.70), ("Hverken/eller", rest * 0.12),
                ("Utilfreds", rest * 0.05), ("Meget utilfreds", rest * 0.03), ("Ved ikke", rest * 0.10)])
        if "grøn" in topics:
            stratum, high = "effect:grøn", p.effect[1]
        elif "digitalisering" in topics:
            stratum, high = "effect:digitalisering", p.effect[2]
        else:
            stratum, high = "effect:other", p.effect[0]
        high += shift
        effect = q.pick(stratum, [("I høj grad", high), ("I nogen grad", (1 - high) * 0.65),
                                  ("I lav grad", (1 - high) * 0.15), ("Slet ikke", (1 - high) * 0.05),
                                  ("Ved ikke", (1 - high) * 0.15)]) if rnd.random() >= 0.02 else ""
        received = rnd.random() < REFERRAL_RECEIVED
        used = q.pick("referral", list(zip(("Har benyttet", "Forventer at benytte", "Har ikke benyttet", "Ved ikke"),
                                           p.referral_used, strict=True))) if received else ""
        promoters, detractors = p.nps
        band = q.pick("nps", [("promoter", promoters), ("passive", 1 - promoters - detractors),
                              ("detractor", detractors)])
        nps = {"promoter": rnd.choice((9, 10, 10)), "passive": rnd.choice((7, 8, 8)),
               "detractor": rnd.choice((2, 4, 5, 6, 6))}[band]
        row = _row(EVALUATION_COLUMNS, response_id=f"{p.code}{self.year}-R{self._response_no:06d}",
                   date=day.isoformat(), company_id=company.id, segment=_segment_spelling(company.segment, rnd),
                   satisfaction=satisfaction, effect=effect, referral_received="ja" if received else "nej",
                   referral_used=used, nps=str(nps) if rnd.random() >= 0.03 else "", topics=";".join(sorted(topics)))
        return self.flaws.evaluation(row)


def registration(day: date, rnd: random.Random, until: date | None) -> str:
    """When an activity of ``day`` was registered (``YYYY-MM-DD HH:MM``): usually that day, sometimes
    (``LATE_SHARE``) 1 to ``LATE_DAYS`` days later, on a weekday, in office hours; never after
    ``until``, the day the export was taken (a later registration is put on that day)."""
    u = rnd.random()
    minute = _CLOCK[int(rnd.random() * len(_CLOCK))]
    return f"{_registered_on(day, 1 + int(u / LATE_SHARE * LATE_DAYS) if u < LATE_SHARE else 0, until)} {minute}"


_CLOCK = tuple(f"{m // 60:02d}:{m % 60:02d}" for m in range(*OFFICE_MINUTES))


@cache
def _registered_on(day: date, late: int, until: date | None) -> str:
    """The day ``late`` days after ``day``, or the Monday after when that is a Saturday or Sunday,
    but not after ``until`` (one string per day and delay: the generator's inner loop)."""
    day += timedelta(days=late)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return (day if until is None or day <= until else until).isoformat()


def old_case(rows: list[list[str]], closed_before: date) -> bool:
    """A company's rows of the year make an old case: individually guided, never referred, and its
    last individual activity dated before ``closed_before``."""
    individual = [r[_AT["date"]] for r in rows if r[_AT["activity_type"]] == "individuel"]
    return bool(individual) and all(r[_AT["referred"]] == "nej" for r in rows) \
        and max(individual) < closed_before.isoformat()


class OldCases:
    """The ``wanted`` old cases a designed burst takes: of all offered, those with the smallest hash
    of their company index (deterministic, spread over the year's companies, O(wanted) memory)."""

    def __init__(self, wanted: int, salt: int) -> None:
        self.wanted = wanted
        self.salt = salt
        self._heap: list[tuple[float, int]] = []  # (-hash, index): the largest kept hash on top

    def offer(self, index: int) -> None:
        if self.wanted <= 0:
            return
        item = (-unit(index, self.salt), index)
        if len(self._heap) < self.wanted:
            heapq.heappush(self._heap, item)
        elif item > self._heap[0]:
            heapq.heapreplace(self._heap, item)

    def chosen(self) -> list[int]:
        """The company indices taken, smallest hash first."""
        return [index for _, index in sorted(self._heap, reverse=True)]


def _row(columns: tuple[str, ...], **values: str) -> list[str]:
    """A row in the schema's column order; a column the demo does not make is left empty."""
    unknown = set(values) - set(columns)
    assert not unknown, f"not columns of the schema: {unknown}"
    return [values.get(column, "") for column in columns]


def _municipality_spelling(company: Company, rnd: random.Random) -> str:
    """Mostly the official name; sometimes the code, the "Kommune" suffix or capitals, as in exports."""
    m = company.municipality
    u = rnd.random()
    if u < 0.02:
        return m.code.zfill(4)
    if u < 0.04:
        return m.code
    if u < 0.06:
        return f"{m.name} Kommune"
    if u < 0.07:
        return m.name.upper()
    return m.name


_SEGMENT_VARIANTS = {"drift": "Drift", "vækst": "vaekst", "iværksætter": "før-starter"}


def _segment_spelling(segment: str, rnd: random.Random) -> str:
    return _SEGMENT_VARIANTS[segment] if rnd.random() < 0.04 else segment


_TOPIC_VARIANTS = {"grøn": "green", "digitalisering": "digital"}


def _topic_spelling(topic: str, rnd: random.Random) -> str:
    return _TOPIC_VARIANTS.get(topic, topic) if rnd.random() < 0.03 else topic
