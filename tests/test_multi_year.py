"""Issue 18 item 2: a contract over several years (``period: {years: [FIRST, LAST]}``), evaluated a
year at a time: a threshold per year (``threshold: {by_year: …}``: each year against its own
step) and a target on the whole period (``over: period``: counted from the first day of the
first year, paced over the period until its last year). The arithmetic is beside each figure."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import act, make_data, problems, run_loaded, target, validate_command

from hubmonitor.contract.loader import contract_years, load_contract, validate_file
from hubmonitor.render.format import target_text


def _contract(folder: Path, targets: list[dict[str, Any]], period: dict[str, Any] | None = None) -> Path:
    doc = {"document": "contract", "id": "test-2024-2026", "title": "Treårig testkontrakt",
           "hub": "Erhvervshus Midtjylland", "erhvervshus": "Midtjylland",
           "period": period or {"years": [2024, 2026]}, "targets": targets}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "contract.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


STEPS = target("T.reach", "distinct_companies", {"by_year": {2024: 10, 2025: 12, 2026: 15}})
PERIOD = target("T.total", "distinct_companies", 30, over="period")


def _data(folder: Path, *, in_2026: bool = False) -> Path:
    """2024: companies C1–C11; 2025: C5–C20 (16 companies, 9 of them new); 2026 (if asked): C21–C30."""
    rows = [act(f"A{i}", "2024-03-01", f"C{i}") for i in range(1, 12)]
    rows += [act(f"B{i}", "2025-12-30", f"C{i}") for i in range(5, 21)]
    if in_2026:
        rows += [act(f"D{i}", "2026-12-31", f"C{i}") for i in range(21, 31)]
    return make_data(folder, activities=rows)


def test_each_year_against_its_own_step(here: Path) -> None:
    path = _contract(here, [STEPS])
    assert validate_command("contract.yaml")[:2] == (
        0, "OK contract.yaml: Erhvervshus Midtjylland 2024–2026: 1 mål, 0 kvalitative punkter, 19 kommuner\n")
    assert contract_years(path) == [2024, 2025, 2026]
    data = _data(here / "data")
    y2024 = run_loaded(load_contract(path, 2024), data).target("T.reach")
    # 2024: 11 companies >= the 2024 step 10: met
    assert (y2024.value, y2024.target, y2024.status) == (11, 10, "met")
    assert (y2024.goal.basis, y2024.goal.year) == ("step", 2024)
    assert y2024.explanation.endswith("; målet er mindst 10, trinnet for 2024 (2024: 10; 2025: 12; 2026: 15).")
    y2025 = run_loaded(load_contract(path, 2025), data).target("T.reach")
    # 2025: C5–C20 = 16 companies >= the 2025 step 12: met
    assert (y2025.value, y2025.target, y2025.status, y2025.goal.year) == (16, 12, "met", 2025)


def test_a_target_over_the_whole_period_is_paced_over_it(here: Path) -> None:
    path = _contract(here, [PERIOD])
    data = _data(here / "data", in_2026=True)
    y2024 = run_loaded(load_contract(path, 2024), data).target("T.total")
    # by 31 December 2024: 11 distinct companies; 366 of the period's 1096 days: 30 × 366 / 1096 = 10.02
    assert (y2024.value, y2024.status, y2024.pace) == (11, "on_track", "prorata")
    assert y2024.elapsed_share == 366 / 1096 and round(y2024.prorated_target or 0, 2) == 10.02
    assert y2024.details["period"] == [2024, 2026]
    assert "talt over hele kontraktperioden 2024–2026 (fra 1. januar 2024)" in y2024.explanation
    assert target_text(y2024, "da") == "≥ 30 (2024–2026)"
    y2025 = run_loaded(load_contract(path, 2025), data).target("T.total")
    # by 31 December 2025: C1–C20 = 20 companies; 731 of 1096 days: 30 × 731 / 1096 = 20.009: behind
    assert (y2025.value, y2025.status) == (20, "behind")
    assert round(y2025.prorated_target or 0, 3) == 20.009
    y2026 = run_loaded(load_contract(path, 2026), data).target("T.total")
    # the last year's end: C1–C30 = 30 >= 30: met, judged (no pace)
    assert (y2026.value, y2026.status, y2026.pace) == (30, "met", None)


def test_groups_of_a_count_over_the_period_are_paced_over_it(here: Path) -> None:
    """A grouped count over the period: in 2024 its group is paced over 2024–2026 (not judged at
    the end of 2024 as if the goal were due then)."""
    grouped = target("T.rows", "count", 30, over="period", group_by="segment", groups=["drift"])
    path = _contract(here, [grouped])
    rows = run_loaded(load_contract(path, 2024), _data(here / "data")).target("T.rows")
    # 11 rows in 2024 (all drift); 30 × 366 / 1096 = 10.02 by 31 December 2024: on track, group and target
    assert [(g.key, g.value, g.status) for g in rows.groups] == [("drift", 11, "on_track")]
    assert rows.status == "on_track"


def test_a_duration_may_have_a_step_per_year(here: Path) -> None:
    steps = target("T.days", "duration", {"by_year": {2024: 40, 2025: 35, 2026: 30}}, source="activities",
                   start="date", end="date", measure="mean", unit="days")
    _contract(here, [steps])
    contract = validate_file(here / "contract.yaml")
    assert contract.targets[0].threshold.by_year == {2024: 40, 2025: 35, 2026: 30}  # type: ignore[union-attr]
    _contract(here, [{**steps, "threshold": {"by_year": {2024: 40, 2025: -1, 2026: 30}}}])
    assert "threshold must be a number of days (0 or more)" in problems(here / "contract.yaml", validate_file)[0].text(
        "en")


def test_a_contract_over_several_years_needs_its_year(here: Path) -> None:
    path = _contract(here, [STEPS])
    found = problems(path)
    assert "the contract covers 2024–2026: choose the years with --years, e.g. --years 2024-2026" in found[0].text("en")
    with pytest.raises(Exception) as caught:
        load_contract(path, 2027)
    assert "the contract covers 2024–2026, not 2027" in str(caught.value.problems[0].text("en"))  # type: ignore[attr-defined]


@pytest.mark.parametrize(("targets", "period", "message"), [
    ([target("T.reach", "distinct_companies", {"by_year": {2024: 10, 2025: 12}})], None,
     "T.reach: threshold.by_year has no step for 2026"),
    ([PERIOD], {"year": 2024}, "T.total: over: period needs a contract over several years"),
    ([target("T.share", "share", 0.5, over="period", source="evaluations", answer="referral_used",
                   success=["Har benyttet"])],
     None, "over: period applies only to distinct_companies, count and sum"),
    ([target("T.total", "distinct_companies", {"previous_year": {}}, over="period")], None,
     "over: period cannot be combined with pace: seasonal, previous_year or by_year"),
    ([target("T.total", "distinct_companies", {"by_year": {2024: 100, 2025: 250, 2026: 400}}, over="period")], None,
     "over: period cannot be combined with pace: seasonal, previous_year or by_year"),
    ([STEPS], {"years": [2026, 2024]}, "years: [first, last] with first < last and at most 10 years, not 2026–2024"),
    ([STEPS], {"year": 2024, "years": [2024, 2026]}, "give either year: YEAR or years: [FIRST, LAST]"),
    ([target("T.band", "company_ratio", {"by_year": {2024: 0.4, 2025: 0.5, 2026: 0.6}}, comparison="between",
             numerator={"activity_type": "individuel"}, denominator=[{}])], None,
     "'between' needs threshold: [low, high]"),
    ([target("T.tool", "milestone", {"by_year": {2024: 1, 2025: 1, 2026: 1}}, evidence="tool", measure="done",
             comparison="==")], None, "by_year is only for targets whose threshold is one number"),
])
def test_misuse_is_a_validate_error(here: Path, targets: list[dict[str, Any]], period: dict[str, Any] | None,
                                    message: str) -> None:
    path = _contract(here, targets, period)
    assert message in problems(path, validate_file)[0].text("en")
    assert validate_command("contract.yaml")[0] == 1


def _cli(*args: str) -> tuple[int, str, str]:
    from click.testing import CliRunner

    from hubmonitor.cli import main

    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_evaluate_years_on_one_file_over_several_years(here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBMONITOR_TODAY", "2027-01-15")  # 2026's rows are of its last day: the run is after
    _contract(here, [STEPS, PERIOD])
    _data(here / "data", in_2026=True)
    code, stdout, stderr = _cli("evaluate", "contract.yaml", "--years", "2024-2026", "--data", "data",
                                "--json", "out/{year}.json")
    assert code == 0, stderr
    written = {y: json.loads((here / "out" / f"{y}.json").read_text(encoding="utf-8")) for y in (2024, 2025, 2026)}
    steps = {y: next(t for t in doc["targets"] if t["id"] == "T.reach") for y, doc in written.items()}
    # each year against its own step: 11 >= 10, 16 >= 12, 10 (C21–C30) < 15
    assert [(s["value"], s["target"], s["status"], s["goal"]["year"]) for s in steps.values()] == [
        (11, 10, "met", 2024), (16, 12, "met", 2025), (10, 15, "not_met", 2026)]
    total = {y: next(t for t in doc["targets"] if t["id"] == "T.total")["status"] for y, doc in written.items()}
    assert total == {2024: "on_track", 2025: "behind", 2026: "met"}
    assert "T.reach" in stdout and "2026: 1 opfyldt, 1 ikke opfyldt, 0 mangler data" in stdout


def test_evaluate_a_file_over_several_years_without_years_says_so(here: Path) -> None:
    _contract(here, [STEPS])
    _data(here / "data")
    code, stdout, stderr = _cli("evaluate", "contract.yaml", "--data", "data")
    assert code != 0 and "vælg år med --years, fx --years 2024-2026" in stdout + stderr
    code, stdout, stderr = _cli("evaluate", "contract.yaml", "--years", "2024-2027", "--data", "data")
    assert code != 0 and "kontrakten gælder 2024–2026, ikke 2027" in stdout + stderr
    _contract(here / "one", [STEPS], {"year": 2024})
    code, stdout, stderr = _cli("evaluate", "one/contract.yaml", "--years", "2024-2026", "--data", "data")
    assert code == 2 and ("--years needs {year} in the contract path, e.g. contracts/midtjylland/{year}.yaml, or "
                          "a contract over several years") in stderr
    code, stdout, stderr = _cli("evaluate", "missing.yaml", "--years", "2024-2026", "--data", "data")
    assert code == 1 and "missing.yaml" in stderr and "{year}" not in stderr  # the file is missing: said so


def test_a_framework_over_three_years_gives_each_years_contract_its_step(here: Path) -> None:
    """The framework agreement 2021–2023 style: one framework, steps per year; each hub contract of
    one year extends it and is judged against that year's step (a contract outside its years refused)."""
    framework = {"document": "framework", "id": "national-2024-2026", "title": "Rammeaftale 2024–2026",
                 "years": [2024, 2025, 2026], "targets": [STEPS]}
    (here / "national.yaml").write_text(yaml.safe_dump(framework, sort_keys=False), encoding="utf-8")
    for year in (2025, 2027):
        doc = {"document": "contract", "id": f"hub-{year}", "title": f"Kontrakt {year}",
               "hub": "Erhvervshus Midtjylland",
               "erhvervshus": "Midtjylland", "extends": "national.yaml", "period": {"year": year}}
        (here / f"{year}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    reach = run_loaded(load_contract(here / "2025.yaml"), _data(here / "data")).target("T.reach")
    # 2025: 16 companies against the framework's 2025 step 12: met
    assert (reach.value, reach.target, reach.goal.basis, reach.origin) == (16, 12, "step", "framework")
    messages = [p.text("en") for p in problems(here / "2027.yaml")]
    assert any("the framework covers [2024, 2025, 2026], not 2027" in m for m in messages), messages


def test_the_history_page_shows_each_year_against_its_own_step(here: Path) -> None:
    from hubmonitor.render.html.site import build_site

    path = _contract(here, [STEPS])
    data = _data(here / "data", in_2026=True)
    reports = [run_loaded(load_contract(path, year), data) for year in (2024, 2025, 2026)]
    pages = build_site(reports, lang="da", generated="2027-01-01", workbooks=False)
    history = next(v for k, v in pages.items() if k.startswith("historik-")).decode("utf-8")
    row = history.split('<span class="meta">Test · T.reach</span>')[1].split("</tr>")[0]
    # 11 >= 10, 16 >= 12, 10 < 15: each year's own step in its cell, the changed steps marked
    cells = [(value, goal.strip()) for value, goal in
             re.findall(r"<strong>([^<]+)</strong><span class=\"goal\">([^<]+)", row)]
    assert cells == [("11", "Mål ≥ 10"), ("16", "Mål ≥ 12"), ("10", "Mål ≥ 15")]
    assert row.count('<span class="changed">mål ændret</span>') == 2


def test_a_missing_step_is_reported_at_the_targets_threshold(here: Path) -> None:
    """A review: a step missing for a year was reported at the contract's period, not at the target."""
    path = _contract(here, [target("T.ok", "distinct_companies", {"by_year": {2024: 1, 2025: 2, 2026: 3}}),
                            target("T.reach", "distinct_companies", {"by_year": {2024: 10, 2025: 12}})])
    found = problems(path, validate_file)
    assert [(p.path, p.text("en").split(": ", 1)[-1]) for p in found] == [
        ("targets[1].threshold", "T.reach: threshold.by_year has no step for 2026")]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert found[0].line is not None and "threshold" in lines[found[0].line - 1]
