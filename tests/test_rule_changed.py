"""A hub's contract that changes the rule of a national target (not only its threshold) is said so
wherever the figure is compared (a KL review: Hovedstaden keeping "Ved ikke" in M4.referral_use's
denominator stood at 41,9 % in the national column and ranking beside the hubs that leave it out, and
its own report quoted the framework's "udgår af beregningen" while counting them). The figures are the
rule's; only the words beside them change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import REPO as ROOT
from helpers import SAMPLE

import hubmonitor
from hubmonitor.render.format import rule_changes, status_marks
from hubmonitor.render.html.site import build_site
from hubmonitor.render.national_table import national_csv
from hubmonitor.render.terminal import render
from hubmonitor.report import Report


def _contract(tmp_path: Path, overrides: str) -> Path:
    (tmp_path / "national").mkdir()
    (tmp_path / "midtjylland").mkdir()
    shutil.copy(ROOT / "contracts" / "national" / "2024.yaml", tmp_path / "national" / "2024.yaml")
    text = (ROOT / "contracts" / "midtjylland" / "2024.yaml").read_text(encoding="utf-8")
    text = text.replace("\noverrides:\n", f"\noverrides:\n{overrides}", 1)
    path = tmp_path / "midtjylland" / "2024.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Report, Report, Report]:
    plain = hubmonitor.evaluate(ROOT / "contracts" / "midtjylland" / "2024.yaml", SAMPLE)
    changed = hubmonitor.evaluate(_contract(tmp_path_factory.mktemp("rule"), "  M4.referral_use: {exclude: []}\n"),
                                  SAMPLE)
    goal = hubmonitor.evaluate(_contract(tmp_path_factory.mktemp("goal"), "  M4.referral_use: {threshold: 0.6}\n"),
                               SAMPLE)
    return plain, changed, goal


def test_the_figure_is_the_changed_rules(reports: tuple[Report, Report, Report]) -> None:
    """Without the exclusion the answers "Ved ikke" count in the denominator: the same numerator over
    the denominator and the answers the framework leaves out (hand-checked from the plain report's
    exclusions)."""
    plain, changed, _ = reports
    before = next(t for t in plain.targets if t.id == "M4.referral_use")
    after = next(t for t in changed.targets if t.id == "M4.referral_use")
    left_out = next(e.count for e in before.exclusions if "Ved ikke" in e.label)
    assert left_out > 0
    assert after.numerator == before.numerator and after.denominator == before.denominator + left_out
    assert after.value == after.numerator / after.denominator
    assert after.overridden == ["exclude"] and rule_changes(after) == ["exclude"] and rule_changes(before) == []


def test_a_changed_rule_is_said_where_the_figure_is_compared(reports: tuple[Report, Report, Report]) -> None:
    plain, changed, goal = reports
    target = next(t for t in changed.targets if t.id == "M4.referral_use")
    assert status_marks(target, "da")[-1] == "regel ændret af huset"
    assert status_marks(target, "en")[-1] == "rule changed by the hub"
    # a changed threshold is the hub's own target (shown as such already), not another rule
    assert not any(rule_changes(t) for r in (plain, goal) for t in r.targets)
    terminal = render(changed, "da", 120)
    assert "(regel ændret af huset)" in terminal and "(regel ændret af huset)" not in render(plain, "da", 120)
    site = build_site([changed], lang="da", generated="2025-01-01", workbooks=False)
    national = site["national-2024.html"].decode("utf-8")
    assert ("Erhvervshus Midtjylland har i sin kontrakt ændret rammeaftalens regel for Mål 4 Henviste virksomheder "
            "der har benyttet henvisningen (exclude): tallet er ikke opgjort som de andre erhvervshuses.") in national
    # seen in the sortable table's cell (not only in its title and read-aloud text) and in the printed table's
    assert ('<span class="sr"> (opfyldt, regel ændret af huset)</span><span class="unsure" aria-hidden="true">'
            'regel ændret af huset</span>') in national
    assert '<span class="st">opfyldt, regel ændret af huset</span>' in national
    report = site["midtjylland-2024/rapport.html"].decode("utf-8")
    assert "Erhvervshuset har i sin kontrakt ændret rammeaftalens regel for målet: exclude." in report
    csv = national_csv([changed], "da").decode("utf-8-sig")
    assert "(regel ændret af huset)" in csv
    english = build_site([changed], lang="en", generated="2025-01-01", workbooks=False)["national-2024.html"]
    assert ("changed the framework&#x27;s rule for Mål 4 Referred companies that used the referral in its contract "
            "(exclude)").encode() in english
    untouched = build_site([plain], lang="da", generated="2025-01-01", workbooks=False)["national-2024.html"]
    assert b"rule-changed" not in untouched and "ændret" not in national_csv([plain], "da").decode("utf-8-sig")
