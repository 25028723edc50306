"""The commands for next year's contract (issue 20): ``backtest`` (a draft on the past years' data,
with the calibration) and ``diff`` (two contracts compared target by target). Registered on
``cli.main``; thin like the rest: parse → library → render → exit code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from hubmonitor.cli import (
    _deliver_bytes,
    _inputs,
    _lang_option,
    _parse_years,
    _profile_option,
    _run,
    _wide_option,
    _width,
    _written,
    main,
)
from hubmonitor.cli_usage import GivenPath, Said

if TYPE_CHECKING:
    from hubmonitor.contract.diff import DiffFigures
    from hubmonitor.contract.model import Contract

PAST_YEARS = 4  # a backtest's years by default: the four before the draft's year
F = TypeVar("F", bound=Callable[..., Any])


def _data_options(outside_help: str) -> Callable[[F], F]:
    """--wide, --allow-outside-hub (with its help), --profile and --lang, and the click context."""

    def apply(fn: F) -> F:
        decorated = _profile_option(_lang_option(click.pass_context(fn)))
        return _wide_option(click.option("--allow-outside-hub", is_flag=True, help=outside_help)(decorated))  # type: ignore[return-value]

    return apply


@main.command()
@click.argument("draft", type=GivenPath(dir_okay=False, path_type=Path))
@click.option("--data", "data_dir", required=True, type=GivenPath(file_okay=False, path_type=Path),
              help="The hub's data folder with the past years (crm_activities*.csv, evaluations*.csv, "
                   "external-<year>.yaml).")
@click.option("--years", "years_spec", metavar="YYYY-YYYY|YYYY,YYYY",
              help=f"The past years to test the draft on. Default: the {PAST_YEARS} years before the draft's year.")
@click.option("--draft-year", type=click.IntRange(2000, 2100), metavar="YYYY",
              help="Which year of a draft over several years (default: its first).")
@click.option("--json", "json_out", metavar="FILE|-",
              help="Write the backtest as JSON here (for `hubmonitor dashboard`, which makes its page). - writes "
                   "it to standard output and the table to standard error.")
@_data_options("Go on when most companies in the data lie outside the draft's hub.")
def backtest(ctx: click.Context, draft: Path, data_dir: Path, years_spec: str | None, draft_year: int | None,
             json_out: str | None, wide: bool, allow_outside_hub: bool, profile: str | None, lang: str) -> None:
    """Test the draft contract DRAFT on the past years' data before signing it.

    Evaluates every target of the draft on each past year with the same engine and rules as a
    signed contract (as if the draft had been signed for that year), and prints per target the
    value, verdict and margin each year, how many whole years met it, and the calibration: the
    chance of meeting a share from answers next year, the smallest difference the answers can
    show, and the level a count's trend points to, with its range. The past years' own contracts
    are not read.

    \b
    Example:
      hubmonitor backtest contracts/midtjylland/udkast-2026.yaml \\
          --data out/demo/data/midtjylland --years 2022-2025 --json out/backtest-2026.json
    """

    def action() -> int:
        import hubmonitor
        from hubmonitor.contract.loader import load_for_year
        from hubmonitor.io import output
        from hubmonitor.io.draft_json import dumps
        from hubmonitor.render.backtest_text import backtest_text

        target = output.file_output(json_out, "--json")
        loaded = load_for_year(draft, draft_year)
        years = (_parse_years(years_spec) if years_spec is not None
                 else list(range(loaded.period.year - PAST_YEARS, loaded.period.year)))
        output.refuse_inputs([target], _inputs([(loaded.files, data_dir)], profile))
        result = hubmonitor.backtest(loaded, data_dir, years, profile=profile, allow_outside_hub=allow_outside_hub,
                                     draft_file=str(draft), within_data=years_spec is None)
        to_stderr = target is not None and target.to_stdout
        click.echo(backtest_text(result, lang, None if wide else _width(to_stderr)), nl=False, err=to_stderr)
        if target is not None:
            _deliver_bytes(target, dumps(result).encode("utf-8"))
            _written(lang, target)
        return 0

    _run(ctx.obj["debug"], lang, action)


@main.command("diff")
@click.argument("old", type=GivenPath(dir_okay=False, path_type=Path))
@click.argument("new", type=GivenPath(dir_okay=False, path_type=Path))
@click.option("--data", "data_dir", type=GivenPath(file_okay=False, path_type=Path),
              help="A hub's data folder: compute both contracts' figures on the same data, side by side.")
@click.option("--year", "year", type=click.IntRange(2000, 2100), metavar="YYYY",
              help="With --data, the year of data both contracts are computed on, each as if signed for it "
                   "(default: OLD's year).")
@click.option("--json", "json_out", metavar="FILE|-",
              help="Write the comparison as JSON here (for `hubmonitor dashboard`, which makes its page). - "
                   "writes it to standard output and the text to standard error.")
@_data_options("With --data: go on when most companies in the data lie outside the contracts' hub.")
def diff(ctx: click.Context, old: Path, new: Path, data_dir: Path | None, year: int | None, json_out: str | None,
         wide: bool, allow_outside_hub: bool, profile: str | None, lang: str) -> None:
    """Compare two contracts target by target: new, removed, threshold changed, rule changed
    (filters, exclusions, groups …), wording changed.

    A contract over several years is compared for its first year. With --data, both contracts
    are also computed on the same data (one year, each as if signed for it) and their figures
    shown side by side.

    \b
    Examples:
      hubmonitor diff contracts/midtjylland/2025.yaml contracts/midtjylland/udkast-2026.yaml
      hubmonitor diff contracts/midtjylland/2025.yaml contracts/midtjylland/udkast-2026.yaml \\
          --data out/demo/data/midtjylland --year 2024 --json out/diff-2025-2026.json
    """
    if year is not None and data_dir is None:
        raise click.UsageError(Said("--year kræver --data", "--year needs --data"))

    def action() -> int:
        from hubmonitor.contract.diff import diff_contracts
        from hubmonitor.contract.loader import load_for_year
        from hubmonitor.io import output
        from hubmonitor.io.draft_json import dumps
        from hubmonitor.render.diff_text import diff_text, figures_note
        from hubmonitor.render.terminal import fit

        target = output.file_output(json_out, "--json")
        before, after = load_for_year(old), load_for_year(new)
        if data_dir is not None:
            inputs = _inputs([(before.files, data_dir), (after.files, data_dir)], profile)
        else:
            inputs = output.Inputs()
            for files in (before.files, after.files):
                output.contract_inputs(files, inputs)
        output.refuse_inputs([target], inputs)
        compared = diff_contracts(before, after, str(old), str(new))
        if data_dir is not None:
            compared = compared.model_copy(update={"figures": _figures(before, after, data_dir, year, profile,
                                                                       allow_outside_hub)})
        to_stderr = target is not None and target.to_stdout
        pairs = compared.figures.pairs if compared.figures is not None else None
        click.echo(diff_text(compared, lang, pairs, None if wide else _width(to_stderr)), nl=False, err=to_stderr)
        if compared.figures is not None:
            click.echo("\n".join(fit([figures_note(compared, lang)], None if wide else _width(to_stderr))),
                       err=to_stderr)
        if target is not None:
            _deliver_bytes(target, dumps(compared).encode("utf-8"))
            _written(lang, target)
        return 0

    _run(ctx.obj["debug"], lang, action)


def _figures(old: Contract, new: Contract, data_dir: Path, year: int | None, profile: str | None,
             allow_outside_hub: bool) -> DiffFigures:
    """Both contracts evaluated on the same folder (read once), each as if signed for ``year`` (default: old's)."""
    import hubmonitor
    from hubmonitor.contract.diff import DiffFigures
    from hubmonitor.contract.redate import redated

    on = year if year is not None else old.period.year
    before, after = hubmonitor.evaluate_each([(redated(old, on), data_dir), (redated(new, on), data_dir)],
                                             profile=profile, allow_outside_hub=allow_outside_hub)
    ids = [t.id for t in after.targets] + [t.id for t in before.targets if after.find(t.id) is None]
    return DiffFigures(data=data_dir.name, year=on, as_of=after.period.as_of,
                       pairs={i: (before.find(i), after.find(i)) for i in ids})
