"""Issue 20, item 3: ``hubmonitor diff OLD NEW`` in the terminal, as JSON and as a page; with
--data both contracts' figures on the same data, side by side."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from hubmonitor.cli import main
from hubmonitor.contract.diff import ContractDiff
from hubmonitor.io.draft_json import load_page_input

ROOT = Path(__file__).resolve().parents[1]
OLD, NEW = ROOT / "contracts" / "midtjylland" / "2025.yaml", ROOT / "contracts" / "midtjylland" / "udkast-2026.yaml"
SAMPLE = ROOT / "data" / "sample" / "midtjylland-2024"


def test_the_demo_draft_against_2025_in_the_terminal() -> None:
    result = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "--wide"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"Ændringer fra {OLD} til {NEW}"
    assert "  før:   Erhvervshus Midtjylland 2025 · midtjylland-2025" in lines
    assert "  efter: Erhvervshus Midtjylland 2026 · midtjylland-udkast-2026" in lines
    assert "Mål: 1 nyt, 1 fjernet, 6 ændrede, 14 uændrede (målsætning 4, beregning 1, ordlyd 5, oprindelse 1)" in lines
    at = lines.index("M8.reach — Virksomheder der har brugt erhvervshuset · ændret: målsætning, ordlyd")
    assert lines[at + 1:at + 3] == ["  målsætning: ≥ 5.250 → ≥ 5.500", "    threshold: 5.250 → 5.500"]
    assert "F1.dialogue_meetings — Dialogmøder med den lokale erhvervsservice · fjernet" in lines
    assert "på samme data" not in result.stdout  # no --data: no figures


def test_with_data_both_contracts_are_computed_on_the_same_year(tmp_path: Path) -> None:
    out = tmp_path / "diff.json"
    result = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "--data", str(SAMPLE), "--year", "2024",
                                       "--json", str(out)])
    assert result.exit_code == 0, result.output
    # the sample's M8.reach is 5.152 companies; the old target 5.250, the draft's 5.500: not met under either
    assert "  på samme data: 5.152 ✘ ikke opfyldt → 5.152 ✘ ikke opfyldt" in result.stdout.splitlines()
    assert result.stdout.replace("\n  ", " ").rstrip().endswith(
        "Tallene er begge kontrakters regler på de samme data: 2024 fra mappen midtjylland-2024 (til og med "
        "31.12.2024), som om hver kontrakt var indgået for 2024.")
    document = load_page_input(out)
    assert isinstance(document, ContractDiff) and document.figures is not None
    old, new = document.figures.pairs["M8.reach"]
    assert (old.value, old.target, new.value, new.target) == (5152, 5250, 5152, 5500)  # type: ignore[union-attr]
    assert document.figures.pairs["M8.green_guidance"][0] is None  # new in the draft
    assert document.figures.pairs["F1.dialogue_meetings"][1] is None  # removed by it
    assert json.loads(out.read_text(encoding="utf-8"))["document"] == "contract-diff"
    site = tmp_path / "site"
    built = CliRunner().invoke(main, ["dashboard", str(out), "--out", str(site)])
    assert built.exit_code == 0, built.output
    page = (site / "aendringer-midtjylland-2025-2026.html").read_text(encoding="utf-8")
    assert "<h1>Ændringer fra 2025 til 2026</h1>" in page
    assert "som om hver kontrakt var indgået for 2024" in page
    assert 'href="aendringer-midtjylland-2025-2026.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_year_without_data_is_a_usage_error_and_a_broken_contract_is_named(tmp_path: Path) -> None:
    usage = CliRunner().invoke(main, ["diff", str(OLD), str(NEW), "--year", "2024"])
    assert usage.exit_code == 2 and "--year kræver --data" in usage.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("document: contract\nid: x\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(OLD), str(broken)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "broken.yaml:1 period: mangler (skal angives)" in result.stderr  # the file (as the loader names it), line


def test_the_json_may_not_overwrite_a_contract(tmp_path: Path) -> None:
    copy = tmp_path / "new.yaml"
    copy.write_text(NEW.read_text(encoding="utf-8").replace("../national/2026.yaml",
                                                             str(ROOT / "contracts" / "national" / "2026.yaml")),
                    encoding="utf-8")
    before = copy.read_bytes()
    result = CliRunner().invoke(main, ["diff", str(OLD), str(copy), "--json", str(copy)])
    assert result.exit_code == 1 and copy.read_bytes() == before
    assert "--json" in result.stderr


def test_the_commands_are_there_when_run_as_python_m_hubmonitor_cli() -> None:
    """``python -m hubmonitor.cli`` runs the module as __main__: the commands registered by
    cli_draft on the imported module's group must be the ones it runs."""
    import subprocess
    import sys

    for command in ("backtest", "diff"):
        done = subprocess.run([sys.executable, "-m", "hubmonitor.cli", command, "--help"], capture_output=True,
                              text=True, check=False, cwd=ROOT)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"Brug: python -m hubmonitor.cli {command} [OPTIONS]")


def test_the_frameworks_english_title_is_compared_and_the_danish_marked_on_the_english_page() -> None:
    """The English page showed the framework's Danish title only, though the framework has a title_en (a
    review); the Danish one is marked as Danish there, for a screen reader."""
    from hubmonitor.contract.diff import diff_contracts
    from hubmonitor.contract.loader import load_contract
    from hubmonitor.render.html.diff_page import diff_body
    diff = diff_contracts(load_contract(OLD), load_contract(NEW), str(OLD), str(NEW))
    fields = {f.path: (f.old, f.new) for f in diff.contract.fields}
    assert fields["framework_en"] == (
        "Framework agreement for the business hubs (national targets), the 2024 targets carried forward to 2025 "
        "(assumption)", "Framework agreement for the business hubs (national targets), the 2024 targets carried "
        "forward to 2026 (assumption)")
    page = diff_body(diff, "en")
    assert '<span lang="da">Rammeaftale for erhvervshusene (nationale mål), 2024-målene videreført til 2025' in page
    assert "<td>Framework agreement for the business hubs (national targets), the 2024 targets carried forward" in page
