"""The six hubs' demo personalities: what each hub's made-up data is like, and why.

The levels are set so the demo tells a different story per hub — some targets met, some missed,
some close — anchored on public figures where they exist:

- 2021, nationally: 4,790 companies in specialised guidance programmes (the demo's growth
  programmes sum to about that in 2021, then settle near the contracts' levels); 76 % of guided
  companies new customers (the returning shares below give 69-85 % per hub, 76 % nationally);
  78.3 % "Meget tilfreds" with the staff's expertise (the satisfaction levels sit around 80 %);
  awareness 34 % (+1 point on 2020; it grows 4 points a year in the demo, so only the best-known
  hubs pass 50 % by 2024; the 2025 snapshot has no measurement yet).
- Volumes follow the hub's population, scaled from Midtjylland's contract level of 5,000
  companies reached, times the hub's ``reach`` factor and the year's factor.
- The newest year is a snapshot: the export was taken on ``DATA_DATE`` (30 September 2025), so
  2025 is evaluated as a hub director sees it during the year (on track or behind).
- One designed integrity case (issue 21), after Berlingske's story of December 2016 (in the
  Copenhagen væksthus, referrals to private advisers were attached to old, already evaluated cases
  to reach a target of at least 70 % referrals; on 21 December 2016, 25 companies were marked as
  referred within 45 minutes): Hovedstaden's 2024 (``referral_burst``). Its normal data refers
  78.7 % of the individually guided companies (2,052 of 2,607 at scale 1), under the contract's
  80 %; on Thursday 19 December 2024, between 14:02 and 14:47, 40 referral rows are registered, one
  each for an individually guided company whose case was closed before October without a referral,
  which lifts the rate to 80.2 % (2,092 of 2,607). Every other hub-year has only what its normal
  data produces (see ``hubyear.registration``).

Nothing here is real data about a hub; the numbers are a fixture for demonstration and tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

YEARS_CRM = (2021, 2022, 2023, 2024, 2025)  # 2021 only so that 2022 has a "year before"
YEARS = (2022, 2023, 2024, 2025)  # the contract years that are evaluated
# The day the demo's export was "taken": the newest year holds nothing dated after it (CRM
# activities, evaluations, milestones) and is evaluated as of it, so the demo shows a director's
# in-year view next to three closed years. 30 September: three quarters of the year gone (273/365
# days), after the quiet July and before the busy autumn, so pace and forecast have something to say;
# and since most of a year's companies come in by then (a company counts from its first activity), the
# hubs' own seasonal profile (82-87 % of a year's companies by this date) asks more than pro rata (75 %).
DATA_DATE = date(2025, 9, 30)


def as_of(year: int) -> date | None:
    """The day ``year`` is cut at and evaluated as of: ``DATA_DATE`` for the snapshot year, None
    (the whole year) for the others."""
    return DATA_DATE if year == DATA_DATE.year else None


YEAR_VOLUME = {2021: 0.93, 2022: 0.95, 2023: 0.98, 2024: 1.0, 2025: 1.02}
# Growth programmes were far more common in 2021 (the national anchor: 4,790 companies), then
# settled at the level the contracts ask for.
YEAR_GROWTH = {2021: 1.9, 2022: 1.15, 2023: 1.05, 2024: 1.0, 2025: 1.0}
REFERENCE_HUB = "Midtjylland"
REFERENCE_REACH = 5000  # companies reached, Midtjylland 2024 contract
AWARENESS_2021 = 0.34
AWARENESS_GAIN_PER_YEAR = 0.04


@dataclass(frozen=True)
class ReferralBurst:
    """A designed integrity case: on ``day``, between ``first`` and ``last`` (registered_at), ``rows``
    referral rows (at scale 1; scaled like every volume) are registered and dated that day, each for
    a different individually guided company of the year that had no referral and whose last
    individual activity was before ``closed_before`` (an old case): referrals attached to old cases
    to reach a referral target."""

    day: date
    first: time
    last: time
    rows: int
    closed_before: date


@dataclass(frozen=True)
class HubPersonality:
    slug: str  # folder and file names (ASCII)
    erhvervshus: str  # as in the reference data
    code: str  # prefix of company and activity ids
    reach: float  # companies reached, relative to the population-scaled contract level
    individual_share: float  # reached companies that are individually guided
    growth_share: float  # reached companies in a growth programme
    referral: float  # individually guided companies referred onward
    returning: float  # reached companies that were new customers the year before
    satisfaction: tuple[float, float]  # share "Meget tilfreds" in 2024: drift, vækst (±1 pt a year)
    nps: tuple[float, float]  # share of promoters (9-10) and detractors (0-6)
    effect: tuple[float, float, float]  # "I høj grad": general, green guidance, digital guidance
    referral_used: tuple[float, float, float, float]  # Har benyttet, Forventer, Har ikke, Ved ikke
    awareness_offset: float  # against the national level
    green_baseline: float  # the hub's September 2020 measurement (contract footnote 2)
    green_gain: dict[int, float]  # points gained on the baseline, per year measured
    effect_study: tuple[float, float, float]  # revenue, employment, productivity (pp) in 2023
    off_band: dict[str, float] = field(default_factory=dict)  # municipality weight factors
    short_meetings: frozenset[int] = frozenset()  # years with only two dialogue meetings
    missing_presentations: dict[int, tuple[str, ...]] = field(default_factory=dict)
    year_volume: dict[int, float] = field(default_factory=dict)  # the hub's own factor on a year's volume
    referral_burst: dict[int, ReferralBurst] = field(default_factory=dict)  # a designed case per year


HUBS: tuple[HubPersonality, ...] = (
    HubPersonality(
        slug="hovedstaden", erhvervshus="Hovedstaden", code="HS", reach=0.93, individual_share=0.40,
        growth_share=0.13, referral=0.78, returning=0.38, satisfaction=(0.79, 0.83), nps=(0.76, 0.07),
        effect=(0.69, 0.71, 0.73), referral_used=(0.30, 0.12, 0.48, 0.10), awareness_offset=-0.02,
        green_baseline=0.60, green_gain={2022: 0.042, 2023: 0.083, 2024: 0.104},
        effect_study=(12.5, 6.1, 0.8), off_band={"Bornholm": 0.70, "Gribskov": 0.85},
        year_volume={2025: 0.95},  # a slow 2025: behind on reach at the data date, by any rule
        # the designed integrity case: 78.7 % referred without it, 80.2 % with it (target 80 %)
        referral_burst={2024: ReferralBurst(day=date(2024, 12, 19), first=time(14, 2), last=time(14, 47), rows=40,
                                            closed_before=date(2024, 10, 1))},
    ),
    HubPersonality(
        slug="sjaelland", erhvervshus="Sjælland", code="SJ", reach=1.06, individual_share=0.58,
        growth_share=0.105, referral=0.81, returning=0.48, satisfaction=(0.84, 0.78), nps=(0.80, 0.05),
        effect=(0.72, 0.66, 0.72), referral_used=(0.42, 0.14, 0.34, 0.10), awareness_offset=-0.04,
        green_baseline=0.53, green_gain={2022: 0.071, 2023: 0.112, 2024: 0.123},
        effect_study=(9.1, 4.2, 0.4), off_band={"Lolland": 0.75, "Odsherred": 0.85},
    ),
    HubPersonality(
        slug="fyn", erhvervshus="Fyn", code="FY", reach=0.97, individual_share=0.50,
        growth_share=0.13, referral=0.86, returning=0.45, satisfaction=(0.81, 0.82), nps=(0.82, 0.05),
        effect=(0.74, 0.72, 0.67), referral_used=(0.44, 0.15, 0.32, 0.09), awareness_offset=0.0,
        green_baseline=0.59, green_gain={2022: 0.052, 2023: 0.103, 2024: 0.093},
        effect_study=(10.4, 5.2, -0.3), off_band={"Langeland": 0.70, "Ærø": 1.40},
    ),
    HubPersonality(
        slug="sydjylland", erhvervshus="Sydjylland", code="SY", reach=1.08, individual_share=0.62,
        growth_share=0.12, referral=0.79, returning=0.40, satisfaction=(0.77, 0.79), nps=(0.74, 0.08),
        effect=(0.68, 0.70, 0.72), referral_used=(0.40, 0.14, 0.36, 0.10), awareness_offset=0.05,
        green_baseline=0.68, green_gain={2022: 0.031, 2023: 0.062, 2024: 0.084},
        effect_study=(10.8, 4.7, 1.6), off_band={"Tønder": 0.80, "Fanø": 1.50},
    ),
    HubPersonality(
        slug="midtjylland", erhvervshus="Midtjylland", code="MJ", reach=1.04, individual_share=0.52,
        growth_share=0.125, referral=0.83, returning=0.42, satisfaction=(0.82, 0.81), nps=(0.80, 0.05),
        effect=(0.72, 0.74, 0.68), referral_used=(0.42, 0.14, 0.34, 0.10), awareness_offset=0.01,
        green_baseline=0.60, green_gain={2022: 0.061, 2023: 0.091, 2024: 0.112},
        effect_study=(11.0, 5.4, 1.2), off_band={"Lemvig": 0.78, "Skive": 0.85, "Aarhus": 1.06},
        short_meetings=frozenset({2023}), missing_presentations={2022: ("Samsø", "Lemvig")},
    ),
    HubPersonality(
        slug="nordjylland", erhvervshus="Nordjylland", code="NJ", reach=1.01, individual_share=0.70,
        growth_share=0.118, referral=0.84, returning=0.44, satisfaction=(0.83, 0.85), nps=(0.81, 0.04),
        effect=(0.73, 0.69, 0.75), referral_used=(0.45, 0.13, 0.33, 0.09), awareness_offset=0.03,
        green_baseline=0.64, green_gain={2022: 0.063, 2023: 0.102, 2024: 0.112},
        effect_study=(9.7, 5.9, 0.9), off_band={"Læsø": 0.60, "Thisted": 0.85},
    ),
)


def hub(slug: str) -> HubPersonality:
    for h in HUBS:
        if h.slug == slug:
            return h
    raise KeyError(slug)
