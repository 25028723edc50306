"""click's own usage errors in Danish beside its English (``hubmonitor/cli_usage.py``): they were
English only ("Error: No such option '--bogus'.", "Usage: …"), where every other message of the tool
is Danish by default."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from helpers import MIDTJYLLAND, SAMPLE

from hubmonitor.cli import main
from hubmonitor.cli_usage import Said, _danish_words

CONTRACT, DATA = str(MIDTJYLLAND), str(SAMPLE)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.parametrize(("args", "line"), [
    (["evaluate", "--bogus"],
     "Fejl: tilvalget '--bogus' findes ikke. / Error: No such option '--bogus'."),
    (["evaluate", CONTRACT, "--data", DATA, "--wid"],
     "Fejl: tilvalget '--wid' findes ikke. Mente du '--wide'? / Error: No such option '--wid'. Did you mean '--wide'?"),
    (["evaluate", CONTRACT],
     "Fejl: tilvalget '--data' mangler. / Error: Missing option '--data'."),
    (["dashboard"],
     "Fejl: argumentet 'RESULTS...' mangler. / Error: Missing argument 'RESULTS...'."),
    (["demo", "--scale", "abc"],
     "Fejl: ugyldig værdi for '--scale': 'abc' er ikke et tal. / Error: Invalid value for '--scale': 'abc' is not "
     "a valid float."),
    (["demo", "--seed", "1.5"],
     "Fejl: ugyldig værdi for '--seed': '1.5' er ikke et helt tal. / Error: Invalid value for '--seed': '1.5' is not "
     "a valid integer."),
    (["evaluate", CONTRACT, "--data", DATA, "--lang", "fr"],
     "Fejl: ugyldig værdi for '--lang': 'fr' er ikke en af 'da', 'en'. / Error: Invalid value for '--lang': 'fr' is "
     "not one of 'da', 'en'."),
    (["diff", CONTRACT, CONTRACT, "--data", DATA, "--year", "1999"],
     "Fejl: ugyldig værdi for '--year': 1999 ligger ikke i intervallet 2000<=x<=2100. / Error: Invalid value for "
     "'--year': 1999 is not in the range 2000<=x<=2100."),
    (["dashboard", "no-such-results.json"],
     "Fejl: ugyldig værdi for 'RESULTS...': filen 'no-such-results.json' findes ikke. / Error: Invalid value for "
     "'RESULTS...': File 'no-such-results.json' does not exist."),
    (["evaluate", CONTRACT, "--data", DATA, "extra"],
     "Fejl: et argument for meget (extra) / Error: Got unexpected extra argument (extra)"),
    # hubmonitor's own usage messages (Said): each language in its half, once
    (["evaluate", CONTRACT, "--data", DATA, "--as-of", "2026-02-29"],
     "Fejl: ugyldig værdi for '--as-of': '2026-02-29' findes ikke i kalenderen / Error: Invalid value for "
     "'--as-of': '2026-02-29' is not a day in the calendar"),
    (["evaluate", CONTRACT, "--data", DATA, "--years", "2024"],
     "Fejl: --years kræver {year} i kontraktens sti, fx contracts/midtjylland/{year}.yaml, eller en kontrakt over "
     "flere år (period: {years: [FØRSTE, SIDSTE]}) / Error: --years needs {year} in the contract path, e.g. "
     "contracts/midtjylland/{year}.yaml, or a contract over several years (period: {years: [FIRST, LAST]})"),
    (["diff", CONTRACT, CONTRACT, "--year", "2024"],
     "Fejl: --year kræver --data / Error: --year needs --data"),
    (["evaluate", CONTRACT, "--data", DATA, "--years", "20x4"],
     "Fejl: ugyldig værdi for '--years': '20x4': skriv fx 2022-2025 eller 2022,2024 / Error: Invalid value for "
     "'--years': '20x4': write e.g. 2022-2025 or 2022,2024"),
    # a day in other digits than 0-9 is no date written YYYY-MM-DD (it was "not in the calendar")
    (["evaluate", CONTRACT, "--data", DATA, "--as-of", "٢٠٢٤-٠٦-٣٠"],
     "Fejl: ugyldig værdi for '--as-of': '٢٠٢٤-٠٦-٣٠' er ikke en dato ÅÅÅÅ-MM-DD / Error: Invalid value for "
     "'--as-of': '٢٠٢٤-٠٦-٣٠' is not a date YYYY-MM-DD"),
])
def test_a_usage_error_is_told_in_danish_and_english(runner: CliRunner, args: list[str], line: str) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines()[-1] == line
    assert "Traceback" not in result.stderr


def test_the_usage_and_the_help_hint_are_danish_first(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", "--bogus"], prog_name="hubmonitor")
    assert result.stderr.splitlines()[:2] == [
        "Brug / Usage: hubmonitor evaluate [OPTIONS] CONTRACT",
        "Hjælp: 'hubmonitor evaluate --help' / Try 'hubmonitor evaluate --help' for help."]


def test_a_mistyped_command_is_told_with_the_commands_meant(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evalute"], prog_name="hubmonitor")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1].startswith("Fejl: kommandoen 'evalute' findes ikke. (Mente du en af: "
                                                     "'evaluate', 'validate'?) / Error: No such command 'evalute'.")


def test_english_alone_where_english_is_asked_for(runner: CliRunner) -> None:
    result = runner.invoke(main, ["evaluate", "--bogus"], env={"HUBMONITOR_LANG": "En"}, prog_name="hubmonitor")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "Usage: hubmonitor evaluate [OPTIONS] CONTRACT"
    assert result.stderr.splitlines()[-1] == "Error: No such option '--bogus'."


def test_help_and_version_are_not_errors(runner: CliRunner) -> None:
    assert runner.invoke(main, ["evaluate", "--help"]).exit_code == 0
    assert runner.invoke(main, ["--version"]).exit_code == 0
    bare = runner.invoke(main, [], prog_name="hubmonitor")  # no command: the help (in Danish)
    assert "Brug: hubmonitor [OPTIONS] COMMAND" in bare.output and "Fejl" not in bare.output


def test_click_words_nobody_translated_keep_their_english(runner: CliRunner) -> None:
    assert _danish_words("Something click may say one day.") is None
    said = Said("dansk", "English")
    assert (said, said.da, said.en) == ("dansk / English", "dansk", "English")


def _interrupted(*_: object, **__: object) -> None:
    raise KeyboardInterrupt


@pytest.mark.parametrize(("lang", "said"), [("da", "Afbrudt."), ("en", "Aborted.")])
def test_ctrl_c_during_a_command_is_told_in_its_language(runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
                                                         lang: str, said: str) -> None:
    """click said "Aborted!" in English whatever the command's language."""
    monkeypatch.setattr("hubmonitor.contract.yaml_source.read_yaml", _interrupted)
    result = runner.invoke(main, ["validate", CONTRACT, "--lang", lang])
    assert result.exit_code == 1
    assert result.stderr == f"\n{said}\n" and "Aborted!" not in result.output


def test_ctrl_c_before_a_command_runs_is_told_in_both_languages(runner: CliRunner,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """While the arguments are read no command has said its language: both, as click's usage errors."""
    monkeypatch.setattr("click.Context.invoke", _interrupted)
    result = runner.invoke(main, ["validate", CONTRACT])
    assert result.exit_code == 1
    assert result.stderr == "\nAfbrudt. / Aborted.\n"
    english = runner.invoke(main, ["validate", CONTRACT], env={"HUBMONITOR_LANG": "en"})
    assert (english.exit_code, english.stderr) == (1, "\nAborted.\n")


# --- the help in Danish (cli_help) ---------------------------------------------------------------

def test_every_command_and_option_has_its_danish_help() -> None:
    """A language review: every --help was English only, though Danish is the default. A command or
    an option added later without a Danish text fails here."""
    from hubmonitor.cli_help import COMMANDS, option_help

    assert set(COMMANDS) == {None, *main.commands}
    ctx = click.Context(main)
    missing = [("hubmonitor", p.name) for p in main.get_params(ctx) if option_help("hubmonitor", p) is None]
    for name, command in main.commands.items():
        sub = click.Context(command, parent=ctx, info_name=name)
        missing += [(name, p.name) for p in command.get_params(sub)
                    if isinstance(p, click.Option) and option_help(name, p) is None]
    assert missing == []


def test_each_commands_danish_help_gives_its_examples_once(runner: CliRunner) -> None:
    """dashboard, demo and backtest printed their example twice: the Danish text's own, then the
    docstring's under the same heading (a review)."""
    for name in main.commands:
        out = runner.invoke(main, [name, "--help"], prog_name="hubmonitor").output
        assert len(re.findall(r"^  Eksemp(?:el|ler):$", out, re.M)) <= 1, name
    dashboard = runner.invoke(main, ["dashboard", "--help"], prog_name="hubmonitor").output
    assert dashboard.count("    hubmonitor dashboard out/midtjylland-2024.json --out dashboards") == 1


def test_the_help_is_danish_unless_english_is_asked_for(runner: CliRunner) -> None:
    danish = runner.invoke(main, ["evaluate", "--help"], prog_name="hubmonitor")
    assert danish.exit_code == 0
    lines = danish.output.splitlines()
    assert lines[0] == "Brug: hubmonitor evaluate [OPTIONS] CONTRACT"
    assert lines[2] == "  Beregn hvert mål i CONTRACT ud fra data i --data."
    assert "Tilvalg:" in lines and "Options:" not in lines
    # the examples are the docstring's own, under a Danish heading
    assert "  Eksempler:" in lines and "    hubmonitor evaluate national.yaml \\" in lines
    assert re.search(r"^  --data MAPPE +Erhvervshusets datamappe", danish.output, re.M)
    assert re.search(r"^  --lang \[da\|en\] +Sprog for output \(dansk eller engelsk\)\.\s+\[standard: da\]$",
                     danish.output, re.M)
    assert re.search(r"^  -h, --help +Vis denne hjælp og afslut\.$", danish.output, re.M)
    group = runner.invoke(main, ["--help"], prog_name="hubmonitor").output
    assert "Kommandoer:" in group and re.search(r"^  evaluate +Beregn hvert mål i CONTRACT", group, re.M)
    for english in (runner.invoke(main, ["evaluate", "--lang", "en", "--help"], prog_name="hubmonitor"),
                    runner.invoke(main, ["evaluate", "--help"], env={"HUBMONITOR_LANG": "en"}, prog_name="hubmonitor")):
        assert english.exit_code == 0
        assert english.output.splitlines()[0] == "Usage: hubmonitor evaluate [OPTIONS] CONTRACT"
        assert "Compute every target of CONTRACT" in english.output and "Tilvalg" not in english.output


def test_the_group_s_own_options_in_danish_under_any_program_name(runner: CliRunner) -> None:
    """A review of this change: under ``python -m hubmonitor.cli`` the command path's last word is not
    "hubmonitor", and --version and --debug kept their English; a decimal default read "[standard: 1.0]"."""
    for prog in ("hubmonitor", "python -m hubmonitor.cli"):
        shown = runner.invoke(main, ["--help"], prog_name=prog).output
        assert re.search(r"^  --version +Vis versionen og afslut\.$", shown, re.M), prog
        assert re.search(r"^  --debug +Vis hele forløbet", shown, re.M), prog
    assert "[standard: 1,0]" in runner.invoke(main, ["demo", "--help"]).output


def test_ctrl_c_with_debug_shows_where_it_stopped(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """--debug shows the traceback, then the stop in the command's language (it was the two languages,
    and no traceback)."""
    monkeypatch.setattr("hubmonitor.contract.yaml_source.read_yaml", _interrupted)
    result = runner.invoke(main, ["--debug", "validate", CONTRACT, "--lang", "en"])
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "KeyboardInterrupt" in result.stderr
    assert result.stderr.endswith("\nAborted.\n") and "Afbrudt" not in result.stderr


def test_hubmonitor_lang_en_gives_the_english_half_of_a_usage_message(runner: CliRunner) -> None:
    """HUBMONITOR_LANG=en printed hubmonitor's own usage messages (Said) with both halves: click's show
    of the whole text. Now the English half, as --lang en gives it."""
    result = runner.invoke(main, ["evaluate", CONTRACT, "--data", DATA, "--years", "20x4"],
                           env={"HUBMONITOR_LANG": "en"}, prog_name="hubmonitor")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "Error: Invalid value for '--years': '20x4': write e.g. 2022-2025 or 2022,2024")
    assert "skriv" not in result.stderr
