"""The demo's designed integrity case (issue 21) and its ``registered_at`` column.

Hovedstaden's 2024 ends with a burst of referral rows registered within the hour on Thursday
19 December 2024 (Berlingske, December 2016: referrals attached to old cases to reach a referral
target); every other hub-year has only what its normal registrations give. The case is checked at
scale 0.5 (20 rows: 40 at scale 1, scaled like every volume; about two seconds for all six hubs),
and at scale 1 on Hovedstaden alone, where it lifts the referral rate over the contract's 80 %.
A canonical export without ``registered_at`` reads as before: the column is optional.
"""

from __future__ import annotations

import random
import re
from datetime import date, datetime
from pathlib import Path

import polars as pl
import pytest
from escrm_export import write_escrm
from helpers import SAMPLE

import hubmonitor
from hubmonitor.demo import DATA_DATE, HUBS, generate
from hubmonitor.demo.hubs import hub
from hubmonitor.demo.hubyear import registration
from hubmonitor.demo.write import write_hub
from hubmonitor.io.dataset import load_dataset

SCALE = 0.5
K = 20  # round(40 × 0.5): the burst's rows at this scale
BURST_FIRST, BURST_LAST = datetime(2024, 12, 19, 14, 2), datetime(2024, 12, 19, 14, 47)
CONTRACT = Path(__file__).resolve().parents[1] / "contracts" / "hovedstaden" / "2024.yaml"
COLUMNS = ["activity_id", "date", "company_id", "activity_type", "referred", "registered_at"]


@pytest.fixture(scope="module")
def activities(tmp_path_factory: pytest.TempPathFactory) -> pl.DataFrame:
    """Every activity row of the demo at scale 0.5, as text but ``registered_at`` (a datetime), with its
    hub, year and place in its file."""
    folder = generate(tmp_path_factory.mktemp("demo") / "data", scale=SCALE).folder
    frames = [pl.read_csv(path, infer_schema=False, columns=COLUMNS).with_row_index("line", offset=2)
              .with_columns(hub=pl.lit(path.parent.name), year=pl.lit(int(path.stem[-4:])))
              for path in sorted(folder.glob("*/crm_activities_*.csv"))]
    return pl.concat(frames).with_columns(pl.col("registered_at").str.to_datetime("%Y-%m-%d %H:%M", strict=True))


def _most_within_an_hour(rows: pl.DataFrame) -> dict[tuple[str, int], int]:
    """Per hub-year, the most rows registered within any 60 minutes (a window ending at each row)."""
    most = (rows.sort("hub", "year", "registered_at")
            .rolling(index_column="registered_at", period="60m", group_by=["hub", "year"])
            .agg(pl.len().alias("rows"))
            .group_by("hub", "year").agg(pl.col("rows").max()))
    return {(h, y): n for h, y, n in most.iter_rows()}


def test_the_burst_is_in_hovedstaden_december_2024(activities: pl.DataFrame) -> None:
    year = activities.filter(pl.col("hub") == "hovedstaden", pl.col("year") == 2024)
    hour = year.filter(pl.col("registered_at").is_between(BURST_FIRST, BURST_LAST))
    burst = hour.filter(pl.col("referred") == "ja")
    # the burst, and one collective activity of the day registered in the same minutes
    assert (hour.height, burst.height) == (K + 1, K)
    assert (burst["registered_at"].min(), burst["registered_at"].max()) == (BURST_FIRST, BURST_LAST)
    assert burst.select("date", "activity_type").unique().rows() == [("2024-12-19", "individuel")]
    assert burst["line"].to_list() == list(range(year.height - K + 2, year.height + 2))  # the file's last rows
    companies = burst["company_id"]
    assert companies.n_unique() == K
    # old cases: each was guided individually before October, never referred, and nothing since
    before = year.filter(pl.col("company_id").is_in(companies.implode()),
                         ~pl.col("line").is_in(burst["line"].implode()))
    cases = before.group_by("company_id").agg(
        individual=(pl.col("activity_type") == "individuel").sum(),
        referred=(pl.col("referred") == "ja").sum(),
        last=pl.col("date").filter(pl.col("activity_type") == "individuel").max())
    assert cases.height == K
    assert cases.filter(pl.col("individual") >= 1, pl.col("referred") == 0, pl.col("last") < "2024-10-01").height == K


def test_no_other_hub_year_has_such_an_hour(activities: pl.DataFrame) -> None:
    referred = _most_within_an_hour(activities.filter(pl.col("referred") == "ja"))
    individual = _most_within_an_hour(activities.filter(pl.col("activity_type") == "individuel"))
    every = _most_within_an_hour(activities)
    assert len(referred) == len(every) == 6 * 5  # six hubs, CRM years 2021–2025
    designed = ("hovedstaden", 2024)
    assert (referred[designed], individual[designed], every[designed]) == (K, K, K + 2)
    others = {key: n for key, n in referred.items() if key != designed}
    assert max(others.values()) == 6 and max(others, key=others.__getitem__) == ("hovedstaden", 2022)
    assert max(n for key, n in individual.items() if key != designed) == 8
    assert max(n for key, n in every.items() if key != designed) == 12


def test_registrations_are_made_in_office_hours_on_weekdays_soon_after(activities: pl.DataFrame) -> None:
    at = pl.col("registered_at")
    assert activities.filter(at.is_null()).height == 0  # every row has one
    minutes = at.dt.hour().cast(pl.Int32) * 60 + at.dt.minute().cast(pl.Int32)
    assert activities.filter(~minutes.is_between(8 * 60, 17 * 60 - 1) | (at.dt.weekday() > 5)).height == 0
    dated = activities.with_columns(pl.col("date").str.to_date("%Y-%m-%d", strict=False)).drop_nulls("date")
    lag = (at.dt.date() - pl.col("date")).dt.total_days()
    # 1 to 10 days late, and a weekend's registration on the Monday: 0 to 12 days
    assert dated.select(lag.min().alias("least"), lag.max().alias("most")).row(0) == (0, 12)
    same_day = dated.select((lag == 0).mean()).item()
    assert 0.78 < same_day < 0.81  # 80 % drawn on the day, less a few weekend activities
    assert activities.filter(pl.col("year") == 2025, at.dt.date() > DATA_DATE).height == 0  # the export's day


def test_a_registration_waits_for_monday_and_never_follows_the_export() -> None:
    saturday, monday = date(2024, 12, 21), date(2024, 12, 23)

    class On(random.Random):  # the two draws: on the day (or late), then the minute of the day
        def __init__(self, *draws: float) -> None:
            super().__init__(0)
            self.draws = list(draws)

        def random(self) -> float:
            return self.draws.pop(0)

    assert registration(saturday, On(0.5, 0.0), None) == f"{monday} 08:00"
    assert registration(monday, On(0.5, 0.999), None) == f"{monday} 16:59"
    assert registration(monday, On(0.0, 0.5), None) == "2024-12-24 12:30"
    assert registration(monday, On(0.199, 0.5), None) == "2025-01-02 12:30"
    assert registration(DATA_DATE, On(0.1, 0.5), DATA_DATE) == f"{DATA_DATE} 12:30"
    rnd = random.Random(1)
    assert registration(monday, rnd, None) == registration(monday, random.Random(1), None)


def test_the_case_lifts_the_referral_rate_just_over_the_target(tmp_path: Path) -> None:
    """At scale 1: 2,052 of 2,607 individually guided companies referred (78.7 %) without the case,
    2,092 (80.2 %) with its 40 rows; the contract asks for 80 %."""
    folder = tmp_path / "hovedstaden"
    write_hub(folder, hub("hovedstaden"), 2024, 1.0)
    with_case = hubmonitor.evaluate(CONTRACT, folder).target("M8.referral_rate")
    assert (with_case.numerator, with_case.denominator, with_case.status) == (2092, 2607, "met")
    path = folder / "crm_activities_2024.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    burst = lines[-40:]
    assert all(re.fullmatch(r"HS2024-\d{7},2024-12-19,HS-\d{7},\d*,[^,]+,[^,]+,[^,]+,individuel,nej,ja,,"
                            r"2024-12-19 14:[0-4]\d\n", line) for line in burst)
    assert len({line.split(",")[2] for line in burst}) == 40
    path.write_text("".join(lines[:-40]), encoding="utf-8")
    without = hubmonitor.evaluate(CONTRACT, folder).target("M8.referral_rate")
    assert (without.numerator, without.denominator, without.status) == (2052, 2607, "not_met")
    assert round(2052 / 2607, 3) == 0.787 and round(2092 / 2607, 3) == 0.802


def test_the_other_hubs_have_no_designed_case() -> None:
    assert {p.slug: sorted(p.referral_burst) for p in HUBS if p.referral_burst} == {"hovedstaden": [2024]}


def test_a_canonical_export_without_registered_at_reads_as_before(tmp_path: Path) -> None:
    """The worked example has no registered_at: no finding about it, nothing quarantined for it, the
    column empty; check-data names it among the columns the export does not have."""
    table = load_dataset(SAMPLE).activities
    assert [f for f in table.findings if f.column == "registered_at" or f.code == "bad-datetime"] == []
    assert "bad-datetime" not in table.counts
    assert table.frame["registered_at"].dtype == pl.Datetime("us")
    assert table.frame["registered_at"].null_count() == table.frame.height
    assert table.absent["registered_at"] == [("crm_activities_2023.csv", None), ("crm_activities_2024.csv", None)]
    assert table.counts == {"bad-date": 1, "missing-company-id": 1, "bad-cvr-checksum": 88, "unknown-municipality": 1,
                            "unknown-segment": 1, "duplicate-row": 25}  # as before (tests/test_check_data.py)
    assert (table.frame.height, int(table.frame["_quarantine"].sum())) == (12769, 4)
    write_escrm(SAMPLE, tmp_path)  # the ESCRM export has no such column either
    escrm = load_dataset(tmp_path, profile="escrm-excel").activities
    assert [f for f in escrm.findings if f.column == "registered_at" or f.code == "bad-datetime"] == []
    assert escrm.frame["registered_at"].null_count() == escrm.frame.height
