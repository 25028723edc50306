"""A refusal is printed in the command's language (``--lang``), not in both at once.

Messages are raised with both halves (``errors.Said``: "dansk / English" as a string) because the
language is the command line's; the command line prints the half asked for. Before, every refusal
was one line in both languages ("datamappen findes ikke / the data folder does not exist").
"""

from __future__ import annotations

import ast
import pickle
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import MIDTJYLLAND, SAMPLE

from hubmonitor.cli import _unexpected, main
from hubmonitor.errors import DataError, HubmonitorError, Problem, Said, in_language, said

PACKAGE = Path(__file__).resolve().parent.parent / "hubmonitor"


def _refusal(args: list[str], lang: str, code: int = 1) -> str:
    result = CliRunner().invoke(main, [args[0], "--lang", lang, *args[1:]])
    assert result.exit_code == code, result.output
    return result.stderr.strip()


def test_missing_folder_in_each_language(tmp_path: Path) -> None:
    folder = tmp_path / "mangler"
    args = ["evaluate", str(MIDTJYLLAND), "--data", str(folder)]
    assert _refusal(args, "da") == f"Fejl: {folder}: datamappen findes ikke"
    assert _refusal(args, "en") == f"Error: {folder}: the data folder does not exist"


def test_as_of_outside_the_year_in_each_language() -> None:
    args = ["evaluate", str(MIDTJYLLAND), "--data", str(SAMPLE), "--as-of", "2023-01-01"]
    assert _refusal(args, "da", 2) == ("Fejl: --as-of 2023-01-01 ligger uden for kontraktperioden "
                                       "2024-01-01 – 2024-12-31")
    assert _refusal(args, "en", 2) == ("Error: --as-of 2023-01-01 is outside the contract period "
                                       "2024-01-01 – 2024-12-31")


def test_a_missing_column_names_what_was_found_in_each_language(tmp_path: Path) -> None:
    (tmp_path / "crm_activities_2024.csv").write_text("activity_id,date\nA1,2024-01-02\n", encoding="utf-8")
    args = ["evaluate", str(MIDTJYLLAND), "--data", str(tmp_path)]
    da, en = _refusal(args, "da"), _refusal(args, "en")
    assert da.startswith("Fejl [missing-column]: crm_activities_2024.csv: mangler kolonne(r) efter profilen "
                         "'canonical': company_id (prøvede 'company_id'); fandt 'activity_id', 'date'")
    assert en.startswith("Error [missing-column]: crm_activities_2024.csv: missing column(s) under profile "
                         "'canonical': company_id (tried 'company_id'); found 'activity_id', 'date'")
    assert " / " not in da and " / " not in en


def test_an_external_file_problem_names_its_line_in_each_language(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(SAMPLE, folder)
    path = folder / "external-2024.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  aware: 631", "  aware: 1631"), encoding="utf-8")
    args = ["evaluate", str(MIDTJYLLAND), "--data", str(folder)]
    assert _refusal(args, "da") == ("Fejl: external-2024.yaml: linje 3 awareness.aware: aware (1631) er større end "
                                    "respondents (1180)")
    assert _refusal(args, "en") == ("Error: external-2024.yaml: line 3 awareness.aware: aware (1631) is larger than "
                                    "respondents (1180)")


def test_an_unforeseen_error_in_each_language() -> None:
    exc = RuntimeError("boom")
    assert _unexpected(exc, "da") == ("Uventet fejl under kørslen (RuntimeError: boom); kør igen med --debug for "
                                      "detaljer")
    assert _unexpected(exc, "en") == ("Unexpected error during the run (RuntimeError: boom); run again with --debug "
                                      "for details")


def test_said_keeps_both_as_a_string_and_gives_either_half() -> None:
    message = said("filen er tom ", " the file is empty")
    assert str(message) == "filen er tom / the file is empty"  # what a log or a script kept finds
    assert (message.in_language("da"), message.in_language("en")) == ("filen er tom", "the file is empty")
    assert in_language("plain text", "en") == "plain text"
    error = DataError("crm.csv", message)
    assert str(error) == "crm.csv: filen er tom / the file is empty"
    assert (error.text("da"), error.text("en")) == ("crm.csv: filen er tom", "crm.csv: the file is empty")
    assert HubmonitorError(said("a", "b")).text("en") == "b"
    assert Problem("k.yaml", 3, "x", said("forkert", "wrong")).text("en") == "k.yaml:3 x: wrong"
    # the demo's workers send their exceptions to the main process pickled: both halves arrive
    copy = pickle.loads(pickle.dumps(HubmonitorError(message)))
    assert isinstance(copy.args[0], Said) and copy.text("en") == "the file is empty"


def _checked_calls() -> list[str]:
    """Every call that raises or reports a refusal with a text written "dansk / English" by hand,
    outside ``said``: such a text cannot be printed in one language."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        split = {id(node) for call in ast.walk(tree) if isinstance(call, ast.Call)
                 and getattr(call.func, "id", "") in ("said", "Said") for node in ast.walk(call)}
        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", "")
            if not (name.endswith("Error") or name in ("_fail", "Problem", "problem", "tell")):
                continue
            for arg in [*call.args, *(k.value for k in call.keywords)]:
                for node in ast.walk(arg):
                    if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in split
                            and (" / " in node.value or node.value.startswith("/ "))):
                        found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_no_refusal_is_written_in_both_languages_by_hand() -> None:
    assert _checked_calls() == []


@pytest.mark.parametrize("lang", ["da", "en"])
def test_contract_problems_in_each_language(tmp_path: Path, lang: str) -> None:
    framework = tmp_path / "ramme.yaml"
    framework.write_text(Path(MIDTJYLLAND).parent.parent.joinpath("national", "2024.yaml").read_text(encoding="utf-8"),
                         encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--lang", lang, str(framework), "--data", str(SAMPLE)])
    assert result.exit_code == 1
    text = result.stderr
    if lang == "da":
        assert "dette er en rammeaftale; evaluér en kontrakt der udvider den" in text
        assert "this is a framework" not in text
    else:
        assert "this is a framework; evaluate a contract that extends it" in text
        assert "rammeaftale" not in text


def test_two_results_of_one_hub_and_year_are_refused_in_each_language() -> None:
    import hubmonitor
    from hubmonitor.render.html.site import DuplicateResults, build_site

    report = hubmonitor.evaluate(MIDTJYLLAND, SAMPLE)
    other = report.model_copy(update={"contract_id": "anden-2024"})
    with pytest.raises(DuplicateResults) as info:
        build_site([report, other], lang="da", generated="x", workbooks=False)
    message = info.value.args[0]
    assert isinstance(message, Said)
    assert message.in_language("da").startswith("to resultater for Erhvervshus Midtjylland 2024 (")
    assert message.in_language("en").startswith("two results for Erhvervshus Midtjylland 2024 (")
    assert message.in_language("en").endswith("): give one file per hub and year")
