"""Small fixture writers shared by the metric tests (tests/test_metrics*.py), and the paths of the
sample (the spec's example data and Midtjylland's 2024 contract) that many test modules evaluate.

Everything is written to a temporary folder per test: canonical CSV text, an optional
``external-<year>.yaml`` and a small contract YAML (standalone, or a copy of Midtjylland's that
extends the national framework). Expected figures are computed by hand in the tests themselves.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from hubmonitor.contract.loader import load_contract
from hubmonitor.contract.model import Contract
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.errors import ContractError, Problem
from hubmonitor.io.dataset import Dataset, load_dataset
from hubmonitor.report import Report, TargetResult
from hubmonitor.schema import ACTIVITIES, EVALUATIONS

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample" / "midtjylland-2024"
MIDTJYLLAND = REPO / "contracts" / "midtjylland" / "2024.yaml"

# the canonical headers, from the input schema (the order of its columns)
ACTIVITY_HEADER = ",".join(ACTIVITIES.names)
EVALUATION_HEADER = ",".join(EVALUATIONS.names)


# --- CSV rows -------------------------------------------------------------------------------

def _line(values: Sequence[str]) -> str:
    for v in values:
        assert "," not in v and "\n" not in v, f"fixture value {v!r} would break the CSV line"
    return ",".join(values)


def act(activity_id: str, day: str, company: str, municipality: str = "Aarhus", *,
        segment: str = "drift", kind: str = "individuel", growth: str = "", referred: str = "",
        topics: str = "", cvr: str = "", name: str = "", registered_at: str = "") -> str:
    """One crm_activities line, raw text exactly as given (a value for every column of ACTIVITY_HEADER)."""
    return _line([activity_id, day, company, cvr, name or f"Firma {company}", municipality, segment,
                  kind, growth, referred, topics, registered_at])


def ev(response_id: str, day: str = "2024-06-01", company: str = "C1", *, segment: str = "drift",
       satisfaction: str = "", effect: str = "", received: str = "", used: str = "",
       nps: str = "", topics: str = "") -> str:
    """One evaluations line, raw text exactly as given."""
    return _line([response_id, day, company, segment, satisfaction, effect, received, used, nps, topics])


def write_csv(folder: Path, name: str, header: str, lines: Iterable[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def load_folder(folder: Path, **kwargs: Any) -> Dataset:
    """``load_dataset`` on a test folder that holds one source's file: the other gets a header-only one."""
    complete(folder)
    return load_dataset(folder, **kwargs)


def complete(folder: Path) -> None:
    """A canonical source the test folder has no file for gets one with only the header row: every
    source must find a file (or the profile says it has none)."""
    names = [p.name for p in folder.iterdir()]
    if not any(n.startswith("crm_activities") for n in names):
        (folder / "crm_activities.csv").write_text(ACTIVITY_HEADER + "\n", encoding="utf-8")
    if not any(n.startswith("evaluations") for n in names):
        (folder / "evaluations.csv").write_text(EVALUATION_HEADER + "\n", encoding="utf-8")


def make_data(folder: Path, *, activities: Iterable[str] | None = None,
              activities_2023: Iterable[str] | None = None,
              evaluations: Iterable[str] | None = None,
              external: str | None = None, external_year: int = 2024) -> Path:
    """A data folder: crm_activities.csv, crm_activities_2023.csv, evaluations.csv,
    external-<year>.yaml, each only when given."""
    folder.mkdir(parents=True, exist_ok=True)
    if activities is not None:
        write_csv(folder, "crm_activities.csv", ACTIVITY_HEADER, activities)
    if activities_2023 is not None:
        write_csv(folder, "crm_activities_2023.csv", ACTIVITY_HEADER, activities_2023)
    if evaluations is not None:
        write_csv(folder, "evaluations.csv", EVALUATION_HEADER, evaluations)
    if external is not None:
        (folder / f"external-{external_year}.yaml").write_text(external, encoding="utf-8")
    complete(folder)
    return folder


# --- contracts ------------------------------------------------------------------------------

def target(tid: str, kind: str, threshold: Any, **fields: Any) -> dict[str, Any]:
    """A target dict with the keys every target needs."""
    return {"id": tid, "ref": "Test", "kind": kind, "title": tid, "quote": "Testmål.",
            "threshold": threshold, **fields}


def write_contract(folder: Path, targets: list[dict[str, Any]], *, municipalities: list[str] | None = None,
                   erhvervshus: str = "Midtjylland", baselines: dict[str, float] | None = None,
                   name: str = "contract.yaml", year: int = 2024) -> Path:
    doc: dict[str, Any] = {
        "document": "contract", "id": f"test-{year}", "title": f"Testkontrakt {year}",
        "hub": f"Erhvervshus {erhvervshus}", "erhvervshus": erhvervshus, "period": {"year": year},
    }
    if municipalities is not None:
        doc["municipalities"] = municipalities
    if baselines is not None:
        doc["baselines"] = baselines
    doc["targets"] = targets
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def counting_targets() -> list[dict[str, Any]]:
    """A local contract's counting targets, each reading other columns of the activities: reach,
    growth programmes, the individual/collective balance and the referral rate."""
    return [
        target("T.reach", "distinct_companies", 1),
        target("T.growth", "distinct_companies", 1, where={"growth_programme": True}),
        target("T.balance", "company_ratio", [0.4, 0.6], comparison="between",
               numerator={"activity_type": "individuel"},
               denominator=[{"activity_type": "individuel"}, {"activity_type": "kollektiv"}]),
        target("T.referral", "company_ratio", 0.8, numerator={"activity_type": "individuel", "referred": True},
               denominator=[{"activity_type": "individuel"}]),
    ]


SURVEY_IDS = ("M1.awareness", "M3.satisfaction", "M3.nps", "M4.referral_use", "M5.green_awareness",
              "M5.green_effect", "M6.effect", "M7.digital_effect")


def few_answers_allowed(folder: Path) -> Path:
    """A copy of Midtjylland's 2024 contract (extending the national framework) whose survey
    targets accept any number of answers (``min_answers: 1``), for tests that count a handful of
    answers by hand."""
    doc = yaml.safe_load(MIDTJYLLAND.read_text(encoding="utf-8"))
    doc["extends"] = str((MIDTJYLLAND.parent / doc["extends"]).resolve())
    overrides = doc.setdefault("overrides", {})
    for tid in SURVEY_IDS:
        overrides[tid] = {**overrides.get(tid, {}), "min_answers": 1}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "few-answers.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(contract: Path, data: Path, as_of: date | None = None) -> Report:
    return run_loaded(load_contract(contract), data, as_of)


def run_loaded(loaded: Contract, data: Path, as_of: date | None = None) -> Report:
    """Evaluate a contract already loaded (e.g. for one year of a contract over several)."""
    return evaluate(loaded, load_dataset(data, data=loaded.data), as_of=as_of)


# --- looking at a report --------------------------------------------------------------------

def steps(result: TargetResult) -> dict[str, int]:
    """The exclusion steps of a target as {step: count}."""
    return {e.step: e.count for e in result.exclusions}


def groups(result: TargetResult) -> dict[str, Any]:
    return {g.key: g for g in result.groups}


def quarantined(report: Report) -> list[tuple[str, int | None, str | None, str]]:
    """Quarantined rows as (file, row, column, code), in report order."""
    return [(f.file, f.row, f.column, f.code) for f in report.data_quality.findings
            if f.severity == "quarantine"]


def warnings(report: Report, code: str) -> list[tuple[str, int | None, str | None, str | None]]:
    return [(f.file, f.row, f.column, f.value) for f in report.data_quality.findings if f.code == code]


def summary(report: Report) -> dict[str, int]:
    return {s.code: s.count for s in report.data_quality.summary}


def _data_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1  # header is row 1


def assert_accounting(report: Report, data: Path, expected: dict[str, tuple[int, int, int, int, int]],
                      other_years: dict[str, int] | None = None) -> None:
    """Row accounting of every input: ``{file: (read, used, quarantined, duplicates, outside_period)}``.

    Checks the hand-computed numbers, that ``read`` is the number of data rows actually in the
    file less ``other_years[file]`` (an evaluation accounts for the rows of its contract year only;
    a file holding none of them is not listed), that read == used + quarantined + duplicates +
    outside_period for each input, and that the report's totals are the sums over the inputs.
    """
    inputs = {i.file: i for i in report.data_quality.inputs
              if i.file in expected or i.rows_read}  # a header-only file complete() wrote need not be listed
    assert set(inputs) == set(expected), f"inputs {sorted(inputs)} != {sorted(expected)}"
    for file, (read, used, quarantine, duplicates, outside) in expected.items():
        got = inputs[file]
        assert (got.rows_read, got.rows_used, got.quarantined, got.duplicates, got.outside_period) == (
            read, used, quarantine, duplicates, outside), f"{file}: {got}"
        assert got.rows_read + (other_years or {}).get(file, 0) == _data_rows(data / file)
        assert got.rows_read == got.rows_used + got.quarantined + got.duplicates + got.outside_period
        assert min(got.rows_used, got.quarantined, got.duplicates, got.outside_period) >= 0
    assert report.data_quality.rows_read == sum(i.rows_read for i in inputs.values())
    assert report.data_quality.rows_used == sum(i.rows_used for i in inputs.values())


def problems(path: str | Path, load: Callable[[str], object] = load_contract) -> list[Problem]:
    """The problems of a file that must fail to load (a ContractError carrying at least one)."""
    with pytest.raises(ContractError) as info:
        load(str(path))
    assert info.value.problems, "a ContractError must carry at least one problem"
    return info.value.problems


# --- colours ---------------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2.1's contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def validate_command(*args: str) -> tuple[int, str, str]:
    """``hubmonitor validate ARGS``: (exit code, stdout, stderr); never a traceback."""
    from click.testing import CliRunner

    from hubmonitor.cli import main

    result = CliRunner().invoke(main, ["validate", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception  # no traceback
    return result.exit_code, result.stdout, result.stderr
