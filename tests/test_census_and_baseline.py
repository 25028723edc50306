"""Issue 18, first slice: a figure measured by others that counts everything (a census) is judged
without an interval and without a minimum of answers; a sample stays as before. A threshold
``{baseline, change}`` is range-checked after the baseline is applied (a share stays in 0-1)."""

from __future__ import annotations

from pathlib import Path

from helpers import MIDTJYLLAND, SAMPLE, make_data, run, target, validate_command, write_contract

from hubmonitor.io.results_json import dumps
from hubmonitor.report import TargetResult

FORMS = target("T.forms", "external", 1.0, numerator="forms.assessed", denominator="forms.total")
SHARE = target("T.share", "external", 0.9, figure="audit.share")


def _forms(tmp_path: Path, external: str, threshold: float = 1.0) -> TargetResult:
    contract = write_contract(tmp_path, [{**FORMS, "threshold": threshold}])
    return run(contract, make_data(tmp_path / "data", external=external)).target("T.forms")


# --- census or sample ---------------------------------------------------------------------------

def test_140_of_140_census_is_met_without_interval_and_not_uncertain(tmp_path: Path) -> None:
    forms = _forms(tmp_path, "forms:\n  census: true\n  total: 140\n  assessed: 140\n")
    # 140 / 140 = 1.0 >= 1.0: met; a count of everything has no interval, so it cannot be uncertain
    assert (forms.value, forms.target, forms.status, forms.uncertain) == (1.0, 1.0, "met", False)
    assert (forms.numerator, forms.denominator, forms.n, forms.min_answers, forms.interval) == (140, 140, None, None,
                                                                                                None)
    assert forms.details == {"file": "external-2024.yaml", "census": True}


def test_140_of_140_as_a_sample_is_met_but_uncertain_as_before(tmp_path: Path) -> None:
    forms = _forms(tmp_path, "forms:\n  total: 140\n  assessed: 140\n")
    # Wilson, 140 of 140: low = 140 / (140 + 1.96^2) = 140 / 143.8416 = 0.9733, high = 1.0, which holds 1.0
    assert (forms.value, forms.status, forms.uncertain, forms.n, forms.min_answers) == (1.0, "met", True, 140, 30)
    assert forms.interval is not None
    assert (round(forms.interval.low, 4), forms.interval.high) == (0.9733, 1.0)
    assert forms.details == {"file": "external-2024.yaml"}


def test_20_of_20_census_with_the_default_minimum_is_met(tmp_path: Path) -> None:
    forms = _forms(tmp_path, "forms:\n  census: true\n  total: 20\n  assessed: 20\n")
    # 20 / 20 = 1.0 >= 1.0; no minimum of answers applies to a count of everything (default would be 30)
    assert (forms.value, forms.status, forms.uncertain, forms.reason_en, forms.min_answers) == (1.0, "met", False,
                                                                                               None, None)


def test_20_of_20_as_a_sample_is_insufficient_data_as_before(tmp_path: Path) -> None:
    forms = _forms(tmp_path, "forms:\n  total: 20\n  assessed: 20\n")
    assert (forms.value, forms.status, forms.n, forms.min_answers) == (1.0, "insufficient_data", 20, 30)
    assert forms.reason_en == "only 20 answers; the contract requires at least 30 (min_answers)"


def test_census_on_the_denominator_figure_decides_for_a_share(tmp_path: Path) -> None:
    # the whole (total) is a count of everything: 126 / 140 = 0.9 against 0.9, met, not uncertain
    forms = _forms(tmp_path, "forms:\n  total: {value: 140, census: true}\n  assessed: 126\n", threshold=0.9)
    assert (forms.value, forms.status, forms.uncertain, forms.n) == (126 / 140, "met", False, None)
    assert forms.details["census"] is True
    # only the part marked: still a sample (Wilson interval around 0.9 holds 0.9: uncertain)
    forms = _forms(tmp_path, "forms:\n  total: 140\n  assessed: {value: 126, census: true}\n", threshold=0.9)
    assert (forms.status, forms.uncertain, forms.n) == ("met", True, 140)
    assert "census" not in forms.details


def test_census_false_on_a_figure_overrides_its_census_block(tmp_path: Path) -> None:
    forms = _forms(tmp_path, "forms:\n  census: true\n  total: {value: 20, census: false}\n  assessed: 20\n")
    assert (forms.status, forms.n, forms.min_answers) == ("insufficient_data", 20, 30)


def test_single_census_share_has_no_interval_and_a_sample_keeps_its_wilson_interval(tmp_path: Path) -> None:
    contract = write_contract(tmp_path, [SHARE])
    census = run(contract, make_data(tmp_path / "a", external="audit:\n  share: {value: 0.9, census: true}\n"))
    share = census.target("T.share")
    assert (share.value, share.status, share.uncertain, share.n, share.interval, share.min_answers) == (
        0.9, "met", False, None, None, None)
    assert share.details == {"file": "external-2024.yaml", "census": True}
    sample = run(contract, make_data(tmp_path / "b", external="audit:\n  share: {value: 0.9, n: 20}\n"))
    share = sample.target("T.share")
    # a sample of 20 answers: fewer than the default 30
    assert (share.status, share.n, share.min_answers) == ("insufficient_data", 20, 30)


def test_a_census_block_holds_the_counts_of_a_national_survey_block_too(tmp_path: Path) -> None:
    # the key census is not a figure: respondents and aware are still checked as counts
    data = make_data(tmp_path / "data", external="awareness:\n  census: true\n  respondents: 10\n  aware: 5\n")
    awareness = run(MIDTJYLLAND, data).target("M1.awareness")
    # 5 / 10 = 0.5 >= 0.5: met, and with every company counted no minimum of answers applies
    assert (awareness.value, awareness.status, awareness.n, awareness.uncertain) == (0.5, "met", None, False)


CENSUS_PROBLEMS = """\
forms:
  census: ja
  total: 140
audit:
  share: {value: 0.9, census: true, n: 20}
  rate: {value: 0.9, census: 1}
  other: {census: true}
  plain: {value: 0.5}
"""


def test_malformed_census_values_are_validate_errors_with_their_lines(here: Path) -> None:
    (here / "external-2024.yaml").write_text(CENSUS_PROBLEMS, encoding="utf-8")
    code, stdout, stderr = validate_command("external-2024.yaml")
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [
        "Datafilen kan ikke bruges:",
        "external-2024.yaml:2 forms.census: census skal være true (en optælling af alle) eller false (en "
        "stikprøve), ikke 'ja'",
        "external-2024.yaml:5 audit.share.n: n passer ikke til en optælling af alle (census: true), som hverken "
        "har interval eller stikprøve",
        "external-2024.yaml:6 audit.rate.census: census skal være true (en optælling af alle) eller false (en "
        "stikprøve), ikke 1",
        "external-2024.yaml:7 audit.other: forventet {value, census: true}",
        "external-2024.yaml:8 audit.plain: forventet {value, low, high} eller {value, n}",
    ]
    code, _, stderr = validate_command("external-2024.yaml", "--lang", "en")
    assert code == 1
    assert stderr.splitlines()[1] == ("external-2024.yaml:2 forms.census: census must be true (a count of "
                                      "everything) or false (a sample), not 'ja'")


def test_a_census_file_validates_and_the_sample_json_has_no_census_field(here: Path) -> None:
    (here / "external-2024.yaml").write_text("forms:\n  census: true\n  total: 140\n  assessed: 140\n"
                                             "audit:\n  share: {value: 0.9, census: false}\n", encoding="utf-8")
    assert validate_command("external-2024.yaml")[0] == 0
    assert '"census"' not in dumps(run(MIDTJYLLAND, SAMPLE))


# --- baseline + change, range-checked after the baseline is applied ------------------------------

def _baseline_contract(folder: Path, base: float) -> Path:
    rate = target("T.rate", "external", {"baseline": "rate_2020", "change": 0.10},
                  numerator="survey.agreed", denominator="survey.asked")
    return write_contract(folder, [rate], baselines={"rate_2020": base})


def test_baseline_095_plus_010_is_a_validate_error_at_the_baseline_line(here: Path) -> None:
    path = _baseline_contract(here, 0.95)
    line = path.read_text(encoding="utf-8").splitlines().index("  rate_2020: 0.95") + 1
    code, stdout, stderr = validate_command("contract.yaml")
    assert code == 1
    assert (f"contract.yaml:{line} baselines.rate_2020: basislinjen rate_2020 plus change 0.1 skal være mellem 0 "
            "og 1 (en andel), ikke 1.05 (T.rate)") in stderr + stdout


def test_baseline_040_plus_010_is_a_threshold_of_050(here: Path) -> None:
    path = _baseline_contract(here, 0.40)
    assert validate_command("contract.yaml")[0] == 0
    data = make_data(here / "data", external="survey: {asked: 200, agreed: 100}\n")
    rate = run(path, data).target("T.rate")
    # 100 / 200 = 0.5 against 0.40 + 0.10 = 0.5: met (a sample of 200: the interval holds 0.5, uncertain)
    assert (rate.value, rate.target, rate.status, rate.uncertain) == (0.5, 0.5, "met", True)
