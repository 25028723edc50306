"""`hubmonitor schema contract|profile|settings` (issue 18, item 10): JSON Schemas generated from the
models that validate the files, so that an editor flags a mistake as it is typed. Every shipped
contract, framework and built-in profile is valid under its schema; the mistakes a person makes
(a misspelt key, an unknown kind, a text where a number belongs) are not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from hubmonitor.cli import main
from hubmonitor.contract.json_schema import schema

CONTRACTS = sorted(Path("contracts").rglob("*.yaml"))
PROFILES = sorted(Path("hubmonitor/profile/builtin").glob("*.yaml"))


def _errors(kind: str, document: Any) -> list[tuple[list[Any], str]]:
    """The error an editor shows first (jsonschema's best match: the deepest of the alternatives a
    contract or framework could be), as (path, the rule broken); none: []."""
    validator = jsonschema.Draft202012Validator(schema(kind))
    best = jsonschema.exceptions.best_match(validator.iter_errors(document))
    return [] if best is None else [(list(best.absolute_path), str(best.validator))]


def test_the_schemas_are_valid_json_schemas() -> None:
    for kind in ("contract", "profile", "settings"):
        jsonschema.Draft202012Validator.check_schema(schema(kind))


@pytest.mark.parametrize("path", CONTRACTS, ids=[str(p) for p in CONTRACTS])
def test_every_shipped_contract_is_valid(path: Path) -> None:
    assert _errors("contract", yaml.safe_load(path.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize("path", PROFILES, ids=[p.name for p in PROFILES])
def test_every_built_in_profile_is_valid(path: Path) -> None:
    assert _errors("profile", yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def _contract(target: dict[str, Any]) -> dict[str, Any]:
    return {"document": "contract", "id": "x", "title": "X", "hub": "Erhvervshus Midtjylland",
            "erhvervshus": "Midtjylland", "period": {"year": 2024}, "targets": [target]}


REACH = {"id": "M8.reach", "kind": "distinct_companies", "ref": "Mål 8", "title": "Virksomheder",
         "quote": "5.000 virksomheder", "threshold": 5000}


def test_the_mistakes_an_editor_flags() -> None:
    assert _errors("contract", _contract(REACH)) == []
    misspelt = {**REACH, "thresold": 5000}
    misspelt.pop("threshold")
    assert _errors("contract", _contract(misspelt))[0][0] == ["targets", 0]  # the unknown key / the missing one
    assert _errors("contract", _contract({**REACH, "kind": "distinct_company"})) == [(["targets", 0, "kind"], "enum")]
    assert _errors("contract", _contract({**REACH, "threshold": "fem tusind"}))[0][0][:3] == ["targets", 0, "threshold"]
    assert _errors("contract", {**_contract(REACH), "period": {"year": 1999}}) == [(["period", "year"], "minimum")]
    framework = {"document": "framework", "id": "n", "title": "N", "targets": [REACH]}
    assert _errors("contract", framework) == []


def test_a_profile_may_give_one_name_where_a_list_is_meant() -> None:
    """The shorthand the profile loader accepts is valid in the schema too."""
    profile = {"document": "profile", "name": "mine", "title": "Min eksport", "sources": {"activities": {
        "files": "eksport*.xlsx", "sheets": [{"name": "Ark1"}], "columns": {"date": "Dato", "company_id": ["Id", "ID"]},
        "date_formats": "DD-MM-YYYY", "encoding": "Windows-1252"}}}
    assert _errors("profile", profile) == []
    assert _errors("profile", {**profile, "sources": {"activities": {"files": "x.csv", "header_rows": 2}}})
    assert _errors("settings", {"profile": "escrm-excel", "data_date": "2025-09-30"}) == []
    assert _errors("settings", {"profil": "escrm-excel"}) == [([], "additionalProperties")]


def test_the_command_prints_and_writes(tmp_path: Path) -> None:
    runner = CliRunner()
    printed = runner.invoke(main, ["schema", "contract"])
    assert printed.exit_code == 0 and json.loads(printed.output) == schema("contract")
    out = tmp_path / "profile.json"
    written = runner.invoke(main, ["schema", "profile", "--out", str(out)])
    assert written.exit_code == 0 and json.loads(out.read_text(encoding="utf-8")) == schema("profile")
    refused = runner.invoke(main, ["schema", "profile", "--out", "hubmonitor/reference.py"])
    assert refused.exit_code == 1 and "programmappe" in refused.stderr
    assert Path("hubmonitor/reference.py").read_text(encoding="utf-8").startswith('"""')
