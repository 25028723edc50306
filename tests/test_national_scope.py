"""Issue 18 item 9: a contract over the whole country (``municipalities: all``) or an explicit list of
municipalities, evaluated on several hubs' data folders at once (``evaluate --data A --data B``).

Two small hub folders are built in tmp_path: ``midtjylland`` (companies M1, M2 in Aarhus, M3 in
Skive, S1 in Aarhus on 1 April) and ``nordjylland`` (N1 in Hjørring, S1 again, in Aalborg on 1
September). S1 is one company guided by both hubs.

Population of the reference data (2026-01-01): the country 6,025,511; Aarhus 378,361; Aalborg
226,033; Skive 44,104 (asserted below, so that a new reference year shows here first).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from helpers import MIDTJYLLAND, SAMPLE, act, groups, make_data, problems, target, write_contract

import hubmonitor
from hubmonitor.cli import main
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.errors import DataError, OutsideHubError
from hubmonitor.io.combine import combine_datasets
from hubmonitor.io.dataset import Dataset, load_dataset
from hubmonitor.io.results_json import dumps
from hubmonitor.reference import load_registry
from hubmonitor.report import Report

COUNTRY, AARHUS, AALBORG, SKIVE = 6_025_511, 378_361, 226_033, 44_104
YEAR_END = date(2024, 12, 31)


def _folders(root: Path, external: tuple[str | None, str | None] = (None, None)) -> tuple[Path, Path]:
    midt = make_data(root / "midtjylland", external=external[0], activities=[
        act("a1", "2024-02-01", "M1", "Aarhus"),
        act("a2", "2024-03-01", "M2", "Aarhus"),
        act("a3", "2024-04-01", "S1", "Aarhus"),
        act("a4", "2024-04-15", "M3", "Skive"),
    ])
    nord = make_data(root / "nordjylland", external=external[1], activities=[
        act("n1", "2024-02-10", "N1", "Hjørring"),
        act("n2", "2024-09-01", "S1", "Aalborg"),
    ])
    return midt, nord


def _national(folder: Path, extra: list[dict[str, Any]] | None = None, **fields: Any) -> Path:
    """A contract for the whole country: reach, spread (expected from a target number of 30) and a
    grant of 98,000 thousand kr split by population."""
    path = write_contract(folder, [
        target("N.reach", "distinct_companies", 5),
        target("N.spread", "municipal_spread", "all", tolerance=0.25, expected_from="target", expected_total=30),
        target("N.grant", "allocation", 98000, total=98000, method="population"),
        *(extra or []),
    ], erhvervshus="Danmark", name="national.yaml")
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc.update(hub="Hele landet", municipalities="all", **fields)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _both(folders: tuple[Path, Path]) -> Dataset:
    datasets = [load_dataset(folder) for folder in folders]
    return combine_datasets(datasets, [hubmonitor.data_date(d) for d in datasets])


def _run(contract: Path, folders: tuple[Path, Path], as_of: date | None = YEAR_END) -> Report:
    """The national contract on both folders as ``hubmonitor.evaluate`` runs one: with the data date (the
    earliest folder's), as of ``as_of`` (None: as of the data date while the year is not over)."""
    datasets = [load_dataset(folder) for folder in folders]
    dates = [d for d in map(hubmonitor.data_date, datasets) if d is not None]
    dataset = combine_datasets(datasets, dates)
    return evaluate(hubmonitor.load_contract(contract), dataset, as_of=as_of, data_date=min(dates, default=None),
                    today=date.fromisoformat(os.environ["HUBMONITOR_TODAY"]))


def test_the_reference_figures_the_arithmetic_uses() -> None:
    registry = load_registry()
    assert len(registry.all) == 98
    assert sum(m.population for m in registry.all) == COUNTRY
    assert [registry.by_name[n].population for n in ("Aarhus", "Aalborg", "Skive")] == [AARHUS, AALBORG, SKIVE]


def test_municipalities_all_is_every_municipality_and_needs_no_hub(tmp_path: Path) -> None:
    contract = hubmonitor.load_contract(_national(tmp_path))
    assert len(contract.municipalities) == 98
    assert contract.erhvervshus == "Danmark" and contract.hub == "Hele landet"
    assert {"København", "Aarhus", "Læsø", "Tønder"} <= set(contract.municipalities)


@pytest.mark.parametrize(("value", "message"), [
    ("alle", "municipalities: must be all (every municipality of the country) or a list of municipalities, "
             "not 'alle'"),
    (5, "municipalities: must be all (every municipality of the country) or a list of municipalities, not 5"),
    ([], "municipalities: must name at least one municipality (or be all: every municipality of the country)"),
    ("Aarhus", "municipalities: wrong type: must be a list, not 'Aarhus'"),  # one municipality: [Aarhus]
])
def test_municipalities_is_all_or_a_list_nothing_else(tmp_path: Path, value: object, message: str) -> None:
    path = _national(tmp_path)
    text = path.read_text(encoding="utf-8").replace("municipalities: all", f"municipalities: {json.dumps(value)}")
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"municipalities: {json.dumps(value)}") + 1
    found = problems(path)
    assert [(p.line, p.text("en").split(" ", 1)[1]) for p in found] == [(line, message)]


def test_an_unknown_hub_without_municipalities_stays_an_error(tmp_path: Path) -> None:
    path = write_contract(tmp_path, [target("N.reach", "distinct_companies", 5)], erhvervshus="Danmark")
    found = problems(path)
    assert [p.text("en").split(" ", 1)[1] for p in found] == [
        "erhvervshus: no hub 'Danmark' in the reference data; known: Fyn, Hovedstaden, Midtjylland, Nordjylland, "
        "Sjælland, Sydjylland (a contract over the whole country: municipalities: all)"]
    assert found[0].line == 5  # document, id, title, hub, erhvervshus


def test_a_company_guided_by_two_hubs_is_one_company(tmp_path: Path) -> None:
    folders = _folders(tmp_path)
    report = _run(_national(tmp_path), folders)
    # M1, M2, M3 (midtjylland) + N1 (nordjylland) + S1 (both) = 5, not 4 + 2 = 6
    assert report.target("N.reach").value == 5
    assert report.target("N.reach").status == "met"
    alone = [evaluate(hubmonitor.load_contract(_national(tmp_path)), load_dataset(f), as_of=YEAR_END)
             for f in folders]
    assert [r.target("N.reach").value for r in alone] == [4, 2]


def test_the_spread_expects_the_countrys_population_shares(tmp_path: Path) -> None:
    report = _run(_national(tmp_path), _folders(tmp_path))
    spread = report.target("N.spread")
    by_name = groups(spread)
    assert len(by_name) == 98 and spread.denominator == 98
    # S1 is placed by its latest activity in the window: Aalborg (1 September), not Aarhus (1 April)
    assert {k: g.value for k, g in by_name.items() if g.value} == {"Aarhus": 2, "Aalborg": 1, "Skive": 1,
                                                                    "Hjørring": 1}
    # Aarhus: 30 × 378,361 / 6,025,511 = 11,350,830 / 6,025,511 = 1.88380 → ± 25 %: [1.41285, 2.35474]; 2 within
    assert by_name["Aarhus"].expected == pytest.approx(11_350_830 / 6_025_511)
    assert by_name["Aarhus"].expected == pytest.approx(1.8837954, abs=1e-7)
    assert (by_name["Aarhus"].low, by_name["Aarhus"].high) == pytest.approx((1.4128466, 2.3547443), abs=1e-7)
    assert by_name["Aarhus"].population_share == pytest.approx(AARHUS / COUNTRY)
    # Aalborg: 30 × 226,033 / 6,025,511 = 6,780,990 / 6,025,511 = 1.12538 → [0.84404, 1.40673]; 1 within
    assert by_name["Aalborg"].expected == pytest.approx(6_780_990 / 6_025_511)
    assert by_name["Aalborg"].expected == pytest.approx(1.1253801, abs=1e-7)
    # Skive: 30 × 44,104 / 6,025,511 = 0.21959 → 1 above; every municipality without a company: below
    assert by_name["Skive"].expected == pytest.approx(1_323_120 / 6_025_511)
    assert {k: g.status for k, g in by_name.items() if g.status != "below"} == {
        "Aarhus": "within", "Aalborg": "within", "Skive": "above", "Hjørring": "above"}
    assert spread.value == 2 and spread.status == "not_met"  # threshold all: 2 of 98


def test_the_grant_split_by_population_over_98_sums_exactly(tmp_path: Path) -> None:
    report = _run(_national(tmp_path), _folders(tmp_path))
    grant = groups(report.target("N.grant"))
    assert len(grant) == 98
    assert sum(g.amount for g in grant.values()) == 98000
    # quota = 98,000 × population / 6,025,511. The 98 whole parts sum to 97,952, so the 48 largest
    # remainders get one more.
    # Aarhus: 37,079,378,000 / 6,025,511 = 6,153 remainder 4,408,817 (the 27th largest): 6,154
    # Aalborg: 22,151,234,000 / 6,025,511 = 3,676 remainder 1,455,564 (the 76th): 3,676
    registry = load_registry()
    assert sum(98000 * m.population // COUNTRY for m in registry.all) == 97_952
    assert divmod(98000 * AARHUS, COUNTRY) == (6153, 4_408_817)
    assert divmod(98000 * AALBORG, COUNTRY) == (3676, 1_455_564)
    assert (grant["Aarhus"].amount, grant["Aalborg"].amount) == (6154, 3676)


def test_files_and_folders_are_named_with_their_folder(tmp_path: Path) -> None:
    report = _run(_national(tmp_path), _folders(tmp_path))
    assert report.data_dir == "midtjylland, nordjylland"
    assert [(i.file, i.rows_read, i.rows_used) for i in report.data_quality.inputs if i.source == "activities"] == [
        ("midtjylland/crm_activities.csv", 4, 4), ("nordjylland/crm_activities.csv", 2, 2)]
    assert report.municipalities == list(load_registry().by_name)


def test_a_finding_names_its_folder(tmp_path: Path) -> None:
    midt, nord = _folders(tmp_path)
    (nord / "crm_activities.csv").write_text(
        (nord / "crm_activities.csv").read_text(encoding="utf-8")
        + act("n3", "2024-05-01", "N2", "Atlantis") + "\n", encoding="utf-8")
    report = _run(_national(tmp_path), (midt, nord))
    found = [(f.file, f.row, f.column, f.code) for f in report.data_quality.findings if f.severity == "quarantine"]
    assert found == [("nordjylland/crm_activities.csv", 4, "municipality", "unknown-municipality")]


def test_the_data_date_is_the_earliest_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-10-01")  # 2024 is running
    midt, nord = _folders(tmp_path)
    (midt / "hubmonitor.yaml").write_text("data_date: 2024-12-31\n", encoding="utf-8")
    # nordjylland has no data_date: its latest activity, 2024-09-01; the country is complete to then
    report = _run(_national(tmp_path), (midt, nord), as_of=None)
    assert report.period.as_of == date(2024, 9, 1)


def test_folders_that_do_not_all_declare_their_date_leave_a_past_year_to_the_calendar(tmp_path: Path) -> None:
    """The combined folders always looked declared (their earliest date was put where a folder's
    hubmonitor.yaml date goes), so a year long over stayed "running" with two folders and was whole
    with one (a review). Declared only when every folder declares."""
    midt, nord = _folders(tmp_path)
    (midt / "hubmonitor.yaml").write_text("data_date: 2024-12-31\n", encoding="utf-8")
    assert _both((midt, nord)).declared_date is None
    report = _run(_national(tmp_path), (midt, nord), as_of=None)  # the tests' day, 2025-10-01: 2024 is over
    assert report.period.as_of == date(2024, 12, 31)
    (nord / "hubmonitor.yaml").write_text("data_date: 2024-09-01\n", encoding="utf-8")
    assert _both((midt, nord)).declared_date == date(2024, 9, 1)
    assert _run(_national(tmp_path), (midt, nord), as_of=None).period.as_of == date(2024, 9, 1)


def _external(value: int) -> str:
    return f"# tal fra KL\nfigures:\n  firms: {value}\n"


def test_the_same_external_figure_twice_is_one_figure(tmp_path: Path) -> None:
    folders = _folders(tmp_path, external=(_external(12), _external(12)))
    extra = [target("N.firms", "external", 10, figure="figures.firms", unit="number")]
    report = _run(_national(tmp_path, extra), folders)
    assert report.target("N.firms").value == 12
    assert report.target("N.firms").status == "met"


def test_an_external_figure_from_one_folder_only_is_read(tmp_path: Path) -> None:
    folders = _folders(tmp_path, external=(None, _external(9)))
    extra = [target("N.firms", "external", 10, figure="figures.firms", unit="number")]
    report = _run(_national(tmp_path, extra), folders)
    assert (report.target("N.firms").value, report.target("N.firms").status) == (9, "not_met")


def test_a_single_figure_the_folders_disagree_on_is_not_judged(tmp_path: Path) -> None:
    """Each hub's own figure (12 and 13) is no figure for the country: shown as missing, saying why."""
    folders = _folders(tmp_path, external=(_external(12), _external(13)))
    extra = [target("N.firms", "external", 10, figure="figures.firms", unit="number")]
    firms = _run(_national(tmp_path, extra), folders).target("N.firms")
    assert (firms.value, firms.status) == (None, "insufficient_data")
    assert firms.reason_en == ("figures.firms differs between the data folders (midtjylland/external-2024.yaml: 12; "
                               "nordjylland/external-2024.yaml: 13); a figure for all of them must come from one "
                               "source")


def _survey(aware: int, asked: int) -> str:
    return f"awareness:\n  aware: {aware}\n  respondents: {asked}\n"


def test_a_share_of_two_counts_is_pooled_over_the_folders(tmp_path: Path) -> None:
    """Each hub's awareness survey: Midtjylland 540 of 1,000, Nordjylland 180 of 400. The country:
    (540 + 180) / (1,000 + 400) = 720 / 1,400 = 0.514285…, a pooled sample of 1,400 (Wilson interval)."""
    folders = _folders(tmp_path, external=(_survey(540, 1000), _survey(180, 400)))
    extra = [target("N.aware", "external", 0.5, numerator="awareness.aware", denominator="awareness.respondents")]
    aware = _run(_national(tmp_path, extra), folders).target("N.aware")
    assert (aware.numerator, aware.denominator, aware.n, aware.status) == (720, 1400, 1400, "met")
    assert aware.value == pytest.approx(720 / 1400)
    assert aware.interval is not None and aware.interval.method == "wilson"
    assert aware.details["pooled"] == ["midtjylland/external-2024.yaml", "nordjylland/external-2024.yaml"]
    assert aware.explanation_en.endswith(
        "pooled over 2 data folders (midtjylland/external-2024.yaml, nordjylland/external-2024.yaml).")


def test_a_pooled_count_is_checked_in_its_own_file(tmp_path: Path) -> None:
    """More aware than asked in one folder: refused naming that folder's file and line."""
    midt, nord = _folders(tmp_path, external=(_survey(540, 1000), _survey(500, 400)))
    extra = [target("N.aware", "external", 0.5, numerator="awareness.aware", denominator="awareness.respondents")]
    result = CliRunner().invoke(main, ["evaluate", str(_national(tmp_path, extra)), "--data", str(midt),
                                       "--data", str(nord), "--lang", "en"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr == ("Error: nordjylland/external-2024.yaml: line 2 awareness.aware: aware (500) is larger "
                             "than respondents (400)\n"), result.stderr


def test_a_baseline_read_from_a_year_the_folders_disagree_on_is_pooled(tmp_path: Path) -> None:
    """2023: 400 of 1,000 and 100 of 400: (400 + 100) / 1,400 = 0.357142…; + 0.10 = 0.457142…;
    2024: (540 + 180) / 1,400 = 0.514285… >= the goal: met."""
    folders = _folders(tmp_path, external=(_survey(540, 1000), _survey(180, 400)))
    for folder, (aware, asked) in zip(folders, ((400, 1000), (100, 400)), strict=True):
        (folder / "external-2023.yaml").write_text(_survey(aware, asked), encoding="utf-8")
    extra = [target("N.aware", "external", {"baseline": "aware_2023", "change": 0.10},
                    numerator="awareness.aware", denominator="awareness.respondents")]
    path = _national(tmp_path, extra, baselines={"aware_2023": {"numerator": "awareness.aware",
                                                                "denominator": "awareness.respondents",
                                                                "year": 2023}})
    aware = _run(path, folders).target("N.aware")
    assert aware.goal.base == pytest.approx(500 / 1400) and aware.target == pytest.approx(500 / 1400 + 0.10)
    assert (aware.status, aware.numerator, aware.denominator) == ("met", 720, 1400)


def test_an_id_in_two_folders_with_two_cvr_numbers_is_warned_of(tmp_path: Path) -> None:
    """Company 1001 in both folders, with CVR 10000009 in one and 10000017 in the other: counted once
    as the ids say, with a warning at its last row (row 2 of Nordjylland's file; the id masked)."""
    midt = make_data(tmp_path / "midtjylland", activities=[act("a1", "2024-02-01", "1001", "Aarhus", cvr="10000009")])
    nord = make_data(tmp_path / "nordjylland", activities=[act("n1", "2024-02-10", "1001", "Aalborg", cvr="10000017")])
    dataset = _both((midt, nord))
    warned = [f for f in dataset.activities.findings if f.code == "company-id-in-folders"]
    assert [(f.file, f.row, f.value) for f in warned] == [("nordjylland/crm_activities.csv", 2, "####")]  # masked
    assert dataset.activities.counts["company-id-in-folders"] == 1
    same = make_data(tmp_path / "x" / "nordjylland", activities=[
        act("n1", "2024-02-10", "1001", "Aalborg", cvr="10000009")])
    assert not [f for f in _both((midt, same)).activities.findings if f.code == "company-id-in-folders"]


def test_a_milestone_is_done_when_every_folder_says_so(tmp_path: Path) -> None:
    done, not_done = "milestones:\n  tool: {done: true, date: 2024-05-01}\n", "milestones:\n  tool: {done: false}\n"
    extra = [target("N.tool", "milestone", True, evidence="tool", measure="done", comparison="==")]
    both = _run(_national(tmp_path / "a", extra), _folders(tmp_path / "a", external=(done, done))).target("N.tool")
    one = _run(_national(tmp_path / "b", extra), _folders(tmp_path / "b", external=(done, not_done))).target("N.tool")
    assert (both.value, both.status) == (True, "met") and (one.value, one.status) == (False, "not_met")


def test_an_item_two_folders_give_on_other_lines_counts_once(tmp_path: Path) -> None:
    """Two folders' files give the same two meetings, the second file a block above them: each meeting once
    (a second review: an item's line made it another item, 2 became 4, "met"); the joined files' findings
    name no line (a line would be one file's)."""
    meetings = "milestones:\n  meetings:\n    - 2024-03-01\n    - {date: 2024-04-01, municipality: Atlantis}\n"
    extra = [target("N.meetings", "milestone", 3, evidence="meetings", measure="count"),
             target("N.places", "milestone", 1, evidence="meetings", measure="distinct_municipalities")]
    folders = _folders(tmp_path, external=(meetings, "awareness:\n  aware: 5\n  respondents: 10\n" + meetings))
    report = _run(_national(tmp_path, extra), folders)
    assert (report.target("N.meetings").value, report.target("N.meetings").status) == (2, "not_met")
    said = [(f.code, f.row, f.value) for f in report.data_quality.findings if "milestone" in f.code]
    assert said == [("unknown-milestone-municipality", None, "Atlantis"),
                    ("milestone-without-municipality", None, None)]


def test_one_folder_is_returned_as_it_is(tmp_path: Path) -> None:
    dataset = load_dataset(SAMPLE)
    assert combine_datasets([dataset], [hubmonitor.data_date(dataset)]) is dataset


def test_the_same_folder_twice_is_refused(tmp_path: Path) -> None:
    midt, _ = _folders(tmp_path)
    with pytest.raises(DataError, match="the folder is given twice with --data"):
        combine_datasets([load_dataset(midt), load_dataset(midt)])


def test_an_explicit_list_on_one_hubs_data(tmp_path: Path) -> None:
    midt, _ = _folders(tmp_path)
    path = write_contract(tmp_path, [
        target("L.spread", "municipal_spread", 1, tolerance=0.2),
        target("L.grant", "allocation", 1000, total=1000, method="population"),
    ], municipalities=["Aarhus", "Skive Kommune"], name="list.yaml")
    contract = hubmonitor.load_contract(path)
    assert contract.municipalities == ("Aarhus", "Skive")
    report = evaluate(contract, load_dataset(midt), as_of=YEAR_END)
    assert report.municipalities == ["Aarhus", "Skive"]
    spread = groups(report.target("L.spread"))
    # the list's population: 378,361 + 44,104 = 422,465; companies located there: M1, M2, S1 (Aarhus), M3 (Skive)
    # Aarhus: 4 × 378,361 / 422,465 = 1,513,444 / 422,465 = 3.58241 → ± 20 %: [2.86593, 4.29889]; 3 within
    # Skive: 4 × 44,104 / 422,465 = 0.41759 → [0.33407, 0.50111]; 1 above
    assert spread["Aarhus"].expected == pytest.approx(4 * AARHUS / (AARHUS + SKIVE))
    assert spread["Aarhus"].expected == pytest.approx(3.5824127, abs=1e-7)
    assert (spread["Aarhus"].status, spread["Skive"].status) == ("within", "above")
    assert report.target("L.spread").value == 1 and report.target("L.spread").status == "met"
    # 1,000 × 378,361 / 422,465 = 895.60 and 1,000 × 44,104 / 422,465 = 104.40: 895 + 104 = 999, the larger
    # remainder (Aarhus, .60) gets the last one
    assert {k: g.amount for k, g in groups(report.target("L.grant")).items()} == {"Aarhus": 896, "Skive": 104}


def test_the_hub_check_judges_against_the_contracts_municipalities(tmp_path: Path) -> None:
    midt, nord = _folders(tmp_path)
    # a list naming only Aalborg on midtjylland's data: every company (4 of 4) outside: stopped
    path = write_contract(tmp_path, [target("L.reach", "distinct_companies", 1)], municipalities=["Aalborg"],
                          erhvervshus="Nordjylland", name="aalborg.yaml")
    with pytest.raises(OutsideHubError):
        evaluate(hubmonitor.load_contract(path), load_dataset(midt), as_of=YEAR_END)
    # a national contract holds every municipality: never stopped, on one hub's folder or on both
    national = hubmonitor.load_contract(_national(tmp_path))
    assert evaluate(national, load_dataset(nord), as_of=YEAR_END).target("N.reach").value == 2
    assert evaluate(national, _both((midt, nord)), as_of=YEAR_END).target("N.reach").value == 5


# --- the command line ----------------------------------------------------------------------------

def test_evaluate_with_two_data_folders(tmp_path: Path) -> None:
    midt, nord = _folders(tmp_path)
    contract = _national(tmp_path)
    out = tmp_path / "out" / "national.json"
    result = CliRunner().invoke(main, ["evaluate", str(contract), "--data", str(midt), "--data", str(nord),
                                       "--as-of", "2024-12-31", "--json", str(out)])
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["data_dir"] == "midtjylland, nordjylland"
    assert {t["id"]: t["value"] for t in document["targets"]} == {"N.reach": 5, "N.spread": 2, "N.grant": 98000}
    assert len(document["municipalities"]) == 98
    assert document == json.loads(dumps(_run(contract, (midt, nord))))  # the same as the library's


def test_evaluate_with_one_data_folder_is_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["evaluate", str(MIDTJYLLAND), "--data", str(SAMPLE), "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == dumps(hubmonitor.evaluate(MIDTJYLLAND, SAMPLE))


def test_evaluate_says_why_a_figure_is_not_judged(tmp_path: Path) -> None:
    midt, nord = _folders(tmp_path, external=(_external(12), _external(13)))
    extra = [target("N.firms", "external", 10, figure="figures.firms", unit="number")]
    result = CliRunner().invoke(main, ["evaluate", str(_national(tmp_path, extra)), "--data", str(midt),
                                       "--data", str(nord), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "N.firms: figures.firms differs between the data folders" in " ".join(result.stdout.split())
    assert "Traceback" not in result.output


def test_years_with_several_folders_is_a_usage_error(tmp_path: Path) -> None:
    midt, nord = _folders(tmp_path)
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "{year}.yaml"), "--years", "2023-2024",
                                       "--data", str(midt), "--data", str(nord)])
    assert result.exit_code == 2
    assert "--years takes one --data" in result.stderr


def test_validate_a_national_contract(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(_national(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("national.yaml: Hele landet 2024: 3 mål, 0 kvalitative punkter, 98 kommuner")


def test_the_pages_and_the_table_render_a_national_report(tmp_path: Path) -> None:
    from hubmonitor.render.html.site import build_site
    from hubmonitor.render.terminal import render

    report = _run(_national(tmp_path), _folders(tmp_path))
    pages = build_site([report], generated="test", workbooks=False)
    assert {"danmark-2024/rapport.html", "danmark-2024/kommuner.html"} <= set(pages)
    assert "Hele landet" in pages["danmark-2024/rapport.html"].decode("utf-8")
    assert "fordelt på 98 kommuner" in render(report, "da", 100)


def test_the_national_comparison_ranks_the_hubs_and_links_the_whole_country(tmp_path: Path) -> None:
    """A site of the sample (Midtjylland 2024) and a whole-country report of 2024: the national
    page, its CSV and its chart rank Midtjylland alone; the whole country has its own pages, linked
    above the table, and a year with only the whole country has no national page."""
    from dashboard_site import sample_report

    from hubmonitor.render.html.site import build_site

    national = _run(_national(tmp_path), _folders(tmp_path))
    pages = build_site([sample_report(), national], generated="test", workbooks=False)
    page = pages["national-2024.html"].decode("utf-8")
    table = page.split('id="table"')[1].split("</section>")[0]
    assert re.findall(r'<th scope="row" data-sort="[^"]*">(.*?)</th>', table) == [
        '<a href="midtjylland-2024/rapport.html">Erhvervshus Midtjylland</a>']
    assert ('<p class="note beside">Opgjort for sig, ikke rangeret blandt erhvervshusene: '
            '<a href="danmark-2024/rapport.html">Hele landet</a></p>') in page
    csv_rows = pages["national-2024.csv"].decode("utf-8-sig").splitlines()
    assert len(csv_rows) == 2 and "Danmark" not in csv_rows[1] and "Hele landet" not in "\n".join(csv_rows)
    assert "danmark-2024/rapport.html" in pages
    only_country = build_site([national], generated="test", workbooks=False)
    assert not any(name.startswith("national-") for name in only_country)
    index = only_country["index.html"].decode("utf-8")  # listed, with no link to a national page
    assert 'href="danmark-2024/rapport.html"' in index and "national-2024.html" not in index
    # no page links to a national page that is not there
    assert not any("national-2024.html" in page.decode("utf-8") for name, page in only_country.items()
                   if name.endswith(".html"))


def test_the_same_export_given_as_two_folders_counts_each_row_once(tmp_path: Path) -> None:
    """A review gave one hub's folder twice under two names: its answers were counted twice (923 +
    923, a narrower interval), with no duplicate said. A row of a later folder equal in every value
    (the id with them) to a usable row of an earlier folder is now an exact copy, as within a folder."""
    from helpers import ev

    midt = make_data(tmp_path / "midtjylland", activities=[
        act("a1", "2024-02-01", "M1", "Aarhus"), act("a2", "2024-03-01", "M2", "Skive")],
        evaluations=[ev("r1", "2024-05-01", "M1", satisfaction="Meget tilfreds"),
                     ev("r2", "2024-05-02", "M2", satisfaction="Meget tilfreds"),
                     ev("r3", "2024-05-03", "M1", satisfaction="Tilfreds")])
    copy = tmp_path / "kopi"
    shutil.copytree(midt, copy)
    contract = _national(tmp_path, [target("N.sat", "share", 0.5, answer="satisfaction",
                                           success=["Meget tilfreds"], min_answers=1)])
    report = _run(contract, (midt, copy))
    alone = evaluate(hubmonitor.load_contract(contract), load_dataset(midt), as_of=YEAR_END)
    sat = report.target("N.sat")
    assert (sat.value, sat.numerator, sat.denominator, sat.n) == (2 / 3, 2, 3, 3)
    assert sat.interval == alone.target("N.sat").interval
    assert report.target("N.reach").value == 2
    lines = {(line.file, line.rows_read, line.rows_used, line.duplicates) for line in report.data_quality.inputs}
    assert ("kopi/evaluations.csv", 3, 0, 3) in lines and ("kopi/crm_activities.csv", 2, 0, 2) in lines
    assert ("midtjylland/evaluations.csv", 3, 3, 0) in lines
    copies = [(f.file, f.row) for f in report.data_quality.findings if f.code == "duplicate-row"]  # (ids masked)
    assert copies == [("kopi/crm_activities.csv", 2), ("kopi/crm_activities.csv", 3), ("kopi/evaluations.csv", 2),
                      ("kopi/evaluations.csv", 3), ("kopi/evaluations.csv", 4)]


def test_evaluated_after_the_earliest_folders_data_end_points_at_that_folders_row(tmp_path: Path) -> None:
    """The data date of several folders is the earliest folder's (2024-04-15, midtjylland's last row);
    evaluated to 30 November, the warning points at that row, not at a hubmonitor.yaml neither
    folder has (the review of the change)."""
    folders = _folders(tmp_path)
    report = _run(_national(tmp_path), folders, as_of=date(2024, 11, 30))
    assert [(f.file, f.row, f.column, f.value) for f in report.data_quality.findings
            if f.code == "data-ends-before-as-of"] == [("midtjylland/crm_activities.csv", 5, "date", "2024-04-15")]


def test_planned_rows_in_one_folder_do_not_move_the_countrys_data_date(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Midtjylland's export has a planned activity dated after today: the country's data date was
    that folder's latest row, and the pace was judged two months past the other folder's end (a
    review). Each folder's date is taken as of today first: Midtjylland 2024-04-15, Nordjylland
    2024-09-01; the country runs to the earliest."""
    monkeypatch.setenv("HUBMONITOR_TODAY", "2024-10-01")
    midt, nord = _folders(tmp_path)
    with (midt / "crm_activities.csv").open("a", encoding="utf-8") as f:
        f.write(act("a9", "2024-12-10", "M9", "Aarhus") + "\n")
    result = CliRunner().invoke(main, ["evaluate", str(_national(tmp_path)), "--data", str(midt), "--data",
                                       str(nord), "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 0, result.stderr
    doc = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert doc["period"]["as_of"] == "2024-04-15"
    assert [(f["code"], f["value"]) for f in doc["data_quality"]["warnings"] if f["code"] == "dated-after-today"] == [
        ("dated-after-today", "2024-12-10")]


def test_a_duplicates_other_row_is_named_with_its_folder(tmp_path: Path) -> None:
    """A review: with two folders, a copy's first row was named "crm.csv:2" where both folders hold a crm.csv,
    and a row copied from the first folder into the second named no first row at all."""
    from helpers import ACTIVITY_HEADER, write_csv

    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        make_data(folder, activities=[])
    write_csv(a, "crm_activities_2024.csv", ACTIVITY_HEADER,
              [act("A1", "2024-03-01", "C1"), act("A1", "2024-03-01", "C1"), act("A2", "2024-03-02", "C2")])
    write_csv(b, "crm_activities_2024.csv", ACTIVITY_HEADER,
              [act("B1", "2024-03-01", "C3", "Skive"), act("A2", "2024-03-02", "C2")])
    table = _both((a, b)).activities
    copies = sorted((f.file, f.row, f.detail, f.detail_en) for f in table.findings if f.code == "duplicate-row")
    assert copies == [
        ("a/crm_activities_2024.csv", 3, "første gang i a/crm_activities_2024.csv:2",
         "first in a/crm_activities_2024.csv:2"),
        ("b/crm_activities_2024.csv", 3, "første gang i a/crm_activities_2024.csv:4",
         "first in a/crm_activities_2024.csv:4")]


@pytest.mark.parametrize("erhvervshus", ["Odense-samarbejdet", "Grønland"])
def test_a_report_not_of_a_hub_is_shown_beside_the_comparison_not_ranked(erhvervshus: str) -> None:
    """A contract of two of a hub's municipalities ("Odense-samarbejdet") or a results file naming a hub
    there is none of was ranked as a seventh hub in the national table, its CSV and the history, without a
    word (a KL review). It is shown beside the comparison, as the whole country is."""
    from dashboard_site import sample_report

    from hubmonitor.render.html.site import build_site

    hub = sample_report()
    other = hub.model_copy(update={"erhvervshus": erhvervshus, "hub": f"Erhvervshus {erhvervshus}",
                                   "municipalities": hub.municipalities[:2]})
    pages = build_site([hub, other], generated="test", workbooks=False)
    page = pages["national-2024.html"].decode("utf-8")
    table = page.split('id="table"')[1].split("</section>")[0]
    assert re.findall(r'<th scope="row" data-sort="[^"]*">(.*?)</th>', table) == [
        '<a href="midtjylland-2024/rapport.html">Erhvervshus Midtjylland</a>']
    folder = next(name.split("/")[0] for name in pages if name.endswith("/rapport.html") and "midtjylland" not in name)
    assert (f'<p class="note beside">Opgjort for sig, ikke rangeret blandt erhvervshusene: '
            f'<a href="{folder}/rapport.html">Erhvervshus {erhvervshus}</a></p>') in page
    assert erhvervshus not in pages["national-2024.csv"].decode("utf-8-sig")


def test_a_results_file_evaluated_to_a_day_not_yet_come_is_refused(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A results file edited to 2099 made a national page "2099" and a history listing 75 missing years,
    exit 0 (a KL review): ``evaluate`` never counts past the day of the run, so such a file is refused,
    named, and nothing is written."""
    from dashboard_site import sample_report

    report = sample_report()
    period = report.period.model_copy(update={"start": date(2099, 1, 1), "end": date(2099, 12, 31),
                                              "as_of": date(2099, 12, 31)})
    (tmp_path / "real.json").write_text(dumps(report), encoding="utf-8")
    (tmp_path / "edited.json").write_text(dumps(report.model_copy(update={"period": period})), encoding="utf-8")
    monkeypatch.setenv("HUBMONITOR_TODAY", "2026-12-07")
    site = tmp_path / "site"
    result = CliRunner().invoke(main, ["dashboard", str(tmp_path / "real.json"), str(tmp_path / "edited.json"),
                                       "--out", str(site)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Fejl: {tmp_path / 'edited.json'}: resultaterne er opgjort til 2099-12-31, efter i dag (2026-12-07); "
        "hubmonitor opgør aldrig til en dag, der ikke er kommet (en rettet fil? HUBMONITOR_TODAY sætter dagen)")
    assert not site.exists()
    assert CliRunner().invoke(main, ["dashboard", str(tmp_path / "real.json"), "--out", str(site)]).exit_code == 0
