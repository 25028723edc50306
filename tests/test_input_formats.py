"""docs/input-formats.md is generated from the input schema and must not drift from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hubmonitor.contract.targets import TARGET_KINDS
from hubmonitor.findings import CODES
from hubmonitor.io.dataset import load_dataset
from hubmonitor.io.external import read_external
from hubmonitor.profile.model import Profile, SourceMapping
from hubmonitor.render.input_formats import COMMAND, input_formats
from hubmonitor.render.input_texts import EXAMPLE_DATA, EXAMPLE_EXTERNAL, EXAMPLE_PROFILE, KINDS, PROFILE_KEYS
from hubmonitor.schema import SCHEMA

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "input-formats.md"


@pytest.fixture(scope="module")
def doc() -> str:
    return input_formats()


def test_committed_document_is_what_the_generator_writes(doc: str) -> None:
    committed = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
    if committed != doc:
        old, new = committed.splitlines(), doc.splitlines()
        at = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        pytest.fail(f"docs/input-formats.md differs from the input schema (first at line {at + 1}); "
                    f"regenerate it from the repository root: .venv/bin/{COMMAND}")


def test_the_module_writes_the_document_to_stdout(doc: str) -> None:
    out = subprocess.run([sys.executable, "-m", "hubmonitor.render.input_formats"], cwd=ROOT,
                         capture_output=True, check=True)
    assert out.stdout.decode("utf-8") == doc


def test_deterministic(doc: str) -> None:
    assert input_formats() == doc
    assert input_formats("en") != doc  # the schema's labels and the messages in English


def test_every_column_and_its_codes_are_documented(doc: str) -> None:
    for schema in SCHEMA.values():
        section = doc.split(f"## {schema.label('da')}: `{schema.source}`")[1].split("\n## ")[0]
        for column in schema.columns:
            row = next((line for line in section.splitlines() if line.startswith(f"| `{column.name}` |")), None)
            assert row is not None, f"{schema.source}.{column.name} has no row"
            for code in column.codes:
                assert f"`{code}` ({'karantæne' if CODES[code][0] == 'quarantine' else 'advarsel'})" in row
            for value in column.values:
                assert f"`{value}`" in row
            for alias in column.aliases:
                assert f"`{alias}`" in row


def test_every_code_kind_and_profile_key_is_documented(doc: str) -> None:
    for code in CODES:
        assert f"\n| `{code}` |" in doc
    for cls in TARGET_KINDS:
        assert f"\n| `{cls.model_fields['kind'].annotation.__args__[0]}` |" in doc
    for key in SourceMapping.model_fields:
        assert f"\n| `{key}` |" in doc


def test_every_kind_and_profile_key_has_a_danish_text() -> None:
    kinds = {cls.model_fields["kind"].annotation.__args__[0] for cls in TARGET_KINDS}
    assert set(KINDS) == kinds, "describe each target kind in KINDS (hubmonitor/render/input_formats.py)"
    assert set(PROFILE_KEYS) == set(SourceMapping.model_fields), \
        "describe each profile key in PROFILE_KEYS (hubmonitor/render/input_formats.py)"
    assert set(Profile.model_fields) == {"document", "name", "title", "description", "data", "sources"}, \
        "a profile has a new top-level key: describe it in _profiles() (hubmonitor/render/input_formats.py)"


def test_exact_rows(doc: str) -> None:
    lines = doc.splitlines()
    assert (
        "| `nps` | anbefalingsvillighed (0-10) — heltal 0-10; tom = ikke besvaret | `integer`: heltal fra 0 til 10 "
        "(også `7.0` eller `7,0` fra et regneark) | kan mangle — de mål der læser den, siger 'mangler data' | nej | "
        "ingen værdi; rækken bruges | `bad-nps` (karantæne) |"
    ) in lines
    assert (
        "| `date` | dato — aktivitetens dato | `date`: dato som `YYYY-MM-DD`; en profil kan give andre formater "
        "(`date_formats`, fx `DD.MM.YYYY`), og `YYYY-MM-DD` læses altid; en datocelle i et regneark læses som dato "
        "| skal findes | nej | rækken sættes i karantæne (`missing-date`) | `missing-date` (karantæne), `bad-date` "
        "(karantæne) |"
    ) in lines
    assert (
        "| `growth_programme` | vækstforløb — aktiviteten er en del af et vækstforløb | `boolean`: ja/nej: ja = "
        "`ja`, `1`, `sand`, `true`, `x`, `yes`; nej = `nej`, `0`, `false`, `falsk`, `no` | kan mangle — de mål der "
        "læser den, siger 'mangler data' | nej | nej | `bad-boolean` (karantæne) |"
    ) in lines
    assert ("| `municipal_spread` | virksomheder pr. kommune mod forventningen efter befolkningstal (± `tolerance`) "
            "| `activities` | `company_id`, `date`, `municipality` | felterne i `where` |") in lines
    assert "| `company_id` | virksomheds-id — virksomhedens id i CRM (den vejledte virksomhed) | `id`: tekst; " \
           "mellemrum før og efter fjernes | skal findes | ja | rækken sættes i karantæne (`missing-company-id`) " \
           "| `missing-company-id` (karantæne) |" in lines
    assert lines[2].startswith("> Genereret fra inputskemaet") and COMMAND in lines[2]


def test_the_example_profile_is_in_the_document_and_reads_such_an_export(doc: str, tmp_path: Path) -> None:
    assert f"```yaml\n{EXAMPLE_PROFILE}```" in doc
    profile = Profile.model_validate(yaml.safe_load(EXAMPLE_PROFILE))
    assert set(profile.sources["activities"].absent) == {"activity_id", "growth_programme", "referred", "topics"}
    (tmp_path / "min-eksport.yaml").write_text(EXAMPLE_PROFILE, encoding="utf-8")
    (tmp_path / "aktiviteter-2024.csv").write_bytes(
        "Dato;Virksomheds-ID;CVR-nummer;Virksomhedsnavn;Kommune;Segment;Aktivitetstype\n"
        "03.04.2024;V1;;Ærø Smed ApS;Århus;Start-up;Individuel vejledning\n"
        "04.04.2024;V2;;Bager;751,0;Etableret virksomhed;Arrangement\n".encode("cp1252"))
    (tmp_path / "evaluations.csv").write_text("response_id,date,company_id\n", encoding="utf-8")
    data = load_dataset(tmp_path, profile=str(tmp_path / "min-eksport.yaml"))
    usable = data.activities.usable()
    assert usable.height == 2
    assert sorted(usable["segment"].to_list()) == ["drift", "iværksætter"]
    assert set(usable["municipality"].to_list()) == {"Aarhus"}
    assert sorted(data.activities.absent) == ["activity_id", "growth_programme", "referred", "registered_at", "topics"]


def test_the_example_external_file_reads(doc: str, tmp_path: Path) -> None:
    assert f"```yaml\n{EXAMPLE_EXTERNAL}```" in doc
    path = tmp_path / "external-2024.yaml"
    path.write_text(EXAMPLE_EXTERNAL, encoding="utf-8")
    figures = read_external(path, path.name)
    assert figures.figure("awareness.aware") == 631
    assert figures.sampling["effect_study.revenue_growth_pp"].low == 6.8
    assert figures.sampling["effect_study.employment_growth_pp"].n == 412
    assert set(figures.milestones) == {"municipal_presentations", "dialogue_meetings", "green_dialogue_tool"}


def test_the_example_data_block_extends_the_schema(doc: str) -> None:
    assert f"```yaml\n{EXAMPLE_DATA}```" in doc
    profile = Profile.model_validate({**yaml.safe_load(EXAMPLE_PROFILE), **yaml.safe_load(EXAMPLE_DATA)})
    schema = profile.input_schema()
    assert schema["activities"]["employees"].kind == "integer"
    assert "vækstkortlægning" in schema["activities"]["activity_type"].values
    assert schema["inquiries"].names == ("id", "date", "channel")
