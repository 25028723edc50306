"""The six hubs' contracts for 2022-2025: each validates against the national framework of its
year, the hubs cover Denmark's 98 municipalities once every year, and every grant is split so that
it adds up exactly."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from helpers import act, make_data, run

from hubmonitor.contract.loader import load_contract, validate_file
from hubmonitor.contract.model import Contract, FrameworkDocument
from hubmonitor.report import Report

CONTRACTS = Path(__file__).resolve().parents[1] / "contracts"
HUBS = {"hovedstaden": "Hovedstaden", "sjaelland": "Sjælland", "fyn": "Fyn", "sydjylland": "Sydjylland",
        "midtjylland": "Midtjylland", "nordjylland": "Nordjylland"}
YEARS = (2022, 2023, 2024, 2025)
HUB_YEARS = [(slug, year) for slug in HUBS for year in YEARS]
BASELINES = {"sydjylland": 0.68, "nordjylland": 0.64, "hovedstaden": 0.60, "midtjylland": 0.60, "fyn": 0.59,
             "sjaelland": 0.53}  # the seed's footnote 2: awareness in September 2020
# M5.green_awareness: the 2020 baseline + 5 points in 2021 (still the level in 2022), + a further 5 in
# 2023 (and in 2024, 2025, which carry the 2021-2023 framework's targets). Written out, not computed.
GREEN_TARGET = {
    2022: {"sydjylland": 0.73, "nordjylland": 0.69, "hovedstaden": 0.65, "midtjylland": 0.65, "fyn": 0.64,
           "sjaelland": 0.58},
    2023: {"sydjylland": 0.78, "nordjylland": 0.74, "hovedstaden": 0.70, "midtjylland": 0.70, "fyn": 0.69,
           "sjaelland": 0.63},
    2024: {"sydjylland": 0.78, "nordjylland": 0.74, "hovedstaden": 0.70, "midtjylland": 0.70, "fyn": 0.69,
           "sjaelland": 0.63},
    2025: {"sydjylland": 0.78, "nordjylland": 0.74, "hovedstaden": 0.70, "midtjylland": 0.70, "fyn": 0.69,
           "sjaelland": 0.63},
}


def contract_path(slug: str, year: int) -> Path:
    return CONTRACTS / slug / f"{year}.yaml"


@cache
def contract(slug: str, year: int) -> Contract:
    return load_contract(contract_path(slug, year))


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, int], Report]:
    """Each hub-year evaluated once, on a data folder with one activity in the year, in the hub's
    first municipality (data from another hub stop the evaluation)."""
    done: dict[tuple[str, int], Report] = {}

    def report(slug: str, year: int) -> Report:
        if (slug, year) not in done:
            data = make_data(tmp_path_factory.mktemp(f"{slug}-{year}"),
                             activities=[act("A1", f"{year}-03-01", "C1",
                                             contract(slug, year).municipalities[0])])
            done[slug, year] = run(contract_path(slug, year), data)
        return done[slug, year]

    return report


def framework(year: int) -> FrameworkDocument:
    fw = validate_file(CONTRACTS / "national" / f"{year}.yaml")
    assert isinstance(fw, FrameworkDocument)
    return fw


@pytest.mark.parametrize(("slug", "year"), HUB_YEARS)
def test_each_contract_validates_with_the_national_targets_of_its_year(slug: str, year: int) -> None:
    loaded = load_contract(contract_path(slug, year))  # not cached: loading is what this tests
    assert loaded.erhvervshus == HUBS[slug]
    assert loaded.period.year == year and loaded.id == f"{slug}-{year}"
    assert loaded.baselines == {"green_awareness_2020": BASELINES[slug]}
    # it extends the framework of its own year, and that framework covers the year
    assert Path(loaded.files[1]).resolve() == (CONTRACTS / "national" / f"{year}.yaml").resolve()
    fw = framework(year)
    assert fw.years is not None and year in fw.years
    national = {t["id"] for t in fw.targets}
    assert len(national) == 13
    ids = {t.id for t in loaded.targets}
    assert national <= ids
    assert all(loaded.origins[tid].source == "framework" for tid in national)
    assert {"M8.spread", "M8.reach", "M8.growth_programmes", "M8.balance", "M8.referral_rate",
            "ALLOC.basisbevilling"} <= ids - national
    # only Midtjylland 2024 is a real contract; every other one says it is illustrative
    illustrative = (slug, year) != ("midtjylland", 2024)
    assert ("(illustrativ)" in loaded.title) is illustrative
    assert ((loaded.source or "").startswith("Illustrativ")) is illustrative


@pytest.mark.parametrize(("slug", "year"), HUB_YEARS)
def test_green_awareness_target_is_the_hubs_baseline_plus_the_years_points(
        reports: Callable[[str, int], Report], slug: str, year: int) -> None:
    assert reports(slug, year).target("M5.green_awareness").target == pytest.approx(GREEN_TARGET[year][slug])


def test_the_frameworks_differ_only_in_green_awareness() -> None:
    # 2022 and 2023 are years of "Aftale om rammerne for erhvervshuse 2021-2023"; 2024 applies its
    # targets; 2025 carries the 2024 targets forward (an assumption until the next framework is
    # transcribed, see docs/decisions.md). Only the green-awareness change differs (2022: +5 points).
    def targets(year: int) -> dict[str, dict[str, object]]:
        return {t["id"]: t for t in framework(year).targets}

    base = targets(2024)
    for year in (2022, 2023, 2025):
        other = targets(year)
        assert other.keys() == base.keys()
        for tid, t in other.items():
            if tid != "M5.green_awareness":
                assert t == base[tid], (year, tid)
        assert {k: v for k, v in other["M5.green_awareness"].items() if k != "threshold"} == \
            {k: v for k, v in base["M5.green_awareness"].items() if k != "threshold"}
    assert targets(2022)["M5.green_awareness"]["threshold"] == {"baseline": "green_awareness_2020", "change": 0.05}
    for year in (2023, 2024, 2025):
        assert targets(year)["M5.green_awareness"]["threshold"] == {"baseline": "green_awareness_2020",
                                                                    "change": 0.10}


@pytest.mark.parametrize("year", YEARS)
def test_the_hubs_cover_the_98_municipalities_once(year: int) -> None:
    members = {slug: set(contract(slug, year).municipalities) for slug in HUBS}
    everyone = [m for names in members.values() for m in names]
    assert len(everyone) == len(set(everyone)) == 98
    assert "Middelfart" in members["sydjylland"] and "Bornholm" in members["hovedstaden"]
    assert {slug: len(names) for slug, names in members.items()} == {
        "hovedstaden": 29, "sjaelland": 17, "fyn": 9, "sydjylland": 13, "midtjylland": 19, "nordjylland": 11}


@pytest.mark.parametrize("slug", HUBS)
def test_the_illustrative_numbers_grow_year_by_year(slug: str) -> None:
    # reach, growth programmes and grant: a little lower before 2024, a little higher after
    for tid in ("M8.reach", "M8.growth_programmes", "ALLOC.basisbevilling"):
        values = [contract(slug, year).target(tid).threshold for year in YEARS]
        assert all(isinstance(v, int) for v in values)
        assert values == sorted(values, key=int) and len(set(values)) == 4, (slug, tid, values)


@pytest.mark.parametrize(("slug", "year"), HUB_YEARS)
def test_every_grant_split_adds_up(reports: Callable[[str, int], Report], slug: str, year: int) -> None:
    allocation = reports(slug, year).target("ALLOC.basisbevilling")
    assert allocation.status == "met"
    assert len(allocation.groups) == len(contract(slug, year).municipalities)
    assert sum(g.amount or 0 for g in allocation.groups) == allocation.target


def test_fyn_population_key_by_hand(tmp_path: Path) -> None:
    # 14.143 t.kr. over 469.378 inhabitants: the floors of the quotas sum to 14.139; the four largest
    # remainders (Langeland .785, Ærø .737, Faaborg-Midtfyn .714, Svendborg .695) get one more each.
    report = run(CONTRACTS / "fyn" / "2024.yaml",
                 make_data(tmp_path, activities=[act("A1", "2024-03-01", "C1", "Odense")]))
    amounts = {g.key: g.amount for g in report.target("ALLOC.basisbevilling").groups}
    assert amounts == {"Assens": 1216, "Faaborg-Midtfyn": 1577, "Kerteminde": 732, "Nyborg": 976,
                       "Odense": 6423, "Svendborg": 1809, "Nordfyns": 879, "Langeland": 357, "Ærø": 174}


def test_nordjylland_2022_population_key_by_hand(tmp_path: Path) -> None:
    # 17177 thousand kr (17871 / 1.02², rounded) over 593114 inhabitants (1 January 2026);
    # quota = 17177 × population / 593114:
    #   Aalborg 226033 → 6546.075    Hjørring 62979 → 1823.916        Frederikshavn 57523 → 1665.907
    #   Thisted 42572 → 1232.915     Mariagerfjord 41541 → 1203.057   Jammerbugt 37998 → 1100.449
    #   Brønderslev 36529 → 1057.906 Vesthimmerlands 35632 → 1031.928 Rebild 31280 → 905.891
    #   Morsø 19344 → 560.216        Læsø 1683 → 48.741
    # The floors sum to 17170; the seven largest remainders get one more each: Vesthimmerlands .928,
    # Hjørring .916, Thisted .915, Frederikshavn .907, Brønderslev .906, Rebild .891, Læsø .741
    # (next would be Jammerbugt .449).
    report = run(CONTRACTS / "nordjylland" / "2022.yaml",
                 make_data(tmp_path, activities=[act("A1", "2022-03-01", "C1", "Aalborg")]))
    allocation = report.target("ALLOC.basisbevilling")
    assert allocation.target == 17177
    amounts = {g.key: g.amount for g in allocation.groups}
    assert amounts == {"Aalborg": 6546, "Hjørring": 1824, "Frederikshavn": 1666, "Thisted": 1233,
                       "Mariagerfjord": 1203, "Jammerbugt": 1100, "Brønderslev": 1058, "Vesthimmerlands": 1032,
                       "Rebild": 906, "Morsø": 560, "Læsø": 49}
