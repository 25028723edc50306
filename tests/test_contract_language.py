"""docs/contract-language.md (issue 18 item 10): every ```yaml example of the language reference is
validated as `hubmonitor validate` validates a contract, and where it runs on the sample data
(data/sample/midtjylland-2024, no `data:` block) it is evaluated there and gives a status.

An example's first line says what it is: ``# document: ...`` (a whole framework or contract; a
contract that ``extends`` ../national/2024.yaml gets a copy of contracts/national beside it),
``# target: ...`` (one target, or a list of them, put into a minimal contract with
tests/helpers.write_contract), or ``# invalid: ...`` (must be refused; its ``# error:`` line quotes
the English message, which must be among the problems). The page also has to name every kind,
every key of every kind and every filter operator, so a key added to the code is documented too.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path
from typing import get_args

import pytest
import yaml
from helpers import REPO, SAMPLE, problems, write_contract

import hubmonitor
from hubmonitor.contract.filters import NUMERIC_OPS, Condition
from hubmonitor.contract.loader import contract_years, validate_file
from hubmonitor.contract.model import ContractDocument, FrameworkDocument
from hubmonitor.contract.targets import TARGET_KINDS, Qualitative
from hubmonitor.engine.evaluate import evaluate
from hubmonitor.io.dataset import Dataset, load_dataset
from hubmonitor.report import Status

DOC = REPO / "docs" / "contract-language.md"
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.DOTALL | re.MULTILINE)
STATUSES = set(get_args(Status))


def blocks(text: str) -> list[tuple[str, str]]:
    """(first-line comment, block text) of every ```yaml block of ``text``."""
    found = [m.group(1) for m in BLOCK.finditer(text)]
    return [(b.splitlines()[0] if b.strip() else "", b) for b in found]


EXAMPLES = blocks(DOC.read_text(encoding="utf-8"))


def _label(example: tuple[str, str]) -> str:
    return example[0].lstrip("# ")[:60]


@cache
def _sample() -> Dataset:
    return load_dataset(SAMPLE)


def _write_example(folder: Path, block: str) -> Path:
    """The contract file that holds the example: the whole document (beside a copy of the national
    frameworks when it extends one), or its targets in a minimal contract."""
    parsed = yaml.safe_load(block)
    if isinstance(parsed, dict) and "document" in parsed:
        shutil.copytree(REPO / "contracts" / "national", folder / "national")
        path = folder / "hub" / "example.yaml"
        path.parent.mkdir(parents=True)
        path.write_text(block, encoding="utf-8")
        return path
    targets = parsed if isinstance(parsed, list) else [parsed]
    assert targets and all(isinstance(t, dict) and "kind" in t for t in targets), "a target has a kind"
    return write_contract(folder, targets)


@pytest.mark.parametrize("example", [e for e in EXAMPLES if not e[0].startswith("# invalid:")], ids=_label)
def test_every_valid_example_loads_and_runs_on_the_sample(tmp_path: Path, example: tuple[str, str]) -> None:
    first, block = example
    assert first.startswith(("# target:", "# document:")), f"an example's first line names it: {first!r}"
    path = _write_example(tmp_path, block)
    parsed = yaml.safe_load(block)
    if isinstance(parsed, dict) and parsed.get("document") == "framework":
        assert validate_file(path).targets  # a framework alone: validated, nothing to evaluate
        return
    years = contract_years(path) if isinstance(parsed, dict) and "document" in parsed else [2024]
    for year in years:  # a contract over several years: loaded for each of its years
        contract = hubmonitor.load_contract(path, year if len(years) > 1 else None)
        assert contract.targets
        if (isinstance(parsed, dict) and "data" in parsed) or year != 2024:
            continue  # its columns or source are not in the sample data (of 2024): validated only
        report = evaluate(contract, _sample())
        for t in contract.targets:
            assert report.target(t.id).status in STATUSES, t.id


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e[0].startswith("# invalid:")], ids=_label)
def test_every_invalid_example_is_refused_with_the_quoted_message(tmp_path: Path, example: tuple[str, str]) -> None:
    _, block = example
    quoted = re.search(r"^# error: (.+)$", block, re.MULTILINE)
    assert quoted, "an invalid example quotes its message on a '# error:' line"
    found = problems(_write_example(tmp_path, block), validate_file)  # as hubmonitor validate sees it
    texts = [p.text("en") for p in found]
    assert any(quoted.group(1) in t for t in texts), texts


def _document_keys() -> dict[str, set[str]]:
    """Every key the language has, by where it is written."""
    keys: dict[str, set[str]] = {
        "framework": set(FrameworkDocument.model_fields),
        "contract": set(ContractDocument.model_fields),
        "qualitative": set(Qualitative.model_fields),
    }
    for kind in TARGET_KINDS:
        name = get_args(kind.model_fields["kind"].annotation)[0]
        keys[name] = set(kind.model_fields)
    return keys


def test_the_examples_cover_every_kind_and_every_filter_operator() -> None:
    named = {first.split(":", 1)[1].split()[0] for first, _ in EXAMPLES if first.startswith("# target:")}
    in_documents = "\n".join(block for first, block in EXAMPLES if first.startswith("# document:"))
    kinds = {name for name in _document_keys() if name not in ("framework", "contract", "qualitative")}
    # a kind is shown as a target example, or inside a whole document's targets
    for kind in kinds:
        assert kind in named or f"kind: {kind}\n" in in_documents, f"no example of kind {kind}"
    operators = {alias or name for name, alias in
                 ((n, f.alias) for n, f in Condition.model_fields.items())}
    assert operators == {"in", "not_in", "contains", "present", *NUMERIC_OPS}
    examples = "\n".join(b for _, b in EXAMPLES)
    for op in operators:
        assert re.search(rf"\b{op}: ", examples), f"no example of the filter {op}"


def test_the_page_names_every_key_of_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = {where: sorted(k for k in keys if f"`{k}" not in text and not re.search(rf"^\s*-? ?{k}:", text, re.M))
               for where, keys in _document_keys().items()}
    assert not {w: m for w, m in missing.items() if m}, missing


def test_a_misspelt_key_in_an_example_fails(tmp_path: Path) -> None:
    # the check that keeps the page honest: the share example with `sucess:` for `success:` is refused
    _, block = next(e for e in EXAMPLES if e[0] == "# target: share")
    broken = block.replace("success:", "sucess:")
    texts = [p.text("en") for p in problems(_write_example(tmp_path, broken))]
    assert any("sucess: unknown key (a typo?)" in t for t in texts), texts
